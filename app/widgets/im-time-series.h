/* im-time-series.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define IM_TYPE_TIME_SERIES (im_time_series_get_type ())

G_DECLARE_FINAL_TYPE (ImTimeSeries, im_time_series, IM, TIME_SERIES, GObject)

/*
 * ImTimeSeries:
 *
 * The data model behind a chart: parallel plain arrays of times (ns since
 * the Unix epoch, sorted ascending, no duplicates), values (the mean of an
 * aggregation window, or the raw value) and, optionally, a min/max band.
 * A NAN value is a gap in the data. It knows nothing of pixels or of
 * InfluxDB.
 *
 * Every call that modifies the series emits #ImTimeSeries::changed once.
 * The array pointers stay valid until the next modification.
 *
 * With #ImTimeSeries:max-points set (live data), appending beyond the cap
 * drops the oldest points.
 */

ImTimeSeries *im_time_series_new            (void);

guint         im_time_series_get_n_points   (ImTimeSeries  *self);
const gint64 *im_time_series_get_times      (ImTimeSeries  *self);
const double *im_time_series_get_values     (ImTimeSeries  *self);
/* NULL unless the series has a band. */
const double *im_time_series_get_mins       (ImTimeSeries  *self);
const double *im_time_series_get_maxs       (ImTimeSeries  *self);
gboolean      im_time_series_has_band       (ImTimeSeries  *self);

guint         im_time_series_get_max_points (ImTimeSeries  *self);
void          im_time_series_set_max_points (ImTimeSeries  *self,
                                             guint          max_points);

/* Replaces the whole series. @times must be sorted ascending; @mins and
 * @maxs are both NULL (no band) or both given. Copies the arrays. */
void          im_time_series_set            (ImTimeSeries  *self,
                                             const gint64  *times,
                                             const double  *values,
                                             const double  *mins,
                                             const double  *maxs,
                                             guint          n_points);
/* Appends one point (no band). A time equal to an existing one replaces
 * that point; an older time is inserted in order. */
void          im_time_series_append         (ImTimeSeries  *self,
                                             gint64         time_ns,
                                             double         value);
void          im_time_series_append_band    (ImTimeSeries  *self,
                                             gint64         time_ns,
                                             double         value,
                                             double         min,
                                             double         max);
/* Appends many points at once (one ::changed); same rules as _set. */
void          im_time_series_append_many    (ImTimeSeries  *self,
                                             const gint64  *times,
                                             const double  *values,
                                             const double  *mins,
                                             const double  *maxs,
                                             guint          n_points);
/* Drops every point older than @time_ns. */
void          im_time_series_trim_before    (ImTimeSeries  *self,
                                             gint64         time_ns);
void          im_time_series_clear          (ImTimeSeries  *self);

/* FALSE when empty. */
gboolean      im_time_series_get_time_range (ImTimeSeries  *self,
                                             gint64        *first_ns,
                                             gint64        *last_ns);
/* Lowest and highest finite value (band included) of the points in
 * [@start_ns, @end_ns]; FALSE when there is none. */
gboolean      im_time_series_get_value_range (ImTimeSeries *self,
                                              gint64        start_ns,
                                              gint64        end_ns,
                                              double       *min,
                                              double       *max);
/* Index of the point nearest to @time_ns with a finite value, or -1. */
gssize        im_time_series_find_nearest   (ImTimeSeries  *self,
                                             gint64         time_ns);

G_END_DECLS
