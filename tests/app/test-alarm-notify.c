/* test-alarm-notify.c — the alarm monitor and its desktop notifications.
 *
 * The notifications are observed where the desktop would see them: this
 * test owns org.gtk.Notifications on its private session bus (as
 * gnome-shell does), so GApplication's own backend delivers them here.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-alarm-monitor.h"
#include "im-alarm-notifier.h"
#include "im-scripted-source.h"
#include "im-test-notifications.h"
#include "im-util.h"

#include "im-test-app-util.h"

#define TEST_APP_ID APP_ID ".TestNotify"

typedef struct
{
  ImTestNotifications *server;
  guint                n;
} AddedWait;

static gboolean
has_added (gpointer data)
{
  AddedWait *wait = data;

  return im_test_notifications_get_n_added (wait->server) >= wait->n;
}

typedef struct
{
  ImAlarmMonitor *monitor;
  guint           n;
} UpdateWait;

static gboolean
has_updated (gpointer data)
{
  UpdateWait *wait = data;

  return im_alarm_monitor_get_n_updates (wait->monitor) >= wait->n;
}

/* Sets the source's alarms and waits until the monitor listed them. */
static void
script (ImScriptedSource *source,
        ImAlarmMonitor   *monitor,
        const ImAlarm    *alarms,
        guint             n_alarms)
{
  UpdateWait wait = { monitor, im_alarm_monitor_get_n_updates (monitor) + 1 };

  im_scripted_source_set_alarms (source, alarms, n_alarms);
  g_assert_true (im_test_wait_until (has_updated, &wait, 10000));
}

static ImAlarm
make_alarm (const char      *machine,
            ImAlarmSeverity  severity,
            int              started_s)
{
  ImAlarm alarm = { 0 };
  gint64 t0 = im_now_ns () - 3600 * IM_NSEC_PER_SEC;

  g_strlcpy (alarm.machine_id, machine, sizeof alarm.machine_id);
  g_strlcpy (alarm.type, "zone_temperature", sizeof alarm.type);
  alarm.kind = IM_ALARM_KIND_ZONE;
  alarm.sensors = 1u << IM_SENSOR_TEMPERATURE;
  alarm.severity = severity;
  alarm.state = IM_ALARM_STATE_ACTIVE;
  alarm.started_ns = t0 + started_s * IM_NSEC_PER_SEC;
  alarm.raised_ns = alarm.started_ns + 30 * IM_NSEC_PER_SEC;
  alarm.updated_ns = alarm.raised_ns;
  alarm.value = severity == IM_ALARM_SEVERITY_CRITICAL ? 90.0 : 75.0;
  alarm.peak = alarm.value;
  alarm.threshold = severity == IM_ALARM_SEVERITY_CRITICAL ? 85.0 : 70.0;
  alarm.count = 1;
  im_alarm_set_id (&alarm);

  return alarm;
}

static void
test_once_per_alarm (void)
{
  g_autoptr(GApplication) app = g_application_new (TEST_APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_autoptr(ImScriptedSource) source = im_scripted_source_new ();
  g_autoptr(ImAlarmMonitor) monitor = im_alarm_monitor_new ();
  g_autoptr(ImAlarmNotifier) notifier = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(ImTestNotifications) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_id = NULL;
  AddedWait added = { NULL, 1 };
  ImAlarm alarms[4];
  const char *title, *action;
  g_autoptr(GVariant) target = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  server = im_test_notifications_new (bus);
  added.server = server;

  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);
  notifier = im_alarm_notifier_new (app, monitor);
  g_settings_set_boolean (settings, "alarm-notifications", TRUE);

  /* Active already when the app starts watching, a critical one too:
   * nothing to notify. */
  alarms[0] = make_alarm ("MACHINE_001", IM_ALARM_SEVERITY_WARNING, 0);
  alarms[1] = make_alarm ("MACHINE_002", IM_ALARM_SEVERITY_CRITICAL, 10);
  im_scripted_source_set_alarms (source, alarms, 2);
  im_alarm_monitor_set_source (monitor, IM_DATA_SOURCE (source));
  {
    UpdateWait wait = { monitor, 1 };

    g_assert_true (im_test_wait_until (has_updated, &wait, 10000));
  }
  g_assert_cmpuint (im_alarm_monitor_get_n_unacknowledged (monitor), ==, 2);
  g_assert_true (im_alarm_monitor_get_critical (monitor));
  g_assert_cmpuint (im_alarm_notifier_get_n_sent (notifier), ==, 0);

  /* A critical alarm is raised: one notification, that opens it. */
  alarms[2] = make_alarm ("MACHINE_003", IM_ALARM_SEVERITY_CRITICAL, 20);
  script (source, monitor, alarms, 3);
  g_assert_cmpuint (im_alarm_notifier_get_n_sent (notifier), ==, 1);
  g_assert_true (im_test_wait_until (has_added, &added, 10000));
  g_assert_cmpstr (im_test_notifications_get_app_id (server), ==, TEST_APP_ID);
  expected_id = g_strconcat ("alarm-", alarms[2].id, NULL);
  g_assert_cmpstr (im_test_notifications_get_id (server), ==, expected_id);
  g_assert_true (g_variant_lookup (im_test_notifications_get_last (server), "title", "&s", &title));
  g_assert_nonnull (strstr (title, "MACHINE_003"));
  g_assert_true (g_variant_lookup (im_test_notifications_get_last (server), "default-action", "&s",
                                   &action));
  g_assert_cmpstr (action, ==, "app.show-alarm");
  target = g_variant_lookup_value (im_test_notifications_get_last (server),
                                   "default-action-target", NULL);
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, alarms[2].id);

  /* It goes on, with new peaks and repeats: never again. */
  for (guint i = 0; i < 3; i++)
    {
      alarms[2].peak += 1.0;
      alarms[2].count++;
      alarms[2].updated_ns += IM_NSEC_PER_SEC;
      script (source, monitor, alarms, 3);
    }
  im_alarm_monitor_refresh (monitor);
  g_assert_cmpuint (im_alarm_notifier_get_n_sent (notifier), ==, 1);

  /* A warning that becomes critical is news once; a new warning is not. */
  alarms[0].severity = IM_ALARM_SEVERITY_CRITICAL;
  alarms[3] = make_alarm ("MACHINE_004", IM_ALARM_SEVERITY_WARNING, 30);
  script (source, monitor, alarms, 4);
  script (source, monitor, alarms, 4);
  g_assert_cmpuint (im_alarm_notifier_get_n_sent (notifier), ==, 2);
  added.n = 2;
  g_assert_true (im_test_wait_until (has_added, &added, 10000));
  g_free (expected_id);
  expected_id = g_strconcat ("alarm-", alarms[0].id, NULL);
  g_assert_cmpstr (im_test_notifications_get_id (server), ==, expected_id);

  /* Turned off in the preferences: nothing. */
  g_settings_set_boolean (settings, "alarm-notifications", FALSE);
  alarms[3].severity = IM_ALARM_SEVERITY_CRITICAL;
  script (source, monitor, alarms, 4);
  g_assert_cmpuint (im_alarm_notifier_get_n_sent (notifier), ==, 2);
  g_settings_reset (settings, "alarm-notifications");

  /* Everything sent arrived, and nothing else. */
  g_assert_cmpuint (im_test_notifications_get_n_added (server), ==, 2);

  /* Acknowledged, an alarm no longer counts for the badge. */
  alarms[1].acknowledged = TRUE;
  g_strlcpy (alarms[1].ack_user, "jane", sizeof alarms[1].ack_user);
  alarms[1].ack_ns = im_now_ns ();
  script (source, monitor, alarms, 4);
  g_assert_cmpuint (im_alarm_monitor_get_n_unacknowledged (monitor), ==, 3);

  /* Cleared, it no longer counts at all. */
  for (guint i = 0; i < 4; i++)
    {
      alarms[i].state = IM_ALARM_STATE_CLEARED;
      alarms[i].cleared_ns = im_now_ns ();
    }
  script (source, monitor, alarms, 4);
  g_assert_cmpuint (im_alarm_monitor_get_n_unacknowledged (monitor), ==, 0);
  g_assert_false (im_alarm_monitor_get_critical (monitor));
  g_assert_cmpuint (im_alarm_monitor_get_active (monitor)->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/alarm-notify/once-per-alarm", test_once_per_alarm);

  return g_test_run ();
}
