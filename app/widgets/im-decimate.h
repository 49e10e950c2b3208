/* im-decimate.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Reduces a sorted series to one entry per pixel column, so a chart never
 * draws more than about two points per column whatever the data holds.
 *
 * Column i of n covers the times
 *   [start + (end - start) * i / n, start + (end - start) * (i + 1) / n)
 * and the last column also holds @end_ns itself. Points outside
 * [@start_ns, @end_ns] go into no column. A NAN value is a gap: it is
 * never counted, and the next finite point starts a new line.
 */
typedef struct
{
  double   min;        /* lowest finite value in the column */
  double   max;        /* highest finite value in the column */
  double   first;      /* value of the column's first finite point */
  double   last;       /* value of the column's last finite point */
  gint64   first_time; /* time of the first finite point */
  gint64   last_time;  /* time of the last finite point */
  guint    n;          /* finite points in the column; 0 = empty */
  gboolean gap_before; /* the column's first point is not joined to the
                        previous finite point (a NAN or a jump over
                        max_gap lies between), or there is none */
} ImDecimateColumn;

/* The point just outside the range on one side, so a line can run to the
 * edge of the plot. "before" is valid when the point just before @start_ns
 * is finite; "after" when the point just after @end_ns is finite and
 * joined to the finite point before it. */
typedef struct
{
  gboolean valid;
  gint64   time;
  double   value;
} ImDecimateEdge;

/*
 * im_decimate:
 * @times: (array length=n_points): sorted ascending
 * @values: (array length=n_points): NAN = gap
 * @max_gap_ns: two consecutive finite points further apart than this are
 *   not joined (gap_before is set); 0 joins them whatever the distance
 * @columns: (out caller-allocates) (array length=n_columns)
 * @before: (out) (optional): the last point before @start_ns
 * @after: (out) (optional): the first point after @end_ns
 *
 * Returns: the number of non-empty columns.
 */
guint im_decimate      (const gint64     *times,
                        const double     *values,
                        gsize             n_points,
                        gint64            start_ns,
                        gint64            end_ns,
                        gint64            max_gap_ns,
                        ImDecimateColumn *columns,
                        guint             n_columns,
                        ImDecimateEdge   *before,
                        ImDecimateEdge   *after);

/*
 * im_decimate_band:
 *
 * The same for a min/max band: a column's min is the lowest of @lows,
 * its max the highest of @highs, first/last are the lows of its first
 * and last point (a point counts when both its low and high are finite).
 */
guint im_decimate_band (const gint64     *times,
                        const double     *lows,
                        const double     *highs,
                        gsize             n_points,
                        gint64            start_ns,
                        gint64            end_ns,
                        gint64            max_gap_ns,
                        ImDecimateColumn *columns,
                        guint             n_columns);

/* Column of @time_ns, or -1 when outside [@start_ns, @end_ns]. */
int   im_decimate_column_of (gint64 time_ns,
                             gint64 start_ns,
                             gint64 end_ns,
                             guint  n_columns);

/* Index of the first element of @times that is >= @time_ns (n when none). */
gsize im_decimate_lower_bound (const gint64 *times,
                               gsize         n_points,
                               gint64        time_ns);

G_END_DECLS
