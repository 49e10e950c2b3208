/* im-application.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "im-alarm-monitor.h"
#include "im-data-source.h"

G_BEGIN_DECLS

#define IM_TYPE_APPLICATION (im_application_get_type ())

G_DECLARE_FINAL_TYPE (ImApplication, im_application, IM, APPLICATION, AdwApplication)

ImApplication *im_application_new            (void);
/* (nullable): the source the settings (or --demo) choose. */
ImDataSource  *im_application_get_source     (ImApplication *self);
GSettings     *im_application_get_settings   (ImApplication *self);
/* Watches the source's active alarms: the badge and the notifications. */
ImAlarmMonitor *im_application_get_alarm_monitor (ImApplication *self);

G_END_DECLS
