/* test-alarm-rules.c — the rules file: defaults, overrides, errors
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <unistd.h>

#include "im-alarm-rules.h"
#include "im-util.h"

#define SEC(n) ((gint64) (n) * IM_NSEC_PER_SEC)

/* The README's example, word for word (the README test reads it too). */
static const char example[] =
  "# /etc/industrialmind/alarms.conf\n"
  "[alarms]\n"
  "pending = 30s\n"
  "clear_after = 60s\n"
  "\n"
  "[zone:vibration]\n"
  "clear_margin = 0.1\n"
  "\n"
  "[anomaly:spike]\n"
  "enabled = false\n"
  "\n"
  "[inactivity]\n"
  "multiple = 5\n"
  "\n"
  "[pipeline:ingestion_lag]\n"
  "limit = 50000\n"
  "\n"
  "[machine:MACHINE_007]\n"
  "pending = 1m\n"
  "interval = 5s\n"
  "\n"
  "[machine:MACHINE_007:temperature]\n"
  "warning_above = 75\n"
  "\n"
  "[machine:MACHINE_003:power]\n"
  "enabled = false\n";

static void
test_defaults (void)
{
  g_autoptr(ImAlarmRules) rules = im_alarm_rules_new ();
  const ImAlarmMachineRules *m = im_alarm_rules_get_machine (rules, "ANY");
  const ImAlarmPipelineRule *lag, *dlq;
  ImAlarmAnomalyRule anomaly;

  g_assert_true (m->enabled);
  g_assert_cmpint (m->pending_ns, ==, SEC (30));
  g_assert_cmpint (m->clear_after_ns, ==, SEC (60));
  g_assert_cmpint (m->update_interval_ns, ==, SEC (10));
  g_assert_cmpfloat (m->inactivity_multiple, ==, 10.0);
  g_assert_cmpint (m->interval_ns, ==, 0);
  g_assert_cmpint (m->zone_warning_severity, ==, IM_ALARM_SEVERITY_WARNING);
  g_assert_cmpint (m->zone_critical_severity, ==, IM_ALARM_SEVERITY_CRITICAL);
  g_assert_cmpint (m->inactivity_severity, ==, IM_ALARM_SEVERITY_MAJOR);

  /* The built-in zones are the health zones: the README's table. */
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImZoneLimits limits;

      im_sensor_zone_limits ((ImSensor) s, &limits);
      g_assert_true (m->zones[s].enabled);
      g_assert_cmpint (memcmp (&limits, &m->zones[s].limits, sizeof limits), ==, 0);
      g_assert_cmpfloat (m->zones[s].clear_margin, ==, 0.0);
    }
  g_assert_cmpfloat (m->zones[IM_SENSOR_TEMPERATURE].limits.normal_high, ==, 70.0);
  g_assert_cmpfloat (m->zones[IM_SENSOR_TEMPERATURE].limits.warning_high, ==, 85.0);
  g_assert_cmpfloat (m->zones[IM_SENSOR_VIBRATION].limits.normal_high, ==, 1.5);
  g_assert_cmpfloat (m->zones[IM_SENSOR_VIBRATION].limits.warning_high, ==, 2.5);
  g_assert_cmpfloat (m->zones[IM_SENSOR_PRESSURE].limits.warning_low, ==, 30.0);
  g_assert_cmpfloat (m->zones[IM_SENSOR_PRESSURE].limits.normal_low, ==, 40.0);
  g_assert_cmpfloat (m->zones[IM_SENSOR_PRESSURE].limits.normal_high, ==, 60.0);
  g_assert_cmpfloat (m->zones[IM_SENSOR_PRESSURE].limits.warning_high, ==, 70.0);
  g_assert_cmpfloat (m->zones[IM_SENSOR_POWER].limits.normal_high, ==, 300.0);
  g_assert_cmpfloat (m->zones[IM_SENSOR_POWER].limits.warning_high, ==, 400.0);

  im_alarm_rules_get_anomaly (rules, "spike", &anomaly);
  g_assert_true (anomaly.enabled);
  g_assert_cmpint (anomaly.severity, ==, IM_ALARM_SEVERITY_MINOR);
  im_alarm_rules_get_anomaly (rules, "wear", &anomaly);
  g_assert_cmpint (anomaly.severity, ==, IM_ALARM_SEVERITY_WARNING);

  lag = im_alarm_rules_get_pipeline (rules, IM_ALARM_PIPELINE_INGESTION_LAG);
  dlq = im_alarm_rules_get_pipeline (rules, IM_ALARM_PIPELINE_DEAD_LETTER_RATE);
  g_assert_true (lag->enabled && dlq->enabled);
  g_assert_cmpfloat (lag->limit, ==, 10000.0);
  g_assert_cmpfloat (dlq->limit, ==, 1.0);
  g_assert_cmpint (lag->severity, ==, IM_ALARM_SEVERITY_MAJOR);
}

static void
test_example (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImAlarmRules) rules = NULL;
  g_autofree char *path = NULL;
  const ImAlarmMachineRules *m1, *m7, *m3;
  ImAlarmAnomalyRule anomaly;
  int fd;

  fd = g_file_open_tmp ("alarms-XXXXXX.conf", &path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, example, -1, &error));
  close (fd);

  rules = im_alarm_rules_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rules);
  g_unlink (path);

  m1 = im_alarm_rules_get_machine (rules, "MACHINE_001");
  m7 = im_alarm_rules_get_machine (rules, "MACHINE_007");
  m3 = im_alarm_rules_get_machine (rules, "MACHINE_003");

  g_assert_cmpfloat (m1->zones[IM_SENSOR_TEMPERATURE].limits.normal_high, ==, 70.0);
  g_assert_cmpfloat (m7->zones[IM_SENSOR_TEMPERATURE].limits.normal_high, ==, 75.0);
  g_assert_cmpfloat (m7->zones[IM_SENSOR_TEMPERATURE].limits.warning_high, ==, 85.0);
  g_assert_cmpint (m1->pending_ns, ==, SEC (30));
  g_assert_cmpint (m7->pending_ns, ==, SEC (60));
  g_assert_cmpint (m7->interval_ns, ==, SEC (5));
  g_assert_cmpint (m1->interval_ns, ==, 0);
  /* Machines start from the file's defaults, whatever the group order. */
  g_assert_cmpfloat (m1->inactivity_multiple, ==, 5.0);
  g_assert_cmpfloat (m7->inactivity_multiple, ==, 5.0);
  g_assert_cmpfloat (m7->zones[IM_SENSOR_VIBRATION].clear_margin, ==, 0.1);
  g_assert_false (m3->zones[IM_SENSOR_POWER].enabled);
  g_assert_true (m3->zones[IM_SENSOR_TEMPERATURE].enabled);
  g_assert_true (m1->zones[IM_SENSOR_POWER].enabled);

  im_alarm_rules_get_anomaly (rules, "spike", &anomaly);
  g_assert_false (anomaly.enabled);
  im_alarm_rules_get_anomaly (rules, "drift", &anomaly);
  g_assert_true (anomaly.enabled);
  g_assert_cmpfloat (im_alarm_rules_get_pipeline (rules, IM_ALARM_PIPELINE_INGESTION_LAG)->limit,
                     ==, 50000.0);
}

/* The README's example is this one: the test keeps it honest. */
static void
test_readme_example (void)
{
  g_autofree char *readme_path = NULL;
  g_autofree char *readme = NULL;
  g_autoptr(GError) error = NULL;
  const char *root = g_getenv ("IM_SOURCE_ROOT");

  if (root == NULL)
    {
      g_test_skip ("IM_SOURCE_ROOT is not set");
      return;
    }

  readme_path = g_build_filename (root, "README.md", NULL);
  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (readme, example));
}

static void
assert_error (const char        *data,
              ImAlarmRulesError  code,
              const char        *const *parts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImAlarmRules) rules = im_alarm_rules_new_from_data (data, -1, "alarms.conf", &error);

  g_assert_null (rules);
  g_assert_error (error, IM_ALARM_RULES_ERROR, (gint) code);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strstr (error->message, parts[i]) == NULL)
      g_error ("expected “%s” in the message, got “%s”", parts[i], error->message);
}

static void
test_errors (void)
{
  assert_error ("[alarms]\npending = 30s\n[zones:temperature]\nwarning_above = 1\n",
                IM_ALARM_RULES_ERROR_UNKNOWN_GROUP,
                (const char *[]) { "alarms.conf:3:", "[zones:temperature]", "unknown group", NULL });
  assert_error ("[zone:temprature]\nwarning_above = 1\n",
                IM_ALARM_RULES_ERROR_UNKNOWN_GROUP,
                (const char *[]) { "alarms.conf:1:", "“temprature” is not a sensor", NULL });
  assert_error ("[alarms]\npending = 30s\n\n# a comment\nclear_afterr = 60s\n",
                IM_ALARM_RULES_ERROR_UNKNOWN_KEY,
                (const char *[]) { "alarms.conf:5:", "[alarms] clear_afterr", "unknown key",
                                   "pending, clear_after", NULL });
  assert_error ("[machine:MACHINE_007:temperature]\nwarning_above = hot\n",
                IM_ALARM_RULES_ERROR_INVALID_VALUE,
                (const char *[]) { "alarms.conf:2:", "[machine:MACHINE_007:temperature] warning_above",
                                   "“hot” is not a number", NULL });
  assert_error ("[alarms]\n\npending = 30 seconds\n",
                IM_ALARM_RULES_ERROR_INVALID_VALUE,
                (const char *[]) { "alarms.conf:3:", "[alarms] pending", "is not a duration", NULL });
  assert_error ("[inactivity]\nseverity = high\n",
                IM_ALARM_RULES_ERROR_INVALID_VALUE,
                (const char *[]) { "alarms.conf:2:", "“high” is not a severity", NULL });
  assert_error ("[zone:temperature]\nwarning_above = 90\n",
                IM_ALARM_RULES_ERROR_INVALID_VALUE,
                (const char *[]) { "alarms.conf:2:", "[zone:temperature] warning_above",
                                   "critical_below ≤ warning_below < warning_above ≤ critical_above",
                                   NULL });
  assert_error ("[zone:pressure]\nclear_margin = 10\n",
                IM_ALARM_RULES_ERROR_INVALID_VALUE,
                (const char *[]) { "alarms.conf:2:", "leaves nothing of the normal band", NULL });
  assert_error ("[machine:bad id]\npending = 1s\n",
                IM_ALARM_RULES_ERROR_UNKNOWN_GROUP,
                (const char *[]) { "alarms.conf:1:", "is not a machine id", NULL });
  assert_error ("[machine:M1]\nenabled = yes\n",
                IM_ALARM_RULES_ERROR_INVALID_VALUE,
                (const char *[]) { "alarms.conf:2:", "neither true nor false", NULL });
  assert_error ("[pipeline:lag]\nlimit = 5\n",
                IM_ALARM_RULES_ERROR_UNKNOWN_GROUP,
                (const char *[]) { "is not a pipeline metric", NULL });
  assert_error ("[inactivity]\ninterval = 0s\n",
                IM_ALARM_RULES_ERROR_INVALID_VALUE,
                (const char *[]) { "alarms.conf:2:", "longer than 0", NULL });
  assert_error ("[inactivity]\nmultiple = 0.5\n",
                IM_ALARM_RULES_ERROR_INVALID_VALUE,
                (const char *[]) { "alarms.conf:2:", "[inactivity] multiple", "0.5 is below 1", NULL });
  assert_error ("[zone:power]\nclear_margin = -1\n",
                IM_ALARM_RULES_ERROR_INVALID_VALUE,
                (const char *[]) { "alarms.conf:2:", "[zone:power] clear_margin", "-1 is below 0", NULL });
  /* Syntax: named with its line before the key file parser sees it. */
  assert_error ("[alarms]\npending = 30s\njust some words\n",
                IM_ALARM_RULES_ERROR_SYNTAX,
                (const char *[]) { "alarms.conf:3:", "“just some words”", NULL });
  assert_error ("pending = 30s\n[alarms]\n",
                IM_ALARM_RULES_ERROR_SYNTAX,
                (const char *[]) { "alarms.conf:1:", "before the first [group]", NULL });
  assert_error ("[alarms\npending = 30s\n",
                IM_ALARM_RULES_ERROR_SYNTAX,
                (const char *[]) { "alarms.conf:1:", "not a group header", NULL });
}

static void
test_limits_none (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImAlarmRules) rules = NULL;
  const ImAlarmMachineRules *m;

  rules = im_alarm_rules_new_from_data ("[zone:pressure]\n"
                                        "warning_below = none\n"
                                        "critical_below = none\n"
                                        "[zone:temperature]\n"
                                        "critical_above = none\n",
                                        -1, "alarms.conf", &error);
  g_assert_no_error (error);
  m = im_alarm_rules_get_machine (rules, "M");
  g_assert_true (isinf (m->zones[IM_SENSOR_PRESSURE].limits.normal_low));
  g_assert_cmpint (im_zone_for_limits (&m->zones[IM_SENSOR_PRESSURE].limits, 5.0), ==,
                   IM_ZONE_NORMAL);
  g_assert_cmpint (im_zone_for_limits (&m->zones[IM_SENSOR_TEMPERATURE].limits, 400.0), ==,
                   IM_ZONE_WARNING);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImAlarmRules) rules = im_alarm_rules_new_from_file ("/nonexistent/alarms.conf", &error);

  g_assert_null (rules);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "/nonexistent/alarms.conf"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/alarm-rules/defaults", test_defaults);
  g_test_add_func ("/alarm-rules/example", test_example);
  g_test_add_func ("/alarm-rules/readme-example", test_readme_example);
  g_test_add_func ("/alarm-rules/errors", test_errors);
  g_test_add_func ("/alarm-rules/limits-none", test_limits_none);
  g_test_add_func ("/alarm-rules/missing-file", test_missing_file);

  return g_test_run ();
}
