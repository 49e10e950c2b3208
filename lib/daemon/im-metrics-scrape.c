/* im-metrics-scrape.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-metrics-scrape"

#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "im-metrics-scrape.h"

gboolean
im_metrics_text_sum (const char *text,
                     const char *name,
                     double     *sum)
{
  gsize name_len;
  gboolean found = FALSE;
  double total = 0.0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (name != NULL && *name != '\0', FALSE);
  g_return_val_if_fail (sum != NULL, FALSE);

  name_len = strlen (name);
  for (const char *line = text; line != NULL && *line != '\0';)
    {
      const char *end = strchr (line, '\n');
      const char *p = line + name_len;

      if (*line != '#' && strncmp (line, name, name_len) == 0 && (*p == ' ' || *p == '{'))
        {
          /* Skip the labels (a quoted value may hold '}' or spaces). */
          if (*p == '{')
            {
              gboolean quoted = FALSE;

              for (p++; *p != '\0' && *p != '\n' && (quoted || *p != '}'); p++)
                {
                  if (*p == '\\' && quoted && p[1] != '\0')
                    p++;
                  else if (*p == '"')
                    quoted = !quoted;
                }
              if (*p == '}')
                p++;
            }
          while (*p == ' ')
            p++;
          {
            char *after = NULL;
            double value = g_ascii_strtod (p, &after);

            if (after != p && isfinite (value))
              {
                total += value;
                found = TRUE;
              }
          }
        }

      line = end != NULL ? end + 1 : NULL;
    }

  *sum = total;
  return found;
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (message);
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *uri = g_uri_to_string (soup_message_get_uri (message));

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: HTTP %u", uri, status);
      return;
    }

  g_task_return_pointer (task, g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)),
                         g_free);
}

void
im_metrics_fetch_async (const char          *url,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  SoupSession *session;
  g_autoptr(GTask) task = NULL;
  SoupMessage *message;

  g_return_if_fail (url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, im_metrics_fetch_async);

  message = soup_message_new (SOUP_METHOD_GET, url);
  if (message == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Not a URL: %s", url);
      return;
    }
  g_task_set_task_data (task, message, g_object_unref);

  /* The message keeps its session for as long as the request runs. */
  session = soup_session_new_with_options ("timeout", 5, NULL);
  g_object_set_data_full (G_OBJECT (message), "im-session", session, g_object_unref);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, cancellable,
                                    fetch_cb, g_steal_pointer (&task));
}

char *
im_metrics_fetch_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
