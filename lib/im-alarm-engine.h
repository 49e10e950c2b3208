/* im-alarm-engine.h — the alarm lifecycle, in event time
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-alarm.h"
#include "im-alarm-rules.h"
#include "im-detector.h"
#include "im-reading.h"

G_BEGIN_DECLS

/* Most anomaly types one machine can have alarms of at once. */
#define IM_ALARM_ENGINE_MAX_ANOMALY_TYPES 8

/**
 * ImAlarmAnomalyEvent:
 * @machine_id: the machine (the detector event's source)
 * @type: the detector's name of the event type ("spike", "wear", …)
 * @open: TRUE while the event still goes on (a wear warning); a later
 *   event of the same type and start closes it
 * @sensors: bit i set when #ImSensor i took part
 * @start_ns: first anomalous reading
 * @end_ns: last anomalous reading (for an open event: the latest reading)
 * @detected_ns: the reading at which the detector was sure
 * @score: 0..1
 *
 * One anomaly event, as the detector reports it (`anomalies` topic).
 */
typedef struct
{
  const char *machine_id;
  const char *type;
  gboolean    open;
  guint       sensors;
  gint64      start_ns;
  gint64      end_ns;
  gint64      detected_ns;
  double      score;
} ImAlarmAnomalyEvent;

/* Called for every record: a raise, an update, an acknowledgement or a
 * clear. @alarm is valid during the call only. */
typedef void (*ImAlarmFunc) (const ImAlarm *alarm,
                             gpointer       user_data);

typedef struct _ImAlarmEngine ImAlarmEngine;

ImAlarmEngine *im_alarm_engine_new          (ImAlarmRules              *rules,
                                             ImAlarmFunc                func,
                                             gpointer                   user_data,
                                             GDestroyNotify             notify);
void           im_alarm_engine_free         (ImAlarmEngine             *self);

/* Feeds one reading; its timestamp is the engine's clock for its machine.
 * Returns FALSE (and changes nothing) for a reading older than the
 * machine's latest, or with an invalid machine id. */
gboolean       im_alarm_engine_push_reading (ImAlarmEngine             *self,
                                             const ImReading           *reading);
/* Feeds one anomaly event. FALSE with @error for an event that cannot be
 * an alarm (a bad machine id or type name, too many types at once). */
gboolean       im_alarm_engine_push_anomaly (ImAlarmEngine             *self,
                                             const ImAlarmAnomalyEvent *event,
                                             GError                   **error);
/* Feeds one of the detector's events, as im_alarm_engine_push_anomaly():
 * its source is the machine, its channels the sensors. */
gboolean       im_alarm_engine_push_detector_event (ImAlarmEngine         *self,
                                                    const ImDetectorEvent *event,
                                                    GError               **error);
/* Feeds one sample of a pipeline metric of @source (a component id such
 * as "ingestion"): messages of consumer lag, or dead letters per second.
 * Returns FALSE for a sample older than the previous one, or an invalid
 * @source or value. */
gboolean       im_alarm_engine_push_pipeline (ImAlarmEngine            *self,
                                              const char               *source,
                                              ImAlarmPipelineMetric     metric,
                                              gint64                    time_ns,
                                              double                    value);
/* Evaluates what depends on time passing without input — inactivity, and
 * anomaly alarms whose hysteresis ran out — at @now_ns. */
void           im_alarm_engine_tick         (ImAlarmEngine             *self,
                                             gint64                     now_ns);
/* Applies an acknowledgement (e.g. read back from `alarm_acks`). Returns
 * FALSE when the engine holds no alarm of that id (it keeps the active
 * and the latest cleared alarm per machine and type): apply it to the
 * stored record with im_alarm_apply_ack() instead. */
gboolean       im_alarm_engine_acknowledge  (ImAlarmEngine             *self,
                                             const ImAlarmAck          *ack);

/* Seeds the engine with an alarm it published before (read back from the
 * `alarms` topic or measurement), so that after a restart the inputs
 * continue that alarm — the same id, updated and cleared — instead of
 * raising a second one. Call it before the inputs, for the latest record
 * of each alarm; an older record than the one held changes nothing. */
gboolean       im_alarm_engine_restore      (ImAlarmEngine             *self,
                                             const ImAlarm             *alarm,
                                             GError                   **error);

/* The alarm of @machine_id and @type it holds: pending, active or the
 * latest cleared; NULL when none. Valid until the next call. */
const ImAlarm *im_alarm_engine_lookup       (ImAlarmEngine             *self,
                                             const char                *machine_id,
                                             const char                *type);
guint          im_alarm_engine_get_n_machines (ImAlarmEngine           *self);
/* Bytes the engine holds: constant per machine. */
gsize          im_alarm_engine_get_size     (ImAlarmEngine             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImAlarmEngine, im_alarm_engine_free)

G_END_DECLS
