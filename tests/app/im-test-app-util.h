/* im-test-app-util.h — waiting for asynchronous results in app tests.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "im-demo-source.h"

G_BEGIN_DECLS

/* A GAsyncReadyCallback that stores the result in *(GAsyncResult **) user_data. */
static inline void
im_test_store_result (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/* Iterates the default main context until *@result is set, failing the
 * test after @timeout_s seconds. */
static inline void
im_test_wait_result (GAsyncResult **result,
                     guint          timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("No result after %u s", timeout_s);
      g_main_context_iteration (NULL, FALSE);
      if (*result == NULL)
        g_usleep (1000);
    }
}

typedef gboolean (*ImTestCondition) (gpointer data);

/* Iterates the default main context until @condition holds; FALSE on
 * timeout. */
static inline gboolean
im_test_wait_until (ImTestCondition condition,
                    gpointer        data,
                    guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

/* A demo fleet that never breaks down: every machine sends a reading
 * each second, whenever the test runs. */
static inline ImDemoSource *
im_test_demo_source_new (guint n_machines)
{
  return g_object_new (IM_TYPE_DEMO_SOURCE,
                       "n-machines", n_machines,
                       "mean-time-to-failure-ns", G_MAXINT64 / 4,
                       NULL);
}

G_END_DECLS
