/* im-config.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Configuration resolves once at start-up: command line, then the
 * environment, then the default. An unparsable value is an error that
 * names the flag or variable, never a silent default. */

#define IM_CONFIG_ERROR (im_config_error_quark ())

typedef enum
{
  IM_CONFIG_ERROR_INVALID,
} ImConfigError;

GQuark      im_config_error_quark   (void);

/* @flag: the value from the command line or NULL. Returns a new string. */
char       *im_config_string        (const char  *flag,
                                     const char  *env_name,
                                     const char  *fallback);
gboolean    im_config_parse_uint    (const char  *what,
                                     const char  *str,
                                     guint64      min,
                                     guint64      max,
                                     guint64     *out,
                                     GError     **error);
gboolean    im_config_parse_double  (const char  *what,
                                     const char  *str,
                                     double       min,
                                     double       max,
                                     double      *out,
                                     GError     **error);
/* "250ms", "10s", "5m", "2h", "7d", or a bare number of seconds. */
gboolean    im_config_parse_duration (const char *what,
                                      const char *str,
                                      gint64     *ns,
                                      GError    **error);
/* "key=value" pairs, as kcat's -X; appended to @keys/@values. */
gboolean    im_config_parse_key_value (const char  *what,
                                       const char  *str,
                                       char       **key,
                                       char       **value,
                                       GError     **error);

/* A usage error for the options: IM_CONFIG_ERROR_INVALID with the
 * message; returns FALSE, to be returned. */
gboolean    im_config_invalid       (GError     **error,
                                     const char  *format,
                                     ...) G_GNUC_PRINTF (2, 3);
/* NULL or "". */
gboolean    im_config_is_empty      (const char  *str);

G_END_DECLS
