/* im-live-page.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "im-page.h"

G_BEGIN_DECLS

#define IM_TYPE_LIVE_PAGE (im_live_page_get_type ())

G_DECLARE_FINAL_TYPE (ImLivePage, im_live_page, IM, LIVE_PAGE, ImPage)

/*
 * ImLivePage:
 *
 * One machine's readings as they arrive: metric cards with gauges and a
 * chart per sensor over the last 5, 15 or 60 minutes, refreshed every
 * "refresh-interval" seconds while auto-refresh is on and the page is
 * shown. Hiding the page cancels its requests.
 */
G_END_DECLS
