/* im-ingest-service.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "im-ingest-options.h"
#include "im-metrics.h"

G_BEGIN_DECLS

/* Metric names, all prefixed with this. */
#define IM_INGEST_METRICS_PREFIX "industrialmind_ingestion_"

#define IM_TYPE_INGEST_SERVICE (im_ingest_service_get_type ())

G_DECLARE_FINAL_TYPE (ImIngestService, im_ingest_service, IM, INGEST_SERVICE, GObject)

typedef void (*ImIngestServiceClosedFunc) (ImIngestService *self,
                                           gpointer         user_data);

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
 * timeout), commits what is done, leaves the group, then calls @func. */
void             im_ingest_service_shutdown     (ImIngestService            *self,
                                                 ImIngestServiceClosedFunc   func,
                                                 gpointer                    user_data);
/* An ImHealthCheckFunc: consuming and InfluxDB reachable. */
gboolean         im_ingest_service_check_health (gpointer                    self,
                                                 char                      **reason);
void             im_ingest_service_get_stats    (ImIngestService            *self,
                                                 ImIngestStats              *stats);

G_END_DECLS
