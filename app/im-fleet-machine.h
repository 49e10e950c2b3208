/* im-fleet-machine.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "im-alarm.h"
#include "im-health.h"

G_BEGIN_DECLS

#define IM_TYPE_FLEET_MACHINE (im_fleet_machine_get_type ())

G_DECLARE_FINAL_TYPE (ImFleetMachine, im_fleet_machine, IM, FLEET_MACHINE, GObject)

/*
 * ImFleetMachine:
 *
 * A machine of the fleet page's model: its health, the sparkline of its
 * score and its active alarms, with the words its card shows. The fleet
 * page holds one per machine; only the cards on screen exist, and each
 * shows the item it is bound to. ::changed is emitted after every
 * change.
 */
ImFleetMachine *im_fleet_machine_new              (const char      *machine_id);
const char     *im_fleet_machine_get_machine_id   (ImFleetMachine  *self);

/* @scores: the sparkline's points, oldest first (NAN for none). */
void            im_fleet_machine_update           (ImFleetMachine  *self,
                                                   const ImHealth  *health,
                                                   const double    *scores,
                                                   guint            n_scores,
                                                   gint64           now_ns);
const ImHealth *im_fleet_machine_get_health       (ImFleetMachine  *self);
const double   *im_fleet_machine_get_scores       (ImFleetMachine  *self,
                                                   guint           *n_scores);
const char     *im_fleet_machine_get_score_text   (ImFleetMachine  *self);
const char     *im_fleet_machine_get_status_text  (ImFleetMachine  *self);
const char     *im_fleet_machine_get_status_icon_name (ImFleetMachine *self);
/* "success", "warning", "error" or "offline" */
const char     *im_fleet_machine_get_status_style_class (ImFleetMachine *self);
/* Why the score is low, NULL while healthy. */
const char     *im_fleet_machine_get_driver_text  (ImFleetMachine  *self);
/* "Last seen 5 min ago", or the note of im_fleet_machine_set_condition(). */
const char     *im_fleet_machine_get_last_seen_text (ImFleetMachine *self);
/* All of it in a sentence, for assistive technologies. */
const char     *im_fleet_machine_get_description  (ImFleetMachine  *self);

/* Its active alarms: how many, and the worst one's severity. */
void            im_fleet_machine_set_alarms       (ImFleetMachine  *self,
                                                   guint            n_active,
                                                   ImAlarmSeverity  worst);
guint           im_fleet_machine_get_n_alarms     (ImFleetMachine  *self);
ImAlarmSeverity im_fleet_machine_get_worst_alarm  (ImFleetMachine  *self);
/* (nullable): "2 active alarms" while there is one. */
const char     *im_fleet_machine_get_alarms_text  (ImFleetMachine  *self);

/* What the card shows is not the machine's state now: dimmed, the
 * status says @status and @note replaces "Last seen …", until the next
 * im_fleet_machine_update(). */
void            im_fleet_machine_set_condition    (ImFleetMachine  *self,
                                                   const char      *status,
                                                   const char      *note);
gboolean        im_fleet_machine_get_stale        (ImFleetMachine  *self);

G_END_DECLS
