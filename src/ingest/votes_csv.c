/* votes_csv.c - VOTES.csv into an array of result rows: every row checked,
 * every problem named by its line and column, nothing half read. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/strmap.h"
#include "ingest/csv_file.h"
#include "ingest/import_common.h"
#include "ingest/votes_csv.h"

enum { C_NAME, C_VOTES, C_KIND, C_ORDER, NCOLS };

static const struct import_column columns[NCOLS] = {
    [C_NAME] = {"name", NULL, IMPORT_REQUIRED},
    [C_VOTES] = {"votes", NULL, IMPORT_REQUIRED},
    [C_KIND] = {"kind", NULL, 0},
    [C_ORDER] = {"order", NULL, 0},
};

#define MAX_ORDER INT64_C(1000000000)

const char *votes_csv_columns(void)
{
	return "name, votes, kind, order";
}

/* What reading one file needs besides the table. */
struct reading {
	struct import_header h;
	struct csv_reader *r;
	struct votes_table *t;
	size_t cap;
	int64_t total;
	struct strmap names;  /* name -> line (as a pointer-sized integer) */
	struct strmap orders; /* order written canonically -> line */
};

#define FAIL(rd, col, ...)                                                               \
	import_fail(e, ST_INVALID, (rd)->r->line, import_column_name(&(rd)->h, col),     \
	            __VA_ARGS__)

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* A whole number from 0 to max written with digits only, or false. */
static bool whole(const char *s, int64_t max, int64_t *out)
{
	int64_t v = 0;

	if (!all_digits(s) || strlen(s) > 19)
		return false;
	for (; *s; s++) {
		if (v > (max - (*s - '0')) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return true;
}

/* True when s looks like a number written with thousands separators or
 * decimals ("5,148,074", "5 148 074", "12.0"). */
static bool separated(const char *s)
{
	bool digit = false;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = true;
		else if (*s != ',' && *s != '.' && *s != ' ' && *s != '\'')
			return false;
	}
	return digit;
}

static enum status read_votes(struct reading *rd, const char *s, int64_t *out,
                              struct err *e)
{
	char q[IMPORT_QUOTE_MAX];

	if (!s)
		return FAIL(rd, C_VOTES,
		            "is empty; give the number of votes (0 when none)");
	if (whole(s, VOTES_ROW_MAX, out))
		return ST_OK;
	if (all_digits(s))
		return FAIL(rd, C_VOTES, "%s is more than %lld votes", import_quote(s, q),
		            (long long)VOTES_ROW_MAX);
	if (s[0] == '-' && all_digits(s + 1))
		return FAIL(rd, C_VOTES, "\"%s\" is negative; votes are 0 or more",
		            import_quote(s, q));
	if (separated(s))
		return FAIL(rd, C_VOTES,
		            "\"%s\" is not a whole number of votes; write digits only, "
		            "without separators or decimals",
		            import_quote(s, q));
	return FAIL(rd, C_VOTES, "\"%s\" is not a whole number of votes",
	            import_quote(s, q));
}

static enum status read_order(struct reading *rd, const char *s, int64_t *out,
                              struct err *e)
{
	char key[24], q[IMPORT_QUOTE_MAX];
	void *seen;

	*out = VOTES_NO_ORDER;
	if (!s)
		return ST_OK;
	if (!whole(s, MAX_ORDER, out))
		return FAIL(rd, C_ORDER,
		            "\"%s\" is not a registration order (a whole number from 0 "
		            "to %lld)",
		            import_quote(s, q), (long long)MAX_ORDER);
	snprintf(key, sizeof(key), "%lld", (long long)*out);
	if (strmap_find(&rd->orders, key, &seen))
		return FAIL(rd, C_ORDER,
		            "%s is also the order of the row on line %ld; each list "
		            "has its own place in the order of registration",
		            key, (long)(intptr_t)seen);
	strmap_add(&rd->orders, arena_strdup(&rd->t->arena, key),
	           (void *)(intptr_t)rd->r->line, NULL);
	return ST_OK;
}

/* Check the current row and append it to the table. */
static enum status read_row(struct reading *rd, struct err *e)
{
	struct vote_row row = {0};
	const char *name = import_value(&rd->h, rd->r, C_NAME);
	const char *kind = import_value(&rd->h, rd->r, C_KIND);
	char q[IMPORT_QUOTE_MAX];
	struct votes_table *t = rd->t;
	enum status rc;
	void *seen;

	if (t->nrows >= VOTES_MAX_ROWS)
		return import_fail(e, ST_INVALID, rd->r->line, NULL,
		                   "more than %d rows; a votes file has one row per "
		                   "list or candidate",
		                   VOTES_MAX_ROWS);
	if (!name)
		return FAIL(rd, C_NAME, "is empty; every row names a list or candidate");
	if (strmap_find(&rd->names, name, &seen))
		return FAIL(rd, C_NAME, "\"%s\" is given twice (also on line %ld)",
		            import_quote(name, q), (long)(intptr_t)seen);
	rc = read_votes(rd, import_value(&rd->h, rd->r, C_VOTES), &row.votes, e);
	if (rc)
		return rc;
	if (rd->total > VOTES_TOTAL_MAX - row.votes)
		return FAIL(rd, C_VOTES, "the votes add up to more than %lld",
		            (long long)VOTES_TOTAL_MAX);
	rd->total += row.votes;
	row.kind = VOTE_LIST;
	if (kind && !vote_kind_parse(kind, &row.kind))
		return FAIL(rd, C_KIND,
		            "\"%s\" is not a kind of row; write list (or candidate), "
		            "against_all or invalid",
		            import_quote(kind, q));
	rc = read_order(rd, import_value(&rd->h, rd->r, C_ORDER), &row.order, e);
	if (rc)
		return rc;
	row.name = arena_strdup(&t->arena, name);
	strmap_add(&rd->names, row.name, (void *)(intptr_t)rd->r->line, NULL);
	if (t->nrows == rd->cap) {
		rd->cap = rd->cap ? 2 * rd->cap : 16;
		t->rows = xrealloc(t->rows, rd->cap * sizeof(*t->rows));
		t->lines = xrealloc(t->lines, rd->cap * sizeof(*t->lines));
	}
	t->rows[t->nrows] = row;
	t->lines[t->nrows++] = rd->r->line;
	return ST_OK;
}

enum status votes_csv_read(struct csv_reader *r, struct votes_table *t, struct err *e)
{
	struct reading rd = {.r = r, .t = t};
	enum status rc;
	long header_line;
	bool more;

	memset(t, 0, sizeof(*t));
	strmap_init(&rd.names);
	strmap_init(&rd.orders);
	rc = import_header_read(&rd.h, columns, NCOLS, "votes", r, e);
	if (rc)
		goto out;
	header_line = r->line;
	for (;;) {
		rc = import_row_next(&rd.h, r, &more, e);
		if (rc || !more)
			break;
		rc = read_row(&rd, e);
		if (rc)
			break;
	}
	if (!rc && !t->nrows)
		rc = import_fail(e, ST_INVALID, header_line, NULL,
		                 "the file has a header but no rows; give one row per "
		                 "list or candidate");
out:
	import_header_release(&rd.h);
	strmap_release(&rd.names);
	strmap_release(&rd.orders);
	if (rc)
		votes_table_release(t);
	return rc;
}

enum status votes_csv_load(const char *path, struct votes_table *t, struct err *e)
{
	struct csv_reader r;
	enum status rc;
	FILE *fp;

	memset(t, 0, sizeof(*t));
	rc = csv_file_open(path, &fp, e);
	if (rc)
		return rc;
	csv_open_file(&r, fp);
	rc = votes_csv_read(&r, t, e);
	csv_close(&r);
	csv_file_close(fp);
	if (rc)
		err_prefix(e, "%s: ", strcmp(path, "-") ? path : "stdin");
	return rc;
}

void votes_table_release(struct votes_table *t)
{
	free(t->rows);
	free(t->lines);
	arena_release(&t->arena);
	memset(t, 0, sizeof(*t));
}
