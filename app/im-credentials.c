/* im-credentials.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-credentials"

#include "config.h"

#include <glib/gi18n.h>

#ifdef HAVE_LIBSECRET
# include <libsecret/secret.h>
#endif

#include "im-credentials.h"

struct _ImCredentials
{
  GObject parent_instance;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ImCredentials, im_credentials, G_TYPE_OBJECT)

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

static void
im_credentials_class_init (ImCredentialsClass *klass)
{
  /**
   * ImCredentials::changed:
   *
   * A secret was stored or forgotten: connections built from the store
   * should be built again.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
im_credentials_init (ImCredentials *self)
{
}

ImCredentials *
im_credentials_get_default (void)
{
  static ImCredentials *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, g_object_new (IM_TYPE_CREDENTIALS, NULL));

  return instance;
}

/* Tells the listeners, unless the store was cancelled, then completes. */
static void
store_done (GTask  *task,
            GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (g_task_get_source_object (task), signals[CHANGED], 0);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
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

  secret_password_store_finish (result, &error);
  store_done (task, error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  store_done (task, error);
}
#endif

void
im_credentials_lookup_async (ImCredentials       *self,
                             ImCredentialKind     kind,
                             const char          *url,
                             const char          *database,
                             const char          *username,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *key;

  g_return_if_fail (IM_IS_CREDENTIALS (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (database != NULL);

  key = session_key (kind, url, database, username);
  task = g_task_new (self, cancellable, callback, user_data);
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
im_credentials_lookup_finish (ImCredentials  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (IM_IS_CREDENTIALS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
im_credentials_store_async (ImCredentials       *self,
                            ImCredentialKind     kind,
                            const char          *url,
                            const char          *database,
                            const char          *username,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IM_IS_CREDENTIALS (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (database != NULL);

  session_store (session_key (kind, url, database, username), secret);

  task = g_task_new (self, cancellable, callback, user_data);
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
  store_done (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                         _("This build keeps secrets for the session only")));
#endif
}

gboolean
im_credentials_store_finish (ImCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (IM_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
