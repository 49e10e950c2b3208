/* test-csv-export.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "im-csv-export.h"
#include "im-csv-writer.h"
#include "im-demo-source.h"
#include "im-util.h"

#include "im-test-app-util.h"

typedef struct
{
  ImDemoSource *source;
  char         *dir;
  GFile        *file;
} Fixture;

static gboolean
is_ready (gpointer data)
{
  return im_demo_source_get_ready (data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;

  f->source = im_test_demo_source_new (2);
  g_assert_true (im_test_wait_until (is_ready, f->source, 60000));
  im_demo_source_set_live (f->source, FALSE);

  f->dir = g_dir_make_tmp ("im-export-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  path = g_build_filename (f->dir, "out.csv", NULL);
  f->file = g_file_new_for_path (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_file_delete (f->file, NULL, NULL);
  g_clear_object (&f->file);
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->dir);
  g_assert_finalize_object (f->source);
}

static GArray *
query_raw (ImDataSource *source,
           const char   *machine,
           gint64        from,
           gint64        to)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *raw;

  im_data_source_query_raw_async (source, machine, from, to, NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  raw = im_data_source_query_raw_finish (source, result, &error);
  g_assert_no_error (error);

  return raw;
}

static gboolean
run_export (ImCsvExport  *export,
            GFile        *file,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  im_csv_export_run_async (export, file, cancellable, im_test_store_result, &result);
  im_test_wait_result (&result, 60);

  return im_csv_export_run_finish (export, result, error);
}

static void
test_raw_equals_source (Fixture       *f,
                        gconstpointer  data)
{
  gint64 now = im_now_ns ();
  gint64 from = now - 3 * 3600 * IM_NSEC_PER_SEC - 123456789;
  gint64 to = now - 3600 * IM_NSEC_PER_SEC;
  g_autoptr(ImCsvExport) export = im_csv_export_new_raw (IM_DATA_SOURCE (f->source), "MACHINE_002",
                                                         from, to);
  g_autoptr(GArray) raw = query_raw (IM_DATA_SOURCE (f->source), "MACHINE_002", from, to);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (run_export (export, f->file, NULL, &error));
  g_assert_no_error (error);

  im_csv_append_readings_header (expected, NULL);
  for (guint i = 0; i < raw->len; i++)
    im_csv_append_reading (expected, NULL, &g_array_index (raw, ImReading, i));

  g_assert_true (g_file_load_contents (f->file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (raw->len, >, 1000);
  g_assert_cmpuint (im_csv_export_get_n_rows (export), ==, raw->len);
  g_assert_cmpfloat (im_csv_export_get_fraction (export), ==, 1.0);
  g_assert_cmpuint (length, ==, expected->len);
  g_assert_cmpstr (contents, ==, expected->str);
}

static void
test_empty_range (Fixture       *f,
                  gconstpointer  data)
{
  gint64 from = G_GINT64_CONSTANT (1000000000) * IM_NSEC_PER_SEC;
  g_autoptr(ImCsvExport) export = im_csv_export_new_raw (IM_DATA_SOURCE (f->source), "MACHINE_001",
                                                         from, from + 3600 * IM_NSEC_PER_SEC);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (run_export (export, f->file, NULL, &error));
  g_assert_no_error (error);

  im_csv_append_readings_header (expected, NULL);
  g_assert_true (g_file_load_contents (f->file, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected->str);
  g_assert_cmpuint (im_csv_export_get_n_rows (export), ==, 0);
}

static void
test_aggregates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GArray) aggregates = g_array_new (FALSE, TRUE, sizeof (ImAggregate));
  g_autoptr(ImCsvExport) export = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_array_set_size (aggregates, 5000);
  for (guint i = 0; i < aggregates->len; i++)
    {
      ImAggregate *agg = &g_array_index (aggregates, ImAggregate, i);

      agg->time_ns = G_GINT64_CONSTANT (1795850760) * IM_NSEC_PER_SEC + i * 60 * IM_NSEC_PER_SEC;
      agg->count = 60;
      for (guint s = 0; s < IM_N_SENSORS; s++)
        {
          agg->mean[s] = i + s * 0.5;
          agg->min[s] = i - 1.0;
          agg->max[s] = i + 1.0;
        }
    }

  export = im_csv_export_new_aggregates ("MACHINE_001", 60 * IM_NSEC_PER_SEC, aggregates);
  g_assert_true (run_export (export, f->file, NULL, &error));
  g_assert_no_error (error);

  im_csv_append_aggregates_header (expected, NULL);
  for (guint i = 0; i < aggregates->len; i++)
    im_csv_append_aggregate (expected, NULL, "MACHINE_001", 60 * IM_NSEC_PER_SEC,
                             &g_array_index (aggregates, ImAggregate, i));

  g_assert_true (g_file_load_contents (f->file, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected->str);
  g_assert_cmpuint (im_csv_export_get_n_rows (export), ==, 5000);
}

static void
test_cancel_leaves_no_file (Fixture       *f,
                            gconstpointer  data)
{
  gint64 now = im_now_ns ();
  g_autoptr(ImCsvExport) export = im_csv_export_new_raw (IM_DATA_SOURCE (f->source), "MACHINE_001",
                                                         now - 20 * 3600 * IM_NSEC_PER_SEC, now);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (run_export (export, f->file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_query_exists (f->file, NULL));
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);

  return G_SOURCE_REMOVE;
}

static void
test_cancel_keeps_old_file (Fixture       *f,
                            gconstpointer  data)
{
  gint64 now = im_now_ns ();
  g_autoptr(ImCsvExport) export = im_csv_export_new_raw (IM_DATA_SOURCE (f->source), "MACHINE_001",
                                                         now - 24 * 3600 * IM_NSEC_PER_SEC, now);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char old[] = "what was there before\n";

  g_assert_true (g_file_replace_contents (f->file, old, strlen (old), NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, &error));

  /* Cancelled while running, at the first chunk or later. */
  g_idle_add (cancel_soon, cancellable);
  g_assert_false (run_export (export, f->file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_true (g_file_load_contents (f->file, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpstr (contents, ==, old);
}

static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  gint64 now = im_now_ns ();
  g_autoptr(ImCsvExport) export = im_csv_export_new_raw (IM_DATA_SOURCE (f->source), "MACHINE_001",
                                                         now - 60 * IM_NSEC_PER_SEC, now);
  g_autofree char *path = g_build_filename (f->dir, "missing-dir", "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_false (run_export (export, file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_alarms (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GArray) alarms = g_array_new (FALSE, FALSE, sizeof (ImAlarm));
  g_autoptr(ImCsvExport) export = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  ImAlarm alarm = { 0 };

  /* 2026-11-28T07:27:00Z, acknowledged by a name that needs quoting. */
  g_strlcpy (alarm.machine_id, "MACHINE_001", sizeof alarm.machine_id);
  g_strlcpy (alarm.type, "zone_temperature", sizeof alarm.type);
  alarm.kind = IM_ALARM_KIND_ZONE;
  alarm.sensors = 1u << IM_SENSOR_TEMPERATURE;
  alarm.severity = IM_ALARM_SEVERITY_CRITICAL;
  alarm.state = IM_ALARM_STATE_CLEARED;
  alarm.acknowledged = TRUE;
  g_strlcpy (alarm.ack_user, "Doe, \"Jane\"", sizeof alarm.ack_user);
  alarm.started_ns = G_GINT64_CONSTANT (1795850820) * IM_NSEC_PER_SEC;
  alarm.raised_ns = alarm.started_ns + 29 * IM_NSEC_PER_SEC;
  alarm.updated_ns = alarm.raised_ns;
  alarm.ack_ns = alarm.raised_ns + 60 * IM_NSEC_PER_SEC;
  alarm.cleared_ns = alarm.raised_ns + 120 * IM_NSEC_PER_SEC;
  alarm.value = 89.4;
  alarm.peak = 91.25;
  alarm.threshold = 85;
  alarm.count = 2;
  g_strlcpy (alarm.id, "df460d216026c753aeb833d35a8c2940", sizeof alarm.id);
  g_array_append_val (alarms, alarm);

  /* Still active, nobody acknowledged it: empty fields. */
  alarm.state = IM_ALARM_STATE_ACTIVE;
  alarm.cleared_ns = 0;
  alarm.acknowledged = FALSE;
  alarm.ack_user[0] = '\0';
  alarm.ack_ns = 0;
  alarm.threshold = NAN;
  g_array_append_val (alarms, alarm);

  export = im_csv_export_new_alarms (alarms);
  g_assert_true (run_export (export, f->file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (im_csv_export_get_n_rows (export), ==, 2);

  g_assert_true (g_file_load_contents (f->file, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==,
                   "id,machine_id,type,kind,sensors,severity,ne107,state,acknowledged,ack_user,"
                   "ack_at,started_at,raised_at,updated_at,cleared_at,value,peak,threshold,count,"
                   "message");
  g_assert_cmpstr (lines[1], ==,
                   "df460d216026c753aeb833d35a8c2940,MACHINE_001,zone_temperature,zone,"
                   "temperature,critical,F,cleared,true,\"Doe, \"\"Jane\"\"\","
                   "2026-11-28T07:28:29.000000Z,2026-11-28T07:27:00.000000Z,"
                   "2026-11-28T07:27:29.000000Z,2026-11-28T07:27:29.000000Z,"
                   "2026-11-28T07:29:29.000000Z,89.4,91.25,85,2,"
                   "\"Temperature above 85 °C (critical): 89.4 °C when raised, peak 91.25 °C\"");
  g_assert_true (g_str_has_prefix (lines[2], "df460d216026c753aeb833d35a8c2940,MACHINE_001,"
                                             "zone_temperature,zone,temperature,critical,F,"
                                             "active,false,,,2026-11-28T07:27:00.000000Z,"
                                             "2026-11-28T07:27:29.000000Z,"
                                             "2026-11-28T07:27:29.000000Z,,89.4,91.25,,2,"));
  g_assert_cmpstr (lines[3], ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/csv-export/raw-equals-source", test_raw_equals_source);
  ADD ("/csv-export/empty-range", test_empty_range);
  ADD ("/csv-export/aggregates", test_aggregates);
  ADD ("/csv-export/cancel-leaves-no-file", test_cancel_leaves_no_file);
  ADD ("/csv-export/cancel-keeps-old-file", test_cancel_keeps_old_file);
  ADD ("/csv-export/unwritable", test_unwritable);
  ADD ("/csv-export/alarms", test_alarms);

#undef ADD

  return g_test_run ();
}
