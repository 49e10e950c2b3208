/* im-alarm-monitor.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-data-source.h"

G_BEGIN_DECLS

#define IM_TYPE_ALARM_MONITOR (im_alarm_monitor_get_type ())

G_DECLARE_FINAL_TYPE (ImAlarmMonitor, im_alarm_monitor, IM, ALARM_MONITOR, GObject)

/*
 * ImAlarmMonitor:
 *
 * Watches a source's active alarms: it lists them when the source says
 * they changed and every #ImAlarmMonitor:interval seconds (a source such
 * as InfluxDB cannot tell), one request at a time. The first listing of a
 * source tells what was active already; after it, ::alarm-raised tells of
 * every alarm that became active, or more severe, once for each severity
 * it reaches.
 */
ImAlarmMonitor *im_alarm_monitor_new           (void);
ImDataSource   *im_alarm_monitor_get_source    (ImAlarmMonitor *self);
void            im_alarm_monitor_set_source    (ImAlarmMonitor *self,
                                                ImDataSource   *source);
/* Lists the active alarms now (unless a listing is in flight). */
void            im_alarm_monitor_refresh       (ImAlarmMonitor *self);
/* (element-type ImAlarm): the active alarms, most severe first; NULL
 * before the first listing. */
GArray         *im_alarm_monitor_get_active    (ImAlarmMonitor *self);
/* Active alarms nobody acknowledged yet. */
guint           im_alarm_monitor_get_n_unacknowledged (ImAlarmMonitor *self);
/* Whether one of those is critical. */
gboolean        im_alarm_monitor_get_critical  (ImAlarmMonitor *self);
/* Listings completed, for tests. */
guint           im_alarm_monitor_get_n_updates (ImAlarmMonitor *self);

G_END_DECLS
