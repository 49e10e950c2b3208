/* im-util.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-util"

#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "im-util.h"

/**
 * im_format_double:
 * @buf: where to write
 * @value: a finite double
 *
 * Writes a short decimal form of @value that reads back bit-identical
 * with g_ascii_strtod() or any correct strtod, whatever the locale: the
 * shortest with at most nine decimals ("55.1", "0.00001"), else the
 * shortest of 15, 16 or 17 significant digits. JSON and InfluxDB's line
 * protocol both accept the result.
 *
 * Returns: the length written
 */
/* The common case, a value with at most nine decimals such as a sensor
 * reading: v == n / 10^k for an integer n below 2^53. Both are exact
 * doubles and IEEE division rounds correctly, so n / 10^k is the double
 * nearest to the decimal "n with k decimals", the very double strtod()
 * reads from it; the smallest such k gives the shortest such decimal. */
static int
format_decimal (char   buf[IM_DOUBLE_BUF_SIZE],
                double value)
{
  static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
  double magnitude = fabs (value);

  for (guint k = 0; k < G_N_ELEMENTS (pow10) && magnitude * pow10[k] < 9e15; k++)
    {
      double scaled = nearbyint (magnitude * pow10[k]);
      char digits[24];
      char *end = digits + sizeof digits;
      char *p = end;
      guint64 n;
      int len = 0;

      if (scaled / pow10[k] != magnitude)
        continue;

      n = (guint64) scaled;
      do
        {
          *--p = (char) ('0' + n % 10);
          n /= 10;
        }
      while (n != 0);
      while (end - p <= (gssize) k)
        *--p = '0';

      if (value < 0)
        buf[len++] = '-';
      memcpy (buf + len, p, end - p - k);
      len += end - p - k;
      if (k > 0)
        {
          buf[len++] = '.';
          memcpy (buf + len, end - k, k);
          len += k;
        }
      buf[len] = '\0';

      return len;
    }

  return -1;
}

int
im_format_double (char   buf[IM_DOUBLE_BUF_SIZE],
                  double value)
{
  static const char *formats[] = { "%.15g", "%.16g", "%.17g" };
  int len;

  g_assert (isfinite (value));

  /* -0.0 compares equal to 0.0 but must keep its sign. */
  if (value == 0.0)
    return g_snprintf (buf, IM_DOUBLE_BUF_SIZE, "%s", signbit (value) ? "-0" : "0");

  if ((len = format_decimal (buf, value)) >= 0)
    return len;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, IM_DOUBLE_BUF_SIZE, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  return (int) strlen (buf);
}

void
im_string_append_double (GString *out,
                         double   value)
{
  char buf[IM_DOUBLE_BUF_SIZE];
  int len = im_format_double (buf, value);

  g_string_append_len (out, buf, len);
}

/* A JSON string literal of @str (quotes included): `"` and `\\` and the
 * control characters escaped. Invalid UTF-8 is replaced first, so the
 * output is always valid JSON. */
void
im_string_append_json (GString    *out,
                       const char *str,
                       gssize      len)
{
  g_autofree char *valid = NULL;
  const char *end;

  if (len < 0)
    len = strlen (str);

  /* Read by machines: never write invalid UTF-8. */
  if (!g_utf8_validate_len (str, len, NULL))
    {
      valid = g_utf8_make_valid (str, len);
      str = valid;
      len = strlen (valid);
    }

  end = str + len;
  g_string_append_c (out, '"');
  for (const char *p = str; p < end; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + (gint64) doe - 719468;
}

static void
civil_from_days (gint64  z,
                 gint64 *year,
                 guint  *month,
                 guint  *day)
{
  gint64 era;
  guint doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (guint) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = (gint64) yoe + era * 400 + (*month <= 2);
}

static gboolean
parse_digits (const char **p,
              const char  *end,
              guint        n,
              guint       *out)
{
  guint value = 0;

  if ((gsize) (end - *p) < n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      char c = (*p)[i];

      if (c < '0' || c > '9')
        return FALSE;
      value = value * 10 + (guint) (c - '0');
    }

  *p += n;
  *out = value;
  return TRUE;
}

static gboolean
expect_char (const char **p,
             const char  *end,
             char         c)
{
  if (*p >= end || **p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

/**
 * im_timestamp_parse:
 * @str: an RFC 3339 date-time, e.g. "2026-11-28T07:26:49.123456Z" or
 *   "2026-11-28T08:26:49+01:00"
 * @len: length of @str, or -1 when NUL-terminated
 * @time_ns: (out): nanoseconds since the epoch, UTC
 *
 * Fractions keep up to nanoseconds (further digits are truncated). "T"
 * may be "t" or a space and "Z" may be "z", as RFC 3339 allows. A leap
 * second (":60") reads as the first instant of the next minute. Times
 * outside what 64-bit nanoseconds hold (years before 1678 or after 2261)
 * are clamped to G_MININT64 / G_MAXINT64.
 *
 * Returns: %TRUE if @str is a valid RFC 3339 date-time
 */
gboolean
im_timestamp_parse (const char *str,
                    gsize       len,
                    gint64     *time_ns)
{
  static const guint8 days_in_month[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  const char *p = str;
  const char *end;
  guint year, month, day, hour, minute, second;
  guint max_day;
  gint64 fraction_ns = 0;
  gint64 offset_s = 0;
  gint64 seconds;

  g_return_val_if_fail (str != NULL, FALSE);
  g_return_val_if_fail (time_ns != NULL, FALSE);

  if (len == (gsize) -1)
    len = strlen (str);
  end = str + len;

  if (!parse_digits (&p, end, 4, &year) || !expect_char (&p, end, '-') ||
      !parse_digits (&p, end, 2, &month) || !expect_char (&p, end, '-') ||
      !parse_digits (&p, end, 2, &day))
    return FALSE;

  if (p >= end || (*p != 'T' && *p != 't' && *p != ' '))
    return FALSE;
  p++;

  if (!parse_digits (&p, end, 2, &hour) || !expect_char (&p, end, ':') ||
      !parse_digits (&p, end, 2, &minute) || !expect_char (&p, end, ':') ||
      !parse_digits (&p, end, 2, &second))
    return FALSE;

  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60)
    return FALSE;

  max_day = days_in_month[month - 1];
  if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    max_day = 29;
  if (day > max_day)
    return FALSE;

  if (p < end && *p == '.')
    {
      gint64 scale = 100000000;
      guint n_digits = 0;

      p++;
      while (p < end && *p >= '0' && *p <= '9')
        {
          fraction_ns += (*p - '0') * scale;
          scale /= 10;
          n_digits++;
          p++;
        }

      if (n_digits == 0)
        return FALSE;
    }

  if (p < end && (*p == 'Z' || *p == 'z'))
    {
      p++;
    }
  else if (p < end && (*p == '+' || *p == '-'))
    {
      gboolean negative = *p == '-';
      guint off_h, off_m;

      p++;
      if (!parse_digits (&p, end, 2, &off_h) || !expect_char (&p, end, ':') ||
          !parse_digits (&p, end, 2, &off_m) || off_h > 23 || off_m > 59)
        return FALSE;

      offset_s = (gint64) off_h * 3600 + off_m * 60;
      if (negative)
        offset_s = -offset_s;
    }
  else
    {
      return FALSE;
    }

  if (p != end)
    return FALSE;

  seconds = days_from_civil (year, month, day) * 86400
          + (gint64) hour * 3600 + (gint64) minute * 60 + second
          - offset_s;

  if (seconds > G_MAXINT64 / IM_NSEC_PER_SEC - 1)
    *time_ns = G_MAXINT64;
  else if (seconds < G_MININT64 / IM_NSEC_PER_SEC + 1)
    *time_ns = G_MININT64;
  else
    *time_ns = seconds * IM_NSEC_PER_SEC + fraction_ns;

  return TRUE;
}

/**
 * im_timestamp_format:
 * @buf: where to write
 * @time_ns: nanoseconds since the epoch
 * @fraction_digits: 0 to 9 digits of fraction
 *
 * Writes an RFC 3339 UTC date-time such as "2026-11-28T07:26:49.123456Z".
 *
 * Returns: the length written
 */
int
im_timestamp_format (char   buf[IM_TIMESTAMP_BUF_SIZE],
                     gint64 time_ns,
                     guint  fraction_digits)
{
  gint64 seconds = time_ns / IM_NSEC_PER_SEC;
  gint64 frac = time_ns % IM_NSEC_PER_SEC;
  gint64 days, secs_of_day, year;
  guint month, day;
  int len;

  g_return_val_if_fail (fraction_digits <= 9, 0);

  if (frac < 0)
    {
      frac += IM_NSEC_PER_SEC;
      seconds -= 1;
    }

  days = seconds / 86400;
  secs_of_day = seconds % 86400;
  if (secs_of_day < 0)
    {
      secs_of_day += 86400;
      days -= 1;
    }

  civil_from_days (days, &year, &month, &day);

  len = g_snprintf (buf, IM_TIMESTAMP_BUF_SIZE,
                    "%04" G_GINT64_FORMAT "-%02u-%02uT%02u:%02u:%02u",
                    year, month, day,
                    (guint) (secs_of_day / 3600),
                    (guint) (secs_of_day / 60 % 60),
                    (guint) (secs_of_day % 60));

  if (fraction_digits > 0)
    {
      gint64 divisor = 1;

      for (guint i = fraction_digits; i < 9; i++)
        divisor *= 10;

      len += g_snprintf (buf + len, IM_TIMESTAMP_BUF_SIZE - len, ".%0*" G_GINT64_FORMAT,
                         (int) fraction_digits, frac / divisor);
    }

  buf[len++] = 'Z';
  buf[len] = '\0';

  return len;
}

gint64
im_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);

  return (gint64) ts.tv_sec * IM_NSEC_PER_SEC + ts.tv_nsec;
}

gint64
im_floor_div (gint64 a,
              gint64 b)
{
  gint64 q;

  g_return_val_if_fail (b != 0, 0);

  q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;

  return q;
}
