/* im-widget-render.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Rendering widgets to images, for tests and screenshots.
 *
 * im_widget_render_to_texture:
 * @widget: a widget; if it has no window, it is put in an undecorated
 *   window of @width × @height for the rendering and taken out again
 *   (keep a reference on it); if it is in a window, the window is
 *   presented as it is; a window not shown yet is given @width × @height
 *   as its default size when it is itself the @widget.
 *
 * Waits (iterating the main context, at most a few seconds) until the
 * widget is mapped and allocated, then renders it with the Cairo renderer.
 *
 * Returns: (transfer full) (nullable): the picture, NULL on timeout.
 */
GdkTexture *im_widget_render_to_texture (GtkWidget             *widget,
                                         int                    width,
                                         int                    height);
/* Same, then saves it as PNG at @path. */
gboolean    im_widget_render_to_png     (GtkWidget             *widget,
                                         int                    width,
                                         int                    height,
                                         const char            *path,
                                         GError               **error);

/*
 * Pixel checks. @area: (nullable): a rectangle in texture pixels, NULL for
 * the whole picture. Colours are compared unpremultiplied, each channel
 * (alpha included) within @tolerance (0..1); fully transparent pixels never
 * match a colour. A widget rendered on its own has a transparent
 * background: a translucent fill shows as its colour with its alpha. Pass
 * the window itself for a picture with the window's background.
 */
guint       im_texture_count_color      (GdkTexture            *texture,
                                         const GdkRGBA         *color,
                                         double                 tolerance,
                                         const graphene_rect_t *area);
/* Pixel columns of @area holding at least one pixel of @color: how much
 * of a plot's width a series line covers. */
guint       im_texture_count_columns_with_color (GdkTexture            *texture,
                                                 const GdkRGBA         *color,
                                                 double                 tolerance,
                                                 const graphene_rect_t *area);
/* Pixels that differ from @background by more than @tolerance in any
 * channel (alpha included): 0 means the picture is blank. */
guint       im_texture_count_unlike     (GdkTexture            *texture,
                                         const GdkRGBA         *background,
                                         double                 tolerance,
                                         const graphene_rect_t *area);
/* The colour of the most common pixel: the background. */
void        im_texture_get_dominant_color (GdkTexture          *texture,
                                           GdkRGBA             *color);
/* The pixel at @x, @y, unpremultiplied. */
void        im_texture_get_pixel        (GdkTexture            *texture,
                                         int                    x,
                                         int                    y,
                                         GdkRGBA               *color);

G_END_DECLS
