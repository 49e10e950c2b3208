/* test-ingestion-daemon.c — industrialmind-ingestion against real Kafka
 * and InfluxDB
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test has its own topic, dead-letter topic, database and consumer
 * group, and removes them afterwards. The daemon runs as a process, as it
 * does in production; its JSON-lines log goes to a file the test reads.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "im-dlq.h"
#include "im-influx-client.h"
#include "im-influx-rollups.h"
#include "im-kafka.h"
#include "im-reading.h"
#include "im-sim.h"
#include "im-test-backend.h"
#include "im-test-kafka.h"
#include "im-util.h"

#define SEC G_GINT64_CONSTANT (1000000000)

/* A producer that records where each message landed. */

typedef struct
{
  rd_kafka_t *rk;
  GMutex      mutex;
  GArray     *partitions;   /* gint32 per message index */
  GArray     *offsets;      /* gint64 per message index */
  guint       n_sent;
  guint       n_failed;
} Producer;

static void
producer_dr_cb (rd_kafka_t               *rk,
                const rd_kafka_message_t *msg,
                void                     *opaque)
{
  Producer *p = opaque;
  guint index = GPOINTER_TO_UINT (msg->_private) - 1;

  g_mutex_lock (&p->mutex);
  if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR)
    p->n_failed++;
  else
    {
      g_array_index (p->partitions, gint32, index) = msg->partition;
      g_array_index (p->offsets, gint64, index) = msg->offset;
    }
  g_mutex_unlock (&p->mutex);
}

static Producer *
producer_new (const char *brokers)
{
  const char *overrides[] = { "linger.ms=5", "enable.idempotence=true", NULL };
  g_autoptr(GError) error = NULL;
  Producer *p = g_new0 (Producer, 1);
  rd_kafka_conf_t *conf;
  char errstr[512];

  g_mutex_init (&p->mutex);
  p->partitions = g_array_new (FALSE, TRUE, sizeof (gint32));
  p->offsets = g_array_new (FALSE, TRUE, sizeof (gint64));

  conf = im_kafka_conf_new (brokers, overrides, &error);
  g_assert_no_error (error);
  rd_kafka_conf_set_dr_msg_cb (conf, producer_dr_cb);
  rd_kafka_conf_set_opaque (conf, p);
  p->rk = rd_kafka_new (RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  g_assert_nonnull (p->rk);

  return p;
}

/* @key/@value NULL for NULL; returns the message index. */
static guint
producer_send (Producer   *p,
               const char *topic,
               const void *key,
               gsize       key_len,
               const void *value,
               gsize       value_len)
{
  rd_kafka_resp_err_t err;
  guint index;

  g_mutex_lock (&p->mutex);
  index = p->n_sent++;
  g_array_set_size (p->partitions, p->n_sent);
  g_array_set_size (p->offsets, p->n_sent);
  g_array_index (p->offsets, gint64, index) = -1;
  g_mutex_unlock (&p->mutex);

  for (;;)
    {
      err = rd_kafka_producev (p->rk,
                               RD_KAFKA_V_TOPIC (topic),
                               RD_KAFKA_V_KEY (key, key_len),
                               RD_KAFKA_V_VALUE ((void *) value, value_len),
                               RD_KAFKA_V_MSGFLAGS (RD_KAFKA_MSG_F_COPY),
                               RD_KAFKA_V_OPAQUE (GUINT_TO_POINTER (index + 1)),
                               RD_KAFKA_V_END);
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
        break;
      rd_kafka_poll (p->rk, 10);
    }
  g_assert_cmpstr (rd_kafka_err2str (err), ==, rd_kafka_err2str (RD_KAFKA_RESP_ERR_NO_ERROR));
  rd_kafka_poll (p->rk, 0);

  return index;
}

static void
producer_flush (Producer *p)
{
  g_assert_cmpint (rd_kafka_flush (p->rk, 60000), ==, RD_KAFKA_RESP_ERR_NO_ERROR);
  g_assert_cmpuint (p->n_failed, ==, 0);
}

static void
producer_free (Producer *p)
{
  rd_kafka_destroy (p->rk);
  g_array_unref (p->partitions);
  g_array_unref (p->offsets);
  g_mutex_clear (&p->mutex);
  g_free (p);
}

/* Readings from the simulation model, in the past so they are valid. */

static ImSimFleet *
fleet_new (guint n_machines,
           guint seed)
{
  ImSimConfig config;

  im_sim_config_init (&config);
  config.n_machines = n_machines;
  config.seed = seed;
  config.interval_ns = 10 * G_GINT64_CONSTANT (1000000);
  config.start_time_ns = im_now_ns () - 3600 * SEC;

  return im_sim_fleet_new (&config);
}

static void
send_reading (Producer        *p,
              const char      *topic,
              const ImReading *reading)
{
  g_autoptr(GString) json = g_string_new (NULL);

  im_reading_append_json (reading, json);
  producer_send (p, topic, reading->machine_id, strlen (reading->machine_id), json->str, json->len);
}

/* The fixture */

typedef struct
{
  const ImTestBackend *backend;
  /* The backend's, or a private backend's */
  char                *brokers;
  char                *influxdb_url;
  /* The daemon keeps its own session timeouts (else 6 s for speed) */
  gboolean             default_timeouts;
  /* librdkafka's consumer group debug lines in the log */
  gboolean             debug_group;
  gboolean             measures_rss;
  char                *topic;
  char                *dlq_topic;
  char                *database;
  char                *group;
  char                *tmpdir;
  ImInfluxClient      *influx;
  guint                n_daemons;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  int partitions = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;

  if (!(f->backend = im_test_backend_get ()))
    return;

  f->brokers = g_strdup (f->backend->kafka_brokers);
  f->influxdb_url = g_strdup (f->backend->influxdb_url);
  f->topic = im_test_unique_name ("ingest");
  f->dlq_topic = g_strconcat (f->topic, ".dlq", NULL);
  f->database = im_test_unique_name ("ingest");
  for (char *c = f->database; *c; c++)
    if (*c == '-')
      *c = '_';
  f->group = im_test_unique_name ("ingest-group");
  f->tmpdir = g_dir_make_tmp ("im-ingest-XXXXXX", &error);
  g_assert_no_error (error);

  im_test_kafka_create_topic (f->backend->kafka_brokers, f->topic, partitions > 0 ? partitions : 3);
  im_test_kafka_create_topic (f->backend->kafka_brokers, f->dlq_topic, 1);
  f->influx = im_influx_client_new (f->backend->influxdb_url, f->database);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)))
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

static void
drop_database (ImInfluxClient *client,
               const char     *name)
{
  g_autoptr(GString) q = g_string_new ("DROP DATABASE ");
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;

  im_influxql_append_identifier (q, name);
  result = im_influx_client_query (client, q->str, NULL, NULL, &error);
  if (error != NULL)
    g_test_message ("DROP DATABASE %s: %s", name, error->message);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->backend == NULL)
    return;

  drop_database (f->influx, f->database);
  im_test_kafka_delete_topic (f->backend->kafka_brokers, f->topic);
  im_test_kafka_delete_topic (f->backend->kafka_brokers, f->dlq_topic);
  if (g_getenv ("IM_KEEP_TEST_LOGS") == NULL)
    remove_tree (f->tmpdir);
  else
    g_test_message ("logs kept in %s", f->tmpdir);

  g_clear_object (&f->influx);
  g_free (f->topic);
  g_free (f->dlq_topic);
  g_free (f->database);
  g_free (f->group);
  g_free (f->tmpdir);
  g_free (f->brokers);
  g_free (f->influxdb_url);
}

/* The daemon process */

typedef struct
{
  GSubprocess *process;
  char        *log_path;
  guint        metrics_port;
} Daemon;

static Daemon *
daemon_start (Fixture            *f,
              const char         *influx_url,
              const char * const *extra)
{
  g_autofree char *path = im_test_build_path ("daemons/ingestion/industrialmind-ingestion");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Daemon *daemon = g_new0 (Daemon, 1);

  daemon->log_path = g_strdup_printf ("%s/daemon-%u.log", f->tmpdir, f->n_daemons++);

  /* The test environment makes warnings fatal; the daemon logs warnings
   * as part of its job (invalid messages, outages). */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  if (f->debug_group)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "rdkafka", TRUE);
  g_subprocess_launcher_set_stderr_file_path (launcher, daemon->log_path);
  /* Under AddressSanitizer freed memory waits in a quarantine (256 MB by
   * default) and stays resident: the RSS then measures what the daemon
   * freed too. A test that bounds the RSS turns the quarantine off. */
  if (f->measures_rss)
    {
      const char *asan = g_getenv ("ASAN_OPTIONS");
      g_autofree char *options = g_strconcat (asan != NULL && *asan != '\0' ? asan : "",
                                              asan != NULL && *asan != '\0' ? ":" : "",
                                              "quarantine_size_mb=0", NULL);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
    }

  g_ptr_array_add (argv, g_strdup (path));
  g_ptr_array_add (argv, g_strdup_printf ("--brokers=%s", f->brokers));
  g_ptr_array_add (argv, g_strdup_printf ("--topic=%s", f->topic));
  g_ptr_array_add (argv, g_strdup_printf ("--dlq-topic=%s", f->dlq_topic));
  g_ptr_array_add (argv, g_strdup_printf ("--group=%s", f->group));
  g_ptr_array_add (argv, g_strdup_printf ("--influxdb-url=%s", influx_url ? influx_url : f->influxdb_url));
  g_ptr_array_add (argv, g_strdup_printf ("--influxdb-db=%s", f->database));
  g_ptr_array_add (argv, g_strdup ("--create-database"));
  g_ptr_array_add (argv, g_strdup ("--metrics-addr=127.0.0.1:0"));
  /* A restarted or second instance joins within seconds. */
  if (!f->default_timeouts)
    {
      g_ptr_array_add (argv, g_strdup ("-X"));
      g_ptr_array_add (argv, g_strdup ("session.timeout.ms=6000"));
      g_ptr_array_add (argv, g_strdup ("-X"));
      g_ptr_array_add (argv, g_strdup ("heartbeat.interval.ms=500"));
    }
  if (f->debug_group)
    {
      g_ptr_array_add (argv, g_strdup ("-X"));
      g_ptr_array_add (argv, g_strdup ("debug=cgrp"));
    }
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);

  daemon->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  return daemon;
}

static char *
daemon_log (Daemon *daemon)
{
  char *text = NULL;

  if (!g_file_get_contents (daemon->log_path, &text, NULL, NULL))
    return g_strdup ("");

  return text;
}

static gboolean
daemon_wait_log (Daemon     *daemon,
                 const char *needle,
                 guint       timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = daemon_log (daemon);

      if (strstr (text, needle) != NULL)
        return TRUE;
      if (g_subprocess_get_identifier (daemon->process) == NULL)
        break;
      g_usleep (100 * 1000);
    }

  return FALSE;
}

static guint
daemon_metrics_port (Daemon *daemon)
{
  if (daemon->metrics_port == 0)
    {
      g_autofree char *text = NULL;
      const char *p;

      g_assert_true (daemon_wait_log (daemon, "on port ", 20));
      text = daemon_log (daemon);
      p = strstr (text, "Metrics and /healthz on port ");
      g_assert_nonnull (p);
      daemon->metrics_port = atoi (p + strlen ("Metrics and /healthz on port "));
      g_assert_cmpuint (daemon->metrics_port, >, 0);
    }

  return daemon->metrics_port;
}

/* A minimal HTTP GET; returns the status code, 0 when unreachable. */
static guint
http_get (guint        port,
          const char  *path,
          char       **body)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", path);
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  guint status = 0;
  char buf[4096];
  gssize n;

  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  if (connection == NULL)
    return 0;
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  request, strlen (request), NULL, NULL, NULL))
    return 0;
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buf, sizeof buf, NULL, NULL)) > 0)
    g_byte_array_append (reply, (guint8 *) buf, n);
  g_byte_array_append (reply, (guint8 *) "", 1);

  if (sscanf ((char *) reply->data, "HTTP/1.%*d %u", &status) != 1)
    status = 0;
  if (body != NULL)
    {
      const char *start = strstr ((char *) reply->data, "\r\n\r\n");

      *body = g_strdup (start != NULL ? start + 4 : "");
    }

  return status;
}

static double
metric_value (const char *metrics,
              const char *name)
{
  g_autofree char *needle = g_strconcat ("\n", name, " ", NULL);
  const char *p = strstr (metrics, needle);

  if (p == NULL)
    return -1;

  return g_ascii_strtod (p + strlen (needle), NULL);
}

static int
daemon_stop (Daemon *daemon,
             int     sig,
             double *seconds)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  g_subprocess_send_signal (daemon->process, sig);
  g_subprocess_wait (daemon->process, NULL, &error);
  g_assert_no_error (error);
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  if (sig == SIGKILL)
    {
      g_assert_true (g_subprocess_get_if_signaled (daemon->process));
      return -1;
    }

  if (!g_subprocess_get_if_exited (daemon->process))
    {
      g_autofree char *text = daemon_log (daemon);

      g_error ("the daemon did not exit (signal %d); log:\n%s",
               g_subprocess_get_term_sig (daemon->process), text);
    }

  return g_subprocess_get_exit_status (daemon->process);
}

static void
daemon_free (Daemon *daemon)
{
  if (g_subprocess_get_identifier (daemon->process) != NULL)
    {
      g_subprocess_force_exit (daemon->process);
      g_subprocess_wait (daemon->process, NULL, NULL);
    }
  g_object_unref (daemon->process);
  g_free (daemon->log_path);
  g_free (daemon);
}

static gsize
daemon_rss_kb (Daemon *daemon)
{
  const char *id = g_subprocess_get_identifier (daemon->process);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  const char *p;

  if (id == NULL)
    return 0;

  path = g_strdup_printf ("/proc/%s/status", id);
  if (!g_file_get_contents (path, &text, NULL, NULL) || !(p = strstr (text, "VmRSS:")))
    return 0;

  return g_ascii_strtoull (p + strlen ("VmRSS:"), NULL, 10);
}

/* InfluxDB */

static gint64
count_points (ImInfluxClient *client)
{
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const ImInfluxSeries *series;
  int column;

  result = im_influx_client_query (client, "SELECT count(temperature) FROM sensor_readings",
                                   NULL, NULL, &error);
  if (result == NULL || im_influx_result_get_n_series (result) == 0)
    return 0;

  series = im_influx_result_get_series (result, 0);
  column = im_influx_series_find_column (series, "count");
  g_assert_cmpint (column, >=, 0);

  return (gint64) im_influx_series_get_double (series, 0, column);
}

/* Waits until the count reaches @expected (or passes it) and stays. */
static gint64
wait_for_points (ImInfluxClient *client,
                 gint64          expected,
                 guint           timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  gint64 count = 0;

  while (g_get_monotonic_time () < deadline)
    {
      count = count_points (client);
      if (count >= expected)
        break;
      g_usleep (250 * 1000);
    }

  return count;
}

static void
assert_reading_stored (ImInfluxClient  *client,
                       const ImReading *reading)
{
  g_autoptr(GString) q = g_string_new ("SELECT temperature, vibration, pressure, power, degradation, "
                                       "\"state\", anomaly, sensor_id FROM sensor_readings WHERE machine_id = ");
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const ImInfluxSeries *series;
  const ImInfluxValue *value;

  im_influxql_append_string (q, reading->machine_id);
  g_string_append_printf (q, " AND time = %" G_GINT64_FORMAT, reading->time_ns);

  result = im_influx_client_query (client, q->str, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 1);
  series = im_influx_result_get_series (result, 0);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 1);

  for (guint i = 0; i < IM_N_SENSORS; i++)
    {
      int column = im_influx_series_find_column (series, im_sensor_to_string ((ImSensor) i));

      g_assert_cmpint (column, >=, 0);
      g_assert_cmpfloat (im_influx_series_get_double (series, 0, column), ==, reading->values[i]);
    }

  if (!isnan (reading->degradation))
    g_assert_cmpfloat (im_influx_series_get_double (series, 0, im_influx_series_find_column (series, "degradation")),
                       ==, reading->degradation);

  value = im_influx_series_get_value (series, 0, im_influx_series_find_column (series, "state"));
  if (reading->state != IM_MACHINE_STATE_UNKNOWN)
    {
      g_assert_cmpint (value->type, ==, IM_INFLUX_VALUE_STRING);
      g_assert_cmpstr (value->s, ==, im_machine_state_to_string (reading->state));
    }

  value = im_influx_series_get_value (series, 0, im_influx_series_find_column (series, "sensor_id"));
  g_assert_cmpint (value->type, ==, IM_INFLUX_VALUE_STRING);
  g_assert_cmpstr (value->s, ==, reading->sensor_id);

  value = im_influx_series_get_value (series, 0, im_influx_series_find_column (series, "anomaly"));
  if (reading->anomaly != IM_ANOMALY_NONE)
    {
      g_assert_cmpint (value->type, ==, IM_INFLUX_VALUE_STRING);
      g_assert_cmpstr (value->s, ==, im_anomaly_to_string (reading->anomaly));
    }
}

static gint64
committed_total (Fixture *f,
                 int      partitions)
{
  gint64 total = 0;

  for (int p = 0; p < partitions; p++)
    {
      gint64 offset = im_test_kafka_committed_offset (f->brokers, f->group, f->topic, p);

      if (offset > 0)
        total += offset;
    }

  return total;
}

/* 1. N readings → exactly N points, values identical */

/* --create-database made the rollups' continuous queries too. */
static void
assert_rollups_created (Fixture *f)
{
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const ImInfluxRollup *rollups;
  guint n_rollups;
  guint found = 0;

  rollups = im_influx_rollups_get (&n_rollups);
  result = im_influx_client_query (f->influx, "SHOW CONTINUOUS QUERIES", NULL, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < im_influx_result_get_n_series (result); i++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (result, i);

      if (g_strcmp0 (im_influx_series_get_name (series), f->database) != 0)
        continue;
      for (guint row = 0; row < im_influx_series_get_n_rows (series); row++)
        for (guint r = 0; r < n_rollups; r++)
          if (g_strcmp0 (im_influx_series_get_value (series, row, 0)->s, rollups[r].measurement) == 0)
            found++;
    }

  g_assert_cmpuint (found, ==, n_rollups);
}

static void
test_exactly_n (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ImSimFleet) fleet = NULL;
  g_autoptr(GArray) readings = g_array_new (FALSE, FALSE, sizeof (ImReading));
  g_autoptr(GPtrArray) dead = NULL;
  Producer *producer;
  Daemon *daemon;
  const guint n = 12000;
  gint64 count;

  if (f->backend == NULL)
    return;

  fleet = fleet_new (10, 11);
  producer = producer_new (f->backend->kafka_brokers);
  for (guint i = 0; i < n; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      g_array_append_val (readings, reading);
      send_reading (producer, f->topic, &reading);
    }
  producer_flush (producer);

  daemon = daemon_start (f, NULL, NULL);
  count = wait_for_points (f->influx, n, 60);
  g_assert_cmpint (count, ==, n);

  /* No more than N arrive later either. */
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpint (count_points (f->influx), ==, n);

  for (guint i = 0; i < n; i += 997)
    assert_reading_stored (f->influx, &g_array_index (readings, ImReading, i));
  assert_reading_stored (f->influx, &g_array_index (readings, ImReading, n - 1));
  assert_rollups_created (f);

  g_assert_cmpint (daemon_stop (daemon, SIGTERM, NULL), ==, 0);
  g_assert_cmpint (committed_total (f, 3), ==, n);

  dead = im_test_kafka_consume_all (f->backend->kafka_brokers, f->dlq_topic, 0, 1000);
  g_assert_cmpuint (dead->len, ==, 0);

  daemon_free (daemon);
  producer_free (producer);
}

/* 2. Invalid corpus mixed with valid readings */

typedef struct
{
  const char *name;
  const char *reason;    /* expected im.dlq.reason-code */
  char       *value;     /* NULL: tombstone */
  gssize      len;
  gboolean    null_key;
} Invalid;

/* A reading's JSON with one field replaced (raw JSON text) or, with
 * @raw NULL, removed. */
static char *
json_with (const char *field,
           const char *raw)
{
  const char *names[] = { "schema_version", "machine_id", "sensor_id", "timestamp",
                          "temperature", "vibration", "pressure", "power",
                          "state", "degradation", "anomaly" };
  g_autofree char *now = NULL;
  char ts[IM_TIMESTAMP_BUF_SIZE];
  const char *values[G_N_ELEMENTS (names)];
  GString *json = g_string_new ("{");
  gboolean first = TRUE;

  im_timestamp_format (ts, im_now_ns () - 60 * SEC, 6);
  now = g_strdup_printf ("\"%s\"", ts);
  values[0] = "1";
  values[1] = "\"MACHINE_BAD\"";
  values[2] = "\"MACHINE_BAD-S1\"";
  values[3] = now;
  values[4] = "55.5";
  values[5] = "1.25";
  values[6] = "50";
  values[7] = "250";
  values[8] = "\"normal\"";
  values[9] = "0.1";
  values[10] = "null";

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *v = values[i];

      if (g_strcmp0 (field, names[i]) == 0)
        {
          if (raw == NULL)
            continue;
          v = raw;
        }
      g_string_append_printf (json, "%s\"%s\":%s", first ? "" : ",", names[i], v);
      first = FALSE;
    }
  g_string_append_c (json, '}');

  return g_string_free (json, FALSE);
}

static GArray *
invalid_corpus (void)
{
  GArray *corpus = g_array_new (FALSE, TRUE, sizeof (Invalid));
  char ts[IM_TIMESTAMP_BUF_SIZE];
  g_autofree char *future = NULL;
  g_autofree char *long_id = NULL;
  GString *str;

#define ADD(n, r, v, l, nk) G_STMT_START { \
    Invalid inv = { n, r, v, l, nk }; \
    g_array_append_val (corpus, inv); \
  } G_STMT_END
#define ADD_JSON(n, r, field, raw) G_STMT_START { \
    char *v_ = json_with (field, raw); \
    ADD (n, r, v_, strlen (v_), FALSE); \
  } G_STMT_END

  ADD ("tombstone", "empty", NULL, -1, FALSE);
  ADD ("tombstone, null key", "empty", NULL, -1, TRUE);
  ADD ("empty value", "empty", g_strdup (""), 0, FALSE);
  ADD ("invalid UTF-8", "invalid_utf8", g_strdup ("{\"machine_id\":\"\xff\xfe\"}"), -1, FALSE);
  ADD ("NUL byte", "invalid_utf8", g_memdup2 ("{\"a\":1}\0{}", 10), 10, FALSE);

  str = g_string_new ("{\"machine_id\":\"M\",\"pad\":\"");
  while (str->len < 100 * 1024)
    g_string_append (str, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (str, "\"}");
  ADD ("huge payload", "too_large", g_string_free (str, FALSE), -1, FALSE);

  str = g_string_new (NULL);
  for (guint i = 0; i < 200; i++)
    g_string_append (str, "{\"a\":[");
  for (guint i = 0; i < 200; i++)
    g_string_append (str, "]}");
  ADD ("deeply nested", "too_deep", g_string_free (str, FALSE), -1, FALSE);

  ADD_JSON ("NaN literal", "malformed_json", "temperature", "NaN");
  ADD_JSON ("Infinity literal", "malformed_json", "vibration", "Infinity");
  ADD_JSON ("-Infinity literal", "malformed_json", "power", "-Infinity");
  ADD ("not JSON", "malformed_json", g_strdup ("temperature=55"), -1, FALSE);
  ADD ("truncated JSON", "malformed_json", g_strdup ("{\"machine_id\":\"M1\",\"temp"), -1, FALSE);
  ADD ("array", "not_an_object", g_strdup ("[1,2,3]"), -1, FALSE);
  ADD ("string", "not_an_object", g_strdup ("\"reading\""), -1, FALSE);
  ADD ("number", "not_an_object", g_strdup ("42"), -1, FALSE);

  ADD_JSON ("machine id with newline", "invalid_id", "machine_id", "\"M\\nX\"");
  ADD_JSON ("machine id with quote", "invalid_id", "machine_id", "\"M\\\"X\"");
  ADD_JSON ("machine id with comma", "invalid_id", "machine_id", "\"M,X\"");
  ADD_JSON ("machine id with space", "invalid_id", "machine_id", "\"M X\"");
  ADD_JSON ("machine id with equals", "invalid_id", "machine_id", "\"M=X\"");
  ADD_JSON ("machine id with backslash", "invalid_id", "machine_id", "\"M\\\\X\"");
  ADD_JSON ("machine id with unicode", "invalid_id", "machine_id", "\"MÄSCHINE\"");
  ADD_JSON ("empty machine id", "invalid_id", "machine_id", "\"\"");
  long_id = g_strdup_printf ("\"%s\"", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  ADD_JSON ("65-char machine id", "invalid_id", "machine_id", long_id);
  ADD_JSON ("sensor id with tab", "invalid_id", "sensor_id", "\"S\\t1\"");

  ADD_JSON ("missing machine_id", "missing_field", "machine_id", NULL);
  ADD_JSON ("missing sensor_id", "missing_field", "sensor_id", NULL);
  ADD_JSON ("missing timestamp", "missing_field", "timestamp", NULL);
  ADD_JSON ("missing temperature", "missing_field", "temperature", NULL);
  ADD_JSON ("missing vibration", "missing_field", "vibration", NULL);
  ADD_JSON ("missing pressure", "missing_field", "pressure", NULL);
  ADD_JSON ("missing power", "missing_field", "power", NULL);

  ADD_JSON ("machine id a number", "wrong_type", "machine_id", "17");
  ADD_JSON ("machine id null", "wrong_type", "machine_id", "null");
  ADD_JSON ("temperature a string", "wrong_type", "temperature", "\"55\"");
  ADD_JSON ("pressure a bool", "wrong_type", "pressure", "true");
  ADD_JSON ("timestamp a number", "wrong_type", "timestamp", "1795000000");
  ADD_JSON ("schema_version a string", "wrong_type", "schema_version", "\"1\"");

  ADD_JSON ("temperature too hot", "out_of_range", "temperature", "500.5");
  ADD_JSON ("temperature too cold", "out_of_range", "temperature", "-50.5");
  ADD_JSON ("negative vibration", "out_of_range", "vibration", "-0.1");
  ADD_JSON ("pressure too high", "out_of_range", "pressure", "1000.5");
  ADD_JSON ("negative pressure", "out_of_range", "pressure", "-1");
  ADD_JSON ("negative power", "out_of_range", "power", "-5");
  ADD_JSON ("power over 100 kW", "out_of_range", "power", "100000.5");
  ADD_JSON ("degradation over 1", "out_of_range", "degradation", "1.5");

  ADD_JSON ("timestamp before 2000", "timestamp_too_old", "timestamp", "\"1999-12-31T23:59:59Z\"");
  im_timestamp_format (ts, im_now_ns () + 3600 * SEC, 3);
  future = g_strdup_printf ("\"%s\"", ts);
  ADD_JSON ("timestamp an hour ahead", "timestamp_in_future", "timestamp", future);
  ADD_JSON ("timestamp malformed", "invalid_timestamp", "timestamp", "\"yesterday\"");
  ADD_JSON ("timestamp impossible date", "invalid_timestamp", "timestamp", "\"2026-13-45T25:61:00Z\"");

  ADD_JSON ("unknown schema_version", "unsupported_version", "schema_version", "2");
  ADD_JSON ("bad state", "invalid_enum", "state", "\"exploded\"");
  ADD_JSON ("bad anomaly", "invalid_enum", "anomaly", "\"meteor\"");

#undef ADD
#undef ADD_JSON

  for (guint i = 0; i < corpus->len; i++)
    {
      Invalid *inv = &g_array_index (corpus, Invalid, i);

      if (inv->value != NULL && inv->len < 0)
        inv->len = strlen (inv->value);
    }

  return corpus;
}

static void
test_invalid_corpus (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ImSimFleet) fleet = NULL;
  g_autoptr(GArray) corpus = NULL;
  g_autoptr(GArray) readings = g_array_new (FALSE, FALSE, sizeof (ImReading));
  g_autoptr(GPtrArray) dead = NULL;
  g_autofree guint *invalid_index = NULL;
  g_autofree char *metrics = NULL;
  Producer *producer;
  Daemon *daemon;
  const guint n_valid = 400;
  guint n_sent;
  gint64 total_offsets = 0;

  if (f->backend == NULL)
    return;

  corpus = invalid_corpus ();
  g_assert_cmpuint (corpus->len, >=, 30);

  /* Interleaved: a few valid readings between two invalid messages. */
  fleet = fleet_new (8, 12);
  producer = producer_new (f->backend->kafka_brokers);
  invalid_index = g_new0 (guint, corpus->len);
  for (guint i = 0, v = 0; i < corpus->len || v < n_valid; )
    {
      if (i < corpus->len && (v >= n_valid || v % 7 == 3))
        {
          Invalid *inv = &g_array_index (corpus, Invalid, i);
          g_autofree char *key = g_strdup_printf ("bad-key-%u", i);

          invalid_index[i] = producer_send (producer, f->topic,
                                            inv->null_key ? NULL : key,
                                            inv->null_key ? 0 : strlen (key),
                                            inv->value, inv->value != NULL ? inv->len : 0);
          i++;
        }
      if (v < n_valid)
        {
          ImReading reading;

          im_sim_fleet_next (fleet, &reading);
          g_array_append_val (readings, reading);
          send_reading (producer, f->topic, &reading);
          v++;
        }
    }
  producer_flush (producer);
  n_sent = producer->n_sent;

  daemon = daemon_start (f, NULL, NULL);
  g_assert_cmpint (wait_for_points (f->influx, n_valid, 60), ==, n_valid);

  dead = im_test_kafka_consume_all (f->backend->kafka_brokers, f->dlq_topic, corpus->len, 20000);
  g_assert_cmpuint (dead->len, ==, corpus->len);

  for (guint i = 0; i < corpus->len; i++)
    {
      Invalid *inv = &g_array_index (corpus, Invalid, i);
      gint32 partition = g_array_index (producer->partitions, gint32, invalid_index[i]);
      gint64 offset = g_array_index (producer->offsets, gint64, invalid_index[i]);
      g_autofree char *partition_str = g_strdup_printf ("%d", partition);
      g_autofree char *offset_str = g_strdup_printf ("%" G_GINT64_FORMAT, offset);
      ImTestMessage *found = NULL;

      for (guint j = 0; j < dead->len; j++)
        {
          ImTestMessage *m = g_ptr_array_index (dead, j);

          if (g_strcmp0 (im_test_message_get_header (m, IM_DLQ_HEADER_SOURCE_PARTITION), partition_str) == 0 &&
              g_strcmp0 (im_test_message_get_header (m, IM_DLQ_HEADER_SOURCE_OFFSET), offset_str) == 0)
            {
              g_assert_null (found);
              found = m;
            }
        }

      g_test_message ("%s → %s: %s", inv->name,
                      found ? im_test_message_get_header (found, IM_DLQ_HEADER_REASON_CODE) : "(missing)",
                      found ? im_test_message_get_header (found, IM_DLQ_HEADER_REASON) : "");
      g_assert_nonnull (found);
      g_assert_cmpstr (im_test_message_get_header (found, IM_DLQ_HEADER_REASON_CODE), ==, inv->reason);
      g_assert_cmpstr (im_test_message_get_header (found, IM_DLQ_HEADER_SOURCE_TOPIC), ==, f->topic);
      g_assert_nonnull (im_test_message_get_header (found, IM_DLQ_HEADER_REASON));
      g_assert_cmpuint (strlen (im_test_message_get_header (found, IM_DLQ_HEADER_REASON)), >, 0);

      /* The original key and bytes. */
      if (inv->null_key)
        g_assert_null (found->key);
      else
        {
          g_autofree char *key = g_strdup_printf ("bad-key-%u", i);

          g_assert_cmpstr (found->key, ==, key);
        }
      if (inv->value == NULL)
        g_assert_null (found->value);
      else
        {
          g_assert_nonnull (found->value);
          g_assert_cmpuint (g_bytes_get_size (found->value), ==, inv->len);
          g_assert_true (inv->len == 0 ||
                         memcmp (g_bytes_get_data (found->value, NULL), inv->value, inv->len) == 0);
        }
    }

  /* Only the valid ones reached InfluxDB, each once. */
  g_assert_cmpint (count_points (f->influx), ==, n_valid);
  for (guint i = 0; i < readings->len; i += 37)
    assert_reading_stored (f->influx, &g_array_index (readings, ImReading, i));

  /* Alive, counting by reason, and past them. */
  g_assert_null (g_subprocess_get_identifier (daemon->process) == NULL ? "daemon died" : NULL);
  g_assert_cmpuint (http_get (daemon_metrics_port (daemon), "/metrics", &metrics), ==, 200);
  g_assert_cmpfloat (metric_value (metrics, "industrialmind_ingestion_invalid_messages_total{reason=\"missing_field\"}"),
                     ==, 7);
  g_assert_cmpfloat (metric_value (metrics, "industrialmind_ingestion_dead_lettered_total"), ==, corpus->len);

  g_assert_cmpint (daemon_stop (daemon, SIGTERM, NULL), ==, 0);
  for (int p = 0; p < 3; p++)
    {
      gint64 end = 0;

      for (guint i = 0; i < n_sent; i++)
        if (g_array_index (producer->partitions, gint32, i) == p)
          end = MAX (end, g_array_index (producer->offsets, gint64, i) + 1);
      g_assert_cmpint (im_test_kafka_committed_offset (f->backend->kafka_brokers, f->group, f->topic, p),
                       ==, end > 0 ? end : -1);
      total_offsets += end;
    }
  g_assert_cmpint (total_offsets, ==, n_sent);

  for (guint i = 0; i < corpus->len; i++)
    g_free (g_array_index (corpus, Invalid, i).value);
  daemon_free (daemon);
  producer_free (producer);
}

/* Steady load from a thread */

typedef struct
{
  Producer   *producer;
  const char *topic;
  ImSimFleet *fleet;
  guint       rate;         /* per second */
  int         stop;         /* atomic */
  GThread    *thread;
} Load;

static gpointer
load_thread (gpointer data)
{
  Load *load = data;
  gint64 start = g_get_monotonic_time ();
  guint sent = 0;

  while (!g_atomic_int_get (&load->stop))
    {
      guint due = (g_get_monotonic_time () - start) * load->rate / G_USEC_PER_SEC;

      while (sent < due)
        {
          ImReading reading;

          im_sim_fleet_next (load->fleet, &reading);
          send_reading (load->producer, load->topic, &reading);
          sent++;
        }
      g_usleep (10 * 1000);
    }

  producer_flush (load->producer);

  return NULL;
}

static Load *
load_start (Fixture *f,
            guint    rate,
            guint    seed)
{
  Load *load = g_new0 (Load, 1);

  load->producer = producer_new (f->brokers);
  load->topic = f->topic;
  load->fleet = fleet_new (20, seed);
  load->rate = rate;
  load->thread = g_thread_new ("load", load_thread, load);

  return load;
}

static guint
load_stop (Load *load)
{
  guint n;

  g_atomic_int_set (&load->stop, 1);
  g_thread_join (load->thread);
  n = load->producer->n_sent;
  producer_free (load->producer);
  im_sim_fleet_free (load->fleet);
  g_free (load);

  return n;
}

/* 3. kill -9 while data flows, restart */

static void
test_kill_restart (Fixture       *f,
                   gconstpointer  data)
{
  const char *small_batches[] = { "--batch-size=500", NULL };
  Daemon *daemon;
  Daemon *again;
  Load *load;
  guint n;

  if (f->backend == NULL)
    return;

  load = load_start (f, 3000, 13);
  daemon = daemon_start (f, NULL, small_batches);

  /* Killed in the middle of the flow. */
  g_assert_cmpint (wait_for_points (f->influx, 3000, 60), >=, 3000);
  daemon_stop (daemon, SIGKILL, NULL);

  g_usleep (G_USEC_PER_SEC);
  again = daemon_start (f, NULL, small_batches);
  g_usleep (3 * G_USEC_PER_SEC);
  n = load_stop (load);
  g_test_message ("%u readings produced", n);

  /* None lost; redelivered ones rewrote the same points. */
  g_assert_cmpint (wait_for_points (f->influx, n, 90), ==, n);
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpint (count_points (f->influx), ==, n);

  g_assert_cmpint (daemon_stop (again, SIGTERM, NULL), ==, 0);
  g_assert_cmpint (committed_total (f, 3), ==, n);

  daemon_free (daemon);
  daemon_free (again);
}

/* 4. InfluxDB stopped for 30 s under steady load */

typedef struct
{
  char        *dir;
  char        *conf;
  char        *url;
  GSubprocess *process;
} PrivateInflux;

static void
private_influx_run (PrivateInflux *influx)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *log = g_build_filename (influx->dir, "influxd.log", NULL);
  g_autoptr(ImInfluxClient) client = im_influx_client_new (influx->url, "x");
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  influx->process = g_subprocess_launcher_spawn (launcher, &error, "/usr/bin/influxd", "run",
                                                 "-config", influx->conf, NULL);
  g_assert_no_error (error);

  while (!im_influx_client_ping (client, NULL, NULL, NULL))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_nonnull (g_subprocess_get_identifier (influx->process));
      g_usleep (200 * 1000);
    }
}

static PrivateInflux *
private_influx_start (const char *parent)
{
  g_autofree char *template_path = im_test_source_path ("compose/influxdb.conf.in");
  g_autofree char *template = NULL;
  g_autofree char *port = NULL;
  g_autofree char *rpc_port = NULL;
  g_autoptr(GString) conf = NULL;
  g_autoptr(GError) error = NULL;
  PrivateInflux *influx = g_new0 (PrivateInflux, 1);

  if (!g_file_test ("/usr/bin/influxd", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_free (influx);
      return NULL;
    }

  influx->dir = g_build_filename (parent, "influxdb", NULL);
  g_mkdir_with_parents (influx->dir, 0700);
  g_file_get_contents (template_path, &template, NULL, &error);
  g_assert_no_error (error);

  port = g_strdup_printf ("%u", im_test_free_port ());
  rpc_port = g_strdup_printf ("%u", im_test_free_port ());
  conf = g_string_new (template);
  g_string_replace (conf, "@STATE_DIR@", influx->dir, 0);
  g_string_replace (conf, "@INFLUXDB_PORT@", port, 0);
  g_string_replace (conf, "@INFLUXDB_RPC_PORT@", rpc_port, 0);
  influx->conf = g_build_filename (influx->dir, "influxdb.conf", NULL);
  g_file_set_contents (influx->conf, conf->str, conf->len, &error);
  g_assert_no_error (error);
  influx->url = g_strdup_printf ("http://127.0.0.1:%s", port);

  private_influx_run (influx);

  return influx;
}

static void
private_influx_stop (PrivateInflux *influx)
{
  if (influx->process == NULL)
    return;

  g_subprocess_send_signal (influx->process, SIGTERM);
  g_subprocess_wait (influx->process, NULL, NULL);
  g_clear_object (&influx->process);
}

static void
private_influx_free (PrivateInflux *influx)
{
  private_influx_stop (influx);
  g_free (influx->dir);
  g_free (influx->conf);
  g_free (influx->url);
  g_free (influx);
}

static void
test_influx_outage (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ImInfluxClient) client = NULL;
  g_autofree char *metrics = NULL;
  g_autofree char *health = NULL;
  PrivateInflux *influx;
  Daemon *daemon;
  Load *load;
  gsize rss_before;
  gsize rss_max = 0;
  guint n;
  guint port;
  gint64 until;
  gint64 back_at;
  gint64 count_at_outage;

  if (f->backend == NULL)
    return;

  if (!(influx = private_influx_start (f->tmpdir)))
    {
      g_test_skip ("/usr/bin/influxd is not installed");
      return;
    }
  client = im_influx_client_new (influx->url, f->database);

  load = load_start (f, 1000, 14);
  f->measures_rss = TRUE;
  daemon = daemon_start (f, influx->url, NULL);
  port = daemon_metrics_port (daemon);
  g_assert_cmpint (wait_for_points (client, 3000, 60), >=, 3000);
  g_assert_cmpuint (http_get (port, "/healthz", NULL), ==, 200);

  private_influx_stop (influx);
  count_at_outage = count_points (client);
  g_assert_cmpint (count_at_outage, ==, 0);   /* nobody answers */
  rss_before = daemon_rss_kb (daemon);

  /* 30 s without InfluxDB, data still coming in. */
  until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    {
      rss_max = MAX (rss_max, daemon_rss_kb (daemon));
      g_usleep (G_USEC_PER_SEC / 2);
    }
  g_assert_nonnull (g_subprocess_get_identifier (daemon->process));
  g_assert_cmpuint (http_get (port, "/healthz", &health), ==, 503);
  g_assert_cmpuint (http_get (port, "/metrics", &metrics), ==, 200);
  g_assert_cmpfloat (metric_value (metrics, "industrialmind_ingestion_paused"), ==, 1);
  g_assert_cmpfloat (metric_value (metrics, "industrialmind_ingestion_write_retries_total"), >, 3);
  g_test_message ("RSS %zu kB when InfluxDB stopped, at most %zu kB during the outage; healthz: %s",
                  rss_before, rss_max, health);
  /* Paused, not buffering: memory does not grow with the backlog
   * (30 000 readings ≈ 7 MB of JSON arrived meanwhile). */
  g_assert_cmpuint (rss_max, <, rss_before + 8 * 1024);

  private_influx_run (influx);
  back_at = g_get_monotonic_time ();
  /* Writing again within seconds: the daemon notices InfluxDB's return
   * (a ping a second) instead of waiting out a backoff of up to 30 s. */
  count_at_outage = count_points (client);
  g_assert_cmpint (wait_for_points (client, count_at_outage + 1, 60), >, count_at_outage);
  g_test_message ("writing again %.1f s after InfluxDB answered",
                  (g_get_monotonic_time () - back_at) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - back_at, <, 10 * G_USEC_PER_SEC);
  g_usleep (3 * G_USEC_PER_SEC);
  n = load_stop (load);
  g_test_message ("%u readings produced", n);

  g_assert_cmpint (wait_for_points (client, n, 90), ==, n);
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpint (count_points (client), ==, n);
  g_assert_cmpuint (http_get (port, "/healthz", NULL), ==, 200);

  g_assert_cmpint (daemon_stop (daemon, SIGTERM, NULL), ==, 0);
  g_assert_cmpint (committed_total (f, 3), ==, n);

  daemon_free (daemon);
  private_influx_free (influx);
}

/* 5. SIGTERM → exit 0 in time, commits exactly what was written */

static void
test_sigterm (Fixture       *f,
              gconstpointer  data)
{
  const char *args[] = { "--shutdown-timeout=5s", "--batch-size=1000", NULL };
  Daemon *daemon;
  Load *load;
  double seconds;
  gint64 written;
  gint64 committed;
  guint n;

  if (f->backend == NULL)
    return;

  load = load_start (f, 4000, 15);
  daemon = daemon_start (f, NULL, args);
  g_assert_cmpint (wait_for_points (f->influx, 2000, 60), >=, 2000);

  g_assert_cmpint (daemon_stop (daemon, SIGTERM, &seconds), ==, 0);
  g_test_message ("exit after %.2f s", seconds);
  g_assert_cmpfloat (seconds, <, 5.0 + 2.0);

  n = load_stop (load);
  written = count_points (f->influx);
  committed = committed_total (f, 3);
  g_test_message ("%u produced, %" G_GINT64_FORMAT " written, %" G_GINT64_FORMAT " committed",
                  n, written, committed);
  /* Everything written is committed, nothing unwritten is. */
  g_assert_cmpint (committed, ==, written);
  g_assert_cmpint (written, <, n);
  g_assert_true (daemon_wait_log (daemon, "\"event\":\"closing\"", 1));

  daemon_free (daemon);
}

/* 6. Two instances in one group */

static guint64
written_by (Daemon *daemon)
{
  g_autofree char *text = daemon_log (daemon);
  const char *p = strstr (text, " consumed, ");

  g_assert_nonnull (p);

  return g_ascii_strtoull (p + strlen (" consumed, "), NULL, 10);
}

static gboolean
has_partitions (Daemon *daemon)
{
  g_autofree char *text = daemon_log (daemon);
  const char *p = text;

  while ((p = strstr (p, "Partitions assigned: [")))
    {
      p += strlen ("Partitions assigned: [");
      if (g_ascii_isdigit (*p))
        return TRUE;
    }

  return FALSE;
}

static void
test_two_instances (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ImSimFleet) fleet = NULL;
  Producer *producer;
  Daemon *a;
  Daemon *b;
  gint64 deadline;
  const guint n = 20000;
  guint64 wa;
  guint64 wb;

  if (f->backend == NULL)
    return;

  a = daemon_start (f, NULL, NULL);
  b = daemon_start (f, NULL, NULL);

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!(has_partitions (a) && has_partitions (b)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200 * 1000);
    }

  fleet = fleet_new (24, 16);
  producer = producer_new (f->backend->kafka_brokers);
  for (guint i = 0; i < n; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      send_reading (producer, f->topic, &reading);
    }
  producer_flush (producer);

  g_assert_cmpint (wait_for_points (f->influx, n, 60), ==, n);
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpint (count_points (f->influx), ==, n);

  g_assert_cmpint (daemon_stop (a, SIGTERM, NULL), ==, 0);
  g_assert_cmpint (daemon_stop (b, SIGTERM, NULL), ==, 0);
  wa = written_by (a);
  wb = written_by (b);
  g_test_message ("instance A wrote %" G_GUINT64_FORMAT ", B %" G_GUINT64_FORMAT, wa, wb);
  g_assert_cmpuint (wa, >, 0);
  g_assert_cmpuint (wb, >, 0);
  g_assert_cmpuint (wa + wb, >=, n);
  g_assert_cmpint (committed_total (f, 6), ==, n);

  daemon_free (a);
  daemon_free (b);
  producer_free (producer);
}


/* 7. Back to work within seconds after a kill -9, with librdkafka's own
 * session timeout (not the 6 s the other cases use) */

static double
daemon_metric (Daemon     *daemon,
               const char *name)
{
  g_autofree char *metrics = NULL;

  if (http_get (daemon_metrics_port (daemon), "/metrics", &metrics) != 200)
    return -1;

  return metric_value (metrics, name);
}

/* Seconds until the daemon holds @n partitions, -1 after @timeout_s. */
static double
wait_assigned (Daemon *daemon,
               int     n,
               guint   timeout_s)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + timeout_s * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      if (daemon_metric (daemon, "industrialmind_ingestion_assigned_partitions") == n)
        return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      if (g_subprocess_get_identifier (daemon->process) == NULL)
        break;
      g_usleep (100 * 1000);
    }

  return -1;
}

/* Seconds until /healthz answers @status with @needle in the body, -1
 * after @timeout_s. */
static double
wait_health (Daemon     *daemon,
             guint       status,
             const char *needle,
             guint       timeout_s,
             char      **body)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + timeout_s * G_USEC_PER_SEC;
  guint port = daemon_metrics_port (daemon);

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = NULL;

      if (http_get (port, "/healthz", &text) == status &&
          (needle == NULL || strstr (text, needle) != NULL))
        {
          if (body != NULL)
            *body = g_steal_pointer (&text);
          return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
        }
      g_usleep (100 * 1000);
    }

  return -1;
}

static guint
count_in_log (Daemon     *daemon,
              const char *needle)
{
  g_autofree char *text = daemon_log (daemon);
  guint n = 0;

  for (const char *p = text; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;

  return n;
}

static void
assert_all_written (Fixture *f,
                    guint    n,
                    int      partitions)
{
  g_assert_cmpint (wait_for_points (f->influx, n, 120), ==, n);
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpint (count_points (f->influx), ==, n);
}

static void
test_kill_recover (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *name = im_test_unique_name ("ingest-instance");
  const char *named[] = { "--instance-name", name, NULL };
  gboolean is_named = g_str_has_suffix (g_test_get_path (), "-named");
  Daemon *daemon;
  Daemon *again;
  Load *load;
  double seconds;
  guint n;

  if (f->backend == NULL)
    return;

  f->default_timeouts = TRUE;
  load = load_start (f, 2000, 17);
  daemon = daemon_start (f, NULL, is_named ? named : NULL);
  g_assert_cmpint (wait_for_points (f->influx, 2000, 60), >=, 2000);
  g_assert_cmpfloat (wait_assigned (daemon, 3, 30), >=, 0);

  daemon_stop (daemon, SIGKILL, NULL);
  again = daemon_start (f, NULL, is_named ? named : NULL);
  seconds = wait_assigned (again, 3, 90);
  g_test_message ("%s restart: all 3 partitions back after %.1f s",
                  is_named ? "named (static membership)" : "unnamed", seconds);
  /* librdkafka's default session timeout (45 s) kept them away 39–47 s. */
  g_assert_cmpfloat (seconds, >=, 0);
  g_assert_cmpfloat (seconds, <, is_named ? 8 : 15);

  n = load_stop (load);
  assert_all_written (f, n, 3);
  g_assert_cmpint (daemon_stop (again, SIGTERM, NULL), ==, 0);
  g_assert_cmpint (committed_total (f, 3), ==, n);

  daemon_free (daemon);
  daemon_free (again);
}

/* 8. An instance killed after joining the group, before its assignment,
 * leaves no phantom member holding partitions */

static void
test_kill_before_join (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *name = im_test_unique_name ("ingest-instance");
  const char *named[] = { "--instance-name", name, NULL };
  Daemon *early;
  Daemon *daemon;
  Load *load;
  double seconds;
  guint n;

  if (f->backend == NULL)
    return;

  f->default_timeouts = TRUE;
  f->debug_group = TRUE;
  load = load_start (f, 1000, 18);

  /* Killed as soon as the coordinator has made it a member. */
  early = daemon_start (f, NULL, named);
  g_assert_true (daemon_wait_log (early, "JoinGroup response: GenerationId", 60));
  daemon_stop (early, SIGKILL, NULL);

  f->debug_group = FALSE;
  daemon = daemon_start (f, NULL, named);
  seconds = wait_assigned (daemon, 3, 90);
  g_test_message ("the next instance holds all 3 partitions after %.1f s", seconds);
  g_assert_cmpfloat (seconds, >=, 0);
  g_assert_cmpfloat (seconds, <, 8);

  n = load_stop (load);
  assert_all_written (f, n, 3);
  g_assert_cmpint (daemon_stop (daemon, SIGTERM, NULL), ==, 0);

  daemon_free (early);
  daemon_free (daemon);
}

/* 9. /healthz: an instance with nothing to do says so */

static void
test_health_unassigned (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *body = NULL;
  Daemon *a;
  Daemon *b;
  Daemon *idle;
  Daemon *busy;
  double seconds;

  if (f->backend == NULL)
    return;

  /* One partition, two instances: one of them gets nothing. */
  a = daemon_start (f, NULL, NULL);
  g_assert_cmpfloat (wait_assigned (a, 1, 60), >=, 0);
  g_assert_cmpfloat (wait_health (a, 200, NULL, 30, NULL), >=, 0);
  b = daemon_start (f, NULL, NULL);
  /* Its first assignment, empty or not, after the join. */
  g_assert_true (daemon_wait_log (b, "Partitions assigned: [", 60));

  /* After the rebalance one holds the partition, the other none. */
  for (gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
       daemon_metric (a, "industrialmind_ingestion_assigned_partitions") +
       daemon_metric (b, "industrialmind_ingestion_assigned_partitions") != 1;)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }
  busy = daemon_metric (a, "industrialmind_ingestion_assigned_partitions") == 1 ? a : b;
  idle = busy == a ? b : a;

  seconds = wait_health (idle, 503, "no partitions assigned", 10, &body);
  g_test_message ("idle instance: 503 after %.1f s: %s", seconds, body ? body : "");
  g_assert_cmpfloat (seconds, >=, 0);
  g_assert_cmpfloat (wait_health (busy, 200, NULL, 10, NULL), >=, 0);

  g_assert_cmpint (daemon_stop (a, SIGTERM, NULL), ==, 0);
  g_assert_cmpint (daemon_stop (b, SIGTERM, NULL), ==, 0);
  daemon_free (a);
  daemon_free (b);
}

/* 10. InfluxDB frozen (SIGSTOP): /healthz says so within seconds, from
 * the age of the request in flight, and nothing is lost */

static void
test_influx_hang (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ImInfluxClient) client = NULL;
  g_autofree char *body = NULL;
  PrivateInflux *influx;
  Daemon *daemon;
  Load *load;
  double seconds;
  GPid pid;
  guint n;

  if (f->backend == NULL)
    return;

  if (!(influx = private_influx_start (f->tmpdir)))
    {
      g_test_skip ("/usr/bin/influxd is not installed");
      return;
    }
  client = im_influx_client_new (influx->url, f->database);

  load = load_start (f, 1000, 19);
  daemon = daemon_start (f, influx->url, NULL);
  g_assert_cmpint (wait_for_points (client, 2000, 60), >=, 2000);
  g_assert_cmpfloat (wait_health (daemon, 200, NULL, 30, NULL), >=, 0);

  pid = atoi (g_subprocess_get_identifier (influx->process));
  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  seconds = wait_health (daemon, 503, "stalled", 20, &body);
  g_test_message ("InfluxDB frozen: 503 after %.1f s: %s", seconds, body ? body : "");
  g_assert_cmpfloat (seconds, >=, 0);
  /* The stall threshold is 5 s; before, it took curl's 30 s timeout. */
  g_assert_cmpfloat (seconds, <, 10);

  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
  seconds = wait_health (daemon, 200, NULL, 60, NULL);
  g_test_message ("InfluxDB thawed: 200 after %.1f s", seconds);
  g_assert_cmpfloat (seconds, >=, 0);

  n = load_stop (load);
  g_assert_cmpint (wait_for_points (client, n, 120), ==, n);
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpint (count_points (client), ==, n);
  g_assert_cmpint (daemon_stop (daemon, SIGTERM, NULL), ==, 0);
  g_assert_cmpint (committed_total (f, 3), ==, n);

  daemon_free (daemon);
  private_influx_free (influx);
}

/* 11. The ingestion itself stopped (SIGSTOP) for longer than a write may
 * take, while an answer from InfluxDB waits for it: no false timeout */

static void
test_daemon_freeze (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ImInfluxClient) client = NULL;
  PrivateInflux *influx;
  Daemon *daemon;
  Load *load;
  GPid influx_pid;
  GPid daemon_pid;
  guint failing_before;
  gint64 until;
  guint n;

  if (f->backend == NULL)
    return;

  if (!(influx = private_influx_start (f->tmpdir)))
    {
      g_test_skip ("/usr/bin/influxd is not installed");
      return;
    }
  client = im_influx_client_new (influx->url, f->database);

  /* The session expires during the freeze; it rejoins after. */
  f->default_timeouts = TRUE;
  load = load_start (f, 1000, 20);
  daemon = daemon_start (f, influx->url, NULL);
  g_assert_cmpint (wait_for_points (client, 2000, 60), >=, 2000);

  /* A write in flight: InfluxDB frozen until the daemon's request is
   * surely sent (a batch goes every 100 ms under this load). */
  influx_pid = atoi (g_subprocess_get_identifier (influx->process));
  daemon_pid = atoi (g_subprocess_get_identifier (daemon->process));
  g_assert_cmpint (kill (influx_pid, SIGSTOP), ==, 0);
  g_assert_cmpfloat (wait_health (daemon, 503, "stalled", 20, NULL), >=, 0);
  failing_before = count_in_log (daemon, "\"event\":\"influxdb-failing\"");

  /* The daemon stops; InfluxDB answers into its socket meanwhile. */
  g_assert_cmpint (kill (daemon_pid, SIGSTOP), ==, 0);
  g_assert_cmpint (kill (influx_pid, SIGCONT), ==, 0);
  until = g_get_monotonic_time () + 35 * G_USEC_PER_SEC;   /* > the old 30 s total timeout */
  while (g_get_monotonic_time () < until)
    g_usleep (G_USEC_PER_SEC / 2);
  g_assert_cmpint (kill (daemon_pid, SIGCONT), ==, 0);

  g_assert_cmpfloat (wait_health (daemon, 200, NULL, 60, NULL), >=, 0);
  n = load_stop (load);
  g_assert_cmpint (wait_for_points (client, n, 120), ==, n);
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpint (count_points (client), ==, n);

  /* The answer was there: no write failed. */
  g_assert_cmpuint (count_in_log (daemon, "\"event\":\"influxdb-failing\""), ==, failing_before);
  g_assert_cmpuint (count_in_log (daemon, "Operation timed out"), ==, 0);

  g_assert_cmpint (daemon_stop (daemon, SIGTERM, NULL), ==, 0);
  g_assert_cmpint (committed_total (f, 3), ==, n);

  daemon_free (daemon);
  private_influx_free (influx);
}

/* 12. The broker away for longer than the session timeout (its own
 * backend): /healthz says so within seconds, and after it is back the
 * group is rejoined promptly and quietly */

static void
test_broker_outage (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *name = im_test_unique_name ("ingest-instance");
  const char *named[] = { "--instance-name", name, NULL };
  g_autofree char *body = NULL;
  ImTestPrivateBackend *backend;
  Daemon *daemon;
  Load *load;
  double seconds;
  gint64 down_at;
  gint64 until;
  guint unknown_before;
  guint unknown;
  GPid kafka;
  guint n;

  if (f->backend == NULL)
    return;

  if (!(backend = im_test_private_backend_up ()))
    {
      g_test_skip ("a private backend (compose/backend up with its own ports) did not start");
      return;
    }

  /* Everything of this test on the private backend. */
  g_free (f->brokers);
  f->brokers = g_strdup (backend->brokers);
  g_free (f->influxdb_url);
  f->influxdb_url = g_strdup (backend->influxdb_url);
  g_clear_object (&f->influx);
  f->influx = im_influx_client_new (f->influxdb_url, f->database);
  im_test_kafka_create_topic (f->brokers, f->topic, 3);
  im_test_kafka_create_topic (f->brokers, f->dlq_topic, 1);

  f->default_timeouts = TRUE;
  load = load_start (f, 1000, 21);
  daemon = daemon_start (f, NULL, named);
  g_assert_cmpint (wait_for_points (f->influx, 2000, 90), >=, 2000);
  g_assert_cmpfloat (wait_health (daemon, 200, NULL, 30, NULL), >=, 0);
  unknown_before = count_in_log (daemon, "Unknown member");

  kafka = im_test_private_backend_pid (backend, "kafka");
  g_assert_cmpint (kafka, >, 0);
  down_at = g_get_monotonic_time ();
  g_assert_cmpint (kill (kafka, SIGKILL), ==, 0);
  seconds = wait_health (daemon, 503, "Kafka", 15, &body);
  g_test_message ("broker killed: 503 after %.1f s: %s", seconds, body ? body : "");
  g_assert_cmpfloat (seconds, >=, 0);
  g_assert_cmpfloat (seconds, <, 5);

  /* Away longer than the session timeout (10 s), its restart included. */
  until = down_at + 15 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_usleep (G_USEC_PER_SEC / 2);
  g_assert_true (im_test_private_backend_run (backend, "up", NULL));
  g_test_message ("broker back after %.1f s", (g_get_monotonic_time () - down_at) / 1e6);

  seconds = wait_health (daemon, 200, NULL, 90, NULL);
  g_test_message ("healthy again %.1f s after the broker answered", seconds);
  g_assert_cmpfloat (seconds, >=, 0);
  g_assert_cmpfloat (seconds, <, 30);
  g_assert_cmpfloat (wait_assigned (daemon, 3, 10), >=, 0);

  n = load_stop (load);
  g_assert_cmpint (wait_for_points (f->influx, n, 120), ==, n);
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpint (count_points (f->influx), ==, n);

  /* Quiet: not a burst of failing commits for a member the group forgot. */
  unknown = count_in_log (daemon, "Unknown member") - unknown_before;
  g_test_message ("%u \"Unknown member\" lines", unknown);
  g_assert_cmpuint (unknown, <=, 2);

  g_assert_cmpint (daemon_stop (daemon, SIGTERM, NULL), ==, 0);
  g_assert_cmpint (committed_total (f, 3), ==, n);

  daemon_free (daemon);
  im_test_private_backend_purge (backend);
  /* The fixture's clean-up goes to the shared backend again. */
  g_free (f->brokers);
  f->brokers = g_strdup (f->backend->kafka_brokers);
  g_clear_object (&f->influx);
  f->influx = im_influx_client_new (f->backend->influxdb_url, f->database);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, partitions, func) \
  g_test_add ("/ingestion/daemon/" path, Fixture, GINT_TO_POINTER (partitions), \
              fixture_set_up, func, fixture_tear_down)

  ADD ("exactly-n", 3, test_exactly_n);
  ADD ("invalid-corpus", 3, test_invalid_corpus);
  ADD ("kill-restart", 3, test_kill_restart);
  ADD ("influx-outage", 3, test_influx_outage);
  ADD ("sigterm", 3, test_sigterm);
  ADD ("two-instances", 6, test_two_instances);
  ADD ("kill-recover-named", 3, test_kill_recover);
  ADD ("kill-recover-unnamed", 3, test_kill_recover);
  ADD ("kill-before-join", 3, test_kill_before_join);
  ADD ("health-unassigned", 1, test_health_unassigned);
  ADD ("influx-hang", 3, test_influx_hang);
  ADD ("daemon-freeze", 3, test_daemon_freeze);
  ADD ("broker-outage", 3, test_broker_outage);

#undef ADD

  return g_test_run ();
}
