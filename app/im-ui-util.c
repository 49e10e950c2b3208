/* im-ui-util.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-ui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "im-chart.h"
#include "im-health-display.h"
#include "im-ui-util.h"

GtkWidget *
im_chart_card_new (ImSensor       sensor,
                   ImTimeSeries  *series,
                   int            chart_height,
                   GtkWidget    **chart)
{
  GtkWidget *box;
  GtkWidget *label;
  g_autofree char *title = NULL;

  g_return_val_if_fail ((guint) sensor < IM_N_SENSORS, NULL);
  g_return_val_if_fail (IM_IS_TIME_SERIES (series), NULL);
  g_return_val_if_fail (chart != NULL, NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "chart-card");

  /* Translators: a chart title, "Temperature (°C)" */
  title = g_strdup_printf (_("%s (%s)"), im_sensor_label (sensor), im_sensor_unit (sensor));
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  *chart = im_chart_new ();
  im_chart_set_sensor (IM_CHART (*chart), sensor);
  im_chart_add_series (IM_CHART (*chart), series);
  gtk_widget_set_size_request (*chart, 240, chart_height);
  gtk_widget_set_vexpand (*chart, TRUE);
  gtk_box_append (GTK_BOX (box), *chart);

  return box;
}

gboolean
im_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

void
im_series_set_readings (ImTimeSeries    **series,
                        const ImReading  *readings,
                        gsize             n_readings,
                        gboolean          append)
{
  g_autofree gint64 *times = NULL;
  g_autofree double *values = NULL;

  g_return_if_fail (series != NULL);
  g_return_if_fail (readings != NULL || n_readings == 0);

  times = g_new (gint64, MAX (n_readings, 1));
  values = g_new (double, MAX (n_readings, 1));
  for (gsize i = 0; i < n_readings; i++)
    times[i] = readings[i].time_ns;

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      for (gsize i = 0; i < n_readings; i++)
        values[i] = readings[i].values[s];

      if (append)
        im_time_series_append_many (series[s], times, values, NULL, NULL, n_readings);
      else
        im_time_series_set (series[s], times, values, NULL, NULL, n_readings);
    }
}

gint64
im_aggregates_max_gap (gint64 window_ns)
{
  g_return_val_if_fail (window_ns > 0, IM_READINGS_MAX_GAP_NS);

  /* Neighbouring windows are one window apart; the readings inside
   * may still be a reading interval apart across their boundary. */
  return MAX (window_ns, IM_READINGS_MAX_GAP_NS);
}

void
im_series_set_aggregates (ImTimeSeries      **series,
                          const ImAggregate  *aggregates,
                          gsize               n_aggregates)
{
  g_autofree gint64 *times = NULL;
  g_autofree double *means = NULL;
  g_autofree double *mins = NULL;
  g_autofree double *maxs = NULL;

  g_return_if_fail (series != NULL);
  g_return_if_fail (aggregates != NULL || n_aggregates == 0);

  times = g_new (gint64, MAX (n_aggregates, 1));
  means = g_new (double, MAX (n_aggregates, 1));
  mins = g_new (double, MAX (n_aggregates, 1));
  maxs = g_new (double, MAX (n_aggregates, 1));
  for (gsize i = 0; i < n_aggregates; i++)
    times[i] = aggregates[i].time_ns;

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      for (gsize i = 0; i < n_aggregates; i++)
        {
          means[i] = aggregates[i].mean[s];
          mins[i] = aggregates[i].min[s];
          maxs[i] = aggregates[i].max[s];
        }
      im_time_series_set (series[s], times, means, mins, maxs, n_aggregates);
    }
}
