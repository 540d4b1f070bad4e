/* export_extra.c - the other tables of an export: the log of inbound SMS,
 * the commission's official results (one column per protocol line), and
 * the findings, which are the very CSV of "observa analyze findings"
 * (findings_csv.c) sent as it is, or read back into JSON rows.
 * docs/exports.md lists the columns. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/findings.h"
#include "ingest/csv.h"
#include "ingest/form_load.h"
#include "model/phone.h"
#include "report/export_int.h"
#include "report/findings_csv.h"

/* ---- inbound SMS ---- */

static const char *const sms_columns[] = {
    "id",     "received_at", "gateway",       "gateway_id",   "phone",    "observer",
    "status", "text",        "submission_id", "duplicate_of", "problems", "reply",
};

#define NSMS_COLUMNS (sizeof(sms_columns) / sizeof(sms_columns[0]))

static enum status sms_open(struct export *x, struct err *e)
{
	static const char *const statuses[] = {"received",  "accepted",       "rejected",
	                                       "duplicate", "unknown_sender", NULL};
	struct sms_filter *f = arena_alloc(&x->arena, sizeof(*f));
	enum status rc = export_check_word("status", x->o.status, statuses, e);

	if (rc)
		return rc;
	memset(f, 0, sizeof(*f));
	f->status = x->o.status;
	if (x->o.phone) {
		char phone[PHONE_MAX];
		struct err pe;
		err_clear(&pe);
		if (phone_normalise(x->o.phone, x->m.country, phone, &pe))
			return err_set(e, ST_INVALID, "phone: %s", pe.msg);
		f->phone = arena_strdup(&x->arena, phone);
	}
	x->state = f;
	export_columns(x, sms_columns, NULL, NSMS_COLUMNS);
	return export_walk_start(x, STORE_EXPORT_SMS_IN, e);
}

static void id_or_null(struct export_table *t, int64_t id)
{
	if (id)
		export_table_int(t, id);
	else
		export_table_null(t);
}

static enum status sms_row(void *ctx, const struct sms_in_row *m)
{
	struct export_table *t = &((struct export *)ctx)->t;

	export_table_int(t, m->id);
	export_table_text(t, m->received_at);
	export_table_text(t, m->gateway);
	export_table_text(t, m->gateway_id);
	export_table_text(t, m->phone);
	export_table_text(t, m->observer);
	export_table_text(t, m->status);
	export_table_text(t, m->text);
	id_or_null(t, m->submission_id);
	id_or_null(t, m->duplicate_of);
	export_table_json(t, m->problems);
	export_table_text(t, m->reply);
	export_table_row_end(t);
	return ST_OK;
}

static enum status sms_page(struct export *x, bool *more, struct err *e)
{
	enum status rc =
	    store_export_sms_in(x->st, x->m.id, x->state, &x->page, sms_row, x, e);

	*more = !rc && export_page_full(x);
	return rc;
}

const struct export_kind_def export_sms_def = {
    .name = "sms",
    .formats = XF_TABULAR,
    .options = XO(XO_STATUS) | XO(XO_PHONE),
    .open = sms_open,
    .page = sms_page,
};

/* ---- official results ---- */

static const char *const official_head[] = {"station", "region", "source", "updated_at"};

#define NOFFICIAL_HEAD (sizeof(official_head) / sizeof(official_head[0]))

struct official {
	struct official_filter f;
	struct form *form; /* the results protocol (PR): its tags are columns */
};

static enum status official_open(struct export *x, struct err *e)
{
	struct official *o = arena_alloc(&x->arena, sizeof(*o));
	const char **c;
	size_t n;
	enum status rc;
	struct err fe;

	memset(o, 0, sizeof(*o));
	x->state = o;
	o->f.region = x->o.region;
	rc = export_check_location(x, "region", o->f.region, e);
	if (rc)
		return rc;
	/* Without the protocol form, the lines go as one JSON object. */
	err_clear(&fe);
	rc = form_load(x->st, x->m.id, "PR", &o->form, &fe);
	if (rc && rc != ST_NOT_FOUND) {
		*e = fe;
		return rc;
	}
	n = NOFFICIAL_HEAD + (o->form ? o->form->nquestions : 0) + 1;
	c = arena_alloc(&x->arena, n * sizeof(*c));
	memcpy(c, official_head, sizeof(official_head));
	for (size_t i = 0; o->form && i < o->form->nquestions; i++)
		c[NOFFICIAL_HEAD + i] = o->form->questions[i].tag;
	c[n - 1] = o->form ? "other_lines" : "lines";
	export_columns(x, c, NULL, n);
	x->page.after = 0;
	x->page.upto = 0;
	x->page.limit = EXPORT_PAGE_ROWS;
	return ST_OK;
}

static enum status official_row(void *ctx, const struct official_result *r)
{
	struct export *x = ctx;
	struct official *o = x->state;
	struct export_table *t = &x->t;
	json_t *lines = json_loads(r->lines, 0, NULL);
	char *rest;

	export_table_text(t, r->station);
	export_table_text(t, r->region);
	export_table_text(t, r->source);
	export_table_text(t, r->updated_at);
	if (!o->form || !lines) {
		export_table_json(t, r->lines);
	} else {
		for (size_t i = 0; i < o->form->nquestions; i++) {
			const char *tag = o->form->questions[i].tag;
			json_t *v = json_object_get(lines, tag);
			if (json_is_integer(v))
				export_table_int(t, json_integer_value(v));
			else
				export_table_null(t);
			json_object_del(lines, tag);
		}
		rest = json_object_size(lines) ? json_dumps(lines, JSON_COMPACT) : NULL;
		export_table_json(t, rest);
		free(rest);
	}
	export_table_row_end(t);
	json_decref(lines);
	return ST_OK;
}

static enum status official_page(struct export *x, bool *more, struct err *e)
{
	struct official *o = x->state;
	enum status rc =
	    store_export_official(x->st, x->m.id, &o->f, &x->page, official_row, x, e);

	*more = !rc && export_page_full(x);
	return rc;
}

static void official_close(struct export *x)
{
	struct official *o = x->state;

	if (o)
		form_free(o->form);
}

const struct export_kind_def export_official_def = {
    .name = "official",
    .formats = XF_TABULAR,
    .options = XO(XO_REGION),
    .open = official_open,
    .page = official_page,
    .close = official_close,
};

/* ---- findings ---- */

/* The findings are sums over the whole mission, computed at once; they
 * are a few thousand rows at most, written into memory as the CSV of
 * findings_csv.c and then sent a page at a time. */
struct findings_state {
	char *csv; /* findings_csv_write()'s bytes */
	size_t len, pos;
	struct csv_reader r; /* JSON: reading csv back */
	bool reading;
};

static const char *const findings_numbers[] = {
    "observations",  "negative",       "negative_share", "negative_low",
    "negative_high", "critical",       "value",          "count",
    "share",         "value_negative", "value_critical", NULL,
};

static bool is_number_column(const char *name)
{
	for (size_t i = 0; findings_numbers[i]; i++)
		if (!strcmp(name, findings_numbers[i]))
			return true;
	return false;
}

static enum status findings_open(struct export *x, struct err *e)
{
	struct findings_state *s = arena_alloc(&x->arena, sizeof(*s));
	struct findings_options fo = {
	    .lang = x->o.lang, .form = x->o.form, .region = x->o.region};
	struct findings f = {0};
	char *header, *p;
	const char **c;
	size_t n = 1;
	FILE *mem;
	enum status rc;

	memset(s, 0, sizeof(*s));
	x->state = s;
	rc = findings_compute(x->st, x->m.id, &fo, &f, e);
	if (rc)
		goto out;
	mem = open_memstream(&s->csv, &s->len);
	if (!mem) {
		rc = err_set(e, ST_IO, "writing the findings: %s", strerror(errno));
		goto out;
	}
	rc = findings_csv_write(&f, mem, e);
	if (fclose(mem) && !rc)
		rc = err_set(e, ST_IO, "writing the findings: %s", strerror(errno));
	if (rc)
		goto out;
	/* The rows after findings_csv_write()'s header, which the table
	 * writes itself from the same names. */
	p = memchr(s->csv, '\n', s->len);
	s->pos = p ? (size_t)(p - s->csv) + 1 : s->len;
	header = arena_strdup(&x->arena, findings_csv_header);
	for (p = header; *p; p++)
		n += *p == ',';
	c = arena_alloc(&x->arena, n * sizeof(*c));
	n = 0;
	for (p = header; p;) {
		c[n++] = p;
		p = strchr(p, ',');
		if (p)
			*p++ = '\0';
	}
	export_columns(x, c, NULL, n);
out:
	findings_release(&f);
	return rc;
}

/* JSON rows from the CSV, a page at a time. */
static enum status findings_json_page(struct export *x, struct findings_state *s,
                                      bool *more, struct err *e)
{
	enum status rc = ST_OK;

	if (!s->reading) {
		csv_open_mem(&s->r, s->csv + s->pos, s->len - s->pos);
		s->reading = true;
	}
	for (int k = 0; k < EXPORT_PAGE_ROWS; k++) {
		rc = csv_next(&s->r, e);
		if (rc || !s->r.nfields)
			break;
		for (size_t i = 0; i < x->t.ncolumns; i++) {
			const char *v = i < s->r.nfields ? s->r.fields[i] : "";
			if (!*v)
				export_table_null(&x->t);
			else if (is_number_column(x->t.columns[i]))
				export_table_number(&x->t, v);
			else
				export_table_text(&x->t, v);
		}
		export_table_row_end(&x->t);
	}
	*more = !rc && s->r.nfields;
	return rc;
}

static enum status findings_page(struct export *x, bool *more, struct err *e)
{
	struct findings_state *s = x->state;
	size_t n;

	if (x->o.format != EXPORT_CSV)
		return findings_json_page(x, s, more, e);
	/* CSV: the bytes as they are, 64 KiB at a time; rows are counted by
	 * their line ends (a quoted line break is "\n" alone, never CRLF). */
	n = s->len - s->pos < 65536 ? s->len - s->pos : 65536;
	if (n && buf_append(x->t.out, s->csv + s->pos, n))
		return err_set(e, ST_TOO_BIG,
		               "exporting the findings: the buffer is full");
	for (size_t k = s->pos; k < s->pos + n; k++)
		x->t.rows += s->csv[k] == '\n' && k && s->csv[k - 1] == '\r';
	s->pos += n;
	*more = s->pos < s->len;
	return ST_OK;
}

static void findings_close(struct export *x)
{
	struct findings_state *s = x->state;

	if (!s)
		return;
	if (s->reading)
		csv_close(&s->r);
	free(s->csv);
}

const struct export_kind_def export_findings_def = {
    .name = "findings",
    .formats = XF_TABULAR,
    .options = XO(XO_FORM) | XO(XO_REGION) | XO(XO_LANG),
    .open = findings_open,
    .page = findings_page,
    .close = findings_close,
};
