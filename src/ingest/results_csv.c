/* results_csv.c - reading a commission's station-level results: the
 * header's columns resolved once, then each row's cells parsed as counts
 * into one reused station record, so memory does not grow with the file. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "ingest/colspec.h"
#include "ingest/csv_file.h"
#include "ingest/results_csv.h"

#define ID_MAX 4096 /* bytes of a station's joined id */

/* s with every line break or tab as one space, and no spaces at the ends;
 * a new string. */
static char *one_line(const char *s)
{
	size_t n = strlen(s), j = 0;
	char *out = xmalloc(n + 1);

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\r' && s[i + 1] == '\n')
			continue;
		out[j++] = (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
	}
	while (j && out[j - 1] == ' ')
		j--;
	out[j] = 0;
	n = strspn(out, " ");
	memmove(out, out + n, j - n + 1);
	return out;
}

/* Resolve spec (one column, a range or a list) for the option opt. */
static enum status resolve(struct results_csv *r, const char *opt, const char *spec,
                           struct results_role *role, struct err *e)
{
	enum status rc;

	rc = colspec_list((const char *const *)r->header, r->ncolumns, spec, &role->cols,
	                  &role->ncols, e);
	if (rc)
		err_prefix(e, "%s: ", opt);
	return rc;
}

enum status results_csv_open(struct results_csv *r, const char *path,
                             const struct results_columns *cols, struct err *e)
{
	enum status rc;

	memset(r, 0, sizeof(*r));
	buf_init(&r->idbuf, ID_MAX);
	rc = csv_file_open(path, &r->fp, e);
	if (rc)
		goto out;
	csv_open_file(&r->csv, r->fp);
	r->opened = true;
	rc = csv_next(&r->csv, e);
	if (rc)
		goto out;
	if (!r->csv.nfields) {
		rc = err_set(e, ST_INVALID,
		             "the file is empty: a header line is expected");
		goto out;
	}
	r->ncolumns = r->csv.nfields;
	r->header = xcalloc(r->ncolumns, sizeof(*r->header));
	for (size_t i = 0; i < r->ncolumns; i++)
		r->header[i] = one_line(r->csv.fields[i]);
	rc = resolve(r, "--registered", cols->registered, &r->registered, e);
	if (!rc)
		rc = resolve(r, "--valid", cols->valid, &r->valid, e);
	if (!rc)
		rc = resolve(r, "--invalid", cols->invalid, &r->invalid, e);
	if (!rc)
		rc = resolve(r, "--choices", cols->choices, &r->choices, e);
	if (!rc && cols->ballots)
		rc = resolve(r, "--ballots", cols->ballots, &r->ballots, e);
	if (!rc && cols->id)
		rc = resolve(r, "--id", cols->id, &r->id, e);
	if (rc)
		goto out;
	r->has_ballots = cols->ballots != NULL;
	r->nchoices = r->choices.ncols;
	r->choice_names = xcalloc(r->nchoices, sizeof(*r->choice_names));
	for (size_t i = 0; i < r->nchoices; i++)
		r->choice_names[i] = xstrdup(r->header[r->choices.cols[i]]);
	r->votes = xcalloc(r->nchoices, sizeof(*r->votes));
out:
	if (rc)
		results_csv_close(r);
	return rc;
}

/* The count in field col of the current row, or an error naming it. */
static enum status count(struct results_csv *r, size_t col, int64_t *out, struct err *e)
{
	const char *s = r->csv.fields[col];
	const char *p, *end;
	int64_t v = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == s)
		return err_set(e, ST_INVALID,
		               "line %ld, column %zu (%s): the cell is empty",
		               r->csv.field_line[col], col + 1, r->header[col]);
	for (p = s; p < end && *p >= '0' && *p <= '9'; p++)
		if (v <= STATION_COUNT_MAX)
			v = v * 10 + (*p - '0');
	if (p < end || v > STATION_COUNT_MAX) {
		const char *why =
		    p == end ? "is above 10^12"
		    : *s == '-' && p == s && s + 1 < end && s[1] >= '0' && s[1] <= '9'
		        ? "is negative (counts are whole numbers from 0)"
		        : "is not a whole number";
		int len = (int)(end - s > 40 ? 40 : end - s);

		while (len && s + len < end && (s[len] & 0xC0) == 0x80)
			len--; /* not in the middle of a character */
		return err_set(e, ST_INVALID, "line %ld, column %zu (%s): \"%.*s\" %s",
		               r->csv.field_line[col], col + 1, r->header[col], len, s,
		               why);
	}
	*out = v;
	return ST_OK;
}

/* The sum of the counts in role's columns. */
static enum status sum(struct results_csv *r, const struct results_role *role,
                       int64_t *out, struct err *e)
{
	int64_t total = 0, v;

	for (size_t i = 0; i < role->ncols; i++) {
		enum status rc = count(r, role->cols[i], &v, e);
		if (rc)
			return rc;
		total += v;
	}
	*out = total;
	return ST_OK;
}

/* The current row's id in r->idbuf. */
static enum status row_id(struct results_csv *r, struct err *e)
{
	enum status rc = ST_OK;

	buf_reset(&r->idbuf);
	if (!r->id.ncols)
		return buf_appendf(&r->idbuf, "line %ld", r->csv.line);
	for (size_t i = 0; i < r->id.ncols && !rc; i++) {
		if (i)
			rc = buf_appends(&r->idbuf, " / ");
		if (!rc)
			rc = buf_appends(&r->idbuf, r->csv.fields[r->id.cols[i]]);
	}
	if (rc)
		return err_set(e, rc,
		               "line %ld: the station's id is longer than %d bytes",
		               r->csv.line, ID_MAX);
	return ST_OK;
}

/* The current row as a station. */
static enum status parse_row(struct results_csv *r, struct station_result *s,
                             struct err *e)
{
	enum status rc;

	if (r->csv.nfields != r->ncolumns)
		return err_set(e, ST_INVALID, "line %ld: %zu fields, the header has %zu",
		               r->csv.line, r->csv.nfields, r->ncolumns);
	memset(s, 0, sizeof(*s));
	s->line = r->csv.line;
	s->ballots = -1;
	rc = sum(r, &r->registered, &s->registered, e);
	if (!rc && r->has_ballots)
		rc = sum(r, &r->ballots, &s->ballots, e);
	if (!rc)
		rc = sum(r, &r->valid, &s->valid, e);
	if (!rc)
		rc = sum(r, &r->invalid, &s->invalid, e);
	for (size_t i = 0; i < r->nchoices && !rc; i++)
		rc = count(r, r->choices.cols[i], &r->votes[i], e);
	if (!rc)
		rc = row_id(r, e);
	if (rc)
		return rc;
	s->id = r->idbuf.ptr;
	s->votes = r->votes;
	s->nchoices = r->nchoices;
	return ST_OK;
}

enum status results_csv_each(struct results_csv *r, results_csv_fn fn, void *ctx,
                             struct err *e)
{
	struct station_result s;
	enum status rc;

	for (;;) {
		rc = csv_next(&r->csv, e);
		if (rc)
			return rc;
		if (!r->csv.nfields)
			break;
		rc = parse_row(r, &s, e);
		if (!rc)
			rc = fn(ctx, &s, e);
		if (rc)
			return rc;
		r->stations++;
	}
	if (!r->stations)
		return err_set(e, ST_INVALID,
		               "no station after the header: the file has no results");
	return ST_OK;
}

enum status results_csv_choice(const struct results_csv *r, const char *spec,
                               size_t *index, struct err *e)
{
	char *want = one_line(spec);
	size_t hits = 0, col;
	struct err ignored;

	for (int pass = 0; pass < 3 && !hits && *want; pass++) {
		for (size_t i = 0; i < r->nchoices; i++) {
			const char *name = r->choice_names[i];
			bool match = pass == 0   ? !strcmp(name, want)
			             : pass == 1 ? !strcasecmp(name, want)
			                         : strstr(name, want) != NULL;
			if (match)
				hits++, *index = i;
		}
		if (pass == 1 && !hits &&
		    !colspec_one((const char *const *)r->header, r->ncolumns, want, &col,
		                 &ignored)) {
			for (size_t i = 0; i < r->nchoices; i++)
				if (r->choices.cols[i] == col)
					hits = 1, *index = i;
		}
	}
	free(want);
	if (hits == 1)
		return ST_OK;
	return err_set(e, ST_INVALID, "\"%s\" names %s of the %zu choices", spec,
	               hits ? "more than one" : "none", r->nchoices);
}

long long results_csv_bytes(const struct results_csv *r)
{
	return r->opened ? csv_bytes_read(&r->csv) : 0;
}

static void role_free(struct results_role *role)
{
	free(role->cols);
	role->cols = NULL;
	role->ncols = 0;
}

void results_csv_close(struct results_csv *r)
{
	if (r->opened)
		csv_close(&r->csv);
	r->opened = false;
	csv_file_close(r->fp);
	r->fp = NULL;
	for (size_t i = 0; r->header && i < r->ncolumns; i++)
		free(r->header[i]);
	free(r->header);
	r->header = NULL;
	for (size_t i = 0; r->choice_names && i < r->nchoices; i++)
		free(r->choice_names[i]);
	free(r->choice_names);
	r->choice_names = NULL;
	role_free(&r->registered);
	role_free(&r->valid);
	role_free(&r->invalid);
	role_free(&r->ballots);
	role_free(&r->choices);
	role_free(&r->id);
	free(r->votes);
	r->votes = NULL;
	buf_release(&r->idbuf);
}
