/* im-chart.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "im-axis.h"
#include "im-chart.h"
#include "im-chart-private.h"
#include "im-decimate.h"
#include "im-reading.h"
#include "im-util.h"
#include "im-widgets-private.h"

#define DEFAULT_WINDOW_NS   (G_GINT64_CONSTANT (300) * IM_NSEC_PER_SEC)
#define Y_TICK_SPACING      40   /* px between value ticks, about */
#define X_TICK_SPACING      110  /* px between time ticks, about */
#define LABEL_GAP           6
#define HOVER_PAD           6
/* Points per column from which a series is filled as an envelope
 * rather than stroked (see ImChartSeriesView). */
#define ENVELOPE_MIN_DENSITY 4

typedef struct
{
  ImTimeSeries *series;
  GdkRGBA       color;
  gboolean      has_color;
} ChartSeries;

struct _ImChart
{
  GtkWidget         parent_instance;

  GPtrArray        *series;          /* ChartSeries */
  gint64            start_ns;
  gint64            end_ns;
  gint64            window_ns;
  gint64            max_gap_ns;
  double            value_min;
  double            value_max;
  ImZoneBand       *zones;
  guint             n_zones;
  int               sensor;
  char             *unit;
  char             *title;

  /* Computed outside snapshot() when data, range, size or style change. */
  ImChartView       view;
  ImDecimateColumn *columns;
  guint             n_columns;
  GskRenderNode    *cache;
  guint             render_count;
  gint64            rebuild_usec;
  gint64            paint_usec;

  ImWidgetStyle     style;

  /* Hover marker, painted over the cache. */
  double            hover_x;
  gint64            hover_time;
  double            hover_value;
  graphene_point_t  hover_point;
  PangoLayout      *hover_layout;

  guint             follow : 1;
  guint             view_dirty : 1;
  guint             hover_valid : 1;
};

enum {
  PROP_0,
  PROP_START_TIME,
  PROP_END_TIME,
  PROP_FOLLOW,
  PROP_WINDOW,
  PROP_VALUE_MIN,
  PROP_VALUE_MAX,
  PROP_SENSOR,
  PROP_UNIT,
  PROP_TITLE,
  PROP_MAX_GAP,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ImChart, im_chart, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* Line colours after the accent colour (GNOME palette). */
static const char * const palette[] = {
  "#e66100", "#2ec27e", "#9141ac", "#c01c28", "#986a44", "#f5c211",
};

static void     im_chart_update_hover (ImChart *self);
static gboolean resolve_colors        (ImChart *self);

static void
chart_series_free (gpointer data)
{
  ChartSeries *cs = data;

  g_clear_object (&cs->series);
  g_free (cs);
}

static void
im_chart_invalidate (ImChart *self)
{
  self->view_dirty = TRUE;
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_series_changed (ImChart      *self,
                   ImTimeSeries *series)
{
  im_chart_invalidate (self);
}

static void
on_scale_factor_changed (ImChart    *self,
                         GParamSpec *pspec,
                         GtkWidget  *widget)
{
  resolve_colors (self);
  im_chart_invalidate (self);
}

static int
find_series (ImChart      *self,
             ImTimeSeries *series)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      ChartSeries *cs = g_ptr_array_index (self->series, i);

      if (cs->series == series)
        return (int) i;
    }
  return -1;
}

static void
resolve_series_color (ImChart *self,
                      guint    index,
                      GdkRGBA *color)
{
  ChartSeries *cs = g_ptr_array_index (self->series, index);

  if (cs->has_color)
    *color = cs->color;
  else if (index == 0)
    *color = self->style.accent;
  else
    gdk_rgba_parse (color, palette[(index - 1) % G_N_ELEMENTS (palette)]);
}

/* The view's colours from the style; TRUE when the style changed. */
static gboolean
resolve_colors (ImChart *self)
{
  ImChartView *view = &self->view;

  if (!im_widget_style_update (&self->style, GTK_WIDGET (self)))
    return FALSE;

  view->fg_color = self->style.fg;
  view->grid_color = view->fg_color;
  view->grid_color.alpha *= 0.10f;
  view->axis_color = view->fg_color;
  view->axis_color.alpha *= 0.35f;
  view->label_color = view->fg_color;
  view->label_color.alpha *= 0.70f;

  for (guint z = IM_ZONE_NORMAL; z <= IM_ZONE_CRITICAL; z++)
    {
      view->zone_colors[z] = self->style.zones[z];
      view->zone_colors[z].alpha = 0.12f;
    }

  return TRUE;
}

/* ---- computing the view -------------------------------------------- */

static gboolean
latest_time (ImChart *self,
             gint64  *latest)
{
  gboolean found = FALSE;

  for (guint i = 0; i < self->series->len; i++)
    {
      ChartSeries *cs = g_ptr_array_index (self->series, i);
      gint64 last;

      if (im_time_series_get_time_range (cs->series, NULL, &last) &&
          (!found || last > *latest))
        {
          *latest = last;
          found = TRUE;
        }
    }

  return found;
}

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

  if (self->sensor >= 0)
    im_sensor_display_range (self->sensor, vmin, vmax);
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
build_envelope (ImChart              *self,
                ImChartSeriesView    *series_view,
                const ImDecimateEdge *before,
                const ImDecimateEdge *after)
{
  ImChartView *view = &self->view;
  const graphene_rect_t *plot = &view->plot;
  float left = plot->origin.x;
  float right = plot->origin.x + plot->size.width;
  float col_width = plot->size.width / self->n_columns;
  gboolean have_prev = FALSE;
  float last_x = 0, last_y = 0;

#define X_OF(t) ((float) im_axis_time_to_pixel ((t), view->start_ns, view->end_ns, left, plot->size.width))
#define Y_OF(v) ((float) im_axis_scale_to_pixel (&view->y_scale, (v)))

  for (guint c = 0; c < self->n_columns; c++)
    {
      const ImDecimateColumn *col = &self->columns[c];
      float cx = left + (c + 0.5f) * col_width;
      gboolean start = !have_prev || col->gap_before;

      if (col->n == 0)
        continue;

      if (!have_prev && !col->gap_before && before->valid)
        {
          float bx = X_OF (before->time);
          float by = Y_OF (before->value);

          clip_to_edge (left - view->line_width, cx, Y_OF (col->first), &bx, &by);
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

      clip_to_edge (right + view->line_width, last_x, last_y, &ax, &ay);
      add_envelope_point (series_view->envelope, ax, ay, ay, FALSE);
    }

#undef X_OF
#undef Y_OF
}

static void
build_series_view (ImChart           *self,
                   ImTimeSeries      *series,
                   ImChartSeriesView *series_view)
{
  ImChartView *view = &self->view;
  const graphene_rect_t *plot = &view->plot;
  const gint64 *times = im_time_series_get_times (series);
  const double *values = im_time_series_get_values (series);
  guint n_points = im_time_series_get_n_points (series);
  guint n_columns = self->n_columns;
  float left = plot->origin.x;
  float right = plot->origin.x + plot->size.width;
  float col_width = plot->size.width / n_columns;
  ImDecimateEdge before, after;
  gboolean have_prev = FALSE;
  float last_x = 0, last_y = 0;
  gsize n_visible = 0;

  if (n_points == 0 || n_columns == 0)
    return;

#define X_OF(t) ((float) im_axis_time_to_pixel ((t), view->start_ns, view->end_ns, left, plot->size.width))
#define Y_OF(v) ((float) im_axis_scale_to_pixel (&view->y_scale, (v)))

  im_decimate (times, values, n_points, view->start_ns, view->end_ns,
               self->max_gap_ns, self->columns, n_columns, &before, &after);

  for (guint c = 0; c < n_columns; c++)
    n_visible += self->columns[c].n;

  /* An envelope only looks like the line when every column holds a
   * span of values, i.e. with several points per column. */
  if (n_visible >= ENVELOPE_MIN_DENSITY * (gsize) n_columns)
    {
      build_envelope (self, series_view, &before, &after);
      goto band;
    }

  for (guint c = 0; c < n_columns; c++)
    {
      const ImDecimateColumn *col = &self->columns[c];
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

              clip_to_edge (left - view->line_width, x_first, y_first, &bx, &by);
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
          clip_to_edge (right + view->line_width, last_x, last_y, &ax, &ay);
          add_path_point (series_view->path, ax, ay, FALSE);
        }
      else if (before.valid)
        {
          /* a segment crossing the whole plot */
          float bx = X_OF (before.time);
          float by = Y_OF (before.value);
          float bx2 = bx, by2 = by;

          clip_to_edge (left - view->line_width, ax, ay, &bx2, &by2);
          clip_to_edge (right + view->line_width, bx, by, &ax, &ay);
          add_path_point (series_view->path, bx2, by2, TRUE);
          add_path_point (series_view->path, ax, ay, FALSE);
        }
    }

band:
  if (im_time_series_has_band (series))
    {
      im_decimate_band (times,
                        im_time_series_get_mins (series),
                        im_time_series_get_maxs (series),
                        n_points, view->start_ns, view->end_ns,
                        self->max_gap_ns, self->columns, n_columns);

      for (guint c = 0; c < n_columns; c++)
        {
          const ImDecimateColumn *col = &self->columns[c];
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

static void
update_accessible (ImChart *self)
{
  ChartSeries *cs;
  guint n;
  g_autofree char *value_text = NULL;
  g_autofree char *description = NULL;

  if (self->series->len == 0)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  cs = g_ptr_array_index (self->series, 0);
  n = im_time_series_get_n_points (cs->series);
  if (n == 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No data"),
                                      -1);
      return;
    }

  value_text = im_axis_format_value (im_time_series_get_values (cs->series)[n - 1], 2);
  /* Translators: the latest value of a chart and its unit, e.g. "Latest value: 55.10 °C" */
  description = g_strdup_printf (_("Latest value: %s %s"), value_text, self->unit ? self->unit : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, g_strstrip (description),
                                  -1);
}

static void
im_chart_rebuild_view (ImChart *self,
                       int      width,
                       int      height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  ImChartView *view = &self->view;
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

  im_chart_view_reset (view);
  view->width = width;
  view->height = height;
  self->view_dirty = FALSE;

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
    return;
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
  self->n_columns = (guint) MAX (0, ceilf (view->plot.size.width * scale));
  self->columns = g_renew (ImDecimateColumn, self->columns, MAX (self->n_columns, 1));

  for (guint i = 0; i < self->series->len; i++)
    {
      ImChartSeriesView *series_view = im_chart_series_view_new ();

      resolve_series_color (self, i, &series_view->color);
      build_series_view (self, ((ChartSeries *) g_ptr_array_index (self->series, i))->series, series_view);
      g_ptr_array_add (view->series, series_view);
    }

  update_accessible (self);
  im_chart_update_hover (self);
}

/* ---- GtkWidget ----------------------------------------------------- */

static void
im_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 480;
    }
  else
    {
      *minimum = 120;
      *natural = 240;
    }
}

static void
im_chart_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  ImChart *self = IM_CHART (widget);

  if (self->view_dirty || width != self->view.width || height != self->view.height)
    {
      gint64 begin = g_get_monotonic_time ();

      g_clear_pointer (&self->cache, gsk_render_node_unref);
      im_chart_rebuild_view (self, width, height);
      self->rebuild_usec = g_get_monotonic_time () - begin;
    }
}

static void
im_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  ImChart *self = IM_CHART (widget);

  GTK_WIDGET_CLASS (im_chart_parent_class)->css_changed (widget, change);

  /* colours, fonts or dark mode: everything is drawn again; a change
   * that does not show (the window losing focus) keeps the cache */
  if (resolve_colors (self))
    {
      g_clear_object (&self->hover_layout);
      im_chart_invalidate (self);
    }
}

static void
im_chart_system_setting_changed (GtkWidget        *widget,
                                 GtkSystemSetting  setting)
{
  ImChart *self = IM_CHART (widget);

  GTK_WIDGET_CLASS (im_chart_parent_class)->system_setting_changed (widget, setting);

  /* fonts, their rendering or the DPI: the labels are laid out again */
  resolve_colors (self);
  g_clear_object (&self->hover_layout);
  im_chart_invalidate (self);
}

static GskRenderNode *
render_layers (ImChart *self)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  const ImChartLayer *layers;
  guint n_layers;

  layers = im_chart_get_layers (&n_layers);
  for (guint i = 0; i < n_layers; i++)
    layers[i].snapshot (&self->view, snapshot);

  return gtk_snapshot_free_to_node (snapshot);
}

static void
snapshot_hover (ImChart     *self,
                GtkSnapshot *snapshot)
{
  const graphene_rect_t *plot = &self->view.plot;
  const ImChartSeriesView *series_view;
  GdkRGBA line_color = self->view.fg_color;
  graphene_rect_t rect;
  GskRoundedRect rounded;
  cairo_t *cr;
  int lw, lh;
  float x, y;

  if (!self->hover_valid || self->view.series->len == 0)
    return;

  series_view = g_ptr_array_index (self->view.series, 0);

  /* the vertical marker */
  line_color.alpha *= 0.5f;
  graphene_rect_init (&rect, floorf (self->hover_point.x), plot->origin.y, 1, plot->size.height);
  gtk_snapshot_append_color (snapshot, &line_color, &rect);

  /* the point */
  graphene_rect_init (&rect, self->hover_point.x - 6, self->hover_point.y - 6, 12, 12);
  cr = gtk_snapshot_append_cairo (snapshot, &rect);
  cairo_arc (cr, self->hover_point.x, self->hover_point.y, 4.5, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &series_view->color);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &self->style.popover_bg);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_destroy (cr);

  /* the label, right of the marker or left of it near the right edge */
  pango_layout_get_pixel_size (self->hover_layout, &lw, &lh);
  x = self->hover_point.x + 10;
  if (x + lw + 2 * HOVER_PAD > plot->origin.x + plot->size.width)
    x = self->hover_point.x - 10 - lw - 2 * HOVER_PAD;
  x = MAX (x, 0);
  y = plot->origin.y + 4;

  graphene_rect_init (&rect, x, y, lw + 2 * HOVER_PAD, lh + 2 * HOVER_PAD);
  gsk_rounded_rect_init_from_rect (&rounded, &rect, 6);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &self->style.popover_bg, &rect);
  gtk_snapshot_pop (snapshot);
  {
    const float widths[4] = { 1, 1, 1, 1 };
    GdkRGBA border = self->view.fg_color;
    GdkRGBA borders[4];

    border.alpha *= 0.15f;
    for (guint i = 0; i < 4; i++)
      borders[i] = border;
    gtk_snapshot_append_border (snapshot, &rounded, widths, borders);
  }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + HOVER_PAD, y + HOVER_PAD));
  gtk_snapshot_append_layout (snapshot, self->hover_layout, &self->style.popover_fg);
  gtk_snapshot_restore (snapshot);
}

static void
im_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  ImChart *self = IM_CHART (widget);

  if (self->view.width <= 0 || self->view.height <= 0)
    return;

  /* The layers are painted once per change of data, range, size or
   * style; later frames (hover, other widgets) reuse the node. */
  if (self->cache == NULL)
    {
      gint64 begin = g_get_monotonic_time ();

      self->cache = render_layers (self);
      self->render_count++;
      self->paint_usec = g_get_monotonic_time () - begin;
    }

  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);

  snapshot_hover (self, snapshot);
}

/* ---- hover --------------------------------------------------------- */

static void
im_chart_update_hover (ImChart *self)
{
  const graphene_rect_t *plot = &self->view.plot;
  gboolean was_valid = self->hover_valid;
  ChartSeries *cs;
  gssize index;
  gint64 t;
  g_autofree char *time_text = NULL;
  g_autofree char *value_text = NULL;
  g_autofree char *text = NULL;
  int decimals;

  self->hover_valid = FALSE;

  if (self->hover_x < 0 || self->series->len == 0 ||
      plot->size.width <= 0 || self->view.end_ns <= self->view.start_ns)
    goto done;

  cs = g_ptr_array_index (self->series, 0);
  t = im_axis_pixel_to_time (CLAMP (self->hover_x, plot->origin.x, plot->origin.x + plot->size.width),
                             self->view.start_ns, self->view.end_ns,
                             plot->origin.x, plot->size.width);
  index = im_time_series_find_nearest (cs->series, t);
  if (index < 0)
    goto done;

  self->hover_time = im_time_series_get_times (cs->series)[index];
  self->hover_value = im_time_series_get_values (cs->series)[index];
  if (self->hover_time < self->view.start_ns || self->hover_time > self->view.end_ns)
    goto done;

  self->hover_point.x = im_axis_time_to_pixel (self->hover_time, self->view.start_ns, self->view.end_ns,
                                               plot->origin.x, plot->size.width);
  self->hover_point.y = CLAMP (im_axis_scale_to_pixel (&self->view.y_scale, self->hover_value),
                               plot->origin.y, plot->origin.y + plot->size.height);

  /* two more digits than the value axis needs */
  {
    ImAxisTicks ticks;

    if (im_axis_nice_ticks (self->view.y_scale.value_min, self->view.y_scale.value_max, 5, &ticks))
      decimals = ticks.decimals + 1;
    else
      decimals = 2;
  }

  time_text = im_axis_format_time_full (self->hover_time, NULL);
  value_text = im_axis_format_value (self->hover_value, decimals);
  if (im_time_series_has_band (cs->series))
    {
      g_autofree char *min_text = im_axis_format_value (im_time_series_get_mins (cs->series)[index], decimals);
      g_autofree char *max_text = im_axis_format_value (im_time_series_get_maxs (cs->series)[index], decimals);

      text = g_strdup_printf ("%s\n%s %s\n%s – %s", time_text,
                              value_text, self->unit ? self->unit : "",
                              min_text, max_text);
    }
  else
    text = g_strdup_printf ("%s\n%s %s", time_text, value_text, self->unit ? self->unit : "");

  if (self->hover_layout == NULL)
    self->hover_layout = im_widget_create_small_layout (GTK_WIDGET (self), text);
  else
    pango_layout_set_text (self->hover_layout, text, -1);

  self->hover_valid = TRUE;

done:
  if (was_valid || self->hover_valid)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (ImChart                  *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  im_chart_set_hover_x (self, x);
}

static void
on_leave (ImChart                  *self,
          GtkEventControllerMotion *motion)
{
  im_chart_set_hover_x (self, -1);
}

/* ---- GObject ------------------------------------------------------- */

static void
im_chart_dispose (GObject *object)
{
  ImChart *self = (ImChart *)object;

  im_chart_clear_series (self);

  G_OBJECT_CLASS (im_chart_parent_class)->dispose (object);
}

static void
im_chart_finalize (GObject *object)
{
  ImChart *self = (ImChart *)object;

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->zones, g_free);
  g_clear_pointer (&self->columns, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_object (&self->hover_layout);
  im_chart_view_clear (&self->view);
  im_widget_style_clear (&self->style);

  G_OBJECT_CLASS (im_chart_parent_class)->finalize (object);
}

static void
im_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  ImChart *self = IM_CHART (object);

  switch (prop_id)
    {
    case PROP_START_TIME:
      g_value_set_int64 (value, self->start_ns);
      break;

    case PROP_END_TIME:
      g_value_set_int64 (value, self->end_ns);
      break;

    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;

    case PROP_WINDOW:
      g_value_set_int64 (value, self->window_ns);
      break;

    case PROP_VALUE_MIN:
      g_value_set_double (value, self->value_min);
      break;

    case PROP_VALUE_MAX:
      g_value_set_double (value, self->value_max);
      break;

    case PROP_SENSOR:
      g_value_set_int (value, self->sensor);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_MAX_GAP:
      g_value_set_int64 (value, self->max_gap_ns);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  ImChart *self = IM_CHART (object);

  switch (prop_id)
    {
    case PROP_START_TIME:
      im_chart_set_time_range (self, g_value_get_int64 (value), self->end_ns);
      break;

    case PROP_END_TIME:
      im_chart_set_time_range (self, self->start_ns, g_value_get_int64 (value));
      break;

    case PROP_FOLLOW:
      im_chart_set_follow (self, g_value_get_boolean (value));
      break;

    case PROP_WINDOW:
      im_chart_set_window (self, g_value_get_int64 (value));
      break;

    case PROP_VALUE_MIN:
      im_chart_set_value_range (self, g_value_get_double (value), self->value_max);
      break;

    case PROP_VALUE_MAX:
      im_chart_set_value_range (self, self->value_min, g_value_get_double (value));
      break;

    case PROP_SENSOR:
      im_chart_set_sensor (self, g_value_get_int (value));
      break;

    case PROP_UNIT:
      im_chart_set_unit (self, g_value_get_string (value));
      break;

    case PROP_TITLE:
      im_chart_set_title (self, g_value_get_string (value));
      break;

    case PROP_MAX_GAP:
      im_chart_set_max_gap (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_chart_class_init (ImChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = im_chart_dispose;
  object_class->finalize = im_chart_finalize;
  object_class->get_property = im_chart_get_property;
  object_class->set_property = im_chart_set_property;

  widget_class->measure = im_chart_measure;
  widget_class->size_allocate = im_chart_size_allocate;
  widget_class->snapshot = im_chart_snapshot;
  widget_class->css_changed = im_chart_css_changed;
  widget_class->system_setting_changed = im_chart_system_setting_changed;

  /**
   * ImChart:start-time:
   *
   * Start of the visible range (ns since the epoch) when not following.
   */
  properties[PROP_START_TIME] =
    g_param_spec_int64 ("start-time", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_END_TIME] =
    g_param_spec_int64 ("end-time", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ImChart:follow:
   *
   * Show the last #ImChart:window up to the newest point (live data).
   */
  properties[PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WINDOW] =
    g_param_spec_int64 ("window", NULL, NULL,
                        1, G_MAXINT64, DEFAULT_WINDOW_NS,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ImChart:value-min:
   *
   * Bottom of a fixed value range. NAN (the initial value) for either end
   * means the range follows the data.
   */
  properties[PROP_VALUE_MIN] =
    g_param_spec_double ("value-min", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VALUE_MAX] =
    g_param_spec_double ("value-max", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ImChart:sensor:
   *
   * The #ImSensor whose zones and unit the chart shows, or -1.
   */
  properties[PROP_SENSOR] =
    g_param_spec_int ("sensor", NULL, NULL,
                      -1, IM_N_SENSORS - 1, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_GAP] =
    g_param_spec_int64 ("max-gap", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
im_chart_init (ImChart *self)
{
  GtkEventController *motion;

  self->series = g_ptr_array_new_with_free_func (chart_series_free);
  self->window_ns = DEFAULT_WINDOW_NS;
  self->value_min = NAN;
  self->value_max = NAN;
  self->sensor = -1;
  self->hover_x = -1;
  self->view_dirty = TRUE;
  im_chart_view_init (&self->view);
  resolve_colors (self);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (on_motion), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (on_leave), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed), self);
}

/* ---- public API ---------------------------------------------------- */

GtkWidget *
im_chart_new (void)
{
  return g_object_new (IM_TYPE_CHART, NULL);
}

void
im_chart_add_series (ImChart      *self,
                     ImTimeSeries *series)
{
  ChartSeries *cs;

  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (IM_IS_TIME_SERIES (series));

  if (find_series (self, series) >= 0)
    return;

  cs = g_new0 (ChartSeries, 1);
  cs->series = g_object_ref (series);
  g_signal_connect_object (series, "changed", G_CALLBACK (on_series_changed), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->series, cs);

  im_chart_invalidate (self);
}

void
im_chart_remove_series (ImChart      *self,
                        ImTimeSeries *series)
{
  int index;

  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (IM_IS_TIME_SERIES (series));

  index = find_series (self, series);
  if (index < 0)
    return;

  g_signal_handlers_disconnect_by_func (series, on_series_changed, self);
  g_ptr_array_remove_index (self->series, index);

  im_chart_invalidate (self);
}

void
im_chart_clear_series (ImChart *self)
{
  g_return_if_fail (IM_IS_CHART (self));

  if (self->series == NULL || self->series->len == 0)
    return;

  for (guint i = 0; i < self->series->len; i++)
    {
      ChartSeries *cs = g_ptr_array_index (self->series, i);

      g_signal_handlers_disconnect_by_func (cs->series, on_series_changed, self);
    }
  g_ptr_array_set_size (self->series, 0);

  im_chart_invalidate (self);
}

guint
im_chart_get_n_series (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), 0);

  return self->series->len;
}

ImTimeSeries *
im_chart_get_series (ImChart *self,
                     guint    index)
{
  g_return_val_if_fail (IM_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);

  return ((ChartSeries *) g_ptr_array_index (self->series, index))->series;
}

void
im_chart_set_series_color (ImChart       *self,
                           ImTimeSeries  *series,
                           const GdkRGBA *color)
{
  ChartSeries *cs;
  int index;

  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (IM_IS_TIME_SERIES (series));

  index = find_series (self, series);
  g_return_if_fail (index >= 0);

  cs = g_ptr_array_index (self->series, index);
  cs->has_color = color != NULL;
  if (color != NULL)
    cs->color = *color;

  im_chart_invalidate (self);
}

void
im_chart_get_series_color (ImChart *self,
                           guint    index,
                           GdkRGBA *color)
{
  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (index < self->series->len);
  g_return_if_fail (color != NULL);

  resolve_series_color (self, index, color);
}

void
im_chart_set_time_range (ImChart *self,
                         gint64   start_ns,
                         gint64   end_ns)
{
  g_return_if_fail (IM_IS_CHART (self));

  if (self->start_ns == start_ns && self->end_ns == end_ns)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->start_ns != start_ns)
    {
      self->start_ns = start_ns;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_TIME]);
    }
  if (self->end_ns != end_ns)
    {
      self->end_ns = end_ns;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_TIME]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  if (!self->follow)
    im_chart_invalidate (self);
}

gboolean
im_chart_get_visible_range (ImChart *self,
                            gint64  *start_ns,
                            gint64  *end_ns)
{
  gint64 start = 0, end = 0;

  g_return_val_if_fail (IM_IS_CHART (self), FALSE);

  if (self->follow)
    {
      if (!latest_time (self, &end))
        return FALSE;
      start = end - self->window_ns;
    }
  else
    {
      start = self->start_ns;
      end = self->end_ns;
      if (end <= start)
        return FALSE;
    }

  if (start_ns != NULL)
    *start_ns = start;
  if (end_ns != NULL)
    *end_ns = end;

  return TRUE;
}

gint64
im_chart_get_start_time (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), 0);

  return self->start_ns;
}

gint64
im_chart_get_end_time (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), 0);

  return self->end_ns;
}

gboolean
im_chart_get_follow (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), FALSE);

  return self->follow;
}

void
im_chart_set_follow (ImChart  *self,
                     gboolean  follow)
{
  g_return_if_fail (IM_IS_CHART (self));

  follow = !!follow;
  if (self->follow == follow)
    return;

  self->follow = follow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
  im_chart_invalidate (self);
}

gint64
im_chart_get_window (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), 0);

  return self->window_ns;
}

void
im_chart_set_window (ImChart *self,
                     gint64   window_ns)
{
  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (window_ns > 0);

  if (self->window_ns == window_ns)
    return;

  self->window_ns = window_ns;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
  if (self->follow)
    im_chart_invalidate (self);
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

void
im_chart_set_value_range (ImChart *self,
                          double   min,
                          double   max)
{
  g_return_if_fail (IM_IS_CHART (self));

  if (same_double (self->value_min, min) && same_double (self->value_max, max))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (!same_double (self->value_min, min))
    {
      self->value_min = min;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE_MIN]);
    }
  if (!same_double (self->value_max, max))
    {
      self->value_max = max;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE_MAX]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  im_chart_invalidate (self);
}

double
im_chart_get_value_min (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), NAN);

  return self->value_min;
}

double
im_chart_get_value_max (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), NAN);

  return self->value_max;
}

void
im_chart_set_zones (ImChart          *self,
                    const ImZoneBand *bands,
                    guint             n_bands)
{
  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (n_bands == 0 || bands != NULL);

  g_clear_pointer (&self->zones, g_free);
  self->n_zones = n_bands;
  if (n_bands > 0)
    self->zones = g_memdup2 (bands, sizeof (ImZoneBand) * n_bands);

  im_chart_invalidate (self);
}

void
im_chart_set_sensor (ImChart *self,
                     int      sensor)
{
  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (sensor >= -1 && sensor < IM_N_SENSORS);

  if (self->sensor == sensor)
    return;

  self->sensor = sensor;

  if (sensor >= 0)
    {
      const ImZoneBand *bands;
      guint n_bands = 0;

      bands = im_sensor_zone_bands (sensor, &n_bands);
      im_chart_set_zones (self, bands, n_bands);
      im_chart_set_unit (self, im_sensor_unit (sensor));
    }
  else
    {
      im_chart_set_zones (self, NULL, 0);
      im_chart_set_unit (self, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENSOR]);
}

int
im_chart_get_sensor (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), -1);

  return self->sensor;
}

const char *
im_chart_get_unit (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), NULL);

  return self->unit;
}

void
im_chart_set_unit (ImChart    *self,
                   const char *unit)
{
  g_return_if_fail (IM_IS_CHART (self));

  if (g_strcmp0 (self->unit, unit) == 0)
    return;

  g_free (self->unit);
  self->unit = g_strdup (unit);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
  im_chart_invalidate (self);
}

const char *
im_chart_get_title (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), NULL);

  return self->title;
}

void
im_chart_set_title (ImChart    *self,
                    const char *title)
{
  g_return_if_fail (IM_IS_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);

  if (title != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gint64
im_chart_get_max_gap (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), 0);

  return self->max_gap_ns;
}

void
im_chart_set_max_gap (ImChart *self,
                      gint64   max_gap_ns)
{
  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (max_gap_ns >= 0);

  if (self->max_gap_ns == max_gap_ns)
    return;

  self->max_gap_ns = max_gap_ns;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_GAP]);
  im_chart_invalidate (self);
}

void
im_chart_set_hover_x (ImChart *self,
                      double   x)
{
  g_return_if_fail (IM_IS_CHART (self));

  self->hover_x = x < 0 ? -1 : x;
  im_chart_update_hover (self);
}

gboolean
im_chart_get_hover_point (ImChart *self,
                          gint64  *time_ns,
                          double  *value)
{
  g_return_val_if_fail (IM_IS_CHART (self), FALSE);

  if (!self->hover_valid)
    return FALSE;

  if (time_ns != NULL)
    *time_ns = self->hover_time;
  if (value != NULL)
    *value = self->hover_value;

  return TRUE;
}

void
im_chart_get_plot_area (ImChart         *self,
                        graphene_rect_t *area)
{
  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (area != NULL);

  *area = self->view.plot;
}

guint
im_chart_get_render_count (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), 0);

  return self->render_count;
}

const ImChartView *
im_chart_get_view (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), NULL);

  return &self->view;
}

void
im_chart_get_timings (ImChart *self,
                      gint64  *rebuild_usec,
                      gint64  *paint_usec)
{
  g_return_if_fail (IM_IS_CHART (self));

  if (rebuild_usec != NULL)
    *rebuild_usec = self->rebuild_usec;
  if (paint_usec != NULL)
    *paint_usec = self->paint_usec;
}
