/* im-detect-shutdown.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shutting the detector down: stop fetching, deliver what is in flight
 * (up to the shutdown timeout), commit, leave the group. */

#include "config.h"

#include "im-detect-service-private.h"

static gboolean
shutdown_timeout_cb (gpointer user_data)
{
  ImDetectService *self = user_data;

  self->shutdown_timer = 0;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                    "EVENT", "shutdown-timeout",
                    "MESSAGE", "Shutdown timeout: giving up on undelivered records (left uncommitted)");
  im_writer_cancel (self->writer);
  im_detect_service_check_closed (self);

  return G_SOURCE_REMOVE;
}

void
im_detect_service_check_closed (ImDetectService *self)
{
  gboolean expired = g_get_monotonic_time () * 1000 >= self->shutdown_deadline;
  g_autoptr(GTask) task = NULL;
  rd_kafka_resp_err_t err;

  if (!self->shutting_down || self->closed)
    return;

  if (!expired)
    {
      im_detect_service_submit_batch (self);
      if (self->batch != NULL || im_writer_get_n_in_flight (self->writer) > 0)
        return;   /* im_detect_service_writer_done_cb calls again */
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

  im_detect_service_commit_sync (self, "shutdown");
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

  im_detect_service_producer_ready_cb (self);
  im_detect_service_check_closed (self);

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
    im_detect_service_update_pause (self);

  g_clear_handle_id (&self->poll_timer, g_source_remove);
  g_clear_handle_id (&self->pump_idle, g_source_remove);
  self->poll_timer = g_timeout_add (IM_DETECT_POLL_INTERVAL_MS, shutdown_poll_cb, self);
  self->shutdown_timer = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                             self->options->shutdown_timeout_ns / 1000000,
                                             shutdown_timeout_cb, self, NULL);
  im_detect_service_check_closed (self);
}

gboolean
im_detect_service_shutdown_finish (ImDetectService  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
