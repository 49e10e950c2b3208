/* test-alarm.c — the alarm record, acknowledgements and their encodings
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "im-alarm.h"
#include "im-util.h"

static gint64
ts (const char *str)
{
  gint64 ns = 0;

  g_assert_true (im_timestamp_parse (str, strlen (str), &ns));
  return ns;
}

static void
zone_alarm (ImAlarm *a)
{
  memset (a, 0, sizeof *a);
  g_strlcpy (a->machine_id, "MACHINE_001", sizeof a->machine_id);
  g_strlcpy (a->type, "zone_temperature", sizeof a->type);
  a->kind = IM_ALARM_KIND_ZONE;
  a->sensors = 1u << IM_SENSOR_TEMPERATURE;
  a->severity = IM_ALARM_SEVERITY_CRITICAL;
  a->state = IM_ALARM_STATE_ACTIVE;
  a->started_ns = ts ("2026-11-28T07:00:00Z");
  a->raised_ns = ts ("2026-11-28T07:00:30Z");
  a->updated_ns = ts ("2026-11-28T07:01:10.5Z");
  a->value = 86.25;
  a->peak = 91.2;
  a->threshold = 85.0;
  a->count = 2;
  im_alarm_set_id (a);
}

static void
test_severity_ne107 (void)
{
  static const struct {
    ImAlarmSeverity severity;
    const char     *name;
    const char     *ne107;
    const char     *letter;
  } table[] = {
    { IM_ALARM_SEVERITY_CRITICAL, "critical", "failure", "F" },
    { IM_ALARM_SEVERITY_MAJOR, "major", "function_check", "C" },
    { IM_ALARM_SEVERITY_MINOR, "minor", "out_of_specification", "S" },
    { IM_ALARM_SEVERITY_WARNING, "warning", "maintenance_required", "M" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      ImAlarmSeverity parsed = IM_N_ALARM_SEVERITIES;
      ImNe107Status status = im_alarm_severity_to_ne107 (table[i].severity);

      g_assert_cmpstr (im_alarm_severity_to_string (table[i].severity), ==, table[i].name);
      g_assert_true (im_alarm_severity_from_string (table[i].name, &parsed));
      g_assert_cmpint (parsed, ==, table[i].severity);
      g_assert_cmpstr (im_ne107_status_to_string (status), ==, table[i].ne107);
      g_assert_cmpstr (im_ne107_status_to_letter (status), ==, table[i].letter);
    }

  /* Severities rank as NE 107's signals do: F > C > S > M. */
  g_assert_cmpint (IM_ALARM_SEVERITY_CRITICAL, >, IM_ALARM_SEVERITY_MAJOR);
  g_assert_cmpint (IM_ALARM_SEVERITY_MAJOR, >, IM_ALARM_SEVERITY_MINOR);
  g_assert_cmpint (IM_ALARM_SEVERITY_MINOR, >, IM_ALARM_SEVERITY_WARNING);
  g_assert_false (im_alarm_severity_from_string ("Critical", NULL));
  g_assert_false (im_alarm_severity_from_string ("", NULL));
}

static void
test_id (void)
{
  ImAlarm a, b;

  zone_alarm (&a);
  g_assert_cmpuint (strlen (a.id), ==, IM_ALARM_ID_LEN);
  for (const char *p = a.id; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));

  /* Only machine, type, sensors and start make the id: an update keeps it. */
  b = a;
  b.peak = 99.0;
  b.count = 7;
  b.state = IM_ALARM_STATE_CLEARED;
  b.severity = IM_ALARM_SEVERITY_WARNING;
  im_alarm_set_id (&b);
  g_assert_cmpstr (a.id, ==, b.id);

  b = a;
  b.started_ns += 1;
  im_alarm_set_id (&b);
  g_assert_cmpstr (a.id, !=, b.id);

  b = a;
  g_strlcpy (b.machine_id, "MACHINE_002", sizeof b.machine_id);
  im_alarm_set_id (&b);
  g_assert_cmpstr (a.id, !=, b.id);

  b = a;
  g_strlcpy (b.type, "zone_power", sizeof b.type);
  im_alarm_set_id (&b);
  g_assert_cmpstr (a.id, !=, b.id);

  b = a;
  b.sensors |= 1u << IM_SENSOR_VIBRATION;
  im_alarm_set_id (&b);
  g_assert_cmpstr (a.id, !=, b.id);
}

static void
test_json (void)
{
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  ImAlarm a;
  JsonObject *o;

  zone_alarm (&a);
  json = im_alarm_to_json (&a);
  expected = g_strdup_printf (
    "{\"schema_version\":1,\"id\":\"%s\",\"machine_id\":\"MACHINE_001\","
    "\"type\":\"zone_temperature\",\"kind\":\"zone\",\"sensors\":[\"temperature\"],"
    "\"severity\":\"critical\",\"ne107\":\"failure\",\"state\":\"active\","
    "\"acknowledged\":false,\"ack_user\":null,\"ack_at\":null,"
    "\"started_at\":\"2026-11-28T07:00:00.000000000Z\","
    "\"raised_at\":\"2026-11-28T07:00:30.000000000Z\","
    "\"updated_at\":\"2026-11-28T07:01:10.500000000Z\",\"cleared_at\":null,"
    "\"value\":86.25,\"peak\":91.2,\"threshold\":85,\"count\":2,"
    "\"message\":\"Temperature above 85 °C (critical): 86.25 °C when raised, peak 91.2 °C\"}",
    a.id);
  g_assert_cmpstr (json, ==, expected);

  /* Byte-identical for the same alarm. */
  again = im_alarm_to_json (&a);
  g_assert_cmpstr (json, ==, again);

  /* Cleared and acknowledged by a name that needs escaping. */
  a.state = IM_ALARM_STATE_CLEARED;
  a.cleared_ns = ts ("2026-11-28T07:05:00Z");
  a.acknowledged = TRUE;
  a.ack_ns = ts ("2026-11-28T07:02:00Z");
  g_strlcpy (a.ack_user, "Zoë \"night shift\" \\ B", sizeof a.ack_user);
  g_free (json);
  json = im_alarm_to_json (&a);

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "cleared");
  g_assert_true (json_object_get_boolean_member (o, "acknowledged"));
  g_assert_cmpstr (json_object_get_string_member (o, "ack_user"), ==, "Zoë \"night shift\" \\ B");
  g_assert_cmpstr (json_object_get_string_member (o, "ack_at"), ==, "2026-11-28T07:02:00.000000000Z");
  g_assert_cmpstr (json_object_get_string_member (o, "cleared_at"), ==, "2026-11-28T07:05:00.000000000Z");
  g_assert_cmpfloat (json_object_get_double_member (o, "peak"), ==, 91.2);
}

static void
test_messages (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  ImAlarm a;

  zone_alarm (&a);
  g_strlcpy (a.type, "zone_pressure", sizeof a.type);
  a.sensors = 1u << IM_SENSOR_PRESSURE;
  a.severity = IM_ALARM_SEVERITY_WARNING;
  a.value = 38.5;
  a.peak = 36.125;
  a.threshold = 40.0;
  im_alarm_append_message (&a, out);
  g_assert_cmpstr (out->str, ==, "Pressure below 40 PSI (warning): 38.5 PSI when raised, peak 36.13 PSI");

  memset (&a, 0, sizeof a);
  a.kind = IM_ALARM_KIND_ANOMALY;
  g_strlcpy (a.type, "anomaly_multi_sensor", sizeof a.type);
  a.sensors = (1u << IM_SENSOR_TEMPERATURE) | (1u << IM_SENSOR_VIBRATION);
  a.value = 0.81;
  a.peak = 0.9349;
  a.count = 3;
  g_string_truncate (out, 0);
  im_alarm_append_message (&a, out);
  g_assert_cmpstr (out->str, ==,
                   "Anomaly multi_sensor on temperature,vibration: score 0.81, peak 0.93, 3 events");

  memset (&a, 0, sizeof a);
  a.kind = IM_ALARM_KIND_INACTIVITY;
  g_strlcpy (a.type, "inactivity", sizeof a.type);
  a.threshold = 10;
  a.value = 10;
  a.peak = 42.5;
  g_string_truncate (out, 0);
  im_alarm_append_message (&a, out);
  g_assert_cmpstr (out->str, ==, "No reading for 42.5 s (limit 10 s)");

  memset (&a, 0, sizeof a);
  a.kind = IM_ALARM_KIND_PIPELINE;
  g_strlcpy (a.type, "pipeline_dead_letter_rate", sizeof a.type);
  a.threshold = 1;
  a.value = 2.5;
  a.peak = 4;
  g_string_truncate (out, 0);
  im_alarm_append_message (&a, out);
  g_assert_cmpstr (out->str, ==, "Dead-letter rate 2.5/s (limit 1/s), peak 4/s");
}

static void
test_line_protocol (void)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  ImAlarm a;

  zone_alarm (&a);
  g_assert_true (im_alarm_append_line_protocol (&a, buf, &error));
  g_assert_no_error (error);
  expected = g_strdup_printf (
    "alarms,machine_id=MACHINE_001,type=zone_temperature id=\"%s\",kind=\"zone\","
    "sensors=\"temperature\",severity=\"critical\",ne107=\"F\",state=\"active\","
    "acknowledged=false,raised_at=%" G_GINT64_FORMAT "i,updated_at=%" G_GINT64_FORMAT "i,"
    "value=86.25,peak=91.2,threshold=85,count=2i,"
    "message=\"Temperature above 85 °C (critical): 86.25 °C when raised, peak 91.2 °C\" "
    "%" G_GINT64_FORMAT "\n",
    a.id, a.raised_ns, a.updated_ns, a.started_ns);
  g_assert_cmpstr (buf->str, ==, expected);

  /* Escalated, acknowledged and cleared: the same tags and time, so the
   * same point, rewritten. */
  a.severity = IM_ALARM_SEVERITY_CRITICAL;
  a.acknowledged = TRUE;
  a.ack_ns = a.updated_ns + 1;
  g_strlcpy (a.ack_user, "o\"neil", sizeof a.ack_user);
  a.state = IM_ALARM_STATE_CLEARED;
  a.cleared_ns = a.updated_ns + 2;
  g_string_truncate (buf, 0);
  g_assert_true (im_alarm_append_line_protocol (&a, buf, &error));
  g_assert_true (g_str_has_prefix (buf->str, "alarms,machine_id=MACHINE_001,type=zone_temperature "));
  g_assert_nonnull (strstr (buf->str, ",acknowledged=true,ack_user=\"o\\\"neil\",ack_at="));
  g_assert_nonnull (strstr (buf->str, ",state=\"cleared\","));
  g_free (expected);
  expected = g_strdup_printf (",cleared_at=%" G_GINT64_FORMAT "i,", a.cleared_ns);
  g_assert_nonnull (strstr (buf->str, expected));
  g_free (expected);
  expected = g_strdup_printf (" %" G_GINT64_FORMAT "\n", a.started_ns);
  g_assert_true (g_str_has_suffix (buf->str, expected));

  /* An anomaly has no threshold: the field is left out. */
  a.kind = IM_ALARM_KIND_ANOMALY;
  a.threshold = NAN;
  g_string_truncate (buf, 0);
  g_assert_true (im_alarm_append_line_protocol (&a, buf, &error));
  g_assert_null (strstr (buf->str, "threshold="));
}

static void
test_ack (void)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  ImAlarmAck ack, early, late, other;
  ImAlarm a, b;

  zone_alarm (&a);

  g_assert_false (im_alarm_ack_init (&ack, "XYZ", "MACHINE_001", "ann", 1, &error));
  g_assert_error (error, IM_ALARM_ERROR, IM_ALARM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "alarm id"));
  g_clear_error (&error);
  g_assert_false (im_alarm_ack_init (&ack, a.id, "bad id", "ann", 1, &error));
  g_assert_nonnull (strstr (error->message, "machine id"));
  g_clear_error (&error);
  g_assert_false (im_alarm_ack_init (&ack, a.id, "MACHINE_001", "", 1, &error));
  g_assert_nonnull (strstr (error->message, "user name"));
  g_clear_error (&error);
  g_assert_false (im_alarm_ack_init (&ack, a.id, "MACHINE_001", "two\nlines", 1, &error));
  g_clear_error (&error);
  g_assert_false (im_alarm_user_is_valid ("\xff"));
  g_assert_true (im_alarm_user_is_valid ("Zoë O'Neil"));

  g_assert_true (im_alarm_ack_init (&ack, a.id, "MACHINE_001", "Zoë \"Z\"",
                                    ts ("2026-11-28T07:02:00Z"), &error));
  g_assert_no_error (error);
  g_assert_true (im_alarm_ack_append_line_protocol (&ack, buf, &error));
  expected = g_strdup_printf ("alarm_acks,machine_id=MACHINE_001 alarm_id=\"%s\","
                              "user=\"Zoë \\\"Z\\\"\" %" G_GINT64_FORMAT "\n",
                              a.id, ts ("2026-11-28T07:02:00Z"));
  g_assert_cmpstr (buf->str, ==, expected);

  /* The earliest acknowledgement wins, in whatever order they come. */
  g_assert_true (im_alarm_ack_init (&early, a.id, "MACHINE_001", "ann", 100, NULL));
  g_assert_true (im_alarm_ack_init (&late, a.id, "MACHINE_001", "bob", 200, NULL));
  b = a;
  g_assert_true (im_alarm_apply_ack (&a, &early));
  g_assert_false (im_alarm_apply_ack (&a, &late));
  g_assert_true (im_alarm_apply_ack (&b, &late));
  g_assert_true (im_alarm_apply_ack (&b, &early));
  g_assert_true (a.acknowledged && b.acknowledged);
  g_assert_cmpstr (a.ack_user, ==, "ann");
  g_assert_cmpstr (b.ack_user, ==, "ann");
  g_assert_cmpint (a.ack_ns, ==, 100);
  g_assert_cmpint (b.ack_ns, ==, 100);
  g_assert_cmpint (memcmp (&a, &b, sizeof a), ==, 0);
  /* A redelivered acknowledgement changes nothing. */
  g_assert_false (im_alarm_apply_ack (&a, &early));

  /* Another alarm's acknowledgement does not apply. */
  zone_alarm (&b);
  b.started_ns += 1;
  im_alarm_set_id (&b);
  g_assert_true (im_alarm_ack_init (&other, b.id, "MACHINE_001", "ann", 50, NULL));
  g_assert_false (im_alarm_apply_ack (&a, &other));
  g_assert_cmpint (a.ack_ns, ==, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/alarm/severity-ne107", test_severity_ne107);
  g_test_add_func ("/alarm/id", test_id);
  g_test_add_func ("/alarm/json", test_json);
  g_test_add_func ("/alarm/messages", test_messages);
  g_test_add_func ("/alarm/line-protocol", test_line_protocol);
  g_test_add_func ("/alarm/ack", test_ack);

  return g_test_run ();
}
