/* fuzz-reading-json.c — the JSON decoder against hostile bytes
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built as a libFuzzer target with clang and -Db_sanitize=fuzzer and, by
 * default, as a unit test that mutates a seed corpus for a fixed number of
 * rounds with a fixed seed, so every `meson test` replays the same
 * hundred thousand hostile inputs under whatever sanitizers the build has.
 */

#include "config.h"

#include <string.h>

#include "im-line-protocol.h"
#include "im-reading.h"
#include "im-util.h"

#define NOW_NS (G_GINT64_CONSTANT (1795867200) * IM_NSEC_PER_SEC)

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  ImReading reading;
  gint64 ns;

  if (im_reading_parse_json (&reading, (const char *) data, size, NOW_NS, &error))
    {
      g_autoptr(GString) lp = g_string_new (NULL);
      g_autofree char *json = NULL;
      ImReading again;

      /* Whatever decodes re-encodes, as JSON and as line protocol, and
       * decodes to the same reading. */
      g_assert_no_error (error);
      g_assert_true (im_lp_append_reading (lp, &reading, NULL));
      json = im_reading_to_json (&reading);
      g_assert_true (im_reading_parse_json (&again, json, strlen (json), NOW_NS, NULL));
      g_assert_cmpstr (again.machine_id, ==, reading.machine_id);
      g_assert_cmpint (again.time_ns, ==, reading.time_ns);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == IM_READING_ERROR);
      g_assert_cmpstr (im_reading_error_reason (error->code), !=, "unknown");
      if (!g_utf8_validate (error->message, -1, NULL))
        g_error ("message not UTF-8 for input %.*s: %s", (int) size, data, error->message);
    }

  im_timestamp_parse ((const char *) data, size, &ns);

  return 0;
}

#ifndef IM_FUZZING_ENGINE

static const char *seeds[] = {
  "{\"schema_version\":1,\"machine_id\":\"MACHINE_001\",\"sensor_id\":\"MACHINE_001-S1\","
  "\"timestamp\":\"2026-11-28T07:26:49.123456Z\",\"temperature\":55.1,\"vibration\":1.02,"
  "\"pressure\":50.2,\"power\":251.3,\"state\":\"normal\",\"degradation\":0.0,\"anomaly\":null}",
  "{\"machine_id\":\"M\",\"sensor_id\":\"S\",\"timestamp\":\"2026-11-28T08:26:49+01:00\","
  "\"temperature\":-50,\"vibration\":0,\"pressure\":1000,\"power\":1e5,\"anomaly\":\"spike\"}",
  "[{\"a\":[1,2,{\"b\":\"\\u0000\\ud800\"}]}]",
  "2026-11-28T07:26:49.123456789Z",
};

static const char *dictionary[] = {
  "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "null", "true", "1e999",
  "-0", "NaN", "\"machine_id\"", "\"timestamp\"", "\"temperature\"", "\xff", "\xc3\xa9",
  "\"2026-02-29T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\n", "=", " ", "\"state\"",
  "\"schema_version\":2", "99999999999999999999",
};

static void
mutate (GRand   *rand,
        GString *buf)
{
  guint n = g_rand_int_range (rand, 1, 8);

  for (guint i = 0; i < n; i++)
    {
      guint pos = buf->len ? g_rand_int_range (rand, 0, buf->len) : 0;
      /* drawn once: MIN() evaluates its arguments twice */
      guint run = g_rand_int_range (rand, 1, 64);

      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0: /* flip a byte */
          if (buf->len)
            buf->str[pos] = (char) g_rand_int_range (rand, 0, 256);
          break;
        case 1: /* delete a run */
          if (buf->len)
            g_string_erase (buf, pos, MIN (buf->len - pos, run % 16));
          break;
        case 2: /* insert a token */
          g_string_insert (buf, pos, dictionary[g_rand_int_range (rand, 0, G_N_ELEMENTS (dictionary))]);
          break;
        case 3: /* duplicate a run */
          if (buf->len)
            {
              guint len = MIN (buf->len - pos, run);
              g_autofree char *copy = g_strndup (buf->str + pos, len);

              g_string_insert_len (buf, g_rand_int_range (rand, 0, buf->len + 1), copy, len);
            }
          break;
        default: /* truncate */
          g_string_truncate (buf, pos);
          break;
        }
    }
}

static void
test_mutations (void)
{
  GRand *rand = g_rand_new_with_seed (20261128);
  guint rounds = g_test_slow () ? 2000000 : 100000;
  guint accepted = 0;

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    LLVMFuzzerTestOneInput ((const guint8 *) seeds[i], strlen (seeds[i]));

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(GString) buf = g_string_new (seeds[g_rand_int_range (rand, 0, G_N_ELEMENTS (seeds))]);

      mutate (rand, buf);
      LLVMFuzzerTestOneInput ((const guint8 *) buf->str, buf->len);
      if (im_reading_parse_json (&(ImReading) { 0 }, buf->str, buf->len, NOW_NS, NULL))
        accepted++;
    }

  g_test_message ("%u of %u mutated inputs were valid readings", accepted, rounds);
  /* Mutations must reach deep into the decoder, not only fail at once. */
  g_assert_cmpuint (accepted, >, 0);

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fuzz/reading-json/mutations", test_mutations);

  return g_test_run ();
}

#endif
