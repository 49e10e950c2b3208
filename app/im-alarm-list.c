/* im-alarm-list.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-alarm-list"

#include "config.h"

#include <string.h>

#include "im-alarm-list.h"

gboolean
im_alarm_list_wants (const ImAlarm *alarm,
                     const char    *machine_id,
                     gint64         from_ns,
                     gint64         to_ns)
{
  g_return_val_if_fail (alarm != NULL, FALSE);

  if (machine_id != NULL && strcmp (alarm->machine_id, machine_id) != 0)
    return FALSE;

  return alarm->state == IM_ALARM_STATE_ACTIVE ||
         (alarm->started_ns >= from_ns && alarm->started_ns < to_ns);
}

static int
compare_by_start (gconstpointer a,
                  gconstpointer b)
{
  const ImAlarm *x = a;
  const ImAlarm *y = b;

  if (x->started_ns != y->started_ns)
    return x->started_ns < y->started_ns ? -1 : 1;

  return strcmp (x->id, y->id);
}

void
im_alarm_list_sort_by_start (GArray *alarms)
{
  g_return_if_fail (alarms != NULL);

  g_array_sort (alarms, compare_by_start);
}

int
im_alarm_compare_for_display (const ImAlarm *a,
                              const ImAlarm *b)
{
  gboolean a_active = a->state == IM_ALARM_STATE_ACTIVE;
  gboolean b_active = b->state == IM_ALARM_STATE_ACTIVE;

  if (a_active != b_active)
    return a_active ? -1 : 1;
  if (a_active && a->severity != b->severity)
    return a->severity > b->severity ? -1 : 1;
  if (a->raised_ns != b->raised_ns)
    return a->raised_ns > b->raised_ns ? -1 : 1;

  return strcmp (a->id, b->id);
}

char *
im_alarm_dup_user_name (void)
{
  const char *real = g_get_real_name ();
  const char *name = real != NULL && strcmp (real, "Unknown") != 0 && real[0] != '\0'
                     ? real : g_get_user_name ();
  g_autofree char *valid = g_utf8_make_valid (name, -1);

  /* Cut at a character boundary within the limit. */
  if (strlen (valid) > IM_ALARM_USER_MAX_LEN)
    {
      char *end = valid + IM_ALARM_USER_MAX_LEN;

      while ((*end & 0xC0) == 0x80)
        end--;
      *end = '\0';
    }

  if (!im_alarm_user_is_valid (valid))
    return g_strdup ("unknown");

  return g_steal_pointer (&valid);
}
