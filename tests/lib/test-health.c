/* test-health.c — zones and the health score
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "im-health.h"
#include "im-util.h"

#define NOW_NS (G_GINT64_CONSTANT (1795867200) * IM_NSEC_PER_SEC)

static void
test_zones (void)
{
  static const struct {
    ImSensor sensor;
    double   value;
    ImZone   zone;
  } cases[] = {
    { IM_SENSOR_TEMPERATURE, 25.0, IM_ZONE_NORMAL },
    { IM_SENSOR_TEMPERATURE, 40.0, IM_ZONE_NORMAL },
    { IM_SENSOR_TEMPERATURE, 70.0, IM_ZONE_NORMAL },
    { IM_SENSOR_TEMPERATURE, 70.1, IM_ZONE_WARNING },
    { IM_SENSOR_TEMPERATURE, 85.0, IM_ZONE_WARNING },
    { IM_SENSOR_TEMPERATURE, 85.1, IM_ZONE_CRITICAL },
    { IM_SENSOR_VIBRATION, 1.5, IM_ZONE_NORMAL },
    { IM_SENSOR_VIBRATION, 2.0, IM_ZONE_WARNING },
    { IM_SENSOR_VIBRATION, 2.6, IM_ZONE_CRITICAL },
    { IM_SENSOR_PRESSURE, 29.9, IM_ZONE_CRITICAL },
    { IM_SENSOR_PRESSURE, 30.0, IM_ZONE_WARNING },
    { IM_SENSOR_PRESSURE, 39.9, IM_ZONE_WARNING },
    { IM_SENSOR_PRESSURE, 50.0, IM_ZONE_NORMAL },
    { IM_SENSOR_PRESSURE, 65.0, IM_ZONE_WARNING },
    { IM_SENSOR_PRESSURE, 70.5, IM_ZONE_CRITICAL },
    { IM_SENSOR_POWER, 250.0, IM_ZONE_NORMAL },
    { IM_SENSOR_POWER, 350.0, IM_ZONE_WARNING },
    { IM_SENSOR_POWER, 401.0, IM_ZONE_CRITICAL },
    { IM_SENSOR_POWER, NAN, IM_ZONE_CRITICAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ImZone zone = im_sensor_zone (cases[i].sensor, cases[i].value);

      if (zone != cases[i].zone)
        g_error ("%s %g: expected %s, got %s", im_sensor_to_string (cases[i].sensor),
                 cases[i].value, im_zone_to_string (cases[i].zone), im_zone_to_string (zone));
    }
}

static void
test_bands_agree_with_zones (void)
{
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      guint n = 0;
      const ImZoneBand *bands = im_sensor_zone_bands ((ImSensor) s, &n);
      double min, max;

      im_sensor_display_range ((ImSensor) s, &min, &max);
      g_assert_cmpuint (n, >, 1);
      g_assert_cmpfloat (bands[0].low, ==, min);
      g_assert_cmpfloat (bands[n - 1].high, ==, max);

      for (guint b = 0; b < n; b++)
        {
          double mid = (bands[b].low + bands[b].high) / 2;

          if (b > 0)
            g_assert_cmpfloat (bands[b].low, ==, bands[b - 1].high);
          g_assert_cmpint (im_sensor_zone ((ImSensor) s, mid), ==, bands[b].zone);
        }
    }
}

/* The limits the alarm rules start from are the zones themselves, and a
 * machine's own limits move the zone of a value. */
static void
test_zone_limits (void)
{
  static const double probes[] = { -10, 0, 29.9, 30, 35, 40, 50, 60, 65, 70, 70.1,
                                   75, 85, 85.1, 100, 299, 300, 301, 400, 401, NAN };
  ImZoneLimits limits;

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      im_sensor_zone_limits ((ImSensor) s, &limits);
      for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
        g_assert_cmpint (im_zone_for_limits (&limits, probes[i]), ==,
                         im_sensor_zone ((ImSensor) s, probes[i]));
    }

  im_sensor_zone_limits (IM_SENSOR_TEMPERATURE, &limits);
  g_assert_cmpfloat (limits.normal_high, ==, 70.0);
  g_assert_cmpfloat (limits.warning_high, ==, 85.0);
  limits.normal_high = 75.0;
  g_assert_cmpint (im_zone_for_limits (&limits, 72.0), ==, IM_ZONE_NORMAL);
  g_assert_cmpint (im_zone_for_limits (&limits, 75.0), ==, IM_ZONE_NORMAL);
  g_assert_cmpint (im_zone_for_limits (&limits, 75.5), ==, IM_ZONE_WARNING);
  g_assert_cmpint (im_sensor_zone (IM_SENSOR_TEMPERATURE, 72.0), ==, IM_ZONE_WARNING);
}

static void
test_sensor_score (void)
{
  g_assert_cmpfloat (im_sensor_score (IM_SENSOR_TEMPERATURE, 55.0), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (im_sensor_score (IM_SENSOR_TEMPERATURE, 77.5), 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_sensor_score (IM_SENSOR_TEMPERATURE, 85.0), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_sensor_score (IM_SENSOR_TEMPERATURE, 92.5), 0.25, 1e-12);
  g_assert_cmpfloat (im_sensor_score (IM_SENSOR_TEMPERATURE, 150.0), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (im_sensor_score (IM_SENSOR_PRESSURE, 35.0), 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_sensor_score (IM_SENSOR_PRESSURE, 65.0), 0.75, 1e-12);
  g_assert_cmpfloat (im_sensor_score (IM_SENSOR_PRESSURE, 10.0), ==, 0.0);

  /* Monotonic away from the normal band. */
  for (double v = 70.0; v < 120.0; v += 0.5)
    g_assert_cmpfloat (im_sensor_score (IM_SENSOR_TEMPERATURE, v + 0.5), <=,
                       im_sensor_score (IM_SENSOR_TEMPERATURE, v));
}

static ImReading
make_reading (gint64 time_ns,
              double temperature,
              double vibration,
              double pressure,
              double power)
{
  ImReading r;

  im_reading_init (&r);
  g_strlcpy (r.machine_id, "M", sizeof r.machine_id);
  g_strlcpy (r.sensor_id, "M-S1", sizeof r.sensor_id);
  r.time_ns = time_ns;
  r.values[IM_SENSOR_TEMPERATURE] = temperature;
  r.values[IM_SENSOR_VIBRATION] = vibration;
  r.values[IM_SENSOR_PRESSURE] = pressure;
  r.values[IM_SENSOR_POWER] = power;

  return r;
}

static void
test_reading_score (void)
{
  ImReading healthy = make_reading (NOW_NS, 55, 1.0, 50, 250);
  ImReading warm = make_reading (NOW_NS, 77.5, 1.0, 50, 250);
  ImReading hot = make_reading (NOW_NS, 100, 1.0, 50, 250);
  ImReading failing = make_reading (NOW_NS, 95, 3.0, 75, 450);

  g_assert_cmpfloat (im_reading_score (&healthy), ==, 100.0);
  /* one sensor mid-warning: ¼·(3.75/4) + ¾·0.75 */
  g_assert_cmpfloat_with_epsilon (im_reading_score (&warm), 100 * (0.25 * 0.9375 + 0.75 * 0.75), 1e-9);
  g_assert_cmpint (im_health_status_for_score (im_reading_score (&warm)), ==, IM_HEALTH_WARNING);
  g_assert_cmpint (im_health_status_for_score (im_reading_score (&hot)), ==, IM_HEALTH_CRITICAL);
  g_assert_cmpint (im_health_status_for_score (im_reading_score (&failing)), ==, IM_HEALTH_CRITICAL);
  g_assert_cmpint (im_health_status_for_score (im_reading_score (&healthy)), ==, IM_HEALTH_HEALTHY);
}

static void
test_compute (void)
{
  ImReading readings[600];
  ImHealth health;

  /* Ten minutes of healthy readings, the last minute hot. */
  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    {
      gint64 t = NOW_NS - (gint64) (G_N_ELEMENTS (readings) - 1 - i) * IM_NSEC_PER_SEC;

      readings[i] = make_reading (t, i >= 540 ? 100.0 : 55.0, 1.0, 50, 250);
    }

  im_health_compute (readings, G_N_ELEMENTS (readings), NOW_NS, &health);
  g_assert_cmpuint (health.n_readings, ==, 301);  /* the last five minutes, inclusive */
  g_assert_cmpint (health.last_seen_ns, ==, NOW_NS);
  g_assert_cmpint (health.zones[IM_SENSOR_TEMPERATURE], ==, IM_ZONE_CRITICAL);
  g_assert_cmpint (health.zones[IM_SENSOR_POWER], ==, IM_ZONE_NORMAL);
  /* Recency weighting: half the weight lies in the last minute, which
   * scores 100·(¼·0.8125 + 0) ≈ 20; the rest scores 100. */
  g_assert_cmpfloat (health.score, >, 45.0);
  g_assert_cmpfloat (health.score, <, 65.0);
  g_assert_cmpint (health.status, ==, im_health_status_for_score (health.score));

  /* Order does not matter. */
  {
    ImHealth reversed;
    ImReading copy[G_N_ELEMENTS (readings)];

    for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
      copy[i] = readings[G_N_ELEMENTS (readings) - 1 - i];
    im_health_compute (copy, G_N_ELEMENTS (copy), NOW_NS, &reversed);
    g_assert_cmpfloat_with_epsilon (reversed.score, health.score, 1e-9);
  }

  /* A minute and more without readings: offline, score kept. */
  im_health_compute (readings, G_N_ELEMENTS (readings), NOW_NS + 61 * IM_NSEC_PER_SEC, &health);
  g_assert_cmpint (health.status, ==, IM_HEALTH_OFFLINE);
  g_assert_false (isnan (health.score));

  /* Nothing at all. */
  im_health_compute (NULL, 0, NOW_NS, &health);
  g_assert_cmpint (health.status, ==, IM_HEALTH_OFFLINE);
  g_assert_true (isnan (health.score));
  g_assert_cmpint (health.last_seen_ns, ==, 0);
  g_assert_cmpstr (im_health_status_to_string (health.status), ==, "offline");
}

/* Every machine silent since one moment: the pipeline, not the fleet. */
static void
test_fleet_stalled (void)
{
  const gint64 t = G_GINT64_CONSTANT (1700000000) * IM_NSEC_PER_SEC;
  ImHealth stalled[3] = {
    { 90, IM_HEALTH_OFFLINE, t, { 0 }, 10 },
    { 80, IM_HEALTH_OFFLINE, t + 400 * IM_NSEC_PER_MSEC, { 0 }, 10 },
    { 70, IM_HEALTH_OFFLINE, t + 800 * IM_NSEC_PER_MSEC, { 0 }, 10 },
  };
  ImHealth apart[2] = {
    { 90, IM_HEALTH_OFFLINE, t, { 0 }, 10 },
    { 80, IM_HEALTH_OFFLINE, t + 11 * IM_NSEC_PER_SEC, { 0 }, 10 },
  };
  ImHealth one_running[2] = {
    { 90, IM_HEALTH_OFFLINE, t, { 0 }, 10 },
    { 80, IM_HEALTH_CRITICAL, t, { 0 }, 10 },
  };
  ImHealth never[2] = {
    { 90, IM_HEALTH_OFFLINE, t, { 0 }, 10 },
    { NAN, IM_HEALTH_OFFLINE, 0, { 0 }, 0 },
  };
  gint64 stopped = 0;

  g_assert_true (im_health_fleet_stalled (stalled, 3, &stopped));
  g_assert_cmpint (stopped, ==, t + 800 * IM_NSEC_PER_MSEC);
  g_assert_false (im_health_fleet_stalled (stalled, 1, NULL));
  g_assert_false (im_health_fleet_stalled (apart, 2, NULL));
  g_assert_false (im_health_fleet_stalled (one_running, 2, NULL));
  g_assert_false (im_health_fleet_stalled (never, 2, NULL));
  g_assert_false (im_health_fleet_stalled (NULL, 0, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/health/zones", test_zones);
  g_test_add_func ("/health/bands", test_bands_agree_with_zones);
  g_test_add_func ("/health/zone-limits", test_zone_limits);
  g_test_add_func ("/health/sensor-score", test_sensor_score);
  g_test_add_func ("/health/reading-score", test_reading_score);
  g_test_add_func ("/health/compute", test_compute);
  g_test_add_func ("/health/fleet-stalled", test_fleet_stalled);

  return g_test_run ();
}
