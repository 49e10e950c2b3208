/* im-sparkline.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-sparkline"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-enum-types.h"
#include "im-decimate.h"
#include "im-reading.h"
#include "im-sparkline.h"
#include "im-widgets-private.h"

#define LINE_WIDTH 1.5


struct _ImSparkline
{
  ImDrawing         parent_instance;

  double           *values;
  gint64           *index_times;   /* 0, 1, 2, … for the decimation */
  guint             n_values;
  ImSensor          sensor;

  /* Computed in rebuild(). */
  int               width;
  int               height;
  GArray           *points;        /* ImPathPoint */
  float             baseline_y;
  GdkRGBA           line_color;

  guint             fill : 1;
};

enum {
  PROP_0,
  PROP_SENSOR,
  PROP_FILL,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ImSparkline, im_sparkline, IM_TYPE_DRAWING)

static GParamSpec *properties[N_PROPS];

static gboolean
last_finite (ImSparkline *self,
             double      *value)
{
  for (guint i = self->n_values; i > 0; i--)
    {
      if (isfinite (self->values[i - 1]))
        {
          *value = self->values[i - 1];
          return TRUE;
        }
    }
  return FALSE;
}

static void
resolve_line_color (ImSparkline *self)
{
  const ImWidgetStyle *style = im_drawing_get_style (IM_DRAWING (self));
  double last;

  if (self->sensor != IM_SENSOR_NONE && last_finite (self, &last))
    self->line_color = style->zones[im_sensor_zone (self->sensor, last)];
  else
    self->line_color = style->accent;
}

static void
add_point (GArray   *points,
           float     x,
           float     y,
           gboolean  move)
{
  ImPathPoint p = { x, y, move };

  g_array_append_val (points, p);
}

/* Values to pixels, one min/max pair per column at most. */
static void
im_sparkline_rebuild (ImDrawing *drawing,
                      int        width,
                      int        height)
{
  ImSparkline *self = IM_SPARKLINE (drawing);
  g_autofree ImDecimateColumn *columns = NULL;
  double lo = INFINITY, hi = -INFINITY;
  float top = LINE_WIDTH, bottom = height - LINE_WIDTH;
  float left = LINE_WIDTH, span_x = width - 2 * LINE_WIDTH;
  guint n_columns;

  self->width = width;
  self->height = height;
  g_array_set_size (self->points, 0);
  self->baseline_y = bottom;
  resolve_line_color (self);

  if (self->n_values == 0 || width <= 2 * LINE_WIDTH || height <= 2 * LINE_WIDTH)
    return;

  for (guint i = 0; i < self->n_values; i++)
    {
      if (isfinite (self->values[i]))
        {
          lo = MIN (lo, self->values[i]);
          hi = MAX (hi, self->values[i]);
        }
    }
  if (lo > hi)
    return;
  if (hi - lo < 1e-12)
    {
      /* a flat series: a line across the middle */
      lo -= 1;
      hi += 1;
    }

#define Y_OF(v) ((float) (bottom - ((v) - lo) / (hi - lo) * (bottom - top)))

  if (self->n_values == 1)
    {
      float y = Y_OF (self->values[0]);

      add_point (self->points, left, y, TRUE);
      add_point (self->points, left + span_x, y, FALSE);
      return;
    }

  n_columns = (guint) MAX (1, ceilf (span_x * gtk_widget_get_scale_factor (GTK_WIDGET (self))));
  columns = g_new (ImDecimateColumn, n_columns);
  im_decimate (self->index_times, self->values, self->n_values,
               0, self->n_values - 1, 0, columns, n_columns, NULL, NULL);

  for (guint c = 0; c < n_columns; c++)
    {
      const ImDecimateColumn *col = &columns[c];
      float x_first, x_last;

      if (col->n == 0)
        continue;

      x_first = left + (float) col->first_time / (self->n_values - 1) * span_x;
      x_last = left + (float) col->last_time / (self->n_values - 1) * span_x;

      add_point (self->points, x_first, Y_OF (col->first), col->gap_before);
      if (col->gap_before)
        add_point (self->points, x_first, Y_OF (col->first), FALSE);
      if (col->n > 1)
        {
          gboolean rising = col->last >= col->first;

          add_point (self->points, x_first, Y_OF (rising ? col->min : col->max), FALSE);
          add_point (self->points, x_first, Y_OF (rising ? col->max : col->min), FALSE);
          add_point (self->points, x_last, Y_OF (col->last), FALSE);
        }
    }

#undef Y_OF
}

static void
im_sparkline_paint (ImDrawing   *drawing,
                    GtkSnapshot *snapshot)
{
  ImSparkline *self = IM_SPARKLINE (drawing);
  const ImPathPoint *points = (const ImPathPoint *) (gpointer) self->points->data;
  guint n = self->points->len;
  cairo_t *cr;

  if (n == 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->width, self->height));

  if (self->fill)
    {
      GdkRGBA fill = self->line_color;
      guint piece = 0;

      fill.alpha *= 0.2f;
      gdk_cairo_set_source_rgba (cr, &fill);
      for (guint i = 1; i <= n; i++)
        {
          if (i == n || points[i].move)
            {
              cairo_move_to (cr, points[piece].x, self->baseline_y);
              for (guint k = piece; k < i; k++)
                cairo_line_to (cr, points[k].x, points[k].y);
              cairo_line_to (cr, points[i - 1].x, self->baseline_y);
              cairo_close_path (cr);
              piece = i;
            }
        }
      cairo_fill (cr);
    }

  gdk_cairo_set_source_rgba (cr, &self->line_color);
  im_cairo_stroke_path (cr, points, n, LINE_WIDTH);
  cairo_destroy (cr);
}

/* ---- GtkWidget ----------------------------------------------------- */

static void
im_sparkline_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 48;
      *natural = 120;
    }
  else
    {
      *minimum = 16;
      *natural = 32;
    }
}

/* ---- GObject ------------------------------------------------------- */

static void
im_sparkline_finalize (GObject *object)
{
  ImSparkline *self = (ImSparkline *)object;

  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->index_times, g_free);
  g_clear_pointer (&self->points, g_array_unref);

  G_OBJECT_CLASS (im_sparkline_parent_class)->finalize (object);
}

static void
im_sparkline_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ImSparkline *self = IM_SPARKLINE (object);

  switch (prop_id)
    {
    case PROP_SENSOR:
      g_value_set_enum (value, self->sensor);
      break;

    case PROP_FILL:
      g_value_set_boolean (value, self->fill);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_sparkline_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ImSparkline *self = IM_SPARKLINE (object);

  switch (prop_id)
    {
    case PROP_SENSOR:
      im_sparkline_set_sensor (self, g_value_get_enum (value));
      break;

    case PROP_FILL:
      im_sparkline_set_fill (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_sparkline_class_init (ImSparklineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ImDrawingClass *drawing_class = IM_DRAWING_CLASS (klass);

  object_class->finalize = im_sparkline_finalize;
  object_class->get_property = im_sparkline_get_property;
  object_class->set_property = im_sparkline_set_property;

  widget_class->measure = im_sparkline_measure;

  drawing_class->rebuild = im_sparkline_rebuild;
  drawing_class->paint = im_sparkline_paint;

  /**
   * ImSparkline:sensor:
   *
   * The #ImSensor whose zones colour the line, or %IM_SENSOR_NONE for the accent colour.
   */
  properties[PROP_SENSOR] =
    g_param_spec_enum ("sensor", NULL, NULL,
                       IM_TYPE_SENSOR, IM_SENSOR_NONE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FILL] =
    g_param_spec_boolean ("fill", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
im_sparkline_init (ImSparkline *self)
{
  self->sensor = IM_SENSOR_NONE;
  self->fill = TRUE;
  self->points = g_array_new (FALSE, FALSE, sizeof (ImPathPoint));
  resolve_line_color (self);
}

/* ---- public API ---------------------------------------------------- */

GtkWidget *
im_sparkline_new (void)
{
  return g_object_new (IM_TYPE_SPARKLINE, NULL);
}

void
im_sparkline_set_values (ImSparkline  *self,
                         const double *values,
                         guint         n_values)
{
  g_return_if_fail (IM_IS_SPARKLINE (self));
  g_return_if_fail (n_values == 0 || values != NULL);

  if (n_values != self->n_values)
    {
      self->values = g_renew (double, self->values, MAX (n_values, 1));
      self->index_times = g_renew (gint64, self->index_times, MAX (n_values, 1));
      for (guint i = 0; i < n_values; i++)
        self->index_times[i] = i;
      self->n_values = n_values;
    }
  if (n_values > 0)
    memcpy (self->values, values, n_values * sizeof (double));

  im_drawing_invalidate (IM_DRAWING (self));
}

const double *
im_sparkline_get_values (ImSparkline *self,
                         guint       *n_values)
{
  g_return_val_if_fail (IM_IS_SPARKLINE (self), NULL);

  if (n_values != NULL)
    *n_values = self->n_values;

  return self->n_values > 0 ? self->values : NULL;
}

ImSensor
im_sparkline_get_sensor (ImSparkline *self)
{
  g_return_val_if_fail (IM_IS_SPARKLINE (self), IM_SENSOR_NONE);

  return self->sensor;
}

void
im_sparkline_set_sensor (ImSparkline *self,
                         ImSensor     sensor)
{
  g_return_if_fail (IM_IS_SPARKLINE (self));
  g_return_if_fail (sensor >= IM_SENSOR_NONE && sensor < IM_N_SENSORS);

  if (self->sensor == sensor)
    return;

  self->sensor = sensor;
  im_drawing_invalidate (IM_DRAWING (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENSOR]);
}

gboolean
im_sparkline_get_fill (ImSparkline *self)
{
  g_return_val_if_fail (IM_IS_SPARKLINE (self), FALSE);

  return self->fill;
}

void
im_sparkline_set_fill (ImSparkline *self,
                       gboolean     fill)
{
  g_return_if_fail (IM_IS_SPARKLINE (self));

  fill = !!fill;
  if (self->fill == fill)
    return;

  self->fill = fill;
  im_drawing_invalidate (IM_DRAWING (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILL]);
}

void
im_sparkline_get_line_color (ImSparkline *self,
                             GdkRGBA     *color)
{
  g_return_if_fail (IM_IS_SPARKLINE (self));
  g_return_if_fail (color != NULL);

  resolve_line_color (self);
  *color = self->line_color;
}
