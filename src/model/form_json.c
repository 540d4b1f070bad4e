/* form_json.c - form definitions to and from their JSON format
 * (docs/forms.md), and the per-mission protocol form made from a ballot.
 * The parser reads a definition however wrong it is and reports every
 * problem with its JSON path, so one "observa form validate" shows all. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "model/form.h"
#include "model/location.h"

struct parser {
	struct form *f;
	struct form_problems *problems;
	size_t first; /* problems->n when parsing began */
	char path[256];
	size_t plen;
	bool langs_ok; /* the languages are known: texts are checked against them */
};

/* ------------------------------------------------------- paths, problems */

static size_t push(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static size_t push(struct parser *p, const char *fmt, ...)
{
	size_t old = p->plen;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->path + p->plen, sizeof(p->path) - p->plen, fmt, ap);
	va_end(ap);
	p->plen = strlen(p->path);
	return old;
}

static size_t push_key(struct parser *p, const char *key)
{
	return push(p, p->plen ? ".%s" : "%s", key);
}

static void pop(struct parser *p, size_t old)
{
	p->plen = old;
	p->path[old] = '\0';
}

/* A copy of s without the partial character a full buffer may have cut. */
static char *whole_chars(const char *s)
{
	size_t n = strlen(s);

	while (n && !utf8_valid(s, n))
		n--;
	return xstrndup(s, n);
}

static void add_problem(struct form_problems *ps, const char *path, const char *msg)
{
	if (ps->n == ps->alloc) {
		ps->alloc = ps->alloc ? 2 * ps->alloc : 16;
		ps->v = xrealloc(ps->v, ps->alloc * sizeof(*ps->v));
	}
	ps->v[ps->n].path = whole_chars(path);
	ps->v[ps->n].message = whole_chars(msg);
	ps->n++;
}

static void problem(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Report a problem at the current path. */
static void problem(struct parser *p, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	size_t count = p->problems->n - p->first;

	if (count > FORM_PROBLEMS_MAX)
		return;
	if (count == FORM_PROBLEMS_MAX) {
		add_problem(p->problems, "",
		            "too many problems: only the first ones are listed");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	add_problem(p->problems, p->path, msg);
}

static void problem_key(struct parser *p, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Report a problem at the current path's member key. */
static void problem_key(struct parser *p, const char *key, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	size_t old = push_key(p, key);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	problem(p, "%s", msg);
	pop(p, old);
}

static const char *json_kind(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number with a fraction";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* ------------------------------------------------------------- members */

/* Report every member of obj that is not in allowed (NULL-terminated). */
static void check_keys(struct parser *p, const json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v)
	{
		size_t i = 0;
		while (allowed[i] && strcmp(allowed[i], key))
			i++;
		if (allowed[i])
			continue;
		{
			struct buf b;
			buf_init(&b, 400);
			for (i = 0; allowed[i]; i++)
				buf_appendf(&b, "%s%s", i ? ", " : "", allowed[i]);
			problem_key(p, key, "unknown field (the fields here are %s)",
			            b.ptr);
			buf_release(&b);
		}
	}
}

/* obj's member key; a problem when it is required and absent. */
static const json_t *member(struct parser *p, const json_t *obj, const char *key,
                            bool required)
{
	const json_t *v = json_object_get(obj, key);

	if (!v && required)
		problem_key(p, key, "missing (required)");
	return v;
}

static const char *get_string(struct parser *p, const json_t *obj, const char *key,
                              bool required)
{
	const json_t *v = member(p, obj, key, required);

	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		problem_key(p, key, "expected a string, found %s", json_kind(v));
		return NULL;
	}
	return arena_strdup(&p->f->arena, json_string_value(v));
}

/* An integer member in [min, max]; false (and *out untouched) when absent
 * or wrong. */
static bool get_int(struct parser *p, const json_t *obj, const char *key, bool required,
                    int64_t min, int64_t max, int64_t *out)
{
	const json_t *v = member(p, obj, key, required);

	if (!v)
		return false;
	if (!json_is_integer(v)) {
		problem_key(p, key, "expected an integer, found %s", json_kind(v));
		return false;
	}
	if (json_integer_value(v) < min || json_integer_value(v) > max) {
		problem_key(p, key, "%lld is out of range: must be from %lld to %lld",
		            (long long)json_integer_value(v), (long long)min,
		            (long long)max);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

static bool get_bool(struct parser *p, const json_t *obj, const char *key)
{
	const json_t *v = member(p, obj, key, false);

	if (!v)
		return false;
	if (!json_is_boolean(v)) {
		problem_key(p, key, "expected true or false, found %s", json_kind(v));
		return false;
	}
	return json_is_true(v);
}

/* ---------------------------------------------------------------- texts */

static bool lang_code_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return true;
}

static const char *languages_list(const struct form *f, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < f->nlanguages && o < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%s", i ? ", " : "",
		                      f->languages[i]);
	return out;
}

static bool text_ok(struct parser *p, const json_t *v)
{
	const char *s;
	size_t n;
	bool blank = true;

	if (!json_is_string(v)) {
		problem(p, "expected a string, found %s", json_kind(v));
		return false;
	}
	s = json_string_value(v);
	n = strlen(s);
	for (size_t i = 0; i < n && blank; i++)
		blank = isspace((unsigned char)s[i]);
	if (blank) {
		problem(p, "empty text");
		return false;
	}
	if (utf8_count(s, n) > FORM_TEXT_MAX) {
		problem(p, "longer than %d characters", FORM_TEXT_MAX);
		return false;
	}
	return true;
}

/* A texts object {"en": "...", "ru": "..."}: one non-empty text in each of
 * the form's languages and in no other. */
static void parse_texts(struct parser *p, const json_t *obj, const char *key,
                        bool required, struct form_texts *out)
{
	const json_t *t = member(p, obj, key, required);
	struct form *f = p->f;
	const char *lang;
	json_t *v;
	size_t old, n;
	char langs[128];

	memset(out, 0, sizeof(*out));
	if (!t)
		return;
	old = push_key(p, key);
	if (!json_is_object(t)) {
		problem(p,
		        "expected texts by language such as {\"en\": \"...\", \"ru\": "
		        "\"...\"}, found %s",
		        json_kind(t));
		goto out;
	}
	n = p->langs_ok ? f->nlanguages : json_object_size(t);
	out->lang = arena_alloc(&f->arena, (n ? n : 1) * sizeof(char *));
	out->text = arena_alloc(&f->arena, (n ? n : 1) * sizeof(char *));
	if (p->langs_ok) {
		languages_list(f, langs, sizeof(langs));
		json_object_foreach((json_t *)t, lang, v)
		{
			size_t l = 0;
			while (l < f->nlanguages && strcmp(f->languages[l], lang))
				l++;
			if (l == f->nlanguages)
				problem_key(
				    p, lang,
				    "\"%s\" is not one of the form's languages (%s)",
				    lang, langs);
		}
		for (size_t l = 0; l < f->nlanguages; l++) {
			v = json_object_get(t, f->languages[l]);
			if (!v) {
				problem(p,
				        "no \"%s\" text (every text is in each of the "
				        "form's languages: %s)",
				        f->languages[l], langs);
				continue;
			}
			size_t o2 = push_key(p, f->languages[l]);
			bool ok = text_ok(p, v);
			pop(p, o2);
			if (!ok)
				continue;
			out->lang[out->n] = f->languages[l];
			out->text[out->n++] =
			    arena_strdup(&f->arena, json_string_value(v));
		}
	} else {
		json_object_foreach((json_t *)t, lang, v)
		{
			size_t o2 = push_key(p, lang);
			if (text_ok(p, v)) {
				out->lang[out->n] = arena_strdup(&f->arena, lang);
				out->text[out->n++] =
				    arena_strdup(&f->arena, json_string_value(v));
			}
			pop(p, o2);
		}
	}
	if (!out->n)
		memset(out, 0, sizeof(*out));
out:
	pop(p, old);
}

/* ----------------------------------------------------------- form header */

static void parse_languages(struct parser *p, const json_t *def)
{
	const json_t *a = member(p, def, "languages", true);
	struct form *f = p->f;
	size_t i, old, n;
	json_t *v;

	if (!a)
		return;
	old = push_key(p, "languages");
	if (!json_is_array(a) || !json_array_size(a)) {
		problem(p,
		        "expected a non-empty array of language codes such as [\"en\", "
		        "\"ru\"]");
		goto out;
	}
	n = json_array_size(a);
	if (n > FORM_LANGUAGES_MAX) {
		problem(p, "%zu languages: at most %d", n, FORM_LANGUAGES_MAX);
		goto out;
	}
	f->languages = arena_alloc(&f->arena, n * sizeof(char *));
	p->langs_ok = true;
	json_array_foreach(a, i, v)
	{
		size_t o2 = push(p, "[%zu]", i);
		if (!json_is_string(v) || !lang_code_valid(json_string_value(v))) {
			problem(
			    p,
			    "expected a language code of 2-3 lower-case letters (en, ru, "
			    "kk)");
			p->langs_ok = false;
		} else {
			for (size_t k = 0; k < f->nlanguages; k++)
				if (!strcmp(f->languages[k], json_string_value(v))) {
					problem(p, "\"%s\" is listed twice",
					        f->languages[k]);
					p->langs_ok = false;
				}
			f->languages[f->nlanguages++] =
			    arena_strdup(&f->arena, json_string_value(v));
		}
		pop(p, o2);
	}
out:
	pop(p, old);
}

static void parse_header(struct parser *p, const json_t *def)
{
	struct form *f = p->f;
	const char *s;

	s = get_string(p, def, "code", true);
	if (s && !form_code_valid(s))
		problem_key(p, "code",
		            "\"%s\" must be 2-3 upper-case letters (OP, VO, PR)", s);
	f->code = s ? s : "";
	get_int(p, def, "version", true, 1, 1000000000, &f->version);
	s = get_string(p, def, "kind", true);
	if (s && !form_kind_parse(s, &f->kind))
		problem_key(p, "kind",
		            "\"%s\" is not one of checklist, incident, protocol", s);
	s = get_string(p, def, "phase", true);
	if (s && !form_phase_parse(s, &f->phase))
		problem_key(
		    p, "phase",
		    "\"%s\" is not one of opening, voting, counting, tabulation, any", s);
	s = get_string(p, def, "level", false);
	f->level = s ? location_level_canonical(s) : "station";
	if (!f->level || (strcmp(f->level, "station") && strcmp(f->level, "territory") &&
	                  strcmp(f->level, "district"))) {
		problem_key(p, "level",
		            "\"%s\" is not a level where reports are made (station, "
		            "territory, district)",
		            s);
		f->level = "station";
	}
	parse_languages(p, def);
	parse_texts(p, def, "name", true, &f->name);
	parse_texts(p, def, "description", false, &f->description);
}

/* --------------------------------------------------------------- choices */

static bool prefix_valid(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 8)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return false;
	return form_tag_valid(s);
}

/* tag is prefix followed by digits, ignoring case. */
static bool prefix_matches_ci(const char *prefix, const char *tag)
{
	size_t n = strlen(prefix);

	if (strlen(tag) <= n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)prefix[i]) != tolower((unsigned char)tag[i]))
			return false;
	for (const char *c = tag + n; *c; c++)
		if (!isdigit((unsigned char)*c))
			return false;
	return true;
}

static void parse_choices(struct parser *p, const json_t *def)
{
	static const char *const keys[] = {
	    "prefix", "against_all_tag",  "min", "max", "required",
	    "text",   "against_all_text", NULL};
	const json_t *c = member(p, def, "choices", false);
	struct form_choices *ch;
	size_t old;
	const char *s;

	if (!c)
		return;
	old = push_key(p, "choices");
	if (!json_is_object(c)) {
		problem(p, "expected an object, found %s", json_kind(c));
		goto out;
	}
	check_keys(p, c, keys);
	ch = arena_alloc(&p->f->arena, sizeof(*ch));
	memset(ch, 0, sizeof(*ch));
	s = get_string(p, c, "prefix", true);
	if (s && !prefix_valid(s))
		problem_key(p, "prefix", "\"%s\" must be 1-8 ASCII letters (P)", s);
	ch->prefix = s && prefix_valid(s) ? s : "P";
	s = get_string(p, c, "against_all_tag", false);
	if (s && (!form_tag_valid(s) || prefix_matches_ci(ch->prefix, s)))
		problem_key(p, "against_all_tag",
		            "\"%s\" must be a tag (a letter, then letters, digits or _) "
		            "that is not the prefix followed by digits",
		            s);
	ch->against_all_tag = s;
	ch->min = 0;
	ch->max = FORM_INT_MAX;
	get_int(p, c, "min", false, 0, FORM_INT_LIMIT, &ch->min);
	get_int(p, c, "max", false, 0, FORM_INT_LIMIT, &ch->max);
	if (ch->min > ch->max)
		problem(p, "min %lld is greater than max %lld", (long long)ch->min,
		        (long long)ch->max);
	ch->required = get_bool(p, c, "required");
	parse_texts(p, c, "text", true, &ch->text);
	parse_texts(p, c, "against_all_text", ch->against_all_tag != NULL,
	            &ch->against_all_text);
	if (!ch->against_all_tag && json_object_get(c, "against_all_text"))
		problem_key(p, "against_all_text", "needs against_all_tag");
	p->f->choices = ch;
out:
	pop(p, old);
}

/* -------------------------------------------------------------- questions */

/* A question's "choice": the ballot line a per-mission question counts. */
static void parse_choice_ref(struct parser *p, const json_t *q, struct form_question *fq)
{
	static const char *const keys[] = {"order", "code", "name", "kind", NULL};
	const json_t *c = member(p, q, "choice", false);
	struct ballot_choice *bc;
	const struct form_choices *ch = p->f->choices;
	struct err e;
	int64_t order = 0;
	size_t old;

	if (!c)
		return;
	old = push_key(p, "choice");
	if (!json_is_object(c)) {
		problem(p, "expected an object, found %s", json_kind(c));
		goto out;
	}
	check_keys(p, c, keys);
	bc = arena_alloc(&p->f->arena, sizeof(*bc));
	get_int(p, c, "order", true, 1, CHOICE_ORDER_MAX, &order);
	bc->order = (int)order;
	bc->code = get_string(p, c, "code", true);
	bc->name = get_string(p, c, "name", true);
	bc->kind = get_string(p, c, "kind", true);
	if (!order || !bc->code || !bc->name || !bc->kind)
		goto out;
	if (choice_validate(bc, &e)) {
		problem(p, "%s", e.msg);
		goto out;
	}
	fq->choice = bc;
	if (fq->type != QT_INTEGER)
		problem(p, "a ballot line must be an integer question");
	if (!ch) {
		problem(p, "the form declares no \"choices\"");
	} else if (!strcmp(bc->kind, "against_all")) {
		if (!ch->against_all_tag || strcmp(ch->against_all_tag, fq->tag))
			problem(p, "the against_all line must have the tag choices."
			           "against_all_tag");
	} else {
		char want[EXPR_TAG_MAX + 16];
		snprintf(want, sizeof(want), "%s%d", ch->prefix, bc->order);
		if (strcmp(want, fq->tag))
			problem(p, "the line of order %d must have the tag \"%s\"",
			        bc->order, want);
	}
out:
	pop(p, old);
}

static bool answers_allowed(enum question_type t)
{
	return t != QT_TEXT && t != QT_TIME;
}

/* "negative" or "critical": answers written as a submission would, kept as
 * canonical integers. */
static void parse_answer_list(struct parser *p, const json_t *q, const char *key,
                              struct form_question *fq, const int64_t **out, size_t *n)
{
	const json_t *a = member(p, q, key, false);
	struct form_question one = *fq;
	int64_t *vals;
	size_t i, old;
	json_t *v;

	*out = NULL;
	*n = 0;
	if (!a)
		return;
	old = push_key(p, key);
	if (!answers_allowed(fq->type)) {
		problem(p, "%s questions have no negative or critical answers",
		        question_type_str(fq->type));
		goto out;
	}
	if (!json_is_array(a)) {
		problem(p, "expected an array of answers, found %s", json_kind(a));
		goto out;
	}
	if (fq->type == QT_SELECT_MULTIPLE)
		one.type = QT_SELECT_ONE;
	vals = arena_alloc(&p->f->arena, (json_array_size(a) + 1) * sizeof(*vals));
	json_array_foreach(a, i, v)
	{
		json_t *c = NULL;
		struct err e;
		size_t o2 = push(p, "[%zu]", i);
		if (form_answer_normalise(&one, v, &c, &e))
			problem(p, "%s", e.msg);
		else if (!c)
			problem(p, "empty answer");
		else {
			int64_t x = json_integer_value(c);
			size_t k = 0;
			while (k < *n && vals[k] != x)
				k++;
			if (k < *n)
				problem(p, "listed twice");
			else
				vals[(*n)++] = x;
		}
		json_decref(c);
		pop(p, o2);
	}
	*out = vals;
out:
	pop(p, old);
}

static void parse_options(struct parser *p, const json_t *q, struct form_question *fq)
{
	static const char *const keys[] = {"value", "text", NULL};
	const json_t *a = member(p, q, "options", false);
	struct form_option *opts;
	size_t i, old;
	json_t *o;
	bool select = fq->type == QT_SELECT_ONE || fq->type == QT_SELECT_MULTIPLE;

	if (!select) {
		if (a)
			problem_key(p, "options",
			            "only select_one and select_multiple "
			            "questions have options");
		return;
	}
	if (!a) {
		problem_key(p, "options", "missing (required for %s)",
		            question_type_str(fq->type));
		return;
	}
	old = push_key(p, "options");
	if (!json_is_array(a) || !json_array_size(a) ||
	    json_array_size(a) > FORM_OPTIONS_MAX) {
		problem(p, "expected an array of 1 to %d options", FORM_OPTIONS_MAX);
		goto out;
	}
	opts = arena_alloc(&p->f->arena, json_array_size(a) * sizeof(*opts));
	json_array_foreach(a, i, o)
	{
		size_t o2 = push(p, "[%zu]", i);
		int64_t value = -1;
		if (!json_is_object(o)) {
			problem(p,
			        "expected an object {\"value\": 1, \"text\": {...}}, "
			        "found %s",
			        json_kind(o));
			pop(p, o2);
			continue;
		}
		check_keys(p, o, keys);
		if (get_int(p, o, "value", true, 0, FORM_OPTION_MAX, &value))
			for (size_t k = 0; k < fq->noptions; k++)
				if (opts[k].value == value)
					problem_key(p, "value",
					            "%lld is already the value of "
					            "another option",
					            (long long)value);
		opts[fq->noptions].value = value;
		parse_texts(p, o, "text", true, &opts[fq->noptions].text);
		if (value >= 0)
			fq->noptions++;
		pop(p, o2);
	}
	fq->options = opts;
out:
	pop(p, old);
}

static void parse_range(struct parser *p, const json_t *q, struct form_question *fq)
{
	if (fq->type != QT_INTEGER) {
		if (json_object_get(q, "min"))
			problem_key(p, "min", "only integer questions have a range");
		if (json_object_get(q, "max"))
			problem_key(p, "max", "only integer questions have a range");
		return;
	}
	fq->min = 0;
	fq->max = FORM_INT_MAX;
	get_int(p, q, "min", false, -FORM_INT_LIMIT, FORM_INT_LIMIT, &fq->min);
	get_int(p, q, "max", false, -FORM_INT_LIMIT, FORM_INT_LIMIT, &fq->max);
	if (fq->min > fq->max)
		problem(p, "min %lld is greater than max %lld", (long long)fq->min,
		        (long long)fq->max);
}

static void parse_question(struct parser *p, const json_t *q, struct form_question *fq)
{
	static const char *const keys[] = {"tag",      "type",     "text",   "hint",
	                                   "required", "min",      "max",    "options",
	                                   "negative", "critical", "choice", NULL};
	const char *s;
	void *other;
	char key[EXPR_TAG_MAX + 1];

	memset(fq, 0, sizeof(*fq));
	if (!json_is_object(q)) {
		problem(p, "expected a question object, found %s", json_kind(q));
		fq->tag = "";
		return;
	}
	check_keys(p, q, keys);
	s = get_string(p, q, "tag", true);
	fq->tag = s ? s : "";
	if (s && !form_tag_valid(s))
		problem_key(
		    p, "tag",
		    "\"%s\" must be an ASCII letter followed by letters, digits or "
		    "_, at most %d characters, and not and/or/not",
		    s, EXPR_TAG_MAX);
	else if (s) {
		memcpy(key, s, strlen(s) + 1);
		text_lower(key);
		if (!strmap_add(&p->f->index, arena_strdup(&p->f->arena, key), fq,
		                &other))
			problem_key(
			    p, "tag",
			    "\"%s\" is already the tag of questions[%zu] (tags are "
			    "compared ignoring case)",
			    s,
			    (size_t)((const struct form_question *)other -
			             p->f->questions));
	}
	s = get_string(p, q, "type", true);
	if (s && !question_type_parse(s, &fq->type))
		problem_key(p, "type",
		            "\"%s\" is not one of yesno, integer, select_one, "
		            "select_multiple, text, time, rating",
		            s);
	if (!s || !question_type_parse(s, &fq->type))
		fq->type = QT_TEXT; /* go on checking what does not depend on it */
	parse_texts(p, q, "text", true, &fq->text);
	parse_texts(p, q, "hint", false, &fq->hint);
	fq->required = get_bool(p, q, "required");
	parse_range(p, q, fq);
	parse_options(p, q, fq);
	parse_answer_list(p, q, "negative", fq, &fq->negative, &fq->nnegative);
	parse_answer_list(p, q, "critical", fq, &fq->critical, &fq->ncritical);
	parse_choice_ref(p, q, fq);
	if (!fq->choice && p->f->choices && s &&
	    (prefix_matches_ci(p->f->choices->prefix, fq->tag) ||
	     (p->f->choices->against_all_tag &&
	      text_ieq(p->f->choices->against_all_tag, fq->tag))))
		problem_key(p, "tag", "\"%s\" is kept for the ballot lines (choices)",
		            fq->tag);
}

static void parse_questions(struct parser *p, const json_t *def)
{
	const json_t *a = member(p, def, "questions", true);
	struct form_question *qs;
	size_t i, old, n;
	json_t *q;

	if (!a)
		return;
	old = push_key(p, "questions");
	n = json_is_array(a) ? json_array_size(a) : 0;
	if (!n || n > FORM_QUESTIONS_MAX) {
		problem(p, "expected an array of 1 to %d questions", FORM_QUESTIONS_MAX);
		goto out;
	}
	qs = arena_alloc(&p->f->arena, n * sizeof(*qs));
	p->f->questions = qs;
	json_array_foreach(a, i, q)
	{
		size_t o2 = push(p, "[%zu]", i);
		parse_question(p, q, &qs[i]);
		p->f->nquestions = i + 1;
		for (size_t k = 0; k < i && qs[i].choice; k++)
			if (qs[k].choice &&
			    !strcmp(qs[k].choice->code, qs[i].choice->code))
				problem(p,
				        "choice code \"%s\" is already that of "
				        "questions[%zu]",
				        qs[i].choice->code, k);
		pop(p, o2);
	}
out:
	pop(p, old);
}

/* ----------------------------------------------------------------- checks */

static bool check_id_valid(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 40 || !isalpha((unsigned char)s[0]) || (unsigned char)s[0] >= 0x80)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || !(isalnum(c) || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Could tag exist in a per-mission form made from this one? */
static bool ballot_tag(const struct form *f, const char *tag)
{
	const struct form_choices *ch = f->choices;

	return ch && (expr_prefix_matches(ch->prefix, tag) ||
	              (ch->against_all_tag && !strcmp(ch->against_all_tag, tag)));
}

static void check_text_use(struct parser *p, const struct expr_tag *t,
                           const struct form_question *q)
{
	if (t->value_used && q->type == QT_TEXT)
		problem(p,
		        "column %d: \"%s\" is a text question, which has no number (only "
		        "answered(%s) may use it)",
		        t->column, q->tag, q->tag);
}

/* Every tag a check refers to must be one of the form's (or, for a form
 * with choices, a ballot line through P* or AA?). */
static void resolve_tags(struct parser *p, const struct expr *x)
{
	const struct form *f = p->f;
	size_t n;
	const struct expr_tag *tags = expr_tags(x, &n);

	for (size_t i = 0; i < n; i++) {
		const struct expr_tag *t = &tags[i];
		const struct form_question *q = form_question(f, t->name);
		if (t->kind == EXPR_TAG_PREFIX) {
			bool any = f->choices && !strcmp(f->choices->prefix, t->name);
			for (size_t k = 0; k < f->nquestions; k++)
				if (expr_prefix_matches(t->name, f->questions[k].tag)) {
					any = true;
					check_text_use(p, t, &f->questions[k]);
				}
			if (!any)
				problem(
				    p,
				    "column %d: no question of this form matches \"%s*\"",
				    t->column, t->name);
		} else if (q && strcmp(q->tag, t->name)) {
			problem(p, "column %d: \"%s\" is written \"%s\" in this form",
			        t->column, t->name, q->tag);
		} else if (q) {
			check_text_use(p, t, q);
		} else if (t->kind == EXPR_TAG_OPTIONAL) {
			if (!ballot_tag(f, t->name))
				problem(
				    p,
				    "column %d: \"%s?\" matches no question of this form",
				    t->column, t->name);
		} else if (ballot_tag(f, t->name)) {
			problem(
			    p,
			    "column %d: \"%s\" is a ballot line, which exists only once "
			    "a "
			    "mission's choices are applied: write %s* (or %s?) instead",
			    t->column, t->name, f->choices->prefix, t->name);
		} else {
			problem(p, "column %d: \"%s\" is not a question of this form",
			        t->column, t->name);
		}
	}
}

static void parse_check(struct parser *p, const json_t *c, struct form_check *fc)
{
	static const char *const keys[] = {"id", "expr", "severity", "message", NULL};
	const char *s;
	struct err e;

	memset(fc, 0, sizeof(*fc));
	fc->id = "";
	if (!json_is_object(c)) {
		problem(p, "expected a check object, found %s", json_kind(c));
		return;
	}
	check_keys(p, c, keys);
	s = get_string(p, c, "id", true);
	if (s && !check_id_valid(s))
		problem_key(
		    p, "id",
		    "\"%s\" must be a letter followed by letters, digits, _ or -, "
		    "at most 40 characters",
		    s);
	fc->id = s ? s : "";
	s = get_string(p, c, "expr", true);
	if (s) {
		size_t old = push_key(p, "expr");
		if (expr_parse(s, &fc->expr, &e))
			problem(p, "%s", e.msg);
		else
			resolve_tags(p, fc->expr);
		pop(p, old);
	}
	s = get_string(p, c, "severity", true);
	if (s && !check_severity_parse(s, &fc->severity))
		problem_key(p, "severity", "\"%s\" is not one of flag, reject", s);
	parse_texts(p, c, "message", true, &fc->message);
}

static void parse_checks(struct parser *p, const json_t *def)
{
	const json_t *a = member(p, def, "checks", false);
	struct form_check *cs;
	size_t i, old, n;
	json_t *c;

	if (!a)
		return;
	old = push_key(p, "checks");
	n = json_is_array(a) ? json_array_size(a) : 0;
	if (!json_is_array(a) || n > FORM_CHECKS_MAX) {
		problem(p, "expected an array of at most %d checks", FORM_CHECKS_MAX);
		goto out;
	}
	cs = arena_alloc(&p->f->arena, (n ? n : 1) * sizeof(*cs));
	p->f->checks = cs;
	json_array_foreach(a, i, c)
	{
		size_t o2 = push(p, "[%zu]", i);
		parse_check(p, c, &cs[i]);
		p->f->nchecks = i + 1;
		for (size_t k = 0; k < i && cs[i].id[0]; k++)
			if (!strcmp(cs[k].id, cs[i].id))
				problem_key(p, "id",
				            "\"%s\" is already the id of checks[%zu]",
				            cs[i].id, k);
		pop(p, o2);
	}
out:
	pop(p, old);
}

/* ------------------------------------------------------------------ parse */

static void bind_checks(struct form *f)
{
	const char **tags = xmalloc((f->nquestions + 1) * sizeof(char *));

	for (size_t i = 0; i < f->nquestions; i++)
		tags[i] = f->questions[i].tag;
	for (size_t i = 0; i < f->nchecks; i++)
		expr_bind(f->checks[i].expr, tags, f->nquestions);
	free(tags);
}

enum status form_parse_json(const json_t *def, struct form **out,
                            struct form_problems *problems)
{
	static const char *const keys[] = {
	    "code", "version",     "kind",      "phase",  "level",   "languages",
	    "name", "description", "questions", "checks", "choices", NULL};
	struct parser p;
	struct form *f = xcalloc(1, sizeof(*f));

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.f = f;
	p.problems = problems;
	p.first = problems->n;
	strmap_init(&f->index);
	f->code = "";
	if (!json_is_object(def)) {
		problem(&p, "expected a form definition (a JSON object), found %s",
		        json_kind(def));
		goto out;
	}
	check_keys(&p, def, keys);
	parse_header(&p, def);
	parse_choices(&p, def);
	parse_questions(&p, def);
	parse_checks(&p, def);
out:
	if (problems->n > p.first) {
		form_free(f);
		return ST_INVALID;
	}
	bind_checks(f);
	*out = f;
	return ST_OK;
}

enum status form_parse(const char *text, size_t len, struct form **out,
                       struct form_problems *problems)
{
	json_error_t je;
	json_t *def = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	enum status rc;
	char msg[300];

	*out = NULL;
	if (!def) {
		snprintf(msg, sizeof(msg), "line %d, column %d: %s", je.line, je.column,
		         je.text);
		add_problem(problems, "", msg);
		return ST_INVALID;
	}
	rc = form_parse_json(def, out, problems);
	json_decref(def);
	return rc;
}

/* ---------------------------------------------------------------- to JSON */

static json_t *texts_json(const struct form_texts *t)
{
	json_t *o = json_object();

	for (size_t i = 0; i < t->n; i++)
		json_object_set_new(o, t->lang[i], json_string(t->text[i]));
	return o;
}

static json_t *ints_json(const int64_t *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

static json_t *question_json(const struct form_question *q)
{
	json_t *o = json_object();

	json_object_set_new(o, "tag", json_string(q->tag));
	json_object_set_new(o, "type", json_string(question_type_str(q->type)));
	json_object_set_new(o, "text", texts_json(&q->text));
	if (q->hint.n)
		json_object_set_new(o, "hint", texts_json(&q->hint));
	if (q->required)
		json_object_set_new(o, "required", json_true());
	if (q->type == QT_INTEGER) {
		json_object_set_new(o, "min", json_integer(q->min));
		json_object_set_new(o, "max", json_integer(q->max));
	}
	if (q->noptions) {
		json_t *a = json_array();
		for (size_t i = 0; i < q->noptions; i++)
			json_array_append_new(
			    a, json_pack("{s:I, s:o}", "value",
			                 (json_int_t)q->options[i].value, "text",
			                 texts_json(&q->options[i].text)));
		json_object_set_new(o, "options", a);
	}
	if (q->nnegative)
		json_object_set_new(o, "negative", ints_json(q->negative, q->nnegative));
	if (q->ncritical)
		json_object_set_new(o, "critical", ints_json(q->critical, q->ncritical));
	if (q->choice)
		json_object_set_new(o, "choice",
		                    json_pack("{s:i, s:s, s:s, s:s}", "order",
		                              q->choice->order, "code", q->choice->code,
		                              "name", q->choice->name, "kind",
		                              q->choice->kind));
	return o;
}

static json_t *choices_json(const struct form_choices *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "prefix", json_string(c->prefix));
	if (c->against_all_tag)
		json_object_set_new(o, "against_all_tag",
		                    json_string(c->against_all_tag));
	json_object_set_new(o, "min", json_integer(c->min));
	json_object_set_new(o, "max", json_integer(c->max));
	if (c->required)
		json_object_set_new(o, "required", json_true());
	json_object_set_new(o, "text", texts_json(&c->text));
	if (c->against_all_text.n)
		json_object_set_new(o, "against_all_text",
		                    texts_json(&c->against_all_text));
	return o;
}

json_t *form_to_json(const struct form *f)
{
	json_t *o = json_object(), *langs = json_array(), *qs = json_array(),
	       *cs = json_array();

	json_object_set_new(o, "code", json_string(f->code));
	json_object_set_new(o, "version", json_integer(f->version));
	json_object_set_new(o, "kind", json_string(form_kind_str(f->kind)));
	json_object_set_new(o, "phase", json_string(form_phase_str(f->phase)));
	if (strcmp(f->level, "station"))
		json_object_set_new(o, "level", json_string(f->level));
	for (size_t i = 0; i < f->nlanguages; i++)
		json_array_append_new(langs, json_string(f->languages[i]));
	json_object_set_new(o, "languages", langs);
	json_object_set_new(o, "name", texts_json(&f->name));
	if (f->description.n)
		json_object_set_new(o, "description", texts_json(&f->description));
	for (size_t i = 0; i < f->nquestions; i++)
		json_array_append_new(qs, question_json(&f->questions[i]));
	json_object_set_new(o, "questions", qs);
	for (size_t i = 0; i < f->nchecks; i++) {
		const struct form_check *c = &f->checks[i];
		json_array_append_new(cs,
		                      json_pack("{s:s, s:s, s:s, s:o}", "id", c->id,
		                                "expr", expr_text(c->expr), "severity",
		                                check_severity_str(c->severity),
		                                "message", texts_json(&c->message)));
	}
	json_object_set_new(o, "checks", cs);
	if (f->choices)
		json_object_set_new(o, "choices", choices_json(f->choices));
	return o;
}

/* ---------------------------------------------------------------- ballots */

/* t with "{name}" and "{order}" replaced. */
static json_t *fill_texts(const struct form_texts *t, const struct ballot_choice *c)
{
	json_t *o = json_object();

	for (size_t i = 0; i < t->n; i++) {
		struct buf b;
		const char *s = t->text[i];
		buf_init(&b, BUF_NO_CAP);
		while (*s) {
			if (!strncmp(s, "{name}", 6)) {
				buf_appends(&b, c->name);
				s += 6;
			} else if (!strncmp(s, "{order}", 7)) {
				buf_appendf(&b, "%d", c->order);
				s += 7;
			} else {
				buf_appendc(&b, *s++);
			}
		}
		json_object_set_new(o, t->lang[i], json_string(b.ptr));
		buf_release(&b);
	}
	return o;
}

static json_t *ballot_question(const struct form_choices *ch,
                               const struct ballot_choice *c)
{
	bool against = !strcmp(c->kind, "against_all");
	char tag[EXPR_TAG_MAX + 16];
	json_t *q = json_object();

	if (against)
		snprintf(tag, sizeof(tag), "%s", ch->against_all_tag);
	else
		snprintf(tag, sizeof(tag), "%s%d", ch->prefix, c->order);
	json_object_set_new(q, "tag", json_string(tag));
	json_object_set_new(q, "type", json_string("integer"));
	json_object_set_new(q, "text",
	                    fill_texts(against ? &ch->against_all_text : &ch->text, c));
	if (ch->required)
		json_object_set_new(q, "required", json_true());
	json_object_set_new(q, "min", json_integer(ch->min));
	json_object_set_new(q, "max", json_integer(ch->max));
	json_object_set_new(q, "choice",
	                    json_pack("{s:i, s:s, s:s, s:s}", "order", c->order, "code",
	                              c->code, "name", c->name, "kind", c->kind));
	return q;
}

static int by_order(const void *a, const void *b)
{
	const struct ballot_choice *x = *(const struct ballot_choice *const *)a;
	const struct ballot_choice *y = *(const struct ballot_choice *const *)b;
	return (x->order > y->order) - (x->order < y->order);
}

enum status form_apply_choices(const struct form *f, const struct ballot_choice *choices,
                               size_t n, struct form **out, struct err *e)
{
	struct form_problems problems = FORM_PROBLEMS_INIT;
	const struct ballot_choice **sorted = NULL;
	json_t *def = NULL, *qs, *q;
	size_t i;
	enum status rc;

	*out = NULL;
	if (!f->choices)
		return err_set(e, ST_INVALID, "form %s declares no ballot choices",
		               f->code);
	rc = choice_list_validate(choices, n, e);
	if (rc)
		return rc;
	sorted = xmalloc((n + 1) * sizeof(*sorted));
	for (i = 0; i < n; i++) {
		sorted[i] = &choices[i];
		if (!strcmp(choices[i].kind, "against_all") &&
		    !f->choices->against_all_tag) {
			rc = err_set(e, ST_INVALID,
			             "choice %zu: form %s has no line for against_all",
			             i + 1, f->code);
			goto out;
		}
	}
	qsort(sorted, n, sizeof(*sorted), by_order);
	def = form_to_json(f);
	qs = json_array();
	json_array_foreach(json_object_get(def, "questions"), i, q)
	{
		if (!json_object_get(q, "choice"))
			json_array_append(qs, q);
	}
	for (i = 0; i < n; i++)
		json_array_append_new(qs, ballot_question(f->choices, sorted[i]));
	json_object_set_new(def, "questions", qs);
	rc = form_parse_json(def, out, &problems);
	if (rc)
		err_set(e, ST_INVALID, "%s%s%s%s", problems.v[0].path,
		        problems.v[0].path[0] ? ": " : "", problems.v[0].message,
		        problems.n > 1 ? " (and more)" : "");
out:
	form_problems_release(&problems);
	json_decref(def);
	free(sorted);
	return rc;
}
