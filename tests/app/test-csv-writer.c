/* test-csv-writer.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "im-csv-writer.h"
#include "im-util.h"

/* 2026-11-28T07:26:49.123456Z plus 789 ns, which the µs format drops. */
#define T0 (G_GINT64_CONSTANT (1795850809) * IM_NSEC_PER_SEC + 123456789)

static char *
field (const char *text)
{
  GString *out = g_string_new (NULL);

  im_csv_append_field (out, text);

  return g_string_free (out, FALSE);
}

static void
test_field_quoting (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "MACHINE_001", "MACHINE_001" },
    { "", "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "\"", "\"\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\rhere", "\"cr\rhere\"" },
    { "crlf\r\n", "\"crlf\r\n\"" },
    { " spaces kept ", " spaces kept " },
    { "x' OR 1=1 --", "x' OR 1=1 --" },
    { "tab\tstays", "tab\tstays" },
    { "ümlaut,°C", "\"ümlaut,°C\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = field (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }

  {
    GString *out = g_string_new ("x");

    im_csv_append_field (out, NULL);
    g_assert_cmpstr (out->str, ==, "x");
    g_string_free (out, TRUE);
  }
}

static void
test_numbers_and_times (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  im_csv_append_double (out, 55.1);
  g_string_append_c (out, '|');
  im_csv_append_double (out, NAN);
  g_string_append_c (out, '|');
  im_csv_append_double (out, INFINITY);
  g_string_append_c (out, '|');
  im_csv_append_double (out, -0.25);
  g_string_append_c (out, '|');
  im_csv_append_double (out, 251.3);
  g_string_append_c (out, '|');
  im_csv_append_time (out, T0);
  g_string_append_c (out, '|');
  im_csv_append_time (out, 0);
  im_csv_end_row (out);

  g_assert_cmpstr (out->str, ==,
                   "55.1|||-0.25|251.3|2026-11-28T07:26:49.123456Z|1970-01-01T00:00:00.000000Z\r\n");
}

static void
make_reading (ImReading *r)
{
  im_reading_init (r);
  g_strlcpy (r->machine_id, "MACHINE_001", sizeof r->machine_id);
  g_strlcpy (r->sensor_id, "MACHINE_001-S1", sizeof r->sensor_id);
  r->time_ns = T0;
  r->values[IM_SENSOR_TEMPERATURE] = 55.1;
  r->values[IM_SENSOR_VIBRATION] = 1.02;
  r->values[IM_SENSOR_PRESSURE] = 50.2;
  r->values[IM_SENSOR_POWER] = 251.3;
  r->state = IM_MACHINE_STATE_NORMAL;
  r->degradation = 0.0;
  r->anomaly = IM_ANOMALY_NONE;
}

static char *
reading_rows (void)
{
  GString *out = g_string_new (NULL);
  ImReading r;

  im_csv_append_readings_header (out);
  make_reading (&r);
  im_csv_append_reading (out, &r);

  r.time_ns += IM_NSEC_PER_SEC;
  r.state = IM_MACHINE_STATE_FAILING;
  r.anomaly = IM_ANOMALY_MULTI_SENSOR;
  r.degradation = 0.875;
  r.values[IM_SENSOR_TEMPERATURE] = 101.5;
  im_csv_append_reading (out, &r);

  r.time_ns += IM_NSEC_PER_SEC;
  r.state = IM_MACHINE_STATE_UNKNOWN;
  r.anomaly = IM_ANOMALY_NONE;
  r.degradation = NAN;
  im_csv_append_reading (out, &r);

  return g_string_free (out, FALSE);
}

static const char expected_readings[] =
  "time,machine_id,sensor_id,temperature,vibration,pressure,power,degradation,state,anomaly\r\n"
  "2026-11-28T07:26:49.123456Z,MACHINE_001,MACHINE_001-S1,55.1,1.02,50.2,251.3,0,normal,\r\n"
  "2026-11-28T07:26:50.123456Z,MACHINE_001,MACHINE_001-S1,101.5,1.02,50.2,251.3,0.875,failing,multi_sensor\r\n"
  "2026-11-28T07:26:51.123456Z,MACHINE_001,MACHINE_001-S1,101.5,1.02,50.2,251.3,,,\r\n";

static void
test_readings (void)
{
  g_autofree char *out = reading_rows ();

  g_assert_cmpstr (out, ==, expected_readings);
}

static void
test_aggregates (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  ImAggregate agg = { 0 };

  agg.time_ns = G_GINT64_CONSTANT (1795850760) * IM_NSEC_PER_SEC;
  agg.count = 60;
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      agg.mean[s] = 10.5 + s;
      agg.min[s] = 1.25 + s;
      agg.max[s] = 20.0 + s;
    }
  agg.mean[IM_SENSOR_POWER] = NAN;

  im_csv_append_aggregates_header (out);
  im_csv_append_aggregate (out, "M,1", 60 * IM_NSEC_PER_SEC, &agg);

  g_assert_cmpstr (out->str, ==,
                   "time,machine_id,window_seconds,count,"
                   "temperature_mean,temperature_min,temperature_max,"
                   "vibration_mean,vibration_min,vibration_max,"
                   "pressure_mean,pressure_min,pressure_max,"
                   "power_mean,power_min,power_max\r\n"
                   "2026-11-28T07:26:00.000000Z,\"M,1\",60,60,"
                   "10.5,1.25,20,11.5,2.25,21,12.5,3.25,22,,4.25,23\r\n");
}

/* Means come without the float noise of their sums; the minimum and
 * maximum are readings and stay exact. */
static void
test_aggregate_noise (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  ImAggregate agg = { 0 };

  agg.time_ns = G_GINT64_CONSTANT (1795850760) * IM_NSEC_PER_SEC;
  agg.count = 3;
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      agg.mean[s] = 1.0773600000000003;
      agg.min[s] = 0.30000000000000004;
      agg.max[s] = 2.5;
    }
  agg.mean[IM_SENSOR_POWER] = (0.1 + 0.2 + 0.3) / 3 * 1000;  /* 200.00000000000003 */

  im_csv_append_aggregate (out, "M", 60 * IM_NSEC_PER_SEC, &agg);

  g_assert_cmpstr (out->str, ==,
                   "2026-11-28T07:26:00.000000Z,M,60,3,"
                   "1.07736,0.30000000000000004,2.5,"
                   "1.07736,0.30000000000000004,2.5,"
                   "1.07736,0.30000000000000004,2.5,"
                   "200,0.30000000000000004,2.5\r\n");
}

/* A locale whose decimal separator is a comma: an installed one, or one
 * compiled with localedef into @tmpdir (LOCPATH). NULL when none. */
static const char *
set_comma_locale (const char *tmpdir)
{
  static const char * const names[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "nl_NL.UTF-8" };
  const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", NULL, NULL };
  g_autofree char *path = NULL;
  int status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (setlocale (LC_NUMERIC, names[i]) != NULL)
      return names[i];

  path = g_build_filename (tmpdir, "de_DE.UTF-8", NULL);
  argv[5] = path;
  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return NULL;

  g_setenv ("LOCPATH", tmpdir, TRUE);
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
    return "de_DE.UTF-8 (compiled with localedef)";

  return NULL;
}

/* Removes @path and, one level down, what it holds. */
static void
remove_tree (const char *path)
{
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
      g_autofree char *child_path = g_file_get_path (child);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child_path);
      else
        g_file_delete (child, NULL, NULL);
      g_object_unref (info);
    }

  g_file_delete (dir, NULL, NULL);
}

static void
test_locale_independent (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("im-locale-XXXXXX", NULL);
  g_autofree char *probe = NULL;
  g_autofree char *out = NULL;
  const char *locale;

  g_assert_nonnull (tmpdir);

  locale = set_comma_locale (tmpdir);
  if (locale == NULL)
    {
      remove_tree (tmpdir);
      g_test_skip ("No locale with a decimal comma is installed and localedef could not "
                   "compile de_DE: only the C-locale assertions ran");
      return;
    }

  g_test_message ("comma locale: %s", locale);

  /* The locale really is in force for printf… */
  probe = g_strdup_printf ("%.2f", 1.25);
  g_assert_cmpstr (probe, ==, "1,25");

  /* …and the CSV keeps its dots. */
  out = reading_rows ();
  g_assert_cmpstr (out, ==, expected_readings);

  setlocale (LC_NUMERIC, "C");
  g_unsetenv ("LOCPATH");
  remove_tree (tmpdir);
}

static void
test_writer_streams (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(ImCsvWriter) writer = im_csv_writer_new (stream);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  ImReading chunk[1000];
  gsize max_buffer = 0;
  gsize data_size;
  const guint n_chunks = 100;

  im_csv_append_readings_header (expected);
  im_csv_append_readings_header (im_csv_writer_get_buffer (writer));

  for (guint c = 0; c < n_chunks; c++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (chunk); i++)
        {
          make_reading (&chunk[i]);
          chunk[i].time_ns = T0 + (gint64) (c * G_N_ELEMENTS (chunk) + i) * IM_NSEC_PER_SEC;
          chunk[i].values[IM_SENSOR_POWER] = 200.0 + i * 0.125;
          im_csv_append_reading (expected, &chunk[i]);
        }

      g_assert_true (im_csv_writer_write_readings (writer, chunk, G_N_ELEMENTS (chunk),
                                                   NULL, &error));
      g_assert_no_error (error);
      max_buffer = MAX (max_buffer, im_csv_writer_get_buffer (writer)->len);
    }

  g_assert_true (im_csv_writer_flush (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));

  g_assert_cmpuint (im_csv_writer_get_n_rows (writer), ==, n_chunks * G_N_ELEMENTS (chunk));
  data_size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_cmpuint (data_size, ==, expected->len);
  g_assert_cmpuint (im_csv_writer_get_n_bytes (writer), ==, expected->len);
  g_assert_true (memcmp (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                         expected->str, expected->len) == 0);
  /* Memory stays bounded: the buffer is written out past 256 KiB. */
  g_assert_cmpuint (max_buffer, <, 256 * 1024 + 512);
  g_assert_cmpuint (expected->len, >, 4 * 256 * 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/field-quoting", test_field_quoting);
  g_test_add_func ("/csv/numbers-and-times", test_numbers_and_times);
  g_test_add_func ("/csv/readings", test_readings);
  g_test_add_func ("/csv/aggregates", test_aggregates);
  g_test_add_func ("/csv/aggregate-noise", test_aggregate_noise);
  g_test_add_func ("/csv/locale-independent", test_locale_independent);
  g_test_add_func ("/csv/writer-streams", test_writer_streams);

  return g_test_run ();
}
