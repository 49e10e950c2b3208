/* im-ingest-options.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "im-config.h"
#include "im-daemon-options.h"
#include "im-influx-rollups.h"
#include "im-ingest-options.h"
#include "im-kafka.h"

ImIngestOptions *
im_ingest_options_new (void)
{
  return g_new0 (ImIngestOptions, 1);
}

void
im_ingest_options_free (ImIngestOptions *self)
{
  if (self == NULL)
    return;

  g_free (self->brokers);
  g_free (self->topic);
  g_free (self->group);
  g_free (self->instance_name);
  g_free (self->dlq_topic);
  g_strfreev (self->kafka_overrides);
  g_free (self->influxdb_url);
  g_free (self->influxdb_db);
  g_free (self->raw_retention);
  g_free (self->influxdb_token);
  g_free (self->influxdb_username);
  g_free (self->influxdb_password);
  g_free (self->metrics_addr);
  g_free (self);
}

/* What Kafka accepts in names, kept to for group.instance.id too, so the
 * name also reads well in logs and client ids. */
gboolean
im_ingest_options_parse (ImIngestOptions   *self,
                         int               *argc,
                         char            ***argv,
                         GError           **error)
{
  /* The --help texts that name a default (the *_help) are formatted: a
   * catalogue knows the literal msgid, not one a macro completes. */
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *brokers = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *group = NULL;
  g_autofree char *instance_name = NULL;
  g_autofree char *dlq_topic = NULL;
  g_auto(GStrv) overrides = NULL;
  g_autofree char *url = NULL;
  g_autofree char *db = NULL;
  g_autofree char *token = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;
  g_autofree char *raw_retention = NULL;
  g_autofree char *batch_size = NULL;
  g_autofree char *flush_interval = NULL;
  g_autofree char *fetch_wakeup = NULL;
  g_autofree char *write_concurrency = NULL;
  g_autofree char *shutdown_timeout = NULL;
  g_autofree char *metrics_addr = NULL;
  g_autofree char *str = NULL;
  gboolean gzip = FALSE;
  gboolean create_database = FALSE;
  guint64 value;
  /* Translators: %s is the default group, "ingestion-service" */
  g_autofree char *group_help = g_strdup_printf (_("Consumer group [%s]"), IM_INGEST_DEFAULT_GROUP);
  g_autofree char *batch_size_help = g_strdup_printf (_("Points per write [%u]"),
                                                      IM_INGEST_DEFAULT_BATCH_SIZE);
  /* Translators: %s is a duration, "100ms" */
  g_autofree char *flush_interval_help =
    g_strdup_printf (_("Write a batch this long after its first point at the latest [%s]"),
                     IM_INGEST_DEFAULT_FLUSH_INTERVAL);
  /* Translators: %s is a duration, "20ms" */
  g_autofree char *fetch_wakeup_help =
    g_strdup_printf (_("While behind, wake the Kafka fetcher this often; 0 turns it off [%s]"),
                     IM_INGEST_DEFAULT_FETCH_WAKEUP);
  g_autofree char *write_concurrency_help = g_strdup_printf (_("Batches written at once [%u]"),
                                                             IM_INGEST_DEFAULT_WRITE_CONCURRENCY);
  /* Translators: %s is a duration, "10s" */
  g_autofree char *shutdown_timeout_help =
    g_strdup_printf (_("On SIGTERM, keep trying to write this long [%s]"),
                     IM_INGEST_DEFAULT_SHUTDOWN_TIMEOUT);
  /* Translators: do not translate "none", the value the option takes;
   * %s is the default address, "127.0.0.1:9102" */
  g_autofree char *metrics_addr_help =
    g_strdup_printf (_("Prometheus metrics and /healthz, or \"none\" [%s]"),
                     IM_INGEST_DEFAULT_METRICS_ADDR);
  const GOptionEntry entries[] = {
    { "brokers", 'b', 0, G_OPTION_ARG_STRING, &brokers,
      N_("Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS) [127.0.0.1:9092]"), N_("HOST:PORT,…") },
    { "topic", 't', 0, G_OPTION_ARG_STRING, &topic,
      N_("Topic to consume (env KAFKA_TOPIC) [sensor-readings]"), N_("TOPIC") },
    { "group", 'g', 0, G_OPTION_ARG_STRING, &group,
      group_help, N_("GROUP") },
    { "instance-name", 'i', 0, G_OPTION_ARG_STRING, &instance_name,
      N_("Stable name of this instance in the group, the same after a restart and unique in the group "
         "(Kafka static membership; env INGESTION_INSTANCE_NAME)"), N_("NAME") },
    { "dlq-topic", 0, 0, G_OPTION_ARG_STRING, &dlq_topic,
      N_("Dead-letter topic (env KAFKA_DLQ_TOPIC) [TOPIC.dlq]"), N_("TOPIC") },
    { "kafka-property", 'X', 0, G_OPTION_ARG_STRING_ARRAY, &overrides,
      N_("librdkafka property, applied last (repeatable); dlq.KEY=VALUE for the dead-letter producer only"), N_("KEY=VALUE") },
    { "influxdb-url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("InfluxDB URL (env INFLUXDB_URL) [http://127.0.0.1:8086]"), N_("URL") },
    { "influxdb-db", 0, 0, G_OPTION_ARG_STRING, &db,
      N_("InfluxDB database (env INFLUXDB_DB) [sensors]"), N_("NAME") },
    { "influxdb-token", 0, 0, G_OPTION_ARG_STRING, &token,
      N_("InfluxDB token; prefer env INFLUXDB_TOKEN, the command line is visible to all users"), N_("TOKEN") },
    { "influxdb-username", 0, 0, G_OPTION_ARG_STRING, &username,
      N_("InfluxDB user (env INFLUXDB_USERNAME)"), N_("USER") },
    { "influxdb-password", 0, 0, G_OPTION_ARG_STRING, &password,
      N_("InfluxDB password; prefer env INFLUXDB_PASSWORD"), N_("PASSWORD") },
    { "gzip", 0, 0, G_OPTION_ARG_NONE, &gzip,
      N_("Compress write requests with gzip"), NULL },
    { "create-database", 0, 0, G_OPTION_ARG_NONE, &create_database,
      N_("Create the database, its retention policies and the 1 min and 1 h rollups (idempotent)"), NULL },
    { "raw-retention", 0, 0, G_OPTION_ARG_STRING, &raw_retention,
      N_("With --create-database: keep raw readings this long, e.g. 30d, at least 7d (env INFLUXDB_RAW_RETENTION) [INF]"),
      N_("DURATION") },
    { "batch-size", 0, 0, G_OPTION_ARG_STRING, &batch_size,
      batch_size_help, N_("N") },
    { "flush-interval", 0, 0, G_OPTION_ARG_STRING, &flush_interval,
      flush_interval_help, N_("DURATION") },
    { "fetch-wakeup", 0, 0, G_OPTION_ARG_STRING, &fetch_wakeup,
      fetch_wakeup_help, N_("DURATION") },
    { "write-concurrency", 0, 0, G_OPTION_ARG_STRING, &write_concurrency,
      write_concurrency_help, N_("N") },
    { "shutdown-timeout", 0, 0, G_OPTION_ARG_STRING, &shutdown_timeout,
      shutdown_timeout_help, N_("DURATION") },
    { "metrics-addr", 0, 0, G_OPTION_ARG_STRING, &metrics_addr,
      metrics_addr_help, N_("HOST:PORT") },
    { NULL }
  };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (argc != NULL && argv != NULL, FALSE);

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Moves sensor readings from Kafka into InfluxDB, at least once. Invalid\n"
      "messages go to the dead-letter topic with headers naming the reason."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (*argc > 1)
    return im_config_invalid (error, _("Unexpected argument “%s”"), (*argv)[1]);

  self->brokers = im_config_string (brokers, "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
  self->topic = im_config_string (topic, "KAFKA_TOPIC", "sensor-readings");
  self->group = g_strdup (group != NULL ? group : IM_INGEST_DEFAULT_GROUP);
  self->instance_name = im_config_string (instance_name, "INGESTION_INSTANCE_NAME", NULL);
  if (im_config_is_empty (self->instance_name))
    g_clear_pointer (&self->instance_name, g_free);
  str = g_strconcat (self->topic, ".dlq", NULL);
  self->dlq_topic = im_config_string (dlq_topic, "KAFKA_DLQ_TOPIC", str);
  self->influxdb_url = im_config_string (url, "INFLUXDB_URL", "http://127.0.0.1:8086");
  self->influxdb_db = im_config_string (db, "INFLUXDB_DB", "sensors");
  self->influxdb_token = im_config_string (token, "INFLUXDB_TOKEN", NULL);
  self->influxdb_username = im_config_string (username, "INFLUXDB_USERNAME", NULL);
  self->influxdb_password = im_config_string (password, "INFLUXDB_PASSWORD", NULL);
  self->gzip = gzip;
  self->create_database = create_database;
  self->raw_retention = im_config_string (raw_retention, "INFLUXDB_RAW_RETENTION",
                                          IM_INFLUX_DEFAULT_RAW_RETENTION);

  if (!im_daemon_options_check_consumer (self->brokers, self->topic, self->group,
                                         self->instance_name, error))
    return FALSE;
  if (!im_influx_rollups_is_duration (self->raw_retention))
    /* Translators: %s is the value given; do not translate "INF" */
    return im_config_invalid (error, _("--raw-retention (INFLUXDB_RAW_RETENTION) must be a duration such as 30d, 12w or INF, not “%s”"),
                    self->raw_retention);
  if (im_config_is_empty (self->dlq_topic))
    return im_config_invalid (error, _("--dlq-topic is empty"));
  if (g_strcmp0 (self->dlq_topic, self->topic) == 0)
    return im_config_invalid (error, _("--dlq-topic must differ from --topic (“%s”)"), self->topic);
  if (!im_daemon_options_check_influx (self->influxdb_url, self->influxdb_db, self->influxdb_token,
                                       self->influxdb_username, self->influxdb_password, error))
    return FALSE;

  if (!im_daemon_options_check_kafka ((const char * const *) overrides, "dlq.", error))
    return FALSE;
  self->kafka_overrides = overrides != NULL ? g_steal_pointer (&overrides) : g_new0 (char *, 1);

  if (!im_config_parse_uint ("--batch-size", batch_size ? batch_size : G_STRINGIFY (IM_INGEST_DEFAULT_BATCH_SIZE),
                             1, 1000000, &value, error))
    return FALSE;
  self->batch_size = value;

  if (!im_config_parse_uint ("--write-concurrency",
                             write_concurrency ? write_concurrency : G_STRINGIFY (IM_INGEST_DEFAULT_WRITE_CONCURRENCY),
                             1, 16, &value, error))
    return FALSE;
  self->write_concurrency = value;

  if (!im_config_parse_duration ("--flush-interval",
                                 flush_interval ? flush_interval : IM_INGEST_DEFAULT_FLUSH_INTERVAL,
                                 &self->flush_interval_ns, error))
    return FALSE;
  if (self->flush_interval_ns <= 0)
    return im_config_invalid (error, _("--flush-interval must be positive"));

  if (!im_config_parse_duration ("--fetch-wakeup",
                                 fetch_wakeup ? fetch_wakeup : IM_INGEST_DEFAULT_FETCH_WAKEUP,
                                 &self->fetch_wakeup_ns, error))
    return FALSE;
  if (self->fetch_wakeup_ns < 0)
    return im_config_invalid (error, _("--fetch-wakeup must not be negative"));

  if (!im_config_parse_duration ("--shutdown-timeout",
                                 shutdown_timeout ? shutdown_timeout : IM_INGEST_DEFAULT_SHUTDOWN_TIMEOUT,
                                 &self->shutdown_timeout_ns, error))
    return FALSE;
  if (self->shutdown_timeout_ns < 0)
    return im_config_invalid (error, _("--shutdown-timeout must not be negative"));

  if (!im_daemon_options_metrics_addr (metrics_addr, IM_INGEST_DEFAULT_METRICS_ADDR, &self->metrics_addr, error))
    return FALSE;

  return TRUE;
}
