/* test-time-series.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "im-time-series.h"

static void
count_cb (ImTimeSeries *series,
          guint        *count)
{
  (*count)++;
}

static void
test_series_append (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  guint changed = 0;
  gint64 first, last;

  g_signal_connect (series, "changed", G_CALLBACK (count_cb), &changed);

  g_assert_cmpuint (im_time_series_get_n_points (series), ==, 0);
  g_assert_false (im_time_series_get_time_range (series, &first, &last));

  im_time_series_append (series, 100, 1.0);
  im_time_series_append (series, 300, 3.0);
  im_time_series_append (series, 200, 2.0);   /* older: inserted in order */
  im_time_series_append (series, 300, 3.5);   /* same time: replaces */
  g_assert_cmpuint (changed, ==, 4);

  g_assert_cmpuint (im_time_series_get_n_points (series), ==, 3);
  {
    const gint64 *t = im_time_series_get_times (series);
    const double *v = im_time_series_get_values (series);

    g_assert_cmpint (t[0], ==, 100);
    g_assert_cmpint (t[1], ==, 200);
    g_assert_cmpint (t[2], ==, 300);
    g_assert_cmpfloat (v[0], ==, 1.0);
    g_assert_cmpfloat (v[1], ==, 2.0);
    g_assert_cmpfloat (v[2], ==, 3.5);
  }
  g_assert_false (im_time_series_has_band (series));
  g_assert_null (im_time_series_get_mins (series));
  g_assert_true (im_time_series_get_time_range (series, &first, &last));
  g_assert_cmpint (first, ==, 100);
  g_assert_cmpint (last, ==, 300);

  g_assert_finalize_object (g_steal_pointer (&series));
}

static void
test_series_cap (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  const guint cap = 1000;
  const guint total = 100000;

  im_time_series_set_max_points (series, cap);
  for (guint i = 0; i < total; i++)
    im_time_series_append (series, (gint64) i * 1000, i * 0.5);

  g_assert_cmpuint (im_time_series_get_n_points (series), ==, cap);
  {
    const gint64 *t = im_time_series_get_times (series);
    const double *v = im_time_series_get_values (series);

    for (guint i = 0; i < cap; i++)
      {
        guint k = total - cap + i;

        g_assert_cmpint (t[i], ==, (gint64) k * 1000);
        g_assert_cmpfloat (v[i], ==, k * 0.5);
      }
  }

  /* lowering the cap drops the oldest at once */
  im_time_series_set_max_points (series, 10);
  g_assert_cmpuint (im_time_series_get_n_points (series), ==, 10);
  g_assert_cmpint (im_time_series_get_times (series)[0], ==, (gint64) (total - 10) * 1000);
  g_assert_cmpuint (im_time_series_get_max_points (series), ==, 10);

  g_assert_finalize_object (g_steal_pointer (&series));
}

static void
test_series_band (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  const gint64 times[] = { 10, 20, 30 };
  const double values[] = { 5, 6, NAN };
  const double mins[] = { 4, 1, NAN };
  const double maxs[] = { 7, 6.5, NAN };
  double lo, hi;

  im_time_series_set (series, times, values, mins, maxs, 3);
  g_assert_true (im_time_series_has_band (series));
  g_assert_cmpfloat (im_time_series_get_mins (series)[1], ==, 1);
  g_assert_cmpfloat (im_time_series_get_maxs (series)[0], ==, 7);

  g_assert_true (im_time_series_get_value_range (series, 0, 100, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 1);
  g_assert_cmpfloat (hi, ==, 7);
  g_assert_true (im_time_series_get_value_range (series, 11, 100, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 1);
  g_assert_cmpfloat (hi, ==, 6.5);
  g_assert_false (im_time_series_get_value_range (series, 25, 100, &lo, &hi));

  /* a plain point in a band series gets a zero-width band */
  im_time_series_append (series, 40, 9);
  g_assert_cmpfloat (im_time_series_get_mins (series)[3], ==, 9);
  g_assert_cmpfloat (im_time_series_get_maxs (series)[3], ==, 9);

  /* replacing without a band drops it */
  im_time_series_set (series, times, values, NULL, NULL, 3);
  g_assert_false (im_time_series_has_band (series));
  g_assert_null (im_time_series_get_maxs (series));

  /* a band point in a plain series turns the others into zero-width bands */
  im_time_series_append_band (series, 25, 5.5, 5, 6);
  g_assert_true (im_time_series_has_band (series));
  g_assert_cmpuint (im_time_series_get_n_points (series), ==, 4);
  g_assert_cmpfloat (im_time_series_get_mins (series)[0], ==, 5);
  g_assert_cmpfloat (im_time_series_get_mins (series)[2], ==, 5);
  g_assert_cmpfloat (im_time_series_get_maxs (series)[2], ==, 6);
  g_assert_cmpint (im_time_series_get_times (series)[2], ==, 25);

  g_assert_finalize_object (g_steal_pointer (&series));
}

static void
test_series_many_trim_clear (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  const gint64 a[] = { 1, 2, 3, 4 };
  const double av[] = { 1, 2, 3, 4 };
  const gint64 b[] = { 6, 5, 7 };
  const double bv[] = { 6, 5, 7 };
  guint changed = 0;

  g_signal_connect (series, "changed", G_CALLBACK (count_cb), &changed);
  im_time_series_append_many (series, a, av, NULL, NULL, 4);
  im_time_series_append_many (series, b, bv, NULL, NULL, 3);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (im_time_series_get_n_points (series), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_assert_cmpint (im_time_series_get_times (series)[i], ==, i + 1);
      g_assert_cmpfloat (im_time_series_get_values (series)[i], ==, i + 1);
    }

  im_time_series_trim_before (series, 3);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpuint (im_time_series_get_n_points (series), ==, 5);
  g_assert_cmpint (im_time_series_get_times (series)[0], ==, 3);

  /* nothing older: no change */
  im_time_series_trim_before (series, 0);
  g_assert_cmpuint (changed, ==, 3);

  im_time_series_clear (series);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpuint (im_time_series_get_n_points (series), ==, 0);

  /* after trimming the arrays are still usable for appends */
  for (gint64 t = 100; t < 5000; t++)
    {
      im_time_series_append (series, t, t);
      if (t % 100 == 0)
        im_time_series_trim_before (series, t - 50);
    }
  g_assert_cmpint (im_time_series_get_times (series)[0], ==, 4850);
  for (guint i = 0; i < im_time_series_get_n_points (series); i++)
    g_assert_cmpfloat (im_time_series_get_values (series)[i], ==, 4850 + i);

  g_assert_finalize_object (g_steal_pointer (&series));
}

static void
test_series_find_nearest (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  const gint64 times[] = { 0, 10, 20, 30, 40 };
  const double values[] = { 1, NAN, 3, NAN, NAN };

  g_assert_cmpint (im_time_series_find_nearest (series, 5), ==, -1);
  im_time_series_set (series, times, values, NULL, NULL, 5);

  g_assert_cmpint (im_time_series_find_nearest (series, -100), ==, 0);
  g_assert_cmpint (im_time_series_find_nearest (series, 9), ==, 0);
  g_assert_cmpint (im_time_series_find_nearest (series, 10), ==, 0);  /* tie: earlier */
  g_assert_cmpint (im_time_series_find_nearest (series, 11), ==, 2);
  g_assert_cmpint (im_time_series_find_nearest (series, 35), ==, 2);  /* NANs skipped */
  g_assert_cmpint (im_time_series_find_nearest (series, 1000), ==, 2);

  g_assert_finalize_object (g_steal_pointer (&series));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_series_properties (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  guint notified = 0;
  guint n_points = 99;
  guint max_points = 0;

  g_signal_connect (series, "notify::n-points", G_CALLBACK (notify_cb), &notified);
  im_time_series_append (series, 1, 1);
  im_time_series_append (series, 1, 2);    /* replaces: no new point */
  g_assert_cmpuint (notified, ==, 1);

  g_object_set (series, "max-points", 7, NULL);
  g_object_get (series, "n-points", &n_points, "max-points", &max_points, NULL);
  g_assert_cmpuint (n_points, ==, 1);
  g_assert_cmpuint (max_points, ==, 7);

  g_assert_finalize_object (g_steal_pointer (&series));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time-series/append", test_series_append);
  g_test_add_func ("/time-series/cap", test_series_cap);
  g_test_add_func ("/time-series/band", test_series_band);
  g_test_add_func ("/time-series/many-trim-clear", test_series_many_trim_clear);
  g_test_add_func ("/time-series/find-nearest", test_series_find_nearest);
  g_test_add_func ("/time-series/properties", test_series_properties);

  return g_test_run ();
}
