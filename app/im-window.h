/* im-window.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "im-alarm-monitor.h"
#include "im-data-source.h"

G_BEGIN_DECLS

#define IM_TYPE_WINDOW (im_window_get_type ())

G_DECLARE_FINAL_TYPE (ImWindow, im_window, IM, WINDOW, AdwApplicationWindow)

/*
 * ImWindow:
 *
 * The main window: the Live, History, Fleet and Alarms pages in a view
 * stack (the Alarms page badged by the alarm monitor it is given), a
 * status page when no data source is configured, and a banner while the
 * backend cannot be reached. Whoever creates it gives it its source.
 */
ImWindow     *im_window_new             (GtkApplication *application);
ImDataSource *im_window_get_source      (ImWindow      *self);
void          im_window_set_source      (ImWindow      *self,
                                         ImDataSource  *source);
/* "live", "history", "fleet" or "alarms". */
gboolean      im_window_page_is_valid   (const char    *name);
void          im_window_show_page       (ImWindow      *self,
                                         const char    *name);
const char   *im_window_get_visible_page (ImWindow     *self);
void          im_window_show_machine    (ImWindow      *self,
                                         const char    *machine_id,
                                         gboolean       show_live);
void          im_window_refresh         (ImWindow      *self);
void          im_window_add_toast       (ImWindow      *self,
                                         AdwToast      *toast);
/* (nullable): the banner's text while it is shown. */
const char   *im_window_get_banner_text (ImWindow      *self);
/* (nullable): the text behind the banner's Details button, while the
 * banner and the button are shown. */
const char   *im_window_get_banner_details (ImWindow   *self);
/* (nullable): how old the data on screen is, while the banner shows. */
const char   *im_window_get_banner_age  (ImWindow      *self);
/* Whether the banner's Retry waits for the page's data. */
gboolean      im_window_get_retrying    (ImWindow      *self);
GtkWidget    *im_window_get_page        (ImWindow      *self,
                                         const char    *name);
/* "welcome" (no data source) or "content". */
const char   *im_window_get_main_page   (ImWindow      *self);

/* (nullable) */
ImAlarmMonitor *im_window_get_alarm_monitor (ImWindow      *self);
void          im_window_set_alarm_monitor (ImWindow       *self,
                                           ImAlarmMonitor *monitor);
/* Opens the Alarms page at the alarm of @alarm_id. */
void          im_window_show_alarm      (ImWindow      *self,
                                         const char    *alarm_id);

G_END_DECLS
