/* test-detector-daemon.c — industrialmind-detector's daemon mode against
 * the real Kafka and InfluxDB
 *
 * The simulator's readings go to Kafka; the daemon's events on the
 * anomalies topic and in InfluxDB must be exactly what the offline mode
 * finds in the same readings, through a kill -9 in the middle of the
 * stream; alarms reach their topic and measurement, and an
 * acknowledgement written the way the app writes it comes back as the
 * detector's alarm record.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "im-alarm.h"
#include "im-influx-client.h"
#include "im-influxql.h"
#include "im-kafka.h"
#include "im-test-backend.h"
#include "im-test-kafka.h"

#define PARTITIONS 3
#define SIM_ARGS   "--seed", "11", "--machines", "6", "--start-time", "2026-10-01T00:00:00Z", \
                   "--duration", "40m"

typedef struct
{
  const ImTestBackend *backend;
  char                *topic;
  char                *anomalies_topic;
  char                *alarms_topic;
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
  g_autoptr(GError) error = NULL;

  if (!(f->backend = im_test_backend_get ()))
    return;

  f->topic = im_test_unique_name ("detect");
  f->anomalies_topic = g_strconcat (f->topic, ".anomalies", NULL);
  f->alarms_topic = g_strconcat (f->topic, ".alarms", NULL);
  f->database = im_test_unique_name ("detect");
  for (char *c = f->database; *c; c++)
    if (*c == '-')
      *c = '_';
  f->group = im_test_unique_name ("detect-group");
  f->tmpdir = g_dir_make_tmp ("im-detect-XXXXXX", &error);
  g_assert_no_error (error);

  im_test_kafka_create_topic (f->backend->kafka_brokers, f->topic, PARTITIONS);
  im_test_kafka_create_topic (f->backend->kafka_brokers, f->anomalies_topic, PARTITIONS);
  im_test_kafka_create_topic (f->backend->kafka_brokers, f->alarms_topic, PARTITIONS);
  f->influx = im_influx_client_new (f->backend->influxdb_url, f->database);
  g_assert_true (im_influx_client_create_database (f->influx, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GString) q = g_string_new ("DROP DATABASE ");
  g_autoptr(ImInfluxResult) result = NULL;
  g_autofree char *rm = NULL;

  if (f->backend == NULL)
    return;

  im_influxql_append_identifier (q, f->database);
  result = im_influx_client_query (f->influx, q->str, NULL, NULL, NULL);
  im_test_kafka_delete_topic (f->backend->kafka_brokers, f->topic);
  im_test_kafka_delete_topic (f->backend->kafka_brokers, f->anomalies_topic);
  im_test_kafka_delete_topic (f->backend->kafka_brokers, f->alarms_topic);
  if (g_getenv ("IM_KEEP_TEST_LOGS") == NULL)
    {
      rm = g_strdup_printf ("rm -rf '%s'", f->tmpdir);
      g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
    }
  else
    g_test_message ("logs kept in %s", f->tmpdir);

  g_clear_object (&f->influx);
  g_free (f->topic);
  g_free (f->anomalies_topic);
  g_free (f->alarms_topic);
  g_free (f->database);
  g_free (f->group);
  g_free (f->tmpdir);
}

/* Programs */

/* Runs @argv with stdout to @out_path (or silenced); asserts exit 0. */
static void
run (const char * const *argv,
     const char         *out_path)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (out_path ? G_SUBPROCESS_FLAGS_NONE
                                                 : G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  if (out_path != NULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  GSubprocess *process;
  char        *log_path;
} Daemon;

static Daemon *
daemon_start_full (Fixture            *f,
                   const char         *ack_interval,
                   const char         *instance,
                   const char * const *extra)
{
  g_autofree char *path = im_test_build_path ("daemons/detector/industrialmind-detector");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *brokers = g_strdup_printf ("--brokers=%s", f->backend->kafka_brokers);
  g_autofree char *topic = g_strdup_printf ("--topic=%s", f->topic);
  g_autofree char *anomalies = g_strdup_printf ("--anomalies-topic=%s", f->anomalies_topic);
  g_autofree char *alarms = g_strdup_printf ("--alarms-topic=%s", f->alarms_topic);
  g_autofree char *group = g_strdup_printf ("--group=%s", f->group);
  g_autofree char *url = g_strdup_printf ("--influxdb-url=%s", f->backend->influxdb_url);
  g_autofree char *db = g_strdup_printf ("--influxdb-db=%s", f->database);
  g_autofree char *acks = g_strdup_printf ("--ack-interval=%s", ack_interval);
  /* A static member: its restart has the partitions back at once. */
  g_autofree char *name = g_strdup_printf ("--instance-name=%s", instance);
  const char *fixed[] = {
    path, brokers, topic, anomalies, alarms, group, url, db, acks, name,
    "--metrics-addr=127.0.0.1:0",
  };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Daemon *daemon = g_new0 (Daemon, 1);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, (gpointer) fixed[i]);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);

  daemon->log_path = g_strdup_printf ("%s/daemon-%u.log", f->tmpdir, f->n_daemons++);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_stderr_file_path (launcher, daemon->log_path);
  daemon->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  return daemon;
}

static Daemon *
daemon_start (Fixture    *f,
              const char *ack_interval,
              const char *instance)
{
  return daemon_start_full (f, ack_interval, instance, NULL);
}

/* The ingestion on the same topic, its metrics on a port of its own. */
static Daemon *
ingestion_start (Fixture *f,
                 guint   *metrics_port)
{
  g_autofree char *path = im_test_build_path ("daemons/ingestion/industrialmind-ingestion");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *brokers = g_strdup_printf ("--brokers=%s", f->backend->kafka_brokers);
  g_autofree char *topic = g_strdup_printf ("--topic=%s", f->topic);
  g_autofree char *dlq = g_strdup_printf ("--dlq-topic=%s.dlq", f->topic);
  g_autofree char *group = g_strdup_printf ("--group=%s-ingestion", f->group);
  g_autofree char *url = g_strdup_printf ("--influxdb-url=%s", f->backend->influxdb_url);
  g_autofree char *db = g_strdup_printf ("--influxdb-db=%s", f->database);
  const char *argv[] = { path, brokers, topic, dlq, group, url, db, "--metrics-addr=127.0.0.1:0", NULL };
  g_autoptr(GError) error = NULL;
  Daemon *daemon = g_new0 (Daemon, 1);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  daemon->log_path = g_strdup_printf ("%s/ingestion-%u.log", f->tmpdir, f->n_daemons++);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_stderr_file_path (launcher, daemon->log_path);
  daemon->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  *metrics_port = 0;
  while (*metrics_port == 0 && g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = NULL;
      const char *p;

      if (g_file_get_contents (daemon->log_path, &text, NULL, NULL) &&
          (p = strstr (text, "Metrics and /healthz on port ")))
        *metrics_port = atoi (p + strlen ("Metrics and /healthz on port "));
      else
        g_usleep (100 * 1000);
    }
  g_assert_cmpuint (*metrics_port, >, 0);

  return daemon;
}

static gboolean
daemon_log_has (Daemon     *daemon,
                const char *needle)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (daemon->log_path, &text, NULL, NULL) && strstr (text, needle) != NULL;
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

static void
daemon_kill (Daemon *daemon)
{
  g_subprocess_send_signal (daemon->process, SIGKILL);
  g_assert_true (g_subprocess_wait (daemon->process, NULL, NULL));
  g_assert_true (g_subprocess_get_if_signaled (daemon->process));
}

static void
daemon_terminate (Daemon *daemon)
{
  g_subprocess_send_signal (daemon->process, SIGTERM);
  g_assert_true (g_subprocess_wait (daemon->process, NULL, NULL));
  g_assert_true (g_subprocess_get_if_exited (daemon->process));
  g_assert_cmpint (g_subprocess_get_exit_status (daemon->process), ==, 0);
}

/* Readings: the simulator's JSON lines, produced keyed by machine */

typedef struct
{
  rd_kafka_t *rk;
  gint64      end[PARTITIONS];   /* one past the last offset produced */
} Producer;

static void
producer_dr_cb (rd_kafka_t               *rk,
                const rd_kafka_message_t *msg,
                void                     *opaque)
{
  Producer *p = opaque;

  g_assert_cmpint (msg->err, ==, RD_KAFKA_RESP_ERR_NO_ERROR);
  g_assert_cmpint (msg->partition, <, PARTITIONS);
  p->end[msg->partition] = MAX (p->end[msg->partition], msg->offset + 1);
}

static void
produce_lines (Producer    *p,
               const char  *topic,
               char       **lines,
               guint        from,
               guint        to)
{
  for (guint i = from; i < to; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (lines[i], NULL);
      const char *machine = json_object_get_string_member (json_node_get_object (node), "machine_id");
      rd_kafka_resp_err_t err;

      do
        {
          err = rd_kafka_producev (p->rk,
                                   RD_KAFKA_V_TOPIC (topic),
                                   RD_KAFKA_V_KEY (machine, strlen (machine)),
                                   RD_KAFKA_V_VALUE (lines[i], strlen (lines[i])),
                                   RD_KAFKA_V_MSGFLAGS (RD_KAFKA_MSG_F_COPY),
                                   RD_KAFKA_V_END);
          if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL)
            rd_kafka_poll (p->rk, 10);
        }
      while (err == RD_KAFKA_RESP_ERR__QUEUE_FULL);
      g_assert_cmpint (err, ==, RD_KAFKA_RESP_ERR_NO_ERROR);
      rd_kafka_poll (p->rk, 0);
    }
  g_assert_cmpint (rd_kafka_flush (p->rk, 60000), ==, RD_KAFKA_RESP_ERR_NO_ERROR);
}

static Producer *
producer_new (const char *brokers)
{
  const char *overrides[] = { "enable.idempotence=true", "linger.ms=5", NULL };
  g_autoptr(GError) error = NULL;
  Producer *p = g_new0 (Producer, 1);
  rd_kafka_conf_t *conf = im_kafka_conf_new (brokers, overrides, &error);
  char errstr[512];

  g_assert_no_error (error);
  rd_kafka_conf_set_dr_msg_cb (conf, producer_dr_cb);
  rd_kafka_conf_set_opaque (conf, p);
  p->rk = rd_kafka_new (RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  g_assert_nonnull (p->rk);

  return p;
}

static void
producer_free (Producer *p)
{
  rd_kafka_destroy (p->rk);
  g_free (p);
}

/* Waits until the daemon's group has committed everything produced. */
static gboolean
wait_committed (Fixture  *f,
                Producer *p,
                guint     timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      gboolean all = TRUE;

      for (int i = 0; i < PARTITIONS && all; i++)
        all = p->end[i] == 0 ||
              im_test_kafka_committed_offset (f->backend->kafka_brokers, f->group, f->topic, i) >= p->end[i];
      if (all)
        return TRUE;
      g_usleep (200 * 1000);
    }

  return FALSE;
}

/* Some partition has an offset committed past its start. */
static gboolean
wait_any_committed (Fixture *f,
                    guint    timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      for (int i = 0; i < PARTITIONS; i++)
        if (im_test_kafka_committed_offset (f->backend->kafka_brokers, f->group, f->topic, i) > 0)
          return TRUE;
      g_usleep (100 * 1000);
    }

  return FALSE;
}

/* @expected: stop once that many came; 0: read until 3 s without one. */
static GPtrArray *
topic_values (Fixture    *f,
              const char *topic,
              guint       expected)
{
  g_autoptr(GPtrArray) messages = im_test_kafka_consume_all (f->backend->kafka_brokers, topic,
                                                             expected, expected > 0 ? 60000 : 3000);
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < messages->len; i++)
    {
      ImTestMessage *m = g_ptr_array_index (messages, i);
      gsize len;
      const char *data = g_bytes_get_data (m->value, &len);

      g_ptr_array_add (values, g_strndup (data, len));
    }

  return values;
}

static char **
read_lines (const char *path,
            guint      *n)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  char **lines;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_strchomp (text);
  lines = *text != '\0' ? g_strsplit (text, "\n", -1) : g_new0 (char *, 1);
  *n = g_strv_length (lines);

  return lines;
}

static GHashTable *
string_set (char   **lines,
            guint    n)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < n; i++)
    g_hash_table_add (set, g_strdup (lines[i]));

  return set;
}

static GHashTable *
ids_of (GHashTable *records)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  const char *line;

  g_hash_table_iter_init (&iter, records);
  while (g_hash_table_iter_next (&iter, (gpointer *) &line, NULL))
    {
      g_autoptr(JsonNode) node = json_from_string (line, NULL);

      g_assert_nonnull (node);
      g_hash_table_add (ids, g_strdup (json_object_get_string_member (json_node_get_object (node), "id")));
    }

  return ids;
}

/* Ids of the points of @measurement. */
static GHashTable *
influx_ids (Fixture    *f,
            const char *measurement)
{
  g_autofree char *q = g_strdup_printf ("SELECT \"id\" FROM \"%s\"", measurement);
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  result = im_influx_client_query (f->influx, q, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < im_influx_result_get_n_series (result); s++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (result, s);
      int c = im_influx_series_find_column (series, "id");

      for (guint r = 0; r < im_influx_series_get_n_rows (series); r++)
        {
          const ImInfluxValue *v = im_influx_series_get_value (series, r, c);

          g_assert_cmpint (v->type, ==, IM_INFLUX_VALUE_STRING);
          /* One point per id: a second would be a duplicate. */
          g_assert_true (g_hash_table_add (ids, g_strdup (v->s)));
        }
    }

  return ids;
}

static void
assert_same_keys (const char *what_a,
                  GHashTable *a,
                  const char *what_b,
                  GHashTable *b)
{
  GHashTableIter iter;
  const char *key;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (!g_hash_table_contains (b, key))
      g_error ("only in %s, not in %s: %s", what_a, what_b, key);
  g_hash_table_iter_init (&iter, b);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (!g_hash_table_contains (a, key))
      g_error ("only in %s, not in %s: %s", what_b, what_a, key);
}

/* The stream, and the offline mode's events in it (what stays open at
 * the end is not written, as the daemon sees no end). */
static char **
prepare_stream (Fixture  *f,
                guint    *n_readings,
                char   ***expected,
                guint    *n_expected)
{
  g_autofree char *sim = im_test_build_path ("daemons/simulator/industrialmind-simulator");
  g_autofree char *det = im_test_build_path ("daemons/detector/industrialmind-detector");
  g_autofree char *readings_path = g_build_filename (f->tmpdir, "readings.jsonl", NULL);
  g_autofree char *events_path = g_build_filename (f->tmpdir, "expected.jsonl", NULL);
  const char *sim_argv[] = { sim, SIM_ARGS, "--output", "stdout", NULL };
  const char *det_argv[] = { det, "--input", readings_path, "--keep-open", NULL };
  char **readings;

  run (sim_argv, readings_path);
  run (det_argv, events_path);
  readings = read_lines (readings_path, n_readings);
  *expected = read_lines (events_path, n_expected);
  g_test_message ("%u readings, %u event records expected", *n_readings, *n_expected);
  g_assert_cmpuint (*n_expected, >=, 10);

  return readings;
}

/* The anomalies topic and measurement hold exactly the offline mode's
 * events: each record one of its records byte for byte (a redelivered
 * one is identical), each of its records there, one point per event; the
 * alarms' topic and measurement hold the same alarms — except, after a
 * kill -9 (@killed), an inactivity alarm on the topic only: a record of
 * the clock alone, not of a reading, is delivered to both at once, and a
 * kill between the two deliveries is not made good (README). */
static void
assert_output (Fixture    *f,
               GHashTable *expected_set,
               gboolean    killed)
{
  g_autoptr(GHashTable) expected_ids = ids_of (expected_set);
  g_autoptr(GHashTable) got_set = NULL;
  g_autoptr(GHashTable) stored_ids = NULL;
  g_autoptr(GHashTable) alarm_set = NULL;
  g_autoptr(GHashTable) alarm_ids = NULL;
  g_autoptr(GHashTable) stored_alarm_ids = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GPtrArray) alarms = NULL;

  /* Each record on the topic is one of the offline mode's, byte for
   * byte, and each of those is there: redelivered ones are identical. */
  got = topic_values (f, f->anomalies_topic, 0);
  for (guint i = 0; i < got->len; i++)
    if (!g_hash_table_contains (expected_set, g_ptr_array_index (got, i)))
      g_error ("not an event of the offline mode: %s", (char *) g_ptr_array_index (got, i));
  got_set = string_set ((char **) got->pdata, got->len);
  assert_same_keys ("the offline mode's events", expected_set, "the anomalies topic", got_set);
  g_test_message ("%u records on the topic for %u distinct", got->len,
                   g_hash_table_size (expected_set));

  /* InfluxDB: one point per event. */
  stored_ids = influx_ids (f, "anomalies");
  assert_same_keys ("the offline mode's events", expected_ids, "the anomalies measurement", stored_ids);

  /* Alarms: on their topic and one point each in InfluxDB. */
  alarms = topic_values (f, f->alarms_topic, 0);
  g_assert_cmpuint (alarms->len, >=, 1);
  alarm_set = string_set ((char **) alarms->pdata, alarms->len);
  alarm_ids = ids_of (alarm_set);
  stored_alarm_ids = influx_ids (f, "alarms");
  if (killed)
    {
      GHashTableIter iter;
      const char *line;

      g_hash_table_iter_init (&iter, alarm_set);
      while (g_hash_table_iter_next (&iter, (gpointer *) &line, NULL))
        {
          ImAlarm alarm;

          g_assert_true (im_alarm_from_json (&alarm, line, -1, NULL));
          if (alarm.kind == IM_ALARM_KIND_INACTIVITY && !g_hash_table_contains (stored_alarm_ids, alarm.id))
            {
              g_test_message ("inactivity alarm %s on the topic only", alarm.id);
              g_hash_table_remove (alarm_ids, alarm.id);
            }
        }
    }
  assert_same_keys ("the alarms topic", alarm_ids, "the alarms measurement", stored_alarm_ids);

}

static void
test_exact_through_kill (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(GStrv) readings = NULL;
  g_auto(GStrv) expected = NULL;
  g_autoptr(GHashTable) expected_set = NULL;
  g_autoptr(GPtrArray) got = NULL;
  guint n_readings, n_expected, half;
  Producer *producer;
  Daemon *daemon;

  if (f->backend == NULL)
    {
      g_test_skip ("no backend");
      return;
    }

  readings = prepare_stream (f, &n_readings, &expected, &n_expected);
  expected_set = string_set (expected, n_expected);
  producer = producer_new (f->backend->kafka_brokers);

  /* The first half; the daemon is killed once it has published events
   * and committed something (every second), whatever else it has
   * committed by then: so its restart has readings to replay before its
   * committed offset, not just the start of the topic. */
  half = n_readings / 2;
  produce_lines (producer, f->topic, readings, 0, half);
  daemon = daemon_start (f, "200ms", "detect-test-1");
  got = topic_values (f, f->anomalies_topic, 1);
  g_assert_cmpuint (got->len, >=, 1);
  if (!wait_any_committed (f, 30))
    g_error ("the daemon committed nothing; log in %s", daemon->log_path);
  daemon_kill (daemon);
  daemon_free (daemon);
  g_clear_pointer (&got, g_ptr_array_unref);

  /* The second half, a restart under the same name, to the end. */
  produce_lines (producer, f->topic, readings, half, n_readings);
  daemon = daemon_start (f, "200ms", "detect-test-1");
  if (!wait_committed (f, producer, 120))
    g_error ("the daemon did not commit every reading; log in %s", daemon->log_path);
  g_assert_true (daemon_log_has (daemon, "re-warmed"));
  daemon_terminate (daemon);
  daemon_free (daemon);

  assert_output (f, expected_set, TRUE);
  producer_free (producer);
}

/* Two instances in one group share the partitions; the second joining
 * takes some of the first's, which both rebuild by replay. */
static void
test_two_instances (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(GStrv) readings = NULL;
  g_auto(GStrv) expected = NULL;
  g_autoptr(GHashTable) expected_set = NULL;
  g_autoptr(GPtrArray) got = NULL;
  guint n_readings, n_expected;
  Producer *producer;
  Daemon *one;
  Daemon *two;

  if (f->backend == NULL)
    {
      g_test_skip ("no backend");
      return;
    }

  readings = prepare_stream (f, &n_readings, &expected, &n_expected);
  expected_set = string_set (expected, n_expected);
  producer = producer_new (f->backend->kafka_brokers);

  produce_lines (producer, f->topic, readings, 0, n_readings / 3);
  one = daemon_start (f, "5s", "detect-test-1");
  got = topic_values (f, f->anomalies_topic, 1);
  two = daemon_start (f, "5s", "detect-test-2");
  produce_lines (producer, f->topic, readings, n_readings / 3, n_readings);
  if (!wait_committed (f, producer, 120))
    g_error ("the daemons did not commit every reading; logs in %s", f->tmpdir);
  daemon_terminate (one);
  daemon_terminate (two);
  g_assert_true (daemon_log_has (one, "Partitions revoked") || daemon_log_has (two, "Partitions revoked"));
  daemon_free (one);
  daemon_free (two);

  assert_output (f, expected_set, FALSE);
  producer_free (producer);
}

/* The latest record of an active alarm on the topic. */
static gboolean
find_active_alarm (GPtrArray *records,
                   ImAlarm   *alarm)
{
  g_autoptr(GHashTable) latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  ImAlarm *a;

  for (guint i = 0; i < records->len; i++)
    {
      const char *json = g_ptr_array_index (records, i);
      ImAlarm *record = g_new0 (ImAlarm, 1);

      g_assert_true (im_alarm_from_json (record, json, -1, NULL));
      g_hash_table_replace (latest, g_strdup (record->id), record);
    }

  g_hash_table_iter_init (&iter, latest);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
    if (a->state == IM_ALARM_STATE_ACTIVE && !a->acknowledged && a->kind == IM_ALARM_KIND_ZONE)
      {
        *alarm = *a;
        return TRUE;
      }

  return FALSE;
}

static void
test_acknowledge (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GStrv) readings = NULL;
  g_auto(GStrv) expected = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n_readings, n_expected;
  gint64 deadline;
  gboolean seen = FALSE;
  Producer *producer;
  Daemon *daemon;
  ImAlarmAck ack;
  ImAlarm alarm;

  if (f->backend == NULL)
    {
      g_test_skip ("no backend");
      return;
    }

  readings = prepare_stream (f, &n_readings, &expected, &n_expected);
  producer = producer_new (f->backend->kafka_brokers);
  produce_lines (producer, f->topic, readings, 0, n_readings);
  daemon = daemon_start (f, "200ms", "detect-test-1");
  if (!wait_committed (f, producer, 120))
    g_error ("the daemon did not commit every reading; log in %s", daemon->log_path);

  records = topic_values (f, f->alarms_topic, 0);
  g_assert_true (find_active_alarm (records, &alarm));
  g_clear_pointer (&records, g_ptr_array_unref);

  /* As the app acknowledges: a point of alarm_acks through lib/. */
  g_assert_true (im_alarm_ack_init (&ack, alarm.id, alarm.machine_id, "Zoë", g_get_real_time () * 1000,
                                    &error));
  g_assert_no_error (error);
  g_assert_true (im_alarm_ack_append_line_protocol (&ack, line, &error));
  g_assert_no_error (error);
  g_assert_true (im_influx_client_write (f->influx, line->str, line->len, NULL, &error));
  g_assert_no_error (error);

  /* The detector publishes the alarm again, acknowledged. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!seen && g_get_monotonic_time () < deadline)
    {
      records = topic_values (f, f->alarms_topic, 0);
      for (guint i = 0; i < records->len && !seen; i++)
        {
          ImAlarm record;

          g_assert_true (im_alarm_from_json (&record, g_ptr_array_index (records, i), -1, NULL));
          seen = strcmp (record.id, alarm.id) == 0 && record.acknowledged;
          if (seen)
            {
              g_assert_cmpstr (record.ack_user, ==, "Zoë");
              g_assert_cmpint (record.ack_ns, ==, ack.time_ns);
            }
        }
      g_clear_pointer (&records, g_ptr_array_unref);
      if (!seen)
        g_usleep (200 * 1000);
    }
  g_assert_true (seen);
  g_assert_true (daemon_log_has (daemon, "acknowledged by Zoë"));

  daemon_terminate (daemon);
  daemon_free (daemon);
  producer_free (producer);
}

/* The ingestion dead-letters invalid messages faster than the rules
 * allow: the detector, reading the ingestion's /metrics, raises the
 * pipeline alarm of the component "ingestion". */
static void
test_pipeline (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dlq = g_strconcat (f->topic, ".dlq", NULL);
  g_autofree char *rules_path = NULL;
  g_autofree char *rules_arg = NULL;
  g_autofree char *metrics_arg = NULL;
  g_autoptr(GError) error = NULL;
  const char *extra[3];
  gboolean raised = FALSE;
  gint64 deadline;
  Daemon *ingestion;
  Daemon *daemon;
  guint port;

  if (f->backend == NULL)
    {
      g_test_skip ("no backend");
      return;
    }

  im_test_kafka_create_topic (f->backend->kafka_brokers, dlq, 1);
  rules_path = g_build_filename (f->tmpdir, "alarms.conf", NULL);
  g_assert_true (g_file_set_contents (rules_path,
                                      "[alarms]\npending = 1s\n"
                                      "[pipeline:dead_letter_rate]\nlimit = 0.5\n", -1, &error));
  g_assert_no_error (error);

  ingestion = ingestion_start (f, &port);
  rules_arg = g_strdup_printf ("--alarm-rules=%s", rules_path);
  metrics_arg = g_strdup_printf ("--ingestion-metrics=http://127.0.0.1:%u/metrics", port);
  extra[0] = rules_arg;
  extra[1] = metrics_arg;
  extra[2] = NULL;
  daemon = daemon_start_full (f, "5s", "detect-test-1", extra);

  /* Invalid messages, a burst every second: a rate far over the limit
   * for as long as the detector looks. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!raised && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GPtrArray) records = NULL;

      for (guint i = 0; i < 20; i++)
        im_test_kafka_produce (f->backend->kafka_brokers, f->topic, "MACHINE_001", "not json", 8);
      records = topic_values (f, f->alarms_topic, 0);
      for (guint i = 0; i < records->len && !raised; i++)
        {
          ImAlarm alarm;

          g_assert_true (im_alarm_from_json (&alarm, g_ptr_array_index (records, i), -1, NULL));
          raised = strcmp (alarm.type, "pipeline_dead_letter_rate") == 0 &&
                   strcmp (alarm.machine_id, "ingestion") == 0 &&
                   alarm.state == IM_ALARM_STATE_ACTIVE && alarm.value > 0.5;
        }
    }
  if (!raised)
    g_error ("no pipeline alarm; logs in %s", f->tmpdir);

  daemon_terminate (daemon);
  daemon_free (daemon);
  daemon_terminate (ingestion);
  daemon_free (ingestion);
  im_test_kafka_delete_topic (f->backend->kafka_brokers, dlq);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/detector/daemon/exact-through-kill", Fixture, NULL,
              fixture_set_up, test_exact_through_kill, fixture_tear_down);
  g_test_add ("/detector/daemon/two-instances", Fixture, NULL,
              fixture_set_up, test_two_instances, fixture_tear_down);
  g_test_add ("/detector/daemon/pipeline", Fixture, NULL,
              fixture_set_up, test_pipeline, fixture_tear_down);
  g_test_add ("/detector/daemon/acknowledge", Fixture, NULL,
              fixture_set_up, test_acknowledge, fixture_tear_down);

  return g_test_run ();
}
