/* im-alarm-notifier.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-alarm-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "im-alarm-notifier.h"
#include "im-settings.h"

struct _ImAlarmNotifier
{
  GObject         parent_instance;

  GApplication   *application;   /* weak: it owns us */
  ImAlarmMonitor *monitor;
  GSettings      *settings;
  guint           n_sent;
};

G_DEFINE_FINAL_TYPE (ImAlarmNotifier, im_alarm_notifier, G_TYPE_OBJECT)

static void
alarm_raised_cb (ImAlarmNotifier *self,
                 const ImAlarm   *alarm,
                 ImAlarmMonitor  *monitor)
{
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;

  if (alarm->severity != IM_ALARM_SEVERITY_CRITICAL ||
      self->application == NULL ||
      !g_settings_get_boolean (self->settings, "alarm-notifications"))
    return;

  /* Translators: %s is a machine id, e.g. "MACHINE_003" */
  title = g_strdup_printf (_("Critical alarm on %s"), alarm->machine_id);
  im_alarm_append_message (alarm, message);

  notification = g_notification_new (title);
  g_notification_set_body (notification, message->str);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_default_action_and_target (notification, "app.show-alarm",
                                                "s", alarm->id);
  g_notification_add_button_with_target (notification, _("Show Alarm"), "app.show-alarm",
                                         "s", alarm->id);

  id = g_strconcat ("alarm-", alarm->id, NULL);
  g_application_send_notification (self->application, id, notification);
  self->n_sent++;
}

static void
im_alarm_notifier_dispose (GObject *object)
{
  ImAlarmNotifier *self = (ImAlarmNotifier *) object;

  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->monitor);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (im_alarm_notifier_parent_class)->dispose (object);
}

static void
im_alarm_notifier_class_init (ImAlarmNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = im_alarm_notifier_dispose;
}

static void
im_alarm_notifier_init (ImAlarmNotifier *self)
{
  self->settings = im_settings_new ();
}

ImAlarmNotifier *
im_alarm_notifier_new (GApplication   *application,
                       ImAlarmMonitor *monitor)
{
  ImAlarmNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (IM_IS_ALARM_MONITOR (monitor), NULL);

  self = g_object_new (IM_TYPE_ALARM_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->monitor = g_object_ref (monitor);
  g_signal_connect_object (monitor, "alarm-raised",
                           G_CALLBACK (alarm_raised_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

guint
im_alarm_notifier_get_n_sent (ImAlarmNotifier *self)
{
  g_return_val_if_fail (IM_IS_ALARM_NOTIFIER (self), 0);

  return self->n_sent;
}
