/* im-credentials.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#ifdef HAVE_LIBSECRET
# include <libsecret/secret.h>
#endif

#include "im-credentials.h"

G_LOCK_DEFINE_STATIC (session);
static GHashTable *session_secrets;

static const char *
kind_to_string (ImCredentialKind kind)
{
  return kind == IM_CREDENTIAL_TOKEN ? "token" : "password";
}

static char *
session_key (ImCredentialKind  kind,
             const char       *url,
             const char       *database,
             const char       *username)
{
  return g_strjoin ("\n", kind_to_string (kind), url, database,
                    username ? username : "", NULL);
}

static char *
session_lookup (const char *key)
{
  char *secret = NULL;

  G_LOCK (session);
  if (session_secrets != NULL)
    secret = g_strdup (g_hash_table_lookup (session_secrets, key));
  G_UNLOCK (session);

  return secret;
}

static void
session_store (char       *key,
               const char *secret)
{
  G_LOCK (session);
  if (session_secrets == NULL)
    session_secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (secret == NULL || secret[0] == '\0')
    g_hash_table_remove (session_secrets, key);
  else
    g_hash_table_replace (session_secrets, g_strdup (key), g_strdup (secret));
  G_UNLOCK (session);

  g_free (key);
}

gboolean
im_credentials_keyring_supported (void)
{
#ifdef HAVE_LIBSECRET
  return TRUE;
#else
  return FALSE;
#endif
}

#ifdef HAVE_LIBSECRET
static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".Credentials", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (secret == NULL && error != NULL)
    {
      /* No keyring: what the session holds, if anything. */
      g_debug ("Keyring lookup failed: %s", error->message);
      secret = session_lookup (g_task_get_task_data (task));
    }

  g_task_return_pointer (task, secret, g_free);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}
#endif

void
im_credentials_lookup_async (ImCredentialKind     kind,
                             const char          *url,
                             const char          *database,
                             const char          *username,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *key;

  g_return_if_fail (url != NULL);
  g_return_if_fail (database != NULL);

  key = session_key (kind, url, database, username);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, im_credentials_lookup_async);
  g_task_set_task_data (task, key, g_free);

#ifdef HAVE_LIBSECRET
  {
    /* The session copy wins: it is what the user typed last. */
    char *secret = session_lookup (key);

    if (secret != NULL)
      {
        g_task_return_pointer (task, secret, g_free);
        return;
      }

    secret_password_lookup (get_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                            "kind", kind_to_string (kind),
                            "url", url,
                            "database", database,
                            "username", username ? username : "",
                            NULL);
  }
#else
  g_task_return_pointer (task, session_lookup (key), g_free);
#endif
}

char *
im_credentials_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
im_credentials_store_async (ImCredentialKind     kind,
                            const char          *url,
                            const char          *database,
                            const char          *username,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (url != NULL);
  g_return_if_fail (database != NULL);

  session_store (session_key (kind, url, database, username), secret);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, im_credentials_store_async);

#ifdef HAVE_LIBSECRET
  if (secret == NULL || secret[0] == '\0')
    {
      secret_password_clear (get_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                             "kind", kind_to_string (kind),
                             "url", url,
                             "database", database,
                             "username", username ? username : "",
                             NULL);
    }
  else
    {
      /* Translators: the keyring item's name; %s is the server's URL */
      g_autofree char *label = g_strdup_printf (kind == IM_CREDENTIAL_TOKEN
                                                ? _("IndustrialMind: InfluxDB token for %s")
                                                : _("IndustrialMind: InfluxDB password for %s"),
                                                url);

      secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                             cancellable, store_cb, g_steal_pointer (&task),
                             "kind", kind_to_string (kind),
                             "url", url,
                             "database", database,
                             "username", username ? username : "",
                             NULL);
    }
#else
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("This build keeps secrets for the session only"));
#endif
}

gboolean
im_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
