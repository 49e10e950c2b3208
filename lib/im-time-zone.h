/* im-time-zone.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The time zone times are shown and exported in, for the whole process
 * (set from the main thread): the local one (the default) or UTC.
 * Readings are stamped in UTC whatever this says.
 */

/* The schema's enum APP_ID.TimeZone, in its order. */
typedef enum
{
  IM_TIME_ZONE_LOCAL,
  IM_TIME_ZONE_UTC,
} ImTimeZoneKind;

ImTimeZoneKind  im_time_zone_get_kind          (void);
/* TRUE when it changed. */
gboolean        im_time_zone_set_kind          (ImTimeZoneKind  kind);
/* (transfer none): the zone of the kind set. */
GTimeZone      *im_time_zone_get_display       (void);
/* "UTC", "CET", "CEST", … of @tz (NULL: the display zone) at @time_ns;
 * "UTC+05:30" when the zone has no abbreviation. */
char           *im_time_zone_dup_abbreviation  (GTimeZone      *tz,
                                                gint64          time_ns);
/* Seconds east of UTC of @tz (NULL: the display zone) at @time_ns. */
int             im_time_zone_get_offset        (GTimeZone      *tz,
                                                gint64          time_ns);

G_END_DECLS
