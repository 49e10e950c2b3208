/* im-date-time-button.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-date-time-button"

#include "config.h"

#include <glib/gi18n.h>

#include "im-date-time-button.h"
#include "im-util.h"

struct _ImDateTimeButton
{
  AdwBin          parent_instance;

  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkCalendar    *calendar;
  GtkSpinButton  *hour_spin;
  GtkSpinButton  *minute_spin;

  gint64          time_ns;
  guint           updating : 1;
};

enum {
  PROP_0,
  PROP_TIME_NS,
  N_PROPS
};

enum {
  PICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ImDateTimeButton, im_date_time_button, ADW_TYPE_BIN)

static void
update_widgets (ImDateTimeButton *self)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (self->time_ns / IM_NSEC_PER_SEC);
  g_autofree char *label = NULL;

  self->updating = TRUE;
  /* Translators: a date and time, see g_date_time_format() */
  label = g_date_time_format (dt, _("%b %e, %Y  %H:%M"));
  gtk_menu_button_set_label (self->button, label);
  gtk_calendar_select_day (self->calendar, dt);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (dt));
  gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (dt));
  self->updating = FALSE;
}

/* "09:05", not "9:5": hours and minutes with two digits, as a clock. */
static gboolean
two_digits_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static void
picked_cb (ImDateTimeButton *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) dt = NULL;
  gint64 before = self->time_ns;

  g_assert (IM_IS_DATE_TIME_BUTTON (self));

  if (self->updating)
    return;

  day = gtk_calendar_get_date (self->calendar);
  dt = g_date_time_new_local (g_date_time_get_year (day),
                              g_date_time_get_month (day),
                              g_date_time_get_day_of_month (day),
                              gtk_spin_button_get_value_as_int (self->hour_spin),
                              gtk_spin_button_get_value_as_int (self->minute_spin),
                              0);
  if (dt == NULL)
    return;

  im_date_time_button_set_time (self, g_date_time_to_unix (dt) * IM_NSEC_PER_SEC);
  if (self->time_ns != before)
    g_signal_emit (self, signals[PICKED], 0);
}

static void
im_date_time_button_dispose (GObject *object)
{
  /* AdwBin unparents its child itself; a template child that is that
   * child must not be unparented twice. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), IM_TYPE_DATE_TIME_BUTTON);

  G_OBJECT_CLASS (im_date_time_button_parent_class)->dispose (object);
}

static void
im_date_time_button_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ImDateTimeButton *self = IM_DATE_TIME_BUTTON (object);

  switch (prop_id)
    {
    case PROP_TIME_NS:
      g_value_set_int64 (value, self->time_ns);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_date_time_button_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ImDateTimeButton *self = IM_DATE_TIME_BUTTON (object);

  switch (prop_id)
    {
    case PROP_TIME_NS:
      im_date_time_button_set_time (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_date_time_button_class_init (ImDateTimeButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = im_date_time_button_dispose;
  object_class->get_property = im_date_time_button_get_property;
  object_class->set_property = im_date_time_button_set_property;

  properties[PROP_TIME_NS] =
    g_param_spec_int64 ("time-ns", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ImDateTimeButton::picked:
   *
   * The user picked another time (setting #ImDateTimeButton:time-ns
   * from code does not emit it).
   */
  signals[PICKED] =
    g_signal_new ("picked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-date-time-button.ui");
  gtk_widget_class_bind_template_child (widget_class, ImDateTimeButton, button);
  gtk_widget_class_bind_template_child (widget_class, ImDateTimeButton, popover);
  gtk_widget_class_bind_template_child (widget_class, ImDateTimeButton, calendar);
  gtk_widget_class_bind_template_child (widget_class, ImDateTimeButton, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, ImDateTimeButton, minute_spin);
  gtk_widget_class_bind_template_callback (widget_class, two_digits_cb);
}

static void
im_date_time_button_init (ImDateTimeButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->time_ns = im_now_ns () / (60 * IM_NSEC_PER_SEC) * (60 * IM_NSEC_PER_SEC);
  update_widgets (self);

  g_signal_connect_object (self->calendar, "day-selected",
                           G_CALLBACK (picked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->hour_spin, "value-changed",
                           G_CALLBACK (picked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->minute_spin, "value-changed",
                           G_CALLBACK (picked_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
im_date_time_button_new (void)
{
  return g_object_new (IM_TYPE_DATE_TIME_BUTTON, NULL);
}

gint64
im_date_time_button_get_time (ImDateTimeButton *self)
{
  g_return_val_if_fail (IM_IS_DATE_TIME_BUTTON (self), 0);

  return self->time_ns;
}

void
im_date_time_button_set_time (ImDateTimeButton *self,
                              gint64            time_ns)
{
  g_return_if_fail (IM_IS_DATE_TIME_BUTTON (self));
  g_return_if_fail (time_ns >= 0);

  if (self->time_ns == time_ns)
    return;

  self->time_ns = time_ns;
  update_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_NS]);
}
