/* test_json_out.c - JSON written straight into a buffer: strings are
 * escaped exactly as jansson escapes them, and the answer to a report's
 * sender written as text (intake_result_write) is the document
 * intake_result_json builds, for every outcome. */
#include <string.h>

#include "core/json_out.h"
#include "ingest/intake.h"
#include "test.h"

/* s written by json_out_string is what jansson writes for it. */
static void assert_like_jansson(const char *s)
{
	json_t *j = json_string(s);
	char *want = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
	struct buf b;

	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(json_out_string(&b, s), ST_OK);
	assert_string_equal(b.ptr, want);
	buf_release(&b);
	free(want);
	json_decref(j);
}

static void test_strings(void **state)
{
	char controls[40];
	struct buf b;

	(void)state;
	assert_like_jansson("");
	assert_like_jansson("plain");
	assert_like_jansson("quote \" and backslash \\ and slash /");
	assert_like_jansson("tab\there, line\nbreak, cr\r, bs\b, ff\f");
	assert_like_jansson("Қазақстан — 選挙 😀");
	assert_like_jansson("del \x7f stays");
	for (int i = 1; i < 32; i++)
		controls[i - 1] = (char)i;
	controls[31] = '\0';
	assert_like_jansson(controls);
	/* NULL is null, numbers are whole, keys are separated. */
	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(buf_appendc(&b, '{'), ST_OK);
	assert_int_equal(json_out_key(&b, "a"), ST_OK);
	assert_int_equal(json_out_string(&b, NULL), ST_OK);
	assert_int_equal(json_out_key(&b, "b"), ST_OK);
	assert_int_equal(json_out_int(&b, -9223372036854775807LL - 1), ST_OK);
	assert_int_equal(buf_appendc(&b, '}'), ST_OK);
	assert_string_equal(b.ptr, "{\"a\":null,\"b\":-9223372036854775808}");
	buf_release(&b);
	/* A full buffer says so. */
	buf_init(&b, 4);
	assert_int_equal(json_out_string(&b, "too long"), ST_TOO_BIG);
	buf_release(&b);
}

/* The text written for it parses to the document built for it. */
static void assert_same_answer(const struct intake_item *it)
{
	json_t *want = intake_result_json(it), *got;
	struct buf b;

	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(intake_result_write(it, &b), ST_OK);
	got = json_loads(b.ptr, 0, NULL);
	assert_non_null(got);
	assert_true(json_equal(got, want));
	json_decref(got);
	json_decref(want);
	buf_release(&b);
}

static void test_answers(void **state)
{
	struct intake_item it;

	(void)state;
	/* Stored, no problems, no client id. */
	intake_item_init(&it);
	it.outcome = INTAKE_STORED;
	it.rec.id = 42;
	it.rec.status = "new";
	it.rec.version = 1;
	assert_same_answer(&it);
	/* Stored with a client id to escape, flags and alerts. */
	it.rec.client_id = "id \"1\"\n\\ Ω";
	it.rec.status = "flagged";
	it.problems = json_pack("[{s:s, s:i, s:s, s:s}]", "tag", "C", "value", 7,
	                        "message", "More voted than issued", "severity", "flag");
	it.alerts = json_pack("[{s:s, s:i, s:s}]", "tag", "A", "value", 1, "message",
	                      "Ballot stuffing");
	assert_same_answer(&it);
	/* A duplicate tells no alerts, as before. */
	it.outcome = INTAKE_DUPLICATE;
	it.rec.version = 3;
	assert_same_answer(&it);
	/* Refused, conflicting, failed: the document, dumped. */
	it.outcome = INTAKE_CONFLICT;
	snprintf(it.job.err.msg, sizeof(it.job.err.msg), "id: a different report");
	assert_same_answer(&it);
	it.outcome = INTAKE_FAILED;
	assert_same_answer(&it);
	it.outcome = INTAKE_STORED;
	it.job.rc = ST_IO; /* the commit failed after the job ran */
	assert_same_answer(&it);
	it.job.rc = ST_OK;
	intake_item_refuse(
	    &it, json_pack("[{s:s, s:s}]", "field", "station", "message", "unknown"));
	assert_same_answer(&it);
	intake_item_release(&it);
}

int test_json_out(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_answers),
	};
	return cmocka_run_group_tests_name("json_out", tests, NULL, NULL);
}
