/* im-ingest-metrics.c — the metrics the ingestion service exports on
 * /metrics, created once at start.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-ingest-metrics.h"

void
im_ingest_metrics_init (ImIngestMetrics *m,
                        ImMetrics       *metrics)
{
  static const double bounds[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30 };

  g_return_if_fail (m != NULL);
  g_return_if_fail (metrics != NULL);

#define P IM_INGEST_METRICS_PREFIX
  m->consumed = im_metrics_add_counter (metrics, P "messages_consumed_total",
                                        "Messages read from Kafka");
  m->written = im_metrics_add_counter (metrics, P "points_written_total",
                                       "Points written to InfluxDB (rewrites after a retry or a 4xx bisection included)");
  m->rejected = im_metrics_add_counter (metrics, P "points_rejected_total",
                                        "Points InfluxDB refused with a 4xx, dead-lettered");
  m->invalid = im_metrics_add_counter (metrics, P "invalid_messages_total",
                                       "Messages dead-lettered, by reason");
  m->dead_lettered = im_metrics_add_counter (metrics, P "dead_lettered_total",
                                             "Dead letters acknowledged by Kafka");
  m->batches = im_metrics_add_counter (metrics, P "batches_total",
                                       "Batches handed to the writer");
  m->write_seconds = im_metrics_add_histogram (metrics, P "write_duration_seconds",
                                               "Duration of successful InfluxDB write requests",
                                               bounds, G_N_ELEMENTS (bounds));
  m->retries = im_metrics_add_counter (metrics, P "write_retries_total",
                                       "InfluxDB writes retried after a failure");
  m->lag = im_metrics_add_gauge (metrics, P "consumer_lag",
                                 "Messages between the committed offset and the end of each partition");
  /* librdkafka's lag stands still while a partition is paused (nothing
   * is fetched, so the end offset is not updated); the committed offset
   * against the topic's end, from outside, is the lag that counts. */
  m->committed = im_metrics_add_gauge (metrics, P "committed_offset",
                                       "Offset committed for each assigned partition");
  m->paused = im_metrics_add_gauge (metrics, P "paused",
                                    "1 while the assigned partitions are paused");
  m->last_write_time = im_metrics_add_gauge (metrics, P "last_write_timestamp_seconds",
                                             "Unix time of the last successful InfluxDB write");
  m->assigned = im_metrics_add_gauge (metrics, P "assigned_partitions",
                                      "Partitions assigned to this instance");
  m->in_flight = im_metrics_add_gauge (metrics, P "messages_in_flight",
                                       "Messages consumed and not yet written or dead-lettered");
  m->fetch_wakeups = im_metrics_add_counter (metrics, P "fetch_wakeups_total",
                                             "Requests that woke librdkafka's fetcher while behind (--fetch-wakeup)");
#undef P
}
