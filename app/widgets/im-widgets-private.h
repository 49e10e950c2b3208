/* im-widgets-private.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "im-health.h"

G_BEGIN_DECLS

/* A named colour of the style (libadwaita's accent_color, success_color,
 * …), or @fallback ("#rrggbb") when the theme does not define it. */
void         im_widget_lookup_color     (GtkWidget   *widget,
                                         const char  *name,
                                         const char  *fallback,
                                         GdkRGBA     *color);
/* The foreground colour of the widget (dark mode aware). */
void         im_widget_get_fg_color     (GtkWidget   *widget,
                                         GdkRGBA     *color);
/* Green, yellow or red as the style defines them, opaque. */
/* Whether the widget's style is dark (its window background is). */
gboolean     im_widget_is_dark          (GtkWidget   *widget);
void         im_widget_get_zone_color   (GtkWidget   *widget,
                                         ImZone       zone,
                                         GdkRGBA     *color);
/*
 * The colours and font a widget draws with, resolved from its style.
 * Widgets keep one and refresh it when their CSS changes; only a real
 * change (dark mode, accent, font) needs their drawing done again, not
 * every state change (such as the window losing focus).
 */
typedef struct
{
  GdkRGBA               fg;
  GdkRGBA               accent;
  GdkRGBA               popover_bg;
  GdkRGBA               popover_fg;
  GdkRGBA               zones[3];   /* indexed by ImZone, opaque */
  PangoFontDescription *font;
  int                   scale_factor;
} ImWidgetStyle;

/* Re-reads the style; TRUE when anything differs from before. */
gboolean     im_widget_style_update     (ImWidgetStyle *style,
                                         GtkWidget     *widget);
void         im_widget_style_clear      (ImWidgetStyle *style);

/* A layout for small, tabular-figure labels (axes, min/max). */
PangoLayout *im_widget_create_small_layout (GtkWidget  *widget,
                                            const char *text);

G_END_DECLS
