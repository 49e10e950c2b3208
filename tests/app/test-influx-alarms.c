/* test-influx-alarms.c — ImInfluxSource's alarms against the real InfluxDB.
 *
 * The alarms are written as the detector daemon writes them: records of
 * lib's alarm engine, through lib's line protocol. The source must list
 * them as the engine holds them, and its acknowledgements must be seen
 * by another instance of the app.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-alarm-engine.h"
#include "im-influx-source.h"
#include "im-influxql.h"
#include "im-test-backend.h"
#include "im-util.h"

#include "im-test-app-util.h"

typedef struct
{
  ImInfluxClient *client;
  char           *database;
  gint64          t0;
  ImAlarm         cleared;   /* MACHINE_A's, raised, escalated and cleared */
  ImAlarm         active;    /* MACHINE_B's, still active */
} Fixture;

static void
collect_cb (const ImAlarm *alarm,
            gpointer       user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (im_alarm_append_line_protocol (alarm, user_data, &error));
  g_assert_no_error (error);
}

static void
push (ImAlarmEngine *engine,
      const char    *machine,
      gint64         t0,
      int            from,
      int            to,
      double         temperature)
{
  for (int s = from; s < to; s++)
    {
      ImReading r;

      im_reading_init (&r);
      g_strlcpy (r.machine_id, machine, sizeof r.machine_id);
      g_snprintf (r.sensor_id, sizeof r.sensor_id, "%s-S1", machine);
      r.time_ns = t0 + (gint64) s * IM_NSEC_PER_SEC;
      r.values[IM_SENSOR_TEMPERATURE] = temperature;
      r.values[IM_SENSOR_VIBRATION] = 1.0;
      r.values[IM_SENSOR_PRESSURE] = 50.0;
      r.values[IM_SENSOR_POWER] = 250.0;
      g_assert_true (im_alarm_engine_push_reading (engine, &r));
    }
}

static gboolean
set_up (Fixture *f)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autoptr(ImAlarmRules) rules = im_alarm_rules_new ();
  g_autoptr(ImAlarmEngine) engine = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  if (backend == NULL)
    return FALSE;

  f->database = im_test_unique_name ("im_app_alarms");
  f->client = im_influx_client_new (backend->influxdb_url, f->database);
  g_assert_true (im_influx_client_create_database (f->client, NULL, &error));
  g_assert_no_error (error);

  f->t0 = (im_now_ns () / IM_NSEC_PER_SEC - 3600) * IM_NSEC_PER_SEC;
  engine = im_alarm_engine_new (rules, collect_cb, body, NULL);
  push (engine, "MACHINE_A", f->t0, 0, 60, 55.0);
  push (engine, "MACHINE_A", f->t0, 60, 100, 80.0);
  push (engine, "MACHINE_A", f->t0, 100, 160, 90.0);
  push (engine, "MACHINE_A", f->t0, 160, 300, 55.0);
  push (engine, "MACHINE_B", f->t0, 200, 300, 95.0);
  f->cleared = *im_alarm_engine_lookup (engine, "MACHINE_A", "zone_temperature");
  f->active = *im_alarm_engine_lookup (engine, "MACHINE_B", "zone_temperature");
  g_assert_cmpint (f->cleared.state, ==, IM_ALARM_STATE_CLEARED);
  g_assert_cmpint (f->active.state, ==, IM_ALARM_STATE_ACTIVE);

  g_assert_true (im_influx_client_write (f->client, body->str, body->len, NULL, &error));
  g_assert_no_error (error);

  return TRUE;
}

static void
tear_down (Fixture *f)
{
  g_autoptr(GString) q = g_string_new ("DROP DATABASE ");
  g_autoptr(ImInfluxResult) result = NULL;

  im_influxql_append_identifier (q, f->database);
  result = im_influx_client_query (f->client, q->str, NULL, NULL, NULL);
  g_clear_object (&f->client);
  g_clear_pointer (&f->database, g_free);
}

static GArray *
list (ImInfluxSource *source,
      const char     *machine,
      gint64          from,
      gint64          to)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *alarms;

  im_data_source_list_alarms_async (IM_DATA_SOURCE (source), machine, from, to, NULL,
                                    im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  alarms = im_data_source_list_alarms_finish (IM_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (alarms);

  return alarms;
}

static void
assert_alarm_equal (const ImAlarm *a,
                    const ImAlarm *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->machine_id, ==, b->machine_id);
  g_assert_cmpstr (a->type, ==, b->type);
  g_assert_cmpint (a->severity, ==, b->severity);
  g_assert_cmpint (a->state, ==, b->state);
  g_assert_cmpint (a->started_ns, ==, b->started_ns);
  g_assert_cmpint (a->raised_ns, ==, b->raised_ns);
  g_assert_cmpint (a->cleared_ns, ==, b->cleared_ns);
  g_assert_cmpfloat (a->peak, ==, b->peak);
  g_assert_cmpuint (a->sensors, ==, b->sensors);
}

static void
count_cb (ImDataSource *source,
          guint        *count)
{
  (*count)++;
}

static void
test_list_and_acknowledge (void)
{
  Fixture f = { 0 };
  g_autoptr(ImInfluxSource) source = NULL;
  g_autoptr(ImInfluxSource) other = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) active = NULL;
  g_autoptr(GArray) one = NULL;
  g_autoptr(GArray) hostile = NULL;
  g_autoptr(GArray) done = NULL;
  g_autoptr(GArray) seen = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ImInfluxResult) acks = NULL;
  ImAlarm both[2];
  gint64 at = im_now_ns ();
  guint n_changed = 0;

  if (!set_up (&f))
    {
      g_test_skip ("no InfluxDB backend");
      return;
    }

  source = im_influx_source_new (f.client);
  g_signal_connect (source, "alarms-changed", G_CALLBACK (count_cb), &n_changed);

  all = list (source, NULL, f.t0 - 3600 * IM_NSEC_PER_SEC, f.t0 + 3600 * IM_NSEC_PER_SEC);
  g_assert_cmpuint (all->len, ==, 2);
  /* Oldest start first. */
  assert_alarm_equal (&g_array_index (all, ImAlarm, 0), &f.cleared);
  assert_alarm_equal (&g_array_index (all, ImAlarm, 1), &f.active);

  /* An empty range before both: the active one only. */
  active = list (source, NULL, f.t0 - 7200 * IM_NSEC_PER_SEC, f.t0 - 7200 * IM_NSEC_PER_SEC);
  g_assert_cmpuint (active->len, ==, 1);
  assert_alarm_equal (&g_array_index (active, ImAlarm, 0), &f.active);

  one = list (source, "MACHINE_A", f.t0 - 3600 * IM_NSEC_PER_SEC, f.t0 + 3600 * IM_NSEC_PER_SEC);
  g_assert_cmpuint (one->len, ==, 1);
  assert_alarm_equal (&g_array_index (one, ImAlarm, 0), &f.cleared);

  hostile = list (source, "MACHINE_A' OR 1=1 --", f.t0 - 3600 * IM_NSEC_PER_SEC,
                  f.t0 + 3600 * IM_NSEC_PER_SEC);
  g_assert_cmpuint (hostile->len, ==, 0);

  /* Both at once, a cleared one too. */
  both[0] = f.cleared;
  both[1] = f.active;
  im_data_source_acknowledge_alarms_async (IM_DATA_SOURCE (source), both, 2, "Zoë \"night\" shift",
                                           at, NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  done = im_data_source_acknowledge_alarms_finish (IM_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (done->len, ==, 2);
  g_assert_cmpuint (n_changed, ==, 1);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (g_array_index (done, ImAlarm, i).acknowledged);
      g_assert_cmpint (g_array_index (done, ImAlarm, i).ack_ns, ==, at + i);
    }

  /* The points of the contract, one per alarm. */
  acks = im_influx_client_query (f.client, "SELECT * FROM \"alarm_acks\"", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (im_influx_result_get_n_series (acks), ==, 1);
  g_assert_cmpuint (im_influx_series_get_n_rows (im_influx_result_get_series (acks, 0)), ==, 2);

  /* Another instance of the app sees who acknowledged them, and when. */
  other = im_influx_source_new (f.client);
  seen = list (other, NULL, f.t0 - 3600 * IM_NSEC_PER_SEC, f.t0 + 3600 * IM_NSEC_PER_SEC);
  g_assert_cmpuint (seen->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const ImAlarm *alarm = &g_array_index (seen, ImAlarm, i);

      g_assert_true (alarm->acknowledged);
      g_assert_cmpstr (alarm->ack_user, ==, "Zoë \"night\" shift");
      g_assert_cmpint (alarm->ack_ns, ==, at + i);
      assert_alarm_equal (alarm, i == 0 ? &f.cleared : &f.active);
    }

  tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/influx-alarms/list-and-acknowledge", test_list_and_acknowledge);

  return g_test_run ();
}
