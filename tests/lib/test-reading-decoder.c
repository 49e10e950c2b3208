/* test-reading-decoder.c — the fast JSON decoder against json-glib
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A differential test: json-glib (im_reading_parse_json_reference()) is
 * the oracle. On every input — the codec's corpus, simulator readings,
 * edge cases of the JSON grammar and hundreds of thousands of mutations
 * of them — the fast decoder either leaves the input to the reference or
 * gives its very answer: the same decision, reason code and message, and
 * the same reading down to the bits of every double. And whatever it
 * leaves to the reference must be something strict JSON readers differ
 * on, never a plain reading.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-reading.h"
#include "im-reading-private.h"
#include "im-sim.h"
#include "im-util.h"

#include "reading-cases.h"

/* 2026-11-28T12:00:00Z */
#define NOW_NS (G_GINT64_CONSTANT (1795867200) * IM_NSEC_PER_SEC)

/* The valgrind test setup asks for fewer random rounds (a fifth): each
 * is some fifty times slower there. */
static gboolean
under_valgrind (void)
{
  return g_getenv ("IM_TEST_VALGRIND") != NULL;
}

typedef struct
{
  guint n;
  guint decided_valid;
  guint decided_invalid;
  guint deferred;
  guint deferred_but_valid;   /* json-glib accepted what is not strict JSON */
} Tally;

static guint64
bits (double value)
{
  guint64 b;

  memcpy (&b, &value, sizeof b);
  return b;
}

static void
fail (const char *data,
      gsize       len,
      const char *what)
{
  g_autofree char *raw = g_strndup (data, len);
  g_autofree char *shown = g_strescape (raw, NULL);

  g_error ("%s for input (%" G_GSIZE_FORMAT " bytes) \"%.400s\"", what, len, shown);
}

static void
assert_same_reading (const ImReading *a,
                     const ImReading *b,
                     const char      *data,
                     gsize            len)
{
  if (strcmp (a->machine_id, b->machine_id) != 0 || strcmp (a->sensor_id, b->sensor_id) != 0)
    fail (data, len, "ids differ");
  if (a->time_ns != b->time_ns)
    fail (data, len, "timestamps differ");
  for (guint i = 0; i < IM_N_SENSORS; i++)
    if (bits (a->values[i]) != bits (b->values[i]))
      {
        g_autofree char *what = g_strdup_printf ("%s differs: %a against json-glib's %a",
                                                 im_sensor_to_string ((ImSensor) i),
                                                 a->values[i], b->values[i]);
        fail (data, len, what);
      }
  if (bits (a->degradation) != bits (b->degradation))
    fail (data, len, "degradation differs");
  if (a->state != b->state || a->anomaly != b->anomaly)
    fail (data, len, "state or anomaly differs");
}

/* Returns what the fast decoder did. */
static ImDecodeResult
check_input (const char *data,
             gsize       len,
             Tally      *tally)
{
  g_autoptr(GError) ref_error = NULL;
  g_autoptr(GError) fast_error = NULL;
  g_autoptr(GError) public_error = NULL;
  ImReading ref, fast, public;
  gboolean ref_ok, public_ok;
  ImDecodeResult result;

  ref_ok = im_reading_parse_json_reference (&ref, data, len, NOW_NS, &ref_error);
  result = im_reading_decode_fast (&fast, data, len, NOW_NS, &fast_error);
  public_ok = im_reading_parse_json (&public, data, len, NOW_NS, &public_error);

  tally->n++;

  /* What the daemons call answers as json-glib does, whoever decided. */
  if (public_ok != ref_ok)
    fail (data, len, "im_reading_parse_json() and json-glib disagree");
  if (ref_ok)
    assert_same_reading (&public, &ref, data, len);
  else if (public_error->code != ref_error->code ||
           strcmp (public_error->message, ref_error->message) != 0)
    fail (data, len, "im_reading_parse_json() gives another error than json-glib");

  if (result == IM_DECODE_DEFERRED)
    {
      if (fast_error != NULL)
        fail (data, len, "an error set on a deferred input");
      tally->deferred++;
      if (ref_ok)
        tally->deferred_but_valid++;
      return result;
    }

  if ((result == IM_DECODE_VALID) != ref_ok)
    {
      g_autofree char *what = g_strdup_printf ("the fast decoder %s, json-glib %s (%s)",
                                               result == IM_DECODE_VALID ? "accepts" : "rejects",
                                               ref_ok ? "accepts" : "rejects",
                                               ref_ok ? (fast_error ? fast_error->message : "?")
                                                      : ref_error->message);
      fail (data, len, what);
    }

  if (ref_ok)
    {
      g_assert_no_error (fast_error);
      assert_same_reading (&fast, &ref, data, len);
      tally->decided_valid++;
    }
  else
    {
      g_assert_nonnull (fast_error);
      if (fast_error->domain != ref_error->domain || fast_error->code != ref_error->code ||
          strcmp (fast_error->message, ref_error->message) != 0)
        {
          g_autofree char *what = g_strdup_printf ("errors differ: %s “%s” against json-glib's %s “%s”",
                                                   im_reading_error_reason (fast_error->code),
                                                   fast_error->message,
                                                   im_reading_error_reason (ref_error->code),
                                                   ref_error->message);
          fail (data, len, what);
        }
      tally->decided_invalid++;
    }

  return result;
}

/* Readings as the simulator writes them. */
static GPtrArray *
simulator_messages (guint n)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ImSimFleet) fleet = NULL;
  ImSimConfig config;

  im_sim_config_init (&config);
  config.n_machines = 50;
  config.anomaly_rate = 0.2;
  config.mean_time_to_failure_ns = 600 * IM_NSEC_PER_SEC;
  config.start_time_ns = NOW_NS - 3600 * IM_NSEC_PER_SEC;
  fleet = im_sim_fleet_new (&config);

  for (guint i = 0; i < n; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      g_ptr_array_add (messages, im_reading_to_json (&reading));
    }

  return messages;
}

#define BASE "\"machine_id\":\"M\",\"sensor_id\":\"S\",\"timestamp\":\"2026-11-28T07:26:49Z\"," \
             "\"vibration\":1,\"pressure\":50,\"power\":250"

/* Strict JSON that the fast decoder must decide itself. */
static const char * const strict_cases[] = {
  /* numbers, in every form of the grammar, as temperature */
  "{" BASE ",\"temperature\":0}",
  "{" BASE ",\"temperature\":-0}",
  "{" BASE ",\"temperature\":-0.0}",
  "{" BASE ",\"temperature\":0.0e0}",
  "{" BASE ",\"temperature\":-0e-0}",
  "{" BASE ",\"temperature\":55.1}",
  "{" BASE ",\"temperature\":55.10000000000000142108547152020037174224853515625}",
  "{" BASE ",\"temperature\":5.51E1}",
  "{" BASE ",\"temperature\":5.51e+1}",
  "{" BASE ",\"temperature\":551e-1}",
  "{" BASE ",\"temperature\":0.000000000000000000000000000000000000000000001e46}",
  "{" BASE ",\"temperature\":123456789012345678}",
  "{" BASE ",\"temperature\":9007199254740993}",
  "{" BASE ",\"temperature\":9007199254740993.0}",
  "{" BASE ",\"temperature\":9223372036854775807}",
  "{" BASE ",\"temperature\":9223372036854775808}",
  "{" BASE ",\"temperature\":-9223372036854775808}",
  "{" BASE ",\"temperature\":18446744073709551615}",
  "{" BASE ",\"temperature\":18446744073709551616}",
  "{" BASE ",\"temperature\":99999999999999999999}",
  "{" BASE ",\"temperature\":-99999999999999999999}",
  "{" BASE ",\"temperature\":1e308}",
  "{" BASE ",\"temperature\":1e309}",
  "{" BASE ",\"temperature\":-1e309}",
  "{" BASE ",\"temperature\":1e-400}",
  "{" BASE ",\"temperature\":4.9e-324}",
  "{" BASE ",\"temperature\":2.2250738585072011e-308}",
  "{" BASE ",\"temperature\":0.1e-1000000000000}",
  "{" BASE ",\"temperature\":1e22}",
  "{" BASE ",\"temperature\":1e23}",
  "{" BASE ",\"temperature\":123456789012345.6e-13}",
  "{" BASE ",\"temperature\":1234567890123456.7e-14}",
  "{" BASE ",\"temperature\":0.30000000000000004}",
  "{" BASE ",\"temperature\":499.99999999999999999999}",
  "{" BASE ",\"temperature\":500.00000000000000001}",
  "{\"schema_version\":1," BASE ",\"temperature\":1}",
  "{\"schema_version\":-1," BASE ",\"temperature\":1}",
  "{\"schema_version\":1.0," BASE ",\"temperature\":1}",
  "{\"schema_version\":1e0," BASE ",\"temperature\":1}",
  "{\"schema_version\":18446744073709551617," BASE ",\"temperature\":1}",
  "{\"schema_version\":-18446744073709551615," BASE ",\"temperature\":1}",
  "{\"schema_version\":null," BASE ",\"temperature\":1}",
  "{\"schema_version\":{}," BASE ",\"temperature\":1}",
  /* strings and escapes */
  "{" BASE ",\"temperature\":1,\"machine_id\":\"\\u004d\\u0041\"}",
  "{" BASE ",\"temperature\":1,\"machine_id\":\"M\\u0000X\"}",
  "{" BASE ",\"temperature\":1,\"machine_id\":\"\\u0000\"}",
  "{" BASE ",\"temperature\":1,\"machine_id\":\"A\\/B\"}",
  "{" BASE ",\"temperature\":1,\"machine_id\":\"A\\\\\"}",
  "{" BASE ",\"temperature\":1,\"machine_id\":\"A\\\"\"}",
  "{" BASE ",\"temperature\":1,\"machine_id\":\"\\ud83d\\ude00\"}",
  "{" BASE ",\"temperature\":1,\"machine_id\":\"\xf0\x9f\x98\x80\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\\ud83d\\ude00\\u00e9\\uffff\\ufffe\\ufdd0\\b\\f\\n\\r\\t\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\xef\xbf\xbf\xef\xbf\xbe\xef\xb7\x90\xf4\x8f\xbf\xbf\x7f\"}",
  "{" BASE ",\"temperature\":1,\"timestamp\":\"\\u0032026-11-28T07:26:49Z\"}",
  "{" BASE ",\"temperature\":1,\"timestamp\":\"2026-11-28T07:26:49Z\\u0000junk\"}",
  "{" BASE ",\"temperature\":1,\"state\":\"fail\\u0069ng\"}",
  "{" BASE ",\"temperature\":1,\"state\":\"normal\\u0000\"}",
  "{" BASE ",\"temperature\":1,\"anomaly\":\"multi_sensor_and_more_than_sixteen\"}",
  /* member names */
  "{" BASE ",\"temp\\u0065rature\":1}",
  "{" BASE ",\"temperature\\u0000junk\":1}",
  "{" BASE ",\"temperature\\u0000junk that is long, longer than any name\":1}",
  "{" BASE ",\"\":1,\"temperature\":1}",
  "{" BASE ",\"temperature\":\"x\",\"temperature\":2}",
  "{" BASE ",\"temperature\":2,\"temperature\":\"x\"}",
  "{" BASE ",\"temperature\":2,\"machine_id\":\"A\",\"machine_id\":\"B\"}",
  /* structure */
  "{}",
  "{ }",
  " \t\r\n{" BASE ",\"temperature\":1} \t\r\n",
  "{ \"machine_id\" : \"M\" , \"sensor_id\" : \"S\" , \"timestamp\" : \"2026-11-28T07:26:49Z\" ,"
  " \"temperature\" : 1 , \"vibration\" : 1 , \"pressure\" : 1 , \"power\" : 1 }",
  "{" BASE ",\"temperature\":1,\"x\":[],\"y\":{},\"z\":[{},[],\"\",0,-1.5e3,true,false,null]}",
  "{" BASE ",\"temperature\":{\"a\":[1]}}",
  "{" BASE ",\"temperature\":[1]}",
  "{" BASE ",\"temperature\":true}",
  "{" BASE ",\"temperature\":false}",
  "{" BASE ",\"temperature\":null}",
  "{" BASE ",\"temperature\":1,\"d\":[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]}",        /* 16 levels */
  "{" BASE ",\"temperature\":1,\"d\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
  "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}}}}}}}}}",  /* 16 levels */
};

/* Not strict JSON, or what json-glib reads in its own way: the fast
 * decoder must leave every one to json-glib. */
static const char * const deferred_cases[] = {
  "{" BASE ",\"temperature\":1}{}",
  "{" BASE ",\"temperature\":1} {\"a\":1}",
  "{" BASE ",\"temperature\":1}[1]",
  "{" BASE ",\"temperature\":1} x",
  "{" BASE ",\"temperature\":1,}",
  "{" BASE ",\"temperature\":1,,\"a\":1}",
  "{" BASE ",\"temperature\":01}",
  "{" BASE ",\"temperature\":00}",
  "{" BASE ",\"temperature\":+1}",
  "{" BASE ",\"temperature\":.5}",
  "{" BASE ",\"temperature\":1.}",
  "{" BASE ",\"temperature\":1.e5}",
  "{" BASE ",\"temperature\":1e}",
  "{" BASE ",\"temperature\":1e+}",
  "{" BASE ",\"temperature\":0x1F}",
  "{" BASE ",\"temperature\":$1F}",
  "{" BASE ",\"temperature\":0b1}",
  "{" BASE ",\"temperature\":- 1}",
  "{" BASE ",\"temperature\":-}",
  "{" BASE ",\"temperature\":1x}",
  "{" BASE ",\"temperature\":1.5.5}",
  "{" BASE ",\"temperature\":NaN}",
  "{" BASE ",\"temperature\":Infinity}",
  "{" BASE ",\"temperature\":tru}",
  "{" BASE ",\"temperature\":True}",
  "{" BASE ",\"temperature\":nulll}",
  "{" BASE ",\"temperature\":truex}",
  "{" BASE ",\"temperature\":1 /* comment */}",
  "{" BASE ",\"temperature\":1 / comment /}",
  "{" BASE ",\"temperature\":'1'}",
  "{" BASE ",'temperature':1}",
  "{" BASE ",temperature:1}",
  "{" BASE ",\"temperature\" 1}",
  "{" BASE ",\"temperature\":1,\"note\":\"tab\there\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"line\nbreak\"}",
  "{" BASE ",\"temperature\":1,\"machine_id\":\"M\tX\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\\x41\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\\101\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\\u12\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\\u12G4\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\\ud800\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\\ud800x\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\\udc00\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\\udc00\",\"a\":\"b\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\\ud800\\u0041\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\\ud800\\ud800\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\xc0\xaf\"}",            /* overlong */
  "{" BASE ",\"temperature\":1,\"note\":\"\xed\xa0\x80\"}",        /* a surrogate in UTF-8 */
  "{" BASE ",\"temperature\":1,\"note\":\"\xf4\x90\x80\x80\"}",    /* above U+10FFFF */
  "{" BASE ",\"temperature\":1,\"note\":\"\xe2\x82\"}",            /* truncated */
  "{" BASE ",\"temperature\":1,\"note\":\"\x80\"}",
  "{" BASE ",\"temperature\":1,\"note\":\"\xff\"}",
  "{" BASE ",\"temperature\":1,\"\xc3\xa9\"\xc3\xa9:1}",
  "\xef\xbb\xbf{" BASE ",\"temperature\":1}",                      /* a byte order mark */
  "\v{" BASE ",\"temperature\":1}",
  "\f{" BASE ",\"temperature\":1}",
  "{" BASE ",\"temperature\":1\f}",
  "{" BASE ",\"temperature\":1,\"d\":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}",    /* 17 levels */
  "{" BASE ",\"temperature\":1",
  "{" BASE ",\"temperature\":",
  "{" BASE ",\"temperature\"",
  "{\"",
  "{",
  "[]",
  "\"x\"",
  "1",
  "null",
  "var x = {" BASE ",\"temperature\":1};",
  "not json",
};

static void
test_corpus (void)
{
  g_autoptr(GPtrArray) simulated = simulator_messages (5000);
  Tally tally = { 0 };

  /* The codec's own corpus. */
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      const ValidCase *c = &valid_cases[i];

      if (check_input (c->json, c->len < 0 ? strlen (c->json) : (gsize) c->len, &tally) !=
          IM_DECODE_VALID)
        fail (c->json, strlen (c->json), "a valid case not decided by the fast decoder");
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      const InvalidCase *c = &invalid_cases[i];

      check_input (c->json, c->len < 0 ? strlen (c->json) : (gsize) c->len, &tally);
    }

  /* What the simulator writes: all decided by the fast decoder. */
  for (guint i = 0; i < simulated->len; i++)
    if (check_input (simulated->pdata[i], strlen (simulated->pdata[i]), &tally) != IM_DECODE_VALID)
      fail (simulated->pdata[i], strlen (simulated->pdata[i]), "a simulator reading not decided");

  for (guint i = 0; i < G_N_ELEMENTS (strict_cases); i++)
    if (check_input (strict_cases[i], strlen (strict_cases[i]), &tally) == IM_DECODE_DEFERRED)
      fail (strict_cases[i], strlen (strict_cases[i]), "strict JSON left to json-glib");

  for (guint i = 0; i < G_N_ELEMENTS (deferred_cases); i++)
    if (check_input (deferred_cases[i], strlen (deferred_cases[i]), &tally) != IM_DECODE_DEFERRED)
      fail (deferred_cases[i], strlen (deferred_cases[i]), "input that is not strict JSON decided");

  g_test_message ("%u inputs: %u valid and %u invalid decided alike, %u left to json-glib",
                  tally.n, tally.decided_valid, tally.decided_invalid, tally.deferred);
}

/* Mutations, as the fuzz test makes them, with more of what the fast
 * decoder must read exactly as json-glib does. */

static const char *dictionary[] = {
  "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "\\udc00", "\\ud83d\\ude00",
  "\\u00e9", "\\n", "\\/", "\\\"", "null", "true", "false", "1e999", "-0", "-0.0", "0", "01",
  "1e-400", "9223372036854775808", "99999999999999999999", "18446744073709551616", ".5", "e5",
  "E+3", "-", "+", "0x1", "NaN", "\"machine_id\"", "\"timestamp\"", "\"temperature\"",
  "\"schema_version\":2", "\"state\"", "\"anomaly\"", "\"degradation\"", "\"sensor_id\"",
  "\xff", "\xc3\xa9", "\xc0\xaf", "\xed\xa0\x80", "\xf0\x9f\x98\x80", "\xf4\x90\x80\x80",
  "\xef\xbf\xbe", "\xe2\x82", "\x80", "\"2026-02-29T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
  "\n", "\t", "\f", "\v", "=", " ", "/", "'", "[[[[[[[[", "]]]]]]]]",
};

static void
mutate (GRand   *rand,
        GString *buf)
{
  guint n = g_rand_int_range (rand, 1, 8);

  for (guint i = 0; i < n; i++)
    {
      guint pos = buf->len ? g_rand_int_range (rand, 0, buf->len) : 0;
      guint run = g_rand_int_range (rand, 1, 64);

      switch (g_rand_int_range (rand, 0, 6))
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
        case 5:
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
  g_autoptr(GPtrArray) seeds = simulator_messages (200);
  GRand *rand = g_rand_new_with_seed (20261202);
  guint rounds = g_test_slow () ? 2000000 : under_valgrind () ? 10000 : 50000;
  Tally tally = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    g_ptr_array_add (seeds, g_strdup (valid_cases[i].json));
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    if (invalid_cases[i].len < 0)
      g_ptr_array_add (seeds, g_strdup (invalid_cases[i].json));
  for (guint i = 0; i < G_N_ELEMENTS (strict_cases); i++)
    g_ptr_array_add (seeds, g_strdup (strict_cases[i]));

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(GString) buf = g_string_new (seeds->pdata[g_rand_int_range (rand, 0, seeds->len)]);

      mutate (rand, buf);
      check_input (buf->str, buf->len, &tally);
    }

  g_test_message ("%u mutations: %u valid and %u invalid decided alike by both, "
                  "%u left to json-glib (%u of them accepted by it)",
                  tally.n, tally.decided_valid, tally.decided_invalid,
                  tally.deferred, tally.deferred_but_valid);

  /* The mutations must exercise the fast decoder's own answers, both. */
  g_assert_cmpuint (tally.decided_valid, >, rounds / 100);
  g_assert_cmpuint (tally.decided_invalid, >, rounds / 50);

  g_rand_free (rand);
}

/* Random strict JSON in the shape of a reading, which the fast decoder
 * must decide itself: known and unknown members in any order, given
 * twice, of every type, numbers and strings in all their forms. */

static void
append_number (GRand   *rand,
               GString *out)
{
  static const char * const forms[] = {
    "0", "-0", "-0.0", "1", "55", "55.1", "1.02", "251.3", "0.0392", "1e3", "1E+2", "5e-1",
    "100000", "100000.5", "-50", "-50.5", "500", "1000", "9223372036854775808",
    "99999999999999999999", "-9223372036854775809", "1e999", "-1e999", "1e-999",
    "12345678901234567890.5", "0.1e1", "2.5e-3", "7",
  };

  if (g_rand_boolean (rand))
    {
      g_string_append (out, forms[g_rand_int_range (rand, 0, G_N_ELEMENTS (forms))]);
      return;
    }

  if (g_rand_boolean (rand))
    g_string_append_c (out, '-');
  g_string_append_printf (out, "%u", g_rand_int_range (rand, 0, 2000));
  if (g_rand_boolean (rand))
    g_string_append_printf (out, ".%0*u", g_rand_int_range (rand, 1, 8), g_rand_int_range (rand, 0, 1000000));
  if (g_rand_int_range (rand, 0, 4) == 0)
    g_string_append_printf (out, "%s%d", g_rand_boolean (rand) ? "e" : "E-", g_rand_int_range (rand, 0, 25));
}

static void
append_string (GRand      *rand,
               GString    *out,
               const char *plain)
{
  static const char * const pieces[] = {
    "MACHINE_001", "S1", "normal", "degrading", "failing", "spike", "drift", "cyclic",
    "multi_sensor", "2026-11-28T07:26:49.123456Z", "2026-11-28T08:26:49+01:00", "x", "-", ".",
    "\\u0000", "\\u004D", "\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r",
    "\\ud83d\\ude00", "\\u00e9", "\\uffff", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", " ", ",",
  };

  g_string_append_c (out, '"');
  if (plain != NULL && g_rand_int_range (rand, 0, 8) != 0)
    g_string_append (out, plain);
  else
    for (guint i = g_rand_int_range (rand, 0, 4); i > 0; i--)
      g_string_append (out, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  g_string_append_c (out, '"');
}

static void append_value (GRand *rand, GString *out, guint depth, const char *plain);

static void
append_ws (GRand   *rand,
           GString *out)
{
  static const char * const ws[] = { "", "", "", " ", "\n", "\t", "\r\n  " };

  g_string_append (out, ws[g_rand_int_range (rand, 0, G_N_ELEMENTS (ws))]);
}

static void
append_container (GRand   *rand,
                  GString *out,
                  guint    depth)
{
  gboolean object = g_rand_boolean (rand);
  guint n = depth < IM_READING_MAX_DEPTH ? g_rand_int_range (rand, 0, 3) : 0;

  g_string_append_c (out, object ? '{' : '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_ws (rand, out);
      if (object)
        {
          append_string (rand, out, "k");
          g_string_append_c (out, ':');
        }
      append_value (rand, out, depth + 1, NULL);
      append_ws (rand, out);
    }
  g_string_append_c (out, object ? '}' : ']');
}

static void
append_value (GRand      *rand,
              GString    *out,
              guint       depth,
              const char *plain)
{
  switch (g_rand_int_range (rand, 0, 16))
    {
    case 0:
      g_string_append (out, "null");
      break;
    case 1:
      g_string_append (out, g_rand_boolean (rand) ? "true" : "false");
      break;
    case 2:
      append_container (rand, out, depth);
      break;
    case 3: case 4: case 5: case 6: case 7:
      append_number (rand, out);
      break;
    default:
      append_string (rand, out, plain);
      break;
    }
}

static void
test_generated (void)
{
  static const char * const plain[IM_N_FIELDS] = {
    NULL, "MACHINE_001", "MACHINE_001-S1", "2026-11-28T07:26:49.123456Z",
    NULL, NULL, NULL, NULL, "normal", NULL, "spike",
  };
  GRand *rand = g_rand_new_with_seed (1202);
  guint rounds = g_test_slow () ? 1000000 : under_valgrind () ? 5000 : 25000;
  Tally tally = { 0 };

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(GString) json = g_string_new (NULL);
      guint members[IM_N_FIELDS + 16];
      guint n = 0;

      /* Often every required member, then any others, in any order. */
      if (g_rand_int_range (rand, 0, 4) != 0)
        for (guint f = IM_FIELD_MACHINE_ID; f <= IM_FIELD_POWER; f++)
          members[n++] = f;
      for (guint k = g_rand_int_range (rand, 0, 8); k > 0; k--)
        members[n++] = g_rand_int_range (rand, 0, IM_N_FIELDS + 2);
      for (guint k = n; k > 1; k--)
        {
          guint j = g_rand_int_range (rand, 0, k);
          guint t = members[k - 1];

          members[k - 1] = members[j];
          members[j] = t;
        }

      append_ws (rand, json);
      g_string_append_c (json, '{');
      for (guint m = 0; m < n; m++)
        {
          /* Mostly well typed. */
          guint field = members[m];
          const char *name = field < IM_N_FIELDS ? im_reading_field_name (field) : "extra";
          gboolean typed = g_rand_int_range (rand, 0, 16) != 0;

          if (m > 0)
            g_string_append_c (json, ',');
          append_ws (rand, json);
          g_string_append_printf (json, "\"%s\"", name);
          append_ws (rand, json);
          g_string_append_c (json, ':');
          append_ws (rand, json);
          if (typed && field < IM_N_FIELDS && plain[field] != NULL)
            append_string (rand, json, plain[field]);
          else if (typed && field < IM_N_FIELDS && field != IM_FIELD_SCHEMA_VERSION)
            append_number (rand, json);
          else if (typed && field == IM_FIELD_SCHEMA_VERSION)
            g_string_append (json, g_rand_int_range (rand, 0, 8) ? "1" : "2");
          else
            append_value (rand, json, 1, NULL);
          append_ws (rand, json);
        }
      g_string_append_c (json, '}');
      append_ws (rand, json);

      if (check_input (json->str, json->len, &tally) == IM_DECODE_DEFERRED)
        fail (json->str, json->len, "strict JSON left to json-glib");
    }

  g_test_message ("%u generated messages: %u valid and %u invalid decided alike",
                  tally.n, tally.decided_valid, tally.decided_invalid);
  g_assert_cmpuint (tally.decided_valid, >, rounds / 100);

  g_rand_free (rand);
}

/* im_json_number_to_double() against g_ascii_strtod(), bit for bit. */
static void
test_number_conversion (void)
{
  GRand *rand = g_rand_new_with_seed (42);
  guint rounds = g_test_slow () ? 10000000 : under_valgrind () ? 40000 : 200000;

  for (guint i = 0; i < rounds; i++)
    {
      char text[96];
      gsize len = 0;
      guint int_digits = g_rand_int_range (rand, 1, 21);
      guint frac_digits = g_rand_boolean (rand) ? g_rand_int_range (rand, 0, 21) : 0;
      double expected, got;

      if (g_rand_int_range (rand, 0, 4) == 0)
        text[len++] = '0';
      else
        for (guint k = 0; k < int_digits; k++)
          text[len++] = (char) ('0' + g_rand_int_range (rand, k == 0 ? 1 : 0, 10));

      if (frac_digits > 0)
        {
          text[len++] = '.';
          for (guint k = 0; k < frac_digits; k++)
            text[len++] = (char) ('0' + g_rand_int_range (rand, 0, 10));
        }

      if (g_rand_boolean (rand))
        len += g_snprintf (text + len, sizeof text - len, "%s%d",
                           g_rand_boolean (rand) ? "e" : "E-",
                           g_rand_int_range (rand, 0, g_rand_boolean (rand) ? 30 : 330));
      text[len] = '\0';

      expected = g_ascii_strtod (text, NULL);
      got = im_json_number_to_double (text, len);
      if (bits (got) != bits (expected))
        g_error ("%s: %a, g_ascii_strtod gives %a", text, got, expected);
    }

  /* And what im_format_double() writes reads back as the same double. */
  for (guint i = 0; i < rounds; i++)
    {
      char text[IM_DOUBLE_BUF_SIZE];
      double value;
      int len;

      if (g_rand_boolean (rand))
        value = round (g_rand_double_range (rand, 0, 1000) * 1000) / 1000;
      else
        {
          guint64 b = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);

          memcpy (&value, &b, sizeof value);
          value = fabs (value);
          if (!isfinite (value))
            continue;
        }

      len = im_format_double (text, value);
      if (bits (im_json_number_to_double (text, len)) != bits (value))
        g_error ("%s does not read back as %a", text, value);
    }

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reading/decoder/corpus", test_corpus);
  g_test_add_func ("/reading/decoder/mutations", test_mutations);
  g_test_add_func ("/reading/decoder/generated", test_generated);
  g_test_add_func ("/reading/decoder/numbers", test_number_conversion);

  return g_test_run ();
}
