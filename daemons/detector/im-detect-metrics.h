/* im-detect-metrics.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-metrics.h"

G_BEGIN_DECLS

/* Metric names, all prefixed with this. */
#define IM_DETECT_METRICS_PREFIX "industrialmind_detector_"

/* The detector service's metrics (names under IM_DETECT_METRICS_PREFIX);
 * the families take one label, named beside them. */
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
} ImDetectMetrics;

/* Registers every metric in @metrics, which owns them. */
void im_detect_metrics_init (ImDetectMetrics *m,
                             ImMetrics       *metrics);

G_END_DECLS
