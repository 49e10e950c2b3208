/* im-drawing.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-drawing"

#include "config.h"

#include "im-drawing.h"

/*
 * What every drawn widget shares: the style it draws with, the render
 * node of its slow-changing part, and when that must be computed again.
 * Subclasses compute in rebuild() and record in paint(); a frame only
 * appends the cached node, so hovering or repainting neighbours costs
 * nothing but the subclass's overlay.
 */
typedef struct
{
  ImWidgetStyle  style;
  GskRenderNode *cache;
  int            width;
  int            height;
  guint          dirty : 1;
} ImDrawingPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (ImDrawing, im_drawing, GTK_TYPE_WIDGET)

static void
im_drawing_restyle (ImDrawing *self,
                    gboolean   force)
{
  ImDrawingPrivate *priv = im_drawing_get_instance_private (self);

  if (!im_widget_style_update (&priv->style, GTK_WIDGET (self)) && !force)
    return;

  if (IM_DRAWING_GET_CLASS (self)->style_changed != NULL)
    IM_DRAWING_GET_CLASS (self)->style_changed (self);
  im_drawing_invalidate (self);
}

static void
on_scale_factor_changed (ImDrawing  *self,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  g_assert (IM_IS_DRAWING (self));

  im_drawing_restyle (self, TRUE);
}

/* ---- GtkWidget ----------------------------------------------------- */

static void
im_drawing_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  ImDrawing *self = IM_DRAWING (widget);
  ImDrawingPrivate *priv = im_drawing_get_instance_private (self);

  if (!priv->dirty && width == priv->width && height == priv->height)
    return;

  g_clear_pointer (&priv->cache, gsk_render_node_unref);
  priv->width = width;
  priv->height = height;
  priv->dirty = FALSE;
  if (IM_DRAWING_GET_CLASS (self)->rebuild != NULL)
    IM_DRAWING_GET_CLASS (self)->rebuild (self, width, height);
}

static void
im_drawing_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  ImDrawing *self = IM_DRAWING (widget);
  ImDrawingPrivate *priv = im_drawing_get_instance_private (self);

  if (priv->width <= 0 || priv->height <= 0)
    return;

  if (priv->cache == NULL && IM_DRAWING_GET_CLASS (self)->paint != NULL)
    {
      GtkSnapshot *recording = gtk_snapshot_new ();

      IM_DRAWING_GET_CLASS (self)->paint (self, recording);
      priv->cache = gtk_snapshot_free_to_node (recording);
    }

  if (priv->cache != NULL)
    gtk_snapshot_append_node (snapshot, priv->cache);
}

static void
im_drawing_css_changed (GtkWidget         *widget,
                        GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (im_drawing_parent_class)->css_changed (widget, change);

  /* colours, fonts or dark mode: everything is drawn again; a change
   * that does not show (the window losing focus) keeps the cache */
  im_drawing_restyle (IM_DRAWING (widget), FALSE);
}

static void
im_drawing_system_setting_changed (GtkWidget        *widget,
                                   GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (im_drawing_parent_class)->system_setting_changed (widget, setting);

  /* fonts, their rendering or the DPI: the text is laid out again */
  im_drawing_restyle (IM_DRAWING (widget), TRUE);
}

/* ---- GObject ------------------------------------------------------- */

static void
im_drawing_finalize (GObject *object)
{
  ImDrawing *self = (ImDrawing *)object;
  ImDrawingPrivate *priv = im_drawing_get_instance_private (self);

  g_clear_pointer (&priv->cache, gsk_render_node_unref);
  im_widget_style_clear (&priv->style);

  G_OBJECT_CLASS (im_drawing_parent_class)->finalize (object);
}

static void
im_drawing_class_init (ImDrawingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = im_drawing_finalize;

  widget_class->size_allocate = im_drawing_size_allocate;
  widget_class->snapshot = im_drawing_snapshot;
  widget_class->css_changed = im_drawing_css_changed;
  widget_class->system_setting_changed = im_drawing_system_setting_changed;
}

static void
im_drawing_init (ImDrawing *self)
{
  ImDrawingPrivate *priv = im_drawing_get_instance_private (self);

  priv->dirty = TRUE;
  im_widget_style_update (&priv->style, GTK_WIDGET (self));

  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed), NULL);
}

/* ---- API for subclasses -------------------------------------------- */

/**
 * im_drawing_get_style:
 *
 * The colours and font the widget draws with, as last read.
 */
const ImWidgetStyle *
im_drawing_get_style (ImDrawing *self)
{
  ImDrawingPrivate *priv = im_drawing_get_instance_private (self);

  g_return_val_if_fail (IM_IS_DRAWING (self), NULL);

  return &priv->style;
}

/**
 * im_drawing_get_size:
 *
 * The size the last rebuild() was for; 0 × 0 before the first.
 */
void
im_drawing_get_size (ImDrawing *self,
                     int       *width,
                     int       *height)
{
  ImDrawingPrivate *priv = im_drawing_get_instance_private (self);

  g_return_if_fail (IM_IS_DRAWING (self));

  if (width != NULL)
    *width = priv->width;
  if (height != NULL)
    *height = priv->height;
}

/**
 * im_drawing_invalidate:
 *
 * Drops the cached node and has rebuild() and paint() run again before
 * the next frame: for a change of data, range, size or style.
 */
void
im_drawing_invalidate (ImDrawing *self)
{
  ImDrawingPrivate *priv = im_drawing_get_instance_private (self);

  g_return_if_fail (IM_IS_DRAWING (self));

  priv->dirty = TRUE;
  g_clear_pointer (&priv->cache, gsk_render_node_unref);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * im_drawing_queue_paint:
 *
 * Drops the cached node and has paint() run again before the next frame,
 * without a rebuild(): for a subclass whose rebuild() finished later,
 * in a worker thread.
 */
void
im_drawing_queue_paint (ImDrawing *self)
{
  ImDrawingPrivate *priv = im_drawing_get_instance_private (self);

  g_return_if_fail (IM_IS_DRAWING (self));

  g_clear_pointer (&priv->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
