/* test-influx-source.c — ImInfluxSource against the real InfluxDB.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills a database of its own with readings of lib's simulation model,
 * written with lib's client and line protocol, then checks that what the
 * source reads back equals what was written; the means of the aggregated
 * history are computed here, independently.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-health.h"
#include "im-influx-rollups.h"
#include "im-influx-source.h"
#include "im-line-protocol.h"
#include "im-sim.h"
#include "im-test-backend.h"
#include "im-util.h"

#include "im-test-app-util.h"

#define N_MACHINES    3
#define HISTORY_S     2400
#define PAGED_MACHINE "MACHINE_PAGED"
#define PAGED_TIMES   8334   /* × 3 sensors: pages of 10 000 split a time */

typedef struct
{
  ImInfluxClient *client;
  ImInfluxSource *source;
  char           *database;
  GArray         *written;    /* ImReading, in time order */
  GArray         *paged;      /* ImReading of PAGED_MACHINE */
  gint64          start_ns;
  gint64          end_ns;
} Fixture;

static Fixture fixture;

static void
write_readings (const ImReading *readings,
                gsize            n)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (im_lp_append_reading (body, &readings[i], &error));
      g_assert_no_error (error);

      if ((i + 1) % 5000 == 0 || i + 1 == n)
        {
          g_assert_true (im_influx_client_write (fixture.client, body->str, body->len, NULL, &error));
          g_assert_no_error (error);
          g_string_truncate (body, 0);
        }
    }
}

static gboolean
set_up (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ImSimFleet) fleet = NULL;
  ImSimConfig config;
  gint64 now = im_now_ns ();

  if (backend == NULL)
    return FALSE;

  fixture.database = im_test_unique_name ("im_app_test");
  fixture.client = im_influx_client_new (backend->influxdb_url, fixture.database);
  g_assert_true (im_influx_client_create_database (fixture.client, NULL, &error));
  g_assert_no_error (error);

  /* 40 minutes of three simulated machines, up to now. */
  im_sim_config_init (&config);
  config.n_machines = N_MACHINES;
  config.seed = 7;
  config.start_time_ns = (now / IM_NSEC_PER_SEC - HISTORY_S) * IM_NSEC_PER_SEC;
  fixture.start_ns = config.start_time_ns;
  fixture.end_ns = now;

  fleet = im_sim_fleet_new (&config);
  fixture.written = g_array_new (FALSE, FALSE, sizeof (ImReading));
  while (im_sim_fleet_peek_time (fleet) <= now)
    {
      ImReading r;

      im_sim_fleet_next (fleet, &r);
      g_array_append_val (fixture.written, r);
    }
  write_readings ((const ImReading *) (gpointer) fixture.written->data, fixture.written->len);

  /* A machine with three sensors at each time, for the paging. */
  fixture.paged = g_array_new (FALSE, FALSE, sizeof (ImReading));
  for (guint t = 0; t < PAGED_TIMES; t++)
    for (guint s = 0; s < 3; s++)
      {
        ImReading r;

        im_reading_init (&r);
        g_strlcpy (r.machine_id, PAGED_MACHINE, sizeof r.machine_id);
        g_snprintf (r.sensor_id, sizeof r.sensor_id, "%s-S%u", PAGED_MACHINE, s + 1);
        r.time_ns = fixture.start_ns + t * 100 * IM_NSEC_PER_MSEC;
        r.values[IM_SENSOR_TEMPERATURE] = 50.0 + t * 0.001 + s;
        r.values[IM_SENSOR_VIBRATION] = 1.0;
        r.values[IM_SENSOR_PRESSURE] = 50.0;
        r.values[IM_SENSOR_POWER] = 250.0 + s;
        r.state = IM_MACHINE_STATE_NORMAL;
        r.degradation = 0.0;
        g_array_append_val (fixture.paged, r);
      }
  write_readings ((const ImReading *) (gpointer) fixture.paged->data, fixture.paged->len);

  g_test_message ("database %s: %u simulated readings, %u paged", fixture.database,
                  fixture.written->len, fixture.paged->len);

  fixture.source = im_influx_source_new (fixture.client);
  /* Pages of 10 000 rows: the 25 002 rows cross two page boundaries,
   * each inside a time that three sensors share. */
  im_influx_source_set_page_size (fixture.source, 10000);

  return TRUE;
}

/* Fills the database once, inside the first test: a missing backend
 * skips each test with the reason. */
static gboolean
ensure_fixture (void)
{
  static gboolean tried;

  if (!tried)
    {
      tried = TRUE;
      set_up ();
    }

  if (fixture.source == NULL)
    {
      im_test_backend_get ();  /* skips with the reason, or fails under IM_REQUIRE_BACKEND */
      return FALSE;
    }

  return TRUE;
}

static void
tear_down (void)
{
  g_autoptr(GString) q = g_string_new ("DROP DATABASE ");
  g_autoptr(ImInfluxResult) result = NULL;

  if (fixture.client == NULL)
    return;

  im_influxql_append_identifier (q, fixture.database);
  result = im_influx_client_query (fixture.client, q->str, NULL, NULL, NULL);

  g_clear_object (&fixture.source);
  g_clear_object (&fixture.client);
  g_clear_pointer (&fixture.written, g_array_unref);
  g_clear_pointer (&fixture.paged, g_array_unref);
  g_clear_pointer (&fixture.database, g_free);
}

/* The written readings of @machine in [from, to). */
static GArray *
written_range (const char *machine,
               gint64      from,
               gint64      to)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (ImReading));

  for (guint i = 0; i < fixture.written->len; i++)
    {
      const ImReading *r = &g_array_index (fixture.written, ImReading, i);

      if (strcmp (r->machine_id, machine) == 0 && r->time_ns >= from && r->time_ns < to)
        g_array_append_vals (out, r, 1);
    }

  return out;
}

/* What health is computed from: machine, time and the sensors' values. */
static void
assert_values_equal (const ImReading *a,
                     const ImReading *b)
{
  g_assert_cmpstr (a->machine_id, ==, b->machine_id);
  g_assert_cmpint (a->time_ns, ==, b->time_ns);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    g_assert_cmpfloat (a->values[s], ==, b->values[s]);
}

static void
assert_readings_equal (const ImReading *a,
                       const ImReading *b)
{
  assert_values_equal (a, b);
  g_assert_cmpstr (a->sensor_id, ==, b->sensor_id);
  g_assert_cmpfloat (a->degradation, ==, b->degradation);
  g_assert_cmpint (a->state, ==, b->state);
  g_assert_cmpint (a->anomaly, ==, b->anomaly);
}

static void
test_machines (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) machines = NULL;

  if (!ensure_fixture ())
    return;

  im_data_source_list_machines_async (IM_DATA_SOURCE (fixture.source), NULL,
                                      im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  machines = im_data_source_list_machines_finish (IM_DATA_SOURCE (fixture.source), result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_strv_length (machines), ==, N_MACHINES + 1);
  g_assert_cmpstr (machines[0], ==, "MACHINE_001");
  g_assert_cmpstr (machines[1], ==, "MACHINE_002");
  g_assert_cmpstr (machines[2], ==, "MACHINE_003");
  g_assert_cmpstr (machines[3], ==, PAGED_MACHINE);
}

static void
test_raw (void)
{
  gint64 from = fixture.start_ns + 600 * IM_NSEC_PER_SEC;
  gint64 to = fixture.start_ns + 900 * IM_NSEC_PER_SEC;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) raw = NULL;
  g_autoptr(GArray) expected = NULL;

  if (!ensure_fixture ())
    return;

  im_data_source_query_raw_async (IM_DATA_SOURCE (fixture.source), "MACHINE_002", from, to, NULL,
                                  im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  raw = im_data_source_query_raw_finish (IM_DATA_SOURCE (fixture.source), result, &error);
  g_assert_no_error (error);

  expected = written_range ("MACHINE_002", from, to);
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (raw->len, ==, expected->len);
  for (guint i = 0; i < raw->len; i++)
    assert_readings_equal (&g_array_index (raw, ImReading, i),
                           &g_array_index (expected, ImReading, i));
}

static void
test_hostile_machine_id (void)
{
  static const char * const ids[] = {
    "MACHINE_001' OR machine_id='MACHINE_002",
    "MACHINE_001\\' OR 1=1 --",
    "x'; DROP DATABASE sensors; --",
    "MACHINE_001\n",
  };

  if (!ensure_fixture ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) raw = NULL;

      im_data_source_query_raw_async (IM_DATA_SOURCE (fixture.source), ids[i],
                                      fixture.start_ns, fixture.end_ns + IM_NSEC_PER_SEC, NULL,
                                      im_test_store_result, &result);
      im_test_wait_result (&result, 30);
      raw = im_data_source_query_raw_finish (IM_DATA_SOURCE (fixture.source), result, &error);

      /* A valid statement that matches no machine. */
      g_assert_no_error (error);
      g_assert_cmpuint (raw->len, ==, 0);
    }
}

static void
test_recent_and_health (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) machines = NULL;
  gint64 now = im_now_ns ();
  g_autofree char *message = NULL;

  if (!ensure_fixture ())
    return;

  im_data_source_recent_readings_async (IM_DATA_SOURCE (fixture.source), IM_HEALTH_WINDOW_NS, NULL,
                                        im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  machines = im_data_source_recent_readings_finish (IM_DATA_SOURCE (fixture.source), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (machines->len, ==, N_MACHINES + 1);

  for (guint m = 0; m < N_MACHINES; m++)
    {
      ImMachineReadings *machine = g_ptr_array_index (machines, m);
      g_autofree char *id = g_strdup_printf ("MACHINE_%03u", m + 1);
      g_autoptr(GArray) all = written_range (id, 0, G_MAXINT64);
      g_autoptr(GArray) expected = NULL;
      gint64 last = g_array_index (all, ImReading, all->len - 1).time_ns;
      ImHealth got, want;

      g_assert_cmpstr (machine->machine_id, ==, id);
      expected = written_range (id, last - IM_HEALTH_WINDOW_NS + 1, last + 1);
      g_assert_cmpuint (machine->readings->len, ==, expected->len);
      for (guint i = 0; i < expected->len; i++)
        assert_values_equal (&g_array_index (machine->readings, ImReading, i),
                             &g_array_index (expected, ImReading, i));

      /* The latest values, and the health lib computes from them. */
      im_health_compute ((const ImReading *) (gpointer) machine->readings->data,
                         machine->readings->len, now, &got);
      im_health_compute ((const ImReading *) (gpointer) expected->data, expected->len, now, &want);
      g_assert_cmpfloat (got.score, ==, want.score);
      g_assert_cmpint (got.status, ==, want.status);
      g_assert_cmpint (got.last_seen_ns, ==, last);
    }

  /* The paged machine stopped 40 minutes ago: still listed, offline. */
  {
    ImMachineReadings *machine = g_ptr_array_index (machines, N_MACHINES);
    ImHealth health;

    g_assert_cmpstr (machine->machine_id, ==, PAGED_MACHINE);
    g_assert_cmpuint (machine->readings->len, >, 0);
    im_health_compute ((const ImReading *) (gpointer) machine->readings->data,
                       machine->readings->len, now, &health);
    g_assert_cmpint (health.status, ==, IM_HEALTH_OFFLINE);
  }

  message = im_data_source_dup_error_message (IM_DATA_SOURCE (fixture.source));
  g_assert_null (message);
}

static void
test_aggregate (void)
{
  const gint64 window = 60 * IM_NSEC_PER_SEC;
  gint64 from = fixture.start_ns + 123 * IM_NSEC_PER_SEC;
  gint64 to = fixture.end_ns;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) windows = NULL;
  g_autoptr(GArray) expected = written_range ("MACHINE_001", from, to);
  guint w = 0;

  if (!ensure_fixture ())
    return;

  im_data_source_query_aggregate_async (IM_DATA_SOURCE (fixture.source), "MACHINE_001", from, to,
                                        window, NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  windows = im_data_source_query_aggregate_finish (IM_DATA_SOURCE (fixture.source), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (windows->len, >, 30);

  /* Computed here: readings grouped by floor(time / 60 s). */
  for (guint i = 0; i < expected->len; )
    {
      const ImReading *first = &g_array_index (expected, ImReading, i);
      gint64 bucket = first->time_ns / window * window;
      double sum[IM_N_SENSORS] = { 0 }, min[IM_N_SENSORS], max[IM_N_SENSORS];
      const ImAggregate *agg;
      guint count = 0;

      for (guint s = 0; s < IM_N_SENSORS; s++)
        min[s] = INFINITY, max[s] = -INFINITY;

      for (; i < expected->len; i++)
        {
          const ImReading *r = &g_array_index (expected, ImReading, i);

          if (r->time_ns / window * window != bucket)
            break;
          for (guint s = 0; s < IM_N_SENSORS; s++)
            {
              sum[s] += r->values[s];
              min[s] = MIN (min[s], r->values[s]);
              max[s] = MAX (max[s], r->values[s]);
            }
          count++;
        }

      g_assert_cmpuint (w, <, windows->len);
      agg = &g_array_index (windows, ImAggregate, w++);
      g_assert_cmpint (agg->time_ns, ==, bucket);
      g_assert_cmpuint (agg->count, ==, count);
      for (guint s = 0; s < IM_N_SENSORS; s++)
        {
          g_assert_cmpfloat_with_epsilon (agg->mean[s], sum[s] / count,
                                          1e-9 * fabs (sum[s] / count) + 1e-12);
          g_assert_cmpfloat (agg->min[s], ==, min[s]);
          g_assert_cmpfloat (agg->max[s], ==, max[s]);
        }
    }

  g_assert_cmpuint (w, ==, windows->len);
}

static GArray *
aggregate_ok (ImInfluxSource *source,
              const char     *machine,
              gint64          from,
              gint64          to,
              gint64          window)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *windows;

  im_data_source_query_aggregate_async (IM_DATA_SOURCE (source), machine, from, to,
                                        window, NULL, im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  windows = im_data_source_query_aggregate_finish (IM_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);

  return windows;
}

/* A client of a new database with the rollups created (empty). */
static ImInfluxClient *
new_rollup_database (const ImTestBackend *backend,
                     const char          *prefix)
{
  g_autofree char *database = im_test_unique_name (prefix);
  ImInfluxClient *client = im_influx_client_new (backend->influxdb_url, database);
  g_autoptr(GError) error = NULL;

  g_assert_true (im_influx_rollups_create (client, "INF", NULL, &error));
  g_assert_no_error (error);

  return client;
}

/* A client of a new database, without rollups. */
static ImInfluxClient *
new_database (const ImTestBackend *backend,
              const char          *prefix)
{
  g_autofree char *database = im_test_unique_name (prefix);
  ImInfluxClient *client = im_influx_client_new (backend->influxdb_url, database);
  g_autoptr(GError) error = NULL;

  g_assert_true (im_influx_client_create_database (client, NULL, &error));
  g_assert_no_error (error);

  return client;
}

/* A reading of @machine's sensor "<machine>-S1" as line protocol;
 * vibration 1 and pressure 50. */
static void
append_reading (GString        *body,
                const char     *machine,
                gint64          time_ns,
                double          temperature,
                double          power,
                ImMachineState  state)
{
  g_autoptr(GError) error = NULL;
  ImReading r;

  im_reading_init (&r);
  g_strlcpy (r.machine_id, machine, sizeof r.machine_id);
  g_snprintf (r.sensor_id, sizeof r.sensor_id, "%s-S1", machine);
  r.time_ns = time_ns;
  r.values[IM_SENSOR_TEMPERATURE] = temperature;
  r.values[IM_SENSOR_VIBRATION] = 1.0;
  r.values[IM_SENSOR_PRESSURE] = 50.0;
  r.values[IM_SENSOR_POWER] = power;
  r.state = state;
  g_assert_true (im_lp_append_reading (body, &r, &error));
  g_assert_no_error (error);
}

/* Writes @body and empties it. */
static void
write_body (ImInfluxClient *client,
            GString        *body)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (im_influx_client_write (client, body->str, body->len, NULL, &error));
  g_assert_no_error (error);
  g_string_truncate (body, 0);
}

static GPtrArray *
recent_ok (ImInfluxSource *source)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *machines;

  im_data_source_recent_readings_async (IM_DATA_SOURCE (source), IM_HEALTH_WINDOW_NS, NULL,
                                        im_test_store_result, &result);
  im_test_wait_result (&result, 30);
  machines = im_data_source_recent_readings_finish (IM_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);

  return machines;
}

static void
drop_database (ImInfluxClient *client)
{
  g_autoptr(GString) drop = g_string_new ("DROP DATABASE ");
  g_autoptr(ImInfluxResult) dropped = NULL;
  g_autoptr(GError) error = NULL;

  im_influxql_append_identifier (drop, im_influx_client_get_database (client));
  dropped = im_influx_client_query (client, drop->str, NULL, NULL, &error);
  g_assert_no_error (error);
}

#define MANY_MACHINES 257

/* A fleet large enough that the source splits its window query in parts
 * run side by side: machine i last seen i s ago (the last one an hour
 * ago), a reading every 10 s for 400 s before that. Each machine gets
 * exactly its own window, whichever part asked for it. */
static void
test_recent_many_machines (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(ImInfluxSource) source = NULL;
  g_autoptr(GPtrArray) machines = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  gint64 now = im_now_ns () / IM_NSEC_PER_SEC * IM_NSEC_PER_SEC;

  if (backend == NULL)
    return;

  client = new_database (backend, "im_app_many");

  for (guint m = 0; m < MANY_MACHINES; m++)
    {
      gint64 last = m + 1 == MANY_MACHINES ? now - 3600 * IM_NSEC_PER_SEC
                                           : now - m * IM_NSEC_PER_SEC;

      g_autofree char *id = g_strdup_printf ("M%03u", m);

      for (guint i = 0; i <= 40; i++)
        append_reading (body, id, last - i * 10 * IM_NSEC_PER_SEC, m + i / 100.0, 250.0,
                        IM_MACHINE_STATE_UNKNOWN);
    }
  write_body (client, body);

  source = im_influx_source_new (client);
  machines = recent_ok (source);
  g_assert_cmpuint (machines->len, ==, MANY_MACHINES);

  for (guint m = 0; m < MANY_MACHINES; m++)
    {
      ImMachineReadings *machine = g_ptr_array_index (machines, m);
      g_autofree char *id = g_strdup_printf ("M%03u", m);
      gint64 last = m + 1 == MANY_MACHINES ? now - 3600 * IM_NSEC_PER_SEC
                                           : now - m * IM_NSEC_PER_SEC;

      g_assert_cmpstr (machine->machine_id, ==, id);
      /* (last - 300 s, last]: the readings at last, last - 10 s, … last - 290 s */
      g_assert_cmpuint (machine->readings->len, ==, 30);
      for (guint i = 0; i < 30; i++)
        {
          const ImReading *r = &g_array_index (machine->readings, ImReading, i);

          g_assert_cmpstr (r->machine_id, ==, id);
          g_assert_cmpint (r->time_ns, ==, last - (29 - i) * 10 * IM_NSEC_PER_SEC);
          g_assert_cmpfloat (r->values[IM_SENSOR_TEMPERATURE], ==, m + (29 - i) / 100.0);
        }
    }

  drop_database (client);
}

static void
write_value (ImInfluxClient *client,
             const char     *machine,
             gint64          time_ns,
             double          temperature)
{
  g_autoptr(GString) body = g_string_new (NULL);

  append_reading (body, machine, time_ns, temperature, 250.0, IM_MACHINE_STATE_UNKNOWN);
  write_body (client, body);
}

/* The readings of @machine in @machines: times and temperatures. */
static void
assert_window (GPtrArray  *machines,
               guint       index,
               const char *machine,
               const gint64 *times,
               const double *temperatures,
               guint       n)
{
  ImMachineReadings *got = g_ptr_array_index (machines, index);

  g_assert_cmpstr (got->machine_id, ==, machine);
  g_assert_cmpuint (got->readings->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const ImReading *r = &g_array_index (got->readings, ImReading, i);

      g_assert_cmpstr (r->machine_id, ==, machine);
      g_assert_cmpint (r->time_ns, ==, times[i]);
      g_assert_cmpfloat (r->values[IM_SENSOR_TEMPERATURE], ==, temperatures[i]);
      g_assert_cmpfloat (r->values[IM_SENSOR_POWER], ==, 250.0);
    }
}

/* A refresh reads only what is new, and 10 s before for late readings;
 * what slid out of the window goes; one written later than that shows
 * at the next whole read, and a machine gone from the database goes. */
static void
test_recent_incremental (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(ImInfluxSource) source = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(GPtrArray) fourth = NULL;
  const gint64 s = IM_NSEC_PER_SEC;
  gint64 t0 = im_now_ns () / s * s - 3600 * s;
  g_autoptr(GError) error = NULL;

  if (backend == NULL)
    return;

  client = new_database (backend, "im_app_incremental");

  /* A: every 100 s from t0 to t0 + 400 s; B: one reading at t0. */
  for (guint i = 0; i <= 4; i++)
    write_value (client, "A", t0 + i * 100 * s, i);
  write_value (client, "B", t0, 100);

  source = im_influx_source_new (client);
  first = recent_ok (source);
  g_assert_cmpuint (first->len, ==, 2);
  {
    /* (400 - 300, 400]: 200, 300, 400 */
    const gint64 times[] = { t0 + 200 * s, t0 + 300 * s, t0 + 400 * s };
    const double temps[] = { 2, 3, 4 };
    const gint64 b_times[] = { t0 };
    const double b_temps[] = { 100 };

    assert_window (first, 0, "A", times, temps, 3);
    assert_window (first, 1, "B", b_times, b_temps, 1);
  }

  /* New at 500 s; late within 10 s of the newest known (395 s) and
   * later than that (250 s). */
  write_value (client, "A", t0 + 500 * s, 5);
  write_value (client, "A", t0 + 395 * s, 3.95);
  write_value (client, "A", t0 + 250 * s, 2.5);
  second = recent_ok (source);
  {
    /* (200, 500]: 300, 395, 400, 500 — not 250, not read again */
    const gint64 times[] = { t0 + 300 * s, t0 + 395 * s, t0 + 400 * s, t0 + 500 * s };
    const double temps[] = { 3, 3.95, 4, 5 };

    assert_window (second, 0, "A", times, temps, 4);
  }

  /* Read whole: 250 s is there; B, dropped from the database, is gone. */
  {
    g_autoptr(GString) q = g_string_new ("DROP SERIES FROM \"sensor_readings\" WHERE \"machine_id\" = 'B'");
    g_autoptr(ImInfluxResult) dropped = im_influx_client_query (client, q->str, NULL, NULL, &error);

    g_assert_no_error (error);
  }
  im_influx_source_set_recent_full_interval (source, 0);
  third = recent_ok (source);
  g_assert_cmpuint (third->len, ==, 1);
  {
    const gint64 times[] = { t0 + 250 * s, t0 + 300 * s, t0 + 395 * s, t0 + 400 * s, t0 + 500 * s };
    const double temps[] = { 2.5, 3, 3.95, 4, 5 };

    assert_window (third, 0, "A", times, temps, 5);
  }

  /* Incremental again: the same as a new source's whole read. */
  im_influx_source_set_recent_full_interval (source, IM_HEALTH_WINDOW_NS);
  write_value (client, "A", t0 + 600 * s, 6);
  fourth = recent_ok (source);
  {
    g_autoptr(ImInfluxSource) fresh_source = im_influx_source_new (client);
    g_autoptr(GPtrArray) whole = recent_ok (fresh_source);
    ImMachineReadings *a = g_ptr_array_index (fourth, 0);
    ImMachineReadings *b = g_ptr_array_index (whole, 0);

    /* (300, 600]: 395, 400, 500, 600 */
    g_assert_cmpuint (a->readings->len, ==, 4);
    g_assert_cmpuint (a->readings->len, ==, b->readings->len);
    for (guint i = 0; i < a->readings->len; i++)
      assert_values_equal (&g_array_index (a->readings, ImReading, i),
                           &g_array_index (b->readings, ImReading, i));
  }

  drop_database (client);
}

/* Ten minutes of @machine at 1 Hz from @start (temperature = second of
 * the minute, power twice that), the rollups computed up to @computed_to,
 * then one late reading (temperature 1000, 30 s in) in raw only: a
 * rollup's answer and the raw one differ by it. */
static void
write_ten_minutes_and_late (ImInfluxClient *client,
                            const char     *machine,
                            gint64          start,
                            gint64          computed_to)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 600; i++)
    append_reading (body, machine, start + i * IM_NSEC_PER_SEC, i % 60, 2.0 * (i % 60),
                    IM_MACHINE_STATE_UNKNOWN);
  write_body (client, body);
  g_assert_true (im_influx_rollups_backfill (client, start, computed_to, NULL, &error));
  g_assert_no_error (error);

  append_reading (body, machine, start + 30 * IM_NSEC_PER_SEC + 1, 1000.0, 60.0,
                  IM_MACHINE_STATE_UNKNOWN);
  write_body (client, body);
}

/* With rollups the aggregate reads the minute rollup for windows it
 * divides, raw readings for the others. A reading written after the
 * rollup was computed tells the two apart. */
static void
test_aggregate_rollup (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(ImInfluxSource) source = NULL;
  g_autoptr(GArray) minutes = NULL;
  g_autoptr(GArray) halves = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 minute = 60 * IM_NSEC_PER_SEC;
  gint64 start;

  if (backend == NULL)
    return;

  client = new_rollup_database (backend, "im_app_rollup");

  /* Two hours ago. */
  start = (im_now_ns () / (3600 * IM_NSEC_PER_SEC) - 2) * 3600 * IM_NSEC_PER_SEC;
  write_ten_minutes_and_late (client, "MACHINE_R", start, start + 10 * minute);

  source = im_influx_source_new (client);

  minutes = aggregate_ok (source, "MACHINE_R", start, start + 10 * minute, 2 * minute);
  g_assert_cmpuint (minutes->len, ==, 5);
  for (guint w = 0; w < minutes->len; w++)
    {
      const ImAggregate *agg = &g_array_index (minutes, ImAggregate, w);

      g_assert_cmpint (agg->time_ns, ==, start + w * 2 * minute);
      g_assert_cmpuint (agg->count, ==, 120);
      g_assert_cmpfloat_with_epsilon (agg->mean[IM_SENSOR_TEMPERATURE], 29.5, 1e-9);
      g_assert_cmpfloat (agg->min[IM_SENSOR_TEMPERATURE], ==, 0);
      g_assert_cmpfloat (agg->max[IM_SENSOR_TEMPERATURE], ==, 59);
      g_assert_cmpfloat_with_epsilon (agg->mean[IM_SENSOR_POWER], 59.0, 1e-9);
    }

  halves = aggregate_ok (source, "MACHINE_R", start, start + 10 * minute, 30 * IM_NSEC_PER_SEC);
  g_assert_cmpuint (halves->len, ==, 20);
  g_assert_cmpuint (g_array_index (halves, ImAggregate, 1).count, ==, 31);
  g_assert_cmpfloat (g_array_index (halves, ImAggregate, 1).max[IM_SENSOR_TEMPERATURE], ==, 1000.0);

  drop_database (client);
}

/* Ten minutes at 1 Hz, degrading for 10 s in minute 3 and failing for
 * 5 s in minute 6: each window counts its degrading and failing
 * readings, from the raw readings and from the rollups alike. */
static void
assert_state_counts (GArray *windows,
                     gint64  start,
                     gint64  window)
{
  guint degrading = 0, failing = 0;

  for (guint w = 0; w < windows->len; w++)
    {
      const ImAggregate *agg = &g_array_index (windows, ImAggregate, w);
      gint64 minute = (agg->time_ns - start) / (60 * IM_NSEC_PER_SEC);
      gboolean has_degrading = agg->time_ns <= start + 190 * IM_NSEC_PER_SEC &&
                               agg->time_ns + window > start + 180 * IM_NSEC_PER_SEC;
      gboolean has_failing = agg->time_ns <= start + 364 * IM_NSEC_PER_SEC &&
                             agg->time_ns + window > start + 360 * IM_NSEC_PER_SEC;

      g_test_message ("window at minute %" G_GINT64_FORMAT ": %u readings, %u degrading, %u failing",
                      minute, agg->count, agg->n_degrading, agg->n_failing);
      g_assert_cmpint (agg->n_degrading > 0, ==, has_degrading);
      g_assert_cmpint (agg->n_failing > 0, ==, has_failing);
      degrading += agg->n_degrading;
      failing += agg->n_failing;
    }
  g_assert_cmpuint (degrading, ==, 10);
  g_assert_cmpuint (failing, ==, 5);
}

static void
test_aggregate_states (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(ImInfluxSource) raw_source = NULL;
  g_autoptr(ImInfluxSource) rollup_source = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) raw = NULL;
  g_autoptr(GArray) halves = NULL;
  g_autoptr(GArray) rolled = NULL;
  const gint64 minute = 60 * IM_NSEC_PER_SEC;
  gint64 start;

  if (backend == NULL)
    return;

  client = new_rollup_database (backend, "im_app_states");
  start = (im_now_ns () / (3600 * IM_NSEC_PER_SEC) - 2) * 3600 * IM_NSEC_PER_SEC;
  for (guint i = 0; i < 600; i++)
    append_reading (body, "MACHINE_S", start + i * IM_NSEC_PER_SEC, 60.0, 250.0,
                    i >= 180 && i < 190 ? IM_MACHINE_STATE_DEGRADING :
                    i >= 360 && i < 365 ? IM_MACHINE_STATE_FAILING : IM_MACHINE_STATE_NORMAL);
  write_body (client, body);

  /* The rollups exist but are empty: raw readings, in 2 min and 30 s. */
  raw_source = im_influx_source_new (client);
  raw = aggregate_ok (raw_source, "MACHINE_S", start, start + 10 * minute, 2 * minute);
  g_assert_cmpuint (raw->len, ==, 5);
  assert_state_counts (raw, start, 2 * minute);
  halves = aggregate_ok (raw_source, "MACHINE_S", start, start + 10 * minute, 30 * IM_NSEC_PER_SEC);
  g_assert_cmpuint (halves->len, ==, 20);
  assert_state_counts (halves, start, 30 * IM_NSEC_PER_SEC);

  /* Computed: the minute rollup's counts. A failing reading written
   * after that, in minute 8, is raw only: the rollup's answer has none
   * there, which tells that it is the rollup's. */
  g_assert_true (im_influx_rollups_backfill (client, start, start + 10 * minute, NULL, &error));
  g_assert_no_error (error);
  append_reading (body, "MACHINE_S", start + 8 * minute + 1, 60.0, 250.0, IM_MACHINE_STATE_FAILING);
  write_body (client, body);
  rollup_source = im_influx_source_new (client);
  rolled = aggregate_ok (rollup_source, "MACHINE_S", start, start + 10 * minute, 2 * minute);
  g_assert_cmpuint (rolled->len, ==, 5);
  assert_state_counts (rolled, start, 2 * minute);

  drop_database (client);
}

/* A database younger than the range (a fresh stack, a month asked):
 * ten minutes of readings, a 30-day range in 2 h windows. The hour
 * rollup holds all there is, so it answers, not InfluxDB aggregating
 * every raw reading; a reading written after the rollups were computed
 * tells the two apart. */
static void
test_aggregate_rollup_young_database (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(ImInfluxSource) source = NULL;
  g_autoptr(GArray) month = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 hour = 3600 * IM_NSEC_PER_SEC;
  const gint64 day = 24 * hour;
  guint64 count = 0;
  double max = -G_MAXDOUBLE;
  gint64 start, now;

  if (backend == NULL)
    return;

  client = new_rollup_database (backend, "im_app_young");

  now = im_now_ns ();
  start = (now / hour - 2) * hour;
  write_ten_minutes_and_late (client, "MACHINE_Y", start, start + hour);

  source = im_influx_source_new (client);
  month = aggregate_ok (source, "MACHINE_Y", now - 30 * day, now, 2 * hour);
  for (guint w = 0; w < month->len; w++)
    {
      const ImAggregate *agg = &g_array_index (month, ImAggregate, w);

      count += agg->count;
      max = MAX (max, agg->max[IM_SENSOR_TEMPERATURE]);
    }
  g_test_message ("%u windows, %" G_GUINT64_FORMAT " readings, max %g", month->len, count, max);
  g_assert_cmpuint (count, ==, 600);
  g_assert_cmpfloat (max, ==, 59.0);

  drop_database (client);
}

/* An app connected to a fresh stack: the rollups exist, but their
 * continuous queries have not run yet. The source reads raw meanwhile and
 * takes the rollups once they have rows, without a new connection. */
static void
test_aggregate_rollup_filled_later (void)
{
  const ImTestBackend *backend = im_test_backend_get ();
  g_autoptr(ImInfluxClient) client = NULL;
  g_autoptr(ImInfluxSource) source = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 minute = 60 * IM_NSEC_PER_SEC;
  gint64 start;

  if (backend == NULL)
    return;

  client = new_rollup_database (backend, "im_app_filled");
  source = im_influx_source_new (client);

  /* Asked while the rollups, and the database, hold no rows. */
  start = (im_now_ns () / (3600 * IM_NSEC_PER_SEC) - 2) * 3600 * IM_NSEC_PER_SEC;
  before = aggregate_ok (source, "MACHINE_F", start, start + 10 * minute, 2 * minute);
  g_assert_cmpuint (before->len, ==, 0);

  write_ten_minutes_and_late (client, "MACHINE_F", start, start + 10 * minute);

  /* The same source: the minute rollup's 120 per window, not raw's 121. */
  after = aggregate_ok (source, "MACHINE_F", start, start + 10 * minute, 2 * minute);
  g_assert_cmpuint (after->len, ==, 5);
  g_assert_cmpuint (g_array_index (after, ImAggregate, 0).count, ==, 120);
  g_assert_cmpfloat (g_array_index (after, ImAggregate, 0).max[IM_SENSOR_TEMPERATURE], ==, 59);

  drop_database (client);
}

typedef struct
{
  GArray  *received;
  guint    n_chunks;
  gsize    largest;
} Export;

static gboolean
collect (const ImReading  *readings,
         gsize             n_readings,
         gpointer          user_data,
         GError          **error)
{
  Export *export = user_data;

  g_array_append_vals (export->received, readings, n_readings);
  export->n_chunks++;
  export->largest = MAX (export->largest, n_readings);

  return TRUE;
}

static int
compare_time_sensor (gconstpointer a,
                     gconstpointer b)
{
  const ImReading *ra = a, *rb = b;

  if (ra->time_ns != rb->time_ns)
    return ra->time_ns < rb->time_ns ? -1 : 1;

  return strcmp (ra->sensor_id, rb->sensor_id);
}

static void
test_export_paged (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) received = g_array_new (FALSE, FALSE, sizeof (ImReading));
  Export export = { received, 0, 0 };
  guint64 n = 0;

  if (!ensure_fixture ())
    return;

  im_data_source_export_raw_async (IM_DATA_SOURCE (fixture.source), PAGED_MACHINE,
                                   fixture.start_ns, fixture.end_ns, collect, &export, NULL,
                                   im_test_store_result, &result);
  im_test_wait_result (&result, 60);
  g_assert_true (im_data_source_export_raw_finish (IM_DATA_SOURCE (fixture.source), result,
                                                   &n, &error));
  g_assert_no_error (error);

  /* Every row once, none lost at the page boundaries inside a time. */
  g_assert_cmpuint (n, ==, fixture.paged->len);
  g_assert_cmpuint (received->len, ==, fixture.paged->len);
  g_assert_cmpuint (export.n_chunks, ==, 3);
  g_assert_cmpuint (export.largest, <=, 10000);

  for (guint i = 1; i < received->len; i++)
    g_assert_cmpint (g_array_index (received, ImReading, i - 1).time_ns, <=,
                     g_array_index (received, ImReading, i).time_ns);

  g_array_sort (received, compare_time_sensor);
  for (guint i = 0; i < received->len; i++)
    assert_readings_equal (&g_array_index (received, ImReading, i),
                           &g_array_index (fixture.paged, ImReading, i));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/influx-source/machines", test_machines);
  g_test_add_func ("/influx-source/raw", test_raw);
  g_test_add_func ("/influx-source/hostile-machine-id", test_hostile_machine_id);
  g_test_add_func ("/influx-source/recent-and-health", test_recent_and_health);
  g_test_add_func ("/influx-source/recent-many-machines", test_recent_many_machines);
  g_test_add_func ("/influx-source/recent-incremental", test_recent_incremental);
  g_test_add_func ("/influx-source/aggregate", test_aggregate);
  g_test_add_func ("/influx-source/aggregate-rollup", test_aggregate_rollup);
  g_test_add_func ("/influx-source/aggregate-states", test_aggregate_states);
  g_test_add_func ("/influx-source/aggregate-rollup-young-database", test_aggregate_rollup_young_database);
  g_test_add_func ("/influx-source/aggregate-rollup-filled-later", test_aggregate_rollup_filled_later);
  g_test_add_func ("/influx-source/export-paged", test_export_paged);

  ret = g_test_run ();
  tear_down ();

  return ret;
}
