/* export_reports.c - observers' reports as tables.  Wide: one row per
 * report of one form, one column per question.  Long: one row per answer
 * of every report (of every form, or of one).  Answers as labels in the
 * chosen language (form_answer_label) or as codes.  Incidents: the wide
 * table of the mission's incident form, labels by default, so categories
 * read as words.  Current versions only unless all_versions.
 * docs/exports.md lists the columns. */
#include <stdlib.h>
#include <string.h>

#include "analysis/answers_scan.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "ingest/form_load.h"
#include "model/form.h"
#include "report/export_int.h"

/* The columns of every row, before the questions (wide) or before
 * question and value (long, which ends with sent_by and origin). */
static const char *const meta_columns[] = {
    "id",          "client_id",     "form",    "form_version", "version", "replaces",
    "supersedes",  "superseded_by", "station", "station_name", "region",  "observer",
    "observed_at", "received_at",   "channel", "status",       "comment",
};

#define NMETA (sizeof(meta_columns) / sizeof(meta_columns[0]))

struct reports {
	struct submission_filter f;
	struct form *form;   /* wide: the questions are the columns; long: NULL */
	struct strmap forms; /* long: form code -> struct form *, NULL if unloadable */
	struct buf scratch;  /* a select_multiple's codes "1;3" */
	/* wide: each question's answer in the report being written, as
	 * answers_scan reads it (NULL when the form has no questions) */
	struct answer_value *values;
};

/* ---- cells ---- */

static void raw_cell(struct export *x, const json_t *v)
{
	struct export_table *t = &x->t;
	char *s;

	if (json_is_integer(v)) {
		export_table_int(t, json_integer_value(v));
	} else if (json_is_string(v)) {
		export_table_text(t, json_string_value(v));
	} else {
		s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		export_table_json(t, s);
		free(s);
	}
}

/* Codes of a select_multiple: "1;3" as text, or the JSON array in JSON. */
static void codes_cell(struct export *x, struct reports *r, const json_t *v)
{
	size_t i;
	json_t *item;

	if (x->o.format == EXPORT_JSON || x->o.format == EXPORT_JSONL ||
	    !json_is_array(v)) {
		raw_cell(x, v);
		return;
	}
	buf_reset(&r->scratch);
	json_array_foreach(v, i, item)
	{
		buf_appendf(&r->scratch, "%s%lld", i ? ";" : "",
		            (long long)json_integer_value(item));
	}
	export_table_text(&x->t, r->scratch.ptr);
}

/* The answer v (NULL: unanswered) to q (NULL: a tag the form lacks). */
static void answer_cell(struct export *x, struct reports *r,
                        const struct form_question *q, const json_t *v)
{
	char *label;

	if (!v || json_is_null(v)) {
		export_table_null(&x->t);
		return;
	}
	if (!q || q->type == QT_INTEGER || q->type == QT_TEXT || q->type == QT_TIME) {
		raw_cell(x, v);
		return;
	}
	if (x->o.codes) {
		if (q->type == QT_SELECT_MULTIPLE)
			codes_cell(x, r, v);
		else
			raw_cell(x, v);
		return;
	}
	label = form_answer_label(q, v, x->o.lang);
	export_table_text(&x->t, label);
	free(label);
}

/* A report's id, or an empty cell for 0 (none). */
static void id_cell(struct export_table *t, int64_t id)
{
	if (id)
		export_table_int(t, id);
	else
		export_table_null(t);
}

static void meta_cells(struct export *x, const struct stored_submission *s,
                       const char *region, const char *station_name)
{
	struct export_table *t = &x->t;

	export_table_int(t, s->id);
	export_table_text(t, s->client_id);
	export_table_text(t, s->form);
	export_table_int(t, s->form_version);
	export_table_int(t, s->version);
	export_table_text(t, s->replaces);
	id_cell(t, s->supersedes);
	id_cell(t, s->superseded_by);
	export_table_text(t, s->station);
	export_table_text(t, station_name);
	export_table_text(t, region);
	export_table_text(t, s->observer);
	export_table_text(t, s->observed_at);
	export_table_text(t, s->received_at);
	export_table_text(t, s->channel);
	export_table_text(t, s->status);
	export_table_text(t, s->comment);
}

/* The long layout's last two cells: who sent the report, from where. */
static void sender_cells(struct export_table *t, const struct stored_submission *s)
{
	export_table_text(t, s->sent_by);
	export_table_text(t, s->origin);
}

/* ---- rows ---- */

/* The form of code for labels (long layout), loaded once; NULL when it
 * cannot be (answers are written as stored then). */
static const struct form *form_for(struct export *x, struct reports *r, const char *code)
{
	struct form *f = NULL;
	void *found;
	struct err e;

	if (strmap_find(&r->forms, code, &found))
		return found;
	err_clear(&e);
	if (form_load(x->st, x->m.id, code, &f, &e))
		f = NULL;
	strmap_add(&r->forms, arena_strdup(&x->arena, code), f, NULL);
	return f;
}

static void long_rows(struct export *x, struct reports *r,
                      const struct stored_submission *s, const char *region,
                      const char *station_name, json_t *answers)
{
	const struct form *f = form_for(x, r, s->form);
	const char *tag;
	json_t *v;

	for (size_t i = 0; f && i < f->nquestions; i++) {
		const struct form_question *q = &f->questions[i];
		v = json_object_get(answers, q->tag);
		if (!v || json_is_null(v))
			continue;
		meta_cells(x, s, region, station_name);
		export_table_text(&x->t, q->tag);
		answer_cell(x, r, q, v);
		sender_cells(&x->t, s);
		export_table_row_end(&x->t);
	}
	/* Answers to questions the form no longer has, as stored. */
	json_object_foreach(answers, tag, v)
	{
		if ((f && form_question(f, tag)) || json_is_null(v))
			continue;
		meta_cells(x, s, region, station_name);
		export_table_text(&x->t, tag);
		raw_cell(x, v);
		sender_cells(&x->t, s);
		export_table_row_end(&x->t);
	}
}

/* ---- wide rows of whole numbers, read without a JSON document ---- */

/* Most reports' answers are whole numbers only (yes/no, counts, options,
 * ratings).  Their rows are written from answers_scan's reading, which
 * allocates nothing; a report with any other answer (a text, a time), or
 * written in a way the scanner leaves as it is (an escaped tag), is
 * written from its parsed JSON instead, and both give the same cells. */
struct scan_row {
	const struct form *f;
	struct answer_value *values;
	bool csv;   /* where null and an empty array give the same empty cell */
	bool other; /* an answer this reading does not write as parsed */
};

/* Whether v is written here as its parsed JSON would be: a number, not
 * true or false (which the scanner reads as 1 and 0); null, or in CSV an
 * empty array too (which the scanner reads as null). */
static bool scanned_as_parsed(const struct scan_row *sr, const struct answer_value *v)
{
	switch (v->kind) {
	case ANSWER_INT:
		return v->text[0] == '-' || (v->text[0] >= '0' && v->text[0] <= '9');
	case ANSWER_INTS:
		return true;
	case ANSWER_NONE:
		return sr->csv || v->text[0] == 'n';
	default:
		return false;
	}
}

static bool scan_answer(void *ctx, const char *tag, size_t len,
                        const struct answer_value *v)
{
	struct scan_row *sr = ctx;

	if (memchr(tag, '\\', len) || !scanned_as_parsed(sr, v)) {
		sr->other = true;
		return false;
	}
	for (size_t i = 0; i < sr->f->nquestions; i++) {
		const char *qt = sr->f->questions[i].tag;
		if (!strncmp(qt, tag, len) && !qt[len]) {
			sr->values[i] = *v;
			break;
		}
	}
	return true;
}

/* The cell of one whole number or array of them, as answer_cell writes
 * the same value parsed. */
static void scanned_cell(struct export *x, struct reports *r,
                         const struct form_question *q, const struct answer_value *v)
{
	bool json = x->o.format == EXPORT_JSON || x->o.format == EXPORT_JSONL;
	bool labels = !x->o.codes && q->type != QT_INTEGER;

	if (v->kind == ANSWER_NONE) {
		export_table_null(&x->t);
		return;
	}
	if (v->kind == ANSWER_INT) {
		if (!labels) {
			export_table_int(&x->t, v->i);
			return;
		}
		buf_reset(&r->scratch);
		form_answer_label_int(q, v->i, x->o.lang, &r->scratch);
		export_table_text(&x->t, r->scratch.ptr);
		return;
	}
	/* ANSWER_INTS: labels of a select_multiple, its codes "1;3" as text,
	 * or else the array as JSON. */
	buf_reset(&r->scratch);
	if (labels && q->type == QT_SELECT_MULTIPLE) {
		for (size_t i = 0; i < v->nints; i++) {
			if (i)
				buf_appends(&r->scratch, ", ");
			form_option_label(q, v->ints[i], x->o.lang, &r->scratch);
		}
		export_table_text(&x->t, r->scratch.ptr);
	} else if (!labels && !json && q->type == QT_SELECT_MULTIPLE) {
		for (size_t i = 0; i < v->nints; i++)
			buf_appendf(&r->scratch, "%s%lld", i ? ";" : "",
			            (long long)v->ints[i]);
		export_table_text(&x->t, r->scratch.ptr);
	} else {
		buf_appends(&r->scratch, "[");
		for (size_t i = 0; i < v->nints; i++)
			buf_appendf(&r->scratch, "%s%lld", i ? "," : "",
			            (long long)v->ints[i]);
		buf_appends(&r->scratch, "]");
		export_table_json(&x->t, r->scratch.ptr);
	}
}

/* Writes the wide row of s when its answers are all whole numbers;
 * false (nothing written) otherwise. */
static bool scanned_row(struct export *x, struct reports *r,
                        const struct stored_submission *s, const char *region,
                        const char *station_name)
{
	const struct form *f = r->form;
	struct scan_row sr = {f, r->values, x->o.format == EXPORT_CSV, false};

	for (size_t i = 0; i < f->nquestions; i++)
		r->values[i].kind = ANSWER_NONE;
	if (!answers_scan(s->answers, scan_answer, &sr) || sr.other)
		return false;
	meta_cells(x, s, region, station_name);
	for (size_t i = 0; i < f->nquestions; i++)
		scanned_cell(x, r, &f->questions[i], &r->values[i]);
	export_table_row_end(&x->t);
	return true;
}

static enum status report_row(void *ctx, const struct stored_submission *s,
                              const char *region, const char *station_name)
{
	struct export *x = ctx;
	struct reports *r = x->state;
	json_t *answers;

	if (r->values && scanned_row(x, r, s, region, station_name))
		return ST_OK;
	answers = json_loads(s->answers, 0, NULL);

	if (!answers)
		answers = json_object(); /* never: stored answers are canonical */
	if (r->form) {
		meta_cells(x, s, region, station_name);
		for (size_t i = 0; i < r->form->nquestions; i++) {
			const struct form_question *q = &r->form->questions[i];
			answer_cell(x, r, q, json_object_get(answers, q->tag));
		}
		export_table_row_end(&x->t);
	} else {
		long_rows(x, r, s, region, station_name, answers);
	}
	json_decref(answers);
	return ST_OK;
}

static enum status reports_page(struct export *x, bool *more, struct err *e)
{
	struct reports *r = x->state;
	enum status rc =
	    store_export_submissions(x->st, x->m.id, &r->f, &x->page, report_row, x, e);

	*more = !rc && export_page_full(x);
	return rc;
}

static void reports_close(struct export *x)
{
	struct reports *r = x->state;

	if (!r)
		return;
	form_free(r->form);
	free(r->values);
	for (size_t i = 0; i < r->forms.cap; i++)
		if (r->forms.slots[i].key)
			form_free(r->forms.slots[i].value);
	strmap_release(&r->forms);
	buf_release(&r->scratch);
}

/* ---- opening ---- */

/* The columns: the meta columns, then the form's tags (a tag that is
 * also the name of a meta column gets "q_" before it), or question,
 * value, and who sent the report from where. */
static void set_columns(struct export *x, const struct form *f)
{
	size_t n = NMETA + (f ? f->nquestions : 4);
	const char **c = arena_alloc(&x->arena, n * sizeof(*c));

	memcpy(c, meta_columns, sizeof(meta_columns));
	if (!f) {
		c[NMETA] = "question";
		c[NMETA + 1] = "value";
		c[NMETA + 2] = "sent_by";
		c[NMETA + 3] = "origin";
	}
	for (size_t i = 0; f && i < f->nquestions; i++) {
		const char *tag = f->questions[i].tag;
		c[NMETA + i] = tag;
		for (size_t k = 0; k < NMETA; k++)
			if (!strcmp(tag, meta_columns[k])) {
				char *q = arena_alloc(&x->arena, strlen(tag) + 3);
				memcpy(q, "q_", 2);
				memcpy(q + 2, tag, strlen(tag) + 1);
				c[NMETA + i] = q;
			}
	}
	export_columns(x, c, NULL, n);
}

/* The filter from the options, each code named checked. */
static enum status filter_of(struct export *x, struct submission_filter *f, struct err *e)
{
	static const char *const statuses[] = {"new", "flagged", "verified", "rejected",
	                                       NULL};
	int64_t id = 0;
	enum status rc;

	memset(f, 0, sizeof(*f));
	f->form = x->o.form;
	f->station = x->o.station;
	f->observer = x->o.observer;
	f->channel = x->o.channel;
	f->status = x->o.status;
	f->region = x->o.region;
	f->since = x->o.since;
	f->all_versions = x->o.all_versions;
	rc = export_check_word("status", f->status, statuses, e);
	if (!rc)
		rc = export_check_location(x, "region", f->region, e);
	if (!rc)
		rc = export_check_location(x, "station", f->station, e);
	if (!rc && f->observer) {
		rc = store_observer_id(x->st, x->m.id, f->observer, &id, e);
		if (!rc && !id)
			rc = err_set(
			    e, ST_NOT_FOUND,
			    "observer: no observer with code \"%s\" in mission %s",
			    f->observer, x->m.code);
	}
	return rc;
}

/* Load form code into r->form; "form: " before a message about it. */
static enum status load_form(struct export *x, struct reports *r, const char *code,
                             struct err *e)
{
	enum status rc = form_load(x->st, x->m.id, code, &r->form, e);

	if (rc == ST_NOT_FOUND || rc == ST_INVALID) {
		char msg[ERR_MSG_MAX];
		snprintf(msg, sizeof(msg), "%s", e->msg);
		err_set(e, rc, "form: %s", msg);
	}
	if (!rc && r->form->nquestions)
		r->values = xcalloc(r->form->nquestions, sizeof(*r->values));
	return rc;
}

static struct reports *reports_new(struct export *x)
{
	struct reports *r = arena_alloc(&x->arena, sizeof(*r));

	memset(r, 0, sizeof(*r));
	strmap_init(&r->forms);
	buf_init(&r->scratch, BUF_NO_CAP);
	x->state = r;
	return r;
}

static enum status submissions_open(struct export *x, struct err *e)
{
	struct reports *r = reports_new(x);
	enum status rc = filter_of(x, &r->f, e);

	if (rc)
		return rc;
	if (!x->o.layout_given)
		x->o.long_layout = !x->o.form;
	if (!x->o.long_layout && !x->o.form)
		return err_set(e, ST_INVALID,
		               "layout: the wide layout has a column per question of one "
		               "form: give the form, or the long layout");
	if (x->o.form && !x->o.long_layout) {
		rc = load_form(x, r, x->o.form, e);
		if (rc)
			return rc;
	}
	set_columns(x, r->form);
	return export_walk_start(x, STORE_EXPORT_SUBMISSIONS, e);
}

/* Collect the codes of the mission's incident forms. */
static enum status incident_form(void *ctx, const struct form_record *f)
{
	struct buf *codes = ctx;

	if (!strcmp(f->kind, "incident"))
		buf_appendf(codes, "%s%s", codes->len ? ", " : "", f->code);
	return ST_OK;
}

static enum status incidents_open(struct export *x, struct err *e)
{
	struct reports *r = reports_new(x);
	struct buf codes;
	enum status rc;

	buf_init(&codes, 4096);
	rc = store_form_list(x->st, x->m.id, incident_form, &codes, e);
	if (!rc && !x->o.form) {
		if (!codes.len)
			rc = err_set(e, ST_NOT_FOUND, "mission %s has no incident form",
			             x->m.code);
		else if (strchr(codes.ptr, ','))
			rc = err_set(e, ST_INVALID,
			             "form: mission %s has several incident forms (%s): "
			             "give one",
			             x->m.code, codes.ptr);
		else
			x->o.form = arena_strdup(&x->arena, codes.ptr);
	}
	buf_release(&codes);
	if (!rc)
		rc = filter_of(x, &r->f, e);
	if (!rc)
		rc = load_form(x, r, x->o.form, e);
	if (!rc && r->form->kind != FORM_INCIDENT)
		rc = err_set(e, ST_INVALID, "form: %s is a %s form, not an incident form",
		             r->form->code, form_kind_str(r->form->kind));
	if (rc)
		return rc;
	set_columns(x, r->form);
	return export_walk_start(x, STORE_EXPORT_SUBMISSIONS, e);
}

#define REPORT_OPTIONS                                                                   \
	(XO(XO_LANG) | XO(XO_VALUES) | XO(XO_FORM) | XO(XO_STATUS) | XO(XO_REGION) |     \
	 XO(XO_STATION) | XO(XO_OBSERVER) | XO(XO_CHANNEL) | XO(XO_SINCE) |              \
	 XO(XO_ALL_VERSIONS))

const struct export_kind_def export_submissions_def = {
    .name = "submissions",
    .formats = XF_TABULAR,
    .options = REPORT_OPTIONS | XO(XO_LAYOUT),
    .open = submissions_open,
    .page = reports_page,
    .close = reports_close,
};

const struct export_kind_def export_incidents_def = {
    .name = "incidents",
    .formats = XF_TABULAR,
    .options = REPORT_OPTIONS,
    .open = incidents_open,
    .page = reports_page,
    .close = reports_close,
};
