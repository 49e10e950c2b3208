/* im-detector.h — the streaming anomaly detector
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "im-reading.h"

G_BEGIN_DECLS

/* Most channels (sensors) one detector watches. */
#define IM_DETECTOR_MAX_CHANNELS IM_N_SENSORS
/* The InfluxDB measurement of the events. */
#define IM_DETECTOR_MEASUREMENT "anomalies"
/* Length of an event id: 32 lower-case hex digits. */
#define IM_DETECTOR_ID_LEN 32
/* Most events one reading can end or start. */
#define IM_DETECTOR_MAX_EVENTS_PER_PUSH 4

typedef enum
{
  IM_DETECTION_SPIKE,
  IM_DETECTION_DRIFT,
  IM_DETECTION_CYCLIC,
  IM_DETECTION_MULTI_SENSOR,
  IM_DETECTION_WEAR,
  IM_DETECTION_LEVEL_SHIFT,
  IM_N_DETECTIONS
} ImDetection;

typedef enum
{
  IM_DETECTOR_EVENT_OPEN,     /* wear only: warned, still going on */
  IM_DETECTOR_EVENT_CLOSED,
} ImDetectorEventStatus;

/**
 * ImDetectorParams:
 * @n_channels: channels per push, 1..%IM_DETECTOR_MAX_CHANNELS
 * @warmup: readings after a start or a gap before any event
 * @wear_warmup: readings after a start or a gap that learn the healthy
 *   level the wear detector compares with; 0 disables wear
 * @base_tau: time constant of the location (readings)
 * @scale_tau: time constant of the scale (readings)
 * @spike_z: |z| that alone opens an event
 * @cusum_k: allowance of the CUSUM, in scales per reading
 * @cusum_h: CUSUM decision level, in scales
 * @multi_z: |z| of each of two or more channels that opens a
 *   multi-channel event
 * @quiet_z: an event ends after @quiet_len readings with every channel
 *   within @quiet_z
 * @quiet_len: see @quiet_z
 * @long_len: an event longer than this is a level shift: it ends and the
 *   detector learns the new level
 * @multi_max_len: a multi-channel event longer than this is a level shift
 *   too (a machine changing its state moves several sensors for good)
 * @wear_tau: time constant of the wear detector's slow level (readings)
 * @wear_z: deviation of the slow level from the healthy level, in
 *   scales, of each of three or more channels (two of two), that warns
 *   of wear
 * @gap_ns: a pause longer than this between two pushes restarts the
 *   detector (maintenance: the machine comes back as new)
 * @alert_tau: time constant of the alert score's long-run level (readings)
 * @alert_z: |z| against that level at which the alert score is 0.5
 * @alert_rest: readings after an alert onset whose onset score is 0
 *
 * Initialise with im_detector_params_init().
 */
typedef struct
{
  guint  n_channels;
  guint  warmup;
  guint  wear_warmup;
  double base_tau;
  double scale_tau;
  double spike_z;
  double cusum_k;
  double cusum_h;
  double multi_z;
  double quiet_z;
  guint  quiet_len;
  guint  long_len;
  guint  multi_max_len;
  double wear_tau;
  double wear_z;
  gint64 gap_ns;
  double alert_tau;
  double alert_z;
  guint  alert_rest;
} ImDetectorParams;

/**
 * ImDetectorEvent:
 * @id: deterministic: a digest of the source, the type and @start_ns
 * @source: the machine (or series) id
 * @type: what was found
 * @status: %IM_DETECTOR_EVENT_CLOSED, or %IM_DETECTOR_EVENT_OPEN for a
 *   wear warning still in force (the same id closes it later)
 * @channels: bit i set when channel i took part
 * @start_ns: first anomalous reading (estimated change point)
 * @end_ns: last anomalous reading (for an open event: the latest reading)
 * @detected_ns: the reading at which the detector was sure
 * @score: peak score, 0..1
 * @n_readings: readings from @start_ns to @end_ns
 */
typedef struct
{
  char                  id[IM_DETECTOR_ID_LEN + 1];
  char                  source[IM_ID_MAX_LEN + 1];
  ImDetection           type;
  ImDetectorEventStatus status;
  guint                 channels;
  gint64                start_ns;
  gint64                end_ns;
  gint64                detected_ns;
  double                score;
  guint                 n_readings;
} ImDetectorEvent;

/**
 * ImDetectorScore:
 * @channel: per channel, 0..1 (0.5 is the decision level)
 * @overall: the machine's, 0..1: the largest of the channels' and the
 *   multi-channel and wear scores
 * @warming_up: TRUE while the detector is still learning
 * @continuing: TRUE when this reading continues an event that an earlier
 *   reading opened (a stream of alerts wants only the onsets)
 * @surprise: how far the reading is from its long-run level, 0..1:
 *   the largest |z| of the channels against a slow EWMA mean and
 *   variance (params->alert_tau), 0.5 at params->alert_z
 * @onset: @surprise, but 0 for params->alert_rest readings after a
 *   reading above 0.5: one alert per excursion, for a single threshold
 */
typedef struct
{
  double   channel[IM_DETECTOR_MAX_CHANNELS];
  double   overall;
  gboolean warming_up;
  gboolean continuing;
  double   surprise;
  double   onset;
} ImDetectorScore;

typedef struct _ImDetector ImDetector;

const char *im_detection_to_string      (ImDetection             type);
gboolean    im_detection_from_string    (const char             *str,
                                         ImDetection            *type);
const char *im_detector_event_status_to_string (ImDetectorEventStatus status);

/* Defaults for the simulator's four sensors at 1 Hz. */
void        im_detector_params_init     (ImDetectorParams       *params);
/* Defaults for one series of unknown rate (wear off, no gaps; a slower
 * scale and higher decision levels, for heavier tails). */
void        im_detector_params_init_series (ImDetectorParams    *params);

ImDetector *im_detector_new             (const ImDetectorParams *params,
                                         const char             *source);
void        im_detector_free            (ImDetector             *detector);
/* Time of the last reading pushed, G_MININT64 before the first. */
gint64      im_detector_get_last_time_ns (ImDetector            *detector);
/* Bytes one detector holds (constant). */
gsize       im_detector_get_size        (void);

/* Feeds one reading: @values has params->n_channels finite values; @time_ns
 * must not go backwards (an older reading, or one with a value that is not
 * finite, is ignored and returns 0: callers validate first). Fills
 * @score when not NULL and writes the events this reading ends (or, for
 * wear, opens) to @events, at most %IM_DETECTOR_MAX_EVENTS_PER_PUSH;
 * returns how many. */
guint       im_detector_push            (ImDetector             *detector,
                                         gint64                  time_ns,
                                         const double           *values,
                                         ImDetectorScore        *score,
                                         ImDetectorEvent        *events);
/* Ends what is open at the end of the input, as im_detector_push(). */
guint       im_detector_flush           (ImDetector             *detector,
                                         ImDetectorEvent        *events);

/* The machine's readings: the four sensor values of @reading. */
guint       im_detector_push_reading    (ImDetector             *detector,
                                         const ImReading        *reading,
                                         ImDetectorScore        *score,
                                         ImDetectorEvent        *events);

/* Sets @event's id from its source, type and start. */
void        im_detector_event_set_id    (ImDetectorEvent        *event);

/* One JSON object, no newline: the `anomalies` topic's value. */
void        im_detector_event_append_json (const ImDetectorEvent *event,
                                           GString               *out);

/* One point of %IM_DETECTOR_MEASUREMENT, newline-terminated: tags
 * machine_id and type, time = start, so a wear warning's closing record
 * and a redelivered event rewrite the same point. */
gboolean    im_detector_event_append_line_protocol (const ImDetectorEvent  *event,
                                                    GString                *buf,
                                                    GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImDetector, im_detector_free)

G_END_DECLS
