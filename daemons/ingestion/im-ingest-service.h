/* im-ingest-service.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "im-ingest-metrics.h"
#include "im-ingest-options.h"
#include "im-metrics.h"

G_BEGIN_DECLS

#define IM_TYPE_INGEST_SERVICE (im_ingest_service_get_type ())

G_DECLARE_FINAL_TYPE (ImIngestService, im_ingest_service, IM, INGEST_SERVICE, GObject)

/* Counters for tests and logs; a snapshot. */
typedef struct
{
  guint64 consumed;
  guint64 written;
  guint64 invalid;
  guint64 dead_lettered;
  guint64 batches;
  guint   n_assigned;
  guint   n_in_flight;
  gboolean paused;
} ImIngestStats;

/* @options must outlive the service. @metrics: (nullable). */
ImIngestService *im_ingest_service_new          (const ImIngestOptions      *options,
                                                 ImMetrics                  *metrics,
                                                 GError                    **error);
/* Subscribes and starts consuming on the thread-default main context. */
gboolean         im_ingest_service_start        (ImIngestService            *self,
                                                 GError                    **error);
/* Stops fetching, writes what it holds (retrying until the shutdown
 * timeout, or until @cancellable is cancelled), commits what is done and
 * closes the consumer; then @callback runs. G_IO_ERROR_PENDING when a
 * shutdown is under way already. */
void             im_ingest_service_shutdown_async  (ImIngestService            *self,
                                                    GCancellable               *cancellable,
                                                    GAsyncReadyCallback         callback,
                                                    gpointer                    user_data);
gboolean         im_ingest_service_shutdown_finish (ImIngestService            *self,
                                                    GAsyncResult               *result,
                                                    GError                    **error);
/* An ImHealthCheckFunc: consuming and InfluxDB reachable. */
gboolean         im_ingest_service_check_health (gpointer                    self,
                                                 char                      **reason);
void             im_ingest_service_get_stats    (ImIngestService            *self,
                                                 ImIngestStats              *stats);

G_END_DECLS
