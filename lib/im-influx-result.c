/* im-influx-result.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-influx-result"

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "im-influx-client-private.h"

struct _ImInfluxSeries
{
  const char  *name;
  const char **tags;        /* n_tags key, value pairs */
  const char **columns;
  GArray      *values;      /* ImInfluxValue, row after row */
  guint        n_tags;
  guint        n_columns;
  guint        n_rows;
  guint        statement;
};

struct _ImInfluxResult
{
  gatomicrefcount  ref_count;
  /* Every string of the result, each stored once. */
  GStringChunk    *strings;
  GPtrArray       *series;
};

G_DEFINE_BOXED_TYPE (ImInfluxResult, im_influx_result,
                     im_influx_result_ref, im_influx_result_unref)

static void
series_free (gpointer data)
{
  ImInfluxSeries *series = data;

  g_free (series->tags);
  g_free (series->columns);
  g_array_unref (series->values);
  g_free (series);
}

static ImInfluxResult *
result_new (void)
{
  ImInfluxResult *self = g_new0 (ImInfluxResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->strings = g_string_chunk_new (4096);
  self->series = g_ptr_array_new_with_free_func (series_free);

  return self;
}

ImInfluxResult *
im_influx_result_ref (ImInfluxResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
im_influx_result_unref (ImInfluxResult *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_ptr_array_unref (self->series);
      g_string_chunk_free (self->strings);
      g_free (self);
    }
}

guint
im_influx_result_get_n_series (ImInfluxResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->series->len;
}

const ImInfluxSeries *
im_influx_result_get_series (ImInfluxResult *self,
                             guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->series->len, NULL);

  return g_ptr_array_index (self->series, index);
}

const char *
im_influx_series_get_name (const ImInfluxSeries *series)
{
  g_return_val_if_fail (series != NULL, NULL);

  return series->name;
}

guint
im_influx_series_get_statement (const ImInfluxSeries *series)
{
  g_return_val_if_fail (series != NULL, 0);

  return series->statement;
}

guint
im_influx_series_get_n_tags (const ImInfluxSeries *series)
{
  g_return_val_if_fail (series != NULL, 0);

  return series->n_tags;
}

const char *
im_influx_series_get_tag_key (const ImInfluxSeries *series,
                              guint                 index)
{
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (index < series->n_tags, NULL);

  return series->tags[2 * index];
}

const char *
im_influx_series_get_tag_value (const ImInfluxSeries *series,
                                guint                 index)
{
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (index < series->n_tags, NULL);

  return series->tags[2 * index + 1];
}

const char *
im_influx_series_get_tag (const ImInfluxSeries *series,
                          const char           *key)
{
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < series->n_tags; i++)
    {
      if (strcmp (series->tags[2 * i], key) == 0)
        return series->tags[2 * i + 1];
    }

  return NULL;
}

guint
im_influx_series_get_n_columns (const ImInfluxSeries *series)
{
  g_return_val_if_fail (series != NULL, 0);

  return series->n_columns;
}

const char *
im_influx_series_get_column_name (const ImInfluxSeries *series,
                                  guint                 column)
{
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (column < series->n_columns, NULL);

  return series->columns[column];
}

int
im_influx_series_find_column (const ImInfluxSeries *series,
                              const char           *name)
{
  g_return_val_if_fail (series != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < series->n_columns; i++)
    {
      if (strcmp (series->columns[i], name) == 0)
        return (int) i;
    }

  return -1;
}

guint
im_influx_series_get_n_rows (const ImInfluxSeries *series)
{
  g_return_val_if_fail (series != NULL, 0);

  return series->n_rows;
}

const ImInfluxValue *
im_influx_series_get_value (const ImInfluxSeries *series,
                            guint                 row,
                            guint                 column)
{
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (row < series->n_rows, NULL);
  g_return_val_if_fail (column < series->n_columns, NULL);

  return &g_array_index (series->values, ImInfluxValue,
                         (gsize) row * series->n_columns + column);
}

double
im_influx_series_get_double (const ImInfluxSeries *series,
                             guint                 row,
                             guint                 column)
{
  const ImInfluxValue *value;

  g_return_val_if_fail (series != NULL, NAN);
  g_return_val_if_fail (row < series->n_rows, NAN);
  g_return_val_if_fail (column < series->n_columns, NAN);

  value = &g_array_index (series->values, ImInfluxValue,
                          (gsize) row * series->n_columns + column);

  switch (value->type)
    {
    case IM_INFLUX_VALUE_FLOAT:
      return value->f;

    case IM_INFLUX_VALUE_INTEGER:
      return (double) value->i;

    case IM_INFLUX_VALUE_NULL:
    case IM_INFLUX_VALUE_STRING:
    case IM_INFLUX_VALUE_BOOLEAN:
    default:
      return NAN;
    }
}

/* Building a result from the JSON answer. */

struct _ImInfluxResultBuilder
{
  ImInfluxResult *result;
  JsonParser     *parser;
  /* The document being received, when it spans several pieces or a
   * number in it had to be rewritten. */
  GString        *doc;
  GError         *error;
  /* A series marked "partial": the next chunk continues it. */
  ImInfluxSeries *open_series;
  guint           n_documents;

  /* Scanner state, kept across pieces. */
  guint           depth;
  guint           in_string : 1;
  guint           escaped : 1;
  guint           in_number : 1;
  guint           number_integral : 1;
  guint           number_negative : 1;
  guint           number_digits;
  char            number_text[19];
};

ImInfluxResultBuilder *
im_influx_result_builder_new (void)
{
  ImInfluxResultBuilder *self = g_new0 (ImInfluxResultBuilder, 1);

  self->result = result_new ();
  self->parser = json_parser_new_immutable ();
  self->doc = g_string_new (NULL);

  return self;
}

void
im_influx_result_builder_free (ImInfluxResultBuilder *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->result, im_influx_result_unref);
  g_clear_object (&self->parser);
  g_string_free (self->doc, TRUE);
  g_clear_error (&self->error);
  g_free (self);
}

static gboolean
fail (ImInfluxResultBuilder *self,
      GError               **error,
      int                    code,
      const char            *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (ImInfluxResultBuilder *self,
      GError               **error,
      int                    code,
      const char            *format,
      ...)
{
  va_list args;

  va_start (args, format);
  self->error = g_error_new_valist (IM_INFLUX_ERROR, code, format, args);
  va_end (args);

  if (error != NULL)
    *error = g_error_copy (self->error);

  return FALSE;
}

static const char *
node_type_name (JsonNode *node)
{
  if (node == NULL)
    return "nothing";

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      return json_node_type_name (node);
    }
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL &&
         JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static const char *
intern (ImInfluxResult *result,
        JsonNode       *node)
{
  return g_string_chunk_insert_const (result->strings, json_node_get_string (node));
}

static gboolean
strings_equal (const char **a,
               const char **b,
               guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      /* Interned: equal strings are the same pointer. */
      if (a[i] != b[i])
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_value (ImInfluxResult *result,
            JsonNode       *node,
            ImInfluxValue  *value)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      value->type = IM_INFLUX_VALUE_NULL;
      value->i = 0;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);

  if (type == G_TYPE_DOUBLE)
    {
      value->type = IM_INFLUX_VALUE_FLOAT;
      value->f = json_node_get_double (node);
    }
  else if (type == G_TYPE_INT64)
    {
      value->type = IM_INFLUX_VALUE_INTEGER;
      value->i = json_node_get_int (node);
    }
  else if (type == G_TYPE_STRING)
    {
      value->type = IM_INFLUX_VALUE_STRING;
      value->s = intern (result, node);
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      value->type = IM_INFLUX_VALUE_BOOLEAN;
      value->b = json_node_get_boolean (node);
    }
  else
    {
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_series (ImInfluxResultBuilder  *self,
             JsonNode               *series_node,
             guint                   statement,
             GError                **error)
{
  ImInfluxResult *result = self->result;
  g_autofree const char **tags = NULL;
  g_autofree const char **columns = NULL;
  ImInfluxSeries *series;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  JsonArray *rows = NULL;
  const char *name = "";
  guint n_tags = 0;
  guint n_columns = 0;
  guint n_rows = 0;
  gboolean partial = FALSE;
  ImInfluxValue *values;

  if (!JSON_NODE_HOLDS_OBJECT (series_node))
    return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                 "a series is %s, not an object", node_type_name (series_node));
  object = json_node_get_object (series_node);

  if ((node = json_object_get_member (object, "name")) != NULL)
    {
      if (!node_is_string (node))
        return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                     "series name is %s, not a string", node_type_name (node));
      name = intern (result, node);
    }
  else
    {
      name = g_string_chunk_insert_const (result->strings, "");
    }

  if ((node = json_object_get_member (object, "tags")) != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *tag_value;
      guint i = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                     "series tags are %s, not an object", node_type_name (node));

      n_tags = json_object_get_size (json_node_get_object (node));
      tags = g_new (const char *, 2 * n_tags + 1);

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &key, &tag_value))
        {
          if (!node_is_string (tag_value))
            return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                         "tag %s is %s, not a string", key, node_type_name (tag_value));
          tags[i++] = g_string_chunk_insert_const (result->strings, key);
          tags[i++] = intern (result, tag_value);
        }
      g_assert (i == 2 * n_tags);
    }

  if ((node = json_object_get_member (object, "columns")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                 "series columns are %s, not an array", node_type_name (node));

  array = json_node_get_array (node);
  n_columns = json_array_get_length (array);
  columns = g_new (const char *, n_columns + 1);
  for (guint i = 0; i < n_columns; i++)
    {
      JsonNode *column = json_array_get_element (array, i);

      if (!node_is_string (column))
        return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                     "column %u is %s, not a string", i, node_type_name (column));
      columns[i] = intern (result, column);
    }

  if ((node = json_object_get_member (object, "values")) != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                     "series values are %s, not an array", node_type_name (node));
      rows = json_node_get_array (node);
      n_rows = json_array_get_length (rows);
    }

  if ((node = json_object_get_member (object, "partial")) != NULL &&
      JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    partial = json_node_get_boolean (node);

  /* The continuation of the previous chunk's last series? */
  series = self->open_series;
  if (series != NULL &&
      (series->statement != statement ||
       series->name != name ||
       series->n_tags != n_tags ||
       series->n_columns != n_columns ||
       !strings_equal (series->tags, tags, 2 * n_tags) ||
       !strings_equal (series->columns, columns, n_columns)))
    series = NULL;

  if (series == NULL)
    {
      series = g_new0 (ImInfluxSeries, 1);
      series->name = name;
      series->statement = statement;
      series->n_tags = n_tags;
      series->tags = g_steal_pointer (&tags);
      series->n_columns = n_columns;
      series->columns = g_steal_pointer (&columns);
      series->values = g_array_sized_new (FALSE, FALSE, sizeof (ImInfluxValue),
                                          n_rows * n_columns);
      g_ptr_array_add (result->series, series);
    }

  self->open_series = partial ? series : NULL;

  if (n_rows == 0)
    return TRUE;

  g_array_set_size (series->values, (series->n_rows + n_rows) * n_columns);
  values = &g_array_index (series->values, ImInfluxValue, (gsize) series->n_rows * n_columns);

  for (guint r = 0; r < n_rows; r++)
    {
      JsonNode *row_node = json_array_get_element (rows, r);
      JsonArray *row;

      if (!JSON_NODE_HOLDS_ARRAY (row_node) ||
          json_array_get_length (row = json_node_get_array (row_node)) != n_columns)
        {
          g_array_set_size (series->values, series->n_rows * n_columns);
          return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                       "row %u of series “%s” is not an array of %u values",
                       series->n_rows + r, name, n_columns);
        }

      for (guint c = 0; c < n_columns; c++)
        {
          JsonNode *value_node = json_array_get_element (row, c);

          if (!read_value (result, value_node, values++))
            {
              g_array_set_size (series->values, series->n_rows * n_columns);
              return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                           "value %u of row %u of series “%s” is %s",
                           c, series->n_rows + r, name, node_type_name (value_node));
            }
        }
    }

  series->n_rows += n_rows;

  return TRUE;
}

static gboolean
read_document (ImInfluxResultBuilder  *self,
               const char             *text,
               gsize                   len,
               GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *root;
  JsonNode *node;
  JsonArray *results;
  guint n_results;

  self->n_documents++;

  if (!json_parser_load_from_data (self->parser, text, len, &local_error))
    return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                 "the answer is not valid JSON: %s", local_error->message);

  root = json_parser_get_root (self->parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                 "the answer is %s, not a JSON object", node_type_name (root));
  object = json_node_get_object (root);

  if ((node = json_object_get_member (object, "error")) != NULL && node_is_string (node))
    return fail (self, error, IM_INFLUX_ERROR_QUERY, "%s", json_node_get_string (node));

  if ((node = json_object_get_member (object, "results")) == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                 "“results” in the answer is %s, not an array", node_type_name (node));

  results = json_node_get_array (node);
  n_results = json_array_get_length (results);

  for (guint i = 0; i < n_results; i++)
    {
      JsonNode *result_node = json_array_get_element (results, i);
      JsonObject *result;
      JsonArray *series;
      guint statement = i;
      guint n_series;

      if (!JSON_NODE_HOLDS_OBJECT (result_node))
        return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                     "a result is %s, not an object", node_type_name (result_node));
      result = json_node_get_object (result_node);

      if ((node = json_object_get_member (result, "statement_id")) != NULL &&
          JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_INT64)
        statement = (guint) CLAMP (json_node_get_int (node), 0, G_MAXUINT);

      if ((node = json_object_get_member (result, "error")) != NULL && !JSON_NODE_HOLDS_NULL (node))
        return fail (self, error, IM_INFLUX_ERROR_QUERY, "%s",
                     node_is_string (node) ? json_node_get_string (node) : "statement failed");

      if ((node = json_object_get_member (result, "series")) == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                     "“series” is %s, not an array", node_type_name (node));

      series = json_node_get_array (node);
      n_series = json_array_get_length (series);
      for (guint s = 0; s < n_series; s++)
        {
          if (!read_series (self, json_array_get_element (series, s), statement, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* JSON integers that do not fit a gint64 come from float fields (Go
 * writes floats below 1e21 without exponent), and so does "-0". JSON-GLib
 * would wrap the former and lose the sign of the latter: they get a
 * ".0" so that they read as the doubles they are. */
static gboolean
number_needs_fraction (ImInfluxResultBuilder *self)
{
  if (!self->number_integral)
    return FALSE;

  if (self->number_negative && self->number_digits == 1 && self->number_text[0] == '0')
    return TRUE;

  if (self->number_digits != 19)
    return self->number_digits > 19;

  return memcmp (self->number_text,
                 self->number_negative ? "9223372036854775808" : "9223372036854775807",
                 19) > 0;
}

gboolean
im_influx_result_builder_feed (ImInfluxResultBuilder  *self,
                               const char             *data,
                               gsize                   len,
                               GError                **error)
{
  const char *end = data + len;
  const char *span = data;   /* received, not yet copied into self->doc */

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  for (const char *p = data; p < end; p++)
    {
      char c = *p;

      if (self->in_number)
        {
          if (c >= '0' && c <= '9')
            {
              if (self->number_digits < sizeof self->number_text)
                self->number_text[self->number_digits] = c;
              self->number_digits++;
              continue;
            }

          if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')
            {
              self->number_integral = FALSE;
              continue;
            }

          self->in_number = FALSE;
          if (number_needs_fraction (self))
            {
              g_string_append_len (self->doc, span, p - span);
              g_string_append_len (self->doc, ".0", 2);
              span = p;
            }
        }

      if (self->in_string)
        {
          if (self->escaped)
            self->escaped = FALSE;
          else if (c == '\\')
            self->escaped = TRUE;
          else if (c == '"')
            self->in_string = FALSE;
          continue;
        }

      if (self->depth == 0)
        {
          /* Between documents: blanks, then an object or array. */
          if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            {
              span = p + 1;
              continue;
            }

          if (c != '{' && c != '[')
            return fail (self, error, IM_INFLUX_ERROR_PROTOCOL,
                         "the answer is not JSON (found “%c” at %u)",
                         g_ascii_isprint (c) ? c : '?', (guint) (p - data));
        }

      switch (c)
        {
        case '"':
          self->in_string = TRUE;
          break;

        case '{':
        case '[':
          self->depth++;
          break;

        case '}':
        case ']':
          if (--self->depth == 0)
            {
              gboolean ok;

              /* Parse in place when the whole document is in this piece. */
              if (self->doc->len == 0)
                {
                  ok = read_document (self, span, p + 1 - span, error);
                }
              else
                {
                  g_string_append_len (self->doc, span, p + 1 - span);
                  ok = read_document (self, self->doc->str, self->doc->len, error);
                  g_string_truncate (self->doc, 0);
                }

              span = p + 1;
              if (!ok)
                return FALSE;
            }
          break;

        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          self->in_number = TRUE;
          self->number_integral = TRUE;
          self->number_negative = c == '-';
          self->number_digits = 0;
          if (c != '-')
            self->number_text[self->number_digits++] = c;
          break;

        default:
          break;
        }
    }

  if (span < end)
    g_string_append_len (self->doc, span, end - span);

  return TRUE;
}

ImInfluxResult *
im_influx_result_builder_finish (ImInfluxResultBuilder  *self,
                                 GError                **error)
{
  ImInfluxResult *result = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->error != NULL)
    g_propagate_error (error, g_error_copy (self->error));
  else if (self->depth != 0)
    g_set_error (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PROTOCOL,
                 "the answer ends inside a JSON document (%" G_GSIZE_FORMAT " bytes pending)",
                 self->doc->len);
  else if (self->n_documents == 0)
    g_set_error_literal (error, IM_INFLUX_ERROR, IM_INFLUX_ERROR_PROTOCOL,
                         "the answer is empty");
  else
    result = g_steal_pointer (&self->result);

  im_influx_result_builder_free (self);

  return result;
}

ImInfluxResult *
im_influx_result_new_from_json (const char  *data,
                                gsize        len,
                                GError     **error)
{
  ImInfluxResultBuilder *builder;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  builder = im_influx_result_builder_new ();
  if (!im_influx_result_builder_feed (builder, data, len, error))
    {
      im_influx_result_builder_free (builder);
      return NULL;
    }

  return im_influx_result_builder_finish (builder, error);
}
