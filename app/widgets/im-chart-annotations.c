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

#include <math.h>

#include "im-chart-annotations.h"
#include "im-chart-private.h"

/* Half the width a marker answers the pointer over. */
#define MARKER_SLOP 4.0
#define MARKER_WIDTH 2.0f

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

/* The x range of @annotation in @view, clipped to the plot; FALSE when
 * it is not in the visible range. */
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

  if (annotation->end_ns <= annotation->start_ns)
    {
      x0 -= MARKER_WIDTH / 2;
      x1 = x0 + MARKER_WIDTH;
    }

  x0 = MAX (x0, plot->origin.x);
  x1 = MIN (x1, plot->origin.x + plot->size.width);
  if (x1 <= x0)
    return FALSE;

  graphene_rect_init (area, (float) x0, plot->origin.y, (float) (x1 - x0), plot->size.height);

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
 * bands first and markers over them. */
typedef void (*PaintFunc) (const graphene_rect_t *area,
                           const GdkRGBA         *color,
                           gpointer               data);

static void
foreach_placed (const ImChartView *view,
                PaintFunc          func,
                gpointer           data)
{
  if (view->annotations == NULL)
    return;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < view->annotations->len; i++)
      {
        const ImChartAnnotation *annotation = &g_array_index (view->annotations,
                                                              ImChartAnnotation, i);
        gboolean marker = annotation->end_ns <= annotation->start_ns;
        graphene_rect_t area;
        GdkRGBA color;

        if (marker != (pass == 1) || !place (view, annotation, &area))
          continue;

        tone_color (view, annotation->tone, marker, &color);
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
  int index;

  if (keyboard)
    return FALSE;

  index = im_chart_find_annotation (self, x, y);
  if (index < 0)
    return FALSE;

  gtk_tooltip_set_text (tooltip, im_chart_get_annotation (self, (guint) index)->text);

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

int
im_chart_find_annotation (ImChart *self,
                          double   x,
                          double   y)
{
  int band = -1;

  g_return_val_if_fail (IM_IS_CHART (self), -1);

  for (guint i = 0; i < self->view.annotations->len; i++)
    {
      const ImChartAnnotation *annotation = im_chart_get_annotation (self, i);
      graphene_rect_t area;

      if (!place (&self->view, annotation, &area) ||
          y < area.origin.y || y > area.origin.y + area.size.height)
        continue;

      if (annotation->end_ns <= annotation->start_ns)
        {
          if (fabs (x - (area.origin.x + area.size.width / 2)) <= MARKER_SLOP)
            return (int) i;
        }
      else if (band < 0 && x >= area.origin.x && x < area.origin.x + area.size.width)
        {
          band = (int) i;
        }
    }

  return band;
}
