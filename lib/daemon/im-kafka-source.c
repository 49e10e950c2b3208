/* im-kafka-source.c
 *
 * Copyright 2026 The IndustrialMind Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "im-kafka-source"

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib-unix.h>

#include "im-kafka-source.h"

typedef struct
{
  GSource           source;
  rd_kafka_queue_t *queue;
  int               fds[2];
  gpointer          tag;
} ImKafkaQueueSource;

static void
drain (int fd)
{
  char buf[64];

  for (;;)
    {
      gssize n = read (fd, buf, sizeof buf);

      if (n > 0 || (n < 0 && errno == EINTR))
        continue;
      break;
    }
}

static gboolean
kafka_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  ImKafkaQueueSource *self = (ImKafkaQueueSource *) source;

  drain (self->fds[0]);

  if (callback == NULL)
    return G_SOURCE_CONTINUE;

  return callback (user_data);
}

static void
kafka_source_finalize (GSource *source)
{
  ImKafkaQueueSource *self = (ImKafkaQueueSource *) source;

  if (self->queue != NULL)
    {
      rd_kafka_queue_io_event_enable (self->queue, -1, NULL, 0);
      rd_kafka_queue_destroy (self->queue);
      self->queue = NULL;
    }

  if (self->fds[0] >= 0)
    close (self->fds[0]);
  if (self->fds[1] >= 0)
    close (self->fds[1]);
}

static GSourceFuncs kafka_source_funcs = {
  .dispatch = kafka_source_dispatch,
  .finalize = kafka_source_finalize,
};

GSource *
im_kafka_queue_source_new (rd_kafka_queue_t  *queue,
                           GError           **error)
{
  g_autoptr(GSource) source = NULL;
  ImKafkaQueueSource *self;
  int fds[2];

  g_return_val_if_fail (queue != NULL, NULL);

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return NULL;

  source = g_source_new (&kafka_source_funcs, sizeof (ImKafkaQueueSource));
  self = (ImKafkaQueueSource *) source;
  self->fds[0] = fds[0];
  self->fds[1] = fds[1];
  g_source_set_static_name (source, "[im-kafka-queue]");

  if (!g_unix_set_fd_nonblocking (fds[0], TRUE, error) ||
      !g_unix_set_fd_nonblocking (fds[1], TRUE, error))
    return NULL;

  self->tag = g_source_add_unix_fd (source, fds[0], G_IO_IN);
  self->queue = queue;
  rd_kafka_queue_io_event_enable (queue, fds[1], "1", 1);

  return g_steal_pointer (&source);
}
