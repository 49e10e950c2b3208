/* im-fake-source.h — a data source whose requests never finish by
 * themselves: a backend that hangs. They end only when cancelled.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-data-source.h"

G_BEGIN_DECLS

#define IM_TYPE_FAKE_SOURCE (im_fake_source_get_type ())

G_DECLARE_FINAL_TYPE (ImFakeSource, im_fake_source, IM, FAKE_SOURCE, GObject)

ImFakeSource *im_fake_source_new             (void);
guint         im_fake_source_get_n_started   (ImFakeSource *self);
guint         im_fake_source_get_n_cancelled (ImFakeSource *self);
guint         im_fake_source_get_n_pending   (ImFakeSource *self);

G_END_DECLS
