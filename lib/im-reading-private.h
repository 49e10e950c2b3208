/* im-reading-private.h — what the two JSON decoders of a reading share
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-reading.h"

G_BEGIN_DECLS

/* The members of a reading the data contract names, in the order the
 * rules are checked. Every other member is ignored. */
typedef enum
{
  IM_FIELD_SCHEMA_VERSION,
  IM_FIELD_MACHINE_ID,
  IM_FIELD_SENSOR_ID,
  IM_FIELD_TIMESTAMP,
  IM_FIELD_TEMPERATURE,  /* the four sensors in ImSensor order */
  IM_FIELD_VIBRATION,
  IM_FIELD_PRESSURE,
  IM_FIELD_POWER,
  IM_FIELD_STATE,
  IM_FIELD_DEGRADATION,
  IM_FIELD_ANOMALY,
  IM_N_FIELDS
} ImFieldId;

/* A member's JSON type as json-glib tells them apart: an integer literal
 * ("55", "-0") is an INT, one with a fraction or an exponent a DOUBLE. */
typedef enum
{
  IM_JSON_ABSENT = 0,
  IM_JSON_NULL,
  IM_JSON_BOOLEAN,
  IM_JSON_INT,
  IM_JSON_DOUBLE,
  IM_JSON_STRING,
  IM_JSON_OBJECT,
  IM_JSON_ARRAY,
} ImJsonType;

/* One member's value, borrowed from the decoder: @str is not
 * NUL-terminated and holds no NUL (a string stops at its first "\u0000",
 * as a C string does in json-glib). */
typedef struct
{
  ImJsonType  type;
  gint64      v_int;
  double      v_double;
  const char *str;
  gsize       len;
} ImJsonField;

const char *im_reading_field_name       (ImFieldId          field);

/* The checks both decoders make before they parse: empty and too-large
 * messages. */
gboolean    im_reading_check_size       (gsize              len,
                                         GError           **error);

/* Every rule of the data contract, from the decoded members. */
gboolean    im_reading_from_fields      (ImReading         *reading,
                                         const ImJsonField  fields[IM_N_FIELDS],
                                         gint64             now_ns,
                                         GError           **error);

/* The reference decoder: json-glib builds the tree. */
gboolean    im_reading_parse_json_reference (ImReading     *reading,
                                             const char    *data,
                                             gsize          len,
                                             gint64         now_ns,
                                             GError       **error);

typedef enum
{
  IM_DECODE_VALID,     /* a valid reading */
  IM_DECODE_INVALID,   /* strict JSON breaking a rule of the contract */
  IM_DECODE_DEFERRED,  /* not strict RFC 8259 JSON of the kinds handled
                        * here: the reference decoder decides */
} ImDecodeResult;

/* The fast decoder (im-reading-decoder.c) for the ingestion's hot path:
 * strict RFC 8259, no tree, no allocation. Whatever it decides, the
 * reference decides alike (tests/lib/test-reading-decoder.c). */
ImDecodeResult im_reading_decode_fast   (ImReading         *reading,
                                         const char        *data,
                                         gsize              len,
                                         gint64             now_ns,
                                         GError           **error);

/* Decimal to double, correctly rounded, bit-identical to g_ascii_strtod()
 * on the same text: @text is a JSON number's unsigned part. */
double      im_json_number_to_double    (const char        *text,
                                         gsize              len);

G_END_DECLS
