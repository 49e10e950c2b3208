/* im-metrics-scrape.h — reading another daemon's /metrics
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The sum of every sample of the family @name (any labels) in @text, the
 * Prometheus text format; FALSE when there is none. Comments, other
 * families and names that only begin with @name do not count. */
gboolean im_metrics_text_sum      (const char           *text,
                                   const char           *name,
                                   double               *sum);

/* GET @url (a daemon's /metrics, e.g. "http://127.0.0.1:9102/metrics");
 * the body on a 200, else an error. */
void     im_metrics_fetch_async   (const char           *url,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
char    *im_metrics_fetch_finish  (GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS
