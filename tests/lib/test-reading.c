/* test-reading.c — the data contract: JSON decoding and validation
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-reading.h"
#include "im-util.h"

#include "reading-cases.h"

/* 2026-11-28T12:00:00Z */
#define NOW_NS (G_GINT64_CONSTANT (1795867200) * IM_NSEC_PER_SEC)

static void
test_valid_messages (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      const ValidCase *c = &valid_cases[i];
      gsize len = c->len < 0 ? strlen (c->json) : (gsize) c->len;
      ImReading reading;

      g_autofree char *shown = g_strescape (c->json, NULL);

      g_test_message ("valid case %u: %s", i, shown);
      if (!im_reading_parse_json (&reading, c->json, len, NOW_NS, &error))
        g_error ("valid case %u rejected: %s\n%s", i, error->message, c->json);
      g_assert_no_error (error);
    }
}

static void
test_invalid_messages (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      const InvalidCase *c = &invalid_cases[i];
      gsize len = c->len < 0 ? strlen (c->json) : (gsize) c->len;
      ImReading reading;

      g_autofree char *shown = g_strescape (c->json, NULL);

      g_test_message ("invalid case %u: %.200s", i, shown);
      g_assert_false (im_reading_parse_json (&reading, c->json, len, NOW_NS, &error));
      g_assert_nonnull (error);
      if (error->domain != IM_READING_ERROR || error->code != (int) c->code ||
          strstr (error->message, c->message) == NULL)
        g_error ("invalid case %u: expected %s “%s”, got %s “%s”\n%s", i,
                 im_reading_error_reason (c->code), c->message,
                 error->domain == IM_READING_ERROR ? im_reading_error_reason (error->code) : "?",
                 error->message, c->json);
    }

  /* The table covers every reason the codec can give. */
  for (guint code = 0; code < IM_N_READING_ERRORS; code++)
    {
      gboolean covered = FALSE;

      if (code == IM_READING_ERROR_TOO_LARGE)
        continue; /* test_too_large */
      for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
        covered |= invalid_cases[i].code == code;
      if (!covered)
        g_error ("no invalid case gives %s", im_reading_error_reason (code));
    }
}

static void
test_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_new ("{" IDS VALID_TAIL ",\"padding\":\"");
  ImReading reading;

  while (big->len <= IM_READING_MAX_BYTES)
    g_string_append (big, "xxxxxxxxxxxxxxxx");
  g_string_append (big, "\"}");

  g_assert_false (im_reading_parse_json (&reading, big->str, big->len, NOW_NS, &error));
  g_assert_error (error, IM_READING_ERROR, IM_READING_ERROR_TOO_LARGE);
  g_assert_cmpstr (im_reading_error_reason (error->code), ==, "too_large");
}

static void
test_deep_nesting_in_string_is_fine (void)
{
  g_autoptr(GError) error = NULL;
  const char *json = "{" IDS VALID_TAIL ",\"note\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[[[\"}";
  ImReading reading;

  g_assert_true (im_reading_parse_json (&reading, json, strlen (json), NOW_NS, &error));
  g_assert_no_error (error);
}

static void
test_hostile_depth (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"a\":");
  ImReading reading;

  for (guint i = 0; i < 20000; i++)
    g_string_append_c (deep, '[');

  g_assert_false (im_reading_parse_json (&reading, deep->str, deep->len, NOW_NS, &error));
  g_assert_error (error, IM_READING_ERROR, IM_READING_ERROR_TOO_DEEP);
}

static void
test_decoded_values (void)
{
  g_autoptr(GError) error = NULL;
  const char *json = "{\"schema_version\":1,\"machine_id\":\"MACHINE_001\",\"sensor_id\":\"MACHINE_001-S1\","
                     "\"timestamp\":\"2026-11-28T08:26:49.123456+01:00\","
                     "\"temperature\":55.1,\"vibration\":1.02,\"pressure\":50.2,\"power\":251,"
                     "\"state\":\"degrading\",\"degradation\":0.25,\"anomaly\":\"spike\"}";
  ImReading r;
  gint64 expected_ns;

  g_assert_true (im_reading_parse_json (&r, json, strlen (json), NOW_NS, &error));
  g_assert_no_error (error);
  g_assert_true (im_timestamp_parse ("2026-11-28T07:26:49.123456Z", (gsize) -1, &expected_ns));

  g_assert_cmpstr (r.machine_id, ==, "MACHINE_001");
  g_assert_cmpstr (r.sensor_id, ==, "MACHINE_001-S1");
  g_assert_cmpint (r.time_ns, ==, expected_ns);
  g_assert_cmpfloat (r.values[IM_SENSOR_TEMPERATURE], ==, 55.1);
  g_assert_cmpfloat (r.values[IM_SENSOR_VIBRATION], ==, 1.02);
  g_assert_cmpfloat (r.values[IM_SENSOR_PRESSURE], ==, 50.2);
  g_assert_cmpfloat (r.values[IM_SENSOR_POWER], ==, 251.0);
  g_assert_cmpint (r.state, ==, IM_MACHINE_STATE_DEGRADING);
  g_assert_cmpfloat (r.degradation, ==, 0.25);
  g_assert_cmpint (r.anomaly, ==, IM_ANOMALY_SPIKE);
}

static void
test_absent_optionals (void)
{
  g_autoptr(GError) error = NULL;
  const char *json = "{" IDS VALID_TAIL "}";
  ImReading r;

  g_assert_true (im_reading_parse_json (&r, json, strlen (json), NOW_NS, &error));
  g_assert_cmpint (r.state, ==, IM_MACHINE_STATE_UNKNOWN);
  g_assert_true (isnan (r.degradation));
  g_assert_cmpint (r.anomaly, ==, IM_ANOMALY_NONE);
}

static void
test_round_trip (void)
{
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      ImReading in, out;

      im_reading_init (&in);
      g_snprintf (in.machine_id, sizeof in.machine_id, "MACHINE_%03u", g_rand_int_range (rand, 1, 1000));
      g_snprintf (in.sensor_id, sizeof in.sensor_id, "%s-S1", in.machine_id);
      in.time_ns = NOW_NS - g_rand_int_range (rand, 0, G_MAXINT32) * (gint64) 1000 * 1000
                   - (i % 3 == 0 ? g_rand_int_range (rand, 0, 1000) : 0);
      in.values[IM_SENSOR_TEMPERATURE] = g_rand_double_range (rand, -50, 500);
      in.values[IM_SENSOR_VIBRATION] = g_rand_double_range (rand, 0, 10);
      in.values[IM_SENSOR_PRESSURE] = g_rand_double_range (rand, 0, 1000);
      in.values[IM_SENSOR_POWER] = g_rand_double_range (rand, 0, 100000);
      if (i % 2)
        {
          in.state = (ImMachineState) g_rand_int_range (rand, 1, 4);
          in.degradation = g_rand_double (rand);
          in.anomaly = (ImAnomaly) g_rand_int_range (rand, 0, IM_N_ANOMALIES);
        }

      json = im_reading_to_json (&in);
      if (!im_reading_parse_json (&out, json, strlen (json), NOW_NS, &error))
        g_error ("%s: %s", json, error->message);

      g_assert_cmpstr (in.machine_id, ==, out.machine_id);
      g_assert_cmpstr (in.sensor_id, ==, out.sensor_id);
      g_assert_cmpint (in.time_ns, ==, out.time_ns);
      for (guint s = 0; s < IM_N_SENSORS; s++)
        g_assert_cmpmem (&in.values[s], sizeof (double), &out.values[s], sizeof (double));
      g_assert_cmpint (in.state, ==, out.state);
      g_assert_cmpint (in.anomaly, ==, out.anomaly);
      if (isnan (in.degradation))
        g_assert_true (isnan (out.degradation));
      else
        g_assert_cmpmem (&in.degradation, sizeof (double), &out.degradation, sizeof (double));
    }

  g_rand_free (rand);
}

static void
test_to_json_exact (void)
{
  g_autofree char *json = NULL;
  ImReading r;

  im_reading_init (&r);
  g_strlcpy (r.machine_id, "MACHINE_001", sizeof r.machine_id);
  g_strlcpy (r.sensor_id, "MACHINE_001-S1", sizeof r.sensor_id);
  g_assert_true (im_timestamp_parse ("2026-11-28T07:26:49.123456Z", (gsize) -1, &r.time_ns));
  r.values[IM_SENSOR_TEMPERATURE] = 55.1;
  r.values[IM_SENSOR_VIBRATION] = 1.02;
  r.values[IM_SENSOR_PRESSURE] = 50.2;
  r.values[IM_SENSOR_POWER] = 251.3;
  r.state = IM_MACHINE_STATE_NORMAL;
  r.degradation = 0.0;

  json = im_reading_to_json (&r);
  g_assert_cmpstr (json, ==,
                   "{\"schema_version\":1,\"machine_id\":\"MACHINE_001\",\"sensor_id\":\"MACHINE_001-S1\","
                   "\"timestamp\":\"2026-11-28T07:26:49.123456Z\","
                   "\"temperature\":55.1,\"vibration\":1.02,\"pressure\":50.2,\"power\":251.3,"
                   "\"state\":\"normal\",\"degradation\":0,\"anomaly\":null}");
}

static void
test_reason_names (void)
{
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint code = 0; code < IM_N_READING_ERRORS; code++)
    {
      const char *reason = im_reading_error_reason (code);

      g_assert_nonnull (reason);
      g_assert_cmpstr (reason, !=, "unknown");
      g_assert_false (g_hash_table_contains (seen, reason));
      g_hash_table_add (seen, (gpointer) reason);
    }
  g_assert_cmpstr (im_reading_error_reason (IM_N_READING_ERRORS), ==, "unknown");

  g_hash_table_unref (seen);
}

static void
test_enums (void)
{
  ImMachineState state;
  ImAnomaly anomaly;

  g_assert_true (im_machine_state_from_string ("failing", &state));
  g_assert_cmpint (state, ==, IM_MACHINE_STATE_FAILING);
  g_assert_false (im_machine_state_from_string ("Failing", &state));
  g_assert_false (im_machine_state_from_string ("", &state));
  g_assert_true (im_anomaly_from_string ("multi_sensor", &anomaly));
  g_assert_cmpint (anomaly, ==, IM_ANOMALY_MULTI_SENSOR);
  g_assert_cmpstr (im_anomaly_to_string (IM_ANOMALY_NONE), ==, "none");
  g_assert_cmpstr (im_sensor_unit (IM_SENSOR_TEMPERATURE), ==, "°C");
  g_assert_cmpstr (im_sensor_to_string (IM_SENSOR_POWER), ==, "power");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reading/json/valid", test_valid_messages);
  g_test_add_func ("/reading/json/invalid", test_invalid_messages);
  g_test_add_func ("/reading/json/too-large", test_too_large);
  g_test_add_func ("/reading/json/brackets-in-strings", test_deep_nesting_in_string_is_fine);
  g_test_add_func ("/reading/json/hostile-depth", test_hostile_depth);
  g_test_add_func ("/reading/json/decoded-values", test_decoded_values);
  g_test_add_func ("/reading/json/absent-optionals", test_absent_optionals);
  g_test_add_func ("/reading/json/round-trip", test_round_trip);
  g_test_add_func ("/reading/json/exact-output", test_to_json_exact);
  g_test_add_func ("/reading/reason-names", test_reason_names);
  g_test_add_func ("/reading/enums", test_enums);

  return g_test_run ();
}
