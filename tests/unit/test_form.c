/* test_form.c - form definitions: the shipped forms, every problem of a
 * bad definition with its JSON path, the JSON round trip, and the
 * per-mission protocol form made from a ballot's choices. */
#include <string.h>

#include "test.h"
#include "core/buf.h"
#include "model/form.h"
#include "model/forms_builtin.h"

static struct form *builtin(const char *code)
{
	const char *text = forms_builtin_json(code);
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f = NULL;

	assert_non_null(text);
	if (form_parse(text, strlen(text), &f, &p))
		fail_msg("%s: %s: %s", code, p.v[0].path, p.v[0].message);
	form_problems_release(&p);
	return f;
}

/* t has a non-empty text in en and in ru. */
static void en_ru(const struct form_texts *t, const char *what)
{
	bool en = false, ru = false;

	for (size_t i = 0; i < t->n; i++) {
		if (!t->text[i][0])
			fail_msg("%s: empty text", what);
		en |= !strcmp(t->lang[i], "en");
		ru |= !strcmp(t->lang[i], "ru");
	}
	if (!en || !ru)
		fail_msg("%s: no %s text", what, en ? "ru" : "en");
}

static const struct form_check *check_by_id(const struct form *f, const char *id)
{
	for (size_t i = 0; i < f->nchecks; i++)
		if (!strcmp(f->checks[i].id, id))
			return &f->checks[i];
	fail_msg("no check %s", id);
	return NULL;
}

static void test_shipped(void **state)
{
	static const char *const codes[] = {"CO", "IN", "OP", "PR", "TA", "VO"};

	assert_int_equal(forms_builtin_count(), 6);
	assert_null(forms_builtin_json("XX"));
	assert_null(forms_builtin_code(6));
	for (size_t i = 0; i < 6; i++) {
		struct form *f = builtin(codes[i]);
		json_t *back, *orig;
		struct form *again = NULL;
		struct form_problems p = FORM_PROBLEMS_INIT;
		assert_string_equal(forms_builtin_code(i), codes[i]);
		assert_string_equal(f->code, codes[i]);
		assert_int_equal(f->version, 1);
		en_ru(&f->name, "name");
		en_ru(&f->description, "description");
		for (size_t q = 0; q < f->nquestions; q++) {
			const struct form_question *fq = &f->questions[q];
			en_ru(&fq->text, fq->tag);
			if (fq->hint.n)
				en_ru(&fq->hint, fq->tag);
			for (size_t o = 0; o < fq->noptions; o++)
				en_ru(&fq->options[o].text, fq->tag);
		}
		for (size_t c = 0; c < f->nchecks; c++)
			en_ru(&f->checks[c].message, f->checks[c].id);
		if (f->kind == FORM_CHECKLIST) {
			const struct form_question *last =
			    &f->questions[f->nquestions - 1];
			assert_string_equal(last->tag, "Z");
			assert_int_equal(last->type, QT_RATING);
			assert_true(last->required);
			assert_int_equal(last->nnegative, 2);
		}
		/* the file is in the documented canonical format: it round-trips */
		orig = json_loads(forms_builtin_json(codes[i]), 0, NULL);
		back = form_to_json(f);
		assert_true(json_equal(orig, back));
		assert_int_equal(form_parse_json(back, &again, &p), ST_OK);
		json_decref(back);
		back = form_to_json(again);
		assert_true(json_equal(orig, back));
		json_decref(back);
		json_decref(orig);
		form_free(again);
		form_free(f);
	}
}

static void test_shipped_content(void **state)
{
	struct form *f = builtin("OP");

	assert_int_equal(f->kind, FORM_CHECKLIST);
	assert_int_equal(f->phase, FORM_PHASE_OPENING);
	assert_int_equal(form_question(f, "k")->ncritical, 1);
	form_free(f);
	f = builtin("IN");
	assert_int_equal(f->kind, FORM_INCIDENT);
	assert_int_equal(f->phase, FORM_PHASE_ANY);
	assert_int_equal(form_question(f, "A")->type, QT_SELECT_ONE);
	assert_string_equal(form_text(&form_question(f, "A")->options[0].text, "en"),
	                    "Ballot box stuffing");
	assert_int_equal(form_question(f, "D")->type, QT_TIME);
	form_free(f);
	f = builtin("PR");
	assert_int_equal(f->kind, FORM_PROTOCOL);
	assert_non_null(f->choices);
	assert_string_equal(f->choices->prefix, "P");
	assert_string_equal(f->choices->against_all_tag, "AA");
	assert_string_equal(expr_text(check_by_id(f, "ballots_balance")->expr),
	                    "B + L == C + D + E + F + K");
	assert_string_equal(expr_text(check_by_id(f, "boxes_balance")->expr),
	                    "G + H == I + J");
	assert_string_equal(expr_text(check_by_id(f, "valid_sum")->expr),
	                    "J == sum(P*, AA?)");
	assert_string_equal(expr_text(check_by_id(f, "boxes_le_issued")->expr),
	                    "G + H <= C + D + E");
	assert_string_equal(expr_text(check_by_id(f, "issued_le_voters")->expr),
	                    "C + D + E <= A");
	for (size_t i = 0; i < f->nquestions; i++) {
		assert_int_equal(f->questions[i].type, QT_INTEGER);
		assert_true(f->questions[i].required);
	}
	form_free(f);
}

/* problems holds one at path whose message contains text. */
static void has_problem(const struct form_problems *p, const char *path, const char *text)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].path, path) && strstr(p->v[i].message, text))
			return;
	for (size_t i = 0; i < p->n; i++)
		print_message("  %s: %s\n", p->v[i].path, p->v[i].message);
	fail_msg("no problem at %s with \"%s\"", path, text);
}

static void test_every_problem(void **state)
{
	static const char bad[] =
	    "{\"code\": \"op1\", \"version\": 0, \"kind\": \"survey\", \"phase\": "
	    "\"night\","
	    " \"languages\": [\"en\", \"ru\"], \"name\": {\"en\": \"X\", \"de\": \"Y\"},"
	    " \"colour\": \"red\","
	    " \"questions\": ["
	    "  {\"tag\": \"a\", \"type\": \"yesno\", \"text\": {\"en\": \"A?\"}, "
	    "\"requried\": true, \"negative\": [\"maybe\"]},"
	    "  {\"tag\": \"B\", \"type\": \"number\", \"text\": {\"en\": \"B\", \"ru\": "
	    "\"Б\"}},"
	    "  {\"tag\": \"A\", \"type\": \"integer\", \"text\": {\"en\": \"\", \"ru\": "
	    "\"А\"},"
	    " \"min\": 10, \"max\": 5},"
	    "  {\"tag\": \"S\", \"type\": \"select_one\", \"text\": {\"en\": \"S\", "
	    "\"ru\": \"С\"}},"
	    "  {\"tag\": \"M\", \"type\": \"select_multiple\", \"text\": {\"en\": \"M\", "
	    "\"ru\": \"М\"}, \"options\": [{\"value\": 1, \"text\": {\"en\": \"one\", "
	    "\"ru\": "
	    "\"один\"}}, {\"value\": 1, \"text\": {\"en\": \"uno\", \"ru\": \"уно\"}}]},"
	    "  {\"tag\": \"T\", \"type\": \"text\", \"text\": {\"en\": \"T\", \"ru\": "
	    "\"Т\"},"
	    " \"critical\": [\"x\"], \"max\": 3},"
	    "  {\"tag\": \"or\", \"type\": \"yesno\", \"text\": {\"en\": \"O\", \"ru\": "
	    "\"О\"}},"
	    "  \"question\""
	    " ],"
	    " \"checks\": ["
	    "  {\"id\": \"c1\", \"expr\": \"A == Q + 1\", \"severity\": \"flag\", "
	    "\"message\": "
	    "{\"en\": \"m\", \"ru\": \"м\"}},"
	    "  {\"id\": \"c1\", \"expr\": \"A ==\", \"severity\": \"warn\", \"message\": "
	    "{\"en\": \"m\", \"ru\": \"м\"}},"
	    "  {\"id\": \"c3\", \"expr\": \"T > 1 and answered(T) > 0 and b == 1\", "
	    "\"severity\": \"reject\", \"message\": {\"en\": \"m\", \"ru\": \"м\"}},"
	    "  {\"id\": \"c4\", \"expr\": \"sum(P*) == 1\", \"severity\": \"flag\"}"
	    " ]}";
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f = (struct form *)1;

	assert_int_equal(form_parse(bad, strlen(bad), &f, &p), ST_INVALID);
	assert_null(f);
	has_problem(&p, "code", "\"op1\" must be 2-3 upper-case letters");
	has_problem(&p, "version", "0 is out of range");
	has_problem(&p, "kind", "\"survey\" is not one of checklist, incident, protocol");
	has_problem(&p, "phase", "\"night\" is not one of opening");
	has_problem(&p, "colour", "unknown field");
	has_problem(&p, "name.de", "\"de\" is not one of the form's languages (en, ru)");
	has_problem(&p, "name", "no \"ru\" text");
	has_problem(&p, "questions[0].requried", "unknown field");
	has_problem(&p, "questions[0].text", "no \"ru\" text");
	has_problem(&p, "questions[0].negative[0]", "expected yes or no");
	has_problem(
	    &p, "questions[1].type",
	    "\"number\" is not one of yesno, integer, select_one, select_multiple, "
	    "text, time, rating");
	has_problem(&p, "questions[2].tag", "\"A\" is already the tag of questions[0]");
	has_problem(&p, "questions[2].text.en", "empty text");
	has_problem(&p, "questions[2]", "min 10 is greater than max 5");
	has_problem(&p, "questions[3].options", "missing (required for select_one)");
	has_problem(&p, "questions[4].options[1].value", "1 is already the value");
	has_problem(&p, "questions[5].critical", "text questions have no negative");
	has_problem(&p, "questions[5].max", "only integer questions have a range");
	has_problem(&p, "questions[6].tag", "not and/or/not");
	has_problem(&p, "questions[7]", "expected a question object, found a string");
	has_problem(&p, "checks[0].expr",
	            "column 6: \"Q\" is not a question of this form");
	has_problem(&p, "checks[1].expr", "column 5: expected a number");
	has_problem(&p, "checks[1].severity", "\"warn\" is not one of flag, reject");
	has_problem(&p, "checks[1].id", "\"c1\" is already the id of checks[0]");
	has_problem(&p, "checks[2].expr", "column 1: \"T\" is a text question");
	has_problem(&p, "checks[2].expr", "\"b\" is written \"B\" in this form");
	has_problem(&p, "checks[3].message", "missing (required)");
	has_problem(&p, "checks[3].expr", "no question of this form matches \"P*\"");
	/* answered(T) alone is fine: exactly one problem names T */
	{
		int t = 0;
		for (size_t i = 0; i < p.n; i++)
			t += strstr(p.v[i].message, "\"T\" is a text") != NULL;
		assert_int_equal(t, 1);
	}
	form_problems_release(&p);

	/* broken JSON: one problem with its position */
	assert_int_equal(form_parse("{\"code\": ", 9, &f, &p), ST_INVALID);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].path, "");
	assert_non_null(strstr(p.v[0].message, "line 1, column"));
	form_problems_release(&p);
	assert_int_equal(form_parse("[1]", 3, &f, &p), ST_INVALID);
	has_problem(&p, "", "expected a form definition (a JSON object), found an array");
	form_problems_release(&p);
	assert_int_equal(form_parse("{\"a\": 1, \"a\": 2}", 16, &f, &p), ST_INVALID);
	form_problems_release(&p);
}

static void test_problem_cap(void **state)
{
	struct buf b;
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f;

	buf_init(&b, BUF_NO_CAP);
	buf_appends(&b, "{\"questions\": [");
	for (int i = 0; i < FORM_QUESTIONS_MAX + 1; i++)
		buf_appendf(&b, "%s{\"tag\": 1}", i ? "," : "");
	buf_appends(&b, "]}");
	assert_int_equal(form_parse(b.ptr, b.len, &f, &p), ST_INVALID);
	has_problem(&p, "questions", "expected an array of 1 to");
	form_problems_release(&p);
	buf_reset(&b);
	buf_appends(&b, "{\"questions\": [");
	for (int i = 0; i < 400; i++)
		buf_appendf(&b, "%s{\"tag\": 1}", i ? "," : "");
	buf_appends(&b, "]}");
	assert_int_equal(form_parse(b.ptr, b.len, &f, &p), ST_INVALID);
	assert_int_equal(p.n, FORM_PROBLEMS_MAX + 1);
	has_problem(&p, "", "too many problems");
	form_problems_release(&p);
	buf_release(&b);
}

static const char small[] =
    "{\"code\": \"SM\", \"version\": 3, \"kind\": \"checklist\", \"phase\": \"any\", "
    "\"languages\": [\"ru\", \"en\"], \"name\": {\"en\": \"Small\", \"ru\": \"Малая\"}, "
    "\"questions\": ["
    " {\"tag\": \"Yes\", \"type\": \"yesno\", \"text\": {\"en\": \"Y\", \"ru\": \"Д\"}, "
    "\"negative\": [\"нет\"], \"critical\": [false]},"
    " {\"tag\": \"N\", \"type\": \"integer\", \"text\": {\"en\": \"N\", \"ru\": \"Ч\"}, "
    "\"required\": true, \"min\": -5, \"negative\": [\"-3\", 4]},"
    " {\"tag\": \"R\", \"type\": \"rating\", \"text\": {\"en\": \"R\", \"ru\": \"О\"}, "
    "\"negative\": [\"very bad\", \"плохо\"]},"
    " {\"tag\": \"M\", \"type\": \"select_multiple\", \"text\": {\"en\": \"M\", \"ru\": "
    "\"М\"}, \"hint\": {\"en\": \"h\", \"ru\": \"п\"}, \"options\": ["
    "  {\"value\": 5, \"text\": {\"en\": \"Five\", \"ru\": \"Пять\"}},"
    "  {\"value\": 0, \"text\": {\"en\": \"Zero\", \"ru\": \"Ноль\"}}], "
    "\"critical\": [\"five\"]}"
    "], \"checks\": [{\"id\": \"n-pos\", \"expr\": \"N >= 0 or answered(M) > 0\", "
    "\"severity\": \"reject\", \"message\": {\"ru\": \"м\", \"en\": \"m\"}}]}";

static void test_round_trip(void **state)
{
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f, *g;
	json_t *j, *k;
	const struct form_question *q;

	assert_int_equal(form_parse(small, strlen(small), &f, &p), ST_OK);
	assert_int_equal(p.n, 0);
	assert_string_equal(f->languages[0], "ru");
	assert_string_equal(form_text(&f->name, "en"), "Small");
	assert_string_equal(form_text(&f->name, "kk"), "Малая"); /* the first language */
	assert_string_equal(form_text(&f->name, NULL), "Малая");
	assert_null(form_question(f, "X"));
	q = form_question(f, "yes");
	assert_string_equal(q->tag, "Yes");
	assert_int_equal(q->nnegative, 1);
	assert_int_equal(q->negative[0], 0);
	assert_int_equal(q->critical[0], 0);
	q = form_question(f, "N");
	assert_int_equal(q->min, -5);
	assert_int_equal(q->max, FORM_INT_MAX);
	assert_int_equal(q->negative[0], -3);
	q = form_question(f, "r");
	assert_int_equal(q->negative[0], 1);
	assert_int_equal(q->negative[1], 2);
	assert_int_equal(form_question(f, "M")->critical[0], 5);
	assert_int_equal(f->checks[0].severity, CHECK_REJECT);

	j = form_to_json(f);
	assert_int_equal(form_parse_json(j, &g, &p), ST_OK);
	k = form_to_json(g);
	assert_true(json_equal(j, k));
	/* canonical values are written: "нет" became 0 */
	assert_int_equal(
	    json_integer_value(json_array_get(
	        json_object_get(json_array_get(json_object_get(k, "questions"), 0),
	                        "negative"),
	        0)),
	    0);
	json_decref(j);
	json_decref(k);
	form_free(g);
	form_free(f);
	form_free(NULL);
}

static void test_enums(void **state)
{
	enum form_kind k;
	enum form_phase ph;
	enum question_type t;
	enum check_severity s;

	assert_true(form_kind_parse("protocol", &k) && k == FORM_PROTOCOL);
	assert_false(form_kind_parse("Protocol", &k));
	assert_true(form_phase_parse("tabulation", &ph) && ph == FORM_PHASE_TABULATION);
	assert_true(question_type_parse("select_multiple", &t) &&
	            t == QT_SELECT_MULTIPLE);
	assert_true(check_severity_parse("reject", &s) && s == CHECK_REJECT);
	assert_string_equal(form_kind_str(FORM_INCIDENT), "incident");
	assert_string_equal(form_phase_str(FORM_PHASE_ANY), "any");
	assert_string_equal(question_type_str(QT_RATING), "rating");
	assert_string_equal(check_severity_str(CHECK_FLAG), "flag");
	assert_true(form_code_valid("PR"));
	assert_true(form_code_valid("ABC"));
	assert_false(form_code_valid("pr"));
	assert_false(form_code_valid("P"));
	assert_false(form_code_valid("ABCD"));
	assert_true(form_tag_valid("P12"));
	assert_true(form_tag_valid("received_total"));
	assert_false(form_tag_valid("1P"));
	assert_false(form_tag_valid("_A"));
	assert_false(form_tag_valid("NOT"));
	assert_false(form_tag_valid("Б"));
	assert_string_equal(form_rating_word(4, "ru"), "очень хорошо");
	assert_string_equal(form_rating_word(1, "xx"), "very bad");
	assert_null(form_rating_word(5, "en"));
}

static const struct ballot_choice seven[] = {
    {1, "C1", "Kassym-Jomart Tokayev", "candidate"},
    {2, "C2", "Amirzhan Kosanov", "candidate"},
    {8, "AA", "Against all", "against_all"},
    {3, "C3", "Daniya Yespayeva", "candidate"},
    {4, "C4", "Toleutai Rakhimbekov", "candidate"},
    {5, "C5", "Amangeldy Taspikhov", "candidate"},
    {6, "C6", "Sadybek Tugel", "candidate"},
    {7, "C7", "Zhambyl Akhmetbekov", "candidate"},
};

/* The PR form's figures: lines A..L consistent with valid ballots J. */
static json_t *protocol(int64_t valid)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	                 "A", (json_int_t)2000, "B", (json_int_t)2000, "C",
	                 (json_int_t)100, "D", (json_int_t)1200, "E", (json_int_t)50, "F",
	                 (json_int_t)650, "G", (json_int_t)50, "H", (json_int_t)1300, "I",
	                 (json_int_t)(1350 - valid), "J", (json_int_t)valid, "K",
	                 (json_int_t)0, "L", (json_int_t)0);
}

static void test_choices_seven(void **state)
{
	struct form *pr = builtin("PR"), *f = NULL, *again = NULL;
	const struct form_check *valid;
	struct err e;
	json_t *a;
	char tag[8];

	assert_int_equal(form_apply_choices(pr, seven, 8, &f, &e), ST_OK);
	assert_int_equal(f->nquestions, 12 + 8);
	for (int i = 0; i < 7; i++) {
		const struct form_question *q = &f->questions[12 + i];
		snprintf(tag, sizeof(tag), "P%d", i + 1);
		assert_string_equal(q->tag, tag);
		assert_int_equal(q->type, QT_INTEGER);
		assert_true(q->required);
		assert_int_equal(q->max, 100000);
		assert_int_equal(q->choice->order, i + 1);
		assert_string_equal(q->choice->kind, "candidate");
	}
	assert_string_equal(form_text(&f->questions[12].text, "en"),
	                    "Votes for Kassym-Jomart Tokayev");
	assert_string_equal(form_text(&f->questions[12].text, "ru"),
	                    "Число голосов за Kassym-Jomart Tokayev");
	assert_string_equal(f->questions[19].tag, "AA");
	assert_string_equal(f->questions[19].choice->code, "AA");
	assert_string_equal(form_text(&f->questions[19].text, "en"), "Votes against all");

	valid = check_by_id(f, "valid_sum");
	a = protocol(1300);
	for (int i = 1; i <= 7; i++) {
		snprintf(tag, sizeof(tag), "P%d", i);
		json_object_set_new(a, tag, json_integer(100 * i));
	}
	json_object_set_new(a, "AA", json_integer(0));
	assert_int_equal(expr_check(valid->expr, a), EXPR_FAIL);
	json_object_set_new(a, "J", json_integer(2800 + 100));
	json_object_set_new(a, "AA", json_integer(100));
	assert_int_equal(expr_check(valid->expr, a), EXPR_PASS);
	json_object_set_new(a, "P3", json_integer(299));
	assert_int_equal(expr_check(valid->expr, a), EXPR_FAIL);
	json_object_del(a, "P3");
	assert_int_equal(expr_check(valid->expr, a), EXPR_NA);
	json_decref(a);

	/* applying again replaces the lines; the JSON round-trips */
	assert_int_equal(form_apply_choices(f, seven, 3, &again, &e), ST_OK);
	assert_int_equal(again->nquestions, 12 + 3);
	assert_string_equal(again->questions[13].tag, "P2");
	assert_string_equal(again->questions[14].tag, "AA");
	assert_null(form_question(again, "P3"));
	form_free(again);
	{
		struct form_problems p = FORM_PROBLEMS_INIT;
		json_t *j = form_to_json(f), *k;
		assert_int_equal(form_parse_json(j, &again, &p), ST_OK);
		k = form_to_json(again);
		assert_true(json_equal(j, k));
		json_decref(j);
		json_decref(k);
		form_free(again);
	}
	form_free(f);
	form_free(pr);
}

static void test_choices_two_parties(void **state)
{
	static const struct ballot_choice two[] = {
	    {2, "AJ", "Ak Zhol", "party"},
	    {1, "AM", "Amanat", "party"},
	};
	struct form *pr = builtin("PR"), *f = NULL;
	const struct form_check *valid;
	struct err e;
	json_t *a;

	assert_int_equal(form_apply_choices(pr, two, 2, &f, &e), ST_OK);
	assert_int_equal(f->nquestions, 14);
	assert_string_equal(f->questions[12].tag, "P1");
	assert_string_equal(f->questions[12].choice->name, "Amanat");
	assert_string_equal(f->questions[13].tag, "P2");
	assert_null(form_question(f, "AA"));
	valid = check_by_id(f, "valid_sum");
	a = protocol(1300);
	json_object_set_new(a, "P1", json_integer(1000));
	json_object_set_new(a, "P2", json_integer(300));
	assert_int_equal(expr_check(valid->expr, a), EXPR_PASS);
	/* an AA sent anyway is not a line of this form and does not count */
	json_object_set_new(a, "AA", json_integer(5));
	assert_int_equal(expr_check(valid->expr, a), EXPR_PASS);
	json_object_set_new(a, "P2", json_integer(299));
	assert_int_equal(expr_check(valid->expr, a), EXPR_FAIL);
	json_decref(a);
	form_free(f);

	/* without choices the lines are unknown: the check does not apply */
	valid = check_by_id(pr, "valid_sum");
	a = protocol(1300);
	assert_int_equal(expr_check(valid->expr, a), EXPR_NA);
	json_decref(a);
	assert_int_equal(form_apply_choices(pr, NULL, 0, &f, &e), ST_OK);
	assert_int_equal(f->nquestions, 12);
	form_free(f);
	form_free(pr);
}

static void test_choice_errors(void **state)
{
	struct ballot_choice c[3] = {
	    {1, "A1", "Alpha", "candidate"},
	    {2, "B2", "Beta", "candidate"},
	    {3, "X", "Against all", "against_all"},
	};
	struct form *pr = builtin("PR"), *op = builtin("OP"), *f = NULL;
	struct err e;

	assert_int_equal(choice_list_validate(c, 3, &e), ST_OK);
	assert_true(choice_kind_valid("party"));
	assert_false(choice_kind_valid("Party"));
	c[1].order = 1;
	assert_int_equal(form_apply_choices(pr, c, 3, &f, &e), ST_INVALID);
	assert_null(f);
	assert_string_equal(e.msg, "choice 2: order 1 is already used by \"A1\"");
	c[1].order = 2;
	c[1].kind = "against_all";
	assert_int_equal(choice_list_validate(c, 3, &e), ST_INVALID);
	assert_string_equal(e.msg, "choice 3: a ballot has at most one against_all");
	c[1].kind = "president";
	assert_int_equal(choice_list_validate(c, 3, &e), ST_INVALID);
	assert_string_equal(e.msg,
	                    "choice 2: kind: \"president\" is not one of candidate, "
	                    "party, against_all");
	c[1].kind = "candidate";
	c[1].code = "A1";
	assert_int_equal(choice_list_validate(c, 3, &e), ST_INVALID);
	assert_string_equal(e.msg, "choice 2: code \"A1\" is used twice");
	c[1].code = "B2";
	c[1].order = 0;
	assert_int_equal(choice_list_validate(c, 3, &e), ST_INVALID);
	assert_string_equal(e.msg, "choice 2: order: 0 is not between 1 and 999");
	c[1].order = 2;
	c[1].name = "";
	assert_int_equal(choice_list_validate(c, 3, &e), ST_INVALID);
	c[1].name = "Beta";
	assert_int_equal(form_apply_choices(op, c, 3, &f, &e), ST_INVALID);
	assert_string_equal(e.msg, "form OP declares no ballot choices");
	form_free(op);
	form_free(pr);
}

static void test_choice_rules_in_definitions(void **state)
{
	static const char *const bad[] = {
	    /* a check naming a ballot line directly in the template */
	    "{\"code\": \"PX\", \"version\": 1, \"kind\": \"protocol\", \"phase\": "
	    "\"counting\", "
	    "\"languages\": [\"en\"], \"name\": {\"en\": \"P\"}, \"questions\": "
	    "[{\"tag\": "
	    "\"J\", \"type\": \"integer\", \"text\": {\"en\": \"J\"}}], \"checks\": "
	    "[{\"id\": "
	    "\"v\", \"expr\": \"J == P1 + P2\", \"severity\": \"flag\", \"message\": "
	    "{\"en\": "
	    "\"m\"}}], \"choices\": {\"prefix\": \"P\", \"text\": {\"en\": \"{name}\"}}}",
	    /* a question taking a ballot line's tag */
	    "{\"code\": \"PX\", \"version\": 1, \"kind\": \"protocol\", \"phase\": "
	    "\"counting\", "
	    "\"languages\": [\"en\"], \"name\": {\"en\": \"P\"}, \"questions\": "
	    "[{\"tag\": "
	    "\"p3\", \"type\": \"integer\", \"text\": {\"en\": \"J\"}}], \"choices\": "
	    "{\"prefix\": \"P\", \"against_all_tag\": \"P7\", \"text\": {\"en\": "
	    "\"{name}\"}}}",
	};
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f;

	assert_int_equal(form_parse(bad[0], strlen(bad[0]), &f, &p), ST_INVALID);
	has_problem(
	    &p, "checks[0].expr",
	    "column 6: \"P1\" is a ballot line, which exists only once a mission's "
	    "choices are applied: write P* (or P1?) instead");
	form_problems_release(&p);
	assert_int_equal(form_parse(bad[1], strlen(bad[1]), &f, &p), ST_INVALID);
	has_problem(&p, "questions[0].tag", "\"p3\" is kept for the ballot lines");
	has_problem(&p, "choices.against_all_tag", "not the prefix followed by digits");
	has_problem(&p, "choices.against_all_text", "missing (required)");
	form_problems_release(&p);
}

int test_form(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped),
	    cmocka_unit_test(test_shipped_content),
	    cmocka_unit_test(test_every_problem),
	    cmocka_unit_test(test_problem_cap),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_enums),
	    cmocka_unit_test(test_choices_seven),
	    cmocka_unit_test(test_choices_two_parties),
	    cmocka_unit_test(test_choice_errors),
	    cmocka_unit_test(test_choice_rules_in_definitions),
	};
	return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}
