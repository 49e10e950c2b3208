/* im-lagging-source.h — a data source whose machines stopped reporting:
 * it answers from another source, but only with readings older than a
 * given age.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-data-source.h"

G_BEGIN_DECLS

#define IM_TYPE_LAGGING_SOURCE (im_lagging_source_get_type ())

G_DECLARE_FINAL_TYPE (ImLaggingSource, im_lagging_source, IM, LAGGING_SOURCE, GObject)

/* Lists @inner's machines and returns its raw and recent readings up to
 * @age_ns before now; other requests fail. */
ImLaggingSource *im_lagging_source_new (ImDataSource *inner,
                                        gint64        age_ns);
void             im_lagging_source_set_age (ImLaggingSource *self,
                                            gint64           age_ns);
/* While @message is set, every request fails with it as a backend that
 * cannot be reached does, and it is the source's error message; the
 * source tells when it last answered. */
void             im_lagging_source_set_down (ImLaggingSource *self,
                                             const char      *message);

G_END_DECLS
