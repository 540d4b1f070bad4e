/* fuzz_form.c - libFuzzer target for form definitions and validation.  An
 * even first byte: the rest is a definition, which if valid must round-trip
 * through form_to_json().  An odd one: the rest is answers checked against a
 * shipped form; canonical answers must be canonical and the status must
 * follow from the problems. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "model/form.h"
#include "model/forms_builtin.h"
#include "model/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void definition(const char *text, size_t len)
{
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f = NULL, *g = NULL;
	json_t *j, *k;

	if (form_parse(text, len, &f, &p)) {
		check(f == NULL);
		check(p.n >= 1 && p.n <= FORM_PROBLEMS_MAX + 1);
		for (size_t i = 0; i < p.n; i++) {
			check(p.v[i].path && p.v[i].message && p.v[i].message[0]);
			check(utf8_valid(p.v[i].path, strlen(p.v[i].path)));
			check(utf8_valid(p.v[i].message, strlen(p.v[i].message)));
		}
		form_problems_release(&p);
		return;
	}
	check(p.n == 0);
	j = form_to_json(f);
	check(form_parse_json(j, &g, &p) == ST_OK);
	k = form_to_json(g);
	check(json_equal(j, k));
	json_decref(j);
	json_decref(k);
	form_free(g);
	form_free(f);
}

/* A form with every type of question, and negative and critical answers. */
static const char every_type[] =
    "{\"code\": \"ET\", \"version\": 1, \"kind\": \"incident\", \"phase\": \"any\", "
    "\"languages\": [\"en\", \"ru\"], \"name\": {\"en\": \"E\", \"ru\": \"Е\"}, "
    "\"questions\": ["
    "{\"tag\": \"Y\", \"type\": \"yesno\", \"text\": {\"en\": \"Y\", \"ru\": \"Д\"}, "
    "\"negative\": [0], \"critical\": [1]},"
    "{\"tag\": \"N\", \"type\": \"integer\", \"text\": {\"en\": \"N\", \"ru\": \"Ч\"}, "
    "\"required\": true, \"min\": -50, \"max\": 50, \"negative\": [-1, 0]},"
    "{\"tag\": \"S\", \"type\": \"select_one\", \"text\": {\"en\": \"S\", \"ru\": "
    "\"С\"}, \"options\": [{\"value\": 0, \"text\": {\"en\": \"Zero\", \"ru\": "
    "\"Ноль\"}}, {\"value\": 7, \"text\": {\"en\": \"Seven\", \"ru\": \"Семь\"}}], "
    "\"critical\": [7]},"
    "{\"tag\": \"M\", \"type\": \"select_multiple\", \"text\": {\"en\": \"M\", \"ru\": "
    "\"М\"}, \"options\": [{\"value\": 1, \"text\": {\"en\": \"Police\", \"ru\": "
    "\"Полиция\"}}, {\"value\": 2, \"text\": {\"en\": \"Local officials\", \"ru\": "
    "\"Чиновники\"}}], \"negative\": [2], \"critical\": [1]},"
    "{\"tag\": \"T\", \"type\": \"text\", \"text\": {\"en\": \"T\", \"ru\": \"Т\"}},"
    "{\"tag\": \"H\", \"type\": \"time\", \"text\": {\"en\": \"H\", \"ru\": \"В\"}},"
    "{\"tag\": \"R\", \"type\": \"rating\", \"text\": {\"en\": \"R\", \"ru\": \"О\"}, "
    "\"negative\": [1, 2]}], "
    "\"checks\": [{\"id\": \"a\", \"expr\": \"N > 0 or has(M, 2) or answered(T) > 0\", "
    "\"severity\": \"flag\", \"message\": {\"en\": \"a\", \"ru\": \"а\"}}, "
    "{\"id\": \"b\", \"expr\": \"H < 20 * 60 and R + Y * S != 3\", \"severity\": "
    "\"reject\", \"message\": {\"en\": \"b\", \"ru\": \"б\"}}]}";

/* The shipped forms, PR with a ballot of three candidates and against
 * all, and every_type; parsed once and kept. */
static const struct form *shipped(size_t i)
{
	static struct form *forms[16];
	static const struct ballot_choice ballot[] = {
	    {1, "C1", "First", "candidate"},
	    {2, "C2", "Second", "candidate"},
	    {4, "C4", "Fourth", "candidate"},
	    {3, "AA", "Against all", "against_all"},
	};
	size_t n = forms_builtin_count();

	i %= n + 2;
	if (!forms[i]) {
		struct form_problems p = FORM_PROBLEMS_INIT;
		const char *code = forms_builtin_code(i < n ? i : 0);
		const char *text = i < n ? forms_builtin_json(code) : "";
		struct err e;
		if (i == n)
			text = forms_builtin_json("PR");
		else if (i == n + 1)
			text = every_type;
		check(form_parse(text, strlen(text), &forms[i], &p) == ST_OK);
		if (i == n) {
			struct form *pr = forms[i];
			check(form_apply_choices(pr, ballot, 4, &forms[i], &e) == ST_OK);
			form_free(pr);
		}
	}
	return forms[i];
}

static void submission(const struct form *f, const char *text, size_t len)
{
	json_t *answers = json_loadb(text, len, JSON_DECODE_ANY, NULL), *j;
	struct submission s = {.form = f->code, .answers = answers, .channel = "api"};
	struct validation v;
	enum status rc;
	bool error = false, flag = false;
	const char *tag;
	json_t *value;

	rc = validate_submission(f, &s, len % 2 ? "ru" : "en", &v);
	check((rc == ST_INVALID) == (v.status == VALIDATION_REFUSED));
	for (size_t i = 0; i < v.nproblems; i++) {
		const struct problem *p = &v.problems[i];
		error |= p->severity != PROBLEM_FLAG;
		flag |= p->severity == PROBLEM_FLAG;
		check(p->message && utf8_valid(p->message, strlen(p->message)));
		check((p->check != NULL) == (p->severity != PROBLEM_ERROR));
	}
	check(v.status == (error  ? VALIDATION_REFUSED
	                   : flag ? VALIDATION_FLAGGED
	                          : VALIDATION_NEW));
	json_object_foreach(v.answers, tag, value)
	{
		const struct form_question *q = form_question(f, tag);
		json_t *again = NULL;
		struct err e;
		check(q && !strcmp(q->tag, tag));
		check(form_answer_normalise(q, value, &again, &e) == ST_OK);
		check(again && json_equal(again, value));
		json_decref(again);
	}
	for (size_t i = 0; i < v.nalerts; i++)
		check(form_answer_critical(form_question(f, v.alerts[i].tag),
		                           json_object_get(v.answers, v.alerts[i].tag)));
	j = validation_to_json(&v);
	check(json_array_size(j) == v.nproblems);
	json_decref(j);
	j = validation_alerts_to_json(&v);
	check(json_array_size(j) == v.nalerts);
	json_decref(j);
	validation_release(&v);
	json_decref(answers);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	if (!(data[0] & 1))
		definition((const char *)data + 1, size - 1);
	else
		submission(shipped(data[1]), (const char *)data + 2, size - 2);
	return 0;
}
