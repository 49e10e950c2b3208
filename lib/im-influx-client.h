/* im-influx-client.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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
  IM_INFLUX_ERROR_CANCELLED,
  IM_INFLUX_ERROR_INVALID_ARGUMENT,
} ImInfluxError;

GQuark   im_influx_error_quark        (void);
gboolean im_influx_error_is_retryable (const GError *error);

/* Query results: typed columns, NULLs kept. */

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
/* NULL when the series has no such tag (GROUP BY tag). */
const char           *im_influx_series_get_tag         (const ImInfluxSeries *series,
                                                        const char           *key);
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

/* The client. Calls block (libcurl's easy API) and may be made from any
 * thread at once; the _async variants run them in a GTask thread. */

#define IM_TYPE_INFLUX_CLIENT (im_influx_client_get_type ())

G_DECLARE_FINAL_TYPE (ImInfluxClient, im_influx_client, IM, INFLUX_CLIENT, GObject)

ImInfluxClient *im_influx_client_new                (const char      *url,
                                                     const char      *database);
const char     *im_influx_client_get_url            (ImInfluxClient  *self);
const char     *im_influx_client_get_database       (ImInfluxClient  *self);
void            im_influx_client_set_basic_auth     (ImInfluxClient  *self,
                                                     const char      *username,
                                                     const char      *password);
void            im_influx_client_set_token          (ImInfluxClient  *self,
                                                     const char      *token);
void            im_influx_client_set_timeouts       (ImInfluxClient  *self,
                                                     guint            connect_timeout_ms,
                                                     guint            total_timeout_ms);
void            im_influx_client_set_gzip           (ImInfluxClient  *self,
                                                     gboolean         gzip);
void            im_influx_client_set_verify_tls     (ImInfluxClient  *self,
                                                     gboolean         verify);

gboolean        im_influx_client_ping               (ImInfluxClient  *self,
                                                     char           **version,
                                                     GCancellable    *cancellable,
                                                     GError         **error);
gboolean        im_influx_client_create_database    (ImInfluxClient  *self,
                                                     GCancellable    *cancellable,
                                                     GError         **error);
/* @body: line protocol, precision ns. */
gboolean        im_influx_client_write              (ImInfluxClient  *self,
                                                     const char      *body,
                                                     gsize            len,
                                                     GCancellable    *cancellable,
                                                     GError         **error);
/* @params: (nullable): a JSON object of bound parameters ("$name" in the
 * query), as InfluxDB 1.x's params= takes them. Times come back as
 * integer nanoseconds (epoch=ns). */
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

/* InfluxQL quoting: the one place queries are built from strings. */
void            im_influxql_append_identifier       (GString         *buf,
                                                     const char      *ident);
void            im_influxql_append_string           (GString         *buf,
                                                     const char      *value);

G_END_DECLS
