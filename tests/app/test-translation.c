/* test-translation.c — the window in German, under Xvfb.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run with LANGUAGE=de and a German LC_MESSAGES locale (tests/app/meson.build
 * sets them). The program links the app's code rather than running the
 * executable, so it binds the catalogues the build compiled under
 * IM_BUILD_ROOT/po itself, through the same im_i18n_init() that main.c
 * calls for the executable of the build tree.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "im-i18n.h"
#include "im-window.h"

#include "im-test-app-util.h"

/* The first widget of @type under @widget (itself included) that is
 * mapped, that is, on screen. */
static GtkWidget *
find_mapped (GtkWidget *widget,
             GType      type)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
status_page_mapped (gpointer data)
{
  return find_mapped (data, ADW_TYPE_STATUS_PAGE) != NULL;
}

/* Labels of the mapped buttons under @widget, for a message. */
static void
collect_button_labels (GtkWidget *widget,
                       GString   *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (out, "“%s” ", gtk_button_get_label (GTK_BUTTON (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_button_labels (child, out);
}

static void
test_welcome_in_german (void)
{
  ImWindow *window = im_window_new (NULL);
  g_autoptr(GString) buttons = g_string_new (NULL);
  GtkWidget *status_page;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (im_test_wait_until (status_page_mapped, window, 20000));

  /* Without a source the window shows its welcome page. */
  status_page = find_mapped (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==,
                   "Willkommen bei IndustrialMind");

  collect_button_labels (status_page, buttons);
  g_test_message ("Buttons of the welcome page: %s", buttons->str);
  g_assert_nonnull (strstr (buttons->str, "“_Demo ausprobieren”"));
  g_assert_nonnull (strstr (buttons->str, "“Mit InfluxDB _verbinden …”"));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (window != NULL)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  const char *build_root = g_getenv ("IM_BUILD_ROOT");
  g_autofree char *locale_dir = NULL;

  if (build_root == NULL)
    g_error ("IM_BUILD_ROOT is not set: run this test through meson test");
  locale_dir = g_build_filename (build_root, "po", NULL);
  im_i18n_init (locale_dir);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/translation/welcome-in-german", test_welcome_in_german);

  return g_test_run ();
}
