/* im-data-source.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-data-source"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "im-data-source.h"

G_DEFINE_QUARK (im-data-source-error-quark, im_data_source_error)

G_DEFINE_INTERFACE (ImDataSource, im_data_source, G_TYPE_OBJECT)

enum {
  ALARMS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

  /**
   * ImDataSource::alarms-changed:
   *
   * The source's alarms changed (raised, updated, cleared or
   * acknowledged), as far as it can tell. Emitted on the main thread.
   */
  signals[ALARMS_CHANGED] =
    g_signal_new ("alarms-changed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
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

/* For g_ptr_array_sort(): by machine id. */
int
im_machine_readings_compare (gconstpointer a,
                             gconstpointer b)
{
  const ImMachineReadings *ma = *(ImMachineReadings * const *) a;
  const ImMachineReadings *mb = *(ImMachineReadings * const *) b;

  return strcmp (ma->machine_id, mb->machine_id);
}

static void
request_free (gpointer data)
{
  ImDataSourceRequest *request = data;

  g_free (request->machine_id);
  g_clear_pointer (&request->alarms, g_array_unref);
  g_free (request->user);
  g_free (request);
}

static ImDataSourceRequest *
request_new (ImDataSourceRequestKind  kind,
             const char              *machine_id,
             gint64                   from_ns,
             gint64                   to_ns,
             gint64                   window_ns)
{
  ImDataSourceRequest *request = g_new0 (ImDataSourceRequest, 1);

  request->kind = kind;
  request->machine_id = g_strdup (machine_id);
  request->from_ns = from_ns;
  request->to_ns = to_ns;
  request->window_ns = window_ns;

  return request;
}

/* The one place a request becomes a task: the source tag is the public
 * function, so that the finish functions can check it. */
static void
run_request (ImDataSource        *self,
             ImDataSourceRequest *request,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, request_free);

  IM_DATA_SOURCE_GET_IFACE (self)->run (self, task);
}

static gpointer
propagate (ImDataSource  *self,
           GAsyncResult  *result,
           gpointer       source_tag,
           GError       **error)
{
  g_return_val_if_fail (IM_IS_DATA_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const ImDataSourceRequest *
im_data_source_task_get_request (GTask *task)
{
  g_return_val_if_fail (G_IS_TASK (task), NULL);

  return g_task_get_task_data (task);
}

GDestroyNotify
im_data_source_request_get_value_free (const ImDataSourceRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  switch (request->kind)
    {
    case IM_DATA_SOURCE_LIST_MACHINES:
      return (GDestroyNotify) g_strfreev;

    case IM_DATA_SOURCE_RECENT_READINGS:
      return (GDestroyNotify) g_ptr_array_unref;

    case IM_DATA_SOURCE_QUERY_RAW:
    case IM_DATA_SOURCE_QUERY_AGGREGATE:
    case IM_DATA_SOURCE_LIST_ALARMS:
    case IM_DATA_SOURCE_ACKNOWLEDGE_ALARMS:
      return (GDestroyNotify) g_array_unref;

    case IM_DATA_SOURCE_EXPORT_RAW:
      return g_free;

    default:
      g_assert_not_reached ();
    }
}

void
im_data_source_task_return (GTask    *task,
                            gpointer  value,
                            GError   *error)
{
  const ImDataSourceRequest *request;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (value != NULL || error != NULL);

  if (value == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_error (&error);
  request = g_task_get_task_data (task);
  g_task_return_pointer (task, value, im_data_source_request_get_value_free (request));
}

void
im_data_source_list_machines_async (ImDataSource        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (IM_IS_DATA_SOURCE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  run_request (self, request_new (IM_DATA_SOURCE_LIST_MACHINES, NULL, 0, 0, 0),
               im_data_source_list_machines_async, cancellable, callback, user_data);
}

GStrv
im_data_source_list_machines_finish (ImDataSource  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return propagate (self, result, im_data_source_list_machines_async, error);
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

  run_request (self, request_new (IM_DATA_SOURCE_RECENT_READINGS, NULL, 0, 0, window_ns),
               im_data_source_recent_readings_async, cancellable, callback, user_data);
}

GPtrArray *
im_data_source_recent_readings_finish (ImDataSource  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return propagate (self, result, im_data_source_recent_readings_async, error);
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

  run_request (self, request_new (IM_DATA_SOURCE_QUERY_RAW, machine_id, from_ns, to_ns, 0),
               im_data_source_query_raw_async, cancellable, callback, user_data);
}

GArray *
im_data_source_query_raw_finish (ImDataSource  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return propagate (self, result, im_data_source_query_raw_async, error);
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

  run_request (self, request_new (IM_DATA_SOURCE_QUERY_AGGREGATE, machine_id,
                                  from_ns, to_ns, window_ns),
               im_data_source_query_aggregate_async, cancellable, callback, user_data);
}

GArray *
im_data_source_query_aggregate_finish (ImDataSource  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return propagate (self, result, im_data_source_query_aggregate_async, error);
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
  ImDataSourceRequest *request;

  g_return_if_fail (IM_IS_DATA_SOURCE (self));
  g_return_if_fail (machine_id != NULL);
  g_return_if_fail (from_ns <= to_ns);
  g_return_if_fail (chunk_func != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  request = request_new (IM_DATA_SOURCE_EXPORT_RAW, machine_id, from_ns, to_ns, 0);
  request->chunk_func = chunk_func;
  request->chunk_data = chunk_data;
  run_request (self, request, im_data_source_export_raw_async, cancellable, callback, user_data);
}

gboolean
im_data_source_export_raw_finish (ImDataSource  *self,
                                  GAsyncResult  *result,
                                  guint64       *n_readings,
                                  GError       **error)
{
  g_autofree guint64 *total = propagate (self, result, im_data_source_export_raw_async, error);

  if (total == NULL)
    return FALSE;

  if (n_readings != NULL)
    *n_readings = *total;

  return TRUE;
}

void
im_data_source_list_alarms_async (ImDataSource        *self,
                                  const char          *machine_id,
                                  gint64               from_ns,
                                  gint64               to_ns,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (IM_IS_DATA_SOURCE (self));
  g_return_if_fail (from_ns <= to_ns);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  run_request (self, request_new (IM_DATA_SOURCE_LIST_ALARMS, machine_id, from_ns, to_ns, 0),
               im_data_source_list_alarms_async, cancellable, callback, user_data);
}

GArray *
im_data_source_list_alarms_finish (ImDataSource  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return propagate (self, result, im_data_source_list_alarms_async, error);
}

static void
acknowledged_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GArray *alarms = g_task_propagate_pointer (G_TASK (result), &error);

  if (alarms != NULL)
    im_data_source_alarms_changed (IM_DATA_SOURCE (object));

  if (alarms == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, alarms, (GDestroyNotify) g_array_unref);
}

void
im_data_source_acknowledge_alarms_async (ImDataSource        *self,
                                         const ImAlarm       *alarms,
                                         guint                n_alarms,
                                         const char          *user,
                                         gint64               time_ns,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  ImDataSourceRequest *request;
  GTask *outer;

  g_return_if_fail (IM_IS_DATA_SOURCE (self));
  g_return_if_fail (alarms != NULL || n_alarms == 0);
  g_return_if_fail (user != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* The outer task announces the change once the source is done. */
  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, im_data_source_acknowledge_alarms_async);

  if (!im_alarm_user_is_valid (user))
    {
      g_task_return_new_error (outer, IM_DATA_SOURCE_ERROR,
                               IM_DATA_SOURCE_ERROR_INVALID_ARGUMENT,
                               _("“%s” cannot acknowledge alarms: a user name is 1 to %d bytes "
                                 "without control characters"),
                               user, IM_ALARM_USER_MAX_LEN);
      g_object_unref (outer);
      return;
    }

  request = request_new (IM_DATA_SOURCE_ACKNOWLEDGE_ALARMS, NULL, 0, 0, 0);
  request->alarms = g_array_sized_new (FALSE, FALSE, sizeof (ImAlarm), n_alarms);
  g_array_append_vals (request->alarms, alarms, n_alarms);
  request->user = g_strdup (user);
  request->time_ns = time_ns;
  run_request (self, request, im_data_source_acknowledge_alarms_async, cancellable,
               acknowledged_cb, outer);
}

GArray *
im_data_source_acknowledge_alarms_finish (ImDataSource  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return propagate (self, result, im_data_source_acknowledge_alarms_async, error);
}

void
im_data_source_alarms_changed (ImDataSource *self)
{
  g_return_if_fail (IM_IS_DATA_SOURCE (self));

  g_signal_emit (self, signals[ALARMS_CHANGED], 0);
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

char *
im_data_source_dup_error_details (ImDataSource *self)
{
  char *details = NULL;

  g_return_val_if_fail (IM_IS_DATA_SOURCE (self), NULL);

  /* Optional: a source that can fail may say more. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (self), "error-details") != NULL)
    g_object_get (self, "error-details", &details, NULL);

  return details;
}

gint64
im_data_source_get_answered_time (ImDataSource *self)
{
  gint64 time_ns = 0;

  g_return_val_if_fail (IM_IS_DATA_SOURCE (self), 0);

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (self), "answered-time") != NULL)
    g_object_get (self, "answered-time", &time_ns, NULL);

  return time_ns;
}
