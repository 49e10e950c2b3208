/* im-sim-producer.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The simulator's Kafka producer: idempotent, acks=all, lz4, a short
 * linger, messages kept until delivered (no local timeout), and a
 * bounded queue so that a slow or absent broker holds generation back
 * (backpressure) instead of growing memory. Delivery reports are counted.
 * Single-threaded: call everything from the thread that polls. */

typedef struct _ImSimProducer ImSimProducer;

typedef enum
{
  IM_SIM_SEND_OK,
  IM_SIM_SEND_QUEUE_FULL,   /* not taken: poll, then send it again */
  IM_SIM_SEND_ERROR,
} ImSimSendResult;

/* The producer settings applied before the user's -X overrides, as
 * "key=value" strings (NULL-terminated, static). */
const char * const *im_sim_producer_default_settings (void);

ImSimProducer  *im_sim_producer_new              (const char          *brokers,
                                                  const char          *topic,
                                                  const char * const  *overrides,
                                                  GError             **error);
void            im_sim_producer_free             (ImSimProducer       *producer);

/* Copies @key and @value. */
ImSimSendResult im_sim_producer_send             (ImSimProducer       *producer,
                                                  const char          *key,
                                                  gsize                key_len,
                                                  const char          *value,
                                                  gsize                value_len,
                                                  GError             **error);
/* Serves delivery reports and errors, waiting up to @timeout_ms for the
 * first one; returns how many events were served. */
int             im_sim_producer_poll             (ImSimProducer       *producer,
                                                  int                  timeout_ms);
/* Sends what is queued at once and waits up to @timeout_ms for it to be
 * delivered; TRUE when nothing is left in flight. */
gboolean        im_sim_producer_flush            (ImSimProducer       *producer,
                                                  int                  timeout_ms);

/* Messages queued or in flight, not yet reported. */
guint           im_sim_producer_get_queue_length (ImSimProducer       *producer);
guint64         im_sim_producer_get_produced     (ImSimProducer       *producer);
guint64         im_sim_producer_get_delivered    (ImSimProducer       *producer);
guint64         im_sim_producer_get_failed       (ImSimProducer       *producer);
/* Drops what is still queued or in flight (at exit, after a bounded
 * flush); those messages are counted as purged, not failed. */
void            im_sim_producer_purge            (ImSimProducer       *producer);
guint64         im_sim_producer_get_purged       (ImSimProducer       *producer);
/* FALSE with a reason while no broker is reachable. */
gboolean        im_sim_producer_is_connected     (ImSimProducer       *producer,
                                                  char               **reason);
/* TRUE, with the error, once librdkafka raised a fatal error: the
 * producer cannot go on (e.g. the idempotence guarantee is lost). */
gboolean        im_sim_producer_get_fatal_error  (ImSimProducer       *producer,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImSimProducer, im_sim_producer_free)

G_END_DECLS
