/* test_json_quick.c - the quick JSON reader never disagrees with jansson:
 * what it reads, jansson reads to an equal document with members in the
 * same order; what jansson refuses, it declines.  Checked on plain
 * reports, on texts it must leave to jansson, on malformed texts, and on
 * 20,000 pseudo-random documents and as many damaged copies of them
 * (bytes changed, cut, doubled). */
#include <string.h>

#include "core/buf.h"
#include "ingest/json_quick.h"
#include "ingest/submission_json.h"
#include "test.h"

#define FLAGS (JSON_REJECT_DUPLICATES | JSON_DECODE_ANY)

/* Returns whether the quick reader read text; asserts it agrees with
 * jansson either way. */
static bool agrees(const char *text, size_t len)
{
	json_error_t je;
	json_t *want = json_loadb(text, len, FLAGS, &je), *got = NULL;
	bool read = json_quick_load(text, len, &got);

	if (read) {
		char *a, *b;
		assert_non_null(want);
		assert_true(json_equal(got, want));
		/* The same order of members, which messages follow. */
		a = json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT);
		b = json_dumps(want, JSON_ENCODE_ANY | JSON_COMPACT);
		assert_string_equal(a, b);
		free(a);
		free(b);
	} else {
		assert_null(got);
	}
	json_decref(got);
	json_decref(want);
	return read;
}

static bool agrees_s(const char *text)
{
	return agrees(text, strlen(text));
}

static void test_plain(void **state)
{
	(void)state;
	assert_true(agrees_s(
	    "{\"id\":\"d-1-5\",\"form\":\"OP\",\"station\":\"S-000006\","
	    "\"observer\":\"O-10006\",\"observed_at\":\"2023-03-19T07:05:00+05:00\","
	    "\"answers\":{\"A\":\"yes\",\"B\":\"07:05\",\"C\":\"no\",\"Z\":4},"
	    "\"comment\":\"bench report 5\"}"));
	assert_true(agrees_s(" \r\n\t{ \"a\" : [ 1 , -2 , 0 , -0 ] , \"b\" : { } ,"
	                     " \"c\" : [ ] , \"d\" : true , \"e\" : false ,"
	                     " \"f\" : null } \n"));
	assert_true(agrees_s("\"Қазақстан 😀\""));
	assert_true(agrees_s("123456789012345678"));
	assert_true(agrees_s("-123456789012345678"));
	assert_true(agrees_s("[[[[[]]]]]"));
	assert_true(agrees_s("{\"z\":1,\"a\":2,\"m\":3}"));
}

static void test_left_to_jansson(void **state)
{
	(void)state;
	/* Valid, but read by jansson. */
	assert_false(agrees_s("{\"a\":\"x\\\"y\"}"));
	assert_false(agrees_s("{\"a\":\"\\u00e9\"}"));
	assert_false(agrees_s("{\"a\":1.5}"));
	assert_false(agrees_s("{\"a\":1e3}"));
	assert_false(agrees_s("1234567890123456789"));
	/* Malformed: jansson says what is wrong. */
	assert_false(agrees_s(""));
	assert_false(agrees_s("   "));
	assert_false(agrees_s("{\"a\":1,\"a\":2}"));
	assert_false(agrees_s("{\"a\":1,}"));
	assert_false(agrees_s("[1,]"));
	assert_false(agrees_s("{\"a\" 1}"));
	assert_false(agrees_s("{a:1}"));
	assert_false(agrees_s("{\"a\":01}"));
	assert_false(agrees_s("{\"a\":-}"));
	assert_false(agrees_s("{\"a\":+1}"));
	assert_false(agrees_s("{\"a\":tru}"));
	assert_false(agrees_s("{\"a\":truex}"));
	assert_false(agrees_s("{\"a\":1}x"));
	assert_false(agrees_s("{\"a\":1}{}"));
	assert_false(agrees_s("{\"a\":\"tab\there\"}"));
	assert_false(agrees_s("{\"a\":\"bad \xC3\x28 utf8\"}"));
	assert_false(agrees_s("{\"a\":\"surrogate \xED\xA0\x80\"}"));
	assert_false(agrees_s("{\"a\":\"unterminated}"));
	assert_false(agrees("{\"a\":1}\0", 8));
	assert_false(agrees_s(
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"));
}

/* Malformed text still gets jansson's message with line and column. */
static void test_messages(void **state)
{
	json_t *root = NULL;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(submission_json_load("{\"a\":1,\n\"a\":2}", 14, &root, &e),
	                 ST_INVALID);
	assert_null(root);
	assert_non_null(strstr(e.msg, "line 2"));
	assert_non_null(strstr(e.msg, "duplicate"));
}

static uint32_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*s >> 33);
}

/* A random document written as text into b. */
static void random_doc(uint64_t *seed, struct buf *b, int depth)
{
	static const char *const atoms[] = {"0",
	                                    "-0",
	                                    "7",
	                                    "-12",
	                                    "123456789012345678",
	                                    "1.5",
	                                    "2e3",
	                                    "true",
	                                    "false",
	                                    "null",
	                                    "\"\"",
	                                    "\"yes\"",
	                                    "\"Ω\"",
	                                    "\"a\\\"b\"",
	                                    "\"\\u0041\"",
	                                    "\"😀\"",
	                                    "\"07:45\"",
	                                    "01",
	                                    "1234567890123456789"};
	static const char *const keys[] = {"\"A\"", "\"B\"", "\"id\"", "\"Ж\"", "\"\""};
	static const char *const spaces[] = {"", " ", "\n", "\t", "\r\n  "};
	uint32_t kind = depth > 3 ? 2 : next(seed) % 3;

	buf_appends(b, spaces[next(seed) % 5]);
	if (kind == 0) {
		uint32_t n = next(seed) % 5;
		buf_appendc(b, '{');
		for (uint32_t i = 0; i < n; i++) {
			if (i)
				buf_appendc(b, ',');
			buf_appends(b, keys[next(seed) % 5]);
			buf_appends(b, spaces[next(seed) % 5]);
			buf_appendc(b, ':');
			random_doc(seed, b, depth + 1);
		}
		buf_appendc(b, '}');
	} else if (kind == 1) {
		uint32_t n = next(seed) % 5;
		buf_appendc(b, '[');
		for (uint32_t i = 0; i < n; i++) {
			if (i)
				buf_appendc(b, ',');
			random_doc(seed, b, depth + 1);
		}
		buf_appendc(b, ']');
	} else {
		buf_appends(b, atoms[next(seed) % 19]);
	}
	buf_appends(b, spaces[next(seed) % 5]);
}

static void test_random(void **state)
{
	static const char noise[] = "{}[],:\"\\-0e. \x01\x80\xC3\xFFtn";
	uint64_t seed = 7;
	int read = 0;

	(void)state;
	for (int n = 0; n < 20000; n++) {
		struct buf b;
		buf_init(&b, BUF_NO_CAP);
		random_doc(&seed, &b, 0);
		if (agrees(b.ptr, b.len))
			read++;
		/* Damaged: a byte changed, the text cut, or a part doubled. */
		if (b.len) {
			size_t at = next(&seed) % b.len;
			switch (next(&seed) % 3) {
			case 0:
				b.ptr[at] = noise[next(&seed) % (sizeof(noise) - 1)];
				agrees(b.ptr, b.len);
				break;
			case 1:
				agrees(b.ptr, at);
				break;
			default: {
				struct buf d;
				buf_init(&d, BUF_NO_CAP);
				buf_append(&d, b.ptr, at);
				buf_append(&d, b.ptr, b.len);
				agrees(d.ptr, d.len);
				buf_release(&d);
			}
			}
		}
		buf_release(&b);
	}
	/* Both ways were exercised. */
	assert_true(read > 2000);
	assert_true(read < 18000);
}

int test_json_quick(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain),
	    cmocka_unit_test(test_left_to_jansson),
	    cmocka_unit_test(test_messages),
	    cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests_name("json_quick", tests, NULL, NULL);
}
