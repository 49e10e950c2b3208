/* im-influx-source.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-data-source.h"
#include "im-influx-client.h"

G_BEGIN_DECLS

/* Rows fetched per request when paging raw readings. */
#define IM_INFLUX_SOURCE_PAGE_SIZE 10000

#define IM_TYPE_INFLUX_SOURCE (im_influx_source_get_type ())

G_DECLARE_FINAL_TYPE (ImInfluxSource, im_influx_source, IM, INFLUX_SOURCE, GObject)

/*
 * ImInfluxSource:
 *
 * Readings from InfluxDB's measurement "sensor_readings", through lib's
 * #ImInfluxClient. Each request runs on a worker thread; raw readings are
 * fetched in pages of %IM_INFLUX_SOURCE_PAGE_SIZE rows.
 */
ImInfluxSource *im_influx_source_new        (ImInfluxClient *client);
ImInfluxClient *im_influx_source_get_client (ImInfluxSource *self);

G_END_DECLS
