/* validate.c - checking one submission against its form: each answer is
 * normalised by its question's type, required answers are looked for, the
 * checks run over the canonical answers, critical and negative answers are
 * picked out. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "model/validate.h"

const char *validation_status_str(enum validation_status s)
{
	switch (s) {
	case VALIDATION_NEW:
		return "new";
	case VALIDATION_FLAGGED:
		return "flagged";
	default:
		return "refused";
	}
}

const char *problem_severity_str(enum problem_severity s)
{
	switch (s) {
	case PROBLEM_ERROR:
		return "error";
	case PROBLEM_REJECT:
		return "reject";
	default:
		return "flag";
	}
}

void validation_release(struct validation *v)
{
	json_decref(v->answers);
	free(v->problems);
	arena_release(&v->arena);
	memset(v, 0, sizeof(*v));
}

/* A copy of s cut to whole UTF-8 characters (a message cut by its buffer
 * may end inside one). */
static const char *valid_text(struct arena *a, const char *s)
{
	size_t n = strlen(s);

	while (n && !utf8_valid(s, n))
		n--;
	return arena_strndup(a, s, n);
}

/* At most max bytes of s, ending on a character boundary. */
static int cut(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return (int)n;
	n = max;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

void validation_add(struct validation *v, const struct problem *p)
{
	struct problem *n;

	if (v->nproblems == v->problems_alloc) {
		v->problems_alloc = v->problems_alloc ? 2 * v->problems_alloc : 8;
		v->problems =
		    xrealloc(v->problems, v->problems_alloc * sizeof(*v->problems));
	}
	n = &v->problems[v->nproblems++];
	n->severity = p->severity;
	n->field = arena_strdup(&v->arena, p->field);
	n->tag = arena_strdup(&v->arena, p->tag);
	n->value = arena_strdup(&v->arena, p->value);
	n->message = valid_text(&v->arena, p->message ? p->message : "");
	n->check = arena_strdup(&v->arena, p->check);
	n->expr = arena_strdup(&v->arena, p->expr);
	if (p->severity != PROBLEM_FLAG)
		v->status = VALIDATION_REFUSED;
	else if (v->status == VALIDATION_NEW)
		v->status = VALIDATION_FLAGGED;
}

/* JSON text of j in the validation's arena; NULL for NULL. */
static const char *json_in(struct validation *v, const json_t *j)
{
	char *s, *copy;

	if (!j)
		return NULL;
	s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
	copy = arena_strdup(&v->arena, s ? s : "null");
	free(s);
	return copy;
}

static void add_error(struct validation *v, const char *field, const char *tag,
                      const json_t *value, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void add_error(struct validation *v, const char *field, const char *tag,
                      const json_t *value, const char *fmt, ...)
{
	char msg[1200];
	va_list ap;
	struct problem p = {.severity = PROBLEM_ERROR, .field = field, .tag = tag};

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p.value = json_in(v, value);
	p.message = msg;
	validation_add(v, &p);
}

void validation_add_unknown(struct validation *v, const char *field, const char *code)
{
	json_t *value = json_string(code ? code : "");

	if (!value)
		value = json_null();
	add_error(v, field, NULL, value, "no such %s in this mission", field);
	json_decref(value);
}

/* Match the answers as sent with questions: given[i] is question i's answer
 * as sent, or NULL. */
static void match_answers(const struct form *f, const json_t *answers,
                          struct validation *v, const json_t **given, const char **key_of)
{
	const char *key;
	json_t *value;

	json_object_foreach((json_t *)answers, key, value)
	{
		const struct form_question *q = form_question(f, key);
		size_t i;
		if (!q) {
			add_error(v, NULL, key, value,
			          "unknown tag: form %s has no question \"%.*s\"",
			          f->code, cut(key, 64), key);
			continue;
		}
		i = (size_t)(q - f->questions);
		if (given[i]) {
			add_error(v, NULL, q->tag, value,
			          "answered twice (as \"%s\" and \"%.*s\")", key_of[i],
			          cut(key, 64), key);
			continue;
		}
		given[i] = value;
		key_of[i] = key;
	}
}

/* The canonical answers a check looked at, as a JSON object. */
static json_t *check_values(const struct form *f, const struct form_check *c,
                            const json_t *answers)
{
	json_t *o = json_object(), *a;
	size_t n;
	const struct expr_tag *tags = expr_tags(c->expr, &n);

	for (size_t i = 0; i < n; i++) {
		if (tags[i].kind != EXPR_TAG_PREFIX) {
			a = json_object_get(answers, tags[i].name);
			if (a)
				json_object_set(o, tags[i].name, a);
			continue;
		}
		for (size_t k = 0; k < f->nquestions; k++) {
			const char *tag = f->questions[k].tag;
			a = json_object_get(answers, tag);
			if (a && expr_prefix_matches(tags[i].name, tag))
				json_object_set(o, tag, a);
		}
	}
	return o;
}

static void run_checks(const struct form *f, const char *lang, struct validation *v)
{
	for (size_t i = 0; i < f->nchecks; i++) {
		const struct form_check *c = &f->checks[i];
		struct problem p = {.check = c->id, .expr = expr_text(c->expr)};
		json_t *values;
		if (expr_check(c->expr, v->answers) != EXPR_FAIL)
			continue;
		p.severity = c->severity == CHECK_REJECT ? PROBLEM_REJECT : PROBLEM_FLAG;
		p.message = form_text(&c->message, lang);
		values = check_values(f, c, v->answers);
		p.value = json_in(v, values);
		json_decref(values);
		validation_add(v, &p);
	}
}

/* Critical answers become alerts, negative ones are listed. */
static void pick_out(const struct form *f, const char *lang, struct validation *v)
{
	v->alerts = arena_alloc(&v->arena, (f->nquestions + 1) * sizeof(*v->alerts));
	v->negative = arena_alloc(&v->arena, (f->nquestions + 1) * sizeof(char *));
	for (size_t i = 0; i < f->nquestions; i++) {
		const struct form_question *q = &f->questions[i];
		const json_t *a = json_object_get(v->answers, q->tag);
		if (!a)
			continue;
		if (form_answer_negative(q, a))
			v->negative[v->nnegative++] = q->tag;
		if (form_answer_critical(q, a)) {
			struct alert *al = &v->alerts[v->nalerts++];
			char *label = form_answer_label(q, a, lang);
			char *msg = xasprintf("%s: %s", form_text(&q->text, lang), label);
			al->tag = q->tag;
			al->value = json_in(v, a);
			al->message = arena_strdup(&v->arena, msg);
			free(msg);
			free(label);
		}
	}
}

enum status validate_submission(const struct form *f, const struct submission *s,
                                const char *lang, struct validation *out)
{
	const json_t **given = xcalloc(f->nquestions + 1, sizeof(*given));
	const char **key_of = xcalloc(f->nquestions + 1, sizeof(*key_of));
	const json_t *answers = s->answers;

	memset(out, 0, sizeof(*out));
	out->answers = json_object();
	if (s->form && !text_ieq(s->form, f->code)) {
		json_t *code = json_string(s->form);
		add_error(out, "form", NULL, code,
		          "these answers are checked against form %s", f->code);
		json_decref(code);
	}
	if (answers && !json_is_object(answers))
		add_error(out, "answers", NULL, NULL,
		          "expected an object of answers, tag -> value");
	else if (answers)
		match_answers(f, answers, out, given, key_of);
	for (size_t i = 0; i < f->nquestions; i++) {
		const struct form_question *q = &f->questions[i];
		json_t *c = NULL;
		struct err e;
		if (given[i] && form_answer_normalise(q, given[i], &c, &e)) {
			add_error(out, NULL, q->tag, given[i], "%s", e.msg);
			continue;
		}
		if (c)
			json_object_set_new(out->answers, q->tag, c);
		else if (q->required)
			add_error(out, NULL, q->tag, NULL, "required answer is missing");
	}
	run_checks(f, lang, out);
	pick_out(f, lang, out);
	free(given);
	free(key_of);
	return out->status == VALIDATION_REFUSED ? ST_INVALID : ST_OK;
}

static json_t *problem_json(const struct problem *p)
{
	json_t *o = json_object();
	json_t *value = p->value ? json_loads(p->value, JSON_DECODE_ANY, NULL) : NULL;

	json_object_set_new(o, "tag", p->tag ? json_string(p->tag) : json_null());
	if (p->field)
		json_object_set_new(o, "field", json_string(p->field));
	json_object_set_new(o, "value", value ? value : json_null());
	json_object_set_new(o, "message", json_string(p->message));
	json_object_set_new(o, "severity",
	                    json_string(problem_severity_str(p->severity)));
	if (p->check)
		json_object_set_new(o, "check", json_string(p->check));
	if (p->expr)
		json_object_set_new(o, "expr", json_string(p->expr));
	return o;
}

json_t *validation_to_json(const struct validation *v)
{
	json_t *a = json_array();

	for (size_t i = 0; i < v->nproblems; i++)
		json_array_append_new(a, problem_json(&v->problems[i]));
	return a;
}

json_t *validation_alerts_to_json(const struct validation *v)
{
	json_t *a = json_array();

	for (size_t i = 0; i < v->nalerts; i++) {
		const struct alert *al = &v->alerts[i];
		json_t *value = json_loads(al->value, JSON_DECODE_ANY, NULL);
		json_array_append_new(a, json_pack("{s:s, s:o, s:s}", "tag", al->tag,
		                                   "value", value ? value : json_null(),
		                                   "message", al->message));
	}
	return a;
}
