/* import_choices.c - "order,code,name,kind" CSV rows into the mission's
 * ballot: read and check every row, check the ballot against the forms
 * that take one line per choice, then replace the ballot in one go. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/strmap.h"
#include "core/text.h"
#include "ingest/import.h"
#include "ingest/import_common.h"
#include "model/choice.h"
#include "model/form.h"

enum { C_ORDER, C_CODE, C_NAME, C_KIND, NCOLS };

static const struct import_column columns[NCOLS] = {
    [C_ORDER] = {"order", "ord", IMPORT_REQUIRED},
    [C_CODE] = {"code", NULL, IMPORT_REQUIRED},
    [C_NAME] = {"name", NULL, IMPORT_REQUIRED},
    [C_KIND] = {"kind", "type", IMPORT_REQUIRED},
};

const char *import_choice_columns(void)
{
	return "order, code, name, kind";
}

struct ballot {
	struct arena a;
	struct ballot_choice *v;
	long *line; /* the line of each choice */
	size_t n, alloc;
	struct strmap orders, codes; /* -> (void *)index + 1 */
	size_t against_all;          /* index + 1 of the against_all row, or 0 */
};

static void ballot_release(struct ballot *b)
{
	free(b->v);
	free(b->line);
	strmap_release(&b->orders);
	strmap_release(&b->codes);
	arena_release(&b->a);
}

#define FAIL(col, ...)                                                                   \
	import_fail(e, ST_INVALID, r->line, import_column_name(h, col), __VA_ARGS__)

/* Check the current row of r and add it to b. */
static enum status add_row(const struct import_header *h, const struct csv_reader *r,
                           struct ballot *b, struct err *e)
{
	const char *order = import_value(h, r, C_ORDER),
	           *kind = import_value(h, r, C_KIND);
	struct ballot_choice c = {0};
	char key[16], q[IMPORT_QUOTE_MAX], *k;
	int64_t n;
	void *had;
	struct err ce;

	if (!order || !text_int64(order, 1, CHOICE_ORDER_MAX, &n))
		return FAIL(C_ORDER, "\"%s\" is not a whole number from 1 to %d",
		            order ? import_quote(order, q) : "", CHOICE_ORDER_MAX);
	c.order = (int)n;
	c.code = arena_strdup(&b->a, import_value(h, r, C_CODE));
	c.name = arena_strdup(&b->a, import_value(h, r, C_NAME));
	k = arena_strdup(&b->a, kind);
	c.kind = k ? text_lower(k) : NULL;
	err_clear(&ce);
	if (choice_validate(&c, &ce))
		return import_fail_from(e, h, r->line, &ce);
	snprintf(key, sizeof(key), "%d", c.order);
	if (!strmap_add(&b->orders, arena_strdup(&b->a, key), (void *)(b->n + 1), &had))
		return FAIL(C_ORDER, "order %d is already used on line %ld", c.order,
		            b->line[(size_t)had - 1]);
	if (!strmap_add(&b->codes, c.code, (void *)(b->n + 1), &had))
		return FAIL(C_CODE, "code \"%s\" is already used on line %ld",
		            import_quote(c.code, q), b->line[(size_t)had - 1]);
	if (!strcmp(c.kind, "against_all")) {
		if (b->against_all)
			return FAIL(C_KIND,
			            "a ballot has one against_all at most (line %ld has "
			            "it already)",
			            b->line[b->against_all - 1]);
		b->against_all = b->n + 1;
	}
	if (b->n == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 32;
		b->v = xrealloc(b->v, b->alloc * sizeof(*b->v));
		b->line = xrealloc(b->line, b->alloc * sizeof(*b->line));
	}
	b->v[b->n] = c;
	b->line[b->n] = r->line;
	b->n++;
	return ST_OK;
}

static enum status read_rows(struct csv_reader *r, const struct import_opts *opts,
                             struct ballot *b, struct err *e)
{
	struct import_header h;
	enum status rc;
	bool more;

	rc = import_header_read(&h, columns, NCOLS, "choices", r, e);
	while (!rc) {
		rc = import_row_next(&h, r, &more, e);
		if (rc || !more)
			break;
		rc = add_row(&h, r, b, e);
		if (b->n % IMPORT_PROGRESS_EVERY == 0)
			import_progress(opts, IMPORT_READING, csv_bytes_read(r),
			                opts ? opts->input_size : 0);
	}
	if (!rc && b->n > CHOICES_MAX)
		rc = err_set(e, ST_INVALID, "%zu choices: a ballot has at most %d", b->n,
		             CHOICES_MAX);
	if (!rc)
		rc = choice_list_validate(b->v, b->n, e);
	import_header_release(&h);
	return rc;
}

/* The ballot must fit every form of the mission that declares choices. */
struct fit {
	const struct ballot *b;
	struct err *e;
};

static enum status fits_form(void *ctx, const struct form_record *rec)
{
	struct form_problems problems = FORM_PROBLEMS_INIT;
	struct fit *fit = ctx;
	struct form *f = NULL, *applied = NULL;
	enum status rc = ST_OK;

	if (form_parse(rec->definition, strlen(rec->definition), &f, &problems) ==
	        ST_OK &&
	    f->choices) {
		rc = form_apply_choices(f, fit->b->v, fit->b->n, &applied, fit->e);
		if (rc)
			err_prefix(fit->e,
			           "the ballot does not fit form %s: ", rec->code);
	}
	form_free(applied);
	form_free(f);
	form_problems_release(&problems);
	return rc;
}

/* Count new, changed and unchanged choices against the stored ballot. */
struct compare {
	const struct ballot *b;
	struct import_counts *counts;
};

static enum status compare_one(void *ctx, const struct store_choice *old)
{
	struct compare *cmp = ctx;
	void *idx = strmap_get(&cmp->b->codes, old->code);
	const struct ballot_choice *c;

	if (!idx)
		return ST_OK;
	c = &cmp->b->v[(size_t)idx - 1];
	if (c->order == old->order && !strcmp(c->name, old->name) &&
	    !strcmp(c->kind, old->kind))
		cmp->counts->unchanged++;
	else
		cmp->counts->updated++;
	return ST_OK;
}

enum status import_choices(struct csv_reader *r, struct store *st,
                           const struct mission *m, const struct import_opts *opts,
                           struct import_counts *counts, struct err *e)
{
	struct ballot b;
	struct store_choice *sc = NULL;
	struct fit fit;
	struct compare cmp;
	enum status rc;

	memset(&b, 0, sizeof(b));
	memset(counts, 0, sizeof(*counts));
	rc = read_rows(r, opts, &b, e);
	if (rc)
		goto out;
	counts->rows = (long long)b.n;
	import_progress(opts, IMPORT_READING, csv_bytes_read(r),
	                opts ? opts->input_size : 0);
	fit.b = &b;
	fit.e = e;
	rc = store_form_list(st, m->id, fits_form, &fit, e);
	if (rc)
		goto out;
	cmp.b = &b;
	cmp.counts = counts;
	rc = store_choices_list(st, m->id, compare_one, &cmp, e);
	if (rc)
		goto out;
	counts->inserted = counts->rows - counts->updated - counts->unchanged;
	if (opts && opts->dry_run)
		goto out;
	sc = xcalloc(b.n + 1, sizeof(*sc));
	for (size_t i = 0; i < b.n; i++) {
		sc[i].order = b.v[i].order;
		sc[i].code = b.v[i].code;
		sc[i].name = b.v[i].name;
		sc[i].kind = b.v[i].kind;
	}
	import_progress(opts, IMPORT_WRITING, 0, counts->rows);
	rc = store_choices_replace(st, m->id, sc, b.n, e);
	if (!rc)
		import_progress(opts, IMPORT_WRITING, counts->rows, counts->rows);
out:
	free(sc);
	ballot_release(&b);
	return rc;
}
