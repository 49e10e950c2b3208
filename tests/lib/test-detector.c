/* test-detector.c — the anomaly detector on series with known answers
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "im-detector.h"
#include "im-util.h"

#define T0 (G_GINT64_CONSTANT (1798761600) * IM_NSEC_PER_SEC)

static gint64
time_at (guint i)
{
  return T0 + (gint64) i * IM_NSEC_PER_SEC;
}

static double
normal (GRand *rand)
{
  double u = g_rand_double_range (rand, 1e-12, 1.0);
  double v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* A series generator: noise of sd 1 around @level, plus what @shape adds. */
typedef double (*Shape) (guint i, guint channel);

static GArray *
run (const ImDetectorParams *params,
     guint                   n,
     guint32                 seed,
     double                  noise,
     Shape                   shape,
     gboolean                flush)
{
  g_autoptr(ImDetector) detector = im_detector_new (params, "MACHINE_001");
  GArray *events = g_array_new (FALSE, FALSE, sizeof (ImDetectorEvent));
  GRand *rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n; i++)
    {
      ImDetectorEvent out[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
      ImDetectorScore score;
      double values[IM_DETECTOR_MAX_CHANNELS];
      guint k;

      for (guint c = 0; c < params->n_channels; c++)
        values[c] = 50.0 + 10.0 * c + noise * normal (rand) + (shape ? shape (i, c) : 0.0);
      k = im_detector_push (detector, time_at (i), values, &score, out);
      g_assert_cmpfloat (score.overall, >=, 0.0);
      g_assert_cmpfloat (score.overall, <=, 1.0);
      for (guint c = 0; c < params->n_channels; c++)
        {
          g_assert_cmpfloat (score.channel[c], >=, 0.0);
          g_assert_cmpfloat (score.channel[c], <=, score.overall);
        }
      g_array_append_vals (events, out, k);
    }
  if (flush)
    {
      ImDetectorEvent out[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
      guint k = im_detector_flush (detector, out);

      g_array_append_vals (events, out, k);
    }

  g_rand_free (rand);
  return events;
}

/* The machine defaults on one channel: the methods as the fleet runs them. */
static void
one_channel (ImDetectorParams *params)
{
  im_detector_params_init (params);
  params->n_channels = 1;
  params->wear_warmup = 0;
}

static void
test_flat (void)
{
  ImDetectorParams params;
  g_autoptr(GArray) events = NULL;

  im_detector_params_init (&params);
  events = run (&params, 20000, 1, 0.0, NULL, TRUE);
  g_assert_cmpuint (events->len, ==, 0);
}

static void
test_noise (void)
{
  ImDetectorParams params;
  g_autoptr(GArray) events = NULL;

  one_channel (&params);
  events = run (&params, 50000, 2, 1.0, NULL, TRUE);
  g_assert_cmpuint (events->len, ==, 0);
}

static double
spike_at_7000 (guint i,
               guint channel)
{
  return i == 7000 && channel == 0 ? 15.0 : 0.0;
}

static void
test_spike (void)
{
  ImDetectorParams params;
  g_autoptr(GArray) events = NULL;
  ImDetectorEvent *e;

  one_channel (&params);
  events = run (&params, 10000, 3, 1.0, spike_at_7000, TRUE);
  g_assert_cmpuint (events->len, ==, 1);
  e = &g_array_index (events, ImDetectorEvent, 0);
  g_assert_cmpint (e->type, ==, IM_DETECTION_SPIKE);
  g_assert_cmpint (e->start_ns, ==, time_at (7000));
  g_assert_cmpint (e->end_ns, ==, time_at (7000));
  g_assert_cmpint (e->detected_ns, ==, time_at (7000));
  g_assert_cmpuint (e->channels, ==, 1);
  g_assert_cmpint (e->status, ==, IM_DETECTOR_EVENT_CLOSED);
  g_assert_cmpfloat (e->score, >, 0.5);
}

static double
sine (guint i,
      guint channel)
{
  return 4.0 * sin (2.0 * G_PI * i / 2000.0);
}

static void
test_sine_learned (void)
{
  ImDetectorParams params;
  g_autoptr(GArray) events = NULL;

  one_channel (&params);
  events = run (&params, 40000, 4, 1.0, sine, TRUE);
  g_assert_cmpuint (events->len, ==, 0);
}

static double
ramp_at_5000 (guint i,
              guint channel)
{
  /* 0.5 sd per reading for 30 readings, then back */
  return channel == 0 && i >= 5000 && i < 5030 ? 0.5 * (i - 5000 + 1) : 0.0;
}

static void
test_drift (void)
{
  ImDetectorParams params;
  g_autoptr(GArray) events = NULL;
  ImDetectorEvent *e;

  one_channel (&params);
  events = run (&params, 8000, 5, 1.0, ramp_at_5000, TRUE);
  g_assert_cmpuint (events->len, ==, 1);
  e = &g_array_index (events, ImDetectorEvent, 0);
  g_assert_cmpint (e->type, ==, IM_DETECTION_DRIFT);
  /* the change point lies in the ramp's first half, the end at its end */
  g_assert_cmpint (e->start_ns, >=, time_at (4995));
  g_assert_cmpint (e->start_ns, <=, time_at (5015));
  g_assert_cmpint (e->end_ns, >=, time_at (5025));
  g_assert_cmpint (e->end_ns, <=, time_at (5030));
  g_assert_cmpint (e->detected_ns, <, time_at (5030));
}

static double
raised_cycle_at_5000 (guint i,
                      guint channel)
{
  /* the simulator's cyclic shape: a raised oscillation of period 10 */
  return channel == 0 && i >= 5000 && i < 5040 ?
         6.0 * (0.6 + 0.4 * sin (G_PI * (2 * (i - 5000) + 1) / 10)) : 0.0;
}

static void
test_cyclic (void)
{
  ImDetectorParams params;
  g_autoptr(GArray) events = NULL;
  ImDetectorEvent *e;

  one_channel (&params);
  events = run (&params, 8000, 6, 1.0, raised_cycle_at_5000, TRUE);
  g_assert_cmpuint (events->len, ==, 1);
  e = &g_array_index (events, ImDetectorEvent, 0);
  g_assert_cmpint (e->type, ==, IM_DETECTION_CYCLIC);
  /* the CUSUM's change point may lead by the noise's last few readings */
  g_assert_cmpint (e->start_ns, >=, time_at (4990));
  g_assert_cmpint (e->start_ns, <=, time_at (5005));
  g_assert_cmpint (e->end_ns, >=, time_at (5030));
  g_assert_cmpint (e->end_ns, <=, time_at (5040));
}

static double
multi_at_3000 (guint i,
               guint channel)
{
  return (channel == 0 || channel == 1) && i >= 3000 && i < 3003 ? 7.0 : 0.0;
}

static void
test_multi_sensor (void)
{
  ImDetectorParams params;
  g_autoptr(GArray) events = NULL;
  ImDetectorEvent *e;

  im_detector_params_init (&params);
  params.wear_warmup = 0;
  events = run (&params, 6000, 7, 1.0, multi_at_3000, TRUE);
  g_assert_cmpuint (events->len, ==, 1);
  e = &g_array_index (events, ImDetectorEvent, 0);
  g_assert_cmpint (e->type, ==, IM_DETECTION_MULTI_SENSOR);
  g_assert_cmpuint (e->channels, ==, 0x3);
  g_assert_cmpint (e->start_ns, ==, time_at (3000));
  g_assert_cmpint (e->end_ns, ==, time_at (3002));
}

static double
worn_from_3000 (guint i,
                guint channel)
{
  return i >= 3000 ? 10.0 : 0.0;
}

static void
test_wear (void)
{
  ImDetectorParams params;
  g_autoptr(GArray) events = NULL;
  gboolean opened = FALSE, closed = FALSE, shifted = FALSE;
  char id[IM_DETECTOR_ID_LEN + 1] = "";

  im_detector_params_init (&params);
  events = run (&params, 6000, 8, 1.0, worn_from_3000, TRUE);
  for (guint i = 0; i < events->len; i++)
    {
      ImDetectorEvent *e = &g_array_index (events, ImDetectorEvent, i);

      if (e->type == IM_DETECTION_LEVEL_SHIFT)
        {
          /* the fast detector takes the step for a lasting change */
          g_assert_cmpint (e->start_ns, ==, time_at (3000));
          shifted = TRUE;
        }
      else if (e->type == IM_DETECTION_WEAR && e->status == IM_DETECTOR_EVENT_OPEN)
        {
          g_assert_false (opened);
          opened = TRUE;
          g_assert_cmpint (e->detected_ns, >, time_at (3000));
          g_assert_cmpint (e->detected_ns, <, time_at (3300));
          /* the channels past wear_z when it warned: two or more */
          g_assert_cmpuint (g_bit_nth_lsf (e->channels, g_bit_nth_lsf (e->channels, -1)), !=, -1);
          memcpy (id, e->id, sizeof id);
        }
      else if (e->type == IM_DETECTION_WEAR)
        {
          /* closed at the end of the input, under the same id */
          g_assert_true (opened);
          g_assert_cmpstr (e->id, ==, id);
          g_assert_cmpint (e->end_ns, ==, time_at (5999));
          closed = TRUE;
        }
      else
        g_error ("unexpected %s event", im_detection_to_string (e->type));
    }
  g_assert_true (shifted);
  g_assert_true (opened);
  g_assert_true (closed);
}

/* A pause longer than gap_ns is maintenance: what was open ends, the
 * detector learns the machine anew (no event for the lower level). */
static void
test_gap_restarts (void)
{
  ImDetectorParams params;
  g_autoptr(ImDetector) detector = NULL;
  GRand *rand = g_rand_new_with_seed (9);
  guint n_events = 0, n_wear_closed = 0;

  im_detector_params_init (&params);
  detector = im_detector_new (&params, "MACHINE_002");
  for (guint i = 0; i < 8000; i++)
    {
      ImDetectorEvent out[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
      double values[IM_N_SENSORS];
      /* worn from 2000 on, then 10 minutes of maintenance at 5000 */
      double level = i >= 2000 && i < 5000 ? 10.0 : 0.0;
      gint64 t = time_at (i) + (i >= 5000 ? 600 * IM_NSEC_PER_SEC : 0);
      guint k;

      for (guint c = 0; c < IM_N_SENSORS; c++)
        values[c] = 50.0 + level + normal (rand);
      k = im_detector_push (detector, t, values, NULL, out);
      for (guint j = 0; j < k; j++)
        {
          if (out[j].type == IM_DETECTION_WEAR && out[j].status == IM_DETECTOR_EVENT_CLOSED)
            {
              g_assert_cmpuint (i, ==, 5000);
              g_assert_cmpint (out[j].end_ns, ==, time_at (4999));
              n_wear_closed++;
            }
          g_assert_true (out[j].start_ns < time_at (5000));
        }
      n_events += k;
    }
  g_assert_cmpuint (n_wear_closed, ==, 1);
  g_assert_cmpuint (n_events, ==, 3);   /* level shift, wear open, wear closed */

  g_rand_free (rand);
}

static double
mixed (guint i,
       guint channel)
{
  return spike_at_7000 (i, channel) + ramp_at_5000 (i, channel) + multi_at_3000 (i, channel) +
         (i > 9000 ? 12.0 : 0.0);
}

static void
test_determinism (void)
{
  ImDetectorParams params;
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  g_autoptr(GString) ja = g_string_new (NULL);
  g_autoptr(GString) jb = g_string_new (NULL);

  im_detector_params_init (&params);
  a = run (&params, 12000, 10, 1.0, mixed, TRUE);
  b = run (&params, 12000, 10, 1.0, mixed, TRUE);
  g_assert_cmpuint (a->len, >=, 4);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      im_detector_event_append_json (&g_array_index (a, ImDetectorEvent, i), ja);
      im_detector_event_append_json (&g_array_index (b, ImDetectorEvent, i), jb);
    }
  g_assert_cmpstr (ja->str, ==, jb->str);
}

static void
test_event_json (void)
{
  ImDetectorEvent event = { 0 };
  ImDetectorEvent again = { 0 };
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o;
  JsonArray *sensors;

  g_strlcpy (event.source, "MACHINE_007", sizeof event.source);
  event.type = IM_DETECTION_MULTI_SENSOR;
  event.status = IM_DETECTOR_EVENT_CLOSED;
  event.channels = (1u << IM_SENSOR_TEMPERATURE) | (1u << IM_SENSOR_VIBRATION);
  event.start_ns = T0 + 123456789;
  event.end_ns = T0 + 2 * IM_NSEC_PER_SEC;
  event.detected_ns = T0 + IM_NSEC_PER_SEC;
  event.score = 0.87654;
  event.n_readings = 3;

  /* the id depends on the source, the type and the start alone */
  im_detector_event_set_id (&event);
  again = event;
  again.end_ns += IM_NSEC_PER_SEC;
  again.score = 0.5;
  im_detector_event_set_id (&again);
  g_assert_cmpstr (again.id, ==, event.id);
  again.start_ns++;
  im_detector_event_set_id (&again);
  g_assert_cmpstr (again.id, !=, event.id);
  again = event;
  again.type = IM_DETECTION_SPIKE;
  im_detector_event_set_id (&again);
  g_assert_cmpstr (again.id, !=, event.id);
  im_detector_event_append_json (&event, json);
  g_assert_true (json_parser_load_from_data (parser, json->str, -1, &error));
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (o, "schema_version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "machine_id"), ==, "MACHINE_007");
  g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "multi_sensor");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "closed");
  g_assert_cmpstr (json_object_get_string_member (o, "start"), ==, "2027-01-01T00:00:00.123456789Z");
  g_assert_cmpstr (json_object_get_string_member (o, "end"), ==, "2027-01-01T00:00:02.000000000Z");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "score"), 0.8765, 1e-9);
  g_assert_cmpint (json_object_get_int_member (o, "readings"), ==, 3);
  sensors = json_object_get_array_member (o, "sensors");
  g_assert_cmpuint (json_array_get_length (sensors), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (sensors, 0), ==, "temperature");
  g_assert_cmpstr (json_array_get_string_element (sensors, 1), ==, "vibration");
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, event.id);
  g_assert_cmpuint (strlen (event.id), ==, IM_DETECTOR_ID_LEN);
}

/* The `anomalies` point: tags machine and type, time = start, the JSON's
 * fields; a wear warning's closing record is the same point. */
static void
test_event_line_protocol (void)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GString) closed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  ImDetectorEvent event = { 0 };

  g_strlcpy (event.source, "MACHINE_007", sizeof event.source);
  event.type = IM_DETECTION_WEAR;
  event.status = IM_DETECTOR_EVENT_OPEN;
  event.channels = (1u << IM_SENSOR_TEMPERATURE) | (1u << IM_SENSOR_VIBRATION) | (1u << IM_SENSOR_POWER);
  event.start_ns = 1798761600123456789;
  event.end_ns = 1798761700000000000;
  event.detected_ns = 1798761650000000000;
  event.score = 0.612349;
  event.n_readings = 101;
  im_detector_event_set_id (&event);

  g_assert_true (im_detector_event_append_line_protocol (&event, line, &error));
  g_assert_no_error (error);
  expected = g_strdup_printf ("anomalies,machine_id=MACHINE_007,type=wear id=\"%s\",status=\"open\","
                              "sensors=\"temperature,vibration,power\",end_at=1798761700000000000i,"
                              "detected_at=1798761650000000000i,score=0.6123,readings=101i "
                              "1798761600123456789\n", event.id);
  g_assert_cmpstr (line->str, ==, expected);

  /* Closed later: the same series and time, so InfluxDB rewrites it. */
  event.status = IM_DETECTOR_EVENT_CLOSED;
  event.end_ns += IM_NSEC_PER_SEC;
  g_assert_true (im_detector_event_append_line_protocol (&event, closed, &error));
  g_assert_true (g_str_has_prefix (closed->str, "anomalies,machine_id=MACHINE_007,type=wear id="));
  g_assert_true (g_str_has_suffix (closed->str, " 1798761600123456789\n"));
  g_assert_nonnull (strstr (closed->str, "status=\"closed\""));
}

static void
test_bad_input (void)
{
  ImDetectorParams params;
  g_autoptr(ImDetector) detector = NULL;
  ImDetectorEvent out[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
  ImDetectorScore score;
  double v = 1.0, nan_value = NAN;

  one_channel (&params);
  detector = im_detector_new (&params, "S");
  g_assert_cmpuint (im_detector_push (detector, time_at (10), &v, &score, out), ==, 0);
  g_assert_true (score.warming_up);
  /* not finite, or older than the last: ignored */
  g_assert_cmpuint (im_detector_push (detector, time_at (11), &nan_value, NULL, out), ==, 0);
  g_assert_cmpuint (im_detector_push (detector, time_at (5), &v, NULL, out), ==, 0);
  g_assert_cmpint (im_detector_get_last_time_ns (detector), ==, time_at (10));
}

/* The series defaults (NAB's) are less sensitive, but a big spike is
 * still a spike and noise still nothing. */
static void
test_series_defaults (void)
{
  ImDetectorParams params;
  g_autoptr(GArray) events = NULL;

  im_detector_params_init_series (&params);
  g_assert_cmpuint (params.n_channels, ==, 1);
  g_assert_cmpuint (params.wear_warmup, ==, 0);
  events = run (&params, 50000, 2, 1.0, NULL, TRUE);
  g_assert_cmpuint (events->len, ==, 0);
  g_clear_pointer (&events, g_array_unref);
  events = run (&params, 10000, 3, 1.0, spike_at_7000, TRUE);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (g_array_index (events, ImDetectorEvent, 0).type, ==, IM_DETECTION_SPIKE);
  g_assert_cmpint (g_array_index (events, ImDetectorEvent, 0).start_ns, ==, time_at (7000));
}

static void
test_names (void)
{
  for (ImDetection d = 0; d < IM_N_DETECTIONS; d++)
    {
      ImDetection back;

      g_assert_true (im_detection_from_string (im_detection_to_string (d), &back));
      g_assert_cmpint (back, ==, d);
    }
  g_assert_false (im_detection_from_string ("spikes", NULL));
}

/* The alert score (surprise/onset), as NAB reads it: a spike of 15 sds in
 * noise rises to the decision level at its index, a second one within the
 * rest that follows gives no onset, one after it does; noise alone rises
 * to it nowhere once the long-run variance has grown in. */
static double
spikes_for_alert (guint i,
                  guint channel)
{
  return (i == 7000 || i == 7050 || i == 7200) ? 15.0 : 0.0;
}

static void
test_alert_onsets (void)
{
  ImDetectorParams params;
  g_autoptr(ImDetector) detector = NULL;
  GRand *rand = g_rand_new_with_seed (11);
  guint n_onsets = 0, first = 0, second = 0;

  im_detector_params_init_series (&params);
  detector = im_detector_new (&params, "series");
  for (guint i = 0; i < 10000; i++)
    {
      ImDetectorEvent out[IM_DETECTOR_MAX_EVENTS_PER_PUSH];
      ImDetectorScore score;
      double value = 100.0 + normal (rand) + spikes_for_alert (i, 0);

      im_detector_push (detector, time_at (i), &value, &score, out);
      g_assert_cmpfloat (score.surprise, >=, 0.0);
      g_assert_cmpfloat (score.surprise, <=, 1.0);
      g_assert_cmpfloat (score.onset, <=, score.surprise);
      if (i == 7050)
        g_assert_cmpfloat (score.surprise, >, 0.5);
      if (i >= 3000 && score.onset > 0.5)
        {
          if (n_onsets == 0)
            first = i;
          else
            second = i;
          n_onsets++;
        }
    }
  g_rand_free (rand);

  g_assert_cmpuint (n_onsets, ==, 2);
  g_assert_cmpuint (first, ==, 7000);
  g_assert_cmpuint (second, ==, 7200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/detector/flat", test_flat);
  g_test_add_func ("/detector/noise", test_noise);
  g_test_add_func ("/detector/spike", test_spike);
  g_test_add_func ("/detector/sine-learned", test_sine_learned);
  g_test_add_func ("/detector/drift", test_drift);
  g_test_add_func ("/detector/cyclic", test_cyclic);
  g_test_add_func ("/detector/multi-sensor", test_multi_sensor);
  g_test_add_func ("/detector/wear", test_wear);
  g_test_add_func ("/detector/gap-restarts", test_gap_restarts);
  g_test_add_func ("/detector/determinism", test_determinism);
  g_test_add_func ("/detector/event-json", test_event_json);
  g_test_add_func ("/detector/event-line-protocol", test_event_line_protocol);
  g_test_add_func ("/detector/bad-input", test_bad_input);
  g_test_add_func ("/detector/series-defaults", test_series_defaults);
  g_test_add_func ("/detector/names", test_names);
  g_test_add_func ("/detector/alert-onsets", test_alert_onsets);

  return g_test_run ();
}
