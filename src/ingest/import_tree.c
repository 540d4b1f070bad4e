/* import_tree.c - parents before children.
 *
 * Each row gets an "effective parent": its parent row when the parent is in
 * the file, else the nearest ancestor in the file found by walking up the
 * locations already stored (their parents as stored, since the file does
 * not change them).  Walking these links from every row once, marking rows
 * on the current path, finds loops and each row's depth in linear time; a
 * counting sort by depth then gives the order. */
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/buf.h"
#include "ingest/import_common.h"
#include "ingest/import_tree.h"

#define NO_ROW     (-1L)
#define NOT_YET    (-2L)
#define MAX_DEPTH  1000 /* deeper stored trees are taken for loops */
#define LOOP_SHOWN 8    /* rows named in a loop message */

/* A location already in the mission, looked up once. */
struct stored {
	bool found;
	bool station;
	const char *parent;   /* its stored parent's code, NULL at the top */
	long nearest_in_file; /* row index of its nearest ancestor in the
	                       * file, NO_ROW if none, NOT_YET until known */
};

struct tree {
	struct store *st;
	const struct mission *m;
	struct import_loc *const *rows;
	size_t n;
	const struct strmap *codes;
	const char *parent_col;
	struct arena a;
	struct strmap cache;      /* code -> struct stored */
	long *eff;                /* effective parent of each row, or NO_ROW */
	unsigned char *via_store; /* eff[i] was found through stored rows */
};

static enum status lookup(struct tree *t, const char *code, struct stored **out,
                          struct err *e)
{
	struct stored *s = strmap_get(&t->cache, code);
	struct location l;
	struct err le;
	enum status rc;

	if (s) {
		*out = s;
		return ST_OK;
	}
	s = arena_alloc(&t->a, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->nearest_in_file = NOT_YET;
	err_clear(&le);
	rc = store_location_get(t->st, t->m->id, code, &t->a, &l, &le);
	if (rc && rc != ST_NOT_FOUND) {
		if (e)
			*e = le;
		return rc;
	}
	if (!rc) {
		s->found = true;
		s->station = location_is_station(&l);
		s->parent = l.parent;
	}
	strmap_add(&t->cache, arena_strdup(&t->a, code), s, NULL);
	*out = s;
	return ST_OK;
}

/* The nearest ancestor of stored location s that is in the file. */
static enum status nearest_in_file(struct tree *t, struct stored *s, long *out,
                                   struct err *e)
{
	const char *q = s->parent;
	struct stored *up;
	enum status rc;

	if (s->nearest_in_file != NOT_YET) {
		*out = s->nearest_in_file;
		return ST_OK;
	}
	s->nearest_in_file = NO_ROW;
	for (int steps = 0; q && steps < MAX_DEPTH; steps++) {
		struct import_loc *row = strmap_get(t->codes, q);
		if (row) {
			s->nearest_in_file = (long)row->index;
			break;
		}
		rc = lookup(t, q, &up, e);
		if (rc)
			return rc;
		if (!up->found)
			break;
		q = up->parent;
	}
	*out = s->nearest_in_file;
	return ST_OK;
}

/* Set t->eff for every row, checking that each parent exists and is not a
 * polling station. */
static enum status link_parents(struct tree *t, struct err *e)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct import_loc *row = t->rows[i];
		const char *p = row->l.parent;
		struct import_loc *prow;
		struct stored *s;
		enum status rc;

		t->eff[i] = NO_ROW;
		if (!p)
			continue;
		prow = strmap_get(t->codes, p);
		if (prow) {
			if (location_is_station(&prow->l))
				return import_fail(
				    e, ST_INVALID, row->line, t->parent_col,
				    "\"%s\" (line %ld) is a polling station and "
				    "cannot contain other locations",
				    p, prow->line);
			t->eff[i] = (long)prow->index;
			continue;
		}
		rc = lookup(t, p, &s, e);
		if (rc)
			return rc;
		if (!s->found)
			return import_fail(
			    e, ST_NOT_FOUND, row->line, t->parent_col,
			    "no location \"%s\" in this file or in mission %s", p,
			    t->m->code);
		if (s->station)
			return import_fail(
			    e, ST_INVALID, row->line, t->parent_col,
			    "\"%s\" is a polling station and cannot contain "
			    "other locations",
			    p);
		rc = nearest_in_file(t, s, &t->eff[i], e);
		if (rc)
			return rc;
		t->via_store[i] = 1;
	}
	return ST_OK;
}

/* Report the loop made of the rows path[0..len): named from its row with
 * the lowest line, following the parents; a parent already in the mission
 * is shown with "(in the mission)". */
static enum status loop_error(struct tree *t, const size_t *path, size_t len,
                              struct err *e)
{
	size_t first = 0, k;
	const struct import_loc *start;
	struct buf b;
	enum status rc;

	for (k = 1; k < len; k++)
		if (t->rows[path[k]]->line < t->rows[path[first]]->line)
			first = k;
	start = t->rows[path[first]];
	buf_init(&b, 2048);
	/* path runs child to parent, so walk it upwards from first. */
	for (k = 0; k < len && k < LOOP_SHOWN; k++) {
		const struct import_loc *row = t->rows[path[(first + k) % len]];
		const struct import_loc *next = t->rows[path[(first + k + 1) % len]];
		buf_appendf(&b, "\"%s\" (line %ld) -> ", row->l.code, row->line);
		if (t->via_store[row->index]) {
			const struct stored *s = strmap_get(&t->cache, row->l.parent);
			buf_appendf(&b, "\"%s\" (in the mission) -> ", row->l.parent);
			if (!s || !s->parent || strcmp(s->parent, next->l.code))
				buf_appends(&b, "... -> ");
		}
	}
	if (k < len)
		buf_appends(&b, "... -> ");
	buf_appendf(&b, "\"%s\"", start->l.code);
	rc = import_fail(e, ST_INVALID, start->line, t->parent_col,
	                 "the parents form a loop: %s", b.ptr);
	buf_release(&b);
	return rc;
}

/* Depth of every row in the effective tree, or a loop error. */
static enum status depths(struct tree *t, int *depth, int *max_depth, struct err *e)
{
	enum { NEW, ON_PATH, DONE };
	unsigned char *state = xcalloc(t->n ? t->n : 1, 1);
	size_t *path = xmalloc((t->n ? t->n : 1) * sizeof(*path));
	enum status rc = ST_OK;

	*max_depth = 0;
	for (size_t i = 0; i < t->n; i++) {
		size_t len = 0;
		long j = (long)i;
		int d;

		while (j != NO_ROW && state[j] == NEW) {
			state[j] = ON_PATH;
			path[len++] = (size_t)j;
			j = t->eff[j];
		}
		if (j != NO_ROW && state[j] == ON_PATH) {
			size_t from = 0;
			while (path[from] != (size_t)j)
				from++;
			rc = loop_error(t, path + from, len - from, e);
			goto out;
		}
		d = j == NO_ROW ? -1 : depth[j];
		while (len) {
			size_t k = path[--len];
			depth[k] = ++d;
			state[k] = DONE;
			if (d > *max_depth)
				*max_depth = d;
		}
	}
out:
	free(state);
	free(path);
	return rc;
}

enum status import_tree_order(struct store *st, const struct mission *m,
                              struct import_loc *const *rows, size_t n,
                              const struct strmap *codes, const char *parent_col,
                              size_t *order, struct err *e)
{
	struct tree t = {st,         m,          rows,        n,    codes,
	                 parent_col, ARENA_INIT, STRMAP_INIT, NULL, NULL};
	int *depth = xmalloc((n ? n : 1) * sizeof(*depth)), max_depth;
	size_t *start = NULL;
	enum status rc;

	t.eff = xmalloc((n ? n : 1) * sizeof(*t.eff));
	t.via_store = xcalloc(n ? n : 1, 1);
	rc = link_parents(&t, e);
	if (rc)
		goto out;
	rc = depths(&t, depth, &max_depth, e);
	if (rc)
		goto out;
	/* Counting sort by depth, stable. */
	start = xcalloc((size_t)max_depth + 2, sizeof(*start));
	for (size_t i = 0; i < n; i++)
		start[depth[i] + 1]++;
	for (int d = 1; d <= max_depth + 1; d++)
		start[d] += start[d - 1];
	for (size_t i = 0; i < n; i++)
		order[start[depth[i]]++] = i;
out:
	free(start);
	free(depth);
	free(t.eff);
	free(t.via_store);
	strmap_release(&t.cache);
	arena_release(&t.a);
	return rc;
}
