/* im-config.c — configuration values: command line > environment > default
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-config"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "im-config.h"
#include "im-util.h"

G_DEFINE_QUARK (im-config-error-quark, im_config_error)

char *
im_config_string (const char *flag,
                  const char *env_name,
                  const char *fallback)
{
  const char *env;

  if (flag != NULL)
    return g_strdup (flag);

  if (env_name != NULL && (env = g_getenv (env_name)) != NULL && *env != '\0')
    return g_strdup (env);

  return g_strdup (fallback);
}

gboolean
im_config_parse_uint (const char  *what,
                      const char  *str,
                      guint64      min,
                      guint64      max,
                      guint64     *out,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  guint64 value;

  g_return_val_if_fail (what != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL ||
      !g_ascii_string_to_unsigned (str, 10, min, max, &value, &local_error))
    {
      g_autofree char *min_text = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *max_text = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      /* Translators: "--machines: “many” is not a whole number from 1 to 100000" */
      g_set_error (error, IM_CONFIG_ERROR, IM_CONFIG_ERROR_INVALID,
                   _("%s: “%s” is not a whole number from %s to %s"),
                   what, str ? str : "", min_text, max_text);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
im_config_parse_double (const char  *what,
                        const char  *str,
                        double       min,
                        double       max,
                        double      *out,
                        GError     **error)
{
  char *end = NULL;
  double value;

  g_return_val_if_fail (what != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (str != NULL && *str != '\0' && !g_ascii_isspace (*str))
    {
      errno = 0;
      value = g_ascii_strtod (str, &end);
      if (errno == 0 && end != NULL && *end == '\0' && isfinite (value) &&
          value >= min && value <= max)
        {
          *out = value;
          return TRUE;
        }
    }

  g_set_error (error, IM_CONFIG_ERROR, IM_CONFIG_ERROR_INVALID,
               _("%s: “%s” is not a number from %g to %g"), what, str ? str : "", min, max);
  return FALSE;
}

gboolean
im_config_parse_duration (const char  *what,
                          const char  *str,
                          gint64      *ns,
                          GError     **error)
{
  static const struct {
    const char *suffix;
    double      ns;
  } units[] = {
    { "ns", 1.0 },
    { "us", 1e3 },
    { "ms", 1e6 },
    { "s", 1e9 },
    { "m", 60e9 },
    { "h", 3600e9 },
    { "d", 86400e9 },
  };
  char *end = NULL;
  double value;

  g_return_val_if_fail (what != NULL, FALSE);
  g_return_val_if_fail (ns != NULL, FALSE);

  if (str == NULL || *str == '\0' || !(g_ascii_isdigit (*str) || *str == '.'))
    goto invalid;

  errno = 0;
  value = g_ascii_strtod (str, &end);
  if (errno != 0 || end == str || !isfinite (value) || value < 0)
    goto invalid;

  if (*end == '\0')
    {
      value *= 1e9;
    }
  else
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (units); i++)
        {
          if (strcmp (end, units[i].suffix) == 0)
            {
              value *= units[i].ns;
              found = TRUE;
              break;
            }
        }
      if (!found)
        goto invalid;
    }

  if (value >= 9.2e18)
    goto invalid;

  *ns = (gint64) llround (value);
  return TRUE;

invalid:
  g_set_error (error, IM_CONFIG_ERROR, IM_CONFIG_ERROR_INVALID,
               _("%s: “%s” is not a duration (a number with ms, s, m, h or d, e.g. 250ms, 10s, 7d)"),
               what, str ? str : "");
  return FALSE;
}

gboolean
im_config_parse_key_value (const char  *what,
                           const char  *str,
                           char       **key,
                           char       **value,
                           GError     **error)
{
  const char *eq;

  g_return_val_if_fail (what != NULL, FALSE);

  if (str == NULL || (eq = strchr (str, '=')) == NULL || eq == str)
    {
      g_set_error (error, IM_CONFIG_ERROR, IM_CONFIG_ERROR_INVALID,
                   _("%s: “%s” is not of the form key=value"), what, str ? str : "");
      return FALSE;
    }

  *key = g_strndup (str, eq - str);
  *value = g_strdup (eq + 1);
  return TRUE;
}

gboolean
im_config_invalid (GError     **error,
                   const char  *format,
                   ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (IM_CONFIG_ERROR, IM_CONFIG_ERROR_INVALID,
                                                format, args));
  va_end (args);

  return FALSE;
}

gboolean
im_config_is_empty (const char *str)
{
  return str == NULL || *str == '\0';
}
