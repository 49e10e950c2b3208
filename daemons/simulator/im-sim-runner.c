/* im-sim-runner.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <gio/gio.h>

#include "im-reading.h"
#include "im-sim.h"
#include "im-sim-producer.h"
#include "im-sim-runner.h"
#include "im-util.h"

/* One generation step runs at most this long before the main loop gets
 * its turn again (signals, metrics requests, delivery reports). */
#define STEP_BUDGET_US       10000
/* While the producer queue is full: wait this long for delivery reports
 * before trying again. */
#define QUEUE_FULL_WAIT_MS   10
/* Delivery reports and metrics are served at least this often. */
#define TICK_MS              100
/* A progress line in the log this often. */
#define PROGRESS_EVERY_US    (60 * G_USEC_PER_SEC)
/* Stream output is written in pieces of about this size. */
#define STREAM_BUFFER_BYTES  (256 * 1024)
/* A wait for room in the producer queue this long is logged. */
#define LOG_WAIT_US          (5 * G_USEC_PER_SEC)
/* Each call to the producer's flush while draining blocks at most this. */
#define DRAIN_SLICE_MS       100

typedef enum
{
  STATE_IDLE,
  STATE_RUNNING,
  STATE_DRAINING,
  STATE_DONE,
} State;

struct _ImSimRunner
{
  ImSimConfig          config;
  ImSimOutput          output;
  guint64              count;
  gint64               end_ns;          /* G_MAXINT64: none */

  ImSimFleet          *fleet;
  ImSimProducer       *producer;
  FILE                *stream;
  GString             *buffer;          /* stream: lines not yet written */
  GString             *message;         /* Kafka: the reading being sent */
  char                 key[IM_ID_MAX_LEN + 1];
  gboolean             pending;         /* @message is still to be sent */
  gint64               full_since_us;   /* monotonic; 0: queue not full */

  State                state;
  guint                work_id;
  guint                tick_id;
  gint64               drain_deadline_us;   /* monotonic; 0: none */
  ImSimRunnerDoneFunc  done;
  gpointer             done_data;
  GError              *error;

  guint64              written;         /* stream output */
  guint64              undelivered;
  gboolean             caught_up;
  gint64               next_progress_us;

  ImMetrics           *metrics;
  ImMetric            *m_produced;
  ImMetric            *m_delivered;
  ImMetric            *m_failed;
  ImMetric            *m_queue;
  ImMetric            *m_lag;
  double               reported_produced;
  double               reported_delivered;
  double               reported_failed;
};

static void runner_schedule (ImSimRunner *self,
                             guint        delay_ms);
static void runner_drain    (ImSimRunner *self);

ImSimRunner *
im_sim_runner_new (const ImSimOptions  *options,
                   FILE                *stream,
                   GError             **error)
{
  g_autoptr(ImSimRunner) self = NULL;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (im_sim_config_is_valid (&options->sim), NULL);
  g_return_val_if_fail (options->output != IM_SIM_OUTPUT_STDOUT || stream != NULL, NULL);

  self = g_new0 (ImSimRunner, 1);
  self->config = options->sim;
  self->output = options->output;
  self->count = options->count;
  self->end_ns = options->duration_ns > 0 ? options->sim.start_time_ns + options->duration_ns
                                          : G_MAXINT64;
  self->fleet = im_sim_fleet_new (&options->sim);
  self->message = g_string_sized_new (512);
  self->state = STATE_IDLE;

  if (options->output == IM_SIM_OUTPUT_KAFKA)
    {
      self->producer = im_sim_producer_new (options->brokers, options->topic,
                                            (const char * const *) options->kafka_overrides,
                                            error);
      if (self->producer == NULL)
        return NULL;
    }
  else
    {
      self->stream = stream;
      self->buffer = g_string_sized_new (STREAM_BUFFER_BYTES + 1024);
    }

  return g_steal_pointer (&self);
}

void
im_sim_runner_free (ImSimRunner *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->work_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->producer, im_sim_producer_free);
  g_clear_pointer (&self->fleet, im_sim_fleet_free);
  if (self->buffer != NULL)
    g_string_free (self->buffer, TRUE);
  g_string_free (self->message, TRUE);
  g_clear_error (&self->error);
  g_free (self);
}

void
im_sim_runner_set_metrics (ImSimRunner *self,
                           ImMetrics   *metrics)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (metrics != NULL);
  g_return_if_fail (self->metrics == NULL);

  self->metrics = metrics;
  self->m_produced = im_metrics_add_counter (metrics,
    "industrialmind_simulator_readings_produced_total",
    "Readings generated and handed to the output");
  self->m_delivered = im_metrics_add_counter (metrics,
    "industrialmind_simulator_readings_delivered_total",
    "Readings acknowledged by Kafka (acks=all) or written to stdout");
  self->m_failed = im_metrics_add_counter (metrics,
    "industrialmind_simulator_readings_failed_total",
    "Readings whose delivery failed");
  self->m_queue = im_metrics_add_gauge (metrics,
    "industrialmind_simulator_queue_depth",
    "Readings produced but not yet acknowledged");
  self->m_lag = im_metrics_add_gauge (metrics,
    "industrialmind_simulator_lag_seconds",
    "How far the next reading's time is behind the clock (backfill left)");
  im_metric_set (im_metrics_add_gauge (metrics, "industrialmind_simulator_machines",
                                       "Machines simulated"),
                 self->config.n_machines);
}

guint64
im_sim_runner_get_produced (ImSimRunner *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->producer != NULL)
    return im_sim_producer_get_produced (self->producer);
  return self->written;
}

guint64
im_sim_runner_get_delivered (ImSimRunner *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->producer != NULL)
    return im_sim_producer_get_delivered (self->producer);
  return self->written;
}

guint64
im_sim_runner_get_failed (ImSimRunner *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->producer != NULL)
    return im_sim_producer_get_failed (self->producer);
  return 0;
}

guint64
im_sim_runner_get_undelivered (ImSimRunner *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->undelivered;
}

gboolean
im_sim_runner_get_error (ImSimRunner  *self,
                         GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->error == NULL)
    return FALSE;

  if (error != NULL)
    *error = g_error_copy (self->error);
  return TRUE;
}

gboolean
im_sim_runner_is_done (ImSimRunner *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->state == STATE_DONE;
}

gboolean
im_sim_runner_check_health (gpointer   user_data,
                            char     **reason)
{
  ImSimRunner *self = user_data;

  if (self->error != NULL)
    {
      *reason = g_strdup (self->error->message);
      return FALSE;
    }

  if (self->producer != NULL && !im_sim_producer_is_connected (self->producer, reason))
    return FALSE;

  return TRUE;
}

static void
runner_update_metrics (ImSimRunner *self)
{
  double produced, delivered, failed;
  gint64 lag_ns;

  if (self->metrics == NULL)
    return;

  produced = im_sim_runner_get_produced (self);
  delivered = im_sim_runner_get_delivered (self);
  failed = im_sim_runner_get_failed (self);
  im_metric_add (self->m_produced, produced - self->reported_produced);
  im_metric_add (self->m_delivered, delivered - self->reported_delivered);
  im_metric_add (self->m_failed, failed - self->reported_failed);
  self->reported_produced = produced;
  self->reported_delivered = delivered;
  self->reported_failed = failed;

  im_metric_set (self->m_queue,
                 self->producer != NULL ? im_sim_producer_get_queue_length (self->producer) : 0);
  lag_ns = self->state == STATE_RUNNING ? im_now_ns () - im_sim_fleet_peek_time (self->fleet) : 0;
  im_metric_set (self->m_lag, MAX (lag_ns, 0) / 1e9);
}

static void
runner_log_progress (ImSimRunner *self,
                     const char  *message)
{
  g_autofree char *produced = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                               im_sim_runner_get_produced (self));
  g_autofree char *delivered = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                im_sim_runner_get_delivered (self));
  g_autofree char *failed = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             im_sim_runner_get_failed (self));
  g_autofree char *queued = g_strdup_printf ("%u",
                                             self->producer != NULL ?
                                             im_sim_producer_get_queue_length (self->producer) :
                                             0);
  const GLogField fields[] = {
    { "MESSAGE", message, -1 },
    { "PRIORITY", "5", -1 },
    { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
    { "EVENT", "progress", -1 },
    { "PRODUCED", produced, -1 },
    { "DELIVERED", delivered, -1 },
    { "FAILED", failed, -1 },
    { "QUEUED", queued, -1 },
  };

  g_log_structured_array (G_LOG_LEVEL_MESSAGE, fields, G_N_ELEMENTS (fields));
}

static gboolean
runner_write_stream (ImSimRunner *self)
{
  if (self->buffer->len == 0)
    return TRUE;

  if (fwrite (self->buffer->str, 1, self->buffer->len, self->stream) != self->buffer->len ||
      fflush (self->stream) != 0)
    {
      int saved_errno = errno;

      g_set_error (&self->error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Writing readings: %s", g_strerror (saved_errno));
      return FALSE;
    }

  g_string_truncate (self->buffer, 0);
  return TRUE;
}

static void
runner_finish (ImSimRunner *self)
{
  g_clear_handle_id (&self->work_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);

  if (self->producer != NULL)
    {
      im_sim_producer_poll (self->producer, 0);
      if (im_sim_producer_get_queue_length (self->producer) > 0)
        {
          im_sim_producer_purge (self->producer);
          im_sim_producer_flush (self->producer, 0);
        }
      self->undelivered = im_sim_producer_get_produced (self->producer) -
                          im_sim_producer_get_delivered (self->producer) -
                          im_sim_producer_get_failed (self->producer);
    }
  else if (self->stream != NULL && self->error == NULL)
    {
      runner_write_stream (self);
    }

  self->state = STATE_DONE;
  runner_update_metrics (self);

  if (self->done != NULL)
    self->done (self, self->done_data);
}

static void
runner_fail (ImSimRunner *self,
             GError      *error)
{
  /* Logged by whoever reads im_sim_runner_get_error(). */
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  runner_finish (self);
}

static gboolean
runner_check_fatal (ImSimRunner *self)
{
  GError *error = NULL;

  if (self->producer != NULL && im_sim_producer_get_fatal_error (self->producer, &error))
    {
      runner_fail (self, error);
      return TRUE;
    }

  return FALSE;
}

/* Hands the encoded reading to the output; FALSE when it has to wait. */
static gboolean
runner_send_pending (ImSimRunner *self,
                     GError     **error)
{
  switch (im_sim_producer_send (self->producer, self->key, strlen (self->key),
                                self->message->str, self->message->len, error))
    {
    case IM_SIM_SEND_OK:
      self->pending = FALSE;
      if (self->full_since_us != 0)
        {
          gint64 waited = g_get_monotonic_time () - self->full_since_us;

          if (waited >= LOG_WAIT_US)
            {
              char seconds[G_ASCII_DTOSTR_BUF_SIZE];

              g_ascii_formatd (seconds, sizeof seconds, "%.1f", waited / 1e6);
              g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                                "EVENT", "backpressure",
                                "WAITED_S", seconds,
                                "MESSAGE", "Generation waited %s s for room in the Kafka queue",
                                seconds);
            }
          self->full_since_us = 0;
        }
      return TRUE;

    case IM_SIM_SEND_QUEUE_FULL:
      if (self->full_since_us == 0)
        self->full_since_us = g_get_monotonic_time ();
      return FALSE;

    case IM_SIM_SEND_ERROR:
    default:
      return FALSE;
    }
}

static gboolean
runner_limit_reached (ImSimRunner *self)
{
  return (self->count > 0 && im_sim_fleet_get_n_readings (self->fleet) >= self->count) ||
         im_sim_fleet_peek_time (self->fleet) >= self->end_ns;
}

static gboolean
generate_cb (gpointer user_data)
{
  ImSimRunner *self = user_data;
  gint64 budget_end = g_get_monotonic_time () + STEP_BUDGET_US;
  gint64 now_ns = im_now_ns ();
  guint n = 0;

  self->work_id = 0;

  for (;;)
    {
      ImReading reading;
      gint64 next_ns;

      if (self->pending)
        {
          GError *error = NULL;

          if (!runner_send_pending (self, &error))
            {
              if (error != NULL)
                {
                  runner_fail (self, error);
                  return G_SOURCE_REMOVE;
                }
              /* Backpressure: the queue is full, wait for deliveries. */
              im_sim_producer_poll (self->producer, QUEUE_FULL_WAIT_MS);
              if (runner_check_fatal (self))
                return G_SOURCE_REMOVE;
              if (g_get_monotonic_time () >= budget_end)
                break;
              continue;
            }
        }

      if (runner_limit_reached (self))
        {
          runner_drain (self);
          return G_SOURCE_REMOVE;
        }

      next_ns = im_sim_fleet_peek_time (self->fleet);
      if (next_ns > now_ns)
        {
          now_ns = im_now_ns ();
          if (next_ns > now_ns)
            {
              if (!self->caught_up)
                {
                  /* Worth a line after history (backfill or a past start). */
                  self->caught_up = TRUE;
                  if (now_ns - self->config.start_time_ns > self->config.interval_ns)
                    runner_log_progress (self, "Caught up with the clock: generating live");
                }
              if (self->stream != NULL && !runner_write_stream (self))
                {
                  runner_fail (self, g_steal_pointer (&self->error));
                  return G_SOURCE_REMOVE;
                }
              runner_schedule (self, (guint) MIN ((next_ns - now_ns + IM_NSEC_PER_MSEC - 1) /
                                                  IM_NSEC_PER_MSEC, G_MAXUINT / 2));
              return G_SOURCE_REMOVE;
            }
        }

      im_sim_fleet_next (self->fleet, &reading);
      n++;

      if (self->producer != NULL)
        {
          g_string_truncate (self->message, 0);
          im_reading_append_json (&reading, self->message);
          memcpy (self->key, reading.machine_id, sizeof self->key);
          self->pending = TRUE;
        }
      else
        {
          im_reading_append_json (&reading, self->buffer);
          g_string_append_c (self->buffer, '\n');
          self->written++;
          if (self->buffer->len >= STREAM_BUFFER_BYTES && !runner_write_stream (self))
            {
              runner_fail (self, g_steal_pointer (&self->error));
              return G_SOURCE_REMOVE;
            }
        }

      if (n % 256 == 0)
        {
          if (self->producer != NULL)
            im_sim_producer_poll (self->producer, 0);
          if (g_get_monotonic_time () >= budget_end)
            break;
        }
    }

  if (self->producer != NULL)
    {
      im_sim_producer_poll (self->producer, 0);
      if (runner_check_fatal (self))
        return G_SOURCE_REMOVE;
    }
  else if (!runner_write_stream (self))
    {
      runner_fail (self, g_steal_pointer (&self->error));
      return G_SOURCE_REMOVE;
    }

  runner_schedule (self, 0);
  return G_SOURCE_REMOVE;
}

static void
runner_schedule (ImSimRunner *self,
                 guint        delay_ms)
{
  g_assert (self->work_id == 0);

  if (delay_ms == 0)
    self->work_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, generate_cb, self, NULL);
  else
    self->work_id = g_timeout_add (delay_ms, generate_cb, self);
}

static gboolean
drain_cb (gpointer user_data)
{
  ImSimRunner *self = user_data;
  int slice = DRAIN_SLICE_MS;

  if (self->drain_deadline_us > 0)
    {
      gint64 left_ms = (self->drain_deadline_us - g_get_monotonic_time ()) / 1000;

      slice = (int) CLAMP (left_ms, 0, DRAIN_SLICE_MS);
    }

  if (im_sim_producer_flush (self->producer, slice))
    {
      self->work_id = 0;
      runner_finish (self);
      return G_SOURCE_REMOVE;
    }

  if (runner_check_fatal (self))
    return G_SOURCE_REMOVE;

  if (self->drain_deadline_us > 0 && g_get_monotonic_time () >= self->drain_deadline_us)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                        "EVENT", "flush-timeout",
                        "MESSAGE", "Flush timed out with %u readings undelivered",
                        im_sim_producer_get_queue_length (self->producer));
      self->work_id = 0;
      runner_finish (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Generation is over: deliver what was produced. */
static void
runner_drain (ImSimRunner *self)
{
  g_clear_handle_id (&self->work_id, g_source_remove);
  self->state = STATE_DRAINING;

  if (self->producer == NULL)
    {
      runner_finish (self);
      return;
    }

  self->work_id = g_timeout_add (1, drain_cb, self);
}

static gboolean
tick_cb (gpointer user_data)
{
  ImSimRunner *self = user_data;
  gint64 now_us = g_get_monotonic_time ();

  if (self->producer != NULL)
    {
      im_sim_producer_poll (self->producer, 0);
      if (runner_check_fatal (self))
        return G_SOURCE_REMOVE;
    }

  runner_update_metrics (self);

  if (now_us >= self->next_progress_us)
    {
      if (self->next_progress_us > 0)
        runner_log_progress (self, "Progress");
      self->next_progress_us = now_us + PROGRESS_EVERY_US;
    }

  return G_SOURCE_CONTINUE;
}

void
im_sim_runner_start (ImSimRunner         *self,
                     ImSimRunnerDoneFunc  done,
                     gpointer             user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->state == STATE_IDLE);

  self->done = done;
  self->done_data = user_data;
  self->state = STATE_RUNNING;
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  runner_schedule (self, 0);
}

void
im_sim_runner_stop (ImSimRunner *self,
                    guint        flush_timeout_ms)
{
  g_return_if_fail (self != NULL);

  switch (self->state)
    {
    case STATE_IDLE:
      self->state = STATE_DONE;
      return;

    case STATE_RUNNING:
      /* An encoded reading not yet accepted was never produced. */
      self->pending = FALSE;
      runner_drain (self);
      break;

    case STATE_DRAINING:
      break;

    case STATE_DONE:
    default:
      return;
    }

  if (self->state == STATE_DRAINING)
    {
      gint64 deadline = g_get_monotonic_time () + (gint64) flush_timeout_ms * 1000;

      if (self->drain_deadline_us == 0 || deadline < self->drain_deadline_us)
        self->drain_deadline_us = deadline;
    }
}
