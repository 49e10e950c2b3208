/* im-detect-health.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the detector says of itself: /healthz, its statistics, and what
 * librdkafka's statistics tell of brokers, group and lag. */

#include "config.h"

#include "im-detect-service-private.h"
#include "im-kafka-stats.h"

#define UNASSIGNED_GRACE_NS     (3 * G_GINT64_CONSTANT (1000000000))
#define WRITE_STALL_NS          (5 * G_GINT64_CONSTANT (1000000000))

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
  gint64 now = g_get_monotonic_time () * 1000;
  gint64 request_age;

  g_return_val_if_fail (IM_IS_DETECT_SERVICE (self), FALSE);

  request_age = im_writer_get_request_age (self->writer);
  if (self->shutting_down)
    *reason = g_strdup ("shutting down");
  else if (self->fatal_error != NULL)
    *reason = g_strdup_printf ("Kafka consumer failed: %s", self->fatal_error);
  else if (!self->kafka_reachable)
    *reason = g_strdup ("Kafka brokers unreachable");
  else if (self->n_assigned == 0 && now - self->unassigned_since >= UNASSIGNED_GRACE_NS)
    *reason = g_strdup_printf ("no partitions assigned (consumer group %s)",
                               self->group_state != NULL ? self->group_state : "not joined yet");
  else if (request_age >= WRITE_STALL_NS)
    *reason = g_strdup_printf ("writer stalled: a write to InfluxDB unanswered for %.0f s",
                               request_age / 1e9);
  else if (!self->writer_healthy)
    *reason = g_strdup (self->writer_alarm ? "InfluxDB refuses writes (see the log); retrying"
                                           : "InfluxDB unreachable; retrying");
  else if (!self->producer_healthy)
    *reason = g_strdup ("Kafka deliveries failing; retrying");
  else
    return TRUE;

  return FALSE;
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
