/* im-detect-offline.h — the detector over JSON lines, for analysis
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "im-detector.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 n_lines;
  guint64 n_readings;       /* valid readings scored */
  guint64 n_invalid;        /* lines that are not valid readings */
  guint64 n_out_of_order;   /* readings older than their machine's last */
  guint64 n_events;
  guint   n_machines;
} ImDetectOfflineStats;

/* Reads the simulator's JSON lines from @input, one reading per line, and
 * writes the anomaly events as JSON lines to @output. Lines that are not
 * valid readings, and readings older than the last of their machine, are
 * reported on the log with their line number and reason, counted in
 * @stats, and skipped. At the end of the input, what is still open is
 * ended and written unless @keep_open (as the daemon, which sees no end).
 * Returns FALSE only when reading or writing the streams fails. */
gboolean im_detect_offline_run (GInputStream           *input,
                                GOutputStream          *output,
                                const ImDetectorParams *params,
                                gboolean                keep_open,
                                ImDetectOfflineStats   *stats,
                                GCancellable           *cancellable,
                                GError                **error);

G_END_DECLS
