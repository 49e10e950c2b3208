/* test-alarm-engine.c — the alarm lifecycle on series with known answers
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <malloc.h>
#include <math.h>
#include <string.h>

#include "im-alarm-engine.h"
#include "im-util.h"

/* 2026-11-28T00:00:00Z; the tests speak in seconds after it. */
#define T0 (G_GINT64_CONSTANT (1795824000) * IM_NSEC_PER_SEC)
#define AT(s) (T0 + (gint64) (s) * IM_NSEC_PER_SEC)

#define N_TEMP  55.0
#define N_VIB   1.0
#define N_PRESS 50.0
#define N_POWER 250.0

typedef struct
{
  GArray  *alarms;   /* ImAlarm, every record */
  GString *json;     /* the records, one per line */
  guint    n;
} Sink;

static void
collect (const ImAlarm *alarm,
         gpointer       user_data)
{
  Sink *sink = user_data;

  sink->n++;
  if (sink->alarms != NULL)
    g_array_append_val (sink->alarms, *alarm);
  if (sink->json != NULL)
    {
      im_alarm_append_json (alarm, sink->json);
      g_string_append_c (sink->json, '\n');
    }
}

static void
sink_init (Sink *sink)
{
  sink->alarms = g_array_new (FALSE, TRUE, sizeof (ImAlarm));
  sink->json = g_string_new (NULL);
  sink->n = 0;
}

static void
sink_clear (Sink *sink)
{
  g_clear_pointer (&sink->alarms, g_array_unref);
  if (sink->json != NULL)
    g_string_free (sink->json, TRUE);
  sink->json = NULL;
}

static const ImAlarm *
record (Sink  *sink,
        guint  i)
{
  g_assert_cmpuint (i, <, sink->alarms->len);
  return &g_array_index (sink->alarms, ImAlarm, i);
}

static ImAlarmEngine *
engine_new (const char *rules_text,
            Sink       *sink)
{
  g_autoptr(ImAlarmRules) rules = NULL;
  g_autoptr(GError) error = NULL;

  if (rules_text != NULL)
    rules = im_alarm_rules_new_from_data (rules_text, -1, "test.conf", &error);
  else
    rules = im_alarm_rules_new ();
  g_assert_no_error (error);

  return im_alarm_engine_new (rules, collect, sink, NULL);
}

static void
push (ImAlarmEngine *engine,
      const char    *machine_id,
      gint64         time_ns,
      double         temperature,
      double         vibration,
      double         pressure,
      double         power)
{
  ImReading r;

  im_reading_init (&r);
  g_strlcpy (r.machine_id, machine_id, sizeof r.machine_id);
  g_snprintf (r.sensor_id, sizeof r.sensor_id, "%s-S1", machine_id);
  r.time_ns = time_ns;
  r.values[IM_SENSOR_TEMPERATURE] = temperature;
  r.values[IM_SENSOR_VIBRATION] = vibration;
  r.values[IM_SENSOR_PRESSURE] = pressure;
  r.values[IM_SENSOR_POWER] = power;
  g_assert_true (im_alarm_engine_push_reading (engine, &r));
}

/* One reading a second from @from to @to (exclusive) with @temperature. */
static void
temps (ImAlarmEngine *engine,
       const char    *machine_id,
       int            from,
       int            to,
       double         temperature)
{
  for (int s = from; s < to; s++)
    push (engine, machine_id, AT (s), temperature, N_VIB, N_PRESS, N_POWER);
}

static void
test_pending_then_raise (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine = engine_new (NULL, &sink);
  const ImAlarm *a;

  sink_init (&sink);
  temps (engine, "M1", 0, 60, N_TEMP);
  temps (engine, "M1", 60, 89, 80.0);
  /* 29 s in the warning zone: still pending, nothing published. */
  g_assert_cmpuint (sink.alarms->len, ==, 0);
  a = im_alarm_engine_lookup (engine, "M1", "zone_temperature");
  g_assert_nonnull (a);
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_PENDING);

  temps (engine, "M1", 89, 100, 80.0);
  g_assert_cmpuint (sink.alarms->len, ==, 1);
  a = record (&sink, 0);
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_ACTIVE);
  g_assert_cmpstr (a->machine_id, ==, "M1");
  g_assert_cmpstr (a->type, ==, "zone_temperature");
  g_assert_cmpint (a->kind, ==, IM_ALARM_KIND_ZONE);
  g_assert_cmpuint (a->sensors, ==, 1u << IM_SENSOR_TEMPERATURE);
  g_assert_cmpint (a->severity, ==, IM_ALARM_SEVERITY_WARNING);
  g_assert_cmpint (a->started_ns, ==, AT (60));
  g_assert_cmpint (a->raised_ns, ==, AT (89));
  g_assert_cmpint (a->updated_ns, ==, AT (89));
  g_assert_cmpfloat (a->value, ==, 80.0);
  g_assert_cmpfloat (a->peak, ==, 80.0);
  g_assert_cmpfloat (a->threshold, ==, 70.0);
  g_assert_cmpuint (a->count, ==, 1);
  g_assert_false (a->acknowledged);
  g_assert_cmpuint (strlen (a->id), ==, IM_ALARM_ID_LEN);

  sink_clear (&sink);
}

static void
test_short_excursion (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine = engine_new (NULL, &sink);

  sink_init (&sink);
  temps (engine, "M1", 0, 60, N_TEMP);
  temps (engine, "M1", 60, 89, 90.0);   /* 29 s, critical even */
  temps (engine, "M1", 89, 400, N_TEMP);
  g_assert_cmpuint (sink.alarms->len, ==, 0);
  /* The episode ended after the hysteresis: nothing is left of it. */
  g_assert_null (im_alarm_engine_lookup (engine, "M1", "zone_temperature"));

  /* Isolated spikes never add up to the pending time. */
  for (int s = 400; s < 1400; s++)
    push (engine, "M1", AT (s), s % 50 == 0 ? 95.0 : N_TEMP, N_VIB, N_PRESS, N_POWER);
  g_assert_cmpuint (sink.alarms->len, ==, 0);

  sink_clear (&sink);
}

static void
test_update_without_second_alarm (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine = engine_new (NULL, &sink);
  const ImAlarm *raise, *update, *clear;

  sink_init (&sink);
  temps (engine, "M1", 0, 60, N_TEMP);
  temps (engine, "M1", 60, 100, 80.0);   /* raised at 89 */
  temps (engine, "M1", 100, 110, 60.0);  /* 10 s back: less than the hysteresis */
  temps (engine, "M1", 110, 130, 83.0);  /* a repeat */
  temps (engine, "M1", 130, 300, N_TEMP);

  g_assert_cmpuint (sink.alarms->len, ==, 3);
  raise = record (&sink, 0);
  update = record (&sink, 1);
  clear = record (&sink, 2);
  g_assert_cmpstr (raise->id, ==, update->id);
  g_assert_cmpstr (raise->id, ==, clear->id);

  g_assert_cmpint (update->state, ==, IM_ALARM_STATE_ACTIVE);
  g_assert_cmpuint (update->count, ==, 2);
  g_assert_cmpfloat (update->peak, ==, 83.0);
  g_assert_cmpfloat (update->value, ==, 80.0);
  g_assert_cmpint (update->updated_ns, ==, AT (110));
  g_assert_cmpint (update->raised_ns, ==, AT (89));

  g_assert_cmpint (clear->state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_cmpint (clear->cleared_ns, ==, AT (190));
  g_assert_cmpuint (clear->count, ==, 2);
  g_assert_cmpfloat (clear->peak, ==, 83.0);

  sink_clear (&sink);
}

static void
test_escalation (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine = engine_new (NULL, &sink);
  const ImAlarm *a;

  sink_init (&sink);
  temps (engine, "M1", 0, 60, N_TEMP);
  temps (engine, "M1", 60, 100, 80.0);    /* warning, raised at 89 */
  temps (engine, "M1", 100, 160, 90.0);   /* critical from 100 */
  temps (engine, "M1", 160, 300, N_TEMP); /* clears at 220 */

  g_assert_cmpuint (sink.alarms->len, ==, 4);
  for (guint i = 1; i < sink.alarms->len; i++)
    g_assert_cmpstr (record (&sink, i)->id, ==, record (&sink, 0)->id);

  a = record (&sink, 0);
  g_assert_cmpint (a->severity, ==, IM_ALARM_SEVERITY_WARNING);
  /* The new peak, published 11 s after the last record (at most every 10 s). */
  a = record (&sink, 1);
  g_assert_cmpint (a->updated_ns, ==, AT (100));
  g_assert_cmpfloat (a->peak, ==, 90.0);
  g_assert_cmpint (a->severity, ==, IM_ALARM_SEVERITY_WARNING);
  /* 30 s in the critical zone: the same alarm becomes critical. */
  a = record (&sink, 2);
  g_assert_cmpint (a->updated_ns, ==, AT (129));
  g_assert_cmpint (a->severity, ==, IM_ALARM_SEVERITY_CRITICAL);
  g_assert_cmpfloat (a->threshold, ==, 85.0);
  g_assert_cmpuint (a->count, ==, 1);
  a = record (&sink, 3);
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_cmpint (a->severity, ==, IM_ALARM_SEVERITY_CRITICAL);
  g_assert_cmpint (a->cleared_ns, ==, AT (220));

  /* Straight into the critical zone: raised critical. */
  temps (engine, "M2", 0, 60, N_TEMP);
  temps (engine, "M2", 60, 100, 95.0);
  a = im_alarm_engine_lookup (engine, "M2", "zone_temperature");
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_ACTIVE);
  g_assert_cmpint (a->severity, ==, IM_ALARM_SEVERITY_CRITICAL);
  g_assert_cmpint (a->raised_ns, ==, AT (89));

  /* Pressure below its band: the low limits. */
  for (int s = 0; s < 100; s++)
    push (engine, "M3", AT (s), N_TEMP, N_VIB, s < 60 ? N_PRESS : 35.0, N_POWER);
  a = im_alarm_engine_lookup (engine, "M3", "zone_pressure");
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_ACTIVE);
  g_assert_cmpfloat (a->threshold, ==, 40.0);
  g_assert_cmpint (a->severity, ==, IM_ALARM_SEVERITY_WARNING);

  sink_clear (&sink);
}

static void
test_clear_hysteresis (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine = engine_new (NULL, &sink);
  g_autoptr(ImAlarmEngine) margin = NULL;
  const ImAlarm *a;

  sink_init (&sink);
  temps (engine, "M1", 0, 60, N_TEMP);
  temps (engine, "M1", 60, 100, 80.0);   /* raised at 89 */
  temps (engine, "M1", 100, 140, N_TEMP);
  temps (engine, "M1", 140, 141, 80.0);  /* one reading back in the zone */
  temps (engine, "M1", 141, 200, N_TEMP);
  a = im_alarm_engine_lookup (engine, "M1", "zone_temperature");
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_ACTIVE);
  temps (engine, "M1", 200, 202, N_TEMP);
  a = im_alarm_engine_lookup (engine, "M1", "zone_temperature");
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_cmpint (a->cleared_ns, ==, AT (201));
  g_assert_cmpuint (a->count, ==, 2);
  sink_clear (&sink);

  /* A value margin: 68 °C is normal, but not 5 °C inside the band. */
  sink_init (&sink);
  margin = engine_new ("[zone:temperature]\nclear_margin = 5\n", &sink);
  temps (margin, "M1", 0, 60, N_TEMP);
  temps (margin, "M1", 60, 100, 80.0);
  temps (margin, "M1", 100, 300, 68.0);
  a = im_alarm_engine_lookup (margin, "M1", "zone_temperature");
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_ACTIVE);
  g_assert_cmpuint (a->count, ==, 1);
  temps (margin, "M1", 300, 400, 64.0);
  a = im_alarm_engine_lookup (margin, "M1", "zone_temperature");
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_cmpint (a->cleared_ns, ==, AT (360));
  g_assert_cmpuint (sink.alarms->len, ==, 2);
  sink_clear (&sink);
}

static void
test_flapping (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine = engine_new (NULL, &sink);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint raised = 0, cleared = 0;
  const ImAlarm *last;

  sink_init (&sink);
  temps (engine, "M1", 0, 60, N_TEMP);
  /* Ten minutes: 5 s at 80 °C, 5 s at 60 °C. */
  for (int cycle = 0; cycle < 60; cycle++)
    {
      temps (engine, "M1", 60 + 10 * cycle, 65 + 10 * cycle, 80.0);
      temps (engine, "M1", 65 + 10 * cycle, 70 + 10 * cycle, 60.0);
    }
  temps (engine, "M1", 660, 900, N_TEMP);

  for (guint i = 0; i < sink.alarms->len; i++)
    {
      const ImAlarm *a = record (&sink, i);

      g_hash_table_add (ids, (gpointer) a->id);
      if (a->state == IM_ALARM_STATE_CLEARED)
        cleared++;
      if (a->count == 1 && a->updated_ns == a->raised_ns)
        raised++;
    }

  g_assert_cmpuint (g_hash_table_size (ids), ==, 1);
  g_assert_cmpuint (raised, ==, 1);
  g_assert_cmpuint (cleared, ==, 1);
  /* Six cycles of 5 s make the pending 30 s: raised in the sixth. */
  g_assert_cmpint (record (&sink, 0)->raised_ns, ==, AT (114));
  last = record (&sink, sink.alarms->len - 1);
  g_assert_cmpint (last->state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_cmpint (last->cleared_ns, ==, AT (715));
  /* The 54 excursions after the raise are repeats of it. */
  g_assert_cmpuint (last->count, ==, 55);

  sink_clear (&sink);
}

static void
test_acknowledge (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine = engine_new (NULL, &sink);
  ImAlarmAck ack, unknown;
  ImAlarm active;
  const ImAlarm *a;
  guint n;

  sink_init (&sink);
  temps (engine, "M1", 0, 60, N_TEMP);
  temps (engine, "M1", 60, 100, 80.0);
  g_assert_cmpuint (sink.alarms->len, ==, 1);
  active = *record (&sink, 0);

  /* Before the clear. */
  g_assert_true (im_alarm_ack_init (&ack, active.id, "M1", "ann", AT (95), NULL));
  g_assert_true (im_alarm_engine_acknowledge (engine, &ack));
  g_assert_cmpuint (sink.alarms->len, ==, 2);
  a = record (&sink, 1);
  g_assert_true (a->acknowledged);
  g_assert_cmpstr (a->ack_user, ==, "ann");
  g_assert_cmpint (a->ack_ns, ==, AT (95));
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_ACTIVE);
  g_assert_cmpint (a->updated_ns, ==, active.updated_ns);

  /* A redelivered acknowledgement publishes nothing. */
  g_assert_true (im_alarm_engine_acknowledge (engine, &ack));
  g_assert_cmpuint (sink.alarms->len, ==, 2);

  /* It survives updates and the clear. */
  temps (engine, "M1", 100, 110, N_TEMP);
  temps (engine, "M1", 110, 120, 84.0);
  temps (engine, "M1", 120, 200, N_TEMP);
  n = sink.alarms->len;
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (record (&sink, 2)->count, ==, 2);
  for (guint i = 2; i < n; i++)
    {
      g_assert_true (record (&sink, i)->acknowledged);
      g_assert_cmpstr (record (&sink, i)->ack_user, ==, "ann");
    }
  g_assert_cmpint (record (&sink, n - 1)->state, ==, IM_ALARM_STATE_CLEARED);

  /* After the clear: a second alarm, cleared unacknowledged, then acknowledged. */
  temps (engine, "M1", 200, 240, 80.0);
  temps (engine, "M1", 240, 320, N_TEMP);
  a = im_alarm_engine_lookup (engine, "M1", "zone_temperature");
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_false (a->acknowledged);
  g_assert_cmpstr (a->id, !=, active.id);
  /* The machine in the acknowledgement is only a hint. */
  g_assert_true (im_alarm_ack_init (&ack, a->id, "M9", "bob", AT (400), NULL));
  n = sink.alarms->len;
  g_assert_true (im_alarm_engine_acknowledge (engine, &ack));
  g_assert_cmpuint (sink.alarms->len, ==, n + 1);
  a = record (&sink, n);
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_true (a->acknowledged);
  g_assert_cmpstr (a->ack_user, ==, "bob");

  /* The first alarm is no longer held: the caller applies it to the record. */
  g_assert_true (im_alarm_ack_init (&unknown, active.id, "M1", "cy", AT (500), NULL));
  g_assert_false (im_alarm_engine_acknowledge (engine, &unknown));
  g_assert_true (im_alarm_ack_init (&unknown, "0123456789abcdef0123456789abcdef", "M1", "cy",
                                    AT (500), NULL));
  g_assert_false (im_alarm_engine_acknowledge (engine, &unknown));

  sink_clear (&sink);
}

static void
test_inactivity (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine = engine_new (NULL, &sink);
  g_autoptr(ImAlarmEngine) configured = NULL;
  const ImAlarm *a;

  sink_init (&sink);
  /* One reading: no interval known yet, no inactivity. */
  temps (engine, "M2", 0, 1, N_TEMP);
  temps (engine, "M1", 0, 60, N_TEMP);   /* last reading at 59, every 1 s */
  im_alarm_engine_tick (engine, AT (64));
  im_alarm_engine_tick (engine, AT (69));   /* exactly 10 intervals: not longer */
  g_assert_cmpuint (sink.alarms->len, ==, 0);

  im_alarm_engine_tick (engine, AT (73));
  g_assert_cmpuint (sink.alarms->len, ==, 1);
  a = record (&sink, 0);
  g_assert_cmpstr (a->machine_id, ==, "M1");
  g_assert_cmpstr (a->type, ==, "inactivity");
  g_assert_cmpint (a->kind, ==, IM_ALARM_KIND_INACTIVITY);
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_ACTIVE);
  g_assert_cmpint (a->severity, ==, IM_ALARM_SEVERITY_MAJOR);
  g_assert_cmpint (a->started_ns, ==, AT (59));
  /* Raised where the limit ran out, not when the tick came. */
  g_assert_cmpint (a->raised_ns, ==, AT (69));
  g_assert_cmpfloat (a->threshold, ==, 10.0);

  im_alarm_engine_tick (engine, AT (75));   /* 6 s after the last record */
  g_assert_cmpuint (sink.alarms->len, ==, 1);
  im_alarm_engine_tick (engine, AT (80));
  g_assert_cmpuint (sink.alarms->len, ==, 2);
  g_assert_cmpfloat (record (&sink, 1)->peak, ==, 21.0);

  temps (engine, "M1", 100, 101, N_TEMP);
  g_assert_cmpuint (sink.alarms->len, ==, 3);
  a = record (&sink, 2);
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_cmpint (a->cleared_ns, ==, AT (100));
  g_assert_cmpfloat (a->peak, ==, 41.0);
  g_assert_cmpstr (a->id, ==, record (&sink, 0)->id);

  /* The silence was not learnt as the interval: 10 s later it raises again. */
  temps (engine, "M1", 101, 110, N_TEMP);
  im_alarm_engine_tick (engine, AT (121));
  a = im_alarm_engine_lookup (engine, "M1", "inactivity");
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_ACTIVE);
  g_assert_cmpint (a->raised_ns, ==, AT (119));
  sink_clear (&sink);

  /* A configured interval. */
  sink_init (&sink);
  configured = engine_new ("[machine:M1]\ninterval = 5s\n[inactivity]\nmultiple = 3\n", &sink);
  temps (configured, "M1", 0, 60, N_TEMP);
  im_alarm_engine_tick (configured, AT (74));
  g_assert_cmpuint (sink.alarms->len, ==, 0);
  im_alarm_engine_tick (configured, AT (75));
  g_assert_cmpuint (sink.alarms->len, ==, 1);
  g_assert_cmpint (record (&sink, 0)->raised_ns, ==, AT (74));
  sink_clear (&sink);
}

static void
test_machine_override (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine =
    engine_new ("[machine:MACHINE_007:temperature]\nwarning_above = 75\n", &sink);
  const ImAlarm *a;

  sink_init (&sink);
  for (int s = 0; s < 60; s++)
    {
      push (engine, "MACHINE_001", AT (s), N_TEMP, N_VIB, N_PRESS, N_POWER);
      push (engine, "MACHINE_007", AT (s), N_TEMP, N_VIB, N_PRESS, N_POWER);
    }
  for (int s = 60; s < 120; s++)
    {
      push (engine, "MACHINE_001", AT (s), 73.0, N_VIB, N_PRESS, N_POWER);
      push (engine, "MACHINE_007", AT (s), 73.0, N_VIB, N_PRESS, N_POWER);
    }
  g_assert_cmpuint (sink.alarms->len, ==, 1);
  g_assert_cmpstr (record (&sink, 0)->machine_id, ==, "MACHINE_001");
  g_assert_cmpfloat (record (&sink, 0)->threshold, ==, 70.0);
  g_assert_null (im_alarm_engine_lookup (engine, "MACHINE_007", "zone_temperature"));

  for (int s = 120; s < 180; s++)
    {
      push (engine, "MACHINE_001", AT (s), 78.0, N_VIB, N_PRESS, N_POWER);
      push (engine, "MACHINE_007", AT (s), 78.0, N_VIB, N_PRESS, N_POWER);
    }
  a = im_alarm_engine_lookup (engine, "MACHINE_007", "zone_temperature");
  g_assert_nonnull (a);
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_ACTIVE);
  g_assert_cmpint (a->raised_ns, ==, AT (149));
  g_assert_cmpfloat (a->threshold, ==, 75.0);
  g_assert_cmpstr (a->machine_id, ==, "MACHINE_007");

  sink_clear (&sink);
}

static void
test_sensor_disabled (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine =
    engine_new ("[machine:M1:power]\nenabled = false\n[machine:M2]\nenabled = false\n", &sink);

  sink_init (&sink);
  for (int s = 0; s < 200; s++)
    {
      push (engine, "M1", AT (s), N_TEMP, N_VIB, N_PRESS, 450.0);
      push (engine, "M2", AT (s), 99.0, 3.0, 20.0, 450.0);
      push (engine, "M3", AT (s), N_TEMP, N_VIB, N_PRESS, 450.0);
    }
  im_alarm_engine_tick (engine, AT (1000));
  /* M3's power alarm, and the inactivity of M1 and M3; nothing of M2. */
  g_assert_cmpuint (sink.alarms->len, ==, 3);
  g_assert_cmpstr (record (&sink, 0)->machine_id, ==, "M3");
  g_assert_cmpstr (record (&sink, 0)->type, ==, "zone_power");
  g_assert_null (im_alarm_engine_lookup (engine, "M1", "zone_power"));
  g_assert_null (im_alarm_engine_lookup (engine, "M2", "inactivity"));
  g_assert_nonnull (im_alarm_engine_lookup (engine, "M1", "inactivity"));

  sink_clear (&sink);
}

static void
test_anomaly (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine = engine_new ("[anomaly:drift]\nenabled = false\n", &sink);
  g_autoptr(GError) error = NULL;
  ImAlarmAnomalyEvent ev = { 0 };
  const ImAlarm *a;
  char first_id[IM_ALARM_ID_LEN + 1];

  sink_init (&sink);
  ev.machine_id = "M1";
  ev.type = "spike";
  ev.sensors = 1u << IM_SENSOR_TEMPERATURE;
  ev.start_ns = AT (100);
  ev.end_ns = AT (100);
  ev.detected_ns = AT (101);
  ev.score = 0.8;
  g_assert_true (im_alarm_engine_push_anomaly (engine, &ev, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sink.alarms->len, ==, 1);
  a = record (&sink, 0);
  g_assert_cmpstr (a->type, ==, "anomaly_spike");
  g_assert_cmpint (a->kind, ==, IM_ALARM_KIND_ANOMALY);
  g_assert_cmpint (a->severity, ==, IM_ALARM_SEVERITY_MINOR);
  g_assert_cmpint (a->started_ns, ==, AT (100));
  g_assert_cmpint (a->raised_ns, ==, AT (101));
  g_assert_cmpfloat (a->value, ==, 0.8);
  g_assert_true (isnan (a->threshold));
  g_strlcpy (first_id, a->id, sizeof first_id);

  /* Redelivered: nothing new. */
  g_assert_true (im_alarm_engine_push_anomaly (engine, &ev, NULL));
  g_assert_cmpuint (sink.alarms->len, ==, 1);

  /* Another spike within the hysteresis is a repeat. */
  ev.sensors = 1u << IM_SENSOR_VIBRATION;
  ev.start_ns = AT (130);
  ev.end_ns = AT (131);
  ev.detected_ns = AT (132);
  ev.score = 0.9;
  g_assert_true (im_alarm_engine_push_anomaly (engine, &ev, NULL));
  g_assert_cmpuint (sink.alarms->len, ==, 2);
  a = record (&sink, 1);
  g_assert_cmpstr (a->id, ==, first_id);
  g_assert_cmpuint (a->count, ==, 2);
  g_assert_cmpfloat (a->peak, ==, 0.9);
  g_assert_cmpfloat (a->value, ==, 0.8);
  g_assert_cmpuint (a->sensors, ==, (1u << IM_SENSOR_TEMPERATURE) | (1u << IM_SENSOR_VIBRATION));

  im_alarm_engine_tick (engine, AT (190));
  g_assert_cmpuint (sink.alarms->len, ==, 2);
  im_alarm_engine_tick (engine, AT (250));
  g_assert_cmpuint (sink.alarms->len, ==, 3);
  a = record (&sink, 2);
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_cmpint (a->cleared_ns, ==, AT (191));

  /* A later spike: a new alarm. */
  ev.start_ns = AT (300);
  ev.end_ns = AT (300);
  ev.detected_ns = AT (301);
  g_assert_true (im_alarm_engine_push_anomaly (engine, &ev, NULL));
  g_assert_cmpstr (record (&sink, 3)->id, !=, first_id);
  g_assert_cmpint (record (&sink, 3)->state, ==, IM_ALARM_STATE_ACTIVE);

  /* Wear stays active while its event is open, and is maintenance required. */
  ev.type = "wear";
  ev.open = TRUE;
  ev.start_ns = AT (400);
  ev.end_ns = AT (450);
  ev.detected_ns = AT (450);
  ev.score = 0.6;
  g_assert_true (im_alarm_engine_push_anomaly (engine, &ev, NULL));
  a = im_alarm_engine_lookup (engine, "M1", "anomaly_wear");
  g_assert_cmpint (a->severity, ==, IM_ALARM_SEVERITY_WARNING);
  im_alarm_engine_tick (engine, AT (2000));
  a = im_alarm_engine_lookup (engine, "M1", "anomaly_wear");
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_ACTIVE);
  ev.open = FALSE;
  ev.end_ns = AT (2100);
  ev.detected_ns = AT (450);
  g_assert_true (im_alarm_engine_push_anomaly (engine, &ev, NULL));
  a = im_alarm_engine_lookup (engine, "M1", "anomaly_wear");
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_ACTIVE);
  g_assert_cmpuint (a->count, ==, 1);
  im_alarm_engine_tick (engine, AT (2200));
  a = im_alarm_engine_lookup (engine, "M1", "anomaly_wear");
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_cmpint (a->cleared_ns, ==, AT (2160));

  /* A disabled type raises nothing; a bad one is an error. */
  ev.type = "drift";
  g_assert_true (im_alarm_engine_push_anomaly (engine, &ev, NULL));
  g_assert_null (im_alarm_engine_lookup (engine, "M1", "anomaly_drift"));
  ev.type = "not a type";
  g_assert_false (im_alarm_engine_push_anomaly (engine, &ev, &error));
  g_assert_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not a type"));

  sink_clear (&sink);
}

static void
test_pipeline (void)
{
  Sink sink;
  g_autoptr(ImAlarmEngine) engine = engine_new (NULL, &sink);
  const ImAlarm *a;

  sink_init (&sink);
  for (int s = 0; s <= 50; s += 10)
    g_assert_true (im_alarm_engine_push_pipeline (engine, "ingestion",
                                                  IM_ALARM_PIPELINE_INGESTION_LAG, AT (s), 5000));
  for (int s = 60; s < 100; s += 10)
    g_assert_true (im_alarm_engine_push_pipeline (engine, "ingestion",
                                                  IM_ALARM_PIPELINE_INGESTION_LAG, AT (s), 20000));
  for (int s = 100; s < 200; s += 10)
    g_assert_true (im_alarm_engine_push_pipeline (engine, "ingestion",
                                                  IM_ALARM_PIPELINE_INGESTION_LAG, AT (s), 4000));
  g_assert_false (im_alarm_engine_push_pipeline (engine, "ingestion",
                                                 IM_ALARM_PIPELINE_INGESTION_LAG, AT (0), 1));
  g_assert_false (im_alarm_engine_push_pipeline (engine, "ingestion",
                                                 IM_ALARM_PIPELINE_DEAD_LETTER_RATE, AT (0), NAN));

  g_assert_cmpuint (sink.alarms->len, ==, 2);
  a = record (&sink, 0);
  g_assert_cmpstr (a->machine_id, ==, "ingestion");
  g_assert_cmpstr (a->type, ==, "pipeline_ingestion_lag");
  g_assert_cmpint (a->kind, ==, IM_ALARM_KIND_PIPELINE);
  g_assert_cmpint (a->severity, ==, IM_ALARM_SEVERITY_MAJOR);
  g_assert_cmpint (a->started_ns, ==, AT (60));
  g_assert_cmpint (a->raised_ns, ==, AT (80));
  g_assert_cmpfloat (a->value, ==, 20000);
  g_assert_cmpfloat (a->threshold, ==, 10000);
  a = record (&sink, 1);
  g_assert_cmpint (a->state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_cmpint (a->cleared_ns, ==, AT (160));

  sink_clear (&sink);
}

/* A day of five machines wandering in and out of their zones, with
 * anomalies and ticks: run twice, the records are the same bytes. */
static char *
run_mixed (void)
{
  static const char * const machines[] = { "M1", "M2", "M3", "M4", "M5" };
  Sink sink = { NULL, g_string_new (NULL), 0 };
  g_autoptr(ImAlarmEngine) engine = engine_new ("[machine:M3:temperature]\nwarning_above = 65\n",
                                                &sink);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  double level[G_N_ELEMENTS (machines)][IM_N_SENSORS];
  static const double base[IM_N_SENSORS] = { N_TEMP, N_VIB, N_PRESS, N_POWER };
  static const double step[IM_N_SENSORS] = { 0.6, 0.03, 0.5, 3.0 };

  for (guint m = 0; m < G_N_ELEMENTS (machines); m++)
    for (guint s = 0; s < IM_N_SENSORS; s++)
      level[m][s] = base[s];

  for (int t = 0; t < 86400; t += 2)
    {
      for (guint m = 0; m < G_N_ELEMENTS (machines); m++)
        {
          ImReading r;

          /* M5 goes silent for an hour at noon. */
          if (m == 4 && t >= 43200 && t < 46800)
            continue;

          im_reading_init (&r);
          g_strlcpy (r.machine_id, machines[m], sizeof r.machine_id);
          g_strlcpy (r.sensor_id, "S1", sizeof r.sensor_id);
          r.time_ns = AT (t);
          for (guint s = 0; s < IM_N_SENSORS; s++)
            {
              level[m][s] += g_rand_double_range (rand, -step[s], step[s]);
              /* Pulled back towards normal, loosely. */
              level[m][s] += (base[s] - level[m][s]) * 0.002;
              r.values[s] = MAX (level[m][s], 0.0);
            }
          g_assert_true (im_alarm_engine_push_reading (engine, &r));

          if (g_rand_int_range (rand, 0, 2000) == 0)
            {
              ImAlarmAnomalyEvent ev = {
                machines[m], g_rand_boolean (rand) ? "spike" : "drift", FALSE,
                1u << g_rand_int_range (rand, 0, IM_N_SENSORS),
                AT (t - 4), AT (t), AT (t), g_rand_double (rand)
              };

              g_assert_true (im_alarm_engine_push_anomaly (engine, &ev, NULL));
            }
        }
      if (t % 10 == 0)
        {
          im_alarm_engine_push_pipeline (engine, "ingestion", IM_ALARM_PIPELINE_DEAD_LETTER_RATE,
                                         AT (t), t % 7200 < 600 ? 3.0 : 0.0);
          im_alarm_engine_tick (engine, AT (t));
        }
    }

  return g_string_free (sink.json, FALSE);
}

static void
test_determinism (void)
{
  g_autofree char *first = run_mixed ();
  g_autofree char *second = run_mixed ();
  guint lines = 0;

  for (const char *p = first; *p != '\0'; p++)
    lines += *p == '\n';

  g_test_message ("%u records, %zu bytes", lines, strlen (first));
  /* Enough happened to mean something: zones, anomalies, silence, pipeline. */
  g_assert_cmpuint (lines, >, 50);
  g_assert_nonnull (strstr (first, "\"type\":\"inactivity\""));
  g_assert_nonnull (strstr (first, "\"type\":\"anomaly_spike\""));
  g_assert_nonnull (strstr (first, "\"type\":\"pipeline_dead_letter_rate\""));
  g_assert_nonnull (strstr (first, "\"kind\":\"zone\""));
  g_assert_cmpstr (first, ==, second);
}

/* Every record reads back as itself. */
static void
test_json_round_trip (void)
{
  g_autofree char *records = run_mixed ();
  g_auto(GStrv) lines = g_strsplit (records, "\n", -1);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++, n++)
    {
      g_autofree char *again = NULL;
      ImAlarm a;

      if (!im_alarm_from_json (&a, lines[i], -1, &error))
        g_error ("%s: %s", lines[i], error->message);
      again = im_alarm_to_json (&a);
      g_assert_cmpstr (again, ==, lines[i]);
    }
  g_assert_cmpuint (n, >, 50);

  {
    static const struct {
      const char *json;
      const char *part;
    } bad[] = {
      { "not json", "not JSON" },
      { "[1]", "not a JSON object" },
      { "{\"schema_version\":2}", "schema_version: unknown version" },
      { "{\"schema_version\":1,\"id\":\"xyz\",\"machine_id\":\"M\",\"type\":\"t\"}",
        "id: not 32" },
      { "{\"schema_version\":1,\"id\":\"0123456789abcdef0123456789abcdef\","
        "\"machine_id\":\"M\",\"type\":\"zone_power\",\"kind\":\"zone\","
        "\"sensors\":[\"power\"],\"severity\":\"severe\"}", "severity: not critical" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        ImAlarm a;

        g_clear_error (&error);
        g_assert_false (im_alarm_from_json (&a, bad[i].json, -1, &error));
        g_assert_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID);
        if (strstr (error->message, bad[i].part) == NULL)
          g_error ("%s: expected “%s” in “%s”", bad[i].json, bad[i].part, error->message);
      }
  }
}

/* A restart: the new engine is seeded with the records the old one
 * published and re-reads its input from an earlier offset. It continues
 * the same alarm and ends it with the same record, byte for byte. */
static void
test_restore_after_restart (void)
{
  Sink before, after;
  g_autoptr(ImAlarmEngine) first = engine_new (NULL, &before);
  g_autoptr(ImAlarmEngine) second = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *last_first = NULL;
  g_autofree char *last_second = NULL;
  ImAlarm restored;

  sink_init (&before);
  temps (first, "M1", 0, 60, N_TEMP);
  temps (first, "M1", 60, 120, 80.0);
  /* What the first engine had published when it stopped at 120 s. */
  lines = g_strsplit (before.json->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  temps (first, "M1", 120, 160, 80.0);
  temps (first, "M1", 160, 300, N_TEMP);
  g_assert_cmpuint (before.alarms->len, ==, 2);
  last_first = im_alarm_to_json (record (&before, 1));

  sink_init (&after);
  second = engine_new (NULL, &after);
  g_assert_true (im_alarm_from_json (&restored, lines[0], -1, &error));
  g_assert_no_error (error);
  g_assert_true (im_alarm_engine_restore (second, &restored, &error));
  g_assert_no_error (error);
  /* Restoring it twice, or an older record, changes nothing. */
  g_assert_true (im_alarm_engine_restore (second, &restored, &error));
  temps (second, "M1", 100, 160, 80.0);
  temps (second, "M1", 160, 300, N_TEMP);
  g_assert_cmpuint (after.alarms->len, ==, 1);
  last_second = im_alarm_to_json (record (&after, 0));
  g_assert_cmpstr (last_second, ==, last_first);

  /* An acknowledgement read back applies to the restored alarm too. */
  {
    ImAlarmAck ack;

    g_assert_true (im_alarm_ack_init (&ack, restored.id, "M1", "ann", AT (400), NULL));
    g_assert_true (im_alarm_engine_acknowledge (second, &ack));
    g_assert_true (record (&after, 1)->acknowledged);
  }

  /* A second alarm of the same machine and type cannot be restored over it. */
  temps (second, "M1", 300, 400, 80.0);
  restored.started_ns = AT (1);
  im_alarm_set_id (&restored);
  g_assert_false (im_alarm_engine_restore (second, &restored, &error));
  g_assert_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID);

  sink_clear (&before);
  sink_clear (&after);
}

/* A million readings of a hundred machines, alarms raised and cleared all
 * along: the engine's size does not move once every machine was seen, nor
 * does the heap. */
static void
test_constant_memory (void)
{
  Sink sink = { NULL, NULL, 0 };
  g_autoptr(ImAlarmEngine) engine = engine_new (NULL, &sink);
  char ids[100][16];
  gsize size_after_first = 0;
#if !defined(__SANITIZE_ADDRESS__)
  gsize heap_after_first = 0;
#endif
  guint n_first = 0;
  /* under valgrind 400 000 readings, which still cross 1 400 records */
  const guint n_machines = 100;
  const guint n_rounds = g_getenv ("IM_TEST_VALGRIND") != NULL ? 4000 : 10000;

  for (guint m = 0; m < n_machines; m++)
    g_snprintf (ids[m], sizeof ids[m], "MACHINE_%03u", m);

  for (guint round = 0; round < n_rounds; round++)
    {
      for (guint m = 0; m < n_machines; m++)
        {
          /* Each machine: 300 s normal, 120 s hot, shifted per machine. */
          guint phase = (round + m * 7) % 420;
          double temp = phase >= 300 ? 80.0 + (phase % 7) : N_TEMP;

          push (engine, ids[m], AT (round), temp, N_VIB, N_PRESS, N_POWER);
        }
      if (round == 999)
        {
          size_after_first = im_alarm_engine_get_size (engine);
          n_first = sink.n;
#if !defined(__SANITIZE_ADDRESS__)
          /* ASan keeps its own heap: mallinfo2() does not see it. */
          heap_after_first = mallinfo2 ().uordblks;
#endif
        }
    }

  g_test_message ("%u records; engine %zu bytes (%zu per machine)", sink.n,
                  im_alarm_engine_get_size (engine),
                  im_alarm_engine_get_size (engine) / n_machines);
  g_assert_cmpuint (im_alarm_engine_get_n_machines (engine), ==, n_machines);
  g_assert_cmpuint (sink.n, >, n_first + 1000);
  g_assert_cmpuint (im_alarm_engine_get_size (engine), ==, size_after_first);
  g_assert_cmpuint (im_alarm_engine_get_size (engine) / n_machines, <, 8192);

#if !defined(__SANITIZE_ADDRESS__)
  {
    struct mallinfo2 mi = mallinfo2 ();

    g_test_message ("heap in use: %zu bytes after 100 000 readings, %zu after %u",
                    heap_after_first, mi.uordblks, n_rounds * n_machines);
    g_assert_cmpuint (mi.uordblks, <=, heap_after_first + 64 * 1024);
  }
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/alarm-engine/pending-then-raise", test_pending_then_raise);
  g_test_add_func ("/alarm-engine/short-excursion", test_short_excursion);
  g_test_add_func ("/alarm-engine/update", test_update_without_second_alarm);
  g_test_add_func ("/alarm-engine/escalation", test_escalation);
  g_test_add_func ("/alarm-engine/clear-hysteresis", test_clear_hysteresis);
  g_test_add_func ("/alarm-engine/flapping", test_flapping);
  g_test_add_func ("/alarm-engine/acknowledge", test_acknowledge);
  g_test_add_func ("/alarm-engine/inactivity", test_inactivity);
  g_test_add_func ("/alarm-engine/machine-override", test_machine_override);
  g_test_add_func ("/alarm-engine/sensor-disabled", test_sensor_disabled);
  g_test_add_func ("/alarm-engine/anomaly", test_anomaly);
  g_test_add_func ("/alarm-engine/pipeline", test_pipeline);
  g_test_add_func ("/alarm-engine/determinism", test_determinism);
  g_test_add_func ("/alarm-engine/json-round-trip", test_json_round_trip);
  g_test_add_func ("/alarm-engine/restore", test_restore_after_restart);
  g_test_add_func ("/alarm-engine/constant-memory", test_constant_memory);

  return g_test_run ();
}
