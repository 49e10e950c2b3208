/* im-history-image.c — the history page's charts as an image: the four
 * chart cards as drawn, rendered to a PNG by the window's renderer.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-history-image"

#include "config.h"

#include <glib/gi18n.h>

#include "im-history-page-private.h"
#include "im-ui-util.h"
#include "im-util.h"

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

gboolean
im_history_page_export_image (ImHistoryPage  *self,
                              GFile          *file,
                              GError        **error)
{
  g_autoptr(GskRenderNode) node = NULL;
  int width, height;

  g_return_val_if_fail (IM_IS_HISTORY_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

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

  if (!im_history_page_export_image (self, file, &error))
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
  g_autofree char *name = NULL;
  GtkRoot *root;

  if (self->image_chooser != NULL || im_page_get_machine (IM_PAGE (self)) == NULL)
    return;

  root = gtk_widget_get_root (widget);
  self->image_chooser = gtk_file_chooser_native_new (_("Export Chart Image"),
                                                     GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                     GTK_FILE_CHOOSER_ACTION_SAVE,
                                                     _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->image_chooser), TRUE);

  gtk_file_filter_set_name (filter, _("PNG Images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->image_chooser), filter);

  name = g_strdup_printf ("%s-charts.png", im_page_get_machine (IM_PAGE (self)));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->image_chooser), name);

  g_signal_connect_object (self->image_chooser, "response",
                           G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->image_chooser));
}

void
im_history_page_class_init_image (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "history.export-image", NULL, export_image_action);
}

void
im_history_page_dispose_image (ImHistoryPage *self)
{
  if (self->image_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->image_chooser));
  g_clear_object (&self->image_chooser);
}
