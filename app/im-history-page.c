/* im-history-page.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-history-page"

#include "config.h"

#include <glib/gi18n.h>

#include "im-annotations.h"
#include "im-chart.h"
#include "im-chart-card.h"
#include "im-compare-window.h"
#include "im-date-time-button.h"
#include "im-history-page-private.h"
#include "im-sensor-stats.h"
#include "im-time-window.h"
#include "im-time-zone.h"
#include "im-time-series.h"
#include "im-ui-util.h"
#include "im-util.h"

G_DEFINE_FINAL_TYPE (ImHistoryPage, im_history_page, IM_TYPE_PAGE)

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
char *
im_history_page_format_count (guint64 n)
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
  g_autofree char *zone = NULL;
  g_autofree char *zone_text = NULL;
  g_autofree char *full_text = NULL;
  guint64 n_readings = 0;

  if (self->aggregates == NULL)
    {
      gtk_label_set_label (self->summary_label, "");
      return;
    }

  for (guint i = 0; i < self->aggregates->len; i++)
    n_readings += g_array_index (self->aggregates, ImAggregate, i).count;

  window = format_window (self->window_ns);
  readings = im_history_page_format_count (n_readings);
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
  zone = im_time_zone_dup_abbreviation (NULL, self->to_ns);
  /* Translators: after the summary, "… · times in CET" */
  zone_text = g_strdup_printf (_("times in %s"), zone);
  full_text = g_strdup_printf ("%s · %s", text, zone_text);
  gtk_label_set_label (self->summary_label, full_text);
}

/* Each chart's legend: its figures over the range shown. */
static void
update_stats (ImHistoryPage *self)
{
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      g_autofree char *text = NULL;
      ImSensorStats stats;

      if (self->aggregates == NULL)
        {
          gtk_label_set_label (self->stats_labels[s], "");
          continue;
        }

      im_sensor_stats_compute ((const ImAggregate *) (gpointer) self->aggregates->data,
                               self->aggregates->len, s, self->from_ns, self->to_ns, &stats);
      text = im_sensor_stats_format (&stats, s);
      gtk_label_set_label (self->stats_labels[s], text);
    }
}

/* While another range loads, the charts of the one before are dimmed:
 * they are not what was asked for. */
static void
set_loading (ImHistoryPage *self,
             gboolean       loading)
{
  gtk_widget_set_opacity (GTK_WIDGET (self->charts_box), loading ? 0.4 : 1.0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->charts_box),
                               GTK_ACCESSIBLE_STATE_BUSY, loading,
                               -1);
}

/* The charts' bands and marks: the machine's states in the aggregates'
 * windows (the worst of each), then the time each alarm was active and
 * where it was raised. */
static void
update_annotations (ImHistoryPage *self)
{
  g_autoptr(ImStateTrack) track = NULL;
  const ImAlarm *alarms = NULL;
  guint n_alarms = 0;
  gint64 now_ns = im_now_ns ();

  if (self->aggregates != NULL && self->window_ns > 0)
    {
      /* Silent for a whole window at least, and 15 s as on Live. */
      track = im_state_track_new (im_aggregates_max_gap (self->window_ns) - 1);
      im_state_track_add_aggregates (track, (const ImAggregate *) (gpointer) self->aggregates->data,
                                     self->aggregates->len, self->window_ns);
    }
  /* Until the new machine's alarms come, none rather than another's. */
  if (self->alarms != NULL &&
      g_strcmp0 (self->alarms_machine, im_page_get_machine (IM_PAGE (self))) == 0)
    {
      alarms = (const ImAlarm *) (gpointer) self->alarms->data;
      n_alarms = self->alarms->len;
    }

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      g_autoptr(GArray) annotations = NULL;

      annotations = im_annotations_build (track, alarms, n_alarms, (ImSensor) s, TRUE,
                                          MIN (now_ns, self->to_ns));
      im_chart_set_annotations (IM_CHART (self->charts[s]),
                                (const ImChartAnnotation *) (gpointer) annotations->data,
                                annotations->len);
    }
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

  set_loading (self, FALSE);

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
    {
      /* Missing windows are a gap, as missing readings are on Live. */
      im_chart_set_max_gap (IM_CHART (self->charts[s]), im_aggregates_max_gap (self->window_ns));
      im_chart_set_time_range (IM_CHART (self->charts[s]), self->from_ns, self->to_ns);
    }

  gtk_widget_set_visible (self->no_data_status, self->aggregates->len == 0);
  update_summary (self);
  update_stats (self);
  update_annotations (self);
}

static void
alarms_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ImHistoryPage) self = user_data;
  g_autoptr(GArray) alarms = NULL;
  g_autoptr(GError) error = NULL;

  alarms = im_data_source_list_alarms_finish (IM_DATA_SOURCE (object), result, &error);
  if (im_error_is_cancelled (error))
    return;

  g_clear_object (&self->alarms_cancellable);
  if (alarms == NULL)
    {
      g_debug ("Could not list the machine's alarms: %s", error->message);
      return;
    }

  g_clear_pointer (&self->alarms, g_array_unref);
  self->alarms = g_steal_pointer (&alarms);
  g_free (self->alarms_machine);
  self->alarms_machine = g_steal_pointer (&self->alarms_asked);
  update_annotations (self);
}

static void
fetch_alarms (ImHistoryPage *self)
{
  ImDataSource *source = im_page_get_source (IM_PAGE (self));
  const char *machine = im_page_get_machine (IM_PAGE (self));

  g_cancellable_cancel (self->alarms_cancellable);
  g_clear_object (&self->alarms_cancellable);

  self->alarms_cancellable = g_cancellable_new ();
  g_free (self->alarms_asked);
  self->alarms_asked = g_strdup (machine);
  im_data_source_list_alarms_async (source, machine, self->from_ns, self->to_ns,
                                    self->alarms_cancellable, alarms_cb, g_object_ref (self));
}

void
im_history_page_fetch (ImHistoryPage *self)
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

  set_loading (self, TRUE);
  im_data_source_query_aggregate_async (source, machine,
                                        self->from_ns, self->to_ns, window_ns,
                                        im_page_begin_request (page), fetch_data_cb,
                                        g_object_ref (self));
  fetch_alarms (self);
}

static gboolean
refetch_cb (gpointer user_data)
{
  ImHistoryPage *self = user_data;

  self->refetch_id = 0;
  im_history_page_fetch (self);

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
    im_history_page_fetch (self);
}

/* One sensor of several machines over the page's range, in a window of
 * its own. */
static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);
  ImDataSource *source = im_page_get_source (IM_PAGE (self));
  ImCompareWindow *window;
  GtkRoot *root;

  if (source == NULL)
    return;

  window = im_compare_window_new (source, im_page_get_machine (IM_PAGE (self)),
                                  self->from_ns, self->to_ns);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));

  g_clear_weak_pointer (&self->compare_window);
  g_set_weak_pointer (&self->compare_window, window);
}

/* ---- Widget -------------------------------------------------------- */

static void
im_history_page_map (GtkWidget *widget)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);

  GTK_WIDGET_CLASS (im_history_page_parent_class)->map (widget);

  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  im_page_load_machines (IM_PAGE (self));
  im_history_page_follow_preset (self);
  im_history_page_fetch (self);
}

static void
im_history_page_unmap (GtkWidget *widget)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);

  /* Leaving the page cancels its queries (ImPage does); an export runs on. */
  g_clear_handle_id (&self->refetch_id, g_source_remove);
  set_loading (self, FALSE);
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
  g_clear_weak_pointer (&self->compare_window);
  g_cancellable_cancel (self->alarms_cancellable);
  g_clear_object (&self->alarms_cancellable);
  im_history_page_dispose_export (self);
  im_history_page_dispose_zoom (self);
  im_history_page_dispose_image (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), IM_TYPE_HISTORY_PAGE);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    g_clear_object (&self->series[s]);
  g_clear_pointer (&self->aggregates, g_array_unref);
  g_clear_pointer (&self->alarms, g_array_unref);

  G_OBJECT_CLASS (im_history_page_parent_class)->dispose (object);
}

static void
im_history_page_finalize (GObject *object)
{
  ImHistoryPage *self = (ImHistoryPage *) object;

  im_history_page_finalize_export (self);
  g_clear_pointer (&self->range_notice, g_free);
  g_clear_pointer (&self->alarms_machine, g_free);
  g_clear_pointer (&self->alarms_asked, g_free);

  G_OBJECT_CLASS (im_history_page_parent_class)->finalize (object);
}

/* ---- ImPage -------------------------------------------------------- */

static void
im_history_page_source_changed (ImPage *page)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (page);

  g_clear_handle_id (&self->refetch_id, g_source_remove);
  g_clear_pointer (&self->aggregates, g_array_unref);
  g_clear_pointer (&self->alarms, g_array_unref);
  update_annotations (self);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    im_time_series_clear (self->series[s]);
  update_summary (self);
  update_stats (self);
  gtk_widget_set_visible (self->no_data_status, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  im_page_load_machines (page);
  im_history_page_fetch (self);
}

static void
im_history_page_machine_changed (ImPage *page)
{
  im_history_page_fetch (IM_HISTORY_PAGE (page));
}

/* The series hold converted values: fill them again from the aggregates;
 * the range bar and axes show the new zone. */
static void
im_history_page_display_changed (ImPage *page)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (page);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    im_chart_card_update_units (IM_CHART_CARD (gtk_widget_get_parent (self->charts[s])));
  im_date_time_button_update_time_zone (self->from_button);
  im_date_time_button_update_time_zone (self->to_button);
  update_summary (self);
  update_stats (self);

  if (self->aggregates != NULL)
    im_series_set_aggregates (self->series,
                              (const ImAggregate *) (gpointer) self->aggregates->data,
                              self->aggregates->len);
}

static void
im_history_page_refresh (ImPage *page)
{
  im_page_load_machines (page);
  im_history_page_follow_preset (IM_HISTORY_PAGE (page));
  im_history_page_fetch (IM_HISTORY_PAGE (page));
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
  page_class->auto_refresh = im_history_page_auto_refresh;
  page_class->display_changed = im_history_page_display_changed;

  g_type_ensure (IM_TYPE_DATE_TIME_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, root_box);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ImHistoryPage, machine_picker);
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
  gtk_widget_class_install_action (widget_class, "history.compare", NULL, compare_action);

  im_history_page_class_init_range (widget_class);
  im_history_page_class_init_export (widget_class);
  im_history_page_class_init_zoom (widget_class);
  im_history_page_class_init_image (widget_class);
}

static void
im_history_page_init (ImHistoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      GtkWidget *card = im_chart_card_new (s);

      self->series[s] = im_time_series_new ();
      im_chart_card_set_chart_height (IM_CHART_CARD (card), 220);
      self->charts[s] = GTK_WIDGET (im_chart_card_get_chart (IM_CHART_CARD (card)));
      im_chart_add_series (IM_CHART (self->charts[s]), self->series[s]);
      /* the legend: figures over the range */
      self->stats_labels[s] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->stats_labels[s], 0.0f);
      gtk_label_set_wrap (self->stats_labels[s], TRUE);
      /* wraps rather than widening the card: two charts stay side by side */
      gtk_label_set_max_width_chars (self->stats_labels[s], 30);
      gtk_widget_add_css_class (GTK_WIDGET (self->stats_labels[s]), "caption");
      gtk_widget_add_css_class (GTK_WIDGET (self->stats_labels[s]), "numeric");
      gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->stats_labels[s]));
      gtk_flow_box_append (self->charts_box, card);
      gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
    }

  /* The toolbar's pieces are laid out by the flow box, not focused by it. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (
         gtk_widget_get_ancestor (GTK_WIDGET (self->machine_picker), GTK_TYPE_FLOW_BOX)));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  im_history_page_init_export (self);
  im_history_page_init_zoom (self);

  im_page_set_machine_picker (IM_PAGE (self), self->machine_picker);
  g_object_bind_property (self, "busy", self->spinner, "spinning", G_BINDING_SYNC_CREATE);

  im_history_page_init_range (self);
  im_page_enable_auto_refresh (IM_PAGE (self));
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

const char *
im_history_page_get_stats_text (ImHistoryPage *self,
                                ImSensor       sensor)
{
  g_return_val_if_fail (IM_IS_HISTORY_PAGE (self), NULL);
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);

  return gtk_label_get_label (self->stats_labels[sensor]);
}

gpointer
im_history_page_get_compare_window (ImHistoryPage *self)
{
  g_return_val_if_fail (IM_IS_HISTORY_PAGE (self), NULL);

  return self->compare_window;
}

gboolean
im_history_page_get_showing_empty (ImHistoryPage *self)
{
  g_return_val_if_fail (IM_IS_HISTORY_PAGE (self), FALSE);

  return gtk_widget_get_visible (self->no_data_status);
}
