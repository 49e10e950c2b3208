/* im-alarm-influx.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-alarm-influx"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-alarm-influx.h"
#include "im-reading.h"

char *
im_alarm_ack_influx_query (gint64 since_ns)
{
  return g_strdup_printf ("SELECT \"alarm_id\", \"user\", \"machine_id\" FROM \"%s\" WHERE time >= %"
                          G_GINT64_FORMAT, IM_ALARM_ACK_MEASUREMENT, since_ns);
}

static gboolean
fail (GError     **error,
      const char  *column,
      const char  *what)
{
  g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID, "stored alarm: %s: %s", column, what);
  return FALSE;
}

static const ImInfluxValue *
value_of (const ImInfluxSeries *series,
          guint                 row,
          const char           *column)
{
  int c = im_influx_series_find_column (series, column);

  if (c < 0)
    return NULL;

  return im_influx_series_get_value (series, row, c);
}

/* A string column, or the series' tag of that name (GROUP BY). */
static const char *
string_of (const ImInfluxSeries *series,
           guint                 row,
           const char           *column)
{
  const ImInfluxValue *v = value_of (series, row, column);

  if (v != NULL && v->type == IM_INFLUX_VALUE_STRING)
    return v->s;

  return im_influx_series_get_tag (series, column);
}

static gint64
integer_of (const ImInfluxSeries *series,
            guint                 row,
            const char           *column,
            gboolean             *present)
{
  const ImInfluxValue *v = value_of (series, row, column);

  *present = v != NULL && (v->type == IM_INFLUX_VALUE_INTEGER ||
                           (v->type == IM_INFLUX_VALUE_FLOAT && v->f == floor (v->f)));
  if (!*present)
    return 0;

  return v->type == IM_INFLUX_VALUE_INTEGER ? v->i : (gint64) v->f;
}

static double
float_of (const ImInfluxSeries *series,
          guint                 row,
          const char           *column)
{
  const ImInfluxValue *v = value_of (series, row, column);

  if (v == NULL)
    return NAN;
  if (v->type == IM_INFLUX_VALUE_FLOAT)
    return v->f;
  if (v->type == IM_INFLUX_VALUE_INTEGER)
    return (double) v->i;

  return NAN;
}

gboolean
im_alarm_from_influx_row (ImAlarm               *alarm,
                          const ImInfluxSeries  *series,
                          guint                  row,
                          GError               **error)
{
  const char *id, *machine_id, *type, *str;
  const ImInfluxValue *v;
  gboolean present;
  ImAlarm a;
  gint64 count;

  g_return_val_if_fail (alarm != NULL, FALSE);
  g_return_val_if_fail (series != NULL, FALSE);
  g_return_val_if_fail (row < im_influx_series_get_n_rows (series), FALSE);

  memset (&a, 0, sizeof a);

  id = string_of (series, row, "id");
  machine_id = string_of (series, row, "machine_id");
  type = string_of (series, row, "type");
  if (id == NULL || strlen (id) != IM_ALARM_ID_LEN)
    return fail (error, "id", "not an alarm id");
  if (machine_id == NULL || !im_id_is_valid (machine_id, -1))
    return fail (error, "machine_id", "not a machine id");
  if (type == NULL || !im_id_is_valid (type, -1) || strlen (type) > IM_ALARM_TYPE_MAX_LEN)
    return fail (error, "type", "not a type name");
  g_strlcpy (a.id, id, sizeof a.id);
  g_strlcpy (a.machine_id, machine_id, sizeof a.machine_id);
  g_strlcpy (a.type, type, sizeof a.type);

  str = string_of (series, row, "kind");
  if (g_strcmp0 (str, "zone") == 0)
    a.kind = IM_ALARM_KIND_ZONE;
  else if (g_strcmp0 (str, "anomaly") == 0)
    a.kind = IM_ALARM_KIND_ANOMALY;
  else if (g_strcmp0 (str, "inactivity") == 0)
    a.kind = IM_ALARM_KIND_INACTIVITY;
  else if (g_strcmp0 (str, "pipeline") == 0)
    a.kind = IM_ALARM_KIND_PIPELINE;
  else
    return fail (error, "kind", "not zone, anomaly, inactivity or pipeline");

  str = string_of (series, row, "sensors");
  if (str != NULL && *str != '\0')
    {
      g_auto(GStrv) names = g_strsplit (str, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          gboolean found = FALSE;

          for (guint s = 0; s < IM_N_SENSORS; s++)
            if (strcmp (names[i], im_sensor_to_string ((ImSensor) s)) == 0)
              {
                a.sensors |= 1u << s;
                found = TRUE;
              }
          if (!found)
            return fail (error, "sensors", "an unknown sensor");
        }
    }

  if (!im_alarm_severity_from_string (string_of (series, row, "severity"), &a.severity))
    return fail (error, "severity", "not critical, major, minor or warning");

  str = string_of (series, row, "state");
  if (g_strcmp0 (str, "active") == 0)
    a.state = IM_ALARM_STATE_ACTIVE;
  else if (g_strcmp0 (str, "cleared") == 0)
    a.state = IM_ALARM_STATE_CLEARED;
  else
    return fail (error, "state", "not active or cleared");

  v = value_of (series, row, "acknowledged");
  if (v == NULL || v->type != IM_INFLUX_VALUE_BOOLEAN)
    return fail (error, "acknowledged", "not a boolean");
  a.acknowledged = v->b;
  if (a.acknowledged)
    {
      str = string_of (series, row, "ack_user");
      if (str == NULL || !im_alarm_user_is_valid (str))
        return fail (error, "ack_user", "not a user name");
      g_strlcpy (a.ack_user, str, sizeof a.ack_user);
      a.ack_ns = integer_of (series, row, "ack_at", &present);
      if (!present)
        return fail (error, "ack_at", "missing for an acknowledged alarm");
    }

  a.started_ns = integer_of (series, row, "time", &present);
  if (!present)
    return fail (error, "time", "missing");
  a.raised_ns = integer_of (series, row, "raised_at", &present);
  if (!present)
    return fail (error, "raised_at", "missing");
  a.updated_ns = integer_of (series, row, "updated_at", &present);
  if (!present)
    return fail (error, "updated_at", "missing");
  if (a.state == IM_ALARM_STATE_CLEARED)
    {
      a.cleared_ns = integer_of (series, row, "cleared_at", &present);
      if (!present)
        return fail (error, "cleared_at", "missing for a cleared alarm");
    }
  a.value = float_of (series, row, "value");
  a.peak = float_of (series, row, "peak");
  a.threshold = float_of (series, row, "threshold");
  count = integer_of (series, row, "count", &present);
  if (!present || count < 0 || count > G_MAXUINT)
    return fail (error, "count", "not a whole number");
  a.count = (guint) count;

  *alarm = a;
  return TRUE;
}

gboolean
im_alarm_ack_from_influx_row (ImAlarmAck            *ack,
                              const ImInfluxSeries  *series,
                              guint                  row,
                              GError               **error)
{
  const char *alarm_id, *machine_id, *user;
  gboolean present;
  gint64 time_ns;

  g_return_val_if_fail (ack != NULL, FALSE);
  g_return_val_if_fail (series != NULL, FALSE);
  g_return_val_if_fail (row < im_influx_series_get_n_rows (series), FALSE);

  time_ns = integer_of (series, row, "time", &present);
  if (!present)
    return fail (error, "time", "missing");

  alarm_id = string_of (series, row, "alarm_id");
  machine_id = string_of (series, row, "machine_id");
  user = string_of (series, row, "user");
  if (alarm_id == NULL || machine_id == NULL || user == NULL)
    return fail (error, "alarm_id, machine_id, user", "missing");

  return im_alarm_ack_init (ack, alarm_id, machine_id, user, time_ns, error);
}
