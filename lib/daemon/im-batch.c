/* im-batch.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-batch"

#include "config.h"

#include "im-batch.h"
#include "im-line-protocol.h"

/* Line protocol of one reading is about 200 bytes, its JSON about 250. */
#define LINE_SIZE_HINT 200
#define RAW_SIZE_HINT  280

struct _ImBatch
{
  guint64     id;
  guint       generation;
  gint64      first_added;
  GString    *lines;
  GArray     *points;   /* ImBatchPoint */
  GByteArray *raw;      /* key bytes then value bytes of each point */
};

ImBatch *
im_batch_new (guint64 id,
              guint   expected_points)
{
  ImBatch *self = g_new0 (ImBatch, 1);

  self->id = id;
  self->lines = g_string_sized_new ((gsize) expected_points * LINE_SIZE_HINT);
  self->points = g_array_sized_new (FALSE, FALSE, sizeof (ImBatchPoint), expected_points);
  self->raw = g_byte_array_sized_new (expected_points * RAW_SIZE_HINT);

  return self;
}

void
im_batch_free (ImBatch *self)
{
  if (self == NULL)
    return;

  g_string_free (self->lines, TRUE);
  g_array_unref (self->points);
  g_byte_array_unref (self->raw);
  g_free (self);
}

guint64
im_batch_get_id (ImBatch *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->id;
}

guint
im_batch_get_generation (ImBatch *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->generation;
}

void
im_batch_set_generation (ImBatch *self,
                         guint    generation)
{
  g_return_if_fail (self != NULL);

  self->generation = generation;
}

gboolean
im_batch_add (ImBatch         *self,
              const ImReading *reading,
              gint32           partition,
              gint64           offset,
              const void      *key,
              gssize           key_len,
              const void      *value,
              gssize           value_len,
              gint64           now_ns,
              GError         **error)
{
  ImBatchPoint point = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (reading != NULL, FALSE);
  g_return_val_if_fail (key != NULL || key_len <= 0, FALSE);
  g_return_val_if_fail (value != NULL || value_len <= 0, FALSE);

  point.partition = partition;
  point.offset = offset;
  point.time_ns = reading->time_ns;
  point.line_start = self->lines->len;

  if (!im_lp_append_reading (self->lines, reading, error))
    return FALSE;

  point.line_len = self->lines->len - point.line_start;
  point.raw_start = self->raw->len;
  point.key_len = key != NULL ? key_len : -1;
  point.value_len = value != NULL ? value_len : -1;

  if (point.key_len > 0)
    g_byte_array_append (self->raw, key, point.key_len);
  if (point.value_len > 0)
    g_byte_array_append (self->raw, value, point.value_len);

  g_array_append_val (self->points, point);

  if (self->points->len == 1)
    self->first_added = now_ns;

  return TRUE;
}

gboolean
im_batch_add_line (ImBatch    *self,
                   const char *line,
                   gsize       len,
                   gint32      partition,
                   gint64      offset,
                   gint64      time_ns,
                   gint64      now_ns)
{
  ImBatchPoint point = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (len > 0 && line[len - 1] == '\n', FALSE);

  point.partition = partition;
  point.offset = offset;
  point.time_ns = time_ns;
  point.line_start = self->lines->len;
  point.line_len = len;
  point.raw_start = self->raw->len;
  point.key_len = -1;
  point.value_len = -1;
  g_string_append_len (self->lines, line, len);
  g_array_append_val (self->points, point);

  if (self->points->len == 1)
    self->first_added = now_ns;

  return TRUE;
}

guint
im_batch_get_n_points (ImBatch *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->points->len;
}

const ImBatchPoint *
im_batch_get_point (ImBatch *self,
                    guint    index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->points->len, NULL);

  return &g_array_index (self->points, ImBatchPoint, index);
}

const char *
im_batch_get_lines (ImBatch *self,
                    guint    start,
                    guint    end,
                    gsize   *len)
{
  const ImBatchPoint *first;
  const ImBatchPoint *last;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (start < end && end <= self->points->len, NULL);
  g_return_val_if_fail (len != NULL, NULL);

  first = &g_array_index (self->points, ImBatchPoint, start);
  last = &g_array_index (self->points, ImBatchPoint, end - 1);
  *len = last->line_start + last->line_len - first->line_start;

  return self->lines->str + first->line_start;
}

const guint8 *
im_batch_get_key (ImBatch *self,
                  guint    index,
                  gssize  *len)
{
  const ImBatchPoint *point;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->points->len, NULL);
  g_return_val_if_fail (len != NULL, NULL);

  point = &g_array_index (self->points, ImBatchPoint, index);
  *len = point->key_len;
  if (point->key_len < 0)
    return NULL;

  return self->raw->data + point->raw_start;
}

const guint8 *
im_batch_get_value (ImBatch *self,
                    guint    index,
                    gssize  *len)
{
  const ImBatchPoint *point;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->points->len, NULL);
  g_return_val_if_fail (len != NULL, NULL);

  point = &g_array_index (self->points, ImBatchPoint, index);
  *len = point->value_len;
  if (point->value_len < 0)
    return NULL;

  return self->raw->data + point->raw_start + MAX (point->key_len, 0);
}

gint64
im_batch_get_first_added (ImBatch *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->points->len > 0 ? self->first_added : 0;
}

gsize
im_batch_get_size (ImBatch *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lines->allocated_len + self->raw->len +
         self->points->len * sizeof (ImBatchPoint);
}

/* ImBatcher */

struct _ImBatcher
{
  guint    max_points;
  gint64   flush_interval_ns;
  guint64  next_id;
  ImBatch *current;
};

ImBatcher *
im_batcher_new (guint  max_points,
                gint64 flush_interval_ns)
{
  ImBatcher *self;

  g_return_val_if_fail (max_points > 0, NULL);
  g_return_val_if_fail (flush_interval_ns >= 0, NULL);

  self = g_new0 (ImBatcher, 1);
  self->max_points = max_points;
  self->flush_interval_ns = flush_interval_ns;
  self->next_id = 1;

  return self;
}

void
im_batcher_free (ImBatcher *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->current, im_batch_free);
  g_free (self);
}

guint
im_batcher_get_max_points (ImBatcher *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->max_points;
}

gint64
im_batcher_get_flush_interval (ImBatcher *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->flush_interval_ns;
}

gboolean
im_batcher_add (ImBatcher       *self,
                const ImReading *reading,
                gint32           partition,
                gint64           offset,
                const void      *key,
                gssize           key_len,
                const void      *value,
                gssize           value_len,
                gint64           now_ns,
                GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->current == NULL)
    self->current = im_batch_new (self->next_id++, self->max_points);

  return im_batch_add (self->current, reading, partition, offset,
                       key, key_len, value, value_len, now_ns, error);
}

guint
im_batcher_get_n_points (ImBatcher *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->current != NULL ? im_batch_get_n_points (self->current) : 0;
}

gboolean
im_batcher_is_full (ImBatcher *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return im_batcher_get_n_points (self) >= self->max_points;
}

gint64
im_batcher_get_deadline (ImBatcher *self)
{
  g_return_val_if_fail (self != NULL, G_MAXINT64);

  if (im_batcher_get_n_points (self) == 0)
    return G_MAXINT64;

  return im_batch_get_first_added (self->current) + self->flush_interval_ns;
}

gboolean
im_batcher_is_due (ImBatcher *self,
                   gint64     now_ns)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (im_batcher_get_n_points (self) == 0)
    return FALSE;

  return im_batcher_is_full (self) || now_ns >= im_batcher_get_deadline (self);
}

ImBatch *
im_batcher_take (ImBatcher *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (im_batcher_get_n_points (self) == 0)
    return NULL;

  return g_steal_pointer (&self->current);
}

void
im_batcher_clear (ImBatcher *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->current, im_batch_free);
}
