/* im-kafka-waker.c — keeps librdkafka 2.0's prefetch going while behind
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * librdkafka before 2.2 stops fetching a partition whose local queue has
 * passed queued.min.messages or queued.max.messages.kbytes, and decides
 * again only when its broker thread wakes up: on an op, on I/O, or on its
 * fixed one-second timeout. So a consumer that is behind gets at most
 * about one fetch response per partition a second, and drains a backlog
 * only as fast as its fetches are large, which costs memory
 * (fetch.queue.backoff.ms, which ends this, came in 2.2). A request to
 * the partition's leader is such a wake-up: a thread of its own asks
 * for one behind partition's watermarks every @interval_ns, round robin,
 * so the broker thread looks again and fetches as soon as the queue has
 * room. It is idle while no partition is behind (the caller says which
 * are, from librdkafka's statistics): nothing is asked of a broker while
 * the consumer keeps up. rd_kafka_query_watermark_offsets() is the call:
 * it changes no consumer state (unlike a seek or a resume, which purge
 * the prefetch), and is safe from any thread.
 */

#define G_LOG_DOMAIN "im-kafka"

#include "config.h"

#include "im-kafka-waker.h"

#define QUERY_TIMEOUT_MS 1000

struct _ImKafkaWaker
{
  rd_kafka_t *consumer;
  char *topic;
  gint64 interval_us;
  GThread *thread;

  GMutex mutex;
  GCond cond;
  gboolean stopping;        /* under mutex */
  GArray *behind;           /* of gint32, under mutex */
  guint next;               /* under mutex */
  guint64 n_wakeups;        /* under mutex */
};

static gpointer
waker_thread (gpointer data)
{
  ImKafkaWaker *self = data;
  gint64 next_at = 0;

  g_mutex_lock (&self->mutex);
  while (!self->stopping)
    {
      gint64 now;
      gint32 partition;
      int64_t low, high;

      if (self->behind->len == 0)
        {
          /* Idle until told of a partition behind. */
          g_cond_wait (&self->cond, &self->mutex);
          continue;
        }

      now = g_get_monotonic_time ();
      if (now < next_at)
        {
          g_cond_wait_until (&self->cond, &self->mutex, next_at);
          continue;
        }
      next_at = now + self->interval_us;

      self->next %= self->behind->len;
      partition = g_array_index (self->behind, gint32, self->next++);
      g_mutex_unlock (&self->mutex);

      /* Its answer does not matter, nor does a failure (a broker away
       * wakes its thread by itself when it is back). */
      rd_kafka_query_watermark_offsets (self->consumer, self->topic, partition,
                                        &low, &high, QUERY_TIMEOUT_MS);

      g_mutex_lock (&self->mutex);
      self->n_wakeups++;
    }
  g_mutex_unlock (&self->mutex);

  return NULL;
}

/**
 * im_kafka_waker_new:
 * @consumer: the consumer; it must outlive the waker
 * @topic: the topic it consumes
 * @interval_ns: the time between two wake-ups while behind
 *
 * Returns: (transfer full): a waker, idle until im_kafka_waker_set_behind()
 */
ImKafkaWaker *
im_kafka_waker_new (rd_kafka_t *consumer,
                    const char *topic,
                    gint64      interval_ns)
{
  ImKafkaWaker *self;

  g_return_val_if_fail (consumer != NULL, NULL);
  g_return_val_if_fail (topic != NULL, NULL);
  g_return_val_if_fail (interval_ns > 0, NULL);

  self = g_new0 (ImKafkaWaker, 1);
  self->consumer = consumer;
  self->topic = g_strdup (topic);
  self->interval_us = MAX (interval_ns / 1000, 1);
  self->behind = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("im-fetch-waker", waker_thread, self);

  return self;
}

/* The partitions behind now; none makes the waker idle. */
void
im_kafka_waker_set_behind (ImKafkaWaker *self,
                           const gint32 *partitions,
                           guint         n_partitions)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (partitions != NULL || n_partitions == 0);

  g_mutex_lock (&self->mutex);
  g_array_set_size (self->behind, 0);
  if (n_partitions > 0)
    g_array_append_vals (self->behind, partitions, n_partitions);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

guint64
im_kafka_waker_get_n_wakeups (ImKafkaWaker *self)
{
  guint64 n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  n = self->n_wakeups;
  g_mutex_unlock (&self->mutex);

  return n;
}

/* Stops the thread, waiting for a request in flight (at most a second). */
void
im_kafka_waker_free (ImKafkaWaker *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_thread_join (self->thread);

  g_array_unref (self->behind);
  g_free (self->topic);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}
