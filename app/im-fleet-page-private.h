/* im-fleet-page-private.h — what the tests look at on the fleet page.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-fleet-machine.h"
#include "im-fleet-page.h"

G_BEGIN_DECLS

/* (element-type ImFleetMachine): every machine, in display order. */
GPtrArray    *im_fleet_page_list_machines    (ImFleetPage  *self);
/* (element-type ImMachineCard): the cards on screen. */
GPtrArray    *im_fleet_page_list_cards       (ImFleetPage  *self);
/* Activates @machine_id's cell of the grid, as a click on its card does. */
gboolean      im_fleet_page_activate_machine (ImFleetPage  *self,
                                              const char   *machine_id);

G_END_DECLS
