/* test-kafka-overrides.c — where each -X setting goes
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-kafka-overrides.h"

static void
test_shared (void)
{
  const char *shared[] = {
    "bootstrap.servers=a:9092", "security.protocol=SSL", "sasl.mechanism=PLAIN",
    "ssl.ca.location=/x", "socket.timeout.ms=1000", "client.id=x", "debug=all",
    "reconnect.backoff.max.ms=2000", "log_level=7",
  };
  const char *consumer_only[] = {
    "session.timeout.ms=6000", "fetch.wait.max.ms=10", "group.instance.id=x",
    "queued.max.messages.kbytes=100", "linger.ms=5",
  };

  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    if (!im_kafka_override_applies_to_producer (shared[i]))
      g_error ("%s should reach the dead-letter producer too", shared[i]);
  for (guint i = 0; i < G_N_ELEMENTS (consumer_only); i++)
    if (im_kafka_override_applies_to_producer (consumer_only[i]))
      g_error ("%s should reach the consumer only", consumer_only[i]);
}

static void
test_for_client (void)
{
  const char *defaults[] = { "a=1", "b=2", NULL };
  const char *user[] = {
    "session.timeout.ms=6000", "dlq.linger.ms=50", "security.protocol=SSL", "b=3", NULL
  };
  const char *consumer_want[] = { "a=1", "b=2", "session.timeout.ms=6000", "security.protocol=SSL", "b=3", NULL };
  const char *producer_want[] = { "a=1", "b=2", "linger.ms=50", "security.protocol=SSL", NULL };
  g_auto(GStrv) consumer = im_kafka_overrides_for_client (defaults, user, FALSE);
  g_auto(GStrv) producer = im_kafka_overrides_for_client (defaults, user, TRUE);
  g_auto(GStrv) none = im_kafka_overrides_for_client (NULL, NULL, TRUE);

  /* In order: the user's settings come after the defaults and win. */
  g_assert_cmpstrv (consumer, consumer_want);
  g_assert_cmpstrv (producer, producer_want);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingestion/kafka-overrides/shared", test_shared);
  g_test_add_func ("/ingestion/kafka-overrides/for-client", test_for_client);

  return g_test_run ();
}
