/* im-chart-private.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "im-axis.h"
#include "im-chart.h"
#include "im-decimate.h"
#include "im-health.h"
#include "im-time-series.h"
#include "im-util.h"
#include "im-widgets-private.h"

G_BEGIN_DECLS

/*
 * What the chart's layers draw, computed by ImChart outside the draw call
 * whenever data, range, size or style change: every value is already in
 * widget pixels, every label already laid out. Layers only paint it.
 */

/* One vertex of a series line; @move starts a new piece (after a gap). */
typedef ImPathPoint ImChartPathPoint;

/* One vertex of a min/max band; @start begins a new piece. */
typedef struct
{
  float    x;
  float    y_low;
  float    y_high;
  gboolean start;
} ImChartBandPoint;

/* A series is drawn either as a stroked @path (at most four vertices per
 * column: the line through the points) or, when there are several times
 * more points than columns, as its @envelope: per column the span from the lowest to
 * the highest value, filled as one polygon a line width thick, which is
 * what the stroked line would cover and much cheaper to rasterise. */
typedef struct
{
  GdkRGBA color;
  GArray *path;      /* ImChartPathPoint */
  GArray *envelope;  /* ImChartBandPoint */
  GArray *band;      /* ImChartBandPoint, empty without a band */
} ImChartSeriesView;

typedef struct
{
  PangoLayout *layout;
  float        x;       /* top left of the text */
  float        y;
} ImChartLabel;

typedef struct
{
  graphene_rect_t rect;
  ImZone          zone;
} ImChartZoneRect;

typedef struct
{
  int              width;
  int              height;
  graphene_rect_t  plot;
  gint64           start_ns;
  gint64           end_ns;
  ImAxisScale      y_scale;

  GArray          *x_grid;      /* float: x of each time tick */
  GArray          *y_grid;      /* float: y of each value tick */
  GArray          *labels;      /* ImChartLabel */
  GArray          *zones;       /* ImChartZoneRect */
  GPtrArray       *series;      /* ImChartSeriesView */
  GArray          *annotations; /* ImChartAnnotation, kept by reset (im-chart-annotations.c) */

  GdkRGBA          fg_color;
  GdkRGBA          grid_color;
  GdkRGBA          axis_color;
  GdkRGBA          label_color;
  GdkRGBA          zone_colors[3];
  float            line_width;
} ImChartView;

/* What the series views are computed from, once the margins are known:
 * a plain copy, so that a worker thread can use it. */
typedef struct
{
  graphene_rect_t plot;
  gint64          start_ns;
  gint64          end_ns;
  ImAxisScale     y_scale;
  float           line_width;
  gint64          max_gap_ns;
  guint           n_columns;   /* one per device pixel of the plot */
} ImChartGeometry;

/* The arrays of one series (see ImTimeSeries); @mins and @maxs are NULL
 * without a band. */
typedef struct
{
  const gint64 *times;
  const double *values;
  const double *mins;
  const double *maxs;
  gsize         n_points;
} ImChartSeriesData;

void               im_chart_view_init        (ImChartView *view);
void               im_chart_view_copy_style  (ImChartView       *view,
                                              const ImChartView *from);
void               im_chart_view_swap        (ImChartView *a,
                                              ImChartView *b);
void               im_chart_view_reset       (ImChartView *view);
void               im_chart_view_clear       (ImChartView *view);
ImChartSeriesView *im_chart_series_view_new  (void);
void               im_chart_series_view_free (ImChartSeriesView *series_view);

/* im-chart-annotations.c: the annotations layer and their array. */
GArray            *im_chart_annotations_new            (void);
void               im_chart_annotations_layer_snapshot (const ImChartView *view,
                                                        GtkSnapshot       *snapshot);
void               im_chart_annotations_layer_draw     (const ImChartView *view,
                                                        cairo_t           *cr);

/* Bottom to top: zones, annotations, grid, bands, lines, axes and
 * labels; as nodes for the screen or into @cr, in the chart's pixels. */
void im_chart_layers_snapshot (const ImChartView *view,
                               GtkSnapshot       *snapshot);
void im_chart_layers_draw     (const ImChartView *view,
                               cairo_t           *cr);

#define DEFAULT_WINDOW_NS (G_GINT64_CONSTANT (300) * IM_NSEC_PER_SEC)

typedef struct
{
  ImTimeSeries *series;
  GdkRGBA       color;
  gboolean      has_color;
} ChartSeries;

struct _ImChart
{
  ImDrawing         parent_instance;

  GPtrArray        *series;          /* ChartSeries */
  gint64            start_ns;
  gint64            end_ns;
  gint64            window_ns;
  gint64            max_gap_ns;
  double            value_min;
  double            value_max;
  ImZoneBand       *zones;
  guint             n_zones;
  ImSensor          sensor;
  char             *unit;
  char             *title;

  /* Computed in rebuild() when data, range, size or style change. */
  ImChartView       view;
  ImDecimateColumn *columns;
  guint             n_columns;
  guint             render_count;
  gint64            rebuild_usec;
  gint64            paint_usec;

  /* Hover marker, painted over the cached layers. */
  double            hover_x;
  gint64            hover_time;
  double            hover_value;
  graphene_point_t  hover_point;
  PangoLayout      *hover_layout;

  /* A time range being selected (zoom), painted over them too; 0 and 0
   * for none. */
  gint64            selection_start_ns;
  gint64            selection_end_ns;

  /* Series of more points than this are built in a worker thread
   * (im-chart-worker.c); the build in flight, if any (a newer build or
   * dispose cancels it, and its result is dropped). */
  gsize             threaded_min_points;
  GCancellable     *build_cancellable;
  guint             n_views;

  guint             follow : 1;
  guint             hover_valid : 1;
};

/* Points (all series together) from which the series views are built in
 * a worker thread. */
#define IM_CHART_THREADED_MIN_POINTS 100000

/* im-chart-view.c: computes self->view for a widget of that size; FALSE
 * when its series are being built in a thread, which puts the view in
 * place later (until then self->view is the previous one). */
gboolean            im_chart_build_view       (ImChart  *self,
                                               int       width,
                                               int       height);
/* Lays out axes, labels and zones into @view (main thread: Pango) and
 * fills @geometry; FALSE when there is nothing to plot. */
gboolean            im_chart_layout_view      (ImChart         *self,
                                               ImChartView     *view,
                                               int              width,
                                               int              height,
                                               ImChartGeometry *geometry);
/* Decimates @data and normalises it into pixels: no widget, no Pango, so
 * any thread. @columns holds geometry->n_columns (at least one). */
void                im_chart_series_view_build (ImChartSeriesView       *series_view,
                                                const ImChartGeometry   *geometry,
                                                const ImChartSeriesData *data,
                                                ImDecimateColumn        *columns);

/* im-chart-worker.c: builds the series of @view (laid out for @geometry,
 * taken) in a thread from a copy of the series, and puts the view in
 * place when done unless a newer build or dispose cancelled it. */
void                im_chart_build_series_async (ImChart               *self,
                                                 ImChartView           *view,
                                                 const ImChartGeometry *geometry);
/* Drops the build in flight, if any: its result will not be used. */
void                im_chart_cancel_build     (ImChart  *self);

/* im-chart.c */
void                im_chart_resolve_series_color (ImChart *self,
                                                   guint    index,
                                                   GdkRGBA *color);
/* self->view holds a new view: what depends on it follows. */
void                im_chart_view_changed     (ImChart  *self);

/* For tests: how often the layers were painted (the cache rebuilt), and
 * the vertices of a series' line in the current view. */
guint               im_chart_get_render_count (ImChart *self);
/* Microseconds the last view computation (decimation and normalisation;
 * for a chart built in a thread, the thread's part) and the last painting
 * of the layers (recording, not rasterising) took. */
void                im_chart_get_timings      (ImChart *self,
                                               gint64  *rebuild_usec,
                                               gint64  *paint_usec);
const ImChartView  *im_chart_get_view         (ImChart *self);
/* For tests: the point count from which the view is built in a thread;
 * whether a build is in flight; whether any chart's build has still to
 * call back; how many views were put in place. */
void                im_chart_set_threaded_min_points (ImChart *self,
                                                      gsize    n_points);
gboolean            im_chart_get_building     (ImChart *self);
gboolean            im_chart_get_builds_pending (void);
guint               im_chart_get_n_views      (ImChart *self);

G_END_DECLS
