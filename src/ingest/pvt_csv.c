/* pvt_csv.c - reading the quick count's CSV files: the header once, its
 * columns found by name or number (colspec.h), then each row with every
 * value checked and every error placed by line and column. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/strmap.h"
#include "core/text.h"
#include "ingest/colspec.h"
#include "ingest/csv.h"
#include "ingest/csv_file.h"
#include "ingest/pvt_csv.h"

/* An open file with its header. */
struct table {
	FILE *fp;
	struct csv_reader r;
	char **header; /* copies, nheader */
	size_t nheader;
};

static void table_close(struct table *t)
{
	for (size_t i = 0; i < t->nheader; i++)
		free(t->header[i]);
	free(t->header);
	csv_close(&t->r);
	csv_file_close(t->fp);
	memset(t, 0, sizeof(*t));
}

static enum status table_open(struct table *t, const char *path, struct err *e)
{
	enum status rc;

	memset(t, 0, sizeof(*t));
	rc = csv_file_open(path, &t->fp, e);
	if (rc)
		return rc;
	csv_open_file(&t->r, t->fp);
	rc = csv_next(&t->r, e);
	if (rc)
		return rc;
	if (!t->r.nfields)
		return err_set(e, ST_INVALID, "the file is empty: it needs a header row");
	t->nheader = t->r.nfields;
	t->header = xcalloc(t->nheader, sizeof(*t->header));
	for (size_t i = 0; i < t->nheader; i++)
		t->header[i] = xstrdup(t->r.fields[i]);
	return ST_OK;
}

/* The next row; *more false at the end.  Fields are trimmed. */
static enum status table_next(struct table *t, bool *more, struct err *e)
{
	enum status rc = csv_next(&t->r, e);

	*more = false;
	if (rc)
		return rc;
	if (!t->r.nfields)
		return ST_OK;
	if (t->r.nfields != t->nheader)
		return err_set(e, ST_INVALID,
		               "line %ld: %zu fields, but the header has %zu columns",
		               t->r.line, t->r.nfields, t->nheader);
	for (size_t i = 0; i < t->nheader; i++)
		text_trim(t->r.fields[i]);
	*more = true;
	return ST_OK;
}

static enum status column(const struct table *t, const char *spec, size_t *col,
                          struct err *e)
{
	enum status rc =
	    colspec_one((const char *const *)t->header, t->nheader, spec, col, e);

	if (rc)
		err_prefix(e, "line 1: ");
	return rc;
}

#define FAIL(t, col, ...)                                                                \
	(err_set(e, ST_INVALID, __VA_ARGS__),                                            \
	 err_prefix(e, "line %ld, column %s: ", (t)->r.line, (t)->header[col]),          \
	 ST_INVALID)

/* A value that must not be empty. */
static enum status text_at(struct table *t, size_t col, const char **out, struct err *e)
{
	*out = t->r.fields[col];
	if (!**out)
		return FAIL(t, col, "is empty");
	return ST_OK;
}

static enum status count_at(struct table *t, size_t col, int64_t *out, struct err *e)
{
	const char *v = t->r.fields[col];

	if (!text_int64(v, 0, INT64_C(1000000000000), out))
		return FAIL(t, col, "\"%s\" is not a whole number of 0 or more", v);
	return ST_OK;
}

/* Rows of name and number; percent allows a trailing '%' and 0..100. */
static enum status read_pairs(const char *path, const char *name_col,
                              const char *value_col, bool percent, struct arena *a,
                              struct pvt_csv_pair **out, size_t *n, struct err *e)
{
	struct table t;
	struct strmap seen = STRMAP_INIT;
	size_t cn = 0, cv = 0, cap = 0;
	bool more;
	enum status rc;

	*out = NULL;
	*n = 0;
	rc = table_open(&t, path, e);
	if (!rc)
		rc = column(&t, name_col, &cn, e);
	if (!rc)
		rc = column(&t, value_col, &cv, e);
	while (!rc && !(rc = table_next(&t, &more, e)) && more) {
		struct pvt_csv_pair p = {.line = t.r.line};
		char *v = t.r.fields[cv];
		size_t len = strlen(v);
		void *had;
		rc = text_at(&t, cn, &p.name, e);
		if (rc)
			break;
		if (percent && len && v[len - 1] == '%')
			v[len - 1] = '\0';
		text_trim(v);
		if (percent
		        ? !text_double(v, &p.value) || !(p.value >= 0 && p.value <= 100)
		        : !text_double(v, &p.value) || p.value < 0 ||
		              p.value != (double)(int64_t)p.value) {
			rc = FAIL(&t, cv, "\"%s\" is not %s", t.r.fields[cv],
			          percent ? "a share in percent from 0 to 100"
			                  : "a whole number of 0 or more");
			break;
		}
		p.name = arena_strdup(a, p.name);
		if (!strmap_add(&seen, p.name, (void *)(uintptr_t)p.line, &had)) {
			rc = FAIL(&t, cn, "\"%s\" is already given on line %ld", p.name,
			          (long)(uintptr_t)had);
			break;
		}
		if (*n == cap) {
			struct pvt_csv_pair *grown;
			cap = cap ? cap * 2 : 16;
			grown = arena_alloc(a, cap * sizeof(*grown));
			if (*n)
				memcpy(grown, *out, *n * sizeof(*grown));
			*out = grown;
		}
		(*out)[(*n)++] = p;
	}
	if (rc) {
		err_prefix(e, "%s: ", path);
		*out = NULL;
		*n = 0;
	}
	strmap_release(&seen);
	table_close(&t);
	return rc;
}

enum status pvt_csv_allocation(const char *path, struct arena *a,
                               struct pvt_csv_pair **out, size_t *n, struct err *e)
{
	return read_pairs(path, "stratum", "size", false, a, out, n, e);
}

enum status pvt_csv_official(const char *path, struct arena *a, struct pvt_csv_pair **out,
                             size_t *n, struct err *e)
{
	return read_pairs(path, "choice", "share", true, a, out, n, e);
}

/* ---- the frame ---- */

enum status pvt_csv_frame(const char *path, const char *stratum_col, struct arena *a,
                          struct pvt_csv_unit **out, size_t *n, struct err *e)
{
	struct table t;
	size_t cs = 0, ch = 0, cap = 0;
	bool more;
	enum status rc;

	*out = NULL;
	*n = 0;
	rc = table_open(&t, path, e);
	if (!rc)
		rc = column(&t, "station", &cs, e);
	if (!rc && stratum_col &&
	    colspec_one((const char *const *)t.header, t.nheader, stratum_col, &ch, e))
		rc = column(&t, "stratum", &ch, e);
	while (!rc && !(rc = table_next(&t, &more, e)) && more) {
		struct pvt_csv_unit u = {.line = t.r.line};
		rc = text_at(&t, cs, &u.station, e);
		if (!rc && stratum_col)
			rc = text_at(&t, ch, &u.stratum, e);
		if (rc)
			break;
		u.station = arena_strdup(a, u.station);
		u.stratum = arena_strdup(a, u.stratum);
		if (*n == cap) {
			struct pvt_csv_unit *grown;
			cap = cap ? cap * 2 : 1024;
			grown = arena_alloc(a, cap * sizeof(*grown));
			if (*n)
				memcpy(grown, *out, *n * sizeof(*grown));
			*out = grown;
		}
		(*out)[(*n)++] = u;
	}
	if (rc) {
		err_prefix(e, "%s: ", path);
		*out = NULL;
		*n = 0;
	}
	table_close(&t);
	return rc;
}

/* ---- the sample's results ---- */

struct sample_cols {
	size_t station, stratum, valid, registered, ballots;
	size_t *choices, nchoices;
};

static enum status sample_columns(const struct table *t, const struct pvt_csv_spec *spec,
                                  struct sample_cols *c, struct err *e)
{
	const char *const *h = (const char *const *)t->header;
	enum status rc;

	rc = column(t, spec->station ? spec->station : "station", &c->station, e);
	if (!rc && spec->stratum)
		rc = column(t, spec->stratum, &c->stratum, e);
	if (!rc)
		rc = column(t, spec->valid, &c->valid, e);
	if (!rc && spec->registered)
		rc = column(t, spec->registered, &c->registered, e);
	if (!rc && spec->ballots)
		rc = column(t, spec->ballots, &c->ballots, e);
	if (!rc &&
	    colspec_list(h, t->nheader, spec->choices, &c->choices, &c->nchoices, e))
		rc = (err_prefix(e, "line 1: "), ST_INVALID);
	return rc;
}

static enum status sample_row(struct table *t, const struct pvt_csv_spec *spec,
                              const struct sample_cols *c, struct arena *a,
                              struct pvt_csv_row *row, struct err *e)
{
	enum status rc;

	row->line = t->r.line;
	row->registered = row->ballots = -1;
	rc = text_at(t, c->station, &row->station, e);
	if (!rc && spec->stratum)
		rc = text_at(t, c->stratum, &row->stratum, e);
	if (!rc)
		rc = count_at(t, c->valid, &row->valid, e);
	if (!rc && spec->registered)
		rc = count_at(t, c->registered, &row->registered, e);
	if (!rc && spec->ballots)
		rc = count_at(t, c->ballots, &row->ballots, e);
	row->votes = arena_alloc(a, (c->nchoices ? c->nchoices : 1) * sizeof(int64_t));
	for (size_t k = 0; !rc && k < c->nchoices; k++)
		rc = count_at(t, c->choices[k], &row->votes[k], e);
	if (rc)
		return rc;
	row->station = arena_strdup(a, row->station);
	row->stratum = arena_strdup(a, row->stratum);
	return ST_OK;
}

enum status pvt_csv_sample_read(const char *path, const struct pvt_csv_spec *spec,
                                struct arena *a, struct pvt_csv_sample *out,
                                struct err *e)
{
	struct table t;
	struct sample_cols c = {0};
	struct strmap seen = STRMAP_INIT;
	size_t cap = 0;
	bool more;
	enum status rc;

	memset(out, 0, sizeof(*out));
	rc = table_open(&t, path, e);
	if (!rc)
		rc = sample_columns(&t, spec, &c, e);
	if (!rc) {
		out->nchoices = c.nchoices;
		out->choices =
		    arena_alloc(a, (c.nchoices ? c.nchoices : 1) * sizeof(char *));
		for (size_t k = 0; k < c.nchoices; k++)
			out->choices[k] =
			    arena_strdup(a, text_trim(t.header[c.choices[k]]));
		if (spec->stratum)
			out->stratum_header =
			    arena_strdup(a, text_trim(t.header[c.stratum]));
	}
	while (!rc && !(rc = table_next(&t, &more, e)) && more) {
		struct pvt_csv_row row;
		void *had;
		rc = sample_row(&t, spec, &c, a, &row, e);
		if (rc)
			break;
		if (!strmap_add(&seen, row.station, (void *)(uintptr_t)row.line, &had)) {
			rc = FAIL(&t, c.station,
			          "station \"%s\" is already given on line %ld",
			          row.station, (long)(uintptr_t)had);
			break;
		}
		if (out->nrows == cap) {
			struct pvt_csv_row *grown;
			cap = cap ? cap * 2 : 1024;
			grown = arena_alloc(a, cap * sizeof(*grown));
			if (out->nrows)
				memcpy(grown, out->rows, out->nrows * sizeof(*grown));
			out->rows = grown;
		}
		out->rows[out->nrows++] = row;
	}
	if (rc) {
		err_prefix(e, "%s: ", path);
		memset(out, 0, sizeof(*out));
	}
	free(c.choices);
	strmap_release(&seen);
	table_close(&t);
	return rc;
}
