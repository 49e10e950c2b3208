/* im-chart-annotations.h — marks and bands over a chart's time axis
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-chart.h"

G_BEGIN_DECLS

typedef enum
{
  IM_CHART_TONE_NEUTRAL,   /* e.g. no readings */
  IM_CHART_TONE_WARNING,
  IM_CHART_TONE_CRITICAL,
  IM_CHART_TONE_MAINTENANCE,  /* stopped for maintenance: darker than neutral */
} ImChartTone;

/**
 * ImChartAnnotation:
 * @start_ns: where it begins
 * @end_ns: where it ends; @start_ns for a marker
 * @tone: its colour
 * @text: the tooltip
 *
 * A band behind the data over [@start_ns, @end_ns) (a state), or a marker
 * at @start_ns (an event), drawn by the chart's annotations layer: the
 * bands of one tone as their union, the markers as ticks along the top
 * of the plot.
 */
typedef struct
{
  gint64       start_ns;
  gint64       end_ns;
  ImChartTone  tone;
  char        *text;
} ImChartAnnotation;

/* Replaces the chart's annotations with a copy of @annotations. */
void                     im_chart_set_annotations       (ImChart                 *self,
                                                         const ImChartAnnotation *annotations,
                                                         guint                    n_annotations);
guint                    im_chart_get_n_annotations     (ImChart                 *self);
const ImChartAnnotation *im_chart_get_annotation        (ImChart                 *self,
                                                         guint                    index);
/* Where annotation @index is drawn now, in widget coordinates; FALSE
 * when it is outside the visible range. */
gboolean                 im_chart_get_annotation_area   (ImChart                 *self,
                                                         guint                    index,
                                                         graphene_rect_t         *area);
/* The annotation under (@x, @y): the nearest marker within a few pixels
 * over the plot's height, else the first band; -1 for none. */
int                      im_chart_find_annotation       (ImChart                 *self,
                                                         double                   x,
                                                         double                   y);
/* The chart's tooltip at (@x, @y): the text of the annotation there, or
 * of every marker drawn there (the first few, and how many in all);
 * NULL for none. */
char                    *im_chart_dup_annotation_text   (ImChart                 *self,
                                                         double                   x,
                                                         double                   y);

G_END_DECLS
