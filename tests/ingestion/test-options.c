/* test-options.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "im-ingest-options.h"
#include "im-test-backend.h"

static const char * const env_names[] = {
  "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_TOPIC", "KAFKA_DLQ_TOPIC", "INFLUXDB_URL",
  "INFLUXDB_DB", "INFLUXDB_TOKEN", "INFLUXDB_USERNAME", "INFLUXDB_PASSWORD",
  "INGESTION_INSTANCE_NAME",
};

static void
clear_env (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (env_names); i++)
    g_unsetenv (env_names[i]);
}

static ImIngestOptions *
parse (GError     **error,
       const char  *first,
       ...);

static ImIngestOptions *
parse (GError     **error,
       const char  *first,
       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(ImIngestOptions) options = im_ingest_options_new ();
  g_autofree char **argv = NULL;
  va_list ap;
  int argc;

  g_ptr_array_add (args, (char *) "industrialmind-ingestion");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);

  argc = args->len;
  g_ptr_array_add (args, NULL);
  argv = (char **) g_ptr_array_steal (args, NULL);

  if (!im_ingest_options_parse (options, &argc, &argv, error))
    return NULL;

  return g_steal_pointer (&options);
}

static void
test_defaults (void)
{
  g_autoptr(ImIngestOptions) options = NULL;
  g_autoptr(GError) error = NULL;

  clear_env ();
  options = parse (&error, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (options->brokers, ==, "127.0.0.1:9092");
  g_assert_cmpstr (options->topic, ==, "sensor-readings");
  g_assert_cmpstr (options->group, ==, "ingestion-service");
  g_assert_cmpstr (options->dlq_topic, ==, "sensor-readings.dlq");
  g_assert_cmpstr (options->influxdb_url, ==, "http://127.0.0.1:8086");
  g_assert_cmpstr (options->influxdb_db, ==, "sensors");
  g_assert_null (options->influxdb_token);
  g_assert_null (options->instance_name);
  g_assert_cmpuint (options->batch_size, ==, IM_INGEST_DEFAULT_BATCH_SIZE);
  g_assert_cmpuint (options->write_concurrency, ==, IM_INGEST_DEFAULT_WRITE_CONCURRENCY);
  g_assert_cmpint (options->shutdown_timeout_ns, ==, 10 * G_GINT64_CONSTANT (1000000000));
  g_assert_cmpint (options->flush_interval_ns, >, 0);
  g_assert_false (options->gzip);
  g_assert_false (options->create_database);
  g_assert_cmpstr (options->metrics_addr, ==, IM_INGEST_DEFAULT_METRICS_ADDR);
  g_assert_cmpuint (g_strv_length (options->kafka_overrides), ==, 0);
}

static void
test_env_and_flags (void)
{
  g_autoptr(ImIngestOptions) options = NULL;
  g_autoptr(GError) error = NULL;

  clear_env ();
  g_setenv ("KAFKA_BOOTSTRAP_SERVERS", "env-broker:9092", TRUE);
  g_setenv ("KAFKA_TOPIC", "env-topic", TRUE);
  g_setenv ("INFLUXDB_URL", "http://env:8086", TRUE);
  g_setenv ("INFLUXDB_DB", "envdb", TRUE);
  g_setenv ("INFLUXDB_TOKEN", "secret", TRUE);
  g_setenv ("INGESTION_INSTANCE_NAME", "env-name", TRUE);

  options = parse (&error, "--topic", "flag-topic", "--instance-name=host-1.ingest_0", "--batch-size=250",
                   "--flush-interval=250ms", "--shutdown-timeout", "3s",
                   "-X", "fetch.wait.max.ms=10", "-X", "session.timeout.ms=6000",
                   "--gzip", "--create-database", "--metrics-addr=none",
                   "--write-concurrency", "3", NULL);
  g_assert_no_error (error);
  /* Flags win over the environment. */
  g_assert_cmpstr (options->topic, ==, "flag-topic");
  g_assert_cmpstr (options->dlq_topic, ==, "flag-topic.dlq");
  g_assert_cmpstr (options->brokers, ==, "env-broker:9092");
  g_assert_cmpstr (options->influxdb_url, ==, "http://env:8086");
  g_assert_cmpstr (options->influxdb_db, ==, "envdb");
  g_assert_cmpstr (options->influxdb_token, ==, "secret");
  g_assert_cmpstr (options->instance_name, ==, "host-1.ingest_0");
  g_assert_cmpuint (options->batch_size, ==, 250);
  g_assert_cmpint (options->flush_interval_ns, ==, 250 * G_GINT64_CONSTANT (1000000));
  g_assert_cmpint (options->shutdown_timeout_ns, ==, 3 * G_GINT64_CONSTANT (1000000000));
  g_assert_cmpuint (options->write_concurrency, ==, 3);
  g_assert_true (options->gzip);
  g_assert_true (options->create_database);
  g_assert_null (options->metrics_addr);
  g_assert_cmpuint (g_strv_length (options->kafka_overrides), ==, 2);
  g_assert_cmpstr (options->kafka_overrides[0], ==, "fetch.wait.max.ms=10");
  g_assert_cmpstr (options->kafka_overrides[1], ==, "session.timeout.ms=6000");
  g_clear_pointer (&options, im_ingest_options_free);

  /* The environment names the instance when the flag does not. */
  options = parse (&error, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (options->instance_name, ==, "env-name");

  clear_env ();
}

static void
test_bad_values (void)
{
  const char *cases[][3] = {
    { "--batch-size=0", NULL },
    { "--batch-size=abc", NULL },
    { "--batch-size=-5", NULL },
    { "--flush-interval=soon", NULL },
    { "--flush-interval=0", NULL },
    { "--shutdown-timeout=x", NULL },
    { "--write-concurrency=0", NULL },
    { "-X", "novalue", NULL },
    { "-X", "no.such.property=1", NULL },
    { "-X", "session.timeout.ms=soon", NULL },
    { "--metrics-addr=nocolon", NULL },
    { "--metrics-addr=host:99999", NULL },
    { "--influxdb-url=ftp://x", NULL },
    { "--influxdb-token=t", "--influxdb-username=u", NULL },
    { "--influxdb-username=u", NULL },
    { "--dlq-topic=sensor-readings", NULL },
    { "--topic=", NULL },
    { "--instance-name=has space", NULL },
    { "--instance-name=a/b", NULL },
    { "--no-such-flag", NULL },
    { "stray-argument", NULL },
  };

  clear_env ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ImIngestOptions) options = NULL;
      g_autoptr(GError) error = NULL;

      options = parse (&error, cases[i][0], cases[i][1], NULL);
      if (options != NULL)
        g_error ("“%s %s” was accepted", cases[i][0], cases[i][1] ? cases[i][1] : "");
      g_assert_nonnull (error);
      g_test_message ("%s → %s", cases[i][0], error->message);
    }
}

static int
run_daemon (const char  *arg,
            char       **out,
            char       **err)
{
  g_autofree char *path = im_test_build_path ("daemons/ingestion/industrialmind-ingestion");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, path, arg, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

static void
test_exit_codes (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (run_daemon ("--help", &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "--batch-size"));
  g_assert_nonnull (strstr (out, "--create-database"));

  /* A usage error exits 2 and says what was wrong. */
  g_assert_cmpint (run_daemon ("--batch-size=nope", &out2, &err2), ==, 2);
  g_assert_nonnull (strstr (err2, "--batch-size"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingestion/options/defaults", test_defaults);
  g_test_add_func ("/ingestion/options/env-and-flags", test_env_and_flags);
  g_test_add_func ("/ingestion/options/bad-values", test_bad_values);
  g_test_add_func ("/ingestion/options/exit-codes", test_exit_codes);

  return g_test_run ();
}
