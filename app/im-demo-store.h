/* im-demo-store.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-data-source.h"
#include "im-reading.h"

G_BEGIN_DECLS

/*
 * ImDemoStore:
 *
 * The in-memory store behind the demo source: one ring of compact rows per
 * machine, holding at most @capacity readings each (the oldest go first).
 * Readings of one machine are kept in strictly increasing time order: one
 * older than the machine's newest is dropped, one with the same time
 * replaces it. Every function may be called from any thread.
 */
typedef struct _ImDemoStore ImDemoStore;

ImDemoStore *im_demo_store_new             (gsize            capacity);
void         im_demo_store_free            (ImDemoStore     *self);
gsize        im_demo_store_get_capacity    (ImDemoStore     *self);

void         im_demo_store_append          (ImDemoStore     *self,
                                            const ImReading *readings,
                                            gsize            n_readings);

/* Sorted machine ids. */
GStrv        im_demo_store_dup_machines    (ImDemoStore     *self);
gsize        im_demo_store_get_n_readings  (ImDemoStore     *self,
                                            const char      *machine_id);
/* FALSE when the machine has no reading. */
gboolean     im_demo_store_get_time_range  (ImDemoStore     *self,
                                            const char      *machine_id,
                                            gint64          *first_ns,
                                            gint64          *last_ns);

/* (element-type ImReading): [@from_ns, @to_ns), oldest first. */
GArray      *im_demo_store_query_raw       (ImDemoStore     *self,
                                            const char      *machine_id,
                                            gint64           from_ns,
                                            gint64           to_ns);
/* (element-type ImAggregate): epoch-aligned windows, empty ones left out. */
GArray      *im_demo_store_query_aggregate (ImDemoStore     *self,
                                            const char      *machine_id,
                                            gint64           from_ns,
                                            gint64           to_ns,
                                            gint64           window_ns);
/* (element-type ImMachineReadings): per machine, the readings within
 * @window_ns of its newest one. */
GPtrArray   *im_demo_store_recent          (ImDemoStore     *self,
                                            gint64           window_ns);
/* Copies up to @max_readings readings in [*@cursor_ns, @to_ns) into @out
 * and moves *@cursor_ns past the last one copied. Returns how many. */
gsize        im_demo_store_read_chunk      (ImDemoStore     *self,
                                            const char      *machine_id,
                                            gint64          *cursor_ns,
                                            gint64           to_ns,
                                            ImReading       *out,
                                            gsize            max_readings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImDemoStore, im_demo_store_free)

G_END_DECLS
