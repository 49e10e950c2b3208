/* im-chart.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "im-enum-types.h"
#include "im-axis.h"
#include "im-chart.h"
#include "im-chart-private.h"
#include "im-decimate.h"
#include "im-reading.h"
#include "im-time-zone.h"
#include "im-units.h"
#include "im-util.h"
#include "im-widgets-private.h"

#define HOVER_PAD           6
/* Beyond a gap's edge, how near the pointer still finds its point. */
#define HOVER_REACH_PX      4

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

G_DEFINE_FINAL_TYPE (ImChart, im_chart, IM_TYPE_DRAWING)

static GParamSpec *properties[N_PROPS];

/* Line colours after the accent colour (GNOME palette). */
static const char * const palette[] = {
  "#e66100", "#2ec27e", "#9141ac", "#c01c28", "#986a44", "#f5c211",
};

static void     im_chart_update_hover (ImChart *self);
static void     resolve_colors        (ImChart *self);

static void
chart_series_free (gpointer data)
{
  ChartSeries *cs = data;

  g_clear_object (&cs->series);
  g_free (cs);
}

static void
on_series_changed (ImChart      *self,
                   ImTimeSeries *series)
{
  g_assert (IM_IS_CHART (self));

  im_drawing_invalidate (IM_DRAWING (self));
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

void
im_chart_resolve_series_color (ImChart *self,
                               guint    index,
                               GdkRGBA *color)
{
  ChartSeries *cs = g_ptr_array_index (self->series, index);

  if (cs->has_color)
    *color = cs->color;
  else if (index == 0)
    *color = im_drawing_get_style (IM_DRAWING (self))->accent;
  else
    gdk_rgba_parse (color, palette[(index - 1) % G_N_ELEMENTS (palette)]);
}

/* The view's colours from the style. */
static void
resolve_colors (ImChart *self)
{
  const ImWidgetStyle *style = im_drawing_get_style (IM_DRAWING (self));
  ImChartView *view = &self->view;

  view->fg_color = style->fg;
  view->grid_color = view->fg_color;
  view->grid_color.alpha *= 0.10f;
  view->axis_color = view->fg_color;
  view->axis_color.alpha *= 0.35f;
  view->label_color = view->fg_color;
  view->label_color.alpha *= 0.70f;

  /* On a dark background the faint bands need more colour to be told
   * apart. */
  for (guint z = IM_ZONE_NORMAL; z <= IM_ZONE_CRITICAL; z++)
    {
      view->zone_colors[z] = style->zones[z];
      view->zone_colors[z].alpha = im_widget_is_dark (GTK_WIDGET (self)) ? 0.20f : 0.12f;
    }
}

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
im_chart_rebuild (ImDrawing *drawing,
                  int        width,
                  int        height)
{
  ImChart *self = IM_CHART (drawing);
  gint64 begin = g_get_monotonic_time ();

  /* a large chart's view follows from a thread (im-chart-worker.c) */
  if (!im_chart_build_view (self, width, height))
    return;

  im_chart_view_changed (self);
  self->rebuild_usec = g_get_monotonic_time () - begin;
}

void
im_chart_view_changed (ImChart *self)
{
  self->n_views++;
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
im_chart_style_changed (ImDrawing *drawing)
{
  ImChart *self = IM_CHART (drawing);

  /* colours, fonts or the scale: the labels are laid out again */
  resolve_colors (self);
  g_clear_object (&self->hover_layout);
}

/* The layers are painted once per change of data, range, size or
 * style; later frames (hover, other widgets) reuse the node. */
static void
im_chart_paint (ImDrawing   *drawing,
                GtkSnapshot *snapshot)
{
  ImChart *self = IM_CHART (drawing);
  gint64 begin = g_get_monotonic_time ();

  im_chart_layers_snapshot (&self->view, snapshot);

  self->render_count++;
  self->paint_usec = g_get_monotonic_time () - begin;
}

static void
snapshot_hover (ImChart     *self,
                GtkSnapshot *snapshot)
{
  const ImWidgetStyle *style = im_drawing_get_style (IM_DRAWING (self));
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
  gdk_cairo_set_source_rgba (cr, &style->popover_bg);
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
  gtk_snapshot_append_color (snapshot, &style->popover_bg, &rect);
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
  gtk_snapshot_append_layout (snapshot, self->hover_layout, &style->popover_fg);
  gtk_snapshot_restore (snapshot);
}

/* A band of the accent colour over the selected time range. */
static void
snapshot_selection (ImChart     *self,
                    GtkSnapshot *snapshot)
{
  const ImWidgetStyle *style = im_drawing_get_style (IM_DRAWING (self));
  const graphene_rect_t *plot = &self->view.plot;
  GdkRGBA fill = style->accent;
  double x0, x1;

  if (self->selection_start_ns == self->selection_end_ns || self->view.end_ns <= self->view.start_ns)
    return;

  x0 = im_axis_time_to_pixel (MIN (self->selection_start_ns, self->selection_end_ns),
                              self->view.start_ns, self->view.end_ns,
                              plot->origin.x, plot->size.width);
  x1 = im_axis_time_to_pixel (MAX (self->selection_start_ns, self->selection_end_ns),
                              self->view.start_ns, self->view.end_ns,
                              plot->origin.x, plot->size.width);
  x0 = CLAMP (x0, plot->origin.x, plot->origin.x + plot->size.width);
  x1 = CLAMP (x1, plot->origin.x, plot->origin.x + plot->size.width);

  fill.alpha = 0.18f;
  gtk_snapshot_append_color (snapshot, &fill,
                             &GRAPHENE_RECT_INIT (x0, plot->origin.y, x1 - x0, plot->size.height));
}

static void
im_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  ImChart *self = IM_CHART (widget);

  if (self->view.width <= 0 || self->view.height <= 0)
    return;

  /* the cached layers, and the selection and hover marker on top of them */
  GTK_WIDGET_CLASS (im_chart_parent_class)->snapshot (widget, snapshot);
  snapshot_selection (self, snapshot);
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

  /* In a gap the line leaves, the marker does not snap to a point
   * across it: a point stands for half the largest joined distance
   * around it, or a few pixels, whichever is wider. */
  if (self->max_gap_ns > 0)
    {
      gint64 px_ns = (gint64) ((self->view.end_ns - self->view.start_ns) / plot->size.width);
      gint64 reach_ns = MAX (self->max_gap_ns / 2, HOVER_REACH_PX * px_ns);

      if (ABS (t - self->hover_time) > reach_ns)
        goto done;
    }

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

  {
    g_autofree char *when = im_axis_format_time_full (self->hover_time, NULL);
    g_autofree char *zone = im_time_zone_dup_abbreviation (NULL, self->hover_time);

    /* "2026-11-28 14:05:30 CET": the zone the axis is in too */
    time_text = g_strdup_printf ("%s %s", when, zone);
  }
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
  g_assert (IM_IS_CHART (self));

  im_chart_set_hover_x (self, x);
}

static void
on_leave (ImChart                  *self,
          GtkEventControllerMotion *motion)
{
  g_assert (IM_IS_CHART (self));

  im_chart_set_hover_x (self, -1);
}

/* ---- GObject ------------------------------------------------------- */

static void
im_chart_dispose (GObject *object)
{
  ImChart *self = (ImChart *)object;

  im_chart_cancel_build (self);
  im_chart_clear_series (self);

  G_OBJECT_CLASS (im_chart_parent_class)->dispose (object);
}

static void
im_chart_finalize (GObject *object)
{
  ImChart *self = (ImChart *)object;

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->zones, g_free);
  g_clear_pointer (&self->columns, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_object (&self->hover_layout);
  im_chart_view_clear (&self->view);

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
      g_value_set_enum (value, self->sensor);
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
      im_chart_set_sensor (self, g_value_get_enum (value));
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
  ImDrawingClass *drawing_class = IM_DRAWING_CLASS (klass);

  object_class->dispose = im_chart_dispose;
  object_class->finalize = im_chart_finalize;
  object_class->get_property = im_chart_get_property;
  object_class->set_property = im_chart_set_property;

  widget_class->measure = im_chart_measure;
  widget_class->snapshot = im_chart_snapshot;

  drawing_class->rebuild = im_chart_rebuild;
  drawing_class->paint = im_chart_paint;
  drawing_class->style_changed = im_chart_style_changed;

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
  /* NAN fails g_param_spec_double()'s range check, yet is the default. */
  G_PARAM_SPEC_DOUBLE (properties[PROP_VALUE_MIN])->default_value = NAN;

  properties[PROP_VALUE_MAX] =
    g_param_spec_double ("value-max", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  G_PARAM_SPEC_DOUBLE (properties[PROP_VALUE_MAX])->default_value = NAN;

  /**
   * ImChart:sensor:
   *
   * The #ImSensor whose zones and unit the chart shows, or %IM_SENSOR_NONE.
   */
  properties[PROP_SENSOR] =
    g_param_spec_enum ("sensor", NULL, NULL,
                       IM_TYPE_SENSOR, IM_SENSOR_NONE,
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
  self->sensor = IM_SENSOR_NONE;
  self->hover_x = -1;
  self->threaded_min_points = IM_CHART_THREADED_MIN_POINTS;
  im_chart_view_init (&self->view);
  resolve_colors (self);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (on_motion), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (on_leave), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
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

  im_drawing_invalidate (IM_DRAWING (self));
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

  im_drawing_invalidate (IM_DRAWING (self));
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

  im_drawing_invalidate (IM_DRAWING (self));
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

  im_drawing_invalidate (IM_DRAWING (self));
}

void
im_chart_get_series_color (ImChart *self,
                           guint    index,
                           GdkRGBA *color)
{
  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (index < self->series->len);
  g_return_if_fail (color != NULL);

  im_chart_resolve_series_color (self, index, color);
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
    im_drawing_invalidate (IM_DRAWING (self));
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
  im_drawing_invalidate (IM_DRAWING (self));
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
    im_drawing_invalidate (IM_DRAWING (self));
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

  im_drawing_invalidate (IM_DRAWING (self));
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

  im_drawing_invalidate (IM_DRAWING (self));
}

void
im_chart_set_sensor (ImChart  *self,
                     ImSensor  sensor)
{
  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (sensor >= IM_SENSOR_NONE && sensor < IM_N_SENSORS);

  if (self->sensor == sensor)
    return;

  self->sensor = sensor;
  im_chart_update_units (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENSOR]);
}

void
im_chart_update_units (ImChart *self)
{
  g_return_if_fail (IM_IS_CHART (self));

  if (self->sensor != IM_SENSOR_NONE)
    {
      const ImZoneBand *bands;
      g_autofree ImZoneBand *shown = NULL;
      guint n_bands = 0;

      /* the bands in the unit the series' values are shown in */
      bands = im_sensor_zone_bands (self->sensor, &n_bands);
      shown = g_memdup2 (bands, sizeof (ImZoneBand) * n_bands);
      for (guint i = 0; i < n_bands; i++)
        {
          shown[i].low = im_units_convert (NULL, self->sensor, bands[i].low);
          shown[i].high = im_units_convert (NULL, self->sensor, bands[i].high);
        }
      im_chart_set_zones (self, shown, n_bands);
      im_chart_set_unit (self, im_units_get_symbol (NULL, self->sensor));
    }
  else
    {
      im_chart_set_zones (self, NULL, 0);
      im_chart_set_unit (self, NULL);
    }
}

ImSensor
im_chart_get_sensor (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), IM_SENSOR_NONE);

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
  im_drawing_invalidate (IM_DRAWING (self));
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
  im_drawing_invalidate (IM_DRAWING (self));
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

void
im_chart_draw (ImChart *self,
               cairo_t *cr)
{
  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  if (self->view.width <= 0 || self->view.height <= 0)
    return;

  im_chart_layers_draw (&self->view, cr);
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

void
im_chart_set_selection (ImChart *self,
                        gint64   start_ns,
                        gint64   end_ns)
{
  g_return_if_fail (IM_IS_CHART (self));

  if (self->selection_start_ns == start_ns && self->selection_end_ns == end_ns)
    return;

  self->selection_start_ns = start_ns;
  self->selection_end_ns = end_ns;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
im_chart_get_selection (ImChart *self,
                        gint64  *start_ns,
                        gint64  *end_ns)
{
  g_return_val_if_fail (IM_IS_CHART (self), FALSE);

  if (start_ns != NULL)
    *start_ns = MIN (self->selection_start_ns, self->selection_end_ns);
  if (end_ns != NULL)
    *end_ns = MAX (self->selection_start_ns, self->selection_end_ns);

  return self->selection_start_ns != self->selection_end_ns;
}
