/* im-alarm-monitor.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-alarm-monitor"

#include "config.h"

#include "im-alarm-list.h"
#include "im-alarm-monitor.h"
#include "im-ui-util.h"
#include "im-util.h"

struct _ImAlarmMonitor
{
  GObject       parent_instance;

  ImDataSource *source;
  GSignalGroup *source_signals;
  GCancellable *cancellable;    /* of the listing in flight */
  GArray       *active;         /* ImAlarm, most severe first */
  GHashTable   *severities;     /* id -> the highest severity seen + 1 */
  guint         interval;
  guint         timeout_id;
  guint         n_updates;
  guint         n_unacknowledged;
  guint         again : 1;      /* asked for while a listing was in flight */
  guint         critical : 1;
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_INTERVAL,
  PROP_N_UNACKNOWLEDGED,
  PROP_CRITICAL,
  N_PROPS
};

enum {
  CHANGED,
  ALARM_RAISED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ImAlarmMonitor, im_alarm_monitor, G_TYPE_OBJECT)

static int
compare_for_display (gconstpointer a,
                     gconstpointer b)
{
  return im_alarm_compare_for_display (a, b);
}

static void
update (ImAlarmMonitor *self,
        GArray         *active)
{
  g_autoptr(GHashTable) severities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) raised = g_array_new (FALSE, FALSE, sizeof (ImAlarm));
  gboolean first = self->active == NULL;
  guint n_unacknowledged = 0;
  gboolean critical = FALSE;

  g_array_sort (active, compare_for_display);

  for (guint i = 0; i < active->len; i++)
    {
      const ImAlarm *alarm = &g_array_index (active, ImAlarm, i);
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (self->severities, alarm->id));
      guint now = (guint) alarm->severity + 1;

      if (!first && now > seen)
        g_array_append_vals (raised, alarm, 1);
      g_hash_table_insert (severities, g_strdup (alarm->id), GUINT_TO_POINTER (MAX (seen, now)));

      if (!alarm->acknowledged)
        {
          n_unacknowledged++;
          critical |= alarm->severity == IM_ALARM_SEVERITY_CRITICAL;
        }
    }

  /* Only the active ones are kept: a cleared alarm never comes back. */
  g_clear_pointer (&self->severities, g_hash_table_unref);
  self->severities = g_steal_pointer (&severities);
  g_clear_pointer (&self->active, g_array_unref);
  self->active = g_array_ref (active);
  self->n_updates++;

  if (self->n_unacknowledged != n_unacknowledged)
    {
      self->n_unacknowledged = n_unacknowledged;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNACKNOWLEDGED]);
    }
  if (self->critical != critical)
    {
      self->critical = critical;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CRITICAL]);
    }

  for (guint i = 0; i < raised->len; i++)
    g_signal_emit (self, signals[ALARM_RAISED], 0, &g_array_index (raised, ImAlarm, i));

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ImAlarmMonitor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) active = NULL;

  active = im_data_source_list_alarms_finish (IM_DATA_SOURCE (object), result, &error);
  if (im_error_is_cancelled (error))
    return;

  g_clear_object (&self->cancellable);

  /* A failed listing keeps what was known; the banner tells why. */
  if (active != NULL && IM_DATA_SOURCE (object) == self->source)
    update (self, active);
  else if (error != NULL)
    g_debug ("Could not list the active alarms: %s", error->message);

  if (self->again)
    {
      self->again = FALSE;
      im_alarm_monitor_refresh (self);
    }
}

void
im_alarm_monitor_refresh (ImAlarmMonitor *self)
{
  gint64 now;

  g_return_if_fail (IM_IS_ALARM_MONITOR (self));

  if (self->source == NULL)
    return;

  if (self->cancellable != NULL)
    {
      self->again = TRUE;
      return;
    }

  now = im_now_ns ();
  self->cancellable = g_cancellable_new ();
  im_data_source_list_alarms_async (self->source, NULL, now, now, self->cancellable,
                                    list_cb, g_object_ref (self));
}

static gboolean
timeout_cb (gpointer user_data)
{
  im_alarm_monitor_refresh (user_data);

  return G_SOURCE_CONTINUE;
}

static void
restart (ImAlarmMonitor *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->again = FALSE;

  if (self->source != NULL)
    {
      im_alarm_monitor_refresh (self);
      self->timeout_id = g_timeout_add_seconds (self->interval, timeout_cb, self);
    }
}

static void
im_alarm_monitor_dispose (GObject *object)
{
  ImAlarmMonitor *self = (ImAlarmMonitor *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->source_signals != NULL)
    g_signal_group_set_target (self->source_signals, NULL);
  g_clear_object (&self->source_signals);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (im_alarm_monitor_parent_class)->dispose (object);
}

static void
im_alarm_monitor_finalize (GObject *object)
{
  ImAlarmMonitor *self = (ImAlarmMonitor *) object;

  g_clear_pointer (&self->active, g_array_unref);
  g_clear_pointer (&self->severities, g_hash_table_unref);

  G_OBJECT_CLASS (im_alarm_monitor_parent_class)->finalize (object);
}

static void
im_alarm_monitor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ImAlarmMonitor *self = IM_ALARM_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;

    case PROP_N_UNACKNOWLEDGED:
      g_value_set_uint (value, self->n_unacknowledged);
      break;

    case PROP_CRITICAL:
      g_value_set_boolean (value, self->critical);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_alarm_monitor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ImAlarmMonitor *self = IM_ALARM_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      im_alarm_monitor_set_source (self, g_value_get_object (value));
      break;

    case PROP_INTERVAL:
      self->interval = g_value_get_uint (value);
      if (self->timeout_id != 0)
        restart (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_alarm_monitor_class_init (ImAlarmMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = im_alarm_monitor_dispose;
  object_class->finalize = im_alarm_monitor_finalize;
  object_class->get_property = im_alarm_monitor_get_property;
  object_class->set_property = im_alarm_monitor_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         IM_TYPE_DATA_SOURCE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Seconds between two listings when the source does not signal. */
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL,
                       1, 3600, 5,
                       (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_UNACKNOWLEDGED] =
    g_param_spec_uint ("n-unacknowledged", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CRITICAL] =
    g_param_spec_boolean ("critical", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ImAlarmMonitor::changed:
   *
   * A listing completed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * ImAlarmMonitor::alarm-raised:
   * @alarm: (type gpointer): the #ImAlarm, valid during the emission
   *
   * An alarm became active, or more severe, since the last listing.
   */
  signals[ALARM_RAISED] =
    g_signal_new ("alarm-raised",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
im_alarm_monitor_init (ImAlarmMonitor *self)
{
  self->interval = 5;
  self->severities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->source_signals = g_signal_group_new (IM_TYPE_DATA_SOURCE);
  g_signal_group_connect_object (self->source_signals, "alarms-changed",
                                 G_CALLBACK (im_alarm_monitor_refresh), self,
                                 G_CONNECT_SWAPPED);
}

ImAlarmMonitor *
im_alarm_monitor_new (void)
{
  return g_object_new (IM_TYPE_ALARM_MONITOR, NULL);
}

ImDataSource *
im_alarm_monitor_get_source (ImAlarmMonitor *self)
{
  g_return_val_if_fail (IM_IS_ALARM_MONITOR (self), NULL);

  return self->source;
}

void
im_alarm_monitor_set_source (ImAlarmMonitor *self,
                             ImDataSource   *source)
{
  g_return_if_fail (IM_IS_ALARM_MONITOR (self));
  g_return_if_fail (!source || IM_IS_DATA_SOURCE (source));

  if (!g_set_object (&self->source, source))
    return;

  g_signal_group_set_target (self->source_signals, source);

  /* Another source: what was active there says nothing here. */
  g_clear_pointer (&self->active, g_array_unref);
  g_hash_table_remove_all (self->severities);
  if (self->n_unacknowledged != 0)
    {
      self->n_unacknowledged = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNACKNOWLEDGED]);
    }
  if (self->critical)
    {
      self->critical = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CRITICAL]);
    }

  restart (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

GArray *
im_alarm_monitor_get_active (ImAlarmMonitor *self)
{
  g_return_val_if_fail (IM_IS_ALARM_MONITOR (self), NULL);

  return self->active;
}

guint
im_alarm_monitor_get_n_unacknowledged (ImAlarmMonitor *self)
{
  g_return_val_if_fail (IM_IS_ALARM_MONITOR (self), 0);

  return self->n_unacknowledged;
}

gboolean
im_alarm_monitor_get_critical (ImAlarmMonitor *self)
{
  g_return_val_if_fail (IM_IS_ALARM_MONITOR (self), FALSE);

  return self->critical;
}

guint
im_alarm_monitor_get_n_updates (ImAlarmMonitor *self)
{
  g_return_val_if_fail (IM_IS_ALARM_MONITOR (self), 0);

  return self->n_updates;
}
