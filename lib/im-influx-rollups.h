/* im-influx-rollups.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-influx-client.h"

G_BEGIN_DECLS

/*
 * The rollups of sensor_readings: downsampled series that InfluxDB 1.x
 * keeps itself, through continuous queries into a retention policy per
 * resolution. Their one definition is im-influx-rollups.influxql (see
 * there for the fields and the rule for late data), which these functions
 * read and which compose/backend applies as they do.
 *
 * Per window, tags machine_id and sensor_id, and per sensor the fields
 * "<sensor>_mean", "_min", "_max", "_count" and "_sum".
 */

typedef struct
{
  const char *retention_policy;   /* "rollup_1m" */
  const char *measurement;        /* "sensor_readings_1m" */
  gint64      window_ns;          /* 60 s */
} ImInfluxRollup;

#define IM_INFLUX_RAW_RETENTION_POLICY  "autogen"
/* How long raw readings are kept unless told otherwise: as long as
 * CREATE DATABASE keeps them. */
#define IM_INFLUX_DEFAULT_RAW_RETENTION "INF"

/* Finest first; @n_rollups: (out). */
const ImInfluxRollup *im_influx_rollups_get           (guint           *n_rollups);

/* Whether @duration is an InfluxQL duration literal ("30d", "1h30m") or
 * "INF". */
gboolean              im_influx_rollups_is_duration   (const char      *duration);

/* The statements of the definition for @database, in order; @error when
 * @raw_retention is no duration. (element-type utf8) */
GPtrArray            *im_influx_rollups_statements    (const char      *database,
                                                       const char      *raw_retention,
                                                       GError         **error);

/* Creates the client's database, sets the raw readings' retention, and
 * creates the rollups' retention policies and continuous queries, as the
 * definition says; idempotent. */
gboolean              im_influx_rollups_create        (ImInfluxClient  *client,
                                                       const char      *raw_retention,
                                                       GCancellable    *cancellable,
                                                       GError         **error);

/* (element-type utf8): the SELECT … INTO of each continuous query
 * writing into rollup @index (its values, then its state counts), limited
 * to [@from_ns, @to_ns): what the queries do on their timer, for a range
 * of one's choosing. */
GPtrArray            *im_influx_rollups_backfill_queries (const char   *database,
                                                          guint         index,
                                                          gint64        from_ns,
                                                          gint64        to_ns);
/* Recomputes every rollup, finest first, over [@from_ns, @to_ns) widened
 * to whole windows: for data written later than the continuous queries
 * look back. */
gboolean              im_influx_rollups_backfill      (ImInfluxClient  *client,
                                                       gint64           from_ns,
                                                       gint64           to_ns,
                                                       GCancellable    *cancellable,
                                                       GError         **error);

G_END_DECLS
