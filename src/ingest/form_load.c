/* form_load.c - the stored definition of a mission's form parsed, and the
 * mission's ballot applied to it when the form has one line per choice. */
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "ingest/form_load.h"

/* The ballot read from the store, its strings in an arena. */
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

enum status form_load_apply_ballot(struct store *st, int64_t mission_id,
                                   const struct form *f, struct form **out, struct err *e)
{
	struct ballot b = {ARENA_INIT, NULL, 0, 0};
	enum status rc;

	*out = NULL;
	if (!f->choices)
		return ST_OK;
	rc = store_choices_list(st, mission_id, add_choice, &b, e);
	if (!rc) {
		rc = form_apply_choices(f, b.v, b.n, out, e);
		if (rc)
			err_prefix(e, "form %s and the mission's ballot: ", f->code);
	}
	free(b.v);
	arena_release(&b.a);
	return rc;
}

enum status form_load(struct store *st, int64_t mission_id, const char *code,
                      struct form **out, struct err *e)
{
	struct form_problems problems = FORM_PROBLEMS_INIT;
	struct arena a = ARENA_INIT;
	struct form_record rec;
	struct form *f = NULL, *applied = NULL;
	enum status rc;

	*out = NULL;
	rc = store_form_get(st, mission_id, code, &a, &rec, e);
	if (rc)
		goto out;
	rc = form_parse(rec.definition, strlen(rec.definition), &f, &problems);
	if (rc) {
		rc = err_set(e, ST_INVALID, "the stored form %s does not parse: %s%s%s",
		             code, problems.v[0].path, problems.v[0].path[0] ? ": " : "",
		             problems.v[0].message);
		goto out;
	}
	rc = form_load_apply_ballot(st, mission_id, f, &applied, e);
	if (rc)
		goto out;
	if (applied) {
		form_free(f);
		f = applied;
	}
	*out = f;
	f = NULL;
out:
	form_free(f);
	form_problems_release(&problems);
	arena_release(&a);
	return rc;
}
