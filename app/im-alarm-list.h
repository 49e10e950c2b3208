/* im-alarm-list.h — what every source and page does with a list of alarms
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-alarm.h"

G_BEGIN_DECLS

/* Whether @alarm belongs in a listing of @machine_id (NULL: every
 * machine) over [@from_ns, @to_ns): it started then, or it is active. */
gboolean  im_alarm_list_wants          (const ImAlarm *alarm,
                                        const char    *machine_id,
                                        gint64         from_ns,
                                        gint64         to_ns);
/* Oldest start first, then by id. */
void      im_alarm_list_sort_by_start  (GArray        *alarms);
/* The Alarms page's order: active before cleared, then the more severe,
 * then the more recently raised. */
int       im_alarm_compare_for_display (const ImAlarm *a,
                                        const ImAlarm *b);
/* Who acknowledges from this app: the user's real name when the system
 * knows one, else the login name, cut to IM_ALARM_USER_MAX_LEN bytes. */
char     *im_alarm_dup_user_name       (void);

G_END_DECLS
