/* im-csv-export.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "im-csv-writer.h"
#include "im-data-source.h"

G_BEGIN_DECLS

#define IM_TYPE_CSV_EXPORT (im_csv_export_get_type ())

G_DECLARE_FINAL_TYPE (ImCsvExport, im_csv_export, IM, CSV_EXPORT, GObject)

/*
 * ImCsvExport:
 *
 * Writes readings of one machine to a CSV file (im-csv-writer.h) off the
 * main thread: the raw readings of a range streamed from a data source in
 * chunks (memory stays constant), or an aggregated series already in
 * memory. The file is written only when everything succeeded: a failed or
 * cancelled export leaves no partial file behind (an existing file keeps
 * its old contents).
 */
ImCsvExport *im_csv_export_new_raw         (ImDataSource  *source,
                                            const char    *machine_id,
                                            gint64         from_ns,
                                            gint64         to_ns);
/* @aggregates: (element-type ImAggregate): kept by reference. */
ImCsvExport *im_csv_export_new_aggregates  (const char    *machine_id,
                                            gint64         window_ns,
                                            GArray        *aggregates);

/* Before running; NULL (the default) for the contract's units. Copied. */
void         im_csv_export_set_format      (ImCsvExport        *self,
                                            const ImCsvFormat  *format);

/* (element-type ImAlarm): the alarms as listed, one row each. */
ImCsvExport *im_csv_export_new_alarms      (GArray        *alarms);
void         im_csv_export_run_async       (ImCsvExport          *self,
                                            GFile                *file,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean     im_csv_export_run_finish      (ImCsvExport          *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Progress, 0..1, readable from the main thread while running. */
double       im_csv_export_get_fraction    (ImCsvExport   *self);
/* Data rows written (the header not counted). */
guint64      im_csv_export_get_n_rows      (ImCsvExport   *self);

G_END_DECLS
