/* test-consumer-health.c — what /healthz says, and in which order
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-consumer-health.h"

#define SEC G_GINT64_CONSTANT (1000000000)

static ImConsumerHealth
healthy (void)
{
  ImConsumerHealth h = {
    .kafka_reachable = TRUE,
    .n_assigned = 3,
    .group_state = "up",
    .request_age_ns = 0,
    .writer_healthy = TRUE,
    .influx_reachable = TRUE,
    .deliveries_healthy = TRUE,
    .deliveries = "dead-letter deliveries",
  };

  return h;
}

static void
assert_reason (const ImConsumerHealth *h,
               const char             *want)
{
  g_autofree char *reason = NULL;

  g_assert_false (im_consumer_health_check (h, &reason));
  g_assert_cmpstr (reason, ==, want);
}

static void
test_healthy (void)
{
  ImConsumerHealth h = healthy ();
  g_autofree char *reason = NULL;

  g_assert_true (im_consumer_health_check (&h, &reason));
  g_assert_null (reason);

  /* A write in flight for less than the threshold is just a write. */
  h.request_age_ns = IM_CONSUMER_WRITE_STALL_NS - 1;
  g_assert_true (im_consumer_health_check (&h, &reason));
}

static void
test_each_reason (void)
{
  ImConsumerHealth h;

  h = healthy ();
  h.kafka_reachable = FALSE;
  assert_reason (&h, "Kafka brokers unreachable");

  h = healthy ();
  h.n_assigned = 0;
  h.unassigned_for_ns = IM_CONSUMER_UNASSIGNED_GRACE_NS;
  assert_reason (&h, "no partitions assigned (consumer group up)");
  h.group_state = NULL;
  assert_reason (&h, "no partitions assigned (consumer group not joined yet)");

  h = healthy ();
  h.request_age_ns = 7 * SEC;
  assert_reason (&h, "writer stalled: a write to InfluxDB unanswered for 7 s");

  h = healthy ();
  h.writer_healthy = FALSE;
  assert_reason (&h, "InfluxDB unreachable; retrying");
  h.writer_alarm = TRUE;
  assert_reason (&h, "InfluxDB refuses writes (see the log); retrying");

  h = healthy ();
  h.influx_reachable = FALSE;
  assert_reason (&h, "InfluxDB unreachable");

  h = healthy ();
  h.deliveries_healthy = FALSE;
  assert_reason (&h, "dead-letter deliveries failing; retrying");
  h.deliveries = "Kafka deliveries";
  assert_reason (&h, "Kafka deliveries failing; retrying");

  h = healthy ();
  h.fatal_error = "Broker: Static consumer fenced by other consumer with same group.instance.id";
  assert_reason (&h, "Kafka consumer failed: Broker: Static consumer fenced by other consumer "
                 "with same group.instance.id");
}

static void
test_grace (void)
{
  ImConsumerHealth h = healthy ();
  g_autofree char *reason = NULL;

  /* A rebalance passes without a 503. */
  h.n_assigned = 0;
  h.unassigned_for_ns = IM_CONSUMER_UNASSIGNED_GRACE_NS - 1;
  g_assert_true (im_consumer_health_check (&h, &reason));
}

static void
test_order (void)
{
  ImConsumerHealth h = healthy ();

  /* With the broker gone, nothing is assigned and nothing written
   * either: the cause is named, not the consequences. */
  h.kafka_reachable = FALSE;
  h.n_assigned = 0;
  h.unassigned_for_ns = 60 * SEC;
  h.writer_healthy = FALSE;
  assert_reason (&h, "Kafka brokers unreachable");

  h.shutting_down = TRUE;
  assert_reason (&h, "shutting down");

  /* A hung InfluxDB: the stall is reported before the writer's verdict. */
  h = healthy ();
  h.request_age_ns = 6 * SEC;
  h.influx_reachable = FALSE;
  assert_reason (&h, "writer stalled: a write to InfluxDB unanswered for 6 s");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/daemon/consumer-health/healthy", test_healthy);
  g_test_add_func ("/daemon/consumer-health/each-reason", test_each_reason);
  g_test_add_func ("/daemon/consumer-health/grace", test_grace);
  g_test_add_func ("/daemon/consumer-health/order", test_order);

  return g_test_run ();
}
