/* main.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "im-kafka.h"
#include "im-i18n.h"
#include "im-log.h"
#include "im-metrics.h"
#include "im-sim-options.h"
#include "im-sim-runner.h"
#include "im-util.h"

/* How long SIGTERM/SIGINT waits for what was produced to be delivered. */
#define SHUTDOWN_FLUSH_MS 10000

typedef struct
{
  GMainLoop   *loop;
  ImSimRunner *runner;
  gboolean     signalled;
} Daemon;

static void
done_cb (ImSimRunner *runner,
         gpointer     user_data)
{
  Daemon *daemon = user_data;

  g_main_loop_quit (daemon->loop);
}

static gboolean
signal_cb (gpointer user_data)
{
  Daemon *daemon = user_data;

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", "signal",
                    "MESSAGE", "Signal received: stopping, flushing for at most %d s",
                    SHUTDOWN_FLUSH_MS / 1000);
  daemon->signalled = TRUE;
  im_sim_runner_stop (daemon->runner, SHUTDOWN_FLUSH_MS);

  return G_SOURCE_CONTINUE;
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "%s: %s\n", g_get_prgname (), message);
  fprintf (stderr, _("Run “%s --help” to see the options.\n"), g_get_prgname ());
  return 2;
}

static void
log_start (const ImSimOptions *options)
{
  char start[IM_TIMESTAMP_BUF_SIZE];
  g_autofree char *machines = g_strdup_printf ("%u", options->sim.n_machines);
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, options->sim.seed);
  gboolean kafka = options->output == IM_SIM_OUTPUT_KAFKA;
  const GLogField fields[] = {
    { "MESSAGE", "Simulator started", -1 },
    { "PRIORITY", "5", -1 },
    { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
    { "EVENT", "start", -1 },
    { "MACHINES", machines, -1 },
    { "SEED", seed, -1 },
    { "START_TIME", start, -1 },
    { "OUTPUT", kafka ? "kafka" : "stdout", -1 },
    { "BROKERS", kafka ? options->brokers : "", -1 },
    { "TOPIC", kafka ? options->topic : "", -1 },
  };

  im_timestamp_format (start, options->sim.start_time_ns, 3);
  g_log_structured_array (G_LOG_LEVEL_MESSAGE, fields, G_N_ELEMENTS (fields));
}

/* The last line of the log: what happened to the readings. */
static void
log_stop (guint64 produced,
          guint64 delivered,
          guint64 failed,
          guint64 undelivered)
{
  g_autofree char *p = g_strdup_printf ("%" G_GUINT64_FORMAT, produced);
  g_autofree char *d = g_strdup_printf ("%" G_GUINT64_FORMAT, delivered);
  g_autofree char *f = g_strdup_printf ("%" G_GUINT64_FORMAT, failed);
  g_autofree char *u = g_strdup_printf ("%" G_GUINT64_FORMAT, undelivered);
  const GLogField fields[] = {
    { "MESSAGE", "Simulator stopped", -1 },
    { "PRIORITY", "5", -1 },
    { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
    { "EVENT", "stop", -1 },
    { "PRODUCED", p, -1 },
    { "DELIVERED", d, -1 },
    { "FAILED", f, -1 },
    { "UNDELIVERED", u, -1 },
  };

  g_log_structured_array (G_LOG_LEVEL_MESSAGE, fields, G_N_ELEMENTS (fields));
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) args = NULL;
  g_autoptr(ImMetrics) metrics = NULL;
  g_autoptr(ImMetricsServer) server = NULL;
  g_autoptr(ImSimRunner) runner = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  ImSimOptions options;
  Daemon daemon = { 0 };
  guint64 produced, delivered, failed, undelivered;
  gboolean runtime_error;
  guint sigterm, sigint;
  int status;

  /* Uninstalled, --help reads the catalogues the build compiled. */
  im_i18n_init (im_running_from_build_tree (IM_BUILD_EXE_DIR) ? IM_BUILD_LOCALE_DIR
                                                              : LOCALEDIR);
  g_set_prgname ("industrialmind-simulator");

  args = g_strdupv (argv);
  if (!im_sim_options_parse (&options, &args, im_now_ns (), &error))
    {
      im_sim_options_clear (&options);
      return usage_error (error->message);
    }

  im_log_init ();
  /* A reader that goes away is a write error, not a silent death. */
  signal (SIGPIPE, SIG_IGN);

  runner = im_sim_runner_new (&options, stdout, &error);
  if (runner == NULL)
    {
      im_sim_options_clear (&options);
      /* A -X the producer does not take is a bad command line. */
      if (g_error_matches (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CONFIG))
        return usage_error (error->message);
      g_critical ("%s", error->message);
      return 1;
    }

  if (options.metrics_addr != NULL)
    {
      metrics = im_metrics_new ();
      im_sim_runner_set_metrics (runner, metrics);
      server = im_metrics_server_new (metrics, options.metrics_addr,
                                      im_sim_runner_check_health, runner, &error);
      if (server == NULL)
        {
          im_sim_options_clear (&options);
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
            return usage_error (error->message);
          g_critical ("%s", error->message);
          return 1;
        }
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                        "EVENT", "metrics",
                        "MESSAGE", "Metrics and /healthz on port %u",
                        im_metrics_server_get_port (server));
    }

  log_start (&options);
  im_sim_options_clear (&options);

  loop = g_main_loop_new (NULL, FALSE);
  daemon.loop = loop;
  daemon.runner = runner;
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &daemon);
  sigint = g_unix_signal_add (SIGINT, signal_cb, &daemon);

  im_sim_runner_start (runner, done_cb, &daemon);
  g_main_loop_run (loop);

  g_source_remove (sigterm);
  g_source_remove (sigint);

  produced = im_sim_runner_get_produced (runner);
  delivered = im_sim_runner_get_delivered (runner);
  failed = im_sim_runner_get_failed (runner);
  undelivered = im_sim_runner_get_undelivered (runner);
  runtime_error = im_sim_runner_get_error (runner, &error);
  if (runtime_error)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL,
                      "EVENT", "failed",
                      "MESSAGE", "%s", error->message);

  /* The metrics server refers to the runner: it goes first. The runner
   * takes the producer (and librdkafka's last log lines) with it. */
  g_clear_pointer (&server, im_metrics_server_free);
  g_clear_pointer (&runner, im_sim_runner_free);

  log_stop (produced, delivered, failed, undelivered);

  if (runtime_error)
    status = 1;
  else if (daemon.signalled)
    status = 0;
  else
    status = failed > 0 || undelivered > 0 ? 1 : 0;

  return status;
}
