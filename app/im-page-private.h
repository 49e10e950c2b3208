/* im-page-private.h — what the pages deriving from ImPage call.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-machine-picker.h"
#include "im-page.h"

G_BEGIN_DECLS

/* The page's picker: the page gives it its source, follows its
 * selection, selects the page's machine and counts its listing as busy.
 * Call once, from init. */
void          im_page_set_machine_picker (ImPage          *self,
                                          ImMachinePicker *picker);
ImMachinePicker *im_page_get_machine_picker (ImPage       *self);
/* Lists the source's machines in the picker while the page is mapped. */
void          im_page_load_machines      (ImPage          *self);
/* Starts the auto-refresh timer (the settings' "auto-refresh" and
 * "refresh-interval") while the page is mapped and has a source. Call
 * once, from init. */
void          im_page_enable_auto_refresh (ImPage         *self);
GSettings    *im_page_get_settings       (ImPage          *self);

/* The page's one data request: begin returns its cancellable (transfer
 * none) and counts it as busy; the callback calls end first, which
 * returns FALSE when the request was cancelled (it no longer counts);
 * cancel cancels it, as hiding the page and a new source do. */
GCancellable *im_page_begin_request      (ImPage          *self);
gboolean      im_page_end_request        (ImPage          *self,
                                          const GError    *error);
void          im_page_cancel_request     (ImPage          *self);
gboolean      im_page_get_requesting     (ImPage          *self);

G_END_DECLS
