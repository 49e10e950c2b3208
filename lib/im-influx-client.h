/* im-influx-client.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "im-influxql.h"

G_BEGIN_DECLS

#define IM_INFLUX_ERROR (im_influx_error_quark ())

typedef enum
{
  IM_INFLUX_ERROR_CONNECT,        /* retryable: refused, DNS, reset */
  IM_INFLUX_ERROR_TIMEOUT,        /* retryable */
  IM_INFLUX_ERROR_SERVER,         /* retryable: 5xx */
  IM_INFLUX_ERROR_THROTTLED,      /* retryable: 429 */
  IM_INFLUX_ERROR_TLS,            /* permanent: certificate or handshake */
  IM_INFLUX_ERROR_BAD_REQUEST,    /* permanent: 400, e.g. a line that does not parse */
  IM_INFLUX_ERROR_PARTIAL_WRITE,  /* permanent: 400 "partial write", good lines were written */
  IM_INFLUX_ERROR_UNAUTHORIZED,   /* permanent: 401, 403 */
  IM_INFLUX_ERROR_NOT_FOUND,      /* permanent: 404, e.g. database not found */
  IM_INFLUX_ERROR_TOO_LARGE,      /* permanent: 413 */
  IM_INFLUX_ERROR_QUERY,          /* permanent: the statement failed */
  IM_INFLUX_ERROR_PROTOCOL,       /* permanent: an answer we cannot read */
  IM_INFLUX_ERROR_INVALID_ARGUMENT, /* e.g. a URL that does not parse */
} ImInfluxError;

/* Errors: the message says what was being done and keeps the server's
 * own text, e.g. "write to http://host:8086/write (database “sensors”):
 * 400 Bad Request: partial write: unable to parse '…': …". Codes follow
 * the HTTP status (400 BAD_REQUEST or PARTIAL_WRITE as the text says,
 * 401/403 UNAUTHORIZED, 404 NOT_FOUND, 413 TOO_LARGE, 429 THROTTLED,
 * 5xx SERVER) or the transport failure; an "error" inside a 200 answer
 * (a statement that failed) is QUERY. A GCancellable cancelled while a
 * request is in flight aborts it at once with G_IO_ERROR_CANCELLED. */

GQuark   im_influx_error_quark        (void);
gboolean im_influx_error_is_retryable (const GError *error);

/* Query results: typed columns, NULLs kept.
 *
 * Types are those of the JSON answer, which does not tell a float field
 * holding an integral value from an integer field: InfluxDB writes the
 * float 5.0 as `5`, read here as IM_INFLUX_VALUE_INTEGER. Read numbers
 * with im_influx_series_get_double() unless the type matters. Integers
 * beyond 64 bits and "-0" can only be floats and read as FLOAT. With
 * epoch=ns (always set) the time column is INTEGER nanoseconds.
 *
 * Strings are stored once per result and live as long as it. */

typedef enum
{
  IM_INFLUX_VALUE_NULL,
  IM_INFLUX_VALUE_FLOAT,
  IM_INFLUX_VALUE_INTEGER,
  IM_INFLUX_VALUE_STRING,
  IM_INFLUX_VALUE_BOOLEAN,
} ImInfluxValueType;

typedef struct
{
  ImInfluxValueType type;
  union {
    double      f;
    gint64      i;
    const char *s;
    gboolean    b;
  };
} ImInfluxValue;

typedef struct _ImInfluxResult ImInfluxResult;
typedef struct _ImInfluxSeries ImInfluxSeries;

#define IM_TYPE_INFLUX_RESULT (im_influx_result_get_type ())

GType                 im_influx_result_get_type        (void) G_GNUC_CONST;
ImInfluxResult       *im_influx_result_ref             (ImInfluxResult       *result);
void                  im_influx_result_unref           (ImInfluxResult       *result);
/* All statements' series, in order. */
guint                 im_influx_result_get_n_series    (ImInfluxResult       *result);
const ImInfluxSeries *im_influx_result_get_series      (ImInfluxResult       *result,
                                                        guint                 index);

const char           *im_influx_series_get_name        (const ImInfluxSeries *series);
/* Index of the statement (in a query of several) the series answers. */
guint                 im_influx_series_get_statement   (const ImInfluxSeries *series);
/* NULL when the series has no such tag (GROUP BY tag). */
const char           *im_influx_series_get_tag         (const ImInfluxSeries *series,
                                                        const char           *key);
/* The tags of a GROUP BY, in the server's order (sorted by key). */
guint                 im_influx_series_get_n_tags      (const ImInfluxSeries *series);
const char           *im_influx_series_get_tag_key     (const ImInfluxSeries *series,
                                                        guint                 index);
const char           *im_influx_series_get_tag_value   (const ImInfluxSeries *series,
                                                        guint                 index);
guint                 im_influx_series_get_n_columns   (const ImInfluxSeries *series);
const char           *im_influx_series_get_column_name (const ImInfluxSeries *series,
                                                        guint                 column);
/* -1 when absent. */
int                   im_influx_series_find_column     (const ImInfluxSeries *series,
                                                        const char           *name);
guint                 im_influx_series_get_n_rows      (const ImInfluxSeries *series);
const ImInfluxValue  *im_influx_series_get_value       (const ImInfluxSeries *series,
                                                        guint                 row,
                                                        guint                 column);
/* Convenience: a number as double (NAN for NULL or non-numbers). */
double                im_influx_series_get_double      (const ImInfluxSeries *series,
                                                        guint                 row,
                                                        guint                 column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImInfluxResult, im_influx_result_unref)

/* The client. Calls block (libcurl) and may be made from any thread at
 * once; the _async variants run them in a GTask thread. Connections are
 * kept alive and reused between calls. Defaults: connect timeout 5 s,
 * whole request 30 s, TLS certificates verified, no gzip, no auth.
 *
 * @url: the server's base URL, e.g. "http://127.0.0.1:8086" (a path
 * prefix is kept: "https://host/influx" sends to /influx/write).
 * @database: what write and query use (db=). */

#define IM_TYPE_INFLUX_CLIENT (im_influx_client_get_type ())

G_DECLARE_FINAL_TYPE (ImInfluxClient, im_influx_client, IM, INFLUX_CLIENT, GObject)

ImInfluxClient *im_influx_client_new                (const char      *url,
                                                     const char      *database);
const char     *im_influx_client_get_url            (ImInfluxClient  *self);
const char     *im_influx_client_get_database       (ImInfluxClient  *self);
/* HTTP basic auth; NULL @username turns it off. */
void            im_influx_client_set_basic_auth     (ImInfluxClient  *self,
                                                     const char      *username,
                                                     const char      *password);
/* "Authorization: Token <token>" (InfluxDB 1.8+, 2.x and 3.x v1 API);
 * used instead of basic auth when both are set. NULL turns it off. */
void            im_influx_client_set_token          (ImInfluxClient  *self,
                                                     const char      *token);
/* The token when not empty, else basic auth when @username is not empty,
 * else nothing: how the daemons take their --influxdb-* options. */
void            im_influx_client_set_credentials    (ImInfluxClient  *self,
                                                     const char      *token,
                                                     const char      *username,
                                                     const char      *password);
/* 0 keeps the default. */
void            im_influx_client_set_timeouts       (ImInfluxClient  *self,
                                                     guint            connect_timeout_ms,
                                                     guint            total_timeout_ms);
/* Instead of the total timeout: a request fails when less than a byte a
 * second moved for @stall_timeout_ms (whole seconds). Unlike a total
 * timeout it neither cuts a long but progressing transfer short nor fires
 * when the process itself was stopped while the answer arrived. 0 goes
 * back to the total timeout. */
void            im_influx_client_set_stall_timeout  (ImInfluxClient  *self,
                                                     guint            stall_timeout_ms);
/* Write bodies gzip-compressed (Content-Encoding: gzip) and answers
 * asked for compressed (Accept-Encoding), as InfluxDB recommends for
 * large writes over a network. */
void            im_influx_client_set_gzip           (ImInfluxClient  *self,
                                                     gboolean         gzip);
void            im_influx_client_set_verify_tls     (ImInfluxClient  *self,
                                                     gboolean         verify);

/* GET /ping. @version: (out) (optional): the X-Influxdb-Version
 * header, "" when the server sends none. */
gboolean        im_influx_client_ping               (ImInfluxClient  *self,
                                                     char           **version,
                                                     GCancellable    *cancellable,
                                                     GError         **error);
/* CREATE DATABASE of the client's database (a no-op if it exists). */
gboolean        im_influx_client_create_database    (ImInfluxClient  *self,
                                                     GCancellable    *cancellable,
                                                     GError         **error);
/* @body: line protocol, precision ns, @len bytes (nothing is sent when
 * 0). On PARTIAL_WRITE the points that parsed were written. */
gboolean        im_influx_client_write              (ImInfluxClient  *self,
                                                     const char      *body,
                                                     gsize            len,
                                                     GCancellable    *cancellable,
                                                     GError         **error);
/* @params: (nullable): a JSON object of bound parameters ("$name" in the
 * query), as InfluxDB 1.x's params= takes them. Times come back as
 * integer nanoseconds (epoch=ns). SELECT (but SELECT … INTO) and SHOW are sent with GET,
 * anything else with POST. The answer is asked for in chunks and read
 * as it arrives, so a large result never exists twice in memory. */
ImInfluxResult *im_influx_client_query              (ImInfluxClient  *self,
                                                     const char      *influxql,
                                                     const char      *params_json,
                                                     GCancellable    *cancellable,
                                                     GError         **error);

void            im_influx_client_ping_async         (ImInfluxClient       *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char           *im_influx_client_ping_finish        (ImInfluxClient       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void            im_influx_client_query_async        (ImInfluxClient       *self,
                                                     const char           *influxql,
                                                     const char           *params_json,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
ImInfluxResult *im_influx_client_query_finish       (ImInfluxClient       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
