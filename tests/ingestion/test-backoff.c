/* test-backoff.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-backoff.h"

#define MS G_GINT64_CONSTANT (1000000)

static double
fixed_random (gpointer user_data)
{
  return *(double *) user_data;
}

static double
grand_random (gpointer user_data)
{
  return g_rand_double (user_data);
}

static void
test_ceiling_doubles_to_cap (void)
{
  const gint64 expected[] = { 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000, 30000 };
  double r = 0.999999;
  ImBackoff backoff;

  im_backoff_init (&backoff, IM_BACKOFF_DEFAULT_BASE_NS, IM_BACKOFF_DEFAULT_CAP_NS, fixed_random, &r);
  g_assert_cmpint (backoff.base_ns, ==, 100 * MS);
  g_assert_cmpint (backoff.cap_ns, ==, 30000 * MS);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gint64 ceiling = im_backoff_get_ceiling (&backoff);
      gint64 delay = im_backoff_next (&backoff);

      g_assert_cmpint (ceiling, ==, expected[i] * MS);
      /* Full jitter with r → 1: the delay approaches the ceiling. */
      g_assert_cmpint (delay, <=, ceiling);
      g_assert_cmpint (delay, >=, ceiling - ceiling / 1000);
    }

  /* Many more attempts do not overflow. */
  for (guint i = 0; i < 1000; i++)
    g_assert_cmpint (im_backoff_next (&backoff), <=, 30000 * MS);

  im_backoff_reset (&backoff);
  g_assert_cmpint (im_backoff_get_ceiling (&backoff), ==, 100 * MS);
}

static void
test_full_jitter (void)
{
  double r = 0.0;
  ImBackoff backoff;

  /* r = 0: full jitter allows no wait at all. */
  im_backoff_init (&backoff, 100 * MS, 30000 * MS, fixed_random, &r);
  g_assert_cmpint (im_backoff_next (&backoff), ==, 0);

  r = 0.5;
  im_backoff_reset (&backoff);
  g_assert_cmpint (im_backoff_next (&backoff), ==, 50 * MS);
  g_assert_cmpint (im_backoff_next (&backoff), ==, 100 * MS);
  g_assert_cmpint (im_backoff_next (&backoff), ==, 200 * MS);
}

static void
test_deterministic_and_spread (void)
{
  g_autoptr(GRand) a = g_rand_new_with_seed (7);
  g_autoptr(GRand) b = g_rand_new_with_seed (7);
  ImBackoff ba;
  ImBackoff bb;
  double sum = 0;
  const guint n = 2000;

  im_backoff_init (&ba, 100 * MS, 30000 * MS, grand_random, a);
  im_backoff_init (&bb, 100 * MS, 30000 * MS, grand_random, b);

  for (guint i = 0; i < 20; i++)
    g_assert_cmpint (im_backoff_next (&ba), ==, im_backoff_next (&bb));

  /* At the cap, delays are uniform over [0, 30 s): mean near 15 s. */
  for (guint i = 0; i < n; i++)
    {
      gint64 delay = im_backoff_next (&ba);

      g_assert_cmpint (delay, >=, 0);
      g_assert_cmpint (delay, <, 30000 * MS);
      sum += delay;
    }
  g_assert_cmpfloat_with_epsilon (sum / n / MS, 15000.0, 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingestion/backoff/ceiling", test_ceiling_doubles_to_cap);
  g_test_add_func ("/ingestion/backoff/full-jitter", test_full_jitter);
  g_test_add_func ("/ingestion/backoff/deterministic", test_deterministic_and_spread);

  return g_test_run ();
}
