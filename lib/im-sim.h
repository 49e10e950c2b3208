/* im-sim.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-reading.h"

G_BEGIN_DECLS

/**
 * ImSimConfig:
 * @n_machines: fleet size; machines are named MACHINE_001, MACHINE_002, …
 * @interval_ns: time between two readings of one machine
 * @anomaly_rate: probability that a reading starts an anomaly, 0..1
 * @seed: PRNG seed; the same config gives the same readings
 * @start_time_ns: timestamp of the first reading
 * @mean_time_to_failure_ns: mean time from NORMAL to FAILING
 * @maintenance_ns: downtime after which a failed machine is NORMAL again
 *
 * Initialise with im_sim_config_init() for the defaults, then change.
 */
typedef struct
{
  guint   n_machines;
  gint64  interval_ns;
  double  anomaly_rate;
  guint64 seed;
  gint64  start_time_ns;
  gint64  mean_time_to_failure_ns;
  gint64  maintenance_ns;
} ImSimConfig;

typedef struct _ImSimFleet ImSimFleet;

void        im_sim_config_init             (ImSimConfig       *config);

ImSimFleet *im_sim_fleet_new               (const ImSimConfig *config);
void        im_sim_fleet_free              (ImSimFleet        *fleet);
guint       im_sim_fleet_get_n_machines    (ImSimFleet        *fleet);
const char *im_sim_fleet_get_machine_id    (ImSimFleet        *fleet,
                                            guint              index);
/* Timestamp of the reading im_sim_fleet_next() returns next. Readings
 * come in non-decreasing time order, machines staggered within an
 * interval. */
gint64      im_sim_fleet_peek_time         (ImSimFleet        *fleet);
void        im_sim_fleet_next              (ImSimFleet        *fleet,
                                            ImReading         *reading);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImSimFleet, im_sim_fleet_free)

G_END_DECLS
