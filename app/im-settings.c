/* im-settings.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-settings"

#include "config.h"

#include "im-settings.h"
#include "im-time-zone.h"
#include "im-units.h"

GSettings *
im_settings_new (void)
{
  return g_settings_new (APP_ID);
}

gboolean
im_settings_apply_display (GSettings *settings)
{
  ImUnits units;
  gboolean changed;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  units.temperature = g_settings_get_enum (settings, "temperature-unit");
  units.pressure = g_settings_get_enum (settings, "pressure-unit");
  changed = im_units_set_display (&units);
  changed |= im_time_zone_set_kind (g_settings_get_enum (settings, "time-zone"));

  return changed;
}
