/* sms_outbox.c - the sender thread: wait for the poll interval or a wake,
 * read the due messages, and for each mark it "sending", send it through
 * its mission's gateway and record the outcome, every change a job of the
 * writer.  The rules (back-off, states) are pure functions at the top. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/log.h"
#include "core/text.h"
#include "http/sms_outbox.h"
#include "http/stop_signal.h"

/* ---- the rules ---- */

long long sms_outbox_backoff(int64_t attempts, long retry)
{
	long long wait = retry, cap = 60LL * retry;

	for (int64_t i = 1; i < attempts && wait < cap; i++)
		wait *= 2;
	return wait < cap ? wait : cap;
}

static const char *iso_at(long long t, struct arena *a)
{
	char s[21];

	text_time_iso(t, s);
	return arena_strdup(a, s);
}

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ"; -1 when unreadable. */
static long long iso_seconds(const char *s)
{
	struct tm tm = {0};
	int n = 0;

	if (!s ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    !n)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

void sms_outbox_mark(const struct sms_out_row *m, long long now,
                     const struct sms_outbox_timing *t, struct arena *a,
                     struct sms_out_row *out)
{
	*out = *m;
	if (m->status && !strcmp(m->status, "sending")) {
		out->attempts++;
		out->last_error = "interrupted: the server stopped before the "
		                  "gateway's answer was recorded";
	}
	out->status = "sending";
	out->next_attempt_at = iso_at(now + t->stale, a);
	out->gateway_id = NULL;
	out->sent_at = NULL;
}

void sms_outbox_after(const struct sms_out_row *m, const struct sms_send_result *r,
                      long long now, const struct sms_outbox_timing *t, struct arena *a,
                      struct sms_out_row *out)
{
	long long age, wait;
	char id[24];

	*out = *m;
	out->gateway_id = NULL;
	out->sent_at = NULL;
	if (!r->attempted) {
		age = now - iso_seconds(m->created_at);
		wait = age < t->retry ? t->retry : age;
		if (wait > 60LL * t->retry)
			wait = 60LL * t->retry;
		out->status = "queued";
		out->next_attempt_at = iso_at(now + wait, a);
		out->last_error = arena_strdup(a, r->error);
		return;
	}
	out->attempts = m->attempts + 1;
	if (r->outcome == SMS_SEND_TAKEN) {
		snprintf(id, sizeof(id), "%lld", (long long)m->id);
		out->status = "sent";
		out->gateway_id = arena_strdup(a, *r->gateway_id ? r->gateway_id : id);
		out->sent_at = iso_at(now, a);
		out->last_error = NULL;
		return;
	}
	out->last_error = arena_strdup(a, r->error);
	if (r->outcome == SMS_SEND_PERMANENT ||
	    out->attempts >= SMS_OUTBOX_MAX_ATTEMPTS) {
		out->status = "failed";
		return;
	}
	out->status = "queued";
	out->next_attempt_at =
	    iso_at(now + sms_outbox_backoff(out->attempts, t->retry), a);
}

void sms_phone_mask(const char *phone, char out[PHONE_MAX])
{
	size_t n = phone ? strlen(phone) : 0;

	if (n >= PHONE_MAX)
		n = PHONE_MAX - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (n >= 10 && (i < 5 || i >= n - 2)) ? phone[i] : '*';
	out[n] = '\0';
}

/* ---- the timing ---- */

static enum status env_seconds(const char *name, long min, long max, long *out,
                               struct err *e)
{
	const char *v = getenv(name);
	int64_t n;

	if (!v || !*v)
		return ST_OK;
	if (!text_int64(v, min, max, &n))
		return err_set(e, ST_INVALID, "%s: must be from %ld to %ld, not \"%s\"",
		               name, min, max, v);
	*out = (long)n;
	return ST_OK;
}

enum status sms_outbox_timing_env(struct sms_outbox_timing *t, struct err *e)
{
	enum status rc;

	*t = (struct sms_outbox_timing){
	    .poll = 1, .stale = 60, .retry = 30, .timeout = SMS_GATEWAY_TIMEOUT};
	rc = env_seconds("OBSERVA_SMS_POLL_SECONDS", 1, 3600, &t->poll, e);
	if (!rc)
		rc = env_seconds("OBSERVA_SMS_STALE_SECONDS", 1, 86400, &t->stale, e);
	if (!rc)
		rc = env_seconds("OBSERVA_SMS_RETRY_SECONDS", 1, 86400, &t->retry, e);
	if (!rc)
		rc = env_seconds("OBSERVA_SMS_TIMEOUT_SECONDS", 1, 600, &t->timeout, e);
	return rc;
}

/* ---- the thread ---- */

struct sms_outbox {
	struct store *st; /* reads: the queue, settings, missions */
	struct writer *writer;
	char *public_url; /* NULL when none */
	struct sms_outbox_timing timing;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	bool woken;           /* guarded by mu */
	atomic_bool stopping; /* also cuts a send short */
	/* The last warning that messages wait, said again only after
	 * SMS_WAIT_WARN_SECONDS (the outbox thread's own). */
	char warned[256];
	long long warned_at;
	long waited; /* messages that waited since it was said */
};

/* A warning that messages wait is not repeated within this many seconds:
 * on election night every pass would otherwise say it again. */
#define SMS_WAIT_WARN_SECONDS 60

/* A mission's settings, read once per pass. */
struct mission_gateway {
	int64_t mission_id;
	struct sms_config cfg; /* all NULL when the mission has none */
	const char *code;      /* the mission's code, for the status URL */
	long waiting;          /* messages left waiting for settings this pass */
	const char *why;
};

struct pass {
	struct sms_outbox *o;
	struct arena a;
	struct sms_out_row *rows; /* the due messages */
	size_t n, cap;
	struct sms_out_row *waits; /* those left waiting for settings */
	size_t nwaits;
	struct mission_gateway *gw;
	size_t ngw;
};

struct update_job {
	struct writer_job base; /* first */
	const struct sms_out_row *rows;
	size_t n;
};

static enum status update_run(struct store *st, struct writer_job *job)
{
	struct update_job *u = (struct update_job *)job;
	enum status rc = ST_OK;

	for (size_t i = 0; !rc && i < u->n; i++)
		rc = store_sms_out_update(st, &u->rows[i], &job->err);
	return rc;
}

/* Record rows[0..n) through the writer, in one job; rc as the job's. */
static enum status record_rows(struct sms_outbox *o, const struct sms_out_row *rows,
                               size_t n, struct err *e)
{
	struct update_job job = {.base = {.run = update_run}, .rows = rows, .n = n};
	enum status rc = writer_run(o->writer, &job.base);

	if (rc)
		*e = job.base.err;
	return rc;
}

static enum status record(struct sms_outbox *o, const struct sms_out_row *row,
                          struct err *e)
{
	return record_rows(o, row, 1, e);
}

struct claim_job {
	struct writer_job base; /* first */
	const struct sms_out_row *seen, *marked;
	bool claimed;
};

static enum status claim_run(struct store *st, struct writer_job *job)
{
	struct claim_job *c = (struct claim_job *)job;

	return store_sms_out_claim(st, c->seen, c->marked, &c->claimed, &job->err);
}

/* Mark m "sending" unless another server's sender took it since it was
 * read; *claimed says whether this one may send it. */
static enum status claim(struct sms_outbox *o, const struct sms_out_row *seen,
                         const struct sms_out_row *marked, bool *claimed, struct err *e)
{
	struct claim_job job = {
	    .base = {.run = claim_run}, .seen = seen, .marked = marked};
	enum status rc = writer_run(o->writer, &job.base);

	if (rc)
		*e = job.base.err;
	*claimed = job.claimed;
	return rc;
}

static bool stopping(struct sms_outbox *o)
{
	return atomic_load(&o->stopping);
}

/* Wait up to seconds, or until stopped; false when stopping. */
static bool nap(struct sms_outbox *o, long seconds)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += seconds;
	pthread_mutex_lock(&o->mu);
	while (!stopping(o) && pthread_cond_timedwait(&o->cond, &o->mu, &until) == 0)
		;
	pthread_mutex_unlock(&o->mu);
	return !stopping(o);
}

static enum status keep_row(void *ctx, const struct sms_out_row *m)
{
	struct pass *p = ctx;
	struct sms_out_row *r;

	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->rows = xrealloc(p->rows, p->cap * sizeof(*p->rows));
	}
	r = &p->rows[p->n++];
	*r = (struct sms_out_row){
	    .id = m->id,
	    .mission_id = m->mission_id,
	    .phone = arena_strdup(&p->a, m->phone),
	    .observer = arena_strdup(&p->a, m->observer),
	    .text = arena_strdup(&p->a, m->text),
	    .kind = arena_strdup(&p->a, m->kind),
	    .reply_to = m->reply_to,
	    .status = arena_strdup(&p->a, m->status),
	    .attempts = m->attempts,
	    .next_attempt_at = arena_strdup(&p->a, m->next_attempt_at),
	    .last_error = arena_strdup(&p->a, m->last_error),
	    .gateway_id = arena_strdup(&p->a, m->gateway_id),
	    .created_at = arena_strdup(&p->a, m->created_at),
	    .sent_at = arena_strdup(&p->a, m->sent_at),
	};
	return ST_OK;
}

struct code_lookup {
	int64_t id;
	const char *code;
	struct arena *a;
};

static enum status find_code(void *ctx, const struct mission *m)
{
	struct code_lookup *l = ctx;

	if (m->id == l->id)
		l->code = arena_strdup(l->a, m->code);
	return ST_OK;
}

/* The settings of mission_id, read at its first message of the pass. */
static struct mission_gateway *gateway_of(struct pass *p, int64_t mission_id)
{
	struct mission_gateway *g;
	struct code_lookup look = {mission_id, NULL, &p->a};
	struct err e;
	enum status rc;

	for (size_t i = 0; i < p->ngw; i++)
		if (p->gw[i].mission_id == mission_id)
			return &p->gw[i];
	p->gw = xrealloc(p->gw, (p->ngw + 1) * sizeof(*p->gw));
	g = &p->gw[p->ngw++];
	memset(g, 0, sizeof(*g));
	g->mission_id = mission_id;
	err_clear(&e);
	rc = store_sms_config_get(p->o->st, mission_id, &p->a, &g->cfg, &e);
	if (rc) {
		memset(&g->cfg, 0, sizeof(g->cfg));
		if (rc != ST_NOT_FOUND)
			log_msg(LOG_WARN, "sms: reading the SMS settings: %s", e.msg);
	}
	err_clear(&e);
	if (!store_mission_list(p->o->st, find_code, &look, &e))
		g->code = look.code;
	return g;
}

/* Twilio's StatusCallback for the mission: PUBLIC/sms/twilio/CODE/status,
 * when the server knows its public URL. */
static const char *status_url(struct pass *p, const struct mission_gateway *g)
{
	size_t n;
	char *url;

	if (!p->o->public_url || !g->code || !g->cfg.outbound_kind ||
	    strcmp(g->cfg.outbound_kind, "twilio"))
		return NULL;
	n = strlen(p->o->public_url) + strlen(g->code) + sizeof("/sms/twilio//status");
	url = arena_alloc(&p->a, n);
	snprintf(url, n, "%s/sms/twilio/%s/status", p->o->public_url, g->code);
	return url;
}

static void log_outcome(const struct sms_out_row *m, const struct sms_out_row *after,
                        const struct mission_gateway *g)
{
	char phone[PHONE_MAX];

	sms_phone_mask(m->phone, phone);
	if (!strcmp(after->status, "sent"))
		log_msg(LOG_INFO,
		        "sms: message %lld to %s taken by the %s gateway as %s "
		        "(attempt %lld)",
		        (long long)m->id, phone, g->cfg.outbound_kind, after->gateway_id,
		        (long long)after->attempts);
	else if (!strcmp(after->status, "failed"))
		log_msg(LOG_WARN,
		        "sms: message %lld to %s failed after %lld attempt%s: %s",
		        (long long)m->id, phone, (long long)after->attempts,
		        after->attempts == 1 ? "" : "s", after->last_error);
	else
		log_msg(LOG_INFO,
		        "sms: message %lld to %s not sent (attempt %lld of %d): %s; "
		        "next attempt at %s",
		        (long long)m->id, phone, (long long)after->attempts,
		        SMS_OUTBOX_MAX_ATTEMPTS, after->last_error,
		        after->next_attempt_at);
}

/* Record the outcome of a send the gateway answered.  A message the
 * gateway took must never be sent again, which a "sending" row would be
 * once stale: the record is tried until it is made or the server stops. */
static void record_outcome(struct sms_outbox *o, const struct sms_out_row *after)
{
	struct err e;

	err_clear(&e);
	while (record(o, after, &e)) {
		log_msg(LOG_ERROR, "sms: recording the outcome of message %lld: %s",
		        (long long)after->id, e.msg);
		if (!nap(o, 1)) {
			log_msg(LOG_ERROR,
			        "sms: message %lld stays \"sending\": the server stopped "
			        "before its outcome (%s) was recorded",
			        (long long)after->id, after->status);
			return;
		}
		err_clear(&e);
	}
}

/* Send m; false when a change could not be recorded (the database is
 * failing: the pass stops there). */
static bool send_one(struct pass *p, const struct sms_out_row *m)
{
	struct sms_outbox *o = p->o;
	struct mission_gateway *g = gateway_of(p, m->mission_id);
	struct sms_gateway_msg msg = {.id = m->id, .to = m->phone, .text = m->text};
	struct sms_gateway_opts opts = {.timeout = o->timing.timeout,
	                                .cancel = &o->stopping};
	struct sms_send_result res = {0};
	struct sms_gateway_request rq;
	struct sms_out_row marked, after;
	bool claimed;
	struct err e;

	err_clear(&e);
	msg.status_url = status_url(p, g);
	if (sms_gateway_request(&g->cfg, &msg, &p->a, &rq, &e)) {
		/* Nothing is sent: the message waits for settings, recorded
		 * with the others of the pass in one job. */
		snprintf(res.error, sizeof(res.error), "%s", e.msg);
		sms_outbox_after(m, &res, (long long)time(NULL), &o->timing, &p->a,
		                 &p->waits[p->nwaits]);
		g->why = p->waits[p->nwaits++].last_error;
		g->waiting++;
		return true;
	}
	sms_outbox_mark(m, (long long)time(NULL), &o->timing, &p->a, &marked);
	if (claim(o, m, &marked, &claimed, &e)) {
		log_msg(LOG_WARN, "sms: message %lld not sent: %s", (long long)m->id,
		        e.msg);
		return false;
	}
	if (!claimed)
		return true; /* another server sends it */
	sms_gateway_send(&g->cfg, &msg, &opts, &res);
	sms_outbox_after(&marked, &res, (long long)time(NULL), &o->timing, &p->a, &after);
	log_outcome(m, &after, g);
	record_outcome(o, &after);
	return true;
}

/* Say that g's messages wait, unless the same was said less than
 * SMS_WAIT_WARN_SECONDS ago; then it is counted, and said with the count
 * when it is said again. */
static void warn_waiting(struct sms_outbox *o, const struct mission_gateway *g)
{
	long long now = (long long)time(NULL);
	char what[sizeof(o->warned)];
	long n;

	snprintf(what, sizeof(what), "%s: %s", g->code ? g->code : "?", g->why);
	o->waited += g->waiting;
	if (!strcmp(what, o->warned) && now - o->warned_at < SMS_WAIT_WARN_SECONDS)
		return;
	n = o->waited;
	log_msg(LOG_WARN, "sms: %ld message%s of mission %s wait%s: %s%s", n,
	        n == 1 ? "" : "s", g->code ? g->code : "?", n == 1 ? "s" : "", g->why,
	        o->warned_at ? "" : " (said again at most once a minute)");
	snprintf(o->warned, sizeof(o->warned), "%s", what);
	o->warned_at = now;
	o->waited = 0;
}

/* One look at the queue; true when it was full (look again at once). */
static bool one_pass(struct sms_outbox *o)
{
	struct pass p = {.o = o, .a = ARENA_INIT};
	char now[21];
	struct err e;
	bool full = false, ok = true;

	err_clear(&e);
	text_now_iso(now);
	if (store_sms_out_due(o->st, now, now, SMS_OUTBOX_BATCH, keep_row, &p, &e)) {
		log_msg(LOG_WARN, "sms: reading the queue: %s", e.msg);
	} else {
		p.waits = xcalloc(p.n ? p.n : 1, sizeof(*p.waits));
		for (size_t i = 0; i < p.n && ok && !stopping(o); i++)
			ok = send_one(&p, &p.rows[i]);
		if (p.nwaits && record_rows(o, p.waits, p.nwaits, &e)) {
			log_msg(LOG_WARN, "sms: recording the messages that wait: %s",
			        e.msg);
			ok = false;
		}
		full = ok && p.n == SMS_OUTBOX_BATCH;
	}
	for (size_t i = 0; i < p.ngw; i++)
		if (p.gw[i].waiting)
			warn_waiting(o, &p.gw[i]);
	free(p.rows);
	free(p.waits);
	free(p.gw);
	arena_release(&p.a);
	return full;
}

static void *outbox_main(void *arg)
{
	struct sms_outbox *o = arg;
	struct timespec until;
	bool again = true; /* look at once when starting */

	pthread_setname_np(pthread_self(), "observa-outbox");
	while (!stopping(o)) {
		if (!again) {
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += o->timing.poll;
			pthread_mutex_lock(&o->mu);
			while (!o->woken && !stopping(o) &&
			       pthread_cond_timedwait(&o->cond, &o->mu, &until) == 0)
				;
			o->woken = false;
			pthread_mutex_unlock(&o->mu);
			if (stopping(o))
				break;
		}
		again = one_pass(o);
	}
	return NULL;
}

enum status sms_outbox_start(const char *db_url, struct writer *w, const char *public_url,
                             struct sms_outbox **out, struct err *e)
{
	struct sms_outbox *o = xcalloc(1, sizeof(*o));
	enum status rc;
	int r;

	*out = NULL;
	rc = sms_outbox_timing_env(&o->timing, e);
	if (!rc)
		rc = sms_gateway_global_init(e);
	if (rc) {
		free(o);
		return rc;
	}
	rc = store_open(db_url, &o->st, e);
	if (rc) {
		sms_gateway_global_cleanup();
		free(o);
		return rc;
	}
	store_set_actor(o->st, "server", "sms");
	o->writer = w;
	o->public_url = public_url && *public_url ? xstrdup(public_url) : NULL;
	atomic_init(&o->stopping, false);
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->cond, NULL);
	r = stop_signal_thread_create(&o->thread, outbox_main, o);
	if (r) {
		o->thread = pthread_self();
		sms_outbox_stop(o);
		return err_set(e, ST_INTERNAL, "cannot start the SMS sender's thread");
	}
	*out = o;
	return ST_OK;
}

void sms_outbox_wake(struct sms_outbox *o)
{
	if (!o)
		return;
	pthread_mutex_lock(&o->mu);
	o->woken = true;
	pthread_cond_broadcast(&o->cond);
	pthread_mutex_unlock(&o->mu);
}

void sms_outbox_stop(struct sms_outbox *o)
{
	if (!o)
		return;
	pthread_mutex_lock(&o->mu);
	atomic_store(&o->stopping, true);
	pthread_cond_broadcast(&o->cond);
	pthread_mutex_unlock(&o->mu);
	if (!pthread_equal(o->thread, pthread_self()))
		pthread_join(o->thread, NULL);
	store_close(o->st);
	sms_gateway_global_cleanup();
	pthread_cond_destroy(&o->cond);
	pthread_mutex_destroy(&o->mu);
	free(o->public_url);
	free(o);
}
