/* im-machine-picker.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-machine-picker"

#include "config.h"

#include "im-machine-picker.h"
#include "im-ui-util.h"

struct _ImMachinePicker
{
  GtkWidget     parent_instance;

  GtkDropDown  *drop_down;

  ImDataSource *source;
  char         *machine;
  GCancellable *cancellable;   /* of the listing in flight */
  guint         n_listed;      /* by the last listing that succeeded */
  guint         loaded : 1;
  guint         updating : 1;
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_MACHINE,
  PROP_BUSY,
  N_PROPS
};

enum {
  LISTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ImMachinePicker, im_machine_picker, GTK_TYPE_WIDGET)

static GtkStringList *
get_list (ImMachinePicker *self)
{
  return GTK_STRING_LIST (gtk_drop_down_get_model (self->drop_down));
}

static gboolean
list_equals (GtkStringList      *list,
             const char * const *strings)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint i;

  for (i = 0; strings[i] != NULL; i++)
    {
      if (i >= n || g_strcmp0 (gtk_string_list_get_string (list, i), strings[i]) != 0)
        return FALSE;
    }

  return i == n;
}

/* FALSE when @machine_id is not among the items. */
static gboolean
select_machine (ImMachinePicker *self,
                const char      *machine_id)
{
  GtkStringList *list = get_list (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (list, i), machine_id) == 0)
        {
          if (gtk_drop_down_get_selected (self->drop_down) != i)
            gtk_drop_down_set_selected (self->drop_down, i);
          return TRUE;
        }
    }

  return FALSE;
}

static const char *
get_selected (ImMachinePicker *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->drop_down);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static void
take_machine (ImMachinePicker *self,
              const char      *machine_id)
{
  if (g_strcmp0 (self->machine, machine_id) == 0)
    return;

  g_free (self->machine);
  self->machine = g_strdup (machine_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MACHINE]);
}

/* Replaces the items when they differ, keeping the machine selected
 * when it is among them, else the first. */
static void
show_machines (ImMachinePicker    *self,
               const char * const *machines)
{
  GtkStringList *list = get_list (self);

  /* The selection moves while the items change: only the end counts. */
  self->updating = TRUE;
  if (!list_equals (list, machines))
    gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)), machines);
  if (self->machine == NULL || !select_machine (self, self->machine))
    gtk_drop_down_set_selected (self->drop_down,
                                machines[0] != NULL ? 0 : GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;

  take_machine (self, get_selected (self));
}

static void
selected_cb (ImMachinePicker *self)
{
  const char *machine;

  g_assert (IM_IS_MACHINE_PICKER (self));

  if (self->updating)
    return;

  machine = get_selected (self);
  if (machine != NULL)
    take_machine (self, machine);
}

static void
list_machines_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ImMachinePicker) self = user_data;
  g_auto(GStrv) machines = NULL;
  g_autoptr(GError) error = NULL;

  machines = im_data_source_list_machines_finish (IM_DATA_SOURCE (object), result, &error);
  if (im_error_is_cancelled (error))
    return;  /* im_machine_picker_cancel() let go of it */

  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (machines == NULL)
    {
      g_debug ("Could not list machines: %s", error->message);
      g_signal_emit (self, signals[LISTED], 0, error);
      return;
    }

  self->loaded = TRUE;
  self->n_listed = g_strv_length (machines);
  if (machines[0] != NULL)
    show_machines (self, (const char * const *) machines);

  g_signal_emit (self, signals[LISTED], 0, NULL);
}

static void
im_machine_picker_dispose (GObject *object)
{
  ImMachinePicker *self = (ImMachinePicker *) object;

  im_machine_picker_cancel (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), IM_TYPE_MACHINE_PICKER);

  g_clear_object (&self->source);

  G_OBJECT_CLASS (im_machine_picker_parent_class)->dispose (object);
}

static void
im_machine_picker_finalize (GObject *object)
{
  ImMachinePicker *self = (ImMachinePicker *) object;

  g_clear_pointer (&self->machine, g_free);

  G_OBJECT_CLASS (im_machine_picker_parent_class)->finalize (object);
}

static void
im_machine_picker_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ImMachinePicker *self = IM_MACHINE_PICKER (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    case PROP_MACHINE:
      g_value_set_string (value, self->machine);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, im_machine_picker_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_machine_picker_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ImMachinePicker *self = IM_MACHINE_PICKER (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      im_machine_picker_set_source (self, g_value_get_object (value));
      break;

    case PROP_MACHINE:
      im_machine_picker_set_machine (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_machine_picker_class_init (ImMachinePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = im_machine_picker_dispose;
  object_class->finalize = im_machine_picker_finalize;
  object_class->get_property = im_machine_picker_get_property;
  object_class->set_property = im_machine_picker_set_property;

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

  /**
   * ImMachinePicker::listed:
   * @error: (nullable): why the machines could not be listed
   *
   * A listing ended, not cancelled; the items and the selection are
   * updated already.
   */
  signals[LISTED] =
    g_signal_new ("listed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-machine-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, ImMachinePicker, drop_down);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
}

static void
im_machine_picker_init (ImMachinePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ImDataSource *
im_machine_picker_get_source (ImMachinePicker *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_PICKER (self), NULL);

  return self->source;
}

void
im_machine_picker_set_source (ImMachinePicker *self,
                              ImDataSource    *source)
{
  g_return_if_fail (IM_IS_MACHINE_PICKER (self));
  g_return_if_fail (!source || IM_IS_DATA_SOURCE (source));

  if (self->source == source)
    return;

  im_machine_picker_cancel (self);
  g_set_object (&self->source, source);
  self->loaded = FALSE;
  self->n_listed = 0;

  /* The old source's machines are not the new one's: they go, and the
   * machine wanted stays, chosen again if the new source lists it. */
  self->updating = TRUE;
  gtk_string_list_splice (get_list (self), 0,
                          g_list_model_get_n_items (G_LIST_MODEL (get_list (self))), NULL);
  self->updating = FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

const char *
im_machine_picker_get_machine (ImMachinePicker *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_PICKER (self), NULL);

  return self->machine;
}

void
im_machine_picker_set_machine (ImMachinePicker *self,
                               const char      *machine_id)
{
  g_return_if_fail (IM_IS_MACHINE_PICKER (self));

  if (g_strcmp0 (self->machine, machine_id) == 0)
    return;

  /* Kept even when not listed (yet): the next list selects it. */
  g_free (self->machine);
  self->machine = g_strdup (machine_id);
  if (machine_id != NULL)
    {
      self->updating = TRUE;
      select_machine (self, machine_id);
      self->updating = FALSE;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MACHINE]);
}

void
im_machine_picker_load (ImMachinePicker *self)
{
  g_return_if_fail (IM_IS_MACHINE_PICKER (self));

  if (self->source == NULL || self->cancellable != NULL)
    return;

  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  im_data_source_list_machines_async (self->source, self->cancellable,
                                      list_machines_cb, g_object_ref (self));
}

void
im_machine_picker_cancel (ImMachinePicker *self)
{
  g_return_if_fail (IM_IS_MACHINE_PICKER (self));

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

gboolean
im_machine_picker_get_busy (ImMachinePicker *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_PICKER (self), FALSE);

  return self->cancellable != NULL;
}

gboolean
im_machine_picker_get_loaded (ImMachinePicker *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_PICKER (self), FALSE);

  return self->loaded;
}

guint
im_machine_picker_get_n_machines (ImMachinePicker *self)
{
  g_return_val_if_fail (IM_IS_MACHINE_PICKER (self), 0);

  return self->n_listed;
}
