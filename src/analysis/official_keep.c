/* official_keep.c - the official rows of a mission kept in memory, with
 * the sums the quick count and the seats take from them.  See
 * official_keep.h. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/official_forensics.h"
#include "analysis/official_keep.h"
#include "analysis/pvt_mission.h"
#include "core/alloc.h"
#include "core/buf.h"

struct official_keep {
	int64_t mission_id;
	int64_t official, layout; /* the marks read with the rows */
	struct tally_marks seen;  /* the marks last read */
	uint64_t generation;
	int refs;
	struct arena a;
	struct official_result *rows;
	size_t n, cap, bytes;
	struct official_rows src, plain; /* plain: the rows without the sums */
	pthread_mutex_t mu;              /* the sums below */
	char *pvt_tags;                  /* the tags summed, '\n'-joined */
	double *pvt_shares;
	int64_t pvt_stations;
	bool votes_done;
	struct vote_row *votes;
	size_t nvotes;
	int64_t votes_stations;
};

static pthread_mutex_t generation_mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t generations;

static enum status replay(void *ctx, int64_t *total, store_official_cb cb, void *cbctx,
                          struct err *e)
{
	struct official_keep *k = ctx;
	enum status rc = ST_OK;

	(void)e;
	if (total)
		*total = (int64_t)k->n;
	for (size_t i = 0; cb && i < k->n && !rc; i++)
		rc = cb(cbctx, &k->rows[i]);
	return rc;
}

static char *joined(const char *const *tags, size_t n)
{
	struct buf b;

	buf_init(&b, 64);
	for (size_t i = 0; i < n; i++) {
		buf_appends(&b, tags[i]);
		buf_appends(&b, "\n");
	}
	return buf_detach(&b, NULL);
}

static enum status kept_shares(void *ctx, const char *const *tags, size_t n,
                               double *shares, int64_t *stations, struct err *e)
{
	struct official_keep *k = ctx;
	char *key = joined(tags, n);
	enum status rc = ST_OK;

	pthread_mutex_lock(&k->mu);
	if (!k->pvt_tags || strcmp(k->pvt_tags, key)) {
		double *v = xcalloc(n ? n : 1, sizeof(*v));
		int64_t sn = 0;
		rc =
		    pvt_official_from(&k->plain, NULL, k->mission_id, tags, n, v, &sn, e);
		if (!rc) {
			free(k->pvt_tags);
			free(k->pvt_shares);
			k->pvt_tags = key;
			key = NULL;
			k->pvt_shares = v;
			k->pvt_stations = sn;
		} else {
			free(v);
		}
	}
	if (!rc) {
		memcpy(shares, k->pvt_shares, n * sizeof(*shares));
		*stations = k->pvt_stations;
	}
	pthread_mutex_unlock(&k->mu);
	free(key);
	return rc;
}

static const char *keep_str(struct official_keep *k, const char *s)
{
	if (!s)
		return NULL;
	k->bytes += strlen(s) + 1;
	return arena_strdup(&k->a, s);
}

static enum status add_row(void *ctx, const struct official_result *r)
{
	struct official_keep *k = ctx;
	struct official_result *c;

	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 1024;
		k->rows = xrealloc(k->rows, k->cap * sizeof(*k->rows));
	}
	c = &k->rows[k->n];
	c->station = keep_str(k, r->station);
	c->region = k->n && k->rows[k->n - 1].region && r->region &&
	                    !strcmp(k->rows[k->n - 1].region, r->region)
	                ? k->rows[k->n - 1].region
	                : keep_str(k, r->region);
	c->lines = keep_str(k, r->lines);
	c->source = k->n && k->rows[k->n - 1].source && r->source &&
	                    !strcmp(k->rows[k->n - 1].source, r->source)
	                ? k->rows[k->n - 1].source
	                : keep_str(k, r->source);
	c->updated_at = k->n && k->rows[k->n - 1].updated_at && r->updated_at &&
	                        !strcmp(k->rows[k->n - 1].updated_at, r->updated_at)
	                    ? k->rows[k->n - 1].updated_at
	                    : keep_str(k, r->updated_at);
	k->n++;
	return ST_OK;
}

static struct official_keep *keep_new(int64_t mission_id)
{
	struct official_keep *k = xcalloc(1, sizeof(*k));

	k->mission_id = mission_id;
	k->src = (struct official_rows){replay, kept_shares, k};
	k->plain = (struct official_rows){replay, NULL, k};
	pthread_mutex_init(&k->mu, NULL);
	pthread_mutex_lock(&generation_mu);
	k->generation = ++generations;
	pthread_mutex_unlock(&generation_mu);
	return k;
}

enum status official_keep_refresh(struct official_keep **k, struct store *st,
                                  int64_t mission_id, struct tally_marks *marks,
                                  struct official_keep **keep_old, struct err *e)
{
	struct official_keep *fresh;
	struct tally_marks m;
	int began;
	enum status rc;

	if (keep_old)
		*keep_old = NULL;
	rc = store_tally_begin(st, &began, e);
	if (rc)
		return rc;
	rc = store_tally_marks_since(
	    st, mission_id, *k && (*k)->mission_id == mission_id ? &(*k)->seen : NULL, &m,
	    e);
	if (!rc && marks)
		*marks = m;
	if (rc || (*k && (*k)->mission_id == mission_id && (*k)->official == m.official &&
	           (*k)->layout == m.layout)) {
		if (!rc)
			(*k)->seen = m;
		store_tally_end(st, began);
		return rc;
	}
	fresh = keep_new(mission_id);
	fresh->official = m.official;
	fresh->layout = m.layout;
	fresh->seen = m;
	rc = store_official_list(st, mission_id, NULL, NULL, add_row, fresh, e);
	store_tally_end(st, began);
	if (rc) {
		official_keep_free(fresh);
		return rc;
	}
	fresh->bytes += fresh->cap * sizeof(*fresh->rows);
	if (keep_old)
		*keep_old = *k;
	else
		official_keep_free(*k);
	*k = fresh;
	return ST_OK;
}

const struct official_rows *official_keep_rows(struct official_keep *k)
{
	return &k->src;
}

enum status official_keep_votes(struct official_keep *k, struct store *st,
                                struct vote_row **rows, size_t *nrows, int64_t *stations,
                                struct arena *a, struct err *e)
{
	enum status rc = ST_OK;

	*rows = NULL;
	*nrows = 0;
	*stations = 0;
	pthread_mutex_lock(&k->mu);
	if (!k->votes_done) {
		rc = official_votes_from(st, k->mission_id, &k->plain, &k->votes,
		                         &k->nvotes, &k->votes_stations, &k->a, e);
		k->votes_done = !rc;
	}
	if (!rc) {
		*rows = arena_alloc(a, (k->nvotes ? k->nvotes : 1) * sizeof(**rows));
		for (size_t i = 0; i < k->nvotes; i++) {
			(*rows)[i] = k->votes[i];
			(*rows)[i].name = arena_strdup(a, k->votes[i].name);
		}
		*nrows = k->nvotes;
		*stations = k->votes_stations;
	}
	pthread_mutex_unlock(&k->mu);
	return rc;
}

void official_keep_hold(struct official_keep *k)
{
	k->refs++;
}

int official_keep_drop(struct official_keep *k)
{
	return --k->refs;
}

uint64_t official_keep_generation(const struct official_keep *k)
{
	return k->generation;
}

size_t official_keep_count(const struct official_keep *k)
{
	return k ? k->n : 0;
}

size_t official_keep_bytes(const struct official_keep *k)
{
	return k ? sizeof(*k) + k->bytes : 0;
}

void official_keep_free(struct official_keep *k)
{
	if (!k)
		return;
	free(k->rows);
	free(k->pvt_tags);
	free(k->pvt_shares);
	pthread_mutex_destroy(&k->mu);
	arena_release(&k->a);
	free(k);
}
