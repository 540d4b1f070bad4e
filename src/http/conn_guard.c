/* conn_guard.c - deadlines for requests' heads and bodies (conn_guard.h): a list of
 * the open connections under a lock, a deadline in each (atomic, since
 * workers set it without the lock), and a thread that shuts down the
 * sockets past theirs. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "http/conn_guard.h"
#include "http/stop_signal.h"

struct watched {
	struct watched *prev, *next;
	struct conn_guard *guard;
	int fd;                   /* a duplicate of the connection's socket */
	atomic_llong deadline_ms; /* monotonic; 0: none */
	bool cut;                 /* shut down already */
	/* Of the body being read, touched by the connection's worker only. */
	long long body_start_ms;
	unsigned long long body_bytes;
};

struct conn_guard {
	long long ms; /* the deadline's length */
	pthread_t thread;
	pthread_mutex_t mu; /* guards the list and stop */
	pthread_cond_t wake;
	bool stop;
	struct watched head; /* of a circular list */
	atomic_long cut;
};

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void sweep(struct conn_guard *g)
{
	long long now = now_ms();

	for (struct watched *w = g->head.next; w != &g->head; w = w->next) {
		long long d = atomic_load(&w->deadline_ms);
		if (!d || d > now || w->cut)
			continue;
		w->cut = true;
		shutdown(w->fd, SHUT_RDWR);
		atomic_fetch_add(&g->cut, 1);
	}
}

static void *guard_main(void *arg)
{
	struct conn_guard *g = arg;
	struct timespec until;

	pthread_setname_np(pthread_self(), "observa-guard");
	pthread_mutex_lock(&g->mu);
	while (!g->stop) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += CONN_GUARD_TICK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->mu, &until);
		if (!g->stop)
			sweep(g);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

enum status conn_guard_start(unsigned seconds, struct conn_guard **out, struct err *e)
{
	struct conn_guard *g = calloc(1, sizeof(*g));
	pthread_condattr_t ca;
	int r;

	*out = NULL;
	if (!g)
		return err_set(e, ST_NOMEM, "out of memory");
	g->ms = (long long)(seconds ? seconds : 1) * 1000;
	g->head.next = g->head.prev = &g->head;
	pthread_mutex_init(&g->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &ca);
	pthread_condattr_destroy(&ca);
	r = stop_signal_thread_create(&g->thread, guard_main, g);
	if (r) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->mu);
		free(g);
		return err_set(e, ST_INTERNAL, "cannot start the connection guard: %s",
		               strerror(r));
	}
	*out = g;
	return ST_OK;
}

void conn_guard_stop(struct conn_guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	g->stop = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->thread, NULL);
	/* MHD has closed every connection, each forgotten on the way. */
	while (g->head.next != &g->head) {
		struct watched *w = g->head.next;
		g->head.next = w->next;
		close(w->fd);
		free(w);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

static void watch(struct conn_guard *g, struct MHD_Connection *mc, void **socket_context)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct watched *w;
	int fd = ci ? dup(ci->connect_fd) : -1;

	*socket_context = NULL;
	if (fd < 0 || !(w = calloc(1, sizeof(*w)))) {
		/* Out of descriptors or memory: the idle timeout still holds. */
		if (fd >= 0)
			close(fd);
		log_msg(LOG_WARN, "http: a connection goes without a deadline: %s",
		        fd < 0 ? strerror(errno) : "out of memory");
		return;
	}
	w->guard = g;
	w->fd = fd;
	atomic_init(&w->deadline_ms, now_ms() + g->ms);
	pthread_mutex_lock(&g->mu);
	w->next = g->head.next;
	w->prev = &g->head;
	g->head.next->prev = w;
	g->head.next = w;
	pthread_mutex_unlock(&g->mu);
	*socket_context = w;
}

static void forget(struct watched *w)
{
	struct conn_guard *g = w->guard;

	pthread_mutex_lock(&g->mu);
	w->prev->next = w->next;
	w->next->prev = w->prev;
	pthread_mutex_unlock(&g->mu);
	close(w->fd);
	free(w);
}

void conn_guard_notify(void *cls, struct MHD_Connection *mc, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe)
{
	if (toe == MHD_CONNECTION_NOTIFY_STARTED)
		watch(cls, mc, socket_context);
	else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
		forget(*socket_context);
		*socket_context = NULL;
	}
}

static struct watched *watched_of(struct MHD_Connection *mc)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

void conn_guard_head_done(struct MHD_Connection *mc)
{
	struct watched *w = watched_of(mc);

	if (!w)
		return;
	w->body_start_ms = now_ms();
	w->body_bytes = 0;
	atomic_store(&w->deadline_ms, w->body_start_ms + w->guard->ms);
}

void conn_guard_body_read(struct MHD_Connection *mc, size_t n)
{
	struct watched *w = watched_of(mc);

	if (!w || !atomic_load(&w->deadline_ms))
		return;
	w->body_bytes += n;
	atomic_store(&w->deadline_ms,
	             w->body_start_ms + w->guard->ms +
	                 (long long)(w->body_bytes * 1000 / CONN_GUARD_BODY_RATE));
}

void conn_guard_request_read(struct MHD_Connection *mc)
{
	struct watched *w = watched_of(mc);

	if (w)
		atomic_store(&w->deadline_ms, 0);
}

void conn_guard_answered(struct MHD_Connection *mc)
{
	struct watched *w = watched_of(mc);

	if (w)
		atomic_store(&w->deadline_ms, now_ms() + w->guard->ms);
}

long conn_guard_cut(const struct conn_guard *g)
{
	return g ? atomic_load(&g->cut) : 0;
}
