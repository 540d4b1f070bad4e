/* sms_parse.c - one SMS report read against a mission's forms: the form
 * code, the station, the comment, then the answers in the coded syntax
 * (sms_coded.c) or ODK's compact representation (sms_compact.c); last, what
 * an incident's "#" text and time of receipt answer, the required
 * questions left unanswered, and the answers in the form's order. */
#include <ctype.h>
#include <string.h>

#include "core/alloc.h"
#include "ingest/sms_parse_int.h"

#define CODE_MAX 16 /* letters of a form code looked at */

static bool is_letter(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\n';
}

static bool hhmm_valid(const char *s)
{
	return strlen(s) == 5 && isdigit((unsigned char)s[0]) &&
	       isdigit((unsigned char)s[1]) && s[2] == ':' &&
	       isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) &&
	       (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

/* Whether the word at symbol i is "station" (any case), ending the word. */
static bool station_word(const struct sms_parser *p, size_t i)
{
	static const char w[] = "STATION";

	for (size_t k = 0; k < sizeof(w) - 1; k++)
		if (i + k >= p->nsym || p->sym[i + k].c != w[k])
			return false;
	i += sizeof(w) - 1;
	return i >= p->nsym || p->sym[i].c == ' ';
}

/* The form code at symbol i: its letters (ASCII after folding) when the
 * word starts with any, else the word as typed.  Returns the index after
 * what was taken. */
static size_t form_code(struct sms_parser *p, size_t i, const struct sms_forms *forms)
{
	char code[CODE_MAX + 1];
	size_t n = 0, j = i;

	while (j < p->nsym && is_letter(p->sym[j].c)) {
		if (n < CODE_MAX)
			code[n++] = p->sym[j].c;
		j++;
	}
	code[n] = '\0';
	if (j == i) {
		char *w;
		while (j < p->nsym && !is_space(p->sym[j].c) && p->sym[j].c != '#')
			j++;
		w = sms_copy(p, p->sym[i].pos, p->sym[j].pos);
		for (char *c = w; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		p->out->form_code = w;
	} else {
		p->out->form_code = arena_strdup(&p->out->arena, code);
		if (n >= 2 && n <= 3 && j - i == n)
			p->form = forms->by_code(forms->ctx, code);
	}
	if (!p->form)
		sms_problem_add(p, SMS_UNKNOWN_FORM, NULL, p->out->form_code, 0, 0,
		                p->sym[i].pos);
	return j;
}

/* The station at symbol i (a word, without the signs it may end with);
 * returns the index after it. */
static size_t station(struct sms_parser *p, size_t i)
{
	size_t j = i, k;

	while (j < p->nsym && !is_space(p->sym[j].c) && !strchr("#,;", p->sym[j].c))
		j++;
	k = j;
	while (k > i && strchr(".:!?", p->sym[k - 1].c))
		k--;
	if (k == i) {
		sms_problem_add(p, SMS_NO_STATION, NULL, NULL, 0, 0, p->sym[i].pos);
		return j;
	}
	p->out->station = sms_copy(p, p->sym[i].pos, p->sym[k].pos);
	return j;
}

/* The comment after the first "#" (the coded syntax); sets p->end. */
static void comment(struct sms_parser *p)
{
	char *c;

	p->end = p->len;
	for (size_t i = 0; i < p->nsym; i++)
		if (p->sym[i].c == '#') {
			p->end = p->sym[i].pos;
			break;
		}
	if (p->end == p->len)
		return;
	c = sms_copy(p, p->end + 1, p->len);
	while (*c && strchr(" \t\r\n", *c))
		c++;
	for (size_t n = strlen(c); n > 0 && strchr(" \t\r\n", c[n - 1]); n--)
		c[n - 1] = '\0';
	p->out->comment = *c ? c : NULL;
}

/* -------------------------------------------------------------- the end */

/* An incident's "#" text answers its first text question. */
static void incident_text(struct sms_parser *p)
{
	const struct form *f = p->form;

	if (f->kind != FORM_INCIDENT || !p->out->comment)
		return;
	for (size_t i = 0; i < f->nquestions; i++)
		if (f->questions[i].type == QT_TEXT) {
			if (p->state[i] == ANSWER_NONE)
				sms_answer(p, i, json_string(p->out->comment),
				           p->out->comment, p->end + 1);
			p->out->comment = NULL;
			return;
		}
}

static void finish(struct sms_parser *p, const char *received_hhmm)
{
	const struct form *f = p->form;

	incident_text(p);
	for (size_t i = 0; i < f->nquestions; i++) {
		const struct form_question *q = &f->questions[i];

		if (!q->required || p->state[i] != ANSWER_NONE)
			continue;
		if (q->type == QT_TIME && f->kind == FORM_INCIDENT && received_hhmm) {
			p->value[i] = json_string(received_hhmm);
			p->state[i] = ANSWER_OK;
			continue;
		}
		sms_problem_add(p, SMS_MISSING_REQUIRED, q->tag, NULL, 0, 0, p->end);
	}
	for (size_t i = 0; i < f->nquestions; i++)
		if (p->value[i])
			json_object_set(p->out->answers, f->questions[i].tag,
			                p->value[i]);
}

/* ---------------------------------------------------------------- reading */

/* ODK's compact representation when the word after the form code (at
 * symbol i) is "station": read it and return true. */
static bool compact(struct sms_parser *p, size_t i)
{
	size_t j = i;

	while (j < p->nsym && p->sym[j].c == ' ')
		j++;
	if (j == i || !station_word(p, j))
		return false;
	p->out->compact = true;
	p->end = p->len;
	sms_compact_read(p, p->sym[j + 7].pos);
	return true;
}

static void read_message(struct sms_parser *p, const struct sms_forms *forms,
                         const char *received_hhmm)
{
	size_t i = 0;

	while (i < p->nsym && (is_space(p->sym[i].c) || sms_sym_is_sep(p->sym[i].c)))
		i++;
	if (i >= p->nsym || p->sym[i].c == '#') {
		comment(p);
		sms_problem_add(p, SMS_EMPTY, NULL, NULL, 0, 0, p->sym[i].pos);
		return;
	}
	i = form_code(p, i, forms);
	if (p->form) {
		size_t n = p->form->nquestions;
		p->value = xcalloc(n, sizeof(*p->value));
		p->vpos = xcalloc(n, sizeof(*p->vpos));
		p->state = xcalloc(n, sizeof(*p->state));
		p->utag = xcalloc(n, sizeof(*p->utag));
		for (size_t q = 0; q < n; q++) {
			p->utag[q] =
			    arena_strdup(&p->out->arena, p->form->questions[q].tag);
			for (char *c = p->utag[q]; *c; c++)
				*c = (char)toupper((unsigned char)*c);
		}
	}
	if (compact(p, i))
		goto out;
	comment(p);
	if (i < p->nsym && !is_space(p->sym[i].c) && !sms_sym_is_sep(p->sym[i].c) &&
	    p->sym[i].c != '#') {
		/* "OP15-0123": the station follows the code at once */
	} else {
		while (i < p->nsym &&
		       (is_space(p->sym[i].c) || sms_sym_is_sep(p->sym[i].c)))
			i++;
	}
	if (i >= p->nsym || p->sym[i].pos >= p->end) {
		sms_problem_add(p, SMS_NO_STATION, NULL, NULL, 0, 0, p->sym[i].pos);
	} else {
		i = station(p, i);
		if (p->form)
			sms_coded_read(p, i);
	}
out:
	if (p->form)
		finish(p, received_hhmm);
}

enum status sms_parse(const char *text, size_t len, const struct sms_forms *forms,
                      const char *received_hhmm, struct sms_reading *out)
{
	struct sms_parser p = {0};
	bool too_long = false;

	memset(out, 0, sizeof(*out));
	out->answers = json_object();
	if (!forms || !forms->by_code || (!text && len) ||
	    (received_hhmm && !hhmm_valid(received_hhmm)))
		return ST_INVALID;
	if (len > SMS_PARSE_MAX) {
		len = SMS_PARSE_MAX;
		/* not in the middle of a character */
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
		too_long = true;
	}
	p.text = text ? text : "";
	p.len = len;
	p.out = out;
	sms_sym_read(&p);
	read_message(&p, forms, received_hhmm);
	if (too_long)
		sms_problem_add(&p, SMS_TOO_LONG, NULL, NULL, 0, 0, len);
	out->form = p.form;
	if (p.value)
		for (size_t i = 0; i < p.form->nquestions; i++)
			json_decref(p.value[i]);
	free(p.value);
	free(p.vpos);
	free(p.state);
	free(p.utag);
	free(p.sym);
	return ST_OK;
}

void sms_reading_release(struct sms_reading *r)
{
	json_decref(r->answers);
	free(r->problems);
	arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}

const char *sms_problem_kind_str(enum sms_problem_kind k)
{
	static const char *const names[] = {
	    "empty",        "unknown_form",     "no_station",   "unknown_tag",
	    "no_value",     "bad_value",        "out_of_range", "unknown_option",
	    "repeated_tag", "missing_required", "stray_text",   "text_by_tag",
	    "too_long"};

	if ((size_t)k < sizeof(names) / sizeof(names[0]))
		return names[k];
	return "unknown";
}

json_t *sms_reading_to_json(const struct sms_reading *r)
{
	json_t *o = json_object(), *a = json_array();

	json_object_set_new(o, "form",
	                    r->form_code ? json_string(r->form_code) : json_null());
	json_object_set_new(o, "station",
	                    r->station ? json_string(r->station) : json_null());
	json_object_set_new(o, "answers",
	                    r->answers ? json_incref(r->answers) : json_object());
	json_object_set_new(o, "comment",
	                    r->comment ? json_string(r->comment) : json_null());
	json_object_set_new(o, "compact", json_boolean(r->compact));
	for (size_t i = 0; i < r->nproblems; i++) {
		const struct sms_problem *pr = &r->problems[i];
		json_t *j = json_pack("{s:s, s:s?, s:s?, s:I}", "kind",
		                      sms_problem_kind_str(pr->kind), "tag", pr->tag,
		                      "text", pr->text, "pos", (json_int_t)pr->pos);
		if (pr->kind == SMS_OUT_OF_RANGE || pr->kind == SMS_UNKNOWN_OPTION) {
			json_object_set_new(j, "min", json_integer(pr->min));
			json_object_set_new(j, "max", json_integer(pr->max));
		}
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "problems", a);
	return o;
}
