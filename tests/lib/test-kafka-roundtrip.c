/* test-kafka-roundtrip.c — produce and consume through the real broker
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-reading.h"
#include "im-test-backend.h"
#include "im-test-kafka.h"
#include "im-util.h"

static void
test_round_trip (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autofree char *topic = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  gint64 now = im_now_ns ();
  const guint n = 50;

  if (backend == NULL)
    return;

  topic = im_test_unique_name ("im-test-roundtrip");
  im_test_kafka_create_topic (backend->kafka_brokers, topic, 3);

  for (guint i = 0; i < n; i++)
    {
      ImReading r;
      char *json;

      im_reading_init (&r);
      g_snprintf (r.machine_id, sizeof r.machine_id, "MACHINE_%03u", i % 5 + 1);
      g_snprintf (r.sensor_id, sizeof r.sensor_id, "%s-S1", r.machine_id);
      r.time_ns = now - (gint64) (n - i) * IM_NSEC_PER_SEC;
      r.values[IM_SENSOR_TEMPERATURE] = 50 + i * 0.1;
      r.values[IM_SENSOR_VIBRATION] = 1.0;
      r.values[IM_SENSOR_PRESSURE] = 50.0;
      r.values[IM_SENSOR_POWER] = 250.0;

      json = im_reading_to_json (&r);
      im_test_kafka_produce (backend->kafka_brokers, topic, r.machine_id, json, strlen (json));
      g_ptr_array_add (sent, json);
    }

  messages = im_test_kafka_consume_all (backend->kafka_brokers, topic, n, 20000);
  g_assert_cmpuint (messages->len, ==, n);

  for (guint i = 0; i < messages->len; i++)
    {
      ImTestMessage *m = g_ptr_array_index (messages, i);
      g_autoptr(GError) error = NULL;
      gsize len;
      const char *data = g_bytes_get_data (m->value, &len);
      gboolean found = FALSE;
      ImReading r;

      g_assert_true (im_reading_parse_json (&r, data, len, im_now_ns (), &error));
      g_assert_no_error (error);
      g_assert_cmpstr (m->key, ==, r.machine_id);

      for (guint j = 0; j < sent->len && !found; j++)
        found = strlen (g_ptr_array_index (sent, j)) == len &&
                memcmp (g_ptr_array_index (sent, j), data, len) == 0;
      g_assert_true (found);
    }

  /* One machine's readings stay in one partition, in order. */
  for (guint i = 1; i < messages->len; i++)
    {
      ImTestMessage *a = g_ptr_array_index (messages, i - 1);
      ImTestMessage *b = g_ptr_array_index (messages, i);

      if (a->partition == b->partition)
        g_assert_cmpint (a->offset, <, b->offset);
    }

  im_test_kafka_delete_topic (backend->kafka_brokers, topic);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kafka/produce-consume", test_round_trip);

  return g_test_run ();
}
