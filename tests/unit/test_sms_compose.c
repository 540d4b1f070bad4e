/* test_sms_compose.c - reports written as coded SMS and read back: for the
 * shipped forms (PR with a ballot) with answers as observers give them,
 * and for every form of the SMS tests with every question answered in
 * several ways, sms_parse() of the composed text gives the form, the
 * station, the same canonical answers and the comment.  Also what cannot
 * be written as an SMS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "ingest/sms_compose.h"
#include "ingest/sms_parse.h"
#include "sms_forms.h"

static struct sms_test_forms forms;

static int setup(void **state)
{
	sms_test_forms_load(&forms);
	return 0;
}

static int teardown(void **state)
{
	sms_test_forms_free(&forms);
	return 0;
}

/* The canonical answers of answers on f (form_answer_normalise()). */
static json_t *canonical(const struct form *f, const json_t *answers)
{
	json_t *out = json_object(), *canon, *v;
	const char *tag;
	struct err e;

	json_object_foreach((json_t *)answers, tag, v)
	{
		const struct form_question *q = form_question(f, tag);

		assert_non_null(q);
		assert_int_equal(form_answer_normalise(q, v, &canon, &e), ST_OK);
		if (canon)
			json_object_set_new(out, q->tag, canon);
	}
	return out;
}

/* Compose the report, read it back and compare.  comment is NULL for
 * none; for an incident the description is an answer, not a comment. */
static void round_trip(const struct form *f, const char *station, json_t *answers,
                       const char *comment)
{
	struct sms_forms by_code = {sms_test_by_code, &forms};
	json_t *want = canonical(f, answers);
	struct sms_reading r;
	char *text = NULL;
	struct err e;

	err_clear(&e);
	if (sms_compose(f, station, answers, comment, &text, &e))
		fail_msg("%s at %s: %s", f->code, station, e.msg);
	assert_int_equal(sms_parse(text, strlen(text), &by_code, "10:30", &r), ST_OK);
	if (r.nproblems)
		fail_msg("%s: problem %s at %zu", text,
		         sms_problem_kind_str(r.problems[0].kind), r.problems[0].pos);
	assert_ptr_equal(r.form, f);
	assert_string_equal(r.station, station);
	if (!json_equal(r.answers, want)) {
		char *got = json_dumps(r.answers, JSON_SORT_KEYS | JSON_COMPACT);
		char *exp = json_dumps(want, JSON_SORT_KEYS | JSON_COMPACT);

		fail_msg("%s\n  read     %s\n  expected %s", text, got, exp);
	}
	if (f->kind == FORM_INCIDENT || !comment || !*comment)
		assert_null(r.comment);
	else
		assert_string_equal(r.comment, comment);
	sms_reading_release(&r);
	json_decref(want);
	json_decref(answers);
	free(text);
}

static const struct form *form_named(const char *code)
{
	const struct form *f = sms_test_by_code(&forms, code);

	assert_non_null(f);
	return f;
}

static json_t *answers_of(const char *json)
{
	json_error_t err;
	json_t *j = json_loads(json, 0, &err);

	if (!j)
		fail_msg("%s: %s", json, err.text);
	return j;
}

/* ---------------------------------------------- as observers answer */

struct report_case {
	const char *form, *station;
	const char *answers; /* JSON, in spellings observers' tools send */
	const char *comment;
};

static const struct report_case reports[] = {
    {"OP", "15-0123",
     "{\"A\": \"yes\", \"B\": \"07:45\", \"C\": 1, \"D\": 1, \"E\": 1, \"F\": 1,"
     " \"G\": 1, \"H\": 0, \"I\": 0, \"J\": 1, \"K\": 0, \"Z\": 4}",
     "boxes sealed in front of us"},
    {"OP", "15-0123", "{\"B\": \"8:05\", \"H\": \"no\", \"Z\": 2}",
     "opened late # 20 min, queue outside"},
    {"OP", "УИК-592", "{\"B\": \"00:00\", \"Z\": 1}", "Комиссия не пустила нас"},
    {"VO", "15-0123",
     "{\"A\": 1, \"B\": 1, \"C\": 0, \"D\": 0, \"E\": 0, \"F\": 0, \"G\": 1,"
     " \"H\": 0, \"I\": 1, \"J\": 0, \"K\": 1, \"L\": 1, \"M\": 1840, \"N\": 912,"
     " \"Z\": 3}",
     NULL},
    {"VO", "15-0124", "{\"M\": 0, \"N\": 100000, \"Z\": 1}",
     "turnout figure from the chair"},
    {"CO", "15-0123",
     "{\"A\": 1, \"B\": 1, \"C\": 1, \"D\": 1, \"E\": 1, \"F\": 1, \"G\": 1,"
     " \"H\": 0, \"I\": 1, \"J\": 1, \"K\": 0, \"L\": 0, \"M\": 0, \"Z\": 4}",
     NULL},
    {"TA", "T-01",
     "{\"A\": 1, \"B\": 1, \"C\": 0, \"D\": 1, \"E\": 1, \"F\": 1, \"G\": 0,"
     " \"H\": 40, \"I\": 0, \"Z\": 4}",
     NULL},
    {"IN", "15-0123",
     "{\"A\": 1, \"B\": 3, \"C\": \"Two men put a bundle of ballots into box 2\","
     " \"D\": \"09:15\", \"E\": 1}",
     NULL},
    {"IN", "15-0123",
     "{\"A\": 12, \"C\": \"Подвоз избирателей автобусами #2\","
     " \"D\": \"23:59\"}",
     NULL},
    {"IN", "15-0124",
     "{\"A\": 4, \"C\": \"Voters paid at the entrance\", \"D\": \"10:30\"}",
     "a comment is left out when the description is given"},
    {"PR", "15-0123",
     "{\"A\": 1840, \"B\": 1900, \"C\": 30, \"D\": 1200, \"E\": 50, \"F\": 620,"
     " \"G\": 50, \"H\": 1230, \"I\": 20, \"J\": 1260, \"K\": 0, \"L\": 0,"
     " \"P1\": 700, \"P2\": 200, \"P3\": 100, \"P4\": 90, \"P5\": 80, \"P6\": 50,"
     " \"P7\": 30, \"AA\": 10}",
     NULL},
    {"PR", "15-0124",
     "{\"A\": 100000, \"B\": 0, \"C\": 0, \"D\": 0, \"E\": 0, \"F\": 0, \"G\": 0,"
     " \"H\": 0, \"I\": 0, \"J\": 0, \"K\": 0, \"L\": 0, \"P1\": 0, \"P2\": 10,"
     " \"P3\": 1, \"P4\": 0, \"P5\": 100000, \"P6\": 0, \"P7\": 0, \"AA\": 0}",
     "recount ordered"},
};

static void test_reports_read_back(void **state)
{
	for (size_t i = 0; i < sizeof(reports) / sizeof(*reports); i++) {
		const struct report_case *c = &reports[i];

		round_trip(form_named(c->form), c->station, answers_of(c->answers),
		           c->comment);
	}
}

/* ------------------------------------------- every question, generated */

/* The first text question of an incident form: its description. */
static const struct form_question *description(const struct form *f)
{
	for (size_t i = 0; f->kind == FORM_INCIDENT && i < f->nquestions; i++)
		if (f->questions[i].type == QT_TEXT)
			return &f->questions[i];
	return NULL;
}

/* A value for question i of f: variant 0 takes the largest values, 1 the
 * smallest, 2 values in between. */
static json_t *value_for(const struct form *f, size_t i, int variant)
{
	static const char *const times[] = {"23:59", "00:05", "12:30"};
	const struct form_question *q = &f->questions[i];
	const struct form_option *o = q->options;
	size_t n = q->noptions;
	json_t *list;

	switch (q->type) {
	case QT_YESNO:
		return json_integer((int)(i + (size_t)variant) % 2);
	case QT_INTEGER:
		return json_integer(variant == 0   ? q->max
		                    : variant == 1 ? q->min
		                                   : q->min + (q->max - q->min) / 3);
	case QT_SELECT_ONE:
		return json_integer(variant == 0   ? o[n - 1].value
		                    : variant == 1 ? o[0].value
		                                   : o[n / 2].value);
	case QT_SELECT_MULTIPLE:
		list = json_array();
		json_array_append_new(list,
		                      json_integer(o[variant == 0 ? n - 1 : 0].value));
		if (variant == 2 && n > 2)
			json_array_append_new(list, json_integer(o[n / 2].value));
		if (variant == 2 && n > 1)
			json_array_append_new(list, json_integer(o[n - 1].value));
		return list;
	case QT_RATING:
		return json_integer(1 + (int)(i + (size_t)variant) % 4);
	case QT_TIME:
		return json_string(times[variant]);
	case QT_TEXT:
		if (q != description(f))
			return NULL; /* not sent by SMS */
		return json_string(variant == 1 ? "x"
		                                : "Ballots found # in box 2, sealed");
	}
	return NULL;
}

static void test_every_question(void **state)
{
	for (size_t k = 0; k < forms.n; k++) {
		const struct form *f = forms.f[k];

		for (int variant = 0; variant < 3; variant++) {
			json_t *answers = json_object();

			for (size_t i = 0; i < f->nquestions; i++) {
				json_t *v = value_for(f, i, variant);
				if (v)
					json_object_set_new(answers, f->questions[i].tag,
					                    v);
			}
			round_trip(f, variant == 1 ? "T-01" : "15-0123", answers,
			           variant == 2 ? NULL : "all answered");
		}
	}
}

/* ------------------------------------------------ what cannot be sent */

static void test_refused(void **state)
{
	const struct form *xs = form_named("XS"), *op = form_named("OP");
	json_t *a;
	char *text = (char *)"unchanged";
	struct err e;

	/* A text question of a checklist has no way into an SMS. */
	a = answers_of("{\"A\": 1, \"W\": \"free text\", \"R\": 3}");
	assert_int_equal(sms_compose(xs, "15-0123", a, NULL, &text, &e), ST_UNSUPPORTED);
	assert_null(text);
	assert_non_null(strstr(e.msg, "W"));
	json_decref(a);
	/* Not a tag of the form. */
	a = answers_of("{\"A\": 1, \"Q9\": 3, \"Z\": 3}");
	assert_int_equal(sms_compose(op, "15-0123", a, NULL, &text, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "Q9"));
	json_decref(a);
	/* Not an answer to its question. */
	a = answers_of("{\"A\": 1, \"Z\": 7}");
	assert_int_equal(sms_compose(op, "15-0123", a, NULL, &text, &e), ST_INVALID);
	json_decref(a);
	/* Unanswered questions are left out. */
	a = answers_of("{\"A\": null, \"B\": \"\", \"Z\": 3}");
	assert_int_equal(sms_compose(op, "15-0123", a, NULL, &text, &e), ST_OK);
	assert_string_equal(text, "OP 15-0123 Z3");
	free(text);
	json_decref(a);
}

int test_sms_compose(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reports_read_back),
	    cmocka_unit_test(test_every_question),
	    cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests_name("sms_compose", tests, setup, teardown);
}
