/* im-influx-source.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-data-source.h"
#include "im-influx-client.h"

G_BEGIN_DECLS

/* Rows fetched per request when paging raw readings: larger pages cost
 * InfluxDB less per row (about 110 000 rows/s with 50 000, 63 000 with
 * 10 000 on the reference machine); a page is ~10 MB of readings. */
#define IM_INFLUX_SOURCE_PAGE_SIZE 50000

#define IM_TYPE_INFLUX_SOURCE (im_influx_source_get_type ())

G_DECLARE_FINAL_TYPE (ImInfluxSource, im_influx_source, IM, INFLUX_SOURCE, GObject)

/*
 * ImInfluxSource:
 *
 * Readings from InfluxDB's measurement "sensor_readings", through lib's
 * #ImInfluxClient. Each request runs on a worker thread; raw readings are
 * fetched in pages of im_influx_source_get_page_size() rows.
 */
ImInfluxSource *im_influx_source_new           (ImInfluxClient *client);
ImInfluxClient *im_influx_source_get_client    (ImInfluxSource *self);
guint           im_influx_source_get_page_size (ImInfluxSource *self);
/* Tests use small pages to cross page boundaries. */
void            im_influx_source_set_page_size (ImInfluxSource *self,
                                                guint           page_size);
/* Recent readings (the fleet page's) are read whole at most this long
 * apart (IM_HEALTH_WINDOW_NS), in between only what is newer than what
 * the source has, and 10 s before that for readings written late; 0
 * reads them whole every time. */
void            im_influx_source_set_recent_full_interval (ImInfluxSource *self,
                                                           gint64          interval_ns);
/* In how many queries side by side the source reads the windows of
 * @n_machines (one per core, from 100 machines each). */
guint           im_influx_source_recent_n_parts    (guint           n_machines);

G_END_DECLS
