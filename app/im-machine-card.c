/* im-machine-card.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-machine-card"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "im-health-display.h"
#include "im-machine-card.h"
#include "im-sparkline.h"

struct _ImMachineCard
{
  GtkFlowBoxChild  parent_instance;

  GtkLabel        *name_label;
  GtkWidget       *status_box;
  GtkImage        *status_icon;
  GtkLabel        *status_label;
  GtkLabel        *score_label;
  ImSparkline     *sparkline;
  GtkLabel        *last_seen_label;
  GtkLabel        *driver_label;
  GtkLabel        *alarms_label;
  guint            n_alarms;

  char            *machine_id;
  ImHealth         health;
  const char      *status_class;
};

enum {
  PROP_0,
  PROP_MACHINE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ImMachineCard, im_machine_card, GTK_TYPE_FLOW_BOX_CHILD)

static void
set_status_class (ImMachineCard *self,
                  const char    *status_class)
{
  if (self->status_class != NULL)
    {
      gtk_widget_remove_css_class (self->status_box, self->status_class);
      gtk_widget_remove_css_class (GTK_WIDGET (self->score_label), self->status_class);
    }
  self->status_class = status_class;
  gtk_widget_add_css_class (self->status_box, status_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->score_label), status_class);
}

void
im_machine_card_update (ImMachineCard  *self,
                        const ImHealth *health,
                        const double   *scores,
                        guint           n_scores,
                        gint64          now_ns)
{
  g_autofree char *score = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *last_seen = NULL;
  g_autofree char *description = NULL;
  g_autofree char *driver = NULL;

  g_return_if_fail (IM_IS_MACHINE_CARD (self));
  g_return_if_fail (health != NULL);
  g_return_if_fail (scores != NULL || n_scores == 0);

  self->health = *health;
  gtk_widget_remove_css_class (GTK_WIDGET (self), "stale");

  score = im_health_format_score (health->score);
  gtk_label_set_label (self->score_label, score);
  gtk_label_set_label (self->status_label, im_health_status_label (health->status));
  gtk_image_set_from_icon_name (self->status_icon, im_health_status_icon_name (health->status));
  set_status_class (self, im_health_status_style_class (health->status));
  im_sparkline_set_values (self->sparkline, scores, n_scores);

  /* why the score is low, while it is not healthy */
  driver = health->status == IM_HEALTH_WARNING || health->status == IM_HEALTH_CRITICAL
           ? im_health_format_driver (health) : NULL;
  gtk_label_set_label (self->driver_label, driver != NULL ? driver : "");
  gtk_widget_set_visible (GTK_WIDGET (self->driver_label), driver != NULL);

  seen = im_format_last_seen (health->last_seen_ns, now_ns);
  /* Translators: "Last seen 5 min ago" */
  last_seen = g_strdup_printf (_("Last seen %s"), seen);
  gtk_label_set_label (self->last_seen_label, last_seen);

  /* Translators: "MACHINE_001: Healthy, health 87, last seen just now" */
  description = g_strdup_printf (_("%s: %s, health %s, last seen %s"),
                                 self->machine_id, im_health_status_label (health->status),
                                 score, seen);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
im_machine_card_constructed (GObject *object)
{
  ImMachineCard *self = (ImMachineCard *) object;
  ImHealth health = { NAN, IM_HEALTH_OFFLINE, 0, { 0 }, 0 };
  g_autofree char *tooltip = NULL;

  G_OBJECT_CLASS (im_machine_card_parent_class)->constructed (object);

  gtk_label_set_label (self->name_label, self->machine_id);
  tooltip = g_strdup_printf (_("Show %s live"), self->machine_id);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  im_machine_card_update (self, &health, NULL, 0, 0);
}

static void
im_machine_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IM_TYPE_MACHINE_CARD);

  G_OBJECT_CLASS (im_machine_card_parent_class)->dispose (object);
}

static void
im_machine_card_finalize (GObject *object)
{
  ImMachineCard *self = (ImMachineCard *) object;

  g_clear_pointer (&self->machine_id, g_free);

  G_OBJECT_CLASS (im_machine_card_parent_class)->finalize (object);
}

static void
im_machine_card_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ImMachineCard *self = IM_MACHINE_CARD (object);

  switch (prop_id)
    {
    case PROP_MACHINE_ID:
      g_value_set_string (value, self->machine_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_machine_card_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ImMachineCard *self = IM_MACHINE_CARD (object);

  switch (prop_id)
    {
    case PROP_MACHINE_ID:
      self->machine_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_machine_card_class_init (ImMachineCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = im_machine_card_constructed;
  object_class->dispose = im_machine_card_dispose;
  object_class->finalize = im_machine_card_finalize;
  object_class->get_property = im_machine_card_get_property;
  object_class->set_property = im_machine_card_set_property;

  properties[PROP_MACHINE_ID] =
    g_param_spec_string ("machine-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IM_TYPE_SPARKLINE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-machine-card.ui");
  gtk_widget_class_bind_template_child (widget_class, ImMachineCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, ImMachineCard, status_box);
  gtk_widget_class_bind_template_child (widget_class, ImMachineCard, status_icon);
  gtk_widget_class_bind_template_child (widget_class, ImMachineCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, ImMachineCard, score_label);
  gtk_widget_class_bind_template_child (widget_class, ImMachineCard, sparkline);
  gtk_widget_class_bind_template_child (widget_class, ImMachineCard, last_seen_label);
  gtk_widget_class_bind_template_child (widget_class, ImMachineCard, driver_label);
  gtk_widget_class_bind_template_child (widget_class, ImMachineCard, alarms_label);
}

static void
im_machine_card_init (ImMachineCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
im_machine_card_new (const char *machine_id)
{
  g_return_val_if_fail (machine_id != NULL, NULL);

  return g_object_new (IM_TYPE_MACHINE_CARD,
                       "machine-id", machine_id,
                       NULL);
}

const char *
im_machine_card_get_machine_id (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), NULL);

  return self->machine_id;
}

const ImHealth *
im_machine_card_get_health (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), NULL);

  return &self->health;
}

const char *
im_machine_card_get_score_text (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), NULL);

  return gtk_label_get_label (self->score_label);
}

const char *
im_machine_card_get_status_text (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), NULL);

  return gtk_label_get_label (self->status_label);
}

void
im_machine_card_set_alarms (ImMachineCard   *self,
                            guint            n_active,
                            ImAlarmSeverity  worst)
{
  static const char * const classes[] = { "warning", "minor", "major", "error" };
  g_autofree char *text = NULL;

  g_return_if_fail (IM_IS_MACHINE_CARD (self));
  g_return_if_fail ((guint) worst < IM_N_ALARM_SEVERITIES);

  self->n_alarms = n_active;
  gtk_widget_set_visible (GTK_WIDGET (self->alarms_label), n_active > 0);
  if (n_active == 0)
    return;

  /* Translators: on a machine card; %u is a number of active alarms */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u active alarm", "%u active alarms",
                                       n_active),
                          n_active);
  gtk_label_set_label (self->alarms_label, text);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->alarms_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->alarms_label), classes[worst]);
}

guint
im_machine_card_get_n_alarms (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), 0);

  return self->n_alarms;
}

const char *
im_machine_card_get_alarms_text (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), NULL);

  return self->n_alarms > 0 ? gtk_label_get_label (self->alarms_label) : NULL;
}

const char *
im_machine_card_get_driver_text (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->driver_label))
         ? gtk_label_get_label (self->driver_label) : NULL;
}

const char *
im_machine_card_get_last_seen_text (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), NULL);

  return gtk_label_get_label (self->last_seen_label);
}

void
im_machine_card_set_condition (ImMachineCard *self,
                               const char    *status,
                               const char    *note)
{
  g_autofree char *description = NULL;

  g_return_if_fail (IM_IS_MACHINE_CARD (self));
  g_return_if_fail (status != NULL);
  g_return_if_fail (note != NULL);

  gtk_widget_add_css_class (GTK_WIDGET (self), "stale");
  gtk_label_set_label (self->status_label, status);
  gtk_image_set_from_icon_name (self->status_icon, "network-offline-symbolic");
  set_status_class (self, "offline");
  gtk_label_set_label (self->last_seen_label, note);

  /* Translators: "MACHINE_001: Not updated, data from 3 min ago" */
  description = g_strdup_printf (_("%s: %s, %s"), self->machine_id, status, note);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

gboolean
im_machine_card_get_stale (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), FALSE);

  return gtk_widget_has_css_class (GTK_WIDGET (self), "stale");
}
