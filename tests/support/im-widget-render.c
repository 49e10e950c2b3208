/* im-widget-render.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "im-widget-render.h"

#define RENDER_TIMEOUT_USEC (5 * G_USEC_PER_SEC)

typedef struct
{
  int      width;
  int      height;
  gsize    stride;
  guint32 *pixels;   /* CAIRO_FORMAT_ARGB32: premultiplied, native endian */
} Pixels;

static void
pixels_download (GdkTexture *texture,
                 Pixels     *pixels)
{
  pixels->width = gdk_texture_get_width (texture);
  pixels->height = gdk_texture_get_height (texture);
  pixels->stride = (gsize) pixels->width * 4;
  pixels->pixels = g_malloc ((gsize) pixels->height * pixels->stride);
  gdk_texture_download (texture, (guchar *) pixels->pixels, pixels->stride);
}

static void
pixels_clear (Pixels *pixels)
{
  g_clear_pointer (&pixels->pixels, g_free);
}

static void
pixel_to_rgba (guint32  p,
               GdkRGBA *color)
{
  float a = (p >> 24) / 255.0f;

  if (a <= 0.0f)
    {
      *color = (GdkRGBA) { 0, 0, 0, 0 };
      return;
    }

  color->red = ((p >> 16) & 0xff) / 255.0f / a;
  color->green = ((p >> 8) & 0xff) / 255.0f / a;
  color->blue = (p & 0xff) / 255.0f / a;
  color->alpha = a;
}

static gboolean
rgba_close (const GdkRGBA *a,
            const GdkRGBA *b,
            double         tolerance,
            gboolean       with_alpha)
{
  return fabs (a->red - b->red) <= tolerance &&
         fabs (a->green - b->green) <= tolerance &&
         fabs (a->blue - b->blue) <= tolerance &&
         (!with_alpha || fabs (a->alpha - b->alpha) <= tolerance);
}

/* The pixel rectangle [x0, x1) × [y0, y1) of @area within the picture. */
static void
area_bounds (const Pixels          *pixels,
             const graphene_rect_t *area,
             int                   *x0,
             int                   *y0,
             int                   *x1,
             int                   *y1)
{
  if (area == NULL)
    {
      *x0 = 0;
      *y0 = 0;
      *x1 = pixels->width;
      *y1 = pixels->height;
      return;
    }

  *x0 = CLAMP ((int) floorf (area->origin.x), 0, pixels->width);
  *y0 = CLAMP ((int) floorf (area->origin.y), 0, pixels->height);
  *x1 = CLAMP ((int) ceilf (area->origin.x + area->size.width), 0, pixels->width);
  *y1 = CLAMP ((int) ceilf (area->origin.y + area->size.height), 0, pixels->height);
}

guint
im_texture_count_color (GdkTexture            *texture,
                        const GdkRGBA         *color,
                        double                 tolerance,
                        const graphene_rect_t *area)
{
  Pixels pixels;
  guint count = 0;
  int x0, y0, x1, y1;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), 0);
  g_return_val_if_fail (color != NULL, 0);

  pixels_download (texture, &pixels);
  area_bounds (&pixels, area, &x0, &y0, &x1, &y1);

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        GdkRGBA c;

        pixel_to_rgba (pixels.pixels[y * pixels.width + x], &c);
        if (c.alpha > 0 && rgba_close (&c, color, tolerance, TRUE))
          count++;
      }

  pixels_clear (&pixels);

  return count;
}

guint
im_texture_count_columns_with_color (GdkTexture            *texture,
                                     const GdkRGBA         *color,
                                     double                 tolerance,
                                     const graphene_rect_t *area)
{
  Pixels pixels;
  guint count = 0;
  int x0, y0, x1, y1;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), 0);
  g_return_val_if_fail (color != NULL, 0);

  pixels_download (texture, &pixels);
  area_bounds (&pixels, area, &x0, &y0, &x1, &y1);

  for (int x = x0; x < x1; x++)
    for (int y = y0; y < y1; y++)
      {
        GdkRGBA c;

        pixel_to_rgba (pixels.pixels[y * pixels.width + x], &c);
        if (c.alpha > 0 && rgba_close (&c, color, tolerance, TRUE))
          {
            count++;
            break;
          }
      }

  pixels_clear (&pixels);

  return count;
}

guint
im_texture_count_unlike (GdkTexture            *texture,
                         const GdkRGBA         *background,
                         double                 tolerance,
                         const graphene_rect_t *area)
{
  Pixels pixels;
  guint count = 0;
  int x0, y0, x1, y1;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), 0);
  g_return_val_if_fail (background != NULL, 0);

  pixels_download (texture, &pixels);
  area_bounds (&pixels, area, &x0, &y0, &x1, &y1);

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        GdkRGBA c;

        pixel_to_rgba (pixels.pixels[y * pixels.width + x], &c);
        if (!rgba_close (&c, background, tolerance, TRUE))
          count++;
      }

  pixels_clear (&pixels);

  return count;
}

void
im_texture_get_dominant_color (GdkTexture *texture,
                               GdkRGBA    *color)
{
  g_autoptr(GHashTable) counts = NULL;
  Pixels pixels;
  guint32 best = 0;
  guint best_count = 0;

  g_return_if_fail (GDK_IS_TEXTURE (texture));
  g_return_if_fail (color != NULL);

  counts = g_hash_table_new (g_direct_hash, g_direct_equal);
  pixels_download (texture, &pixels);

  for (gsize i = 0; i < (gsize) pixels.width * pixels.height; i++)
    {
      guint32 p = pixels.pixels[i];
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (p))) + 1;

      g_hash_table_insert (counts, GUINT_TO_POINTER (p), GUINT_TO_POINTER (n));
      if (n > best_count)
        {
          best_count = n;
          best = p;
        }
    }

  pixel_to_rgba (best, color);
  pixels_clear (&pixels);
}

void
im_texture_get_pixel (GdkTexture *texture,
                      int         x,
                      int         y,
                      GdkRGBA    *color)
{
  Pixels pixels;

  g_return_if_fail (GDK_IS_TEXTURE (texture));
  g_return_if_fail (color != NULL);

  pixels_download (texture, &pixels);
  if (x >= 0 && y >= 0 && x < pixels.width && y < pixels.height)
    pixel_to_rgba (pixels.pixels[y * pixels.width + x], color);
  else
    *color = (GdkRGBA) { 0, 0, 0, 0 };
  pixels_clear (&pixels);
}

/* ---- rendering ----------------------------------------------------- */

static gboolean
widget_ready (GtkWidget *widget,
              int        width,
              int        height)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (width > 0 && height > 0 &&
      (gtk_widget_get_width (widget) != width || gtk_widget_get_height (widget) != height))
    return FALSE;
  return gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;
}

static void
on_after_paint (GdkFrameClock *frame_clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Iterates the main context until @widget is mapped and allocated, then
 * through one whole frame (layout and paint), so that every pending
 * change has reached the widget; FALSE on timeout. */
static gboolean
wait_for_widget (GtkWidget *widget,
                 int        width,
                 int        height)
{
  gint64 deadline = g_get_monotonic_time () + RENDER_TIMEOUT_USEC;
  GdkFrameClock *frame_clock;
  gboolean painted = FALSE;
  gulong handler;

  while (!widget_ready (widget, width, height))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  frame_clock = gtk_widget_get_frame_clock (widget);
  if (frame_clock == NULL)
    return FALSE;

  handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_signal_handler_disconnect (frame_clock, handler);

  return painted && widget_ready (widget, width, height);
}

static GskRenderNode *
snapshot_widget (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (parent != NULL)
    {
      graphene_point_t origin;

      /* The parent draws the child at its place: move it back to 0,0. */
      if (!gtk_widget_compute_point (widget, parent, &GRAPHENE_POINT_INIT (0, 0), &origin))
        graphene_point_init (&origin, 0, 0);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-origin.x, -origin.y));
      gtk_widget_snapshot_child (parent, widget, snapshot);
    }
  else
    {
      /* A toplevel: its paintable holds what it last painted. */
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);

      gdk_paintable_snapshot (paintable, snapshot, width, height);
    }

  return gtk_snapshot_free_to_node (snapshot);
}

GdkTexture *
im_widget_render_to_texture (GtkWidget *widget,
                             int        width,
                             int        height)
{
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  GskRenderNode *node = NULL;
  GtkWidget *window = NULL;
  GdkTexture *texture = NULL;
  GtkRoot *root;
  int want_w = -1, want_h = -1;
  int w, h;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  g_return_val_if_fail (root != NULL || gtk_widget_get_parent (widget) == NULL, NULL);

  g_object_ref (widget);

  if (root == NULL)
    {
      want_w = width;
      want_h = height;
      window = gtk_window_new ();
      gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
      gtk_window_set_child (GTK_WINDOW (window), widget);
      gtk_window_present (GTK_WINDOW (window));
    }
  else if (GTK_IS_WINDOW (root))
    {
      /* the default size only applies to a window not shown yet */
      if (width > 0 && height > 0 && GTK_WIDGET (root) == widget &&
          !gtk_widget_get_mapped (widget))
        {
          gtk_window_set_default_size (GTK_WINDOW (root), width, height);
          want_w = width;
          want_h = height;
        }
      gtk_window_present (GTK_WINDOW (root));
    }

  if (!wait_for_widget (widget, want_w, want_h))
    {
      g_warning ("%s did not get mapped and allocated in time", G_OBJECT_TYPE_NAME (widget));
      goto out;
    }

  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);

  node = snapshot_widget (widget);

  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, NULL, &error))
    {
      g_warning ("Cannot realize a Cairo renderer: %s", error->message);
      goto out;
    }

  if (node != NULL)
    texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  else
    {
      /* nothing drawn: a transparent picture */
      GtkSnapshot *empty = gtk_snapshot_new ();
      GskRenderNode *blank;

      gtk_snapshot_append_color (empty, &(GdkRGBA) { 0, 0, 0, 0 }, &GRAPHENE_RECT_INIT (0, 0, w, h));
      blank = gtk_snapshot_free_to_node (empty);
      texture = gsk_renderer_render_texture (renderer, blank, &GRAPHENE_RECT_INIT (0, 0, w, h));
      gsk_render_node_unref (blank);
    }

  gsk_renderer_unrealize (renderer);

out:
  g_clear_pointer (&node, gsk_render_node_unref);

  if (window != NULL)
    {
      gtk_window_set_child (GTK_WINDOW (window), NULL);
      gtk_window_destroy (GTK_WINDOW (window));
    }

  g_object_unref (widget);

  return texture;
}

gboolean
im_widget_render_to_png (GtkWidget   *widget,
                         int          width,
                         int          height,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  texture = im_widget_render_to_texture (widget, width, height);
  if (texture == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "%s could not be rendered: it was not shown in time",
                   G_OBJECT_TYPE_NAME (widget));
      return FALSE;
    }

  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Cannot write the picture to “%s”", path);
      return FALSE;
    }

  return TRUE;
}
