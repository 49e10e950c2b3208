/* test-log-config.c — JSON-lines log writer and configuration parsing
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "im-config.h"
#include "im-log.h"
#include "im-util.h"

static JsonObject *
format_line (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             GString         *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_string_truncate (line, 0);
  im_log_format_json (line, level, fields, n_fields, G_GINT64_CONSTANT (1795850809123456000));

  g_assert_true (g_str_has_suffix (line->str, "}\n"));
  g_assert_null (strchr (line->str, '\n') == line->str + line->len - 1 ? NULL : "inner newline");
  g_assert_true (json_parser_load_from_data (parser, line->str, line->len, &error));
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_log_line (void)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(JsonObject) obj = NULL;
  const GLogField fields[] = {
    { "GLIB_DOMAIN", "industrialmind-ingestion", -1 },
    { "MESSAGE", "wrote batch\n\"quoted\"\t\x01", -1 },
    { "PRIORITY", "6", -1 },
    { "CODE_FILE", "x.c", -1 },
    { "POINTS", "5000", -1 },
    { "LATENCY_S", "0.0125", -1 },
    { "MACHINE_ID", "007", -1 },
    { "REASON", "bad \xff byte", -1 },
    { "PARTIAL", "abcdef", 3 },
  };

  obj = format_line (G_LOG_LEVEL_INFO, fields, G_N_ELEMENTS (fields), line);

  g_assert_cmpstr (json_object_get_string_member (obj, "time"), ==, "2026-11-28T07:26:49.123456Z");
  g_assert_cmpstr (json_object_get_string_member (obj, "level"), ==, "info");
  g_assert_cmpstr (json_object_get_string_member (obj, "domain"), ==, "industrialmind-ingestion");
  g_assert_cmpstr (json_object_get_string_member (obj, "message"), ==, "wrote batch\n\"quoted\"\t\x01");
  g_assert_cmpint (json_object_get_int_member (obj, "points"), ==, 5000);
  g_assert_cmpfloat (json_object_get_double_member (obj, "latency_s"), ==, 0.0125);
  /* "007" is not a JSON number: it stays a string */
  g_assert_cmpstr (json_object_get_string_member (obj, "machine_id"), ==, "007");
  g_assert_cmpstr (json_object_get_string_member (obj, "reason"), ==, "bad \xef\xbf\xbd byte");
  g_assert_cmpstr (json_object_get_string_member (obj, "partial"), ==, "abc");
  g_assert_false (json_object_has_member (obj, "priority"));
  g_assert_false (json_object_has_member (obj, "code_file"));
}

static void
test_log_levels (void)
{
  static const struct {
    GLogLevelFlags level;
    const char    *name;
  } levels[] = {
    { G_LOG_LEVEL_ERROR, "error" },
    { G_LOG_LEVEL_CRITICAL, "critical" },
    { G_LOG_LEVEL_WARNING, "warning" },
    { G_LOG_LEVEL_MESSAGE, "notice" },
    { G_LOG_LEVEL_INFO, "info" },
    { G_LOG_LEVEL_DEBUG, "debug" },
  };
  g_autoptr(GString) line = g_string_new (NULL);
  const GLogField fields[] = { { "MESSAGE", "m", -1 } };

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_autoptr(JsonObject) obj = format_line (levels[i].level, fields, 1, line);

      g_assert_cmpstr (json_object_get_string_member (obj, "level"), ==, levels[i].name);
    }
}

static void
test_log_writer_to_file (void)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GLogField fields[] = {
    { "GLIB_DOMAIN", "test", -1 },
    { "MESSAGE", "hello", -1 },
    { "COUNT", "3", -1 },
  };
  int fd;
  FILE *file;

  fd = g_file_open_tmp ("im-log-XXXXXX", &path, NULL);
  g_assert_cmpint (fd, >=, 0);
  file = fdopen (fd, "w");

  g_assert_cmpint (im_log_writer_json (G_LOG_LEVEL_WARNING, fields, G_N_ELEMENTS (fields), file),
                   ==, G_LOG_WRITER_HANDLED);
  g_assert_cmpint (im_log_writer_json (G_LOG_LEVEL_WARNING, fields, G_N_ELEMENTS (fields), file),
                   ==, G_LOG_WRITER_HANDLED);
  fclose (file);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "{\"time\":\""));
  g_assert_nonnull (strstr (lines[0], "\"level\":\"warning\",\"domain\":\"test\",\"message\":\"hello\",\"count\":3}"));
  g_assert_cmpstr (lines[2], ==, "");
  g_unlink (path);
}

static void
test_config_string (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  g_setenv ("IM_TEST_CONFIG_VALUE", "from-env", TRUE);
  a = im_config_string ("from-flag", "IM_TEST_CONFIG_VALUE", "default");
  b = im_config_string (NULL, "IM_TEST_CONFIG_VALUE", "default");
  g_setenv ("IM_TEST_CONFIG_VALUE", "", TRUE);
  c = im_config_string (NULL, "IM_TEST_CONFIG_VALUE", "default");
  g_unsetenv ("IM_TEST_CONFIG_VALUE");

  g_assert_cmpstr (a, ==, "from-flag");
  g_assert_cmpstr (b, ==, "from-env");
  g_assert_cmpstr (c, ==, "default");
}

static void
test_config_numbers (void)
{
  g_autoptr(GError) error = NULL;
  guint64 u = 0;
  double d = 0;

  g_assert_true (im_config_parse_uint ("--machines", "10000", 1, 100000, &u, &error));
  g_assert_cmpuint (u, ==, 10000);

  g_assert_false (im_config_parse_uint ("--machines", "0", 1, 100000, &u, &error));
  g_assert_error (error, IM_CONFIG_ERROR, IM_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "--machines: “0” is not a whole number from 1 to 100000");
  g_clear_error (&error);

  for (guint i = 0; i < 5; i++)
    {
      const char *bad[] = { "-1", "abc", "12x", "", " 5" };

      g_assert_false (im_config_parse_uint ("--count", bad[i], 0, G_MAXUINT64, &u, &error));
      g_assert_nonnull (strstr (error->message, "--count"));
      g_clear_error (&error);
    }

  g_assert_true (im_config_parse_double ("--anomaly-rate", "0.05", 0, 1, &d, &error));
  g_assert_cmpfloat (d, ==, 0.05);
  g_assert_false (im_config_parse_double ("--anomaly-rate", "1.5", 0, 1, &d, &error));
  g_assert_cmpstr (error->message, ==, "--anomaly-rate: “1.5” is not a number from 0 to 1");
  g_clear_error (&error);
  g_assert_false (im_config_parse_double ("--anomaly-rate", "nan", 0, 1, &d, &error));
  g_clear_error (&error);
  g_assert_false (im_config_parse_double ("--interval", "1s", 0, 1, &d, &error));
  g_clear_error (&error);
}

static void
test_config_duration (void)
{
  static const struct {
    const char *text;
    gint64      ns;
  } ok[] = {
    { "250ms", 250 * IM_NSEC_PER_MSEC },
    { "10s", 10 * IM_NSEC_PER_SEC },
    { "10", 10 * IM_NSEC_PER_SEC },
    { "1.5s", 1500 * IM_NSEC_PER_MSEC },
    { "5m", 300 * IM_NSEC_PER_SEC },
    { "2h", 7200 * IM_NSEC_PER_SEC },
    { "7d", 7 * 86400 * IM_NSEC_PER_SEC },
    { "0", 0 },
    { "100us", 100 * IM_NSEC_PER_USEC },
  };
  static const char *bad[] = { "", "s", "-5s", "5 s", "5x", "1e300d", "ten", "nan", "inf" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 ns = -1;

      g_assert_true (im_config_parse_duration ("--backfill", ok[i].text, &ns, &error));
      g_assert_no_error (error);
      g_assert_cmpint (ns, ==, ok[i].ns);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 ns;

      if (im_config_parse_duration ("--backfill", bad[i], &ns, &error))
        g_error ("duration “%s” accepted", bad[i]);
      g_assert_error (error, IM_CONFIG_ERROR, IM_CONFIG_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "--backfill: "));
    }
}

static void
test_config_key_value (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;

  g_assert_true (im_config_parse_key_value ("-X", "linger.ms=5", &key, &value, &error));
  g_assert_cmpstr (key, ==, "linger.ms");
  g_assert_cmpstr (value, ==, "5");
  g_clear_pointer (&key, g_free);
  g_clear_pointer (&value, g_free);

  g_assert_true (im_config_parse_key_value ("-X", "sasl.password=a=b", &key, &value, &error));
  g_assert_cmpstr (value, ==, "a=b");

  g_assert_false (im_config_parse_key_value ("-X", "=5", &key, &value, &error));
  g_assert_error (error, IM_CONFIG_ERROR, IM_CONFIG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (im_config_parse_key_value ("-X", "novalue", &key, &value, &error));
  g_assert_cmpstr (error->message, ==, "-X: “novalue” is not of the form key=value");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log/json-line", test_log_line);
  g_test_add_func ("/log/levels", test_log_levels);
  g_test_add_func ("/log/writer", test_log_writer_to_file);
  g_test_add_func ("/config/string", test_config_string);
  g_test_add_func ("/config/numbers", test_config_numbers);
  g_test_add_func ("/config/duration", test_config_duration);
  g_test_add_func ("/config/key-value", test_config_key_value);

  return g_test_run ();
}
