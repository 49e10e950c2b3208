/* im-annotations.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-annotations"

#include "config.h"

#include <glib/gi18n.h>

#include "im-annotations.h"
#include "im-util.h"

typedef enum
{
  RUN_DEGRADING,
  RUN_FAILING,
  RUN_NO_READINGS,
  RUN_MAINTENANCE,   /* no readings, the last one failing */
} RunKind;

typedef struct
{
  gint64  start_ns;
  gint64  end_ns;
  RunKind kind;
} Run;

struct _ImStateTrack
{
  gint64  max_gap_ns;
  GArray *runs;          /* Run, oldest first */
  gint64  last_ns;       /* the newest reading, 0 before the first */
  int     open;          /* the kind of the last run while it goes on, or -1 */
  int     last_kind;     /* of the newest reading or window, -1 when normal */
};

/* A machine stops when it fails, for maintenance, and sends nothing
 * meanwhile: a silence that begins while it was failing is that; any
 * other is offline. */
static RunKind
silence_kind (int before)
{
  return before == RUN_FAILING ? RUN_MAINTENANCE : RUN_NO_READINGS;
}

ImStateTrack *
im_state_track_new (gint64 max_gap_ns)
{
  ImStateTrack *self = g_new0 (ImStateTrack, 1);

  g_return_val_if_fail (max_gap_ns > 0, NULL);

  self->max_gap_ns = max_gap_ns;
  self->runs = g_array_new (FALSE, FALSE, sizeof (Run));
  self->open = -1;
  self->last_kind = -1;

  return self;
}

void
im_state_track_free (ImStateTrack *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->runs);
  g_free (self);
}

void
im_state_track_clear (ImStateTrack *self)
{
  g_return_if_fail (self != NULL);

  g_array_set_size (self->runs, 0);
  self->last_ns = 0;
  self->open = -1;
  self->last_kind = -1;
}

void
im_state_track_add (ImStateTrack    *self,
                    const ImReading *readings,
                    guint            n_readings)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (readings != NULL || n_readings == 0);

  for (guint i = 0; i < n_readings; i++)
    {
      const ImReading *r = &readings[i];
      int kind = r->state == IM_MACHINE_STATE_DEGRADING ? RUN_DEGRADING :
                 r->state == IM_MACHINE_STATE_FAILING ? RUN_FAILING : -1;

      if (self->last_ns != 0 && r->time_ns <= self->last_ns)
        continue;

      /* The open run lasts up to this reading. */
      if (self->open >= 0)
        g_array_index (self->runs, Run, self->runs->len - 1).end_ns = r->time_ns;

      if (self->last_ns != 0 && r->time_ns - self->last_ns > self->max_gap_ns)
        {
          Run gap = { self->last_ns, r->time_ns, silence_kind (self->last_kind) };

          if (self->open >= 0)
            g_array_index (self->runs, Run, self->runs->len - 1).end_ns = self->last_ns;
          g_array_append_val (self->runs, gap);
          self->open = -1;
        }

      if (kind != self->open)
        {
          if (kind >= 0)
            {
              Run run = { r->time_ns, r->time_ns, (RunKind) kind };

              g_array_append_val (self->runs, run);
            }
          self->open = kind;
        }

      self->last_ns = r->time_ns;
      self->last_kind = kind;
    }
}

void
im_state_track_add_aggregates (ImStateTrack      *self,
                               const ImAggregate *aggregates,
                               guint              n_aggregates,
                               gint64             window_ns)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (aggregates != NULL || n_aggregates == 0);
  g_return_if_fail (window_ns > 0);

  for (guint i = 0; i < n_aggregates; i++)
    {
      const ImAggregate *agg = &aggregates[i];
      int kind = agg->n_failing > 0 ? RUN_FAILING : agg->n_degrading > 0 ? RUN_DEGRADING : -1;
      gint64 end = agg->time_ns + window_ns;

      /* self->last_ns: the end of the last window added. */
      if (self->last_ns != 0 && agg->time_ns < self->last_ns)
        continue;

      if (self->last_ns != 0 && agg->time_ns - self->last_ns > self->max_gap_ns)
        {
          Run gap = { self->last_ns, agg->time_ns, silence_kind (self->last_kind) };

          g_array_append_val (self->runs, gap);
          self->open = -1;
        }
      else if (self->last_ns != 0 && agg->time_ns > self->last_ns)
        {
          /* A missing window, shorter than a gap: it ends the open run. */
          self->open = -1;
        }

      if (kind >= 0 && kind == self->open)
        {
          g_array_index (self->runs, Run, self->runs->len - 1).end_ns = end;
        }
      else if (kind >= 0)
        {
          Run run = { agg->time_ns, end, (RunKind) kind };

          g_array_append_val (self->runs, run);
        }
      self->open = kind;
      self->last_ns = end;
      self->last_kind = kind;
    }

  /* Windows are whole: the last run ends with its window, not at the
   * next reading. */
  self->open = -1;
}

void
im_state_track_trim_before (ImStateTrack *self,
                            gint64        time_ns)
{
  guint n = 0;

  g_return_if_fail (self != NULL);

  while (n < self->runs->len && g_array_index (self->runs, Run, n).end_ns < time_ns &&
         !(self->open >= 0 && n == self->runs->len - 1))
    n++;
  if (n > 0)
    g_array_remove_range (self->runs, 0, n);
}

static void
clear_annotation (gpointer data)
{
  g_clear_pointer (&((ImChartAnnotation *) data)->text, g_free);
}

static void
add (GArray      *out,
     gint64       start_ns,
     gint64       end_ns,
     ImChartTone  tone,
     char        *text)
{
  ImChartAnnotation annotation = { start_ns, end_ns, tone, text };

  g_array_append_val (out, annotation);
}

static char *
format_clock (gint64 time_ns)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time_ns / IM_NSEC_PER_SEC);

  return g_date_time_format (dt, "%H:%M:%S");
}

GArray *
im_annotations_build (ImStateTrack  *track,
                      const ImAlarm *alarms,
                      guint          n_alarms,
                      ImSensor       sensor,
                      gboolean       alarm_bands,
                      gint64         now_ns)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (ImChartAnnotation));

  g_return_val_if_fail (alarms != NULL || n_alarms == 0, out);

  g_array_set_clear_func (out, clear_annotation);

  if (track != NULL)
    {
      for (guint i = 0; i < track->runs->len; i++)
        {
          const Run *run = &g_array_index (track->runs, Run, i);
          gboolean open = track->open >= 0 && i == track->runs->len - 1;
          gint64 end = open ? MAX (run->end_ns, track->last_ns) : run->end_ns;
          g_autofree char *from = format_clock (run->start_ns);
          g_autofree char *to = format_clock (end);

          switch (run->kind)
            {
            case RUN_DEGRADING:
              /* Translators: a band on a chart; from–to times */
              add (out, run->start_ns, end, IM_CHART_TONE_WARNING,
                   g_strdup_printf (_("Degrading, %s–%s"), from, to));
              break;

            case RUN_FAILING:
              add (out, run->start_ns, end, IM_CHART_TONE_CRITICAL,
                   g_strdup_printf (_("Failing, %s–%s"), from, to));
              break;

            case RUN_MAINTENANCE:
              /* Translators: a band on a chart; from–to times */
              add (out, run->start_ns, end, IM_CHART_TONE_MAINTENANCE,
                   g_strdup_printf (_("Maintenance (no readings after failing), %s–%s"),
                                    from, to));
              break;

            case RUN_NO_READINGS:
            default:
              /* Translators: a band on a chart; from–to times */
              add (out, run->start_ns, end, IM_CHART_TONE_NEUTRAL,
                   g_strdup_printf (_("No readings (offline), %s–%s"), from, to));
              break;
            }
        }

      /* Silent since the last reading, for longer than a gap. */
      if (track->last_ns != 0 && now_ns - track->last_ns > track->max_gap_ns)
        {
          g_autofree char *from = format_clock (track->last_ns);

          if (silence_kind (track->last_kind) == RUN_MAINTENANCE)
            /* Translators: a band on a chart; %s is a time */
            add (out, track->last_ns, now_ns, IM_CHART_TONE_MAINTENANCE,
                 g_strdup_printf (_("In maintenance since %s (no readings after failing)"), from));
          else
            /* Translators: a band on a chart; %s is a time */
            add (out, track->last_ns, now_ns, IM_CHART_TONE_NEUTRAL,
                 g_strdup_printf (_("No readings since %s (offline)"), from));
        }
    }

  for (guint i = 0; i < n_alarms; i++)
    {
      const ImAlarm *alarm = &alarms[i];
      ImChartTone tone;
      GString *text;
      g_autofree char *raised = NULL;

      if (alarm->sensors != 0 && (alarm->sensors & (1u << sensor)) == 0)
        continue;

      tone = alarm->severity == IM_ALARM_SEVERITY_CRITICAL ? IM_CHART_TONE_CRITICAL
                                                            : IM_CHART_TONE_WARNING;
      raised = format_clock (alarm->raised_ns);
      text = g_string_new (NULL);
      im_alarm_append_message (alarm, text);
      /* Translators: appended to an alarm's message in a chart's tooltip */
      g_string_append_printf (text, _("\nRaised at %s, %s"), raised,
                              alarm->state == IM_ALARM_STATE_ACTIVE ? _("active") : _("cleared"));
      if (alarm->acknowledged)
        /* Translators: appended to a tooltip; %s is who */
        g_string_append_printf (text, _(", acknowledged by %s"), alarm->ack_user);

      if (alarm_bands)
        add (out, alarm->raised_ns,
             alarm->state == IM_ALARM_STATE_CLEARED ? alarm->cleared_ns : now_ns,
             tone, g_strdup (text->str));
      add (out, alarm->raised_ns, alarm->raised_ns, tone, g_string_free (text, FALSE));
    }

  return out;
}
