/* im-detect-metrics.c — the metrics the detector service exports on
 * /metrics, created once at start.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-detect-metrics.h"

void
im_detect_metrics_init (ImDetectMetrics *m,
                        ImMetrics       *metrics)
{
  static const double bounds[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30 };

  m->consumed = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "readings_consumed_total",
                                        "Readings read from Kafka past the committed offsets");
  m->replayed = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "readings_replayed_total",
                                        "Readings read again on assignment to rebuild the state");
  m->invalid = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "invalid_messages_total",
                                       "Messages that are not valid readings, skipped");
  m->events = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "events_total",
                                      "Anomaly events published, by type");
  m->alarm_records = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "alarm_records_total",
                                             "Alarm records published");
  m->delivered = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "deliveries_total",
                                         "Records acknowledged by Kafka");
  m->delivery_errors = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "delivery_errors_total",
                                               "Kafka deliveries failed and produced again");
  m->written = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "points_written_total",
                                       "Points written to InfluxDB");
  m->write_seconds = im_metrics_add_histogram (metrics, IM_DETECT_METRICS_PREFIX "write_duration_seconds",
                                               "Duration of successful InfluxDB write requests",
                                               bounds, G_N_ELEMENTS (bounds));
  m->retries = im_metrics_add_counter (metrics, IM_DETECT_METRICS_PREFIX "write_retries_total",
                                       "InfluxDB writes retried after a failure");
  m->last_write_time = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "last_write_timestamp_seconds",
                                             "Unix time of the last successful InfluxDB write");
  m->assigned = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "assigned_partitions",
                                      "Partitions assigned to this instance");
  m->warming = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "partitions_warming",
                                     "Assigned partitions still replaying to rebuild the state");
  m->rewarm_seconds = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "rewarm_seconds",
                                            "Time the last partition took to re-warm after its assignment");
  m->in_flight = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "readings_in_flight",
                                       "Readings consumed whose records are not yet delivered");
  m->lag = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "consumer_lag",
                                 "Messages between the committed offset and the end of each partition");
  m->paused = im_metrics_add_gauge (metrics, IM_DETECT_METRICS_PREFIX "paused",
                                    "1 while the assigned partitions are paused");
}
