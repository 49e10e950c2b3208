/* im-live-page-private.h — what the tests look at on the live page.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-live-page.h"

G_BEGIN_DECLS

/* For tests: the card and chart of a sensor. */
GtkWidget    *im_live_page_get_metric_card  (ImLivePage   *self,
                                             ImSensor      sensor);
GtkWidget    *im_live_page_get_chart        (ImLivePage   *self,
                                             ImSensor      sensor);

/* TRUE while the "no readings" state covers the charts. */
gboolean      im_live_page_get_showing_empty (ImLivePage *self);
/* The health line over the cards; NULL while hidden. */
const char   *im_live_page_get_health_text   (ImLivePage *self);

G_END_DECLS
