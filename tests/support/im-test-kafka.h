/* im-test-kafka.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <librdkafka/rdkafka.h>

G_BEGIN_DECLS

typedef struct
{
  char    *key;        /* NULL for a NULL key */
  GBytes  *value;      /* NULL for a tombstone */
  int      partition;
  gint64   offset;
  GPtrArray *header_names;   /* char* */
  GPtrArray *header_values;  /* char* (NUL-terminated copies) */
} ImTestMessage;

void      im_test_message_free            (ImTestMessage *message);
const char *im_test_message_get_header    (ImTestMessage *message,
                                           const char    *name);

/* Creates @topic with @partitions partitions (replication 1) and waits
 * until its metadata shows it; asserts on failure. */
void      im_test_kafka_create_topic      (const char    *brokers,
                                           const char    *topic,
                                           int            partitions);
void      im_test_kafka_delete_topic      (const char    *brokers,
                                           const char    *topic);

/* Produces one message (key/value may be NULL) and waits for its delivery
 * report; asserts on failure. */
void      im_test_kafka_produce           (const char    *brokers,
                                           const char    *topic,
                                           const char    *key,
                                           const void    *value,
                                           gsize          value_len);

/* Reads @topic from the beginning, in a consumer group of its own, until
 * @expected messages came or @timeout_ms passed with no new message; the
 * quiet counts from the group's partition assignment, not from the start
 * (a first join after a broker's restart can take seconds), and a join
 * that takes over a minute fails the test. Returns the messages
 * (ImTestMessage*), in partition order then offset order. */
GPtrArray *im_test_kafka_consume_all      (const char    *brokers,
                                           const char    *topic,
                                           guint          expected,
                                           guint          timeout_ms);

/* Committed offset of @group on @topic/@partition, -1 when none. */
gint64    im_test_kafka_committed_offset  (const char    *brokers,
                                           const char    *group,
                                           const char    *topic,
                                           int            partition);

G_END_DECLS
