/* im-annotations.h — what the Live and History charts annotate
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-alarm.h"
#include "im-data-source.h"
#include "im-chart-annotations.h"
#include "im-reading.h"

G_BEGIN_DECLS

/*
 * ImStateTrack:
 *
 * The machine states a chart shades, followed reading by reading:
 * degrading and failing (the readings' `state`), and no readings at all
 * for longer than a gap (offline, or stopped for maintenance).
 */
typedef struct _ImStateTrack ImStateTrack;

ImStateTrack *im_state_track_new          (gint64           max_gap_ns);
void          im_state_track_free         (ImStateTrack    *self);
void          im_state_track_clear        (ImStateTrack    *self);
/* Readings of one machine, oldest first; those not newer than the last
 * one added are skipped (a refresh overlaps the previous one). */
void          im_state_track_add          (ImStateTrack    *self,
                                           const ImReading *readings,
                                           guint            n_readings);
/* Windows of one machine's aggregate (History), oldest first, instead of
 * readings: a window with a failing reading is failing, else one with a
 * degrading reading degrading — the worst state shows, however short —
 * and windows missing for longer than the track's gap are no readings. */
void          im_state_track_add_aggregates (ImStateTrack      *self,
                                             const ImAggregate *aggregates,
                                             guint              n_aggregates,
                                             gint64             window_ns);
void          im_state_track_trim_before  (ImStateTrack    *self,
                                           gint64           time_ns);

/* (element-type ImChartAnnotation) (transfer full): the bands of @track
 * (may be NULL) up to @now_ns, a marker where each alarm of @alarms that
 * concerns @sensor was raised (alarms of no sensor concern them all),
 * and, when @alarm_bands, a band over the time each was active. */
GArray       *im_annotations_build        (ImStateTrack    *track,
                                           const ImAlarm   *alarms,
                                           guint            n_alarms,
                                           ImSensor         sensor,
                                           gboolean         alarm_bands,
                                           gint64           now_ns);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImStateTrack, im_state_track_free)

G_END_DECLS
