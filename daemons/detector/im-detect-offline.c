/* im-detect-offline.c — the detector over JSON lines, for analysis
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-detect-offline.h"

/* Write the events out in chunks of about this many bytes. */
#define OUTPUT_CHUNK (64 * 1024)
/* Lines longer than this are not readings (the codec's own limit). */
#define MAX_LINE IM_READING_MAX_BYTES

static gboolean
flush_output (GOutputStream *output,
              GString       *buf,
              GCancellable  *cancellable,
              GError       **error)
{
  if (buf->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (output, buf->str, buf->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (buf, 0);

  return TRUE;
}

static void
append_events (GString               *buf,
               const ImDetectorEvent *events,
               guint                  n_events,
               ImDetectOfflineStats  *stats)
{
  for (guint i = 0; i < n_events; i++)
    {
      im_detector_event_append_json (&events[i], buf);
      g_string_append_c (buf, '\n');
    }
  stats->n_events += n_events;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
report_line (guint64     line,
             const char *reason,
             const char *message)
{
  g_autofree char *line_str = g_strdup_printf ("%" G_GUINT64_FORMAT, line);

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                    "EVENT", "invalid-line",
                    "LINE", line_str,
                    "REASON", reason,
                    "MESSAGE", "Line %s skipped: %s", line_str, message);
}

/* One line of input, without its newline, into @detectors. */
static void
process_line (GHashTable             *detectors,
              const ImDetectorParams *params,
              const char             *data,
              gsize                   len,
              GString                *out,
              ImDetectOfflineStats   *stats)
{
  g_autoptr(GError) local_error = NULL;
  ImDetectorEvent events[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
  ImDetector *detector;
  ImReading reading;
  guint n_events;

  stats->n_lines++;
  if (len > 0 && data[len - 1] == '\r')
    len--;
  /* Blank lines separate nothing and carry nothing. */
  if (len == 0)
    return;

  if (!im_reading_parse_json (&reading, data, len, G_MAXINT64, &local_error))
    {
      stats->n_invalid++;
      report_line (stats->n_lines, im_reading_error_reason (local_error->code),
                   local_error->message);
      return;
    }

  detector = g_hash_table_lookup (detectors, reading.machine_id);
  if (detector == NULL)
    {
      detector = im_detector_new (params, reading.machine_id);
      g_hash_table_insert (detectors, g_strdup (reading.machine_id), detector);
    }
  else if (reading.time_ns < im_detector_get_last_time_ns (detector))
    {
      stats->n_out_of_order++;
      report_line (stats->n_lines, "out-of-order",
                   "the reading is older than its machine's last one");
      return;
    }

  stats->n_readings++;
  n_events = im_detector_push_reading (detector, &reading, NULL, events);
  append_events (out, events, n_events, stats);
}

gboolean
im_detect_offline_run (GInputStream           *input,
                       GOutputStream          *output,
                       const ImDetectorParams *params,
                       gboolean                keep_open,
                       ImDetectOfflineStats   *stats,
                       GCancellable           *cancellable,
                       GError                **error)
{
  g_autoptr(GHashTable) detectors = NULL;
  g_autoptr(GString) out = g_string_sized_new (OUTPUT_CHUNK + 4096);
  g_autoptr(GByteArray) pending = g_byte_array_new ();
  g_autofree guint8 *chunk = g_malloc (OUTPUT_CHUNK);
  g_autofree const char **ids = NULL;
  ImDetectOfflineStats local_stats = { 0 };
  gboolean skipping = FALSE;
  guint n_ids;

  g_return_val_if_fail (G_IS_INPUT_STREAM (input), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);
  g_return_val_if_fail (params != NULL && params->n_channels == IM_N_SENSORS, FALSE);

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);
  detectors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) im_detector_free);

  for (;;)
    {
      gssize n = g_input_stream_read (input, chunk, OUTPUT_CHUNK, cancellable, error);
      const guint8 *p, *end;

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;

      p = chunk;
      end = chunk + n;
      while (p < end)
        {
          const guint8 *nl = memchr (p, '\n', end - p);
          const guint8 *stop = nl != NULL ? nl : end;

          if (!skipping)
            {
              if (pending->len + (stop - p) > MAX_LINE)
                {
                  /* Too long to be a reading: skip to its end. */
                  skipping = TRUE;
                  g_byte_array_set_size (pending, 0);
                }
              else if (nl != NULL && pending->len == 0)
                process_line (detectors, params, (const char *) p, stop - p, out, stats);
              else
                g_byte_array_append (pending, p, stop - p);
            }

          if (nl != NULL)
            {
              if (skipping)
                {
                  stats->n_lines++;
                  stats->n_invalid++;
                  report_line (stats->n_lines, im_reading_error_reason (IM_READING_ERROR_TOO_LARGE),
                               "the line is longer than a reading can be");
                  skipping = FALSE;
                }
              else if (pending->len > 0)
                {
                  process_line (detectors, params, (const char *) pending->data, pending->len,
                                out, stats);
                  g_byte_array_set_size (pending, 0);
                }
            }
          p = stop + (nl != NULL ? 1 : 0);
        }

      if (out->len >= OUTPUT_CHUNK && !flush_output (output, out, cancellable, error))
        return FALSE;
    }

  /* A last line without its newline. */
  if (skipping)
    {
      stats->n_lines++;
      stats->n_invalid++;
      report_line (stats->n_lines, im_reading_error_reason (IM_READING_ERROR_TOO_LARGE),
                   "the line is longer than a reading can be");
    }
  else if (pending->len > 0)
    process_line (detectors, params, (const char *) pending->data, pending->len, out, stats);

  /* What is still open ends with the input, machine by machine in a fixed
   * order, so the output depends on the input alone. */
  ids = (const char **) g_hash_table_get_keys_as_array (detectors, &n_ids);
  qsort (ids, n_ids, sizeof *ids, compare_strings);
  for (guint i = 0; !keep_open && i < n_ids; i++)
    {
      ImDetectorEvent events[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
      guint n_events = im_detector_flush (g_hash_table_lookup (detectors, ids[i]), events);

      append_events (out, events, n_events, stats);
    }
  stats->n_machines = n_ids;

  return flush_output (output, out, cancellable, error) &&
         g_output_stream_flush (output, cancellable, error);
}
