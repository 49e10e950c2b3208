/* test-detect-options.c — industrialmind-detector's configuration
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "im-config.h"
#include "im-detect-options.h"

static const char * const env_names[] = {
  "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_TOPIC", "INFLUXDB_URL", "INFLUXDB_DB", "INFLUXDB_TOKEN",
  "INFLUXDB_USERNAME", "INFLUXDB_PASSWORD", "DETECTOR_INSTANCE_NAME", "DETECTOR_ALARM_RULES",
  "DETECTOR_INGESTION_METRICS",
};

static ImDetectOptions *
parse (GError     **error,
       const char  *first,
       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(ImDetectOptions) options = im_detect_options_new ();
  g_autofree char **argv = NULL;
  va_list ap;
  int argc;

  g_ptr_array_add (args, (char *) "industrialmind-detector");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);

  argc = args->len;
  g_ptr_array_add (args, NULL);
  argv = (char **) g_ptr_array_steal (args, NULL);

  if (!im_detect_options_parse (options, &argc, &argv, error))
    return NULL;

  return g_steal_pointer (&options);
}

static void
clear_env (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (env_names); i++)
    g_unsetenv (env_names[i]);
}

static void
test_defaults (void)
{
  g_autoptr(ImDetectOptions) options = NULL;
  g_autoptr(GError) error = NULL;

  clear_env ();
  options = parse (&error, NULL);
  g_assert_no_error (error);
  g_assert_null (options->input_path);
  g_assert_cmpstr (options->brokers, ==, "127.0.0.1:9092");
  g_assert_cmpstr (options->topic, ==, "sensor-readings");
  g_assert_cmpstr (options->group, ==, "industrialmind-detector");
  g_assert_null (options->instance_name);
  g_assert_cmpstr (options->anomalies_topic, ==, "anomalies");
  g_assert_cmpstr (options->alarms_topic, ==, "alarms");
  g_assert_cmpstr (options->influxdb_url, ==, "http://127.0.0.1:8086");
  g_assert_cmpstr (options->influxdb_db, ==, "sensors");
  g_assert_cmpuint (options->replay, ==, 100000);
  g_assert_true (options->alarms);
  g_assert_null (options->alarm_rules);
  g_assert_null (options->ingestion_metrics);
  g_assert_cmpint (options->ack_interval_ns, ==, 5 * G_GINT64_CONSTANT (1000000000));
  g_assert_cmpstr (options->metrics_addr, ==, "127.0.0.1:9103");
}

static void
test_environment_and_flags (void)
{
  g_autoptr(ImDetectOptions) options = NULL;
  g_autoptr(ImDetectOptions) flags = NULL;
  g_autoptr(GError) error = NULL;

  clear_env ();
  g_setenv ("KAFKA_TOPIC", "readings", TRUE);
  g_setenv ("DETECTOR_INSTANCE_NAME", "detect-1", TRUE);
  g_setenv ("DETECTOR_ALARM_RULES", "none", TRUE);
  g_setenv ("DETECTOR_INGESTION_METRICS", "http://127.0.0.1:9102/metrics", TRUE);
  options = parse (&error, "--replay", "500", "--metrics-addr", "none", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (options->topic, ==, "readings");
  g_assert_cmpstr (options->instance_name, ==, "detect-1");
  g_assert_false (options->alarms);
  g_assert_cmpstr (options->ingestion_metrics, ==, "http://127.0.0.1:9102/metrics");
  g_assert_cmpuint (options->replay, ==, 500);
  g_assert_null (options->metrics_addr);

  /* The command line wins over the environment. */
  flags = parse (&error, "--topic", "other", "--alarm-rules", "/etc/alarms.conf",
                 "--ingestion-metrics", "none", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (flags->topic, ==, "other");
  g_assert_true (flags->alarms);
  g_assert_cmpstr (flags->alarm_rules, ==, "/etc/alarms.conf");
  g_assert_null (flags->ingestion_metrics);
  clear_env ();
}

static void
test_offline (void)
{
  g_autoptr(ImDetectOptions) options = NULL;
  g_autoptr(GError) error = NULL;

  clear_env ();
  options = parse (&error, "-i", "-", "--keep-open", "-o", "events.jsonl", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (options->input_path, ==, "-");
  g_assert_cmpstr (options->output_path, ==, "events.jsonl");
  g_assert_true (options->keep_open);
}

static void
test_usage_errors (void)
{
  const char *cases[][3] = {
    { "--output", "x", NULL },
    { "--keep-open", NULL, NULL },
    { "--anomalies-topic", "sensor-readings", NULL },
    { "--alarms-topic", "anomalies", NULL },
    { "--replay", "-1", NULL },
    { "--ack-interval", "0s", NULL },
    { "--ingestion-metrics", "127.0.0.1:9102", NULL },
    { "--instance-name", "a b", NULL },
    { "--metrics-addr", "nowhere", NULL },
    { "-X", "no.such.property=1", NULL },
    { "surplus", NULL, NULL },
  };

  clear_env ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ImDetectOptions) options = NULL;
      g_autoptr(GError) error = NULL;

      options = parse (&error, cases[i][0], cases[i][1], NULL);
      g_assert_null (options);
      g_assert_nonnull (error);
      g_test_message ("%s %s: %s", cases[i][0], cases[i][1] ? cases[i][1] : "", error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/detector/options/defaults", test_defaults);
  g_test_add_func ("/detector/options/environment-and-flags", test_environment_and_flags);
  g_test_add_func ("/detector/options/offline", test_offline);
  g_test_add_func ("/detector/options/usage-errors", test_usage_errors);

  return g_test_run ();
}
