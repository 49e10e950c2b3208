/* im-detect-options.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "im-config.h"
#include "im-daemon-options.h"
#include "im-detect-options.h"
#include "im-kafka.h"

ImDetectOptions *
im_detect_options_new (void)
{
  return g_new0 (ImDetectOptions, 1);
}

void
im_detect_options_free (ImDetectOptions *self)
{
  if (self == NULL)
    return;

  g_free (self->input_path);
  g_free (self->output_path);
  g_free (self->brokers);
  g_free (self->topic);
  g_free (self->group);
  g_free (self->instance_name);
  g_free (self->anomalies_topic);
  g_free (self->alarms_topic);
  g_strfreev (self->kafka_overrides);
  g_free (self->influxdb_url);
  g_free (self->influxdb_db);
  g_free (self->influxdb_token);
  g_free (self->influxdb_username);
  g_free (self->influxdb_password);
  g_free (self->alarm_rules);
  g_free (self->ingestion_metrics);
  g_free (self->metrics_addr);
  g_free (self);
}

gboolean
im_detect_options_parse (ImDetectOptions   *self,
                         int               *argc,
                         char            ***argv,
                         GError           **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *input_path = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *brokers = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *group = NULL;
  g_autofree char *instance_name = NULL;
  g_autofree char *anomalies_topic = NULL;
  g_autofree char *alarms_topic = NULL;
  g_auto(GStrv) overrides = NULL;
  g_autofree char *url = NULL;
  g_autofree char *db = NULL;
  g_autofree char *token = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;
  g_autofree char *replay = NULL;
  g_autofree char *alarm_rules = NULL;
  g_autofree char *ack_interval = NULL;
  g_autofree char *ingestion_metrics = NULL;
  g_autofree char *shutdown_timeout = NULL;
  g_autofree char *metrics_addr = NULL;
  gboolean create_database = FALSE;
  gboolean keep_open = FALSE;
  /* Translators: %s is the default group, "industrialmind-detector" */
  g_autofree char *group_help = g_strdup_printf (_("Consumer group [%s]"), IM_DETECT_DEFAULT_GROUP);
  g_autofree char *replay_help =
    g_strdup_printf (_("Readings of each partition read again on assignment, to rebuild the state [%u]"),
                     IM_DETECT_DEFAULT_REPLAY);
  /* Translators: %s is a duration, "10s" */
  g_autofree char *shutdown_timeout_help =
    g_strdup_printf (_("On SIGTERM, keep trying to deliver this long [%s]"),
                     IM_DETECT_DEFAULT_SHUTDOWN_TIMEOUT);
  /* Translators: %s is a duration, "5s" */
  g_autofree char *ack_interval_help =
    g_strdup_printf (_("Read acknowledgements from InfluxDB this often [%s]"),
                     IM_DETECT_DEFAULT_ACK_INTERVAL);
  /* Translators: do not translate "none"; %s is the default address */
  g_autofree char *metrics_addr_help =
    g_strdup_printf (_("Prometheus metrics and /healthz, or \"none\" [%s]"),
                     IM_DETECT_DEFAULT_METRICS_ADDR);
  const GOptionEntry entries[] = {
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &input_path,
      N_("Offline mode: read the simulator's JSON lines from FILE (- for stdin)"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Offline mode: write the events as JSON lines to FILE (default: stdout)"), N_("FILE") },
    { "keep-open", 0, 0, G_OPTION_ARG_NONE, &keep_open,
      N_("Offline mode: at the end of the input, leave what is still open unwritten, as the daemon does"), NULL },
    { "brokers", 'b', 0, G_OPTION_ARG_STRING, &brokers,
      N_("Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS) [127.0.0.1:9092]"), N_("HOST:PORT,…") },
    { "topic", 't', 0, G_OPTION_ARG_STRING, &topic,
      N_("Topic to consume (env KAFKA_TOPIC) [sensor-readings]"), N_("TOPIC") },
    { "group", 'g', 0, G_OPTION_ARG_STRING, &group,
      group_help, N_("GROUP") },
    { "instance-name", 0, 0, G_OPTION_ARG_STRING, &instance_name,
      N_("Stable name of this instance in the group, the same after a restart and unique in the group "
         "(Kafka static membership; env DETECTOR_INSTANCE_NAME)"), N_("NAME") },
    { "anomalies-topic", 0, 0, G_OPTION_ARG_STRING, &anomalies_topic,
      N_("Topic of the anomaly events [anomalies]"), N_("TOPIC") },
    { "alarms-topic", 0, 0, G_OPTION_ARG_STRING, &alarms_topic,
      N_("Topic of the alarms [alarms]"), N_("TOPIC") },
    { "kafka-property", 'X', 0, G_OPTION_ARG_STRING_ARRAY, &overrides,
      N_("librdkafka property, applied last (repeatable)"), N_("KEY=VALUE") },
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
    { "create-database", 0, 0, G_OPTION_ARG_NONE, &create_database,
      N_("Create the database when InfluxDB does not know it"), NULL },
    { "replay", 0, 0, G_OPTION_ARG_STRING, &replay,
      replay_help, N_("N") },
    { "alarm-rules", 0, 0, G_OPTION_ARG_FILENAME, &alarm_rules,
      N_("Alarm rules file, or \"none\" for no alarms (env DETECTOR_ALARM_RULES) [built-in rules]"), N_("FILE") },
    { "ingestion-metrics", 0, 0, G_OPTION_ARG_STRING, &ingestion_metrics,
      N_("The ingestion's /metrics, read for the pipeline alarms (env DETECTOR_INGESTION_METRICS) [none]"),
      N_("URL") },
    { "ack-interval", 0, 0, G_OPTION_ARG_STRING, &ack_interval,
      ack_interval_help, N_("DURATION") },
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
    _("Finds anomalies in sensor readings: spikes, drifts, cyclic patterns, multi-sensor\n"
      "excursions and wear. Consumes the readings from Kafka and publishes the events and\n"
      "alarms to Kafka and InfluxDB; with --input, reads JSON lines and writes the events."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (*argc > 1)
    return im_config_invalid (error, _("Unexpected argument “%s”"), (*argv)[1]);

  self->input_path = g_steal_pointer (&input_path);
  self->output_path = g_steal_pointer (&output_path);
  self->keep_open = keep_open;
  if (self->input_path == NULL && (self->output_path != NULL || keep_open))
    return im_config_invalid (error, _("--output and --keep-open need --input (the offline mode)"));

  self->brokers = im_config_string (brokers, "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
  self->topic = im_config_string (topic, "KAFKA_TOPIC", "sensor-readings");
  self->group = g_strdup (group != NULL ? group : IM_DETECT_DEFAULT_GROUP);
  self->instance_name = im_config_string (instance_name, "DETECTOR_INSTANCE_NAME", NULL);
  if (im_config_is_empty (self->instance_name))
    g_clear_pointer (&self->instance_name, g_free);
  self->anomalies_topic = g_strdup (anomalies_topic ? anomalies_topic : IM_DETECT_DEFAULT_ANOMALIES_TOPIC);
  self->alarms_topic = g_strdup (alarms_topic ? alarms_topic : IM_DETECT_DEFAULT_ALARMS_TOPIC);
  self->influxdb_url = im_config_string (url, "INFLUXDB_URL", "http://127.0.0.1:8086");
  self->influxdb_db = im_config_string (db, "INFLUXDB_DB", "sensors");
  self->influxdb_token = im_config_string (token, "INFLUXDB_TOKEN", NULL);
  self->influxdb_username = im_config_string (username, "INFLUXDB_USERNAME", NULL);
  self->influxdb_password = im_config_string (password, "INFLUXDB_PASSWORD", NULL);
  self->create_database = create_database;
  self->alarm_rules = im_config_string (alarm_rules, "DETECTOR_ALARM_RULES", NULL);
  if (im_config_is_empty (self->alarm_rules))
    g_clear_pointer (&self->alarm_rules, g_free);
  self->alarms = g_strcmp0 (self->alarm_rules, "none") != 0;
  self->ingestion_metrics = im_config_string (ingestion_metrics, "DETECTOR_INGESTION_METRICS", NULL);
  if (im_config_is_empty (self->ingestion_metrics) || g_strcmp0 (self->ingestion_metrics, "none") == 0)
    g_clear_pointer (&self->ingestion_metrics, g_free);
  else if (!g_str_has_prefix (self->ingestion_metrics, "http://") &&
           !g_str_has_prefix (self->ingestion_metrics, "https://"))
    return im_config_invalid (error, _("--ingestion-metrics must start with http:// or https://, not “%s”"),
                    self->ingestion_metrics);

  if (!im_daemon_options_check_consumer (self->brokers, self->topic, self->group,
                                         self->instance_name, error))
    return FALSE;
  if (im_config_is_empty (self->anomalies_topic) || im_config_is_empty (self->alarms_topic))
    return im_config_invalid (error, _("--anomalies-topic and --alarms-topic must not be empty"));
  if (g_strcmp0 (self->anomalies_topic, self->topic) == 0 ||
      g_strcmp0 (self->alarms_topic, self->topic) == 0 ||
      g_strcmp0 (self->alarms_topic, self->anomalies_topic) == 0)
    return im_config_invalid (error, _("--topic, --anomalies-topic and --alarms-topic must differ"));
  if (!im_daemon_options_check_influx (self->influxdb_url, self->influxdb_db, self->influxdb_token,
                                       self->influxdb_username, self->influxdb_password, error))
    return FALSE;

  if (!im_daemon_options_check_kafka ((const char * const *) overrides, NULL, error))
    return FALSE;
  self->kafka_overrides = overrides != NULL ? g_steal_pointer (&overrides) : g_new0 (char *, 1);

  if (!im_config_parse_uint ("--replay", replay ? replay : G_STRINGIFY (IM_DETECT_DEFAULT_REPLAY),
                             0, G_MAXINT32, &self->replay, error))
    return FALSE;

  if (!im_config_parse_duration ("--ack-interval",
                                 ack_interval ? ack_interval : IM_DETECT_DEFAULT_ACK_INTERVAL,
                                 &self->ack_interval_ns, error))
    return FALSE;
  if (self->ack_interval_ns <= 0)
    return im_config_invalid (error, _("--ack-interval must be positive"));

  if (!im_config_parse_duration ("--shutdown-timeout",
                                 shutdown_timeout ? shutdown_timeout : IM_DETECT_DEFAULT_SHUTDOWN_TIMEOUT,
                                 &self->shutdown_timeout_ns, error))
    return FALSE;
  if (self->shutdown_timeout_ns < 0)
    return im_config_invalid (error, _("--shutdown-timeout must not be negative"));

  if (!im_daemon_options_metrics_addr (metrics_addr, IM_DETECT_DEFAULT_METRICS_ADDR, &self->metrics_addr, error))
    return FALSE;

  return TRUE;
}
