/* im-history-page.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "im-page.h"

G_BEGIN_DECLS

typedef enum
{
  IM_HISTORY_EXPORT_RAW,
  IM_HISTORY_EXPORT_AGGREGATES,
} ImHistoryExportKind;

#define IM_TYPE_HISTORY_PAGE (im_history_page_get_type ())

G_DECLARE_FINAL_TYPE (ImHistoryPage, im_history_page, IM, HISTORY_PAGE, ImPage)

/*
 * ImHistoryPage:
 *
 * One machine over a date-time range: a chart per sensor with the mean of
 * each aggregation window and its min/max band, the window chosen so that
 * a chart never holds more points than it has pixel columns. Exports the
 * raw readings or the aggregated series as CSV.
 */
void          im_history_page_set_range       (ImHistoryPage        *self,
                                               gint64                from_ns,
                                               gint64                to_ns);
void          im_history_page_get_range       (ImHistoryPage        *self,
                                               gint64               *from_ns,
                                               gint64               *to_ns);
/* The last range of @span_ns up to now, kept relative to now. */
void          im_history_page_set_preset      (ImHistoryPage        *self,
                                               gint64                span_ns);
/* (nullable) (element-type ImAggregate): what the charts show. */
GArray       *im_history_page_get_aggregates  (ImHistoryPage        *self,
                                               gint64               *window_ns);
/* Asks for a file with the file chooser, then exports to it. */
void          im_history_page_export          (ImHistoryPage        *self,
                                               ImHistoryExportKind   kind);
/* Opens the export menu. */
void          im_history_page_show_export_menu (ImHistoryPage       *self);
/* Exports the current machine and range to @file, with progress shown on
 * the page, and the number of data rows written as result. */
void          im_history_page_export_to_file_async  (ImHistoryPage        *self,
                                                     ImHistoryExportKind   kind,
                                                     GFile                *file,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean      im_history_page_export_to_file_finish (ImHistoryPage        *self,
                                                     GAsyncResult         *result,
                                                     guint64              *n_rows,
                                                     GError              **error);

/* TRUE while the "no readings" state covers the charts. */
G_END_DECLS
