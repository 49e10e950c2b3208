/* im-i18n.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean im_running_from_build_tree (const char *build_exe_dir);
void     im_i18n_init               (const char *locale_dir);

G_END_DECLS
