/* im-sim.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-sim.h"
#include "im-util.h"

/* The model.
 *
 * Each machine wears at its own rate: degradation rises linearly from 0 and
 * the state follows from it (NORMAL below IM_SIM_DEGRADING_AT, DEGRADING
 * below IM_SIM_FAILING_AT, FAILING up to 1). At 1 the machine breaks down
 * and is offline for the maintenance time (no readings), then runs again as
 * new: degradation 0, a newly drawn wear rate. The time to reach FAILING is
 * log-normal around the configured mean.
 *
 * The sensors are coupled through three slow processes per machine:
 * - load, an AR(1) process (time constant TAU_LOAD) with unit variance;
 *   power is a state-dependent level plus LOAD_POWER_W × load;
 * - thermal, the temperature's first-order lagged response (TAU_THERMAL)
 *   to the power's load component, THERMAL_GAIN °C per W;
 * - walk, a mean-reverting random walk (TAU_PRESSURE) of the pressure
 *   around its level; the level leaves the normal band as the machine
 *   wears, up or down as drawn per life cycle (clogging or leaking).
 * Vibration is a wear-driven level plus a little load. Each sensor adds
 * white Gaussian noise whose size grows with wear. Levels, noise and the
 * walk's size are continuous piecewise-linear curves of the degradation
 * (wear_knots below): crossing a state's threshold changes no sensor by
 * more than wear does from one reading to the next. im_sim_expected()
 * gives each sensor's stationary distribution at a degradation level.
 *
 * Anomalies are overlays on those values, drawn from a second PRNG stream:
 * the same seed with and without anomalies gives the same underlying
 * readings, and a reading is marked with an anomaly exactly when an
 * overlay changed it.
 */

#define TAU_LOAD_S          600.0
#define TAU_THERMAL_S       120.0
#define TAU_PRESSURE_S      60.0
#define LOAD_POWER_W        12.0
#define THERMAL_GAIN        0.25
#define LOAD_VIBRATION      0.06
#define PRESSURE_NOMINAL    50.0
#define TTF_LOG_SIGMA       0.4

/* Wear: every level is one continuous, piecewise-linear curve of the
 * degradation, so a machine's sensors never jump when its state changes.
 * Within NORMAL the levels rise slowly; just past each state's threshold
 * they climb faster (the first WEAR_ONSET of the state) and then go on
 * slowly again, so that each state's readings lie, on average, in that
 * state's band of the plan. The noise and the pressure walk grow along the
 * same knots. */
#define N_KNOTS 6

typedef struct
{
  double d;
  double level[IM_N_SENSORS];       /* pressure: offset from nominal */
  double noise[IM_N_SENSORS];
  double pressure_walk;             /* stationary sd of the walk */
} WearKnot;

static const WearKnot wear_knots[N_KNOTS] = {
  { 0.0,                      {  52.0, 0.95,  0.0, 240.0 }, { 2.5, 0.12, 1.2,  9.0 }, 2.5 },
  { IM_SIM_DEGRADING_AT,      {  58.0, 1.10,  0.0, 260.0 }, { 2.5, 0.12, 1.2,  9.0 }, 2.5 },
  { IM_SIM_DEGRADING_AT + 0.04, { 74.0, 1.75, 13.0, 335.0 }, { 3.0, 0.18, 1.5, 12.0 }, 2.5 },
  { IM_SIM_FAILING_AT,        {  82.0, 2.30, 17.0, 370.0 }, { 3.0, 0.18, 1.5, 12.0 }, 2.5 },
  { IM_SIM_FAILING_AT + 0.03, {  94.0, 3.00, 26.0, 435.0 }, { 6.0, 0.40, 3.0, 25.0 }, 4.0 },
  { 1.0,                      { 107.0, 3.70, 35.0, 470.0 }, { 6.0, 0.40, 3.0, 25.0 }, 4.0 },
};

/* Anomaly overlays: episode lengths in readings (inclusive ranges). */
#define DRIFT_MIN_LEN     10
#define DRIFT_MAX_LEN     30
#define CYCLIC_MIN_LEN    20
#define CYCLIC_MAX_LEN    60
#define CYCLIC_PERIOD     10
#define MULTI_MIN_LEN     1
#define MULTI_MAX_LEN     5

typedef struct
{
  gboolean has_spare;   /* the polar method's second value */
  double spare;
  GRand *rand;
} Rng;

typedef struct
{
  char      id[IM_ID_MAX_LEN + 1];
  char      sensor_id[IM_ID_MAX_LEN + 1];
  gint64    offset_ns;
  double    degradation;
  double    rate;             /* degradation per reading */
  double    load;
  double    thermal;
  double    walk;
  double    pressure_dir;     /* +1 or -1 */
  guint64   resume_slot;
  gboolean  offline;

  ImAnomaly anomaly;
  guint     anomaly_left;     /* readings still to mark, this one included */
  guint     anomaly_step;
  ImSensor  anomaly_sensor;
  double    anomaly_size;
  double    anomaly_size2;
} Machine;

struct _ImSimFleet
{
  ImSimConfig config;
  Machine    *machines;
  guint       n_online;
  guint64     slot;
  guint       cursor;
  guint64     n_readings;

  Rng         base;
  Rng         overlay;

  /* Per-reading constants, from the interval. */
  double      load_keep;      /* a */
  double      load_fresh;     /* sqrt (1 - a²) */
  double      thermal_keep;   /* b */
  double      walk_keep;      /* c */
  double      walk_fresh;     /* sqrt (1 - c²) */
  double      thermal_beta;   /* E[thermal | load] = beta × load */
  double      thermal_gamma;  /* sd of thermal given load */
  guint64     maintenance_slots;

  double      anomaly_start;  /* probability that a clean reading starts one */
  ImAnomaly   anomaly_kinds[IM_N_ANOMALIES];
  guint       n_anomaly_kinds;
};

/* --- random numbers ------------------------------------------------------ */

static void
rng_init (Rng     *rng,
          guint64  seed,
          guint32  stream)
{
  guint32 seed_words[3] = { (guint32) seed, (guint32) (seed >> 32), stream };

  rng->rand = g_rand_new_with_seed_array (seed_words, G_N_ELEMENTS (seed_words));
  rng->has_spare = FALSE;
  rng->spare = 0.0;
}

static inline double
rng_uniform (Rng *rng)
{
  return g_rand_double (rng->rand);
}

static inline double
rng_range (Rng    *rng,
           double  low,
           double  high)
{
  return low + (high - low) * g_rand_double (rng->rand);
}

static inline guint
rng_int_range (Rng   *rng,
               guint  low,
               guint  high_inclusive)
{
  return (guint) g_rand_int_range (rng->rand, (gint32) low, (gint32) high_inclusive + 1);
}

/* Standard normal deviate: Marsaglia's polar method, two per round. */
static inline double
rng_normal (Rng *rng)
{
  double u, v, s, f;

  if (rng->has_spare)
    {
      rng->has_spare = FALSE;
      return rng->spare;
    }

  do
    {
      u = 2.0 * g_rand_double (rng->rand) - 1.0;
      v = 2.0 * g_rand_double (rng->rand) - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);

  f = sqrt (-2.0 * log (s) / s);
  rng->spare = v * f;
  rng->has_spare = TRUE;

  return u * f;
}

/* --- model ----------------------------------------------------------------- */

ImMachineState
im_sim_state_for_degradation (double degradation)
{
  if (degradation < IM_SIM_DEGRADING_AT)
    return IM_MACHINE_STATE_NORMAL;
  if (degradation < IM_SIM_FAILING_AT)
    return IM_MACHINE_STATE_DEGRADING;
  return IM_MACHINE_STATE_FAILING;
}

/* Where @degradation lies on the wear curve: the knot below it and the
 * fraction of the way to the next. */
static inline const WearKnot *
wear_segment (double  degradation,
              double *t)
{
  guint i = 0;

  degradation = CLAMP (degradation, 0.0, 1.0);
  while (i + 2 < N_KNOTS && degradation >= wear_knots[i + 1].d)
    i++;
  *t = (degradation - wear_knots[i].d) / (wear_knots[i + 1].d - wear_knots[i].d);
  *t = CLAMP (*t, 0.0, 1.0);

  return &wear_knots[i];
}

#define WEAR_LERP(k, t, field) ((k)[0].field + (t) * ((k)[1].field - (k)[0].field))

static inline double
wear_level (ImSensor sensor,
            double   degradation)
{
  double t;
  const WearKnot *k = wear_segment (degradation, &t);

  return WEAR_LERP (k, t, level[sensor]);
}

static inline double
wear_noise (ImSensor sensor,
            double   degradation)
{
  double t;
  const WearKnot *k = wear_segment (degradation, &t);

  return WEAR_LERP (k, t, noise[sensor]);
}

static inline double
wear_pressure_walk (double degradation)
{
  double t;
  const WearKnot *k = wear_segment (degradation, &t);

  return WEAR_LERP (k, t, pressure_walk);
}

static double
per_reading (gint64 interval_ns,
             double tau_s)
{
  return exp (-((double) interval_ns / 1e9) / tau_s);
}

/* Stationary variance of the thermal process. */
static double
thermal_variance (double a,
                  double b)
{
  double g = THERMAL_GAIN * LOAD_POWER_W;

  return g * g * (1.0 - b) * (1.0 + a * b) / ((1.0 + b) * (1.0 - a * b));
}

void
im_sim_expected (const ImSimConfig *config,
                 double             degradation,
                 ImSensor           sensor,
                 double            *mean,
                 double            *stddev)
{
  double a, b, noise, walk, var = 0.0;

  g_return_if_fail (config != NULL);
  g_return_if_fail (config->interval_ns > 0);
  g_return_if_fail (sensor < IM_N_SENSORS);

  a = per_reading (config->interval_ns, TAU_LOAD_S);
  b = per_reading (config->interval_ns, TAU_THERMAL_S);
  noise = wear_noise (sensor, degradation);
  walk = wear_pressure_walk (degradation);

  switch (sensor)
    {
    case IM_SENSOR_TEMPERATURE:
      var = thermal_variance (a, b) + noise * noise;
      break;
    case IM_SENSOR_VIBRATION:
      var = LOAD_VIBRATION * LOAD_VIBRATION + noise * noise;
      break;
    case IM_SENSOR_PRESSURE:
      var = walk * walk + noise * noise;
      break;
    case IM_SENSOR_POWER:
      var = LOAD_POWER_W * LOAD_POWER_W + noise * noise;
      break;
    case IM_SENSOR_NONE:
    case IM_N_SENSORS:
    default:
      g_assert_not_reached ();
    }

  if (mean != NULL)
    {
      *mean = wear_level (sensor, degradation);
      if (sensor == IM_SENSOR_PRESSURE)
        *mean += PRESSURE_NOMINAL;
    }
  if (stddev != NULL)
    *stddev = sqrt (var);
}

void
im_sim_config_init (ImSimConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->n_machines = 5;
  config->interval_ns = IM_NSEC_PER_SEC;
  config->anomaly_rate = 0.05;
  config->seed = 1;
  config->start_time_ns = (g_get_real_time () / G_USEC_PER_SEC) * IM_NSEC_PER_SEC;
  config->mean_time_to_failure_ns = 3600 * IM_NSEC_PER_SEC;
  config->maintenance_ns = 600 * IM_NSEC_PER_SEC;
  config->anomaly_types = IM_SIM_ALL_ANOMALIES;
}

gboolean
im_sim_config_is_valid (const ImSimConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  return config->n_machines >= 1 &&
         config->n_machines <= IM_SIM_MAX_MACHINES &&
         config->interval_ns > 0 &&
         config->interval_ns <= IM_SIM_MAX_INTERVAL_NS &&
         config->anomaly_rate >= 0.0 &&
         config->anomaly_rate <= 1.0 &&
         config->mean_time_to_failure_ns > 0 &&
         config->maintenance_ns >= 0 &&
         (config->anomaly_types & ~IM_SIM_ALL_ANOMALIES) == 0 &&
         (config->anomaly_rate == 0.0 || config->anomaly_types != 0);
}

static guint
anomaly_mean_length (ImAnomaly anomaly)
{
  switch (anomaly)
    {
    case IM_ANOMALY_SPIKE:
      return 2;
    case IM_ANOMALY_DRIFT:
      return DRIFT_MIN_LEN + DRIFT_MAX_LEN;
    case IM_ANOMALY_CYCLIC:
      return CYCLIC_MIN_LEN + CYCLIC_MAX_LEN;
    case IM_ANOMALY_MULTI_SENSOR:
      return MULTI_MIN_LEN + MULTI_MAX_LEN;
    case IM_ANOMALY_NONE:
    case IM_N_ANOMALIES:
    default:
      g_assert_not_reached ();
    }
}

/* Draws a new life: a wear rate, and where the pressure goes. */
static void
machine_new_life (ImSimFleet *fleet,
                  Machine    *machine)
{
  const ImSimConfig *config = &fleet->config;
  double z = rng_normal (&fleet->base);
  double ttf_ns = (double) config->mean_time_to_failure_ns *
                  exp (TTF_LOG_SIGMA * z - 0.5 * TTF_LOG_SIGMA * TTF_LOG_SIGMA);
  double ttf_readings = ttf_ns / (double) config->interval_ns;

  machine->rate = MIN (IM_SIM_FAILING_AT / MAX (ttf_readings, 1e-9), 1.0);
  machine->pressure_dir = rng_uniform (&fleet->base) < 0.5 ? -1.0 : 1.0;
}

static void
machine_restart (ImSimFleet *fleet,
                 Machine    *machine)
{
  machine->degradation = 0.0;
  machine->offline = FALSE;
  machine->anomaly = IM_ANOMALY_NONE;
  machine->anomaly_left = 0;
  machine_new_life (fleet, machine);
  /* The load and the machine's heat carry over the downtime (the plant
   * keeps its rhythm); the pressure walk starts afresh. */
  machine->walk = wear_pressure_walk (0.0) *
                  rng_normal (&fleet->base);
  fleet->n_online++;
}

ImSimFleet *
im_sim_fleet_new (const ImSimConfig *config)
{
  ImSimFleet *fleet;
  double a, b, g, var_thermal;
  double rate, mean_len;
  guint i;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (im_sim_config_is_valid (config), NULL);

  fleet = g_new0 (ImSimFleet, 1);
  fleet->config = *config;
  fleet->machines = g_new0 (Machine, config->n_machines);
  rng_init (&fleet->base, config->seed, 1);
  rng_init (&fleet->overlay, config->seed, 2);

  a = per_reading (config->interval_ns, TAU_LOAD_S);
  b = per_reading (config->interval_ns, TAU_THERMAL_S);
  g = THERMAL_GAIN * LOAD_POWER_W;
  var_thermal = thermal_variance (a, b);
  fleet->load_keep = a;
  fleet->load_fresh = sqrt (1.0 - a * a);
  fleet->thermal_keep = b;
  fleet->walk_keep = per_reading (config->interval_ns, TAU_PRESSURE_S);
  fleet->walk_fresh = sqrt (1.0 - fleet->walk_keep * fleet->walk_keep);
  fleet->thermal_beta = (1.0 - b) * g / (1.0 - a * b);
  fleet->thermal_gamma = sqrt (MAX (var_thermal - fleet->thermal_beta * fleet->thermal_beta, 0.0));
  fleet->maintenance_slots = (guint64) ((config->maintenance_ns + config->interval_ns - 1) /
                                        config->interval_ns);

  /* A fraction f of readings marked needs a start probability p per clean
   * reading with f = L / (L + (1 - p) / p), L the mean episode length. */
  mean_len = 0.0;
  for (ImAnomaly k = IM_ANOMALY_SPIKE; k < IM_N_ANOMALIES; k++)
    {
      if (config->anomaly_types & IM_SIM_ANOMALY_BIT (k))
        {
          fleet->anomaly_kinds[fleet->n_anomaly_kinds++] = k;
          mean_len += anomaly_mean_length (k) / 2.0;
        }
    }
  rate = config->anomaly_rate;
  if (fleet->n_anomaly_kinds > 0 && rate > 0.0)
    {
      mean_len /= fleet->n_anomaly_kinds;
      fleet->anomaly_start = rate / (mean_len * (1.0 - rate) + rate);
    }

  for (i = 0; i < config->n_machines; i++)
    {
      Machine *machine = &fleet->machines[i];

      g_snprintf (machine->id, sizeof machine->id, "MACHINE_%03u", i + 1);
      g_snprintf (machine->sensor_id, sizeof machine->sensor_id, "%s-S1", machine->id);
      machine->offset_ns = (config->interval_ns / config->n_machines) * i +
                           ((config->interval_ns % config->n_machines) * i) / config->n_machines;

      /* A fleet in service: each machine somewhere in its life. */
      machine_new_life (fleet, machine);
      machine->degradation = rng_uniform (&fleet->base);
      machine->load = rng_normal (&fleet->base);
      machine->thermal = fleet->thermal_beta * machine->load +
                         fleet->thermal_gamma * rng_normal (&fleet->base);
      machine->walk = wear_pressure_walk (machine->degradation) * rng_normal (&fleet->base);
    }
  fleet->n_online = config->n_machines;

  return fleet;
}

void
im_sim_fleet_free (ImSimFleet *fleet)
{
  if (fleet == NULL)
    return;

  g_rand_free (fleet->base.rand);
  g_rand_free (fleet->overlay.rand);
  g_free (fleet->machines);
  g_free (fleet);
}

guint
im_sim_fleet_get_n_machines (ImSimFleet *fleet)
{
  g_return_val_if_fail (fleet != NULL, 0);

  return fleet->config.n_machines;
}

const char *
im_sim_fleet_get_machine_id (ImSimFleet *fleet,
                             guint       index)
{
  g_return_val_if_fail (fleet != NULL, NULL);
  g_return_val_if_fail (index < fleet->config.n_machines, NULL);

  return fleet->machines[index].id;
}

guint64
im_sim_fleet_get_n_readings (ImSimFleet *fleet)
{
  g_return_val_if_fail (fleet != NULL, 0);

  return fleet->n_readings;
}

/* Moves the cursor to the machine that emits the next reading, bringing
 * machines back from maintenance on the way. */
static Machine *
fleet_seek (ImSimFleet *fleet)
{
  for (;;)
    {
      Machine *machine = &fleet->machines[fleet->cursor];

      if (machine->offline && fleet->slot >= machine->resume_slot)
        machine_restart (fleet, machine);

      if (!machine->offline)
        return machine;

      if (fleet->n_online == 0 && fleet->cursor == 0)
        {
          guint64 next = G_MAXUINT64;

          /* The whole fleet is down: jump to the first return. */
          for (guint i = 0; i < fleet->config.n_machines; i++)
            next = MIN (next, fleet->machines[i].resume_slot);
          if (next > fleet->slot)
            {
              fleet->slot = next;
              continue;
            }
        }

      if (++fleet->cursor == fleet->config.n_machines)
        {
          fleet->cursor = 0;
          fleet->slot++;
        }
    }
}

gint64
im_sim_fleet_peek_time (ImSimFleet *fleet)
{
  Machine *machine;

  g_return_val_if_fail (fleet != NULL, 0);

  machine = fleet_seek (fleet);

  return fleet->config.start_time_ns +
         (gint64) fleet->slot * fleet->config.interval_ns +
         machine->offset_ns;
}

static inline double
round_to (double value,
          double scale)
{
  return round (value * scale) / scale;
}

/* The limits of lib's validator: nothing physically impossible. */
static inline void
clamp_values (double values[IM_N_SENSORS])
{
  values[IM_SENSOR_TEMPERATURE] = CLAMP (values[IM_SENSOR_TEMPERATURE], -50.0, 500.0);
  values[IM_SENSOR_VIBRATION] = CLAMP (values[IM_SENSOR_VIBRATION], 0.0, 1000.0);
  values[IM_SENSOR_PRESSURE] = CLAMP (values[IM_SENSOR_PRESSURE], 0.0, 1000.0);
  values[IM_SENSOR_POWER] = CLAMP (values[IM_SENSOR_POWER], 0.0, 100000.0);
}

static void
anomaly_start (ImSimFleet *fleet,
               Machine    *machine)
{
  Rng *rng = &fleet->overlay;
  ImAnomaly kind = fleet->anomaly_kinds[rng_int_range (rng, 0, fleet->n_anomaly_kinds - 1)];

  machine->anomaly = kind;
  machine->anomaly_step = 0;

  switch (kind)
    {
    case IM_ANOMALY_SPIKE:
      machine->anomaly_left = 1;
      machine->anomaly_sensor = (ImSensor) rng_int_range (rng, 0, IM_N_SENSORS - 1);
      switch (machine->anomaly_sensor)
        {
        case IM_SENSOR_TEMPERATURE:
          machine->anomaly_size = rng_range (rng, 25.0, 35.0);
          break;
        case IM_SENSOR_VIBRATION:
          machine->anomaly_size = rng_range (rng, 1.5, 2.5);
          break;
        case IM_SENSOR_PRESSURE:
          machine->anomaly_size = rng_range (rng, 15.0, 25.0);
          break;
        case IM_SENSOR_POWER:
          machine->anomaly_size = rng_range (rng, 100.0, 200.0);
          break;
        case IM_SENSOR_NONE:
        case IM_N_SENSORS:
        default:
          g_assert_not_reached ();
        }
      break;

    case IM_ANOMALY_DRIFT:
      machine->anomaly_left = rng_int_range (rng, DRIFT_MIN_LEN, DRIFT_MAX_LEN);
      switch (rng_int_range (rng, 0, 2))
        {
        case 0:
          machine->anomaly_sensor = IM_SENSOR_TEMPERATURE;
          machine->anomaly_size = rng_range (rng, 0.4, 0.6);
          break;
        case 1:
          machine->anomaly_sensor = IM_SENSOR_PRESSURE;
          machine->anomaly_size = rng_range (rng, 0.3, 0.5);
          break;
        default:
          machine->anomaly_sensor = IM_SENSOR_POWER;
          machine->anomaly_size = rng_range (rng, 3.0, 5.0);
          break;
        }
      break;

    case IM_ANOMALY_CYCLIC:
      machine->anomaly_left = rng_int_range (rng, CYCLIC_MIN_LEN, CYCLIC_MAX_LEN);
      machine->anomaly_sensor = IM_SENSOR_VIBRATION;
      machine->anomaly_size = rng_range (rng, 0.5, 1.0);
      break;

    case IM_ANOMALY_MULTI_SENSOR:
      machine->anomaly_left = rng_int_range (rng, MULTI_MIN_LEN, MULTI_MAX_LEN);
      machine->anomaly_size = rng_range (rng, 15.0, 25.0);
      machine->anomaly_size2 = rng_range (rng, 1.0, 2.0);
      break;

    case IM_ANOMALY_NONE:
    case IM_N_ANOMALIES:
    default:
      g_assert_not_reached ();
    }
}

/* Applies the machine's anomaly to @values; every overlay changes at least
 * one value by far more than its rounding step. */
static void
anomaly_apply (Machine *machine,
               double   values[IM_N_SENSORS])
{
  guint k = machine->anomaly_step;

  switch (machine->anomaly)
    {
    case IM_ANOMALY_SPIKE:
      values[machine->anomaly_sensor] += machine->anomaly_size;
      break;

    case IM_ANOMALY_DRIFT:
      values[machine->anomaly_sensor] += machine->anomaly_size * (k + 1);
      break;

    case IM_ANOMALY_CYCLIC:
      /* An oscillation of CYCLIC_PERIOD readings, always up: between
       * 0.2 and 1.0 times its amplitude. */
      values[IM_SENSOR_VIBRATION] += machine->anomaly_size *
        (0.6 + 0.4 * sin (G_PI * (2 * k + 1) / CYCLIC_PERIOD));
      break;

    case IM_ANOMALY_MULTI_SENSOR:
      values[IM_SENSOR_TEMPERATURE] += machine->anomaly_size;
      values[IM_SENSOR_VIBRATION] += machine->anomaly_size2;
      break;

    case IM_ANOMALY_NONE:
    case IM_N_ANOMALIES:
    default:
      g_assert_not_reached ();
    }

  machine->anomaly_step++;
  machine->anomaly_left--;
}

void
im_sim_fleet_next (ImSimFleet *fleet,
                   ImReading  *reading)
{
  Machine *machine;
  Rng *rng;
  ImMachineState state;
  double d;
  double values[IM_N_SENSORS];
  ImAnomaly anomaly = IM_ANOMALY_NONE;

  g_return_if_fail (fleet != NULL);
  g_return_if_fail (reading != NULL);

  machine = fleet_seek (fleet);
  rng = &fleet->base;
  /* The state follows from the degradation as written. */
  d = round_to (MIN (machine->degradation, 1.0), 10000.0);
  state = im_sim_state_for_degradation (d);

  machine->load = fleet->load_keep * machine->load + fleet->load_fresh * rng_normal (rng);
  machine->thermal = fleet->thermal_keep * machine->thermal +
                     (1.0 - fleet->thermal_keep) * THERMAL_GAIN * LOAD_POWER_W * machine->load;
  machine->walk = fleet->walk_keep * machine->walk +
                  fleet->walk_fresh * wear_pressure_walk (d) * rng_normal (rng);

  values[IM_SENSOR_TEMPERATURE] = wear_level (IM_SENSOR_TEMPERATURE, d) +
                                  machine->thermal +
                                  wear_noise (IM_SENSOR_TEMPERATURE, d) * rng_normal (rng);
  values[IM_SENSOR_VIBRATION] = wear_level (IM_SENSOR_VIBRATION, d) +
                                LOAD_VIBRATION * machine->load +
                                wear_noise (IM_SENSOR_VIBRATION, d) * rng_normal (rng);
  values[IM_SENSOR_PRESSURE] = PRESSURE_NOMINAL +
                               machine->pressure_dir * wear_level (IM_SENSOR_PRESSURE, d) +
                               machine->walk +
                               wear_noise (IM_SENSOR_PRESSURE, d) * rng_normal (rng);
  values[IM_SENSOR_POWER] = wear_level (IM_SENSOR_POWER, d) +
                            LOAD_POWER_W * machine->load +
                            wear_noise (IM_SENSOR_POWER, d) * rng_normal (rng);

  /* Physically possible values only. */
  clamp_values (values);

  /* Anomalies come from their own stream so the values above do not
   * depend on them. They only add, so the clamp after them can only cut
   * at the (unreachable) upper limits. */
  if (machine->anomaly_left == 0 && fleet->anomaly_start > 0.0 &&
      rng_uniform (&fleet->overlay) < fleet->anomaly_start)
    anomaly_start (fleet, machine);
  if (machine->anomaly_left > 0)
    {
      anomaly = machine->anomaly;
      anomaly_apply (machine, values);
      clamp_values (values);
    }

  /* The sensors' precision. */
  reading->values[IM_SENSOR_TEMPERATURE] = round_to (values[IM_SENSOR_TEMPERATURE], 100.0);
  reading->values[IM_SENSOR_VIBRATION] = round_to (values[IM_SENSOR_VIBRATION], 1000.0);
  reading->values[IM_SENSOR_PRESSURE] = round_to (values[IM_SENSOR_PRESSURE], 100.0);
  reading->values[IM_SENSOR_POWER] = round_to (values[IM_SENSOR_POWER], 10.0);

  memcpy (reading->machine_id, machine->id, sizeof reading->machine_id);
  memcpy (reading->sensor_id, machine->sensor_id, sizeof reading->sensor_id);
  reading->time_ns = fleet->config.start_time_ns +
                     (gint64) fleet->slot * fleet->config.interval_ns +
                     machine->offset_ns;
  reading->state = state;
  reading->degradation = d;
  reading->anomaly = anomaly;

  /* Wear; at the end of its life the machine goes to maintenance. */
  machine->degradation += machine->rate;
  if (machine->degradation >= 1.0)
    {
      machine->offline = TRUE;
      machine->resume_slot = fleet->slot + 1 + fleet->maintenance_slots;
      fleet->n_online--;
    }

  fleet->n_readings++;
  if (++fleet->cursor == fleet->config.n_machines)
    {
      fleet->cursor = 0;
      fleet->slot++;
    }
}
