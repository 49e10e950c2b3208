/* test-decimate.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "im-decimate.h"

/* The column of a time, found by walking the columns: column i holds the
 * times t with i * span <= (t - start) * n < (i + 1) * span. */
static int
reference_column (gint64 t,
                  gint64 start,
                  gint64 end,
                  guint  n)
{
  gint64 off = t - start;
  gint64 span = end - start;
  int col = 0;

  if (t < start || t > end)
    return -1;
  if (t == end)
    return (int) n - 1;
  while ((gint64) (col + 1) * span <= off * (gint64) n)
    col++;
  return col;
}

static void
assert_columns_empty (const ImDecimateColumn *columns,
                      guint                   n)
{
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (columns[i].n, ==, 0);
}

static void
test_decimate_empty (void)
{
  ImDecimateColumn columns[8];
  ImDecimateEdge before = { TRUE, 1, 1 };
  ImDecimateEdge after = { TRUE, 1, 1 };
  guint filled;

  filled = im_decimate (NULL, NULL, 0, 0, 1000, 0, columns, G_N_ELEMENTS (columns), &before, &after);
  g_assert_cmpuint (filled, ==, 0);
  assert_columns_empty (columns, G_N_ELEMENTS (columns));
  g_assert_false (before.valid);
  g_assert_false (after.valid);
}

static void
test_decimate_bad_range (void)
{
  const gint64 times[] = { 10, 20, 30 };
  const double values[] = { 1, 2, 3 };
  ImDecimateColumn columns[4];

  g_assert_cmpuint (im_decimate (times, values, 3, 30, 10, 0, columns, 4, NULL, NULL), ==, 0);
  assert_columns_empty (columns, 4);
  g_assert_cmpuint (im_decimate (times, values, 3, 20, 20, 0, columns, 4, NULL, NULL), ==, 0);
  assert_columns_empty (columns, 4);
  g_assert_cmpuint (im_decimate (times, values, 3, 0, 100, 0, columns, 0, NULL, NULL), ==, 0);
}

static void
test_decimate_single_point (void)
{
  const gint64 times[] = { 555 };
  const double values[] = { 42.5 };
  ImDecimateColumn columns[10];
  ImDecimateEdge before, after;
  guint filled;

  filled = im_decimate (times, values, 1, 0, 1000, 0, columns, 10, &before, &after);
  g_assert_cmpuint (filled, ==, 1);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (columns[i].n, ==, i == 5 ? 1 : 0);
  g_assert_cmpfloat (columns[5].min, ==, 42.5);
  g_assert_cmpfloat (columns[5].max, ==, 42.5);
  g_assert_cmpfloat (columns[5].first, ==, 42.5);
  g_assert_cmpfloat (columns[5].last, ==, 42.5);
  g_assert_cmpint (columns[5].first_time, ==, 555);
  g_assert_cmpint (columns[5].last_time, ==, 555);
  /* No earlier point: nothing to join. */
  g_assert_true (columns[5].gap_before);
  g_assert_false (before.valid);
  g_assert_false (after.valid);
}

static void
test_decimate_edge_columns (void)
{
  /* start - 1, start, 99, 100, end - 1, end, end + 1 over 10 columns of 100 */
  const gint64 times[] = { -1, 0, 99, 100, 999, 1000, 1001 };
  const double values[] = { 7, 1, 2, 3, 4, 5, 6 };
  ImDecimateColumn columns[10];
  ImDecimateEdge before, after;
  guint filled;

  filled = im_decimate (times, values, G_N_ELEMENTS (times), 0, 1000, 0,
                        columns, 10, &before, &after);
  g_assert_cmpuint (filled, ==, 3);

  g_assert_cmpuint (columns[0].n, ==, 2);
  g_assert_cmpfloat (columns[0].first, ==, 1);
  g_assert_cmpfloat (columns[0].last, ==, 2);
  g_assert_cmpint (columns[0].first_time, ==, 0);
  g_assert_cmpint (columns[0].last_time, ==, 99);
  /* joined to the point before the range */
  g_assert_false (columns[0].gap_before);

  g_assert_cmpuint (columns[1].n, ==, 1);
  g_assert_cmpfloat (columns[1].first, ==, 3);
  g_assert_false (columns[1].gap_before);

  for (guint i = 2; i < 9; i++)
    g_assert_cmpuint (columns[i].n, ==, 0);

  /* The end itself belongs to the last column. */
  g_assert_cmpuint (columns[9].n, ==, 2);
  g_assert_cmpfloat (columns[9].min, ==, 4);
  g_assert_cmpfloat (columns[9].max, ==, 5);
  g_assert_cmpint (columns[9].last_time, ==, 1000);

  g_assert_true (before.valid);
  g_assert_cmpint (before.time, ==, -1);
  g_assert_cmpfloat (before.value, ==, 7);
  g_assert_true (after.valid);
  g_assert_cmpint (after.time, ==, 1001);
  g_assert_cmpfloat (after.value, ==, 6);
}

static void
test_decimate_uneven_columns (void)
{
  /* span 10 over 3 columns: boundaries at 10/3 and 20/3 */
  const gint64 times[] = { 0, 3, 4, 6, 7, 10 };
  const double values[] = { 0, 3, 4, 6, 7, 10 };
  ImDecimateColumn columns[3];

  im_decimate (times, values, G_N_ELEMENTS (times), 0, 10, 0, columns, 3, NULL, NULL);
  g_assert_cmpuint (columns[0].n, ==, 2);
  g_assert_cmpfloat (columns[0].max, ==, 3);
  g_assert_cmpuint (columns[1].n, ==, 2);
  g_assert_cmpfloat (columns[1].min, ==, 4);
  g_assert_cmpfloat (columns[1].max, ==, 6);
  g_assert_cmpuint (columns[2].n, ==, 2);
  g_assert_cmpfloat (columns[2].min, ==, 7);

  for (gint64 t = 0; t <= 10; t++)
    g_assert_cmpint (im_decimate_column_of (t, 0, 10, 3), ==, reference_column (t, 0, 10, 3));
  g_assert_cmpint (im_decimate_column_of (-1, 0, 10, 3), ==, -1);
  g_assert_cmpint (im_decimate_column_of (11, 0, 10, 3), ==, -1);
}

static void
test_decimate_large_range (void)
{
  /* 30 days in ns over 3840 columns: (t - start) × n overflows 64 bits. */
  gint64 start = G_GINT64_CONSTANT (1790000000) * 1000000000;
  gint64 span = G_GINT64_CONSTANT (30) * 86400 * 1000000000;
  gint64 end = start + span;

  g_assert_cmpint (im_decimate_column_of (start, start, end, 3840), ==, 0);
  g_assert_cmpint (im_decimate_column_of (end, start, end, 3840), ==, 3839);
  g_assert_cmpint (im_decimate_column_of (end - 1, start, end, 3840), ==, 3839);
  g_assert_cmpint (im_decimate_column_of (start + span / 2, start, end, 3840), ==, 1920);
  g_assert_cmpint (im_decimate_column_of (start + span / 2 - 1, start, end, 3840), ==, 1919);
  /* span / 3840 = 675 s exactly */
  g_assert_cmpint (im_decimate_column_of (start + G_GINT64_CONSTANT (675000000000), start, end, 3840), ==, 1);
  g_assert_cmpint (im_decimate_column_of (start + G_GINT64_CONSTANT (674999999999), start, end, 3840), ==, 0);
}

static void
test_decimate_nan_gaps (void)
{
  const gint64 times[] = { 0, 10, 20, 30, 40, 50 };
  const double values[] = { 1, NAN, 3, 4, NAN, NAN };
  ImDecimateColumn columns[6];
  ImDecimateEdge before, after;
  guint filled;

  filled = im_decimate (times, values, G_N_ELEMENTS (times), 0, 59, 0, columns, 6, &before, &after);
  g_assert_cmpuint (filled, ==, 3);
  g_assert_cmpuint (columns[0].n, ==, 1);
  g_assert_true (columns[0].gap_before);
  g_assert_cmpuint (columns[1].n, ==, 0);
  g_assert_true (isnan (columns[1].min));
  g_assert_cmpuint (columns[2].n, ==, 1);
  /* a NAN lies between 1 and 3 */
  g_assert_true (columns[2].gap_before);
  g_assert_cmpuint (columns[3].n, ==, 1);
  g_assert_false (columns[3].gap_before);
  g_assert_cmpuint (columns[4].n, ==, 0);
  g_assert_cmpuint (columns[5].n, ==, 0);

  /* a NAN on either side of the range: no edges */
  filled = im_decimate (times, values, G_N_ELEMENTS (times), 15, 35, 0, columns, 2, &before, &after);
  g_assert_cmpuint (filled, ==, 2);
  g_assert_false (before.valid);
  g_assert_false (after.valid);
  g_assert_true (columns[0].gap_before);

  /* NAN inside a column does not count and does not split it */
  {
    const gint64 t2[] = { 0, 1, 2, 3 };
    const double v2[] = { 5, NAN, 9, 2 };

    filled = im_decimate (t2, v2, 4, 0, 10, 0, columns, 1, NULL, NULL);
    g_assert_cmpuint (filled, ==, 1);
    g_assert_cmpuint (columns[0].n, ==, 3);
    g_assert_cmpfloat (columns[0].min, ==, 2);
    g_assert_cmpfloat (columns[0].max, ==, 9);
    g_assert_cmpfloat (columns[0].first, ==, 5);
    g_assert_cmpfloat (columns[0].last, ==, 2);
  }

  /* all NAN */
  {
    const double v3[] = { NAN, NAN, NAN, NAN, NAN, NAN };

    filled = im_decimate (times, v3, 6, 0, 50, 0, columns, 6, &before, &after);
    g_assert_cmpuint (filled, ==, 0);
    assert_columns_empty (columns, 6);
  }
}

static void
test_decimate_max_gap (void)
{
  const gint64 times[] = { 0, 1, 2, 10, 11, 30 };
  const double values[] = { 1, 2, 3, 4, 5, 6 };
  ImDecimateColumn columns[31];
  ImDecimateEdge before, after;

  im_decimate (times, values, G_N_ELEMENTS (times), 0, 30, 5, columns, 31, NULL, NULL);
  g_assert_true (columns[0].gap_before);
  g_assert_false (columns[1].gap_before);
  g_assert_false (columns[2].gap_before);
  g_assert_true (columns[10].gap_before);
  g_assert_false (columns[11].gap_before);
  g_assert_true (columns[30].gap_before);

  /* the same data with no limit joins everything */
  im_decimate (times, values, G_N_ELEMENTS (times), 0, 30, 0, columns, 31, NULL, NULL);
  g_assert_false (columns[10].gap_before);
  g_assert_false (columns[30].gap_before);

  /* the point after the range is too far from the last one */
  im_decimate (times, values, G_N_ELEMENTS (times), 0, 20, 5, columns, 20, &before, &after);
  g_assert_false (after.valid);
  im_decimate (times, values, G_N_ELEMENTS (times), 0, 20, 0, columns, 20, &before, &after);
  g_assert_true (after.valid);
  g_assert_cmpint (after.time, ==, 30);
}

/* Compares im_decimate with a direct computation on random data. */
static void
test_decimate_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);

  for (guint round = 0; round < 200; round++)
    {
      guint n_points = g_rand_int_range (rand, 0, 400);
      guint n_columns = g_rand_int_range (rand, 1, 60);
      gint64 max_gap = g_rand_boolean (rand) ? 0 : g_rand_int_range (rand, 1, 50);
      g_autofree gint64 *times = g_new (gint64, MAX (n_points, 1));
      g_autofree double *values = g_new (double, MAX (n_points, 1));
      g_autofree ImDecimateColumn *columns = g_new (ImDecimateColumn, n_columns);
      gint64 t = g_rand_int_range (rand, -100, 100);
      gint64 start, end;
      guint filled, expected_filled = 0;

      for (guint i = 0; i < n_points; i++)
        {
          t += g_rand_int_range (rand, 1, 20);
          times[i] = t;
          values[i] = g_rand_int_range (rand, 0, 10) == 0 ? NAN : g_rand_double_range (rand, -50, 50);
        }

      start = g_rand_int_range (rand, -100, 2000);
      end = start + g_rand_int_range (rand, 1, 3000);

      filled = im_decimate (times, values, n_points, start, end, max_gap, columns, n_columns, NULL, NULL);

      for (guint c = 0; c < n_columns; c++)
        {
          double lo = INFINITY, hi = -INFINITY, first = NAN, last = NAN;
          guint count = 0;
          gboolean gap = FALSE;

          for (guint i = 0; i < n_points; i++)
            {
              if (reference_column (times[i], start, end, n_columns) != (int) c || isnan (values[i]))
                continue;
              if (count == 0)
                {
                  first = values[i];
                  gap = i == 0 || isnan (values[i - 1]) ||
                        (max_gap > 0 && times[i] - times[i - 1] > max_gap);
                }
              last = values[i];
              lo = MIN (lo, values[i]);
              hi = MAX (hi, values[i]);
              count++;
            }

          g_assert_cmpuint (columns[c].n, ==, count);
          if (count > 0)
            {
              expected_filled++;
              g_assert_cmpfloat (columns[c].min, ==, lo);
              g_assert_cmpfloat (columns[c].max, ==, hi);
              g_assert_cmpfloat (columns[c].first, ==, first);
              g_assert_cmpfloat (columns[c].last, ==, last);
              g_assert_cmpint (columns[c].gap_before, ==, gap);
            }
        }
      g_assert_cmpuint (filled, ==, expected_filled);
    }
}

static void
test_decimate_dense (void)
{
  /* 100 000 points over 100 columns: 1000 points each, a sine wave. */
  const guint n = 100000;
  g_autofree gint64 *times = g_new (gint64, n);
  g_autofree double *values = g_new (double, n);
  ImDecimateColumn columns[100];
  guint filled;

  for (guint i = 0; i < n; i++)
    {
      times[i] = (gint64) i * 1000;
      values[i] = sin (i / 500.0) * 10;
    }

  filled = im_decimate (times, values, n, 0, (gint64) n * 1000, 0, columns, 100, NULL, NULL);
  g_assert_cmpuint (filled, ==, 100);

  for (guint c = 0; c < 100; c++)
    {
      double lo = INFINITY, hi = -INFINITY;

      for (guint i = c * 1000; i < (c + 1) * 1000; i++)
        {
          lo = MIN (lo, values[i]);
          hi = MAX (hi, values[i]);
        }
      g_assert_cmpuint (columns[c].n, ==, 1000);
      g_assert_cmpfloat (columns[c].min, ==, lo);
      g_assert_cmpfloat (columns[c].max, ==, hi);
      g_assert_cmpfloat (columns[c].first, ==, values[c * 1000]);
      g_assert_cmpfloat (columns[c].last, ==, values[c * 1000 + 999]);
    }
}

static void
test_decimate_band (void)
{
  const gint64 times[] = { 0, 1, 2, 3, 10, 11 };
  const double lows[] = { 1, 0.5, 2, 4, NAN, 3 };
  const double highs[] = { 2, 5, NAN, 4.5, 6, 7 };
  ImDecimateColumn columns[2];
  guint filled;

  filled = im_decimate_band (times, lows, highs, G_N_ELEMENTS (times), 0, 19, 0, columns, 2);
  g_assert_cmpuint (filled, ==, 2);
  /* point 2 (high NAN) does not count */
  g_assert_cmpuint (columns[0].n, ==, 3);
  g_assert_cmpfloat (columns[0].min, ==, 0.5);
  g_assert_cmpfloat (columns[0].max, ==, 5);
  g_assert_cmpfloat (columns[0].first, ==, 1);
  g_assert_cmpfloat (columns[0].last, ==, 4);
  g_assert_cmpint (columns[0].last_time, ==, 3);
  /* point 4 (low NAN) does not count, and breaks the band */
  g_assert_cmpuint (columns[1].n, ==, 1);
  g_assert_cmpfloat (columns[1].min, ==, 3);
  g_assert_cmpfloat (columns[1].max, ==, 7);
  g_assert_true (columns[1].gap_before);
}

static void
test_decimate_lower_bound (void)
{
  const gint64 times[] = { 1, 3, 3, 5 };

  g_assert_cmpuint (im_decimate_lower_bound (times, 4, 0), ==, 0);
  g_assert_cmpuint (im_decimate_lower_bound (times, 4, 1), ==, 0);
  g_assert_cmpuint (im_decimate_lower_bound (times, 4, 2), ==, 1);
  g_assert_cmpuint (im_decimate_lower_bound (times, 4, 3), ==, 1);
  g_assert_cmpuint (im_decimate_lower_bound (times, 4, 4), ==, 3);
  g_assert_cmpuint (im_decimate_lower_bound (times, 4, 6), ==, 4);
  g_assert_cmpuint (im_decimate_lower_bound (times, 0, 6), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decimate/empty", test_decimate_empty);
  g_test_add_func ("/decimate/bad-range", test_decimate_bad_range);
  g_test_add_func ("/decimate/single-point", test_decimate_single_point);
  g_test_add_func ("/decimate/edge-columns", test_decimate_edge_columns);
  g_test_add_func ("/decimate/uneven-columns", test_decimate_uneven_columns);
  g_test_add_func ("/decimate/large-range", test_decimate_large_range);
  g_test_add_func ("/decimate/nan-gaps", test_decimate_nan_gaps);
  g_test_add_func ("/decimate/max-gap", test_decimate_max_gap);
  g_test_add_func ("/decimate/random", test_decimate_random);
  g_test_add_func ("/decimate/dense", test_decimate_dense);
  g_test_add_func ("/decimate/band", test_decimate_band);
  g_test_add_func ("/decimate/lower-bound", test_decimate_lower_bound);

  return g_test_run ();
}
