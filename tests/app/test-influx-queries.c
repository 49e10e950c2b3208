/* test-influx-queries.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-influx-queries.h"
#include "im-time-window.h"
#include "im-util.h"

#define NS_SEC  IM_NSEC_PER_SEC
#define NS_MIN  (60 * NS_SEC)
#define NS_HOUR (3600 * NS_SEC)
#define NS_DAY  (86400 * NS_SEC)

#define FROM G_GINT64_CONSTANT (1795850809000000000)
#define TO   G_GINT64_CONSTANT (1795854409000000000)

#define RAW_COLUMNS \
  "SELECT \"sensor_id\",\"temperature\",\"vibration\",\"pressure\",\"power\"," \
  "\"degradation\",\"state\",\"anomaly\" FROM \"sensor_readings\""

static void
test_machines (void)
{
  g_autofree char *q = im_influx_query_machines ();

  g_assert_cmpstr (q, ==, "SHOW TAG VALUES FROM \"sensor_readings\" WITH KEY = \"machine_id\"");
}

static void
test_raw (void)
{
  g_autofree char *q = im_influx_query_raw ("MACHINE_001", FROM, TO, 0, 0);
  g_autofree char *paged = im_influx_query_raw ("MACHINE_001", FROM, TO, 10000, 0);
  g_autofree char *offset = im_influx_query_raw ("MACHINE_001", FROM, TO, 10000, 3);

  g_assert_cmpstr (q, ==,
                   RAW_COLUMNS " WHERE \"machine_id\" = 'MACHINE_001'"
                   " AND time >= 1795850809000000000 AND time < 1795854409000000000"
                   " ORDER BY time ASC");
  g_assert_cmpstr (paged, ==,
                   RAW_COLUMNS " WHERE \"machine_id\" = 'MACHINE_001'"
                   " AND time >= 1795850809000000000 AND time < 1795854409000000000"
                   " ORDER BY time ASC LIMIT 10000");
  g_assert_cmpstr (offset, ==,
                   RAW_COLUMNS " WHERE \"machine_id\" = 'MACHINE_001'"
                   " AND time >= 1795850809000000000 AND time < 1795854409000000000"
                   " ORDER BY time ASC LIMIT 10000 OFFSET 3");
}

/* Machine ids an attacker (or a broken sensor) could send: each must end
 * up inside one string literal, with the statement unchanged around it. */
static void
test_hostile_machine_ids (void)
{
  static const struct { const char *id; const char *literal; } cases[] = {
    { "x' OR 1=1 --", "'x\\' OR 1=1 --'" },
    { "a'; DROP DATABASE sensors; --", "'a\\'; DROP DATABASE sensors; --'" },
    { "back\\slash", "'back\\\\slash'" },
    { "trailing\\", "'trailing\\\\'" },
    { "\\'", "'\\\\\\''" },
    { "quote\"double", "'quote\"double'" },
    { "new\nline", "'new\\nline'" },
    { "time >= 0", "'time >= 0'" },
    { "", "''" },
    { "ünïcødé ✓", "'ünïcødé ✓'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *raw = im_influx_query_raw (cases[i].id, FROM, TO, 0, 0);
      g_autofree char *agg = im_influx_query_aggregate (cases[i].id, FROM, TO,
                                                        60 * IM_NSEC_PER_SEC);
      g_autofree char *expected_raw = NULL;
      g_autofree char *expected_agg = NULL;

      expected_raw = g_strconcat (RAW_COLUMNS " WHERE \"machine_id\" = ", cases[i].literal,
                                  " AND time >= 1795850809000000000"
                                  " AND time < 1795854409000000000 ORDER BY time ASC", NULL);
      expected_agg = g_strconcat ("SELECT count(\"temperature\"),"
                                  "mean(\"temperature\"),min(\"temperature\"),max(\"temperature\"),"
                                  "mean(\"vibration\"),min(\"vibration\"),max(\"vibration\"),"
                                  "mean(\"pressure\"),min(\"pressure\"),max(\"pressure\"),"
                                  "mean(\"power\"),min(\"power\"),max(\"power\")"
                                  " FROM \"sensor_readings\" WHERE \"machine_id\" = ",
                                  cases[i].literal,
                                  " AND time >= 1795850809000000000"
                                  " AND time < 1795854409000000000"
                                  " GROUP BY time(1m) fill(none)", NULL);

      g_assert_cmpstr (raw, ==, expected_raw);
      g_assert_cmpstr (agg, ==, expected_agg);
    }
}

static void
test_aggregate_windows (void)
{
  static const struct { gint64 window_ns; const char *literal; } cases[] = {
    { 1 * IM_NSEC_PER_SEC, "1s" },
    { 30 * IM_NSEC_PER_SEC, "30s" },
    { 300 * IM_NSEC_PER_SEC, "5m" },
    { 3 * 3600 * IM_NSEC_PER_SEC, "3h" },
    { 86400 * IM_NSEC_PER_SEC, "1d" },
    { 7 * 86400 * IM_NSEC_PER_SEC, "7d" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *q = im_influx_query_aggregate ("M", FROM, TO, cases[i].window_ns);
      g_autofree char *suffix = g_strdup_printf (" GROUP BY time(%s) fill(none)", cases[i].literal);

      g_assert_true (g_str_has_suffix (q, suffix));
    }
}

static void
test_last_seen (void)
{
  g_autofree char *q = im_influx_query_last_seen ();

  /* One selector only: with several, InfluxDB reports time 0. */
  g_assert_cmpstr (q, ==,
                   "SELECT last(\"temperature\") FROM \"sensor_readings\" GROUP BY \"machine_id\"");
}

static void
test_recent (void)
{
  const char *ids[] = { "MACHINE_001", "it's" };
  gint64 from[] = { FROM - 300 * IM_NSEC_PER_SEC + 1, TO - 300 * IM_NSEC_PER_SEC + 1 };
  gint64 to[] = { FROM + 1, TO + 1 };
  g_autofree char *q = im_influx_query_recent (ids, from, to, 2);
  g_autofree char *none = im_influx_query_recent (NULL, NULL, NULL, 0);

#define VALUE_COLUMNS "SELECT \"temperature\",\"vibration\",\"pressure\",\"power\"" \
                      " FROM \"sensor_readings\""
  g_assert_cmpstr (q, ==,
                   VALUE_COLUMNS " WHERE \"machine_id\" = 'MACHINE_001'"
                   " AND time >= 1795850509000000001 AND time < 1795850809000000001"
                   " GROUP BY \"machine_id\";"
                   VALUE_COLUMNS " WHERE \"machine_id\" = 'it\\'s'"
                   " AND time >= 1795854109000000001 AND time < 1795854409000000001"
                   " GROUP BY \"machine_id\"");
  g_assert_cmpstr (none, ==, "");
}

static void
test_duration_to_string (void)
{
  struct {
    gint64 ns;
    const char *expected;
  } cases[] = {
    { NS_SEC, "1s" },
    { 15 * NS_SEC, "15s" },
    { 90 * NS_SEC, "90s" },
    { NS_MIN, "1m" },
    { 30 * NS_MIN, "30m" },
    { NS_HOUR, "1h" },
    { 36 * NS_HOUR, "36h" },
    { NS_DAY, "1d" },
    { 7 * NS_DAY, "7d" },
    { 1500 * G_GINT64_CONSTANT (1000000), "1500ms" },
    { 250 * G_GINT64_CONSTANT (1000), "250u" },
    { 7, "7ns" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = im_influx_duration_to_string (cases[i].ns);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* The History page's ranges at 600 columns: raw for an hour, minutes for
 * a day and a week, hours for a month. */
static void
test_choose_rollup (void)
{
  static const struct { gint64 range; int expected; } cases[] = {
    { NS_HOUR, -1 },
    { 6 * NS_HOUR, -1 },          /* 1 min windows: 1 min rollup would do, see below */
    { NS_DAY, 0 },
    { 7 * NS_DAY, 0 },
    { 30 * NS_DAY, 1 },
    { 365 * NS_DAY, 1 },
  };
  const ImInfluxRollup *rollups;
  guint n;
  gint64 all[8];
  gint64 none[8];
  gint64 to = TO;

  rollups = im_influx_rollups_get (&n);
  g_assert_cmpuint (n, ==, 2);
  for (guint i = 0; i < n; i++)
    {
      all[i] = G_MININT64;
      none[i] = G_MAXINT64;
    }

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gint64 from = to - cases[c].range;
      gint64 window = im_time_window_choose (from, to, 600);
      int expected = cases[c].expected;

      /* 6 h / 600 columns: 1 min windows, the minute rollup exactly. */
      if (window == NS_MIN)
        expected = 0;

      g_test_message ("range %" G_GINT64_FORMAT " s: window %" G_GINT64_FORMAT " s",
                      cases[c].range / NS_SEC, window / NS_SEC);
      g_assert_cmpint (im_influx_choose_rollup (rollups, n, all, G_MAXINT64, from, window), ==, expected);
      /* Without rollups (InfluxDB 2/3, or none created): raw. */
      g_assert_cmpint (im_influx_choose_rollup (rollups, n, none, G_MAXINT64, from, window), ==, -1);
    }

  /* Windows the rollup's do not divide stay raw. */
  g_assert_cmpint (im_influx_choose_rollup (rollups, n, all, G_MAXINT64, FROM, 30 * NS_SEC), ==, -1);
  g_assert_cmpint (im_influx_choose_rollup (rollups, n, all, G_MAXINT64, FROM, 90 * NS_SEC), ==, -1);
  g_assert_cmpint (im_influx_choose_rollup (rollups, n, all, G_MAXINT64, FROM, 2 * NS_MIN), ==, 0);
  g_assert_cmpint (im_influx_choose_rollup (rollups, n, all, G_MAXINT64, FROM, 2 * NS_HOUR), ==, 1);
  g_assert_cmpint (im_influx_choose_rollup (rollups, n, all, G_MAXINT64, FROM, 7 * NS_DAY), ==, 1);

  /* A rollup that starts after the range does is passed over for a finer
   * one that reaches back far enough. */
  {
    gint64 from = 1800000000 * NS_SEC;
    gint64 oldest[2] = { from - NS_DAY, from + NS_HOUR };

    g_assert_cmpint (im_influx_choose_rollup (rollups, n, oldest, G_MAXINT64, from, 2 * NS_HOUR), ==, 0);
    oldest[0] = from + NS_MIN;
    g_assert_cmpint (im_influx_choose_rollup (rollups, n, oldest, G_MAXINT64, from, 2 * NS_HOUR), ==, -1);
    /* The first window starts before @from: the rollup must hold it. */
    oldest[0] = im_floor_div (from, 2 * NS_HOUR) * 2 * NS_HOUR;
    g_assert_cmpint (im_influx_choose_rollup (rollups, n, oldest, G_MAXINT64, from, 2 * NS_HOUR), ==, 0);
  }

  /* A database younger than the range: 30 days asked of three days of
   * readings. A rollup that holds the row of the oldest reading holds
   * all there is; one that starts later, or is absent, does not. */
  {
    gint64 from = 1800000000 * NS_SEC;
    gint64 raw = from + 27 * NS_DAY + 17 * NS_MIN + 5 * NS_SEC;
    gint64 hour_row = im_floor_div (raw, NS_HOUR) * NS_HOUR;
    gint64 minute_row = im_floor_div (raw, NS_MIN) * NS_MIN;
    gint64 oldest[2] = { minute_row, hour_row };
    gint64 window = 2 * NS_HOUR;

    g_assert_cmpint (im_influx_choose_rollup (rollups, n, oldest, G_MAXINT64, from, window), ==, -1);
    g_assert_cmpint (im_influx_choose_rollup (rollups, n, oldest, raw, from, window), ==, 1);
    /* The hour rollup began an hour later than the readings: the minute one. */
    oldest[1] = hour_row + NS_HOUR;
    g_assert_cmpint (im_influx_choose_rollup (rollups, n, oldest, raw, from, window), ==, 0);
    /* Neither holds the oldest reading's row. */
    oldest[0] = minute_row + NS_MIN;
    g_assert_cmpint (im_influx_choose_rollup (rollups, n, oldest, raw, from, window), ==, -1);
    /* Absent rollups stay absent, whatever the raw readings. */
    oldest[0] = oldest[1] = G_MAXINT64;
    g_assert_cmpint (im_influx_choose_rollup (rollups, n, oldest, raw, from, window), ==, -1);
    /* Readings older than @from: @from decides, as before. */
    oldest[0] = minute_row;
    oldest[1] = hour_row;
    g_assert_cmpint (im_influx_choose_rollup (rollups, n, oldest, from - NS_DAY, from, window), ==, -1);
  }
}

static void
test_aggregate_rollup (void)
{
  const ImInfluxRollup *rollups;
  guint n;
  g_autofree char *q = NULL;

  rollups = im_influx_rollups_get (&n);
  q = im_influx_query_aggregate_rollup (&rollups[0], "M'1", FROM, TO, 30 * NS_MIN);

  g_assert_cmpstr (q, ==,
                   "SELECT sum(\"temperature_count\")"
                   ",sum(\"temperature_sum\")/sum(\"temperature_count\"),min(\"temperature_min\"),max(\"temperature_max\")"
                   ",sum(\"vibration_sum\")/sum(\"vibration_count\"),min(\"vibration_min\"),max(\"vibration_max\")"
                   ",sum(\"pressure_sum\")/sum(\"pressure_count\"),min(\"pressure_min\"),max(\"pressure_max\")"
                   ",sum(\"power_sum\")/sum(\"power_count\"),min(\"power_min\"),max(\"power_max\")"
                   " FROM \"rollup_1m\".\"sensor_readings_1m\" WHERE \"machine_id\" = 'M\\'1'"
                   " AND time >= 1795850809000000000 AND time < 1795854409000000000"
                   " GROUP BY time(30m) fill(none)");
}

static void
test_state_counts (void)
{
  const ImInfluxRollup *rollups;
  guint n;
  g_autofree char *raw = im_influx_query_state_counts (NULL, "M'1", FROM, TO, 10 * IM_NSEC_PER_SEC);
  g_autofree char *rollup = NULL;

  rollups = im_influx_rollups_get (&n);
  rollup = im_influx_query_state_counts (&rollups[1], "M'1", FROM, TO, 2 * 60 * NS_MIN);

  g_assert_cmpstr (raw, ==,
                   "SELECT count(\"temperature\") FROM \"sensor_readings\""
                   " WHERE \"state\" = 'degrading' AND \"machine_id\" = 'M\\'1'"
                   " AND time >= 1795850809000000000 AND time < 1795854409000000000"
                   " GROUP BY time(10s) fill(none);"
                   "SELECT count(\"temperature\") FROM \"sensor_readings\""
                   " WHERE \"state\" = 'failing' AND \"machine_id\" = 'M\\'1'"
                   " AND time >= 1795850809000000000 AND time < 1795854409000000000"
                   " GROUP BY time(10s) fill(none)");
  g_assert_cmpstr (rollup, ==,
                   "SELECT sum(\"state_degrading_count\") FROM \"rollup_1h\".\"sensor_readings_1h\""
                   " WHERE \"machine_id\" = 'M\\'1'"
                   " AND time >= 1795850809000000000 AND time < 1795854409000000000"
                   " GROUP BY time(2h) fill(none);"
                   "SELECT sum(\"state_failing_count\") FROM \"rollup_1h\".\"sensor_readings_1h\""
                   " WHERE \"machine_id\" = 'M\\'1'"
                   " AND time >= 1795850809000000000 AND time < 1795854409000000000"
                   " GROUP BY time(2h) fill(none)");
}

static void
test_raw_oldest (void)
{
  g_autofree char *q = im_influx_query_raw_oldest ("M'1");

  g_assert_cmpstr (q, ==,
                   "SELECT first(\"temperature\") FROM \"sensor_readings\" WHERE \"machine_id\" = 'M\\'1'");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/influx-queries/duration", test_duration_to_string);
  g_test_add_func ("/influx-queries/machines", test_machines);
  g_test_add_func ("/influx-queries/raw", test_raw);
  g_test_add_func ("/influx-queries/hostile-machine-ids", test_hostile_machine_ids);
  g_test_add_func ("/influx-queries/aggregate-windows", test_aggregate_windows);
  g_test_add_func ("/influx-queries/last-seen", test_last_seen);
  g_test_add_func ("/influx-queries/recent", test_recent);
  g_test_add_func ("/influx-queries/choose-rollup", test_choose_rollup);
  g_test_add_func ("/influx-queries/aggregate-rollup", test_aggregate_rollup);
  g_test_add_func ("/influx-queries/state-counts", test_state_counts);
  g_test_add_func ("/influx-queries/raw-oldest", test_raw_oldest);

  return g_test_run ();
}
