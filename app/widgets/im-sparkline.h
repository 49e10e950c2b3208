/* im-sparkline.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "im-drawing.h"
#include "im-health.h"

G_BEGIN_DECLS

#define IM_TYPE_SPARKLINE (im_sparkline_get_type ())

G_DECLARE_FINAL_TYPE (ImSparkline, im_sparkline, IM, SPARKLINE, ImDrawing)

/*
 * ImSparkline:
 *
 * A tiny line chart for a health card: equally spaced values (NAN = gap),
 * a line and an optional fill below it. With a sensor set, the line takes
 * the colour of the zone of the last finite value; without one, the
 * accent colour. The value range follows the data. CSS name: "sparkline".
 */

GtkWidget *im_sparkline_new          (void);

/* Copies @values. */
void       im_sparkline_set_values   (ImSparkline  *self,
                                      const double *values,
                                      guint         n_values);
const double *im_sparkline_get_values (ImSparkline *self,
                                      guint        *n_values);
/* -1 (the default) for none. */
ImSensor   im_sparkline_get_sensor   (ImSparkline  *self);
void       im_sparkline_set_sensor   (ImSparkline  *self,
                                      ImSensor      sensor);
gboolean   im_sparkline_get_fill     (ImSparkline  *self);
void       im_sparkline_set_fill     (ImSparkline  *self,
                                      gboolean      fill);
/* The colour the line is drawn in now (resolved from the style). */
void       im_sparkline_get_line_color (ImSparkline *self,
                                        GdkRGBA     *color);

G_END_DECLS
