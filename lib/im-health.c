/* im-health.c — sensor zones and the machine health score
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-health"

#include "config.h"

#include <math.h>

#include "im-health.h"

/*
 * Zones (DESIGN.md, "Health"). Each sensor has a normal band; the
 * warning band lies next to it and everything beyond is critical. Below
 * the normal band temperature, vibration and power are an idle machine,
 * not a fault, so only pressure has zones on both sides.
 *
 * The score of one sensor value is 1 inside the normal band, falls
 * linearly to 0.5 across the warning band and from 0.5 to 0 across one
 * more warning-band width into the critical zone. A reading scores
 * 100 × (¼ mean + ¾ worst) of its four sensors, so one failing sensor
 * dominates. A machine's score weights its readings of the last five
 * minutes by recency (half-life one minute), so one noisy reading does
 * not flip a card while a machine that starts failing shows it within
 * a minute. Status: healthy ≥ 80, warning ≥ 50, critical below, and
 * offline when nothing arrived for a minute.
 */

typedef struct
{
  ImZoneLimits limits;
  double       display_min;
  double       display_max;
} ZoneTable;

static const ZoneTable zone_tables[IM_N_SENSORS] = {
  [IM_SENSOR_TEMPERATURE] = { { -INFINITY, 70.0, -INFINITY, 85.0 }, 0.0, 120.0 },
  [IM_SENSOR_VIBRATION] = { { -INFINITY, 1.5, -INFINITY, 2.5 }, 0.0, 4.0 },
  [IM_SENSOR_PRESSURE] = { { 40.0, 60.0, 30.0, 70.0 }, 0.0, 100.0 },
  [IM_SENSOR_POWER] = { { -INFINITY, 300.0, -INFINITY, 400.0 }, 0.0, 600.0 },
};

static const ImZoneBand temperature_bands[] = {
  { 0.0, 70.0, IM_ZONE_NORMAL },
  { 70.0, 85.0, IM_ZONE_WARNING },
  { 85.0, 120.0, IM_ZONE_CRITICAL },
};
static const ImZoneBand vibration_bands[] = {
  { 0.0, 1.5, IM_ZONE_NORMAL },
  { 1.5, 2.5, IM_ZONE_WARNING },
  { 2.5, 4.0, IM_ZONE_CRITICAL },
};
static const ImZoneBand pressure_bands[] = {
  { 0.0, 30.0, IM_ZONE_CRITICAL },
  { 30.0, 40.0, IM_ZONE_WARNING },
  { 40.0, 60.0, IM_ZONE_NORMAL },
  { 60.0, 70.0, IM_ZONE_WARNING },
  { 70.0, 100.0, IM_ZONE_CRITICAL },
};
static const ImZoneBand power_bands[] = {
  { 0.0, 300.0, IM_ZONE_NORMAL },
  { 300.0, 400.0, IM_ZONE_WARNING },
  { 400.0, 600.0, IM_ZONE_CRITICAL },
};

/* Bounds are inclusive: a value on the edge of a band belongs to the
 * milder zone. NaN is critical (a sensor that reports no number). */
ImZone
im_zone_for_limits (const ImZoneLimits *limits,
                    double              value)
{
  g_return_val_if_fail (limits != NULL, IM_ZONE_CRITICAL);

  if (isnan (value))
    return IM_ZONE_CRITICAL;
  if (value >= limits->normal_low && value <= limits->normal_high)
    return IM_ZONE_NORMAL;
  if (value >= limits->warning_low && value <= limits->warning_high)
    return IM_ZONE_WARNING;
  return IM_ZONE_CRITICAL;
}

void
im_sensor_zone_limits (ImSensor      sensor,
                       ImZoneLimits *limits)
{
  g_return_if_fail ((guint) sensor < IM_N_SENSORS);
  g_return_if_fail (limits != NULL);

  *limits = zone_tables[sensor].limits;
}

ImZone
im_sensor_zone (ImSensor sensor,
                double   value)
{
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, IM_ZONE_CRITICAL);

  return im_zone_for_limits (&zone_tables[sensor].limits, value);
}

const ImZoneBand *
im_sensor_zone_bands (ImSensor  sensor,
                      guint    *n_bands)
{
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);
  g_return_val_if_fail (n_bands != NULL, NULL);

  switch (sensor)
    {
    case IM_SENSOR_TEMPERATURE:
      *n_bands = G_N_ELEMENTS (temperature_bands);
      return temperature_bands;
    case IM_SENSOR_VIBRATION:
      *n_bands = G_N_ELEMENTS (vibration_bands);
      return vibration_bands;
    case IM_SENSOR_PRESSURE:
      *n_bands = G_N_ELEMENTS (pressure_bands);
      return pressure_bands;
    case IM_SENSOR_POWER:
      *n_bands = G_N_ELEMENTS (power_bands);
      return power_bands;
    case IM_SENSOR_NONE:
    case IM_N_SENSORS:
    default:
      g_assert_not_reached ();
    }
}

void
im_sensor_display_range (ImSensor  sensor,
                         double   *min,
                         double   *max)
{
  g_return_if_fail ((guint) sensor < IM_N_SENSORS);

  if (min != NULL)
    *min = zone_tables[sensor].display_min;
  if (max != NULL)
    *max = zone_tables[sensor].display_max;
}

const char *
im_zone_to_string (ImZone zone)
{
  switch (zone)
    {
    case IM_ZONE_NORMAL:
      return "normal";
    case IM_ZONE_WARNING:
      return "warning";
    case IM_ZONE_CRITICAL:
      return "critical";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Distance past the edge of the normal band, in warning-band widths:
 * 0 inside the band, 1 at the critical edge. */
static double
excess (const ZoneTable *t,
        double           value)
{
  const ImZoneLimits *l = &t->limits;

  if (value > l->normal_high)
    return (value - l->normal_high) / (l->warning_high - l->normal_high);
  if (value < l->normal_low)
    return (l->normal_low - value) / (l->normal_low - l->warning_low);
  return 0.0;
}

double
im_sensor_score (ImSensor sensor,
                 double   value)
{
  double x;

  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, 0.0);

  if (isnan (value))
    return 0.0;

  x = excess (&zone_tables[sensor], value);

  if (x <= 1.0)
    return 1.0 - 0.5 * x;
  return MAX (0.0, 0.5 - 0.5 * (x - 1.0));
}

double
im_reading_score (const ImReading *reading)
{
  double sum = 0.0;
  double worst = 1.0;

  g_return_val_if_fail (reading != NULL, 0.0);

  for (guint i = 0; i < IM_N_SENSORS; i++)
    {
      double s = im_sensor_score ((ImSensor) i, reading->values[i]);

      sum += s;
      worst = MIN (worst, s);
    }

  return 100.0 * (0.25 * (sum / IM_N_SENSORS) + 0.75 * worst);
}

ImHealthStatus
im_health_status_for_score (double score)
{
  if (isnan (score))
    return IM_HEALTH_OFFLINE;
  if (score >= 80.0)
    return IM_HEALTH_HEALTHY;
  if (score >= 50.0)
    return IM_HEALTH_WARNING;
  return IM_HEALTH_CRITICAL;
}

const char *
im_health_status_to_string (ImHealthStatus status)
{
  switch (status)
    {
    case IM_HEALTH_HEALTHY:
      return "healthy";
    case IM_HEALTH_WARNING:
      return "warning";
    case IM_HEALTH_CRITICAL:
      return "critical";
    case IM_HEALTH_OFFLINE:
      return "offline";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
im_health_fleet_stalled (const ImHealth *healths,
                         guint           n_healths,
                         gint64         *stopped_ns)
{
  gint64 oldest = G_MAXINT64;
  gint64 newest = G_MININT64;

  g_return_val_if_fail (healths != NULL || n_healths == 0, FALSE);

  if (n_healths < 2)
    return FALSE;

  for (guint i = 0; i < n_healths; i++)
    {
      /* One machine running, or one never seen, is not one moment. */
      if (healths[i].status != IM_HEALTH_OFFLINE || healths[i].last_seen_ns == 0)
        return FALSE;
      oldest = MIN (oldest, healths[i].last_seen_ns);
      newest = MAX (newest, healths[i].last_seen_ns);
    }

  if (newest - oldest > IM_HEALTH_STALL_SPREAD_NS)
    return FALSE;

  if (stopped_ns != NULL)
    *stopped_ns = newest;

  return TRUE;
}

#define HALF_LIFE_NS (G_GINT64_CONSTANT (60) * G_GINT64_CONSTANT (1000000000))

/**
 * im_health_compute:
 * @readings: one machine's recent readings, in any order
 * @n_readings: how many
 * @now_ns: the current time
 * @health: (out): the result
 *
 * The one health computation the app shows everywhere; see the comment
 * at the top of this file and the README.
 */
void
im_health_compute (const ImReading *readings,
                   gsize            n_readings,
                   gint64           now_ns,
                   ImHealth        *health)
{
  const ImReading *latest = NULL;
  double weighted = 0.0;
  double weights = 0.0;

  g_return_if_fail (health != NULL);
  g_return_if_fail (readings != NULL || n_readings == 0);

  health->score = NAN;
  health->status = IM_HEALTH_OFFLINE;
  health->last_seen_ns = 0;
  health->n_readings = 0;
  for (guint i = 0; i < IM_N_SENSORS; i++)
    health->zones[i] = IM_ZONE_NORMAL;

  for (gsize i = 0; i < n_readings; i++)
    if (latest == NULL || readings[i].time_ns > latest->time_ns)
      latest = &readings[i];

  if (latest == NULL)
    return;

  health->last_seen_ns = latest->time_ns;
  for (guint i = 0; i < IM_N_SENSORS; i++)
    health->zones[i] = im_sensor_zone ((ImSensor) i, latest->values[i]);

  for (gsize i = 0; i < n_readings; i++)
    {
      gint64 age = latest->time_ns - readings[i].time_ns;
      double w;

      if (age > IM_HEALTH_WINDOW_NS)
        continue;

      w = exp2 (-(double) age / (double) HALF_LIFE_NS);
      weighted += w * im_reading_score (&readings[i]);
      weights += w;
      health->n_readings++;
    }

  health->score = weighted / weights;

  if (now_ns - latest->time_ns > IM_HEALTH_OFFLINE_AFTER_NS)
    health->status = IM_HEALTH_OFFLINE;
  else
    health->status = im_health_status_for_score (health->score);
}
