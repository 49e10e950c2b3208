/* im-machine-card.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-machine-card"

#include "config.h"

#include <glib/gi18n.h>

#include "im-machine-card.h"
#include "im-sparkline.h"

struct _ImMachineCard
{
  AdwBin           parent_instance;

  GtkLabel        *name_label;
  GtkWidget       *status_box;
  GtkImage        *status_icon;
  GtkLabel        *status_label;
  GtkLabel        *score_label;
  ImSparkline     *sparkline;
  GtkLabel        *last_seen_label;
  GtkLabel        *driver_label;
  GtkLabel        *alarms_label;

  ImFleetMachine  *machine;
  gulong           changed_id;
  const char      *status_class;
  const char      *alarms_class;
};

G_DEFINE_FINAL_TYPE (ImMachineCard, im_machine_card, ADW_TYPE_BIN)

static void
replace_class (GtkWidget   *widget,
               const char **current,
               const char  *style_class)
{
  if (*current != NULL)
    gtk_widget_remove_css_class (widget, *current);
  *current = style_class;
  if (style_class != NULL)
    gtk_widget_add_css_class (widget, style_class);
}

static void
show_machine (ImMachineCard *self)
{
  static const char * const alarm_classes[] = { "warning", "minor", "major", "error" };
  ImFleetMachine *m = self->machine;
  const char *status_class = im_fleet_machine_get_status_style_class (m);
  const char *driver = im_fleet_machine_get_driver_text (m);
  const char *alarms = im_fleet_machine_get_alarms_text (m);
  const char *previous = self->status_class;
  const double *scores;
  guint n_scores;
  g_autofree char *tooltip = NULL;

  gtk_label_set_label (self->name_label, im_fleet_machine_get_machine_id (m));
  /* Translators: tooltip of a machine's card; %s is its id */
  tooltip = g_strdup_printf (_("Show %s live"), im_fleet_machine_get_machine_id (m));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);

  gtk_label_set_label (self->score_label, im_fleet_machine_get_score_text (m));
  gtk_label_set_label (self->status_label, im_fleet_machine_get_status_text (m));
  gtk_image_set_from_icon_name (self->status_icon, im_fleet_machine_get_status_icon_name (m));
  replace_class (self->status_box, &self->status_class, status_class);
  replace_class (GTK_WIDGET (self->score_label), &previous, status_class);
  scores = im_fleet_machine_get_scores (m, &n_scores);
  im_sparkline_set_values (self->sparkline, scores, n_scores);

  gtk_label_set_label (self->driver_label, driver != NULL ? driver : "");
  gtk_widget_set_visible (GTK_WIDGET (self->driver_label), driver != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->alarms_label), alarms != NULL);
  gtk_label_set_label (self->alarms_label, alarms != NULL ? alarms : "");
  replace_class (GTK_WIDGET (self->alarms_label), &self->alarms_class,
                 alarms != NULL ? alarm_classes[im_fleet_machine_get_worst_alarm (m)] : NULL);

  gtk_label_set_label (self->last_seen_label, im_fleet_machine_get_last_seen_text (m));
  if (im_fleet_machine_get_stale (m))
    gtk_widget_add_css_class (GTK_WIDGET (self), "stale");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "stale");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  im_fleet_machine_get_description (m),
                                  -1);
}

void
im_machine_card_set_machine (ImMachineCard  *self,
                             ImFleetMachine *machine)
{
  g_return_if_fail (IM_IS_MACHINE_CARD (self));
  g_return_if_fail (machine == NULL || IM_IS_FLEET_MACHINE (machine));

  if (self->machine == machine)
    return;

  g_clear_signal_handler (&self->changed_id, self->machine);
  g_set_object (&self->machine, machine);
  if (machine == NULL)
    return;

  self->changed_id = g_signal_connect_object (machine, "changed", G_CALLBACK (show_machine), self,
                                              G_CONNECT_SWAPPED);
  show_machine (self);
}

ImFleetMachine *
im_machine_card_get_machine (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), NULL);

  return self->machine;
}

static void
im_machine_card_dispose (GObject *object)
{
  ImMachineCard *self = (ImMachineCard *) object;

  im_machine_card_set_machine (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), IM_TYPE_MACHINE_CARD);

  G_OBJECT_CLASS (im_machine_card_parent_class)->dispose (object);
}

static void
im_machine_card_class_init (ImMachineCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = im_machine_card_dispose;

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
im_machine_card_new (void)
{
  return g_object_new (IM_TYPE_MACHINE_CARD, NULL);
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

const char *
im_machine_card_get_last_seen_text (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), NULL);

  return gtk_label_get_label (self->last_seen_label);
}

const char *
im_machine_card_get_alarms_text (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->alarms_label))
         ? gtk_label_get_label (self->alarms_label) : NULL;
}

const char *
im_machine_card_get_driver_text (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->driver_label))
         ? gtk_label_get_label (self->driver_label) : NULL;
}

gboolean
im_machine_card_get_stale (ImMachineCard *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_CARD (self), FALSE);

  return gtk_widget_has_css_class (GTK_WIDGET (self), "stale");
}
