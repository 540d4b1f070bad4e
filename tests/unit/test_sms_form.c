/* test_sms_form.c - the SMS gateways' form-encoded bodies (sms_form.h):
 * fields and their decoding, escapes that are not escapes kept as sent,
 * bytes kept whatever they are, empty fields skipped, and the limit on
 * the number of fields, which empty pieces at the end do not count
 * towards. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "core/buf.h"
#include "http/sms_form.h"

static void test_fields(void **state)
{
	static const char body[] =
	    "from=%2B77011234567&text=OP+S-1+A1&x=%zz%4&e=&k&&t=a%00b";
	struct arena a = ARENA_INIT;
	struct sms_form f;
	const struct sms_form_field *v;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(sms_form_read(body, strlen(body), &a, &f, &e), ST_OK);
	assert_int_equal(f.n, 6);
	assert_string_equal(sms_form_get(&f, "from")->value, "+77011234567");
	assert_string_equal(sms_form_get(&f, "text")->value, "OP S-1 A1");
	assert_string_equal(sms_form_get(&f, "x")->value, "%zz%4");
	v = sms_form_get(&f, "e");
	assert_int_equal(v->len, 0);
	v = sms_form_get(&f, "k");
	assert_string_equal(v->value, "");
	v = sms_form_get(&f, "t");
	assert_int_equal(v->len, 3);
	assert_memory_equal(v->value, "a\0b", 3);
	assert_null(sms_form_get(&f, "missing"));
	assert_int_equal(sms_form_read(NULL, 0, &a, &f, &e), ST_OK);
	assert_int_equal(f.n, 0);
	arena_release(&a);
}

static void test_limit(void **state)
{
	struct arena a = ARENA_INIT;
	struct sms_form f;
	struct buf b;
	struct err e;

	(void)state;
	err_clear(&e);
	buf_init(&b, BUF_NO_CAP);
	for (int i = 0; i < SMS_FORM_MAX; i++)
		buf_appendf(&b, "%sk%d=v", i ? "&" : "", i);
	assert_int_equal(sms_form_read(b.ptr, b.len, &a, &f, &e), ST_OK);
	assert_int_equal(f.n, SMS_FORM_MAX);
	/* Empty pieces after the last field are no fields. */
	buf_appends(&b, "&&");
	assert_int_equal(sms_form_read(b.ptr, b.len, &a, &f, &e), ST_OK);
	assert_int_equal(f.n, SMS_FORM_MAX);
	buf_appends(&b, "k=v");
	assert_int_equal(sms_form_read(b.ptr, b.len, &a, &f, &e), ST_TOO_BIG);
	assert_non_null(strstr(e.msg, "more than 64 fields"));
	buf_release(&b);
	arena_release(&a);
}

int test_sms_form(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fields),
	    cmocka_unit_test(test_limit),
	};

	return cmocka_run_group_tests_name("sms_form", tests, NULL, NULL);
}
