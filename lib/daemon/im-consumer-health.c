/* im-consumer-health.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-consumer-health.h"

gboolean
im_consumer_health_check (const ImConsumerHealth  *health,
                          char                   **reason)
{
  g_return_val_if_fail (health != NULL, FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  if (health->shutting_down)
    *reason = g_strdup ("shutting down");
  else if (health->fatal_error != NULL)
    *reason = g_strdup_printf ("Kafka consumer failed: %s", health->fatal_error);
  else if (!health->kafka_reachable)
    *reason = g_strdup ("Kafka brokers unreachable");
  else if (health->n_assigned == 0 && health->unassigned_for_ns >= IM_CONSUMER_UNASSIGNED_GRACE_NS)
    *reason = g_strdup_printf ("no partitions assigned (consumer group %s)",
                               health->group_state != NULL ? health->group_state : "not joined yet");
  else if (health->request_age_ns >= IM_CONSUMER_WRITE_STALL_NS)
    *reason = g_strdup_printf ("writer stalled: a write to InfluxDB unanswered for %.0f s",
                               health->request_age_ns / 1e9);
  else if (!health->writer_healthy)
    *reason = g_strdup (health->writer_alarm
                        ? "InfluxDB refuses writes (see the log); retrying"
                        : "InfluxDB unreachable; retrying");
  else if (!health->influx_reachable)
    *reason = g_strdup ("InfluxDB unreachable");
  else if (!health->deliveries_healthy)
    *reason = g_strdup_printf ("%s failing; retrying", health->deliveries);
  else
    return TRUE;

  return FALSE;
}
