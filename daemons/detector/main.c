/* main.c — industrialmind-detector
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "im-detect-offline.h"
#include "im-detect-options.h"
#include "im-detect-service.h"
#include "im-i18n.h"
#include "im-log.h"
#include "im-metrics.h"

typedef struct
{
  GMainLoop       *loop;
  ImDetectService *service;
} Daemon;

static GInputStream *
open_input (const char  *path,
            GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (g_strcmp0 (path, "-") == 0)
    return g_unix_input_stream_new (0, FALSE);

  file = g_file_new_for_commandline_arg (path);

  return G_INPUT_STREAM (g_file_read (file, NULL, error));
}

static GOutputStream *
open_output (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL || g_strcmp0 (path, "-") == 0)
    return g_unix_output_stream_new (1, FALSE);

  file = g_file_new_for_commandline_arg (path);

  return G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error));
}

static int
run_offline (const ImDetectOptions *options)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  ImDetectOfflineStats stats;
  ImDetectorParams params;

  im_detector_params_init (&params);
  if (!(input = open_input (options->input_path, &error)) ||
      !(output = open_output (options->output_path, &error)) ||
      !im_detect_offline_run (input, output, &params, options->keep_open, &stats, NULL, &error))
    {
      g_critical ("%s", error->message);
      return 1;
    }

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", "done",
                    "MESSAGE", "%" G_GUINT64_FORMAT " readings of %u machines, %"
                    G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT " invalid lines, %"
                    G_GUINT64_FORMAT " out of order",
                    stats.n_readings, stats.n_machines, stats.n_events, stats.n_invalid,
                    stats.n_out_of_order);

  /* Skipped lines are reported one by one, and in the status. */
  return stats.n_invalid + stats.n_out_of_order > 0 ? 1 : 0;
}

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Daemon *daemon = user_data;
  g_autoptr(GError) error = NULL;

  /* A second signal during the shutdown: the first one's callback quits. */
  if (!im_detect_service_shutdown_finish (IM_DETECT_SERVICE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
        g_warning ("Shutdown: %s", error->message);
      return;
    }

  g_main_loop_quit (daemon->loop);
}

static gboolean
signal_cb (gpointer user_data)
{
  Daemon *daemon = user_data;

  g_message ("Signal received: shutting down");
  im_detect_service_shutdown_async (daemon->service, NULL, closed_cb, daemon);

  return G_SOURCE_CONTINUE;
}

static int
run_daemon (const ImDetectOptions *options)
{
  g_autoptr(ImMetrics) metrics = im_metrics_new ();
  g_autoptr(ImMetricsServer) server = NULL;
  g_autoptr(ImDetectService) service = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  Daemon daemon = { 0 };
  guint sigterm;
  guint sigint;

  if (!(service = im_detect_service_new (options, metrics, &error)))
    {
      g_critical ("%s", error->message);
      return 1;
    }

  if (options->metrics_addr != NULL)
    {
      server = im_metrics_server_new (metrics, options->metrics_addr,
                                      im_detect_service_check_health, service, &error);
      if (server == NULL)
        {
          g_critical ("Metrics on %s: %s", options->metrics_addr, error->message);
          return 1;
        }
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                        "EVENT", "metrics",
                        "MESSAGE", "Metrics and /healthz on port %u",
                        im_metrics_server_get_port (server));
    }

  if (!im_detect_service_start (service, &error))
    {
      g_critical ("%s", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  daemon.loop = loop;
  daemon.service = service;
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &daemon);
  sigint = g_unix_signal_add (SIGINT, signal_cb, &daemon);

  g_main_loop_run (loop);

  g_source_remove (sigterm);
  g_source_remove (sigint);
  /* The metrics server refers to the service: it goes first. */
  g_clear_pointer (&server, im_metrics_server_free);
  g_clear_object (&service);

  g_message ("Stopped");

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ImDetectOptions) options = im_detect_options_new ();
  g_autoptr(GError) error = NULL;

  /* Uninstalled, --help reads the catalogues the build compiled. */
  im_i18n_init (im_running_from_build_tree (IM_BUILD_EXE_DIR) ? IM_BUILD_LOCALE_DIR
                                                              : LOCALEDIR);
  g_set_prgname ("industrialmind-detector");

  if (!im_detect_options_parse (options, &argc, &argv, &error))
    {
      fprintf (stderr, "%s: %s\n", g_get_prgname (), error->message);
      fprintf (stderr, _("Run “%s --help” to see the options.\n"), g_get_prgname ());
      return 2;
    }

  im_log_init ();

  if (options->input_path != NULL)
    return run_offline (options);

  return run_daemon (options);
}
