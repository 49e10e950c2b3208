/* im-page.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-page"

#include "config.h"

#include "im-page-private.h"
#include "im-settings.h"
#include "im-ui-util.h"

typedef struct
{
  ImDataSource    *source;
  char            *machine;
  ImMachinePicker *picker;
  GSettings       *settings;
  GCancellable    *cancellable;   /* of the request in flight */
  guint            n_busy;
  guint            timeout_id;
  guint            picker_busy : 1;
  guint            auto_refresh : 1;
} ImPagePrivate;

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_MACHINE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (ImPage, im_page, GTK_TYPE_WIDGET)

static void
busy_changed (ImPage *self,
              int     delta)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);
  gboolean was_busy = priv->n_busy > 0;

  g_assert (delta > 0 || priv->n_busy >= (guint) -delta);

  priv->n_busy += delta;
  if (was_busy != (priv->n_busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ---- Auto-refresh -------------------------------------------------- */

static gboolean
timeout_cb (gpointer user_data)
{
  ImPage *self = user_data;

  IM_PAGE_GET_CLASS (self)->auto_refresh (self);

  return G_SOURCE_CONTINUE;
}

static void
update_timer (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);
  gboolean want = priv->auto_refresh && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                  priv->source != NULL && g_settings_get_boolean (priv->settings, "auto-refresh");

  g_clear_handle_id (&priv->timeout_id, g_source_remove);
  if (want)
    priv->timeout_id = g_timeout_add_seconds (g_settings_get_uint (priv->settings,
                                                                   "refresh-interval"),
                                              timeout_cb, self);
}

void
im_page_enable_auto_refresh (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_if_fail (IM_IS_PAGE (self));
  g_return_if_fail (!priv->auto_refresh);

  priv->auto_refresh = TRUE;
  g_signal_connect_object (priv->settings, "changed::auto-refresh",
                           G_CALLBACK (update_timer), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->settings, "changed::refresh-interval",
                           G_CALLBACK (update_timer), self,
                           G_CONNECT_SWAPPED);
  update_timer (self);
}

GSettings *
im_page_get_settings (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_val_if_fail (IM_IS_PAGE (self), NULL);

  return priv->settings;
}

/* ---- The request in flight ----------------------------------------- */

GCancellable *
im_page_begin_request (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_val_if_fail (IM_IS_PAGE (self), NULL);
  g_return_val_if_fail (priv->cancellable == NULL, NULL);

  priv->cancellable = g_cancellable_new ();
  busy_changed (self, +1);

  return priv->cancellable;
}

gboolean
im_page_end_request (ImPage       *self,
                     const GError *error)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_val_if_fail (IM_IS_PAGE (self), FALSE);

  /* Cancelled: im_page_cancel_request() let go of it already, and
   * another request may be in flight. */
  if (im_error_is_cancelled (error))
    return FALSE;

  g_assert (priv->cancellable != NULL);
  g_clear_object (&priv->cancellable);
  busy_changed (self, -1);

  return TRUE;
}

void
im_page_cancel_request (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_if_fail (IM_IS_PAGE (self));

  if (priv->cancellable == NULL)
    return;

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  busy_changed (self, -1);
}

gboolean
im_page_get_requesting (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_val_if_fail (IM_IS_PAGE (self), FALSE);

  return priv->cancellable != NULL;
}

/* ---- The machine picker -------------------------------------------- */

static void
picker_busy_cb (ImPage          *self,
                GParamSpec      *pspec,
                ImMachinePicker *picker)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);
  gboolean busy = im_machine_picker_get_busy (picker);

  g_assert (IM_IS_PAGE (self));

  if (busy == priv->picker_busy)
    return;

  priv->picker_busy = busy;
  busy_changed (self, busy ? +1 : -1);
}

static void
picker_machine_cb (ImPage          *self,
                   GParamSpec      *pspec,
                   ImMachinePicker *picker)
{
  const char *machine = im_machine_picker_get_machine (picker);

  g_assert (IM_IS_PAGE (self));

  if (machine != NULL)
    im_page_set_machine (self, machine);
}

void
im_page_set_machine_picker (ImPage          *self,
                            ImMachinePicker *picker)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_if_fail (IM_IS_PAGE (self));
  g_return_if_fail (IM_IS_MACHINE_PICKER (picker));
  g_return_if_fail (priv->picker == NULL);

  priv->picker = g_object_ref (picker);
  im_machine_picker_set_source (picker, priv->source);
  g_signal_connect_object (picker, "notify::busy",
                           G_CALLBACK (picker_busy_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (picker, "notify::machine",
                           G_CALLBACK (picker_machine_cb), self,
                           G_CONNECT_SWAPPED);
}

ImMachinePicker *
im_page_get_machine_picker (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_val_if_fail (IM_IS_PAGE (self), NULL);

  return priv->picker;
}

void
im_page_load_machines (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_if_fail (IM_IS_PAGE (self));
  g_return_if_fail (priv->picker != NULL);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    im_machine_picker_load (priv->picker);
}

/* ---- Widget -------------------------------------------------------- */

static void
cancel_all (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  im_page_cancel_request (self);
  if (priv->picker != NULL)
    im_machine_picker_cancel (priv->picker);
  g_clear_handle_id (&priv->timeout_id, g_source_remove);
}

static void
im_page_real_nothing (ImPage *self)
{
}

static void
im_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (im_page_parent_class)->map (widget);

  update_timer (IM_PAGE (widget));
}

static void
im_page_unmap (GtkWidget *widget)
{
  /* Leaving the page cancels its requests. */
  cancel_all (IM_PAGE (widget));

  GTK_WIDGET_CLASS (im_page_parent_class)->unmap (widget);
}

/* Its one child fills it: a layout manager would hide the allocation
 * from pages that need to learn about it. */
static GtkSizeRequestMode
im_page_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
im_page_measure (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size,
                        minimum, natural, minimum_baseline, natural_baseline);
}

static void
im_page_size_allocate (GtkWidget *widget,
                       int        width,
                       int        height,
                       int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
im_page_dispose (GObject *object)
{
  ImPage *self = (ImPage *) object;
  ImPagePrivate *priv = im_page_get_instance_private (self);
  GtkWidget *child;

  cancel_all (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&priv->picker);
  g_clear_object (&priv->source);
  g_clear_object (&priv->settings);

  G_OBJECT_CLASS (im_page_parent_class)->dispose (object);
}

static void
im_page_finalize (GObject *object)
{
  ImPage *self = (ImPage *) object;
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_clear_pointer (&priv->machine, g_free);

  G_OBJECT_CLASS (im_page_parent_class)->finalize (object);
}

static void
im_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  ImPage *self = IM_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, im_page_get_source (self));
      break;

    case PROP_MACHINE:
      g_value_set_string (value, im_page_get_machine (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, im_page_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  ImPage *self = IM_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      im_page_set_source (self, g_value_get_object (value));
      break;

    case PROP_MACHINE:
      im_page_set_machine (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Whichever holder of the settings hears first applies the new units or
 * zone; every page then shows them. */
static void
display_changed_cb (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  im_settings_apply_display (priv->settings);

  if (IM_PAGE_GET_CLASS (self)->display_changed != NULL)
    IM_PAGE_GET_CLASS (self)->display_changed (self);
}

static void
im_page_class_init (ImPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = im_page_dispose;
  object_class->finalize = im_page_finalize;
  object_class->get_property = im_page_get_property;
  object_class->set_property = im_page_set_property;

  widget_class->map = im_page_map;
  widget_class->unmap = im_page_unmap;
  widget_class->get_request_mode = im_page_get_request_mode;
  widget_class->measure = im_page_measure;
  widget_class->size_allocate = im_page_size_allocate;

  klass->source_changed = im_page_real_nothing;
  klass->machine_changed = im_page_real_nothing;
  klass->auto_refresh = im_page_real_nothing;
  klass->refresh = im_page_real_nothing;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         IM_TYPE_DATA_SOURCE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MACHINE] =
    g_param_spec_string ("machine", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IM_TYPE_MACHINE_PICKER);
}

static void
im_page_init (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  priv->settings = im_settings_new ();

  /* The units and zone shown: the application applies them at startup too, a page
   * made on its own (tests) has them from here. */
  im_settings_apply_display (priv->settings);
  g_signal_connect_object (priv->settings, "changed::temperature-unit",
                           G_CALLBACK (display_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->settings, "changed::pressure-unit",
                           G_CALLBACK (display_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->settings, "changed::time-zone",
                           G_CALLBACK (display_changed_cb), self, G_CONNECT_SWAPPED);
}

ImDataSource *
im_page_get_source (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_val_if_fail (IM_IS_PAGE (self), NULL);

  return priv->source;
}

void
im_page_set_source (ImPage       *self,
                    ImDataSource *source)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_if_fail (IM_IS_PAGE (self));
  g_return_if_fail (!source || IM_IS_DATA_SOURCE (source));

  if (priv->source == source)
    return;

  im_page_cancel_request (self);
  g_set_object (&priv->source, source);
  if (priv->picker != NULL)
    im_machine_picker_set_source (priv->picker, source);

  IM_PAGE_GET_CLASS (self)->source_changed (self);
  update_timer (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

const char *
im_page_get_machine (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_val_if_fail (IM_IS_PAGE (self), NULL);

  return priv->machine;
}

void
im_page_set_machine (ImPage     *self,
                     const char *machine_id)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_if_fail (IM_IS_PAGE (self));

  if (g_strcmp0 (priv->machine, machine_id) == 0)
    return;

  g_free (priv->machine);
  priv->machine = g_strdup (machine_id);
  if (machine_id != NULL && priv->picker != NULL)
    im_machine_picker_set_machine (priv->picker, machine_id);

  IM_PAGE_GET_CLASS (self)->machine_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MACHINE]);
}

void
im_page_refresh (ImPage *self)
{
  g_return_if_fail (IM_IS_PAGE (self));

  IM_PAGE_GET_CLASS (self)->refresh (self);
}

gboolean
im_page_get_busy (ImPage *self)
{
  ImPagePrivate *priv = im_page_get_instance_private (self);

  g_return_val_if_fail (IM_IS_PAGE (self), FALSE);

  return priv->n_busy > 0;
}
