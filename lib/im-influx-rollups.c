/* im-influx-rollups.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-influx-rollups"

#include "config.h"

#include <string.h>

#include "im-config.h"
#include "im-influx-rollups.h"
#include "im-influxql.h"
#include "im-lib-resources.h"
#include "im-util.h"

#define DEFINITION_PATH "/org/industrialmind/lib/im-influx-rollups.influxql"

static const ImInfluxRollup rollups[] = {
  { "rollup_1m", "sensor_readings_1m", 60 * IM_NSEC_PER_SEC },
  { "rollup_1h", "sensor_readings_1h", 3600 * IM_NSEC_PER_SEC },
};

const ImInfluxRollup *
im_influx_rollups_get (guint *n_rollups)
{
  g_return_val_if_fail (n_rollups != NULL, NULL);

  *n_rollups = G_N_ELEMENTS (rollups);

  return rollups;
}

gboolean
im_influx_rollups_is_duration (const char *duration)
{
  static const char * const units[] = { "ns", "ms", "u", "µ", "s", "m", "h", "d", "w" };
  const char *p = duration;

  if (duration == NULL || *duration == '\0')
    return FALSE;

  if (g_ascii_strcasecmp (duration, "INF") == 0)
    return TRUE;

  while (*p != '\0')
    {
      gboolean found = FALSE;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;

      /* "ms" before "m", "ns" before nothing else: the longest unit. */
      for (guint i = 0; i < G_N_ELEMENTS (units) && !found; i++)
        {
          gsize len = strlen (units[i]);

          if (strncmp (p, units[i], len) == 0)
            {
              p += len;
              found = TRUE;
            }
        }

      if (!found)
        return FALSE;
    }

  return TRUE;
}

static char *
replace_all (const char *text,
             const char *placeholder,
             const char *value)
{
  g_auto(GStrv) parts = g_strsplit (text, placeholder, -1);

  return g_strjoinv (value, parts);
}

GPtrArray *
im_influx_rollups_statements (const char  *database,
                              const char  *raw_retention,
                              GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) db = g_string_new (NULL);
  g_autoptr(GString) statement = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (database != NULL && *database != '\0', NULL);
  g_return_val_if_fail (raw_retention != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!im_influx_rollups_is_duration (raw_retention))
    {
      g_set_error (error, IM_CONFIG_ERROR, IM_CONFIG_ERROR_INVALID,
                   "“%s” is no retention duration (e.g. 30d, 12w or INF)", raw_retention);
      return NULL;
    }

  bytes = g_resource_lookup_data (im_lib_get_resource (), DEFINITION_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);

  im_influxql_append_identifier (db, database);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gsize len;

      if (line[0] == '#' || (statement->len == 0 && *g_strstrip (lines[i]) == '\0'))
        continue;

      len = strlen (g_strchomp (lines[i]));
      if (statement->len > 0)
        g_string_append_c (statement, '\n');
      g_string_append (statement, line);

      if (len > 0 && line[len - 1] == ';')
        {
          g_autofree char *with_db = NULL;

          g_string_truncate (statement, statement->len - 1);
          with_db = replace_all (statement->str, "@DB@", db->str);
          g_ptr_array_add (statements, replace_all (with_db, "@RAW_RETENTION@", raw_retention));
          g_string_truncate (statement, 0);
        }
    }

  g_warn_if_fail (statement->len == 0);

  return g_steal_pointer (&statements);
}

gboolean
im_influx_rollups_create (ImInfluxClient  *client,
                          const char      *raw_retention,
                          GCancellable    *cancellable,
                          GError         **error)
{
  g_autoptr(GPtrArray) statements = NULL;

  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (client), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statements = im_influx_rollups_statements (im_influx_client_get_database (client),
                                             raw_retention, error);
  if (statements == NULL)
    return FALSE;

  for (guint i = 0; i < statements->len; i++)
    {
      const char *statement = g_ptr_array_index (statements, i);
      g_autoptr(ImInfluxResult) result = NULL;
      g_autoptr(GError) local_error = NULL;

      result = im_influx_client_query (client, statement, NULL, cancellable, &local_error);

      /* An existing policy with other settings: bring it to these. */
      if (result == NULL &&
          g_str_has_prefix (statement, "CREATE RETENTION POLICY") &&
          g_error_matches (local_error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_QUERY) &&
          strstr (local_error->message, "retention policy already exists") != NULL)
        {
          g_autofree char *alter = g_strconcat ("ALTER", statement + strlen ("CREATE"), NULL);

          g_clear_error (&local_error);
          result = im_influx_client_query (client, alter, NULL, cancellable, &local_error);
        }

      if (result == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "Creating the rollups: ");
          return FALSE;
        }
    }

  return TRUE;
}

/* Whether @cq writes into @rollup. */
static gboolean
writes_into (const char           *cq,
             const char           *database,
             const ImInfluxRollup *rollup)
{
  g_autoptr(GString) into = g_string_new ("INTO ");

  im_influxql_append_identifier (into, database);
  g_string_append_c (into, '.');
  im_influxql_append_identifier (into, rollup->retention_policy);
  g_string_append_c (into, '.');
  im_influxql_append_identifier (into, rollup->measurement);

  return strstr (cq, into->str) != NULL;
}

/* "… BEGIN SELECT … FROM … [WHERE …] GROUP BY … END" over a range. */
static char *
backfill_of (const char *cq,
             gint64      from_ns,
             gint64      to_ns)
{
  const char *begin = strstr (cq, "BEGIN");
  const char *end = g_strrstr (cq, "END");
  const char *group = g_strrstr (cq, "GROUP BY");
  const char *where;
  GString *q;

  g_return_val_if_fail (begin != NULL && end != NULL && group != NULL, NULL);
  g_return_val_if_fail (begin < group && group < end, NULL);

  begin += strlen ("BEGIN");
  where = g_strstr_len (begin, group - begin, "\nWHERE ");
  q = g_string_new_len (begin, group - begin);
  g_string_append_printf (q, "%s time >= %" G_GINT64_FORMAT " AND time < %" G_GINT64_FORMAT "\n",
                          where != NULL ? "AND" : "WHERE", from_ns, to_ns);
  g_string_append_len (q, group, end - group);

  return g_strstrip (g_string_free (q, FALSE));
}

GPtrArray *
im_influx_rollups_backfill_queries (const char *database,
                                    guint       index,
                                    gint64      from_ns,
                                    gint64      to_ns)
{
  g_autoptr(GPtrArray) statements = NULL;
  GPtrArray *queries;

  g_return_val_if_fail (database != NULL, NULL);
  g_return_val_if_fail (index < G_N_ELEMENTS (rollups), NULL);
  g_return_val_if_fail (from_ns <= to_ns, NULL);

  statements = im_influx_rollups_statements (database, IM_INFLUX_DEFAULT_RAW_RETENTION, NULL);
  g_return_val_if_fail (statements != NULL, NULL);

  queries = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < statements->len; i++)
    {
      const char *statement = g_ptr_array_index (statements, i);

      if (g_str_has_prefix (statement, "CREATE CONTINUOUS QUERY") &&
          writes_into (statement, database, &rollups[index]))
        g_ptr_array_add (queries, backfill_of (statement, from_ns, to_ns));
    }

  return queries;
}

gboolean
im_influx_rollups_backfill (ImInfluxClient  *client,
                            gint64           from_ns,
                            gint64           to_ns,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_return_val_if_fail (IM_IS_INFLUX_CLIENT (client), FALSE);
  g_return_val_if_fail (from_ns <= to_ns, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (rollups); i++)
    {
      gint64 window = rollups[i].window_ns;
      gint64 from = im_floor_div (from_ns, window) * window;
      gint64 to = (im_floor_div (to_ns - 1, window) + 1) * window;
      g_autoptr(GPtrArray) queries = NULL;

      queries = im_influx_rollups_backfill_queries (im_influx_client_get_database (client), i,
                                                    from, to);
      for (guint q = 0; q < queries->len; q++)
        {
          g_autoptr(ImInfluxResult) result = NULL;

          result = im_influx_client_query (client, g_ptr_array_index (queries, q), NULL,
                                           cancellable, error);
          if (result == NULL)
            return FALSE;
        }
    }

  return TRUE;
}
