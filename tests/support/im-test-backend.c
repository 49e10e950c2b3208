/* im-test-backend.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "im-test-backend.h"

static char *
root_path (const char *env_name,
           const char *relative)
{
  const char *root = g_getenv (env_name);

  if (root == NULL)
    g_error ("%s is not set: run the tests through `meson test`", env_name);

  return g_build_filename (root, relative, NULL);
}

char *
im_test_build_path (const char *relative)
{
  return root_path ("IM_BUILD_ROOT", relative);
}

char *
im_test_source_path (const char *relative)
{
  return root_path ("IM_SOURCE_ROOT", relative);
}

char *
im_test_unique_name (const char *prefix)
{
  static gint counter;

  return g_strdup_printf ("%s-%d-%d-%" G_GINT64_FORMAT,
                          prefix, (int) getpid (),
                          g_atomic_int_add (&counter, 1),
                          g_get_real_time () % 1000000);
}

gboolean
im_test_backend_run_script (const char  *arg,
                            char       **output)
{
  g_autofree char *script = im_test_source_path ("compose/backend");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { script, arg, NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT,
                     NULL, NULL, &out, &err, &status, &error))
    {
      g_test_message ("could not run %s %s: %s", script, arg, error->message);
      return FALSE;
    }

  if (!g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("%s %s failed: %s\n%s%s", script, arg, error->message,
                      out ? out : "", err ? err : "");
      return FALSE;
    }

  if (output != NULL)
    *output = g_steal_pointer (&out);

  return TRUE;
}

static char *
env_value (const char *env_text,
           const char *name)
{
  g_auto(GStrv) lines = g_strsplit (env_text, "\n", -1);
  gsize name_len = strlen (name);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "export "))
        line += strlen ("export ");

      if (strncmp (line, name, name_len) == 0 && line[name_len] == '=')
        {
          g_autofree char *value = g_strdup (line + name_len + 1);
          g_autofree char *unquoted = g_shell_unquote (value, NULL);

          return g_strdup (unquoted != NULL ? unquoted : value);
        }
    }

  return NULL;
}

static ImTestBackend *
backend_start (char **reason)
{
  g_autofree char *env_text = NULL;
  ImTestBackend *backend = g_new0 (ImTestBackend, 1);
  const char *brokers = g_getenv ("KAFKA_BOOTSTRAP_SERVERS");
  const char *url = g_getenv ("INFLUXDB_URL");

  if (brokers != NULL && *brokers != '\0' && url != NULL && *url != '\0')
    {
      backend->kafka_brokers = g_strdup (brokers);
      backend->influxdb_url = g_strdup (url);
      backend->influxdb_db = g_strdup (g_getenv ("INFLUXDB_DB") ?: "sensors");
      backend->topic = g_strdup (g_getenv ("KAFKA_TOPIC") ?: "sensor-readings");
      return backend;
    }

  if (!im_test_backend_run_script ("up", NULL) ||
      !im_test_backend_run_script ("env", &env_text))
    {
      *reason = g_strdup ("the native backend (compose/backend up) could not be started");
      g_free (backend);
      return NULL;
    }

  backend->kafka_brokers = env_value (env_text, "KAFKA_BOOTSTRAP_SERVERS");
  backend->influxdb_url = env_value (env_text, "INFLUXDB_URL");
  backend->influxdb_db = env_value (env_text, "INFLUXDB_DB");
  backend->topic = env_value (env_text, "KAFKA_TOPIC");

  if (backend->kafka_brokers == NULL || backend->influxdb_url == NULL)
    {
      *reason = g_strdup_printf ("compose/backend env gave no addresses:\n%s", env_text);
      g_free (backend->kafka_brokers);
      g_free (backend->influxdb_url);
      g_free (backend->influxdb_db);
      g_free (backend->topic);
      g_free (backend);
      return NULL;
    }

  if (backend->influxdb_db == NULL)
    backend->influxdb_db = g_strdup ("sensors");
  if (backend->topic == NULL)
    backend->topic = g_strdup ("sensor-readings");

  return backend;
}

const ImTestBackend *
im_test_backend_get (void)
{
  static ImTestBackend *backend;
  static char *reason;
  static gboolean tried;

  if (!tried)
    {
      tried = TRUE;
      backend = backend_start (&reason);
    }

  if (backend == NULL)
    {
      if (g_strcmp0 (g_getenv ("IM_REQUIRE_BACKEND"), "1") == 0)
        g_error ("IM_REQUIRE_BACKEND=1 but %s", reason);
      g_test_skip (reason);
    }

  return backend;
}

/* Private backends */

guint
im_test_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

gboolean
im_test_private_backend_run (ImTestPrivateBackend  *backend,
                             const char            *command,
                             char                 **output)
{
  g_autofree char *script = im_test_source_path ("compose/backend");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { script, command, NULL };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, backend->env, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error))
    {
      g_test_message ("compose/backend %s: %s", command, error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("compose/backend %s: %s\n%s%s", command, error->message, out, err);
      return FALSE;
    }
  if (output != NULL)
    *output = g_steal_pointer (&out);

  return TRUE;
}

static void
private_backend_free (ImTestPrivateBackend *backend)
{
  g_strfreev (backend->env);
  g_free (backend->dir);
  g_free (backend->brokers);
  g_free (backend->influxdb_url);
  g_free (backend);
}

ImTestPrivateBackend *
im_test_private_backend_up (void)
{
  ImTestPrivateBackend *backend = g_new0 (ImTestPrivateBackend, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *kafka_port = g_strdup_printf ("%u", im_test_free_port ());
  g_autofree char *controller_port = g_strdup_printf ("%u", im_test_free_port ());
  g_autofree char *influx_port = g_strdup_printf ("%u", im_test_free_port ());
  g_autofree char *influx_rpc_port = g_strdup_printf ("%u", im_test_free_port ());

  backend->dir = g_dir_make_tmp ("im-private-backend-XXXXXX", &error);
  g_assert_no_error (error);
  backend->env = g_get_environ ();
  backend->env = g_environ_setenv (backend->env, "IM_BACKEND_DIR", backend->dir, TRUE);
  backend->env = g_environ_setenv (backend->env, "KAFKA_PORT", kafka_port, TRUE);
  backend->env = g_environ_setenv (backend->env, "KAFKA_CONTROLLER_PORT", controller_port, TRUE);
  backend->env = g_environ_setenv (backend->env, "INFLUXDB_PORT", influx_port, TRUE);
  backend->env = g_environ_setenv (backend->env, "INFLUXDB_RPC_PORT", influx_rpc_port, TRUE);
  backend->env = g_environ_setenv (backend->env, "KAFKA_HEAP_OPTS", "-Xmx256m -Xms128m", TRUE);
  backend->brokers = g_strdup_printf ("127.0.0.1:%s", kafka_port);
  backend->influxdb_url = g_strdup_printf ("http://127.0.0.1:%s", influx_port);

  if (!im_test_private_backend_run (backend, "up", NULL))
    {
      im_test_private_backend_run (backend, "purge", NULL);
      g_rmdir (backend->dir);
      private_backend_free (backend);
      return NULL;
    }

  return backend;
}

GPid
im_test_private_backend_pid (ImTestPrivateBackend *backend,
                             const char           *service)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (service, "kafka") == 0)
    path = g_build_filename (backend->dir, "kafka", "kafka.pid", NULL);
  else
    path = g_build_filename (backend->dir, "influxdb", "influxd.pid", NULL);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;

  return (GPid) g_ascii_strtoll (text, NULL, 10);
}

void
im_test_private_backend_purge (ImTestPrivateBackend *backend)
{
  g_assert_true (im_test_private_backend_run (backend, "purge", NULL));
  g_rmdir (backend->dir);
  private_backend_free (backend);
}
