/* im-influx-queries.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-influx-queries"

#include "config.h"

#include "im-alarm.h"
#include "im-influx-client.h"
#include "im-influx-queries.h"
#include "im-influxql.h"
#include "im-line-protocol.h"
#include "im-reading.h"
#include "im-util.h"

static void
append_from (GString *q)
{
  g_string_append (q, " FROM ");
  im_influxql_append_identifier (q, IM_LP_MEASUREMENT);
}

static void
append_raw_columns (GString *q)
{
  g_string_append (q, "SELECT ");
  im_influxql_append_identifier (q, "sensor_id");
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      g_string_append_c (q, ',');
      im_influxql_append_identifier (q, im_sensor_to_string (s));
    }
  g_string_append_c (q, ',');
  im_influxql_append_identifier (q, "degradation");
  g_string_append_c (q, ',');
  im_influxql_append_identifier (q, "state");
  g_string_append_c (q, ',');
  im_influxql_append_identifier (q, "anomaly");
}

/* What im_health_compute() reads: the time and the sensors' values. */
static void
append_value_columns (GString *q)
{
  g_string_append (q, "SELECT ");
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      if (s > 0)
        g_string_append_c (q, ',');
      im_influxql_append_identifier (q, im_sensor_to_string (s));
    }
}

static void
append_machine_condition (GString    *q,
                          const char *machine_id)
{
  im_influxql_append_identifier (q, "machine_id");
  g_string_append (q, " = ");
  im_influxql_append_string (q, machine_id);
}

/* time >= from AND time < to */
static void
append_time_range (GString *q,
                   gint64   from_ns,
                   gint64   to_ns)
{
  g_string_append_printf (q, "time >= %" G_GINT64_FORMAT " AND time < %" G_GINT64_FORMAT,
                          from_ns, to_ns);
}

/* " WHERE [@condition AND ]machine AND time range GROUP BY time(window)
 * fill(none)": an aggregate's tail. @condition may be NULL. */
static void
append_windows (GString    *q,
                const char *condition,
                const char *machine_id,
                gint64      from_ns,
                gint64      to_ns,
                gint64      window_ns)
{
  g_autofree char *window = im_influx_duration_to_string (window_ns);

  g_string_append (q, " WHERE ");
  if (condition != NULL)
    {
      g_string_append (q, condition);
      g_string_append (q, " AND ");
    }
  append_machine_condition (q, machine_id);
  g_string_append (q, " AND ");
  append_time_range (q, from_ns, to_ns);
  g_string_append_printf (q, " GROUP BY time(%s) fill(none)", window);
}

char *
im_influx_duration_to_string (gint64 window_ns)
{
  gint64 s;

  g_return_val_if_fail (window_ns > 0, NULL);

  if (window_ns % IM_NSEC_PER_SEC != 0)
    {
      if (window_ns % IM_NSEC_PER_MSEC == 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT "ms", window_ns / IM_NSEC_PER_MSEC);
      if (window_ns % IM_NSEC_PER_USEC == 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT "u", window_ns / IM_NSEC_PER_USEC);
      return g_strdup_printf ("%" G_GINT64_FORMAT "ns", window_ns);
    }

  s = window_ns / IM_NSEC_PER_SEC;

  if (s % 86400 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "d", s / 86400);
  if (s % 3600 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h", s / 3600);
  if (s % 60 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", s / 60);
  return g_strdup_printf ("%" G_GINT64_FORMAT "s", s);
}

char *
im_influx_query_machines (void)
{
  GString *q = g_string_new ("SHOW TAG VALUES");

  append_from (q);
  g_string_append (q, " WITH KEY = ");
  im_influxql_append_identifier (q, "machine_id");

  return g_string_free (q, FALSE);
}

char *
im_influx_query_raw (const char *machine_id,
                     gint64      from_ns,
                     gint64      to_ns,
                     guint       limit,
                     guint64     offset)
{
  GString *q;

  g_return_val_if_fail (machine_id != NULL, NULL);
  g_return_val_if_fail (from_ns <= to_ns, NULL);

  q = g_string_new (NULL);
  append_raw_columns (q);
  append_from (q);
  g_string_append (q, " WHERE ");
  append_machine_condition (q, machine_id);
  g_string_append (q, " AND ");
  append_time_range (q, from_ns, to_ns);
  g_string_append (q, " ORDER BY time ASC");
  if (limit > 0)
    {
      g_string_append_printf (q, " LIMIT %u", limit);
      if (offset > 0)
        g_string_append_printf (q, " OFFSET %" G_GUINT64_FORMAT, offset);
    }

  return g_string_free (q, FALSE);
}

char *
im_influx_query_aggregate (const char *machine_id,
                           gint64      from_ns,
                           gint64      to_ns,
                           gint64      window_ns)
{
  static const char * const functions[] = { "mean", "min", "max" };
  GString *q;

  g_return_val_if_fail (machine_id != NULL, NULL);
  g_return_val_if_fail (from_ns <= to_ns, NULL);
  g_return_val_if_fail (window_ns > 0, NULL);

  q = g_string_new ("SELECT count(");
  im_influxql_append_identifier (q, im_sensor_to_string (IM_SENSOR_TEMPERATURE));
  g_string_append_c (q, ')');
  for (guint s = 0; s < IM_N_SENSORS; s++)
    for (guint f = 0; f < G_N_ELEMENTS (functions); f++)
      {
        g_string_append_printf (q, ",%s(", functions[f]);
        im_influxql_append_identifier (q, im_sensor_to_string (s));
        g_string_append_c (q, ')');
      }
  append_from (q);
  append_windows (q, NULL, machine_id, from_ns, to_ns, window_ns);

  return g_string_free (q, FALSE);
}

int
im_influx_choose_rollup (const ImInfluxRollup *rollups,
                         guint                 n_rollups,
                         const gint64         *oldest_ns,
                         gint64                raw_oldest_ns,
                         gint64                from_ns,
                         gint64                window_ns)
{
  g_return_val_if_fail (rollups != NULL || n_rollups == 0, -1);
  g_return_val_if_fail (oldest_ns != NULL || n_rollups == 0, -1);
  g_return_val_if_fail (window_ns > 0, -1);

  for (guint i = n_rollups; i-- > 0;)
    {
      gint64 rollup_window = rollups[i].window_ns;
      gint64 needed = im_floor_div (from_ns, window_ns) * window_ns;

      if (window_ns % rollup_window != 0 || oldest_ns[i] == G_MAXINT64)
        continue;
      /* Nothing older exists in raw: the rollup need only reach back to
       * the row that holds the oldest reading. */
      if (raw_oldest_ns != G_MAXINT64)
        needed = MAX (needed, im_floor_div (raw_oldest_ns, rollup_window) * rollup_window);
      if (oldest_ns[i] > needed)
        continue;

      return (int) i;
    }

  return -1;
}

static void
append_rollup_from (GString              *q,
                    const ImInfluxRollup *rollup)
{
  g_string_append (q, " FROM ");
  im_influxql_append_identifier (q, rollup->retention_policy);
  g_string_append_c (q, '.');
  im_influxql_append_identifier (q, rollup->measurement);
}

/* "<sensor>_<suffix>", quoted. */
static void
append_rollup_field (GString    *q,
                     ImSensor    sensor,
                     const char *suffix)
{
  g_autofree char *name = g_strconcat (im_sensor_to_string (sensor), "_", suffix, NULL);

  im_influxql_append_identifier (q, name);
}

char *
im_influx_query_aggregate_rollup (const ImInfluxRollup *rollup,
                                  const char           *machine_id,
                                  gint64                from_ns,
                                  gint64                to_ns,
                                  gint64                window_ns)
{
  GString *q;

  g_return_val_if_fail (rollup != NULL, NULL);
  g_return_val_if_fail (machine_id != NULL, NULL);
  g_return_val_if_fail (from_ns <= to_ns, NULL);
  g_return_val_if_fail (window_ns > 0, NULL);

  q = g_string_new ("SELECT sum(");
  append_rollup_field (q, IM_SENSOR_TEMPERATURE, "count");
  g_string_append_c (q, ')');
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      g_string_append (q, ",sum(");
      append_rollup_field (q, s, "sum");
      g_string_append (q, ")/sum(");
      append_rollup_field (q, s, "count");
      g_string_append (q, "),min(");
      append_rollup_field (q, s, "min");
      g_string_append (q, "),max(");
      append_rollup_field (q, s, "max");
      g_string_append_c (q, ')');
    }
  append_rollup_from (q, rollup);
  append_windows (q, NULL, machine_id, from_ns, to_ns, window_ns);

  return g_string_free (q, FALSE);
}

char *
im_influx_query_state_counts (const ImInfluxRollup *rollup,
                              const char           *machine_id,
                              gint64                from_ns,
                              gint64                to_ns,
                              gint64                window_ns)
{
  static const ImMachineState states[] = { IM_MACHINE_STATE_DEGRADING, IM_MACHINE_STATE_FAILING };
  GString *q;

  g_return_val_if_fail (machine_id != NULL, NULL);
  g_return_val_if_fail (from_ns <= to_ns, NULL);
  g_return_val_if_fail (window_ns > 0, NULL);

  q = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      const char *state = im_machine_state_to_string (states[i]);

      if (i > 0)
        g_string_append (q, ";");
      if (rollup != NULL)
        {
          g_autofree char *field = g_strconcat ("state_", state, "_count", NULL);

          g_string_append (q, "SELECT sum(");
          im_influxql_append_identifier (q, field);
          g_string_append_c (q, ')');
          append_rollup_from (q, rollup);
          append_windows (q, NULL, machine_id, from_ns, to_ns, window_ns);
        }
      else
        {
          g_autoptr(GString) condition = g_string_new (NULL);

          g_string_append (q, "SELECT count(");
          im_influxql_append_identifier (q, im_sensor_to_string (IM_SENSOR_TEMPERATURE));
          g_string_append_c (q, ')');
          append_from (q);
          im_influxql_append_identifier (condition, "state");
          g_string_append (condition, " = ");
          im_influxql_append_string (condition, state);
          append_windows (q, condition->str, machine_id, from_ns, to_ns, window_ns);
        }
    }

  return g_string_free (q, FALSE);
}

char *
im_influx_query_retention_policies (void)
{
  return g_strdup ("SHOW RETENTION POLICIES");
}

char *
im_influx_query_rollup_oldest (const ImInfluxRollup *rollup)
{
  GString *q;

  g_return_val_if_fail (rollup != NULL, NULL);

  q = g_string_new ("SELECT first(");
  append_rollup_field (q, IM_SENSOR_TEMPERATURE, "count");
  g_string_append_c (q, ')');
  append_rollup_from (q, rollup);

  return g_string_free (q, FALSE);
}

char *
im_influx_query_raw_oldest (const char *machine_id)
{
  GString *q;

  g_return_val_if_fail (machine_id != NULL, NULL);

  q = g_string_new ("SELECT first(");
  im_influxql_append_identifier (q, im_sensor_to_string (IM_SENSOR_TEMPERATURE));
  g_string_append_c (q, ')');
  append_from (q);
  g_string_append (q, " WHERE ");
  append_machine_condition (q, machine_id);

  return g_string_free (q, FALSE);
}

char *
im_influx_query_last_seen (void)
{
  GString *q = g_string_new ("SELECT last(");

  im_influxql_append_identifier (q, im_sensor_to_string (IM_SENSOR_TEMPERATURE));
  g_string_append_c (q, ')');
  append_from (q);
  g_string_append (q, " GROUP BY ");
  im_influxql_append_identifier (q, "machine_id");

  return g_string_free (q, FALSE);
}

char *
im_influx_query_recent (const char * const *machine_ids,
                        const gint64       *from_ns,
                        const gint64       *to_ns,
                        guint               n_machines)
{
  GString *q;

  g_return_val_if_fail (machine_ids != NULL || n_machines == 0, NULL);
  g_return_val_if_fail (from_ns != NULL || n_machines == 0, NULL);
  g_return_val_if_fail (to_ns != NULL || n_machines == 0, NULL);

  q = g_string_new (NULL);
  for (guint i = 0; i < n_machines; i++)
    {
      if (i > 0)
        g_string_append (q, ";");
      append_value_columns (q);
      append_from (q);
      g_string_append (q, " WHERE ");
      append_machine_condition (q, machine_ids[i]);
      g_string_append (q, " AND ");
      append_time_range (q, from_ns[i], MAX (from_ns[i], to_ns[i]));
      g_string_append (q, " GROUP BY ");
      im_influxql_append_identifier (q, "machine_id");
    }

  return g_string_free (q, FALSE);
}

static void
append_select_all (GString    *q,
                   const char *measurement)
{
  g_string_append (q, "SELECT * FROM ");
  im_influxql_append_identifier (q, measurement);
  g_string_append (q, " WHERE ");
}

char *
im_influx_query_alarms (const char *machine_id,
                        gint64      from_ns,
                        gint64      to_ns)
{
  GString *q;

  g_return_val_if_fail (from_ns <= to_ns, NULL);

  q = g_string_new (NULL);

  /* Those that started in the range… */
  append_select_all (q, IM_ALARM_MEASUREMENT);
  append_time_range (q, from_ns, to_ns);
  if (machine_id != NULL)
    {
      g_string_append (q, " AND ");
      append_machine_condition (q, machine_id);
    }

  /* …and those active now, whenever they started. */
  g_string_append (q, "; ");
  append_select_all (q, IM_ALARM_MEASUREMENT);
  im_influxql_append_identifier (q, "state");
  g_string_append (q, " = ");
  im_influxql_append_string (q, im_alarm_state_to_string (IM_ALARM_STATE_ACTIVE));
  if (machine_id != NULL)
    {
      g_string_append (q, " AND ");
      append_machine_condition (q, machine_id);
    }

  return g_string_free (q, FALSE);
}

char *
im_influx_query_alarm_acks (const char *machine_id,
                            gint64      from_ns)
{
  GString *q = g_string_new (NULL);

  append_select_all (q, IM_ALARM_ACK_MEASUREMENT);
  g_string_append_printf (q, "time >= %" G_GINT64_FORMAT, from_ns);
  if (machine_id != NULL)
    {
      g_string_append (q, " AND ");
      append_machine_condition (q, machine_id);
    }

  return g_string_free (q, FALSE);
}
