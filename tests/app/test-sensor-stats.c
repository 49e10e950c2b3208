/* test-sensor-stats.c — a chart legend's figures over a range.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "im-sensor-stats.h"
#include "im-units.h"
#include "im-util.h"

#define MIN_NS (60 * IM_NSEC_PER_SEC)

static void
make_window (ImAggregate *agg,
             guint        minute,
             double       mean,
             double       min,
             double       max,
             guint        count)
{
  *agg = (ImAggregate) { 0 };
  agg->time_ns = minute * MIN_NS;
  for (guint s = 0; s < IM_N_SENSORS; s++)
    agg->mean[s] = agg->min[s] = agg->max[s] = NAN;
  agg->mean[IM_SENSOR_TEMPERATURE] = mean;
  agg->min[IM_SENSOR_TEMPERATURE] = min;
  agg->max[IM_SENSOR_TEMPERATURE] = max;
  agg->count = count;
}

static void
test_compute (void)
{
  ImAggregate aggs[6];
  ImSensorStats stats;

  /* Temperature: normal up to 70 °C, warning up to 85, critical above. */
  make_window (&aggs[0], 0, 60.0, 55.0, 65.0, 60);   /* normal */
  make_window (&aggs[1], 1, 80.0, 70.0, 99.0, 60);   /* warning */
  make_window (&aggs[2], 2, 90.0, 86.0, 95.0, 30);   /* critical, half as many readings */
  make_window (&aggs[3], 3, 65.0, 50.0, 69.0, 60);   /* normal */
  make_window (&aggs[4], 4, NAN, NAN, NAN, 60);      /* no temperature */
  make_window (&aggs[5], 9, 200.0, 200.0, 200.0, 60); /* outside the range */

  im_sensor_stats_compute (aggs, G_N_ELEMENTS (aggs), IM_SENSOR_TEMPERATURE, 0, 5 * MIN_NS, &stats);
  g_assert_cmpuint (stats.n_windows, ==, 4);
  g_assert_cmpfloat (stats.min, ==, 50.0);
  g_assert_cmpfloat (stats.max, ==, 99.0);
  /* (60·60 + 80·60 + 90·30 + 65·60) / 210 */
  g_assert_cmpfloat_with_epsilon (stats.mean, 15000.0 / 210.0, 1e-12);
  g_assert_cmpfloat (stats.last, ==, 65.0);
  g_assert_cmpfloat (stats.zone_share[IM_ZONE_NORMAL], ==, 0.5);
  g_assert_cmpfloat (stats.zone_share[IM_ZONE_WARNING], ==, 0.25);
  g_assert_cmpfloat (stats.zone_share[IM_ZONE_CRITICAL], ==, 0.25);

  /* A narrower range: the zoomed part only. */
  im_sensor_stats_compute (aggs, G_N_ELEMENTS (aggs), IM_SENSOR_TEMPERATURE,
                           1 * MIN_NS, 3 * MIN_NS, &stats);
  g_assert_cmpuint (stats.n_windows, ==, 2);
  g_assert_cmpfloat (stats.min, ==, 70.0);
  g_assert_cmpfloat (stats.last, ==, 90.0);
  g_assert_cmpfloat (stats.zone_share[IM_ZONE_NORMAL], ==, 0.0);

  /* Nothing in range. */
  im_sensor_stats_compute (aggs, G_N_ELEMENTS (aggs), IM_SENSOR_TEMPERATURE,
                           20 * MIN_NS, 30 * MIN_NS, &stats);
  g_assert_cmpuint (stats.n_windows, ==, 0);
  g_assert_true (isnan (stats.mean));
  g_assert_cmpfloat (stats.zone_share[IM_ZONE_NORMAL], ==, 0.0);
}

static void
test_format (void)
{
  ImSensorStats stats = { 4, 50.0, 99.0, 71.4285, 65.0, { 0.5, 0.25, 0.25 } };
  const ImUnits stored = IM_UNITS_INIT_STORED;
  const ImUnits fahrenheit = { IM_TEMPERATURE_UNIT_FAHRENHEIT, IM_PRESSURE_UNIT_PSI };
  ImSensorStats none = { 0, NAN, NAN, NAN, NAN, { 0, 0, 0 } };
  g_autofree char *text = NULL;
  g_autofree char *text_f = NULL;
  g_autofree char *empty = NULL;

  text = im_sensor_stats_format (&stats, IM_SENSOR_TEMPERATURE);
  g_assert_cmpstr (text, ==, "Min 50.0 · Max 99.0 · Mean 71.4 · Last 65.0 °C · "
                             "Normal 50 % · Warning 25 % · Critical 25 %");

  /* In the display units; the shares do not change. */
  im_units_set_display (&fahrenheit);
  text_f = im_sensor_stats_format (&stats, IM_SENSOR_TEMPERATURE);
  g_assert_cmpstr (text_f, ==, "Min 122.0 · Max 210.2 · Mean 160.6 · Last 149.0 °F · "
                               "Normal 50 % · Warning 25 % · Critical 25 %");
  im_units_set_display (&stored);

  empty = im_sensor_stats_format (&none, IM_SENSOR_TEMPERATURE);
  g_assert_cmpstr (empty, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sensor-stats/compute", test_compute);
  g_test_add_func ("/sensor-stats/format", test_format);

  return g_test_run ();
}
