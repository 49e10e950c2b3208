/* im-settings.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The values of the schema's enum keys, in the schema's order, for
 * g_settings_get_enum() and g_settings_set_enum(): the one definition
 * the application, the window and the preferences share.
 */

/* APP_ID.Source: the key "source". */
typedef enum
{
  IM_SOURCE_NONE,
  IM_SOURCE_DEMO,
  IM_SOURCE_INFLUXDB,
} ImSourceKind;

/* APP_ID.Auth: the key "influxdb-auth". */
typedef enum
{
  IM_AUTH_NONE,
  IM_AUTH_TOKEN,
  IM_AUTH_PASSWORD,
} ImAuthKind;

/* (transfer full): the application's settings (schema APP_ID). */
GSettings *im_settings_new         (void);

/* Makes the keys "temperature-unit" and "pressure-unit" the display
 * units (im_units_set_display()) and "time-zone" the display zone
 * (im_time_zone_set_kind()); TRUE when those changed. Every holder of a
 * GSettings may call it from its "changed" handler: whichever runs first
 * applies the change. */
gboolean   im_settings_apply_display (GSettings *settings);

G_END_DECLS
