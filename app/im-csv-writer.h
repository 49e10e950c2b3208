/* im-csv-writer.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "im-alarm.h"
#include "im-data-source.h"
#include "im-reading.h"
#include "im-units.h"

G_BEGIN_DECLS

/*
 * CSV as RFC 4180 writes it: CRLF line ends, a header row, fields quoted
 * with '"' when they hold a comma, a quote, CR or LF (quotes doubled).
 * Times are ISO 8601 with microseconds, in UTC ("2026-11-28T07:26:49.123456Z")
 * unless an ImCsvFormat gives a zone,
 * numbers use a dot as decimal separator whatever the locale, and a
 * missing value (NAN, no anomaly) is an empty field.
 */

#define IM_CSV_TIME_DIGITS 6

/*
 * ImCsvFormat:
 *
 * How values and times are written: in the contract's units (the default, a column
 * named after its sensor) or converted, the column then named with its
 * unit ("temperature_degf", "pressure_bar_mean"). NULL wherever a format
 * is asked for means the default.
 */
typedef struct
{
  ImUnits    units;
  /* NULL: UTC ("…49.123456Z"); else times are in this zone with their
   * offset ("…49.123456+01:00", "Z" for an offset of zero). Not owned:
   * it must outlive the format. */
  GTimeZone *time_zone;
} ImCsvFormat;

#define IM_CSV_FORMAT_INIT { IM_UNITS_INIT_STORED, NULL }

void     im_csv_append_field             (GString           *out,
                                          const char        *field);
void     im_csv_append_double            (GString           *out,
                                          double             value);
void     im_csv_append_time              (GString           *out,
                                          gint64             time_ns);
void     im_csv_end_row                  (GString           *out);

/* time,machine_id,sensor_id,temperature,vibration,pressure,power,
 * degradation,state,anomaly */
void     im_csv_append_readings_header   (GString           *out,
                                          const ImCsvFormat *format);
void     im_csv_append_reading           (GString           *out,
                                          const ImCsvFormat *format,
                                          const ImReading   *reading);

/* time,machine_id,window_seconds,count, then mean, min and max of each
 * sensor: temperature_mean,temperature_min,temperature_max,… */
void     im_csv_append_aggregates_header (GString           *out,
                                          const ImCsvFormat *format);
void     im_csv_append_aggregate         (GString           *out,
                                          const ImCsvFormat *format,
                                          const char        *machine_id,
                                          gint64             window_ns,
                                          const ImAggregate *aggregate);

/*
 * ImCsvWriter:
 *
 * Buffers rows and writes them to a stream in blocks, so that memory stays
 * constant whatever the number of rows. Used from one thread at a time.
 */
/* An alarm history: one row per alarm, its latest record; times that
 * did not happen yet (cleared, acknowledged) are empty fields. */
void     im_csv_append_alarms_header     (GString           *out);
void     im_csv_append_alarm             (GString           *out,
                                          const ImAlarm     *alarm);

typedef struct _ImCsvWriter ImCsvWriter;

ImCsvWriter *im_csv_writer_new              (GOutputStream     *stream);
void         im_csv_writer_free             (ImCsvWriter       *self);
/* For im_csv_writer_write_readings(); copied. */
void         im_csv_writer_set_format       (ImCsvWriter       *self,
                                             const ImCsvFormat *format);
/* The row buffer: append one row, then call im_csv_writer_row_done(). */
GString     *im_csv_writer_get_buffer       (ImCsvWriter       *self);
gboolean     im_csv_writer_row_done         (ImCsvWriter       *self,
                                             GCancellable      *cancellable,
                                             GError           **error);
gboolean     im_csv_writer_write_readings   (ImCsvWriter       *self,
                                             const ImReading   *readings,
                                             gsize              n_readings,
                                             GCancellable      *cancellable,
                                             GError           **error);
gboolean     im_csv_writer_flush            (ImCsvWriter       *self,
                                             GCancellable      *cancellable,
                                             GError           **error);
guint64      im_csv_writer_get_n_rows       (ImCsvWriter       *self);
guint64      im_csv_writer_get_n_bytes      (ImCsvWriter       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImCsvWriter, im_csv_writer_free)

G_END_DECLS
