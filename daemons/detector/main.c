/* main.c — industrialmind-detector
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "im-detect-offline.h"
#include "im-log.h"

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

int
main (int   argc,
      char *argv[])
{
  g_autofree char *input_path = NULL;
  g_autofree char *output_path = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  ImDetectOfflineStats stats;
  ImDetectorParams params;
  const GOptionEntry entries[] = {
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &input_path,
      N_("Offline mode: read the simulator's JSON lines from FILE (- for stdin)"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Offline mode: write the events as JSON lines to FILE (default: stdout)"), N_("FILE") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("industrialmind-detector");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Finds anomalies in sensor readings: spikes, drifts, cyclic "
                                  "patterns, multi-sensor excursions and wear."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s: %s\n", g_get_prgname (), error->message);
      fprintf (stderr, _("Run “%s --help” to see the options.\n"), g_get_prgname ());
      return 2;
    }
  if (argc > 1)
    {
      fprintf (stderr, _("%s: unexpected argument “%s”\n"), g_get_prgname (), argv[1]);
      return 2;
    }
  if (input_path == NULL)
    {
      fprintf (stderr, _("%s: --input is required (this version has the offline mode only)\n"),
               g_get_prgname ());
      return 2;
    }

  im_log_init ();

  im_detector_params_init (&params);
  if (!(input = open_input (input_path, &error)) ||
      !(output = open_output (output_path, &error)) ||
      !im_detect_offline_run (input, output, &params, &stats, NULL, &error))
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
