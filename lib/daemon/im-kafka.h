/* im-kafka.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <librdkafka/rdkafka.h>

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

G_END_DECLS
