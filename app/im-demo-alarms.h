/* im-demo-alarms.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-alarm-engine.h"
#include "im-reading.h"

G_BEGIN_DECLS

/*
 * ImDemoAlarms:
 *
 * The demo source's alarms: lib/'s streaming detector and alarm engine,
 * with the built-in parameters and rules the detector daemon uses by
 * default, fed with the simulated readings (the detector's events raise
 * the anomaly alarms),
 * and the latest record of every alarm it published, as a consumer of
 * the `alarms` topic keeps them. Every function may be called from any
 * thread.
 */
typedef struct _ImDemoAlarms ImDemoAlarms;

ImDemoAlarms *im_demo_alarms_new         (void);
void          im_demo_alarms_free        (ImDemoAlarms    *self);

void          im_demo_alarms_push        (ImDemoAlarms    *self,
                                          const ImReading *readings,
                                          gsize            n_readings);
void          im_demo_alarms_tick        (ImDemoAlarms    *self,
                                          gint64           now_ns);
/* Counts the records published: it changes whenever an alarm did. */
guint64       im_demo_alarms_get_serial  (ImDemoAlarms    *self);

/* (element-type ImAlarm): as im_data_source_list_alarms_async(). */
GArray       *im_demo_alarms_list        (ImDemoAlarms    *self,
                                          const char      *machine_id,
                                          gint64           from_ns,
                                          gint64           to_ns);
/* (element-type ImAlarm): the alarms of @alarms it knows, acknowledged
 * by @user at @time_ns (each its own nanosecond, as in InfluxDB). */
GArray       *im_demo_alarms_acknowledge (ImDemoAlarms    *self,
                                          const GArray    *alarms,
                                          const char      *user,
                                          gint64           time_ns,
                                          GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImDemoAlarms, im_demo_alarms_free)

G_END_DECLS
