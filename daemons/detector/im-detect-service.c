/* im-detect-service.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The daemon mode: Kafka → detectors and alarm engine → Kafka and InfluxDB.
 *
 * Threads, consuming and rebalancing follow the ingestion
 * (im-ingest-service.c): one main loop, librdkafka's queues as GSources,
 * InfluxDB writes in ImWriter's worker threads, eager rebalancing, manual
 * offset store with auto-commit.
 *
 * Delivery. Every reading consumed is added to the ImOffsetTracker; it is
 * done when each record it produced — anomaly events and alarm records —
 * has been acknowledged by Kafka (idempotent producer, acks=all, no
 * message timeout) and written to InfluxDB. A reading that produced
 * nothing is done at once. So the committed offset never passes a reading
 * whose output is not in both places. Records computed from time alone
 * (inactivity ticks, acknowledgements) belong to no reading: they are
 * delivered the same way but hold back no offset; a restart computes them
 * again.
 *
 * State. A machine's detector depends on its readings since its last
 * start or maintenance gap. On assignment each partition is read again
 * from up to --replay readings before its committed offset: the readings
 * before the committed offset rebuild the detectors and alarm engines with
 * their output suppressed (it was delivered before the commit), those from
 * it on are processed as new. A replay that reaches back to each machine's
 * last gap (or the partition's start) rebuilds the state exactly, so the
 * events are the same bytes as those of an uninterrupted run — including
 * the ones delivered after the last commit, which rewrite themselves.
 *
 * Alarms. One ImAlarmEngine per partition (a machine is in one partition,
 * keyed by machine id), seeded per machine, before its first reading, with
 * the alarms stored in InfluxDB, and ticked with the wall clock once the
 * partition has caught up with its end (before that, event time is behind
 * and every machine would look silent). Acknowledgements are read from
 * `alarm_acks` every --ack-interval and applied.
 */

#include "config.h"

#include <string.h>

#include "im-alarm-engine.h"
#include "im-alarm-influx.h"
#include "im-detect-service.h"
#include "im-detector.h"
#include "im-influx-client.h"
#include "im-kafka-overrides.h"
#include "im-kafka-source.h"
#include "im-kafka-stats.h"
#include "im-kafka.h"
#include "im-metrics-scrape.h"
#include "im-offset-tracker.h"
#include "im-reading.h"
#include "im-util.h"
#include "im-writer.h"

#define POLL_INTERVAL_MS        100
#define PIPELINE_INTERVAL_S     5
#define PIPELINE_SOURCE         "ingestion"
#define TICK_INTERVAL_S         1
#define MAX_MESSAGES_PER_PUMP   2000
/* Readings consumed and not yet done above which fetching pauses. */
#define MAX_IN_FLIGHT           200000
#define UNASSIGNED_GRACE_NS     (3 * G_GINT64_CONSTANT (1000000000))
#define WRITE_STALL_NS          (5 * G_GINT64_CONSTANT (1000000000))
#define WRITE_STALL_TIMEOUT_MS  30000
#define REVOKE_FLUSH_MS         2000
#define SESSION_TIMEOUT_MS      10000
#define HEARTBEAT_MS            1000

typedef struct
{
  gint32 partition;
  gint64 offset;
  guint  generation;
  guint  remaining;
} Pending;

typedef struct
{
  gint32         partition;
  gint64         start;       /* where this assignment began reading */
  gint64         resume;      /* first offset not known delivered; -1: none */
  gboolean       warm;
  gint64         assigned_at; /* monotonic ns */
  gint64         position;    /* next offset to read */
  GHashTable    *detectors;   /* machine id → ImDetector */
  ImAlarmEngine *engine;
  GHashTable    *seeded;      /* machine ids restored into @engine */
} Partition;

typedef struct
{
  ImMetric *consumed;
  ImMetric *replayed;
  ImMetric *invalid;
  ImMetric *events;           /* family, label "type" */
  ImMetric *alarm_records;
  ImMetric *delivered;
  ImMetric *delivery_errors;
  ImMetric *written;
  ImMetric *write_seconds;
  ImMetric *retries;
  ImMetric *last_write_time;
  ImMetric *assigned;
  ImMetric *warming;
  ImMetric *rewarm_seconds;
  ImMetric *in_flight;
  ImMetric *lag;              /* family, label "partition" */
  ImMetric *paused;
} Metrics;

struct _ImDetectService
{
  GObject                 parent_instance;

  const ImDetectOptions  *options;
  Metrics                 m;
  gboolean                have_metrics;
  ImDetectorParams        params;
  ImAlarmRules           *rules;

  rd_kafka_t             *consumer;
  rd_kafka_t             *producer;
  ImInfluxClient         *client;
  ImWriter               *writer;
  ImOffsetTracker        *tracker;
  GCancellable           *cancellable;

  GSource                *consumer_source;
  GSource                *producer_source;
  guint                   poll_timer;
  guint                   tick_timer;
  guint                   ack_timer;
  guint                   pump_idle;
  guint                   shutdown_timer;

  GHashTable             *partitions;     /* partition number → Partition */
  guint                   generation;
  guint64                 next_batch_id;
  ImBatch                *batch;          /* being filled */
  GPtrArray              *batch_pending;  /* Pending or NULL, one per point */
  GHashTable             *in_flight;      /* batch id → GPtrArray of Pending */

  /* While a reading is processed: what its records belong to. */
  Pending                *current;
  gboolean                suppress;

  /* Alarms stored in InfluxDB at start: machine id → GArray of ImAlarm. */
  GHashTable             *stored_alarms;
  gint64                  acks_since_ns;

  /* Pipeline alarms, from the ingestion's /metrics: one engine, run by
   * the instance that holds partition 0 (one in the group). */
  ImAlarmEngine          *pipeline;
  guint                   pipeline_timer;
  gboolean                pipeline_in_flight;
  double                  last_dead_letters;
  gint64                  last_dead_letters_ns;
  gboolean                ack_query_in_flight;

  gboolean                started;
  gboolean                paused;
  guint                   n_assigned;
  gint64                  unassigned_since;
  gboolean                kafka_reachable;
  char                   *group_state;
  char                   *fatal_error;
  gboolean                writer_healthy;
  gboolean                writer_alarm;
  gboolean                producer_healthy;

  gboolean                shutting_down;
  gboolean                closed;
  gint64                  shutdown_deadline;
  GTask                  *shutdown_task;

  ImDetectStats           stats;
};

G_DEFINE_FINAL_TYPE (ImDetectService, im_detect_service, G_TYPE_OBJECT)

static void pump          (ImDetectService *self);
static void check_closed  (ImDetectService *self);

/* Pending readings */

static Pending *
pending_new (ImDetectService *self,
             gint32           partition,
             gint64           offset)
{
  Pending *p = g_rc_box_new0 (Pending);

  p->partition = partition;
  p->offset = offset;
  p->generation = self->generation;
  p->remaining = 1;   /* released when the reading has been processed */

  return p;
}

static Pending *
pending_hold (Pending *p)
{
  if (p != NULL)
    {
      g_rc_box_acquire (p);
      p->remaining++;
    }

  return p;
}

/* One of the reading's deliveries finished. */
static void
pending_complete (ImDetectService *self,
                  Pending         *p)
{
  if (p == NULL)
    return;

  if (p->generation == self->generation && --p->remaining == 0)
    im_offset_tracker_done (self->tracker, p->partition, p->offset);
  g_rc_box_release (p);
}

/* A delivery that will not finish (abandoned): the offset stays. */
static void
pending_drop (gpointer data)
{
  if (data != NULL)
    g_rc_box_release (data);
}

/* Offsets */

static void
add_offset (gint32   partition,
            gint64   offset,
            gpointer user_data)
{
  ImDetectService *self = ((gpointer *) user_data)[0];
  rd_kafka_topic_partition_list_t *list = ((gpointer *) user_data)[1];

  rd_kafka_topic_partition_list_add (list, self->options->topic, partition)->offset = offset;
}

static void
store_offsets (ImDetectService *self)
{
  rd_kafka_topic_partition_list_t *list;
  gpointer args[2];

  if (self->consumer == NULL)
    return;

  list = rd_kafka_topic_partition_list_new (8);
  args[0] = self;
  args[1] = list;
  im_offset_tracker_foreach_advanced (self->tracker, add_offset, args);
  if (list->cnt > 0)
    {
      rd_kafka_resp_err_t err = rd_kafka_offsets_store (self->consumer, list);

      if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        g_debug ("Could not store offsets: %s", rd_kafka_err2str (err));
    }
  rd_kafka_topic_partition_list_destroy (list);

  if (self->have_metrics)
    im_metric_set (self->m.in_flight, im_offset_tracker_get_n_in_flight (self->tracker));
}

static void
commit_sync (ImDetectService *self,
             const char      *why)
{
  rd_kafka_resp_err_t err;

  store_offsets (self);
  err = rd_kafka_commit (self->consumer, NULL, 0);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
    g_warning ("Commit (%s) failed: %s", why, rd_kafka_err2str (err));
  else
    g_debug ("Committed offsets (%s)", why);
}

/* Publishing: Kafka */

static void
produce (ImDetectService *self,
         const char      *topic,
         const char      *key,
         const char      *value,
         gsize            len,
         Pending         *pending)
{
  for (;;)
    {
      rd_kafka_resp_err_t err;

      err = rd_kafka_producev (self->producer,
                               RD_KAFKA_V_TOPIC (topic),
                               RD_KAFKA_V_KEY (key, strlen (key)),
                               RD_KAFKA_V_VALUE ((void *) value, len),
                               RD_KAFKA_V_MSGFLAGS (RD_KAFKA_MSG_F_COPY),
                               RD_KAFKA_V_OPAQUE (pending),
                               RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
        return;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
        {
          /* Only a fatal producer error gets here: the reading stays
           * undone and its offset uncommitted. */
          g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL,
                            "EVENT", "produce-failed",
                            "TOPIC", topic,
                            "MESSAGE", "Could not produce to %s: %s", topic, rd_kafka_err2str (err));
          self->producer_healthy = FALSE;
          pending_drop (pending);
          return;
        }
      /* The queue holds far more than the events of a pump: wait. */
      rd_kafka_poll (self->producer, 100);
    }
}

static void
delivery_report_cb (rd_kafka_t               *rk,
                    const rd_kafka_message_t *message,
                    void                     *opaque)
{
  ImDetectService *self = opaque;
  Pending *pending = message->_private;

  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR)
    {
      /* No message timeout: librdkafka retries by itself; an error here
       * is permanent for this message (e.g. too large, unknown topic).
       * Produce it again: the offset must not pass it. */
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                        "EVENT", "delivery-failed",
                        "TOPIC", rd_kafka_topic_name (message->rkt),
                        "MESSAGE", "Delivery to %s failed, producing again: %s",
                        rd_kafka_topic_name (message->rkt), rd_kafka_err2str (message->err));
      self->producer_healthy = FALSE;
      if (self->have_metrics)
        im_metric_add (self->m.delivery_errors, 1);
      if (!self->closed)
        {
          g_autofree char *key = g_strndup (message->key, message->key_len);

          produce (self, rd_kafka_topic_name (message->rkt), key, message->payload, message->len,
                   pending);
        }
      else
        pending_drop (pending);
      return;
    }

  self->producer_healthy = TRUE;
  self->stats.delivered++;
  if (self->have_metrics)
    im_metric_add (self->m.delivered, 1);
  pending_complete (self, pending);
}

static gboolean
producer_ready_cb (gpointer user_data)
{
  ImDetectService *self = user_data;

  if (rd_kafka_poll (self->producer, 0) > 0)
    store_offsets (self);

  return G_SOURCE_CONTINUE;
}

/* Publishing: InfluxDB */

static void
add_point (ImDetectService *self,
           const GString   *line,
           gint64           time_ns,
           Pending         *pending)
{
  if (self->batch == NULL)
    {
      self->batch = im_batch_new (++self->next_batch_id, 64);
      im_batch_set_generation (self->batch, self->generation);
      self->batch_pending = g_ptr_array_new_with_free_func (pending_drop);
    }

  im_batch_add_line (self->batch, line->str, line->len,
                     pending ? pending->partition : -1, pending ? pending->offset : -1,
                     time_ns, g_get_monotonic_time () * 1000);
  g_ptr_array_add (self->batch_pending, pending);
}

static void
submit_batch (ImDetectService *self)
{
  if (self->batch == NULL || !im_writer_can_accept (self->writer))
    return;

  g_hash_table_insert (self->in_flight, GUINT_TO_POINTER ((guint) im_batch_get_id (self->batch)),
                       g_steal_pointer (&self->batch_pending));
  im_writer_submit (self->writer, g_steal_pointer (&self->batch));
}

static void
drop_batch (ImDetectService *self)
{
  g_clear_pointer (&self->batch, im_batch_free);
  g_clear_pointer (&self->batch_pending, g_ptr_array_unref);
}

static void
writer_done_cb (ImWriteResult *result,
                gpointer       user_data)
{
  ImDetectService *self = user_data;
  guint id = (guint) im_batch_get_id (result->batch);
  g_autoptr(GPtrArray) pending = NULL;
  guint n = im_batch_get_n_points (result->batch);

  g_hash_table_steal_extended (self->in_flight, GUINT_TO_POINTER (id), NULL, (gpointer *) &pending);
  self->stats.written += result->n_written;

  for (guint i = 0; pending != NULL && i < n; i++)
    {
      Pending *p = g_ptr_array_index (pending, i);

      switch ((ImPointStatus) result->status[i])
        {
        case IM_POINT_REJECTED:
          /* Points this daemon computed: a refusal is a bug, not a
           * reason to hold the partition forever. */
          g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                            "EVENT", "point-rejected",
                            "MESSAGE", "InfluxDB refused a point: %s",
                            result->reasons[i] ? result->reasons[i] : "");
          G_GNUC_FALLTHROUGH;
        case IM_POINT_WRITTEN:
          pending->pdata[i] = NULL;
          pending_complete (self, p);
          break;

        case IM_POINT_PENDING:
        default:
          break;
        }
    }

  store_offsets (self);
  if (self->shutting_down)
    check_closed (self);
  else
    submit_batch (self);
}

static void
writer_state_cb (gboolean    healthy,
                 const char *message,
                 gboolean    alarm,
                 gpointer    user_data)
{
  ImDetectService *self = user_data;

  self->writer_healthy = healthy;
  self->writer_alarm = !healthy && alarm;
  g_log_structured (G_LOG_DOMAIN, healthy ? G_LOG_LEVEL_MESSAGE : G_LOG_LEVEL_WARNING,
                    "EVENT", healthy ? "influxdb-recovered" : "influxdb-failing",
                    "MESSAGE", healthy ? "InfluxDB writes succeed again"
                                       : "InfluxDB write failed, retrying with backoff: %s",
                    message ? message : "");
}

/* Records */

static void
publish_event (ImDetectService       *self,
               const ImDetectorEvent *event)
{
  g_autoptr(GString) json = NULL;
  g_autoptr(GString) line = NULL;
  g_autoptr(GError) error = NULL;

  if (self->suppress)
    return;

  line = g_string_new (NULL);
  if (!im_detector_event_append_line_protocol (event, line, &error))
    {
      g_warning ("Event %s has no line protocol form: %s", event->id, error->message);
      return;
    }
  json = g_string_new (NULL);
  im_detector_event_append_json (event, json);

  self->stats.events++;
  if (self->have_metrics)
    im_metric_add (im_metric_with_label (self->m.events, "type", im_detection_to_string (event->type)), 1);

  produce (self, self->options->anomalies_topic, event->source, json->str, json->len,
           pending_hold (self->current));
  add_point (self, line, event->start_ns, pending_hold (self->current));
}

static void
alarm_cb (const ImAlarm *alarm,
          gpointer       user_data)
{
  ImDetectService *self = user_data;
  g_autoptr(GString) json = NULL;
  g_autoptr(GString) line = NULL;
  g_autoptr(GError) error = NULL;

  if (self->suppress)
    return;

  line = g_string_new (NULL);
  if (!im_alarm_append_line_protocol (alarm, line, &error))
    {
      g_warning ("Alarm %s has no line protocol form: %s", alarm->id, error->message);
      return;
    }
  json = g_string_new (NULL);
  im_alarm_append_json (alarm, json);

  self->stats.alarm_records++;
  if (self->have_metrics)
    im_metric_add (self->m.alarm_records, 1);

  produce (self, self->options->alarms_topic, alarm->machine_id, json->str, json->len,
           pending_hold (self->current));
  add_point (self, line, alarm->started_ns, pending_hold (self->current));
}

/* Alarms stored before: restore them into an engine, per machine */

static void
seed_machine (ImDetectService *self,
              Partition       *part,
              const char      *machine_id)
{
  GArray *alarms;

  if (g_hash_table_contains (part->seeded, machine_id))
    return;
  g_hash_table_add (part->seeded, g_strdup (machine_id));

  alarms = self->stored_alarms ? g_hash_table_lookup (self->stored_alarms, machine_id) : NULL;
  for (guint i = 0; alarms != NULL && i < alarms->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!im_alarm_engine_restore (part->engine, &g_array_index (alarms, ImAlarm, i), &error))
        g_warning ("Stored alarm not restored: %s", error->message);
    }
}

/* Partitions */

static void
partition_free (gpointer data)
{
  Partition *part = data;

  g_hash_table_unref (part->detectors);
  g_clear_pointer (&part->engine, im_alarm_engine_free);
  g_hash_table_unref (part->seeded);
  g_free (part);
}

static Partition *
partition_new (ImDetectService *self,
               gint32           partition,
               gint64           start,
               gint64           resume)
{
  Partition *part = g_new0 (Partition, 1);

  part->partition = partition;
  part->start = start;
  part->position = start;
  part->resume = resume;
  part->warm = resume < 0 || start >= resume;
  part->assigned_at = g_get_monotonic_time () * 1000;
  part->detectors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) im_detector_free);
  part->seeded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (self->rules != NULL)
    part->engine = im_alarm_engine_new (self->rules, alarm_cb, self, NULL);

  return part;
}

static void
update_warming (ImDetectService *self)
{
  GHashTableIter iter;
  Partition *part;
  guint warming = 0;

  g_hash_table_iter_init (&iter, self->partitions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &part))
    warming += !part->warm;
  if (self->have_metrics)
    im_metric_set (self->m.warming, warming);
}

static void
partition_warmed (ImDetectService *self,
                  Partition       *part)
{
  double seconds = (g_get_monotonic_time () * 1000 - part->assigned_at) / 1e9;
  char partition_str[16];

  part->warm = TRUE;
  g_snprintf (partition_str, sizeof partition_str, "%d", (int) part->partition);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", "rewarmed",
                    "PARTITION", partition_str,
                    "MESSAGE", "Partition %d re-warmed: %" G_GINT64_FORMAT " readings replayed in %.3f s, "
                    "%u machines", (int) part->partition, part->resume - part->start, seconds,
                    g_hash_table_size (part->detectors));
  if (self->have_metrics)
    im_metric_set (self->m.rewarm_seconds, seconds);
  update_warming (self);
}

/* Consuming */

static void
process_reading (ImDetectService *self,
                 Partition       *part,
                 const ImReading *reading)
{
  ImDetectorEvent events[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
  ImDetector *detector;
  guint n_events;

  detector = g_hash_table_lookup (part->detectors, reading->machine_id);
  if (detector == NULL)
    {
      detector = im_detector_new (&self->params, reading->machine_id);
      g_hash_table_insert (part->detectors, g_strdup (reading->machine_id), detector);
    }
  else if (reading->time_ns < im_detector_get_last_time_ns (detector))
    return;   /* older than the machine's last: the detector ignores it */

  n_events = im_detector_push_reading (detector, reading, NULL, events);
  for (guint i = 0; i < n_events; i++)
    publish_event (self, &events[i]);

  if (part->engine == NULL)
    return;

  seed_machine (self, part, reading->machine_id);
  im_alarm_engine_push_reading (part->engine, reading);
  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(GError) error = NULL;
      ImAlarmAnomalyEvent anomaly = {
        .machine_id = events[i].source,
        .type = im_detection_to_string (events[i].type),
        .open = events[i].status == IM_DETECTOR_EVENT_OPEN,
        .sensors = events[i].channels,
        .start_ns = events[i].start_ns,
        .end_ns = events[i].end_ns,
        .detected_ns = events[i].detected_ns,
        .score = events[i].score,
      };

      if (!im_alarm_engine_push_anomaly (part->engine, &anomaly, &error))
        g_debug ("Event %s raises no alarm: %s", events[i].id, error->message);
    }
}

static void
handle_message (ImDetectService    *self,
                rd_kafka_message_t *message)
{
  g_autoptr(GError) error = NULL;
  ImReading reading;
  Partition *part;
  gboolean replay;

  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR)
    {
      if (message->err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
        self->kafka_reachable = FALSE;
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

  part = g_hash_table_lookup (self->partitions, GINT_TO_POINTER (message->partition));
  if (part == NULL)
    return;   /* a message of a partition given up */

  part->position = message->offset + 1;
  replay = !part->warm && message->offset < part->resume;
  if (replay)
    {
      self->stats.replayed++;
      if (self->have_metrics)
        im_metric_add (self->m.replayed, 1);
    }
  else
    {
      self->stats.consumed++;
      if (self->have_metrics)
        im_metric_add (self->m.consumed, 1);
      im_offset_tracker_add (self->tracker, message->partition, message->offset);
    }

  if (!im_reading_parse_json (&reading, message->payload != NULL ? message->payload : "",
                              message->payload != NULL ? message->len : 0, im_now_ns (), &error))
    {
      /* The ingestion dead-letters it; here it is only skipped. */
      self->stats.invalid++;
      if (self->have_metrics)
        im_metric_add (self->m.invalid, 1);
      g_debug ("Message %d/%" G_GINT64_FORMAT " skipped: %s", (int) message->partition,
               (gint64) message->offset, error->message);
      if (!replay)
        im_offset_tracker_done (self->tracker, message->partition, message->offset);
    }
  else
    {
      self->current = replay ? NULL : pending_new (self, message->partition, message->offset);
      self->suppress = replay;
      process_reading (self, part, &reading);
      self->suppress = FALSE;
      pending_complete (self, g_steal_pointer (&self->current));
    }

  if (!part->warm && part->position >= part->resume)
    partition_warmed (self, part);
}

static void
set_paused (ImDetectService *self,
            gboolean         paused,
            const char      *why)
{
  rd_kafka_topic_partition_list_t *assignment = NULL;

  if (paused == self->paused)
    return;
  self->paused = paused;
  if (self->have_metrics)
    im_metric_set (self->m.paused, paused);

  if (rd_kafka_assignment (self->consumer, &assignment) != RD_KAFKA_RESP_ERR_NO_ERROR)
    return;
  if (assignment->cnt > 0)
    {
      if (paused)
        rd_kafka_pause_partitions (self->consumer, assignment);
      else
        rd_kafka_resume_partitions (self->consumer, assignment);
    }
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", paused ? "paused" : "resumed",
                    "MESSAGE", "%s %d partitions: %s", paused ? "Paused" : "Resumed",
                    assignment->cnt, why);
  rd_kafka_topic_partition_list_destroy (assignment);
}

static void
update_pause (ImDetectService *self)
{
  guint n = im_offset_tracker_get_n_in_flight (self->tracker);

  if (self->shutting_down)
    set_paused (self, TRUE, "shutting down");
  else if (n >= MAX_IN_FLIGHT)
    set_paused (self, TRUE, "too many readings waiting for their deliveries");
  else if (n < MAX_IN_FLIGHT / 2)
    set_paused (self, FALSE, "deliveries caught up");
}

static gboolean
pump_idle_cb (gpointer user_data)
{
  ImDetectService *self = user_data;

  self->pump_idle = 0;
  pump (self);

  return G_SOURCE_REMOVE;
}

static void
pump (ImDetectService *self)
{
  guint n = 0;

  if (!self->started || self->shutting_down || self->closed)
    return;

  for (;;)
    {
      rd_kafka_message_t *message;

      if (n >= MAX_MESSAGES_PER_PUMP)
        {
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

  submit_batch (self);
  store_offsets (self);
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
  ImDetectService *self = user_data;

  pump (self);
  producer_ready_cb (self);

  return G_SOURCE_CONTINUE;
}

/* Time passing: inactivity and anomaly alarms' hysteresis */

static gboolean
tick_timer_cb (gpointer user_data)
{
  ImDetectService *self = user_data;
  GHashTableIter iter;
  Partition *part;
  gint64 now = im_now_ns ();

  g_hash_table_iter_init (&iter, self->partitions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &part))
    {
      gint64 low, high;

      if (part->engine == NULL || !part->warm)
        continue;
      /* Only a partition read to its end is in the present. */
      if (rd_kafka_get_watermark_offsets (self->consumer, self->options->topic, part->partition,
                                          &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
          part->position < high)
        continue;
      im_alarm_engine_tick (part->engine, now);
    }
  submit_batch (self);

  return G_SOURCE_CONTINUE;
}

/* Pipeline alarms: the ingestion's consumer lag and dead-letter rate */

static void
pipeline_fetch_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ImDetectService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 now = im_now_ns ();
  double lag, dead_letters;

  self->pipeline_in_flight = FALSE;
  text = im_metrics_fetch_finish (result, &error);
  if (text == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Reading the ingestion's metrics: %s", error->message);
      return;
    }
  if (self->closed || self->pipeline == NULL)
    return;

  if (im_metrics_text_sum (text, "industrialmind_ingestion_consumer_lag", &lag))
    im_alarm_engine_push_pipeline (self->pipeline, PIPELINE_SOURCE, IM_ALARM_PIPELINE_INGESTION_LAG,
                                   now, lag);
  if (im_metrics_text_sum (text, "industrialmind_ingestion_dead_lettered_total", &dead_letters))
    {
      /* A counter: its rate since the last sample; a restart of the
       * ingestion (the counter went down) starts over. */
      if (self->last_dead_letters_ns != 0 && dead_letters >= self->last_dead_letters &&
          now > self->last_dead_letters_ns)
        im_alarm_engine_push_pipeline (self->pipeline, PIPELINE_SOURCE,
                                       IM_ALARM_PIPELINE_DEAD_LETTER_RATE, now,
                                       (dead_letters - self->last_dead_letters) /
                                       ((now - self->last_dead_letters_ns) / 1e9));
      self->last_dead_letters = dead_letters;
      self->last_dead_letters_ns = now;
    }
  submit_batch (self);
}

static gboolean
pipeline_timer_cb (gpointer user_data)
{
  ImDetectService *self = user_data;

  if (self->pipeline_in_flight || self->shutting_down ||
      !g_hash_table_contains (self->partitions, GINT_TO_POINTER (0)))
    return G_SOURCE_CONTINUE;

  self->pipeline_in_flight = TRUE;
  im_metrics_fetch_async (self->options->ingestion_metrics, self->cancellable, pipeline_fetch_cb,
                          g_object_ref (self));

  return G_SOURCE_CONTINUE;
}

/* Acknowledgements from alarm_acks */

static void
ack_query_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ImDetectService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ImInfluxResult) res = NULL;

  self->ack_query_in_flight = FALSE;
  res = im_influx_client_query_finish (IM_INFLUX_CLIENT (object), result, &error);
  if (res == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Reading %s: %s", IM_ALARM_ACK_MEASUREMENT, error->message);
      return;
    }
  if (self->closed)
    return;

  for (guint s = 0; s < im_influx_result_get_n_series (res); s++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (res, s);

      for (guint r = 0; r < im_influx_series_get_n_rows (series); r++)
        {
          g_autoptr(GError) local_error = NULL;
          GHashTableIter iter;
          Partition *part;
          ImAlarmAck ack;

          if (!im_alarm_ack_from_influx_row (&ack, series, r, &local_error))
            {
              g_debug ("Acknowledgement skipped: %s", local_error->message);
              continue;
            }

          self->acks_since_ns = MAX (self->acks_since_ns, ack.time_ns);
          if (self->pipeline != NULL)
            im_alarm_engine_acknowledge (self->pipeline, &ack);
          g_hash_table_iter_init (&iter, self->partitions);
          while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &part))
            if (part->engine != NULL && im_alarm_engine_acknowledge (part->engine, &ack))
              {
                g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                                  "EVENT", "acknowledged",
                                  "MESSAGE", "Alarm %s of %s acknowledged by %s",
                                  ack.alarm_id, ack.machine_id, ack.user);
                break;
              }
        }
    }
  submit_batch (self);
}

static gboolean
ack_timer_cb (gpointer user_data)
{
  ImDetectService *self = user_data;
  g_autofree char *query = NULL;

  if (self->ack_query_in_flight || self->shutting_down)
    return G_SOURCE_CONTINUE;

  /* Reading the last instant again is harmless: an acknowledgement
   * applied twice changes nothing the second time. */
  query = im_alarm_ack_influx_query (self->acks_since_ns);
  self->ack_query_in_flight = TRUE;
  im_influx_client_query_async (self->client, query, NULL, self->cancellable, ack_query_cb,
                                g_object_ref (self));

  return G_SOURCE_CONTINUE;
}

/* At start and on every assignment: the alarms an engine holds, as
 * stored, by machine, for seed_machine(). A database without alarms yet
 * is no error; an InfluxDB that does not answer is (the daemon would
 * raise second alarms beside the ones it cannot see): at start it stops
 * the daemon, on an assignment the alarms read before are used. */
static gboolean
load_stored_alarms (ImDetectService  *self,
                    GError          **error)
{
  g_autoptr(ImInfluxResult) res = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) stored = NULL;
  guint n = 0;

  stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);

  res = im_influx_client_query (self->client, IM_ALARM_INFLUX_QUERY, NULL, NULL, &local_error);
  if (res == NULL)
    {
      if (local_error->domain == IM_INFLUX_ERROR &&
          strstr (local_error->message, "database not found") != NULL)
        {
          g_clear_pointer (&self->stored_alarms, g_hash_table_unref);
          self->stored_alarms = g_steal_pointer (&stored);
          return TRUE;
        }
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Reading the stored alarms from InfluxDB: ");
      return FALSE;
    }

  for (guint s = 0; s < im_influx_result_get_n_series (res); s++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (res, s);

      for (guint r = 0; r < im_influx_series_get_n_rows (series); r++)
        {
          g_autoptr(GError) row_error = NULL;
          GArray *alarms;
          ImAlarm alarm;

          if (!im_alarm_from_influx_row (&alarm, series, r, &row_error))
            {
              g_warning ("Stored alarm skipped: %s", row_error->message);
              continue;
            }
          alarms = g_hash_table_lookup (stored, alarm.machine_id);
          if (alarms == NULL)
            {
              alarms = g_array_new (FALSE, FALSE, sizeof (ImAlarm));
              g_hash_table_insert (stored, g_strdup (alarm.machine_id), alarms);
            }
          g_array_append_val (alarms, alarm);
          n++;
        }
    }

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", "alarms-loaded",
                    "MESSAGE", "%u stored alarms of %u machines to continue",
                    n, g_hash_table_size (stored));
  g_clear_pointer (&self->stored_alarms, g_hash_table_unref);
  self->stored_alarms = g_steal_pointer (&stored);

  return TRUE;
}

/* librdkafka callbacks, called from rd_kafka_consumer_poll() */

static char *
partition_list_to_string (const rd_kafka_topic_partition_list_t *list)
{
  GString *str = g_string_new (NULL);

  for (int i = 0; list != NULL && i < list->cnt; i++)
    g_string_append_printf (str, "%s%d", i > 0 ? "," : "", (int) list->elems[i].partition);

  return g_string_free (str, FALSE);
}

/* Where each assigned partition starts: up to --replay readings before
 * its committed offset, which is where its new output begins. */
static void
assign (ImDetectService                 *self,
        rd_kafka_t                      *rk,
        rd_kafka_topic_partition_list_t *partitions)
{
  g_autoptr(GError) error = NULL;
  rd_kafka_resp_err_t err;

  /* Another instance may have moved these machines' alarms on. */
  if (self->rules != NULL && partitions->cnt > 0 && !load_stored_alarms (self, &error))
    g_warning ("%s; restoring the alarms read before", error->message);

  err = rd_kafka_committed (rk, partitions, 10000);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    g_warning ("Could not read the committed offsets: %s", rd_kafka_err2str (err));

  for (int i = 0; i < partitions->cnt; i++)
    {
      rd_kafka_topic_partition_t *tp = &partitions->elems[i];
      gint64 committed = err == RD_KAFKA_RESP_ERR_NO_ERROR && tp->err == RD_KAFKA_RESP_ERR_NO_ERROR
                         ? tp->offset : RD_KAFKA_OFFSET_INVALID;
      int64_t low = 0, high = 0;
      gint64 start = RD_KAFKA_OFFSET_BEGINNING;
      gint64 resume = -1;

      if (rd_kafka_query_watermark_offsets (rk, tp->topic, tp->partition, &low, &high, 10000) !=
          RD_KAFKA_RESP_ERR_NO_ERROR)
        low = 0;

      if (committed >= 0)
        {
          start = MAX ((gint64) low, committed - (gint64) self->options->replay);
          resume = committed;
        }
      else
        start = low;

      tp->offset = start;
      g_hash_table_replace (self->partitions, GINT_TO_POINTER (tp->partition),
                            partition_new (self, tp->partition, start, resume));
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                        "EVENT", "replay",
                        "MESSAGE", "Partition %d: reading from %" G_GINT64_FORMAT
                        ", new output from %" G_GINT64_FORMAT " (committed), end %" G_GINT64_FORMAT,
                        (int) tp->partition, start, resume, (gint64) high);
    }
  update_warming (self);
}

static void
rebalance_cb (rd_kafka_t                      *rk,
              rd_kafka_resp_err_t              err,
              rd_kafka_topic_partition_list_t *partitions,
              void                            *opaque)
{
  ImDetectService *self = opaque;
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
      assign (self, rk, partitions);
      rd_kafka_assign (rk, partitions);
      if (partitions->cnt > 0)
        {
          if (self->paused)
            rd_kafka_pause_partitions (rk, partitions);
          else
            rd_kafka_resume_partitions (rk, partitions);
        }
      break;

    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
      lost = rd_kafka_assignment_lost (rk);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                        "EVENT", lost ? "lost" : "revoked",
                        "PARTITIONS", list,
                        "MESSAGE", lost ? "Partitions lost (the group session expired): [%s]"
                                        : "Partitions revoked: [%s]", list);
      /* Deliveries close to done still count; the offsets of the rest
       * are not committed, and whoever gets the partition computes the
       * same records again. The points waiting for InfluxDB are written
       * all the same: the records of time alone (inactivity, acks) went
       * to Kafka already and belong to no offset that would bring them
       * back, and a record written twice rewrites itself. */
      rd_kafka_flush (self->producer, REVOKE_FLUSH_MS);
      if (!lost)
        commit_sync (self, "revocation");
      im_offset_tracker_clear (self->tracker);
      g_hash_table_remove_all (self->partitions);
      self->generation++;
      self->n_assigned = 0;
      self->unassigned_since = g_get_monotonic_time () * 1000;
      if (self->have_metrics)
        {
          im_metric_set (self->m.assigned, 0);
          im_metric_set (self->m.in_flight, 0);
        }
      update_warming (self);
      rd_kafka_assign (rk, NULL);
      break;

    default:
      g_warning ("Rebalance failed: %s", rd_kafka_err2str (err));
      rd_kafka_assign (rk, NULL);
      break;
    }
}

static int
stats_cb (rd_kafka_t *rk,
          char       *json,
          size_t      json_len,
          void       *opaque)
{
  ImDetectService *self = opaque;
  g_auto(ImKafkaStats) stats = { 0 };

  if (!im_kafka_stats_parse (&stats, json, json_len, self->options->topic))
    return 0;

  if (stats.have_brokers)
    self->kafka_reachable = stats.broker_up;
  if (stats.group_state != NULL)
    {
      g_free (self->group_state);
      self->group_state = g_steal_pointer (&stats.group_state);
    }
  for (guint i = 0; self->have_metrics && i < stats.partitions->len; i++)
    {
      const ImKafkaPartitionStats *p = &g_array_index (stats.partitions, ImKafkaPartitionStats, i);

      if (p->lag >= 0)
        im_metric_set (im_metric_with_label (self->m.lag, "partition", p->name), p->lag);
    }

  return 0;
}

/* Health */

gboolean
im_detect_service_check_health (gpointer   data,
                                char     **reason)
{
  ImDetectService *self = data;
  gint64 now = g_get_monotonic_time () * 1000;
  gint64 request_age;

  g_return_val_if_fail (IM_IS_DETECT_SERVICE (self), FALSE);

  request_age = im_writer_get_request_age (self->writer);
  if (self->shutting_down)
    *reason = g_strdup ("shutting down");
  else if (self->fatal_error != NULL)
    *reason = g_strdup_printf ("Kafka consumer failed: %s", self->fatal_error);
  else if (!self->kafka_reachable)
    *reason = g_strdup ("Kafka brokers unreachable");
  else if (self->n_assigned == 0 && now - self->unassigned_since >= UNASSIGNED_GRACE_NS)
    *reason = g_strdup_printf ("no partitions assigned (consumer group %s)",
                               self->group_state != NULL ? self->group_state : "not joined yet");
  else if (request_age >= WRITE_STALL_NS)
    *reason = g_strdup_printf ("writer stalled: a write to InfluxDB unanswered for %.0f s",
                               request_age / 1e9);
  else if (!self->writer_healthy)
    *reason = g_strdup (self->writer_alarm ? "InfluxDB refuses writes (see the log); retrying"
                                           : "InfluxDB unreachable; retrying");
  else if (!self->producer_healthy)
    *reason = g_strdup ("Kafka deliveries failing; retrying");
  else
    return TRUE;

  return FALSE;
}

void
im_detect_service_get_stats (ImDetectService *self,
                             ImDetectStats   *stats)
{
  g_return_if_fail (IM_IS_DETECT_SERVICE (self));

  *stats = self->stats;
  stats->n_assigned = self->n_assigned;
  stats->n_in_flight = im_offset_tracker_get_n_in_flight (self->tracker);
}

/* Shutdown */

static gboolean
shutdown_timeout_cb (gpointer user_data)
{
  ImDetectService *self = user_data;

  self->shutdown_timer = 0;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                    "EVENT", "shutdown-timeout",
                    "MESSAGE", "Shutdown timeout: giving up on undelivered records (left uncommitted)");
  im_writer_cancel (self->writer);
  check_closed (self);

  return G_SOURCE_REMOVE;
}

static void
check_closed (ImDetectService *self)
{
  gboolean expired = g_get_monotonic_time () * 1000 >= self->shutdown_deadline;
  g_autoptr(GTask) task = NULL;
  rd_kafka_resp_err_t err;

  if (!self->shutting_down || self->closed)
    return;

  if (!expired)
    {
      submit_batch (self);
      if (self->batch != NULL || im_writer_get_n_in_flight (self->writer) > 0)
        return;   /* writer_done_cb calls again */
      rd_kafka_poll (self->producer, 0);
      if (rd_kafka_outq_len (self->producer) > 0)
        return;   /* the poll timer calls again */
    }
  else if (im_writer_get_n_in_flight (self->writer) > 0)
    return;   /* cancelled: they finish soon */

  self->closed = TRUE;
  g_clear_handle_id (&self->shutdown_timer, g_source_remove);
  g_clear_handle_id (&self->poll_timer, g_source_remove);
  g_clear_handle_id (&self->tick_timer, g_source_remove);
  g_clear_handle_id (&self->ack_timer, g_source_remove);
  g_clear_handle_id (&self->pipeline_timer, g_source_remove);
  g_clear_handle_id (&self->pump_idle, g_source_remove);

  commit_sync (self, "shutdown");
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", "closing",
                    "MESSAGE", "Leaving the consumer group (%" G_GUINT64_FORMAT " consumed, %"
                    G_GUINT64_FORMAT " replayed, %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT
                    " alarm records, %u readings in flight left uncommitted)",
                    self->stats.consumed, self->stats.replayed, self->stats.events,
                    self->stats.alarm_records, im_offset_tracker_get_n_in_flight (self->tracker));

  err = rd_kafka_consumer_close (self->consumer);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    g_warning ("Closing the consumer: %s", rd_kafka_err2str (err));
  rd_kafka_flush (self->producer, 1000);

  task = g_steal_pointer (&self->shutdown_task);
  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

static gboolean
shutdown_poll_cb (gpointer user_data)
{
  ImDetectService *self = user_data;

  producer_ready_cb (self);
  check_closed (self);

  return G_SOURCE_CONTINUE;
}

void
im_detect_service_shutdown_async (ImDetectService     *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (IM_IS_DETECT_SERVICE (self));

  if (self->shutting_down)
    {
      g_task_report_new_error (self, callback, user_data, im_detect_service_shutdown_async,
                               G_IO_ERROR, G_IO_ERROR_PENDING, "Already shutting down");
      return;
    }

  self->shutdown_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->shutdown_task, im_detect_service_shutdown_async);

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", "shutdown",
                    "MESSAGE", "Shutting down: %d records to deliver to Kafka, %u batches to InfluxDB",
                    rd_kafka_outq_len (self->producer), im_writer_get_n_in_flight (self->writer));

  self->shutting_down = TRUE;
  self->shutdown_deadline = g_get_monotonic_time () * 1000 + self->options->shutdown_timeout_ns;
  g_cancellable_cancel (self->cancellable);
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
im_detect_service_shutdown_finish (ImDetectService  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Construction */

static void
create_metrics (ImDetectService *self,
                ImMetrics       *metrics)
{
  static const double bounds[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30 };
  ImWriterMetrics wm;

  self->m.consumed = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "readings_consumed_total",
                                             "Readings read from Kafka past the committed offsets");
  self->m.replayed = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "readings_replayed_total",
                                             "Readings read again on assignment to rebuild the state");
  self->m.invalid = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "invalid_messages_total",
                                            "Messages that are not valid readings, skipped");
  self->m.events = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "events_total",
                                           "Anomaly events published, by type");
  self->m.alarm_records = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "alarm_records_total",
                                                  "Alarm records published");
  self->m.delivered = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "deliveries_total",
                                              "Records acknowledged by Kafka");
  self->m.delivery_errors = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "delivery_errors_total",
                                                    "Kafka deliveries failed and produced again");
  self->m.written = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "points_written_total",
                                            "Points written to InfluxDB");
  self->m.write_seconds = im_metrics_add_histogram (metrics, IM_DETECT_METRICS_PREFIX "write_duration_seconds",
                                                    "Duration of successful InfluxDB write requests",
                                                    bounds, G_N_ELEMENTS (bounds));
  self->m.retries = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "write_retries_total",
                                            "InfluxDB writes retried after a failure");
  self->m.last_write_time = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "last_write_timestamp_seconds",
                                                  "Unix time of the last successful InfluxDB write");
  self->m.assigned = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "assigned_partitions",
                                           "Partitions assigned to this instance");
  self->m.warming = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "partitions_warming",
                                          "Assigned partitions still replaying to rebuild the state");
  self->m.rewarm_seconds = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "rewarm_seconds",
                                                 "Time the last partition took to re-warm after its assignment");
  self->m.in_flight = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "readings_in_flight",
                                            "Readings consumed whose records are not yet delivered");
  self->m.lag = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "consumer_lag",
                                      "Messages between the committed offset and the end of each partition");
  self->m.paused = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "paused",
                                         "1 while the assigned partitions are paused");

  wm.points_written = self->m.written;
  wm.points_rejected = NULL;
  wm.write_seconds = self->m.write_seconds;
  wm.retries = self->m.retries;
  wm.last_write_time = self->m.last_write_time;
  im_writer_set_metrics (self->writer, &wm);

  self->have_metrics = TRUE;
}

ImDetectService *
im_detect_service_new (const ImDetectOptions  *options,
                       ImMetrics              *metrics,
                       GError                **error)
{
  g_autoptr(ImDetectService) self = NULL;
  g_autofree char *group = NULL;
  g_autofree char *instance = NULL;
  g_autofree char *session = g_strdup_printf ("session.timeout.ms=%d", SESSION_TIMEOUT_MS);
  g_autofree char *heartbeat = g_strdup_printf ("heartbeat.interval.ms=%d", HEARTBEAT_MS);
  g_auto(GStrv) consumer_overrides = NULL;
  g_auto(GStrv) producer_overrides = NULL;
  rd_kafka_conf_t *conf;
  char errstr[512];
  const char *producer_defaults[] = {
    "enable.idempotence=true",
    "acks=all",
    /* Never give a record up: its reading's offset waits for it. */
    "message.timeout.ms=0",
    "linger.ms=5",
    "reconnect.backoff.max.ms=2000",
    NULL
  };
  const char *consumer_defaults[] = {
    NULL,   /* group.id */
    NULL,   /* session.timeout.ms */
    NULL,   /* heartbeat.interval.ms */
    "enable.auto.offset.store=false",
    "enable.auto.commit=true",
    "auto.commit.interval.ms=1000",
    "auto.offset.reset=earliest",
    "enable.partition.eof=false",
    "partition.assignment.strategy=range,roundrobin",
    "reconnect.backoff.max.ms=2000",
    "queued.max.messages.kbytes=8192",
    "statistics.interval.ms=1000",
    NULL,   /* group.instance.id, when named */
    NULL
  };

  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (IM_TYPE_DETECT_SERVICE, NULL);
  self->options = options;
  im_detector_params_init (&self->params);

  if (options->alarms)
    {
      if (options->alarm_rules != NULL)
        self->rules = im_alarm_rules_new_from_file (options->alarm_rules, error);
      else
        self->rules = im_alarm_rules_new ();
      if (self->rules == NULL)
        return NULL;
    }

  self->client = im_influx_client_new (options->influxdb_url, options->influxdb_db);
  if (options->influxdb_token != NULL && *options->influxdb_token != '\0')
    im_influx_client_set_token (self->client, options->influxdb_token);
  else if (options->influxdb_username != NULL && *options->influxdb_username != '\0')
    im_influx_client_set_basic_auth (self->client, options->influxdb_username,
                                     options->influxdb_password);
  im_influx_client_set_timeouts (self->client, 5000, 0);
  im_influx_client_set_stall_timeout (self->client, WRITE_STALL_TIMEOUT_MS);

  self->writer = im_writer_new (self->client, 1, options->create_database,
                                writer_done_cb, writer_state_cb, self);
  self->tracker = im_offset_tracker_new ();

  if (metrics != NULL)
    create_metrics (self, metrics);

  if (self->rules != NULL && !load_stored_alarms (self, error))
    return NULL;
  if (self->rules != NULL && options->ingestion_metrics != NULL)
    {
      GArray *stored = g_hash_table_lookup (self->stored_alarms, PIPELINE_SOURCE);

      self->pipeline = im_alarm_engine_new (self->rules, alarm_cb, self, NULL);
      for (guint i = 0; stored != NULL && i < stored->len; i++)
        {
          g_autoptr(GError) local_error = NULL;

          if (!im_alarm_engine_restore (self->pipeline, &g_array_index (stored, ImAlarm, i), &local_error))
            g_warning ("Stored alarm not restored: %s", local_error->message);
        }
    }

  producer_overrides = im_kafka_overrides_for_client (producer_defaults,
                                                      (const char * const *) options->kafka_overrides, TRUE);
  if (!(conf = im_kafka_conf_new (options->brokers, (const char * const *) producer_overrides, error)))
    return NULL;
  rd_kafka_conf_set_dr_msg_cb (conf, delivery_report_cb);
  rd_kafka_conf_set_opaque (conf, self);
  self->producer = rd_kafka_new (RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (self->producer == NULL)
    {
      rd_kafka_conf_destroy (conf);
      g_set_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CREATE,
                   "Could not create the Kafka producer: %s", errstr);
      return NULL;
    }

  group = g_strdup_printf ("group.id=%s", options->group);
  consumer_defaults[0] = group;
  consumer_defaults[1] = session;
  consumer_defaults[2] = heartbeat;
  if (options->instance_name != NULL)
    {
      instance = g_strdup_printf ("group.instance.id=%s", options->instance_name);
      consumer_defaults[G_N_ELEMENTS (consumer_defaults) - 2] = instance;
    }
  consumer_overrides = im_kafka_overrides_for_client (consumer_defaults,
                                                      (const char * const *) options->kafka_overrides, FALSE);
  if (!(conf = im_kafka_conf_new (options->brokers, (const char * const *) consumer_overrides, error)))
    return NULL;
  rd_kafka_conf_set_rebalance_cb (conf, rebalance_cb);
  rd_kafka_conf_set_stats_cb (conf, stats_cb);
  rd_kafka_conf_set_opaque (conf, self);
  self->consumer = rd_kafka_new (RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  if (self->consumer == NULL)
    {
      rd_kafka_conf_destroy (conf);
      g_set_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CREATE,
                   "Could not create the Kafka consumer: %s", errstr);
      return NULL;
    }
  rd_kafka_poll_set_consumer (self->consumer);

  return g_steal_pointer (&self);
}

gboolean
im_detect_service_start (ImDetectService  *self,
                         GError          **error)
{
  rd_kafka_topic_partition_list_t *topics;
  rd_kafka_resp_err_t err;

  g_return_val_if_fail (IM_IS_DETECT_SERVICE (self), FALSE);
  g_return_val_if_fail (!self->started, FALSE);

  if (!(self->consumer_source = im_kafka_queue_source_new (rd_kafka_queue_get_consumer (self->consumer), error)) ||
      !(self->producer_source = im_kafka_queue_source_new (rd_kafka_queue_get_main (self->producer), error)))
    return FALSE;

  topics = rd_kafka_topic_partition_list_new (1);
  rd_kafka_topic_partition_list_add (topics, self->options->topic, RD_KAFKA_PARTITION_UA);
  err = rd_kafka_subscribe (self->consumer, topics);
  rd_kafka_topic_partition_list_destroy (topics);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    {
      g_set_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CREATE,
                   "Could not subscribe to %s: %s", self->options->topic, rd_kafka_err2str (err));
      return FALSE;
    }

  g_source_set_callback (self->consumer_source, consumer_ready_cb, self, NULL);
  g_source_attach (self->consumer_source, NULL);
  g_source_set_callback (self->producer_source, producer_ready_cb, self, NULL);
  g_source_attach (self->producer_source, NULL);
  self->poll_timer = g_timeout_add (POLL_INTERVAL_MS, poll_timer_cb, self);
  if (self->rules != NULL)
    {
      self->tick_timer = g_timeout_add_seconds (TICK_INTERVAL_S, tick_timer_cb, self);
      self->ack_timer = g_timeout_add (self->options->ack_interval_ns / 1000000, ack_timer_cb, self);
    }
  if (self->pipeline != NULL)
    self->pipeline_timer = g_timeout_add_seconds (PIPELINE_INTERVAL_S, pipeline_timer_cb, self);
  self->started = TRUE;
  self->unassigned_since = g_get_monotonic_time () * 1000;

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", "started",
                    "TOPIC", self->options->topic,
                    "GROUP", self->options->group,
                    "MESSAGE", "Consuming %s as group %s; events to %s, alarms to %s%s and %s database %s",
                    self->options->topic, self->options->group, self->options->anomalies_topic,
                    self->options->alarms_topic, self->rules ? "" : " (off)",
                    self->options->influxdb_url, self->options->influxdb_db);

  return TRUE;
}

static void
im_detect_service_dispose (GObject *object)
{
  ImDetectService *self = (ImDetectService *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->writer != NULL)
    {
      im_writer_cancel (self->writer);
      im_writer_detach (self->writer);
    }
  g_clear_handle_id (&self->poll_timer, g_source_remove);
  g_clear_handle_id (&self->tick_timer, g_source_remove);
  g_clear_handle_id (&self->ack_timer, g_source_remove);
  g_clear_handle_id (&self->pipeline_timer, g_source_remove);
  g_clear_handle_id (&self->pump_idle, g_source_remove);
  g_clear_handle_id (&self->shutdown_timer, g_source_remove);
  g_clear_object (&self->shutdown_task);

  if (self->consumer_source != NULL)
    {
      g_source_destroy (self->consumer_source);
      g_clear_pointer (&self->consumer_source, g_source_unref);
    }
  if (self->producer_source != NULL)
    {
      g_source_destroy (self->producer_source);
      g_clear_pointer (&self->producer_source, g_source_unref);
    }
  if (self->consumer != NULL)
    {
      if (!self->closed)
        rd_kafka_consumer_close (self->consumer);
      rd_kafka_destroy (self->consumer);
      self->consumer = NULL;
    }
  if (self->producer != NULL)
    {
      /* Undelivered records keep their Pending: purge, then let the
       * reports free them. */
      self->closed = TRUE;
      rd_kafka_purge (self->producer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      rd_kafka_poll (self->producer, 0);
      rd_kafka_destroy (self->producer);
      self->producer = NULL;
    }

  drop_batch (self);
  g_clear_object (&self->writer);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (im_detect_service_parent_class)->dispose (object);
}

static void
im_detect_service_finalize (GObject *object)
{
  ImDetectService *self = (ImDetectService *) object;

  g_clear_pointer (&self->partitions, g_hash_table_unref);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->stored_alarms, g_hash_table_unref);
  g_clear_pointer (&self->pipeline, im_alarm_engine_free);
  g_clear_pointer (&self->tracker, im_offset_tracker_free);
  g_clear_pointer (&self->rules, im_alarm_rules_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->group_state, g_free);
  g_clear_pointer (&self->fatal_error, g_free);

  G_OBJECT_CLASS (im_detect_service_parent_class)->finalize (object);
}

static void
im_detect_service_class_init (ImDetectServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = im_detect_service_dispose;
  object_class->finalize = im_detect_service_finalize;
}

static void
im_detect_service_init (ImDetectService *self)
{
  self->cancellable = g_cancellable_new ();
  self->partitions = g_hash_table_new_full (NULL, NULL, NULL, partition_free);
  self->in_flight = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->writer_healthy = TRUE;
  self->producer_healthy = TRUE;
  self->kafka_reachable = TRUE;
}
