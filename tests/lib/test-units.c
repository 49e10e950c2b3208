/* test-units.c — the display units' conversions.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "im-units.h"

static void
test_stored (void)
{
  const ImUnits stored = IM_UNITS_INIT_STORED;

  /* The contract's units change nothing and name no column suffix. */
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      g_assert_cmpfloat (im_units_convert (&stored, s, 55.125), ==, 55.125);
      g_assert_cmpfloat (im_units_convert_delta (&stored, s, -1.5), ==, -1.5);
      g_assert_cmpstr (im_units_get_symbol (&stored, s), ==, im_sensor_unit (s));
      g_assert_null (im_units_get_column_suffix (&stored, s));
      g_assert_cmpint (im_units_get_extra_decimals (&stored, s), ==, 0);
    }
  g_assert_true (isnan (im_units_convert (&stored, IM_SENSOR_TEMPERATURE, NAN)));
}

static void
test_temperature (void)
{
  const ImUnits f = { IM_TEMPERATURE_UNIT_FAHRENHEIT, IM_PRESSURE_UNIT_PSI };

  /* Water freezes at 32 °F and boils at 212 °F; -40 is -40 in both. */
  g_assert_cmpfloat_with_epsilon (im_units_convert (&f, IM_SENSOR_TEMPERATURE, 0.0), 32.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_units_convert (&f, IM_SENSOR_TEMPERATURE, 100.0), 212.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_units_convert (&f, IM_SENSOR_TEMPERATURE, -40.0), -40.0, 1e-12);
  /* A difference has no offset: 1 K is 1.8 °F. */
  g_assert_cmpfloat_with_epsilon (im_units_convert_delta (&f, IM_SENSOR_TEMPERATURE, 1.0), 1.8, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_units_to_stored (&f, IM_SENSOR_TEMPERATURE, 212.0), 100.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (im_units_delta_to_stored (&f, IM_SENSOR_TEMPERATURE, 1.8), 1.0, 1e-12);
  g_assert_cmpstr (im_units_get_symbol (&f, IM_SENSOR_TEMPERATURE), ==, "°F");
  g_assert_cmpstr (im_units_get_column_suffix (&f, IM_SENSOR_TEMPERATURE), ==, "degf");
  /* Other sensors keep theirs. */
  g_assert_cmpfloat (im_units_convert (&f, IM_SENSOR_PRESSURE, 50.0), ==, 50.0);
  g_assert_cmpfloat (im_units_convert (&f, IM_SENSOR_VIBRATION, 2.5), ==, 2.5);
  g_assert_true (isnan (im_units_convert (&f, IM_SENSOR_TEMPERATURE, NAN)));
}

static void
test_pressure (void)
{
  const ImUnits bar = { IM_TEMPERATURE_UNIT_CELSIUS, IM_PRESSURE_UNIT_BAR };
  const ImUnits kpa = { IM_TEMPERATURE_UNIT_CELSIUS, IM_PRESSURE_UNIT_KPA };

  /* 1 bar = 100 kPa = 14.503773773 psi (NIST). */
  g_assert_cmpfloat_with_epsilon (im_units_convert (&bar, IM_SENSOR_PRESSURE, 14.503773773), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (im_units_convert (&kpa, IM_SENSOR_PRESSURE, 14.503773773), 100.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (im_units_convert (&kpa, IM_SENSOR_PRESSURE, 1.0), 6.894757, 1e-6);
  g_assert_cmpfloat_with_epsilon (im_units_convert_delta (&kpa, IM_SENSOR_PRESSURE, 2.0), 13.789515, 1e-6);
  g_assert_cmpfloat_with_epsilon (im_units_to_stored (&bar, IM_SENSOR_PRESSURE, 1.0), 14.503773773, 1e-8);
  g_assert_cmpstr (im_units_get_symbol (&bar, IM_SENSOR_PRESSURE), ==, "bar");
  g_assert_cmpstr (im_units_get_symbol (&kpa, IM_SENSOR_PRESSURE), ==, "kPa");
  g_assert_cmpstr (im_units_get_column_suffix (&bar, IM_SENSOR_PRESSURE), ==, "bar");
  g_assert_cmpstr (im_units_get_column_suffix (&kpa, IM_SENSOR_PRESSURE), ==, "kpa");
  /* A tenth of a PSI needs two digits in bar to show. */
  g_assert_cmpint (im_units_get_extra_decimals (&bar, IM_SENSOR_PRESSURE), ==, 1);
  g_assert_cmpfloat (im_units_convert (&bar, IM_SENSOR_TEMPERATURE, 80.0), ==, 80.0);
}

static void
test_display (void)
{
  const ImUnits stored = IM_UNITS_INIT_STORED;
  const ImUnits f_kpa = { IM_TEMPERATURE_UNIT_FAHRENHEIT, IM_PRESSURE_UNIT_KPA };

  /* The stored units until set; NULL means the display units. */
  g_assert_cmpint (im_units_get_display ()->temperature, ==, IM_TEMPERATURE_UNIT_CELSIUS);
  g_assert_cmpfloat (im_units_convert (NULL, IM_SENSOR_TEMPERATURE, 100.0), ==, 100.0);

  g_assert_true (im_units_set_display (&f_kpa));
  g_assert_false (im_units_set_display (&f_kpa));
  g_assert_cmpfloat_with_epsilon (im_units_convert (NULL, IM_SENSOR_TEMPERATURE, 100.0), 212.0, 1e-12);
  g_assert_cmpstr (im_units_get_symbol (NULL, IM_SENSOR_PRESSURE), ==, "kPa");

  g_assert_true (im_units_set_display (&stored));
  g_assert_cmpstr (im_units_get_symbol (NULL, IM_SENSOR_TEMPERATURE), ==, "°C");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/units/stored", test_stored);
  g_test_add_func ("/units/temperature", test_temperature);
  g_test_add_func ("/units/pressure", test_pressure);
  g_test_add_func ("/units/display", test_display);

  return g_test_run ();
}
