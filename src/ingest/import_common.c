/* import_common.c - the header row of an import file mapped to its columns,
 * suggestions for misspelt column names, row reading and messages that name
 * the line and the column. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "ingest/import_common.h"
#include "store/store_analyze.h"

#define NAME_MAX_FOR_DISTANCE 64

/* ---- suggestions ---- */

/* The byte compared when suggesting: ASCII lower case, with ' ' and '-'
 * read as '_' ("Full name" is close to "full_name"). */
static char fold(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	if (c == ' ' || c == '-')
		return '_';
	return c;
}

/* Edit distance between the folded a and b, counting an insertion, a
 * deletion, a substitution or a swap of two neighbours as one edit
 * ("nmae" is one edit from "name"); a large number when either is too long
 * to bother. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d[NAME_MAX_FOR_DISTANCE + 1][NAME_MAX_FOR_DISTANCE + 1];

	if (la > NAME_MAX_FOR_DISTANCE || lb > NAME_MAX_FOR_DISTANCE)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned char)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned char)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			unsigned best =
			    d[i - 1][j - 1] + (fold(a[i - 1]) != fold(b[j - 1]));
			if (d[i - 1][j] + 1u < best)
				best = d[i - 1][j] + 1u;
			if (d[i][j - 1] + 1u < best)
				best = d[i][j - 1] + 1u;
			if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) &&
			    d[i - 2][j - 2] + 1u < best)
				best = d[i - 2][j - 2] + 1u;
			d[i][j] = (unsigned char)best;
		}
	return d[la][lb];
}

/* True when the folded needle occurs in the folded hay. */
static bool contains(const char *hay, const char *needle)
{
	size_t lh = strlen(hay), ln = strlen(needle);

	for (size_t i = 0; ln && i + ln <= lh; i++) {
		size_t k = 0;
		while (k < ln && fold(hay[i + k]) == fold(needle[k]))
			k++;
		if (k == ln)
			return true;
	}
	return false;
}

/* The known column obviously meant by an unknown name, or NULL: the one
 * closest in spelling (at most 1 edit for short names, 2 for longer ones),
 * or else the only one that contains the name or is contained in it
 * ("lat" -> latitude, "phone_number" -> phone). */
static const char *suggest(const struct import_column *cols, size_t ncols,
                           const char *name)
{
	size_t best = (size_t)-1, nbest = 0, limit = strlen(name) < 6 ? 1 : 2;
	const char *found = NULL;

	for (size_t c = 0; c < ncols; c++) {
		size_t d = distance(name, cols[c].name);
		if (cols[c].alias && distance(name, cols[c].alias) < d)
			d = distance(name, cols[c].alias);
		if (d < best) {
			best = d;
			nbest = 1;
			found = cols[c].name;
		} else if (d == best) {
			nbest++;
		}
	}
	if (best <= limit && nbest == 1)
		return found;
	found = NULL;
	if (strlen(name) < 3)
		return NULL;
	for (size_t c = 0; c < ncols; c++) {
		const char *n = cols[c].name;
		if (contains(n, name) || contains(name, n)) {
			if (found)
				return NULL;
			found = n;
		}
	}
	return found;
}

/* ---- the header ---- */

static void list_columns(struct buf *b, const struct import_column *cols, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++)
		buf_appendf(b, "%s%s", c ? ", " : "", cols[c].name);
}

/* The column a header name means, or -1. */
static int column_of(const struct import_column *cols, size_t ncols, const char *name)
{
	for (size_t c = 0; c < ncols; c++)
		if (text_ieq(name, cols[c].name) ||
		    (cols[c].alias && text_ieq(name, cols[c].alias)))
			return (int)c;
	return -1;
}

/* Check every name of the header in r and fill h->field; unknown names are
 * collected into one message. */
static enum status map_names(struct import_header *h, const char *kind,
                             struct csv_reader *r, struct err *e)
{
	struct buf unknown;
	size_t nunknown = 0;
	enum status rc = ST_OK;

	buf_init(&unknown, 4096);
	for (size_t f = 0; f < r->nfields; f++) {
		char *name = text_trim(r->fields[f]);
		int c;

		if (!*name) {
			rc = import_fail(
			    e, ST_INVALID, r->line, NULL,
			    "the header's field %zu is empty; every column needs "
			    "a name",
			    f + 1);
			goto out;
		}
		c = column_of(h->cols, h->ncols, name);
		if (c < 0) {
			const char *s = suggest(h->cols, h->ncols, name);
			char q[IMPORT_QUOTE_MAX];
			buf_appendf(&unknown, "%s\"%s\"", nunknown ? ", " : "",
			            import_quote(name, q));
			if (s)
				buf_appendf(&unknown, " (did you mean \"%s\"?)", s);
			nunknown++;
			continue;
		}
		if (h->field[c] >= 0 && text_ieq(h->written[c], name)) {
			rc = import_fail(
			    e, ST_INVALID, r->line, NULL,
			    "column \"%s\" is given twice (fields %d and %zu)",
			    h->cols[c].name, h->field[c] + 1, f + 1);
			goto out;
		}
		if (h->field[c] >= 0) {
			rc = import_fail(
			    e, ST_INVALID, r->line, NULL,
			    "\"%s\" (field %d) and \"%s\" (field %zu) are the same "
			    "column; give it once",
			    h->written[c], h->field[c] + 1, name, f + 1);
			goto out;
		}
		h->field[c] = (int)f;
		h->written[c] = xstrdup(name);
	}
	if (nunknown) {
		struct buf known;
		buf_init(&known, 4096);
		list_columns(&known, h->cols, h->ncols);
		rc = import_fail(e, ST_INVALID, r->line, NULL,
		                 "unknown column%s %s; %s files have the columns %s",
		                 nunknown > 1 ? "s" : "", unknown.ptr, kind, known.ptr);
		buf_release(&known);
	}
out:
	buf_release(&unknown);
	return rc;
}

enum status import_header_read(struct import_header *h, const struct import_column *cols,
                               size_t ncols, const char *kind, struct csv_reader *r,
                               struct err *e)
{
	struct buf known;
	enum status rc;

	h->cols = cols;
	h->ncols = ncols;
	h->nfields = 0;
	for (size_t c = 0; c < IMPORT_MAX_COLUMNS; c++) {
		h->field[c] = -1;
		h->written[c] = NULL;
	}
	buf_init(&known, 4096);
	list_columns(&known, cols, ncols);
	rc = csv_next(r, e);
	if (rc)
		goto out;
	if (!r->nfields) {
		rc = err_set(
		    e, ST_INVALID,
		    "the file is empty; its first line must name the columns (%s)",
		    known.ptr);
		goto out;
	}
	h->nfields = r->nfields;
	rc = map_names(h, kind, r, e);
	if (rc)
		goto out;
	for (size_t c = 0; c < ncols; c++)
		if ((cols[c].flags & IMPORT_REQUIRED) && h->field[c] < 0) {
			rc = import_fail(e, ST_INVALID, r->line, NULL,
			                 "the required column \"%s\" is missing from the "
			                 "header; %s files have the columns %s",
			                 cols[c].name, kind, known.ptr);
			goto out;
		}
out:
	buf_release(&known);
	return rc;
}

void import_header_release(struct import_header *h)
{
	for (size_t c = 0; c < IMPORT_MAX_COLUMNS; c++) {
		free(h->written[c]);
		h->written[c] = NULL;
	}
}

/* ---- rows ---- */

enum status import_row_next(const struct import_header *h, struct csv_reader *r,
                            bool *more, struct err *e)
{
	enum status rc;

	*more = false;
	rc = csv_next(r, e);
	if (rc || !r->nfields)
		return rc;
	if (r->nfields != h->nfields)
		return import_fail(e, ST_INVALID, r->line, NULL,
		                   "%zu field%s, but the header has %zu columns (a value "
		                   "with a comma must be in double quotes)",
		                   r->nfields, r->nfields == 1 ? "" : "s", h->nfields);
	for (size_t f = 0; f < r->nfields; f++)
		text_trim(r->fields[f]);
	*more = true;
	return ST_OK;
}

const char *import_value(const struct import_header *h, const struct csv_reader *r,
                         int col)
{
	int f = h->field[col];

	if (f < 0 || !r->fields[f][0])
		return NULL;
	return r->fields[f];
}

bool import_has_column(const struct import_header *h, int col)
{
	return h->field[col] >= 0;
}

const char *import_column_name(const struct import_header *h, int col)
{
	return h->written[col] ? h->written[col] : h->cols[col].name;
}

/* ---- messages ---- */

enum status import_fail(struct err *e, enum status code, long line, const char *column,
                        const char *fmt, ...)
{
	char what[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (column)
		return err_set(e, code, "line %ld, column %s: %s", line, column, what);
	return err_set(e, code, "line %ld: %s", line, what);
}

enum status import_fail_from(struct err *e, const struct import_header *h, long line,
                             const struct err *cause)
{
	struct err c = *cause;
	const char *colon = strstr(c.msg, ": ");

	if (colon) {
		size_t n = (size_t)(colon - c.msg);
		for (size_t k = 0; k < h->ncols; k++)
			if (strlen(h->cols[k].name) == n &&
			    !memcmp(c.msg, h->cols[k].name, n))
				return import_fail(e, c.code, line,
				                   import_column_name(h, (int)k), "%s",
				                   colon + 2);
	}
	return import_fail(e, c.code, line, NULL, "%s", c.msg);
}

const char *import_quote(const char *v, char out[IMPORT_QUOTE_MAX])
{
	size_t n = strlen(v), keep = IMPORT_QUOTE_MAX - 4;

	if (n <= keep)
		return v;
	while (keep > 0 && ((unsigned char)v[keep] & 0xC0) == 0x80)
		keep--;
	memcpy(out, v, keep);
	memcpy(out + keep, "...", 4);
	return out;
}

void import_progress(const struct import_opts *opts, enum import_phase phase,
                     long long done, long long total)
{
	if (opts && opts->progress)
		opts->progress(opts->progress_ctx, phase, done, total);
}

void import_analyze(struct store *st, const struct import_counts *counts)
{
	struct err e;

	err_clear(&e);
	if (counts->inserted + counts->updated >= IMPORT_ANALYZE_ROWS)
		(void)store_analyze(st, &e);
}

void import_analyze_early(struct store *st, const char *tables,
                          const struct import_counts *counts)
{
	struct err e;

	err_clear(&e);
	if (counts->inserted + counts->updated == IMPORT_ANALYZE_ROWS)
		(void)store_analyze_tables(st, tables, &e);
}

/* ---- problems collected ---- */

bool import_collect(const struct import_opts *opts, const struct csv_reader *r,
                    enum status rc, struct err *e)
{
	if (!opts || !opts->problems || rc != ST_INVALID || !r->nfields)
		return false;
	opts->problems->n++;
	opts->problems->add(opts->problems, e->msg);
	err_clear(e);
	return true;
}

enum status import_collected(const struct import_opts *opts, struct err *e)
{
	if (!opts || !opts->problems || !opts->problems->n)
		return ST_OK;
	return err_set(e, ST_INVALID, "%lld row%s of the file %s a problem",
	               opts->problems->n, opts->problems->n == 1 ? "" : "s",
	               opts->problems->n == 1 ? "has" : "have");
}
