/* im-axis.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-axis"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-axis.h"
#include "im-time-zone.h"
#include "im-util.h"

#define NSEC_PER_MIN  (G_GINT64_CONSTANT (60) * IM_NSEC_PER_SEC)
#define NSEC_PER_HOUR (G_GINT64_CONSTANT (3600) * IM_NSEC_PER_SEC)
#define NSEC_PER_DAY  (G_GINT64_CONSTANT (86400) * IM_NSEC_PER_SEC)
#define NSEC_PER_WEEK (G_GINT64_CONSTANT (7) * NSEC_PER_DAY)

/* ---- Value axis ---------------------------------------------------- */

double
im_axis_nice_step (double range,
                   guint  target_count)
{
  double raw;
  double magnitude;
  double norm;
  double nice;

  g_return_val_if_fail (range > 0 && isfinite (range), 1.0);
  g_return_val_if_fail (target_count > 0, 1.0);

  raw = range / target_count;
  magnitude = pow (10.0, floor (log10 (raw)));
  norm = raw / magnitude;

  /* Nearest of 1, 2, 5, 10 on a log scale. */
  if (norm < sqrt (2.0))
    nice = 1.0;
  else if (norm < sqrt (10.0))
    nice = 2.0;
  else if (norm < sqrt (50.0))
    nice = 5.0;
  else
    nice = 10.0;

  return nice * magnitude;
}

gboolean
im_axis_nice_ticks (double       min,
                    double       max,
                    guint        target_count,
                    ImAxisTicks *ticks)
{
  double step;
  double k_min;
  double k_max;

  g_return_val_if_fail (ticks != NULL, FALSE);

  memset (ticks, 0, sizeof *ticks);

  if (!isfinite (min) || !isfinite (max))
    return FALSE;

  if (target_count == 0)
    target_count = 1;

  if (min > max)
    {
      double tmp = min;

      min = max;
      max = tmp;
    }

  if (max - min <= fabs (max) * 1e-12 || max - min < 1e-300)
    {
      double half = min != 0.0 ? fabs (min) * 0.05 : 1.0;

      min -= half;
      max += half;
    }

  step = im_axis_nice_step (max - min, target_count);
  /* Tolerate the rounding of min / step when min is a multiple of step. */
  k_min = floor (min / step + 1e-9);
  k_max = ceil (max / step - 1e-9);

  ticks->step = step;
  ticks->nice_min = k_min * step;
  ticks->nice_max = k_max * step;
  ticks->first = ticks->nice_min;
  ticks->n_ticks = (guint) (k_max - k_min) + 1;
  ticks->decimals = MAX (0, (int) -floor (log10 (step) + 1e-9));

  return TRUE;
}

double
im_axis_ticks_get_value (const ImAxisTicks *ticks,
                         guint              index)
{
  g_return_val_if_fail (ticks != NULL, NAN);

  /* From whole multiples of the step, so errors do not accumulate. */
  return (round (ticks->first / ticks->step) + index) * ticks->step;
}

char *
im_axis_format_value (double value,
                      int    decimals)
{
  g_autofree char *text = NULL;
  gboolean all_zero = TRUE;

  if (isnan (value))
    return g_strdup ("—");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");

  decimals = CLAMP (decimals, 0, 12);
  text = g_strdup_printf ("%.*f", decimals, value);

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p) && *p != '0')
        {
          all_zero = FALSE;
          break;
        }
    }

  if (text[0] == '-')
    {
      if (all_zero)
        return g_strdup (text + 1);
      return g_strconcat ("−", text + 1, NULL);
    }

  return g_steal_pointer (&text);
}

/* ---- Value <-> pixel ----------------------------------------------- */

void
im_axis_scale_init (ImAxisScale *scale,
                    double       value_min,
                    double       value_max,
                    double       pixel_a,
                    double       pixel_b)
{
  g_return_if_fail (scale != NULL);

  scale->value_min = value_min;
  scale->value_max = value_max;
  scale->pixel_a = pixel_a;
  scale->pixel_b = pixel_b;
}

double
im_axis_scale_to_pixel (const ImAxisScale *scale,
                        double             value)
{
  double span = scale->value_max - scale->value_min;

  if (span == 0.0)
    return (scale->pixel_a + scale->pixel_b) / 2.0;

  return scale->pixel_a + (value - scale->value_min) * (scale->pixel_b - scale->pixel_a) / span;
}

double
im_axis_scale_to_value (const ImAxisScale *scale,
                        double             pixel)
{
  double span = scale->pixel_b - scale->pixel_a;

  if (span == 0.0)
    return (scale->value_min + scale->value_max) / 2.0;

  return scale->value_min + (pixel - scale->pixel_a) * (scale->value_max - scale->value_min) / span;
}

double
im_axis_time_to_pixel (gint64 time_ns,
                       gint64 start_ns,
                       gint64 end_ns,
                       double x,
                       double width)
{
  if (end_ns <= start_ns)
    return x;

  return x + (double) (time_ns - start_ns) / (double) (end_ns - start_ns) * width;
}

gint64
im_axis_pixel_to_time (double pixel,
                       gint64 start_ns,
                       gint64 end_ns,
                       double x,
                       double width)
{
  if (width <= 0 || end_ns <= start_ns)
    return start_ns;

  return start_ns + (gint64) llround ((pixel - x) / width * (double) (end_ns - start_ns));
}

/* ---- Time axis ----------------------------------------------------- */

static const ImTimeStep time_steps[] = {
  { IM_TIME_UNIT_SECOND, 1 },
  { IM_TIME_UNIT_SECOND, 2 },
  { IM_TIME_UNIT_SECOND, 5 },
  { IM_TIME_UNIT_SECOND, 10 },
  { IM_TIME_UNIT_SECOND, 15 },
  { IM_TIME_UNIT_SECOND, 30 },
  { IM_TIME_UNIT_MINUTE, 1 },
  { IM_TIME_UNIT_MINUTE, 2 },
  { IM_TIME_UNIT_MINUTE, 5 },
  { IM_TIME_UNIT_MINUTE, 10 },
  { IM_TIME_UNIT_MINUTE, 15 },
  { IM_TIME_UNIT_MINUTE, 30 },
  { IM_TIME_UNIT_HOUR, 1 },
  { IM_TIME_UNIT_HOUR, 2 },
  { IM_TIME_UNIT_HOUR, 3 },
  { IM_TIME_UNIT_HOUR, 6 },
  { IM_TIME_UNIT_HOUR, 12 },
  { IM_TIME_UNIT_DAY, 1 },
  { IM_TIME_UNIT_DAY, 2 },
  { IM_TIME_UNIT_DAY, 7 },
  { IM_TIME_UNIT_DAY, 14 },
};

static gint64
unit_to_ns (ImTimeUnit unit)
{
  switch (unit)
    {
    case IM_TIME_UNIT_SECOND:
      return IM_NSEC_PER_SEC;
    case IM_TIME_UNIT_MINUTE:
      return NSEC_PER_MIN;
    case IM_TIME_UNIT_HOUR:
      return NSEC_PER_HOUR;
    case IM_TIME_UNIT_DAY:
      return NSEC_PER_DAY;
    default:
      g_return_val_if_reached (IM_NSEC_PER_SEC);
    }
}

gint64
im_time_step_to_ns (const ImTimeStep *step)
{
  g_return_val_if_fail (step != NULL, IM_NSEC_PER_SEC);

  return unit_to_ns (step->unit) * step->count;
}

void
im_axis_time_step (gint64      start_ns,
                   gint64      end_ns,
                   guint       target_count,
                   ImTimeStep *step)
{
  gint64 span;
  gint64 weeks;

  g_return_if_fail (step != NULL);

  if (target_count == 0)
    target_count = 1;

  span = end_ns > start_ns ? end_ns - start_ns : 0;

  for (guint i = 0; i < G_N_ELEMENTS (time_steps); i++)
    {
      if (span <= im_time_step_to_ns (&time_steps[i]) * (gint64) target_count)
        {
          *step = time_steps[i];
          return;
        }
    }

  /* Whole weeks: the smallest count of weeks with span <= count × target. */
  weeks = (span + NSEC_PER_WEEK * target_count - 1) / (NSEC_PER_WEEK * target_count);
  step->unit = IM_TIME_UNIT_DAY;
  step->count = (guint) MAX (weeks, 3) * 7;
}

static gint64
date_time_to_ns (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * IM_NSEC_PER_SEC;
}

static GDateTime *
date_time_from_ns (gint64     time_ns,
                   GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (im_floor_div (time_ns, IM_NSEC_PER_SEC));

  if (utc == NULL)
    return NULL;

  return g_date_time_to_timezone (utc, tz);
}

static void
append_tick (GArray *ticks,
             gint64  tick,
             gint64  start_ns,
             gint64  end_ns)
{
  if (tick < start_ns || tick > end_ns)
    return;
  if (ticks->len > 0 && tick <= g_array_index (ticks, gint64, ticks->len - 1))
    return;
  g_array_append_val (ticks, tick);
}

GArray *
im_axis_time_ticks (gint64            start_ns,
                    gint64            end_ns,
                    const ImTimeStep *step,
                    GTimeZone        *tz)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) day = NULL;
  GArray *ticks;
  gint64 step_ns;
  guint count;

  g_return_val_if_fail (step != NULL, NULL);
  g_return_val_if_fail (step->count > 0, NULL);

  ticks = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (end_ns < start_ns)
    return ticks;

  if (tz == NULL)
    tz = im_time_zone_get_display ();

  first = date_time_from_ns (start_ns, tz);
  if (first == NULL)
    return ticks;

  count = step->count;
  step_ns = im_time_step_to_ns (step);

  switch (step->unit)
    {
    case IM_TIME_UNIT_SECOND:
    case IM_TIME_UNIT_MINUTE:
      {
        g_autoptr(GDateTime) aligned = NULL;
        int sec = g_date_time_get_second (first);
        int min = g_date_time_get_minute (first);
        gint64 t;

        if (step->unit == IM_TIME_UNIT_SECOND)
          sec -= sec % count;
        else
          {
            min -= min % count;
            sec = 0;
          }

        aligned = g_date_time_new (tz,
                                   g_date_time_get_year (first),
                                   g_date_time_get_month (first),
                                   g_date_time_get_day_of_month (first),
                                   g_date_time_get_hour (first),
                                   min, sec);
        /* Local offsets are whole quarter hours, so fixed steps from an
         * aligned tick stay aligned. */
        for (t = date_time_to_ns (aligned); t <= end_ns; t += step_ns)
          append_tick (ticks, t, start_ns, end_ns);
      }
      break;

    case IM_TIME_UNIT_HOUR:
      /* Each local day afresh, so the hours stay multiples of the step
       * across a change of the offset. */
      day = g_date_time_new (tz,
                             g_date_time_get_year (first),
                             g_date_time_get_month (first),
                             g_date_time_get_day_of_month (first),
                             0, 0, 0);
      while (day != NULL && date_time_to_ns (day) <= end_ns + NSEC_PER_DAY)
        {
          GDateTime *next;

          for (guint h = 0; h < 24; h += count)
            {
              g_autoptr(GDateTime) dt = g_date_time_new (tz,
                                                         g_date_time_get_year (day),
                                                         g_date_time_get_month (day),
                                                         g_date_time_get_day_of_month (day),
                                                         h, 0, 0);
              if (dt != NULL)
                append_tick (ticks, date_time_to_ns (dt), start_ns, end_ns);
            }

          next = g_date_time_add_days (day, 1);
          g_date_time_unref (day);
          day = next;
        }
      break;

    case IM_TIME_UNIT_DAY:
      day = g_date_time_new (tz,
                             g_date_time_get_year (first),
                             g_date_time_get_month (first),
                             g_date_time_get_day_of_month (first),
                             0, 0, 0);
      while (day != NULL && date_time_to_ns (day) <= end_ns)
        {
          g_autoptr(GDate) date = g_date_new_dmy (g_date_time_get_day_of_month (day),
                                                  g_date_time_get_month (day),
                                                  g_date_time_get_year (day));
          GDateTime *next;

          /* Julian day 1 is a Monday: weeks start on Mondays. */
          if ((g_date_get_julian (date) - 1) % count == 0)
            append_tick (ticks, date_time_to_ns (day), start_ns, end_ns);

          next = g_date_time_add_days (day, 1);
          g_date_time_unref (day);
          day = next;
        }
      break;

    default:
      g_assert_not_reached ();
    }

  return ticks;
}

char *
im_axis_format_time (gint64            time_ns,
                     const ImTimeStep *step,
                     GTimeZone        *tz)
{
  g_autoptr(GDateTime) dt = NULL;
  const char *format;

  g_return_val_if_fail (step != NULL, NULL);

  if (tz == NULL)
    tz = im_time_zone_get_display ();

  dt = date_time_from_ns (time_ns, tz);
  if (dt == NULL)
    return g_strdup ("");

  switch (step->unit)
    {
    case IM_TIME_UNIT_SECOND:
      format = "%H:%M:%S";
      break;

    case IM_TIME_UNIT_MINUTE:
    case IM_TIME_UNIT_HOUR:
      if (g_date_time_get_hour (dt) == 0 &&
          g_date_time_get_minute (dt) == 0 &&
          g_date_time_get_second (dt) == 0)
        format = "%b %-d";
      else
        format = "%H:%M";
      break;

    case IM_TIME_UNIT_DAY:
      format = "%b %-d";
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  return g_date_time_format (dt, format);
}

char *
im_axis_format_time_full (gint64     time_ns,
                          GTimeZone *tz)
{
  g_autoptr(GDateTime) dt = NULL;

  if (tz == NULL)
    tz = im_time_zone_get_display ();

  dt = date_time_from_ns (time_ns, tz);
  if (dt == NULL)
    return g_strdup ("");

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}
