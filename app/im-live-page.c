/* im-live-page.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "im-chart.h"
#include "im-health-display.h"
#include "im-live-page.h"
#include "im-metric-card.h"
#include "im-settings.h"
#include "im-time-series.h"
#include "im-ui-util.h"
#include "im-util.h"

/* Re-read this much before the newest reading held: readings that reach
 * the database late are not missed. */
#define OVERLAP_NS      (10 * IM_NSEC_PER_SEC)
/* Readings stamped a little ahead of this clock still show. */
#define AHEAD_NS        (60 * IM_NSEC_PER_SEC)
/* Points further apart than this are drawn as a gap. */
#define MAX_GAP_NS      (15 * IM_NSEC_PER_SEC)
#define CHANGE_SPAN_NS  (60 * IM_NSEC_PER_SEC)
#define CHANGE_SLACK_NS (10 * IM_NSEC_PER_SEC)

static const guint window_minutes[] = { 5, 15, 60 };

struct _ImLivePage
{
  AdwBin          parent_instance;

  GtkStack       *stack;
  GtkSpinner     *loading_spinner;
  GtkDropDown    *machine_drop_down;
  GtkSpinner     *spinner;
  GtkDropDown    *window_drop_down;
  GtkToggleButton *auto_refresh_button;
  GtkFlowBox     *cards_box;
  GtkFlowBox     *charts_box;
  GtkWidget      *no_data_status;

  GtkWidget      *cards[IM_N_SENSORS];
  GtkWidget      *charts[IM_N_SENSORS];
  ImTimeSeries   *series[IM_N_SENSORS];

  GSettings      *settings;
  ImDataSource   *source;
  char           *machine;
  GCancellable   *machines_cancellable;
  GCancellable   *data_cancellable;
  gint64          window_ns;
  gint64          last_time_ns;
  guint           timeout_id;
  guint           n_busy;
  guint           machines_loaded : 1;
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_MACHINE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ImLivePage, im_live_page, ADW_TYPE_BIN)

static void fetch_data (ImLivePage *self,
                        gboolean    full);

static void
busy_changed (ImLivePage *self,
              int         delta)
{
  gboolean was_busy = self->n_busy > 0;

  self->n_busy += delta;
  gtk_spinner_set_spinning (self->spinner, self->n_busy > 0);
  if (was_busy != (self->n_busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
cancel_data (ImLivePage *self)
{
  g_cancellable_cancel (self->data_cancellable);
  g_clear_object (&self->data_cancellable);
}

static void
cancel_all (ImLivePage *self)
{
  cancel_data (self);
  g_cancellable_cancel (self->machines_cancellable);
  g_clear_object (&self->machines_cancellable);
}

static void
clear_data (ImLivePage *self)
{
  cancel_data (self);
  self->last_time_ns = 0;
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      im_time_series_clear (self->series[s]);
      im_metric_card_set_value (IM_METRIC_CARD (self->cards[s]), NAN, NAN);
    }
  gtk_widget_set_visible (self->no_data_status, FALSE);
}

static void
update_cards (ImLivePage *self)
{
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImTimeSeries *series = self->series[s];
      guint n = im_time_series_get_n_points (series);
      const gint64 *times = im_time_series_get_times (series);
      const double *values = im_time_series_get_values (series);
      double value = NAN;
      double change = NAN;

      if (n > 0)
        {
          gint64 then = times[n - 1] - CHANGE_SPAN_NS;
          gssize i = im_time_series_find_nearest (series, then);

          value = values[n - 1];
          if (i >= 0 && ABS (times[i] - then) <= CHANGE_SLACK_NS)
            change = value - values[i];
        }

      im_metric_card_set_value (IM_METRIC_CARD (self->cards[s]), value, change);
    }
}

static void
fetch_data_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ImLivePage) self = user_data;
  g_autoptr(GArray) readings = NULL;
  g_autoptr(GError) error = NULL;
  gboolean full = self->last_time_ns == 0;
  gint64 now_ns = im_now_ns ();

  busy_changed (self, -1);

  readings = im_data_source_query_raw_finish (IM_DATA_SOURCE (object), result, &error);
  if (im_error_is_cancelled (error))
    return;

  /* This was the request in flight. */
  g_clear_object (&self->data_cancellable);

  if (readings == NULL)
    {
      /* The window's banner tells about an unreachable backend; what was
       * shown stays. */
      g_debug ("Could not read live readings: %s", error->message);
      if (full)
        gtk_stack_set_visible_child_name (self->stack, "content");
      return;
    }

  im_series_set_readings (self->series, (const ImReading *) (gpointer) readings->data,
                          readings->len, !full);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    im_time_series_trim_before (self->series[s], now_ns - self->window_ns);

  if (readings->len > 0)
    self->last_time_ns = MAX (self->last_time_ns,
                              g_array_index (readings, ImReading, readings->len - 1).time_ns);

  update_cards (self);
  gtk_widget_set_visible (self->no_data_status,
                          im_time_series_get_n_points (self->series[0]) == 0);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
fetch_data (ImLivePage *self,
            gboolean    full)
{
  gint64 now_ns = im_now_ns ();
  gint64 from_ns;

  if (self->source == NULL || self->machine == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (full)
    clear_data (self);
  else if (self->data_cancellable != NULL)
    return;  /* the previous refresh is still running: do not pile up */

  from_ns = now_ns - self->window_ns;
  if (self->last_time_ns != 0)
    from_ns = MAX (from_ns, self->last_time_ns - OVERLAP_NS);

  self->data_cancellable = g_cancellable_new ();
  busy_changed (self, +1);
  im_data_source_query_raw_async (self->source, self->machine, from_ns, now_ns + AHEAD_NS,
                                  self->data_cancellable, fetch_data_cb, g_object_ref (self));
}

static void
list_machines_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ImLivePage) self = user_data;
  g_auto(GStrv) machines = NULL;
  g_autoptr(GError) error = NULL;
  const char *selected;

  busy_changed (self, -1);

  machines = im_data_source_list_machines_finish (IM_DATA_SOURCE (object), result, &error);
  if (machines == NULL)
    {
      if (!im_error_is_cancelled (error))
        {
          g_debug ("Could not list machines: %s", error->message);
          g_clear_object (&self->machines_cancellable);
          if (!self->machines_loaded)
            {
              /* Nothing to show: say so under the window's banner. */
              gtk_widget_set_visible (self->no_data_status, TRUE);
              gtk_stack_set_visible_child_name (self->stack, "content");
            }
        }
      return;
    }

  g_clear_object (&self->machines_cancellable);
  self->machines_loaded = TRUE;

  if (machines[0] == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  selected = im_drop_down_set_strings (self->machine_drop_down,
                                       (const char * const *) machines, self->machine);
  im_live_page_set_machine (self, selected);
  if (self->last_time_ns == 0 && self->data_cancellable == NULL)
    fetch_data (self, TRUE);
}

static void
load_machines (ImLivePage *self)
{
  if (self->source == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      self->machines_cancellable != NULL)
    return;

  self->machines_cancellable = g_cancellable_new ();
  busy_changed (self, +1);
  im_data_source_list_machines_async (self->source, self->machines_cancellable,
                                      list_machines_cb, g_object_ref (self));
}

static gboolean
timeout_cb (gpointer user_data)
{
  ImLivePage *self = user_data;

  fetch_data (self, FALSE);

  return G_SOURCE_CONTINUE;
}

static void
update_timer (ImLivePage *self)
{
  gboolean want = gtk_widget_get_mapped (GTK_WIDGET (self)) && self->source != NULL &&
                  g_settings_get_boolean (self->settings, "auto-refresh");

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (want)
    self->timeout_id = g_timeout_add_seconds (g_settings_get_uint (self->settings,
                                                                   "refresh-interval"),
                                              timeout_cb, self);
}

static void
apply_window (ImLivePage *self)
{
  guint minutes = g_settings_get_uint (self->settings, "live-window");
  guint index = 0;

  for (guint i = 0; i < G_N_ELEMENTS (window_minutes); i++)
    if (window_minutes[i] <= minutes)
      index = i;

  if (gtk_drop_down_get_selected (self->window_drop_down) != index)
    gtk_drop_down_set_selected (self->window_drop_down, index);

  self->window_ns = (gint64) minutes * 60 * IM_NSEC_PER_SEC;
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      im_chart_set_window (IM_CHART (self->charts[s]), self->window_ns);
      im_time_series_set_max_points (self->series[s], 0);
    }
}

static void
settings_changed_cb (ImLivePage *self,
                     const char *key,
                     GSettings  *settings)
{
  if (g_str_equal (key, "live-window"))
    {
      apply_window (self);
      fetch_data (self, TRUE);
    }
  else if (g_str_equal (key, "auto-refresh"))
    {
      gboolean on = g_settings_get_boolean (settings, key);

      gtk_button_set_icon_name (GTK_BUTTON (self->auto_refresh_button),
                                on ? "media-playback-pause-symbolic"
                                   : "media-playback-start-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->auto_refresh_button),
                                   on ? _("Pause Auto-Refresh") : _("Resume Auto-Refresh"));
      update_timer (self);
      if (on)
        fetch_data (self, FALSE);
    }
  else if (g_str_equal (key, "refresh-interval"))
    {
      update_timer (self);
    }
}

static void
window_selected_cb (ImLivePage *self)
{
  guint index = gtk_drop_down_get_selected (self->window_drop_down);

  if (index < G_N_ELEMENTS (window_minutes) &&
      g_settings_get_uint (self->settings, "live-window") != window_minutes[index])
    g_settings_set_uint (self->settings, "live-window", window_minutes[index]);
}

static void
machine_selected_cb (ImLivePage *self)
{
  const char *machine = im_drop_down_get_string (self->machine_drop_down);

  if (machine != NULL)
    im_live_page_set_machine (self, machine);
}

static void
im_live_page_map (GtkWidget *widget)
{
  ImLivePage *self = IM_LIVE_PAGE (widget);

  GTK_WIDGET_CLASS (im_live_page_parent_class)->map (widget);

  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  load_machines (self);
  fetch_data (self, self->last_time_ns == 0);
  update_timer (self);
}

static void
im_live_page_unmap (GtkWidget *widget)
{
  ImLivePage *self = IM_LIVE_PAGE (widget);

  /* Leaving the page cancels its requests. */
  cancel_all (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  GTK_WIDGET_CLASS (im_live_page_parent_class)->unmap (widget);
}

static GtkWidget *
create_chart_card (ImLivePage *self,
                   ImSensor    sensor)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label;
  g_autofree char *title = NULL;

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "chart-card");

  /* Translators: a chart title, "Temperature (°C)" */
  title = g_strdup_printf (_("%s (%s)"), im_sensor_label (sensor), im_sensor_unit (sensor));
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  self->charts[sensor] = im_chart_new ();
  im_chart_set_sensor (IM_CHART (self->charts[sensor]), sensor);
  im_chart_set_follow (IM_CHART (self->charts[sensor]), TRUE);
  im_chart_set_max_gap (IM_CHART (self->charts[sensor]), MAX_GAP_NS);
  im_chart_add_series (IM_CHART (self->charts[sensor]), self->series[sensor]);
  gtk_widget_set_size_request (self->charts[sensor], 240, 200);
  gtk_widget_set_vexpand (self->charts[sensor], TRUE);
  gtk_box_append (GTK_BOX (box), self->charts[sensor]);

  return box;
}

static void
im_live_page_dispose (GObject *object)
{
  ImLivePage *self = (ImLivePage *) object;

  cancel_all (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  /* AdwBin unparents its child itself; a template child that is that
   * child must not be unparented twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), IM_TYPE_LIVE_PAGE);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    g_clear_object (&self->series[s]);
  g_clear_object (&self->source);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (im_live_page_parent_class)->dispose (object);
}

static void
im_live_page_finalize (GObject *object)
{
  ImLivePage *self = (ImLivePage *) object;

  g_clear_pointer (&self->machine, g_free);

  G_OBJECT_CLASS (im_live_page_parent_class)->finalize (object);
}

static void
im_live_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ImLivePage *self = IM_LIVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    case PROP_MACHINE:
      g_value_set_string (value, self->machine);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->n_busy > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_live_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ImLivePage *self = IM_LIVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      im_live_page_set_source (self, g_value_get_object (value));
      break;

    case PROP_MACHINE:
      im_live_page_set_machine (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_live_page_class_init (ImLivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = im_live_page_dispose;
  object_class->finalize = im_live_page_finalize;
  object_class->get_property = im_live_page_get_property;
  object_class->set_property = im_live_page_set_property;

  widget_class->map = im_live_page_map;
  widget_class->unmap = im_live_page_unmap;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         IM_TYPE_DATA_SOURCE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MACHINE] =
    g_param_spec_string ("machine", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-live-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, stack);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, machine_drop_down);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, window_drop_down);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, auto_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, charts_box);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, no_data_status);
}

static void
im_live_page_init (ImLivePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = im_settings_new ();

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      GtkWidget *card = im_metric_card_new (s);
      GtkWidget *chart_card;

      self->series[s] = im_time_series_new ();
      chart_card = create_chart_card (self, s);

      self->cards[s] = card;
      gtk_flow_box_append (self->cards_box, card);
      gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
      gtk_flow_box_append (self->charts_box, chart_card);
      gtk_widget_set_focusable (gtk_widget_get_parent (chart_card), FALSE);
    }

  apply_window (self);

  g_settings_bind (self->settings, "auto-refresh",
                   self->auto_refresh_button, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  settings_changed_cb (self, "auto-refresh", self->settings);

  g_signal_connect_object (self->window_drop_down, "notify::selected",
                           G_CALLBACK (window_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->machine_drop_down, "notify::selected",
                           G_CALLBACK (machine_selected_cb), self,
                           G_CONNECT_SWAPPED);
}

ImDataSource *
im_live_page_get_source (ImLivePage *self)
{
  g_return_val_if_fail (IM_IS_LIVE_PAGE (self), NULL);

  return self->source;
}

void
im_live_page_set_source (ImLivePage   *self,
                         ImDataSource *source)
{
  g_return_if_fail (IM_IS_LIVE_PAGE (self));
  g_return_if_fail (!source || IM_IS_DATA_SOURCE (source));

  if (self->source == source)
    return;

  cancel_all (self);
  clear_data (self);
  g_set_object (&self->source, source);
  self->machines_loaded = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "loading");

  load_machines (self);
  update_timer (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

const char *
im_live_page_get_machine (ImLivePage *self)
{
  g_return_val_if_fail (IM_IS_LIVE_PAGE (self), NULL);

  return self->machine;
}

void
im_live_page_set_machine (ImLivePage *self,
                          const char *machine_id)
{
  g_return_if_fail (IM_IS_LIVE_PAGE (self));

  if (g_strcmp0 (self->machine, machine_id) == 0)
    return;

  g_free (self->machine);
  self->machine = g_strdup (machine_id);
  if (machine_id != NULL)
    im_drop_down_select_string (self->machine_drop_down, machine_id);

  fetch_data (self, TRUE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MACHINE]);
}

void
im_live_page_refresh (ImLivePage *self)
{
  g_return_if_fail (IM_IS_LIVE_PAGE (self));

  load_machines (self);
  fetch_data (self, FALSE);
}

GtkWidget *
im_live_page_get_metric_card (ImLivePage *self,
                              ImSensor    sensor)
{
  g_return_val_if_fail (IM_IS_LIVE_PAGE (self), NULL);
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);

  return self->cards[sensor];
}

GtkWidget *
im_live_page_get_chart (ImLivePage *self,
                        ImSensor    sensor)
{
  g_return_val_if_fail (IM_IS_LIVE_PAGE (self), NULL);
  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);

  return self->charts[sensor];
}

gboolean
im_live_page_get_busy (ImLivePage *self)
{
  g_return_val_if_fail (IM_IS_LIVE_PAGE (self), FALSE);

  return self->n_busy > 0;
}

gboolean
im_live_page_get_showing_empty (ImLivePage *self)
{
  g_return_val_if_fail (IM_IS_LIVE_PAGE (self), FALSE);

  return gtk_widget_get_visible (self->no_data_status);
}
