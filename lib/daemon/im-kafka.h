/* im-kafka.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <librdkafka/rdkafka.h>

#include "im-offset-tracker.h"

G_BEGIN_DECLS

/* Daemon-only helpers around librdkafka (libindustrialmind-daemon). */

#define IM_KAFKA_ERROR (im_kafka_error_quark ())

typedef enum
{
  IM_KAFKA_ERROR_CONFIG,
  IM_KAFKA_ERROR_CREATE,
} ImKafkaError;

GQuark           im_kafka_error_quark   (void);

/* A configuration with bootstrap.servers, a log callback that routes
 * librdkafka's logs into GLib structured logging, and then the "-X"
 * overrides (key=value strings) applied in order. */
rd_kafka_conf_t *im_kafka_conf_new      (const char          *brokers,
                                         const char * const  *overrides,
                                         GError             **error);
gboolean         im_kafka_conf_set      (rd_kafka_conf_t     *conf,
                                         const char          *key,
                                         const char          *value,
                                         GError             **error);

/* How long a consumer group waits for a silent member: 10 s with a
 * heartbeat a second rides out a broker's restart without a rebalance. */
#define IM_KAFKA_SESSION_TIMEOUT_MS   10000
#define IM_KAFKA_HEARTBEAT_MS         1000

/* rd_kafka_new(), taking @conf whatever happens: it is destroyed when the
 * client cannot be created. @what names the client in @error ("the Kafka
 * consumer"). */
rd_kafka_t      *im_kafka_new           (rd_kafka_type_t      type,
                                         rd_kafka_conf_t     *conf,
                                         const char          *what,
                                         GError             **error);

/* The configuration of a consumer in group @group: what every consumer of
 * the project shares (the caller stores offsets, and librdkafka commits
 * what is stored every second; earliest offset when the group has none;
 * static membership as @instance_name when not %NULL), then @defaults
 * (the caller's own), then the consumer part of the user's @overrides. */
rd_kafka_conf_t *im_kafka_consumer_conf_new (const char          *brokers,
                                             const char          *group,
                                             const char          *instance_name,
                                             const char * const  *defaults,
                                             const char * const  *overrides,
                                             GError             **error);

/* rd_kafka_subscribe() to the one topic @topic. */
gboolean         im_kafka_subscribe     (rd_kafka_t          *consumer,
                                         const char          *topic,
                                         GError             **error);

/* Hands librdkafka the offsets of @topic's partitions that @tracker has
 * advanced since the last call (rd_kafka_offsets_store(): the automatic
 * commit takes them from there). */
void             im_kafka_store_offsets (rd_kafka_t          *consumer,
                                         const char          *topic,
                                         ImOffsetTracker     *tracker);

/* Commits what was stored, synchronously; @why is for the log
 * ("revocation", "shutdown"). Nothing to commit is no failure. */
void             im_kafka_commit_sync   (rd_kafka_t          *consumer,
                                         const char          *why);

/* rd_kafka_assign() @partitions, paused or not as the consumer is.
 * librdkafka keeps a partition's pause flag across an unassign and a new
 * assign: one paused before a lost assignment, and resumed while
 * unassigned, would come back paused for good, so the flag is set
 * either way. */
void             im_kafka_assign        (rd_kafka_t                       *consumer,
                                         rd_kafka_topic_partition_list_t  *partitions,
                                         gboolean                          paused);

G_END_DECLS
