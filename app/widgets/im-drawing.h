/* im-drawing.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "im-widgets-private.h"

G_BEGIN_DECLS

#define IM_TYPE_DRAWING (im_drawing_get_type ())

G_DECLARE_DERIVABLE_TYPE (ImDrawing, im_drawing, IM, DRAWING, GtkWidget)

/**
 * ImDrawingClass:
 * @rebuild: computes what the widget draws for a size (geometry, layouts,
 *   vertices), outside snapshot(); called on allocation after
 *   im_drawing_invalidate() or when the size changed.
 * @paint: records the part that only changes with a rebuild; the base
 *   keeps the node and appends it each frame until the next invalidation.
 *   What changes every frame (a value, a hover marker) a subclass paints
 *   over it in its own snapshot() after chaining up.
 * @style_changed: the style was read again and differs (colours, fonts,
 *   scale factor); called before the drawing is invalidated.
 */
struct _ImDrawingClass
{
  GtkWidgetClass parent_class;

  void (*rebuild)       (ImDrawing   *self,
                         int          width,
                         int          height);
  void (*paint)         (ImDrawing   *self,
                         GtkSnapshot *snapshot);
  void (*style_changed) (ImDrawing   *self);

  /*< private >*/
  gpointer _reserved[8];
};

const ImWidgetStyle *im_drawing_get_style      (ImDrawing *self);
void                 im_drawing_get_size       (ImDrawing *self,
                                                int       *width,
                                                int       *height);
void                 im_drawing_invalidate     (ImDrawing *self);
void                 im_drawing_queue_paint    (ImDrawing *self);

G_END_DECLS
