/* test-sparkline.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "im-sparkline.h"
#include "im-widget-render.h"

#define SIZE_W 160
#define SIZE_H 40

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

static void
test_sparkline_line (void)
{
  ImSparkline *spark = IM_SPARKLINE (g_object_ref_sink (im_sparkline_new ()));
  g_autoptr(GdkTexture) texture = NULL;
  double values[300];
  GdkRGBA color;
  guint columns;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = 50 + 10 * sin (i / 20.0);
  im_sparkline_set_values (spark, values, G_N_ELEMENTS (values));
  im_sparkline_set_fill (spark, FALSE);

  texture = im_widget_render_to_texture (GTK_WIDGET (spark), SIZE_W, SIZE_H);
  g_assert_nonnull (texture);
  save_png (texture, "im-test-sparkline.png");

  /* accent colour without a sensor, across the whole width */
  im_sparkline_get_line_color (spark, &color);
  columns = im_texture_count_columns_with_color (texture, &color, 0.15, NULL);
  g_test_message ("line in %u of %d columns", columns, SIZE_W);
  g_assert_cmpuint (columns, >=, SIZE_W - 4);

  /* the highest value at the top, the lowest at the bottom: sin peaks at
   * i = 31 (x ≈ 16 px) and bottoms out at i = 94 (x ≈ 50 px) */
  {
    graphene_rect_t peak_top = GRAPHENE_RECT_INIT (12, 0, 9, 5);
    graphene_rect_t peak_bottom = GRAPHENE_RECT_INIT (12, SIZE_H - 5, 9, 5);
    graphene_rect_t trough_top = GRAPHENE_RECT_INIT (46, 0, 9, 5);
    graphene_rect_t trough_bottom = GRAPHENE_RECT_INIT (46, SIZE_H - 5, 9, 5);

    g_assert_cmpuint (im_texture_count_color (texture, &color, 0.2, &peak_top), >, 0);
    g_assert_cmpuint (im_texture_count_color (texture, &color, 0.2, &peak_bottom), ==, 0);
    g_assert_cmpuint (im_texture_count_color (texture, &color, 0.2, &trough_bottom), >, 0);
    g_assert_cmpuint (im_texture_count_color (texture, &color, 0.2, &trough_top), ==, 0);
  }

  g_assert_finalize_object (spark);
}

static void
test_sparkline_zone_color (void)
{
  ImSparkline *spark = IM_SPARKLINE (g_object_ref_sink (im_sparkline_new ()));
  g_autoptr(GdkTexture) texture = NULL;
  double values[] = { 60, 65, 72, 80, 88, 95 };
  GdkRGBA accent, color, fill;
  int sensor = -1;

  im_sparkline_get_line_color (spark, &accent);
  g_object_set (spark, "sensor", IM_SENSOR_TEMPERATURE, NULL);
  g_object_get (spark, "sensor", &sensor, NULL);
  g_assert_cmpint (sensor, ==, IM_SENSOR_TEMPERATURE);
  im_sparkline_set_values (spark, values, G_N_ELEMENTS (values));

  /* last value 95 °C is critical: red, not the accent colour */
  im_sparkline_get_line_color (spark, &color);
  g_assert_false (gdk_rgba_equal (&color, &accent));
  g_assert_cmpfloat (color.red, >, color.blue);
  g_assert_cmpfloat (color.red, >, color.green);

  texture = im_widget_render_to_texture (GTK_WIDGET (spark), SIZE_W, SIZE_H);
  g_assert_nonnull (texture);
  save_png (texture, "im-test-sparkline-critical.png");
  g_assert_cmpuint (im_texture_count_color (texture, &color, 0.15, NULL), >, SIZE_W / 2);

  /* the fill under the line, at a fifth of the colour */
  fill = color;
  fill.alpha = 0.2f;
  g_assert_true (im_sparkline_get_fill (spark));
  g_assert_cmpuint (im_texture_count_color (texture, &fill, 0.06, NULL), >, SIZE_W * 3);

  /* back to a normal value: green */
  values[5] = 55;
  im_sparkline_set_values (spark, values, G_N_ELEMENTS (values));
  im_sparkline_get_line_color (spark, &color);
  g_assert_cmpfloat (color.green, >, color.red);

  g_assert_finalize_object (spark);
}

static void
test_sparkline_gap_and_empty (void)
{
  ImSparkline *spark = IM_SPARKLINE (g_object_ref_sink (im_sparkline_new ()));
  g_autoptr(GdkTexture) gap = NULL;
  g_autoptr(GdkTexture) empty = NULL;
  double values[100];
  GdkRGBA color;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = i >= 40 && i < 60 ? NAN : (double) (i % 10);
  im_sparkline_set_values (spark, values, G_N_ELEMENTS (values));
  g_assert_nonnull (im_sparkline_get_values (spark, &n));
  g_assert_cmpuint (n, ==, 100);
  im_sparkline_set_fill (spark, FALSE);

  gap = im_widget_render_to_texture (GTK_WIDGET (spark), SIZE_W, SIZE_H);
  g_assert_nonnull (gap);
  save_png (gap, "im-test-sparkline-gap.png");
  im_sparkline_get_line_color (spark, &color);

  /* x of sample 50 is in the middle: nothing drawn there */
  {
    graphene_rect_t middle = GRAPHENE_RECT_INIT (SIZE_W / 2 - 4, 0, 8, SIZE_H);
    graphene_rect_t left = GRAPHENE_RECT_INIT (SIZE_W / 4 - 4, 0, 8, SIZE_H);

    g_assert_cmpuint (im_texture_count_color (gap, &color, 0.15, &middle), ==, 0);
    g_assert_cmpuint (im_texture_count_color (gap, &color, 0.15, &left), >, 0);
  }

  /* no values: nothing at all */
  im_sparkline_set_values (spark, NULL, 0);
  empty = im_widget_render_to_texture (GTK_WIDGET (spark), SIZE_W, SIZE_H);
  g_assert_nonnull (empty);
  g_assert_cmpuint (im_texture_count_unlike (empty, &transparent, 0.01, NULL), ==, 0);
  g_assert_cmpstr (gtk_widget_get_css_name (GTK_WIDGET (spark)), ==, "sparkline");

  g_assert_finalize_object (spark);
}

/* The style is read again when it changes: dark mode redraws the line
 * in the dark variant of the accent colour, not the cached light one. */
static void
test_sparkline_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  ImSparkline *spark = IM_SPARKLINE (g_object_ref_sink (im_sparkline_new ()));
  g_autoptr(GdkTexture) light = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  GdkRGBA light_line, dark_line;
  GtkWidget *window;
  double values[300];

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = 50 + 10 * sin (i / 20.0);
  im_sparkline_set_values (spark, values, G_N_ELEMENTS (values));
  im_sparkline_set_fill (spark, FALSE);

  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), SIZE_W, SIZE_H);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (spark));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  light = im_widget_render_to_texture (GTK_WIDGET (spark), SIZE_W, SIZE_H);
  g_assert_nonnull (light);
  im_sparkline_get_line_color (spark, &light_line);
  g_assert_cmpuint (im_texture_count_columns_with_color (light, &light_line, 0.15, NULL), >=, SIZE_W - 4);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  dark = im_widget_render_to_texture (GTK_WIDGET (spark), SIZE_W, SIZE_H);
  g_assert_nonnull (dark);
  im_sparkline_get_line_color (spark, &dark_line);
  g_assert_false (gdk_rgba_equal (&light_line, &dark_line));
  g_assert_cmpuint (im_texture_count_columns_with_color (dark, &dark_line, 0.15, NULL), >=, SIZE_W - 4);
  g_assert_cmpuint (im_texture_count_color (dark, &light_line, 0.05, NULL), <, 10);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (spark);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sparkline/line", test_sparkline_line);
  g_test_add_func ("/sparkline/zone-color", test_sparkline_zone_color);
  g_test_add_func ("/sparkline/gap-and-empty", test_sparkline_gap_and_empty);
  g_test_add_func ("/sparkline/dark", test_sparkline_dark);

  return g_test_run ();
}
