/* im-kafka-waker.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <librdkafka/rdkafka.h>

G_BEGIN_DECLS

/* A partition this many messages behind or more counts as behind. */
#define IM_KAFKA_WAKER_MIN_LAG 1000

typedef struct _ImKafkaWaker ImKafkaWaker;

ImKafkaWaker *im_kafka_waker_new           (rd_kafka_t    *consumer,
                                            const char    *topic,
                                            gint64         interval_ns);
void          im_kafka_waker_set_behind    (ImKafkaWaker  *self,
                                            const gint32  *partitions,
                                            guint          n_partitions);
guint64       im_kafka_waker_get_n_wakeups (ImKafkaWaker  *self);
void          im_kafka_waker_free          (ImKafkaWaker  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImKafkaWaker, im_kafka_waker_free)

G_END_DECLS
