/* im-health.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-reading.h"

G_BEGIN_DECLS

typedef enum
{
  IM_ZONE_NORMAL,
  IM_ZONE_WARNING,
  IM_ZONE_CRITICAL,
} ImZone;

typedef enum
{
  IM_HEALTH_HEALTHY,
  IM_HEALTH_WARNING,
  IM_HEALTH_CRITICAL,
  IM_HEALTH_OFFLINE,
} ImHealthStatus;

/* One coloured band of a gauge: values in [low, high) are in @zone. */
typedef struct
{
  double low;
  double high;
  ImZone zone;
} ImZoneBand;

/* The zones of one sensor: [normal_low, normal_high] is normal (bounds
 * inclusive), [warning_low, warning_high] around it is warning, beyond is
 * critical. -INFINITY as both low bounds: no low side (an idle machine,
 * not a fault). */
typedef struct
{
  double normal_low;
  double normal_high;
  double warning_low;
  double warning_high;
} ImZoneLimits;

/* No reading for this long makes a machine offline. */
#define IM_HEALTH_OFFLINE_AFTER_NS (G_GINT64_CONSTANT (60) * G_GINT64_CONSTANT (1000000000))
/* The readings a health score looks at: the last five minutes. */
#define IM_HEALTH_WINDOW_NS (G_GINT64_CONSTANT (300) * G_GINT64_CONSTANT (1000000000))

ImZone          im_sensor_zone            (ImSensor          sensor,
                                           double            value);
/* The built-in limits (the README's zone table) and the zone of a value
 * against any limits, e.g. a machine's own from the alarm rules. */
void            im_sensor_zone_limits     (ImSensor          sensor,
                                           ImZoneLimits     *limits);
ImZone          im_zone_for_limits        (const ImZoneLimits *limits,
                                           double            value);
/* The bands covering the gauge's display range, low to high. */
const ImZoneBand *im_sensor_zone_bands    (ImSensor          sensor,
                                           guint            *n_bands);
void            im_sensor_display_range   (ImSensor          sensor,
                                           double           *min,
                                           double           *max);
const char     *im_zone_to_string         (ImZone            zone);

/* 0..1: 1 inside the normal band, falling through warning to critical. */
double          im_sensor_score           (ImSensor          sensor,
                                           double            value);
/* 0..100 for one reading. */
double          im_reading_score          (const ImReading  *reading);

typedef struct
{
  double         score;         /* 0..100, NAN when offline with no data */
  ImHealthStatus status;
  gint64         last_seen_ns;  /* 0 when never seen */
  ImZone         zones[IM_N_SENSORS]; /* of the latest reading */
  guint          n_readings;    /* inside the window */
} ImHealth;

/* @readings: in any order; only those within IM_HEALTH_WINDOW_NS of the
 * newest one count. */
void            im_health_compute         (const ImReading  *readings,
                                           gsize             n_readings,
                                           gint64            now_ns,
                                           ImHealth         *health);
ImHealthStatus  im_health_status_for_score (double           score);

/* Newest readings of every machine this close together: they stopped at
 * one moment. */
#define IM_HEALTH_STALL_SPREAD_NS (G_GINT64_CONSTANT (10) * G_GINT64_CONSTANT (1000000000))

/* Whether a fleet's silence looks like the pipeline (broker, ingestion,
 * database) stopping or lagging rather than its machines: two or more
 * machines, every one offline, whose newest readings lie within
 * IM_HEALTH_STALL_SPREAD_NS of each other. *@stopped_ns: the newest of
 * them. */
gboolean        im_health_fleet_stalled    (const ImHealth  *healths,
                                            guint            n_healths,
                                            gint64          *stopped_ns);
const char     *im_health_status_to_string (ImHealthStatus   status);

G_END_DECLS
