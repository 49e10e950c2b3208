/* im-preferences-window.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IM_TYPE_PREFERENCES_WINDOW (im_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (ImPreferencesWindow, im_preferences_window, IM, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/*
 * ImPreferencesWindow:
 *
 * The data source (none, demo or InfluxDB), the InfluxDB connection and
 * its secret (kept in the keyring where there is one), and how often the
 * pages refresh. Everything but the secret lives in GSettings; the secret
 * goes to the ImCredentials store, whose ::changed tells whoever uses it.
 */
ImPreferencesWindow *im_preferences_window_new (void);
/* Chooses InfluxDB as the source and puts the focus on its address. */
void                 im_preferences_window_show_influxdb (ImPreferencesWindow *self);

/* For tests. */
GtkWidget           *im_preferences_window_get_influxdb_group (ImPreferencesWindow *self);
GtkWidget           *im_preferences_window_get_url_row        (ImPreferencesWindow *self);

G_END_DECLS
