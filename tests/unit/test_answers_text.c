/* test_answers_text.c - canonical answers written by answers_text are byte
 * for byte what json_dumps(JSON_COMPACT | JSON_SORT_KEYS) writes, since
 * stored content hashes depend on it: on shipped-form answers, on the
 * odd cases (escapes, other scripts, empty arrays, extreme numbers, keys
 * that are prefixes of others) and on 2,000 pseudo-random objects,
 * including values jansson must write itself (fractions, nested
 * objects, a NUL inside a string); and single values by
 * answers_value_text are what jansson writes for them. */
#include <string.h>

#include "ingest/answers_text.h"
#include "test.h"

static void assert_like_jansson(const json_t *answers)
{
	char *want = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
	struct buf b;

	assert_non_null(want);
	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(answers_text(answers, &b), ST_OK);
	assert_string_equal(b.ptr, want);
	buf_release(&b);
	free(want);
}

static void assert_text_like_jansson(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);

	assert_non_null(j);
	assert_like_jansson(j);
	json_decref(j);
}

static void test_cases(void **state)
{
	json_t *j;

	(void)state;
	assert_text_like_jansson("{}");
	assert_text_like_jansson("{\"Z\": 4, \"A\": 1, \"B\": \"07:05\", \"K\": 0,"
	                         " \"C\": 1, \"D\": [1, 3], \"E\": []}");
	assert_text_like_jansson("{\"AB\": 1, \"A\": 2, \"B\": 3, \"a\": 4, \"_\": 5,"
	                         " \"A1\": 6, \"Ж\": 7, \"Z\": null, \"T\": true,"
	                         " \"F\": false}");
	assert_text_like_jansson("{\"S\": \"quote \\\" backslash \\\\ slash / tab \\t"
	                         " nl \\n \\u0001 \\u001f \\u007f Қазақ 😀\"}");
	assert_text_like_jansson(
	    "{\"N\": -9223372036854775808, \"M\": 9223372036854775807,"
	    " \"Q\": [-1, 0, 12345678901]}");
	/* Left to jansson: fractions, nested objects, arrays of strings. */
	assert_text_like_jansson("{\"R\": 1.5, \"A\": 1}");
	assert_text_like_jansson("{\"O\": {\"b\": 1, \"a\": 2}, \"A\": 1}");
	assert_text_like_jansson("{\"L\": [\"x\", 1], \"A\": 1}");
	/* A NUL inside a string, then inside a key. */
	j = json_object();
	json_object_set_new(j, "S", json_stringn("a\0b", 3));
	assert_like_jansson(j);
	json_object_setn_new(j, "K\0x", 3, json_integer(1));
	assert_like_jansson(j);
	json_decref(j);
}

static uint32_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*s >> 33);
}

static json_t *random_value(uint64_t *seed)
{
	static const char *const strings[] = {"",   "yes",   "07:45", "a\"b",
	                                      "\\", "\n\t",  "Ω≈ç",   "\x01\x1f",
	                                      "😀x", "x/y/z", "\x7f"};
	json_t *a;

	switch (next(seed) % 9) {
	case 0:
	case 1:
	case 2:
		return json_integer((json_int_t)next(seed) -
		                    (json_int_t)(next(seed) % 7));
	case 3:
		return json_string(strings[next(seed) % 11]);
	case 4:
		a = json_array();
		for (uint32_t i = next(seed) % 4; i; i--)
			json_array_append_new(a, json_integer(next(seed) % 9));
		return a;
	case 5:
		return json_integer(next(seed) % 2);
	case 6:
		return next(seed) % 2 ? json_true() : json_null();
	case 7:
		return next(seed) % 20 ? json_integer(-1) : json_real(0.1 * next(seed));
	default:
		return next(seed) % 20 ? json_string("text")
		                       : json_pack("{s:i}", "n", (int)next(seed));
	}
}

static void test_random(void **state)
{
	static const char *const tags[] = {"A",  "B",  "C",  "AA", "AB", "B1", "Z",
	                                   "a",  "b1", "Q9", "K",  "KK", "Ж",  "_x",
	                                   "A_", "Z0", "0",  "10", "9",  "é"};
	uint64_t seed = 19;

	(void)state;
	for (int n = 0; n < 2000; n++) {
		json_t *j = json_object();
		for (uint32_t k = next(&seed) % 16; k; k--)
			json_object_set_new(j, tags[next(&seed) % 20],
			                    random_value(&seed));
		assert_like_jansson(j);
		json_decref(j);
	}
}

/* One value as it is written inside a document dumped whole. */
static void test_values(void **state)
{
	uint64_t seed = 23;

	(void)state;
	for (int n = 0; n < 2000; n++) {
		json_t *v = random_value(&seed);
		char *want =
		    json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
		struct buf b;
		buf_init(&b, BUF_NO_CAP);
		assert_int_equal(answers_value_text(v, &b), ST_OK);
		assert_string_equal(b.ptr, want);
		buf_release(&b);
		free(want);
		json_decref(v);
	}
}

int test_answers_text(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),
	    cmocka_unit_test(test_random),
	    cmocka_unit_test(test_values),
	};
	return cmocka_run_group_tests_name("answers_text", tests, NULL, NULL);
}
