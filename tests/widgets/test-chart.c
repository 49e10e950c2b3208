/* test-chart.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "im-axis.h"
#include "im-chart.h"
#include "im-chart-private.h"
#include "im-decimate.h"
#include "im-enum-types.h"
#include "im-time-series.h"
#include "im-widget-render.h"

#define NS_SEC G_GINT64_CONSTANT (1000000000)
#define T0     (G_GINT64_CONSTANT (1795000000) * NS_SEC)   /* 2026-11-18 */

#define WIDTH  600
#define HEIGHT 300

static const GdkRGBA transparent = { 0, 0, 0, 0 };

static void
save_png (GdkTexture *texture,
          const char *name)
{
  g_autofree char *path = NULL;

  if (g_getenv ("IM_TEST_SAVE_PNG") == NULL)
    return;

  path = g_build_filename (g_get_tmp_dir (), name, NULL);
  gdk_texture_save_to_png (texture, path);
  g_test_message ("saved %s", path);
}

/* A sine wave of @n points, one a second from T0, around 50 ± 20. */
static ImTimeSeries *
sine_series (guint n)
{
  ImTimeSeries *series = im_time_series_new ();
  g_autofree gint64 *times = g_new (gint64, n);
  g_autofree double *values = g_new (double, n);

  for (guint i = 0; i < n; i++)
    {
      times[i] = T0 + (gint64) i * NS_SEC;
      values[i] = 50 + 20 * sin (i / 60.0);
    }
  im_time_series_set (series, times, values, NULL, NULL, n);

  return series;
}

/* Fraction of the plot's pixel columns (but the outermost two on either
 * side) that hold at least one pixel of @color. */
static double
column_coverage (GdkTexture            *texture,
                 const GdkRGBA         *color,
                 const graphene_rect_t *plot)
{
  graphene_rect_t inner;
  guint covered;

  graphene_rect_init (&inner, ceilf (plot->origin.x) + 2, plot->origin.y,
                      floorf (plot->size.width) - 4, plot->size.height);
  covered = im_texture_count_columns_with_color (texture, color, 0.15, &inner);

  return covered / (double) inner.size.width;
}

static void
test_chart_line (void)
{
  g_autoptr(ImTimeSeries) series = sine_series (600);
  g_autoptr(GdkTexture) texture = NULL;
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  graphene_rect_t plot;
  GdkRGBA color;
  double coverage;

  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + 599 * NS_SEC);

  texture = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (texture);
  save_png (texture, "im-test-chart-line.png");
  g_assert_cmpint (gdk_texture_get_width (texture), ==, WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, HEIGHT);

  /* not blank */
  g_assert_cmpuint (im_texture_count_unlike (texture, &transparent, 0.01, NULL), >, WIDTH * 2);

  im_chart_get_plot_area (chart, &plot);
  g_assert_cmpfloat (plot.size.width, >, WIDTH / 2);
  g_assert_cmpfloat (plot.size.height, >, HEIGHT / 2);

  /* the series drew its line across the whole plot, in its colour */
  im_chart_get_series_color (chart, 0, &color);
  coverage = column_coverage (texture, &color, &plot);
  g_test_message ("line covers %.1f %% of the plot's columns", coverage * 100);
  g_assert_cmpfloat (coverage, >, 0.95);

  /* about one point per column: a stroked line, at most 4 vertices each */
  {
    const ImChartSeriesView *series_view = g_ptr_array_index (im_chart_get_view (chart)->series, 0);

    g_assert_cmpuint (series_view->envelope->len, ==, 0);
    g_assert_cmpuint (series_view->path->len, >=, 600 / 2);
    g_assert_cmpuint (series_view->path->len, <=, 4 * (guint) ceilf (plot.size.width) + 4);
  }

  /* and nothing of it outside the plot */
  {
    graphene_rect_t below = GRAPHENE_RECT_INIT (0, plot.origin.y + plot.size.height + 3,
                                                WIDTH, HEIGHT - plot.origin.y - plot.size.height - 3);

    g_assert_cmpuint (im_texture_count_color (texture, &color, 0.15, &below), ==, 0);
  }

  /* the line passes where the value says: at x of sample 300 the wave is
   * at 50 + 20 sin 5 */
  {
    const ImChartView *view = im_chart_get_view (chart);
    gint64 t = T0 + 300 * NS_SEC;
    double x = im_axis_time_to_pixel (t, view->start_ns, view->end_ns, plot.origin.x, plot.size.width);
    double y = im_axis_scale_to_pixel (&view->y_scale, 50 + 20 * sin (300 / 60.0));
    graphene_rect_t spot = GRAPHENE_RECT_INIT (floor (x) - 1, floor (y) - 2, 3, 5);
    graphene_rect_t far = GRAPHENE_RECT_INIT (floor (x) - 1, floor (y) + 30, 3, 5);

    g_assert_cmpuint (im_texture_count_color (texture, &color, 0.15, &spot), >, 0);
    g_assert_cmpuint (im_texture_count_color (texture, &color, 0.15, &far), ==, 0);
  }

  g_assert_finalize_object (chart);
}

static void
test_chart_empty (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  g_autoptr(GdkTexture) texture = NULL;
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  graphene_rect_t plot;
  GdkRGBA color;

  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + 3600 * NS_SEC);

  texture = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (texture);
  save_png (texture, "im-test-chart-empty.png");

  /* the axes and their labels are drawn */
  g_assert_cmpuint (im_texture_count_unlike (texture, &transparent, 0.01, NULL), >, 100);
  /* no line */
  im_chart_get_plot_area (chart, &plot);
  im_chart_get_series_color (chart, 0, &color);
  g_assert_cmpuint (im_texture_count_color (texture, &color, 0.15, &plot), ==, 0);
  g_assert_cmpuint (im_chart_get_view (chart)->series->len, ==, 1);
  g_assert_cmpuint (((ImChartSeriesView *) g_ptr_array_index (im_chart_get_view (chart)->series, 0))->path->len, ==, 0);

  g_assert_finalize_object (chart);
}

static void
test_chart_band_and_zones (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  g_autoptr(GdkTexture) texture = NULL;
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  const ImChartView *view;
  graphene_rect_t plot;
  GdkRGBA color, band, zone;
  const guint n = 120;

  /* mean 100 (critical for temperature), band 95..105 */
  for (guint i = 0; i < n; i++)
    im_time_series_append_band (series, T0 + (gint64) i * 60 * NS_SEC, 100, 95, 105);
  g_assert_true (im_time_series_has_band (series));

  im_chart_add_series (chart, series);
  im_chart_set_sensor (chart, IM_SENSOR_TEMPERATURE);
  im_chart_set_value_range (chart, 0, 120);
  im_chart_set_time_range (chart, T0, T0 + (gint64) (n - 1) * 60 * NS_SEC);
  g_assert_cmpstr (im_chart_get_unit (chart), ==, "°C");

  texture = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (texture);
  save_png (texture, "im-test-chart-band.png");

  view = im_chart_get_view (chart);
  im_chart_get_plot_area (chart, &plot);
  im_chart_get_series_color (chart, 0, &color);

  /* the band: the series colour at a quarter opacity over the critical
   * zone, between 95 and 105 and away from the line at 100 */
  {
    double y = im_axis_scale_to_pixel (&view->y_scale, 103);
    double x = plot.origin.x + plot.size.width / 2;
    GdkRGBA pixel;

    im_texture_get_pixel (texture, (int) x, (int) y, &pixel);
    /* band (0.25) over zone (0.12): alpha = 0.25 + 0.12 × 0.75 */
    g_assert_cmpfloat_with_epsilon (pixel.alpha, 0.25 + 0.12 * 0.75, 0.03);
    band = color;
    g_assert_cmpfloat_with_epsilon (pixel.blue, (band.blue * 0.25 + view->zone_colors[IM_ZONE_CRITICAL].blue * 0.09) / 0.34, 0.06);
  }

  /* the zones: green below 70, yellow 70..85, red above 85, at 12 % */
  {
    struct { double value; ImZone zone; } probes[] = {
      { 35, IM_ZONE_NORMAL },
      { 78, IM_ZONE_WARNING },
      { 90, IM_ZONE_CRITICAL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
      {
        double y = im_axis_scale_to_pixel (&view->y_scale, probes[i].value);
        double x = plot.origin.x + 3;
        GdkRGBA pixel;

        /* away from the vertical grid lines */
        for (guint g = 0; g < view->x_grid->len; g++)
          if (fabs (g_array_index (view->x_grid, float, g) - x) < 3)
            {
              x += 6;
              g = 0;
            }

        zone = view->zone_colors[probes[i].zone];
        im_texture_get_pixel (texture, (int) x, (int) y, &pixel);
        g_test_message ("zone %d: pixel %.3f %.3f %.3f %.3f, zone colour %.3f %.3f %.3f %.3f",
                        probes[i].zone, pixel.red, pixel.green, pixel.blue, pixel.alpha,
                        zone.red, zone.green, zone.blue, zone.alpha);
        g_assert_cmpfloat_with_epsilon (pixel.alpha, zone.alpha, 0.02);
        g_assert_cmpfloat_with_epsilon (pixel.red, zone.red, 0.06);
        g_assert_cmpfloat_with_epsilon (pixel.green, zone.green, 0.06);
        g_assert_cmpfloat_with_epsilon (pixel.blue, zone.blue, 0.06);
      }
  }

  /* the mean line at 100 */
  {
    double y = im_axis_scale_to_pixel (&view->y_scale, 100);
    graphene_rect_t row = GRAPHENE_RECT_INIT (plot.origin.x, floor (y) - 1, plot.size.width, 3);

    g_assert_cmpuint (im_texture_count_color (texture, &color, 0.15, &row), >, plot.size.width * 0.9);
  }

  g_assert_finalize_object (chart);
}

static void
test_chart_gaps (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  g_autoptr(GdkTexture) texture = NULL;
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  const ImChartView *view;
  graphene_rect_t plot;
  GdkRGBA color;

  /* a NAN in the middle of 100 points splits the line */
  for (guint i = 0; i < 100; i++)
    im_time_series_append (series, T0 + (gint64) i * NS_SEC, i >= 45 && i < 55 ? NAN : 10.0);
  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + 99 * NS_SEC);

  texture = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (texture);
  save_png (texture, "im-test-chart-gap.png");

  view = im_chart_get_view (chart);
  im_chart_get_plot_area (chart, &plot);
  im_chart_get_series_color (chart, 0, &color);

  {
    double x_gap = im_axis_time_to_pixel (T0 + 50 * NS_SEC, view->start_ns, view->end_ns,
                                          plot.origin.x, plot.size.width);
    double x_data = im_axis_time_to_pixel (T0 + 20 * NS_SEC, view->start_ns, view->end_ns,
                                           plot.origin.x, plot.size.width);
    graphene_rect_t gap = GRAPHENE_RECT_INIT (floor (x_gap) - 2, plot.origin.y, 5, plot.size.height);
    graphene_rect_t data = GRAPHENE_RECT_INIT (floor (x_data) - 2, plot.origin.y, 5, plot.size.height);

    g_assert_cmpuint (im_texture_count_color (texture, &color, 0.15, &gap), ==, 0);
    g_assert_cmpuint (im_texture_count_color (texture, &color, 0.15, &data), >, 0);
  }

  g_assert_finalize_object (chart);
}

/* Across a gap the line leaves, the hover does not snap to a point. */
static void
test_chart_hover_gap (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  g_autofree gint64 *times = g_new (gint64, 600);
  g_autofree double *values = g_new (double, 600);
  g_autoptr(GdkTexture) texture = NULL;
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  GtkWidget *window;
  graphene_rect_t plot;
  gint64 hover_time = 0;
  guint n = 0;

  /* One a second, but none in [T0 + 200 s, T0 + 400 s). */
  for (guint i = 0; i < 600; i++)
    if (i < 200 || i >= 400)
      {
        times[n] = T0 + (gint64) i * NS_SEC;
        values[n] = 50;
        n++;
      }
  im_time_series_set (series, times, values, NULL, NULL, n);
  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + 599 * NS_SEC);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  texture = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (texture);
  im_chart_get_plot_area (chart, &plot);

#define X_OF(s) im_axis_time_to_pixel (T0 + (gint64) (s) * NS_SEC, T0, T0 + 599 * NS_SEC, \
                                       plot.origin.x, plot.size.width)
  /* Joined whatever the distance: the nearest point. */
  im_chart_set_hover_x (chart, X_OF (290));
  g_assert_true (im_chart_get_hover_point (chart, &hover_time, NULL));
  g_assert_cmpint (hover_time, ==, T0 + 199 * NS_SEC);

  /* A gap: nothing in the middle, the points at its edges still. */
  im_chart_set_max_gap (chart, 15 * NS_SEC);
  im_chart_set_hover_x (chart, X_OF (290));
  g_assert_false (im_chart_get_hover_point (chart, NULL, NULL));
  im_chart_set_hover_x (chart, X_OF (350));
  g_assert_false (im_chart_get_hover_point (chart, NULL, NULL));
  im_chart_set_hover_x (chart, X_OF (203));
  g_assert_true (im_chart_get_hover_point (chart, &hover_time, NULL));
  g_assert_cmpint (hover_time, ==, T0 + 199 * NS_SEC);
  im_chart_set_hover_x (chart, X_OF (398));
  g_assert_true (im_chart_get_hover_point (chart, &hover_time, NULL));
  g_assert_cmpint (hover_time, ==, T0 + 400 * NS_SEC);
  im_chart_set_hover_x (chart, X_OF (100));
  g_assert_true (im_chart_get_hover_point (chart, NULL, NULL));
#undef X_OF

  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_chart_hover (void)
{
  g_autoptr(ImTimeSeries) series = sine_series (600);
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  g_autoptr(GListModel) controllers = NULL;
  GtkEventController *motion = NULL;
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  GtkWidget *window;
  const ImChartView *view;
  graphene_rect_t plot;
  gint64 hover_time = 0;
  double hover_value = 0;
  guint renders;
  double x;

  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + 599 * NS_SEC);

  /* keep the chart in a window for the whole test */
  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));

  before = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (before);
  g_assert_false (im_chart_get_hover_point (chart, NULL, NULL));

  view = im_chart_get_view (chart);
  im_chart_get_plot_area (chart, &plot);
  x = im_axis_time_to_pixel (T0 + 200 * NS_SEC, view->start_ns, view->end_ns, plot.origin.x, plot.size.width);

  /* a pointer motion, through the chart's own motion controller */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (chart));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        motion = controller;
    }
  g_assert_nonnull (motion);
  renders = im_chart_get_render_count (chart);
  g_signal_emit_by_name (motion, "motion", x, plot.origin.y + 20);

  g_assert_true (im_chart_get_hover_point (chart, &hover_time, &hover_value));
  /* the nearest sample to the pointer */
  g_assert_cmpint (llabs (hover_time - (T0 + 200 * NS_SEC)), <=, NS_SEC);
  g_assert_cmpfloat_with_epsilon (hover_value, 50 + 20 * sin ((hover_time - T0) / NS_SEC / 60.0), 1e-9);

  after = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (after);
  save_png (after, "im-test-chart-hover.png");

  /* the marker was painted over the cached layers, not into them */
  g_assert_cmpuint (im_chart_get_render_count (chart), ==, renders);

  /* and it shows: the picture changed around the pointer only */
  {
    graphene_rect_t near = GRAPHENE_RECT_INIT (floor (x) - 1, plot.origin.y, 3, plot.size.height);
    GdkRGBA fg = view->fg_color;
    guint marker;

    fg.alpha *= 0.5f;
    marker = im_texture_count_color (after, &fg, 0.1, &near);
    g_test_message ("marker pixels: %u", marker);
    g_assert_cmpuint (marker, >, plot.size.height / 3);
    g_assert_cmpuint (im_texture_count_color (before, &fg, 0.1, &near), <, marker / 4);
  }

  /* leaving removes it */
  g_signal_emit_by_name (motion, "leave");
  g_assert_false (im_chart_get_hover_point (chart, NULL, NULL));

  /* the testable API does the same */
  im_chart_set_hover_x (chart, plot.origin.x + plot.size.width);
  g_assert_true (im_chart_get_hover_point (chart, &hover_time, NULL));
  g_assert_cmpint (hover_time, ==, T0 + 599 * NS_SEC);
  im_chart_set_hover_x (chart, -1);
  g_assert_false (im_chart_get_hover_point (chart, NULL, NULL));

  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_chart_cache (void)
{
  g_autoptr(ImTimeSeries) series = sine_series (100);
  g_autoptr(GdkTexture) t1 = NULL;
  g_autoptr(GdkTexture) t2 = NULL;
  g_autoptr(GdkTexture) t3 = NULL;
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  GtkWidget *window;
  guint renders;

  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + 99 * NS_SEC);

  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));

  t1 = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  renders = im_chart_get_render_count (chart);
  g_assert_cmpuint (renders, >=, 1);

  /* drawing again without a change reuses the node */
  gtk_widget_queue_draw (GTK_WIDGET (chart));
  t2 = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_cmpuint (im_chart_get_render_count (chart), ==, renders);

  /* new data paints the layers again */
  im_time_series_append (series, T0 + 100 * NS_SEC, 90);
  im_chart_set_time_range (chart, T0, T0 + 100 * NS_SEC);
  t3 = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_cmpuint (im_chart_get_render_count (chart), ==, renders + 1);

  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_chart_follow (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  gint64 start, end;

  im_chart_add_series (chart, series);
  im_chart_set_follow (chart, TRUE);
  im_chart_set_window (chart, 60 * NS_SEC);
  g_assert_true (im_chart_get_follow (chart));

  /* no data: no range yet */
  g_assert_false (im_chart_get_visible_range (chart, &start, &end));

  for (guint i = 0; i < 100; i++)
    im_time_series_append (series, T0 + (gint64) i * 2 * NS_SEC, i);
  g_assert_true (im_chart_get_visible_range (chart, &start, &end));
  g_assert_cmpint (end, ==, T0 + 198 * NS_SEC);
  g_assert_cmpint (start, ==, end - 60 * NS_SEC);

  im_time_series_append (series, T0 + 200 * NS_SEC, 1);
  g_assert_true (im_chart_get_visible_range (chart, &start, &end));
  g_assert_cmpint (end, ==, T0 + 200 * NS_SEC);

  /* a fixed range again */
  im_chart_set_follow (chart, FALSE);
  im_chart_set_time_range (chart, T0, T0 + 10 * NS_SEC);
  g_assert_true (im_chart_get_visible_range (chart, &start, &end));
  g_assert_cmpint (start, ==, T0);
  g_assert_cmpint (end, ==, T0 + 10 * NS_SEC);

  /* the live view decimates and draws only the window */
  {
    g_autoptr(GdkTexture) texture = NULL;
    const ImChartView *view;

    im_chart_set_follow (chart, TRUE);
    texture = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
    g_assert_nonnull (texture);
    view = im_chart_get_view (chart);
    g_assert_cmpint (view->start_ns, ==, T0 + 140 * NS_SEC);
    g_assert_cmpint (view->end_ns, ==, T0 + 200 * NS_SEC);
  }

  g_assert_finalize_object (chart);
}

static void
test_chart_properties (void)
{
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  g_autoptr(ImTimeSeries) a = im_time_series_new ();
  g_autoptr(ImTimeSeries) b = im_time_series_new ();
  GdkRGBA red = { 1, 0, 0, 1 };
  GdkRGBA c0, c1;
  gint64 start = 0;
  double vmin = 0;
  char *unit = NULL;

  g_object_set (chart,
                "start-time", T0,
                "end-time", T0 + NS_SEC,
                "value-min", -5.0,
                "value-max", 5.0,
                "unit", "PSI",
                "title", "Pressure",
                NULL);
  g_object_get (chart, "start-time", &start, "value-min", &vmin, "unit", &unit, NULL);
  g_assert_cmpint (start, ==, T0);
  g_assert_cmpfloat (vmin, ==, -5.0);
  g_assert_cmpstr (unit, ==, "PSI");
  g_free (unit);
  g_assert_cmpstr (im_chart_get_title (chart), ==, "Pressure");
  g_assert_cmpstr (gtk_widget_get_css_name (GTK_WIDGET (chart)), ==, "chart");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (chart)), ==, GTK_ACCESSIBLE_ROLE_IMG);

  im_chart_add_series (chart, a);
  im_chart_add_series (chart, b);
  im_chart_add_series (chart, a);   /* once only */
  g_assert_cmpuint (im_chart_get_n_series (chart), ==, 2);
  g_assert_true (im_chart_get_series (chart, 1) == b);

  /* a second series gets a colour of its own; one can be set */
  im_chart_get_series_color (chart, 0, &c0);
  im_chart_get_series_color (chart, 1, &c1);
  g_assert_false (gdk_rgba_equal (&c0, &c1));
  im_chart_set_series_color (chart, b, &red);
  im_chart_get_series_color (chart, 1, &c1);
  g_assert_true (gdk_rgba_equal (&c1, &red));

  im_chart_remove_series (chart, a);
  g_assert_cmpuint (im_chart_get_n_series (chart), ==, 1);
  /* a removed series no longer reaches the chart */
  im_time_series_append (a, T0, 1);

  im_chart_set_sensor (chart, IM_SENSOR_POWER);
  g_assert_cmpstr (im_chart_get_unit (chart), ==, "W");
  im_chart_set_sensor (chart, -1);
  g_assert_null (im_chart_get_unit (chart));

  im_chart_clear_series (chart);
  g_assert_cmpuint (im_chart_get_n_series (chart), ==, 0);

  g_assert_finalize_object (chart);
  /* the chart let go of the series */
  g_assert_cmpint (G_OBJECT (a)->ref_count, ==, 1);
  g_assert_cmpint (G_OBJECT (b)->ref_count, ==, 1);
}

static void
test_chart_window_picture (void)
{
  g_autoptr(ImTimeSeries) series = sine_series (300);
  g_autoptr(GdkTexture) texture = NULL;
  ImChart *chart = IM_CHART (im_chart_new ());
  GtkWidget *window;
  GdkRGBA color, background;

  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + 299 * NS_SEC);

  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  g_object_ref_sink (window);

  /* a whole window: its background is in the picture */
  texture = im_widget_render_to_texture (window, WIDTH, HEIGHT);
  g_assert_nonnull (texture);
  save_png (texture, "im-test-chart-window.png");
  g_assert_cmpint (gdk_texture_get_width (texture), ==, WIDTH);

  im_texture_get_dominant_color (texture, &background);
  g_assert_cmpfloat (background.alpha, >, 0.99);
  g_assert_cmpuint (im_texture_count_unlike (texture, &background, 0.02, NULL), >, 1000);
  im_chart_get_series_color (chart, 0, &color);
  g_assert_cmpuint (im_texture_count_color (texture, &color, 0.15, NULL), >, WIDTH / 2);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

static void
test_chart_enum_and_defaults (void)
{
  ImChart *chart = g_object_ref_sink (IM_CHART (im_chart_new ()));
  GParamSpec *pspec;
  ImSensor sensor = IM_SENSOR_POWER;
  double value_min = 0;

  /* The sensor is an enum property; "none" by default. */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (chart), "sensor");
  g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
  g_assert_true (pspec->value_type == IM_TYPE_SENSOR);
  g_object_get (chart, "sensor", &sensor, NULL);
  g_assert_cmpint (sensor, ==, IM_SENSOR_NONE);
  g_object_set (chart, "sensor", IM_SENSOR_PRESSURE, NULL);
  g_assert_cmpint (im_chart_get_sensor (chart), ==, IM_SENSOR_PRESSURE);

  /* The value range's defaults are what the chart starts with: NAN,
   * the range following the data. */
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "value-min" : "value-max";

      pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (chart), name);
      g_assert_true (isnan (g_value_get_double (g_param_spec_get_default_value (pspec))));
      g_object_get (chart, name, &value_min, NULL);
      g_assert_true (isnan (value_min));
    }

  g_assert_finalize_object (chart);
}

/* CIE L*a*b* of an sRGB colour, for how far apart two colours look. */
static void
rgb_to_lab (const GdkRGBA *c,
            double         lab[3])
{
  double rgb[3] = { c->red, c->green, c->blue };
  double xyz[3];

  for (guint i = 0; i < 3; i++)
    rgb[i] = rgb[i] > 0.04045 ? pow ((rgb[i] + 0.055) / 1.055, 2.4) : rgb[i] / 12.92;
  xyz[0] = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
  xyz[1] = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  xyz[2] = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
  for (guint i = 0; i < 3; i++)
    xyz[i] = xyz[i] > 0.008856 ? cbrt (xyz[i]) : 7.787 * xyz[i] + 16.0 / 116;
  lab[0] = 116 * xyz[1] - 16;
  lab[1] = 500 * (xyz[0] - xyz[1]);
  lab[2] = 200 * (xyz[1] - xyz[2]);
}

/* The colour the chart painted in the middle of its band of @zone. */
static void
zone_pixel (ImChart    *chart,
            GdkTexture *texture,
            ImZone      zone,
            GdkRGBA    *color)
{
  const ImChartView *view = im_chart_get_view (chart);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, width * height);

  gdk_texture_download (texture, (guchar *) pixels, width * 4);
  for (guint i = 0; i < view->zones->len; i++)
    {
      const ImChartZoneRect *rect = &g_array_index (view->zones, ImChartZoneRect, i);
      /* off the grid lines: a quarter in from the band's left */
      int x = (int) (rect->rect.origin.x + rect->rect.size.width / 4) | 1;
      int y = (int) (rect->rect.origin.y + rect->rect.size.height / 2);
      guint32 p;

      if (rect->zone != zone || rect->rect.size.height < 6)
        continue;

      p = pixels[y * width + x];  /* premultiplied ARGB, opaque here */
      color->red = ((p >> 16) & 0xff) / 255.0f;
      color->green = ((p >> 8) & 0xff) / 255.0f;
      color->blue = (p & 0xff) / 255.0f;
      color->alpha = 1;
      return;
    }

  g_assert_not_reached ();
}

/* How different the warning and critical bands look, as CIE76 ΔE. */
static double
zone_contrast (ImChart    *chart,
               GtkWidget  *window)
{
  g_autoptr(GdkTexture) texture = im_widget_render_to_texture (window, WIDTH, HEIGHT);
  GdkRGBA warning, critical;
  double a[3], b[3];

  g_assert_nonnull (texture);
  zone_pixel (chart, texture, IM_ZONE_WARNING, &warning);
  zone_pixel (chart, texture, IM_ZONE_CRITICAL, &critical);
  rgb_to_lab (&warning, a);
  rgb_to_lab (&critical, b);

  return sqrt ((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
               (a[2] - b[2]) * (a[2] - b[2]));
}

/* The warning and critical zones are told apart at a glance in the
 * dark style (the light one is reported for comparison). */
static void
test_chart_zone_contrast (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  GtkWidget *window;
  double light, dark;

  im_chart_set_sensor (chart, IM_SENSOR_TEMPERATURE);
  im_chart_set_value_range (chart, 60, 110);
  im_chart_set_time_range (chart, T0, T0 + 99 * NS_SEC);

  /* on a window's background, as on the pages */
  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  light = zone_contrast (chart, window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  dark = zone_contrast (chart, window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  g_test_message ("warning against critical band: ΔE %.1f light, %.1f dark", light, dark);

  /* ΔE 2 is just noticeable; 20 stands out */
  g_assert_cmpfloat (dark, >=, 20);

  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_chart_dark (void)
{
  g_autoptr(ImTimeSeries) series = sine_series (100);
  g_autoptr(GdkTexture) light = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  GtkWidget *window;
  GdkRGBA light_line, dark_line, fg;
  guint renders;

  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + 99 * NS_SEC);

  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  light = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (light);
  fg = im_chart_get_view (chart)->fg_color;
  g_assert_cmpfloat (luminance (&fg), <, 0.5);
  im_chart_get_series_color (chart, 0, &light_line);
  renders = im_chart_get_render_count (chart);

  /* dark mode: light text, the dark variant of the accent colour, and the
   * cached layers are painted again */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  dark = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (dark);
  save_png (dark, "im-test-chart-dark.png");
  fg = im_chart_get_view (chart)->fg_color;
  g_assert_cmpfloat (luminance (&fg), >, 0.5);
  im_chart_get_series_color (chart, 0, &dark_line);
  g_assert_false (gdk_rgba_equal (&light_line, &dark_line));
  g_assert_cmpuint (im_chart_get_render_count (chart), >, renders);
  g_assert_cmpuint (im_texture_count_color (dark, &dark_line, 0.15, NULL), >, WIDTH / 2);
  g_assert_cmpuint (im_texture_count_color (dark, &light_line, 0.05, NULL), <, 10);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

/* 7 days at 1 s (604 800 points) on a 1200 px chart: how long the
 * decimation and the drawing take. */
static void
test_chart_large (void)
{
  const guint n = 7 * 86400;
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  g_autofree gint64 *times = g_new (gint64, n);
  g_autofree double *values = g_new (double, n);
  g_autofree ImDecimateColumn *columns = NULL;
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  const ImChartView *view;
  const ImChartSeriesView *series_view;
  GtkWidget *window;
  graphene_rect_t plot;
  GdkRGBA color;
  gint64 t0, t_set, t_render, t_decimate;
  guint width = 1200;

  for (guint i = 0; i < n; i++)
    {
      times[i] = T0 + (gint64) i * NS_SEC;
      values[i] = 60 + 10 * sin (i / 3600.0) + (i % 97) * 0.05;
    }

  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + (gint64) (n - 1) * NS_SEC);

  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 400);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  first = im_widget_render_to_texture (GTK_WIDGET (chart), width, 400);
  g_assert_nonnull (first);

  /* the data arrives: copy, decimate, normalise, paint, rasterise */
  t0 = g_get_monotonic_time ();
  im_time_series_set (series, times, values, NULL, NULL, n);
  t_set = g_get_monotonic_time ();
  texture = im_widget_render_to_texture (GTK_WIDGET (chart), width, 400);
  t_render = g_get_monotonic_time ();
  g_assert_nonnull (texture);
  save_png (texture, "im-test-chart-7days.png");

  /* the decimation alone, for reference */
  im_chart_get_plot_area (chart, &plot);
  columns = g_new (ImDecimateColumn, (guint) plot.size.width);
  {
    gint64 d0 = g_get_monotonic_time ();

    im_decimate (times, values, n, T0, T0 + (gint64) (n - 1) * NS_SEC, 0,
                 columns, (guint) plot.size.width, NULL, NULL);
    t_decimate = g_get_monotonic_time () - d0;
  }

  {
    gint64 rebuild_usec, paint_usec, r0, raster_usec;
    g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
    g_autoptr(GdkTexture) again = NULL;
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    GskRenderNode *node;

    im_chart_get_timings (chart, &rebuild_usec, &paint_usec);

    /* rasterising the chart's node once more, on its own */
    gtk_widget_snapshot_child (window, GTK_WIDGET (chart), snapshot);
    node = gtk_snapshot_free_to_node (snapshot);
    g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
    r0 = g_get_monotonic_time ();
    again = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, 400));
    raster_usec = g_get_monotonic_time () - r0;
    gsk_renderer_unrealize (renderer);
    gsk_render_node_unref (node);

    g_test_message ("7 days at 1 s: %u points, chart %u px wide (plot %.0f px columns), 2-core machine: "
                    "series copy %.1f ms; decimation + normalisation %.1f ms; layers recorded %.1f ms; "
                    "Cairo raster of the chart %.1f ms; from new data to picture, frame included, %.1f ms "
                    "(reference: im_decimate alone on the raw arrays %.1f ms)",
                    n, width, plot.size.width,
                    (t_set - t0) / 1000.0, rebuild_usec / 1000.0, paint_usec / 1000.0,
                    raster_usec / 1000.0, (t_render - t_set) / 1000.0, t_decimate / 1000.0);
  }

  /* 521 points per column: drawn as the envelope, one vertex a column */
  view = im_chart_get_view (chart);
  series_view = g_ptr_array_index (view->series, 0);
  g_assert_cmpuint (series_view->path->len, ==, 0);
  g_assert_cmpuint (series_view->envelope->len, ==, (guint) ceilf (plot.size.width));
  /* and each vertex spans the values of its column: the noise (0..4.8)
   * on top of the slow wave, at least 4.8 units tall */
  {
    const ImChartBandPoint *mid = &g_array_index (series_view->envelope, ImChartBandPoint,
                                                  series_view->envelope->len / 2);
    double span = im_axis_scale_to_value (&view->y_scale, mid->y_high) -
                  im_axis_scale_to_value (&view->y_scale, mid->y_low);

    g_assert_cmpfloat (span, >=, 4.8 - 1e-3);
  }

  im_chart_get_series_color (chart, 0, &color);
  g_assert_cmpfloat (column_coverage (texture, &color, &plot), >, 0.95);

  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/chart/line", test_chart_line);
  g_test_add_func ("/chart/empty", test_chart_empty);
  g_test_add_func ("/chart/band-and-zones", test_chart_band_and_zones);
  g_test_add_func ("/chart/gaps", test_chart_gaps);
  g_test_add_func ("/chart/hover", test_chart_hover);
  g_test_add_func ("/chart/hover-gap", test_chart_hover_gap);
  g_test_add_func ("/chart/cache", test_chart_cache);
  g_test_add_func ("/chart/follow", test_chart_follow);
  g_test_add_func ("/chart/properties", test_chart_properties);
  g_test_add_func ("/chart/window-picture", test_chart_window_picture);
  g_test_add_func ("/chart/dark", test_chart_dark);
  g_test_add_func ("/chart/zone-contrast", test_chart_zone_contrast);
  g_test_add_func ("/chart/enum-and-defaults", test_chart_enum_and_defaults);
  g_test_add_func ("/chart/large", test_chart_large);

  return g_test_run ();
}
