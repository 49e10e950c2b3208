/* im-line-protocol.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-reading.h"

G_BEGIN_DECLS

#define IM_LP_MEASUREMENT "sensor_readings"

#define IM_LP_ERROR (im_lp_error_quark ())

typedef enum
{
  IM_LP_ERROR_EMPTY,         /* empty measurement, key or tag value */
  IM_LP_ERROR_NEWLINE,       /* a newline cannot be escaped in line protocol */
  IM_LP_ERROR_INVALID_UTF8,
  IM_LP_ERROR_NOT_FINITE,    /* NaN and infinities have no line protocol form */
  IM_LP_ERROR_NO_FIELDS,
  IM_LP_ERROR_UNREPRESENTABLE, /* trailing backslash, measurement starting with '#' */
} ImLpError;

GQuark   im_lp_error_quark              (void);

/* Escaping, exactly as InfluxDB's line protocol reference specifies:
 *
 *  - measurement: comma and space are escaped with a backslash;
 *  - tag keys, tag values, field keys: comma, equals sign and space;
 *  - string field values: double-quoted, with `"` and `\` escaped.
 *
 * Any other backslash is written as it is: InfluxDB 1.x reads a
 * backslash in a name or tag value literally unless it escapes one of
 * the characters above (`a\b` stays `a\b`). What cannot be represented
 * is refused, so nothing ever reaches the server changed:
 *
 *  - an empty measurement, tag key, tag value or field key (EMPTY);
 *  - CR or LF anywhere, string field values included (NEWLINE): line
 *    protocol is split into points at newlines, and so is a batch when
 *    a rejected write is narrowed down to its bad points;
 *  - invalid UTF-8 (INVALID_UTF8);
 *  - a measurement, tag key, tag value or field key ending in a
 *    backslash (UNREPRESENTABLE): InfluxDB takes the separator after it
 *    as escaped and answers "invalid tag format" (1.6, also with `\\`);
 *  - a measurement starting with '#' (UNREPRESENTABLE): the line would
 *    be a comment and silently dropped;
 *  - NaN and infinities (NOT_FINITE).
 *
 * Each function returns FALSE (and appends nothing) for input that
 * cannot be represented. They only append the escaped text: the caller
 * writes the separators (',', '=', ' ') between the parts, except
 * im_lp_append_tag() which appends ",key=value". */
gboolean im_lp_append_measurement       (GString     *buf,
                                         const char  *name,
                                         GError     **error);
gboolean im_lp_append_tag               (GString     *buf,
                                         const char  *key,
                                         const char  *value,
                                         GError     **error);
gboolean im_lp_append_field_key         (GString     *buf,
                                         const char  *key,
                                         GError     **error);
gboolean im_lp_append_field_string      (GString     *buf,
                                         const char  *value,
                                         GError     **error);
/* The shortest decimal form that reads back bit-identical
 * (im_string_append_double()); InfluxDB parses it with
 * strconv.ParseFloat. Written without an "i" suffix, so always a float
 * field, also for integral values ("5"). */
gboolean im_lp_append_field_float       (GString     *buf,
                                         double       value,
                                         GError     **error);
/* A 64-bit integer field: decimal with the "i" suffix. */
void     im_lp_append_field_integer     (GString     *buf,
                                         gint64       value);
void     im_lp_append_field_boolean     (GString     *buf,
                                         gboolean     value);
/* A timestamp in the precision of the write (ns here): plain decimal. */
void     im_lp_append_timestamp         (GString     *buf,
                                         gint64       time_ns);

/* One point of measurement IM_LP_MEASUREMENT, newline-terminated:
 *
 *   sensor_readings,machine_id=M,sensor_id=S temperature=…,vibration=…,
 *     pressure=…,power=…[,degradation=…][,state="…"][,anomaly="…"] <ns>
 *
 * Tags sorted by key, as InfluxDB recommends. Ground truth fields:
 *  - degradation: left out when NAN;
 *  - state: left out when IM_MACHINE_STATE_UNKNOWN, else "normal",
 *    "degrading" or "failing";
 *  - anomaly: "spike", "drift", "cyclic" or "multi_sensor" when set;
 *    "none" when the reading carries ground truth (state known) but no
 *    anomaly; left out when the reading has neither (a real sensor).
 *    So `anomaly <> 'none'` selects anomalous points, and a missing
 *    anomaly means "not known".
 *
 * A reading that passed im_reading_validate() always encodes; on failure
 * nothing is appended. Appending a batch costs no heap allocation per
 * point beyond the growth of @buf. */
gboolean im_lp_append_reading           (GString         *buf,
                                         const ImReading *reading,
                                         GError         **error);

G_END_DECLS
