/* test-influx-result.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-influx-client-private.h"

static ImInfluxResult *
parse_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  ImInfluxResult *result;

  result = im_influx_result_new_from_json (json, strlen (json), &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  return result;
}

static void
assert_value_type (const ImInfluxSeries *series,
                   guint                 row,
                   guint                 column,
                   ImInfluxValueType     type)
{
  const ImInfluxValue *value = im_influx_series_get_value (series, row, column);

  g_assert_nonnull (value);
  g_assert_cmpint (value->type, ==, type);
}

static void
test_typed_columns (void)
{
  g_autoptr(ImInfluxResult) result = NULL;
  const ImInfluxSeries *series;
  const ImInfluxValue *value;

  result = parse_ok ("{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"sensor_readings\","
                     "\"columns\":[\"time\",\"temperature\",\"count\",\"state\",\"ok\",\"anomaly\"],"
                     "\"values\":["
                     "[1795843609123456789,55.1,42,\"normal\",true,null],"
                     "[-5,-0.25,-7,\"\",false,\"spike\"],"
                     "[0,1e+300,9223372036854775807,\"\\u00e9\\ud83d\\ude00 \\\"q\\\" {[\",true,null]"
                     "]}]}]}\n");

  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 1);
  series = im_influx_result_get_series (result, 0);
  g_assert_cmpstr (im_influx_series_get_name (series), ==, "sensor_readings");
  g_assert_cmpuint (im_influx_series_get_statement (series), ==, 0);
  g_assert_cmpuint (im_influx_series_get_n_tags (series), ==, 0);
  g_assert_null (im_influx_series_get_tag (series, "machine_id"));
  g_assert_cmpuint (im_influx_series_get_n_columns (series), ==, 6);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 3);
  g_assert_cmpstr (im_influx_series_get_column_name (series, 0), ==, "time");
  g_assert_cmpstr (im_influx_series_get_column_name (series, 5), ==, "anomaly");
  g_assert_cmpint (im_influx_series_find_column (series, "state"), ==, 3);
  g_assert_cmpint (im_influx_series_find_column (series, "power"), ==, -1);

  value = im_influx_series_get_value (series, 0, 0);
  g_assert_cmpint (value->type, ==, IM_INFLUX_VALUE_INTEGER);
  g_assert_cmpint (value->i, ==, G_GINT64_CONSTANT (1795843609123456789));
  value = im_influx_series_get_value (series, 0, 1);
  g_assert_cmpint (value->type, ==, IM_INFLUX_VALUE_FLOAT);
  g_assert_cmpfloat (value->f, ==, 55.1);
  value = im_influx_series_get_value (series, 0, 2);
  g_assert_cmpint (value->type, ==, IM_INFLUX_VALUE_INTEGER);
  g_assert_cmpint (value->i, ==, 42);
  value = im_influx_series_get_value (series, 0, 3);
  g_assert_cmpint (value->type, ==, IM_INFLUX_VALUE_STRING);
  g_assert_cmpstr (value->s, ==, "normal");
  value = im_influx_series_get_value (series, 0, 4);
  g_assert_cmpint (value->type, ==, IM_INFLUX_VALUE_BOOLEAN);
  g_assert_true (value->b);
  assert_value_type (series, 0, 5, IM_INFLUX_VALUE_NULL);

  value = im_influx_series_get_value (series, 1, 0);
  g_assert_cmpint (value->i, ==, -5);
  g_assert_cmpfloat (im_influx_series_get_double (series, 1, 1), ==, -0.25);
  g_assert_cmpfloat (im_influx_series_get_double (series, 1, 2), ==, -7.0);
  g_assert_cmpstr (im_influx_series_get_value (series, 1, 3)->s, ==, "");
  g_assert_false (im_influx_series_get_value (series, 1, 4)->b);
  g_assert_cmpstr (im_influx_series_get_value (series, 1, 5)->s, ==, "spike");

  g_assert_cmpfloat (im_influx_series_get_double (series, 2, 1), ==, 1e300);
  value = im_influx_series_get_value (series, 2, 2);
  g_assert_cmpint (value->type, ==, IM_INFLUX_VALUE_INTEGER);
  g_assert_cmpint (value->i, ==, G_MAXINT64);
  g_assert_cmpstr (im_influx_series_get_value (series, 2, 3)->s, ==, "é😀 \"q\" {[");

  /* Only numbers convert to double. */
  g_assert_true (isnan (im_influx_series_get_double (series, 0, 3)));
  g_assert_true (isnan (im_influx_series_get_double (series, 0, 4)));
  g_assert_true (isnan (im_influx_series_get_double (series, 0, 5)));
}

static void
test_numbers (void)
{
  g_autoptr(ImInfluxResult) result = NULL;
  const ImInfluxSeries *series;
  const ImInfluxValue *value;
  static const struct {
    ImInfluxValueType type;
    double f;
    gint64 i;
  } expected[] = {
    /* Go writes float fields below 1e21 without an exponent. */
    { IM_INFLUX_VALUE_FLOAT, 1e20, 0 },
    { IM_INFLUX_VALUE_FLOAT, 9223372036854775808.0, 0 },
    { IM_INFLUX_VALUE_INTEGER, 0, G_MININT64 },
    { IM_INFLUX_VALUE_FLOAT, -9223372036854775809.0, 0 },
    { IM_INFLUX_VALUE_FLOAT, -0.0, 0 },
    { IM_INFLUX_VALUE_INTEGER, 0, 0 },
    { IM_INFLUX_VALUE_FLOAT, 5e-324, 0 },
    { IM_INFLUX_VALUE_FLOAT, 0.1, 0 },
    { IM_INFLUX_VALUE_FLOAT, 1.7976931348623157e+308, 0 },
    { IM_INFLUX_VALUE_FLOAT, 0.00001, 0 },
    { IM_INFLUX_VALUE_FLOAT, -1.5e-7, 0 },
    { IM_INFLUX_VALUE_FLOAT, 123456789012345678901234567890.0, 0 },
  };

  result = parse_ok ("{\"results\":[{\"series\":[{\"name\":\"n\",\"columns\":[\"v\"],\"values\":["
                     "[100000000000000000000],[9223372036854775808],[-9223372036854775808],"
                     "[-9223372036854775809],[-0],[0],[5e-324],[0.1],[1.7976931348623157e+308],"
                     "[0.00001],[-1.5E-7],[123456789012345678901234567890]]}]}]}");
  series = im_influx_result_get_series (result, 0);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      value = im_influx_series_get_value (series, i, 0);
      g_test_message ("row %u", i);
      g_assert_cmpint (value->type, ==, expected[i].type);
      if (value->type == IM_INFLUX_VALUE_FLOAT)
        {
          g_assert_cmpfloat (value->f, ==, expected[i].f);
          g_assert_cmpint (signbit (value->f), ==, signbit (expected[i].f));
        }
      else
        {
          g_assert_cmpint (value->i, ==, expected[i].i);
        }
    }
}

static void
test_series_with_tags (void)
{
  g_autoptr(ImInfluxResult) result = NULL;
  const ImInfluxSeries *series;

  result = parse_ok ("{\"results\":["
                     "{\"statement_id\":0,\"series\":["
                     "{\"name\":\"sensor_readings\",\"tags\":{\"machine_id\":\"M1\",\"sensor_id\":\"M1-S1\"},"
                     "\"columns\":[\"time\",\"mean\"],\"values\":[[10,1.5],[20,null]]},"
                     "{\"name\":\"sensor_readings\",\"tags\":{\"machine_id\":\"a b,c=d\\\\\",\"sensor_id\":\"\"},"
                     "\"columns\":[\"time\",\"mean\"],\"values\":[[10,2.5]]}]},"
                     "{\"statement_id\":1},"
                     "{\"statement_id\":2,\"series\":[{\"name\":\"measurements\",\"columns\":[\"name\"],"
                     "\"values\":[[\"sensor_readings\"]]}]}]}");

  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 3);

  series = im_influx_result_get_series (result, 0);
  g_assert_cmpuint (im_influx_series_get_statement (series), ==, 0);
  g_assert_cmpuint (im_influx_series_get_n_tags (series), ==, 2);
  g_assert_cmpstr (im_influx_series_get_tag_key (series, 0), ==, "machine_id");
  g_assert_cmpstr (im_influx_series_get_tag_value (series, 0), ==, "M1");
  g_assert_cmpstr (im_influx_series_get_tag_key (series, 1), ==, "sensor_id");
  g_assert_cmpstr (im_influx_series_get_tag (series, "sensor_id"), ==, "M1-S1");
  g_assert_null (im_influx_series_get_tag (series, "plant"));
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 2);
  assert_value_type (series, 1, 1, IM_INFLUX_VALUE_NULL);
  g_assert_true (isnan (im_influx_series_get_double (series, 1, 1)));

  series = im_influx_result_get_series (result, 1);
  g_assert_cmpuint (im_influx_series_get_statement (series), ==, 0);
  g_assert_cmpstr (im_influx_series_get_tag (series, "machine_id"), ==, "a b,c=d\\");
  g_assert_cmpstr (im_influx_series_get_tag (series, "sensor_id"), ==, "");
  g_assert_cmpfloat (im_influx_series_get_double (series, 0, 1), ==, 2.5);

  /* Statement 1 had no series. */
  series = im_influx_result_get_series (result, 2);
  g_assert_cmpuint (im_influx_series_get_statement (series), ==, 2);
  g_assert_cmpstr (im_influx_series_get_name (series), ==, "measurements");
  g_assert_cmpstr (im_influx_series_get_value (series, 0, 0)->s, ==, "sensor_readings");
}

static void
test_empty_results (void)
{
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(ImInfluxResult) ref = NULL;

  result = parse_ok ("{\"results\":[{\"statement_id\":0}]}\n");
  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 0);

  ref = im_influx_result_ref (result);
  g_assert_true (ref == result);

  g_clear_pointer (&result, im_influx_result_unref);
  result = parse_ok ("  {\"results\":[]}  ");
  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 0);

  g_assert_true (G_TYPE_IS_BOXED (IM_TYPE_INFLUX_RESULT));
}

static void
test_strings_stored_once (void)
{
  g_autoptr(ImInfluxResult) result = NULL;
  const ImInfluxSeries *series;

  result = parse_ok ("{\"results\":[{\"series\":[{\"name\":\"m\",\"tags\":{\"t\":\"normal\"},"
                     "\"columns\":[\"state\"],\"values\":[[\"normal\"],[\"failing\"],[\"normal\"]]}]}]}");
  series = im_influx_result_get_series (result, 0);

  g_assert_true (im_influx_series_get_value (series, 0, 0)->s ==
                 im_influx_series_get_value (series, 2, 0)->s);
  g_assert_true (im_influx_series_get_value (series, 0, 0)->s ==
                 im_influx_series_get_tag (series, "t"));
  g_assert_false (im_influx_series_get_value (series, 0, 0)->s ==
                  im_influx_series_get_value (series, 1, 0)->s);
}

static void
test_statement_error (void)
{
  static const struct {
    const char *json;
    const char *message;
  } cases[] = {
    { "{\"results\":[{\"statement_id\":0,\"error\":\"database not found: nodb\"}]}",
      "database not found: nodb" },
    { "{\"error\":\"error parsing query: found EOF, expected identifier at line 1, char 15\"}",
      "error parsing query: found EOF, expected identifier at line 1, char 15" },
    /* The error of a later statement, after good series. */
    { "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\",\"columns\":[\"a\"],\"values\":[[1]]}]},"
      "{\"statement_id\":1,\"error\":\"retention policy not found: rp\"}]}",
      "retention policy not found: rp" },
    /* In a later chunk. */
    { "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\",\"columns\":[\"a\"],\"values\":[[1]],"
      "\"partial\":true}],\"partial\":true}]}\n"
      "{\"results\":[{\"statement_id\":0,\"error\":\"max-select-point limit exceeded: (10 / 1)\"}]}\n",
      "max-select-point limit exceeded: (10 / 1)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ImInfluxResult) result = NULL;

      result = im_influx_result_new_from_json (cases[i].json, strlen (cases[i].json), &error);
      g_assert_null (result);
      g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_QUERY);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_false (im_influx_error_is_retryable (error));
    }
}

static void
test_malformed (void)
{
  static const char * const cases[] = {
    "",
    "   \n",
    "not json",
    "<html><body>502 Bad Gateway</body></html>",
    "{\"results\":[",
    "{\"results\":[{\"series\":[{\"name\":\"m\",\"columns\":[\"a\"],\"values\":[[1]]}]}]",
    "{\"results\":5}",
    "{\"other\":[]}",
    "[1,2,3]",
    "{\"results\":[5]}",
    "{\"results\":[{\"series\":{}}]}",
    "{\"results\":[{\"series\":[{\"name\":\"m\",\"values\":[[1]]}]}]}",
    "{\"results\":[{\"series\":[{\"name\":\"m\",\"columns\":[\"a\",\"b\"],\"values\":[[1]]}]}]}",
    "{\"results\":[{\"series\":[{\"name\":\"m\",\"columns\":[\"a\"],\"values\":[[1,2]]}]}]}",
    "{\"results\":[{\"series\":[{\"name\":\"m\",\"columns\":[\"a\"],\"values\":[[{\"x\":1}]]}]}]}",
    "{\"results\":[{\"series\":[{\"name\":\"m\",\"columns\":[\"a\"],\"values\":[[[1]]]}]}]}",
    "{\"results\":[{\"series\":[{\"name\":\"m\",\"columns\":[\"a\"],\"values\":[5]}]}]}",
    "{\"results\":[{\"series\":[{\"name\":\"m\",\"columns\":[1],\"values\":[]}]}]}",
    "{\"results\":[{\"series\":[{\"name\":7,\"columns\":[\"a\"]}]}]}",
    "{\"results\":[{\"series\":[{\"name\":\"m\",\"tags\":{\"k\":1},\"columns\":[\"a\"]}]}]}",
    "{\"results\":[{\"series\":[{\"name\":\"m\",\"columns\":[\"a\"],\"values\":[[tru]]}]}]}",
    "{\"results\":[]}}",
    "{\"results\":[]} trailing",
    "{\"results\":[\"\xff\"]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ImInfluxResult) result = NULL;
      g_autofree char *shown = g_strescape (cases[i], NULL);

      g_test_message ("case %u: %s", i, shown);
      result = im_influx_result_new_from_json (cases[i], strlen (cases[i]), &error);
      g_assert_null (result);
      g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PROTOCOL);
      g_test_message ("→ %s", error->message);
    }
}

/* What InfluxDB sends with chunked=true: a series cut into chunks marked
 * "partial", then the next series, then the next statement. */
static const char chunked_answer[] =
  "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\",\"tags\":{\"machine_id\":\"M1\"},"
  "\"columns\":[\"time\",\"v\"],\"values\":[[1,0.5],[2,-0]],\"partial\":true}],\"partial\":true}]}\n"
  "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\",\"tags\":{\"machine_id\":\"M1\"},"
  "\"columns\":[\"time\",\"v\"],\"values\":[[3,100000000000000000000]],\"partial\":true}],\"partial\":true}]}\n"
  "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\",\"tags\":{\"machine_id\":\"M1\"},"
  "\"columns\":[\"time\",\"v\"],\"values\":[[4,\"}{\\\"\"]]}],\"partial\":true}]}\n"
  "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\",\"tags\":{\"machine_id\":\"M2\"},"
  "\"columns\":[\"time\",\"v\"],\"values\":[[1,7]]}]}]}\n"
  "{\"results\":[{\"statement_id\":1,\"series\":[{\"name\":\"m\",\"tags\":{\"machine_id\":\"M2\"},"
  "\"columns\":[\"time\",\"v\"],\"values\":[[9,9]]}]}]}\n";

static void
assert_chunked_result (ImInfluxResult *result)
{
  const ImInfluxSeries *series;

  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 3);

  series = im_influx_result_get_series (result, 0);
  g_assert_cmpstr (im_influx_series_get_tag (series, "machine_id"), ==, "M1");
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 4);
  for (guint r = 0; r < 4; r++)
    g_assert_cmpint (im_influx_series_get_value (series, r, 0)->i, ==, r + 1);
  g_assert_cmpfloat (im_influx_series_get_double (series, 0, 1), ==, 0.5);
  g_assert_true (signbit (im_influx_series_get_double (series, 1, 1)));
  g_assert_cmpfloat (im_influx_series_get_double (series, 2, 1), ==, 1e20);
  g_assert_cmpstr (im_influx_series_get_value (series, 3, 1)->s, ==, "}{\"");

  series = im_influx_result_get_series (result, 1);
  g_assert_cmpstr (im_influx_series_get_tag (series, "machine_id"), ==, "M2");
  g_assert_cmpuint (im_influx_series_get_statement (series), ==, 0);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 1);

  /* Same name and tags, but another statement: not merged. */
  series = im_influx_result_get_series (result, 2);
  g_assert_cmpuint (im_influx_series_get_statement (series), ==, 1);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, 1);
  g_assert_cmpint (im_influx_series_get_value (series, 0, 0)->i, ==, 9);
}

static void
test_chunked (void)
{
  gsize len = strlen (chunked_answer);
  g_autoptr(ImInfluxResult) whole = parse_ok (chunked_answer);

  assert_chunked_result (whole);

  /* Any split into pieces gives the same result: here every piece size
   * from 1 byte up. */
  for (gsize piece = 1; piece < len; piece += (piece < 40 ? 1 : 37))
    {
      ImInfluxResultBuilder *builder = im_influx_result_builder_new ();
      g_autoptr(ImInfluxResult) result = NULL;
      g_autoptr(GError) error = NULL;

      for (gsize offset = 0; offset < len; offset += piece)
        {
          g_assert_true (im_influx_result_builder_feed (builder, chunked_answer + offset,
                                                        MIN (piece, len - offset), &error));
          g_assert_no_error (error);
        }

      result = im_influx_result_builder_finish (builder, &error);
      g_assert_no_error (error);
      assert_chunked_result (result);
    }
}

static void
test_builder_sticky_error (void)
{
  ImInfluxResultBuilder *builder = im_influx_result_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ImInfluxResult) result = NULL;

  g_assert_false (im_influx_result_builder_feed (builder, "{\"results\":5}", 13, &error));
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* A good document afterwards does not hide the failure. */
  g_assert_false (im_influx_result_builder_feed (builder, "{\"results\":[]}", 14, &error));
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PROTOCOL);
  g_clear_error (&error);

  result = im_influx_result_builder_finish (builder, &error);
  g_assert_null (result);
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PROTOCOL);
}

/* A large answer as InfluxDB sends it for a week of one machine's raw
 * readings: chunks of 10 000 rows of 8 columns. */
static void
test_large_answer (void)
{
  guint n_rows = g_test_slow () ? 600000 : 30000;
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const ImInfluxSeries *series;
  ImInfluxResultBuilder *builder;
  gint64 start, elapsed;
  double checksum = 0.0, expected_checksum = 0.0;
  gsize piece = 16384;

  for (guint row = 0; row < n_rows; row++)
    {
      double temperature = 40.0 + (row % 5000) * 0.01;

      if (row % 10000 == 0)
        g_string_append (json,
                         "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"sensor_readings\","
                         "\"tags\":{\"machine_id\":\"MACHINE_001\"},\"columns\":[\"time\",\"temperature\","
                         "\"vibration\",\"pressure\",\"power\",\"degradation\",\"state\",\"anomaly\"],"
                         "\"values\":[");
      else
        g_string_append_c (json, ',');

      g_string_append_printf (json, "[%" G_GINT64_FORMAT ",%.17g,1.0234567890123,50.2,251.3,0.5,\"%s\",%s]",
                              G_GINT64_CONSTANT (1795843609000000000) + (gint64) row * 1000000000,
                              temperature, row % 3 ? "normal" : "degrading",
                              row % 100 ? "\"none\"" : "\"spike\"");
      expected_checksum += temperature;

      if (row % 10000 == 9999 || row == n_rows - 1)
        g_string_append_printf (json, "]%s}]%s}]}\n",
                                row == n_rows - 1 ? "" : ",\"partial\":true",
                                row == n_rows - 1 ? "" : ",\"partial\":true");
    }

  builder = im_influx_result_builder_new ();
  start = g_get_monotonic_time ();
  for (gsize offset = 0; offset < json->len; offset += piece)
    g_assert_true (im_influx_result_builder_feed (builder, json->str + offset,
                                                  MIN (piece, json->len - offset), NULL));
  result = im_influx_result_builder_finish (builder, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);

  g_test_message ("parsed %u rows × 8 columns (%.1f MB of JSON) in %.0f ms: %.0f rows/s",
                  n_rows, json->len / 1e6, elapsed / 1000.0, n_rows / (elapsed / 1e6));

  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 1);
  series = im_influx_result_get_series (result, 0);
  g_assert_cmpuint (im_influx_series_get_n_rows (series), ==, n_rows);
  for (guint row = 0; row < n_rows; row++)
    checksum += im_influx_series_get_double (series, row, 1);
  g_assert_cmpfloat (checksum, ==, expected_checksum);
  g_assert_cmpint (im_influx_series_get_value (series, n_rows - 1, 0)->i, ==,
                   G_GINT64_CONSTANT (1795843609000000000) + (gint64) (n_rows - 1) * 1000000000);
  g_assert_cmpstr (im_influx_series_get_value (series, 100, 7)->s, ==, "spike");
  g_assert_cmpstr (im_influx_series_get_value (series, 101, 7)->s, ==, "none");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/influx-result/typed-columns", test_typed_columns);
  g_test_add_func ("/influx-result/numbers", test_numbers);
  g_test_add_func ("/influx-result/series-with-tags", test_series_with_tags);
  g_test_add_func ("/influx-result/empty", test_empty_results);
  g_test_add_func ("/influx-result/strings-stored-once", test_strings_stored_once);
  g_test_add_func ("/influx-result/statement-error", test_statement_error);
  g_test_add_func ("/influx-result/malformed", test_malformed);
  g_test_add_func ("/influx-result/chunked", test_chunked);
  g_test_add_func ("/influx-result/builder-sticky-error", test_builder_sticky_error);
  g_test_add_func ("/influx-result/large-answer", test_large_answer);

  return g_test_run ();
}
