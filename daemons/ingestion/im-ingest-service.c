/* im-ingest-service.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The consumer driver: Kafka → validation → batches → InfluxDB, with the
 * offsets that may be committed tracked per partition.
 *
 * Threads. The consumer runs on the GLib main loop, not in a thread of its
 * own: librdkafka signals its consumer queue through
 * rd_kafka_queue_io_event_enable() on a non-blocking pipe (a GSource), and
 * a 100 ms timer polls as well, because the pipe only fires when the queue
 * turns non-empty and max.poll.interval.ms must not lapse in quiet or
 * paused periods. All consumer state (batcher, offset tracker, pause
 * state, rebalances, the dead-letter producer's delivery reports) lives on
 * that one thread, so none of it needs a lock, and rebalance callbacks —
 * which librdkafka calls from inside rd_kafka_consumer_poll() — see it
 * consistent. The only blocking work, the libcurl writes to InfluxDB and
 * their backoff waits, runs in ImWriter's worker threads, one batch each,
 * at most --write-concurrency at once; results come back to the main
 * context.
 *
 * Backpressure. Steady state: while every writer slot is busy and the
 * next batch is full, messages are left in librdkafka's queue (bounded by
 * queued.max.messages.kbytes) and the consumer is not polled; writes take
 * far less than max.poll.interval.ms. When InfluxDB fails (the writer
 * reports unhealthy), or the writer stays behind for longer than
 * BEHIND_PAUSE_NS, all assigned partitions are paused and the consumer is
 * polled as usual, which keeps the group membership alive; they are
 * resumed when a write succeeds. Pausing drops librdkafka's prefetched
 * messages, and resuming fetches again from the position after the last
 * message handed to us: every handed-over message is kept in a batch, so
 * none is skipped.
 *
 * Offsets. enable.auto.offset.store=false; a message is done when the
 * write of its batch succeeded or its dead-letter delivery was
 * acknowledged, and ImOffsetTracker gives the offset each partition may
 * advance to (just below its lowest offset in flight), which is stored
 * with rd_kafka_offsets_store() and auto-committed every second. On
 * revocation, on shutdown and when closing, stored offsets are committed
 * synchronously.
 *
 * Rebalance protocol: eager (range,roundrobin). On revocation everything
 * is given up at once: the dead-letter producer is flushed briefly (so
 * finished dead letters still count), done offsets are committed, and the
 * batch being filled and the batches in flight are abandoned — their
 * offsets were not committed, so whoever gets the partition reads them
 * again, and writing a point twice rewrites the same point. An assignment
 * generation, bumped on every rebalance, keeps late results of abandoned
 * batches out of the new assignment's offsets. Cooperative rebalancing
 * would let unaffected partitions keep flowing, but its incremental
 * assign/unassign bookkeeping buys little with a handful of instances on
 * a few partitions, and eager keeps the "everything revoked" invariant
 * simple to reason about. A lost assignment (the session expired: the
 * broker was away, or this process stopped, for longer than
 * session.timeout.ms) is given up the same way but commits nothing: the
 * group no longer knows the member.
 *
 * Membership. session.timeout.ms is 10 s, not librdkafka's 45 s: that is
 * how long a killed instance's partitions stay unread. With
 * --instance-name the instance is a static member (KIP-345,
 * group.instance.id): restarted under the same name it takes its
 * partitions back at once, without a rebalance, and one killed before it
 * was assigned leaves no member behind. A static member does not leave
 * the group on SIGTERM either: its partitions wait for it (or for the
 * session timeout) instead of moving twice during a restart.
 *
 * Health (/healthz) is 503, with the reason, when: Kafka is unreachable
 * (no broker connection up in librdkafka's statistics, every second, or
 * an "all brokers down" error); no partition has been assigned for 3 s;
 * a write to InfluxDB has been waiting for an answer for 5 s (a hung
 * server; the request itself is only given up after 30 s without a byte
 * of progress, so a process that was stopped does not mistake an answer
 * waiting in its socket for a timeout); writes fail; dead letters fail.
 */

#include "config.h"

#include <string.h>

#include "im-batch.h"
#include "im-consumer-health.h"
#include "im-dlq.h"
#include "im-influx-client.h"
#include "im-ingest-metrics.h"
#include "im-ingest-service.h"
#include "im-kafka-overrides.h"
#include "im-kafka-stats.h"
#include "im-kafka-source.h"
#include "im-kafka.h"
#include "im-kafka-waker.h"
#include "im-offset-tracker.h"
#include "im-reading.h"
#include "im-util.h"
#include "im-writer.h"

#define POLL_INTERVAL_MS      100
#define MAX_MESSAGES_PER_PUMP 2000
#define BEHIND_PAUSE_NS       (5 * G_GINT64_CONSTANT (1000000000))
#define PING_INTERVAL_S       5
#define REVOKE_DLQ_FLUSH_MS   2000
#define INVALID_LOGS_PER_SEC  20
/* A request making no progress (less than a byte a second) that long is
 * given up and retried. */
#define WRITE_STALL_TIMEOUT_MS 30000

struct _ImIngestService
{
  GObject                    parent_instance;

  const ImIngestOptions     *options;
  ImIngestMetrics            m;
  gboolean                   have_metrics;

  rd_kafka_t                *consumer;
  ImKafkaWaker              *waker;          /* (nullable): --fetch-wakeup 0 */
  ImDlq                     *dlq;
  ImInfluxClient            *client;
  ImWriter                  *writer;
  ImBatcher                 *batcher;
  ImOffsetTracker           *tracker;
  GCancellable              *cancellable;

  GSource                   *consumer_source;
  GSource                   *dlq_source;
  guint                      poll_timer;
  guint                      flush_timer;
  gint64                     flush_timer_deadline;
  guint                      ping_timer;
  guint                      pump_idle;
  guint                      shutdown_timer;

  guint                      generation;
  gboolean                   paused;
  gint64                     blocked_since;
  gboolean                   started;
  guint                      n_assigned;
  gint64                     unassigned_since;   /* monotonic ns, 0 while assigned */
  gboolean                   kafka_reachable;
  char                      *group_state;        /* librdkafka's cgrp state */
  char                      *fatal_error;

  gboolean                   writer_healthy;
  gboolean                   writer_alarm;
  gboolean                   influx_reachable;
  gboolean                   ping_in_flight;
  gint64                     last_influx_ok;

  gboolean                   shutting_down;
  gboolean                   closed;
  gint64                     shutdown_deadline;
  GTask                     *shutdown_task;
  GSource                   *shutdown_cancel_source;

  gint64                     log_second;
  guint                      logged_in_second;
  guint                      suppressed_logs;

  ImIngestStats              stats;
};

G_DEFINE_FINAL_TYPE (ImIngestService, im_ingest_service, G_TYPE_OBJECT)

static void pump          (ImIngestService *self);
static void update_pause  (ImIngestService *self);
static void check_closed  (ImIngestService *self);

/* Logging helpers: structured fields become JSON members. */

static char *
partition_list_to_string (const rd_kafka_topic_partition_list_t *list)
{
  GString *str = g_string_new (NULL);

  for (int i = 0; list != NULL && i < list->cnt; i++)
    g_string_append_printf (str, "%s%d", i > 0 ? "," : "", (int) list->elems[i].partition);

  return g_string_free (str, FALSE);
}

/* Health, read by the metrics server (on the main context too). */

gboolean
im_ingest_service_check_health (gpointer   data,
                                char     **reason)
{
  ImIngestService *self = data;
  ImConsumerHealth health;

  g_return_val_if_fail (IM_IS_INGEST_SERVICE (self), FALSE);

  health.shutting_down = self->shutting_down;
  health.fatal_error = self->fatal_error;
  health.kafka_reachable = self->kafka_reachable;
  health.n_assigned = self->n_assigned;
  health.unassigned_for_ns = self->n_assigned > 0 ? 0 : g_get_monotonic_time () * 1000 - self->unassigned_since;
  health.group_state = self->group_state;
  health.request_age_ns = im_writer_get_request_age (self->writer);
  health.writer_healthy = self->writer_healthy;
  health.writer_alarm = self->writer_alarm;
  health.influx_reachable = self->influx_reachable;
  health.deliveries_healthy = im_dlq_is_healthy (self->dlq);
  health.deliveries = "dead-letter deliveries";

  return im_consumer_health_check (&health, reason);
}

void
im_ingest_service_get_stats (ImIngestService *self,
                             ImIngestStats   *stats)
{
  g_return_if_fail (IM_IS_INGEST_SERVICE (self));
  g_return_if_fail (stats != NULL);

  *stats = self->stats;
  stats->n_assigned = self->n_assigned;
  stats->n_in_flight = im_offset_tracker_get_n_in_flight (self->tracker);
  stats->paused = self->paused;
}

/* Offsets */

static void
store_offsets (ImIngestService *self)
{
  if (self->consumer == NULL)
    return;

  im_kafka_store_offsets (self->consumer, self->options->topic, self->tracker);
  if (self->have_metrics)
    im_metric_set (self->m.in_flight, im_offset_tracker_get_n_in_flight (self->tracker));
}

static void
commit_sync (ImIngestService *self,
             const char      *why)
{
  if (self->consumer == NULL)
    return;

  store_offsets (self);
  im_kafka_commit_sync (self->consumer, why);
}

/* Dead letters */

static void
dead_letter (ImIngestService *self,
             gint32           partition,
             gint64           offset,
             guint            generation,
             const void      *key,
             gssize           key_len,
             const void      *value,
             gssize           value_len,
             const char      *reason_code,
             const char      *reason)
{
  gint64 second = g_get_monotonic_time () / G_USEC_PER_SEC;

  self->stats.invalid++;
  if (self->have_metrics)
    im_metric_add (im_metric_with_label (self->m.invalid, "reason", reason_code), 1);

  /* One log line per invalid message, but not a flood of them. */
  if (second != self->log_second)
    {
      if (self->suppressed_logs > 0)
        g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                          "EVENT", "invalid-suppressed",
                          "MESSAGE", "%u more invalid messages dead-lettered without a log line",
                          self->suppressed_logs);
      self->log_second = second;
      self->logged_in_second = 0;
      self->suppressed_logs = 0;
    }

  if (self->logged_in_second++ < INVALID_LOGS_PER_SEC)
    {
      char partition_str[16];
      char offset_str[32];

      g_snprintf (partition_str, sizeof partition_str, "%d", (int) partition);
      g_snprintf (offset_str, sizeof offset_str, "%" G_GINT64_FORMAT, offset);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                        "EVENT", "invalid",
                        "REASON", reason_code,
                        "TOPIC", self->options->topic,
                        "PARTITION", partition_str,
                        "OFFSET", offset_str,
                        "MESSAGE", "Invalid message dead-lettered: %s", reason);
    }
  else
    self->suppressed_logs++;

  im_dlq_send (self->dlq, self->options->topic, partition, offset, generation,
               key, key_len, value, value_len, reason_code, reason);
}

static void
dlq_ack_cb (gint32   partition,
            gint64   offset,
            guint    generation,
            gpointer user_data)
{
  ImIngestService *self = user_data;

  self->stats.dead_lettered++;
  if (self->have_metrics)
    im_metric_add (self->m.dead_lettered, 1);

  if (generation == self->generation)
    im_offset_tracker_done (self->tracker, partition, offset);
}

static void
dlq_error_cb (const char *message,
              gpointer    user_data)
{
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                    "EVENT", "dlq-failed",
                    "MESSAGE", "%s", message);
}

static gboolean
dlq_ready_cb (gpointer user_data)
{
  ImIngestService *self = user_data;

  if (im_dlq_poll (self->dlq) > 0)
    {
      store_offsets (self);
      if (self->shutting_down)
        check_closed (self);
    }

  return G_SOURCE_CONTINUE;
}

/* Writing */

static gboolean
flush_timer_cb (gpointer user_data)
{
  ImIngestService *self = user_data;

  self->flush_timer = 0;
  self->flush_timer_deadline = 0;
  pump (self);

  return G_SOURCE_REMOVE;
}

/* Hands the batch being filled to the writer when it is due and a writer
 * slot is free; keeps a timer for when it will be due. */
static void
flush_if_due (ImIngestService *self,
              gboolean         force)
{
  gint64 now = g_get_monotonic_time () * 1000;
  gint64 deadline;

  if (im_batcher_get_n_points (self->batcher) > 0 &&
      (force || im_batcher_is_due (self->batcher, now)) &&
      im_writer_can_accept (self->writer))
    {
      ImBatch *batch = im_batcher_take (self->batcher);

      im_batch_set_generation (batch, self->generation);
      self->stats.batches++;
      if (self->have_metrics)
        im_metric_add (self->m.batches, 1);
      g_debug ("Writing batch %" G_GUINT64_FORMAT " of %u points",
               im_batch_get_id (batch), im_batch_get_n_points (batch));
      im_writer_submit (self->writer, batch);
    }

  deadline = im_batcher_get_deadline (self->batcher);
  if (deadline == G_MAXINT64 || self->shutting_down)
    {
      g_clear_handle_id (&self->flush_timer, g_source_remove);
      self->flush_timer_deadline = 0;
    }
  else if (self->flush_timer == 0 || self->flush_timer_deadline != deadline)
    {
      gint64 delay_ms = MAX (0, (deadline - now + 999999) / 1000000);

      g_clear_handle_id (&self->flush_timer, g_source_remove);
      self->flush_timer_deadline = deadline;
      self->flush_timer = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms,
                                              flush_timer_cb, self, NULL);
    }
}

static void
writer_done_cb (ImWriteResult *result,
                gpointer       user_data)
{
  ImIngestService *self = user_data;
  ImBatch *batch = result->batch;
  guint n = im_batch_get_n_points (batch);
  gboolean current = im_batch_get_generation (batch) == self->generation;

  self->stats.written += result->n_written;

  if (result->n_written > 0)
    {
      self->influx_reachable = TRUE;
      self->last_influx_ok = g_get_monotonic_time ();
    }

  for (guint i = 0; i < n; i++)
    {
      const ImBatchPoint *point = im_batch_get_point (batch, i);

      switch ((ImPointStatus) result->status[i])
        {
        case IM_POINT_WRITTEN:
          if (current)
            im_offset_tracker_done (self->tracker, point->partition, point->offset);
          break;

        case IM_POINT_REJECTED:
          {
            const guint8 *key;
            const guint8 *value;
            gssize key_len;
            gssize value_len;

            key = im_batch_get_key (batch, i, &key_len);
            value = im_batch_get_value (batch, i, &value_len);
            dead_letter (self, point->partition, point->offset, im_batch_get_generation (batch),
                         key, key_len, value, value_len,
                         IM_DLQ_REASON_INFLUXDB_REJECTED, result->reasons[i]);
          }
          break;

        case IM_POINT_PENDING:
        default:
          break;
        }
    }

  if (result->abandoned)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                      "EVENT", "batch-abandoned",
                      "MESSAGE", "Batch %" G_GUINT64_FORMAT " abandoned with %u of %u points unwritten; "
                      "their offsets stay uncommitted",
                      im_batch_get_id (batch), n - result->n_written - result->n_rejected, n);
  else if (!current)
    g_debug ("Batch %" G_GUINT64_FORMAT " finished after its partitions were revoked",
             im_batch_get_id (batch));

  store_offsets (self);

  if (self->shutting_down)
    check_closed (self);
  else
    pump (self);
}

static void
writer_state_cb (gboolean    healthy,
                 const char *message,
                 gboolean    alarm,
                 gpointer    user_data)
{
  ImIngestService *self = user_data;

  self->writer_healthy = healthy;
  self->writer_alarm = !healthy && alarm;

  if (healthy)
    {
      self->influx_reachable = TRUE;
      self->last_influx_ok = g_get_monotonic_time ();
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                        "EVENT", "influxdb-recovered",
                        "MESSAGE", "InfluxDB writes succeed again");
    }
  else
    {
      self->influx_reachable = FALSE;
      g_log_structured (G_LOG_DOMAIN, alarm ? G_LOG_LEVEL_CRITICAL : G_LOG_LEVEL_WARNING,
                        "EVENT", alarm ? "influxdb-alarm" : "influxdb-failing",
                        "MESSAGE", "InfluxDB write failed, retrying with backoff%s: %s",
                        alarm ? " (needs attention)" : "", message ? message : "");
    }

  update_pause (self);
  if (healthy && !self->shutting_down)
    pump (self);
}

/* Pausing */

static void
set_paused (ImIngestService *self,
            gboolean         paused,
            const char      *why)
{
  rd_kafka_topic_partition_list_t *assignment = NULL;
  rd_kafka_resp_err_t err;

  if (paused == self->paused)
    return;

  self->paused = paused;
  if (self->have_metrics)
    im_metric_set (self->m.paused, paused ? 1 : 0);
  if (paused && self->waker != NULL)
    im_kafka_waker_set_behind (self->waker, NULL, 0);

  if (rd_kafka_assignment (self->consumer, &assignment) != RD_KAFKA_RESP_ERR_NO_ERROR)
    return;

  if (assignment->cnt > 0)
    {
      err = paused ? rd_kafka_pause_partitions (self->consumer, assignment)
                   : rd_kafka_resume_partitions (self->consumer, assignment);
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        g_warning ("Could not %s partitions: %s", paused ? "pause" : "resume", rd_kafka_err2str (err));
    }

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", paused ? "paused" : "resumed",
                    "MESSAGE", "%s %d partitions: %s", paused ? "Paused" : "Resumed",
                    assignment->cnt, why);

  rd_kafka_topic_partition_list_destroy (assignment);
}

static void
update_pause (ImIngestService *self)
{
  gint64 now = g_get_monotonic_time () * 1000;

  if (self->consumer == NULL || self->closed)
    return;

  if (self->shutting_down)
    set_paused (self, TRUE, "shutting down");
  else if (!self->writer_healthy)
    set_paused (self, TRUE, "InfluxDB writes failing");
  else if (self->blocked_since != 0 && now - self->blocked_since > BEHIND_PAUSE_NS)
    set_paused (self, TRUE, "writer behind");
  else if (self->blocked_since == 0)
    set_paused (self, FALSE, "writes succeed");
}

/* Consuming */

static void
handle_message (ImIngestService    *self,
                rd_kafka_message_t *message)
{
  g_autoptr(GError) error = NULL;
  ImReading reading;
  const char *payload;
  gsize len;

  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR)
    {
      /* Until the statistics show a broker up again. */
      if (message->err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
        self->kafka_reachable = FALSE;
      /* E.g. another instance runs under the same --instance-name: this
       * consumer is fenced and will not consume again. */
      if (message->err == RD_KAFKA_RESP_ERR__FATAL && self->fatal_error == NULL)
        {
          char errstr[512];

          rd_kafka_fatal_error (self->consumer, errstr, sizeof errstr);
          self->fatal_error = g_strdup (errstr);
          g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL,
                            "EVENT", "kafka-fatal",
                            "MESSAGE", "Kafka consumer failed for good, restart needed: %s", errstr);
        }
      if (message->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
        g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                          "EVENT", "consumer-error",
                          "MESSAGE", "Consumer error: %s", rd_kafka_message_errstr (message));
      return;
    }

  self->stats.consumed++;
  if (self->have_metrics)
    im_metric_add (self->m.consumed, 1);

  im_offset_tracker_add (self->tracker, message->partition, message->offset);

  payload = message->payload != NULL ? message->payload : "";
  len = message->payload != NULL ? message->len : 0;

  if (!im_reading_parse_json (&reading, payload, len, im_now_ns (), &error))
    {
      const char *code = "invalid";

      if (error->domain == IM_READING_ERROR)
        code = im_reading_error_reason ((ImReadingError) error->code);

      dead_letter (self, message->partition, message->offset, self->generation,
                   message->key, message->key != NULL ? (gssize) message->key_len : -1,
                   message->payload, message->payload != NULL ? (gssize) message->len : -1,
                   code, error->message);
      return;
    }

  if (!im_batcher_add (self->batcher, &reading, message->partition, message->offset,
                       message->key, message->key != NULL ? (gssize) message->key_len : -1,
                       message->payload, (gssize) message->len,
                       g_get_monotonic_time () * 1000, &error))
    {
      dead_letter (self, message->partition, message->offset, self->generation,
                   message->key, message->key != NULL ? (gssize) message->key_len : -1,
                   message->payload, (gssize) message->len,
                   IM_DLQ_REASON_UNENCODABLE, error->message);
    }
}

static gboolean
has_room (ImIngestService *self)
{
  return !im_batcher_is_full (self->batcher) || im_writer_can_accept (self->writer);
}

static gboolean
pump_idle_cb (gpointer user_data)
{
  ImIngestService *self = user_data;

  self->pump_idle = 0;
  pump (self);

  return G_SOURCE_REMOVE;
}

static void
pump (ImIngestService *self)
{
  guint n = 0;

  if (!self->started || self->shutting_down || self->closed)
    return;

  for (;;)
    {
      rd_kafka_message_t *message;

      flush_if_due (self, FALSE);

      /* Paused partitions deliver nothing, but polling serves rebalances
       * and keeps max.poll.interval.ms satisfied: poll even when full. */
      if (!has_room (self))
        {
          if (self->blocked_since == 0)
            self->blocked_since = g_get_monotonic_time () * 1000;
          if (!self->paused)
            break;
        }
      else
        self->blocked_since = 0;

      if (n >= MAX_MESSAGES_PER_PUMP)
        {
          /* Let other sources run; carry on right after them. */
          if (self->pump_idle == 0)
            self->pump_idle = g_idle_add (pump_idle_cb, self);
          break;
        }

      message = rd_kafka_consumer_poll (self->consumer, 0);
      if (message == NULL)
        break;

      handle_message (self, message);
      rd_kafka_message_destroy (message);
      n++;

      if (self->shutting_down)
        break;
    }

  flush_if_due (self, FALSE);
  update_pause (self);
}

static gboolean
consumer_ready_cb (gpointer user_data)
{
  pump (user_data);

  return G_SOURCE_CONTINUE;
}

static gboolean
poll_timer_cb (gpointer user_data)
{
  ImIngestService *self = user_data;

  pump (self);
  dlq_ready_cb (self);

  return G_SOURCE_CONTINUE;
}

/* InfluxDB reachability while no batch tells */

static void
ping_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ImIngestService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  self->ping_in_flight = FALSE;
  version = im_influx_client_ping_finish (IM_INFLUX_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (version == NULL && error != NULL)
    {
      if (self->influx_reachable)
        g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                          "EVENT", "influxdb-unreachable",
                          "MESSAGE", "InfluxDB does not answer: %s", error->message);
      self->influx_reachable = FALSE;
      return;
    }

  if (!self->influx_reachable)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                        "EVENT", "influxdb-reachable",
                        "MESSAGE", "InfluxDB %s answers", version ? version : "");
      /* Back after an outage: retry once now rather than after the
       * backoff (up to 30 s); if writes still fail, backoff goes on. */
      if (!self->writer_healthy)
        im_writer_retry_now (self->writer);
    }
  self->influx_reachable = TRUE;
  self->last_influx_ok = g_get_monotonic_time ();
}

static gboolean
ping_timer_cb (gpointer user_data)
{
  ImIngestService *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (self->ping_in_flight || self->shutting_down)
    return G_SOURCE_CONTINUE;

  /* Writes in progress tell about InfluxDB already; while they fail,
   * a ping a second notices its return before their backoff does. */
  if (self->influx_reachable && now - self->last_influx_ok < PING_INTERVAL_S * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;

  self->ping_in_flight = TRUE;
  im_influx_client_ping_async (self->client, self->cancellable, ping_cb, g_object_ref (self));

  return G_SOURCE_CONTINUE;
}

/* librdkafka callbacks, called from rd_kafka_consumer_poll() */

static void
rebalance_cb (rd_kafka_t                      *rk,
              rd_kafka_resp_err_t              err,
              rd_kafka_topic_partition_list_t *partitions,
              void                            *opaque)
{
  ImIngestService *self = opaque;
  g_autofree char *list = partition_list_to_string (partitions);
  gboolean lost;

  switch ((int) err)
    {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
      self->generation++;
      self->n_assigned = partitions->cnt;
      self->unassigned_since = partitions->cnt > 0 ? 0 : g_get_monotonic_time () * 1000;
      if (self->have_metrics)
        im_metric_set (self->m.assigned, partitions->cnt);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                        "EVENT", "assigned",
                        "PARTITIONS", list,
                        "MESSAGE", "Partitions assigned: [%s]", list);
      /* Consumption starts at the committed offsets. */
      im_kafka_assign (rk, partitions, self->paused);
      break;

    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
      lost = rd_kafka_assignment_lost (rk);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                        "EVENT", lost ? "lost" : "revoked",
                        "PARTITIONS", list,
                        "MESSAGE", lost ? "Partitions lost (the group session expired): [%s]"
                                        : "Partitions revoked: [%s]", list);
      /* Dead letters close to delivery still count; unwritten batches
       * are abandoned, their offsets not committed. A lost assignment
       * (the session expired while the broker was away, or while this
       * process was stopped) can commit nothing: the group no longer
       * knows this member, and every attempt would only fail with
       * "Unknown member". Whoever gets the partitions reads from the
       * last commit, which is never past what was written. */
      if (self->waker != NULL)
        im_kafka_waker_set_behind (self->waker, NULL, 0);
      im_dlq_flush (self->dlq, REVOKE_DLQ_FLUSH_MS);
      if (!lost)
        commit_sync (self, "revocation");
      im_batcher_clear (self->batcher);
      g_clear_handle_id (&self->flush_timer, g_source_remove);
      self->flush_timer_deadline = 0;
      im_offset_tracker_clear (self->tracker);
      self->generation++;
      self->n_assigned = 0;
      self->unassigned_since = g_get_monotonic_time () * 1000;
      if (self->have_metrics)
        {
          im_metric_set (self->m.assigned, 0);
          im_metric_set (self->m.in_flight, 0);
        }
      rd_kafka_assign (rk, NULL);
      break;

    default:
      g_warning ("Rebalance failed: %s", rd_kafka_err2str (err));
      rd_kafka_assign (rk, NULL);
      break;
    }
}

/* Reachable while librdkafka has a connection up to at least one broker;
 * the statistics come every second. */
static void
set_kafka_reachable (ImIngestService *self,
                     gboolean         up)
{
  if (up != self->kafka_reachable)
    g_log_structured (G_LOG_DOMAIN, up ? G_LOG_LEVEL_MESSAGE : G_LOG_LEVEL_WARNING,
                      "EVENT", up ? "kafka-reachable" : "kafka-unreachable",
                      "MESSAGE", up ? "Kafka reachable again" : "No Kafka broker reachable");
  self->kafka_reachable = up;
}

static int
stats_cb (rd_kafka_t *rk,
          char       *json,
          size_t      json_len,
          void       *opaque)
{
  ImIngestService *self = opaque;
  g_auto(ImKafkaStats) stats = { 0 };

  if (!im_kafka_stats_parse (&stats, json, json_len, self->options->topic))
    return 0;

  if (stats.have_brokers)
    set_kafka_reachable (self, stats.broker_up);
  if (stats.group_state != NULL)
    {
      g_free (self->group_state);
      self->group_state = g_steal_pointer (&stats.group_state);
    }

  for (guint i = 0; self->have_metrics && i < stats.partitions->len; i++)
    {
      const ImKafkaPartitionStats *p = &g_array_index (stats.partitions, ImKafkaPartitionStats, i);

      if (p->committed >= 0)
        im_metric_set (im_metric_with_label (self->m.committed, "partition", p->name), p->committed);
      if (p->lag >= 0)
        im_metric_set (im_metric_with_label (self->m.lag, "partition", p->name), p->lag);
    }

  if (self->waker != NULL)
    {
      g_autoptr(GArray) behind = im_kafka_stats_get_behind (&stats, IM_KAFKA_WAKER_MIN_LAG);

      /* Paused, nothing is fetched: no wake-ups either. */
      im_kafka_waker_set_behind (self->waker, (const gint32 *) behind->data,
                                 self->paused ? 0 : behind->len);
      if (self->have_metrics)
        im_metric_set (self->m.fetch_wakeups, im_kafka_waker_get_n_wakeups (self->waker));
    }

  return 0;   /* librdkafka frees @json */
}

/* Shutdown */

static gboolean
shutdown_timeout_cb (gpointer user_data)
{
  ImIngestService *self = user_data;

  self->shutdown_timer = 0;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                    "EVENT", "shutdown-timeout",
                    "MESSAGE", "Shutdown timeout: giving up on unwritten batches (left uncommitted)");
  im_writer_cancel (self->writer);
  check_closed (self);

  return G_SOURCE_REMOVE;
}

static void
check_closed (ImIngestService *self)
{
  gint64 now = g_get_monotonic_time () * 1000;
  gboolean expired = now >= self->shutdown_deadline;
  rd_kafka_resp_err_t err;
  g_autoptr(GTask) task = NULL;

  if (!self->shutting_down || self->closed)
    return;

  /* The batch being filled goes out as soon as a writer slot is free. */
  if (!expired && im_batcher_get_n_points (self->batcher) > 0)
    {
      flush_if_due (self, TRUE);
      if (im_batcher_get_n_points (self->batcher) > 0)
        return;
    }

  if (im_writer_get_n_in_flight (self->writer) > 0)
    return;   /* writer_done_cb calls again */

  if (!expired && im_dlq_get_n_pending (self->dlq) > 0)
    {
      gint64 left_ms = (self->shutdown_deadline - now) / 1000000;

      im_dlq_flush (self->dlq, MIN (left_ms, 100));
      store_offsets (self);
      if (im_dlq_get_n_pending (self->dlq) > 0)
        return;   /* the poll timer calls again */
    }

  self->closed = TRUE;
  g_clear_handle_id (&self->shutdown_timer, g_source_remove);
  g_clear_handle_id (&self->poll_timer, g_source_remove);
  g_clear_handle_id (&self->flush_timer, g_source_remove);
  g_clear_handle_id (&self->ping_timer, g_source_remove);
  g_clear_handle_id (&self->pump_idle, g_source_remove);

  commit_sync (self, "shutdown");

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", "closing",
                    "MESSAGE", "Leaving the consumer group (%" G_GUINT64_FORMAT " consumed, %"
                    G_GUINT64_FORMAT " written, %" G_GUINT64_FORMAT " dead-lettered, %u in flight left uncommitted)",
                    self->stats.consumed, self->stats.written, self->stats.dead_lettered,
                    im_offset_tracker_get_n_in_flight (self->tracker));

  /* Calls rebalance_cb for the revocation, which commits again. */
  err = rd_kafka_consumer_close (self->consumer);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    g_warning ("Closing the consumer: %s", rd_kafka_err2str (err));

  if (self->shutdown_cancel_source != NULL)
    {
      g_source_destroy (self->shutdown_cancel_source);
      g_clear_pointer (&self->shutdown_cancel_source, g_source_unref);
    }
  task = g_steal_pointer (&self->shutdown_task);
  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

static gboolean
shutdown_poll_cb (gpointer user_data)
{
  ImIngestService *self = user_data;

  dlq_ready_cb (self);
  check_closed (self);

  return G_SOURCE_CONTINUE;
}

/* Cancelling the shutdown gives up the flush at once, as its timeout
 * does; the consumer is still closed and the task completes. */
static gboolean
shutdown_cancelled_cb (GCancellable *cancellable,
                       gpointer      user_data)
{
  ImIngestService *self = user_data;

  self->shutdown_deadline = g_get_monotonic_time () * 1000;
  g_clear_handle_id (&self->shutdown_timer, g_source_remove);
  im_writer_cancel (self->writer);
  check_closed (self);

  return G_SOURCE_REMOVE;
}

void
im_ingest_service_shutdown_async (ImIngestService     *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (IM_IS_INGEST_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (self->shutting_down)
    {
      g_task_report_new_error (self, callback, user_data, im_ingest_service_shutdown_async,
                               G_IO_ERROR, G_IO_ERROR_PENDING, "Already shutting down");
      return;
    }

  self->shutdown_task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (self->shutdown_task, im_ingest_service_shutdown_async);
  if (cancellable != NULL)
    {
      self->shutdown_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->shutdown_cancel_source, G_SOURCE_FUNC (shutdown_cancelled_cb),
                             self, NULL);
      g_source_attach (self->shutdown_cancel_source, NULL);
    }

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", "shutdown",
                    "MESSAGE", "Shutting down: flushing %u points, %u batches in flight",
                    im_batcher_get_n_points (self->batcher),
                    im_writer_get_n_in_flight (self->writer));

  self->shutting_down = TRUE;
  self->shutdown_deadline = g_get_monotonic_time () * 1000 + self->options->shutdown_timeout_ns;
  g_cancellable_cancel (self->cancellable);

  /* Stop fetching. */
  if (self->started)
    update_pause (self);

  g_clear_handle_id (&self->poll_timer, g_source_remove);
  g_clear_handle_id (&self->pump_idle, g_source_remove);
  self->poll_timer = g_timeout_add (POLL_INTERVAL_MS, shutdown_poll_cb, self);
  self->shutdown_timer = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                             self->options->shutdown_timeout_ns / 1000000,
                                             shutdown_timeout_cb, self, NULL);

  check_closed (self);
}

gboolean
im_ingest_service_shutdown_finish (ImIngestService  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (IM_IS_INGEST_SERVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Construction */

static void
create_metrics (ImIngestService *self,
                ImMetrics       *metrics)
{
  ImWriterMetrics wm;

  im_ingest_metrics_init (&self->m, metrics);

  wm.points_written = self->m.written;
  wm.points_rejected = self->m.rejected;
  wm.write_seconds = self->m.write_seconds;
  wm.retries = self->m.retries;
  wm.last_write_time = self->m.last_write_time;
  im_writer_set_metrics (self->writer, &wm);

  self->have_metrics = TRUE;
}

ImIngestService *
im_ingest_service_new (const ImIngestOptions  *options,
                       ImMetrics              *metrics,
                       GError                **error)
{
  g_autoptr(ImIngestService) self = NULL;
  g_auto(GStrv) producer_overrides = NULL;
  rd_kafka_conf_t *conf;
  const char *producer_defaults[] = {
    "linger.ms=5",
    "enable.idempotence=true",
    NULL
  };
  const char *consumer_defaults[] = {
    /* Steady-state backpressure: what librdkafka prefetches. A fetch
     * overshoots these bounds by up to a response per partition, counted
     * compressed (256 KiB of lz4 is ~1.3 MB of readings). librdkafka
     * 2.0.2 fetches a partition whose queue is full again only when its
     * broker thread wakes up, by itself once a second, so without
     * --fetch-wakeup the fetch size caps the drain. Measured at 1 000
     * machines (tests/bench/ingestion): 256 KiB fetches with the
     * wake-ups drain as fast as 1 MB fetches without, at about half the
     * memory (59 against 112 MB peak RSS); without them they drain at
     * about a third of the speed. */
    "queued.max.messages.kbytes=8192",
    "queued.min.messages=20000",
    "fetch.message.max.bytes=262144",
    NULL
  };

  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (IM_TYPE_INGEST_SERVICE, NULL);
  self->options = options;

  self->client = im_influx_client_new (options->influxdb_url, options->influxdb_db);
  im_influx_client_set_credentials (self->client, options->influxdb_token,
                                    options->influxdb_username, options->influxdb_password);
  im_influx_client_set_gzip (self->client, options->gzip);
  /* No total timeout: a stalled request (see WRITE_STALL_TIMEOUT_MS). */
  im_influx_client_set_timeouts (self->client, 5000, 0);
  im_influx_client_set_stall_timeout (self->client, WRITE_STALL_TIMEOUT_MS);

  self->writer = im_writer_new (self->client, options->write_concurrency,
                                options->create_database,
                                writer_done_cb, writer_state_cb, self);
  im_writer_set_raw_retention (self->writer, options->raw_retention);
  self->batcher = im_batcher_new (options->batch_size, options->flush_interval_ns);
  self->tracker = im_offset_tracker_new ();

  if (metrics != NULL)
    create_metrics (self, metrics);

  producer_overrides = im_kafka_overrides_for_client (producer_defaults,
                                                      (const char * const *) options->kafka_overrides, TRUE);
  if (!(conf = im_kafka_conf_new (options->brokers, (const char * const *) producer_overrides, error)))
    return NULL;
  if (!(self->dlq = im_dlq_new (conf, options->dlq_topic, dlq_ack_cb, dlq_error_cb, self, error)))
    return NULL;

  conf = im_kafka_consumer_conf_new (options->brokers, options->group, options->instance_name,
                                     consumer_defaults, (const char * const *) options->kafka_overrides,
                                     error);
  if (conf == NULL)
    return NULL;
  rd_kafka_conf_set_rebalance_cb (conf, rebalance_cb);
  rd_kafka_conf_set_stats_cb (conf, stats_cb);
  rd_kafka_conf_set_opaque (conf, self);
  if (!(self->consumer = im_kafka_new (RD_KAFKA_CONSUMER, conf, "the Kafka consumer", error)))
    return NULL;

  /* One queue for messages, rebalances, stats and errors. */
  rd_kafka_poll_set_consumer (self->consumer);

  return g_steal_pointer (&self);
}

gboolean
im_ingest_service_start (ImIngestService  *self,
                         GError          **error)
{
  g_return_val_if_fail (IM_IS_INGEST_SERVICE (self), FALSE);
  g_return_val_if_fail (!self->started, FALSE);

  if (!(self->consumer_source = im_kafka_queue_source_new (rd_kafka_queue_get_consumer (self->consumer), error)))
    return FALSE;
  if (!(self->dlq_source = im_dlq_create_source (self->dlq, error)))
    return FALSE;

  if (!im_kafka_subscribe (self->consumer, self->options->topic, error))
    return FALSE;
  if (self->options->fetch_wakeup_ns > 0)
    self->waker = im_kafka_waker_new (self->consumer, self->options->topic,
                                      self->options->fetch_wakeup_ns);

  g_source_set_callback (self->consumer_source, consumer_ready_cb, self, NULL);
  g_source_attach (self->consumer_source, NULL);
  g_source_set_callback (self->dlq_source, dlq_ready_cb, self, NULL);
  g_source_attach (self->dlq_source, NULL);
  self->poll_timer = g_timeout_add (POLL_INTERVAL_MS, poll_timer_cb, self);
  self->ping_timer = g_timeout_add_seconds (1, ping_timer_cb, self);
  self->started = TRUE;
  self->unassigned_since = g_get_monotonic_time () * 1000 - IM_CONSUMER_UNASSIGNED_GRACE_NS;

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", "started",
                    "TOPIC", self->options->topic,
                    "GROUP", self->options->group,
                    "INSTANCE", self->options->instance_name ? self->options->instance_name : "",
                    "MESSAGE", "Consuming %s as group %s into %s database %s (batches of %u, every %"
                    G_GINT64_FORMAT " ms at the latest, %u at once)",
                    self->options->topic, self->options->group, self->options->influxdb_url,
                    self->options->influxdb_db, self->options->batch_size,
                    self->options->flush_interval_ns / 1000000, self->options->write_concurrency);

  /* Reachability before the first batch. */
  ping_timer_cb (self);

  return TRUE;
}

static void
im_ingest_service_dispose (GObject *object)
{
  ImIngestService *self = (ImIngestService *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->writer != NULL)
    {
      im_writer_cancel (self->writer);
      im_writer_detach (self->writer);
    }

  g_clear_handle_id (&self->poll_timer, g_source_remove);
  g_clear_handle_id (&self->flush_timer, g_source_remove);
  g_clear_handle_id (&self->ping_timer, g_source_remove);
  g_clear_handle_id (&self->pump_idle, g_source_remove);
  g_clear_handle_id (&self->shutdown_timer, g_source_remove);
  if (self->shutdown_cancel_source != NULL)
    {
      g_source_destroy (self->shutdown_cancel_source);
      g_clear_pointer (&self->shutdown_cancel_source, g_source_unref);
    }
  g_clear_object (&self->shutdown_task);

  if (self->consumer_source != NULL)
    {
      g_source_destroy (self->consumer_source);
      g_clear_pointer (&self->consumer_source, g_source_unref);
    }
  if (self->dlq_source != NULL)
    {
      g_source_destroy (self->dlq_source);
      g_clear_pointer (&self->dlq_source, g_source_unref);
    }

  /* Before the consumer it asks through. */
  g_clear_pointer (&self->waker, im_kafka_waker_free);
  if (self->consumer != NULL)
    {
      if (!self->closed)
        rd_kafka_consumer_close (self->consumer);
      rd_kafka_destroy (self->consumer);
      self->consumer = NULL;
    }
  g_clear_pointer (&self->dlq, im_dlq_free);

  g_clear_object (&self->writer);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (im_ingest_service_parent_class)->dispose (object);
}

static void
im_ingest_service_finalize (GObject *object)
{
  ImIngestService *self = (ImIngestService *) object;

  g_clear_pointer (&self->batcher, im_batcher_free);
  g_clear_pointer (&self->tracker, im_offset_tracker_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->group_state, g_free);
  g_clear_pointer (&self->fatal_error, g_free);

  G_OBJECT_CLASS (im_ingest_service_parent_class)->finalize (object);
}

static void
im_ingest_service_class_init (ImIngestServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = im_ingest_service_dispose;
  object_class->finalize = im_ingest_service_finalize;
}

static void
im_ingest_service_init (ImIngestService *self)
{
  self->cancellable = g_cancellable_new ();
  self->writer_healthy = TRUE;
  /* Not known to be down before the first statistics. */
  self->kafka_reachable = TRUE;
}
