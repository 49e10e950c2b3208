/* im-influx-source.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-influx-source"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "im-alarm-influx.h"
#include "im-alarm-list.h"
#include "im-influx-queries.h"
#include "im-health.h"
#include "im-influx-source.h"
#include "im-util.h"

/* A request without an answer this long makes the source ask the server
 * whether it is there at all (GET /ping), and again as often while any
 * request is waiting: a hung server is told apart from a slow query
 * within seconds, and a long query still may take its time. */
#define PROBE_AFTER_MS   2000
#define PROBE_TIMEOUT_MS 2000

struct _ImInfluxSource
{
  GObject         parent_instance;

  ImInfluxClient *client;
  ImInfluxClient *probe_client;   /* short timeouts, its own connections */
  char           *error_message;
  char           *error_details;
  gint64          answered_ns;
  guint           page_size;

  guint           n_running;
  guint           probe_id;
  GCancellable   *probe_cancellable;  /* of the ping in flight */
  guint           error_from_probe : 1;
  /* Which rollups the database has, asked once (worker threads). */
  GMutex          rollups_mutex;
  gboolean        rollups_probed;
  gint64         *rollups_oldest_ns;   /* G_MAXINT64: absent */
  /* Machine id → its oldest raw reading (gint64 *), under rollups_mutex;
   * only machines with readings. Retention only moves it later, and an
   * older value asks more of a rollup, never less. */
  GHashTable     *raw_oldest;
  /* What recent_readings() read last (machine id → RecentMachine), of
   * windows of recent_window_ns, wholly read at recent_full_us
   * (monotonic); under recent_mutex. */
  GMutex          recent_mutex;
  GHashTable     *recent;
  gint64          recent_window_ns;
  gint64          recent_full_us;
  gint            recent_full_interval_ms;   /* atomic: set without the mutex */
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ERROR_DETAILS,
  PROP_ANSWERED_TIME,
  N_PROPS,

  PROP_TITLE,
  PROP_ERROR_MESSAGE,
};

static GParamSpec *properties[N_PROPS];

static void data_source_iface_init (ImDataSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ImInfluxSource, im_influx_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (IM_TYPE_DATA_SOURCE,
                                                      data_source_iface_init))

/* What a worker thread needs besides the request: the connection and
 * page size as they were when the request was made. */
typedef struct
{
  ImInfluxSource *source;
  ImInfluxClient *client;
  guint           page_size;
  GTask          *outer;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->source);
  g_clear_object (&request->client);
  g_clear_object (&request->outer);
  g_free (request);
}

/* The details first: whoever follows the message finds them set. */
static void
set_error (ImInfluxSource *self,
           const char     *message,
           const char     *details)
{
  if (g_strcmp0 (self->error_details, details) != 0)
    {
      g_free (self->error_details);
      self->error_details = g_strdup (details);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_DETAILS]);
    }

  if (g_strcmp0 (self->error_message, message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (message);
      g_object_notify (G_OBJECT (self), "error-message");
    }
}

/* What went wrong, for people; error->message (libcurl's or the
 * server's text) goes to the details. */
static char *
describe_error (ImInfluxSource *self,
                const GError   *error)
{
  const char *url = im_influx_client_get_url (self->client);

  g_assert (error->domain == IM_INFLUX_ERROR);

  switch ((ImInfluxError) error->code)
    {
    case IM_INFLUX_ERROR_CONNECT:
      /* Translators: %s is the server's address */
      return g_strdup_printf (_("nothing accepts connections at %s. Is InfluxDB running there?"), url);

    case IM_INFLUX_ERROR_TIMEOUT:
      /* Translators: %s is the server's address */
      return g_strdup_printf (_("InfluxDB at %s does not answer."), url);

    case IM_INFLUX_ERROR_SERVER:
    case IM_INFLUX_ERROR_THROTTLED:
      return g_strdup (_("InfluxDB reports a problem of its own."));

    case IM_INFLUX_ERROR_TLS:
      /* Translators: %s is the server's address */
      return g_strdup_printf (_("the secure connection to %s failed."), url);

    case IM_INFLUX_ERROR_UNAUTHORIZED:
      return g_strdup (_("InfluxDB does not accept the user name, password or token."));

    case IM_INFLUX_ERROR_NOT_FOUND:
      /* Translators: %s is the database's name */
      return g_strdup_printf (_("the database “%s” does not exist."),
                              im_influx_client_get_database (self->client));

    case IM_INFLUX_ERROR_INVALID_ARGUMENT:
      /* Translators: %s is the server's address */
      return g_strdup_printf (_("“%s” is no address the app can use."), url);

    case IM_INFLUX_ERROR_BAD_REQUEST:
    case IM_INFLUX_ERROR_PARTIAL_WRITE:
    case IM_INFLUX_ERROR_TOO_LARGE:
    case IM_INFLUX_ERROR_QUERY:
    case IM_INFLUX_ERROR_PROTOCOL:
    default:
      return g_strdup (_("InfluxDB gave an answer the app cannot read."));
    }
}

/* ---- The health probe ---------------------------------------------- */

static void
probe_stop (ImInfluxSource *self)
{
  g_clear_handle_id (&self->probe_id, g_source_remove);
  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
}

static void
ping_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ImInfluxSource) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  version = im_influx_client_ping_finish (IM_INFLUX_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->probe_cancellable);

  if (error != NULL)
    {
      g_autofree char *message = NULL;
      g_autofree char *details = NULL;

      if (error->domain == IM_INFLUX_ERROR)
        message = describe_error (self, error);
      else
        message = g_strdup (error->message);
      /* Translators: %d is a number of seconds, %s libcurl's message */
      details = g_strdup_printf (_("No answer to GET /ping within %d s: %s"),
                                 PROBE_TIMEOUT_MS / 1000, error->message);
      g_debug ("The probe found no answer: %s", error->message);
      self->error_from_probe = TRUE;
      set_error (self, message, details);
    }
  else if (self->error_from_probe)
    {
      /* There again, and the requests wait for a slow answer. */
      self->error_from_probe = FALSE;
      set_error (self, NULL, NULL);
    }
}

static gboolean
probe_cb (gpointer user_data)
{
  ImInfluxSource *self = user_data;

  if (self->probe_cancellable == NULL)
    {
      self->probe_cancellable = g_cancellable_new ();
      im_influx_client_ping_async (self->probe_client, self->probe_cancellable,
                                   ping_cb, g_object_ref (self));
    }

  return G_SOURCE_CONTINUE;
}

static void
request_started (ImInfluxSource *self)
{
  self->n_running++;
  if (self->probe_id == 0)
    self->probe_id = g_timeout_add (PROBE_AFTER_MS, probe_cb, self);
}

static void
request_ended (ImInfluxSource *self)
{
  g_assert (self->n_running > 0);

  if (--self->n_running == 0)
    probe_stop (self);
}

/* ---- Reading result rows ------------------------------------------- */

typedef struct
{
  int time;
  int sensor_id;
  int values[IM_N_SENSORS];
  int degradation;
  int state;
  int anomaly;
} RawColumns;

static void
raw_columns_find (const ImInfluxSeries *series,
                  RawColumns           *columns)
{
  columns->time = im_influx_series_find_column (series, "time");
  columns->sensor_id = im_influx_series_find_column (series, "sensor_id");
  for (guint s = 0; s < IM_N_SENSORS; s++)
    columns->values[s] = im_influx_series_find_column (series, im_sensor_to_string (s));
  columns->degradation = im_influx_series_find_column (series, "degradation");
  columns->state = im_influx_series_find_column (series, "state");
  columns->anomaly = im_influx_series_find_column (series, "anomaly");
}

static const char *
get_string (const ImInfluxSeries *series,
            guint                 row,
            int                   column)
{
  const ImInfluxValue *value;

  if (column < 0)
    return NULL;

  value = im_influx_series_get_value (series, row, column);

  return value->type == IM_INFLUX_VALUE_STRING ? value->s : NULL;
}

static double
get_double (const ImInfluxSeries *series,
            guint                 row,
            int                   column)
{
  return column < 0 ? NAN : im_influx_series_get_double (series, row, column);
}

static gint64
get_time (const ImInfluxSeries *series,
          guint                 row,
          int                   column)
{
  const ImInfluxValue *value;

  if (column < 0)
    return 0;

  value = im_influx_series_get_value (series, row, column);
  if (value->type == IM_INFLUX_VALUE_INTEGER)
    return value->i;
  if (value->type == IM_INFLUX_VALUE_FLOAT)
    return (gint64) value->f;

  return 0;
}

static void
read_raw_row (const ImInfluxSeries *series,
              const RawColumns     *columns,
              guint                 row,
              const char           *machine_id,
              ImReading            *reading)
{
  const char *str;

  im_reading_init (reading);
  g_strlcpy (reading->machine_id, machine_id, sizeof reading->machine_id);
  if ((str = get_string (series, row, columns->sensor_id)))
    g_strlcpy (reading->sensor_id, str, sizeof reading->sensor_id);
  reading->time_ns = get_time (series, row, columns->time);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    reading->values[s] = get_double (series, row, columns->values[s]);
  reading->degradation = get_double (series, row, columns->degradation);
  if (!(str = get_string (series, row, columns->state)) ||
      !im_machine_state_from_string (str, &reading->state))
    reading->state = IM_MACHINE_STATE_UNKNOWN;
  if (!(str = get_string (series, row, columns->anomaly)) ||
      !im_anomaly_from_string (str, &reading->anomaly))
    reading->anomaly = IM_ANOMALY_NONE;
}

/* Appends the rows of @series to @readings. */
static void
read_raw_series (const ImInfluxSeries *series,
                 const char           *machine_id,
                 GArray               *readings)
{
  guint n_rows = im_influx_series_get_n_rows (series);
  guint first = readings->len;
  RawColumns columns;

  raw_columns_find (series, &columns);
  g_array_set_size (readings, first + n_rows);
  for (guint row = 0; row < n_rows; row++)
    read_raw_row (series, &columns, row, machine_id,
                  &g_array_index (readings, ImReading, first + row));
}

/*
 * Fetches the readings of [from, to) page by page, in time order. The
 * next page starts at the last time seen and skips the rows of that time
 * already delivered, so equal timestamps across a page boundary are
 * neither lost nor repeated.
 */
static gboolean
fetch_raw_paged (ImInfluxClient       *client,
                 guint                 page_size,
                 const char           *machine_id,
                 gint64                from_ns,
                 gint64                to_ns,
                 ImReadingsChunkFunc   chunk_func,
                 gpointer              chunk_data,
                 guint64              *n_total,
                 GCancellable         *cancellable,
                 GError              **error)
{
  g_autoptr(GArray) page = g_array_sized_new (FALSE, FALSE, sizeof (ImReading), page_size);
  gint64 cursor = from_ns;
  guint64 skip = 0;
  guint64 total = 0;

  for (;;)
    {
      g_autofree char *query = im_influx_query_raw (machine_id, cursor, to_ns, page_size, skip);
      g_autoptr(ImInfluxResult) result = NULL;
      gint64 last_time;
      guint at_last = 0;

      result = im_influx_client_query (client, query, NULL, cancellable, error);
      if (result == NULL)
        return FALSE;

      g_array_set_size (page, 0);
      for (guint i = 0; i < im_influx_result_get_n_series (result); i++)
        read_raw_series (im_influx_result_get_series (result, i), machine_id, page);
      if (page->len == 0)
        break;

      if (!chunk_func ((const ImReading *) (gpointer) page->data, page->len, chunk_data, error))
        return FALSE;
      total += page->len;

      if (page->len < page_size)
        break;

      last_time = g_array_index (page, ImReading, page->len - 1).time_ns;
      for (guint i = page->len; i > 0; i--)
        {
          if (g_array_index (page, ImReading, i - 1).time_ns != last_time)
            break;
          at_last++;
        }

      skip = last_time == cursor ? skip + at_last : at_last;
      cursor = last_time;
    }

  if (n_total != NULL)
    *n_total = total;

  return TRUE;
}

/* ---- Requests ------------------------------------------------------ */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
list_machines (const Request  *request,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autofree char *query = im_influx_query_machines ();
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  result = im_influx_client_query (request->client, query, NULL, cancellable, error);
  if (result == NULL)
    return NULL;

  for (guint i = 0; i < im_influx_result_get_n_series (result); i++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (result, i);
      int column = im_influx_series_find_column (series, "value");

      for (guint row = 0; row < im_influx_series_get_n_rows (series); row++)
        {
          const char *id = get_string (series, row, column);

          if (id != NULL && !g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
            g_ptr_array_add (ids, g_strdup (id));
        }
    }

  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);

  return (GStrv) g_ptr_array_steal (ids, NULL);
}

/* Machines per statement list below which one query does it all. */
#define RECENT_MIN_PER_PART 100
#define RECENT_MAX_PARTS 4
/* A refresh asks again for this much before what it has, for readings
 * written late; later ones wait for the next full fetch. */
#define RECENT_OVERLAP_NS (10 * IM_NSEC_PER_SEC)

/* What health is computed from: a fifth of an ImReading. */
typedef struct
{
  gint64 time_ns;
  double values[IM_N_SENSORS];
} RecentValues;

/* What recent_readings() read last, per machine: its window, oldest
 * first, up to the newest reading then. */
typedef struct
{
  GArray *readings;   /* RecentValues */
  gint64  last_ns;
} RecentMachine;

static void
recent_machine_free (gpointer data)
{
  RecentMachine *machine = data;

  g_array_unref (machine->readings);
  g_free (machine);
}

/* Some of the machines of recent_readings(): [first, first + n). */
typedef struct
{
  ImInfluxClient *client;
  GPtrArray      *fresh;      /* ImMachineReadings: what the statements read */
  const gint64   *from_ns;
  const gint64   *to_ns;
  guint           first;
  guint           n;
  GCancellable   *cancellable;
  GError         *error;
} RecentPart;

/* Statement i of the part's query is its machine first + i. */
static gpointer
recent_part_run (gpointer data)
{
  RecentPart *part = data;
  g_autofree const char **ids = g_new (const char *, part->n);
  g_autofree char *q = NULL;
  g_autoptr(ImInfluxResult) result = NULL;

  for (guint i = 0; i < part->n; i++)
    ids[i] = ((ImMachineReadings *) g_ptr_array_index (part->fresh, part->first + i))->machine_id;

  q = im_influx_query_recent (ids, part->from_ns + part->first, part->to_ns + part->first, part->n);
  result = im_influx_client_query (part->client, q, NULL, part->cancellable, &part->error);
  if (result == NULL)
    return NULL;

  for (guint i = 0; i < im_influx_result_get_n_series (result); i++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (result, i);
      guint statement = im_influx_series_get_statement (series);
      const char *id = im_influx_series_get_tag (series, "machine_id");
      ImMachineReadings *machine;

      if (statement >= part->n)
        continue;
      machine = g_ptr_array_index (part->fresh, part->first + statement);
      if (g_strcmp0 (id, machine->machine_id) == 0)
        read_raw_series (series, id, machine->readings);
    }

  return NULL;
}

guint
im_influx_source_recent_n_parts (guint n_machines)
{
  return CLAMP (MIN (n_machines / RECENT_MIN_PER_PART, g_get_num_processors ()),
                1, RECENT_MAX_PARTS);
}

/* Runs the statements of @fresh in parts side by side: InfluxDB
 * answers each on its own core and the answers are decoded in
 * parallel, which halves the wait with 1 000 machines on two cores. */
static gboolean
recent_fetch (ImInfluxClient  *client,
              GPtrArray       *fresh,
              const gint64    *from_ns,
              const gint64    *to_ns,
              GCancellable    *cancellable,
              GError         **error)
{
  RecentPart parts[RECENT_MAX_PARTS];
  GThread *threads[RECENT_MAX_PARTS] = { NULL };
  GError *first_error = NULL;
  guint n_parts;

  if (fresh->len == 0)
    return TRUE;

  n_parts = im_influx_source_recent_n_parts (fresh->len);
  for (guint p = 0; p < n_parts; p++)
    {
      guint first = (guint) ((guint64) fresh->len * p / n_parts);

      parts[p] = (RecentPart) {
        .client = client,
        .fresh = fresh,
        .from_ns = from_ns,
        .to_ns = to_ns,
        .first = first,
        .n = (guint) ((guint64) fresh->len * (p + 1) / n_parts) - first,
        .cancellable = cancellable,
      };
    }

  /* Each part fills only its own machines. */
  for (guint p = 1; p < n_parts; p++)
    threads[p] = g_thread_new ("im-recent", recent_part_run, &parts[p]);
  recent_part_run (&parts[0]);
  for (guint p = 0; p < n_parts; p++)
    {
      if (threads[p] != NULL)
        g_thread_join (threads[p]);
      if (parts[p].error == NULL)
        continue;
      if (first_error == NULL)
        first_error = parts[p].error;
      else
        g_error_free (parts[p].error);
    }

  if (first_error != NULL)
    {
      g_propagate_error (error, first_error);
      return FALSE;
    }

  return TRUE;
}

/*
 * The newest reading of every machine first, then each machine's window
 * before it. The windows are kept: a refresh asks each machine only for
 * what came since (and RECENT_OVERLAP_NS before, for late readings), so
 * the fleet page's refresh every few seconds reads a few thousand rows,
 * not 300 000. The whole windows are read again when the window changes
 * and every recent_full_interval_ns, for readings written later still.
 */
static GPtrArray *
recent_readings (const Request              *request,
                 const ImDataSourceRequest  *query,
                 GCancellable               *cancellable,
                 GError                    **error)
{
  ImInfluxSource *self = request->source;
  g_autofree char *last_query = im_influx_query_last_seen ();
  g_autoptr(ImInfluxResult) last = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GPtrArray) machines = NULL;
  g_autoptr(GArray) from_ns = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) to_ns = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GHashTable) kept = NULL;
  gint64 now_us = g_get_monotonic_time ();
  gboolean full;

  last = im_influx_client_query (request->client, last_query, NULL, cancellable, error);
  if (last == NULL)
    return NULL;

  locker = g_mutex_locker_new (&self->recent_mutex);
  full = self->recent == NULL || self->recent_window_ns != query->window_ns ||
         now_us - self->recent_full_us >= (gint64) g_atomic_int_get (&self->recent_full_interval_ms) * 1000;
  if (full)
    {
      g_clear_pointer (&self->recent, g_hash_table_unref);
      self->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, recent_machine_free);
      self->recent_window_ns = query->window_ns;
    }

  fresh = g_ptr_array_new_with_free_func ((GDestroyNotify) im_machine_readings_free);
  for (guint i = 0; i < im_influx_result_get_n_series (last); i++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (last, i);
      const char *id = im_influx_series_get_tag (series, "machine_id");
      int time_column = im_influx_series_find_column (series, "time");
      RecentMachine *kept_machine;
      gint64 last_ns, from;

      if (id == NULL || im_influx_series_get_n_rows (series) == 0)
        continue;

      last_ns = get_time (series, 0, time_column);
      from = last_ns - query->window_ns + 1;
      kept_machine = g_hash_table_lookup (self->recent, id);
      if (kept_machine != NULL)
        from = MAX (from, kept_machine->last_ns - RECENT_OVERLAP_NS);
      g_ptr_array_add (fresh, im_machine_readings_new (id));
      g_array_append_val (from_ns, from);
      g_array_append_val (to_ns, last_ns);
    }
  for (guint i = 0; i < to_ns->len; i++)
    g_array_index (to_ns, gint64, i) += 1;

  if (!recent_fetch (request->client, fresh, (const gint64 *) (gpointer) from_ns->data,
                     (const gint64 *) (gpointer) to_ns->data, cancellable, error))
    {
      /* What is kept may have gaps now: read it all again next time. */
      g_clear_pointer (&self->recent, g_hash_table_unref);
      return NULL;
    }
  if (full)
    self->recent_full_us = now_us;

  /* Each machine's window: what was kept before the part read again,
   * then what was read, up to its newest reading. Machines no longer
   * seen are forgotten. */
  kept = g_steal_pointer (&self->recent);
  self->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, recent_machine_free);
  machines = g_ptr_array_new_with_free_func ((GDestroyNotify) im_machine_readings_free);
  for (guint i = 0; i < fresh->len; i++)
    {
      ImMachineReadings *read = g_ptr_array_index (fresh, i);
      gint64 from = g_array_index (from_ns, gint64, i);
      gint64 last_ns = g_array_index (to_ns, gint64, i) - 1;
      gint64 window_from = last_ns - query->window_ns + 1;
      RecentMachine *machine = NULL;
      ImMachineReadings *out;
      guint keep_from = 0, keep_to;
      gboolean nothing_kept;
      gpointer key;

      if (g_hash_table_steal_extended (kept, read->machine_id, &key, (gpointer *) &machine))
        g_free (key);
      else
        {
          machine = g_new0 (RecentMachine, 1);
          machine->readings = g_array_new (FALSE, FALSE, sizeof (RecentValues));
        }

      /* Kept: [window_from, from); then what was read. */
      keep_to = machine->readings->len;
      while (keep_to > 0 &&
             g_array_index (machine->readings, RecentValues, keep_to - 1).time_ns >= from)
        keep_to--;
      while (keep_from < keep_to &&
             g_array_index (machine->readings, RecentValues, keep_from).time_ns < window_from)
        keep_from++;
      g_array_set_size (machine->readings, keep_to);
      g_array_remove_range (machine->readings, 0, keep_from);
      nothing_kept = machine->readings->len == 0;
      for (guint r = 0; r < read->readings->len; r++)
        {
          const ImReading *reading = &g_array_index (read->readings, ImReading, r);
          RecentValues values = { reading->time_ns, { 0 } };

          memcpy (values.values, reading->values, sizeof values.values);
          g_array_append_val (machine->readings, values);
        }
      machine->last_ns = last_ns;

      g_hash_table_insert (self->recent, g_strdup (read->machine_id), machine);

      /* All of it read now (a whole read): the answer as it came. */
      if (nothing_kept)
        {
          g_ptr_array_add (machines, g_steal_pointer (&g_ptr_array_index (fresh, i)));
          continue;
        }

      out = im_machine_readings_new (read->machine_id);
      g_array_set_size (out->readings, machine->readings->len);
      for (guint r = 0; r < machine->readings->len; r++)
        {
          const RecentValues *values = &g_array_index (machine->readings, RecentValues, r);
          ImReading *reading = &g_array_index (out->readings, ImReading, r);

          im_reading_init (reading);
          g_strlcpy (reading->machine_id, read->machine_id, sizeof reading->machine_id);
          reading->time_ns = values->time_ns;
          memcpy (reading->values, values->values, sizeof reading->values);
        }
      g_ptr_array_add (machines, out);
    }

  g_ptr_array_sort (machines, im_machine_readings_compare);

  return g_steal_pointer (&machines);
}

static gboolean
collect_chunk (const ImReading  *readings,
               gsize             n_readings,
               gpointer          user_data,
               GError          **error)
{
  g_array_append_vals (user_data, readings, n_readings);

  return TRUE;
}

static GArray *
query_raw (const Request              *request,
           const ImDataSourceRequest  *query,
           GCancellable               *cancellable,
           GError                    **error)
{
  g_autoptr(GArray) readings = g_array_new (FALSE, FALSE, sizeof (ImReading));

  if (!fetch_raw_paged (request->client, request->page_size, query->machine_id,
                        query->from_ns, query->to_ns,
                        collect_chunk, readings, NULL, cancellable, error))
    return NULL;

  return g_steal_pointer (&readings);
}

/* An answer that says the server has no such thing (InfluxDB 2/3 through
 * the v1 API, or a database without rollups), rather than that it could
 * not be asked. */
static gboolean
is_absence (const GError *error)
{
  return error->domain == IM_INFLUX_ERROR && !im_influx_error_is_retryable (error);
}

/* The time of each rollup's oldest row, G_MAXINT64 for absent ones; FALSE
 * only when the server could not be asked. @lasting: (out): whether the
 * answer holds for the connection (not while the database is missing: the
 * ingestion may create it, rollups and all; nor while a rollup exists
 * without rows yet). */
static gboolean
probe_rollups (ImInfluxClient  *client,
               gint64          *oldest_ns,
               gboolean        *lasting,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autofree char *show = im_influx_query_retention_policies ();
  g_autoptr(ImInfluxResult) policies = NULL;
  g_autoptr(GError) local_error = NULL;
  const ImInfluxRollup *rollups;
  guint n_rollups;

  rollups = im_influx_rollups_get (&n_rollups);
  for (guint i = 0; i < n_rollups; i++)
    oldest_ns[i] = G_MAXINT64;

  *lasting = TRUE;
  policies = im_influx_client_query (client, show, NULL, cancellable, &local_error);
  if (policies == NULL)
    {
      if (is_absence (local_error))
        {
          *lasting = !g_error_matches (local_error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_NOT_FOUND) &&
                     strstr (local_error->message, "database not found") == NULL;
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; i < n_rollups; i++)
    {
      g_autofree char *first = NULL;
      g_autoptr(ImInfluxResult) oldest = NULL;
      gboolean exists = FALSE;

      for (guint s = 0; s < im_influx_result_get_n_series (policies) && !exists; s++)
        {
          const ImInfluxSeries *series = im_influx_result_get_series (policies, s);
          int name = im_influx_series_find_column (series, "name");

          for (guint row = 0; row < im_influx_series_get_n_rows (series) && !exists; row++)
            exists = g_strcmp0 (get_string (series, row, name), rollups[i].retention_policy) == 0;
        }
      if (!exists)
        continue;

      first = im_influx_query_rollup_oldest (&rollups[i]);
      oldest = im_influx_client_query (client, first, NULL, cancellable, &local_error);
      if (oldest == NULL)
        {
          if (is_absence (local_error))
            {
              g_clear_error (&local_error);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (im_influx_result_get_n_series (oldest) > 0 &&
          im_influx_series_get_n_rows (im_influx_result_get_series (oldest, 0)) > 0)
        oldest_ns[i] = get_time (im_influx_result_get_series (oldest, 0), 0, 0);
      else
        /* Created, but its continuous query has not run yet (a fresh
         * stack: the hour rollup's first row comes after an hour): ask
         * again next time rather than read raw for good. */
        *lasting = FALSE;
    }

  return TRUE;
}

/* Asked once per source (and so per connection), then remembered. */
static gboolean
get_rollups (ImInfluxSource  *self,
             ImInfluxClient  *client,
             gint64          *oldest_ns,
             GCancellable    *cancellable,
             GError         **error)
{
  guint n_rollups;
  gboolean ok = TRUE;

  im_influx_rollups_get (&n_rollups);

  g_mutex_lock (&self->rollups_mutex);
  if (!self->rollups_probed)
    {
      gboolean lasting = FALSE;

      ok = probe_rollups (client, self->rollups_oldest_ns, &lasting, cancellable, error);
      self->rollups_probed = ok && lasting;
      if (ok)
        for (guint i = 0; i < n_rollups; i++)
          g_debug ("Rollup %u: %s", i,
                   self->rollups_oldest_ns[i] == G_MAXINT64 ? "absent" : "present");
    }
  if (ok)
    memcpy (oldest_ns, self->rollups_oldest_ns, n_rollups * sizeof (gint64));
  g_mutex_unlock (&self->rollups_mutex);

  return ok;
}

/* @machine_id's oldest raw reading, G_MAXINT64 when it has none or the
 * server could not say (then the rollups are judged by @from alone). */
static gint64
get_raw_oldest (ImInfluxSource *self,
                ImInfluxClient *client,
                const char     *machine_id,
                GCancellable   *cancellable)
{
  g_autofree char *text = NULL;
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 *cached;
  gint64 oldest = G_MAXINT64;

  g_mutex_lock (&self->rollups_mutex);
  cached = g_hash_table_lookup (self->raw_oldest, machine_id);
  if (cached != NULL)
    oldest = *cached;
  g_mutex_unlock (&self->rollups_mutex);
  if (cached != NULL)
    return oldest;

  text = im_influx_query_raw_oldest (machine_id);
  result = im_influx_client_query (client, text, NULL, cancellable, &error);
  if (result == NULL)
    {
      g_debug ("Oldest reading of %s unknown: %s", machine_id, error->message);
      return G_MAXINT64;
    }
  if (im_influx_result_get_n_series (result) == 0 ||
      im_influx_series_get_n_rows (im_influx_result_get_series (result, 0)) == 0)
    return G_MAXINT64;

  oldest = get_time (im_influx_result_get_series (result, 0), 0, 0);
  g_mutex_lock (&self->rollups_mutex);
  g_hash_table_insert (self->raw_oldest, g_strdup (machine_id), g_memdup2 (&oldest, sizeof oldest));
  g_mutex_unlock (&self->rollups_mutex);

  return oldest;
}

static GArray *
query_aggregate (const Request              *request,
                 const ImDataSourceRequest  *query,
                 GCancellable               *cancellable,
                 GError                    **error)
{
  g_autofree char *text = NULL;
  g_autofree gint64 *oldest_ns = NULL;
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (ImAggregate));
  const ImInfluxRollup *rollups;
  guint n_rollups;
  int rollup;

  rollups = im_influx_rollups_get (&n_rollups);
  oldest_ns = g_new (gint64, n_rollups);
  if (!get_rollups (request->source, request->client, oldest_ns, cancellable, error))
    return NULL;

  {
    gint64 raw_oldest = G_MAXINT64;
    gboolean any = FALSE;

    for (guint i = 0; i < n_rollups; i++)
      any |= oldest_ns[i] != G_MAXINT64;
    /* On a database younger than the range a rollup holds all there is
     * even though it does not reach back to @from. */
    if (any)
      raw_oldest = get_raw_oldest (request->source, request->client, query->machine_id, cancellable);
    rollup = im_influx_choose_rollup (rollups, n_rollups, oldest_ns, raw_oldest,
                                      query->from_ns, query->window_ns);
  }
  {
    g_autofree char *values = NULL;
    g_autofree char *states = NULL;

    if (rollup < 0)
      values = im_influx_query_aggregate (query->machine_id, query->from_ns, query->to_ns,
                                          query->window_ns);
    else
      values = im_influx_query_aggregate_rollup (&rollups[rollup], query->machine_id,
                                                 query->from_ns, query->to_ns, query->window_ns);
    states = im_influx_query_state_counts (rollup < 0 ? NULL : &rollups[rollup],
                                           query->machine_id, query->from_ns, query->to_ns,
                                           query->window_ns);
    text = g_strconcat (values, ";", states, NULL);
  }
  result = im_influx_client_query (request->client, text, NULL, cancellable, error);
  if (result == NULL)
    return NULL;

  /* Statement 0, columns by position: time, count, then mean, min, max
   * per sensor. */
  for (guint i = 0; i < im_influx_result_get_n_series (result); i++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (result, i);
      guint n_rows = im_influx_series_get_n_rows (series);

      if (im_influx_series_get_statement (series) != 0)
        continue;

      if (im_influx_series_get_n_columns (series) != 2 + 3 * IM_N_SENSORS)
        {
          g_set_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PROTOCOL,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The aggregated series has %u column instead of %u",
                                    "The aggregated series has %u columns instead of %u",
                                    im_influx_series_get_n_columns (series)),
                       im_influx_series_get_n_columns (series),
                       2 + 3 * IM_N_SENSORS);
          return NULL;
        }

      for (guint row = 0; row < n_rows; row++)
        {
          ImAggregate agg;
          double count = im_influx_series_get_double (series, row, 1);

          agg.time_ns = get_time (series, row, 0);
          agg.count = isfinite (count) ? (guint) count : 0;
          agg.n_degrading = agg.n_failing = 0;
          for (guint s = 0; s < IM_N_SENSORS; s++)
            {
              agg.mean[s] = im_influx_series_get_double (series, row, 2 + 3 * s);
              agg.min[s] = im_influx_series_get_double (series, row, 3 + 3 * s);
              agg.max[s] = im_influx_series_get_double (series, row, 4 + 3 * s);
            }
          g_array_append_val (windows, agg);
        }
    }

  /* Statements 1 and 2: time and count, of the degrading and the failing
   * readings, windows in the same order. */
  for (guint i = 0; i < im_influx_result_get_n_series (result); i++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (result, i);
      guint statement = im_influx_series_get_statement (series);
      guint w = 0;

      if (statement != 1 && statement != 2)
        continue;

      for (guint row = 0; row < im_influx_series_get_n_rows (series); row++)
        {
          gint64 time_ns = get_time (series, row, 0);
          double count = im_influx_series_get_double (series, row, 1);

          while (w < windows->len && g_array_index (windows, ImAggregate, w).time_ns < time_ns)
            w++;
          if (w == windows->len || g_array_index (windows, ImAggregate, w).time_ns != time_ns ||
              !isfinite (count))
            continue;
          if (statement == 1)
            g_array_index (windows, ImAggregate, w).n_degrading = (guint) count;
          else
            g_array_index (windows, ImAggregate, w).n_failing = (guint) count;
        }
    }

  return g_steal_pointer (&windows);
}

static guint64 *
export_raw (const Request              *request,
            const ImDataSourceRequest  *query,
            GCancellable               *cancellable,
            GError                    **error)
{
  guint64 total = 0;

  if (!fetch_raw_paged (request->client, request->page_size, query->machine_id,
                        query->from_ns, query->to_ns,
                        query->chunk_func, query->chunk_data, &total,
                        cancellable, error))
    return NULL;

  return g_memdup2 (&total, sizeof total);
}

/* Reads every alarm point of @result into @alarms, once per id. */
static gboolean
read_alarms (ImInfluxResult  *result,
             GArray          *alarms,
             GHashTable      *seen,
             GError         **error)
{
  for (guint i = 0; i < im_influx_result_get_n_series (result); i++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (result, i);

      for (guint row = 0; row < im_influx_series_get_n_rows (series); row++)
        {
          ImAlarm alarm;

          if (!im_alarm_from_influx_row (&alarm, series, row, error))
            return FALSE;
          if (g_hash_table_contains (seen, alarm.id))
            continue;
          g_array_append_val (alarms, alarm);
          g_hash_table_add (seen, g_strdup (alarm.id));
        }
    }

  return TRUE;
}

/* The detector applies acknowledgements when it reads them back; until
 * it has, the app applies them itself, so an acknowledgement shows at
 * once in every app. */
static gboolean
apply_acks (const Request  *request,
            const char     *machine_id,
            GArray         *alarms,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autofree char *text = NULL;
  g_autoptr(ImInfluxResult) result = NULL;
  gint64 oldest = G_MAXINT64;

  for (guint i = 0; i < alarms->len; i++)
    oldest = MIN (oldest, g_array_index (alarms, ImAlarm, i).started_ns);
  if (alarms->len == 0)
    return TRUE;

  text = im_influx_query_alarm_acks (machine_id, oldest);
  result = im_influx_client_query (request->client, text, NULL, cancellable, error);
  if (result == NULL)
    return FALSE;

  for (guint i = 0; i < im_influx_result_get_n_series (result); i++)
    {
      const ImInfluxSeries *series = im_influx_result_get_series (result, i);

      for (guint row = 0; row < im_influx_series_get_n_rows (series); row++)
        {
          g_autoptr(GError) local = NULL;
          ImAlarmAck ack;

          /* One bad point does not hide every alarm. */
          if (!im_alarm_ack_from_influx_row (&ack, series, row, &local))
            {
              g_debug ("Skipping an acknowledgement: %s", local->message);
              continue;
            }
          for (guint a = 0; a < alarms->len; a++)
            im_alarm_apply_ack (&g_array_index (alarms, ImAlarm, a), &ack);
        }
    }

  return TRUE;
}

static GArray *
list_alarms (const Request              *request,
             const ImDataSourceRequest  *query,
             GCancellable               *cancellable,
             GError                    **error)
{
  g_autofree char *text = NULL;
  g_autoptr(ImInfluxResult) result = NULL;
  g_autoptr(GArray) alarms = g_array_new (FALSE, FALSE, sizeof (ImAlarm));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  text = im_influx_query_alarms (query->machine_id, query->from_ns, query->to_ns);
  result = im_influx_client_query (request->client, text, NULL, cancellable, error);
  if (result == NULL || !read_alarms (result, alarms, seen, error))
    return NULL;

  if (!apply_acks (request, query->machine_id, alarms, cancellable, error))
    return NULL;

  im_alarm_list_sort_by_start (alarms);

  return g_steal_pointer (&alarms);
}

static GArray *
acknowledge_alarms (const Request              *request,
                    const ImDataSourceRequest  *query,
                    GCancellable               *cancellable,
                    GError                    **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (ImAlarm));

  for (guint i = 0; i < query->alarms->len; i++)
    {
      ImAlarm alarm = g_array_index (query->alarms, ImAlarm, i);
      ImAlarmAck ack;

      /* Each its own nanosecond: two of one machine would be one point. */
      if (!im_alarm_ack_init (&ack, alarm.id, alarm.machine_id, query->user,
                              query->time_ns + i, error) ||
          !im_alarm_ack_append_line_protocol (&ack, body, error))
        return NULL;
      im_alarm_apply_ack (&alarm, &ack);
      g_array_append_val (done, alarm);
    }

  if (body->len > 0 &&
      !im_influx_client_write (request->client, body->str, body->len, cancellable, error))
    return NULL;

  return g_steal_pointer (&done);
}

static void
request_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const Request *request = task_data;
  const ImDataSourceRequest *query = im_data_source_task_get_request (request->outer);
  GError *error = NULL;
  gpointer value = NULL;

  switch (query->kind)
    {
    case IM_DATA_SOURCE_LIST_MACHINES:
      value = list_machines (request, cancellable, &error);
      break;

    case IM_DATA_SOURCE_RECENT_READINGS:
      value = recent_readings (request, query, cancellable, &error);
      break;

    case IM_DATA_SOURCE_QUERY_RAW:
      value = query_raw (request, query, cancellable, &error);
      break;

    case IM_DATA_SOURCE_QUERY_AGGREGATE:
      value = query_aggregate (request, query, cancellable, &error);
      break;

    case IM_DATA_SOURCE_EXPORT_RAW:
      value = export_raw (request, query, cancellable, &error);
      break;

    case IM_DATA_SOURCE_LIST_ALARMS:
      value = list_alarms (request, query, cancellable, &error);
      break;

    case IM_DATA_SOURCE_ACKNOWLEDGE_ALARMS:
      value = acknowledge_alarms (request, query, cancellable, &error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, im_data_source_request_get_value_free (query));
}

/* On the main thread: the outcome says whether the backend answered. */
static void
request_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ImInfluxSource *self = IM_INFLUX_SOURCE (object);
  Request *request = g_task_get_task_data (G_TASK (result));
  GTask *outer = g_steal_pointer (&request->outer);
  GError *error = NULL;
  gpointer value;

  value = g_task_propagate_pointer (G_TASK (result), &error);
  request_ended (self);

  if (error == NULL)
    {
      self->answered_ns = im_now_ns ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWERED_TIME]);
      self->error_from_probe = FALSE;
      set_error (self, NULL, NULL);
    }
  else if (error->domain == IM_INFLUX_ERROR)
    {
      g_autofree char *message = describe_error (self, error);

      self->error_from_probe = FALSE;
      set_error (self, message, error->message);
    }

  im_data_source_task_return (outer, value, error);
  g_object_unref (outer);
}

static void
im_influx_source_run (ImDataSource *source,
                      GTask        *task)
{
  ImInfluxSource *self = IM_INFLUX_SOURCE (source);
  g_autoptr(GTask) inner = NULL;
  Request *request = g_new0 (Request, 1);

  request->source = g_object_ref (self);
  request->client = g_object_ref (self->client);
  request->page_size = self->page_size;
  request->outer = task;
  request_started (self);

  inner = g_task_new (self, g_task_get_cancellable (task), request_done_cb, NULL);
  g_task_set_source_tag (inner, im_influx_source_run);
  g_task_set_task_data (inner, request, request_free);
  g_task_run_in_thread (inner, request_thread);
}

static void
data_source_iface_init (ImDataSourceInterface *iface)
{
  iface->run = im_influx_source_run;
}

/* ---- GObject ------------------------------------------------------- */

static void
im_influx_source_constructed (GObject *object)
{
  ImInfluxSource *self = (ImInfluxSource *) object;

  G_OBJECT_CLASS (im_influx_source_parent_class)->constructed (object);

  /* /ping needs no credentials; a connection of its own, not one a hung
   * request holds. */
  self->probe_client = im_influx_client_new (im_influx_client_get_url (self->client),
                                             im_influx_client_get_database (self->client));
  im_influx_client_set_timeouts (self->probe_client, PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS);
}

static void
im_influx_source_dispose (GObject *object)
{
  ImInfluxSource *self = (ImInfluxSource *) object;

  probe_stop (self);

  G_OBJECT_CLASS (im_influx_source_parent_class)->dispose (object);
}

static void
im_influx_source_finalize (GObject *object)
{
  ImInfluxSource *self = (ImInfluxSource *) object;

  g_clear_object (&self->client);
  g_clear_object (&self->probe_client);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->error_details, g_free);
  g_clear_pointer (&self->rollups_oldest_ns, g_free);
  g_clear_pointer (&self->raw_oldest, g_hash_table_unref);
  g_mutex_clear (&self->rollups_mutex);
  g_clear_pointer (&self->recent, g_hash_table_unref);
  g_mutex_clear (&self->recent_mutex);

  G_OBJECT_CLASS (im_influx_source_parent_class)->finalize (object);
}

static void
im_influx_source_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ImInfluxSource *self = IM_INFLUX_SOURCE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_TITLE:
      /* Translators: "DATABASE on URL", e.g. "sensors on http://127.0.0.1:8086" */
      g_value_take_string (value, g_strdup_printf (_("%s on %s"),
                                                   im_influx_client_get_database (self->client),
                                                   im_influx_client_get_url (self->client)));
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_ERROR_DETAILS:
      g_value_set_string (value, self->error_details);
      break;

    case PROP_ANSWERED_TIME:
      g_value_set_int64 (value, self->answered_ns);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_influx_source_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ImInfluxSource *self = IM_INFLUX_SOURCE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_influx_source_class_init (ImInfluxSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = im_influx_source_constructed;
  object_class->dispose = im_influx_source_dispose;
  object_class->finalize = im_influx_source_finalize;
  object_class->get_property = im_influx_source_get_property;
  object_class->set_property = im_influx_source_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         IM_TYPE_INFLUX_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * ImInfluxSource:error-details:
   *
   * The text behind #ImDataSource:error-message: libcurl's or the
   * server's, or what the health probe found.
   */
  properties[PROP_ERROR_DETAILS] =
    g_param_spec_string ("error-details", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ImInfluxSource:answered-time:
   *
   * When a request was last answered (ns since the epoch), 0 before.
   */
  properties[PROP_ANSWERED_TIME] =
    g_param_spec_int64 ("answered-time", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_ERROR_MESSAGE, "error-message");
}

static void
im_influx_source_init (ImInfluxSource *self)
{
  guint n_rollups;

  im_influx_rollups_get (&n_rollups);
  self->page_size = IM_INFLUX_SOURCE_PAGE_SIZE;
  g_mutex_init (&self->rollups_mutex);
  g_mutex_init (&self->recent_mutex);
  self->recent_full_interval_ms = (gint) (IM_HEALTH_WINDOW_NS / IM_NSEC_PER_MSEC);
  self->rollups_oldest_ns = g_new (gint64, n_rollups);
  self->raw_oldest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

ImInfluxSource *
im_influx_source_new (ImInfluxClient *client)
{
  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (client), NULL);

  return g_object_new (IM_TYPE_INFLUX_SOURCE,
                       "client", client,
                       NULL);
}

ImInfluxClient *
im_influx_source_get_client (ImInfluxSource *self)
{
  g_return_val_if_fail (IM_IS_INFLUX_SOURCE (self), NULL);

  return self->client;
}

guint
im_influx_source_get_page_size (ImInfluxSource *self)
{
  g_return_val_if_fail (IM_IS_INFLUX_SOURCE (self), 0);

  return self->page_size;
}

void
im_influx_source_set_recent_full_interval (ImInfluxSource *self,
                                           gint64          interval_ns)
{
  g_return_if_fail (IM_IS_INFLUX_SOURCE (self));
  g_return_if_fail (interval_ns >= 0 && interval_ns / IM_NSEC_PER_MSEC <= G_MAXINT);

  /* Not under recent_mutex, which a request holds while it reads. */
  g_atomic_int_set (&self->recent_full_interval_ms, (gint) (interval_ns / IM_NSEC_PER_MSEC));
}

void
im_influx_source_set_page_size (ImInfluxSource *self,
                                guint           page_size)
{
  g_return_if_fail (IM_IS_INFLUX_SOURCE (self));
  g_return_if_fail (page_size > 0);

  self->page_size = page_size;
}
