/* im-batch.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-reading.h"

G_BEGIN_DECLS

/**
 * ImBatch:
 *
 * Readings on their way to one InfluxDB write: their line protocol, one
 * line per point in one buffer (so any range of points is one contiguous
 * request body), and for each point where it came from and a copy of the
 * original message key and value, for the dead-letter topic should
 * InfluxDB refuse it.
 */
typedef struct _ImBatch ImBatch;

typedef struct
{
  gint32 partition;
  gint64 offset;
  gint64 time_ns;      /* the reading's timestamp */
  gsize  line_start;
  gsize  line_len;
  gsize  raw_start;
  gssize key_len;      /* -1 for a NULL key */
  gssize value_len;    /* -1 for a NULL value */
} ImBatchPoint;

ImBatch            *im_batch_new               (guint64        id,
                                                guint          expected_points);
void                im_batch_free              (ImBatch       *self);
guint64             im_batch_get_id            (ImBatch       *self);
/* The value of a caller-defined counter when the batch was made (the
 * consumer keeps its assignment generation here). */
guint               im_batch_get_generation    (ImBatch       *self);
void                im_batch_set_generation    (ImBatch       *self,
                                                guint          generation);
/* Encodes @reading (which passed validation); FALSE, with nothing added,
 * when it has no line protocol form. */
gboolean            im_batch_add               (ImBatch        *self,
                                                const ImReading *reading,
                                                gint32          partition,
                                                gint64          offset,
                                                const void     *key,
                                                gssize          key_len,
                                                const void     *value,
                                                gssize          value_len,
                                                gint64          now_ns,
                                                GError        **error);
/* Adds one point already in line protocol (@len bytes, newline-terminated),
 * without an original message: for points a daemon computed itself. */
gboolean            im_batch_add_line          (ImBatch       *self,
                                                const char    *line,
                                                gsize          len,
                                                gint32         partition,
                                                gint64         offset,
                                                gint64         time_ns,
                                                gint64         now_ns);
guint               im_batch_get_n_points      (ImBatch       *self);
const ImBatchPoint *im_batch_get_point         (ImBatch       *self,
                                                guint          index);
/* The lines of points [@start, @end), contiguous. */
const char         *im_batch_get_lines         (ImBatch       *self,
                                                guint          start,
                                                guint          end,
                                                gsize         *len);
/* NULL for a NULL key or value. */
const guint8       *im_batch_get_key           (ImBatch       *self,
                                                guint          index,
                                                gssize        *len);
const guint8       *im_batch_get_value         (ImBatch       *self,
                                                guint          index,
                                                gssize        *len);
/* Monotonic time of the first im_batch_add(), 0 while empty. */
gint64              im_batch_get_first_added   (ImBatch       *self);
/* Bytes held (line protocol and original messages). */
gsize               im_batch_get_size          (ImBatch       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImBatch, im_batch_free)

/**
 * ImBatcher:
 *
 * The batch being filled, and when it is due: at @max_points points, or
 * @flush_interval_ns after its first point, whichever comes first. Times
 * are passed in (monotonic ns) so tests drive the clock.
 */
typedef struct _ImBatcher ImBatcher;

ImBatcher *im_batcher_new          (guint            max_points,
                                    gint64           flush_interval_ns);
void       im_batcher_free         (ImBatcher       *self);
guint      im_batcher_get_max_points (ImBatcher     *self);
gint64     im_batcher_get_flush_interval (ImBatcher *self);
gboolean   im_batcher_add          (ImBatcher       *self,
                                    const ImReading *reading,
                                    gint32           partition,
                                    gint64           offset,
                                    const void      *key,
                                    gssize           key_len,
                                    const void      *value,
                                    gssize           value_len,
                                    gint64           now_ns,
                                    GError         **error);
guint      im_batcher_get_n_points (ImBatcher       *self);
gboolean   im_batcher_is_full      (ImBatcher       *self);
/* When the current batch is due by time; G_MAXINT64 while it is empty. */
gint64     im_batcher_get_deadline (ImBatcher       *self);
gboolean   im_batcher_is_due       (ImBatcher       *self,
                                    gint64           now_ns);
/* The current batch (NULL when empty); a new one starts. */
ImBatch   *im_batcher_take         (ImBatcher       *self);
/* Drops the current batch (its partitions were revoked). */
void       im_batcher_clear        (ImBatcher       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImBatcher, im_batcher_free)

G_END_DECLS
