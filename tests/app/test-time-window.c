/* test-time-window.c — the history's aggregation window.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-time-window.h"

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

/* Windows touching [start, end], counted one by one (up to @limit). */
static guint64
count_windows_upto (gint64  start,
                    gint64  end,
                    gint64  window,
                    guint64 limit)
{
  guint64 n = 0;

  for (gint64 w = start - start % window; w <= end && n <= limit; w += window)
    n++;
  return n;
}

static guint64
count_windows (gint64 start,
               gint64 end,
               gint64 window)
{
  return count_windows_upto (start, end, window, G_MAXUINT64 - 1);
}

static void
test_time_window (void)
{
  static const gint64 nice[] = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
    3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
  };
  struct {
    gint64 span;
    guint px;
    gint64 expected;
  } cases[] = {
    { 5 * NS_MIN, 1200, NS_SEC },
    { NS_HOUR, 300, 15 * NS_SEC },
    { 7 * NS_DAY, 1200, 10 * NS_MIN },
    { 30 * NS_DAY, 1200, NS_HOUR },
    { 24 * NS_HOUR, 360, 5 * NS_MIN },
  };
  gint64 start = utc_ns (2026, 11, 1, 0, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 w = im_time_window_choose (start, start + cases[i].span, cases[i].px);

      g_assert_cmpint (w, ==, cases[i].expected);
      g_assert_cmpuint (count_windows (start, start + cases[i].span, w), <=, cases[i].px);
      g_assert_cmpuint (im_time_window_count (start, start + cases[i].span, w), ==,
                        count_windows (start, start + cases[i].span, w));
    }

  /* an unaligned start touches one more window: 1200 s at 1200 px needs 2 s */
  g_assert_cmpint (im_time_window_choose (start + NS_SEC / 2, start + NS_SEC / 2 + 1200 * NS_SEC, 1200), ==, 2 * NS_SEC);
  g_assert_cmpint (im_time_window_choose (start, start + 1199 * NS_SEC, 1200), ==, NS_SEC);

  /* on random ranges the choice is the smallest nice window that fits */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);

    for (guint i = 0; i < 300; i++)
      {
        gint64 a = start + g_rand_int_range (rand, 0, 1000000) * (gint64) 1000000;
        gint64 b = a + (gint64) g_rand_int_range (rand, 1, 2000000) * (gint64) g_rand_int_range (rand, 1, 1000) * 1000000;
        guint px = g_rand_int_range (rand, 50, 4000);
        gint64 w = im_time_window_choose (a, b, px);
        guint k;

        g_assert_cmpuint (count_windows (a, b, w), <=, px);
        for (k = 0; k < G_N_ELEMENTS (nice) && nice[k] * NS_SEC < w; k++)
          g_assert_cmpuint (count_windows_upto (a, b, nice[k] * NS_SEC, px), >, px);
        if (w <= 604800 * NS_SEC)
          g_assert_cmpint (nice[k] * NS_SEC, ==, w);
      }
  }

  /* beyond a week: the fewest whole weeks that fit */
  {
    gint64 end = start + 365 * NS_DAY;
    gint64 w = im_time_window_choose (start, end, 20);
    gint64 weeks = 1;

    while (count_windows (start, end, weeks * 7 * NS_DAY) > 20)
      weeks++;
    g_assert_cmpint (w, ==, weeks * 7 * NS_DAY);
    g_assert_cmpint (weeks, >, 2);
  }

  g_assert_cmpint (im_time_window_choose (start, start, 100), ==, NS_SEC);
  g_assert_cmpint (im_time_window_choose (start, start - 5, 100), ==, NS_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time-window/choose", test_time_window);

  return g_test_run ();
}
