/* im-alarms-page-private.h — what the tests look at.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "im-alarm.h"
#include "im-alarms-page.h"

G_BEGIN_DECLS

/* The alarms the list shows, in its order. */
guint          im_alarms_page_get_n_shown      (ImAlarmsPage *self);
const ImAlarm *im_alarms_page_get_shown        (ImAlarmsPage *self,
                                                guint         position);
/* Listings completed. */
guint          im_alarms_page_get_n_loads      (ImAlarmsPage *self);
/* As a click on the row, and on its check box. */
void           im_alarms_page_select           (ImAlarmsPage *self,
                                                guint         position);
void           im_alarms_page_set_checked      (ImAlarmsPage *self,
                                                guint         position,
                                                gboolean      checked);
GtkEditable   *im_alarms_page_get_search_entry (ImAlarmsPage *self);
/* "machine", "severity", "type", "state" or "range". */
GtkDropDown   *im_alarms_page_get_dropdown     (ImAlarmsPage *self,
                                                const char   *name);
GtkButton     *im_alarms_page_get_ack_button   (ImAlarmsPage *self);
/* The subtitle of a detail row: "machine", "state", "acked", … */
const char    *im_alarms_page_get_detail       (ImAlarmsPage *self,
                                                const char   *name);
void           im_alarms_page_export_to_file_async  (ImAlarmsPage        *self,
                                                     GFile               *file,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean       im_alarms_page_export_to_file_finish (ImAlarmsPage        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
