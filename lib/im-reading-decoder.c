/* im-reading-decoder.c — the ingestion's decoder of a reading's JSON
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib builds a tree of nodes, objects and hash tables for every
 * message, which is most of what the ingestion spends per reading. The
 * reading's schema is fixed, so this decoder walks the bytes once and
 * keeps only the members the contract names, borrowing their text from
 * the message. It is strict RFC 8259: UTF-8 checked as GLib does,
 * escapes (surrogate pairs included) decoded, numbers by the JSON
 * grammar, nesting bounded by IM_READING_MAX_DEPTH; unknown members are
 * checked and skipped; of a member given twice the last counts, as in
 * json-glib.
 *
 * Its answers are json-glib's: numbers convert as json-glib converts
 * them, strings stop at a "\u0000" as json-glib's C strings do, and
 * every rule is checked by the same im_reading_from_fields(). Whatever
 * is not strict JSON, and the few strict inputs json-glib treats in its
 * own way (a lone surrogate escape, nesting too deep), it leaves to the
 * reference decoder, so the dead-letter reasons of malformed messages
 * stay exactly json-glib's. tests/lib/test-reading-decoder.c holds the
 * two to the same decisions, reasons, messages and value bits.
 */

#define G_LOG_DOMAIN "im-reading-decoder"

#include "config.h"

#include <float.h>
#include <string.h>

#include "im-reading.h"
#include "im-reading-private.h"

/* Room for the decoded text of members whose strings hold escapes;
 * a member that needs more is left to the reference decoder. */
#define SCRATCH_SIZE 512

typedef struct
{
  const char *p;
  const char *end;
  gsize       scratch_len;
  char        scratch[SCRATCH_SIZE];
} Decoder;

static inline void
skip_ws (Decoder *d)
{
  while (d->p < d->end && (*d->p == ' ' || *d->p == '\n' || *d->p == '\r' || *d->p == '\t'))
    d->p++;
}

static inline int
hex4 (const char *p,
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
      value = (value << 4) | digit;
    }

  return value;
}

/* Length of the well-formed UTF-8 sequence at @p (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF — what
 * g_utf8_validate() accepts), or 0. */
static inline guint
utf8_sequence (const guchar *p,
               const guchar *end)
{
  guchar c = p[0];
  guchar lo = 0x80, hi = 0xBF;
  guint n;

  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    {
      n = 3;
      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
    }
  else if (c >= 0xF0 && c <= 0xF4)
    {
      n = 4;
      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
    }
  else
    return 0;

  if ((gsize) (end - p) < n)
    return 0;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (guint i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xBF)
      return 0;

  return n;
}

/* Checks the string whose opening quote was just passed, leaving the
 * decoder after its closing quote. @escaped tells whether its raw text
 * [@start, @start + @len) holds escapes. FALSE: not strict JSON, or a
 * lone surrogate escape. */
static gboolean
scan_string (Decoder     *d,
             const char **start,
             gsize       *len,
             gboolean    *escaped)
{
  const guchar *p = (const guchar *) d->p;
  const guchar *end = (const guchar *) d->end;

  *start = d->p;
  *escaped = FALSE;

  for (;;)
    {
      guchar c;

      /* Eight bytes at a time while none needs a look: no quote, no
       * backslash, no control character, nothing beyond ASCII. The
       * tests for a byte below n may also flag the bytes after a real
       * hit, never miss one; a flagged word goes byte by byte. */
#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)
#define HAS_BELOW(x, n) (((x) - ONES * (n)) & ~(x) & HIGHS)
      while (end - p >= 8)
        {
          guint64 word;

          memcpy (&word, p, sizeof word);
          if (((word & HIGHS) | HAS_BELOW (word, 0x20) |
               HAS_BELOW (word ^ (ONES * '"'), 1) | HAS_BELOW (word ^ (ONES * '\\'), 1)) != 0)
            break;
          p += 8;
        }
#undef HAS_BELOW
#undef HIGHS
#undef ONES

      while (p < end && (c = *p) >= 0x20 && c < 0x80 && c != '"' && c != '\\')
        p++;

      if (p >= end)
        return FALSE;

      c = *p;
      if (c == '"')
        break;

      if (c == '\\')
        {
          *escaped = TRUE;
          if (p + 1 >= end)
            return FALSE;

          switch (p[1])
            {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
              p += 2;
              break;

            case 'u':
              {
                int unit = hex4 ((const char *) p + 2, (const char *) end);

                if (unit < 0)
                  return FALSE;
                p += 6;
                if (unit >= 0xDC00 && unit <= 0xDFFF)
                  return FALSE;
                if (unit >= 0xD800 && unit <= 0xDBFF)
                  {
                    int low;

                    if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
                      return FALSE;
                    low = hex4 ((const char *) p + 2, (const char *) end);
                    if (low < 0xDC00 || low > 0xDFFF)
                      return FALSE;
                    p += 6;
                  }
              }
              break;

            default:
              return FALSE;
            }
        }
      else if (c < 0x20)
        {
          return FALSE;
        }
      else
        {
          guint n = utf8_sequence (p, end);

          if (n == 0)
            return FALSE;
          p += n;
        }
    }

  *len = (const char *) p - *start;
  d->p = (const char *) p + 1;
  return TRUE;
}

/* Decodes the escapes of a string scan_string() accepted into @out, up
 * to its first NUL (where json-glib's C string ends). Returns the length,
 * or -1 when more than @size bytes would be needed. */
static gssize
unescape (const char *raw,
          gsize       raw_len,
          char       *out,
          gsize       size)
{
  const char *p = raw;
  const char *end = raw + raw_len;
  gsize n = 0;

  while (p < end)
    {
      char utf8[4];
      gsize utf8_len = 1;

      if (*p != '\\')
        {
          utf8[0] = *p++;
        }
      else
        {
          switch (p[1])
            {
            case 'b': utf8[0] = '\b'; break;
            case 'f': utf8[0] = '\f'; break;
            case 'n': utf8[0] = '\n'; break;
            case 'r': utf8[0] = '\r'; break;
            case 't': utf8[0] = '\t'; break;
            case 'u':
              {
                gunichar ch = (gunichar) hex4 (p + 2, end);

                if (ch >= 0xD800 && ch <= 0xDBFF)
                  {
                    gunichar low = (gunichar) hex4 (p + 8, end);

                    ch = 0x10000 + ((ch & 0x3FF) << 10) + (low & 0x3FF);
                    p += 6;
                  }
                if (ch == 0)
                  return n;
                utf8_len = g_unichar_to_utf8 (ch, utf8);
                p += 4;
              }
              break;
            default: /* '"', '\\', '/' */
              utf8[0] = p[1];
              break;
            }
          p += 2;
        }

      if (n + utf8_len > size)
        return -1;
      memcpy (out + n, utf8, utf8_len);
      n += utf8_len;
    }

  return n;
}

static gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* The JSON number at the decoder, as json-glib reads it: an integer
 * literal is an INT — its digits read as g_ascii_strtoull() reads them,
 * saturating at G_MAXUINT64, stored as a gint64 and negated in
 * two's complement — and anything with a fraction or an exponent a
 * DOUBLE, the unsigned part converted by g_strtod() and then negated. */
static gboolean
scan_number (Decoder     *d,
             ImJsonField *field)
{
  const char *p = d->p;
  const char *end = d->end;
  const char *digits;
  gboolean negative = FALSE;
  gboolean is_double = FALSE;

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }

  digits = p;
  if (p >= end || !is_digit (*p))
    return FALSE;
  if (*p == '0')
    p++;
  else
    while (p < end && is_digit (*p))
      p++;

  if (p < end && *p == '.')
    {
      p++;
      if (p >= end || !is_digit (*p))
        return FALSE;
      while (p < end && is_digit (*p))
        p++;
      is_double = TRUE;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !is_digit (*p))
        return FALSE;
      while (p < end && is_digit (*p))
        p++;
      is_double = TRUE;
    }

  d->p = p;

  if (field == NULL)
    return TRUE;

  if (is_double)
    {
      double value = im_json_number_to_double (digits, p - digits);

      field->type = IM_JSON_DOUBLE;
      field->v_double = negative ? value * -1.0 : value;
    }
  else
    {
      guint64 value = 0;

      for (const char *q = digits; q < p; q++)
        {
          guint digit = (guint) (*q - '0');

          if (value > (G_MAXUINT64 - digit) / 10)
            {
              value = G_MAXUINT64;
              break;
            }
          value = value * 10 + digit;
        }

      field->type = IM_JSON_INT;
      field->v_int = (gint64) (negative ? 0 - value : value);
    }

  return TRUE;
}

static gboolean
scan_literal (Decoder    *d,
              const char *word,
              gsize       len)
{
  if ((gsize) (d->end - d->p) < len || memcmp (d->p, word, len) != 0)
    return FALSE;

  d->p += len;
  return TRUE;
}

static gboolean scan_value (Decoder     *d,
                            guint        depth,
                            ImJsonField *field);

/* The object or array whose opening bracket is at the decoder, at
 * nesting level @depth. */
static gboolean
scan_container (Decoder *d,
                guint    depth)
{
  gboolean is_object = *d->p == '{';
  char close = is_object ? '}' : ']';

  if (depth > IM_READING_MAX_DEPTH)
    return FALSE;

  d->p++;
  skip_ws (d);
  if (d->p < d->end && *d->p == close)
    {
      d->p++;
      return TRUE;
    }

  for (;;)
    {
      if (is_object)
        {
          const char *start;
          gsize len;
          gboolean escaped;

          if (d->p >= d->end || *d->p != '"')
            return FALSE;
          d->p++;
          if (!scan_string (d, &start, &len, &escaped))
            return FALSE;
          skip_ws (d);
          if (d->p >= d->end || *d->p != ':')
            return FALSE;
          d->p++;
          skip_ws (d);
        }

      if (!scan_value (d, depth, NULL))
        return FALSE;

      skip_ws (d);
      if (d->p >= d->end)
        return FALSE;
      if (*d->p == close)
        {
          d->p++;
          return TRUE;
        }
      if (*d->p != ',')
        return FALSE;
      d->p++;
      skip_ws (d);
    }
}

/* One value at nesting level @depth; @field, when not NULL, receives
 * what a top-level member the contract names holds. */
static gboolean
scan_value (Decoder     *d,
            guint        depth,
            ImJsonField *field)
{
  ImJsonField ignored;

  if (field == NULL)
    field = &ignored;

  if (d->p >= d->end)
    return FALSE;

  switch (*d->p)
    {
    case '"':
      {
        const char *start;
        gsize len;
        gboolean escaped;

        d->p++;
        if (!scan_string (d, &start, &len, &escaped))
          return FALSE;

        field->type = IM_JSON_STRING;
        field->str = start;
        field->len = len;

        if (escaped && field != &ignored)
          {
            gssize n = unescape (start, len, d->scratch + d->scratch_len,
                                 SCRATCH_SIZE - d->scratch_len);

            if (n < 0)
              return FALSE;
            field->str = d->scratch + d->scratch_len;
            field->len = n;
            d->scratch_len += n;
          }
        return TRUE;
      }

    case '{':
      field->type = IM_JSON_OBJECT;
      return scan_container (d, depth + 1);

    case '[':
      field->type = IM_JSON_ARRAY;
      return scan_container (d, depth + 1);

    case 't':
      field->type = IM_JSON_BOOLEAN;
      return scan_literal (d, "true", 4);

    case 'f':
      field->type = IM_JSON_BOOLEAN;
      return scan_literal (d, "false", 5);

    case 'n':
      field->type = IM_JSON_NULL;
      return scan_literal (d, "null", 4);

    default:
      return scan_number (d, field == &ignored ? NULL : field);
    }
}

/* Which member the key names, or -1. The key's raw text, unescaped up
 * to a NUL as json-glib's member names are. */
static int
lookup_field (const char *raw,
              gsize       raw_len,
              gboolean    escaped)
{
  char buf[16];
  const char *key = raw;
  gssize len = (gssize) raw_len;

  if (escaped)
    {
      len = unescape (raw, raw_len, buf, sizeof buf);
      key = buf;
    }

#define IS(name) (len == sizeof name - 1 && memcmp (key, name, sizeof name - 1) == 0)
  switch (len > 0 ? key[0] : '\0')
    {
    case 'a':
      return IS ("anomaly") ? IM_FIELD_ANOMALY : -1;
    case 'd':
      return IS ("degradation") ? IM_FIELD_DEGRADATION : -1;
    case 'm':
      return IS ("machine_id") ? IM_FIELD_MACHINE_ID : -1;
    case 'p':
      return IS ("pressure") ? IM_FIELD_PRESSURE : IS ("power") ? IM_FIELD_POWER : -1;
    case 's':
      return IS ("sensor_id") ? IM_FIELD_SENSOR_ID :
             IS ("state") ? IM_FIELD_STATE :
             IS ("schema_version") ? IM_FIELD_SCHEMA_VERSION : -1;
    case 't':
      return IS ("timestamp") ? IM_FIELD_TIMESTAMP :
             IS ("temperature") ? IM_FIELD_TEMPERATURE : -1;
    case 'v':
      return IS ("vibration") ? IM_FIELD_VIBRATION : -1;
    default:
      return -1;
    }
#undef IS
}

static gboolean
scan_reading (Decoder     *d,
              ImJsonField  fields[IM_N_FIELDS])
{
  skip_ws (d);
  if (d->p >= d->end || *d->p != '{')
    return FALSE;
  d->p++;
  skip_ws (d);

  if (d->p < d->end && *d->p == '}')
    {
      d->p++;
    }
  else
    {
      for (;;)
        {
          const char *start;
          gsize len;
          gboolean escaped;
          int id;

          if (d->p >= d->end || *d->p != '"')
            return FALSE;
          d->p++;
          if (!scan_string (d, &start, &len, &escaped))
            return FALSE;
          id = lookup_field (start, len, escaped);

          skip_ws (d);
          if (d->p >= d->end || *d->p != ':')
            return FALSE;
          d->p++;
          skip_ws (d);

          if (!scan_value (d, 1, id >= 0 ? &fields[id] : NULL))
            return FALSE;

          skip_ws (d);
          if (d->p >= d->end)
            return FALSE;
          if (*d->p == '}')
            {
              d->p++;
              break;
            }
          if (*d->p != ',')
            return FALSE;
          d->p++;
          skip_ws (d);
        }
    }

  skip_ws (d);
  return d->p == d->end;
}

/**
 * im_reading_decode_fast:
 * @reading: (out): the decoded reading
 * @data: the message bytes (not necessarily NUL-terminated)
 * @len: their length
 * @now_ns: the current time, for the "not in the future" rule
 * @error: the first rule broken, when %IM_DECODE_INVALID
 *
 * Returns: %IM_DECODE_VALID or %IM_DECODE_INVALID with the answer
 *   im_reading_parse_json_reference() gives, or %IM_DECODE_DEFERRED (and
 *   no error) when that decoder is to answer
 */
ImDecodeResult
im_reading_decode_fast (ImReading   *reading,
                        const char  *data,
                        gsize        len,
                        gint64       now_ns,
                        GError     **error)
{
  ImJsonField fields[IM_N_FIELDS] = { { 0 } };
  Decoder d;

  g_return_val_if_fail (reading != NULL, IM_DECODE_DEFERRED);
  g_return_val_if_fail (data != NULL || len == 0, IM_DECODE_DEFERRED);

  if (!im_reading_check_size (len, error))
    {
      im_reading_init (reading);
      return IM_DECODE_INVALID;
    }

  d.p = data;
  d.end = data + len;
  d.scratch_len = 0;

  if (!scan_reading (&d, fields))
    {
      im_reading_init (reading);
      return IM_DECODE_DEFERRED;
    }

  return im_reading_from_fields (reading, fields, now_ns, error) ? IM_DECODE_VALID : IM_DECODE_INVALID;
}

/* Decimal to double */

/* Exact powers of ten as doubles: 10^22 is the largest. */
static const double exact_pow10[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/**
 * im_json_number_to_double:
 * @text: an unsigned JSON number ("55.1", "1e5", "0.25")
 * @len: its length
 *
 * The double nearest to @text, as g_ascii_strtod() gives it. A value of
 * at most 15 significant digits with a decimal exponent within ±22 is
 * m × 10^e or m / 10^-e of two exactly represented doubles, which IEEE
 * arithmetic rounds correctly in one step (Clinger's fast path); the
 * rest goes to g_ascii_strtod().
 *
 * Returns: the value
 */
double
im_json_number_to_double (const char *text,
                          gsize       len)
{
  const char *p = text;
  const char *end = text + len;
  guint64 mantissa = 0;
  guint n_digits = 0;
  int exp10 = 0;

#if FLT_EVAL_METHOD == 0
  for (; p < end && is_digit (*p); p++)
    {
      if (mantissa != 0 || *p != '0')
        {
          mantissa = mantissa * 10 + (guint64) (*p - '0');
          if (++n_digits > 15)
            goto slow;
        }
    }

  if (p < end && *p == '.')
    {
      for (p++; p < end && is_digit (*p); p++)
        {
          exp10--;
          if (mantissa != 0 || *p != '0')
            {
              mantissa = mantissa * 10 + (guint64) (*p - '0');
              if (++n_digits > 15)
                goto slow;
            }
        }
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean negative = FALSE;
      int exponent = 0;

      p++;
      if (p < end && (*p == '+' || *p == '-'))
        negative = *p++ == '-';
      for (; p < end && is_digit (*p); p++)
        {
          exponent = exponent * 10 + (*p - '0');
          if (exponent > 1000)
            goto slow;
        }
      exp10 += negative ? -exponent : exponent;
    }

  if (p != end)
    goto slow;

  if (mantissa == 0)
    return 0.0;

  if (exp10 >= 0 && exp10 <= 22)
    return (double) mantissa * exact_pow10[exp10];
  if (exp10 < 0 && exp10 >= -22)
    return (double) mantissa / exact_pow10[-exp10];

slow:
#endif
  {
    char buf[64];
    g_autofree char *copy = NULL;
    const char *str = buf;

    if (len < sizeof buf)
      {
        memcpy (buf, text, len);
        buf[len] = '\0';
      }
    else
      {
        str = copy = g_strndup (text, len);
      }

    return g_ascii_strtod (str, NULL);
  }
}
