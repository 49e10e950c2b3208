/* test-influxql.c — InfluxQL quoting.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-influxql.h"

static void
test_influxql_quoting (void)
{
  static const struct {
    const char *input;
    const char *identifier;
    const char *string;
  } cases[] = {
    { "plain", "\"plain\"", "'plain'" },
    { "", "\"\"", "''" },
    { "' OR 1=1 --", "\"' OR 1=1 --\"", "'\\' OR 1=1 --'" },
    { "\"; DROP DATABASE x", "\"\\\"; DROP DATABASE x\"", "'\"; DROP DATABASE x'" },
    { "back\\slash\\", "\"back\\\\slash\\\\\"", "'back\\\\slash\\\\'" },
    { "\\'", "\"\\\\'\"", "'\\\\\\''" },
    { "two\nlines\r", "\"two\\nlines\r\"", "'two\\nlines\r'" },
    { "Zürich 🏭", "\"Zürich 🏭\"", "'Zürich 🏭'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) ident = g_string_new ("x");
      g_autoptr(GString) string = g_string_new ("x");
      g_autofree char *expected_ident = g_strconcat ("x", cases[i].identifier, NULL);
      g_autofree char *expected_string = g_strconcat ("x", cases[i].string, NULL);

      im_influxql_append_identifier (ident, cases[i].input);
      im_influxql_append_string (string, cases[i].input);
      g_assert_cmpstr (ident->str, ==, expected_ident);
      g_assert_cmpstr (string->str, ==, expected_string);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/influxql/quoting", test_influxql_quoting);

  return g_test_run ();
}
