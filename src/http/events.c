/* events.c - the change hub behind the event streams (events.h): a
 * thread reading the writer's count, streams waiting suspended on a list,
 * resumed when a change or a heartbeat is due.  Connections are resumed
 * outside the hub's lock, so the lock is never held while libmicrohttpd
 * takes its own. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/log.h"
#include "http/events.h"
#include "http/http_stream.h"
#include "store/db_listen.h"

struct events_stream {
	struct events *ev;
	long long seen;            /* the version last told; -1 before the first */
	time_t last_sent;          /* monotonic seconds of the last bytes sent */
	struct MHD_Connection *mc; /* while suspended on the waiting list */
	struct events_stream *next;
};

struct events {
	struct writer *w;
	pthread_t thread;
	bool running;
	pthread_mutex_t mu;
	pthread_cond_t wake;
	bool stopping;
	long long version; /* moves when the writer's count moves */
	long long jobs;    /* the writer's count at the last tick */
	struct events_stream *waiting;
	atomic_int open; /* streams not yet freed */
	/* PostgreSQL: other servers' commits (used by the thread only) */
	struct db_listener *listen;
};

static time_t now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

/* Take off the list, under the lock, the streams to wake: all of them
 * when stopping, else those with news or a heartbeat due.  Returns them
 * as a list of their own. */
static struct events_stream *due(struct events *ev, time_t now)
{
	struct events_stream **p = &ev->waiting, *out = NULL, *s;

	while ((s = *p)) {
		if (ev->stopping || s->seen != ev->version ||
		    now - s->last_sent >= EVENTS_HEARTBEAT_S) {
			*p = s->next;
			s->next = out;
			out = s;
		} else {
			p = &s->next;
		}
	}
	return out;
}

static void resume_all(struct events_stream *list)
{
	while (list) {
		struct events_stream *next = list->next;
		struct MHD_Connection *mc = list->mc;

		list->mc = NULL;
		list->next = NULL;
		http_stream_resume(mc); /* list may be freed from here on */
		list = next;
	}
}

static void *events_main(void *arg)
{
	struct events *ev = arg;
	struct events_stream *wake;
	struct timespec until;
	long long jobs, batches;

	pthread_setname_np(pthread_self(), "observa-events");
	pthread_mutex_lock(&ev->mu);
	while (!ev->stopping) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += EVENTS_TICK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&ev->wake, &ev->mu, &until);
		if (ev->stopping)
			break;
		writer_counts(ev->w, &jobs, &batches);
		if (jobs != ev->jobs) {
			ev->jobs = jobs;
			ev->version++;
		}
		if (ev->listen) {
			long heard;
			/* Not under the lock: reconnecting may take a while. */
			pthread_mutex_unlock(&ev->mu);
			heard = db_listen_poll(ev->listen);
			pthread_mutex_lock(&ev->mu);
			if (heard)
				ev->version++;
		}
		wake = due(ev, now_s());
		pthread_mutex_unlock(&ev->mu);
		resume_all(wake);
		pthread_mutex_lock(&ev->mu);
	}
	pthread_mutex_unlock(&ev->mu);
	return NULL;
}

struct events *events_start(struct writer *w, const char *db_url)
{
	struct events *ev = xcalloc(1, sizeof(*ev));
	long long batches;
	struct err e;

	ev->w = w;
	err_clear(&e);
	if (db_url && db_listen_open(db_url, &ev->listen, &e) && e.code != ST_UNSUPPORTED)
		log_msg(LOG_WARN,
		        "events: not hearing other servers' changes (%s); this "
		        "server's dashboards see its own",
		        e.msg);
	pthread_mutex_init(&ev->mu, NULL);
	pthread_cond_init(&ev->wake, NULL);
	atomic_init(&ev->open, 0);
	if (w)
		writer_counts(w, &ev->jobs, &batches);
	ev->running = w && !pthread_create(&ev->thread, NULL, events_main, ev);
	return ev;
}

void events_stop(struct events *ev)
{
	struct events_stream *wake;

	if (!ev)
		return;
	pthread_mutex_lock(&ev->mu);
	ev->stopping = true;
	wake = due(ev, now_s());
	pthread_cond_signal(&ev->wake);
	pthread_mutex_unlock(&ev->mu);
	resume_all(wake);
	if (ev->running)
		pthread_join(ev->thread, NULL);
	ev->running = false;
}

void events_free(struct events *ev)
{
	if (!ev)
		return;
	events_stop(ev);
	db_listen_close(ev->listen);
	pthread_cond_destroy(&ev->wake);
	pthread_mutex_destroy(&ev->mu);
	free(ev);
}

enum status events_open(struct events *ev, struct events_stream **out, struct err *e)
{
	struct events_stream *s;
	bool stopping;

	*out = NULL;
	pthread_mutex_lock(&ev->mu);
	stopping = ev->stopping;
	pthread_mutex_unlock(&ev->mu);
	if (stopping)
		return err_set(e, ST_BUSY, "the server is stopping");
	if (atomic_fetch_add(&ev->open, 1) >= EVENTS_MAX_STREAMS) {
		atomic_fetch_sub(&ev->open, 1);
		return err_set(e, ST_BUSY, "too many event streams are open (%d)",
		               EVENTS_MAX_STREAMS);
	}
	s = xcalloc(1, sizeof(*s));
	s->ev = ev;
	s->seen = -1;
	s->last_sent = now_s();
	*out = s;
	return ST_OK;
}

enum status events_next(void *ctx, struct buf *out, bool *done, struct err *e)
{
	struct events_stream *s = ctx;
	struct events *ev = s->ev;
	time_t now = now_s();
	char line[160];
	enum status rc = ST_OK;

	(void)e;
	pthread_mutex_lock(&ev->mu);
	if (ev->stopping) {
		*done = true;
	} else if (s->seen != ev->version) {
		snprintf(line, sizeof(line), "%sevent: %s\ndata: {\"version\":%lld}\n\n",
		         s->seen < 0 ? "retry: 3000\n" : "",
		         s->seen < 0 ? "hello" : "change", ev->version);
		s->seen = ev->version;
		s->last_sent = now;
		rc = buf_append(out, line, strlen(line));
	} else if (now - s->last_sent >= EVENTS_HEARTBEAT_S) {
		s->last_sent = now;
		rc = buf_appendf(out, ": heartbeat\n\n");
	} else {
		s->mc = http_stream_suspend();
		if (s->mc) {
			s->next = ev->waiting;
			ev->waiting = s;
		} else {
			*done = true; /* not under a server: nothing to wait with */
		}
	}
	pthread_mutex_unlock(&ev->mu);
	return rc;
}

void events_close(void *ctx)
{
	struct events_stream *s = ctx;

	/* A suspended stream is never freed (its connection is out of the
	 * daemon's hands), so s is on no list here. */
	atomic_fetch_sub(&s->ev->open, 1);
	free(s);
}
