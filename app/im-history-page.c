/* im-history-page.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "im-chart.h"
#include "im-health-display.h"
#include "im-csv-export.h"
#include "im-date-time-button.h"
#include "im-history-page.h"
#include "im-page-private.h"
#include "im-time-window.h"
#include "im-time-series.h"
#include "im-ui-util.h"
#include "im-util.h"

#define HOUR_NS            (G_GINT64_CONSTANT (3600) * IM_NSEC_PER_SEC)
#define DAY_NS             (24 * HOUR_NS)
#define PROGRESS_MS        100

struct _ImHistoryPage
{
  ImPage             parent_instance;

  GtkWidget         *root_box;
  GtkStack          *stack;
  GtkSpinner        *loading_spinner;
  ImMachinePicker   *machine_picker;
  GtkToggleButton   *hour_button;
  GtkToggleButton   *day_button;
  GtkToggleButton   *week_button;
  GtkToggleButton   *month_button;
  ImDateTimeButton  *from_button;
  ImDateTimeButton  *to_button;
  GtkMenuButton     *export_button;
  GtkLabel          *summary_label;
  GtkSpinner        *spinner;
  GtkFlowBox        *charts_box;
  GtkWidget         *no_data_status;
  GtkRevealer       *export_revealer;
  GtkLabel          *export_label;
  GtkProgressBar    *export_progress;

  GtkWidget         *charts[IM_N_SENSORS];
  ImTimeSeries      *series[IM_N_SENSORS];

  gint64             from_ns;
  gint64             to_ns;
  gint64             preset_ns;      /* 0: a range the user picked */
  GArray            *aggregates;
  gint64             window_ns;      /* of @aggregates */
  guint              columns;        /* the charts' width it was chosen for */

  guint              refetch_id;
  guint              updating_range : 1;
  guint              fetch_on_allocate : 1;

  /* Export */
  ImCsvExport       *export;
  GCancellable      *export_cancellable;
  guint              progress_id;
  GtkFileChooserNative *chooser;
  ImHistoryExportKind chooser_kind;
};

G_DEFINE_FINAL_TYPE (ImHistoryPage, im_history_page, IM_TYPE_PAGE)

static void fetch_data (ImHistoryPage *self);

/* Pixel columns of the charts' plot area; 0 before they are allocated. */
static guint
chart_columns (ImHistoryPage *self)
{
  graphene_rect_t area;

  if (gtk_widget_get_width (self->charts[0]) <= 0)
    return 0;

  im_chart_get_plot_area (IM_CHART (self->charts[0]), &area);

  return area.size.width >= 1 ? (guint) area.size.width : 0;
}

static char *
format_window (gint64 window_ns)
{
  gint64 s = window_ns / IM_NSEC_PER_SEC;

  if (s % 86400 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", s / 86400),
                            (int) (s / 86400));
  if (s % 3600 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", s / 3600),
                            (int) (s / 3600));
  if (s % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", s / 60),
                            (int) (s / 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds", s),
                          (int) s);
}

/* "86,400" in the user's locale. */
static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static void
update_summary (ImHistoryPage *self)
{
  g_autofree char *window = NULL;
  g_autofree char *readings = NULL;
  g_autofree char *points_text = NULL;
  g_autofree char *readings_text = NULL;
  g_autofree char *text = NULL;
  guint64 n_readings = 0;

  if (self->aggregates == NULL)
    {
      gtk_label_set_label (self->summary_label, "");
      return;
    }

  for (guint i = 0; i < self->aggregates->len; i++)
    n_readings += g_array_index (self->aggregates, ImAggregate, i).count;

  window = format_window (self->window_ns);
  readings = format_count (n_readings);
  /* Translators: the "288 points" of "Mean with minimum and maximum per
   * 5 minutes · 288 points from 86,400 readings" */
  points_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point", "%u points",
                                              self->aggregates->len),
                                 self->aggregates->len);
  /* Translators: the "86,400 readings" of "Mean with minimum and maximum
   * per 5 minutes · 288 points from 86,400 readings"; %s is the number */
  readings_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s reading", "%s readings",
                                                n_readings > G_MAXULONG ? G_MAXULONG : n_readings),
                                   readings);
  /* Translators: "Mean with minimum and maximum per 5 minutes · 288 points
   * from 86,400 readings"; the first %s is the period, the second the
   * points, the third the readings */
  text = g_strdup_printf (_("Mean with minimum and maximum per %s · %s from %s"),
                          window, points_text, readings_text);
  gtk_label_set_label (self->summary_label, text);
}

static void
fetch_data_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ImHistoryPage) self = user_data;
  g_autoptr(GArray) aggregates = NULL;
  g_autoptr(GError) error = NULL;

  aggregates = im_data_source_query_aggregate_finish (IM_DATA_SOURCE (object), result, &error);
  if (!im_page_end_request (IM_PAGE (self), error))
    return;

  gtk_stack_set_visible_child_name (self->stack, "content");

  if (aggregates == NULL)
    {
      g_debug ("Could not read the history: %s", error->message);
      return;
    }

  g_clear_pointer (&self->aggregates, g_array_unref);
  self->aggregates = g_steal_pointer (&aggregates);

  im_series_set_aggregates (self->series, (const ImAggregate *) (gpointer) self->aggregates->data,
                            self->aggregates->len);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    im_chart_set_time_range (IM_CHART (self->charts[s]), self->from_ns, self->to_ns);

  gtk_widget_set_visible (self->no_data_status, self->aggregates->len == 0);
  update_summary (self);
}

static void
fetch_data (ImHistoryPage *self)
{
  ImPage *page = IM_PAGE (self);
  ImDataSource *source = im_page_get_source (page);
  const char *machine = im_page_get_machine (page);
  gint64 window_ns;

  if (source == NULL || machine == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  im_page_cancel_request (page);
  g_clear_handle_id (&self->refetch_id, g_source_remove);

  /* The window depends on the charts' width: wait until they have one. */
  self->columns = chart_columns (self);
  if (self->columns == 0)
    {
      self->fetch_on_allocate = TRUE;
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      return;
    }
  self->fetch_on_allocate = FALSE;

  window_ns = im_time_window_choose (self->from_ns, self->to_ns, self->columns);
  self->window_ns = window_ns;

  im_data_source_query_aggregate_async (source, machine,
                                        self->from_ns, self->to_ns, window_ns,
                                        im_page_begin_request (page), fetch_data_cb,
                                        g_object_ref (self));
}

static gboolean
refetch_cb (gpointer user_data)
{
  ImHistoryPage *self = user_data;

  self->refetch_id = 0;
  fetch_data (self);

  return G_SOURCE_REMOVE;
}

static void
machines_listed_cb (ImHistoryPage   *self,
                    const GError    *error,
                    ImMachinePicker *picker)
{
  g_assert (IM_IS_HISTORY_PAGE (self));

  if (error != NULL)
    {
      if (!im_machine_picker_get_loaded (picker))
        gtk_stack_set_visible_child_name (self->stack, "content");
      return;
    }

  if (im_machine_picker_get_n_machines (picker) == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* The charts get their size; the toolbar's spinner shows the query. */
  gtk_stack_set_visible_child_name (self->stack, "content");

  /* The picker selected the page's machine, or another one. */
  if (self->aggregates == NULL && !im_page_get_requesting (IM_PAGE (self)))
    fetch_data (self);
}

/* ---- Range --------------------------------------------------------- */

/* Shows the range; the caller fetches. */
static void
apply_range (ImHistoryPage *self,
             gint64         from_ns,
             gint64         to_ns)
{
  self->from_ns = from_ns;
  self->to_ns = to_ns;

  self->updating_range = TRUE;
  im_date_time_button_set_time (self->from_button, from_ns);
  im_date_time_button_set_time (self->to_button, to_ns);
  self->updating_range = FALSE;
}

/* A preset is the last span up to now, whenever the page looks. */
static void
follow_preset (ImHistoryPage *self)
{
  gint64 now_ns;

  if (self->preset_ns <= 0)
    return;

  now_ns = im_now_ns ();
  apply_range (self, now_ns - self->preset_ns, now_ns);
}

static void
update_preset_buttons (ImHistoryPage *self)
{
  struct { GtkToggleButton *button; gint64 span; } presets[] = {
    { self->hour_button, HOUR_NS },
    { self->day_button, DAY_NS },
    { self->week_button, 7 * DAY_NS },
    { self->month_button, 30 * DAY_NS },
  };

  self->updating_range = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    gtk_toggle_button_set_active (presets[i].button, presets[i].span == self->preset_ns);
  self->updating_range = FALSE;
}

static void
preset_toggled_cb (ImHistoryPage   *self,
                   GtkToggleButton *button)
{
  gint64 span;

  if (self->updating_range || !gtk_toggle_button_get_active (button))
    return;

  if (button == self->hour_button)
    span = HOUR_NS;
  else if (button == self->day_button)
    span = DAY_NS;
  else if (button == self->week_button)
    span = 7 * DAY_NS;
  else
    span = 30 * DAY_NS;

  im_history_page_set_preset (self, span);
}

static void
range_picked_cb (ImHistoryPage *self)
{
  gint64 from_ns, to_ns;

  if (self->updating_range)
    return;

  from_ns = im_date_time_button_get_time (self->from_button);
  to_ns = im_date_time_button_get_time (self->to_button);
  if (to_ns <= from_ns)
    to_ns = from_ns + 60 * IM_NSEC_PER_SEC;

  im_history_page_set_range (self, from_ns, to_ns);
}

/* ---- Export -------------------------------------------------------- */

static gboolean
progress_cb (gpointer user_data)
{
  ImHistoryPage *self = user_data;
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;
  guint64 n_rows;

  if (self->export == NULL)
    return G_SOURCE_CONTINUE;

  n_rows = im_csv_export_get_n_rows (self->export);
  count = format_count (n_rows);
  gtk_progress_bar_set_fraction (self->export_progress, im_csv_export_get_fraction (self->export));
  /* Translators: %s is a number of rows, "12,345" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exporting %s row…", "Exporting %s rows…",
                                       n_rows),
                          count);
  gtk_label_set_label (self->export_label, text);

  return G_SOURCE_CONTINUE;
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImHistoryPage *self = g_task_get_source_object (task);
  ImCsvExport *export = IM_CSV_EXPORT (object);
  GError *error = NULL;
  guint64 n_rows = im_csv_export_get_n_rows (export);

  g_clear_handle_id (&self->progress_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->export_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.cancel-export", FALSE);
  if (self->export == export)
    {
      g_clear_object (&self->export);
      g_clear_object (&self->export_cancellable);
    }

  if (!im_csv_export_run_finish (export, result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_memdup2 (&n_rows, sizeof n_rows), g_free);
}

void
im_history_page_export_to_file_async (ImHistoryPage       *self,
                                      ImHistoryExportKind  kind,
                                      GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IM_IS_HISTORY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, im_history_page_export_to_file_async);

  if (self->export != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("An export is already running"));
      return;
    }

  if (im_page_get_source (IM_PAGE (self)) == NULL || im_page_get_machine (IM_PAGE (self)) == NULL)
    {
      g_task_return_new_error (task, IM_DATA_SOURCE_ERROR, IM_DATA_SOURCE_ERROR_NOT_READY,
                               _("There is no machine to export"));
      return;
    }

  if (kind == IM_HISTORY_EXPORT_AGGREGATES)
    {
      if (self->aggregates == NULL)
        {
          g_task_return_new_error (task, IM_DATA_SOURCE_ERROR, IM_DATA_SOURCE_ERROR_NOT_READY,
                                   _("The aggregated series has not been loaded yet"));
          return;
        }
      self->export = im_csv_export_new_aggregates (im_page_get_machine (IM_PAGE (self)),
                                                   self->window_ns, self->aggregates);
    }
  else
    {
      self->export = im_csv_export_new_raw (im_page_get_source (IM_PAGE (self)),
                                            im_page_get_machine (IM_PAGE (self)),
                                            self->from_ns, self->to_ns);
    }

  self->export_cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();

  gtk_progress_bar_set_fraction (self->export_progress, 0.0);
  gtk_label_set_label (self->export_label, _("Exporting…"));
  gtk_revealer_set_reveal_child (self->export_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.cancel-export", TRUE);
  self->progress_id = g_timeout_add (PROGRESS_MS, progress_cb, self);

  im_csv_export_run_async (self->export, file, self->export_cancellable,
                           export_done_cb, g_steal_pointer (&task));
}

gboolean
im_history_page_export_to_file_finish (ImHistoryPage  *self,
                                       GAsyncResult   *result,
                                       guint64        *n_rows,
                                       GError        **error)
{
  g_autofree guint64 *rows = NULL;

  g_return_val_if_fail (IM_IS_HISTORY_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  rows = g_task_propagate_pointer (G_TASK (result), error);
  if (rows == NULL)
    return FALSE;

  if (n_rows != NULL)
    *n_rows = *rows;

  return TRUE;
}

static void
add_toast (ImHistoryPage *self,
           AdwToast      *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
export_chosen_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;
  guint64 n_rows = 0;

  if (!im_history_page_export_to_file_finish (self, result, &n_rows, &error))
    {
      g_autofree char *title = NULL;

      if (im_error_is_cancelled (error))
        title = g_strdup (_("Export cancelled"));
      else
        /* Translators: %s is why */
        title = g_strdup_printf (_("Could not export: %s"), error->message);
      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, im_error_is_cancelled (error) ? 3 : 0);
    }
  else
    {
      g_autofree char *title = NULL;
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *count = format_count (n_rows);

      /* Translators: %s is a number of rows, "86,400" */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s row", "Exported %s rows",
                                            n_rows),
                               count);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "win.open-uri");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }

  add_toast (self, toast);
}

static void
chooser_response_cb (ImHistoryPage        *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  g_clear_object (&self->chooser);

  if (file != NULL)
    im_history_page_export_to_file_async (self, self->chooser_kind, file, NULL,
                                          export_chosen_done_cb, g_object_ref (file));
}

static char *
suggest_file_name (ImHistoryPage       *self,
                   ImHistoryExportKind  kind)
{
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (self->from_ns / IM_NSEC_PER_SEC);
  g_autoptr(GDateTime) to = g_date_time_new_from_unix_local (self->to_ns / IM_NSEC_PER_SEC);
  g_autofree char *from_text = g_date_time_format (from, "%Y-%m-%d %H%M");
  g_autofree char *to_text = g_date_time_format (to, "%Y-%m-%d %H%M");

  /* Translators: a file name: MACHINE FROM–TO, with " mean" for the aggregated series */
  return g_strdup_printf (kind == IM_HISTORY_EXPORT_RAW ? _("%s %s–%s.csv") : _("%s %s–%s mean.csv"),
                          im_page_get_machine (IM_PAGE (self)), from_text, to_text);
}

void
im_history_page_export (ImHistoryPage       *self,
                        ImHistoryExportKind  kind)
{
  GtkRoot *root;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (IM_IS_HISTORY_PAGE (self));

  if (self->export != NULL || self->chooser != NULL || im_page_get_machine (IM_PAGE (self)) == NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (kind == IM_HISTORY_EXPORT_RAW
                                               ? _("Export Raw Readings")
                                               : _("Export Aggregated Series"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  self->chooser_kind = kind;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  name = suggest_file_name (self, kind);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
im_history_page_show_export_menu (ImHistoryPage *self)
{
  g_return_if_fail (IM_IS_HISTORY_PAGE (self));

  if (gtk_widget_get_sensitive (GTK_WIDGET (self->export_button)) &&
      gtk_widget_get_mapped (GTK_WIDGET (self->export_button)))
    gtk_menu_button_popup (self->export_button);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);
  const char *kind = g_variant_get_string (parameter, NULL);

  im_history_page_export (self, g_str_equal (kind, "aggregates")
                                ? IM_HISTORY_EXPORT_AGGREGATES
                                : IM_HISTORY_EXPORT_RAW);
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);

  g_cancellable_cancel (self->export_cancellable);
}

/* ---- Widget -------------------------------------------------------- */

static void
im_history_page_map (GtkWidget *widget)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);

  GTK_WIDGET_CLASS (im_history_page_parent_class)->map (widget);

  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  im_page_load_machines (IM_PAGE (self));
  follow_preset (self);
  fetch_data (self);
}

static void
im_history_page_unmap (GtkWidget *widget)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);

  /* Leaving the page cancels its queries (ImPage does); an export runs on. */
  g_clear_handle_id (&self->refetch_id, g_source_remove);
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  GTK_WIDGET_CLASS (im_history_page_parent_class)->unmap (widget);
}

/* The page learns here when the charts change width. */
static void
im_history_page_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);

  GTK_WIDGET_CLASS (im_history_page_parent_class)->size_allocate (widget, width, height, baseline);

  if (self->refetch_id != 0 || im_page_get_requesting (IM_PAGE (self)))
    return;

  /* Not from inside the allocation: from the main loop. */
  if (self->fetch_on_allocate)
    {
      if (chart_columns (self) > 0)
        self->refetch_id = g_idle_add (refetch_cb, self);
      return;
    }

  /* Wider or narrower charts may want another aggregation window. */
  if (self->aggregates != NULL)
    {
      guint columns = chart_columns (self);

      if (columns > 0 && columns != self->columns &&
          im_time_window_choose (self->from_ns, self->to_ns, columns) != self->window_ns)
        self->refetch_id = g_timeout_add (300, refetch_cb, self);
    }
}

static void
im_history_page_dispose (GObject *object)
{
  ImHistoryPage *self = (ImHistoryPage *) object;

  g_clear_handle_id (&self->refetch_id, g_source_remove);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), IM_TYPE_HISTORY_PAGE);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    g_clear_object (&self->series[s]);
  g_clear_pointer (&self->aggregates, g_array_unref);

  G_OBJECT_CLASS (im_history_page_parent_class)->dispose (object);
}

static void
im_history_page_finalize (GObject *object)
{
  ImHistoryPage *self = (ImHistoryPage *) object;

  g_assert (self->export == NULL);
  g_clear_object (&self->export_cancellable);

  G_OBJECT_CLASS (im_history_page_parent_class)->finalize (object);
}

/* ---- ImPage -------------------------------------------------------- */

static void
im_history_page_source_changed (ImPage *page)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (page);

  g_clear_handle_id (&self->refetch_id, g_source_remove);
  g_clear_pointer (&self->aggregates, g_array_unref);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    im_time_series_clear (self->series[s]);
  update_summary (self);
  gtk_widget_set_visible (self->no_data_status, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  im_page_load_machines (page);
  fetch_data (self);
}

static void
im_history_page_machine_changed (ImPage *page)
{
  fetch_data (IM_HISTORY_PAGE (page));
}

static void
im_history_page_refresh (ImPage *page)
{
  im_page_load_machines (page);
  follow_preset (IM_HISTORY_PAGE (page));
  fetch_data (IM_HISTORY_PAGE (page));
}

static void
im_history_page_class_init (ImHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ImPageClass *page_class = IM_PAGE_CLASS (klass);

  object_class->dispose = im_history_page_dispose;
  object_class->finalize = im_history_page_finalize;

  widget_class->map = im_history_page_map;
  widget_class->unmap = im_history_page_unmap;
  widget_class->size_allocate = im_history_page_size_allocate;

  page_class->source_changed = im_history_page_source_changed;
  page_class->machine_changed = im_history_page_machine_changed;
  page_class->refresh = im_history_page_refresh;

  g_type_ensure (IM_TYPE_DATE_TIME_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, root_box);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, machine_picker);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, hour_button);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, day_button);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, from_button);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, to_button);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, charts_box);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, no_data_status);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, export_revealer);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, export_label);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, export_progress);

  gtk_widget_class_bind_template_callback (widget_class, machines_listed_cb);

  gtk_widget_class_install_action (widget_class, "history.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "history.cancel-export", NULL,
                                   cancel_export_action);
}

static void
im_history_page_init (ImHistoryPage *self)
{
  GtkToggleButton *presets[4];

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      GtkWidget *card;

      self->series[s] = im_time_series_new ();
      card = im_chart_card_new (s, self->series[s], 220, &self->charts[s]);
      gtk_flow_box_append (self->charts_box, card);
      gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
    }

  /* The toolbar's pieces are laid out by the flow box, not focused by it. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (
         gtk_widget_get_ancestor (GTK_WIDGET (self->machine_picker), GTK_TYPE_FLOW_BOX)));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.cancel-export", FALSE);

  im_page_set_machine_picker (IM_PAGE (self), self->machine_picker);
  g_object_bind_property (self, "busy", self->spinner, "spinning", G_BINDING_SYNC_CREATE);

  presets[0] = self->hour_button;
  presets[1] = self->day_button;
  presets[2] = self->week_button;
  presets[3] = self->month_button;
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    g_signal_connect_object (presets[i], "toggled",
                             G_CALLBACK (preset_toggled_cb), self,
                             G_CONNECT_SWAPPED);

  g_signal_connect_object (self->from_button, "notify::time-ns",
                           G_CALLBACK (range_picked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_button, "notify::time-ns",
                           G_CALLBACK (range_picked_cb), self,
                           G_CONNECT_SWAPPED);

  im_history_page_set_preset (self, DAY_NS);
}

void
im_history_page_set_range (ImHistoryPage *self,
                           gint64         from_ns,
                           gint64         to_ns)
{
  g_return_if_fail (IM_IS_HISTORY_PAGE (self));
  g_return_if_fail (from_ns < to_ns);

  self->preset_ns = 0;
  update_preset_buttons (self);
  apply_range (self, from_ns, to_ns);
  fetch_data (self);
}

void
im_history_page_get_range (ImHistoryPage *self,
                           gint64        *from_ns,
                           gint64        *to_ns)
{
  g_return_if_fail (IM_IS_HISTORY_PAGE (self));

  if (from_ns != NULL)
    *from_ns = self->from_ns;
  if (to_ns != NULL)
    *to_ns = self->to_ns;
}

void
im_history_page_set_preset (ImHistoryPage *self,
                            gint64         span_ns)
{
  gint64 now_ns = im_now_ns ();

  g_return_if_fail (IM_IS_HISTORY_PAGE (self));
  g_return_if_fail (span_ns > 0);

  self->preset_ns = span_ns;
  update_preset_buttons (self);
  apply_range (self, now_ns - span_ns, now_ns);
  fetch_data (self);
}

GArray *
im_history_page_get_aggregates (ImHistoryPage *self,
                                gint64        *window_ns)
{
  g_return_val_if_fail (IM_IS_HISTORY_PAGE (self), NULL);

  if (window_ns != NULL)
    *window_ns = self->window_ns;

  return self->aggregates;
}

GtkWidget *
im_history_page_get_chart (ImHistoryPage *self,
                           ImSensor       sensor)
{
  g_return_val_if_fail (IM_IS_HISTORY_PAGE (self), NULL);
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);

  return self->charts[sensor];
}

gboolean
im_history_page_get_showing_empty (ImHistoryPage *self)
{
  g_return_val_if_fail (IM_IS_HISTORY_PAGE (self), FALSE);

  return gtk_widget_get_visible (self->no_data_status);
}
