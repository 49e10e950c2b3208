/* test-kafka-consume.c — the test helper that reads a whole topic
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "im-test-backend.h"
#include "im-test-kafka.h"

/* The Kafka protocol's ApiKey of FindCoordinator (not in the public
 * headers). */
#define API_KEY_FIND_COORDINATOR 10

/* A consumer group's first join can be slow: right after a broker's
 * (re)start the group coordinator is not available until
 * __consumer_offsets is created and loaded, and librdkafka asks again
 * only about once a second. im_test_kafka_consume_all() must not take
 * that wait for an empty topic: its quiet timeout counts from the
 * group's assignment. Here the coordinator is "not available" to the
 * first six FindCoordinator requests, which delays the join (about a
 * second each) well past the 3 s quiet timeout. The quiet timeout itself
 * must cover what follows an assignment — the committed offsets asked of
 * the coordinator, then the first fetch — which with 1 s it did not
 * always (0 of 10 read once on a fresh machine). */
static void
test_slow_join (void)
{
  g_autoptr(GPtrArray) messages = NULL;
  rd_kafka_mock_cluster_t *mcluster;
  rd_kafka_conf_t *conf = rd_kafka_conf_new ();
  const char *topic = "slow-join";
  const char *brokers;
  const guint n = 10;
  rd_kafka_t *rk;
  char errstr[512];
  gint64 start;

  /* The mock cluster lives in a client instance of its own. */
  rk = rd_kafka_new (RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  g_assert_nonnull (rk);
  mcluster = rd_kafka_mock_cluster_new (rk, 1);
  g_assert_nonnull (mcluster);
  brokers = rd_kafka_mock_cluster_bootstraps (mcluster);
  g_assert_cmpint (rd_kafka_mock_topic_create (mcluster, topic, 2, 1), ==,
                   RD_KAFKA_RESP_ERR_NO_ERROR);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i % 3);
      g_autofree char *value = g_strdup_printf ("value-%u", i);

      im_test_kafka_produce (brokers, topic, key, value, strlen (value));
    }

  rd_kafka_mock_push_request_errors (mcluster, API_KEY_FIND_COORDINATOR, 6,
                                     RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
                                     RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
                                     RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
                                     RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
                                     RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
                                     RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE);

  /* Ask for one more than produced: it ends on the quiet timeout. */
  start = g_get_monotonic_time ();
  messages = im_test_kafka_consume_all (brokers, topic, n + 1, 3000);
  g_test_message ("read %u messages in %.2f s", messages->len,
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (messages->len, ==, n);
  for (guint i = 0; i < messages->len; i++)
    {
      ImTestMessage *message = g_ptr_array_index (messages, i);

      g_assert_nonnull (message->key);
      g_assert_nonnull (message->value);
    }

  rd_kafka_mock_cluster_destroy (mcluster);
  rd_kafka_destroy (rk);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kafka-consume/slow-join", test_slow_join);

  return g_test_run ();
}
