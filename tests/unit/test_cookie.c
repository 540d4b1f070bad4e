/* test_cookie.c - the strict Cookie header reader: values found with and
 * without quotes, absent names, duplicates refused, and every malformed
 * shape refused as a whole. */
#include <string.h>

#include "test.h"
#include "http/cookie.h"

/* The value of name in header as a string, or the status's name. */
static const char *get(const char *header, const char *name)
{
	static char out[256];
	const char *v;
	size_t n;
	enum status rc = cookie_get(header, name, &v, &n, NULL);

	if (rc == ST_NOT_FOUND)
		return "<absent>";
	if (rc == ST_INVALID)
		return "<invalid>";
	if (rc == ST_CONFLICT)
		return "<twice>";
	if (rc)
		return "<other>";
	if (n >= sizeof(out))
		return "<long>";
	memcpy(out, v, n);
	out[n] = '\0';
	return out;
}

static void test_found(void **state)
{
	(void)state;
	assert_string_equal(get("observa_session=abc123", "observa_session"), "abc123");
	assert_string_equal(get("a=1; observa_session=x-y_z.9; b=2", "observa_session"),
	                    "x-y_z.9");
	assert_string_equal(get("a=1;b=2", "b"), "2");
	assert_string_equal(get("  a=1 ;\tb=2  ", "b"), "2");
	assert_string_equal(get("a=\"quoted\"; b=2", "a"), "quoted");
	assert_string_equal(get("a=; b=2", "a"), "");
	assert_string_equal(get("a=\"\"", "a"), "");
	/* '=' inside a value is allowed (base64 padding). */
	assert_string_equal(get("t=YWJj==; u=1", "t"), "YWJj==");
	/* Names are case-sensitive and must match whole. */
	assert_string_equal(get("Session=1; session=2", "session"), "2");
	assert_string_equal(get("session2=1; xsession=2", "session"), "<absent>");
	assert_string_equal(get("a=1", "a="), "<invalid>");
}

static void test_absent(void **state)
{
	const char *v = "x";
	size_t n = 7;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(cookie_get(NULL, "a", &v, &n, &e), ST_NOT_FOUND);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_string_equal(get("", "a"), "<absent>");
	assert_string_equal(get("   ", "a"), "<absent>");
	assert_string_equal(get("b=1; c=2", "a"), "<absent>");
}

static void test_twice(void **state)
{
	struct err e;
	const char *v;
	size_t n;

	(void)state;
	err_clear(&e);
	assert_int_equal(cookie_get("s=1; t=2; s=3", "s", &v, &n, &e), ST_CONFLICT);
	assert_non_null(strstr(e.msg, "twice"));
	assert_null(v);
	/* Another name sent twice does not matter to this one. */
	assert_string_equal(get("t=1; s=2; t=3", "s"), "2");
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
	    "a=1;",          /* empty pair at the end */
	    ";a=1",          /* empty pair at the start */
	    "a=1;; b=2",     /* empty pair inside */
	    "a",             /* no '=' */
	    "=1",            /* no name */
	    "a b=1",         /* space in a name */
	    "a=1 2",         /* space in a value */
	    "a=1,b=2",       /* comma */
	    "a=\"open",      /* lone quote */
	    "a=x\"y\"",      /* quote inside */
	    "a=\"x\"y",      /* bytes after the closing quote */
	    "a=back\\sl",    /* backslash */
	    "a=\x01",        /* control byte */
	    "a=caf\xc3\xa9", /* not ASCII */
	    "a(=1",          /* separator in a name */
	};
	struct err e;
	const char *v;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		assert_int_equal(cookie_get(bad[i], "a", &v, &n, &e), ST_INVALID);
		assert_null(v);
		assert_non_null(strstr(e.msg, "byte"));
	}
	/* A malformed pair elsewhere spoils the whole header. */
	assert_string_equal(get("a=1; b=2 3", "a"), "<invalid>");
	assert_string_equal(get("a=1", ""), "<invalid>");
	assert_string_equal(get("a=1", NULL), "<invalid>");
}

static void test_too_long(void **state)
{
	static char h[COOKIE_HEADER_MAX + 16];

	(void)state;
	memset(h, 'x', sizeof(h) - 1);
	memcpy(h, "a=", 2);
	h[COOKIE_HEADER_MAX + 1] = '\0';
	assert_string_equal(get(h, "a"), "<invalid>");
	h[COOKIE_HEADER_MAX] = '\0';
	assert_int_equal(strlen(get(h, "a")), 0 + strlen("<long>"));
	assert_true(cookie_name_valid("observa_session", 15));
	assert_false(cookie_name_valid("a;b", 3));
	assert_false(cookie_name_valid("", 0));
}

int test_cookie(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_found),    cmocka_unit_test(test_absent),
	    cmocka_unit_test(test_twice),    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_too_long),
	};
	return cmocka_run_group_tests_name("cookie", tests, NULL, NULL);
}
