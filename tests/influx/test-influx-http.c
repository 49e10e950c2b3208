/* test-influx-http.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The InfluxDB client against a small HTTP server in the test process:
 * what goes over the wire (methods, parameters, auth, gzip, keep-alive),
 * how answers and failures are classified, timeouts and cancellation.
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "im-influx-client.h"
#include "im-influx-client-private.h"

/* The fake server */

typedef struct
{
  char   *method;
  char   *target;    /* path and query */
  char   *head;      /* request line and headers */
  GBytes *body;
} FakeRequest;

typedef struct
{
  GSocket      *listener;
  guint16       port;
  char         *url;
  GThread      *thread;
  GCancellable *cancellable;

  GMutex        mutex;
  GCond         cond;
  char         *response;      /* NULL: read the request, never answer */
  GPtrArray    *requests;
  guint         n_connections;
  guint         n_active;
  GTlsCertificate *certificate; /* speaks HTTPS when set */
} FakeServer;

static void
fake_request_free (gpointer data)
{
  FakeRequest *req = data;

  g_free (req->method);
  g_free (req->target);
  g_free (req->head);
  g_bytes_unref (req->body);
  g_free (req);
}

/* The value of header @name in @head, NULL if absent. */
static char *
find_header (const char *head,
             const char *name)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  gsize len = strlen (name);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (lines[i], name, len) == 0 && lines[i][len] == ':')
        return g_strstrip (g_strdup (lines[i] + len + 1));
    }

  return NULL;
}

/* One request from @in into @buf; FALSE when the client went away. */
static gboolean
fake_read_request (FakeServer    *server,
                   GInputStream  *in,
                   GString       *buf,
                   FakeRequest  **out)
{
  g_autofree char *length = NULL;
  FakeRequest *req;
  const char *end_of_head;
  gsize head_len;
  gsize body_len = 0;
  char chunk[8192];

  while ((end_of_head = strstr (buf->str, "\r\n\r\n")) == NULL ||
         buf->len < (gsize) (end_of_head - buf->str) + 4 + body_len)
    {
      gssize n = g_input_stream_read (in, chunk, sizeof chunk, server->cancellable, NULL);

      if (n <= 0)
        return FALSE;
      g_string_append_len (buf, chunk, n);

      /* Not HTTP (a TLS handshake): hang up. */
      if (!g_ascii_isupper (buf->str[0]))
        return FALSE;

      if ((end_of_head = strstr (buf->str, "\r\n\r\n")) != NULL)
        {
          g_autofree char *head = g_strndup (buf->str, end_of_head - buf->str);

          g_clear_pointer (&length, g_free);
          length = find_header (head, "Content-Length");
          body_len = length != NULL ? g_ascii_strtoull (length, NULL, 10) : 0;
        }
    }

  head_len = end_of_head - buf->str;
  req = g_new0 (FakeRequest, 1);
  req->head = g_strndup (buf->str, head_len);
  {
    g_auto(GStrv) words = g_strsplit (req->head, " ", 3);

    req->method = g_strdup (words[0]);
    req->target = g_strdup (words[1]);
  }
  req->body = g_bytes_new (buf->str + head_len + 4, body_len);
  g_string_erase (buf, 0, head_len + 4 + body_len);

  *out = req;
  return TRUE;
}

typedef struct
{
  FakeServer *server;
  GSocket    *socket;
} Connection;

/* Requests on one connection until the client closes it. */
static gpointer
fake_connection_thread (gpointer data)
{
  Connection *c = data;
  FakeServer *server = c->server;
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(GIOStream) stream = G_IO_STREAM (g_socket_connection_factory_create_connection (c->socket));
  FakeRequest *req;

  if (server->certificate != NULL)
    {
      g_autoptr(GIOStream) tls = g_tls_server_connection_new (stream, server->certificate, NULL);

      g_assert_nonnull (tls);
      g_set_object (&stream, tls);
      /* The client may refuse the certificate: then there is no request. */
      if (!g_tls_connection_handshake (G_TLS_CONNECTION (stream), server->cancellable, NULL))
        goto out;
    }

  while (fake_read_request (server, g_io_stream_get_input_stream (stream), buf, &req))
    {
      g_autofree char *response = NULL;

      g_mutex_lock (&server->mutex);
      g_ptr_array_add (server->requests, req);
      response = g_strdup (server->response);
      g_cond_broadcast (&server->cond);
      g_mutex_unlock (&server->mutex);

      if (response == NULL)
        {
          char byte;

          /* Hold the request until the client gives up. */
          while (g_input_stream_read (g_io_stream_get_input_stream (stream), &byte, 1,
                                      server->cancellable, NULL) > 0)
            ;
          break;
        }

      if (!g_output_stream_write_all (g_io_stream_get_output_stream (stream), response, strlen (response),
                                      NULL, server->cancellable, NULL))
        break;
    }

out:
  g_io_stream_close (stream, NULL, NULL);
  g_object_unref (c->socket);
  g_free (c);

  g_mutex_lock (&server->mutex);
  server->n_active--;
  g_cond_broadcast (&server->cond);
  g_mutex_unlock (&server->mutex);

  return NULL;
}

static gpointer
fake_server_thread (gpointer data)
{
  FakeServer *server = data;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  GSocket *conn;

  while ((conn = g_socket_accept (server->listener, server->cancellable, NULL)) != NULL)
    {
      Connection *c = g_new0 (Connection, 1);

      c->server = server;
      c->socket = conn;

      g_mutex_lock (&server->mutex);
      server->n_connections++;
      server->n_active++;
      g_mutex_unlock (&server->mutex);

      g_ptr_array_add (threads, g_thread_new ("fake-influxdb-conn", fake_connection_thread, c));
    }

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  return NULL;
}

static FakeServer *
fake_server_new_full (GTlsCertificate *certificate)
{
  FakeServer *server = g_new0 (FakeServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  server->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (server->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (server->listener, &error);
  g_assert_no_error (error);

  bound = g_socket_get_local_address (server->listener, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  server->url = g_strdup_printf ("%s://127.0.0.1:%u", certificate ? "https" : "http", server->port);
  server->certificate = certificate ? g_object_ref (certificate) : NULL;

  g_mutex_init (&server->mutex);
  g_cond_init (&server->cond);
  server->requests = g_ptr_array_new_with_free_func (fake_request_free);
  server->cancellable = g_cancellable_new ();
  server->thread = g_thread_new ("fake-influxdb", fake_server_thread, server);

  return server;
}

static void
fake_server_free (FakeServer *server)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  /* Let the connections end as their clients close them (the clients
   * are gone by now) rather than cancel them in the middle of a read. */
  g_mutex_lock (&server->mutex);
  while (server->n_active > 0 && g_cond_wait_until (&server->cond, &server->mutex, deadline))
    ;
  g_mutex_unlock (&server->mutex);

  g_cancellable_cancel (server->cancellable);
  g_thread_join (server->thread);
  g_socket_close (server->listener, NULL);
  g_object_unref (server->listener);
  g_object_unref (server->cancellable);
  g_ptr_array_unref (server->requests);
  g_mutex_clear (&server->mutex);
  g_cond_clear (&server->cond);
  g_clear_object (&server->certificate);
  g_free (server->response);
  g_free (server->url);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeServer, fake_server_free)

static FakeServer *
fake_server_new (void)
{
  return fake_server_new_full (NULL);
}

static void
fake_server_set_response (FakeServer *server,
                          const char *status,
                          const char *headers,
                          const char *body)
{
  g_mutex_lock (&server->mutex);
  g_free (server->response);
  server->response = status == NULL ? NULL :
    g_strdup_printf ("HTTP/1.1 %s\r\n"
                     "Content-Type: application/json\r\n"
                     "%s"
                     "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                     "\r\n"
                     "%s",
                     status, headers ? headers : "", strlen (body ? body : ""), body ? body : "");
  g_mutex_unlock (&server->mutex);
}

static guint
fake_server_get_n_requests (FakeServer *server)
{
  guint n;

  g_mutex_lock (&server->mutex);
  n = server->requests->len;
  g_mutex_unlock (&server->mutex);

  return n;
}

/* The last request (the test's calls are over when it looks). */
static FakeRequest *
fake_server_last_request (FakeServer *server)
{
  FakeRequest *req;

  g_mutex_lock (&server->mutex);
  g_assert_cmpuint (server->requests->len, >, 0);
  req = g_ptr_array_index (server->requests, server->requests->len - 1);
  g_mutex_unlock (&server->mutex);

  return req;
}

static void
fake_server_wait_requests (FakeServer *server,
                           guint       n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&server->mutex);
  while (server->requests->len < n)
    {
      if (!g_cond_wait_until (&server->cond, &server->mutex, deadline))
        g_error ("the fake server got %u requests, not %u", server->requests->len, n);
    }
  g_mutex_unlock (&server->mutex);
}

static GHashTable *
request_params (FakeRequest *req)
{
  const char *query = strchr (req->target, '?');
  g_autoptr(GError) error = NULL;
  GHashTable *params;

  if (g_str_equal (req->method, "POST") && g_bytes_get_size (req->body) > 0 && query == NULL)
    {
      g_autofree char *form = g_strndup (g_bytes_get_data (req->body, NULL), g_bytes_get_size (req->body));

      params = g_uri_parse_params (form, -1, "&", G_URI_PARAMS_WWW_FORM, &error);
    }
  else
    {
      params = g_uri_parse_params (query != NULL ? query + 1 : "", -1, "&", G_URI_PARAMS_NONE, &error);
    }

  g_assert_no_error (error);
  return params;
}

static const char empty_results[] = "{\"results\":[{\"statement_id\":0}]}\n";

/* Tests */

static void
test_ping (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "db");
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  FakeRequest *req;

  fake_server_set_response (server, "204 No Content", "X-Influxdb-Version: 1.8.10-fake\r\n", "");
  g_assert_true (im_influx_client_ping (client, &version, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "1.8.10-fake");

  req = fake_server_last_request (server);
  g_assert_cmpstr (req->method, ==, "GET");
  g_assert_cmpstr (req->target, ==, "/ping");

  /* No version header: an empty version. */
  g_clear_pointer (&version, g_free);
  fake_server_set_response (server, "204 No Content", NULL, "");
  g_assert_true (im_influx_client_ping (client, &version, NULL, &error));
  g_assert_cmpstr (version, ==, "");

  /* A path prefix is kept. */
  {
    g_autofree char *prefixed_url = g_strdup_printf ("%s/influx/", server->url);
    g_autoptr(ImInfluxClient) prefixed = im_influx_client_new (prefixed_url, "db");

    im_influx_client_ping (prefixed, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (fake_server_last_request (server)->target, ==, "/influx/ping");
  }
}

static void
test_keep_alive (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "db");

  fake_server_set_response (server, "204 No Content", NULL, "");

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (im_influx_client_write (client, "m v=1 1\n", 8, NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpuint (fake_server_get_n_requests (server), ==, 10);
  g_mutex_lock (&server->mutex);
  g_assert_cmpuint (server->n_connections, ==, 1);
  g_mutex_unlock (&server->mutex);
}

static void
test_write_request (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "my db&x=y");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *encoding = NULL;
  const char body[] = "m,t=a\\ b v=1.5 1\nm v=2 2\n";
  FakeRequest *req;

  fake_server_set_response (server, "204 No Content", NULL, "");
  g_assert_true (im_influx_client_write (client, body, strlen (body), NULL, &error));
  g_assert_no_error (error);

  req = fake_server_last_request (server);
  g_assert_cmpstr (req->method, ==, "POST");
  g_assert_true (g_str_has_prefix (req->target, "/write?"));
  params = request_params (req);
  g_assert_cmpstr (g_hash_table_lookup (params, "db"), ==, "my db&x=y");
  g_assert_cmpstr (g_hash_table_lookup (params, "precision"), ==, "ns");
  g_assert_cmpuint (g_hash_table_size (params), ==, 2);
  g_assert_cmpmem (g_bytes_get_data (req->body, NULL), g_bytes_get_size (req->body),
                   body, strlen (body));
  content_type = find_header (req->head, "Content-Type");
  g_assert_cmpstr (content_type, ==, "text/plain; charset=utf-8");
  encoding = find_header (req->head, "Content-Encoding");
  g_assert_null (encoding);
  g_assert_null (find_header (req->head, "Authorization"));

  /* An empty batch sends nothing. */
  g_assert_true (im_influx_client_write (client, "", 0, NULL, &error));
  g_assert_cmpuint (fake_server_get_n_requests (server), ==, 1);
}

static GBytes *
gunzip (GBytes *compressed)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) memory = g_memory_input_stream_new_from_bytes (compressed);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (memory, G_CONVERTER (decompressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                          NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_gzip (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "db");
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *accept = NULL;
  FakeRequest *req;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (body, "sensor_readings,machine_id=MACHINE_%03u temperature=%u.5 %u\n",
                            i % 50, i % 90, i);

  im_influx_client_set_gzip (client, TRUE);
  fake_server_set_response (server, "204 No Content", NULL, "");
  g_assert_true (im_influx_client_write (client, body->str, body->len, NULL, &error));
  g_assert_no_error (error);

  req = fake_server_last_request (server);
  encoding = find_header (req->head, "Content-Encoding");
  g_assert_cmpstr (encoding, ==, "gzip");
  accept = find_header (req->head, "Accept-Encoding");
  g_assert_cmpstr (accept, ==, "gzip");
  g_test_message ("%" G_GSIZE_FORMAT " bytes of line protocol sent as %" G_GSIZE_FORMAT,
                  body->len, g_bytes_get_size (req->body));
  g_assert_cmpuint (g_bytes_get_size (req->body), <, body->len / 4);

  plain = gunzip (req->body);
  g_assert_cmpmem (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), body->str, body->len);
}

static void
test_auth_headers (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "db");
  g_autoptr(GError) error = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *token = NULL;
  g_autofree char *both = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *encoded = NULL;
  g_autoptr(ImInfluxResult) result = NULL;

  fake_server_set_response (server, "200 OK", NULL, empty_results);

  im_influx_client_set_basic_auth (client, "operator", "pä:ss wörd");
  result = im_influx_client_query (client, "SHOW DATABASES", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  basic = find_header (fake_server_last_request (server)->head, "Authorization");
  encoded = g_base64_encode ((const guchar *) "operator:pä:ss wörd", strlen ("operator:pä:ss wörd"));
  expected = g_strconcat ("Basic ", encoded, NULL);
  g_assert_cmpstr (basic, ==, expected);

  /* A token replaces basic auth. */
  im_influx_client_set_token (client, "s3cr3t-token==");
  g_assert_true (im_influx_client_write (client, "m v=1", 5, NULL, &error));
  g_assert_no_error (error);
  token = find_header (fake_server_last_request (server)->head, "Authorization");
  g_assert_cmpstr (token, ==, "Token s3cr3t-token==");

  /* And both off: no header at all. */
  im_influx_client_set_token (client, NULL);
  im_influx_client_set_basic_auth (client, NULL, NULL);
  g_assert_true (im_influx_client_ping (client, NULL, NULL, &error));
  both = find_header (fake_server_last_request (server)->head, "Authorization");
  g_assert_null (both);
}

/* The daemons' options: an empty token is none, so the user name counts;
 * a token wins over a user name; nothing at all sends no header. */
static void
test_credentials (void)
{
  struct {
    const char *token, *username, *password, *expected;
  } cases[] = {
    { "", "operator", "pw", "Basic b3BlcmF0b3I6cHc=" },
    { NULL, "operator", NULL, "Basic b3BlcmF0b3I6" },
    { "t0k", "operator", "pw", "Token t0k" },
    { "", "", "pw", NULL },
    { NULL, NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FakeServer) server = fake_server_new ();
      g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "db");
      g_autoptr(GError) error = NULL;
      g_autofree char *header = NULL;

      fake_server_set_response (server, "204 No Content", NULL, "");
      im_influx_client_set_credentials (client, cases[i].token, cases[i].username, cases[i].password);
      g_assert_true (im_influx_client_ping (client, NULL, NULL, &error));
      g_assert_no_error (error);
      header = find_header (fake_server_last_request (server)->head, "Authorization");
      g_assert_cmpstr (header, ==, cases[i].expected);
    }
}

static void
test_query_request (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "sensors");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(ImInfluxResult) result = NULL;
  const char select[] = "  select * FROM \"m\" WHERE t = 'a&b=c+d%20é#x' AND v > $v";
  const char params_json[] = "{\"v\":1.5}";
  FakeRequest *req;

  fake_server_set_response (server, "200 OK", NULL,
                            "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\","
                            "\"columns\":[\"time\",\"v\"],\"values\":[[1,2.5]]}]}]}\n");

  result = im_influx_client_query (client, select, params_json, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (im_influx_result_get_n_series (result), ==, 1);
  g_assert_cmpfloat (im_influx_series_get_double (im_influx_result_get_series (result, 0), 0, 1), ==, 2.5);

  req = fake_server_last_request (server);
  g_assert_cmpstr (req->method, ==, "GET");
  g_assert_true (g_str_has_prefix (req->target, "/query?"));
  params = request_params (req);
  g_assert_cmpstr (g_hash_table_lookup (params, "q"), ==, select);
  g_assert_cmpstr (g_hash_table_lookup (params, "db"), ==, "sensors");
  g_assert_cmpstr (g_hash_table_lookup (params, "epoch"), ==, "ns");
  g_assert_cmpstr (g_hash_table_lookup (params, "chunked"), ==, "true");
  g_assert_cmpstr (g_hash_table_lookup (params, "params"), ==, params_json);
  g_clear_pointer (&params, g_hash_table_unref);

  /* SHOW is a read too. */
  g_clear_pointer (&result, im_influx_result_unref);
  result = im_influx_client_query (client, "SHOW\tMEASUREMENTS", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fake_server_last_request (server)->method, ==, "GET");
  params = request_params (fake_server_last_request (server));
  g_assert_false (g_hash_table_contains (params, "params"));
  g_clear_pointer (&params, g_hash_table_unref);

  /* Anything else is a POST with a form body. */
  g_clear_pointer (&result, im_influx_result_unref);
  result = im_influx_client_query (client, "DROP SERIES FROM \"m\" WHERE t = 'x'", NULL, NULL, &error);
  g_assert_no_error (error);
  req = fake_server_last_request (server);
  g_assert_cmpstr (req->method, ==, "POST");
  g_assert_cmpstr (req->target, ==, "/query");
  params = request_params (req);
  g_assert_cmpstr (g_hash_table_lookup (params, "q"), ==, "DROP SERIES FROM \"m\" WHERE t = 'x'");
  g_assert_cmpstr (g_hash_table_lookup (params, "db"), ==, "sensors");
  g_clear_pointer (&params, g_hash_table_unref);

  /* "selection" is not SELECT. */
  g_clear_pointer (&result, im_influx_result_unref);
  result = im_influx_client_query (client, "selection", NULL, NULL, &error);
  g_assert_cmpstr (fake_server_last_request (server)->method, ==, "POST");

  /* SELECT … INTO writes: POST, as InfluxDB asks; "into" quoted or inside
   * a word is no INTO clause. */
  g_clear_pointer (&result, im_influx_result_unref);
  result = im_influx_client_query (client, "SELECT mean(v) AS v\nINTO \"r\".\"m\" FROM \"m\"",
                                   NULL, NULL, &error);
  g_assert_cmpstr (fake_server_last_request (server)->method, ==, "POST");
  g_clear_pointer (&result, im_influx_result_unref);
  result = im_influx_client_query (client, "SELECT \"into\", intoo FROM m WHERE t = ' INTO '",
                                   NULL, NULL, &error);
  g_assert_cmpstr (fake_server_last_request (server)->method, ==, "GET");

  /* CREATE DATABASE quotes the name. */
  {
    g_autoptr(ImInfluxClient) odd = im_influx_client_new (server->url, "a \"b\" \\c");

    g_assert_true (im_influx_client_create_database (odd, NULL, &error));
    g_assert_no_error (error);
    req = fake_server_last_request (server);
    g_assert_cmpstr (req->method, ==, "POST");
    params = request_params (req);
    g_assert_cmpstr (g_hash_table_lookup (params, "q"), ==, "CREATE DATABASE \"a \\\"b\\\" \\\\c\"");
  }
}

typedef struct
{
  const char   *status;
  const char   *headers;
  const char   *body;
  ImInfluxError code;
  gboolean      retryable;
  const char   *message;     /* after "write to URL (database “db”): " */
} ErrorCase;

static void
test_write_errors (void)
{
  static const ErrorCase cases[] = {
    { "400 Bad Request", NULL, "{\"error\":\"unable to parse 'x y': invalid field format\"}\n",
      IM_INFLUX_ERROR_BAD_REQUEST, FALSE,
      "400 Bad Request: unable to parse 'x y': invalid field format" },
    { "400 Bad Request", NULL,
      "{\"error\":\"partial write: field type conflict: input field \\\"v\\\" on measurement \\\"m\\\" is type string, already exists as type float dropped=1\"}\n",
      IM_INFLUX_ERROR_PARTIAL_WRITE, FALSE,
      "400 Bad Request: partial write: field type conflict: input field \"v\" on measurement \"m\" is type string, already exists as type float dropped=1" },
    { "401 Unauthorized", NULL, "{\"error\":\"authorization failed\"}",
      IM_INFLUX_ERROR_UNAUTHORIZED, FALSE, "401 Unauthorized: authorization failed" },
    { "403 Forbidden", NULL, "{\"error\":\"\\\"op\\\" user is not authorized to write to database \\\"db\\\"\"}",
      IM_INFLUX_ERROR_UNAUTHORIZED, FALSE,
      "403 Forbidden: \"op\" user is not authorized to write to database \"db\"" },
    { "404 Not Found", "X-Influxdb-Error: database not found: \"db\"\r\n",
      "{\"error\":\"database not found: \\\"db\\\"\"}\n",
      IM_INFLUX_ERROR_NOT_FOUND, FALSE, "404 Not Found: database not found: \"db\"" },
    { "413 Request Entity Too Large", NULL, "{\"error\":\"Request Entity Too Large\"}",
      IM_INFLUX_ERROR_TOO_LARGE, FALSE, "413 Request Entity Too Large: Request Entity Too Large" },
    { "429 Too Many Requests", "Retry-After: 1\r\n", "",
      IM_INFLUX_ERROR_THROTTLED, TRUE, "429 Too Many Requests" },
    { "500 Internal Server Error", "X-Influxdb-Error: engine: cache-max-memory-size exceeded: (1049/1024)\r\n", "",
      IM_INFLUX_ERROR_SERVER, TRUE,
      "500 Internal Server Error: engine: cache-max-memory-size exceeded: (1049/1024)" },
    { "502 Bad Gateway", NULL, "<html><body><h1>502 Bad Gateway</h1></body></html>\n",
      IM_INFLUX_ERROR_SERVER, TRUE,
      "502 Bad Gateway: <html><body><h1>502 Bad Gateway</h1></body></html>" },
    { "503 Service Unavailable", NULL, "{\"error\":\"timeout\"}",
      IM_INFLUX_ERROR_SERVER, TRUE, "503 Service Unavailable: timeout" },
    { "302 Found", "Location: http://elsewhere/\r\n", "",
      IM_INFLUX_ERROR_PROTOCOL, FALSE, "302 Found" },
    { "418 I'm a teapot", NULL, "",
      IM_INFLUX_ERROR_BAD_REQUEST, FALSE, "418 I'm a teapot" },
  };
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "db");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;

      g_test_message ("%s", cases[i].status);
      fake_server_set_response (server, cases[i].status, cases[i].headers, cases[i].body);
      g_assert_false (im_influx_client_write (client, "x y", 3, NULL, &error));
      g_assert_error (error, IM_INFLUX_ERROR, cases[i].code);
      g_assert_cmpint (im_influx_error_is_retryable (error), ==, cases[i].retryable);

      expected = g_strdup_printf ("write to %s/write (database “db”): %s", server->url, cases[i].message);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
test_query_errors (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "db");
  g_autoptr(GError) error = NULL;
  g_autoptr(ImInfluxResult) result = NULL;
  g_autofree char *expected = NULL;

  /* A statement that failed, in a 200 answer. */
  fake_server_set_response (server, "200 OK", NULL,
                            "{\"results\":[{\"statement_id\":0,\"error\":\"database not found: db\"}]}\n");
  result = im_influx_client_query (client, "SELECT * FROM m", NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_QUERY);
  expected = g_strdup_printf ("query %s/query (database “db”): database not found: db", server->url);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* A query that does not parse. */
  fake_server_set_response (server, "400 Bad Request", NULL,
                            "{\"error\":\"error parsing query: found EOF, expected FROM at line 1, char 9\"}");
  result = im_influx_client_query (client, "SELECT *", NULL, NULL, &error);
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "400 Bad Request: error parsing query: found EOF"));
  g_clear_error (&error);

  /* An answer that is not JSON. */
  fake_server_set_response (server, "200 OK", NULL, "<html>hello</html>");
  result = im_influx_client_query (client, "SELECT * FROM m", NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PROTOCOL);
  g_assert_true (g_str_has_prefix (error->message, "query http://127.0.0.1:"));
  g_clear_error (&error);

  /* Cut short. */
  fake_server_set_response (server, "200 OK", NULL, "{\"results\":[{\"statement_id\":0,\"series\":[");
  result = im_influx_client_query (client, "SELECT * FROM m", NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Empty. */
  fake_server_set_response (server, "200 OK", NULL, "");
  result = im_influx_client_query (client, "SELECT * FROM m", NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* CREATE DATABASE that fails as a statement. */
  fake_server_set_response (server, "200 OK", NULL,
                            "{\"results\":[{\"statement_id\":0,\"error\":\"unable to create database\"}]}");
  g_assert_false (im_influx_client_create_database (client, NULL, &error));
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_QUERY);
}

/* The benchmarks' reference: the same request as a query, the answer
 * read and not decoded — its length counted, a body that is no JSON
 * no error — and an error answer still an error. */
static void
test_query_discard (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "sensors");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char body[] = "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\","
                      "\"columns\":[\"time\",\"v\"],\"values\":[[1,2.5]]}]}]}\n";
  guint64 n_bytes = 0;
  FakeRequest *req;

  fake_server_set_response (server, "200 OK", NULL, body);
  g_assert_true (im_influx_client_query_discard (client, "SELECT * FROM \"m\"", &n_bytes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_bytes, ==, strlen (body));
  req = fake_server_last_request (server);
  g_assert_cmpstr (req->method, ==, "GET");
  params = request_params (req);
  g_assert_cmpstr (g_hash_table_lookup (params, "q"), ==, "SELECT * FROM \"m\"");
  g_assert_cmpstr (g_hash_table_lookup (params, "db"), ==, "sensors");
  g_assert_cmpstr (g_hash_table_lookup (params, "epoch"), ==, "ns");
  g_assert_cmpstr (g_hash_table_lookup (params, "chunked"), ==, "true");
  g_assert_cmpstr (g_hash_table_lookup (params, "chunk_size"), ==, "10000");

  /* Not decoded: what would not parse is only bytes. */
  fake_server_set_response (server, "200 OK", NULL, "<html>hello</html>");
  g_assert_true (im_influx_client_query_discard (client, "SELECT * FROM m", &n_bytes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_bytes, ==, strlen ("<html>hello</html>"));

  fake_server_set_response (server, "400 Bad Request", NULL,
                            "{\"error\":\"error parsing query: found EOF, expected FROM at line 1, char 9\"}");
  n_bytes = 7;
  g_assert_false (im_influx_client_query_discard (client, "SELECT *", &n_bytes, NULL, &error));
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "400 Bad Request: error parsing query: found EOF"));
  g_assert_cmpuint (n_bytes, ==, 7);
}

static void
test_invalid_url (void)
{
  const char * const urls[] = { "not a url", "ftp://127.0.0.1/", "file:///etc/passwd", "" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(ImInfluxClient) client = im_influx_client_new (urls[i], "db");
      g_autoptr(GError) error = NULL;

      g_assert_false (im_influx_client_ping (client, NULL, NULL, &error));
      g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_INVALID_ARGUMENT);
      g_assert_false (im_influx_error_is_retryable (error));
    }
}

static void
test_connect_refused (void)
{
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago: nothing listens there. */
  {
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
    bound = g_socket_get_local_address (socket, NULL);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    g_socket_close (socket, NULL);
  }

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = im_influx_client_new (url, "db");
  g_assert_false (im_influx_client_write (client, "m v=1", 5, NULL, &error));
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_CONNECT);
  g_assert_true (im_influx_error_is_retryable (error));
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "write to http://127.0.0.1:"));
}

static void
test_timeout (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "db");
  g_autoptr(GError) error = NULL;
  g_autoptr(ImInfluxResult) result = NULL;
  gint64 start, elapsed;

  /* The server reads the request and never answers. */
  fake_server_set_response (server, NULL, NULL, NULL);
  im_influx_client_set_timeouts (client, 1000, 300);

  start = g_get_monotonic_time ();
  result = im_influx_client_query (client, "SELECT * FROM m", NULL, NULL, &error);
  elapsed = g_get_monotonic_time () - start;

  g_assert_null (result);
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_TIMEOUT);
  g_assert_true (im_influx_error_is_retryable (error));
  g_test_message ("timed out after %" G_GINT64_FORMAT " ms: %s", elapsed / 1000, error->message);
  g_assert_cmpint (elapsed, >=, 250 * 1000);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
}

typedef struct
{
  GMainLoop *loop;
  gint64     cancelled_at;
  gint64     finished_at;
  GError    *error;
  gpointer   result;
} AsyncState;

static gboolean
cancel_later (gpointer data)
{
  AsyncState *state = g_object_get_data (G_OBJECT (data), "state");

  state->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (G_CANCELLABLE (data));

  return G_SOURCE_REMOVE;
}

static void
query_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->finished_at = g_get_monotonic_time ();
  state->result = im_influx_client_query_finish (IM_INFLUX_CLIENT (source), res, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_cancel_async (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncState state = { loop, 0, 0, NULL, NULL };

  fake_server_set_response (server, NULL, NULL, NULL);
  g_object_set_data (G_OBJECT (cancellable), "state", &state);

  im_influx_client_query_async (client, "SELECT * FROM slow", NULL, cancellable, query_done, &state);
  /* Cancel once the request is at the server. */
  fake_server_wait_requests (server, 1);
  g_timeout_add (50, cancel_later, cancellable);
  g_main_loop_run (loop);

  g_assert_null (state.result);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("finished %" G_GINT64_FORMAT " µs after the cancel",
                  state.finished_at - state.cancelled_at);
  g_assert_cmpint (state.cancelled_at, >, 0);
  g_assert_cmpint (state.finished_at - state.cancelled_at, <, G_USEC_PER_SEC / 2);
  g_clear_error (&state.error);
}

typedef struct
{
  ImInfluxClient *client;
  GCancellable   *cancellable;
  GError         *error;
  gboolean        ok;
  gint64          finished_at;
} WriteThread;

static gpointer
write_thread (gpointer data)
{
  WriteThread *w = data;

  w->ok = im_influx_client_write (w->client, "m v=1", 5, w->cancellable, &w->error);
  w->finished_at = g_get_monotonic_time ();

  return NULL;
}

static void
test_cancel_sync (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  WriteThread w = { client, cancellable, NULL, TRUE, 0 };
  GThread *thread;
  gint64 cancelled_at;

  fake_server_set_response (server, NULL, NULL, NULL);
  thread = g_thread_new ("writer", write_thread, &w);
  fake_server_wait_requests (server, 1);
  g_usleep (50000);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  g_assert_false (w.ok);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (w.finished_at - cancelled_at, <, G_USEC_PER_SEC / 2);
  g_clear_error (&w.error);

  /* Already cancelled: nothing is sent. */
  g_assert_false (im_influx_client_write (client, "m v=1", 5, cancellable, &w.error));
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_server_get_n_requests (server), ==, 1);
  g_clear_error (&w.error);

  /* And the client works on afterwards. */
  fake_server_set_response (server, "204 No Content", NULL, "");
  g_assert_true (im_influx_client_write (client, "m v=1", 5, NULL, &w.error));
  g_assert_no_error (w.error);
}

static void
ping_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->result = im_influx_client_ping_finish (IM_INFLUX_CLIENT (source), res, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_ping_async (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = im_influx_client_new (server->url, "db");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncState state = { loop, 0, 0, NULL, NULL };

  fake_server_set_response (server, "204 No Content", "X-Influxdb-Version: 2.7.1\r\n", "");
  im_influx_client_ping_async (client, NULL, ping_done, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_cmpstr (state.result, ==, "2.7.1");
  g_free (state.result);

  state.result = NULL;
  fake_server_set_response (server, "503 Service Unavailable", NULL, "");
  im_influx_client_ping_async (client, NULL, ping_done, &state);
  g_main_loop_run (loop);
  g_assert_null (state.result);
  g_assert_error (state.error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_SERVER);
  g_clear_error (&state.error);
}

/* Self-signed for 127.0.0.1, valid until 2126; a test key only. */
static const char test_certificate[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBjzCCATagAwIBAgIUFjjPhLnYV5PDRG7mFW26NLeB3tAwCgYIKoZIzj0EAwIw\n"
  "FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyODEyNDAyNFoYDzIxMjYxMTA0\n"
  "MTI0MDI0WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO\n"
  "PQMBBwNCAARJxha+6wILvi3YGyNooLrcF9t/zsNdRoYZ5nwWDgh+cuaVqxinmNHL\n"
  "k1A1Eos7WApEuTc1tci3eJaELBrz472Ro2QwYjAdBgNVHQ4EFgQUrmHuUJ+vOwoP\n"
  "UDI1BufptdxT1w4wHwYDVR0jBBgwFoAUrmHuUJ+vOwoPUDI1BufptdxT1w4wDwYD\n"
  "VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0cAMEQC\n"
  "IGhodiA8ySnCfQhhT5LaYC5CeK+bKqPjXbPn77zKyvjKAiAD9JGwhi/hEt98TWFx\n"
  "Huhf7tXqD11zzzW1kqchj/VQAQ==\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgoV7n22rDwOLGcCVP\n"
  "9sOCt7wnb0K0qzpY8xmiCes9FTehRANCAARJxha+6wILvi3YGyNooLrcF9t/zsNd\n"
  "RoYZ5nwWDgh+cuaVqxinmNHLk1A1Eos7WApEuTc1tci3eJaELBrz472R\n"
  "-----END PRIVATE KEY-----\n";

static void
test_tls (void)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(FakeServer) server = NULL;
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend for GIO (glib-networking)");
      return;
    }

  certificate = g_tls_certificate_new_from_pem (test_certificate, -1, &error);
  g_assert_no_error (error);
  server = fake_server_new_full (certificate);
  fake_server_set_response (server, "204 No Content", "X-Influxdb-Version: tls\r\n", "");
  client = im_influx_client_new (server->url, "db");
  /* Handshakes are slow under valgrind. */
  im_influx_client_set_timeouts (client, 60000, 60000);

  /* Verified by default: a self-signed certificate is refused. */
  g_assert_false (im_influx_client_ping (client, NULL, NULL, &error));
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_TLS);
  g_assert_false (im_influx_error_is_retryable (error));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (fake_server_get_n_requests (server), ==, 0);

  /* Unless verification is off. */
  im_influx_client_set_verify_tls (client, FALSE);
  g_assert_true (im_influx_client_ping (client, &version, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "tls");
}

static void
test_tls_to_plain_server (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = g_strdup_printf ("https://127.0.0.1:%u", server->port);
  client = im_influx_client_new (url, "db");
  im_influx_client_set_timeouts (client, 60000, 60000);

  g_assert_false (im_influx_client_ping (client, NULL, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_TLS);
}

static void
test_properties (void)
{
  g_autoptr(ImInfluxClient) client = im_influx_client_new ("https://influx.example:8086", "sensors");
  g_autofree char *url = NULL;
  g_autofree char *database = NULL;

  g_assert_cmpstr (im_influx_client_get_url (client), ==, "https://influx.example:8086");
  g_assert_cmpstr (im_influx_client_get_database (client), ==, "sensors");
  g_object_get (client, "url", &url, "database", &database, NULL);
  g_assert_cmpstr (url, ==, "https://influx.example:8086");
  g_assert_cmpstr (database, ==, "sensors");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/influx-http/properties", test_properties);
  g_test_add_func ("/influx-http/ping", test_ping);
  g_test_add_func ("/influx-http/ping-async", test_ping_async);
  g_test_add_func ("/influx-http/keep-alive", test_keep_alive);
  g_test_add_func ("/influx-http/write-request", test_write_request);
  g_test_add_func ("/influx-http/gzip", test_gzip);
  g_test_add_func ("/influx-http/auth-headers", test_auth_headers);
  g_test_add_func ("/influx-http/credentials", test_credentials);
  g_test_add_func ("/influx-http/query-request", test_query_request);
  g_test_add_func ("/influx-http/write-errors", test_write_errors);
  g_test_add_func ("/influx-http/query-errors", test_query_errors);
  g_test_add_func ("/influx-http/query-discard", test_query_discard);
  g_test_add_func ("/influx-http/invalid-url", test_invalid_url);
  g_test_add_func ("/influx-http/connect-refused", test_connect_refused);
  g_test_add_func ("/influx-http/tls", test_tls);
  g_test_add_func ("/influx-http/tls-to-plain-server", test_tls_to_plain_server);
  g_test_add_func ("/influx-http/timeout", test_timeout);
  g_test_add_func ("/influx-http/cancel-async", test_cancel_async);
  g_test_add_func ("/influx-http/cancel-sync", test_cancel_sync);

  return g_test_run ();
}
