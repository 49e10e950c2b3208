/* test-alarm-influx.c — the alarms and alarm_acks points in a real InfluxDB
 *
 * Every record of one alarm rewrites one point, redelivery changes
 * nothing, and an acknowledgement written as the app will write it reads
 * back as the engine will read it.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-alarm-engine.h"
#include "im-alarm-influx.h"
#include "im-influx-client.h"
#include "im-alarm-influx.h"
#include "im-test-backend.h"
#include "im-util.h"

#define T0 (G_GINT64_CONSTANT (1795824000) * IM_NSEC_PER_SEC)
#define AT(s) (T0 + (gint64) (s) * IM_NSEC_PER_SEC)

static void
collect_lp (const ImAlarm *alarm,
            gpointer       user_data)
{
  GString *lines = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (im_alarm_append_line_protocol (alarm, lines, &error));
  g_assert_no_error (error);
}

static void
push_temperature (ImAlarmEngine *engine,
                  int            from,
                  int            to,
                  double         temperature)
{
  for (int s = from; s < to; s++)
    {
      ImReading r;

      im_reading_init (&r);
      g_strlcpy (r.machine_id, "MACHINE_001", sizeof r.machine_id);
      g_strlcpy (r.sensor_id, "MACHINE_001-S1", sizeof r.sensor_id);
      r.time_ns = AT (s);
      r.values[IM_SENSOR_TEMPERATURE] = temperature;
      r.values[IM_SENSOR_VIBRATION] = 1.0;
      r.values[IM_SENSOR_PRESSURE] = 50.0;
      r.values[IM_SENSOR_POWER] = 250.0;
      g_assert_true (im_alarm_engine_push_reading (engine, &r));
    }
}

static ImInfluxResult *
query_ok (ImInfluxClient *client,
          const char     *influxql)
{
  g_autoptr(GError) error = NULL;
  ImInfluxResult *result = im_influx_client_query (client, influxql, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static const ImInfluxValue *
column (const ImInfluxSeries *series,
        const char           *name)
{
  int c = im_influx_series_find_column (series, name);

  if (c < 0)
    g_error ("no column %s in the answer", name);
  return im_influx_series_get_value (series, 0, c);
}

static void
write_ok (ImInfluxClient *client,
          const GString  *body)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (im_influx_client_write (client, body->str, body->len, NULL, &error));
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(ImAlarmRules) rules = im_alarm_rules_new ();
  g_autoptr(ImAlarmEngine) engine = NULL;
  g_autoptr(GString) records = g_string_new (NULL);
  g_autoptr(GString) acks = g_string_new (NULL);
  g_autoptr(GString) drop = g_string_new ("DROP DATABASE ");
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(ImInfluxResult) acks_result = NULL;
  g_autoptr(ImInfluxResult) dropped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  const ImInfluxSeries *series;
  const ImAlarm *alarm;
  char id[IM_ALARM_ID_LEN + 1];
  ImAlarmAck ack;
  guint n_lines = 0;

  if (backend == NULL)
    {
      g_test_skip ("no InfluxDB backend");
      return;
    }

  database = im_test_unique_name ("im_alarm_test");
  client = im_influx_client_new (backend->influxdb_url, database);
  g_assert_true (im_influx_client_create_database (client, NULL, &error));
  g_assert_no_error (error);

  /* Raised as a warning, a new peak, escalated, acknowledged, cleared. */
  engine = im_alarm_engine_new (rules, collect_lp, records, NULL);
  push_temperature (engine, 0, 60, 55.0);
  push_temperature (engine, 60, 100, 80.0);
  push_temperature (engine, 100, 160, 90.0);
  alarm = im_alarm_engine_lookup (engine, "MACHINE_001", "zone_temperature");
  g_strlcpy (id, alarm->id, sizeof id);
  g_assert_true (im_alarm_ack_init (&ack, id, "MACHINE_001", "Zoë \"night\" shift",
                                    AT (150), &error));
  g_assert_no_error (error);
  g_assert_true (im_alarm_ack_append_line_protocol (&ack, acks, &error));
  g_assert_true (im_alarm_engine_acknowledge (engine, &ack));
  push_temperature (engine, 160, 300, 55.0);

  for (const char *p = records->str; *p != '\0'; p++)
    n_lines += *p == '\n';
  g_assert_cmpuint (n_lines, ==, 5);

  /* Each record as its own write, then all of them again (redelivery). */
  {
    g_auto(GStrv) lines = g_strsplit (records->str, "\n", -1);

    for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
      {
        g_autoptr(GString) one = g_string_new (lines[i]);

        write_ok (client, one);
      }
  }
  write_ok (client, records);
  write_ok (client, acks);
  write_ok (client, acks);

  result = query_ok (client, "SELECT * FROM \"alarms\"");
  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 1);
  series = im_influx_result_get_series (result, 0);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 1);
  g_assert_cmpint (column (series, "time")->i, ==, AT (60));
  g_assert_cmpstr (column (series, "id")->s, ==, id);
  g_assert_cmpstr (column (series, "machine_id")->s, ==, "MACHINE_001");
  g_assert_cmpstr (column (series, "type")->s, ==, "zone_temperature");
  g_assert_cmpstr (column (series, "state")->s, ==, "cleared");
  g_assert_cmpstr (column (series, "severity")->s, ==, "critical");
  g_assert_cmpstr (column (series, "ne107")->s, ==, "F");
  g_assert_true (column (series, "acknowledged")->b);
  g_assert_cmpstr (column (series, "ack_user")->s, ==, "Zoë \"night\" shift");
  g_assert_cmpint (column (series, "ack_at")->i, ==, AT (150));
  g_assert_cmpint (column (series, "raised_at")->i, ==, AT (89));
  g_assert_cmpint (column (series, "cleared_at")->i, ==, AT (220));
  g_assert_cmpfloat (im_influx_series_get_double (series, 0,
                                                  im_influx_series_find_column (series, "peak")),
                     ==, 90.0);
  g_assert_cmpint (column (series, "count")->i, ==, 1);
  g_assert_nonnull (strstr (column (series, "message")->s, "above 85 °C (critical)"));

  /* The point reads back as the last record, as the detector restores
   * it at start. */
  {
    g_autoptr(ImInfluxResult) stored = query_ok (client, IM_ALARM_INFLUX_QUERY);
    g_autofree char *want = im_alarm_to_json (im_alarm_engine_lookup (engine, "MACHINE_001",
                                                                      "zone_temperature"));
    g_autofree char *have = NULL;
    ImAlarm restored;

    g_assert_true (im_alarm_from_influx_row (&restored, im_influx_result_get_series (stored, 0), 0,
                                             &error));
    g_assert_no_error (error);
    have = im_alarm_to_json (&restored);
    g_assert_cmpstr (have, ==, want);
  }

  acks_result = query_ok (client, "SELECT * FROM \"alarm_acks\"");
  g_assert_cmpuint (im_influx_result_get_n_series (acks_result), ==, 1);
  series = im_influx_result_get_series (acks_result, 0);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 1);
  g_assert_cmpint (column (series, "time")->i, ==, AT (150));
  g_assert_cmpstr (column (series, "alarm_id")->s, ==, id);
  g_assert_cmpstr (column (series, "user")->s, ==, "Zoë \"night\" shift");
  g_assert_cmpstr (column (series, "machine_id")->s, ==, "MACHINE_001");

  /* What the engine reads back applies to what it holds. */
  {
    g_autofree char *since = im_alarm_ack_influx_query (AT (150));
    g_autofree char *later = im_alarm_ack_influx_query (AT (150) + 1);
    g_autoptr(ImInfluxResult) from_query = query_ok (client, since);
    g_autoptr(ImInfluxResult) none = query_ok (client, later);
    ImAlarmAck read_back;

    g_assert_cmpuint (im_influx_result_get_n_series (none), ==, 0);
    g_assert_true (im_alarm_ack_from_influx_row (&read_back, im_influx_result_get_series (from_query, 0),
                                                 0, &error));
    g_assert_no_error (error);
    g_assert_cmpint (memcmp (&read_back, &ack, sizeof ack), ==, 0);

    g_assert_true (im_alarm_ack_init (&read_back, column (series, "alarm_id")->s,
                                      column (series, "machine_id")->s,
                                      column (series, "user")->s,
                                      column (series, "time")->i, &error));
    g_assert_no_error (error);
    g_assert_cmpint (memcmp (&read_back, &ack, sizeof ack), ==, 0);
    g_assert_true (im_alarm_ack_from_influx_row (&read_back, series, 0, &error));
    g_assert_no_error (error);
    g_assert_cmpint (memcmp (&read_back, &ack, sizeof ack), ==, 0);
  }

  im_influxql_append_identifier (drop, database);
  dropped = query_ok (client, drop->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/alarm-influx/round-trip", test_round_trip);

  return g_test_run ();
}
