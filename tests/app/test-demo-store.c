/* test-demo-store.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-demo-store.h"
#include "im-util.h"

#define T0 (G_GINT64_CONSTANT (1795850800) * IM_NSEC_PER_SEC)

static void
make_reading (ImReading  *r,
              const char *machine,
              gint64      time_ns,
              double      base)
{
  im_reading_init (r);
  g_strlcpy (r->machine_id, machine, sizeof r->machine_id);
  g_snprintf (r->sensor_id, sizeof r->sensor_id, "%s-S1", machine);
  r->time_ns = time_ns;
  for (guint s = 0; s < IM_N_SENSORS; s++)
    r->values[s] = base + s * 1000.0;
  r->state = IM_MACHINE_STATE_DEGRADING;
  r->degradation = base / 1000.0;
  r->anomaly = IM_ANOMALY_DRIFT;
}

static void
assert_reading_equal (const ImReading *a,
                      const ImReading *b)
{
  g_assert_cmpstr (a->machine_id, ==, b->machine_id);
  g_assert_cmpstr (a->sensor_id, ==, b->sensor_id);
  g_assert_cmpint (a->time_ns, ==, b->time_ns);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    g_assert_cmpfloat (a->values[s], ==, b->values[s]);
  g_assert_cmpint (a->state, ==, b->state);
  g_assert_cmpint (a->anomaly, ==, b->anomaly);
  g_assert_cmpfloat (a->degradation, ==, b->degradation);
}

static void
test_append_and_query (void)
{
  g_autoptr(ImDemoStore) store = im_demo_store_new (1000);
  g_autoptr(GArray) written = g_array_new (FALSE, FALSE, sizeof (ImReading));
  g_autoptr(GArray) raw = NULL;
  g_auto(GStrv) machines = NULL;
  gint64 first, last;

  for (guint i = 0; i < 100; i++)
    {
      ImReading r[2];

      make_reading (&r[0], "M_B", T0 + i * IM_NSEC_PER_SEC, i);
      make_reading (&r[1], "M_A", T0 + i * IM_NSEC_PER_SEC + 500 * IM_NSEC_PER_MSEC, 1000 + i);
      g_array_append_val (written, r[0]);
      im_demo_store_append (store, r, 2);
    }

  machines = im_demo_store_dup_machines (store);
  g_assert_cmpuint (g_strv_length (machines), ==, 2);
  g_assert_cmpstr (machines[0], ==, "M_A");
  g_assert_cmpstr (machines[1], ==, "M_B");
  g_assert_cmpuint (im_demo_store_get_n_readings (store, "M_B"), ==, 100);
  g_assert_cmpuint (im_demo_store_get_n_readings (store, "nope"), ==, 0);

  g_assert_true (im_demo_store_get_time_range (store, "M_B", &first, &last));
  g_assert_cmpint (first, ==, T0);
  g_assert_cmpint (last, ==, T0 + 99 * IM_NSEC_PER_SEC);
  g_assert_false (im_demo_store_get_time_range (store, "nope", &first, &last));

  /* [from, to): the reading at "to" is left out. */
  raw = im_demo_store_query_raw (store, "M_B", T0 + 10 * IM_NSEC_PER_SEC, T0 + 20 * IM_NSEC_PER_SEC);
  g_assert_cmpuint (raw->len, ==, 10);
  for (guint i = 0; i < raw->len; i++)
    assert_reading_equal (&g_array_index (raw, ImReading, i),
                          &g_array_index (written, ImReading, 10 + i));

  g_clear_pointer (&raw, g_array_unref);
  raw = im_demo_store_query_raw (store, "unknown", T0, T0 + 1000 * IM_NSEC_PER_SEC);
  g_assert_cmpuint (raw->len, ==, 0);
}

static void
test_order_rules (void)
{
  g_autoptr(ImDemoStore) store = im_demo_store_new (100);
  g_autoptr(GArray) raw = NULL;
  ImReading r;

  make_reading (&r, "M", T0 + 10, 1.0);
  im_demo_store_append (store, &r, 1);
  make_reading (&r, "M", T0 + 5, 2.0);       /* older: dropped */
  im_demo_store_append (store, &r, 1);
  make_reading (&r, "M", T0 + 10, 3.0);      /* same time: replaces */
  im_demo_store_append (store, &r, 1);
  make_reading (&r, "M", T0 + 20, 4.0);
  im_demo_store_append (store, &r, 1);

  raw = im_demo_store_query_raw (store, "M", 0, G_MAXINT64);
  g_assert_cmpuint (raw->len, ==, 2);
  g_assert_cmpint (g_array_index (raw, ImReading, 0).time_ns, ==, T0 + 10);
  g_assert_cmpfloat (g_array_index (raw, ImReading, 0).values[0], ==, 3.0);
  g_assert_cmpint (g_array_index (raw, ImReading, 1).time_ns, ==, T0 + 20);
}

static void
test_capacity_ring (void)
{
  const gsize capacity = 3000;   /* more than one growth step */
  g_autoptr(ImDemoStore) store = im_demo_store_new (capacity);
  g_autoptr(GArray) raw = NULL;

  for (guint i = 0; i < 10000; i++)
    {
      ImReading r;

      make_reading (&r, "M", T0 + i * IM_NSEC_PER_SEC, i);
      im_demo_store_append (store, &r, 1);
      g_assert_cmpuint (im_demo_store_get_n_readings (store, "M"), ==, MIN (i + 1, capacity));
    }

  raw = im_demo_store_query_raw (store, "M", 0, G_MAXINT64);
  g_assert_cmpuint (raw->len, ==, capacity);
  for (guint i = 0; i < raw->len; i++)
    {
      const ImReading *r = &g_array_index (raw, ImReading, i);

      /* The newest 3000, in order, across the ring's wrap. */
      g_assert_cmpint (r->time_ns, ==, T0 + (10000 - capacity + i) * IM_NSEC_PER_SEC);
      g_assert_cmpfloat (r->values[0], ==, 10000 - capacity + i);
    }
}

static void
test_aggregate (void)
{
  g_autoptr(ImDemoStore) store = im_demo_store_new (10000);
  g_autoptr(GArray) windows = NULL;
  const gint64 window = 60 * IM_NSEC_PER_SEC;
  /* 7 s before a window boundary, so the first window is partial. */
  gint64 start = (T0 / window) * window + 53 * IM_NSEC_PER_SEC;
  gint64 from = start + 2 * IM_NSEC_PER_SEC;
  gint64 to = start + 300 * IM_NSEC_PER_SEC;
  double values[400];

  for (guint i = 0; i < 400; i++)
    {
      ImReading r;

      values[i] = 50.0 + 10.0 * sin (i * 0.37) + (i % 7) * 0.125;
      make_reading (&r, "M", start + i * IM_NSEC_PER_SEC, 0);
      r.values[IM_SENSOR_TEMPERATURE] = values[i];
      r.values[IM_SENSOR_POWER] = 250.0 + i;
      im_demo_store_append (store, &r, 1);
    }

  windows = im_demo_store_query_aggregate (store, "M", from, to, window);

  /* Computed here independently: bucket by floor(t / window). */
  {
    guint n_expected = 0;
    gint64 current = -1;
    double sum = 0, min = INFINITY, max = -INFINITY;
    guint count = 0;

    for (guint i = 0; i <= 400; i++)
      {
        gint64 t = start + i * IM_NSEC_PER_SEC;
        gboolean inside = i < 400 && t >= from && t < to;
        gint64 bucket = inside ? t / window * window : -2;

        if (current >= 0 && bucket != current)
          {
            const ImAggregate *agg;

            g_assert_cmpuint (n_expected, <, windows->len);
            agg = &g_array_index (windows, ImAggregate, n_expected);
            g_assert_cmpint (agg->time_ns, ==, current);
            g_assert_cmpuint (agg->count, ==, count);
            g_assert_cmpfloat_with_epsilon (agg->mean[IM_SENSOR_TEMPERATURE], sum / count, 1e-9);
            g_assert_cmpfloat (agg->min[IM_SENSOR_TEMPERATURE], ==, min);
            g_assert_cmpfloat (agg->max[IM_SENSOR_TEMPERATURE], ==, max);
            n_expected++;
            sum = 0, min = INFINITY, max = -INFINITY, count = 0;
          }

        if (!inside)
          {
            current = -1;
            continue;
          }

        current = bucket;
        sum += values[i];
        min = MIN (min, values[i]);
        max = MAX (max, values[i]);
        count++;
      }

    g_assert_cmpuint (windows->len, ==, n_expected);
    g_assert_cmpuint (n_expected, ==, 6);
  }

  /* The first window starts before "from": InfluxDB labels it the same. */
  g_assert_cmpint (g_array_index (windows, ImAggregate, 0).time_ns, <, from);
  g_assert_cmpuint (g_array_index (windows, ImAggregate, 0).count, ==, 5);
}

static void
test_recent (void)
{
  g_autoptr(ImDemoStore) store = im_demo_store_new (10000);
  g_autoptr(GPtrArray) recent = NULL;
  const gint64 window = 300 * IM_NSEC_PER_SEC;

  for (guint i = 0; i < 1000; i++)
    {
      ImReading r;

      make_reading (&r, "NEW", T0 + i * IM_NSEC_PER_SEC, i);
      im_demo_store_append (store, &r, 1);
      /* A machine that stopped 2000 s earlier. */
      make_reading (&r, "OLD", T0 - 2000 * IM_NSEC_PER_SEC + i * IM_NSEC_PER_SEC, i);
      im_demo_store_append (store, &r, 1);
    }

  recent = im_demo_store_recent (store, window);
  g_assert_cmpuint (recent->len, ==, 2);
  for (guint m = 0; m < recent->len; m++)
    {
      ImMachineReadings *machine = g_ptr_array_index (recent, m);
      const ImReading *readings = (const ImReading *) (gpointer) machine->readings->data;
      gint64 newest = readings[machine->readings->len - 1].time_ns;

      /* Sorted by id; each one's own last window, even the stopped one. */
      g_assert_cmpstr (machine->machine_id, ==, m == 0 ? "NEW" : "OLD");
      g_assert_cmpuint (machine->readings->len, ==, 300);
      g_assert_cmpint (newest, ==, (m == 0 ? T0 : T0 - 2000 * IM_NSEC_PER_SEC) + 999 * IM_NSEC_PER_SEC);
      g_assert_cmpint (newest - readings[0].time_ns, <, window);
    }
}

static void
test_read_chunk (void)
{
  g_autoptr(ImDemoStore) store = im_demo_store_new (100000);
  ImReading chunk[777];
  gint64 cursor = T0 + 100 * IM_NSEC_PER_SEC;
  gint64 to = T0 + 9000 * IM_NSEC_PER_SEC;
  gint64 expected = cursor;
  guint64 total = 0;
  gsize n;

  for (guint i = 0; i < 10000; i++)
    {
      ImReading r;

      make_reading (&r, "M", T0 + i * IM_NSEC_PER_SEC, i);
      im_demo_store_append (store, &r, 1);
    }

  while ((n = im_demo_store_read_chunk (store, "M", &cursor, to, chunk, G_N_ELEMENTS (chunk))) > 0)
    {
      g_assert_cmpuint (n, <=, G_N_ELEMENTS (chunk));
      for (gsize i = 0; i < n; i++)
        {
          g_assert_cmpint (chunk[i].time_ns, ==, expected);
          expected += IM_NSEC_PER_SEC;
        }
      total += n;
    }

  g_assert_cmpuint (total, ==, 8900);
  g_assert_cmpint (expected, ==, to);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-store/append-and-query", test_append_and_query);
  g_test_add_func ("/demo-store/order-rules", test_order_rules);
  g_test_add_func ("/demo-store/capacity-ring", test_capacity_ring);
  g_test_add_func ("/demo-store/aggregate", test_aggregate);
  g_test_add_func ("/demo-store/recent", test_recent);
  g_test_add_func ("/demo-store/read-chunk", test_read_chunk);

  return g_test_run ();
}
