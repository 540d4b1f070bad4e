/* acceptor.c - accept connections and hand them to libmicrohttpd's daemon
 * (see acceptor.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/log.h"
#include "http/acceptor.h"
#include "http/stop_signal.h"

/* After a failure that is not the client's (out of descriptors or of
 * memory), wait this long before accepting again, as a connection ending
 * is what frees a descriptor. */
#define ACCEPT_PAUSE_MS 100

struct acceptor {
	long max;
	int workers;      /* the daemon's worker threads */
	unsigned long rr; /* the worker the next connection goes to */
	struct MHD_Daemon *d;
	MHD_socket fd;
	pthread_t thread;
	bool started;
	atomic_bool stop;
	/* Open connections: started and not yet ended, as libmicrohttpd tells;
	 * and handed over but not yet started by their worker.  A connection
	 * its worker fails to start (no memory for its pool) is never told
	 * of, and stays counted in handed. */
	atomic_long open, handed;
	int wake[2]; /* a byte on wake[1] ends the thread's wait */
};

struct acceptor *acceptor_new(unsigned max_conns)
{
	struct acceptor *a = xcalloc(1, sizeof(*a));

	a->max = max_conns ? max_conns : 1;
	a->wake[0] = a->wake[1] = -1;
	return a;
}

void acceptor_notify(struct acceptor *a, enum MHD_ConnectionNotificationCode toe)
{
	long h;

	if (!a)
		return;
	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		atomic_fetch_sub(&a->open, 1);
		return;
	}
	atomic_fetch_add(&a->open, 1);
	/* One handed over is started now, unless libmicrohttpd accepted this
	 * one itself before the acceptor took over. */
	h = atomic_load(&a->handed);
	while (h > 0 && !atomic_compare_exchange_weak(&a->handed, &h, h - 1))
		;
}

/* Failures of one connection, gone before it was accepted: go on. */
static bool client_gone(int err)
{
	return err == EINTR || err == ECONNABORTED || err == EPROTO || err == EPERM;
}

/* Wait until the listener has a connection or the acceptor is stopped
 * (the listening socket is non-blocking, as libmicrohttpd made it); with
 * pause_ms >= 0, wait that long at most and for the stop only. */
static void wait_for(struct acceptor *a, int pause_ms)
{
	struct pollfd p[2] = {{.fd = a->wake[0], .events = POLLIN},
	                      {.fd = a->fd, .events = POLLIN}};

	(void)poll(p, pause_ms < 0 ? 2 : 1, pause_ms);
}

/* s, or a duplicate of it whose number is target modulo workers (s then
 * closed): libmicrohttpd gives a connection to the worker the socket's
 * number points to, or the next one with room.  Socket numbers alone do
 * not alternate, as serving a connection opens descriptors too (the
 * guard's duplicate, conn_guard.h).  A descriptor above the lowest free
 * one is nearly always free; after a few tries, or out of descriptors, s
 * goes as it is. */
static int numbered_for(int s, int target, int workers)
{
	for (int i = 0; i < 8 && s % workers != target; i++) {
		int want = s + (target - s % workers + workers) % workers + i * workers;
		int d = fcntl(s, F_DUPFD_CLOEXEC, want);

		if (d < 0)
			break;
		if (d % workers == target) {
			close(s);
			return d;
		}
		close(d);
	}
	return s;
}

/* Hand s over, or close it when the server has all it may have open. */
static void hand_over(struct acceptor *a, int s, struct sockaddr_storage *addr,
                      socklen_t len, bool *full)
{
	if (atomic_load(&a->open) + atomic_load(&a->handed) >= a->max) {
		if (!*full)
			log_msg(LOG_WARN,
			        "http: %ld connections are open, the most allowed "
			        "(--max-connections): closing new ones until one ends",
			        a->max);
		*full = true;
		close(s);
		return;
	}
	*full = false;
	if (a->workers > 1)
		s = numbered_for(s, (int)(a->rr++ % (unsigned long)a->workers),
		                 a->workers);
	atomic_fetch_add(&a->handed, 1);
	/* The socket is the daemon's from here, added or closed. */
	if (MHD_add_connection(a->d, s, (struct sockaddr *)addr, len) != MHD_YES)
		atomic_fetch_sub(&a->handed, 1);
}

static void *accept_main(void *arg)
{
	struct acceptor *a = arg;
	bool short_of = false; /* said once per stretch of failures */
	bool full = false;     /* the same for the connection limit */

	pthread_setname_np(pthread_self(), "observa-accept");
	while (!atomic_load(&a->stop)) {
		struct sockaddr_storage addr;
		socklen_t len = sizeof(addr);
		int s = accept4(a->fd, (struct sockaddr *)&addr, &len,
		                SOCK_CLOEXEC | SOCK_NONBLOCK);

		if (s < 0) {
			int err = errno;

			if (err == EAGAIN || err == EWOULDBLOCK) {
				wait_for(a, -1);
				continue;
			}
			if (client_gone(err) || atomic_load(&a->stop))
				continue;
			if (!short_of)
				log_msg(LOG_WARN, "http: cannot accept connections: %s",
				        strerror(err));
			short_of = true;
			wait_for(a, ACCEPT_PAUSE_MS);
			continue;
		}
		short_of = false;
		hand_over(a, s, &addr, len, &full);
	}
	return NULL;
}

enum status acceptor_start(struct acceptor *a, struct MHD_Daemon *d, int workers,
                           MHD_socket listener, struct err *e)
{
	int r;

	a->d = d;
	a->workers = workers > 1 ? workers : 1;
	a->fd = listener;
	if (pipe2(a->wake, O_CLOEXEC) != 0) {
		a->wake[0] = a->wake[1] = -1;
		return err_set(e, ST_IO, "cannot start accepting connections: %s",
		               strerror(errno));
	}
	r = stop_signal_thread_create(&a->thread, accept_main, a);
	if (r)
		return err_set(e, ST_INTERNAL, "cannot start accepting connections: %s",
		               strerror(r));
	a->started = true;
	return ST_OK;
}

void acceptor_stop(struct acceptor *a)
{
	if (!a || !a->started)
		return;
	atomic_store(&a->stop, true);
	(void)!write(a->wake[1], "", 1);
	pthread_join(a->thread, NULL);
	a->started = false;
}

void acceptor_free(struct acceptor *a)
{
	if (!a)
		return;
	acceptor_stop(a);
	if (a->wake[0] >= 0) {
		close(a->wake[0]);
		close(a->wake[1]);
	}
	free(a);
}
