/* im-writer.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "im-backoff.h"
#include "im-batch.h"
#include "im-influx-client.h"
#include "im-metrics.h"

G_BEGIN_DECLS

typedef enum
{
  IM_POINT_PENDING,    /* not written: the batch was abandoned */
  IM_POINT_WRITTEN,
  IM_POINT_REJECTED,   /* InfluxDB refused it (4xx); see the reason */
} ImPointStatus;

/**
 * ImWriteResult:
 * @batch: the batch as submitted
 * @status: one #ImPointStatus per point
 * @reasons: for each rejected point InfluxDB's answer, else %NULL
 * @abandoned: im_writer_cancel() stopped the batch before it was done
 *
 * What became of a batch. Owned by the writer, valid during the callback.
 */
typedef struct
{
  ImBatch  *batch;
  guint8   *status;
  char    **reasons;
  guint     n_written;
  guint     n_rejected;
  gboolean  abandoned;
} ImWriteResult;

/* Both are called on the main context the writer was created in. */
typedef void (*ImWriterDoneFunc)  (ImWriteResult *result,
                                   gpointer       user_data);
/* @healthy: FALSE while at least one batch is retrying; @message: the last
 * error; @alarm: the error is one that needs an operator (unknown
 * database, credentials refused, TLS), not a passing outage. */
typedef void (*ImWriterStateFunc) (gboolean       healthy,
                                   const char    *message,
                                   gboolean       alarm,
                                   gpointer       user_data);

/* Each member may be NULL. Updated from the writing threads. */
typedef struct
{
  ImMetric *points_written;
  ImMetric *points_rejected;
  ImMetric *write_seconds;     /* histogram, per request */
  ImMetric *retries;
  ImMetric *last_write_time;   /* gauge, Unix seconds */
} ImWriterMetrics;

#define IM_TYPE_WRITER (im_writer_get_type ())

G_DECLARE_FINAL_TYPE (ImWriter, im_writer, IM, WRITER, GObject)

/**
 * im_writer_new:
 * @concurrency: batches written at once, each in a worker thread
 * @create_database: answer "database not found" by creating it
 *
 * Writes batches to InfluxDB and never gives a batch up while running:
 * retryable failures (connection, timeout, 5xx, 429) and alarms (unknown
 * database without @create_database, 401/403, TLS, unreadable answers) are
 * retried with exponential backoff and full jitter; a 4xx for the request
 * (bad request, partial write, too large) is bisected down to the points
 * InfluxDB refuses, which are reported as rejected, the rest is written.
 */
ImWriter *im_writer_new             (ImInfluxClient        *client,
                                     guint                  concurrency,
                                     gboolean               create_database,
                                     ImWriterDoneFunc       done_func,
                                     ImWriterStateFunc      state_func,
                                     gpointer               user_data);
void      im_writer_set_metrics     (ImWriter              *self,
                                     const ImWriterMetrics *metrics);
/* For tests: delays and their randomness. */
void      im_writer_set_backoff     (ImWriter              *self,
                                     gint64                 base_ns,
                                     gint64                 cap_ns,
                                     ImRandomFunc           random,
                                     gpointer               random_data);
gboolean  im_writer_can_accept      (ImWriter              *self);
guint     im_writer_get_n_in_flight (ImWriter              *self);
gboolean  im_writer_is_healthy      (ImWriter              *self);
/* How long the oldest request now waiting for InfluxDB has been waiting,
 * in ns; 0 when none is (between requests, backoff waits do not count). */
gint64    im_writer_get_request_age (ImWriter              *self);
/* Takes ownership of @batch; only when im_writer_can_accept(). */
void      im_writer_submit          (ImWriter              *self,
                                     ImBatch               *batch);
/* Ends the backoff waits now: InfluxDB is known to answer again, so the
 * batches retrying need not wait out a delay of up to 30 s. */
void      im_writer_retry_now       (ImWriter              *self);
/* Stops retrying and interrupts requests: batches in flight finish soon,
 * abandoned where not done. Further batches are abandoned at once. */
void      im_writer_cancel          (ImWriter              *self);
/* No callbacks after this (the owner goes away). */
void      im_writer_detach          (ImWriter              *self);

G_END_DECLS
