/* test-health-driver.c — which sensor drives a health score, and since
 * when.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-health.h"
#include "im-util.h"

#define NOW_NS (G_GINT64_CONSTANT (1795850809) * IM_NSEC_PER_SEC)

/* 300 readings a second apart up to NOW_NS, normal but for
 * @sensor = @value in the last @n_last ones. */
static GArray *
readings_with (ImSensor sensor,
               double   value,
               guint    n_last)
{
  GArray *readings = g_array_new (FALSE, FALSE, sizeof (ImReading));

  for (guint i = 0; i < 300; i++)
    {
      ImReading r;

      im_reading_init (&r);
      g_strlcpy (r.machine_id, "M", sizeof r.machine_id);
      g_strlcpy (r.sensor_id, "M-S1", sizeof r.sensor_id);
      r.time_ns = NOW_NS - (gint64) (299 - i) * IM_NSEC_PER_SEC;
      r.values[IM_SENSOR_TEMPERATURE] = 55.0;
      r.values[IM_SENSOR_VIBRATION] = 1.0;
      r.values[IM_SENSOR_PRESSURE] = 50.0;
      r.values[IM_SENSOR_POWER] = 250.0;
      if ((int) sensor >= 0 && i >= 300 - n_last)
        r.values[sensor] = value;
      g_array_append_val (readings, r);
    }

  return readings;
}

static void
compute (GArray   *readings,
         ImHealth *health)
{
  im_health_compute ((const ImReading *) (gpointer) readings->data, readings->len, NOW_NS, health);
}

static void
test_all_normal (void)
{
  g_autoptr(GArray) readings = readings_with (IM_SENSOR_NONE, 0, 0);
  ImHealth health;

  compute (readings, &health);
  g_assert_cmpfloat_with_epsilon (health.score, 100.0, 1e-9);
  g_assert_cmpint (health.driver, ==, IM_SENSOR_NONE);
  g_assert_cmpint (health.driver_since_ns, ==, 0);
}

static void
test_warning_since (void)
{
  /* 78 °C (warning) for the last 120 readings */
  g_autoptr(GArray) readings = readings_with (IM_SENSOR_TEMPERATURE, 78.0, 120);
  ImHealth health;

  compute (readings, &health);
  g_assert_cmpfloat (health.score, <, 99.0);
  g_assert_cmpint (health.driver, ==, IM_SENSOR_TEMPERATURE);
  g_assert_cmpint (health.driver_since_ns, ==, NOW_NS - 119 * IM_NSEC_PER_SEC);
  g_assert_cmpint (health.zones[IM_SENSOR_TEMPERATURE], ==, IM_ZONE_WARNING);

  /* the same, in any order */
  for (guint i = 0; i < readings->len / 2; i++)
    {
      ImReading tmp = g_array_index (readings, ImReading, i);

      g_array_index (readings, ImReading, i) = g_array_index (readings, ImReading, readings->len - 1 - i);
      g_array_index (readings, ImReading, readings->len - 1 - i) = tmp;
    }
  compute (readings, &health);
  g_assert_cmpint (health.driver, ==, IM_SENSOR_TEMPERATURE);
  g_assert_cmpint (health.driver_since_ns, ==, NOW_NS - 119 * IM_NSEC_PER_SEC);
}

static void
test_run_broken (void)
{
  /* out of normal for 60 s, one normal reading 20 s ago, out again since */
  g_autoptr(GArray) readings = readings_with (IM_SENSOR_VIBRATION, 2.0, 60);
  ImHealth health;

  g_array_index (readings, ImReading, 279).values[IM_SENSOR_VIBRATION] = 1.0;
  compute (readings, &health);
  g_assert_cmpint (health.driver, ==, IM_SENSOR_VIBRATION);
  g_assert_cmpint (health.driver_since_ns, ==, NOW_NS - 19 * IM_NSEC_PER_SEC);
}

static void
test_back_to_normal (void)
{
  /* pressure critical for a while, normal again in the latest reading */
  g_autoptr(GArray) readings = readings_with (IM_SENSOR_PRESSURE, 80.0, 60);
  ImHealth health;

  g_array_index (readings, ImReading, 299).values[IM_SENSOR_PRESSURE] = 50.0;
  compute (readings, &health);
  g_assert_cmpint (health.driver, ==, IM_SENSOR_PRESSURE);
  g_assert_cmpint (health.driver_since_ns, ==, 0);
}

static void
test_lowest_wins (void)
{
  /* temperature a little warm for long, power critical lately: power
   * pulls the score down most */
  g_autoptr(GArray) readings = readings_with (IM_SENSOR_TEMPERATURE, 72.0, 300);
  ImHealth health;

  for (guint i = 240; i < 300; i++)
    g_array_index (readings, ImReading, i).values[IM_SENSOR_POWER] = 900.0;
  compute (readings, &health);
  g_assert_cmpint (health.driver, ==, IM_SENSOR_POWER);
  g_assert_cmpint (health.driver_since_ns, ==, NOW_NS - 59 * IM_NSEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/health-driver/all-normal", test_all_normal);
  g_test_add_func ("/health-driver/warning-since", test_warning_since);
  g_test_add_func ("/health-driver/run-broken", test_run_broken);
  g_test_add_func ("/health-driver/back-to-normal", test_back_to_normal);
  g_test_add_func ("/health-driver/lowest-wins", test_lowest_wins);

  return g_test_run ();
}
