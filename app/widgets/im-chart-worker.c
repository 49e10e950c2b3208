/* im-chart-worker.c — the series views of a large chart, built in a
 * worker thread (as Sysprof's line visualizer loads its data).
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-chart-worker"

#include "config.h"

#include "im-chart-private.h"
#include "im-drawing.h"

/*
 * The main thread lays the view out (margins, ticks, labels: Pango) and
 * copies the visible part of each series; the thread decimates the copies
 * and normalises them into pixels, touching nothing else; back on the main
 * thread the view is put in place, unless the chart started a newer build
 * (which cancels this one) or went away meanwhile. The previous view stays
 * on screen until then.
 *
 * The task holds no reference on the chart, only a weak one: the last
 * reference of a widget must never be dropped in the worker thread, and
 * a chart closed during a build is freed at once.
 */

/* Builds started whose callback has not run yet, in all charts. */
static guint n_pending;

typedef struct
{
  gint64  *times;
  double  *values;
  double  *mins;
  double  *maxs;
  gsize    n_points;
  GdkRGBA  color;
} SeriesCopy;

typedef struct
{
  GWeakRef         chart;
  gint64           thread_usec;   /* written by the thread */
  ImChartGeometry  geometry;
  ImChartView     *view;      /* main thread only */
  SeriesCopy      *series;
  guint            n_series;
} ChartBuild;

static void
free_view (ImChartView *view)
{
  im_chart_view_clear (view);
  g_free (view);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImChartView, free_view)

static void
chart_build_free (gpointer data)
{
  ChartBuild *build = data;

  for (guint i = 0; i < build->n_series; i++)
    {
      g_free (build->series[i].times);
      g_free (build->series[i].values);
      g_free (build->series[i].mins);
      g_free (build->series[i].maxs);
    }
  g_free (build->series);
  g_weak_ref_clear (&build->chart);
  /* the callback took the view already, on the main thread, where its
   * layouts belong; this is for a task that never called back */
  g_clear_pointer (&build->view, free_view);
  g_free (build);
}

/* The points of @series the decimation of [@start_ns, @end_ns] looks at:
 * those inside and one on either side (the edges and the gap before). */
static void
copy_series (ImTimeSeries *series,
             gint64        start_ns,
             gint64        end_ns,
             SeriesCopy   *copy)
{
  const gint64 *times = im_time_series_get_times (series);
  gsize n = im_time_series_get_n_points (series);
  gsize lo = im_decimate_lower_bound (times, n, start_ns);
  gsize hi = end_ns < G_MAXINT64 ? im_decimate_lower_bound (times, n, end_ns + 1) : n;

  lo = lo > 0 ? lo - 1 : 0;
  hi = MIN (hi + 1, n);
  copy->n_points = hi > lo ? hi - lo : 0;
  if (copy->n_points == 0)
    return;

#define COPY_OF(array) g_memdup2 ((array) + lo, copy->n_points * sizeof *(array))
  copy->times = COPY_OF (times);
  copy->values = COPY_OF (im_time_series_get_values (series));
  if (im_time_series_has_band (series))
    {
      copy->mins = COPY_OF (im_time_series_get_mins (series));
      copy->maxs = COPY_OF (im_time_series_get_maxs (series));
    }
#undef COPY_OF
}

static void
build_series_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ChartBuild *build = task_data;
  gint64 begin = g_get_monotonic_time ();
  g_autoptr(GPtrArray) series_views = NULL;
  g_autofree ImDecimateColumn *columns = NULL;

  series_views = g_ptr_array_new_with_free_func ((GDestroyNotify) im_chart_series_view_free);
  columns = g_new (ImDecimateColumn, MAX (build->geometry.n_columns, 1));

  for (guint i = 0; i < build->n_series; i++)
    {
      const SeriesCopy *copy = &build->series[i];
      ImChartSeriesView *series_view = im_chart_series_view_new ();
      ImChartSeriesData data = { copy->times, copy->values, copy->mins, copy->maxs, copy->n_points };

      if (g_task_return_error_if_cancelled (task))
        {
          im_chart_series_view_free (series_view);
          return;
        }

      series_view->color = copy->color;
      im_chart_series_view_build (series_view, &build->geometry, &data, columns);
      g_ptr_array_add (series_views, series_view);
    }

  build->thread_usec = g_get_monotonic_time () - begin;
  g_task_return_pointer (task, g_steal_pointer (&series_views), (GDestroyNotify) g_ptr_array_unref);
}

static void
build_series_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ChartBuild *build = g_task_get_task_data (G_TASK (result));
  g_autoptr(ImChartView) view = g_steal_pointer (&build->view);
  g_autoptr(ImChart) self = g_weak_ref_get (&build->chart);
  g_autoptr(GPtrArray) series_views = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (n_pending > 0);
  n_pending--;

  /* cancelled: superseded by a newer build, or the chart was disposed */
  series_views = g_task_propagate_pointer (G_TASK (result), &error);
  if (series_views == NULL || self == NULL)
    return;

  g_assert (IM_IS_CHART (self));

  g_clear_object (&self->build_cancellable);

  g_ptr_array_extend_and_steal (view->series, g_steal_pointer (&series_views));
  im_chart_view_swap (&self->view, view);
  self->rebuild_usec = build->thread_usec;

  im_chart_view_changed (self);
  im_drawing_queue_paint (IM_DRAWING (self));
}

void
im_chart_build_series_async (ImChart               *self,
                             ImChartView           *view,
                             const ImChartGeometry *geometry)
{
  g_autoptr(GTask) task = NULL;
  ChartBuild *build;

  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (view != NULL);

  im_chart_cancel_build (self);
  self->build_cancellable = g_cancellable_new ();

  build = g_new0 (ChartBuild, 1);
  g_weak_ref_init (&build->chart, self);
  build->geometry = *geometry;
  build->view = view;
  build->n_series = self->series->len;
  build->series = g_new0 (SeriesCopy, build->n_series);
  for (guint i = 0; i < build->n_series; i++)
    {
      ChartSeries *cs = g_ptr_array_index (self->series, i);

      copy_series (cs->series, geometry->start_ns, geometry->end_ns, &build->series[i]);
      im_chart_resolve_series_color (self, i, &build->series[i].color);
    }

  task = g_task_new (NULL, self->build_cancellable, build_series_cb, NULL);
  g_task_set_source_tag (task, im_chart_build_series_async);
  g_task_set_task_data (task, build, chart_build_free);
  g_task_run_in_thread (task, build_series_thread);
  n_pending++;
}

void
im_chart_cancel_build (ImChart *self)
{
  g_return_if_fail (IM_IS_CHART (self));

  if (self->build_cancellable != NULL)
    {
      g_cancellable_cancel (self->build_cancellable);
      g_clear_object (&self->build_cancellable);
    }
}

void
im_chart_set_threaded_min_points (ImChart *self,
                                  gsize    n_points)
{
  g_return_if_fail (IM_IS_CHART (self));

  self->threaded_min_points = n_points;
  im_drawing_invalidate (IM_DRAWING (self));
}

gboolean
im_chart_get_building (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), FALSE);

  return self->build_cancellable != NULL;
}

guint
im_chart_get_n_views (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), 0);

  return self->n_views;
}

/* For tests: whether a build of any chart has still to call back. */
gboolean
im_chart_get_builds_pending (void)
{
  return n_pending > 0;
}
