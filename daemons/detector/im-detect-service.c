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
 * The outputs and the offsets they hold back are im-detect-publish.c's,
 * the alarm engines' seeding, acknowledgements and ticks
 * im-detect-alarms.c's, /healthz and the statistics im-detect-health.c's,
 * the shutdown im-detect-shutdown.c's.
 */

#include "config.h"

#include "im-detect-service-private.h"
#include "im-kafka-overrides.h"
#include "im-kafka-source.h"
#include "im-reading.h"
#include "im-util.h"

#define MAX_MESSAGES_PER_PUMP   2000
/* Readings consumed and not yet done above which fetching pauses. */
#define MAX_IN_FLIGHT           200000
#define WRITE_STALL_TIMEOUT_MS  30000
#define REVOKE_FLUSH_MS         2000

G_DEFINE_FINAL_TYPE (ImDetectService, im_detect_service, G_TYPE_OBJECT)

static void pump (ImDetectService *self);

/* Partitions */

static void
partition_free (gpointer data)
{
  ImDetectPartition *part = data;

  g_hash_table_unref (part->detectors);
  g_clear_pointer (&part->engine, im_alarm_engine_free);
  g_hash_table_unref (part->seeded);
  g_free (part);
}

static ImDetectPartition *
partition_new (ImDetectService *self,
               gint32           partition,
               gint64           start,
               gint64           resume)
{
  ImDetectPartition *part = g_new0 (ImDetectPartition, 1);

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
    part->engine = im_alarm_engine_new (self->rules, im_detect_service_publish_alarm, self, NULL);

  return part;
}

static void
update_warming (ImDetectService *self)
{
  GHashTableIter iter;
  ImDetectPartition *part;
  guint warming = 0;

  g_hash_table_iter_init (&iter, self->partitions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &part))
    warming += !part->warm;
  if (self->have_metrics)
    im_metric_set (self->m.warming, warming);
}

static void
partition_warmed (ImDetectService   *self,
                  ImDetectPartition *part)
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
process_reading (ImDetectService   *self,
                 ImDetectPartition *part,
                 const ImReading   *reading)
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
    im_detect_service_publish_event (self, &events[i]);

  if (part->engine == NULL)
    return;

  im_detect_service_seed_machine (self, part, reading->machine_id);
  im_alarm_engine_push_reading (part->engine, reading);
  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!im_alarm_engine_push_detector_event (part->engine, &events[i], &error))
        g_debug ("Event %s raises no alarm: %s", events[i].id, error->message);
    }
}

static void
handle_message (ImDetectService    *self,
                rd_kafka_message_t *message)
{
  g_autoptr(GError) error = NULL;
  ImReading reading;
  ImDetectPartition *part;
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
      self->current = replay ? NULL : im_detect_pending_new (self, message->partition, message->offset);
      self->suppress = replay;
      process_reading (self, part, &reading);
      self->suppress = FALSE;
      im_detect_pending_complete (self, g_steal_pointer (&self->current));
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

void
im_detect_service_update_pause (ImDetectService *self)
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

  im_detect_service_submit_batch (self);
  im_detect_service_store_offsets (self);
  im_detect_service_update_pause (self);
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
  im_detect_service_producer_ready_cb (self);

  return G_SOURCE_CONTINUE;
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
  if (self->rules != NULL && partitions->cnt > 0 &&
      !im_detect_service_load_stored_alarms (self, &error))
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
      im_kafka_assign (rk, partitions, self->paused);
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
        im_detect_service_commit_sync (self, "revocation");
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

/* Construction */

static void
create_metrics (ImDetectService *self,
                ImMetrics       *metrics)
{
  ImWriterMetrics wm;

  im_detect_metrics_init (&self->m, metrics);

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
  g_auto(GStrv) producer_overrides = NULL;
  rd_kafka_conf_t *conf;
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
    "queued.max.messages.kbytes=8192",
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
  im_influx_client_set_credentials (self->client, options->influxdb_token,
                                    options->influxdb_username, options->influxdb_password);
  im_influx_client_set_timeouts (self->client, 5000, 0);
  im_influx_client_set_stall_timeout (self->client, WRITE_STALL_TIMEOUT_MS);

  self->writer = im_writer_new (self->client, 1, options->create_database,
                                im_detect_service_writer_done_cb, im_detect_service_writer_state_cb, self);
  self->tracker = im_offset_tracker_new ();

  if (metrics != NULL)
    create_metrics (self, metrics);

  if (!im_detect_service_init_alarms (self, error))
    return NULL;

  producer_overrides = im_kafka_overrides_for_client (producer_defaults,
                                                      (const char * const *) options->kafka_overrides, TRUE);
  if (!(conf = im_kafka_conf_new (options->brokers, (const char * const *) producer_overrides, error)))
    return NULL;
  rd_kafka_conf_set_dr_msg_cb (conf, im_detect_service_delivery_report_cb);
  rd_kafka_conf_set_opaque (conf, self);
  if (!(self->producer = im_kafka_new (RD_KAFKA_PRODUCER, conf, "the Kafka producer", error)))
    return NULL;

  conf = im_kafka_consumer_conf_new (options->brokers, options->group, options->instance_name,
                                     consumer_defaults, (const char * const *) options->kafka_overrides,
                                     error);
  if (conf == NULL)
    return NULL;
  rd_kafka_conf_set_rebalance_cb (conf, rebalance_cb);
  rd_kafka_conf_set_stats_cb (conf, im_detect_service_stats_cb);
  rd_kafka_conf_set_opaque (conf, self);
  if (!(self->consumer = im_kafka_new (RD_KAFKA_CONSUMER, conf, "the Kafka consumer", error)))
    return NULL;
  rd_kafka_poll_set_consumer (self->consumer);

  return g_steal_pointer (&self);
}

gboolean
im_detect_service_start (ImDetectService  *self,
                         GError          **error)
{
  g_return_val_if_fail (IM_IS_DETECT_SERVICE (self), FALSE);
  g_return_val_if_fail (!self->started, FALSE);

  if (!(self->consumer_source = im_kafka_queue_source_new (rd_kafka_queue_get_consumer (self->consumer), error)) ||
      !(self->producer_source = im_kafka_queue_source_new (rd_kafka_queue_get_main (self->producer), error)))
    return FALSE;

  if (!im_kafka_subscribe (self->consumer, self->options->topic, error))
    return FALSE;

  g_source_set_callback (self->consumer_source, consumer_ready_cb, self, NULL);
  g_source_attach (self->consumer_source, NULL);
  g_source_set_callback (self->producer_source, im_detect_service_producer_ready_cb, self, NULL);
  g_source_attach (self->producer_source, NULL);
  self->poll_timer = g_timeout_add (IM_DETECT_POLL_INTERVAL_MS, poll_timer_cb, self);
  im_detect_service_start_alarms (self);
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

  im_detect_service_drop_batch (self);
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
