/* im-alarm-influx.c — alarms and acknowledgements read back from InfluxDB
 *
 * The points are those of im_alarm_append_line_protocol() and
 * im_alarm_ack_append_line_protocol(); see the README's data contract.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-alarm-influx"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-alarm-influx.h"
#include "im-util.h"

static gboolean
fail (GError    **error,
      const char *column,
      const char *what)
{
  g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
               "alarm point: %s: %s", column, what);
  return FALSE;
}

static const ImInfluxValue *
lookup (const ImInfluxSeries *series,
        guint                 row,
        const char           *name)
{
  int column = im_influx_series_find_column (series, name);

  return column < 0 ? NULL : im_influx_series_get_value (series, row, (guint) column);
}

/* A tag is a column of a plain SELECT *, a series tag under GROUP BY. */
static const char *
get_string (const ImInfluxSeries *series,
            guint                 row,
            const char           *name)
{
  const ImInfluxValue *value = lookup (series, row, name);

  if (value != NULL && value->type == IM_INFLUX_VALUE_STRING)
    return value->s;
  if (value == NULL)
    return im_influx_series_get_tag (series, name);

  return NULL;
}

/* Integers (ns, counts), NULL as 0. */
static gboolean
get_integer (const ImInfluxSeries *series,
             guint                 row,
             const char           *name,
             gint64               *out)
{
  const ImInfluxValue *value = lookup (series, row, name);

  *out = 0;
  if (value == NULL || value->type == IM_INFLUX_VALUE_NULL)
    return TRUE;
  if (value->type == IM_INFLUX_VALUE_INTEGER)
    {
      *out = value->i;
      return TRUE;
    }
  if (value->type == IM_INFLUX_VALUE_FLOAT && isfinite (value->f))
    {
      *out = (gint64) value->f;
      return TRUE;
    }

  return FALSE;
}

static double
get_double (const ImInfluxSeries *series,
            guint                 row,
            const char           *name)
{
  int column = im_influx_series_find_column (series, name);

  return column < 0 ? NAN : im_influx_series_get_double (series, row, (guint) column);
}

static gboolean
id_is_valid (const char *id)
{
  if (id == NULL || strlen (id) != IM_ALARM_ID_LEN)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;

  return TRUE;
}

static gboolean
kind_from_string (const char  *str,
                  ImAlarmKind *kind)
{
  static const ImAlarmKind kinds[] = {
    IM_ALARM_KIND_ZONE, IM_ALARM_KIND_ANOMALY,
    IM_ALARM_KIND_INACTIVITY, IM_ALARM_KIND_PIPELINE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_strcmp0 (str, im_alarm_kind_to_string (kinds[i])) == 0)
        {
          *kind = kinds[i];
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
sensors_from_string (const char *str,
                     guint      *sensors)
{
  g_auto(GStrv) names = NULL;

  *sensors = 0;
  if (str == NULL || str[0] == '\0')
    return TRUE;

  names = g_strsplit (str, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint s = 0; s < IM_N_SENSORS; s++)
        {
          if (strcmp (names[i], im_sensor_to_string ((ImSensor) s)) == 0)
            {
              *sensors |= 1u << s;
              found = TRUE;
            }
        }
      if (!found)
        return FALSE;
    }

  return TRUE;
}

gboolean
im_alarm_from_influx_row (ImAlarm              *alarm,
                          const ImInfluxSeries *series,
                          guint                 row,
                          GError              **error)
{
  const char *str;
  const ImInfluxValue *value;
  gint64 count;
  ImAlarm a;

  g_return_val_if_fail (alarm != NULL, FALSE);
  g_return_val_if_fail (series != NULL, FALSE);
  g_return_val_if_fail (row < im_influx_series_get_n_rows (series), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (&a, 0, sizeof a);

  str = get_string (series, row, "id");
  if (!id_is_valid (str))
    return fail (error, "id", "not 32 lower-case hex digits");
  g_strlcpy (a.id, str, sizeof a.id);

  str = get_string (series, row, "machine_id");
  if (str == NULL || !im_id_is_valid (str, -1))
    return fail (error, "machine_id", "not a machine id");
  g_strlcpy (a.machine_id, str, sizeof a.machine_id);

  str = get_string (series, row, "type");
  if (str == NULL || !im_id_is_valid (str, -1) || strlen (str) > IM_ALARM_TYPE_MAX_LEN)
    return fail (error, "type", "not a type name");
  g_strlcpy (a.type, str, sizeof a.type);

  if (!kind_from_string (get_string (series, row, "kind"), &a.kind))
    return fail (error, "kind", "not zone, anomaly, inactivity or pipeline");
  if (!sensors_from_string (get_string (series, row, "sensors"), &a.sensors))
    return fail (error, "sensors", "not a list of sensor names");

  str = get_string (series, row, "severity");
  if (str == NULL || !im_alarm_severity_from_string (str, &a.severity))
    return fail (error, "severity", "not critical, major, minor or warning");

  str = get_string (series, row, "state");
  if (g_strcmp0 (str, "active") == 0)
    a.state = IM_ALARM_STATE_ACTIVE;
  else if (g_strcmp0 (str, "cleared") == 0)
    a.state = IM_ALARM_STATE_CLEARED;
  else
    return fail (error, "state", "not active or cleared");

  value = lookup (series, row, "acknowledged");
  a.acknowledged = value != NULL && value->type == IM_INFLUX_VALUE_BOOLEAN && value->b;
  if (!get_integer (series, row, "ack_at", &a.ack_ns))
    return fail (error, "ack_at", "not a time");
  str = get_string (series, row, "ack_user");
  if (a.acknowledged)
    {
      if (str == NULL || !im_alarm_user_is_valid (str))
        return fail (error, "ack_user", "not a user name");
      if (a.ack_ns == 0)
        return fail (error, "ack_at", "missing for an acknowledged alarm");
      g_strlcpy (a.ack_user, str, sizeof a.ack_user);
    }
  else
    {
      a.ack_ns = 0;
    }

  if (!get_integer (series, row, "time", &a.started_ns) || a.started_ns == 0)
    return fail (error, "time", "not a time");
  if (!get_integer (series, row, "raised_at", &a.raised_ns) || a.raised_ns == 0)
    return fail (error, "raised_at", "not a time");
  if (!get_integer (series, row, "updated_at", &a.updated_ns))
    return fail (error, "updated_at", "not a time");
  if (!get_integer (series, row, "cleared_at", &a.cleared_ns))
    return fail (error, "cleared_at", "not a time");
  if (a.state != IM_ALARM_STATE_CLEARED)
    a.cleared_ns = 0;

  a.value = get_double (series, row, "value");
  a.peak = get_double (series, row, "peak");
  a.threshold = get_double (series, row, "threshold");
  if (!get_integer (series, row, "count", &count) || count < 0 || count > G_MAXUINT)
    return fail (error, "count", "not a whole number");
  a.count = (guint) count;

  *alarm = a;
  return TRUE;
}

gboolean
im_alarm_ack_from_influx_row (ImAlarmAck           *ack,
                              const ImInfluxSeries *series,
                              guint                 row,
                              GError              **error)
{
  gint64 time_ns;

  g_return_val_if_fail (ack != NULL, FALSE);
  g_return_val_if_fail (series != NULL, FALSE);
  g_return_val_if_fail (row < im_influx_series_get_n_rows (series), FALSE);

  if (!get_integer (series, row, "time", &time_ns))
    return fail (error, "time", "not a time");

  return im_alarm_ack_init (ack,
                            get_string (series, row, "alarm_id"),
                            get_string (series, row, "machine_id"),
                            get_string (series, row, "user"),
                            time_ns, error);
}
