/* im-sim-producer.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <librdkafka/rdkafka.h>

#include "im-kafka.h"
#include "im-sim-producer.h"

/* Failed deliveries are each counted; the log gets the first few and
 * then one line per this many. */
#define LOG_FAILURES_FIRST 10
#define LOG_FAILURES_EVERY 10000

struct _ImSimProducer
{
  rd_kafka_t       *rk;
  rd_kafka_topic_t *rkt;
  char             *topic;
  guint64           produced;
  guint64           delivered;
  guint64           failed;
  guint64           purged;
  gboolean          connected;
  char             *disconnect_reason;
  gboolean          fatal;
  char             *fatal_reason;
};

/* Delivery is what matters: librdkafka retries for as long as it takes
 * (message.timeout.ms=0 is no timeout; idempotence keeps the order and
 * drops duplicates of retries). The queue bound is the backpressure and
 * most of the memory: 20 000 readings of about 250 bytes keep the peak
 * RSS near 25 MB (50 000: about 40 MB, for no more throughput). A linger
 * of 10 ms did better than 5 ms and no worse than 20 ms in
 * tests/bench/simulator on two cores. */
static const char * const default_settings[] = {
  "client.id=industrialmind-simulator",
  "enable.idempotence=true",
  "acks=all",
  "compression.type=lz4",
  "linger.ms=10",
  "message.timeout.ms=0",
  "queue.buffering.max.messages=20000",
  "queue.buffering.max.kbytes=16384",
  NULL
};

const char * const *
im_sim_producer_default_settings (void)
{
  return default_settings;
}

static void
delivery_cb (rd_kafka_t               *rk,
             const rd_kafka_message_t *message,
             void                     *opaque)
{
  ImSimProducer *self = opaque;

  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR)
    {
      self->delivered++;
      self->connected = TRUE;
      return;
    }

  if (message->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE ||
      message->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT)
    {
      self->purged++;
      return;
    }

  self->failed++;
  if (self->failed <= LOG_FAILURES_FIRST || self->failed % LOG_FAILURES_EVERY == 0)
    {
      char failed[24];

      g_snprintf (failed, sizeof failed, "%" G_GUINT64_FORMAT, self->failed);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                        "EVENT", "delivery-failed",
                        "TOPIC", self->topic,
                        "REASON", rd_kafka_err2str (message->err),
                        "FAILED", failed,
                        "MESSAGE", "A reading could not be delivered: %s (%s failed so far)",
                        rd_kafka_err2str (message->err), failed);
    }
}

static void
error_cb (rd_kafka_t *rk,
          int         err,
          const char *reason,
          void       *opaque)
{
  ImSimProducer *self = opaque;

  if (err == RD_KAFKA_RESP_ERR__FATAL)
    {
      char fatal[512];
      rd_kafka_resp_err_t cause = rd_kafka_fatal_error (rk, fatal, sizeof fatal);

      self->fatal = TRUE;
      g_free (self->fatal_reason);
      self->fatal_reason = g_strdup_printf ("%s: %s", rd_kafka_err2name (cause), fatal);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                        "EVENT", "kafka-fatal",
                        "MESSAGE", "Kafka producer failed: %s", self->fatal_reason);
      return;
    }

  if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
    {
      self->connected = FALSE;
      g_free (self->disconnect_reason);
      self->disconnect_reason = g_strdup (reason);
    }

  /* Transient: librdkafka retries by itself. A broker connection's
   * error is in librdkafka's own log already. */
  g_log_structured (G_LOG_DOMAIN,
                    err == RD_KAFKA_RESP_ERR__TRANSPORT ? G_LOG_LEVEL_DEBUG : G_LOG_LEVEL_WARNING,
                    "EVENT", "kafka-error",
                    "ERROR", rd_kafka_err2name (err),
                    "MESSAGE", "Kafka: %s", reason);
}

ImSimProducer *
im_sim_producer_new (const char          *brokers,
                     const char          *topic,
                     const char * const  *overrides,
                     GError             **error)
{
  g_autoptr(GPtrArray) settings = g_ptr_array_new ();
  g_autoptr(ImSimProducer) self = NULL;
  rd_kafka_conf_t *conf;

  g_return_val_if_fail (brokers != NULL, NULL);
  g_return_val_if_fail (topic != NULL, NULL);

  /* Ours first, so that the user's -X win. */
  for (guint i = 0; default_settings[i] != NULL; i++)
    g_ptr_array_add (settings, (gpointer) default_settings[i]);
  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    g_ptr_array_add (settings, (gpointer) overrides[i]);
  g_ptr_array_add (settings, NULL);

  conf = im_kafka_conf_new (brokers, (const char * const *) settings->pdata, error);
  if (conf == NULL)
    return NULL;

  self = g_new0 (ImSimProducer, 1);
  self->topic = g_strdup (topic);
  self->connected = TRUE;
  rd_kafka_conf_set_opaque (conf, self);
  rd_kafka_conf_set_dr_msg_cb (conf, delivery_cb);
  rd_kafka_conf_set_error_cb (conf, error_cb);

  self->rk = im_kafka_new (RD_KAFKA_PRODUCER, conf, "the Kafka producer", error);
  if (self->rk == NULL)
    return NULL;

  self->rkt = rd_kafka_topic_new (self->rk, topic, NULL);
  if (self->rkt == NULL)
    {
      g_set_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CREATE,
                   "Kafka topic %s: %s", topic, rd_kafka_err2str (rd_kafka_last_error ()));
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
im_sim_producer_free (ImSimProducer *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->rkt, rd_kafka_topic_destroy);
  /* Flush or purge before: what is still queued is dropped here. */
  g_clear_pointer (&self->rk, rd_kafka_destroy);
  g_free (self->topic);
  g_free (self->disconnect_reason);
  g_free (self->fatal_reason);
  g_free (self);
}

ImSimSendResult
im_sim_producer_send (ImSimProducer  *self,
                      const char     *key,
                      gsize           key_len,
                      const char     *value,
                      gsize           value_len,
                      GError        **error)
{
  rd_kafka_resp_err_t err;

  g_return_val_if_fail (self != NULL, IM_SIM_SEND_ERROR);

  err = rd_kafka_producev (self->rk,
                           RD_KAFKA_V_RKT (self->rkt),
                           RD_KAFKA_V_PARTITION (RD_KAFKA_PARTITION_UA),
                           RD_KAFKA_V_MSGFLAGS (RD_KAFKA_MSG_F_COPY),
                           RD_KAFKA_V_KEY (key, key_len),
                           RD_KAFKA_V_VALUE ((void *) value, value_len),
                           RD_KAFKA_V_END);

  switch ((int) err)
    {
    case RD_KAFKA_RESP_ERR_NO_ERROR:
      self->produced++;
      return IM_SIM_SEND_OK;

    case RD_KAFKA_RESP_ERR__QUEUE_FULL:
      return IM_SIM_SEND_QUEUE_FULL;

    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Kafka refused a reading for %s: %s", self->topic, rd_kafka_err2str (err));
      return IM_SIM_SEND_ERROR;
    }
}

int
im_sim_producer_poll (ImSimProducer *self,
                      int            timeout_ms)
{
  g_return_val_if_fail (self != NULL, 0);

  return rd_kafka_poll (self->rk, timeout_ms);
}

gboolean
im_sim_producer_flush (ImSimProducer *self,
                       int            timeout_ms)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return rd_kafka_flush (self->rk, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

guint
im_sim_producer_get_queue_length (ImSimProducer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return (guint) rd_kafka_outq_len (self->rk);
}

guint64
im_sim_producer_get_produced (ImSimProducer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->produced;
}

guint64
im_sim_producer_get_delivered (ImSimProducer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->delivered;
}

guint64
im_sim_producer_get_failed (ImSimProducer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->failed;
}

void
im_sim_producer_purge (ImSimProducer *self)
{
  g_return_if_fail (self != NULL);

  rd_kafka_purge (self->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  /* Serves the purged messages' reports. */
  rd_kafka_poll (self->rk, 0);
}

guint64
im_sim_producer_get_purged (ImSimProducer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->purged;
}

gboolean
im_sim_producer_is_connected (ImSimProducer  *self,
                              char          **reason)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->connected && reason != NULL)
    *reason = g_strdup (self->disconnect_reason ? self->disconnect_reason
                                                : "no Kafka broker reachable");

  return self->connected;
}

gboolean
im_sim_producer_get_fatal_error (ImSimProducer  *self,
                                 GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->fatal)
    g_set_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CREATE,
                 "Kafka producer failed: %s", self->fatal_reason);

  return self->fatal;
}
