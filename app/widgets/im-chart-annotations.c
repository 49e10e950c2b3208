/* im-chart-annotations.c — the annotations layer: state bands and event
 * markers over the time axis, with their tooltips
 *
 * The annotations live in the chart's view (in times, not pixels: they
 * follow the axis as it scrolls); the layer places them when it paints.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-chart-annotations"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "im-chart-annotations.h"
#include "im-chart-private.h"

/* A marker is a tick along the top of the plot, not a line across it:
 * an anomaly alarm every few minutes over a day would otherwise bury the
 * data and the state bands under them. */
#define MARKER_WIDTH 3.0f
#define MARKER_HEIGHT 8.0f
/* Half the width a marker answers the pointer over, the plot's height. */
#define MARKER_SLOP 4.0
/* The most texts one tooltip over markers close together lists. */
#define TOOLTIP_MAX_TEXTS 5

static void
clear_annotation (gpointer data)
{
  ImChartAnnotation *annotation = data;

  g_clear_pointer (&annotation->text, g_free);
}

GArray *
im_chart_annotations_new (void)
{
  GArray *annotations = g_array_new (FALSE, FALSE, sizeof (ImChartAnnotation));

  g_array_set_clear_func (annotations, clear_annotation);

  return annotations;
}

static gboolean
is_marker (const ImChartAnnotation *annotation)
{
  return annotation->end_ns <= annotation->start_ns;
}

/* Where @annotation is drawn in @view: a band over the plot's height, a
 * marker's tick at its top; clipped to the plot, FALSE when it is not in
 * the visible range. */
static gboolean
place (const ImChartView       *view,
       const ImChartAnnotation *annotation,
       graphene_rect_t         *area)
{
  const graphene_rect_t *plot = &view->plot;
  double span = (double) (view->end_ns - view->start_ns);
  double x0, x1;

  if (span <= 0 || plot->size.width <= 0)
    return FALSE;

  x0 = plot->origin.x + (annotation->start_ns - view->start_ns) / span * plot->size.width;
  x1 = plot->origin.x + (annotation->end_ns - view->start_ns) / span * plot->size.width;

  if (is_marker (annotation))
    {
      x0 -= MARKER_WIDTH / 2;
      x1 = x0 + MARKER_WIDTH;
    }

  x0 = MAX (x0, plot->origin.x);
  x1 = MIN (x1, plot->origin.x + plot->size.width);
  if (x1 <= x0)
    return FALSE;

  graphene_rect_init (area, (float) x0, plot->origin.y, (float) (x1 - x0),
                      is_marker (annotation) ? MIN (MARKER_HEIGHT, plot->size.height)
                                             : plot->size.height);

  return TRUE;
}

static void
tone_color (const ImChartView *view,
            ImChartTone        tone,
            gboolean           marker,
            GdkRGBA           *color)
{
  switch (tone)
    {
    case IM_CHART_TONE_WARNING:
      *color = view->zone_colors[IM_ZONE_WARNING];
      break;

    case IM_CHART_TONE_CRITICAL:
      *color = view->zone_colors[IM_ZONE_CRITICAL];
      break;

    case IM_CHART_TONE_NEUTRAL:
    case IM_CHART_TONE_MAINTENANCE:
    default:
      *color = view->fg_color;
      break;
    }

  /* Bands stay behind the data; markers stand out. */
  color->alpha = marker ? 0.9f : (tone == IM_CHART_TONE_NEUTRAL ? 0.08f : 0.18f);
}

/* Calls @func for each annotation in view with its area and colour,
 * bands first and markers over them, the worse tones over the others. */
typedef void (*PaintFunc) (const graphene_rect_t *area,
                           const GdkRGBA         *color,
                           gpointer               data);

static const ImChartTone paint_order[] = {
  IM_CHART_TONE_NEUTRAL,
  IM_CHART_TONE_MAINTENANCE,
  IM_CHART_TONE_WARNING,
  IM_CHART_TONE_CRITICAL,
};

static int
compare_left (gconstpointer a,
              gconstpointer b)
{
  float x = ((const graphene_rect_t *) a)->origin.x;
  float y = ((const graphene_rect_t *) b)->origin.x;

  return x < y ? -1 : x > y;
}

/* The bands of one tone as their union: bands that overlap (alarms
 * active at the same time) would each add their tint until it hid the
 * data. */
static void
paint_bands (const ImChartView *view,
             ImChartTone        tone,
             GArray            *areas,
             PaintFunc          func,
             gpointer           data)
{
  graphene_rect_t run;
  GdkRGBA color;

  g_array_set_size (areas, 0);
  for (guint i = 0; i < view->annotations->len; i++)
    {
      const ImChartAnnotation *annotation = &g_array_index (view->annotations,
                                                            ImChartAnnotation, i);
      graphene_rect_t area;

      if (!is_marker (annotation) && annotation->tone == tone && place (view, annotation, &area))
        g_array_append_val (areas, area);
    }
  if (areas->len == 0)
    return;

  g_array_sort (areas, compare_left);
  tone_color (view, tone, FALSE, &color);
  run = g_array_index (areas, graphene_rect_t, 0);
  for (guint i = 1; i < areas->len; i++)
    {
      const graphene_rect_t *next = &g_array_index (areas, graphene_rect_t, i);
      float run_end = run.origin.x + run.size.width;

      if (next->origin.x <= run_end)
        {
          run.size.width = MAX (run_end, next->origin.x + next->size.width) - run.origin.x;
          continue;
        }
      func (&run, &color, data);
      run = *next;
    }
  func (&run, &color, data);
}

static void
foreach_placed (const ImChartView *view,
                PaintFunc          func,
                gpointer           data)
{
  g_autoptr(GArray) areas = NULL;

  if (view->annotations == NULL || view->annotations->len == 0)
    return;

  areas = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  for (guint t = 0; t < G_N_ELEMENTS (paint_order); t++)
    paint_bands (view, paint_order[t], areas, func, data);

  for (guint t = 0; t < G_N_ELEMENTS (paint_order); t++)
    for (guint i = 0; i < view->annotations->len; i++)
      {
        const ImChartAnnotation *annotation = &g_array_index (view->annotations,
                                                              ImChartAnnotation, i);
        graphene_rect_t area;
        GdkRGBA color;

        if (!is_marker (annotation) || annotation->tone != paint_order[t] ||
            !place (view, annotation, &area))
          continue;

        tone_color (view, annotation->tone, TRUE, &color);
        func (&area, &color, data);
      }
}

static void
append_color (const graphene_rect_t *area,
              const GdkRGBA         *color,
              gpointer               data)
{
  gtk_snapshot_append_color (data, color, area);
}

static void
fill_rectangle (const graphene_rect_t *area,
                const GdkRGBA         *color,
                gpointer               data)
{
  cairo_t *cr = data;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_rectangle (cr, area->origin.x, area->origin.y, area->size.width, area->size.height);
  cairo_fill (cr);
}

void
im_chart_annotations_layer_snapshot (const ImChartView *view,
                                     GtkSnapshot       *snapshot)
{
  foreach_placed (view, append_color, snapshot);
}

/* The same into a cairo context (an image of the chart). */
void
im_chart_annotations_layer_draw (const ImChartView *view,
                                 cairo_t           *cr)
{
  foreach_placed (view, fill_rectangle, cr);
}

/* ---- API ----------------------------------------------------------- */

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  ImChart *self = IM_CHART (widget);
  g_autofree char *text = NULL;

  if (keyboard)
    return FALSE;

  text = im_chart_dup_annotation_text (self, x, y);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

void
im_chart_set_annotations (ImChart                 *self,
                          const ImChartAnnotation *annotations,
                          guint                    n_annotations)
{
  GArray *held;

  g_return_if_fail (IM_IS_CHART (self));
  g_return_if_fail (annotations != NULL || n_annotations == 0);

  held = self->view.annotations;
  if (held->len == 0 && n_annotations == 0)
    return;

  g_array_set_size (held, 0);
  for (guint i = 0; i < n_annotations; i++)
    {
      ImChartAnnotation copy = annotations[i];

      copy.text = g_strdup (annotations[i].text);
      g_array_append_val (held, copy);
    }

  if (!gtk_widget_get_has_tooltip (GTK_WIDGET (self)) && n_annotations > 0)
    {
      gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
      g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
    }

  im_drawing_invalidate (IM_DRAWING (self));
}

guint
im_chart_get_n_annotations (ImChart *self)
{
  g_return_val_if_fail (IM_IS_CHART (self), 0);

  return self->view.annotations->len;
}

const ImChartAnnotation *
im_chart_get_annotation (ImChart *self,
                         guint    index)
{
  g_return_val_if_fail (IM_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->view.annotations->len, NULL);

  return &g_array_index (self->view.annotations, ImChartAnnotation, index);
}

gboolean
im_chart_get_annotation_area (ImChart         *self,
                              guint            index,
                              graphene_rect_t *area)
{
  g_return_val_if_fail (IM_IS_CHART (self), FALSE);
  g_return_val_if_fail (index < self->view.annotations->len, FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  return place (&self->view, im_chart_get_annotation (self, index), area);
}

/* How far the middle of marker @index is from @x; FALSE when it is not
 * in view. */
static gboolean
marker_distance (ImChart *self,
                 guint    index,
                 double   x,
                 double  *distance)
{
  const ImChartAnnotation *annotation = im_chart_get_annotation (self, index);
  graphene_rect_t area;

  if (!is_marker (annotation) || !place (&self->view, annotation, &area))
    return FALSE;

  *distance = fabs (x - (area.origin.x + area.size.width / 2));

  return TRUE;
}

int
im_chart_find_annotation (ImChart *self,
                          double   x,
                          double   y)
{
  const graphene_rect_t *plot;
  int band = -1;
  int marker = -1;
  double nearest = MARKER_SLOP;

  g_return_val_if_fail (IM_IS_CHART (self), -1);

  plot = &self->view.plot;
  if (y < plot->origin.y || y > plot->origin.y + plot->size.height)
    return -1;

  for (guint i = 0; i < self->view.annotations->len; i++)
    {
      const ImChartAnnotation *annotation = im_chart_get_annotation (self, i);
      graphene_rect_t area;
      double distance;

      if (marker_distance (self, i, x, &distance))
        {
          if (distance <= nearest)
            {
              marker = (int) i;
              nearest = distance;
            }
        }
      else if (band < 0 && !is_marker (annotation) && place (&self->view, annotation, &area) &&
               x >= area.origin.x && x < area.origin.x + area.size.width)
        {
          band = (int) i;
        }
    }

  return marker >= 0 ? marker : band;
}

static int
compare_by_start (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  ImChart *self = user_data;
  gint64 x = im_chart_get_annotation (self, *(const guint *) a)->start_ns;
  gint64 y = im_chart_get_annotation (self, *(const guint *) b)->start_ns;

  return x < y ? -1 : x > y;
}

char *
im_chart_dup_annotation_text (ImChart *self,
                              double   x,
                              double   y)
{
  g_autoptr(GArray) close_by = NULL;
  GString *text;
  int index;

  g_return_val_if_fail (IM_IS_CHART (self), NULL);

  index = im_chart_find_annotation (self, x, y);
  if (index < 0)
    return NULL;
  if (!is_marker (im_chart_get_annotation (self, (guint) index)))
    return g_strdup (im_chart_get_annotation (self, (guint) index)->text);

  /* Markers whose ticks touch under the pointer say what each is. */
  close_by = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->view.annotations->len; i++)
    {
      double distance;

      if (marker_distance (self, i, x, &distance) && distance <= MARKER_SLOP)
        g_array_append_val (close_by, i);
    }
  if (close_by->len == 1)
    return g_strdup (im_chart_get_annotation (self, (guint) index)->text);

  g_array_sort_with_data (close_by, compare_by_start, self);
  text = g_string_new (NULL);
  /* Translators: the first line of a chart's tooltip over markers close together */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u event here", "%u events here",
                                             close_by->len), close_by->len);
  for (guint i = 0; i < MIN (close_by->len, TOOLTIP_MAX_TEXTS); i++)
    g_string_append_printf (text, "\n\n%s",
                            im_chart_get_annotation (self, g_array_index (close_by, guint, i))->text);
  if (close_by->len > TOOLTIP_MAX_TEXTS)
    {
      guint more = close_by->len - TOOLTIP_MAX_TEXTS;

      /* Translators: the last line of a chart's tooltip over many markers */
      g_string_append (text, "\n\n");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "…and %u more", "…and %u more",
                                                 more), more);
    }

  return g_string_free (text, FALSE);
}
