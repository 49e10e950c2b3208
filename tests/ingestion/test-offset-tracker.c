/* test-offset-tracker.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-offset-tracker.h"

typedef struct
{
  GArray *partitions;
  GArray *offsets;
} Seen;

static void
collect (gint32   partition,
         gint64   offset,
         gpointer user_data)
{
  Seen *seen = user_data;

  g_array_append_val (seen->partitions, partition);
  g_array_append_val (seen->offsets, offset);
}

static void
seen_init (Seen *seen)
{
  seen->partitions = g_array_new (FALSE, FALSE, sizeof (gint32));
  seen->offsets = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
seen_clear (Seen *seen)
{
  g_array_unref (seen->partitions);
  g_array_unref (seen->offsets);
}

static void
test_lowest_in_flight (void)
{
  g_autoptr(ImOffsetTracker) tracker = im_offset_tracker_new ();

  g_assert_cmpint (im_offset_tracker_get_commit_offset (tracker, 0), ==, -1);

  for (gint64 offset = 10; offset < 15; offset++)
    im_offset_tracker_add (tracker, 0, offset);
  g_assert_cmpuint (im_offset_tracker_get_n_in_flight (tracker), ==, 5);
  g_assert_cmpint (im_offset_tracker_get_commit_offset (tracker, 0), ==, 10);

  /* Done out of order: the commit offset stays below the oldest not done. */
  g_assert_true (im_offset_tracker_done (tracker, 0, 12));
  g_assert_true (im_offset_tracker_done (tracker, 0, 13));
  g_assert_cmpint (im_offset_tracker_get_commit_offset (tracker, 0), ==, 10);

  g_assert_true (im_offset_tracker_done (tracker, 0, 10));
  g_assert_cmpint (im_offset_tracker_get_commit_offset (tracker, 0), ==, 11);

  g_assert_true (im_offset_tracker_done (tracker, 0, 11));
  g_assert_cmpint (im_offset_tracker_get_commit_offset (tracker, 0), ==, 14);

  g_assert_true (im_offset_tracker_done (tracker, 0, 14));
  /* Nothing in flight: one past the last added offset. */
  g_assert_cmpint (im_offset_tracker_get_commit_offset (tracker, 0), ==, 15);
  g_assert_cmpuint (im_offset_tracker_get_n_in_flight (tracker), ==, 0);
}

static void
test_unknown_and_twice (void)
{
  g_autoptr(ImOffsetTracker) tracker = im_offset_tracker_new ();

  im_offset_tracker_add (tracker, 3, 100);
  im_offset_tracker_add (tracker, 3, 102);   /* gaps happen (compaction) */

  g_assert_false (im_offset_tracker_done (tracker, 3, 101));
  g_assert_false (im_offset_tracker_done (tracker, 4, 100));
  g_assert_true (im_offset_tracker_done (tracker, 3, 102));
  g_assert_false (im_offset_tracker_done (tracker, 3, 102));
  g_assert_cmpint (im_offset_tracker_get_commit_offset (tracker, 3), ==, 100);
  g_assert_true (im_offset_tracker_done (tracker, 3, 100));
  g_assert_cmpint (im_offset_tracker_get_commit_offset (tracker, 3), ==, 103);
  g_assert_false (im_offset_tracker_done (tracker, 3, 100));
}

static void
test_partitions_independent (void)
{
  g_autoptr(ImOffsetTracker) tracker = im_offset_tracker_new ();
  Seen seen;

  seen_init (&seen);

  im_offset_tracker_add (tracker, 1, 0);
  im_offset_tracker_add (tracker, 0, 50);
  im_offset_tracker_add (tracker, 1, 1);
  im_offset_tracker_add (tracker, 0, 51);

  /* Where consumption started is no progress. */
  im_offset_tracker_foreach_advanced (tracker, collect, &seen);
  g_assert_cmpuint (seen.partitions->len, ==, 0);

  g_assert_true (im_offset_tracker_done (tracker, 1, 0));
  g_assert_true (im_offset_tracker_done (tracker, 0, 51));
  im_offset_tracker_foreach_advanced (tracker, collect, &seen);
  g_assert_cmpuint (seen.partitions->len, ==, 1);
  g_assert_cmpint (g_array_index (seen.partitions, gint32, 0), ==, 1);
  g_assert_cmpint (g_array_index (seen.offsets, gint64, 0), ==, 1);

  /* Reported once only. */
  im_offset_tracker_foreach_advanced (tracker, collect, &seen);
  g_assert_cmpuint (seen.partitions->len, ==, 1);

  g_assert_true (im_offset_tracker_done (tracker, 0, 50));
  g_assert_true (im_offset_tracker_done (tracker, 1, 1));
  im_offset_tracker_foreach_advanced (tracker, collect, &seen);
  g_assert_cmpuint (seen.partitions->len, ==, 3);
  /* Ascending partition order. */
  g_assert_cmpint (g_array_index (seen.partitions, gint32, 1), ==, 0);
  g_assert_cmpint (g_array_index (seen.offsets, gint64, 1), ==, 52);
  g_assert_cmpint (g_array_index (seen.partitions, gint32, 2), ==, 1);
  g_assert_cmpint (g_array_index (seen.offsets, gint64, 2), ==, 2);

  im_offset_tracker_clear (tracker);
  g_assert_cmpint (im_offset_tracker_get_commit_offset (tracker, 0), ==, -1);
  g_assert_cmpuint (im_offset_tracker_get_n_in_flight (tracker), ==, 0);
  g_assert_false (im_offset_tracker_done (tracker, 1, 1));

  seen_clear (&seen);
}

/* Against a model: random completion order over many messages, with the
 * compaction path exercised. */
static void
test_random_against_model (void)
{
  g_autoptr(ImOffsetTracker) tracker = im_offset_tracker_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const guint n = 5000;
  g_autofree gboolean *done = g_new0 (gboolean, n);
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (guint));
  guint added = 0;
  guint lowest = 0;

  while (added < n || pending->len > 0)
    {
      if (added < n && (pending->len == 0 || g_rand_int_range (rand, 0, 3) > 0))
        {
          /* Offsets 2·i: a gap after each. */
          im_offset_tracker_add (tracker, 7, 2 * (gint64) added);
          g_array_append_val (pending, added);
          added++;
        }
      else
        {
          guint pick = g_rand_int_range (rand, 0, pending->len);
          guint index = g_array_index (pending, guint, pick);
          gint64 expected;

          g_array_remove_index_fast (pending, pick);
          g_assert_true (im_offset_tracker_done (tracker, 7, 2 * (gint64) index));
          done[index] = TRUE;

          while (lowest < added && done[lowest])
            lowest++;
          expected = lowest < added ? 2 * (gint64) lowest : 2 * (gint64) (added - 1) + 1;
          g_assert_cmpint (im_offset_tracker_get_commit_offset (tracker, 7), ==, expected);
        }
      g_assert_cmpuint (im_offset_tracker_get_n_in_flight (tracker), ==, pending->len);
    }

  g_assert_cmpint (im_offset_tracker_get_commit_offset (tracker, 7), ==, 2 * (gint64) n - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingestion/offset-tracker/lowest-in-flight", test_lowest_in_flight);
  g_test_add_func ("/ingestion/offset-tracker/unknown-and-twice", test_unknown_and_twice);
  g_test_add_func ("/ingestion/offset-tracker/partitions", test_partitions_independent);
  g_test_add_func ("/ingestion/offset-tracker/random", test_random_against_model);

  return g_test_run ();
}
