/* im-credentials.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The InfluxDB token or password. With libsecret they live in the
 * keyring under the schema APP_ID ".Credentials" (attributes kind, url,
 * database, username); without it, or when no keyring answers, only for
 * the session, in memory. Settings never hold a secret.
 */

typedef enum
{
  IM_CREDENTIAL_TOKEN,
  IM_CREDENTIAL_PASSWORD,
} ImCredentialKind;

/* Whether the build can use a keyring at all. */
gboolean  im_credentials_keyring_supported (void);

void      im_credentials_lookup_async      (ImCredentialKind      kind,
                                            const char           *url,
                                            const char           *database,
                                            const char           *username,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* Returns: (nullable): the secret, or NULL when none is stored. */
char     *im_credentials_lookup_finish     (GAsyncResult         *result,
                                            GError              **error);

/* Keeps @secret for the session and, where possible, in the keyring;
 * an empty @secret forgets it. The result says whether it reached the
 * keyring: FALSE with @error when it is kept for the session only. */
void      im_credentials_store_async       (ImCredentialKind      kind,
                                            const char           *url,
                                            const char           *database,
                                            const char           *username,
                                            const char           *secret,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  im_credentials_store_finish      (GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
