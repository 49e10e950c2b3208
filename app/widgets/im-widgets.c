/* im-widgets.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-widgets"

#include "config.h"

#include "im-widgets.h"
#include "im-widgets-private.h"

void
im_widgets_ensure_types (void)
{
  g_type_ensure (IM_TYPE_TIME_SERIES);
  g_type_ensure (IM_TYPE_CHART);
  g_type_ensure (IM_TYPE_GAUGE);
  g_type_ensure (IM_TYPE_SPARKLINE);
}

void
im_widget_lookup_color (GtkWidget  *widget,
                        const char *name,
                        const char *fallback,
                        GdkRGBA    *color)
{
  GtkStyleContext *context;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);
  g_return_if_fail (color != NULL);

  /* gtk_style_context_lookup_color() is the 4.8 way to read a named
   * colour; it is deprecated only from 4.10 on. */
  context = gtk_widget_get_style_context (widget);
  if (gtk_style_context_lookup_color (context, name, color))
    return;

  if (fallback == NULL || !gdk_rgba_parse (color, fallback))
    *color = (GdkRGBA) { 0.5f, 0.5f, 0.5f, 1.0f };
}

void
im_widget_get_fg_color (GtkWidget *widget,
                        GdkRGBA   *color)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (color != NULL);

  /* gtk_widget_get_color() only exists from 4.10 on. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
}

gboolean
im_widget_is_dark (GtkWidget *widget)
{
  GdkRGBA bg;

  /* The style's own background, known before the widget has a window. */
  im_widget_lookup_color (widget, "window_bg_color", "#fafafa", &bg);

  return 0.2126 * bg.red + 0.7152 * bg.green + 0.0722 * bg.blue < 0.5;
}

void
im_widget_get_zone_color (GtkWidget *widget,
                          ImZone     zone,
                          GdkRGBA   *color)
{
  switch (zone)
    {
    case IM_ZONE_NORMAL:
      im_widget_lookup_color (widget, "success_color", "#26a269", color);
      break;

    case IM_ZONE_WARNING:
      im_widget_lookup_color (widget, "warning_color", "#cd9309", color);
      break;

    case IM_ZONE_CRITICAL:
      /* The dark style's error_color is a salmon close to its yellow
       * warning_color once faint: its deep red stays red. */
      if (im_widget_is_dark (widget))
        im_widget_lookup_color (widget, "error_bg_color", "#c01c28", color);
      else
        im_widget_lookup_color (widget, "error_color", "#c01c28", color);
      break;

    default:
      g_return_if_reached ();
    }

  color->alpha = 1.0f;
}

PangoLayout *
im_widget_create_small_layout (GtkWidget  *widget,
                               const char *text)
{
  PangoLayout *layout;
  PangoAttrList *attrs;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  layout = gtk_widget_create_pango_layout (widget, text);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
}

static gboolean
rgba_update (GdkRGBA       *dest,
             const GdkRGBA *src)
{
  if (gdk_rgba_equal (dest, src))
    return FALSE;
  *dest = *src;
  return TRUE;
}

gboolean
im_widget_style_update (ImWidgetStyle *style,
                        GtkWidget     *widget)
{
  const PangoFontDescription *font;
  gboolean changed = FALSE;
  GdkRGBA color;
  int scale;

  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  im_widget_get_fg_color (widget, &color);
  changed |= rgba_update (&style->fg, &color);
  im_widget_lookup_color (widget, "accent_color", "#1c71d8", &color);
  changed |= rgba_update (&style->accent, &color);
  im_widget_lookup_color (widget, "popover_bg_color", "#ffffff", &color);
  changed |= rgba_update (&style->popover_bg, &color);
  im_widget_lookup_color (widget, "popover_fg_color", "#000000", &color);
  changed |= rgba_update (&style->popover_fg, &color);
  for (guint z = IM_ZONE_NORMAL; z <= IM_ZONE_CRITICAL; z++)
    {
      im_widget_get_zone_color (widget, z, &color);
      changed |= rgba_update (&style->zones[z], &color);
    }

  font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  if (style->font == NULL || font == NULL || !pango_font_description_equal (style->font, font))
    {
      g_clear_pointer (&style->font, pango_font_description_free);
      if (font != NULL)
        style->font = pango_font_description_copy (font);
      changed = TRUE;
    }

  scale = gtk_widget_get_scale_factor (widget);
  if (scale != style->scale_factor)
    {
      style->scale_factor = scale;
      changed = TRUE;
    }

  return changed;
}

void
im_widget_style_clear (ImWidgetStyle *style)
{
  g_return_if_fail (style != NULL);

  g_clear_pointer (&style->font, pango_font_description_free);
}
