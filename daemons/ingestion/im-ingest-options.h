/* im-ingest-options.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Defaults chosen by measurement (tests/bench/ingestion/README.md): on
 * the 2-core reference machine throughput is CPU-bound and flat from
 * 1 000 to 10 000 points per write and 1 to 3 writes at once, while peak
 * RSS grows with both (47 MB at 1 000×1, 49 MB at 2 000×2, 64 MB at
 * 5 000×2); at 1 000 readings/s a 100 ms interval gives p50 66 ms and
 * p99 120 ms from reading to queryable (50 ms: 42/78 ms with twice the
 * requests, 250 ms: 143/268 ms). */
#define IM_INGEST_DEFAULT_GROUP            "ingestion-service"
#define IM_INGEST_DEFAULT_BATCH_SIZE       2000
#define IM_INGEST_DEFAULT_FLUSH_INTERVAL   "100ms"
#define IM_INGEST_DEFAULT_FETCH_WAKEUP     "20ms"
#define IM_INGEST_DEFAULT_WRITE_CONCURRENCY 2
#define IM_INGEST_DEFAULT_SHUTDOWN_TIMEOUT "10s"
#define IM_INGEST_DEFAULT_METRICS_ADDR     "127.0.0.1:9102"

/**
 * ImIngestOptions:
 *
 * The daemon's configuration, resolved once: command line first, then the
 * environment, then the default.
 */
typedef struct
{
  char    *brokers;
  char    *topic;
  char    *group;
  /* group.instance.id (static membership), or NULL */
  char    *instance_name;
  char    *dlq_topic;
  /* "key=value" librdkafka properties (-X), validated, in order */
  GStrv    kafka_overrides;
  char    *influxdb_url;
  char    *influxdb_db;
  char    *influxdb_token;
  char    *influxdb_username;
  char    *influxdb_password;
  gboolean gzip;
  gboolean create_database;
  /* with create_database: how long raw readings are kept (InfluxQL) */
  char    *raw_retention;
  guint    batch_size;
  gint64   flush_interval_ns;
  gint64   fetch_wakeup_ns;    /* 0: off */
  guint    write_concurrency;
  gint64   shutdown_timeout_ns;
  /* "HOST:PORT", or NULL when --metrics-addr=none */
  char    *metrics_addr;
} ImIngestOptions;

ImIngestOptions *im_ingest_options_new   (void);
void             im_ingest_options_free  (ImIngestOptions  *self);
/* Parses and removes the options from @argv. On FALSE, @error says what
 * was wrong (G_OPTION_ERROR or IM_CONFIG_ERROR) and the daemon exits 2. */
gboolean         im_ingest_options_parse (ImIngestOptions  *self,
                                          int              *argc,
                                          char           ***argv,
                                          GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImIngestOptions, im_ingest_options_free)

G_END_DECLS
