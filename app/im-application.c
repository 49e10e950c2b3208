/* im-application.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-application"

#include "config.h"

#include <glib/gi18n.h>

#include "im-alarm-monitor.h"
#include "im-alarm-notifier.h"
#include "im-application.h"
#include "im-credentials.h"
#include "im-demo-source.h"
#include "im-influx-client.h"
#include "im-influx-source.h"
#include "im-preferences-window.h"
#include "im-reading.h"
#include "im-settings.h"
#include "im-window.h"

#define CONNECT_TIMEOUT_MS 3000
#define TOTAL_TIMEOUT_MS   30000

struct _ImApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  ImCredentials  *credentials;
  ImDataSource   *source;
  ImAlarmMonitor *alarm_monitor;
  ImAlarmNotifier *alarm_notifier;
  GCancellable   *source_cancellable;
  guint           reload_id;
  gboolean        demo_override;
};

enum {
  PROP_0,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ImApplication, im_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start with the built-in demo fleet, whatever the preferences say"), NULL },
  { "page", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open a page: live, history, fleet or alarms"), N_("PAGE") },
  { "machine", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Show this machine on the live and history pages"), N_("ID") },
  { "influxdb", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect to the InfluxDB at this URL and remember it in the preferences"), N_("URL") },
  { NULL }
};

static void
set_source (ImApplication *self,
            ImDataSource  *source)
{
  if (g_set_object (&self->source, source))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

typedef struct
{
  ImApplication    *self;
  ImInfluxClient   *client;
  ImCredentialKind  kind;
  char             *username;
} SecretLookup;

static void
secret_lookup_free (SecretLookup *lookup)
{
  g_object_unref (lookup->self);
  g_object_unref (lookup->client);
  g_free (lookup->username);
  g_free (lookup);
}

static void
secret_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SecretLookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(ImInfluxSource) source = NULL;

  secret = im_credentials_lookup_finish (IM_CREDENTIALS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      secret_lookup_free (lookup);
      return;
    }

  if (error != NULL)
    g_warning ("Could not read the InfluxDB secret: %s", error->message);

  if (secret != NULL)
    {
      if (lookup->kind == IM_CREDENTIAL_TOKEN)
        im_influx_client_set_token (lookup->client, secret);
      else
        im_influx_client_set_basic_auth (lookup->client, lookup->username, secret);
    }
  else if (lookup->kind == IM_CREDENTIAL_PASSWORD && lookup->username[0] != '\0')
    {
      im_influx_client_set_basic_auth (lookup->client, lookup->username, "");
    }

  source = im_influx_source_new (lookup->client);
  set_source (lookup->self, IM_DATA_SOURCE (source));
  secret_lookup_free (lookup);
}

static void
build_source (ImApplication *self)
{
  g_autoptr(ImInfluxClient) client = NULL;
  g_autofree char *url = NULL;
  g_autofree char *database = NULL;
  g_autofree char *username = NULL;
  SecretLookup *lookup;
  ImSourceKind kind;
  ImAuthKind auth;

  g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->source_cancellable);
  self->source_cancellable = g_cancellable_new ();

  kind = self->demo_override ? IM_SOURCE_DEMO : g_settings_get_enum (self->settings, "source");

  if (kind == IM_SOURCE_DEMO)
    {
      g_autoptr(ImDemoSource) demo = NULL;

      if (IM_IS_DEMO_SOURCE (self->source))
        return;

      demo = im_demo_source_new (IM_DEMO_DEFAULT_MACHINES);
      set_source (self, IM_DATA_SOURCE (demo));
      return;
    }

  if (kind != IM_SOURCE_INFLUXDB)
    {
      set_source (self, NULL);
      return;
    }

  url = g_settings_get_string (self->settings, "influxdb-url");
  database = g_settings_get_string (self->settings, "influxdb-database");
  username = g_settings_get_string (self->settings, "influxdb-username");
  auth = g_settings_get_enum (self->settings, "influxdb-auth");

  client = im_influx_client_new (url, database);
  im_influx_client_set_timeouts (client, CONNECT_TIMEOUT_MS, TOTAL_TIMEOUT_MS);

  if (auth == IM_AUTH_NONE)
    {
      g_autoptr(ImInfluxSource) source = im_influx_source_new (client);

      set_source (self, IM_DATA_SOURCE (source));
      return;
    }

  lookup = g_new0 (SecretLookup, 1);
  lookup->self = g_object_ref (self);
  lookup->client = g_steal_pointer (&client);
  lookup->kind = auth == IM_AUTH_TOKEN ? IM_CREDENTIAL_TOKEN : IM_CREDENTIAL_PASSWORD;
  lookup->username = g_steal_pointer (&username);

  im_credentials_lookup_async (self->credentials, lookup->kind, url, database, lookup->username,
                               self->source_cancellable, secret_lookup_cb, lookup);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  ImApplication *self = user_data;

  self->reload_id = 0;
  build_source (self);

  return G_SOURCE_REMOVE;
}

static void
reload_source (ImApplication *self)
{
  /* Settings often change in bursts (typing a URL): build once. */
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (300, reload_idle_cb, self);
}

static void
source_changed_cb (ImApplication *self)
{
  g_assert (IM_IS_APPLICATION (self));

  /* A choice in the preferences ends what --demo started. */
  self->demo_override = FALSE;
  /* Switching sources is one deliberate click: no delay. */
  g_clear_handle_id (&self->reload_id, g_source_remove);
  build_source (self);
}

/* The connection's settings or its secret changed. */
static void
connection_changed_cb (ImApplication *self)
{
  g_assert (IM_IS_APPLICATION (self));

  if (!self->demo_override &&
      g_settings_get_enum (self->settings, "source") == IM_SOURCE_INFLUXDB)
    reload_source (self);
}

static ImWindow *
get_window (ImApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  ImWindow *created;

  if (IM_IS_WINDOW (window))
    return IM_WINDOW (window);

  created = im_window_new (GTK_APPLICATION (self));
  g_object_bind_property (self, "source", created, "source", G_BINDING_SYNC_CREATE);
  im_window_set_alarm_monitor (created, self->alarm_monitor);

  return created;
}

static int
im_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  ImApplication *self = IM_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *page = NULL;
  const char *machine = NULL;
  const char *influxdb = NULL;
  ImWindow *window;

  if (g_variant_dict_lookup (options, "influxdb", "&s", &influxdb))
    {
      g_autoptr(GUri) uri = g_uri_parse (influxdb, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL ||
          (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
           g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
        {
          g_application_command_line_printerr (command_line,
                                               _("“%s” is not an http or https URL\n"),
                                               influxdb);
          return EXIT_FAILURE;
        }

      self->demo_override = FALSE;
      g_settings_set_string (self->settings, "influxdb-url", influxdb);
      g_settings_set_enum (self->settings, "source", IM_SOURCE_INFLUXDB);
      /* At once, not after the delay for typing in the preferences: the
       * window must never query the URL remembered from the last run. */
      g_clear_handle_id (&self->reload_id, g_source_remove);
      build_source (self);
    }

  if (g_variant_dict_contains (options, "demo") && !self->demo_override)
    {
      self->demo_override = TRUE;
      build_source (self);
    }

  g_variant_dict_lookup (options, "page", "&s", &page);
  g_variant_dict_lookup (options, "machine", "&s", &machine);

  if (page != NULL && !im_window_page_is_valid (page))
    {
      g_application_command_line_printerr (command_line,
                                           _("Unknown page “%s”: use live, history, fleet or alarms\n"),
                                           page);
      return EXIT_FAILURE;
    }

  if (machine != NULL && !im_id_is_valid (machine, -1))
    {
      g_application_command_line_printerr (command_line,
                                           _("“%s” is not a machine id: use 1 to 64 letters, "
                                             "digits and _.:-\n"),
                                           machine);
      return EXIT_FAILURE;
    }

  window = get_window (self);
  if (page != NULL)
    im_window_show_page (window, page);
  if (machine != NULL)
    im_window_show_machine (window, machine, page == NULL);
  gtk_window_present (GTK_WINDOW (window));

  return EXIT_SUCCESS;
}

/* Whether an instance of the application runs already on the session
 * bus (FALSE without a bus: then this one runs on its own anyway). */
static gboolean
already_running (GApplication *app)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", g_application_get_application_id (app)),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 1000,
                                       NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);

  return owned;
}

/* The demo is a world of its own. Started while the application runs
 * already (on live data, say), --demo opens it in a process of its own,
 * its own window, instead of turning that window to the simulation and
 * returning at once. First, it is the unique instance as usual. */
static int
im_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "demo") && already_running (app))
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  if (G_APPLICATION_CLASS (im_application_parent_class)->handle_local_options != NULL)
    return G_APPLICATION_CLASS (im_application_parent_class)->handle_local_options (app, options);

  return -1;
}

static void
im_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (IM_APPLICATION (app))));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Closed as by their close buttons: each saves its size and state. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);

  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ImApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  ImPreferencesWindow *prefs = im_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

/* The welcome page's "Connect to InfluxDB…": the preferences with
 * InfluxDB chosen and its address to type. */
static void
connect_influxdb_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  ImApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  ImPreferencesWindow *prefs = im_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  im_preferences_window_show_influxdb (prefs);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
demo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  ImApplication *self = user_data;

  g_settings_set_enum (self->settings, "source", IM_SOURCE_DEMO);
}

/* The default action of an alarm's notification. */
static void
show_alarm_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  ImApplication *self = user_data;
  ImWindow *window = get_window (self);

  im_window_show_alarm (window, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  ImApplication *self = user_data;
  static const char *developers[] = { "The IndustrialMind Authors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APP_ID,
                        "application-name", _("IndustrialMind"),
                        "developer-name", _("The IndustrialMind Authors"),
                        "version", PACKAGE_VERSION,
                        "website", PACKAGE_WEBSITE,
                        "issue-url", PACKAGE_WEBSITE "/issues",
                        "comments", _("Watch a fleet of industrial machines: live sensor "
                                      "readings, their history and the health of every "
                                      "machine, from InfluxDB or a built-in demo fleet."),
                        "copyright", "© 2026 The IndustrialMind Authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* The keys a connection to InfluxDB is built from. */
static const char * const connection_keys[] = {
  "influxdb-url",
  "influxdb-database",
  "influxdb-auth",
  "influxdb-username",
};

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "demo", demo_action },
  { "show-alarm", show_alarm_action, "s" },
  { "connect-influxdb", connect_influxdb_action },
};

static void
im_application_startup (GApplication *app)
{
  ImApplication *self = IM_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (im_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
  /* The window's own shortcuts come with ImWindow's class. */

  self->settings = im_settings_new ();

  /* One watcher of the active alarms for the badge and the notifications. */
  self->alarm_monitor = im_alarm_monitor_new ();
  g_settings_bind (self->settings, "refresh-interval", self->alarm_monitor, "interval",
                   G_SETTINGS_BIND_GET);
  g_object_bind_property (self, "source", self->alarm_monitor, "source", G_BINDING_SYNC_CREATE);
  self->alarm_notifier = im_alarm_notifier_new (G_APPLICATION (self), self->alarm_monitor);

  g_signal_connect_object (self->settings, "changed::source",
                           G_CALLBACK (source_changed_cb), self,
                           G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (connection_keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", connection_keys[i], NULL);

      g_signal_connect_object (self->settings, signal,
                               G_CALLBACK (connection_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  self->credentials = g_object_ref (im_credentials_get_default ());
  g_signal_connect_object (self->credentials, "changed",
                           G_CALLBACK (connection_changed_cb), self,
                           G_CONNECT_SWAPPED);

  build_source (self);
}

static void
im_application_shutdown (GApplication *app)
{
  ImApplication *self = IM_APPLICATION (app);

  g_cancellable_cancel (self->source_cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->alarm_monitor != NULL)
    im_alarm_monitor_set_source (self->alarm_monitor, NULL);

  G_APPLICATION_CLASS (im_application_parent_class)->shutdown (app);
}

static void
im_application_dispose (GObject *object)
{
  ImApplication *self = (ImApplication *) object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_object (&self->alarm_notifier);
  g_clear_object (&self->alarm_monitor);
  g_clear_object (&self->source);
  g_clear_object (&self->source_cancellable);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (im_application_parent_class)->dispose (object);
}

static void
im_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ImApplication *self = IM_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_application_class_init (ImApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = im_application_dispose;
  object_class->get_property = im_application_get_property;

  app_class->activate = im_application_activate;
  app_class->command_line = im_application_command_line;
  app_class->handle_local_options = im_application_handle_local_options;
  app_class->startup = im_application_startup;
  app_class->shutdown = im_application_shutdown;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         IM_TYPE_DATA_SOURCE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
im_application_init (ImApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Watch a fleet of industrial machines."));
}

ImApplication *
im_application_new (void)
{
  return g_object_new (IM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", APP_RESOURCE_PATH,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}

ImDataSource *
im_application_get_source (ImApplication *self)
{
  g_return_val_if_fail (IM_IS_APPLICATION (self), NULL);

  return self->source;
}

ImAlarmMonitor *
im_application_get_alarm_monitor (ImApplication *self)
{
  g_return_val_if_fail (IM_IS_APPLICATION (self), NULL);

  return self->alarm_monitor;
}

GSettings *
im_application_get_settings (ImApplication *self)
{
  g_return_val_if_fail (IM_IS_APPLICATION (self), NULL);

  return self->settings;
}
