/* im-fake-source.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "im-fake-source.h"

struct _ImFakeSource
{
  GObject  parent_instance;

  guint    n_started;
  guint    n_cancelled;
  guint    n_pending;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ERROR_MESSAGE,
};

static void data_source_iface_init (ImDataSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ImFakeSource, im_fake_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (IM_TYPE_DATA_SOURCE,
                                                      data_source_iface_init))

static gboolean
return_cancelled (gpointer data)
{
  GTask *task = data;
  ImFakeSource *self = g_task_get_source_object (task);

  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "handler"));

  self->n_cancelled++;
  self->n_pending--;
  /* Breaks the task -> cancellable -> handler -> task cycle. */
  g_cancellable_disconnect (g_task_get_cancellable (task), handler);
  g_task_return_error_if_cancelled (task);

  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  /* Not from inside g_cancellable_cancel(): from the main loop. */
  g_idle_add_full (G_PRIORITY_DEFAULT, return_cancelled, g_object_ref (data), g_object_unref);
}

static void
im_fake_source_run (ImDataSource *source,
                    GTask        *task)
{
  ImFakeSource *self = IM_FAKE_SOURCE (source);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gulong handler;

  g_assert_nonnull (cancellable);
  self->n_started++;
  self->n_pending++;
  handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                   g_object_ref (task), g_object_unref);
  g_object_set_data (G_OBJECT (task), "handler", GSIZE_TO_POINTER (handler));
  g_object_unref (task);
}

static void
data_source_iface_init (ImDataSourceInterface *iface)
{
  iface->run = im_fake_source_run;
}

static void
im_fake_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, "Hanging backend");
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_fake_source_class_init (ImFakeSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = im_fake_source_get_property;

  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_ERROR_MESSAGE, "error-message");
}

static void
im_fake_source_init (ImFakeSource *self)
{
}

ImFakeSource *
im_fake_source_new (void)
{
  return g_object_new (IM_TYPE_FAKE_SOURCE, NULL);
}

guint
im_fake_source_get_n_started (ImFakeSource *self)
{
  return self->n_started;
}

guint
im_fake_source_get_n_cancelled (ImFakeSource *self)
{
  return self->n_cancelled;
}

guint
im_fake_source_get_n_pending (ImFakeSource *self)
{
  return self->n_pending;
}
