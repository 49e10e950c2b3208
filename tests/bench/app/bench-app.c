/* bench-app.c — figures for the desktop app.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 1. Launch to first painted live data, demo source and InfluxDB source.
 * 2. Query + render of 1 h … 30 days of one machine at 1 Hz (2 592 000
 *    points written to a database of its own first), from raw readings
 *    and from the rollups; the Fleet page with 1 000 machines.
 * 3. CSV export of 1 000 000 rows: rows/s and peak RSS, from an in-memory
 *    source (the app's export path alone) and from InfluxDB (end to end).
 * 4. RSS after some minutes live with 50 machines (demo source).
 *
 * Each figure is printed with its conditions and a reference measured in
 * the same run. Needs a display (tests/run-ui-test.sh) and, for the
 * InfluxDB figures, the backend of compose/backend.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "im-csv-export.h"
#include "im-alarm-monitor.h"
#include "im-alarm-notifier.h"
#include "im-csv-writer.h"
#include "im-demo-source.h"
#include "im-fleet-page-private.h"
#include "im-health.h"
#include "im-influx-client-private.h"
#include "im-history-page-private.h"
#include "im-influx-queries.h"
#include "im-influx-rollups.h"
#include "im-influx-source.h"
#include "im-line-protocol.h"
#include "im-live-page-private.h"
#include "im-page-private.h"
#include "im-metric-card.h"
#include "im-sim.h"
#include "im-test-backend.h"
#include "im-test-notifications.h"
#ifdef IM_BENCH_HAVE_DAEMONS
#include "im-test-kafka.h"
#endif
#include "im-util.h"
#include "im-window.h"

static gint64 process_start_us;
static int    live_seconds = 60;
static int    export_rows = 1000000;
static int    history_days = 30;
static gboolean skip_influx;
static char   **only;
static int      alarm_seconds = 300;
static char    *alarm_mttf = (char *) "2h";

static const GOptionEntry entries[] = {
  { "live-seconds", 0, 0, G_OPTION_ARG_INT, &live_seconds,
    "Seconds of live refresh with 50 machines (600 for the 10-minute figure)", "N" },
  { "export-rows", 0, 0, G_OPTION_ARG_INT, &export_rows, "Rows to export", "N" },
  { "history-days", 0, 0, G_OPTION_ARG_INT, &history_days, "Days of 1 s history to write", "N" },
  { "skip-influx", 0, 0, G_OPTION_ARG_NONE, &skip_influx, "Only the figures without InfluxDB", NULL },
  { "alarm-seconds", 0, 0, G_OPTION_ARG_INT, &alarm_seconds,
    "Seconds of the 1 000-machine fleet for the notification latency", "N" },
  { "alarm-mttf", 0, 0, G_OPTION_ARG_STRING, &alarm_mttf,
    "The simulated machines' mean time to failure for the notification latency (2h)", "DURATION" },
  { "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only,
    "Only this part (launch, export, history, fleet, alarms, live); repeat for several", "PART" },
  { NULL }
};

static gboolean
wanted (const char *part)
{
  return only == NULL || g_strv_contains ((const char * const *) only, part);
}

/* ---- Measuring ----------------------------------------------------- */

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* kB from /proc/self/status: "VmRSS" or "VmHWM". */
static guint64
proc_status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, key);
  if (line == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen (key) + 1, NULL, 10);
}

/* Resets VmHWM to the current RSS (Linux 4.0+). */
static void
reset_peak_rss (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f != NULL)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static void
iterate (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (500);
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_until (Condition condition,
            gpointer  data,
            guint     timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      iterate ();
    }

  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits for the next frame painted with what the widget holds now. */
static void
wait_painted (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;

  g_assert (clock != NULL);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted)
    iterate ();
  g_signal_handler_disconnect (clock, id);
}

static void
spin_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    iterate ();
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* ---- InfluxDB data ------------------------------------------------- */

static ImInfluxClient *
new_database (const ImTestBackend *backend,
              const char          *prefix,
              char               **name)
{
  g_autoptr(GError) error = NULL;
  ImInfluxClient *client;

  *name = im_test_unique_name (prefix);
  client = im_influx_client_new (backend->influxdb_url, *name);
  im_influx_client_set_timeouts (client, 3000, 300000);
  if (!im_influx_client_create_database (client, NULL, &error))
    g_error ("Could not create %s: %s", *name, error->message);

  return client;
}

static void
drop_database (ImInfluxClient *client,
               const char     *name)
{
  g_autoptr(GString) q = g_string_new ("DROP DATABASE ");
  g_autoptr(ImInfluxResult) result = NULL;

  im_influxql_append_identifier (q, name);
  result = im_influx_client_query (client, q->str, NULL, NULL, NULL);
}

/* A loaded InfluxDB may answer 500 "timeout": try again, as the
 * ingestion would. */
static void
write_retrying (ImInfluxClient *client,
                GString        *body)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) error = NULL;

      if (im_influx_client_write (client, body->str, body->len, NULL, &error))
        return;
      if (!im_influx_error_is_retryable (error) || attempt == 10)
        g_error ("write: %s", error->message);
      g_printerr ("write: %s (retrying)\n", error->message);
      g_usleep (G_USEC_PER_SEC);
    }
}

/* Writes @n_machines × @seconds of simulated readings ending now. */
static guint64
fill (ImInfluxClient *client,
      guint           n_machines,
      gint64          seconds)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(ImSimFleet) fleet = NULL;
  g_autoptr(GError) error = NULL;
  ImSimConfig config;
  gint64 now = im_now_ns ();
  guint64 n = 0;

  im_sim_config_init (&config);
  config.n_machines = n_machines;
  config.seed = 11;
  /* Readings all the time: no maintenance downtime in the figures. */
  config.mean_time_to_failure_ns = G_MAXINT64 / 4;
  config.start_time_ns = (now / IM_NSEC_PER_SEC - seconds) * IM_NSEC_PER_SEC;
  fleet = im_sim_fleet_new (&config);

  while (im_sim_fleet_peek_time (fleet) <= now)
    {
      ImReading r;

      im_sim_fleet_next (fleet, &r);
      if (!im_lp_append_reading (body, &r, &error))
        g_error ("%s", error->message);
      n++;

      if (n % 10000 == 0)
        {
          write_retrying (client, body);
          g_string_truncate (body, 0);
        }
    }

  if (body->len > 0)
    write_retrying (client, body);

  return n;
}

/* ---- 1. Launch to first painted live data --------------------------- */

static gboolean
live_has_data (gpointer data)
{
  ImLivePage *page = data;

  return im_page_get_machine (IM_PAGE (page)) != NULL &&
         isfinite (im_metric_card_get_value (IM_METRIC_CARD (
           im_live_page_get_metric_card (page, IM_SENSOR_TEMPERATURE))));
}

static double
first_live_data (ImDataSource *source,
                 double        started_ms)
{
  ImWindow *window = im_window_new (NULL);
  ImLivePage *live = IM_LIVE_PAGE (im_window_get_page (window, "live"));
  double ms;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  im_window_set_source (window, source);
  gtk_window_present (GTK_WINDOW (window));

  if (!wait_until (live_has_data, live, 60))
    g_error ("no live data after 60 s");
  wait_painted (GTK_WIDGET (window));
  ms = now_ms () - started_ms;

  gtk_window_destroy (GTK_WINDOW (window));
  spin_ms (100);

  return ms;
}

static void
bench_launch (const ImTestBackend *backend)
{
  g_autoptr(ImDemoSource) demo = NULL;
  double t0 = now_ms ();
  double demo_ms;

  demo = im_demo_source_new (IM_DEMO_DEFAULT_MACHINES);
  demo_ms = first_live_data (IM_DATA_SOURCE (demo), t0);

  printf ("\n== 1. Launch to first painted live data (target < 1000 ms)\n");
  printf ("   process start to gtk/adw initialised:       %8.1f ms\n",
          t0 - process_start_us / 1000.0);
  printf ("   demo source (5 machines, 24 h backfill):     %8.1f ms  source and window created "
          "-> cards and charts painted\n", demo_ms);
  printf ("   demo, from process start:                    %8.1f ms\n",
          t0 + demo_ms - process_start_us / 1000.0);

  if (backend != NULL)
    {
      g_autofree char *name = NULL;
      g_autoptr(ImInfluxClient) client = new_database (backend, "im_bench_launch", &name);
      g_autoptr(ImInfluxSource) source = NULL;
      g_autofree char *version = NULL;
      guint64 n = fill (client, 5, 3600);
      double ping_ms, influx_ms, t;

      t = now_ms ();
      im_influx_client_ping (client, &version, NULL, NULL);
      ping_ms = now_ms () - t;

      t = now_ms ();
      source = im_influx_source_new (client);
      influx_ms = first_live_data (IM_DATA_SOURCE (source), t);

      printf ("   InfluxDB source (5 machines, %" G_GUINT64_FORMAT " readings in the last hour): "
              "%8.1f ms\n", n, influx_ms);
      printf ("   reference: one /ping round trip:             %8.1f ms\n", ping_ms);
      drop_database (client, name);
    }
}

/* ---- 2. 7 days of history ------------------------------------------ */

static gboolean
history_loaded (gpointer data)
{
  ImHistoryPage *page = data;

  return !im_page_get_busy (IM_PAGE (page)) && im_history_page_get_aggregates (page, NULL) != NULL;
}

/* Query + paint of [now - @seconds, now) on the page, three runs; the
 * fastest and slowest in @best_ms, @worst_ms. */
static void
time_range (ImWindow      *window,
            ImHistoryPage *history,
            gint64         seconds,
            double        *best_ms,
            double        *worst_ms,
            guint         *n_windows,
            gint64        *window_ns)
{
  *best_ms = G_MAXDOUBLE;
  *worst_ms = 0;

  for (int run = 0; run < 3; run++)
    {
      gint64 now = im_now_ns ();
      double t = now_ms (), ms;

      im_history_page_set_range (history, now - seconds * IM_NSEC_PER_SEC, now);
      spin_ms (0);
      if (!wait_until (history_loaded, history, 120))
        g_error ("history did not load");
      wait_painted (GTK_WIDGET (window));
      ms = now_ms () - t;
      *best_ms = MIN (*best_ms, ms);
      *worst_ms = MAX (*worst_ms, ms);
      *n_windows = im_history_page_get_aggregates (history, window_ns)->len;
    }
}

static void
bench_history (const ImTestBackend *backend)
{
  static const struct { const char *name; gint64 seconds; } ranges[] = {
    { "1 h", 3600 }, { "6 h", 6 * 3600 }, { "24 h", 86400 }, { "7 days", 7 * 86400 },
    { "30 days", 30 * 86400 },
  };
  g_autofree char *name = NULL;
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(ImInfluxSource) source = NULL;
  g_autoptr(GError) error = NULL;
  double raw_best[G_N_ELEMENTS (ranges)], raw_worst[G_N_ELEMENTS (ranges)];
  guint raw_windows[G_N_ELEMENTS (ranges)];
  gint64 raw_window_ns[G_N_ELEMENTS (ranges)];
  gint64 seconds = (gint64) history_days * 86400;
  gint64 now = im_now_ns ();
  guint64 n;
  double t, fill_ms, raw_hour_ms, rollup_ms;

  printf ("\n== 2. History of one machine at 1 Hz: query + paint (target <= 500 ms up to 30 days)\n");
  if (backend == NULL)
    {
      printf ("   skipped: no InfluxDB\n");
      return;
    }

  client = new_database (backend, "im_bench_history", &name);
  t = now_ms ();
  n = fill (client, 1, seconds);
  fill_ms = now_ms () - t;
  printf ("   wrote %" G_GUINT64_FORMAT " points (%d days) in %.1f s (%.0f points/s, batches of 10 000)\n",
          n, history_days, fill_ms / 1000, n / (fill_ms / 1000));

  /* Raw first: the database has no rollups yet, so the source falls back
   * to aggregating raw readings; then the rollups, computed by their
   * continuous queries' own SELECT … INTO, and a new source (connection)
   * that finds them. */
  for (int pass = 0; pass < 2; pass++)
    {
      ImWindow *window;
      ImHistoryPage *history;

      if (pass == 1)
        {
          t = now_ms ();
          if (!im_influx_rollups_create (client, "INF", NULL, &error))
            g_error ("rollups: %s", error->message);
          for (gint64 day = now - seconds * IM_NSEC_PER_SEC - 86400 * IM_NSEC_PER_SEC;
               day < now; day += 86400 * IM_NSEC_PER_SEC)
            if (!im_influx_rollups_backfill (client, day, MIN (day + 86400 * IM_NSEC_PER_SEC, now + 1),
                                             NULL, &error))
              g_error ("backfill: %s", error->message);
          rollup_ms = now_ms () - t;
          printf ("   rollups computed in %.1f s (1 min and 1 h, SELECT … INTO a day at a time)\n",
                  rollup_ms / 1000);
        }

      g_clear_object (&source);
      source = im_influx_source_new (client);
      window = im_window_new (NULL);
      history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
      gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
      im_window_set_source (window, IM_DATA_SOURCE (source));
      im_window_show_page (window, "history");
      gtk_window_present (GTK_WINDOW (window));

      /* The page first loads its default (24 h). */
      if (!wait_until (history_loaded, history, 120))
        g_error ("history did not load");

      for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
        {
          double best, worst;
          guint n_windows;
          gint64 window_ns;

          if (ranges[r].seconds > seconds)
            continue;
          time_range (window, history, ranges[r].seconds, &best, &worst, &n_windows, &window_ns);
          if (pass == 0)
            {
              raw_best[r] = best;
              raw_worst[r] = worst;
              raw_windows[r] = n_windows;
              raw_window_ns[r] = window_ns;
              continue;
            }
          /* The range ends at now: its window count may differ by one. */
          g_assert (raw_window_ns[r] == window_ns);
          printf ("   %-8s %4u windows of %6" G_GINT64_FORMAT " s: raw %7.1f–%7.1f ms, "
                  "with rollups %7.1f–%7.1f ms %s\n",
                  ranges[r].name, MAX (raw_windows[r], n_windows), window_ns / IM_NSEC_PER_SEC,
                  raw_best[r], raw_worst[r], best, worst, worst <= 500 ? "✓" : "✗");
        }
      printf (pass == 0 ? "" : "   (query + paint, 3 runs each, 4 charts at 1100×760; the rollup "
                               "serves windows it divides: 1 min from 1 min windows, 1 h from 1 h)\n");

      gtk_window_destroy (GTK_WINDOW (window));
      spin_ms (100);
    }

  /* Reference: one hour of raw readings, same database. */
  {
    g_autofree char *q = g_strdup_printf ("SELECT * FROM \"sensor_readings\" WHERE time >= %"
                                          G_GINT64_FORMAT, now - 3600 * IM_NSEC_PER_SEC);
    g_autoptr(ImInfluxResult) result = NULL;

    t = now_ms ();
    result = im_influx_client_query (client, q, NULL, NULL, NULL);
    raw_hour_ms = now_ms () - t;
    printf ("   reference: SELECT * of the last hour (3 600 rows): %.1f ms\n", raw_hour_ms);
  }

  /* 3b. End-to-end export of a week (at most) from InfluxDB: raw. */
  {
    g_autofree char *dir = g_dir_make_tmp ("im-bench-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "export.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(ImCsvExport) export = im_csv_export_new_raw (IM_DATA_SOURCE (source), "MACHINE_001",
                                                           now - MIN (seconds, 7 * 86400) * IM_NSEC_PER_SEC - IM_NSEC_PER_SEC * 10,
                                                           now + IM_NSEC_PER_SEC);
    g_autoptr(GAsyncResult) result = NULL;
    guint64 rss_before, peak;

    reset_peak_rss ();
    rss_before = proc_status_kb ("VmRSS:");
    t = now_ms ();
    im_csv_export_run_async (export, file, NULL, store_result, &result);
    while (result == NULL)
      iterate ();
    if (!im_csv_export_run_finish (export, result, &error))
      g_error ("export: %s", error->message);
    peak = proc_status_kb ("VmHWM:");
    printf ("\n== 3b. CSV export from InfluxDB, end to end\n");
    printf ("   %" G_GUINT64_FORMAT " rows in %.2f s: %.0f rows/s; RSS %" G_GUINT64_FORMAT
            " MB before, peak %" G_GUINT64_FORMAT " MB during (pages of %d rows)\n",
            im_csv_export_get_n_rows (export), (now_ms () - t) / 1000,
            im_csv_export_get_n_rows (export) / ((now_ms () - t) / 1000),
            rss_before / 1024, peak / 1024, im_influx_source_get_page_size (source));
    g_unlink (path);
    g_rmdir (dir);
  }

  drop_database (client, name);
}

/* ---- 2b. The Fleet page with 1 000 machines --------------------------- */

static gboolean
fleet_has_all (gpointer data)
{
  ImFleetPage *page = data;
  g_autoptr(GPtrArray) machines = im_fleet_page_list_machines (page);

  return machines->len == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (page), "bench-n"));
}

static gboolean
fleet_idle (gpointer data)
{
  return !im_page_get_requesting (data);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static gboolean
fleet_shows_cards (gpointer data)
{
  g_autoptr(GPtrArray) cards = im_fleet_page_list_cards (data);

  return cards->len > 0;
}

/* The reference for the Fleet figure: what InfluxDB alone takes to
 * answer the page's own statements (the newest reading of every machine,
 * then each machine's window in as many parts side by side as the page's
 * source makes), the answers read by the client and thrown away; and the
 * same answers decoded (JSON-GLib) as the source does, without the page. */

typedef struct
{
  ImInfluxClient *client;
  char           *statements;
  gboolean        decode;     /* as the source does; else thrown away */
  double          ms;
  guint64         bytes;
} FleetStatements;

static gpointer
fleet_statements_run (gpointer data)
{
  FleetStatements *f = data;
  g_autoptr(GError) error = NULL;
  double t = now_ms ();

  if (f->decode)
    {
      g_autoptr(ImInfluxResult) result = im_influx_client_query (f->client, f->statements,
                                                                 NULL, NULL, &error);

      if (result == NULL)
        g_error ("the fleet statements: %s", error->message);
    }
  else if (!im_influx_client_query_discard (f->client, f->statements, &f->bytes, NULL, &error))
    {
      g_error ("the fleet statements: %s", error->message);
    }

  f->ms = now_ms () - t;

  return NULL;
}

/* Runs @parts side by side; the wall time of all. */
static double
fleet_statements_all (FleetStatements *parts,
                      guint            n_parts)
{
  GThread *threads[8] = { NULL };
  double t = now_ms ();

  g_assert (n_parts <= G_N_ELEMENTS (threads));
  for (guint p = 0; p < n_parts; p++)
    threads[p] = g_thread_new ("bench-fleet", fleet_statements_run, &parts[p]);
  for (guint p = 0; p < n_parts; p++)
    g_thread_join (threads[p]);

  return now_ms () - t;
}

static void
fleet_reference (ImInfluxClient *client)
{
  g_autofree char *last_query = im_influx_query_last_seen ();
  g_autoptr(ImInfluxResult) last = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) from_ns = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) to_ns = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) alone = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) decoded = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) last_alone = g_array_new (FALSE, FALSE, sizeof (double));
  FleetStatements parts[4];
  FleetStatements last_part = { .client = client, .statements = last_query };
  guint64 bytes = 0;
  guint n_parts;

  last = im_influx_client_query (client, last_query, NULL, NULL, NULL);
  g_assert (last != NULL);
  for (guint i = 0; i < im_influx_result_get_n_series (last); i++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (last, i);
      int column = im_influx_series_find_column (series, "time");
      gint64 last_ns = im_influx_series_get_value (series, 0, column)->i;
      gint64 from = last_ns - IM_HEALTH_WINDOW_NS + 1;

      g_ptr_array_add (ids, g_strdup (im_influx_series_get_tag (series, "machine_id")));
      g_array_append_val (from_ns, from);
      last_ns++;
      g_array_append_val (to_ns, last_ns);
    }

  n_parts = im_influx_source_recent_n_parts (ids->len);
  g_assert (n_parts <= G_N_ELEMENTS (parts));
  for (guint p = 0; p < n_parts; p++)
    {
      guint first = ids->len * p / n_parts;
      guint n = ids->len * (p + 1) / n_parts - first;

      parts[p] = (FleetStatements) {
        .client = client,
        .statements = im_influx_query_recent ((const char * const *) ids->pdata + first,
                                              (const gint64 *) (gpointer) from_ns->data + first,
                                              (const gint64 *) (gpointer) to_ns->data + first, n),
      };
    }

  /* Interleaved: alone, then decoded, three times. */
  for (guint run = 0; run < 3; run++)
    {
      double ms;

      fleet_statements_run (&last_part);
      g_array_append_val (last_alone, last_part.ms);

      for (guint p = 0; p < n_parts; p++)
        parts[p].decode = FALSE;
      ms = fleet_statements_all (parts, n_parts);
      g_array_append_val (alone, ms);
      bytes = 0;
      for (guint p = 0; p < n_parts; p++)
        bytes += parts[p].bytes;

      for (guint p = 0; p < n_parts; p++)
        parts[p].decode = TRUE;
      ms = fleet_statements_all (parts, n_parts);
      g_array_append_val (decoded, ms);
    }
  g_array_sort (last_alone, compare_doubles);
  g_array_sort (alone, compare_doubles);
  g_array_sort (decoded, compare_doubles);

  printf ("   reference: InfluxDB alone answering the page's statements, answers thrown away:\n"
          "              the newest reading of every machine %.1f–%.1f ms; the windows"
          " (%u parts side by side, %.1f MB) %.1f–%.1f ms\n",
          g_array_index (last_alone, double, 0), g_array_index (last_alone, double, 2), n_parts,
          bytes / 1e6, g_array_index (alone, double, 0), g_array_index (alone, double, 2));
  printf ("              the windows decoded by the client as the page's source does"
          " (JSON-GLib, no page): %.1f–%.1f ms\n",
          g_array_index (decoded, double, 0), g_array_index (decoded, double, 2));

  for (guint p = 0; p < n_parts; p++)
    g_free (parts[p].statements);
}

static void
bench_fleet (const ImTestBackend *backend)
{
  const guint n_machines = 1000;
  g_autofree char *name = NULL;
  g_autoptr(ImInfluxClient) client = NULL;
  guint64 n;
  double t;

  printf ("\n== 2b. Fleet page, %u machines at 1 Hz (target <= 1000 ms)\n", n_machines);
  if (backend == NULL)
    {
      printf ("   skipped: no InfluxDB\n");
      return;
    }

  client = new_database (backend, "im_bench_fleet", &name);
  /* The health window in full, as a fleet that has run for a while has. */
  n = fill (client, n_machines, IM_HEALTH_WINDOW_NS / IM_NSEC_PER_SEC);
  printf ("   wrote %" G_GUINT64_FORMAT " points (the last %d minutes, the health window)\n", n,
          (int) (IM_HEALTH_WINDOW_NS / IM_NSEC_PER_SEC / 60));

  for (int run = 0; run < 3; run++)
    {
      g_autoptr(ImInfluxSource) source = im_influx_source_new (client);
      ImWindow *window = im_window_new (NULL);
      ImFleetPage *fleet = IM_FLEET_PAGE (im_window_get_page (window, "fleet"));
      double ms;

      g_object_set_data (G_OBJECT (fleet), "bench-n", GUINT_TO_POINTER (n_machines));
      gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
      t = now_ms ();
      im_window_set_source (window, IM_DATA_SOURCE (source));
      im_window_show_page (window, "fleet");
      gtk_window_present (GTK_WINDOW (window));
      if (!wait_until (fleet_has_all, fleet, 120) || !wait_until (fleet_shows_cards, fleet, 120))
        g_error ("the fleet page did not show %u machines", n_machines);
      wait_painted (GTK_WIDGET (window));
      ms = now_ms () - t;
      {
        g_autoptr(GPtrArray) cards = im_fleet_page_list_cards (fleet);

        printf ("   run %d: source set to %u machines listed, their health computed and the %u cards"
                " in view painted: %.1f ms %s\n", run + 1, n_machines, cards->len, ms,
                ms <= 1000 ? "✓" : "✗");
      }

      /* The refreshes that follow, every refresh interval. */
      {
        g_autoptr(GArray) refreshes = g_array_new (FALSE, FALSE, sizeof (double));

        for (guint i = 0; i < 5; i++)
          {
            double r;

            if (!wait_until (fleet_idle, fleet, 30))
              g_error ("the fleet page did not finish its request");
            t = now_ms ();
            im_page_refresh (IM_PAGE (fleet));
            if (!im_page_get_requesting (IM_PAGE (fleet)))
              g_error ("no refresh started");
            if (!wait_until (fleet_idle, fleet, 30))
              g_error ("the refresh did not end");
            wait_painted (GTK_WIDGET (window));
            r = now_ms () - t;
            g_array_append_val (refreshes, r);
          }
        g_array_sort (refreshes, compare_doubles);
        printf ("          then 5 refreshes: %.1f–%.1f ms, median %.1f (each machine's newest"
                " 10 s and what came since; whole every 5 min)\n",
                g_array_index (refreshes, double, 0), g_array_index (refreshes, double, 4),
                g_array_index (refreshes, double, 2));
      }

      gtk_window_destroy (GTK_WINDOW (window));
      spin_ms (100);
    }

  fleet_reference (client);
  drop_database (client, name);
}

#ifdef IM_BENCH_HAVE_DAEMONS
/* ---- 2c. From a critical reading to the desktop notification -------- */

static GSubprocess *
spawn_daemon (const char *dir,
              const char *name,
              ...) G_GNUC_NULL_TERMINATED;

static GSubprocess *
spawn_daemon (const char *dir,
              const char *name,
              ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *log = g_strdup_printf ("%s/%s.log", dir, name);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup_printf ("%s/daemons/%s/industrialmind-%s", IM_BENCH_BUILD_ROOT,
                                          name, name));
  va_start (args, name);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (process == NULL)
    g_error ("%s: %s", name, error->message);

  return process;
}

static void
stop_daemon (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

static void
print_spread (const char *what,
              GArray     *values)
{
  double *v = (double *) (gpointer) values->data;

  if (values->len == 0)
    {
      printf ("   %-44s none\n", what);
      return;
    }
  g_array_sort (values, compare_doubles);
  printf ("   %-44s min %6.1f  median %6.1f  p90 %6.1f  max %6.1f s\n", what,
          v[0], v[values->len / 2], v[MIN (values->len - 1, values->len * 9 / 10)],
          v[values->len - 1]);
}

/* The timestamp of @alarm's first reading with one of its sensors in
 * the critical zone, from its start to @until_ns; 0 for none. */
static gint64
first_critical_reading (ImInfluxClient *client,
                        const ImAlarm  *alarm,
                        gint64          until_ns)
{
  g_autofree char *q = im_influx_query_raw (alarm->machine_id, alarm->started_ns, until_ns + 1, 0, 0);
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = im_influx_client_query (client, q, NULL, NULL, &error);
  if (result == NULL)
    g_error ("raw readings: %s", error->message);

  for (guint i = 0; i < im_influx_result_get_n_series (result); i++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (result, i);
      int time_column = im_influx_series_find_column (series, "time");

      for (guint row = 0; row < im_influx_series_get_n_rows (series); row++)
        for (guint sensor = 0; sensor < IM_N_SENSORS; sensor++)
          {
            int column = im_influx_series_find_column (series, im_sensor_to_string (sensor));

            if ((alarm->sensors & (1u << sensor)) != 0 && column >= 0 &&
                im_sensor_zone (sensor, im_influx_series_get_double (series, row, column)) ==
                  IM_ZONE_CRITICAL)
              return im_influx_series_get_value (series, row, time_column)->i;
          }
    }

  return 0;
}

/* 1 000 machines at 1 Hz through Kafka, the ingestion and the detector
 * (the real daemons, topics and a database of their own); the app's
 * alarm monitor and notifier on an ImInfluxSource, as the app runs
 * them. Each critical alarm notified: its first critical reading's
 * timestamp (the alarm's started_at, the simulator's clock), when the
 * detector raised it, and when the notification reached the bus. */
static void
bench_alarm_latency (const ImTestBackend *backend)
{
  const guint n_machines = 1000;
  g_autofree char *dir = NULL;
  g_autofree char *topic = im_test_unique_name ("im_bench_alarm");
  g_autofree char *alarms_topic = g_strconcat (topic, ".alarms", NULL);
  g_autofree char *anomalies_topic = g_strconcat (topic, ".anomalies", NULL);
  g_autofree char *dlq_topic = g_strconcat (topic, ".dlq", NULL);
  g_autofree char *name = NULL;
  g_autofree char *brokers_arg = NULL, *topic_arg = NULL, *url_arg = NULL, *db_arg = NULL;
  g_autofree char *machines_arg = g_strdup_printf ("--machines=%u", n_machines);
  g_autofree char *mttf_arg = g_strdup_printf ("--mttf=%s", alarm_mttf);
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(ImInfluxSource) source = NULL;
  g_autoptr(GApplication) app = NULL;
  g_autoptr(ImAlarmMonitor) monitor = NULL;
  g_autoptr(ImAlarmNotifier) notifier = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(ImTestNotifications) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) alarms = NULL;
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) delivery = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) listing_gaps = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sustained = g_array_new (FALSE, FALSE, sizeof (double));
  GSubprocess *ingestion, *detector, *simulator;
  gint64 live_from_us;
  guint interval = 0, n_critical = 0, n_missed = 0, n_unexplained = 0, n_escalated = 0;
  GHashTable *critical_at;

  printf ("\n== 2c. Critical reading to desktop notification, %u machines at 1 Hz, %d s\n",
          n_machines, alarm_seconds);
  if (backend == NULL)
    {
      printf ("   skipped: no Kafka and InfluxDB\n");
      return;
    }

  dir = g_dir_make_tmp ("im-bench-alarm-XXXXXX", &error);
  g_assert_no_error (error);
  client = new_database (backend, "im_bench_alarm", &name);
  for (guint i = 0; i < 4; i++)
    {
      const char *t[] = { topic, alarms_topic, anomalies_topic, dlq_topic };

      im_test_kafka_create_topic (backend->kafka_brokers, t[i], i == 0 ? 4 : 1);
    }

  brokers_arg = g_strdup_printf ("--brokers=%s", backend->kafka_brokers);
  topic_arg = g_strdup_printf ("--topic=%s", topic);
  url_arg = g_strdup_printf ("--influxdb-url=%s", backend->influxdb_url);
  db_arg = g_strdup_printf ("--influxdb-db=%s", name);
  {
    g_autofree char *group = g_strconcat ("--group=", topic, ".ingestion", NULL);
    g_autofree char *dlq = g_strconcat ("--dlq-topic=", dlq_topic, NULL);

    ingestion = spawn_daemon (dir, "ingestion", brokers_arg, topic_arg, group, dlq, url_arg, db_arg,
                              "--metrics-addr=none", NULL);
  }
  {
    g_autofree char *group = g_strconcat ("--group=", topic, ".detector", NULL);
    g_autofree char *alarms_arg = g_strconcat ("--alarms-topic=", alarms_topic, NULL);
    g_autofree char *anomalies_arg = g_strconcat ("--anomalies-topic=", anomalies_topic, NULL);

    detector = spawn_daemon (dir, "detector", brokers_arg, topic_arg, group, alarms_arg,
                             anomalies_arg, url_arg, db_arg, "--metrics-addr=none", NULL);
  }

  /* The desktop, then the app's side. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  server = im_test_notifications_new (bus);
  app = g_application_new (APP_ID ".BenchAlarms", G_APPLICATION_DEFAULT_FLAGS);
  if (!g_application_register (app, NULL, &error))
    g_error ("register: %s", error->message);
  source = im_influx_source_new (client);
  monitor = im_alarm_monitor_new ();
  g_object_get (monitor, "interval", &interval, NULL);
  notifier = im_alarm_notifier_new (app, monitor);
  im_alarm_monitor_set_source (monitor, IM_DATA_SOURCE (source));

  /* The fleet, live from now: new machines wear out within the run. */
  live_from_us = g_get_real_time ();
  simulator = spawn_daemon (dir, "simulator", brokers_arg, topic_arg, machines_arg, "--interval=1",
                            mttf_arg, "--maintenance=30m", "--seed=5", NULL);
  printf ("   simulator %s --seed=5; detector with the built-in rules; the app's alarm"
          " monitor every %u s; logs in %s\n", mttf_arg, interval, dir);
  {
    /* The monitor's listings: how long each took, from one to the next. */
    gint64 until = g_get_monotonic_time () + (gint64) alarm_seconds * G_USEC_PER_SEC;
    gint64 last_us = g_get_monotonic_time ();
    guint seen = im_alarm_monitor_get_n_updates (monitor);

    while (g_get_monotonic_time () < until)
      {
        iterate ();
        if (im_alarm_monitor_get_n_updates (monitor) != seen)
          {
            double gap = (g_get_monotonic_time () - last_us) / 1e6;

            seen = im_alarm_monitor_get_n_updates (monitor);
            last_us = g_get_monotonic_time ();
            g_array_append_val (listing_gaps, gap);
          }
      }
  }
  stop_daemon (simulator);
  /* What was raised last gets its notification; then the detector stops
   * before the silence it sees raises inactivity alarms. */
  spin_ms ((interval + 5) * 1000);
  stop_daemon (detector);
  stop_daemon (ingestion);

  {
    g_autoptr(GAsyncResult) result = NULL;
    gint64 t0 = g_get_monotonic_time ();

    print_spread ("between two listings of the active alarms", listing_gaps);
    im_data_source_list_alarms_async (IM_DATA_SOURCE (source), NULL, live_from_us * 1000,
                                      im_now_ns (), NULL, store_result, &result);
    while (result == NULL)
      iterate ();
    alarms = im_data_source_list_alarms_finish (IM_DATA_SOURCE (source), result, &error);
    if (alarms == NULL)
      g_error ("alarms: %s", error->message);
    printf ("   listing the run's %u alarms afterwards: %.2f s\n", alarms->len,
            (g_get_monotonic_time () - t0) / 1e6);
  }

  /* When the detector made each alarm critical (raised it so, or raised
   * its severity): its first critical record on the alarms topic. */
  {
    g_autoptr(GPtrArray) records = im_test_kafka_consume_all (backend->kafka_brokers, alarms_topic,
                                                              G_MAXUINT, 5000);

    critical_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    for (guint i = 0; i < records->len; i++)
      {
        ImTestMessage *message = g_ptr_array_index (records, i);
        gsize len;
        const char *data = message->value ? g_bytes_get_data (message->value, &len) : NULL;
        ImAlarm record;

        if (data == NULL || !im_alarm_from_json (&record, data, len, NULL) ||
            record.severity != IM_ALARM_SEVERITY_CRITICAL)
          continue;
        if (!g_hash_table_contains (critical_at, record.id))
          g_hash_table_insert (critical_at, g_strdup (record.id), g_memdup2 (&record.updated_ns, sizeof (gint64)));
      }
  }

  for (guint i = 0; i < alarms->len; i++)
    {
      const ImAlarm *alarm = &g_array_index (alarms, ImAlarm, i);
      g_autofree char *id = g_strconcat ("alarm-", alarm->id, NULL);
      gint64 at_us;
      const gint64 *made_critical;
      gint64 first_critical;

      if (alarm->severity != IM_ALARM_SEVERITY_CRITICAL || alarm->kind != IM_ALARM_KIND_ZONE ||
          alarm->started_ns / 1000 < live_from_us)
        continue;
      n_critical++;
      at_us = im_test_notifications_get_arrival (server, id);
      made_critical = g_hash_table_lookup (critical_at, alarm->id);
      if (at_us == 0)
        {
          n_missed++;
          continue;
        }
      first_critical = first_critical_reading (client, alarm, at_us * 1000);
      if (first_critical == 0 || made_critical == NULL)
        {
          n_unexplained++;
          continue;
        }
      if (alarm->raised_ns < *made_critical)
        n_escalated++;
      {
        double to_notified = (at_us * 1000 - first_critical) / 1e9;
        double to_critical = (*made_critical - first_critical) / 1e9;
        double critical_to_notified = (at_us * 1000 - *made_critical) / 1e9;

        g_array_append_val (total, to_notified);
        g_array_append_val (pending, to_critical);
        g_array_append_val (delivery, critical_to_notified);
        /* Critical from its first critical reading on: the pending
         * period and the delivery alone. */
        if (to_critical <= 31.0)
          g_array_append_val (sustained, to_notified);
      }
    }

  {
    guint n_run = 0;

    for (guint i = 0; i < alarms->len; i++)
      n_run += g_array_index (alarms, ImAlarm, i).started_ns / 1000 >= live_from_us;
    printf ("   %u alarms of every kind and severity started in the run: %.2f per machine-hour\n",
            n_run, n_run / (n_machines * alarm_seconds / 3600.0));
  }
  printf ("   %u critical zone alarms (%u of them raised at a lower severity first), %u not"
          " notified, %u without a critical reading or record found; %u notifications in all\n",
          n_critical, n_escalated, n_missed, n_unexplained, im_test_notifications_get_n_ids (server));
  print_spread ("all: first critical reading → notification", total);
  print_spread ("  first critical reading → detector: critical", pending);
  print_spread ("  detector: critical → notification", delivery);
  printf ("   %u of them were critical from their first critical reading on (critical in ≤ 31 s):\n",
          sustained->len);
  print_spread ("  first critical reading → notification", sustained);
  printf ("   (an alarm is critical once its sensor was 30 s in the critical zone, the rules'"
          " pending period; the monitor lists the alarms every %u s)\n", interval);
  g_hash_table_unref (critical_at);

  g_clear_object (&notifier);
  g_clear_object (&monitor);
  for (guint i = 0; i < 4; i++)
    {
      const char *t[] = { topic, alarms_topic, anomalies_topic, dlq_topic };

      im_test_kafka_delete_topic (backend->kafka_brokers, t[i]);
    }
  drop_database (client, name);
}

#else
static void
bench_alarm_latency (const ImTestBackend *backend)
{
  printf ("\n== 2c. Critical reading to desktop notification\n"
          "   skipped: built without the daemons (-Ddaemons=false)\n");
}
#endif

/* ---- 3. CSV export of 1 M rows ------------------------------------- */

/* A source that streams simulated readings for the export, nothing else. */
#define BENCH_TYPE_SOURCE (bench_source_get_type ())
G_DECLARE_FINAL_TYPE (BenchSource, bench_source, BENCH, SOURCE, GObject)

struct _BenchSource
{
  GObject parent_instance;
  guint64 n_rows;
};

static void bench_source_iface_init (ImDataSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchSource, bench_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (IM_TYPE_DATA_SOURCE, bench_source_iface_init))

static void
bench_export_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  BenchSource *self = source_object;
  const ImDataSourceRequest *export = task_data;
  g_autoptr(ImSimFleet) fleet = NULL;
  ImReading chunk[4096];
  ImSimConfig config;
  guint64 done = 0;

  im_sim_config_init (&config);
  config.n_machines = 1;
  config.mean_time_to_failure_ns = G_MAXINT64 / 4;
  config.start_time_ns = im_now_ns () - (gint64) self->n_rows * IM_NSEC_PER_SEC;
  fleet = im_sim_fleet_new (&config);

  while (done < self->n_rows)
    {
      gsize n = MIN (G_N_ELEMENTS (chunk), self->n_rows - done);
      GError *error = NULL;

      for (gsize i = 0; i < n; i++)
        im_sim_fleet_next (fleet, &chunk[i]);
      if (!export->chunk_func (chunk, n, export->chunk_data, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      done += n;
    }

  g_task_return_pointer (task, g_memdup2 (&done, sizeof done), g_free);
}

/* Only exports: the benchmark asks for nothing else. */
static void
bench_source_run (ImDataSource *source,
                  GTask        *task)
{
  g_assert_cmpint (im_data_source_task_get_request (task)->kind, ==, IM_DATA_SOURCE_EXPORT_RAW);
  g_task_run_in_thread (task, bench_export_thread);
  g_object_unref (task);
}

static void
bench_source_iface_init (ImDataSourceInterface *iface)
{
  iface->run = bench_source_run;
}

static void
bench_source_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  g_value_set_string (value, prop_id == 1 ? "bench" : NULL);
}

static void
bench_source_class_init (BenchSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->get_property = bench_source_get_property;
  g_object_class_override_property (G_OBJECT_CLASS (klass), 1, "title");
  g_object_class_override_property (G_OBJECT_CLASS (klass), 2, "error-message");
}

static void
bench_source_init (BenchSource *self)
{
}

static void
bench_export (void)
{
  g_autoptr(BenchSource) source = g_object_new (BENCH_TYPE_SOURCE, NULL);
  g_autofree char *dir = g_dir_make_tmp ("im-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "export.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ImCsvExport) export = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint64 rss_before, peak, size;
  double t, export_s, gen_s, write_s;
  gint64 now = im_now_ns ();
  GStatBuf st;

  source->n_rows = export_rows;
  export = im_csv_export_new_raw (IM_DATA_SOURCE (source), "MACHINE_001",
                                  now - (gint64) export_rows * IM_NSEC_PER_SEC, now);

  reset_peak_rss ();
  rss_before = proc_status_kb ("VmRSS:");
  t = now_ms ();
  im_csv_export_run_async (export, file, NULL, store_result, &result);
  while (result == NULL)
    iterate ();
  if (!im_csv_export_run_finish (export, result, &error))
    g_error ("export: %s", error->message);
  export_s = (now_ms () - t) / 1000;
  peak = proc_status_kb ("VmHWM:");
  g_stat (path, &st);
  size = st.st_size;

  /* References: generating the readings alone, and writing the same
   * bytes to the same disk without formatting. */
  {
    g_autoptr(ImSimFleet) fleet = NULL;
    ImSimConfig config;
    ImReading r;

    im_sim_config_init (&config);
    config.n_machines = 1;
    fleet = im_sim_fleet_new (&config);
    t = now_ms ();
    for (int i = 0; i < export_rows; i++)
      im_sim_fleet_next (fleet, &r);
    gen_s = (now_ms () - t) / 1000;
  }
  {
    g_autofree char *copy = g_build_filename (dir, "copy.bin", NULL);
    g_autofree char *block = g_malloc0 (256 * 1024);
    FILE *f = fopen (copy, "wb");

    t = now_ms ();
    for (guint64 written = 0; written < size; written += 256 * 1024)
      fwrite (block, 1, 256 * 1024, f);
    fclose (f);
    write_s = (now_ms () - t) / 1000;
    g_unlink (copy);
  }

  printf ("\n== 3. CSV export of %d rows (target >= 200 000 rows/s, constant memory)\n",
          export_rows);
  printf ("   export: %.2f s, %.0f rows/s, %.1f MB written\n", export_s, export_rows / export_s,
          size / 1e6);
  printf ("   RSS before %" G_GUINT64_FORMAT " MB, peak during %" G_GUINT64_FORMAT
          " MB (+%" G_GUINT64_FORMAT " MB)\n", rss_before / 1024, peak / 1024,
          (peak - MIN (peak, rss_before)) / 1024);
  printf ("   reference: generating the readings alone %.2f s; writing %.1f MB unformatted "
          "%.2f s\n", gen_s, size / 1e6, write_s);

  g_unlink (path);
  g_rmdir (dir);
}

/* ---- 4. RSS live with 50 machines ---------------------------------- */

static gboolean
fleet_has_50 (gpointer data)
{
  g_autoptr(GPtrArray) cards = im_fleet_page_list_machines (data);

  return cards->len == 50;
}

static void
bench_live_rss (void)
{
  g_autoptr(ImDemoSource) demo = im_demo_source_new (50);
  ImWindow *window = im_window_new (NULL);
  ImLivePage *live = IM_LIVE_PAGE (im_window_get_page (window, "live"));
  ImFleetPage *fleet = IM_FLEET_PAGE (im_window_get_page (window, "fleet"));
  guint64 rss_start, rss_end, rss_max = 0, rss_empty;
  gint64 until;
  guint switches = 0;
  g_autoptr(GString) samples = g_string_new (NULL);

  rss_empty = proc_status_kb ("VmRSS:");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  im_window_set_source (window, IM_DATA_SOURCE (demo));
  gtk_window_present (GTK_WINDOW (window));
  if (!wait_until (live_has_data, live, 60))
    g_error ("no live data");
  im_window_show_page (window, "fleet");
  if (!wait_until (fleet_has_50, fleet, 60))
    g_error ("no fleet");
  rss_start = proc_status_kb ("VmRSS:");

  /* Live and Fleet in turn, each refreshing every 2 s, as a user would
   * leave the app running. */
  until = g_get_monotonic_time () + (gint64) live_seconds * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    {
      guint64 rss;

      spin_ms (10000);
      im_window_show_page (window, switches++ % 2 ? "fleet" : "live");
      rss = proc_status_kb ("VmRSS:");
      rss_max = MAX (rss_max, rss);
      if (switches % 6 == 0)
        g_string_append_printf (samples, " %" G_GUINT64_FORMAT, rss / 1024);
    }
  rss_end = proc_status_kb ("VmRSS:");

  printf ("\n== 4. RSS live with 50 machines, %d s (target < 150 MB)\n", live_seconds);
  printf ("   demo source: 50 machines at 1 s, %zu readings kept each (%.1f h), refresh every "
          "2 s, page switched every 10 s\n", im_demo_source_get_capacity (demo),
          im_demo_source_get_capacity (demo) / 3600.0);
  printf ("   RSS: %" G_GUINT64_FORMAT " MB after first data, %" G_GUINT64_FORMAT " MB at the end, "
          "max %" G_GUINT64_FORMAT " MB\n", rss_start / 1024, rss_end / 1024, rss_max / 1024);
  printf ("   RSS each minute (MB):%s\n", samples->str);
  printf ("   reference: RSS before the window, after gtk/adw init: %" G_GUINT64_FORMAT " MB\n",
          rss_empty / 1024);

  gtk_window_destroy (GTK_WINDOW (window));
  spin_ms (100);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- desktop app figures");
  g_autoptr(GError) error = NULL;
  const ImTestBackend *backend = NULL;
  g_autofree char *cpu = NULL;

  process_start_us = g_get_monotonic_time ();
  setvbuf (stdout, NULL, _IOLBF, 0);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  for (guint i = 0; only != NULL && only[i] != NULL; i++)
    {
      static const char * const parts[] = { "launch", "export", "history", "fleet", "alarms", "live",
                                            NULL };

      if (!g_strv_contains (parts, only[i]))
        {
          g_printerr ("--only: no part “%s”; the parts are launch, export, history, fleet, alarms and live\n",
                      only[i]);
          return 2;
        }
    }

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_printerr ("GSETTINGS_SCHEMA_DIR is not set: use `meson devenv` or point it at BUILD/data\n");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  gtk_init ();
  adw_init ();

  /* The backend helpers find compose/backend through these. */
  g_setenv ("IM_SOURCE_ROOT", IM_BENCH_SOURCE_ROOT, FALSE);
  g_setenv ("IM_BUILD_ROOT", IM_BENCH_BUILD_ROOT, FALSE);

  if (!skip_influx)
    {
      /* im_test_backend_get() is for tests; outside one it only reads the
       * environment or runs compose/backend. */
      g_test_init (&argc, &argv, NULL);
      backend = im_test_backend_get ();
    }

  printf ("bench-app: %u cores, GSK_RENDERER=%s, display %s\n", g_get_num_processors (),
          g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "(default)",
          g_getenv ("DISPLAY") ? g_getenv ("DISPLAY") : "(none)");
  printf ("InfluxDB: %s\n", backend ? backend->influxdb_url : "not used");

  if (wanted ("launch"))
    bench_launch (backend);
  if (wanted ("export"))
    bench_export ();
  if (wanted ("history"))
    bench_history (backend);
  if (wanted ("fleet"))
    bench_fleet (backend);
  if (wanted ("alarms"))
    bench_alarm_latency (backend);
  if (wanted ("live"))
    bench_live_rss ();

  return 0;
}
