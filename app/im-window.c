/* im-window.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-window"

#include "config.h"

#include <glib/gi18n.h>

#include "im-alarm-monitor.h"
#include "im-alarms-page.h"
#include "im-demo-source.h"
#include "im-fleet-page.h"
#include "im-health-display.h"
#include "im-history-page.h"
#include "im-live-page.h"
#include "im-page.h"
#include "im-settings.h"
#include "im-util.h"
#include "im-window.h"

struct _ImWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkWidget            *demo_label;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkLabel             *banner_age_label;
  GtkMenuButton        *banner_details_button;
  GtkLabel             *banner_details_label;
  GtkButton            *retry_button;
  GtkSpinner           *retry_spinner;
  GtkLabel             *retry_label;
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;
  AdwViewStack         *view_stack;
  ImLivePage           *live_page;
  ImHistoryPage        *history_page;
  ImFleetPage          *fleet_page;
  ImAlarmsPage         *alarms_page;
  AdwViewStackPage     *alarms_stack_page;

  GSettings            *settings;
  ImDataSource         *source;
  GSignalGroup         *source_signals;
  ImAlarmMonitor       *alarm_monitor;
  GSignalGroup         *monitor_signals;
  guint                 age_id;        /* updates the data's age */
  guint                 retrying : 1;
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_ALARM_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ImWindow, im_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const page_names[] = { "live", "history", "fleet", "alarms" };

/* The Alarms page's switcher shows how many active alarms nobody
 * acknowledged, and asks for attention while one of them is critical. */
static void
update_badge (ImWindow *self)
{
  guint n = 0;
  gboolean critical = FALSE;

  if (self->alarm_monitor != NULL)
    {
      n = im_alarm_monitor_get_n_unacknowledged (self->alarm_monitor);
      critical = im_alarm_monitor_get_critical (self->alarm_monitor);
    }

  adw_view_stack_page_set_badge_number (self->alarms_stack_page, n);
  adw_view_stack_page_set_needs_attention (self->alarms_stack_page, critical);
}

/* "Data on screen from 3 min ago": how old what the pages show is. */
static void
update_age (ImWindow *self)
{
  gint64 answered_ns = self->source != NULL ? im_data_source_get_answered_time (self->source) : 0;

  if (answered_ns == 0)
    gtk_label_set_label (self->banner_age_label, _("No data has come from the backend yet."));
  else
    {
      g_autofree char *ago = im_format_last_seen (answered_ns, im_now_ns ());
      /* Translators: %s is a time ago, e.g. "3 min ago" or "just now" */
      g_autofree char *text = g_strdup_printf (_("Data on screen from %s"), ago);

      gtk_label_set_label (self->banner_age_label, text);
    }
}

static gboolean
age_cb (gpointer user_data)
{
  update_age (user_data);

  return G_SOURCE_CONTINUE;
}

static void
set_retrying (ImWindow *self,
              gboolean  retrying)
{
  self->retrying = !!retrying;
  gtk_widget_set_visible (GTK_WIDGET (self->retry_spinner), retrying);
  gtk_spinner_set_spinning (self->retry_spinner, retrying);
  gtk_label_set_label (self->retry_label, retrying ? _("Retrying…") : _("_Retry"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry", !retrying && self->source != NULL);
}

static void
update_banner (ImWindow *self)
{
  g_autofree char *message = NULL;
  g_autofree char *details = NULL;

  if (self->source != NULL)
    {
      message = im_data_source_dup_error_message (self->source);
      details = im_data_source_dup_error_details (self->source);
    }

  if (message != NULL)
    {
      /* Translators: %s says what is wrong, e.g. "InfluxDB at
       * http://127.0.0.1:8086 does not answer." */
      g_autofree char *text = g_strdup_printf (_("The backend cannot be reached: %s"), message);

      gtk_label_set_label (self->banner_label, text);
      gtk_label_set_label (self->banner_details_label, details);
      gtk_widget_set_visible (GTK_WIDGET (self->banner_details_button),
                              details != NULL && g_strcmp0 (details, message) != 0);
      update_age (self);
      if (self->age_id == 0)
        self->age_id = g_timeout_add_seconds (5, age_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->age_id, g_source_remove);
      set_retrying (self, FALSE);
    }

  gtk_revealer_set_reveal_child (self->banner_revealer, message != NULL);
}

/* Retrying lasts as long as the shown page waits for its data. */
static void
page_busy_cb (ImWindow   *self,
              GParamSpec *pspec,
              ImPage     *page)
{
  if (self->retrying && !im_page_get_busy (page) &&
      adw_view_stack_get_visible_child (self->view_stack) == GTK_WIDGET (page))
    set_retrying (self, FALSE);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ImWindow *self = IM_WINDOW (widget);
  GtkWidget *page;

  im_window_refresh (self);

  page = adw_view_stack_get_visible_child (self->view_stack);
  set_retrying (self, IM_IS_PAGE (page) && im_page_get_busy (IM_PAGE (page)));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  im_window_refresh (IM_WINDOW (widget));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ImWindow *self = IM_WINDOW (widget);

  if (self->source == NULL)
    return;

  im_window_show_page (self, "history");
  im_history_page_show_export_menu (self->history_page);
}

static void
show_machine_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  im_window_show_machine (IM_WINDOW (widget), g_variant_get_string (parameter, NULL), TRUE);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  const char *name = g_variant_get_string (parameter, NULL);

  if (im_window_page_is_valid (name))
    im_window_show_page (IM_WINDOW (widget), name);
}

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
save_window_state (ImWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
im_window_close_request (GtkWindow *window)
{
  save_window_state (IM_WINDOW (window));

  return GTK_WINDOW_CLASS (im_window_parent_class)->close_request (window);
}

static void
im_window_dispose (GObject *object)
{
  ImWindow *self = (ImWindow *) object;

  if (self->source_signals != NULL)
    g_signal_group_set_target (self->source_signals, NULL);
  if (self->monitor_signals != NULL)
    g_signal_group_set_target (self->monitor_signals, NULL);

  /* libadwaita 1.2's switchers must let go of the stack while it is
   * alive: disposed after it, they unparent buttons already gone. */
  if (self->switcher_bar != NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
  if (self->switcher_title != NULL)
    adw_view_switcher_title_set_stack (self->switcher_title, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), IM_TYPE_WINDOW);

  g_clear_handle_id (&self->age_id, g_source_remove);
  g_clear_object (&self->source_signals);
  g_clear_object (&self->monitor_signals);
  g_clear_object (&self->alarm_monitor);
  g_clear_object (&self->source);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (im_window_parent_class)->dispose (object);
}

static void
im_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ImWindow *self = IM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    case PROP_ALARM_MONITOR:
      g_value_set_object (value, self->alarm_monitor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ImWindow *self = IM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      im_window_set_source (self, g_value_get_object (value));
      break;

    case PROP_ALARM_MONITOR:
      im_window_set_alarm_monitor (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_window_class_init (ImWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = im_window_dispose;
  object_class->get_property = im_window_get_property;
  object_class->set_property = im_window_set_property;

  window_class->close_request = im_window_close_request;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         IM_TYPE_DATA_SOURCE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The application's: it badges the Alarms page. */
  properties[PROP_ALARM_MONITOR] =
    g_param_spec_object ("alarm-monitor", NULL, NULL,
                         IM_TYPE_ALARM_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IM_TYPE_ALARMS_PAGE);
  g_type_ensure (IM_TYPE_LIVE_PAGE);
  g_type_ensure (IM_TYPE_HISTORY_PAGE);
  g_type_ensure (IM_TYPE_FLEET_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, APP_RESOURCE_PATH "/im-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ImWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, banner_age_label);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, banner_details_button);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, banner_details_label);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, retry_spinner);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, retry_label);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, live_page);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, fleet_page);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, alarms_page);
  gtk_widget_class_bind_template_child (widget_class, ImWindow, alarms_stack_page);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.show-machine", "s", show_machine_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-page", "s", "live");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-page", "s", "history");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.show-page", "s", "fleet");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "win.show-page", "s", "alarms");
}

static void
im_window_init (ImWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_status_page_set_icon_name (self->welcome_page, APP_ID "-symbolic");

  self->settings = im_settings_new ();
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->source_signals = g_signal_group_new (G_TYPE_OBJECT);
  g_signal_group_connect_object (self->source_signals, "notify::error-message",
                                 G_CALLBACK (update_banner), self,
                                 G_CONNECT_SWAPPED);

  self->monitor_signals = g_signal_group_new (IM_TYPE_ALARM_MONITOR);
  g_signal_group_connect_object (self->monitor_signals, "notify::n-unacknowledged",
                                 G_CALLBACK (update_badge), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->monitor_signals, "notify::critical",
                                 G_CALLBACK (update_badge), self,
                                 G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    g_signal_connect_object (adw_view_stack_get_child_by_name (self->view_stack, page_names[i]),
                             "notify::busy", G_CALLBACK (page_busy_cb), self,
                             G_CONNECT_SWAPPED);

  /* The machine picked on one page is the machine of the other. */
  g_object_bind_property (self->live_page, "machine",
                          self->history_page, "machine",
                          G_BINDING_BIDIRECTIONAL);

  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
}

ImWindow *
im_window_new (GtkApplication *application)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (IM_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

ImDataSource *
im_window_get_source (ImWindow *self)
{
  g_return_val_if_fail (IM_IS_WINDOW (self), NULL);

  return self->source;
}

void
im_window_set_source (ImWindow     *self,
                      ImDataSource *source)
{
  g_autofree char *title = NULL;

  g_return_if_fail (IM_IS_WINDOW (self));
  g_return_if_fail (!source || IM_IS_DATA_SOURCE (source));

  if (!g_set_object (&self->source, source))
    return;

  g_signal_group_set_target (self->source_signals, source);

  im_page_set_source (IM_PAGE (self->live_page), source);
  im_page_set_source (IM_PAGE (self->history_page), source);
  im_page_set_source (IM_PAGE (self->fleet_page), source);
  im_page_set_source (IM_PAGE (self->alarms_page), source);

  gtk_stack_set_visible_child_name (self->main_stack, source != NULL ? "content" : "welcome");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, source != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", source != NULL);
  set_retrying (self, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", source != NULL);
  gtk_widget_set_visible (self->demo_label, IM_IS_DEMO_SOURCE (source));

  if (source != NULL)
    title = im_data_source_dup_title (source);
  adw_view_switcher_title_set_subtitle (self->switcher_title, title);

  update_banner (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

gboolean
im_window_page_is_valid (const char *name)
{
  return name != NULL && g_strv_contains (page_names, name);
}

void
im_window_show_page (ImWindow   *self,
                     const char *name)
{
  g_return_if_fail (IM_IS_WINDOW (self));
  g_return_if_fail (im_window_page_is_valid (name));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
im_window_get_visible_page (ImWindow *self)
{
  g_return_val_if_fail (IM_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
im_window_show_machine (ImWindow   *self,
                        const char *machine_id,
                        gboolean    show_live)
{
  g_return_if_fail (IM_IS_WINDOW (self));
  g_return_if_fail (machine_id != NULL);

  im_page_set_machine (IM_PAGE (self->live_page), machine_id);
  if (show_live)
    im_window_show_page (self, "live");
}

void
im_window_refresh (ImWindow *self)
{
  GtkWidget *page;

  g_return_if_fail (IM_IS_WINDOW (self));

  page = adw_view_stack_get_visible_child (self->view_stack);
  if (IM_IS_PAGE (page))
    im_page_refresh (IM_PAGE (page));
}

void
im_window_add_toast (ImWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (IM_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
im_window_get_banner_text (ImWindow *self)
{
  g_return_val_if_fail (IM_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;

  return gtk_label_get_label (self->banner_label);
}

const char *
im_window_get_banner_details (ImWindow *self)
{
  g_return_val_if_fail (IM_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer) ||
      !gtk_widget_get_visible (GTK_WIDGET (self->banner_details_button)))
    return NULL;

  return gtk_label_get_label (self->banner_details_label);
}

const char *
im_window_get_banner_age (ImWindow *self)
{
  g_return_val_if_fail (IM_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;

  return gtk_label_get_label (self->banner_age_label);
}

gboolean
im_window_get_retrying (ImWindow *self)
{
  g_return_val_if_fail (IM_IS_WINDOW (self), FALSE);

  return self->retrying;
}

GtkWidget *
im_window_get_page (ImWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (IM_IS_WINDOW (self), NULL);
  g_return_val_if_fail (im_window_page_is_valid (name), NULL);

  return adw_view_stack_get_child_by_name (self->view_stack, name);
}

const char *
im_window_get_main_page (ImWindow *self)
{
  g_return_val_if_fail (IM_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

ImAlarmMonitor *
im_window_get_alarm_monitor (ImWindow *self)
{
  g_return_val_if_fail (IM_IS_WINDOW (self), NULL);

  return self->alarm_monitor;
}

void
im_window_set_alarm_monitor (ImWindow       *self,
                             ImAlarmMonitor *monitor)
{
  g_return_if_fail (IM_IS_WINDOW (self));
  g_return_if_fail (!monitor || IM_IS_ALARM_MONITOR (monitor));

  if (!g_set_object (&self->alarm_monitor, monitor))
    return;

  g_signal_group_set_target (self->monitor_signals, monitor);
  update_badge (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALARM_MONITOR]);
}

void
im_window_show_alarm (ImWindow   *self,
                      const char *alarm_id)
{
  g_return_if_fail (IM_IS_WINDOW (self));
  g_return_if_fail (alarm_id != NULL);

  im_window_show_page (self, "alarms");
  im_alarms_page_show_alarm (self->alarms_page, alarm_id);
}
