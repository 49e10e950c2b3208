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
#include "im-kafka-overrides.h"

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

rd_kafka_t *
im_kafka_new (rd_kafka_type_t   type,
              rd_kafka_conf_t  *conf,
              const char       *what,
              GError          **error)
{
  rd_kafka_t *rk;
  char errstr[512];

  g_return_val_if_fail (conf != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  /* rd_kafka_new() keeps @conf only on success. It fails on settings
   * that contradict each other (acks=1 with idempotence, …). */
  rk = rd_kafka_new (type, conf, errstr, sizeof errstr);
  if (rk == NULL)
    {
      rd_kafka_conf_destroy (conf);
      g_set_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CONFIG,
                   "Could not create %s: %s", what, errstr);
    }

  return rk;
}

rd_kafka_conf_t *
im_kafka_consumer_conf_new (const char          *brokers,
                            const char          *group,
                            const char          *instance_name,
                            const char * const  *defaults,
                            const char * const  *overrides,
                            GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) shared = NULL;
  g_auto(GStrv) settings = NULL;
  g_autofree char *group_id = NULL;
  g_autofree char *session = g_strdup_printf ("session.timeout.ms=%d", IM_KAFKA_SESSION_TIMEOUT_MS);
  g_autofree char *heartbeat = g_strdup_printf ("heartbeat.interval.ms=%d", IM_KAFKA_HEARTBEAT_MS);
  g_autofree char *instance = NULL;

  g_return_val_if_fail (group != NULL && *group != '\0', NULL);

  group_id = g_strdup_printf ("group.id=%s", group);
  g_strv_builder_add_many (builder, group_id, session, heartbeat, NULL);
  g_strv_builder_add_many (builder,
                           /* At-least-once: an offset is stored once what
                            * the reading produced is written. */
                           "enable.auto.offset.store=false",
                           "enable.auto.commit=true",
                           "auto.commit.interval.ms=1000",
                           "auto.offset.reset=earliest",
                           "enable.partition.eof=false",
                           "partition.assignment.strategy=range,roundrobin",
                           /* Back within 2 s of a broker's restart, not
                            * librdkafka's 10 s. */
                           "reconnect.backoff.max.ms=2000",
                           /* Lag, broker and group state for /healthz. */
                           "statistics.interval.ms=1000",
                           NULL);
  /* Static membership (KIP-345): a restarted instance takes its place,
   * and its partitions, back at once, and a killed one leaves no member
   * behind for the next to wait out. */
  if (instance_name != NULL)
    {
      instance = g_strdup_printf ("group.instance.id=%s", instance_name);
      g_strv_builder_add (builder, instance);
    }
  if (defaults != NULL)
    g_strv_builder_addv (builder, (const char **) defaults);
  shared = g_strv_builder_end (builder);

  settings = im_kafka_overrides_for_client ((const char * const *) shared, overrides, FALSE);

  return im_kafka_conf_new (brokers, (const char * const *) settings, error);
}

gboolean
im_kafka_subscribe (rd_kafka_t  *consumer,
                    const char  *topic,
                    GError     **error)
{
  rd_kafka_topic_partition_list_t *topics;
  rd_kafka_resp_err_t err;

  g_return_val_if_fail (consumer != NULL, FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);

  topics = rd_kafka_topic_partition_list_new (1);
  rd_kafka_topic_partition_list_add (topics, topic, RD_KAFKA_PARTITION_UA);
  err = rd_kafka_subscribe (consumer, topics);
  rd_kafka_topic_partition_list_destroy (topics);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    {
      g_set_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CREATE,
                   "Could not subscribe to %s: %s", topic, rd_kafka_err2str (err));
      return FALSE;
    }

  return TRUE;
}

static void
add_offset (gint32   partition,
            gint64   offset,
            gpointer user_data)
{
  rd_kafka_topic_partition_list_t *list = ((gpointer *) user_data)[0];
  const char *topic = ((gpointer *) user_data)[1];

  rd_kafka_topic_partition_list_add (list, topic, partition)->offset = offset;
}

void
im_kafka_store_offsets (rd_kafka_t      *consumer,
                        const char      *topic,
                        ImOffsetTracker *tracker)
{
  rd_kafka_topic_partition_list_t *list;
  gpointer args[2];
  rd_kafka_resp_err_t err;

  g_return_if_fail (consumer != NULL);
  g_return_if_fail (topic != NULL);
  g_return_if_fail (tracker != NULL);

  list = rd_kafka_topic_partition_list_new (8);
  args[0] = list;
  args[1] = (gpointer) topic;
  im_offset_tracker_foreach_advanced (tracker, add_offset, args);

  if (list->cnt > 0)
    {
      err = rd_kafka_offsets_store (consumer, list);
      /* A partition no longer assigned refuses its offset: whoever has
       * it now starts from the last commit. */
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        g_message ("Could not store offsets: %s", rd_kafka_err2str (err));
      for (int i = 0; i < list->cnt; i++)
        if (list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR)
          g_debug ("Offset %" G_GINT64_FORMAT " of partition %d not stored: %s",
                   (gint64) list->elems[i].offset, (int) list->elems[i].partition,
                   rd_kafka_err2str (list->elems[i].err));
    }

  rd_kafka_topic_partition_list_destroy (list);
}

void
im_kafka_commit_sync (rd_kafka_t *consumer,
                      const char *why)
{
  rd_kafka_resp_err_t err;

  g_return_if_fail (consumer != NULL);

  err = rd_kafka_commit (consumer, NULL, 0);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
    g_warning ("Commit (%s) failed: %s", why, rd_kafka_err2str (err));
  else
    g_debug ("Committed offsets (%s)", why);
}

void
im_kafka_assign (rd_kafka_t                      *consumer,
                 rd_kafka_topic_partition_list_t *partitions,
                 gboolean                         paused)
{
  g_return_if_fail (consumer != NULL);
  g_return_if_fail (partitions != NULL);

  rd_kafka_assign (consumer, partitions);
  if (partitions->cnt > 0)
    {
      if (paused)
        rd_kafka_pause_partitions (consumer, partitions);
      else
        rd_kafka_resume_partitions (consumer, partitions);
    }
}
