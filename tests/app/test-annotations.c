/* test-annotations.c — the states and alarms the charts annotate.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "im-annotations.h"
#include "im-util.h"

#define T0 (G_GINT64_CONSTANT (1795824000) * IM_NSEC_PER_SEC)
#define AT(s) (T0 + (gint64) (s) * IM_NSEC_PER_SEC)
#define GAP_NS (15 * IM_NSEC_PER_SEC)

static ImReading
reading (int            s,
         ImMachineState state)
{
  ImReading r;

  im_reading_init (&r);
  g_strlcpy (r.machine_id, "MACHINE_001", sizeof r.machine_id);
  r.time_ns = AT (s);
  r.state = state;

  return r;
}

static void
test_state_bands (void)
{
  g_autoptr(ImStateTrack) track = im_state_track_new (GAP_NS);
  g_autoptr(GArray) readings = g_array_new (FALSE, FALSE, sizeof (ImReading));
  g_autoptr(GArray) bands = NULL;
  g_autoptr(GArray) later = NULL;
  const ImChartAnnotation *a;

  /* normal 0–9, degrading 10–19, failing 20–29, silent 30–59, normal 60–69 */
  for (int s = 0; s < 70; s++)
    {
      ImReading r = reading (s, s < 10 ? IM_MACHINE_STATE_NORMAL :
                                s < 20 ? IM_MACHINE_STATE_DEGRADING :
                                s < 30 ? IM_MACHINE_STATE_FAILING :
                                IM_MACHINE_STATE_NORMAL);

      if (s >= 30 && s < 60)
        continue;
      g_array_append_val (readings, r);
    }

  /* In two refreshes that overlap, as the Live page fetches. */
  im_state_track_add (track, (const ImReading *) (gpointer) readings->data, 25);
  im_state_track_add (track, &g_array_index (readings, ImReading, 15), readings->len - 15);

  bands = im_annotations_build (track, NULL, 0, IM_SENSOR_TEMPERATURE, FALSE, AT (70));
  g_assert_cmpuint (bands->len, ==, 3);

  a = &g_array_index (bands, ImChartAnnotation, 0);
  g_assert_cmpint (a->start_ns, ==, AT (10));
  g_assert_cmpint (a->end_ns, ==, AT (20));
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_WARNING);
  g_assert_true (g_str_has_prefix (a->text, "Degrading"));

  a = &g_array_index (bands, ImChartAnnotation, 1);
  g_assert_cmpint (a->start_ns, ==, AT (20));
  /* The last failing reading: no band across the silence. */
  g_assert_cmpint (a->end_ns, ==, AT (29));
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_CRITICAL);

  /* Silent from a failing reading on: stopped for maintenance. */
  a = &g_array_index (bands, ImChartAnnotation, 2);
  g_assert_cmpint (a->start_ns, ==, AT (29));
  g_assert_cmpint (a->end_ns, ==, AT (60));
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_MAINTENANCE);
  g_assert_true (g_str_has_prefix (a->text, "Maintenance"));

  /* Silent now, after a normal reading, for longer than a gap: offline,
   * up to now. */
  later = im_annotations_build (track, NULL, 0, IM_SENSOR_TEMPERATURE, FALSE, AT (100));
  g_assert_cmpuint (later->len, ==, 4);
  a = &g_array_index (later, ImChartAnnotation, 3);
  g_assert_cmpint (a->start_ns, ==, AT (69));
  g_assert_cmpint (a->end_ns, ==, AT (100));
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_NEUTRAL);
  g_assert_true (g_str_has_prefix (a->text, "No readings since"));
  g_assert_nonnull (strstr (a->text, "offline"));

  /* What scrolled out of the window goes. */
  im_state_track_trim_before (track, AT (25));
  g_clear_pointer (&bands, g_array_unref);
  bands = im_annotations_build (track, NULL, 0, IM_SENSOR_TEMPERATURE, FALSE, AT (70));
  g_assert_cmpuint (bands->len, ==, 2);
  g_assert_cmpint (g_array_index (bands, ImChartAnnotation, 0).start_ns, ==, AT (20));

  im_state_track_clear (track);
  g_clear_pointer (&bands, g_array_unref);
  bands = im_annotations_build (track, NULL, 0, IM_SENSOR_TEMPERATURE, FALSE, AT (70));
  g_assert_cmpuint (bands->len, ==, 0);
}

/* A silence after normal readings is offline; one that begins with the
 * machine failing and lasts until now is maintenance. */
static void
test_offline_and_maintenance (void)
{
  g_autoptr(ImStateTrack) track = im_state_track_new (GAP_NS);
  g_autoptr(GArray) readings = g_array_new (FALSE, FALSE, sizeof (ImReading));
  g_autoptr(GArray) bands = NULL;
  const ImChartAnnotation *a;

  /* normal 0–9, silent 10–39, failing 40–49, silent since */
  for (int s = 0; s < 50; s++)
    {
      ImReading r = reading (s, s < 40 ? IM_MACHINE_STATE_NORMAL : IM_MACHINE_STATE_FAILING);

      if (s >= 10 && s < 40)
        continue;
      g_array_append_val (readings, r);
    }
  im_state_track_add (track, (const ImReading *) (gpointer) readings->data, readings->len);
  bands = im_annotations_build (track, NULL, 0, IM_SENSOR_TEMPERATURE, FALSE, AT (120));
  g_assert_cmpuint (bands->len, ==, 3);

  a = &g_array_index (bands, ImChartAnnotation, 0);
  g_assert_cmpint (a->start_ns, ==, AT (9));
  g_assert_cmpint (a->end_ns, ==, AT (40));
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_NEUTRAL);
  g_assert_true (g_str_has_prefix (a->text, "No readings (offline)"));

  a = &g_array_index (bands, ImChartAnnotation, 1);
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_CRITICAL);

  a = &g_array_index (bands, ImChartAnnotation, 2);
  g_assert_cmpint (a->start_ns, ==, AT (49));
  g_assert_cmpint (a->end_ns, ==, AT (120));
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_MAINTENANCE);
  g_assert_true (g_str_has_prefix (a->text, "In maintenance since"));
}

static void
test_alarm_marks (void)
{
  ImAlarm alarms[2];
  g_autoptr(GArray) temperature = NULL;
  g_autoptr(GArray) power = NULL;
  g_autoptr(GArray) banded = NULL;

  memset (alarms, 0, sizeof alarms);
  g_strlcpy (alarms[0].machine_id, "MACHINE_001", sizeof alarms[0].machine_id);
  g_strlcpy (alarms[0].type, "zone_temperature", sizeof alarms[0].type);
  alarms[0].kind = IM_ALARM_KIND_ZONE;
  alarms[0].sensors = 1u << IM_SENSOR_TEMPERATURE;
  alarms[0].severity = IM_ALARM_SEVERITY_CRITICAL;
  alarms[0].state = IM_ALARM_STATE_CLEARED;
  alarms[0].started_ns = AT (0);
  alarms[0].raised_ns = AT (30);
  alarms[0].cleared_ns = AT (90);
  alarms[0].value = 90;
  alarms[0].peak = 95;
  alarms[0].threshold = 85;
  alarms[0].count = 1;
  alarms[0].acknowledged = TRUE;
  g_strlcpy (alarms[0].ack_user, "jane", sizeof alarms[0].ack_user);
  alarms[0].ack_ns = AT (40);

  /* Of no sensor: every chart marks it. */
  g_strlcpy (alarms[1].machine_id, "MACHINE_001", sizeof alarms[1].machine_id);
  g_strlcpy (alarms[1].type, "inactivity", sizeof alarms[1].type);
  alarms[1].kind = IM_ALARM_KIND_INACTIVITY;
  alarms[1].severity = IM_ALARM_SEVERITY_MAJOR;
  alarms[1].state = IM_ALARM_STATE_ACTIVE;
  alarms[1].started_ns = AT (100);
  alarms[1].raised_ns = AT (110);
  alarms[1].value = 10;
  alarms[1].peak = 10;
  alarms[1].threshold = 10;
  alarms[1].count = 1;

  temperature = im_annotations_build (NULL, alarms, 2, IM_SENSOR_TEMPERATURE, FALSE, AT (200));
  power = im_annotations_build (NULL, alarms, 2, IM_SENSOR_POWER, FALSE, AT (200));
  banded = im_annotations_build (NULL, alarms, 2, IM_SENSOR_TEMPERATURE, TRUE, AT (200));

  g_assert_cmpuint (temperature->len, ==, 2);
  g_assert_cmpint (g_array_index (temperature, ImChartAnnotation, 0).start_ns, ==, AT (30));
  g_assert_cmpint (g_array_index (temperature, ImChartAnnotation, 0).end_ns, ==, AT (30));
  g_assert_cmpint (g_array_index (temperature, ImChartAnnotation, 0).tone, ==,
                   IM_CHART_TONE_CRITICAL);
  g_assert_true (g_str_has_prefix (g_array_index (temperature, ImChartAnnotation, 0).text,
                                   "Temperature above 85"));
  g_assert_nonnull (strstr (g_array_index (temperature, ImChartAnnotation, 0).text,
                            "acknowledged by jane"));
  g_assert_cmpint (g_array_index (temperature, ImChartAnnotation, 1).tone, ==,
                   IM_CHART_TONE_WARNING);

  g_assert_cmpuint (power->len, ==, 1);
  g_assert_cmpint (g_array_index (power, ImChartAnnotation, 0).start_ns, ==, AT (110));

  /* With bands: raised to cleared, or to now while active. */
  g_assert_cmpuint (banded->len, ==, 4);
  g_assert_cmpint (g_array_index (banded, ImChartAnnotation, 0).start_ns, ==, AT (30));
  g_assert_cmpint (g_array_index (banded, ImChartAnnotation, 0).end_ns, ==, AT (90));
  g_assert_cmpint (g_array_index (banded, ImChartAnnotation, 2).end_ns, ==, AT (200));
}

static ImAggregate
window_of (int   minute,
           guint degrading,
           guint failing)
{
  ImAggregate agg = { 0 };

  agg.time_ns = AT (minute * 60);
  agg.count = 60;
  agg.n_degrading = degrading;
  agg.n_failing = failing;

  return agg;
}

/* History's windows: the worst state of each, however short; adjacent
 * windows of one state are one band; missing windows longer than the
 * gap are "no readings". */
static void
test_aggregate_bands (void)
{
  const gint64 window = 60 * IM_NSEC_PER_SEC;
  g_autoptr(ImStateTrack) track = im_state_track_new (1);
  g_autoptr(GArray) bands = NULL;
  const ImAggregate windows[] = {
    window_of (0, 0, 0),
    window_of (1, 3, 0),    /* degrading */
    window_of (2, 60, 0),   /* degrading */
    window_of (3, 50, 1),   /* one failing reading: failing */
    window_of (4, 0, 0),
    /* minutes 5 and 6 missing */
    window_of (7, 0, 0),
    window_of (8, 1, 0),    /* degrading, up to the end of its window */
  };
  const ImChartAnnotation *a;

  im_state_track_add_aggregates (track, windows, G_N_ELEMENTS (windows), window);
  bands = im_annotations_build (track, NULL, 0, IM_SENSOR_TEMPERATURE, FALSE, AT (9 * 60));
  g_assert_cmpuint (bands->len, ==, 4);

  a = &g_array_index (bands, ImChartAnnotation, 0);
  g_assert_cmpint (a->start_ns, ==, AT (60));
  g_assert_cmpint (a->end_ns, ==, AT (180));
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_WARNING);
  g_assert_true (g_str_has_prefix (a->text, "Degrading"));

  a = &g_array_index (bands, ImChartAnnotation, 1);
  g_assert_cmpint (a->start_ns, ==, AT (180));
  g_assert_cmpint (a->end_ns, ==, AT (240));
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_CRITICAL);
  g_assert_true (g_str_has_prefix (a->text, "Failing"));

  a = &g_array_index (bands, ImChartAnnotation, 2);
  g_assert_cmpint (a->start_ns, ==, AT (300));
  g_assert_cmpint (a->end_ns, ==, AT (420));
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_NEUTRAL);
  g_assert_true (g_str_has_prefix (a->text, "No readings"));

  a = &g_array_index (bands, ImChartAnnotation, 3);
  g_assert_cmpint (a->start_ns, ==, AT (480));
  g_assert_cmpint (a->end_ns, ==, AT (540));
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_WARNING);

  /* Silent since the end of the last window, for longer than the gap:
   * a band up to now. */
  g_clear_pointer (&bands, g_array_unref);
  bands = im_annotations_build (track, NULL, 0, IM_SENSOR_TEMPERATURE, FALSE, AT (12 * 60));
  g_assert_cmpuint (bands->len, ==, 5);
  a = &g_array_index (bands, ImChartAnnotation, 4);
  g_assert_cmpint (a->start_ns, ==, AT (540));
  g_assert_cmpint (a->end_ns, ==, AT (720));
  g_assert_cmpint (a->tone, ==, IM_CHART_TONE_NEUTRAL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/annotations/state-bands", test_state_bands);
  g_test_add_func ("/annotations/alarm-marks", test_alarm_marks);
  g_test_add_func ("/annotations/aggregate-bands", test_aggregate_bands);
  g_test_add_func ("/annotations/offline-and-maintenance", test_offline_and_maintenance);

  return g_test_run ();
}
