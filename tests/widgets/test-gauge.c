/* test-gauge.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "im-gauge.h"
#include "im-widget-render.h"

#define SIZE_W 200
#define SIZE_H 160

static const GdkRGBA transparent = { 0, 0, 0, 0 };

static void
save_png (GdkTexture *texture,
          const char *name)
{
  g_autofree char *path = NULL;

  if (g_getenv ("IM_TEST_SAVE_PNG") == NULL)
    return;

  path = g_build_filename (g_get_tmp_dir (), name, NULL);
  gdk_texture_save_to_png (texture, path);
  g_test_message ("saved %s", path);
}

/* Opaque pixels of each zone colour: the value arc is the only thing
 * painted in a zone colour at full opacity. */
static guint
count_zone (ImGauge    *gauge,
            GdkTexture *texture,
            ImZone      zone)
{
  GdkRGBA color;

  im_gauge_get_zone_color (gauge, zone, &color);
  return im_texture_count_color (texture, &color, 0.08, NULL);
}

static void
test_gauge_zones (void)
{
  ImGauge *gauge = IM_GAUGE (g_object_ref_sink (im_gauge_new_for_sensor (IM_SENSOR_TEMPERATURE)));
  g_autoptr(GdkTexture) normal = NULL;
  g_autoptr(GdkTexture) critical = NULL;
  g_autofree char *text = NULL;
  guint n_normal_at_55, n_normal_at_95, n_critical_at_95;

  im_gauge_set_value (gauge, 55.04);
  text = im_gauge_dup_value_text (gauge);
  g_assert_cmpstr (text, ==, "55.0");
  g_assert_cmpint (im_gauge_get_zone (gauge), ==, IM_ZONE_NORMAL);

  normal = im_widget_render_to_texture (GTK_WIDGET (gauge), SIZE_W, SIZE_H);
  g_assert_nonnull (normal);
  save_png (normal, "im-test-gauge-55.png");
  g_assert_cmpuint (im_texture_count_unlike (normal, &transparent, 0.01, NULL), >, 1000);

  n_normal_at_55 = count_zone (gauge, normal, IM_ZONE_NORMAL);
  g_test_message ("value 55: %u green pixels", n_normal_at_55);
  g_assert_cmpuint (n_normal_at_55, >, 300);
  g_assert_cmpuint (count_zone (gauge, normal, IM_ZONE_CRITICAL), <, 20);

  im_gauge_set_value (gauge, 95);
  g_assert_cmpint (im_gauge_get_zone (gauge), ==, IM_ZONE_CRITICAL);
  critical = im_widget_render_to_texture (GTK_WIDGET (gauge), SIZE_W, SIZE_H);
  g_assert_nonnull (critical);
  save_png (critical, "im-test-gauge-95.png");

  /* the whole value arc turns red and reaches further */
  n_normal_at_95 = count_zone (gauge, critical, IM_ZONE_NORMAL);
  n_critical_at_95 = count_zone (gauge, critical, IM_ZONE_CRITICAL);
  g_test_message ("value 95: %u green, %u red pixels", n_normal_at_95, n_critical_at_95);
  g_assert_cmpuint (n_normal_at_95, <, 20);
  g_assert_cmpuint (n_critical_at_95, >, n_normal_at_55);

  g_assert_finalize_object (gauge);
}

static void
test_gauge_no_data (void)
{
  ImGauge *gauge = IM_GAUGE (g_object_ref_sink (im_gauge_new_for_sensor (IM_SENSOR_PRESSURE)));
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *text = NULL;

  g_assert_true (isnan (im_gauge_get_value (gauge)));
  text = im_gauge_dup_value_text (gauge);
  g_assert_cmpstr (text, ==, "—");

  texture = im_widget_render_to_texture (GTK_WIDGET (gauge), SIZE_W, SIZE_H);
  g_assert_nonnull (texture);
  save_png (texture, "im-test-gauge-empty.png");

  /* the faint zone track and the text, but no value arc */
  g_assert_cmpuint (im_texture_count_unlike (texture, &transparent, 0.01, NULL), >, 500);
  g_assert_cmpuint (count_zone (gauge, texture, IM_ZONE_NORMAL), <, 20);
  g_assert_cmpuint (count_zone (gauge, texture, IM_ZONE_WARNING), <, 20);
  g_assert_cmpuint (count_zone (gauge, texture, IM_ZONE_CRITICAL), <, 20);

  /* infinities are no data either */
  im_gauge_set_value (gauge, INFINITY);
  g_assert_true (isnan (im_gauge_get_value (gauge)));

  g_assert_finalize_object (gauge);
}

static void
test_gauge_sensors (void)
{
  ImGauge *gauge = IM_GAUGE (g_object_ref_sink (im_gauge_new ()));
  int sensor = -1;
  double value = 0;
  g_autofree char *text = NULL;

  g_assert_cmpint (im_gauge_get_sensor (gauge), ==, IM_SENSOR_TEMPERATURE);
  g_assert_cmpstr (gtk_widget_get_css_name (GTK_WIDGET (gauge)), ==, "gauge");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (gauge)), ==, GTK_ACCESSIBLE_ROLE_METER);

  g_object_set (gauge, "sensor", IM_SENSOR_PRESSURE, "value", 20.0, NULL);
  g_object_get (gauge, "sensor", &sensor, "value", &value, NULL);
  g_assert_cmpint (sensor, ==, IM_SENSOR_PRESSURE);
  g_assert_cmpfloat (value, ==, 20.0);
  /* pressure is critical below 30 */
  g_assert_cmpint (im_gauge_get_zone (gauge), ==, IM_ZONE_CRITICAL);
  im_gauge_set_value (gauge, 35);
  g_assert_cmpint (im_gauge_get_zone (gauge), ==, IM_ZONE_WARNING);
  im_gauge_set_value (gauge, 50);
  g_assert_cmpint (im_gauge_get_zone (gauge), ==, IM_ZONE_NORMAL);

  im_gauge_set_sensor (gauge, IM_SENSOR_VIBRATION);
  im_gauge_set_value (gauge, 1.02);
  text = im_gauge_dup_value_text (gauge);
  g_assert_cmpstr (text, ==, "1.02");

  g_assert_finalize_object (gauge);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/gauge/zones", test_gauge_zones);
  g_test_add_func ("/gauge/no-data", test_gauge_no_data);
  g_test_add_func ("/gauge/sensors", test_gauge_sensors);

  return g_test_run ();
}
