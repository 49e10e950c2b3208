/* im-alarm-item.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "im-alarm.h"

G_BEGIN_DECLS

#define IM_TYPE_ALARM_ITEM (im_alarm_item_get_type ())

G_DECLARE_FINAL_TYPE (ImAlarmItem, im_alarm_item, IM, ALARM_ITEM, GObject)

/* An alarm in a GListModel: the Alarms page's list. */
ImAlarmItem   *im_alarm_item_new       (const ImAlarm *alarm);
const ImAlarm *im_alarm_item_get_alarm (ImAlarmItem   *self);
/* Whether it is to be acknowledged with the others checked. */
gboolean       im_alarm_item_get_checked (ImAlarmItem *self);
void           im_alarm_item_set_checked (ImAlarmItem *self,
                                          gboolean     checked);

G_END_DECLS
