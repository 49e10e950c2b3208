/* im-history-zoom.c — zoom, pan and the shared crosshair of the history
 * page's charts: a drag selects a range and zooms all four charts into
 * it, horizontal scrolling (or Shift with the wheel) and Ctrl+Left/Right
 * pan, Ctrl with the wheel zooms around the pointer, Ctrl+minus zooms
 * out and Alt+Left goes back a step. Each new range is queried again.
 * Hovering one chart shows the same time and its values on the others.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-history-zoom"

#include "config.h"

#include <math.h>

#include "im-axis.h"
#include "im-chart.h"
#include "im-history-page-private.h"
#include "im-util.h"

/* A drag shorter than this is a click, not a selection. */
#define MIN_DRAG_PX     8.0
/* The narrowest range a zoom goes to. */
#define MIN_SPAN_NS     (60 * IM_NSEC_PER_SEC)
/* Scrolling pans by this share of the range per step. */
#define PAN_PER_STEP    0.1
/* The keys and buttons pan by this share. */
#define PAN_PER_KEY     0.25
/* Scrolling moves the charts at once and queries once it pauses. */
#define SETTLE_MS       250

typedef struct
{
  gint64 from_ns;
  gint64 to_ns;
  gint64 preset_ns;
} ZoomStep;

static void
update_actions (ImHistoryPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.zoom-back",
                                 self->zoom_steps->len > 0);
}

static int
chart_index (ImHistoryPage *self,
             GtkWidget     *chart)
{
  for (guint s = 0; s < IM_N_SENSORS; s++)
    if (self->charts[s] == chart)
      return (int) s;

  return -1;
}

/* The time under @x of @chart; FALSE outside its plot area. */
static gboolean
time_at (GtkWidget *chart,
         double     x,
         gint64    *time_ns)
{
  graphene_rect_t plot;
  gint64 start_ns, end_ns;

  if (!im_chart_get_visible_range (IM_CHART (chart), &start_ns, &end_ns) || end_ns <= start_ns)
    return FALSE;

  im_chart_get_plot_area (IM_CHART (chart), &plot);
  if (plot.size.width < 1)
    return FALSE;

  x = CLAMP (x, plot.origin.x, plot.origin.x + plot.size.width);
  *time_ns = im_axis_pixel_to_time (x, start_ns, end_ns, plot.origin.x, plot.size.width);

  return TRUE;
}

/* Stays inside [now - 10 years, now]: panning goes no further than now. */
static void
clamp_to_now (gint64 *from_ns,
              gint64 *to_ns)
{
  gint64 now_ns = im_now_ns ();
  gint64 span = *to_ns - *from_ns;

  if (*to_ns > now_ns)
    {
      *to_ns = now_ns;
      *from_ns = now_ns - span;
    }
}

/* Goes to a range, one step back remembered. */
static void
zoom_to (ImHistoryPage *self,
         gint64         from_ns,
         gint64         to_ns)
{
  ZoomStep step = { self->from_ns, self->to_ns, self->preset_ns };

  g_clear_handle_id (&self->settle_id, g_source_remove);

  if (to_ns - from_ns < MIN_SPAN_NS)
    {
      gint64 middle = from_ns + (to_ns - from_ns) / 2;

      from_ns = middle - MIN_SPAN_NS / 2;
      to_ns = from_ns + MIN_SPAN_NS;
    }
  clamp_to_now (&from_ns, &to_ns);

  if (from_ns == self->from_ns && to_ns == self->to_ns)
    return;

  g_array_append_val (self->zoom_steps, step);
  update_actions (self);
  im_history_page_set_range (self, from_ns, to_ns);
}

/* ---- Scrolling: the charts move at once, the query follows ---------- */

static gboolean
settle_cb (gpointer user_data)
{
  ImHistoryPage *self = user_data;

  self->settle_id = 0;
  zoom_to (self, self->pending_from_ns, self->pending_to_ns);

  return G_SOURCE_REMOVE;
}

static void
move_soon (ImHistoryPage *self,
           gint64         from_ns,
           gint64         to_ns)
{
  clamp_to_now (&from_ns, &to_ns);
  self->pending_from_ns = from_ns;
  self->pending_to_ns = to_ns;

  for (guint s = 0; s < IM_N_SENSORS; s++)
    im_chart_set_time_range (IM_CHART (self->charts[s]), from_ns, to_ns);

  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (SETTLE_MS, settle_cb, self);
}

/* The range shown now: a scroll in progress, or the page's. */
static void
get_shown_range (ImHistoryPage *self,
                 gint64        *from_ns,
                 gint64        *to_ns)
{
  if (self->settle_id != 0)
    {
      *from_ns = self->pending_from_ns;
      *to_ns = self->pending_to_ns;
    }
  else
    {
      *from_ns = self->from_ns;
      *to_ns = self->to_ns;
    }
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           ImHistoryPage            *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *chart = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  gint64 from_ns, to_ns, span;

  get_shown_range (self, &from_ns, &to_ns);
  span = to_ns - from_ns;

  /* Ctrl and the wheel: zoom around the time under the pointer */
  if ((state & GDK_CONTROL_MASK) && dy != 0)
    {
      double factor = pow (1.25, CLAMP (dy, -4.0, 4.0));
      gint64 pivot;

      if (!time_at (chart, self->pointer_x, &pivot))
        pivot = from_ns + span / 2;
      move_soon (self,
                 pivot - (gint64) ((double) (pivot - from_ns) * factor),
                 pivot + (gint64) ((double) (to_ns - pivot) * factor));
      return TRUE;
    }

  /* Shift and the wheel, or a horizontal scroll: pan */
  if ((state & GDK_SHIFT_MASK) && dx == 0)
    dx = dy;
  if (dx != 0)
    {
      gint64 shift = (gint64) ((double) span * PAN_PER_STEP * CLAMP (dx, -10.0, 10.0));

      move_soon (self, from_ns + shift, to_ns + shift);
      return TRUE;
    }

  /* the page scrolls */
  return FALSE;
}

/* ---- Dragging: select a range ---------------------------------------- */

static void
set_selection (ImHistoryPage *self,
               gint64         start_ns,
               gint64         end_ns)
{
  for (guint s = 0; s < IM_N_SENSORS; s++)
    im_chart_set_selection (IM_CHART (self->charts[s]), start_ns, end_ns);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               ImHistoryPage  *self)
{
  GtkWidget *chart = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  graphene_rect_t plot;

  im_chart_get_plot_area (IM_CHART (chart), &plot);
  if (x < plot.origin.x || x > plot.origin.x + plot.size.width)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->drag_x = x;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                ImHistoryPage  *self)
{
  GtkWidget *chart = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  gint64 t0, t1;

  if (fabs (dx) < MIN_DRAG_PX)
    {
      set_selection (self, 0, 0);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (time_at (chart, self->drag_x, &t0) && time_at (chart, self->drag_x + dx, &t1))
    set_selection (self, t0, t1);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             ImHistoryPage  *self)
{
  GtkWidget *chart = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  set_selection (self, 0, 0);
  if (fabs (dx) >= MIN_DRAG_PX)
    im_history_page_zoom_to_pixels (self, chart_index (self, chart), self->drag_x, self->drag_x + dx);
}

void
im_history_page_zoom_to_pixels (ImHistoryPage *self,
                                ImSensor       sensor,
                                double         x0,
                                double         x1)
{
  gint64 t0, t1;

  g_return_if_fail (IM_IS_HISTORY_PAGE (self));
  g_return_if_fail ((guint) sensor < IM_N_SENSORS);

  if (!time_at (self->charts[sensor], x0, &t0) || !time_at (self->charts[sensor], x1, &t1) || t0 == t1)
    return;

  zoom_to (self, MIN (t0, t1), MAX (t0, t1));
}

/* ---- The shared crosshair -------------------------------------------- */

void
im_history_page_hover_at (ImHistoryPage *self,
                          ImSensor       sensor,
                          double         x)
{
  gint64 t;

  g_return_if_fail (IM_IS_HISTORY_PAGE (self));
  g_return_if_fail ((guint) sensor < IM_N_SENSORS);

  self->pointer_x = x;

  if (x < 0 || !time_at (self->charts[sensor], x, &t))
    {
      for (guint s = 0; s < IM_N_SENSORS; s++)
        im_chart_set_hover_x (IM_CHART (self->charts[s]), -1);
      return;
    }

  /* all at the same time (the hovered one has it already): their plot
   * areas may start elsewhere */
  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      ImChart *chart = IM_CHART (self->charts[s]);
      graphene_rect_t plot;
      gint64 start_ns, end_ns;

      if (!im_chart_get_visible_range (chart, &start_ns, &end_ns) || end_ns <= start_ns)
        continue;
      im_chart_get_plot_area (chart, &plot);
      im_chart_set_hover_x (chart, im_axis_time_to_pixel (t, start_ns, end_ns,
                                                          plot.origin.x, plot.size.width));
    }
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           ImHistoryPage            *self)
{
  GtkWidget *chart = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion));

  im_history_page_hover_at (self, chart_index (self, chart), x);
}

static void
leave_cb (GtkEventControllerMotion *motion,
          ImHistoryPage            *self)
{
  GtkWidget *chart = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion));

  im_history_page_hover_at (self, chart_index (self, chart), -1);
}

/* ---- Actions ----------------------------------------------------------- */

static void
zoom_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);
  ZoomStep step;

  if (self->zoom_steps->len == 0)
    return;

  g_clear_handle_id (&self->settle_id, g_source_remove);
  step = g_array_index (self->zoom_steps, ZoomStep, self->zoom_steps->len - 1);
  g_array_set_size (self->zoom_steps, self->zoom_steps->len - 1);
  update_actions (self);

  if (step.preset_ns > 0)
    im_history_page_set_preset (self, step.preset_ns);
  else
    im_history_page_set_range (self, step.from_ns, step.to_ns);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);
  gint64 from_ns, to_ns, span;

  get_shown_range (self, &from_ns, &to_ns);
  span = to_ns - from_ns;
  zoom_to (self, from_ns - span / 2, to_ns + span / 2);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ImHistoryPage *self = IM_HISTORY_PAGE (widget);
  int direction = g_variant_get_int32 (parameter) < 0 ? -1 : 1;
  gint64 from_ns, to_ns, shift;

  get_shown_range (self, &from_ns, &to_ns);
  shift = (gint64) ((double) (to_ns - from_ns) * PAN_PER_KEY) * direction;
  zoom_to (self, from_ns + shift, to_ns + shift);
}

void
im_history_page_class_init_zoom (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "history.zoom-back", NULL, zoom_back_action);
  gtk_widget_class_install_action (widget_class, "history.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "history.pan", "i", pan_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "history.zoom-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "history.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "history.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK,
                                       "history.pan", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK,
                                       "history.pan", "i", 1);
}

void
im_history_page_init_zoom (ImHistoryPage *self)
{
  self->zoom_steps = g_array_new (FALSE, FALSE, sizeof (ZoomStep));
  self->pointer_x = -1;

  for (guint s = 0; s < IM_N_SENSORS; s++)
    {
      GtkEventController *motion = gtk_event_controller_motion_new ();
      GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
      GtkGesture *drag = gtk_gesture_drag_new ();

      g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
      g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
      gtk_widget_add_controller (self->charts[s], motion);

      g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
      gtk_widget_add_controller (self->charts[s], scroll);

      gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
      g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
      g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
      g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
      gtk_widget_add_controller (self->charts[s], GTK_EVENT_CONTROLLER (drag));
    }

  update_actions (self);
}

void
im_history_page_dispose_zoom (ImHistoryPage *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_pointer (&self->zoom_steps, g_array_unref);
}
