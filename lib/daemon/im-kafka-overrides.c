/* im-kafka-overrides.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-kafka-overrides"

#include "config.h"

#include <string.h>

#include "im-kafka-overrides.h"

gboolean
im_kafka_override_applies_to_producer (const char *setting)
{
  static const char * const shared[] = {
    "bootstrap.servers=", "metadata.broker.list=", "security.", "sasl.", "ssl.", "ssl_",
    "socket.", "broker.", "client.", "metadata.", "topic.metadata.", "api.version",
    "reconnect.", "connections.", "resolve.", "debug=", "log_level=", "log.",
    "enable.ssl.", "enable.sasl.",
  };

  g_return_val_if_fail (setting != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    if (g_str_has_prefix (setting, shared[i]))
      return TRUE;

  return FALSE;
}

GStrv
im_kafka_overrides_for_client (const char * const *defaults,
                               const char * const *user,
                               gboolean            producer)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (defaults != NULL)
    g_strv_builder_addv (builder, (const char **) defaults);
  for (guint i = 0; user != NULL && user[i] != NULL; i++)
    {
      if (g_str_has_prefix (user[i], "dlq."))
        {
          if (producer)
            g_strv_builder_add (builder, user[i] + strlen ("dlq."));
        }
      else if (!producer || im_kafka_override_applies_to_producer (user[i]))
        g_strv_builder_add (builder, user[i]);
    }

  return g_strv_builder_end (builder);
}
