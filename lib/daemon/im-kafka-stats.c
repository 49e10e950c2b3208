/* im-kafka-stats.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-kafka-stats"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "im-kafka-stats.h"

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gint64
int_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;

  return json_node_get_int (node);
}

static void
parse_brokers (ImKafkaStats *stats,
               JsonObject   *brokers)
{
  g_autoptr(GList) members = json_object_get_members (brokers);

  stats->have_brokers = TRUE;
  for (GList *l = members; l != NULL && !stats->broker_up; l = l->next)
    {
      JsonObject *broker = object_member (brokers, l->data);

      stats->broker_up = broker != NULL &&
                         g_strcmp0 (json_object_get_string_member_with_default (broker, "state", ""), "UP") == 0;
    }
}

static void
parse_partitions (ImKafkaStats *stats,
                  JsonObject   *partitions)
{
  g_autoptr(GList) members = json_object_get_members (partitions);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *p = object_member (partitions, l->data);
      ImKafkaPartitionStats ps = { 0 };

      if (p == NULL || g_strcmp0 (l->data, "-1") == 0 || strlen (l->data) >= sizeof ps.name)
        continue;

      g_strlcpy (ps.name, l->data, sizeof ps.name);
      ps.lag = int_member (p, "consumer_lag");
      ps.committed = int_member (p, "committed_offset");
      g_array_append_val (stats->partitions, ps);
    }
}

gboolean
im_kafka_stats_parse (ImKafkaStats *stats,
                      const char   *json,
                      gsize         len,
                      const char   *topic)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *object;

  g_return_val_if_fail (stats != NULL, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  stats->partitions = g_array_new (FALSE, FALSE, sizeof (ImKafkaPartitionStats));

  if (!json_parser_load_from_data (parser, json, len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  root = json_node_get_object (json_parser_get_root (parser));

  if ((object = object_member (root, "brokers")))
    parse_brokers (stats, object);
  if ((object = object_member (root, "cgrp")))
    stats->group_state = g_strdup (json_object_get_string_member_with_default (object, "state", "unknown"));
  if ((object = object_member (object_member (object_member (root, "topics"), topic), "partitions")))
    parse_partitions (stats, object);

  return TRUE;
}

void
im_kafka_stats_clear (ImKafkaStats *stats)
{
  g_clear_pointer (&stats->group_state, g_free);
  g_clear_pointer (&stats->partitions, g_array_unref);
}

GArray *
im_kafka_stats_get_behind (const ImKafkaStats *stats,
                           gint64              min_lag)
{
  GArray *behind = g_array_new (FALSE, FALSE, sizeof (gint32));

  g_return_val_if_fail (stats != NULL, behind);

  for (guint i = 0; stats->partitions != NULL && i < stats->partitions->len; i++)
    {
      const ImKafkaPartitionStats *p = &g_array_index (stats->partitions, ImKafkaPartitionStats, i);
      gint64 partition;

      if (p->lag < min_lag || p->lag < 0)
        continue;
      /* librdkafka's internal unassigned partition is "-1". */
      if (!g_ascii_string_to_signed (p->name, 10, 0, G_MAXINT32, &partition, NULL))
        continue;
      g_array_append_vals (behind, &(gint32) { (gint32) partition }, 1);
    }

  return behind;
}
