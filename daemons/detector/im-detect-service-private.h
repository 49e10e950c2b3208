/* im-detect-service-private.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the files of ImDetectService share: the instance struct and the
 * functions one file calls in another. The consume, pump and rebalance
 * core is im-detect-service.c; the outputs and their offsets
 * im-detect-publish.c; the alarm engines' side im-detect-alarms.c;
 * /healthz and the statistics im-detect-health.c; the shutdown
 * im-detect-shutdown.c. */

#pragma once

#include <librdkafka/rdkafka.h>

#include "im-alarm-engine.h"
#include "im-batch.h"
#include "im-detect-metrics.h"
#include "im-detect-service.h"
#include "im-detector.h"
#include "im-influx-client.h"
#include "im-kafka.h"
#include "im-offset-tracker.h"
#include "im-writer.h"

G_BEGIN_DECLS

#define IM_DETECT_POLL_INTERVAL_MS 100

/* A reading consumed, until the records it produced are delivered. */
typedef struct
{
  gint32 partition;
  gint64 offset;
  guint  generation;
  guint  remaining;
} ImDetectPending;

/* An assigned partition: its machines' detectors and its alarm engine. */
typedef struct
{
  gint32         partition;
  gint64         start;       /* where this assignment began reading */
  gint64         resume;      /* first offset not known delivered; -1: none */
  gboolean       warm;
  gint64         assigned_at; /* monotonic ns */
  gint64         position;    /* next offset to read */
  GHashTable    *detectors;   /* machine id → ImDetector */
  ImAlarmEngine *engine;
  GHashTable    *seeded;      /* machine ids restored into @engine */
} ImDetectPartition;

struct _ImDetectService
{
  GObject                 parent_instance;

  const ImDetectOptions  *options;
  ImDetectMetrics         m;
  gboolean                have_metrics;
  ImDetectorParams        params;
  ImAlarmRules           *rules;

  rd_kafka_t             *consumer;
  rd_kafka_t             *producer;
  ImInfluxClient         *client;
  ImWriter               *writer;
  ImOffsetTracker        *tracker;
  GCancellable           *cancellable;

  GSource                *consumer_source;
  GSource                *producer_source;
  guint                   poll_timer;
  guint                   tick_timer;
  guint                   ack_timer;
  guint                   pump_idle;
  guint                   shutdown_timer;

  GHashTable             *partitions;     /* partition number → Partition */
  guint                   generation;
  guint64                 next_batch_id;
  ImBatch                *batch;          /* being filled */
  GPtrArray              *batch_pending;  /* Pending or NULL, one per point */
  GHashTable             *in_flight;      /* batch id → GPtrArray of Pending */

  /* While a reading is processed: what its records belong to. */
  ImDetectPending        *current;
  gboolean                suppress;

  /* Alarms stored in InfluxDB at start: machine id → GArray of ImAlarm. */
  GHashTable             *stored_alarms;
  gint64                  acks_since_ns;

  /* Pipeline alarms, from the ingestion's /metrics: one engine, run by
   * the instance that holds partition 0 (one in the group). */
  ImAlarmEngine          *pipeline;
  guint                   pipeline_timer;
  gboolean                pipeline_in_flight;
  double                  last_dead_letters;
  gint64                  last_dead_letters_ns;
  gboolean                ack_query_in_flight;

  gboolean                started;
  gboolean                paused;
  guint                   n_assigned;
  gint64                  unassigned_since;
  gboolean                kafka_reachable;
  char                   *group_state;
  char                   *fatal_error;
  gboolean                writer_healthy;
  gboolean                writer_alarm;
  gboolean                producer_healthy;

  gboolean                shutting_down;
  gboolean                closed;
  gint64                  shutdown_deadline;
  GTask                  *shutdown_task;

  ImDetectStats           stats;
};

/* im-detect-publish.c */
ImDetectPending *im_detect_pending_new                (ImDetectService           *self,
                                                       gint32                     partition,
                                                       gint64                     offset);
ImDetectPending *im_detect_pending_hold               (ImDetectPending           *p);
void             im_detect_pending_complete           (ImDetectService           *self,
                                                       ImDetectPending           *p);
void             im_detect_pending_drop               (gpointer                   data);
void             im_detect_service_store_offsets      (ImDetectService           *self);
void             im_detect_service_commit_sync        (ImDetectService           *self,
                                                       const char                *why);
void             im_detect_service_delivery_report_cb (rd_kafka_t                *rk,
                                                       const rd_kafka_message_t  *message,
                                                       void                      *opaque);
gboolean         im_detect_service_producer_ready_cb  (gpointer                   user_data);
void             im_detect_service_submit_batch       (ImDetectService           *self);
void             im_detect_service_drop_batch         (ImDetectService           *self);
void             im_detect_service_writer_done_cb     (ImWriteResult             *result,
                                                       gpointer                   user_data);
void             im_detect_service_writer_state_cb    (gboolean                   healthy,
                                                       const char                *message,
                                                       gboolean                   alarm,
                                                       gpointer                   user_data);
void             im_detect_service_publish_event      (ImDetectService           *self,
                                                       const ImDetectorEvent     *event);
/* An ImAlarmEngine's callback: publishes the alarm record. */
void             im_detect_service_publish_alarm      (const ImAlarm             *alarm,
                                                       gpointer                   user_data);

/* im-detect-alarms.c */
gboolean         im_detect_service_init_alarms        (ImDetectService           *self,
                                                       GError                   **error);
void             im_detect_service_start_alarms       (ImDetectService           *self);
gboolean         im_detect_service_load_stored_alarms (ImDetectService           *self,
                                                       GError                   **error);
void             im_detect_service_seed_machine       (ImDetectService           *self,
                                                       ImDetectPartition         *part,
                                                       const char                *machine_id);

/* im-detect-health.c */
int              im_detect_service_stats_cb           (rd_kafka_t                *rk,
                                                       char                      *json,
                                                       size_t                     json_len,
                                                       void                      *opaque);

/* im-detect-service.c */
void             im_detect_service_update_pause       (ImDetectService           *self);

/* im-detect-shutdown.c */
void             im_detect_service_check_closed       (ImDetectService           *self);

G_END_DECLS
