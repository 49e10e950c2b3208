/* im-dlq.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-backoff.h"
#include "im-dlq.h"
#include "im-kafka-source.h"
#include "im-kafka.h"

typedef struct
{
  ImDlq  *dlq;
  gint32  partition;
  gint64  offset;
  guint   generation;
  GBytes *key;          /* NULL for a NULL key */
  GBytes *value;        /* NULL for a NULL value */
  char   *source_topic;
  char   *reason_code;
  char   *reason;
} Entry;

struct _ImDlq
{
  rd_kafka_t     *producer;
  char           *topic;
  ImDlqAckFunc    ack_func;
  ImDlqErrorFunc  error_func;
  gpointer        user_data;

  guint           n_pending;
  guint           n_acked_in_poll;
  GQueue          retry;     /* Entry*, to be sent again */
  ImBackoff       backoff;
  guint           retry_source;
  gboolean        healthy;
  gboolean        closing;
  char           *last_error;
};

static void
entry_free (Entry *entry)
{
  g_clear_pointer (&entry->key, g_bytes_unref);
  g_clear_pointer (&entry->value, g_bytes_unref);
  g_free (entry->source_topic);
  g_free (entry->reason_code);
  g_free (entry->reason);
  g_free (entry);
}

static void schedule_retry (ImDlq      *self,
                            Entry      *entry,
                            const char *why);

static const void *
bytes_data (GBytes *bytes,
            gsize  *len)
{
  const void *data;

  if (bytes == NULL)
    {
      *len = 0;
      return NULL;
    }

  data = g_bytes_get_data (bytes, len);

  /* An empty value is not a NULL value (tombstone). */
  return data != NULL ? data : "";
}

static void
produce (ImDlq *self,
         Entry *entry)
{
  rd_kafka_headers_t *headers = rd_kafka_headers_new (5);
  char partition[16];
  char offset[32];
  const void *key;
  const void *value;
  gsize key_len;
  gsize value_len;
  rd_kafka_resp_err_t err;

  g_snprintf (partition, sizeof partition, "%d", (int) entry->partition);
  g_snprintf (offset, sizeof offset, "%" G_GINT64_FORMAT, entry->offset);

  rd_kafka_header_add (headers, IM_DLQ_HEADER_REASON, -1, entry->reason, -1);
  rd_kafka_header_add (headers, IM_DLQ_HEADER_REASON_CODE, -1, entry->reason_code, -1);
  rd_kafka_header_add (headers, IM_DLQ_HEADER_SOURCE_TOPIC, -1, entry->source_topic, -1);
  rd_kafka_header_add (headers, IM_DLQ_HEADER_SOURCE_PARTITION, -1, partition, -1);
  rd_kafka_header_add (headers, IM_DLQ_HEADER_SOURCE_OFFSET, -1, offset, -1);

  key = bytes_data (entry->key, &key_len);
  value = bytes_data (entry->value, &value_len);

  err = rd_kafka_producev (self->producer,
                           RD_KAFKA_V_TOPIC (self->topic),
                           RD_KAFKA_V_MSGFLAGS (RD_KAFKA_MSG_F_COPY),
                           RD_KAFKA_V_KEY (key, key_len),
                           RD_KAFKA_V_VALUE ((void *) value, value_len),
                           RD_KAFKA_V_HEADERS (headers),
                           RD_KAFKA_V_OPAQUE (entry),
                           RD_KAFKA_V_END);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    {
      rd_kafka_headers_destroy (headers);
      schedule_retry (self, entry, rd_kafka_err2str (err));
    }
}

static gboolean
retry_cb (gpointer data)
{
  ImDlq *self = data;
  GQueue queue = G_QUEUE_INIT;
  Entry *entry;

  self->retry_source = 0;

  /* One line per round, not one per message. */
  if (self->error_func != NULL && self->last_error != NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf ("%u dead letters to %s failed (%s); sending them again",
                                 g_queue_get_length (&self->retry), self->topic, self->last_error);
      self->error_func (message, self->user_data);
    }

  /* produce() may queue an entry again. */
  queue = self->retry;
  g_queue_init (&self->retry);

  while ((entry = g_queue_pop_head (&queue)))
    produce (self, entry);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (ImDlq      *self,
                Entry      *entry,
                const char *why)
{
  self->healthy = FALSE;
  g_free (self->last_error);
  self->last_error = g_strdup (why);

  g_queue_push_tail (&self->retry, entry);

  if (self->retry_source == 0)
    {
      gint64 delay_ns = im_backoff_next (&self->backoff);

      self->retry_source = g_timeout_add (MAX (1, delay_ns / G_GINT64_CONSTANT (1000000)),
                                          retry_cb, self);
    }
}

static void
delivery_report_cb (rd_kafka_t                *rk,
                    const rd_kafka_message_t  *message,
                    void                      *opaque)
{
  ImDlq *self = opaque;
  Entry *entry = message->_private;

  if (entry == NULL)
    return;

  if (self->closing)
    {
      entry_free (entry);
      return;
    }

  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR)
    {
      schedule_retry (self, entry, rd_kafka_err2str (message->err));
      return;
    }

  im_backoff_reset (&self->backoff);
  if (g_queue_is_empty (&self->retry))
    self->healthy = TRUE;

  g_assert (self->n_pending > 0);
  self->n_pending--;
  self->n_acked_in_poll++;

  if (self->ack_func != NULL)
    self->ack_func (entry->partition, entry->offset, entry->generation, self->user_data);

  entry_free (entry);
}

ImDlq *
im_dlq_new (rd_kafka_conf_t  *conf,
            const char       *topic,
            ImDlqAckFunc      ack_func,
            ImDlqErrorFunc    error_func,
            gpointer          user_data,
            GError          **error)
{
  ImDlq *self;

  g_return_val_if_fail (conf != NULL, NULL);
  g_return_val_if_fail (topic != NULL && *topic != '\0', NULL);

  self = g_new0 (ImDlq, 1);
  self->topic = g_strdup (topic);
  self->ack_func = ack_func;
  self->error_func = error_func;
  self->user_data = user_data;
  self->healthy = TRUE;
  g_queue_init (&self->retry);
  im_backoff_init (&self->backoff, IM_BACKOFF_DEFAULT_BASE_NS, IM_BACKOFF_DEFAULT_CAP_NS, NULL, NULL);

  rd_kafka_conf_set_dr_msg_cb (conf, delivery_report_cb);
  rd_kafka_conf_set_opaque (conf, self);

  self->producer = im_kafka_new (RD_KAFKA_PRODUCER, conf, "the dead-letter producer", error);
  if (self->producer == NULL)
    {
      im_dlq_free (self);
      return NULL;
    }

  return self;
}

void
im_dlq_free (ImDlq *self)
{
  Entry *entry;

  if (self == NULL)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (self->producer != NULL)
    {
      /* Outstanding messages are purged; their delivery reports come
       * with an error and are dropped here: their offsets stay
       * uncommitted, so they are read and dead-lettered again. */
      self->closing = TRUE;
      rd_kafka_purge (self->producer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      /* Reports of purged messages free their entries. */
      for (guint i = 0; i < 50 && rd_kafka_outq_len (self->producer) > 0; i++)
        rd_kafka_poll (self->producer, 100);
      rd_kafka_destroy (self->producer);
    }

  while ((entry = g_queue_pop_head (&self->retry)))
    entry_free (entry);

  g_free (self->last_error);
  g_free (self->topic);
  g_free (self);
}

const char *
im_dlq_get_topic (ImDlq *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->topic;
}

void
im_dlq_send (ImDlq      *self,
             const char *source_topic,
             gint32      partition,
             gint64      offset,
             guint       generation,
             const void *key,
             gssize      key_len,
             const void *value,
             gssize      value_len,
             const char *reason_code,
             const char *reason)
{
  Entry *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (source_topic != NULL);
  g_return_if_fail (reason_code != NULL);
  g_return_if_fail (reason != NULL);

  entry = g_new0 (Entry, 1);
  entry->dlq = self;
  entry->partition = partition;
  entry->offset = offset;
  entry->generation = generation;
  if (key != NULL && key_len >= 0)
    entry->key = g_bytes_new (key, key_len);
  if (value != NULL && value_len >= 0)
    entry->value = g_bytes_new (value, value_len);
  entry->source_topic = g_strdup (source_topic);
  entry->reason_code = g_strdup (reason_code);
  entry->reason = g_strdup (reason);

  self->n_pending++;
  produce (self, entry);
}

guint
im_dlq_poll (ImDlq *self)
{
  guint acked;

  g_return_val_if_fail (self != NULL, 0);

  self->n_acked_in_poll = 0;
  rd_kafka_poll (self->producer, 0);
  acked = self->n_acked_in_poll;
  self->n_acked_in_poll = 0;

  return acked;
}

guint
im_dlq_get_n_pending (ImDlq *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_pending;
}

gboolean
im_dlq_flush (ImDlq *self,
              guint  timeout_ms)
{
  gint64 deadline;

  g_return_val_if_fail (self != NULL, FALSE);

  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (self->n_pending > 0)
    {
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;

      if (left_ms <= 0)
        break;

      if (!g_queue_is_empty (&self->retry))
        {
          g_clear_handle_id (&self->retry_source, g_source_remove);
          retry_cb (self);
        }

      rd_kafka_flush (self->producer, MIN (left_ms, 100));
    }

  return self->n_pending == 0;
}

gboolean
im_dlq_is_healthy (ImDlq *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->healthy;
}

GSource *
im_dlq_create_source (ImDlq   *self,
                      GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  return im_kafka_queue_source_new (rd_kafka_queue_get_main (self->producer), error);
}
