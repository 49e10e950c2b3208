/* im-compare-window.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-compare-window"

#include "config.h"

#include <glib/gi18n.h>

#include "im-chart.h"
#include "im-compare-window.h"
#include "im-health-display.h"
#include "im-time-series.h"
#include "im-time-window.h"
#include "im-time-zone.h"
#include "im-ui-util.h"
#include "im-units.h"
#include "im-util.h"

/* Machines ticked when the window opens: the page's and the next ones. */
#define N_TICKED_FIRST 4

/* One colour per machine (GNOME palette), told apart on light and dark. */
static const char * const colors[IM_COMPARE_MAX_MACHINES] = {
  "#3584e4", "#e66100", "#2ec27e", "#9141ac", "#c01c28", "#986a44", "#f5c211", "#77767b",
};

struct _ImCompareWindow
{
  AdwWindow     parent_instance;

  GtkDropDown  *sensor_drop_down;
  GtkSpinner   *spinner;
  GtkLabel     *range_label;
  GtkFlowBox   *machines_box;
  GtkBox       *chart_card;
  GtkFlowBox   *legend_box;
  GtkWidget    *chart;

  ImDataSource *source;
  char         *first_machine;
  gint64        from_ns;
  gint64        to_ns;
  gint64        window_ns;
  ImSensor      sensor;

  GPtrArray    *checks;        /* GtkCheckButton, one per machine */
  GPtrArray    *shown;         /* machine ids on the chart */
  GCancellable *cancellable;   /* of the queries in flight */
  guint         n_pending;
  guint         loaded : 1;
  guint         updating : 1;
};

G_DEFINE_FINAL_TYPE (ImCompareWindow, im_compare_window, ADW_TYPE_WINDOW)

typedef struct
{
  ImCompareWindow *self;
  ImTimeSeries    *series;
  ImSensor         sensor;
} Query;

static void
query_free (Query *query)
{
  g_clear_object (&query->self);
  g_clear_object (&query->series);
  g_free (query);
}

static void
set_pending (ImCompareWindow *self,
             guint            n_pending)
{
  self->n_pending = n_pending;
  gtk_spinner_set_spinning (self->spinner, n_pending > 0);
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Query *query = user_data;
  ImCompareWindow *self = query->self;
  g_autoptr(GArray) aggregates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *times = NULL;
  g_autofree double *values = NULL;

  aggregates = im_data_source_query_aggregate_finish (IM_DATA_SOURCE (object), result, &error);
  if (im_error_is_cancelled (error))
    {
      query_free (query);
      return;
    }

  set_pending (self, self->n_pending - 1);

  if (aggregates == NULL)
    g_debug ("Could not read a machine to compare: %s", error->message);
  else
    {
      times = g_new (gint64, MAX (aggregates->len, 1));
      values = g_new (double, MAX (aggregates->len, 1));
      for (guint i = 0; i < aggregates->len; i++)
        {
          const ImAggregate *agg = &g_array_index (aggregates, ImAggregate, i);

          times[i] = agg->time_ns;
          values[i] = im_units_convert (NULL, query->sensor, agg->mean[query->sensor]);
        }
      im_time_series_set (query->series, times, values, NULL, NULL, aggregates->len);
    }

  query_free (query);
}

static void
add_legend_entry (ImCompareWindow *self,
                  const char      *machine_id,
                  const char      *color)
{
  g_autofree char *escaped = g_markup_escape_text (machine_id, -1);
  g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\">●</span> %s", color, escaped);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_flow_box_append (self->legend_box, label);
}

/* The ticked machines, again: one series and one query each. */
static void
reload (ImCompareWindow *self)
{
  graphene_rect_t plot;
  guint columns = 0;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_pending (self, 0);

  im_chart_clear_series (IM_CHART (self->chart));
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->legend_box))) != NULL)
      gtk_flow_box_remove (self->legend_box, child);
  }
  g_ptr_array_set_size (self->shown, 0);

  im_chart_set_sensor (IM_CHART (self->chart), self->sensor);
  im_chart_set_time_range (IM_CHART (self->chart), self->from_ns, self->to_ns);

  if (gtk_widget_get_width (self->chart) > 0)
    {
      im_chart_get_plot_area (IM_CHART (self->chart), &plot);
      columns = plot.size.width >= 1 ? (guint) plot.size.width : 0;
    }
  self->window_ns = im_time_window_choose (self->from_ns, self->to_ns, columns > 0 ? columns : 800);
  /* windows without readings break the lines, as on the history page */
  im_chart_set_max_gap (IM_CHART (self->chart), im_aggregates_max_gap (self->window_ns));

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      const char *machine_id = gtk_check_button_get_label (check);
      const char *color;
      g_autoptr(ImTimeSeries) series = NULL;
      GdkRGBA rgba;
      Query *query;

      if (!gtk_check_button_get_active (check))
        continue;

      color = colors[self->shown->len];
      g_ptr_array_add (self->shown, g_strdup (machine_id));
      series = im_time_series_new ();
      im_chart_add_series (IM_CHART (self->chart), series);
      gdk_rgba_parse (&rgba, color);
      im_chart_set_series_color (IM_CHART (self->chart), series, &rgba);
      add_legend_entry (self, machine_id, color);

      query = g_new0 (Query, 1);
      query->self = g_object_ref (self);
      query->series = g_object_ref (series);
      query->sensor = self->sensor;
      set_pending (self, self->n_pending + 1);
      im_data_source_query_aggregate_async (self->source, machine_id,
                                            self->from_ns, self->to_ns, self->window_ns,
                                            self->cancellable, query_done_cb, query);
    }
}

/* No more than IM_COMPARE_MAX_MACHINES ticked: the others wait. */
static void
update_sensitivity (ImCompareWindow *self)
{
  guint n_ticked = 0;

  for (guint i = 0; i < self->checks->len; i++)
    n_ticked += gtk_check_button_get_active (g_ptr_array_index (self->checks, i));

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      gtk_widget_set_sensitive (GTK_WIDGET (check),
                                gtk_check_button_get_active (check) ||
                                n_ticked < IM_COMPARE_MAX_MACHINES);
    }
}

static void
machine_toggled_cb (ImCompareWindow *self)
{
  if (self->updating)
    return;

  update_sensitivity (self);
  reload (self);
}

static void
machines_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ImCompareWindow) self = user_data;
  g_auto(GStrv) machines = NULL;
  g_autoptr(GError) error = NULL;
  guint first = 0;

  machines = im_data_source_list_machines_finish (IM_DATA_SOURCE (object), result, &error);
  if (machines == NULL)
    {
      if (!im_error_is_cancelled (error))
        gtk_label_set_label (self->range_label, error->message);
      return;
    }

  /* the page's machine and those after it */
  for (guint i = 0; machines[i] != NULL; i++)
    if (g_strcmp0 (machines[i], self->first_machine) == 0)
      first = i;

  self->updating = TRUE;
  for (guint i = 0; machines[i] != NULL; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (machines[i]);
      guint n = g_strv_length (machines);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   (i + n - first) % n < N_TICKED_FIRST);
      g_signal_connect_object (check, "toggled", G_CALLBACK (machine_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      g_ptr_array_add (self->checks, check);
      gtk_flow_box_append (self->machines_box, check);
    }
  self->updating = FALSE;
  self->loaded = TRUE;

  update_sensitivity (self);
  reload (self);
}

static void
sensor_selected_cb (ImCompareWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->sensor_drop_down);

  if (selected >= IM_N_SENSORS || (ImSensor) selected == self->sensor)
    return;

  self->sensor = selected;
  if (self->loaded)
    reload (self);
}

static void
update_range_label (ImCompareWindow *self)
{
  g_autoptr(GDateTime) from_utc = g_date_time_new_from_unix_utc (self->from_ns / IM_NSEC_PER_SEC);
  g_autoptr(GDateTime) to_utc = g_date_time_new_from_unix_utc (self->to_ns / IM_NSEC_PER_SEC);
  g_autoptr(GDateTime) from = g_date_time_to_timezone (from_utc, im_time_zone_get_display ());
  g_autoptr(GDateTime) to = g_date_time_to_timezone (to_utc, im_time_zone_get_display ());
  /* Translators: a date and time, see g_date_time_format() */
  g_autofree char *from_text = g_date_time_format (from, _("%b %e, %Y  %H:%M"));
  g_autofree char *to_text = g_date_time_format (to, _("%b %e, %Y  %H:%M"));
  g_autofree char *zone = im_time_zone_dup_abbreviation (NULL, self->to_ns);
  g_autofree char *text = NULL;

  /* Translators: "The mean of each machine from Nov 28, 2026 14:05 to
   * Nov 29, 2026 14:05 CET; up to 8 machines" */
  text = g_strdup_printf (_("The mean of each machine from %s to %s %s; up to %d machines"),
                          from_text, to_text, zone, IM_COMPARE_MAX_MACHINES);
  gtk_label_set_label (self->range_label, text);
}

static void
im_compare_window_dispose (GObject *object)
{
  ImCompareWindow *self = (ImCompareWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), IM_TYPE_COMPARE_WINDOW);

  G_OBJECT_CLASS (im_compare_window_parent_class)->dispose (object);
}

static void
im_compare_window_finalize (GObject *object)
{
  ImCompareWindow *self = (ImCompareWindow *) object;

  g_clear_object (&self->source);
  g_clear_pointer (&self->first_machine, g_free);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_ptr_array_unref);

  G_OBJECT_CLASS (im_compare_window_parent_class)->finalize (object);
}

static void
im_compare_window_class_init (ImCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = im_compare_window_dispose;
  object_class->finalize = im_compare_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ImCompareWindow, sensor_drop_down);
  gtk_widget_class_bind_template_child (widget_class, ImCompareWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ImCompareWindow, range_label);
  gtk_widget_class_bind_template_child (widget_class, ImCompareWindow, machines_box);
  gtk_widget_class_bind_template_child (widget_class, ImCompareWindow, chart_card);
  gtk_widget_class_bind_template_child (widget_class, ImCompareWindow, legend_box);
  gtk_widget_class_bind_template_callback (widget_class, sensor_selected_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
im_compare_window_init (ImCompareWindow *self)
{
  g_autoptr(GtkStringList) sensors = gtk_string_list_new (NULL);

  self->checks = g_ptr_array_new ();
  self->shown = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  self->sensor = IM_SENSOR_TEMPERATURE;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint s = 0; s < IM_N_SENSORS; s++)
    gtk_string_list_append (sensors, im_sensor_label (s));
  gtk_drop_down_set_model (self->sensor_drop_down, G_LIST_MODEL (sensors));

  self->chart = im_chart_new ();
  gtk_widget_set_size_request (self->chart, 480, 320);
  gtk_widget_set_vexpand (self->chart, TRUE);
  gtk_box_prepend (self->chart_card, self->chart);
}

ImCompareWindow *
im_compare_window_new (ImDataSource *source,
                       const char   *machine_id,
                       gint64        from_ns,
                       gint64        to_ns)
{
  ImCompareWindow *self;

  g_return_val_if_fail (IM_IS_DATA_SOURCE (source), NULL);
  g_return_val_if_fail (from_ns < to_ns, NULL);

  self = g_object_new (IM_TYPE_COMPARE_WINDOW, NULL);
  self->source = g_object_ref (source);
  self->first_machine = g_strdup (machine_id);
  self->from_ns = from_ns;
  self->to_ns = to_ns;
  update_range_label (self);
  im_chart_set_sensor (IM_CHART (self->chart), self->sensor);
  im_chart_set_time_range (IM_CHART (self->chart), from_ns, to_ns);

  im_data_source_list_machines_async (source, self->cancellable, machines_listed_cb,
                                      g_object_ref (self));

  return self;
}

void
im_compare_window_set_sensor (ImCompareWindow *self,
                              ImSensor         sensor)
{
  g_return_if_fail (IM_IS_COMPARE_WINDOW (self));
  g_return_if_fail ((guint) sensor < IM_N_SENSORS);

  gtk_drop_down_set_selected (self->sensor_drop_down, sensor);
}

ImSensor
im_compare_window_get_sensor (ImCompareWindow *self)
{
  g_return_val_if_fail (IM_IS_COMPARE_WINDOW (self), IM_SENSOR_TEMPERATURE);

  return self->sensor;
}

static GtkCheckButton *
find_check (ImCompareWindow *self,
            const char      *machine_id)
{
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (g_strcmp0 (gtk_check_button_get_label (check), machine_id) == 0)
        return check;
    }

  return NULL;
}

gboolean
im_compare_window_set_machine_shown (ImCompareWindow *self,
                                     const char      *machine_id,
                                     gboolean         shown)
{
  GtkCheckButton *check;

  g_return_val_if_fail (IM_IS_COMPARE_WINDOW (self), FALSE);

  check = find_check (self, machine_id);
  if (check == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (check)))
    return FALSE;

  gtk_check_button_set_active (check, shown);

  return TRUE;
}

gboolean
im_compare_window_get_loaded (ImCompareWindow *self)
{
  g_return_val_if_fail (IM_IS_COMPARE_WINDOW (self), FALSE);

  return self->loaded;
}

gboolean
im_compare_window_get_busy (ImCompareWindow *self)
{
  g_return_val_if_fail (IM_IS_COMPARE_WINDOW (self), FALSE);

  return !self->loaded || self->n_pending > 0;
}

GtkWidget *
im_compare_window_get_chart (ImCompareWindow *self)
{
  g_return_val_if_fail (IM_IS_COMPARE_WINDOW (self), NULL);

  return self->chart;
}

GStrv
im_compare_window_dup_shown (ImCompareWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (IM_IS_COMPARE_WINDOW (self), NULL);

  for (guint i = 0; i < self->shown->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->shown, i));

  return g_strv_builder_end (builder);
}

GStrv
im_compare_window_dup_legend (ImCompareWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (IM_IS_COMPARE_WINDOW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->legend_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *text = gtk_label_get_text (GTK_LABEL (label));

      /* after the colour dot */
      g_strv_builder_add (builder, g_utf8_next_char (text) + 1);
    }

  return g_strv_builder_end (builder);
}

gint64
im_compare_window_get_window (ImCompareWindow *self)
{
  g_return_val_if_fail (IM_IS_COMPARE_WINDOW (self), 0);

  return self->window_ns;
}

gboolean
im_compare_window_get_machine_sensitive (ImCompareWindow *self,
                                         const char      *machine_id)
{
  GtkCheckButton *check;

  g_return_val_if_fail (IM_IS_COMPARE_WINDOW (self), FALSE);

  check = find_check (self, machine_id);

  return check != NULL && gtk_widget_get_sensitive (GTK_WIDGET (check));
}
