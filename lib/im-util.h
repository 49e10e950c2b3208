/* im-util.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Large enough for any double written by im_format_double(). */
#define IM_DOUBLE_BUF_SIZE 32
/* Large enough for "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" and a NUL. */
#define IM_TIMESTAMP_BUF_SIZE 40

#define IM_NSEC_PER_SEC  G_GINT64_CONSTANT (1000000000)
#define IM_NSEC_PER_MSEC G_GINT64_CONSTANT (1000000)
#define IM_NSEC_PER_USEC G_GINT64_CONSTANT (1000)

int      im_format_double        (char        buf[IM_DOUBLE_BUF_SIZE],
                                  double      value);
void     im_string_append_double (GString    *out,
                                  double      value);
void     im_string_append_json   (GString    *out,
                                  const char *str,
                                  gssize      len);

gboolean im_timestamp_parse      (const char *str,
                                  gsize       len,
                                  gint64     *time_ns);
int      im_timestamp_format     (char        buf[IM_TIMESTAMP_BUF_SIZE],
                                  gint64      time_ns,
                                  guint       fraction_digits);

gint64   im_now_ns               (void);
/* @a / @b rounded towards minus infinity (C rounds towards zero). */
gint64   im_floor_div            (gint64      a,
                                  gint64      b);


G_END_DECLS
