/* results_load.c - reading a mission's protocol forms, reports, settled
 * conflicts and official results from the store for the results analyses,
 * then running them. */
#include <stdlib.h>
#include <string.h>

#include "analysis/results_load.h"
#include "core/alloc.h"
#include "core/strmap.h"
#include "ingest/form_load.h"

/* ---- reports ---- */

/* Current reports of one form, strings in an arena.  form: read by key,
 * the reports of this form alone are kept (and only current ones). */
struct reports {
	struct arena a;
	struct stored_submission *v;
	size_t n, alloc;
	const char *form;
};

static void reports_release(struct reports *r)
{
	free(r->v);
	arena_release(&r->a);
	memset(r, 0, sizeof(*r));
}

static enum status add_report(void *ctx, const struct stored_submission *s)
{
	struct reports *r = ctx;
	struct stored_submission *c;

	if (s->status && !strcmp(s->status, "rejected"))
		return ST_OK;
	if (r->form && (s->superseded_by || !s->form || strcmp(s->form, r->form)))
		return ST_OK;
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 256;
		r->v = xrealloc(r->v, r->alloc * sizeof(*r->v));
	}
	c = &r->v[r->n++];
	memset(c, 0, sizeof(*c));
	c->id = s->id;
	c->form = arena_strdup(&r->a, s->form);
	c->station = arena_strdup(&r->a, s->station);
	c->observer = arena_strdup(&r->a, s->observer);
	c->answers = arena_strdup(&r->a, s->answers);
	c->status = arena_strdup(&r->a, s->status);
	c->superseded_by = s->superseded_by;
	return ST_OK;
}

static enum status load_reports(struct store *st, int64_t mission_id, const char *form,
                                const struct protocol_reports *known, struct reports *out,
                                struct err *e)
{
	struct submission_filter f = {.form = form};

	if (known) {
		out->form = form;
		return store_submission_by_ids(st, mission_id, known->ids, known->n,
		                               add_report, out, e);
	}
	return store_submission_list(st, mission_id, &f, NULL, add_report, out, e);
}

/* ---- protocol arithmetic ---- */

struct codes {
	struct arena a;
	const char **v;
	size_t n, alloc;
};

static enum status add_protocol_form(void *ctx, const struct form_record *f)
{
	struct codes *c = ctx;

	if (!f->kind || strcmp(f->kind, "protocol"))
		return ST_OK;
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 8;
		c->v = xrealloc(c->v, c->alloc * sizeof(*c->v));
	}
	c->v[c->n++] = arena_strdup(&c->a, f->code);
	return ST_OK;
}

enum status protocol_check_load(struct store *st, int64_t mission_id, const char *lang,
                                struct protocol_check *out, struct err *e)
{
	return protocol_check_load_from(st, mission_id, NULL, lang, out, e);
}

enum status protocol_check_load_from(struct store *st, int64_t mission_id,
                                     const struct protocol_reports *known,
                                     const char *lang, struct protocol_check *out,
                                     struct err *e)
{
	struct codes codes = {ARENA_INIT, NULL, 0, 0};
	enum status rc;

	protocol_check_init(out);
	rc = store_form_list(st, mission_id, add_protocol_form, &codes, e);
	for (size_t i = 0; i < codes.n && !rc; i++) {
		struct reports r = {ARENA_INIT, NULL, 0, 0, NULL};
		struct form *f = NULL;
		rc = form_load(st, mission_id, codes.v[i], &f, e);
		if (!rc)
			rc = load_reports(st, mission_id, codes.v[i], known, &r, e);
		if (!rc)
			rc = protocol_check_add(out, f, r.v, r.n, lang, e);
		reports_release(&r);
		form_free(f);
	}
	free(codes.v);
	arena_release(&codes.a);
	if (rc)
		protocol_check_release(out);
	else
		protocol_check_finish(out);
	return rc;
}

/* ---- observed against official ---- */

void results_lines(const struct form *f, const char *lang, struct results_line **lines,
                   size_t *n)
{
	*lines = xcalloc(f->nquestions + 1, sizeof(**lines));
	*n = 0;
	for (size_t i = 0; i < f->nquestions; i++) {
		const struct form_question *q = &f->questions[i];
		struct results_line *l;
		if (q->type != QT_INTEGER)
			continue;
		l = &(*lines)[(*n)++];
		l->tag = q->tag;
		l->label = form_text(&q->text, lang);
		l->choice = q->choice ? q->choice->code : NULL;
		l->name = q->choice ? q->choice->name : NULL;
	}
}

/* Everything discrepancy_compute() takes, and what owns it. */
struct inputs {
	struct arena a;
	struct strmap observed_at; /* stations with an observed protocol */
	struct observed_protocol *observed;
	size_t nobserved;
	struct settled_line *settled;
	size_t nsettled, settled_alloc;
	struct official_protocol *official;
	size_t nofficial, official_alloc;
	json_t **owned; /* parsed answers and lines */
	size_t nowned, owned_alloc;
};

static json_t *own(struct inputs *in, const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;

	if (!json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	if (in->nowned == in->owned_alloc) {
		in->owned_alloc = in->owned_alloc ? 2 * in->owned_alloc : 1024;
		in->owned = xrealloc(in->owned, in->owned_alloc * sizeof(*in->owned));
	}
	in->owned[in->nowned++] = j;
	return j;
}

static void inputs_release(struct inputs *in)
{
	for (size_t i = 0; i < in->nowned; i++)
		json_decref(in->owned[i]);
	free(in->owned);
	free(in->observed);
	free(in->settled);
	free(in->official);
	strmap_release(&in->observed_at);
	arena_release(&in->a);
}

static enum status add_settled(void *ctx, const struct conflict_row *c)
{
	struct inputs *in = ctx;
	json_t *v;

	if (!c->resolved_value)
		return ST_OK;
	v = json_loads(c->resolved_value, JSON_DECODE_ANY, NULL);
	if (json_is_integer(v)) {
		if (in->nsettled == in->settled_alloc) {
			in->settled_alloc =
			    in->settled_alloc ? 2 * in->settled_alloc : 64;
			in->settled = xrealloc(in->settled,
			                       in->settled_alloc * sizeof(*in->settled));
		}
		in->settled[in->nsettled++] = (struct settled_line){
		    arena_strdup(&in->a, c->station), arena_strdup(&in->a, c->tag),
		    (int64_t)json_integer_value(v)};
	}
	json_decref(v);
	return ST_OK;
}

/* The settled lines of the stations where several of the reports hold a
 * copy (r, by station): only there can observers disagree, and only there
 * does discrepancy_compute() look for a clerk's value.  Read station by
 * station along the conflicts' key, rather than from every conflict of
 * the mission (hundreds of thousands, mostly over checklists), when the
 * reports came by key from a running tally. */
static enum status settled_at_shared(struct store *st, int64_t mission_id,
                                     const struct reports *r, struct inputs *in,
                                     struct err *e)
{
	struct strmap seen;
	enum status rc = ST_OK;

	strmap_init(&seen);
	for (size_t i = 0; !rc && i < r->n; i++) {
		const char *station = r->v[i].station;
		void *n = NULL;
		if (!strmap_find(&seen, station, &n)) {
			strmap_add(&seen, station, (void *)1, NULL);
		} else if (n == (void *)1) { /* its second report: read it once */
			struct conflict_filter cf = {.station = station,
			                             .form = RESULTS_FORM};
			strmap_set(&seen, station, (void *)2);
			rc = store_conflict_list(st, mission_id, &cf, NULL, add_settled,
			                         in, e);
		}
	}
	strmap_release(&seen);
	return rc;
}

/* Official rows of observed stations only: a national mission has
 * 100,000 rows and observers at a few thousand of them. */
static enum status add_official(void *ctx, const struct official_result *r)
{
	struct inputs *in = ctx;
	json_t *lines;

	if (!strmap_find(&in->observed_at, r->station, NULL))
		return ST_OK;
	lines = own(in, r->lines);
	if (!lines)
		return ST_OK;
	if (in->nofficial == in->official_alloc) {
		in->official_alloc = in->official_alloc ? 2 * in->official_alloc : 1024;
		in->official =
		    xrealloc(in->official, in->official_alloc * sizeof(*in->official));
	}
	in->official[in->nofficial++] = (struct official_protocol){
	    arena_strdup(&in->a, r->station), arena_strdup(&in->a, r->region), lines};
	return ST_OK;
}

enum status discrepancy_load(struct store *st, int64_t mission_id, int64_t min,
                             const char *lang, struct discrepancy *out, struct err *e)
{
	return discrepancy_load_from(st, mission_id, NULL, NULL, min, lang, out, e);
}

enum status discrepancy_load_from(struct store *st, int64_t mission_id,
                                  const struct official_rows *src,
                                  const struct protocol_reports *known, int64_t min,
                                  const char *lang, struct discrepancy *out,
                                  struct err *e)
{
	struct inputs in;
	struct reports r = {ARENA_INIT, NULL, 0, 0, NULL};
	struct conflict_filter cf = {.form = RESULTS_FORM};
	struct discrepancy_input di = {.min = min};
	struct results_line *lines = NULL;
	struct form *f = NULL;
	enum status rc;

	memset(&in, 0, sizeof(in));
	memset(out, 0, sizeof(*out));
	rc = form_load(st, mission_id, RESULTS_FORM, &f, e);
	if (rc == ST_NOT_FOUND)
		err_prefix(e, "form: ");
	if (!rc)
		rc = load_reports(st, mission_id, RESULTS_FORM, known, &r, e);
	if (!rc && known)
		rc = settled_at_shared(st, mission_id, &r, &in, e);
	else if (!rc)
		rc = store_conflict_list(st, mission_id, &cf, NULL, add_settled, &in, e);
	if (rc)
		goto out;
	in.observed = xcalloc(r.n + 1, sizeof(*in.observed));
	for (size_t i = 0; i < r.n; i++) {
		json_t *answers = own(&in, r.v[i].answers);
		if (!answers)
			continue;
		in.observed[in.nobserved++] = (struct observed_protocol){
		    r.v[i].station, r.v[i].observer, r.v[i].id, answers};
		strmap_set(&in.observed_at, r.v[i].station, NULL);
	}
	rc = official_rows_list(src, st, mission_id, &di.official_total, add_official,
	                        &in, e);
	if (rc)
		goto out;
	results_lines(f, lang, &lines, &di.nlines);
	di.lines = lines;
	di.observed = in.observed;
	di.nobserved = in.nobserved;
	di.settled = in.settled;
	di.nsettled = in.nsettled;
	di.official = in.official;
	di.nofficial = in.nofficial;
	discrepancy_compute(&di, out);
out:
	free(lines);
	form_free(f);
	reports_release(&r);
	inputs_release(&in);
	return rc;
}
