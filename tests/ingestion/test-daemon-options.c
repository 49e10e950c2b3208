/* test-daemon-options.c — the option checks both consumer daemons share
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-config.h"
#include "im-daemon-options.h"
#include "im-kafka.h"

static void
assert_invalid (GError     *error,
                const char *fragment)
{
  g_assert_error (error, IM_CONFIG_ERROR, IM_CONFIG_ERROR_INVALID);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not name “%s”", error->message, fragment);
}

static void
test_consumer (void)
{
  struct {
    const char *brokers, *topic, *group, *instance, *fragment;
  } bad[] = {
    { "", "t", "g", NULL, "--brokers" },
    { NULL, "t", "g", NULL, "--brokers" },
    { "b:1", "", "g", NULL, "--topic" },
    { "b:1", "t", "", NULL, "--group" },
    { "b:1", "t", "g", "", "--instance-name" },
    { "b:1", "t", "g", "host 1", "--instance-name" },
    { "b:1", "t", "g", "host/1", "--instance-name" },
  };
  g_autofree char *longest = g_strnfill (249, 'a');
  g_autofree char *too_long = g_strnfill (250, 'a');
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (im_daemon_options_check_consumer (bad[i].brokers, bad[i].topic, bad[i].group,
                                                        bad[i].instance, &error));
      assert_invalid (error, bad[i].fragment);
      g_clear_error (&error);
    }

  g_assert_true (im_daemon_options_check_consumer ("b:1", "t", "g", NULL, &error));
  g_assert_true (im_daemon_options_check_consumer ("b:1", "t", "g", "host-1.a_B", &error));
  g_assert_true (im_daemon_options_check_consumer ("b:1", "t", "g", longest, &error));
  g_assert_no_error (error);
  g_assert_false (im_daemon_options_check_consumer ("b:1", "t", "g", too_long, &error));
  assert_invalid (error, "1–249");
}

static void
test_influx (void)
{
  struct {
    const char *url, *db, *token, *username, *password, *fragment;
  } cases[] = {
    { "http://h:8086", "", NULL, NULL, NULL, "--influxdb-db" },
    { "h:8086", "db", NULL, NULL, NULL, "http://" },
    { "ftp://h", "db", NULL, NULL, NULL, "“ftp://h”" },
    { "http://h", "db", "t", "u", "p", "either" },
    { "http://h", "db", "t", NULL, "p", "either" },
    { "http://h", "db", NULL, "u", NULL, "needs a password" },
    { "http://h", "db", NULL, "", "p", "needs a password" },
    /* Good ones. */
    { "http://h", "db", NULL, NULL, NULL, NULL },
    { "https://h", "db", "t", "", "", NULL },
    { "http://h", "db", "", "u", "p", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = im_daemon_options_check_influx (cases[i].url, cases[i].db, cases[i].token,
                                                    cases[i].username, cases[i].password, &error);

      if (cases[i].fragment == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          assert_invalid (error, cases[i].fragment);
        }
    }
}

/* librdkafka judges the -X settings; the producer prefix is stripped
 * only for the daemon that has one. */
static void
test_kafka (void)
{
  const char *good[] = { "fetch.message.max.bytes=262144", "dlq.linger.ms=50", NULL };
  const char *unknown[] = { "fetch.message.max.bytes=262144", "no.such.property=1", NULL };
  const char *bad_value[] = { "session.timeout.ms=soon", NULL };
  const char *no_equals[] = { "linger.ms", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (im_daemon_options_check_kafka (NULL, NULL, &error));
  g_assert_true (im_daemon_options_check_kafka (good, "dlq.", &error));
  g_assert_no_error (error);

  /* Without the prefix "dlq.linger.ms" is no librdkafka setting. */
  g_assert_false (im_daemon_options_check_kafka (good, NULL, &error));
  g_assert_error (error, IM_KAFKA_ERROR, IM_KAFKA_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "dlq.linger.ms"));
  g_clear_error (&error);

  g_assert_false (im_daemon_options_check_kafka (unknown, "dlq.", &error));
  g_assert_nonnull (strstr (error->message, "no.such.property"));
  g_clear_error (&error);

  g_assert_false (im_daemon_options_check_kafka (bad_value, NULL, &error));
  g_assert_nonnull (strstr (error->message, "session.timeout.ms"));
  g_clear_error (&error);

  g_assert_false (im_daemon_options_check_kafka (no_equals, NULL, &error));
  g_assert_nonnull (strstr (error->message, "key=value"));
}

static void
test_metrics_addr (void)
{
  const char *bad[] = { "9102", ":9102", "host:", "host:65536", "host:port" };
  g_autoptr(GError) error = NULL;
  char *addr = (char *) "unset";

  g_assert_true (im_daemon_options_metrics_addr (NULL, "127.0.0.1:9102", &addr, &error));
  g_assert_cmpstr (addr, ==, "127.0.0.1:9102");
  g_free (addr);
  g_assert_true (im_daemon_options_metrics_addr ("[::1]:0", "127.0.0.1:9102", &addr, &error));
  g_assert_cmpstr (addr, ==, "[::1]:0");
  g_free (addr);
  g_assert_true (im_daemon_options_metrics_addr ("none", "127.0.0.1:9102", &addr, &error));
  g_assert_null (addr);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (im_daemon_options_metrics_addr (bad[i], "127.0.0.1:9102", &addr, &error));
      g_assert_null (addr);
      assert_invalid (error, bad[i]);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/daemon-options/consumer", test_consumer);
  g_test_add_func ("/daemon-options/influx", test_influx);
  g_test_add_func ("/daemon-options/kafka", test_kafka);
  g_test_add_func ("/daemon-options/metrics-addr", test_metrics_addr);

  return g_test_run ();
}
