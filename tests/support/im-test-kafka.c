/* im-test-kafka.c — Kafka helpers for the integration tests
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "im-kafka.h"
#include "im-test-kafka.h"

void
im_test_message_free (ImTestMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->key);
  g_clear_pointer (&message->value, g_bytes_unref);
  g_clear_pointer (&message->header_names, g_ptr_array_unref);
  g_clear_pointer (&message->header_values, g_ptr_array_unref);
  g_free (message);
}

const char *
im_test_message_get_header (ImTestMessage *message,
                            const char    *name)
{
  for (guint i = 0; i < message->header_names->len; i++)
    if (strcmp (g_ptr_array_index (message->header_names, i), name) == 0)
      return g_ptr_array_index (message->header_values, i);

  return NULL;
}

static rd_kafka_t *
new_client (const char        *brokers,
            rd_kafka_type_t    type,
            const char * const *extra)
{
  g_autoptr(GError) error = NULL;
  rd_kafka_conf_t *conf;
  rd_kafka_t *rk;
  char errstr[512];

  conf = im_kafka_conf_new (brokers, extra, &error);
  g_assert_no_error (error);

  rk = rd_kafka_new (type, conf, errstr, sizeof errstr);
  if (rk == NULL)
    g_error ("rd_kafka_new: %s", errstr);

  return rk;
}

static void
wait_admin_result (rd_kafka_queue_t       *queue,
                   rd_kafka_event_type_t   type,
                   const char             *what,
                   const char             *topic,
                   gboolean                tolerate_exists)
{
  rd_kafka_event_t *event = rd_kafka_queue_poll (queue, 30000);
  const rd_kafka_topic_result_t **results;
  size_t n = 0;

  g_assert_nonnull (event);
  g_assert_cmpint (rd_kafka_event_type (event), ==, type);

  if (rd_kafka_event_error (event))
    g_error ("%s %s: %s", what, topic, rd_kafka_event_error_string (event));

  if (type == RD_KAFKA_EVENT_CREATETOPICS_RESULT)
    results = rd_kafka_CreateTopics_result_topics (rd_kafka_event_CreateTopics_result (event), &n);
  else
    results = rd_kafka_DeleteTopics_result_topics (rd_kafka_event_DeleteTopics_result (event), &n);

  for (size_t i = 0; i < n; i++)
    {
      rd_kafka_resp_err_t err = rd_kafka_topic_result_error (results[i]);

      if (err == RD_KAFKA_RESP_ERR_NO_ERROR ||
          (tolerate_exists && err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS))
        continue;
      g_error ("%s %s: %s", what, topic, rd_kafka_topic_result_error_string (results[i]));
    }

  rd_kafka_event_destroy (event);
}

void
im_test_kafka_create_topic (const char *brokers,
                            const char *topic,
                            int         partitions)
{
  rd_kafka_t *rk = new_client (brokers, RD_KAFKA_PRODUCER, NULL);
  rd_kafka_queue_t *queue = rd_kafka_queue_new (rk);
  rd_kafka_NewTopic_t *new_topic;
  char errstr[512];
  gint64 deadline;

  new_topic = rd_kafka_NewTopic_new (topic, partitions, 1, errstr, sizeof errstr);
  g_assert_nonnull (new_topic);
  rd_kafka_CreateTopics (rk, &new_topic, 1, NULL, queue);
  wait_admin_result (queue, RD_KAFKA_EVENT_CREATETOPICS_RESULT, "create topic", topic, TRUE);
  rd_kafka_NewTopic_destroy (new_topic);

  /* Wait until metadata shows every partition with a leader. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      rd_kafka_topic_t *rkt = rd_kafka_topic_new (rk, topic, NULL);
      const struct rd_kafka_metadata *md = NULL;
      gboolean ready = FALSE;

      if (rd_kafka_metadata (rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR)
        {
          ready = md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR &&
                  md->topics[0].partition_cnt == partitions;
          for (int i = 0; ready && i < md->topics[0].partition_cnt; i++)
            ready = md->topics[0].partitions[i].leader >= 0;
          rd_kafka_metadata_destroy (md);
        }
      rd_kafka_topic_destroy (rkt);

      if (ready)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("topic %s did not become ready", topic);
      g_usleep (100 * 1000);
    }

  rd_kafka_queue_destroy (queue);
  rd_kafka_destroy (rk);
}

void
im_test_kafka_delete_topic (const char *brokers,
                            const char *topic)
{
  rd_kafka_t *rk = new_client (brokers, RD_KAFKA_PRODUCER, NULL);
  rd_kafka_queue_t *queue = rd_kafka_queue_new (rk);
  rd_kafka_DeleteTopic_t *del = rd_kafka_DeleteTopic_new (topic);

  rd_kafka_DeleteTopics (rk, &del, 1, NULL, queue);
  wait_admin_result (queue, RD_KAFKA_EVENT_DELETETOPICS_RESULT, "delete topic", topic, FALSE);

  rd_kafka_DeleteTopic_destroy (del);
  rd_kafka_queue_destroy (queue);
  rd_kafka_destroy (rk);
}

static void
dr_cb (rd_kafka_t               *rk,
       const rd_kafka_message_t *msg,
       void                     *opaque)
{
  rd_kafka_resp_err_t *result = msg->_private;

  *result = msg->err;
}

void
im_test_kafka_produce (const char *brokers,
                       const char *topic,
                       const char *key,
                       const void *value,
                       gsize       value_len)
{
  g_autoptr(GError) error = NULL;
  rd_kafka_resp_err_t result = RD_KAFKA_RESP_ERR__IN_PROGRESS;
  rd_kafka_conf_t *conf;
  rd_kafka_t *rk;
  rd_kafka_resp_err_t err;
  char errstr[512];

  conf = im_kafka_conf_new (brokers, NULL, &error);
  g_assert_no_error (error);
  rd_kafka_conf_set_dr_msg_cb (conf, dr_cb);
  rk = rd_kafka_new (RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  g_assert_nonnull (rk);

  err = rd_kafka_producev (rk,
                           RD_KAFKA_V_TOPIC (topic),
                           RD_KAFKA_V_KEY (key, key ? strlen (key) : 0),
                           RD_KAFKA_V_VALUE ((void *) value, value_len),
                           RD_KAFKA_V_MSGFLAGS (RD_KAFKA_MSG_F_COPY),
                           RD_KAFKA_V_OPAQUE (&result),
                           RD_KAFKA_V_END);
  g_assert_cmpstr (rd_kafka_err2str (err), ==, rd_kafka_err2str (RD_KAFKA_RESP_ERR_NO_ERROR));

  g_assert_cmpint (rd_kafka_flush (rk, 30000), ==, RD_KAFKA_RESP_ERR_NO_ERROR);
  g_assert_cmpstr (rd_kafka_err2str (result), ==, rd_kafka_err2str (RD_KAFKA_RESP_ERR_NO_ERROR));

  rd_kafka_destroy (rk);
}

static int
compare_messages (gconstpointer a,
                  gconstpointer b)
{
  const ImTestMessage *ma = *(ImTestMessage **) a;
  const ImTestMessage *mb = *(ImTestMessage **) b;

  if (ma->partition != mb->partition)
    return ma->partition < mb->partition ? -1 : 1;
  return ma->offset < mb->offset ? -1 : ma->offset > mb->offset;
}

/* Joining a new consumer group is several round trips to the group
 * coordinator, and right after a broker (re)start the coordinator first
 * loads __consumer_offsets: a join can take seconds on a loaded machine.
 * This bounds only a hang. */
#define CONSUME_JOIN_TIMEOUT_S 60

typedef struct
{
  gint64 assigned_at;
} ConsumeState;

static void
consume_rebalance_cb (rd_kafka_t                       *rk,
                      rd_kafka_resp_err_t               err,
                      rd_kafka_topic_partition_list_t  *partitions,
                      void                             *opaque)
{
  ConsumeState *state = opaque;

  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS)
    {
      rd_kafka_assign (rk, partitions);
      if (partitions->cnt > 0 && state->assigned_at == 0)
        state->assigned_at = g_get_monotonic_time ();
    }
  else
    {
      rd_kafka_assign (rk, NULL);
    }
}

GPtrArray *
im_test_kafka_consume_all (const char *brokers,
                           const char *topic,
                           guint       expected,
                           guint       timeout_ms)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) im_test_message_free);
  g_autofree char *group = g_strdup_printf ("im-test-reader-%d-%" G_GINT64_FORMAT,
                                            (int) getpid (), g_get_real_time ());
  g_autofree char *group_kv = g_strdup_printf ("group.id=%s", group);
  const char *extra[] = {
    group_kv,
    "auto.offset.reset=earliest",
    "enable.auto.commit=false",
    "enable.partition.eof=false",
    NULL
  };
  g_autoptr(GError) error = NULL;
  ConsumeState state = { 0 };
  rd_kafka_conf_t *conf;
  rd_kafka_t *rk;
  rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new (1);
  gint64 created_at = g_get_monotonic_time ();
  gint64 first_message = 0;
  gint64 last_message = 0;
  char errstr[512];

  conf = im_kafka_conf_new (brokers, extra, &error);
  g_assert_no_error (error);
  rd_kafka_conf_set_opaque (conf, &state);
  rd_kafka_conf_set_rebalance_cb (conf, consume_rebalance_cb);
  rk = rd_kafka_new (RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  if (rk == NULL)
    g_error ("rd_kafka_new: %s", errstr);

  rd_kafka_poll_set_consumer (rk);
  rd_kafka_topic_partition_list_add (topics, topic, RD_KAFKA_PARTITION_UA);
  g_assert_cmpint (rd_kafka_subscribe (rk, topics), ==, RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy (topics);

  /* @timeout_ms is the quiet that ends the read: it counts from the
   * group's assignment (or the last message), not from the consumer's
   * creation, so that a slow join is not mistaken for an empty topic. */
  for (;;)
    {
      rd_kafka_message_t *rkm;
      ImTestMessage *message;
      rd_kafka_headers_t *headers = NULL;
      gint64 now = g_get_monotonic_time ();

      if (expected > 0 && messages->len >= expected)
        break;
      if (state.assigned_at == 0)
        {
          if (now - created_at > (gint64) CONSUME_JOIN_TIMEOUT_S * G_USEC_PER_SEC)
            g_error ("consumer of %s got no partitions within %d s", topic,
                     CONSUME_JOIN_TIMEOUT_S);
        }
      else if (now - MAX (state.assigned_at, last_message) > (gint64) timeout_ms * 1000)
        {
          break;
        }

      rkm = rd_kafka_consumer_poll (rk, 200);
      if (rkm == NULL)
        continue;

      if (rkm->err)
        {
          g_test_message ("consumer: %s", rd_kafka_message_errstr (rkm));
          rd_kafka_message_destroy (rkm);
          continue;
        }

      last_message = g_get_monotonic_time ();
      if (first_message == 0)
        first_message = last_message;
      message = g_new0 (ImTestMessage, 1);
      message->key = rkm->key ? g_strndup (rkm->key, rkm->key_len) : NULL;
      message->value = rkm->payload ? g_bytes_new (rkm->payload, rkm->len) : NULL;
      message->partition = rkm->partition;
      message->offset = rkm->offset;
      message->header_names = g_ptr_array_new_with_free_func (g_free);
      message->header_values = g_ptr_array_new_with_free_func (g_free);

      if (rd_kafka_message_headers (rkm, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR)
        {
          const char *name;
          const void *value;
          size_t size;

          for (size_t i = 0; rd_kafka_header_get_all (headers, i, &name, &value, &size) ==
                             RD_KAFKA_RESP_ERR_NO_ERROR; i++)
            {
              g_ptr_array_add (message->header_names, g_strdup (name));
              g_ptr_array_add (message->header_values, value ? g_strndup (value, size) : NULL);
            }
        }

      g_ptr_array_add (messages, message);
      rd_kafka_message_destroy (rkm);
    }

  if (first_message > 0)
    g_test_message ("consumer of %s: partitions assigned after %.2f s, first message after "
                    "%.2f s, %u messages", topic, (state.assigned_at - created_at) / 1e6,
                    (first_message - created_at) / 1e6, messages->len);
  else
    g_test_message ("consumer of %s: partitions assigned after %.2f s, no message within "
                    "%u ms", topic, (state.assigned_at - created_at) / 1e6, timeout_ms);

  rd_kafka_consumer_close (rk);
  rd_kafka_destroy (rk);

  g_ptr_array_sort (messages, compare_messages);
  return messages;
}

gint64
im_test_kafka_committed_offset (const char *brokers,
                                const char *group,
                                const char *topic,
                                int         partition)
{
  g_autofree char *group_kv = g_strdup_printf ("group.id=%s", group);
  const char *extra[] = { group_kv, "enable.auto.commit=false", NULL };
  rd_kafka_t *rk = new_client (brokers, RD_KAFKA_CONSUMER, extra);
  rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new (1);
  rd_kafka_resp_err_t err;
  gint64 offset;

  rd_kafka_topic_partition_list_add (parts, topic, partition);
  err = rd_kafka_committed (rk, parts, 10000);
  g_assert_cmpstr (rd_kafka_err2str (err), ==, rd_kafka_err2str (RD_KAFKA_RESP_ERR_NO_ERROR));
  offset = parts->elems[0].offset;
  if (offset < 0)
    offset = -1;

  rd_kafka_topic_partition_list_destroy (parts);
  rd_kafka_destroy (rk);

  return offset;
}
