/* im-dlq.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <librdkafka/rdkafka.h>

G_BEGIN_DECLS

/* Headers of a dead-lettered message (values are UTF-8 text):
 *
 *   im.dlq.reason        why, for people: the validation error naming the
 *                        field and the rule, or InfluxDB's answer
 *   im.dlq.reason-code   why, for machines: im_reading_error_reason() of
 *                        the validation error, "influxdb_rejected" for a
 *                        point InfluxDB refused, "unencodable" for a
 *                        reading without a line protocol form
 *   im.source.topic      where the message was read …
 *   im.source.partition  … (decimal) …
 *   im.source.offset     … (decimal)
 *
 * Key and value are the original message's bytes; a NULL key or value
 * stays NULL. */
#define IM_DLQ_HEADER_REASON            "im.dlq.reason"
#define IM_DLQ_HEADER_REASON_CODE       "im.dlq.reason-code"
#define IM_DLQ_HEADER_SOURCE_TOPIC      "im.source.topic"
#define IM_DLQ_HEADER_SOURCE_PARTITION  "im.source.partition"
#define IM_DLQ_HEADER_SOURCE_OFFSET     "im.source.offset"

#define IM_DLQ_REASON_INFLUXDB_REJECTED "influxdb_rejected"
#define IM_DLQ_REASON_UNENCODABLE       "unencodable"

/**
 * ImDlq:
 *
 * The dead-letter producer. A message counts as dead-lettered when Kafka
 * acknowledged it; until then its source offset stays in flight. Failed
 * deliveries are sent again (backoff 100 ms doubling to 30 s), never
 * dropped. Runs on the main context: delivery reports are served by
 * im_dlq_poll() or the GSource from im_dlq_create_source().
 */
typedef struct _ImDlq ImDlq;

/* @generation: as passed to im_dlq_send(). */
typedef void (*ImDlqAckFunc) (gint32    partition,
                              gint64    offset,
                              guint     generation,
                              gpointer  user_data);
typedef void (*ImDlqErrorFunc) (const char *message,
                                gpointer    user_data);

/* @conf: taken over (also on failure). */
ImDlq   *im_dlq_new            (rd_kafka_conf_t  *conf,
                                const char       *topic,
                                ImDlqAckFunc      ack_func,
                                ImDlqErrorFunc    error_func,
                                gpointer          user_data,
                                GError          **error);
void     im_dlq_free           (ImDlq            *self);
const char *im_dlq_get_topic   (ImDlq            *self);
/* NULL @key/@value with length -1 for a NULL key/value. */
void     im_dlq_send           (ImDlq            *self,
                                const char       *source_topic,
                                gint32            partition,
                                gint64            offset,
                                guint             generation,
                                const void       *key,
                                gssize            key_len,
                                const void       *value,
                                gssize            value_len,
                                const char       *reason_code,
                                const char       *reason);
/* Serves delivery reports; returns how many messages were acknowledged. */
guint    im_dlq_poll           (ImDlq            *self);
/* Messages sent and not acknowledged yet. */
guint    im_dlq_get_n_pending  (ImDlq            *self);
/* Waits up to @timeout_ms for all pending messages; TRUE when none is
 * left. Serves delivery reports. */
gboolean im_dlq_flush          (ImDlq            *self,
                                guint             timeout_ms);
gboolean im_dlq_is_healthy     (ImDlq            *self);
GSource *im_dlq_create_source  (ImDlq            *self,
                                GError          **error);

G_END_DECLS
