/* test-display-options.c — the display preferences (units, time zone) on
 * the pages and in the CSV exports, rendered under Xvfb.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "im-chart.h"
#include "im-csv-writer.h"
#include "im-demo-source.h"
#include "im-health-display.h"
#include "im-history-page-private.h"
#include "im-live-page-private.h"
#include "im-metric-card.h"
#include "im-page-private.h"
#include "im-settings.h"
#include "im-time-zone.h"
#include "im-units.h"
#include "im-widgets.h"
#include "im-util.h"
#include "im-window.h"

#include "im-test-app-util.h"

/* ---- Helpers ------------------------------------------------------- */

static gboolean
demo_is_ready (gpointer data)
{
  return im_demo_source_get_ready (data);
}

static ImDemoSource *
still_demo_source (void)
{
  ImDemoSource *source = im_test_demo_source_new (3);

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

/* The card around a page's chart: a title label, then the chart. */
static const char *
chart_title (GtkWidget *chart)
{
  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_first_child (gtk_widget_get_parent (chart))));
}

typedef struct
{
  GtkWidget  *widget;
  const char *unit;
} UnitWait;

static gboolean
card_shows_unit (gpointer data)
{
  UnitWait *wait = data;

  return g_strcmp0 (im_metric_card_get_unit_text (IM_METRIC_CARD (wait->widget)), wait->unit) == 0;
}

static gboolean
chart_shows_unit (gpointer data)
{
  UnitWait *wait = data;

  return g_strcmp0 (im_chart_get_unit (IM_CHART (wait->widget)), wait->unit) == 0;
}

/* The history charts hold the page's aggregates in @units. */
static void
assert_history_in_units (ImHistoryPage *history,
                         const ImUnits *units)
{
  GArray *aggregates = im_history_page_get_aggregates (history, NULL);

  g_assert_nonnull (aggregates);
  g_assert_cmpuint (aggregates->len, >, 10);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImChart *chart = IM_CHART (im_history_page_get_chart (history, s));
      ImTimeSeries *series = im_chart_get_series (chart, 0);
      const double *values = im_time_series_get_values (series);
      const double *mins = im_time_series_get_mins (series);
      g_autofree char *title = g_strdup_printf ("%s (%s)", im_sensor_label (s),
                                                im_units_get_symbol (units, s));

      g_assert_cmpstr (im_chart_get_unit (chart), ==, im_units_get_symbol (units, s));
      g_assert_cmpstr (chart_title (GTK_WIDGET (chart)), ==, title);
      g_assert_cmpuint (im_time_series_get_n_points (series), ==, aggregates->len);
      for (guint i = 0; i < aggregates->len; i++)
        {
          const ImAggregate *agg = &g_array_index (aggregates, ImAggregate, i);

          g_assert_cmpfloat_with_epsilon (values[i], im_units_convert (units, s, agg->mean[s]), 1e-9);
          g_assert_cmpfloat_with_epsilon (mins[i], im_units_convert (units, s, agg->min[s]), 1e-9);
        }
    }
}

/* ---- Tests --------------------------------------------------------- */

/* °F and bar from Preferences: cards, charts, their titles and the CSV
 * follow; the readings the pages hold stay in °C and PSI; back to °C
 * shows the stored values again. */
static void
test_units (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  g_autoptr(GSettings) settings = im_settings_new ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImLivePage *live = IM_LIVE_PAGE (im_window_get_page (window, "live"));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  GtkWidget *temperature_card = im_live_page_get_metric_card (live, IM_SENSOR_TEMPERATURE);
  GtkWidget *pressure_card = im_live_page_get_metric_card (live, IM_SENSOR_PRESSURE);
  const ImUnits stored = IM_UNITS_INIT_STORED;
  const ImUnits f_bar = { IM_TEMPERATURE_UNIT_FAHRENHEIT, IM_PRESSURE_UNIT_BAR };
  UnitWait wait;
  double celsius, psi;
  g_autofree char *dir = g_dir_make_tmp ("im-units-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "mean.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  /* local times, Europe/Berlin (main) */
  ImCsvFormat format = { f_bar, im_time_zone_get_display () };
  GArray *aggregates;
  gint64 window_ns;
  guint64 n_rows;

  g_assert_true (im_test_wait_until (live_has_data, live, 20000));
  g_assert_cmpstr (im_metric_card_get_unit_text (IM_METRIC_CARD (temperature_card)), ==, "°C");
  g_assert_cmpstr (chart_title (im_live_page_get_chart (live, IM_SENSOR_TEMPERATURE)), ==,
                   "Temperature (°C)");

  /* Live */
  g_settings_set_enum (settings, "temperature-unit", IM_TEMPERATURE_UNIT_FAHRENHEIT);
  g_settings_set_enum (settings, "pressure-unit", IM_PRESSURE_UNIT_BAR);
  wait = (UnitWait) { pressure_card, "bar" };
  g_assert_true (im_test_wait_until (card_shows_unit, &wait, 5000));
  g_assert_cmpstr (im_metric_card_get_unit_text (IM_METRIC_CARD (temperature_card)), ==, "°F");
  g_assert_true (im_test_wait_until (live_has_data, live, 20000));

  /* The card keeps the stored value and shows it converted. */
  celsius = im_metric_card_get_value (IM_METRIC_CARD (temperature_card));
  text = g_strdup_printf ("%.1f", celsius * 9.0 / 5.0 + 32.0);
  g_assert_cmpstr (im_metric_card_get_value_text (IM_METRIC_CARD (temperature_card)), ==, text);
  g_clear_pointer (&text, g_free);
  psi = im_metric_card_get_value (IM_METRIC_CARD (pressure_card));
  text = g_strdup_printf ("%.2f", psi * 0.06894757293168361);
  g_assert_cmpstr (im_metric_card_get_value_text (IM_METRIC_CARD (pressure_card)), ==, text);
  /* … which is the source's, in °C. */
  {
    gint64 now = im_now_ns ();
    g_autoptr(GArray) raw = query_raw (IM_DATA_SOURCE (source),
                                       im_page_get_machine (IM_PAGE (live)),
                                       now - 600 * IM_NSEC_PER_SEC, now + 600 * IM_NSEC_PER_SEC);

    g_assert_cmpuint (raw->len, >, 0);
    g_assert_cmpfloat_with_epsilon (celsius, g_array_index (raw, ImReading, raw->len - 1).values[IM_SENSOR_TEMPERATURE],
                                    1e-9);
  }

  /* The live chart's line is in °F and ends at the card's value. */
  {
    ImChart *chart = IM_CHART (im_live_page_get_chart (live, IM_SENSOR_TEMPERATURE));
    ImTimeSeries *series = im_chart_get_series (chart, 0);
    guint n = im_time_series_get_n_points (series);

    g_assert_cmpstr (im_chart_get_unit (chart), ==, "°F");
    g_assert_cmpstr (chart_title (GTK_WIDGET (chart)), ==, "Temperature (°F)");
    g_assert_cmpuint (n, >, 0);
    g_assert_cmpfloat_with_epsilon (im_time_series_get_values (series)[n - 1],
                                    celsius * 9.0 / 5.0 + 32.0, 1e-9);
  }

  /* History */
  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  assert_history_in_units (history, &f_bar);

  /* The aggregated CSV says what the screen says. */
  export_to (history, IM_HISTORY_EXPORT_AGGREGATES, file, &n_rows);
  aggregates = im_history_page_get_aggregates (history, &window_ns);
  im_csv_append_aggregates_header (expected, &format);
  for (guint i = 0; i < aggregates->len; i++)
    im_csv_append_aggregate (expected, &format, im_page_get_machine (IM_PAGE (history)), window_ns,
                             &g_array_index (aggregates, ImAggregate, i));
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "time,machine_id,window_seconds,count,"
                                             "temperature_degf_mean,"));
  g_assert_nonnull (strstr (contents, ",pressure_bar_mean,"));
  g_assert_cmpstr (contents, ==, expected->str);

  /* Back to the stored units: the same aggregates, unconverted. */
  g_settings_set_enum (settings, "temperature-unit", IM_TEMPERATURE_UNIT_CELSIUS);
  g_settings_set_enum (settings, "pressure-unit", IM_PRESSURE_UNIT_PSI);
  wait = (UnitWait) { im_history_page_get_chart (history, IM_SENSOR_PRESSURE), "PSI" };
  g_assert_true (im_test_wait_until (chart_shows_unit, &wait, 5000));
  assert_history_in_units (history, &stored);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_settings_reset (settings, "temperature-unit");
  g_settings_reset (settings, "pressure-unit");
  destroy_window (window);
}

static const char *
range_button_label (ImDateTimeButton *button)
{
  return gtk_menu_button_get_label (GTK_MENU_BUTTON (adw_bin_get_child (ADW_BIN (button))));
}

static gboolean
range_bar_in_utc (gpointer data)
{
  ImHistoryPage *history = data;

  return g_str_has_suffix (range_button_label (history->from_button), " UTC");
}

/* The screen and CSV in local time (Europe/Berlin here) say so; UTC from
 * Preferences moves the range bar, the axes, the hover label and the
 * CSV's times to UTC. */
static void
test_time_zone (void)
{
  g_autoptr(ImDemoSource) source = still_demo_source ();
  g_autoptr(GSettings) settings = im_settings_new ();
  ImWindow *window = new_window (IM_DATA_SOURCE (source));
  ImHistoryPage *history = IM_HISTORY_PAGE (im_window_get_page (window, "history"));
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autofree char *dir = g_dir_make_tmp ("im-zone-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "mean.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autofree char *local_label = NULL;
  g_autofree char *hover_local = NULL;
  g_autofree char *hover_utc = NULL;
  g_autofree char *expected = NULL;
  GArray *aggregates;
  gint64 from_ns, to_ns;
  guint64 n_rows;

  im_window_show_page (window, "history");
  g_assert_true (im_test_wait_until (history_has_data, history, 20000));
  im_history_page_get_range (history, &from_ns, &to_ns);

  /* Local: the range bar and summary name the zone. The demo's "now" is
   * in winter or summer: whichever, Berlin's abbreviation. */
  {
    g_autofree char *zone = im_time_zone_dup_abbreviation (berlin, from_ns);
    g_autofree char *suffix = g_strconcat (" ", zone, NULL);
    g_autofree char *in_zone = g_strconcat ("times in ", zone, NULL);

    g_assert_true (g_str_equal (zone, "CET") || g_str_equal (zone, "CEST"));
    g_assert_true (g_str_has_suffix (range_button_label (history->from_button), suffix));
    g_assert_nonnull (strstr (gtk_label_get_label (history->summary_label), in_zone));
  }
  local_label = g_strdup (range_button_label (history->from_button));
  hover_local = im_axis_format_time_full (from_ns, NULL);
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (from_ns / IM_NSEC_PER_SEC);
    g_autofree char *text = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");

    g_assert_cmpstr (hover_local, ==, text);
  }

  /* The CSV's times carry Berlin's offset. */
  export_to (history, IM_HISTORY_EXPORT_AGGREGATES, file, &n_rows);
  aggregates = im_history_page_get_aggregates (history, NULL);
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  {
    gint64 t = g_array_index (aggregates, ImAggregate, 0).time_ns;
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / IM_NSEC_PER_SEC);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, berlin);
    g_autofree char *text = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S.000000%:z");

    expected = g_strdup_printf ("\r\n%s,", text);
    g_assert_true (g_str_has_suffix (text, "+01:00") || g_str_has_suffix (text, "+02:00"));
    g_assert_nonnull (strstr (contents, expected));
  }
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&expected, g_free);

  /* UTC */
  g_settings_set_enum (settings, "time-zone", IM_TIME_ZONE_UTC);
  g_assert_true (im_test_wait_until (range_bar_in_utc, history, 5000));
  g_assert_cmpstr (range_button_label (history->from_button), !=, local_label);
  g_assert_nonnull (strstr (gtk_label_get_label (history->summary_label), "times in UTC"));
  /* the same instant, an hour or two earlier on the clock */
  g_assert_cmpint (im_date_time_button_get_time (history->from_button), ==, from_ns);
  hover_utc = im_axis_format_time_full (from_ns, NULL);
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (from_ns / IM_NSEC_PER_SEC);
    g_autofree char *text = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");

    g_assert_cmpstr (hover_utc, ==, text);
    g_assert_cmpstr (hover_utc, !=, hover_local);
  }

  export_to (history, IM_HISTORY_EXPORT_AGGREGATES, file, &n_rows);
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  {
    gint64 t = g_array_index (aggregates, ImAggregate, 0).time_ns;
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / IM_NSEC_PER_SEC);
    g_autofree char *text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.000000Z");

    expected = g_strdup_printf ("\r\n%s,", text);
    g_assert_nonnull (strstr (contents, expected));
  }

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_settings_reset (settings, "time-zone");
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* A local zone other than UTC, with summer time. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/display/units", test_units);
  g_test_add_func ("/display/time-zone", test_time_zone);

  return g_test_run ();
}
