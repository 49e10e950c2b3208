/* im-test-notifications.h — the desktop's side of GNotification, for
 * tests and benches.
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * ImTestNotifications:
 *
 * Owns org.gtk.Notifications on a (private) session bus, as gnome-shell
 * does, so GApplication's own backend delivers notifications to it:
 * what was sent is observed where the desktop would see it.
 */
typedef struct _ImTestNotifications ImTestNotifications;

/* Returns once the name is owned; asserts on failure. */
ImTestNotifications *im_test_notifications_new          (GDBusConnection     *bus);
void                 im_test_notifications_free         (ImTestNotifications *self);

/* AddNotification calls so far. */
guint                im_test_notifications_get_n_added  (ImTestNotifications *self);
/* The last one's application id, notification id and a{sv}; NULL before one. */
const char          *im_test_notifications_get_app_id   (ImTestNotifications *self);
const char          *im_test_notifications_get_id       (ImTestNotifications *self);
GVariant            *im_test_notifications_get_last     (ImTestNotifications *self);
/* When notification @id first arrived (g_get_real_time()), or 0. */
gint64               im_test_notifications_get_arrival  (ImTestNotifications *self,
                                                         const char          *id);
/* How many distinct ids arrived. */
guint                im_test_notifications_get_n_ids    (ImTestNotifications *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImTestNotifications, im_test_notifications_free)

G_END_DECLS
