/* im-chart-card.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-chart-card"

#include "config.h"

#include <glib/gi18n.h>

#include "im-chart-card.h"
#include "im-units.h"
#include "im-enum-types.h"
#include "im-health-display.h"

struct _ImChartCard
{
  GtkBox    parent_instance;

  GtkLabel *title_label;
  ImChart  *chart;

  ImSensor  sensor;
};

enum {
  PROP_0,
  PROP_SENSOR,
  PROP_CHART_HEIGHT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ImChartCard, im_chart_card, GTK_TYPE_BOX)

static GParamSpec *properties[N_PROPS];

static void
im_chart_card_constructed (GObject *object)
{
  ImChartCard *self = (ImChartCard *) object;

  G_OBJECT_CLASS (im_chart_card_parent_class)->constructed (object);

  im_chart_set_sensor (self->chart, self->sensor);
  im_chart_card_update_units (self);
}

static void
im_chart_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IM_TYPE_CHART_CARD);

  G_OBJECT_CLASS (im_chart_card_parent_class)->dispose (object);
}

static void
im_chart_card_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ImChartCard *self = IM_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_SENSOR:
      g_value_set_enum (value, self->sensor);
      break;

    case PROP_CHART_HEIGHT:
      g_value_set_int (value, im_chart_card_get_chart_height (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_chart_card_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ImChartCard *self = IM_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_SENSOR:
      /* A card shows one of the sensors. */
      g_return_if_fail ((guint) g_value_get_enum (value) < IM_N_SENSORS);
      self->sensor = g_value_get_enum (value);
      break;

    case PROP_CHART_HEIGHT:
      im_chart_card_set_chart_height (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_chart_card_class_init (ImChartCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = im_chart_card_constructed;
  object_class->dispose = im_chart_card_dispose;
  object_class->get_property = im_chart_card_get_property;
  object_class->set_property = im_chart_card_set_property;

  properties[PROP_SENSOR] =
    g_param_spec_enum ("sensor", NULL, NULL,
                       IM_TYPE_SENSOR, IM_SENSOR_TEMPERATURE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CHART_HEIGHT] =
    g_param_spec_int ("chart-height", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IM_TYPE_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-chart-card.ui");
  gtk_widget_class_bind_template_child (widget_class, ImChartCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, ImChartCard, chart);
}

static void
im_chart_card_init (ImChartCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
im_chart_card_new (ImSensor sensor)
{
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);

  return g_object_new (IM_TYPE_CHART_CARD, "sensor", sensor, NULL);
}

ImSensor
im_chart_card_get_sensor (ImChartCard *self)
{
  g_return_val_if_fail (IM_IS_CHART_CARD (self), IM_SENSOR_NONE);

  return self->sensor;
}

ImChart *
im_chart_card_get_chart (ImChartCard *self)
{
  g_return_val_if_fail (IM_IS_CHART_CARD (self), NULL);

  return self->chart;
}

/* The chart's height request (-1: its natural height). */
int
im_chart_card_get_chart_height (ImChartCard *self)
{
  int height;

  g_return_val_if_fail (IM_IS_CHART_CARD (self), -1);

  gtk_widget_get_size_request (GTK_WIDGET (self->chart), NULL, &height);

  return height;
}

void
im_chart_card_set_chart_height (ImChartCard *self,
                                int          height)
{
  g_return_if_fail (IM_IS_CHART_CARD (self));
  g_return_if_fail (height >= -1);

  if (height == im_chart_card_get_chart_height (self))
    return;

  gtk_widget_set_size_request (GTK_WIDGET (self->chart), 240, height);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART_HEIGHT]);
}

/* The display units changed: the title and the chart follow. */
void
im_chart_card_update_units (ImChartCard *self)
{
  g_autofree char *title = NULL;

  g_return_if_fail (IM_IS_CHART_CARD (self));

  /* Translators: a chart title, "Temperature (°C)" */
  title = g_strdup_printf (_("%s (%s)"), im_sensor_label (self->sensor),
                           im_units_get_symbol (NULL, self->sensor));
  gtk_label_set_label (self->title_label, title);
  im_chart_update_units (self->chart);
}
