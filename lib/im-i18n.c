/* im-i18n.c — the locale and message catalogue of every program.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-i18n"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "im-i18n.h"

/**
 * im_running_from_build_tree:
 * @build_exe_dir: the directory the build puts the executable in
 *
 * Whether the running executable is the one in @build_exe_dir — run
 * uninstalled, as `_build/app/industrialmind` — rather than an installed
 * copy. Uninstalled, a program uses the schema and catalogues of the
 * build tree, which an installed copy must never do.
 */
gboolean
im_running_from_build_tree (const char *build_exe_dir)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *build_dir = NULL;

  g_return_val_if_fail (build_exe_dir != NULL, FALSE);

  if (exe == NULL)
    return FALSE;

  dir = g_path_get_dirname (exe);
  build_dir = g_canonicalize_filename (build_exe_dir, NULL);

  return g_strcmp0 (dir, build_dir) == 0;
}

/**
 * im_i18n_init:
 * @locale_dir: where the catalogues are: LOCALEDIR, or the build's po dir
 *
 * Takes the locale from the environment and makes GETTEXT_PACKAGE, read
 * from @locale_dir as UTF-8, the default text domain. Every program
 * calls it first, before any string is translated.
 */
void
im_i18n_init (const char *locale_dir)
{
  g_return_if_fail (locale_dir != NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
