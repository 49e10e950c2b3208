/* im-data-source.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-data-source.h"

G_DEFINE_QUARK (im-data-source-error-quark, im_data_source_error)

G_DEFINE_INTERFACE (ImDataSource, im_data_source, G_TYPE_OBJECT)

static void
im_data_source_default_init (ImDataSourceInterface *iface)
{
  /**
   * ImDataSource:title:
   *
   * A name for people: "Demo fleet", or the server and database.
   */
  g_object_interface_install_property (iface,
                                       g_param_spec_string ("title", NULL, NULL,
                                                            NULL,
                                                            (G_PARAM_READABLE |
                                                             G_PARAM_STATIC_STRINGS)));

  /**
   * ImDataSource:error-message:
   *
   * Why the last request could not reach the backend, or %NULL when it
   * did. Notified on the main thread.
   */
  g_object_interface_install_property (iface,
                                       g_param_spec_string ("error-message", NULL, NULL,
                                                            NULL,
                                                            (G_PARAM_READABLE |
                                                             G_PARAM_EXPLICIT_NOTIFY |
                                                             G_PARAM_STATIC_STRINGS)));
}

ImMachineReadings *
im_machine_readings_new (const char *machine_id)
{
  ImMachineReadings *self;

  g_return_val_if_fail (machine_id != NULL, NULL);

  self = g_new0 (ImMachineReadings, 1);
  self->machine_id = g_strdup (machine_id);
  self->readings = g_array_new (FALSE, FALSE, sizeof (ImReading));

  return self;
}

void
im_machine_readings_free (ImMachineReadings *self)
{
  if (self == NULL)
    return;

  g_free (self->machine_id);
  g_clear_pointer (&self->readings, g_array_unref);
  g_free (self);
}

void
im_data_source_list_machines_async (ImDataSource        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (IM_IS_DATA_SOURCE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  IM_DATA_SOURCE_GET_IFACE (self)->list_machines_async (self, cancellable, callback, user_data);
}

GStrv
im_data_source_list_machines_finish (ImDataSource  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (IM_IS_DATA_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return IM_DATA_SOURCE_GET_IFACE (self)->list_machines_finish (self, result, error);
}

void
im_data_source_recent_readings_async (ImDataSource        *self,
                                      gint64               window_ns,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (IM_IS_DATA_SOURCE (self));
  g_return_if_fail (window_ns > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  IM_DATA_SOURCE_GET_IFACE (self)->recent_readings_async (self, window_ns, cancellable,
                                                          callback, user_data);
}

GPtrArray *
im_data_source_recent_readings_finish (ImDataSource  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (IM_IS_DATA_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return IM_DATA_SOURCE_GET_IFACE (self)->recent_readings_finish (self, result, error);
}

void
im_data_source_query_raw_async (ImDataSource        *self,
                                const char          *machine_id,
                                gint64               from_ns,
                                gint64               to_ns,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (IM_IS_DATA_SOURCE (self));
  g_return_if_fail (machine_id != NULL);
  g_return_if_fail (from_ns <= to_ns);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  IM_DATA_SOURCE_GET_IFACE (self)->query_raw_async (self, machine_id, from_ns, to_ns,
                                                    cancellable, callback, user_data);
}

GArray *
im_data_source_query_raw_finish (ImDataSource  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (IM_IS_DATA_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return IM_DATA_SOURCE_GET_IFACE (self)->query_raw_finish (self, result, error);
}

void
im_data_source_query_aggregate_async (ImDataSource        *self,
                                      const char          *machine_id,
                                      gint64               from_ns,
                                      gint64               to_ns,
                                      gint64               window_ns,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (IM_IS_DATA_SOURCE (self));
  g_return_if_fail (machine_id != NULL);
  g_return_if_fail (from_ns <= to_ns);
  g_return_if_fail (window_ns > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  IM_DATA_SOURCE_GET_IFACE (self)->query_aggregate_async (self, machine_id, from_ns, to_ns,
                                                          window_ns, cancellable,
                                                          callback, user_data);
}

GArray *
im_data_source_query_aggregate_finish (ImDataSource  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (IM_IS_DATA_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return IM_DATA_SOURCE_GET_IFACE (self)->query_aggregate_finish (self, result, error);
}

void
im_data_source_export_raw_async (ImDataSource        *self,
                                 const char          *machine_id,
                                 gint64               from_ns,
                                 gint64               to_ns,
                                 ImReadingsChunkFunc  chunk_func,
                                 gpointer             chunk_data,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (IM_IS_DATA_SOURCE (self));
  g_return_if_fail (machine_id != NULL);
  g_return_if_fail (from_ns <= to_ns);
  g_return_if_fail (chunk_func != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  IM_DATA_SOURCE_GET_IFACE (self)->export_raw_async (self, machine_id, from_ns, to_ns,
                                                     chunk_func, chunk_data, cancellable,
                                                     callback, user_data);
}

gboolean
im_data_source_export_raw_finish (ImDataSource  *self,
                                  GAsyncResult  *result,
                                  guint64       *n_readings,
                                  GError       **error)
{
  g_return_val_if_fail (IM_IS_DATA_SOURCE (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return IM_DATA_SOURCE_GET_IFACE (self)->export_raw_finish (self, result, n_readings, error);
}

char *
im_data_source_dup_title (ImDataSource *self)
{
  char *title = NULL;

  g_return_val_if_fail (IM_IS_DATA_SOURCE (self), NULL);

  g_object_get (self, "title", &title, NULL);

  return title;
}

char *
im_data_source_dup_error_message (ImDataSource *self)
{
  char *message = NULL;

  g_return_val_if_fail (IM_IS_DATA_SOURCE (self), NULL);

  g_object_get (self, "error-message", &message, NULL);

  return message;
}
