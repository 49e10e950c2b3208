/* im-ui-util.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "im-data-source.h"
#include "im-time-series.h"
#include "im-util.h"

G_BEGIN_DECLS

/* A card titled with the sensor and its unit, holding a chart of
 * @series @chart_height pixels high at least; *@chart is the chart. */
GtkWidget  *im_chart_card_new            (ImSensor            sensor,
                                          ImTimeSeries       *series,
                                          int                 chart_height,
                                          GtkWidget         **chart);

/* Readings further apart than this are not joined: the charts and the
 * hover leave a gap between them, on every page. */
#define IM_READINGS_MAX_GAP_NS (15 * IM_NSEC_PER_SEC)

/* The same for the points of aggregated windows of @window_ns (empty
 * windows are left out): one or more missing windows are a gap. */
gint64      im_aggregates_max_gap        (gint64              window_ns);

/* True for the error a cancelled request ends with. */
gboolean    im_error_is_cancelled        (const GError       *error);

/* Fills one time series per sensor with the readings' values: @series
 * holds IM_N_SENSORS series. With @append, points are added (a point of
 * the same time replaces the old one); else the series are replaced. */
void        im_series_set_readings       (ImTimeSeries      **series,
                                          const ImReading    *readings,
                                          gsize               n_readings,
                                          gboolean            append);
/* Fills one series per sensor with the windows' mean and min/max band. */
void        im_series_set_aggregates     (ImTimeSeries      **series,
                                          const ImAggregate  *aggregates,
                                          gsize               n_aggregates);

G_END_DECLS
