/* im-consumer-health.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* /healthz: how long without partitions (a rebalance passes in less) or
 * with a write to InfluxDB unanswered before it says 503. */
#define IM_CONSUMER_UNASSIGNED_GRACE_NS (3 * G_GINT64_CONSTANT (1000000000))
#define IM_CONSUMER_WRITE_STALL_NS      (5 * G_GINT64_CONSTANT (1000000000))

/**
 * ImConsumerHealth:
 *
 * What the driver of a daemon that consumes from Kafka and writes to
 * InfluxDB (the ingestion, the detector) knows at one moment, for the
 * verdict.
 */
typedef struct
{
  gboolean    shutting_down;
  const char *fatal_error;        /* librdkafka's fatal error, or NULL */
  gboolean    kafka_reachable;
  guint       n_assigned;
  gint64      unassigned_for_ns;  /* how long without partitions */
  const char *group_state;        /* librdkafka's, or NULL before stats */
  gint64      request_age_ns;     /* oldest write waiting for InfluxDB */
  gboolean    writer_healthy;
  gboolean    writer_alarm;       /* the failure needs an operator */
  gboolean    influx_reachable;
  gboolean    deliveries_healthy; /* what the daemon produces to Kafka */
  const char *deliveries;         /* what those are, for the reason */
} ImConsumerHealth;

/* TRUE when healthy; else @reason (out) says why, the first that holds
 * of: shutting down, a fatal Kafka error, no broker, no partitions for
 * IM_CONSUMER_UNASSIGNED_GRACE_NS, a write unanswered for
 * IM_CONSUMER_WRITE_STALL_NS, failing writes, InfluxDB unreachable,
 * failing deliveries. */
gboolean im_consumer_health_check (const ImConsumerHealth  *health,
                                   char                   **reason);

G_END_DECLS
