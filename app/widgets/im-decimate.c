/* im-decimate.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-decimate"

#include "config.h"

#include <math.h>

#include "im-decimate.h"

G_GNUC_EXTENSION typedef __int128 ImInt128;

gsize
im_decimate_lower_bound (const gint64 *times,
                         gsize         n_points,
                         gint64        time_ns)
{
  gsize lo = 0;
  gsize hi = n_points;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (times[mid] < time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static gsize
upper_bound (const gint64 *times,
             gsize         n_points,
             gint64        time_ns)
{
  gsize lo = 0;
  gsize hi = n_points;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (times[mid] <= time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

int
im_decimate_column_of (gint64 time_ns,
                       gint64 start_ns,
                       gint64 end_ns,
                       guint  n_columns)
{
  ImInt128 offset;
  ImInt128 span;
  ImInt128 col;

  if (n_columns == 0 || end_ns <= start_ns || time_ns < start_ns || time_ns > end_ns)
    return -1;

  offset = (ImInt128) time_ns - start_ns;
  span = (ImInt128) end_ns - start_ns;
  col = offset * n_columns / span;

  if (col >= n_columns)
    col = n_columns - 1;

  return (int) col;
}

/* The first time that falls into column @col (or later). */
static gint64
column_start (guint  col,
              gint64 start_ns,
              gint64 end_ns,
              guint  n_columns)
{
  ImInt128 span = (ImInt128) end_ns - start_ns;
  ImInt128 num = span * col;
  ImInt128 off = (num + n_columns - 1) / n_columns;

  return (gint64) (start_ns + off);
}

static inline gboolean
is_joined (const gint64 *times,
           const double *lows,
           const double *highs,
           gsize         i,
           gint64        max_gap_ns)
{
  if (i == 0)
    return FALSE;
  if (!isfinite (lows[i - 1]) || !isfinite (highs[i - 1]))
    return FALSE;
  if (max_gap_ns > 0 && times[i] - times[i - 1] > max_gap_ns)
    return FALSE;
  return TRUE;
}

static void
clear_columns (ImDecimateColumn *columns,
               guint             n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    {
      columns[i].min = NAN;
      columns[i].max = NAN;
      columns[i].first = NAN;
      columns[i].last = NAN;
      columns[i].first_time = 0;
      columns[i].last_time = 0;
      columns[i].n = 0;
      columns[i].gap_before = FALSE;
    }
}

static void
clear_edge (ImDecimateEdge *edge)
{
  if (edge != NULL)
    {
      edge->valid = FALSE;
      edge->time = 0;
      edge->value = NAN;
    }
}

static guint
decimate (const gint64     *times,
          const double     *lows,
          const double     *highs,
          gsize             n_points,
          gint64            start_ns,
          gint64            end_ns,
          gint64            max_gap_ns,
          ImDecimateColumn *columns,
          guint             n_columns,
          ImDecimateEdge   *before,
          ImDecimateEdge   *after)
{
  gsize lo;
  gsize hi;
  guint n_filled = 0;
  int col = -1;
  gint64 next_start = G_MININT64;

  clear_columns (columns, n_columns);
  clear_edge (before);
  clear_edge (after);

  if (n_columns == 0 || end_ns <= start_ns || n_points == 0)
    return 0;

  lo = im_decimate_lower_bound (times, n_points, start_ns);
  hi = upper_bound (times, n_points, end_ns);

  if (before != NULL && lo > 0 && isfinite (lows[lo - 1]) && isfinite (highs[lo - 1]))
    {
      before->valid = TRUE;
      before->time = times[lo - 1];
      before->value = lows[lo - 1];
    }

  if (after != NULL && hi < n_points &&
      isfinite (lows[hi]) && isfinite (highs[hi]) &&
      is_joined (times, lows, highs, hi, max_gap_ns))
    {
      after->valid = TRUE;
      after->time = times[hi];
      after->value = lows[hi];
    }

  for (gsize i = lo; i < hi; i++)
    {
      double low = lows[i];
      double high = highs[i];
      gint64 t = times[i];
      ImDecimateColumn *c;

      if (!isfinite (low) || !isfinite (high))
        continue;

      if (t >= next_start)
        {
          col = im_decimate_column_of (t, start_ns, end_ns, n_columns);
          g_assert (col >= 0);
          next_start = (guint) col + 1 < n_columns
                     ? column_start (col + 1, start_ns, end_ns, n_columns)
                     : G_MAXINT64;
        }

      c = &columns[col];

      if (c->n == 0)
        {
          c->min = low;
          c->max = high;
          c->first = low;
          c->first_time = t;
          c->gap_before = !is_joined (times, lows, highs, i, max_gap_ns);
          n_filled++;
        }
      else
        {
          if (low < c->min)
            c->min = low;
          if (high > c->max)
            c->max = high;
        }

      c->last = low;
      c->last_time = t;
      c->n++;
    }

  return n_filled;
}

guint
im_decimate (const gint64     *times,
             const double     *values,
             gsize             n_points,
             gint64            start_ns,
             gint64            end_ns,
             gint64            max_gap_ns,
             ImDecimateColumn *columns,
             guint             n_columns,
             ImDecimateEdge   *before,
             ImDecimateEdge   *after)
{
  g_return_val_if_fail (n_points == 0 || times != NULL, 0);
  g_return_val_if_fail (n_points == 0 || values != NULL, 0);
  g_return_val_if_fail (n_columns == 0 || columns != NULL, 0);

  return decimate (times, values, values, n_points, start_ns, end_ns,
                   max_gap_ns, columns, n_columns, before, after);
}

guint
im_decimate_band (const gint64     *times,
                  const double     *lows,
                  const double     *highs,
                  gsize             n_points,
                  gint64            start_ns,
                  gint64            end_ns,
                  gint64            max_gap_ns,
                  ImDecimateColumn *columns,
                  guint             n_columns)
{
  g_return_val_if_fail (n_points == 0 || times != NULL, 0);
  g_return_val_if_fail (n_points == 0 || lows != NULL, 0);
  g_return_val_if_fail (n_points == 0 || highs != NULL, 0);
  g_return_val_if_fail (n_columns == 0 || columns != NULL, 0);

  return decimate (times, lows, highs, n_points, start_ns, end_ns,
                   max_gap_ns, columns, n_columns, NULL, NULL);
}
