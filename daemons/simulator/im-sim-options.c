/* im-sim-options.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "im-config.h"
#include "im-sim-options.h"
#include "im-util.h"

/* 2000-01-01T00:00:00Z: lib's validator rejects anything older. */
#define EARLIEST_START_NS (G_GINT64_CONSTANT (946684800) * IM_NSEC_PER_SEC)
/* Kafka's own limit on topic names. */
#define TOPIC_MAX_LEN 249

/* The command line as typed: every value is checked after parsing, so
 * that an error names the option and the value. */
typedef struct
{
  char  *machines;
  char  *interval;
  char  *anomaly_rate;
  char  *seed;
  char  *brokers;
  char  *topic;
  char **overrides;
  char  *count;
  char  *duration;
  char  *output;
  char  *start_time;
  char  *backfill;
  char  *metrics_addr;
  char  *mttf;
  char  *maintenance;

  /* --help texts that name a default: formatted, since a catalogue only
   * knows the literal msgid and not one built with a macro. */
  char  *brokers_help;
  char  *topic_help;
} RawOptions;

static void
raw_options_clear (RawOptions *raw)
{
  g_free (raw->machines);
  g_free (raw->interval);
  g_free (raw->anomaly_rate);
  g_free (raw->seed);
  g_free (raw->brokers);
  g_free (raw->topic);
  g_strfreev (raw->overrides);
  g_free (raw->count);
  g_free (raw->duration);
  g_free (raw->output);
  g_free (raw->start_time);
  g_free (raw->backfill);
  g_free (raw->metrics_addr);
  g_free (raw->mttf);
  g_free (raw->maintenance);
  g_free (raw->brokers_help);
  g_free (raw->topic_help);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RawOptions, raw_options_clear)

static void
raw_options_init_help (RawOptions *raw)
{
  /* Translators: %s is the default address, "127.0.0.1:9092" */
  raw->brokers_help = g_strdup_printf (_("Kafka bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS "
                                         "or %s)"), IM_SIM_DEFAULT_BROKERS);
  /* Translators: %s is the default topic, "sensor-readings" */
  raw->topic_help = g_strdup_printf (_("Kafka topic (default $KAFKA_TOPIC or %s)"),
                                     IM_SIM_DEFAULT_TOPIC);
}

/* Call raw_options_init_help() first: the entries point at its texts. */
static GOptionContext *
context_new (RawOptions *raw)
{
  const GOptionEntry entries[] = {
    { "machines", 'm', 0, G_OPTION_ARG_STRING, &raw->machines,
      N_("Number of machines, 1–100000 (default 5)"), N_("N") },
    { "interval", 'i', 0, G_OPTION_ARG_STRING, &raw->interval,
      N_("Time between two readings of one machine: seconds, or with ms/s/m/h (default 1)"),
      N_("DURATION") },
    { "anomaly-rate", 'a', 0, G_OPTION_ARG_STRING, &raw->anomaly_rate,
      N_("Fraction of readings carrying an anomaly, 0–1 (default 0.05)"), N_("RATE") },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &raw->seed,
      N_("Seed of the random numbers: the same seed, options and start time give the same "
         "readings (default: random, logged)"), N_("N") },
    { "mttf", 0, 0, G_OPTION_ARG_STRING, &raw->mttf,
      N_("Mean time from a new machine to FAILING (default 1h)"), N_("DURATION") },
    { "maintenance", 0, 0, G_OPTION_ARG_STRING, &raw->maintenance,
      N_("Downtime of a failed machine; it sends nothing meanwhile (default 10m)"),
      N_("DURATION") },
    { "start-time", 0, 0, G_OPTION_ARG_STRING, &raw->start_time,
      N_("Timestamp of the first reading, RFC 3339 (default: now); past readings are "
         "generated at full speed"), N_("TIME") },
    { "backfill", 0, 0, G_OPTION_ARG_STRING, &raw->backfill,
      N_("Start that long ago: generate the history at full speed, then continue live"),
      N_("DURATION") },
    { "count", 'n', 0, G_OPTION_ARG_STRING, &raw->count,
      N_("Stop after N readings (default: no limit)"), N_("N") },
    { "duration", 'd', 0, G_OPTION_ARG_STRING, &raw->duration,
      N_("Stop after this much simulated time from the start time (default: no limit)"),
      N_("DURATION") },
    { "output", 'o', 0, G_OPTION_ARG_STRING, &raw->output,
      N_("Where readings go: kafka or stdout (JSON lines) (default kafka)"), N_("OUTPUT") },
    { "brokers", 'b', 0, G_OPTION_ARG_STRING, &raw->brokers,
      raw->brokers_help, N_("HOST:PORT,…") },
    { "topic", 't', 0, G_OPTION_ARG_STRING, &raw->topic,
      raw->topic_help, N_("TOPIC") },
    { "kafka-property", 'X', 0, G_OPTION_ARG_STRING_ARRAY, &raw->overrides,
      N_("A librdkafka producer property, as kcat's -X (repeatable)"), N_("KEY=VALUE") },
    /* The name this flag had before it matched the ingestion's. */
    { "kafka-option", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING_ARRAY, &raw->overrides,
      NULL, NULL },
    { "metrics-addr", 0, 0, G_OPTION_ARG_STRING, &raw->metrics_addr,
      N_("Serve Prometheus /metrics and /healthz there (default: off)"), N_("HOST:PORT") },
    { NULL }
  };
  GOptionContext *context;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Simulates a fleet of industrial machines and publishes their sensor readings "
      "(temperature, vibration, pressure, power, with the machine state, degradation and "
      "anomaly as ground truth) as JSON to Kafka, keyed by machine id."));
  g_option_context_set_description (context,
    _("Environment:\n"
      "  KAFKA_BOOTSTRAP_SERVERS  Kafka bootstrap servers, when --brokers is not given\n"
      "  KAFKA_TOPIC              topic, when --topic is not given\n"
      "\n"
      "Examples:\n"
      "  industrialmind-simulator --machines 20 --backfill 7d\n"
      "  industrialmind-simulator --seed 1 --start-time 2026-01-01T00:00:00Z \\\n"
      "      --duration 1h --output stdout > readings.jsonl\n"
      "\n"
      "Exit status: 0 when done or stopped by SIGTERM/SIGINT, 1 on a runtime error,\n"
      "2 on a usage error.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

static gboolean
bad_value (GError     **error,
           const GError *cause)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, cause->message);
  return FALSE;
}

/* A duration within [@min_ns, @max_ns]; @range says which in words. */
static gboolean
parse_duration_in (const char  *what,
                   const char  *str,
                   gint64       min_ns,
                   gint64       max_ns,
                   const char  *range,
                   gint64      *out,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 ns;

  if (!im_config_parse_duration (what, str, &ns, &local_error))
    return bad_value (error, local_error);

  if (ns < min_ns || ns > max_ns)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: “%s” is out of range: %s"), what, str, range);
      return FALSE;
    }

  *out = ns;
  return TRUE;
}

static gboolean
topic_is_valid (const char *topic)
{
  gsize len = strlen (topic);

  if (len == 0 || len > TOPIC_MAX_LEN || strcmp (topic, ".") == 0 || strcmp (topic, "..") == 0)
    return FALSE;

  for (const char *p = topic; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}

static gboolean
metrics_addr_is_valid (const char *addr)
{
  const char *colon = strrchr (addr, ':');
  guint64 port;

  return colon != NULL && colon != addr &&
         g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL);
}

void
im_sim_options_clear (ImSimOptions *options)
{
  g_return_if_fail (options != NULL);

  g_clear_pointer (&options->brokers, g_free);
  g_clear_pointer (&options->topic, g_free);
  g_clear_pointer (&options->kafka_overrides, g_strfreev);
  g_clear_pointer (&options->metrics_addr, g_free);
}

gboolean
im_sim_options_parse (ImSimOptions   *options,
                      char         ***args,
                      gint64          now_ns,
                      GError        **error)
{
  g_auto(RawOptions) raw = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  ImSimConfig *sim;
  guint64 u;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (args != NULL && *args != NULL, FALSE);

  memset (options, 0, sizeof *options);
  sim = &options->sim;
  im_sim_config_init (sim);
  options->output = IM_SIM_OUTPUT_KAFKA;

  raw_options_init_help (&raw);
  context = context_new (&raw);
  if (!g_option_context_parse_strv (context, args, error))
    return FALSE;

  if ((*args)[0] != NULL && (*args)[1] != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("unexpected argument “%s”"), (*args)[1]);
      return FALSE;
    }

  if (raw.machines != NULL)
    {
      if (!im_config_parse_uint ("--machines", raw.machines, 1, IM_SIM_MAX_MACHINES, &u,
                                 &local_error))
        return bad_value (error, local_error);
      sim->n_machines = (guint) u;
    }

  if (raw.interval != NULL &&
      !parse_duration_in ("--interval", raw.interval, 1, IM_SIM_MAX_INTERVAL_NS,
                          _("more than 0 and at most 1 day"), &sim->interval_ns, error))
    return FALSE;

  if (raw.anomaly_rate != NULL &&
      !im_config_parse_double ("--anomaly-rate", raw.anomaly_rate, 0.0, 1.0,
                               &sim->anomaly_rate, &local_error))
    return bad_value (error, local_error);

  if (raw.seed != NULL)
    {
      if (!im_config_parse_uint ("--seed", raw.seed, 0, G_MAXUINT64, &sim->seed, &local_error))
        return bad_value (error, local_error);
      options->seed_given = TRUE;
    }
  else
    {
      /* 53 bits: the logged seed reads back exactly as a JSON number. */
      sim->seed = (((guint64) g_random_int () << 32) | g_random_int ()) &
                  ((G_GUINT64_CONSTANT (1) << 53) - 1);
    }

  if (raw.mttf != NULL &&
      !parse_duration_in ("--mttf", raw.mttf, 1, G_MAXINT64, _("more than 0"),
                          &sim->mean_time_to_failure_ns, error))
    return FALSE;

  if (raw.maintenance != NULL &&
      !parse_duration_in ("--maintenance", raw.maintenance, 0, G_MAXINT64, "",
                          &sim->maintenance_ns, error))
    return FALSE;

  if (raw.count != NULL &&
      !im_config_parse_uint ("--count", raw.count, 1, G_MAXUINT64, &options->count, &local_error))
    return bad_value (error, local_error);

  if (raw.duration != NULL &&
      !parse_duration_in ("--duration", raw.duration, 1, G_MAXINT64 / 2, _("more than 0"),
                          &options->duration_ns, error))
    return FALSE;

  if (raw.output != NULL)
    {
      if (strcmp (raw.output, "kafka") == 0)
        options->output = IM_SIM_OUTPUT_KAFKA;
      else if (strcmp (raw.output, "stdout") == 0)
        options->output = IM_SIM_OUTPUT_STDOUT;
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--output: “%s” is neither kafka nor stdout"), raw.output);
          return FALSE;
        }
    }

  /* The start: given, or backfill before now, or now (whole ms). */
  if (raw.start_time != NULL && raw.backfill != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--start-time and --backfill exclude each other"));
      return FALSE;
    }
  if (raw.start_time != NULL)
    {
      if (!im_timestamp_parse (raw.start_time, -1, &sim->start_time_ns))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--start-time: “%s” is not an RFC 3339 time such as "
                         "2026-01-01T00:00:00Z"), raw.start_time);
          return FALSE;
        }
      if (sim->start_time_ns < EARLIEST_START_NS ||
          sim->start_time_ns > now_ns + 366 * 86400 * IM_NSEC_PER_SEC)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--start-time: “%s” is before 2000 or more than a year ahead"),
                       raw.start_time);
          return FALSE;
        }
    }
  else
    {
      sim->start_time_ns = now_ns - now_ns % IM_NSEC_PER_MSEC;
      if (raw.backfill != NULL)
        {
          if (!parse_duration_in ("--backfill", raw.backfill, 1,
                                  sim->start_time_ns - EARLIEST_START_NS,
                                  _("more than 0, and not back before 2000"),
                                  &options->backfill_ns, error))
            return FALSE;
          sim->start_time_ns -= options->backfill_ns;
        }
    }

  options->brokers = im_config_string (raw.brokers, "KAFKA_BOOTSTRAP_SERVERS",
                                       IM_SIM_DEFAULT_BROKERS);
  if (options->brokers[0] == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--brokers: the list of bootstrap servers is empty"));
      return FALSE;
    }

  options->topic = im_config_string (raw.topic, "KAFKA_TOPIC", IM_SIM_DEFAULT_TOPIC);
  if (!topic_is_valid (options->topic))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: “%s” is not a Kafka topic name (1–249 of A-Z a-z 0-9 . _ -)"),
                   raw.topic != NULL ? "--topic" : "KAFKA_TOPIC", options->topic);
      return FALSE;
    }

  for (guint i = 0; raw.overrides != NULL && raw.overrides[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (!im_config_parse_key_value ("-X", raw.overrides[i], &key, &value, &local_error))
        return bad_value (error, local_error);
    }
  options->kafka_overrides = raw.overrides != NULL ? g_steal_pointer (&raw.overrides)
                                                   : g_new0 (char *, 1);

  if (raw.metrics_addr != NULL)
    {
      if (!metrics_addr_is_valid (raw.metrics_addr))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--metrics-addr: “%s” is not HOST:PORT"), raw.metrics_addr);
          return FALSE;
        }
      options->metrics_addr = g_steal_pointer (&raw.metrics_addr);
    }

  g_assert (im_sim_config_is_valid (sim));

  return TRUE;
}
