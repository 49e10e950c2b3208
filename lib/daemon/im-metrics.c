/* im-metrics.c — Prometheus metrics and health over HTTP
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-metrics"

#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "im-metrics.h"
#include "im-util.h"

typedef enum
{
  METRIC_COUNTER,
  METRIC_GAUGE,
  METRIC_HISTOGRAM,
} MetricType;

typedef struct _Family Family;

struct _ImMetric
{
  Family  *family;
  char    *label_value;   /* NULL for the family's own child */
  double   value;         /* counter, gauge; histogram sum */
  guint64  count;         /* histogram */
  guint64 *buckets;       /* histogram, cumulative at render time */
};

struct _Family
{
  ImMetrics  *metrics;
  MetricType  type;
  char       *name;
  char       *help;
  char       *label;         /* set by the first im_metric_with_label() */
  double     *bounds;
  guint       n_bounds;
  ImMetric   *self;
  GHashTable *children;      /* label value → ImMetric */
  GPtrArray  *order;         /* children in creation order */
};

struct _ImMetrics
{
  GMutex     mutex;
  GPtrArray *families;
};

static ImMetric *
metric_new (Family     *family,
            const char *label_value)
{
  ImMetric *metric = g_new0 (ImMetric, 1);

  metric->family = family;
  metric->label_value = g_strdup (label_value);
  if (family->type == METRIC_HISTOGRAM)
    metric->buckets = g_new0 (guint64, family->n_bounds);

  return metric;
}

static void
metric_free (gpointer data)
{
  ImMetric *metric = data;

  g_free (metric->label_value);
  g_free (metric->buckets);
  g_free (metric);
}

static void
family_free (gpointer data)
{
  Family *family = data;

  metric_free (family->self);
  g_ptr_array_unref (family->order);
  g_hash_table_unref (family->children);
  g_free (family->name);
  g_free (family->help);
  g_free (family->label);
  g_free (family->bounds);
  g_free (family);
}

ImMetrics *
im_metrics_new (void)
{
  ImMetrics *metrics = g_new0 (ImMetrics, 1);

  g_mutex_init (&metrics->mutex);
  metrics->families = g_ptr_array_new_with_free_func (family_free);

  return metrics;
}

void
im_metrics_free (ImMetrics *metrics)
{
  if (metrics == NULL)
    return;

  g_ptr_array_unref (metrics->families);
  g_mutex_clear (&metrics->mutex);
  g_free (metrics);
}

static ImMetric *
add_family (ImMetrics    *metrics,
            MetricType    type,
            const char   *name,
            const char   *help,
            const double *bounds,
            guint         n_bounds)
{
  Family *family = g_new0 (Family, 1);

  family->metrics = metrics;
  family->type = type;
  family->name = g_strdup (name);
  family->help = g_strdup (help);
  family->bounds = g_memdup2 (bounds, sizeof (double) * n_bounds);
  family->n_bounds = n_bounds;
  family->children = g_hash_table_new (g_str_hash, g_str_equal);
  family->order = g_ptr_array_new_with_free_func (metric_free);
  family->self = metric_new (family, NULL);

  g_mutex_lock (&metrics->mutex);
  g_ptr_array_add (metrics->families, family);
  g_mutex_unlock (&metrics->mutex);

  return family->self;
}

ImMetric *
im_metrics_add_counter (ImMetrics  *metrics,
                        const char *name,
                        const char *help)
{
  g_return_val_if_fail (metrics != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return add_family (metrics, METRIC_COUNTER, name, help, NULL, 0);
}

ImMetric *
im_metrics_add_gauge (ImMetrics  *metrics,
                      const char *name,
                      const char *help)
{
  g_return_val_if_fail (metrics != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return add_family (metrics, METRIC_GAUGE, name, help, NULL, 0);
}

ImMetric *
im_metrics_add_histogram (ImMetrics    *metrics,
                          const char   *name,
                          const char   *help,
                          const double *bounds,
                          guint         n_bounds)
{
  g_return_val_if_fail (metrics != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bounds != NULL && n_bounds > 0, NULL);

  for (guint i = 1; i < n_bounds; i++)
    g_return_val_if_fail (bounds[i - 1] < bounds[i], NULL);

  return add_family (metrics, METRIC_HISTOGRAM, name, help, bounds, n_bounds);
}

ImMetric *
im_metric_with_label (ImMetric   *family_metric,
                      const char *label,
                      const char *value)
{
  Family *family;
  ImMetric *child;

  g_return_val_if_fail (family_metric != NULL, NULL);
  g_return_val_if_fail (label != NULL && value != NULL, NULL);

  family = family_metric->family;

  g_mutex_lock (&family->metrics->mutex);

  if (family->label == NULL)
    family->label = g_strdup (label);
  else if (strcmp (family->label, label) != 0)
    g_critical ("metric %s has label %s, not %s", family->name, family->label, label);

  child = g_hash_table_lookup (family->children, value);
  if (child == NULL)
    {
      child = metric_new (family, value);
      g_ptr_array_add (family->order, child);
      g_hash_table_insert (family->children, child->label_value, child);
    }

  g_mutex_unlock (&family->metrics->mutex);

  return child;
}

void
im_metric_add (ImMetric *metric,
               double    delta)
{
  g_return_if_fail (metric != NULL);

  g_mutex_lock (&metric->family->metrics->mutex);
  metric->value += delta;
  g_mutex_unlock (&metric->family->metrics->mutex);
}

void
im_metric_set (ImMetric *metric,
               double    value)
{
  g_return_if_fail (metric != NULL);
  g_return_if_fail (metric->family->type == METRIC_GAUGE);

  g_mutex_lock (&metric->family->metrics->mutex);
  metric->value = value;
  g_mutex_unlock (&metric->family->metrics->mutex);
}

void
im_metric_observe (ImMetric *metric,
                   double    value)
{
  Family *family;

  g_return_if_fail (metric != NULL);
  g_return_if_fail (metric->family->type == METRIC_HISTOGRAM);

  family = metric->family;

  g_mutex_lock (&family->metrics->mutex);
  for (guint i = 0; i < family->n_bounds; i++)
    {
      if (value <= family->bounds[i])
        {
          metric->buckets[i]++;
          break;
        }
    }
  metric->count++;
  metric->value += value;
  g_mutex_unlock (&family->metrics->mutex);
}

double
im_metric_get (ImMetric *metric)
{
  double value;

  g_return_val_if_fail (metric != NULL, NAN);

  g_mutex_lock (&metric->family->metrics->mutex);
  value = metric->family->type == METRIC_HISTOGRAM ? (double) metric->count : metric->value;
  g_mutex_unlock (&metric->family->metrics->mutex);

  return value;
}

static void
append_value (GString *out,
              double   value)
{
  if (isnan (value))
    g_string_append (out, "NaN");
  else if (isinf (value))
    g_string_append (out, value > 0 ? "+Inf" : "-Inf");
  else
    im_string_append_double (out, value);
}

static void
append_label_value (GString    *out,
                    const char *value)
{
  for (const char *p = value; *p; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '"')
        g_string_append (out, "\\\"");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

/* name{label="value",le="bound"} */
static void
append_sample_name (GString    *out,
                    Family     *family,
                    const char *suffix,
                    ImMetric   *metric,
                    const char *le)
{
  gboolean labelled = metric->label_value != NULL;

  g_string_append (out, family->name);
  if (suffix != NULL)
    g_string_append (out, suffix);

  if (!labelled && le == NULL)
    return;

  g_string_append_c (out, '{');
  if (labelled)
    {
      g_string_append_printf (out, "%s=\"", family->label);
      append_label_value (out, metric->label_value);
      g_string_append_c (out, '"');
    }
  if (le != NULL)
    g_string_append_printf (out, "%sle=\"%s\"", labelled ? "," : "", le);
  g_string_append_c (out, '}');
}

static void
render_metric (GString  *out,
               Family   *family,
               ImMetric *metric)
{
  if (family->type != METRIC_HISTOGRAM)
    {
      append_sample_name (out, family, NULL, metric, NULL);
      g_string_append_c (out, ' ');
      append_value (out, metric->value);
      g_string_append_c (out, '\n');
      return;
    }

  {
    guint64 cumulative = 0;

    for (guint i = 0; i < family->n_bounds; i++)
      {
        char le[IM_DOUBLE_BUF_SIZE];

        cumulative += metric->buckets[i];
        im_format_double (le, family->bounds[i]);
        append_sample_name (out, family, "_bucket", metric, le);
        g_string_append_printf (out, " %" G_GUINT64_FORMAT "\n", cumulative);
      }

    append_sample_name (out, family, "_bucket", metric, "+Inf");
    g_string_append_printf (out, " %" G_GUINT64_FORMAT "\n", metric->count);
    append_sample_name (out, family, "_sum", metric, NULL);
    g_string_append_c (out, ' ');
    append_value (out, metric->value);
    g_string_append_c (out, '\n');
    append_sample_name (out, family, "_count", metric, NULL);
    g_string_append_printf (out, " %" G_GUINT64_FORMAT "\n", metric->count);
  }
}

/**
 * im_metrics_render:
 * @metrics: the registry
 * @out: where to append Prometheus' text exposition format (0.0.4)
 *
 * A labelled family renders its children; an unlabelled one renders
 * itself.
 */
void
im_metrics_render (ImMetrics *metrics,
                   GString   *out)
{
  static const char *type_names[] = { "counter", "gauge", "histogram" };

  g_return_if_fail (metrics != NULL);
  g_return_if_fail (out != NULL);

  g_mutex_lock (&metrics->mutex);

  for (guint i = 0; i < metrics->families->len; i++)
    {
      Family *family = g_ptr_array_index (metrics->families, i);

      if (family->help != NULL)
        g_string_append_printf (out, "# HELP %s %s\n", family->name, family->help);
      g_string_append_printf (out, "# TYPE %s %s\n", family->name, type_names[family->type]);

      if (family->label == NULL)
        render_metric (out, family, family->self);
      else
        for (guint j = 0; j < family->order->len; j++)
          render_metric (out, family, g_ptr_array_index (family->order, j));
    }

  g_mutex_unlock (&metrics->mutex);
}

struct _ImMetricsServer
{
  SoupServer        *server;
  ImMetrics         *metrics;
  ImHealthCheckFunc  health_check;
  gpointer           user_data;
  guint              port;
};

static void
handle_metrics (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  ImMetricsServer *self = user_data;
  GString *body;
  gsize len;

  if (strcmp (soup_server_message_get_method (msg), "GET") != 0 &&
      strcmp (soup_server_message_get_method (msg), "HEAD") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  body = g_string_sized_new (4096);
  im_metrics_render (self->metrics, body);
  len = body->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain; version=0.0.4; charset=utf-8",
                                    SOUP_MEMORY_TAKE, g_string_free (body, FALSE), len);
}

static void
handle_health (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  ImMetricsServer *self = user_data;
  g_autofree char *reason = NULL;
  gboolean healthy = TRUE;
  char *body;

  if (self->health_check != NULL)
    healthy = self->health_check (self->user_data, &reason);

  body = g_strdup_printf ("%s%s%s\n", healthy ? "ok" : "unhealthy",
                          reason ? ": " : "", reason ? reason : "");
  soup_server_message_set_status (msg, healthy ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE,
                                  NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8",
                                    SOUP_MEMORY_TAKE, body, strlen (body));
}

static gboolean
parse_address (const char      *address,
               GSocketAddress **out,
               GError         **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port;

  colon = address != NULL ? strrchr (address, ':') : NULL;
  if (colon == NULL || colon == address)
    goto invalid;

  host = g_strndup (address, colon - address);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);

  if (inet == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    goto invalid;

  *out = g_inet_socket_address_new (inet, (guint16) port);
  return TRUE;

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "metrics address “%s” is not HOST:PORT with an IP address or localhost",
               address ? address : "");
  return FALSE;
}

/**
 * im_metrics_server_new:
 * @metrics: the registry to serve
 * @address: "HOST:PORT"
 * @health_check: (nullable): decides /healthz; %NULL answers 200
 * @user_data: for @health_check
 * @error: why it could not listen
 *
 * Serves GET /metrics and GET /healthz from the thread-default main
 * context.
 */
ImMetricsServer *
im_metrics_server_new (ImMetrics          *metrics,
                       const char         *address,
                       ImHealthCheckFunc   health_check,
                       gpointer            user_data,
                       GError            **error)
{
  g_autoptr(GSocketAddress) addr = NULL;
  ImMetricsServer *self;
  GSList *listeners;

  g_return_val_if_fail (metrics != NULL, NULL);

  if (!parse_address (address, &addr, error))
    return NULL;

  self = g_new0 (ImMetricsServer, 1);
  self->metrics = metrics;
  self->health_check = health_check;
  self->user_data = user_data;
  self->server = soup_server_new ("server-header", PACKAGE_NAME "/" PACKAGE_VERSION, NULL);

  soup_server_add_handler (self->server, "/metrics", handle_metrics, self, NULL);
  soup_server_add_handler (self->server, "/healthz", handle_health, self, NULL);

  if (!soup_server_listen (self->server, addr, 0, error))
    {
      g_prefix_error (error, "metrics on %s: ", address);
      im_metrics_server_free (self);
      return NULL;
    }

  /* Not soup_server_get_uris(): libsoup 3.2 leaks the address it reads. */
  listeners = soup_server_get_listeners (self->server);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (local))
        self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);

  return self;
}

guint
im_metrics_server_get_port (ImMetricsServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return server->port;
}

void
im_metrics_server_free (ImMetricsServer *server)
{
  if (server == NULL)
    return;

  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_free (server);
}
