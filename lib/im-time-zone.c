/* im-time-zone.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-time-zone"

#include "config.h"

#include "im-time-zone.h"
#include "im-util.h"

static ImTimeZoneKind display_kind = IM_TIME_ZONE_LOCAL;
static GTimeZone *display_zone;

ImTimeZoneKind
im_time_zone_get_kind (void)
{
  return display_kind;
}

gboolean
im_time_zone_set_kind (ImTimeZoneKind kind)
{
  g_return_val_if_fail (kind == IM_TIME_ZONE_LOCAL || kind == IM_TIME_ZONE_UTC, FALSE);

  if (kind == display_kind && display_zone != NULL)
    return FALSE;

  display_kind = kind;
  g_clear_pointer (&display_zone, g_time_zone_unref);
  display_zone = kind == IM_TIME_ZONE_UTC ? g_time_zone_new_utc () : g_time_zone_new_local ();

  return TRUE;
}

GTimeZone *
im_time_zone_get_display (void)
{
  if (display_zone == NULL)
    im_time_zone_set_kind (display_kind);

  return display_zone;
}

static int
find_interval (GTimeZone *tz,
               gint64     time_ns)
{
  return g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, time_ns / IM_NSEC_PER_SEC);
}

int
im_time_zone_get_offset (GTimeZone *tz,
                         gint64     time_ns)
{
  if (tz == NULL)
    tz = im_time_zone_get_display ();

  return g_time_zone_get_offset (tz, find_interval (tz, time_ns));
}

char *
im_time_zone_dup_abbreviation (GTimeZone *tz,
                               gint64     time_ns)
{
  const char *abbreviation;
  int offset, interval;

  if (tz == NULL)
    tz = im_time_zone_get_display ();

  interval = find_interval (tz, time_ns);
  abbreviation = g_time_zone_get_abbreviation (tz, interval);
  /* tzdata writes "+0530" where a zone has no letters of its own */
  if (abbreviation != NULL && g_ascii_isalpha (abbreviation[0]))
    return g_strdup (abbreviation);

  offset = g_time_zone_get_offset (tz, interval);
  if (offset == 0)
    return g_strdup ("UTC");

  return g_strdup_printf ("UTC%c%02d:%02d", offset < 0 ? '-' : '+',
                          ABS (offset) / 3600, ABS (offset) / 60 % 60);
}
