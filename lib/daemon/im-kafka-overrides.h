/* im-kafka-overrides.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a -X setting goes: "dlq.KEY=VALUE" to the dead-letter producer
 * only (as KEY=VALUE); connection and security settings (brokers, TLS,
 * SASL, sockets, reconnects, client id, debug, logging) to both clients;
 * the rest to the consumer, which is what -X is mostly for. */
gboolean im_kafka_override_applies_to_producer (const char         *setting);

/* @defaults, then those of @user ("KEY=VALUE", in order, so they win)
 * that go to the producer (@producer) or to the consumer. */
GStrv    im_kafka_overrides_for_client         (const char * const *defaults,
                                                const char * const *user,
                                                gboolean            producer);

G_END_DECLS
