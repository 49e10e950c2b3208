/* im-sim-options.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-sim.h"

G_BEGIN_DECLS

#define IM_SIM_DEFAULT_BROKERS "127.0.0.1:9092"
#define IM_SIM_DEFAULT_TOPIC   "sensor-readings"

typedef enum
{
  IM_SIM_OUTPUT_KAFKA,
  IM_SIM_OUTPUT_STDOUT,
} ImSimOutput;

/**
 * ImSimOptions:
 * @sim: the model's configuration, start time resolved
 * @seed_given: whether --seed was given (otherwise @sim.seed is random)
 * @brokers: bootstrap servers (flag, KAFKA_BOOTSTRAP_SERVERS, default)
 * @topic: topic (flag, KAFKA_TOPIC, default)
 * @kafka_overrides: the -X key=value strings, in order; never %NULL
 * @count: readings to produce, 0 for no limit
 * @duration_ns: simulated time to cover from the start time, 0 for no
 *   limit (live, that is the run time)
 * @backfill_ns: history generated before now, 0 for none
 * @output: where readings go
 * @metrics_addr: HOST:PORT for /metrics and /healthz, %NULL for none
 *
 * The daemon's configuration, resolved once at start-up.
 */
typedef struct
{
  ImSimConfig  sim;
  gboolean     seed_given;
  char        *brokers;
  char        *topic;
  char       **kafka_overrides;
  guint64      count;
  gint64       duration_ns;
  gint64       backfill_ns;
  ImSimOutput  output;
  char        *metrics_addr;
} ImSimOptions;

/* Parses @args (a NULL-terminated vector that starts with the program
 * name; modified as g_option_context_parse_strv() does) and the
 * environment into @options, with @now_ns as the current time. --help
 * prints the help and exits. A bad value sets @error (in the
 * G_OPTION_ERROR domain) with a message naming the option: a usage
 * error. @options is cleared first and must be cleared after. */
gboolean        im_sim_options_parse       (ImSimOptions   *options,
                                            char         ***args,
                                            gint64          now_ns,
                                            GError        **error);
void            im_sim_options_clear       (ImSimOptions   *options);

G_END_DECLS
