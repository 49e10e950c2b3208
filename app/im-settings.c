/* im-settings.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-settings"

#include "config.h"

#include "im-settings.h"

GSettings *
im_settings_new (void)
{
  return g_settings_new (APP_ID);
}
