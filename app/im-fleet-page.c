/* im-fleet-page.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "im-fleet-page.h"
#include "im-health-display.h"
#include "im-machine-card.h"
#include "im-settings.h"
#include "im-ui-util.h"
#include "im-util.h"

/* Sparkline points: one per this much of the health window. */
#define SPARK_POINTS 60

struct _ImFleetPage
{
  AdwBin        parent_instance;

  GtkStack     *stack;
  GtkSpinner   *loading_spinner;
  GtkLabel     *summary_label;
  GtkSpinner   *spinner;
  GtkFlowBox   *cards_box;

  GSettings    *settings;
  ImDataSource *source;
  GHashTable   *cards;          /* machine id -> ImMachineCard */
  GCancellable *cancellable;
  guint         timeout_id;
  guint         loaded : 1;
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ImFleetPage, im_fleet_page, ADW_TYPE_BIN)

static int
sort_cards (GtkFlowBoxChild *a,
            GtkFlowBoxChild *b,
            gpointer         user_data)
{
  ImMachineCard *ca = IM_MACHINE_CARD (a);
  ImMachineCard *cb = IM_MACHINE_CARD (b);

  return im_health_compare (im_machine_card_get_health (ca), im_machine_card_get_machine_id (ca),
                            im_machine_card_get_health (cb), im_machine_card_get_machine_id (cb));
}

/* Scores of the readings, averaged into at most SPARK_POINTS equal
 * slices of the health window ending at the newest reading; NAN where a
 * slice has no reading. */
static guint
sparkline_scores (const ImReading *readings,
                  guint            n_readings,
                  double          *scores)
{
  double sums[SPARK_POINTS] = { 0 };
  guint counts[SPARK_POINTS] = { 0 };
  gint64 newest;
  gint64 slice_ns = IM_HEALTH_WINDOW_NS / SPARK_POINTS;

  if (n_readings == 0)
    return 0;

  newest = readings[n_readings - 1].time_ns;
  for (guint i = 0; i < n_readings; i++)
    {
      gint64 age = newest - readings[i].time_ns;
      gint64 slot;

      if (age < 0 || age >= IM_HEALTH_WINDOW_NS)
        continue;

      slot = SPARK_POINTS - 1 - age / slice_ns;
      sums[slot] += im_reading_score (&readings[i]);
      counts[slot]++;
    }

  for (guint i = 0; i < SPARK_POINTS; i++)
    scores[i] = counts[i] > 0 ? sums[i] / counts[i] : NAN;

  return SPARK_POINTS;
}

static void
update_summary (ImFleetPage *self,
                GPtrArray   *healths)
{
  guint counts[IM_HEALTH_OFFLINE + 1] = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < healths->len; i++)
    counts[((ImHealth *) g_ptr_array_index (healths, i))->status]++;

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u machine", "%u machines",
                                             healths->len),
                          healths->len);
  /* Translators: appended to "5 machines"; the count is of machines */
  if (counts[IM_HEALTH_CRITICAL] > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · %u critical", " · %u critical",
                                               counts[IM_HEALTH_CRITICAL]),
                            counts[IM_HEALTH_CRITICAL]);
  /* Translators: appended to "5 machines"; the count is of machines */
  if (counts[IM_HEALTH_WARNING] > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · %u warning", " · %u warning",
                                               counts[IM_HEALTH_WARNING]),
                            counts[IM_HEALTH_WARNING]);
  /* Translators: appended to "5 machines"; the count is of machines */
  if (counts[IM_HEALTH_OFFLINE] > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · %u offline", " · %u offline",
                                               counts[IM_HEALTH_OFFLINE]),
                            counts[IM_HEALTH_OFFLINE]);
  if (counts[IM_HEALTH_HEALTHY] == healths->len && healths->len > 0)
    g_string_append (text, _(" · all healthy"));

  gtk_label_set_label (self->summary_label, text->str);
}

static void
recent_readings_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ImFleetPage) self = user_data;
  g_autoptr(GPtrArray) machines = NULL;
  g_autoptr(GPtrArray) healths = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 now_ns = im_now_ns ();

  machines = im_data_source_recent_readings_finish (IM_DATA_SOURCE (object), result, &error);
  if (im_error_is_cancelled (error))
    return;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (machines == NULL)
    {
      g_debug ("Could not read the fleet: %s", error->message);
      if (!self->loaded)
        gtk_stack_set_visible_child_name (self->stack, "content");
      return;
    }

  self->loaded = TRUE;
  healths = g_ptr_array_new_with_free_func (g_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < machines->len; i++)
    {
      ImMachineReadings *machine = g_ptr_array_index (machines, i);
      const ImReading *readings = (const ImReading *) (gpointer) machine->readings->data;
      ImMachineCard *card = g_hash_table_lookup (self->cards, machine->machine_id);
      ImHealth *health = g_new0 (ImHealth, 1);
      double scores[SPARK_POINTS];
      guint n_scores;

      im_health_compute (readings, machine->readings->len, now_ns, health);
      n_scores = sparkline_scores (readings, machine->readings->len, scores);

      if (card == NULL)
        {
          card = IM_MACHINE_CARD (im_machine_card_new (machine->machine_id));
          g_hash_table_insert (self->cards, g_strdup (machine->machine_id), card);
          gtk_flow_box_append (self->cards_box, GTK_WIDGET (card));
        }

      im_machine_card_update (card, health, scores, n_scores, now_ns);
      g_hash_table_add (seen, (gpointer) im_machine_card_get_machine_id (card));
      g_ptr_array_add (healths, health);
    }

  /* Machines the source no longer knows go away. */
  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (seen, key))
        {
          gtk_flow_box_remove (self->cards_box, value);
          g_hash_table_iter_remove (&iter);
        }
    }

  gtk_flow_box_invalidate_sort (self->cards_box);
  update_summary (self, healths);
  gtk_stack_set_visible_child_name (self->stack, machines->len > 0 ? "content" : "empty");
}

static void
fetch (ImFleetPage *self)
{
  if (self->source == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      self->cancellable != NULL)
    return;

  self->cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->spinner, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  im_data_source_recent_readings_async (self->source, IM_HEALTH_WINDOW_NS, self->cancellable,
                                        recent_readings_cb, g_object_ref (self));
}

static void
cancel (ImFleetPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_spinner_set_spinning (self->spinner, FALSE);
}

static gboolean
timeout_cb (gpointer user_data)
{
  fetch (IM_FLEET_PAGE (user_data));

  return G_SOURCE_CONTINUE;
}

static void
update_timer (ImFleetPage *self)
{
  gboolean want = gtk_widget_get_mapped (GTK_WIDGET (self)) && self->source != NULL &&
                  g_settings_get_boolean (self->settings, "auto-refresh");

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (want)
    self->timeout_id = g_timeout_add_seconds (g_settings_get_uint (self->settings,
                                                                   "refresh-interval"),
                                              timeout_cb, self);
}

static void
settings_changed_cb (ImFleetPage *self,
                     const char  *key)
{
  if (g_str_equal (key, "auto-refresh") || g_str_equal (key, "refresh-interval"))
    update_timer (self);
}

static void
child_activated_cb (ImFleetPage     *self,
                    GtkFlowBoxChild *child)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-machine", "s",
                              im_machine_card_get_machine_id (IM_MACHINE_CARD (child)));
}

static void
clear_cards (ImFleetPage *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      gtk_flow_box_remove (self->cards_box, value);
      g_hash_table_iter_remove (&iter);
    }
}

static void
im_fleet_page_map (GtkWidget *widget)
{
  ImFleetPage *self = IM_FLEET_PAGE (widget);

  GTK_WIDGET_CLASS (im_fleet_page_parent_class)->map (widget);

  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  fetch (self);
  update_timer (self);
}

static void
im_fleet_page_unmap (GtkWidget *widget)
{
  ImFleetPage *self = IM_FLEET_PAGE (widget);

  /* Leaving the page cancels its requests. */
  cancel (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  GTK_WIDGET_CLASS (im_fleet_page_parent_class)->unmap (widget);
}

static void
im_fleet_page_dispose (GObject *object)
{
  ImFleetPage *self = (ImFleetPage *) object;

  cancel (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  /* AdwBin unparents its child itself; a template child that is that
   * child must not be unparented twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), IM_TYPE_FLEET_PAGE);

  g_clear_pointer (&self->cards, g_hash_table_unref);
  g_clear_object (&self->source);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (im_fleet_page_parent_class)->dispose (object);
}

static void
im_fleet_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ImFleetPage *self = IM_FLEET_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_fleet_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ImFleetPage *self = IM_FLEET_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      im_fleet_page_set_source (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
im_fleet_page_class_init (ImFleetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = im_fleet_page_dispose;
  object_class->get_property = im_fleet_page_get_property;
  object_class->set_property = im_fleet_page_set_property;

  widget_class->map = im_fleet_page_map;
  widget_class->unmap = im_fleet_page_unmap;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         IM_TYPE_DATA_SOURCE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IM_TYPE_MACHINE_CARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-fleet-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ImFleetPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ImFleetPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ImFleetPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ImFleetPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ImFleetPage, cards_box);
}

static void
im_fleet_page_init (ImFleetPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->settings = im_settings_new ();
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_flow_box_set_sort_func (self->cards_box, sort_cards, NULL, NULL);
  g_signal_connect_object (self->cards_box, "child-activated",
                           G_CALLBACK (child_activated_cb), self,
                           G_CONNECT_SWAPPED);
}

ImDataSource *
im_fleet_page_get_source (ImFleetPage *self)
{
  g_return_val_if_fail (IM_IS_FLEET_PAGE (self), NULL);

  return self->source;
}

void
im_fleet_page_set_source (ImFleetPage  *self,
                          ImDataSource *source)
{
  g_return_if_fail (IM_IS_FLEET_PAGE (self));
  g_return_if_fail (!source || IM_IS_DATA_SOURCE (source));

  if (self->source == source)
    return;

  cancel (self);
  clear_cards (self);
  g_set_object (&self->source, source);
  self->loaded = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "loading");

  fetch (self);
  update_timer (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

void
im_fleet_page_refresh (ImFleetPage *self)
{
  g_return_if_fail (IM_IS_FLEET_PAGE (self));

  fetch (self);
}

gboolean
im_fleet_page_get_busy (ImFleetPage *self)
{
  g_return_val_if_fail (IM_IS_FLEET_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

GPtrArray *
im_fleet_page_list_cards (ImFleetPage *self)
{
  GPtrArray *cards;

  g_return_val_if_fail (IM_IS_FLEET_PAGE (self), NULL);

  cards = g_ptr_array_new ();
  for (int i = 0; ; i++)
    {
      GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (self->cards_box, i);

      if (child == NULL)
        break;
      g_ptr_array_add (cards, child);
    }

  return cards;
}
