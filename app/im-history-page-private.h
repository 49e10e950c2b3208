/* im-history-page-private.h — what the history page's files share: the
 * page (im-history-page.c), its range bar (im-history-range.c) and its
 * export (im-history-export.c).
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "im-csv-export.h"
#include "im-date-time-button.h"
#include "im-history-page.h"
#include "im-page-private.h"
#include "im-time-series.h"

G_BEGIN_DECLS

typedef enum
{
  IM_HISTORY_IMAGE_PNG,
  IM_HISTORY_IMAGE_SVG,
} ImHistoryImageFormat;

struct _ImHistoryPage
{
  ImPage             parent_instance;

  GtkWidget         *root_box;
  GtkStack          *stack;
  GtkSpinner        *loading_spinner;
  ImMachinePicker   *machine_picker;
  ImDateTimeButton  *from_button;
  ImDateTimeButton  *to_button;
  GtkMenuButton     *export_button;
  GtkLabel          *summary_label;
  GtkSpinner        *spinner;
  GtkFlowBox        *charts_box;
  GtkWidget         *no_data_status;
  GtkRevealer       *export_revealer;
  GtkLabel          *export_label;
  GtkProgressBar    *export_progress;

  GtkWidget         *charts[IM_N_SENSORS];
  GtkLabel          *stats_labels[IM_N_SENSORS];
  gpointer           compare_window;  /* weak: the last one opened */
  ImTimeSeries      *series[IM_N_SENSORS];

  gint64             from_ns;
  gint64             to_ns;
  gint64             preset_ns;      /* 0: a range the user picked */
  GArray            *aggregates;
  gint64             window_ns;      /* of @aggregates */
  guint              columns;        /* the charts' width it was chosen for */

  char              *range_notice;   /* the last correction told */

  guint              refetch_id;
  GCancellable      *alarms_cancellable;  /* the alarms the charts mark */
  GArray            *alarms;         /* ImAlarm, of the range, or NULL */
  char              *alarms_machine; /* whose @alarms are */
  char              *alarms_asked;   /* whose alarms are being listed */
  guint              fetch_on_allocate : 1;

  /* Zoom, pan and crosshair (im-history-zoom.c) */
  GArray            *zoom_steps;     /* ranges to go back to */
  double             drag_x;
  double             pointer_x;
  gint64             pending_from_ns; /* of a scroll settling */
  gint64             pending_to_ns;
  guint              settle_id;

  /* Export */
  ImCsvExport       *export;
  GCancellable      *export_cancellable;
  guint              progress_id;
  GtkFileChooserNative *chooser;
  ImHistoryExportKind chooser_kind;

  /* Chart image export */
  GtkFileChooserNative *image_chooser;
  ImHistoryImageFormat image_format;
};

/* im-history-page.c */
void   im_history_page_fetch              (ImHistoryPage  *self);
/* "86,400" in the user's locale. */
char  *im_history_page_format_count       (guint64         n);

/* im-history-range.c */
void   im_history_page_class_init_range   (GtkWidgetClass *widget_class);
void   im_history_page_init_range         (ImHistoryPage  *self);
/* A preset is the last span up to now, whenever the page looks. */
void   im_history_page_follow_preset      (ImHistoryPage  *self);
/* ImPage.auto_refresh: a preset moves on with the clock. */
void   im_history_page_auto_refresh       (ImPage         *page);
/* For tests: what the page last told about correcting a picked range. */
const char *im_history_page_get_range_notice (ImHistoryPage *self);

/* For tests: the compare window opened last (an ImCompareWindow). */
gpointer    im_history_page_get_compare_window (ImHistoryPage *self);
/* For tests: a chart's legend (its statistics over the range). */
const char *im_history_page_get_stats_text   (ImHistoryPage  *self,
                                              ImSensor        sensor);
/* For tests: the chart of a sensor, and whether the "no readings"
 * state covers the charts. */
GtkWidget *im_history_page_get_chart         (ImHistoryPage  *self,
                                              ImSensor        sensor);
gboolean   im_history_page_get_showing_empty (ImHistoryPage  *self);

/* im-history-zoom.c */
void   im_history_page_class_init_zoom    (GtkWidgetClass *widget_class);
void   im_history_page_init_zoom          (ImHistoryPage  *self);
void   im_history_page_dispose_zoom       (ImHistoryPage  *self);
/* What a drag from @x0 to @x1 over a chart does: zoom into that range.
 * What the pointer at @x over a chart does: the same time on all four;
 * a negative @x when it leaves. (For the gestures and tests.) */
void   im_history_page_zoom_to_pixels     (ImHistoryPage  *self,
                                           ImSensor        sensor,
                                           double          x0,
                                           double          x1);
void   im_history_page_hover_at           (ImHistoryPage  *self,
                                           ImSensor        sensor,
                                           double          x);

/* im-history-image.c */
void   im_history_page_class_init_image   (GtkWidgetClass *widget_class);
void   im_history_page_dispose_image      (ImHistoryPage  *self);
/* The four chart cards as they are laid out, to a file: a PNG of what
 * is drawn on screen, or an SVG drawn by the charts' own cairo code. */
gboolean im_history_page_export_image     (ImHistoryPage        *self,
                                           GFile                *file,
                                           ImHistoryImageFormat  format,
                                           GError              **error);

/* im-history-export.c */
/* In the window's toast overlay (takes the floating reference). */
void   im_history_page_add_toast          (ImHistoryPage  *self,
                                           AdwToast       *toast);
void   im_history_page_class_init_export  (GtkWidgetClass *widget_class);
void   im_history_page_init_export        (ImHistoryPage  *self);
void   im_history_page_dispose_export     (ImHistoryPage  *self);
void   im_history_page_finalize_export    (ImHistoryPage  *self);
/* The file name the export's chooser suggests. */
char  *im_history_page_suggest_file_name  (ImHistoryPage       *self,
                                           ImHistoryExportKind  kind);

G_END_DECLS
