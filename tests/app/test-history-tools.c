/* test-history-tools.c — the history page's tools: moving presets, zoom
 * and pan, the shared crosshair; rendered under Xvfb.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "im-axis.h"
#include "im-chart.h"
#include "im-compare-window.h"
#include "im-csv-writer.h"
#include "im-demo-source.h"
#include "im-health-display.h"
#include "im-history-page-private.h"
#include "im-live-page-private.h"
#include "im-metric-card.h"
#include "im-page-private.h"
#include "im-sensor-stats.h"
#include "im-settings.h"
#include "im-time-zone.h"
#include "im-ui-util.h"
#include "im-units.h"
#include "im-widgets.h"
#include "im-util.h"
#include "im-widget-render.h"
#include "im-window.h"

#include "im-test-app-util.h"

/* ---- Helpers ------------------------------------------------------- */

static gboolean
demo_is_ready (gpointer data)
{
  return im_demo_source_get_ready (data);
}

static ImDemoSource *
still_demo_source_of (guint n_machines)
{
  ImDemoSource *source = im_test_demo_source_new (n_machines);

  g_assert_true (im_test_wait_until (demo_is_ready, source, 60000));
  im_demo_source_set_live (source, FALSE);

  return source;
}

static ImDemoSource *
still_demo_source (void)
{
  return still_demo_source_of (3);
}

static ImWindow *
new_window (ImDataSource *source)
{
  ImWindow *window = im_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  im_window_set_source (window, source);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
destroy_window (ImWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (window != NULL)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
history_has_data (gpointer data)
{
  ImHistoryPage *page = data;

  return !im_page_get_busy (IM_PAGE (page)) && im_history_page_get_aggregates (page, NULL) != NULL;
}

/* Draws the window, as a frame does; IM_TEST_SAVE_PNG=DIR keeps it. */
static void
render (ImWindow   *window,
        const char *name)
{
  g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);
  const char *dir = g_getenv ("IM_TEST_SAVE_PNG");

  g_assert_nonnull (texture);
  if (dir != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      gdk_texture_save_to_png (texture, path);
    }
}

/* Each chart's legend gives its figures over the range shown, from the
 * aggregates of that range. */
static void
assert_legends (ImHistoryPage *history)
{
  GArray *aggregates = im_history_page_get_aggregates (history, NULL);
  gint64 from_ns, to_ns;

  im_history_page_get_range (history, &from_ns, &to_ns);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImSensorStats stats;
      g_autofree char *expected = NULL;
      double shares = 0;

      im_sensor_stats_compute ((const ImAggregate *) (gpointer) aggregates->data, aggregates->len,
                               s, from_ns, to_ns, &stats);
      g_assert_cmpuint (stats.n_windows, >, 0);
      g_assert_cmpfloat (stats.min, <=, stats.mean);
      g_assert_cmpfloat (stats.mean, <=, stats.max);
      for (guint z = 0; z < 3; z++)
        shares += stats.zone_share[z];
      g_assert_cmpfloat_with_epsilon (shares, 1.0, 1e-9);
      expected = im_sensor_stats_format (&stats, s);
      g_assert_cmpstr (im_history_page_get_stats_text (history, s), ==, expected);
      g_assert_true (g_str_has_prefix (expected, "Min "));
    }
}

static char *
dup_preset (ImHistoryPage *page)
{
  char *preset = NULL;

  g_object_get (page, "preset", &preset, NULL);

  return preset;
}

typedef struct
{
  ImHistoryPage *page;
  gint64         to_ns;
  GArray        *aggregates;
} RangeWait;

/* The range moved past @to_ns and its query came back. */
static gboolean
range_moved_and_read (gpointer data)
{
  RangeWait *wait = data;
  gint64 to_ns;

  im_history_page_get_range (wait->page, NULL, &to_ns);

  return to_ns > wait->to_ns && history_has_data (wait->page) &&
         im_history_page_get_aggregates (wait->page, NULL) != wait->aggregates;
}

static gboolean
clock_passed (gpointer data)
{
  return im_now_ns () > *(gint64 *) data;
}

/* ---- Tests --------------------------------------------------------- */

/* A preset is the last span up to now and keeps moving with the clock on
 * the auto-refresh timer; a range of one's own stays put. */
static void
test_moving_preset (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  g_autoptr(GSettings) settings = im_settings_new ();
  ImWindow *window = NULL;
  ImHistoryPage *history;
  RangeWait wait;
  gint64 from_ns, to_ns, window_ns, until_ns;
  g_autofree char *preset = NULL;

  g_settings_set_uint (settings, "refresh-interval", 1);
  window = new_window (IM_DATA_SOURCE (source));
  history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  im_window_show_page (window, "history");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.preset", "s", "hour"));
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));

  im_history_page_get_range (history, &from_ns, &to_ns);
  im_history_page_get_aggregates (history, &window_ns);
  g_test_message ("1 h in windows of %" G_GINT64_FORMAT " s", window_ns / IM_NSEC_PER_SEC);

  /* It moves on by itself once a window has passed. */
  wait = (RangeWait) { history, to_ns, im_history_page_get_aggregates (history, NULL) };
  g_assert_true (im_test_wait_until (range_moved_and_read, &wait,
                                     (guint) (window_ns / IM_NSEC_PER_MSEC) + 15000));
  {
    gint64 new_from, new_to;

    im_history_page_get_range (history, &new_from, &new_to);
    g_assert_cmpint (new_to - new_from, ==, 3600 * IM_NSEC_PER_SEC);
    g_assert_cmpint (new_to, >, to_ns);
    g_assert_cmpint (im_now_ns () - new_to, <, window_ns + 5 * IM_NSEC_PER_SEC);
    preset = dup_preset (history);
    g_assert_cmpstr (preset, ==, "hour");
    g_clear_pointer (&preset, g_free);
  }

  /* The 6 h preset is one of them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.preset", "s", "six-hours"));
  preset = dup_preset (history);
  g_assert_cmpstr (preset, ==, "six-hours");
  g_clear_pointer (&preset, g_free);
  im_history_page_get_range (history, &from_ns, &to_ns);
  g_assert_cmpint (to_ns - from_ns, ==, 6 * 3600 * IM_NSEC_PER_SEC);

  /* A range of one's own: the clock runs past a window and more, the
   * range stays. */
  from_ns = to_ns - 3600 * IM_NSEC_PER_SEC;
  im_history_page_set_range (history, from_ns, to_ns);
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  im_history_page_get_aggregates (history, &window_ns);
  until_ns = im_now_ns () + window_ns + 3 * IM_NSEC_PER_SEC;
  g_assert_true (im_test_wait_until (clock_passed, &until_ns,
                                     (guint) (window_ns / IM_NSEC_PER_MSEC) + 10000));
  {
    gint64 new_from, new_to;

    im_history_page_get_range (history, &new_from, &new_to);
    g_assert_cmpint (new_from, ==, from_ns);
    g_assert_cmpint (new_to, ==, to_ns);
    preset = dup_preset (history);
    g_assert_cmpstr (preset, ==, "custom");
  }

  g_settings_reset (settings, "refresh-interval");
  destroy_window (window);
}

static gboolean
history_read_again (gpointer data)
{
  RangeWait *wait = data;

  return history_has_data (wait->page) &&
         im_history_page_get_aggregates (wait->page, NULL) != wait->aggregates;
}

/* Runs @action and waits for the query of the range it sets. */
static void
activate_and_wait (ImHistoryPage *history,
                   const char    *action,
                   GVariant      *parameter)
{
  RangeWait wait = { history, 0, im_history_page_get_aggregates (history, NULL) };

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (history), action, parameter));
  g_assert_true (im_test_wait_until (history_read_again, &wait, 20000));
}

static void
assert_range (ImHistoryPage *history,
              gint64         from_ns,
              gint64         to_ns)
{
  gint64 from, to;

  im_history_page_get_range (history, &from, &to);
  g_assert_cmpint (from, ==, from_ns);
  g_assert_cmpint (to, ==, to_ns);

  /* all four charts show it */
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      gint64 start, end;

      g_assert_true (im_chart_get_visible_range (IM_CHART (im_history_page_get_chart (history, s)),
                                                 &start, &end));
      g_assert_cmpint (start, ==, from_ns);
      g_assert_cmpint (end, ==, to_ns);
    }
}

/* A drag over one chart zooms all four into that range and queries it
 * again, finer; back returns to the preset; zoom out doubles the range;
 * pan moves it by a quarter, never past now. */
static void
test_zoom_and_pan (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  GtkWidget *chart;
  graphene_rect_t plot;
  gint64 from_ns, to_ns, t0, t1, day_window_ns, zoom_window_ns, span;
  GArray *aggregates;
  RangeWait wait;
  g_autofree char *preset = NULL;

  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  im_history_page_get_range (history, &from_ns, &to_ns);
  im_history_page_get_aggregates (history, &day_window_ns);
  /* nothing to go back to */
  gtk_widget_activate_action (GTK_WIDGET (history), "history.zoom-back", NULL);
  assert_range (history, from_ns, to_ns);
  assert_legends (history);

  /* Drag over the second quarter of the vibration chart. */
  chart = im_history_page_get_chart (history, IM_SENSOR_VIBRATION);
  im_chart_get_plot_area (IM_CHART (chart), &plot);
  t0 = im_axis_pixel_to_time (plot.origin.x + plot.size.width * 0.25, from_ns, to_ns,
                              plot.origin.x, plot.size.width);
  t1 = im_axis_pixel_to_time (plot.origin.x + plot.size.width * 0.5, from_ns, to_ns,
                              plot.origin.x, plot.size.width);
  wait = (RangeWait) { history, 0, im_history_page_get_aggregates (history, NULL) };
  im_history_page_zoom_to_pixels (history, IM_SENSOR_VIBRATION,
                                  plot.origin.x + plot.size.width * 0.5,
                                  plot.origin.x + plot.size.width * 0.25);
  g_assert_true (im_test_wait_until (history_read_again, &wait, 20000));
  assert_range (history, t0, t1);
  assert_legends (history);
  preset = dup_preset (history);
  g_assert_cmpstr (preset, ==, "custom");
  g_clear_pointer (&preset, g_free);

  /* The query ran again for the new range, with finer windows. */
  aggregates = im_history_page_get_aggregates (history, &zoom_window_ns);
  g_test_message ("24 h in windows of %" G_GINT64_FORMAT " s, 6 h in %" G_GINT64_FORMAT " s",
                  day_window_ns / IM_NSEC_PER_SEC, zoom_window_ns / IM_NSEC_PER_SEC);
  g_assert_cmpint (zoom_window_ns, <, day_window_ns);
  g_assert_cmpuint (aggregates->len, >, 10);
  g_assert_cmpint (g_array_index (aggregates, ImAggregate, 0).time_ns, >=, t0 - zoom_window_ns);
  g_assert_cmpint (g_array_index (aggregates, ImAggregate, aggregates->len - 1).time_ns, <=, t1);

  /* Zoom out: twice the span around the same middle. */
  span = t1 - t0;
  activate_and_wait (history, "history.zoom-out", NULL);
  assert_range (history, t0 - span / 2, t1 + span / 2);

  /* Pan: a quarter of the span earlier, then later again. */
  span = 2 * span;
  activate_and_wait (history, "history.pan", g_variant_new_int32 (-1));
  assert_range (history, t0 - span / 4 - span / 4, t1 + span / 4 - span / 4);
  activate_and_wait (history, "history.pan", g_variant_new_int32 (1));
  assert_range (history, t0 - span / 4, t1 + span / 4);

  /* Back, step by step, to the moving 24 h preset. */
  activate_and_wait (history, "history.zoom-back", NULL);
  assert_range (history, t0 - span / 4 - span / 4, t1 + span / 4 - span / 4);
  activate_and_wait (history, "history.zoom-back", NULL);
  activate_and_wait (history, "history.zoom-back", NULL);
  assert_range (history, t0, t1);
  activate_and_wait (history, "history.zoom-back", NULL);
  preset = dup_preset (history);
  g_assert_cmpstr (preset, ==, "day");
  im_history_page_get_range (history, &from_ns, &to_ns);
  g_assert_cmpint (to_ns - from_ns, ==, 24 * 3600 * IM_NSEC_PER_SEC);
  gtk_widget_activate_action (GTK_WIDGET (history), "history.zoom-back", NULL);
  g_clear_pointer (&preset, g_free);
  preset = dup_preset (history);
  g_assert_cmpstr (preset, ==, "day");

  /* Later than now it does not go: the range ends at now. */
  {
    gint64 before = im_now_ns ();

    activate_and_wait (history, "history.pan", g_variant_new_int32 (1));
    im_history_page_get_range (history, &from_ns, &to_ns);
    g_assert_cmpint (to_ns, >=, before);
    g_assert_cmpint (to_ns, <=, im_now_ns ());
    g_assert_cmpint (to_ns - from_ns, ==, 24 * 3600 * IM_NSEC_PER_SEC);
  }

  destroy_window (window);
}

/* Pixels of @area that differ between two pictures of the same size. */
static guint
count_changed (GdkTexture            *a,
               GdkTexture            *b,
               const graphene_rect_t *area)
{
  int width = gdk_texture_get_width (a);
  int height = gdk_texture_get_height (a);
  g_autofree guchar *pa = g_malloc ((gsize) width * height * 4);
  g_autofree guchar *pb = g_malloc ((gsize) width * height * 4);
  guint changed = 0;

  g_assert_cmpint (gdk_texture_get_width (b), ==, width);
  g_assert_cmpint (gdk_texture_get_height (b), ==, height);
  gdk_texture_download (a, pa, (gsize) width * 4);
  gdk_texture_download (b, pb, (gsize) width * 4);

  for (int y = MAX (0, (int) area->origin.y); y < MIN (height, (int) (area->origin.y + area->size.height)); y++)
    for (int x = MAX (0, (int) area->origin.x); x < MIN (width, (int) (area->origin.x + area->size.width)); x++)
      {
        const guchar *ca = pa + ((gsize) y * width + x) * 4;
        const guchar *cb = pb + ((gsize) y * width + x) * 4;

        for (int c = 0; c < 4; c++)
          if (ABS ((int) ca[c] - (int) cb[c]) > 3)
            {
              changed++;
              break;
            }
      }

  return changed;
}

/* While a range is dragged, every chart shades it. */
static void
test_selection_shown (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  gint64 from_ns, to_ns;

  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  render (window, "history.png");
  im_history_page_get_range (history, &from_ns, &to_ns);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImChart *chart = IM_CHART (im_history_page_get_chart (history, s));
      g_autoptr(GdkTexture) before = im_widget_render_to_texture (GTK_WIDGET (chart), -1, -1);
      g_autoptr(GdkTexture) during = NULL;
      graphene_rect_t plot, inside, outside;
      guint n_inside, n_outside;
      gint64 start, end;

      /* the second quarter of the range, as every chart shows it */
      im_chart_set_selection (chart, from_ns + (to_ns - from_ns) / 4, from_ns + (to_ns - from_ns) / 2);
      g_assert_true (im_chart_get_selection (chart, &start, &end));
      during = im_widget_render_to_texture (GTK_WIDGET (chart), -1, -1);
      im_chart_get_plot_area (chart, &plot);
      graphene_rect_init (&inside, plot.origin.x + plot.size.width * 0.3, plot.origin.y,
                          plot.size.width * 0.15, plot.size.height);
      graphene_rect_init (&outside, plot.origin.x + plot.size.width * 0.6, plot.origin.y,
                          plot.size.width * 0.15, plot.size.height);

      /* pixels that changed: nearly all inside the selection, none outside */
      n_inside = count_changed (before, during, &inside);
      n_outside = count_changed (before, during, &outside);
      g_test_message ("%s: %u of %d pixels changed inside, %u outside", im_sensor_to_string (s),
                      n_inside, (int) (inside.size.width * inside.size.height), n_outside);
      g_assert_cmpuint (n_inside, >, (guint) (inside.size.width * inside.size.height * 0.9));
      g_assert_cmpuint (n_outside, ==, 0);

      im_chart_set_selection (chart, 0, 0);
      g_assert_false (im_chart_get_selection (chart, NULL, NULL));
    }

  destroy_window (window);
}

/* Hovering one chart shows the same time, and each chart's own value at
 * it, on the other three; leaving clears them. */
static void
test_crosshair (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  ImChart *temperature;
  graphene_rect_t plot;
  gint64 from_ns, to_ns, pointed;
  GArray *aggregates;
  gssize nearest;

  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  im_history_page_get_range (history, &from_ns, &to_ns);
  render (window, "history.png");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  aggregates = im_history_page_get_aggregates (history, NULL);

  temperature = IM_CHART (im_history_page_get_chart (history, IM_SENSOR_TEMPERATURE));
  im_chart_get_plot_area (temperature, &plot);
  pointed = im_axis_pixel_to_time (plot.origin.x + plot.size.width * 0.6, from_ns, to_ns,
                                   plot.origin.x, plot.size.width);
  nearest = im_time_series_find_nearest (im_chart_get_series (temperature, 0), pointed);
  g_assert_cmpint (nearest, >=, 0);

  im_history_page_hover_at (history, IM_SENSOR_TEMPERATURE, plot.origin.x + plot.size.width * 0.6);
  render (window, "history-crosshair.png");
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImChart *chart = IM_CHART (im_history_page_get_chart (history, s));
      ImTimeSeries *series = im_chart_get_series (chart, 0);
      gint64 t;
      double v;

      /* the same window on every chart, with that chart's mean */
      g_assert_true (im_chart_get_hover_point (chart, &t, &v));
      g_assert_cmpint (t, ==, im_time_series_get_times (series)[nearest]);
      g_assert_cmpfloat (v, ==, im_time_series_get_values (series)[nearest]);
      g_assert_cmpfloat (v, ==, g_array_index (aggregates, ImAggregate, nearest).mean[s]);
    }

  im_history_page_hover_at (history, IM_SENSOR_TEMPERATURE, -1);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    g_assert_false (im_chart_get_hover_point (IM_CHART (im_history_page_get_chart (history, s)),
                                              NULL, NULL));

  destroy_window (window);
}

static gboolean
compare_ready (gpointer data)
{
  return !im_compare_window_get_busy (data);
}

static GArray *
query_aggregates (ImDataSource *source,
                  const char   *machine,
                  gint64        from,
                  gint64        to,
                  gint64        window_ns)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *aggregates;

  im_data_source_query_aggregate_async (source, machine, from, to, window_ns, NULL,
                                        im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  aggregates = im_data_source_query_aggregate_finish (source, result, &error);
  g_assert_no_error (error);

  return aggregates;
}

/* One sensor of several machines on one chart: each line is that
 * machine's mean from the source, the legend names them in the chart's
 * order, and no more than eight fit. */
static void
test_compare (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source_of (9);
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  ImCompareWindow *compare;
  g_auto(GStrv) shown = NULL;
  g_auto(GStrv) legend = NULL;
  ImChart *chart;
  gint64 from_ns, to_ns;
  const char * const first[] = { "MACHINE_002", "MACHINE_003", "MACHINE_004", "MACHINE_005", NULL };

  im_window_show_page (window, "history");
  im_page_set_machine (IM_PAGE (history), "MACHINE_002");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  im_history_page_get_range (history, &from_ns, &to_ns);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.compare", NULL));
  compare = im_history_page_get_compare_window (history);
  g_assert_nonnull (compare);
  g_object_add_weak_pointer (G_OBJECT (compare), (gpointer *) &compare);
  g_assert_true (im_test_wait_until (compare_ready, compare, 20000));

  /* The page's machine and the three after it, to begin with. */
  shown = im_compare_window_dup_shown (compare);
  g_assert_cmpstrv (shown, first);

  im_compare_window_set_sensor (compare, IM_SENSOR_PRESSURE);
  g_assert_true (im_test_wait_until (compare_ready, compare, 20000));
  chart = IM_CHART (im_compare_window_get_chart (compare));
  g_assert_cmpstr (im_chart_get_unit (chart), ==, "PSI");
  /* gaps are gaps, by the history page's rule */
  g_assert_cmpint (im_chart_get_max_gap (chart), ==,
                   im_aggregates_max_gap (im_compare_window_get_window (compare)));
  g_assert_cmpuint (im_chart_get_n_series (chart), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GArray) expected = query_aggregates (IM_DATA_SOURCE (source), first[i], from_ns, to_ns,
                                                     im_compare_window_get_window (compare));
      ImTimeSeries *series = im_chart_get_series (chart, i);
      GdkRGBA color, other;

      g_assert_cmpuint (expected->len, >, 10);
      g_assert_cmpuint (im_time_series_get_n_points (series), ==, expected->len);
      for (guint j = 0; j < expected->len; j++)
        {
          const ImAggregate *agg = &g_array_index (expected, ImAggregate, j);

          g_assert_cmpint (im_time_series_get_times (series)[j], ==, agg->time_ns);
          g_assert_cmpfloat (im_time_series_get_values (series)[j], ==, agg->mean[IM_SENSOR_PRESSURE]);
        }

      /* a colour of its own */
      im_chart_get_series_color (chart, i, &color);
      for (guint k = 0; k < i; k++)
        {
          im_chart_get_series_color (chart, k, &other);
          g_assert_false (gdk_rgba_equal (&color, &other));
        }
    }
  legend = im_compare_window_dup_legend (compare);
  g_assert_cmpstrv (legend, first);

  /* Eight at most: 002 to 009, and 001 waits. */
  for (guint i = 6; i <= 9; i++)
    {
      g_autofree char *id = g_strdup_printf ("MACHINE_%03u", i);

      g_assert_true (im_compare_window_set_machine_shown (compare, id, TRUE));
    }
  g_assert_true (im_test_wait_until (compare_ready, compare, 20000));
  g_assert_cmpuint (im_chart_get_n_series (chart), ==, 8);
  g_assert_false (im_compare_window_get_machine_sensitive (compare, "MACHINE_001"));
  g_assert_false (im_compare_window_set_machine_shown (compare, "MACHINE_001", TRUE));
  g_assert_true (im_compare_window_set_machine_shown (compare, "MACHINE_009", FALSE));
  g_assert_true (im_compare_window_get_machine_sensitive (compare, "MACHINE_001"));
  g_assert_true (im_compare_window_set_machine_shown (compare, "MACHINE_009", TRUE));
  g_assert_true (im_test_wait_until (compare_ready, compare, 20000));
  g_assert_cmpuint (im_chart_get_n_series (chart), ==, 8);
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (compare), -1, -1);
    const char *dir = g_getenv ("IM_TEST_SAVE_PNG");

    g_assert_nonnull (texture);
    if (dir != NULL)
      {
        g_autofree char *path = g_build_filename (dir, "compare.png", NULL);

        gdk_texture_save_to_png (texture, path);
      }
  }

  gtk_window_destroy (GTK_WINDOW (compare));
  while (compare != NULL)
    g_main_context_iteration (NULL, FALSE);
  destroy_window (window);
}

/* The pixels of @texture, 8-bit ARGB premultiplied (cairo's layout). */
static guchar *
download (GdkTexture *texture,
          gsize      *stride)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  guchar *data;

  *stride = (gsize) width * 4;
  data = g_malloc (*stride * height);
  gdk_texture_download (texture, data, *stride);

  return data;
}

/* Whether column @x of @area has a pixel within @tolerance of @color in
 * each channel: where a chart's line is. */
static gboolean
column_has_color (const guchar          *data,
                  gsize                  stride,
                  int                    x,
                  const graphene_rect_t *area,
                  const GdkRGBA         *color,
                  double                 tolerance)
{
  for (int y = (int) area->origin.y; y < (int) (area->origin.y + area->size.height); y++)
    {
      guint32 p = *(const guint32 *) (gconstpointer) (data + y * stride + x * 4);
      double r = ((p >> 16) & 0xff) / 255.0, g = ((p >> 8) & 0xff) / 255.0, b = (p & 0xff) / 255.0;

      if (fabs (r - color->red) <= tolerance && fabs (g - color->green) <= tolerance &&
          fabs (b - color->blue) <= tolerance)
        return TRUE;
    }

  return FALSE;
}

/* The mean difference of the colour channels over @area, 0 to 255. */
static double
mean_difference (const guchar          *a,
                 const guchar          *b,
                 gsize                  stride,
                 const graphene_rect_t *area)
{
  double sum = 0;
  guint64 n = 0;

  for (int y = (int) area->origin.y; y < (int) (area->origin.y + area->size.height); y++)
    for (int x = (int) area->origin.x; x < (int) (area->origin.x + area->size.width); x++)
      for (int c = 0; c < 3; c++)
        {
          sum += abs ((int) a[y * stride + x * 4 + c] - (int) b[y * stride + x * 4 + c]);
          n++;
        }

  return n > 0 ? sum / n : 0;
}

/* Whether @menu or one of its sections has an item for @action with the
 * string @target. */
static gboolean
menu_has_item (GMenuModel *menu,
               const char *action,
               const char *target)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *item_action = NULL;
      g_autofree char *item_target = NULL;

      if (section != NULL && menu_has_item (section, action, target))
        return TRUE;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action) &&
          g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_TARGET, "s", &item_target) &&
          g_str_equal (item_action, action) && g_str_equal (item_target, target))
        return TRUE;
    }

  return FALSE;
}

/* The charts as an image: a PNG of the four cards as drawn, each chart's
 * line in it where the chart has it; and an SVG, drawn by the charts'
 * own cairo code, which librsvg renders to the same picture: the page's
 * size, the line at the same columns, and the pixels close. The bound on
 * the mean difference of a channel (0–255): 0.8 measured in the plots
 * and 1.4 over the image (text antialiased otherwise, the cards' shadow
 * drawn as an outline); the charts drawn 2 px too low give 4.5. */
static void
test_chart_image (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  g_autofree char *dir = g_dir_make_tmp ("im-image-XXXXXX", NULL);
  g_autofree char *png_path = g_build_filename (dir, "charts.png", NULL);
  g_autofree char *svg_path = g_build_filename (dir, "charts.svg", NULL);
  g_autoptr(GFile) png = g_file_new_for_path (png_path);
  g_autoptr(GFile) svg = g_file_new_for_path (svg_path);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) svg_texture = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *png_data = NULL;
  g_autofree guchar *svg_data = NULL;
  GtkWidget *box = GTK_WIDGET (history->charts_box);
  int width, height;
  gsize stride;
  double difference;

  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  render (window, "history.png");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  width = gtk_widget_get_width (box);
  height = gtk_widget_get_height (box);

  g_assert_true (im_history_page_export_image (history, png, IM_HISTORY_IMAGE_PNG, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);

  /* the SVG parses, at the page's size */
  g_assert_true (im_history_page_export_image (history, svg, IM_HISTORY_IMAGE_SVG, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_new_from_file (svg_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
  svg_texture = gdk_texture_new_for_pixbuf (pixbuf);

  png_data = download (texture, &stride);
  svg_data = download (svg_texture, &stride);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImChart *chart = IM_CHART (im_history_page_get_chart (history, s));
      graphene_rect_t plot, in_box;
      graphene_point_t origin;
      GdkRGBA color;
      guint columns, svg_columns = 0, unlike = 0;

      /* the chart's plot area, where the image has it */
      im_chart_get_plot_area (chart, &plot);
      g_assert_true (gtk_widget_compute_point (GTK_WIDGET (chart), box, &plot.origin, &origin));
      graphene_rect_init (&in_box, origin.x, origin.y, plot.size.width, plot.size.height);
      im_chart_get_series_color (chart, 0, &color);
      columns = im_texture_count_columns_with_color (texture, &color, 0.08, &in_box);
      g_test_message ("%s: the line covers %u of %d columns", im_sensor_to_string (s), columns,
                      (int) plot.size.width);
      g_assert_cmpuint (columns, >, plot.size.width / 2);

      /* the SVG has the line in the same columns of the plot */
      for (int x = (int) in_box.origin.x; x < (int) (in_box.origin.x + in_box.size.width); x++)
        {
          gboolean in_png = column_has_color (png_data, stride, x, &in_box, &color, 0.08);
          gboolean in_svg = column_has_color (svg_data, stride, x, &in_box, &color, 0.08);

          svg_columns += in_svg;
          unlike += in_png != in_svg;
        }
      difference = mean_difference (png_data, svg_data, stride, &in_box);
      g_test_message ("%s: in the SVG the line covers %u columns, %u unlike the PNG; "
                      "mean difference in the plot %.2f", im_sensor_to_string (s),
                      svg_columns, unlike, difference);
      g_assert_cmpuint (unlike, <=, plot.size.width / 50);
      g_assert_cmpfloat (difference, <, 3.0);
    }

  difference = mean_difference (png_data, svg_data, stride, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_test_message ("mean difference over the image %.2f", difference);
  g_assert_cmpfloat (difference, <, 3.0);

  /* the export menu offers both: the same action, its target the format */
  {
    GMenuModel *menu = gtk_menu_button_get_menu_model (history->export_button);

    g_assert_true (menu_has_item (menu, "history.export-image", "png"));
    g_assert_true (menu_has_item (menu, "history.export-image", "svg"));
  }

  g_assert_cmpint (g_unlink (png_path), ==, 0);
  g_assert_cmpint (g_unlink (svg_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/history-tools/zoom-and-pan", test_zoom_and_pan);
  g_test_add_func ("/history-tools/crosshair", test_crosshair);
  g_test_add_func ("/history-tools/selection-shown", test_selection_shown);
  g_test_add_func ("/history-tools/compare", test_compare);
  g_test_add_func ("/history-tools/chart-image", test_chart_image);
  g_test_add_func ("/history-tools/moving-preset", test_moving_preset);

  return g_test_run ();
}
