/* im-machine-card.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "im-alarm.h"
#include "im-health.h"

G_BEGIN_DECLS

#define IM_TYPE_MACHINE_CARD (im_machine_card_get_type ())

G_DECLARE_FINAL_TYPE (ImMachineCard, im_machine_card, IM, MACHINE_CARD, GtkFlowBoxChild)

/*
 * ImMachineCard:
 *
 * A machine on the fleet page: health score, status, a sparkline of the
 * score over the health window and when it was last seen. A child of the
 * fleet page's flow box, which opens the machine when it is activated.
 */
GtkWidget      *im_machine_card_new            (const char     *machine_id);
const char     *im_machine_card_get_machine_id (ImMachineCard  *self);
/* @scores: the score of each reading of the window, oldest first. */
void            im_machine_card_update         (ImMachineCard  *self,
                                                const ImHealth *health,
                                                const double   *scores,
                                                guint           n_scores,
                                                gint64          now_ns);
const ImHealth *im_machine_card_get_health     (ImMachineCard  *self);
const char     *im_machine_card_get_score_text (ImMachineCard  *self);
const char     *im_machine_card_get_status_text (ImMachineCard *self);
/* Its active alarms: how many, and the worst one's severity. */
void            im_machine_card_set_alarms     (ImMachineCard  *self,
                                                guint           n_active,
                                                ImAlarmSeverity worst);
guint           im_machine_card_get_n_alarms   (ImMachineCard  *self);
/* (nullable): the pill's text while it shows. */
const char     *im_machine_card_get_alarms_text (ImMachineCard *self);
const char     *im_machine_card_get_last_seen_text (ImMachineCard *self);
/* What the card shows is not the machine's state now: dimmed, the
 * status pill says @status and @note replaces "Last seen …", until the
 * next im_machine_card_update(). */
void            im_machine_card_set_condition  (ImMachineCard  *self,
                                                const char     *status,
                                                const char     *note);
gboolean        im_machine_card_get_stale      (ImMachineCard  *self);

/* Why the score is low, NULL while healthy (shown under the score). */
const char *im_machine_card_get_driver_text (ImMachineCard *self);

G_END_DECLS
