/* im-metric-card.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-metric-card"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "im-enum-types.h"
#include "im-gauge.h"
#include "im-health-display.h"
#include "im-metric-card.h"
#include "im-units.h"

struct _ImMetricCard
{
  AdwBin     parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *value_label;
  GtkLabel  *unit_label;
  GtkLabel  *change_label;
  GtkLabel  *zone_label;
  ImGauge   *gauge;

  ImSensor   sensor;
  double     value;
  const char *zone_class;
};

enum {
  PROP_0,
  PROP_SENSOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ImMetricCard, im_metric_card, ADW_TYPE_BIN)

static void
set_zone_class (ImMetricCard *self,
                const char   *zone_class)
{
  if (g_strcmp0 (self->zone_class, zone_class) == 0)
    return;

  if (self->zone_class != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->value_label), self->zone_class);
      gtk_widget_remove_css_class (GTK_WIDGET (self->zone_label), self->zone_class);
    }
  self->zone_class = zone_class;
  if (zone_class != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->value_label), zone_class);
      gtk_widget_add_css_class (GTK_WIDGET (self->zone_label), zone_class);
    }
}

void
im_metric_card_set_value (ImMetricCard *self,
                          double        value,
                          double        change)
{
  g_autofree char *value_text = NULL;
  g_autofree char *change_text = NULL;

  g_return_if_fail (IM_IS_METRIC_CARD (self));

  self->value = value;
  value_text = im_format_sensor_value (self->sensor, value);
  change_text = im_format_sensor_change (self->sensor, change);
  gtk_label_set_label (self->value_label, value_text);
  gtk_label_set_label (self->change_label, change_text);
  im_gauge_set_value (self->gauge, value);

  if (isfinite (value))
    {
      ImZone zone = im_sensor_zone (self->sensor, value);
      g_autofree char *description = NULL;

      set_zone_class (self, im_zone_style_class (zone));
      gtk_label_set_label (self->zone_label, im_zone_label (zone));
      gtk_widget_set_visible (GTK_WIDGET (self->zone_label), TRUE);

      /* Translators: "Temperature: 55.1 °C, Normal" */
      description = g_strdup_printf (_("%s: %s %s, %s"),
                                     im_sensor_label (self->sensor), value_text,
                                     im_units_get_symbol (NULL, self->sensor),
                                     im_zone_label (zone));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }
  else
    {
      set_zone_class (self, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->zone_label), FALSE);
    }
}

void
im_metric_card_set_offline (ImMetricCard *self,
                            double        last_value,
                            gint64        last_time_ns,
                            gint64        now_ns)
{
  g_autofree char *value_text = NULL;
  g_autofree char *change_text = NULL;
  g_autofree char *ago = NULL;
  g_autofree char *status = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (IM_IS_METRIC_CARD (self));

  /* The last value stays, dimmed by the offline class; no zone, change
   * or gauge that would look live. */
  self->value = last_value;
  value_text = im_format_sensor_value (self->sensor, last_value);
  change_text = im_format_sensor_change (self->sensor, NAN);
  gtk_label_set_label (self->value_label, value_text);
  gtk_label_set_label (self->change_label, change_text);
  im_gauge_set_value (self->gauge, NAN);

  ago = im_format_last_seen (last_time_ns, now_ns);
  /* Translators: "Offline — last reading 5 min ago" */
  status = g_strdup_printf (_("Offline — last reading %s"), ago);
  set_zone_class (self, im_health_status_style_class (IM_HEALTH_OFFLINE));
  gtk_label_set_label (self->zone_label, status);
  gtk_widget_set_visible (GTK_WIDGET (self->zone_label), TRUE);

  /* Translators: "Temperature: Offline — last reading 5 min ago" */
  description = g_strdup_printf (_("%s: %s"), im_sensor_label (self->sensor), status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
set_sensor (ImMetricCard *self,
            ImSensor      sensor)
{
  self->sensor = sensor;
  gtk_label_set_label (self->title_label, im_sensor_label (sensor));
  gtk_label_set_label (self->unit_label, im_units_get_symbol (NULL, sensor));
  im_gauge_set_sensor (self->gauge, sensor);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, im_sensor_label (sensor),
                                  -1);
}

static void
im_metric_card_constructed (GObject *object)
{
  ImMetricCard *self = (ImMetricCard *) object;

  G_OBJECT_CLASS (im_metric_card_parent_class)->constructed (object);

  set_sensor (self, self->sensor);
  im_metric_card_set_value (self, NAN, NAN);
}

static void
im_metric_card_dispose (GObject *object)
{
  /* AdwBin unparents its child itself; a template child that is that
   * child must not be unparented twice. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), IM_TYPE_METRIC_CARD);

  G_OBJECT_CLASS (im_metric_card_parent_class)->dispose (object);
}

static void
im_metric_card_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ImMetricCard *self = IM_METRIC_CARD (object);

  switch (prop_id)
    {
    case PROP_SENSOR:
      g_value_set_enum (value, self->sensor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_metric_card_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ImMetricCard *self = IM_METRIC_CARD (object);

  switch (prop_id)
    {
    case PROP_SENSOR:
      /* A card shows one of the sensors. */
      g_return_if_fail ((guint) g_value_get_enum (value) < IM_N_SENSORS);
      self->sensor = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_metric_card_class_init (ImMetricCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = im_metric_card_constructed;
  object_class->dispose = im_metric_card_dispose;
  object_class->get_property = im_metric_card_get_property;
  object_class->set_property = im_metric_card_set_property;

  properties[PROP_SENSOR] =
    g_param_spec_enum ("sensor", NULL, NULL,
                       IM_TYPE_SENSOR, IM_SENSOR_TEMPERATURE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IM_TYPE_GAUGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-metric-card.ui");
  gtk_widget_class_bind_template_child (widget_class, ImMetricCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, ImMetricCard, value_label);
  gtk_widget_class_bind_template_child (widget_class, ImMetricCard, unit_label);
  gtk_widget_class_bind_template_child (widget_class, ImMetricCard, change_label);
  gtk_widget_class_bind_template_child (widget_class, ImMetricCard, zone_label);
  gtk_widget_class_bind_template_child (widget_class, ImMetricCard, gauge);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
im_metric_card_init (ImMetricCard *self)
{
  self->value = NAN;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
im_metric_card_new (ImSensor sensor)
{
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);

  return g_object_new (IM_TYPE_METRIC_CARD,
                       "sensor", sensor,
                       NULL);
}

ImSensor
im_metric_card_get_sensor (ImMetricCard *self)
{
  g_return_val_if_fail (IM_IS_METRIC_CARD (self), IM_SENSOR_TEMPERATURE);

  return self->sensor;
}

double
im_metric_card_get_value (ImMetricCard *self)
{
  g_return_val_if_fail (IM_IS_METRIC_CARD (self), NAN);

  return self->value;
}

const char *
im_metric_card_get_value_text (ImMetricCard *self)
{
  g_return_val_if_fail (IM_IS_METRIC_CARD (self), NULL);

  return gtk_label_get_label (self->value_label);
}

const char *
im_metric_card_get_unit_text (ImMetricCard *self)
{
  g_return_val_if_fail (IM_IS_METRIC_CARD (self), NULL);

  return gtk_label_get_label (self->unit_label);
}

const char *
im_metric_card_get_change_text (ImMetricCard *self)
{
  g_return_val_if_fail (IM_IS_METRIC_CARD (self), NULL);

  return gtk_label_get_label (self->change_label);
}

/* The pill under the value: its zone, or that the machine is offline;
 * NULL when hidden. */
const char *
im_metric_card_get_status_text (ImMetricCard *self)
{
  g_return_val_if_fail (IM_IS_METRIC_CARD (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->zone_label)))
    return NULL;

  return gtk_label_get_label (self->zone_label);
}

void
im_metric_card_update_units (ImMetricCard *self)
{
  g_return_if_fail (IM_IS_METRIC_CARD (self));

  gtk_label_set_label (self->unit_label, im_units_get_symbol (NULL, self->sensor));
  im_gauge_update_units (self->gauge);
}
