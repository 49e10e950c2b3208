/* test-batcher.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-batch.h"
#include "im-line-protocol.h"

#define MS G_GINT64_CONSTANT (1000000)

static void
make_reading (ImReading *reading,
              guint      i)
{
  im_reading_init (reading);
  g_snprintf (reading->machine_id, sizeof reading->machine_id, "MACHINE_%03u", i % 7);
  g_snprintf (reading->sensor_id, sizeof reading->sensor_id, "MACHINE_%03u-S1", i % 7);
  reading->time_ns = G_GINT64_CONSTANT (1795000000000000000) + i * G_GINT64_CONSTANT (1000000);
  reading->values[IM_SENSOR_TEMPERATURE] = 50.0 + i;
  reading->values[IM_SENSOR_VIBRATION] = 1.0;
  reading->values[IM_SENSOR_PRESSURE] = 45.5;
  reading->values[IM_SENSOR_POWER] = 250.25;
  reading->state = IM_MACHINE_STATE_NORMAL;
}

static char *
expected_line (const ImReading *reading)
{
  GString *str = g_string_new (NULL);

  g_assert_true (im_lp_append_reading (str, reading, NULL));

  return g_string_free (str, FALSE);
}

static void
test_batch_points (void)
{
  g_autoptr(ImBatch) batch = im_batch_new (9, 4);
  g_autoptr(GString) all = g_string_new (NULL);
  ImReading reading;
  const char *lines;
  gsize len;
  gssize key_len;
  gssize value_len;
  const guint8 *data;

  g_assert_cmpuint (im_batch_get_id (batch), ==, 9);
  g_assert_cmpint (im_batch_get_first_added (batch), ==, 0);

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *line = NULL;
      g_autofree char *value = g_strdup_printf ("{\"n\":%u}", i);

      make_reading (&reading, i);
      line = expected_line (&reading);
      g_string_append (all, line);

      g_assert_true (im_batch_add (batch, &reading, i % 2, 100 + i,
                                   i == 2 ? NULL : "KEY", i == 2 ? -1 : 3,
                                   value, strlen (value),
                                   (1000 + i) * MS, NULL));
    }

  g_assert_cmpuint (im_batch_get_n_points (batch), ==, 4);
  g_assert_cmpint (im_batch_get_first_added (batch), ==, 1000 * MS);

  lines = im_batch_get_lines (batch, 0, 4, &len);
  g_assert_cmpuint (len, ==, all->len);
  g_assert_true (memcmp (lines, all->str, len) == 0);

  /* A sub-range is exactly the lines of its points. */
  make_reading (&reading, 1);
  {
    g_autofree char *l1 = expected_line (&reading);
    g_autofree char *l2 = NULL;
    g_autofree char *both = NULL;

    make_reading (&reading, 2);
    l2 = expected_line (&reading);
    both = g_strconcat (l1, l2, NULL);
    lines = im_batch_get_lines (batch, 1, 3, &len);
    g_assert_cmpuint (len, ==, strlen (both));
    g_assert_true (memcmp (lines, both, len) == 0);
  }

  g_assert_cmpint (im_batch_get_point (batch, 3)->partition, ==, 1);
  g_assert_cmpint (im_batch_get_point (batch, 3)->offset, ==, 103);
  g_assert_cmpint (im_batch_get_point (batch, 3)->time_ns, ==,
                   G_GINT64_CONSTANT (1795000000000000000) + 3 * G_GINT64_CONSTANT (1000000));

  /* The original key and value bytes are kept, NULL stays NULL. */
  data = im_batch_get_key (batch, 1, &key_len);
  g_assert_cmpint (key_len, ==, 3);
  g_assert_true (memcmp (data, "KEY", 3) == 0);
  g_assert_null (im_batch_get_key (batch, 2, &key_len));
  g_assert_cmpint (key_len, ==, -1);
  data = im_batch_get_value (batch, 2, &value_len);
  g_assert_cmpint (value_len, ==, strlen ("{\"n\":2}"));
  g_assert_true (memcmp (data, "{\"n\":2}", value_len) == 0);
  data = im_batch_get_value (batch, 3, &value_len);
  g_assert_true (memcmp (data, "{\"n\":3}", value_len) == 0);
}

static void
test_batch_unencodable (void)
{
  g_autoptr(ImBatch) batch = im_batch_new (1, 1);
  g_autoptr(GError) error = NULL;
  ImReading reading;

  make_reading (&reading, 0);
  reading.values[IM_SENSOR_POWER] = NAN;

  g_assert_false (im_batch_add (batch, &reading, 0, 1, NULL, -1, "x", 1, 0, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (im_batch_get_n_points (batch), ==, 0);
}

static void
test_batcher_size (void)
{
  g_autoptr(ImBatcher) batcher = im_batcher_new (3, 100 * MS);
  g_autoptr(ImBatch) first = NULL;
  g_autoptr(ImBatch) second = NULL;
  ImReading reading;

  g_assert_cmpint (im_batcher_get_deadline (batcher), ==, G_MAXINT64);
  g_assert_null (im_batcher_take (batcher));

  for (guint i = 0; i < 3; i++)
    {
      g_assert_false (im_batcher_is_full (batcher));
      make_reading (&reading, i);
      g_assert_true (im_batcher_add (batcher, &reading, 0, i, NULL, -1, "{}", 2, 5 * MS, NULL));
    }

  /* Full at max points, long before the interval. */
  g_assert_true (im_batcher_is_full (batcher));
  g_assert_true (im_batcher_is_due (batcher, 6 * MS));
  first = im_batcher_take (batcher);
  g_assert_cmpuint (im_batch_get_n_points (first), ==, 3);
  g_assert_cmpuint (im_batcher_get_n_points (batcher), ==, 0);
  g_assert_false (im_batcher_is_due (batcher, 1000 * MS));

  make_reading (&reading, 3);
  g_assert_true (im_batcher_add (batcher, &reading, 0, 3, NULL, -1, "{}", 2, 50 * MS, NULL));
  second = im_batcher_take (batcher);
  g_assert_cmpuint (im_batch_get_id (second), >, im_batch_get_id (first));
}

static void
test_batcher_interval (void)
{
  g_autoptr(ImBatcher) batcher = im_batcher_new (1000, 100 * MS);
  ImReading reading;

  make_reading (&reading, 0);
  g_assert_true (im_batcher_add (batcher, &reading, 0, 0, NULL, -1, "{}", 2, 20 * MS, NULL));
  /* The interval runs from the first point, not the last. */
  g_assert_cmpint (im_batcher_get_deadline (batcher), ==, 120 * MS);
  make_reading (&reading, 1);
  g_assert_true (im_batcher_add (batcher, &reading, 0, 1, NULL, -1, "{}", 2, 110 * MS, NULL));
  g_assert_cmpint (im_batcher_get_deadline (batcher), ==, 120 * MS);

  g_assert_false (im_batcher_is_due (batcher, 119 * MS));
  g_assert_true (im_batcher_is_due (batcher, 120 * MS));

  im_batcher_clear (batcher);
  g_assert_cmpuint (im_batcher_get_n_points (batcher), ==, 0);
  g_assert_false (im_batcher_is_due (batcher, 1000 * MS));
  g_assert_cmpint (im_batcher_get_deadline (batcher), ==, G_MAXINT64);
}

/* Points a daemon computed itself: lines as given, no original message. */
static void
test_batch_lines (void)
{
  g_autoptr(ImBatch) batch = im_batch_new (7, 2);
  const char *a = "anomalies,machine_id=M1,type=spike id=\"a\" 1\n";
  const char *b = "alarms,machine_id=M1,type=inactivity id=\"b\" 2\n";
  g_autofree char *both = g_strconcat (a, b, NULL);
  const ImBatchPoint *point;
  const char *lines;
  gssize key_len, value_len;
  gsize len;

  g_assert_true (im_batch_add_line (batch, a, strlen (a), 2, 41, 1, 1000));
  g_assert_true (im_batch_add_line (batch, b, strlen (b), -1, -1, 2, 2000));
  g_assert_cmpuint (im_batch_get_n_points (batch), ==, 2);
  g_assert_cmpint (im_batch_get_first_added (batch), ==, 1000);

  point = im_batch_get_point (batch, 0);
  g_assert_cmpint (point->partition, ==, 2);
  g_assert_cmpint (point->offset, ==, 41);
  g_assert_cmpint (point->time_ns, ==, 1);
  g_assert_null (im_batch_get_key (batch, 0, &key_len));
  g_assert_null (im_batch_get_value (batch, 0, &value_len));
  g_assert_cmpint (key_len, ==, -1);
  g_assert_cmpint (value_len, ==, -1);

  lines = im_batch_get_lines (batch, 0, 2, &len);
  g_assert_cmpmem (lines, len, both, strlen (both));
  lines = im_batch_get_lines (batch, 1, 2, &len);
  g_assert_cmpmem (lines, len, b, strlen (b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingestion/batch/points", test_batch_points);
  g_test_add_func ("/ingestion/batch/unencodable", test_batch_unencodable);
  g_test_add_func ("/ingestion/batch/lines", test_batch_lines);
  g_test_add_func ("/ingestion/batcher/size", test_batcher_size);
  g_test_add_func ("/ingestion/batcher/interval", test_batcher_interval);

  return g_test_run ();
}
