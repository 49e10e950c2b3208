/* im-machine-card.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "im-fleet-machine.h"

G_BEGIN_DECLS

#define IM_TYPE_MACHINE_CARD (im_machine_card_get_type ())

G_DECLARE_FINAL_TYPE (ImMachineCard, im_machine_card, IM, MACHINE_CARD, AdwBin)

/*
 * ImMachineCard:
 *
 * The card of a machine on the fleet page: health score, status, a
 * sparkline of the score over the health window, its active alarms and
 * when it was last seen, as its ImFleetMachine says; it follows the
 * item's changes. The fleet page's grid makes cards for the items on
 * screen and binds them in turn to other items as it scrolls.
 */
GtkWidget      *im_machine_card_new            (void);
/* @machine: (nullable) */
void            im_machine_card_set_machine    (ImMachineCard  *self,
                                                ImFleetMachine *machine);
ImFleetMachine *im_machine_card_get_machine    (ImMachineCard  *self);

/* What the card shows. */
const char     *im_machine_card_get_score_text (ImMachineCard  *self);
const char     *im_machine_card_get_status_text (ImMachineCard *self);
const char     *im_machine_card_get_last_seen_text (ImMachineCard *self);
/* (nullable): while shown */
const char     *im_machine_card_get_alarms_text (ImMachineCard *self);
/* (nullable): while shown */
const char     *im_machine_card_get_driver_text (ImMachineCard *self);
gboolean        im_machine_card_get_stale      (ImMachineCard  *self);

G_END_DECLS
