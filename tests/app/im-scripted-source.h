/* im-scripted-source.h — a data source whose alarms the test sets.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-data-source.h"

G_BEGIN_DECLS

#define IM_TYPE_SCRIPTED_SOURCE (im_scripted_source_get_type ())

G_DECLARE_FINAL_TYPE (ImScriptedSource, im_scripted_source, IM, SCRIPTED_SOURCE, GObject)

ImScriptedSource *im_scripted_source_new        (void);
/* Replaces the alarms (latest records) and emits alarms-changed. Answers
 * the alarm requests from them (and acknowledges them); fails the rest. */
void              im_scripted_source_set_alarms (ImScriptedSource *self,
                                                 const ImAlarm    *alarms,
                                                 guint             n_alarms);

G_END_DECLS
