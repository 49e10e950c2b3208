/* im-preferences-window.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "im-credentials.h"
#include "im-influx-client.h"
#include "im-preferences-window.h"
#include "im-settings.h"

struct _ImPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesGroup  *influxdb_group;
  AdwEntryRow          *url_row;
  AdwEntryRow          *database_row;
  AdwComboRow          *auth_row;
  AdwEntryRow          *username_row;
  AdwEntryRow          *secret_row;
  AdwActionRow         *test_row;
  GtkSpinner           *test_spinner;
  GtkSpinButton        *interval_spin;
  GtkSwitch            *auto_refresh_switch;
  GtkSwitch            *alarm_notifications_switch;

  GSettings            *settings;
  AdwComboRow          *temperature_unit_row;
  AdwComboRow          *pressure_unit_row;
  AdwComboRow          *time_zone_row;
  ImCredentials        *credentials;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (ImPreferencesWindow, im_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_sensitivity (ImPreferencesWindow *self)
{
  ImAuthKind auth = g_settings_get_enum (self->settings, "influxdb-auth");

  gtk_widget_set_sensitive (GTK_WIDGET (self->influxdb_group),
                            g_settings_get_enum (self->settings, "source") == IM_SOURCE_INFLUXDB);
  gtk_widget_set_visible (GTK_WIDGET (self->username_row), auth == IM_AUTH_PASSWORD);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_row), auth != IM_AUTH_NONE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                 auth == IM_AUTH_TOKEN ? _("Token") : _("Password"));
}

static void
entry_applied_cb (ImPreferencesWindow *self,
                  AdwEntryRow         *row)
{
  g_autofree char *text = NULL;
  const char *key;

  g_assert (IM_IS_PREFERENCES_WINDOW (self));
  g_assert (ADW_IS_ENTRY_ROW (row));

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (row == self->url_row)
    key = "influxdb-url";
  else if (row == self->database_row)
    key = "influxdb-database";
  else
    key = "influxdb-username";

  g_settings_set_string (self->settings, key, text);
}

static void
auth_selected_cb (ImPreferencesWindow *self)
{
  guint auth;

  g_assert (IM_IS_PREFERENCES_WINDOW (self));

  auth = adw_combo_row_get_selected (self->auth_row);
  if (auth <= IM_AUTH_PASSWORD && (guint) g_settings_get_enum (self->settings, "influxdb-auth") != auth)
    g_settings_set_enum (self->settings, "influxdb-auth", auth);

  update_sensitivity (self);
}

static ImCredentialKind
credential_kind (ImPreferencesWindow *self)
{
  return g_settings_get_enum (self->settings, "influxdb-auth") == IM_AUTH_TOKEN
         ? IM_CREDENTIAL_TOKEN : IM_CREDENTIAL_PASSWORD;
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ImPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (!im_credentials_store_finish (IM_CREDENTIALS (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      toast = adw_toast_new (_("No keyring: the secret is kept until the app quits"));
    }
  else
    {
      toast = adw_toast_new (_("Saved in the keyring"));
    }

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
secret_applied_cb (ImPreferencesWindow *self)
{
  g_autofree char *url = NULL;
  g_autofree char *database = NULL;
  g_autofree char *username = NULL;

  g_assert (IM_IS_PREFERENCES_WINDOW (self));

  url = g_settings_get_string (self->settings, "influxdb-url");
  database = g_settings_get_string (self->settings, "influxdb-database");
  username = g_settings_get_string (self->settings, "influxdb-username");

  im_credentials_store_async (self->credentials, credential_kind (self), url, database, username,
                              gtk_editable_get_text (GTK_EDITABLE (self->secret_row)),
                              self->cancellable, secret_stored_cb, g_object_ref (self));
}

static void
auth_changed_cb (ImPreferencesWindow *self)
{
  g_assert (IM_IS_PREFERENCES_WINDOW (self));

  adw_combo_row_set_selected (self->auth_row, g_settings_get_enum (self->settings, "influxdb-auth"));
  update_sensitivity (self);
}

/* ---- Test connection ----------------------------------------------- */

static void
ping_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ImPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *subtitle = NULL;

  version = im_influx_client_ping_finish (IM_INFLUX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.test-connection", TRUE);

  if (version == NULL)
    /* Translators: %s is the error */
    subtitle = g_strdup_printf (_("Failed: %s"), error->message);
  else
    /* Translators: %s is the server's version */
    subtitle = g_strdup_printf (_("Connected to InfluxDB %s"), version);

  adw_action_row_set_subtitle (self->test_row, subtitle);
}

static void
test_with_secret (ImPreferencesWindow *self,
                  const char          *secret)
{
  g_autofree char *url = g_settings_get_string (self->settings, "influxdb-url");
  g_autofree char *database = g_settings_get_string (self->settings, "influxdb-database");
  g_autofree char *username = g_settings_get_string (self->settings, "influxdb-username");
  g_autoptr(ImInfluxClient) client = im_influx_client_new (url, database);
  ImAuthKind auth = g_settings_get_enum (self->settings, "influxdb-auth");

  im_influx_client_set_timeouts (client, 3000, 10000);
  if (auth == IM_AUTH_TOKEN && secret != NULL)
    im_influx_client_set_token (client, secret);
  else if (auth == IM_AUTH_PASSWORD)
    im_influx_client_set_basic_auth (client, username, secret ? secret : "");

  im_influx_client_ping_async (client, self->cancellable, ping_cb, g_object_ref (self));
}

static void
test_lookup_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ImPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  secret = im_credentials_lookup_finish (IM_CREDENTIALS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  test_with_secret (self, secret);
}

static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ImPreferencesWindow *self = IM_PREFERENCES_WINDOW (widget);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  g_autofree char *url = g_settings_get_string (self->settings, "influxdb-url");
  g_autofree char *database = g_settings_get_string (self->settings, "influxdb-database");
  g_autofree char *username = g_settings_get_string (self->settings, "influxdb-username");

  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  gtk_widget_action_set_enabled (widget, "prefs.test-connection", FALSE);
  adw_action_row_set_subtitle (self->test_row, _("Testing…"));

  if (g_settings_get_enum (self->settings, "influxdb-auth") == IM_AUTH_NONE || typed[0] != '\0')
    {
      test_with_secret (self, typed[0] != '\0' ? typed : NULL);
      return;
    }

  im_credentials_lookup_async (self->credentials, credential_kind (self), url, database, username,
                               self->cancellable, test_lookup_cb, g_object_ref (self));
}

/* ---- GObject ------------------------------------------------------- */

/* An enum key as a combo row whose items are the enum's values in the
 * schema's order: user_data is the key's nicks (as). */
static gboolean
nick_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  GVariant *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);
  gsize n = g_variant_n_children (nicks);

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (nicks, i);

      if (g_strcmp0 (g_variant_get_string (child, NULL), nick) == 0)
        {
          g_value_set_uint (value, (guint) i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
selected_to_nick (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  GVariant *nicks = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_variant_n_children (nicks))
    return NULL;

  return g_variant_get_child_value (nicks, selected);
}

static void
bind_enum_row (ImPreferencesWindow *self,
               AdwComboRow         *row,
               const char          *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) nicks = NULL;
  g_autofree char *kind = NULL;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(sv)", &kind, &nicks);
  g_assert (g_str_equal (kind, "enum"));

  g_settings_bind_with_mapping (self->settings, key, row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                nick_to_selected, selected_to_nick,
                                g_variant_ref (nicks), (GDestroyNotify) g_variant_unref);
}

static void
im_preferences_window_dispose (GObject *object)
{
  ImPreferencesWindow *self = (ImPreferencesWindow *) object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), IM_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (im_preferences_window_parent_class)->dispose (object);
}

static void
im_preferences_window_class_init (ImPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = im_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, influxdb_group);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, auth_row);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, secret_row);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, auto_refresh_switch);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, temperature_unit_row);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, pressure_unit_row);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, time_zone_row);
  gtk_widget_class_bind_template_child (widget_class, ImPreferencesWindow, alarm_notifications_switch);
  gtk_widget_class_bind_template_callback (widget_class, entry_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, auth_selected_cb);

  gtk_widget_class_install_action (widget_class, "prefs.test-connection", NULL,
                                   test_connection_action);
}

static void
im_preferences_window_init (ImPreferencesWindow *self)
{
  g_autoptr(GSimpleActionGroup) group = NULL;
  g_autoptr(GAction) source_action = NULL;
  g_autofree char *url = NULL;
  g_autofree char *database = NULL;
  g_autofree char *username = NULL;

  /* Before the template: its callbacks read the settings. */
  self->settings = im_settings_new ();
  self->credentials = g_object_ref (im_credentials_get_default ());
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The source radios are the "source" key, through settings.source. */
  group = g_simple_action_group_new ();
  source_action = g_settings_create_action (self->settings, "source");
  g_action_map_add_action (G_ACTION_MAP (group), source_action);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));

  url = g_settings_get_string (self->settings, "influxdb-url");
  database = g_settings_get_string (self->settings, "influxdb-database");
  username = g_settings_get_string (self->settings, "influxdb-username");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->database_row), database);
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);

  adw_preferences_group_set_description (self->influxdb_group,
                                         im_credentials_keyring_supported ()
                                         ? _("Tokens and passwords are kept in the keyring.")
                                         : _("This build has no keyring support: a token or "
                                             "password is kept only until the app quits."));

  auth_changed_cb (self);

  g_settings_bind (self->settings, "refresh-interval",
                   gtk_spin_button_get_adjustment (self->interval_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-refresh",
                   self->auto_refresh_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "alarm-notifications",
                   self->alarm_notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  bind_enum_row (self, self->temperature_unit_row, "temperature-unit");
  bind_enum_row (self, self->pressure_unit_row, "pressure-unit");
  bind_enum_row (self, self->time_zone_row, "time-zone");

  g_signal_connect_object (self->settings, "changed::source",
                           G_CALLBACK (update_sensitivity), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::influxdb-auth",
                           G_CALLBACK (auth_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

ImPreferencesWindow *
im_preferences_window_new (void)
{
  return g_object_new (IM_TYPE_PREFERENCES_WINDOW, NULL);
}

void
im_preferences_window_show_influxdb (ImPreferencesWindow *self)
{
  g_return_if_fail (IM_IS_PREFERENCES_WINDOW (self));

  /* The InfluxDB radio, as if clicked: the group becomes editable. */
  g_settings_set_enum (self->settings, "source", IM_SOURCE_INFLUXDB);
  update_sensitivity (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

GtkWidget *
im_preferences_window_get_influxdb_group (ImPreferencesWindow *self)
{
  g_return_val_if_fail (IM_IS_PREFERENCES_WINDOW (self), NULL);

  return GTK_WIDGET (self->influxdb_group);
}

GtkWidget *
im_preferences_window_get_url_row (ImPreferencesWindow *self)
{
  g_return_val_if_fail (IM_IS_PREFERENCES_WINDOW (self), NULL);

  return GTK_WIDGET (self->url_row);
}
