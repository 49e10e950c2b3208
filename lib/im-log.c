/* im-log.c — JSON-lines structured log writer for the daemons
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-log"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "im-log.h"
#include "im-util.h"

static const char *
level_name (GLogLevelFlags log_level)
{
  if (log_level & G_LOG_LEVEL_ERROR)
    return "error";
  if (log_level & G_LOG_LEVEL_CRITICAL)
    return "critical";
  if (log_level & G_LOG_LEVEL_WARNING)
    return "warning";
  if (log_level & G_LOG_LEVEL_MESSAGE)
    return "notice";
  if (log_level & G_LOG_LEVEL_INFO)
    return "info";
  return "debug";
}

/* A value that is a JSON number by the grammar is written as one, so a
 * log reader can sum "delivered" without parsing strings. */
static gboolean
is_json_number (const char *s,
                gsize       len)
{
  gsize i = 0;

  if (len == 0)
    return FALSE;
  if (s[i] == '-')
    i++;
  if (i >= len)
    return FALSE;
  if (s[i] == '0')
    i++;
  else if (s[i] >= '1' && s[i] <= '9')
    while (i < len && g_ascii_isdigit (s[i]))
      i++;
  else
    return FALSE;
  if (i < len && s[i] == '.')
    {
      i++;
      if (i >= len || !g_ascii_isdigit (s[i]))
        return FALSE;
      while (i < len && g_ascii_isdigit (s[i]))
        i++;
    }
  if (i < len && (s[i] == 'e' || s[i] == 'E'))
    {
      i++;
      if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
      if (i >= len || !g_ascii_isdigit (s[i]))
        return FALSE;
      while (i < len && g_ascii_isdigit (s[i]))
        i++;
    }

  return i == len;
}

static gboolean
is_glib_field (const char *key)
{
  return strcmp (key, "MESSAGE") == 0 ||
         strcmp (key, "PRIORITY") == 0 ||
         strcmp (key, "GLIB_DOMAIN") == 0 ||
         strcmp (key, "GLIB_OLD_LOG_API") == 0 ||
         strcmp (key, "MESSAGE_ID") == 0 ||
         g_str_has_prefix (key, "CODE_") ||
         g_str_has_prefix (key, "SYSLOG_");
}

void
im_log_format_json (GString         *out,
                    GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gint64           time_ns)
{
  char ts[IM_TIMESTAMP_BUF_SIZE];
  const char *domain = NULL;
  const char *message = NULL;
  gssize message_len = -1;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (strcmp (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (strcmp (fields[i].key, "MESSAGE") == 0)
        {
          message = fields[i].value;
          message_len = fields[i].length;
        }
    }

  im_timestamp_format (ts, time_ns, 6);
  g_string_append (out, "{\"time\":\"");
  g_string_append (out, ts);
  g_string_append (out, "\",\"level\":\"");
  g_string_append (out, level_name (log_level));
  g_string_append_c (out, '"');

  if (domain != NULL)
    {
      g_string_append (out, ",\"domain\":");
      im_string_append_json (out, domain, -1);
    }

  g_string_append (out, ",\"message\":");
  im_string_append_json (out, message != NULL ? message : "", message_len);

  for (gsize i = 0; i < n_fields; i++)
    {
      const char *value = fields[i].value;
      gsize len;
      g_autofree char *key = NULL;

      if (is_glib_field (fields[i].key) || value == NULL)
        continue;

      len = fields[i].length < 0 ? strlen (value) : (gsize) fields[i].length;
      key = g_ascii_strdown (fields[i].key, -1);

      g_string_append_c (out, ',');
      im_string_append_json (out, key, -1);
      g_string_append_c (out, ':');
      if (is_json_number (value, len))
        g_string_append_len (out, value, len);
      else
        im_string_append_json (out, value, len);
    }

  g_string_append (out, "}\n");
}

GLogWriterOutput
im_log_writer_json (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  FILE *stream = user_data != NULL ? user_data : stderr;
  g_autoptr(GString) line = g_string_sized_new (256);

  if (g_log_writer_default_would_drop (log_level, NULL))
    {
      const char *domain = NULL;

      for (gsize i = 0; i < n_fields; i++)
        if (strcmp (fields[i].key, "GLIB_DOMAIN") == 0)
          domain = fields[i].value;

      if (g_log_writer_default_would_drop (log_level, domain))
        return G_LOG_WRITER_HANDLED;
    }

  im_log_format_json (line, log_level, fields, n_fields, im_now_ns ());

  /* One write per line, so lines of several threads never interleave. */
  flockfile (stream);
  fwrite (line->str, 1, line->len, stream);
  fflush (stream);
  funlockfile (stream);

  return G_LOG_WRITER_HANDLED;
}

void
im_log_init (void)
{
  g_log_set_writer_func (im_log_writer_json, NULL, NULL);
}
