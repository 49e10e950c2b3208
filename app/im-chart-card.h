/* im-chart-card.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "im-chart.h"
#include "im-reading.h"

G_BEGIN_DECLS

#define IM_TYPE_CHART_CARD (im_chart_card_get_type ())

G_DECLARE_FINAL_TYPE (ImChartCard, im_chart_card, IM, CHART_CARD, GtkBox)

/*
 * ImChartCard:
 *
 * A card with one sensor's chart under its title, "Temperature (°C)";
 * the chart shows the sensor's unit and zones.
 */
GtkWidget *im_chart_card_new        (ImSensor     sensor);
ImSensor   im_chart_card_get_sensor (ImChartCard *self);
ImChart   *im_chart_card_get_chart  (ImChartCard *self);
int        im_chart_card_get_chart_height (ImChartCard *self);
void       im_chart_card_set_chart_height (ImChartCard *self,
                                           int          height);
void       im_chart_card_update_units (ImChartCard *self);

G_END_DECLS
