/* test-sim-options.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "im-kafka.h"
#include "im-sim-options.h"
#include "im-sim-producer.h"
#include "im-test-backend.h"
#include "im-util.h"

#define SEC IM_NSEC_PER_SEC
/* 2026-11-28T07:26:49.123456789Z */
#define NOW_NS (G_GINT64_CONSTANT (1795851209) * SEC + 123456789)

static gboolean
parse (ImSimOptions  *options,
       GError       **error,
       const char    *first,
       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) args = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, g_strdup ("industrialmind-simulator"));
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  args = (GStrv) g_ptr_array_steal (argv, NULL);

  return im_sim_options_parse (options, &args, NOW_NS, error);
}

static void
clear_env (void)
{
  g_unsetenv ("KAFKA_BOOTSTRAP_SERVERS");
  g_unsetenv ("KAFKA_TOPIC");
}

static void
test_defaults (void)
{
  ImSimOptions options;
  g_autoptr(GError) error = NULL;

  clear_env ();
  g_assert_true (parse (&options, &error, NULL));
  g_assert_no_error (error);

  g_assert_cmpuint (options.sim.n_machines, ==, 5);
  g_assert_cmpint (options.sim.interval_ns, ==, SEC);
  g_assert_cmpfloat (options.sim.anomaly_rate, ==, 0.05);
  g_assert_cmpint (options.sim.mean_time_to_failure_ns, ==, 3600 * SEC);
  g_assert_cmpint (options.sim.maintenance_ns, ==, 600 * SEC);
  /* Now, to the millisecond. */
  g_assert_cmpint (options.sim.start_time_ns, ==, NOW_NS - 456789);
  g_assert_false (options.seed_given);
  g_assert_cmpuint (options.sim.seed, <, G_GUINT64_CONSTANT (1) << 53);
  g_assert_cmpstr (options.brokers, ==, "127.0.0.1:9092");
  g_assert_cmpstr (options.topic, ==, "sensor-readings");
  g_assert_nonnull (options.kafka_overrides);
  g_assert_cmpuint (g_strv_length (options.kafka_overrides), ==, 0);
  g_assert_cmpuint (options.count, ==, 0);
  g_assert_cmpint (options.duration_ns, ==, 0);
  g_assert_cmpint (options.backfill_ns, ==, 0);
  g_assert_cmpint (options.output, ==, IM_SIM_OUTPUT_KAFKA);
  g_assert_null (options.metrics_addr);

  im_sim_options_clear (&options);
}

static void
test_all_flags (void)
{
  ImSimOptions options;
  g_autoptr(GError) error = NULL;

  clear_env ();
  g_assert_true (parse (&options, &error,
                        "--machines", "1000", "--interval", "250ms", "--anomaly-rate", "0.2",
                        "--seed", "18446744073709551615", "--mttf", "2h", "--maintenance", "0",
                        "--start-time", "2026-01-01T01:00:00+01:00", "--count", "123",
                        "--duration", "1d", "--output", "stdout", "--brokers", "a:1,b:2",
                        "--topic", "my.topic_1-x", "-X", "linger.ms=50",
                        "-X", "client.id=a=b", "--metrics-addr", "127.0.0.1:0", NULL));
  g_assert_no_error (error);

  g_assert_cmpuint (options.sim.n_machines, ==, 1000);
  g_assert_cmpint (options.sim.interval_ns, ==, 250 * IM_NSEC_PER_MSEC);
  g_assert_cmpfloat (options.sim.anomaly_rate, ==, 0.2);
  g_assert_true (options.seed_given);
  g_assert_cmpuint (options.sim.seed, ==, G_MAXUINT64);
  g_assert_cmpint (options.sim.mean_time_to_failure_ns, ==, 7200 * SEC);
  g_assert_cmpint (options.sim.maintenance_ns, ==, 0);
  /* 2026-01-01T00:00:00Z */
  g_assert_cmpint (options.sim.start_time_ns, ==, G_GINT64_CONSTANT (1767225600) * SEC);
  g_assert_cmpuint (options.count, ==, 123);
  g_assert_cmpint (options.duration_ns, ==, 86400 * SEC);
  g_assert_cmpint (options.output, ==, IM_SIM_OUTPUT_STDOUT);
  g_assert_cmpstr (options.brokers, ==, "a:1,b:2");
  g_assert_cmpstr (options.topic, ==, "my.topic_1-x");
  g_assert_cmpuint (g_strv_length (options.kafka_overrides), ==, 2);
  g_assert_cmpstr (options.kafka_overrides[0], ==, "linger.ms=50");
  g_assert_cmpstr (options.kafka_overrides[1], ==, "client.id=a=b");
  g_assert_cmpstr (options.metrics_addr, ==, "127.0.0.1:0");

  im_sim_options_clear (&options);
}

static void
test_short_flags (void)
{
  ImSimOptions options;
  g_autoptr(GError) error = NULL;

  clear_env ();
  g_assert_true (parse (&options, &error, "-m", "7", "-i", "2", "-a", "0", "-s", "9",
                        "-n", "10", "-o", "kafka", "-t", "t1", "-b", "h:9", NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (options.sim.n_machines, ==, 7);
  g_assert_cmpint (options.sim.interval_ns, ==, 2 * SEC);
  g_assert_cmpfloat (options.sim.anomaly_rate, ==, 0.0);
  g_assert_cmpuint (options.sim.seed, ==, 9);
  g_assert_cmpuint (options.count, ==, 10);
  g_assert_cmpstr (options.topic, ==, "t1");
  g_assert_cmpstr (options.brokers, ==, "h:9");
  im_sim_options_clear (&options);
}

/* -X is --kafka-property, as in the ingestion; the old --kafka-option
 * still works, in the same list. */
static void
test_kafka_property (void)
{
  ImSimOptions options;
  g_autoptr(GError) error = NULL;

  clear_env ();
  g_assert_true (parse (&options, &error, "--kafka-property", "linger.ms=5",
                        "--kafka-option", "acks=all", "-X", "client.id=x", NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (options.kafka_overrides), ==, 3);
  g_assert_cmpstr (options.kafka_overrides[0], ==, "linger.ms=5");
  g_assert_cmpstr (options.kafka_overrides[1], ==, "acks=all");
  g_assert_cmpstr (options.kafka_overrides[2], ==, "client.id=x");
  im_sim_options_clear (&options);
}

static void
test_environment (void)
{
  ImSimOptions options;
  g_autoptr(GError) error = NULL;

  g_setenv ("KAFKA_BOOTSTRAP_SERVERS", "env-host:19092", TRUE);
  g_setenv ("KAFKA_TOPIC", "env-topic", TRUE);

  g_assert_true (parse (&options, &error, NULL));
  g_assert_no_error (error);
  g_assert_cmpstr (options.brokers, ==, "env-host:19092");
  g_assert_cmpstr (options.topic, ==, "env-topic");
  im_sim_options_clear (&options);

  /* Flags win. */
  g_assert_true (parse (&options, &error, "--brokers", "flag:1", "--topic", "flag-topic", NULL));
  g_assert_no_error (error);
  g_assert_cmpstr (options.brokers, ==, "flag:1");
  g_assert_cmpstr (options.topic, ==, "flag-topic");
  im_sim_options_clear (&options);

  /* A bad topic from the environment is named as such. */
  g_setenv ("KAFKA_TOPIC", "bad topic", TRUE);
  g_assert_false (parse (&options, &error, NULL));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_nonnull (strstr (error->message, "KAFKA_TOPIC"));
  im_sim_options_clear (&options);

  clear_env ();
}

static void
test_backfill (void)
{
  ImSimOptions options;
  g_autoptr(GError) error = NULL;

  clear_env ();
  g_assert_true (parse (&options, &error, "--backfill", "7d", NULL));
  g_assert_no_error (error);
  g_assert_cmpint (options.backfill_ns, ==, 7 * 86400 * SEC);
  g_assert_cmpint (options.sim.start_time_ns, ==, NOW_NS - 456789 - 7 * 86400 * SEC);
  im_sim_options_clear (&options);
}

static const struct {
  const char *args[5];
  const char *in_message;
} bad_cases[] = {
  { { "--machines", "0" }, "--machines" },
  { { "--machines", "100001" }, "--machines" },
  { { "--machines", "five" }, "--machines" },
  { { "--machines", "-1" }, "--machines" },
  { { "--interval", "0" }, "--interval" },
  { { "--interval", "-1" }, "--interval" },
  { { "--interval", "2d" }, "--interval" },
  { { "--interval", "1 s" }, "--interval" },
  { { "--anomaly-rate", "1.5" }, "--anomaly-rate" },
  { { "--anomaly-rate", "-0.1" }, "--anomaly-rate" },
  { { "--anomaly-rate", "nan" }, "--anomaly-rate" },
  { { "--anomaly-rate", "5%" }, "--anomaly-rate" },
  { { "--seed", "x" }, "--seed" },
  { { "--seed", "18446744073709551616" }, "--seed" },
  { { "--mttf", "0" }, "--mttf" },
  { { "--mttf", "soon" }, "--mttf" },
  { { "--maintenance", "-5m" }, "--maintenance" },
  { { "--count", "0" }, "--count" },
  { { "--count", "1e6" }, "--count" },
  { { "--duration", "0s" }, "--duration" },
  { { "--duration", "forever" }, "--duration" },
  { { "--output", "file" }, "--output" },
  { { "--start-time", "yesterday" }, "--start-time" },
  { { "--start-time", "1999-12-31T23:59:59Z" }, "--start-time" },
  { { "--start-time", "2026-13-01T00:00:00Z" }, "--start-time" },
  { { "--start-time", "2099-01-01T00:00:00Z" }, "--start-time" },
  { { "--backfill", "0" }, "--backfill" },
  { { "--backfill", "100000d" }, "--backfill" },
  { { "--backfill", "1d", "--start-time", "2026-01-01T00:00:00Z" }, "--backfill" },
  { { "--brokers", "" }, "--brokers" },
  { { "--topic", "" }, "--topic" },
  { { "--topic", "a/b" }, "--topic" },
  { { "--topic", ".." }, "--topic" },
  { { "-X", "linger.ms" }, "-X" },
  { { "-X", "=5" }, "-X" },
  { { "--metrics-addr", "localhost" }, "--metrics-addr" },
  { { "--metrics-addr", "127.0.0.1:70000" }, "--metrics-addr" },
  { { "--no-such-option" }, "--no-such-option" },
  { { "--machines" }, "--machines" },
  { { "extra-argument" }, "extra-argument" },
};

static void
test_bad_values (void)
{
  clear_env ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      ImSimOptions options;
      g_autoptr(GError) error = NULL;
      const char * const *a = bad_cases[i].args;

      g_test_message ("case %u: %s %s", i, a[0], a[1] ? a[1] : "");
      g_assert_false (parse (&options, &error, a[0], a[1], a[2], a[3], NULL));
      g_assert_nonnull (error);
      g_assert_true (error->domain == G_OPTION_ERROR);
      if (strstr (error->message, bad_cases[i].in_message) == NULL)
        g_error ("case %u: “%s” does not name %s", i, error->message, bad_cases[i].in_message);
      im_sim_options_clear (&options);
    }
}

/* A -X that librdkafka refuses fails when the producer is made, before
 * any connection. */
static void
test_bad_kafka_setting (void)
{
  g_autoptr(GError) error = NULL;
  const char *overrides[] = { "no.such.property=1", NULL };
  g_autoptr(ImSimProducer) producer = NULL;

  producer = im_sim_producer_new ("127.0.0.1:1", "t", overrides, &error);
  g_assert_null (producer);
  g_assert_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "no.such.property"));
}

/* The producer's defaults are librdkafka settings it takes, and the -X
 * overrides come after them. */
static void
test_producer_defaults (void)
{
  const char * const *defaults = im_sim_producer_default_settings ();
  const char *overrides[] = { "linger.ms=20", "acks=1", NULL };
  const char *quiet[] = { "log_level=0", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(ImSimProducer) producer = NULL;
  gboolean idempotent = FALSE, lz4 = FALSE, acks_all = FALSE, no_timeout = FALSE;

  for (guint i = 0; defaults[i] != NULL; i++)
    {
      idempotent |= strcmp (defaults[i], "enable.idempotence=true") == 0;
      lz4 |= strcmp (defaults[i], "compression.type=lz4") == 0;
      acks_all |= strcmp (defaults[i], "acks=all") == 0;
      no_timeout |= strcmp (defaults[i], "message.timeout.ms=0") == 0;
    }
  g_assert_true (idempotent);
  g_assert_true (lz4);
  g_assert_true (acks_all);
  g_assert_true (no_timeout);

  /* acks=1 contradicts idempotence: librdkafka refuses the pair, which
   * shows the override is applied over the default. */
  producer = im_sim_producer_new ("127.0.0.1:1", "t", overrides, &error);
  g_assert_null (producer);
  g_assert_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CONFIG);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Nothing listens on port 1: keep librdkafka's connection errors out
   * of the (fatal-warnings) test log. */
  producer = im_sim_producer_new ("127.0.0.1:1", "t", quiet, &error);
  g_assert_no_error (error);
  g_assert_nonnull (producer);
  g_assert_cmpuint (im_sim_producer_get_produced (producer), ==, 0);
}

/* The built program: a bad flag is a usage error, exit status 2, with a
 * message on stderr and nothing on stdout. */
static void
run_program (const char * const *args,
             int                *exit_status,
             char              **out,
             char              **err)
{
  g_autofree char *program = im_test_build_path ("daemons/simulator/industrialmind-simulator");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  *exit_status = WEXITSTATUS (status);
}

static void
test_program_bad_flags (void)
{
  static const char *cases[][4] = {
    { "--machines", "many", NULL },
    { "--output", "file", NULL },
    { "--interval", "0", NULL },
    { "--start-time", "2026-01-01", NULL },
    { "-X", "no.such.property=1", NULL },
    { "-X", "acks=1", NULL },
    { "--metrics-addr", "example.org:9", NULL },
    { "--bogus", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      run_program (cases[i], &status, &out, &err);
      g_test_message ("%s: %s", cases[i][0], err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "industrialmind-simulator: "));
      g_assert_nonnull (strstr (err, "--help"));
    }
}

static void
test_program_help (void)
{
  const char *args[] = { "--help", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  run_program (args, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      static const char *expected[] = { "--machines", "--backfill", "KAFKA_BOOTSTRAP_SERVERS" };

      g_assert_nonnull (strstr (out, expected[i]));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim-options/defaults", test_defaults);
  g_test_add_func ("/sim-options/all-flags", test_all_flags);
  g_test_add_func ("/sim-options/short-flags", test_short_flags);
  g_test_add_func ("/sim-options/kafka-property", test_kafka_property);
  g_test_add_func ("/sim-options/environment", test_environment);
  g_test_add_func ("/sim-options/backfill", test_backfill);
  g_test_add_func ("/sim-options/bad-values", test_bad_values);
  g_test_add_func ("/sim-options/bad-kafka-setting", test_bad_kafka_setting);
  g_test_add_func ("/sim-options/producer-defaults", test_producer_defaults);
  g_test_add_func ("/sim-options/program-bad-flags", test_program_bad_flags);
  g_test_add_func ("/sim-options/program-help", test_program_help);

  return g_test_run ();
}
