/* im-units.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-reading.h"

G_BEGIN_DECLS

/*
 * The units a person reads values in. Readings are stored, queried and
 * checked against their zones in the contract's units (°C, PSI; see
 * im_sensor_unit()); only what is shown or exported is converted.
 */

/* The schema's enum APP_ID.TemperatureUnit, in its order. */
typedef enum
{
  IM_TEMPERATURE_UNIT_CELSIUS,
  IM_TEMPERATURE_UNIT_FAHRENHEIT,
} ImTemperatureUnit;

/* The schema's enum APP_ID.PressureUnit, in its order. */
typedef enum
{
  IM_PRESSURE_UNIT_PSI,
  IM_PRESSURE_UNIT_BAR,
  IM_PRESSURE_UNIT_KPA,
} ImPressureUnit;

typedef struct
{
  ImTemperatureUnit temperature;
  ImPressureUnit    pressure;
} ImUnits;

/* The contract's units: conversions through them change nothing. */
#define IM_UNITS_INIT_STORED { IM_TEMPERATURE_UNIT_CELSIUS, IM_PRESSURE_UNIT_PSI }

/* The units the screen shows, for the whole process (main thread); the
 * stored units until set. */
const ImUnits *im_units_get_display        (void);
/* TRUE when they changed. */
gboolean       im_units_set_display        (const ImUnits *units);

/* @units: NULL for the display units. NAN stays NAN. */
double         im_units_convert            (const ImUnits *units,
                                            ImSensor       sensor,
                                            double         stored);
/* A difference of two values (no offset). */
double         im_units_convert_delta      (const ImUnits *units,
                                            ImSensor       sensor,
                                            double         stored_delta);
/* The inverse of im_units_convert(), for values read back from what is
 * shown (exact up to rounding). */
double         im_units_to_stored          (const ImUnits *units,
                                            ImSensor       sensor,
                                            double         shown);
double         im_units_delta_to_stored    (const ImUnits *units,
                                            ImSensor       sensor,
                                            double         shown_delta);
/* "°F", "bar", … */
const char    *im_units_get_symbol         (const ImUnits *units,
                                            ImSensor       sensor);
/* Digits to add to those the stored unit is shown with (bar: one more). */
int            im_units_get_extra_decimals (const ImUnits *units,
                                            ImSensor       sensor);
/* The suffix of a CSV column in a converted unit ("degf", "bar", "kpa"),
 * NULL in the stored unit (the column is named after the sensor alone). */
const char    *im_units_get_column_suffix  (const ImUnits *units,
                                            ImSensor       sensor);

G_END_DECLS
