/* im-credentials.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IM_TYPE_CREDENTIALS (im_credentials_get_type ())

G_DECLARE_FINAL_TYPE (ImCredentials, im_credentials, IM, CREDENTIALS, GObject)

/*
 * ImCredentials:
 *
 * The store of the InfluxDB token or password. With libsecret they live
 * in the keyring under the schema APP_ID ".Credentials" (attributes kind,
 * url, database, username); without it, or when no keyring answers, only
 * for the session, in memory. Settings never hold a secret.
 *
 * ImCredentials::changed is emitted once a stored secret has reached the
 * session and, where it could, the keyring, as GSettings::changed is for
 * the settings: whoever builds a connection from the secret listens to
 * it, whoever stores one needs to know nobody.
 */

typedef enum
{
  IM_CREDENTIAL_TOKEN,
  IM_CREDENTIAL_PASSWORD,
} ImCredentialKind;

/* (transfer none): the process's one store. */
ImCredentials *im_credentials_get_default       (void);

/* Whether the build can use a keyring at all. */
gboolean       im_credentials_keyring_supported (void);

void           im_credentials_lookup_async      (ImCredentials        *self,
                                                 ImCredentialKind      kind,
                                                 const char           *url,
                                                 const char           *database,
                                                 const char           *username,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* Returns: (nullable): the secret, or NULL when none is stored. */
char          *im_credentials_lookup_finish     (ImCredentials        *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Keeps @secret for the session and, where possible, in the keyring;
 * an empty @secret forgets it, then emits ::changed (unless cancelled).
 * The result says whether it reached the keyring: FALSE with @error when
 * it is kept for the session only. */
void           im_credentials_store_async       (ImCredentials        *self,
                                                 ImCredentialKind      kind,
                                                 const char           *url,
                                                 const char           *database,
                                                 const char           *username,
                                                 const char           *secret,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       im_credentials_store_finish      (ImCredentials        *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
