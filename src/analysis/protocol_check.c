/* protocol_check.c - results protocols checked again with their form's
 * checks: each current, not rejected report goes through
 * validate_submission() as on arrival, and the checks it fails are kept
 * with the figures they read. */
#include <stdlib.h>
#include <string.h>

#include "analysis/protocol_check.h"
#include "core/alloc.h"
#include "core/strmap.h"
#include "model/validate.h"

void protocol_check_init(struct protocol_check *pc)
{
	memset(pc, 0, sizeof(*pc));
	pc->stations_seen = xcalloc(1, sizeof(struct strmap));
	pc->stations_failed = xcalloc(1, sizeof(struct strmap));
}

void protocol_check_release(struct protocol_check *pc)
{
	if (pc->stations_seen)
		strmap_release(pc->stations_seen);
	if (pc->stations_failed)
		strmap_release(pc->stations_failed);
	free(pc->stations_seen);
	free(pc->stations_failed);
	free(pc->items);
	free(pc->by_check);
	arena_release(&pc->arena);
	memset(pc, 0, sizeof(*pc));
}

static void remember(struct protocol_check *pc, struct strmap *m, const char *station)
{
	if (!strmap_find(m, station, NULL))
		strmap_set(m, arena_strdup(&pc->arena, station), NULL);
}

/* The counter of check c of form f, added when first seen. */
static struct protocol_check_count *
counter(struct protocol_check *pc, const struct form *f, const struct form_check *c)
{
	struct protocol_check_count *k;

	for (size_t i = 0; i < pc->nchecks; i++)
		if (!strcmp(pc->by_check[i].form, f->code) &&
		    !strcmp(pc->by_check[i].check, c->id))
			return &pc->by_check[i];
	if (pc->nchecks == pc->checks_alloc) {
		pc->checks_alloc = pc->checks_alloc ? 2 * pc->checks_alloc : 16;
		pc->by_check =
		    xrealloc(pc->by_check, pc->checks_alloc * sizeof(*pc->by_check));
	}
	k = &pc->by_check[pc->nchecks++];
	k->form = arena_strdup(&pc->arena, f->code);
	k->check = arena_strdup(&pc->arena, c->id);
	k->expr = arena_strdup(&pc->arena, expr_text(c->expr));
	k->reports = 0;
	return k;
}

static bool counts(const struct form *f, const struct stored_submission *r)
{
	return r->form && !strcmp(r->form, f->code) && r->superseded_by == 0 &&
	       !(r->status && !strcmp(r->status, "rejected"));
}

/* Keep the failed checks of validation v of report r. */
static void keep(struct protocol_check *pc, const struct form *f,
                 const struct stored_submission *r, const struct validation *v)
{
	struct protocol_report *it;
	size_t n = 0;

	for (size_t i = 0; i < v->nproblems; i++)
		n += v->problems[i].check != NULL;
	if (!n)
		return;
	if (pc->nitems == pc->items_alloc) {
		pc->items_alloc = pc->items_alloc ? 2 * pc->items_alloc : 64;
		pc->items = xrealloc(pc->items, pc->items_alloc * sizeof(*pc->items));
	}
	it = &pc->items[pc->nitems++];
	it->station = arena_strdup(&pc->arena, r->station ? r->station : "");
	it->form = arena_strdup(&pc->arena, f->code);
	it->observer = arena_strdup(&pc->arena, r->observer);
	it->submission = r->id;
	it->status = arena_strdup(&pc->arena, r->status);
	it->failures = arena_alloc(&pc->arena, n * sizeof(*it->failures));
	it->nfailures = 0;
	for (size_t i = 0; i < v->nproblems; i++) {
		const struct problem *p = &v->problems[i];
		struct protocol_failure *fl;
		if (!p->check)
			continue;
		fl = &it->failures[it->nfailures++];
		fl->check = arena_strdup(&pc->arena, p->check);
		fl->expr = arena_strdup(&pc->arena, p->expr);
		fl->message = arena_strdup(&pc->arena, p->message);
		fl->severity = problem_severity_str(p->severity);
		fl->values = arena_strdup(&pc->arena, p->value ? p->value : "{}");
		for (size_t k = 0; k < f->nchecks; k++)
			if (!strcmp(f->checks[k].id, p->check))
				counter(pc, f, &f->checks[k])->reports++;
	}
	pc->failed_reports++;
	remember(pc, pc->stations_failed, r->station);
}

enum status protocol_check_add(struct protocol_check *pc, const struct form *f,
                               const struct stored_submission *r, size_t n,
                               const char *lang, struct err *e)
{
	for (size_t k = 0; k < f->nchecks; k++)
		counter(pc, f, &f->checks[k]);
	for (size_t i = 0; i < n; i++) {
		struct submission sub = {0};
		struct validation v;
		json_t *answers;
		if (!counts(f, &r[i]))
			continue;
		answers =
		    r[i].answers ? json_loads(r[i].answers, 0, NULL) : json_object();
		if (!json_is_object(answers)) {
			json_decref(answers);
			return err_set(
			    e, ST_INVALID,
			    "report %lld: the stored answers are not a JSON object",
			    (long long)r[i].id);
		}
		sub.form = f->code;
		sub.station = r[i].station;
		sub.observer = r[i].observer;
		sub.answers = answers;
		validate_submission(f, &sub, lang, &v);
		keep(pc, f, &r[i], &v);
		validation_release(&v);
		json_decref(answers);
		pc->reports++;
		remember(pc, pc->stations_seen, r[i].station ? r[i].station : "");
	}
	return ST_OK;
}

static int by_station(const void *a, const void *b)
{
	const struct protocol_report *x = a, *y = b;
	int c = strcmp(x->station, y->station);

	if (!c)
		c = strcmp(x->form, y->form);
	if (!c)
		c = (x->submission > y->submission) - (x->submission < y->submission);
	return c;
}

void protocol_check_finish(struct protocol_check *pc)
{
	if (pc->nitems > 1)
		qsort(pc->items, pc->nitems, sizeof(*pc->items), by_station);
	pc->stations = (int64_t)strmap_count(pc->stations_seen);
	pc->failed_stations = (int64_t)strmap_count(pc->stations_failed);
}

static json_t *failure_json(const struct protocol_failure *fl)
{
	json_t *values = json_loads(fl->values, 0, NULL);

	return json_pack("{s:s, s:s, s:s, s:s, s:o}", "check", fl->check, "expr",
	                 fl->expr, "message", fl->message, "severity", fl->severity,
	                 "values", values ? values : json_object());
}

json_t *protocol_check_to_json(const struct protocol_check *pc, size_t offset,
                               size_t limit)
{
	json_t *doc = json_object(), *checks = json_array(), *items = json_array();

	json_object_set_new(doc, "reports", json_integer(pc->reports));
	json_object_set_new(doc, "stations", json_integer(pc->stations));
	json_object_set_new(doc, "failed_reports", json_integer(pc->failed_reports));
	json_object_set_new(doc, "failed_stations", json_integer(pc->failed_stations));
	for (size_t i = 0; i < pc->nchecks; i++) {
		const struct protocol_check_count *k = &pc->by_check[i];
		json_array_append_new(checks,
		                      json_pack("{s:s, s:s, s:s, s:I}", "form", k->form,
		                                "check", k->check, "expr", k->expr,
		                                "reports", (json_int_t)k->reports));
	}
	json_object_set_new(doc, "checks", checks);
	json_object_set_new(doc, "total", json_integer((json_int_t)pc->nitems));
	for (size_t i = offset; i < pc->nitems && i - offset < limit; i++) {
		const struct protocol_report *it = &pc->items[i];
		json_t *failures = json_array();
		for (size_t k = 0; k < it->nfailures; k++)
			json_array_append_new(failures, failure_json(&it->failures[k]));
		json_array_append_new(
		    items, json_pack("{s:s, s:s, s:I, s:s?, s:s?, s:o}", "station",
		                     it->station, "form", it->form, "submission",
		                     (json_int_t)it->submission, "observer", it->observer,
		                     "status", it->status, "failures", failures));
	}
	json_object_set_new(doc, "items", items);
	return doc;
}
