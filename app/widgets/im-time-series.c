/* im-time-series.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-time-series"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-decimate.h"
#include "im-time-series.h"

struct _ImTimeSeries
{
  GObject parent_instance;

  /* The points are [offset, offset + len) of arrays of @capacity; dropping
   * old points advances @offset, so appending stays amortised O(1). */
  gint64  *times;
  double  *values;
  double  *mins;
  double  *maxs;
  gsize    offset;
  gsize    len;
  gsize    capacity;

  guint    max_points;
  guint    has_band : 1;
};

enum {
  PROP_0,
  PROP_N_POINTS,
  PROP_MAX_POINTS,
  PROP_HAS_BAND,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ImTimeSeries, im_time_series, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
im_time_series_finalize (GObject *object)
{
  ImTimeSeries *self = (ImTimeSeries *)object;

  g_clear_pointer (&self->times, g_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->mins, g_free);
  g_clear_pointer (&self->maxs, g_free);

  G_OBJECT_CLASS (im_time_series_parent_class)->finalize (object);
}

static void
im_time_series_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ImTimeSeries *self = IM_TIME_SERIES (object);

  switch (prop_id)
    {
    case PROP_N_POINTS:
      g_value_set_uint (value, im_time_series_get_n_points (self));
      break;

    case PROP_MAX_POINTS:
      g_value_set_uint (value, self->max_points);
      break;

    case PROP_HAS_BAND:
      g_value_set_boolean (value, self->has_band);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_time_series_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ImTimeSeries *self = IM_TIME_SERIES (object);

  switch (prop_id)
    {
    case PROP_MAX_POINTS:
      im_time_series_set_max_points (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_time_series_class_init (ImTimeSeriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = im_time_series_finalize;
  object_class->get_property = im_time_series_get_property;
  object_class->set_property = im_time_series_set_property;

  properties[PROP_N_POINTS] =
    g_param_spec_uint ("n-points", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ImTimeSeries:max-points:
   *
   * The most points kept; appending more drops the oldest. 0: no limit.
   */
  properties[PROP_MAX_POINTS] =
    g_param_spec_uint ("max-points", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HAS_BAND] =
    g_param_spec_boolean ("has-band", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ImTimeSeries::changed:
   *
   * The points changed (emitted once per modifying call).
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
im_time_series_init (ImTimeSeries *self)
{
}

ImTimeSeries *
im_time_series_new (void)
{
  return g_object_new (IM_TYPE_TIME_SERIES, NULL);
}

static void
emit_changed (ImTimeSeries *self,
              gsize         old_len,
              gboolean      old_has_band)
{
  if (old_len != self->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_POINTS]);
  if (old_has_band != self->has_band)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_BAND]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Makes room for @extra more points at the end. */
static void
reserve (ImTimeSeries *self,
         gsize         extra)
{
  gsize needed = self->len + extra;

  if (self->offset + needed <= self->capacity)
    return;

  if (self->offset > 0 && needed <= self->capacity && self->offset >= self->capacity / 2)
    {
      /* Compact: move the live points to the front. */
      memmove (self->times, self->times + self->offset, self->len * sizeof (gint64));
      memmove (self->values, self->values + self->offset, self->len * sizeof (double));
      if (self->has_band)
        {
          memmove (self->mins, self->mins + self->offset, self->len * sizeof (double));
          memmove (self->maxs, self->maxs + self->offset, self->len * sizeof (double));
        }
      self->offset = 0;
      return;
    }

  self->capacity = MAX (MAX (self->capacity * 2, self->offset + needed), 64);
  self->times = g_renew (gint64, self->times, self->capacity);
  self->values = g_renew (double, self->values, self->capacity);
  if (self->has_band)
    {
      self->mins = g_renew (double, self->mins, self->capacity);
      self->maxs = g_renew (double, self->maxs, self->capacity);
    }
}

/* A series without a band gets one equal to its values. */
static void
ensure_band (ImTimeSeries *self)
{
  if (self->has_band)
    return;

  self->mins = g_new (double, MAX (self->capacity, 1));
  self->maxs = g_new (double, MAX (self->capacity, 1));
  for (gsize i = self->offset; i < self->offset + self->len; i++)
    {
      self->mins[i] = self->values[i];
      self->maxs[i] = self->values[i];
    }
  self->has_band = TRUE;
}

static void
apply_cap (ImTimeSeries *self)
{
  if (self->max_points > 0 && self->len > self->max_points)
    {
      gsize drop = self->len - self->max_points;

      self->offset += drop;
      self->len -= drop;
    }
}

static void
insert_point (ImTimeSeries *self,
              gint64        time_ns,
              double        value,
              double        min,
              double        max)
{
  gsize pos;
  gsize i;

  /* Common case first: a point after the last one. */
  if (self->len == 0 || time_ns > self->times[self->offset + self->len - 1])
    pos = self->len;
  else
    pos = im_decimate_lower_bound (self->times + self->offset, self->len, time_ns);

  if (pos < self->len && self->times[self->offset + pos] == time_ns)
    {
      i = self->offset + pos;
    }
  else
    {
      reserve (self, 1);
      i = self->offset + pos;
      if (pos < self->len)
        {
          gsize tail = self->len - pos;

          memmove (self->times + i + 1, self->times + i, tail * sizeof (gint64));
          memmove (self->values + i + 1, self->values + i, tail * sizeof (double));
          if (self->has_band)
            {
              memmove (self->mins + i + 1, self->mins + i, tail * sizeof (double));
              memmove (self->maxs + i + 1, self->maxs + i, tail * sizeof (double));
            }
        }
      self->len++;
    }

  self->times[i] = time_ns;
  self->values[i] = value;
  if (self->has_band)
    {
      self->mins[i] = min;
      self->maxs[i] = max;
    }
}

guint
im_time_series_get_n_points (ImTimeSeries *self)
{
  g_return_val_if_fail (IM_IS_TIME_SERIES (self), 0);

  return (guint) self->len;
}

const gint64 *
im_time_series_get_times (ImTimeSeries *self)
{
  g_return_val_if_fail (IM_IS_TIME_SERIES (self), NULL);

  return self->times ? self->times + self->offset : NULL;
}

const double *
im_time_series_get_values (ImTimeSeries *self)
{
  g_return_val_if_fail (IM_IS_TIME_SERIES (self), NULL);

  return self->values ? self->values + self->offset : NULL;
}

const double *
im_time_series_get_mins (ImTimeSeries *self)
{
  g_return_val_if_fail (IM_IS_TIME_SERIES (self), NULL);

  return self->has_band ? self->mins + self->offset : NULL;
}

const double *
im_time_series_get_maxs (ImTimeSeries *self)
{
  g_return_val_if_fail (IM_IS_TIME_SERIES (self), NULL);

  return self->has_band ? self->maxs + self->offset : NULL;
}

gboolean
im_time_series_has_band (ImTimeSeries *self)
{
  g_return_val_if_fail (IM_IS_TIME_SERIES (self), FALSE);

  return self->has_band;
}

guint
im_time_series_get_max_points (ImTimeSeries *self)
{
  g_return_val_if_fail (IM_IS_TIME_SERIES (self), 0);

  return self->max_points;
}

void
im_time_series_set_max_points (ImTimeSeries *self,
                               guint         max_points)
{
  gsize old_len;

  g_return_if_fail (IM_IS_TIME_SERIES (self));

  if (self->max_points == max_points)
    return;

  self->max_points = max_points;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_POINTS]);

  old_len = self->len;
  apply_cap (self);
  if (old_len != self->len)
    emit_changed (self, old_len, self->has_band);
}

static gboolean
is_sorted (const gint64 *times,
           guint         n_points)
{
  for (guint i = 1; i < n_points; i++)
    if (times[i] <= times[i - 1])
      return FALSE;
  return TRUE;
}

void
im_time_series_set (ImTimeSeries *self,
                    const gint64 *times,
                    const double *values,
                    const double *mins,
                    const double *maxs,
                    guint         n_points)
{
  gsize old_len;
  gboolean old_has_band;

  g_return_if_fail (IM_IS_TIME_SERIES (self));
  g_return_if_fail (n_points == 0 || (times != NULL && values != NULL));
  g_return_if_fail ((mins == NULL) == (maxs == NULL));
  g_return_if_fail (is_sorted (times, n_points));

  old_len = self->len;
  old_has_band = self->has_band;

  self->offset = 0;
  self->len = 0;
  if (mins == NULL)
    {
      g_clear_pointer (&self->mins, g_free);
      g_clear_pointer (&self->maxs, g_free);
      self->has_band = FALSE;
    }
  else
    ensure_band (self);

  reserve (self, n_points);
  if (n_points > 0)
    {
      memcpy (self->times, times, n_points * sizeof (gint64));
      memcpy (self->values, values, n_points * sizeof (double));
      if (mins != NULL)
        {
          memcpy (self->mins, mins, n_points * sizeof (double));
          memcpy (self->maxs, maxs, n_points * sizeof (double));
        }
    }
  self->len = n_points;
  apply_cap (self);

  emit_changed (self, old_len, old_has_band);
}

void
im_time_series_append (ImTimeSeries *self,
                       gint64        time_ns,
                       double        value)
{
  gsize old_len;

  g_return_if_fail (IM_IS_TIME_SERIES (self));

  old_len = self->len;
  insert_point (self, time_ns, value, value, value);
  apply_cap (self);
  emit_changed (self, old_len, self->has_band);
}

void
im_time_series_append_band (ImTimeSeries *self,
                            gint64        time_ns,
                            double        value,
                            double        min,
                            double        max)
{
  gsize old_len;
  gboolean old_has_band;

  g_return_if_fail (IM_IS_TIME_SERIES (self));

  old_len = self->len;
  old_has_band = self->has_band;
  ensure_band (self);
  insert_point (self, time_ns, value, min, max);
  apply_cap (self);
  emit_changed (self, old_len, old_has_band);
}

void
im_time_series_append_many (ImTimeSeries *self,
                            const gint64 *times,
                            const double *values,
                            const double *mins,
                            const double *maxs,
                            guint         n_points)
{
  gsize old_len;
  gboolean old_has_band;

  g_return_if_fail (IM_IS_TIME_SERIES (self));
  g_return_if_fail (n_points == 0 || (times != NULL && values != NULL));
  g_return_if_fail ((mins == NULL) == (maxs == NULL));

  if (n_points == 0)
    return;

  old_len = self->len;
  old_has_band = self->has_band;
  if (mins != NULL)
    ensure_band (self);

  reserve (self, n_points);
  for (guint i = 0; i < n_points; i++)
    insert_point (self, times[i], values[i],
                  mins ? mins[i] : values[i],
                  maxs ? maxs[i] : values[i]);
  apply_cap (self);

  emit_changed (self, old_len, old_has_band);
}

void
im_time_series_trim_before (ImTimeSeries *self,
                            gint64        time_ns)
{
  gsize drop;
  gsize old_len;

  g_return_if_fail (IM_IS_TIME_SERIES (self));

  if (self->len == 0)
    return;

  drop = im_decimate_lower_bound (self->times + self->offset, self->len, time_ns);
  if (drop == 0)
    return;

  old_len = self->len;
  self->offset += drop;
  self->len -= drop;
  if (self->len == 0)
    self->offset = 0;

  emit_changed (self, old_len, self->has_band);
}

void
im_time_series_clear (ImTimeSeries *self)
{
  gsize old_len;

  g_return_if_fail (IM_IS_TIME_SERIES (self));

  old_len = self->len;
  self->offset = 0;
  self->len = 0;

  emit_changed (self, old_len, self->has_band);
}

gboolean
im_time_series_get_time_range (ImTimeSeries *self,
                               gint64       *first_ns,
                               gint64       *last_ns)
{
  g_return_val_if_fail (IM_IS_TIME_SERIES (self), FALSE);

  if (self->len == 0)
    return FALSE;

  if (first_ns != NULL)
    *first_ns = self->times[self->offset];
  if (last_ns != NULL)
    *last_ns = self->times[self->offset + self->len - 1];

  return TRUE;
}

gboolean
im_time_series_get_value_range (ImTimeSeries *self,
                                gint64        start_ns,
                                gint64        end_ns,
                                double       *min,
                                double       *max)
{
  const gint64 *times;
  double lo = INFINITY;
  double hi = -INFINITY;
  gsize i;

  g_return_val_if_fail (IM_IS_TIME_SERIES (self), FALSE);

  if (self->len == 0)
    return FALSE;

  times = self->times + self->offset;
  for (i = im_decimate_lower_bound (times, self->len, start_ns);
       i < self->len && times[i] <= end_ns;
       i++)
    {
      gsize j = self->offset + i;
      double v = self->values[j];

      if (isfinite (v))
        {
          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
      if (self->has_band)
        {
          if (isfinite (self->mins[j]))
            lo = MIN (lo, self->mins[j]);
          if (isfinite (self->maxs[j]))
            hi = MAX (hi, self->maxs[j]);
        }
    }

  if (lo > hi)
    return FALSE;

  if (min != NULL)
    *min = lo;
  if (max != NULL)
    *max = hi;

  return TRUE;
}

gssize
im_time_series_find_nearest (ImTimeSeries *self,
                             gint64        time_ns)
{
  const gint64 *times;
  const double *values;
  gssize left;
  gsize right;
  gsize pos;

  g_return_val_if_fail (IM_IS_TIME_SERIES (self), -1);

  if (self->len == 0)
    return -1;

  times = self->times + self->offset;
  values = self->values + self->offset;
  pos = im_decimate_lower_bound (times, self->len, time_ns);

  for (right = pos; right < self->len && !isfinite (values[right]); right++)
    ;
  for (left = (gssize) pos - 1; left >= 0 && !isfinite (values[left]); left--)
    ;

  if (right >= self->len)
    return left;
  if (left < 0)
    return (gssize) right;

  /* Ties go to the earlier point. */
  if (time_ns - times[left] <= times[right] - time_ns)
    return left;
  return (gssize) right;
}
