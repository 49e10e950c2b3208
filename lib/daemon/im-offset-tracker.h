/* im-offset-tracker.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ImOffsetTracker:
 *
 * Which offset of each partition may be committed. Every consumed message
 * is added (in the order the partition delivers it) and later marked done —
 * when the InfluxDB write covering it succeeded or its dead-letter delivery
 * was acknowledged, in any order. A partition's commit offset is its lowest
 * offset still in flight, or one past the last added offset when none is:
 * Kafka's committed offset names the next message to read, so it may only
 * advance to just below the oldest message that is not done.
 *
 * Kafka-agnostic and single-threaded; the consumer drives it.
 */
typedef struct _ImOffsetTracker ImOffsetTracker;

typedef void (*ImOffsetFunc) (gint32   partition,
                              gint64   offset,
                              gpointer user_data);

ImOffsetTracker *im_offset_tracker_new                (void);
void             im_offset_tracker_free               (ImOffsetTracker *self);

/* @offset must be greater than every offset added before for @partition. */
void             im_offset_tracker_add                (ImOffsetTracker *self,
                                                       gint32           partition,
                                                       gint64           offset);
/* FALSE when @offset is not in flight (unknown, forgotten or done already). */
gboolean         im_offset_tracker_done               (ImOffsetTracker *self,
                                                       gint32           partition,
                                                       gint64           offset);
/* -1 when nothing was added for @partition. */
gint64           im_offset_tracker_get_commit_offset  (ImOffsetTracker *self,
                                                       gint32           partition);
/* Calls @func for each partition whose commit offset moved since the last
 * call (initially: the first offset added), in ascending partition order. */
void             im_offset_tracker_foreach_advanced   (ImOffsetTracker *self,
                                                       ImOffsetFunc     func,
                                                       gpointer         user_data);
guint            im_offset_tracker_get_n_in_flight    (ImOffsetTracker *self);
/* Drops all state (all partitions were revoked). */
void             im_offset_tracker_clear              (ImOffsetTracker *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImOffsetTracker, im_offset_tracker_free)

G_END_DECLS
