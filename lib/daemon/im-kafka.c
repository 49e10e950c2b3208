/* im-kafka.c — librdkafka configuration shared by the daemons
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-kafka"

#include "config.h"

#include <string.h>

#include "im-config.h"
#include "im-kafka.h"

G_DEFINE_QUARK (im-kafka-error-quark, im_kafka_error)

/* librdkafka logs with syslog levels, from its own threads; GLib's
 * structured log is thread-safe. Its errors and warnings are about
 * connections it retries by itself ("Connection refused" while a broker
 * restarts, "coordinator load in progress"): a daemon carries on, so
 * they are logged as notices, which GLib never makes fatal, and the
 * syslog level is kept in the RDKAFKA_LEVEL field. A failure that does
 * matter reaches the daemon through its error or delivery callbacks. */
static void
log_cb (const rd_kafka_t *rk,
        int               level,
        const char       *fac,
        const char       *buf)
{
  static const char * const names[] = {
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"
  };
  GLogLevelFlags flags;

  if (level <= 5)
    flags = G_LOG_LEVEL_MESSAGE;
  else if (level == 6)
    flags = G_LOG_LEVEL_INFO;
  else
    flags = G_LOG_LEVEL_DEBUG;

  g_log_structured ("rdkafka", flags,
                    "MESSAGE", "%s", buf,
                    "RDKAFKA_LEVEL", names[CLAMP (level, 0, 7)],
                    "FACILITY", fac,
                    "CLIENT", rd_kafka_name (rk));
}

gboolean
im_kafka_conf_set (rd_kafka_conf_t  *conf,
                   const char       *key,
                   const char       *value,
                   GError          **error)
{
  char errstr[512];

  g_return_val_if_fail (conf != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (rd_kafka_conf_set (conf, key, value, errstr, sizeof errstr) != RD_KAFKA_CONF_OK)
    {
      g_set_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CONFIG,
                   "Kafka setting %s=%s: %s", key, value, errstr);
      return FALSE;
    }

  return TRUE;
}

rd_kafka_conf_t *
im_kafka_conf_new (const char         *brokers,
                   const char * const *overrides,
                   GError            **error)
{
  rd_kafka_conf_t *conf = rd_kafka_conf_new ();

  rd_kafka_conf_set_log_cb (conf, log_cb);

  if (brokers != NULL && !im_kafka_conf_set (conf, "bootstrap.servers", brokers, error))
    goto failed;

  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (!im_config_parse_key_value ("-X", overrides[i], &key, &value, error) ||
          !im_kafka_conf_set (conf, key, value, error))
        goto failed;
    }

  return conf;

failed:
  rd_kafka_conf_destroy (conf);
  return NULL;
}
