/* im-influx-client.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-influx-client"

#include "config.h"

#include <string.h>

#include <curl/curl.h>
#include <json-glib/json-glib.h>
#include <zlib.h>

#include "im-influx-client.h"
#include "im-influx-client-private.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 5000
#define DEFAULT_TOTAL_TIMEOUT_MS   30000
/* Idle connections kept for reuse; more may be open while busy. */
#define MAX_IDLE_CONNECTIONS       4
/* Of an error answer, what is kept for the message (InfluxDB lists every
 * line that did not parse). */
#define MAX_ERROR_BODY             (1024 * 1024)
/* Rows per chunk of a query answer. */
#define QUERY_CHUNK_SIZE           "10000"

/* One easy handle in its own multi handle: the multi handle keeps the
 * connection alive between requests and lets a transfer wait on the
 * GCancellable's fd as well as on its socket. */
typedef struct
{
  CURLM *multi;
  CURL  *easy;
} Connection;

struct _ImInfluxClient
{
  GObject    parent_instance;

  char      *url;
  char      *database;

  /* Protects the settings and the pool below. */
  GMutex     mutex;
  char      *username;
  char      *password;
  char      *token;
  guint      connect_timeout_ms;
  guint      total_timeout_ms;
  guint      stall_timeout_ms;
  guint      gzip : 1;
  guint      verify_tls : 1;
  GPtrArray *idle;
};

enum {
  PROP_0,
  PROP_URL,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ImInfluxClient, im_influx_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (im-influx-error-quark, im_influx_error)

/**
 * im_influx_error_is_retryable:
 * @error: (nullable): an error from the client
 *
 * Returns: %TRUE for failures that may go away by themselves (the server
 *   is unreachable, slow, failing or throttling): the request can be
 *   sent again later, unchanged
 */
gboolean
im_influx_error_is_retryable (const GError *error)
{
  if (error == NULL || error->domain != IM_INFLUX_ERROR)
    return FALSE;

  switch ((ImInfluxError) error->code)
    {
    case IM_INFLUX_ERROR_CONNECT:
    case IM_INFLUX_ERROR_TIMEOUT:
    case IM_INFLUX_ERROR_SERVER:
    case IM_INFLUX_ERROR_THROTTLED:
      return TRUE;

    case IM_INFLUX_ERROR_TLS:
    case IM_INFLUX_ERROR_BAD_REQUEST:
    case IM_INFLUX_ERROR_PARTIAL_WRITE:
    case IM_INFLUX_ERROR_UNAUTHORIZED:
    case IM_INFLUX_ERROR_NOT_FOUND:
    case IM_INFLUX_ERROR_TOO_LARGE:
    case IM_INFLUX_ERROR_QUERY:
    case IM_INFLUX_ERROR_PROTOCOL:
    case IM_INFLUX_ERROR_INVALID_ARGUMENT:
    default:
      return FALSE;
    }
}

/* Connections */

static Connection *
connection_new (void)
{
  Connection *conn = g_new0 (Connection, 1);

  conn->multi = curl_multi_init ();
  conn->easy = curl_easy_init ();

  if (conn->multi == NULL || conn->easy == NULL)
    g_error ("libcurl could not create a handle: out of memory");

  return conn;
}

static void
connection_free (gpointer data)
{
  Connection *conn = data;

  curl_easy_cleanup (conn->easy);
  curl_multi_cleanup (conn->multi);
  g_free (conn);
}

static Connection *
connection_acquire (ImInfluxClient *self)
{
  Connection *conn = NULL;

  g_mutex_lock (&self->mutex);
  if (self->idle->len > 0)
    conn = g_ptr_array_steal_index_fast (self->idle, self->idle->len - 1);
  g_mutex_unlock (&self->mutex);

  if (conn == NULL)
    conn = connection_new ();

  return conn;
}

static void
connection_release (ImInfluxClient *self,
                    Connection     *conn)
{
  g_mutex_lock (&self->mutex);
  if (self->idle->len < MAX_IDLE_CONNECTIONS)
    {
      g_ptr_array_add (self->idle, conn);
      conn = NULL;
    }
  g_mutex_unlock (&self->mutex);

  if (conn != NULL)
    connection_free (conn);
}

/* Requests */

typedef struct
{
  char     *username;
  char     *password;
  char     *token;
  guint     connect_timeout_ms;
  guint     total_timeout_ms;
  guint     stall_timeout_ms;
  gboolean  gzip;
  gboolean  verify_tls;
} Settings;

static void
settings_copy (ImInfluxClient *self,
               Settings       *settings)
{
  g_mutex_lock (&self->mutex);
  settings->username = g_strdup (self->username);
  settings->password = g_strdup (self->password);
  settings->token = g_strdup (self->token);
  settings->connect_timeout_ms = self->connect_timeout_ms;
  settings->total_timeout_ms = self->total_timeout_ms;
  settings->stall_timeout_ms = self->stall_timeout_ms;
  settings->gzip = self->gzip;
  settings->verify_tls = self->verify_tls;
  g_mutex_unlock (&self->mutex);
}

static void
settings_clear (Settings *settings)
{
  g_clear_pointer (&settings->username, g_free);
  if (settings->password != NULL)
    {
      memset (settings->password, 0, strlen (settings->password));
      g_clear_pointer (&settings->password, g_free);
    }
  if (settings->token != NULL)
    {
      memset (settings->token, 0, strlen (settings->token));
      g_clear_pointer (&settings->token, g_free);
    }
}

typedef struct
{
  /* What to send */
  const char             *action;      /* "write to", for messages */
  const char             *endpoint;    /* "write" */
  gboolean                post;
  /* key, value, …, NULL: in the URL, or as the form body when
   * form_body is set */
  const char            **params;
  gboolean                form_body;
  const char             *body;
  gsize                   body_len;
  gboolean                allow_gzip;
  /* Where a 2xx answer goes, NULL to ignore it */
  ImInfluxResultBuilder  *builder;
  GCancellable           *cancellable;

  /* What came back */
  CURL                   *easy;
  long                    status;
  guint64                 n_body_bytes;   /* of a 2xx answer */
  char                   *status_line;
  char                   *version;
  char                   *error_header;
  GString                *error_body;
  GError                 *stream_error;
  /* "write to http://host:8086/write (database “x”)", for messages */
  char                   *where;
} Request;

static void
request_clear (Request *req)
{
  g_clear_pointer (&req->status_line, g_free);
  g_clear_pointer (&req->version, g_free);
  g_clear_pointer (&req->error_header, g_free);
  if (req->error_body != NULL)
    g_string_free (g_steal_pointer (&req->error_body), TRUE);
  g_clear_error (&req->stream_error);
  g_clear_pointer (&req->where, g_free);
}

/* The value of header @name if @line is that header. */
static char *
header_value (const char *line,
              gsize       len,
              const char *name)
{
  gsize name_len = strlen (name);
  const char *value;
  const char *end = line + len;

  if (len <= name_len || line[name_len] != ':' ||
      g_ascii_strncasecmp (line, name, name_len) != 0)
    return NULL;

  value = line + name_len + 1;
  while (value < end && (*value == ' ' || *value == '\t'))
    value++;
  while (end > value && g_ascii_isspace (end[-1]))
    end--;

  return g_utf8_make_valid (value, end - value);
}

static size_t
on_header (char   *data,
           size_t  size,
           size_t  n_items,
           void   *user_data)
{
  Request *req = user_data;
  gsize len = size * n_items;
  char *value;

  if (len > 5 && memcmp (data, "HTTP/", 5) == 0)
    {
      const char *status = memchr (data, ' ', len);

      /* A new answer (after "100 Continue"): forget the previous one. */
      g_clear_pointer (&req->status_line, g_free);
      g_clear_pointer (&req->version, g_free);
      g_clear_pointer (&req->error_header, g_free);

      if (status != NULL)
        {
          const char *end = data + len;

          status++;
          while (end > status && g_ascii_isspace (end[-1]))
            end--;
          req->status_line = g_utf8_make_valid (status, end - status);
        }
    }
  else if ((value = header_value (data, len, "X-Influxdb-Version")) != NULL)
    {
      g_free (req->version);
      req->version = value;
    }
  else if ((value = header_value (data, len, "X-Influxdb-Error")) != NULL)
    {
      g_free (req->error_header);
      req->error_header = value;
    }

  return len;
}

static size_t
on_body (char   *data,
         size_t  size,
         size_t  n_items,
         void   *user_data)
{
  Request *req = user_data;
  gsize len = size * n_items;

  if (req->status == 0)
    curl_easy_getinfo (req->easy, CURLINFO_RESPONSE_CODE, &req->status);

  if (req->status >= 200 && req->status < 300)
    {
      req->n_body_bytes += len;
      if (req->builder != NULL &&
          !im_influx_result_builder_feed (req->builder, data, len, &req->stream_error))
        return 0;  /* aborts the transfer */

      return len;
    }

  if (req->error_body->len < MAX_ERROR_BODY)
    g_string_append_len (req->error_body, data, MIN (len, MAX_ERROR_BODY - req->error_body->len));

  return len;
}

static gboolean
gzip_compress (const char  *data,
               gsize        len,
               guint8     **out,
               gsize       *out_len,
               GError     **error)
{
  z_stream stream = { 0, };
  g_autofree guint8 *buf = NULL;
  gsize bound;
  int ret;

  if (len > G_MAXUINT32)
    {
      g_set_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_TOO_LARGE,
                   "a body of %" G_GSIZE_FORMAT " bytes is too large to compress", len);
      return FALSE;
    }

  /* windowBits 15 + 16: a gzip header and trailer around the deflate data. */
  if (deflateInit2 (&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    g_error ("zlib could not start compressing: %s", stream.msg ? stream.msg : "out of memory");

  bound = deflateBound (&stream, (uLong) len);
  buf = g_malloc (bound);

  stream.next_in = (Bytef *) data;
  stream.avail_in = (uInt) len;
  stream.next_out = buf;
  stream.avail_out = (uInt) bound;

  ret = deflate (&stream, Z_FINISH);
  *out_len = stream.total_out;
  deflateEnd (&stream);

  if (ret != Z_STREAM_END)
    {
      g_set_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PROTOCOL,
                   "compressing the body failed (zlib %d)", ret);
      return FALSE;
    }

  *out = g_steal_pointer (&buf);

  return TRUE;
}

/* The URL of @endpoint under the client's URL, and the same without
 * credentials and query for messages. */
static gboolean
endpoint_url (const char  *base,
              const char  *endpoint,
              const char  *query,
              char       **url_out,
              char       **display_out,
              GError     **error)
{
  CURLU *url = curl_url ();
  char *scheme = NULL;
  char *path = NULL;
  char *full = NULL;
  char *shown = NULL;
  g_autoptr(GString) new_path = NULL;
  gboolean ret = FALSE;
  gsize len;

  if (url == NULL)
    g_error ("libcurl could not create a URL: out of memory");

  if (curl_url_set (url, CURLUPART_URL, base, 0) != CURLUE_OK ||
      curl_url_get (url, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an http:// or https:// URL", base);
      goto out;
    }

  if (curl_url_get (url, CURLUPART_PATH, &path, 0) != CURLUE_OK)
    path = NULL;

  /* Keep a path prefix ("https://host/influx/"), without its slashes. */
  new_path = g_string_new (path != NULL ? path : "");
  len = new_path->len;
  while (len > 0 && new_path->str[len - 1] == '/')
    len--;
  g_string_truncate (new_path, len);
  g_string_append_c (new_path, '/');
  g_string_append (new_path, endpoint);

  if (curl_url_set (url, CURLUPART_PATH, new_path->str, 0) != CURLUE_OK ||
      curl_url_set (url, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK ||
      curl_url_set (url, CURLUPART_QUERY, query, 0) != CURLUE_OK ||
      curl_url_get (url, CURLUPART_URL, &full, 0) != CURLUE_OK ||
      curl_url_set (url, CURLUPART_QUERY, NULL, 0) != CURLUE_OK ||
      curl_url_set (url, CURLUPART_USER, NULL, 0) != CURLUE_OK ||
      curl_url_set (url, CURLUPART_PASSWORD, NULL, 0) != CURLUE_OK ||
      curl_url_get (url, CURLUPART_URL, &shown, 0) != CURLUE_OK)
    {
      g_set_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_INVALID_ARGUMENT,
                   "cannot make a URL for /%s from “%s”", endpoint, base);
      goto out;
    }

  *url_out = g_strdup (full);
  *display_out = g_strdup (shown);
  ret = TRUE;

out:
  curl_free (scheme);
  curl_free (path);
  curl_free (full);
  curl_free (shown);
  curl_url_cleanup (url);

  return ret;
}

/* "db=x&q=…": URL-encoded with libcurl. */
static void
append_params (GString     *out,
               CURL        *easy,
               const char **params)
{
  for (guint i = 0; params[i] != NULL; i += 2)
    {
      char *escaped = curl_easy_escape (easy, params[i + 1], 0);

      if (escaped == NULL)
        g_error ("libcurl could not escape a parameter: out of memory");

      if (out->len > 0)
        g_string_append_c (out, '&');
      g_string_append (out, params[i]);
      g_string_append_c (out, '=');
      g_string_append (out, escaped);
      curl_free (escaped);
    }
}

static ImInfluxError
transport_error_code (CURLcode code)
{
  switch ((int) code)
    {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_PROXY:
      return IM_INFLUX_ERROR_CONNECT;

    case CURLE_OPERATION_TIMEDOUT:
      return IM_INFLUX_ERROR_TIMEOUT;

    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
#if LIBCURL_VERSION_NUM >= 0x074d00
    case CURLE_SSL_CLIENTCERT:
#endif
      return IM_INFLUX_ERROR_TLS;

    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return IM_INFLUX_ERROR_INVALID_ARGUMENT;

    default:
      return IM_INFLUX_ERROR_PROTOCOL;
    }
}

static ImInfluxError
status_error_code (long        status,
                   const char *text)
{
  if (status == 400)
    return text != NULL && strstr (text, "partial write") != NULL
           ? IM_INFLUX_ERROR_PARTIAL_WRITE
           : IM_INFLUX_ERROR_BAD_REQUEST;
  if (status == 401 || status == 403)
    return IM_INFLUX_ERROR_UNAUTHORIZED;
  if (status == 404)
    return IM_INFLUX_ERROR_NOT_FOUND;
  if (status == 408)
    return IM_INFLUX_ERROR_TIMEOUT;
  if (status == 413)
    return IM_INFLUX_ERROR_TOO_LARGE;
  if (status == 429)
    return IM_INFLUX_ERROR_THROTTLED;
  if (status >= 500 && status < 600)
    return IM_INFLUX_ERROR_SERVER;
  if (status >= 400 && status < 500)
    return IM_INFLUX_ERROR_BAD_REQUEST;

  return IM_INFLUX_ERROR_PROTOCOL;
}

/* The server's own words: the JSON "error" member of the answer, the
 * X-Influxdb-Error header, or the start of the answer's text. */
static char *
server_error_text (Request *req)
{
  GString *body = req->error_body;

  if (body->len > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (json_parser_load_from_data (parser, body->str, body->len, NULL))
        {
          JsonNode *root = json_parser_get_root (parser);
          JsonNode *node;

          if (JSON_NODE_HOLDS_OBJECT (root) &&
              (node = json_object_get_member (json_node_get_object (root), "error")) != NULL &&
              JSON_NODE_HOLDS_VALUE (node) &&
              json_node_get_value_type (node) == G_TYPE_STRING)
            return g_strdup (json_node_get_string (node));
        }
    }

  if (req->error_header != NULL && *req->error_header != '\0')
    return g_strdup (req->error_header);

  if (body->len > 0)
    {
      char *text = g_utf8_make_valid (body->str, MIN (body->len, 512));

      g_strstrip (text);
      if (*text != '\0')
        return text;
      g_free (text);
    }

  return NULL;
}

/* Runs the transfer on @conn, waiting on its sockets and on the
 * cancellable. */
static CURLcode
run_transfer (Connection   *conn,
              GCancellable *cancellable,
              gboolean     *cancelled,
              const char  **multi_error)
{
  struct curl_waitfd wait_fd = { 0, };
  CURLcode result = CURLE_OK;
  CURLMcode mcode;
  CURLMsg *msg;
  int running = 1;
  int n_msgs;
  int fd = -1;

  *cancelled = FALSE;

  if (cancellable != NULL && (fd = g_cancellable_get_fd (cancellable)) >= 0)
    {
      wait_fd.fd = fd;
      wait_fd.events = CURL_WAIT_POLLIN;
    }

  mcode = curl_multi_add_handle (conn->multi, conn->easy);

  while (mcode == CURLM_OK)
    {
      mcode = curl_multi_perform (conn->multi, &running);
      if (mcode != CURLM_OK || running == 0)
        break;

      if (g_cancellable_is_cancelled (cancellable))
        {
          *cancelled = TRUE;
          break;
        }

      mcode = curl_multi_poll (conn->multi, fd >= 0 ? &wait_fd : NULL, fd >= 0 ? 1 : 0,
                               1000, NULL);
    }

  if (mcode != CURLM_OK)
    {
      *multi_error = curl_multi_strerror (mcode);
      result = CURLE_FAILED_INIT;
    }

  while ((msg = curl_multi_info_read (conn->multi, &n_msgs)) != NULL)
    {
      if (msg->msg == CURLMSG_DONE && msg->easy_handle == conn->easy)
        result = msg->data.result;
    }

  /* Removing a transfer that is still running closes its connection. */
  curl_multi_remove_handle (conn->multi, conn->easy);

  if (fd >= 0)
    g_cancellable_release_fd (cancellable);

  return result;
}

static gboolean
perform (ImInfluxClient  *self,
         Request         *req,
         GError         **error)
{
  Settings settings = { 0, };
  Connection *conn;
  struct curl_slist *headers = NULL;
  g_autoptr(GString) params = g_string_new (NULL);
  g_autofree char *url = NULL;
  g_autofree char *display = NULL;
  const char *where = NULL;
  g_autofree char *auth_header = NULL;
  g_autofree guint8 *compressed = NULL;
  gsize compressed_len = 0;
  const char *multi_error = NULL;
  char error_buffer[CURL_ERROR_SIZE] = "";
  gboolean cancelled = FALSE;
  gboolean ret = FALSE;
  CURLcode code;
  CURL *easy;

  if (g_cancellable_set_error_if_cancelled (req->cancellable, error))
    return FALSE;

  settings_copy (self, &settings);
  conn = connection_acquire (self);
  easy = req->easy = conn->easy;
  curl_easy_reset (easy);

  append_params (params, easy, req->params);
  if (!endpoint_url (self->url, req->endpoint, req->form_body ? NULL : params->str,
                     &url, &display, error))
    goto out;

  if (self->database != NULL && *self->database != '\0' && strcmp (req->endpoint, "ping") != 0)
    req->where = g_strdup_printf ("%s %s (database “%s”)", req->action, display, self->database);
  else
    req->where = g_strdup_printf ("%s %s", req->action, display);
  where = req->where;

  req->error_body = g_string_new (NULL);

  if (req->post && req->body != NULL && req->allow_gzip && settings.gzip)
    {
      if (!gzip_compress (req->body, req->body_len, &compressed, &compressed_len, error))
        {
          g_prefix_error (error, "%s: ", where);
          goto out;
        }
      headers = curl_slist_append (headers, "Content-Encoding: gzip");
    }

  curl_easy_setopt (easy, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS, (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt (easy, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) settings.connect_timeout_ms);
  if (settings.stall_timeout_ms > 0)
    {
      /* Less than a byte a second for that long: given up. Checked after
       * reading what arrived, so a process that was stopped (SIGSTOP) and
       * finds the answer waiting does not call it a timeout, as a total
       * timeout on the monotonic clock would. Seconds, at least 1. */
      curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, 0L);
      curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
      curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, (long) MAX (1, settings.stall_timeout_ms / 1000));
    }
  else
    {
      curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long) settings.total_timeout_ms);
      curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, 0L);
      curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, 0L);
    }
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, settings.verify_tls ? 1L : 0L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, settings.verify_tls ? 2L : 0L);
  curl_easy_setopt (easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, req);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, req);
  if (settings.gzip)
    curl_easy_setopt (easy, CURLOPT_ACCEPT_ENCODING, "gzip");

  if (settings.token != NULL)
    {
      auth_header = g_strconcat ("Authorization: Token ", settings.token, NULL);
      headers = curl_slist_append (headers, auth_header);
    }
  else if (settings.username != NULL)
    {
      curl_easy_setopt (easy, CURLOPT_HTTPAUTH, (long) CURLAUTH_BASIC);
      curl_easy_setopt (easy, CURLOPT_USERNAME, settings.username);
      curl_easy_setopt (easy, CURLOPT_PASSWORD, settings.password != NULL ? settings.password : "");
    }

  if (req->post)
    {
      const char *body = req->body;
      gsize body_len = req->body_len;

      if (req->form_body)
        {
          body = params->str;
          body_len = params->len;
        }
      else
        {
          headers = curl_slist_append (headers, "Content-Type: text/plain; charset=utf-8");
        }

      if (compressed != NULL)
        {
          body = (const char *) compressed;
          body_len = compressed_len;
        }

      curl_easy_setopt (easy, CURLOPT_POST, 1L);
      curl_easy_setopt (easy, CURLOPT_POSTFIELDS, body != NULL ? body : "");
      curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) body_len);
      /* No "Expect: 100-continue" round trip before large bodies. */
      headers = curl_slist_append (headers, "Expect:");
    }
  else
    {
      curl_easy_setopt (easy, CURLOPT_HTTPGET, 1L);
    }

  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, headers);

  code = run_transfer (conn, req->cancellable, &cancelled, &multi_error);

  if (cancelled)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: cancelled", where);
    }
  else if (code == CURLE_WRITE_ERROR && req->stream_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&req->stream_error), "%s: ", where);
    }
  else if (code != CURLE_OK)
    {
      const char *detail = multi_error != NULL ? multi_error
                         : error_buffer[0] != '\0' ? error_buffer
                         : curl_easy_strerror (code);

      g_set_error (error, IM_INFLUX_ERROR, transport_error_code (code), "%s: %s", where, detail);
    }
  else
    {
      curl_easy_getinfo (easy, CURLINFO_RESPONSE_CODE, &req->status);

      if (req->status >= 200 && req->status < 300)
        {
          ret = TRUE;
        }
      else
        {
          g_autofree char *text = server_error_text (req);
          g_autofree char *status = req->status_line != NULL
                                  ? g_strdup (req->status_line)
                                  : g_strdup_printf ("%ld", req->status);

          g_set_error (error, IM_INFLUX_ERROR, status_error_code (req->status, text),
                       "%s: %s%s%s", where, status, text != NULL ? ": " : "", text != NULL ? text : "");
        }
    }

out:
  /* Leave no pointer to this stack frame in the pooled handle. */
  curl_easy_reset (easy);
  curl_slist_free_all (headers);
  connection_release (self, conn);
  settings_clear (&settings);

  return ret;
}

/* The client */

static void
im_influx_client_finalize (GObject *object)
{
  ImInfluxClient *self = (ImInfluxClient *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->idle, g_ptr_array_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (im_influx_client_parent_class)->finalize (object);
}

static void
im_influx_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ImInfluxClient *self = IM_INFLUX_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_DATABASE:
      g_value_set_string (value, self->database);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_influx_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ImInfluxClient *self = IM_INFLUX_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_free (self->url);
      self->url = g_value_dup_string (value);
      break;

    case PROP_DATABASE:
      g_free (self->database);
      self->database = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_influx_client_class_init (ImInfluxClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static gsize curl_initialized;

  object_class->finalize = im_influx_client_finalize;
  object_class->get_property = im_influx_client_get_property;
  object_class->set_property = im_influx_client_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Once per process, before any thread uses libcurl. */
  if (g_once_init_enter (&curl_initialized))
    {
      CURLcode code = curl_global_init (CURL_GLOBAL_DEFAULT);

      if (code != CURLE_OK)
        g_error ("libcurl could not be initialized: %s", curl_easy_strerror (code));

      g_once_init_leave (&curl_initialized, 1);
    }
}

static void
im_influx_client_init (ImInfluxClient *self)
{
  g_mutex_init (&self->mutex);
  self->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
  self->total_timeout_ms = DEFAULT_TOTAL_TIMEOUT_MS;
  self->verify_tls = TRUE;
  self->idle = g_ptr_array_new_with_free_func (connection_free);
}

/**
 * im_influx_client_new:
 * @url: the server's base URL, e.g. "http://127.0.0.1:8086"
 * @database: the database to write to and query
 *
 * Returns: (transfer full): a new client; nothing is sent until a call
 */
ImInfluxClient *
im_influx_client_new (const char *url,
                      const char *database)
{
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (database != NULL, NULL);

  return g_object_new (IM_TYPE_INFLUX_CLIENT,
                       "url", url,
                       "database", database,
                       NULL);
}

const char *
im_influx_client_get_url (ImInfluxClient *self)
{
  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (self), NULL);

  return self->url;
}

const char *
im_influx_client_get_database (ImInfluxClient *self)
{
  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (self), NULL);

  return self->database;
}

void
im_influx_client_set_basic_auth (ImInfluxClient *self,
                                 const char     *username,
                                 const char     *password)
{
  g_return_if_fail (IM_IS_INFLUX_CLIENT (self));

  g_mutex_lock (&self->mutex);
  g_free (self->username);
  g_free (self->password);
  self->username = g_strdup (username);
  self->password = username != NULL ? g_strdup (password) : NULL;
  g_mutex_unlock (&self->mutex);
}

/* A token when there is one (InfluxDB 2/3, or 1.x with a token), else
 * basic auth when there is a user name; empty strings count as none. */
void
im_influx_client_set_credentials (ImInfluxClient *self,
                                  const char     *token,
                                  const char     *username,
                                  const char     *password)
{
  g_return_if_fail (IM_IS_INFLUX_CLIENT (self));

  if (token != NULL && *token != '\0')
    im_influx_client_set_token (self, token);
  else if (username != NULL && *username != '\0')
    im_influx_client_set_basic_auth (self, username, password);
}

void
im_influx_client_set_token (ImInfluxClient *self,
                            const char     *token)
{
  g_return_if_fail (IM_IS_INFLUX_CLIENT (self));

  g_mutex_lock (&self->mutex);
  g_free (self->token);
  self->token = token != NULL && *token != '\0' ? g_strdup (token) : NULL;
  g_mutex_unlock (&self->mutex);
}

void
im_influx_client_set_timeouts (ImInfluxClient *self,
                               guint           connect_timeout_ms,
                               guint           total_timeout_ms)
{
  g_return_if_fail (IM_IS_INFLUX_CLIENT (self));

  g_mutex_lock (&self->mutex);
  self->connect_timeout_ms = connect_timeout_ms ? connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT_MS;
  self->total_timeout_ms = total_timeout_ms ? total_timeout_ms : DEFAULT_TOTAL_TIMEOUT_MS;
  g_mutex_unlock (&self->mutex);
}

void
im_influx_client_set_stall_timeout (ImInfluxClient *self,
                                    guint           stall_timeout_ms)
{
  g_return_if_fail (IM_IS_INFLUX_CLIENT (self));

  g_mutex_lock (&self->mutex);
  self->stall_timeout_ms = stall_timeout_ms;
  g_mutex_unlock (&self->mutex);
}

void
im_influx_client_set_gzip (ImInfluxClient *self,
                           gboolean        gzip)
{
  g_return_if_fail (IM_IS_INFLUX_CLIENT (self));

  g_mutex_lock (&self->mutex);
  self->gzip = !!gzip;
  g_mutex_unlock (&self->mutex);
}

void
im_influx_client_set_verify_tls (ImInfluxClient *self,
                                 gboolean        verify)
{
  g_return_if_fail (IM_IS_INFLUX_CLIENT (self));

  g_mutex_lock (&self->mutex);
  self->verify_tls = !!verify;
  g_mutex_unlock (&self->mutex);
}

gboolean
im_influx_client_ping (ImInfluxClient  *self,
                       char           **version,
                       GCancellable    *cancellable,
                       GError         **error)
{
  const char *params[] = { NULL };
  Request req = {
    .action = "ping",
    .endpoint = "ping",
    .params = params,
    .cancellable = cancellable,
  };
  gboolean ret;

  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ret = perform (self, &req, error);

  if (ret && version != NULL)
    *version = g_strdup (req.version != NULL ? req.version : "");

  request_clear (&req);

  return ret;
}

/* Whether the word INTO stands outside quotes: SELECT … INTO writes. */
static gboolean
has_into_clause (const char *influxql)
{
  char quote = 0;

  for (const char *p = influxql; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == quote)
            quote = 0;
        }
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (g_ascii_strncasecmp (p, "INTO", 4) == 0 &&
               (p == influxql || g_ascii_isspace (p[-1])) &&
               (p[4] == '\0' || g_ascii_isspace (p[4])))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_read_statement (const char *influxql)
{
  static const char * const keywords[] = { "SELECT", "SHOW" };
  const char *p = influxql;

  while (g_ascii_isspace (*p))
    p++;

  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      gsize len = strlen (keywords[i]);

      if (g_ascii_strncasecmp (p, keywords[i], len) == 0 &&
          !g_ascii_isalnum (p[len]) && p[len] != '_')
        return !has_into_clause (p);
    }

  return FALSE;
}

/* Sends @influxql to /query and feeds a 2xx answer to @builder (NULL:
 * reads it and throws it away); @n_bytes (may be NULL): how long it was. */
static gboolean
perform_query (ImInfluxClient         *self,
               const char             *influxql,
               const char             *params_json,
               gboolean                post,
               ImInfluxResultBuilder  *builder,
               guint64                *n_bytes,
               char                  **where,
               GCancellable           *cancellable,
               GError                **error)
{
  const char *params[14];
  guint n = 0;
  Request req = {
    .action = "query",
    .endpoint = "query",
    .post = post,
    .form_body = post,
    .params = params,
    .builder = builder,
    .cancellable = cancellable,
  };
  gboolean ok;

  params[n++] = "db";
  params[n++] = self->database;
  params[n++] = "q";
  params[n++] = influxql;
  params[n++] = "epoch";
  params[n++] = "ns";
  params[n++] = "chunked";
  params[n++] = "true";
  params[n++] = "chunk_size";
  params[n++] = QUERY_CHUNK_SIZE;
  if (params_json != NULL)
    {
      params[n++] = "params";
      params[n++] = params_json;
    }
  params[n] = NULL;
  g_assert (n < G_N_ELEMENTS (params));

  ok = perform (self, &req, error);
  if (ok && n_bytes != NULL)
    *n_bytes = req.n_body_bytes;
  if (where != NULL)
    *where = g_steal_pointer (&req.where);
  request_clear (&req);

  return ok;
}

static ImInfluxResult *
run_query (ImInfluxClient  *self,
           const char      *influxql,
           const char      *params_json,
           gboolean         post,
           GCancellable    *cancellable,
           GError         **error)
{
  g_autoptr(ImInfluxResultBuilder) builder = im_influx_result_builder_new ();
  g_autofree char *where = NULL;
  g_autoptr(GError) local_error = NULL;
  ImInfluxResult *result;

  if (!perform_query (self, influxql, params_json, post, builder, NULL, &where,
                      cancellable, error))
    return NULL;

  result = im_influx_result_builder_finish (g_steal_pointer (&builder), &local_error);
  if (result == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", where);

  return result;
}

ImInfluxResult *
im_influx_client_query (ImInfluxClient  *self,
                        const char      *influxql,
                        const char      *params_json,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (self), NULL);
  g_return_val_if_fail (influxql != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return run_query (self, influxql, params_json, !is_read_statement (influxql),
                    cancellable, error);
}

gboolean
im_influx_client_query_discard (ImInfluxClient  *self,
                                const char      *influxql,
                                guint64         *n_bytes,
                                GCancellable    *cancellable,
                                GError         **error)
{
  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (self), FALSE);
  g_return_val_if_fail (influxql != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return perform_query (self, influxql, NULL, !is_read_statement (influxql), NULL, n_bytes, NULL,
                        cancellable, error);
}

gboolean
im_influx_client_create_database (ImInfluxClient  *self,
                                  GCancellable    *cancellable,
                                  GError         **error)
{
  g_autoptr(GString) influxql = g_string_new ("CREATE DATABASE ");
  g_autoptr(ImInfluxResult) result = NULL;

  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  im_influxql_append_identifier (influxql, self->database);
  result = run_query (self, influxql->str, NULL, TRUE, cancellable, error);

  return result != NULL;
}

gboolean
im_influx_client_write (ImInfluxClient  *self,
                        const char      *body,
                        gsize            len,
                        GCancellable    *cancellable,
                        GError         **error)
{
  const char *params[] = { "db", NULL, "precision", "ns", NULL };
  Request req = {
    .action = "write to",
    .endpoint = "write",
    .post = TRUE,
    .params = params,
    .body = body,
    .body_len = len,
    .allow_gzip = TRUE,
    .cancellable = cancellable,
  };
  gboolean ret;

  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (self), FALSE);
  g_return_val_if_fail (body != NULL || len == 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len == 0)
    return !g_cancellable_set_error_if_cancelled (cancellable, error);

  params[1] = self->database;
  ret = perform (self, &req, error);
  request_clear (&req);

  return ret;
}

/* Asynchronous variants */

static void
ping_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  char *version = NULL;

  if (im_influx_client_ping (source_object, &version, cancellable, &error))
    g_task_return_pointer (task, version, g_free);
  else
    g_task_return_error (task, error);
}

void
im_influx_client_ping_async (ImInfluxClient      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IM_IS_INFLUX_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, im_influx_client_ping_async);
  g_task_run_in_thread (task, ping_thread);
}

char *
im_influx_client_ping_finish (ImInfluxClient  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == im_influx_client_ping_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *influxql;
  char *params_json;
} QueryData;

static void
query_data_free (gpointer data)
{
  QueryData *query = data;

  g_free (query->influxql);
  g_free (query->params_json);
  g_free (query);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *query = task_data;
  GError *error = NULL;
  ImInfluxResult *result;

  result = im_influx_client_query (source_object, query->influxql, query->params_json,
                                   cancellable, &error);
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) im_influx_result_unref);
  else
    g_task_return_error (task, error);
}

void
im_influx_client_query_async (ImInfluxClient      *self,
                              const char          *influxql,
                              const char          *params_json,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *query;

  g_return_if_fail (IM_IS_INFLUX_CLIENT (self));
  g_return_if_fail (influxql != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  query = g_new0 (QueryData, 1);
  query->influxql = g_strdup (influxql);
  query->params_json = g_strdup (params_json);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, im_influx_client_query_async);
  g_task_set_task_data (task, query, query_data_free);
  g_task_run_in_thread (task, query_thread);
}

ImInfluxResult *
im_influx_client_query_finish (ImInfluxClient  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == im_influx_client_query_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
