/* im-csv-export.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-csv-export"

#include "config.h"

#include <glib/gi18n.h>

#include "im-csv-export.h"
#include "im-csv-writer.h"

struct _ImCsvExport
{
  GObject        parent_instance;

  ImDataSource  *source;       /* raw export */
  GArray        *aggregates;   /* aggregated export */
  GArray        *alarms;       /* alarm history */
  char          *machine_id;
  ImCsvFormat    format;
  GTimeZone     *time_zone;    /* of @format */
  gint64         from_ns;
  gint64         to_ns;
  gint64         window_ns;

  GMutex         mutex;
  gint64         progress_ns;  /* time of the last row written */
  guint64        n_rows;

  /* While running */
  GFile             *file;
  GFileOutputStream *stream;
  ImCsvWriter       *writer;
  gboolean           file_existed;
};

G_DEFINE_FINAL_TYPE (ImCsvExport, im_csv_export, G_TYPE_OBJECT)

static void
set_progress (ImCsvExport *self,
              gint64       time_ns,
              guint64      n_rows)
{
  g_mutex_lock (&self->mutex);
  self->progress_ns = time_ns;
  self->n_rows = n_rows;
  g_mutex_unlock (&self->mutex);
}

double
im_csv_export_get_fraction (ImCsvExport *self)
{
  double fraction;

  g_return_val_if_fail (IM_IS_CSV_EXPORT (self), 0.0);

  g_mutex_lock (&self->mutex);
  if (self->to_ns <= self->from_ns)
    fraction = self->n_rows > 0 ? 1.0 : 0.0;
  else
    fraction = (double) (self->progress_ns - self->from_ns) / (double) (self->to_ns - self->from_ns);
  g_mutex_unlock (&self->mutex);

  return CLAMP (fraction, 0.0, 1.0);
}

guint64
im_csv_export_get_n_rows (ImCsvExport *self)
{
  guint64 n_rows;

  g_return_val_if_fail (IM_IS_CSV_EXPORT (self), 0);

  g_mutex_lock (&self->mutex);
  n_rows = self->n_rows;
  g_mutex_unlock (&self->mutex);

  return n_rows;
}

/* Opens the file and starts the writer with the header row (worker). */
static gboolean
open_file (ImCsvExport   *self,
           GCancellable  *cancellable,
           GError       **error)
{
  self->file_existed = g_file_query_exists (self->file, cancellable);
  self->stream = g_file_replace (self->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                 cancellable, error);
  if (self->stream == NULL)
    return FALSE;

  self->writer = im_csv_writer_new (G_OUTPUT_STREAM (self->stream));
  im_csv_writer_set_format (self->writer, &self->format);
  if (self->alarms != NULL)
    im_csv_append_alarms_header (im_csv_writer_get_buffer (self->writer));
  else if (self->aggregates != NULL)
    im_csv_append_aggregates_header (im_csv_writer_get_buffer (self->writer), &self->format);
  else
    im_csv_append_readings_header (im_csv_writer_get_buffer (self->writer), &self->format);

  return TRUE;
}

/* Flushes and closes, or on failure throws the output away (worker). */
static gboolean
close_file (ImCsvExport   *self,
            gboolean       success,
            GCancellable  *cancellable,
            GError       **error)
{
  gboolean ret = TRUE;

  if (self->stream == NULL)
    return success;

  if (success)
    {
      ret = im_csv_writer_flush (self->writer, cancellable, error) &&
            g_output_stream_close (G_OUTPUT_STREAM (self->stream), cancellable, error);
    }

  if (!success || !ret)
    {
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      /* Closing a replacing stream cancelled drops its temporary file and
       * keeps what was there; a new file was written in place: remove it. */
      g_cancellable_cancel (cancelled);
      g_output_stream_close (G_OUTPUT_STREAM (self->stream), cancelled, NULL);
      if (!self->file_existed)
        g_file_delete (self->file, NULL, NULL);
      ret = FALSE;
    }

  g_clear_pointer (&self->writer, im_csv_writer_free);
  g_clear_object (&self->stream);

  return ret;
}

static void
aggregates_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ImCsvExport *self = source_object;
  GError *error = NULL;
  gboolean ok;

  ok = open_file (self, cancellable, &error);
  for (guint i = 0; ok && i < self->aggregates->len; i++)
    {
      const ImAggregate *agg = &g_array_index (self->aggregates, ImAggregate, i);

      im_csv_append_aggregate (im_csv_writer_get_buffer (self->writer), &self->format,
                               self->machine_id, self->window_ns, agg);
      ok = im_csv_writer_row_done (self->writer, cancellable, &error);
      if (ok && (i & 1023) == 0)
        set_progress (self, agg->time_ns, i + 1);
    }

  if (ok)
    set_progress (self, self->to_ns, self->aggregates->len);

  if (!close_file (self, ok, cancellable, ok ? &error : NULL))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
alarms_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImCsvExport *self = source_object;
  GError *error = NULL;
  gboolean ok;

  ok = open_file (self, cancellable, &error);
  for (guint i = 0; ok && i < self->alarms->len; i++)
    {
      const ImAlarm *alarm = &g_array_index (self->alarms, ImAlarm, i);

      im_csv_append_alarm (im_csv_writer_get_buffer (self->writer), alarm);
      ok = im_csv_writer_row_done (self->writer, cancellable, &error);
      if (ok && (i & 1023) == 0)
        set_progress (self, alarm->started_ns, i + 1);
    }

  if (ok)
    set_progress (self, self->to_ns, self->alarms->len);

  if (!close_file (self, ok, cancellable, ok ? &error : NULL))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static gboolean
write_chunk (const ImReading  *readings,
             gsize             n_readings,
             gpointer          user_data,
             GError          **error)
{
  GTask *task = user_data;
  ImCsvExport *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (self->writer == NULL && !open_file (self, cancellable, error))
    return FALSE;

  if (!im_csv_writer_write_readings (self->writer, readings, n_readings, cancellable, error))
    return FALSE;

  set_progress (self, readings[n_readings - 1].time_ns, im_csv_writer_get_n_rows (self->writer));

  return TRUE;
}

static void
finish_raw_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ImCsvExport *self = source_object;
  GError *error = task_data ? g_error_copy (task_data) : NULL;
  gboolean ok = error == NULL;

  /* No reading at all: a file with the header only. */
  if (ok && self->writer == NULL)
    ok = open_file (self, cancellable, &error);

  if (!close_file (self, ok, cancellable, ok ? &error : NULL))
    {
      g_task_return_error (task, error);
      return;
    }

  set_progress (self, self->to_ns, self->n_rows);
  g_task_return_boolean (task, TRUE);
}

static void
export_raw_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  guint64 n_readings = 0;

  im_data_source_export_raw_finish (IM_DATA_SOURCE (object), result, &n_readings, &error);

  /* Flushing and closing block: another worker. */
  if (error != NULL)
    g_task_set_task_data (task, g_steal_pointer (&error), (GDestroyNotify) g_error_free);
  g_task_run_in_thread (task, finish_raw_thread);
}

void
im_csv_export_run_async (ImCsvExport         *self,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IM_IS_CSV_EXPORT (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->file == NULL);

  self->file = g_object_ref (file);
  set_progress (self, self->from_ns, 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, im_csv_export_run_async);

  if (self->aggregates != NULL)
    {
      g_task_run_in_thread (task, aggregates_thread);
      return;
    }

  if (self->alarms != NULL)
    {
      g_task_run_in_thread (task, alarms_thread);
      return;
    }

  /* The chunks arrive on the source's worker thread, one at a time. */
  im_data_source_export_raw_async (self->source, self->machine_id, self->from_ns, self->to_ns,
                                   write_chunk, task, cancellable,
                                   export_raw_cb, g_object_ref (task));
}

gboolean
im_csv_export_run_finish (ImCsvExport   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (IM_IS_CSV_EXPORT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  g_clear_object (&self->file);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
im_csv_export_finalize (GObject *object)
{
  ImCsvExport *self = (ImCsvExport *) object;

  g_assert (self->writer == NULL);
  g_assert (self->stream == NULL);

  g_clear_object (&self->source);
  g_clear_object (&self->file);
  g_clear_pointer (&self->aggregates, g_array_unref);
  g_clear_pointer (&self->alarms, g_array_unref);
  g_clear_pointer (&self->machine_id, g_free);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (im_csv_export_parent_class)->finalize (object);
}

static void
im_csv_export_class_init (ImCsvExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = im_csv_export_finalize;
}

static void
im_csv_export_init (ImCsvExport *self)
{
  static const ImCsvFormat default_format = IM_CSV_FORMAT_INIT;

  g_mutex_init (&self->mutex);
  self->format = default_format;
}

void
im_csv_export_set_format (ImCsvExport       *self,
                          const ImCsvFormat *format)
{
  static const ImCsvFormat default_format = IM_CSV_FORMAT_INIT;

  g_return_if_fail (IM_IS_CSV_EXPORT (self));
  g_return_if_fail (self->writer == NULL);

  self->format = format != NULL ? *format : default_format;
  /* the format borrows it: keep it while the export lives */
  if (self->format.time_zone != NULL)
    g_time_zone_ref (self->format.time_zone);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  self->time_zone = self->format.time_zone;
}

ImCsvExport *
im_csv_export_new_raw (ImDataSource *source,
                       const char   *machine_id,
                       gint64        from_ns,
                       gint64        to_ns)
{
  ImCsvExport *self;

  g_return_val_if_fail (IM_IS_DATA_SOURCE (source), NULL);
  g_return_val_if_fail (machine_id != NULL, NULL);
  g_return_val_if_fail (from_ns <= to_ns, NULL);

  self = g_object_new (IM_TYPE_CSV_EXPORT, NULL);
  self->source = g_object_ref (source);
  self->machine_id = g_strdup (machine_id);
  self->from_ns = from_ns;
  self->to_ns = to_ns;

  return self;
}

ImCsvExport *
im_csv_export_new_aggregates (const char *machine_id,
                              gint64      window_ns,
                              GArray     *aggregates)
{
  ImCsvExport *self;

  g_return_val_if_fail (machine_id != NULL, NULL);
  g_return_val_if_fail (window_ns > 0, NULL);
  g_return_val_if_fail (aggregates != NULL, NULL);
  g_return_val_if_fail (g_array_get_element_size (aggregates) == sizeof (ImAggregate), NULL);

  self = g_object_new (IM_TYPE_CSV_EXPORT, NULL);
  self->machine_id = g_strdup (machine_id);
  self->window_ns = window_ns;
  self->aggregates = g_array_ref (aggregates);
  if (aggregates->len > 0)
    {
      self->from_ns = g_array_index (aggregates, ImAggregate, 0).time_ns;
      self->to_ns = g_array_index (aggregates, ImAggregate, aggregates->len - 1).time_ns;
    }

  return self;
}

ImCsvExport *
im_csv_export_new_alarms (GArray *alarms)
{
  ImCsvExport *self;

  g_return_val_if_fail (alarms != NULL, NULL);
  g_return_val_if_fail (g_array_get_element_size (alarms) == sizeof (ImAlarm), NULL);

  self = g_object_new (IM_TYPE_CSV_EXPORT, NULL);
  self->alarms = g_array_ref (alarms);
  for (guint i = 0; i < alarms->len; i++)
    {
      gint64 t = g_array_index (alarms, ImAlarm, i).started_ns;

      self->from_ns = i == 0 ? t : MIN (self->from_ns, t);
      self->to_ns = i == 0 ? t : MAX (self->to_ns, t);
    }

  return self;
}
