/* test-chart-annotations.c — the chart's annotations layer, rendered.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "im-chart-annotations.h"
#include "im-chart-private.h"
#include "im-time-series.h"
#include "im-widget-render.h"

#define NS_SEC G_GINT64_CONSTANT (1000000000)
#define T0     (G_GINT64_CONSTANT (1795000000) * NS_SEC)

#define WIDTH  600
#define HEIGHT 300

/* The colour of the pixel in the middle of @area. */
static void
pixel_at (GdkTexture            *texture,
          const graphene_rect_t *area,
          double                 dy,
          GdkRGBA               *color)
{
  im_texture_get_pixel (texture, (int) (area->origin.x + area->size.width / 2),
                        (int) (area->origin.y + area->size.height * dy), color);
}

static gboolean
same_color (const GdkRGBA *a,
            const GdkRGBA *b)
{
  return fabs (a->red - b->red) < 0.02 && fabs (a->green - b->green) < 0.02 &&
         fabs (a->blue - b->blue) < 0.02;
}

static void
test_bands_and_markers (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  ImChartAnnotation annotations[] = {
    { T0 + 100 * NS_SEC, T0 + 200 * NS_SEC, IM_CHART_TONE_WARNING, (char *) "Degrading" },
    { T0 + 400 * NS_SEC, T0 + 400 * NS_SEC, IM_CHART_TONE_CRITICAL, (char *) "Temperature above 85 °C" },
    /* Outside the visible range: not drawn. */
    { T0 + 900 * NS_SEC, T0 + 950 * NS_SEC, IM_CHART_TONE_NEUTRAL, (char *) "No readings" },
  };
  graphene_rect_t band, marker, dummy;
  GdkRGBA in_band, in_band_before, on_marker, on_marker_before, critical;
  gint64 times[2] = { T0, T0 + 600 * NS_SEC };
  double values[2] = { 50, 50 };

  im_time_series_set (series, times, values, NULL, NULL, 2);
  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + 600 * NS_SEC);
  im_chart_set_value_range (chart, 0, 100);

  before = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (before);

  im_chart_set_annotations (chart, annotations, G_N_ELEMENTS (annotations));
  g_assert_cmpuint (im_chart_get_n_annotations (chart), ==, 3);
  /* A copy: the caller's strings are its own. */
  g_assert_true (im_chart_get_annotation (chart, 0)->text != annotations[0].text);
  g_assert_cmpstr (im_chart_get_annotation (chart, 0)->text, ==, "Degrading");

  after = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (after);
  if (g_getenv ("IM_TEST_SAVE_PNG") != NULL)
    gdk_texture_save_to_png (after, "/tmp/im-test-chart-annotations.png");

  /* Placed by time: the band over a sixth of the plot, from its sixth on. */
  g_assert_true (im_chart_get_annotation_area (chart, 0, &band));
  g_assert_true (im_chart_get_annotation_area (chart, 1, &marker));
  g_assert_false (im_chart_get_annotation_area (chart, 2, &dummy));
  {
    const graphene_rect_t *plot = &im_chart_get_view (chart)->plot;

    g_assert_cmpfloat (fabs (band.size.width - plot->size.width / 6), <, 1.0);
    g_assert_cmpfloat (fabs (band.origin.x - (plot->origin.x + plot->size.width / 6)), <, 1.0);
    g_assert_cmpfloat (fabs (marker.origin.x + marker.size.width / 2 -
                             (plot->origin.x + plot->size.width * 4 / 6)), <, 1.0);
  }

  /* Painted: the band tints the plot, the marker is the critical colour. */
  pixel_at (before, &band, 0.25, &in_band_before);
  pixel_at (after, &band, 0.25, &in_band);
  g_assert_false (same_color (&in_band, &in_band_before));
  pixel_at (before, &marker, 0.25, &on_marker_before);
  pixel_at (after, &marker, 0.25, &on_marker);
  g_assert_false (same_color (&on_marker, &on_marker_before));
  critical = im_chart_get_view (chart)->zone_colors[IM_ZONE_CRITICAL];
  g_assert_cmpfloat (fabs (on_marker.red - critical.red), <, 0.15);

  /* The pointer finds them: the marker before the band it lies in. */
  g_assert_cmpint (im_chart_find_annotation (chart, band.origin.x + band.size.width / 2,
                                             band.origin.y + 10), ==, 0);
  g_assert_cmpint (im_chart_find_annotation (chart, marker.origin.x + 1,
                                             marker.origin.y + 10), ==, 1);
  g_assert_cmpint (im_chart_find_annotation (chart, band.origin.x - 20,
                                             band.origin.y + 10), ==, -1);

  /* Gone again. */
  im_chart_set_annotations (chart, NULL, 0);
  g_assert_cmpuint (im_chart_get_n_annotations (chart), ==, 0);
  g_assert_cmpint (im_chart_find_annotation (chart, marker.origin.x + 1,
                                             marker.origin.y + 10), ==, -1);

  g_assert_finalize_object (chart);
}

/* A chart large enough to be built in a worker thread keeps its
 * annotations through the swap of the finished view. */
static void
test_threaded_build_keeps_them (void)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  g_autoptr(GdkTexture) texture = NULL;
  ImChartAnnotation annotations[] = {
    { T0 + 100 * NS_SEC, T0 + 200 * NS_SEC, IM_CHART_TONE_WARNING, (char *) "Degrading" },
    { T0 + 400 * NS_SEC, T0 + 400 * NS_SEC, IM_CHART_TONE_CRITICAL, (char *) "Temperature above 85 °C" },
  };
  graphene_rect_t area;
  gint64 deadline;

  for (guint i = 0; i <= 600; i++)
    im_time_series_append (series, T0 + (gint64) i * NS_SEC, 50 + i % 7);
  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + 600 * NS_SEC);
  im_chart_set_value_range (chart, 0, 100);
  im_chart_set_threaded_min_points (chart, 1);
  im_chart_set_annotations (chart, annotations, G_N_ELEMENTS (annotations));

  texture = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);
  g_assert_nonnull (texture);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (im_chart_get_building (chart) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (im_chart_get_building (chart));
  g_assert_cmpuint (im_chart_get_n_views (chart), >, 0);

  g_assert_cmpuint (im_chart_get_n_annotations (chart), ==, 2);
  g_assert_cmpstr (im_chart_get_annotation (chart, 1)->text, ==, "Temperature above 85 °C");
  g_assert_true (im_chart_get_annotation_area (chart, 0, &area));

  g_assert_finalize_object (chart);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/chart-annotations/bands-and-markers", test_bands_and_markers);
  g_test_add_func ("/chart-annotations/threaded-build-keeps-them", test_threaded_build_keeps_them);

  return g_test_run ();
}
