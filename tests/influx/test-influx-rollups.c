/* test-influx-rollups.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rollups' retention policies and continuous queries against the real
 * InfluxDB of the test backend, each test in a database of its own.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-config.h"
#include "im-influx-client.h"
#include "im-influx-rollups.h"
#include "im-test-backend.h"
#include "im-util.h"

#define MINUTE (60 * IM_NSEC_PER_SEC)
#define HOUR   (60 * MINUTE)

static ImInfluxClient *
new_client (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autofree char *database = NULL;

  if (backend == NULL)
    return NULL;

  database = im_test_unique_name ("im_rollups_test");
  return im_influx_client_new (backend->influxdb_url, database);
}

static void
drop_database (ImInfluxClient *client)
{
  g_autoptr(GString) q = g_string_new ("DROP DATABASE ");
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;

  im_influxql_append_identifier (q, im_influx_client_get_database (client));
  result = im_influx_client_query (client, q->str, NULL, NULL, &error);
  g_assert_no_error (error);
}

static ImInfluxResult *
query_ok (ImInfluxClient *client,
          const char     *influxql)
{
  g_autoptr(GError) error = NULL;
  ImInfluxResult *result;

  result = im_influx_client_query (client, influxql, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  return result;
}

/* The value of @column in the row of @series whose first column (name
 * or time) is @key, as a string; NULL when there is none. */
static char *
find_row_string (ImInfluxResult *result,
                 const char     *series_name,
                 const char     *key,
                 const char     *column)
{
  for (guint i = 0; i < im_influx_result_get_n_series (result); i++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (result, i);
      int c = im_influx_series_find_column (series, column);

      if (series_name != NULL && g_strcmp0 (im_influx_series_get_name (series), series_name) != 0)
        continue;

      for (guint row = 0; row < im_influx_series_get_n_rows (series); row++)
        {
          const ImInfluxValue *first = im_influx_series_get_value (series, row, 0);
          const ImInfluxValue *value;

          if (first->type != IM_INFLUX_VALUE_STRING || strcmp (first->s, key) != 0 || c < 0)
            continue;

          value = im_influx_series_get_value (series, row, c);
          return value->type == IM_INFLUX_VALUE_STRING ? g_strdup (value->s) : NULL;
        }
    }

  return NULL;
}

static char *
format_window (gint64 window_ns)
{
  gint64 s = window_ns / IM_NSEC_PER_SEC;

  return s % 3600 == 0 ? g_strdup_printf ("%" G_GINT64_FORMAT "h", s / 3600)
                       : g_strdup_printf ("%" G_GINT64_FORMAT "m", s / 60);
}

/* The table the app reads from and the definition InfluxDB runs agree. */
static void
test_definition (void)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;
  const ImInfluxRollup *rollups;
  guint n_rollups;
  guint n_cqs = 0;
  guint n_into[8] = { 0 };

  rollups = im_influx_rollups_get (&n_rollups);
  g_assert_cmpuint (n_rollups, <=, G_N_ELEMENTS (n_into));
  g_assert_cmpuint (n_rollups, >=, 2);

  statements = im_influx_rollups_statements ("we\"ird", "30d", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (statements, 0), ==, "CREATE DATABASE \"we\\\"ird\"");
  g_assert_cmpstr (g_ptr_array_index (statements, 1), ==,
                   "ALTER RETENTION POLICY \"autogen\" ON \"we\\\"ird\" DURATION 30d");

  for (guint i = 0; i < statements->len; i++)
    {
      const char *statement = g_ptr_array_index (statements, i);
      g_autofree char *into = NULL;
      g_autofree char *group = NULL;
      g_autofree char *window = NULL;

      g_assert_null (strstr (statement, "@"));
      g_assert_false (g_str_has_suffix (statement, ";"));
      if (!g_str_has_prefix (statement, "CREATE CONTINUOUS QUERY"))
        continue;

      /* Into one of the rollups, grouped by its window. */
      for (guint r = 0; r < n_rollups; r++)
        {
          g_clear_pointer (&into, g_free);
          into = g_strdup_printf ("INTO \"we\\\"ird\".\"%s\".\"%s\"",
                                  rollups[r].retention_policy, rollups[r].measurement);
          if (strstr (statement, into) == NULL)
            continue;
          window = format_window (rollups[r].window_ns);
          group = g_strdup_printf ("GROUP BY time(%s), *", window);
          g_assert_nonnull (strstr (statement, group));
          n_into[r]++;
          break;
        }
      g_assert_nonnull (group);
      g_assert_nonnull (strstr (statement, "RESAMPLE EVERY"));
      n_cqs++;

      /* Each backfill query is one of these, over the range asked. */
    }
  /* The minute rollup: values, degrading and failing counts; the hour
   * rollup: all of it from the minute rollup. */
  g_assert_cmpuint (n_into[0], ==, 3);
  for (guint r = 1; r < n_rollups; r++)
    g_assert_cmpuint (n_into[r], ==, 1);

  for (guint r = 0; r < n_rollups; r++)
    {
      g_autoptr(GPtrArray) backfill = im_influx_rollups_backfill_queries ("db", r, 0, 60 * IM_NSEC_PER_SEC);

      g_assert_cmpuint (backfill->len, ==, n_into[r]);
      for (guint q = 0; q < backfill->len; q++)
        {
          const char *query = g_ptr_array_index (backfill, q);
          const char *where = strstr (query, "WHERE ");

          g_assert_true (g_str_has_prefix (query, "SELECT"));
          g_assert_nonnull (strstr (query, "time >= 0 AND time < 60000000000\nGROUP BY"));
          /* One WHERE: the range is ANDed to the query's own condition. */
          g_assert_nonnull (where);
          g_assert_null (strstr (where + 1, "WHERE "));
        }
    }

  g_assert_true (im_influx_rollups_is_duration ("INF"));
  g_assert_true (im_influx_rollups_is_duration ("1h30m"));
  g_assert_true (im_influx_rollups_is_duration ("500ms"));
  g_assert_false (im_influx_rollups_is_duration ("30"));
  g_assert_false (im_influx_rollups_is_duration ("30d; DROP DATABASE x"));
  g_assert_false (im_influx_rollups_is_duration (""));

  g_clear_pointer (&statements, g_ptr_array_unref);
  statements = im_influx_rollups_statements ("db", "30 days", &error);
  g_assert_error (error, IM_CONFIG_ERROR, IM_CONFIG_ERROR_INVALID);
  g_assert_null (statements);
}

static void
test_create (void)
{
  g_autoptr(ImInfluxClient) client = new_client ();
  g_autoptr(ImInfluxResult) rps = NULL;
  g_autoptr(ImInfluxResult) cqs = NULL;
  g_autoptr(ImInfluxResult) altered = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) q = NULL;
  g_autofree char *duration = NULL;
  const ImInfluxRollup *rollups;
  guint n_rollups;
  const ImInfluxSeries *series = NULL;

  if (client == NULL)
    return;

  rollups = im_influx_rollups_get (&n_rollups);

  g_assert_true (im_influx_rollups_create (client, "30d", NULL, &error));
  g_assert_no_error (error);
  /* Again: nothing changes, nothing fails. */
  g_assert_true (im_influx_rollups_create (client, "30d", NULL, &error));
  g_assert_no_error (error);

  /* A rollup policy changed by hand is brought back; the raw one follows
   * the option. */
  q = g_string_new ("ALTER RETENTION POLICY ");
  im_influxql_append_identifier (q, rollups[0].retention_policy);
  g_string_append (q, " ON ");
  im_influxql_append_identifier (q, im_influx_client_get_database (client));
  g_string_append (q, " DURATION 10d");
  altered = query_ok (client, q->str);
  g_assert_true (im_influx_rollups_create (client, "60d", NULL, &error));
  g_assert_no_error (error);

  g_string_assign (q, "SHOW RETENTION POLICIES ON ");
  im_influxql_append_identifier (q, im_influx_client_get_database (client));
  rps = query_ok (client, q->str);
  duration = find_row_string (rps, NULL, "autogen", "duration");
  g_assert_cmpstr (duration, ==, "1440h0m0s");
  g_clear_pointer (&duration, g_free);
  duration = find_row_string (rps, NULL, rollups[0].retention_policy, "duration");
  g_assert_cmpstr (duration, ==, "9600h0m0s");
  for (guint i = 1; i < n_rollups; i++)
    {
      g_clear_pointer (&duration, g_free);
      duration = find_row_string (rps, NULL, rollups[i].retention_policy, "duration");
      g_assert_nonnull (duration);
    }

  cqs = query_ok (client, "SHOW CONTINUOUS QUERIES");
  for (guint i = 0; i < im_influx_result_get_n_series (cqs); i++)
    if (g_strcmp0 (im_influx_series_get_name (im_influx_result_get_series (cqs, i)),
                   im_influx_client_get_database (client)) == 0)
      series = im_influx_result_get_series (cqs, i);
  g_assert_nonnull (series);
  /* The minute rollup's three, the hour rollup's one; twice created,
   * still once each. */
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, n_rollups + 2);
  for (guint i = 0; i < n_rollups; i++)
    {
      g_autofree char *query = find_row_string (cqs, im_influx_client_get_database (client),
                                                rollups[i].measurement, "query");

      g_assert_nonnull (query);
      g_assert_nonnull (strstr (query, "RESAMPLE EVERY"));
      g_assert_nonnull (strstr (query, rollups[i].measurement));
    }

  drop_database (client);
}

static void
write_lines (ImInfluxClient *client,
             const char     *lines)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (im_influx_client_write (client, lines, strlen (lines), NULL, &error));
  g_assert_no_error (error);
}

/* Rows of @rollup for machine m1, oldest first. */
static ImInfluxResult *
query_rollup (ImInfluxClient       *client,
              const ImInfluxRollup *rollup)
{
  g_autoptr(GString) q = g_string_new ("SELECT \"temperature_mean\",\"temperature_min\","
                                       "\"temperature_max\",\"temperature_count\","
                                       "\"temperature_sum\",\"power_mean\" FROM ");

  im_influxql_append_identifier (q, rollup->retention_policy);
  g_string_append_c (q, '.');
  im_influxql_append_identifier (q, rollup->measurement);
  g_string_append (q, " WHERE \"machine_id\" = 'm1' ORDER BY time ASC");

  return query_ok (client, q->str);
}

static void
assert_row (ImInfluxResult *result,
            guint           row,
            gint64          time_ns,
            double          mean,
            double          min,
            double          max,
            double          count,
            double          power_mean)
{
  const ImInfluxSeries *series;

  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 1);
  series = im_influx_result_get_series (result, 0);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), >, row);
  g_assert_cmpint (im_influx_series_get_value (series, row, 0)->i, ==, time_ns);
  g_assert_cmpfloat_with_epsilon (im_influx_series_get_double (series, row, 1), mean, 1e-9);
  g_assert_cmpfloat (im_influx_series_get_double (series, row, 2), ==, min);
  g_assert_cmpfloat (im_influx_series_get_double (series, row, 3), ==, max);
  g_assert_cmpfloat (im_influx_series_get_double (series, row, 4), ==, count);
  g_assert_cmpfloat_with_epsilon (im_influx_series_get_double (series, row, 5), mean * count, 1e-9);
  g_assert_cmpfloat_with_epsilon (im_influx_series_get_double (series, row, 6), power_mean, 1e-9);
}

/* Raw points into the rollups through the continuous queries' own
 * SELECT … INTO, as InfluxDB runs them on their timer; a late point inside
 * the look-back is counted when they run again. */
static void
test_values (void)
{
  g_autoptr(ImInfluxClient) client = new_client ();
  g_autoptr(ImInfluxResult) minutes = NULL;
  g_autoptr(ImInfluxResult) hours = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *late = NULL;
  const ImInfluxRollup *rollups;
  guint n_rollups;
  gint64 hour;

  if (client == NULL)
    return;

  rollups = im_influx_rollups_get (&n_rollups);
  g_assert_true (im_influx_rollups_create (client, IM_INFLUX_DEFAULT_RAW_RETENTION, NULL, &error));
  g_assert_no_error (error);

  /* Two hours ago, whole: inside every policy's duration. */
  hour = (g_get_real_time () * 1000 / HOUR - 2) * HOUR;
  lines = g_strdup_printf (
    "sensor_readings,machine_id=m1,sensor_id=s1 temperature=10,vibration=1,pressure=5,power=100 %" G_GINT64_FORMAT "\n"
    "sensor_readings,machine_id=m1,sensor_id=s1 temperature=20,vibration=1,pressure=5,power=200 %" G_GINT64_FORMAT "\n"
    "sensor_readings,machine_id=m1,sensor_id=s1 temperature=40,vibration=1,pressure=5,power=400 %" G_GINT64_FORMAT "\n"
    "sensor_readings,machine_id=m2,sensor_id=s2 temperature=99,vibration=1,pressure=5,power=999 %" G_GINT64_FORMAT "\n",
    hour + 1 * IM_NSEC_PER_SEC, hour + 59 * IM_NSEC_PER_SEC, hour + MINUTE + 30 * IM_NSEC_PER_SEC,
    hour + 2 * IM_NSEC_PER_SEC);
  write_lines (client, lines);

  g_assert_true (im_influx_rollups_backfill (client, hour, hour + 2 * MINUTE, NULL, &error));
  g_assert_no_error (error);

  minutes = query_rollup (client, &rollups[0]);
  assert_row (minutes, 0, hour, 15, 10, 20, 2, 150);
  assert_row (minutes, 1, hour + MINUTE, 40, 40, 40, 1, 400);
  hours = query_rollup (client, &rollups[1]);
  assert_row (hours, 0, hour, 70.0 / 3, 10, 40, 3, 700.0 / 3);
  g_clear_pointer (&minutes, im_influx_result_unref);
  g_clear_pointer (&hours, im_influx_result_unref);

  /* Late, and a redelivered copy of a point already there: the windows
   * are recomputed, not added to. */
  late = g_strdup_printf (
    "sensor_readings,machine_id=m1,sensor_id=s1 temperature=0,vibration=1,pressure=5,power=0 %" G_GINT64_FORMAT "\n"
    "sensor_readings,machine_id=m1,sensor_id=s1 temperature=10,vibration=1,pressure=5,power=100 %" G_GINT64_FORMAT "\n",
    hour + 30 * IM_NSEC_PER_SEC, hour + 1 * IM_NSEC_PER_SEC);
  write_lines (client, late);
  g_assert_true (im_influx_rollups_backfill (client, hour, hour + 2 * MINUTE, NULL, &error));
  g_assert_no_error (error);

  minutes = query_rollup (client, &rollups[0]);
  assert_row (minutes, 0, hour, 10, 0, 20, 3, 100);
  assert_row (minutes, 1, hour + MINUTE, 40, 40, 40, 1, 400);
  hours = query_rollup (client, &rollups[1]);
  assert_row (hours, 0, hour, 70.0 / 4, 0, 40, 4, 700.0 / 4);

  drop_database (client);
}

/* The state counts: per minute, then per hour from the minutes. */
static void
test_states (void)
{
  g_autoptr(ImInfluxClient) client = new_client ();
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const ImInfluxRollup *rollups;
  guint n_rollups;
  gint64 hour;
  /* minute 0: 2 degrading of 4; minute 1: 1 degrading, 2 failing; minute 2: none */
  static const struct { int minute; int second; const char *state; } points[] = {
    { 0, 1, "normal" }, { 0, 2, "degrading" }, { 0, 3, "degrading" }, { 0, 4, "normal" },
    { 1, 1, "degrading" }, { 1, 2, "failing" }, { 1, 3, "failing" },
    { 2, 1, "normal" },
  };

  if (client == NULL)
    return;

  rollups = im_influx_rollups_get (&n_rollups);
  g_assert_true (im_influx_rollups_create (client, IM_INFLUX_DEFAULT_RAW_RETENTION, NULL, &error));
  g_assert_no_error (error);

  hour = (g_get_real_time () * 1000 / HOUR - 2) * HOUR;
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    g_string_append_printf (lines, "sensor_readings,machine_id=m1,sensor_id=s1 temperature=10,"
                            "vibration=1,pressure=5,power=100,state=\"%s\" %" G_GINT64_FORMAT "\n",
                            points[i].state,
                            hour + points[i].minute * MINUTE + points[i].second * IM_NSEC_PER_SEC);
  write_lines (client, lines->str);
  g_assert_true (im_influx_rollups_backfill (client, hour, hour + 3 * MINUTE, NULL, &error));
  g_assert_no_error (error);

  for (guint r = 0; r < 2; r++)
    {
      g_autoptr(GString) q = g_string_new ("SELECT \"temperature_count\",\"state_degrading_count\","
                                           "\"state_failing_count\" FROM ");
      g_autoptr(ImInfluxResult) result = NULL;
      const ImInfluxSeries *series;
      /* rows: count, degrading, failing (-1: absent) */
      static const double minutes[][3] = { { 4, 2, -1 }, { 3, 1, 2 }, { 1, -1, -1 } };
      static const double hours[][3] = { { 8, 3, 2 } };
      const double (*want)[3] = r == 0 ? minutes : hours;
      guint n_want = r == 0 ? G_N_ELEMENTS (minutes) : G_N_ELEMENTS (hours);

      im_influxql_append_identifier (q, rollups[r].retention_policy);
      g_string_append_c (q, '.');
      im_influxql_append_identifier (q, rollups[r].measurement);
      g_string_append (q, " WHERE \"machine_id\" = 'm1' ORDER BY time ASC");
      result = query_ok (client, q->str);
      g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 1);
      series = im_influx_result_get_series (result, 0);
      g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, n_want);
      for (guint row = 0; row < n_want; row++)
        for (guint c = 0; c < 3; c++)
          {
            const ImInfluxValue *value = im_influx_series_get_value (series, row, c + 1);

            if (want[row][c] < 0)
              g_assert_cmpint (value->type, ==, IM_INFLUX_VALUE_NULL);
            else
              g_assert_cmpfloat (im_influx_series_get_double (series, row, c + 1), ==, want[row][c]);
          }
    }

  drop_database (client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/influx-rollups/definition", test_definition);
  g_test_add_func ("/influx-rollups/create", test_create);
  g_test_add_func ("/influx-rollups/values", test_values);
  g_test_add_func ("/influx-rollups/states", test_states);

  return g_test_run ();
}
