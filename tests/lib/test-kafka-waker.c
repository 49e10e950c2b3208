/* test-kafka-waker.c — the fetcher wake-ups against the real broker
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include "im-kafka-waker.h"
#include "im-test-backend.h"
#include "im-test-kafka.h"

typedef struct
{
  const ImTestBackend *backend;
  const char *brokers;
  char *topic;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->backend = im_test_backend_get ();
  if (f->backend == NULL)
    return;
  f->brokers = f->backend->kafka_brokers;
  f->topic = g_strdup_printf ("test-kafka-waker-%d-%s", (int) getpid (), (const char *) data);
  im_test_kafka_create_topic (f->brokers, f->topic, 1);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->topic != NULL)
    im_test_kafka_delete_topic (f->brokers, f->topic);
  g_free (f->topic);
}

/* A consumer whose prefetch is full after every single fetch: one
 * message queued stops librdkafka 2.0 from fetching the partition again
 * until its broker thread wakes up. */
static rd_kafka_t *
new_consumer (Fixture *f)
{
  const char *topic = f->topic;
  const char *settings[][2] = {
    { "bootstrap.servers", f->brokers },
    { "group.id", topic },
    { "auto.offset.reset", "earliest" },
    { "enable.auto.commit", "false" },
    { "queued.min.messages", "1" },
    { "fetch.message.max.bytes", "1" },
    { "fetch.wait.max.ms", "10" },
  };
  rd_kafka_conf_t *conf = rd_kafka_conf_new ();
  rd_kafka_topic_partition_list_t *list;
  rd_kafka_t *rk;
  char errstr[512];

  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    g_assert_cmpint (rd_kafka_conf_set (conf, settings[i][0], settings[i][1], errstr, sizeof errstr),
                     ==, RD_KAFKA_CONF_OK);
  rk = rd_kafka_new (RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  g_assert_nonnull (rk);
  rd_kafka_poll_set_consumer (rk);

  list = rd_kafka_topic_partition_list_new (1);
  rd_kafka_topic_partition_list_add (list, topic, 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  g_assert_cmpint (rd_kafka_assign (rk, list), ==, RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy (list);

  return rk;
}

/* Each message its own batch, so each fetch returns one. */
static void
fill (Fixture *f,
      guint    n)
{
  const char *topic = f->topic;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = g_strdup_printf ("value-%u", i);

      im_test_kafka_produce (f->brokers, topic, NULL, value, strlen (value));
    }
}

/* Seconds to read @n messages, or -1 when not within @timeout_s. */
static double
drain (rd_kafka_t *rk,
       guint       n,
       double      timeout_s)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) (timeout_s * G_USEC_PER_SEC);
  guint got = 0;

  while (got < n && g_get_monotonic_time () < end)
    {
      rd_kafka_message_t *m = rd_kafka_consumer_poll (rk, 50);

      if (m == NULL)
        continue;
      if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR)
        got++;
      rd_kafka_message_destroy (m);
    }

  return got == n ? (g_get_monotonic_time () - start) / 1e6 : -1;
}

/* Without wake-ups this consumer reads about one fetch a second (here,
 * 6 batches took 4.5 s in most runs; librdkafka's broker thread also
 * wakes for other reasons now and then, so that is no test). With them
 * the partition is fetched again as soon as its queue has room: 40
 * batches well within the 10 s the test gives, a quarter of what the
 * stall takes. */
static void
test_drains_with (Fixture       *f,
                  gconstpointer  data)
{
  const guint n = 40;
  const gint32 partition = 0;
  g_autoptr(ImKafkaWaker) waker = NULL;
  rd_kafka_t *rk;
  double seconds;

  if (f->backend == NULL)
    return;

  fill (f, n);
  rk = new_consumer (f);
  waker = im_kafka_waker_new (rk, f->topic, 5 * G_TIME_SPAN_MILLISECOND * 1000);
  im_kafka_waker_set_behind (waker, &partition, 1);
  seconds = drain (rk, n, 10);
  g_test_message ("%u one-message batches with wake-ups every 5 ms: %.2f s, %" G_GUINT64_FORMAT
                  " wake-ups", n, seconds, im_kafka_waker_get_n_wakeups (waker));
  g_assert_cmpfloat (seconds, >=, 0);
  g_assert_cmpuint (im_kafka_waker_get_n_wakeups (waker), >, 0);

  g_clear_pointer (&waker, im_kafka_waker_free);
  rd_kafka_consumer_close (rk);
  rd_kafka_destroy (rk);
}

/* Nothing is asked while no partition is behind, and it stops at once
 * when told so. */
static void
test_idle (Fixture       *f,
           gconstpointer  data)
{
  const gint32 partitions[] = { 0 };
  g_autoptr(ImKafkaWaker) waker = NULL;
  rd_kafka_t *rk;
  guint64 n;
  gint64 end;

  if (f->backend == NULL)
    return;

  fill (f, 1);
  rk = new_consumer (f);
  waker = im_kafka_waker_new (rk, f->topic, G_TIME_SPAN_MILLISECOND * 1000);

  /* 100 intervals without a partition behind: none. */
  g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (im_kafka_waker_get_n_wakeups (waker), ==, 0);

  im_kafka_waker_set_behind (waker, partitions, 1);
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (im_kafka_waker_get_n_wakeups (waker) < 5 && g_get_monotonic_time () < end)
    g_usleep (G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (im_kafka_waker_get_n_wakeups (waker), >=, 5);

  /* Idle again: at most the request in flight completes. */
  im_kafka_waker_set_behind (waker, NULL, 0);
  n = im_kafka_waker_get_n_wakeups (waker);
  g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (im_kafka_waker_get_n_wakeups (waker), <=, n + 1);

  g_clear_pointer (&waker, im_kafka_waker_free);
  rd_kafka_consumer_close (rk);
  rd_kafka_destroy (rk);
}

/* A broker that is not there: each request waits out its timeout, and
 * freeing the waker waits at most for the one in flight. */
static void
test_unreachable (void)
{
  const gint32 partition = 0;
  g_autoptr(ImKafkaWaker) waker = NULL;
  rd_kafka_conf_t *conf = rd_kafka_conf_new ();
  rd_kafka_t *rk;
  char errstr[512];
  gint64 end, start;

  g_assert_cmpint (rd_kafka_conf_set (conf, "bootstrap.servers", "127.0.0.1:1", errstr, sizeof errstr),
                   ==, RD_KAFKA_CONF_OK);
  g_assert_cmpint (rd_kafka_conf_set (conf, "group.id", "unreachable", errstr, sizeof errstr),
                   ==, RD_KAFKA_CONF_OK);
  g_assert_cmpint (rd_kafka_conf_set (conf, "log_level", "0", errstr, sizeof errstr),
                   ==, RD_KAFKA_CONF_OK);
  rk = rd_kafka_new (RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  g_assert_nonnull (rk);

  waker = im_kafka_waker_new (rk, "nowhere", G_TIME_SPAN_MILLISECOND * 1000);
  im_kafka_waker_set_behind (waker, &partition, 1);
  /* The first request has been made and has failed. */
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (im_kafka_waker_get_n_wakeups (waker) < 1 && g_get_monotonic_time () < end)
    g_usleep (10 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (im_kafka_waker_get_n_wakeups (waker), >=, 1);

  start = g_get_monotonic_time ();
  g_clear_pointer (&waker, im_kafka_waker_free);
  g_test_message ("freed in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);

  rd_kafka_destroy (rk);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kafka-waker/drains-with", Fixture, "drains", fixture_set_up, test_drains_with, fixture_tear_down);
  g_test_add ("/kafka-waker/idle", Fixture, "idle", fixture_set_up, test_idle, fixture_tear_down);

  g_test_add_func ("/kafka-waker/unreachable", test_unreachable);

  return g_test_run ();
}
