/* main.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "im-application.h"

/* Run uninstalled — `_build/app/industrialmind`, as the README's quick
 * start does — there is no installed schema or catalogue yet: use the
 * ones the build made. The build-tree paths only apply to the binary that
 * still lives in that build tree, so an installed copy is unaffected. */
static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *build_dir = NULL;

  if (exe == NULL)
    return FALSE;

  dir = g_path_get_dirname (exe);
  build_dir = g_canonicalize_filename (IM_BUILD_EXE_DIR, NULL);

  return g_strcmp0 (dir, build_dir) == 0;
}

static void
use_build_tree_data (void)
{
  const char *schema_dir = g_getenv ("GSETTINGS_SCHEMA_DIR");

  /* GSETTINGS_SCHEMA_DIR is a search path in front of the system's:
   * keep what the user set, and add the build's schema after it. */
  if (schema_dir == NULL || *schema_dir == '\0')
    g_setenv ("GSETTINGS_SCHEMA_DIR", IM_BUILD_SCHEMA_DIR, TRUE);
  else
    {
      g_autofree char *path = g_strconcat (schema_dir, G_SEARCHPATH_SEPARATOR_S,
                                           IM_BUILD_SCHEMA_DIR, NULL);

      g_setenv ("GSETTINGS_SCHEMA_DIR", path, TRUE);
    }

  bindtextdomain (GETTEXT_PACKAGE, IM_BUILD_LOCALE_DIR);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ImApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  if (running_from_build_tree ())
    use_build_tree_data ();
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("IndustrialMind"));

  app = im_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
