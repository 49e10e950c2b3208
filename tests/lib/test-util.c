/* test-util.c — doubles and timestamps
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "im-util.h"

static void
check_round_trip (double value)
{
  char buf[IM_DOUBLE_BUF_SIZE];
  double back;
  int len = im_format_double (buf, value);

  g_assert_cmpint (len, ==, strlen (buf));
  g_assert_null (strchr (buf, ','));
  back = g_ascii_strtod (buf, NULL);
  if (memcmp (&back, &value, sizeof value) != 0)
    g_error ("%.17g formatted as %s reads back as %.17g", value, buf, back);
}

static void
test_double_shortest (void)
{
  static const struct {
    double      value;
    const char *text;
  } cases[] = {
    { 0.0, "0" },
    { -0.0, "-0" },
    { 0.1, "0.1" },
    { 55.1, "55.1" },
    { 251.3, "251.3" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 100000.0, "100000" },
    { 1e300, "1e+300" },
    { 5e-324, "4.94065645841247e-324" },
    { 0.30000000000000004, "0.30000000000000004" },
    { -251.25, "-251.25" },
    { 0.00001, "0.00001" },
    { 1e-9, "0.000000001" },
    { 1e-10, "1e-10" },
    { 123456789.123, "123456789.123" },
    { 9007199254740993.0, "9007199254740992" },
    { 1e15, "1000000000000000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[IM_DOUBLE_BUF_SIZE];

      im_format_double (buf, cases[i].value);
      g_assert_cmpstr (buf, ==, cases[i].text);
      check_round_trip (cases[i].value);
    }
}

static void
test_double_random (void)
{
  GRand *rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 200000; i++)
    {
      union { guint64 bits; double d; } u;

      u.bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      if (!isfinite (u.d))
        continue;
      check_round_trip (u.d);
      check_round_trip (g_rand_double_range (rand, -1000, 1000));
    }

  g_rand_free (rand);
}

/* Values with few decimals, as readings have, take the short path: the
 * text has no more decimals than the value was rounded to. */
static void
test_double_few_decimals (void)
{
  GRand *rand = g_rand_new_with_seed (11);

  for (guint i = 0; i < 200000; i++)
    {
      guint k = g_rand_int_range (rand, 0, 10);
      double scale = pow (10, k);
      double value = round (g_rand_double_range (rand, -1e6, 1e6) * scale) / scale;
      char buf[IM_DOUBLE_BUF_SIZE];
      const char *dot;

      if (value == 0.0)
        continue;
      im_format_double (buf, value);
      check_round_trip (value);
      dot = strchr (buf, '.');
      g_assert_null (strchr (buf, 'e'));
      if (dot != NULL)
        g_assert_cmpuint (strlen (dot + 1), <=, k);
    }

  g_rand_free (rand);
}

static void
test_double_locale (void)
{
  char buf[IM_DOUBLE_BUF_SIZE];
  const char *locales[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "de_DE", NULL };
  const char *set = NULL;
  g_autofree char *old = g_strdup (setlocale (LC_NUMERIC, NULL));

  for (guint i = 0; locales[i] && set == NULL; i++)
    set = setlocale (LC_NUMERIC, locales[i]);

  if (set == NULL)
    {
      /* The build generates de_DE.UTF-8 and points LOCPATH at it: there,
       * a missing locale is a broken build, not a reason to skip. */
      if (g_getenv ("LOCPATH") != NULL)
        {
          g_test_message ("de_DE.UTF-8 not found under LOCPATH=%s", g_getenv ("LOCPATH"));
          g_test_fail ();
        }
      else
        g_test_skip ("no locale with a decimal comma is installed");
      return;
    }

  im_format_double (buf, 1.5);
  g_assert_cmpstr (buf, ==, "1.5");
  setlocale (LC_NUMERIC, old);
}

static void
test_timestamp_parse (void)
{
  static const struct {
    const char *text;
    gint64      ns;
  } cases[] = {
    { "1970-01-01T00:00:00Z", 0 },
    { "1970-01-01T00:00:01.5Z", 1500000000 },
    { "2000-01-01T00:00:00Z", G_GINT64_CONSTANT (946684800000000000) },
    { "2026-11-28T07:26:49.123456Z", G_GINT64_CONSTANT (1795850809123456000) },
    { "2026-11-28T07:26:49.123456789Z", G_GINT64_CONSTANT (1795850809123456789) },
    { "2026-11-28T07:26:49.1234567891234Z", G_GINT64_CONSTANT (1795850809123456789) },
    { "2026-11-28T08:26:49.123456+01:00", G_GINT64_CONSTANT (1795850809123456000) },
    { "2026-11-28T02:56:49.123456-04:30", G_GINT64_CONSTANT (1795850809123456000) },
    { "2026-11-28 07:26:49Z", G_GINT64_CONSTANT (1795850809000000000) },
    { "2024-02-29T00:00:00Z", G_GINT64_CONSTANT (1709164800000000000) },
    { "2016-12-31T23:59:60Z", G_GINT64_CONSTANT (1483228800000000000) },
    { "1969-12-31T23:59:59Z", -1000000000 },
  };
  static const char *invalid[] = {
    "", "2026", "2026-11-28", "2026-11-28T07:26Z", "2026-11-28T07:26:49",
    "2026-11-28T07:26:49+0100", "2026-11-28T07:26:49+24:00", "2026-00-10T00:00:00Z",
    "2026-11-31T00:00:00Z", "2023-02-29T00:00:00Z", "2026-11-28T07:60:00Z",
    "2026-11-28T07:26:61Z", "2026-11-28T07:26:49.Z", "2026-11-28T07:26:49ZZ",
    "+2026-11-28T07:26:49Z", "2026-11-28X07:26:49Z", "2026-1-28T07:26:49Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 ns = 0;

      if (!im_timestamp_parse (cases[i].text, (gsize) -1, &ns))
        g_error ("“%s” rejected", cases[i].text);
      g_assert_cmpint (ns, ==, cases[i].ns);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      gint64 ns;

      if (im_timestamp_parse (invalid[i], (gsize) -1, &ns))
        g_error ("“%s” accepted", invalid[i]);
    }
}

static void
test_timestamp_clamp (void)
{
  gint64 ns;

  g_assert_true (im_timestamp_parse ("0001-01-01T00:00:00Z", (gsize) -1, &ns));
  g_assert_cmpint (ns, ==, G_MININT64);
  g_assert_true (im_timestamp_parse ("9999-12-31T23:59:59Z", (gsize) -1, &ns));
  g_assert_cmpint (ns, ==, G_MAXINT64);
}

static void
test_timestamp_format (void)
{
  char buf[IM_TIMESTAMP_BUF_SIZE];
  GRand *rand = g_rand_new_with_seed (3);

  im_timestamp_format (buf, G_GINT64_CONSTANT (1795850809123456789), 9);
  g_assert_cmpstr (buf, ==, "2026-11-28T07:26:49.123456789Z");
  im_timestamp_format (buf, G_GINT64_CONSTANT (1795850809123456789), 6);
  g_assert_cmpstr (buf, ==, "2026-11-28T07:26:49.123456Z");
  im_timestamp_format (buf, G_GINT64_CONSTANT (1795850809123456789), 3);
  g_assert_cmpstr (buf, ==, "2026-11-28T07:26:49.123Z");
  im_timestamp_format (buf, G_GINT64_CONSTANT (1795850809123456789), 0);
  g_assert_cmpstr (buf, ==, "2026-11-28T07:26:49Z");
  im_timestamp_format (buf, -1, 9);
  g_assert_cmpstr (buf, ==, "1969-12-31T23:59:59.999999999Z");

  /* Agrees with GDateTime and reads back. */
  for (guint i = 0; i < 20000; i++)
    {
      gint64 us = (gint64) g_rand_double_range (rand, 0, 4102444800.0) * G_USEC_PER_SEC
                  + g_rand_int_range (rand, 0, 1000000);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
      g_autofree char *expected = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
      gint64 back;

      im_timestamp_format (buf, us * 1000, 6);
      g_assert_true (g_str_has_prefix (buf, expected));
      g_assert_true (im_timestamp_parse (buf, (gsize) -1, &back));
      g_assert_cmpint (back, ==, us * 1000);
    }

  g_rand_free (rand);
}

static void
test_json_string (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  im_string_append_json (out, "a\"b\\c\n\t\x01 é", -1);
  g_assert_cmpstr (out->str, ==, "\"a\\\"b\\\\c\\n\\t\\u0001 é\"");

  /* Invalid UTF-8 is replaced, never written. */
  g_string_truncate (out, 0);
  im_string_append_json (out, "x\xff", -1);
  g_assert_true (g_utf8_validate (out->str, -1, NULL));
  g_assert_cmpstr (out->str, ==, "\"x\xef\xbf\xbd\"");
}

static void
test_now (void)
{
  gint64 now = im_now_ns ();

  g_assert_cmpint (llabs (now / 1000 - g_get_real_time ()), <, G_USEC_PER_SEC);
}

static void
test_floor_div (void)
{
  g_assert_cmpint (im_floor_div (7, 2), ==, 3);
  g_assert_cmpint (im_floor_div (-7, 2), ==, -4);
  g_assert_cmpint (im_floor_div (7, -2), ==, -4);
  g_assert_cmpint (im_floor_div (-7, -2), ==, 3);
  g_assert_cmpint (im_floor_div (-6, 2), ==, -3);
  g_assert_cmpint (im_floor_div (0, 5), ==, 0);
  g_assert_cmpint (im_floor_div (-1, G_GINT64_CONSTANT (1000000000)), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/util/double/shortest", test_double_shortest);
  g_test_add_func ("/util/double/random-round-trip", test_double_random);
  g_test_add_func ("/util/double/few-decimals", test_double_few_decimals);
  g_test_add_func ("/util/double/locale", test_double_locale);
  g_test_add_func ("/util/timestamp/parse", test_timestamp_parse);
  g_test_add_func ("/util/timestamp/clamp", test_timestamp_clamp);
  g_test_add_func ("/util/timestamp/format", test_timestamp_format);
  g_test_add_func ("/util/json-string", test_json_string);
  g_test_add_func ("/util/now", test_now);
  g_test_add_func ("/util/floor-div", test_floor_div);

  return g_test_run ();
}
