/* test-demo-source.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "im-demo-source.h"
#include "im-health.h"
#include "im-util.h"

#include "im-test-app-util.h"

static gboolean
is_ready (gpointer data)
{
  return im_demo_source_get_ready (data);
}

static ImDemoSource *
new_ready_source (guint n_machines)
{
  ImDemoSource *source = im_test_demo_source_new (n_machines);
  gint64 start = g_get_monotonic_time ();

  g_assert_false (im_demo_source_get_ready (source));
  g_assert_true (im_test_wait_until (is_ready, source, 60000));
  g_test_message ("backfill of %u machines took %.3f s", n_machines,
                  (g_get_monotonic_time () - start) / 1e6);
  im_demo_source_set_live (source, FALSE);

  return source;
}

static void
test_backfill (void)
{
  g_autoptr(ImDemoSource) source = new_ready_source (5);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) machines = NULL;
  g_autoptr(GArray) raw = NULL;
  g_autofree char *title = NULL;
  g_autofree char *error_message = NULL;
  gint64 now = im_now_ns ();

  /* A whole day at 1 s for each of five machines. */
  g_assert_cmpuint (im_demo_source_get_capacity (source), ==, 86400);

  im_data_source_list_machines_async (IM_DATA_SOURCE (source), NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 10);
  machines = im_data_source_list_machines_finish (IM_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (machines), ==, 5);
  g_assert_cmpstr (machines[0], ==, "MACHINE_001");
  g_assert_cmpstr (machines[4], ==, "MACHINE_005");
  g_clear_object (&result);

  /* The history reaches back about a day and up to now. */
  im_data_source_query_raw_async (IM_DATA_SOURCE (source), "MACHINE_003",
                                  now - 25 * 3600 * IM_NSEC_PER_SEC, now + 60 * IM_NSEC_PER_SEC,
                                  NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 10);
  raw = im_data_source_query_raw_finish (IM_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (raw->len, >, 0);
  g_assert_cmpuint (raw->len, <=, 86400);
  g_assert_cmpint (now - g_array_index (raw, ImReading, 0).time_ns, >, 23 * 3600 * IM_NSEC_PER_SEC);
  for (guint i = 1; i < raw->len; i++)
    {
      const ImReading *r = &g_array_index (raw, ImReading, i);

      g_assert_cmpint (r->time_ns, >, g_array_index (raw, ImReading, i - 1).time_ns);
      g_assert_cmpstr (r->machine_id, ==, "MACHINE_003");
      for (guint s = 0; s < IM_N_SENSORS; s++)
        g_assert_true (isfinite (r->values[s]));
    }

  /* …and up to now: the fleet's newest reading is seconds old (a machine
   * under maintenance sends nothing, so look at them all). */
  {
    g_autoptr(GPtrArray) recent = NULL;
    gint64 newest = 0;

    g_clear_object (&result);
    im_data_source_recent_readings_async (IM_DATA_SOURCE (source), 60 * IM_NSEC_PER_SEC, NULL,
                                          im_test_store_result, &result);
    im_test_wait_result (&result, 10);
    recent = im_data_source_recent_readings_finish (IM_DATA_SOURCE (source), result, &error);
    g_assert_no_error (error);
    for (guint m = 0; m < recent->len; m++)
      {
        GArray *readings = ((ImMachineReadings *) g_ptr_array_index (recent, m))->readings;

        if (readings->len > 0)
          newest = MAX (newest, g_array_index (readings, ImReading, readings->len - 1).time_ns);
      }
    g_assert_cmpint (now - newest, <, 5 * IM_NSEC_PER_SEC);
  }

  title = im_data_source_dup_title (IM_DATA_SOURCE (source));
  error_message = im_data_source_dup_error_message (IM_DATA_SOURCE (source));
  g_assert_cmpstr (title, ==, "Demo Fleet");
  g_assert_null (error_message);
}

static void
test_live_ticks (void)
{
  g_autoptr(ImDemoSource) source = im_test_demo_source_new (2);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  gint64 now;

  g_assert_true (im_test_wait_until (is_ready, source, 60000));
  now = im_now_ns ();

  im_data_source_query_raw_async (IM_DATA_SOURCE (source), "MACHINE_001", now - 60 * IM_NSEC_PER_SEC,
                                  G_MAXINT64, NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 10);
  before = im_data_source_query_raw_finish (IM_DATA_SOURCE (source), result, NULL);
  g_clear_object (&result);

  /* Readings keep coming in real time on the main loop. */
  {
    gint64 until = g_get_monotonic_time () + 2500 * 1000;

    while (g_get_monotonic_time () < until)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (5000);
      }
  }

  im_data_source_query_raw_async (IM_DATA_SOURCE (source), "MACHINE_001", now - 60 * IM_NSEC_PER_SEC,
                                  G_MAXINT64, NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 10);
  after = im_data_source_query_raw_finish (IM_DATA_SOURCE (source), result, NULL);

  g_assert_cmpuint (after->len, >=, before->len + 2);
}

static void
test_recent_readings (void)
{
  g_autoptr(ImDemoSource) source = new_ready_source (5);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) machines = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = im_now_ns ();

  im_data_source_recent_readings_async (IM_DATA_SOURCE (source), IM_HEALTH_WINDOW_NS, NULL,
                                        im_test_store_result, &result);
  im_test_wait_result (&result, 10);
  machines = im_data_source_recent_readings_finish (IM_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (machines->len, ==, 5);

  for (guint m = 0; m < machines->len; m++)
    {
      ImMachineReadings *machine = g_ptr_array_index (machines, m);
      const ImReading *readings = (const ImReading *) (gpointer) machine->readings->data;
      ImHealth health;

      g_assert_cmpuint (machine->readings->len, >, 0);
      g_assert_cmpint (readings[machine->readings->len - 1].time_ns - readings[0].time_ns, <,
                       IM_HEALTH_WINDOW_NS);

      im_health_compute (readings, machine->readings->len, now, &health);
      g_assert_true (isfinite (health.score));
      g_assert_cmpuint (health.n_readings, ==, machine->readings->len);
    }
}

typedef struct
{
  guint64 n_readings;
  guint   n_chunks;
  gsize   largest_chunk;
  gint64  last_time;
  gboolean ordered;
  GThread *main_thread;
  gboolean off_main_thread;
} ChunkStats;

static gboolean
count_chunk (const ImReading  *readings,
             gsize             n_readings,
             gpointer          user_data,
             GError          **error)
{
  ChunkStats *stats = user_data;

  stats->n_chunks++;
  stats->largest_chunk = MAX (stats->largest_chunk, n_readings);
  for (gsize i = 0; i < n_readings; i++)
    {
      if (readings[i].time_ns <= stats->last_time)
        stats->ordered = FALSE;
      stats->last_time = readings[i].time_ns;
    }
  stats->n_readings += n_readings;
  if (g_thread_self () != stats->main_thread)
    stats->off_main_thread = TRUE;

  return TRUE;
}

static void
test_export_streams (void)
{
  g_autoptr(ImDemoSource) source = new_ready_source (5);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) raw = NULL;
  g_autoptr(GError) error = NULL;
  ChunkStats stats = { 0, 0, 0, 0, TRUE, g_thread_self (), FALSE };
  gint64 now = im_now_ns ();
  gint64 from = now - 6 * 3600 * IM_NSEC_PER_SEC;
  guint64 n_exported = 0;

  im_data_source_export_raw_async (IM_DATA_SOURCE (source), "MACHINE_002", from, now,
                                   count_chunk, &stats, NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  g_assert_true (im_data_source_export_raw_finish (IM_DATA_SOURCE (source), result,
                                                   &n_exported, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  im_data_source_query_raw_async (IM_DATA_SOURCE (source), "MACHINE_002", from, now,
                                  NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 10);
  raw = im_data_source_query_raw_finish (IM_DATA_SOURCE (source), result, &error);

  g_assert_cmpuint (n_exported, ==, raw->len);
  g_assert_cmpuint (stats.n_readings, ==, raw->len);
  g_assert_true (stats.ordered);
  g_assert_true (stats.off_main_thread);
  g_assert_cmpuint (stats.n_chunks, >, 1);
  g_assert_cmpuint (stats.largest_chunk, <=, 4096);
}

static gboolean
cancel_after_first (const ImReading  *readings,
                    gsize             n_readings,
                    gpointer          user_data,
                    GError          **error)
{
  g_cancellable_cancel (user_data);

  return TRUE;
}

static void
test_export_cancel (void)
{
  g_autoptr(ImDemoSource) source = new_ready_source (1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = im_now_ns ();

  im_data_source_export_raw_async (IM_DATA_SOURCE (source), "MACHINE_001",
                                   now - 12 * 3600 * IM_NSEC_PER_SEC, now,
                                   cancel_after_first, cancellable, cancellable,
                                   im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  g_assert_false (im_data_source_export_raw_finish (IM_DATA_SOURCE (source), result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_many_machines_budget (void)
{
  g_autoptr(ImDemoSource) source = new_ready_source (50);

  /* The memory budget is shared: 50 machines keep 2.4 h each. */
  g_assert_cmpuint (im_demo_source_get_capacity (source), ==, IM_DEMO_STORE_BUDGET / 50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-source/backfill", test_backfill);
  g_test_add_func ("/demo-source/live-ticks", test_live_ticks);
  g_test_add_func ("/demo-source/recent-readings", test_recent_readings);
  g_test_add_func ("/demo-source/export-streams", test_export_streams);
  g_test_add_func ("/demo-source/export-cancel", test_export_cancel);
  g_test_add_func ("/demo-source/many-machines-budget", test_many_machines_budget);

  return g_test_run ();
}
