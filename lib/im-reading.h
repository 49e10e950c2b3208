/* im-reading.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IM_READING_SCHEMA_VERSION 1
#define IM_ID_MAX_LEN             64
/* Largest message the codec accepts; larger payloads are invalid. */
#define IM_READING_MAX_BYTES      (64 * 1024)
/* Deepest nesting of arrays/objects accepted inside a message. */
#define IM_READING_MAX_DEPTH      16

/* The four sensors, in this order everywhere (arrays are indexed by it). */
typedef enum
{
  IM_SENSOR_NONE = -1,        /* no sensor, e.g. a chart of anything */
  IM_SENSOR_TEMPERATURE,
  IM_SENSOR_VIBRATION,
  IM_SENSOR_PRESSURE,
  IM_SENSOR_POWER,
  IM_N_SENSORS /*< skip >*/
} ImSensor;

typedef enum
{
  IM_MACHINE_STATE_UNKNOWN = 0,   /* absent from the message */
  IM_MACHINE_STATE_NORMAL,
  IM_MACHINE_STATE_DEGRADING,
  IM_MACHINE_STATE_FAILING,
} ImMachineState;

typedef enum
{
  IM_ANOMALY_NONE = 0,
  IM_ANOMALY_SPIKE,
  IM_ANOMALY_DRIFT,
  IM_ANOMALY_CYCLIC,
  IM_ANOMALY_MULTI_SENSOR,
  IM_N_ANOMALIES /*< skip >*/
} ImAnomaly;

/**
 * ImReading:
 * @machine_id: NUL-terminated, 1–64 chars of `A-Za-z0-9_.:-`
 * @sensor_id: same rules as @machine_id
 * @time_ns: nanoseconds since the Unix epoch, UTC
 * @values: indexed by #ImSensor
 * @state: ground truth, %IM_MACHINE_STATE_UNKNOWN when absent
 * @degradation: ground truth 0..1, NAN when absent
 * @anomaly: ground truth, %IM_ANOMALY_NONE when absent or null
 *
 * One sensor reading. A plain value type: copy it with `=`.
 */
typedef struct
{
  char           machine_id[IM_ID_MAX_LEN + 1];
  char           sensor_id[IM_ID_MAX_LEN + 1];
  gint64         time_ns;
  double         values[IM_N_SENSORS];
  ImMachineState state;
  double         degradation;
  ImAnomaly      anomaly;
} ImReading;

#define IM_READING_ERROR (im_reading_error_quark ())

/* Each code is one dead-letter reason; im_reading_error_reason() names it. */
typedef enum
{
  IM_READING_ERROR_EMPTY,               /* empty value or tombstone */
  IM_READING_ERROR_TOO_LARGE,           /* over IM_READING_MAX_BYTES */
  IM_READING_ERROR_INVALID_UTF8,
  IM_READING_ERROR_MALFORMED_JSON,
  IM_READING_ERROR_TOO_DEEP,            /* nesting over IM_READING_MAX_DEPTH */
  IM_READING_ERROR_NOT_AN_OBJECT,
  IM_READING_ERROR_UNSUPPORTED_VERSION,
  IM_READING_ERROR_MISSING_FIELD,
  IM_READING_ERROR_WRONG_TYPE,
  IM_READING_ERROR_INVALID_ID,
  IM_READING_ERROR_INVALID_TIMESTAMP,
  IM_READING_ERROR_TIMESTAMP_TOO_OLD,
  IM_READING_ERROR_TIMESTAMP_IN_FUTURE,
  IM_READING_ERROR_NOT_FINITE,
  IM_READING_ERROR_OUT_OF_RANGE,
  IM_READING_ERROR_INVALID_ENUM,
  IM_N_READING_ERRORS /*< skip >*/
} ImReadingError;

GQuark          im_reading_error_quark       (void);
const char     *im_reading_error_reason      (ImReadingError  code);

const char     *im_sensor_to_string          (ImSensor        sensor);
const char     *im_sensor_unit               (ImSensor        sensor);
const char     *im_machine_state_to_string   (ImMachineState  state);
gboolean        im_machine_state_from_string (const char     *str,
                                              ImMachineState *state);
const char     *im_anomaly_to_string         (ImAnomaly       anomaly);
gboolean        im_anomaly_from_string       (const char     *str,
                                              ImAnomaly      *anomaly);

gboolean        im_id_is_valid               (const char     *id,
                                              gssize          len);

void            im_reading_init              (ImReading      *reading);
gboolean        im_reading_validate          (const ImReading *reading,
                                              gint64          now_ns,
                                              GError        **error);

/* JSON codec (im-reading-json.c) */
gboolean        im_reading_parse_json        (ImReading      *reading,
                                              const char     *data,
                                              gsize           len,
                                              gint64          now_ns,
                                              GError        **error);
void            im_reading_append_json       (const ImReading *reading,
                                              GString        *out);
char           *im_reading_to_json           (const ImReading *reading);

G_END_DECLS
