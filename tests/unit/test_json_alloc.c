/* test_json_alloc.c - jansson's small blocks kept for reuse by each thread:
 * reuse by size, the limit, what a thread keeps freed at its end (the
 * AddressSanitizer build finds a leak otherwise), and jansson working on
 * them, its dumped text freed with free(). */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "core/json_alloc.h"

/* A freed block is handed out again for any size of its class. */
static void test_reuse(void **state)
{
	void *p = json_alloc_malloc(40), *q, *big;
	size_t before = json_alloc_kept();

	(void)state;
	memset(p, 1, 40);
	json_alloc_free(p);
	assert_int_equal(json_alloc_kept(), before + 1);
	q = json_alloc_malloc(33);
	assert_ptr_equal(q, p);
	assert_int_equal(json_alloc_kept(), before);
	memset(q, 2, 48); /* the class's whole size is there */
	json_alloc_free(q);
	assert_int_equal(json_alloc_kept(), before + 1);

	/* Larger blocks are malloc's, never kept. */
	big = json_alloc_malloc(JSON_ALLOC_SMALL + 64);
	memset(big, 3, JSON_ALLOC_SMALL + 64);
	json_alloc_free(big);
	assert_int_equal(json_alloc_kept(), before + 1);
	json_alloc_free(NULL);
	/* Blocks from malloc itself are taken too, by what they can hold. */
	json_alloc_free(malloc(20));
	assert_int_equal(json_alloc_kept(), before + 2);
	p = json_alloc_malloc(16);
	memset(p, 4, 16);
	json_alloc_free(p);
}

/* A thread keeps at most JSON_ALLOC_KEPT blocks of a size. */
static void *fill(void *arg)
{
	void *blocks[JSON_ALLOC_KEPT + 10];
	size_t *kept = arg;

	for (int i = 0; i < JSON_ALLOC_KEPT + 10; i++)
		blocks[i] = json_alloc_malloc(64);
	for (int i = 0; i < JSON_ALLOC_KEPT + 10; i++)
		json_alloc_free(blocks[i]);
	*kept = json_alloc_kept_of(64);
	return NULL; /* what it keeps is freed now (LeakSanitizer checks) */
}

static void test_limit_and_thread_end(void **state)
{
	pthread_t t;
	size_t kept = 0;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, fill, &kept), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(kept, JSON_ALLOC_KEPT);
}

/* jansson's values made and freed through the functions, across threads:
 * documents made in one thread, freed in another. */
static void *free_doc(void *arg)
{
	json_decref(arg);
	return NULL;
}

static void test_jansson(void **state)
{
	json_t *doc;
	char *text;
	pthread_t t;

	(void)state;
	json_set_alloc_funcs(json_alloc_malloc, json_alloc_free);
	for (int round = 0; round < 3; round++) {
		doc = json_object();
		for (int i = 0; i < 200; i++) {
			char tag[8];
			snprintf(tag, sizeof(tag), "T%d", i);
			json_object_set_new(doc, tag,
			                    json_pack("{s:i, s:s}", "n", i, "s", tag));
		}
		text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
		assert_non_null(text);
		assert_non_null(strstr(text, "\"T199\":{\"n\":199,\"s\":\"T199\"}"));
		free(text); /* the dumped text is malloc's own */
		assert_int_equal(pthread_create(&t, NULL, free_doc, doc), 0);
		assert_int_equal(pthread_join(t, NULL), 0);
	}
	json_set_alloc_funcs(malloc, free);
}

int test_json_alloc(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reuse),
	    cmocka_unit_test(test_limit_and_thread_end),
	    cmocka_unit_test(test_jansson),
	};
	return cmocka_run_group_tests_name("json_alloc", tests, NULL, NULL);
}
