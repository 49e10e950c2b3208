/* im-sim-runner.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include <glib.h>

#include "im-metrics.h"
#include "im-sim-options.h"

G_BEGIN_DECLS

/* Drives the simulation from the thread-default main context: readings
 * whose time has come are generated in bounded chunks (history at full
 * speed, then live at the interval), encoded as JSON and handed to Kafka
 * or written to a stream as JSON lines. A full producer queue pauses
 * generation until there is room again: nothing is dropped. When the
 * count or duration is reached, or on im_sim_runner_stop(), generation
 * stops and what was produced is flushed; then the done callback runs. */

typedef struct _ImSimRunner ImSimRunner;

typedef void (*ImSimRunnerDoneFunc) (ImSimRunner *runner,
                                     gpointer     user_data);

/* @stream: where JSON lines go with IM_SIM_OUTPUT_STDOUT (not closed);
 * ignored for Kafka. Fails when the Kafka producer cannot be created. */
ImSimRunner *im_sim_runner_new              (const ImSimOptions   *options,
                                             FILE                 *stream,
                                             GError              **error);
void         im_sim_runner_free             (ImSimRunner          *runner);

/* Counters and gauges in @metrics (optional, before start). */
void         im_sim_runner_set_metrics      (ImSimRunner          *runner,
                                             ImMetrics            *metrics);
void         im_sim_runner_start            (ImSimRunner          *runner,
                                             ImSimRunnerDoneFunc   done,
                                             gpointer              user_data);
/* Stops generating and flushes for at most @flush_timeout_ms; what is
 * still undelivered then is purged (and counted as such). */
void         im_sim_runner_stop             (ImSimRunner          *runner,
                                             guint                 flush_timeout_ms);
gboolean     im_sim_runner_is_done          (ImSimRunner          *runner);

/* Readings generated and accepted by the output. */
guint64      im_sim_runner_get_produced     (ImSimRunner          *runner);
/* Acknowledged by Kafka (acks=all), or written to the stream. */
guint64      im_sim_runner_get_delivered    (ImSimRunner          *runner);
/* Reported as failed by Kafka. */
guint64      im_sim_runner_get_failed       (ImSimRunner          *runner);
/* Produced but neither delivered nor failed when the runner stopped. */
guint64      im_sim_runner_get_undelivered  (ImSimRunner          *runner);

/* TRUE, with the error, when the runner stopped on a runtime error (a
 * fatal Kafka error, a failed write to the stream). */
gboolean     im_sim_runner_get_error        (ImSimRunner          *runner,
                                             GError              **error);

/* An ImHealthCheckFunc: healthy while running and Kafka is reachable. */
gboolean     im_sim_runner_check_health     (gpointer              runner,
                                             char                **reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImSimRunner, im_sim_runner_free)

G_END_DECLS
