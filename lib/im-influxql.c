/* im-influxql.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-influxql"

#include "config.h"

#include "im-influxql.h"

static void
append_quoted (GString    *buf,
               const char *text,
               char        quote)
{
  g_string_append_c (buf, quote);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        {
          g_string_append_len (buf, "\\n", 2);
          continue;
        }

      if (*p == '\\' || *p == quote)
        g_string_append_c (buf, '\\');
      g_string_append_c (buf, *p);
    }

  g_string_append_c (buf, quote);
}

void
im_influxql_append_identifier (GString    *buf,
                               const char *ident)
{
  g_return_if_fail (buf != NULL);
  g_return_if_fail (ident != NULL);
  g_return_if_fail (g_utf8_validate (ident, -1, NULL));

  append_quoted (buf, ident, '"');
}

void
im_influxql_append_string (GString    *buf,
                           const char *value)
{
  g_return_if_fail (buf != NULL);
  g_return_if_fail (value != NULL);
  g_return_if_fail (g_utf8_validate (value, -1, NULL));

  append_quoted (buf, value, '\'');
}
