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
history_has_data (gpointer data)
{
  ImHistoryPage *page = data;

  return !im_page_get_busy (IM_PAGE (page)) && im_history_page_get_aggregates (page, NULL) != NULL;
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
    g_assert_cmpint (new_to - to_ns, >=, window_ns);
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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/history-tools/moving-preset", test_moving_preset);

  return g_test_run ();
}
