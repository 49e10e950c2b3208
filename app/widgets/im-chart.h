/* im-chart.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "im-drawing.h"
#include "im-health.h"
#include "im-time-series.h"

G_BEGIN_DECLS

#define IM_TYPE_CHART (im_chart_get_type ())

G_DECLARE_FINAL_TYPE (ImChart, im_chart, IM, CHART, ImDrawing)

/*
 * ImChart:
 *
 * A time-series chart drawn as layers: zone bands (optional), grid and
 * axes with labels, the min/max band of each series that has one, the
 * series line, and a hover marker with the time and value under the
 * pointer. CSS name: "chart".
 *
 * The visible time range is either fixed (#ImChart:start-time,
 * #ImChart:end-time) or, with #ImChart:follow set, the last
 * #ImChart:window nanoseconds up to the newest point of any series.
 * The value range follows the visible data (widened to nice ticks) unless
 * #ImChart:value-min and #ImChart:value-max are both finite.
 *
 * With no data in the visible range only the axes are drawn; the page
 * shows its own empty state over the chart.
 */

GtkWidget    *im_chart_new               (void);

/* Series: the first one draws in the accent colour, later ones in a
 * fixed palette unless given a colour. The chart keeps a reference. */
void          im_chart_add_series        (ImChart          *self,
                                          ImTimeSeries     *series);
void          im_chart_remove_series     (ImChart          *self,
                                          ImTimeSeries     *series);
void          im_chart_clear_series      (ImChart          *self);
guint         im_chart_get_n_series      (ImChart          *self);
ImTimeSeries *im_chart_get_series        (ImChart          *self,
                                          guint             index);
/* @color: NULL goes back to the default colour. */
void          im_chart_set_series_color  (ImChart          *self,
                                          ImTimeSeries     *series,
                                          const GdkRGBA    *color);
/* The colour the series' line is drawn in (resolved from the style). */
void          im_chart_get_series_color  (ImChart          *self,
                                          guint             index,
                                          GdkRGBA          *color);

void          im_chart_set_time_range    (ImChart          *self,
                                          gint64            start_ns,
                                          gint64            end_ns);
/* The range drawn now (follow mode included); FALSE when unknown (follow
 * mode with no data). */
gboolean      im_chart_get_visible_range (ImChart          *self,
                                          gint64           *start_ns,
                                          gint64           *end_ns);
gint64        im_chart_get_start_time    (ImChart          *self);
gint64        im_chart_get_end_time      (ImChart          *self);
gboolean      im_chart_get_follow        (ImChart          *self);
void          im_chart_set_follow        (ImChart          *self,
                                          gboolean          follow);
gint64        im_chart_get_window        (ImChart          *self);
void          im_chart_set_window        (ImChart          *self,
                                          gint64            window_ns);

/* Fixed value range; NAN (the default) for either means automatic. */
void          im_chart_set_value_range   (ImChart          *self,
                                          double            min,
                                          double            max);
double        im_chart_get_value_min     (ImChart          *self);
double        im_chart_get_value_max     (ImChart          *self);

/* Zones drawn behind the data; NULL/0 for none. Copied. */
void          im_chart_set_zones         (ImChart          *self,
                                          const ImZoneBand *bands,
                                          guint             n_bands);
/* Sets the zones (im_sensor_zone_bands) and unit from an #ImSensor, and
 * the value range used when there is no data (im_sensor_display_range);
 * -1 clears them. */
void          im_chart_set_sensor        (ImChart          *self,
                                          ImSensor          sensor);
/* The display units (im_units_get_display()) changed: the sensor's zones,
 * unit and empty range follow. The series hold values in the display
 * unit (im_series_set_readings() converts them). */
void          im_chart_update_units      (ImChart          *self);
ImSensor      im_chart_get_sensor        (ImChart          *self);

const char   *im_chart_get_unit          (ImChart          *self);
void          im_chart_set_unit          (ImChart          *self,
                                          const char       *unit);
/* Used as the accessible label. */
const char   *im_chart_get_title         (ImChart          *self);
void          im_chart_set_title         (ImChart          *self,
                                          const char       *title);
/* Consecutive points further apart than this are not joined; 0 (the
 * default) joins all but those separated by a NAN. */
gint64        im_chart_get_max_gap       (ImChart          *self);
void          im_chart_set_max_gap       (ImChart          *self,
                                          gint64            max_gap_ns);

/* Hover marker, also driven by the pointer: @x in widget coordinates;
 * a negative @x removes the marker. */
void          im_chart_set_hover_x       (ImChart          *self,
                                          double            x);
/* The point under the marker (first series); FALSE when none. */
gboolean      im_chart_get_hover_point   (ImChart          *self,
                                          gint64           *time_ns,
                                          double           *value);
/* A time range shown as selected (a zoom being dragged), in either
 * order; the same time twice clears it. */
void          im_chart_set_selection     (ImChart          *self,
                                          gint64            start_ns,
                                          gint64            end_ns);
/* FALSE when nothing is selected. */
gboolean      im_chart_get_selection     (ImChart          *self,
                                          gint64           *start_ns,
                                          gint64           *end_ns);
/* The plot area inside the widget (without axes and labels), valid once
 * the chart is allocated. */
void          im_chart_get_plot_area     (ImChart          *self,
                                          graphene_rect_t  *area);
/* Paints the chart as it shows (without the hover marker and the
 * selection) into @cr, in the chart's own pixels from its top left: for
 * an image of it, such as an SVG. */
void          im_chart_draw              (ImChart          *self,
                                          cairo_t          *cr);

G_END_DECLS
