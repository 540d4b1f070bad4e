/* test_store_location_batch.c - a batch of location upserts
 * (store_location_batch_begin(), as imports write) gives the outcomes,
 * errors and stored rows that the same upserts give one by one, on both
 * back-ends: new locations under parents already stored or written
 * earlier in the batch, unchanged and changed ones, a parent that is a
 * station or missing; a rollback takes the batch back, and it needs a
 * transaction. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "store/store.h"

struct step {
	const char *code, *name, *level, *parent;
	enum status want;
	enum upsert_result res;
	const char *msg;
};

/* D1 is stored before the steps. */
static const struct step steps[] = {
    {"KZ", "Kazakhstan", "country", NULL, ST_OK, UPSERT_INSERTED, NULL},
    {"R1", "Almaty region", "region", "KZ", ST_OK, UPSERT_INSERTED, NULL},
    {"S1", "School 1", "station", "R1", ST_OK, UPSERT_INSERTED, NULL},
    {"S1", "School 1", "station", "R1", ST_OK, UPSERT_UNCHANGED, NULL},
    {"S1", "School No. 1", "station", "D1", ST_OK, UPSERT_UPDATED, NULL},
    {"S2", "School 2", "station", "S1", ST_INVALID, 0,
     "parent: \"S1\" is a polling station and cannot contain other locations"},
    {"S3", "School 3", "station", "NOPE", ST_NOT_FOUND, 0,
     "parent: no location with code \"NOPE\""},
    {"D1", "District 1", "district", "R1", ST_OK, UPSERT_UPDATED, NULL},
    {"S4", "School 4", "station", "D1", ST_OK, UPSERT_INSERTED, NULL},
    {"D1", "District 1", "district", "R1", ST_OK, UPSERT_UNCHANGED, NULL},
};
#define NSTEPS (sizeof(steps) / sizeof(steps[0]))

static int64_t mission_with_d1(struct store *st, const char *code)
{
	int64_t mid = test_mission_put(st, code);
	struct location d1 = {.code = "D1",
	                      .name = "District",
	                      .level = "district",
	                      .registered_voters = -1};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_location_upsert(st, mid, &d1, &res, &e), ST_OK);
	return mid;
}

/* Run every step on mission mid, in a batch or one by one. */
static void run_steps(struct store *st, int64_t mid, bool batch)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(store_begin(st, &e), ST_OK);
	if (batch)
		assert_int_equal(store_location_batch_begin(st, mid, &e), ST_OK);
	for (size_t i = 0; i < NSTEPS; i++) {
		const struct step *s = &steps[i];
		struct location l = {.code = s->code,
		                     .name = s->name,
		                     .level = s->level,
		                     .parent = s->parent,
		                     /* the same for the same name and level */
		                     .registered_voters = (int64_t)strlen(s->name),
		                     .has_coords = !strcmp(s->level, "station"),
		                     .latitude = 43.25,
		                     .longitude = 76.9};
		enum upsert_result res = 99;
		enum status rc;

		err_clear(&e);
		rc = store_location_upsert(st, mid, &l, &res, &e);
		if (rc != s->want)
			fail_msg("step %zu (%s, %s): %s", i, s->code,
			         batch ? "batch" : "one by one", e.msg);
		if (!rc)
			assert_int_equal(res, s->res);
		else
			assert_string_equal(e.msg, s->msg);
	}
	store_location_batch_end(st);
	assert_int_equal(store_commit(st, &e), ST_OK);
}

static void location_of(struct store *st, int64_t mid, const char *code, char *out,
                        size_t n)
{
	struct arena a = ARENA_INIT;
	struct location l;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_location_get(st, mid, code, &a, &l, &e), ST_OK);
	snprintf(out, n, "%s|%s|%s|%lld|%d|%.2f|%s", l.name, l.level,
	         l.parent ? l.parent : "-", (long long)l.registered_voters, l.has_coords,
	         l.has_coords ? l.latitude : 0.0, l.stratum ? l.stratum : "-");
	arena_release(&a);
}

static void test_batch_as_one_by_one(void **state)
{
	static const char *const codes[] = {"KZ", "R1", "D1", "S1", "S4"};
	struct store *st = test_store_open();
	int64_t one = mission_with_d1(st, "one"), many = mission_with_d1(st, "many");
	struct location_filter all = {0};
	int64_t n1 = 0, n2 = 0;
	struct err e;

	(void)state;
	run_steps(st, one, false);
	run_steps(st, many, true);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		char a[256], b[256];
		location_of(st, one, codes[i], a, sizeof(a));
		location_of(st, many, codes[i], b, sizeof(b));
		assert_string_equal(a, b);
	}
	err_clear(&e);
	assert_int_equal(store_location_list(st, one, &all, &n1, NULL, NULL, &e), ST_OK);
	assert_int_equal(store_location_list(st, many, &all, &n2, NULL, NULL, &e), ST_OK);
	assert_int_equal(n1, 5);
	assert_int_equal(n2, 5);
	assert_int_equal(store_location_check_tree(st, many, &e), ST_OK);
	test_store_close(st);
}

static void test_batch_needs_a_transaction(void **state)
{
	struct store *st = test_store_open();
	int64_t mid = mission_with_d1(st, "m"), other = mission_with_d1(st, "other");
	struct location x = {
	    .code = "X", .name = "X", .level = "region", .registered_voters = -1};
	enum upsert_result res;
	struct arena a = ARENA_INIT;
	struct location got;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_location_batch_begin(st, mid, &e), ST_INVALID);
	/* Rolled back: nothing of the batch stays, and the next upsert,
	 * outside any batch, reads the store again. */
	assert_int_equal(store_begin(st, &e), ST_OK);
	assert_int_equal(store_location_batch_begin(st, mid, &e), ST_OK);
	assert_int_equal(store_location_upsert(st, mid, &x, &res, &e), ST_OK);
	assert_int_equal(store_location_upsert(st, other, &x, &res, &e), ST_INVALID);
	store_rollback(st);
	assert_int_equal(store_location_get(st, mid, "X", &a, &got, &e), ST_NOT_FOUND);
	assert_int_equal(store_location_upsert(st, mid, &x, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_INSERTED);
	assert_int_equal(store_location_upsert(st, other, &x, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_INSERTED);
	arena_release(&a);
	test_store_close(st);
}

int test_store_location_batch(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_batch_as_one_by_one),
	    cmocka_unit_test(test_batch_needs_a_transaction),
	};

	return test_backends("store_location_batch", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
