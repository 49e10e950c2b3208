/* im-influxql.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * InfluxQL quoting: the one place queries are built from strings, as
 * im-line-protocol.c is for writes. An identifier in double quotes, a
 * string in single quotes; inside, backslash and the quote are escaped
 * with a backslash and a line feed is written as \n. @ident and @value
 * must be valid UTF-8.
 */
void im_influxql_append_identifier (GString    *buf,
                                    const char *ident);
void im_influxql_append_string     (GString    *buf,
                                    const char *value);

G_END_DECLS
