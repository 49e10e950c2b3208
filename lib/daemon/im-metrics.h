/* im-metrics.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A small Prometheus registry. Updates are thread-safe and cheap; the
 * text exposition format is rendered on request. Daemon-only: it lives in
 * libindustrialmind-daemon. */

typedef struct _ImMetrics ImMetrics;
typedef struct _ImMetric  ImMetric;

ImMetrics *im_metrics_new            (void);
void       im_metrics_free           (ImMetrics     *metrics);

ImMetric  *im_metrics_add_counter    (ImMetrics     *metrics,
                                      const char    *name,
                                      const char    *help);
ImMetric  *im_metrics_add_gauge      (ImMetrics     *metrics,
                                      const char    *name,
                                      const char    *help);
/* @bounds: upper bounds, ascending; +Inf is implicit. */
ImMetric  *im_metrics_add_histogram  (ImMetrics     *metrics,
                                      const char    *name,
                                      const char    *help,
                                      const double  *bounds,
                                      guint          n_bounds);

/* The child of a family for one label value, created on first use. The
 * family itself is the child without labels. */
ImMetric  *im_metric_with_label      (ImMetric      *family,
                                      const char    *label,
                                      const char    *value);

void       im_metric_add             (ImMetric      *metric,
                                      double         delta);
void       im_metric_set             (ImMetric      *metric,
                                      double         value);
void       im_metric_observe         (ImMetric      *metric,
                                      double         value);
double     im_metric_get             (ImMetric      *metric);

void       im_metrics_render         (ImMetrics     *metrics,
                                      GString       *out);

/* HTTP on loopback: GET /metrics and GET /healthz. */

typedef gboolean (*ImHealthCheckFunc) (gpointer   user_data,
                                       char     **reason);

typedef struct _ImMetricsServer ImMetricsServer;

/* @address: "HOST:PORT" (port 0 picks a free one). */
ImMetricsServer *im_metrics_server_new      (ImMetrics          *metrics,
                                             const char         *address,
                                             ImHealthCheckFunc   health_check,
                                             gpointer            user_data,
                                             GError            **error);
/* The port actually bound. */
guint            im_metrics_server_get_port (ImMetricsServer    *server);
void             im_metrics_server_free     (ImMetricsServer    *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImMetrics, im_metrics_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImMetricsServer, im_metrics_server_free)

G_END_DECLS
