/* im-fleet-machine.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-fleet-machine"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "im-fleet-machine.h"
#include "im-health-display.h"

struct _ImFleetMachine
{
  GObject          parent_instance;

  char            *machine_id;
  ImHealth         health;
  double          *scores;
  guint            n_scores;

  char            *score_text;
  const char      *status_text;     /* static, or condition_status */
  const char      *status_icon_name;
  const char      *status_class;
  char            *driver_text;
  char            *last_seen_text;
  char            *description;
  char            *condition_status;

  guint            n_alarms;
  ImAlarmSeverity  worst_alarm;
  char            *alarms_text;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ImFleetMachine, im_fleet_machine, G_TYPE_OBJECT)

static void
im_fleet_machine_finalize (GObject *object)
{
  ImFleetMachine *self = (ImFleetMachine *) object;

  g_free (self->machine_id);
  g_free (self->scores);
  g_free (self->score_text);
  g_free (self->driver_text);
  g_free (self->last_seen_text);
  g_free (self->description);
  g_free (self->condition_status);
  g_free (self->alarms_text);

  G_OBJECT_CLASS (im_fleet_machine_parent_class)->finalize (object);
}

static void
im_fleet_machine_class_init (ImFleetMachineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = im_fleet_machine_finalize;

  /**
   * ImFleetMachine::changed:
   *
   * Something the card shows has changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
im_fleet_machine_init (ImFleetMachine *self)
{
}

ImFleetMachine *
im_fleet_machine_new (const char *machine_id)
{
  ImFleetMachine *self;
  ImHealth health = { NAN, IM_HEALTH_OFFLINE, 0, { 0 }, 0 };

  g_return_val_if_fail (machine_id != NULL, NULL);

  self = g_object_new (IM_TYPE_FLEET_MACHINE, NULL);
  self->machine_id = g_strdup (machine_id);
  im_fleet_machine_update (self, &health, NULL, 0, 0);

  return self;
}

const char *
im_fleet_machine_get_machine_id (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), NULL);

  return self->machine_id;
}

void
im_fleet_machine_update (ImFleetMachine *self,
                         const ImHealth *health,
                         const double   *scores,
                         guint           n_scores,
                         gint64          now_ns)
{
  g_autofree char *seen = NULL;

  g_return_if_fail (IM_IS_FLEET_MACHINE (self));
  g_return_if_fail (health != NULL);
  g_return_if_fail (scores != NULL || n_scores == 0);

  self->health = *health;
  g_free (self->scores);
  self->scores = n_scores > 0 ? g_memdup2 (scores, n_scores * sizeof *scores) : NULL;
  self->n_scores = n_scores;
  g_clear_pointer (&self->condition_status, g_free);

  g_free (self->score_text);
  self->score_text = im_health_format_score (health->score);
  self->status_text = im_health_status_label (health->status);
  self->status_icon_name = im_health_status_icon_name (health->status);
  self->status_class = im_health_status_style_class (health->status);

  /* why the score is low, while it is not healthy */
  g_free (self->driver_text);
  self->driver_text = health->status == IM_HEALTH_WARNING || health->status == IM_HEALTH_CRITICAL
                      ? im_health_format_driver (health) : NULL;

  seen = im_format_last_seen (health->last_seen_ns, now_ns);
  g_free (self->last_seen_text);
  /* Translators: "Last seen 5 min ago" */
  self->last_seen_text = g_strdup_printf (_("Last seen %s"), seen);

  g_free (self->description);
  /* Translators: "MACHINE_001: Healthy, health 87, last seen just now" */
  self->description = g_strdup_printf (_("%s: %s, health %s, last seen %s"),
                                       self->machine_id, self->status_text,
                                       self->score_text, seen);

  g_signal_emit (self, signals[CHANGED], 0);
}

const ImHealth *
im_fleet_machine_get_health (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), NULL);

  return &self->health;
}

const double *
im_fleet_machine_get_scores (ImFleetMachine *self,
                             guint          *n_scores)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), NULL);
  g_return_val_if_fail (n_scores != NULL, NULL);

  *n_scores = self->n_scores;

  return self->scores;
}

const char *
im_fleet_machine_get_score_text (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), NULL);

  return self->score_text;
}

const char *
im_fleet_machine_get_status_text (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), NULL);

  return self->condition_status != NULL ? self->condition_status : self->status_text;
}

const char *
im_fleet_machine_get_status_icon_name (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), NULL);

  return self->condition_status != NULL ? "network-offline-symbolic" : self->status_icon_name;
}

const char *
im_fleet_machine_get_status_style_class (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), NULL);

  return self->condition_status != NULL ? "offline" : self->status_class;
}

const char *
im_fleet_machine_get_driver_text (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), NULL);

  return self->driver_text;
}

const char *
im_fleet_machine_get_last_seen_text (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), NULL);

  return self->last_seen_text;
}

const char *
im_fleet_machine_get_description (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), NULL);

  return self->description;
}

void
im_fleet_machine_set_alarms (ImFleetMachine  *self,
                             guint            n_active,
                             ImAlarmSeverity  worst)
{
  g_return_if_fail (IM_IS_FLEET_MACHINE (self));
  g_return_if_fail ((guint) worst < IM_N_ALARM_SEVERITIES);

  if (self->n_alarms == n_active && (n_active == 0 || self->worst_alarm == worst))
    return;

  self->n_alarms = n_active;
  self->worst_alarm = worst;
  g_clear_pointer (&self->alarms_text, g_free);
  if (n_active > 0)
    /* Translators: on a machine card; %u is a number of active alarms */
    self->alarms_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u active alarm",
                                                      "%u active alarms", n_active),
                                         n_active);

  g_signal_emit (self, signals[CHANGED], 0);
}

guint
im_fleet_machine_get_n_alarms (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), 0);

  return self->n_alarms;
}

ImAlarmSeverity
im_fleet_machine_get_worst_alarm (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), IM_ALARM_SEVERITY_WARNING);

  return self->worst_alarm;
}

const char *
im_fleet_machine_get_alarms_text (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), NULL);

  return self->alarms_text;
}

void
im_fleet_machine_set_condition (ImFleetMachine *self,
                                const char     *status,
                                const char     *note)
{
  g_return_if_fail (IM_IS_FLEET_MACHINE (self));
  g_return_if_fail (status != NULL);
  g_return_if_fail (note != NULL);

  g_free (self->condition_status);
  self->condition_status = g_strdup (status);
  g_free (self->last_seen_text);
  self->last_seen_text = g_strdup (note);
  g_free (self->description);
  /* Translators: "MACHINE_001: Not updated, data from 3 min ago" */
  self->description = g_strdup_printf (_("%s: %s, %s"), self->machine_id, status, note);

  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
im_fleet_machine_get_stale (ImFleetMachine *self)
{
  g_return_val_if_fail (IM_IS_FLEET_MACHINE (self), FALSE);

  return self->condition_status != NULL;
}
