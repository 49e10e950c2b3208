/* im-compare-window.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "im-data-source.h"

G_BEGIN_DECLS

#define IM_TYPE_COMPARE_WINDOW (im_compare_window_get_type ())

G_DECLARE_FINAL_TYPE (ImCompareWindow, im_compare_window, IM, COMPARE_WINDOW, AdwWindow)

/* At most this many machines on the chart at once. */
#define IM_COMPARE_MAX_MACHINES 8

/*
 * ImCompareWindow:
 *
 * One sensor of several machines (up to IM_COMPARE_MAX_MACHINES) on one
 * chart over a fixed range, with a legend of machine and colour: each
 * machine's mean per aggregation window is its own query to the source.
 */
/* @machine_id: ticked first, with the machines after it. */
ImCompareWindow *im_compare_window_new           (ImDataSource    *source,
                                                  const char      *machine_id,
                                                  gint64           from_ns,
                                                  gint64           to_ns);
void             im_compare_window_set_sensor    (ImCompareWindow *self,
                                                  ImSensor         sensor);
ImSensor         im_compare_window_get_sensor    (ImCompareWindow *self);
/* Ticks a machine in the list (once the list is loaded); FALSE when it
 * is not listed or IM_COMPARE_MAX_MACHINES are ticked already. */
gboolean         im_compare_window_set_machine_shown (ImCompareWindow *self,
                                                      const char      *machine_id,
                                                      gboolean         shown);

/* For tests */
gboolean         im_compare_window_get_loaded    (ImCompareWindow *self);
gboolean         im_compare_window_get_busy      (ImCompareWindow *self);
GtkWidget       *im_compare_window_get_chart     (ImCompareWindow *self);
/* The machines on the chart, in series order. */
GStrv            im_compare_window_dup_shown     (ImCompareWindow *self);
/* The legend's entries: "MACHINE_001", … */
GStrv            im_compare_window_dup_legend    (ImCompareWindow *self);
gint64           im_compare_window_get_window    (ImCompareWindow *self);
gboolean         im_compare_window_get_machine_sensitive (ImCompareWindow *self,
                                                          const char      *machine_id);

G_END_DECLS
