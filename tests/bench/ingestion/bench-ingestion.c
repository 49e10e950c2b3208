/* bench-ingestion.c — throughput and latency of industrialmind-ingestion
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three phases against the running backend (compose/backend up):
 *
 *  throughput  a topic pre-filled with --count readings is drained by the
 *              daemon into a fresh database: readings/s from its first
 *              write to its last, the daemon's CPU time and peak RSS;
 *  ceiling     the same readings, pre-encoded as line protocol in batches
 *              of 5 000, posted straight to another fresh database by
 *              --ceiling-concurrency parallel libcurl transfers: what this
 *              InfluxDB takes on this machine, the reference;
 *  latency     readings stamped with the current time are produced at
 *              --latency-rate per second; a poller counts what InfluxDB
 *              can answer every 10 ms, and each reading's latency is the
 *              time of the first count that includes it minus its
 *              timestamp (readings become visible in time order, batch
 *              by batch, so the count tells which).
 *
 * Every topic and database it makes is removed at the end.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "im-influx-client.h"
#include "im-kafka.h"
#include "im-line-protocol.h"
#include "im-reading.h"
#include "im-sim.h"
#include "im-test-kafka.h"
#include "im-util.h"

#define SEC G_GINT64_CONSTANT (1000000000)

static gint64   opt_count = 2000000;
static int      opt_batch_size = 0;
static char    *opt_flush_interval = NULL;
static int      opt_write_concurrency = 0;
static gboolean opt_gzip = FALSE;
static int      opt_ceiling_concurrency = 4;
static int      opt_latency_seconds = 30;
static int      opt_latency_rate = 1000;
static gboolean opt_skip_throughput = FALSE;
static gboolean opt_skip_ceiling = FALSE;
static gboolean opt_skip_latency = FALSE;
static char    *opt_daemon = NULL;
static char    *opt_delete_topic = NULL;
static char   **opt_daemon_args = NULL;
static char    *opt_compression = NULL;
static gboolean opt_keep_topic = FALSE;
static int      opt_machines = 1000;
static int      opt_repetitions = 2;
static char   **opt_variants = NULL;
static gboolean opt_skip_telegraf = FALSE;
static char    *opt_telegraf_config = NULL;
static int      opt_telegraf_timeout = 200;

static const char *brokers;
static const char *influx_url;
static char       *tmpdir;

/* Machine figures */

typedef struct
{
  guint64 busy;
  guint64 total;
} CpuSample;

static CpuSample
cpu_sample (void)
{
  g_autofree char *text = NULL;
  CpuSample s = { 0 };
  guint64 v[10] = { 0 };

  if (g_file_get_contents ("/proc/stat", &text, NULL, NULL))
    sscanf (text, "cpu %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
            " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
            &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
  for (guint i = 0; i < 8; i++)
    s.total += v[i];
  s.busy = s.total - v[3] - v[4];

  return s;
}

static double
cpu_busy (CpuSample a,
          CpuSample b)
{
  return b.total > a.total ? (double) (b.busy - a.busy) / (b.total - a.total) : 0;
}

static char *
proc_field (const char *pid,
            const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || !(p = strstr (text, field)))
    return NULL;

  p += strlen (field);
  while (*p == ' ' || *p == '\t')
    p++;

  return g_strndup (p, strcspn (p, "\n"));
}

static double
proc_cpu_seconds (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  unsigned long utime = 0;
  unsigned long stime = 0;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || !(p = strrchr (text, ')')))
    return 0;

  /* Fields 14 and 15 after "pid (comm)". */
  sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime);

  return (utime + stime) / (double) sysconf (_SC_CLK_TCK);
}

/* The backend's processes, from compose/backend's pid files. */
static char *
backend_pid (const char *service,
             const char *file)
{
  g_autofree char *path = NULL;
  char *text = NULL;
  const char *state = g_getenv ("IM_BACKEND_DIR");

  if (state != NULL)
    path = g_build_filename (state, service, file, NULL);
  else
    path = g_build_filename (g_get_home_dir (), ".local", "state", "industrialmind", "backend",
                             service, file, NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;

  return g_strstrip (text);
}

static void
print_conditions (void)
{
  g_autofree char *cpuinfo = NULL;
  const char *model = "?";

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      char *p = strstr (cpuinfo, "model name");

      if (p != NULL && (p = strchr (p, ':')))
        {
          model = p + 2;
          *strchr (p, '\n') = '\0';
        }
    }

  printf ("# machine: %ld CPUs (%s), librdkafka %s, backend Kafka %s, InfluxDB %s\n",
          sysconf (_SC_NPROCESSORS_ONLN), model, rd_kafka_version_str (), brokers, influx_url);
}

/* Producing */

typedef struct
{
  rd_kafka_t *rk;
  guint64     failed;
} Producer;

static void
dr_cb (rd_kafka_t               *rk,
       const rd_kafka_message_t *msg,
       void                     *opaque)
{
  Producer *p = opaque;

  if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR)
    p->failed++;
}

static Producer *
producer_new (void)
{
  /* As the simulator produces: lz4 unless --compression. */
  g_autofree char *codec = g_strdup_printf ("compression.codec=%s", opt_compression);
  const char *overrides[] = { "linger.ms=5", codec, "enable.idempotence=true",
                              "queue.buffering.max.kbytes=262144", NULL };
  g_autoptr(GError) error = NULL;
  Producer *p = g_new0 (Producer, 1);
  rd_kafka_conf_t *conf = im_kafka_conf_new (brokers, overrides, &error);
  char errstr[512];

  g_assert_no_error (error);
  rd_kafka_conf_set_dr_msg_cb (conf, dr_cb);
  rd_kafka_conf_set_opaque (conf, p);
  p->rk = rd_kafka_new (RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  g_assert_nonnull (p->rk);

  return p;
}

static void
produce_reading (Producer        *p,
                 const char      *topic,
                 const ImReading *reading,
                 GString         *scratch)
{
  rd_kafka_resp_err_t err;

  g_string_truncate (scratch, 0);
  im_reading_append_json (reading, scratch);

  while ((err = rd_kafka_producev (p->rk,
                                   RD_KAFKA_V_TOPIC (topic),
                                   RD_KAFKA_V_KEY (reading->machine_id, strlen (reading->machine_id)),
                                   RD_KAFKA_V_VALUE (scratch->str, scratch->len),
                                   RD_KAFKA_V_MSGFLAGS (RD_KAFKA_MSG_F_COPY),
                                   RD_KAFKA_V_END)) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
    rd_kafka_poll (p->rk, 10);
  g_assert_cmpint (err, ==, RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_poll (p->rk, 0);
}

static void
producer_free (Producer *p)
{
  g_assert_cmpint (rd_kafka_flush (p->rk, 120000), ==, RD_KAFKA_RESP_ERR_NO_ERROR);
  g_assert_cmpuint (p->failed, ==, 0);
  rd_kafka_destroy (p->rk);
  g_free (p);
}

/* InfluxDB */

static void
influx_statement (const char *verb,
                  const char *db)
{
  g_autoptr(ImInfluxClient) client = im_influx_client_new (influx_url, db);
  g_autoptr(GString) q = g_string_new (verb);
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_string_append_c (q, ' ');
  im_influxql_append_identifier (q, db);
  result = im_influx_client_query (client, q->str, NULL, NULL, &error);
  if (error != NULL)
    g_printerr ("%s: %s\n", q->str, error->message);
}

static gint64
count_points (ImInfluxClient *client,
              gint64          since_ns)
{
  g_autofree char *q = g_strdup_printf ("SELECT count(temperature) FROM sensor_readings WHERE time >= %"
                                        G_GINT64_FORMAT, since_ns);
  g_autoptr(ImInfluxResult) result = NULL;
  const ImInfluxSeries *series;

  result = im_influx_client_query (client, q, NULL, NULL, NULL);
  if (result == NULL || im_influx_result_get_n_series (result) == 0)
    return 0;

  series = im_influx_result_get_series (result, 0);

  return (gint64) im_influx_series_get_double (series, 0, im_influx_series_find_column (series, "count"));
}

/* The daemon */

typedef struct
{
  GSubprocess *process;
  char        *log_path;
  guint        port;
} Daemon;

static char *
read_log (Daemon *d)
{
  char *text = NULL;

  g_file_get_contents (d->log_path, &text, NULL, NULL);

  return text != NULL ? text : g_strdup ("");
}

static Daemon *
daemon_start (const char *topic,
              const char *db,
              const char *tag)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Daemon *d = g_new0 (Daemon, 1);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  d->log_path = g_strdup_printf ("%s/daemon-%s.log", tmpdir, tag);
  g_subprocess_launcher_set_stderr_file_path (launcher, d->log_path);

  g_ptr_array_add (argv, g_strdup (opt_daemon));
  g_ptr_array_add (argv, g_strdup_printf ("--brokers=%s", brokers));
  g_ptr_array_add (argv, g_strdup_printf ("--topic=%s", topic));
  /* A group of its own per run: each drains the topic from the start. */
  g_ptr_array_add (argv, g_strdup_printf ("--group=%s-%s", topic, tag));
  g_ptr_array_add (argv, g_strdup_printf ("--influxdb-url=%s", influx_url));
  g_ptr_array_add (argv, g_strdup_printf ("--influxdb-db=%s", db));
  g_ptr_array_add (argv, g_strdup ("--create-database"));
  g_ptr_array_add (argv, g_strdup ("--metrics-addr=127.0.0.1:0"));
  if (opt_batch_size > 0)
    g_ptr_array_add (argv, g_strdup_printf ("--batch-size=%d", opt_batch_size));
  if (opt_flush_interval != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--flush-interval=%s", opt_flush_interval));
  if (opt_write_concurrency > 0)
    g_ptr_array_add (argv, g_strdup_printf ("--write-concurrency=%d", opt_write_concurrency));
  if (opt_gzip)
    g_ptr_array_add (argv, g_strdup ("--gzip"));
  for (guint i = 0; opt_daemon_args != NULL && opt_daemon_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (opt_daemon_args[i]));
  g_ptr_array_add (argv, NULL);

  d->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  for (;;)
    {
      g_autofree char *text = read_log (d);
      const char *p = strstr (text, "Metrics and /healthz on port ");

      if (p != NULL && strstr (text, "Partitions assigned: [0"))
        {
          d->port = atoi (p + strlen ("Metrics and /healthz on port "));
          break;
        }
      if (g_get_monotonic_time () > deadline || g_subprocess_get_identifier (d->process) == NULL)
        g_error ("the daemon did not start; log:\n%s", text);
      g_usleep (50 * 1000);
    }

  return d;
}

static double
daemon_metric (Daemon     *d,
               const char *name)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  g_autofree char *needle = g_strconcat ("\n", name, " ", NULL);
  const char *request = "GET /metrics HTTP/1.0\r\n\r\n";
  const char *p;
  char buf[8192];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", d->port, NULL, NULL);
  if (connection == NULL)
    return -1;
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, NULL);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buf, sizeof buf, NULL, NULL)) > 0)
    g_byte_array_append (reply, (guint8 *) buf, n);
  g_byte_array_append (reply, (guint8 *) "", 1);

  if (!(p = strstr ((char *) reply->data, needle)))
    return -1;

  return g_ascii_strtod (p + strlen (needle), NULL);
}

static void
daemon_stop (Daemon *d)
{
  g_subprocess_send_signal (d->process, SIGTERM);
  g_subprocess_wait (d->process, NULL, NULL);
  if (!g_subprocess_get_if_exited (d->process) || g_subprocess_get_exit_status (d->process) != 0)
    g_printerr ("warning: the daemon did not exit cleanly; see %s\n", d->log_path);
  g_object_unref (d->process);
  g_free (d->log_path);
  g_free (d);
}

/* Throughput and ceiling */

typedef struct
{
  GPtrArray *chunks;   /* GBytes of line protocol */
  gint       next;
  const char *db;
} Ceiling;

static gpointer
ceiling_thread (gpointer data)
{
  Ceiling *c = data;
  g_autoptr(ImInfluxClient) client = im_influx_client_new (influx_url, c->db);
  guint i;

  while ((i = g_atomic_int_add (&c->next, 1)) < c->chunks->len)
    {
      GBytes *chunk = g_ptr_array_index (c->chunks, i);
      g_autoptr(GError) error = NULL;
      gsize len;
      const char *body = g_bytes_get_data (chunk, &len);

      while (!im_influx_client_write (client, body, len, NULL, &error))
        {
          g_printerr ("ceiling write: %s (retrying)\n", error->message);
          g_clear_error (&error);
          g_usleep (100 * 1000);
        }
    }

  return NULL;
}

/* The side-by-side throughput runs */

typedef enum
{
  CONSUMER_CEILING,
  CONSUMER_DAEMON,
  CONSUMER_TELEGRAF,
} ConsumerKind;

typedef struct
{
  char         *label;
  ConsumerKind  kind;
  GStrv         args;       /* extra daemon arguments */
  GArray       *rate;       /* double readings/s, per repetition */
  GArray       *cpu;        /* double CPU s per 1 M readings */
  GArray       *rss;        /* double peak RSS MB */
  GArray       *ceiling;    /* double: the ceiling of the same repetition */
  gboolean      drained;
} Consumer;

typedef struct
{
  double rate;
  double cpu_s;
  double rss_kb;
  gboolean drained;
} RunResult;

static Consumer *
consumer_new (const char   *label,
              ConsumerKind  kind,
              const char   *args)
{
  Consumer *c = g_new0 (Consumer, 1);

  c->label = g_strdup (label);
  c->kind = kind;
  c->args = args != NULL && *args != '\0' ? g_strsplit (args, " ", -1) : g_new0 (char *, 1);
  c->rate = g_array_new (FALSE, FALSE, sizeof (double));
  c->cpu = g_array_new (FALSE, FALSE, sizeof (double));
  c->rss = g_array_new (FALSE, FALSE, sizeof (double));
  c->ceiling = g_array_new (FALSE, FALSE, sizeof (double));
  c->drained = TRUE;

  return c;
}

static void
consumer_free (gpointer data)
{
  Consumer *c = data;

  g_free (c->label);
  g_strfreev (c->args);
  g_array_unref (c->rate);
  g_array_unref (c->cpu);
  g_array_unref (c->rss);
  g_array_unref (c->ceiling);
  g_free (c);
}

/* "a–b" (or "a") of @values × @scale, with @decimals, then @suffix. */
static char *
range_string (GArray     *values,
              int         decimals,
              double      scale,
              const char *suffix)
{
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (values->len == 0)
    return g_strdup ("—");
  for (guint i = 0; i < values->len; i++)
    {
      lo = MIN (lo, g_array_index (values, double, i));
      hi = MAX (hi, g_array_index (values, double, i));
    }
  a = g_strdup_printf ("%.*f", decimals, lo * scale);
  b = g_strdup_printf ("%.*f", decimals, hi * scale);

  return strcmp (a, b) == 0 ? g_strconcat (a, suffix, NULL) : g_strdup_printf ("%s–%s%s", a, b, suffix);
}

static char *
loadavg (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  text[strcspn (text, " ")] = '\0';

  return g_steal_pointer (&text);
}

/* How busy the machine was over the second before a run. */
static double
busy_before (void)
{
  CpuSample a = cpu_sample ();

  g_usleep (G_USEC_PER_SEC);

  return cpu_busy (a, cpu_sample ());
}

static RunResult
run_ceiling (GPtrArray *chunks,
             const char *db)
{
  Ceiling c = { chunks, 0, db };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (influx_url, db);
  RunResult r = { 0 };
  gint64 t0, t1, stored;

  influx_statement ("CREATE DATABASE", db);
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < opt_ceiling_concurrency; i++)
    g_ptr_array_add (threads, g_thread_new ("ceiling", ceiling_thread, &c));
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  t1 = g_get_monotonic_time ();
  stored = count_points (client, 0);
  if (stored != opt_count)
    g_printerr ("warning: ceiling stored %" G_GINT64_FORMAT " points of %" G_GINT64_FORMAT "\n",
                stored, opt_count);
  r.rate = opt_count / ((t1 - t0) / 1e6);
  r.drained = TRUE;

  return r;
}

static RunResult
run_daemon (const char *topic,
            const char *db,
            const char *tag,
            GStrv       extra)
{
  g_autoptr(ImInfluxClient) client = im_influx_client_new (influx_url, db);
  g_auto(GStrv) saved = opt_daemon_args;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *hwm = NULL;
  RunResult r = { 0 };
  Daemon *daemon;
  double written = 0;
  gint64 t0, t_first = 0, t_done;
  gint64 stored;

  /* --daemon-arg for every run, then this consumer's own. */
  if (saved != NULL)
    g_strv_builder_addv (builder, (const char **) saved);
  g_strv_builder_addv (builder, (const char **) extra);
  opt_daemon_args = g_strv_builder_end (builder);
  daemon = daemon_start (topic, db, tag);
  g_strfreev (opt_daemon_args);
  opt_daemon_args = g_steal_pointer (&saved);

  t0 = g_get_monotonic_time ();
  while (written < opt_count)
    {
      written = daemon_metric (daemon, "industrialmind_ingestion_points_written_total");
      if (daemon_metric (daemon, "industrialmind_ingestion_dead_lettered_total") > 0)
        g_error ("the daemon dead-lettered readings; see %s", daemon->log_path);
      if (written > 0 && t_first == 0)
        t_first = g_get_monotonic_time ();
      if (g_get_monotonic_time () - t0 > 30 * 60 * G_USEC_PER_SEC)
        g_error ("not done after 30 minutes (%.0f written)", written);
      g_usleep (100 * 1000);
    }
  t_done = g_get_monotonic_time ();
  r.cpu_s = proc_cpu_seconds (g_subprocess_get_identifier (daemon->process));
  hwm = proc_field (g_subprocess_get_identifier (daemon->process), "VmHWM:");
  r.rss_kb = hwm != NULL ? g_ascii_strtod (hwm, NULL) : NAN;
  daemon_stop (daemon);

  stored = count_points (client, 0);
  if (stored != opt_count)
    g_printerr ("warning: %" G_GINT64_FORMAT " points stored, %" G_GINT64_FORMAT " expected\n",
                stored, opt_count);
  r.rate = opt_count / ((t_done - t_first) / 1e6);
  r.drained = TRUE;

  return r;
}

/* Telegraf with tests/bench/ingestion/telegraf.conf: its environment
 * names the broker, topic, group and database. Progress is the count
 * of points in the database, asked every second. */
static RunResult
run_telegraf (const char *telegraf,
              const char *topic,
              const char *db,
              const char *tag)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(ImInfluxClient) client = im_influx_client_new (influx_url, db);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log_path = g_strdup_printf ("%s/telegraf-%s.log", tmpdir, tag);
  g_autofree char *group = g_strdup_printf ("%s-%s", topic, tag);
  g_autofree char *hwm = NULL;
  RunResult r = { 0 };
  gint64 t0, t_first = 0, t_done = 0, n = 0;
  const char *pid;

  influx_statement ("CREATE DATABASE", db);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_subprocess_launcher_setenv (launcher, "IM_BENCH_BROKERS", brokers, TRUE);
  g_subprocess_launcher_setenv (launcher, "IM_BENCH_TOPIC", topic, TRUE);
  g_subprocess_launcher_setenv (launcher, "IM_BENCH_GROUP", group, TRUE);
  g_subprocess_launcher_setenv (launcher, "IM_BENCH_INFLUXDB_URL", influx_url, TRUE);
  g_subprocess_launcher_setenv (launcher, "IM_BENCH_INFLUXDB_DB", db, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, telegraf, "--config", opt_telegraf_config, NULL);
  g_assert_no_error (error);
  pid = g_subprocess_get_identifier (process);

  t0 = g_get_monotonic_time ();
  while (n < opt_count && g_get_monotonic_time () - t0 < (gint64) opt_telegraf_timeout * G_USEC_PER_SEC)
    {
      if (g_subprocess_get_identifier (process) == NULL)
        g_error ("telegraf exited; see %s", log_path);
      n = count_points (client, 0);
      if (n > 0 && t_first == 0)
        t_first = g_get_monotonic_time ();
      t_done = g_get_monotonic_time ();
      if (n < opt_count)
        g_usleep (G_USEC_PER_SEC);
    }
  r.cpu_s = proc_cpu_seconds (pid);
  hwm = proc_field (pid, "VmHWM:");
  r.rss_kb = hwm != NULL ? g_ascii_strtod (hwm, NULL) : NAN;
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);

  r.drained = n >= opt_count;
  r.rate = t_first != 0 && t_done > t_first ? n / ((t_done - t_first) / 1e6) : 0;
  /* CPU per reading of what it did move. */
  if (n > 0)
    r.cpu_s = r.cpu_s * opt_count / n;

  return r;
}

static void
run_throughput (void)
{
  g_autofree char *topic = g_strdup_printf ("bench-ingest-%d", (int) getpid ());
  g_autofree char *dlq_topic = g_strconcat (topic, ".dlq", NULL);
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) consumers = g_ptr_array_new_with_free_func (consumer_free);
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GString) lines = NULL;
  g_autoptr(ImSimFleet) fleet = NULL;
  g_autofree char *telegraf = g_find_program_in_path ("telegraf");
  g_autofree char *influx_pid = backend_pid ("influxdb", "influxd.pid");
  ImSimConfig config;
  Producer *producer;
  gint64 t0;

  consumers = g_ptr_array_new_with_free_func (consumer_free);
  if (!opt_skip_ceiling)
    g_ptr_array_add (consumers, consumer_new ("raw ceiling: pre-encoded line protocol", CONSUMER_CEILING, NULL));
  g_ptr_array_add (consumers, consumer_new ("industrialmind-ingestion, defaults", CONSUMER_DAEMON, NULL));
  for (guint i = 0; opt_variants != NULL && opt_variants[i] != NULL; i++)
    {
      g_autofree char *label = g_strdup_printf ("… `%s`", opt_variants[i]);

      g_ptr_array_add (consumers, consumer_new (label, CONSUMER_DAEMON, opt_variants[i]));
    }
  if (telegraf != NULL && !opt_skip_telegraf)
    g_ptr_array_add (consumers, consumer_new ("Telegraf kafka_consumer → influxdb, tuned (telegraf.conf)",
                                              CONSUMER_TELEGRAF, NULL));
  else
    printf ("# Telegraf: %s\n", telegraf == NULL ? "not on PATH, left out" : "left out (--skip-telegraf)");

  im_test_kafka_create_topic (brokers, topic, 6);
  im_test_kafka_create_topic (brokers, dlq_topic, 1);

  /* Pre-fill once: --machines machines, a reading each per second, all in
   * the past; the consumers read the same topic in groups of their own. */
  im_sim_config_init (&config);
  config.n_machines = opt_machines;
  config.interval_ns = SEC;
  config.seed = 2026;
  config.start_time_ns = im_now_ns () - 2 * (opt_count / config.n_machines + 10) * config.interval_ns;
  fleet = im_sim_fleet_new (&config);
  producer = producer_new ();
  lines = g_string_sized_new (5000 * 220);

  t0 = g_get_monotonic_time ();
  for (gint64 i = 0; i < opt_count; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      produce_reading (producer, topic, &reading, scratch);
      g_assert_true (im_lp_append_reading (lines, &reading, NULL));
      if ((i + 1) % 5000 == 0 || i + 1 == opt_count)
        {
          g_ptr_array_add (chunks, g_bytes_new (lines->str, lines->len));
          g_string_truncate (lines, 0);
        }
    }
  producer_free (producer);
  printf ("# pre-filled %s with %" G_GINT64_FORMAT " readings of %d machines (6 partitions, compression %s) in %.1f s\n",
          topic, opt_count, opt_machines, opt_compression, (g_get_monotonic_time () - t0) / 1e6);
  fflush (stdout);

  /* Repetitions interleaved: every consumer once per round. */
  for (int rep = 0; rep < opt_repetitions; rep++)
    {
      double ceiling = NAN;

      for (guint c = 0; c < consumers->len; c++)
        {
          Consumer *consumer = g_ptr_array_index (consumers, c);
          g_autofree char *tag = g_strdup_printf ("%d-%u", rep + 1, c);
          g_autofree char *db = g_strdup_printf ("im_bench_ingest_%d_%s", (int) getpid (), tag);
          g_autofree char *load = loadavg ();
          double busy = busy_before ();
          double influx_cpu = influx_pid != NULL ? proc_cpu_seconds (influx_pid) : NAN;
          RunResult r;

          switch (consumer->kind)
            {
            case CONSUMER_CEILING:
              r = run_ceiling (chunks, db);
              ceiling = r.rate;
              break;
            case CONSUMER_DAEMON:
              r = run_daemon (topic, db, tag, consumer->args);
              break;
            case CONSUMER_TELEGRAF:
              r = run_telegraf (telegraf, topic, db, tag);
              break;
            default:
              g_assert_not_reached ();
            }
          if (influx_pid != NULL)
            influx_cpu = proc_cpu_seconds (influx_pid) - influx_cpu;
          influx_statement ("DROP DATABASE", db);

          g_array_append_val (consumer->rate, r.rate);
          g_array_append_val (consumer->ceiling, ceiling);
          if (consumer->kind != CONSUMER_CEILING)
            {
              double cpu_per_m = r.cpu_s * 1e6 / opt_count;
              double rss_mb = r.rss_kb / 1024;

              g_array_append_val (consumer->cpu, cpu_per_m);
              g_array_append_val (consumer->rss, rss_mb);
            }
          consumer->drained &= r.drained;
          printf ("run %d: %-60s %8.0f readings/s%s; CPU %.1f s; peak RSS %.1f MB; influxd CPU %.1f s; "
                  "before: load %s, machine %.0f %% busy\n",
                  rep + 1, consumer->label, r.rate, r.drained ? "" : " (did not drain)",
                  r.cpu_s, r.rss_kb / 1024, influx_cpu, load, 100 * busy);
          fflush (stdout);
        }
    }

  /* The table. */
  printf ("\n| consumer | readings/s | share of ceiling | CPU s per 1 M readings | peak RSS |\n"
          "|---|---|---|---|---|\n");
  for (guint c = 0; c < consumers->len; c++)
    {
      Consumer *consumer = g_ptr_array_index (consumers, c);
      g_autofree char *rate = range_string (consumer->rate, 0, 1, "");
      g_autofree char *cpu = range_string (consumer->cpu, 1, 1, "");
      g_autofree char *rss = range_string (consumer->rss, 0, 1, " MB");
      g_autofree char *share = NULL;
      g_autoptr(GArray) shares = g_array_new (FALSE, FALSE, sizeof (double));

      /* Each run against the ceiling of its own round. */
      for (guint i = 0; i < consumer->rate->len; i++)
        {
          double x = g_array_index (consumer->rate, double, i) / g_array_index (consumer->ceiling, double, i);

          if (isfinite (x))
            g_array_append_val (shares, x);
        }
      share = consumer->kind == CONSUMER_CEILING ? g_strdup ("100 %") : range_string (shares, 0, 100, " %");
      printf ("| %s | %s%s | %s | %s | %s |\n", consumer->label, rate,
              consumer->drained ? "" : " (did not drain)", share,
              consumer->kind == CONSUMER_CEILING ? "—" : cpu,
              consumer->kind == CONSUMER_CEILING ? "—" : rss);
    }
  printf ("\n# %d rounds, consumers interleaved in each; readings/s from the first point written to the last; "
          "CPU = user + system of the consumer's process; peak RSS = its VmHWM\n", opt_repetitions);
  fflush (stdout);

  im_test_kafka_delete_topic (brokers, dlq_topic);
  if (opt_keep_topic)
    printf ("# kept topic %s\n", topic);
  else
    im_test_kafka_delete_topic (brokers, topic);
}

/* Latency */

typedef struct
{
  const char *topic;
  gint64      start_ns;
  GArray     *stamps;     /* gint64 timestamps, in order */
  GArray     *polls_t;    /* gint64 real time of each poll's answer */
  GArray     *polls_n;    /* gint64 count */
  int         stop;
  const char *db;
  gint64      max_poll_ns;
} Latency;

static gpointer
latency_producer (gpointer data)
{
  Latency *l = data;
  Producer *p = producer_new ();
  g_autoptr(GString) scratch = g_string_new (NULL);
  gint64 start;
  gint64 total = (gint64) opt_latency_seconds * opt_latency_rate;
  gint64 sent = 0;
  ImReading warm_up;

  /* A producer's first message waits for metadata and its idempotence
   * id: not the daemon's latency. One message before the clock starts,
   * stamped before the counted window. */
  im_reading_init (&warm_up);
  g_strlcpy (warm_up.machine_id, "WARM_UP", sizeof warm_up.machine_id);
  g_strlcpy (warm_up.sensor_id, "WARM_UP-S1", sizeof warm_up.sensor_id);
  warm_up.time_ns = l->start_ns - 10 * SEC;
  warm_up.values[IM_SENSOR_TEMPERATURE] = 55;
  warm_up.values[IM_SENSOR_VIBRATION] = 1;
  warm_up.values[IM_SENSOR_PRESSURE] = 50;
  warm_up.values[IM_SENSOR_POWER] = 250;
  produce_reading (p, l->topic, &warm_up, scratch);
  rd_kafka_flush (p->rk, 30000);
  start = g_get_monotonic_time ();

  while (sent < total)
    {
      gint64 due = MIN (total, (g_get_monotonic_time () - start) * opt_latency_rate / G_USEC_PER_SEC);

      for (; sent < due; sent++)
        {
          ImReading reading;

          im_reading_init (&reading);
          g_snprintf (reading.machine_id, sizeof reading.machine_id, "MACHINE_%03d", (int) (sent % 50));
          g_snprintf (reading.sensor_id, sizeof reading.sensor_id, "%s-S1", reading.machine_id);
          reading.time_ns = im_now_ns ();
          reading.values[IM_SENSOR_TEMPERATURE] = 55;
          reading.values[IM_SENSOR_VIBRATION] = 1;
          reading.values[IM_SENSOR_PRESSURE] = 50;
          reading.values[IM_SENSOR_POWER] = 250;
          reading.state = IM_MACHINE_STATE_NORMAL;
          g_array_append_val (l->stamps, reading.time_ns);
          produce_reading (p, l->topic, &reading, scratch);
        }
      g_usleep (1000);
    }

  producer_free (p);

  return NULL;
}

static gpointer
latency_poller (gpointer data)
{
  Latency *l = data;
  g_autoptr(ImInfluxClient) client = im_influx_client_new (influx_url, l->db);

  while (!g_atomic_int_get (&l->stop))
    {
      gint64 asked = im_now_ns ();
      gint64 n = count_points (client, l->start_ns);
      gint64 t = im_now_ns ();

      l->max_poll_ns = MAX (l->max_poll_ns, t - asked);
      g_array_append_val (l->polls_t, t);
      g_array_append_val (l->polls_n, n);
      g_usleep (10 * 1000);
    }

  return NULL;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
run_latency (void)
{
  g_autofree char *topic = g_strdup_printf ("bench-latency-%d", (int) getpid ());
  g_autofree char *dlq_topic = g_strconcat (topic, ".dlq", NULL);
  g_autofree char *db = g_strdup_printf ("im_bench_latency_%d", (int) getpid ());
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  Latency l = { 0 };
  GThread *producer;
  GThread *poller;
  Daemon *daemon;
  guint poll = 0;
  gint64 expected;
  g_autofree char *rss = NULL;
  double writes;
  double slow_writes;

  im_test_kafka_create_topic (brokers, topic, 6);
  im_test_kafka_create_topic (brokers, dlq_topic, 1);
  influx_statement ("CREATE DATABASE", db);
  daemon = daemon_start (topic, db, "latency");

  l.topic = topic;
  l.db = db;
  l.start_ns = im_now_ns () - SEC;
  l.stamps = g_array_sized_new (FALSE, FALSE, sizeof (gint64), opt_latency_seconds * opt_latency_rate);
  l.polls_t = g_array_new (FALSE, FALSE, sizeof (gint64));
  l.polls_n = g_array_new (FALSE, FALSE, sizeof (gint64));

  poller = g_thread_new ("poller", latency_poller, &l);
  producer = g_thread_new ("producer", latency_producer, &l);
  g_thread_join (producer);
  expected = l.stamps->len;

  /* Until everything is visible, or 30 s. */
  for (guint i = 0; i < 300; i++)
    {
      gint64 last = 0;

      if (l.polls_n->len > 0)
        last = g_array_index (l.polls_n, gint64, l.polls_n->len - 1);
      if (last >= expected)
        break;
      g_usleep (100 * 1000);
    }
  g_atomic_int_set (&l.stop, 1);
  g_thread_join (poller);
  rss = proc_field (g_subprocess_get_identifier (daemon->process), "VmHWM:");
  writes = daemon_metric (daemon, "industrialmind_ingestion_write_duration_seconds_count");
  slow_writes = writes - daemon_metric (daemon, "industrialmind_ingestion_write_duration_seconds_bucket{le=\"0.25\"}");
  daemon_stop (daemon);

  for (guint i = 0; i < l.stamps->len; i++)
    {
      gint64 lat;

      while (poll < l.polls_n->len && g_array_index (l.polls_n, gint64, poll) <= (gint64) i)
        poll++;
      if (poll == l.polls_n->len)
        break;
      lat = g_array_index (l.polls_t, gint64, poll) - g_array_index (l.stamps, gint64, i);
      g_array_append_val (latencies, lat);
    }
  g_array_sort (latencies, compare_gint64);

  if (latencies->len > 0)
    printf ("latency: %d readings/s for %d s (%" G_GINT64_FORMAT " readings, %u visible): timestamp → "
            "queryable p50 %.0f ms, p99 %.0f ms, max %.0f ms (count polled every 10 ms, %u polls); "
            "daemon peak RSS %s; flush-interval %s\n",
            opt_latency_rate, opt_latency_seconds, expected, latencies->len,
            g_array_index (latencies, gint64, latencies->len / 2) / 1e6,
            g_array_index (latencies, gint64, (latencies->len * 99) / 100) / 1e6,
            g_array_index (latencies, gint64, latencies->len - 1) / 1e6,
            l.polls_n->len, rss ? rss : "?",
            opt_flush_interval ? opt_flush_interval : "default");
  else
    printf ("latency: nothing became visible\n");
  printf ("#        %.0f write requests, %.0f of them over 250 ms; slowest count query %.0f ms\n",
          writes, slow_writes, l.max_poll_ns / 1e6);
  fflush (stdout);

  influx_statement ("DROP DATABASE", db);
  im_test_kafka_delete_topic (brokers, topic);
  im_test_kafka_delete_topic (brokers, dlq_topic);
  g_array_unref (l.stamps);
  g_array_unref (l.polls_t);
  g_array_unref (l.polls_n);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *self = NULL;
  const GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT64, &opt_count, "Readings in the pre-filled topic [2000000]", "N" },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &opt_batch_size, "Passed to the daemon", "N" },
    { "flush-interval", 0, 0, G_OPTION_ARG_STRING, &opt_flush_interval, "Passed to the daemon", "DURATION" },
    { "write-concurrency", 0, 0, G_OPTION_ARG_INT, &opt_write_concurrency, "Passed to the daemon", "N" },
    { "gzip", 0, 0, G_OPTION_ARG_NONE, &opt_gzip, "Passed to the daemon", NULL },
    { "ceiling-concurrency", 0, 0, G_OPTION_ARG_INT, &opt_ceiling_concurrency, "Parallel transfers for the ceiling [4]", "N" },
    { "latency-seconds", 0, 0, G_OPTION_ARG_INT, &opt_latency_seconds, "Length of the latency run [30]", "S" },
    { "latency-rate", 0, 0, G_OPTION_ARG_INT, &opt_latency_rate, "Readings per second in the latency run [1000]", "N" },
    { "skip-throughput", 0, 0, G_OPTION_ARG_NONE, &opt_skip_throughput, "No throughput and ceiling phases", NULL },
    { "skip-ceiling", 0, 0, G_OPTION_ARG_NONE, &opt_skip_ceiling, "No ceiling phase", NULL },
    { "skip-latency", 0, 0, G_OPTION_ARG_NONE, &opt_skip_latency, "No latency phase", NULL },
    { "daemon", 0, 0, G_OPTION_ARG_FILENAME, &opt_daemon, "industrialmind-ingestion to run [from this build]", "PATH" },
    { "keep-topic", 0, 0, G_OPTION_ARG_NONE, &opt_keep_topic, "Leave the pre-filled topic (for comparisons; remove with --delete-topic)", NULL },
    { "compression", 0, 0, G_OPTION_ARG_STRING, &opt_compression, "Producer compression codec [lz4, as the simulator]", "CODEC" },
    { "daemon-arg", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_daemon_args, "Extra daemon argument (repeatable)", "ARG" },
    { "delete-topic", 0, 0, G_OPTION_ARG_STRING, &opt_delete_topic, "Delete a topic an interrupted run left, and exit", "TOPIC" },
    { "machines", 0, 0, G_OPTION_ARG_INT, &opt_machines, "Machines in the pre-filled topic [1000]", "N" },
    { "repetitions", 'r', 0, G_OPTION_ARG_INT, &opt_repetitions, "Rounds of every consumer [2]", "N" },
    { "variant", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_variants, "Also the daemon with these arguments, space-separated (repeatable)", "ARGS" },
    { "skip-telegraf", 0, 0, G_OPTION_ARG_NONE, &opt_skip_telegraf, "Leave Telegraf out even when on PATH", NULL },
    { "telegraf-config", 0, 0, G_OPTION_ARG_FILENAME, &opt_telegraf_config, "Telegraf's configuration [telegraf.conf next to this bench's source]", "FILE" },
    { "telegraf-timeout", 0, 0, G_OPTION_ARG_INT, &opt_telegraf_timeout, "Seconds Telegraf gets to drain the topic [200]", "S" },
    { NULL }
  };

  g_option_context_set_summary (context, "Throughput, ceiling and latency of industrialmind-ingestion "
                                         "against the backend of KAFKA_BOOTSTRAP_SERVERS and INFLUXDB_URL.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (opt_compression == NULL)
    opt_compression = g_strdup ("lz4");
  if (opt_telegraf_config == NULL)
    opt_telegraf_config = g_strdup (BENCH_TELEGRAF_CONF);
  brokers = g_getenv ("KAFKA_BOOTSTRAP_SERVERS") ?: "127.0.0.1:9092";
  influx_url = g_getenv ("INFLUXDB_URL") ?: "http://127.0.0.1:8086";
  if (opt_delete_topic != NULL)
    {
      im_test_kafka_delete_topic (brokers, opt_delete_topic);
      return 0;
    }

  if (opt_daemon == NULL)
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

      /* BUILD/tests/bench/ingestion/bench-ingestion */
      self = g_path_get_dirname (exe);
      opt_daemon = g_build_filename (self, "..", "..", "..", "daemons", "ingestion",
                                     "industrialmind-ingestion", NULL);
    }
  tmpdir = g_dir_make_tmp ("im-bench-ingest-XXXXXX", &error);
  g_assert_no_error (error);

  print_conditions ();
  printf ("# daemon: %s; logs in %s\n", opt_daemon, tmpdir);
  fflush (stdout);

  if (!opt_skip_throughput)
    run_throughput ();
  if (!opt_skip_latency)
    run_latency ();

  return 0;
}
