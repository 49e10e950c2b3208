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
 * @end_ns: where it ends; a marker (@end_ns == @start_ns) is a line
 * @tone: its colour
 * @text: the tooltip
 *
 * A band behind the data over [@start_ns, @end_ns) (a state), or a marker
 * at @start_ns (an event), drawn by the chart's annotations layer.
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
/* The annotation under (@x, @y), a marker before a band; -1 for none.
 * Its text is the chart's tooltip there. */
int                      im_chart_find_annotation       (ImChart                 *self,
                                                         double                   x,
                                                         double                   y);

G_END_DECLS
