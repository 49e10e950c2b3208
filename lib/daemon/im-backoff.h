/* im-backoff.h
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IM_BACKOFF_DEFAULT_BASE_NS (100 * G_GINT64_CONSTANT (1000000))
#define IM_BACKOFF_DEFAULT_CAP_NS  (30 * G_GINT64_CONSTANT (1000000000))

/* Returns a uniformly distributed double in [0, 1). */
typedef double (*ImRandomFunc) (gpointer user_data);

/**
 * ImBackoff:
 *
 * Exponential backoff with full jitter: the n-th delay (n from 0) is drawn
 * uniformly from [0, min (cap, base × 2ⁿ)). The randomness is injected so
 * tests are deterministic. A plain value type; not thread-safe.
 */
typedef struct
{
  gint64       base_ns;
  gint64       cap_ns;
  guint        attempt;
  ImRandomFunc random;
  gpointer     random_data;
} ImBackoff;

void   im_backoff_init        (ImBackoff    *self,
                               gint64        base_ns,
                               gint64        cap_ns,
                               ImRandomFunc  random,
                               gpointer      random_data);
gint64 im_backoff_get_ceiling (const ImBackoff *self);
gint64 im_backoff_next        (ImBackoff    *self);
void   im_backoff_reset       (ImBackoff    *self);

G_END_DECLS
