/* im-fake-source.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-fake-source.h"

struct _ImFakeSource
{
  GObject  parent_instance;

  guint    n_started;
  guint    n_cancelled;
  guint    n_pending;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ERROR_MESSAGE,
};

static void data_source_iface_init (ImDataSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ImFakeSource, im_fake_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (IM_TYPE_DATA_SOURCE,
                                                      data_source_iface_init))

static gboolean
return_cancelled (gpointer data)
{
  GTask *task = data;
  ImFakeSource *self = g_task_get_source_object (task);

  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "handler"));

  self->n_cancelled++;
  self->n_pending--;
  /* Breaks the task -> cancellable -> handler -> task cycle. */
  g_cancellable_disconnect (g_task_get_cancellable (task), handler);
  g_task_return_error_if_cancelled (task);

  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  /* Not from inside g_cancellable_cancel(): from the main loop. */
  g_idle_add_full (G_PRIORITY_DEFAULT, return_cancelled, g_object_ref (data), g_object_unref);
}

static void
start (ImFakeSource        *self,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  gulong handler;

  g_assert_nonnull (cancellable);
  self->n_started++;
  self->n_pending++;
  handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                   g_object_ref (task), g_object_unref);
  g_object_set_data (G_OBJECT (task), "handler", GSIZE_TO_POINTER (handler));
}

static gpointer
finish (ImDataSource  *source,
        GAsyncResult  *result,
        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
list_machines_async (ImDataSource        *source,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  start (IM_FAKE_SOURCE (source), cancellable, callback, user_data);
}

static void
recent_readings_async (ImDataSource        *source,
                       gint64               window_ns,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  start (IM_FAKE_SOURCE (source), cancellable, callback, user_data);
}

static void
query_raw_async (ImDataSource        *source,
                 const char          *machine_id,
                 gint64               from_ns,
                 gint64               to_ns,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  start (IM_FAKE_SOURCE (source), cancellable, callback, user_data);
}

static void
query_aggregate_async (ImDataSource        *source,
                       const char          *machine_id,
                       gint64               from_ns,
                       gint64               to_ns,
                       gint64               window_ns,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  start (IM_FAKE_SOURCE (source), cancellable, callback, user_data);
}

static void
export_raw_async (ImDataSource        *source,
                  const char          *machine_id,
                  gint64               from_ns,
                  gint64               to_ns,
                  ImReadingsChunkFunc  chunk_func,
                  gpointer             chunk_data,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  start (IM_FAKE_SOURCE (source), cancellable, callback, user_data);
}

static gboolean
export_raw_finish (ImDataSource  *source,
                   GAsyncResult  *result,
                   guint64       *n_readings,
                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
data_source_iface_init (ImDataSourceInterface *iface)
{
  iface->list_machines_async = list_machines_async;
  iface->list_machines_finish = (gpointer) finish;
  iface->recent_readings_async = recent_readings_async;
  iface->recent_readings_finish = (gpointer) finish;
  iface->query_raw_async = query_raw_async;
  iface->query_raw_finish = (gpointer) finish;
  iface->query_aggregate_async = query_aggregate_async;
  iface->query_aggregate_finish = (gpointer) finish;
  iface->export_raw_async = export_raw_async;
  iface->export_raw_finish = export_raw_finish;
}

static void
im_fake_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, "Hanging backend");
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_fake_source_class_init (ImFakeSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = im_fake_source_get_property;

  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_ERROR_MESSAGE, "error-message");
}

static void
im_fake_source_init (ImFakeSource *self)
{
}

ImFakeSource *
im_fake_source_new (void)
{
  return g_object_new (IM_TYPE_FAKE_SOURCE, NULL);
}

guint
im_fake_source_get_n_started (ImFakeSource *self)
{
  return self->n_started;
}

guint
im_fake_source_get_n_cancelled (ImFakeSource *self)
{
  return self->n_cancelled;
}

guint
im_fake_source_get_n_pending (ImFakeSource *self)
{
  return self->n_pending;
}
