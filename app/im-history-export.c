/* im-history-export.c — the history page's CSV export: the menu's
 * actions, the file chooser, the progress bar and the toasts.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-history-export"

#include "config.h"

#include <glib/gi18n.h>

#include "im-app-enum-types.h"
#include "im-history-page-private.h"
#include "im-ui-util.h"
#include "im-util.h"

#define PROGRESS_MS 100

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
  count = im_history_page_format_count (n_rows);
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
      g_autofree char *count = im_history_page_format_count (n_rows);

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

  g_assert (IM_IS_HISTORY_PAGE (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  g_clear_object (&self->chooser);

  if (file != NULL)
    im_history_page_export_to_file_async (self, self->chooser_kind, file, NULL,
                                          export_chosen_done_cb, g_object_ref (file));
}

/* "MACHINE_001_2026-03-14T0900_2026-03-15T0900.csv": no spaces nor
 * characters a shell or another system would trip over. */
char *
im_history_page_suggest_file_name (ImHistoryPage       *self,
                                   ImHistoryExportKind  kind)
{
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (self->from_ns / IM_NSEC_PER_SEC);
  g_autoptr(GDateTime) to = g_date_time_new_from_unix_local (self->to_ns / IM_NSEC_PER_SEC);
  g_autofree char *from_text = g_date_time_format (from, "%Y-%m-%dT%H%M");
  g_autofree char *to_text = g_date_time_format (to, "%Y-%m-%dT%H%M");

  return g_strdup_printf (kind == IM_HISTORY_EXPORT_RAW ? "%s_%s_%s.csv" : "%s_%s_%s_mean.csv",
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

  name = im_history_page_suggest_file_name (self, kind);
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
  g_autoptr(GEnumClass) kinds = g_type_class_ref (IM_TYPE_HISTORY_EXPORT_KIND);
  const GEnumValue *kind;

  /* The menu's targets are the kinds' nicks: "raw", "aggregates". */
  kind = g_enum_get_value_by_nick (kinds, g_variant_get_string (parameter, NULL));
  im_history_page_export (self, kind != NULL ? (ImHistoryExportKind) kind->value
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

void
im_history_page_class_init_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "history.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "history.cancel-export", NULL,
                                   cancel_export_action);
}

void
im_history_page_init_export (ImHistoryPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.cancel-export", FALSE);
}

void
im_history_page_dispose_export (ImHistoryPage *self)
{
  g_cancellable_cancel (self->export_cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

void
im_history_page_finalize_export (ImHistoryPage *self)
{
  g_assert (self->export == NULL);
  g_clear_object (&self->export_cancellable);
}
