/* test-chart-annotations.c — the chart's annotations layer, rendered.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

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

/* The same colour and opacity (the chart paints no background of its
 * own: a tint shows in the alpha too). */
static gboolean
same_rgba (const GdkRGBA *a,
           const GdkRGBA *b)
{
  return same_color (a, b) && fabs (a->alpha - b->alpha) < 0.02;
}

/* A flat series over ten minutes, with @annotations. */
static ImChart *
new_annotated_chart (const ImChartAnnotation *annotations,
                     guint                    n_annotations)
{
  g_autoptr(ImTimeSeries) series = im_time_series_new ();
  ImChart *chart = IM_CHART (g_object_ref_sink (im_chart_new ()));
  gint64 times[2] = { T0, T0 + 600 * NS_SEC };
  double values[2] = { 50, 50 };

  im_time_series_set (series, times, values, NULL, NULL, 2);
  im_chart_add_series (chart, series);
  im_chart_set_time_range (chart, T0, T0 + 600 * NS_SEC);
  im_chart_set_value_range (chart, 0, 100);
  im_chart_set_annotations (chart, annotations, n_annotations);
  /* Laid out: the annotations have their places. */
  g_object_unref (im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT));

  return chart;
}

static void
test_bands_and_markers (void)
{
  ImChart *chart = new_annotated_chart (NULL, 0);
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

/* The pixel at (@x, @y) of @chart rendered. */
static void
chart_pixel (ImChart *chart,
             double   x,
             double   y,
             GdkRGBA *color)
{
  g_autoptr(GdkTexture) texture = im_widget_render_to_texture (GTK_WIDGET (chart), WIDTH, HEIGHT);

  g_assert_nonnull (texture);
  im_texture_get_pixel (texture, (int) x, (int) y, color);
}

/* An alarm every few seconds, and alarms active at the same time, as a
 * day of anomaly alarms on History: the data and the state bands stay
 * visible under them. Overlapping bands of a tone tint the plot as one
 * does; markers are ticks along the top, and the tooltip over ticks
 * that touch tells of each. */
static void
test_dense (void)
{
  ImChartAnnotation one[] = {
    { T0 + 100 * NS_SEC, T0 + 200 * NS_SEC, IM_CHART_TONE_WARNING, (char *) "Alarm" },
  };
  g_autoptr(GArray) many_bands = g_array_new (FALSE, FALSE, sizeof (ImChartAnnotation));
  g_autoptr(GArray) markers = g_array_new (FALSE, FALSE, sizeof (ImChartAnnotation));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  ImChart *plain = new_annotated_chart (NULL, 0);
  ImChart *single = new_annotated_chart (one, 1);
  ImChart *stacked = NULL;
  ImChart *ticked = NULL;
  const graphene_rect_t *plot;
  graphene_rect_t band, tick;
  GdkRGBA in_one, in_many, under_plain, under_ticks, tick_plain, tick_color;
  guint middle = 100;
  guint n_close = 0;

  /* 40 alarms active over the same 100 s. */
  for (guint i = 0; i < 40; i++)
    g_array_append_val (many_bands, one[0]);
  stacked = new_annotated_chart ((const ImChartAnnotation *) (gpointer) many_bands->data,
                                 many_bands->len);
  g_assert_true (im_chart_get_annotation_area (single, 0, &band));
  chart_pixel (single, band.origin.x + band.size.width / 2, band.origin.y + band.size.height / 4,
               &in_one);
  chart_pixel (stacked, band.origin.x + band.size.width / 2, band.origin.y + band.size.height / 4,
               &in_many);
  g_assert_true (same_rgba (&in_one, &in_many));

  /* 200 alarms, one every 3 s. */
  for (guint i = 0; i < 200; i++)
    {
      char *text = g_strdup_printf ("Alarm %u", i);
      ImChartAnnotation marker = { T0 + i * 3 * NS_SEC, T0 + i * 3 * NS_SEC,
                                   IM_CHART_TONE_CRITICAL, text };

      g_ptr_array_add (texts, text);
      g_array_append_val (markers, marker);
    }
  ticked = new_annotated_chart ((const ImChartAnnotation *) (gpointer) markers->data, markers->len);
  plot = &im_chart_get_view (ticked)->plot;
  g_assert_true (im_chart_get_annotation_area (ticked, middle, &tick));
  /* A tick at the top of the plot, a few pixels high… */
  g_assert_cmpfloat (tick.origin.y, ==, plot->origin.y);
  g_assert_cmpfloat (tick.size.height, <=, plot->size.height / 10);
  chart_pixel (plain, tick.origin.x + tick.size.width / 2, tick.origin.y + tick.size.height / 2,
               &tick_plain);
  chart_pixel (ticked, tick.origin.x + tick.size.width / 2, tick.origin.y + tick.size.height / 2,
               &tick_color);
  g_assert_false (same_rgba (&tick_plain, &tick_color));
  /* …and below it the plot as without the alarms. */
  chart_pixel (plain, tick.origin.x + tick.size.width / 2, plot->origin.y + plot->size.height / 4,
               &under_plain);
  chart_pixel (ticked, tick.origin.x + tick.size.width / 2, plot->origin.y + plot->size.height / 4,
               &under_ticks);
  g_assert_true (same_rgba (&under_plain, &under_ticks));

  /* The tooltip there: how many ticks are under the pointer, and each. */
  for (guint i = 0; i < markers->len; i++)
    {
      graphene_rect_t area;

      if (im_chart_get_annotation_area (ticked, i, &area) &&
          fabs (area.origin.x + area.size.width / 2 - (tick.origin.x + tick.size.width / 2)) <= 4.0)
        n_close++;
    }
  g_assert_cmpuint (n_close, >=, 2);
  {
    double x = tick.origin.x + tick.size.width / 2;
    double y = plot->origin.y + plot->size.height / 2;
    g_autofree char *text = im_chart_dup_annotation_text (ticked, x, y);
    g_autofree char *header = g_strdup_printf ("%u events here\n\n", n_close);
    g_autofree char *mine = g_strdup_printf ("\n\nAlarm %u", middle);

    g_assert_nonnull (text);
    g_assert_true (g_str_has_prefix (text, header));
    g_assert_nonnull (strstr (text, mine));
    g_assert_cmpint (im_chart_find_annotation (ticked, x, y), ==, (int) middle);
  }

  g_assert_finalize_object (plain);
  g_assert_finalize_object (single);
  g_assert_finalize_object (stacked);
  g_assert_finalize_object (ticked);
}

/* Eight alarms at one moment: the tooltip lists five and counts the
 * rest; one on its own has its own text only. */
static void
test_tooltip_lists (void)
{
  g_autoptr(GArray) markers = g_array_new (FALSE, FALSE, sizeof (ImChartAnnotation));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  ImChart *chart;
  graphene_rect_t area;
  const graphene_rect_t *plot;
  g_autofree char *together = NULL;
  g_autofree char *alone = NULL;

  for (guint i = 0; i < 8; i++)
    {
      /* Later ones first: the tooltip lists them by time. */
      char *text = g_strdup_printf ("Alarm %u", 7 - i);
      ImChartAnnotation marker = { T0 + 300 * NS_SEC + (7 - i), T0 + 300 * NS_SEC + (7 - i),
                                   IM_CHART_TONE_WARNING, text };

      g_ptr_array_add (texts, text);
      g_array_append_val (markers, marker);
    }
  {
    ImChartAnnotation marker = { T0 + 500 * NS_SEC, T0 + 500 * NS_SEC, IM_CHART_TONE_WARNING,
                                 (char *) "On its own" };

    g_array_append_val (markers, marker);
  }
  chart = new_annotated_chart ((const ImChartAnnotation *) (gpointer) markers->data, markers->len);
  plot = &im_chart_get_view (chart)->plot;

  g_assert_true (im_chart_get_annotation_area (chart, 0, &area));
  together = im_chart_dup_annotation_text (chart, area.origin.x + area.size.width / 2,
                                           plot->origin.y + plot->size.height - 1);
  g_assert_cmpstr (together, ==,
                   "8 events here\n\nAlarm 0\n\nAlarm 1\n\nAlarm 2\n\nAlarm 3\n\nAlarm 4\n\n…and 3 more");

  g_assert_true (im_chart_get_annotation_area (chart, 8, &area));
  alone = im_chart_dup_annotation_text (chart, area.origin.x + area.size.width / 2,
                                        plot->origin.y + 1);
  g_assert_cmpstr (alone, ==, "On its own");
  /* Not over the plot: nothing. */
  g_assert_null (im_chart_dup_annotation_text (chart, area.origin.x + area.size.width / 2,
                                               plot->origin.y + plot->size.height + 5));

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
  g_test_add_func ("/chart-annotations/dense", test_dense);
  g_test_add_func ("/chart-annotations/tooltip-lists", test_tooltip_lists);

  return g_test_run ();
}
