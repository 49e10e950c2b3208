/* im-data-source.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "im-alarm.h"
#include "im-reading.h"

G_BEGIN_DECLS

#define IM_DATA_SOURCE_ERROR (im_data_source_error_quark ())

typedef enum
{
  IM_DATA_SOURCE_ERROR_FAILED,
  IM_DATA_SOURCE_ERROR_INVALID_ARGUMENT,
  IM_DATA_SOURCE_ERROR_NOT_READY,
} ImDataSourceError;

GQuark im_data_source_error_quark (void);

/**
 * ImAggregate:
 * @time_ns: start of the window, aligned to the Unix epoch as InfluxDB
 *   aligns GROUP BY time() windows
 * @mean: per sensor, NAN when the window holds no value of that sensor
 * @min: per sensor
 * @max: per sensor
 * @count: readings in the window
 * @n_degrading: of them, readings whose machine state was degrading
 * @n_failing: of them, readings whose machine state was failing
 *
 * One window of an aggregated series. Windows without readings are not
 * returned (fill(none)).
 */
typedef struct
{
  gint64 time_ns;
  double mean[IM_N_SENSORS];
  double min[IM_N_SENSORS];
  double max[IM_N_SENSORS];
  guint  count;
  guint  n_degrading;
  guint  n_failing;
} ImAggregate;

/**
 * ImMachineReadings:
 * @machine_id: the machine
 * @readings: (element-type ImReading): oldest first
 *
 * A machine and some of its readings.
 */
typedef struct
{
  char   *machine_id;
  GArray *readings;
} ImMachineReadings;

ImMachineReadings *im_machine_readings_new  (const char        *machine_id);
void               im_machine_readings_free (ImMachineReadings *self);
/* Orders ImMachineReadings pointers by machine id (g_ptr_array_sort). */
int                im_machine_readings_compare (gconstpointer a,
                                                gconstpointer b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImMachineReadings, im_machine_readings_free)

/**
 * ImReadingsChunkFunc:
 * @readings: consecutive readings, in time order
 * @n_readings: at least 1
 * @user_data: closure
 * @error: set when returning %FALSE
 *
 * Receives a streamed export chunk by chunk, on a worker thread. Return
 * %FALSE (with @error set) to stop the export.
 */
typedef gboolean (*ImReadingsChunkFunc) (const ImReading  *readings,
                                         gsize             n_readings,
                                         gpointer          user_data,
                                         GError          **error);

#define IM_TYPE_DATA_SOURCE (im_data_source_get_type ())

G_DECLARE_INTERFACE (ImDataSource, im_data_source, IM, DATA_SOURCE, GObject)

/**
 * ImDataSourceRequestKind:
 *
 * Which of the interface's requests an #ImDataSourceRequest is.
 */
typedef enum
{
  IM_DATA_SOURCE_LIST_MACHINES,
  IM_DATA_SOURCE_RECENT_READINGS,
  IM_DATA_SOURCE_QUERY_RAW,
  IM_DATA_SOURCE_QUERY_AGGREGATE,
  IM_DATA_SOURCE_EXPORT_RAW,
  IM_DATA_SOURCE_LIST_ALARMS,
  IM_DATA_SOURCE_ACKNOWLEDGE_ALARMS,
} ImDataSourceRequestKind;

/**
 * ImDataSourceRequest:
 * @kind: what is asked
 * @machine_id: the machine (raw, aggregate and export requests; for
 *   alarms %NULL for every machine)
 * @from_ns: start of the range, inclusive
 * @to_ns: end of the range, exclusive
 * @window_ns: the aggregation window, or the recent readings' window
 * @chunk_func: where an export goes
 * @chunk_data: @chunk_func's closure
 * @alarms: (element-type ImAlarm): the alarms to acknowledge
 * @user: who acknowledges them
 * @time_ns: when
 *
 * One request, as the public functions below hand it to an
 * implementation: the task data of the #GTask its run() receives.
 */
typedef struct
{
  ImDataSourceRequestKind  kind;
  char                    *machine_id;
  gint64                   from_ns;
  gint64                   to_ns;
  gint64                   window_ns;
  ImReadingsChunkFunc      chunk_func;
  gpointer                 chunk_data;
  GArray                  *alarms;
  char                    *user;
  gint64                   time_ns;
} ImDataSourceRequest;

/**
 * ImDataSourceInterface:
 * @run: starts @task (transfer full), whose task data is an
 *   #ImDataSourceRequest, and completes it later with
 *   im_data_source_task_return()
 *
 * Where the pages get their data: every method is asynchronous, honours
 * its #GCancellable and completes on the thread-default main context of
 * the caller. Times are nanoseconds since the Unix epoch, ranges are
 * [from, to). The public functions below build the task and finish it;
 * an implementation only answers requests.
 *
 * Implementations override the #ImDataSource:title and
 * #ImDataSource:error-message properties, and emit
 * #ImDataSource::alarms-changed when they learn that their alarms changed
 * (a source that cannot tell is polled).
 */
struct _ImDataSourceInterface
{
  GTypeInterface parent_iface;

  void (*run) (ImDataSource *self,
               GTask        *task);
};

/* For implementations: the request of a task run() received. */
const ImDataSourceRequest *im_data_source_task_get_request       (GTask                     *task);
/* For implementations: how a value answering @request is freed. */
GDestroyNotify             im_data_source_request_get_value_free (const ImDataSourceRequest *request);
/* For implementations: completes @task with @value (transfer full; for
 * the request's kind a GStrv, a GPtrArray of ImMachineReadings, a GArray
 * of ImReading, ImAggregate or ImAlarm, or a guint64 from g_malloc() for
 * the number of readings exported) or, when @value is NULL, with @error
 * (transfer full). */
void                       im_data_source_task_return            (GTask                     *task,
                                                                  gpointer                   value,
                                                                  GError                    *error);

/* The machine ids the source knows, sorted. */
void        im_data_source_list_machines_async    (ImDataSource         *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GStrv       im_data_source_list_machines_finish   (ImDataSource         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* For every machine: its newest readings, those within @window_ns of its
 * newest one (IM_HEALTH_WINDOW_NS for im_health_compute()), including
 * machines whose newest reading is old. Each reading has at least its
 * machine, time and sensor values, what health is computed from; a
 * source may leave the other fields unset.
 * Returns: (element-type ImMachineReadings): sorted by machine id. */
void        im_data_source_recent_readings_async  (ImDataSource         *self,
                                                   gint64                window_ns,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray  *im_data_source_recent_readings_finish (ImDataSource         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Returns: (element-type ImReading): the readings of @machine_id in
 * [@from_ns, @to_ns), oldest first. */
void        im_data_source_query_raw_async        (ImDataSource         *self,
                                                   const char           *machine_id,
                                                   gint64                from_ns,
                                                   gint64                to_ns,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GArray     *im_data_source_query_raw_finish       (ImDataSource         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Returns: (element-type ImAggregate): per window of @window_ns, oldest
 * first, empty windows left out. */
void        im_data_source_query_aggregate_async  (ImDataSource         *self,
                                                   const char           *machine_id,
                                                   gint64                from_ns,
                                                   gint64                to_ns,
                                                   gint64                window_ns,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GArray     *im_data_source_query_aggregate_finish (ImDataSource         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Streams the readings of @machine_id in [@from_ns, @to_ns) to
 * @chunk_func on a worker thread, in bounded chunks: memory stays
 * constant whatever the number of readings. */
void        im_data_source_export_raw_async       (ImDataSource         *self,
                                                   const char           *machine_id,
                                                   gint64                from_ns,
                                                   gint64                to_ns,
                                                   ImReadingsChunkFunc   chunk_func,
                                                   gpointer              chunk_data,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean    im_data_source_export_raw_finish      (ImDataSource         *self,
                                                   GAsyncResult         *result,
                                                   guint64              *n_readings,
                                                   GError              **error);

/* Returns: (element-type ImAlarm): the latest record of every alarm of
 * @machine_id (NULL: of every machine) that started in [@from_ns,
 * @to_ns), and of every alarm active now whatever its start (an empty
 * range lists the active ones only); acknowledgements applied; oldest
 * start first. */
void        im_data_source_list_alarms_async      (ImDataSource         *self,
                                                   const char           *machine_id,
                                                   gint64                from_ns,
                                                   gint64                to_ns,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GArray     *im_data_source_list_alarms_finish     (ImDataSource         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Acknowledges @n_alarms alarms as @user (1..IM_ALARM_USER_MAX_LEN
 * bytes of UTF-8) at @time_ns, where every reader of the source sees it
 * (InfluxDB: points of `alarm_acks`). Emits
 * #ImDataSource::alarms-changed once done.
 * Returns: (element-type ImAlarm): the alarms as they are now. */
void        im_data_source_acknowledge_alarms_async  (ImDataSource      *self,
                                                      const ImAlarm     *alarms,
                                                      guint              n_alarms,
                                                      const char        *user,
                                                      gint64             time_ns,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
GArray     *im_data_source_acknowledge_alarms_finish (ImDataSource      *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
/* For implementations: emits #ImDataSource::alarms-changed. */
void        im_data_source_alarms_changed         (ImDataSource         *self);

/* A name for people, e.g. "Demo fleet" or the server's address. */
char       *im_data_source_dup_title              (ImDataSource         *self);
/* Why the backend cannot be reached, or NULL when the last request
 * reached it. */
char       *im_data_source_dup_error_message      (ImDataSource         *self);
/* What lies behind the error message, for whoever asks (the library's
 * own text), or NULL. A source may have an "error-details" property. */
char       *im_data_source_dup_error_details      (ImDataSource         *self);
/* When the backend last answered a request (ns since the epoch), 0 when
 * it never did or the source does not tell (no "answered-time"
 * property: a source that is always there). */
gint64      im_data_source_get_answered_time      (ImDataSource         *self);

G_END_DECLS
