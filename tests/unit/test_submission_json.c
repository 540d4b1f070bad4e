/* test_submission_json.c - canonical submissions read from JSON (one
 * object, arrays, JSON lines) and from CSV of paper forms: malformed input
 * with line and column, field checks, records kept apart; and stored
 * reports written as JSON. */
#include <string.h>

#include "ingest/csv.h"
#include "ingest/submission_csv.h"
#include "ingest/submission_json.h"
#include "test.h"

static enum status parse(const char *text, struct submission_batch *b, struct err *e)
{
	*b = (struct submission_batch)SUBMISSION_BATCH_INIT;
	err_clear(e);
	return submission_batch_parse(text, strlen(text), b, e);
}

static void test_one_object(void **state)
{
	struct submission_batch b;
	struct err e;

	assert_int_equal(
	    parse("\xEF\xBB\xBF  {\"id\": \"r1\", \"form\": \"OP\", \"station\": "
	          "\"S1\",\n \"observer\": \"A\", \"observed_at\": null,"
	          " \"answers\": {\"A\": 1}, \"comment\": \"ok\","
	          " \"replaces\": null}\n",
	          &b, &e),
	    ST_OK);
	assert_int_equal(b.format, SUBMISSION_OBJECT);
	assert_int_equal(b.n, 1);
	assert_null(b.v[0].error);
	assert_string_equal(b.v[0].sub.client_id, "r1");
	assert_string_equal(b.v[0].sub.form, "OP");
	assert_string_equal(b.v[0].sub.station, "S1");
	assert_string_equal(b.v[0].sub.observer, "A");
	assert_string_equal(b.v[0].sub.comment, "ok");
	assert_null(b.v[0].sub.observed_at);
	assert_null(b.v[0].sub.replaces);
	assert_null(b.v[0].sub.channel);
	assert_int_equal(json_integer_value(json_object_get(b.v[0].sub.answers, "A")), 1);
	submission_batch_release(&b);
}

static void test_array_and_lines(void **state)
{
	struct submission_batch b;
	struct err e;

	assert_int_equal(
	    parse("[\n  {\"form\": \"OP\"},\n  {\"form\": \"VO\"}\n,{\"form\": "
	          "\"CO\"}]",
	          &b, &e),
	    ST_OK);
	assert_int_equal(b.format, SUBMISSION_ARRAY);
	assert_int_equal(b.n, 3);
	assert_int_equal(b.v[0].line, 2);
	assert_int_equal(b.v[1].line, 3);
	assert_int_equal(b.v[2].line, 4);
	assert_int_equal(b.v[2].index, 3);
	assert_string_equal(b.v[2].sub.form, "CO");
	submission_batch_release(&b);

	assert_int_equal(parse("{\"form\": \"OP\"}\n\n{\"form\": \"VO\"}\r\n{\"form\": "
	                       "\"CO\"} {\"form\": \"TA\"}\n",
	                       &b, &e),
	                 ST_OK);
	assert_int_equal(b.format, SUBMISSION_LINES);
	assert_int_equal(b.n, 4);
	assert_int_equal(b.v[1].line, 3);
	assert_int_equal(b.v[2].line, 4);
	assert_int_equal(b.v[3].line, 4);
	assert_string_equal(b.v[3].sub.form, "TA");
	submission_batch_release(&b);
}

static void test_malformed(void **state)
{
	const char *cases[][2] = {
	    {"{\"form\": \"OP\",\n \"station\": tru}",
	     "line 2, column 15: invalid token"},
	    {"{\"form\": \"OP\"}\n{\"form\": \"VO\"}\n{\"form\" \"CO\"}\n",
	     "line 3, column "},
	    {"{\"a\": 1}\n  {\"form\": \"OP\", \"form\": \"VO\"}",
	     "line 2, column 23: duplicate object key"},
	    {"[{\"form\": \"OP\"}, 5]", "line 1, column 18: record 2: a report must be"},
	    {"[{\"form\": \"OP\"}\n {\"form\": \"VO\"}]",
	     "line 2, column 2: expected ',' or ']' after record 1"},
	    {"[{\"form\": \"OP\"},\n {\"form\": ]", "line 2, column 11: record 2: "},
	    {"[]", "no reports"},
	    {"[{\"form\": \"OP\"}] x", "unexpected text after the array"},
	    {"", "the input is empty"},
	    {"  \n ", "the input is empty"},
	    {"\"OP\"", "line 1, column 1: expected a report"},
	    {"{\"form\": \"OP\"} 12", "line 1, column 16: expected a report"},
	    {"{\"comment\": \"caf\xC3\"}", "line 1, column "},
	};
	struct submission_batch b;
	struct err e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i][0], &b, &e), ST_INVALID);
		if (!strstr(e.msg, cases[i][1]))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, cases[i][1]);
		assert_int_equal(b.n, 0);
		submission_batch_release(&b);
	}
}

static void test_field_errors(void **state)
{
	struct submission_batch b;
	struct err e;
	json_t *p;

	assert_int_equal(parse("{\"form\": \"OP\", \"station\": \"S1\"}\n"
	                       "{\"form\": 1, \"station\": [\"S1\"], \"answers\": [1],"
	                       " \"stn\": \"x\", \"id\": \"\"}\n",
	                       &b, &e),
	                 ST_OK);
	assert_int_equal(b.n, 2);
	assert_null(b.v[0].error);
	assert_non_null(b.v[1].error);
	assert_non_null(
	    strstr(b.v[1].error, "field \"form\" must be a string, not a number"));
	assert_non_null(strstr(b.v[1].error, "field \"station\" must be a string"));
	assert_non_null(strstr(b.v[1].error, "field \"answers\" must be an object"));
	assert_non_null(strstr(b.v[1].error, "unknown field \"stn\""));
	assert_non_null(strstr(b.v[1].error, "field \"id\" must be 1 to"));
	assert_int_equal(json_array_size(b.v[1].problems), 5);
	p = json_array_get(b.v[1].problems, 0);
	assert_string_equal(json_string_value(json_object_get(p, "field")), "stn");
	assert_string_equal(json_string_value(json_object_get(p, "severity")), "error");
	assert_null(b.v[1].sub.form);
	submission_batch_release(&b);

	/* An unknown key cut in its message is cut between characters (found
	 * by fuzz_submission_json: a cut inside "и" made the problem vanish). */
	assert_int_equal(
	    parse("{\"UUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUD"
	          "\xD0\xB8\": 1}",
	          &b, &e),
	    ST_OK);
	assert_non_null(b.v[0].error);
	assert_int_equal(json_array_size(b.v[0].problems), 1);
	submission_batch_release(&b);

	/* One object straight from text, as the API reads it. */
	{
		json_t *root = NULL;
		struct submission sub;
		assert_int_equal(submission_json_load("{\"form\":\n  OP}", 14, &root, &e),
		                 ST_INVALID);
		assert_non_null(strstr(e.msg, "line 2, column 4: invalid token"));
		assert_int_equal(submission_json_load("[1]", 3, &root, &e), ST_OK);
		assert_int_equal(submission_from_json(root, &sub, NULL, &e), ST_INVALID);
		assert_non_null(strstr(e.msg, "must be a JSON object, not an array"));
		json_decref(root);
	}
}

static void test_csv_rows(void **state)
{
	const char ok[] = "ID,Form,station,observer,observed_at,A,b,D,comment\r\n"
	                  "p1,OP,S1,A,2023-03-19T08:00,yes,,1;3,\"a, b\"\r\n"
	                  "\n"
	                  "p2,OP,S2,B,,0,12,,\r\n";
	struct submission_batch b = SUBMISSION_BATCH_INIT;
	struct csv_reader r;
	struct err e;

	csv_open_mem(&r, ok, strlen(ok));
	assert_int_equal(submission_csv_read(&r, &b, &e), ST_OK);
	csv_close(&r);
	assert_int_equal(b.format, SUBMISSION_CSV);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.v[0].line, 2);
	assert_int_equal(b.v[1].line, 4);
	assert_string_equal(b.v[0].sub.client_id, "p1");
	assert_string_equal(b.v[0].sub.comment, "a, b");
	assert_string_equal(json_string_value(json_object_get(b.v[0].sub.answers, "D")),
	                    "1;3");
	/* Empty cells are not answered. */
	assert_null(json_object_get(b.v[0].sub.answers, "b"));
	assert_string_equal(json_string_value(json_object_get(b.v[1].sub.answers, "b")),
	                    "12");
	assert_null(b.v[1].sub.observed_at);
	submission_batch_release(&b);

	const char *bad[][2] = {
	    {"", "the file is empty"},
	    {"form,station,A\nOP,S1,1\n", "missing: observer"},
	    {"form,station,observer,A,a\nOP,S1,A,1,1\n", "column \"a\" is given twice"},
	    {"form,station,observer,observed at\n",
	     "\"observed at\" (field 4) is neither"},
	    {"form,station,observer,answers\n", "one column per question tag"},
	    {"form,station,observer,A\nOP,S1,A\n",
	     "line 2: 3 fields, but the header has 4"},
	    {"form,station,observer,A\nOP,S1,A,\"1\n", "line 2, column 9:"},
	    {"form,station,observer,A\n", "no rows"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = (struct submission_batch)SUBMISSION_BATCH_INIT;
		err_clear(&e);
		csv_open_mem(&r, bad[i][0], strlen(bad[i][0]));
		assert_int_not_equal(submission_csv_read(&r, &b, &e), ST_OK);
		csv_close(&r);
		if (!strstr(e.msg, bad[i][1]))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, bad[i][1]);
		assert_int_equal(b.n, 0);
		submission_batch_release(&b);
	}
}

static void test_stored_to_json(void **state)
{
	struct stored_submission s = {.id = 7,
	                              .client_id = "r1",
	                              .form = "OP",
	                              .form_version = 2,
	                              .station = "S1",
	                              .observer = "A",
	                              .received_at = "2023-03-19T08:00:00Z",
	                              .channel = "csv",
	                              .answers = "{\"A\":1}",
	                              .problems = "[{\"check\":\"c\"}]",
	                              .status = "rejected",
	                              .version = 2,
	                              .supersedes = 5,
	                              .reviewed_by = "cli:clerk",
	                              .reviewed_at = "2023-03-19T09:00:00Z",
	                              .review_note = "wrong station"};
	json_t *j = stored_submission_to_json(&s), *r;

	assert_int_equal(json_integer_value(json_object_get(j, "id")), 7);
	assert_string_equal(json_string_value(json_object_get(j, "client_id")), "r1");
	assert_true(json_is_null(json_object_get(j, "replaces")));
	assert_int_equal(json_integer_value(json_object_get(j, "form_version")), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "supersedes")), 5);
	assert_true(json_is_null(json_object_get(j, "superseded_by")));
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(j, "answers"), "A")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "problems")), 1);
	r = json_object_get(j, "review");
	assert_string_equal(json_string_value(json_object_get(r, "by")), "cli:clerk");
	assert_string_equal(json_string_value(json_object_get(r, "note")),
	                    "wrong station");
	json_decref(j);

	s.reviewed_by = s.reviewed_at = s.review_note = NULL;
	s.problems = NULL;
	j = stored_submission_to_json(&s);
	assert_true(json_is_null(json_object_get(j, "review")));
	assert_int_equal(json_array_size(json_object_get(j, "problems")), 0);
	json_decref(j);
}

int test_submission_json(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_object), cmocka_unit_test(test_array_and_lines),
	    cmocka_unit_test(test_malformed),  cmocka_unit_test(test_field_errors),
	    cmocka_unit_test(test_csv_rows),   cmocka_unit_test(test_stored_to_json),
	};
	return cmocka_run_group_tests_name("submission_json", tests, NULL, NULL);
}
