/* im-kafka-source.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <librdkafka/rdkafka.h>

G_BEGIN_DECLS

/* A GSource that dispatches when librdkafka puts something on @queue that
 * was empty (rd_kafka_queue_io_event_enable on a non-blocking pipe). It
 * only says "look": the callback polls the queue itself. librdkafka writes
 * to the pipe on the empty → non-empty edge only, so a callback that
 * leaves events queued must be paired with a periodic poll (the consumer
 * has one anyway, for max.poll.interval.ms during quiet periods). The
 * source takes ownership of @queue and disables the IO event when it is
 * finalized, which must happen before rd_kafka_destroy(). */
GSource *im_kafka_queue_source_new (rd_kafka_queue_t  *queue,
                                    GError           **error);

G_END_DECLS
