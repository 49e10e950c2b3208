/* test-influx-client.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The line protocol encoder and the InfluxDB client against the real
 * server of the test backend, in a database of their own.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "im-influx-client.h"
#include "im-line-protocol.h"
#include "im-test-backend.h"

static ImInfluxClient *shared_client;
static gboolean backend_missing;

/* A client on a database made for this run (dropped at the end), or
 * NULL when the test was skipped. */
static ImInfluxClient *
get_client (void)
{
  const ImTestBackend *backend;
  g_autofree char *database = NULL;
  g_autoptr(GError) error = NULL;

  if (shared_client != NULL)
    return g_object_ref (shared_client);

  if (backend_missing || (backend = im_test_backend_get ()) == NULL)
    {
      backend_missing = TRUE;
      if (!g_test_failed ())
        g_test_skip ("no InfluxDB backend");
      return NULL;
    }

  database = im_test_unique_name ("im_influx_test");
  shared_client = im_influx_client_new (backend->influxdb_url, database);
  g_assert_true (im_influx_client_create_database (shared_client, NULL, &error));
  g_assert_no_error (error);

  return g_object_ref (shared_client);
}

static void
drop_database (ImInfluxClient *client,
               const char     *name)
{
  g_autoptr(GString) influxql = g_string_new ("DROP DATABASE ");
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;

  im_influxql_append_identifier (influxql, name);
  result = im_influx_client_query (client, influxql->str, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
write_ok (ImInfluxClient *client,
          GString        *body)
{
  g_autoptr(GError) error = NULL;

  im_influx_client_write (client, body->str, body->len, NULL, &error);
  g_assert_no_error (error);
}

static ImInfluxResult *
query_ok (ImInfluxClient *client,
          const char     *influxql,
          const char     *params_json)
{
  g_autoptr(GError) error = NULL;
  ImInfluxResult *result;

  result = im_influx_client_query (client, influxql, params_json, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  return result;
}

static gboolean
result_has_string (ImInfluxResult *result,
                   const char     *value)
{
  for (guint s = 0; s < im_influx_result_get_n_series (result); s++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (result, s);

      for (guint r = 0; r < im_influx_series_get_n_rows (series); r++)
        {
          const ImInfluxValue *v = im_influx_series_get_value (series, r, 0);

          if (v->type == IM_INFLUX_VALUE_STRING && strcmp (v->s, value) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

static gint64
count_points (ImInfluxClient *client,
              const char     *measurement,
              const char     *field)
{
  g_autoptr(GString) influxql = g_string_new ("SELECT count(");
  g_autoptr(ImInfluxResult) result = NULL;
  const ImInfluxSeries *series;

  im_influxql_append_identifier (influxql, field);
  g_string_append (influxql, ") FROM ");
  im_influxql_append_identifier (influxql, measurement);

  result = query_ok (client, influxql->str, NULL);
  if (im_influx_result_get_n_series (result) == 0)
    return 0;

  series = im_influx_result_get_series (result, 0);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 1);
  g_assert_cmpint (im_influx_series_get_value (series, 0, 1)->type, ==, IM_INFLUX_VALUE_INTEGER);

  return im_influx_series_get_value (series, 0, 1)->i;
}

static void
test_ping (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  if (client == NULL)
    return;

  g_assert_true (im_influx_client_ping (client, &version, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("InfluxDB %s", version);
  g_assert_nonnull (version);
  g_assert_true (g_ascii_isdigit (version[0]));
}

static void
test_create_database (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (client == NULL)
    return;

  /* Again: no error for a database that exists. */
  g_assert_true (im_influx_client_create_database (client, NULL, &error));
  g_assert_no_error (error);

  result = query_ok (client, "SHOW DATABASES", NULL);
  g_assert_true (result_has_string (result, im_influx_client_get_database (client)));
}

/* Tag values and keys, field keys and string values with every
 * character line protocol escapes, and more. */
static const char * const tag_cases[] = {
  "a b", "a,b", "a=b", "a\"b", "a'b", "back\\slash", "a\\,b", "a\\ b", "a\\=b",
  "\\\\x", "x\\\\y", "\\\"", "tab\tx", "é", "😀 🏭", "' OR 1=1 --",
  "\"; DROP DATABASE x", "#hash", " lead", "trail ", "=", ",", " ", "\\x",
  "{\"json\":[1]}", "%20+&?", "Zürich–Genève", "\xe2\x80\xa8 sep",
};

static const char * const string_cases[] = {
  "", "a b,c=d", "say \"hi\"", "ends\\", "\\", "\"", "\\\"", "back\\slash",
  "' OR ''='", "😀", "tab\there", "{\"json\":[1]}", "\\\\double\\\\",
};

static const char * const field_key_cases[] = {
  "a b", "a,b", "a=b", "\"q\"", "é", "#x", "back\\slash", "'s",
};

static void
test_escaping_round_trip (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) influxql = NULL;
  g_autoptr(ImInfluxResult) result = NULL;
  const char *measurement = "esc, m=é\"'";
  const ImInfluxSeries *series;
  gboolean seen[G_N_ELEMENTS (tag_cases)] = { FALSE, };

  if (client == NULL)
    return;

  /* Tags: one point per value, told apart by an "idx" tag. */
  for (guint i = 0; i < G_N_ELEMENTS (tag_cases); i++)
    {
      char idx[16];

      g_snprintf (idx, sizeof idx, "%u", i);
      g_assert_true (im_lp_append_measurement (body, measurement, NULL));
      g_assert_true (im_lp_append_tag (body, "idx", idx, NULL));
      g_assert_true (im_lp_append_tag (body, tag_cases[i], tag_cases[i], NULL));
      g_string_append (body, " n=");
      g_assert_true (im_lp_append_field_float (body, i, NULL));
      g_string_append_c (body, ' ');
      im_lp_append_timestamp (body, i + 1);
      g_string_append_c (body, '\n');
    }

  /* String fields, one point each, and odd field keys in one point. */
  for (guint i = 0; i < G_N_ELEMENTS (string_cases); i++)
    {
      g_assert_true (im_lp_append_measurement (body, "esc strings", NULL));
      g_string_append_c (body, ' ');
      g_assert_true (im_lp_append_field_key (body, "s, =\"k", NULL));
      g_string_append_c (body, '=');
      g_assert_true (im_lp_append_field_string (body, string_cases[i], NULL));
      g_string_append_c (body, ' ');
      im_lp_append_timestamp (body, i + 1);
      g_string_append_c (body, '\n');
    }

  g_assert_true (im_lp_append_measurement (body, "esc keys", NULL));
  g_string_append_c (body, ' ');
  for (guint i = 0; i < G_N_ELEMENTS (field_key_cases); i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      g_assert_true (im_lp_append_field_key (body, field_key_cases[i], NULL));
      g_string_append_c (body, '=');
      g_assert_true (im_lp_append_field_float (body, i + 0.5, NULL));
    }
  g_string_append (body, " 1\n");

  write_ok (client, body);

  /* Tags back, through GROUP BY *. */
  influxql = g_string_new ("SELECT n FROM ");
  im_influxql_append_identifier (influxql, measurement);
  g_string_append (influxql, " GROUP BY *");
  result = query_ok (client, influxql->str, NULL);

  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, G_N_ELEMENTS (tag_cases));
  for (guint s = 0; s < im_influx_result_get_n_series (result); s++)
    {
      const char *idx;
      guint i;

      series = im_influx_result_get_series (result, s);
      g_assert_cmpstr (im_influx_series_get_name (series), ==, measurement);
      g_assert_cmpuint (im_influx_series_get_n_tags (series), ==, G_N_ELEMENTS (tag_cases) + 1);
      idx = im_influx_series_get_tag (series, "idx");
      g_assert_nonnull (idx);
      i = (guint) g_ascii_strtoull (idx, NULL, 10);
      g_assert_cmpuint (i, <, G_N_ELEMENTS (tag_cases));
      g_assert_false (seen[i]);
      seen[i] = TRUE;

      /* The tag of this point has the value; the others are empty. */
      for (guint j = 0; j < G_N_ELEMENTS (tag_cases); j++)
        {
          const char *value = im_influx_series_get_tag (series, tag_cases[j]);

          g_assert_nonnull (value);
          g_assert_cmpstr (value, ==, j == i ? tag_cases[i] : "");
        }

      g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 1);
      g_assert_cmpfloat (im_influx_series_get_double (series, 0, 1), ==, i);
    }

  /* String fields back. */
  g_clear_pointer (&result, im_influx_result_unref);
  result = query_ok (client, "SELECT \"s, =\\\"k\" FROM \"esc strings\"", NULL);
  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 1);
  series = im_influx_result_get_series (result, 0);
  g_assert_cmpstr (im_influx_series_get_name (series), ==, "esc strings");
  g_assert_cmpstr (im_influx_series_get_column_name (series, 1), ==, "s, =\"k");
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, G_N_ELEMENTS (string_cases));
  for (guint i = 0; i < G_N_ELEMENTS (string_cases); i++)
    {
      const ImInfluxValue *value = im_influx_series_get_value (series, i, 1);

      g_assert_cmpint (im_influx_series_get_value (series, i, 0)->i, ==, i + 1);
      g_assert_cmpint (value->type, ==, IM_INFLUX_VALUE_STRING);
      g_assert_cmpstr (value->s, ==, string_cases[i]);
    }

  /* Field keys back. */
  g_clear_pointer (&result, im_influx_result_unref);
  result = query_ok (client, "SELECT * FROM \"esc keys\"", NULL);
  series = im_influx_result_get_series (result, 0);
  g_assert_cmpuint (im_influx_series_get_n_columns (series), ==, G_N_ELEMENTS (field_key_cases) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (field_key_cases); i++)
    {
      int column = im_influx_series_find_column (series, field_key_cases[i]);

      g_assert_cmpint (column, >, 0);
      g_assert_cmpfloat (im_influx_series_get_double (series, 0, column), ==, i + 0.5);
    }
}

/* What the encoder refuses, the server indeed cannot take. */
static void
test_unrepresentable (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(ImInfluxResult) result = NULL;
  const char * const trailing[] = {
    "esc_raw,k=trail\\ v=1 1\n",
    "esc_raw,k=trail\\\\ v=1 1\n",
    "esc_raw,k\\=v v=1 1\n",
    "esc_raw f\\=1 1\n",
  };
  g_autoptr(GError) error = NULL;

  if (client == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (trailing); i++)
    {
      g_assert_false (im_influx_client_write (client, trailing[i], strlen (trailing[i]), NULL, &error));
      g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_BAD_REQUEST);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }

  /* A line starting with '#' is a comment: accepted, and nothing stored. */
  g_assert_true (im_influx_client_write (client, "#comment v=1 1\n", 15, NULL, &error));
  g_assert_no_error (error);
  result = query_ok (client, "SHOW MEASUREMENTS", NULL);
  g_assert_false (result_has_string (result, "#comment"));
}

static guint64
double_bits (double value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  return bits;
}

#define N_FLOATS 1000

static void
test_float_round_trip (void)
{
  static const double specials[] = {
    0.0, -0.0, 0.1, 0.2, 0.3, 1.0 / 3.0, 1e300, -1e300, 1e-300, 5e-324, -5e-324,
    2.2250738585072014e-308, 2.2250738585072009e-308, 1.7976931348623157e+308,
    1e20, 1e21, 9223372036854775808.0, 123456789012345678.0, 5.0, -7.0, 55.1, 251.3,
  };
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(ImInfluxResult) result = NULL;
  const ImInfluxSeries *series;
  double values[N_FLOATS];
  guint n_integer = 0;

  if (client == NULL)
    return;

  for (guint i = 0; i < N_FLOATS; i++)
    {
      if (i < G_N_ELEMENTS (specials))
        {
          values[i] = specials[i];
        }
      else if (i % 2 == 0)
        {
          guint64 bits;

          do
            {
              bits = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
              memcpy (&values[i], &bits, sizeof values[i]);
            }
          while (!isfinite (values[i]));
        }
      else
        {
          values[i] = g_test_rand_double_range (-1000.0, 1000.0);
        }

      g_string_append (body, "floats v=");
      g_assert_true (im_lp_append_field_float (body, values[i], NULL));
      g_string_append_c (body, ' ');
      im_lp_append_timestamp (body, i + 1);
      g_string_append_c (body, '\n');
    }

  write_ok (client, body);

  result = query_ok (client, "SELECT v FROM floats", NULL);
  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 1);
  series = im_influx_result_get_series (result, 0);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, N_FLOATS);

  for (guint i = 0; i < N_FLOATS; i++)
    {
      double back = im_influx_series_get_double (series, i, 1);

      g_assert_cmpint (im_influx_series_get_value (series, i, 0)->i, ==, i + 1);
      if (double_bits (back) != double_bits (values[i]))
        g_error ("point %u: wrote %.17g, read back %.17g", i, values[i], back);
      if (im_influx_series_get_value (series, i, 1)->type == IM_INFLUX_VALUE_INTEGER)
        n_integer++;
    }

  g_test_message ("%u of %u floats came back as JSON integers", n_integer, N_FLOATS);
}

static void
test_bad_request (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(GError) error = NULL;
  const char line[] = "this is not line protocol\n";

  if (client == NULL)
    return;

  g_assert_false (im_influx_client_write (client, line, strlen (line), NULL, &error));
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_BAD_REQUEST);
  g_assert_false (im_influx_error_is_retryable (error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, ": 400 Bad Request: unable to parse 'this is not line protocol'"));
}

static void
test_partial_write (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(GError) error = NULL;
  const char batch[] = "partial v=1 1\nthis line is bad\npartial v=3 3\n";
  const char conflict[] = "partial v=\"a string\" 4\npartial v=5 5\n";

  if (client == NULL)
    return;

  /* A batch with one bad line: the others are written. */
  g_assert_false (im_influx_client_write (client, batch, strlen (batch), NULL, &error));
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PARTIAL_WRITE);
  g_assert_false (im_influx_error_is_retryable (error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "partial write"));
  g_assert_nonnull (strstr (error->message, "this line is bad"));
  g_clear_error (&error);
  g_assert_cmpint (count_points (client, "partial", "v"), ==, 2);

  /* A field type conflict. */
  g_assert_false (im_influx_client_write (client, conflict, strlen (conflict), NULL, &error));
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PARTIAL_WRITE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "field type conflict"));
  g_assert_cmpint (count_points (client, "partial", "v"), ==, 3);
}

static void
test_not_found (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(ImInfluxClient) missing = NULL;
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (client == NULL)
    return;

  name = im_test_unique_name ("im_influx_missing");
  missing = im_influx_client_new (im_influx_client_get_url (client), name);

  g_assert_false (im_influx_client_write (missing, "m v=1 1", 7, NULL, &error));
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_NOT_FOUND);
  g_assert_false (im_influx_error_is_retryable (error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "database not found"));
  g_clear_error (&error);

  result = im_influx_client_query (missing, "SELECT * FROM m", NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_QUERY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "database not found"));
}

static void
test_gzip (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(ImInfluxClient) gzip_client = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(ImInfluxResult) result = NULL;

  if (client == NULL)
    return;

  gzip_client = im_influx_client_new (im_influx_client_get_url (client),
                                      im_influx_client_get_database (client));
  im_influx_client_set_gzip (gzip_client, TRUE);

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (body, "gzipped,machine_id=MACHINE_%03u v=%u.25 %u\n", i % 50, i, i + 1);

  write_ok (gzip_client, body);
  g_assert_cmpint (count_points (client, "gzipped", "v"), ==, 5000);

  /* Answers come compressed too. */
  result = query_ok (gzip_client, "SELECT v FROM gzipped WHERE machine_id = 'MACHINE_007'", NULL);
  g_assert_cmpuint (im_influx_series_get_n_rows (im_influx_result_get_series (result, 0)), ==, 100);
  g_assert_cmpfloat (im_influx_series_get_double (im_influx_result_get_series (result, 0), 0, 1), ==, 7.25);
}

static char *
params_json (const char *name,
             const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static void
assert_one_machine (ImInfluxResult *result,
                    const char     *machine_id,
                    double          temperature)
{
  const ImInfluxSeries *series;

  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 1);
  series = im_influx_result_get_series (result, 0);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 1);
  g_assert_cmpstr (im_influx_series_get_column_name (series, 2), ==, "machine_id");
  g_assert_cmpstr (im_influx_series_get_value (series, 0, 2)->s, ==, machine_id);
  g_assert_cmpfloat (im_influx_series_get_double (series, 0, 1), ==, temperature);
}

static void
test_hostile_queries (void)
{
  static const char * const ids[] = {
    "MACHINE_001", "' OR 1=1 --", "\"; DROP DATABASE x", "x' OR machine_id =~ /.*/ OR 'a'='a",
    "back\\slash", "\\'", "'", "a\\'b", "\\\\'; --", "Zürich 🏭", "$id", "a\\nb", "/.*/",
    "' OR ''='", "\") OR (\"1\"=\"1",
  };
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(ImInfluxResult) result = NULL;
  g_autofree char *odd_db = NULL;
  ImReading reading;

  if (client == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;

      im_reading_init (&reading);
      g_strlcpy (reading.machine_id, ids[i], sizeof reading.machine_id);
      g_strlcpy (reading.sensor_id, "S1", sizeof reading.sensor_id);
      reading.time_ns = G_GINT64_CONSTANT (1795843609000000000) + i;
      reading.values[IM_SENSOR_TEMPERATURE] = 40.0 + i;
      reading.values[IM_SENSOR_VIBRATION] = 1.0;
      reading.values[IM_SENSOR_PRESSURE] = 50.0;
      reading.values[IM_SENSOR_POWER] = 250.0;
      g_assert_true (im_lp_append_reading (body, &reading, &error));
      g_assert_no_error (error);
    }
  write_ok (client, body);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GString) influxql = g_string_new ("SELECT temperature, machine_id FROM sensor_readings WHERE machine_id = ");
      g_autoptr(ImInfluxResult) quoted = NULL;
      g_autoptr(ImInfluxResult) bound = NULL;
      g_autofree char *params = params_json ("id", ids[i]);

      g_test_message ("machine id “%s”", ids[i]);

      /* Quoted into the statement. */
      im_influxql_append_string (influxql, ids[i]);
      quoted = query_ok (client, influxql->str, NULL);
      assert_one_machine (quoted, ids[i], 40.0 + i);

      /* As a bound parameter. */
      bound = query_ok (client,
                        "SELECT temperature, machine_id FROM sensor_readings WHERE machine_id = $id",
                        params);
      assert_one_machine (bound, ids[i], 40.0 + i);
    }

  /* A line feed in a string: no match, no error. */
  {
    g_autoptr(GString) influxql = g_string_new ("SELECT temperature FROM sensor_readings WHERE machine_id = ");

    im_influxql_append_string (influxql, "MACHINE_001\n' OR 1=1 --");
    result = query_ok (client, influxql->str, NULL);
    g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 0);
  }

  /* Identifiers: a column alias with quotes, backslashes and a line
   * feed comes back exactly. */
  {
    const char *alias = "al\"ias' \\ \n\\\" ; DROP DATABASE x 🏭";
    g_autoptr(GString) influxql = g_string_new ("SELECT temperature AS ");

    im_influxql_append_identifier (influxql, alias);
    g_string_append (influxql, " FROM sensor_readings LIMIT 1");
    g_clear_pointer (&result, im_influx_result_unref);
    result = query_ok (client, influxql->str, NULL);
    g_assert_cmpstr (im_influx_series_get_column_name (im_influx_result_get_series (result, 0), 1), ==, alias);
  }

  /* A database named with quotes and semicolons (InfluxDB refuses
   * backslashes and control characters in names) is created, listed and
   * dropped under exactly that name. */
  odd_db = im_test_unique_name ("im \"odd\" 'db'; DROP DATABASE x;");
  {
    g_autoptr(ImInfluxClient) odd = im_influx_client_new (im_influx_client_get_url (client), odd_db);
    g_autoptr(GError) error = NULL;

    im_influx_client_create_database (odd, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&result, im_influx_result_unref);
    result = query_ok (client, "SHOW DATABASES", NULL);
    g_assert_true (result_has_string (result, odd_db));

    drop_database (client, odd_db);
    g_clear_pointer (&result, im_influx_result_unref);
    result = query_ok (client, "SHOW DATABASES", NULL);
    g_assert_false (result_has_string (result, odd_db));
  }

  /* Nothing was dropped by the hostile strings. */
  g_assert_true (result_has_string (result, im_influx_client_get_database (client)));
  g_clear_pointer (&result, im_influx_result_unref);
  result = query_ok (client, "SELECT count(temperature) FROM sensor_readings WHERE sensor_id = 'S1'", NULL);
  g_assert_cmpint (im_influx_series_get_value (im_influx_result_get_series (result, 0), 0, 1)->i, ==,
                   G_N_ELEMENTS (ids));
}

static void
test_reading_round_trip (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(ImInfluxResult) result = NULL;
  const ImInfluxSeries *series;
  ImReading reading;

  if (client == NULL)
    return;

  im_reading_init (&reading);
  g_strlcpy (reading.machine_id, "MACHINE_042", sizeof reading.machine_id);
  g_strlcpy (reading.sensor_id, "MACHINE_042-S3", sizeof reading.sensor_id);
  reading.time_ns = G_GINT64_CONSTANT (1795843609123456789);
  reading.values[IM_SENSOR_TEMPERATURE] = 71.25;
  reading.values[IM_SENSOR_VIBRATION] = 1.7;
  reading.values[IM_SENSOR_PRESSURE] = 38.5;
  reading.values[IM_SENSOR_POWER] = 305.0;
  reading.state = IM_MACHINE_STATE_DEGRADING;
  reading.degradation = 0.42;
  reading.anomaly = IM_ANOMALY_DRIFT;
  g_assert_true (im_lp_append_reading (body, &reading, NULL));
  write_ok (client, body);

  result = query_ok (client,
                     "SELECT temperature, vibration, pressure, power, degradation, state, anomaly "
                     "FROM sensor_readings WHERE machine_id = 'MACHINE_042' GROUP BY *", NULL);
  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 1);
  series = im_influx_result_get_series (result, 0);
  g_assert_cmpstr (im_influx_series_get_tag (series, "machine_id"), ==, "MACHINE_042");
  g_assert_cmpstr (im_influx_series_get_tag (series, "sensor_id"), ==, "MACHINE_042-S3");
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 1);
  g_assert_cmpint (im_influx_series_get_value (series, 0, 0)->i, ==, reading.time_ns);
  g_assert_cmpfloat (im_influx_series_get_double (series, 0, 1), ==, 71.25);
  g_assert_cmpfloat (im_influx_series_get_double (series, 0, 2), ==, 1.7);
  g_assert_cmpfloat (im_influx_series_get_double (series, 0, 3), ==, 38.5);
  g_assert_cmpfloat (im_influx_series_get_double (series, 0, 4), ==, 305.0);
  g_assert_cmpfloat (im_influx_series_get_double (series, 0, 5), ==, 0.42);
  g_assert_cmpstr (im_influx_series_get_value (series, 0, 6)->s, ==, "degrading");
  g_assert_cmpstr (im_influx_series_get_value (series, 0, 7)->s, ==, "drift");

  /* Written again (a redelivery): still one point. */
  write_ok (client, body);
  g_clear_pointer (&result, im_influx_result_unref);
  result = query_ok (client, "SELECT count(temperature) FROM sensor_readings WHERE machine_id = 'MACHINE_042'", NULL);
  g_assert_cmpint (im_influx_series_get_value (im_influx_result_get_series (result, 0), 0, 1)->i, ==, 1);
}

typedef struct
{
  GMainLoop      *loop;
  ImInfluxResult *result;
  char           *version;
  GError         *error;
} AsyncState;

static void
query_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->result = im_influx_client_query_finish (IM_INFLUX_CLIENT (source), res, &state->error);
  g_main_loop_quit (state->loop);
}

static void
ping_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->version = im_influx_client_ping_finish (IM_INFLUX_CLIENT (source), res, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncState state = { loop, NULL, NULL, NULL };

  if (client == NULL)
    return;

  im_influx_client_ping_async (client, NULL, ping_done, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_true (g_ascii_isdigit (state.version[0]));
  g_free (state.version);

  im_influx_client_query_async (client, "SHOW DATABASES", NULL, NULL, query_done, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_true (result_has_string (state.result, im_influx_client_get_database (client)));
  im_influx_result_unref (state.result);

  im_influx_client_query_async (client, "SELECT nonsense FROM", NULL, NULL, query_done, &state);
  g_main_loop_run (loop);
  g_assert_null (state.result);
  g_assert_error (state.error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_BAD_REQUEST);
  g_clear_error (&state.error);
}

#define N_THREADS 4
#define N_ROUNDS  25

static gpointer
concurrent_thread (gpointer data)
{
  static gint next_id;
  ImInfluxClient *client = data;
  guint id = (guint) g_atomic_int_add (&next_id, 1);

  for (guint i = 0; i < N_ROUNDS; i++)
    {
      g_autofree char *line = g_strdup_printf ("concurrent,thread=t%u v=%u %u\n", id, i, i + 1);
      g_autoptr(ImInfluxResult) result = NULL;
      g_autoptr(GError) error = NULL;

      if (!im_influx_client_write (client, line, strlen (line), NULL, &error))
        return g_steal_pointer (&error);

      result = im_influx_client_query (client, "SELECT count(v) FROM concurrent", NULL, NULL, &error);
      if (result == NULL)
        return g_steal_pointer (&error);
    }

  return NULL;
}

static void
test_concurrent (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  GThread *threads[N_THREADS];

  if (client == NULL)
    return;

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("influx-client", concurrent_thread, client);

  for (guint i = 0; i < N_THREADS; i++)
    {
      g_autoptr(GError) error = g_thread_join (threads[i]);

      g_assert_no_error (error);
    }

  g_assert_cmpint (count_points (client, "concurrent", "v"), ==, N_THREADS * N_ROUNDS);
}

static void
test_large_query (void)
{
  g_autoptr(ImInfluxClient) client = get_client ();
  g_autoptr(GString) body = g_string_sized_new (2 * 1024 * 1024);
  g_autoptr(ImInfluxResult) result = NULL;
  const ImInfluxSeries *series;
  guint n_points = g_test_slow () ? 600000 : 50000;
  gint64 start, write_us, query_us;
  ImReading reading;

  if (client == NULL)
    return;

  im_reading_init (&reading);
  g_strlcpy (reading.machine_id, "MACHINE_BIG", sizeof reading.machine_id);
  g_strlcpy (reading.sensor_id, "MACHINE_BIG-S1", sizeof reading.sensor_id);
  reading.state = IM_MACHINE_STATE_NORMAL;
  reading.degradation = 0.0;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_points; i++)
    {
      reading.time_ns = G_GINT64_CONSTANT (1795000000000000000) + (gint64) i * 1000000000;
      reading.values[IM_SENSOR_TEMPERATURE] = 55.0 + (i % 100) * 0.1;
      reading.values[IM_SENSOR_VIBRATION] = 1.0 + (i % 7) * 0.01;
      reading.values[IM_SENSOR_PRESSURE] = 50.2;
      reading.values[IM_SENSOR_POWER] = 251.3;
      g_assert_true (im_lp_append_reading (body, &reading, NULL));

      if ((i + 1) % 10000 == 0 || i + 1 == n_points)
        {
          write_ok (client, body);
          g_string_truncate (body, 0);
        }
    }
  write_us = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  result = query_ok (client,
                     "SELECT temperature, vibration, pressure, power, degradation, state, anomaly "
                     "FROM sensor_readings WHERE machine_id = 'MACHINE_BIG'", NULL);
  query_us = g_get_monotonic_time () - start;

  series = im_influx_result_get_series (result, 0);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, n_points);
  g_assert_cmpfloat (im_influx_series_get_double (series, n_points - 1, 1), ==,
                     55.0 + ((n_points - 1) % 100) * 0.1);
  g_assert_cmpstr (im_influx_series_get_value (series, 0, 6)->s, ==, "normal");

  g_test_message ("%u points written in batches of 10000 in %.2f s (%.0f points/s); "
                  "read back (8 columns) in %.2f s (%.0f rows/s)",
                  n_points, write_us / 1e6, n_points / (write_us / 1e6),
                  query_us / 1e6, n_points / (query_us / 1e6));
}

/* A private influxd, stopped while the client talks to it. */

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      remove_tree (child);
      g_object_unref (info);
    }

  g_file_delete (file, NULL, NULL);
}

static void
test_server_stopped (void)
{
  g_autofree char *influxd = g_find_program_in_path ("influxd");
  g_autofree char *dir = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir_file = NULL;
  g_autofree char *version = NULL;
  guint16 http_port, rpc_port;
  gint64 deadline;

  if (influxd == NULL)
    {
      g_test_skip ("influxd is not installed");
      return;
    }

  dir = g_dir_make_tmp ("im-influxd-XXXXXX", &error);
  g_assert_no_error (error);
  http_port = free_port ();
  rpc_port = free_port ();

  config = g_strdup_printf ("reporting-disabled = true\n"
                            "bind-address = \"127.0.0.1:%u\"\n"
                            "[meta]\n  dir = \"%s/meta\"\n"
                            "[data]\n  dir = \"%s/data\"\n  wal-dir = \"%s/wal\"\n"
                            "  query-log-enabled = false\n"
                            "[monitor]\n  store-enabled = false\n"
                            "[http]\n  bind-address = \"127.0.0.1:%u\"\n  log-enabled = false\n"
                            "[logging]\n  level = \"warn\"\n  suppress-logo = true\n",
                            rpc_port, dir, dir, dir, http_port);
  config_path = g_build_filename (dir, "influxdb.conf", NULL);
  log_path = g_build_filename (dir, "influxd.log", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, influxd, "-config", config_path, NULL);
  g_assert_no_error (error);

  url = g_strdup_printf ("http://127.0.0.1:%u", http_port);
  client = im_influx_client_new (url, "private");
  im_influx_client_set_timeouts (client, 1000, 2000);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!im_influx_client_ping (client, &version, NULL, &error))
    {
      g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_CONNECT);
      g_clear_error (&error);
      if (g_get_monotonic_time () > deadline)
        g_error ("the private influxd did not answer on %s (log: %s)", url, log_path);
      g_usleep (100000);
    }
  g_test_message ("private influxd %s on %s", version, url);

  g_assert_true (im_influx_client_create_database (client, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (im_influx_client_write (client, "m v=1 1\n", 8, NULL, &error));
  g_assert_no_error (error);

  /* Stop it: the kept-alive connection dies, no new one is accepted. */
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (im_influx_client_write (client, "m v=2 2\n", 8, NULL, &error));
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_CONNECT);
  g_assert_true (im_influx_error_is_retryable (error));
  g_test_message ("%s", error->message);

  dir_file = g_file_new_for_path (dir);
  remove_tree (dir_file);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/influx-client/ping", test_ping);
  g_test_add_func ("/influx-client/create-database", test_create_database);
  g_test_add_func ("/influx-client/escaping-round-trip", test_escaping_round_trip);
  g_test_add_func ("/influx-client/unrepresentable", test_unrepresentable);
  g_test_add_func ("/influx-client/float-round-trip", test_float_round_trip);
  g_test_add_func ("/influx-client/reading-round-trip", test_reading_round_trip);
  g_test_add_func ("/influx-client/bad-request", test_bad_request);
  g_test_add_func ("/influx-client/partial-write", test_partial_write);
  g_test_add_func ("/influx-client/not-found", test_not_found);
  g_test_add_func ("/influx-client/gzip", test_gzip);
  g_test_add_func ("/influx-client/hostile-queries", test_hostile_queries);
  g_test_add_func ("/influx-client/async", test_async);
  g_test_add_func ("/influx-client/concurrent", test_concurrent);
  g_test_add_func ("/influx-client/large-query", test_large_query);
  g_test_add_func ("/influx-client/server-stopped", test_server_stopped);

  ret = g_test_run ();

  if (shared_client != NULL)
    {
      drop_database (shared_client, im_influx_client_get_database (shared_client));
      g_clear_object (&shared_client);
    }

  return ret;
}
