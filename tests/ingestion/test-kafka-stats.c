/* test-kafka-stats.c — what the daemon reads in librdkafka's statistics
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-kafka-stats.h"

/* Trimmed from librdkafka 2.0.2's statistics of a consumer. */
static const char up_json[] =
  "{\"name\":\"rdkafka#consumer-1\",\"type\":\"consumer\","
  " \"brokers\":{"
  "  \"127.0.0.1:9092/bootstrap\":{\"name\":\"127.0.0.1:9092/bootstrap\",\"nodeid\":-1,\"state\":\"INIT\"},"
  "  \"GroupCoordinator\":{\"nodeid\":-1,\"state\":\"UP\"},"
  "  \"127.0.0.1:9092/1\":{\"nodeid\":1,\"state\":\"UP\"}},"
  " \"topics\":{\"sensor-readings\":{\"topic\":\"sensor-readings\",\"partitions\":{"
  "  \"0\":{\"partition\":0,\"committed_offset\":1200,\"consumer_lag\":34},"
  "  \"1\":{\"partition\":1,\"committed_offset\":-1001,\"consumer_lag\":-1},"
  "  \"-1\":{\"partition\":-1,\"committed_offset\":-1001,\"consumer_lag\":-1}}},"
  "  \"other\":{\"partitions\":{\"0\":{\"committed_offset\":5,\"consumer_lag\":5}}}},"
  " \"cgrp\":{\"state\":\"up\",\"join_state\":\"steady\",\"assignment_size\":2}}";

static const char down_json[] =
  "{\"brokers\":{"
  "  \"127.0.0.1:9092/bootstrap\":{\"state\":\"DOWN\"},"
  "  \"GroupCoordinator\":{\"state\":\"TRY_CONNECT\"},"
  "  \"127.0.0.1:9092/1\":{\"state\":\"CONNECT\"}},"
  " \"cgrp\":{\"state\":\"wait-broker-transport\"}}";

static void
test_up (void)
{
  g_auto(ImKafkaStats) stats = { 0 };
  const ImKafkaPartitionStats *p;

  g_assert_true (im_kafka_stats_parse (&stats, up_json, strlen (up_json), "sensor-readings"));
  g_assert_true (stats.have_brokers);
  g_assert_true (stats.broker_up);
  g_assert_cmpstr (stats.group_state, ==, "up");

  /* Only this topic's partitions, without librdkafka's "-1". */
  g_assert_cmpuint (stats.partitions->len, ==, 2);
  p = &g_array_index (stats.partitions, ImKafkaPartitionStats, 0);
  g_assert_cmpstr (p->name, ==, "0");
  g_assert_cmpint (p->committed, ==, 1200);
  g_assert_cmpint (p->lag, ==, 34);
  p = &g_array_index (stats.partitions, ImKafkaPartitionStats, 1);
  g_assert_cmpstr (p->name, ==, "1");
  g_assert_cmpint (p->committed, <, 0);
  g_assert_cmpint (p->lag, ==, -1);
}

static void
test_down (void)
{
  g_auto(ImKafkaStats) stats = { 0 };

  g_assert_true (im_kafka_stats_parse (&stats, down_json, strlen (down_json), "sensor-readings"));
  g_assert_true (stats.have_brokers);
  g_assert_false (stats.broker_up);
  g_assert_cmpstr (stats.group_state, ==, "wait-broker-transport");
  g_assert_cmpuint (stats.partitions->len, ==, 0);
}

static void
test_odd_shapes (void)
{
  const char *cases[] = {
    "{}",
    "{\"brokers\":[],\"cgrp\":3,\"topics\":{\"sensor-readings\":{\"partitions\":[]}}}",
    "{\"topics\":{\"sensor-readings\":{\"partitions\":{\"0\":7,\"1\":{\"consumer_lag\":\"x\"}}}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(ImKafkaStats) stats = { 0 };

      g_assert_true (im_kafka_stats_parse (&stats, cases[i], strlen (cases[i]), "sensor-readings"));
      g_assert_false (stats.broker_up);
      g_assert_null (stats.group_state);
      if (i == 2)
        {
          /* A partition that is not an object is skipped, a value of the
           * wrong type reads as unknown. */
          g_assert_cmpuint (stats.partitions->len, ==, 1);
          g_assert_cmpint (g_array_index (stats.partitions, ImKafkaPartitionStats, 0).lag, ==, -1);
        }
      else
        g_assert_cmpuint (stats.partitions->len, ==, 0);
    }

  {
    g_auto(ImKafkaStats) array = { 0 };
    g_auto(ImKafkaStats) garbage = { 0 };

    g_assert_false (im_kafka_stats_parse (&array, "[1]", 3, "sensor-readings"));
    g_assert_false (im_kafka_stats_parse (&garbage, "not json", 8, "sensor-readings"));
  }
}

/* Which partitions the fetcher wake-ups are for: at least the lag asked,
 * never one whose lag librdkafka does not know (-1). */
static void
test_behind (void)
{
  g_auto(ImKafkaStats) stats = { 0 };
  g_autoptr(GArray) some = NULL;
  g_autoptr(GArray) none = NULL;
  g_autoptr(GArray) all_known = NULL;

  g_assert_true (im_kafka_stats_parse (&stats, up_json, strlen (up_json), "sensor-readings"));
  some = im_kafka_stats_get_behind (&stats, 34);
  g_assert_cmpuint (some->len, ==, 1);
  g_assert_cmpint (g_array_index (some, gint32, 0), ==, 0);
  none = im_kafka_stats_get_behind (&stats, 35);
  g_assert_cmpuint (none->len, ==, 0);
  all_known = im_kafka_stats_get_behind (&stats, -5);
  g_assert_cmpuint (all_known->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingestion/kafka-stats/up", test_up);
  g_test_add_func ("/ingestion/kafka-stats/down", test_down);
  g_test_add_func ("/ingestion/kafka-stats/odd-shapes", test_odd_shapes);

  g_test_add_func ("/ingestion/kafka-stats/behind", test_behind);

  return g_test_run ();
}
