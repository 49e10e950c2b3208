/* test-kafka-overrides.c — where each -X setting goes
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-kafka.h"
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

static char *
conf_get (rd_kafka_conf_t *conf,
          const char      *key)
{
  char value[512];
  size_t size = sizeof value;

  if (rd_kafka_conf_get (conf, key, value, &size) != RD_KAFKA_CONF_OK)
    return NULL;

  return g_strdup (value);
}

/* What every consumer of the project shares, then the caller's defaults,
 * then the consumer part of the user's -X, later ones winning. */
static void
test_consumer_conf (void)
{
  const char *defaults[] = { "queued.max.messages.kbytes=8192", "auto.commit.interval.ms=500", NULL };
  const char *user[] = { "queued.max.messages.kbytes=4096", "dlq.linger.ms=50", NULL };
  g_autoptr(GError) error = NULL;
  rd_kafka_conf_t *conf;
  struct {
    const char *key, *value;
  } want[] = {
    { "bootstrap.servers", "127.0.0.1:1" },
    { "group.id", "g1" },
    { "group.instance.id", "host-1" },
    { "session.timeout.ms", "10000" },
    { "heartbeat.interval.ms", "1000" },
    { "enable.auto.offset.store", "false" },
    { "enable.auto.commit", "true" },
    { "auto.offset.reset", "smallest" },
    { "auto.commit.interval.ms", "500" },
    { "queued.max.messages.kbytes", "4096" },
    /* dlq. settings are the dead-letter producer's. */
    { "linger.ms", "5" },
  };

  conf = im_kafka_consumer_conf_new ("127.0.0.1:1", "g1", "host-1", defaults, user, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conf);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_autofree char *value = conf_get (conf, want[i].key);

      g_test_message ("%s", want[i].key);
      g_assert_cmpstr (value, ==, want[i].value);
    }
  rd_kafka_conf_destroy (conf);

  /* No instance name: no static membership. */
  conf = im_kafka_consumer_conf_new ("127.0.0.1:1", "g1", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *instance = conf_get (conf, "group.instance.id");

    g_assert_true (instance == NULL || *instance == '\0');
  }
  rd_kafka_conf_destroy (conf);

  /* A setting librdkafka does not know is an error naming it. */
  {
    const char *bad[] = { "no.such.property=1", NULL };

    conf = im_kafka_consumer_conf_new ("127.0.0.1:1", "g1", NULL, NULL, bad, &error);
    g_assert_null (conf);
    g_assert_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CONFIG);
    g_assert_nonnull (strstr (error->message, "no.such.property"));
  }
}

/* A client librdkafka refuses to make takes its configuration along
 * (ASan and valgrind see no leak) and says which client it was. */
static void
test_new_refused (void)
{
  const char *contradicting[] = { "enable.idempotence=true", "acks=1", NULL };
  g_autoptr(GError) error = NULL;
  rd_kafka_conf_t *conf;
  rd_kafka_t *rk;

  conf = im_kafka_conf_new ("127.0.0.1:1", contradicting, &error);
  g_assert_no_error (error);
  rk = im_kafka_new (RD_KAFKA_PRODUCER, conf, "the test producer", &error);
  g_assert_null (rk);
  g_assert_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, "Could not create the test producer: "));
  g_clear_error (&error);

  conf = im_kafka_conf_new ("127.0.0.1:1", NULL, &error);
  rk = im_kafka_new (RD_KAFKA_PRODUCER, conf, "the test producer", &error);
  g_assert_no_error (error);
  g_assert_nonnull (rk);
  rd_kafka_destroy (rk);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingestion/kafka-overrides/shared", test_shared);
  g_test_add_func ("/ingestion/kafka-overrides/for-client", test_for_client);
  g_test_add_func ("/ingestion/kafka-overrides/consumer-conf", test_consumer_conf);
  g_test_add_func ("/ingestion/kafka-overrides/new-refused", test_new_refused);

  return g_test_run ();
}
