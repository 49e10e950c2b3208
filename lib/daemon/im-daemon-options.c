/* im-daemon-options.c — the option checks the consumer daemons share
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <librdkafka/rdkafka.h>

#include "im-config.h"
#include "im-daemon-options.h"
#include "im-kafka.h"

static gboolean
is_instance_name (const char *str)
{
  gsize len = strlen (str);

  if (len == 0 || len > 249)
    return FALSE;
  for (const char *p = str; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}

gboolean
im_daemon_options_check_consumer (const char  *brokers,
                                  const char  *topic,
                                  const char  *group,
                                  const char  *instance_name,
                                  GError     **error)
{
  if (im_config_is_empty (brokers))
    return im_config_invalid (error, _("--brokers (KAFKA_BOOTSTRAP_SERVERS) is empty"));
  if (im_config_is_empty (topic))
    return im_config_invalid (error, _("--topic (KAFKA_TOPIC) is empty"));
  if (im_config_is_empty (group))
    return im_config_invalid (error, _("--group is empty"));
  if (instance_name != NULL && !is_instance_name (instance_name))
    /* Translators: %s is the name given */
    return im_config_invalid (error, _("--instance-name must be 1–249 characters of A-Za-z0-9._-, not “%s”"),
                    instance_name);

  return TRUE;
}

gboolean
im_daemon_options_check_influx (const char  *url,
                                const char  *database,
                                const char  *token,
                                const char  *username,
                                const char  *password,
                                GError     **error)
{
  if (im_config_is_empty (database))
    return im_config_invalid (error, _("--influxdb-db (INFLUXDB_DB) is empty"));
  if (url == NULL || (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://")))
    return im_config_invalid (error, _("--influxdb-url (INFLUXDB_URL) must start with http:// or https://, not “%s”"),
                    url != NULL ? url : "");
  if (!im_config_is_empty (token) && (!im_config_is_empty (username) || !im_config_is_empty (password)))
    return im_config_invalid (error, _("Give either an InfluxDB token or a username and password, not both"));
  if (im_config_is_empty (username) != im_config_is_empty (password))
    return im_config_invalid (error, _("An InfluxDB username needs a password and a password a username"));

  return TRUE;
}

gboolean
im_daemon_options_check_kafka (const char * const  *overrides,
                               const char          *producer_prefix,
                               GError             **error)
{
  rd_kafka_conf_t *scratch;
  gboolean ok = TRUE;

  if (overrides == NULL)
    return TRUE;

  scratch = rd_kafka_conf_new ();
  for (guint i = 0; ok && overrides[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      const char *name;

      ok = im_config_parse_key_value ("-X", overrides[i], &key, &value, error);
      if (!ok)
        break;
      name = key;
      if (producer_prefix != NULL && g_str_has_prefix (key, producer_prefix))
        name = key + strlen (producer_prefix);
      ok = im_kafka_conf_set (scratch, name, value, error);
    }
  rd_kafka_conf_destroy (scratch);

  return ok;
}

gboolean
im_daemon_options_metrics_addr (const char  *value,
                                const char  *fallback,
                                char       **addr,
                                GError     **error)
{
  const char *colon;
  guint64 port;

  g_return_val_if_fail (fallback != NULL, FALSE);
  g_return_val_if_fail (addr != NULL, FALSE);

  *addr = NULL;
  if (value == NULL)
    value = fallback;
  if (g_strcmp0 (value, "none") == 0)
    return TRUE;

  colon = strrchr (value, ':');
  if (colon == NULL || colon == value ||
      !im_config_parse_uint ("--metrics-addr port", colon + 1, 0, 65535, &port, NULL))
    return im_config_invalid (error, _("--metrics-addr must be HOST:PORT or “none”, not “%s”"), value);
  *addr = g_strdup (value);

  return TRUE;
}
