/* test-health-display.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "im-health-display.h"
#include "im-util.h"

static void
test_status_mapping (void)
{
  static const struct {
    ImHealthStatus status;
    const char *label;
    const char *style_class;
    const char *icon;
  } cases[] = {
    { IM_HEALTH_HEALTHY, "Healthy", "success", "object-select-symbolic" },
    { IM_HEALTH_WARNING, "Warning", "warning", "dialog-warning-symbolic" },
    { IM_HEALTH_CRITICAL, "Critical", "error", "dialog-error-symbolic" },
    { IM_HEALTH_OFFLINE, "Offline", "offline", "network-offline-symbolic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (im_health_status_label (cases[i].status), ==, cases[i].label);
      g_assert_cmpstr (im_health_status_style_class (cases[i].status), ==, cases[i].style_class);
      g_assert_cmpstr (im_health_status_icon_name (cases[i].status), ==, cases[i].icon);
    }
}

/* Score to text and style, through lib's thresholds: the card shows the
 * status im_health_status_for_score() gives. */
static void
test_score_mapping (void)
{
  static const struct {
    double score;
    const char *text;
    const char *style_class;
  } cases[] = {
    { 100.0, "100", "success" },
    { 99.6, "99", "success" },
    { 80.0, "80", "success" },
    { 79.99, "79", "warning" },
    { 50.0, "50", "warning" },
    { 49.9, "49", "error" },
    { 0.0, "0", "error" },
    { -3.0, "0", "error" },
    { NAN, "—", "offline" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = im_health_format_score (cases[i].score);
      ImHealthStatus status = im_health_status_for_score (cases[i].score);

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpstr (im_health_status_style_class (status), ==, cases[i].style_class);
    }
}

static void
test_compare (void)
{
  ImHealth healthy = { 95.0, IM_HEALTH_HEALTHY, 1, { 0 }, 10 };
  ImHealth healthy_low = { 81.0, IM_HEALTH_HEALTHY, 1, { 0 }, 10 };
  ImHealth warning = { 70.0, IM_HEALTH_WARNING, 1, { 0 }, 10 };
  ImHealth critical = { 20.0, IM_HEALTH_CRITICAL, 1, { 0 }, 10 };
  ImHealth offline = { 90.0, IM_HEALTH_OFFLINE, 1, { 0 }, 10 };
  ImHealth never = { NAN, IM_HEALTH_OFFLINE, 0, { 0 }, 0 };

  /* A running Critical machine above an offline one. */
  g_assert_cmpint (im_health_compare (&critical, "B", &offline, "A"), <, 0);
  g_assert_cmpint (im_health_compare (&critical, "A", &warning, "B"), <, 0);
  g_assert_cmpint (im_health_compare (&warning, "B", &offline, "A"), <, 0);
  g_assert_cmpint (im_health_compare (&offline, "B", &healthy, "A"), <, 0);
  g_assert_cmpint (im_health_compare (&warning, "A", &healthy, "B"), <, 0);
  g_assert_cmpint (im_health_compare (&healthy_low, "Z", &healthy, "A"), <, 0);
  g_assert_cmpint (im_health_compare (&never, "Z", &offline, "A"), <, 0);
  g_assert_cmpint (im_health_compare (&healthy, "A", &healthy, "B"), <, 0);
  g_assert_cmpint (im_health_compare (&healthy, "B", &healthy, "A"), >, 0);
  g_assert_cmpint (im_health_compare (&healthy, "A", &healthy, "A"), ==, 0);
}

static void
test_zones (void)
{
  g_assert_cmpstr (im_zone_style_class (im_sensor_zone (IM_SENSOR_TEMPERATURE, 55.0)), ==, "success");
  g_assert_cmpstr (im_zone_style_class (im_sensor_zone (IM_SENSOR_TEMPERATURE, 80.0)), ==, "warning");
  g_assert_cmpstr (im_zone_style_class (im_sensor_zone (IM_SENSOR_TEMPERATURE, 90.0)), ==, "error");
  g_assert_cmpstr (im_zone_style_class (im_sensor_zone (IM_SENSOR_PRESSURE, 35.0)), ==, "warning");
  g_assert_cmpstr (im_zone_style_class (im_sensor_zone (IM_SENSOR_PRESSURE, 25.0)), ==, "error");
  g_assert_cmpstr (im_zone_label (IM_ZONE_NORMAL), ==, "Normal");
  g_assert_cmpstr (im_zone_label (IM_ZONE_WARNING), ==, "Warning");
  g_assert_cmpstr (im_zone_label (IM_ZONE_CRITICAL), ==, "Critical");
}

static void
test_values (void)
{
  static const struct { ImSensor sensor; double value; const char *text; } values[] = {
    { IM_SENSOR_TEMPERATURE, 55.14, "55.1" },
    { IM_SENSOR_VIBRATION, 1.016, "1.02" },
    { IM_SENSOR_PRESSURE, 50.0, "50.0" },
    { IM_SENSOR_POWER, 251.6, "252" },
    { IM_SENSOR_POWER, NAN, "—" },
  };
  static const struct { ImSensor sensor; double delta; const char *text; } changes[] = {
    { IM_SENSOR_TEMPERATURE, 1.24, "+1.2" },
    { IM_SENSOR_TEMPERATURE, -0.36, "−0.4" },
    { IM_SENSOR_TEMPERATURE, 0.04, "±0.0" },
    { IM_SENSOR_TEMPERATURE, -0.04, "±0.0" },
    { IM_SENSOR_VIBRATION, 0.051, "+0.05" },
    { IM_SENSOR_POWER, -12.4, "−12" },
    { IM_SENSOR_POWER, NAN, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = im_format_sensor_value (values[i].sensor, values[i].value);

      g_assert_cmpstr (text, ==, values[i].text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autofree char *text = im_format_sensor_change (changes[i].sensor, changes[i].delta);

      g_assert_cmpstr (text, ==, changes[i].text);
    }

  g_assert_cmpstr (im_sensor_label (IM_SENSOR_VIBRATION), ==, "Vibration");
}

static void
test_last_seen (void)
{
  gint64 now = G_GINT64_CONSTANT (1795850809) * IM_NSEC_PER_SEC;
  static const struct { gint64 age_s; const char *text; } cases[] = {
    { 0, "just now" },
    { 4, "just now" },
    { 12, "12 s ago" },
    { 59, "59 s ago" },
    { 60, "1 min ago" },
    { 3599, "59 min ago" },
    { 3600, "1 h ago" },
    { 86399, "23 h ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = im_format_last_seen (now - cases[i].age_s * IM_NSEC_PER_SEC, now);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  {
    g_autofree char *never = im_format_last_seen (0, now);
    g_autofree char *old = im_format_last_seen (now - 3 * 86400 * IM_NSEC_PER_SEC, now);

    g_assert_cmpstr (never, ==, "never");
    /* A date, in the local zone: "Nov 25, …" */
    g_assert_true (g_str_has_prefix (old, "Nov 2"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/health-display/status", test_status_mapping);
  g_test_add_func ("/health-display/score", test_score_mapping);
  g_test_add_func ("/health-display/compare", test_compare);
  g_test_add_func ("/health-display/zones", test_zones);
  g_test_add_func ("/health-display/values", test_values);
  g_test_add_func ("/health-display/last-seen", test_last_seen);

  return g_test_run ();
}
