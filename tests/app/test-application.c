/* test-application.c — the application: options, actions, shortcuts.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "im-alarm-monitor.h"
#include "im-alarms-page.h"
#include "im-application.h"
#include "im-credentials.h"
#include "im-demo-source.h"
#include "im-influx-source.h"
#include "im-preferences-window.h"
#include "im-util.h"
#include "im-window.h"

#include "im-test-app-util.h"

typedef void (*Check) (ImApplication *app,
                       ImWindow      *window,
                       gpointer       data);

typedef struct
{
  Check    check;
  gpointer data;
  guint    delay_ms;
  gboolean checked;
} Run;

static void
close_all_and_quit (ImApplication *app)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);

  g_application_quit (G_APPLICATION (app));
}

static gboolean
check_cb (gpointer user_data)
{
  ImApplication *app = user_data;
  Run *run = g_object_get_data (G_OBJECT (app), "run");
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

      window = windows ? windows->data : NULL;
    }

  g_assert_true (IM_IS_WINDOW (window));
  run->check (app, IM_WINDOW (window), run->data);
  run->checked = TRUE;
  close_all_and_quit (app);

  return G_SOURCE_REMOVE;
}

static void
window_added_cb (ImApplication *app,
                 GtkWindow     *window,
                 Run           *run)
{
  g_timeout_add (run->delay_ms, check_cb, app);
}

/* Runs the application with @argv; @check runs once its window is up. */
static int
run_app (const char * const *argv,
         Check               check,
         gpointer            data,
         gboolean           *checked)
{
  ImApplication *app = im_application_new ();
  Run run = { check, data, 300, FALSE };
  int status;

  g_object_set_data (G_OBJECT (app), "run", &run);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &run);
  status = g_application_run (G_APPLICATION (app), g_strv_length ((char **) argv), (char **) argv);
  g_assert_finalize_object (app);

  *checked = run.checked;

  return status;
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "source");
}

static void
check_demo_fleet (ImApplication *app,
                  ImWindow      *window,
                  gpointer       data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_true (IM_IS_DEMO_SOURCE (im_application_get_source (app)));
  g_assert_true (im_window_get_source (window) == im_application_get_source (app));
  g_assert_cmpstr (im_window_get_main_page (window), ==, "content");
  g_assert_cmpstr (im_window_get_visible_page (window), ==, "fleet");
  /* --demo is for this run: the settings keep the user's choice. */
  g_assert_cmpint (g_settings_get_enum (settings, "source"), ==, 0);  /* none */
  /* The shortcuts window comes from the help-overlay resource. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
}

static void
test_demo_option (void)
{
  const char *argv[] = { "industrialmind", "--demo", "--page=fleet", NULL };
  gboolean checked = FALSE;

  reset_settings ();
  g_assert_cmpint (run_app (argv, check_demo_fleet, NULL, &checked), ==, 0);
  g_assert_true (checked);
}

static void
name_owned_cb (GDBusConnection *connection,
               const char      *name,
               gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Another instance runs already (here: something owning the
 * application's name on its own connection, as the live app would):
 * --demo runs in this process, with its own window, instead of handing
 * its command line to that instance and returning at once. */
static void
test_demo_beside_running (void)
{
  const char *argv[] = { "industrialmind", "--demo", "--page=fleet", NULL };
  g_autoptr(GDBusConnection) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  gboolean owned = FALSE;
  gboolean checked = FALSE;
  guint owner;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  other = g_dbus_connection_new_for_address_sync (address,
                                                  G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                  G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                  NULL, NULL, &error);
  g_assert_no_error (error);
  owner = g_bus_own_name_on_connection (other, APP_ID, G_BUS_NAME_OWNER_FLAGS_NONE,
                                        name_owned_cb, NULL, &owned, NULL);
  g_assert_true (im_test_wait_until (is_true, &owned, 10000));

  reset_settings ();
  g_assert_cmpint (run_app (argv, check_demo_fleet, NULL, &checked), ==, 0);
  g_assert_true (checked);

  g_bus_unown_name (owner);
}

static void
check_quit_saves_size (ImApplication *app,
                       ImWindow      *window,
                       gpointer       data)
{
  gtk_window_set_default_size (GTK_WINDOW (window), 913, 677);
  /* Ctrl+Q */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* Quitting with Ctrl+Q keeps the window's size for the next start, as
 * closing the window does. */
static void
test_quit_saves_size (void)
{
  const char *argv[] = { "industrialmind", "--demo", NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gboolean checked = FALSE;

  reset_settings ();
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_assert_cmpint (run_app (argv, check_quit_saves_size, NULL, &checked), ==, 0);
  g_assert_true (checked);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 913);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 677);
}

static void
check_welcome_then_demo (ImApplication *app,
                         ImWindow      *window,
                         gpointer       data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* First launch: nothing configured. */
  g_assert_null (im_application_get_source (app));
  g_assert_cmpstr (im_window_get_main_page (window), ==, "welcome");

  /* "Try the Demo" */
  g_action_group_activate_action (G_ACTION_GROUP (app), "demo", NULL);
  g_assert_cmpint (g_settings_get_enum (settings, "source"), ==, 1);  /* demo */
  g_assert_true (IM_IS_DEMO_SOURCE (im_application_get_source (app)));
  g_assert_true (im_window_get_source (window) == im_application_get_source (app));
  g_assert_cmpstr (im_window_get_main_page (window), ==, "content");
}

static void
test_first_launch (void)
{
  const char *argv[] = { "industrialmind", NULL };
  gboolean checked = FALSE;

  reset_settings ();
  g_assert_cmpint (run_app (argv, check_welcome_then_demo, NULL, &checked), ==, 0);
  g_assert_true (checked);
  reset_settings ();
}

/* Whether a shortcut of @widget's (its class's, for a window) runs the
 * detailed action @detailed on @accel. */
static gboolean
has_shortcut (GtkWidget  *widget,
              const char *detailed,
              const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autofree char *name = NULL;
  g_autoptr(GVariant) target = NULL;

  g_assert_true (g_action_parse_detailed_name (detailed, &name, &target, NULL));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          GVariant *arguments = gtk_shortcut_get_arguments (shortcut);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (GTK_IS_NAMED_ACTION (action) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), name) &&
              g_str_equal (trigger, accel) &&
              (target == NULL ? arguments == NULL
                              : arguments != NULL && g_variant_equal (arguments, target)))
            return TRUE;
        }
    }

  return FALSE;
}

static void
check_accels (ImApplication *app,
              ImWindow      *window,
              gpointer       data)
{
  static const struct { const char *action; const char *accel; } expected[] = {
    { "app.quit", "<Control>q" },
    { "app.preferences", "<Control>comma" },
  };
  static const struct { const char *action; const char *accel; } window_expected[] = {
    { "win.refresh", "F5" },
    { "win.refresh", "<Control>r" },
    { "win.export", "<Control>e" },
    { "win.show-page('history')", "<Alt>2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    expected[i].action);

      g_assert_nonnull (accels);
      g_assert_cmpstr (accels[0], ==, expected[i].accel);
    }

  /* The window's shortcuts come with its class. */
  for (guint i = 0; i < G_N_ELEMENTS (window_expected); i++)
    {
      g_test_message ("%s on %s", window_expected[i].action, window_expected[i].accel);
      g_assert_true (has_shortcut (GTK_WIDGET (window), window_expected[i].action,
                                   window_expected[i].accel));
    }
  g_assert_false (has_shortcut (GTK_WIDGET (window), "win.show-page('history')", "<Alt>3"));

  for (guint i = 0; i < 4; i++)
    {
      const char *name = (const char *[]) { "quit", "preferences", "about", "demo" }[i];

      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), name));
    }

  /* win.show-page switches pages, as Alt+2 does. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "history");
  g_assert_cmpstr (im_window_get_visible_page (window), ==, "history");
}

static void
test_accels (void)
{
  const char *argv[] = { "industrialmind", "--demo", NULL };
  gboolean checked = FALSE;

  reset_settings ();
  g_assert_cmpint (run_app (argv, check_accels, NULL, &checked), ==, 0);
  g_assert_true (checked);
}

static gboolean
source_ready (gpointer data)
{
  return im_demo_source_get_ready (data);
}

static gboolean
monitor_listed (gpointer data)
{
  return im_alarm_monitor_get_n_updates (data) > 0;
}

static gboolean
alarm_selected (gpointer data)
{
  const char **want = data;
  ImAlarmsPage *page = (ImAlarmsPage *) want[1];

  return g_strcmp0 (im_alarms_page_get_selected_id (page), want[0]) == 0;
}

static void
check_alarms (ImApplication *app,
              ImWindow      *window,
              gpointer       data)
{
  ImDemoSource *source = IM_DEMO_SOURCE (im_application_get_source (app));
  ImAlarmMonitor *monitor = im_application_get_alarm_monitor (app);
  ImAlarmsPage *page = IM_ALARMS_PAGE (im_window_get_page (window, "alarms"));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) alarms = NULL;
  gint64 now = im_now_ns ();
  const char *want[2];

  /* --page=alarms */
  g_assert_cmpstr (im_window_get_visible_page (window), ==, "alarms");

  /* The application's monitor watches its source and badges the window. */
  g_assert_true (im_window_get_alarm_monitor (window) == monitor);
  g_assert_true (im_alarm_monitor_get_source (monitor) == IM_DATA_SOURCE (source));
  g_assert_true (im_test_wait_until (source_ready, source, 60000));
  g_assert_true (im_test_wait_until (monitor_listed, monitor, 30000));

  /* A notification's default action opens the page at its alarm. */
  im_data_source_list_alarms_async (IM_DATA_SOURCE (source), NULL,
                                    now - 20 * 3600 * IM_NSEC_PER_SEC, now,
                                    NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  alarms = im_data_source_list_alarms_finish (IM_DATA_SOURCE (source), result, NULL);
  g_assert_nonnull (alarms);
  g_assert_cmpuint (alarms->len, >, 0);

  im_window_show_page (window, "fleet");
  want[0] = g_array_index (alarms, ImAlarm, 0).id;
  want[1] = (const char *) page;
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-alarm",
                                  g_variant_new_string (want[0]));
  g_assert_cmpstr (im_window_get_visible_page (window), ==, "alarms");
  g_assert_true (im_test_wait_until (alarm_selected, want, 30000));
}

static void
test_alarms (void)
{
  const char *argv[] = { "industrialmind", "--demo", "--page=alarms", NULL };
  gboolean checked = FALSE;

  reset_settings ();
  g_assert_cmpint (run_app (argv, check_alarms, NULL, &checked), ==, 0);
  g_assert_true (checked);
}

static void
never (ImApplication *app,
       ImWindow      *window,
       gpointer       data)
{
  g_assert_not_reached ();
}

static void
test_bad_page (void)
{
  const char *argv[] = { "industrialmind", "--page=nowhere", NULL };
  gboolean checked = FALSE;

  if (g_test_subprocess ())
    {
      /* The error goes to stderr; the status says it failed. */
      g_assert_cmpint (run_app (argv, never, NULL, &checked), ==, 1);
      g_assert_false (checked);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Unknown page*nowhere*");
}

static void
test_bad_machine (void)
{
  const char *argv[] = { "industrialmind", "--demo", "--machine=bad id!", NULL };
  gboolean checked = FALSE;

  if (g_test_subprocess ())
    {
      g_assert_cmpint (run_app (argv, never, NULL, &checked), ==, 1);
      g_assert_false (checked);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*bad id!*is not a machine id*");
}

static void
test_bad_influxdb_url (void)
{
  const char *argv[] = { "industrialmind", "--influxdb=ftp://example.org", NULL };
  gboolean checked = FALSE;

  if (g_test_subprocess ())
    {
      g_assert_cmpint (run_app (argv, never, NULL, &checked), ==, 1);
      g_assert_false (checked);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*ftp://example.org*not an http or https URL*");
}

static void
check_influxdb_option (ImApplication *app,
                       ImWindow      *window,
                       gpointer       data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *url = g_settings_get_string (settings, "influxdb-url");

  /* Remembered for the next launch, and in use now. */
  g_assert_cmpstr (url, ==, "http://127.0.0.1:1");
  g_assert_cmpint (g_settings_get_enum (settings, "source"), ==, 2);
  g_assert_true (IM_IS_INFLUX_SOURCE (im_application_get_source (app)));
}

static void
test_influxdb_option (void)
{
  const char *argv[] = { "industrialmind", "--influxdb=http://127.0.0.1:1", NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gboolean checked = FALSE;

  reset_settings ();
  g_assert_cmpint (run_app (argv, check_influxdb_option, NULL, &checked), ==, 0);
  g_assert_true (checked);
  g_settings_reset (settings, "influxdb-url");
}

/* Every URL the window was given a source for, in order. */
static void
record_window_url (ImWindow  *window,
                   GPtrArray *urls)
{
  ImDataSource *source = im_window_get_source (window);

  if (source == NULL)
    return;  /* not given one yet */
  if (IM_IS_INFLUX_SOURCE (source))
    g_ptr_array_add (urls, g_strdup (im_influx_client_get_url (
      im_influx_source_get_client (IM_INFLUX_SOURCE (source)))));
  else
    g_ptr_array_add (urls, g_strdup (G_OBJECT_TYPE_NAME (source)));
}

static void
window_source_notify_cb (ImWindow   *window,
                         GParamSpec *pspec,
                         GPtrArray  *urls)
{
  record_window_url (window, urls);
}

static void
record_window_added_cb (ImApplication *app,
                        GtkWindow     *window,
                        GPtrArray     *urls)
{
  record_window_url (IM_WINDOW (window), urls);
  g_signal_connect (window, "notify::source", G_CALLBACK (window_source_notify_cb), urls);
}

static void
check_only_new_url (ImApplication *app,
                    ImWindow      *window,
                    gpointer       data)
{
  GPtrArray *urls = data;

  /* The window never had the remembered backend's source. */
  g_assert_cmpuint (urls->len, >, 0);
  for (guint i = 0; i < urls->len; i++)
    {
      g_test_message ("window source %u: %s", i, (const char *) g_ptr_array_index (urls, i));
      g_assert_cmpstr (g_ptr_array_index (urls, i), ==, "http://127.0.0.1:1");
    }
  g_assert_true (im_window_get_source (window) == im_application_get_source (app));
}

/* The URL on the command line is the first one queried, not the one
 * remembered from the last run. */
static void
test_influxdb_option_replaces_remembered (void)
{
  const char *argv[] = { "industrialmind", "--influxdb=http://127.0.0.1:1", NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  ImApplication *app = im_application_new ();
  Run run = { check_only_new_url, urls, 300, FALSE };
  int status;

  reset_settings ();
  g_settings_set_string (settings, "influxdb-url", "http://127.0.0.1:2");
  g_settings_set_enum (settings, "source", 2);  /* influxdb */

  g_object_set_data (G_OBJECT (app), "run", &run);
  g_signal_connect (app, "window-added", G_CALLBACK (record_window_added_cb), urls);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &run);
  status = g_application_run (G_APPLICATION (app), g_strv_length ((char **) argv), (char **) argv);
  g_assert_finalize_object (app);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);
  g_settings_reset (settings, "influxdb-url");
  reset_settings ();
}

typedef struct
{
  ImApplication *app;
  ImDataSource  *old;
} SourceSwap;

static gboolean
source_is_influx (gpointer data)
{
  return IM_IS_INFLUX_SOURCE (im_application_get_source (data));
}

static gboolean
source_replaced (gpointer data)
{
  SourceSwap *swap = data;

  return im_application_get_source (swap->app) != swap->old;
}

static void
check_secret_reloads (ImApplication *app,
                      ImWindow      *window,
                      gpointer       data)
{
  ImCredentials *credentials = im_credentials_get_default ();
  g_autoptr(GAsyncResult) result = NULL;
  SourceSwap swap = { app, NULL };

  /* The first source waits for the keyring's answer. */
  g_assert_true (im_test_wait_until (source_is_influx, app, 10000));
  swap.old = im_application_get_source (app);

  /* Whoever stores a secret tells nobody: the store's ::changed makes
   * the application build its connection again. */
  im_credentials_store_async (credentials, IM_CREDENTIAL_TOKEN,
                              "http://127.0.0.1:1", "sensors", "", "s3cret",
                              NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 10);
  im_credentials_store_finish (credentials, result, NULL);
  g_assert_true (im_test_wait_until (source_replaced, &swap, 10000));
  g_assert_true (IM_IS_INFLUX_SOURCE (im_application_get_source (app)));
  g_assert_true (im_window_get_source (window) == im_application_get_source (app));
}

static void
test_secret_reloads (void)
{
  const char *argv[] = { "industrialmind", "--influxdb=http://127.0.0.1:1", NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gboolean checked = FALSE;

  reset_settings ();
  g_settings_set_string (settings, "influxdb-auth", "token");
  g_assert_cmpint (run_app (argv, check_secret_reloads, NULL, &checked), ==, 0);
  g_assert_true (checked);
  g_settings_reset (settings, "influxdb-url");
  g_settings_reset (settings, "influxdb-auth");
}

static void
check_preferences_source (ImApplication *app,
                          ImWindow      *window,
                          gpointer       data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  ImPreferencesWindow *prefs = im_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));

  /* The Demo Fleet radio is the "source" key's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "settings.source", "s", "demo"));
  g_assert_cmpint (g_settings_get_enum (settings, "source"), ==, 1);  /* demo */
  g_assert_true (IM_IS_DEMO_SOURCE (im_application_get_source (app)));

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_preferences_source (void)
{
  const char *argv[] = { "industrialmind", NULL };
  gboolean checked = FALSE;

  reset_settings ();
  g_assert_cmpint (run_app (argv, check_preferences_source, NULL, &checked), ==, 0);
  g_assert_true (checked);
  reset_settings ();
}

static GtkWidget *
find_button_with_label (GtkWidget  *root,
                        const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_label (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
check_welcome_connect (ImApplication *app,
                       ImWindow      *window,
                       gpointer       data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GListModel *toplevels = gtk_window_get_toplevels ();
  ImPreferencesWindow *prefs = NULL;
  GtkWidget *button;
  GtkWidget *focus;

  g_assert_cmpstr (im_window_get_main_page (window), ==, "welcome");
  button = find_button_with_label (GTK_WIDGET (window), "_Connect to InfluxDB…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (IM_IS_PREFERENCES_WINDOW (toplevel))
        prefs = IM_PREFERENCES_WINDOW (toplevel);
    }
  g_assert_nonnull (prefs);

  /* InfluxDB chosen, its group editable, the address to type. */
  g_assert_cmpint (g_settings_get_enum (settings, "source"), ==, 2);  /* influxdb */
  g_assert_true (gtk_widget_is_sensitive (im_preferences_window_get_influxdb_group (prefs)));
  focus = gtk_window_get_focus (GTK_WINDOW (prefs));
  g_assert_nonnull (focus);
  g_assert_true (focus == im_preferences_window_get_url_row (prefs) ||
                 gtk_widget_is_ancestor (focus, im_preferences_window_get_url_row (prefs)));

  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* The welcome page's "Connect to InfluxDB…" opens the preferences ready
 * for it, not with InfluxDB greyed out. */
static void
test_welcome_connect (void)
{
  const char *argv[] = { "industrialmind", NULL };
  gboolean checked = FALSE;

  reset_settings ();
  g_assert_cmpint (run_app (argv, check_welcome_connect, NULL, &checked), ==, 0);
  g_assert_true (checked);
  reset_settings ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/application/demo-option", test_demo_option);
  g_test_add_func ("/application/demo-beside-running", test_demo_beside_running);
  g_test_add_func ("/application/quit-saves-size", test_quit_saves_size);
  g_test_add_func ("/application/first-launch", test_first_launch);
  g_test_add_func ("/application/accels", test_accels);
  g_test_add_func ("/application/alarms", test_alarms);
  g_test_add_func ("/application/bad-page", test_bad_page);
  g_test_add_func ("/application/influxdb-option", test_influxdb_option);
  g_test_add_func ("/application/influxdb-option-replaces-remembered",
                   test_influxdb_option_replaces_remembered);
  g_test_add_func ("/application/bad-influxdb-url", test_bad_influxdb_url);
  g_test_add_func ("/application/bad-machine", test_bad_machine);
  g_test_add_func ("/application/secret-reloads", test_secret_reloads);
  g_test_add_func ("/application/preferences-source", test_preferences_source);
  g_test_add_func ("/application/welcome-connect", test_welcome_connect);

  return g_test_run ();
}
