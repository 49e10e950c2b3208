/* im-fleet-page.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "im-page.h"

G_BEGIN_DECLS

#define IM_TYPE_FLEET_PAGE (im_fleet_page_get_type ())

G_DECLARE_FINAL_TYPE (ImFleetPage, im_fleet_page, IM, FLEET_PAGE, ImPage)

/*
 * ImFleetPage:
 *
 * A card per machine with its health (im_health_compute() over the
 * readings of the last IM_HEALTH_WINDOW_NS), worst first. Activating a
 * card runs "win.show-machine" with its id. The machines are a model
 * (ImFleetMachine) shown by a grid view, which has cards only for those
 * on screen: a fleet of thousands costs what a screenful does.
 */
/* The line above the cards: "5 machines · 1 warning", and whether the
 * fleet's data is not current. */
const char   *im_fleet_page_get_summary    (ImFleetPage  *self);

G_END_DECLS
