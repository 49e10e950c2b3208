/* test-line-protocol.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "im-line-protocol.h"
#include "im-util.h"

typedef enum
{
  PART_MEASUREMENT,
  PART_TAG_KEY,
  PART_TAG_VALUE,
  PART_FIELD_KEY,
  PART_FIELD_STRING,
} Part;

typedef struct
{
  Part        part;
  const char *input;
  const char *expected;   /* NULL: refused with @code */
  int         code;
} EscapeCase;

static const EscapeCase escape_cases[] = {
  /* measurement: comma and space */
  { PART_MEASUREMENT, "cpu", "cpu", 0 },
  { PART_MEASUREMENT, "my measurement", "my\\ measurement", 0 },
  { PART_MEASUREMENT, "a,b", "a\\,b", 0 },
  { PART_MEASUREMENT, "a=b", "a=b", 0 },
  { PART_MEASUREMENT, "say \"hi\"", "say\\ \"hi\"", 0 },
  { PART_MEASUREMENT, "back\\slash", "back\\slash", 0 },
  { PART_MEASUREMENT, " lead", "\\ lead", 0 },
  { PART_MEASUREMENT, "température", "température", 0 },
  { PART_MEASUREMENT, "in#side", "in#side", 0 },
  { PART_MEASUREMENT, "", NULL, IM_LP_ERROR_EMPTY },
  { PART_MEASUREMENT, "#comment", NULL, IM_LP_ERROR_UNREPRESENTABLE },
  { PART_MEASUREMENT, "\ttab", NULL, IM_LP_ERROR_UNREPRESENTABLE },
  { PART_MEASUREMENT, "trail\\", NULL, IM_LP_ERROR_UNREPRESENTABLE },
  { PART_MEASUREMENT, "two\nlines", NULL, IM_LP_ERROR_NEWLINE },
  { PART_MEASUREMENT, "cr\r", NULL, IM_LP_ERROR_NEWLINE },
  { PART_MEASUREMENT, "bad\xff", NULL, IM_LP_ERROR_INVALID_UTF8 },

  /* tag keys: comma, equals sign and space */
  { PART_TAG_KEY, "machine_id", "machine_id", 0 },
  { PART_TAG_KEY, "a b", "a\\ b", 0 },
  { PART_TAG_KEY, "a=b", "a\\=b", 0 },
  { PART_TAG_KEY, "a,b", "a\\,b", 0 },
  { PART_TAG_KEY, "#k", "#k", 0 },
  { PART_TAG_KEY, "", NULL, IM_LP_ERROR_EMPTY },
  { PART_TAG_KEY, "k\\", NULL, IM_LP_ERROR_UNREPRESENTABLE },
  { PART_TAG_KEY, "k\n", NULL, IM_LP_ERROR_NEWLINE },

  /* tag values: the same three; quotes and other backslashes as they are */
  { PART_TAG_VALUE, "MACHINE_001", "MACHINE_001", 0 },
  { PART_TAG_VALUE, "hall 1, line=2", "hall\\ 1\\,\\ line\\=2", 0 },
  { PART_TAG_VALUE, "' OR 1=1 --", "'\\ OR\\ 1\\=1\\ --", 0 },
  { PART_TAG_VALUE, "\"; DROP DATABASE x", "\";\\ DROP\\ DATABASE\\ x", 0 },
  { PART_TAG_VALUE, "c:\\dir\\file", "c:\\dir\\file", 0 },
  { PART_TAG_VALUE, "a\\,b", "a\\\\,b", 0 },
  { PART_TAG_VALUE, "a\\ b", "a\\\\ b", 0 },
  { PART_TAG_VALUE, "tab\there", "tab\there", 0 },
  { PART_TAG_VALUE, "Zürich–Genève", "Zürich–Genève", 0 },
  { PART_TAG_VALUE, "🏭 plant", "🏭\\ plant", 0 },
  { PART_TAG_VALUE, "", NULL, IM_LP_ERROR_EMPTY },
  { PART_TAG_VALUE, "ends\\", NULL, IM_LP_ERROR_UNREPRESENTABLE },
  { PART_TAG_VALUE, "ends\\\\", NULL, IM_LP_ERROR_UNREPRESENTABLE },
  { PART_TAG_VALUE, "line\nbreak", NULL, IM_LP_ERROR_NEWLINE },
  { PART_TAG_VALUE, "\r", NULL, IM_LP_ERROR_NEWLINE },
  { PART_TAG_VALUE, "\xc3\x28", NULL, IM_LP_ERROR_INVALID_UTF8 },
  { PART_TAG_VALUE, "\xed\xa0\x80", NULL, IM_LP_ERROR_INVALID_UTF8 },  /* a surrogate */

  /* field keys: comma, equals sign and space */
  { PART_FIELD_KEY, "temperature", "temperature", 0 },
  { PART_FIELD_KEY, "f,= k", "f\\,\\=\\ k", 0 },
  { PART_FIELD_KEY, "\"quoted\"", "\"quoted\"", 0 },
  { PART_FIELD_KEY, "", NULL, IM_LP_ERROR_EMPTY },
  { PART_FIELD_KEY, "f\\", NULL, IM_LP_ERROR_UNREPRESENTABLE },
  { PART_FIELD_KEY, "f\r\n", NULL, IM_LP_ERROR_NEWLINE },

  /* string field values: double-quoted, `"` and `\` escaped */
  { PART_FIELD_STRING, "normal", "\"normal\"", 0 },
  { PART_FIELD_STRING, "", "\"\"", 0 },
  { PART_FIELD_STRING, "say \"hi\"", "\"say \\\"hi\\\"\"", 0 },
  { PART_FIELD_STRING, "back\\slash\\", "\"back\\\\slash\\\\\"", 0 },
  { PART_FIELD_STRING, "a,b=c d", "\"a,b=c d\"", 0 },
  { PART_FIELD_STRING, "' OR ''='", "\"' OR ''='\"", 0 },
  { PART_FIELD_STRING, "😀 ok", "\"😀 ok\"", 0 },
  { PART_FIELD_STRING, "two\nlines", NULL, IM_LP_ERROR_NEWLINE },
  { PART_FIELD_STRING, "\xf0\x9f", NULL, IM_LP_ERROR_INVALID_UTF8 },
};

static gboolean
append_part (GString     *buf,
             Part         part,
             const char  *input,
             GError     **error)
{
  switch (part)
    {
    case PART_MEASUREMENT:
      return im_lp_append_measurement (buf, input, error);
    case PART_TAG_KEY:
      return im_lp_append_tag (buf, input, "v", error);
    case PART_TAG_VALUE:
      return im_lp_append_tag (buf, "k", input, error);
    case PART_FIELD_KEY:
      return im_lp_append_field_key (buf, input, error);
    case PART_FIELD_STRING:
      return im_lp_append_field_string (buf, input, error);
    default:
      g_assert_not_reached ();
    }
}

static void
test_escaping (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (escape_cases); i++)
    {
      const EscapeCase *c = &escape_cases[i];
      g_autoptr(GString) buf = g_string_new ("prefix");
      g_autoptr(GError) error = NULL;
      g_autofree char *shown = g_strescape (c->input, NULL);
      gboolean ok;

      g_test_message ("case %u: “%s”", i, shown);
      ok = append_part (buf, c->part, c->input, &error);

      if (c->expected != NULL)
        {
          g_autofree char *expected = NULL;

          g_assert_no_error (error);
          g_assert_true (ok);

          if (c->part == PART_TAG_KEY)
            expected = g_strconcat ("prefix,", c->expected, "=v", NULL);
          else if (c->part == PART_TAG_VALUE)
            expected = g_strconcat ("prefix,k=", c->expected, NULL);
          else
            expected = g_strconcat ("prefix", c->expected, NULL);

          g_assert_cmpstr (buf->str, ==, expected);
        }
      else
        {
          g_assert_error (error, IM_LP_ERROR, c->code);
          g_assert_false (ok);
          /* Nothing appended on failure. */
          g_assert_cmpstr (buf->str, ==, "prefix");
        }
    }
}

static guint64
double_bits (double value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  return bits;
}

static void
assert_float_round_trip (double value)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  double back;

  g_assert_true (im_lp_append_field_float (buf, value, &error));
  g_assert_no_error (error);

  /* Line protocol floats: digits, sign, point and exponent only. */
  g_assert_cmpuint (strspn (buf->str, "0123456789-+.e"), ==, buf->len);

  back = g_ascii_strtod (buf->str, &end);
  g_assert_true (*end == '\0');
  if (double_bits (back) != double_bits (value))
    g_error ("%.17g written as “%s” read back as %.17g", value, buf->str, back);
}

static void
test_float_round_trip (void)
{
  static const double specials[] = {
    0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0, 1e300, -1e300,
    1e-300, 123456789.123456789, 55.1, 1.02, 50.2, 251.3, 1e21, 1e22,
    9007199254740993.0, 18446744073709551616.0, 100000000000000000000.0,
    DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_MIN, DBL_EPSILON, DBL_TRUE_MIN,
    -DBL_TRUE_MIN, DBL_MIN / 3.0, 4.9406564584124654e-324,
    2.2250738585072009e-308, 0.30000000000000004,
  };
  g_autoptr(GString) buf = g_string_new (NULL);
  guint n_wanted = g_test_thorough () ? 1000000 : 30000;
  guint n_random = 0;

  for (guint i = 0; i < G_N_ELEMENTS (specials); i++)
    assert_float_round_trip (specials[i]);

  /* -0.0 keeps its sign. */
  assert_float_round_trip (-0.0);
  g_assert_true (im_lp_append_field_float (buf, -0.0, NULL));
  g_assert_cmpstr (buf->str, ==, "-0");

  /* Random bit patterns cover every exponent, subnormals included. */
  while (n_random < n_wanted)
    {
      guint64 bits = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
      double value;

      memcpy (&value, &bits, sizeof value);
      if (!isfinite (value))
        continue;

      assert_float_round_trip (value);
      n_random++;
    }

  /* And plain decimals of sensor-like magnitude. */
  for (guint i = 0; i < n_wanted; i++)
    {
      double value = g_test_rand_double_range (-1000.0, 1000.0);

      assert_float_round_trip (value);
      assert_float_round_trip (round (value * 100.0) / 100.0);
    }

  /* Subnormals specifically. */
  for (guint i = 0; i < n_wanted / 10; i++)
    assert_float_round_trip (g_test_rand_double_range (0.0, DBL_MIN));
}

static void
test_float_not_finite (void)
{
  const double values[] = { NAN, -NAN, INFINITY, -INFINITY };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GString) buf = g_string_new ("x=");
      g_autoptr(GError) error = NULL;

      g_assert_false (im_lp_append_field_float (buf, values[i], &error));
      g_assert_error (error, IM_LP_ERROR, IM_LP_ERROR_NOT_FINITE);
      g_assert_cmpstr (buf->str, ==, "x=");
    }
}

static void
test_integer_and_boolean (void)
{
  g_autoptr(GString) buf = g_string_new (NULL);

  im_lp_append_field_integer (buf, 0);
  g_string_append_c (buf, ' ');
  im_lp_append_field_integer (buf, G_GINT64_CONSTANT (1795867200123456789));
  g_string_append_c (buf, ' ');
  im_lp_append_field_integer (buf, G_MININT64);
  g_string_append_c (buf, ' ');
  im_lp_append_field_boolean (buf, TRUE);
  g_string_append_c (buf, ' ');
  im_lp_append_field_boolean (buf, FALSE);
  g_assert_cmpstr (buf->str, ==,
                   "0i 1795867200123456789i -9223372036854775808i true false");
}

static void
test_timestamp (void)
{
  static const struct {
    gint64 value;
    const char *expected;
  } cases[] = {
    { 0, "0" },
    { 7, "7" },
    { -1, "-1" },
    { G_GINT64_CONSTANT (1795843609123456789), "1795843609123456789" },
    { G_MAXINT64, "9223372036854775807" },
    { G_MININT64, "-9223372036854775808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) buf = g_string_new (NULL);

      im_lp_append_timestamp (buf, cases[i].value);
      g_assert_cmpstr (buf->str, ==, cases[i].expected);
    }
}

static void
make_reading (ImReading  *reading,
              const char *machine_id,
              const char *sensor_id)
{
  im_reading_init (reading);
  g_strlcpy (reading->machine_id, machine_id, sizeof reading->machine_id);
  g_strlcpy (reading->sensor_id, sensor_id, sizeof reading->sensor_id);
  reading->time_ns = G_GINT64_CONSTANT (1795843609123456000);
  reading->values[IM_SENSOR_TEMPERATURE] = 55.1;
  reading->values[IM_SENSOR_VIBRATION] = 1.02;
  reading->values[IM_SENSOR_PRESSURE] = 50.2;
  reading->values[IM_SENSOR_POWER] = 251.3;
}

static void
test_reading (void)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  ImReading reading;

  /* Simulator reading: full ground truth, no anomaly. */
  make_reading (&reading, "MACHINE_001", "MACHINE_001-S1");
  reading.state = IM_MACHINE_STATE_NORMAL;
  reading.degradation = 0.0;
  g_assert_true (im_lp_append_reading (buf, &reading, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (buf->str, ==,
                   "sensor_readings,machine_id=MACHINE_001,sensor_id=MACHINE_001-S1 "
                   "temperature=55.1,vibration=1.02,pressure=50.2,power=251.3,"
                   "degradation=0,state=\"normal\",anomaly=\"none\" "
                   "1795843609123456000\n");

  /* With an anomaly. */
  g_string_truncate (buf, 0);
  reading.state = IM_MACHINE_STATE_FAILING;
  reading.degradation = 0.875;
  reading.anomaly = IM_ANOMALY_MULTI_SENSOR;
  reading.values[IM_SENSOR_POWER] = 100000.0;
  g_assert_true (im_lp_append_reading (buf, &reading, &error));
  g_assert_cmpstr (buf->str, ==,
                   "sensor_readings,machine_id=MACHINE_001,sensor_id=MACHINE_001-S1 "
                   "temperature=55.1,vibration=1.02,pressure=50.2,power=100000,"
                   "degradation=0.875,state=\"failing\",anomaly=\"multi_sensor\" "
                   "1795843609123456000\n");

  /* A real sensor: no ground truth at all. */
  g_string_truncate (buf, 0);
  make_reading (&reading, "m.1:a-b", "s_2");
  reading.time_ns = 946684800000000000;
  g_assert_true (im_lp_append_reading (buf, &reading, &error));
  g_assert_cmpstr (buf->str, ==,
                   "sensor_readings,machine_id=m.1:a-b,sensor_id=s_2 "
                   "temperature=55.1,vibration=1.02,pressure=50.2,power=251.3 "
                   "946684800000000000\n");

  /* An anomaly without a state is still written. */
  g_string_truncate (buf, 0);
  reading.anomaly = IM_ANOMALY_SPIKE;
  reading.values[IM_SENSOR_VIBRATION] = -0.0;
  g_assert_true (im_lp_append_reading (buf, &reading, &error));
  g_assert_cmpstr (buf->str, ==,
                   "sensor_readings,machine_id=m.1:a-b,sensor_id=s_2 "
                   "temperature=55.1,vibration=-0,pressure=50.2,power=251.3,"
                   "anomaly=\"spike\" 946684800000000000\n");
}

static void
test_reading_invalid (void)
{
  g_autoptr(GString) buf = g_string_new ("kept\n");
  ImReading reading;
  struct {
    const char *what;
    int code;
  } cases[] = {
    { "empty machine id", IM_LP_ERROR_EMPTY },
    { "NaN pressure", IM_LP_ERROR_NOT_FINITE },
    { "infinite degradation", IM_LP_ERROR_NOT_FINITE },
    { "machine id with a newline", IM_LP_ERROR_NEWLINE },
    { "bad state", IM_LP_ERROR_UNREPRESENTABLE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      make_reading (&reading, "M1", "S1");
      reading.state = IM_MACHINE_STATE_DEGRADING;
      switch (i)
        {
        case 0: reading.machine_id[0] = '\0'; break;
        case 1: reading.values[IM_SENSOR_PRESSURE] = NAN; break;
        case 2: reading.degradation = INFINITY; break;
        case 3: g_strlcpy (reading.machine_id, "a\nb", sizeof reading.machine_id); break;
        case 4: reading.state = (ImMachineState) 42; break;
        default: g_assert_not_reached ();
        }

      g_test_message ("%s", cases[i].what);
      g_assert_false (im_lp_append_reading (buf, &reading, &error));
      g_assert_error (error, IM_LP_ERROR, cases[i].code);
      g_assert_cmpstr (buf->str, ==, "kept\n");
    }
}

#define BATCH_SIZE 100000
/* Distinct readings; the batch repeats them with other timestamps. */
#define N_TEMPLATES 1000

static void
random_reading (ImReading *reading,
                guint      i)
{
  char machine[16], sensor[24];

  g_snprintf (machine, sizeof machine, "MACHINE_%03u", i % 50 + 1);
  g_snprintf (sensor, sizeof sensor, "%s-S%u", machine, i % 4 + 1);
  make_reading (reading, machine, sensor);
  /* With two or three decimals, as sensors report them. */
  reading->values[IM_SENSOR_TEMPERATURE] = round (g_test_rand_double_range (40.0, 90.0) * 100.0) / 100.0;
  reading->values[IM_SENSOR_VIBRATION] = round (g_test_rand_double_range (0.5, 3.0) * 1000.0) / 1000.0;
  reading->values[IM_SENSOR_PRESSURE] = round (g_test_rand_double_range (30.0, 70.0) * 100.0) / 100.0;
  reading->values[IM_SENSOR_POWER] = round (g_test_rand_double_range (200.0, 400.0) * 100.0) / 100.0;
  if (i % 3 != 0)
    {
      reading->state = (ImMachineState) (i % 3);
      reading->degradation = round (g_test_rand_double_range (0.0, 1.0) * 1000.0) / 1000.0;
      reading->anomaly = (ImAnomaly) (i % IM_N_ANOMALIES);
    }
}

static gint64
batch_time (guint i)
{
  /* 19 digits for every i. */
  return G_GINT64_CONSTANT (1795843609000000000) + (gint64) i * 1000000;
}

/* A reading's line assembled from the public pieces, one by one. */
static void
append_by_pieces (GString         *buf,
                  const ImReading *reading)
{
  static const char * const keys[] = { "temperature", "vibration", "pressure", "power" };

  g_assert_true (im_lp_append_measurement (buf, IM_LP_MEASUREMENT, NULL));
  g_assert_true (im_lp_append_tag (buf, "machine_id", reading->machine_id, NULL));
  g_assert_true (im_lp_append_tag (buf, "sensor_id", reading->sensor_id, NULL));
  for (guint i = 0; i < IM_N_SENSORS; i++)
    {
      g_string_append_c (buf, i == 0 ? ' ' : ',');
      g_assert_true (im_lp_append_field_key (buf, keys[i], NULL));
      g_string_append_c (buf, '=');
      g_assert_true (im_lp_append_field_float (buf, reading->values[i], NULL));
    }
  if (!isnan (reading->degradation))
    {
      g_string_append (buf, ",degradation=");
      g_assert_true (im_lp_append_field_float (buf, reading->degradation, NULL));
    }
  if (reading->state != IM_MACHINE_STATE_UNKNOWN)
    {
      g_string_append (buf, ",state=");
      g_assert_true (im_lp_append_field_string (buf, im_machine_state_to_string (reading->state), NULL));
    }
  if (reading->state != IM_MACHINE_STATE_UNKNOWN || reading->anomaly != IM_ANOMALY_NONE)
    {
      g_string_append (buf, ",anomaly=");
      g_assert_true (im_lp_append_field_string (buf, im_anomaly_to_string (reading->anomaly), NULL));
    }
  g_string_append_c (buf, ' ');
  im_lp_append_timestamp (buf, reading->time_ns);
  g_string_append_c (buf, '\n');
}

/* im_lp_append_reading() writes valid readings straight into the
 * buffer: byte for byte what the escaping pieces make, for every id
 * character, value and timestamp, appended to what is there. */
static void
test_reading_direct (void)
{
  static const char id_chars[] = "ABCXYZabcxyz0189_.:-";
  g_autoptr(GString) direct = g_string_new ("first line\n");
  g_autoptr(GString) pieces = g_string_new ("first line\n");

  for (guint i = 0; i < 20000; i++)
    {
      ImReading reading;
      guint len;

      random_reading (&reading, i);
      len = g_test_rand_int_range (1, IM_ID_MAX_LEN + 1);
      for (guint k = 0; k < len; k++)
        reading.machine_id[k] = id_chars[g_test_rand_int_range (0, sizeof id_chars - 1)];
      reading.machine_id[len] = '\0';
      if (i % 5 == 0)
        {
          guint64 b = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
          double v;

          memcpy (&v, &b, sizeof v);
          if (isfinite (v))
            reading.values[i % IM_N_SENSORS] = v;
        }
      if (i % 7 == 0)
        reading.values[IM_SENSOR_VIBRATION] = i % 2 ? -0.0 : DBL_MAX;
      reading.time_ns = i % 11 == 0 ? -(gint64) i * 1000003 : G_MAXINT64 - i;
      if (i == 1)
        reading.time_ns = G_MININT64;

      g_assert_true (im_lp_append_reading (direct, &reading, NULL));
      append_by_pieces (pieces, &reading);
      g_assert_cmpstr (direct->str, ==, pieces->str);
      g_assert_cmpuint (direct->len, ==, pieces->len);
      /* What was there stays; the next line goes after it. */
      g_assert_true (g_str_has_prefix (direct->str, "first line\n"));
      g_string_truncate (direct, strlen ("first line\n"));
      g_string_truncate (pieces, strlen ("first line\n"));
    }
}

static void
test_batch (void)
{
  g_autoptr(GString) batch = NULL;
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func (g_free);
  g_autofree ImReading *readings = g_new (ImReading, N_TEMPLATES);
  gsize expected_len = 0;
  guint n_lines = 0;
  const char *line;
  gint64 start, elapsed;

  /* Each distinct reading alone, without its timestamp. */
  for (guint k = 0; k < N_TEMPLATES; k++)
    {
      g_autoptr(GString) one = g_string_new (NULL);
      const char *last_space;

      random_reading (&readings[k], k);
      readings[k].time_ns = batch_time (k);
      g_assert_true (im_lp_append_reading (one, &readings[k], NULL));
      last_space = strrchr (one->str, ' ');
      g_ptr_array_add (templates, g_strndup (one->str, last_space + 1 - one->str));
    }

  for (guint i = 0; i < BATCH_SIZE; i++)
    expected_len += strlen (g_ptr_array_index (templates, i % N_TEMPLATES)) + 19 + 1;

  /* Sized once: appending then allocates nothing per point. */
  batch = g_string_sized_new (expected_len + 1);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < BATCH_SIZE; i++)
    {
      ImReading *reading = &readings[i % N_TEMPLATES];

      reading->time_ns = batch_time (i);
      g_assert_true (im_lp_append_reading (batch, reading, NULL));
    }
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("encoded %u readings, %" G_GSIZE_FORMAT " bytes, in %.1f ms",
                  BATCH_SIZE, batch->len, elapsed / 1000.0);

  g_assert_cmpuint (batch->len, ==, expected_len);
  g_assert_cmpuint (strlen (batch->str), ==, expected_len);

  /* Every line is its reading's encoding with its timestamp. */
  line = batch->str;
  for (const char *nl; (nl = strchr (line, '\n')) != NULL; line = nl + 1)
    {
      const char *template = g_ptr_array_index (templates, n_lines % N_TEMPLATES);
      gsize template_len = strlen (template);
      char timestamp[24];

      g_assert_cmpint (strncmp (line, template, template_len), ==, 0);
      g_snprintf (timestamp, sizeof timestamp, "%" G_GINT64_FORMAT, batch_time (n_lines));
      g_assert_cmpuint (nl - line, ==, template_len + strlen (timestamp));
      g_assert_cmpint (strncmp (line + template_len, timestamp, strlen (timestamp)), ==, 0);
      n_lines++;
    }

  g_assert_cmpuint (n_lines, ==, BATCH_SIZE);
  g_assert_cmpstr (line, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/line-protocol/escaping", test_escaping);
  g_test_add_func ("/line-protocol/float-round-trip", test_float_round_trip);
  g_test_add_func ("/line-protocol/float-not-finite", test_float_not_finite);
  g_test_add_func ("/line-protocol/integer-and-boolean", test_integer_and_boolean);
  g_test_add_func ("/line-protocol/timestamp", test_timestamp);
  g_test_add_func ("/line-protocol/reading", test_reading);
  g_test_add_func ("/line-protocol/reading-invalid", test_reading_invalid);
  g_test_add_func ("/line-protocol/reading-direct", test_reading_direct);
  g_test_add_func ("/line-protocol/batch", test_batch);

  return g_test_run ();
}
