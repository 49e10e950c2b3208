/* im-reading.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-reading"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-reading.h"
#include "im-util.h"

G_DEFINE_QUARK (im-reading-error-quark, im_reading_error)

/* 2000-01-01T00:00:00Z */
#define IM_READING_OLDEST_NS   (G_GINT64_CONSTANT (946684800) * IM_NSEC_PER_SEC)
#define IM_READING_MAX_AHEAD_NS (G_GINT64_CONSTANT (300) * IM_NSEC_PER_SEC)

static const char * const reason_names[] = {
  [IM_READING_ERROR_EMPTY] = "empty",
  [IM_READING_ERROR_TOO_LARGE] = "too_large",
  [IM_READING_ERROR_INVALID_UTF8] = "invalid_utf8",
  [IM_READING_ERROR_MALFORMED_JSON] = "malformed_json",
  [IM_READING_ERROR_TOO_DEEP] = "too_deep",
  [IM_READING_ERROR_NOT_AN_OBJECT] = "not_an_object",
  [IM_READING_ERROR_UNSUPPORTED_VERSION] = "unsupported_version",
  [IM_READING_ERROR_MISSING_FIELD] = "missing_field",
  [IM_READING_ERROR_WRONG_TYPE] = "wrong_type",
  [IM_READING_ERROR_INVALID_ID] = "invalid_id",
  [IM_READING_ERROR_INVALID_TIMESTAMP] = "invalid_timestamp",
  [IM_READING_ERROR_TIMESTAMP_TOO_OLD] = "timestamp_too_old",
  [IM_READING_ERROR_TIMESTAMP_IN_FUTURE] = "timestamp_in_future",
  [IM_READING_ERROR_NOT_FINITE] = "not_finite",
  [IM_READING_ERROR_OUT_OF_RANGE] = "out_of_range",
  [IM_READING_ERROR_INVALID_ENUM] = "invalid_enum",
};

G_STATIC_ASSERT (G_N_ELEMENTS (reason_names) == IM_N_READING_ERRORS);

/**
 * im_reading_error_reason:
 * @code: an #ImReadingError
 *
 * Returns: a short, stable name for @code ("missing_field"), used as the
 *   dead-letter reason code and the metrics label
 */
const char *
im_reading_error_reason (ImReadingError code)
{
  if ((guint) code >= G_N_ELEMENTS (reason_names))
    return "unknown";

  return reason_names[code];
}

static const char * const sensor_names[] = { "temperature", "vibration", "pressure", "power" };
static const char * const sensor_units[] = { "°C", "mm/s", "PSI", "W" };

const char *
im_sensor_to_string (ImSensor sensor)
{
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);

  return sensor_names[sensor];
}

const char *
im_sensor_unit (ImSensor sensor)
{
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);

  return sensor_units[sensor];
}

static const char * const state_names[] = { NULL, "normal", "degrading", "failing" };

const char *
im_machine_state_to_string (ImMachineState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    return NULL;

  return state_names[state];
}

gboolean
im_machine_state_from_string (const char     *str,
                              ImMachineState *state)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 1; i < G_N_ELEMENTS (state_names); i++)
    {
      if (strcmp (str, state_names[i]) == 0)
        {
          *state = (ImMachineState) i;
          return TRUE;
        }
    }

  return FALSE;
}

static const char * const anomaly_names[] = { "none", "spike", "drift", "cyclic", "multi_sensor" };

G_STATIC_ASSERT (G_N_ELEMENTS (anomaly_names) == IM_N_ANOMALIES);

const char *
im_anomaly_to_string (ImAnomaly anomaly)
{
  if ((guint) anomaly >= G_N_ELEMENTS (anomaly_names))
    return NULL;

  return anomaly_names[anomaly];
}

gboolean
im_anomaly_from_string (const char *str,
                        ImAnomaly  *anomaly)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (anomaly_names); i++)
    {
      if (strcmp (str, anomaly_names[i]) == 0)
        {
          *anomaly = (ImAnomaly) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * im_id_is_valid:
 * @id: a machine or sensor id
 * @len: its length, or -1 when NUL-terminated
 *
 * Returns: %TRUE when @id is 1–64 characters of `A-Za-z0-9_.:-`
 */
gboolean
im_id_is_valid (const char *id,
                gssize      len)
{
  g_return_val_if_fail (id != NULL, FALSE);

  if (len < 0)
    len = strnlen (id, IM_ID_MAX_LEN + 1);

  if (len < 1 || len > IM_ID_MAX_LEN)
    return FALSE;

  for (gssize i = 0; i < len; i++)
    {
      char c = id[i];

      if (!g_ascii_isalnum (c) && c != '_' && c != '.' && c != ':' && c != '-')
        return FALSE;
    }

  return TRUE;
}

void
im_reading_init (ImReading *reading)
{
  g_return_if_fail (reading != NULL);

  memset (reading, 0, sizeof *reading);
  reading->state = IM_MACHINE_STATE_UNKNOWN;
  reading->degradation = NAN;
  reading->anomaly = IM_ANOMALY_NONE;
}

typedef struct
{
  double min;
  double max;
} Range;

/* Physically possible values (DESIGN.md, "Data contract"). */
static const Range sensor_ranges[IM_N_SENSORS] = {
  [IM_SENSOR_TEMPERATURE] = { -50.0, 500.0 },
  [IM_SENSOR_VIBRATION] = { 0.0, INFINITY },
  [IM_SENSOR_PRESSURE] = { 0.0, 1000.0 },
  [IM_SENSOR_POWER] = { 0.0, 100000.0 },
};

static gboolean
check_id (const char  *field,
          const char  *id,
          GError     **error)
{
  if (!im_id_is_valid (id, -1))
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_INVALID_ID,
                   "%s: must be 1–64 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'",
                   field);
      return FALSE;
    }

  return TRUE;
}

/**
 * im_reading_validate:
 * @reading: a reading
 * @now_ns: the current time, for the "not in the future" rule
 * @error: the first rule broken, naming the field and the rule
 *
 * Checks every rule of the data contract that a decoded reading can
 * break.
 *
 * Returns: %TRUE if @reading is valid
 */
gboolean
im_reading_validate (const ImReading  *reading,
                     gint64            now_ns,
                     GError          **error)
{
  g_return_val_if_fail (reading != NULL, FALSE);

  if (!check_id ("machine_id", reading->machine_id, error) ||
      !check_id ("sensor_id", reading->sensor_id, error))
    return FALSE;

  if (reading->time_ns < IM_READING_OLDEST_NS)
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_TIMESTAMP_TOO_OLD,
                   "timestamp: before 2000-01-01T00:00:00Z");
      return FALSE;
    }

  if (now_ns <= G_MAXINT64 - IM_READING_MAX_AHEAD_NS &&
      reading->time_ns > now_ns + IM_READING_MAX_AHEAD_NS)
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_TIMESTAMP_IN_FUTURE,
                   "timestamp: more than 5 minutes in the future");
      return FALSE;
    }

  for (guint i = 0; i < IM_N_SENSORS; i++)
    {
      double v = reading->values[i];

      if (!isfinite (v))
        {
          g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_NOT_FINITE,
                       "%s: not a finite number", sensor_names[i]);
          return FALSE;
        }

      if (v < sensor_ranges[i].min || v > sensor_ranges[i].max)
        {
          char value[IM_DOUBLE_BUF_SIZE];

          im_format_double (value, v);
          if (isinf (sensor_ranges[i].max))
            g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_OUT_OF_RANGE,
                         "%s: %s is physically impossible (must not be negative)",
                         sensor_names[i], value);
          else
            g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_OUT_OF_RANGE,
                         "%s: %s is physically impossible (must be within %g..%g %s)",
                         sensor_names[i], value, sensor_ranges[i].min, sensor_ranges[i].max,
                         sensor_units[i]);
          return FALSE;
        }
    }

  if (!isnan (reading->degradation) &&
      !(reading->degradation >= 0.0 && reading->degradation <= 1.0))
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_OUT_OF_RANGE,
                   "degradation: must be within 0..1");
      return FALSE;
    }

  if ((guint) reading->state >= G_N_ELEMENTS (state_names))
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_INVALID_ENUM,
                   "state: must be normal, degrading or failing");
      return FALSE;
    }

  if ((guint) reading->anomaly >= IM_N_ANOMALIES)
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_INVALID_ENUM,
                   "anomaly: must be null, spike, drift, cyclic or multi_sensor");
      return FALSE;
    }

  return TRUE;
}
