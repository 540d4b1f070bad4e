/* stop_signal.h - waiting for SIGINT or SIGTERM, the signals that stop a
 * server.
 *
 * The handler only writes the signal's number to a pipe (the self-pipe
 * trick); the thread that waits reads it and does the real work of
 * stopping outside signal context.  One catcher at a time per process. */
#ifndef OBSERVA_STOP_SIGNAL_H
#define OBSERVA_STOP_SIGNAL_H

#include <pthread.h>
#include <signal.h>

#include "core/err.h"

struct stop_signal {
	int pipe[2];
	struct sigaction old_int, old_term;
};

/* Start catching SIGINT and SIGTERM.  ST_IO when the pipe or the handlers
 * cannot be set up.  Undo with stop_signal_release(). */
enum status stop_signal_catch(struct stop_signal *s, struct err *e);

/* Block until a caught signal arrives; returns its number. */
int stop_signal_wait(struct stop_signal *s);

/* Put back the previous handlers and close the pipe. */
void stop_signal_release(struct stop_signal *s);

/* pthread_create(t, NULL, fn, arg) with SIGINT and SIGTERM blocked in the
 * new thread, so that they come to the thread waiting for them; returns
 * pthread_create's result. */
int stop_signal_thread_create(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
