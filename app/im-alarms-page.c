/* im-alarms-page.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-alarms-page"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "im-alarm-item.h"
#include "im-alarm-list.h"
#include "im-alarms-page-private.h"
#include "im-csv-export.h"
#include "im-page-private.h"
#include "im-ui-util.h"
#include "im-util.h"

#define DAY_NS (G_GINT64_CONSTANT (86400) * IM_NSEC_PER_SEC)

struct _ImAlarmsPage
{
  ImPage              parent_instance;

  GtkSearchEntry     *search_entry;
  GtkDropDown        *machine_dropdown;
  GtkDropDown        *severity_dropdown;
  GtkDropDown        *type_dropdown;
  GtkDropDown        *state_dropdown;
  GtkDropDown        *range_dropdown;
  GtkSpinner         *spinner;
  GtkSpinner         *loading_spinner;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkListView        *list_view;
  GtkStack           *detail_stack;
  AdwPreferencesGroup *detail_group;
  AdwActionRow       *row_machine;
  AdwActionRow       *row_type;
  AdwActionRow       *row_sensors;
  AdwActionRow       *row_severity;
  AdwActionRow       *row_state;
  AdwActionRow       *row_started;
  AdwActionRow       *row_raised;
  AdwActionRow       *row_cleared;
  AdwActionRow       *row_acked;
  AdwActionRow       *row_value;
  GtkLabel           *summary_label;
  GtkButton          *ack_button;
  GtkButton          *check_all_button;
  GtkButton          *export_button;

  GListStore         *store;        /* ImAlarmItem */
  GtkStringList      *machines;     /* "All Machines", then ids */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;  /* the alarm whose details show */
  GSignalGroup       *source_signals;
  GtkFileChooserNative *chooser;
  GCancellable       *ack_cancellable;
  char               *selected_id;
  char               *wanted_id;    /* im_alarms_page_show_alarm() before it was listed */
  guint               n_loads;
  guint               loaded : 1;
  guint               updating : 1;
};

G_DEFINE_FINAL_TYPE (ImAlarmsPage, im_alarms_page, IM_TYPE_PAGE)

static const gint64 ranges_ns[] = { DAY_NS, 7 * DAY_NS, 30 * DAY_NS };

/* ---- Formatting ---------------------------------------------------- */

static char *
format_time (gint64 time_ns)
{
  g_autoptr(GDateTime) dt = NULL;

  if (time_ns == 0)
    return g_strdup ("—");

  dt = g_date_time_new_from_unix_local (time_ns / IM_NSEC_PER_SEC);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static const char *
severity_label (ImAlarmSeverity severity)
{
  switch (severity)
    {
    case IM_ALARM_SEVERITY_CRITICAL: return _("Critical");
    case IM_ALARM_SEVERITY_MAJOR:    return _("Major");
    case IM_ALARM_SEVERITY_MINOR:    return _("Minor");
    case IM_ALARM_SEVERITY_WARNING:  return _("Warning");
    case IM_N_ALARM_SEVERITIES:
    default:
      g_assert_not_reached ();
    }
}

static const char *
severity_css_class (ImAlarmSeverity severity)
{
  switch (severity)
    {
    case IM_ALARM_SEVERITY_CRITICAL: return "error";
    case IM_ALARM_SEVERITY_MAJOR:    return "major";
    case IM_ALARM_SEVERITY_MINOR:    return "minor";
    case IM_ALARM_SEVERITY_WARNING:  return "warning";
    case IM_N_ALARM_SEVERITIES:
    default:
      g_assert_not_reached ();
    }
}

static char *
state_text (const ImAlarm *alarm)
{
  const char *state = alarm->state == IM_ALARM_STATE_ACTIVE ? _("Active") : _("Cleared");

  if (!alarm->acknowledged)
    /* Translators: "Active, unacknowledged" */
    return g_strdup_printf (_("%s, unacknowledged"), state);

  /* Translators: "Cleared, acknowledged" */
  return g_strdup_printf (_("%s, acknowledged"), state);
}

static char *
sensors_text (const ImAlarm *alarm)
{
  GString *text = g_string_new (NULL);

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      if ((alarm->sensors & (1u << s)) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, im_sensor_to_string ((ImSensor) s));
    }
  if (text->len == 0)
    g_string_append (text, "—");

  return g_string_free (text, FALSE);
}

static char *
message_text (const ImAlarm *alarm)
{
  GString *text = g_string_new (NULL);

  im_alarm_append_message (alarm, text);

  return g_string_free (text, FALSE);
}

/* ---- Filtering ----------------------------------------------------- */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  ImAlarmsPage *self = user_data;
  const ImAlarm *alarm = im_alarm_item_get_alarm (item);
  guint machine = gtk_drop_down_get_selected (self->machine_dropdown);
  guint severity = gtk_drop_down_get_selected (self->severity_dropdown);
  guint type = gtk_drop_down_get_selected (self->type_dropdown);
  guint state = gtk_drop_down_get_selected (self->state_dropdown);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (machine > 0 && machine != GTK_INVALID_LIST_POSITION &&
      g_strcmp0 (gtk_string_list_get_string (self->machines, machine), alarm->machine_id) != 0)
    return FALSE;

  /* Most severe first in the list: Critical is 1. */
  if (severity > 0 && severity != GTK_INVALID_LIST_POSITION &&
      alarm->severity != (ImAlarmSeverity) (IM_N_ALARM_SEVERITIES - severity))
    return FALSE;

  if (type > 0 && type != GTK_INVALID_LIST_POSITION && alarm->kind != (ImAlarmKind) (type - 1))
    return FALSE;

  switch (state)
    {
    case 1:
      if (alarm->state != IM_ALARM_STATE_ACTIVE)
        return FALSE;
      break;
    case 2:
      if (alarm->acknowledged)
        return FALSE;
      break;
    case 3:
      if (alarm->state != IM_ALARM_STATE_CLEARED)
        return FALSE;
      break;
    default:
      break;
    }

  if (search != NULL && search[0] != '\0')
    {
      g_autofree char *message = message_text (alarm);
      g_autofree char *haystack = g_strjoin (" ", alarm->machine_id, alarm->type, message,
                                             alarm->ack_user, alarm->id, NULL);
      g_autofree char *folded = g_utf8_casefold (haystack, -1);
      g_autofree char *needle = g_utf8_casefold (search, -1);

      if (strstr (folded, needle) == NULL)
        return FALSE;
    }

  return TRUE;
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  return im_alarm_compare_for_display (im_alarm_item_get_alarm ((ImAlarmItem *) a),
                                       im_alarm_item_get_alarm ((ImAlarmItem *) b));
}

/* ---- Selection and details ---------------------------------------- */

static ImAlarmItem *
find_shown (ImAlarmsPage *self,
            const char   *id,
            guint        *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ImAlarmItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (strcmp (im_alarm_item_get_alarm (item)->id, id) == 0)
        {
          if (position != NULL)
            *position = i;
          return item;
        }
    }

  return NULL;
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text);
}

static void
show_details (ImAlarmsPage  *self,
              const ImAlarm *alarm)
{
  g_autofree char *message = NULL;
  g_autofree char *type = NULL;
  g_autofree char *sensors = NULL;
  g_autofree char *severity = NULL;
  g_autofree char *state = NULL;
  g_autofree char *started = NULL;
  g_autofree char *raised = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *acked = NULL;
  g_autofree char *value = NULL;
  g_autofree char *ack_at = NULL;

  if (alarm == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  message = message_text (alarm);
  /* Translators: "zone_temperature (zone)" */
  type = g_strdup_printf (_("%s (%s)"), alarm->type, im_alarm_kind_to_string (alarm->kind));
  sensors = sensors_text (alarm);
  /* Translators: "Critical — NE 107 F (failure)" */
  severity = g_strdup_printf (_("%s — NE 107 %s (%s)"), severity_label (alarm->severity),
                              im_ne107_status_to_letter (im_alarm_severity_to_ne107 (alarm->severity)),
                              im_ne107_status_to_string (im_alarm_severity_to_ne107 (alarm->severity)));
  state = state_text (alarm);
  started = format_time (alarm->started_ns);
  raised = format_time (alarm->raised_ns);
  cleared = format_time (alarm->cleared_ns);
  if (alarm->acknowledged)
    {
      ack_at = format_time (alarm->ack_ns);
      /* Translators: "jane at 2026-11-28 08:27:29" */
      acked = g_strdup_printf (_("%s at %s"), alarm->ack_user, ack_at);
    }
  else
    {
      acked = g_strdup (_("Not yet"));
    }
  if (isfinite (alarm->threshold))
    /* Translators: the value when raised, its peak, its limit, how many times */
    value = g_strdup_printf (_("%.4g when raised, peak %.4g, limit %.4g; %u times"),
                             alarm->value, alarm->peak, alarm->threshold, alarm->count);
  else
    value = g_strdup_printf (_("%.4g when raised, peak %.4g; %u times"),
                             alarm->value, alarm->peak, alarm->count);

  adw_preferences_group_set_title (self->detail_group, message);
  set_subtitle (self->row_machine, alarm->machine_id);
  set_subtitle (self->row_type, type);
  set_subtitle (self->row_sensors, sensors);
  set_subtitle (self->row_severity, severity);
  set_subtitle (self->row_state, state);
  set_subtitle (self->row_started, started);
  set_subtitle (self->row_raised, raised);
  set_subtitle (self->row_cleared, cleared);
  set_subtitle (self->row_acked, acked);
  set_subtitle (self->row_value, value);
  gtk_stack_set_visible_child_name (self->detail_stack, "alarm");
}

static guint
count_to_acknowledge (ImAlarmsPage *self,
                      GArray       *out)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ImAlarmItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);
      const ImAlarm *alarm = im_alarm_item_get_alarm (item);

      if (im_alarm_item_get_checked (item) && !alarm->acknowledged)
        {
          count++;
          if (out != NULL)
            g_array_append_vals (out, alarm, 1);
        }
    }

  /* Nothing checked: the one shown. */
  if (count == 0 && self->selected_id != NULL)
    {
      ImAlarmItem *item = find_shown (self, self->selected_id, NULL);

      if (item != NULL && !im_alarm_item_get_alarm (item)->acknowledged)
        {
          count = 1;
          if (out != NULL)
            g_array_append_vals (out, im_alarm_item_get_alarm (item), 1);
        }
    }

  return count;
}

static void
update_actions (ImAlarmsPage *self)
{
  guint n = count_to_acknowledge (self, NULL);
  g_autofree char *label = NULL;

  if (n > 1)
    /* Translators: a button; %u is how many alarms */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Acknowledge %u", "_Acknowledge %u",
                                          n),
                             n);
  else
    label = g_strdup (_("_Acknowledge"));

  gtk_button_set_label (self->ack_button, label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->ack_button),
                            n > 0 && self->ack_cancellable == NULL &&
                            im_page_get_source (IM_PAGE (self)) != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button),
                            g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0 &&
                            self->chooser == NULL);
}

static void
update_summary (ImAlarmsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint n_active = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ImAlarmItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      n_active += im_alarm_item_get_alarm (item)->state == IM_ALARM_STATE_ACTIVE;
    }

  /* Translators: "12 of 40 alarms, 3 active" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u alarm, %u active",
                                       "%u of %u alarms, %u active", n_total),
                          n, n_total, n_active);
  gtk_label_set_label (self->summary_label, text);

  if (self->loaded)
    {
      adw_status_page_set_description (self->empty_page,
                                       n_total > 0 ? _("No alarm matches the filters.")
                                                   : _("No alarm was raised in this time range."));
      gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
    }
}

static void
select_id (ImAlarmsPage *self,
           const char   *id)
{
  guint position;

  if (id != NULL && find_shown (self, id, &position) != NULL)
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                  position);
    }
  else
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
    }
}

static void
selected_cb (ImAlarmsPage *self)
{
  ImAlarmItem *item;

  g_assert (IM_IS_ALARMS_PAGE (self));

  /* A new listing rebuilds the rows: keep what was shown. */
  if (self->updating)
    return;

  item = gtk_single_selection_get_selected_item (self->selection);

  g_clear_pointer (&self->selected_id, g_free);
  if (item != NULL)
    self->selected_id = g_strdup (im_alarm_item_get_alarm (item)->id);

  show_details (self, item != NULL ? im_alarm_item_get_alarm (item) : NULL);
  update_actions (self);
}

static void
filters_changed_cb (ImAlarmsPage *self)
{
  g_assert (IM_IS_ALARMS_PAGE (self));

  self->updating = TRUE;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  select_id (self, self->selected_id);
  self->updating = FALSE;

  if (self->selected_id != NULL && find_shown (self, self->selected_id, NULL) == NULL)
    {
      g_clear_pointer (&self->selected_id, g_free);
      show_details (self, NULL);
    }

  update_summary (self);
  update_actions (self);
}

/* ---- Rows ---------------------------------------------------------- */

/* A row: [check] message / machine · type · raised · state [severity] */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              ImAlarmsPage             *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *pill = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Check to acknowledge with others"));
  g_signal_connect_object (check, "toggled", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);

  /* One line each: wrapped labels make every row measure twice. */
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);

  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pill, "status-pill");

  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), pill);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             ImAlarmsPage             *self)
{
  ImAlarmItem *item = gtk_list_item_get_item (list_item);
  const ImAlarm *alarm = im_alarm_item_get_alarm (item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *check = gtk_widget_get_first_child (box);
  GtkWidget *texts = gtk_widget_get_next_sibling (check);
  GtkWidget *pill = gtk_widget_get_next_sibling (texts);
  GtkWidget *title = gtk_widget_get_first_child (texts);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  g_autofree char *message = message_text (alarm);
  g_autofree char *raised = format_time (alarm->raised_ns);
  g_autofree char *state = state_text (alarm);
  g_autofree char *text = NULL;
  static const char * const classes[] = { "warning", "minor", "major", "error" };
  GBinding *binding;

  /* Translators: machine · type · raised at · state */
  text = g_strdup_printf (_("%s · %s · raised %s · %s"), alarm->machine_id, alarm->type,
                          raised, state);
  gtk_label_set_label (GTK_LABEL (title), message);
  gtk_label_set_label (GTK_LABEL (subtitle), text);

  gtk_label_set_label (GTK_LABEL (pill), severity_label (alarm->severity));
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (pill, classes[i]);
  gtk_widget_add_css_class (pill, severity_css_class (alarm->severity));
  if (alarm->state == IM_ALARM_STATE_CLEARED)
    gtk_widget_add_css_class (box, "dim-label");
  else
    gtk_widget_remove_css_class (box, "dim-label");

  binding = g_object_bind_property (item, "checked", check, "active",
                                    G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (list_item), "im-binding", binding);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               ImAlarmsPage             *self)
{
  GBinding *binding = g_object_steal_data (G_OBJECT (list_item), "im-binding");

  if (binding != NULL)
    g_binding_unbind (binding);
}

/* ---- Loading ------------------------------------------------------- */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
update_machines (ImAlarmsPage *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *selected = NULL;
  guint position = gtk_drop_down_get_selected (self->machine_dropdown);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (self->machines));
  gboolean same;

  if (position > 0 && position != GTK_INVALID_LIST_POSITION)
    selected = g_strdup (gtk_string_list_get_string (self->machines, position));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ImAlarmItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      const char *id = im_alarm_item_get_alarm (item)->machine_id;

      if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, (gpointer) id);
    }
  /* The one picked stays, listed or not. */
  if (selected != NULL && !g_ptr_array_find_with_equal_func (ids, selected, g_str_equal, NULL))
    g_ptr_array_add (ids, selected);
  g_ptr_array_sort (ids, compare_strings);

  same = old_n == ids->len + 1;
  for (guint i = 0; same && i < ids->len; i++)
    same = strcmp (gtk_string_list_get_string (self->machines, i + 1), ids->pdata[i]) == 0;
  if (same)
    return;

  g_ptr_array_add (ids, NULL);
  gtk_string_list_splice (self->machines, 1, old_n - 1, (const char * const *) ids->pdata);

  position = 0;
  for (guint i = 0; selected != NULL && i + 1 < ids->len; i++)
    if (strcmp (ids->pdata[i], selected) == 0)
      position = i + 1;
  gtk_drop_down_set_selected (self->machine_dropdown, position);
}

/* Whether the store holds @alarms already, in the same order. */
static gboolean
alarms_equal (ImAlarmsPage *self,
              GArray       *alarms)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) != alarms->len)
    return FALSE;

  for (guint i = 0; i < alarms->len; i++)
    {
      g_autoptr(ImAlarmItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      const ImAlarm *a = im_alarm_item_get_alarm (item);
      const ImAlarm *b = &g_array_index (alarms, ImAlarm, i);

      /* What changes in a record: its updates, clear and acknowledgement. */
      if (strcmp (a->id, b->id) != 0 || a->updated_ns != b->updated_ns ||
          a->state != b->state || a->cleared_ns != b->cleared_ns ||
          a->acknowledged != b->acknowledged || a->ack_ns != b->ack_ns ||
          a->severity != b->severity || a->count != b->count ||
          a->peak != b->peak || strcmp (a->ack_user, b->ack_user) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ImAlarmsPage) self = user_data;
  g_autoptr(GArray) alarms = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) checked = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  alarms = im_data_source_list_alarms_finish (IM_DATA_SOURCE (object), result, &error);
  if (!im_page_end_request (IM_PAGE (self), error))
    return;

  if (alarms == NULL)
    {
      g_debug ("Could not list the alarms: %s", error->message);
      if (!self->loaded)
        {
          self->loaded = TRUE;
          update_summary (self);
        }
      return;
    }

  self->n_loads++;

  /* Unchanged (most refreshes): the rows stay as they are. */
  if (self->loaded && self->wanted_id == NULL && alarms_equal (self, alarms))
    return;

  /* What was checked stays checked. */
  for (guint i = 0; i < n_old; i++)
    {
      g_autoptr(ImAlarmItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (im_alarm_item_get_checked (item))
        g_hash_table_add (checked, g_strdup (im_alarm_item_get_alarm (item)->id));
    }

  for (guint i = 0; i < alarms->len; i++)
    {
      const ImAlarm *alarm = &g_array_index (alarms, ImAlarm, i);
      ImAlarmItem *item = im_alarm_item_new (alarm);

      im_alarm_item_set_checked (item, g_hash_table_contains (checked, alarm->id));
      g_ptr_array_add (items, item);
    }

  self->updating = TRUE;
  g_list_store_splice (self->store, 0, n_old, items->pdata, items->len);
  update_machines (self);
  self->loaded = TRUE;

  if (self->wanted_id != NULL && find_shown (self, self->wanted_id, NULL) == NULL)
    {
      /* Hidden by a filter: clear them all, so the alarm asked for shows. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->machine_dropdown, 0);
      gtk_drop_down_set_selected (self->severity_dropdown, 0);
      gtk_drop_down_set_selected (self->type_dropdown, 0);
      gtk_drop_down_set_selected (self->state_dropdown, 0);
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
    }
  if (self->wanted_id != NULL && find_shown (self, self->wanted_id, NULL) != NULL)
    {
      g_free (self->selected_id);
      self->selected_id = g_steal_pointer (&self->wanted_id);
    }

  select_id (self, self->selected_id);
  self->updating = FALSE;

  {
    ImAlarmItem *shown = self->selected_id != NULL ? find_shown (self, self->selected_id, NULL)
                                                   : NULL;

    if (shown == NULL)
      g_clear_pointer (&self->selected_id, g_free);
    show_details (self, shown != NULL ? im_alarm_item_get_alarm (shown) : NULL);
  }

  update_summary (self);
  update_actions (self);
}

static void
fetch (ImAlarmsPage *self)
{
  ImPage *page = IM_PAGE (self);
  ImDataSource *source = im_page_get_source (page);
  guint range = gtk_drop_down_get_selected (self->range_dropdown);
  gint64 now = im_now_ns ();

  if (source == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      im_page_get_requesting (page))
    return;

  if (range >= G_N_ELEMENTS (ranges_ns))
    range = 0;

  /* Up to a minute ahead: clocks of machines and of this computer differ. */
  im_data_source_list_alarms_async (source, NULL, now - ranges_ns[range],
                                    now + 60 * IM_NSEC_PER_SEC,
                                    im_page_begin_request (page), list_cb, g_object_ref (self));
}

static void
range_changed_cb (ImAlarmsPage *self)
{
  im_page_cancel_request (IM_PAGE (self));
  fetch (self);
}

/* ---- Acknowledging ------------------------------------------------- */

static void
acknowledged_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ImAlarmsPage) self = user_data;
  g_autoptr(GArray) done = NULL;
  g_autoptr(GError) error = NULL;

  done = im_data_source_acknowledge_alarms_finish (IM_DATA_SOURCE (object), result, &error);
  if (im_error_is_cancelled (error))
    return;

  g_clear_object (&self->ack_cancellable);

  if (done == NULL)
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
      /* Translators: %s is why */
      g_autofree char *title = g_strdup_printf (_("Could not acknowledge: %s"), error->message);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
    }
  else
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ImAlarmItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

          im_alarm_item_set_checked (item, FALSE);
        }
    }

  update_actions (self);
  im_page_cancel_request (IM_PAGE (self));
  fetch (self);
}

static void
ack_clicked_cb (ImAlarmsPage *self)
{
  g_autoptr(GArray) alarms = g_array_new (FALSE, FALSE, sizeof (ImAlarm));
  g_autofree char *user = NULL;
  ImDataSource *source = im_page_get_source (IM_PAGE (self));

  g_assert (IM_IS_ALARMS_PAGE (self));

  if (source == NULL || self->ack_cancellable != NULL ||
      count_to_acknowledge (self, alarms) == 0)
    return;

  user = im_alarm_dup_user_name ();
  self->ack_cancellable = g_cancellable_new ();
  im_data_source_acknowledge_alarms_async (source, (const ImAlarm *) (gpointer) alarms->data,
                                           alarms->len, user, im_now_ns (),
                                           self->ack_cancellable, acknowledged_cb,
                                           g_object_ref (self));
  update_actions (self);
}

static void
check_all_clicked_cb (ImAlarmsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  gboolean all = TRUE;

  for (guint i = 0; i < n && all; i++)
    {
      g_autoptr(ImAlarmItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      all = im_alarm_item_get_checked (item);
    }

  /* A second click unchecks them. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ImAlarmItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      im_alarm_item_set_checked (item, !all);
    }

  update_actions (self);
}

/* ---- Export -------------------------------------------------------- */

static GArray *
dup_shown (ImAlarmsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  GArray *alarms = g_array_sized_new (FALSE, FALSE, sizeof (ImAlarm), n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ImAlarmItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      g_array_append_vals (alarms, im_alarm_item_get_alarm (item), 1);
    }

  return alarms;
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!im_csv_export_run_finish (IM_CSV_EXPORT (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
im_alarms_page_export_to_file_async (ImAlarmsPage        *self,
                                     GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GArray) alarms = NULL;
  g_autoptr(ImCsvExport) export = NULL;
  GTask *task;

  g_return_if_fail (IM_IS_ALARMS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, im_alarms_page_export_to_file_async);

  /* What is shown, in its order. */
  alarms = dup_shown (self);
  export = im_csv_export_new_alarms (alarms);
  g_task_set_task_data (task, g_object_ref (export), g_object_unref);
  im_csv_export_run_async (export, file, cancellable, export_done_cb, task);
}

gboolean
im_alarms_page_export_to_file_finish (ImAlarmsPage  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (IM_IS_ALARMS_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_chosen_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ImAlarmsPage *self = IM_ALARMS_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (!im_alarms_page_export_to_file_finish (self, result, &error))
    {
      /* Translators: %s is why */
      g_autofree char *title = g_strdup_printf (_("Could not export: %s"), error->message);

      toast = adw_toast_new (title);
    }
  else
    {
      g_autofree char *uri = g_file_get_uri (file);

      toast = adw_toast_new (_("Alarms exported"));
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "win.open-uri");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
chooser_response_cb (ImAlarmsPage         *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  g_clear_object (&self->chooser);
  update_actions (self);

  if (file != NULL)
    im_alarms_page_export_to_file_async (self, file, NULL, export_chosen_done_cb,
                                         g_object_ref (file));
}

static void
export_clicked_cb (ImAlarmsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export Alarms"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  /* Translators: a file name */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("alarms.csv"));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
  update_actions (self);
}

/* ---- ImPage -------------------------------------------------------- */

static void
source_alarms_changed_cb (ImAlarmsPage *self)
{
  fetch (self);
}

static void
im_alarms_page_source_changed (ImPage *page)
{
  ImAlarmsPage *self = IM_ALARMS_PAGE (page);

  g_cancellable_cancel (self->ack_cancellable);
  g_clear_object (&self->ack_cancellable);
  g_signal_group_set_target (self->source_signals, im_page_get_source (page));

  self->updating = TRUE;
  g_list_store_remove_all (self->store);
  self->updating = FALSE;
  g_clear_pointer (&self->selected_id, g_free);
  show_details (self, NULL);
  self->loaded = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_summary (self);
  update_actions (self);
  fetch (self);
}

static void
im_alarms_page_fetch (ImPage *page)
{
  fetch (IM_ALARMS_PAGE (page));
}

/* ---- Widget -------------------------------------------------------- */

static void
im_alarms_page_map (GtkWidget *widget)
{
  ImAlarmsPage *self = IM_ALARMS_PAGE (widget);

  GTK_WIDGET_CLASS (im_alarms_page_parent_class)->map (widget);

  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  fetch (self);
}

static void
im_alarms_page_unmap (GtkWidget *widget)
{
  ImAlarmsPage *self = IM_ALARMS_PAGE (widget);

  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  GTK_WIDGET_CLASS (im_alarms_page_parent_class)->unmap (widget);
}

static void
im_alarms_page_dispose (GObject *object)
{
  ImAlarmsPage *self = (ImAlarmsPage *) object;

  g_cancellable_cancel (self->ack_cancellable);
  g_clear_object (&self->ack_cancellable);
  if (self->source_signals != NULL)
    g_signal_group_set_target (self->source_signals, NULL);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  /* The filters change as their widgets go: nothing to show any more. */
  if (self->machine_dropdown != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->machine_dropdown, self);
      g_signal_handlers_disconnect_by_data (self->severity_dropdown, self);
      g_signal_handlers_disconnect_by_data (self->type_dropdown, self);
      g_signal_handlers_disconnect_by_data (self->state_dropdown, self);
      g_signal_handlers_disconnect_by_data (self->range_dropdown, self);
      g_signal_handlers_disconnect_by_data (self->search_entry, self);
      g_signal_handlers_disconnect_by_data (self->selection, self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), IM_TYPE_ALARMS_PAGE);

  g_clear_object (&self->source_signals);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->store);
  g_clear_object (&self->machines);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->wanted_id, g_free);

  G_OBJECT_CLASS (im_alarms_page_parent_class)->dispose (object);
}

static void
im_alarms_page_class_init (ImAlarmsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ImPageClass *page_class = IM_PAGE_CLASS (klass);

  object_class->dispose = im_alarms_page_dispose;

  widget_class->map = im_alarms_page_map;
  widget_class->unmap = im_alarms_page_unmap;

  page_class->source_changed = im_alarms_page_source_changed;
  page_class->auto_refresh = im_alarms_page_fetch;
  page_class->refresh = im_alarms_page_fetch;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "/im-alarms-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, machine_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, severity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, detail_group);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, row_machine);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, row_type);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, row_sensors);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, row_severity);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, row_state);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, row_started);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, row_raised);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, row_cleared);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, row_acked);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, row_value);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, ack_button);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, check_all_button);
  gtk_widget_class_bind_template_child (widget_class, ImAlarmsPage, export_button);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ack_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
}

static void
im_alarms_page_init (ImAlarmsPage *self)
{
  static const char *all_machines[2] = { NULL, NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  all_machines[0] = _("All Machines");
  self->machines = gtk_string_list_new (all_machines);
  gtk_drop_down_set_model (self->machine_dropdown, G_LIST_MODEL (self->machines));

  self->store = g_list_store_new (IM_TYPE_ALARM_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                              GTK_FILTER (self->filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                          GTK_SORTER (gtk_custom_sorter_new (sort_func, NULL, NULL)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selected_cb), self, G_CONNECT_SWAPPED);
  {
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

    g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
    g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
    g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row_cb), self, 0);
    gtk_list_view_set_factory (self->list_view, factory);
    g_object_unref (factory);
  }
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->machine_dropdown, "notify::selected",
                           G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->severity_dropdown, "notify::selected",
                           G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->type_dropdown, "notify::selected",
                           G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->state_dropdown, "notify::selected",
                           G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->range_dropdown, "notify::selected",
                           G_CALLBACK (range_changed_cb), self, G_CONNECT_SWAPPED);

  self->source_signals = g_signal_group_new (IM_TYPE_DATA_SOURCE);
  g_signal_group_connect_object (self->source_signals, "alarms-changed",
                                 G_CALLBACK (source_alarms_changed_cb), self,
                                 G_CONNECT_SWAPPED);

  g_object_bind_property (self, "busy", self->spinner, "spinning", G_BINDING_SYNC_CREATE);
  im_page_enable_auto_refresh (IM_PAGE (self));
  show_details (self, NULL);
  update_summary (self);
  update_actions (self);
}

void
im_alarms_page_show_alarm (ImAlarmsPage *self,
                           const char   *alarm_id)
{
  g_return_if_fail (IM_IS_ALARMS_PAGE (self));
  g_return_if_fail (alarm_id != NULL);

  g_free (self->wanted_id);
  self->wanted_id = g_strdup (alarm_id);

  /* Listed already: at once, and a fresh listing shows its latest state. */
  if (find_shown (self, alarm_id, NULL) != NULL)
    {
      g_clear_pointer (&self->wanted_id, g_free);
      select_id (self, alarm_id);
    }

  im_page_cancel_request (IM_PAGE (self));
  fetch (self);
}

const char *
im_alarms_page_get_selected_id (ImAlarmsPage *self)
{
  g_return_val_if_fail (IM_IS_ALARMS_PAGE (self), NULL);

  return self->selected_id;
}

guint
im_alarms_page_get_n_shown (ImAlarmsPage *self)
{
  g_return_val_if_fail (IM_IS_ALARMS_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

const ImAlarm *
im_alarms_page_get_shown (ImAlarmsPage *self,
                          guint         position)
{
  g_autoptr(ImAlarmItem) item = NULL;

  g_return_val_if_fail (IM_IS_ALARMS_PAGE (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  /* The store keeps the item alive. */
  return item != NULL ? im_alarm_item_get_alarm (item) : NULL;
}

guint
im_alarms_page_get_n_loads (ImAlarmsPage *self)
{
  g_return_val_if_fail (IM_IS_ALARMS_PAGE (self), 0);

  return self->n_loads;
}

void
im_alarms_page_select (ImAlarmsPage *self,
                       guint         position)
{
  g_return_if_fail (IM_IS_ALARMS_PAGE (self));

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                              position);
}

void
im_alarms_page_set_checked (ImAlarmsPage *self,
                            guint         position,
                            gboolean      checked)
{
  g_autoptr(ImAlarmItem) item = NULL;

  g_return_if_fail (IM_IS_ALARMS_PAGE (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  g_return_if_fail (item != NULL);

  im_alarm_item_set_checked (item, checked);
  update_actions (self);
}

GtkEditable *
im_alarms_page_get_search_entry (ImAlarmsPage *self)
{
  g_return_val_if_fail (IM_IS_ALARMS_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkDropDown *
im_alarms_page_get_dropdown (ImAlarmsPage *self,
                             const char   *name)
{
  g_return_val_if_fail (IM_IS_ALARMS_PAGE (self), NULL);

  if (g_strcmp0 (name, "machine") == 0)
    return self->machine_dropdown;
  if (g_strcmp0 (name, "severity") == 0)
    return self->severity_dropdown;
  if (g_strcmp0 (name, "type") == 0)
    return self->type_dropdown;
  if (g_strcmp0 (name, "state") == 0)
    return self->state_dropdown;
  if (g_strcmp0 (name, "range") == 0)
    return self->range_dropdown;

  g_return_val_if_reached (NULL);
}

GtkButton *
im_alarms_page_get_ack_button (ImAlarmsPage *self)
{
  g_return_val_if_fail (IM_IS_ALARMS_PAGE (self), NULL);

  return self->ack_button;
}

const char *
im_alarms_page_get_detail (ImAlarmsPage *self,
                           const char   *name)
{
  AdwActionRow *row = NULL;

  g_return_val_if_fail (IM_IS_ALARMS_PAGE (self), NULL);

  if (g_strcmp0 (name, "machine") == 0) row = self->row_machine;
  else if (g_strcmp0 (name, "type") == 0) row = self->row_type;
  else if (g_strcmp0 (name, "sensors") == 0) row = self->row_sensors;
  else if (g_strcmp0 (name, "severity") == 0) row = self->row_severity;
  else if (g_strcmp0 (name, "state") == 0) row = self->row_state;
  else if (g_strcmp0 (name, "started") == 0) row = self->row_started;
  else if (g_strcmp0 (name, "raised") == 0) row = self->row_raised;
  else if (g_strcmp0 (name, "cleared") == 0) row = self->row_cleared;
  else if (g_strcmp0 (name, "acked") == 0) row = self->row_acked;
  else if (g_strcmp0 (name, "value") == 0) row = self->row_value;

  g_return_val_if_fail (row != NULL, NULL);

  return adw_action_row_get_subtitle (row);
}
