/* submission_csv.c - rows of a CSV of paper forms turned into canonical
 * submission objects: the header maps each column to a field or a tag,
 * then every row becomes {"form": ..., "answers": {tag: cell}}. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "ingest/import_common.h"
#include "ingest/submission_csv.h"
#include "model/form.h"

/* The fields a column may hold besides tags. */
static const char *const csv_fields[] = {"id",          "form",    "station",  "observer",
                                         "observed_at", "comment", "replaces", NULL};

/* What one column of the file holds. */
struct column {
	const char *field; /* one of csv_fields, or NULL for a tag */
	char *name;        /* as written (trimmed); owned */
};

struct header {
	struct column *cols;
	size_t n;
};

static void header_release(struct header *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->cols[i].name);
	free(h->cols);
}

static const char *field_of(const char *name)
{
	for (size_t i = 0; csv_fields[i]; i++)
		if (text_ieq(name, csv_fields[i]))
			return csv_fields[i];
	return NULL;
}

static enum status read_header(struct csv_reader *r, struct header *h, struct err *e)
{
	char q[IMPORT_QUOTE_MAX];
	enum status rc;
	bool have_form = false, have_station = false, have_observer = false;

	rc = csv_next(r, e);
	if (rc)
		return rc;
	if (!r->nfields)
		return err_set(
		    e, ST_INVALID,
		    "the file is empty; its first line must name the columns: "
		    "form, station, observer, then one column per question tag");
	h->cols = xcalloc(r->nfields, sizeof(*h->cols));
	for (size_t f = 0; f < r->nfields; f++) {
		char *name = text_trim(r->fields[f]);
		struct column *c = &h->cols[h->n++];
		c->name = xstrdup(name);
		c->field = field_of(name);
		if (!*name)
			return import_fail(
			    e, ST_INVALID, r->line, NULL,
			    "the header's field %zu is empty; every column needs "
			    "a name",
			    f + 1);
		if (!c->field && text_ieq(name, "answers"))
			return import_fail(e, ST_INVALID, r->line, name,
			                   "give one column per question tag instead of "
			                   "\"answers\"");
		if (!c->field && !form_tag_valid(name))
			return import_fail(
			    e, ST_INVALID, r->line, NULL,
			    "\"%s\" (field %zu) is neither a field (%s) nor a "
			    "question tag (a letter, then letters, digits or _)",
			    import_quote(name, q), f + 1,
			    "id, form, station, observer, observed_at, comment, "
			    "replaces");
		for (size_t k = 0; k + 1 < h->n; k++)
			if (text_ieq(h->cols[k].name, name))
				return import_fail(
				    e, ST_INVALID, r->line, NULL,
				    "column \"%s\" is given twice (fields %zu and "
				    "%zu)",
				    import_quote(name, q), k + 1, f + 1);
		have_form |= c->field && !strcmp(c->field, "form");
		have_station |= c->field && !strcmp(c->field, "station");
		have_observer |= c->field && !strcmp(c->field, "observer");
	}
	if (!have_form || !have_station || !have_observer)
		return import_fail(
		    e, ST_INVALID, r->line, NULL,
		    "the header needs the columns form, station and observer "
		    "(missing: %s%s%s)",
		    have_form ? "" : "form ", have_station ? "" : "station ",
		    have_observer ? "" : "observer");
	return ST_OK;
}

/* The canonical object of r's current row. */
static json_t *row_object(const struct header *h, const struct csv_reader *r)
{
	json_t *obj = json_object(), *answers = json_object();

	for (size_t f = 0; f < h->n; f++) {
		const char *v = text_trim(r->fields[f]);
		if (!*v)
			continue;
		if (h->cols[f].field)
			json_object_set_new(obj, h->cols[f].field, json_string(v));
		else
			json_object_set_new(answers, h->cols[f].name, json_string(v));
	}
	json_object_set_new(obj, "answers", answers);
	return obj;
}

enum status submission_csv_read(struct csv_reader *r, struct submission_batch *out,
                                struct err *e)
{
	struct header h = {0};
	enum status rc;

	out->format = SUBMISSION_CSV;
	rc = read_header(r, &h, e);
	while (!rc) {
		rc = csv_next(r, e);
		if (rc || !r->nfields)
			break;
		if (r->nfields != h.n) {
			rc = import_fail(
			    e, ST_INVALID, r->line, NULL,
			    "%zu field%s, but the header has %zu columns (a value "
			    "with a comma must be in double quotes)",
			    r->nfields, r->nfields == 1 ? "" : "s", h.n);
			break;
		}
		submission_batch_add(out, row_object(&h, r), r->line);
	}
	if (!rc && !out->n)
		rc = err_set(e, ST_INVALID,
		             "no report: the file has a header but no rows");
	if (rc)
		submission_batch_release(out);
	header_release(&h);
	return rc;
}
