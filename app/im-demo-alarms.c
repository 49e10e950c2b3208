/* im-demo-alarms.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-demo-alarms"

#include "config.h"

#include "im-alarm-list.h"
#include "im-demo-alarms.h"
#include "im-detector.h"

struct _ImDemoAlarms
{
  GMutex         mutex;
  ImAlarmEngine *engine;
  GHashTable    *detectors; /* machine id -> ImDetector */
  GHashTable    *records;   /* id -> ImAlarm, the latest record */
  guint64        serial;
};

/* The engine's callback: under the mutex, from whoever fed it. */
static void
record_cb (const ImAlarm *alarm,
           gpointer       user_data)
{
  ImDemoAlarms *self = user_data;
  ImAlarm *held = g_hash_table_lookup (self->records, alarm->id);

  if (held == NULL)
    {
      held = g_memdup2 (alarm, sizeof *alarm);
      g_hash_table_insert (self->records, held->id, held);
    }
  else
    {
      *held = *alarm;
    }

  self->serial++;
}

ImDemoAlarms *
im_demo_alarms_new (void)
{
  g_autoptr(ImAlarmRules) rules = im_alarm_rules_new ();
  ImDemoAlarms *self = g_new0 (ImDemoAlarms, 1);

  g_mutex_init (&self->mutex);
  /* Keys point into the values: freeing the value frees both. */
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->engine = im_alarm_engine_new (rules, record_cb, self, NULL);
  self->detectors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) im_detector_free);

  return self;
}

void
im_demo_alarms_free (ImDemoAlarms *self)
{
  if (self == NULL)
    return;

  im_alarm_engine_free (self->engine);
  g_hash_table_unref (self->detectors);
  g_hash_table_unref (self->records);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/* The detector daemon's part: its events raise the anomaly alarms. */
static void
detect (ImDemoAlarms    *self,
        const ImReading *reading)
{
  ImDetectorEvent events[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
  ImDetector *detector = g_hash_table_lookup (self->detectors, reading->machine_id);
  guint n;

  if (detector == NULL)
    {
      ImDetectorParams params;

      im_detector_params_init (&params);
      detector = im_detector_new (&params, reading->machine_id);
      g_hash_table_insert (self->detectors, g_strdup (reading->machine_id), detector);
    }

  n = im_detector_push_reading (detector, reading, NULL, events);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!im_alarm_engine_push_detector_event (self->engine, &events[i], &error))
        g_debug ("Dropped an anomaly event: %s", error->message);
    }
}

void
im_demo_alarms_push (ImDemoAlarms    *self,
                     const ImReading *readings,
                     gsize            n_readings)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (readings != NULL || n_readings == 0);

  g_mutex_lock (&self->mutex);
  for (gsize i = 0; i < n_readings; i++)
    {
      if (im_alarm_engine_push_reading (self->engine, &readings[i]))
        detect (self, &readings[i]);
    }
  g_mutex_unlock (&self->mutex);
}

void
im_demo_alarms_tick (ImDemoAlarms *self,
                     gint64        now_ns)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  im_alarm_engine_tick (self->engine, now_ns);
  g_mutex_unlock (&self->mutex);
}

guint64
im_demo_alarms_get_serial (ImDemoAlarms *self)
{
  guint64 serial;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  serial = self->serial;
  g_mutex_unlock (&self->mutex);

  return serial;
}

GArray *
im_demo_alarms_list (ImDemoAlarms *self,
                     const char   *machine_id,
                     gint64        from_ns,
                     gint64        to_ns)
{
  GArray *alarms = g_array_new (FALSE, FALSE, sizeof (ImAlarm));
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const ImAlarm *alarm = value;

      if (im_alarm_list_wants (alarm, machine_id, from_ns, to_ns))
        g_array_append_vals (alarms, alarm, 1);
    }
  g_mutex_unlock (&self->mutex);

  im_alarm_list_sort_by_start (alarms);

  return alarms;
}

GArray *
im_demo_alarms_acknowledge (ImDemoAlarms  *self,
                            const GArray  *alarms,
                            const char    *user,
                            gint64         time_ns,
                            GError       **error)
{
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (ImAlarm));

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (alarms != NULL, NULL);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < alarms->len; i++)
    {
      const ImAlarm *alarm = &g_array_index (alarms, ImAlarm, i);
      ImAlarm *held = g_hash_table_lookup (self->records, alarm->id);
      ImAlarmAck ack;

      if (held == NULL)
        continue;

      if (!im_alarm_ack_init (&ack, held->id, held->machine_id, user, time_ns + i, error))
        {
          g_mutex_unlock (&self->mutex);
          return NULL;
        }

      /* The engine publishes the acknowledged record (record_cb) when it
       * still holds the alarm; an older one is changed where it is kept. */
      if (!im_alarm_engine_acknowledge (self->engine, &ack) && im_alarm_apply_ack (held, &ack))
        self->serial++;

      g_array_append_vals (done, held, 1);
    }
  g_mutex_unlock (&self->mutex);

  return g_steal_pointer (&done);
}
