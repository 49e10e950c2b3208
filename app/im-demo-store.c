/* im-demo-store.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-demo-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-demo-store.h"

/* 56 bytes a reading: a day of five machines at 1 s is 24 MB. */
typedef struct
{
  gint64 time_ns;
  double values[IM_N_SENSORS];
  double degradation;
  guint8 state;
  guint8 anomaly;
} ImDemoRow;

typedef struct
{
  char       machine_id[IM_ID_MAX_LEN + 1];
  char       sensor_id[IM_ID_MAX_LEN + 1];
  ImDemoRow *rows;
  gsize      allocated;   /* grows up to the store's capacity */
  gsize      head;        /* index of the oldest row */
  gsize      len;
} ImDemoMachine;

struct _ImDemoStore
{
  GMutex      mutex;
  gsize       capacity;
  GPtrArray  *machines;   /* ImDemoMachine, in order of appearance */
  GHashTable *by_id;      /* machine_id -> ImDemoMachine */
};

static void
machine_free (gpointer data)
{
  ImDemoMachine *machine = data;

  g_free (machine->rows);
  g_free (machine);
}

ImDemoStore *
im_demo_store_new (gsize capacity)
{
  ImDemoStore *self;

  g_return_val_if_fail (capacity > 0, NULL);

  self = g_new0 (ImDemoStore, 1);
  g_mutex_init (&self->mutex);
  self->capacity = capacity;
  self->machines = g_ptr_array_new_with_free_func (machine_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);

  return self;
}

void
im_demo_store_free (ImDemoStore *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->machines);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

gsize
im_demo_store_get_capacity (ImDemoStore *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->capacity;
}

static inline ImDemoRow *
machine_row (const ImDemoMachine *machine,
             gsize                index)
{
  g_assert (index < machine->len);

  return &machine->rows[(machine->head + index) % machine->allocated];
}

/* Index of the first row with time >= @time_ns (len when none). */
static gsize
machine_lower_bound (const ImDemoMachine *machine,
                     gint64               time_ns)
{
  gsize lo = 0;
  gsize hi = machine->len;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (machine_row (machine, mid)->time_ns < time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static void
row_to_reading (const ImDemoMachine *machine,
                const ImDemoRow     *row,
                ImReading           *reading)
{
  memcpy (reading->machine_id, machine->machine_id, sizeof reading->machine_id);
  memcpy (reading->sensor_id, machine->sensor_id, sizeof reading->sensor_id);
  reading->time_ns = row->time_ns;
  for (guint s = 0; s < IM_N_SENSORS; s++)
    reading->values[s] = row->values[s];
  reading->degradation = row->degradation;
  reading->state = (ImMachineState) row->state;
  reading->anomaly = (ImAnomaly) row->anomaly;
}

static ImDemoMachine *
lookup_or_add_machine (ImDemoStore     *self,
                       const ImReading *reading)
{
  ImDemoMachine *machine = g_hash_table_lookup (self->by_id, reading->machine_id);

  if (machine == NULL)
    {
      machine = g_new0 (ImDemoMachine, 1);
      g_strlcpy (machine->machine_id, reading->machine_id, sizeof machine->machine_id);
      g_ptr_array_add (self->machines, machine);
      g_hash_table_insert (self->by_id, machine->machine_id, machine);
    }

  g_strlcpy (machine->sensor_id, reading->sensor_id, sizeof machine->sensor_id);

  return machine;
}

/* Makes room for one more row at the end; drops the oldest when full. */
static ImDemoRow *
machine_push (ImDemoMachine *machine,
              gsize          capacity)
{
  if (machine->len == machine->allocated && machine->allocated < capacity)
    {
      gsize allocated = MIN (capacity, MAX (1024, machine->allocated * 2));
      ImDemoRow *rows = g_new (ImDemoRow, allocated);

      /* Unwrap the ring into the new array. */
      for (gsize i = 0; i < machine->len; i++)
        rows[i] = *machine_row (machine, i);

      g_free (machine->rows);
      machine->rows = rows;
      machine->allocated = allocated;
      machine->head = 0;
    }

  if (machine->len == machine->allocated)
    {
      machine->head = (machine->head + 1) % machine->allocated;
      machine->len--;
    }

  machine->len++;

  return machine_row (machine, machine->len - 1);
}

void
im_demo_store_append (ImDemoStore     *self,
                      const ImReading *readings,
                      gsize            n_readings)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (readings != NULL || n_readings == 0);

  g_mutex_lock (&self->mutex);

  for (gsize i = 0; i < n_readings; i++)
    {
      const ImReading *reading = &readings[i];
      ImDemoMachine *machine = lookup_or_add_machine (self, reading);
      ImDemoRow *row;

      if (machine->len > 0)
        {
          ImDemoRow *last = machine_row (machine, machine->len - 1);

          if (reading->time_ns < last->time_ns)
            continue;
          row = reading->time_ns == last->time_ns ? last : machine_push (machine, self->capacity);
        }
      else
        {
          row = machine_push (machine, self->capacity);
        }

      row->time_ns = reading->time_ns;
      for (guint s = 0; s < IM_N_SENSORS; s++)
        row->values[s] = reading->values[s];
      row->degradation = reading->degradation;
      row->state = (guint8) reading->state;
      row->anomaly = (guint8) reading->anomaly;
    }

  g_mutex_unlock (&self->mutex);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GStrv
im_demo_store_dup_machines (ImDemoStore *self)
{
  char **ids;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  ids = g_new0 (char *, self->machines->len + 1);
  for (guint i = 0; i < self->machines->len; i++)
    ids[i] = g_strdup (((ImDemoMachine *) g_ptr_array_index (self->machines, i))->machine_id);
  qsort (ids, self->machines->len, sizeof (char *), compare_strings);
  g_mutex_unlock (&self->mutex);

  return ids;
}

gsize
im_demo_store_get_n_readings (ImDemoStore *self,
                              const char  *machine_id)
{
  ImDemoMachine *machine;
  gsize n = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (machine_id != NULL, 0);

  g_mutex_lock (&self->mutex);
  if ((machine = g_hash_table_lookup (self->by_id, machine_id)))
    n = machine->len;
  g_mutex_unlock (&self->mutex);

  return n;
}

gboolean
im_demo_store_get_time_range (ImDemoStore *self,
                              const char  *machine_id,
                              gint64      *first_ns,
                              gint64      *last_ns)
{
  ImDemoMachine *machine;
  gboolean found = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (machine_id != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  machine = g_hash_table_lookup (self->by_id, machine_id);
  if (machine != NULL && machine->len > 0)
    {
      if (first_ns)
        *first_ns = machine_row (machine, 0)->time_ns;
      if (last_ns)
        *last_ns = machine_row (machine, machine->len - 1)->time_ns;
      found = TRUE;
    }
  g_mutex_unlock (&self->mutex);

  return found;
}

GArray *
im_demo_store_query_raw (ImDemoStore *self,
                         const char  *machine_id,
                         gint64       from_ns,
                         gint64       to_ns)
{
  GArray *readings;
  ImDemoMachine *machine;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (machine_id != NULL, NULL);

  readings = g_array_new (FALSE, FALSE, sizeof (ImReading));

  g_mutex_lock (&self->mutex);
  if ((machine = g_hash_table_lookup (self->by_id, machine_id)))
    {
      gsize first = machine_lower_bound (machine, from_ns);
      gsize end = machine_lower_bound (machine, to_ns);

      if (end > first)
        {
          g_array_set_size (readings, end - first);
          for (gsize i = first; i < end; i++)
            row_to_reading (machine, machine_row (machine, i),
                            &g_array_index (readings, ImReading, i - first));
        }
    }
  g_mutex_unlock (&self->mutex);

  return readings;
}

static inline gint64
window_start (gint64 time_ns,
              gint64 window_ns)
{
  gint64 rem = time_ns % window_ns;

  if (rem < 0)
    rem += window_ns;

  return time_ns - rem;
}

static void
aggregate_begin (ImAggregate *agg,
                 gint64       time_ns)
{
  agg->time_ns = time_ns;
  agg->count = 0;
  agg->n_degrading = 0;
  agg->n_failing = 0;
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      agg->mean[s] = 0.0;
      agg->min[s] = INFINITY;
      agg->max[s] = -INFINITY;
    }
}

static void
aggregate_end (ImAggregate *agg)
{
  for (guint s = 0; s < IM_N_SENSORS; s++)
    agg->mean[s] /= agg->count;
}

GArray *
im_demo_store_query_aggregate (ImDemoStore *self,
                               const char  *machine_id,
                               gint64       from_ns,
                               gint64       to_ns,
                               gint64       window_ns)
{
  GArray *windows;
  ImDemoMachine *machine;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (machine_id != NULL, NULL);
  g_return_val_if_fail (window_ns > 0, NULL);

  windows = g_array_new (FALSE, FALSE, sizeof (ImAggregate));

  g_mutex_lock (&self->mutex);
  if ((machine = g_hash_table_lookup (self->by_id, machine_id)))
    {
      gsize first = machine_lower_bound (machine, from_ns);
      gsize end = machine_lower_bound (machine, to_ns);
      ImAggregate agg;
      gboolean open = FALSE;

      for (gsize i = first; i < end; i++)
        {
          const ImDemoRow *row = machine_row (machine, i);
          gint64 start = window_start (row->time_ns, window_ns);

          if (!open || start != agg.time_ns)
            {
              if (open)
                {
                  aggregate_end (&agg);
                  g_array_append_val (windows, agg);
                }
              aggregate_begin (&agg, start);
              open = TRUE;
            }

          agg.count++;
          agg.n_degrading += row->state == IM_MACHINE_STATE_DEGRADING;
          agg.n_failing += row->state == IM_MACHINE_STATE_FAILING;
          for (guint s = 0; s < IM_N_SENSORS; s++)
            {
              double v = row->values[s];

              agg.mean[s] += v;
              agg.min[s] = MIN (agg.min[s], v);
              agg.max[s] = MAX (agg.max[s], v);
            }
        }

      if (open)
        {
          aggregate_end (&agg);
          g_array_append_val (windows, agg);
        }
    }
  g_mutex_unlock (&self->mutex);

  return windows;
}

GPtrArray *
im_demo_store_recent (ImDemoStore *self,
                      gint64       window_ns)
{
  GPtrArray *result;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (window_ns > 0, NULL);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) im_machine_readings_free);

  g_mutex_lock (&self->mutex);
  for (guint m = 0; m < self->machines->len; m++)
    {
      const ImDemoMachine *machine = g_ptr_array_index (self->machines, m);
      ImMachineReadings *recent = im_machine_readings_new (machine->machine_id);

      if (machine->len > 0)
        {
          gint64 newest = machine_row (machine, machine->len - 1)->time_ns;
          gsize first = machine_lower_bound (machine, newest - window_ns + 1);

          g_array_set_size (recent->readings, machine->len - first);
          for (gsize i = first; i < machine->len; i++)
            row_to_reading (machine, machine_row (machine, i),
                            &g_array_index (recent->readings, ImReading, i - first));
        }

      g_ptr_array_add (result, recent);
    }
  g_mutex_unlock (&self->mutex);

  g_ptr_array_sort (result, im_machine_readings_compare);

  return result;
}

gsize
im_demo_store_read_chunk (ImDemoStore *self,
                          const char  *machine_id,
                          gint64      *cursor_ns,
                          gint64       to_ns,
                          ImReading   *out,
                          gsize        max_readings)
{
  ImDemoMachine *machine;
  gsize n = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (machine_id != NULL, 0);
  g_return_val_if_fail (cursor_ns != NULL, 0);
  g_return_val_if_fail (out != NULL || max_readings == 0, 0);

  g_mutex_lock (&self->mutex);
  if ((machine = g_hash_table_lookup (self->by_id, machine_id)))
    {
      gsize first = machine_lower_bound (machine, *cursor_ns);
      gsize end = machine_lower_bound (machine, to_ns);

      n = MIN (end > first ? end - first : 0, max_readings);
      for (gsize i = 0; i < n; i++)
        row_to_reading (machine, machine_row (machine, first + i), &out[i]);
      if (n > 0)
        *cursor_ns = out[n - 1].time_ns + 1;
    }
  g_mutex_unlock (&self->mutex);

  return n;
}
