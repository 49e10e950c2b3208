/* im-health-display.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-health.h"
#include "im-reading.h"

G_BEGIN_DECLS

/*
 * How health, zones and values look on screen: the one mapping from
 * lib's health model to text, icons and style classes, used by every page.
 */

/* "Healthy", "Warning", "Critical", "Offline" (translated). */
const char *im_health_status_label        (ImHealthStatus  status);
/* "success", "warning", "error", "offline". */
const char *im_health_status_style_class  (ImHealthStatus  status);
const char *im_health_status_icon_name    (ImHealthStatus  status);
/* Worse first: critical, warning, offline, healthy; then lower score,
 * then machine id. For sorting cards. */
int         im_health_compare             (const ImHealth *a,
                                           const char     *a_id,
                                           const ImHealth *b,
                                           const char     *b_id);
/* "87" (rounded down, so 99.6 is not shown as a perfect 100), or "—" without a score. */
char       *im_health_format_score        (double          score);

/* "success", "warning", "error". */
const char *im_zone_style_class           (ImZone          zone);
/* "Normal", "Warning", "Critical" (translated). */
const char *im_zone_label                 (ImZone          zone);

/* "Temperature", … (translated). */
const char *im_sensor_label               (ImSensor        sensor);
/* Digits after the point a sensor's values are shown with. */
int         im_sensor_display_decimals    (ImSensor        sensor);
/* "55.1" in the user's locale; "—" for NAN. */
char       *im_format_sensor_value        (ImSensor        sensor,
                                           double          value);
/* "+1.2" or "−0.3" (U+2212), "±0.0" for no change; "—" for NAN. */
char       *im_format_sensor_change       (ImSensor        sensor,
                                           double          delta);
/* For "Last seen …": "just now", "12 s ago", "5 min ago", "3 h ago", or
 * the local date and time for older; "never" when @time_ns is 0. */
char       *im_format_last_seen           (gint64          time_ns,
                                           gint64          now_ns);

G_END_DECLS
