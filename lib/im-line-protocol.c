/* im-line-protocol.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-line-protocol"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-line-protocol.h"
#include "im-util.h"

G_DEFINE_QUARK (im-lp-error-quark, im_lp_error)

typedef enum
{
  TEXT_MEASUREMENT,  /* escapes comma and space */
  TEXT_KEY,          /* tag key, tag value, field key: also the equals sign */
} TextKind;

/* Appends @text escaped for its place in a line, or nothing and FALSE
 * when line protocol cannot carry it unchanged. */
static gboolean
append_escaped (GString     *buf,
                const char  *text,
                TextKind     kind,
                const char  *what,
                GError     **error)
{
  gsize start = buf->len;
  const char *p;

  if (*text == '\0')
    {
      g_set_error (error, IM_LP_ERROR, IM_LP_ERROR_EMPTY, "%s is empty", what);
      return FALSE;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, IM_LP_ERROR, IM_LP_ERROR_INVALID_UTF8,
                   "%s is not valid UTF-8", what);
      return FALSE;
    }

  /* InfluxDB skips blanks at the start of a line and takes a line
   * starting with '#' as a comment. */
  if (kind == TEXT_MEASUREMENT && (text[0] == '#' || text[0] == '\t'))
    {
      g_set_error (error, IM_LP_ERROR, IM_LP_ERROR_UNREPRESENTABLE,
                   "%s “%s” cannot start with '%s'",
                   what, text, text[0] == '#' ? "#" : "\\t");
      return FALSE;
    }

  for (p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\n':
        case '\r':
          g_string_truncate (buf, start);
          g_set_error (error, IM_LP_ERROR, IM_LP_ERROR_NEWLINE,
                       "%s contains a line break", what);
          return FALSE;

        case ',':
        case ' ':
          g_string_append_c (buf, '\\');
          break;

        case '=':
          if (kind == TEXT_KEY)
            g_string_append_c (buf, '\\');
          break;

        default:
          break;
        }

      g_string_append_c (buf, *p);
    }

  if (p[-1] == '\\')
    {
      g_string_truncate (buf, start);
      g_set_error (error, IM_LP_ERROR, IM_LP_ERROR_UNREPRESENTABLE,
                   "%s “%s” ends in a backslash, which line protocol cannot carry",
                   what, text);
      return FALSE;
    }

  return TRUE;
}

gboolean
im_lp_append_measurement (GString     *buf,
                          const char  *name,
                          GError     **error)
{
  g_return_val_if_fail (buf != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return append_escaped (buf, name, TEXT_MEASUREMENT, "measurement", error);
}

gboolean
im_lp_append_tag (GString     *buf,
                  const char  *key,
                  const char  *value,
                  GError     **error)
{
  gsize start;

  g_return_val_if_fail (buf != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  start = buf->len;
  g_string_append_c (buf, ',');

  if (!append_escaped (buf, key, TEXT_KEY, "tag key", error))
    goto fail;

  g_string_append_c (buf, '=');

  if (!append_escaped (buf, value, TEXT_KEY, "tag value", error))
    {
      g_prefix_error (error, "tag %s: ", key);
      goto fail;
    }

  return TRUE;

fail:
  g_string_truncate (buf, start);
  return FALSE;
}

gboolean
im_lp_append_field_key (GString     *buf,
                        const char  *key,
                        GError     **error)
{
  g_return_val_if_fail (buf != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return append_escaped (buf, key, TEXT_KEY, "field key", error);
}

gboolean
im_lp_append_field_string (GString     *buf,
                           const char  *value,
                           GError     **error)
{
  gsize start;

  g_return_val_if_fail (buf != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, IM_LP_ERROR, IM_LP_ERROR_INVALID_UTF8,
                           "string field value is not valid UTF-8");
      return FALSE;
    }

  start = buf->len;
  g_string_append_c (buf, '"');

  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\n':
        case '\r':
          g_string_truncate (buf, start);
          g_set_error_literal (error, IM_LP_ERROR, IM_LP_ERROR_NEWLINE,
                               "string field value contains a line break");
          return FALSE;

        case '"':
        case '\\':
          g_string_append_c (buf, '\\');
          break;

        default:
          break;
        }

      g_string_append_c (buf, *p);
    }

  g_string_append_c (buf, '"');

  return TRUE;
}

gboolean
im_lp_append_field_float (GString     *buf,
                          double       value,
                          GError     **error)
{
  g_return_val_if_fail (buf != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isfinite (value))
    {
      g_set_error (error, IM_LP_ERROR, IM_LP_ERROR_NOT_FINITE,
                   "%s is not a finite number",
                   isnan (value) ? "NaN" : value > 0 ? "+Inf" : "-Inf");
      return FALSE;
    }

  im_string_append_double (buf, value);

  return TRUE;
}

void
im_lp_append_field_integer (GString *buf,
                            gint64   value)
{
  g_return_if_fail (buf != NULL);

  g_string_append_printf (buf, "%" G_GINT64_FORMAT "i", value);
}

void
im_lp_append_field_boolean (GString  *buf,
                            gboolean  value)
{
  g_return_if_fail (buf != NULL);

  g_string_append (buf, value ? "true" : "false");
}

static inline char *
put (char       *p,
     const char *text,
     gsize       len)
{
  memcpy (p, text, len);
  return p + len;
}

/* Writes @time_ns in decimal at @p, at most 20 digits and a sign;
 * returns the end. */
static inline char *
put_timestamp (char   *p,
               gint64  time_ns)
{
  char digits[24];
  char *d = digits + sizeof digits;
  /* Negate in unsigned arithmetic: -G_MININT64 does not fit a gint64. */
  guint64 magnitude = time_ns < 0 ? 0 - (guint64) time_ns : (guint64) time_ns;

  do
    {
      *--d = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);

  if (time_ns < 0)
    *--d = '-';

  return put (p, d, digits + sizeof digits - d);
}

void
im_lp_append_timestamp (GString *buf,
                        gint64   time_ns)
{
  char digits[24];
  char *end;

  g_return_if_fail (buf != NULL);

  end = put_timestamp (digits, time_ns);
  g_string_append_len (buf, digits, end - digits);
}

static gboolean
append_float_field (GString     *buf,
                    const char  *key,
                    gsize        key_len,
                    double       value,
                    GError     **error)
{
  g_string_append_len (buf, key, key_len);

  if (!im_lp_append_field_float (buf, value, error))
    {
      g_prefix_error (error, "%.*s: ", (int) key_len - 1, key);
      return FALSE;
    }

  return TRUE;
}

#define FIELD(key) key "=", sizeof key "=" - 1

/* The longest line of a reading whose ids are valid: the measurement,
 * two tags of at most IM_ID_MAX_LEN characters, five float fields, the
 * two string fields and the timestamp, with room to spare. */
#define READING_LINE_MAX 512

/* im_lp_append_reading() for what the ingestion encodes: a reading that
 * passed validation, whose ids need no escaping (A-Za-z0-9_.:- holds
 * nothing line protocol escapes) and whose values are finite. The line
 * is written straight into @buf, which grows once if at all; the bytes
 * are those the general path writes (tests/influx/test-line-protocol.c). */
static void
append_valid_reading (GString         *buf,
                      const ImReading *reading,
                      const char      *state,
                      const char      *anomaly)
{
  static const struct
  {
    const char *key;
    gsize       len;
  } sensor_keys[IM_N_SENSORS] = {
    [IM_SENSOR_TEMPERATURE] = { FIELD (" temperature") },
    [IM_SENSOR_VIBRATION] = { FIELD (",vibration") },
    [IM_SENSOR_PRESSURE] = { FIELD (",pressure") },
    [IM_SENSOR_POWER] = { FIELD (",power") },
  };
  gsize start = buf->len;
  char *p;

  g_string_set_size (buf, start + READING_LINE_MAX);
  p = buf->str + start;

  p = put (p, IM_LP_MEASUREMENT ",machine_id=", sizeof IM_LP_MEASUREMENT ",machine_id=" - 1);
  p = put (p, reading->machine_id, strlen (reading->machine_id));
  p = put (p, FIELD (",sensor_id"));
  p = put (p, reading->sensor_id, strlen (reading->sensor_id));

  for (guint i = 0; i < IM_N_SENSORS; i++)
    {
      p = put (p, sensor_keys[i].key, sensor_keys[i].len);
      p += im_format_double (p, reading->values[i]);
    }

  if (!isnan (reading->degradation))
    {
      p = put (p, FIELD (",degradation"));
      p += im_format_double (p, reading->degradation);
    }

  if (state != NULL)
    {
      p = put (p, FIELD (",state"));
      *p++ = '"';
      p = put (p, state, strlen (state));
      *p++ = '"';
    }

  if (anomaly != NULL)
    {
      p = put (p, FIELD (",anomaly"));
      *p++ = '"';
      p = put (p, anomaly, strlen (anomaly));
      *p++ = '"';
    }

  *p++ = ' ';
  p = put_timestamp (p, reading->time_ns);
  *p++ = '\n';

  g_assert ((gsize) (p - (buf->str + start)) < READING_LINE_MAX);
  g_string_truncate (buf, p - buf->str);
}

gboolean
im_lp_append_reading (GString         *buf,
                      const ImReading *reading,
                      GError         **error)
{
  const char *state = NULL;
  const char *anomaly = NULL;
  gsize start;

  g_return_val_if_fail (buf != NULL, FALSE);
  g_return_val_if_fail (reading != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (reading->state != IM_MACHINE_STATE_UNKNOWN)
    {
      state = im_machine_state_to_string (reading->state);
      if (state == NULL)
        {
          g_set_error (error, IM_LP_ERROR, IM_LP_ERROR_UNREPRESENTABLE,
                       "unknown machine state %d", (int) reading->state);
          return FALSE;
        }
    }

  if (reading->anomaly != IM_ANOMALY_NONE || state != NULL)
    {
      anomaly = im_anomaly_to_string (reading->anomaly);
      if (anomaly == NULL)
        {
          g_set_error (error, IM_LP_ERROR, IM_LP_ERROR_UNREPRESENTABLE,
                       "unknown anomaly %d", (int) reading->anomaly);
          return FALSE;
        }
    }

  if (im_id_is_valid (reading->machine_id, -1) && im_id_is_valid (reading->sensor_id, -1) &&
      isfinite (reading->values[0]) && isfinite (reading->values[1]) &&
      isfinite (reading->values[2]) && isfinite (reading->values[3]) &&
      (isnan (reading->degradation) || isfinite (reading->degradation)))
    {
      append_valid_reading (buf, reading, state, anomaly);
      return TRUE;
    }

  start = buf->len;

  g_string_append_len (buf, IM_LP_MEASUREMENT, sizeof IM_LP_MEASUREMENT - 1);

  /* Tags in key order. */
  if (!im_lp_append_tag (buf, "machine_id", reading->machine_id, error) ||
      !im_lp_append_tag (buf, "sensor_id", reading->sensor_id, error))
    goto fail;

  g_string_append_c (buf, ' ');

  if (!append_float_field (buf, FIELD ("temperature"), reading->values[IM_SENSOR_TEMPERATURE], error))
    goto fail;
  g_string_append_c (buf, ',');
  if (!append_float_field (buf, FIELD ("vibration"), reading->values[IM_SENSOR_VIBRATION], error))
    goto fail;
  g_string_append_c (buf, ',');
  if (!append_float_field (buf, FIELD ("pressure"), reading->values[IM_SENSOR_PRESSURE], error))
    goto fail;
  g_string_append_c (buf, ',');
  if (!append_float_field (buf, FIELD ("power"), reading->values[IM_SENSOR_POWER], error))
    goto fail;

  if (!isnan (reading->degradation))
    {
      g_string_append_c (buf, ',');
      if (!append_float_field (buf, FIELD ("degradation"), reading->degradation, error))
        goto fail;
    }

  /* Both strings are plain ASCII words: no escaping needed. */
  if (state != NULL)
    {
      g_string_append_len (buf, FIELD (",state"));
      g_string_append_c (buf, '"');
      g_string_append (buf, state);
      g_string_append_c (buf, '"');
    }

  if (anomaly != NULL)
    {
      g_string_append_len (buf, FIELD (",anomaly"));
      g_string_append_c (buf, '"');
      g_string_append (buf, anomaly);
      g_string_append_c (buf, '"');
    }

  g_string_append_c (buf, ' ');
  im_lp_append_timestamp (buf, reading->time_ns);
  g_string_append_c (buf, '\n');

  return TRUE;

fail:
  g_string_truncate (buf, start);
  return FALSE;
}
