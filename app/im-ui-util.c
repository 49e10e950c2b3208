/* im-ui-util.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-influx-client.h"
#include "im-ui-util.h"

static gboolean
list_equals (GListModel         *model,
             const char * const *strings)
{
  guint n = g_list_model_get_n_items (model);
  guint i;

  for (i = 0; strings[i] != NULL; i++)
    {
      if (i >= n ||
          g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), strings[i]) != 0)
        return FALSE;
    }

  return i == n;
}

const char *
im_drop_down_set_strings (GtkDropDown        *drop_down,
                          const char * const *strings,
                          const char         *selected)
{
  GListModel *model;
  g_autofree char *keep = g_strdup (selected);

  g_return_val_if_fail (GTK_IS_DROP_DOWN (drop_down), NULL);
  g_return_val_if_fail (strings != NULL, NULL);

  model = gtk_drop_down_get_model (drop_down);
  g_return_val_if_fail (GTK_IS_STRING_LIST (model), NULL);

  if (!list_equals (model, strings))
    gtk_string_list_splice (GTK_STRING_LIST (model), 0, g_list_model_get_n_items (model),
                            strings);

  if (keep == NULL || !im_drop_down_select_string (drop_down, keep))
    gtk_drop_down_set_selected (drop_down, strings[0] != NULL ? 0 : GTK_INVALID_LIST_POSITION);

  return im_drop_down_get_string (drop_down);
}

const char *
im_drop_down_get_string (GtkDropDown *drop_down)
{
  GtkStringObject *item;

  g_return_val_if_fail (GTK_IS_DROP_DOWN (drop_down), NULL);

  item = gtk_drop_down_get_selected_item (drop_down);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

gboolean
im_drop_down_select_string (GtkDropDown *drop_down,
                            const char  *string)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (GTK_IS_DROP_DOWN (drop_down), FALSE);
  g_return_val_if_fail (string != NULL, FALSE);

  model = gtk_drop_down_get_model (drop_down);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), string) == 0)
        {
          if (gtk_drop_down_get_selected (drop_down) != i)
            gtk_drop_down_set_selected (drop_down, i);
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
im_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_CANCELLED);
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
