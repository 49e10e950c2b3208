/* im-demo-source.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-demo-source"

#include "config.h"

#include <glib/gi18n.h>

#include "im-demo-alarms.h"
#include "im-demo-source.h"
#include "im-demo-store.h"
#include "im-sim.h"
#include "im-util.h"

#define TICK_MS           250
#define BACKFILL_BATCH    4096
#define EXPORT_CHUNK      4096

struct _ImDemoSource
{
  GObject      parent_instance;

  guint        n_machines;
  gint64       interval_ns;
  gint64       history_ns;
  gint64       mttf_ns;
  guint64      seed;

  ImDemoStore *store;
  ImDemoAlarms *alarms;
  guint64      alarms_serial;  /* of the last alarms-changed */
  ImSimFleet  *fleet;         /* owned by the main thread once ready */
  GCancellable *cancellable;  /* of the backfill */
  GQueue       pending;       /* GTask waiting for the backfill */
  guint        tick_id;
  guint        ready : 1;
  guint        live : 1;
};

enum {
  PROP_0,
  PROP_N_MACHINES,
  PROP_INTERVAL_NS,
  PROP_HISTORY_NS,
  PROP_MTTF_NS,
  PROP_SEED,
  PROP_READY,
  N_PROPS,

  PROP_TITLE,
  PROP_ERROR_MESSAGE,
};

static GParamSpec *properties[N_PROPS];

static void data_source_iface_init (ImDataSourceInterface *iface);
static void request_thread         (GTask                 *task,
                                    gpointer               source_object,
                                    gpointer               task_data,
                                    GCancellable          *cancellable);

G_DEFINE_FINAL_TYPE_WITH_CODE (ImDemoSource, im_demo_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (IM_TYPE_DATA_SOURCE,
                                                      data_source_iface_init))

/* ---- Generation ---------------------------------------------------- */

/* The readings go to the store and through the alarm engine, as the
 * ingestion and the detector daemon would take them. */
static void
generate_until (ImSimFleet   *fleet,
                ImDemoStore  *store,
                ImDemoAlarms *alarms,
                gint64        until_ns)
{
  g_autofree ImReading *batch = g_new (ImReading, BACKFILL_BATCH);
  gsize n = 0;

  while (im_sim_fleet_peek_time (fleet) <= until_ns)
    {
      im_sim_fleet_next (fleet, &batch[n++]);
      if (n == BACKFILL_BATCH)
        {
          im_demo_store_append (store, batch, n);
          im_demo_alarms_push (alarms, batch, n);
          n = 0;
        }
    }

  im_demo_store_append (store, batch, n);
  im_demo_alarms_push (alarms, batch, n);
}

static void
check_alarms_changed (ImDemoSource *self)
{
  guint64 serial = im_demo_alarms_get_serial (self->alarms);

  if (serial != self->alarms_serial)
    {
      self->alarms_serial = serial;
      im_data_source_alarms_changed (IM_DATA_SOURCE (self));
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  ImDemoSource *self = user_data;
  gint64 now_ns = im_now_ns ();

  generate_until (self->fleet, self->store, self->alarms, now_ns);
  im_demo_alarms_tick (self->alarms, now_ns);
  check_alarms_changed (self);

  return G_SOURCE_CONTINUE;
}

static void
update_tick (ImDemoSource *self)
{
  gboolean want = self->ready && self->live;

  if (want && self->tick_id == 0)
    {
      tick_cb (self);
      self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
    }
  else if (!want)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
    }
}

typedef struct
{
  ImSimConfig   config;
  ImDemoStore  *store;
  ImDemoAlarms *alarms;
} Backfill;

static void
backfill_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Backfill *backfill = task_data;
  ImSimFleet *fleet = im_sim_fleet_new (&backfill->config);
  gint64 now_ns = im_now_ns ();

  /* In slices, so that disposing the source stops the work early. */
  while (im_sim_fleet_peek_time (fleet) <= now_ns)
    {
      gint64 until = MIN (now_ns, im_sim_fleet_peek_time (fleet) + 600 * IM_NSEC_PER_SEC);

      if (g_task_return_error_if_cancelled (task))
        {
          im_sim_fleet_free (fleet);
          return;
        }

      generate_until (fleet, backfill->store, backfill->alarms, until);
    }

  g_task_return_pointer (task, fleet, (GDestroyNotify) im_sim_fleet_free);
}

static void
backfill_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ImDemoSource *self = IM_DEMO_SOURCE (object);
  g_autoptr(GError) error = NULL;
  ImSimFleet *fleet;

  fleet = g_task_propagate_pointer (G_TASK (result), &error);
  if (fleet == NULL)
    return;  /* cancelled: the source is going away */

  self->fleet = fleet;
  self->ready = TRUE;
  self->alarms_serial = im_demo_alarms_get_serial (self->alarms);

  g_debug ("Backfilled %" G_GSIZE_FORMAT " readings per machine",
           im_demo_store_get_n_readings (self->store, im_sim_fleet_get_machine_id (fleet, 0)));

  update_tick (self);

  while (!g_queue_is_empty (&self->pending))
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->pending);

      g_task_run_in_thread (task, request_thread);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
start_backfill (ImDemoSource *self)
{
  g_autoptr(GTask) task = NULL;
  Backfill *backfill = g_new0 (Backfill, 1);
  gint64 now_ns = im_now_ns ();
  gint64 history_ns;
  gsize capacity;

  /* Each machine keeps its share of the budget, never more than the
   * history; the backfill generates no more than is kept. */
  capacity = IM_DEMO_STORE_BUDGET / self->n_machines;
  capacity = MIN (capacity, (gsize) (self->history_ns / self->interval_ns));
  capacity = MAX (capacity, 2);
  self->store = im_demo_store_new (capacity);
  self->alarms = im_demo_alarms_new ();

  history_ns = (gint64) capacity * self->interval_ns;

  im_sim_config_init (&backfill->config);
  backfill->config.n_machines = self->n_machines;
  backfill->config.interval_ns = self->interval_ns;
  backfill->config.seed = self->seed;
  backfill->config.mean_time_to_failure_ns = self->mttf_ns;
  /* Aligned to the interval, so readings fall on whole seconds. */
  backfill->config.start_time_ns = (now_ns - history_ns) / self->interval_ns * self->interval_ns;
  backfill->store = self->store;
  backfill->alarms = self->alarms;

  task = g_task_new (self, self->cancellable, backfill_cb, NULL);
  g_task_set_source_tag (task, start_backfill);
  g_task_set_task_data (task, backfill, g_free);
  g_task_run_in_thread (task, backfill_thread);
}

/* ---- Requests ------------------------------------------------------ */

static guint64 *
export_raw (ImDemoSource               *self,
            const ImDataSourceRequest  *request,
            GCancellable               *cancellable,
            GError                    **error)
{
  g_autofree ImReading *chunk = g_new (ImReading, EXPORT_CHUNK);
  gint64 cursor = request->from_ns;
  guint64 total = 0;
  gsize n;

  while ((n = im_demo_store_read_chunk (self->store, request->machine_id, &cursor,
                                        request->to_ns, chunk, EXPORT_CHUNK)) > 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (!request->chunk_func (chunk, n, request->chunk_data, error))
        return NULL;

      total += n;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_memdup2 (&total, sizeof total);
}

static void
request_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ImDemoSource *self = source_object;
  const ImDataSourceRequest *request = task_data;
  GError *error = NULL;
  gpointer value = NULL;

  switch (request->kind)
    {
    case IM_DATA_SOURCE_LIST_MACHINES:
      value = im_demo_store_dup_machines (self->store);
      break;

    case IM_DATA_SOURCE_RECENT_READINGS:
      value = im_demo_store_recent (self->store, request->window_ns);
      break;

    case IM_DATA_SOURCE_QUERY_RAW:
      value = im_demo_store_query_raw (self->store, request->machine_id,
                                       request->from_ns, request->to_ns);
      break;

    case IM_DATA_SOURCE_QUERY_AGGREGATE:
      value = im_demo_store_query_aggregate (self->store, request->machine_id,
                                             request->from_ns, request->to_ns,
                                             request->window_ns);
      break;

    case IM_DATA_SOURCE_EXPORT_RAW:
      value = export_raw (self, request, cancellable, &error);
      break;

    case IM_DATA_SOURCE_LIST_ALARMS:
      value = im_demo_alarms_list (self->alarms, request->machine_id,
                                   request->from_ns, request->to_ns);
      break;

    case IM_DATA_SOURCE_ACKNOWLEDGE_ALARMS:
      value = im_demo_alarms_acknowledge (self->alarms, request->alarms, request->user,
                                          request->time_ns, &error);
      break;

    default:
      g_assert_not_reached ();
    }

  im_data_source_task_return (task, value, error);
}

static void
im_demo_source_run (ImDataSource *source,
                    GTask        *task)
{
  ImDemoSource *self = IM_DEMO_SOURCE (source);

  /* Until the backfill is done, requests wait for it. */
  if (self->ready)
    {
      g_task_run_in_thread (task, request_thread);
      g_object_unref (task);
    }
  else
    {
      g_queue_push_tail (&self->pending, task);
    }
}

static void
data_source_iface_init (ImDataSourceInterface *iface)
{
  iface->run = im_demo_source_run;
}

/* ---- GObject ------------------------------------------------------- */

static void
im_demo_source_constructed (GObject *object)
{
  ImDemoSource *self = (ImDemoSource *) object;

  G_OBJECT_CLASS (im_demo_source_parent_class)->constructed (object);

  start_backfill (self);
}

static void
im_demo_source_dispose (GObject *object)
{
  ImDemoSource *self = (ImDemoSource *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);

  while (!g_queue_is_empty (&self->pending))
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->pending);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The demo source was closed"));
    }

  G_OBJECT_CLASS (im_demo_source_parent_class)->dispose (object);
}

static void
im_demo_source_finalize (GObject *object)
{
  ImDemoSource *self = (ImDemoSource *) object;

  g_clear_pointer (&self->fleet, im_sim_fleet_free);
  g_clear_pointer (&self->store, im_demo_store_free);
  g_clear_pointer (&self->alarms, im_demo_alarms_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (im_demo_source_parent_class)->finalize (object);
}

static void
im_demo_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ImDemoSource *self = IM_DEMO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_N_MACHINES:
      g_value_set_uint (value, self->n_machines);
      break;

    case PROP_INTERVAL_NS:
      g_value_set_int64 (value, self->interval_ns);
      break;

    case PROP_HISTORY_NS:
      g_value_set_int64 (value, self->history_ns);
      break;

    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;

    case PROP_MTTF_NS:
      g_value_set_int64 (value, self->mttf_ns);
      break;

    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    case PROP_TITLE:
      g_value_set_string (value, _("Demo Fleet"));
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_demo_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ImDemoSource *self = IM_DEMO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_N_MACHINES:
      self->n_machines = g_value_get_uint (value);
      break;

    case PROP_INTERVAL_NS:
      self->interval_ns = g_value_get_int64 (value);
      break;

    case PROP_HISTORY_NS:
      self->history_ns = g_value_get_int64 (value);
      break;

    case PROP_SEED:
      self->seed = g_value_get_uint64 (value);
      break;

    case PROP_MTTF_NS:
      self->mttf_ns = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_demo_source_class_init (ImDemoSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = im_demo_source_constructed;
  object_class->dispose = im_demo_source_dispose;
  object_class->finalize = im_demo_source_finalize;
  object_class->get_property = im_demo_source_get_property;
  object_class->set_property = im_demo_source_set_property;

  properties[PROP_N_MACHINES] =
    g_param_spec_uint ("n-machines", NULL, NULL,
                       1, 1000, IM_DEMO_DEFAULT_MACHINES,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INTERVAL_NS] =
    g_param_spec_int64 ("interval-ns", NULL, NULL,
                        IM_NSEC_PER_MSEC, 3600 * IM_NSEC_PER_SEC, IM_NSEC_PER_SEC,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HISTORY_NS] =
    g_param_spec_int64 ("history-ns", NULL, NULL,
                        0, G_MAXINT64, IM_DEMO_DEFAULT_HISTORY_NS,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* Calmer than the simulator daemon's default of one hour: a failure
   * every few hours per machine, so that a day of history shows a few. */
  properties[PROP_MTTF_NS] =
    g_param_spec_int64 ("mean-time-to-failure-ns", NULL, NULL,
                        IM_NSEC_PER_SEC, G_MAXINT64, 4 * 3600 * IM_NSEC_PER_SEC,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL,
                         0, G_MAXUINT64, 2026,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_ERROR_MESSAGE, "error-message");
}

static void
im_demo_source_init (ImDemoSource *self)
{
  self->cancellable = g_cancellable_new ();
  self->live = TRUE;
  g_queue_init (&self->pending);
}

ImDemoSource *
im_demo_source_new (guint n_machines)
{
  g_return_val_if_fail (n_machines > 0, NULL);

  return g_object_new (IM_TYPE_DEMO_SOURCE,
                       "n-machines", n_machines,
                       NULL);
}

gboolean
im_demo_source_get_ready (ImDemoSource *self)
{
  g_return_val_if_fail (IM_IS_DEMO_SOURCE (self), FALSE);

  return self->ready;
}

guint
im_demo_source_get_n_machines (ImDemoSource *self)
{
  g_return_val_if_fail (IM_IS_DEMO_SOURCE (self), 0);

  return self->n_machines;
}

gsize
im_demo_source_get_capacity (ImDemoSource *self)
{
  g_return_val_if_fail (IM_IS_DEMO_SOURCE (self), 0);

  return im_demo_store_get_capacity (self->store);
}

void
im_demo_source_set_live (ImDemoSource *self,
                         gboolean      live)
{
  g_return_if_fail (IM_IS_DEMO_SOURCE (self));

  self->live = !!live;
  update_tick (self);
}
