/* bench-decode.c — the ingestion's CPU per reading, without Kafka
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What industrialmind-ingestion does with every message it consumes,
 * over simulator readings held in memory: decode and validate the JSON,
 * encode line protocol into the batch with a copy of the key and value
 * (for the dead-letter topic), hand full batches on. Two decoders in the
 * same run, interleaved: json-glib (the reference) and the one the
 * daemon uses. CPU time is user + system from getrusage() of this
 * thread, so other load on the machine changes little; under
 * `valgrind --tool=callgrind --collect-atstart=no
 * --toggle-collect=run_pass` only the passes are counted.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "im-batch.h"
#include "im-reading.h"
#include "im-reading-private.h"
#include "im-sim.h"
#include "im-util.h"

typedef gboolean (*DecodeFunc) (ImReading   *reading,
                                const char  *data,
                                gsize        len,
                                gint64       now_ns,
                                GError     **error);

typedef struct
{
  GByteArray *bytes;    /* the messages, back to back */
  GArray     *offsets;  /* gsize: where each starts; one more at the end */
  GPtrArray  *keys;     /* the machine id of each */
} Input;

static void
input_free (Input *input)
{
  g_byte_array_unref (input->bytes);
  g_array_unref (input->offsets);
  g_ptr_array_unref (input->keys);
}

static void
input_add (Input      *input,
           const char *json,
           gsize       len,
           const char *key)
{
  gsize end;

  g_byte_array_append (input->bytes, (const guint8 *) json, len);
  end = input->bytes->len;
  g_array_append_val (input->offsets, end);
  g_ptr_array_add (input->keys, g_strdup (key));
}

static void
input_init (Input *input)
{
  gsize zero = 0;

  input->bytes = g_byte_array_new ();
  input->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  input->keys = g_ptr_array_new_with_free_func (g_free);
  g_array_append_val (input->offsets, zero);
}

/* Simulator readings of @n_machines machines, ending now. */
static void
input_generate (Input *input,
                guint  n_readings,
                guint  n_machines)
{
  g_autoptr(ImSimFleet) fleet = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  ImSimConfig config;

  im_sim_config_init (&config);
  config.n_machines = n_machines;
  config.start_time_ns = im_now_ns () - (gint64) (n_readings / n_machines + 1) * IM_NSEC_PER_SEC;
  fleet = im_sim_fleet_new (&config);

  for (guint i = 0; i < n_readings; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      g_string_truncate (json, 0);
      im_reading_append_json (&reading, json);
      input_add (input, json->str, json->len, reading.machine_id);
    }
}

/* JSON lines as `industrialmind-simulator --output stdout` writes them. */
static gboolean
input_load (Input       *input,
            const char  *path,
            GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  char *line;
  char *next;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  for (line = contents; line < contents + length; line = next + 1)
    {
      ImReading reading;
      gsize len;

      next = memchr (line, '\n', contents + length - line);
      if (next == NULL)
        next = contents + length;
      len = next - line;
      if (len == 0)
        continue;
      /* The key is the machine id, as the simulator produces it. */
      if (!im_reading_parse_json_reference (&reading, line, len, G_MAXINT64 / 2, NULL))
        g_strlcpy (reading.machine_id, "unknown", sizeof reading.machine_id);
      input_add (input, line, len, reading.machine_id);
    }

  return TRUE;
}

static gint64
thread_cpu_ns (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return ((gint64) usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * IM_NSEC_PER_SEC +
         ((gint64) usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * IM_NSEC_PER_USEC;
}

/* One pass over the input, as handle_message() in im-ingest-service.c
 * does per message. Returns the readings that went into batches. */
G_GNUC_NO_INLINE guint64 run_pass (const Input *input,
                                  DecodeFunc   decode,
                                  guint        batch_size);

G_GNUC_NO_INLINE guint64
run_pass (const Input *input,
          DecodeFunc   decode,
          guint        batch_size)
{
  ImBatcher *batcher = im_batcher_new (batch_size, 100 * IM_NSEC_PER_MSEC);
  guint n = input->keys->len;
  guint64 batched = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      gsize start = g_array_index (input->offsets, gsize, i);
      gsize len = g_array_index (input->offsets, gsize, i + 1) - start;
      const char *payload = (const char *) input->bytes->data + start;
      const char *key = input->keys->pdata[i];
      ImReading reading;

      if (!decode (&reading, payload, len, im_now_ns (), &error))
        continue;

      if (!im_batcher_add (batcher, &reading, i % 6, i, key, strlen (key), payload, len,
                           g_get_monotonic_time () * 1000, &error))
        continue;

      if (im_batcher_is_full (batcher))
        {
          ImBatch *batch = im_batcher_take (batcher);

          batched += im_batch_get_n_points (batch);
          im_batch_free (batch);
        }
    }

  batched += im_batcher_get_n_points (batcher);
  im_batcher_free (batcher);

  return batched;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input_path = NULL;
  g_autofree char *only = NULL;
  int n_readings = 1000000;
  int n_machines = 1000;
  int rounds = 3;
  int batch_size = 2000;
  const GOptionEntry entries[] = {
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &input_path,
      "JSON lines to decode (default: simulator readings made here)", "FILE" },
    { "readings", 'n', 0, G_OPTION_ARG_INT, &n_readings, "Readings to make (default 1000000)", "N" },
    { "machines", 'm', 0, G_OPTION_ARG_INT, &n_machines, "Machines they come from (default 1000)", "N" },
    { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Passes per decoder, interleaved (default 3)", "N" },
    { "batch-size", 'b', 0, G_OPTION_ARG_INT, &batch_size, "Points per batch (default 2000)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Run one decoder: fast or json-glib", "NAME" },
    { NULL }
  };
  const struct
  {
    const char *name;
    DecodeFunc  decode;
  } decoders[] = {
    { "json-glib", im_reading_parse_json_reference },
    { "fast", im_reading_parse_json },
  };
  GArray *cpu[G_N_ELEMENTS (decoders)];
  Input input;
  guint n;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— the ingestion's CPU per reading, decode to line protocol");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_readings < 1 || n_machines < 1 || rounds < 1 || batch_size < 1 ||
      (only != NULL && g_strcmp0 (only, "fast") != 0 && g_strcmp0 (only, "json-glib") != 0))
    {
      g_printerr ("bad option value\n");
      return 2;
    }

  input_init (&input);
  if (input_path != NULL)
    {
      if (!input_load (&input, input_path, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  else
    {
      input_generate (&input, n_readings, n_machines);
    }
  n = input.keys->len;

  g_print ("bench-decode: %u messages (%s), %.0f bytes each on average, batches of %d, "
           "%d interleaved passes per decoder, CPU = user + system of the process (one thread)\n",
           n, input_path != NULL ? input_path : "simulator readings",
           (double) input.bytes->len / MAX (n, 1), batch_size, rounds);

  for (guint d = 0; d < G_N_ELEMENTS (decoders); d++)
    cpu[d] = g_array_new (FALSE, FALSE, sizeof (double));

  for (int r = 0; r < rounds; r++)
    for (guint d = 0; d < G_N_ELEMENTS (decoders); d++)
      {
        gint64 start;
        double us;
        guint64 batched;

        if (only != NULL && g_strcmp0 (only, decoders[d].name) != 0)
          continue;

        start = thread_cpu_ns ();
        batched = run_pass (&input, decoders[d].decode, batch_size);
        us = (double) (thread_cpu_ns () - start) / 1000.0 / n;
        g_array_append_val (cpu[d], us);
        g_print ("  pass %d %-9s %.3f µs CPU per reading (%" G_GUINT64_FORMAT " batched)\n",
                 r + 1, decoders[d].name, us, batched);
      }

  g_print ("\n| decoder | µs CPU per reading (median) | readings per CPU second |\n|---|---|---|\n");
  for (guint d = 0; d < G_N_ELEMENTS (decoders); d++)
    {
      double us;

      if (cpu[d]->len == 0)
        continue;
      us = median (cpu[d]);
      g_print ("| %s | %.3f | %.0f |\n", decoders[d].name, us, 1e6 / us);
    }
  if (cpu[0]->len > 0 && cpu[1]->len > 0)
    g_print ("\nfast / json-glib: %.1f %% of the CPU\n", 100.0 * median (cpu[1]) / median (cpu[0]));

  for (guint d = 0; d < G_N_ELEMENTS (decoders); d++)
    g_array_unref (cpu[d]);
  input_free (&input);

  return 0;
}
