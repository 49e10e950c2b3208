/* im-axis.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- Value axis ---------------------------------------------------- */

/*
 * ImAxisTicks:
 *
 * "Nice" ticks for a value range: a step of 1, 2 or 5 × 10^n, and the tick
 * values first, first + step, …, first + (n_ticks - 1) × step, all inside
 * [nice_min, nice_max], which is the range widened to whole steps.
 */
typedef struct
{
  double nice_min;
  double nice_max;
  double first;
  double step;
  guint  n_ticks;
  int    decimals;  /* digits after the point needed to tell ticks apart */
} ImAxisTicks;

/* The 1-2-5 × 10^n step nearest to @range / @target_count.
 * @range > 0, @target_count > 0. */
double   im_axis_nice_step        (double             range,
                                   guint              target_count);
/* Fills @ticks for [@min, @max] with about @target_count ticks. A zero-width
 * range is widened around its value; non-finite input returns FALSE. */
gboolean im_axis_nice_ticks       (double             min,
                                   double             max,
                                   guint              target_count,
                                   ImAxisTicks       *ticks);
double   im_axis_ticks_get_value  (const ImAxisTicks *ticks,
                                   guint              index);
/* A tick or value label: @decimals digits after the point, in the current
 * locale's notation; "−" (U+2212) for negatives; never "-0". */
char    *im_axis_format_value     (double             value,
                                   int                decimals);

/* ---- Value <-> pixel ----------------------------------------------- */

/*
 * ImAxisScale:
 *
 * A linear map from [value_min, value_max] to [pixel_a, pixel_b]; pixel_b
 * may be smaller than pixel_a (a y axis grows upwards).
 */
typedef struct
{
  double value_min;
  double value_max;
  double pixel_a;
  double pixel_b;
} ImAxisScale;

void     im_axis_scale_init       (ImAxisScale       *scale,
                                   double             value_min,
                                   double             value_max,
                                   double             pixel_a,
                                   double             pixel_b);
double   im_axis_scale_to_pixel   (const ImAxisScale *scale,
                                   double             value);
double   im_axis_scale_to_value   (const ImAxisScale *scale,
                                   double             pixel);

/* Time <-> pixel over [start_ns, end_ns] -> [x, x + width]. */
double   im_axis_time_to_pixel    (gint64             time_ns,
                                   gint64             start_ns,
                                   gint64             end_ns,
                                   double             x,
                                   double             width);
gint64   im_axis_pixel_to_time    (double             pixel,
                                   gint64             start_ns,
                                   gint64             end_ns,
                                   double             x,
                                   double             width);

/* ---- Time axis ----------------------------------------------------- */

/*
 * Time ticks are aligned to boundaries of the wall clock in @tz (NULL means
 * the display zone, im_time_zone_get_display(): local or UTC): whole seconds,
 * minutes, hours and local midnights, stepping by 1, 2, 5, 10, 15, 30 s,
 * 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, 1, 2, 7, 14 days, then
 * whole weeks. Hour ticks fall on multiples of the step in local time
 * (across a DST change too); day ticks on local midnights, 7 and 14 day
 * steps on Mondays. Labels are formatted in the same zone.
 */
typedef enum
{
  IM_TIME_UNIT_SECOND,
  IM_TIME_UNIT_MINUTE,
  IM_TIME_UNIT_HOUR,
  IM_TIME_UNIT_DAY,
} ImTimeUnit;

typedef struct
{
  ImTimeUnit unit;
  guint      count;   /* step = count × unit */
} ImTimeStep;

gint64   im_time_step_to_ns       (const ImTimeStep  *step);
/* Chooses the smallest step such that the range spans at most
 * @target_count steps. */
void     im_axis_time_step        (gint64             start_ns,
                                   gint64             end_ns,
                                   guint              target_count,
                                   ImTimeStep        *step);
/* Tick times (ns) in [@start_ns, @end_ns], ascending, for @step.
 * Returns: (transfer full) (element-type gint64) */
GArray  *im_axis_time_ticks       (gint64             start_ns,
                                   gint64             end_ns,
                                   const ImTimeStep  *step,
                                   GTimeZone         *tz);
/* The label of a tick: "14:05:30" below a minute, "14:05" below a day,
 * "Nov 28" (locale's abbreviated month) for day steps; a tick at local
 * midnight with an hour or minute step shows the date instead. */
char    *im_axis_format_time      (gint64             time_ns,
                                   const ImTimeStep  *step,
                                   GTimeZone         *tz);
/* "2026-11-28 14:05:30" in @tz, for hover labels. */
char    *im_axis_format_time_full (gint64             time_ns,
                                   GTimeZone         *tz);

G_END_DECLS
