/* im-chart-layers.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-chart-layers"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-chart-private.h"

static void
clear_label (gpointer data)
{
  ImChartLabel *label = data;

  g_clear_object (&label->layout);
}

void
im_chart_view_init (ImChartView *view)
{
  memset (view, 0, sizeof *view);
  view->x_grid = g_array_new (FALSE, FALSE, sizeof (float));
  view->y_grid = g_array_new (FALSE, FALSE, sizeof (float));
  view->labels = g_array_new (FALSE, FALSE, sizeof (ImChartLabel));
  g_array_set_clear_func (view->labels, clear_label);
  view->zones = g_array_new (FALSE, FALSE, sizeof (ImChartZoneRect));
  view->series = g_ptr_array_new_with_free_func ((GDestroyNotify) im_chart_series_view_free);
  view->annotations = im_chart_annotations_new ();
  view->line_width = 2.0f;
}

/* The colours and line width of @from, for a view computed beside it. */
void
im_chart_view_copy_style (ImChartView       *view,
                          const ImChartView *from)
{
  view->fg_color = from->fg_color;
  view->grid_color = from->grid_color;
  view->axis_color = from->axis_color;
  view->label_color = from->label_color;
  memcpy (view->zone_colors, from->zone_colors, sizeof view->zone_colors);
  view->line_width = from->line_width;
}

/* Exchanges two views (their arrays, geometry and colours). The
 * annotations stay where they are: they are the chart's, set from
 * outside, not computed with the view. */
void
im_chart_view_swap (ImChartView *a,
                    ImChartView *b)
{
  ImChartView tmp = *a;
  GArray *a_annotations = a->annotations;
  GArray *b_annotations = b->annotations;

  *a = *b;
  *b = tmp;
  a->annotations = a_annotations;
  b->annotations = b_annotations;
}

/* Empties the arrays for the next computation, keeping their storage. */
void
im_chart_view_reset (ImChartView *view)
{
  g_array_set_size (view->x_grid, 0);
  g_array_set_size (view->y_grid, 0);
  g_array_set_size (view->labels, 0);
  g_array_set_size (view->zones, 0);
  g_ptr_array_set_size (view->series, 0);
}

void
im_chart_view_clear (ImChartView *view)
{
  g_clear_pointer (&view->x_grid, g_array_unref);
  g_clear_pointer (&view->y_grid, g_array_unref);
  g_clear_pointer (&view->labels, g_array_unref);
  g_clear_pointer (&view->zones, g_array_unref);
  g_clear_pointer (&view->series, g_ptr_array_unref);
  g_clear_pointer (&view->annotations, g_array_unref);
}

ImChartSeriesView *
im_chart_series_view_new (void)
{
  ImChartSeriesView *series_view = g_new0 (ImChartSeriesView, 1);

  series_view->path = g_array_new (FALSE, FALSE, sizeof (ImChartPathPoint));
  series_view->envelope = g_array_new (FALSE, FALSE, sizeof (ImChartBandPoint));
  series_view->band = g_array_new (FALSE, FALSE, sizeof (ImChartBandPoint));

  return series_view;
}

void
im_chart_series_view_free (ImChartSeriesView *series_view)
{
  if (series_view == NULL)
    return;

  g_clear_pointer (&series_view->path, g_array_unref);
  g_clear_pointer (&series_view->envelope, g_array_unref);
  g_clear_pointer (&series_view->band, g_array_unref);
  g_free (series_view);
}

static void
graphene_rectangle (cairo_t               *cr,
                    const graphene_rect_t *rect)
{
  cairo_rectangle (cr, rect->origin.x, rect->origin.y, rect->size.width, rect->size.height);
}

/* ---- zones: coloured bands behind the data ------------------------- */

static void
zones_layer_snapshot (const ImChartView *view,
                      GtkSnapshot       *snapshot)
{
  for (guint i = 0; i < view->zones->len; i++)
    {
      const ImChartZoneRect *zone = &g_array_index (view->zones, ImChartZoneRect, i);

      gtk_snapshot_append_color (snapshot, &view->zone_colors[zone->zone], &zone->rect);
    }
}

static void
zones_layer_draw (const ImChartView *view,
                  cairo_t           *cr)
{
  for (guint i = 0; i < view->zones->len; i++)
    {
      const ImChartZoneRect *zone = &g_array_index (view->zones, ImChartZoneRect, i);

      gdk_cairo_set_source_rgba (cr, &view->zone_colors[zone->zone]);
      graphene_rectangle (cr, &zone->rect);
      cairo_fill (cr);
    }
}

/* ---- grid: lines at the ticks --------------------------------------- */

static void
grid_layer_draw (const ImChartView *view,
                 cairo_t           *cr)
{
  const graphene_rect_t *plot = &view->plot;

  if (view->x_grid->len == 0 && view->y_grid->len == 0)
    return;

  cairo_set_line_width (cr, 1.0);
  gdk_cairo_set_source_rgba (cr, &view->grid_color);

  for (guint i = 0; i < view->y_grid->len; i++)
    {
      /* on the pixel centre, for a crisp line */
      double y = floor (g_array_index (view->y_grid, float, i)) + 0.5;

      cairo_move_to (cr, plot->origin.x, y);
      cairo_line_to (cr, plot->origin.x + plot->size.width, y);
    }

  for (guint i = 0; i < view->x_grid->len; i++)
    {
      double x = floor (g_array_index (view->x_grid, float, i)) + 0.5;

      cairo_move_to (cr, x, plot->origin.y);
      cairo_line_to (cr, x, plot->origin.y + plot->size.height);
    }

  cairo_stroke (cr);
}

/* ---- band: the min/max area of each series -------------------------- */

/* One polygon from the highs forwards and the lows backwards, widened by
 * @grow above and below; a lone vertex is a bar @bar_width wide. */
static void
band_piece (cairo_t                *cr,
            const ImChartBandPoint *points,
            guint                   n,
            double                  grow,
            double                  bar_width)
{
  if (n == 1)
    {
      double top = points[0].y_high - grow;
      double bottom = points[0].y_low + grow;

      cairo_rectangle (cr, points[0].x - bar_width / 2, top,
                       bar_width, MAX (bottom - top, 1.0));
      return;
    }

  cairo_move_to (cr, points[0].x, points[0].y_high - grow);
  for (guint i = 1; i < n; i++)
    cairo_line_to (cr, points[i].x, points[i].y_high - grow);
  for (guint i = n; i > 0; i--)
    cairo_line_to (cr, points[i - 1].x, points[i - 1].y_low + grow);
  cairo_close_path (cr);
}

static void
band_pieces (cairo_t      *cr,
             const GArray *array,
             double        grow,
             double        bar_width)
{
  const ImChartBandPoint *points = (const ImChartBandPoint *) (gpointer) array->data;
  guint n = array->len;
  guint piece = 0;

  for (guint i = 1; i <= n; i++)
    {
      if (i == n || points[i].start)
        {
          band_piece (cr, points + piece, i - piece, grow, bar_width);
          piece = i;
        }
    }
}

static void
band_layer_draw (const ImChartView *view,
                 cairo_t           *cr)
{
  for (guint s = 0; s < view->series->len; s++)
    {
      const ImChartSeriesView *series_view = g_ptr_array_index (view->series, s);
      GdkRGBA fill = series_view->color;

      if (series_view->band->len == 0)
        continue;

      fill.alpha *= 0.25f;
      gdk_cairo_set_source_rgba (cr, &fill);
      band_pieces (cr, series_view->band, 0, 1.5);
      cairo_fill (cr);
    }
}

/* ---- line: the series values ---------------------------------------- */

static void
line_layer_draw (const ImChartView *view,
                 cairo_t           *cr)
{
  /* the first series on top */
  for (guint s = view->series->len; s > 0; s--)
    {
      const ImChartSeriesView *series_view = g_ptr_array_index (view->series, s - 1);
      const ImChartPathPoint *points = (const ImChartPathPoint *) (gpointer) series_view->path->data;
      guint n = series_view->path->len;

      if (n == 0 && series_view->envelope->len == 0)
        continue;

      gdk_cairo_set_source_rgba (cr, &series_view->color);

      if (series_view->envelope->len > 0)
        {
          band_pieces (cr, series_view->envelope, view->line_width / 2, view->line_width);
          cairo_fill (cr);
        }

      im_cairo_stroke_path (cr, points, n, view->line_width);
    }
}

/* ---- axes: the frame lines and the tick labels ---------------------- */

/* The value axis on the left and the time axis at the bottom; FALSE
 * without a plot. */
static gboolean
axes_lines (const ImChartView *view,
            graphene_rect_t    lines[2])
{
  const graphene_rect_t *plot = &view->plot;

  if (plot->size.width <= 0 || plot->size.height <= 0)
    return FALSE;

  graphene_rect_init (&lines[0], floor (plot->origin.x) - 1, plot->origin.y, 1, plot->size.height);
  graphene_rect_init (&lines[1], floor (plot->origin.x) - 1,
                      floor (plot->origin.y + plot->size.height),
                      plot->size.width + 1, 1);
  return TRUE;
}

static void
axes_layer_snapshot (const ImChartView *view,
                     GtkSnapshot       *snapshot)
{
  graphene_rect_t lines[2];

  if (!axes_lines (view, lines))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    gtk_snapshot_append_color (snapshot, &view->axis_color, &lines[i]);

  for (guint i = 0; i < view->labels->len; i++)
    {
      const ImChartLabel *label = &g_array_index (view->labels, ImChartLabel, i);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (label->x, label->y));
      gtk_snapshot_append_layout (snapshot, label->layout, &view->label_color);
      gtk_snapshot_restore (snapshot);
    }
}

static void
axes_layer_draw (const ImChartView *view,
                 cairo_t           *cr)
{
  graphene_rect_t lines[2];

  if (!axes_lines (view, lines))
    return;

  gdk_cairo_set_source_rgba (cr, &view->axis_color);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    graphene_rectangle (cr, &lines[i]);
  cairo_fill (cr);

  gdk_cairo_set_source_rgba (cr, &view->label_color);
  for (guint i = 0; i < view->labels->len; i++)
    {
      const ImChartLabel *label = &g_array_index (view->labels, ImChartLabel, i);

      cairo_move_to (cr, label->x, label->y);
      pango_cairo_show_layout (cr, label->layout);
    }
}

/* ---- all layers ------------------------------------------------------ */

/* The area a series may draw in: the plot, with room above and below so
 * a line at the extremes is not cut in half. Layers drawn only through
 * cairo are clipped to it. */
static void
series_bounds (const ImChartView *view,
               graphene_rect_t   *bounds)
{
  graphene_rect_init (bounds,
                      view->plot.origin.x,
                      view->plot.origin.y - view->line_width,
                      view->plot.size.width,
                      view->plot.size.height + 2 * view->line_width);
}

static gboolean
grid_layer_is_empty (const ImChartView *view)
{
  return view->x_grid->len == 0 && view->y_grid->len == 0;
}

static gboolean
series_layer_is_empty (const ImChartView *view)
{
  for (guint s = 0; s < view->series->len; s++)
    {
      const ImChartSeriesView *series_view = g_ptr_array_index (view->series, s);

      if (series_view->path->len > 0 || series_view->envelope->len > 0 || series_view->band->len > 0)
        return FALSE;
    }

  return TRUE;
}

/* A layer paints one part of the chart from the view: draw() into any
 * cairo context (the screen's or an image's); snapshot() when the screen
 * has cheaper nodes for it than a cairo node (colours, text), and
 * is_empty() to spare the screen a cairo node with nothing in it. */
typedef struct
{
  const char *name;
  void      (*draw)     (const ImChartView *view,
                         cairo_t           *cr);
  void      (*snapshot) (const ImChartView *view,
                         GtkSnapshot       *snapshot);
  gboolean  (*is_empty) (const ImChartView *view);
} ImChartLayer;

static const ImChartLayer layers[] = {
  { "zones", zones_layer_draw, zones_layer_snapshot, NULL },
  { "annotations", im_chart_annotations_layer_draw, im_chart_annotations_layer_snapshot, NULL },
  { "grid", grid_layer_draw, NULL, grid_layer_is_empty },
  { "band", band_layer_draw, NULL, series_layer_is_empty },
  { "line", line_layer_draw, NULL, series_layer_is_empty },
  { "axes", axes_layer_draw, axes_layer_snapshot, NULL },
};

void
im_chart_layers_snapshot (const ImChartView *view,
                          GtkSnapshot       *snapshot)
{
  graphene_rect_t bounds;

  series_bounds (view, &bounds);

  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      cairo_t *cr;

      if (layers[i].snapshot != NULL)
        {
          layers[i].snapshot (view, snapshot);
          continue;
        }

      if (layers[i].is_empty != NULL && layers[i].is_empty (view))
        continue;

      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      layers[i].draw (view, cr);
      cairo_destroy (cr);
    }
}

void
im_chart_layers_draw (const ImChartView *view,
                      cairo_t           *cr)
{
  graphene_rect_t bounds;

  series_bounds (view, &bounds);

  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      cairo_save (cr);
      if (layers[i].snapshot == NULL)
        {
          /* as gtk_snapshot_append_cairo() clips them */
          graphene_rectangle (cr, &bounds);
          cairo_clip (cr);
        }
      layers[i].draw (view, cr);
      cairo_restore (cr);
    }
}
