/* test_strmap.c - the string hash table: add, find, replace, growth past
 * many thousands of keys, and keys that differ only in their last byte. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/strmap.h"
#include "test.h"

static void test_empty(void **state)
{
	struct strmap m = STRMAP_INIT;
	void *v = &v;

	assert_false(strmap_find(&m, "x", &v));
	assert_null(strmap_get(&m, "x"));
	assert_int_equal(strmap_count(&m), 0);
	strmap_release(&m);
	strmap_release(&m);
}

static void test_add_find(void **state)
{
	struct strmap m;
	int a = 1, b = 2;
	void *v = NULL;

	strmap_init(&m);
	assert_true(strmap_add(&m, "alpha", &a, NULL));
	assert_true(strmap_add(&m, "", &b, NULL));
	assert_false(strmap_add(&m, "alpha", &b, &v));
	assert_ptr_equal(v, &a);
	assert_ptr_equal(strmap_get(&m, "alpha"), &a);
	assert_ptr_equal(strmap_get(&m, ""), &b);
	assert_null(strmap_get(&m, "alph"));
	assert_null(strmap_get(&m, "alphaa"));
	assert_int_equal(strmap_count(&m), 2);
	strmap_release(&m);
}

static void test_null_value(void **state)
{
	struct strmap m = STRMAP_INIT;
	void *v = &v;

	assert_true(strmap_add(&m, "k", NULL, NULL));
	assert_true(strmap_find(&m, "k", &v));
	assert_null(v);
	assert_true(strmap_find(&m, "k", NULL));
	strmap_release(&m);
}

static void test_set(void **state)
{
	struct strmap m = STRMAP_INIT;
	int a = 1, b = 2;

	strmap_set(&m, "k", &a);
	strmap_set(&m, "k", &b);
	assert_ptr_equal(strmap_get(&m, "k"), &b);
	assert_int_equal(strmap_count(&m), 1);
	strmap_release(&m);
}

static void test_many(void **state)
{
	enum { N = 100000 };
	struct strmap m = STRMAP_INIT;
	char **keys = xcalloc(N, sizeof(*keys));

	for (size_t i = 0; i < N; i++) {
		keys[i] = xasprintf("S-%05zu", i);
		assert_true(strmap_add(&m, keys[i], keys[i], NULL));
	}
	assert_int_equal(strmap_count(&m), N);
	for (size_t i = 0; i < N; i++) {
		char probe[32];
		snprintf(probe, sizeof(probe), "S-%05zu", i);
		assert_ptr_equal(strmap_get(&m, probe), keys[i]);
		assert_false(strmap_add(&m, probe, NULL, NULL));
	}
	assert_null(strmap_get(&m, "S-100000"));
	assert_int_equal(strmap_count(&m), N);
	strmap_release(&m);
	for (size_t i = 0; i < N; i++)
		free(keys[i]);
	free(keys);
}

static void test_utf8_keys(void **state)
{
	struct strmap m = STRMAP_INIT;
	int a, b;

	assert_true(strmap_add(&m, "УИК №592", &a, NULL));
	assert_true(strmap_add(&m, "УИК №593", &b, NULL));
	assert_ptr_equal(strmap_get(&m, "УИК №592"), &a);
	assert_ptr_equal(strmap_get(&m, "УИК №593"), &b);
	strmap_release(&m);
}

int test_strmap(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),      cmocka_unit_test(test_add_find),
	    cmocka_unit_test(test_null_value), cmocka_unit_test(test_set),
	    cmocka_unit_test(test_many),       cmocka_unit_test(test_utf8_keys),
	};
	return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
