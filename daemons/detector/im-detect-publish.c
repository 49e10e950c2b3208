/* im-detect-publish.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The detector's two outputs, Kafka (the anomalies and alarms topics) and
 * InfluxDB, and what holds each reading's offset back until both have
 * its records.
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
 */

#include "config.h"

#include <string.h>

#include "im-detect-service-private.h"

/* Pending readings */

ImDetectPending *
im_detect_pending_new (ImDetectService *self,
                       gint32           partition,
                       gint64           offset)
{
  ImDetectPending *p = g_rc_box_new0 (ImDetectPending);

  p->partition = partition;
  p->offset = offset;
  p->generation = self->generation;
  p->remaining = 1;   /* released when the reading has been processed */

  return p;
}

ImDetectPending *
im_detect_pending_hold (ImDetectPending *p)
{
  if (p != NULL)
    {
      g_rc_box_acquire (p);
      p->remaining++;
    }

  return p;
}

/* One of the reading's deliveries finished. */
void
im_detect_pending_complete (ImDetectService *self,
                            ImDetectPending *p)
{
  if (p == NULL)
    return;

  if (p->generation == self->generation && --p->remaining == 0)
    im_offset_tracker_done (self->tracker, p->partition, p->offset);
  g_rc_box_release (p);
}

/* A delivery that will not finish (abandoned): the offset stays. */
void
im_detect_pending_drop (gpointer data)
{
  if (data != NULL)
    g_rc_box_release (data);
}

/* Offsets */

void
im_detect_service_store_offsets (ImDetectService *self)
{
  if (self->consumer == NULL)
    return;

  im_kafka_store_offsets (self->consumer, self->options->topic, self->tracker);
  if (self->have_metrics)
    im_metric_set (self->m.in_flight, im_offset_tracker_get_n_in_flight (self->tracker));
}

void
im_detect_service_commit_sync (ImDetectService *self,
                               const char      *why)
{
  if (self->consumer == NULL)
    return;

  im_detect_service_store_offsets (self);
  im_kafka_commit_sync (self->consumer, why);
}

/* Publishing: Kafka */

static void
produce (ImDetectService *self,
         const char      *topic,
         const char      *key,
         const char      *value,
         gsize            len,
         ImDetectPending *pending)
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
          im_detect_pending_drop (pending);
          return;
        }
      /* The queue holds far more than the events of a pump: wait. */
      rd_kafka_poll (self->producer, 100);
    }
}

void
im_detect_service_delivery_report_cb (rd_kafka_t               *rk,
                                      const rd_kafka_message_t *message,
                                      void                     *opaque)
{
  ImDetectService *self = opaque;
  ImDetectPending *pending = message->_private;

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
        im_detect_pending_drop (pending);
      return;
    }

  self->producer_healthy = TRUE;
  self->stats.delivered++;
  if (self->have_metrics)
    im_metric_add (self->m.delivered, 1);
  im_detect_pending_complete (self, pending);
}

gboolean
im_detect_service_producer_ready_cb (gpointer user_data)
{
  ImDetectService *self = user_data;

  if (rd_kafka_poll (self->producer, 0) > 0)
    im_detect_service_store_offsets (self);

  return G_SOURCE_CONTINUE;
}

/* Publishing: InfluxDB */

static void
add_point (ImDetectService *self,
           const GString   *line,
           gint64           time_ns,
           ImDetectPending *pending)
{
  if (self->batch == NULL)
    {
      self->batch = im_batch_new (++self->next_batch_id, 64);
      im_batch_set_generation (self->batch, self->generation);
      self->batch_pending = g_ptr_array_new_with_free_func (im_detect_pending_drop);
    }

  im_batch_add_line (self->batch, line->str, line->len,
                     pending ? pending->partition : -1, pending ? pending->offset : -1,
                     time_ns, g_get_monotonic_time () * 1000);
  g_ptr_array_add (self->batch_pending, pending);
}

void
im_detect_service_submit_batch (ImDetectService *self)
{
  if (self->batch == NULL || !im_writer_can_accept (self->writer))
    return;

  g_hash_table_insert (self->in_flight, GUINT_TO_POINTER ((guint) im_batch_get_id (self->batch)),
                       g_steal_pointer (&self->batch_pending));
  im_writer_submit (self->writer, g_steal_pointer (&self->batch));
}

void
im_detect_service_drop_batch (ImDetectService *self)
{
  g_clear_pointer (&self->batch, im_batch_free);
  g_clear_pointer (&self->batch_pending, g_ptr_array_unref);
}

void
im_detect_service_writer_done_cb (ImWriteResult *result,
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
      ImDetectPending *p = g_ptr_array_index (pending, i);

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
          im_detect_pending_complete (self, p);
          break;

        case IM_POINT_PENDING:
        default:
          break;
        }
    }

  im_detect_service_store_offsets (self);
  if (self->shutting_down)
    im_detect_service_check_closed (self);
  else
    im_detect_service_submit_batch (self);
}

void
im_detect_service_writer_state_cb (gboolean    healthy,
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

void
im_detect_service_publish_event (ImDetectService       *self,
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
           im_detect_pending_hold (self->current));
  add_point (self, line, event->start_ns, im_detect_pending_hold (self->current));
}

void
im_detect_service_publish_alarm (const ImAlarm *alarm,
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
           im_detect_pending_hold (self->current));
  add_point (self, line, alarm->started_ns, im_detect_pending_hold (self->current));
}
