/* im-offset-tracker.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-offset-tracker"

#include "config.h"

#include "im-offset-tracker.h"

typedef struct
{
  gint64   offset;
  gboolean done;
} Entry;

typedef struct
{
  gint32  partition;
  /* Ascending offsets; entries before @head are done and forgotten. */
  GArray *entries;
  guint   head;
  /* One past the last added offset. */
  gint64  next;
  /* The commit offset last reported by foreach_advanced. */
  gint64  reported;
} Partition;

struct _ImOffsetTracker
{
  /* gint32 partition → Partition*; few partitions, looked up per message */
  GHashTable *partitions;
  guint       n_in_flight;
};

static void
partition_free (gpointer data)
{
  Partition *p = data;

  g_array_unref (p->entries);
  g_free (p);
}

ImOffsetTracker *
im_offset_tracker_new (void)
{
  ImOffsetTracker *self = g_new0 (ImOffsetTracker, 1);

  self->partitions = g_hash_table_new_full (g_int_hash, g_int_equal,
                                            NULL, partition_free);

  return self;
}

void
im_offset_tracker_free (ImOffsetTracker *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->partitions);
  g_free (self);
}

static Partition *
lookup (ImOffsetTracker *self,
        gint32           partition)
{
  return g_hash_table_lookup (self->partitions, &partition);
}

void
im_offset_tracker_add (ImOffsetTracker *self,
                       gint32           partition,
                       gint64           offset)
{
  Partition *p;
  Entry entry = { offset, FALSE };

  g_return_if_fail (self != NULL);
  g_return_if_fail (offset >= 0);

  p = lookup (self, partition);
  if (p == NULL)
    {
      p = g_new0 (Partition, 1);
      p->partition = partition;
      p->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
      p->next = offset;
      /* Where consumption started is no progress to report. */
      p->reported = offset;
      g_hash_table_insert (self->partitions, &p->partition, p);
    }

  g_return_if_fail (offset >= p->next);

  g_array_append_val (p->entries, entry);
  p->next = offset + 1;
  self->n_in_flight++;
}

static void
advance_head (Partition *p)
{
  Entry *entries = (Entry *) (gpointer) p->entries->data;

  while (p->head < p->entries->len && entries[p->head].done)
    p->head++;

  /* Compact once the forgotten prefix dominates, so the array stays
   * proportional to what is in flight. */
  if (p->head == p->entries->len)
    {
      g_array_set_size (p->entries, 0);
      p->head = 0;
    }
  else if (p->head > 1024 && p->head > p->entries->len / 2)
    {
      g_array_remove_range (p->entries, 0, p->head);
      p->head = 0;
    }
}

gboolean
im_offset_tracker_done (ImOffsetTracker *self,
                        gint32           partition,
                        gint64           offset)
{
  Partition *p;
  Entry *entries;
  guint lo, hi;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!(p = lookup (self, partition)))
    return FALSE;

  entries = (Entry *) (gpointer) p->entries->data;
  lo = p->head;
  hi = p->entries->len;

  /* Binary search in [head, len): offsets are ascending. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (entries[mid].offset < offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo >= p->entries->len || entries[lo].offset != offset || entries[lo].done)
    return FALSE;

  entries[lo].done = TRUE;
  self->n_in_flight--;

  if (lo == p->head)
    advance_head (p);

  return TRUE;
}

static gint64
commit_offset (const Partition *p)
{
  if (p->head < p->entries->len)
    return g_array_index (p->entries, Entry, p->head).offset;

  return p->next;
}

gint64
im_offset_tracker_get_commit_offset (ImOffsetTracker *self,
                                     gint32           partition)
{
  Partition *p;

  g_return_val_if_fail (self != NULL, -1);

  if (!(p = lookup (self, partition)))
    return -1;

  return commit_offset (p);
}

static int
compare_partitions (gconstpointer a,
                    gconstpointer b)
{
  const Partition *pa = *(const Partition * const *) a;
  const Partition *pb = *(const Partition * const *) b;

  return (pa->partition > pb->partition) - (pa->partition < pb->partition);
}

void
im_offset_tracker_foreach_advanced (ImOffsetTracker *self,
                                    ImOffsetFunc     func,
                                    gpointer         user_data)
{
  g_autoptr(GPtrArray) sorted = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  sorted = g_ptr_array_sized_new (g_hash_table_size (self->partitions));
  g_hash_table_iter_init (&iter, self->partitions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_partitions);

  for (guint i = 0; i < sorted->len; i++)
    {
      Partition *p = g_ptr_array_index (sorted, i);
      gint64 offset = commit_offset (p);

      if (offset > p->reported)
        {
          p->reported = offset;
          func (p->partition, offset, user_data);
        }
    }
}

guint
im_offset_tracker_get_n_in_flight (ImOffsetTracker *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_in_flight;
}

void
im_offset_tracker_clear (ImOffsetTracker *self)
{
  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->partitions);
  self->n_in_flight = 0;
}
