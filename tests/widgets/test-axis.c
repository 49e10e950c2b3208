/* test-axis.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include "im-axis.h"

#define NS_SEC  G_GINT64_CONSTANT (1000000000)
#define NS_MIN  (60 * NS_SEC)
#define NS_HOUR (3600 * NS_SEC)
#define NS_DAY  (86400 * NS_SEC)

static gint64
utc_ns (int y, int mo, int d, int h, int mi, int s)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (y, mo, d, h, mi, s);

  return g_date_time_to_unix (dt) * NS_SEC;
}

static gboolean
is_nice (double step)
{
  double mag = pow (10.0, floor (log10 (step) + 1e-9));
  double norm = step / mag;

  return fabs (norm - 1) < 1e-9 || fabs (norm - 2) < 1e-9 || fabs (norm - 5) < 1e-9;
}

static void
test_nice_step (void)
{
  g_assert_cmpfloat_with_epsilon (im_axis_nice_step (10, 5), 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_axis_nice_step (1, 5), 0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_axis_nice_step (100, 4), 20, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_axis_nice_step (7, 1), 5, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_axis_nice_step (8, 1), 10, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_axis_nice_step (0.003, 3), 0.001, 1e-15);
  g_assert_cmpfloat_with_epsilon (im_axis_nice_step (600, 6), 100, 1e-9);
}

static void
test_nice_ticks_simple (void)
{
  ImAxisTicks ticks;

  g_assert_true (im_axis_nice_ticks (0.3, 9.7, 5, &ticks));
  g_assert_cmpfloat_with_epsilon (ticks.step, 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (ticks.nice_min, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (ticks.nice_max, 10, 1e-12);
  g_assert_cmpuint (ticks.n_ticks, ==, 6);
  g_assert_cmpint (ticks.decimals, ==, 0);
  g_assert_cmpfloat_with_epsilon (im_axis_ticks_get_value (&ticks, 3), 6, 1e-12);

  g_assert_true (im_axis_nice_ticks (0.5, 2.5, 5, &ticks));
  g_assert_cmpfloat_with_epsilon (ticks.step, 0.5, 1e-12);
  g_assert_cmpint (ticks.decimals, ==, 1);
  g_assert_cmpuint (ticks.n_ticks, ==, 5);

  g_assert_true (im_axis_nice_ticks (-12, 3, 4, &ticks));
  g_assert_cmpfloat_with_epsilon (ticks.step, 5, 1e-12);
  g_assert_cmpfloat_with_epsilon (ticks.nice_min, -15, 1e-12);
  g_assert_cmpfloat_with_epsilon (ticks.nice_max, 5, 1e-12);

  /* reversed input */
  g_assert_true (im_axis_nice_ticks (9.7, 0.3, 5, &ticks));
  g_assert_cmpfloat_with_epsilon (ticks.nice_min, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (ticks.nice_max, 10, 1e-12);

  /* floating point noise: 0.3 is a multiple of 0.1 */
  g_assert_true (im_axis_nice_ticks (0.3, 0.7, 4, &ticks));
  g_assert_cmpfloat_with_epsilon (ticks.step, 0.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (ticks.nice_min, 0.3, 1e-12);
  g_assert_cmpfloat_with_epsilon (ticks.nice_max, 0.7, 1e-12);
  g_assert_cmpuint (ticks.n_ticks, ==, 5);
}

static void
test_nice_ticks_degenerate (void)
{
  ImAxisTicks ticks;

  g_assert_false (im_axis_nice_ticks (NAN, 1, 5, &ticks));
  g_assert_false (im_axis_nice_ticks (0, INFINITY, 5, &ticks));

  /* a flat series still gets a range around its value */
  g_assert_true (im_axis_nice_ticks (55, 55, 5, &ticks));
  g_assert_cmpfloat (ticks.nice_min, <, 55);
  g_assert_cmpfloat (ticks.nice_max, >, 55);
  g_assert_cmpuint (ticks.n_ticks, >=, 2);

  g_assert_true (im_axis_nice_ticks (0, 0, 5, &ticks));
  g_assert_cmpfloat (ticks.nice_min, <, 0);
  g_assert_cmpfloat (ticks.nice_max, >, 0);
}

static void
test_nice_ticks_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < 2000; i++)
    {
      double scale = pow (10, g_rand_int_range (rand, -4, 7));
      double a = g_rand_double_range (rand, -1, 1) * scale;
      double b = a + g_rand_double_range (rand, 0.01, 3) * scale;
      guint target = g_rand_int_range (rand, 2, 12);
      ImAxisTicks ticks;

      g_assert_true (im_axis_nice_ticks (a, b, target, &ticks));
      g_assert_true (is_nice (ticks.step));
      g_assert_cmpfloat (ticks.nice_min, <=, a + ticks.step * 1e-6);
      g_assert_cmpfloat (ticks.nice_max, >=, b - ticks.step * 1e-6);
      /* no more than one step of slack on either side */
      g_assert_cmpfloat (a - ticks.nice_min, <, ticks.step);
      g_assert_cmpfloat (ticks.nice_max - b, <, ticks.step);
      /* about the target count of intervals: the step is within a factor
       * of sqrt(5) of range / target */
      g_assert_cmpfloat (ticks.step, <=, (b - a) / target * 2.3);
      g_assert_cmpfloat (ticks.step, >=, (b - a) / target / 2.3);
      g_assert_cmpfloat_with_epsilon (im_axis_ticks_get_value (&ticks, ticks.n_ticks - 1),
                                      ticks.nice_max, ticks.step * 1e-6);
      /* the labels of neighbouring ticks differ */
      {
        g_autofree char *l0 = im_axis_format_value (im_axis_ticks_get_value (&ticks, 0), ticks.decimals);
        g_autofree char *l1 = im_axis_format_value (im_axis_ticks_get_value (&ticks, 1), ticks.decimals);

        g_assert_cmpstr (l0, !=, l1);
      }
    }
}

static void
test_format_value (void)
{
  struct {
    double value;
    int decimals;
    const char *expected;
  } cases[] = {
    { 55.12, 1, "55.1" },
    { 2.26, 1, "2.3" },
    { 1000, 0, "1000" },
    { -1.5, 1, "−1.5" },
    { -0.04, 1, "0.0" },
    { -0.0, 0, "0" },
    { 0.05, 2, "0.05" },
    { NAN, 1, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = im_axis_format_value (cases[i].value, cases[i].decimals);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_scale (void)
{
  ImAxisScale scale;

  /* y axis: value 0 at the bottom (200), 100 at the top (0) */
  im_axis_scale_init (&scale, 0, 100, 200, 0);
  g_assert_cmpfloat_with_epsilon (im_axis_scale_to_pixel (&scale, 0), 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (im_axis_scale_to_pixel (&scale, 100), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (im_axis_scale_to_pixel (&scale, 25), 150, 1e-9);
  g_assert_cmpfloat_with_epsilon (im_axis_scale_to_value (&scale, 150), 25, 1e-9);
  g_assert_cmpfloat_with_epsilon (im_axis_scale_to_pixel (&scale, 150), -100, 1e-9);

  for (double v = -30; v < 130; v += 7.3)
    g_assert_cmpfloat_with_epsilon (im_axis_scale_to_value (&scale, im_axis_scale_to_pixel (&scale, v)), v, 1e-9);

  /* empty value range maps to the middle */
  im_axis_scale_init (&scale, 5, 5, 0, 100);
  g_assert_cmpfloat_with_epsilon (im_axis_scale_to_pixel (&scale, 5), 50, 1e-9);

  /* time axis */
  g_assert_cmpfloat_with_epsilon (im_axis_time_to_pixel (500, 0, 1000, 10, 200), 110, 1e-9);
  g_assert_cmpfloat_with_epsilon (im_axis_time_to_pixel (0, 0, 1000, 10, 200), 10, 1e-9);
  g_assert_cmpint (im_axis_pixel_to_time (110, 0, 1000, 10, 200), ==, 500);
  g_assert_cmpint (im_axis_pixel_to_time (210, 0, 1000, 10, 200), ==, 1000);
  {
    gint64 start = utc_ns (2026, 11, 21, 0, 0, 0);
    gint64 end = start + 7 * NS_DAY;
    gint64 t = start + 3 * NS_DAY + 5 * NS_HOUR + 17 * NS_SEC;
    double px = im_axis_time_to_pixel (t, start, end, 0, 1200);

    /* a pixel is 504 s wide here: the round trip is within half of it */
    g_assert_cmpint (llabs (im_axis_pixel_to_time (px, start, end, 0, 1200) - t), <=, NS_SEC);
  }
}

static void
test_time_step (void)
{
  struct {
    gint64 span;
    guint target;
    ImTimeUnit unit;
    guint count;
  } cases[] = {
    { 5 * NS_MIN, 5, IM_TIME_UNIT_MINUTE, 1 },
    { 5 * NS_MIN, 6, IM_TIME_UNIT_MINUTE, 1 },
    { 5 * NS_MIN, 4, IM_TIME_UNIT_MINUTE, 2 },
    { 10 * NS_MIN, 6, IM_TIME_UNIT_MINUTE, 2 },
    { 60 * NS_MIN, 6, IM_TIME_UNIT_MINUTE, 10 },
    { 30 * NS_SEC, 6, IM_TIME_UNIT_SECOND, 5 },
    { 3 * NS_SEC, 6, IM_TIME_UNIT_SECOND, 1 },
    { 24 * NS_HOUR, 8, IM_TIME_UNIT_HOUR, 3 },
    { 7 * NS_DAY, 7, IM_TIME_UNIT_DAY, 1 },
    { 7 * NS_DAY, 6, IM_TIME_UNIT_DAY, 2 },
    { 30 * NS_DAY, 6, IM_TIME_UNIT_DAY, 7 },
    { 30 * NS_DAY, 2, IM_TIME_UNIT_DAY, 21 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ImTimeStep step;

      im_axis_time_step (1000 * NS_SEC, 1000 * NS_SEC + cases[i].span, cases[i].target, &step);
      g_test_message ("span %" G_GINT64_FORMAT " s, target %u", cases[i].span / NS_SEC, cases[i].target);
      g_assert_cmpint (step.unit, ==, cases[i].unit);
      g_assert_cmpuint (step.count, ==, cases[i].count);
      g_assert_cmpint (cases[i].span / im_time_step_to_ns (&step), <=, cases[i].target);
    }
}

static void
test_time_ticks_utc (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gint64 start = utc_ns (2026, 11, 28, 7, 26, 49) + 123456789;
  gint64 end = start + 5 * NS_MIN;
  ImTimeStep step = { IM_TIME_UNIT_MINUTE, 1 };
  g_autoptr(GArray) ticks = im_axis_time_ticks (start, end, &step, utc);

  g_assert_cmpuint (ticks->len, ==, 5);
  for (guint i = 0; i < ticks->len; i++)
    g_assert_cmpint (g_array_index (ticks, gint64, i), ==, utc_ns (2026, 11, 28, 7, 27 + i, 0));

  {
    g_autofree char *label = im_axis_format_time (g_array_index (ticks, gint64, 0), &step, utc);
    g_assert_cmpstr (label, ==, "07:27");
  }

  /* 15 s steps: on :00, :15, :30, :45 */
  {
    ImTimeStep s15 = { IM_TIME_UNIT_SECOND, 15 };
    g_autoptr(GArray) t15 = im_axis_time_ticks (start, start + NS_MIN, &s15, utc);

    g_assert_cmpuint (t15->len, ==, 4);
    g_assert_cmpint (g_array_index (t15, gint64, 0), ==, utc_ns (2026, 11, 28, 7, 27, 0));
    g_assert_cmpint (g_array_index (t15, gint64, 3), ==, utc_ns (2026, 11, 28, 7, 27, 45));
  }

  /* a tick exactly at both ends is kept */
  {
    ImTimeStep s10 = { IM_TIME_UNIT_MINUTE, 10 };
    gint64 a = utc_ns (2026, 11, 28, 7, 0, 0);
    g_autoptr(GArray) t10 = im_axis_time_ticks (a, a + NS_HOUR, &s10, utc);

    g_assert_cmpuint (t10->len, ==, 7);
    g_assert_cmpint (g_array_index (t10, gint64, 0), ==, a);
    g_assert_cmpint (g_array_index (t10, gint64, 6), ==, a + NS_HOUR);
  }
}

static void
test_time_ticks_offset (void)
{
  /* Nepal, +05:45: hour ticks fall on local whole hours, i.e. at :15 UTC */
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+05:45");
  gint64 start = utc_ns (2026, 11, 28, 0, 0, 0);
  ImTimeStep step = { IM_TIME_UNIT_HOUR, 2 };
  g_autoptr(GArray) ticks = NULL;

  g_assert_nonnull (tz);
  ticks = im_axis_time_ticks (start, start + 12 * NS_HOUR, &step, tz);
  g_assert_cmpuint (ticks->len, ==, 6);
  for (guint i = 0; i < ticks->len; i++)
    {
      gint64 t = g_array_index (ticks, gint64, i);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / NS_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, tz);

      g_assert_cmpint (g_date_time_get_minute (dt), ==, 15);
      g_assert_cmpint (g_date_time_get_hour (local) % 2, ==, 0);
      g_assert_cmpint (g_date_time_get_minute (local), ==, 0);
    }
  /* local midnight shows the date */
  {
    gint64 midnight;
    g_autoptr(GDateTime) m = g_date_time_new (tz, 2026, 11, 28, 0, 0, 0);
    g_autofree char *label = NULL;

    midnight = g_date_time_to_unix (m) * NS_SEC;
    label = im_axis_format_time (midnight, &step, tz);
    g_assert_cmpstr (label, ==, "Nov 28");
  }
}

static void
test_time_ticks_dst (void)
{
  /* Europe/Berlin switches to summer time on 2026-03-29 at 02:00 */
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  gint64 start, end;
  ImTimeStep hours = { IM_TIME_UNIT_HOUR, 3 };
  ImTimeStep days = { IM_TIME_UNIT_DAY, 1 };
  g_autoptr(GArray) ticks = NULL;
  g_autoptr(GArray) day_ticks = NULL;

  if (tz == NULL)
    {
      g_test_skip ("no time zone data for Europe/Berlin");
      return;
    }

  start = utc_ns (2026, 3, 28, 0, 0, 0);
  end = utc_ns (2026, 3, 31, 0, 0, 0);

  ticks = im_axis_time_ticks (start, end, &hours, tz);
  g_assert_cmpuint (ticks->len, >, 20);
  for (guint i = 0; i < ticks->len; i++)
    {
      gint64 t = g_array_index (ticks, gint64, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t / NS_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

      g_assert_cmpint (g_date_time_get_hour (local) % 3, ==, 0);
      g_assert_cmpint (g_date_time_get_minute (local), ==, 0);
      if (i > 0)
        g_assert_cmpint (t, >, g_array_index (ticks, gint64, i - 1));
    }

  /* local midnights: the day of the change is 23 hours long */
  day_ticks = im_axis_time_ticks (start, end, &days, tz);
  g_assert_cmpuint (day_ticks->len, ==, 3);
  g_assert_cmpint (g_array_index (day_ticks, gint64, 0), ==, utc_ns (2026, 3, 28, 23, 0, 0));
  g_assert_cmpint (g_array_index (day_ticks, gint64, 1) - g_array_index (day_ticks, gint64, 0), ==, 23 * NS_HOUR);
  g_assert_cmpint (g_array_index (day_ticks, gint64, 2) - g_array_index (day_ticks, gint64, 1), ==, 24 * NS_HOUR);
}

static void
test_time_ticks_weeks (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gint64 start = utc_ns (2026, 10, 1, 0, 0, 0);
  gint64 end = utc_ns (2026, 12, 31, 0, 0, 0);
  ImTimeStep step = { IM_TIME_UNIT_DAY, 7 };
  g_autoptr(GArray) ticks = im_axis_time_ticks (start, end, &step, utc);

  g_assert_cmpuint (ticks->len, ==, 13);
  for (guint i = 0; i < ticks->len; i++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (g_array_index (ticks, gint64, i) / NS_SEC);

      g_assert_cmpint (g_date_time_get_day_of_week (dt), ==, 1);
      g_assert_cmpint (g_date_time_get_hour (dt), ==, 0);
    }
  {
    g_autofree char *label = im_axis_format_time (g_array_index (ticks, gint64, 0), &step, utc);
    /* 2026-10-05 is the first Monday of October */
    g_assert_cmpstr (label, ==, "Oct 5");
  }
}

static void
test_format_time (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) plus2 = g_time_zone_new_identifier ("+02:00");
  gint64 t = utc_ns (2026, 12, 1, 23, 5, 30);
  ImTimeStep sec = { IM_TIME_UNIT_SECOND, 10 };
  ImTimeStep hour = { IM_TIME_UNIT_HOUR, 1 };
  g_autofree char *a = im_axis_format_time (t, &sec, utc);
  g_autofree char *b = im_axis_format_time (t, &hour, utc);
  g_autofree char *c = im_axis_format_time_full (t, utc);
  g_autofree char *d = im_axis_format_time_full (t, plus2);

  g_assert_cmpstr (a, ==, "23:05:30");
  g_assert_cmpstr (b, ==, "23:05");
  g_assert_cmpstr (c, ==, "2026-12-01 23:05:30");
  g_assert_cmpstr (d, ==, "2026-12-02 01:05:30");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/axis/nice-step", test_nice_step);
  g_test_add_func ("/axis/nice-ticks/simple", test_nice_ticks_simple);
  g_test_add_func ("/axis/nice-ticks/degenerate", test_nice_ticks_degenerate);
  g_test_add_func ("/axis/nice-ticks/random", test_nice_ticks_random);
  g_test_add_func ("/axis/format-value", test_format_value);
  g_test_add_func ("/axis/scale", test_scale);
  g_test_add_func ("/axis/time-step", test_time_step);
  g_test_add_func ("/axis/time-ticks/utc", test_time_ticks_utc);
  g_test_add_func ("/axis/time-ticks/offset", test_time_ticks_offset);
  g_test_add_func ("/axis/time-ticks/dst", test_time_ticks_dst);
  g_test_add_func ("/axis/time-ticks/weeks", test_time_ticks_weeks);
  g_test_add_func ("/axis/format-time", test_format_time);

  return g_test_run ();
}
