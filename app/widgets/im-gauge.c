/* im-gauge.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-gauge"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "im-enum-types.h"
#include "im-axis.h"
#include "im-gauge.h"
#include "im-reading.h"
#include "im-units.h"
#include "im-widgets-private.h"

/* The arc runs clockwise from lower left to lower right, open at the
 * bottom: 240 degrees starting at 150 (cairo angles, y down). */
#define ARC_START (150.0 * G_PI / 180.0)
#define ARC_SWEEP (240.0 * G_PI / 180.0)
#define PAD       4.0

struct _ImGauge
{
  ImDrawing      parent_instance;

  ImSensor       sensor;
  double         value;
  double         range_min;
  double         range_max;

  /* Geometry and layouts, computed in rebuild(). */
  int            width;
  int            height;
  double         cx;
  double         cy;
  double         radius;
  double         thickness;
  PangoLayout   *value_layout;
  PangoLayout   *unit_layout;
  PangoLayout   *min_layout;
  PangoLayout   *max_layout;

  /* The arc with its zones and the range labels are the cached paint();
   * the value is painted over them each frame. */
};

enum {
  PROP_0,
  PROP_SENSOR,
  PROP_VALUE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ImGauge, im_gauge, IM_TYPE_DRAWING)

static GParamSpec *properties[N_PROPS];

static int
value_decimals (ImGauge *self)
{
  double span = self->range_max - self->range_min;

  if (span <= 10)
    return 2;
  if (span <= 200)
    return 1;
  return 0;
}

static double
value_to_angle (ImGauge *self,
                double   value)
{
  double span = self->range_max - self->range_min;
  double f = span > 0 ? (value - self->range_min) / span : 0;

  return ARC_START + CLAMP (f, 0.0, 1.0) * ARC_SWEEP;
}


static void
update_accessible (ImGauge *self)
{
  g_autofree char *text = im_gauge_dup_value_text (self);

  if (isnan (self->value))
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, self->range_min,
                                    GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, self->range_max,
                                    GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, _("No data"),
                                    -1);
  else
    {
      g_autofree char *value_text = g_strdup_printf ("%s %s", text,
                                                     im_units_get_symbol (NULL, self->sensor));

      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, self->range_min,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, self->range_max,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->value,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, value_text,
                                      -1);
    }
}

static PangoLayout *
create_value_layout (ImGauge *self)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoAttrList *attrs = pango_attr_list_new ();
  int px = MAX (8, (int) (self->radius * 0.28));

  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_size_new_absolute (px * PANGO_SCALE));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
}

static void
update_value_text (ImGauge *self)
{
  g_autofree char *text = im_gauge_dup_value_text (self);

  if (self->value_layout != NULL)
    pango_layout_set_text (self->value_layout, text, -1);
}

/* Geometry and layouts for the current size and style. */
static void
im_gauge_rebuild (ImDrawing *drawing,
                  int        width,
                  int        height)
{
  ImGauge *self = IM_GAUGE (drawing);
  g_autofree char *min_text = NULL;
  g_autofree char *max_text = NULL;
  double avail_w = MAX (0, width - 2 * PAD);
  double avail_h = MAX (0, height - 2 * PAD);
  int label_h;

  self->width = width;
  self->height = height;

  /* the range labels set the room under the ends of the arc */
  g_clear_object (&self->unit_layout);
  self->unit_layout = im_widget_create_small_layout (GTK_WIDGET (self),
                                                     im_units_get_symbol (NULL, self->sensor));
  pango_layout_get_pixel_size (self->unit_layout, NULL, &label_h);

  /* the arc is 2r wide and r (1 + sin 30°) = 1.5 r tall, with a line of
   * small text under its ends; the value (0.28 r) and unit fit in the
   * opening between them */
  self->radius = MAX (0, MIN (avail_w / 2.0, (avail_h - label_h - 2) / 1.5));
  self->thickness = MAX (4.0, self->radius * 0.16);
  self->cx = width / 2.0;
  self->cy = PAD + self->radius + (avail_h - 1.5 * self->radius - label_h - 2) / 2.0;

  g_clear_object (&self->value_layout);
  self->value_layout = create_value_layout (self);
  update_value_text (self);

  min_text = im_axis_format_value (im_units_convert (NULL, self->sensor, self->range_min), 0);
  max_text = im_axis_format_value (im_units_convert (NULL, self->sensor, self->range_max), 0);
  g_clear_object (&self->min_layout);
  g_clear_object (&self->max_layout);
  self->min_layout = im_widget_create_small_layout (GTK_WIDGET (self), min_text);
  self->max_layout = im_widget_create_small_layout (GTK_WIDGET (self), max_text);
}

static void
append_layout_at (GtkSnapshot   *snapshot,
                  PangoLayout   *layout,
                  double         x,
                  double         y,
                  const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
im_gauge_paint (ImDrawing   *drawing,
                GtkSnapshot *snapshot)
{
  ImGauge *self = IM_GAUGE (drawing);
  const ImWidgetStyle *style = im_drawing_get_style (drawing);
  const ImZoneBand *bands;
  guint n_bands = 0;
  double r = self->radius - self->thickness / 2.0;
  GdkRGBA label_color = style->fg;
  cairo_t *cr;
  int w, h;

  if (self->radius < 8)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->width, self->height));
  cairo_set_line_width (cr, self->thickness);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  /* the zone track, faint */
  bands = im_sensor_zone_bands (self->sensor, &n_bands);
  for (guint i = 0; i < n_bands; i++)
    {
      GdkRGBA color = style->zones[bands[i].zone];

      color.alpha = 0.30f;
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_new_path (cr);
      cairo_arc (cr, self->cx, self->cy, r,
                 value_to_angle (self, bands[i].low),
                 value_to_angle (self, bands[i].high));
      cairo_stroke (cr);
    }
  cairo_destroy (cr);

  /* the range under the ends of the arc */
  label_color.alpha *= 0.6f;
  pango_layout_get_pixel_size (self->min_layout, &w, &h);
  append_layout_at (snapshot, self->min_layout,
                    self->cx + r * cos (ARC_START) - w / 2.0,
                    self->cy + self->radius * sin (ARC_START) + 2,
                    &label_color);
  pango_layout_get_pixel_size (self->max_layout, &w, &h);
  append_layout_at (snapshot, self->max_layout,
                    self->cx + r * cos (ARC_START + ARC_SWEEP) - w / 2.0,
                    self->cy + self->radius * sin (ARC_START) + 2,
                    &label_color);
}

/* ---- GtkWidget ----------------------------------------------------- */

static void
im_gauge_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 96;
      *natural = 160;
    }
  else
    {
      *minimum = 72;
      *natural = 120;
    }
}

static void
im_gauge_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  ImGauge *self = IM_GAUGE (widget);
  const ImWidgetStyle *style = im_drawing_get_style (IM_DRAWING (self));
  double r = self->radius - self->thickness / 2.0;
  int w, h, uw, uh;
  double text_y;

  if (self->width <= 0 || self->height <= 0 || self->value_layout == NULL)
    return;

  /* the cached arc, then the value over it */
  GTK_WIDGET_CLASS (im_gauge_parent_class)->snapshot (widget, snapshot);

  if (self->radius < 8)
    return;

  if (!isnan (self->value))
    {
      ImZone zone = im_gauge_get_zone (self);
      double angle = value_to_angle (self, self->value);
      double needle = r - self->thickness / 2.0 - 2;
      cairo_t *cr;

      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->width, self->height));

      /* the value arc, in the colour of its zone */
      cairo_set_line_width (cr, self->thickness);
      gdk_cairo_set_source_rgba (cr, &style->zones[zone]);
      cairo_arc (cr, self->cx, self->cy, r, ARC_START, MAX (angle, ARC_START + 0.01));
      cairo_stroke (cr);

      /* the needle and its hub */
      gdk_cairo_set_source_rgba (cr, &style->fg);
      cairo_set_line_width (cr, MAX (2.0, self->radius * 0.03));
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_move_to (cr, self->cx, self->cy);
      cairo_line_to (cr, self->cx + needle * cos (angle), self->cy + needle * sin (angle));
      cairo_stroke (cr);
      cairo_arc (cr, self->cx, self->cy, MAX (3.0, self->radius * 0.06), 0, 2 * G_PI);
      cairo_fill (cr);

      cairo_destroy (cr);
    }

  /* the value and unit under the hub, between the ends of the arc */
  pango_layout_get_pixel_size (self->value_layout, &w, &h);
  pango_layout_get_pixel_size (self->unit_layout, &uw, &uh);
  text_y = self->cy + MAX (3.0, self->radius * 0.06) + 2;
  append_layout_at (snapshot, self->value_layout, self->cx - w / 2.0, text_y, &style->fg);
  append_layout_at (snapshot, self->unit_layout, self->cx - uw / 2.0, text_y + h, &style->fg);
}

/* ---- GObject ------------------------------------------------------- */

static void
im_gauge_finalize (GObject *object)
{
  ImGauge *self = (ImGauge *)object;

  g_clear_object (&self->value_layout);
  g_clear_object (&self->unit_layout);
  g_clear_object (&self->min_layout);
  g_clear_object (&self->max_layout);

  G_OBJECT_CLASS (im_gauge_parent_class)->finalize (object);
}

static void
im_gauge_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  ImGauge *self = IM_GAUGE (object);

  switch (prop_id)
    {
    case PROP_SENSOR:
      g_value_set_enum (value, self->sensor);
      break;

    case PROP_VALUE:
      g_value_set_double (value, self->value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_gauge_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  ImGauge *self = IM_GAUGE (object);

  switch (prop_id)
    {
    case PROP_SENSOR:
      im_gauge_set_sensor (self, g_value_get_enum (value));
      break;

    case PROP_VALUE:
      im_gauge_set_value (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_gauge_class_init (ImGaugeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ImDrawingClass *drawing_class = IM_DRAWING_CLASS (klass);

  object_class->finalize = im_gauge_finalize;
  object_class->get_property = im_gauge_get_property;
  object_class->set_property = im_gauge_set_property;

  widget_class->measure = im_gauge_measure;
  widget_class->snapshot = im_gauge_snapshot;

  drawing_class->rebuild = im_gauge_rebuild;
  drawing_class->paint = im_gauge_paint;

  /**
   * ImGauge:sensor:
   *
   * The #ImSensor shown: its range, zones and unit.
   */
  properties[PROP_SENSOR] =
    g_param_spec_enum ("sensor", NULL, NULL,
                       IM_TYPE_SENSOR, IM_SENSOR_TEMPERATURE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ImGauge:value:
   *
   * The value shown; NAN (the initial value) means no data.
   */
  properties[PROP_VALUE] =
    g_param_spec_double ("value", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "gauge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
}

static void
im_gauge_init (ImGauge *self)
{
  self->sensor = IM_SENSOR_TEMPERATURE;
  self->value = NAN;
  im_sensor_display_range (self->sensor, &self->range_min, &self->range_max);
  update_accessible (self);
}

/* ---- public API ---------------------------------------------------- */

GtkWidget *
im_gauge_new (void)
{
  return g_object_new (IM_TYPE_GAUGE, NULL);
}

GtkWidget *
im_gauge_new_for_sensor (ImSensor sensor)
{
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);

  return g_object_new (IM_TYPE_GAUGE, "sensor", (int) sensor, NULL);
}

ImSensor
im_gauge_get_sensor (ImGauge *self)
{
  g_return_val_if_fail (IM_IS_GAUGE (self), IM_SENSOR_TEMPERATURE);

  return self->sensor;
}

void
im_gauge_set_sensor (ImGauge  *self,
                     ImSensor  sensor)
{
  g_return_if_fail (IM_IS_GAUGE (self));
  g_return_if_fail ((guint) sensor < IM_N_SENSORS);

  if (self->sensor == sensor)
    return;

  self->sensor = sensor;
  im_sensor_display_range (sensor, &self->range_min, &self->range_max);
  update_accessible (self);
  im_drawing_invalidate (IM_DRAWING (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENSOR]);
}

double
im_gauge_get_value (ImGauge *self)
{
  g_return_val_if_fail (IM_IS_GAUGE (self), NAN);

  return self->value;
}

void
im_gauge_set_value (ImGauge *self,
                    double   value)
{
  g_return_if_fail (IM_IS_GAUGE (self));

  if (!isfinite (value))
    value = NAN;

  if (self->value == value || (isnan (self->value) && isnan (value)))
    return;

  self->value = value;
  /* the arc stays cached; only the value is painted again */
  update_value_text (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

ImZone
im_gauge_get_zone (ImGauge *self)
{
  g_return_val_if_fail (IM_IS_GAUGE (self), IM_ZONE_NORMAL);

  if (isnan (self->value))
    return IM_ZONE_NORMAL;

  return im_sensor_zone (self->sensor, self->value);
}

char *
im_gauge_dup_value_text (ImGauge *self)
{
  g_return_val_if_fail (IM_IS_GAUGE (self), NULL);

  return im_axis_format_value (im_units_convert (NULL, self->sensor, self->value),
                               value_decimals (self) + im_units_get_extra_decimals (NULL, self->sensor));
}

void
im_gauge_update_units (ImGauge *self)
{
  g_return_if_fail (IM_IS_GAUGE (self));

  update_accessible (self);
  im_drawing_invalidate (IM_DRAWING (self));
}

void
im_gauge_get_zone_color (ImGauge *self,
                         ImZone   zone,
                         GdkRGBA *color)
{
  g_return_if_fail (IM_IS_GAUGE (self));
  g_return_if_fail (zone <= IM_ZONE_CRITICAL);
  g_return_if_fail (color != NULL);

  *color = im_drawing_get_style (IM_DRAWING (self))->zones[zone];
}
