/* findings_load.c - the findings of a mission from its store: the forms
 * parsed (with the ballot applied to the results protocol), the region
 * map, the conflicts between observers, then one pass over the current
 * reports. */
#include <stdio.h>
#include <string.h>

#include "analysis/answers_scan.h"
#include "analysis/findings.h"
#include "analysis/findings_int.h"
#include "core/alloc.h"

struct forms {
	struct form **v;
	size_t n, alloc;
	struct form_problems problems;
	char bad[16]; /* the code of a form that does not parse, or "" */
};

static enum status add_form(void *ctx, const struct form_record *r)
{
	struct forms *fs = ctx;
	struct form *f = NULL;

	if (form_parse(r->definition, strlen(r->definition), &f, &fs->problems)) {
		snprintf(fs->bad, sizeof(fs->bad), "%s", r->code);
		return ST_INVALID;
	}
	if (fs->n == fs->alloc) {
		fs->alloc = fs->alloc ? 2 * fs->alloc : 8;
		fs->v = xrealloc(fs->v, fs->alloc * sizeof(*fs->v));
	}
	fs->v[fs->n++] = f;
	return ST_OK;
}

struct ballot {
	struct arena a;
	struct ballot_choice *v;
	size_t n, alloc;
};

static enum status add_choice(void *ctx, const struct store_choice *c)
{
	struct ballot *b = ctx;

	if (b->n == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 16;
		b->v = xrealloc(b->v, b->alloc * sizeof(*b->v));
	}
	b->v[b->n].order = c->order;
	b->v[b->n].code = arena_strdup(&b->a, c->code);
	b->v[b->n].name = arena_strdup(&b->a, c->name);
	b->v[b->n].kind = arena_strdup(&b->a, c->kind);
	b->n++;
	return ST_OK;
}

/* The mission's forms, parsed, the ballot applied to those with one line
 * per choice (as reports are checked against them). */
static enum status load_forms(struct store *st, int64_t mission_id, struct forms *fs,
                              struct err *e)
{
	struct ballot b = {ARENA_INIT, NULL, 0, 0};
	bool read_ballot = false;
	enum status rc;

	rc = store_form_list(st, mission_id, add_form, fs, e);
	if (rc == ST_INVALID && fs->bad[0])
		return err_set(e, ST_INVALID, "the stored form %s does not parse: %s%s%s",
		               fs->bad, fs->problems.v[0].path,
		               fs->problems.v[0].path[0] ? ": " : "",
		               fs->problems.v[0].message);
	for (size_t i = 0; !rc && i < fs->n; i++) {
		struct form *applied = NULL;
		if (!fs->v[i]->choices)
			continue;
		if (!read_ballot) {
			rc = store_choices_list(st, mission_id, add_choice, &b, e);
			read_ballot = true;
		}
		if (!rc)
			rc = form_apply_choices(fs->v[i], b.v, b.n, &applied, e);
		if (rc) {
			err_prefix(e,
			           "form %s and the mission's ballot: ", fs->v[i]->code);
			break;
		}
		form_free(fs->v[i]);
		fs->v[i] = applied;
	}
	free(b.v);
	arena_release(&b.a);
	return rc;
}

/* One conflict being read: each report it compares gets the resolution,
 * or is marked contested. */
struct conflict_read {
	struct findings *f;
	const struct conflict_row *c;
	const json_t *resolved;
};

static bool on_value(void *ctx, const char *key, size_t len, const struct answer_value *v)
{
	struct conflict_read *cr = ctx;

	if (len != 10 || strncmp(key, "submission", 10) || v->kind != ANSWER_INT)
		return true;
	if (cr->c->resolved_value)
		findings_resolve(cr->f, v->i, cr->c->form, cr->c->tag, cr->resolved);
	else
		findings_contest(cr->f, v->i, cr->c->form, cr->c->tag);
	return true;
}

/* Its values, [{"submission", "observer", "value"}...], are read without
 * building a document: a national mission may have 100,000 conflicts.
 * Only a resolution is parsed. */
static enum status add_conflict(void *ctx, const struct conflict_row *c)
{
	struct conflict_read cr = {ctx, c, NULL};
	json_t *resolved = c->resolved_value
	                       ? json_loads(c->resolved_value, JSON_DECODE_ANY, NULL)
	                       : NULL;

	cr.resolved = resolved;
	answers_scan_objects(c->values, on_value, &cr);
	json_decref(resolved);
	return ST_OK;
}

enum status findings_load_forms(struct store *st, int64_t mission_id,
                                struct form ***forms, size_t *nforms, struct err *e)
{
	struct forms fs = {.problems = FORM_PROBLEMS_INIT};
	enum status rc = load_forms(st, mission_id, &fs, e);

	form_problems_release(&fs.problems);
	if (rc) {
		for (size_t i = 0; i < fs.n; i++)
			form_free(fs.v[i]);
		free(fs.v);
		fs.v = NULL;
		fs.n = 0;
	}
	*forms = fs.v;
	*nforms = fs.n;
	return rc;
}

static enum status add_report(void *ctx, const struct stored_submission *s)
{
	findings_add(ctx, s);
	return ST_OK;
}

enum status findings_compute(struct store *st, int64_t mission_id,
                             const struct findings_options *o, struct findings *out,
                             struct err *e)
{
	struct forms fs = {.problems = FORM_PROBLEMS_INIT};
	struct region_map rm;
	enum status rc;

	memset(out, 0, sizeof(*out));
	region_map_init(&rm);
	rc = load_forms(st, mission_id, &fs, e);
	if (!rc)
		rc = region_map_load(st, mission_id, &rm, e);
	if (!rc)
		rc = findings_begin(out, (const struct form *const *)fs.v, fs.n, &rm, o,
		                    e);
	if (!rc)
		rc = store_conflict_scan(st, mission_id, o->form, add_conflict, out, e);
	if (!rc)
		rc = store_submission_scan(st, mission_id, o->form, add_report, out, e);
	if (!rc)
		findings_end(out);
	else
		findings_release(out);
	for (size_t i = 0; i < fs.n; i++)
		form_free(fs.v[i]);
	free(fs.v);
	form_problems_release(&fs.problems);
	region_map_release(&rm);
	return rc;
}
