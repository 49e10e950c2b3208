/* main.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "im-ingest-options.h"
#include "im-ingest-service.h"
#include "im-i18n.h"
#include "im-log.h"
#include "im-metrics.h"

typedef struct
{
  GMainLoop       *loop;
  ImIngestService *service;
} Daemon;

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Daemon *daemon = user_data;
  g_autoptr(GError) error = NULL;

  /* A second signal during the shutdown: the first one's callback quits. */
  if (!im_ingest_service_shutdown_finish (IM_INGEST_SERVICE (object), result, &error))
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
  im_ingest_service_shutdown_async (daemon->service, NULL, closed_cb, daemon);

  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ImIngestOptions) options = im_ingest_options_new ();
  g_autoptr(ImMetrics) metrics = NULL;
  g_autoptr(ImMetricsServer) server = NULL;
  g_autoptr(ImIngestService) service = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  Daemon daemon = { 0 };
  guint sigterm;
  guint sigint;

  /* Uninstalled, --help reads the catalogues the build compiled. */
  im_i18n_init (im_running_from_build_tree (IM_BUILD_EXE_DIR) ? IM_BUILD_LOCALE_DIR
                                                              : LOCALEDIR);
  g_set_prgname ("industrialmind-ingestion");

  if (!im_ingest_options_parse (options, &argc, &argv, &error))
    {
      fprintf (stderr, "%s: %s\n", g_get_prgname (), error->message);
      fprintf (stderr, _("Run “%s --help” to see the options.\n"), g_get_prgname ());
      return 2;
    }

  im_log_init ();

  metrics = im_metrics_new ();
  if (!(service = im_ingest_service_new (options, metrics, &error)))
    {
      g_critical ("%s", error->message);
      return 1;
    }

  if (options->metrics_addr != NULL)
    {
      server = im_metrics_server_new (metrics, options->metrics_addr,
                                      im_ingest_service_check_health, service, &error);
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

  if (!im_ingest_service_start (service, &error))
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
