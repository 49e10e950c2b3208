/* im-sensor-stats.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-sensor-stats"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "im-health-display.h"
#include "im-sensor-stats.h"
#include "im-units.h"

void
im_sensor_stats_compute (const ImAggregate *aggregates,
                         gsize              n_aggregates,
                         ImSensor           sensor,
                         gint64             from_ns,
                         gint64             to_ns,
                         ImSensorStats     *stats)
{
  guint in_zone[3] = { 0, 0, 0 };
  double sum = 0.0;
  guint64 count = 0;

  g_return_if_fail (aggregates != NULL || n_aggregates == 0);
  g_return_if_fail ((guint) sensor < IM_N_SENSORS);
  g_return_if_fail (stats != NULL);

  stats->n_windows = 0;
  stats->min = stats->max = stats->mean = stats->last = NAN;

  for (gsize i = 0; i < n_aggregates; i++)
    {
      const ImAggregate *agg = &aggregates[i];
      double mean = agg->mean[sensor];

      if (agg->time_ns < from_ns || agg->time_ns >= to_ns || !isfinite (mean))
        continue;

      stats->n_windows++;
      if (!(stats->min <= agg->min[sensor]))
        stats->min = agg->min[sensor];
      if (!(stats->max >= agg->max[sensor]))
        stats->max = agg->max[sensor];
      sum += mean * MAX (agg->count, 1);
      count += MAX (agg->count, 1);
      stats->last = mean;
      in_zone[im_sensor_zone (sensor, mean)]++;
    }

  if (count > 0)
    stats->mean = sum / (double) count;
  for (guint z = 0; z < G_N_ELEMENTS (in_zone); z++)
    stats->zone_share[z] = stats->n_windows > 0 ? (double) in_zone[z] / stats->n_windows : 0.0;
}

char *
im_sensor_stats_format (const ImSensorStats *stats,
                        ImSensor             sensor)
{
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;
  g_autofree char *mean = NULL;
  g_autofree char *last = NULL;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (stats != NULL, NULL);

  if (stats->n_windows == 0)
    return g_strdup ("");

  min = im_format_sensor_value (sensor, stats->min);
  max = im_format_sensor_value (sensor, stats->max);
  mean = im_format_sensor_value (sensor, stats->mean);
  last = im_format_sensor_value (sensor, stats->last);

  /* Translators: a chart's legend, "Min 50.1 · Max 105.2 · Mean 70.3 ·
   * Last 68.0 °C"; the last %s is the unit */
  text = g_string_new (NULL);
  g_string_printf (text, _("Min %s · Max %s · Mean %s · Last %s %s"),
                   min, max, mean, last, im_units_get_symbol (NULL, sensor));

  for (ImZone z = IM_ZONE_NORMAL; z <= IM_ZONE_CRITICAL; z++)
    /* Translators: the share of time in a zone, "Normal 82 %" */
    g_string_append_printf (text, _(" · %s %.0f %%"), im_zone_label (z),
                            100.0 * stats->zone_share[z]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
