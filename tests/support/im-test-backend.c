/* im-test-backend.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

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
