/* im-demo-source.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-data-source.h"

G_BEGIN_DECLS

/* Readings the demo keeps in memory over all machines (24 MB): each
 * machine keeps the smaller of its history and its share of this, so the
 * default fleet keeps a whole day at 1 s. */
#define IM_DEMO_STORE_BUDGET      ((gsize) 432000)
#define IM_DEMO_DEFAULT_MACHINES  5
#define IM_DEMO_DEFAULT_HISTORY_NS (G_GINT64_CONSTANT (24) * 3600 * G_GINT64_CONSTANT (1000000000))

#define IM_TYPE_DEMO_SOURCE (im_demo_source_get_type ())

G_DECLARE_FINAL_TYPE (ImDemoSource, im_demo_source, IM, DEMO_SOURCE, GObject)

/*
 * ImDemoSource:
 *
 * The simulation model of lib/ running in-process: a backfill of
 * #ImDemoSource:history-ns of readings is generated on a worker thread at
 * construction (requests wait for it), then readings are generated live,
 * in real time, on the main loop.
 */
ImDemoSource *im_demo_source_new              (guint          n_machines);
gboolean      im_demo_source_get_ready        (ImDemoSource  *self);
guint         im_demo_source_get_n_machines   (ImDemoSource  *self);
/* Readings kept per machine. */
gsize         im_demo_source_get_capacity     (ImDemoSource  *self);
/* Stops or resumes live generation (tests hold the data still). */
void          im_demo_source_set_live         (ImDemoSource  *self,
                                               gboolean       live);

G_END_DECLS
