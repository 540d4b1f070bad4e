/* test_spares.c - released blocks kept for reuse: handed back zeroed, the
 * same block again, at most max kept (the rest freed, which the ASan run
 * checks for leaks), and safe from several threads at once. */
#include <pthread.h>
#include <string.h>

#include "core/spares.h"
#include "test.h"

static void test_reuse(void **state)
{
	struct spares sp;
	unsigned char *a, *b, *c;

	(void)state;
	spares_init(&sp, 2, 64);
	a = spares_take(&sp);
	for (size_t i = 0; i < 64; i++)
		assert_int_equal(a[i], 0);
	memset(a, 0xAB, 64);
	spares_give(&sp, a);
	b = spares_take(&sp);
	assert_ptr_equal(a, b); /* the kept block, zeroed again */
	for (size_t i = 0; i < 64; i++)
		assert_int_equal(b[i], 0);
	c = spares_take(&sp); /* none kept: a new one */
	assert_ptr_not_equal(b, c);
	spares_give(&sp, b);
	spares_give(&sp, c);
	spares_give(&sp, spares_take(&sp));
	spares_give(&sp, NULL);
	/* A third block when two are kept is freed. */
	a = spares_take(&sp);
	b = spares_take(&sp);
	c = spares_take(&sp);
	spares_give(&sp, a);
	spares_give(&sp, b);
	spares_give(&sp, c);
	assert_int_equal(sp.n, 2);
	spares_release(&sp);
}

static void *churn(void *arg)
{
	struct spares *sp = arg;

	for (int i = 0; i < 20000; i++) {
		int *p = spares_take(sp), *q = spares_take(sp);
		assert_int_equal(*p, 0);
		assert_int_equal(*q, 0);
		*p = *q = i + 1;
		spares_give(sp, p);
		spares_give(sp, q);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct spares sp;
	pthread_t t[4];

	(void)state;
	spares_init(&sp, 3, sizeof(int));
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, churn, &sp), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	assert_true(sp.n <= 3);
	spares_release(&sp);
}

int test_spares(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reuse),
	    cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests_name("spares", tests, NULL, NULL);
}
