/* im-ingest-metrics.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-metrics.h"

G_BEGIN_DECLS

/* Metric names, all prefixed with this. */
#define IM_INGEST_METRICS_PREFIX "industrialmind_ingestion_"

/* The ingestion service's metrics (names under IM_INGEST_METRICS_PREFIX);
 * the families take one label, named beside them. */
typedef struct
{
  ImMetric *consumed;
  ImMetric *written;
  ImMetric *rejected;
  ImMetric *invalid;          /* family, label "reason" */
  ImMetric *dead_lettered;
  ImMetric *batches;
  ImMetric *write_seconds;
  ImMetric *retries;
  ImMetric *lag;              /* family, label "partition" */
  ImMetric *committed;        /* family, label "partition" */
  ImMetric *paused;
  ImMetric *last_write_time;
  ImMetric *assigned;
  ImMetric *in_flight;
  ImMetric *fetch_wakeups;
} ImIngestMetrics;

/* Registers every metric in @metrics, which owns them. */
void im_ingest_metrics_init (ImIngestMetrics *m,
                             ImMetrics       *metrics);

G_END_DECLS
