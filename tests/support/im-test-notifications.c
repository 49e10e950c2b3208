/* im-test-notifications.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-test-notifications.h"

struct _ImTestNotifications
{
  GDBusConnection *bus;
  guint            registration;
  guint            owner;
  gboolean         owned;
  guint            n_added;
  char            *app_id;
  char            *id;
  GVariant        *last;
  GHashTable      *arrivals;    /* id -> gint64 * */
};

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  ImTestNotifications *self = user_data;

  if (strcmp (method_name, "AddNotification") == 0)
    {
      self->n_added++;
      g_clear_pointer (&self->app_id, g_free);
      g_clear_pointer (&self->id, g_free);
      g_clear_pointer (&self->last, g_variant_unref);
      g_variant_get (parameters, "(ss@a{sv})", &self->app_id, &self->id, &self->last);
      if (!g_hash_table_contains (self->arrivals, self->id))
        {
          gint64 now = g_get_real_time ();

          g_hash_table_insert (self->arrivals, g_strdup (self->id), g_memdup2 (&now, sizeof now));
        }
    }

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((ImTestNotifications *) user_data)->owned = TRUE;
}

ImTestNotifications *
im_test_notifications_new (GDBusConnection *bus)
{
  ImTestNotifications *self = g_new0 (ImTestNotifications, 1);
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  self->bus = g_object_ref (bus);
  self->arrivals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);
  self->registration = g_dbus_connection_register_object (bus, "/org/gtk/Notifications",
                                                          info->interfaces[0], &vtable,
                                                          self, NULL, &error);
  g_assert_no_error (error);
  self->owner = g_bus_own_name_on_connection (bus, "org.gtk.Notifications",
                                              G_BUS_NAME_OWNER_FLAGS_NONE,
                                              name_acquired_cb, NULL, self, NULL);
  while (!self->owned && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!self->owned)
    g_error ("could not own org.gtk.Notifications within 10 s");

  return self;
}

void
im_test_notifications_free (ImTestNotifications *self)
{
  if (self == NULL)
    return;

  g_bus_unown_name (self->owner);
  g_dbus_connection_unregister_object (self->bus, self->registration);
  g_object_unref (self->bus);
  g_free (self->app_id);
  g_free (self->id);
  g_clear_pointer (&self->last, g_variant_unref);
  g_hash_table_unref (self->arrivals);
  g_free (self);
}

guint
im_test_notifications_get_n_added (ImTestNotifications *self)
{
  return self->n_added;
}

const char *
im_test_notifications_get_app_id (ImTestNotifications *self)
{
  return self->app_id;
}

const char *
im_test_notifications_get_id (ImTestNotifications *self)
{
  return self->id;
}

GVariant *
im_test_notifications_get_last (ImTestNotifications *self)
{
  return self->last;
}

gint64
im_test_notifications_get_arrival (ImTestNotifications *self,
                                   const char          *id)
{
  const gint64 *at = g_hash_table_lookup (self->arrivals, id);

  return at != NULL ? *at : 0;
}

guint
im_test_notifications_get_n_ids (ImTestNotifications *self)
{
  return g_hash_table_size (self->arrivals);
}
