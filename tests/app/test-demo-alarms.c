/* test-demo-alarms.c — the demo source's alarms: lib/'s engine on the
 * simulated readings, listed and acknowledged through ImDataSource.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-alarm-list.h"
#include "im-demo-source.h"
#include "im-health.h"
#include "im-util.h"

#include "im-test-app-util.h"

#define HOUR_NS (3600 * IM_NSEC_PER_SEC)

static gboolean
is_ready (gpointer data)
{
  return im_demo_source_get_ready (data);
}

/* The demo as it ships: a day of five machines that break down every few
 * hours, held still. */
static ImDemoSource *
new_demo (void)
{
  ImDemoSource *source = im_demo_source_new (5);

  g_assert_true (im_test_wait_until (is_ready, source, 60000));
  im_demo_source_set_live (source, FALSE);

  return source;
}

static GArray *
list_alarms (ImDemoSource *source,
             const char   *machine,
             gint64        from,
             gint64        to)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *alarms;

  im_data_source_list_alarms_async (IM_DATA_SOURCE (source), machine, from, to, NULL,
                                    im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  alarms = im_data_source_list_alarms_finish (IM_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (alarms);

  return alarms;
}

static GArray *
query_raw (ImDemoSource *source,
           const char   *machine,
           gint64        from,
           gint64        to)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *raw;

  im_data_source_query_raw_async (IM_DATA_SOURCE (source), machine, from, to, NULL,
                                  im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  raw = im_data_source_query_raw_finish (IM_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);

  return raw;
}

static void
test_list (void)
{
  g_autoptr(ImDemoSource) source = new_demo ();
  gint64 now = im_now_ns ();
  gint64 from = now - 25 * HOUR_NS;
  g_autoptr(GArray) all = list_alarms (source, NULL, from, now + HOUR_NS);
  g_autoptr(GArray) active = NULL;
  g_autoptr(GArray) one = NULL;
  guint n_checked = 0;
  guint n_active = 0;
  guint n_anomaly = 0;

  g_test_message ("%u alarms in a day of five machines", all->len);
  g_assert_cmpuint (all->len, >, 0);

  for (guint i = 0; i < all->len; i++)
    {
      const ImAlarm *alarm = &g_array_index (all, ImAlarm, i);

      g_assert_cmpuint (strlen (alarm->id), ==, IM_ALARM_ID_LEN);
      g_assert_true (g_str_has_prefix (alarm->machine_id, "MACHINE_00"));
      g_assert_cmpint (alarm->raised_ns, >=, alarm->started_ns);
      g_assert_cmpint (alarm->state, !=, IM_ALARM_STATE_PENDING);
      g_assert_false (alarm->acknowledged);
      if (i > 0)
        g_assert_cmpint (alarm->started_ns, >=, g_array_index (all, ImAlarm, i - 1).started_ns);
      n_active += alarm->state == IM_ALARM_STATE_ACTIVE;

      /* The detector ran too: its events raise the anomaly alarms. */
      if (alarm->kind == IM_ALARM_KIND_ANOMALY)
        {
          g_assert_true (g_str_has_prefix (alarm->type, "anomaly_"));
          g_assert_cmpuint (alarm->sensors, !=, 0);
          g_assert_cmpfloat (alarm->peak, >=, 0.5);
          g_assert_cmpfloat (alarm->peak, <=, 1.0);
          n_anomaly++;
        }

      /* The engine ran on the very readings the store holds: a cleared
       * temperature alarm's peak is the hottest of them, and it was
       * raised beyond its threshold. */
      if (strcmp (alarm->type, "zone_temperature") == 0 &&
          alarm->state == IM_ALARM_STATE_CLEARED && n_checked < 3)
        {
          g_autoptr(GArray) raw = query_raw (source, alarm->machine_id,
                                             alarm->started_ns, alarm->cleared_ns + 1);
          double hottest = -INFINITY;
          ImZoneLimits limits;

          for (guint r = 0; r < raw->len; r++)
            hottest = MAX (hottest, g_array_index (raw, ImReading, r).values[IM_SENSOR_TEMPERATURE]);
          g_assert_cmpfloat (alarm->peak, ==, hottest);
          im_sensor_zone_limits (IM_SENSOR_TEMPERATURE, &limits);
          g_assert_cmpfloat (alarm->value, >, limits.normal_high);
          g_assert_cmpfloat (alarm->peak, >=, alarm->value);
          n_checked++;
        }
    }
  g_assert_cmpuint (n_checked, >, 0);
  g_test_message ("%u of them anomaly alarms", n_anomaly);
  g_assert_cmpuint (n_anomaly, >, 0);

  /* An empty range: the active ones only, wherever they started. */
  active = list_alarms (source, NULL, now, now);
  g_assert_cmpuint (active->len, ==, n_active);
  for (guint i = 0; i < active->len; i++)
    g_assert_cmpint (g_array_index (active, ImAlarm, i).state, ==, IM_ALARM_STATE_ACTIVE);

  /* One machine's. */
  {
    const char *machine = g_array_index (all, ImAlarm, 0).machine_id;
    guint expected = 0;

    for (guint i = 0; i < all->len; i++)
      expected += strcmp (g_array_index (all, ImAlarm, i).machine_id, machine) == 0;
    one = list_alarms (source, machine, from, now + HOUR_NS);
    g_assert_cmpuint (one->len, ==, expected);
    for (guint i = 0; i < one->len; i++)
      g_assert_cmpstr (g_array_index (one, ImAlarm, i).machine_id, ==, machine);
  }
}

static void
count_cb (ImDataSource *source,
          guint        *count)
{
  (*count)++;
}

static void
test_acknowledge (void)
{
  g_autoptr(ImDemoSource) source = new_demo ();
  gint64 now = im_now_ns ();
  g_autoptr(GArray) all = list_alarms (source, NULL, now - 25 * HOUR_NS, now + HOUR_NS);
  g_autoptr(GArray) again = NULL;
  g_autoptr(GArray) done = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 at = now - 5 * IM_NSEC_PER_SEC;
  guint n_changed = 0;
  guint n_acked = 0;

  g_assert_cmpuint (all->len, >=, 2);
  g_signal_connect (source, "alarms-changed", G_CALLBACK (count_cb), &n_changed);

  /* Two at once: the first and the last. */
  g_array_index (all, ImAlarm, 1) = g_array_index (all, ImAlarm, all->len - 1);
  im_data_source_acknowledge_alarms_async (IM_DATA_SOURCE (source),
                                           (const ImAlarm *) (gpointer) all->data, 2,
                                           "Zoë Night-Shift", at, NULL,
                                           im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  done = im_data_source_acknowledge_alarms_finish (IM_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (done->len, ==, 2);
  g_assert_cmpuint (n_changed, ==, 1);
  for (guint i = 0; i < 2; i++)
    {
      const ImAlarm *alarm = &g_array_index (done, ImAlarm, i);

      g_assert_cmpstr (alarm->id, ==, g_array_index (all, ImAlarm, i).id);
      g_assert_true (alarm->acknowledged);
      g_assert_cmpstr (alarm->ack_user, ==, "Zoë Night-Shift");
      /* Each its own nanosecond, as the points in InfluxDB. */
      g_assert_cmpint (alarm->ack_ns, ==, at + i);
    }

  /* Listed again, they stay acknowledged, and only they are. */
  again = list_alarms (source, NULL, now - 25 * HOUR_NS, now + HOUR_NS);
  g_assert_cmpuint (again->len, ==, all->len);
  for (guint i = 0; i < again->len; i++)
    {
      const ImAlarm *alarm = &g_array_index (again, ImAlarm, i);
      gboolean chosen = strcmp (alarm->id, g_array_index (all, ImAlarm, 0).id) == 0 ||
                        strcmp (alarm->id, g_array_index (all, ImAlarm, 1).id) == 0;

      g_assert_cmpint (alarm->acknowledged, ==, chosen);
      n_acked += alarm->acknowledged;
    }
  g_assert_cmpuint (n_acked, ==, 2);

  /* A user name the contract refuses. */
  g_clear_object (&result);
  im_data_source_acknowledge_alarms_async (IM_DATA_SOURCE (source),
                                           (const ImAlarm *) (gpointer) all->data, 1,
                                           "", at, NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  g_assert_null (im_data_source_acknowledge_alarms_finish (IM_DATA_SOURCE (source), result,
                                                           &error));
  g_assert_error (error, IM_DATA_SOURCE_ERROR, IM_DATA_SOURCE_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (n_changed, ==, 1);
}

static void
test_user_name (void)
{
  g_autofree char *user = im_alarm_dup_user_name ();

  g_assert_true (im_alarm_user_is_valid (user));
  g_assert_true (strcmp (user, g_get_real_name ()) == 0 ||
                 strcmp (user, g_get_user_name ()) == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-alarms/list", test_list);
  g_test_add_func ("/demo-alarms/acknowledge", test_acknowledge);
  g_test_add_func ("/demo-alarms/user-name", test_user_name);

  return g_test_run ();
}
