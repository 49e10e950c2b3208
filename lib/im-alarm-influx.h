/* im-alarm-influx.h — alarms and acknowledgements read back from InfluxDB
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-alarm.h"
#include "im-influx-client.h"

G_BEGIN_DECLS

/* The queries whose rows the functions below read: the stored alarms
 * an engine holds (one point per alarm, its latest record; of each
 * machine and type the two that started last, in a series of their own,
 * machine_id and type as its tags), and the acknowledgements from a time
 * on (ns, inclusive). */
#define IM_ALARM_INFLUX_QUERY \
  "SELECT * FROM \"" IM_ALARM_MEASUREMENT "\" GROUP BY \"machine_id\", \"type\" ORDER BY time DESC LIMIT 2"
char     *im_alarm_ack_influx_query  (gint64                 since_ns);

/* One row of IM_ALARM_INFLUX_QUERY (a point of `alarms`) as the record
 * it stores. FALSE with @error naming the column when it is not one. */
gboolean  im_alarm_from_influx_row   (ImAlarm               *alarm,
                                      const ImInfluxSeries  *series,
                                      guint                  row,
                                      GError               **error);
/* One row of im_alarm_ack_influx_query() (a point of `alarm_acks`). */
gboolean  im_alarm_ack_from_influx_row (ImAlarmAck          *ack,
                                        const ImInfluxSeries *series,
                                        guint                 row,
                                        GError              **error);

G_END_DECLS
