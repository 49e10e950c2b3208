/* bench-simulator.c — how fast the simulator goes, and Kafka's own
 * producer as the reference ceiling, measured in the same run
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-simulator [--brokers HOST:PORT] [--count N] [--quick]
 *
 * For 5, 1000 and 10000 machines it runs industrialmind-simulator at full
 * speed (a start time far enough in the past that every reading is due)
 * to /dev/null (--output stdout) and to Kafka (a topic of its own, 6
 * partitions, the daemon's defaults: idempotent, acks=all, lz4), timing
 * until the process exits, that is until every reading is acknowledged,
 * and reading its peak RSS from wait4(). Then Kafka's
 * org.apache.kafka.tools.ProducerPerformance sends the same count of the
 * simulator's own messages (--payload-file) with the same settings.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "im-reading.h"
#include "im-sim.h"
#include "im-test-kafka.h"
#include "im-util.h"

typedef struct
{
  double  seconds;
  double  rate;
  long    max_rss_kb;
  int     status;
} RunResult;

static char *
start_time_for (guint64 count,
                guint   machines)
{
  char buf[IM_TIMESTAMP_BUF_SIZE];
  /* One reading a second per machine: count / machines seconds of
   * history, plus a day, all of it due now. */
  gint64 span_ns = (gint64) (count / machines + 86400) * IM_NSEC_PER_SEC;

  im_timestamp_format (buf, im_now_ns () - span_ns, 0);
  return g_strdup (buf);
}

/* Runs @argv with stdout to @stdout_path (or inherited) and stderr to
 * /dev/null, timing it and reading its peak RSS. */
static RunResult
run (const char * const *argv,
     const char         *stdout_path,
     guint64             count)
{
  RunResult result = { 0 };
  struct rusage usage;
  gint64 start;
  pid_t pid;
  int status = 0;

  start = g_get_monotonic_time ();
  pid = fork ();
  g_assert (pid >= 0);
  if (pid == 0)
    {
      if (stdout_path != NULL && freopen (stdout_path, "w", stdout) == NULL)
        _exit (127);
      if (freopen ("/dev/null", "w", stderr) == NULL)
        _exit (127);
      execv (argv[0], (char * const *) argv);
      _exit (127);
    }

  g_assert (wait4 (pid, &status, 0, &usage) == pid);
  result.seconds = (g_get_monotonic_time () - start) / 1e6;
  result.rate = count / result.seconds;
  result.max_rss_kb = usage.ru_maxrss;
  result.status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);

  return result;
}

/* -X settings passed on to the simulator (tuning experiments). */
static char **kafka_options;

static RunResult
run_simulator (const char *program,
               guint       machines,
               guint64     count,
               const char *brokers,
               const char *topic)
{
  g_autofree char *machines_str = g_strdup_printf ("%u", machines);
  g_autofree char *count_str = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
  g_autofree char *start = start_time_for (count, machines);
  const char *argv_stdout[] = {
    program, "--machines", machines_str, "--count", count_str, "--seed", "1",
    "--start-time", start, "--output", "stdout", NULL
  };
  const char *argv_kafka[] = {
    program, "--machines", machines_str, "--count", count_str, "--seed", "1",
    "--start-time", start, "--brokers", brokers, "--topic", topic, NULL
  };
  g_autoptr(GPtrArray) argv = NULL;

  if (topic == NULL)
    return run (argv_stdout, "/dev/null", count);

  argv = g_ptr_array_new ();
  for (guint i = 0; argv_kafka[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) argv_kafka[i]);
  for (guint i = 0; kafka_options != NULL && kafka_options[i] != NULL; i++)
    {
      g_ptr_array_add (argv, (gpointer) "-X");
      g_ptr_array_add (argv, kafka_options[i]);
    }
  g_ptr_array_add (argv, NULL);

  return run ((const char * const *) argv->pdata, NULL, count);
}

/* The simulator's messages, one per line, and their mean size. */
static char *
write_payload_file (guint    lines,
                    double  *mean_size)
{
  ImSimConfig config;
  g_autoptr(ImSimFleet) fleet = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  im_sim_config_init (&config);
  config.n_machines = 1000;
  config.seed = 1;
  config.start_time_ns = im_now_ns () - 86400 * IM_NSEC_PER_SEC;
  fleet = im_sim_fleet_new (&config);
  for (guint i = 0; i < lines; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      im_reading_append_json (&reading, out);
      g_string_append_c (out, '\n');
    }
  *mean_size = (double) out->len / lines - 1;

  fd = g_file_open_tmp ("im-bench-payload-XXXXXX", &path, &error);
  g_assert_no_error (error);
  g_assert (write (fd, out->str, out->len) == (gssize) out->len);
  close (fd);

  return path;
}

/* Kafka's ProducerPerformance; its rate parsed from its summary line. */
static RunResult
run_producer_perf (const char *brokers,
                   const char *topic,
                   guint64     count,
                   const char *payload_path)
{
  g_autofree char *kafka_home = NULL;
  g_autofree char *classpath = NULL;
  g_autofree char *count_str = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
  g_autofree char *bootstrap = g_strdup_printf ("bootstrap.servers=%s", brokers);
  g_autofree char *out_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *java = g_find_program_in_path ("java");
  const char *rate;
  RunResult result = { 0 };
  int fd;

  /* Where compose/backend keeps the Kafka jars. */
  if (g_getenv ("IM_KAFKA_HOME") != NULL)
    {
      kafka_home = g_strdup (g_getenv ("IM_KAFKA_HOME"));
    }
  else
    {
      g_autofree char *name = g_strdup_printf ("kafka-%s", g_getenv ("KAFKA_VERSION") ?: "3.9.2");

      kafka_home = g_build_filename (g_get_user_cache_dir (), "industrialmind", name, NULL);
    }
  classpath = g_build_filename (kafka_home, "libs", "*", NULL);

  if (java == NULL)
    {
      result.status = -1;
      return result;
    }

  {
    const char *argv[] = {
      java, "-Xmx512m", "-cp", classpath, "org.apache.kafka.tools.ProducerPerformance",
      "--topic", topic, "--num-records", count_str, "--throughput", "-1",
      "--payload-file", payload_path,
      "--producer-props", bootstrap, "acks=all", "compression.type=lz4", "linger.ms=10",
      "enable.idempotence=true", NULL
    };

    fd = g_file_open_tmp ("im-bench-perf-XXXXXX", &out_path, NULL);
    close (fd);
    result = run (argv, out_path, count);
  }

  g_file_get_contents (out_path, &output, NULL, NULL);
  g_unlink (out_path);

  /* "N records sent, R records/sec (…)" — the last such line. */
  rate = output != NULL ? g_strrstr (output, " records/sec") : NULL;
  if (rate != NULL)
    {
      const char *p = rate;

      while (p > output && (g_ascii_isdigit (p[-1]) || p[-1] == '.'))
        p--;
      result.rate = g_ascii_strtod (p, NULL);
    }
  else
    {
      g_printerr ("ProducerPerformance said:\n%s\n", output ? output : "(nothing)");
      result.rate = 0;
    }

  return result;
}

/* The model alone, and with the JSON encoding, in this process. */
static void
bench_in_process (void)
{
  ImSimConfig config;
  g_autoptr(ImSimFleet) fleet = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  ImReading reading;
  guint n = 5000000;
  gint64 t0, t1, t2;
  double sink = 0;

  im_sim_config_init (&config);
  config.n_machines = 1000;
  fleet = im_sim_fleet_new (&config);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      im_sim_fleet_next (fleet, &reading);
      sink += reading.values[0];
    }
  t1 = g_get_monotonic_time ();
  for (guint i = 0; i < n / 5; i++)
    {
      im_sim_fleet_next (fleet, &reading);
      g_string_truncate (out, 0);
      im_reading_append_json (&reading, out);
      sink += out->len;
    }
  t2 = g_get_monotonic_time ();

  g_print ("in process, 1000 machines: model %.2f M readings/s, model + JSON %.2f M/s "
           "(checksum %g)\n",
           n / ((t1 - t0) / 1e6) / 1e6, (n / 5) / ((t2 - t1) / 1e6) / 1e6, sink > 0 ? 1.0 : 0.0);
}

static void
print_conditions (const char *brokers)
{
  g_autofree char *cpuinfo = NULL;
  const char *model = "unknown CPU";
  g_auto(GStrv) lines = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      lines = g_strsplit (cpuinfo, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "model name"))
          {
            model = strchr (lines[i], ':') ? strchr (lines[i], ':') + 2 : lines[i];
            break;
          }
    }

  g_print ("machine: %ld cores (%s), librdkafka %s, broker %s (local, single node)\n",
           sysconf (_SC_NPROCESSORS_ONLN), model, rd_kafka_version_str (), brokers);
}

int
main (int   argc,
      char *argv[])
{
  static const guint fleets[] = { 5, 1000, 10000 };
  g_autofree char *brokers = g_strdup (g_getenv ("KAFKA_BOOTSTRAP_SERVERS") ?: "127.0.0.1:9092");
  g_autofree char *payload_path = NULL;
  gint64 count = 2000000;
  gboolean quick = FALSE;
  double mean_size;
  double best_kafka = 0;
  RunResult perf;
  const GOptionEntry entries[] = {
    { "brokers", 0, 0, G_OPTION_ARG_STRING, &brokers, "Kafka bootstrap servers", "HOST:PORT" },
    { "count", 0, 0, G_OPTION_ARG_INT64, &count, "Readings per run (default 2000000)", "N" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Only 1000 machines, no reference", NULL },
    { "kafka-property", 'X', 0, G_OPTION_ARG_STRING_ARRAY, &kafka_options,
      "A librdkafka setting for the simulator (repeatable)", "KEY=VALUE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count <= 0)
    {
      g_printerr ("%s\n", error ? error->message : "--count must be positive");
      return 2;
    }

  print_conditions (brokers);
  payload_path = write_payload_file (10000, &mean_size);
  g_print ("messages: JSON readings, mean %.0f bytes; %" G_GINT64_FORMAT " per run\n",
           mean_size, count);
  bench_in_process ();

  g_print ("\n%-9s %-8s %12s %9s %10s %6s\n",
           "machines", "output", "readings/s", "seconds", "peak RSS", "exit");
  for (guint i = 0; i < G_N_ELEMENTS (fleets); i++)
    {
      g_autofree char *topic = NULL;
      RunResult r;

      if (quick && fleets[i] != 1000)
        continue;

      r = run_simulator (SIMULATOR_PATH, fleets[i], count, NULL, NULL);
      g_print ("%-9u %-8s %12.0f %9.2f %7.1f MB %6d\n", fleets[i], "stdout", r.rate, r.seconds,
               r.max_rss_kb / 1024.0, r.status);

      topic = g_strdup_printf ("bench-sim-%d-%u", (int) getpid (), fleets[i]);
      im_test_kafka_create_topic (brokers, topic, 6);
      r = run_simulator (SIMULATOR_PATH, fleets[i], count, brokers, topic);
      g_print ("%-9u %-8s %12.0f %9.2f %7.1f MB %6d\n", fleets[i], "kafka", r.rate, r.seconds,
               r.max_rss_kb / 1024.0, r.status);
      im_test_kafka_delete_topic (brokers, topic);
      if (r.status == 0)
        best_kafka = MAX (best_kafka, r.rate);
    }

  if (quick)
    {
      g_unlink (payload_path);
      return 0;
    }

  {
    g_autofree char *topic = g_strdup_printf ("bench-sim-%d-perf", (int) getpid ());

    im_test_kafka_create_topic (brokers, topic, 6);
    perf = run_producer_perf (brokers, topic, count, payload_path);
    im_test_kafka_delete_topic (brokers, topic);
  }
  g_unlink (payload_path);

  g_print ("\nreference: Kafka ProducerPerformance, same messages (--payload-file), same count,\n"
           "acks=all, lz4, linger.ms=10, idempotent, no keys: %.0f records/s, "
           "peak RSS %.1f MB (JVM)\n", perf.rate, perf.max_rss_kb / 1024.0);
  if (perf.rate > 0)
    g_print ("simulator to Kafka (best fleet) / reference: %.0f %%\n",
             100.0 * best_kafka / perf.rate);

  return 0;
}
