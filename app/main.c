/* main.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "im-application.h"
#include "im-i18n.h"

/* Run uninstalled — `_build/app/industrialmind`, as the README's quick
 * start does — there is no installed schema yet: use the one the build
 * made. GSETTINGS_SCHEMA_DIR is a search path in front of the system's:
 * keep what the user set, and add the build's schema after it. */
static void
use_build_tree_schema (void)
{
  const char *schema_dir = g_getenv ("GSETTINGS_SCHEMA_DIR");

  if (schema_dir == NULL || *schema_dir == '\0')
    g_setenv ("GSETTINGS_SCHEMA_DIR", IM_BUILD_SCHEMA_DIR, TRUE);
  else
    {
      g_autofree char *path = g_strconcat (schema_dir, G_SEARCHPATH_SEPARATOR_S,
                                           IM_BUILD_SCHEMA_DIR, NULL);

      g_setenv ("GSETTINGS_SCHEMA_DIR", path, TRUE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ImApplication) app = NULL;
  gboolean uninstalled = im_running_from_build_tree (IM_BUILD_EXE_DIR);

  /* Uninstalled, the catalogues are the ones the build compiled. */
  im_i18n_init (uninstalled ? IM_BUILD_LOCALE_DIR : LOCALEDIR);
  if (uninstalled)
    use_build_tree_schema ();

  g_set_application_name (_("IndustrialMind"));

  app = im_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
