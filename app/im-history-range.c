/* im-history-range.c — the history page's range bar: the presets (the
 * stateful action history.preset) and the from/to date-time buttons.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-history-range"

#include "config.h"

#include <glib/gi18n.h>

#include "im-history-page-private.h"
#include "im-util.h"

#define HOUR_NS (G_GINT64_CONSTANT (3600) * IM_NSEC_PER_SEC)
#define DAY_NS  (24 * HOUR_NS)

/* The action targets of the .ui's preset buttons. */
static const struct
{
  const char *name;
  gint64      span_ns;
} presets[] = {
  { "hour", HOUR_NS },
  { "day", DAY_NS },
  { "week", 7 * DAY_NS },
  { "month", 30 * DAY_NS },
};

enum {
  PROP_0,
  PROP_PRESET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "custom" for a range the user picked or a span without a button. */
static const char *
get_preset_name (ImHistoryPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (presets[i].span_ns == self->preset_ns)
      return presets[i].name;

  return "custom";
}

static void
set_preset_ns (ImHistoryPage *self,
               gint64         preset_ns)
{
  const char *before = get_preset_name (self);

  self->preset_ns = preset_ns;
  if (!g_str_equal (before, get_preset_name (self)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESET]);
}

/* Shows the range; the caller fetches. The buttons do not tell: only a
 * user's pick emits ::picked. */
static void
apply_range (ImHistoryPage *self,
             gint64         from_ns,
             gint64         to_ns)
{
  self->from_ns = from_ns;
  self->to_ns = to_ns;

  im_date_time_button_set_time (self->from_button, from_ns);
  im_date_time_button_set_time (self->to_button, to_ns);
}

void
im_history_page_follow_preset (ImHistoryPage *self)
{
  gint64 now_ns;

  if (self->preset_ns <= 0)
    return;

  now_ns = im_now_ns ();
  apply_range (self, now_ns - self->preset_ns, now_ns);
}

/* A correction of the user's pick is said, not made silently. */
static void
tell_correction (ImHistoryPage *self,
                 const char    *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  g_free (self->range_notice);
  self->range_notice = g_strdup (text);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
range_picked_cb (ImHistoryPage *self)
{
  gint64 from_ns, to_ns;

  g_assert (IM_IS_HISTORY_PAGE (self));

  from_ns = im_date_time_button_get_time (self->from_button);
  to_ns = im_date_time_button_get_time (self->to_button);
  if (to_ns < from_ns)
    {
      gint64 t = from_ns;

      from_ns = to_ns;
      to_ns = t;
      tell_correction (self, _("The end was before the start: they were swapped"));
    }
  else if (to_ns == from_ns)
    {
      to_ns = from_ns + 60 * IM_NSEC_PER_SEC;
      tell_correction (self, _("The start and the end were the same: the range is one minute"));
    }

  im_history_page_set_range (self, from_ns, to_ns);
}

const char *
im_history_page_get_range_notice (ImHistoryPage *self)
{
  g_return_val_if_fail (IM_IS_HISTORY_PAGE (self), NULL);

  return self->range_notice;
}

/* What history.preset sets: the same preset again changes nothing, as
 * a pressed button of a group does not. */
static void
set_preset_name (ImHistoryPage *self,
                 const char    *name)
{
  if (g_strcmp0 (name, get_preset_name (self)) == 0)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      if (g_strcmp0 (presets[i].name, name) == 0)
        {
          im_history_page_set_preset (self, presets[i].span_ns);
          return;
        }
    }
}

static void
im_history_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_PRESET:
      g_value_set_string (value, get_preset_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_history_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_PRESET:
      set_preset_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
im_history_page_class_init_range (GtkWidgetClass *widget_class)
{
  GObjectClass *object_class = G_OBJECT_CLASS (widget_class);

  object_class->get_property = im_history_page_get_property;
  object_class->set_property = im_history_page_set_property;

  /**
   * ImHistoryPage:preset:
   *
   * "hour", "day", "week" or "month" while the range is that span up to
   * now; "custom" for a range the user picked.
   */
  properties[PROP_PRESET] =
    g_param_spec_string ("preset", NULL, NULL,
                         "day",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "history.preset", "preset");
  gtk_widget_class_bind_template_callback (widget_class, range_picked_cb);
}

void
im_history_page_init_range (ImHistoryPage *self)
{
  im_history_page_set_preset (self, DAY_NS);
}

void
im_history_page_set_range (ImHistoryPage *self,
                           gint64         from_ns,
                           gint64         to_ns)
{
  g_return_if_fail (IM_IS_HISTORY_PAGE (self));
  g_return_if_fail (from_ns < to_ns);

  set_preset_ns (self, 0);
  apply_range (self, from_ns, to_ns);
  im_history_page_fetch (self);
}

void
im_history_page_get_range (ImHistoryPage *self,
                           gint64        *from_ns,
                           gint64        *to_ns)
{
  g_return_if_fail (IM_IS_HISTORY_PAGE (self));

  if (from_ns != NULL)
    *from_ns = self->from_ns;
  if (to_ns != NULL)
    *to_ns = self->to_ns;
}

void
im_history_page_set_preset (ImHistoryPage *self,
                            gint64         span_ns)
{
  gint64 now_ns = im_now_ns ();

  g_return_if_fail (IM_IS_HISTORY_PAGE (self));
  g_return_if_fail (span_ns > 0);

  set_preset_ns (self, span_ns);
  apply_range (self, now_ns - span_ns, now_ns);
  im_history_page_fetch (self);
}
