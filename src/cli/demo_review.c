/* demo_review.c - the demo clerk's work once the day's reports are stored:
 * some flagged reports verified (the planted protocols always, with a note),
 * those planned rejected, each station's conflicts computed again, and a
 * third of the open conflicts resolved as a clerk would after calling both
 * teams.  Reproducible: the clerk draws from its own generator. */
#include <stdlib.h>
#include <string.h>

#include "cli/demo_reports_int.h"
#include "core/alloc.h"
#include "ingest/intake.h"

#define VERIFY 0.45 /* chance a clerk verifies a flagged report */

struct open_conflict {
	int64_t id;
	char *station;
	json_t *values; /* [{"submission", "observer", "value"}] */
};

struct conflicts {
	struct open_conflict *v;
	size_t n, alloc;
};

static enum status collect_conflict(void *ctx, const struct conflict_row *c)
{
	struct conflicts *cs = ctx;

	if (cs->n == cs->alloc) {
		cs->alloc = cs->alloc ? 2 * cs->alloc : 64;
		cs->v = xrealloc(cs->v, cs->alloc * sizeof(*cs->v));
	}
	cs->v[cs->n].id = c->id;
	cs->v[cs->n].station = xstrdup(c->station);
	cs->v[cs->n++].values = json_loads(c->values, 0, NULL);
	return ST_OK;
}

/* The answer a clerk finds right after calling both teams: that of the
 * team whose report the other copied (see copy_report() in demo_day.c);
 * JSON text the caller frees, or NULL. */
static char *right_value(const struct demo_reports *d, const struct open_conflict *c)
{
	const char *trusted = NULL;
	const json_t *chosen = json_array_get(c->values, 0), *v;
	size_t i;

	for (size_t k = 0; k < d->npairs; k++)
		if (!strcmp(d->stations[d->pairs[k].station].l->code, c->station))
			trusted = d->teams[d->pairs[k].a].reporter;
	json_array_foreach(c->values, i, v)
	{
		const char *obs = json_string_value(json_object_get(v, "observer"));
		if (trusted && obs && !strcmp(obs, trusted))
			chosen = v;
	}
	chosen = json_object_get(chosen, "value");
	return chosen ? json_dumps(chosen, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
}

/* Settle every third open conflict. */
static enum status resolve(const struct demo_reports *d, struct store *st,
                           int64_t mission_id, struct err *e)
{
	struct conflict_filter f = {.open_only = true};
	struct conflicts cs = {0};
	int64_t total;
	enum status rc;

	rc = store_conflict_list(st, mission_id, &f, &total, collect_conflict, &cs, e);
	for (size_t k = 0; k < cs.n && !rc; k += 3) {
		char *value = right_value(d, &cs.v[k]);
		if (value)
			rc = store_conflict_resolve(st, mission_id, cs.v[k].id, value, e);
		free(value);
	}
	for (size_t k = 0; k < cs.n; k++) {
		free(cs.v[k].station);
		json_decref(cs.v[k].values);
	}
	free(cs.v);
	return rc;
}

/* The clerk's work: verify some flagged reports (the planted protocols
 * always, with a note), reject those planned, resolve some conflicts; a
 * review changes which reports count, so the station's conflicts are
 * computed again. */
static enum status review(struct demo_reports *d, struct store *st, int64_t mission_id,
                          struct err *e)
{
	struct demo_rng rng;
	enum status rc = ST_OK;

	demo_rng_seed(&rng, d->review_seed);
	for (size_t k = 0; k < d->nreports && !rc; k++) {
		const struct report *r = &d->reports[d->order[k]];
		const char *status = "verified", *note = r->verify;

		if (r->kind != ORIGINAL)
			continue;
		if (r->reject) {
			status = "rejected";
			note = r->reject;
		} else if (!r->flagged || r->doubled ||
		           (!r->verify && !demo_rng_chance(&rng, VERIFY))) {
			continue;
		}
		rc = store_submission_review(st, mission_id, r->id, status, note, e);
		if (!rc)
			rc = intake_conflicts_refresh(st, mission_id, r->sub.station,
			                              r->sub.form, e);
		if (rc)
			err_prefix(e, "demo review of %s: ", r->sub.client_id);
	}
	if (!rc)
		rc = resolve(d, st, mission_id, e);
	return rc;
}

enum status demo_clerk(struct demo_reports *d, struct store *st, int64_t mission_id,
                       struct err *e)
{
	char *actor = xstrdup(st->actor ? st->actor : "demo");
	char *origin = xstrdup(st->origin ? st->origin : "local");
	enum status rc;

	store_set_actor(st, DEMO_CLERK, "local");
	rc = store_begin(st, e);
	if (!rc) {
		rc = review(d, st, mission_id, e);
		if (!rc)
			rc = store_commit(st, e);
		if (rc)
			store_rollback(st);
	}
	store_set_actor(st, actor, origin);
	free(actor);
	free(origin);
	return rc;
}
