/* im-detect-options.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IM_DETECT_DEFAULT_GROUP            "industrialmind-detector"
#define IM_DETECT_DEFAULT_ANOMALIES_TOPIC  "anomalies"
#define IM_DETECT_DEFAULT_ALARMS_TOPIC     "alarms"
#define IM_DETECT_DEFAULT_METRICS_ADDR     "127.0.0.1:9103"
#define IM_DETECT_DEFAULT_SHUTDOWN_TIMEOUT "10s"
/* Readings of each partition read again on assignment to rebuild the
 * detectors' state: at 1 Hz with 17 machines a partition (100 machines
 * on 6 partitions) about 98 minutes, more than a life cycle at the
 * simulator's default MTTF of 1 h and 10 minutes of maintenance. */
#define IM_DETECT_DEFAULT_REPLAY           100000
#define IM_DETECT_DEFAULT_ACK_INTERVAL     "5s"

/**
 * ImDetectOptions:
 *
 * The detector's configuration, resolved once: command line first, then
 * the environment, then the default. With @input_path set it runs
 * offline and the Kafka and InfluxDB options are not used.
 */
typedef struct
{
  char    *input_path;
  char    *output_path;
  gboolean keep_open;

  char    *brokers;
  char    *topic;
  char    *group;
  char    *instance_name;
  char    *anomalies_topic;
  char    *alarms_topic;
  GStrv    kafka_overrides;
  char    *influxdb_url;
  char    *influxdb_db;
  char    *influxdb_token;
  char    *influxdb_username;
  char    *influxdb_password;
  gboolean create_database;
  guint64  replay;
  /* NULL: the built-in rules; "none": no alarms */
  char    *alarm_rules;
  gboolean alarms;
  gint64   ack_interval_ns;
  /* The ingestion's /metrics, for the pipeline alarms; NULL: none */
  char    *ingestion_metrics;
  gint64   shutdown_timeout_ns;
  char    *metrics_addr;
} ImDetectOptions;

ImDetectOptions *im_detect_options_new   (void);
void             im_detect_options_free  (ImDetectOptions  *self);
/* Parses and removes the options from @argv; FALSE is a usage error. */
gboolean         im_detect_options_parse (ImDetectOptions  *self,
                                          int              *argc,
                                          char           ***argv,
                                          GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImDetectOptions, im_detect_options_free)

G_END_DECLS
