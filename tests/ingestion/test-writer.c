/* test-writer.c — ImWriter against an in-process fake InfluxDB
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "im-influx-rollups.h"
#include "im-writer.h"

#define MS G_GINT64_CONSTANT (1000000)

/* The fake speaks enough of InfluxDB 1.x's /write and /query: it answers
 * from a script of status codes, refuses lines whose machine_id starts
 * with BAD (as a partial write, storing the others, like InfluxDB), and
 * knows one database once it was created. */
typedef struct
{
  SoupServer *server;
  char       *url;
  GMutex      mutex;
  GQueue      script;          /* GUINT_TO_POINTER (status) answered first */
  GHashTable *stored;          /* line → count */
  gboolean    db_exists;
  guint       n_writes;
  guint       n_creates;       /* CREATE DATABASE statements */
  guint       n_queries;
} FakeInflux;

static void
write_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FakeInflux *fake = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint status;
  guint dropped = 0;

  g_mutex_lock (&fake->mutex);
  fake->n_writes++;
  status = GPOINTER_TO_UINT (g_queue_pop_head (&fake->script));

  if (status != 0)
    {
      g_mutex_unlock (&fake->mutex);
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"error\":\"scripted\"}", strlen ("{\"error\":\"scripted\"}"));
      return;
    }

  if (!fake->db_exists)
    {
      const char *answer = "{\"error\":\"database not found: \\\"testdb\\\"\"}";

      g_mutex_unlock (&fake->mutex);
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        answer, strlen (answer));
      return;
    }

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (strstr (lines[i], "machine_id=BAD") != NULL)
        {
          dropped++;
          continue;
        }
      g_hash_table_insert (fake->stored, g_strdup (lines[i]),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (fake->stored, lines[i])) + 1));
    }
  g_mutex_unlock (&fake->mutex);

  if (dropped > 0)
    {
      g_autofree char *answer =
        g_strdup_printf ("{\"error\":\"partial write: field type conflict: input field \\\"temperature\\\" "
                         "on measurement \\\"sensor_readings\\\" is type string, already exists as type float "
                         "dropped=%u\"}", dropped);

      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        answer, strlen (answer));
      return;
    }

  soup_server_message_set_status (msg, 204, NULL);
}

static void
query_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FakeInflux *fake = user_data;
  const char *answer = "{\"results\":[{\"statement_id\":0}]}";
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (text);
  const char *q = g_hash_table_lookup (form, "q");

  g_mutex_lock (&fake->mutex);
  fake->n_queries++;
  if (q != NULL && g_str_has_prefix (q, "CREATE DATABASE "))
    {
      fake->n_creates++;
      fake->db_exists = TRUE;
    }
  g_mutex_unlock (&fake->mutex);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, answer, strlen (answer));
}

static FakeInflux *
fake_new (gboolean db_exists)
{
  FakeInflux *fake = g_new0 (FakeInflux, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&fake->mutex);
  g_queue_init (&fake->script);
  fake->stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fake->db_exists = db_exists;
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, "/write", write_handler, fake, NULL);
  soup_server_add_handler (fake->server, "/query", query_handler, fake, NULL);

  /* Our own listening socket: soup_server_listen_local() in libsoup 3.2
   * leaks the address it looks up. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  soup_server_listen_socket (fake->server, socket, 0, &error);
  g_assert_no_error (error);

  fake->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  return fake;
}

static void
fake_free (FakeInflux *fake)
{
  soup_server_disconnect (fake->server);
  g_object_unref (fake->server);
  g_queue_clear (&fake->script);
  g_hash_table_unref (fake->stored);
  g_mutex_clear (&fake->mutex);
  g_free (fake->url);
  g_free (fake);
}

static void
fake_script (FakeInflux *fake,
             guint       status,
             guint       times)
{
  g_mutex_lock (&fake->mutex);
  for (guint i = 0; i < times; i++)
    g_queue_push_tail (&fake->script, GUINT_TO_POINTER (status));
  g_mutex_unlock (&fake->mutex);
}

/* The writer's side */

typedef struct
{
  GMainLoop *loop;
  guint      n_done;
  guint      n_points;
  guint8    *status;
  char     **reasons;
  gboolean   abandoned;
  GArray    *health;     /* gboolean per state change */
  gboolean   last_alarm;
} Outcome;

static void
done_cb (ImWriteResult *result,
         gpointer       user_data)
{
  Outcome *outcome = user_data;
  guint n = im_batch_get_n_points (result->batch);

  outcome->n_done++;
  outcome->n_points = n;
  outcome->status = g_memdup2 (result->status, n);
  outcome->reasons = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    outcome->reasons[i] = g_strdup (result->reasons[i] ? result->reasons[i] : "");
  outcome->abandoned = result->abandoned;
  g_assert_cmpuint (result->n_written + result->n_rejected, <=, n);
  g_main_loop_quit (outcome->loop);
}

static void
state_cb (gboolean    healthy,
          const char *message,
          gboolean    alarm,
          gpointer    user_data)
{
  Outcome *outcome = user_data;

  g_array_append_val (outcome->health, healthy);
  if (!healthy)
    outcome->last_alarm = alarm;
}

static void
outcome_init (Outcome *outcome)
{
  memset (outcome, 0, sizeof *outcome);
  outcome->loop = g_main_loop_new (NULL, FALSE);
  outcome->health = g_array_new (FALSE, FALSE, sizeof (gboolean));
}

static void
outcome_clear (Outcome *outcome)
{
  g_main_loop_unref (outcome->loop);
  g_array_unref (outcome->health);
  g_free (outcome->status);
  g_strfreev (outcome->reasons);
}

static double
half (gpointer user_data)
{
  return 0.5;
}

static ImBatch *
make_batch (guint        n,
            const guint *bad,
            guint        n_bad)
{
  ImBatch *batch = im_batch_new (1, n);

  for (guint i = 0; i < n; i++)
    {
      ImReading reading;
      gboolean is_bad = FALSE;

      for (guint j = 0; j < n_bad; j++)
        is_bad |= bad[j] == i;

      im_reading_init (&reading);
      g_snprintf (reading.machine_id, sizeof reading.machine_id, "%s_%03u", is_bad ? "BAD" : "MACHINE", i);
      g_snprintf (reading.sensor_id, sizeof reading.sensor_id, "S%u", i);
      reading.time_ns = G_GINT64_CONSTANT (1795000000000000000) + i;
      reading.values[IM_SENSOR_TEMPERATURE] = 50;
      reading.values[IM_SENSOR_VIBRATION] = 1;
      reading.values[IM_SENSOR_PRESSURE] = 50;
      reading.values[IM_SENSOR_POWER] = 250;
      g_assert_true (im_batch_add (batch, &reading, 0, i, "k", 1, "v", 1, 0, NULL));
    }

  return batch;
}

static ImWriter *
make_writer (FakeInflux *fake,
             gboolean    create_database,
             Outcome    *outcome,
             ImMetrics  *metrics)
{
  g_autoptr(ImInfluxClient) client = im_influx_client_new (fake->url, "testdb");
  ImWriter *writer;

  im_influx_client_set_timeouts (client, 2000, 5000);
  writer = im_writer_new (client, 1, create_database, done_cb, state_cb, outcome);
  /* Short delays keep the test fast; the sequence is the real one. */
  im_writer_set_backoff (writer, 1 * MS, 8 * MS, half, NULL);

  if (metrics != NULL)
    {
      ImWriterMetrics wm = {
        .points_written = im_metrics_add_counter (metrics, "written", "w"),
        .points_rejected = im_metrics_add_counter (metrics, "rejected", "r"),
        .write_seconds = im_metrics_add_histogram (metrics, "seconds", "s", (double[]) { 0.1, 1 }, 2),
        .retries = im_metrics_add_counter (metrics, "retries", "r"),
        .last_write_time = im_metrics_add_gauge (metrics, "last", "l"),
      };

      im_writer_set_metrics (writer, &wm);
    }

  return writer;
}

static void
run_until_done (Outcome *outcome)
{
  g_main_loop_run (outcome->loop);
}

static guint
count_status (Outcome       *outcome,
              ImPointStatus  status)
{
  guint n = 0;

  for (guint i = 0; i < outcome->n_points; i++)
    n += outcome->status[i] == status;

  return n;
}

static void
test_write_ok (void)
{
  FakeInflux *fake = fake_new (TRUE);
  g_autoptr(ImMetrics) metrics = im_metrics_new ();
  g_autoptr(ImWriter) writer = NULL;
  Outcome outcome;

  outcome_init (&outcome);
  writer = make_writer (fake, FALSE, &outcome, metrics);
  g_assert_true (im_writer_can_accept (writer));

  im_writer_submit (writer, make_batch (10, NULL, 0));
  g_assert_false (im_writer_can_accept (writer));
  g_assert_cmpuint (im_writer_get_n_in_flight (writer), ==, 1);
  run_until_done (&outcome);

  g_assert_cmpuint (outcome.n_done, ==, 1);
  g_assert_false (outcome.abandoned);
  g_assert_cmpuint (count_status (&outcome, IM_POINT_WRITTEN), ==, 10);
  g_assert_cmpuint (g_hash_table_size (fake->stored), ==, 10);
  g_assert_cmpuint (fake->n_writes, ==, 1);
  g_assert_cmpuint (im_writer_get_n_in_flight (writer), ==, 0);
  g_assert_true (im_writer_is_healthy (writer));
  g_assert_cmpuint (outcome.health->len, ==, 0);

  g_assert_cmpfloat (im_metric_get (im_metrics_add_counter (metrics, "unused", "u")), ==, 0);

  outcome_clear (&outcome);
  g_clear_object (&writer);
  fake_free (fake);
}

static void
test_retry_until_ok (void)
{
  FakeInflux *fake = fake_new (TRUE);
  g_autoptr(ImWriter) writer = NULL;
  Outcome outcome;

  outcome_init (&outcome);
  writer = make_writer (fake, FALSE, &outcome, NULL);
  fake_script (fake, 503, 2);
  fake_script (fake, 429, 1);
  fake_script (fake, 500, 1);

  im_writer_submit (writer, make_batch (5, NULL, 0));
  run_until_done (&outcome);
  /* Let the state notifications queued by the worker arrive. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_false (outcome.abandoned);
  g_assert_cmpuint (count_status (&outcome, IM_POINT_WRITTEN), ==, 5);
  g_assert_cmpuint (fake->n_writes, ==, 5);
  g_assert_cmpuint (g_hash_table_size (fake->stored), ==, 5);
  /* Unhealthy while retrying, healthy again after. */
  g_assert_cmpuint (outcome.health->len, ==, 2);
  g_assert_false (g_array_index (outcome.health, gboolean, 0));
  g_assert_false (outcome.last_alarm);
  g_assert_true (g_array_index (outcome.health, gboolean, 1));
  g_assert_true (im_writer_is_healthy (writer));

  outcome_clear (&outcome);
  g_clear_object (&writer);
  fake_free (fake);
}

static void
test_bisect_rejected (void)
{
  FakeInflux *fake = fake_new (TRUE);
  g_autoptr(ImMetrics) metrics = im_metrics_new ();
  g_autoptr(ImWriter) writer = NULL;
  const guint bad[] = { 0, 7, 8, 29 };
  Outcome outcome;

  outcome_init (&outcome);
  writer = make_writer (fake, FALSE, &outcome, metrics);

  im_writer_submit (writer, make_batch (30, bad, G_N_ELEMENTS (bad)));
  run_until_done (&outcome);

  g_assert_false (outcome.abandoned);
  for (guint i = 0; i < 30; i++)
    {
      gboolean is_bad = i == 0 || i == 7 || i == 8 || i == 29;

      g_assert_cmpint (outcome.status[i], ==, is_bad ? IM_POINT_REJECTED : IM_POINT_WRITTEN);
      if (is_bad)
        g_assert_nonnull (strstr (outcome.reasons[i], "field type conflict"));
      else
        g_assert_cmpstr (outcome.reasons[i], ==, "");
    }
  /* Every good line stored, none twice lost; no bad one. */
  g_assert_cmpuint (g_hash_table_size (fake->stored), ==, 26);
  g_assert_true (im_writer_is_healthy (writer));
  g_assert_cmpuint (outcome.health->len, ==, 0);

  outcome_clear (&outcome);
  g_clear_object (&writer);
  fake_free (fake);
}

static void
test_create_database (void)
{
  FakeInflux *fake = fake_new (FALSE);
  g_autoptr(ImWriter) writer = NULL;
  Outcome outcome;

  g_autoptr(GPtrArray) statements = im_influx_rollups_statements ("testdb", "30d", NULL);
  guint n_statements = statements->len;

  outcome_init (&outcome);
  writer = make_writer (fake, TRUE, &outcome, NULL);
  im_writer_set_raw_retention (writer, "30d");

  im_writer_submit (writer, make_batch (3, NULL, 0));
  run_until_done (&outcome);

  /* The database, its policies and rollups before the first write. */
  g_assert_cmpuint (count_status (&outcome, IM_POINT_WRITTEN), ==, 3);
  g_assert_cmpuint (fake->n_creates, ==, 1);
  g_assert_cmpuint (fake->n_queries, ==, n_statements);
  g_assert_cmpuint (fake->n_writes, ==, 1);
  g_assert_cmpuint (g_hash_table_size (fake->stored), ==, 3);

  /* Dropped while running: created again on "database not found". */
  g_mutex_lock (&fake->mutex);
  fake->db_exists = FALSE;
  g_mutex_unlock (&fake->mutex);
  outcome_clear (&outcome);
  outcome_init (&outcome);
  im_writer_submit (writer, make_batch (2, NULL, 0));
  run_until_done (&outcome);

  g_assert_cmpuint (count_status (&outcome, IM_POINT_WRITTEN), ==, 2);
  g_assert_cmpuint (fake->n_creates, ==, 2);
  g_assert_cmpuint (fake->n_queries, ==, 2 * n_statements);
  g_assert_cmpuint (fake->n_writes, ==, 3);

  outcome_clear (&outcome);
  g_clear_object (&writer);
  fake_free (fake);
}

static gboolean
create_db_later_cb (gpointer user_data)
{
  FakeInflux *fake = user_data;

  g_mutex_lock (&fake->mutex);
  fake->db_exists = TRUE;
  g_mutex_unlock (&fake->mutex);

  return G_SOURCE_REMOVE;
}

static void
test_missing_database_alarm (void)
{
  FakeInflux *fake = fake_new (FALSE);
  g_autoptr(ImWriter) writer = NULL;
  Outcome outcome;

  outcome_init (&outcome);
  writer = make_writer (fake, FALSE, &outcome, NULL);

  /* Without --create-database the batch is kept and retried, with an
   * alarm, until someone creates the database. */
  im_writer_submit (writer, make_batch (4, NULL, 0));
  g_timeout_add (300, create_db_later_cb, fake);
  run_until_done (&outcome);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (count_status (&outcome, IM_POINT_WRITTEN), ==, 4);
  g_assert_cmpuint (fake->n_creates, ==, 0);
  g_assert_cmpuint (fake->n_writes, >, 2);
  g_assert_cmpuint (outcome.health->len, ==, 2);
  g_assert_false (g_array_index (outcome.health, gboolean, 0));
  g_assert_true (outcome.last_alarm);
  g_assert_true (g_array_index (outcome.health, gboolean, 1));

  outcome_clear (&outcome);
  g_clear_object (&writer);
  fake_free (fake);
}

static gboolean
cancel_later_cb (gpointer user_data)
{
  im_writer_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_cancel_abandons (void)
{
  FakeInflux *fake = fake_new (TRUE);
  g_autoptr(ImWriter) writer = NULL;
  Outcome outcome;

  outcome_init (&outcome);
  writer = make_writer (fake, FALSE, &outcome, NULL);
  fake_script (fake, 503, 100000);

  im_writer_submit (writer, make_batch (6, NULL, 0));
  g_timeout_add (200, cancel_later_cb, writer);
  run_until_done (&outcome);

  g_assert_true (outcome.abandoned);
  g_assert_cmpuint (count_status (&outcome, IM_POINT_PENDING), ==, 6);
  g_assert_cmpuint (g_hash_table_size (fake->stored), ==, 0);
  g_assert_cmpuint (fake->n_writes, >, 1);

  outcome_clear (&outcome);
  g_clear_object (&writer);
  fake_free (fake);
}

static void
test_unreachable (void)
{
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(ImWriter) writer = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Outcome outcome;

  /* A port that was free a moment ago: connections are refused. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
  g_socket_close (socket, NULL);

  outcome_init (&outcome);
  client = im_influx_client_new (url, "testdb");
  writer = im_writer_new (client, 2, FALSE, done_cb, state_cb, &outcome);
  im_writer_set_backoff (writer, 1 * MS, 4 * MS, half, NULL);

  im_writer_submit (writer, make_batch (2, NULL, 0));
  g_assert_true (im_writer_can_accept (writer));
  g_timeout_add (200, cancel_later_cb, writer);
  run_until_done (&outcome);

  g_assert_true (outcome.abandoned);
  g_assert_cmpuint (outcome.health->len, >=, 1);
  g_assert_false (g_array_index (outcome.health, gboolean, 0));
  g_assert_false (outcome.last_alarm);

  outcome_clear (&outcome);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingestion/writer/ok", test_write_ok);
  g_test_add_func ("/ingestion/writer/retry", test_retry_until_ok);
  g_test_add_func ("/ingestion/writer/bisect", test_bisect_rejected);
  g_test_add_func ("/ingestion/writer/create-database", test_create_database);
  g_test_add_func ("/ingestion/writer/missing-database-alarm", test_missing_database_alarm);
  g_test_add_func ("/ingestion/writer/cancel", test_cancel_abandons);
  g_test_add_func ("/ingestion/writer/unreachable", test_unreachable);

  return g_test_run ();
}
