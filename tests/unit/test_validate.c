/* test_validate.c - submissions checked against forms: normalisation of
 * every answer type, ranges, required answers, unknown tags, flag and
 * reject checks, not-applicable checks, critical alerts, negative answers,
 * and the problems as JSON. */
#include <string.h>

#include "test.h"
#include "core/alloc.h"
#include "model/forms_builtin.h"
#include "model/validate.h"

static struct form *builtin(const char *code)
{
	const char *text = forms_builtin_json(code);
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f = NULL;

	if (form_parse(text, strlen(text), &f, &p))
		fail_msg("%s: %s: %s", code, p.v[0].path, p.v[0].message);
	return f;
}

/* Validate answers (JSON text) on form f; the caller releases v. */
static enum status run(const struct form *f, const char *answers, const char *lang,
                       struct validation *v)
{
	json_t *a = json_loads(answers, JSON_DECODE_ANY, NULL);
	struct submission s = {.form = f->code,
	                       .station = "15-0001",
	                       .observer = "OBS-1",
	                       .answers = a,
	                       .channel = "api"};
	enum status rc;

	if (!a)
		fail_msg("bad JSON in test: %s", answers);
	rc = validate_submission(f, &s, lang, v);
	json_decref(a);
	return rc;
}

/* The canonical value of answer (JSON text) to question tag of f as JSON
 * text, or the error message prefixed by "!".  The caller frees it. */
static char *normal(const struct form *f, const char *tag, const char *answer)
{
	json_t *a = json_loads(answer, JSON_DECODE_ANY, NULL), *c = NULL;
	struct err e;
	char *out;

	assert_non_null(a);
	if (form_answer_normalise(form_question(f, tag), a, &c, &e))
		out = xasprintf("!%s", e.msg);
	else if (!c)
		out = xstrdup("(none)");
	else
		out = json_dumps(c, JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(a);
	json_decref(c);
	return out;
}

#define NORMAL(f, tag, answer, want)                                                     \
	do {                                                                             \
		char *got_ = normal(f, tag, answer);                                     \
		if (want[0] == '!' ? strncmp(got_, want, strlen(want))                   \
		                   : strcmp(got_, want))                                 \
			fail_msg("%s = %s: got %s, wanted %s", tag, answer, got_, want); \
		free(got_);                                                              \
	} while (0)

static void test_yesno(void **state)
{
	struct form *f = builtin("VO");

	NORMAL(f, "A", "true", "1");
	NORMAL(f, "A", "false", "0");
	NORMAL(f, "A", "1", "1");
	NORMAL(f, "A", "0", "0");
	NORMAL(f, "A", "\"1\"", "1");
	NORMAL(f, "A", "\"yes\"", "1");
	NORMAL(f, "A", "\" No \"", "0");
	NORMAL(f, "A", "\"Y\"", "1");
	NORMAL(f, "A", "\"да\"", "1");
	NORMAL(f, "A", "\"Да\"", "1");
	NORMAL(f, "A", "\"НЕТ\"", "0");
	NORMAL(f, "A", "\"иә\"", "1");
	NORMAL(f, "A", "\"жоқ\"", "0");
	NORMAL(f, "A", "null", "(none)");
	NORMAL(f, "A", "\"  \"", "(none)");
	NORMAL(f, "A", "2", "!expected yes or no");
	NORMAL(f, "A", "\"maybe\"", "!expected yes or no");
	NORMAL(f, "A", "[1]", "!expected a single value, found a list");
	NORMAL(f, "A", "{}", "!expected a single value, found an object");
	form_free(f);
}

static void test_integer(void **state)
{
	struct form *f = builtin("PR");

	NORMAL(f, "A", "1840", "1840");
	NORMAL(f, "A", "\"1840\"", "1840");
	NORMAL(f, "A", "\" 77 \"", "77");
	NORMAL(f, "A", "\"+5\"", "5");
	NORMAL(f, "A", "12.0", "12");
	NORMAL(f, "A", "0", "0");
	NORMAL(f, "A", "100000", "100000");
	NORMAL(f, "A", "100001", "!out of range: must be from 0 to 100000");
	NORMAL(f, "A", "-1", "!out of range: must be from 0 to 100000");
	NORMAL(f, "A", "\"-1\"", "!out of range: must be from 0 to 100000");
	NORMAL(f, "A", "12.5", "!expected a whole number");
	NORMAL(f, "A", "\"1e3\"", "!expected a whole number");
	NORMAL(f, "A", "\"12a\"", "!expected a whole number");
	NORMAL(f, "A", "\"1 000\"", "!expected a whole number");
	NORMAL(f, "A", "\"99999999999999999999\"", "!expected a whole number");
	NORMAL(f, "A", "true", "!expected a whole number");
	form_free(f);
}

static void test_selects(void **state)
{
	static const char multi[] =
	    "{\"code\": \"MU\", \"version\": 1, \"kind\": \"incident\", \"phase\": "
	    "\"any\", "
	    "\"languages\": [\"en\", \"ru\"], \"name\": {\"en\": \"M\", \"ru\": \"М\"}, "
	    "\"questions\": [{\"tag\": \"M\", \"type\": \"select_multiple\", \"text\": "
	    "{\"en\": \"M\", \"ru\": \"М\"}, \"options\": ["
	    "{\"value\": 1, \"text\": {\"en\": \"Police\", \"ru\": \"Полиция\"}},"
	    "{\"value\": 2, \"text\": {\"en\": \"Local officials\", \"ru\": "
	    "\"Чиновники\"}},"
	    "{\"value\": 3, \"text\": {\"en\": \"Party agents\", \"ru\": \"Агенты "
	    "партий\"}}],"
	    "\"negative\": [1], \"critical\": [\"party agents\"]}]}";
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f = builtin("IN"), *m;
	json_t *v;

	NORMAL(f, "A", "4", "4");
	NORMAL(f, "A", "\"4\"", "4");
	NORMAL(f, "A", "\"Vote buying\"", "4");
	NORMAL(f, "A", "\"vote  BUYING\"", "4");
	NORMAL(f, "A", "\"ПОДКУП ИЗБИРАТЕЛЕЙ\"", "4");
	NORMAL(f, "A", "13",
	       "!not one of the options: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12");
	NORMAL(f, "A", "\"bribes\"", "!not one of the options: 1, 2, 3");
	NORMAL(f, "A", "[4]", "!expected a single value, found a list");
	form_free(f);

	assert_int_equal(form_parse(multi, strlen(multi), &m, &p), ST_OK);
	NORMAL(m, "M", "[3, 1, 3]", "[1,3]");
	NORMAL(m, "M", "\"3 1\"", "[1,3]");
	NORMAL(m, "M", "\"2,3;1\"", "[1,2,3]");
	NORMAL(m, "M", "\"local officials\"", "[2]");
	NORMAL(m, "M", "[\"Police\", \"Агенты партий\"]", "[1,3]");
	NORMAL(m, "M", "2", "[2]");
	NORMAL(m, "M", "[]", "(none)");
	NORMAL(m, "M", "[1, 7]", "!not one of the options: 1, 2, 3");
	NORMAL(m, "M", "\"bribes\"", "!not one of the options: 1, 2, 3");
	NORMAL(m, "M", "\"police, bribes\"", "!not one of the options: 1, 2, 3");
	NORMAL(m, "M", "[\"1 2\", 3]", "[1,2,3]");
	NORMAL(m, "M", "[[1]]", "!expected option values, found a nested array");
	NORMAL(m, "M", "true", "!expected a list of option values");
	v = json_pack("[i, i]", 2, 3);
	assert_true(form_answer_critical(form_question(m, "M"), v));
	assert_false(form_answer_negative(form_question(m, "M"), v));
	{
		char *label = form_answer_label(form_question(m, "M"), v, "ru");
		assert_string_equal(label, "Чиновники, Агенты партий");
		free(label);
	}
	json_decref(v);
	form_free(m);
}

static void test_time_text_rating(void **state)
{
	struct form *f = builtin("IN"), *op = builtin("OP");
	char big[4100 + 3];

	NORMAL(f, "D", "\"7:05\"", "\"07:05\"");
	NORMAL(f, "D", "\"07:05:59\"", "\"07:05\"");
	NORMAL(f, "D", "\"07:45:00.000+05:00\"", "\"07:45\"");
	NORMAL(f, "D", "\"2024-03-17T19:58:00Z\"", "\"19:58\"");
	NORMAL(f, "D", "\"23:59\"", "\"23:59\"");
	NORMAL(f, "D", "\"24:00\"", "!expected a time of day HH:MM");
	NORMAL(f, "D", "\"07:60\"", "!expected a time of day HH:MM");
	NORMAL(f, "D", "\"7h05\"", "!expected a time of day HH:MM");
	NORMAL(f, "D", "\"2024-02-30T07:00\"", "!expected a time of day HH:MM");
	NORMAL(f, "D", "705", "!expected a time of day HH:MM");
	NORMAL(f, "C", "\"  Ballots were added.  \"", "\"Ballots were added.\"");
	NORMAL(f, "C", "12", "!expected text");
	memset(big, 'x', sizeof(big));
	big[0] = '"';
	big[sizeof(big) - 2] = '"';
	big[sizeof(big) - 1] = '\0';
	NORMAL(f, "C", big, "!longer than 4000 characters");
	NORMAL(op, "Z", "4", "4");
	NORMAL(op, "Z", "\"2\"", "2");
	NORMAL(op, "Z", "\"good\"", "3");
	NORMAL(op, "Z", "\"Very_Bad\"", "1");
	NORMAL(op, "Z", "\"очень хорошо\"", "4");
	NORMAL(op, "Z", "\"Плохо\"", "2");
	NORMAL(op, "Z", "\"өте жақсы\"", "4");
	NORMAL(op, "Z", "5",
	       "!expected a rating: 1 very bad, 2 bad, 3 good, 4 very good");
	NORMAL(op, "Z", "\"fine\"", "!expected a rating");
	form_free(op);
	form_free(f);
}

static const struct problem *find(const struct validation *v, const char *tag,
                                  const char *text)
{
	for (size_t i = 0; i < v->nproblems; i++)
		if (((!tag && !v->problems[i].tag) ||
		     (tag && v->problems[i].tag && !strcmp(tag, v->problems[i].tag))) &&
		    strstr(v->problems[i].message, text))
			return &v->problems[i];
	for (size_t i = 0; i < v->nproblems; i++)
		print_message("  %s: %s\n", v->problems[i].tag ? v->problems[i].tag : "-",
		              v->problems[i].message);
	fail_msg("no problem for %s with \"%s\"", tag ? tag : "(none)", text);
	return NULL;
}

static void test_errors_refuse(void **state)
{
	struct form *f = builtin("IN");
	struct validation v;
	const struct problem *p;

	assert_int_equal(run(f,
	                     "{\"a\": \"13\", \"B\": 2, \"ZZ\": 1, \"C\": \"Stuffing\", "
	                     "\"c\": \"again\", \"E\": \"perhaps\"}",
	                     NULL, &v),
	                 ST_INVALID);
	assert_int_equal(v.status, VALIDATION_REFUSED);
	p = find(&v, "ZZ", "unknown tag: form IN has no question \"ZZ\"");
	assert_int_equal(p->severity, PROBLEM_ERROR);
	assert_string_equal(p->value, "1");
	p = find(&v, "C", "answered twice (as \"C\" and \"c\")");
	assert_string_equal(p->value, "\"again\"");
	p = find(&v, "A", "not one of the options");
	assert_string_equal(p->value, "\"13\"");
	find(&v, "D", "required answer is missing");
	p = find(&v, "E", "expected yes or no");
	assert_int_equal(v.nproblems, 5);
	/* good answers are kept, in canonical form, under the form's tags */
	assert_int_equal(json_integer_value(json_object_get(v.answers, "B")), 2);
	assert_string_equal(json_string_value(json_object_get(v.answers, "C")),
	                    "Stuffing");
	assert_null(json_object_get(v.answers, "A"));
	validation_release(&v);

	/* not an object; wrong form */
	assert_int_equal(run(f, "[1, 2]", NULL, &v), ST_INVALID);
	find(&v, NULL, "expected an object of answers");
	validation_release(&v);
	{
		json_t *a = json_object();
		struct submission s = {.form = "OP", .answers = a};
		assert_int_equal(validate_submission(f, &s, NULL, &v), ST_INVALID);
		p = find(&v, NULL, "these answers are checked against form IN");
		assert_string_equal(p->field, "form");
		assert_string_equal(p->value, "\"OP\"");
		validation_release(&v);
		s.form = "in";
		s.answers = NULL;
		assert_int_equal(validate_submission(f, &s, NULL, &v), ST_INVALID);
		assert_int_equal(v.nproblems, 3); /* the required answers A, C, D */
		validation_release(&v);
		json_decref(a);
	}
	form_free(f);
}

static void test_accepted_and_alerts(void **state)
{
	struct form *f = builtin("VO");
	struct validation v;
	json_t *j;

	assert_int_equal(
	    run(f,
	        "{\"a\": \"yes\", \"B\": true, \"C\": 1, \"E\": \"да\", \"M\": "
	        "\"1840\", \"N\": 612, \"z\": \"bad\", \"I\": null}",
	        "ru", &v),
	    ST_OK);
	assert_int_equal(v.status, VALIDATION_NEW);
	assert_int_equal(v.nproblems, 0);
	j = json_loads(
	    "{\"A\": 1, \"B\": 1, \"C\": 1, \"E\": 1, \"M\": 1840, \"N\": 612, "
	    "\"Z\": 2}",
	    0, NULL);
	assert_true(json_equal(j, v.answers));
	json_decref(j);
	/* critical: E yes; negative: C yes, E yes, Z bad */
	assert_int_equal(v.nalerts, 1);
	assert_string_equal(v.alerts[0].tag, "E");
	assert_string_equal(v.alerts[0].value, "1");
	assert_string_equal(v.alerts[0].message,
	                    "Имелись признаки вброса бюллетеней: да");
	assert_int_equal(v.nnegative, 3);
	assert_string_equal(v.negative[0], "C");
	assert_string_equal(v.negative[1], "E");
	assert_string_equal(v.negative[2], "Z");
	j = validation_alerts_to_json(&v);
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(j, 0), "value")), 1);
	json_decref(j);
	validation_release(&v);

	/* the same alert in English; Z very good with stuffing is flagged */
	assert_int_equal(run(f, "{\"E\": true, \"Z\": 4}", "en", &v), ST_OK);
	assert_int_equal(v.status, VALIDATION_FLAGGED);
	assert_string_equal(v.alerts[0].message,
	                    "There were indications of ballot box stuffing: yes");
	assert_int_equal(v.nproblems, 1);
	assert_int_equal(v.problems[0].severity, PROBLEM_FLAG);
	assert_string_equal(v.problems[0].check, "rating_serious");
	assert_string_equal(v.problems[0].value, "{\"E\":1,\"Z\":4}");
	validation_release(&v);
	form_free(f);
}

static void test_negative_rule(void **state)
{
	struct form *f = builtin("CO");
	const struct form_question *z = form_question(f, "Z"), *h = form_question(f, "H");
	json_t *v[5];

	for (int i = 0; i < 5; i++)
		v[i] = json_integer(i);
	assert_true(form_answer_negative(z, v[1]));
	assert_true(form_answer_negative(z, v[2]));
	assert_false(form_answer_negative(z, v[3]));
	assert_false(form_answer_negative(z, v[4]));
	assert_false(form_answer_negative(z, NULL));
	assert_true(form_answer_negative(h, v[1]));
	assert_true(form_answer_critical(h, v[1]));
	assert_false(form_answer_critical(h, v[0]));
	assert_false(form_answer_critical(z, v[1]));
	for (int i = 0; i < 5; i++)
		json_decref(v[i]);
	form_free(f);
}

static void test_checks(void **state)
{
	static const char good[] =
	    "{\"A\": 2000, \"B\": 2000, \"C\": 100, \"D\": 1200, \"E\": 50, \"F\": 650, "
	    "\"G\": 50, \"H\": 1300, \"I\": 50, \"J\": 1300, \"K\": 0, \"L\": 0, "
	    "\"P1\": 1000, \"P2\": 200, \"AA\": 100}";
	static const struct ballot_choice ballot[] = {
	    {1, "C1", "First", "candidate"},
	    {2, "C2", "Second", "candidate"},
	    {3, "AA", "Against all", "against_all"},
	};
	struct form *pr = builtin("PR"), *f, *ta = builtin("TA");
	struct validation v;
	struct err e;
	json_t *j;

	assert_int_equal(form_apply_choices(pr, ballot, 3, &f, &e), ST_OK);
	assert_int_equal(run(f, good, NULL, &v), ST_OK);
	assert_int_equal(v.status, VALIDATION_NEW);
	validation_release(&v);

	/* stuffing-like figures: in boxes > issued, and valid != sum: flagged */
	assert_int_equal(
	    run(f,
	        "{\"A\": 2000, \"B\": 2000, \"C\": 100, \"D\": 1200, \"E\": 50, "
	        "\"F\": 650, \"G\": 50, \"H\": 1400, \"I\": 50, \"J\": 1400, "
	        "\"K\": 0, \"L\": 0, \"P1\": 1000, \"P2\": 200, \"AA\": 100}",
	        "en", &v),
	    ST_OK);
	assert_int_equal(v.status, VALIDATION_FLAGGED);
	assert_int_equal(v.nproblems, 2);
	assert_string_equal(v.problems[0].check, "valid_sum");
	assert_string_equal(v.problems[0].expr, "J == sum(P*, AA?)");
	assert_string_equal(v.problems[0].value,
	                    "{\"J\":1400,\"P1\":1000,\"P2\":200,\"AA\":100}");
	assert_string_equal(v.problems[1].check, "boxes_le_issued");
	assert_string_equal(
	    v.problems[1].message,
	    "More ballots were found in the boxes than were issued to voters");
	j = validation_to_json(&v);
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(j, 1), "severity")), "flag");
	assert_true(json_is_null(json_object_get(json_array_get(j, 1), "tag")));
	assert_int_equal(json_integer_value(json_object_get(
	                     json_object_get(json_array_get(j, 1), "value"), "H")),
	                 1400);
	json_decref(j);
	validation_release(&v);

	/* a missing line is an error, and the checks using it do not apply */
	assert_int_equal(
	    run(f,
	        "{\"A\": 2000, \"B\": 2000, \"C\": 100, \"D\": 1200, \"E\": 50, "
	        "\"F\": 650, \"G\": 50, \"H\": 1300, \"I\": 50, \"J\": 1300, "
	        "\"K\": 0, \"L\": 0, \"P1\": 1000, \"AA\": 100}",
	        NULL, &v),
	    ST_INVALID);
	assert_int_equal(v.nproblems, 1);
	find(&v, "P2", "required answer is missing");
	validation_release(&v);
	form_free(f);

	/* reject: more differing protocols than watched */
	assert_int_equal(run(ta, "{\"H\": 3, \"I\": 5, \"Z\": 2}", "ru", &v), ST_INVALID);
	assert_int_equal(v.status, VALIDATION_REFUSED);
	assert_int_equal(v.problems[0].severity, PROBLEM_REJECT);
	assert_string_equal(v.problems[0].check, "differing_le_watched");
	assert_non_null(strstr(v.problems[0].message, "Протоколов с расхождениями"));
	validation_release(&v);
	/* not applicable: H unanswered */
	assert_int_equal(run(ta, "{\"I\": 5, \"Z\": 2}", NULL, &v), ST_OK);
	assert_int_equal(v.status, VALIDATION_NEW);
	validation_release(&v);
	form_free(ta);
	form_free(pr);
}

static void test_caller_problems(void **state)
{
	struct form *f = builtin("OP");
	struct validation v;
	json_t *j, *p;

	assert_int_equal(run(f, "{\"Z\": 3}", NULL, &v), ST_OK);
	assert_int_equal(v.status, VALIDATION_NEW);
	validation_add_unknown(&v, "station", "15-9999");
	assert_int_equal(v.status, VALIDATION_REFUSED);
	validation_add(&v,
	               &(struct problem){.severity = PROBLEM_FLAG, .message = "late"});
	assert_int_equal(v.status, VALIDATION_REFUSED);
	j = validation_to_json(&v);
	p = json_array_get(j, 0);
	assert_true(json_is_null(json_object_get(p, "tag")));
	assert_string_equal(json_string_value(json_object_get(p, "field")), "station");
	assert_string_equal(json_string_value(json_object_get(p, "value")), "15-9999");
	assert_string_equal(json_string_value(json_object_get(p, "message")),
	                    "no such station in this mission");
	assert_string_equal(json_string_value(json_object_get(p, "severity")), "error");
	assert_null(json_object_get(p, "check"));
	json_decref(j);
	assert_string_equal(validation_status_str(v.status), "refused");
	assert_string_equal(validation_status_str(VALIDATION_FLAGGED), "flagged");
	assert_string_equal(problem_severity_str(PROBLEM_REJECT), "reject");
	validation_release(&v);

	/* only a flag added: still accepted, flagged */
	assert_int_equal(run(f, "{\"Z\": 3}", NULL, &v), ST_OK);
	validation_add(&v,
	               &(struct problem){.severity = PROBLEM_FLAG, .message = "late"});
	assert_int_equal(v.status, VALIDATION_FLAGGED);
	validation_release(&v);

	/* OP: late opening without a time is flagged; with a time it is not */
	assert_int_equal(run(f, "{\"A\": \"no\", \"Z\": 3}", NULL, &v), ST_OK);
	assert_int_equal(v.status, VALIDATION_FLAGGED);
	assert_string_equal(v.problems[0].check, "late_time");
	validation_release(&v);
	assert_int_equal(run(f, "{\"A\": \"no\", \"B\": \"8:10\", \"Z\": 3}", NULL, &v),
	                 ST_OK);
	assert_int_equal(v.status, VALIDATION_NEW);
	assert_string_equal(json_string_value(json_object_get(v.answers, "B")), "08:10");
	validation_release(&v);
	form_free(f);
}

int test_validate(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_yesno),
	    cmocka_unit_test(test_integer),
	    cmocka_unit_test(test_selects),
	    cmocka_unit_test(test_time_text_rating),
	    cmocka_unit_test(test_errors_refuse),
	    cmocka_unit_test(test_accepted_and_alerts),
	    cmocka_unit_test(test_negative_rule),
	    cmocka_unit_test(test_checks),
	    cmocka_unit_test(test_caller_problems),
	};
	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
