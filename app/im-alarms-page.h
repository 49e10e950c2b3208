/* im-alarms-page.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-page.h"

G_BEGIN_DECLS

#define IM_TYPE_ALARMS_PAGE (im_alarms_page_get_type ())

G_DECLARE_FINAL_TYPE (ImAlarmsPage, im_alarms_page, IM, ALARMS_PAGE, ImPage)

/*
 * ImAlarmsPage:
 *
 * The alarms of every machine: active ones first, the most severe first,
 * then the history, newest first; filters by machine, severity, type,
 * state and time range, and a search; acknowledging the checked alarms
 * (or the one shown); the details of the selected one; CSV export of
 * what is shown.
 */
/* Shows the alarm of @alarm_id once it is listed: clears the filters
 * that would hide it and selects it. */
void          im_alarms_page_show_alarm       (ImAlarmsPage *self,
                                               const char   *alarm_id);
/* (nullable): the id of the alarm whose details are shown. */
const char   *im_alarms_page_get_selected_id  (ImAlarmsPage *self);

G_END_DECLS
