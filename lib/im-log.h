/* im-log.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A GLogWriterFunc writing one JSON object per line:
 * {"time":"…Z","level":"info","domain":"…","message":"…", fields…}
 * Structured fields other than GLib's own (MESSAGE, PRIORITY, GLIB_DOMAIN,
 * CODE_*) become members, lower-cased. @user_data: a FILE*, or NULL for
 * stderr. Debug messages are written when G_MESSAGES_DEBUG covers the
 * domain. */
GLogWriterOutput im_log_writer_json  (GLogLevelFlags   log_level,
                                      const GLogField *fields,
                                      gsize            n_fields,
                                      gpointer         user_data);
/* Appends the JSON line (with its newline) for the given fields. */
void             im_log_format_json  (GString         *out,
                                      GLogLevelFlags   log_level,
                                      const GLogField *fields,
                                      gsize            n_fields,
                                      gint64           time_ns);
/* Installs im_log_writer_json on stderr for the process. */
void             im_log_init         (void);

G_END_DECLS
