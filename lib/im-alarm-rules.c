/* im-alarm-rules.c — what raises an alarm: the rules file
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-alarm-rules"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "im-alarm-rules.h"
#include "im-config.h"
#include "im-util.h"

/*
 * The rules file is a key file (README, "Alarms"):
 *
 *   [alarms]                 pending, clear_after, update_interval
 *   [zone]                   warning_severity, critical_severity
 *   [zone:SENSOR]            enabled, warning_above, critical_above,
 *                            warning_below, critical_below, clear_margin
 *   [anomaly]                enabled, severity
 *   [anomaly:TYPE]           enabled, severity
 *   [inactivity]             enabled, multiple, interval, severity
 *   [pipeline:METRIC]        enabled, limit, severity
 *   [machine:ID]             enabled, pending, clear_after, update_interval,
 *                            anomaly, inactivity, inactivity_multiple, interval
 *   [machine:ID:SENSOR]      the keys of [zone:SENSOR]
 *
 * Every group and key is checked: a typo is an error naming the file, the
 * line, the group and the key, never a rule silently ignored. The order of
 * the groups does not matter: machines start from the file's defaults.
 */

struct _ImAlarmRules
{
  gatomicrefcount     ref_count;
  ImAlarmMachineRules defaults;
  GHashTable         *machines;   /* machine id → ImAlarmMachineRules */
  ImAlarmAnomalyRule  anomaly_default;
  GHashTable         *anomalies;  /* type → ImAlarmAnomalyRule */
  ImAlarmPipelineRule pipeline[IM_N_ALARM_PIPELINE_METRICS];
};

G_DEFINE_QUARK (im-alarm-rules-error-quark, im_alarm_rules_error)

#define SEC(n) ((gint64) (n) * IM_NSEC_PER_SEC)

ImAlarmRules *
im_alarm_rules_new (void)
{
  ImAlarmRules *self = g_new0 (ImAlarmRules, 1);
  ImAlarmAnomalyRule *wear;

  g_atomic_ref_count_init (&self->ref_count);

  self->defaults.enabled = TRUE;
  self->defaults.pending_ns = SEC (30);
  self->defaults.clear_after_ns = SEC (60);
  self->defaults.update_interval_ns = SEC (10);
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      self->defaults.zones[s].enabled = TRUE;
      im_sensor_zone_limits ((ImSensor) s, &self->defaults.zones[s].limits);
      self->defaults.zones[s].clear_margin = 0.0;
    }
  self->defaults.zone_warning_severity = IM_ALARM_SEVERITY_WARNING;
  self->defaults.zone_critical_severity = IM_ALARM_SEVERITY_CRITICAL;
  self->defaults.anomaly_enabled = TRUE;
  self->defaults.inactivity_enabled = TRUE;
  self->defaults.inactivity_multiple = 10.0;
  self->defaults.interval_ns = 0;
  self->defaults.inactivity_severity = IM_ALARM_SEVERITY_MAJOR;

  self->machines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->anomaly_default.enabled = TRUE;
  self->anomaly_default.severity = IM_ALARM_SEVERITY_MINOR;
  self->anomalies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Wear is slow degradation of a machine that still works: maintenance
   * required, not out of specification. */
  wear = g_new (ImAlarmAnomalyRule, 1);
  wear->enabled = TRUE;
  wear->severity = IM_ALARM_SEVERITY_WARNING;
  g_hash_table_insert (self->anomalies, g_strdup ("wear"), wear);

  self->pipeline[IM_ALARM_PIPELINE_INGESTION_LAG] =
    (ImAlarmPipelineRule) { TRUE, 10000.0, IM_ALARM_SEVERITY_MAJOR };
  self->pipeline[IM_ALARM_PIPELINE_DEAD_LETTER_RATE] =
    (ImAlarmPipelineRule) { TRUE, 1.0, IM_ALARM_SEVERITY_MAJOR };

  return self;
}

ImAlarmRules *
im_alarm_rules_ref (ImAlarmRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);

  g_atomic_ref_count_inc (&rules->ref_count);

  return rules;
}

void
im_alarm_rules_unref (ImAlarmRules *rules)
{
  g_return_if_fail (rules != NULL);

  if (g_atomic_ref_count_dec (&rules->ref_count))
    {
      g_hash_table_unref (rules->machines);
      g_hash_table_unref (rules->anomalies);
      g_free (rules);
    }
}

const ImAlarmMachineRules *
im_alarm_rules_get_machine (ImAlarmRules *rules,
                            const char   *machine_id)
{
  const ImAlarmMachineRules *machine;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (machine_id != NULL, NULL);

  machine = g_hash_table_lookup (rules->machines, machine_id);

  return machine != NULL ? machine : &rules->defaults;
}

void
im_alarm_rules_get_anomaly (ImAlarmRules       *rules,
                            const char         *type,
                            ImAlarmAnomalyRule *rule)
{
  const ImAlarmAnomalyRule *found;

  g_return_if_fail (rules != NULL);
  g_return_if_fail (type != NULL);
  g_return_if_fail (rule != NULL);

  found = g_hash_table_lookup (rules->anomalies, type);
  *rule = found != NULL ? *found : rules->anomaly_default;
}

const ImAlarmPipelineRule *
im_alarm_rules_get_pipeline (ImAlarmRules          *rules,
                             ImAlarmPipelineMetric  metric)
{
  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail ((guint) metric < IM_N_ALARM_PIPELINE_METRICS, NULL);

  return &rules->pipeline[metric];
}

/* Parsing */

typedef struct
{
  const char *name;
  GKeyFile   *key_file;
  GHashTable *lines;   /* "group" or "group\x1fkey" → line number */
} Parser;

static guint
line_of (Parser     *p,
         const char *group,
         const char *key)
{
  g_autofree char *k = NULL;

  if (key != NULL)
    {
      k = g_strconcat (group, "\x1f", key, NULL);
      if (g_hash_table_contains (p->lines, k))
        return GPOINTER_TO_UINT (g_hash_table_lookup (p->lines, k));
    }

  return GPOINTER_TO_UINT (g_hash_table_lookup (p->lines, group));
}

/* "rules.conf:12: [machine:M1:temperature] warning_above: …" */
G_GNUC_PRINTF (6, 7)
static gboolean
fail (Parser             *p,
      const char         *group,
      const char         *key,
      ImAlarmRulesError   code,
      GError            **error,
      const char         *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (key != NULL)
    g_set_error (error, IM_ALARM_RULES_ERROR, code, "%s:%u: [%s] %s: %s",
                 p->name, line_of (p, group, key), group, key, message);
  else
    g_set_error (error, IM_ALARM_RULES_ERROR, code, "%s:%u: [%s]: %s",
                 p->name, line_of (p, group, NULL), group, message);

  return FALSE;
}

/* Indexes the lines of groups and keys for the messages, and refuses what
 * is neither a group, a key nor a comment, with its line number. */
static gboolean
index_lines (Parser      *p,
             const char  *data,
             gsize        len,
             GError     **error)
{
  g_autofree char *group = NULL;
  const char *line = data;
  const char *end = data + len;
  guint n = 0;

  while (line < end)
    {
      const char *eol = memchr (line, '\n', end - line);
      g_autofree char *text = NULL;
      char *eq;

      if (eol == NULL)
        eol = end;
      n++;
      text = g_strstrip (g_strndup (line, eol - line));
      line = eol + 1;

      if (text[0] == '\0' || text[0] == '#')
        continue;

      if (text[0] == '[')
        {
          char *close = strchr (text, ']');

          if (close == NULL || close[1] != '\0' || close == text + 1)
            {
              g_set_error (error, IM_ALARM_RULES_ERROR, IM_ALARM_RULES_ERROR_SYNTAX,
                           "%s:%u: “%s” is not a group header such as [alarms]",
                           p->name, n, text);
              return FALSE;
            }
          g_free (group);
          group = g_strndup (text + 1, close - text - 1);
          if (!g_hash_table_contains (p->lines, group))
            g_hash_table_insert (p->lines, g_strdup (group), GUINT_TO_POINTER (n));
          continue;
        }

      eq = strchr (text, '=');
      if (eq == NULL || eq == text)
        {
          g_set_error (error, IM_ALARM_RULES_ERROR, IM_ALARM_RULES_ERROR_SYNTAX,
                       "%s:%u: “%s” is neither a [group], a key = value nor a # comment",
                       p->name, n, text);
          return FALSE;
        }
      if (group == NULL)
        {
          g_set_error (error, IM_ALARM_RULES_ERROR, IM_ALARM_RULES_ERROR_SYNTAX,
                       "%s:%u: “%s” comes before the first [group]", p->name, n, text);
          return FALSE;
        }
      *eq = '\0';
      g_strstrip (text);
      g_hash_table_insert (p->lines, g_strconcat (group, "\x1f", text, NULL),
                           GUINT_TO_POINTER (n));
    }

  return TRUE;
}

static char *
get_string (Parser     *p,
            const char *group,
            const char *key)
{
  char *value = g_key_file_get_string (p->key_file, group, key, NULL);

  return value != NULL ? g_strstrip (value) : g_strdup ("");
}

static gboolean
parse_bool (Parser      *p,
            const char  *group,
            const char  *key,
            gboolean    *out,
            GError     **error)
{
  g_autofree char *value = get_string (p, group, key);

  if (strcmp (value, "true") == 0)
    *out = TRUE;
  else if (strcmp (value, "false") == 0)
    *out = FALSE;
  else
    return fail (p, group, key, IM_ALARM_RULES_ERROR_INVALID_VALUE, error,
                 "“%s” is neither true nor false", value);

  return TRUE;
}

/* Converts a message of lib/im-config.c into ours. */
static gboolean
fail_from (Parser      *p,
           const char  *group,
           const char  *key,
           GError      *local,
           GError     **error)
{
  const char *message = local->message;

  /* Those messages begin with the "what" we passed: "value: …". */
  if (g_str_has_prefix (message, "value: "))
    message += strlen ("value: ");
  fail (p, group, key, IM_ALARM_RULES_ERROR_INVALID_VALUE, error, "%s", message);
  g_error_free (local);
  return FALSE;
}

static gboolean
parse_duration (Parser      *p,
                const char  *group,
                const char  *key,
                gint64      *out,
                GError     **error)
{
  g_autofree char *value = get_string (p, group, key);
  GError *local = NULL;
  gint64 ns;

  if (!im_config_parse_duration ("value", value, &ns, &local))
    return fail_from (p, group, key, local, error);

  *out = ns;
  return TRUE;
}

static gboolean
parse_double (Parser      *p,
              const char  *group,
              const char  *key,
              double       min,
              double       max,
              double      *out,
              GError     **error)
{
  g_autofree char *value = get_string (p, group, key);
  char *end = NULL;
  double number;

  errno = 0;
  number = value[0] != '\0' ? g_ascii_strtod (value, &end) : NAN;
  if (end == NULL || *end != '\0' || errno != 0 || !isfinite (number))
    return fail (p, group, key, IM_ALARM_RULES_ERROR_INVALID_VALUE, error,
                 "“%s” is not a number", value);
  if (number < min)
    return fail (p, group, key, IM_ALARM_RULES_ERROR_INVALID_VALUE, error,
                 "%s is below %g", value, min);
  if (number > max)
    return fail (p, group, key, IM_ALARM_RULES_ERROR_INVALID_VALUE, error,
                 "%s is above %g", value, max);

  *out = number;
  return TRUE;
}

/* A limit, or "none" for no such side (@none). */
static gboolean
parse_limit (Parser      *p,
             const char  *group,
             const char  *key,
             double       none,
             double      *out,
             GError     **error)
{
  g_autofree char *value = get_string (p, group, key);

  if (strcmp (value, "none") == 0)
    {
      *out = none;
      return TRUE;
    }

  return parse_double (p, group, key, -G_MAXDOUBLE, G_MAXDOUBLE, out, error);
}

static gboolean
parse_severity (Parser          *p,
                const char      *group,
                const char      *key,
                ImAlarmSeverity *out,
                GError         **error)
{
  g_autofree char *value = get_string (p, group, key);

  if (!im_alarm_severity_from_string (value, out))
    return fail (p, group, key, IM_ALARM_RULES_ERROR_INVALID_VALUE, error,
                 "“%s” is not a severity (critical, major, minor or warning)", value);

  return TRUE;
}

static gboolean
parse_interval (Parser      *p,
                const char  *group,
                const char  *key,
                gint64      *out,
                GError     **error)
{
  g_autofree char *value = get_string (p, group, key);

  if (strcmp (value, "auto") == 0)
    {
      *out = 0;
      return TRUE;
    }
  if (!parse_duration (p, group, key, out, error))
    return FALSE;
  if (*out <= 0)
    return fail (p, group, key, IM_ALARM_RULES_ERROR_INVALID_VALUE, error,
                 "the interval must be longer than 0 (or auto)");

  return TRUE;
}

static gboolean
unknown_key (Parser      *p,
             const char  *group,
             const char  *key,
             const char  *known,
             GError     **error)
{
  return fail (p, group, key, IM_ALARM_RULES_ERROR_UNKNOWN_KEY, error,
               "unknown key (this group knows %s)", known);
}

static gboolean
apply_zone_group (Parser           *p,
                  const char       *group,
                  ImAlarmZoneRule  *rule,
                  GError          **error)
{
  static const char known[] =
    "enabled, warning_above, critical_above, warning_below, critical_below, clear_margin";
  g_auto(GStrv) keys = g_key_file_get_keys (p->key_file, group, NULL, NULL);
  ImZoneLimits *l = &rule->limits;
  const char *last_limit = NULL;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      gboolean ok;

      if (strcmp (key, "enabled") == 0)
        ok = parse_bool (p, group, key, &rule->enabled, error);
      else if (strcmp (key, "warning_above") == 0)
        ok = parse_limit (p, group, key, INFINITY, &l->normal_high, error);
      else if (strcmp (key, "critical_above") == 0)
        ok = parse_limit (p, group, key, INFINITY, &l->warning_high, error);
      else if (strcmp (key, "warning_below") == 0)
        ok = parse_limit (p, group, key, -INFINITY, &l->normal_low, error);
      else if (strcmp (key, "critical_below") == 0)
        ok = parse_limit (p, group, key, -INFINITY, &l->warning_low, error);
      else if (strcmp (key, "clear_margin") == 0)
        ok = parse_double (p, group, key, 0.0, G_MAXDOUBLE, &rule->clear_margin, error);
      else
        ok = unknown_key (p, group, key, known, error);

      if (!ok)
        return FALSE;
      if (strcmp (key, "enabled") != 0 && strcmp (key, "clear_margin") != 0)
        last_limit = key;
    }

  if (last_limit == NULL)
    last_limit = keys != NULL && keys[0] != NULL ? keys[0] : NULL;

  if (!(l->warning_low <= l->normal_low && l->normal_low < l->normal_high &&
        l->normal_high <= l->warning_high))
    return fail (p, group, last_limit, IM_ALARM_RULES_ERROR_INVALID_VALUE, error,
                 "the limits must be in the order critical_below ≤ warning_below < "
                 "warning_above ≤ critical_above (here %g, %g, %g, %g)",
                 l->warning_low, l->normal_low, l->normal_high, l->warning_high);

  if (!(l->normal_low + rule->clear_margin < l->normal_high - rule->clear_margin))
    return fail (p, group, "clear_margin", IM_ALARM_RULES_ERROR_INVALID_VALUE, error,
                 "a margin of %g leaves nothing of the normal band (%g to %g) to clear in",
                 rule->clear_margin, l->normal_low, l->normal_high);

  return TRUE;
}

static gboolean
apply_alarms_group (Parser               *p,
                    const char           *group,
                    ImAlarmMachineRules  *rules,
                    gboolean              machine,
                    GError              **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (p->key_file, group, NULL, NULL);
  const char *known = machine ?
    "enabled, pending, clear_after, update_interval, anomaly, inactivity, "
    "inactivity_multiple, interval" :
    "pending, clear_after, update_interval";

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      gboolean ok;

      if (strcmp (key, "pending") == 0)
        ok = parse_duration (p, group, key, &rules->pending_ns, error);
      else if (strcmp (key, "clear_after") == 0)
        ok = parse_duration (p, group, key, &rules->clear_after_ns, error);
      else if (strcmp (key, "update_interval") == 0)
        ok = parse_duration (p, group, key, &rules->update_interval_ns, error);
      else if (machine && strcmp (key, "enabled") == 0)
        ok = parse_bool (p, group, key, &rules->enabled, error);
      else if (machine && strcmp (key, "anomaly") == 0)
        ok = parse_bool (p, group, key, &rules->anomaly_enabled, error);
      else if (machine && strcmp (key, "inactivity") == 0)
        ok = parse_bool (p, group, key, &rules->inactivity_enabled, error);
      else if (machine && strcmp (key, "inactivity_multiple") == 0)
        ok = parse_double (p, group, key, 1.0, 1e6, &rules->inactivity_multiple, error);
      else if (machine && strcmp (key, "interval") == 0)
        ok = parse_interval (p, group, key, &rules->interval_ns, error);
      else
        ok = unknown_key (p, group, key, known, error);

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

static gboolean
apply_zone_severities (Parser               *p,
                       const char           *group,
                       ImAlarmMachineRules  *rules,
                       GError              **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (p->key_file, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      gboolean ok;

      if (strcmp (key, "warning_severity") == 0)
        ok = parse_severity (p, group, key, &rules->zone_warning_severity, error);
      else if (strcmp (key, "critical_severity") == 0)
        ok = parse_severity (p, group, key, &rules->zone_critical_severity, error);
      else
        ok = unknown_key (p, group, key, "warning_severity, critical_severity", error);

      if (!ok)
        return FALSE;
    }

  if (rules->zone_critical_severity < rules->zone_warning_severity)
    return fail (p, group, "critical_severity", IM_ALARM_RULES_ERROR_INVALID_VALUE, error,
                 "the critical zone's severity must not be below the warning zone's");

  return TRUE;
}

static gboolean
apply_inactivity (Parser               *p,
                  const char           *group,
                  ImAlarmMachineRules  *rules,
                  GError              **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (p->key_file, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      gboolean ok;

      if (strcmp (key, "enabled") == 0)
        ok = parse_bool (p, group, key, &rules->inactivity_enabled, error);
      else if (strcmp (key, "multiple") == 0)
        ok = parse_double (p, group, key, 1.0, 1e6, &rules->inactivity_multiple, error);
      else if (strcmp (key, "interval") == 0)
        ok = parse_interval (p, group, key, &rules->interval_ns, error);
      else if (strcmp (key, "severity") == 0)
        ok = parse_severity (p, group, key, &rules->inactivity_severity, error);
      else
        ok = unknown_key (p, group, key, "enabled, multiple, interval, severity", error);

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/* [anomaly] and [anomaly:TYPE]. */
static gboolean
apply_anomaly (Parser              *p,
               const char          *group,
               ImAlarmAnomalyRule  *rule,
               GError             **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (p->key_file, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      gboolean ok;

      if (strcmp (key, "enabled") == 0)
        ok = parse_bool (p, group, key, &rule->enabled, error);
      else if (strcmp (key, "severity") == 0)
        ok = parse_severity (p, group, key, &rule->severity, error);
      else
        ok = unknown_key (p, group, key, "enabled, severity", error);

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

static gboolean
apply_pipeline (Parser               *p,
                const char           *group,
                ImAlarmPipelineRule  *rule,
                GError              **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (p->key_file, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      gboolean ok;

      if (strcmp (key, "enabled") == 0)
        ok = parse_bool (p, group, key, &rule->enabled, error);
      else if (strcmp (key, "limit") == 0)
        ok = parse_double (p, group, key, 0.0, G_MAXDOUBLE, &rule->limit, error);
      else if (strcmp (key, "severity") == 0)
        ok = parse_severity (p, group, key, &rule->severity, error);
      else
        ok = unknown_key (p, group, key, "enabled, limit, severity", error);

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

static gboolean
sensor_from_string (const char *name,
                    ImSensor   *sensor)
{
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      if (strcmp (name, im_sensor_to_string ((ImSensor) s)) == 0)
        {
          *sensor = (ImSensor) s;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
pipeline_from_string (const char            *name,
                      ImAlarmPipelineMetric *metric)
{
  for (guint m = 0; m < IM_N_ALARM_PIPELINE_METRICS; m++)
    {
      if (strcmp (name, im_alarm_pipeline_metric_to_string ((ImAlarmPipelineMetric) m)) == 0)
        {
          *metric = (ImAlarmPipelineMetric) m;
          return TRUE;
        }
    }

  return FALSE;
}

static ImAlarmMachineRules *
machine_rules (ImAlarmRules *self,
               const char   *machine_id)
{
  ImAlarmMachineRules *rules = g_hash_table_lookup (self->machines, machine_id);

  if (rules == NULL)
    {
      rules = g_memdup2 (&self->defaults, sizeof self->defaults);
      g_hash_table_insert (self->machines, g_strdup (machine_id), rules);
    }

  return rules;
}

/* The global groups (pass 0), anomaly types (1), machines (2) and their
 * sensors (3): each pass starts from what the earlier ones resolved. */
static gboolean
apply_group (ImAlarmRules  *self,
             Parser        *p,
             const char    *group,
             guint          pass,
             GError       **error)
{
  const char *rest;
  ImSensor sensor;
  ImAlarmPipelineMetric metric;

  if (strcmp (group, "alarms") == 0)
    return pass != 0 || apply_alarms_group (p, group, &self->defaults, FALSE, error);
  if (strcmp (group, "zone") == 0)
    return pass != 0 || apply_zone_severities (p, group, &self->defaults, error);
  if (strcmp (group, "inactivity") == 0)
    return pass != 0 || apply_inactivity (p, group, &self->defaults, error);
  if (strcmp (group, "anomaly") == 0)
    {
      GHashTableIter iter;
      ImAlarmAnomalyRule *rule;

      if (pass != 0)
        return TRUE;
      if (!apply_anomaly (p, group, &self->anomaly_default, error))
        return FALSE;
      /* The built-in types keep their severity, not their switch. */
      g_hash_table_iter_init (&iter, self->anomalies);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &rule))
        rule->enabled = self->anomaly_default.enabled;
      return TRUE;
    }

  if (g_str_has_prefix (group, "zone:"))
    {
      rest = group + strlen ("zone:");
      if (!sensor_from_string (rest, &sensor))
        return fail (p, group, NULL, IM_ALARM_RULES_ERROR_UNKNOWN_GROUP, error,
                     "“%s” is not a sensor (temperature, vibration, pressure or power)", rest);
      return pass != 0 || apply_zone_group (p, group, &self->defaults.zones[sensor], error);
    }

  if (g_str_has_prefix (group, "pipeline:"))
    {
      rest = group + strlen ("pipeline:");
      if (!pipeline_from_string (rest, &metric))
        return fail (p, group, NULL, IM_ALARM_RULES_ERROR_UNKNOWN_GROUP, error,
                     "“%s” is not a pipeline metric (ingestion_lag or dead_letter_rate)", rest);
      return pass != 0 || apply_pipeline (p, group, &self->pipeline[metric], error);
    }

  if (g_str_has_prefix (group, "anomaly:"))
    {
      ImAlarmAnomalyRule rule;

      rest = group + strlen ("anomaly:");
      if (!im_id_is_valid (rest, -1))
        return fail (p, group, NULL, IM_ALARM_RULES_ERROR_UNKNOWN_GROUP, error,
                     "“%s” is not an event type name", rest);
      if (pass != 1)
        return TRUE;
      im_alarm_rules_get_anomaly (self, rest, &rule);
      if (!apply_anomaly (p, group, &rule, error))
        return FALSE;
      g_hash_table_insert (self->anomalies, g_strdup (rest), g_memdup2 (&rule, sizeof rule));
      return TRUE;
    }

  if (g_str_has_prefix (group, "machine:"))
    {
      g_autofree char *machine_id = NULL;
      const char *colon;
      gboolean has_sensor = FALSE;

      /* Machine ids may hold ':' themselves: the sensor is what follows
       * the last one, when that names a sensor. */
      rest = group + strlen ("machine:");
      colon = strrchr (rest, ':');
      if (colon != NULL && sensor_from_string (colon + 1, &sensor))
        {
          machine_id = g_strndup (rest, colon - rest);
          has_sensor = TRUE;
        }
      else
        machine_id = g_strdup (rest);

      if (!im_id_is_valid (machine_id, -1))
        return fail (p, group, NULL, IM_ALARM_RULES_ERROR_UNKNOWN_GROUP, error,
                     "“%s” is not a machine id (1–%d characters of A-Za-z0-9_.:-)",
                     machine_id, IM_ID_MAX_LEN);

      if (!has_sensor)
        return pass != 2 ||
               apply_alarms_group (p, group, machine_rules (self, machine_id), TRUE, error);

      return pass != 3 ||
             apply_zone_group (p, group, &machine_rules (self, machine_id)->zones[sensor], error);
    }

  return fail (p, group, NULL, IM_ALARM_RULES_ERROR_UNKNOWN_GROUP, error,
               "unknown group (known: alarms, zone, zone:SENSOR, anomaly, anomaly:TYPE, "
               "inactivity, pipeline:METRIC, machine:ID, machine:ID:SENSOR)");
}

ImAlarmRules *
im_alarm_rules_new_from_data (const char  *data,
                              gssize       len,
                              const char  *name,
                              GError     **error)
{
  g_autoptr(ImAlarmRules) self = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GHashTable) lines = NULL;
  g_auto(GStrv) groups = NULL;
  g_autoptr(GError) local = NULL;
  Parser p;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len < 0)
    len = strlen (data);
  if (name == NULL)
    name = "rules";

  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, IM_ALARM_RULES_ERROR, IM_ALARM_RULES_ERROR_SYNTAX,
                   "%s: not valid UTF-8", name);
      return NULL;
    }

  lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  key_file = g_key_file_new ();
  p = (Parser) { name, key_file, lines };

  if (!index_lines (&p, data, len, error))
    return NULL;
  if (!g_key_file_load_from_data (key_file, data, len, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, IM_ALARM_RULES_ERROR, IM_ALARM_RULES_ERROR_SYNTAX,
                   "%s: %s", name, local->message);
      return NULL;
    }

  self = im_alarm_rules_new ();
  groups = g_key_file_get_groups (key_file, NULL);

  for (guint pass = 0; pass < 4; pass++)
    for (guint i = 0; groups[i] != NULL; i++)
      if (!apply_group (self, &p, groups[i], pass, error))
        return NULL;

  return g_steal_pointer (&self);
}

ImAlarmRules *
im_alarm_rules_new_from_file (const char  *path,
                              GError     **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;

  return im_alarm_rules_new_from_data (data, len, path, error);
}
