/* test-sim-runner.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

#include "im-reading.h"
#include "im-sim.h"
#include "im-sim-options.h"
#include "im-sim-runner.h"
#include "im-test-backend.h"
#include "im-util.h"

#define SEC IM_NSEC_PER_SEC
#define MSEC IM_NSEC_PER_MSEC
/* 2026-01-01T00:00:00Z */
#define START_NS (G_GINT64_CONSTANT (1767225600) * SEC)

typedef struct
{
  ImSimOptions  options;
  char         *buffer;
  size_t        size;
  FILE         *stream;
  GMainLoop    *loop;
  gboolean      done;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  memset (&f->options, 0, sizeof f->options);
  im_sim_config_init (&f->options.sim);
  f->options.sim.seed = 7;
  f->options.sim.start_time_ns = START_NS;
  f->options.output = IM_SIM_OUTPUT_STDOUT;
  f->stream = open_memstream (&f->buffer, &f->size);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->stream != NULL)
    fclose (f->stream);
  free (f->buffer);
  g_main_loop_unref (f->loop);
}

static void
done_cb (ImSimRunner *runner,
         gpointer     user_data)
{
  Fixture *f = user_data;

  f->done = TRUE;
  g_main_loop_quit (f->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("the runner did not finish in time");
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cb (gpointer user_data)
{
  Fixture *f = user_data;

  g_main_loop_quit (f->loop);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms. */
static void
run_for (Fixture *f,
         guint    ms)
{
  g_timeout_add (ms, wait_cb, f);
  g_main_loop_run (f->loop);
}

static ImSimRunner *
run_to_end (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  ImSimRunner *runner = im_sim_runner_new (&f->options, f->stream, &error);
  guint timeout;

  g_assert_no_error (error);
  im_sim_runner_start (runner, done_cb, f);
  timeout = g_timeout_add_seconds (30, timeout_cb, NULL);
  g_main_loop_run (f->loop);
  g_source_remove (timeout);
  g_assert_true (f->done);
  g_assert_true (im_sim_runner_is_done (runner));
  fflush (f->stream);

  return runner;
}

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

static char **
output_lines (Fixture *f,
              guint   *n_lines)
{
  char **lines;

  fflush (f->stream);
  g_assert_true (f->size == 0 || f->buffer[f->size - 1] == '\n');
  lines = split_lines (f->buffer ? f->buffer : "", f->size);
  /* The last element follows the final newline. */
  *n_lines = g_strv_length (lines) - 1;
  g_assert_cmpstr (lines[*n_lines], ==, "");

  return lines;
}

/* --count: exactly that many lines, byte-identical to the model's own
 * readings. */
static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(ImSimRunner) runner = NULL;
  g_autoptr(ImSimFleet) fleet = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  guint n_lines;

  f->options.count = 25000;
  f->options.sim.n_machines = 50;
  runner = run_to_end (f);

  g_assert_cmpuint (im_sim_runner_get_produced (runner), ==, 25000);
  g_assert_cmpuint (im_sim_runner_get_delivered (runner), ==, 25000);
  g_assert_cmpuint (im_sim_runner_get_failed (runner), ==, 0);
  g_assert_cmpuint (im_sim_runner_get_undelivered (runner), ==, 0);
  g_assert_false (im_sim_runner_get_error (runner, NULL));

  lines = output_lines (f, &n_lines);
  g_assert_cmpuint (n_lines, ==, 25000);

  fleet = im_sim_fleet_new (&f->options.sim);
  for (guint i = 0; i < 25000; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      im_reading_append_json (&reading, expected);
      g_string_append_c (expected, '\n');
    }
  g_assert_cmpuint (f->size, ==, expected->len);
  g_assert_true (memcmp (f->buffer, expected->str, expected->len) == 0);
}

/* --duration: the readings of that stretch of simulated time. */
static void
test_duration (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ImSimRunner) runner = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines;
  ImReading last;

  f->options.duration_ns = 60 * SEC;
  f->options.sim.maintenance_ns = 0;
  runner = run_to_end (f);

  /* 5 machines, one reading a second each; none down long. */
  lines = output_lines (f, &n_lines);
  g_assert_cmpuint (n_lines, >=, 295);
  g_assert_cmpuint (n_lines, <=, 300);
  g_assert_true (im_reading_parse_json (&last, lines[n_lines - 1], strlen (lines[n_lines - 1]),
                                        START_NS + 60 * SEC, NULL));
  g_assert_cmpint (last.time_ns, <, START_NS + 60 * SEC);
  g_assert_cmpint (last.time_ns, >=, START_NS + 59 * SEC);
}

/* Live: a reading comes out when its time has come, not before. */
static void
test_live_pacing (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImSimRunner) runner = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 started, stopped;
  guint n_lines;

  f->options.sim.n_machines = 2;
  f->options.sim.interval_ns = 20 * MSEC;
  f->options.sim.maintenance_ns = 0;
  started = im_now_ns ();
  f->options.sim.start_time_ns = started;
  runner = im_sim_runner_new (&f->options, f->stream, &error);
  g_assert_no_error (error);

  im_sim_runner_start (runner, done_cb, f);
  /* Run for 400 ms, then stop like a signal would. */
  run_for (f, 400);
  stopped = im_now_ns ();
  g_assert_false (f->done);
  im_sim_runner_stop (runner, 1000);
  g_assert_true (im_sim_runner_is_done (runner));
  g_assert_true (f->done);

  lines = output_lines (f, &n_lines);
  g_test_message ("%u readings in %.0f ms", n_lines, (stopped - started) / 1e6);
  /* 2 machines × 50 readings a second: about 40 in 400 ms. */
  g_assert_cmpuint (n_lines, >=, 20);
  g_assert_cmpuint (n_lines, <=, 2 * ((stopped - started) / (20 * MSEC) + 1));

  for (guint i = 0; i < n_lines; i++)
    {
      ImReading reading;
      g_autoptr(GError) parse_error = NULL;

      g_assert_true (im_reading_parse_json (&reading, lines[i], strlen (lines[i]), stopped,
                                            &parse_error));
      g_assert_no_error (parse_error);
      g_assert_cmpint (reading.time_ns, <=, stopped);
    }
}

/* Backfill: history comes at full speed, then live. */
static void
test_backfill_then_live (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImSimRunner) runner = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 now, deadline;
  guint n_lines, n_history = 0, n_live = 0;
  guint64 caught_up;

  now = im_now_ns ();
  f->options.sim.n_machines = 10;
  f->options.sim.interval_ns = SEC;
  f->options.sim.maintenance_ns = 0;
  f->options.sim.start_time_ns = now - 600 * SEC;
  f->options.backfill_ns = 600 * SEC;
  runner = im_sim_runner_new (&f->options, f->stream, &error);
  g_assert_no_error (error);

  /* Ten minutes of history: 6000 readings, as fast as it goes. */
  im_sim_runner_start (runner, done_cb, f);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (im_sim_runner_get_produced (runner) < 6000)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      run_for (f, 20);
    }
  caught_up = im_sim_runner_get_produced (runner);

  /* Then live: 10 machines, one reading a second each. */
  run_for (f, 1000);
  g_test_message ("%" G_GUINT64_FORMAT " readings when caught up, %" G_GUINT64_FORMAT
                  " a second later", caught_up, im_sim_runner_get_produced (runner));
  g_assert_cmpuint (im_sim_runner_get_produced (runner) - caught_up, <=, 30);
  im_sim_runner_stop (runner, 1000);
  g_assert_true (f->done);

  lines = output_lines (f, &n_lines);
  for (guint i = 0; i < n_lines; i++)
    {
      ImReading reading;

      g_assert_true (im_reading_parse_json (&reading, lines[i], strlen (lines[i]),
                                            im_now_ns (), NULL));
      if (reading.time_ns < now)
        n_history++;
      else
        n_live++;
      g_assert_cmpint (reading.time_ns, <=, im_now_ns ());
    }
  g_test_message ("%u readings of history, %u live", n_history, n_live);
  g_assert_cmpuint (n_history, ==, 6000);
  g_assert_cmpuint (n_live, >=, 1);
}

/* A stream that cannot be written is a runtime error. */
static void
test_write_error (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ImSimRunner) runner = NULL;
  g_autoptr(GError) error = NULL;

  fclose (f->stream);
  f->stream = fopen ("/dev/null", "r");
  g_assert_nonnull (f->stream);
  f->options.count = 100000;
  runner = run_to_end (f);

  g_assert_true (im_sim_runner_get_error (runner, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Writing readings"));
}

/* The program: --output stdout is deterministic, valid, and the last
 * log line counts what went out. */
static char *
run_program (const char * const  *args,
             char               **err)
{
  g_autofree char *program = im_test_build_path ("daemons/simulator/industrialmind-simulator");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  char *out = NULL;
  int status;

  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  env = g_environ_unsetenv (env, "G_DEBUG");

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT,
                               NULL, NULL, &out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  return out;
}

static gint64
json_member_int (JsonObject *object,
                 const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_int_member (object, name);
}

static void
test_program_stdout (void)
{
  const char *args[] = {
    "--output", "stdout", "--seed", "11", "--start-time", "2026-03-01T00:00:00Z",
    "--count", "20000", "--machines", "40", "--mttf", "10m", "--maintenance", "1m", NULL
  };
  g_autofree char *err1 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out1 = run_program (args, &err1);
  g_autofree char *out2 = run_program (args, &err2);
  g_auto(GStrv) lines = split_lines (out1, strlen (out1));
  g_auto(GStrv) log_lines = g_strsplit (err1, "\n", -1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *last;
  guint n_log;
  gint64 now_ns;

  /* Same seed, flags and start time: the same bytes. */
  g_assert_cmpstr (out1, ==, out2);
  g_assert_cmpuint (g_strv_length (lines), ==, 20001);

  now_ns = im_now_ns ();
  for (guint i = 0; i < 20000; i++)
    {
      ImReading reading;
      g_autoptr(GError) parse_error = NULL;

      if (!im_reading_parse_json (&reading, lines[i], strlen (lines[i]), now_ns, &parse_error))
        g_error ("line %u: %s: %s", i, parse_error->message, lines[i]);
    }

  /* The last log line: all produced and delivered. */
  n_log = g_strv_length (log_lines);
  g_assert_cmpuint (n_log, >=, 2);
  g_assert_cmpstr (log_lines[n_log - 1], ==, "");
  json_parser_load_from_data (parser, log_lines[n_log - 2], -1, &error);
  g_assert_no_error (error);
  last = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (last, "event"), ==, "stop");
  g_assert_cmpint (json_member_int (last, "produced"), ==, 20000);
  g_assert_cmpint (json_member_int (last, "delivered"), ==, 20000);
  g_assert_cmpint (json_member_int (last, "failed"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sim-runner/count", Fixture, NULL, fixture_setup, test_count, fixture_teardown);
  g_test_add ("/sim-runner/duration", Fixture, NULL,
              fixture_setup, test_duration, fixture_teardown);
  g_test_add ("/sim-runner/live-pacing", Fixture, NULL,
              fixture_setup, test_live_pacing, fixture_teardown);
  g_test_add ("/sim-runner/backfill-then-live", Fixture, NULL,
              fixture_setup, test_backfill_then_live, fixture_teardown);
  g_test_add ("/sim-runner/write-error", Fixture, NULL,
              fixture_setup, test_write_error, fixture_teardown);
  g_test_add_func ("/sim-runner/program-stdout", test_program_stdout);

  return g_test_run ();
}
