/* im-alarm.h — the alarm record, its acknowledgement and their encodings
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-reading.h"

G_BEGIN_DECLS

/* Kafka topic and InfluxDB measurements of the alarm contract. */
#define IM_ALARM_TOPIC            "alarms"
#define IM_ALARM_MEASUREMENT      "alarms"
#define IM_ALARM_ACK_MEASUREMENT  "alarm_acks"
#define IM_ALARM_SCHEMA_VERSION   1

/* An id: 32 lower-case hex digits. */
#define IM_ALARM_ID_LEN           32
/* Longest type name ("zone_temperature", "anomaly_multi_sensor", …). */
#define IM_ALARM_TYPE_MAX_LEN     48
/* Longest user name of an acknowledgement, in bytes of UTF-8. */
#define IM_ALARM_USER_MAX_LEN     64

/* Ordered by rank: a higher value is more severe. */
typedef enum
{
  IM_ALARM_SEVERITY_WARNING,
  IM_ALARM_SEVERITY_MINOR,
  IM_ALARM_SEVERITY_MAJOR,
  IM_ALARM_SEVERITY_CRITICAL,
  IM_N_ALARM_SEVERITIES
} ImAlarmSeverity;

/* NAMUR NE 107 status signals. */
typedef enum
{
  IM_NE107_MAINTENANCE_REQUIRED,  /* M */
  IM_NE107_OUT_OF_SPECIFICATION,  /* S */
  IM_NE107_FUNCTION_CHECK,        /* C */
  IM_NE107_FAILURE,               /* F */
} ImNe107Status;

typedef enum
{
  IM_ALARM_STATE_PENDING,   /* seen, not yet for long enough: not published */
  IM_ALARM_STATE_ACTIVE,
  IM_ALARM_STATE_CLEARED,
} ImAlarmState;

typedef enum
{
  IM_ALARM_KIND_ZONE,        /* a sensor outside its normal band */
  IM_ALARM_KIND_ANOMALY,     /* the detector's events of one type */
  IM_ALARM_KIND_INACTIVITY,  /* a machine silent for too long */
  IM_ALARM_KIND_PIPELINE,    /* the pipeline's own metrics */
} ImAlarmKind;

typedef enum
{
  IM_ALARM_PIPELINE_INGESTION_LAG,     /* consumer lag, messages */
  IM_ALARM_PIPELINE_DEAD_LETTER_RATE,  /* dead letters per second */
  IM_N_ALARM_PIPELINE_METRICS
} ImAlarmPipelineMetric;

/**
 * ImAlarm:
 * @id: deterministic: a digest of @machine_id, @type, the sensors it was
 *   raised for and @started_ns
 * @machine_id: the originator: a machine, or for pipeline alarms the
 *   component whose metric it is (e.g. `ingestion`)
 * @type: `zone_<sensor>`, `anomaly_<detection>`, `inactivity`,
 *   `pipeline_ingestion_lag` or `pipeline_dead_letter_rate`
 * @kind: the family of @type
 * @sensors: bit i set when #ImSensor i is concerned (0: none)
 * @severity: the highest reached so far (it only rises)
 * @state: %IM_ALARM_STATE_ACTIVE or %IM_ALARM_STATE_CLEARED in records
 * @acknowledged: whether someone acknowledged it
 * @ack_user: who, "" when not acknowledged
 * @ack_ns: when, 0 when not acknowledged
 * @started_ns: first input of the episode (where the pending period began)
 * @raised_ns: when it became active
 * @updated_ns: the input time of the latest change
 * @cleared_ns: when it cleared, 0 while active
 * @value: the value (zone, pipeline), score (anomaly) or seconds silent
 *   (inactivity) when it was raised
 * @peak: the worst of those since
 * @threshold: the limit that @value crossed (NAN for anomalies)
 * @count: excursions (zone, pipeline), events (anomaly) or silences
 *   (inactivity, always 1) merged into this alarm
 *
 * One alarm. A plain value type: copy it with `=`.
 */
typedef struct
{
  char            id[IM_ALARM_ID_LEN + 1];
  char            machine_id[IM_ID_MAX_LEN + 1];
  char            type[IM_ALARM_TYPE_MAX_LEN + 1];
  ImAlarmKind     kind;
  guint           sensors;
  ImAlarmSeverity severity;
  ImAlarmState    state;
  gboolean        acknowledged;
  char            ack_user[IM_ALARM_USER_MAX_LEN + 1];
  gint64          ack_ns;
  gint64          started_ns;
  gint64          raised_ns;
  gint64          updated_ns;
  gint64          cleared_ns;
  double          value;
  double          peak;
  double          threshold;
  guint           count;
} ImAlarm;

/**
 * ImAlarmAck:
 * @alarm_id: the alarm's id
 * @machine_id: the alarm's machine (a tag of the point)
 * @user: who acknowledged, 1..%IM_ALARM_USER_MAX_LEN bytes of UTF-8
 *   without control characters
 * @time_ns: when
 *
 * One acknowledgement: a point of %IM_ALARM_ACK_MEASUREMENT.
 */
typedef struct
{
  char   alarm_id[IM_ALARM_ID_LEN + 1];
  char   machine_id[IM_ID_MAX_LEN + 1];
  char   user[IM_ALARM_USER_MAX_LEN + 1];
  gint64 time_ns;
} ImAlarmAck;

#define IM_ALARM_ERROR (im_alarm_error_quark ())

typedef enum
{
  IM_ALARM_ERROR_INVALID,
} ImAlarmError;

GQuark          im_alarm_error_quark          (void);

const char     *im_alarm_severity_to_string   (ImAlarmSeverity  severity);
gboolean        im_alarm_severity_from_string (const char      *str,
                                               ImAlarmSeverity *severity);
ImNe107Status   im_alarm_severity_to_ne107    (ImAlarmSeverity  severity);
const char     *im_ne107_status_to_string     (ImNe107Status    status);
/* "F", "C", "S" or "M". */
const char     *im_ne107_status_to_letter     (ImNe107Status    status);
const char     *im_alarm_state_to_string      (ImAlarmState     state);
const char     *im_alarm_kind_to_string       (ImAlarmKind      kind);
const char     *im_alarm_pipeline_metric_to_string (ImAlarmPipelineMetric metric);

/* Sets @alarm's id from machine, type, sensors and start. */
void            im_alarm_set_id               (ImAlarm         *alarm);

/* The human message, e.g. "Temperature above 85 °C (critical): 87.2 °C
 * when raised, peak 91 °C". */
void            im_alarm_append_message       (const ImAlarm   *alarm,
                                               GString         *out);

/* One JSON object, no newline: the `alarms` topic's value. Fields in a
 * fixed order, numbers in their shortest exact form: the same alarm gives
 * the same bytes. */
void            im_alarm_append_json          (const ImAlarm   *alarm,
                                               GString         *out);
char           *im_alarm_to_json              (const ImAlarm   *alarm);
/* Reads a record of im_alarm_append_json() back (ne107 and message are
 * derived, so not read). FALSE with @error naming the field. */
gboolean        im_alarm_from_json            (ImAlarm         *alarm,
                                               const char      *data,
                                               gssize           len,
                                               GError         **error);

/* One point of %IM_ALARM_MEASUREMENT, newline-terminated. Every record of
 * one alarm is the same point (tags machine_id and type, time @started_ns),
 * so an update or a redelivery rewrites it. */
gboolean        im_alarm_append_line_protocol (const ImAlarm   *alarm,
                                               GString         *buf,
                                               GError         **error);

gboolean        im_alarm_user_is_valid        (const char      *user);
/* Fills @ack, checking every part; FALSE with @error naming the part. */
gboolean        im_alarm_ack_init             (ImAlarmAck      *ack,
                                               const char      *alarm_id,
                                               const char      *machine_id,
                                               const char      *user,
                                               gint64           time_ns,
                                               GError         **error);
/* One point of %IM_ALARM_ACK_MEASUREMENT, newline-terminated. */
gboolean        im_alarm_ack_append_line_protocol (const ImAlarmAck *ack,
                                                   GString          *buf,
                                                   GError          **error);
/* Applies @ack to @alarm when the ids match. Of several acknowledgements
 * the earliest wins (ties: the smaller user name), whatever the order
 * they come in. Returns TRUE when @alarm changed. */
gboolean        im_alarm_apply_ack            (ImAlarm          *alarm,
                                               const ImAlarmAck *ack);

G_END_DECLS
