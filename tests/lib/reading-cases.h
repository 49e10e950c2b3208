/* reading-cases.h — messages of the data contract, valid and invalid,
 * shared by the tests of the JSON decoders
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-reading.h"

#define VALID_TAIL "\"timestamp\":\"2026-11-28T07:26:49.123456Z\"," \
                   "\"temperature\":55.1,\"vibration\":1.02,\"pressure\":50.2,\"power\":251.3"
#define IDS "\"machine_id\":\"MACHINE_001\",\"sensor_id\":\"MACHINE_001-S1\","
#define VALUES "\"temperature\":55.1,\"vibration\":1.02,\"pressure\":50.2,\"power\":251.3"
#define TS "\"timestamp\":\"2026-11-28T07:26:49.123456Z\","

typedef struct
{
  const char *json;
  gssize      len;      /* -1: strlen */
} ValidCase;

static const ValidCase valid_cases[] = {
  { "{\"schema_version\":1," IDS VALID_TAIL ",\"state\":\"normal\",\"degradation\":0.0,\"anomaly\":null}", -1 },
  { "{" IDS VALID_TAIL "}", -1 },                                       /* version absent means 1 */
  { "{" IDS VALID_TAIL ",\"extra\":{\"nested\":[1,2,3]},\"note\":\"ignored\"}", -1 },
  { "{" IDS VALID_TAIL ",\"state\":\"degrading\",\"degradation\":0.5,\"anomaly\":\"drift\"}", -1 },
  { "{" IDS VALID_TAIL ",\"state\":\"failing\",\"degradation\":1,\"anomaly\":\"multi_sensor\"}", -1 },
  { "{" IDS VALID_TAIL ",\"anomaly\":\"spike\"}", -1 },
  { "{" IDS VALID_TAIL ",\"anomaly\":\"cyclic\"}", -1 },
  { "{" IDS VALID_TAIL ",\"state\":null,\"degradation\":null}", -1 },
  { "{\"machine_id\":\"a\",\"sensor_id\":\"b\"," VALID_TAIL "}", -1 },  /* one-character ids */
  { "{\"machine_id\":\"Line-2.Press:7_b\",\"sensor_id\":\"X\"," VALID_TAIL "}", -1 },
  { "{\"machine_id\":\"MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM\","
    "\"sensor_id\":\"S\"," VALID_TAIL "}", -1 },                          /* exactly 64 chars */
  { "{" IDS "\"timestamp\":\"2026-11-28T08:26:49+01:00\"," VALUES "}", -1 },
  { "{" IDS "\"timestamp\":\"2026-11-28t07:26:49z\"," VALUES "}", -1 },
  { "{" IDS "\"timestamp\":\"2026-11-28T07:26:49.123456789Z\"," VALUES "}", -1 },
  { "{" IDS "\"timestamp\":\"2000-01-01T00:00:00Z\"," VALUES "}", -1 },  /* the oldest allowed */
  { "{" IDS "\"timestamp\":\"2026-11-28T12:04:59Z\"," VALUES "}", -1 },  /* 4:59 ahead */
  { "{" IDS TS "\"temperature\":-50,\"vibration\":0,\"pressure\":0,\"power\":0}", -1 },
  { "{" IDS TS "\"temperature\":500,\"vibration\":1e3,\"pressure\":1000,\"power\":100000}", -1 },
  { "{" IDS TS "\"temperature\":55,\"vibration\":1,\"pressure\":50,\"power\":250}", -1 }, /* integers */
  { "  \n{" IDS VALID_TAIL "}\n ", -1 },                                  /* whitespace around */
  { "{" IDS VALID_TAIL ",\"machine_id\":\"MACHINE_002\"}", -1 },          /* duplicate: last wins */
  { "{" IDS VALID_TAIL ",\"note\":\"\\ud83d\\ude00 \\u00e9\"}", -1 },      /* a surrogate pair */
};

typedef struct
{
  const char     *json;
  gssize          len;
  ImReadingError  code;
  const char     *message;   /* substring expected in the error message */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "", 0, IM_READING_ERROR_EMPTY, "empty" },
  { "{" IDS VALID_TAIL "}\0garbage", sizeof ("{" IDS VALID_TAIL "}\0garbage") - 1,
    IM_READING_ERROR_INVALID_UTF8, "UTF-8" },
  { "{\"machine_id\":\"M\xff\xfe\",\"sensor_id\":\"S\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_INVALID_UTF8, "UTF-8" },
  { "not json at all", -1, IM_READING_ERROR_MALFORMED_JSON, "not JSON" },
  { "  \n ", -1, IM_READING_ERROR_NOT_AN_OBJECT, "must be a JSON object, not empty" },
  { "1{" IDS VALID_TAIL "}", -1, IM_READING_ERROR_NOT_AN_OBJECT, "must be a JSON object, not a number" },
  { "true", -1, IM_READING_ERROR_NOT_AN_OBJECT, "must be a JSON object, not a boolean" },
  { "{" IDS VALID_TAIL ",\"note\":\"\\ud800\\u0041\"}", -1,
    IM_READING_ERROR_MALFORMED_JSON, "not followed by its low surrogate" },
  { "{" IDS VALID_TAIL ",\"note\":\"\\udbff\\ud800\"}", -1,
    IM_READING_ERROR_MALFORMED_JSON, "not followed by its low surrogate" },
  { "{" IDS VALID_TAIL ",\"note\":\"\\udc00\\u0041\"}", -1,
    IM_READING_ERROR_MALFORMED_JSON, "not preceded by its high surrogate" },
  { "{" IDS VALID_TAIL "}{}", -1, IM_READING_ERROR_MALFORMED_JSON, "text after the object" },
  { "{" IDS VALID_TAIL "} [1]", -1, IM_READING_ERROR_MALFORMED_JSON, "text after the object" },
  { "{" IDS VALID_TAIL "}\n{" IDS VALID_TAIL "}", -1,
    IM_READING_ERROR_MALFORMED_JSON, "text after the object" },
  { "{" IDS VALID_TAIL, -1, IM_READING_ERROR_MALFORMED_JSON, "not JSON" },
  { "{" IDS TS "\"temperature\":NaN,\"vibration\":1,\"pressure\":50,\"power\":250}", -1,
    IM_READING_ERROR_MALFORMED_JSON, "not JSON" },
  { "{" IDS TS "\"temperature\":Infinity,\"vibration\":1,\"pressure\":50,\"power\":250}", -1,
    IM_READING_ERROR_MALFORMED_JSON, "not JSON" },
  { "{" IDS TS "\"temperature\":1e999,\"vibration\":1,\"pressure\":50,\"power\":250}", -1,
    IM_READING_ERROR_NOT_FINITE, "temperature: not a finite number" },
  { "[1,2,3]", -1, IM_READING_ERROR_NOT_AN_OBJECT, "must be a JSON object, not an array" },
  { "\"a string\"", -1, IM_READING_ERROR_NOT_AN_OBJECT, "must be a JSON object" },
  { "42", -1, IM_READING_ERROR_NOT_AN_OBJECT, "must be a JSON object" },
  { "null", -1, IM_READING_ERROR_NOT_AN_OBJECT, "must be a JSON object" },
  { "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}", -1,
    IM_READING_ERROR_TOO_DEEP, "nested deeper" },
  { "{\"schema_version\":2," IDS VALID_TAIL "}", -1,
    IM_READING_ERROR_UNSUPPORTED_VERSION, "schema_version: 2 is not supported" },
  { "{\"schema_version\":0," IDS VALID_TAIL "}", -1,
    IM_READING_ERROR_UNSUPPORTED_VERSION, "schema_version: 0" },
  { "{\"schema_version\":\"1\"," IDS VALID_TAIL "}", -1,
    IM_READING_ERROR_WRONG_TYPE, "schema_version: must be an integer, not a string" },
  { "{\"schema_version\":1.5," IDS VALID_TAIL "}", -1,
    IM_READING_ERROR_WRONG_TYPE, "schema_version: must be an integer" },
  { "{\"sensor_id\":\"S\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_MISSING_FIELD, "machine_id: required field is missing" },
  { "{\"machine_id\":\"M\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_MISSING_FIELD, "sensor_id: required field is missing" },
  { "{" IDS VALUES "}", -1, IM_READING_ERROR_MISSING_FIELD, "timestamp: required field is missing" },
  { "{" IDS TS "\"vibration\":1,\"pressure\":50,\"power\":250}", -1,
    IM_READING_ERROR_MISSING_FIELD, "temperature: required field is missing" },
  { "{" IDS TS "\"temperature\":55,\"pressure\":50,\"power\":250}", -1,
    IM_READING_ERROR_MISSING_FIELD, "vibration: required field is missing" },
  { "{" IDS TS "\"temperature\":55,\"vibration\":1,\"power\":250}", -1,
    IM_READING_ERROR_MISSING_FIELD, "pressure: required field is missing" },
  { "{" IDS TS "\"temperature\":55,\"vibration\":1,\"pressure\":50}", -1,
    IM_READING_ERROR_MISSING_FIELD, "power: required field is missing" },
  { "{\"machine_id\":7,\"sensor_id\":\"S\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_WRONG_TYPE, "machine_id: must be a string, not a number" },
  { "{\"machine_id\":null,\"sensor_id\":\"S\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_WRONG_TYPE, "machine_id: must be a string, not null" },
  { "{" IDS TS "\"temperature\":\"55.1\",\"vibration\":1,\"pressure\":50,\"power\":250}", -1,
    IM_READING_ERROR_WRONG_TYPE, "temperature: must be a number, not a string" },
  { "{" IDS TS "\"temperature\":55,\"vibration\":true,\"pressure\":50,\"power\":250}", -1,
    IM_READING_ERROR_WRONG_TYPE, "vibration: must be a number, not a boolean" },
  { "{" IDS TS "\"temperature\":55,\"vibration\":1,\"pressure\":null,\"power\":250}", -1,
    IM_READING_ERROR_WRONG_TYPE, "pressure: must be a number, not null" },
  { "{" IDS TS "\"temperature\":55,\"vibration\":1,\"pressure\":50,\"power\":[250]}", -1,
    IM_READING_ERROR_WRONG_TYPE, "power: must be a number, not an array" },
  { "{" IDS "\"timestamp\":1795867200," VALUES "}", -1,
    IM_READING_ERROR_WRONG_TYPE, "timestamp: must be a string, not a number" },
  { "{\"machine_id\":\"\",\"sensor_id\":\"S\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_INVALID_ID, "machine_id: must be 1–64 characters" },
  { "{\"machine_id\":\"MACHINE 001\",\"sensor_id\":\"S\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_INVALID_ID, "machine_id" },
  { "{\"machine_id\":\"M,host=x\",\"sensor_id\":\"S\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_INVALID_ID, "machine_id" },
  { "{\"machine_id\":\"M\\nX\",\"sensor_id\":\"S\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_INVALID_ID, "machine_id" },
  { "{\"machine_id\":\"M'\\\" OR 1=1\",\"sensor_id\":\"S\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_INVALID_ID, "machine_id" },
  { "{\"machine_id\":\"Maschine_ü\",\"sensor_id\":\"S\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_INVALID_ID, "machine_id" },
  { "{\"machine_id\":\"MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM\","
    "\"sensor_id\":\"S\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_INVALID_ID, "machine_id" },                             /* 65 chars */
  { "{\"machine_id\":\"M\",\"sensor_id\":\"S/1\"," VALID_TAIL "}", -1,
    IM_READING_ERROR_INVALID_ID, "sensor_id" },
  { "{" IDS "\"timestamp\":\"yesterday\"," VALUES "}", -1,
    IM_READING_ERROR_INVALID_TIMESTAMP, "timestamp: not an RFC 3339 date-time" },
  { "{" IDS "\"timestamp\":\"2026-11-28T07:26:49\"," VALUES "}", -1,    /* no offset */
    IM_READING_ERROR_INVALID_TIMESTAMP, "timestamp: not an RFC 3339" },
  { "{" IDS "\"timestamp\":\"2026-02-29T07:26:49Z\"," VALUES "}", -1,   /* not a leap year */
    IM_READING_ERROR_INVALID_TIMESTAMP, "timestamp" },
  { "{" IDS "\"timestamp\":\"2026-13-01T00:00:00Z\"," VALUES "}", -1,
    IM_READING_ERROR_INVALID_TIMESTAMP, "timestamp" },
  { "{" IDS "\"timestamp\":\"2026-11-28T24:00:00Z\"," VALUES "}", -1,
    IM_READING_ERROR_INVALID_TIMESTAMP, "timestamp" },
  { "{" IDS "\"timestamp\":\"2026-11-28T07:26:49.Z\"," VALUES "}", -1,
    IM_READING_ERROR_INVALID_TIMESTAMP, "timestamp" },
  { "{" IDS "\"timestamp\":\"2026-11-28T07:26:49Z \"," VALUES "}", -1,
    IM_READING_ERROR_INVALID_TIMESTAMP, "timestamp" },
  { "{" IDS "\"timestamp\":\"1999-12-31T23:59:59.999Z\"," VALUES "}", -1,
    IM_READING_ERROR_TIMESTAMP_TOO_OLD, "timestamp: before 2000-01-01" },
  { "{" IDS "\"timestamp\":\"0001-01-01T00:00:00Z\"," VALUES "}", -1,
    IM_READING_ERROR_TIMESTAMP_TOO_OLD, "timestamp: before 2000" },
  { "{" IDS "\"timestamp\":\"2026-11-28T12:05:01Z\"," VALUES "}", -1,
    IM_READING_ERROR_TIMESTAMP_IN_FUTURE, "timestamp: more than 5 minutes in the future" },
  { "{" IDS "\"timestamp\":\"9999-12-31T23:59:59Z\"," VALUES "}", -1,
    IM_READING_ERROR_TIMESTAMP_IN_FUTURE, "timestamp: more than 5 minutes in the future" },
  { "{" IDS TS "\"temperature\":-50.01,\"vibration\":1,\"pressure\":50,\"power\":250}", -1,
    IM_READING_ERROR_OUT_OF_RANGE, "temperature: -50.01 is physically impossible" },
  { "{" IDS TS "\"temperature\":500.5,\"vibration\":1,\"pressure\":50,\"power\":250}", -1,
    IM_READING_ERROR_OUT_OF_RANGE, "temperature: 500.5 is physically impossible" },
  { "{" IDS TS "\"temperature\":55,\"vibration\":-0.1,\"pressure\":50,\"power\":250}", -1,
    IM_READING_ERROR_OUT_OF_RANGE, "vibration: -0.1 is physically impossible (must not be negative)" },
  { "{" IDS TS "\"temperature\":55,\"vibration\":1,\"pressure\":-1,\"power\":250}", -1,
    IM_READING_ERROR_OUT_OF_RANGE, "pressure: -1 is physically impossible" },
  { "{" IDS TS "\"temperature\":55,\"vibration\":1,\"pressure\":1000.1,\"power\":250}", -1,
    IM_READING_ERROR_OUT_OF_RANGE, "pressure: 1000.1" },
  { "{" IDS TS "\"temperature\":55,\"vibration\":1,\"pressure\":50,\"power\":-5}", -1,
    IM_READING_ERROR_OUT_OF_RANGE, "power: -5 is physically impossible" },
  { "{" IDS TS "\"temperature\":55,\"vibration\":1,\"pressure\":50,\"power\":100001}", -1,
    IM_READING_ERROR_OUT_OF_RANGE, "power: 100001 is physically impossible" },
  { "{" IDS VALID_TAIL ",\"degradation\":1.5}", -1,
    IM_READING_ERROR_OUT_OF_RANGE, "degradation: must be within 0..1" },
  { "{" IDS VALID_TAIL ",\"degradation\":\"high\"}", -1,
    IM_READING_ERROR_WRONG_TYPE, "degradation: must be a number" },
  { "{" IDS VALID_TAIL ",\"state\":\"broken\"}", -1,
    IM_READING_ERROR_INVALID_ENUM, "state: must be normal, degrading or failing" },
  { "{" IDS VALID_TAIL ",\"state\":1}", -1,
    IM_READING_ERROR_WRONG_TYPE, "state: must be a string" },
  { "{" IDS VALID_TAIL ",\"anomaly\":\"meteor\"}", -1,
    IM_READING_ERROR_INVALID_ENUM, "anomaly: must be null, spike, drift, cyclic or multi_sensor" },
  { "{" IDS VALID_TAIL ",\"anomaly\":false}", -1,
    IM_READING_ERROR_WRONG_TYPE, "anomaly: must be a string or null, not a boolean" },
};
