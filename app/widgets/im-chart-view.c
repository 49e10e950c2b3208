/* im-chart-view.c — what the chart shows, computed outside snapshot():
 * margins, ticks and labels, zones and the decimated series.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-chart-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-axis.h"
#include "im-chart-private.h"
#include "im-decimate.h"
#include "im-units.h"
#include "im-util.h"
#include "im-widgets-private.h"

#define Y_TICK_SPACING      40   /* px between value ticks, about */
#define X_TICK_SPACING      110  /* px between time ticks, about */
#define LABEL_GAP           6
/* Points per column from which a series is filled as an envelope
 * rather than stroked (see ImChartSeriesView). */
#define ENVELOPE_MIN_DENSITY 4

static void
choose_value_range (ImChart *self,
                    gint64   start_ns,
                    gint64   end_ns,
                    double  *vmin,
                    double  *vmax,
                    gboolean *fixed)
{
  gboolean found = FALSE;

  *fixed = isfinite (self->value_min) && isfinite (self->value_max) &&
           self->value_max > self->value_min;
  if (*fixed)
    {
      *vmin = self->value_min;
      *vmax = self->value_max;
      return;
    }

  for (guint i = 0; i < self->series->len; i++)
    {
      ChartSeries *cs = g_ptr_array_index (self->series, i);
      double lo, hi;

      if (im_time_series_get_value_range (cs->series, start_ns, end_ns, &lo, &hi))
        {
          *vmin = found ? MIN (*vmin, lo) : lo;
          *vmax = found ? MAX (*vmax, hi) : hi;
          found = TRUE;
        }
    }

  if (found)
    return;

  if (self->sensor != IM_SENSOR_NONE)
    {
      im_sensor_display_range (self->sensor, vmin, vmax);
      *vmin = im_units_convert (NULL, self->sensor, *vmin);
      *vmax = im_units_convert (NULL, self->sensor, *vmax);
    }
  else
    {
      *vmin = 0.0;
      *vmax = 1.0;
    }
}

static void
add_label (ImChartView *view,
           PangoLayout *layout,
           float        x,
           float        y)
{
  ImChartLabel label = { layout, x, y };

  g_array_append_val (view->labels, label);
}

static void
layout_pixel_size (PangoLayout *layout,
                   int         *width,
                   int         *height)
{
  pango_layout_get_pixel_size (layout, width, height);
}

static void
add_path_point (GArray   *path,
                float     x,
                float     y,
                gboolean  move)
{
  ImChartPathPoint p = { x, y, move };

  g_array_append_val (path, p);
}

/* @outside lies beyond the plot edge @edge_x, @inside within it: the point
 * where the segment between them crosses the edge (so no coordinate is
 * ever far outside the drawing). */
static void
clip_to_edge (float  edge_x,
              float  inside_x,
              float  inside_y,
              float *outside_x,
              float *outside_y)
{
  if (inside_x != *outside_x)
    {
      float t = (edge_x - inside_x) / (*outside_x - inside_x);

      if (t >= 0.0f && t <= 1.0f)
        {
          *outside_y = inside_y + t * (*outside_y - inside_y);
          *outside_x = edge_x;
        }
    }
}

static void
add_envelope_point (GArray   *envelope,
                    float     x,
                    float     y_low,
                    float     y_high,
                    gboolean  start)
{
  ImChartBandPoint p = { x, y_low, y_high, start };

  g_array_append_val (envelope, p);
}

/* Dense data: per column the span of its values, in one polygon per
 * piece between gaps (see ImChartSeriesView). */
static void
build_envelope (const ImChartGeometry  *geometry,
                const ImDecimateColumn *columns,
                ImChartSeriesView      *series_view,
                const ImDecimateEdge   *before,
                const ImDecimateEdge   *after)
{
  const graphene_rect_t *plot = &geometry->plot;
  float left = plot->origin.x;
  float right = plot->origin.x + plot->size.width;
  float col_width = plot->size.width / geometry->n_columns;
  gboolean have_prev = FALSE;
  float last_x = 0, last_y = 0;

#define X_OF(t) ((float) im_axis_time_to_pixel ((t), geometry->start_ns, geometry->end_ns, left, plot->size.width))
#define Y_OF(v) ((float) im_axis_scale_to_pixel (&geometry->y_scale, (v)))

  for (guint c = 0; c < geometry->n_columns; c++)
    {
      const ImDecimateColumn *col = &columns[c];
      float cx = left + (c + 0.5f) * col_width;
      gboolean start = !have_prev || col->gap_before;

      if (col->n == 0)
        continue;

      if (!have_prev && !col->gap_before && before->valid)
        {
          float bx = X_OF (before->time);
          float by = Y_OF (before->value);

          clip_to_edge (left - geometry->line_width, cx, Y_OF (col->first), &bx, &by);
          add_envelope_point (series_view->envelope, bx, by, by, TRUE);
          start = FALSE;
        }

      add_envelope_point (series_view->envelope, cx, Y_OF (col->min), Y_OF (col->max), start);
      last_x = cx;
      last_y = Y_OF (col->last);
      have_prev = TRUE;
    }

  if (have_prev && after->valid)
    {
      float ax = X_OF (after->time);
      float ay = Y_OF (after->value);

      clip_to_edge (right + geometry->line_width, last_x, last_y, &ax, &ay);
      add_envelope_point (series_view->envelope, ax, ay, ay, FALSE);
    }

#undef X_OF
#undef Y_OF
}

void
im_chart_series_view_build (ImChartSeriesView       *series_view,
                            const ImChartGeometry   *geometry,
                            const ImChartSeriesData *data,
                            ImDecimateColumn        *columns)
{
  const graphene_rect_t *plot = &geometry->plot;
  const gint64 *times = data->times;
  const double *values = data->values;
  gsize n_points = data->n_points;
  guint n_columns = geometry->n_columns;
  float left = plot->origin.x;
  float right = plot->origin.x + plot->size.width;
  float col_width = plot->size.width / n_columns;
  ImDecimateEdge before, after;
  gboolean have_prev = FALSE;
  float last_x = 0, last_y = 0;
  gsize n_visible = 0;

  if (n_points == 0 || n_columns == 0)
    return;

#define X_OF(t) ((float) im_axis_time_to_pixel ((t), geometry->start_ns, geometry->end_ns, left, plot->size.width))
#define Y_OF(v) ((float) im_axis_scale_to_pixel (&geometry->y_scale, (v)))

  im_decimate (times, values, n_points, geometry->start_ns, geometry->end_ns,
               geometry->max_gap_ns, columns, n_columns, &before, &after);

  for (guint c = 0; c < n_columns; c++)
    n_visible += columns[c].n;

  /* An envelope only looks like the line when every column holds a
   * span of values, i.e. with several points per column. */
  if (n_visible >= ENVELOPE_MIN_DENSITY * (gsize) n_columns)
    {
      build_envelope (geometry, columns, series_view, &before, &after);
      goto band;
    }

  for (guint c = 0; c < n_columns; c++)
    {
      const ImDecimateColumn *col = &columns[c];
      float x_first, y_first, cx;

      if (col->n == 0)
        continue;

      x_first = X_OF (col->first_time);
      y_first = Y_OF (col->first);
      cx = left + (c + 0.5f) * col_width;

      if (!have_prev)
        {
          if (!col->gap_before && before.valid)
            {
              float bx = X_OF (before.time);
              float by = Y_OF (before.value);

              clip_to_edge (left - geometry->line_width, x_first, y_first, &bx, &by);
              add_path_point (series_view->path, bx, by, TRUE);
              add_path_point (series_view->path, x_first, y_first, FALSE);
            }
          else
            {
              add_path_point (series_view->path, x_first, y_first, TRUE);
              add_path_point (series_view->path, x_first, y_first, FALSE);
            }
        }
      else if (col->gap_before)
        {
          add_path_point (series_view->path, x_first, y_first, TRUE);
          add_path_point (series_view->path, x_first, y_first, FALSE);
        }
      else
        add_path_point (series_view->path, x_first, y_first, FALSE);

      if (col->n > 1)
        {
          gboolean rising = col->last >= col->first;

          add_path_point (series_view->path, cx, Y_OF (rising ? col->min : col->max), FALSE);
          add_path_point (series_view->path, cx, Y_OF (rising ? col->max : col->min), FALSE);
          last_x = X_OF (col->last_time);
          last_y = Y_OF (col->last);
          add_path_point (series_view->path, last_x, last_y, FALSE);
        }
      else
        {
          last_x = x_first;
          last_y = y_first;
        }

      have_prev = TRUE;
    }

  if (after.valid)
    {
      float ax = X_OF (after.time);
      float ay = Y_OF (after.value);

      if (have_prev)
        {
          clip_to_edge (right + geometry->line_width, last_x, last_y, &ax, &ay);
          add_path_point (series_view->path, ax, ay, FALSE);
        }
      else if (before.valid)
        {
          /* a segment crossing the whole plot */
          float bx = X_OF (before.time);
          float by = Y_OF (before.value);
          float bx2 = bx, by2 = by;

          clip_to_edge (left - geometry->line_width, ax, ay, &bx2, &by2);
          clip_to_edge (right + geometry->line_width, bx, by, &ax, &ay);
          add_path_point (series_view->path, bx2, by2, TRUE);
          add_path_point (series_view->path, ax, ay, FALSE);
        }
    }

band:
  if (data->mins != NULL && data->maxs != NULL)
    {
      im_decimate_band (times, data->mins, data->maxs,
                        n_points, geometry->start_ns, geometry->end_ns,
                        geometry->max_gap_ns, columns, n_columns);

      for (guint c = 0; c < n_columns; c++)
        {
          const ImDecimateColumn *col = &columns[c];
          ImChartBandPoint p;

          if (col->n == 0)
            continue;

          p.x = X_OF (col->first_time);
          p.y_low = Y_OF (col->min);
          p.y_high = Y_OF (col->max);
          p.start = col->gap_before || series_view->band->len == 0;
          g_array_append_val (series_view->band, p);

          if (col->n > 1)
            {
              p.x = X_OF (col->last_time);
              p.start = FALSE;
              g_array_append_val (series_view->band, p);
            }
        }
    }

#undef X_OF
#undef Y_OF
}

gboolean
im_chart_layout_view (ImChart         *self,
                      ImChartView     *view,
                      int              width,
                      int              height,
                      ImChartGeometry *geometry)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(PangoLayout) probe = NULL;
  g_autoptr(GArray) time_ticks = NULL;
  ImAxisTicks ticks;
  ImTimeStep step;
  GPtrArray *y_layouts;
  gint64 start_ns, end_ns;
  double vmin = 0, vmax = 1;
  gboolean fixed;
  int label_h;
  int max_label_w = 0;
  float top, bottom, left, right;
  float prev_label_end;
  int scale;

  view->width = width;
  view->height = height;

  if (!im_chart_get_visible_range (self, &start_ns, &end_ns))
    {
      end_ns = g_get_real_time () * IM_NSEC_PER_USEC;
      start_ns = end_ns - (self->follow ? self->window_ns : DEFAULT_WINDOW_NS);
    }
  view->start_ns = start_ns;
  view->end_ns = end_ns;

  probe = im_widget_create_small_layout (widget, "0");
  layout_pixel_size (probe, NULL, &label_h);

  top = label_h + 4;
  bottom = label_h + LABEL_GAP + 2;
  right = 16;

  choose_value_range (self, start_ns, end_ns, &vmin, &vmax, &fixed);
  if (!im_axis_nice_ticks (vmin, vmax,
                           MAX (2, (int) ((height - top - bottom) / Y_TICK_SPACING)),
                           &ticks))
    return FALSE;
  if (!fixed)
    {
      vmin = ticks.nice_min;
      vmax = ticks.nice_max;
    }

  /* value labels first: their width sets the left margin */
  y_layouts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ticks.n_ticks; i++)
    {
      double v = im_axis_ticks_get_value (&ticks, i);
      g_autofree char *text = NULL;
      PangoLayout *layout;
      int w;

      if (v < vmin - ticks.step * 1e-6 || v > vmax + ticks.step * 1e-6)
        {
          g_ptr_array_add (y_layouts, NULL);
          continue;
        }

      text = im_axis_format_value (v, ticks.decimals);
      layout = im_widget_create_small_layout (widget, text);
      layout_pixel_size (layout, &w, NULL);
      max_label_w = MAX (max_label_w, w);
      g_ptr_array_add (y_layouts, layout);
    }

  left = MAX (max_label_w + LABEL_GAP + 2, 24);
  graphene_rect_init (&view->plot, left, top,
                      MAX (0, width - left - right),
                      MAX (0, height - top - bottom));
  im_axis_scale_init (&view->y_scale, vmin, vmax,
                      view->plot.origin.y + view->plot.size.height,
                      view->plot.origin.y);

  for (guint i = 0; i < ticks.n_ticks; i++)
    {
      PangoLayout *layout = g_ptr_array_index (y_layouts, i);
      float y;
      int w;

      if (layout == NULL)
        continue;

      y = im_axis_scale_to_pixel (&view->y_scale, im_axis_ticks_get_value (&ticks, i));
      g_array_append_val (view->y_grid, y);
      layout_pixel_size (layout, &w, NULL);
      add_label (view, g_object_ref (layout), left - LABEL_GAP - w, y - label_h / 2.0f);
    }
  g_ptr_array_unref (y_layouts);

  if (self->unit != NULL && self->unit[0] != '\0')
    add_label (view, im_widget_create_small_layout (widget, self->unit), left + 4, 1);

  /* time ticks and labels, skipping a label that would overlap */
  im_axis_time_step (start_ns, end_ns,
                     MAX (1, (int) (view->plot.size.width / X_TICK_SPACING)),
                     &step);
  time_ticks = im_axis_time_ticks (start_ns, end_ns, &step, NULL);
  prev_label_end = -G_MAXFLOAT;
  for (guint i = 0; i < time_ticks->len; i++)
    {
      gint64 t = g_array_index (time_ticks, gint64, i);
      float x = im_axis_time_to_pixel (t, start_ns, end_ns, view->plot.origin.x, view->plot.size.width);
      g_autofree char *text = im_axis_format_time (t, &step, NULL);
      PangoLayout *layout = im_widget_create_small_layout (widget, text);
      float lx;
      int w;

      g_array_append_val (view->x_grid, x);
      layout_pixel_size (layout, &w, NULL);
      lx = CLAMP (x - w / 2.0f, 0, MAX (0, width - w));
      if (lx < prev_label_end + LABEL_GAP)
        {
          g_object_unref (layout);
          continue;
        }
      add_label (view, layout, lx, view->plot.origin.y + view->plot.size.height + LABEL_GAP / 2);
      prev_label_end = lx + w;
    }

  /* zones: the lowest band reaches down and the highest up indefinitely,
   * since a value beyond the display range is still in that zone */
  for (guint i = 0; i < self->n_zones; i++)
    {
      const ImZoneBand *band = &self->zones[i];
      double low = i == 0 ? -INFINITY : band->low;
      double high = i + 1 == self->n_zones ? INFINITY : band->high;
      float plot_top = view->plot.origin.y;
      float plot_bottom = plot_top + view->plot.size.height;
      float y_top = isinf (high) ? plot_top : im_axis_scale_to_pixel (&view->y_scale, high);
      float y_bottom = isinf (low) ? plot_bottom : im_axis_scale_to_pixel (&view->y_scale, low);
      ImChartZoneRect zone;

      y_top = CLAMP (y_top, plot_top, plot_bottom);
      y_bottom = CLAMP (y_bottom, plot_top, plot_bottom);
      if (y_bottom <= y_top)
        continue;

      graphene_rect_init (&zone.rect, view->plot.origin.x, y_top, view->plot.size.width, y_bottom - y_top);
      zone.zone = band->zone;
      g_array_append_val (view->zones, zone);
    }

  /* one column per device pixel of the plot */
  scale = gtk_widget_get_scale_factor (widget);
  geometry->plot = view->plot;
  geometry->start_ns = view->start_ns;
  geometry->end_ns = view->end_ns;
  geometry->y_scale = view->y_scale;
  geometry->line_width = view->line_width;
  geometry->max_gap_ns = self->max_gap_ns;
  geometry->n_columns = (guint) MAX (0, ceilf (view->plot.size.width * scale));

  return TRUE;
}

gboolean
im_chart_build_view (ImChart *self,
                     int      width,
                     int      height)
{
  ImChartGeometry geometry;
  gsize n_points = 0;

  /* whatever is in flight was for older data, range or size */
  im_chart_cancel_build (self);

  for (guint i = 0; i < self->series->len; i++)
    n_points += im_time_series_get_n_points (((ChartSeries *) g_ptr_array_index (self->series, i))->series);

  if (n_points >= self->threaded_min_points)
    {
      ImChartView *view = g_new (ImChartView, 1);

      /* laid out here, since Pango wants the main thread; the previous
       * view stays on screen until the series are ready */
      im_chart_view_init (view);
      im_chart_view_copy_style (view, &self->view);
      if (im_chart_layout_view (self, view, width, height, &geometry))
        {
          im_chart_build_series_async (self, view, &geometry);
          return FALSE;
        }

      /* nothing to plot: the axes alone, at once */
      im_chart_view_swap (&self->view, view);
      im_chart_view_clear (view);
      g_free (view);
      return TRUE;
    }

  im_chart_view_reset (&self->view);
  if (!im_chart_layout_view (self, &self->view, width, height, &geometry))
    return TRUE;

  self->n_columns = geometry.n_columns;
  self->columns = g_renew (ImDecimateColumn, self->columns, MAX (self->n_columns, 1));

  for (guint i = 0; i < self->series->len; i++)
    {
      ImTimeSeries *series = ((ChartSeries *) g_ptr_array_index (self->series, i))->series;
      ImChartSeriesView *series_view = im_chart_series_view_new ();
      ImChartSeriesData data = {
        im_time_series_get_times (series),
        im_time_series_get_values (series),
        im_time_series_get_mins (series),
        im_time_series_get_maxs (series),
        im_time_series_get_n_points (series),
      };

      im_chart_resolve_series_color (self, i, &series_view->color);
      im_chart_series_view_build (series_view, &geometry, &data, self->columns);
      g_ptr_array_add (self->view.series, series_view);
    }

  return TRUE;
}
