/* im-kafka-stats.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   name[16];    /* the partition number, as librdkafka names it */
  gint64 lag;         /* consumer_lag, -1 when unknown */
  gint64 committed;   /* committed_offset, -1 when none */
} ImKafkaPartitionStats;

/**
 * ImKafkaStats:
 * @have_brokers: the statistics listed brokers
 * @broker_up: at least one of them (bootstrap and coordinator entries
 *   included) has its connection up
 * @group_state: the consumer group's state ("up", "wait-coord", …), or NULL
 * @partitions: (element-type ImKafkaPartitionStats): the topic's
 *   partitions librdkafka reports on, its internal "-1" left out
 *
 * What the daemon reads in librdkafka's statistics (statistics.interval.ms).
 */
typedef struct
{
  gboolean  have_brokers;
  gboolean  broker_up;
  char     *group_state;
  GArray   *partitions;
} ImKafkaStats;

/* Fills @stats (uninitialised; im_kafka_stats_clear() it after, whatever
 * the result). FALSE when @json is not a JSON object; members that are missing or of
 * another type are left out. */
gboolean im_kafka_stats_parse (ImKafkaStats *stats,
                               const char   *json,
                               gsize         len,
                               const char   *topic);
void     im_kafka_stats_clear (ImKafkaStats *stats);
/* The numbers of the partitions at least @min_lag messages behind, as
 * gint32, in the statistics' order. */
GArray  *im_kafka_stats_get_behind (const ImKafkaStats *stats,
                                    gint64              min_lag);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ImKafkaStats, im_kafka_stats_clear)

G_END_DECLS
