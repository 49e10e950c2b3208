/* im-machine-picker.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "im-data-source.h"

G_BEGIN_DECLS

#define IM_TYPE_MACHINE_PICKER (im_machine_picker_get_type ())

G_DECLARE_FINAL_TYPE (ImMachinePicker, im_machine_picker, IM, MACHINE_PICKER, GtkWidget)

/*
 * ImMachinePicker:
 *
 * A drop-down of the machines a source knows. load() lists them (one
 * listing at a time; a new source cancels it) and emits ::listed with
 * the outcome; the selection follows #ImMachinePicker:machine, which
 * stays selected when a new list still holds it, and else becomes the
 * list's first machine.
 */
ImDataSource *im_machine_picker_get_source     (ImMachinePicker *self);
void          im_machine_picker_set_source     (ImMachinePicker *self,
                                                ImDataSource    *source);
/* (nullable): the selected machine, or the one to select once listed. */
const char   *im_machine_picker_get_machine    (ImMachinePicker *self);
void          im_machine_picker_set_machine    (ImMachinePicker *self,
                                                const char      *machine_id);
/* Lists the source's machines unless a listing is in flight. */
void          im_machine_picker_load           (ImMachinePicker *self);
void          im_machine_picker_cancel         (ImMachinePicker *self);
/* TRUE while a listing is in flight. */
gboolean      im_machine_picker_get_busy       (ImMachinePicker *self);
/* TRUE once a listing of this source succeeded. */
gboolean      im_machine_picker_get_loaded     (ImMachinePicker *self);
/* How many machines the last listing that succeeded found. */
guint         im_machine_picker_get_n_machines (ImMachinePicker *self);

G_END_DECLS
