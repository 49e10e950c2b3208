/* test-influx-features.c — the pages' tools against the real InfluxDB,
 * rendered under Xvfb: why a score is low (Live and Fleet), units and
 * zoom on History, Compare; the readings are written here into a
 * database of the test's own.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "im-chart.h"
#include "im-compare-window.h"
#include "im-fleet-page-private.h"
#include "im-health-display.h"
#include "im-history-page-private.h"
#include "im-influx-client.h"
#include "im-influx-source.h"
#include "im-influxql.h"
#include "im-line-protocol.h"
#include "im-live-page-private.h"
#include "im-machine-card.h"
#include "im-page-private.h"
#include "im-settings.h"
#include "im-test-backend.h"
#include "im-time-zone.h"
#include "im-units.h"
#include "im-util.h"
#include "im-window.h"

#include "im-test-app-util.h"

#define HISTORY_S 2400
#define WARM_S    120     /* MACHINE_A: temperature in warning for the last 2 min */

static struct
{
  ImInfluxClient *client;
  ImInfluxSource *source;
  char           *database;
  gint64          now_ns;
  gint64          warm_since_ns;
} fixture;

static void
write_all (GString *body)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (im_influx_client_write (fixture.client, body->str, body->len, NULL, &error));
  g_assert_no_error (error);
  g_string_truncate (body, 0);
}

static gboolean
set_up (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char * const machines[] = { "MACHINE_A", "MACHINE_B", "MACHINE_C" };
  gint64 start_s;

  if (backend == NULL)
    return FALSE;

  fixture.database = im_test_unique_name ("im_app_features");
  fixture.client = im_influx_client_new (backend->influxdb_url, fixture.database);
  g_assert_true (im_influx_client_create_database (fixture.client, NULL, &error));
  g_assert_no_error (error);

  /* a reading a second for 40 minutes up to now */
  fixture.now_ns = im_now_ns ();
  start_s = fixture.now_ns / IM_NSEC_PER_SEC - HISTORY_S;
  fixture.warm_since_ns = (start_s + HISTORY_S - WARM_S + 1) * IM_NSEC_PER_SEC;
  for (guint m = 0; m < G_N_ELEMENTS (machines); m++)
    for (gint64 t = 1; t <= HISTORY_S; t++)
      {
        ImReading r;

        im_reading_init (&r);
        g_strlcpy (r.machine_id, machines[m], sizeof r.machine_id);
        g_snprintf (r.sensor_id, sizeof r.sensor_id, "%s-S1", machines[m]);
        r.time_ns = (start_s + t) * IM_NSEC_PER_SEC;
        r.values[IM_SENSOR_TEMPERATURE] = 50.0 + m * 2.0 + 3.0 * sin (t / 60.0);
        r.values[IM_SENSOR_VIBRATION] = 1.0 + 0.1 * m;
        r.values[IM_SENSOR_PRESSURE] = 50.0 + m;
        r.values[IM_SENSOR_POWER] = 250.0 + 10.0 * m;
        if (m == 0 && r.time_ns >= fixture.warm_since_ns)
          r.values[IM_SENSOR_TEMPERATURE] = 84.0;
        r.state = IM_MACHINE_STATE_NORMAL;
        r.degradation = 0.0;
        g_assert_true (im_lp_append_reading (body, &r, &error));
        g_assert_no_error (error);
        if (body->len > 512 * 1024)
          write_all (body);
      }
  write_all (body);

  fixture.source = im_influx_source_new (fixture.client);

  return TRUE;
}

static gboolean
ensure_fixture (void)
{
  static gboolean tried;

  if (!tried)
    {
      tried = TRUE;
      set_up ();
    }

  if (fixture.source == NULL)
    {
      im_test_backend_get ();  /* skips with the reason, or fails under IM_REQUIRE_BACKEND */
      return FALSE;
    }

  return TRUE;
}

static void
tear_down (void)
{
  g_autoptr(GString) q = g_string_new ("DROP DATABASE ");
  g_autoptr(ImInfluxResult) result = NULL;

  if (fixture.client == NULL)
    return;

  im_influxql_append_identifier (q, fixture.database);
  result = im_influx_client_query (fixture.client, q->str, NULL, NULL, NULL);

  g_clear_object (&fixture.source);
  g_clear_object (&fixture.client);
  g_clear_pointer (&fixture.database, g_free);
}

static ImWindow *
new_window (void)
{
  ImWindow *window = im_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  im_window_set_source (window, IM_DATA_SOURCE (fixture.source));
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
live_has_health (gpointer data)
{
  ImLivePage *page = data;

  return !im_page_get_busy (IM_PAGE (page)) &&
         g_strcmp0 (im_page_get_machine (IM_PAGE (page)), "MACHINE_A") == 0 &&
         im_live_page_get_health_text (page) != NULL;
}

static gboolean
fleet_has_cards (gpointer data)
{
  g_autoptr(GPtrArray) cards = im_fleet_page_list_machines (data);

  return !im_page_get_busy (IM_PAGE (data)) && cards->len == 3;
}

static gboolean
history_has_data (gpointer data)
{
  return !im_page_get_busy (IM_PAGE (data)) && im_history_page_get_aggregates (data, NULL) != NULL;
}

static char *
expected_driver (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (fixture.warm_since_ns / IM_NSEC_PER_SEC);
  g_autoptr(GDateTime) dt = g_date_time_to_timezone (utc, im_time_zone_get_display ());
  g_autofree char *since = g_date_time_format (dt, "%H:%M:%S");

  return g_strdup_printf ("Temperature Warning since %s", since);
}

/* MACHINE_A has run warm for two minutes: Live and its fleet card say
 * that temperature drives its score, and since when. */
static void
test_why_low (void)
{
  ImWindow *window;
  ImLivePage *live;
  ImFleetPage *fleet;
  g_autofree char *driver = NULL;

  if (!ensure_fixture ())
    return;

  driver = expected_driver ();
  window = new_window ();
  live = IM_LIVE_PAGE (im_window_get_page (window, "live"));
  im_page_set_machine (IM_PAGE (live), "MACHINE_A");
  g_assert_true (im_test_wait_until (live_has_health, live, 30000));
  g_test_message ("live: %s", im_live_page_get_health_text (live));
  g_assert_nonnull (strstr (im_live_page_get_health_text (live), driver));
  g_assert_true (g_str_has_prefix (im_live_page_get_health_text (live), "Health "));

  im_window_show_page (window, "fleet");
  fleet = IM_FLEET_PAGE (im_window_get_page (window, "fleet"));
  g_assert_true (im_test_wait_until (fleet_has_cards, fleet, 30000));
  {
    g_autoptr(GPtrArray) cards = im_fleet_page_list_machines (fleet);

    for (guint i = 0; i < cards->len; i++)
      {
        ImFleetMachine *card = g_ptr_array_index (cards, i);
        const char *id = im_fleet_machine_get_machine_id (card);

        if (g_str_equal (id, "MACHINE_A"))
          g_assert_cmpstr (im_fleet_machine_get_driver_text (card), ==, driver);
        else
          g_assert_null (im_fleet_machine_get_driver_text (card));
      }
  }

  destroy_window (window);
}

/* History in °F and zoomed, and Compare, on InfluxDB's answers. */
static void
test_history_tools (void)
{
  g_autoptr(GSettings) settings = im_settings_new ();
  ImWindow *window;
  ImHistoryPage *history;
  ImCompareWindow *compare;
  ImChart *chart;
  graphene_rect_t plot;
  GArray *aggregates;
  gint64 window_ns, zoom_window_ns;

  if (!ensure_fixture ())
    return;

  g_settings_set_enum (settings, "temperature-unit", IM_TEMPERATURE_UNIT_FAHRENHEIT);
  window = new_window ();
  history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  im_window_show_page (window, "history");
  im_page_set_machine (IM_PAGE (history), "MACHINE_B");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.preset", "s", "hour"));
  g_assert_true (im_test_wait_until (history_has_data, history, 30000));

  /* °F on the chart, from InfluxDB's means in °C */
  chart = IM_CHART (im_history_page_get_chart (history, IM_SENSOR_TEMPERATURE));
  aggregates = im_history_page_get_aggregates (history, &window_ns);
  g_assert_cmpuint (aggregates->len, >, 10);
  g_assert_cmpstr (im_chart_get_unit (chart), ==, "°F");
  for (guint i = 0; i < aggregates->len; i++)
    g_assert_cmpfloat_with_epsilon (im_time_series_get_values (im_chart_get_series (chart, 0))[i],
                                    g_array_index (aggregates, ImAggregate, i).mean[IM_SENSOR_TEMPERATURE] * 1.8 + 32.0,
                                    1e-9);

  /* a drag over the middle: a new, finer query */
  im_chart_get_plot_area (chart, &plot);
  im_history_page_zoom_to_pixels (history, IM_SENSOR_TEMPERATURE,
                                  plot.origin.x + plot.size.width * 0.4,
                                  plot.origin.x + plot.size.width * 0.6);
  g_assert_true (im_test_wait_until (history_has_data, history, 30000));
  im_history_page_get_aggregates (history, &zoom_window_ns);
  g_test_message ("1 h in %" G_GINT64_FORMAT " s windows, zoomed in %" G_GINT64_FORMAT " s",
                  window_ns / IM_NSEC_PER_SEC, zoom_window_ns / IM_NSEC_PER_SEC);
  g_assert_cmpint (zoom_window_ns, <, window_ns);

  /* back to the last hour */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.zoom-back", NULL));
  g_assert_true (im_test_wait_until (history_has_data, history, 30000));
  {
    gint64 from_ns, to_ns;

    im_history_page_get_range (history, &from_ns, &to_ns);
    g_assert_cmpint (to_ns - from_ns, ==, 3600 * IM_NSEC_PER_SEC);
  }

  /* Compare over it, one query per machine */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.compare", NULL));
  compare = im_history_page_get_compare_window (history);
  g_object_add_weak_pointer (G_OBJECT (compare), (gpointer *) &compare);
  while (im_compare_window_get_busy (compare))
    g_main_context_iteration (NULL, TRUE);
  {
    g_auto(GStrv) shown = im_compare_window_dup_shown (compare);
    g_auto(GStrv) legend = im_compare_window_dup_legend (compare);
    /* all three (four at most to begin with), in the list's order */
    const char * const expected[] = { "MACHINE_A", "MACHINE_B", "MACHINE_C", NULL };
    ImChart *compare_chart = IM_CHART (im_compare_window_get_chart (compare));

    g_assert_cmpstrv (shown, expected);
    g_assert_cmpstrv (legend, expected);
    g_assert_cmpuint (im_chart_get_n_series (compare_chart), ==, 3);
    for (guint i = 0; i < 3; i++)
      g_assert_cmpuint (im_time_series_get_n_points (im_chart_get_series (compare_chart, i)), >, 3);
    /* MACHINE_A ran warm at the end: its last mean is the warmest */
    {
      ImTimeSeries *a = im_chart_get_series (compare_chart, 0);
      ImTimeSeries *b = im_chart_get_series (compare_chart, 1);
      guint na = im_time_series_get_n_points (a);
      guint nb = im_time_series_get_n_points (b);

      g_assert_cmpfloat (im_time_series_get_values (a)[na - 1], >, im_time_series_get_values (b)[nb - 1]);
    }
  }
  gtk_window_destroy (GTK_WINDOW (compare));
  while (compare != NULL)
    g_main_context_iteration (NULL, FALSE);

  g_settings_reset (settings, "temperature-unit");
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/influx-features/why-low", test_why_low);
  g_test_add_func ("/influx-features/history-tools", test_history_tools);

  ret = g_test_run ();
  tear_down ();

  return ret;
}
