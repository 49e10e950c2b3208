/* im-influx-client-private.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-influx-client.h"

G_BEGIN_DECLS

/* Reads the JSON answers of /query into an ImInfluxResult as they
 * arrive: one JSON document, or several (chunked=true sends one per
 * chunk, series cut into pieces marked "partial"), in pieces of any
 * size. Only one document's tree is held at a time. */
typedef struct _ImInfluxResultBuilder ImInfluxResultBuilder;

ImInfluxResultBuilder *im_influx_result_builder_new    (void);
void                   im_influx_result_builder_free   (ImInfluxResultBuilder  *builder);
/* IM_INFLUX_ERROR_PROTOCOL for text that is not the JSON we expect,
 * IM_INFLUX_ERROR_QUERY for an "error" the server put in the answer
 * (its text is the message). After an error, feeding fails again. */
gboolean               im_influx_result_builder_feed   (ImInfluxResultBuilder  *builder,
                                                        const char             *data,
                                                        gsize                   len,
                                                        GError                **error);
/* The result; PROTOCOL when the answer stopped inside a document or held
 * none. Frees @builder in any case. */
ImInfluxResult        *im_influx_result_builder_finish (ImInfluxResultBuilder  *builder,
                                                        GError                **error);

/* The same on a whole answer. */
ImInfluxResult        *im_influx_result_new_from_json  (const char             *data,
                                                        gsize                   len,
                                                        GError                **error);

/* im_influx_client_query() with the answer read and thrown away, not
 * decoded: what the server alone takes (the benchmarks' reference).
 * @n_bytes (may be NULL): how long the answer was. */
gboolean               im_influx_client_query_discard  (ImInfluxClient         *client,
                                                        const char             *influxql,
                                                        guint64                *n_bytes,
                                                        GCancellable           *cancellable,
                                                        GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImInfluxResultBuilder, im_influx_result_builder_free)

G_END_DECLS
