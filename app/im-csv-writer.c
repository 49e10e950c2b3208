/* im-csv-writer.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-csv-writer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-csv-writer.h"
#include "im-time-zone.h"
#include "im-util.h"

/* Written to the stream whenever the buffer grows past this. */
#define FLUSH_SIZE (256 * 1024)

void
im_csv_append_field (GString    *out,
                     const char *field)
{
  g_return_if_fail (out != NULL);

  if (field == NULL)
    return;

  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
im_csv_append_double (GString *out,
                      double   value)
{
  g_return_if_fail (out != NULL);

  /* im_format_double() never uses the locale's decimal separator. */
  if (isfinite (value))
    im_string_append_double (out, value);
}

/* A mean is computed, not measured: twelve significant digits keep
 * every digit a sensor has and drop the sum's rounding noise
 * (1.0773600000000003 is 1.07736). */
static void
append_mean (GString *out,
             double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.12g", value));
}

void
im_csv_append_time (GString *out,
                    gint64   time_ns)
{
  char buf[IM_TIMESTAMP_BUF_SIZE];
  int len;

  g_return_if_fail (out != NULL);

  len = im_timestamp_format (buf, time_ns, IM_CSV_TIME_DIGITS);
  g_string_append_len (out, buf, len);
}

void
im_csv_end_row (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append_len (out, "\r\n", 2);
}

static const ImCsvFormat default_format = IM_CSV_FORMAT_INIT;

/* In UTC, or in the format's zone with its offset. */
static void
append_time (GString           *out,
             const ImCsvFormat *format,
             gint64             time_ns)
{
  char buf[IM_TIMESTAMP_BUF_SIZE];
  int offset;
  int len;

  /* an offset of zero is written "Z" in either case */
  offset = format->time_zone != NULL ? im_time_zone_get_offset (format->time_zone, time_ns) : 0;
  if (offset == 0)
    {
      im_csv_append_time (out, time_ns);
      return;
    }

  len = im_timestamp_format (buf, time_ns + (gint64) offset * IM_NSEC_PER_SEC, IM_CSV_TIME_DIGITS);
  g_assert (len > 0 && buf[len - 1] == 'Z');
  g_string_append_len (out, buf, len - 1);
  g_string_append_printf (out, "%c%02d:%02d", offset < 0 ? '-' : '+',
                          ABS (offset) / 3600, ABS (offset) / 60 % 60);
}

/* "temperature" or "temperature_degf" */
static void
append_column_name (GString           *out,
                    const ImCsvFormat *format,
                    ImSensor           sensor)
{
  const char *suffix = im_units_get_column_suffix (&format->units, sensor);

  g_string_append (out, im_sensor_to_string (sensor));
  if (suffix != NULL)
    {
      g_string_append_c (out, '_');
      g_string_append (out, suffix);
    }
}

void
im_csv_append_readings_header (GString           *out,
                               const ImCsvFormat *format)
{
  g_return_if_fail (out != NULL);

  if (format == NULL)
    format = &default_format;

  g_string_append (out, "time,machine_id,sensor_id");
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      g_string_append_c (out, ',');
      append_column_name (out, format, s);
    }
  g_string_append (out, ",degradation,state,anomaly");
  im_csv_end_row (out);
}

void
im_csv_append_reading (GString           *out,
                       const ImCsvFormat *format,
                       const ImReading   *reading)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (reading != NULL);

  if (format == NULL)
    format = &default_format;

  append_time (out, format, reading->time_ns);
  g_string_append_c (out, ',');
  im_csv_append_field (out, reading->machine_id);
  g_string_append_c (out, ',');
  im_csv_append_field (out, reading->sensor_id);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      g_string_append_c (out, ',');
      im_csv_append_double (out, im_units_convert (&format->units, s, reading->values[s]));
    }
  g_string_append_c (out, ',');
  im_csv_append_double (out, reading->degradation);
  g_string_append_c (out, ',');
  if (reading->state != IM_MACHINE_STATE_UNKNOWN)
    im_csv_append_field (out, im_machine_state_to_string (reading->state));
  g_string_append_c (out, ',');
  if (reading->anomaly != IM_ANOMALY_NONE)
    im_csv_append_field (out, im_anomaly_to_string (reading->anomaly));
  im_csv_end_row (out);
}

void
im_csv_append_aggregates_header (GString           *out,
                                 const ImCsvFormat *format)
{
  static const char * const stats[] = { "mean", "min", "max" };

  g_return_if_fail (out != NULL);

  if (format == NULL)
    format = &default_format;

  g_string_append (out, "time,machine_id,window_seconds,count");
  for (guint s = 0; s < IM_N_SENSORS; s++)
    for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
      {
        g_string_append_c (out, ',');
        append_column_name (out, format, s);
        g_string_append_printf (out, "_%s", stats[i]);
      }
  im_csv_end_row (out);
}

void
im_csv_append_aggregate (GString           *out,
                         const ImCsvFormat *format,
                         const char        *machine_id,
                         gint64             window_ns,
                         const ImAggregate *aggregate)
{
  const ImUnits *units;

  g_return_if_fail (out != NULL);
  g_return_if_fail (machine_id != NULL);
  g_return_if_fail (aggregate != NULL);

  units = format != NULL ? &format->units : &default_format.units;

  append_time (out, format != NULL ? format : &default_format, aggregate->time_ns);
  g_string_append_c (out, ',');
  im_csv_append_field (out, machine_id);
  g_string_append_c (out, ',');
  im_csv_append_double (out, (double) window_ns / IM_NSEC_PER_SEC);
  g_string_append_printf (out, ",%u", aggregate->count);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      g_string_append_c (out, ',');
      append_mean (out, im_units_convert (units, s, aggregate->mean[s]));
      g_string_append_c (out, ',');
      im_csv_append_double (out, im_units_convert (units, s, aggregate->min[s]));
      g_string_append_c (out, ',');
      im_csv_append_double (out, im_units_convert (units, s, aggregate->max[s]));
    }
  im_csv_end_row (out);
}

struct _ImCsvWriter
{
  ImCsvFormat    format;
  GOutputStream *stream;
  GString       *buffer;
  guint64        n_rows;
  guint64        n_bytes;
};

ImCsvWriter *
im_csv_writer_new (GOutputStream *stream)
{
  ImCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (ImCsvWriter, 1);
  self->format = default_format;
  self->stream = g_object_ref (stream);
  self->buffer = g_string_sized_new (FLUSH_SIZE + 4096);

  return self;
}

void
im_csv_writer_free (ImCsvWriter *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}

void
im_csv_writer_set_format (ImCsvWriter       *self,
                          const ImCsvFormat *format)
{
  g_return_if_fail (self != NULL);

  self->format = format != NULL ? *format : default_format;
}

GString *
im_csv_writer_get_buffer (ImCsvWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->buffer;
}

gboolean
im_csv_writer_flush (ImCsvWriter   *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len,
                                  NULL, cancellable, error))
    return FALSE;

  self->n_bytes += self->buffer->len;
  g_string_truncate (self->buffer, 0);

  return TRUE;
}

gboolean
im_csv_writer_row_done (ImCsvWriter   *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  self->n_rows++;

  if (self->buffer->len >= FLUSH_SIZE)
    return im_csv_writer_flush (self, cancellable, error);

  return TRUE;
}

gboolean
im_csv_writer_write_readings (ImCsvWriter      *self,
                              const ImReading  *readings,
                              gsize             n_readings,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (readings != NULL || n_readings == 0, FALSE);

  for (gsize i = 0; i < n_readings; i++)
    {
      im_csv_append_reading (self->buffer, &self->format, &readings[i]);
      if (!im_csv_writer_row_done (self, cancellable, error))
        return FALSE;
    }

  return TRUE;
}

guint64
im_csv_writer_get_n_rows (ImCsvWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

guint64
im_csv_writer_get_n_bytes (ImCsvWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_bytes + self->buffer->len;
}

void
im_csv_append_alarms_header (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "id,machine_id,type,kind,sensors,severity,ne107,state,"
                        "acknowledged,ack_user,ack_at,started_at,raised_at,updated_at,"
                        "cleared_at,value,peak,threshold,count,message");
  im_csv_end_row (out);
}

/* An empty field for "not yet" (0). */
static void
append_optional_time (GString *out,
                      gint64   time_ns)
{
  g_string_append_c (out, ',');
  if (time_ns != 0)
    im_csv_append_time (out, time_ns);
}

void
im_csv_append_alarm (GString       *out,
                     const ImAlarm *alarm)
{
  g_autoptr(GString) sensors = g_string_new (NULL);
  g_autoptr(GString) message = g_string_new (NULL);

  g_return_if_fail (out != NULL);
  g_return_if_fail (alarm != NULL);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      if ((alarm->sensors & (1u << s)) == 0)
        continue;
      if (sensors->len > 0)
        g_string_append_c (sensors, ' ');
      g_string_append (sensors, im_sensor_to_string ((ImSensor) s));
    }
  im_alarm_append_message (alarm, message);

  im_csv_append_field (out, alarm->id);
  g_string_append_c (out, ',');
  im_csv_append_field (out, alarm->machine_id);
  g_string_append_c (out, ',');
  im_csv_append_field (out, alarm->type);
  g_string_append_c (out, ',');
  im_csv_append_field (out, im_alarm_kind_to_string (alarm->kind));
  g_string_append_c (out, ',');
  im_csv_append_field (out, sensors->str);
  g_string_append_c (out, ',');
  im_csv_append_field (out, im_alarm_severity_to_string (alarm->severity));
  g_string_append_c (out, ',');
  im_csv_append_field (out, im_ne107_status_to_letter (im_alarm_severity_to_ne107 (alarm->severity)));
  g_string_append_c (out, ',');
  im_csv_append_field (out, im_alarm_state_to_string (alarm->state));
  g_string_append_c (out, ',');
  g_string_append (out, alarm->acknowledged ? "true" : "false");
  g_string_append_c (out, ',');
  im_csv_append_field (out, alarm->ack_user);
  append_optional_time (out, alarm->ack_ns);
  append_optional_time (out, alarm->started_ns);
  append_optional_time (out, alarm->raised_ns);
  append_optional_time (out, alarm->updated_ns);
  append_optional_time (out, alarm->cleared_ns);
  g_string_append_c (out, ',');
  im_csv_append_double (out, alarm->value);
  g_string_append_c (out, ',');
  im_csv_append_double (out, alarm->peak);
  g_string_append_c (out, ',');
  im_csv_append_double (out, alarm->threshold);
  g_string_append_printf (out, ",%u,", alarm->count);
  im_csv_append_field (out, message->str);
  im_csv_end_row (out);
}
