/* im-writer.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-writer"

#include "config.h"

#include "im-writer.h"

/* Each batch is written by one GTask worker thread: libcurl's easy API
 * blocks, and so does waiting out a backoff. The consumer's main loop
 * stays free to poll Kafka meanwhile; results come back to it through
 * the GTask callback, health changes through g_main_context_invoke. */

struct _ImWriter
{
  GObject            parent_instance;

  ImInfluxClient    *client;
  guint              concurrency;
  gboolean           create_database;
  ImWriterDoneFunc   done_func;
  ImWriterStateFunc  state_func;
  gpointer           user_data;
  GMainContext      *context;
  ImWriterMetrics    metrics;

  gint64             backoff_base_ns;
  gint64             backoff_cap_ns;
  ImRandomFunc       random;
  gpointer           random_data;

  /* Shared with the worker threads. */
  GMutex             mutex;
  GCond              cond;
  gboolean           cancelled;
  guint              wakeups;     /* im_writer_retry_now() calls */
  GCancellable      *cancellable;
  char              *last_error;
  gboolean           last_alarm;
  int                n_failing;   /* atomic: batches currently retrying */
  GPtrArray         *jobs;        /* Job *, those in a worker thread */

  /* Main context only. */
  guint              n_in_flight;
  gboolean           reported_healthy;
};

G_DEFINE_FINAL_TYPE (ImWriter, im_writer, G_TYPE_OBJECT)

typedef struct
{
  guint start;
  guint end;
} Range;

typedef struct
{
  ImWriteResult result;
  gint64        request_started;   /* monotonic µs; 0 between requests. Under the mutex */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;
  guint n = im_batch_get_n_points (job->result.batch);

  for (guint i = 0; i < n; i++)
    g_free (job->result.reasons[i]);
  g_free (job->result.reasons);
  g_free (job->result.status);
  im_batch_free (job->result.batch);
  g_free (job);
}

static void
im_writer_finalize (GObject *object)
{
  ImWriter *self = (ImWriter *) object;

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (im_writer_parent_class)->finalize (object);
}

static void
im_writer_class_init (ImWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = im_writer_finalize;
}

static void
im_writer_init (ImWriter *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->cancellable = g_cancellable_new ();
  self->jobs = g_ptr_array_new ();
  self->backoff_base_ns = IM_BACKOFF_DEFAULT_BASE_NS;
  self->backoff_cap_ns = IM_BACKOFF_DEFAULT_CAP_NS;
  self->reported_healthy = TRUE;
}

ImWriter *
im_writer_new (ImInfluxClient    *client,
               guint              concurrency,
               gboolean           create_database,
               ImWriterDoneFunc   done_func,
               ImWriterStateFunc  state_func,
               gpointer           user_data)
{
  ImWriter *self;

  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (client), NULL);
  g_return_val_if_fail (concurrency > 0, NULL);
  g_return_val_if_fail (done_func != NULL, NULL);

  self = g_object_new (IM_TYPE_WRITER, NULL);
  self->client = g_object_ref (client);
  self->concurrency = concurrency;
  self->create_database = create_database;
  self->done_func = done_func;
  self->state_func = state_func;
  self->user_data = user_data;
  self->context = g_main_context_ref_thread_default ();

  return self;
}

void
im_writer_set_metrics (ImWriter              *self,
                       const ImWriterMetrics *metrics)
{
  g_return_if_fail (IM_IS_WRITER (self));
  g_return_if_fail (metrics != NULL);
  g_return_if_fail (self->n_in_flight == 0);

  self->metrics = *metrics;
}

void
im_writer_set_backoff (ImWriter     *self,
                       gint64        base_ns,
                       gint64        cap_ns,
                       ImRandomFunc  random,
                       gpointer      random_data)
{
  g_return_if_fail (IM_IS_WRITER (self));
  g_return_if_fail (base_ns > 0 && cap_ns >= base_ns);
  g_return_if_fail (self->n_in_flight == 0);

  self->backoff_base_ns = base_ns;
  self->backoff_cap_ns = cap_ns;
  self->random = random;
  self->random_data = random_data;
}

gboolean
im_writer_can_accept (ImWriter *self)
{
  g_return_val_if_fail (IM_IS_WRITER (self), FALSE);

  return self->n_in_flight < self->concurrency;
}

guint
im_writer_get_n_in_flight (ImWriter *self)
{
  g_return_val_if_fail (IM_IS_WRITER (self), 0);

  return self->n_in_flight;
}

gboolean
im_writer_is_healthy (ImWriter *self)
{
  g_return_val_if_fail (IM_IS_WRITER (self), FALSE);

  return g_atomic_int_get (&self->n_failing) == 0;
}

gint64
im_writer_get_request_age (ImWriter *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 oldest = 0;

  g_return_val_if_fail (IM_IS_WRITER (self), 0);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (self->jobs, i);

      if (job->request_started != 0)
        oldest = MAX (oldest, now - job->request_started);
    }
  g_mutex_unlock (&self->mutex);

  return oldest * 1000;
}

static void
set_request_started (ImWriter *self,
                     Job      *job,
                     gint64    started)
{
  g_mutex_lock (&self->mutex);
  job->request_started = started;
  g_mutex_unlock (&self->mutex);
}

static gboolean
notify_state_cb (gpointer data)
{
  ImWriter *self = data;
  g_autofree char *message = NULL;
  gboolean healthy;
  gboolean alarm;

  healthy = g_atomic_int_get (&self->n_failing) == 0;
  if (healthy == self->reported_healthy)
    return G_SOURCE_REMOVE;

  self->reported_healthy = healthy;

  g_mutex_lock (&self->mutex);
  message = g_strdup (self->last_error);
  alarm = self->last_alarm;
  g_mutex_unlock (&self->mutex);

  if (self->state_func != NULL)
    self->state_func (healthy, message, alarm, self->user_data);

  return G_SOURCE_REMOVE;
}

static void
notify_state (ImWriter *self)
{
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                              notify_state_cb, g_object_ref (self), g_object_unref);
}

static void
set_failing (ImWriter     *self,
             gboolean     *failing,
             const GError *error,
             gboolean      alarm)
{
  g_mutex_lock (&self->mutex);
  g_free (self->last_error);
  self->last_error = g_strdup (error->message);
  self->last_alarm = alarm;
  g_mutex_unlock (&self->mutex);

  if (!*failing)
    {
      *failing = TRUE;
      g_atomic_int_inc (&self->n_failing);
    }
  notify_state (self);
}

static void
clear_failing (ImWriter *self,
               gboolean *failing)
{
  if (!*failing)
    return;

  *failing = FALSE;
  g_atomic_int_add (&self->n_failing, -1);
  notify_state (self);
}

static gboolean
is_cancelled (ImWriter *self)
{
  gboolean cancelled;

  g_mutex_lock (&self->mutex);
  cancelled = self->cancelled;
  g_mutex_unlock (&self->mutex);

  return cancelled;
}

/* FALSE when cancelled while waiting. */
static gboolean
wait_backoff (ImWriter *self,
              gint64    delay_ns)
{
  gint64 end_time = g_get_monotonic_time () + delay_ns / 1000;
  gboolean cancelled;
  guint wakeups;

  g_mutex_lock (&self->mutex);
  wakeups = self->wakeups;
  while (!self->cancelled && self->wakeups == wakeups &&
         g_cond_wait_until (&self->cond, &self->mutex, end_time))
    ;
  cancelled = self->cancelled;
  g_mutex_unlock (&self->mutex);

  return !cancelled;
}

static gboolean
is_rejection (const GError *error)
{
  return g_error_matches (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_BAD_REQUEST) ||
         g_error_matches (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PARTIAL_WRITE) ||
         g_error_matches (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_TOO_LARGE);
}

static void
mark (Job           *job,
      Range          range,
      ImPointStatus  status,
      const char    *reason)
{
  for (guint i = range.start; i < range.end; i++)
    {
      job->result.status[i] = status;
      if (reason != NULL)
        job->result.reasons[i] = g_strdup (reason);
    }

  if (status == IM_POINT_WRITTEN)
    job->result.n_written += range.end - range.start;
  else if (status == IM_POINT_REJECTED)
    job->result.n_rejected += range.end - range.start;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *unused)
{
  ImWriter *self = source_object;
  Job *job = task_data;
  ImBatch *batch = job->result.batch;
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Range));
  ImBackoff backoff;
  gboolean failing = FALSE;
  gboolean abandoned = FALSE;
  Range all = { 0, im_batch_get_n_points (batch) };

  im_backoff_init (&backoff, self->backoff_base_ns, self->backoff_cap_ns,
                   self->random, self->random_data);
  g_array_append_val (stack, all);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->jobs, job);
  g_mutex_unlock (&self->mutex);

  while (stack->len > 0 && !abandoned)
    {
      Range range = g_array_index (stack, Range, stack->len - 1);

      g_array_set_size (stack, stack->len - 1);

      for (;;)
        {
          g_autoptr(GError) error = NULL;
          const char *body;
          gsize len;
          gint64 started;
          gboolean alarm;
          gboolean ok;

          if (is_cancelled (self))
            {
              abandoned = TRUE;
              break;
            }

          body = im_batch_get_lines (batch, range.start, range.end, &len);
          started = g_get_monotonic_time ();

          set_request_started (self, job, started);
          ok = im_influx_client_write (self->client, body, len, self->cancellable, &error);
          set_request_started (self, job, 0);

          if (ok)
            {
              if (self->metrics.write_seconds != NULL)
                im_metric_observe (self->metrics.write_seconds,
                                   (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
              if (self->metrics.points_written != NULL)
                im_metric_add (self->metrics.points_written, range.end - range.start);
              if (self->metrics.last_write_time != NULL)
                im_metric_set (self->metrics.last_write_time,
                               g_get_real_time () / (double) G_USEC_PER_SEC);

              mark (job, range, IM_POINT_WRITTEN, NULL);
              clear_failing (self, &failing);
              im_backoff_reset (&backoff);
              break;
            }

          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              is_cancelled (self))
            {
              abandoned = TRUE;
              break;
            }

          if (is_rejection (error))
            {
              /* InfluxDB answered: it is up, only the data is wrong. */
              clear_failing (self, &failing);
              im_backoff_reset (&backoff);

              if (range.end - range.start == 1)
                {
                  mark (job, range, IM_POINT_REJECTED, error->message);
                  if (self->metrics.points_rejected != NULL)
                    im_metric_add (self->metrics.points_rejected, 1);
                }
              else
                {
                  /* Bisect: the lower half is written first. A partial
                   * write stored the good lines already; writing them
                   * again rewrites identical points. */
                  guint mid = range.start + (range.end - range.start) / 2;
                  Range upper = { mid, range.end };
                  Range lower = { range.start, mid };

                  g_array_append_val (stack, upper);
                  g_array_append_val (stack, lower);
                }
              break;
            }

          if (g_error_matches (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_NOT_FOUND) &&
              self->create_database)
            {
              g_autoptr(GError) create_error = NULL;

              if (im_influx_client_create_database (self->client, self->cancellable, &create_error))
                continue;

              g_clear_error (&error);
              error = g_steal_pointer (&create_error);
            }

          alarm = !im_influx_error_is_retryable (error);
          set_failing (self, &failing, error, alarm);
          if (self->metrics.retries != NULL)
            im_metric_add (self->metrics.retries, 1);

          if (!wait_backoff (self, im_backoff_next (&backoff)))
            {
              abandoned = TRUE;
              break;
            }
        }
    }

  g_mutex_lock (&self->mutex);
  g_ptr_array_remove_fast (self->jobs, job);
  g_mutex_unlock (&self->mutex);

  clear_failing (self, &failing);
  job->result.abandoned = abandoned;
  g_task_return_boolean (task, TRUE);
}

static void
write_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ImWriter *self = IM_WRITER (object);
  Job *job = g_task_get_task_data (G_TASK (result));

  g_assert (self->n_in_flight > 0);
  self->n_in_flight--;

  if (self->done_func != NULL)
    self->done_func (&job->result, self->user_data);
}

void
im_writer_submit (ImWriter *self,
                  ImBatch  *batch)
{
  g_autoptr(GTask) task = NULL;
  Job *job;
  guint n;

  g_return_if_fail (IM_IS_WRITER (self));
  g_return_if_fail (batch != NULL);
  g_return_if_fail (im_batch_get_n_points (batch) > 0);
  g_return_if_fail (im_writer_can_accept (self));

  n = im_batch_get_n_points (batch);
  job = g_new0 (Job, 1);
  job->result.batch = batch;
  job->result.status = g_new0 (guint8, n);
  job->result.reasons = g_new0 (char *, n);

  self->n_in_flight++;

  task = g_task_new (self, NULL, write_done, NULL);
  g_task_set_source_tag (task, im_writer_submit);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, write_thread);
}

void
im_writer_retry_now (ImWriter *self)
{
  g_return_if_fail (IM_IS_WRITER (self));

  g_mutex_lock (&self->mutex);
  self->wakeups++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

void
im_writer_cancel (ImWriter *self)
{
  g_return_if_fail (IM_IS_WRITER (self));

  g_mutex_lock (&self->mutex);
  self->cancelled = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_cancellable_cancel (self->cancellable);
}

void
im_writer_detach (ImWriter *self)
{
  g_return_if_fail (IM_IS_WRITER (self));

  self->done_func = NULL;
  self->state_func = NULL;
  self->user_data = NULL;
}
