/* test-influx-source-offline.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-influx-source.h"
#include "im-util.h"

#include "im-test-app-util.h"

/* A loopback port nobody listens on: bound, then closed. */
static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_unreachable (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr(ImInfluxClient) client = im_influx_client_new (url, "sensors");
  g_autoptr(ImInfluxSource) source = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *title = NULL;
  g_auto(GStrv) machines = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *details = NULL;
  guint notified = 0;

  im_influx_client_set_timeouts (client, 2000, 5000);
  source = im_influx_source_new (client);
  g_signal_connect (source, "notify::error-message", G_CALLBACK (notify_cb), &notified);

  title = im_data_source_dup_title (IM_DATA_SOURCE (source));
  g_assert_true (strstr (title, url) != NULL);
  g_assert_true (strstr (title, "sensors") != NULL);

  im_data_source_list_machines_async (IM_DATA_SOURCE (source), NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  machines = im_data_source_list_machines_finish (IM_DATA_SOURCE (source), result, &error);

  g_assert_null (machines);
  g_assert_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_CONNECT);
  message = im_data_source_dup_error_message (IM_DATA_SOURCE (source));
  g_assert_nonnull (message);
  /* In words for people; libcurl's text behind it. */
  expected = g_strdup_printf ("nothing accepts connections at %s. Is InfluxDB running there?", url);
  g_assert_cmpstr (message, ==, expected);
  details = im_data_source_dup_error_details (IM_DATA_SOURCE (source));
  g_assert_cmpstr (details, ==, error->message);
  g_assert_cmpint (im_data_source_get_answered_time (IM_DATA_SOURCE (source)), ==, 0);
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_cancelled_is_not_unreachable (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr(ImInfluxClient) client = im_influx_client_new (url, "sensors");
  g_autoptr(ImInfluxSource) source = im_influx_source_new (client);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GArray) raw = NULL;

  g_cancellable_cancel (cancellable);
  im_data_source_query_raw_async (IM_DATA_SOURCE (source), "MACHINE_001", 0, im_now_ns (),
                                  cancellable, im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  raw = im_data_source_query_raw_finish (IM_DATA_SOURCE (source), result, &error);

  g_assert_null (raw);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  message = im_data_source_dup_error_message (IM_DATA_SOURCE (source));
  g_assert_null (message);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/influx-source/unreachable", test_unreachable);
  g_test_add_func ("/influx-source/cancelled-is-not-unreachable", test_cancelled_is_not_unreachable);

  return g_test_run ();
}
