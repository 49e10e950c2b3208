/* im-time-window.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-time-window"

#include "config.h"

#include "im-time-window.h"
#include "im-util.h"

#define NSEC_PER_WEEK (G_GINT64_CONSTANT (7) * 86400 * IM_NSEC_PER_SEC)

static const gint64 windows_s[] = {
  1, 2, 5, 10, 15, 30,
  60, 2 * 60, 5 * 60, 10 * 60, 15 * 60, 30 * 60,
  3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
  86400, 2 * 86400, 7 * 86400,
};

guint64
im_time_window_count (gint64 start_ns,
                      gint64 end_ns,
                      gint64 window_ns)
{
  g_return_val_if_fail (window_ns > 0, 0);

  if (end_ns < start_ns)
    return 0;

  return (guint64) (im_floor_div (end_ns, window_ns) - im_floor_div (start_ns, window_ns)) + 1;
}

gint64
im_time_window_choose (gint64 start_ns,
                       gint64 end_ns,
                       guint  max_points)
{
  gint64 weeks;

  if (end_ns <= start_ns)
    return IM_NSEC_PER_SEC;

  if (max_points == 0)
    max_points = 1;

  for (guint i = 0; i < G_N_ELEMENTS (windows_s); i++)
    {
      gint64 window = windows_s[i] * IM_NSEC_PER_SEC;

      if (im_time_window_count (start_ns, end_ns, window) <= max_points)
        return window;
    }

  /* Whole weeks, starting from an estimate just below the answer. */
  weeks = MAX (2, (end_ns - start_ns) / NSEC_PER_WEEK / max_points);
  while (im_time_window_count (start_ns, end_ns, weeks * NSEC_PER_WEEK) > max_points)
    weeks++;

  return weeks * NSEC_PER_WEEK;
}
