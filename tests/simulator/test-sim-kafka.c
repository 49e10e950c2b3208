/* test-sim-kafka.c — the simulator against a real Kafka
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "im-reading.h"
#include "im-test-backend.h"
#include "im-test-kafka.h"
#include "im-util.h"

#define SEC IM_NSEC_PER_SEC

/* --- running the program --------------------------------------------------- */

typedef struct
{
  GSubprocess *process;
  char        *log_path;
} Program;

static void
program_free (Program *program)
{
  if (program->process != NULL && g_subprocess_get_identifier (program->process) != NULL)
    g_subprocess_force_exit (program->process);
  g_clear_object (&program->process);
  if (program->log_path != NULL)
    g_unlink (program->log_path);
  g_free (program->log_path);
  g_free (program);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Program, program_free)

/* Splits @text at newlines (g_strsplit() is quadratic under ASan's
 * strstr interceptor). */
static char **
split_lines (const char *text,
             gsize       len)
{
  GPtrArray *lines = g_ptr_array_new ();
  const char *p = text, *end = text + len;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);

      if (nl == NULL)
        nl = end;
      g_ptr_array_add (lines, g_strndup (p, nl - p));
      p = nl + 1;
    }
  g_ptr_array_add (lines, g_strdup (""));
  g_ptr_array_add (lines, NULL);

  return (char **) g_ptr_array_free (lines, FALSE);
}

static GSubprocessLauncher *
launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  /* The daemon warns while a broker is away; that is no test failure. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "KAFKA_BOOTSTRAP_SERVERS");
  g_subprocess_launcher_unsetenv (launcher, "KAFKA_TOPIC");

  return launcher;
}

static GPtrArray *
program_argv (const char * const *args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, im_test_build_path ("daemons/simulator/industrialmind-simulator"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  return argv;
}

/* Starts the simulator with its log (stderr) going to a file. */
static Program *
program_start (const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GPtrArray) argv = program_argv (args);
  g_autoptr(GError) error = NULL;
  Program *program = g_new0 (Program, 1);
  int fd;

  fd = g_file_open_tmp ("im-sim-log-XXXXXX", &program->log_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_subprocess_launcher_set_stderr_file_path (launcher, program->log_path);
  program->process = g_subprocess_launcher_spawnv (launcher,
                                                   (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  return program;
}

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/* Waits up to @timeout_s for the program to exit; returns the seconds it
 * took, or fails the test. */
static double
program_wait (Program *program,
              guint    timeout_s)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64) timeout_s * G_USEC_PER_SEC;
  gboolean done = FALSE;

  g_subprocess_wait_async (program->process, NULL, wait_done_cb, &done);
  while (!done)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (program->log_path, &log, NULL, NULL);
          g_error ("the simulator did not exit within %u s; its log:\n%s", timeout_s, log);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }

  return (g_get_monotonic_time () - start) / 1e6;
}

static int
program_exit_status (Program *program)
{
  g_assert_true (g_subprocess_get_if_exited (program->process));
  return g_subprocess_get_exit_status (program->process);
}

/* The last log line, parsed: the daemon's account of the readings. */
static JsonObject *
program_last_log (Program *program)
{
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  guint n;

  g_assert_true (g_file_get_contents (program->log_path, &log, NULL, NULL));
  lines = g_strsplit (log, "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (lines[n - 1], ==, "");
  json_parser_load_from_data (parser, lines[n - 2], -1, &error);
  g_assert_no_error (error);
  g_test_message ("last log line: %s", lines[n - 2]);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gboolean
program_log_has_event (Program    *program,
                       const char *event)
{
  g_autofree char *log = NULL;
  g_autofree char *needle = g_strdup_printf ("\"event\":\"%s\"", event);

  g_assert_true (g_file_get_contents (program->log_path, &log, NULL, NULL));
  return strstr (log, needle) != NULL;
}

static gint64
log_count (JsonObject *line,
           const char *name)
{
  g_assert_true (json_object_has_member (line, name));
  return json_object_get_int_member (line, name);
}

/* The same readings through --output stdout: the reference. */
static char **
reference_lines (const char * const *args,
                 guint64             count)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GPtrArray) argv = program_argv (args);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  char **lines;

  /* Replace the trailing NULL with the extra arguments. */
  g_ptr_array_remove_index (argv, argv->len - 1);
  g_ptr_array_add (argv, g_strdup ("--output"));
  g_ptr_array_add (argv, g_strdup ("stdout"));
  g_ptr_array_add (argv, g_strdup ("--count"));
  g_ptr_array_add (argv, g_strdup_printf ("%" G_GUINT64_FORMAT, count));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  lines = split_lines (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  g_assert_cmpuint (g_strv_length (lines), ==, count + 1);

  return lines;
}

static char *
format_time (gint64 time_ns)
{
  char buf[IM_TIMESTAMP_BUF_SIZE];

  im_timestamp_format (buf, time_ns, 0);
  return g_strdup (buf);
}

/* Each machine's readings in the topic are exactly the first ones of that
 * machine in @reference, in order: nothing lost in between, nothing twice,
 * nothing reordered. Returns how many readings the topic holds. */
static guint
check_against_reference (GPtrArray  *messages,
                         char      **reference,
                         gboolean    complete)
{
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) partitions = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 now_ns = im_now_ns ();

  for (guint i = 0; reference[i] != NULL && reference[i][0] != '\0'; i++)
    {
      ImReading reading;
      GPtrArray *list;

      g_assert_true (im_reading_parse_json (&reading, reference[i], strlen (reference[i]),
                                            now_ns, NULL));
      list = g_hash_table_lookup (expected, reading.machine_id);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (expected, g_strdup (reading.machine_id), list);
        }
      g_ptr_array_add (list, reference[i]);
    }

  for (guint i = 0; i < messages->len; i++)
    {
      ImTestMessage *message = g_ptr_array_index (messages, i);
      g_autoptr(GError) error = NULL;
      ImReading reading;
      gsize len;
      const char *data;
      GPtrArray *list;
      guint position;

      g_assert_nonnull (message->key);
      g_assert_nonnull (message->value);
      data = g_bytes_get_data (message->value, &len);
      if (!im_reading_parse_json (&reading, data, len, now_ns, &error))
        g_error ("message %u invalid: %s", i, error->message);
      /* Keyed by machine id, one partition per machine. */
      g_assert_cmpstr (message->key, ==, reading.machine_id);
      if (g_hash_table_contains (partitions, message->key))
        g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (partitions, message->key)), ==,
                         message->partition);
      else
        g_hash_table_insert (partitions, message->key, GINT_TO_POINTER (message->partition));

      /* Messages come in partition and offset order: the machine's next. */
      list = g_hash_table_lookup (expected, message->key);
      g_assert_nonnull (list);
      position = GPOINTER_TO_UINT (g_hash_table_lookup (seen, message->key));
      g_assert_cmpuint (position, <, list->len);
      g_assert_cmpuint (len, ==, strlen (g_ptr_array_index (list, position)));
      g_assert_true (memcmp (data, g_ptr_array_index (list, position), len) == 0);
      g_hash_table_insert (seen, message->key, GUINT_TO_POINTER (position + 1));
    }

  if (complete)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, expected);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)), ==,
                          ((GPtrArray *) value)->len);
    }

  return messages->len;
}

/* --- produce N, consume N --------------------------------------------------- */

static void
test_produce_count (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autofree char *topic = NULL;
  g_autofree char *start = NULL;
  g_autoptr(Program) program = NULL;
  g_autoptr(JsonObject) last = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_auto(GStrv) reference = NULL;
  guint n = 20000;

  if (backend == NULL)
    return;

  topic = im_test_unique_name ("sim-count");
  im_test_kafka_create_topic (backend->kafka_brokers, topic, 6);
  start = format_time (im_now_ns () - 2 * 86400 * SEC);

  {
    const char *args[] = {
      "--brokers", backend->kafka_brokers, "--topic", topic, "--seed", "5",
      "--start-time", start, "--machines", "50", "--mttf", "10m", "--maintenance", "1m",
      "--count", "20000", NULL
    };

    program = program_start (args);
    program_wait (program, 60);
    g_assert_cmpint (program_exit_status (program), ==, 0);
    last = program_last_log (program);
    g_assert_cmpint (log_count (last, "produced"), ==, n);
    g_assert_cmpint (log_count (last, "delivered"), ==, n);
    g_assert_cmpint (log_count (last, "failed"), ==, 0);
    g_assert_cmpint (log_count (last, "undelivered"), ==, 0);

    reference = reference_lines (args, n);
  }

  /* Ask for one more than produced: exactly n come. */
  messages = im_test_kafka_consume_all (backend->kafka_brokers, topic, n + 1, 5000);
  g_assert_cmpuint (messages->len, ==, n);
  check_against_reference (messages, reference, TRUE);

  im_test_kafka_delete_topic (backend->kafka_brokers, topic);
}

/* --- SIGTERM while producing at full speed ---------------------------------- */

static void
test_sigterm (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autofree char *topic = NULL;
  g_autofree char *start = NULL;
  g_autoptr(Program) program = NULL;
  g_autoptr(JsonObject) last = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_auto(GStrv) reference = NULL;
  gint64 produced, delivered;
  double took;

  if (backend == NULL)
    return;

  topic = im_test_unique_name ("sim-sigterm");
  im_test_kafka_create_topic (backend->kafka_brokers, topic, 6);
  start = format_time (im_now_ns () - 30 * 86400 * SEC);

  {
    /* Thirty days of 1000 machines: far more than it can send before
     * the signal. */
    const char *args[] = {
      "--brokers", backend->kafka_brokers, "--topic", topic, "--seed", "6",
      "--start-time", start, "--machines", "1000", NULL
    };

    program = program_start (args);
    g_usleep (G_USEC_PER_SEC);
    g_subprocess_send_signal (program->process, SIGTERM);
    took = program_wait (program, 15);
    g_test_message ("exit %.2f s after SIGTERM", took);
    g_assert_cmpfloat (took, <, 10.0);
    g_assert_cmpint (program_exit_status (program), ==, 0);

    last = program_last_log (program);
    produced = log_count (last, "produced");
    delivered = log_count (last, "delivered");
    g_assert_cmpint (produced, >, 1000);
    g_assert_cmpint (log_count (last, "failed"), ==, 0);
    g_assert_cmpint (delivered + log_count (last, "undelivered"), ==, produced);

    reference = reference_lines (args, produced);
  }

  /* Every reading reported delivered is in the topic; none twice, none
   * out of order, none that was not produced. */
  messages = im_test_kafka_consume_all (backend->kafka_brokers, topic, produced + 1, 5000);
  g_test_message ("%" G_GINT64_FORMAT " produced, %" G_GINT64_FORMAT " delivered, %u in topic",
                  produced, delivered, messages->len);
  g_assert_cmpint (messages->len, >=, delivered);
  g_assert_cmpint (messages->len, <=, produced);
  check_against_reference (messages, reference, delivered == produced);

  im_test_kafka_delete_topic (backend->kafka_brokers, topic);
}

/* --- broker away for 10 s ----------------------------------------------------- */

static void
test_broker_outage (void)
{
  const ImTestBackend *shared = im_test_backend_get ();
  ImTestPrivateBackend *backend;
  g_autofree char *topic = NULL;
  g_autoptr(Program) program = NULL;
  g_autoptr(JsonObject) last = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_auto(GStrv) reference = NULL;
  g_autofree char *start = NULL;
  guint n;
  gint64 down_at;

  if (shared == NULL)
    return;

  backend = im_test_private_backend_up ();
  if (backend == NULL)
    {
      g_test_skip ("a private backend (compose/backend up with its own ports) did not start");
      return;
    }

  topic = im_test_unique_name ("sim-outage");
  im_test_kafka_create_topic (backend->brokers, topic, 6);
  start = format_time (im_now_ns () - (im_now_ns () % SEC));

  {
    /* Live, 5000 readings a second: while the broker is away (10 s and
     * its restart) more come due than the producer queue holds, so
     * generation has to wait for it. */
    const char *args[] = {
      "--brokers", backend->brokers, "--topic", topic, "--seed", "8",
      "--start-time", start, "--machines", "500", "--interval", "100ms",
      "-X", "reconnect.backoff.max.ms=1000", NULL
    };

    program = program_start (args);
    g_usleep (5 * G_USEC_PER_SEC);

    down_at = g_get_monotonic_time ();
    g_assert_true (im_test_private_backend_run (backend, "down", NULL));
    g_usleep (10 * G_USEC_PER_SEC);
    g_test_message ("broker down for %.1f s, starting it again",
                    (g_get_monotonic_time () - down_at) / 1e6);
    g_assert_true (im_test_private_backend_run (backend, "up", NULL));
    g_test_message ("broker back after %.1f s", (g_get_monotonic_time () - down_at) / 1e6);

    /* Let it catch up, then stop it as an operator would. */
    g_assert_nonnull (g_subprocess_get_identifier (program->process));
    g_usleep (5 * G_USEC_PER_SEC);
    g_subprocess_send_signal (program->process, SIGTERM);
    program_wait (program, 30);
    g_assert_cmpint (program_exit_status (program), ==, 0);

    /* Generation waited for the broker (backpressure), it did not drop. */
    g_assert_true (program_log_has_event (program, "backpressure"));

    last = program_last_log (program);
    n = (guint) log_count (last, "produced");
    /* About 25 s of 5000 a second. */
    g_assert_cmpint (n, >, 100000);
    g_assert_cmpint (log_count (last, "delivered"), ==, n);
    g_assert_cmpint (log_count (last, "failed"), ==, 0);
    g_assert_cmpint (log_count (last, "undelivered"), ==, 0);

    reference = reference_lines (args, n);
  }

  /* Every reading, once, in order. */
  messages = im_test_kafka_consume_all (backend->brokers, topic, n + 1, 5000);
  g_assert_cmpuint (messages->len, ==, n);
  check_against_reference (messages, reference, TRUE);

  im_test_private_backend_purge (backend);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim-kafka/produce-count", test_produce_count);
  g_test_add_func ("/sim-kafka/sigterm", test_sigterm);
  g_test_add_func ("/sim-kafka/broker-outage", test_broker_outage);

  return g_test_run ();
}
