/* im-daemon-options.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The checks of the command-line options both consumer daemons (the
 * ingestion and the detector) take, with the same words for the same
 * mistakes. Each returns FALSE with IM_CONFIG_ERROR_INVALID. */

/* --brokers, --topic, --group and --instance-name (Kafka's rules for a
 * group.instance.id: 1–249 of A-Za-z0-9._-). */
gboolean im_daemon_options_check_consumer  (const char          *brokers,
                                            const char          *topic,
                                            const char          *group,
                                            const char          *instance_name,
                                            GError             **error);

/* --influxdb-url, --influxdb-db and the credentials: a token or a user
 * name with its password, not both. */
gboolean im_daemon_options_check_influx    (const char          *url,
                                            const char          *database,
                                            const char          *token,
                                            const char          *username,
                                            const char          *password,
                                            GError             **error);

/* Every -X KEY=VALUE is one librdkafka takes, so a typo is a usage error
 * now rather than a failure after start-up. @producer_prefix (e.g.
 * "dlq.", or %NULL) marks settings for a daemon's own producer, checked
 * without it. */
gboolean im_daemon_options_check_kafka     (const char * const  *overrides,
                                            const char          *producer_prefix,
                                            GError             **error);

/* --metrics-addr: HOST:PORT, or "none" for no metrics server (then
 * *@addr is %NULL); @value %NULL takes @fallback. */
gboolean im_daemon_options_metrics_addr    (const char          *value,
                                            const char          *fallback,
                                            char               **addr,
                                            GError             **error);

G_END_DECLS
