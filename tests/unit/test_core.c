/* test_core.c - buffers, arenas, UTF-8 checks, numbers parsed and written,
 * and times. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/text.h"

static void test_buf_cap(void **state)
{
	struct buf b;
	char *p;
	size_t n;

	buf_init(&b, 8);
	assert_int_equal(buf_appends(&b, "abcd"), ST_OK);
	assert_int_equal(buf_appendf(&b, "%d", 123), ST_OK);
	assert_string_equal(b.ptr, "abcd123");
	assert_int_equal(buf_appends(&b, "xy"), ST_TOO_BIG);
	assert_string_equal(b.ptr, "abcd123");
	/* One byte at a time, up to the cap and not past it. */
	assert_int_equal(buf_appendc(&b, 'x'), ST_OK);
	assert_int_equal(buf_appendc(&b, 'y'), ST_TOO_BIG);
	assert_string_equal(b.ptr, "abcd123x");
	b.len = 7;
	b.ptr[7] = '\0';
	p = buf_detach(&b, &n);
	assert_int_equal(n, 7);
	assert_string_equal(p, "abcd123");
	assert_int_equal(b.len, 0);
	free(p);
	buf_release(&b);
	/* Growing one byte at a time keeps the text whole and terminated. */
	buf_init(&b, BUF_NO_CAP);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_appendc(&b, (char)('a' + i % 26)), ST_OK);
	assert_int_equal(b.len, 1000);
	assert_int_equal(strlen(b.ptr), 1000);
	assert_int_equal(b.ptr[999], 'a' + 999 % 26);
	buf_release(&b);
}

static void test_arena(void **state)
{
	struct arena a = ARENA_INIT;
	char big[40000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (int i = 0; i < 1000; i++)
		assert_string_equal(arena_strdup(&a, "Қостанай"), "Қостанай");
	assert_int_equal(strlen(arena_strdup(&a, big)), sizeof(big) - 1);
	arena_release(&a);
	assert_null(a.head);
}

static void test_utf8(void **state)
{
	const char *kk = "Қостанай облысы";

	assert_true(utf8_valid(kk, strlen(kk)));
	assert_int_equal(utf8_count(kk, strlen(kk)), 15);
	assert_false(utf8_valid("\xc0\xaf", 2));     /* overlong '/' */
	assert_false(utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
	assert_false(utf8_valid("\xe2\x82", 2));     /* truncated */
	assert_false(utf8_valid("\xff", 1));
}

static void test_utf8_scrub(void **state)
{
	const char *kk = "Қостанай";
	char out[64];

	(void)state;
	assert_string_equal(utf8_scrub(kk, strlen(kk), out), kk);
	assert_string_equal(utf8_scrub("A1 \xff\xfe Z4", 9, out), "A1 ?? Z4");
	/* An overlong, a surrogate, a truncated sequence: each byte one '?'. */
	assert_string_equal(utf8_scrub("\xc0\xaf\xed\xa0\x80x\xe2\x82", 8, out),
	                    "?????x??");
	assert_string_equal(utf8_scrub("", 0, out), "");
	assert_true(utf8_valid(out, strlen(out)));
}

/* text_int64_put() writes w as "%" PRId64 does. */
static void int64_written(int64_t w)
{
	char want[32], got[TEXT_INT64_MAX];

	snprintf(want, sizeof(want), "%" PRId64, w);
	assert_int_equal(text_int64_put(got, w), strlen(want));
	assert_string_equal(got, want);
}

/* The ends, each power of ten and the number below it, either sign, and
 * 10,000 others spread over the range. */
static void test_int64_written(void **state)
{
	const int64_t ends[] = {0, INT64_MAX, INT64_MIN, INT64_MIN + 1};
	int64_t p = 1;
	uint64_t x = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		int64_written(ends[i]);
	for (;; p *= 10) { /* 1 to 10^18 */
		int64_written(p);
		int64_written(p - 1);
		int64_written(-p);
		int64_written(-(p - 1));
		if (p > INT64_MAX / 10)
			break;
	}
	for (int i = 0; i < 10000; i++) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		int64_written((int64_t)x);
	}
}

static void test_numbers(void **state)
{
	int64_t v;
	double d;

	assert_true(text_int64("1840", 0, 100000, &v));
	assert_int_equal(v, 1840);
	assert_false(text_int64("12a", 0, 100000, &v));
	assert_false(text_int64(" 12", 0, 100000, &v));
	assert_false(text_int64("-1", 0, 100000, &v));
	assert_false(text_int64("99999999999999999999", 0, INT64_MAX, &v));
	assert_true(text_double("51.1694", &d));
	assert_false(text_double("51,1694", &d));
	assert_false(text_double("nan", &d));
}

/* text_time_iso() writes what strftime's "%Y-%m-%dT%H:%M:%SZ" writes. */
static void test_time_iso(void **state)
{
	static const long long at[] = {0,          951782400,  951868799,     1679205900,
	                               1704067199, 4102444800, 253402041599LL};
	char got[21], want[64];

	(void)state;
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		for (long long d = 0; d < 3 * 86400; d += 3607) {
			time_t t = (time_t)(at[i] + d);
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
			text_time_iso(at[i] + d, got);
			assert_string_equal(got, want);
		}
	}
	text_time_iso(1679205900, got);
	assert_string_equal(got, "2023-03-19T06:05:00Z");
}

int test_core(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_cap),  cmocka_unit_test(test_arena),
	    cmocka_unit_test(test_utf8),     cmocka_unit_test(test_utf8_scrub),
	    cmocka_unit_test(test_numbers),  cmocka_unit_test(test_int64_written),
	    cmocka_unit_test(test_time_iso),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
