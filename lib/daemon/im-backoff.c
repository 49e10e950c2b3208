/* im-backoff.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-backoff"

#include "config.h"

#include "im-backoff.h"

static double
default_random (gpointer user_data)
{
  /* GLib's global generator is thread-safe. */
  return g_random_double ();
}

/**
 * im_backoff_init:
 * @random: (nullable): the source of jitter, g_random_double() when %NULL
 */
void
im_backoff_init (ImBackoff    *self,
                 gint64        base_ns,
                 gint64        cap_ns,
                 ImRandomFunc  random,
                 gpointer      random_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (base_ns > 0);
  g_return_if_fail (cap_ns >= base_ns);

  self->base_ns = base_ns;
  self->cap_ns = cap_ns;
  self->attempt = 0;
  self->random = random != NULL ? random : default_random;
  self->random_data = random != NULL ? random_data : NULL;
}

/* The upper bound the next delay is drawn below: min (cap, base × 2ⁿ). */
gint64
im_backoff_get_ceiling (const ImBackoff *self)
{
  gint64 ceiling;

  g_return_val_if_fail (self != NULL, 0);

  ceiling = self->base_ns;
  for (guint i = 0; i < self->attempt && ceiling < self->cap_ns; i++)
    ceiling *= 2;

  return MIN (ceiling, self->cap_ns);
}

gint64
im_backoff_next (ImBackoff *self)
{
  gint64 ceiling;
  double r;

  g_return_val_if_fail (self != NULL, 0);

  ceiling = im_backoff_get_ceiling (self);
  r = self->random (self->random_data);
  r = CLAMP (r, 0.0, 1.0);

  /* Stop counting once the cap is reached, so the counter cannot wrap. */
  if (ceiling < self->cap_ns)
    self->attempt++;

  return MIN ((gint64) (r * (double) ceiling), ceiling);
}

void
im_backoff_reset (ImBackoff *self)
{
  g_return_if_fail (self != NULL);

  self->attempt = 0;
}
