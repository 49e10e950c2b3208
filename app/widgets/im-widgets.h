/* im-widgets.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-axis.h"
#include "im-chart.h"
#include "im-decimate.h"
#include "im-gauge.h"
#include "im-sparkline.h"
#include "im-time-series.h"

G_BEGIN_DECLS

/* Registers the widget types, so .ui templates can name them. */
void im_widgets_ensure_types (void);

G_END_DECLS
