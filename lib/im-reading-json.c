/* im-reading-json.c — the data contract's JSON form of a reading
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-reading-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "im-reading.h"
#include "im-reading-private.h"
#include "im-util.h"

static int
hex_value (const char *p,
           const char *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

typedef enum
{
  PRESCAN_OK,
  PRESCAN_TOO_DEEP,
  PRESCAN_BAD_SURROGATE,
  PRESCAN_LONE_LOW_SURROGATE,
  PRESCAN_TRAILING_TEXT,
} PrescanResult;

/* Checks before json-glib sees the bytes. Its parser recurses once per
 * nesting level, so the depth is bounded first and a hostile "[[[[…"
 * cannot exhaust the stack. And json-glib 1.6 leaks on inputs it rejects
 * or reads in its own way; those are answered here, so a stream of them
 * cannot grow the daemon:
 * - its string buffer, on a surrogate escape followed by an escape that
 *   does not complete a pair: a high surrogate followed by something
 *   else than a low one ("\ud800\u0041"), or a low surrogate followed by
 *   another \u escape ("\udc00\u0041");
 * - every value after the first at the top level ("{…}{…}", "{…}[1]"),
 *   which it ignores; text after the reading's object is not JSON. */
static PrescanResult
prescan (const char *data,
         gsize       len)
{
  const char *end = data + len;
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean closed = FALSE;

  for (const char *p = data; p < end; p++)
    {
      char c = *p;

      if (in_string)
        {
          if (c == '"')
            {
              in_string = FALSE;
            }
          else if (c == '\\' && p + 1 < end)
            {
              gboolean escape_follows;
              int code;

              p++;
              if (*p != 'u' || (code = hex_value (p + 1, end)) < 0xD800 || code > 0xDFFF)
                continue;

              /* A surrogate: an escape that follows must complete it. */
              p += 4;
              escape_follows = end - p > 2 && p[1] == '\\' && p[2] == 'u';
              if (code >= 0xDC00 && escape_follows)
                return PRESCAN_LONE_LOW_SURROGATE;
              if (code < 0xDC00 && escape_follows)
                {
                  int low = hex_value (p + 3, end);

                  if (low < 0xDC00 || low > 0xDFFF)
                    return PRESCAN_BAD_SURROGATE;
                  p += 6;
                }
            }
          continue;
        }

      if (closed)
        {
          if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return PRESCAN_TRAILING_TEXT;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '{':
        case '[':
          if (++depth > IM_READING_MAX_DEPTH)
            return PRESCAN_TOO_DEEP;
          break;

        case '}':
        case ']':
          if (depth > 0 && --depth == 0)
            closed = TRUE;
          break;

        default:
          break;
        }
    }

  return PRESCAN_OK;
}

/* One parser per thread, reused: the ingestion decodes every message. */
static void
parser_free (gpointer data)
{
  g_object_unref (data);
}

static GPrivate thread_parser = G_PRIVATE_INIT (parser_free);

static JsonParser *
get_parser (void)
{
  JsonParser *parser = g_private_get (&thread_parser);

  if (parser == NULL)
    {
      parser = json_parser_new_immutable ();
      g_private_set (&thread_parser, parser);
    }

  return parser;
}

/* The rules, once, for both decoders */

static const char * const field_names[] = {
  [IM_FIELD_SCHEMA_VERSION] = "schema_version",
  [IM_FIELD_MACHINE_ID] = "machine_id",
  [IM_FIELD_SENSOR_ID] = "sensor_id",
  [IM_FIELD_TIMESTAMP] = "timestamp",
  [IM_FIELD_TEMPERATURE] = "temperature",
  [IM_FIELD_VIBRATION] = "vibration",
  [IM_FIELD_PRESSURE] = "pressure",
  [IM_FIELD_POWER] = "power",
  [IM_FIELD_STATE] = "state",
  [IM_FIELD_DEGRADATION] = "degradation",
  [IM_FIELD_ANOMALY] = "anomaly",
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_names) == IM_N_FIELDS);

const char *
im_reading_field_name (ImFieldId field)
{
  g_return_val_if_fail ((guint) field < IM_N_FIELDS, NULL);

  return field_names[field];
}

gboolean
im_reading_check_size (gsize    len,
                       GError **error)
{
  if (len == 0)
    {
      g_set_error_literal (error, IM_READING_ERROR, IM_READING_ERROR_EMPTY,
                           "message: empty value");
      return FALSE;
    }

  if (len > IM_READING_MAX_BYTES)
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_TOO_LARGE,
                   "message: %" G_GSIZE_FORMAT " bytes, more than the %d allowed",
                   len, IM_READING_MAX_BYTES);
      return FALSE;
    }

  return TRUE;
}

static const char *
type_name (ImJsonType type)
{
  switch (type)
    {
    case IM_JSON_OBJECT:
      return "an object";
    case IM_JSON_ARRAY:
      return "an array";
    case IM_JSON_STRING:
      return "a string";
    case IM_JSON_BOOLEAN:
      return "a boolean";
    case IM_JSON_INT:
    case IM_JSON_DOUBLE:
      return "a number";
    case IM_JSON_ABSENT:
    case IM_JSON_NULL:
    default:
      return "null";
    }
}

static gboolean
require_field (const ImJsonField  *field,
               const char         *name,
               GError            **error)
{
  if (field->type == IM_JSON_ABSENT)
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_MISSING_FIELD,
                   "%s: required field is missing", name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_id (const ImJsonField  *field,
         const char         *name,
         char                out[IM_ID_MAX_LEN + 1],
         GError            **error)
{
  if (!require_field (field, name, error))
    return FALSE;

  if (field->type != IM_JSON_STRING)
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_WRONG_TYPE,
                   "%s: must be a string, not %s", name, type_name (field->type));
      return FALSE;
    }

  if (field->len == 0 || !im_id_is_valid (field->str, (gssize) field->len))
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_INVALID_ID,
                   "%s: must be 1–64 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'",
                   name);
      return FALSE;
    }

  memcpy (out, field->str, field->len);
  out[field->len] = '\0';
  return TRUE;
}

static gboolean
read_number (const ImJsonField  *field,
             const char         *name,
             double             *out,
             GError            **error)
{
  if (field->type == IM_JSON_INT)
    {
      /* As json_node_get_double() converts an integer node. */
      *out = (double) field->v_int;
      return TRUE;
    }

  if (field->type == IM_JSON_DOUBLE)
    {
      *out = field->v_double;
      return TRUE;
    }

  g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_WRONG_TYPE,
               "%s: must be a number, not %s", name, type_name (field->type));
  return FALSE;
}

/* The enum names are short words: copy them out to look them up. */
#define WORD_MAX 16

static gboolean
field_to_word (const ImJsonField *field,
               char               word[WORD_MAX])
{
  if (field->len >= WORD_MAX)
    return FALSE;

  memcpy (word, field->str, field->len);
  word[field->len] = '\0';
  return TRUE;
}

/**
 * im_reading_from_fields:
 * @reading: (out): the reading
 * @fields: the members the contract names, as decoded
 * @now_ns: the current time, for the "not in the future" rule
 * @error: the first rule broken, naming the field and the rule
 *
 * Returns: %TRUE if the members make a valid reading
 */
gboolean
im_reading_from_fields (ImReading          *reading,
                        const ImJsonField   fields[IM_N_FIELDS],
                        gint64              now_ns,
                        GError            **error)
{
  const ImJsonField *field;
  char word[WORD_MAX];

  im_reading_init (reading);

  field = &fields[IM_FIELD_SCHEMA_VERSION];
  if (field->type != IM_JSON_ABSENT)
    {
      if (field->type != IM_JSON_INT)
        {
          g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_WRONG_TYPE,
                       "schema_version: must be an integer, not %s", type_name (field->type));
          return FALSE;
        }

      if (field->v_int != IM_READING_SCHEMA_VERSION)
        {
          g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_UNSUPPORTED_VERSION,
                       "schema_version: %" G_GINT64_FORMAT " is not supported (only %d)",
                       field->v_int, IM_READING_SCHEMA_VERSION);
          return FALSE;
        }
    }

  if (!read_id (&fields[IM_FIELD_MACHINE_ID], "machine_id", reading->machine_id, error) ||
      !read_id (&fields[IM_FIELD_SENSOR_ID], "sensor_id", reading->sensor_id, error))
    return FALSE;

  field = &fields[IM_FIELD_TIMESTAMP];
  if (!require_field (field, "timestamp", error))
    return FALSE;
  if (field->type != IM_JSON_STRING)
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_WRONG_TYPE,
                   "timestamp: must be a string, not %s", type_name (field->type));
      return FALSE;
    }
  if (!im_timestamp_parse (field->str, field->len, &reading->time_ns))
    {
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_INVALID_TIMESTAMP,
                   "timestamp: not an RFC 3339 date-time");
      return FALSE;
    }

  for (guint i = 0; i < IM_N_SENSORS; i++)
    {
      const char *name = im_sensor_to_string ((ImSensor) i);

      field = &fields[IM_FIELD_TEMPERATURE + i];
      if (!require_field (field, name, error) ||
          !read_number (field, name, &reading->values[i], error))
        return FALSE;
    }

  field = &fields[IM_FIELD_STATE];
  if (field->type != IM_JSON_ABSENT && field->type != IM_JSON_NULL)
    {
      if (field->type != IM_JSON_STRING)
        {
          g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_WRONG_TYPE,
                       "state: must be a string, not %s", type_name (field->type));
          return FALSE;
        }
      if (!field_to_word (field, word) ||
          !im_machine_state_from_string (word, &reading->state))
        {
          g_set_error_literal (error, IM_READING_ERROR, IM_READING_ERROR_INVALID_ENUM,
                               "state: must be normal, degrading or failing");
          return FALSE;
        }
    }

  field = &fields[IM_FIELD_DEGRADATION];
  if (field->type != IM_JSON_ABSENT && field->type != IM_JSON_NULL)
    {
      if (!read_number (field, "degradation", &reading->degradation, error))
        return FALSE;
      if (!isfinite (reading->degradation))
        {
          g_set_error_literal (error, IM_READING_ERROR, IM_READING_ERROR_NOT_FINITE,
                               "degradation: not a finite number");
          return FALSE;
        }
    }

  field = &fields[IM_FIELD_ANOMALY];
  if (field->type != IM_JSON_ABSENT && field->type != IM_JSON_NULL)
    {
      if (field->type != IM_JSON_STRING)
        {
          g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_WRONG_TYPE,
                       "anomaly: must be a string or null, not %s", type_name (field->type));
          return FALSE;
        }
      if (!field_to_word (field, word) ||
          !im_anomaly_from_string (word, &reading->anomaly))
        {
          g_set_error_literal (error, IM_READING_ERROR, IM_READING_ERROR_INVALID_ENUM,
                               "anomaly: must be null, spike, drift, cyclic or multi_sensor");
          return FALSE;
        }
    }

  return im_reading_validate (reading, now_ns, error);
}

/* The reference decoder */

static void
field_from_node (JsonNode    *node,
                 ImJsonField *field)
{
  memset (field, 0, sizeof *field);

  if (node == NULL)
    {
      field->type = IM_JSON_ABSENT;
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      field->type = IM_JSON_OBJECT;
      return;
    case JSON_NODE_ARRAY:
      field->type = IM_JSON_ARRAY;
      return;
    case JSON_NODE_NULL:
      field->type = IM_JSON_NULL;
      return;
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      field->type = IM_JSON_INT;
      field->v_int = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      field->type = IM_JSON_DOUBLE;
      field->v_double = json_node_get_double (node);
      break;
    case G_TYPE_STRING:
      field->type = IM_JSON_STRING;
      field->str = json_node_get_string (node);
      field->len = strlen (field->str);
      break;
    case G_TYPE_BOOLEAN:
    default:
      field->type = IM_JSON_BOOLEAN;
      break;
    }
}

/**
 * im_reading_parse_json_reference:
 *
 * im_reading_parse_json() through json-glib: it parses the whole message
 * into a tree, then the members the contract names are read from it. The
 * ingestion's hot path uses im_reading_decode_fast(), which the tests
 * hold to the same answers as this on every input.
 */
gboolean
im_reading_parse_json_reference (ImReading   *reading,
                                 const char  *data,
                                 gsize        len,
                                 gint64       now_ns,
                                 GError     **error)
{
  g_autoptr(GError) json_error = NULL;
  ImJsonField fields[IM_N_FIELDS];
  JsonParser *parser;
  JsonObject *object;
  JsonNode *root;

  g_return_val_if_fail (reading != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  im_reading_init (reading);

  if (!im_reading_check_size (len, error))
    return FALSE;

  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, IM_READING_ERROR, IM_READING_ERROR_INVALID_UTF8,
                           "message: not valid UTF-8 (or contains a NUL byte)");
      return FALSE;
    }

  /* A reading is an object. Anything else is answered here: json-glib
   * 1.6 also leaks the root of a scalar followed by more text ("1{…}"). */
  {
    const char *p = data;

    while (p < data + len && g_ascii_isspace (*p))
      p++;

    if (p == data + len || *p != '{')
      {
        gsize rest = data + len - p;
        const char *what;

        if (p == data + len)
          what = "empty";
        else if (*p == '[')
          what = "an array";
        else if (*p == '"')
          what = "a string";
        else if ((rest >= 4 && memcmp (p, "true", 4) == 0) ||
                 (rest >= 5 && memcmp (p, "false", 5) == 0))
          what = "a boolean";
        else if (rest >= 4 && memcmp (p, "null", 4) == 0)
          what = "null";
        else if (*p == '-' || g_ascii_isdigit (*p))
          what = "a number";
        else
          what = NULL;

        if (what == NULL)
          g_set_error_literal (error, IM_READING_ERROR, IM_READING_ERROR_MALFORMED_JSON,
                               "message: not JSON");
        else
          g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_NOT_AN_OBJECT,
                       "message: must be a JSON object, not %s", what);
        return FALSE;
      }
  }

  switch (prescan (data, len))
    {
    case PRESCAN_TOO_DEEP:
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_TOO_DEEP,
                   "message: nested deeper than %d levels", IM_READING_MAX_DEPTH);
      return FALSE;

    case PRESCAN_BAD_SURROGATE:
      g_set_error_literal (error, IM_READING_ERROR, IM_READING_ERROR_MALFORMED_JSON,
                           "message: not JSON: a \\u escape of a high surrogate is "
                           "not followed by its low surrogate");
      return FALSE;

    case PRESCAN_LONE_LOW_SURROGATE:
      g_set_error_literal (error, IM_READING_ERROR, IM_READING_ERROR_MALFORMED_JSON,
                           "message: not JSON: a \\u escape of a low surrogate is "
                           "not preceded by its high surrogate");
      return FALSE;

    case PRESCAN_TRAILING_TEXT:
      g_set_error_literal (error, IM_READING_ERROR, IM_READING_ERROR_MALFORMED_JSON,
                           "message: not JSON: text after the object");
      return FALSE;

    case PRESCAN_OK:
    default:
      break;
    }

  parser = get_parser ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &json_error))
    {
      /* json-glib quotes the offending token as decoded, and a lone
       * surrogate escape decodes to bytes that are not UTF-8; the reason
       * goes into a Kafka header and a log line, so keep it valid. */
      g_autofree char *reason = g_utf8_make_valid (json_error->message, -1);

      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_MALFORMED_JSON,
                   "message: not JSON: %s", reason);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      ImJsonField what;

      field_from_node (root, &what);
      g_set_error (error, IM_READING_ERROR, IM_READING_ERROR_NOT_AN_OBJECT,
                   "message: must be a JSON object, not %s",
                   root == NULL ? "empty" : type_name (what.type));
      return FALSE;
    }

  object = json_node_get_object (root);
  for (guint i = 0; i < IM_N_FIELDS; i++)
    field_from_node (json_object_get_member (object, field_names[i]), &fields[i]);

  /* The tree stays with the thread's parser until its next message. */
  return im_reading_from_fields (reading, fields, now_ns, error);
}

/**
 * im_reading_parse_json:
 * @reading: (out): the decoded reading
 * @data: the message bytes (not necessarily NUL-terminated)
 * @len: their length
 * @now_ns: the current time, for the "not in the future" rule
 * @error: the first rule broken, naming the field and the rule
 *
 * Decodes and validates one message of the data contract. Unknown
 * members are ignored; of a member given twice the last counts. Every
 * failure is an #ImReadingError whose code im_reading_error_reason()
 * names.
 *
 * Strict JSON goes through im_reading_decode_fast(), without building a
 * tree; whatever it leaves undecided (text that is not RFC 8259 JSON, a
 * lone surrogate escape, nesting too deep) goes to json-glib, whose
 * answers it reproduces.
 *
 * Returns: %TRUE if the message is a valid reading
 */
gboolean
im_reading_parse_json (ImReading   *reading,
                       const char  *data,
                       gsize        len,
                       gint64       now_ns,
                       GError     **error)
{
  g_return_val_if_fail (reading != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  switch (im_reading_decode_fast (reading, data, len, now_ns, error))
    {
    case IM_DECODE_VALID:
      return TRUE;
    case IM_DECODE_INVALID:
      return FALSE;
    case IM_DECODE_DEFERRED:
    default:
      return im_reading_parse_json_reference (reading, data, len, now_ns, error);
    }
}

/**
 * im_reading_append_json:
 * @reading: a valid reading
 * @out: where to append one JSON object (no newline)
 *
 * Writes the data contract's form; members absent from the reading
 * (unknown state, NAN degradation) are left out, anomaly is null when
 * there is none. Timestamps carry microseconds, or nanoseconds when the
 * reading has them.
 */
void
im_reading_append_json (const ImReading *reading,
                        GString         *out)
{
  char ts[IM_TIMESTAMP_BUF_SIZE];

  g_return_if_fail (reading != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (im_id_is_valid (reading->machine_id, -1));
  g_return_if_fail (im_id_is_valid (reading->sensor_id, -1));

  im_timestamp_format (ts, reading->time_ns,
                       reading->time_ns % IM_NSEC_PER_USEC != 0 ? 9 : 6);

  /* Ids are restricted to characters that need no JSON escaping. */
  g_string_append (out, "{\"schema_version\":1,\"machine_id\":\"");
  g_string_append (out, reading->machine_id);
  g_string_append (out, "\",\"sensor_id\":\"");
  g_string_append (out, reading->sensor_id);
  g_string_append (out, "\",\"timestamp\":\"");
  g_string_append (out, ts);
  g_string_append_c (out, '"');

  for (guint i = 0; i < IM_N_SENSORS; i++)
    {
      g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      g_string_append (out, im_sensor_to_string ((ImSensor) i));
      g_string_append (out, "\":");
      im_string_append_double (out, reading->values[i]);
    }

  if (reading->state != IM_MACHINE_STATE_UNKNOWN)
    {
      g_string_append (out, ",\"state\":\"");
      g_string_append (out, im_machine_state_to_string (reading->state));
      g_string_append_c (out, '"');
    }

  if (!isnan (reading->degradation))
    {
      g_string_append (out, ",\"degradation\":");
      im_string_append_double (out, reading->degradation);
    }

  if (reading->anomaly == IM_ANOMALY_NONE)
    {
      g_string_append (out, ",\"anomaly\":null}");
    }
  else
    {
      g_string_append (out, ",\"anomaly\":\"");
      g_string_append (out, im_anomaly_to_string (reading->anomaly));
      g_string_append (out, "\"}");
    }
}

char *
im_reading_to_json (const ImReading *reading)
{
  GString *out = g_string_sized_new (256);

  im_reading_append_json (reading, out);

  return g_string_free (out, FALSE);
}
