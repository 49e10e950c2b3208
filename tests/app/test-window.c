/* test-window.c — the window and its pages, rendered under Xvfb.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "im-alarm-list.h"
#include "im-alarm-monitor.h"
#include "im-alarms-page-private.h"
#include "im-axis.h"
#include "im-chart.h"
#include "im-chart-annotations.h"
#include "im-csv-writer.h"
#include "im-demo-source.h"
#include "im-fake-source.h"
#include "im-fleet-page-private.h"
#include "im-health-display.h"
#include "im-history-page-private.h"
#include "im-influx-source.h"
#include "im-influxql.h"
#include "im-line-protocol.h"
#include "im-lagging-source.h"
#include "im-live-page-private.h"
#include "im-machine-card.h"
#include "im-page-private.h"
#include "im-sparkline.h"
#include "im-metric-card.h"
#include "im-test-backend.h"
#include "im-util.h"
#include "im-widget-render.h"
#include "im-window.h"

#include "im-test-app-util.h"

/* ---- Helpers ------------------------------------------------------- */

static GtkWidget *find_widget (GtkWidget *root,
                               GType      type);

static gboolean
demo_is_ready (gpointer data)
{
  return im_demo_source_get_ready (data);
}

/* A demo fleet that holds still, so what the pages show can be checked
 * against what the source holds. */
static ImDemoSource *
still_demo_source (void)
{
  ImDemoSource *source = im_test_demo_source_new (5);

  g_assert_true (im_test_wait_until (demo_is_ready, source, 60000));
  im_demo_source_set_live (source, FALSE);

  return source;
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
live_has_data (gpointer data)
{
  ImLivePage *page = data;

  return !im_page_get_busy (IM_PAGE (page)) &&
         im_page_get_machine (IM_PAGE (page)) != NULL &&
         isfinite (im_metric_card_get_value (IM_METRIC_CARD (
           im_live_page_get_metric_card (page, IM_SENSOR_TEMPERATURE))));
}

static gboolean
history_has_data (gpointer data)
{
  ImHistoryPage *page = data;

  return !im_page_get_busy (IM_PAGE (page)) && im_history_page_get_aggregates (page, NULL) != NULL;
}

static gboolean
live_page_visible (gpointer data)
{
  return g_strcmp0 (im_window_get_visible_page (IM_WINDOW (data)), "live") == 0;
}

static gboolean
history_has_no_data (gpointer data)
{
  ImHistoryPage *page = data;
  GArray *aggregates;

  if (im_page_get_busy (IM_PAGE (page)))
    return FALSE;
  aggregates = im_history_page_get_aggregates (page, NULL);

  return aggregates != NULL && aggregates->len == 0;
}

/* The grid has made and laid out the cards of the machines on screen. */
static gboolean
fleet_shows_cards (gpointer data)
{
  g_autoptr(GPtrArray) cards = im_fleet_page_list_cards (data);

  return cards->len > 0;
}

static gboolean
fleet_has_cards (gpointer data)
{
  ImFleetPage *page = data;
  g_autoptr(GPtrArray) cards = im_fleet_page_list_machines (page);

  return !im_page_get_busy (IM_PAGE (page)) && cards->len == 5;
}

static void
save_png (GdkTexture *texture,
          const char *name)
{
  /* IM_TEST_SAVE_PNG=DIR keeps the pictures for a look. */
  const char *dir = g_getenv ("IM_TEST_SAVE_PNG");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

/* The window is not blank: plenty of pixels differ from its background. */
static void
assert_not_blank (GdkTexture *texture)
{
  GdkRGBA background;
  guint n_pixels = gdk_texture_get_width (texture) * gdk_texture_get_height (texture);
  guint unlike;

  im_texture_get_dominant_color (texture, &background);
  unlike = im_texture_count_unlike (texture, &background, 0.05, NULL);
  g_test_message ("%u of %u pixels differ from the background", unlike, n_pixels);
  g_assert_cmpuint (unlike, >, n_pixels / 20);
}

/* The chart drew its series: its line colour covers most of the plot's
 * width. */
static void
assert_chart_drew_series (ImChart    *chart,
                          const char *name)
{
  g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (chart), -1, -1);
  graphene_rect_t plot;
  GdkRGBA color;
  guint columns;

  g_assert_nonnull (texture);
  save_png (texture, name);
  im_chart_get_plot_area (chart, &plot);
  im_chart_get_series_color (chart, 0, &color);
  columns = im_texture_count_columns_with_color (texture, &color, 0.08, &plot);
  g_test_message ("%s: the series covers %u of %d plot columns", name, columns,
                  (int) plot.size.width);
  g_assert_cmpfloat (plot.size.width, >, 100);
  g_assert_cmpuint (columns, >, plot.size.width / 2);
}

static GArray *
query_raw (ImDataSource *source,
           const char   *machine,
           gint64        from,
           gint64        to)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *raw;

  im_data_source_query_raw_async (source, machine, from, to, NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  raw = im_data_source_query_raw_finish (source, result, &error);
  g_assert_no_error (error);

  return raw;
}

/* ---- Tests --------------------------------------------------------- */

static void
test_no_source (void)
{
  ImWindow *window = new_window (NULL);
  g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

  g_assert_nonnull (texture);
  save_png (texture, "no-source.png");
  g_assert_cmpstr (im_window_get_main_page (window), ==, "welcome");
  g_assert_null (im_window_get_banner_text (window));
  assert_not_blank (texture);

  destroy_window (window);
}

static void
test_pages_render (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImLivePage *live = IM_LIVE_PAGE (im_window_get_page (window, "live"));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  ImFleetPage *fleet = IM_FLEET_PAGE (im_window_get_page (window, "fleet"));

  g_assert_cmpstr (im_window_get_main_page (window), ==, "content");
  g_assert_cmpstr (im_window_get_visible_page (window), ==, "live");

  /* Live */
  g_assert_true (im_test_wait_until (live_has_data, live, 20000));
  g_assert_cmpstr (im_page_get_machine (IM_PAGE (live)), ==, "MACHINE_001");
  g_assert_false (im_live_page_get_showing_empty (live));
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    save_png (texture, "live.png");
    assert_not_blank (texture);
  }
  assert_chart_drew_series (IM_CHART (im_live_page_get_chart (live, IM_SENSOR_TEMPERATURE)),
                            "live-temperature.png");
  assert_chart_drew_series (IM_CHART (im_live_page_get_chart (live, IM_SENSOR_VIBRATION)),
                            "live-vibration.png");

  /* History */
  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  g_assert_cmpstr (im_page_get_machine (IM_PAGE (history)), ==, "MACHINE_001");
  g_assert_false (im_history_page_get_showing_empty (history));
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);
    GArray *aggregates;
    gint64 window_ns;
    graphene_rect_t plot;

    save_png (texture, "history.png");
    assert_not_blank (texture);

    /* Never more points than pixel columns. */
    aggregates = im_history_page_get_aggregates (history, &window_ns);
    im_chart_get_plot_area (IM_CHART (im_history_page_get_chart (history, 0)), &plot);
    g_test_message ("history: %u windows of %" G_GINT64_FORMAT " s for %d columns",
                    aggregates->len, window_ns / IM_NSEC_PER_SEC, (int) plot.size.width);
    g_assert_cmpuint (aggregates->len, >, 0);
    g_assert_cmpuint (aggregates->len, <=, (guint) plot.size.width + 1);
  }
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      g_autofree char *name = g_strdup_printf ("history-%s.png", im_sensor_to_string (s));

      assert_chart_drew_series (IM_CHART (im_history_page_get_chart (history, s)), name);
    }

  /* Fleet */
  im_window_show_page (window, "fleet");
  g_assert_true (im_test_wait_until (fleet_has_cards, fleet, 20000));
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);
    g_autoptr(GPtrArray) cards = im_fleet_page_list_machines (fleet);

    save_png (texture, "fleet.png");
    assert_not_blank (texture);

    /* Worst first, and each card shows its health. */
    for (guint i = 0; i < cards->len; i++)
      {
        ImFleetMachine *card = g_ptr_array_index (cards, i);
        const ImHealth *health = im_fleet_machine_get_health (card);
        g_autofree char *score = im_health_format_score (health->score);

        g_assert_cmpstr (im_fleet_machine_get_score_text (card), ==, score);
        g_assert_cmpstr (im_fleet_machine_get_status_text (card), ==,
                         im_health_status_label (health->status));
        g_assert_cmpuint (health->n_readings, >, 0);
        if (i > 0)
          {
            ImFleetMachine *prev = g_ptr_array_index (cards, i - 1);

            g_assert_cmpint (im_health_compare (im_fleet_machine_get_health (prev),
                                                im_fleet_machine_get_machine_id (prev),
                                                health, im_fleet_machine_get_machine_id (card)),
                             <, 0);
          }
      }
  }

  destroy_window (window);
}

static void
assert_cards_show_last_reading (ImLivePage   *live,
                                ImDataSource *source,
                                const char   *machine)
{
  gint64 now = im_now_ns ();
  g_autoptr(GArray) raw = query_raw (source, machine, now - 600 * IM_NSEC_PER_SEC,
                                     now + 600 * IM_NSEC_PER_SEC);
  const ImReading *last;

  g_assert_cmpuint (raw->len, >, 0);
  last = &g_array_index (raw, ImReading, raw->len - 1);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImMetricCard *card = IM_METRIC_CARD (im_live_page_get_metric_card (live, s));
      g_autofree char *expected = im_format_sensor_value (s, last->values[s]);

      g_assert_cmpfloat (im_metric_card_get_value (card), ==, last->values[s]);
      g_assert_cmpstr (im_metric_card_get_value_text (card), ==, expected);
    }
}

static gboolean
live_shows_machine_3 (gpointer data)
{
  return live_has_data (data) &&
         g_strcmp0 (im_page_get_machine (IM_PAGE (data)), "MACHINE_003") == 0;
}

static void
test_switch_machine (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImLivePage *live = IM_LIVE_PAGE (im_window_get_page (window, "live"));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  double before[IM_N_SENSORS];
  gboolean changed = FALSE;

  g_assert_true (im_test_wait_until (live_has_data, live, 20000));
  assert_cards_show_last_reading (live, IM_DATA_SOURCE (source), "MACHINE_001");
  for (guint s = 0; s < IM_N_SENSORS; s++)
    before[s] = im_metric_card_get_value (IM_METRIC_CARD (im_live_page_get_metric_card (live, s)));

  /* As the picker does it. */
  im_page_set_machine (IM_PAGE (live), "MACHINE_003");
  g_assert_true (im_test_wait_until (live_shows_machine_3, live, 20000));
  assert_cards_show_last_reading (live, IM_DATA_SOURCE (source), "MACHINE_003");
  for (guint s = 0; s < IM_N_SENSORS; s++)
    if (im_metric_card_get_value (IM_METRIC_CARD (im_live_page_get_metric_card (live, s))) != before[s])
      changed = TRUE;
  g_assert_true (changed);

  /* The other page follows the machine. */
  g_assert_cmpstr (im_page_get_machine (IM_PAGE (history)), ==, "MACHINE_003");

  destroy_window (window);
}

static void
test_fleet_card_opens_live (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImLivePage *live = IM_LIVE_PAGE (im_window_get_page (window, "live"));
  ImFleetPage *fleet = IM_FLEET_PAGE (im_window_get_page (window, "fleet"));
  g_autoptr(GPtrArray) cards = NULL;
  GtkWidget *card;
  const char *machine;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  im_window_show_page (window, "fleet");
  g_assert_true (im_test_wait_until (fleet_has_cards, fleet, 20000));
  g_assert_true (im_test_wait_until (fleet_shows_cards, fleet, 30000));

  cards = im_fleet_page_list_cards (fleet);
  card = g_ptr_array_index (cards, cards->len - 1);
  machine = im_fleet_machine_get_machine_id (im_machine_card_get_machine (IM_MACHINE_CARD (card)));
  g_assert_cmpstr (im_page_get_machine (IM_PAGE (live)), !=, machine);

  /* Enter on the card's cell, as a click does, activates the grid's item. */
  g_assert_true (gtk_widget_activate (gtk_widget_get_parent (card)));
  g_assert_true (im_test_wait_until (live_page_visible, window, 5000));

  g_assert_cmpstr (im_window_get_visible_page (window), ==, "live");
  g_assert_cmpstr (im_page_get_machine (IM_PAGE (live)), ==, machine);

  destroy_window (window);
}

typedef struct
{
  ImLivePage *live;
  const char *machine;
} LiveWait;

static gboolean
live_shows_machine (gpointer data)
{
  LiveWait *wait = data;

  return live_has_data (wait->live) &&
         g_strcmp0 (im_page_get_machine (IM_PAGE (wait->live)), wait->machine) == 0;
}

/* The reading of @raw at @time_ns, or NULL. */
static const ImReading *
find_reading (GArray *raw,
              gint64  time_ns)
{
  for (guint i = 0; i < raw->len; i++)
    if (g_array_index (raw, ImReading, i).time_ns == time_ns)
      return &g_array_index (raw, ImReading, i);

  return NULL;
}

/* Every point of every live chart is one of @machine's readings, and
 * each card's value and change come from them alone. */
static void
assert_live_holds_only (ImLivePage   *live,
                        ImDataSource *source,
                        const char   *machine)
{
  gint64 now = im_now_ns ();
  g_autoptr(GArray) raw = query_raw (source, machine, now - 3600 * IM_NSEC_PER_SEC,
                                     now + 600 * IM_NSEC_PER_SEC);

  g_assert_cmpuint (raw->len, >, 0);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImChart *chart = IM_CHART (im_live_page_get_chart (live, s));
      ImTimeSeries *series = im_chart_get_series (chart, 0);
      guint n = im_time_series_get_n_points (series);
      const gint64 *times = im_time_series_get_times (series);
      const double *values = im_time_series_get_values (series);
      ImMetricCard *card = IM_METRIC_CARD (im_live_page_get_metric_card (live, s));
      g_autoptr(GtkWidget) expected_card = g_object_ref_sink (im_metric_card_new (s));
      const ImReading *last = &g_array_index (raw, ImReading, raw->len - 1);
      const ImReading *then = NULL;
      double change = NAN;

      g_assert_cmpuint (n, >, 0);
      for (guint i = 0; i < n; i++)
        {
          const ImReading *reading = find_reading (raw, times[i]);

          if (reading == NULL || reading->values[s] != values[i])
            g_error ("%s chart: point %u (%" G_GINT64_FORMAT ", %g) is not one of %s's readings",
                     im_sensor_to_string (s), i, times[i], values[i], machine);
        }
      g_assert_cmpint (times[n - 1], ==, last->time_ns);

      /* The change over a minute, from this machine's readings. */
      for (guint i = 0; i < raw->len; i++)
        {
          const ImReading *reading = &g_array_index (raw, ImReading, i);

          if (reading->time_ns >= times[0] &&
              (then == NULL ||
               ABS (reading->time_ns - (last->time_ns - 60 * IM_NSEC_PER_SEC)) <
               ABS (then->time_ns - (last->time_ns - 60 * IM_NSEC_PER_SEC))))
            then = reading;
        }
      if (then != NULL && ABS (then->time_ns - (last->time_ns - 60 * IM_NSEC_PER_SEC)) <=
                          10 * IM_NSEC_PER_SEC)
        change = last->values[s] - then->values[s];
      im_metric_card_set_value (IM_METRIC_CARD (expected_card), last->values[s], change);
      g_assert_cmpfloat (im_metric_card_get_value (card), ==, last->values[s]);
      g_assert_cmpstr (im_metric_card_get_change_text (card), ==,
                       im_metric_card_get_change_text (IM_METRIC_CARD (expected_card)));
    }
}

/* Choosing a machine on the fleet page while the live page is hidden:
 * when it shows again it holds that machine's readings only. */
static void
test_fleet_card_replaces_live_data (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImLivePage *live = IM_LIVE_PAGE (im_window_get_page (window, "live"));
  ImFleetPage *fleet = IM_FLEET_PAGE (im_window_get_page (window, "fleet"));
  g_autoptr(GPtrArray) cards = NULL;
  ImFleetMachine *card = NULL;
  LiveWait wait = { live, NULL };

  g_assert_true (im_test_wait_until (live_has_data, live, 20000));
  g_assert_cmpstr (im_page_get_machine (IM_PAGE (live)), ==, "MACHINE_001");
  assert_live_holds_only (live, IM_DATA_SOURCE (source), "MACHINE_001");

  im_window_show_page (window, "fleet");
  g_assert_true (im_test_wait_until (fleet_has_cards, fleet, 20000));
  cards = im_fleet_page_list_machines (fleet);
  for (guint i = 0; i < cards->len && card == NULL; i++)
    if (g_strcmp0 (im_fleet_machine_get_machine_id (g_ptr_array_index (cards, i)),
                   "MACHINE_001") != 0)
      card = g_ptr_array_index (cards, i);
  g_assert_nonnull (card);
  wait.machine = im_fleet_machine_get_machine_id (card);

  g_assert_true (im_fleet_page_activate_machine (fleet, wait.machine));
  g_assert_true (im_test_wait_until (live_page_visible, window, 5000));
  g_assert_true (im_test_wait_until (live_shows_machine, &wait, 20000));
  assert_live_holds_only (live, IM_DATA_SOURCE (source), wait.machine);

  destroy_window (window);
}

#define LARGE_FLEET 150

static gboolean
fleet_has_large (gpointer data)
{
  g_autoptr(GPtrArray) machines = im_fleet_page_list_machines (data);

  return !im_page_get_busy (IM_PAGE (data)) && machines->len == LARGE_FLEET;
}

static void
assert_card_shows (ImMachineCard *card)
{
  ImFleetMachine *machine = im_machine_card_get_machine (card);

  g_assert_nonnull (machine);
  g_assert_cmpstr (im_machine_card_get_score_text (card), ==, im_fleet_machine_get_score_text (machine));
  g_assert_cmpstr (im_machine_card_get_status_text (card), ==, im_fleet_machine_get_status_text (machine));
  g_assert_cmpstr (im_machine_card_get_last_seen_text (card), ==,
                   im_fleet_machine_get_last_seen_text (machine));
  g_assert_cmpstr (im_machine_card_get_driver_text (card), ==, im_fleet_machine_get_driver_text (machine));
  g_assert_cmpstr (im_machine_card_get_alarms_text (card), ==, im_fleet_machine_get_alarms_text (machine));
  g_assert_cmpint (im_machine_card_get_stale (card), ==, im_fleet_machine_get_stale (machine));
}

typedef struct
{
  ImFleetPage *page;
  const char  *machine_id;
} CardWait;

static gboolean
card_on_screen (gpointer data)
{
  CardWait *wait = data;
  g_autoptr(GPtrArray) cards = im_fleet_page_list_cards (wait->page);

  for (guint i = 0; i < cards->len; i++)
    {
      ImFleetMachine *machine = im_machine_card_get_machine (g_ptr_array_index (cards, i));

      if (g_strcmp0 (im_fleet_machine_get_machine_id (machine), wait->machine_id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* A fleet larger than the window: the grid has cards only for the
 * machines on screen, each shows its machine and follows its changes,
 * and scrolling binds cards to the machines further down. */
static void
test_fleet_large (void)
{
  g_autoptr(ImDemoSource) source = im_test_demo_source_new (LARGE_FLEET);
  ImWindow *window = NULL;
  ImFleetPage *fleet;
  g_autoptr(GPtrArray) machines = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;
  ImMachineCard *card;
  CardWait wait;

  g_assert_true (im_test_wait_until (demo_is_ready, source, 60000));
  im_demo_source_set_live (source, FALSE);
  window = new_window (IM_DATA_SOURCE (source));
  fleet = IM_FLEET_PAGE (im_window_get_page (window, "fleet"));
  im_window_show_page (window, "fleet");
  g_assert_true (im_test_wait_until (fleet_has_large, fleet, 30000));
  g_assert_true (im_test_wait_until (fleet_shows_cards, fleet, 30000));

  cards = im_fleet_page_list_cards (fleet);
  g_test_message ("%u cards on screen for %u machines", cards->len, LARGE_FLEET);
  g_assert_cmpuint (cards->len, <, LARGE_FLEET / 2);
  for (guint i = 0; i < cards->len; i++)
    assert_card_shows (g_ptr_array_index (cards, i));

  /* A change of the machine reaches its card. */
  card = g_ptr_array_index (cards, 0);
  im_fleet_machine_set_condition (im_machine_card_get_machine (card), "Delayed", "a note");
  g_assert_cmpstr (im_machine_card_get_status_text (card), ==, "Delayed");
  g_assert_cmpstr (im_machine_card_get_last_seen_text (card), ==, "a note");
  g_assert_true (im_machine_card_get_stale (card));
  im_fleet_machine_set_alarms (im_machine_card_get_machine (card), 2, IM_ALARM_SEVERITY_MAJOR);
  g_assert_cmpstr (im_machine_card_get_alarms_text (card), ==, "2 active alarms");

  /* The last machine in display order gets a card once scrolled to. */
  machines = im_fleet_page_list_machines (fleet);
  wait.page = fleet;
  wait.machine_id = im_fleet_machine_get_machine_id (g_ptr_array_index (machines, machines->len - 1));
  g_assert_false (card_on_screen (&wait));
  scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (card), GTK_TYPE_SCROLLED_WINDOW));
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  g_assert_true (im_test_wait_until (card_on_screen, &wait, 30000));
  g_clear_pointer (&cards, g_ptr_array_unref);
  cards = im_fleet_page_list_cards (fleet);
  for (guint i = 0; i < cards->len; i++)
    assert_card_shows (g_ptr_array_index (cards, i));

  destroy_window (window);
}

#define STOPPED_AGE_NS (150 * IM_NSEC_PER_SEC)

/* A fleet whose newest readings are 2.5 min old: the live page says the
 * machine is offline and since when, and its time axis ends at now. */
static void
test_live_offline (void)
{
  g_autoptr(ImDemoSource) demo = still_demo_source ();
  g_autoptr(ImLaggingSource) source = im_lagging_source_new (IM_DATA_SOURCE (demo),
                                                             STOPPED_AGE_NS);
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImLivePage *live = IM_LIVE_PAGE (im_window_get_page (window, "live"));
  gint64 now, start_ns, end_ns;
  g_autoptr(GArray) raw = NULL;
  const ImReading *last;
  g_autofree char *ago = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (im_test_wait_until (live_has_data, live, 20000));
  now = im_now_ns ();
  raw = query_raw (IM_DATA_SOURCE (source), im_page_get_machine (IM_PAGE (live)),
                   now - 3600 * IM_NSEC_PER_SEC, now);
  g_assert_cmpuint (raw->len, >, 0);
  last = &g_array_index (raw, ImReading, raw->len - 1);
  g_assert_cmpint (now - last->time_ns, >, IM_HEALTH_OFFLINE_AFTER_NS);
  ago = im_format_last_seen (last->time_ns, now);
  expected = g_strdup_printf ("Offline — last reading %s", ago);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImMetricCard *card = IM_METRIC_CARD (im_live_page_get_metric_card (live, s));
      ImChart *chart = IM_CHART (im_live_page_get_chart (live, s));
      g_autofree char *no_change = im_format_sensor_change (s, NAN);

      /* No live-looking zone or change, but the offline state. */
      g_test_message ("%s card: %s, %s", im_sensor_to_string (s),
                      im_metric_card_get_status_text (card),
                      im_metric_card_get_change_text (card));
      g_assert_cmpstr (im_metric_card_get_status_text (card), ==, expected);
      g_assert_cmpstr (im_metric_card_get_change_text (card), ==, no_change);

      /* The axis ends at now, not at the last reading. */
      g_assert_true (im_chart_get_visible_range (chart, &start_ns, &end_ns));
      g_test_message ("%s chart ends %" G_GINT64_FORMAT " ms before now",
                      im_sensor_to_string (s), (im_now_ns () - end_ns) / 1000000);
      g_assert_cmpint (end_ns, >, im_now_ns () - 10 * IM_NSEC_PER_SEC);
      g_assert_cmpint (end_ns, <=, im_now_ns ());
      g_assert_cmpint (end_ns - start_ns, ==, 5 * 60 * IM_NSEC_PER_SEC);
    }

  destroy_window (window);
}

static void
export_to (ImHistoryPage       *history,
           ImHistoryExportKind  kind,
           GFile               *file,
           guint64             *n_rows)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  im_history_page_export_to_file_async (history, kind, file, NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 60);
  g_assert_true (im_history_page_export_to_file_finish (history, result, n_rows, &error));
  g_assert_no_error (error);
}

static void
test_history_export (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  g_autofree char *dir = g_dir_make_tmp ("im-history-XXXXXX", NULL);
  g_autofree char *raw_path = g_build_filename (dir, "raw.csv", NULL);
  g_autofree char *agg_path = g_build_filename (dir, "mean.csv", NULL);
  g_autoptr(GFile) raw_file = g_file_new_for_path (raw_path);
  g_autoptr(GFile) agg_file = g_file_new_for_path (agg_path);
  gint64 now = im_now_ns ();
  gint64 from = now - 5 * 3600 * IM_NSEC_PER_SEC;
  gint64 to = now - 2 * 3600 * IM_NSEC_PER_SEC;
  g_autoptr(GArray) raw = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *contents = NULL;
  GArray *aggregates;
  gint64 window_ns;
  guint64 n_rows = 0;

  im_window_show_page (window, "history");
  im_page_set_machine (IM_PAGE (history), "MACHINE_004");
  im_history_page_set_range (history, from, to);
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));

  /* Raw readings: every row equals the source's reading. */
  export_to (history, IM_HISTORY_EXPORT_RAW, raw_file, &n_rows);
  raw = query_raw (IM_DATA_SOURCE (source), "MACHINE_004", from, to);
  im_csv_append_readings_header (expected, NULL);
  for (guint i = 0; i < raw->len; i++)
    im_csv_append_reading (expected, NULL, &g_array_index (raw, ImReading, i));
  g_assert_true (g_file_load_contents (raw_file, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpuint (raw->len, >, 3600);
  g_assert_cmpuint (n_rows, ==, raw->len);
  g_assert_cmpstr (contents, ==, expected->str);
  g_clear_pointer (&contents, g_free);
  g_string_truncate (expected, 0);

  /* The aggregated series: what the charts show. */
  export_to (history, IM_HISTORY_EXPORT_AGGREGATES, agg_file, &n_rows);
  aggregates = im_history_page_get_aggregates (history, &window_ns);
  im_csv_append_aggregates_header (expected, NULL);
  for (guint i = 0; i < aggregates->len; i++)
    im_csv_append_aggregate (expected, NULL, "MACHINE_004", window_ns,
                             &g_array_index (aggregates, ImAggregate, i));
  g_assert_true (g_file_load_contents (agg_file, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpuint (n_rows, ==, aggregates->len);
  g_assert_cmpstr (contents, ==, expected->str);

  g_assert_cmpint (g_unlink (raw_path), ==, 0);
  g_assert_cmpint (g_unlink (agg_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  destroy_window (window);
}

static void
test_history_empty (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  gint64 from = G_GINT64_CONSTANT (1000000000) * IM_NSEC_PER_SEC;  /* 2001 */

  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  g_assert_false (im_history_page_get_showing_empty (history));

  im_history_page_set_range (history, from, from + 86400 * IM_NSEC_PER_SEC);
  g_assert_true (im_test_wait_until (history_has_no_data, history, 20000));
  g_assert_cmpuint (im_history_page_get_aggregates (history, NULL)->len, ==, 0);
  g_assert_true (im_history_page_get_showing_empty (history));

  destroy_window (window);
}

typedef struct
{
  ImHistoryPage *page;
  gint64         from_ns;
} HistoryWait;

/* The page shows the aggregates of the range that starts at from_ns. */
static gboolean
history_has_range (gpointer data)
{
  HistoryWait *wait = data;
  GArray *aggregates;
  gint64 window_ns;

  if (im_page_get_busy (IM_PAGE (wait->page)))
    return FALSE;
  aggregates = im_history_page_get_aggregates (wait->page, &window_ns);

  return aggregates != NULL && aggregates->len > 0 &&
         g_array_index (aggregates, ImAggregate, 0).time_ns >= wait->from_ns - window_ns;
}

/* The history of @machine around a hole in its readings, [@gap_from_ns,
 * @gap_to_ns): every chart leaves the hole empty, and the hover finds
 * no point in it, while both sides show. */
static void
assert_history_shows_gap (ImWindow   *window,
                          const char *machine,
                          gint64      gap_from_ns,
                          gint64      gap_to_ns)
{
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  gint64 margin_ns = 20 * 60 * IM_NSEC_PER_SEC;
  HistoryWait wait = { history, gap_from_ns - margin_ns };
  gint64 window_ns;

  im_window_show_page (window, "history");
  im_page_set_machine (IM_PAGE (history), machine);
  im_history_page_set_range (history, gap_from_ns - margin_ns, gap_to_ns + margin_ns);
  g_assert_true (im_test_wait_until (history_has_range, &wait, 30000));
  im_history_page_get_aggregates (history, &window_ns);
  g_test_message ("%s: a hole of %" G_GINT64_FORMAT " s, windows of %" G_GINT64_FORMAT " s",
                  machine, (gap_to_ns - gap_from_ns) / IM_NSEC_PER_SEC, window_ns / IM_NSEC_PER_SEC);
  g_assert_cmpint (gap_to_ns - gap_from_ns, >, 4 * window_ns);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImChart *chart = IM_CHART (im_history_page_get_chart (history, s));
      g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (chart), -1, -1);
      g_autofree char *name = g_strdup_printf ("history-gap-%u.png", s);
      graphene_rect_t plot, hole;
      gint64 start_ns, end_ns;
      double x0, x1;
      GdkRGBA color;
      guint in_hole;

      g_assert_nonnull (texture);
      save_png (texture, name);
      g_assert_true (im_chart_get_visible_range (chart, &start_ns, &end_ns));
      im_chart_get_plot_area (chart, &plot);
      im_chart_get_series_color (chart, 0, &color);

      /* Inside the hole, clear of the windows at its edges. */
      x0 = im_axis_time_to_pixel (gap_from_ns + window_ns, start_ns, end_ns, plot.origin.x, plot.size.width);
      x1 = im_axis_time_to_pixel (gap_to_ns - window_ns, start_ns, end_ns, plot.origin.x, plot.size.width);
      g_assert_cmpfloat (x1 - x0, >, 20);
      hole = GRAPHENE_RECT_INIT (ceil (x0) + 2, plot.origin.y, floor (x1) - ceil (x0) - 4, plot.size.height);
      in_hole = im_texture_count_columns_with_color (texture, &color, 0.08, &hole);
      g_test_message ("sensor %u: the line is in %u of %d columns of the hole", s, in_hole,
                      (int) hole.size.width);
      g_assert_cmpuint (in_hole, ==, 0);
      /* and on both sides */
      g_assert_cmpuint (im_texture_count_columns_with_color (texture, &color, 0.08, &plot), >,
                        plot.size.width / 3);

      im_chart_set_hover_x (chart, (x0 + x1) / 2);
      g_assert_false (im_chart_get_hover_point (chart, NULL, NULL));
      im_chart_set_hover_x (chart, im_axis_time_to_pixel (gap_from_ns - margin_ns / 2, start_ns, end_ns,
                                                          plot.origin.x, plot.size.width));
      g_assert_true (im_chart_get_hover_point (chart, NULL, NULL));
      im_chart_set_hover_x (chart, -1);
    }
}

/* The longest hole between consecutive readings of @readings. */
static gint64
find_longest_hole (GArray *readings,
                   gint64 *gap_from_ns,
                   gint64 *gap_to_ns)
{
  gint64 longest = 0;

  for (guint i = 1; i < readings->len; i++)
    {
      gint64 a = g_array_index (readings, ImReading, i - 1).time_ns;
      gint64 b = g_array_index (readings, ImReading, i).time_ns;

      if (b - a > longest)
        {
          longest = b - a;
          *gap_from_ns = a;
          *gap_to_ns = b;
        }
    }

  return longest;
}

/* The demo fleet's machines go offline for maintenance: the history
 * shows that as a gap, as Live does. */
static void
test_history_gap_demo (void)
{
  g_autoptr(ImDemoSource) source = g_object_new (IM_TYPE_DEMO_SOURCE,
                                                 "n-machines", 3,
                                                 "history-ns", 6 * 3600 * IM_NSEC_PER_SEC,
                                                 "mean-time-to-failure-ns", 30 * 60 * IM_NSEC_PER_SEC,
                                                 "seed", (guint64) 11,
                                                 NULL);
  g_autofree char *machine = NULL;
  gint64 gap_from_ns = 0, gap_to_ns = 0, longest = 0;
  ImWindow *window;

  g_assert_true (im_test_wait_until (demo_is_ready, source, 60000));
  im_demo_source_set_live (source, FALSE);

  /* A hole well inside the history, of a maintenance stop (10 min). */
  for (guint m = 1; m <= 3; m++)
    {
      g_autofree char *id = g_strdup_printf ("MACHINE_%03u", m);
      gint64 now = im_now_ns ();
      g_autoptr(GArray) raw = query_raw (IM_DATA_SOURCE (source), id,
                                         now - 5 * 3600 * IM_NSEC_PER_SEC, now - 3600 * IM_NSEC_PER_SEC);
      gint64 from = 0, to = 0;
      gint64 hole = find_longest_hole (raw, &from, &to);

      if (hole > longest)
        {
          longest = hole;
          gap_from_ns = from;
          gap_to_ns = to;
          g_free (machine);
          machine = g_steal_pointer (&id);
        }
    }
  g_assert_nonnull (machine);
  g_assert_cmpint (longest, >=, 5 * 60 * IM_NSEC_PER_SEC);

  window = new_window (IM_DATA_SOURCE (source));
  assert_history_shows_gap (window, machine, gap_from_ns, gap_to_ns);
  destroy_window (window);
}

/* Readings written to InfluxDB with a ten-minute hole: the history
 * read back leaves it empty. */
static void
test_history_gap_influx (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autofree char *database = NULL;
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(ImInfluxSource) source = NULL;
  g_autoptr(ImInfluxResult) dropped = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) drop = g_string_new ("DROP DATABASE ");
  g_autoptr(GError) error = NULL;
  gint64 now = im_now_ns () / IM_NSEC_PER_SEC * IM_NSEC_PER_SEC;
  gint64 start = now - 2 * 3600 * IM_NSEC_PER_SEC;
  gint64 gap_from = start + 3600 * IM_NSEC_PER_SEC;
  gint64 gap_to = gap_from + 10 * 60 * IM_NSEC_PER_SEC;
  ImWindow *window;

  if (backend == NULL)
    return;

  database = im_test_unique_name ("im_app_gap");
  client = im_influx_client_new (backend->influxdb_url, database);
  g_assert_true (im_influx_client_create_database (client, NULL, &error));
  g_assert_no_error (error);

  /* Hot before the stop, cool after it: a ramp if the hole were joined. */
  for (gint64 t = start; t < now; t += 5 * IM_NSEC_PER_SEC)
    {
      ImReading r;

      if (t > gap_from && t < gap_to)
        continue;

      im_reading_init (&r);
      g_strlcpy (r.machine_id, "MACHINE_GAP", sizeof r.machine_id);
      g_strlcpy (r.sensor_id, "MACHINE_GAP-S1", sizeof r.sensor_id);
      r.time_ns = t;
      r.values[IM_SENSOR_TEMPERATURE] = t <= gap_from ? 105.0 : 50.0;
      r.values[IM_SENSOR_VIBRATION] = t <= gap_from ? 8.0 : 1.0;
      r.values[IM_SENSOR_PRESSURE] = t <= gap_from ? 90.0 : 50.0;
      r.values[IM_SENSOR_POWER] = t <= gap_from ? 400.0 : 250.0;
      r.state = IM_MACHINE_STATE_NORMAL;
      g_assert_true (im_lp_append_reading (body, &r, &error));
      g_assert_no_error (error);
    }
  g_assert_true (im_influx_client_write (client, body->str, body->len, NULL, &error));
  g_assert_no_error (error);

  source = im_influx_source_new (client);
  window = new_window (IM_DATA_SOURCE (source));
  assert_history_shows_gap (window, "MACHINE_GAP", gap_from, gap_to);
  destroy_window (window);

  im_influxql_append_identifier (drop, database);
  dropped = im_influx_client_query (client, drop->str, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The export suggests a file name without spaces or an en dash. */
static void
test_export_file_name (void)
{
  ImHistoryPage *page = g_object_ref_sink (g_object_new (IM_TYPE_HISTORY_PAGE, NULL));
  g_autoptr(GDateTime) from = g_date_time_new_local (2026, 3, 14, 9, 5, 0);
  g_autoptr(GDateTime) to = g_date_time_new_local (2026, 3, 15, 9, 5, 0);
  g_autofree char *raw = NULL;
  g_autofree char *mean = NULL;

  im_page_set_machine (IM_PAGE (page), "MACHINE_001");
  im_history_page_set_range (page, g_date_time_to_unix (from) * IM_NSEC_PER_SEC,
                             g_date_time_to_unix (to) * IM_NSEC_PER_SEC);
  raw = im_history_page_suggest_file_name (page, IM_HISTORY_EXPORT_RAW);
  mean = im_history_page_suggest_file_name (page, IM_HISTORY_EXPORT_AGGREGATES);
  g_assert_cmpstr (raw, ==, "MACHINE_001_2026-03-14T0905_2026-03-15T0905.csv");
  g_assert_cmpstr (mean, ==, "MACHINE_001_2026-03-14T0905_2026-03-15T0905_mean.csv");

  g_assert_finalize_object (page);
}

static void
collect_spin_buttons (GtkWidget *root,
                      GPtrArray *spins)
{
  if (GTK_IS_SPIN_BUTTON (root))
    g_ptr_array_add (spins, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_spin_buttons (child, spins);
}

/* The range's time fields read "09:05", not "9:5". */
static void
test_time_two_digits (void)
{
  ImHistoryPage *page = g_object_ref_sink (g_object_new (IM_TYPE_HISTORY_PAGE, NULL));
  g_autoptr(GDateTime) from = g_date_time_new_local (2026, 3, 14, 9, 5, 0);
  g_autoptr(GDateTime) to = g_date_time_new_local (2026, 3, 14, 10, 0, 0);
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();

  im_history_page_set_range (page, g_date_time_to_unix (from) * IM_NSEC_PER_SEC,
                             g_date_time_to_unix (to) * IM_NSEC_PER_SEC);
  collect_spin_buttons (GTK_WIDGET (page->from_button), spins);
  collect_spin_buttons (GTK_WIDGET (page->to_button), spins);
  g_assert_cmpuint (spins->len, ==, 4);
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (spins, 0)), ==, "09");
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (spins, 1)), ==, "05");
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (spins, 2)), ==, "10");
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (spins, 3)), ==, "00");

  g_assert_finalize_object (page);
}

/* A range that takes a while: the charts of the range before are
 * dimmed until the new one is there. */
static void
test_history_dims_while_loading (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  GtkWidget *charts = GTK_WIDGET (history->charts_box);

  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  g_assert_cmpfloat (gtk_widget_get_opacity (charts), ==, 1.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.preset", "s", "week"));
  g_assert_true (im_page_get_busy (IM_PAGE (history)));
  g_assert_cmpfloat (gtk_widget_get_opacity (charts), <, 0.6);

  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  g_assert_cmpfloat (gtk_widget_get_opacity (charts), ==, 1.0);

  destroy_window (window);
}

static gboolean
export_bar_revealed (gpointer data)
{
  GtkRevealer *revealer = GTK_REVEALER (data);

  return gtk_revealer_get_child_revealed (revealer) &&
         gtk_widget_get_mapped (gtk_revealer_get_child (revealer));
}

typedef struct
{
  ImWindow *window;
  guint     quiet;
} Settle;

/* Twenty iterations in a row with no layout queued. */
static gboolean
layout_settled (gpointer data)
{
  Settle *settle = data;

  if (gtk_widget_get_mapped (GTK_WIDGET (settle->window)) &&
      !gtk_widget_should_layout (GTK_WIDGET (settle->window)))
    return ++settle->quiet > 20;
  settle->quiet = 0;

  return FALSE;
}

/* The export's progress bar appears over the page: the charts stay
 * where they were. */
static void
test_history_export_bar_keeps_charts (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  Settle settle = { window, 0 };
  GtkWidget *chart;
  graphene_rect_t before, after;

  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  g_assert_true (im_test_wait_until (layout_settled, &settle, 5000));
  /* the lower charts: those the bar would push */
  chart = im_history_page_get_chart (history, IM_SENSOR_POWER);
  g_assert_true (gtk_widget_compute_bounds (chart, GTK_WIDGET (window), &before));

  /* what starting an export does */
  gtk_revealer_set_reveal_child (history->export_revealer, TRUE);
  g_assert_true (im_test_wait_until (export_bar_revealed, history->export_revealer, 5000));
  settle.quiet = 0;
  g_assert_true (im_test_wait_until (layout_settled, &settle, 5000));
  g_assert_true (gtk_widget_compute_bounds (chart, GTK_WIDGET (window), &after));
  g_test_message ("chart at %g,%g %gx%g, then %g,%g %gx%g",
                  before.origin.x, before.origin.y, before.size.width, before.size.height,
                  after.origin.x, after.origin.y, after.size.width, after.size.height);
  g_assert_true (graphene_rect_equal (&before, &after));

  gtk_revealer_set_reveal_child (history->export_revealer, FALSE);
  destroy_window (window);
}

/* An end picked before the start is corrected, and the user is told. */
static void
test_history_inverted_range (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  g_autoptr(GDateTime) from = g_date_time_new_local (2026, 3, 14, 12, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_local (2026, 3, 14, 13, 0, 0);
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  gint64 from_ns, to_ns;

  im_window_show_page (window, "history");
  im_history_page_set_range (history, g_date_time_to_unix (from) * IM_NSEC_PER_SEC,
                             g_date_time_to_unix (to) * IM_NSEC_PER_SEC);
  g_assert_null (im_history_page_get_range_notice (history));

  /* The user sets the end's hour to 9, before the start's 12:00. */
  collect_spin_buttons (GTK_WIDGET (history->to_button), spins);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 0), 9);

  im_history_page_get_range (history, &from_ns, &to_ns);
  g_assert_cmpint (from_ns, ==, (g_date_time_to_unix (from) - 3 * 3600) * IM_NSEC_PER_SEC);
  g_assert_cmpint (to_ns, ==, g_date_time_to_unix (from) * IM_NSEC_PER_SEC);
  g_assert_cmpstr (im_history_page_get_range_notice (history), ==,
                   "The end was before the start: they were swapped");

  destroy_window (window);
}

static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
live_not_busy (gpointer data)
{
  return !im_page_get_busy (IM_PAGE (data));
}

/* Whether every revealer under WIDGET shows what it is told to show. */
static gboolean
revealers_settled_under (GtkWidget *widget)
{
  if (GTK_IS_REVEALER (widget) &&
      gtk_revealer_get_reveal_child (GTK_REVEALER (widget)) !=
      gtk_revealer_get_child_revealed (GTK_REVEALER (widget)))
    return FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!revealers_settled_under (child))
      return FALSE;

  return TRUE;
}

static gboolean
revealers_settled (gpointer data)
{
  return revealers_settled_under (GTK_WIDGET (data));
}

static gboolean
banner_shown (gpointer data)
{
  return im_window_get_banner_text (data) != NULL;
}

static gboolean
banner_hidden (gpointer data)
{
  return im_window_get_banner_text (data) == NULL;
}

static void
test_unreachable_banner (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr(ImInfluxClient) client = im_influx_client_new (url, "sensors");
  g_autoptr(ImInfluxSource) source = NULL;
  g_autoptr(ImDemoSource) demo = NULL;
  ImWindow *window;

  im_influx_client_set_timeouts (client, 2000, 5000);
  source = im_influx_source_new (client);
  window = new_window (IM_DATA_SOURCE (source));

  g_assert_true (im_test_wait_until (banner_shown, window, 20000));
  g_test_message ("banner: %s", im_window_get_banner_text (window));
  g_assert_true (g_str_has_prefix (im_window_get_banner_text (window),
                                   "The backend cannot be reached: "));
  g_assert_cmpstr (im_window_get_main_page (window), ==, "content");
  g_assert_true (im_test_wait_until (live_not_busy, im_window_get_page (window, "live"), 5000));
  /* The banner slides in: screenshot it once it is all there. */
  g_assert_true (im_test_wait_until (revealers_settled, window, 5000));
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    save_png (texture, "unreachable.png");
    assert_not_blank (texture);
  }

  /* Another source, reachable: the banner goes. */
  demo = still_demo_source ();
  im_window_set_source (window, IM_DATA_SOURCE (demo));
  g_assert_true (im_test_wait_until (banner_hidden, window, 1000));

  destroy_window (window);
}

/* An HTTP server on 127.0.0.1 that answers every request as an empty
 * InfluxDB would, until it is told to hang: then it accepts connections
 * and reads requests but never answers, as a SIGSTOPped InfluxDB does
 * (the kernel still accepts its connections). */
typedef struct
{
  GSocketService *service;
  GPtrArray      *connections;
  guint16         port;
  gboolean        hung;
  gboolean        slow;         /* answers /ping only */
  guint           n_answered;
  guint           n_pings;
} FakeInflux;

typedef struct
{
  FakeInflux        *server;
  GSocketConnection *connection;
  GString           *request;
  char               buffer[4096];
} FakeConnection;

static void fake_read (FakeConnection *fc);

static void
fake_answer (FakeConnection *fc)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (fc->connection));
  const char *end;

  while ((end = strstr (fc->request->str, "\r\n\r\n")) != NULL)
    {
      gboolean ping = g_str_has_prefix (fc->request->str, "GET /ping");
      const char *body = "{\"results\":[{\"statement_id\":0}]}";
      g_autofree char *answer = NULL;

      g_string_erase (fc->request, 0, end + 4 - fc->request->str);
      if (fc->server->hung || (fc->server->slow && !ping))
        continue;
      fc->server->n_pings += ping;

      if (ping)
        answer = g_strdup ("HTTP/1.1 204 No Content\r\nX-Influxdb-Version: 1.6-fake\r\n\r\n");
      else
        answer = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Content-Length: %zu\r\n\r\n%s", strlen (body), body);
      g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
      fc->server->n_answered++;
    }
}

static void
fake_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FakeConnection *fc = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0)
    {
      g_object_unref (fc->connection);
      g_string_free (fc->request, TRUE);
      g_free (fc);
      return;
    }

  g_string_append_len (fc->request, fc->buffer, n);
  fake_answer (fc);
  fake_read (fc);
}

static void
fake_read (FakeConnection *fc)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (fc->connection)),
                             fc->buffer, sizeof fc->buffer, G_PRIORITY_DEFAULT, NULL,
                             fake_read_cb, fc);
}

static gboolean
fake_incoming_cb (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source_object,
                  gpointer           user_data)
{
  FakeConnection *fc = g_new0 (FakeConnection, 1);

  fc->server = user_data;
  fc->connection = g_object_ref (connection);
  fc->request = g_string_new (NULL);
  /* Closed with the server, whoever still reads. */
  g_ptr_array_add (fc->server->connections, g_object_ref (connection));
  fake_read (fc);

  return TRUE;
}

static void
fake_influx_start (FakeInflux *server,
                   gboolean    hung)
{
  g_autoptr(GError) error = NULL;

  server->hung = hung;
  server->service = g_socket_service_new ();
  server->connections = g_ptr_array_new_with_free_func (g_object_unref);
  server->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (server->service),
                                                      NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (server->service, "incoming", G_CALLBACK (fake_incoming_cb), server);
  g_socket_service_start (server->service);
}

static void
fake_influx_stop (FakeInflux *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  for (guint i = 0; i < server->connections->len; i++)
    g_io_stream_close (g_ptr_array_index (server->connections, i), NULL, NULL);
  g_clear_object (&server->service);
  g_clear_pointer (&server->connections, g_ptr_array_unref);
  /* The readers see the end of their streams. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_button_with_action (GtkWidget  *root,
                         const char *action_name)
{
  if (GTK_IS_BUTTON (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_action (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static ImInfluxSource *
fake_influx_source (FakeInflux *server)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
  g_autoptr(ImInfluxClient) client = im_influx_client_new (url, "sensors");

  /* As the app sets them. */
  im_influx_client_set_timeouts (client, 5000, 30000);

  return im_influx_source_new (client);
}

/* InfluxDB hangs: within seconds, not after the 30 s a request may
 * take, a banner says so in words, the library's text behind Details,
 * with how old the data on screen is; Retry shows that it retries. */
static void
test_hung_backend_banner (void)
{
  FakeInflux server = { 0 };
  g_autoptr(ImInfluxSource) source = NULL;
  g_autofree char *expected = NULL;
  ImWindow *window;
  GtkWidget *live;
  GtkWidget *retry;
  gint64 start;
  double elapsed_s;

  fake_influx_start (&server, TRUE);
  source = fake_influx_source (&server);

  start = g_get_monotonic_time ();
  window = new_window (IM_DATA_SOURCE (source));
  live = im_window_get_page (window, "live");
  g_assert_true (im_test_wait_until (banner_shown, window, 10000));
  elapsed_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("banner after %.1f s: %s", elapsed_s, im_window_get_banner_text (window));
  g_assert_cmpfloat (elapsed_s, <, 8.0);
  /* The request still waits: no answer, but no failure either. */
  g_assert_true (im_page_get_busy (IM_PAGE (live)));

  expected = g_strdup_printf ("The backend cannot be reached: InfluxDB at http://127.0.0.1:%u "
                              "does not answer.", server.port);
  g_assert_cmpstr (im_window_get_banner_text (window), ==, expected);
  g_test_message ("details: %s", im_window_get_banner_details (window));
  g_assert_nonnull (im_window_get_banner_details (window));
  g_assert_true (g_str_has_prefix (im_window_get_banner_details (window),
                                   "No answer to GET /ping within 2 s: "));
  g_assert_cmpstr (im_window_get_banner_age (window), ==, "No data has come from the backend yet.");

  /* Retry: visibly retrying while the page waits, not clickable again. */
  retry = find_button_with_action (GTK_WIDGET (window), "win.retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_is_sensitive (retry));
  g_assert_false (im_window_get_retrying (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry", NULL));
  g_assert_true (im_window_get_retrying (window));
  g_assert_false (gtk_widget_is_sensitive (retry));
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    save_png (texture, "hung.png");
  }

  destroy_window (window);
  fake_influx_stop (&server);
}

static gboolean
pinged_twice (gpointer data)
{
  return ((FakeInflux *) data)->n_pings >= 2;
}

/* A query that takes long on a server that answers /ping is no outage:
 * no banner, the page waits on. */
static void
test_slow_backend_no_banner (void)
{
  FakeInflux server = { 0 };
  g_autoptr(ImInfluxSource) source = NULL;
  ImWindow *window;

  fake_influx_start (&server, FALSE);
  server.slow = TRUE;
  source = fake_influx_source (&server);
  window = new_window (IM_DATA_SOURCE (source));

  g_assert_true (im_test_wait_until (pinged_twice, &server, 15000));
  g_assert_null (im_window_get_banner_text (window));
  g_assert_true (im_page_get_busy (IM_PAGE (im_window_get_page (window, "live"))));

  destroy_window (window);
  fake_influx_stop (&server);
}

/* A backend that answered, then hangs: the banner says how old the data
 * on screen is; a slow answer while /ping answers is no outage. */
static void
test_hung_backend_age (void)
{
  FakeInflux server = { 0 };
  g_autoptr(ImInfluxSource) source = NULL;
  ImWindow *window;
  ImPage *live;

  fake_influx_start (&server, FALSE);
  source = fake_influx_source (&server);
  window = new_window (IM_DATA_SOURCE (source));
  live = IM_PAGE (im_window_get_page (window, "live"));
  g_assert_true (im_test_wait_until (live_not_busy, live, 10000));
  g_assert_cmpuint (server.n_answered, >, 0);
  g_assert_cmpint (im_data_source_get_answered_time (IM_DATA_SOURCE (source)), >, 0);
  g_assert_null (im_window_get_banner_text (window));

  server.hung = TRUE;
  im_window_refresh (window);
  g_assert_true (im_test_wait_until (banner_shown, window, 10000));
  g_test_message ("%s / %s", im_window_get_banner_text (window), im_window_get_banner_age (window));
  g_assert_cmpstr (im_window_get_banner_age (window), ==, "Data on screen from just now");

  destroy_window (window);
  fake_influx_stop (&server);
}

static guint
count_picker_items (ImPage *page)
{
  GtkWidget *drop_down = find_widget (GTK_WIDGET (im_page_get_machine_picker (page)),
                                      GTK_TYPE_DROP_DOWN);

  g_assert_nonnull (drop_down);

  return g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (drop_down)));
}

/* Switching to a backend that cannot be reached: under the banner, no
 * page's picker offers the machines of the source before. */
static void
test_unreachable_clears_picker (void)
{
  g_autoptr(ImDemoSource) demo = still_demo_source ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr(ImInfluxClient) client = im_influx_client_new (url, "sensors");
  g_autoptr(ImInfluxSource) source = NULL;
  ImWindow *window = new_window (IM_DATA_SOURCE (demo));
  ImLivePage *live = IM_LIVE_PAGE (im_window_get_page (window, "live"));

  g_assert_true (im_test_wait_until (live_has_data, live, 20000));
  g_assert_cmpuint (count_picker_items (IM_PAGE (live)), ==, 5);

  im_influx_client_set_timeouts (client, 2000, 5000);
  source = im_influx_source_new (client);
  im_window_set_source (window, IM_DATA_SOURCE (source));
  g_assert_true (im_test_wait_until (banner_shown, window, 20000));
  g_assert_true (im_test_wait_until (live_not_busy, live, 5000));

  for (guint i = 0; i < 3; i++)
    {
      const char *name = (const char *[]) { "live", "history", "fleet" }[i];
      ImPage *page = IM_PAGE (im_window_get_page (window, name));

      if (im_page_get_machine_picker (page) != NULL)
        g_assert_cmpuint (count_picker_items (page), ==, 0);
    }

  destroy_window (window);
}

static gboolean
fleet_cards_stale (gpointer data)
{
  g_autoptr(GPtrArray) cards = im_fleet_page_list_machines (data);

  for (guint i = 0; i < cards->len; i++)
    if (!im_fleet_machine_get_stale (g_ptr_array_index (cards, i)))
      return FALSE;

  return cards->len > 0;
}

/* The backend goes away: the fleet's cards do not go on saying "Last
 * seen just now", they say they are not updated and how old they are;
 * the next answer makes them current again. */
static void
test_fleet_stale (void)
{
  g_autoptr(ImDemoSource) demo = still_demo_source ();
  g_autoptr(ImLaggingSource) source = im_lagging_source_new (IM_DATA_SOURCE (demo), 0);
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImFleetPage *fleet = IM_FLEET_PAGE (im_window_get_page (window, "fleet"));
  g_autoptr(GPtrArray) cards = NULL;

  im_window_show_page (window, "fleet");
  g_assert_true (im_test_wait_until (fleet_has_cards, fleet, 20000));
  cards = im_fleet_page_list_machines (fleet);
  g_assert_cmpstr (im_fleet_machine_get_last_seen_text (g_ptr_array_index (cards, 0)), ==,
                   "Last seen just now");
  g_assert_false (im_fleet_machine_get_stale (g_ptr_array_index (cards, 0)));

  /* Down: noticed by the source (a failed request, or its probe). */
  im_lagging_source_set_down (source, "The test backend is down");
  g_assert_true (im_test_wait_until (fleet_cards_stale, fleet, 5000));
  for (guint i = 0; i < cards->len; i++)
    {
      ImFleetMachine *card = g_ptr_array_index (cards, i);

      g_test_message ("%s: %s, %s", im_fleet_machine_get_machine_id (card),
                      im_fleet_machine_get_status_text (card), im_fleet_machine_get_last_seen_text (card));
      g_assert_cmpstr (im_fleet_machine_get_status_text (card), ==, "Not updated");
      g_assert_true (g_str_has_prefix (im_fleet_machine_get_last_seen_text (card),
                                       "Backend unreachable · data from "));
    }
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    save_png (texture, "fleet-stale.png");
  }

  /* A refresh that fails keeps them so. */
  im_window_refresh (window);
  g_assert_true (im_test_wait_until (live_not_busy, fleet, 5000));
  g_assert_true (fleet_cards_stale (fleet));

  /* Back: current again. */
  im_lagging_source_set_down (source, NULL);
  im_window_refresh (window);
  g_assert_true (im_test_wait_until (live_not_busy, fleet, 5000));
  g_assert_false (im_fleet_machine_get_stale (g_ptr_array_index (cards, 0)));
  g_assert_cmpstr (im_fleet_machine_get_last_seen_text (g_ptr_array_index (cards, 0)), ==,
                   "Last seen just now");

  destroy_window (window);
}

static gboolean
fleet_cards_delayed (gpointer data)
{
  g_autoptr(GPtrArray) cards = im_fleet_page_list_machines (data);

  return !im_page_get_busy (data) && cards->len == 5 &&
         g_strcmp0 (im_fleet_machine_get_status_text (g_ptr_array_index (cards, 0)), "Delayed") == 0;
}

/* After an outage the pipeline catches up: every machine's newest
 * reading is from the same moment minutes ago. That is told as a
 * pipeline behind, not as five machines offline. */
static void
test_fleet_pipeline_behind (void)
{
  g_autoptr(ImDemoSource) demo = still_demo_source ();
  g_autoptr(ImLaggingSource) source = im_lagging_source_new (IM_DATA_SOURCE (demo),
                                                             5 * 60 * IM_NSEC_PER_SEC);
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImFleetPage *fleet = IM_FLEET_PAGE (im_window_get_page (window, "fleet"));
  g_autoptr(GPtrArray) cards = NULL;
  const char *summary;

  im_window_show_page (window, "fleet");
  g_assert_true (im_test_wait_until (fleet_cards_delayed, fleet, 20000));
  cards = im_fleet_page_list_machines (fleet);
  for (guint i = 0; i < cards->len; i++)
    {
      ImFleetMachine *card = g_ptr_array_index (cards, i);

      g_assert_cmpint (im_fleet_machine_get_health (card)->status, ==, IM_HEALTH_OFFLINE);
      g_assert_cmpstr (im_fleet_machine_get_status_text (card), ==, "Delayed");
      g_assert_cmpstr (im_fleet_machine_get_last_seen_text (card), ==,
                       "Last reading 5 min ago, as every machine’s");
    }
  summary = im_fleet_page_get_summary (fleet);
  g_test_message ("summary: %s", summary);
  g_assert_nonnull (strstr (summary, "the pipeline (Kafka, ingestion, InfluxDB) is behind"));
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    save_png (texture, "fleet-pipeline-behind.png");
  }

  destroy_window (window);
}

/* The width a card's sparkline gets with @score. */
static int
sparkline_width_for (double score)
{
  ImHealth health = { score, IM_HEALTH_HEALTHY, im_now_ns (), { 0 }, 10 };
  double scores[] = { 90, 80, score };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *card = im_machine_card_new ();
  g_autoptr(ImFleetMachine) machine = im_fleet_machine_new ("MACHINE_001");
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *sparkline;
  int width;

  im_fleet_machine_update (machine, &health, scores, G_N_ELEMENTS (scores), im_now_ns ());
  im_machine_card_set_machine (IM_MACHINE_CARD (card), machine);
  gtk_window_set_child (GTK_WINDOW (window), card);
  texture = im_widget_render_to_texture (window, 320, 160);
  g_assert_nonnull (texture);
  sparkline = find_widget (card, IM_TYPE_SPARKLINE);
  g_assert_nonnull (sparkline);
  width = gtk_widget_get_width (sparkline);
  gtk_window_destroy (GTK_WINDOW (window));

  return width;
}

/* The sparkline is as wide whatever the score's digits. */
static void
test_sparkline_width (void)
{
  int w100 = sparkline_width_for (100);
  int w7 = sparkline_width_for (7);
  int w_none = sparkline_width_for (NAN);

  g_test_message ("sparkline widths: %d (100), %d (7), %d (none)", w100, w7, w_none);
  g_assert_cmpint (w100, >, 50);
  g_assert_cmpint (w7, ==, w100);
  g_assert_cmpint (w_none, ==, w100);
}

static gboolean
fake_started (gpointer data)
{
  return im_fake_source_get_n_started (data) > 0;
}

typedef struct
{
  ImFakeSource *source;
  guint         n_cancelled;
} CancelWait;

static gboolean
fake_cancelled (gpointer data)
{
  CancelWait *wait = data;

  return im_fake_source_get_n_cancelled (wait->source) >= wait->n_cancelled;
}

static void
test_slow_backend_and_leaving_cancels (void)
{
  g_autoptr(ImFakeSource) source = im_fake_source_new ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImLivePage *live = IM_LIVE_PAGE (im_window_get_page (window, "live"));
  CancelWait wait = { source, 0 };
  guint started;

  /* A request hangs: the page shows it is busy, the window still paints. */
  g_assert_true (im_test_wait_until (fake_started, source, 5000));
  g_assert_true (im_page_get_busy (IM_PAGE (live)));
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    g_assert_nonnull (texture);
    save_png (texture, "slow.png");
  }
  started = im_fake_source_get_n_started (source);
  g_assert_cmpuint (im_fake_source_get_n_cancelled (source), ==, 0);

  /* Leaving the page cancels what it asked for. */
  im_window_show_page (window, "fleet");
  wait.n_cancelled = started;
  g_assert_true (im_test_wait_until (fake_cancelled, &wait, 5000));
  g_assert_true (im_test_wait_until (live_not_busy, live, 5000));
  /* The fleet page asked for its own data, still pending. */
  g_assert_cmpuint (im_fake_source_get_n_started (source), >, started);
  g_assert_cmpuint (im_fake_source_get_n_pending (source), >, 0);

  /* Closing the window cancels the rest. */
  destroy_window (window);
  wait.n_cancelled = im_fake_source_get_n_started (source);
  g_assert_true (im_test_wait_until (fake_cancelled, &wait, 5000));
  g_assert_cmpuint (im_fake_source_get_n_pending (source), ==, 0);
}


/* ---- Alarms -------------------------------------------------------- */

/* The demo as it ships, with a day of breakdowns, held still. */
static ImDemoSource *
still_failing_demo_source (void)
{
  ImDemoSource *source = im_demo_source_new (5);

  g_assert_true (im_test_wait_until (demo_is_ready, source, 60000));
  im_demo_source_set_live (source, FALSE);

  return source;
}

static GArray *
list_source_alarms (ImDataSource *source,
                    gint64        from,
                    gint64        to)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *alarms;

  im_data_source_list_alarms_async (source, NULL, from, to, NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  alarms = im_data_source_list_alarms_finish (source, result, &error);
  g_assert_no_error (error);

  return alarms;
}

typedef struct
{
  ImAlarmsPage *page;
  guint         n_loads;
} LoadWait;

static gboolean
alarms_loaded (gpointer data)
{
  LoadWait *wait = data;

  return im_alarms_page_get_n_loads (wait->page) >= wait->n_loads &&
         !im_page_get_busy (IM_PAGE (wait->page));
}

static void
wait_alarms_loaded (ImAlarmsPage *page,
                    guint         n_loads)
{
  LoadWait wait = { page, n_loads };

  g_assert_true (im_test_wait_until (alarms_loaded, &wait, 30000));
}

/* Every shown alarm passes @check. */
typedef gboolean (*AlarmCheck) (const ImAlarm *alarm,
                                gconstpointer  data);

static guint
count_matching (GArray        *alarms,
                AlarmCheck     check,
                gconstpointer  data)
{
  guint n = 0;

  for (guint i = 0; i < alarms->len; i++)
    n += check (&g_array_index (alarms, ImAlarm, i), data);

  return n;
}

static void
assert_shown_match (ImAlarmsPage  *page,
                    GArray        *all,
                    AlarmCheck     check,
                    gconstpointer  data)
{
  guint n = im_alarms_page_get_n_shown (page);

  for (guint i = 0; i < n; i++)
    g_assert_true (check (im_alarms_page_get_shown (page, i), data));
  g_assert_cmpuint (n, ==, count_matching (all, check, data));
}

static gboolean
is_critical (const ImAlarm *alarm,
             gconstpointer  data)
{
  return alarm->severity == IM_ALARM_SEVERITY_CRITICAL;
}

static gboolean
is_of_machine (const ImAlarm *alarm,
               gconstpointer  data)
{
  return strcmp (alarm->machine_id, data) == 0;
}

static gboolean
is_cleared_critical_of_machine (const ImAlarm *alarm,
                                gconstpointer  data)
{
  return is_of_machine (alarm, data) && is_critical (alarm, NULL) &&
         alarm->state == IM_ALARM_STATE_CLEARED;
}

/* Its type or message says pressure (a zone alarm, or an anomaly of it). */
static gboolean
is_pressure (const ImAlarm *alarm,
             gconstpointer  data)
{
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *folded = NULL;

  im_alarm_append_message (alarm, message);
  folded = g_utf8_casefold (message->str, -1);

  return strstr (alarm->type, "pressure") != NULL || strstr (folded, "pressure") != NULL;
}

static gboolean
is_any (const ImAlarm *alarm,
        gconstpointer  data)
{
  return TRUE;
}

typedef struct
{
  ImAlarmsPage *page;
  const char   *ids[2];
} AckWait;

static gboolean
shown_acknowledged (gpointer data)
{
  AckWait *wait = data;
  guint n = 0;

  if (im_page_get_busy (IM_PAGE (wait->page)))
    return FALSE;

  for (guint i = 0; i < im_alarms_page_get_n_shown (wait->page); i++)
    {
      const ImAlarm *alarm = im_alarms_page_get_shown (wait->page, i);

      if ((strcmp (alarm->id, wait->ids[0]) == 0 || strcmp (alarm->id, wait->ids[1]) == 0) &&
          alarm->acknowledged)
        n++;
    }

  return n == 2;
}

static guint
count_active_checks (GtkWidget *root)
{
  guint n = GTK_IS_CHECK_BUTTON (root) && gtk_check_button_get_active (GTK_CHECK_BUTTON (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_active_checks (child);

  return n;
}

static void
test_alarms_page (void)
{
  g_autoptr(ImDemoSource) source = still_failing_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImAlarmsPage *page = IM_ALARMS_PAGE (im_window_get_page (window, "alarms"));
  gint64 now = im_now_ns ();
  g_autoptr(GArray) all = NULL;
  g_autofree char *user = im_alarm_dup_user_name ();
  const char *machine;
  guint position = 0;
  guint loads;
  char ids[2][IM_ALARM_ID_LEN + 1];

  im_window_show_page (window, "alarms");
  wait_alarms_loaded (page, 1);

  /* What the source lists for the last day, every one of them, in the
   * page's order: active first, the most severe first, then the newest. */
  all = list_source_alarms (IM_DATA_SOURCE (source), now - 24 * 3600 * IM_NSEC_PER_SEC,
                            now + 3600 * IM_NSEC_PER_SEC);
  g_test_message ("%u alarms listed", all->len);
  g_assert_cmpuint (all->len, >, 3);
  assert_shown_match (page, all, is_any, NULL);
  for (guint i = 1; i < im_alarms_page_get_n_shown (page); i++)
    g_assert_cmpint (im_alarm_compare_for_display (im_alarms_page_get_shown (page, i - 1),
                                                   im_alarms_page_get_shown (page, i)), <, 0);
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    assert_not_blank (texture);
    save_png (texture, "alarms.png");
  }

  /* Filters, one after the other, as a user narrows the list. */
  gtk_drop_down_set_selected (im_alarms_page_get_dropdown (page, "severity"), 1);  /* Critical */
  assert_shown_match (page, all, is_critical, NULL);

  machine = g_array_index (all, ImAlarm, 0).machine_id;
  {
    GtkDropDown *machines = im_alarms_page_get_dropdown (page, "machine");
    GListModel *model = gtk_drop_down_get_model (machines);

    for (guint i = 1; i < g_list_model_get_n_items (model); i++)
      if (strcmp (gtk_string_list_get_string (GTK_STRING_LIST (model), i), machine) == 0)
        position = i;
    g_assert_cmpuint (position, >, 0);
    gtk_drop_down_set_selected (machines, position);
  }
  gtk_drop_down_set_selected (im_alarms_page_get_dropdown (page, "state"), 3);  /* Cleared */
  assert_shown_match (page, all, is_cleared_critical_of_machine, machine);

  /* Back to everything, then a search. */
  gtk_drop_down_set_selected (im_alarms_page_get_dropdown (page, "severity"), 0);
  gtk_drop_down_set_selected (im_alarms_page_get_dropdown (page, "machine"), 0);
  gtk_drop_down_set_selected (im_alarms_page_get_dropdown (page, "state"), 0);
  assert_shown_match (page, all, is_any, NULL);
  gtk_editable_set_text (im_alarms_page_get_search_entry (page), "PRESSURE");
  g_signal_emit_by_name (im_alarms_page_get_search_entry (page), "search-changed");
  assert_shown_match (page, all, is_pressure, NULL);
  g_assert_cmpuint (im_alarms_page_get_n_shown (page), >, 0);
  gtk_editable_set_text (im_alarms_page_get_search_entry (page), "");
  g_signal_emit_by_name (im_alarms_page_get_search_entry (page), "search-changed");

  /* A click on a row shows its details. */
  {
    const ImAlarm *alarm = im_alarms_page_get_shown (page, 1);

    im_alarms_page_select (page, 1);
    g_assert_cmpstr (im_alarms_page_get_selected_id (page), ==, alarm->id);
    g_assert_cmpstr (im_alarms_page_get_detail (page, "machine"), ==, alarm->machine_id);
    g_assert_cmpstr (im_alarms_page_get_detail (page, "acked"), ==, "Not yet");
  }

  /* Two checked, acknowledged at once. */
  for (guint i = 0; i < 2; i++)
    {
      g_strlcpy (ids[i], im_alarms_page_get_shown (page, i)->id, sizeof ids[i]);
      im_alarms_page_set_checked (page, i, TRUE);
    }
  /* The rows' check boxes show it. */
  im_alarms_page_select (page, 0);
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    g_assert_nonnull (texture);
    save_png (texture, "alarms-checked.png");
    g_assert_cmpuint (count_active_checks (im_window_get_page (window, "alarms")), ==, 2);
  }
  g_assert_cmpstr (gtk_button_get_label (im_alarms_page_get_ack_button (page)), ==,
                   "_Acknowledge 2");
  g_signal_emit_by_name (im_alarms_page_get_ack_button (page), "clicked");
  /* A listing that began before the acknowledgement may land first: wait
   * for the one after it. */
  {
    AckWait wait = { page, { ids[0], ids[1] } };

    g_assert_true (im_test_wait_until (shown_acknowledged, &wait, 30000));
  }

  {
    g_autoptr(GArray) after = list_source_alarms (IM_DATA_SOURCE (source),
                                                  now - 24 * 3600 * IM_NSEC_PER_SEC,
                                                  now + 3600 * IM_NSEC_PER_SEC);
    guint n_acked = 0;

    for (guint i = 0; i < after->len; i++)
      {
        const ImAlarm *alarm = &g_array_index (after, ImAlarm, i);
        gboolean chosen = strcmp (alarm->id, ids[0]) == 0 || strcmp (alarm->id, ids[1]) == 0;

        g_assert_cmpint (alarm->acknowledged, ==, chosen);
        if (chosen)
          g_assert_cmpstr (alarm->ack_user, ==, user);
        n_acked += alarm->acknowledged;
      }
    g_assert_cmpuint (n_acked, ==, 2);
  }

  /* The page shows it too, and the row shown says by whom. */
  for (guint i = 0; i < im_alarms_page_get_n_shown (page); i++)
    {
      const ImAlarm *alarm = im_alarms_page_get_shown (page, i);

      if (strcmp (alarm->id, ids[0]) == 0)
        {
          g_assert_true (alarm->acknowledged);
          im_alarms_page_select (page, i);
        }
    }
  g_assert_cmpstr (im_alarms_page_get_selected_id (page), ==, ids[0]);
  g_assert_true (g_str_has_prefix (im_alarms_page_get_detail (page, "acked"), user));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (im_alarms_page_get_ack_button (page))));

  /* Opening one (as a notification does) shows it, whatever the filters. */
  {
    const ImAlarm *cleared = NULL;

    for (guint i = 0; i < all->len && cleared == NULL; i++)
      if (g_array_index (all, ImAlarm, i).state == IM_ALARM_STATE_CLEARED)
        cleared = &g_array_index (all, ImAlarm, i);
    g_assert_nonnull (cleared);

    gtk_drop_down_set_selected (im_alarms_page_get_dropdown (page, "state"), 1);  /* Active */
    im_window_show_page (window, "live");
    loads = im_alarms_page_get_n_loads (page);
    im_window_show_alarm (window, cleared->id);
    g_assert_cmpstr (im_window_get_visible_page (window), ==, "alarms");
    wait_alarms_loaded (page, loads + 1);
    g_assert_cmpstr (im_alarms_page_get_selected_id (page), ==, cleared->id);
    g_assert_cmpuint (gtk_drop_down_get_selected (im_alarms_page_get_dropdown (page, "state")),
                      ==, 0);
    g_assert_cmpstr (im_alarms_page_get_detail (page, "machine"), ==, cleared->machine_id);
  }

  destroy_window (window);
}

static gboolean
monitor_updated (gpointer data)
{
  return im_alarm_monitor_get_n_updates (data) > 0;
}

typedef struct
{
  AdwViewStackPage *page;
  guint             badge;
} BadgeWait;

static gboolean
badge_is (gpointer data)
{
  BadgeWait *wait = data;

  return adw_view_stack_page_get_badge_number (wait->page) == wait->badge;
}

static void
test_alarms_badge (void)
{
  g_autoptr(ImDemoSource) source = still_failing_demo_source ();
  g_autoptr(ImAlarmMonitor) monitor = im_alarm_monitor_new ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  GtkWidget *alarms = im_window_get_page (window, "alarms");
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (alarms, ADW_TYPE_VIEW_STACK));
  AdwViewStackPage *stack_page = adw_view_stack_get_page (stack, alarms);
  gint64 now = im_now_ns ();
  g_autoptr(GArray) active = list_source_alarms (IM_DATA_SOURCE (source), now, now);
  g_autoptr(GArray) unacked = g_array_new (FALSE, FALSE, sizeof (ImAlarm));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) done = NULL;
  BadgeWait wait = { stack_page, 0 };
  gboolean critical = FALSE;

  /* No monitor yet: no badge. */
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (stack_page), ==, 0);

  for (guint i = 0; i < active->len; i++)
    {
      const ImAlarm *alarm = &g_array_index (active, ImAlarm, i);

      if (!alarm->acknowledged)
        {
          g_array_append_vals (unacked, alarm, 1);
          critical |= alarm->severity == IM_ALARM_SEVERITY_CRITICAL;
        }
    }
  g_test_message ("%u active alarms, %u unacknowledged", active->len, unacked->len);
  g_assert_cmpuint (unacked->len, >, 0);

  im_alarm_monitor_set_source (monitor, IM_DATA_SOURCE (source));
  im_window_set_alarm_monitor (window, monitor);
  g_assert_true (im_test_wait_until (monitor_updated, monitor, 30000));
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (stack_page), ==, unacked->len);
  g_assert_cmpint (adw_view_stack_page_get_needs_attention (stack_page), ==, critical);
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    save_png (texture, "alarms-badge.png");
  }

  /* Acknowledged elsewhere, e.g. in another app: the badge follows. */
  im_data_source_acknowledge_alarms_async (IM_DATA_SOURCE (source),
                                           (const ImAlarm *) (gpointer) unacked->data, 1,
                                           "someone else", now, NULL,
                                           im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  done = im_data_source_acknowledge_alarms_finish (IM_DATA_SOURCE (source), result, NULL);
  g_assert_nonnull (done);
  wait.badge = unacked->len - 1;
  g_assert_true (im_test_wait_until (badge_is, &wait, 30000));

  im_window_set_alarm_monitor (window, NULL);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (stack_page), ==, 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (stack_page));

  destroy_window (window);
}

typedef struct
{
  ImChart *chart;
} AnnotatedWait;

/* The first of @chart's marks (@marker) or bands whose tooltip starts
 * with @prefix ("" for any), or NULL. */
static const ImChartAnnotation *
find_annotation (ImChart    *chart,
                 gboolean    marker,
                 const char *prefix)
{
  for (guint i = 0; i < im_chart_get_n_annotations (chart); i++)
    {
      const ImChartAnnotation *annotation = im_chart_get_annotation (chart, i);

      if ((annotation->start_ns == annotation->end_ns) == marker &&
          g_str_has_prefix (annotation->text, prefix))
        return annotation;
    }

  return NULL;
}

/* The alarms' marks are there (the state bands may come first). */
static gboolean
chart_annotated (gpointer data)
{
  return find_annotation (data, TRUE, "") != NULL;
}

typedef struct
{
  ImChart    *chart;
  const char *prefix;
} BandWait;

static gboolean
chart_has_band (gpointer data)
{
  BandWait *wait = data;

  return find_annotation (wait->chart, FALSE, wait->prefix) != NULL;
}

/* History's charts shade the windows that hold degrading or failing
 * readings, worst first, on every sensor's chart. */
static void
test_history_state_bands (void)
{
  g_autoptr(ImDemoSource) source = still_failing_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  g_autofree char *machine = NULL;
  GArray *aggregates;
  gint64 window_ns = 0;
  guint n_failing_windows = 0;

  /* A machine that failed in the last day. */
  {
    g_auto(GStrv) machines = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    gint64 now = im_now_ns ();

    im_data_source_list_machines_async (IM_DATA_SOURCE (source), NULL, im_test_store_result, &result);
    im_test_wait_result (&result, 30);
    machines = im_data_source_list_machines_finish (IM_DATA_SOURCE (source), result, NULL);
    g_assert_nonnull (machines);
    for (guint m = 0; machines[m] != NULL && machine == NULL; m++)
      {
        g_autoptr(GAsyncResult) raw_result = NULL;
        g_autoptr(GArray) raw = NULL;

        im_data_source_query_raw_async (IM_DATA_SOURCE (source), machines[m],
                                        now - 23 * 3600 * IM_NSEC_PER_SEC, now, NULL,
                                        im_test_store_result, &raw_result);
        im_test_wait_result (&raw_result, 30);
        raw = im_data_source_query_raw_finish (IM_DATA_SOURCE (source), raw_result, NULL);
        for (guint i = 0; raw != NULL && i < raw->len && machine == NULL; i++)
          if (g_array_index (raw, ImReading, i).state == IM_MACHINE_STATE_FAILING)
            machine = g_strdup (machines[m]);
      }
  }
  g_assert_nonnull (machine);

  g_object_set (history, "preset", "day", NULL);
  im_window_show_machine (window, machine, FALSE);
  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 30000));
  aggregates = im_history_page_get_aggregates (history, &window_ns);
  g_assert_nonnull (aggregates);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImChart *chart = IM_CHART (im_history_page_get_chart (history, (ImSensor) s));
      BandWait wait = { chart, "Failing" };
      BandWait stop = { chart, "Maintenance" };

      g_assert_true (im_test_wait_until (chart_has_band, &wait, 30000));
      /* It failed and went silent: stopped for maintenance. */
      g_assert_true (chart_has_band (&stop));

      /* Each window with a failing reading lies in a failing band. */
      n_failing_windows = 0;
      for (guint w = 0; w < aggregates->len; w++)
        {
          const ImAggregate *agg = &g_array_index (aggregates, ImAggregate, w);
          gboolean inside = FALSE;

          if (agg->n_failing == 0)
            continue;
          n_failing_windows++;
          for (guint i = 0; i < im_chart_get_n_annotations (chart) && !inside; i++)
            {
              const ImChartAnnotation *band = im_chart_get_annotation (chart, i);

              inside = band->tone == IM_CHART_TONE_CRITICAL &&
                       g_str_has_prefix (band->text, "Failing") &&
                       band->start_ns <= agg->time_ns && agg->time_ns + window_ns <= band->end_ns;
            }
          g_assert_true (inside);
        }
    }
  g_test_message ("%s: %u windows of %" G_GINT64_FORMAT " s with failing readings", machine,
                  n_failing_windows, window_ns / IM_NSEC_PER_SEC);
  g_assert_cmpuint (n_failing_windows, >, 0);
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    save_png (texture, "history-states.png");
  }

  destroy_window (window);
}

static gboolean
fleet_cards_alarmed (gpointer data)
{
  ImFleetPage *page = data;
  g_autoptr(GPtrArray) cards = im_fleet_page_list_machines (page);
  guint n = 0;

  for (guint i = 0; i < cards->len; i++)
    n += im_fleet_machine_get_n_alarms (g_ptr_array_index (cards, i));

  return cards->len == 5 && n > 0;
}

static void
test_alarm_annotations (void)
{
  g_autoptr(ImDemoSource) source = still_failing_demo_source ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  ImFleetPage *fleet = IM_FLEET_PAGE (im_window_get_page (window, "fleet"));
  gint64 now = im_now_ns ();
  g_autoptr(GArray) all = list_source_alarms (IM_DATA_SOURCE (source),
                                              now - 24 * 3600 * IM_NSEC_PER_SEC, now);
  g_autoptr(GArray) active = list_source_alarms (IM_DATA_SOURCE (source), now, now);
  const ImAlarm *alarm = NULL;
  ImChart *chart;
  guint n_markers = 0;
  gboolean found = FALSE;

  /* A cleared temperature alarm well inside the last day. */
  for (guint i = 0; i < all->len && alarm == NULL; i++)
    {
      const ImAlarm *a = &g_array_index (all, ImAlarm, i);

      if (strcmp (a->type, "zone_temperature") == 0 && a->state == IM_ALARM_STATE_CLEARED &&
          a->started_ns > now - 23 * 3600 * IM_NSEC_PER_SEC)
        alarm = a;
    }
  g_assert_nonnull (alarm);

  g_object_set (history, "preset", "day", NULL);
  im_window_show_machine (window, alarm->machine_id, FALSE);
  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 30000));
  chart = IM_CHART (im_history_page_get_chart (history, IM_SENSOR_TEMPERATURE));
  g_assert_true (im_test_wait_until (chart_annotated, chart, 30000));
  /* Drawn, so that the chart's view has its range. */
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    save_png (texture, "history-alarms.png");
  }

  /* A band while it was active and a marker where it was raised, whose
   * tooltip is the alarm's message. */
  for (guint i = 0; i < im_chart_get_n_annotations (chart); i++)
    {
      const ImChartAnnotation *annotation = im_chart_get_annotation (chart, i);

      if (annotation->start_ns == annotation->end_ns)
        n_markers++;
      if (annotation->start_ns == alarm->raised_ns && annotation->end_ns == alarm->raised_ns)
        {
          graphene_rect_t area;
          g_autoptr(GString) message = g_string_new (NULL);
          int under;

          im_alarm_append_message (alarm, message);
          g_assert_true (g_str_has_prefix (annotation->text, message->str));
          g_assert_cmpint (annotation->tone, ==, IM_CHART_TONE_CRITICAL);
          g_assert_true (im_chart_get_annotation_area (chart, i, &area));
          under = im_chart_find_annotation (chart, area.origin.x + area.size.width / 2,
                                            area.origin.y + area.size.height / 2);
          g_assert_cmpint (under, >=, 0);
          g_assert_cmpint (im_chart_get_annotation (chart, (guint) under)->start_ns, ==,
                           im_chart_get_annotation (chart, (guint) under)->end_ns);
          found = TRUE;
        }
      if (annotation->start_ns == alarm->raised_ns && annotation->end_ns == alarm->cleared_ns)
        g_assert_cmpint (annotation->tone, ==, IM_CHART_TONE_CRITICAL);
    }
  g_assert_true (found);
  /* One marker per temperature alarm of the machine, and of no other. */
  {
    guint expected = 0;

    for (guint i = 0; i < all->len; i++)
      {
        const ImAlarm *a = &g_array_index (all, ImAlarm, i);

        expected += strcmp (a->machine_id, alarm->machine_id) == 0 &&
                    (a->sensors == 0 || (a->sensors & (1u << IM_SENSOR_TEMPERATURE)) != 0);
      }
    g_assert_cmpuint (n_markers, ==, expected);
  }

  /* Fleet cards count their machine's active alarms. */
  im_window_show_page (window, "fleet");
  g_assert_true (im_test_wait_until (fleet_cards_alarmed, fleet, 30000));
  {
    g_autoptr(GPtrArray) cards = im_fleet_page_list_machines (fleet);

    for (guint i = 0; i < cards->len; i++)
      {
        ImFleetMachine *card = g_ptr_array_index (cards, i);
        guint expected = 0;

        for (guint a = 0; a < active->len; a++)
          expected += strcmp (g_array_index (active, ImAlarm, a).machine_id,
                              im_fleet_machine_get_machine_id (card)) == 0;
        g_assert_cmpuint (im_fleet_machine_get_n_alarms (card), ==, expected);
        if (expected > 0)
          g_assert_nonnull (strstr (im_fleet_machine_get_alarms_text (card), "active alarm"));
        else
          g_assert_null (im_fleet_machine_get_alarms_text (card));
      }
  }
  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    save_png (texture, "fleet-alarms.png");
  }

  destroy_window (window);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static char *
dup_preset (ImHistoryPage *page)
{
  char *preset = NULL;

  g_object_get (page, "preset", &preset, NULL);

  return preset;
}

static void
test_history_preset (void)
{
  ImHistoryPage *page = g_object_ref_sink (g_object_new (IM_TYPE_HISTORY_PAGE, NULL));
  g_autofree char *day = dup_preset (page);
  g_autofree char *week = NULL;
  g_autofree char *custom = NULL;
  gint64 from_ns, to_ns;

  /* The last 24 hours to begin with. */
  g_assert_cmpstr (day, ==, "day");
  im_history_page_get_range (page, &from_ns, &to_ns);
  g_assert_cmpint (to_ns - from_ns, ==, 24 * 3600 * IM_NSEC_PER_SEC);

  /* A preset button is the stateful history.preset action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "history.preset", "s", "week"));
  week = dup_preset (page);
  g_assert_cmpstr (week, ==, "week");
  im_history_page_get_range (page, &from_ns, &to_ns);
  g_assert_cmpint (to_ns - from_ns, ==, 7 * 24 * 3600 * IM_NSEC_PER_SEC);

  /* A range of one's own is no preset. */
  im_history_page_set_range (page, from_ns, from_ns + 3600 * IM_NSEC_PER_SEC);
  custom = dup_preset (page);
  g_assert_cmpstr (custom, ==, "custom");

  g_assert_finalize_object (page);
}

static gboolean
switcher_bar_hidden (gpointer data)
{
  return !adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (data));
}

static void
test_narrow (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  ImWindow *window = im_window_new (NULL);
  ImLivePage *live = IM_LIVE_PAGE (im_window_get_page (window, "live"));
  GtkWidget *bar;
  int min_width;

  im_window_set_source (window, IM_DATA_SOURCE (source));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (im_test_wait_until (live_has_data, live, 20000));

  {
    g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (window), -1, -1);

    save_png (texture, "narrow.png");
    assert_not_blank (texture);
  }

  /* Every page fits 360 px. */
  for (guint i = 0; i < 3; i++)
    {
      const char *page = (const char *[]) { "live", "history", "fleet" }[i];

      gtk_widget_measure (im_window_get_page (window, page), GTK_ORIENTATION_HORIZONTAL, -1,
                          &min_width, NULL, NULL, NULL);
      g_test_message ("%s page: minimum width %d", page, min_width);
      g_assert_cmpint (min_width, <=, 360);
    }
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 370);

  /* The view switcher moved to the bottom bar. */
  bar = find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR);
  g_assert_nonnull (bar);
  g_assert_true (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));

  /* And back to the header when wide. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  g_assert_true (im_test_wait_until (switcher_bar_hidden, bar, 10000));
  g_assert_false (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/no-source", test_no_source);
  g_test_add_func ("/window/pages-render", test_pages_render);
  g_test_add_func ("/window/switch-machine", test_switch_machine);
  g_test_add_func ("/window/fleet-card-opens-live", test_fleet_card_opens_live);
  g_test_add_func ("/window/fleet-large", test_fleet_large);
  g_test_add_func ("/window/history-state-bands", test_history_state_bands);
  g_test_add_func ("/window/fleet-card-replaces-live-data", test_fleet_card_replaces_live_data);
  g_test_add_func ("/window/live-offline", test_live_offline);
  g_test_add_func ("/window/history-export", test_history_export);
  g_test_add_func ("/window/history-empty", test_history_empty);
  g_test_add_func ("/window/history-gap-demo", test_history_gap_demo);
  g_test_add_func ("/window/history-gap-influx", test_history_gap_influx);
  g_test_add_func ("/window/unreachable-banner", test_unreachable_banner);
  g_test_add_func ("/window/fleet-stale", test_fleet_stale);
  g_test_add_func ("/window/fleet-pipeline-behind", test_fleet_pipeline_behind);
  g_test_add_func ("/window/sparkline-width", test_sparkline_width);
  g_test_add_func ("/window/hung-backend-banner", test_hung_backend_banner);
  g_test_add_func ("/window/hung-backend-age", test_hung_backend_age);
  g_test_add_func ("/window/slow-backend-no-banner", test_slow_backend_no_banner);
  g_test_add_func ("/window/unreachable-clears-picker", test_unreachable_clears_picker);
  g_test_add_func ("/window/slow-backend-and-leaving-cancels", test_slow_backend_and_leaving_cancels);
  g_test_add_func ("/window/narrow", test_narrow);
  g_test_add_func ("/window/history-preset", test_history_preset);
  g_test_add_func ("/window/alarms-page", test_alarms_page);
  g_test_add_func ("/window/alarms-badge", test_alarms_badge);
  g_test_add_func ("/window/alarm-annotations", test_alarm_annotations);
  g_test_add_func ("/window/export-file-name", test_export_file_name);
  g_test_add_func ("/window/time-two-digits", test_time_two_digits);
  g_test_add_func ("/window/history-dims-while-loading", test_history_dims_while_loading);
  g_test_add_func ("/window/history-inverted-range", test_history_inverted_range);
  g_test_add_func ("/window/history-export-bar-keeps-charts", test_history_export_bar_keeps_charts);

  return g_test_run ();
}
