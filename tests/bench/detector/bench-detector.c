/* bench-detector.c — detection quality and cost of the anomaly detector
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (a) A seeded simulator fleet through the detector: per anomaly type,
 *     event-level precision, recall and F1 and the detection delay; wear
 *     warnings before FAILING and their lead time; false events per
 *     machine-day while NORMAL.
 * (b) NAB v1.1 (optional, --nab DIR: a clone of numenta/NAB): every data
 *     file through the same core with one parameter set, NAB's results
 *     format, NAB's own scorer, the three profiles beside the scoreboard.
 * (c) Cost: readings per CPU second of the detector alone and of the
 *     offline mode (JSON lines in, events out), beside the simulator's own
 *     rate measured in the same run, and bytes per machine.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "im-detect-offline.h"
#include "im-detector.h"
#include "im-sim.h"
#include "im-util.h"

/* An event overlaps an episode when it does within this many readings. */
#define TOLERANCE 5

typedef struct
{
  guint     machine;
  ImAnomaly type;
  gint64    start_ns;
  gint64    end_ns;
  gboolean  found;
  gint64    delay_ns;
  ImMachineState state;
} Episode;

typedef struct
{
  guint           machine;
  ImDetectorEvent event;
  ImMachineState  state;    /* truth when it was emitted */
  gboolean        correct;
  gboolean        overlaps_any;
} Event;

typedef struct
{
  gint64   start_ns;
  gboolean started_normal;
  gint64   failing_ns;   /* 0 until FAILING */
  gint64   warned_ns;    /* 0 until warned */
} Cycle;

typedef struct
{
  ImDetector *detector;
  ImAnomaly   anomaly;        /* the open episode */
  gint64      anomaly_start;
  gint64      anomaly_last;
  ImMachineState anomaly_state;
  double      last_degradation;
  gint64      interval_guess;
  GArray     *cycles;
} MachineRun;

/* --set NAME=VALUE overrides, for exploring the parameters. */
static char **overrides;

static void
apply_overrides (ImDetectorParams *params)
{
  static const struct { const char *name; gsize offset; gboolean is_uint; } fields[] = {
#define D(f) { #f, G_STRUCT_OFFSET (ImDetectorParams, f), FALSE }
#define U(f) { #f, G_STRUCT_OFFSET (ImDetectorParams, f), TRUE }
    U (warmup), U (wear_warmup), D (base_tau), D (scale_tau), D (spike_z), D (cusum_k),
    D (cusum_h), D (multi_z), D (quiet_z), U (quiet_len), U (long_len), U (multi_max_len), D (wear_tau), D (wear_z),
    D (alert_tau), D (alert_z), U (alert_rest),
#undef D
#undef U
  };

  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (overrides[i], "=", 2);
      gboolean known = FALSE;

      for (guint j = 0; kv[1] != NULL && j < G_N_ELEMENTS (fields); j++)
        {
          if (strcmp (kv[0], fields[j].name) != 0)
            continue;
          known = TRUE;
          if (fields[j].is_uint)
            G_STRUCT_MEMBER (guint, params, fields[j].offset) = (guint) g_ascii_strtoull (kv[1], NULL, 10);
          else
            G_STRUCT_MEMBER (double, params, fields[j].offset) = g_ascii_strtod (kv[1], NULL);
        }
      if (!known)
        g_error ("--set %s: no such parameter", overrides[i]);
    }
}

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
quantile (GArray *values,
          double  q)
{
  if (values->len == 0)
    return NAN;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, (guint) MIN (values->len - 1, q * values->len));
}

static ImDetection
detection_for (ImAnomaly anomaly)
{
  switch (anomaly)
    {
    case IM_ANOMALY_SPIKE: return IM_DETECTION_SPIKE;
    case IM_ANOMALY_DRIFT: return IM_DETECTION_DRIFT;
    case IM_ANOMALY_CYCLIC: return IM_DETECTION_CYCLIC;
    case IM_ANOMALY_MULTI_SENSOR: return IM_DETECTION_MULTI_SENSOR;
    case IM_ANOMALY_NONE:
    case IM_N_ANOMALIES:
    default:
      g_assert_not_reached ();
    }
}

static void
close_episode (MachineRun *run,
               guint       machine,
               GArray     *episodes)
{
  Episode episode = { machine, run->anomaly, run->anomaly_start, run->anomaly_last, FALSE, 0,
                      run->anomaly_state };

  if (run->anomaly != IM_ANOMALY_NONE)
    g_array_append_val (episodes, episode);
  run->anomaly = IM_ANOMALY_NONE;
}

static void
add_events (GArray                *events,
            MachineRun            *run,
            guint                  machine,
            ImMachineState         state,
            const ImDetectorEvent *new_events,
            guint                  n)
{
  for (guint i = 0; i < n; i++)
    {
      Event event = { machine, new_events[i], state, FALSE, FALSE };

      if (new_events[i].type == IM_DETECTION_WEAR && new_events[i].status == IM_DETECTOR_EVENT_OPEN)
        {
          Cycle *cycle = &g_array_index (run->cycles, Cycle, run->cycles->len - 1);

          if (cycle->warned_ns == 0 && cycle->failing_ns == 0)
            cycle->warned_ns = new_events[i].detected_ns;
        }
      g_array_append_val (events, event);
    }
}

static int
compare_episodes (gconstpointer a,
                  gconstpointer b)
{
  const Episode *x = a, *y = b;

  if (x->machine != y->machine)
    return x->machine < y->machine ? -1 : 1;
  return x->start_ns < y->start_ns ? -1 : x->start_ns > y->start_ns;
}

/* Matches events to episodes: per machine, episodes sorted by start. */
static void
match (GArray *episodes,
       GArray *events,
       gint64  tolerance_ns,
       guint   confusion[IM_N_ANOMALIES][IM_N_DETECTIONS + 1])
{
  g_autofree guint *first = NULL;
  guint n_machines = 0;

  g_array_sort (episodes, compare_episodes);
  for (guint i = 0; i < episodes->len; i++)
    n_machines = MAX (n_machines, g_array_index (episodes, Episode, i).machine + 1);
  for (guint i = 0; i < events->len; i++)
    n_machines = MAX (n_machines, g_array_index (events, Event, i).machine + 1);
  first = g_new (guint, n_machines + 1);
  for (guint m = 0, i = 0; m <= n_machines; m++)
    {
      while (i < episodes->len && g_array_index (episodes, Episode, i).machine < m)
        i++;
      first[m] = i;
    }

  for (guint i = 0; i < events->len; i++)
    {
      Event *event = &g_array_index (events, Event, i);
      gint64 lo = event->event.start_ns - tolerance_ns;
      gint64 hi = event->event.end_ns + tolerance_ns;
      guint a = first[event->machine], b = first[event->machine + 1];

      if (event->event.status == IM_DETECTOR_EVENT_OPEN)
        continue;

      /* binary search for the first episode ending at or after lo */
      while (a < b)
        {
          guint mid = (a + b) / 2;
          Episode *e = &g_array_index (episodes, Episode, mid);

          /* episodes of one machine do not overlap: ends are sorted too */
          if (e->end_ns < lo)
            a = mid + 1;
          else
            b = mid;
        }
      for (guint j = a; j < first[event->machine + 1]; j++)
        {
          Episode *e = &g_array_index (episodes, Episode, j);

          if (e->start_ns > hi)
            break;
          event->overlaps_any = TRUE;
          if (event->event.type != IM_DETECTION_WEAR)
            confusion[e->type][event->event.type]++;
          if (event->event.type != IM_DETECTION_WEAR &&
              event->event.type != IM_DETECTION_LEVEL_SHIFT &&
              detection_for (e->type) == event->event.type)
            {
              event->correct = TRUE;
              if (!e->found || event->event.detected_ns - e->start_ns < e->delay_ns)
                e->delay_ns = event->event.detected_ns - e->start_ns;
              e->found = TRUE;
            }
        }
    }
}

static void
bench_fleet (guint   n_machines,
             double  days,
             guint64 seed,
             double  anomaly_rate)
{
  g_autoptr(ImSimFleet) fleet = NULL;
  g_autoptr(GArray) episodes = g_array_new (FALSE, FALSE, sizeof (Episode));
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (Event));
  g_autofree MachineRun *runs = NULL;
  guint confusion[IM_N_ANOMALIES][IM_N_DETECTIONS + 1] = { { 0 } };
  ImDetectorParams params;
  ImSimConfig config;
  guint64 n_readings, n_normal = 0;
  gint64 end_ns;
  double t0, t_detect = 0.0;
  guint n_cycles = 0, n_warned = 0, n_false_normal = 0;
  g_autoptr(GArray) lead = g_array_new (FALSE, FALSE, sizeof (double));

  im_sim_config_init (&config);
  config.n_machines = n_machines;
  config.seed = seed;
  config.anomaly_rate = anomaly_rate;
  config.start_time_ns = G_GINT64_CONSTANT (1798761600) * IM_NSEC_PER_SEC; /* 2027-01-01 */
  end_ns = config.start_time_ns + (gint64) (days * 86400.0) * IM_NSEC_PER_SEC;
  fleet = im_sim_fleet_new (&config);
  im_detector_params_init (&params);
  apply_overrides (&params);

  runs = g_new0 (MachineRun, n_machines);
  for (guint m = 0; m < n_machines; m++)
    {
      runs[m].detector = im_detector_new (&params, im_sim_fleet_get_machine_id (fleet, m));
      runs[m].cycles = g_array_new (FALSE, TRUE, sizeof (Cycle));
      runs[m].last_degradation = 2.0;
    }

  printf ("(a) Simulator fleet: %u machines × %.1f days at 1 Hz, seed %" G_GUINT64_FORMAT
          ", anomaly rate %.2f, MTTF 1 h, maintenance 10 min\n",
          n_machines, days, seed, anomaly_rate);
  fflush (stdout);

  while (im_sim_fleet_peek_time (fleet) < end_ns)
    {
      ImDetectorEvent new_events[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
      ImReading reading;
      MachineRun *run;
      guint m, n;
      double t;

      im_sim_fleet_next (fleet, &reading);
      m = (guint) g_ascii_strtoull (reading.machine_id + strlen ("MACHINE_"), NULL, 10) - 1;
      run = &runs[m];

      /* truth: episodes */
      if (reading.anomaly != run->anomaly)
        close_episode (run, m, episodes);
      if (reading.anomaly != IM_ANOMALY_NONE)
        {
          if (run->anomaly == IM_ANOMALY_NONE)
            {
              run->anomaly_start = reading.time_ns;
              run->anomaly_state = reading.state;
            }
          run->anomaly = reading.anomaly;
          run->anomaly_last = reading.time_ns;
        }
      if (reading.state == IM_MACHINE_STATE_NORMAL)
        n_normal++;

      /* truth: life cycles (a restart brings the degradation back to 0) */
      if (reading.degradation < run->last_degradation)
        {
          Cycle cycle = { reading.time_ns, reading.state == IM_MACHINE_STATE_NORMAL, 0, 0 };

          g_array_append_val (run->cycles, cycle);
        }
      run->last_degradation = reading.degradation;
      if (reading.state == IM_MACHINE_STATE_FAILING)
        {
          Cycle *cycle = &g_array_index (run->cycles, Cycle, run->cycles->len - 1);

          if (cycle->failing_ns == 0)
            cycle->failing_ns = reading.time_ns;
        }

      t = cpu_seconds ();
      n = im_detector_push_reading (run->detector, &reading, NULL, new_events);
      t_detect += cpu_seconds () - t;
      add_events (events, run, m, reading.state, new_events, n);
    }
  n_readings = im_sim_fleet_get_n_readings (fleet);

  for (guint m = 0; m < n_machines; m++)
    {
      ImDetectorEvent new_events[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
      guint n = im_detector_flush (runs[m].detector, new_events);

      close_episode (&runs[m], m, episodes);
      add_events (events, &runs[m], m, IM_MACHINE_STATE_UNKNOWN, new_events, n);
    }

  t0 = cpu_seconds ();
  match (episodes, events, TOLERANCE * IM_NSEC_PER_SEC, confusion);

  printf ("    %" G_GUINT64_FORMAT " readings, %u episodes, %u events; an episode is found when an "
          "event of its type overlaps it within ±%d readings; delay = detection − episode start\n",
          n_readings, episodes->len, events->len, TOLERANCE);
  printf ("    %-13s %8s %8s %8s %8s %8s %8s %8s %8s %8s %10s\n", "type", "episodes", "found",
          "events", "correct", "precis.", "recall", "F1", "rec.norm", "rec.wear", "delay p50/p90 s");
  for (ImAnomaly a = IM_ANOMALY_SPIKE; a < IM_N_ANOMALIES; a++)
    {
      g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
      guint n_ep = 0, n_found = 0, n_ev = 0, n_ok = 0;
      guint n_ep_normal = 0, n_found_normal = 0;
      double precision, recall, f1;

      for (guint i = 0; i < episodes->len; i++)
        {
          Episode *e = &g_array_index (episodes, Episode, i);

          if (e->type != a)
            continue;
          n_ep++;
          if (e->state == IM_MACHINE_STATE_NORMAL)
            {
              n_ep_normal++;
              n_found_normal += e->found;
            }
          if (e->found)
            {
              double d = e->delay_ns / 1e9;

              n_found++;
              g_array_append_val (delays, d);
            }
        }
      for (guint i = 0; i < events->len; i++)
        {
          Event *e = &g_array_index (events, Event, i);

          if (e->event.type != detection_for (a))
            continue;
          n_ev++;
          n_ok += e->correct;
        }
      precision = n_ev ? (double) n_ok / n_ev : 0.0;
      recall = n_ep ? (double) n_found / n_ep : 0.0;
      f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
      printf ("    %-13s %8u %8u %8u %8u %8.3f %8.3f %8.3f %8.3f %8.3f %7.0f / %.0f\n",
              im_anomaly_to_string (a), n_ep, n_found, n_ev, n_ok, precision, recall, f1,
              n_ep_normal ? (double) n_found_normal / n_ep_normal : 0.0,
              n_ep > n_ep_normal ? (double) (n_found - n_found_normal) / (n_ep - n_ep_normal) : 0.0,
              quantile (delays, 0.5), quantile (delays, 0.9));
    }

  printf ("    episodes overlapped by events, per detected type:\n    %-13s", "truth \\ event");
  for (ImDetection d = 0; d < IM_N_DETECTIONS; d++)
    if (d != IM_DETECTION_WEAR)
      printf (" %12s", im_detection_to_string (d));
  printf ("\n");
  for (ImAnomaly a = IM_ANOMALY_SPIKE; a < IM_N_ANOMALIES; a++)
    {
      printf ("    %-13s", im_anomaly_to_string (a));
      for (ImDetection d = 0; d < IM_N_DETECTIONS; d++)
        if (d != IM_DETECTION_WEAR)
          printf (" %12u", confusion[a][d]);
      printf ("\n");
    }

  /* Wear: life cycles seen from NORMAL that reached FAILING. */
  for (guint m = 0; m < n_machines; m++)
    {
      for (guint i = 0; i < runs[m].cycles->len; i++)
        {
          Cycle *c = &g_array_index (runs[m].cycles, Cycle, i);

          if (!c->started_normal || c->failing_ns == 0)
            continue;
          n_cycles++;
          if (c->warned_ns != 0 && c->warned_ns < c->failing_ns)
            {
              double minutes = (c->failing_ns - c->warned_ns) / 1e9 / 60.0;

              n_warned++;
              g_array_append_val (lead, minutes);
            }
        }
    }
  printf ("    wear: %u of %u life cycles (seen from NORMAL to FAILING) warned before FAILING: "
          "%.1f %%; lead time p10/p50 %.1f / %.1f min\n",
          n_warned, n_cycles, n_cycles ? 100.0 * n_warned / n_cycles : 0.0,
          quantile (lead, 0.1), quantile (lead, 0.5));

  {
    guint per_type[IM_N_DETECTIONS] = { 0 };

    for (guint i = 0; i < events->len; i++)
      {
        Event *e = &g_array_index (events, Event, i);

        if (e->state == IM_MACHINE_STATE_NORMAL && !e->overlaps_any)
          {
            n_false_normal++;
            per_type[e->event.type]++;
          }
      }
    printf ("    false events while NORMAL (overlapping no episode): %u in %.1f machine-days = "
            "%.3f per machine-day (", n_false_normal, n_normal / 86400.0,
            n_false_normal / (n_normal / 86400.0));
    for (ImDetection d = 0; d < IM_N_DETECTIONS; d++)
      printf ("%s%s %u", d ? ", " : "", im_detection_to_string (d), per_type[d]);
    printf (")\n");
  }

  printf ("(c) Cost: detector alone %.0f readings per CPU second (4 sensors), %zu bytes per "
          "machine; scoring took %.1f s\n", n_readings / t_detect, im_detector_get_size (),
          cpu_seconds () - t0);

  for (guint m = 0; m < n_machines; m++)
    {
      im_detector_free (runs[m].detector);
      g_array_unref (runs[m].cycles);
    }
}

/* The offline mode over JSON lines in memory, beside the simulator's own
 * generation of the same lines. */
static void
bench_offline (guint n_machines,
               guint n_readings)
{
  g_autoptr(ImSimFleet) fleet = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  ImDetectOfflineStats stats;
  ImDetectorParams params;
  ImSimConfig config;
  double t, t_sim, t_offline;

  im_sim_config_init (&config);
  config.n_machines = n_machines;
  config.start_time_ns = G_GINT64_CONSTANT (1798761600) * IM_NSEC_PER_SEC;
  fleet = im_sim_fleet_new (&config);

  t = cpu_seconds ();
  for (guint i = 0; i < n_readings; i++)
    {
      ImReading reading;

      im_sim_fleet_next (fleet, &reading);
      im_reading_append_json (&reading, lines);
      g_string_append_c (lines, '\n');
    }
  t_sim = cpu_seconds () - t;

  input = g_memory_input_stream_new_from_data (lines->str, lines->len, NULL);
  output = g_memory_output_stream_new_resizable ();
  im_detector_params_init (&params);
  t = cpu_seconds ();
  if (!im_detect_offline_run (input, output, &params, FALSE, &stats, NULL, &error))
    g_error ("offline mode: %s", error->message);
  t_offline = cpu_seconds () - t;
  g_assert_cmpuint (stats.n_readings, ==, n_readings);

  printf ("    offline mode (JSON lines in, events out, %u machines): %.0f readings per CPU second;"
          " reference in the same run: the simulator generates and encodes %.0f per CPU second "
          "(ratio %.2f)\n", n_machines, n_readings / t_offline, n_readings / t_sim, t_sim / t_offline);
}

/* --- NAB ------------------------------------------------------------------ */

static gboolean
in_window (JsonArray  *windows,
           const char *timestamp)
{
  for (guint i = 0; windows != NULL && i < json_array_get_length (windows); i++)
    {
      JsonArray *w = json_array_get_array_element (windows, i);
      const char *a = json_array_get_string_element (w, 0);
      const char *b = json_array_get_string_element (w, 1);

      /* "YYYY-MM-DD HH:MM:SS" sorts as text */
      if (strncmp (timestamp, a, 19) >= 0 && strncmp (timestamp, b, 19) <= 0)
        return TRUE;
    }

  return FALSE;
}

static gint64
parse_nab_time (const char *s)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = g_strdup (s);

  if (strlen (iso) >= 11)
    iso[10] = 'T';
  dt = g_date_time_new_from_iso8601 (iso, g_time_zone_new_utc ());
  return dt ? g_date_time_to_unix (dt) * IM_NSEC_PER_SEC : 0;
}

/* Which score goes to NAB: 0 the event onsets, 1 the surprise onsets. */
static int nab_score = 1;

static gboolean
nab_run_file (const char *nab_dir,
              const char *results_dir,
              const char *relpath,
              JsonArray  *windows,
              GError    **error)
{
  g_autofree char *path = g_build_filename (nab_dir, "data", relpath, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *dirname = g_path_get_dirname (relpath);
  g_autofree char *basename = g_path_get_basename (relpath);
  g_autofree char *out_name = g_strconcat ("industrialmind_", basename, NULL);
  g_autofree char *out_dir = g_build_filename (results_dir, "industrialmind", dirname, NULL);
  g_autofree char *out_path = g_build_filename (out_dir, out_name, NULL);
  g_autoptr(GString) out = g_string_new ("timestamp,value,anomaly_score,label\n");
  g_auto(GStrv) lines = NULL;
  g_autoptr(ImDetector) detector = NULL;
  ImDetectorParams params;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  im_detector_params_init_series (&params);
  apply_overrides (&params);
  detector = im_detector_new (&params, "series");
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      ImDetectorEvent events[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
      ImDetectorScore score;
      char *comma = strchr (lines[i], ',');
      double value, s;

      if (comma == NULL)
        continue;
      g_strchomp (comma);
      *comma = '\0';
      value = g_ascii_strtod (comma + 1, NULL);
      im_detector_push (detector, parse_nab_time (lines[i]), &value, &score, events);
      s = nab_score == 1 ? score.onset : (score.continuing ? 0.0 : score.overall);
      g_string_append_printf (out, "%s,%s,%.6f,%d\n", lines[i], comma + 1, s,
                              in_window (windows, lines[i]) ? 1 : 0);
    }

  g_mkdir_with_parents (out_dir, 0755);
  return g_file_set_contents (out_path, out->str, out->len, error);
}

static gboolean
run_command (const char * const *argv,
             const char         *cwd,
             GError            **error)
{
  int status;

  if (!g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, error))
    return FALSE;
  return g_spawn_check_wait_status (status, error);
}

static char *
ensure_python (const char *python,
               GError    **error)
{
  g_autofree char *venv = NULL;
  g_autofree char *bin = NULL;
  g_autofree char *pip = NULL;

  if (python != NULL)
    return g_strdup (python);

  venv = g_build_filename (g_get_user_cache_dir (), "industrialmind", "nab-venv", NULL);
  bin = g_build_filename (venv, "bin", "python", NULL);
  if (g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&bin);

  printf ("    creating a Python venv for NAB's scorer in %s\n", venv);
  fflush (stdout);
  pip = g_build_filename (venv, "bin", "pip", NULL);
  {
    const char *mk[] = { "python3", "-m", "venv", venv, NULL };
    const char *inst[] = { pip, "install", "-q", "pandas<2", "numpy<2", "simplejson", NULL };

    if (!run_command (mk, NULL, error) || !run_command (inst, NULL, error))
      return NULL;
  }

  return g_steal_pointer (&bin);
}

static void
bench_nab (const char *nab_dir,
           const char *python_arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *labels = g_build_filename (nab_dir, "labels", "combined_windows.json", NULL);
  g_autofree char *work = NULL;
  g_autofree char *python = NULL;
  g_autofree char *final = NULL;
  g_autoptr(JsonParser) results = json_parser_new ();
  JsonObject *windows, *ours;
  GList *files;
  double t;
  guint n_files = 0;

  printf ("(b) NAB v1.1 from %s: every data file, one parameter set\n", nab_dir);
  fflush (stdout);

  if (!json_parser_load_from_file (parser, labels, &error))
    g_error ("%s: %s", labels, error->message);
  windows = json_node_get_object (json_parser_get_root (parser));

  /* The scorer writes into results/: work on a copy. */
  work = g_dir_make_tmp ("bench-detector-nab-XXXXXX", &error);
  if (work == NULL)
    g_error ("%s", error->message);
  {
    g_autofree char *src = g_strconcat (nab_dir, "/.", NULL);
    const char *cp[] = { "cp", "-r", src, work, NULL };

    if (!run_command (cp, NULL, &error))
      g_error ("copying %s: %s", nab_dir, error->message);
  }

  t = cpu_seconds ();
  files = json_object_get_members (windows);
  files = g_list_sort (files, (GCompareFunc) strcmp);
  for (GList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *results_dir = g_build_filename (work, "results", NULL);

      if (!nab_run_file (work, results_dir, l->data,
                         json_object_get_array_member (windows, l->data), &error))
        g_error ("%s: %s", (const char *) l->data, error->message);
      n_files++;
    }
  g_list_free (files);
  printf ("    %u files scored in %.1f CPU s\n", n_files, cpu_seconds () - t);
  fflush (stdout);

  if (!(python = ensure_python (python_arg, &error)))
    g_error ("NAB's Python: %s", error->message);
  {
    const char *run[] = { python, "run.py", "-d", "industrialmind", "--optimize", "--score",
                          "--normalize", "--skipConfirmation", NULL };

    if (!run_command (run, work, &error))
      g_error ("NAB's scorer: %s", error->message);
  }

  final = g_build_filename (work, "results", "final_results.json", NULL);
  if (!json_parser_load_from_file (results, final, &error))
    g_error ("%s: %s", final, error->message);
  ours = json_object_get_object_member (json_node_get_object (json_parser_get_root (results)),
                                        "industrialmind");
  printf ("    %-22s %9s %14s %14s\n", "detector", "standard", "reward_low_FP", "reward_low_FN");
  printf ("    %-22s %9.1f %14.1f %14.1f   <- this run\n", "industrialmind",
          json_object_get_double_member (ours, "standard"),
          json_object_get_double_member (ours, "reward_low_FP_rate"),
          json_object_get_double_member (ours, "reward_low_FN_rate"));
  printf ("    %-22s %9.1f %14.1f %14.1f\n", "ARTime", 74.9, 65.1, 80.4);
  printf ("    %-22s %9.1f %14.1f %14.1f\n", "Numenta HTM", 70.1, 63.1, 74.3);
  printf ("    %-22s %9.1f %14.1f %14.1f\n", "CAD OSE", 69.9, 67.0, 73.2);
  printf ("    %-22s %9.1f %14.1f %14.1f\n", "KNN CAD", 58.0, 43.4, 64.8);
  printf ("    %-22s %9.1f %14.1f %14.1f\n", "Random Cut Forest", 51.7, 38.4, 59.7);
  printf ("    %-22s %9.1f %14.1f %14.1f\n", "Windowed Gaussian", 39.6, 20.9, 47.4);
  printf ("    (scoreboard figures as published by NAB; results kept in %s/results/industrialmind)\n",
          work);
}

int
main (int   argc,
      char *argv[])
{
  guint machines = 20;
  double days = 7.0;
  gint64 seed = 1;
  double anomaly_rate = 0.05;
  g_autofree char *nab_dir = NULL;
  g_autofree char *python = NULL;
  gboolean skip_fleet = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "machines", 'm', 0, G_OPTION_ARG_INT, &machines, "Fleet size (default 20)", "N" },
    { "days", 'd', 0, G_OPTION_ARG_DOUBLE, &days, "Simulated days (default 7)", "DAYS" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Simulator seed (default 1)", "N" },
    { "anomaly-rate", 'a', 0, G_OPTION_ARG_DOUBLE, &anomaly_rate, "Anomaly rate (default 0.05)", "RATE" },
    { "nab", 0, 0, G_OPTION_ARG_FILENAME, &nab_dir, "A NAB v1.1 checkout: score on it too", "DIR" },
    { "python", 0, 0, G_OPTION_ARG_FILENAME, &python,
      "Python with pandas<2, numpy<2 and simplejson for NAB's scorer (default: a venv in the "
      "user's cache, created when missing)", "PATH" },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &overrides,
      "Override a detector parameter (repeatable; for exploring)", "NAME=VALUE" },
    { "nab-score", 0, 0, G_OPTION_ARG_INT, &nab_score,
      "The score written for NAB: 0 overall at event onsets, 1 surprise onsets (default)", "N" },
    { "skip-fleet", 0, 0, G_OPTION_ARG_NONE, &skip_fleet, "Skip (a) and (c)", NULL },
    { NULL }
  };

  context = g_option_context_new ("— detection quality and cost of the anomaly detector");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }

  if (!skip_fleet)
    {
      bench_fleet (machines, days, (guint64) seed, anomaly_rate);
      bench_offline (20, 400000);
    }
  if (nab_dir != NULL)
    bench_nab (nab_dir, python);

  return 0;
}
