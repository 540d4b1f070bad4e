/* import_results.c - official results CSV into the mission: the header
 * (or a mapping) tells which column holds which line of the results
 * protocol, every row is checked, then all rows are stored in one
 * transaction. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "core/text.h"
#include "ingest/colspec.h"
#include "ingest/form_load.h"
#include "ingest/import_common.h"
#include "ingest/import_results.h"

#define RESULTS_FORM_CODE "PR"
#define WRITE_CHUNK       2048 /* rows stored between two progress reports */

/* A protocol line and the field it is read from. */
struct line {
	const char *tag;    /* the form's tag */
	const char *choice; /* the ballot choice's code, or NULL */
	int field;          /* -1: not read */
};

/* What to read from which field. */
struct plan {
	struct form *form;
	struct line *lines;
	size_t nlines;
	int station;   /* the station's field, -1 until known */
	char **header; /* the header's fields, trimmed (owned) */
	size_t nfields;
	struct buf keys; /* the keys a column may name, for messages */
};

static void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->nfields; i++)
		free(p->header[i]);
	free(p->header);
	free(p->lines);
	form_free(p->form);
	buf_release(&p->keys);
}

/* The line named key: a tag (ignoring case), else a choice's code
 * (exactly, else ignoring case); -1 when none. */
static int line_of(const struct plan *p, const char *key)
{
	for (size_t k = 0; k < p->nlines; k++)
		if (text_ieq(p->lines[k].tag, key))
			return (int)k;
	for (size_t k = 0; k < p->nlines; k++)
		if (p->lines[k].choice && !strcmp(p->lines[k].choice, key))
			return (int)k;
	for (size_t k = 0; k < p->nlines; k++)
		if (p->lines[k].choice && text_ieq(p->lines[k].choice, key))
			return (int)k;
	return -1;
}

/* The lines of the mission's results protocol form. */
static enum status plan_lines(struct plan *p, struct store *st, const struct mission *m,
                              struct err *e)
{
	enum status rc = form_load(st, m->id, RESULTS_FORM_CODE, &p->form, e);

	buf_init(&p->keys, BUF_NO_CAP);
	if (rc == ST_NOT_FOUND)
		return err_set(e, ST_NOT_FOUND,
		               "mission %s has no results protocol form %s: official "
		               "results are read by its lines",
		               m->code, RESULTS_FORM_CODE);
	if (rc)
		return rc;
	p->lines = xcalloc(p->form->nquestions + 1, sizeof(*p->lines));
	buf_appends(&p->keys, "station");
	for (size_t i = 0; i < p->form->nquestions; i++) {
		const struct form_question *q = &p->form->questions[i];
		if (q->type != QT_INTEGER)
			continue;
		p->lines[p->nlines].tag = q->tag;
		p->lines[p->nlines].choice = q->choice ? q->choice->code : NULL;
		p->lines[p->nlines].field = -1;
		p->nlines++;
		buf_appendf(&p->keys, ", %s", q->tag);
		if (q->choice)
			buf_appendf(&p->keys, " (%s)", q->choice->code);
	}
	return ST_OK;
}

/* Field f reads key (a line's index, or -1 for the station); name is what
 * the user wrote.  The caller says where in front of the message. */
static enum status assign(struct plan *p, int line, size_t f, const char *name,
                          struct err *e)
{
	int *slot = line < 0 ? &p->station : &p->lines[line].field;
	const char *what = line < 0 ? "station" : p->lines[line].tag;

	if (*slot >= 0)
		return err_set(e, ST_INVALID,
		               "%s is read from two columns (%d and %zu: \"%s\")", what,
		               *slot + 1, f + 1, name);
	if ((int)f == p->station)
		return err_set(e, ST_INVALID,
		               "column %zu is read as the station and as %s", f + 1,
		               what);
	for (size_t k = 0; k < p->nlines; k++)
		if (p->lines[k].field == (int)f)
			return err_set(e, ST_INVALID,
			               "column %zu is read as %s and as %s", f + 1,
			               p->lines[k].tag, what);
	*slot = (int)f;
	return ST_OK;
}

/* Columns named by the header itself. */
static enum status plan_header(struct plan *p, long where, struct err *e)
{
	char q[IMPORT_QUOTE_MAX];

	for (size_t f = 0; f < p->nfields; f++) {
		const char *name = p->header[f];
		bool station = text_ieq(name, "station");
		int line = station ? -1 : line_of(p, name);
		if (!*name)
			return import_fail(
			    e, ST_INVALID, where, NULL,
			    "the header's field %zu is empty; every column "
			    "needs a name",
			    f + 1);
		if (line < 0 && !station)
			return import_fail(e, ST_INVALID, where, import_quote(name, q),
			                   "not a line of form %s: give %s; or name the "
			                   "columns of a commission's file with --map",
			                   RESULTS_FORM_CODE, p->keys.ptr);
		if (assign(p, line, f, name, e)) {
			err_prefix(e, "line %ld: ", where);
			return ST_INVALID;
		}
	}
	return ST_OK;
}

/* Columns named by the mapping. */
static enum status plan_map(struct plan *p, const struct results_map *map, struct err *e)
{
	enum status rc;
	size_t f;

	for (size_t i = 0; i < map->n; i++) {
		const char *key = map->key[i];
		int line = text_ieq(key, "station") ? -1 : line_of(p, key);
		if (line < 0 && !text_ieq(key, "station"))
			return err_set(
			    e, ST_INVALID,
			    "--map: %s=%s: %s is not a line of form %s; give %s", key,
			    map->column[i], key, RESULTS_FORM_CODE, p->keys.ptr);
		rc = colspec_one((const char *const *)p->header, p->nfields,
		                 map->column[i], &f, e);
		if (rc) {
			err_prefix(e, "--map: %s=%s: ", key, map->column[i]);
			return rc;
		}
		rc = assign(p, line, f, map->column[i], e);
		if (rc) {
			err_prefix(e, "--map: ");
			return rc;
		}
	}
	return ST_OK;
}

static enum status plan_columns(struct plan *p, struct csv_reader *r,
                                const struct results_map *map, struct err *e)
{
	enum status rc = csv_next(r, e);
	size_t nlines = 0;

	if (rc)
		return rc;
	if (!r->nfields)
		return err_set(e, ST_INVALID,
		               "the file is empty: its first line must name the columns");
	p->nfields = r->nfields;
	p->header = xcalloc(p->nfields, sizeof(*p->header));
	for (size_t f = 0; f < p->nfields; f++)
		p->header[f] = xstrdup(text_trim(r->fields[f]));
	rc = map && map->n ? plan_map(p, map, e) : plan_header(p, r->line, e);
	if (rc)
		return rc;
	for (size_t k = 0; k < p->nlines; k++)
		nlines += p->lines[k].field >= 0;
	if (p->station < 0)
		return err_set(
		    e, ST_INVALID,
		    "%sno station column: name the column of the station's code "
		    "\"station\"%s",
		    map && map->n ? "--map: " : "line 1: ",
		    map && map->n ? " (station=COLUMN)" : ", or map it with --map");
	if (!nlines)
		return err_set(e, ST_INVALID,
		               "%sno protocol line is read: give columns of %s",
		               map && map->n ? "--map: " : "line 1: ", p->keys.ptr);
	return ST_OK;
}

/* ---- rows ---- */

struct rows {
	struct arena a;
	struct official_result *v;
	long *line;
	size_t n, alloc;
	struct strmap levels; /* location code -> its level */
	struct strmap seen;   /* station code -> (void *)index + 1 */
};

static void rows_release(struct rows *rs)
{
	free(rs->v);
	free(rs->line);
	strmap_release(&rs->levels);
	strmap_release(&rs->seen);
	arena_release(&rs->a);
}

static enum status add_location(void *ctx, const struct location *l)
{
	struct rows *rs = ctx;

	strmap_set(&rs->levels, arena_strdup(&rs->a, l->code),
	           arena_strdup(&rs->a, l->level));
	return ST_OK;
}

#define FAIL(field, ...)                                                                 \
	import_fail(e, ST_INVALID, r->line, p->header[field], __VA_ARGS__)

/* Check the current row of r and add it to rs. */
static enum status add_row(const struct plan *p, struct csv_reader *r,
                           const struct mission *m, const char *source, struct rows *rs,
                           struct err *e)
{
	const char *station, *level;
	char q[IMPORT_QUOTE_MAX];
	struct buf lines;
	void *had;
	enum status rc = ST_OK;

	if (r->nfields != p->nfields)
		return import_fail(e, ST_INVALID, r->line, NULL,
		                   "%zu fields, but the header has %zu", r->nfields,
		                   p->nfields);
	station = text_trim(r->fields[p->station]);
	if (!*station)
		return FAIL(p->station, "empty: every row needs its station's code");
	level = strmap_get(&rs->levels, station);
	if (!level)
		return FAIL(p->station, "no station \"%s\" in mission %s",
		            import_quote(station, q), m->code);
	if (strcmp(level, "station"))
		return FAIL(p->station,
		            "\"%s\" is a location of level %s, not a polling "
		            "station",
		            import_quote(station, q), level);
	if (strmap_find(&rs->seen, station, &had))
		return FAIL(p->station, "station \"%s\" is already on line %ld",
		            import_quote(station, q), rs->line[(size_t)had - 1]);
	buf_init(&lines, BUF_NO_CAP);
	buf_appendc(&lines, '{');
	for (size_t k = 0; k < p->nlines && !rc; k++) {
		const char *v;
		int64_t n;
		if (p->lines[k].field < 0)
			continue;
		v = text_trim(r->fields[p->lines[k].field]);
		if (!text_int64(v, 0, RESULTS_VALUE_MAX, &n)) {
			/* Name the line when the column's name does not. */
			bool named =
			    text_ieq(p->header[p->lines[k].field], p->lines[k].tag);
			rc =
			    FAIL(p->lines[k].field,
			         "%s%s%s is not a whole number from 0 to %d%s%s%s",
			         *v ? "\"" : "", *v ? import_quote(v, q) : "empty",
			         *v ? "\"" : "", RESULTS_VALUE_MAX, named ? "" : " (for ",
			         named ? "" : p->lines[k].tag, named ? "" : ")");
		} else
			buf_appendf(&lines, "%s\"%s\":%lld", lines.len > 1 ? "," : "",
			            p->lines[k].tag, (long long)n);
	}
	buf_appendc(&lines, '}');
	if (!rc) {
		if (rs->n == rs->alloc) {
			rs->alloc = rs->alloc ? 2 * rs->alloc : 1024;
			rs->v = xrealloc(rs->v, rs->alloc * sizeof(*rs->v));
			rs->line = xrealloc(rs->line, rs->alloc * sizeof(*rs->line));
		}
		memset(&rs->v[rs->n], 0, sizeof(rs->v[rs->n]));
		rs->v[rs->n].station = arena_strdup(&rs->a, station);
		rs->v[rs->n].lines = arena_strdup(&rs->a, lines.ptr);
		rs->v[rs->n].source = source;
		rs->line[rs->n] = r->line;
		strmap_set(&rs->seen, rs->v[rs->n].station, (void *)(rs->n + 1));
		rs->n++;
	}
	buf_release(&lines);
	return rc;
}

static enum status read_rows(const struct plan *p, struct csv_reader *r,
                             const struct mission *m, const char *source,
                             const struct import_opts *opts, struct rows *rs,
                             struct err *e)
{
	enum status rc;

	for (;;) {
		rc = csv_next(r, e);
		if (rc || !r->nfields)
			return rc;
		rc = add_row(p, r, m, source, rs, e);
		if (rc)
			return rc;
		if (rs->n % IMPORT_PROGRESS_EVERY == 0)
			import_progress(opts, IMPORT_READING, csv_bytes_read(r),
			                opts ? opts->input_size : 0);
	}
}

/* Store the rows in chunks, counting what each became; a store error is
 * reported at its row's line. */
static enum status write_rows(struct store *st, const struct mission *m,
                              const struct rows *rs, const struct import_opts *opts,
                              struct import_counts *counts, struct err *e)
{
	enum upsert_result *res = xcalloc(WRITE_CHUNK, sizeof(*res));
	enum status rc = ST_OK;

	import_progress(opts, IMPORT_WRITING, 0, (long long)rs->n);
	for (size_t at = 0; at < rs->n && !rc; at += WRITE_CHUNK) {
		size_t n = rs->n - at < WRITE_CHUNK ? rs->n - at : WRITE_CHUNK;
		rc = store_official_put(st, m->id, rs->v + at, n, res, e);
		if (rc) {
			/* Name the row: the message starts with its station. */
			for (size_t i = at; i < at + n; i++) {
				char head[IMPORT_QUOTE_MAX + 16];
				snprintf(head, sizeof(head), "station \"%s\"",
				         rs->v[i].station);
				if (!strncmp(e->msg, head, strlen(head))) {
					err_prefix(e, "line %ld: ", rs->line[i]);
					break;
				}
			}
			break;
		}
		for (size_t i = 0; i < n; i++) {
			counts->inserted += res[i] == UPSERT_INSERTED;
			counts->updated += res[i] == UPSERT_UPDATED;
			counts->unchanged += res[i] == UPSERT_UNCHANGED;
		}
		import_progress(opts, IMPORT_WRITING, (long long)(at + n),
		                (long long)rs->n);
	}
	free(res);
	return rc;
}

enum status import_results(struct csv_reader *r, struct store *st,
                           const struct mission *m, const struct results_map *map,
                           const char *source, const struct import_opts *opts,
                           struct import_counts *counts, struct err *e)
{
	struct plan p = {.station = -1};
	struct rows rs;
	struct location_filter all = {0};
	bool began = false;
	enum status rc;

	memset(counts, 0, sizeof(*counts));
	memset(&rs, 0, sizeof(rs));
	strmap_init(&rs.levels);
	strmap_init(&rs.seen);
	rc = plan_lines(&p, st, m, e);
	if (!rc)
		rc = plan_columns(&p, r, map, e);
	if (!rc)
		rc = store_location_list(st, m->id, &all, NULL, add_location, &rs, e);
	if (!rc)
		rc = read_rows(&p, r, m, source ? arena_strdup(&rs.a, source) : NULL,
		               opts, &rs, e);
	if (rc)
		goto out;
	counts->rows = (long long)rs.n;
	import_progress(opts, IMPORT_READING, csv_bytes_read(r),
	                opts ? opts->input_size : 0);
	rc = store_begin(st, e);
	if (rc)
		goto out;
	began = true;
	rc = write_rows(st, m, &rs, opts, counts, e);
	if (rc)
		goto out;
	if (opts && opts->dry_run) {
		store_rollback(st);
	} else {
		rc = store_commit(st, e);
		if (rc)
			goto out;
		began = false;
		import_analyze(st, counts);
	}
	began = false;
out:
	if (began)
		store_rollback(st);
	rows_release(&rs);
	plan_release(&p);
	return rc;
}
