/* test-sim-model.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-reading.h"
#include "im-sim.h"
#include "im-util.h"

#define SEC IM_NSEC_PER_SEC
/* 2026-01-01T00:00:00Z */
#define START_NS (G_GINT64_CONSTANT (1767225600) * SEC)

static void
base_config (ImSimConfig *config)
{
  im_sim_config_init (config);
  config->start_time_ns = START_NS;
  config->seed = 42;
}

typedef void (*ReadingFunc) (const ImReading *reading,
                             gpointer         user_data);

static void
for_each_reading (const ImSimConfig *config,
                  guint              n,
                  ReadingFunc        func,
                  gpointer           user_data)
{
  g_autoptr(ImSimFleet) fleet = im_sim_fleet_new (config);

  g_assert_nonnull (fleet);
  for (guint i = 0; i < n; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      func (&reading, user_data);
    }
}

static char *
generate_json (const ImSimConfig *config,
               guint              n)
{
  g_autoptr(ImSimFleet) fleet = im_sim_fleet_new (config);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      im_reading_append_json (&reading, out);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static guint
machine_index (const ImReading *reading)
{
  guint64 n = 0;

  g_assert_true (g_str_has_prefix (reading->machine_id, "MACHINE_"));
  g_assert_true (g_ascii_string_to_unsigned (reading->machine_id + 8, 10, 1, G_MAXUINT,
                                             &n, NULL));
  return (guint) n - 1;
}

/* --- configuration and naming ---------------------------------------------- */

static void
test_config_defaults (void)
{
  ImSimConfig config;

  im_sim_config_init (&config);
  g_assert_cmpuint (config.n_machines, ==, 5);
  g_assert_cmpint (config.interval_ns, ==, SEC);
  g_assert_cmpfloat (config.anomaly_rate, ==, 0.05);
  g_assert_cmpuint (config.anomaly_types, ==, IM_SIM_ALL_ANOMALIES);
  g_assert_cmpint (config.mean_time_to_failure_ns, >, 0);
  g_assert_cmpint (config.maintenance_ns, >=, 0);
  g_assert_cmpint (ABS (config.start_time_ns - im_now_ns ()), <, 5 * SEC);
  g_assert_true (im_sim_config_is_valid (&config));
}

static void
test_config_invalid (void)
{
  ImSimConfig config;

#define CHECK_INVALID(field, value) \
  G_STMT_START { \
    base_config (&config); \
    config.field = value; \
    g_assert_false (im_sim_config_is_valid (&config)); \
  } G_STMT_END

  CHECK_INVALID (n_machines, 0);
  CHECK_INVALID (n_machines, IM_SIM_MAX_MACHINES + 1);
  CHECK_INVALID (interval_ns, 0);
  CHECK_INVALID (interval_ns, -SEC);
  CHECK_INVALID (interval_ns, IM_SIM_MAX_INTERVAL_NS + 1);
  CHECK_INVALID (anomaly_rate, -0.01);
  CHECK_INVALID (anomaly_rate, 1.01);
  CHECK_INVALID (anomaly_rate, NAN);
  CHECK_INVALID (mean_time_to_failure_ns, 0);
  CHECK_INVALID (maintenance_ns, -1);
  CHECK_INVALID (anomaly_types, 0);
  CHECK_INVALID (anomaly_types, IM_SIM_ALL_ANOMALIES | 1);

#undef CHECK_INVALID

  base_config (&config);
  config.anomaly_rate = 0.0;
  config.anomaly_types = 0;
  g_assert_true (im_sim_config_is_valid (&config));
}

static void
test_machine_ids (void)
{
  ImSimConfig config;
  g_autoptr(ImSimFleet) fleet = NULL;
  ImReading reading;

  base_config (&config);
  config.n_machines = 1000;
  fleet = im_sim_fleet_new (&config);

  g_assert_cmpuint (im_sim_fleet_get_n_machines (fleet), ==, 1000);
  g_assert_cmpstr (im_sim_fleet_get_machine_id (fleet, 0), ==, "MACHINE_001");
  g_assert_cmpstr (im_sim_fleet_get_machine_id (fleet, 41), ==, "MACHINE_042");
  g_assert_cmpstr (im_sim_fleet_get_machine_id (fleet, 999), ==, "MACHINE_1000");

  for (guint i = 0; i < 2000; i++)
    {
      char expected[IM_ID_MAX_LEN + 1];

      im_sim_fleet_next (fleet, &reading);
      g_snprintf (expected, sizeof expected, "%s-S1", reading.machine_id);
      g_assert_cmpstr (reading.sensor_id, ==, expected);
      g_assert_true (im_id_is_valid (reading.machine_id, -1));
    }
}

/* --- time ------------------------------------------------------------------ */

static void
test_timestamps (void)
{
  ImSimConfig config;
  g_autoptr(ImSimFleet) fleet = NULL;
  gint64 previous = G_MININT64;

  base_config (&config);
  config.n_machines = 7;
  config.interval_ns = 2 * SEC;
  config.maintenance_ns = 0;
  fleet = im_sim_fleet_new (&config);

  for (guint i = 0; i < 7000; i++)
    {
      ImReading reading;
      gint64 peek = im_sim_fleet_peek_time (fleet);
      guint m;

      g_assert_cmpint (im_sim_fleet_peek_time (fleet), ==, peek);
      im_sim_fleet_next (fleet, &reading);
      g_assert_cmpint (reading.time_ns, ==, peek);
      g_assert_cmpint (reading.time_ns, >=, previous);
      previous = reading.time_ns;

      /* With no downtime, reading i is machine i % n in slot i / n. */
      m = machine_index (&reading);
      g_assert_cmpuint (m, ==, i % 7);
      g_assert_cmpint (reading.time_ns, ==,
                       START_NS + (gint64) (i / 7) * config.interval_ns +
                       (gint64) m * config.interval_ns / 7);
    }
  g_assert_cmpuint (im_sim_fleet_get_n_readings (fleet), ==, 7000);
}

/* --- determinism ----------------------------------------------------------- */

static void
test_determinism (void)
{
  ImSimConfig config;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  base_config (&config);
  config.n_machines = 20;
  config.mean_time_to_failure_ns = 300 * SEC;
  config.maintenance_ns = 60 * SEC;
  a = generate_json (&config, 50000);
  b = generate_json (&config, 50000);
  g_assert_cmpuint (strlen (a), ==, strlen (b));
  g_assert_true (strcmp (a, b) == 0);

  config.seed = 43;
  c = generate_json (&config, 50000);
  g_assert_false (strcmp (a, c) == 0);

  config.seed = 42;
  config.start_time_ns += SEC;
  d = generate_json (&config, 50000);
  g_assert_false (strcmp (a, d) == 0);
}

/* --- life cycle ------------------------------------------------------------ */

typedef struct
{
  gboolean seen;
  ImReading last;
  gint64 life_start_ns;
  gboolean life_from_zero;
  gboolean failing_seen;
} MachineTrack;

typedef struct
{
  const ImSimConfig *config;
  MachineTrack *track;
  guint n_lives;
  guint n_ttf;
  double ttf_sum;
  guint state_counts[IM_MACHINE_STATE_FAILING + 1];
} LifeCycle;

static void
life_cycle_reading (const ImReading *r,
                    gpointer         user_data)
{
  LifeCycle *lc = user_data;
  MachineTrack *t = &lc->track[machine_index (r)];

  g_assert_cmpint (r->state, ==, im_sim_state_for_degradation (r->degradation));
  g_assert_cmpfloat (r->degradation, >=, 0.0);
  g_assert_cmpfloat (r->degradation, <=, 1.0);
  lc->state_counts[r->state]++;

  if (!t->seen)
    {
      t->seen = TRUE;
      t->life_start_ns = r->time_ns;
      t->life_from_zero = FALSE;
    }
  else if (r->degradation < t->last.degradation)
    {
      gint64 gap = r->time_ns - t->last.time_ns;

      /* A new life: only after a failure and the whole downtime. */
      g_assert_cmpint (t->last.state, ==, IM_MACHINE_STATE_FAILING);
      g_assert_cmpfloat (r->degradation, ==, 0.0);
      g_assert_cmpint (r->state, ==, IM_MACHINE_STATE_NORMAL);
      g_assert_cmpint (gap, >=, lc->config->maintenance_ns + lc->config->interval_ns);
      g_assert_cmpint (gap, <, lc->config->maintenance_ns + 2 * lc->config->interval_ns);
      lc->n_lives++;
      t->life_start_ns = r->time_ns;
      t->life_from_zero = TRUE;
      t->failing_seen = FALSE;
    }
  else
    {
      /* Within a life: one reading per interval, never going back. */
      g_assert_cmpint (r->time_ns - t->last.time_ns, ==, lc->config->interval_ns);
      g_assert_cmpint (r->state, >=, t->last.state);
    }

  if (r->state == IM_MACHINE_STATE_FAILING && !t->failing_seen)
    {
      t->failing_seen = TRUE;
      if (t->life_from_zero)
        {
          lc->ttf_sum += (double) (r->time_ns - t->life_start_ns);
          lc->n_ttf++;
        }
    }
  t->last = *r;
}

static void
test_life_cycle (void)
{
  ImSimConfig config;
  LifeCycle lc = { 0 };
  g_autofree MachineTrack *track = NULL;
  guint n_machines = 200;

  base_config (&config);
  config.n_machines = n_machines;
  config.anomaly_rate = 0.0;
  config.mean_time_to_failure_ns = 100 * SEC;
  config.maintenance_ns = 30 * SEC;
  track = g_new0 (MachineTrack, n_machines);
  lc.config = &config;
  lc.track = track;
  for_each_reading (&config, n_machines * 5000, life_cycle_reading, &lc);

  /* 5000 s of 200 machines, lives of about 111 s + 31 s downtime. */
  g_test_message ("%u lives, mean time to FAILING %.2f s", lc.n_lives,
                  lc.ttf_sum / lc.n_ttf / SEC);
  g_assert_cmpuint (lc.n_lives, >, 200 * 30);
  g_assert_cmpuint (lc.n_ttf, >, 200 * 25);
  /* Readings come once a second: the first FAILING reading is up to 1 s
   * after the threshold. */
  g_assert_cmpfloat_with_epsilon (lc.ttf_sum / lc.n_ttf / SEC, 100.5, 2.0);
  /* Time shares of the states follow the thresholds. */
  g_assert_cmpfloat_with_epsilon ((double) lc.state_counts[IM_MACHINE_STATE_DEGRADING] /
                                  lc.state_counts[IM_MACHINE_STATE_NORMAL],
                                  (IM_SIM_FAILING_AT - IM_SIM_DEGRADING_AT) / IM_SIM_DEGRADING_AT,
                                  0.03);
}

/* A single machine with a downtime: nothing comes while it is offline, and
 * the fleet's clock jumps over the gap. */
static void
test_maintenance_single_machine (void)
{
  ImSimConfig config;
  g_autoptr(ImSimFleet) fleet = NULL;
  ImReading previous, reading;
  guint n_gaps = 0;

  base_config (&config);
  config.n_machines = 1;
  config.mean_time_to_failure_ns = 90 * SEC;
  config.maintenance_ns = 3600 * SEC;
  fleet = im_sim_fleet_new (&config);

  im_sim_fleet_next (fleet, &previous);
  for (guint i = 0; i < 2000; i++)
    {
      gint64 peek = im_sim_fleet_peek_time (fleet);

      im_sim_fleet_next (fleet, &reading);
      g_assert_cmpint (reading.time_ns, ==, peek);
      if (reading.time_ns - previous.time_ns != SEC)
        {
          g_assert_cmpint (reading.time_ns - previous.time_ns, ==, 3601 * SEC);
          g_assert_cmpint (previous.state, ==, IM_MACHINE_STATE_FAILING);
          g_assert_cmpfloat (reading.degradation, ==, 0.0);
          n_gaps++;
        }
      previous = reading;
    }
  g_assert_cmpuint (n_gaps, >=, 10);
}

/* --- sensor values --------------------------------------------------------- */

static const struct {
  double low;
  double high;
} normal_band[IM_N_SENSORS] = {
  { 40.0, 70.0 },
  { 0.5, 1.5 },
  { 40.0, 60.0 },
  { 200.0, 300.0 },
};

typedef struct
{
  const ImSimConfig *config;
  guint n_normal;
  guint inside[IM_N_SENSORS];
  double z_sum[IM_N_SENSORS], z_sq[IM_N_SENSORS];
  double v_sum[IM_N_SENSORS], v_sq[IM_N_SENSORS];
  double m_sum[IM_N_SENSORS], m_sq[IM_N_SENSORS], var_sum[IM_N_SENSORS];
} NormalStats;

static void
normal_stats_reading (const ImReading *r,
                      gpointer         user_data)
{
  NormalStats *ns = user_data;

  if (r->state != IM_MACHINE_STATE_NORMAL)
    return;

  ns->n_normal++;
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      double mean, sd, z, v = r->values[s];

      im_sim_expected (ns->config, r->degradation, (ImSensor) s, &mean, &sd);
      z = (v - mean) / sd;
      ns->z_sum[s] += z;
      ns->z_sq[s] += z * z;
      ns->v_sum[s] += v;
      ns->v_sq[s] += v * v;
      ns->m_sum[s] += mean;
      ns->m_sq[s] += mean * mean;
      ns->var_sum[s] += sd * sd;
      if (v >= normal_band[s].low && v <= normal_band[s].high)
        ns->inside[s]++;
    }
}

static void
test_normal_statistics (void)
{
  ImSimConfig config;
  NormalStats ns = { 0 };

  /* Many machines, short runs: the slow load and thermal processes then
   * contribute many independent samples. */
  base_config (&config);
  config.n_machines = 2000;
  config.anomaly_rate = 0.0;
  ns.config = &config;
  for_each_reading (&config, 2000 * 100, normal_stats_reading, &ns);

  g_assert_cmpuint (ns.n_normal, >=, 100000);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      double n = ns.n_normal;
      double z_mean = ns.z_sum[s] / n;
      double z_sd = sqrt (ns.z_sq[s] / n - z_mean * z_mean);
      double v_mean = ns.v_sum[s] / n;
      double v_sd = sqrt (ns.v_sq[s] / n - v_mean * v_mean);
      /* The model's mixture over the readings' degradation levels. */
      double m_mean = ns.m_sum[s] / n;
      double m_sd = sqrt (ns.var_sum[s] / n + ns.m_sq[s] / n - m_mean * m_mean);

      g_test_message ("%s: %.3f%% in band, mean %.3f (model %.3f), sd %.3f (model %.3f), "
                      "z mean %.3f sd %.3f",
                      im_sensor_to_string ((ImSensor) s), 100.0 * ns.inside[s] / n,
                      v_mean, m_mean, v_sd, m_sd, z_mean, z_sd);
      g_assert_cmpfloat (ns.inside[s] / n, >=, 0.99);
      g_assert_cmpfloat_with_epsilon (v_mean, m_mean, 0.1 * m_sd);
      g_assert_cmpfloat_with_epsilon (v_sd, m_sd, 0.1 * m_sd);
      g_assert_cmpfloat_with_epsilon (z_mean, 0.0, 0.1);
      g_assert_cmpfloat_with_epsilon (z_sd, 1.0, 0.1);
    }
}

typedef struct
{
  double sum[IM_MACHINE_STATE_FAILING + 1][IM_N_SENSORS];
  guint count[IM_MACHINE_STATE_FAILING + 1];
} StateSums;

static void
state_sums_reading (const ImReading *r,
                    gpointer         user_data)
{
  StateSums *ss = user_data;

  ss->count[r->state]++;
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      double v = r->values[s];

      /* Pressure leaves its band up or down: compare the distance from
       * the nominal 50 PSI. */
      if (s == IM_SENSOR_PRESSURE)
        v = fabs (v - 50.0);
      ss->sum[r->state][s] += v;
    }
}

/* Each state's mean values lie in that state's band of the plan. */
static void
test_state_bands (void)
{
  static const struct {
    double low;
    double high;
  } bands[IM_MACHINE_STATE_FAILING + 1][IM_N_SENSORS] = {
    [IM_MACHINE_STATE_NORMAL] = { { 40, 70 }, { 0.5, 1.5 }, { 0, 10 }, { 200, 300 } },
    [IM_MACHINE_STATE_DEGRADING] = { { 70, 85 }, { 1.5, 2.5 }, { 10, 20 }, { 300, 400 } },
    [IM_MACHINE_STATE_FAILING] = { { 85, 500 }, { 2.5, 1000 }, { 20, 1000 }, { 400, 100000 } },
  };
  ImSimConfig config;
  StateSums ss = { { { 0 } } };

  base_config (&config);
  config.n_machines = 100;
  config.anomaly_rate = 0.0;
  config.mean_time_to_failure_ns = 600 * SEC;
  for_each_reading (&config, 100 * 3000, state_sums_reading, &ss);

  for (guint st = IM_MACHINE_STATE_NORMAL; st <= IM_MACHINE_STATE_FAILING; st++)
    {
      g_assert_cmpuint (ss.count[st], >, 1000);
      for (guint s = 0; s < IM_N_SENSORS; s++)
        {
          double mean = ss.sum[st][s] / ss.count[st];

          g_test_message ("%s %s: mean %.3f", im_machine_state_to_string (st),
                          im_sensor_to_string ((ImSensor) s), mean);
          g_assert_cmpfloat (mean, >=, bands[st][s].low);
          g_assert_cmpfloat (mean, <=, bands[st][s].high);
        }
    }
}

/* Widths of the normal bands (README): the unit the continuity bounds are
 * given in. */
static const double band_width[IM_N_SENSORS] = { 30.0, 1.0, 20.0, 100.0 };

/* Wear moves every sensor continuously: at the default mean time to failure
 * (an hour at one reading a second), no reading's expected value differs
 * from the one before by more than 1 % of the sensor's normal band, and at
 * the state thresholds the curve has no step at all. */
static void
test_wear_continuous_model (void)
{
  ImSimConfig config;
  /* Degradation per reading at the default: FAILING after about an hour. */
  const double step = IM_SIM_FAILING_AT / 3600.0;

  base_config (&config);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      double largest = 0.0, at = 0.0;

      for (double d = 0.0; d + step <= 1.0; d += step)
        {
          double m0, m1;

          im_sim_expected (&config, d, (ImSensor) s, &m0, NULL);
          im_sim_expected (&config, d + step, (ImSensor) s, &m1, NULL);
          if (fabs (m1 - m0) > largest)
            {
              largest = fabs (m1 - m0);
              at = d;
            }
        }
      g_test_message ("%s: largest expected change per reading %.4f (at degradation %.4f)",
                      im_sensor_to_string ((ImSensor) s), largest, at);
      g_assert_cmpfloat (largest, <=, 0.01 * band_width[s]);

      for (guint b = 0; b < 2; b++)
        {
          double threshold = b == 0 ? IM_SIM_DEGRADING_AT : IM_SIM_FAILING_AT;
          double below, above;

          im_sim_expected (&config, threshold - 1e-9, (ImSensor) s, &below, NULL);
          im_sim_expected (&config, threshold, (ImSensor) s, &above, NULL);
          g_assert_cmpfloat_with_epsilon (above, below, 1e-5 * band_width[s]);
        }
    }
}

typedef struct
{
  char   previous_machine[IM_ID_MAX_LEN + 1];
  ImReading last[64];
  gboolean have_last[64];
  double step_sum[2][IM_N_SENSORS];
  double step_sq[2][IM_N_SENSORS];
  guint  n[2];
} CrossingSteps;

static void
crossing_steps_reading (const ImReading *r,
                        gpointer         user_data)
{
  CrossingSteps *cs = user_data;
  guint m = (guint) g_ascii_strtoull (r->machine_id + strlen ("MACHINE_"), NULL, 10) - 1;

  g_assert_cmpuint (m, <, G_N_ELEMENTS (cs->last));
  if (cs->have_last[m] && r->state != cs->last[m].state &&
      r->state != IM_MACHINE_STATE_NORMAL &&
      r->time_ns - cs->last[m].time_ns < 2 * IM_NSEC_PER_SEC)
    {
      /* 0: normal → degrading, 1: degrading → failing. */
      guint b = r->state == IM_MACHINE_STATE_DEGRADING ? 0 : 1;

      for (guint s = 0; s < IM_N_SENSORS; s++)
        {
          double d = r->values[s] - cs->last[m].values[s];

          /* Pressure leaves its band up or down: its distance from
           * nominal is what wear moves. */
          if (s == IM_SENSOR_PRESSURE)
            d = fabs (r->values[s] - 50.0) - fabs (cs->last[m].values[s] - 50.0);
          cs->step_sum[b][s] += d;
          cs->step_sq[b][s] += d * d;
        }
      cs->n[b]++;
    }
  cs->last[m] = *r;
  cs->have_last[m] = TRUE;
}

/* The same from the outside: where machines cross a threshold, the step
 * from the reading before to the reading after is, on average over many
 * crossings, no larger than a reading-to-reading step anywhere (noise
 * only). Before wear was continuous, temperature jumped by about 14 °C
 * when a machine started degrading. */
static void
test_wear_continuous_readings (void)
{
  ImSimConfig config;
  g_autofree CrossingSteps *cs = g_new0 (CrossingSteps, 1);

  base_config (&config);
  config.n_machines = 64;
  config.anomaly_rate = 0.0;
  config.mean_time_to_failure_ns = 3600 * SEC;
  /* About a day each: hundreds of crossings of each threshold. */
  for_each_reading (&config, 64 * 86400, crossing_steps_reading, cs);

  for (guint b = 0; b < 2; b++)
    {
      g_assert_cmpuint (cs->n[b], >=, 200);
      for (guint s = 0; s < IM_N_SENSORS; s++)
        {
          double n = cs->n[b];
          double mean = cs->step_sum[b][s] / n;
          double sd = sqrt (MAX (cs->step_sq[b][s] / n - mean * mean, 0.0));

          g_test_message ("%s, %s: mean step %.4f (sd %.4f) over %u crossings",
                          b == 0 ? "normal → degrading" : "degrading → failing",
                          im_sensor_to_string ((ImSensor) s), mean, sd, cs->n[b]);
          /* Noise averages out as 1/sqrt(n); wear adds at most 1 % of the
           * band (test_wear_continuous_model). */
          g_assert_cmpfloat (fabs (mean), <=, 4.0 * sd / sqrt (n) + 0.01 * band_width[s]);
        }
    }
}

/* Correlation of x[k] and y[k + lag] over machines' series of @len values
 * each (laid out one machine after the other), each series centred on its
 * own mean. */
static double
pooled_correlation (const double *x,
                    const double *y,
                    guint         n_series,
                    guint         len,
                    guint         lag)
{
  double sxx = 0, syy = 0, sxy = 0;

  for (guint m = 0; m < n_series; m++)
    {
      const double *xs = x + (gsize) m * len;
      const double *ys = y + (gsize) m * len;
      double mx = 0, my = 0;

      for (guint k = 0; k < len; k++)
        {
          mx += xs[k];
          my += ys[k];
        }
      mx /= len;
      my /= len;

      for (guint k = 0; k + lag < len; k++)
        {
          double a = xs[k] - mx, b = ys[k + lag] - my;

          sxx += a * a;
          syy += b * b;
          sxy += a * b;
        }
    }

  return sxy / sqrt (sxx * syy);
}

/* Temperature follows power: they correlate, and temperature lags (it
 * correlates better with earlier power). Measured over the machines that
 * stay NORMAL throughout. */
static void
test_coupling (void)
{
  ImSimConfig config;
  g_autoptr(ImSimFleet) fleet = NULL;
  guint n_machines = 20, len = 10000;
  g_autofree double *power = g_new (double, (gsize) n_machines * len);
  g_autofree double *temperature = g_new (double, (gsize) n_machines * len);
  g_autofree gboolean *normal = g_new (gboolean, n_machines);
  guint n_normal = 0;
  double corr_now, corr_lag;

  base_config (&config);
  config.n_machines = n_machines;
  config.anomaly_rate = 0.0;
  config.mean_time_to_failure_ns = G_GINT64_CONSTANT (100000) * 3600 * SEC;
  config.interval_ns = 10 * SEC;
  fleet = im_sim_fleet_new (&config);

  for (guint m = 0; m < n_machines; m++)
    normal[m] = TRUE;

  for (guint k = 0; k < len; k++)
    {
      for (guint m = 0; m < n_machines; m++)
        {
          ImReading r;

          im_sim_fleet_next (fleet, &r);
          g_assert_cmpuint (machine_index (&r), ==, m);
          normal[m] &= r.state == IM_MACHINE_STATE_NORMAL;
          power[(gsize) m * len + k] = r.values[IM_SENSOR_POWER];
          temperature[(gsize) m * len + k] = r.values[IM_SENSOR_TEMPERATURE];
        }
    }

  /* Keep the NORMAL machines' series, packed. */
  for (guint m = 0; m < n_machines; m++)
    {
      if (!normal[m])
        continue;
      memmove (power + (gsize) n_normal * len, power + (gsize) m * len, len * sizeof (double));
      memmove (temperature + (gsize) n_normal * len, temperature + (gsize) m * len,
               len * sizeof (double));
      n_normal++;
    }
  g_assert_cmpuint (n_normal, >=, 5);

  corr_now = pooled_correlation (power, temperature, n_normal, len, 0);
  corr_lag = pooled_correlation (power, temperature, n_normal, len, 6);
  g_test_message ("%u machines: corr(power, temperature) %.3f, with 1 min lag %.3f",
                  n_normal, corr_now, corr_lag);
  g_assert_cmpfloat (corr_now, >, 0.3);
  g_assert_cmpfloat (corr_lag, >, corr_now);
}

/* --- anomalies ------------------------------------------------------------- */

/* Anomalies come in episodes of up to 60 readings: @n must be large for
 * the measured fraction to settle within a quarter of a point. */
static void
check_anomaly_rate (double rate,
                    guint  n)
{
  ImSimConfig config;
  g_autoptr(ImSimFleet) fleet = NULL;
  guint marked = 0;
  guint per_kind[IM_N_ANOMALIES] = { 0 };

  base_config (&config);
  config.n_machines = 100;
  config.anomaly_rate = rate;
  fleet = im_sim_fleet_new (&config);

  for (guint i = 0; i < n; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      if (reading.anomaly != IM_ANOMALY_NONE)
        marked++;
      per_kind[reading.anomaly]++;
    }

  g_test_message ("rate %.3f: measured %.4f", rate, (double) marked / n);
  g_assert_cmpfloat_with_epsilon ((double) marked / n, rate, 0.005);
  if (rate > 0.0)
    for (guint k = IM_ANOMALY_SPIKE; k < IM_N_ANOMALIES; k++)
      g_assert_cmpuint (per_kind[k], >, 0);
}

static void
test_anomaly_rate (void)
{
  /* The valgrind test setup (IM_TEST_VALGRIND) looks for memory errors,
   * not for the rate's last decimal: a fifth of the readings there. */
  guint scale = g_getenv ("IM_TEST_VALGRIND") != NULL ? 5 : 1;

  check_anomaly_rate (0.0, 100000 / scale);
  check_anomaly_rate (0.01, 1000000 / scale);
  check_anomaly_rate (0.05, 3000000 / scale);
  check_anomaly_rate (0.2, 3000000 / scale);
}

/* Generates the same fleet with and without anomalies of one type and
 * hands each pair (clean, marked or NULL) to @check. */
typedef void (*PairCheck) (const ImReading *clean,
                           const ImReading *dirty,
                           gpointer         user_data);

static guint
compare_with_clean (ImAnomaly  anomaly,
                    guint      n,
                    PairCheck  check,
                    gpointer   user_data)
{
  ImSimConfig config;
  g_autoptr(ImSimFleet) clean = NULL;
  g_autoptr(ImSimFleet) dirty = NULL;
  guint marked = 0;

  base_config (&config);
  config.n_machines = 10;
  config.anomaly_rate = 0.0;
  config.mean_time_to_failure_ns = 1800 * SEC;
  config.maintenance_ns = 120 * SEC;
  clean = im_sim_fleet_new (&config);
  config.anomaly_rate = 0.2;
  config.anomaly_types = IM_SIM_ANOMALY_BIT (anomaly);
  dirty = im_sim_fleet_new (&config);

  for (guint i = 0; i < n; i++)
    {
      ImReading c, d;

      im_sim_fleet_next (clean, &c);
      im_sim_fleet_next (dirty, &d);

      /* The overlay changes nothing but values. */
      g_assert_cmpstr (c.machine_id, ==, d.machine_id);
      g_assert_cmpint (c.time_ns, ==, d.time_ns);
      g_assert_cmpint (c.state, ==, d.state);
      g_assert_cmpfloat (c.degradation, ==, d.degradation);
      g_assert_cmpint (c.anomaly, ==, IM_ANOMALY_NONE);

      if (d.anomaly == IM_ANOMALY_NONE)
        {
          for (guint s = 0; s < IM_N_SENSORS; s++)
            g_assert_cmpfloat (c.values[s], ==, d.values[s]);
          check (&c, NULL, user_data);
        }
      else
        {
          g_assert_cmpint (d.anomaly, ==, anomaly);
          marked++;
          check (&c, &d, user_data);
        }
    }

  /* Rate 0.2 of the readings. */
  g_test_message ("%s: %u of %u readings marked", im_anomaly_to_string (anomaly), marked, n);
  g_assert_cmpuint (marked, >, n / 10);
  g_assert_cmpuint (marked, <, n * 3 / 10);

  return marked;
}

/* The sensors whose value changed, as a mask of 1 << ImSensor. */
static guint
changed_sensors (const ImReading *clean,
                 const ImReading *dirty,
                 double           diff[IM_N_SENSORS])
{
  guint mask = 0;

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      diff[s] = dirty->values[s] - clean->values[s];
      if (diff[s] != 0.0)
        mask |= 1u << s;
    }

  return mask;
}

static guint
single_sensor (guint mask)
{
  g_assert_cmpuint (mask, !=, 0);
  g_assert_cmpuint (mask & (mask - 1), ==, 0);

  return (guint) g_bit_nth_lsf (mask, -1);
}

/* Values are rounded to 0.1 at most. */
#define ROUNDING 0.1

static void
check_spike (const ImReading *clean,
             const ImReading *dirty,
             gpointer         user_data)
{
  static const double low[IM_N_SENSORS] = { 25.0, 1.5, 15.0, 100.0 };
  static const double high[IM_N_SENSORS] = { 35.0, 2.5, 25.0, 200.0 };
  guint *per_sensor = user_data;
  double diff[IM_N_SENSORS];
  guint s;

  if (dirty == NULL)
    return;

  /* Exactly one sensor jumps. */
  s = single_sensor (changed_sensors (clean, dirty, diff));
  per_sensor[s]++;
  g_assert_cmpfloat (diff[s], >=, low[s] - ROUNDING);
  g_assert_cmpfloat (diff[s], <=, high[s] + ROUNDING);
}

static void
test_anomaly_spike (void)
{
  guint per_sensor[IM_N_SENSORS] = { 0 };

  compare_with_clean (IM_ANOMALY_SPIKE, 20000, check_spike, per_sensor);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    g_assert_cmpuint (per_sensor[s], >, 100);
}

typedef struct
{
  /* Per machine: the current run of consecutive marked readings. */
  guint    run_length[10];
  double   last_diff[10];
  int      sensor[10];
  double   step[10];
  guint    episodes;
  guint    turns;
  guint    max_run;
} RunState;

/* A new life (after maintenance) cuts an episode short. */
static void
run_check_new_life (RunState        *st,
                    const ImReading *clean)
{
  if (clean->degradation == 0.0)
    st->run_length[machine_index (clean)] = 0;
}

static void
check_drift_run_length (guint length)
{
  if (length > 0)
    {
      g_assert_cmpuint (length, >=, 10);
      g_assert_cmpuint (length, <=, 30);
    }
}

static void
check_drift (const ImReading *clean,
             const ImReading *dirty,
             gpointer         user_data)
{
  RunState *st = user_data;
  guint m = machine_index (clean);
  double diff[IM_N_SENSORS];
  guint s;
  double d;

  run_check_new_life (st, clean);

  if (dirty == NULL)
    {
      check_drift_run_length (st->run_length[m]);
      st->run_length[m] = 0;
      return;
    }

  s = single_sensor (changed_sensors (clean, dirty, diff));
  d = diff[s];
  g_assert_cmpfloat (d, >, 0.0);

  if (st->run_length[m] > 0 && (int) s == st->sensor[m] && d > st->last_diff[m] &&
      st->run_length[m] < 30)
    {
      /* Accumulating by the same step each reading. */
      g_assert_cmpfloat_with_epsilon (d - st->last_diff[m], st->step[m], 3 * ROUNDING);
      st->run_length[m]++;
    }
  else
    {
      /* Reset: a new episode starts from one step. */
      check_drift_run_length (st->run_length[m]);
      g_assert_cmpuint (s, !=, IM_SENSOR_VIBRATION);
      g_assert_cmpfloat (d, <=, 5.0 + ROUNDING);
      st->episodes++;
      st->sensor[m] = (int) s;
      st->step[m] = d;
      st->run_length[m] = 1;
    }
  st->max_run = MAX (st->max_run, st->run_length[m]);
  st->last_diff[m] = d;
}

static void
test_anomaly_drift (void)
{
  RunState st = { { 0 } };

  compare_with_clean (IM_ANOMALY_DRIFT, 30000, check_drift, &st);
  g_assert_cmpuint (st.episodes, >, 100);
  /* The accumulation reaches far beyond one step. */
  g_assert_cmpuint (st.max_run, >=, 25);
}

static void
check_cyclic (const ImReading *clean,
              const ImReading *dirty,
              gpointer         user_data)
{
  RunState *st = user_data;
  guint m = machine_index (clean);
  double diff[IM_N_SENSORS];
  double v;

  run_check_new_life (st, clean);

  if (dirty == NULL)
    {
      /* Stretches of at least 20 readings. */
      if (st->run_length[m] > 0)
        g_assert_cmpuint (st->run_length[m], >=, 20);
      st->run_length[m] = 0;
      return;
    }

  /* Only vibration, always up, between 0.2 and 1 times an amplitude of
   * 0.5..1 mm/s. */
  g_assert_cmpuint (changed_sensors (clean, dirty, diff), ==, 1u << IM_SENSOR_VIBRATION);
  v = diff[IM_SENSOR_VIBRATION];
  g_assert_cmpfloat (v, >=, 0.5 * 0.2 - 0.002);
  g_assert_cmpfloat (v, <=, 1.0 + 0.002);

  /* It oscillates: the direction turns within every stretch. */
  if (st->run_length[m] > 0)
    {
      double delta = v - st->last_diff[m];

      if (st->step[m] != 0.0 && (delta > 0) != (st->step[m] > 0))
        st->turns++;
      st->step[m] = delta;
    }
  else
    {
      st->step[m] = 0.0;
      st->episodes++;
    }
  st->last_diff[m] = v;
  st->run_length[m]++;
  st->max_run = MAX (st->max_run, st->run_length[m]);
}

static void
test_anomaly_cyclic (void)
{
  RunState st = { { 0 } };
  guint marked;

  marked = compare_with_clean (IM_ANOMALY_CYCLIC, 30000, check_cyclic, &st);
  /* A period of 10 readings turns twice. */
  g_test_message ("%u stretches, %u turns", st.episodes, st.turns);
  g_assert_cmpuint (st.episodes, >, 50);
  g_assert_cmpuint (st.turns, >, marked / 6);
  g_assert_cmpuint (st.max_run, >=, 40);
}

static void
check_multi_sensor (const ImReading *clean,
                    const ImReading *dirty,
                    gpointer         user_data)
{
  double diff[IM_N_SENSORS];
  guint mask;

  if (dirty == NULL)
    return;

  mask = changed_sensors (clean, dirty, diff);
  g_assert_cmpuint (mask, ==, (1u << IM_SENSOR_TEMPERATURE) | (1u << IM_SENSOR_VIBRATION));
  g_assert_cmpfloat (diff[IM_SENSOR_TEMPERATURE], >=, 15.0 - 0.01);
  g_assert_cmpfloat (diff[IM_SENSOR_TEMPERATURE], <=, 25.0 + 0.01);
  g_assert_cmpfloat (diff[IM_SENSOR_VIBRATION], >=, 1.0 - 0.002);
  g_assert_cmpfloat (diff[IM_SENSOR_VIBRATION], <=, 2.0 + 0.002);
}

static void
test_anomaly_multi_sensor (void)
{
  compare_with_clean (IM_ANOMALY_MULTI_SENSOR, 20000, check_multi_sensor, NULL);
}

/* --- validity -------------------------------------------------------------- */

static void
test_valid_json (void)
{
  ImSimConfig config;
  g_autoptr(ImSimFleet) fleet = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) readings = g_array_new (FALSE, FALSE, sizeof (ImReading));
  gint64 now_ns;
  guint states[IM_MACHINE_STATE_FAILING + 1] = { 0 };
  guint anomalies[IM_N_ANOMALIES] = { 0 };
  guint n = 50000;

  base_config (&config);
  config.n_machines = 50;
  config.mean_time_to_failure_ns = 120 * SEC;
  config.maintenance_ns = 20 * SEC;
  config.anomaly_rate = 0.3;
  fleet = im_sim_fleet_new (&config);

  for (guint i = 0; i < n; i++)
    {
      ImReading r;

      im_sim_fleet_next (fleet, &r);
      g_array_append_val (readings, r);
      g_ptr_array_add (messages, im_reading_to_json (&r));
    }
  now_ns = g_array_index (readings, ImReading, n - 1).time_ns;

  for (guint i = 0; i < n; i++)
    {
      const ImReading *r = &g_array_index (readings, ImReading, i);
      const char *json = g_ptr_array_index (messages, i);
      g_autoptr(GError) error = NULL;
      ImReading parsed;

      if (!im_reading_parse_json (&parsed, json, strlen (json), now_ns, &error))
        g_error ("reading %u invalid: %s\n%s", i, error->message, json);

      g_assert_cmpstr (parsed.machine_id, ==, r->machine_id);
      g_assert_cmpstr (parsed.sensor_id, ==, r->sensor_id);
      g_assert_cmpint (parsed.time_ns, ==, r->time_ns);
      for (guint s = 0; s < IM_N_SENSORS; s++)
        g_assert_cmpfloat (parsed.values[s], ==, r->values[s]);
      g_assert_cmpint (parsed.state, ==, r->state);
      g_assert_cmpfloat (parsed.degradation, ==, r->degradation);
      g_assert_cmpint (parsed.anomaly, ==, r->anomaly);
      /* Compact: values at the sensors' precision. */
      g_assert_cmpuint (strlen (json), <, 280);
      states[r->state]++;
      anomalies[r->anomaly]++;
    }

  for (guint st = IM_MACHINE_STATE_NORMAL; st <= IM_MACHINE_STATE_FAILING; st++)
    g_assert_cmpuint (states[st], >, 1000);
  for (guint k = 0; k < IM_N_ANOMALIES; k++)
    g_assert_cmpuint (anomalies[k], >, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/config/defaults", test_config_defaults);
  g_test_add_func ("/sim/config/invalid", test_config_invalid);
  g_test_add_func ("/sim/machine-ids", test_machine_ids);
  g_test_add_func ("/sim/timestamps", test_timestamps);
  g_test_add_func ("/sim/determinism", test_determinism);
  g_test_add_func ("/sim/life-cycle", test_life_cycle);
  g_test_add_func ("/sim/maintenance-single-machine", test_maintenance_single_machine);
  g_test_add_func ("/sim/values/normal-statistics", test_normal_statistics);
  g_test_add_func ("/sim/values/state-bands", test_state_bands);
  g_test_add_func ("/sim/values/wear-continuous-model", test_wear_continuous_model);
  g_test_add_func ("/sim/values/wear-continuous-readings", test_wear_continuous_readings);
  g_test_add_func ("/sim/values/coupling", test_coupling);
  g_test_add_func ("/sim/anomaly/rate", test_anomaly_rate);
  g_test_add_func ("/sim/anomaly/spike", test_anomaly_spike);
  g_test_add_func ("/sim/anomaly/drift", test_anomaly_drift);
  g_test_add_func ("/sim/anomaly/cyclic", test_anomaly_cyclic);
  g_test_add_func ("/sim/anomaly/multi-sensor", test_anomaly_multi_sensor);
  g_test_add_func ("/sim/valid-json", test_valid_json);

  return g_test_run ();
}
