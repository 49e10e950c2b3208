/* im-units.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-units"

#include "config.h"

#include <math.h>

#include "im-units.h"

/* 1 psi = 6.894757293168361 kPa (NIST SP 811, psi = lbf/in²). */
#define KPA_PER_PSI 6.894757293168361

typedef struct
{
  double      scale;
  double      offset;
  const char *symbol;
  const char *column_suffix;
  int         extra_decimals;
} Conversion;

static const Conversion temperature_conversions[] = {
  [IM_TEMPERATURE_UNIT_CELSIUS] = { 1.0, 0.0, "°C", NULL, 0 },
  [IM_TEMPERATURE_UNIT_FAHRENHEIT] = { 9.0 / 5.0, 32.0, "°F", "degf", 0 },
};

static const Conversion pressure_conversions[] = {
  [IM_PRESSURE_UNIT_PSI] = { 1.0, 0.0, "PSI", NULL, 0 },
  [IM_PRESSURE_UNIT_BAR] = { KPA_PER_PSI / 100.0, 0.0, "bar", "bar", 1 },
  [IM_PRESSURE_UNIT_KPA] = { KPA_PER_PSI, 0.0, "kPa", "kpa", 0 },
};

static ImUnits display_units = IM_UNITS_INIT_STORED;

const ImUnits *
im_units_get_display (void)
{
  return &display_units;
}

gboolean
im_units_set_display (const ImUnits *units)
{
  g_return_val_if_fail (units != NULL, FALSE);
  g_return_val_if_fail ((guint) units->temperature < G_N_ELEMENTS (temperature_conversions), FALSE);
  g_return_val_if_fail ((guint) units->pressure < G_N_ELEMENTS (pressure_conversions), FALSE);

  if (display_units.temperature == units->temperature &&
      display_units.pressure == units->pressure)
    return FALSE;

  display_units = *units;

  return TRUE;
}

/* NULL for a sensor that has one unit only. */
static const Conversion *
get_conversion (const ImUnits *units,
                ImSensor       sensor)
{
  if (units == NULL)
    units = &display_units;

  switch (sensor)
    {
    case IM_SENSOR_TEMPERATURE:
      return &temperature_conversions[units->temperature];

    case IM_SENSOR_PRESSURE:
      return &pressure_conversions[units->pressure];

    case IM_SENSOR_VIBRATION:
    case IM_SENSOR_POWER:
      return NULL;

    case IM_SENSOR_NONE:
    case IM_N_SENSORS:
    default:
      g_return_val_if_reached (NULL);
    }
}

double
im_units_convert (const ImUnits *units,
                  ImSensor       sensor,
                  double         stored)
{
  const Conversion *c = get_conversion (units, sensor);

  return c != NULL ? stored * c->scale + c->offset : stored;
}

double
im_units_convert_delta (const ImUnits *units,
                        ImSensor       sensor,
                        double         stored_delta)
{
  const Conversion *c = get_conversion (units, sensor);

  return c != NULL ? stored_delta * c->scale : stored_delta;
}

double
im_units_to_stored (const ImUnits *units,
                    ImSensor       sensor,
                    double         shown)
{
  const Conversion *c = get_conversion (units, sensor);

  return c != NULL ? (shown - c->offset) / c->scale : shown;
}

double
im_units_delta_to_stored (const ImUnits *units,
                          ImSensor       sensor,
                          double         shown_delta)
{
  const Conversion *c = get_conversion (units, sensor);

  return c != NULL ? shown_delta / c->scale : shown_delta;
}

const char *
im_units_get_symbol (const ImUnits *units,
                     ImSensor       sensor)
{
  const Conversion *c = get_conversion (units, sensor);

  return c != NULL ? c->symbol : im_sensor_unit (sensor);
}

int
im_units_get_extra_decimals (const ImUnits *units,
                             ImSensor       sensor)
{
  const Conversion *c = get_conversion (units, sensor);

  return c != NULL ? c->extra_decimals : 0;
}

const char *
im_units_get_column_suffix (const ImUnits *units,
                            ImSensor       sensor)
{
  const Conversion *c = get_conversion (units, sensor);

  return c != NULL ? c->column_suffix : NULL;
}
