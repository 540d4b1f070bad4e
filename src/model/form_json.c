/* form_json.c - parsing a form definition from JSON (docs/forms.md): the
 * document and its header, its languages and its questions, then the checks
 * bound to the questions' tags.  form_json_int.h describes the parser; its
 * reading primitives are in form_json_read.c, checks and ballot choices in
 * form_json_checks.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "model/form_json_int.h"
#include "model/location.h"

/* ----------------------------------------------------------- form header */

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

static void parse_languages(struct form_json_parser *p, const json_t *def)
{
	const json_t *a = form_json_member(p, def, "languages", true);
	struct form *f = p->f;
	size_t i, old, n;
	json_t *v;

	if (!a)
		return;
	old = form_json_push_key(p, "languages");
	if (!json_is_array(a) || !json_array_size(a)) {
		form_json_problem(
		    p, "expected a non-empty array of language codes such as [\"en\", "
		       "\"ru\"]");
		goto out;
	}
	n = json_array_size(a);
	if (n > FORM_LANGUAGES_MAX) {
		form_json_problem(p, "%zu languages: at most %d", n, FORM_LANGUAGES_MAX);
		goto out;
	}
	f->languages = arena_alloc(&f->arena, n * sizeof(char *));
	p->langs_ok = true;
	json_array_foreach(a, i, v)
	{
		size_t o2 = form_json_push(p, "[%zu]", i);
		if (!json_is_string(v) || !lang_code_valid(json_string_value(v))) {
			form_json_problem(
			    p,
			    "expected a language code of 2-3 lower-case letters (en, ru, "
			    "kk)");
			p->langs_ok = false;
		} else {
			for (size_t k = 0; k < f->nlanguages; k++)
				if (!strcmp(f->languages[k], json_string_value(v))) {
					form_json_problem(p, "\"%s\" is listed twice",
					                  f->languages[k]);
					p->langs_ok = false;
				}
			f->languages[f->nlanguages++] =
			    arena_strdup(&f->arena, json_string_value(v));
		}
		form_json_pop(p, o2);
	}
out:
	form_json_pop(p, old);
}

static void parse_header(struct form_json_parser *p, const json_t *def)
{
	struct form *f = p->f;
	const char *s;

	s = form_json_get_string(p, def, "code", true);
	if (s && !form_code_valid(s))
		form_json_problem_key(
		    p, "code", "\"%s\" must be 2-3 upper-case letters (OP, VO, PR)", s);
	f->code = s ? s : "";
	form_json_get_int(p, def, "version", true, 1, 1000000000, &f->version);
	s = form_json_get_string(p, def, "kind", true);
	if (s && !form_kind_parse(s, &f->kind))
		form_json_problem_key(
		    p, "kind", "\"%s\" is not one of checklist, incident, protocol", s);
	s = form_json_get_string(p, def, "phase", true);
	if (s && !form_phase_parse(s, &f->phase))
		form_json_problem_key(
		    p, "phase",
		    "\"%s\" is not one of opening, voting, counting, tabulation, any", s);
	s = form_json_get_string(p, def, "level", false);
	f->level = s ? location_level_canonical(s) : "station";
	if (!f->level || (strcmp(f->level, "station") && strcmp(f->level, "territory") &&
	                  strcmp(f->level, "district"))) {
		form_json_problem_key(
		    p, "level",
		    "\"%s\" is not a level where reports are made (station, "
		    "territory, district)",
		    s);
		f->level = "station";
	}
	parse_languages(p, def);
	form_json_parse_texts(p, def, "name", true, &f->name);
	form_json_parse_texts(p, def, "description", false, &f->description);
}

/* -------------------------------------------------------------- questions */

/* A question's "choice": the ballot line a per-mission question counts. */
static void parse_choice_ref(struct form_json_parser *p, const json_t *q,
                             struct form_question *fq)
{
	static const char *const keys[] = {"order", "code", "name", "kind", NULL};
	const json_t *c = form_json_member(p, q, "choice", false);
	struct ballot_choice *bc;
	const struct form_choices *ch = p->f->choices;
	struct err e;
	int64_t order = 0;
	size_t old;

	if (!c)
		return;
	old = form_json_push_key(p, "choice");
	if (!json_is_object(c)) {
		form_json_problem(p, "expected an object, found %s", form_json_kind(c));
		goto out;
	}
	form_json_check_keys(p, c, keys);
	bc = arena_alloc(&p->f->arena, sizeof(*bc));
	form_json_get_int(p, c, "order", true, 1, CHOICE_ORDER_MAX, &order);
	bc->order = (int)order;
	bc->code = form_json_get_string(p, c, "code", true);
	bc->name = form_json_get_string(p, c, "name", true);
	bc->kind = form_json_get_string(p, c, "kind", true);
	if (!order || !bc->code || !bc->name || !bc->kind)
		goto out;
	if (choice_validate(bc, &e)) {
		form_json_problem(p, "%s", e.msg);
		goto out;
	}
	fq->choice = bc;
	if (fq->type != QT_INTEGER)
		form_json_problem(p, "a ballot line must be an integer question");
	if (!ch) {
		form_json_problem(p, "the form declares no \"choices\"");
	} else if (!strcmp(bc->kind, "against_all")) {
		if (!ch->against_all_tag || strcmp(ch->against_all_tag, fq->tag))
			form_json_problem(
			    p, "the against_all line must have the tag choices."
			       "against_all_tag");
	} else {
		char want[EXPR_TAG_MAX + 16];
		snprintf(want, sizeof(want), "%s%d", ch->prefix, bc->order);
		if (strcmp(want, fq->tag))
			form_json_problem(p,
			                  "the line of order %d must have the tag \"%s\"",
			                  bc->order, want);
	}
out:
	form_json_pop(p, old);
}

static bool answers_allowed(enum question_type t)
{
	return t != QT_TEXT && t != QT_TIME;
}

/* "negative" or "critical": answers written as a submission would, kept as
 * canonical integers. */
static void parse_answer_list(struct form_json_parser *p, const json_t *q,
                              const char *key, struct form_question *fq,
                              const int64_t **out, size_t *n)
{
	const json_t *a = form_json_member(p, q, key, false);
	struct form_question one = *fq;
	int64_t *vals;
	size_t i, old;
	json_t *v;

	*out = NULL;
	*n = 0;
	if (!a)
		return;
	old = form_json_push_key(p, key);
	if (!answers_allowed(fq->type)) {
		form_json_problem(p, "%s questions have no negative or critical answers",
		                  question_type_str(fq->type));
		goto out;
	}
	if (!json_is_array(a)) {
		form_json_problem(p, "expected an array of answers, found %s",
		                  form_json_kind(a));
		goto out;
	}
	if (fq->type == QT_SELECT_MULTIPLE)
		one.type = QT_SELECT_ONE;
	vals = arena_alloc(&p->f->arena, (json_array_size(a) + 1) * sizeof(*vals));
	json_array_foreach(a, i, v)
	{
		json_t *c = NULL;
		struct err e;
		size_t o2 = form_json_push(p, "[%zu]", i);
		if (form_answer_normalise(&one, v, &c, &e))
			form_json_problem(p, "%s", e.msg);
		else if (!c)
			form_json_problem(p, "empty answer");
		else {
			int64_t x = json_integer_value(c);
			size_t k = 0;
			while (k < *n && vals[k] != x)
				k++;
			if (k < *n)
				form_json_problem(p, "listed twice");
			else
				vals[(*n)++] = x;
		}
		json_decref(c);
		form_json_pop(p, o2);
	}
	*out = vals;
out:
	form_json_pop(p, old);
}

static void parse_options(struct form_json_parser *p, const json_t *q,
                          struct form_question *fq)
{
	static const char *const keys[] = {"value", "text", NULL};
	const json_t *a = form_json_member(p, q, "options", false);
	struct form_option *opts;
	size_t i, old;
	json_t *o;
	bool select = fq->type == QT_SELECT_ONE || fq->type == QT_SELECT_MULTIPLE;

	if (!select) {
		if (a)
			form_json_problem_key(p, "options",
			                      "only select_one and select_multiple "
			                      "questions have options");
		return;
	}
	if (!a) {
		form_json_problem_key(p, "options", "missing (required for %s)",
		                      question_type_str(fq->type));
		return;
	}
	old = form_json_push_key(p, "options");
	if (!json_is_array(a) || !json_array_size(a) ||
	    json_array_size(a) > FORM_OPTIONS_MAX) {
		form_json_problem(p, "expected an array of 1 to %d options",
		                  FORM_OPTIONS_MAX);
		goto out;
	}
	opts = arena_alloc(&p->f->arena, json_array_size(a) * sizeof(*opts));
	json_array_foreach(a, i, o)
	{
		size_t o2 = form_json_push(p, "[%zu]", i);
		int64_t value = -1;
		if (!json_is_object(o)) {
			form_json_problem(
			    p,
			    "expected an object {\"value\": 1, \"text\": {...}}, "
			    "found %s",
			    form_json_kind(o));
			form_json_pop(p, o2);
			continue;
		}
		form_json_check_keys(p, o, keys);
		if (form_json_get_int(p, o, "value", true, 0, FORM_OPTION_MAX, &value))
			for (size_t k = 0; k < fq->noptions; k++)
				if (opts[k].value == value)
					form_json_problem_key(
					    p, "value",
					    "%lld is already the value of "
					    "another option",
					    (long long)value);
		opts[fq->noptions].value = value;
		form_json_parse_texts(p, o, "text", true, &opts[fq->noptions].text);
		if (value >= 0)
			fq->noptions++;
		form_json_pop(p, o2);
	}
	fq->options = opts;
out:
	form_json_pop(p, old);
}

static void parse_range(struct form_json_parser *p, const json_t *q,
                        struct form_question *fq)
{
	if (fq->type != QT_INTEGER) {
		if (json_object_get(q, "min"))
			form_json_problem_key(p, "min",
			                      "only integer questions have a range");
		if (json_object_get(q, "max"))
			form_json_problem_key(p, "max",
			                      "only integer questions have a range");
		return;
	}
	fq->min = 0;
	fq->max = FORM_INT_MAX;
	form_json_get_int(p, q, "min", false, -FORM_INT_LIMIT, FORM_INT_LIMIT, &fq->min);
	form_json_get_int(p, q, "max", false, -FORM_INT_LIMIT, FORM_INT_LIMIT, &fq->max);
	if (fq->min > fq->max)
		form_json_problem(p, "min %lld is greater than max %lld",
		                  (long long)fq->min, (long long)fq->max);
}

static void parse_question(struct form_json_parser *p, const json_t *q,
                           struct form_question *fq)
{
	static const char *const keys[] = {"tag",      "type",     "text",   "hint",
	                                   "required", "min",      "max",    "options",
	                                   "negative", "critical", "choice", NULL};
	const char *s;
	void *other;
	char key[EXPR_TAG_MAX + 1];

	memset(fq, 0, sizeof(*fq));
	if (!json_is_object(q)) {
		form_json_problem(p, "expected a question object, found %s",
		                  form_json_kind(q));
		fq->tag = "";
		return;
	}
	form_json_check_keys(p, q, keys);
	s = form_json_get_string(p, q, "tag", true);
	fq->tag = s ? s : "";
	if (s && !form_tag_valid(s))
		form_json_problem_key(
		    p, "tag",
		    "\"%s\" must be an ASCII letter followed by letters, digits or "
		    "_, at most %d characters, and not and/or/not",
		    s, EXPR_TAG_MAX);
	else if (s) {
		memcpy(key, s, strlen(s) + 1);
		text_lower(key);
		if (!strmap_add(&p->f->index, arena_strdup(&p->f->arena, key), fq,
		                &other))
			form_json_problem_key(
			    p, "tag",
			    "\"%s\" is already the tag of questions[%zu] (tags are "
			    "compared ignoring case)",
			    s,
			    (size_t)((const struct form_question *)other -
			             p->f->questions));
	}
	s = form_json_get_string(p, q, "type", true);
	if (s && !question_type_parse(s, &fq->type))
		form_json_problem_key(p, "type",
		                      "\"%s\" is not one of yesno, integer, select_one, "
		                      "select_multiple, text, time, rating",
		                      s);
	if (!s || !question_type_parse(s, &fq->type))
		fq->type = QT_TEXT; /* go on checking what does not depend on it */
	form_json_parse_texts(p, q, "text", true, &fq->text);
	form_json_parse_texts(p, q, "hint", false, &fq->hint);
	fq->required = form_json_get_bool(p, q, "required");
	parse_range(p, q, fq);
	parse_options(p, q, fq);
	parse_answer_list(p, q, "negative", fq, &fq->negative, &fq->nnegative);
	parse_answer_list(p, q, "critical", fq, &fq->critical, &fq->ncritical);
	parse_choice_ref(p, q, fq);
	if (!fq->choice && p->f->choices && s &&
	    (form_json_prefix_matches_ci(p->f->choices->prefix, fq->tag) ||
	     (p->f->choices->against_all_tag &&
	      text_ieq(p->f->choices->against_all_tag, fq->tag))))
		form_json_problem_key(
		    p, "tag", "\"%s\" is kept for the ballot lines (choices)", fq->tag);
}

static void parse_questions(struct form_json_parser *p, const json_t *def)
{
	const json_t *a = form_json_member(p, def, "questions", true);
	struct form_question *qs;
	size_t i, old, n;
	json_t *q;

	if (!a)
		return;
	old = form_json_push_key(p, "questions");
	n = json_is_array(a) ? json_array_size(a) : 0;
	if (!n || n > FORM_QUESTIONS_MAX) {
		form_json_problem(p, "expected an array of 1 to %d questions",
		                  FORM_QUESTIONS_MAX);
		goto out;
	}
	qs = arena_alloc(&p->f->arena, n * sizeof(*qs));
	p->f->questions = qs;
	json_array_foreach(a, i, q)
	{
		size_t o2 = form_json_push(p, "[%zu]", i);
		parse_question(p, q, &qs[i]);
		p->f->nquestions = i + 1;
		for (size_t k = 0; k < i && qs[i].choice; k++)
			if (qs[k].choice &&
			    !strcmp(qs[k].choice->code, qs[i].choice->code))
				form_json_problem(p,
				                  "choice code \"%s\" is already that of "
				                  "questions[%zu]",
				                  qs[i].choice->code, k);
		form_json_pop(p, o2);
	}
out:
	form_json_pop(p, old);
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
	struct form_json_parser p;
	struct form *f = xcalloc(1, sizeof(*f));

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.f = f;
	p.problems = problems;
	p.first = problems->n;
	strmap_init(&f->index);
	f->code = "";
	if (!json_is_object(def)) {
		form_json_problem(&p,
		                  "expected a form definition (a JSON object), found %s",
		                  form_json_kind(def));
		goto out;
	}
	form_json_check_keys(&p, def, keys);
	parse_header(&p, def);
	form_json_parse_choices(&p, def);
	parse_questions(&p, def);
	form_json_parse_checks(&p, def);
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
		form_json_add_problem(problems, "", msg);
		return ST_INVALID;
	}
	rc = form_parse_json(def, out, problems);
	json_decref(def);
	return rc;
}
