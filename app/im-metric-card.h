/* im-metric-card.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "im-reading.h"

G_BEGIN_DECLS

#define IM_TYPE_METRIC_CARD (im_metric_card_get_type ())

G_DECLARE_FINAL_TYPE (ImMetricCard, im_metric_card, IM, METRIC_CARD, AdwBin)

/*
 * ImMetricCard:
 *
 * One sensor of the live page: its latest value and unit coloured by zone,
 * the change over the last minute, and a gauge with the zone bands.
 */
GtkWidget  *im_metric_card_new          (ImSensor      sensor);
ImSensor    im_metric_card_get_sensor   (ImMetricCard *self);
/* NAN for no data. */
void        im_metric_card_set_value    (ImMetricCard *self,
                                         double        value,
                                         double        change);
/* The machine stopped reporting: @last_value dimmed and when it came,
 * instead of a zone and a change. */
void        im_metric_card_set_offline  (ImMetricCard *self,
                                         double        last_value,
                                         gint64        last_time_ns,
                                         gint64        now_ns);
double      im_metric_card_get_value    (ImMetricCard *self);
/* The display units changed: the unit follows now, the value with the
 * next im_metric_card_set_value(). */
void        im_metric_card_update_units (ImMetricCard *self);
/* What the card shows, for tests and accessibility. */
const char *im_metric_card_get_value_text  (ImMetricCard *self);
const char *im_metric_card_get_change_text (ImMetricCard *self);
const char *im_metric_card_get_unit_text   (ImMetricCard *self);
const char *im_metric_card_get_status_text (ImMetricCard *self);

G_END_DECLS
