/* im-detect-health.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the detector says of itself: /healthz, its statistics, and what
 * librdkafka's statistics tell of brokers, group and lag. */

#include "config.h"

#include "im-consumer-health.h"
#include "im-detect-service-private.h"
#include "im-kafka-stats.h"

int
im_detect_service_stats_cb (rd_kafka_t *rk,
                            char       *json,
                            size_t      json_len,
                            void       *opaque)
{
  ImDetectService *self = opaque;
  g_auto(ImKafkaStats) stats = { 0 };

  if (!im_kafka_stats_parse (&stats, json, json_len, self->options->topic))
    return 0;

  if (stats.have_brokers)
    self->kafka_reachable = stats.broker_up;
  if (stats.group_state != NULL)
    {
      g_free (self->group_state);
      self->group_state = g_steal_pointer (&stats.group_state);
    }
  for (guint i = 0; self->have_metrics && i < stats.partitions->len; i++)
    {
      const ImKafkaPartitionStats *p = &g_array_index (stats.partitions, ImKafkaPartitionStats, i);

      if (p->lag >= 0)
        im_metric_set (im_metric_with_label (self->m.lag, "partition", p->name), p->lag);
    }

  return 0;
}

/* Health */

gboolean
im_detect_service_check_health (gpointer   data,
                                char     **reason)
{
  ImDetectService *self = data;
  ImConsumerHealth health;

  g_return_val_if_fail (IM_IS_DETECT_SERVICE (self), FALSE);

  health.shutting_down = self->shutting_down;
  health.fatal_error = self->fatal_error;
  health.kafka_reachable = self->kafka_reachable;
  health.n_assigned = self->n_assigned;
  health.unassigned_for_ns = self->n_assigned > 0 ? 0 : g_get_monotonic_time () * 1000 - self->unassigned_since;
  health.group_state = self->group_state;
  health.request_age_ns = im_writer_get_request_age (self->writer);
  health.writer_healthy = self->writer_healthy;
  health.writer_alarm = self->writer_alarm;
  /* Its writes are the only contact: no ping of its own. */
  health.influx_reachable = TRUE;
  health.deliveries_healthy = self->producer_healthy;
  health.deliveries = "Kafka deliveries";

  return im_consumer_health_check (&health, reason);
}

void
im_detect_service_get_stats (ImDetectService *self,
                             ImDetectStats   *stats)
{
  g_return_if_fail (IM_IS_DETECT_SERVICE (self));

  *stats = self->stats;
  stats->n_assigned = self->n_assigned;
  stats->n_in_flight = im_offset_tracker_get_n_in_flight (self->tracker);
}
