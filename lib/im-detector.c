/* im-detector.c — the streaming anomaly detector
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-detector"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-detector.h"
#include "im-line-protocol.h"
#include "im-util.h"

/* The methods, per channel, all O(1) per reading:
 *
 * - location and scale: an EWMA of the value (base_tau) and of its
 *   absolute residual (scale_tau, × 1.2533 for a standard deviation),
 *   both updated with the residual winsorised at 3 scales, so a spike
 *   does not move them; both frozen while the channel takes part in an
 *   event, so the event is measured against the level before it. z = residual / scale.
 * - spike: |z| ≥ spike_z.
 * - drift and other sustained changes: a two-sided CUSUM of z with
 *   allowance cusum_k and decision level cusum_h; the last reading at
 *   which it left 0 is the change point, the event's start.
 * - multi-channel: two or more channels at |z| ≥ multi_z in one reading
 *   (the second largest |z|: a diagonal Mahalanobis distance that needs
 *   more than one channel).
 * - wear: a slow EWMA (wear_tau) of each channel against its healthy
 *   level, the mean over readings warmup..wear_warmup after a start or a
 *   gap (the machine comes back from maintenance as new); three or more
 *   channels (two of two) at wear_z healthy scales warn: two alone can
 *   move together for other reasons (load drives power and temperature).
 *
 * A machine has at most one open event (the union of its hot channels).
 * It ends after quiet_len readings with every channel quiet and is then
 * typed: two channels hot together → multi_sensor; one channel, at most
 * two hot readings opened by |z| → spike; otherwise the residuals since
 * the change point (a ring of the last RING_LEN values) decide between a
 * ramp (drift: correlation with time ≥ RAMP_CORR) and a lasting excursion
 * that is not one (cyclic: an oscillation about a raised level). An event
 * still open after long_len readings is a level shift: it ends and the
 * detector learns the new level from the last RING_LEVEL values.
 */

#define RING_LEN        128
#define RING_LEVEL      16
#define CLIP_SCALES     3.0
#define SD_PER_ABSDEV   1.2533141373155003
#define FAST_ALPHA      0.3
#define FAST_SD_WHITE   0.42008402520840293   /* sqrt (a / (2 - a)) */
#define RAMP_CORR       0.5
#define WEAR_RECOVER    600
#define CUSUM_CLIP      3.0
#define FAST_TAU_LEARN  256.0

typedef struct
{
  double base;
  double absdev;
  double fast;            /* EWMA of z */
  double fast_absdev;     /* its dispersion, learned */
  double up;              /* CUSUMs */
  double down;
  guint64 up_start;       /* reading index where they left 0 */
  guint64 down_start;
  guint  below;           /* readings back near the old level */
  double z;

  /* the open event */
  gboolean hot;           /* hot at this reading */
  gboolean involved;
  guint64  first_hot;
  double   peak;

  /* wear */
  double slow;
  double healthy_sum;
  double healthy;
  double healthy_scale;
  double wear_dev;

  /* alert: a long-memory baseline */
  double alert_mean;
  double alert_var;
} Channel;

struct _ImDetector
{
  ImDetectorParams params;
  char             source[IM_ID_MAX_LEN + 1];
  double           base_alpha;
  double           scale_alpha;
  double           wear_alpha;

  guint64          n_total;       /* readings ever: ring index */
  guint            n;             /* readings since the last (re)start */
  gint64           last_ns;

  Channel          channels[IM_DETECTOR_MAX_CHANNELS];
  double           ring[IM_DETECTOR_MAX_CHANNELS][RING_LEN];
  gint64           ring_ns[RING_LEN];

  /* the open fast event */
  gboolean         open;
  gboolean         by_z;           /* opened by |z|, not a CUSUM */
  gboolean         multi;          /* two channels hot in one reading */
  guint            multi_run;      /* consecutive such readings */
  gboolean         by_cusum;       /* a CUSUM alone kept a channel hot */
  guint64          open_index;     /* reading that opened it */
  guint64          start_index;    /* change point */
  guint64          last_hot_index;
  guint            n_hot;
  guint            quiet;
  double           peak;

  /* alert: readings left in the rest after an onset */
  guint            alert_rest;

  /* wear */
  gboolean         wear_open;
  guint64          wear_start_index;
  gint64           wear_start_ns;
  guint            wear_calm;
  double           wear_peak;
};

static const char *detection_names[] = {
  [IM_DETECTION_SPIKE] = "spike",
  [IM_DETECTION_DRIFT] = "drift",
  [IM_DETECTION_CYCLIC] = "cyclic",
  [IM_DETECTION_MULTI_SENSOR] = "multi_sensor",
  [IM_DETECTION_WEAR] = "wear",
  [IM_DETECTION_LEVEL_SHIFT] = "level_shift",
};

const char *
im_detection_to_string (ImDetection type)
{
  g_return_val_if_fail ((guint) type < IM_N_DETECTIONS, NULL);

  return detection_names[type];
}

gboolean
im_detection_from_string (const char  *str,
                          ImDetection *type)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < IM_N_DETECTIONS; i++)
    {
      if (strcmp (str, detection_names[i]) == 0)
        {
          if (type != NULL)
            *type = (ImDetection) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
im_detector_event_status_to_string (ImDetectorEventStatus status)
{
  return status == IM_DETECTOR_EVENT_OPEN ? "open" : "closed";
}

void
im_detector_params_init (ImDetectorParams *params)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->n_channels = IM_N_SENSORS;
  params->warmup = 30;
  params->wear_warmup = 600;
  params->base_tau = 32.0;
  params->scale_tau = 64.0;
  params->spike_z = 5.0;
  params->cusum_k = 0.5;
  params->cusum_h = 16.0;
  params->multi_z = 3.5;
  params->quiet_z = 2.5;
  params->quiet_len = 8;
  params->long_len = 120;
  params->multi_max_len = 10;
  params->wear_tau = 120.0;
  params->wear_z = 5.0;
  params->gap_ns = 60 * IM_NSEC_PER_SEC;
  params->alert_tau = 1000.0;
  params->alert_z = 5.0;
  params->alert_rest = 100;
}

void
im_detector_params_init_series (ImDetectorParams *params)
{
  g_return_if_fail (params != NULL);

  im_detector_params_init (params);
  params->n_channels = 1;
  params->wear_warmup = 0;
  params->gap_ns = 0;
  /* Chosen on NAB as a whole (one set for every file): real series have
   * heavier tails than the simulator's sensors. */
  params->scale_tau = 256.0;
  params->spike_z = 8.0;
  params->cusum_h = 30.0;
}

static gboolean
params_are_valid (const ImDetectorParams *params)
{
  return params->n_channels >= 1 &&
         params->n_channels <= IM_DETECTOR_MAX_CHANNELS &&
         params->warmup >= 2 &&
         (params->wear_warmup == 0 || params->wear_warmup > params->warmup) &&
         params->base_tau >= 1.0 && params->scale_tau >= 1.0 &&
         params->spike_z > 0.0 && params->cusum_k >= 0.0 && params->cusum_h > 0.0 &&
         params->multi_z > 0.0 && params->quiet_z > 0.0 && params->quiet_len >= 1 &&
         params->long_len >= 1 && params->long_len < RING_LEN && params->multi_max_len >= 1 &&
         params->wear_tau >= 1.0 && params->wear_z > 0.0 && params->gap_ns >= 0 &&
         params->alert_tau >= 1.0 && params->alert_z > 0.0;
}

gint64
im_detector_get_last_time_ns (ImDetector *self)
{
  g_return_val_if_fail (self != NULL, G_MININT64);

  return self->last_ns;
}

gsize
im_detector_get_size (void)
{
  return sizeof (ImDetector);
}

static void
detector_restart (ImDetector *self)
{
  memset (self->channels, 0, sizeof self->channels);
  self->n = 0;
  self->open = FALSE;
  self->wear_open = FALSE;
  self->alert_rest = 0;
}

ImDetector *
im_detector_new (const ImDetectorParams *params,
                 const char             *source)
{
  ImDetector *self;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (params_are_valid (params), NULL);
  g_return_val_if_fail (source != NULL && strlen (source) <= IM_ID_MAX_LEN, NULL);

  self = g_new0 (ImDetector, 1);
  self->params = *params;
  g_strlcpy (self->source, source, sizeof self->source);
  self->base_alpha = 1.0 / params->base_tau;
  self->scale_alpha = 1.0 / params->scale_tau;
  self->wear_alpha = 1.0 / params->wear_tau;
  self->last_ns = G_MININT64;
  detector_restart (self);

  return self;
}

void
im_detector_free (ImDetector *self)
{
  g_free (self);
}

/* u²/(1 + u²): 0.5 at the decision level u = 1. */
static inline double
squash (double u)
{
  u *= u;
  return u / (1.0 + u);
}

static inline double
channel_scale (const ImDetector *self,
               const Channel    *channel)
{
  double s = SD_PER_ABSDEV * channel->absdev;

  (void) self;

  return MAX (s, MAX (1e-3 * fabs (channel->base), 1e-9));
}

void
im_detector_event_set_id (ImDetectorEvent *event)
{
  g_autofree char *key = NULL;
  g_autofree char *digest = NULL;

  g_return_if_fail (event != NULL);

  key = g_strdup_printf ("%s\x1f%s\x1f%" G_GINT64_FORMAT, event->source,
                         detection_names[event->type], event->start_ns);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  memcpy (event->id, digest, IM_DETECTOR_ID_LEN);
  event->id[IM_DETECTOR_ID_LEN] = '\0';
}

static inline gint64
ring_time (const ImDetector *self,
           guint64           index)
{
  return self->ring_ns[index % RING_LEN];
}

static inline double
ring_value (const ImDetector *self,
            guint             channel,
            guint64           index)
{
  return self->ring[channel][index % RING_LEN];
}

/* Correlation of the residuals of @c with time from the change point to
 * the last hot reading. */
static double
ramp_correlation (const ImDetector *self,
                  guint             c)
{
  const Channel *channel = &self->channels[c];
  double sj = 0, sjj = 0, sr = 0, srr = 0, sjr = 0, n, cov, vj, vr;
  guint64 i;

  for (i = self->start_index; i <= self->last_hot_index; i++)
    {
      double j = (double) (i - self->start_index);
      double r = ring_value (self, c, i) - channel->base;

      sj += j;
      sjj += j * j;
      sr += r;
      srr += r * r;
      sjr += j * r;
    }
  n = (double) (self->last_hot_index - self->start_index + 1);
  if (n < 3)
    return 0.0;
  cov = sjr - sj * sr / n;
  vj = sjj - sj * sj / n;
  vr = srr - sr * sr / n;
  if (vj <= 0 || vr <= 0)
    return 0.0;

  return cov / sqrt (vj * vr);
}

static void
fast_event_fill (ImDetector      *self,
                 ImDetection      type,
                 ImDetectorEvent *event)
{
  memset (event, 0, sizeof *event);
  g_strlcpy (event->source, self->source, sizeof event->source);
  event->type = type;
  event->status = IM_DETECTOR_EVENT_CLOSED;
  for (guint c = 0; c < self->params.n_channels; c++)
    if (self->channels[c].involved)
      event->channels |= 1u << c;
  event->start_ns = ring_time (self, self->start_index);
  event->end_ns = ring_time (self, self->last_hot_index);
  event->detected_ns = ring_time (self, self->open_index);
  event->score = self->peak;
  event->n_readings = (guint) (self->last_hot_index - self->start_index + 1);
  im_detector_event_set_id (event);
}

static ImDetection
fast_event_type (ImDetector *self)
{
  guint primary = 0, n_involved = 0;
  double best = -1.0;

  for (guint c = 0; c < self->params.n_channels; c++)
    {
      Channel *channel = &self->channels[c];

      if (!channel->involved)
        continue;
      n_involved++;
      if (channel->peak > best)
        {
          best = channel->peak;
          primary = c;
        }
    }

  if (self->multi && n_involved >= 2)
    return IM_DETECTION_MULTI_SENSOR;
  if (self->by_z && self->n_hot <= 2 && self->last_hot_index - self->open_index <= 1)
    return IM_DETECTION_SPIKE;
  if (ramp_correlation (self, primary) >= RAMP_CORR)
    return IM_DETECTION_DRIFT;

  return IM_DETECTION_CYCLIC;
}

static void
fast_event_end (ImDetector *self)
{
  for (guint c = 0; c < self->params.n_channels; c++)
    {
      Channel *channel = &self->channels[c];

      channel->involved = FALSE;
      channel->peak = 0.0;
      channel->up = channel->down = 0.0;
      channel->fast = 0.0;
    }
  self->open = FALSE;
}

/* Learns the level of the last RING_LEVEL readings after a level shift. */
static void
relearn_level (ImDetector *self)
{
  guint64 last = self->n_total - 1;
  guint len = (guint) MIN ((guint64) RING_LEVEL, (guint64) self->n);

  for (guint c = 0; c < self->params.n_channels; c++)
    {
      Channel *channel = &self->channels[c];
      double sum = 0, dev = 0, mean;

      for (guint i = 0; i < len; i++)
        sum += ring_value (self, c, last - i);
      mean = sum / len;
      for (guint i = 0; i < len; i++)
        dev += fabs (ring_value (self, c, last - i) - mean);
      channel->base = mean;
      channel->absdev = MAX (dev / len, 0.5 * channel->absdev);
    }
}

static void
wear_event_fill (ImDetector            *self,
                 ImDetectorEventStatus  status,
                 gint64                 end_ns,
                 ImDetectorEvent       *event)
{
  memset (event, 0, sizeof *event);
  g_strlcpy (event->source, self->source, sizeof event->source);
  event->type = IM_DETECTION_WEAR;
  event->status = status;
  for (guint c = 0; c < self->params.n_channels; c++)
    if (fabs (self->channels[c].wear_dev) >= self->params.wear_z ||
        status == IM_DETECTOR_EVENT_CLOSED)
      event->channels |= 1u << c;
  event->start_ns = self->wear_start_ns;
  event->end_ns = end_ns;
  event->detected_ns = self->wear_start_ns;
  event->score = self->wear_peak;
  event->n_readings = (guint) MIN ((guint64) G_MAXUINT, self->n_total - self->wear_start_index);
  im_detector_event_set_id (event);
}

/* Ends whatever is open; for a restart or the end of the input. */
static guint
close_all (ImDetector      *self,
           ImDetectorEvent *events)
{
  guint n_events = 0;

  if (self->open)
    {
      fast_event_fill (self, fast_event_type (self), &events[n_events++]);
      fast_event_end (self);
    }
  if (self->wear_open)
    {
      wear_event_fill (self, IM_DETECTOR_EVENT_CLOSED, self->last_ns, &events[n_events++]);
      self->wear_open = FALSE;
    }

  return n_events;
}

static inline double
second_largest (const double *v,
                guint         n)
{
  double a = 0.0, b = 0.0;

  for (guint i = 0; i < n; i++)
    {
      if (v[i] > a)
        {
          b = a;
          a = v[i];
        }
      else if (v[i] > b)
        b = v[i];
    }

  return b;
}

static inline double
third_largest (const double *v,
               guint         n)
{
  double a = 0.0, b = 0.0, c = 0.0;

  for (guint i = 0; i < n; i++)
    {
      if (v[i] > a)
        {
          c = b;
          b = a;
          a = v[i];
        }
      else if (v[i] > b)
        {
          c = b;
          b = v[i];
        }
      else if (v[i] > c)
        c = v[i];
    }

  return c;
}

guint
im_detector_push (ImDetector      *self,
                  gint64           time_ns,
                  const double    *values,
                  ImDetectorScore *score,
                  ImDetectorEvent *events)
{
  const ImDetectorParams *p;
  guint n_events = 0, nc, n_multi = 0;
  double abs_z[IM_DETECTOR_MAX_CHANNELS] = { 0 };
  double wear_abs[IM_DETECTOR_MAX_CHANNELS] = { 0 };
  double overall = 0.0, multi_score, wear_score = 0.0;
  gboolean warming, any_hot = FALSE, by_z = FALSE;
  guint64 index;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (values != NULL, 0);
  g_return_val_if_fail (events != NULL, 0);

  p = &self->params;
  nc = p->n_channels;

  if (score != NULL)
    memset (score, 0, sizeof *score);

  for (guint c = 0; c < nc; c++)
    if (!isfinite (values[c]))
      return 0;
  if (self->last_ns != G_MININT64 && time_ns < self->last_ns)
    return 0;

  /* A pause: the machine was down and comes back as new. */
  if (p->gap_ns > 0 && self->last_ns != G_MININT64 && time_ns - self->last_ns > p->gap_ns)
    {
      n_events += close_all (self, events);
      detector_restart (self);
    }

  index = self->n_total++;
  self->n++;
  self->last_ns = time_ns;
  self->ring_ns[index % RING_LEN] = time_ns;
  warming = self->n <= p->warmup;

  for (guint c = 0; c < nc; c++)
    {
      Channel *channel = &self->channels[c];
      double x = values[c];
      double r, s, z, clipped, alpha_b, alpha_s;

      self->ring[c][index % RING_LEN] = x;

      if (self->n == 1)
        {
          channel->base = x;
          channel->absdev = 0.0;
          channel->slow = x;
          channel->alert_mean = x;
          continue;
        }

      s = channel_scale (self, channel);
      r = x - channel->base;
      z = warming ? 0.0 : r / s;
      channel->z = z;
      abs_z[c] = fabs (z);

      if (!channel->involved)
        {
          /* Learn: a running mean at first, then the EWMAs. */
          alpha_b = MAX (self->base_alpha, 1.0 / self->n);
          alpha_s = MAX (self->scale_alpha, 1.0 / (self->n - 1));
          clipped = warming ? r : CLAMP (r, -CLIP_SCALES * s, CLIP_SCALES * s);
          channel->base += alpha_b * clipped;
          channel->absdev += alpha_s * (fabs (clipped) - channel->absdev);
        }

      if (!warming)
        {
          double inflation, zc;

          channel->fast += FAST_ALPHA * (z - channel->fast);
          /* Residuals of slow processes are autocorrelated: their short
           * means spread wider than white noise's. The CUSUM takes z in
           * units of that measured spread, clipped so one spike does not
           * look like a lasting change. */
          if (!channel->involved)
            channel->fast_absdev += MAX (1.0 / FAST_TAU_LEARN, 1.0 / (self->n - p->warmup)) *
                                    (fabs (channel->fast) - channel->fast_absdev);
          inflation = MAX (1.0, SD_PER_ABSDEV * channel->fast_absdev / FAST_SD_WHITE);
          zc = CLAMP (z / inflation, -CUSUM_CLIP, CUSUM_CLIP);
          /* Once a change was detected, three readings back near the old
           * level end it (the CUSUM would take its time to decay). */
          if (MAX (channel->up, channel->down) >= p->cusum_h)
            {
              double toward = channel->up >= channel->down ? zc : -zc;

              channel->below = toward < 0.5 ? channel->below + 1 : 0;
              if (channel->below >= 3)
                channel->up = channel->down = 0.0;
            }
          else
            channel->below = 0;
          if (channel->up == 0.0)
            channel->up_start = index;
          channel->up = MAX (0.0, channel->up + zc - p->cusum_k);
          if (channel->down == 0.0)
            channel->down_start = index;
          channel->down = MAX (0.0, channel->down - zc - p->cusum_k);
        }

      /* Wear: the slow level against the healthy one. */
      if (p->wear_warmup > 0)
        {
          channel->slow += MAX (self->wear_alpha, 1.0 / self->n) * (x - channel->slow);
          if (self->n > p->warmup && self->n <= p->wear_warmup)
            {
              channel->healthy_sum += x;
              if (self->n == p->wear_warmup)
                {
                  channel->healthy = channel->healthy_sum / (p->wear_warmup - p->warmup);
                  channel->healthy_scale = channel_scale (self, channel);
                }
            }
          else if (self->n > p->wear_warmup)
            {
              channel->wear_dev = (channel->slow - channel->healthy) / channel->healthy_scale;
              wear_abs[c] = fabs (channel->wear_dev);
            }
        }
    }

  if (!warming)
    {
      for (guint c = 0; c < nc; c++)
        if (abs_z[c] >= p->multi_z)
          n_multi++;

      for (guint c = 0; c < nc; c++)
        {
          Channel *channel = &self->channels[c];
          double cusum = MAX (channel->up, channel->down);
          double u = MAX (abs_z[c] / p->spike_z, cusum / p->cusum_h);
          double channel_score = squash (u);

          /* a CUSUM keeps a channel hot only while the change lasts */
          gboolean lasting = cusum >= p->cusum_h &&
                             (channel->up >= channel->down ? channel->z : -channel->z) >= 1.0;

          channel->hot = abs_z[c] >= p->spike_z || lasting ||
                         (n_multi >= 2 && abs_z[c] >= p->multi_z);
          if (channel->hot && (abs_z[c] >= p->spike_z || n_multi >= 2))
            by_z = TRUE;
          else if (channel->hot && self->open)
            self->by_cusum = TRUE;
          any_hot |= channel->hot;
          overall = MAX (overall, channel_score);
          if (score != NULL)
            score->channel[c] = channel_score;
        }

      multi_score = nc >= 2 ? squash (second_largest (abs_z, nc) / p->multi_z) : 0.0;
      overall = MAX (overall, multi_score);
    }

  if (p->wear_warmup > 0 && self->n > p->wear_warmup && nc >= 2)
    {
      /* Wear moves most sensors; two can move together for other reasons
       * (load drives power and, through it, temperature): with three or
       * more channels, the third largest deviation decides. */
      wear_score = squash ((nc >= 3 ? third_largest (wear_abs, nc) : second_largest (wear_abs, nc)) /
                           p->wear_z);
      overall = MAX (overall, wear_score);
    }

  /* The fast event. */
  if (score != NULL)
    score->continuing = self->open;
  if (!warming)
    {
      if (!self->open && any_hot)
        {
          guint64 start = index;

          self->open = TRUE;
          self->by_z = by_z;
          self->multi = FALSE;
          self->multi_run = 0;
          self->by_cusum = !by_z;
          self->open_index = index;
          self->n_hot = 0;
          self->quiet = 0;
          self->peak = 0.0;
          /* The change point: where the CUSUM that fired left 0. */
          for (guint c = 0; c < nc; c++)
            {
              Channel *channel = &self->channels[c];
              guint64 from;

              if (!channel->hot || abs_z[c] >= p->spike_z)
                continue;
              from = channel->up >= channel->down ? channel->up_start : channel->down_start;
              if (index - from < RING_LEN - 1 && index - from < self->n - p->warmup)
                start = MIN (start, from);
            }
          self->start_index = start;
        }

      if (self->open)
        {
          gboolean quiet = TRUE;

          if (n_multi >= 2)
            self->multi = TRUE;
          self->multi_run = n_multi >= 2 ? self->multi_run + 1 : 0;
          for (guint c = 0; c < nc; c++)
            {
              Channel *channel = &self->channels[c];

              if (channel->hot)
                {
                  if (!channel->involved)
                    channel->first_hot = index;
                  channel->involved = TRUE;
                }
              if (channel->involved)
                channel->peak = MAX (channel->peak, abs_z[c]);
              /* quiet: nothing hot, the channels in the event back home */
              if (channel->hot ||
                  (channel->involved &&
                   (abs_z[c] >= p->quiet_z || fabs (channel->fast) >= p->quiet_z)))
                quiet = FALSE;
            }
          self->peak = MAX (self->peak, overall);
          if (any_hot)
            {
              self->n_hot++;
              self->last_hot_index = index;
            }
          self->quiet = quiet ? self->quiet + 1 : 0;
          /* a single-reading excursion has not moved the CUSUMs far; one
           * that did is the start of a lasting change */
          for (guint c = 0; c < nc; c++)
            if (self->channels[c].involved &&
                MAX (self->channels[c].up, self->channels[c].down) >= p->cusum_h / 2)
              self->by_cusum = TRUE;

          /* An excursion of single readings (spikes, multi-channel) ends
           * sooner: two readings back home are enough. */
          if (self->quiet >= (self->by_cusum ? p->quiet_len : MIN (p->quiet_len, 2u)))
            {
              fast_event_fill (self, fast_event_type (self), &events[n_events++]);
              fast_event_end (self);
            }
          else if (index - self->start_index + 1 >= p->long_len ||
                   self->multi_run >= p->multi_max_len)
            {
              self->last_hot_index = index;
              fast_event_fill (self, IM_DETECTION_LEVEL_SHIFT, &events[n_events++]);
              fast_event_end (self);
              relearn_level (self);
            }
        }
    }

  /* Wear. */
  if (p->wear_warmup > 0 && self->n > p->wear_warmup && nc >= 2)
    {
      gboolean worn = wear_score >= 0.5;

      if (!self->wear_open && worn)
        {
          self->wear_open = TRUE;
          self->wear_start_index = index;
          self->wear_start_ns = time_ns;
          self->wear_calm = 0;
          self->wear_peak = wear_score;
          wear_event_fill (self, IM_DETECTOR_EVENT_OPEN, time_ns, &events[n_events++]);
        }
      else if (self->wear_open)
        {
          self->wear_peak = MAX (self->wear_peak, wear_score);
          self->wear_calm = worn ? 0 : self->wear_calm + 1;
          if (self->wear_calm >= WEAR_RECOVER)
            {
              wear_event_fill (self, IM_DETECTOR_EVENT_CLOSED, time_ns, &events[n_events++]);
              self->wear_open = FALSE;
            }
        }
    }

  /* Alert: each value against a long-memory mean and variance (EWMAs
   * started at the first value, so the variance grows in over alert_tau
   * readings), the largest |z| of the channels; after an onset at the
   * decision level, alert_rest readings of rest. */
  {
    double alert_z = 0.0, alpha = 1.0 / p->alert_tau, surprise;

    for (guint c = 0; c < nc; c++)
      {
        Channel *channel = &self->channels[c];
        double d = values[c] - channel->alert_mean;
        double sd = channel->alert_var > 0.0 ? sqrt (channel->alert_var) : 1e-9;

        if (self->n > 1)
          alert_z = MAX (alert_z, fabs (d) / sd);
        channel->alert_mean += alpha * d;
        channel->alert_var = (1.0 - alpha) * (channel->alert_var + alpha * d * d);
      }

    surprise = warming ? 0.0 : MIN (alert_z / (2.0 * p->alert_z), 1.0);
    if (score != NULL)
      {
        score->surprise = surprise;
        score->onset = self->alert_rest > 0 ? 0.0 : surprise;
      }
    if (self->alert_rest > 0)
      self->alert_rest--;
    else if (surprise > 0.5)
      self->alert_rest = p->alert_rest;
  }

  g_assert (n_events <= IM_DETECTOR_MAX_EVENTS_PER_PUSH);

  if (score != NULL)
    {
      score->overall = overall;
      score->warming_up = warming;
    }

  return n_events;
}

guint
im_detector_flush (ImDetector      *self,
                   ImDetectorEvent *events)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (events != NULL, 0);

  return close_all (self, events);
}

guint
im_detector_push_reading (ImDetector      *self,
                          const ImReading *reading,
                          ImDetectorScore *score,
                          ImDetectorEvent *events)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (reading != NULL, 0);
  g_return_val_if_fail (self->params.n_channels == IM_N_SENSORS, 0);

  return im_detector_push (self, reading->time_ns, reading->values, score, events);
}

static void
append_time (GString *out,
             gint64   time_ns)
{
  char buf[IM_TIMESTAMP_BUF_SIZE];

  im_timestamp_format (buf, time_ns, 9);
  g_string_append_c (out, '"');
  g_string_append (out, buf);
  g_string_append_c (out, '"');
}

void
im_detector_event_append_json (const ImDetectorEvent *event,
                               GString               *out)
{
  gboolean first = TRUE;

  g_return_if_fail (event != NULL);
  g_return_if_fail (out != NULL);

  /* Ids and names are of the safe id alphabet: no escaping needed. */
  g_string_append (out, "{\"schema_version\":1,\"id\":\"");
  g_string_append (out, event->id);
  g_string_append (out, "\",\"machine_id\":\"");
  g_string_append (out, event->source);
  g_string_append (out, "\",\"type\":\"");
  g_string_append (out, im_detection_to_string (event->type));
  g_string_append (out, "\",\"status\":\"");
  g_string_append (out, im_detector_event_status_to_string (event->status));
  g_string_append (out, "\",\"sensors\":[");
  for (guint c = 0; c < IM_DETECTOR_MAX_CHANNELS; c++)
    {
      if (!(event->channels & (1u << c)))
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append_c (out, '"');
      g_string_append (out, im_sensor_to_string ((ImSensor) c));
      g_string_append_c (out, '"');
    }
  g_string_append (out, "],\"start\":");
  append_time (out, event->start_ns);
  g_string_append (out, ",\"end\":");
  append_time (out, event->end_ns);
  g_string_append (out, ",\"detected\":");
  append_time (out, event->detected_ns);
  g_string_append (out, ",\"score\":");
  im_string_append_double (out, round (event->score * 1e4) / 1e4);
  g_string_append_printf (out, ",\"readings\":%u}", event->n_readings);
}

gboolean
im_detector_event_append_line_protocol (const ImDetectorEvent  *event,
                                        GString                *buf,
                                        GError                **error)
{
  gsize start;
  gboolean first = TRUE;

  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (buf != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  start = buf->len;
  if (!im_lp_append_measurement (buf, IM_DETECTOR_MEASUREMENT, error) ||
      !im_lp_append_tag (buf, "machine_id", event->source, error) ||
      !im_lp_append_tag (buf, "type", im_detection_to_string (event->type), error))
    goto fail;

  g_string_append (buf, " id=");
  if (!im_lp_append_field_string (buf, event->id, error))
    goto fail;
  g_string_append (buf, ",status=");
  if (!im_lp_append_field_string (buf, im_detector_event_status_to_string (event->status), error))
    goto fail;
  /* Sensor names need no escaping inside a string field. */
  g_string_append (buf, ",sensors=\"");
  for (guint c = 0; c < IM_DETECTOR_MAX_CHANNELS; c++)
    {
      if (!(event->channels & (1u << c)))
        continue;
      if (!first)
        g_string_append_c (buf, ',');
      first = FALSE;
      g_string_append (buf, im_sensor_to_string ((ImSensor) c));
    }
  g_string_append (buf, "\",end_at=");
  im_lp_append_field_integer (buf, event->end_ns);
  g_string_append (buf, ",detected_at=");
  im_lp_append_field_integer (buf, event->detected_ns);
  g_string_append (buf, ",score=");
  /* The JSON's rounding, so both say the same. */
  if (!im_lp_append_field_float (buf, round (event->score * 1e4) / 1e4, error))
    goto fail;
  g_string_append (buf, ",readings=");
  im_lp_append_field_integer (buf, event->n_readings);
  g_string_append_c (buf, ' ');
  im_lp_append_timestamp (buf, event->start_ns);
  g_string_append_c (buf, '\n');

  return TRUE;

fail:
  g_string_truncate (buf, start);
  return FALSE;
}
