/* im-test-backend.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *kafka_brokers;   /* "127.0.0.1:9092" */
  char *influxdb_url;    /* "http://127.0.0.1:8086" */
  char *influxdb_db;     /* "sensors" */
  char *topic;           /* "sensor-readings" */
} ImTestBackend;

/* The real backend for integration tests: KAFKA_BOOTSTRAP_SERVERS and
 * INFLUXDB_URL when both are set, otherwise `compose/backend up` is run
 * once and its addresses are read from `compose/backend env`.
 *
 * Returns NULL after g_test_skip() with the reason when the backend
 * cannot be started — unless IM_REQUIRE_BACKEND=1 (as CI sets it), where
 * that is a test failure. The result is owned by the test support. */
const ImTestBackend *im_test_backend_get          (void);

/* Runs "compose/backend ARG" (e.g. "stop-influxdb"); TRUE on exit 0. */
gboolean             im_test_backend_run_script   (const char  *arg,
                                                   char       **output);

/* A private backend: compose/backend with a state dir and ports of its
 * own, for tests that stop, kill or freeze Kafka or InfluxDB without
 * disturbing anybody else's tests. */
typedef struct
{
  char  *dir;
  char **env;            /* the environment compose/backend runs in */
  char  *brokers;        /* "127.0.0.1:PORT" */
  char  *influxdb_url;   /* "http://127.0.0.1:PORT" */
} ImTestPrivateBackend;

/* NULL (after a message) when it does not come up. */
ImTestPrivateBackend *im_test_private_backend_up        (void);
/* Runs "compose/backend @command" in its environment; TRUE on exit 0. */
gboolean              im_test_private_backend_run       (ImTestPrivateBackend  *backend,
                                                         const char            *command,
                                                         char                 **output);
/* The pid of its Kafka or InfluxDB process ("kafka" or "influxdb"),
 * 0 when not running. */
GPid                  im_test_private_backend_pid       (ImTestPrivateBackend  *backend,
                                                         const char            *service);
/* Stops it and deletes its state. */
void                  im_test_private_backend_purge     (ImTestPrivateBackend  *backend);

/* A TCP port on 127.0.0.1 nobody listened on a moment ago. */
guint                 im_test_free_port                 (void);

/* A name unique to this test process, for topics and databases:
 * "@prefix-<pid>-<counter>". */
char                *im_test_unique_name          (const char  *prefix);

/* Path of a built program, from IM_BUILD_ROOT. */
char                *im_test_build_path           (const char  *relative);
/* Path of a source file, from IM_SOURCE_ROOT. */
char                *im_test_source_path          (const char  *relative);

G_END_DECLS
