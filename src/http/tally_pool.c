/* tally_pool.c - the server's running tallies, one per mission, each
 * behind a lock with the registry coverage is laid out by, and the thread
 * that builds them after start. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/tally.h"
#include "core/alloc.h"
#include "http/tally_pool.h"

struct entry {
	int64_t mission_id;
	struct tally *t;
	struct coverage_reg *reg; /* coverage's registry, made when first asked */
	pthread_mutex_t mu;
	atomic_bool ready; /* built once: report counts may wait for it */
	struct entry *next;
};

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry *entries;
static pthread_t warmer;
static bool warming;
static char *warm_url;

/* The mission's entry, made when new.  Entries live until the pool stops. */
static struct entry *entry_of(int64_t mission_id)
{
	struct entry *en;

	pthread_mutex_lock(&pool_mu);
	for (en = entries; en && en->mission_id != mission_id; en = en->next)
		;
	if (!en) {
		en = xcalloc(1, sizeof(*en));
		en->mission_id = mission_id;
		en->t = tally_new(mission_id);
		pthread_mutex_init(&en->mu, NULL);
		en->next = entries;
		entries = en;
	}
	pthread_mutex_unlock(&pool_mu);
	return en;
}

enum status tally_pool_findings(struct store *st, int64_t mission_id,
                                const struct findings_options *o, struct findings *out,
                                struct err *e)
{
	struct entry *en = entry_of(mission_id);
	enum status rc;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&en->mu);
	rc = tally_refresh(en->t, st, e);
	if (!rc)
		atomic_store(&en->ready, true);
	if (!rc)
		rc = tally_findings(en->t, o, out, e);
	pthread_mutex_unlock(&en->mu);
	return rc;
}

static enum status tally_rows(void *ctx, struct store *st, int64_t mission_id,
                              store_coverage_cb cb, void *cbctx, struct err *e)
{
	(void)st;
	(void)mission_id;
	return tally_coverage_rows(ctx, cb, cbctx, e);
}

enum status tally_pool_coverage(struct store *st, int64_t mission_id, const char *day,
                                const char *form, struct coverage *out, struct err *e)
{
	struct entry *en = entry_of(mission_id);
	int began;
	enum status rc;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&en->mu);
	/* One read transaction: the report counts and the registry agree. */
	rc = store_tally_begin(st, &began, e);
	if (!rc) {
		rc = tally_refresh(en->t, st, e);
		if (!rc)
			atomic_store(&en->ready, true);
		if (!rc)
			rc = coverage_reg_refresh(&en->reg, st, mission_id, e);
		store_tally_end(st, began);
	}
	if (!rc)
		rc = coverage_compute_reg(en->reg, st, day, form, tally_rows, en->t, out,
		                          e);
	pthread_mutex_unlock(&en->mu);
	return rc;
}

/* The mission's tally brought up to date, its lock held (the caller
 * unlocks en->mu); NULL, no lock held, while the warming thread builds it
 * (not worth the wait) or when it could not be brought up to date. */
static struct entry *refreshed(struct store *st, int64_t mission_id)
{
	struct entry *en = entry_of(mission_id);
	struct err e;

	if (!atomic_load(&en->ready))
		return NULL;
	err_clear(&e);
	pthread_mutex_lock(&en->mu);
	if (!tally_refresh(en->t, st, &e))
		return en;
	pthread_mutex_unlock(&en->mu);
	return NULL;
}

enum status tally_pool_report_count(struct store *st, int64_t mission_id,
                                    const struct submission_filter *f, int64_t *n,
                                    bool *known, struct err *e)
{
	struct entry *en;

	(void)e;
	*known = false;
	if (f->station || f->observer || f->all_versions)
		return ST_OK;
	en = refreshed(st, mission_id);
	if (!en)
		return ST_OK; /* the store counts */
	*known = tally_report_count(en->t, f->form, f->status, f->channel, f->region,
	                            f->since, n);
	pthread_mutex_unlock(&en->mu);
	return ST_OK;
}

void tally_pool_marks(struct store *st, int64_t mission_id, const char *form,
                      int64_t *form_mark, int64_t kind_marks[3], bool *known)
{
	struct entry *en = refreshed(st, mission_id);

	*known = en != NULL;
	if (!en)
		return;
	*form_mark = tally_form_mark(en->t, form);
	kind_marks[FORM_CHECKLIST] = tally_kind_mark(en->t, FORM_CHECKLIST);
	kind_marks[FORM_INCIDENT] = tally_kind_mark(en->t, FORM_INCIDENT);
	kind_marks[FORM_PROTOCOL] = tally_kind_mark(en->t, FORM_PROTOCOL);
	pthread_mutex_unlock(&en->mu);
}

const struct protocol_reports *tally_pool_protocol_reports(struct store *st,
                                                           int64_t mission_id,
                                                           struct protocol_reports *out)
{
	struct entry *en = refreshed(st, mission_id);
	int64_t *ids = NULL;
	bool known;

	out->ids = NULL;
	out->n = 0;
	if (!en)
		return NULL;
	known = tally_protocol_ids(en->t, &ids, &out->n);
	pthread_mutex_unlock(&en->mu);
	out->ids = ids;
	return known ? out : NULL;
}

void tally_pool_protocol_release(struct protocol_reports *r)
{
	free((void *)r->ids);
	r->ids = NULL;
	r->n = 0;
}

enum status tally_pool_coverage_rows(void *ctx, struct store *st, int64_t mission_id,
                                     store_coverage_cb cb, void *cbctx, struct err *e)
{
	struct entry *en = entry_of(mission_id);
	enum status rc;

	(void)ctx;
	pthread_mutex_lock(&en->mu);
	rc = tally_refresh(en->t, st, e);
	if (!rc)
		rc = tally_coverage_rows(en->t, cb, cbctx, e);
	pthread_mutex_unlock(&en->mu);
	return rc;
}

struct ids {
	int64_t *v;
	size_t n, cap;
};

static enum status add_mission(void *ctx, const struct mission *m)
{
	struct ids *ids = ctx;

	if (ids->n == ids->cap) {
		ids->cap = ids->cap ? 2 * ids->cap : 8;
		ids->v = xrealloc(ids->v, ids->cap * sizeof(*ids->v));
	}
	ids->v[ids->n++] = m->id;
	return ST_OK;
}

static void *warm(void *arg)
{
	struct ids ids = {0};
	struct store *st = NULL;
	struct timespec t0, t1;
	struct err e;

	(void)arg;
	pthread_setname_np(pthread_self(), "observa-warm");
	err_clear(&e);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!store_open(warm_url, &st, &e) &&
	    !store_mission_list(st, add_mission, &ids, &e))
		for (size_t i = 0; i < ids.n; i++) {
			struct entry *en = entry_of(ids.v[i]);
			struct tally_stats ts;
			pthread_mutex_lock(&en->mu);
			bool built = tally_refresh(en->t, st, &e) == ST_OK;
			if (built)
				atomic_store(&en->ready, true);
			if (!built || coverage_reg_refresh(&en->reg, st, ids.v[i], &e))
				fprintf(stderr,
				        "observa: the running tally of a mission: %s\n",
				        e.msg);
			tally_stats(en->t, &ts);
			pthread_mutex_unlock(&en->mu);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			fprintf(
			    stderr,
			    "observa: tally of mission %lld ready: %lld reports, %lld "
			    "conflicts, %.1f s\n",
			    (long long)ids.v[i], (long long)ts.reports,
			    (long long)ts.conflicts,
			    (double)(t1.tv_sec - t0.tv_sec) +
			        (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		}
	else
		fprintf(stderr, "observa: building the running tallies: %s\n", e.msg);
	if (st)
		store_close(st);
	free(ids.v);
	return NULL;
}

void tally_pool_warm(const char *db_url)
{
	warm_url = xstrdup(db_url);
	warming = pthread_create(&warmer, NULL, warm, NULL) == 0;
}

void tally_pool_stop(void)
{
	if (warming)
		pthread_join(warmer, NULL);
	warming = false;
	free(warm_url);
	warm_url = NULL;
	while (entries) {
		struct entry *en = entries;
		entries = en->next;
		tally_free(en->t);
		coverage_reg_free(en->reg);
		pthread_mutex_destroy(&en->mu);
		free(en);
	}
}
