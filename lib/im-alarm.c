/* im-alarm.c — the alarm record, its acknowledgement and their encodings
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-alarm"

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "im-alarm.h"
#include "im-line-protocol.h"
#include "im-util.h"

G_DEFINE_QUARK (im-alarm-error-quark, im_alarm_error)

static const char * const severity_names[IM_N_ALARM_SEVERITIES] = {
  [IM_ALARM_SEVERITY_WARNING] = "warning",
  [IM_ALARM_SEVERITY_MINOR] = "minor",
  [IM_ALARM_SEVERITY_MAJOR] = "major",
  [IM_ALARM_SEVERITY_CRITICAL] = "critical",
};

const char *
im_alarm_severity_to_string (ImAlarmSeverity severity)
{
  g_return_val_if_fail ((guint) severity < IM_N_ALARM_SEVERITIES, NULL);

  return severity_names[severity];
}

gboolean
im_alarm_severity_from_string (const char      *str,
                               ImAlarmSeverity *severity)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < IM_N_ALARM_SEVERITIES; i++)
    {
      if (strcmp (str, severity_names[i]) == 0)
        {
          if (severity != NULL)
            *severity = (ImAlarmSeverity) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The severities follow NE 107's own order of priority (F > C > S > M),
 * one to one; the README explains which alarms land where. */
ImNe107Status
im_alarm_severity_to_ne107 (ImAlarmSeverity severity)
{
  switch (severity)
    {
    case IM_ALARM_SEVERITY_CRITICAL:
      return IM_NE107_FAILURE;
    case IM_ALARM_SEVERITY_MAJOR:
      return IM_NE107_FUNCTION_CHECK;
    case IM_ALARM_SEVERITY_MINOR:
      return IM_NE107_OUT_OF_SPECIFICATION;
    case IM_ALARM_SEVERITY_WARNING:
      return IM_NE107_MAINTENANCE_REQUIRED;
    case IM_N_ALARM_SEVERITIES:
    default:
      g_return_val_if_reached (IM_NE107_FAILURE);
    }
}

const char *
im_ne107_status_to_string (ImNe107Status status)
{
  switch (status)
    {
    case IM_NE107_FAILURE:
      return "failure";
    case IM_NE107_FUNCTION_CHECK:
      return "function_check";
    case IM_NE107_OUT_OF_SPECIFICATION:
      return "out_of_specification";
    case IM_NE107_MAINTENANCE_REQUIRED:
      return "maintenance_required";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
im_ne107_status_to_letter (ImNe107Status status)
{
  switch (status)
    {
    case IM_NE107_FAILURE:
      return "F";
    case IM_NE107_FUNCTION_CHECK:
      return "C";
    case IM_NE107_OUT_OF_SPECIFICATION:
      return "S";
    case IM_NE107_MAINTENANCE_REQUIRED:
      return "M";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
im_alarm_state_to_string (ImAlarmState state)
{
  switch (state)
    {
    case IM_ALARM_STATE_PENDING:
      return "pending";
    case IM_ALARM_STATE_ACTIVE:
      return "active";
    case IM_ALARM_STATE_CLEARED:
      return "cleared";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
im_alarm_kind_to_string (ImAlarmKind kind)
{
  switch (kind)
    {
    case IM_ALARM_KIND_ZONE:
      return "zone";
    case IM_ALARM_KIND_ANOMALY:
      return "anomaly";
    case IM_ALARM_KIND_INACTIVITY:
      return "inactivity";
    case IM_ALARM_KIND_PIPELINE:
      return "pipeline";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
im_alarm_pipeline_metric_to_string (ImAlarmPipelineMetric metric)
{
  switch (metric)
    {
    case IM_ALARM_PIPELINE_INGESTION_LAG:
      return "ingestion_lag";
    case IM_ALARM_PIPELINE_DEAD_LETTER_RATE:
      return "dead_letter_rate";
    case IM_N_ALARM_PIPELINE_METRICS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* "temperature,vibration": the sensors in #ImSensor order. */
static void
append_sensor_list (GString *out,
                    guint    sensors,
                    gboolean quoted)
{
  gboolean first = TRUE;

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      if (!(sensors & (1u << s)))
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      if (quoted)
        g_string_append_c (out, '"');
      g_string_append (out, im_sensor_to_string ((ImSensor) s));
      if (quoted)
        g_string_append_c (out, '"');
    }
}

void
im_alarm_set_id (ImAlarm *alarm)
{
  g_autoptr(GString) key = NULL;
  g_autofree char *digest = NULL;

  g_return_if_fail (alarm != NULL);

  key = g_string_new ("alarm\x1f");
  g_string_append (key, alarm->machine_id);
  g_string_append_c (key, '\x1f');
  g_string_append (key, alarm->type);
  g_string_append_c (key, '\x1f');
  append_sensor_list (key, alarm->sensors, FALSE);
  g_string_append_printf (key, "\x1f%" G_GINT64_FORMAT, alarm->started_ns);

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key->str, key->len);
  memcpy (alarm->id, digest, IM_ALARM_ID_LEN);
  alarm->id[IM_ALARM_ID_LEN] = '\0';
}

/* A value for people: rounded to what a sensor resolves (0.01). */
static void
append_rounded (GString *out,
                double   value)
{
  if (!isfinite (value))
    g_string_append (out, "?");
  else
    im_string_append_double (out, round (value * 100.0) / 100.0);
}

static int
first_sensor (guint sensors)
{
  for (guint s = 0; s < IM_N_SENSORS; s++)
    if (sensors & (1u << s))
      return (int) s;
  return -1;
}

void
im_alarm_append_message (const ImAlarm *alarm,
                         GString       *out)
{
  const char *unit = "";
  const char *name;
  int sensor;

  g_return_if_fail (alarm != NULL);
  g_return_if_fail (out != NULL);

  switch (alarm->kind)
    {
    case IM_ALARM_KIND_ZONE:
      /* The limit is the one of the severity reached, on the side of the
       * peak: "Temperature above 85 °C (critical): 72 °C when raised,
       * peak 91.2 °C". */
      sensor = first_sensor (alarm->sensors);
      if (sensor >= 0)
        {
          name = im_sensor_to_string ((ImSensor) sensor);
          unit = im_sensor_unit ((ImSensor) sensor);
          g_string_append_c (out, g_ascii_toupper (name[0]));
          g_string_append (out, name + 1);
        }
      else
        g_string_append (out, "Sensor");
      g_string_append_printf (out, " %s ", alarm->peak < alarm->threshold ? "below" : "above");
      append_rounded (out, alarm->threshold);
      g_string_append_printf (out, " %s (%s): ", unit,
                              im_alarm_severity_to_string (alarm->severity));
      append_rounded (out, alarm->value);
      g_string_append_printf (out, " %s when raised, peak ", unit);
      append_rounded (out, alarm->peak);
      g_string_append_printf (out, " %s", unit);
      break;

    case IM_ALARM_KIND_ANOMALY:
      name = alarm->type;
      if (g_str_has_prefix (name, "anomaly_"))
        name += strlen ("anomaly_");
      g_string_append_printf (out, "Anomaly %s", name);
      if (alarm->sensors != 0)
        {
          g_string_append (out, " on ");
          append_sensor_list (out, alarm->sensors, FALSE);
        }
      g_string_append (out, ": score ");
      append_rounded (out, alarm->value);
      g_string_append (out, ", peak ");
      append_rounded (out, alarm->peak);
      g_string_append_printf (out, ", %u event%s", alarm->count,
                              alarm->count == 1 ? "" : "s");
      break;

    case IM_ALARM_KIND_INACTIVITY:
      g_string_append (out, "No reading for ");
      append_rounded (out, alarm->peak);
      g_string_append (out, " s (limit ");
      append_rounded (out, alarm->threshold);
      g_string_append (out, " s)");
      break;

    case IM_ALARM_KIND_PIPELINE:
      if (strcmp (alarm->type, "pipeline_dead_letter_rate") == 0)
        {
          g_string_append (out, "Dead-letter rate ");
          unit = "/s";
        }
      else
        {
          g_string_append (out, "Ingestion lag ");
          unit = " messages";
        }
      append_rounded (out, alarm->value);
      g_string_append_printf (out, "%s (limit ", unit);
      append_rounded (out, alarm->threshold);
      g_string_append_printf (out, "%s), peak ", unit);
      append_rounded (out, alarm->peak);
      g_string_append (out, unit);
      break;

    default:
      g_return_if_reached ();
    }
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

static void
append_number_or_null (GString *out,
                       double   value)
{
  if (isfinite (value))
    im_string_append_double (out, value);
  else
    g_string_append (out, "null");
}

void
im_alarm_append_json (const ImAlarm *alarm,
                      GString       *out)
{
  g_autoptr(GString) message = NULL;
  ImNe107Status ne107;

  g_return_if_fail (alarm != NULL);
  g_return_if_fail (out != NULL);

  ne107 = im_alarm_severity_to_ne107 (alarm->severity);
  message = g_string_new (NULL);
  im_alarm_append_message (alarm, message);

  /* Ids, machine ids and type names are of the safe id alphabet; the
   * user name and the message are escaped. */
  g_string_append_printf (out, "{\"schema_version\":%d,\"id\":\"", IM_ALARM_SCHEMA_VERSION);
  g_string_append (out, alarm->id);
  g_string_append (out, "\",\"machine_id\":\"");
  g_string_append (out, alarm->machine_id);
  g_string_append (out, "\",\"type\":\"");
  g_string_append (out, alarm->type);
  g_string_append (out, "\",\"kind\":\"");
  g_string_append (out, im_alarm_kind_to_string (alarm->kind));
  g_string_append (out, "\",\"sensors\":[");
  append_sensor_list (out, alarm->sensors, TRUE);
  g_string_append (out, "],\"severity\":\"");
  g_string_append (out, im_alarm_severity_to_string (alarm->severity));
  g_string_append (out, "\",\"ne107\":\"");
  g_string_append (out, im_ne107_status_to_string (ne107));
  g_string_append (out, "\",\"state\":\"");
  g_string_append (out, im_alarm_state_to_string (alarm->state));
  g_string_append (out, "\",\"acknowledged\":");
  g_string_append (out, alarm->acknowledged ? "true" : "false");
  g_string_append (out, ",\"ack_user\":");
  if (alarm->acknowledged)
    im_string_append_json (out, alarm->ack_user, -1);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"ack_at\":");
  if (alarm->acknowledged)
    append_time (out, alarm->ack_ns);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"started_at\":");
  append_time (out, alarm->started_ns);
  g_string_append (out, ",\"raised_at\":");
  append_time (out, alarm->raised_ns);
  g_string_append (out, ",\"updated_at\":");
  append_time (out, alarm->updated_ns);
  g_string_append (out, ",\"cleared_at\":");
  if (alarm->state == IM_ALARM_STATE_CLEARED)
    append_time (out, alarm->cleared_ns);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"value\":");
  append_number_or_null (out, alarm->value);
  g_string_append (out, ",\"peak\":");
  append_number_or_null (out, alarm->peak);
  g_string_append (out, ",\"threshold\":");
  append_number_or_null (out, alarm->threshold);
  g_string_append_printf (out, ",\"count\":%u,\"message\":", alarm->count);
  im_string_append_json (out, message->str, message->len);
  g_string_append_c (out, '}');
}

char *
im_alarm_to_json (const ImAlarm *alarm)
{
  GString *out;

  g_return_val_if_fail (alarm != NULL, NULL);

  out = g_string_new (NULL);
  im_alarm_append_json (alarm, out);

  return g_string_free (out, FALSE);
}

static gboolean
append_float_field (GString     *buf,
                    const char  *key,
                    double       value,
                    GError     **error)
{
  /* A value without a number (an anomaly's threshold) is left out. */
  if (!isfinite (value))
    return TRUE;

  g_string_append_c (buf, ',');
  if (!im_lp_append_field_key (buf, key, error))
    return FALSE;
  g_string_append_c (buf, '=');
  return im_lp_append_field_float (buf, value, error);
}

static gboolean
append_string_field (GString     *buf,
                     const char  *key,
                     const char  *value,
                     gboolean     first,
                     GError     **error)
{
  if (!first)
    g_string_append_c (buf, ',');
  if (!im_lp_append_field_key (buf, key, error))
    return FALSE;
  g_string_append_c (buf, '=');
  return im_lp_append_field_string (buf, value, error);
}

static void
append_integer_field (GString    *buf,
                      const char *key,
                      gint64      value)
{
  g_string_append_c (buf, ',');
  g_string_append (buf, key);
  g_string_append_c (buf, '=');
  im_lp_append_field_integer (buf, value);
}

/*
 * alarms,machine_id=M,type=T id="…",kind="zone",sensors="temperature",
 *   severity="critical",ne107="F",state="active",acknowledged=false,
 *   [ack_user="…",ack_at=…i,]raised_at=…i,updated_at=…i,[cleared_at=…i,]
 *   value=…,peak=…,[threshold=…,]count=…i,message="…" <started_ns>
 *
 * Tags are what the app filters and groups by and stay few: machines ×
 * types. The id is a field: as a tag every alarm would be a series of its
 * own, and machine, type and start time already name the point. Severity
 * is a field too: it rises within an alarm, and as a tag an escalation
 * would write a second point instead of rewriting the first. Fields only
 * ever change forwards (acknowledged, cleared), so InfluxDB's merge of a
 * rewritten point (new values win) always leaves the latest record.
 */
gboolean
im_alarm_append_line_protocol (const ImAlarm  *alarm,
                               GString        *buf,
                               GError        **error)
{
  g_autoptr(GString) text = NULL;
  gsize start;

  g_return_val_if_fail (alarm != NULL, FALSE);
  g_return_val_if_fail (buf != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  start = buf->len;
  text = g_string_new (NULL);

  if (!im_lp_append_measurement (buf, IM_ALARM_MEASUREMENT, error) ||
      !im_lp_append_tag (buf, "machine_id", alarm->machine_id, error) ||
      !im_lp_append_tag (buf, "type", alarm->type, error))
    goto fail;
  g_string_append_c (buf, ' ');

  if (!append_string_field (buf, "id", alarm->id, TRUE, error) ||
      !append_string_field (buf, "kind", im_alarm_kind_to_string (alarm->kind), FALSE, error))
    goto fail;
  append_sensor_list (text, alarm->sensors, FALSE);
  if (!append_string_field (buf, "sensors", text->str, FALSE, error) ||
      !append_string_field (buf, "severity", im_alarm_severity_to_string (alarm->severity),
                            FALSE, error) ||
      !append_string_field (buf, "ne107",
                            im_ne107_status_to_letter (im_alarm_severity_to_ne107 (alarm->severity)),
                            FALSE, error) ||
      !append_string_field (buf, "state", im_alarm_state_to_string (alarm->state), FALSE, error))
    goto fail;
  g_string_append (buf, ",acknowledged=");
  im_lp_append_field_boolean (buf, alarm->acknowledged);
  if (alarm->acknowledged)
    {
      if (!append_string_field (buf, "ack_user", alarm->ack_user, FALSE, error))
        goto fail;
      append_integer_field (buf, "ack_at", alarm->ack_ns);
    }
  append_integer_field (buf, "raised_at", alarm->raised_ns);
  append_integer_field (buf, "updated_at", alarm->updated_ns);
  if (alarm->state == IM_ALARM_STATE_CLEARED)
    append_integer_field (buf, "cleared_at", alarm->cleared_ns);
  if (!append_float_field (buf, "value", alarm->value, error) ||
      !append_float_field (buf, "peak", alarm->peak, error) ||
      !append_float_field (buf, "threshold", alarm->threshold, error))
    goto fail;
  append_integer_field (buf, "count", alarm->count);
  g_string_truncate (text, 0);
  im_alarm_append_message (alarm, text);
  if (!append_string_field (buf, "message", text->str, FALSE, error))
    goto fail;

  g_string_append_c (buf, ' ');
  im_lp_append_timestamp (buf, alarm->started_ns);
  g_string_append_c (buf, '\n');

  return TRUE;

fail:
  g_string_truncate (buf, start);
  return FALSE;
}

gboolean
im_alarm_user_is_valid (const char *user)
{
  gsize len;

  if (user == NULL)
    return FALSE;

  len = strlen (user);
  if (len == 0 || len > IM_ALARM_USER_MAX_LEN || !g_utf8_validate (user, len, NULL))
    return FALSE;

  for (const char *p = user; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
alarm_id_is_valid (const char *id)
{
  if (id == NULL || strlen (id) != IM_ALARM_ID_LEN)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;

  return TRUE;
}

gboolean
im_alarm_ack_init (ImAlarmAck  *ack,
                   const char  *alarm_id,
                   const char  *machine_id,
                   const char  *user,
                   gint64       time_ns,
                   GError     **error)
{
  g_return_val_if_fail (ack != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!alarm_id_is_valid (alarm_id))
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "acknowledgement: alarm id “%s” is not %d lower-case hex digits",
                   alarm_id != NULL ? alarm_id : "(null)", IM_ALARM_ID_LEN);
      return FALSE;
    }
  if (machine_id == NULL || !im_id_is_valid (machine_id, -1))
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "acknowledgement: machine id “%s” is not 1–%d characters of A-Za-z0-9_.:-",
                   machine_id != NULL ? machine_id : "(null)", IM_ID_MAX_LEN);
      return FALSE;
    }
  if (!im_alarm_user_is_valid (user))
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "acknowledgement: the user name must be 1–%d bytes of UTF-8 "
                   "without control characters", IM_ALARM_USER_MAX_LEN);
      return FALSE;
    }
  if (time_ns <= 0)
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "acknowledgement: time %" G_GINT64_FORMAT " ns is not after 1970",
                   time_ns);
      return FALSE;
    }

  memset (ack, 0, sizeof *ack);
  g_strlcpy (ack->alarm_id, alarm_id, sizeof ack->alarm_id);
  g_strlcpy (ack->machine_id, machine_id, sizeof ack->machine_id);
  g_strlcpy (ack->user, user, sizeof ack->user);
  ack->time_ns = time_ns;

  return TRUE;
}

/* alarm_acks,machine_id=M alarm_id="…",user="…" <time_ns>
 *
 * The id is a field for the same reason as in `alarms`. Two
 * acknowledgements of one machine's alarms at the same nanosecond would be
 * one point: a writer acknowledging several at once gives each its own
 * time (+1 ns). */
gboolean
im_alarm_ack_append_line_protocol (const ImAlarmAck  *ack,
                                   GString           *buf,
                                   GError           **error)
{
  gsize start;

  g_return_val_if_fail (ack != NULL, FALSE);
  g_return_val_if_fail (buf != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  start = buf->len;

  if (!im_lp_append_measurement (buf, IM_ALARM_ACK_MEASUREMENT, error) ||
      !im_lp_append_tag (buf, "machine_id", ack->machine_id, error))
    goto fail;
  g_string_append_c (buf, ' ');
  if (!append_string_field (buf, "alarm_id", ack->alarm_id, TRUE, error) ||
      !append_string_field (buf, "user", ack->user, FALSE, error))
    goto fail;
  g_string_append_c (buf, ' ');
  im_lp_append_timestamp (buf, ack->time_ns);
  g_string_append_c (buf, '\n');

  return TRUE;

fail:
  g_string_truncate (buf, start);
  return FALSE;
}

gboolean
im_alarm_apply_ack (ImAlarm          *alarm,
                    const ImAlarmAck *ack)
{
  g_return_val_if_fail (alarm != NULL, FALSE);
  g_return_val_if_fail (ack != NULL, FALSE);

  if (strcmp (alarm->id, ack->alarm_id) != 0)
    return FALSE;

  if (alarm->acknowledged &&
      (alarm->ack_ns < ack->time_ns ||
       (alarm->ack_ns == ack->time_ns && strcmp (alarm->ack_user, ack->user) <= 0)))
    return FALSE;

  alarm->acknowledged = TRUE;
  alarm->ack_ns = ack->time_ns;
  g_strlcpy (alarm->ack_user, ack->user, sizeof alarm->ack_user);

  return TRUE;
}

/* Reading records back (the `alarms` topic) */

static gboolean
json_fail (GError     **error,
           const char  *field,
           const char  *what)
{
  g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
               "alarm record: %s: %s", field, what);
  return FALSE;
}

static gboolean
get_string_member (JsonObject  *o,
                   const char  *field,
                   gboolean     nullable,
                   const char **out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (o, field);

  *out = NULL;
  if (node == NULL)
    return json_fail (error, field, "missing");
  if (JSON_NODE_HOLDS_NULL (node) && nullable)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return json_fail (error, field, nullable ? "not a string or null" : "not a string");

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_time_member (JsonObject  *o,
                 const char  *field,
                 gboolean     nullable,
                 gint64      *out,
                 GError     **error)
{
  const char *str;

  *out = 0;
  if (!get_string_member (o, field, nullable, &str, error))
    return FALSE;
  if (str == NULL)
    return TRUE;
  if (!im_timestamp_parse (str, strlen (str), out))
    return json_fail (error, field, "not an RFC 3339 time");

  return TRUE;
}

static gboolean
get_number_member (JsonObject  *o,
                   const char  *field,
                   gboolean     nullable,
                   double      *out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (o, field);
  GType type;

  *out = NAN;
  if (node == NULL)
    return json_fail (error, field, "missing");
  if (JSON_NODE_HOLDS_NULL (node) && nullable)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return json_fail (error, field, "not a number");
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return json_fail (error, field, "not a number");

  return TRUE;
}

gboolean
im_alarm_from_json (ImAlarm     *alarm,
                    const char  *data,
                    gssize       len,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;
  const char *str, *id, *machine_id, *type;
  JsonNode *root, *node;
  JsonObject *o;
  JsonArray *sensors;
  ImAlarm a;
  double number;

  g_return_val_if_fail (alarm != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!json_parser_load_from_data (parser, data, len, &local))
    {
      g_set_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID,
                   "alarm record: not JSON: %s", local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_fail (error, "(record)", "not a JSON object");
  o = json_node_get_object (root);

  memset (&a, 0, sizeof a);

  if (!get_number_member (o, "schema_version", FALSE, &number, error))
    return FALSE;
  if (number != IM_ALARM_SCHEMA_VERSION)
    return json_fail (error, "schema_version", "unknown version");

  if (!get_string_member (o, "id", FALSE, &id, error) ||
      !get_string_member (o, "machine_id", FALSE, &machine_id, error) ||
      !get_string_member (o, "type", FALSE, &type, error))
    return FALSE;
  if (!alarm_id_is_valid (id))
    return json_fail (error, "id", "not 32 lower-case hex digits");
  if (!im_id_is_valid (machine_id, -1))
    return json_fail (error, "machine_id", "not a machine id");
  if (!im_id_is_valid (type, -1) || strlen (type) > IM_ALARM_TYPE_MAX_LEN)
    return json_fail (error, "type", "not a type name");
  g_strlcpy (a.id, id, sizeof a.id);
  g_strlcpy (a.machine_id, machine_id, sizeof a.machine_id);
  g_strlcpy (a.type, type, sizeof a.type);

  if (!get_string_member (o, "kind", FALSE, &str, error))
    return FALSE;
  if (strcmp (str, "zone") == 0)
    a.kind = IM_ALARM_KIND_ZONE;
  else if (strcmp (str, "anomaly") == 0)
    a.kind = IM_ALARM_KIND_ANOMALY;
  else if (strcmp (str, "inactivity") == 0)
    a.kind = IM_ALARM_KIND_INACTIVITY;
  else if (strcmp (str, "pipeline") == 0)
    a.kind = IM_ALARM_KIND_PIPELINE;
  else
    return json_fail (error, "kind", "not zone, anomaly, inactivity or pipeline");

  node = json_object_get_member (o, "sensors");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return json_fail (error, "sensors", "not an array");
  sensors = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (sensors); i++)
    {
      JsonNode *element = json_array_get_element (sensors, i);
      gboolean found = FALSE;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return json_fail (error, "sensors", "not an array of sensor names");
      for (guint s = 0; s < IM_N_SENSORS; s++)
        {
          if (strcmp (json_node_get_string (element), im_sensor_to_string ((ImSensor) s)) == 0)
            {
              a.sensors |= 1u << s;
              found = TRUE;
            }
        }
      if (!found)
        return json_fail (error, "sensors", "an unknown sensor");
    }

  if (!get_string_member (o, "severity", FALSE, &str, error))
    return FALSE;
  if (!im_alarm_severity_from_string (str, &a.severity))
    return json_fail (error, "severity", "not critical, major, minor or warning");

  if (!get_string_member (o, "state", FALSE, &str, error))
    return FALSE;
  if (strcmp (str, "active") == 0)
    a.state = IM_ALARM_STATE_ACTIVE;
  else if (strcmp (str, "cleared") == 0)
    a.state = IM_ALARM_STATE_CLEARED;
  else
    return json_fail (error, "state", "not active or cleared");

  node = json_object_get_member (o, "acknowledged");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return json_fail (error, "acknowledged", "not true or false");
  a.acknowledged = json_node_get_boolean (node);
  if (!get_string_member (o, "ack_user", TRUE, &str, error) ||
      !get_time_member (o, "ack_at", TRUE, &a.ack_ns, error))
    return FALSE;
  if (a.acknowledged)
    {
      if (!im_alarm_user_is_valid (str))
        return json_fail (error, "ack_user", "not a user name");
      if (a.ack_ns == 0)
        return json_fail (error, "ack_at", "missing for an acknowledged alarm");
      g_strlcpy (a.ack_user, str, sizeof a.ack_user);
    }
  else
    a.ack_ns = 0;

  if (!get_time_member (o, "started_at", FALSE, &a.started_ns, error) ||
      !get_time_member (o, "raised_at", FALSE, &a.raised_ns, error) ||
      !get_time_member (o, "updated_at", FALSE, &a.updated_ns, error) ||
      !get_time_member (o, "cleared_at", a.state != IM_ALARM_STATE_CLEARED, &a.cleared_ns, error) ||
      !get_number_member (o, "value", TRUE, &a.value, error) ||
      !get_number_member (o, "peak", TRUE, &a.peak, error) ||
      !get_number_member (o, "threshold", TRUE, &a.threshold, error) ||
      !get_number_member (o, "count", FALSE, &number, error))
    return FALSE;
  if (a.state != IM_ALARM_STATE_CLEARED)
    a.cleared_ns = 0;
  if (number < 0 || number > G_MAXUINT || number != floor (number))
    return json_fail (error, "count", "not a whole number");
  a.count = (guint) number;

  *alarm = a;
  return TRUE;
}
