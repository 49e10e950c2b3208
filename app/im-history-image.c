/* im-history-image.c — the history page's charts as an image: the four
 * chart cards as drawn, rendered to a PNG by the window's renderer, or
 * drawn again as an SVG by the charts' own cairo code, each card where
 * it lies on screen.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-history-image"

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "im-chart.h"
#include "im-history-page-private.h"
#include "im-ui-util.h"
#include "im-util.h"
#include "im-widgets-private.h"

/* Adwaita's .card */
#define CARD_RADIUS 12.0

/* The charts' node over the window's background colour. */
static GskRenderNode *
snapshot_charts (ImHistoryPage *self,
                 int           *width,
                 int           *height)
{
  GtkWidget *charts = GTK_WIDGET (self->charts_box);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) content = NULL;
  GskRenderNode *nodes[2];
  GtkSnapshot *snapshot;
  GdkRGBA background;

  *width = gtk_widget_get_width (charts);
  *height = gtk_widget_get_height (charts);
  if (*width <= 0 || *height <= 0)
    return NULL;

  paintable = gtk_widget_paintable_new (charts);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  content = gtk_snapshot_free_to_node (snapshot);
  if (content == NULL)
    return NULL;

  /* the cards lie on the window's background, light or dark */
  gdk_rgba_parse (&background, adw_style_manager_get_dark (adw_style_manager_get_default ())
                               ? "#242424" : "#fafafa");
  nodes[0] = gsk_color_node_new (&background, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  nodes[1] = content;
  {
    GskRenderNode *container = gsk_container_node_new (nodes, 2);

    gsk_render_node_unref (nodes[0]);

    return container;
  }
}

static gboolean
write_png (ImHistoryPage  *self,
           GskRenderNode  *node,
           int             width,
           int             height,
           GFile          *file,
           GError        **error)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("The charts are not shown"));
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  bytes = gdk_texture_save_to_png_bytes (texture);

  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

/* A label's text where the label lies in @box, in its colour. */
static void
draw_label (cairo_t   *cr,
            GtkLabel  *label,
            GtkWidget *box)
{
  graphene_rect_t bounds;
  GdkRGBA color;
  int x, y;

  if (!gtk_widget_compute_bounds (GTK_WIDGET (label), box, &bounds))
    return;

  gtk_label_get_layout_offsets (label, &x, &y);
  im_widget_get_fg_color (GTK_WIDGET (label), &color);
  color.alpha *= gtk_widget_get_opacity (GTK_WIDGET (label));

  cairo_save (cr);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_move_to (cr, bounds.origin.x + x, bounds.origin.y + y);
  pango_cairo_show_layout (cr, gtk_label_get_layout (label));
  cairo_restore (cr);
}

static void
rounded_rectangle (cairo_t               *cr,
                   const graphene_rect_t *rect,
                   double                 radius)
{
  double x = rect->origin.x, y = rect->origin.y;
  double w = rect->size.width, h = rect->size.height;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* One card: its background and outline, then its labels (title, legend)
 * and its chart, each where it lies in @box. */
static void
draw_card (cairo_t   *cr,
           GtkWidget *card,
           GtkWidget *box)
{
  graphene_rect_t bounds;
  GdkRGBA background, outline;

  if (!gtk_widget_compute_bounds (card, box, &bounds))
    return;

  im_widget_lookup_color (card, "card_bg_color", "#ffffff", &background);
  im_widget_lookup_color (card, "card_shade_color", "rgba(0,0,0,0.07)", &outline);
  rounded_rectangle (cr, &bounds, CARD_RADIUS);
  gdk_cairo_set_source_rgba (cr, &background);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  gdk_cairo_set_source_rgba (cr, &outline);
  cairo_stroke (cr);

  for (GtkWidget *child = gtk_widget_get_first_child (card);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t child_bounds;

      if (!gtk_widget_get_mapped (child))
        continue;

      if (GTK_IS_LABEL (child))
        draw_label (cr, GTK_LABEL (child), box);
      else if (IM_IS_CHART (child) && gtk_widget_compute_bounds (child, box, &child_bounds))
        {
          cairo_save (cr);
          cairo_translate (cr, child_bounds.origin.x, child_bounds.origin.y);
          im_chart_draw (IM_CHART (child), cr);
          cairo_restore (cr);
        }
    }
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

/* The cards of the charts box on the window's background, as an SVG of
 * the box's size in pixels. */
static gboolean
write_svg (ImHistoryPage  *self,
           GFile          *file,
           GError        **error)
{
  GtkWidget *box = GTK_WIDGET (self->charts_box);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  GdkRGBA background;
  cairo_t *cr;
  int width = gtk_widget_get_width (box);
  int height = gtk_widget_get_height (box);

  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("The charts are not shown"));
      return FALSE;
    }

  surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_USER);
  cr = cairo_create (surface);

  im_widget_lookup_color (box, "window_bg_color", "#fafafa", &background);
  gdk_cairo_set_source_rgba (cr, &background);
  cairo_paint (cr);

  /* the flow box's children, each holding a card */
  for (GtkWidget *child = gtk_widget_get_first_child (box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *card = GTK_IS_FLOW_BOX_CHILD (child)
                        ? gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child)) : NULL;

      if (card != NULL && gtk_widget_get_mapped (card))
        draw_card (cr, card, box);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s", cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_replace_contents (file, (const char *) bytes->data, bytes->len,
                                  NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

gboolean
im_history_page_export_image (ImHistoryPage         *self,
                              GFile                 *file,
                              ImHistoryImageFormat   format,
                              GError               **error)
{
  g_autoptr(GskRenderNode) node = NULL;
  int width, height;

  g_return_val_if_fail (IM_IS_HISTORY_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (format == IM_HISTORY_IMAGE_SVG)
    return write_svg (self, file, error);

  node = snapshot_charts (self, &width, &height);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("The charts are not shown"));
      return FALSE;
    }

  return write_png (self, node, width, height, file, error);
}

static void
chooser_response_cb (ImHistoryPage        *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  g_clear_object (&self->image_chooser);
  if (file == NULL)
    return;

  if (!im_history_page_export_image (self, file, self->image_format, &error))
    {
      /* Translators: %s is why */
      g_autofree char *title = g_strdup_printf (_("Could not export: %s"), error->message);

      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 0);
    }
  else
    {
      g_autofree char *uri = g_file_get_uri (file);

      toast = adw_toast_new (_("Exported the charts"));
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "win.open-uri");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }
  im_history_page_add_toast (self, toast);
}

static void
export_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *target = g_variant_get_string (parameter, NULL);
  gboolean svg = g_strcmp0 (target, "svg") == 0;
  g_autofree char *name = NULL;
  GtkRoot *root;

  if (self->image_chooser != NULL || im_page_get_machine (IM_PAGE (self)) == NULL)
    return;

  self->image_format = svg ? IM_HISTORY_IMAGE_SVG : IM_HISTORY_IMAGE_PNG;

  root = gtk_widget_get_root (widget);
  self->image_chooser = gtk_file_chooser_native_new (_("Export Chart Image"),
                                                     GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                     GTK_FILE_CHOOSER_ACTION_SAVE,
                                                     _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->image_chooser), TRUE);

  gtk_file_filter_set_name (filter, svg ? _("SVG Images") : _("PNG Images"));
  gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->image_chooser), filter);

  name = g_strdup_printf ("%s-charts.%s", im_page_get_machine (IM_PAGE (self)), svg ? "svg" : "png");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->image_chooser), name);

  g_signal_connect_object (self->image_chooser, "response",
                           G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->image_chooser));
}

void
im_history_page_class_init_image (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "history.export-image", "s", export_image_action);
}

void
im_history_page_dispose_image (ImHistoryPage *self)
{
  if (self->image_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->image_chooser));
  g_clear_object (&self->image_chooser);
}
