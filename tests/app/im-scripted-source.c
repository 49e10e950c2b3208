/* im-scripted-source.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-alarm-list.h"
#include "im-scripted-source.h"

struct _ImScriptedSource
{
  GObject  parent_instance;
  GArray  *alarms;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ERROR_MESSAGE,
};

static void data_source_iface_init (ImDataSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ImScriptedSource, im_scripted_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (IM_TYPE_DATA_SOURCE,
                                                      data_source_iface_init))

static void
im_scripted_source_run (ImDataSource *source,
                        GTask        *task)
{
  ImScriptedSource *self = IM_SCRIPTED_SOURCE (source);
  const ImDataSourceRequest *request = im_data_source_task_get_request (task);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (ImAlarm));

  switch (request->kind)
    {
    case IM_DATA_SOURCE_LIST_ALARMS:
      for (guint i = 0; i < self->alarms->len; i++)
        {
          const ImAlarm *alarm = &g_array_index (self->alarms, ImAlarm, i);

          if (im_alarm_list_wants (alarm, request->machine_id, request->from_ns, request->to_ns))
            g_array_append_vals (out, alarm, 1);
        }
      im_data_source_task_return (task, out, NULL);
      break;

    case IM_DATA_SOURCE_ACKNOWLEDGE_ALARMS:
      for (guint i = 0; i < request->alarms->len; i++)
        for (guint a = 0; a < self->alarms->len; a++)
          {
            ImAlarm *alarm = &g_array_index (self->alarms, ImAlarm, a);
            ImAlarmAck ack;

            if (strcmp (alarm->id, g_array_index (request->alarms, ImAlarm, i).id) != 0)
              continue;
            g_assert_true (im_alarm_ack_init (&ack, alarm->id, alarm->machine_id,
                                              request->user, request->time_ns + i, NULL));
            im_alarm_apply_ack (alarm, &ack);
            g_array_append_vals (out, alarm, 1);
          }
      im_data_source_task_return (task, out, NULL);
      break;

    case IM_DATA_SOURCE_LIST_MACHINES:
    case IM_DATA_SOURCE_RECENT_READINGS:
    case IM_DATA_SOURCE_QUERY_RAW:
    case IM_DATA_SOURCE_QUERY_AGGREGATE:
    case IM_DATA_SOURCE_EXPORT_RAW:
    default:
      g_array_unref (out);
      g_task_return_new_error (task, IM_DATA_SOURCE_ERROR, IM_DATA_SOURCE_ERROR_FAILED,
                               "Not answered by the scripted test source");
      break;
    }

  g_object_unref (task);
}

static void
data_source_iface_init (ImDataSourceInterface *iface)
{
  iface->run = im_scripted_source_run;
}

static void
im_scripted_source_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, "Scripted alarms");
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_scripted_source_finalize (GObject *object)
{
  g_clear_pointer (&IM_SCRIPTED_SOURCE (object)->alarms, g_array_unref);

  G_OBJECT_CLASS (im_scripted_source_parent_class)->finalize (object);
}

static void
im_scripted_source_class_init (ImScriptedSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = im_scripted_source_get_property;
  object_class->finalize = im_scripted_source_finalize;

  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_ERROR_MESSAGE, "error-message");
}

static void
im_scripted_source_init (ImScriptedSource *self)
{
  self->alarms = g_array_new (FALSE, FALSE, sizeof (ImAlarm));
}

ImScriptedSource *
im_scripted_source_new (void)
{
  return g_object_new (IM_TYPE_SCRIPTED_SOURCE, NULL);
}

void
im_scripted_source_set_alarms (ImScriptedSource *self,
                               const ImAlarm    *alarms,
                               guint             n_alarms)
{
  g_return_if_fail (IM_IS_SCRIPTED_SOURCE (self));

  g_array_set_size (self->alarms, 0);
  g_array_append_vals (self->alarms, alarms, n_alarms);
  im_data_source_alarms_changed (IM_DATA_SOURCE (self));
}
