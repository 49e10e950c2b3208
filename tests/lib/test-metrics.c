/* test-metrics.c — Prometheus exposition and the HTTP endpoints
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "im-metrics.h"
#include "im-metrics-scrape.h"

static void
test_render (void)
{
  g_autoptr(ImMetrics) metrics = im_metrics_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  static const double bounds[] = { 0.01, 0.1, 1 };
  ImMetric *consumed = im_metrics_add_counter (metrics, "im_consumed_total", "Messages consumed.");
  ImMetric *invalid = im_metrics_add_counter (metrics, "im_invalid_total", "Invalid messages by reason.");
  ImMetric *paused = im_metrics_add_gauge (metrics, "im_paused", "1 while paused.");
  ImMetric *latency = im_metrics_add_histogram (metrics, "im_write_seconds", "Write latency.",
                                                bounds, G_N_ELEMENTS (bounds));

  im_metric_add (consumed, 3);
  im_metric_add (consumed, 2);
  im_metric_add (im_metric_with_label (invalid, "reason", "missing_field"), 1);
  im_metric_add (im_metric_with_label (invalid, "reason", "bad \"quote\"\\"), 2);
  im_metric_add (im_metric_with_label (invalid, "reason", "missing_field"), 1);
  im_metric_set (paused, 1);
  im_metric_observe (latency, 0.005);
  im_metric_observe (latency, 0.05);
  im_metric_observe (latency, 0.05);
  im_metric_observe (latency, 5);

  g_assert_cmpfloat (im_metric_get (consumed), ==, 5);
  g_assert_cmpfloat (im_metric_get (latency), ==, 4);

  im_metrics_render (metrics, out);
  g_assert_cmpstr (out->str, ==,
                   "# HELP im_consumed_total Messages consumed.\n"
                   "# TYPE im_consumed_total counter\n"
                   "im_consumed_total 5\n"
                   "# HELP im_invalid_total Invalid messages by reason.\n"
                   "# TYPE im_invalid_total counter\n"
                   "im_invalid_total{reason=\"missing_field\"} 2\n"
                   "im_invalid_total{reason=\"bad \\\"quote\\\"\\\\\"} 2\n"
                   "# HELP im_paused 1 while paused.\n"
                   "# TYPE im_paused gauge\n"
                   "im_paused 1\n"
                   "# HELP im_write_seconds Write latency.\n"
                   "# TYPE im_write_seconds histogram\n"
                   "im_write_seconds_bucket{le=\"0.01\"} 1\n"
                   "im_write_seconds_bucket{le=\"0.1\"} 3\n"
                   "im_write_seconds_bucket{le=\"1\"} 3\n"
                   "im_write_seconds_bucket{le=\"+Inf\"} 4\n"
                   "im_write_seconds_sum 5.105\n"
                   "im_write_seconds_count 4\n");
}

typedef struct
{
  GMainLoop *loop;
  guint      status;
  GBytes    *body;
} Fetch;

static void
fetch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GError) error = NULL;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  fetch->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source),
                                                                                    result));
  g_main_loop_quit (fetch->loop);
}

static char *
fetch (guint       port,
       const char *path,
       guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  Fetch f = { g_main_loop_new (NULL, FALSE), 0, NULL };
  char *text;

  /* No keep-alive: each connection is closed and freed before the test
   * ends, so valgrind sees no connection still in flight. */
  soup_message_headers_append (soup_message_get_request_headers (msg), "Connection", "close");

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetch_done, &f);
  g_main_loop_run (f.loop);
  g_main_loop_unref (f.loop);

  while (g_main_context_iteration (NULL, FALSE))
    ;

  *status = f.status;
  text = g_strndup (g_bytes_get_data (f.body, NULL), g_bytes_get_size (f.body));
  g_bytes_unref (f.body);

  return text;
}

static gboolean
health_check (gpointer   user_data,
              char     **reason)
{
  gboolean *healthy = user_data;

  if (!*healthy)
    *reason = g_strdup ("InfluxDB unreachable");

  return *healthy;
}

static void
test_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImMetrics) metrics = im_metrics_new ();
  g_autoptr(ImMetricsServer) server = NULL;
  g_autofree char *body = NULL;
  g_autofree char *health = NULL;
  g_autofree char *unhealthy = NULL;
  gboolean healthy = TRUE;
  guint status = 0;

  im_metric_add (im_metrics_add_counter (metrics, "im_test_total", "A test."), 7);

  server = im_metrics_server_new (metrics, "127.0.0.1:0", health_check, &healthy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (im_metrics_server_get_port (server), >, 0);

  body = fetch (im_metrics_server_get_port (server), "/metrics", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "\nim_test_total 7\n"));

  health = fetch (im_metrics_server_get_port (server), "/healthz", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (health, ==, "ok\n");

  healthy = FALSE;
  unhealthy = fetch (im_metrics_server_get_port (server), "/healthz", &status);
  g_assert_cmpuint (status, ==, 503);
  g_assert_cmpstr (unhealthy, ==, "unhealthy: InfluxDB unreachable\n");
}

static void
test_bad_address (void)
{
  g_autoptr(ImMetrics) metrics = im_metrics_new ();
  const char *bad[] = { "", "9100", "nohost:9100", "127.0.0.1:99999", "127.0.0.1:x", NULL };

  for (guint i = 0; bad[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      ImMetricsServer *server = im_metrics_server_new (metrics, bad[i], NULL, NULL, &error);

      g_assert_null (server);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

/* Summing a family of a scraped /metrics: every labelled sample, not
 * the comments, not a longer name, labels holding '}' or spaces. */
static void
test_text_sum (void)
{
  const char *text =
    "# HELP industrialmind_ingestion_consumer_lag Messages behind\n"
    "# TYPE industrialmind_ingestion_consumer_lag gauge\n"
    "industrialmind_ingestion_consumer_lag{partition=\"0\"} 12\n"
    "industrialmind_ingestion_consumer_lag{partition=\"1\",note=\"a} b\"} 30.5\n"
    "industrialmind_ingestion_consumer_lag_max 1000\n"
    "industrialmind_ingestion_dead_lettered_total 7\n"
    "industrialmind_ingestion_consumer_lag{partition=\"2\"} 0.5";
  double sum = -1;

  g_assert_true (im_metrics_text_sum (text, "industrialmind_ingestion_consumer_lag", &sum));
  g_assert_cmpfloat (sum, ==, 43.0);
  g_assert_true (im_metrics_text_sum (text, "industrialmind_ingestion_dead_lettered_total", &sum));
  g_assert_cmpfloat (sum, ==, 7.0);
  g_assert_false (im_metrics_text_sum (text, "industrialmind_ingestion_consumer", &sum));
  g_assert_false (im_metrics_text_sum ("", "x", &sum));
  g_assert_cmpfloat (sum, ==, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/metrics/render", test_render);
  g_test_add_func ("/metrics/server", test_server);
  g_test_add_func ("/metrics/bad-address", test_bad_address);
  g_test_add_func ("/metrics/text-sum", test_text_sum);

  return g_test_run ();
}
