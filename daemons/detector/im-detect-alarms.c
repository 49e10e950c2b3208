/* im-detect-alarms.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The alarm engines' side of the detector: the alarms stored before,
 * restored per machine; time passing; acknowledgements; pipeline alarms.
 *
 * Alarms. One ImAlarmEngine per partition (a machine is in one partition,
 * keyed by machine id), seeded per machine, before its first reading, with
 * the alarms stored in InfluxDB, and ticked with the wall clock once the
 * partition has caught up with its end (before that, event time is behind
 * and every machine would look silent). Acknowledgements are read from
 * `alarm_acks` every --ack-interval and applied.
 */

#include "config.h"

#include <string.h>

#include "im-alarm-influx.h"
#include "im-detect-service-private.h"
#include "im-metrics-scrape.h"
#include "im-util.h"

#define PIPELINE_INTERVAL_S     5
#define PIPELINE_SOURCE         "ingestion"
#define TICK_INTERVAL_S         1

/* Alarms stored before: restore them into an engine, per machine */

void
im_detect_service_seed_machine (ImDetectService   *self,
                                ImDetectPartition *part,
                                const char        *machine_id)
{
  GArray *alarms;

  if (g_hash_table_contains (part->seeded, machine_id))
    return;
  g_hash_table_add (part->seeded, g_strdup (machine_id));

  alarms = self->stored_alarms ? g_hash_table_lookup (self->stored_alarms, machine_id) : NULL;
  for (guint i = 0; alarms != NULL && i < alarms->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!im_alarm_engine_restore (part->engine, &g_array_index (alarms, ImAlarm, i), &error))
        g_warning ("Stored alarm not restored: %s", error->message);
    }
}

/* Time passing: inactivity and anomaly alarms' hysteresis */

static gboolean
tick_timer_cb (gpointer user_data)
{
  ImDetectService *self = user_data;
  GHashTableIter iter;
  ImDetectPartition *part;
  gint64 now = im_now_ns ();

  g_hash_table_iter_init (&iter, self->partitions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &part))
    {
      gint64 low, high;

      if (part->engine == NULL || !part->warm)
        continue;
      /* Only a partition read to its end is in the present. */
      if (rd_kafka_get_watermark_offsets (self->consumer, self->options->topic, part->partition,
                                          &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
          part->position < high)
        continue;
      im_alarm_engine_tick (part->engine, now);
    }
  im_detect_service_submit_batch (self);

  return G_SOURCE_CONTINUE;
}

/* Pipeline alarms: the ingestion's consumer lag and dead-letter rate */

static void
pipeline_fetch_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ImDetectService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 now = im_now_ns ();
  double lag, dead_letters;

  self->pipeline_in_flight = FALSE;
  text = im_metrics_fetch_finish (result, &error);
  if (text == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Reading the ingestion's metrics: %s", error->message);
      return;
    }
  if (self->closed || self->pipeline == NULL)
    return;

  if (im_metrics_text_sum (text, "industrialmind_ingestion_consumer_lag", &lag))
    im_alarm_engine_push_pipeline (self->pipeline, PIPELINE_SOURCE, IM_ALARM_PIPELINE_INGESTION_LAG,
                                   now, lag);
  if (im_metrics_text_sum (text, "industrialmind_ingestion_dead_lettered_total", &dead_letters))
    {
      /* A counter: its rate since the last sample; a restart of the
       * ingestion (the counter went down) starts over. */
      if (self->last_dead_letters_ns != 0 && dead_letters >= self->last_dead_letters &&
          now > self->last_dead_letters_ns)
        im_alarm_engine_push_pipeline (self->pipeline, PIPELINE_SOURCE,
                                       IM_ALARM_PIPELINE_DEAD_LETTER_RATE, now,
                                       (dead_letters - self->last_dead_letters) /
                                       ((now - self->last_dead_letters_ns) / 1e9));
      self->last_dead_letters = dead_letters;
      self->last_dead_letters_ns = now;
    }
  im_detect_service_submit_batch (self);
}

static gboolean
pipeline_timer_cb (gpointer user_data)
{
  ImDetectService *self = user_data;

  if (self->pipeline_in_flight || self->shutting_down ||
      !g_hash_table_contains (self->partitions, GINT_TO_POINTER (0)))
    return G_SOURCE_CONTINUE;

  self->pipeline_in_flight = TRUE;
  im_metrics_fetch_async (self->options->ingestion_metrics, self->cancellable, pipeline_fetch_cb,
                          g_object_ref (self));

  return G_SOURCE_CONTINUE;
}

/* Acknowledgements from alarm_acks */

static void
ack_query_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ImDetectService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ImInfluxResult) res = NULL;

  self->ack_query_in_flight = FALSE;
  res = im_influx_client_query_finish (IM_INFLUX_CLIENT (object), result, &error);
  if (res == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Reading %s: %s", IM_ALARM_ACK_MEASUREMENT, error->message);
      return;
    }
  if (self->closed)
    return;

  for (guint s = 0; s < im_influx_result_get_n_series (res); s++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (res, s);

      for (guint r = 0; r < im_influx_series_get_n_rows (series); r++)
        {
          g_autoptr(GError) local_error = NULL;
          GHashTableIter iter;
          ImDetectPartition *part;
          ImAlarmAck ack;

          if (!im_alarm_ack_from_influx_row (&ack, series, r, &local_error))
            {
              g_debug ("Acknowledgement skipped: %s", local_error->message);
              continue;
            }

          self->acks_since_ns = MAX (self->acks_since_ns, ack.time_ns);
          if (self->pipeline != NULL)
            im_alarm_engine_acknowledge (self->pipeline, &ack);
          g_hash_table_iter_init (&iter, self->partitions);
          while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &part))
            if (part->engine != NULL && im_alarm_engine_acknowledge (part->engine, &ack))
              {
                g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                                  "EVENT", "acknowledged",
                                  "MESSAGE", "Alarm %s of %s acknowledged by %s",
                                  ack.alarm_id, ack.machine_id, ack.user);
                break;
              }
        }
    }
  im_detect_service_submit_batch (self);
}

static gboolean
ack_timer_cb (gpointer user_data)
{
  ImDetectService *self = user_data;
  g_autofree char *query = NULL;

  if (self->ack_query_in_flight || self->shutting_down)
    return G_SOURCE_CONTINUE;

  /* Reading the last instant again is harmless: an acknowledgement
   * applied twice changes nothing the second time. */
  query = im_alarm_ack_influx_query (self->acks_since_ns);
  self->ack_query_in_flight = TRUE;
  im_influx_client_query_async (self->client, query, NULL, self->cancellable, ack_query_cb,
                                g_object_ref (self));

  return G_SOURCE_CONTINUE;
}

/* At start and on every assignment: the alarms an engine holds, as
 * stored, by machine, for im_detect_service_seed_machine(). A database without alarms yet
 * is no error; an InfluxDB that does not answer is (the daemon would
 * raise second alarms beside the ones it cannot see): at start it stops
 * the daemon, on an assignment the alarms read before are used. */
gboolean
im_detect_service_load_stored_alarms (ImDetectService  *self,
                                      GError          **error)
{
  g_autoptr(ImInfluxResult) res = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) stored = NULL;
  guint n = 0;

  stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);

  res = im_influx_client_query (self->client, IM_ALARM_INFLUX_QUERY, NULL, NULL, &local_error);
  if (res == NULL)
    {
      if (local_error->domain == IM_INFLUX_ERROR &&
          strstr (local_error->message, "database not found") != NULL)
        {
          g_clear_pointer (&self->stored_alarms, g_hash_table_unref);
          self->stored_alarms = g_steal_pointer (&stored);
          return TRUE;
        }
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Reading the stored alarms from InfluxDB: ");
      return FALSE;
    }

  for (guint s = 0; s < im_influx_result_get_n_series (res); s++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (res, s);

      for (guint r = 0; r < im_influx_series_get_n_rows (series); r++)
        {
          g_autoptr(GError) row_error = NULL;
          GArray *alarms;
          ImAlarm alarm;

          if (!im_alarm_from_influx_row (&alarm, series, r, &row_error))
            {
              g_warning ("Stored alarm skipped: %s", row_error->message);
              continue;
            }
          alarms = g_hash_table_lookup (stored, alarm.machine_id);
          if (alarms == NULL)
            {
              alarms = g_array_new (FALSE, FALSE, sizeof (ImAlarm));
              g_hash_table_insert (stored, g_strdup (alarm.machine_id), alarms);
            }
          g_array_append_val (alarms, alarm);
          n++;
        }
    }

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "EVENT", "alarms-loaded",
                    "MESSAGE", "%u stored alarms of %u machines to continue",
                    n, g_hash_table_size (stored));
  g_clear_pointer (&self->stored_alarms, g_hash_table_unref);
  self->stored_alarms = g_steal_pointer (&stored);

  return TRUE;
}

/* At start: the stored alarms, and the pipeline engine restored from
 * those of the ingestion. */
gboolean
im_detect_service_init_alarms (ImDetectService  *self,
                               GError          **error)
{
  GArray *stored;

  if (self->rules == NULL)
    return TRUE;
  if (!im_detect_service_load_stored_alarms (self, error))
    return FALSE;
  if (self->options->ingestion_metrics == NULL)
    return TRUE;

  stored = g_hash_table_lookup (self->stored_alarms, PIPELINE_SOURCE);
  self->pipeline = im_alarm_engine_new (self->rules, im_detect_service_publish_alarm, self, NULL);
  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!im_alarm_engine_restore (self->pipeline, &g_array_index (stored, ImAlarm, i), &local_error))
        g_warning ("Stored alarm not restored: %s", local_error->message);
    }

  return TRUE;
}

void
im_detect_service_start_alarms (ImDetectService *self)
{
  if (self->rules != NULL)
    {
      self->tick_timer = g_timeout_add_seconds (TICK_INTERVAL_S, tick_timer_cb, self);
      self->ack_timer = g_timeout_add (self->options->ack_interval_ns / 1000000, ack_timer_cb, self);
    }
  if (self->pipeline != NULL)
    self->pipeline_timer = g_timeout_add_seconds (PIPELINE_INTERVAL_S, pipeline_timer_cb, self);
}
