/* test-time-zone.c — the display time zone.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-time-zone.h"
#include "im-util.h"

/* 2026-11-28 07:26:49 UTC and 2026-07-01 12:00:00 UTC */
#define WINTER_NS (G_GINT64_CONSTANT (1795850809) * IM_NSEC_PER_SEC)
#define SUMMER_NS (G_GINT64_CONSTANT (1782907200) * IM_NSEC_PER_SEC)

static void
test_kinds (void)
{
  g_autofree char *local_winter = NULL;
  g_autofree char *local_summer = NULL;
  g_autofree char *utc = NULL;

  /* TZ=Europe/Berlin (main): the local zone by default. */
  g_assert_cmpint (im_time_zone_get_kind (), ==, IM_TIME_ZONE_LOCAL);
  local_winter = im_time_zone_dup_abbreviation (NULL, WINTER_NS);
  local_summer = im_time_zone_dup_abbreviation (NULL, SUMMER_NS);
  g_assert_cmpstr (local_winter, ==, "CET");
  g_assert_cmpstr (local_summer, ==, "CEST");
  g_assert_cmpint (im_time_zone_get_offset (NULL, WINTER_NS), ==, 3600);
  g_assert_cmpint (im_time_zone_get_offset (NULL, SUMMER_NS), ==, 7200);

  g_assert_true (im_time_zone_set_kind (IM_TIME_ZONE_UTC));
  g_assert_false (im_time_zone_set_kind (IM_TIME_ZONE_UTC));
  utc = im_time_zone_dup_abbreviation (NULL, SUMMER_NS);
  g_assert_cmpstr (utc, ==, "UTC");
  g_assert_cmpint (im_time_zone_get_offset (NULL, SUMMER_NS), ==, 0);
  g_assert_cmpstr (g_time_zone_get_identifier (im_time_zone_get_display ()), ==, "UTC");

  g_assert_true (im_time_zone_set_kind (IM_TIME_ZONE_LOCAL));
}

static void
test_no_letters (void)
{
  g_autoptr(GTimeZone) kolkata = g_time_zone_new_identifier ("Asia/Kolkata");
  g_autoptr(GTimeZone) offset = g_time_zone_new_identifier ("-03:30");
  g_autofree char *ist = NULL;
  g_autofree char *minus = NULL;

  g_assert_nonnull (kolkata);
  ist = im_time_zone_dup_abbreviation (kolkata, WINTER_NS);
  g_assert_cmpstr (ist, ==, "IST");
  g_assert_nonnull (offset);
  minus = im_time_zone_dup_abbreviation (offset, WINTER_NS);
  g_assert_cmpstr (minus, ==, "UTC-03:30");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time-zone/kinds", test_kinds);
  g_test_add_func ("/time-zone/no-letters", test_no_letters);

  return g_test_run ();
}
