/* im-influx-queries.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-influx-rollups.h"

G_BEGIN_DECLS

/*
 * The InfluxQL the app sends. Every name and value from outside goes
 * through im_influxql_append_identifier() or im_influxql_append_string(),
 * so a machine id cannot change a statement; times are integer
 * nanosecond literals, which InfluxQL reads as UTC. Ranges are
 * [@from_ns, @to_ns).
 */

/* The columns of a raw reading, in the order the raw queries select them:
 * "sensor_id", the four sensors (ImSensor order), "degradation", "state",
 * "anomaly". */
#define IM_INFLUX_RAW_COLUMNS 8

/* An InfluxQL duration literal: "1s", "15m", "6h", "7d"; whole seconds
 * use the largest unit dividing them, else "…ms", "…u" or "…ns". */
char *im_influx_duration_to_string (gint64             window_ns);

char *im_influx_query_machines    (void);
/* @limit: 0 for no limit; @offset: rows to skip (only with a limit). */
char *im_influx_query_raw         (const char          *machine_id,
                                   gint64               from_ns,
                                   gint64               to_ns,
                                   guint                limit,
                                   guint64              offset);
/* Per epoch-aligned window of @window_ns: count("temperature"), then
 * mean, min and max of each sensor; empty windows left out. */
char *im_influx_query_aggregate   (const char          *machine_id,
                                   gint64               from_ns,
                                   gint64               to_ns,
                                   gint64               window_ns);
/* Which resolution an aggregate of @window_ns windows from @from_ns on
 * reads: the coarsest rollup whose window divides @window_ns (so that
 * every window, and so every pixel column, still gets a rollup row) and
 * whose oldest row, @oldest_ns[i] (G_MAXINT64 when rollup i is absent),
 * is no later than the window holding @from_ns — or, on a database whose
 * raw readings begin after that, @raw_oldest_ns (G_MAXINT64: unknown), no
 * later than the rollup row holding the oldest reading: the rollup then
 * holds all there is. Returns the index in @rollups (finest first), or
 * -1 for the raw readings. */
int   im_influx_choose_rollup     (const ImInfluxRollup *rollups,
                                   guint                 n_rollups,
                                   const gint64         *oldest_ns,
                                   gint64                raw_oldest_ns,
                                   gint64                from_ns,
                                   gint64                window_ns);
/* The time of @machine_id's oldest raw reading (one row, or none). */
char *im_influx_query_raw_oldest  (const char           *machine_id);
/* What im_influx_query_aggregate() answers, columns and windows alike,
 * read from @rollup: count is the sum of the rows' counts, the mean their
 * sums over their counts. Rows are counted where they start, so the
 * first and last windows are whole rollup windows. */
/* Two statements, per window as im_influx_query_aggregate() (or, with
 * @rollup, im_influx_query_aggregate_rollup()) has them: the readings in
 * the degrading state, then those in the failing state; windows with
 * none left out. */
char *im_influx_query_state_counts (const ImInfluxRollup *rollup,
                                    const char           *machine_id,
                                    gint64                from_ns,
                                    gint64                to_ns,
                                    gint64                window_ns);
char *im_influx_query_aggregate_rollup (const ImInfluxRollup *rollup,
                                        const char           *machine_id,
                                        gint64                from_ns,
                                        gint64                to_ns,
                                        gint64                window_ns);
/* The database's retention policies: SHOW RETENTION POLICIES. */
char *im_influx_query_retention_policies (void);
/* The time of @rollup's oldest row (first() of its temperature count). */
char *im_influx_query_rollup_oldest (const ImInfluxRollup *rollup);
/* The newest reading time of every machine (last("temperature") per
 * machine_id: one selector, so the time column is the reading's). */
char *im_influx_query_last_seen   (void);
/* One statement per machine, each of the sensors' values in
 * [@from_ns[i], @to_ns[i]) (what health is computed from), grouped by
 * "machine_id" so its series names its machine. */
char *im_influx_query_recent      (const char * const  *machine_ids,
                                   const gint64        *from_ns,
                                   const gint64        *to_ns,
                                   guint                n_machines);

/* Two statements over IM_ALARM_MEASUREMENT: the alarms of @machine_id
 * (NULL: every machine) that started in [@from_ns, @to_ns), then those
 * whose state is active. */
char *im_influx_query_alarms      (const char          *machine_id,
                                   gint64               from_ns,
                                   gint64               to_ns);
/* The acknowledgements of @machine_id (NULL: every machine) since
 * @from_ns: none can be older than the alarm it acknowledges. */
char *im_influx_query_alarm_acks  (const char          *machine_id,
                                   gint64               from_ns);

G_END_DECLS
