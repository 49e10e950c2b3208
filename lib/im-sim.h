/* im-sim.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-reading.h"

G_BEGIN_DECLS

/* Degradation thresholds of the machine states: a machine is DEGRADING from
 * IM_SIM_DEGRADING_AT and FAILING from IM_SIM_FAILING_AT; at 1.0 it breaks
 * down and goes offline for maintenance. */
#define IM_SIM_DEGRADING_AT 0.6
#define IM_SIM_FAILING_AT   0.9

/* Largest fleet and longest interval the model accepts. */
#define IM_SIM_MAX_MACHINES  100000
#define IM_SIM_MAX_INTERVAL_NS (G_GINT64_CONSTANT (86400) * G_GINT64_CONSTANT (1000000000))

/* Bit of an anomaly type in ImSimConfig.anomaly_types. */
#define IM_SIM_ANOMALY_BIT(anomaly) (1u << (anomaly))
#define IM_SIM_ALL_ANOMALIES (IM_SIM_ANOMALY_BIT (IM_ANOMALY_SPIKE) | \
                              IM_SIM_ANOMALY_BIT (IM_ANOMALY_DRIFT) | \
                              IM_SIM_ANOMALY_BIT (IM_ANOMALY_CYCLIC) | \
                              IM_SIM_ANOMALY_BIT (IM_ANOMALY_MULTI_SENSOR))

/**
 * ImSimConfig:
 * @n_machines: fleet size, 1..%IM_SIM_MAX_MACHINES; machines are named
 *   MACHINE_001, MACHINE_002, …
 * @interval_ns: time between two readings of one machine, > 0 and at most
 *   %IM_SIM_MAX_INTERVAL_NS
 * @anomaly_rate: fraction of readings that carry an anomaly, 0..1 (a
 *   multi-reading anomaly counts once per reading it affects)
 * @seed: PRNG seed; the same config gives the same readings
 * @start_time_ns: timestamp of the first reading
 * @mean_time_to_failure_ns: mean time from NORMAL (degradation 0) to
 *   FAILING; each machine draws its own from a log-normal spread around it
 * @maintenance_ns: downtime after which a failed machine is NORMAL again;
 *   a machine under maintenance is offline and emits no readings
 * @anomaly_types: which anomaly types are injected, a mask of
 *   IM_SIM_ANOMALY_BIT(); must not be 0 when @anomaly_rate > 0
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
  guint   anomaly_types;
} ImSimConfig;

typedef struct _ImSimFleet ImSimFleet;

/* Defaults: 5 machines, 1 s interval, anomaly rate 0.05, seed 1, start
 * time now (whole seconds), mean time to failure 1 h, maintenance 10 min,
 * all anomaly types. */
void        im_sim_config_init             (ImSimConfig       *config);
/* TRUE when im_sim_fleet_new() accepts @config. */
gboolean    im_sim_config_is_valid         (const ImSimConfig *config);

ImSimFleet *im_sim_fleet_new               (const ImSimConfig *config);
void        im_sim_fleet_free              (ImSimFleet        *fleet);
guint       im_sim_fleet_get_n_machines    (ImSimFleet        *fleet);
const char *im_sim_fleet_get_machine_id    (ImSimFleet        *fleet,
                                            guint              index);
/* Timestamp of the reading im_sim_fleet_next() returns next. Readings
 * come in non-decreasing time order, machines staggered within an
 * interval: machine i's readings are at start + i * interval / n + k *
 * interval. Slots of a machine under maintenance are skipped. */
gint64      im_sim_fleet_peek_time         (ImSimFleet        *fleet);
void        im_sim_fleet_next              (ImSimFleet        *fleet,
                                            ImReading         *reading);
/* Readings returned so far. */
guint64     im_sim_fleet_get_n_readings    (ImSimFleet        *fleet);

/* The machine state for a degradation level. */
ImMachineState im_sim_state_for_degradation (double            degradation);

/* The model's distribution of @sensor for a machine at @degradation
 * without anomalies: its stationary mean and standard deviation (the
 * values are normal around @mean). For pressure beyond NORMAL the mean
 * is given for a machine whose pressure rises; a machine whose pressure
 * falls mirrors it around the NORMAL mean. */
void        im_sim_expected                (const ImSimConfig *config,
                                            double             degradation,
                                            ImSensor           sensor,
                                            double            *mean,
                                            double            *stddev);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImSimFleet, im_sim_fleet_free)

G_END_DECLS
