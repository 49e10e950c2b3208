/* im-alarm-notifier.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "im-alarm-monitor.h"

G_BEGIN_DECLS

#define IM_TYPE_ALARM_NOTIFIER (im_alarm_notifier_get_type ())

G_DECLARE_FINAL_TYPE (ImAlarmNotifier, im_alarm_notifier, IM, ALARM_NOTIFIER, GObject)

/*
 * ImAlarmNotifier:
 *
 * Sends a desktop notification (#GNotification, id "alarm-ID") when
 * @monitor reports a critical alarm raised, unless the setting
 * "alarm-notifications" is off. Its default action is
 * "app.show-alarm" with the alarm's id. An alarm that was active already
 * is never notified again: the monitor reports each severity once.
 */
ImAlarmNotifier *im_alarm_notifier_new       (GApplication   *application,
                                              ImAlarmMonitor *monitor);
guint            im_alarm_notifier_get_n_sent (ImAlarmNotifier *self);

G_END_DECLS
