/* im-page.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "im-data-source.h"

G_BEGIN_DECLS

#define IM_TYPE_PAGE (im_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (ImPage, im_page, IM, PAGE, GtkWidget)

/**
 * ImPageClass:
 * @source_changed: the page shows another source (or none): what was
 *   shown and asked for is gone already
 * @machine_changed: the page shows another machine
 * @auto_refresh: the auto-refresh timer fired, for pages that enabled it
 * @refresh: the user asked for fresh data
 * @display_changed: the display units or time zone changed
 *   (im_units_get_display(), im_time_zone_get_display())
 *
 * What the Live, History and Fleet pages share: their source and
 * machine, the machine picker that lists the source's machines, the
 * request in flight and whether the page is busy, the auto-refresh timer,
 * and cancelling everything when the page is hidden or the source
 * changes. Its one child fills it.
 */
struct _ImPageClass
{
  GtkWidgetClass parent_class;

  void (*source_changed)  (ImPage *self);
  void (*machine_changed) (ImPage *self);
  void (*auto_refresh)    (ImPage *self);
  void (*refresh)         (ImPage *self);
  /* The display units or time zone changed. */
  void (*display_changed) (ImPage *self);
};

ImDataSource *im_page_get_source  (ImPage       *self);
void          im_page_set_source  (ImPage       *self,
                                   ImDataSource *source);
/* (nullable): the machine a page of one machine shows. */
const char   *im_page_get_machine (ImPage       *self);
void          im_page_set_machine (ImPage       *self,
                                   const char   *machine_id);
void          im_page_refresh     (ImPage       *self);
/* TRUE while a request is in flight. */
gboolean      im_page_get_busy    (ImPage       *self);

G_END_DECLS
