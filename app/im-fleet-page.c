/* im-fleet-page.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-fleet-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "im-fleet-page-private.h"
#include "im-health-display.h"
#include "im-machine-card.h"
#include "im-page-private.h"
#include "im-ui-util.h"
#include "im-util.h"

/* Sparkline points: one per this much of the health window. */
#define SPARK_POINTS 60

struct _ImFleetPage
{
  ImPage        parent_instance;

  GtkStack     *stack;
  GtkSpinner   *loading_spinner;
  GtkLabel     *summary_label;
  GtkSpinner   *spinner;
  GtkGridView  *grid;

  /* One item per machine; the grid has cards for those on screen. */
  GListStore   *store;          /* ImFleetMachine */
  GHashTable   *machines;       /* machine id -> ImFleetMachine, of the store */
  GtkSorter    *sorter;         /* of sorted */
  GtkSortListModel *sorted;
  GCancellable *alarms_cancellable;
  GSignalGroup *source_signals;
  char         *summary;        /* of the fleet's last readings */
  guint         loaded : 1;
};

G_DEFINE_FINAL_TYPE (ImFleetPage, im_fleet_page, IM_TYPE_PAGE)

static int
compare_machines (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  ImFleetMachine *ma = (ImFleetMachine *) a;
  ImFleetMachine *mb = (ImFleetMachine *) b;

  return im_health_compare (im_fleet_machine_get_health (ma), im_fleet_machine_get_machine_id (ma),
                            im_fleet_machine_get_health (mb), im_fleet_machine_get_machine_id (mb));
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

  g_free (self->summary);
  self->summary = g_strdup (text->str);
  gtk_label_set_label (self->summary_label, text->str);
}

/* The cards show what the backend said last, not what is now. */
static void
mark_stale (ImFleetPage *self)
{
  ImDataSource *source = im_page_get_source (IM_PAGE (self));
  g_autofree char *ago = NULL;
  g_autofree char *note = NULL;
  g_autofree char *summary = NULL;
  GHashTableIter iter;
  gpointer value;

  if (source == NULL || g_hash_table_size (self->machines) == 0)
    return;

  ago = im_format_last_seen (im_data_source_get_answered_time (source), im_now_ns ());
  /* Translators: on a machine's card; %s is a time ago, e.g. "3 min ago" */
  note = g_strdup_printf (_("Backend unreachable · data from %s"), ago);
  g_hash_table_iter_init (&iter, self->machines);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    im_fleet_machine_set_condition (value, _("Not updated"), note);

  /* Translators: appended to the fleet's summary, "5 machines · 1 warning" */
  summary = g_strconcat (self->summary ? self->summary : "", _(" · not updated"), NULL);
  gtk_label_set_label (self->summary_label, summary);
}

static void
error_message_cb (ImFleetPage  *self,
                  GParamSpec   *pspec,
                  ImDataSource *source)
{
  g_autofree char *message = im_data_source_dup_error_message (source);

  if (message != NULL)
    mark_stale (self);
}

/* Every machine silent since one moment: more likely the pipeline than
 * the machines. The cards say "Delayed", the summary why. */
static void
show_stalled (ImFleetPage *self,
              guint        n_machines,
              gint64       stopped_ns,
              gint64       now_ns)
{
  g_autofree char *machines = NULL;
  g_autofree char *ago = im_format_last_seen (stopped_ns, now_ns);
  g_autofree char *note = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer value;

  /* Translators: on a machine's card; %s is a time ago, e.g. "3 min ago" */
  note = g_strdup_printf (_("Last reading %s, as every machine’s"), ago);
  g_hash_table_iter_init (&iter, self->machines);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    im_fleet_machine_set_condition (value, _("Delayed"), note);

  /* Translators: the fleet's summary; the first %s is "5 machines", the
   * second a time ago, e.g. "3 min ago" */
  machines = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u machine", "%u machines", n_machines),
                              n_machines);
  text = g_strdup_printf (_("%s · no reading of any machine since %s, all stopped at one moment: "
                            "the pipeline (Kafka, ingestion, InfluxDB) is behind, not necessarily the machines"),
                          machines, ago);
  gtk_label_set_label (self->summary_label, text);
}

static void
active_alarms_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ImFleetPage) self = user_data;
  g_autoptr(GArray) alarms = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) counts = NULL;
  GHashTableIter iter;
  gpointer key, value;

  alarms = im_data_source_list_alarms_finish (IM_DATA_SOURCE (object), result, &error);
  if (im_error_is_cancelled (error))
    return;

  g_clear_object (&self->alarms_cancellable);
  if (alarms == NULL)
    {
      g_debug ("Could not list the active alarms: %s", error->message);
      return;
    }

  /* Each machine's count and worst severity, packed as n << 8 | worst. */
  counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < alarms->len; i++)
    {
      const ImAlarm *alarm = &g_array_index (alarms, ImAlarm, i);
      guint packed = GPOINTER_TO_UINT (g_hash_table_lookup (counts, alarm->machine_id));
      guint n = (packed >> 8) + 1;
      guint worst = n == 1 ? alarm->severity : MAX (packed & 0xff, (guint) alarm->severity);

      g_hash_table_insert (counts, (gpointer) alarm->machine_id, GUINT_TO_POINTER (n << 8 | worst));
    }

  g_hash_table_iter_init (&iter, self->machines);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint packed = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      im_fleet_machine_set_alarms (value, packed >> 8,
                                   packed > 0 ? (ImAlarmSeverity) (packed & 0xff)
                                              : IM_ALARM_SEVERITY_WARNING);
    }
}

/* Each card shows its machine's active alarms. */
static void
fetch_active_alarms (ImFleetPage *self)
{
  ImDataSource *source = im_page_get_source (IM_PAGE (self));
  gint64 now = im_now_ns ();

  if (source == NULL || self->alarms_cancellable != NULL)
    return;

  self->alarms_cancellable = g_cancellable_new ();
  im_data_source_list_alarms_async (source, NULL, now, now, self->alarms_cancellable,
                                    active_alarms_cb, g_object_ref (self));
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
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now_ns = im_now_ns ();

  machines = im_data_source_recent_readings_finish (IM_DATA_SOURCE (object), result, &error);
  if (!im_page_end_request (IM_PAGE (self), error))
    return;

  if (machines == NULL)
    {
      g_debug ("Could not read the fleet: %s", error->message);
      if (!self->loaded)
        gtk_stack_set_visible_child_name (self->stack, "content");
      mark_stale (self);
      return;
    }

  self->loaded = TRUE;
  healths = g_ptr_array_new_with_free_func (g_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  added = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < machines->len; i++)
    {
      ImMachineReadings *machine = g_ptr_array_index (machines, i);
      const ImReading *readings = (const ImReading *) (gpointer) machine->readings->data;
      ImFleetMachine *item = g_hash_table_lookup (self->machines, machine->machine_id);
      ImHealth *health = g_new0 (ImHealth, 1);
      double scores[SPARK_POINTS];
      guint n_scores;

      im_health_compute (readings, machine->readings->len, now_ns, health);
      n_scores = sparkline_scores (readings, machine->readings->len, scores);

      if (item == NULL)
        {
          item = im_fleet_machine_new (machine->machine_id);
          g_hash_table_insert (self->machines, (gpointer) im_fleet_machine_get_machine_id (item),
                               item);
          g_ptr_array_add (added, item);
        }

      im_fleet_machine_update (item, health, scores, n_scores, now_ns);
      g_hash_table_add (seen, (gpointer) im_fleet_machine_get_machine_id (item));
      g_ptr_array_add (healths, health);
    }

  /* Machines the source no longer knows go away. */
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->store)); i > 0; i--)
    {
      g_autoptr(ImFleetMachine) item = g_list_model_get_item (G_LIST_MODEL (self->store), i - 1);
      const char *id = im_fleet_machine_get_machine_id (item);

      if (!g_hash_table_contains (seen, id))
        {
          g_hash_table_remove (self->machines, id);
          g_list_store_remove (self->store, i - 1);
        }
    }

  /* New machines in one change; then the order of all by health. */
  g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                       added->pdata, added->len);
  gtk_sorter_changed (self->sorter, GTK_SORTER_CHANGE_DIFFERENT);
  update_summary (self, healths);
  fetch_active_alarms (self);
  {
    g_autoptr(GArray) all = g_array_sized_new (FALSE, FALSE, sizeof (ImHealth), healths->len);
    gint64 stopped_ns;

    for (guint i = 0; i < healths->len; i++)
      g_array_append_vals (all, g_ptr_array_index (healths, i), 1);
    if (im_health_fleet_stalled ((const ImHealth *) (gpointer) all->data, all->len, &stopped_ns))
      show_stalled (self, all->len, stopped_ns, now_ns);
  }
  gtk_stack_set_visible_child_name (self->stack, machines->len > 0 ? "content" : "empty");
}

static void
fetch (ImFleetPage *self)
{
  ImPage *page = IM_PAGE (self);
  ImDataSource *source = im_page_get_source (page);

  if (source == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      im_page_get_requesting (page))
    return;

  im_data_source_recent_readings_async (source, IM_HEALTH_WINDOW_NS, im_page_begin_request (page),
                                        recent_readings_cb, g_object_ref (self));
}

static void
activate_cb (ImFleetPage *self,
             guint        position)
{
  g_autoptr(ImFleetMachine) item = NULL;

  g_assert (IM_IS_FLEET_PAGE (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  if (item == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-machine", "s",
                              im_fleet_machine_get_machine_id (item));
}

static void
clear_machines (ImFleetPage *self)
{
  g_hash_table_remove_all (self->machines);
  g_list_store_remove_all (self->store);
}

/* ---- Cards --------------------------------------------------------- */

static void
setup_card_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, im_machine_card_new ());
}

static void
bind_card_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  im_machine_card_set_machine (IM_MACHINE_CARD (gtk_list_item_get_child (list_item)),
                               gtk_list_item_get_item (list_item));
}

static void
unbind_card_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  im_machine_card_set_machine (IM_MACHINE_CARD (gtk_list_item_get_child (list_item)), NULL);
}

/* ---- ImPage -------------------------------------------------------- */

static void
im_fleet_page_source_changed (ImPage *page)
{
  ImFleetPage *self = IM_FLEET_PAGE (page);

  g_cancellable_cancel (self->alarms_cancellable);
  g_clear_object (&self->alarms_cancellable);
  clear_machines (self);
  g_clear_pointer (&self->summary, g_free);
  g_signal_group_set_target (self->source_signals, im_page_get_source (page));
  self->loaded = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  fetch (self);
}

static void
im_fleet_page_fetch (ImPage *page)
{
  fetch (IM_FLEET_PAGE (page));
}

/* ---- Widget -------------------------------------------------------- */

static void
im_fleet_page_map (GtkWidget *widget)
{
  ImFleetPage *self = IM_FLEET_PAGE (widget);

  GTK_WIDGET_CLASS (im_fleet_page_parent_class)->map (widget);

  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  fetch (self);
}

static void
im_fleet_page_unmap (GtkWidget *widget)
{
  ImFleetPage *self = IM_FLEET_PAGE (widget);

  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  GTK_WIDGET_CLASS (im_fleet_page_parent_class)->unmap (widget);
}

static void
im_fleet_page_dispose (GObject *object)
{
  ImFleetPage *self = (ImFleetPage *) object;

  g_cancellable_cancel (self->alarms_cancellable);
  g_clear_object (&self->alarms_cancellable);
  if (self->source_signals != NULL)
    g_signal_group_set_target (self->source_signals, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), IM_TYPE_FLEET_PAGE);
  g_clear_pointer (&self->machines, g_hash_table_unref);
  g_clear_object (&self->sorted);
  g_clear_object (&self->store);
  g_clear_object (&self->source_signals);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (im_fleet_page_parent_class)->dispose (object);
}

static void
im_fleet_page_class_init (ImFleetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ImPageClass *page_class = IM_PAGE_CLASS (klass);

  object_class->dispose = im_fleet_page_dispose;

  widget_class->map = im_fleet_page_map;
  widget_class->unmap = im_fleet_page_unmap;

  page_class->source_changed = im_fleet_page_source_changed;
  page_class->auto_refresh = im_fleet_page_fetch;
  page_class->refresh = im_fleet_page_fetch;


  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-fleet-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ImFleetPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ImFleetPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ImFleetPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ImFleetPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ImFleetPage, grid);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
}

static void
im_fleet_page_init (ImFleetPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->machines = g_hash_table_new (g_str_hash, g_str_equal);
  self->store = g_list_store_new (IM_TYPE_FLEET_MACHINE);
  self->sorter = GTK_SORTER (gtk_custom_sorter_new (compare_machines, NULL, NULL));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)), self->sorter);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_card_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card_cb), NULL);
  gtk_grid_view_set_factory (self->grid, factory);
  g_object_unref (factory);
  {
    g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));

    gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (selection));
  }
  self->source_signals = g_signal_group_new (G_TYPE_OBJECT);
  g_signal_group_connect_object (self->source_signals, "notify::error-message",
                                 G_CALLBACK (error_message_cb), self,
                                 G_CONNECT_SWAPPED);
  g_object_bind_property (self, "busy", self->spinner, "spinning", G_BINDING_SYNC_CREATE);
  im_page_enable_auto_refresh (IM_PAGE (self));
}

GPtrArray *
im_fleet_page_list_machines (ImFleetPage *self)
{
  GPtrArray *machines;
  guint n;

  g_return_val_if_fail (IM_IS_FLEET_PAGE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  machines = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (machines, g_list_model_get_item (G_LIST_MODEL (self->sorted), i));

  return machines;
}

GPtrArray *
im_fleet_page_list_cards (ImFleetPage *self)
{
  GPtrArray *cards;

  g_return_val_if_fail (IM_IS_FLEET_PAGE (self), NULL);

  cards = g_ptr_array_new ();
  for (GtkWidget *cell = gtk_widget_get_first_child (GTK_WIDGET (self->grid));
       cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *card = gtk_widget_get_first_child (cell);

      /* Laid out and shown: the grid maps what is in view. */
      if (IM_IS_MACHINE_CARD (card) && im_machine_card_get_machine (IM_MACHINE_CARD (card)) != NULL &&
          gtk_widget_get_mapped (card) && gtk_widget_get_width (card) > 0)
        g_ptr_array_add (cards, card);
    }

  return cards;
}

gboolean
im_fleet_page_activate_machine (ImFleetPage *self,
                                const char  *machine_id)
{
  guint n;

  g_return_val_if_fail (IM_IS_FLEET_PAGE (self), FALSE);
  g_return_val_if_fail (machine_id != NULL, FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ImFleetMachine) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (g_strcmp0 (im_fleet_machine_get_machine_id (item), machine_id) == 0)
        return gtk_widget_activate_action (GTK_WIDGET (self->grid), "list.activate-item", "u", i);
    }

  return FALSE;
}

const char *
im_fleet_page_get_summary (ImFleetPage *self)
{
  g_return_val_if_fail (IM_IS_FLEET_PAGE (self), NULL);

  return gtk_label_get_label (self->summary_label);
}
