/* im-time-window.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The aggregation window of the history: one mean with its minimum and
 * maximum per window, about one window per pixel column of a chart.
 * Windows are aligned to the Unix epoch, as InfluxDB aligns its
 * GROUP BY time() windows and the demo store aligns its own.
 */

/* The smallest of 1s, 2s, 5s, 10s, 15s, 30s, 1m, 2m, 5m, 10m, 15m, 30m,
 * 1h, 2h, 3h, 6h, 12h, 1d, 2d, 7d (then whole weeks) such that the
 * windows touching [@start_ns, @end_ns] number at most @max_points (the
 * chart's width in pixels). Returns 1 s for an empty range. */
gint64   im_time_window_choose (gint64 start_ns,
                                gint64 end_ns,
                                guint  max_points);
/* Number of epoch-aligned windows of @window_ns touching the range. */
guint64  im_time_window_count  (gint64 start_ns,
                                gint64 end_ns,
                                gint64 window_ns);

G_END_DECLS
