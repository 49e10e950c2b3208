/* im-date-time-button.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IM_TYPE_DATE_TIME_BUTTON (im_date_time_button_get_type ())

G_DECLARE_FINAL_TYPE (ImDateTimeButton, im_date_time_button, IM, DATE_TIME_BUTTON, AdwBin)

/*
 * ImDateTimeButton:
 *
 * A button showing a local date and time to the minute; its popover holds
 * a calendar and hour and minute fields. #ImDateTimeButton:time-ns is
 * notified whenever the time changes, ::picked only when the user picks
 * another time.
 */
GtkWidget *im_date_time_button_new      (void);
gint64     im_date_time_button_get_time (ImDateTimeButton *self);
void       im_date_time_button_set_time (ImDateTimeButton *self,
                                         gint64            time_ns);

/* The display zone (im_time_zone_get_display()) changed: the label and
 * the picker show the same time in it. */
void im_date_time_button_update_time_zone (ImDateTimeButton *self);

G_END_DECLS
