/* im-lagging-source.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-lagging-source.h"
#include "im-util.h"

struct _ImLaggingSource
{
  GObject       parent_instance;

  ImDataSource *inner;
  gint64        age_ns;
  char         *down;
  gint64        answered_ns;
};

enum {
  PROP_0,
  PROP_ANSWERED_TIME,
  PROP_TITLE,
  PROP_ERROR_MESSAGE,
};

static void data_source_iface_init (ImDataSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ImLaggingSource, im_lagging_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (IM_TYPE_DATA_SOURCE,
                                                      data_source_iface_init))

static void
inner_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const ImDataSourceRequest *request = im_data_source_task_get_request (task);
  GError *error = NULL;
  gpointer value;

  ImLaggingSource *self = g_task_get_source_object (task);
  gint64 newest_ns = im_now_ns () - self->age_ns;

  if (request->kind == IM_DATA_SOURCE_LIST_MACHINES)
    value = im_data_source_list_machines_finish (IM_DATA_SOURCE (object), result, &error);
  else if (request->kind == IM_DATA_SOURCE_RECENT_READINGS)
    {
      GPtrArray *machines = im_data_source_recent_readings_finish (IM_DATA_SOURCE (object),
                                                                   result, &error);

      /* What the inner source had before the age, within the window of
       * each machine's newest reading then. */
      for (guint i = 0; machines != NULL && i < machines->len; i++)
        {
          ImMachineReadings *machine = g_ptr_array_index (machines, i);
          GArray *readings = machine->readings;
          guint end = 0;

          while (end < readings->len && g_array_index (readings, ImReading, end).time_ns <= newest_ns)
            end++;
          g_array_set_size (readings, end);
          while (readings->len > 0 &&
                 g_array_index (readings, ImReading, 0).time_ns <
                 g_array_index (readings, ImReading, readings->len - 1).time_ns - request->window_ns)
            g_array_remove_index (readings, 0);
        }
      value = machines;
    }
  else
    value = im_data_source_query_raw_finish (IM_DATA_SOURCE (object), result, &error);

  if (value != NULL)
    {
      self->answered_ns = im_now_ns ();
      g_object_notify (G_OBJECT (self), "answered-time");
    }
  im_data_source_task_return (task, value, error);
}

static void
im_lagging_source_run (ImDataSource *source,
                       GTask        *task)
{
  ImLaggingSource *self = IM_LAGGING_SOURCE (source);
  const ImDataSourceRequest *request = im_data_source_task_get_request (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gint64 newest_ns = im_now_ns () - self->age_ns;

  if (self->down != NULL)
    {
      g_task_return_new_error (task, IM_DATA_SOURCE_ERROR, IM_DATA_SOURCE_ERROR_FAILED,
                               "%s", self->down);
      g_object_unref (task);
      return;
    }

  switch (request->kind)
    {
    case IM_DATA_SOURCE_RECENT_READINGS:
      im_data_source_recent_readings_async (self->inner, request->window_ns + self->age_ns,
                                            cancellable, inner_done_cb, task);
      break;

    case IM_DATA_SOURCE_LIST_MACHINES:
      im_data_source_list_machines_async (self->inner, cancellable, inner_done_cb, task);
      break;

    case IM_DATA_SOURCE_QUERY_RAW:
      if (request->from_ns >= newest_ns)
        {
          im_data_source_task_return (task, g_array_new (FALSE, FALSE, sizeof (ImReading)),
                                      NULL);
          g_object_unref (task);
          break;
        }
      im_data_source_query_raw_async (self->inner, request->machine_id, request->from_ns,
                                      MIN (request->to_ns, newest_ns), cancellable,
                                      inner_done_cb, task);
      break;

    case IM_DATA_SOURCE_QUERY_AGGREGATE:
    case IM_DATA_SOURCE_EXPORT_RAW:
    case IM_DATA_SOURCE_LIST_ALARMS:
    case IM_DATA_SOURCE_ACKNOWLEDGE_ALARMS:
    default:
      g_task_return_new_error (task, IM_DATA_SOURCE_ERROR, IM_DATA_SOURCE_ERROR_FAILED,
                               "Not answered by the lagging test source");
      g_object_unref (task);
      break;
    }
}

static void
data_source_iface_init (ImDataSourceInterface *iface)
{
  iface->run = im_lagging_source_run;
}

static void
im_lagging_source_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ImLaggingSource *self = IM_LAGGING_SOURCE (object);

  switch (prop_id)
    {
    case PROP_ANSWERED_TIME:
      g_value_set_int64 (value, self->answered_ns);
      break;

    case PROP_TITLE:
      g_value_set_string (value, "Lagging backend");
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->down);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_lagging_source_dispose (GObject *object)
{
  ImLaggingSource *self = IM_LAGGING_SOURCE (object);

  g_clear_object (&self->inner);
  g_clear_pointer (&self->down, g_free);

  G_OBJECT_CLASS (im_lagging_source_parent_class)->dispose (object);
}

static void
im_lagging_source_class_init (ImLaggingSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = im_lagging_source_get_property;
  object_class->dispose = im_lagging_source_dispose;

  g_object_class_install_property (object_class, PROP_ANSWERED_TIME,
                                   g_param_spec_int64 ("answered-time", NULL, NULL,
                                                       0, G_MAXINT64, 0,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_ERROR_MESSAGE, "error-message");
}

static void
im_lagging_source_init (ImLaggingSource *self)
{
}

ImLaggingSource *
im_lagging_source_new (ImDataSource *inner,
                       gint64        age_ns)
{
  ImLaggingSource *self;

  g_return_val_if_fail (IM_IS_DATA_SOURCE (inner), NULL);

  self = g_object_new (IM_TYPE_LAGGING_SOURCE, NULL);
  self->inner = g_object_ref (inner);
  self->age_ns = age_ns;

  return self;
}

void
im_lagging_source_set_age (ImLaggingSource *self,
                           gint64           age_ns)
{
  g_return_if_fail (IM_IS_LAGGING_SOURCE (self));

  self->age_ns = age_ns;
}

void
im_lagging_source_set_down (ImLaggingSource *self,
                            const char      *message)
{
  g_return_if_fail (IM_IS_LAGGING_SOURCE (self));

  if (g_strcmp0 (self->down, message) == 0)
    return;

  g_free (self->down);
  self->down = g_strdup (message);
  g_object_notify (G_OBJECT (self), "error-message");
}
