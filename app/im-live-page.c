/* im-live-page.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-live-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "im-annotations.h"
#include "im-chart.h"
#include "im-chart-card.h"
#include "im-health.h"
#include "im-health-display.h"
#include "im-live-page-private.h"
#include "im-metric-card.h"
#include "im-page-private.h"
#include "im-time-series.h"
#include "im-ui-util.h"
#include "im-units.h"
#include "im-util.h"

/* Re-read this much before the newest reading held: readings that reach
 * the database late are not missed. */
#define OVERLAP_NS      (10 * IM_NSEC_PER_SEC)
/* Readings stamped a little ahead of this clock still show. */
#define AHEAD_NS        (60 * IM_NSEC_PER_SEC)
#define CHANGE_SPAN_NS  (60 * IM_NSEC_PER_SEC)
#define CHANGE_SLACK_NS (10 * IM_NSEC_PER_SEC)

static const guint window_minutes[] = { 5, 15, 60 };

struct _ImLivePage
{
  ImPage           parent_instance;

  GtkStack        *stack;
  GtkSpinner      *loading_spinner;
  ImMachinePicker *machine_picker;
  GtkSpinner      *spinner;
  GtkDropDown     *window_drop_down;
  GtkToggleButton *auto_refresh_button;
  GtkFlowBox      *cards_box;
  GtkFlowBox      *charts_box;
  GtkWidget       *no_data_status;
  GtkLabel        *health_label;

  GtkWidget       *cards[IM_N_SENSORS];
  GtkWidget       *charts[IM_N_SENSORS];
  ImTimeSeries    *series[IM_N_SENSORS];

  gint64           window_ns;
  gint64           last_time_ns;
  GArray          *recent;        /* ImReading: the health score's window */

  /* The charts' annotations: state bands and the machine's alarms. */
  ImStateTrack    *states;
  GArray          *alarms;             /* ImAlarm */
  GCancellable    *alarms_cancellable;
};

G_DEFINE_FINAL_TYPE (ImLivePage, im_live_page, IM_TYPE_PAGE)

/* The machine's health score and, when it is low, which sensor drives
 * it and since when: what the fleet's card says, over the readings held. */
static void
update_health (ImLivePage *self,
               gint64      now_ns)
{
  g_autofree char *score = NULL;
  g_autofree char *driver = NULL;
  g_autofree char *text = NULL;
  ImHealth health;

  if (self->health_label == NULL)
    return;

  if (self->recent->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->health_label), FALSE);
      return;
    }

  im_health_compute ((const ImReading *) (gpointer) self->recent->data, self->recent->len,
                     now_ns, &health);
  score = im_health_format_score (health.score);
  if (health.status == IM_HEALTH_WARNING || health.status == IM_HEALTH_CRITICAL)
    driver = im_health_format_driver (&health);

  if (driver != NULL)
    /* Translators: "Health 62, Warning: Temperature Warning since 14:05:10" */
    text = g_strdup_printf (_("Health %s, %s: %s"), score,
                            im_health_status_label (health.status), driver);
  else
    /* Translators: "Health 95, Healthy" */
    text = g_strdup_printf (_("Health %s, %s"), score, im_health_status_label (health.status));
  gtk_label_set_label (self->health_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->health_label), TRUE);
}

/* Keeps the readings of the health score's window. */
static void
add_recent (ImLivePage *self,
            GArray     *readings)
{
  gint64 newest = G_MININT64;
  guint kept = 0;

  g_array_append_vals (self->recent, readings->data, readings->len);
  for (guint i = 0; i < self->recent->len; i++)
    newest = MAX (newest, g_array_index (self->recent, ImReading, i).time_ns);
  for (guint i = 0; i < self->recent->len; i++)
    {
      ImReading *r = &g_array_index (self->recent, ImReading, i);

      if (newest - r->time_ns <= IM_HEALTH_WINDOW_NS)
        g_array_index (self->recent, ImReading, kept++) = *r;
    }
  g_array_set_size (self->recent, kept);
}

static void
update_annotations (ImLivePage *self,
                    gint64      now_ns)
{
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      g_autoptr(GArray) annotations = NULL;

      annotations = im_annotations_build (self->states,
                                          (const ImAlarm *) (gpointer) self->alarms->data,
                                          self->alarms->len, (ImSensor) s, FALSE, now_ns);
      im_chart_set_annotations (IM_CHART (self->charts[s]),
                                (const ImChartAnnotation *) (gpointer) annotations->data,
                                annotations->len);
    }
}

static void
alarms_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ImLivePage) self = user_data;
  g_autoptr(GArray) alarms = NULL;
  g_autoptr(GError) error = NULL;

  alarms = im_data_source_list_alarms_finish (IM_DATA_SOURCE (object), result, &error);
  if (im_error_is_cancelled (error))
    return;

  g_clear_object (&self->alarms_cancellable);
  if (alarms == NULL)
    {
      g_debug ("Could not list the machine's alarms: %s", error->message);
      return;
    }

  g_array_set_size (self->alarms, 0);
  g_array_append_vals (self->alarms, alarms->data, alarms->len);
  update_annotations (self, im_now_ns ());
}

/* The machine's alarms of the window, beside its readings. */
static void
fetch_alarms (ImLivePage *self,
              gint64      now_ns)
{
  ImDataSource *source = im_page_get_source (IM_PAGE (self));
  const char *machine = im_page_get_machine (IM_PAGE (self));

  if (self->alarms_cancellable != NULL || source == NULL || machine == NULL)
    return;

  self->alarms_cancellable = g_cancellable_new ();
  im_data_source_list_alarms_async (source, machine, now_ns - self->window_ns,
                                    now_ns + AHEAD_NS, self->alarms_cancellable,
                                    alarms_cb, g_object_ref (self));
}

static void
clear_data (ImLivePage *self)
{
  im_page_cancel_request (IM_PAGE (self));
  g_cancellable_cancel (self->alarms_cancellable);
  g_clear_object (&self->alarms_cancellable);
  if (self->states != NULL)
    {
      im_state_track_clear (self->states);
      g_array_set_size (self->alarms, 0);
      for (guint s = 0; s < IM_N_SENSORS; s++)
        im_chart_set_annotations (IM_CHART (self->charts[s]), NULL, 0);
    }
  self->last_time_ns = 0;
  g_array_set_size (self->recent, 0);
  update_health (self, 0);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      im_time_series_clear (self->series[s]);
      im_metric_card_set_value (IM_METRIC_CARD (self->cards[s]), NAN, NAN);
    }
  gtk_widget_set_visible (self->no_data_status, FALSE);
}

/* The axis ends at now: with no new readings the line leaves to the
 * left and the chart empties from the right. */
static void
update_time_axis (ImLivePage *self,
                  gint64      now_ns)
{
  for (guint s = 0; s < IM_N_SENSORS; s++)
    im_chart_set_time_range (IM_CHART (self->charts[s]), now_ns - self->window_ns, now_ns);
}

static void
update_cards (ImLivePage *self,
              gint64      now_ns)
{
  /* As the fleet's health has it: offline when the newest reading is
   * older than a minute. */
  gboolean offline = self->last_time_ns != 0 &&
                     now_ns - self->last_time_ns > IM_HEALTH_OFFLINE_AFTER_NS;

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImTimeSeries *series = self->series[s];
      guint n = im_time_series_get_n_points (series);
      const gint64 *times = im_time_series_get_times (series);
      const double *values = im_time_series_get_values (series);
      double value = NAN;
      double change = NAN;

      if (n > 0 && offline)
        {
          im_metric_card_set_offline (IM_METRIC_CARD (self->cards[s]),
                                      im_units_to_stored (NULL, s, values[n - 1]),
                                      times[n - 1], now_ns);
          continue;
        }

      if (n > 0)
        {
          gint64 then = times[n - 1] - CHANGE_SPAN_NS;
          gssize i = im_time_series_find_nearest (series, then);

          /* the series hold display units, the cards stored ones */
          value = im_units_to_stored (NULL, s, values[n - 1]);
          if (i >= 0 && ABS (times[i] - then) <= CHANGE_SLACK_NS)
            change = im_units_delta_to_stored (NULL, s, values[n - 1] - values[i]);
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

  readings = im_data_source_query_raw_finish (IM_DATA_SOURCE (object), result, &error);
  if (!im_page_end_request (IM_PAGE (self), error))
    return;

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
  im_state_track_add (self->states, (const ImReading *) (gpointer) readings->data, readings->len);
  im_state_track_trim_before (self->states, now_ns - self->window_ns);
  update_annotations (self, now_ns);
  fetch_alarms (self, now_ns);

  if (readings->len > 0)
    self->last_time_ns = MAX (self->last_time_ns,
                              g_array_index (readings, ImReading, readings->len - 1).time_ns);

  if (full)
    g_array_set_size (self->recent, 0);
  add_recent (self, readings);

  update_time_axis (self, now_ns);
  update_cards (self, now_ns);
  update_health (self, now_ns);
  gtk_widget_set_visible (self->no_data_status,
                          im_time_series_get_n_points (self->series[0]) == 0);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
fetch_data (ImLivePage *self,
            gboolean    full)
{
  ImPage *page = IM_PAGE (self);
  ImDataSource *source = im_page_get_source (page);
  const char *machine = im_page_get_machine (page);
  gint64 now_ns = im_now_ns ();
  gint64 from_ns;

  /* What was shown goes even while hidden: mapping fetches anew once
   * last_time_ns is cleared, and never mixes in the old readings. */
  if (full)
    clear_data (self);

  if (source == NULL || machine == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (!full && im_page_get_requesting (page))
    return;  /* the previous refresh is still running: do not pile up */

  from_ns = now_ns - self->window_ns;
  if (self->last_time_ns != 0)
    from_ns = MAX (from_ns, self->last_time_ns - OVERLAP_NS);

  im_data_source_query_raw_async (source, machine, from_ns, now_ns + AHEAD_NS,
                                  im_page_begin_request (page),
                                  fetch_data_cb, g_object_ref (self));
}

static void
machines_listed_cb (ImLivePage      *self,
                    const GError    *error,
                    ImMachinePicker *picker)
{
  g_assert (IM_IS_LIVE_PAGE (self));

  if (error != NULL)
    {
      if (!im_machine_picker_get_loaded (picker))
        {
          /* Nothing to show: say so under the window's banner. */
          gtk_widget_set_visible (self->no_data_status, TRUE);
          gtk_stack_set_visible_child_name (self->stack, "content");
        }
      return;
    }

  if (im_machine_picker_get_n_machines (picker) == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* The picker selected the page's machine, or another one. */
  if (self->last_time_ns == 0 && !im_page_get_requesting (IM_PAGE (self)))
    fetch_data (self, TRUE);
}

static void
apply_window (ImLivePage *self)
{
  guint minutes = g_settings_get_uint (im_page_get_settings (IM_PAGE (self)), "live-window");
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
  update_time_axis (self, im_now_ns ());
}

static void
live_window_changed_cb (ImLivePage *self)
{
  g_assert (IM_IS_LIVE_PAGE (self));

  apply_window (self);
  fetch_data (self, TRUE);
}

static void
auto_refresh_changed_cb (ImLivePage *self)
{
  gboolean on;

  g_assert (IM_IS_LIVE_PAGE (self));

  on = g_settings_get_boolean (im_page_get_settings (IM_PAGE (self)), "auto-refresh");
  gtk_button_set_icon_name (GTK_BUTTON (self->auto_refresh_button),
                            on ? "media-playback-pause-symbolic"
                               : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->auto_refresh_button),
                               on ? _("Pause Auto-Refresh") : _("Resume Auto-Refresh"));
  if (on)
    fetch_data (self, FALSE);
}

static void
window_selected_cb (ImLivePage *self)
{
  GSettings *settings = im_page_get_settings (IM_PAGE (self));
  guint index;

  g_assert (IM_IS_LIVE_PAGE (self));

  index = gtk_drop_down_get_selected (self->window_drop_down);
  if (index < G_N_ELEMENTS (window_minutes) &&
      g_settings_get_uint (settings, "live-window") != window_minutes[index])
    g_settings_set_uint (settings, "live-window", window_minutes[index]);
}

/* ---- ImPage -------------------------------------------------------- */

static void
im_live_page_source_changed (ImPage *page)
{
  ImLivePage *self = IM_LIVE_PAGE (page);

  clear_data (self);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  im_page_load_machines (page);
}

static void
im_live_page_machine_changed (ImPage *page)
{
  fetch_data (IM_LIVE_PAGE (page), TRUE);
}

/* The series hold converted values: read them again in the new units;
 * the axes redraw in the new zone. */
static void
im_live_page_display_changed (ImPage *page)
{
  ImLivePage *self = IM_LIVE_PAGE (page);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      im_metric_card_update_units (IM_METRIC_CARD (self->cards[s]));
      im_chart_card_update_units (IM_CHART_CARD (gtk_widget_get_parent (self->charts[s])));
    }
  clear_data (self);
  fetch_data (self, TRUE);
}

static void
im_live_page_auto_refresh (ImPage *page)
{
  ImLivePage *self = IM_LIVE_PAGE (page);
  gint64 now_ns = im_now_ns ();

  /* Time passes whether or not readings come. */
  update_time_axis (self, now_ns);
  update_cards (self, now_ns);
  update_health (self, now_ns);
  fetch_data (self, FALSE);
}

static void
im_live_page_refresh (ImPage *page)
{
  im_page_load_machines (page);
  fetch_data (IM_LIVE_PAGE (page), FALSE);
}

/* ---- Widget -------------------------------------------------------- */

static void
im_live_page_map (GtkWidget *widget)
{
  ImLivePage *self = IM_LIVE_PAGE (widget);

  GTK_WIDGET_CLASS (im_live_page_parent_class)->map (widget);

  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  update_time_axis (self, im_now_ns ());
  im_page_load_machines (IM_PAGE (self));
  fetch_data (self, self->last_time_ns == 0);
}

static void
im_live_page_unmap (GtkWidget *widget)
{
  ImLivePage *self = IM_LIVE_PAGE (widget);

  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  GTK_WIDGET_CLASS (im_live_page_parent_class)->unmap (widget);
}

static void
im_live_page_dispose (GObject *object)
{
  ImLivePage *self = (ImLivePage *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), IM_TYPE_LIVE_PAGE);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    g_clear_object (&self->series[s]);
  g_cancellable_cancel (self->alarms_cancellable);
  g_clear_object (&self->alarms_cancellable);
  g_clear_pointer (&self->states, im_state_track_free);
  g_clear_pointer (&self->alarms, g_array_unref);

  G_OBJECT_CLASS (im_live_page_parent_class)->dispose (object);
}

static void
im_live_page_finalize (GObject *object)
{
  ImLivePage *self = (ImLivePage *) object;

  g_clear_pointer (&self->recent, g_array_unref);

  G_OBJECT_CLASS (im_live_page_parent_class)->finalize (object);
}

static void
im_live_page_class_init (ImLivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ImPageClass *page_class = IM_PAGE_CLASS (klass);

  g_type_ensure (IM_TYPE_CHART_CARD);
  g_type_ensure (IM_TYPE_METRIC_CARD);

  object_class->dispose = im_live_page_dispose;
  object_class->finalize = im_live_page_finalize;

  widget_class->map = im_live_page_map;
  widget_class->unmap = im_live_page_unmap;

  page_class->source_changed = im_live_page_source_changed;
  page_class->machine_changed = im_live_page_machine_changed;
  page_class->auto_refresh = im_live_page_auto_refresh;
  page_class->refresh = im_live_page_refresh;
  page_class->display_changed = im_live_page_display_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-live-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, stack);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, machine_picker);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, window_drop_down);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, auto_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, charts_box);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, no_data_status);
  gtk_widget_class_bind_template_child (widget_class, ImLivePage, health_label);
  gtk_widget_class_bind_template_callback (widget_class, machines_listed_cb);
  gtk_widget_class_bind_template_callback (widget_class, window_selected_cb);
}

static void
im_live_page_init (ImLivePage *self)
{
  GSettings *settings = im_page_get_settings (IM_PAGE (self));

  self->recent = g_array_new (FALSE, FALSE, sizeof (ImReading));
  gtk_widget_init_template (GTK_WIDGET (self));

  /* the template declares a card and a chart per sensor */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *card = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      self->cards[im_metric_card_get_sensor (IM_METRIC_CARD (card))] = card;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charts_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ImChartCard *card = IM_CHART_CARD (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child)));

      self->charts[im_chart_card_get_sensor (card)] = GTK_WIDGET (im_chart_card_get_chart (card));
    }

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      g_assert (self->cards[s] != NULL && self->charts[s] != NULL);

      self->series[s] = im_time_series_new ();
      im_chart_add_series (IM_CHART (self->charts[s]), self->series[s]);
      im_chart_set_max_gap (IM_CHART (self->charts[s]), IM_READINGS_MAX_GAP_NS);
    }

  self->states = im_state_track_new (IM_READINGS_MAX_GAP_NS);
  self->alarms = g_array_new (FALSE, FALSE, sizeof (ImAlarm));

  apply_window (self);

  im_page_set_machine_picker (IM_PAGE (self), self->machine_picker);
  g_object_bind_property (self, "busy", self->spinner, "spinning", G_BINDING_SYNC_CREATE);

  /* The page's timer first: the handlers below may fetch. */
  im_page_enable_auto_refresh (IM_PAGE (self));
  g_settings_bind (settings, "auto-refresh",
                   self->auto_refresh_button, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed::live-window",
                           G_CALLBACK (live_window_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::auto-refresh",
                           G_CALLBACK (auto_refresh_changed_cb), self,
                           G_CONNECT_SWAPPED);
  auto_refresh_changed_cb (self);
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

const char *
im_live_page_get_health_text (ImLivePage *self)
{
  g_return_val_if_fail (IM_IS_LIVE_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->health_label))
         ? gtk_label_get_label (self->health_label) : NULL;
}

gboolean
im_live_page_get_showing_empty (ImLivePage *self)
{
  g_return_val_if_fail (IM_IS_LIVE_PAGE (self), FALSE);

  return gtk_widget_get_visible (self->no_data_status);
}
