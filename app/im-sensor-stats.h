/* im-sensor-stats.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-data-source.h"
#include "im-health.h"

G_BEGIN_DECLS

/*
 * ImSensorStats:
 * @n_windows: aggregation windows with a value of the sensor in the range
 * @min: the lowest reading (the windows' minimums)
 * @max: the highest reading
 * @mean: the mean of the readings (the windows' means weighted by count)
 * @last: the mean of the newest window
 * @zone_share: per zone, the share (0..1) of those windows whose mean is
 *   in it; the windows are equally long, so this is the share of time
 *
 * A chart legend's figures for one sensor over a range, in the stored
 * unit; all NAN (shares 0) with no window.
 */
typedef struct
{
  guint  n_windows;
  double min;
  double max;
  double mean;
  double last;
  double zone_share[3];
} ImSensorStats;

/* Over the windows starting in [@from_ns, @to_ns). */
void   im_sensor_stats_compute (const ImAggregate *aggregates,
                                gsize              n_aggregates,
                                ImSensor           sensor,
                                gint64             from_ns,
                                gint64             to_ns,
                                ImSensorStats     *stats);
/* "Min 50.1 · Max 105.2 · Mean 70.3 · Last 68.0 °C · Normal 82 % ·
 * Warning 15 % · Critical 3 %" in the display units; "" with no window. */
char  *im_sensor_stats_format  (const ImSensorStats *stats,
                                ImSensor             sensor);

G_END_DECLS
