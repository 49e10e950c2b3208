/* im-alarm-engine.c — the alarm lifecycle, in event time
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-alarm-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "im-alarm-engine.h"
#include "im-health.h"
#include "im-util.h"

/*
 * Every alarm lives in a slot of its machine: one per sensor zone, per
 * pipeline metric, for inactivity and for a few anomaly types. A slot is
 * idle, pending (an episode began but has not lasted), active, or holds
 * the latest cleared alarm (so it can still be acknowledged). A machine
 * is a fixed-size struct, so memory is constant per machine whatever the
 * length of the run.
 *
 * Time is the inputs' own: a reading's timestamp, an event's, a sample's,
 * or the @now of a tick. The wall clock is never read, so a replay of the
 * same inputs gives the same records, byte for byte.
 *
 * Levels (zones, pipeline limits):
 *  - pending: the time a slot spends out of the normal band accumulates
 *    (each reading stands for the gap since the previous one, at most two
 *    intervals); an alarm is raised once it reaches `pending`. A stay back
 *    in the normal band of `clear_after` ends the episode unraised. So a
 *    short excursion raises nothing and a flapping input raises one alarm.
 *  - severity: the warning severity, or the critical one once the critical
 *    zone too accumulated `pending`; it only rises within one alarm.
 *  - update: re-entering the zone counts a repeat; a new peak is published
 *    at most every `update_interval`.
 *  - clear: `clear_after` of consecutive readings back in the normal band,
 *    `clear_margin` inside it.
 */

typedef struct
{
  ImAlarm  alarm;
  gboolean in_use;         /* alarm holds an episode (any state) */
  gboolean in_zone;        /* the latest input was out of the normal band */
  gboolean peak_dirty;     /* a peak not yet published */
  gboolean open;           /* anomaly: an open event (wear) */
  gint64   zone_ns;        /* time out of the normal band this episode */
  gint64   critical_ns;    /* of which in the critical zone */
  gint64   normal_since_ns; /* first input of the current normal run, or G_MININT64 */
  gint64   last_emit_ns;
  gint64   last_event_start_ns; /* anomaly: the latest event merged */
  gint64   last_end_ns;    /* anomaly: end of the latest event */
  double   peak_excess;    /* how far beyond normal the peak is */
} Slot;

typedef struct
{
  char                       machine_id[IM_ID_MAX_LEN + 1];
  const ImAlarmMachineRules *rules;
  gint64                     last_ns;      /* latest reading, G_MININT64 before */
  gint64                     interval_ns;  /* learnt, 0 before two readings */
  Slot                       zones[IM_N_SENSORS];
  Slot                       inactivity;
  Slot                       pipeline[IM_N_ALARM_PIPELINE_METRICS];
  gint64                     pipeline_last_ns[IM_N_ALARM_PIPELINE_METRICS];
  Slot                       anomalies[IM_ALARM_ENGINE_MAX_ANOMALY_TYPES];
} Machine;

struct _ImAlarmEngine
{
  ImAlarmRules   *rules;
  GHashTable     *machines;  /* machine_id (in the Machine) → Machine */
  ImAlarmFunc     func;
  gpointer        user_data;
  GDestroyNotify  notify;
};

ImAlarmEngine *
im_alarm_engine_new (ImAlarmRules   *rules,
                     ImAlarmFunc     func,
                     gpointer        user_data,
                     GDestroyNotify  notify)
{
  ImAlarmEngine *self;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (ImAlarmEngine, 1);
  self->rules = im_alarm_rules_ref (rules);
  self->machines = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->func = func;
  self->user_data = user_data;
  self->notify = notify;

  return self;
}

void
im_alarm_engine_free (ImAlarmEngine *self)
{
  if (self == NULL)
    return;

  if (self->notify != NULL)
    self->notify (self->user_data);
  g_hash_table_unref (self->machines);
  im_alarm_rules_unref (self->rules);
  g_free (self);
}

static Machine *
get_machine (ImAlarmEngine *self,
             const char    *machine_id)
{
  Machine *m = g_hash_table_lookup (self->machines, machine_id);

  if (m == NULL)
    {
      m = g_new0 (Machine, 1);
      g_strlcpy (m->machine_id, machine_id, sizeof m->machine_id);
      m->rules = im_alarm_rules_get_machine (self->rules, machine_id);
      m->last_ns = G_MININT64;
      for (guint i = 0; i < IM_N_ALARM_PIPELINE_METRICS; i++)
        m->pipeline_last_ns[i] = G_MININT64;
      g_hash_table_insert (self->machines, m->machine_id, m);
    }

  return m;
}

static gboolean
slot_is_live (const Slot *slot)
{
  return slot->in_use && slot->alarm.state != IM_ALARM_STATE_CLEARED;
}

/* Publishes the slot's alarm; @touch: an input changed it (an
 * acknowledgement does not move updated_at). */
static void
emit (ImAlarmEngine *self,
      Slot          *slot,
      gint64         time_ns,
      gboolean       touch)
{
  if (touch)
    {
      slot->alarm.updated_ns = MAX (slot->alarm.updated_ns, time_ns);
      slot->last_emit_ns = time_ns;
      slot->peak_dirty = FALSE;
    }

  self->func (&slot->alarm, self->user_data);
}

static void
slot_begin (Slot         *slot,
            const Machine *m,
            ImAlarmKind   kind,
            const char   *type,
            guint         sensors,
            gint64        started_ns)
{
  memset (slot, 0, sizeof *slot);
  slot->in_use = TRUE;
  slot->normal_since_ns = G_MININT64;
  slot->last_event_start_ns = G_MININT64;

  g_strlcpy (slot->alarm.machine_id, m->machine_id, sizeof slot->alarm.machine_id);
  g_strlcpy (slot->alarm.type, type, sizeof slot->alarm.type);
  slot->alarm.kind = kind;
  slot->alarm.sensors = sensors;
  slot->alarm.state = IM_ALARM_STATE_PENDING;
  slot->alarm.started_ns = started_ns;
  slot->alarm.threshold = NAN;
  slot->alarm.value = NAN;
  slot->alarm.peak = NAN;
}

/* One input of a level (a zone or a pipeline limit). */
typedef struct
{
  ImZone          zone;
  gboolean        back_to_normal;  /* normal and inside the clear margin */
  double          value;
  double          excess;          /* distance beyond the normal band */
  double          warning_limit;   /* the limits on the value's side */
  double          critical_limit;
  ImAlarmSeverity warning_severity;
  ImAlarmSeverity critical_severity;
} Level;

static void
level_step (ImAlarmEngine             *self,
            const Machine             *m,
            Slot                      *slot,
            ImAlarmKind                kind,
            const char                *type,
            guint                      sensors,
            gint64                     time_ns,
            gint64                     dt_ns,
            const Level               *in)
{
  const ImAlarmMachineRules *rules = m->rules;
  ImAlarm *a = &slot->alarm;

  if (in->zone != IM_ZONE_NORMAL)
    {
      gboolean reentry;

      if (!slot_is_live (slot))
        {
          slot_begin (slot, m, kind, type, sensors, time_ns);
          slot->peak_excess = -INFINITY;
        }

      reentry = !slot->in_zone;
      slot->in_zone = TRUE;
      slot->normal_since_ns = G_MININT64;
      slot->zone_ns += dt_ns;
      if (in->zone == IM_ZONE_CRITICAL)
        slot->critical_ns += dt_ns;
      if (in->excess > slot->peak_excess)
        {
          slot->peak_excess = in->excess;
          a->peak = in->value;
          slot->peak_dirty = TRUE;
        }

      if (a->state == IM_ALARM_STATE_PENDING)
        {
          if (slot->zone_ns < rules->pending_ns)
            return;

          a->state = IM_ALARM_STATE_ACTIVE;
          a->raised_ns = time_ns;
          a->updated_ns = time_ns;
          a->value = in->value;
          a->count = 1;
          if (slot->critical_ns >= rules->pending_ns)
            {
              a->severity = in->critical_severity;
              a->threshold = in->critical_limit;
            }
          else
            {
              a->severity = in->warning_severity;
              a->threshold = in->warning_limit;
            }
          im_alarm_set_id (a);
          emit (self, slot, time_ns, TRUE);
          return;
        }

      /* Active: repeats, escalation, peaks. */
      {
        gboolean changed = FALSE;

        if (reentry)
          {
            a->count++;
            changed = TRUE;
          }
        if (in->zone == IM_ZONE_CRITICAL && slot->critical_ns >= rules->pending_ns &&
            a->severity < in->critical_severity)
          {
            a->severity = in->critical_severity;
            a->threshold = in->critical_limit;
            changed = TRUE;
          }
        if (changed ||
            (slot->peak_dirty && time_ns - slot->last_emit_ns >= rules->update_interval_ns))
          emit (self, slot, time_ns, TRUE);
      }
      return;
    }

  /* In the normal band. */
  if (!slot_is_live (slot))
    return;

  slot->in_zone = FALSE;
  if (!in->back_to_normal)
    slot->normal_since_ns = G_MININT64;
  else if (slot->normal_since_ns == G_MININT64)
    slot->normal_since_ns = time_ns;

  if (slot->normal_since_ns != G_MININT64 &&
      time_ns - slot->normal_since_ns >= rules->clear_after_ns)
    {
      if (a->state == IM_ALARM_STATE_PENDING)
        {
          /* An episode that never lasted: it leaves no trace. */
          slot->in_use = FALSE;
          return;
        }
      a->state = IM_ALARM_STATE_CLEARED;
      a->cleared_ns = time_ns;
      emit (self, slot, time_ns, TRUE);
      return;
    }

  if (a->state == IM_ALARM_STATE_ACTIVE && slot->peak_dirty &&
      time_ns - slot->last_emit_ns >= rules->update_interval_ns)
    emit (self, slot, time_ns, TRUE);
}

static void
zone_step (ImAlarmEngine *self,
           Machine       *m,
           ImSensor       sensor,
           gint64         time_ns,
           gint64         dt_ns,
           double         value)
{
  const ImAlarmZoneRule *rule = &m->rules->zones[sensor];
  const ImZoneLimits *l = &rule->limits;
  char type[IM_ALARM_TYPE_MAX_LEN + 1];
  Level in;

  in.zone = im_zone_for_limits (l, value);
  in.value = value;
  in.back_to_normal = value >= l->normal_low + rule->clear_margin &&
                      value <= l->normal_high - rule->clear_margin;
  if (value < l->normal_low)
    {
      in.excess = l->normal_low - value;
      in.warning_limit = l->normal_low;
      in.critical_limit = l->warning_low;
    }
  else
    {
      in.excess = value - l->normal_high;
      in.warning_limit = l->normal_high;
      in.critical_limit = l->warning_high;
    }
  in.warning_severity = m->rules->zone_warning_severity;
  in.critical_severity = m->rules->zone_critical_severity;

  g_snprintf (type, sizeof type, "zone_%s", im_sensor_to_string (sensor));
  level_step (self, m, &m->zones[sensor], IM_ALARM_KIND_ZONE, type, 1u << sensor,
              time_ns, dt_ns, &in);
}

static gint64
machine_interval (const Machine *m)
{
  return m->rules->interval_ns > 0 ? m->rules->interval_ns : m->interval_ns;
}

static gint64
inactivity_timeout (const Machine *m)
{
  gint64 interval = machine_interval (m);

  if (interval <= 0)
    return 0;

  return (gint64) llround (m->rules->inactivity_multiple * (double) interval);
}

/* Anomaly alarms clear @clear_after past the end of their latest event,
 * once nothing is open; the time an input shows it. */
static void
anomaly_check_clear (ImAlarmEngine *self,
                     Machine       *m,
                     Slot          *slot,
                     gint64         now_ns)
{
  gint64 clear_ns;

  if (!slot_is_live (slot) || slot->open)
    return;

  clear_ns = slot->last_end_ns + m->rules->clear_after_ns;
  if (now_ns < clear_ns)
    return;

  slot->alarm.state = IM_ALARM_STATE_CLEARED;
  slot->alarm.cleared_ns = clear_ns;
  emit (self, slot, clear_ns, TRUE);
}

static void
inactivity_check (ImAlarmEngine *self,
                  Machine       *m,
                  gint64         now_ns)
{
  Slot *slot = &m->inactivity;
  gint64 timeout;
  gint64 silent;

  if (!m->rules->enabled || !m->rules->inactivity_enabled || m->last_ns == G_MININT64)
    return;
  timeout = inactivity_timeout (m);
  if (timeout <= 0)
    return;

  silent = now_ns - m->last_ns;
  if (silent <= timeout)
    return;

  if (!slot_is_live (slot))
    {
      /* Raised where the limit ran out, whenever the tick came: the
       * record does not depend on how often the caller ticks. */
      slot_begin (slot, m, IM_ALARM_KIND_INACTIVITY, "inactivity", 0, m->last_ns);
      slot->alarm.state = IM_ALARM_STATE_ACTIVE;
      slot->alarm.raised_ns = m->last_ns + timeout;
      slot->alarm.updated_ns = slot->alarm.raised_ns;
      slot->alarm.severity = m->rules->inactivity_severity;
      slot->alarm.threshold = (double) timeout / IM_NSEC_PER_SEC;
      slot->alarm.value = slot->alarm.threshold;
      slot->alarm.peak = slot->alarm.threshold;
      slot->alarm.count = 1;
      im_alarm_set_id (&slot->alarm);
      emit (self, slot, slot->alarm.raised_ns, TRUE);
      return;
    }

  slot->alarm.peak = (double) silent / IM_NSEC_PER_SEC;
  slot->peak_dirty = TRUE;
  if (now_ns - slot->last_emit_ns >= m->rules->update_interval_ns)
    emit (self, slot, now_ns, TRUE);
}

gboolean
im_alarm_engine_push_reading (ImAlarmEngine   *self,
                              const ImReading *reading)
{
  Machine *m;
  gint64 t, dt = 0, gap, interval;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (reading != NULL, FALSE);

  if (!im_id_is_valid (reading->machine_id, -1))
    return FALSE;

  m = get_machine (self, reading->machine_id);
  t = reading->time_ns;
  if (m->last_ns != G_MININT64 && t < m->last_ns)
    return FALSE;
  if (!m->rules->enabled)
    {
      m->last_ns = t;
      return TRUE;
    }

  if (m->last_ns != G_MININT64)
    {
      gap = t - m->last_ns;
      interval = machine_interval (m);
      /* A reading stands for the gap before it, but not for a silence. */
      dt = interval > 0 ? MIN (gap, 2 * interval) : gap;

      /* Learn the interval from the gaps that are not outages. */
      if (m->interval_ns == 0)
        m->interval_ns = gap;
      else if (gap <= (gint64) (m->rules->inactivity_multiple * (double) m->interval_ns))
        m->interval_ns += (gap - m->interval_ns) / 8;

    }
  m->last_ns = t;

  /* The silence began at the alarm's start (the last reading before it). */
  if (slot_is_live (&m->inactivity))
    {
      Slot *slot = &m->inactivity;

      slot->alarm.peak = MAX (slot->alarm.peak,
                              (double) (t - slot->alarm.started_ns) / IM_NSEC_PER_SEC);
      slot->alarm.state = IM_ALARM_STATE_CLEARED;
      slot->alarm.cleared_ns = t;
      emit (self, slot, t, TRUE);
    }

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      if (m->rules->zones[s].enabled)
        zone_step (self, m, (ImSensor) s, t, dt, reading->values[s]);
    }

  for (guint i = 0; i < IM_ALARM_ENGINE_MAX_ANOMALY_TYPES; i++)
    anomaly_check_clear (self, m, &m->anomalies[i], t);

  return TRUE;
}

gboolean
im_alarm_engine_push_anomaly (ImAlarmEngine              *self,
                              const ImAlarmAnomalyEvent  *event,
                              GError                    **error)
{
  char type[IM_ALARM_TYPE_MAX_LEN + 1];
  ImAlarmAnomalyRule rule;
  Machine *m;
  Slot *slot = NULL;
  ImAlarm *a;
  gboolean changed = FALSE;
  gint64 t;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (event->machine_id == NULL || !im_id_is_valid (event->machine_id, -1))
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "anomaly event: “%s” is not a machine id",
                   event->machine_id != NULL ? event->machine_id : "(null)");
      return FALSE;
    }
  if (event->type == NULL || !im_id_is_valid (event->type, -1) ||
      strlen ("anomaly_") + strlen (event->type) > IM_ALARM_TYPE_MAX_LEN)
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "anomaly event of %s: “%s” is not an event type of at most %d characters",
                   event->machine_id, event->type != NULL ? event->type : "(null)",
                   (int) (IM_ALARM_TYPE_MAX_LEN - strlen ("anomaly_")));
      return FALSE;
    }
  if (!isfinite (event->score) || event->end_ns < event->start_ns)
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "anomaly event %s of %s: score not finite or end before start",
                   event->type, event->machine_id);
      return FALSE;
    }

  m = get_machine (self, event->machine_id);
  im_alarm_rules_get_anomaly (self->rules, event->type, &rule);
  if (!m->rules->enabled || !m->rules->anomaly_enabled || !rule.enabled)
    return TRUE;

  g_snprintf (type, sizeof type, "anomaly_%s", event->type);
  t = MAX (event->detected_ns, event->end_ns);

  for (guint i = 0; i < IM_ALARM_ENGINE_MAX_ANOMALY_TYPES; i++)
    {
      Slot *s = &m->anomalies[i];

      if (s->in_use && strcmp (s->alarm.type, type) == 0)
        {
          slot = s;
          break;
        }
    }
  if (slot == NULL)
    {
      for (guint i = 0; i < IM_ALARM_ENGINE_MAX_ANOMALY_TYPES && slot == NULL; i++)
        if (!slot_is_live (&m->anomalies[i]))
          slot = &m->anomalies[i];
    }
  if (slot == NULL)
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "anomaly event %s of %s: already %d other types of alarm active",
                   event->type, m->machine_id, IM_ALARM_ENGINE_MAX_ANOMALY_TYPES);
      return FALSE;
    }

  /* The previous alarm may have cleared before this event began. */
  anomaly_check_clear (self, m, slot, event->start_ns);

  a = &slot->alarm;
  if (!slot_is_live (slot))
    {
      slot_begin (slot, m, IM_ALARM_KIND_ANOMALY, type, event->sensors, event->start_ns);
      a->state = IM_ALARM_STATE_ACTIVE;
      a->raised_ns = event->detected_ns;
      a->updated_ns = event->detected_ns;
      a->severity = rule.severity;
      a->value = event->score;
      a->peak = event->score;
      a->count = 1;
      slot->open = event->open;
      slot->last_event_start_ns = event->start_ns;
      slot->last_end_ns = event->end_ns;
      im_alarm_set_id (a);
      emit (self, slot, t, TRUE);
      return TRUE;
    }

  if (event->start_ns > slot->last_event_start_ns)
    {
      a->count++;
      slot->last_event_start_ns = event->start_ns;
      changed = TRUE;
    }
  if ((a->sensors | event->sensors) != a->sensors)
    {
      a->sensors |= event->sensors;
      changed = TRUE;
    }
  if (event->score > a->peak)
    {
      a->peak = event->score;
      changed = TRUE;
    }
  if (slot->open != event->open)
    {
      slot->open = event->open;
      changed = TRUE;
    }
  slot->last_end_ns = MAX (slot->last_end_ns, event->end_ns);

  if (changed)
    emit (self, slot, t, TRUE);

  return TRUE;
}

gboolean
im_alarm_engine_push_detector_event (ImAlarmEngine         *self,
                                     const ImDetectorEvent *event,
                                     GError               **error)
{
  ImAlarmAnomalyEvent anomaly = {
    .machine_id = event->source,
    .type = im_detection_to_string (event->type),
    .open = event->status == IM_DETECTOR_EVENT_OPEN,
    .sensors = event->channels,
    .start_ns = event->start_ns,
    .end_ns = event->end_ns,
    .detected_ns = event->detected_ns,
    .score = event->score,
  };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  return im_alarm_engine_push_anomaly (self, &anomaly, error);
}

gboolean
im_alarm_engine_push_pipeline (ImAlarmEngine         *self,
                               const char            *source,
                               ImAlarmPipelineMetric  metric,
                               gint64                 time_ns,
                               double                 value)
{
  const ImAlarmPipelineRule *rule;
  char type[IM_ALARM_TYPE_MAX_LEN + 1];
  Machine *m;
  Slot *slot;
  gint64 dt;
  Level in;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail ((guint) metric < IM_N_ALARM_PIPELINE_METRICS, FALSE);

  if (source == NULL || !im_id_is_valid (source, -1) || !isfinite (value))
    return FALSE;

  m = get_machine (self, source);
  slot = &m->pipeline[metric];
  rule = im_alarm_rules_get_pipeline (self->rules, metric);

  if (m->pipeline_last_ns[metric] != G_MININT64 && time_ns < m->pipeline_last_ns[metric])
    return FALSE;
  dt = m->pipeline_last_ns[metric] != G_MININT64 ? time_ns - m->pipeline_last_ns[metric] : 0;
  m->pipeline_last_ns[metric] = time_ns;
  if (!rule->enabled || !m->rules->enabled)
    return TRUE;

  in.zone = value > rule->limit ? IM_ZONE_WARNING : IM_ZONE_NORMAL;
  in.back_to_normal = value <= rule->limit;
  in.value = value;
  in.excess = value - rule->limit;
  in.warning_limit = rule->limit;
  in.critical_limit = rule->limit;
  in.warning_severity = rule->severity;
  in.critical_severity = rule->severity;

  g_snprintf (type, sizeof type, "pipeline_%s", im_alarm_pipeline_metric_to_string (metric));
  level_step (self, m, slot, IM_ALARM_KIND_PIPELINE, type, 0, time_ns, dt, &in);

  return TRUE;
}

void
im_alarm_engine_tick (ImAlarmEngine *self,
                      gint64         now_ns)
{
  GHashTableIter iter;
  Machine *m;

  g_return_if_fail (self != NULL);

  g_hash_table_iter_init (&iter, self->machines);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &m))
    {
      inactivity_check (self, m, now_ns);
      for (guint i = 0; i < IM_ALARM_ENGINE_MAX_ANOMALY_TYPES; i++)
        anomaly_check_clear (self, m, &m->anomalies[i], now_ns);
    }
}

static gboolean
sensor_from_type (const char *type,
                  ImSensor   *sensor)
{
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      if (g_str_has_prefix (type, "zone_") &&
          strcmp (type + strlen ("zone_"), im_sensor_to_string ((ImSensor) s)) == 0)
        {
          *sensor = (ImSensor) s;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
im_alarm_engine_restore (ImAlarmEngine  *self,
                         const ImAlarm  *alarm,
                         GError        **error)
{
  const ImAlarmMachineRules *rules;
  Machine *m;
  Slot *slot = NULL;
  double excess = 0.0;
  ImSensor sensor;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (alarm != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!im_id_is_valid (alarm->machine_id, -1) ||
      (alarm->state != IM_ALARM_STATE_ACTIVE && alarm->state != IM_ALARM_STATE_CLEARED))
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "restore %s: only an active or cleared alarm of a valid machine", alarm->id);
      return FALSE;
    }

  m = get_machine (self, alarm->machine_id);
  rules = m->rules;

  switch (alarm->kind)
    {
    case IM_ALARM_KIND_ZONE:
      if (sensor_from_type (alarm->type, &sensor))
        {
          const ImZoneLimits *l = &rules->zones[sensor].limits;

          slot = &m->zones[sensor];
          excess = alarm->peak < l->normal_low ? l->normal_low - alarm->peak
                                               : alarm->peak - l->normal_high;
        }
      break;

    case IM_ALARM_KIND_INACTIVITY:
      if (strcmp (alarm->type, "inactivity") == 0)
        slot = &m->inactivity;
      break;

    case IM_ALARM_KIND_PIPELINE:
      for (guint i = 0; i < IM_N_ALARM_PIPELINE_METRICS; i++)
        {
          const char *name = im_alarm_pipeline_metric_to_string ((ImAlarmPipelineMetric) i);

          if (g_str_has_prefix (alarm->type, "pipeline_") &&
              strcmp (alarm->type + strlen ("pipeline_"), name) == 0)
            {
              slot = &m->pipeline[i];
              excess = alarm->peak -
                       im_alarm_rules_get_pipeline (self->rules, (ImAlarmPipelineMetric) i)->limit;
            }
        }
      break;

    case IM_ALARM_KIND_ANOMALY:
      if (g_str_has_prefix (alarm->type, "anomaly_"))
        {
          for (guint i = 0; i < IM_ALARM_ENGINE_MAX_ANOMALY_TYPES && slot == NULL; i++)
            if (m->anomalies[i].in_use && strcmp (m->anomalies[i].alarm.type, alarm->type) == 0)
              slot = &m->anomalies[i];
          for (guint i = 0; i < IM_ALARM_ENGINE_MAX_ANOMALY_TYPES && slot == NULL; i++)
            if (!slot_is_live (&m->anomalies[i]))
              slot = &m->anomalies[i];
        }
      break;

    default:
      break;
    }

  if (slot == NULL)
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "restore %s: no place for an alarm of type %s", alarm->id, alarm->type);
      return FALSE;
    }
  if (slot_is_live (slot) && strcmp (slot->alarm.id, alarm->id) != 0)
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "restore %s: %s of %s already has an active alarm", alarm->id,
                   alarm->type, alarm->machine_id);
      return FALSE;
    }
  /* An older record than the one held changes nothing. */
  if (slot->in_use && strcmp (slot->alarm.id, alarm->id) == 0 &&
      slot->alarm.updated_ns > alarm->updated_ns)
    return TRUE;

  /* As if the inputs that made it had just been seen: still out of the
   * band for as long as the pending period, so the next input continues
   * it — a repeat, a peak, the way back to normal — instead of starting
   * a second alarm. */
  memset (slot, 0, sizeof *slot);
  slot->alarm = *alarm;
  slot->in_use = TRUE;
  slot->in_zone = alarm->state == IM_ALARM_STATE_ACTIVE;
  slot->zone_ns = rules->pending_ns;
  slot->critical_ns = alarm->kind == IM_ALARM_KIND_ZONE &&
                      alarm->severity >= rules->zone_critical_severity ? rules->pending_ns : 0;
  slot->normal_since_ns = G_MININT64;
  slot->last_emit_ns = alarm->updated_ns;
  slot->last_event_start_ns = alarm->started_ns;
  slot->last_end_ns = alarm->updated_ns;
  slot->peak_excess = excess;

  return TRUE;
}

static Slot *
find_slot_by_id (Machine    *m,
                 const char *id)
{
  Slot *slots[IM_N_SENSORS + 1 + IM_N_ALARM_PIPELINE_METRICS +
              IM_ALARM_ENGINE_MAX_ANOMALY_TYPES];
  guint n = 0;

  for (guint s = 0; s < IM_N_SENSORS; s++)
    slots[n++] = &m->zones[s];
  slots[n++] = &m->inactivity;
  for (guint i = 0; i < IM_N_ALARM_PIPELINE_METRICS; i++)
    slots[n++] = &m->pipeline[i];
  for (guint i = 0; i < IM_ALARM_ENGINE_MAX_ANOMALY_TYPES; i++)
    slots[n++] = &m->anomalies[i];

  for (guint i = 0; i < n; i++)
    {
      if (slots[i]->in_use && slots[i]->alarm.state != IM_ALARM_STATE_PENDING &&
          strcmp (slots[i]->alarm.id, id) == 0)
        return slots[i];
    }

  return NULL;
}

gboolean
im_alarm_engine_acknowledge (ImAlarmEngine    *self,
                             const ImAlarmAck *ack)
{
  Machine *m;
  Slot *slot = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (ack != NULL, FALSE);

  m = g_hash_table_lookup (self->machines, ack->machine_id);
  if (m != NULL)
    slot = find_slot_by_id (m, ack->alarm_id);

  if (slot == NULL)
    {
      GHashTableIter iter;

      g_hash_table_iter_init (&iter, self->machines);
      while (slot == NULL && g_hash_table_iter_next (&iter, NULL, (gpointer *) &m))
        slot = find_slot_by_id (m, ack->alarm_id);
    }

  if (slot == NULL)
    return FALSE;

  if (im_alarm_apply_ack (&slot->alarm, ack))
    emit (self, slot, ack->time_ns, FALSE);

  return TRUE;
}

const ImAlarm *
im_alarm_engine_lookup (ImAlarmEngine *self,
                        const char    *machine_id,
                        const char    *type)
{
  Machine *m;
  Slot *slot;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (machine_id != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);

  m = g_hash_table_lookup (self->machines, machine_id);
  if (m == NULL)
    return NULL;

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      slot = &m->zones[s];
      if (slot->in_use && strcmp (slot->alarm.type, type) == 0)
        return &slot->alarm;
    }
  if (m->inactivity.in_use && strcmp (type, "inactivity") == 0)
    return &m->inactivity.alarm;
  for (guint i = 0; i < IM_N_ALARM_PIPELINE_METRICS; i++)
    {
      slot = &m->pipeline[i];
      if (slot->in_use && strcmp (slot->alarm.type, type) == 0)
        return &slot->alarm;
    }
  for (guint i = 0; i < IM_ALARM_ENGINE_MAX_ANOMALY_TYPES; i++)
    {
      slot = &m->anomalies[i];
      if (slot->in_use && strcmp (slot->alarm.type, type) == 0)
        return &slot->alarm;
    }

  return NULL;
}

guint
im_alarm_engine_get_n_machines (ImAlarmEngine *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->machines);
}

gsize
im_alarm_engine_get_size (ImAlarmEngine *self)
{
  g_return_val_if_fail (self != NULL, 0);

  /* A hash table costs about a key, a value and a hash per entry (with
   * its load factor, at most twice that). */
  return sizeof *self +
         g_hash_table_size (self->machines) * (sizeof (Machine) + 2 * (2 * sizeof (gpointer) + sizeof (guint)));
}
