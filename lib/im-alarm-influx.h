/* im-alarm-influx.h — alarms and acknowledgements read back from InfluxDB
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-alarm.h"
#include "im-influx-client.h"

G_BEGIN_DECLS

/* Reads @row of @series — a SELECT * of IM_ALARM_MEASUREMENT, its tags
 * as columns or as the series' GROUP BY tags — into @alarm, the inverse
 * of im_alarm_append_line_protocol(). FALSE with @error naming the
 * column that is missing or wrong. */
gboolean im_alarm_from_influx_row     (ImAlarm              *alarm,
                                       const ImInfluxSeries *series,
                                       guint                 row,
                                       GError              **error);

/* Reads @row of a SELECT * of IM_ALARM_ACK_MEASUREMENT into @ack. */
gboolean im_alarm_ack_from_influx_row (ImAlarmAck           *ack,
                                       const ImInfluxSeries *series,
                                       guint                 row,
                                       GError              **error);

G_END_DECLS
