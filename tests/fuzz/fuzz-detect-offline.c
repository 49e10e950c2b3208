/* fuzz-detect-offline.c — the detector's offline mode against hostile input
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built as a libFuzzer target with clang and -Db_sanitize=fuzzer and, by
 * default, as a unit test that mutates a seed corpus of the simulator's
 * JSON lines for a fixed number of rounds with a fixed seed. Every input
 * must be accounted for: each line is scored, or counted as invalid or out
 * of order, and every output line is one event that json-glib reads.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "im-detect-offline.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* Lines the offline mode reported as skipped. */
static guint64 n_reported;

static GLogWriterOutput
count_reports (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (strcmp (fields[i].key, "EVENT") == 0 && fields[i].length < 0 &&
          strcmp (fields[i].value, "invalid-line") == 0)
        {
          n_reported++;
          return G_LOG_WRITER_HANDLED;
        }
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static guint64
count_lines (const guint8 *data,
             size_t        size)
{
  guint64 n = 0;

  for (size_t i = 0; i < size; i++)
    if (data[i] == '\n')
      n++;
  /* a last line without its newline */
  return n + (size > 0 && data[size - 1] != '\n' ? 1 : 0);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  ImDetectOfflineStats stats;
  ImDetectorParams params;
  guint64 n_blank = 0, n_out = 0, reported_before = n_reported;

  static gsize writer_set = 0;

  if (g_once_init_enter (&writer_set))
    {
      g_log_set_writer_func (count_reports, NULL, NULL);
      g_once_init_leave (&writer_set, 1);
    }
  im_detector_params_init (&params);
  g_assert_true (im_detect_offline_run (input, output, &params, FALSE, &stats, NULL, &error));
  g_assert_no_error (error);

  /* Nothing is lost: every line is a reading, a reported reject, or blank. */
  for (size_t i = 0, start = 0; i < size; i++)
    {
      if (data[i] == '\n' || i == size - 1)
        {
          size_t end = data[i] == '\n' ? i : i + 1;
          size_t len = end - start;

          if (len > 0 && data[end - 1] == '\r')
            len--;
          n_blank += len == 0;
          start = i + 1;
        }
    }
  g_assert_cmpuint (stats.n_lines, ==, count_lines (data, size));
  g_assert_cmpuint (stats.n_readings + stats.n_invalid + stats.n_out_of_order + n_blank, ==,
                    stats.n_lines);
  /* and each reject was reported */
  g_assert_cmpuint (n_reported - reported_before, ==, stats.n_invalid + stats.n_out_of_order);

  /* Every output line is one event object. */
  g_output_stream_close (output, NULL, NULL);
  text = g_strndup (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)) > 0 ?
                    g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)) : "",
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = NULL;
      JsonObject *o;
      ImDetection type;

      if (lines[i][0] == '\0')
        continue;
      parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (im_detection_from_string (json_object_get_string_member (o, "type"), &type));
      g_assert_cmpuint (strlen (json_object_get_string_member (o, "id")), ==, IM_DETECTOR_ID_LEN);
      n_out++;
    }
  g_assert_cmpuint (n_out, ==, stats.n_events);

  return 0;
}

#ifndef IM_FUZZING_ENGINE

#include "im-sim.h"
#include "im-util.h"

static GString *
seed_corpus (void)
{
  g_autoptr(ImSimFleet) fleet = NULL;
  GString *out = g_string_new (NULL);
  ImSimConfig config;

  /* two machines, anomalies often: events in every few hundred lines */
  im_sim_config_init (&config);
  config.n_machines = 2;
  config.anomaly_rate = 0.3;
  config.start_time_ns = G_GINT64_CONSTANT (1798761600) * IM_NSEC_PER_SEC;
  fleet = im_sim_fleet_new (&config);
  for (guint i = 0; i < 400; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      im_reading_append_json (&reading, out);
      g_string_append_c (out, '\n');
    }

  return out;
}

static const char *dictionary[] = {
  "\n", "\r\n", "{", "}", "\"", ",", ":", "null", "1e999", "-1", "NaN", "\"machine_id\":\"M\"",
  "\"timestamp\":\"1999-01-01T00:00:00Z\"", "\"timestamp\":\"2027-01-01T10:00:00Z\"", "\xff", "\n\n",
  "\"temperature\":1e308", "\"vibration\":-0.0",
};

static void
mutate (GRand   *rand,
        GString *buf)
{
  guint n = g_rand_int_range (rand, 1, 16);

  for (guint i = 0; i < n; i++)
    {
      guint pos = buf->len ? g_rand_int_range (rand, 0, buf->len) : 0;
      guint run = g_rand_int_range (rand, 1, 256);

      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0: /* flip a byte */
          if (buf->len)
            buf->str[pos] = (char) g_rand_int_range (rand, 0, 256);
          break;
        case 1: /* delete a run */
          if (buf->len)
            g_string_erase (buf, pos, MIN (buf->len - pos, run));
          break;
        case 2: /* insert a token */
          g_string_insert (buf, pos, dictionary[g_rand_int_range (rand, 0, G_N_ELEMENTS (dictionary))]);
          break;
        case 3: /* move a run elsewhere: lines out of order */
          if (buf->len)
            {
              guint len = MIN (buf->len - pos, run);
              g_autofree char *copy = g_strndup (buf->str + pos, len);

              g_string_erase (buf, pos, len);
              g_string_insert_len (buf, g_rand_int_range (rand, 0, buf->len + 1), copy, len);
            }
          break;
        default: /* a line too long to be a reading */
          if (g_rand_int_range (rand, 0, 50) == 0)
            {
              g_autofree char *big = g_strnfill (IM_READING_MAX_BYTES + 10, 'x');

              g_string_insert (buf, pos, big);
            }
          else
            g_string_truncate (buf, pos + (buf->len - pos) / 2);
          break;
        }
    }
}

static void
test_mutations (void)
{
  g_autoptr(GString) corpus = seed_corpus ();
  GRand *rand = g_rand_new_with_seed (20261202);
  guint rounds = g_test_slow () ? 20000 : 1000;

  LLVMFuzzerTestOneInput ((const guint8 *) corpus->str, corpus->len);
  LLVMFuzzerTestOneInput ((const guint8 *) "", 0);

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(GString) buf = g_string_new_len (corpus->str, corpus->len);

      mutate (rand, buf);
      LLVMFuzzerTestOneInput ((const guint8 *) buf->str, buf->len);
    }

  g_rand_free (rand);
}

/* The unmutated corpus: every line a reading, the same events each time. */
static void
test_corpus (void)
{
  g_autoptr(GString) corpus = seed_corpus ();
  g_autoptr(GInputStream) in1 = g_memory_input_stream_new_from_data (corpus->str, corpus->len, NULL);
  g_autoptr(GInputStream) in2 = g_memory_input_stream_new_from_data (corpus->str, corpus->len, NULL);
  g_autoptr(GOutputStream) out1 = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out2 = g_memory_output_stream_new_resizable ();
  ImDetectOfflineStats stats;
  ImDetectorParams params;

  im_detector_params_init (&params);
  g_assert_true (im_detect_offline_run (in1, out1, &params, FALSE, &stats, NULL, NULL));
  g_assert_cmpuint (stats.n_readings, ==, 400);
  g_assert_cmpuint (stats.n_invalid, ==, 0);
  g_assert_cmpuint (stats.n_machines, ==, 2);
  g_assert_cmpuint (stats.n_events, >, 0);
  g_assert_true (im_detect_offline_run (in2, out2, &params, FALSE, NULL, NULL, NULL));
  g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out1)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out1)),
                   g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out2)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out2)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Rejected lines are reported as warnings; here they are expected and
   * counted. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  g_test_add_func ("/fuzz/detect-offline/corpus", test_corpus);
  g_test_add_func ("/fuzz/detect-offline/mutations", test_mutations);

  return g_test_run ();
}

#endif
