/* im-health-display.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-health-display"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "im-health-display.h"
#include "im-util.h"

const char *
im_health_status_label (ImHealthStatus status)
{
  switch (status)
    {
    case IM_HEALTH_HEALTHY:
      return _("Healthy");
    case IM_HEALTH_WARNING:
      return _("Warning");
    case IM_HEALTH_CRITICAL:
      return _("Critical");
    case IM_HEALTH_OFFLINE:
      return _("Offline");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
im_health_status_style_class (ImHealthStatus status)
{
  switch (status)
    {
    case IM_HEALTH_HEALTHY:
      return "success";
    case IM_HEALTH_WARNING:
      return "warning";
    case IM_HEALTH_CRITICAL:
      return "error";
    case IM_HEALTH_OFFLINE:
      return "offline";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
im_health_status_icon_name (ImHealthStatus status)
{
  switch (status)
    {
    case IM_HEALTH_HEALTHY:
      /* Not emblem-ok-symbolic: the icon theme dropped it in 48. */
      return "object-select-symbolic";
    case IM_HEALTH_WARNING:
      return "dialog-warning-symbolic";
    case IM_HEALTH_CRITICAL:
      return "dialog-error-symbolic";
    case IM_HEALTH_OFFLINE:
      return "network-offline-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

static int
severity (ImHealthStatus status)
{
  switch (status)
    {
    /* A running machine in trouble first: it needs someone now; one
     * that says nothing may be switched off. */
    case IM_HEALTH_CRITICAL:
      return 0;
    case IM_HEALTH_WARNING:
      return 1;
    case IM_HEALTH_OFFLINE:
      return 2;
    case IM_HEALTH_HEALTHY:
      return 3;
    default:
      g_return_val_if_reached (4);
    }
}

int
im_health_compare (const ImHealth *a,
                   const char     *a_id,
                   const ImHealth *b,
                   const char     *b_id)
{
  double sa, sb;
  int ret;

  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  if ((ret = severity (a->status) - severity (b->status)) != 0)
    return ret;

  /* Without a score counts as the lowest. */
  sa = isnan (a->score) ? -1.0 : a->score;
  sb = isnan (b->score) ? -1.0 : b->score;
  if (sa != sb)
    return sa < sb ? -1 : 1;

  return g_strcmp0 (a_id, b_id);
}

char *
im_health_format_score (double score)
{
  if (!isfinite (score))
    return g_strdup ("—");

  return g_strdup_printf ("%d", (int) floor (CLAMP (score, 0.0, 100.0)));
}

const char *
im_zone_style_class (ImZone zone)
{
  switch (zone)
    {
    case IM_ZONE_NORMAL:
      return "success";
    case IM_ZONE_WARNING:
      return "warning";
    case IM_ZONE_CRITICAL:
      return "error";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
im_zone_label (ImZone zone)
{
  switch (zone)
    {
    case IM_ZONE_NORMAL:
      return _("Normal");
    case IM_ZONE_WARNING:
      return _("Warning");
    case IM_ZONE_CRITICAL:
      return _("Critical");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
im_sensor_label (ImSensor sensor)
{
  switch (sensor)
    {
    case IM_SENSOR_TEMPERATURE:
      return _("Temperature");
    case IM_SENSOR_VIBRATION:
      return _("Vibration");
    case IM_SENSOR_PRESSURE:
      return _("Pressure");
    case IM_SENSOR_POWER:
      return _("Power");
    case IM_SENSOR_NONE:
    case IM_N_SENSORS:
    default:
      g_return_val_if_reached (NULL);
    }
}

int
im_sensor_display_decimals (ImSensor sensor)
{
  switch (sensor)
    {
    case IM_SENSOR_TEMPERATURE:
    case IM_SENSOR_PRESSURE:
      return 1;
    case IM_SENSOR_VIBRATION:
      return 2;
    case IM_SENSOR_POWER:
      return 0;
    case IM_SENSOR_NONE:
    case IM_N_SENSORS:
    default:
      g_return_val_if_reached (1);
    }
}

char *
im_format_sensor_value (ImSensor sensor,
                        double   value)
{
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);

  if (!isfinite (value))
    return g_strdup ("—");

  return g_strdup_printf ("%.*f", im_sensor_display_decimals (sensor), value);
}

char *
im_format_sensor_change (ImSensor sensor,
                         double   delta)
{
  int decimals;
  double rounded;
  double scale;

  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);

  if (!isfinite (delta))
    return g_strdup ("—");

  decimals = im_sensor_display_decimals (sensor);
  scale = pow (10.0, decimals);
  rounded = round (delta * scale) / scale;

  if (rounded == 0.0)
    return g_strdup_printf ("±%.*f", decimals, 0.0);
  if (rounded > 0.0)
    return g_strdup_printf ("+%.*f", decimals, rounded);
  return g_strdup_printf ("−%.*f", decimals, -rounded);
}

char *
im_format_last_seen (gint64 time_ns,
                     gint64 now_ns)
{
  gint64 age_s;

  if (time_ns == 0)
    return g_strdup (_("never"));

  age_s = (now_ns - time_ns) / IM_NSEC_PER_SEC;

  if (age_s < 5)
    return g_strdup (_("just now"));
  if (age_s < 60)
    /* Translators: a short time ago, in seconds */
    return g_strdup_printf (_("%d s ago"), (int) age_s);
  if (age_s < 3600)
    /* Translators: a short time ago, in minutes */
    return g_strdup_printf (_("%d min ago"), (int) (age_s / 60));
  if (age_s < 24 * 3600)
    /* Translators: a time ago, in hours */
    return g_strdup_printf (_("%d h ago"), (int) (age_s / 3600));

  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time_ns / IM_NSEC_PER_SEC);

    /* Translators: a date and time, see g_date_time_format() */
    return g_date_time_format (dt, _("%b %e, %H:%M"));
  }
}
