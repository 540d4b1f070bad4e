/* statement_notable.c - the critical incidents of a mission, one by one,
 * for its statement: each current report on an incident form is read
 * once, its answers checked against the form's critical values (the rule
 * findings count critical reports by), and the first by time kept. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analysis/region_map.h"
#include "analysis/statement_notable.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "ingest/form_load.h"

struct walk {
	const struct form *form;
	const struct form_question *category;
	const struct region_map *rm;
	const char *lang;
	struct arena *a;
	struct statement_incident *items; /* every critical one, grown */
	size_t n, cap;
};

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t digits(const char *s, size_t n)
{
	int64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]"
 * (no offset: UTC); INT64_MAX for anything else, which sorts last. */
static int64_t utc_seconds(const char *s)
{
	int64_t y, mo, d, h, mi, sec = 0, off = 0;
	size_t len = s ? strlen(s) : 0, at = 16;

	if (len < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':')
		return INT64_MAX;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || mi < 0)
		return INT64_MAX;
	if (len >= 19 && s[16] == ':') {
		sec = digits(s + 17, 2);
		at = 19;
		while (at < len && (s[at] == '.' || (s[at] >= '0' && s[at] <= '9')))
			at++;
	}
	if (at < len && (s[at] == '+' || s[at] == '-') && len >= at + 6 &&
	    s[at + 3] == ':') {
		int64_t oh = digits(s + at + 1, 2), om = digits(s + at + 4, 2);
		if (oh < 0 || om < 0)
			return INT64_MAX;
		off = (oh * 60 + om) * 60 * (s[at] == '-' ? -1 : 1);
	}
	if (sec < 0)
		return INT64_MAX;
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
}

int statement_incident_cmp(const struct statement_incident *x,
                           const struct statement_incident *y)
{
	int64_t tx = utc_seconds(x->observed_at), ty = utc_seconds(y->observed_at);

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int by_time(const void *a, const void *b)
{
	return statement_incident_cmp(a, b);
}

/* The text answers of the report (in the form's order), then its comment,
 * joined by " ". */
static const char *what_happened(struct walk *w, json_t *answers, const char *comment)
{
	struct buf b;
	const char *out;

	buf_init(&b, 128);
	for (size_t i = 0; i < w->form->nquestions; i++) {
		const struct form_question *q = &w->form->questions[i];
		json_t *v = json_object_get(answers, q->tag);
		if (q->type != QT_TEXT || !json_is_string(v) || !*json_string_value(v))
			continue;
		buf_appendf(&b, "%s%s", b.len ? " " : "", json_string_value(v));
	}
	if (comment && *comment)
		buf_appendf(&b, "%s%s", b.len ? " " : "", comment);
	out = b.len ? arena_strndup(w->a, b.ptr, b.len) : NULL;
	buf_release(&b);
	return out;
}

static enum status take(void *ctx, const struct stored_submission *s)
{
	struct walk *w = ctx;
	struct statement_incident *it;
	json_error_t je;
	json_t *answers;
	const char *key;
	json_t *v;
	bool critical = false;

	if (s->status && !strcmp(s->status, "rejected"))
		return ST_OK;
	answers = json_loads(s->answers ? s->answers : "{}", 0, &je);
	if (!json_is_object(answers)) {
		json_decref(answers);
		return ST_OK;
	}
	json_object_foreach(answers, key, v)
	{
		const struct form_question *q = form_question(w->form, key);
		if (q && form_answer_critical(q, v))
			critical = true;
	}
	if (!critical) {
		json_decref(answers);
		return ST_OK;
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->items = xrealloc(w->items, w->cap * sizeof(*w->items));
	}
	it = &w->items[w->n++];
	memset(it, 0, sizeof(*it));
	it->id = s->id;
	it->form = arena_strdup(w->a, w->form->code);
	it->station = arena_strdup(w->a, s->station);
	it->observed_at =
	    arena_strdup(w->a, s->observed_at ? s->observed_at : s->received_at);
	it->status = arena_strdup(w->a, s->status ? s->status : "new");
	if (w->category) {
		json_t *c = json_object_get(answers, w->category->tag);
		char *label = c ? form_answer_label(w->category, c, w->lang) : NULL;
		if (label)
			it->category = arena_strdup(w->a, label);
		free(label);
	}
	{
		size_t r = region_map_of(w->rm, s->station);
		if (r < w->rm->nregions) {
			const struct region_map_region *g = &w->rm->regions[r];
			it->region = arena_strdup(w->a, g->name ? g->name : g->code);
		}
	}
	it->what = what_happened(w, answers, s->comment);
	json_decref(answers);
	return ST_OK;
}

enum status statement_notable_load(struct store *st, int64_t mission_id,
                                   const struct findings *f, const char *lang,
                                   struct arena *a, struct statement_notable *out,
                                   struct err *e)
{
	struct region_map rm;
	struct walk w = {.rm = &rm, .lang = lang, .a = a};
	enum status rc = ST_OK;

	memset(out, 0, sizeof(*out));
	region_map_init(&rm);
	rc = region_map_load(st, mission_id, &rm, e);
	for (size_t i = 0; !rc && i < f->nforms; i++) {
		const struct findings_form *fm = &f->forms[i];
		struct submission_filter sf = {.form = fm->code};
		struct form *form = NULL;

		if (!fm->category || !fm->critical)
			continue;
		rc = form_load(st, mission_id, fm->code, &form, e);
		if (rc)
			break;
		w.form = form;
		w.category = form_question(form, fm->category->tag);
		rc = store_submission_list(st, mission_id, &sf, NULL, take, &w, e);
		form_free(form);
	}
	region_map_release(&rm);
	if (!rc && w.n) {
		qsort(w.items, w.n, sizeof(*w.items), by_time);
		out->total = (int64_t)w.n;
		out->n = w.n < STATEMENT_NOTABLE_MAX ? w.n : STATEMENT_NOTABLE_MAX;
		out->items = arena_alloc(a, out->n * sizeof(*out->items));
		memcpy(out->items, w.items, out->n * sizeof(*out->items));
	}
	free(w.items);
	return rc;
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

void statement_notable_copy(const struct statement_notable *from, struct arena *a,
                            struct statement_notable *out)
{
	memset(out, 0, sizeof(*out));
	out->total = from->total;
	out->n = from->n;
	if (!from->n)
		return;
	out->items = arena_alloc(a, from->n * sizeof(*out->items));
	for (size_t i = 0; i < from->n; i++) {
		const struct statement_incident *f = &from->items[i];
		out->items[i] = (struct statement_incident){
		    f->id,
		    dup_or_null(a, f->form),
		    dup_or_null(a, f->category),
		    dup_or_null(a, f->station),
		    dup_or_null(a, f->region),
		    dup_or_null(a, f->observed_at),
		    dup_or_null(a, f->what),
		    dup_or_null(a, f->status),
		};
	}
}
