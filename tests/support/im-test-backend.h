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

/* A name unique to this test process, for topics and databases:
 * "@prefix-<pid>-<counter>". */
char                *im_test_unique_name          (const char  *prefix);

/* Path of a built program, from IM_BUILD_ROOT. */
char                *im_test_build_path           (const char  *relative);
/* Path of a source file, from IM_SOURCE_ROOT. */
char                *im_test_source_path          (const char  *relative);

G_END_DECLS
