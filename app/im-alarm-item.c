/* im-alarm-item.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-alarm-item"

#include "config.h"

#include "im-alarm-item.h"

struct _ImAlarmItem
{
  GObject  parent_instance;
  ImAlarm  alarm;
  gboolean checked;
};

enum {
  PROP_0,
  PROP_CHECKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ImAlarmItem, im_alarm_item, G_TYPE_OBJECT)

static void
im_alarm_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ImAlarmItem *self = IM_ALARM_ITEM (object);

  switch (prop_id)
    {
    case PROP_CHECKED:
      g_value_set_boolean (value, self->checked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_alarm_item_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ImAlarmItem *self = IM_ALARM_ITEM (object);

  switch (prop_id)
    {
    case PROP_CHECKED:
      im_alarm_item_set_checked (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_alarm_item_class_init (ImAlarmItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = im_alarm_item_get_property;
  object_class->set_property = im_alarm_item_set_property;

  properties[PROP_CHECKED] =
    g_param_spec_boolean ("checked", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
im_alarm_item_init (ImAlarmItem *self)
{
}

ImAlarmItem *
im_alarm_item_new (const ImAlarm *alarm)
{
  ImAlarmItem *self;

  g_return_val_if_fail (alarm != NULL, NULL);

  self = g_object_new (IM_TYPE_ALARM_ITEM, NULL);
  self->alarm = *alarm;

  return self;
}

const ImAlarm *
im_alarm_item_get_alarm (ImAlarmItem *self)
{
  g_return_val_if_fail (IM_IS_ALARM_ITEM (self), NULL);

  return &self->alarm;
}

gboolean
im_alarm_item_get_checked (ImAlarmItem *self)
{
  g_return_val_if_fail (IM_IS_ALARM_ITEM (self), FALSE);

  return self->checked;
}

void
im_alarm_item_set_checked (ImAlarmItem *self,
                           gboolean     checked)
{
  g_return_if_fail (IM_IS_ALARM_ITEM (self));

  checked = !!checked;
  if (self->checked == checked)
    return;

  self->checked = checked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKED]);
}
