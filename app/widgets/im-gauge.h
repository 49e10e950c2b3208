/* im-gauge.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "im-drawing.h"
#include "im-health.h"

G_BEGIN_DECLS

#define IM_TYPE_GAUGE (im_gauge_get_type ())

G_DECLARE_FINAL_TYPE (ImGauge, im_gauge, IM, GAUGE, ImDrawing)

/*
 * ImGauge:
 *
 * An arc gauge over the sensor's display range (im_sensor_display_range)
 * with its green/yellow/red zone bands (im_sensor_zone_bands), a value arc
 * and needle, the value and its unit. A NAN value (the default) means no
 * data: no needle, and "—" as the text. CSS name: "gauge".
 */

GtkWidget *im_gauge_new             (void);
GtkWidget *im_gauge_new_for_sensor  (ImSensor  sensor);

ImSensor   im_gauge_get_sensor      (ImGauge  *self);
void       im_gauge_set_sensor      (ImGauge  *self,
                                     ImSensor  sensor);
double     im_gauge_get_value       (ImGauge  *self);
void       im_gauge_set_value       (ImGauge  *self,
                                     double    value);
/* The zone the value is in (IM_ZONE_NORMAL for NAN). */
ImZone     im_gauge_get_zone        (ImGauge  *self);
/* The text shown, e.g. "55.1" or "—": the value and range are in the
 * stored unit, the text in the display unit (im_units_get_display()). */
char      *im_gauge_dup_value_text  (ImGauge  *self);
/* The display units changed. */
void       im_gauge_update_units    (ImGauge  *self);
/* The colour a zone is drawn in (resolved from the style). */
void       im_gauge_get_zone_color  (ImGauge  *self,
                                     ImZone    zone,
                                     GdkRGBA  *color);

G_END_DECLS
