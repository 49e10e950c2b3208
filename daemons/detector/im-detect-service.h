/* im-detect-service.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "im-detect-options.h"
#include "im-metrics.h"

G_BEGIN_DECLS

#define IM_DETECT_METRICS_PREFIX "industrialmind_detector_"

typedef struct
{
  guint64 consumed;
  guint64 replayed;        /* readings read again to rebuild state */
  guint64 invalid;
  guint64 events;          /* published (not counting suppressed ones) */
  guint64 alarm_records;
  guint64 delivered;       /* Kafka deliveries acknowledged */
  guint64 written;         /* InfluxDB points written */
  guint   n_assigned;
  guint   n_in_flight;
} ImDetectStats;

#define IM_TYPE_DETECT_SERVICE (im_detect_service_get_type ())

G_DECLARE_FINAL_TYPE (ImDetectService, im_detect_service, IM, DETECT_SERVICE, GObject)

/* The daemon mode: sensor-readings → detectors and alarm engine → the
 * anomalies and alarms topics and InfluxDB. @options must outlive it. */
ImDetectService *im_detect_service_new            (const ImDetectOptions  *options,
                                                   ImMetrics              *metrics,
                                                   GError                **error);
gboolean         im_detect_service_start          (ImDetectService        *self,
                                                   GError                **error);
/* Stops fetching, delivers what is in flight (up to the shutdown
 * timeout), commits and leaves the group. */
void             im_detect_service_shutdown_async (ImDetectService        *self,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
gboolean         im_detect_service_shutdown_finish (ImDetectService       *self,
                                                   GAsyncResult           *result,
                                                   GError                **error);
/* An ImHealthCheckFunc for the metrics server. */
gboolean         im_detect_service_check_health   (gpointer                data,
                                                   char                  **reason);
void             im_detect_service_get_stats      (ImDetectService        *self,
                                                   ImDetectStats          *stats);

G_END_DECLS
