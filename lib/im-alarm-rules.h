/* im-alarm-rules.h — what raises an alarm: the rules file
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-alarm.h"
#include "im-health.h"

G_BEGIN_DECLS

#define IM_ALARM_RULES_ERROR (im_alarm_rules_error_quark ())

typedef enum
{
  IM_ALARM_RULES_ERROR_SYNTAX,         /* not a key file */
  IM_ALARM_RULES_ERROR_UNKNOWN_GROUP,
  IM_ALARM_RULES_ERROR_UNKNOWN_KEY,
  IM_ALARM_RULES_ERROR_INVALID_VALUE,  /* a value, or values that contradict */
} ImAlarmRulesError;

/**
 * ImAlarmZoneRule:
 * @enabled: FALSE: this sensor raises no zone alarm
 * @limits: the zones (by default im_sensor_zone_limits())
 * @clear_margin: a value counts as back to normal only this far inside the
 *   normal band (sensor units)
 */
typedef struct
{
  gboolean     enabled;
  ImZoneLimits limits;
  double       clear_margin;
} ImAlarmZoneRule;

/**
 * ImAlarmMachineRules:
 * @enabled: FALSE: the machine raises no alarm at all
 * @pending_ns: time in the zone (or above a limit) before an alarm is raised
 * @clear_after_ns: time back to normal before an alarm clears
 * @update_interval_ns: a new peak alone is published at most this often
 * @zones: per sensor
 * @zone_warning_severity: of an alarm while its sensor reached the warning zone
 * @zone_critical_severity: once it reached the critical zone
 * @anomaly_enabled: whether the detector's events raise alarms
 * @inactivity_enabled: whether silence raises an alarm
 * @inactivity_multiple: silent for longer than this many intervals
 * @interval_ns: the machine's reading interval; 0: learnt from its readings
 * @inactivity_severity: of an inactivity alarm
 *
 * The rules of one machine, resolved: defaults, then the file's overrides.
 */
typedef struct
{
  gboolean        enabled;
  gint64          pending_ns;
  gint64          clear_after_ns;
  gint64          update_interval_ns;
  ImAlarmZoneRule zones[IM_N_SENSORS];
  ImAlarmSeverity zone_warning_severity;
  ImAlarmSeverity zone_critical_severity;
  gboolean        anomaly_enabled;
  gboolean        inactivity_enabled;
  double          inactivity_multiple;
  gint64          interval_ns;
  ImAlarmSeverity inactivity_severity;
} ImAlarmMachineRules;

typedef struct
{
  gboolean        enabled;
  ImAlarmSeverity severity;
} ImAlarmAnomalyRule;

/**
 * ImAlarmPipelineRule:
 * @enabled: FALSE: this metric raises no alarm
 * @limit: an alarm when the metric stays above it (messages of lag, or
 *   dead letters per second)
 * @severity: of the alarm
 */
typedef struct
{
  gboolean        enabled;
  double          limit;
  ImAlarmSeverity severity;
} ImAlarmPipelineRule;

typedef struct _ImAlarmRules ImAlarmRules;

GQuark        im_alarm_rules_error_quark   (void);

/* The built-in defaults: the README's zone table, 30 s pending, 60 s
 * hysteresis, inactivity after 10 intervals. */
ImAlarmRules *im_alarm_rules_new           (void);
/* @name: the file's name in error messages. */
ImAlarmRules *im_alarm_rules_new_from_data (const char    *data,
                                            gssize         len,
                                            const char    *name,
                                            GError       **error);
ImAlarmRules *im_alarm_rules_new_from_file (const char    *path,
                                            GError       **error);
ImAlarmRules *im_alarm_rules_ref           (ImAlarmRules  *rules);
void          im_alarm_rules_unref         (ImAlarmRules  *rules);

/* The machine's rules (its overrides, or the defaults); valid as long as
 * @rules. */
const ImAlarmMachineRules *
              im_alarm_rules_get_machine   (ImAlarmRules  *rules,
                                            const char    *machine_id);
/* @type: the detector's name of the event type ("spike", "wear", …). */
void          im_alarm_rules_get_anomaly   (ImAlarmRules  *rules,
                                            const char    *type,
                                            ImAlarmAnomalyRule *rule);
const ImAlarmPipelineRule *
              im_alarm_rules_get_pipeline  (ImAlarmRules  *rules,
                                            ImAlarmPipelineMetric metric);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImAlarmRules, im_alarm_rules_unref)

G_END_DECLS
