/* test_store_assignment_batch.c - a batch of assignment puts
 * (store_assignment_batch_begin(), as imports and the demo write) gives
 * the outcomes, errors, stored assignments and audit entries that the
 * same puts give one by one, on both back-ends: new assignments, one put
 * twice, one stored before the batch, a commission, another day, and an
 * unknown station, a region and an unknown observer refused. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "core/buf.h"
#include "store/store.h"

struct step {
	const char *observer, *station, *day;
	enum status want;
	enum upsert_result res;
	const char *msg;
};

/* A is assigned to S1 on the 19th before the steps. */
static const struct step steps[] = {
    {"A", "S2", "2023-03-19", ST_OK, UPSERT_INSERTED, NULL},
    {"A", "S2", "2023-03-19", ST_OK, UPSERT_UNCHANGED, NULL},
    {"A", "S1", "2023-03-19", ST_OK, UPSERT_UNCHANGED, NULL},
    {"A", "S1", "2023-03-20", ST_OK, UPSERT_INSERTED, NULL},
    {"B", "D1", "2023-03-19", ST_OK, UPSERT_INSERTED, NULL},
    {"B", "S9", "2023-03-19", ST_NOT_FOUND, 0,
     "station: no polling station with code \"S9\""},
    {"B", "R1", "2023-03-19", ST_INVALID, 0,
     "station: \"R1\" is a region, not a polling station or a commission"},
    {"Z", "S1", "2023-03-19", ST_NOT_FOUND, 0, "observer: no observer with code \"Z\""},
    {"B", "S1", "2023-03-19", ST_OK, UPSERT_INSERTED, NULL},
};
#define NSTEPS (sizeof(steps) / sizeof(steps[0]))

/* Mission code: R1 > D1 > S1, S2; observers A and B; A at S1 on the 19th. */
static int64_t mission_with_a(struct store *st, const char *code)
{
	int64_t mid = test_mission_put(st, code);
	struct assignment_row a = {"A", "S1", "2023-03-19"};
	enum upsert_result res;
	struct err e;

	test_location_put(st, mid, "R1", "region", NULL);
	test_location_put(st, mid, "D1", "district", "R1");
	test_location_put(st, mid, "S1", "station", "D1");
	test_location_put(st, mid, "S2", "station", "D1");
	test_observer_put(st, mid, "A");
	test_observer_put(st, mid, "B");
	err_clear(&e);
	assert_int_equal(store_assignment_put(st, mid, &a, &res, &e), ST_OK);
	return mid;
}

static void run_steps(struct store *st, int64_t mid, bool batch)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(store_begin(st, &e), ST_OK);
	if (batch)
		assert_int_equal(store_assignment_batch_begin(st, mid, &e), ST_OK);
	for (size_t i = 0; i < NSTEPS; i++) {
		const struct step *s = &steps[i];
		struct assignment_row a = {s->observer, s->station, s->day};
		enum upsert_result res = 99;
		enum status rc;

		err_clear(&e);
		rc = store_assignment_put(st, mid, &a, &res, &e);
		if (rc != s->want)
			fail_msg("step %zu (%s at %s, %s): %s", i, s->observer,
			         s->station, batch ? "batch" : "one by one", e.msg);
		if (!rc)
			assert_int_equal(res, s->res);
		else
			assert_string_equal(e.msg, s->msg);
	}
	store_assignment_batch_end(st);
	assert_int_equal(store_commit(st, &e), ST_OK);
}

static enum status add_assignment(void *ctx, const struct assignment_row *a)
{
	buf_appendf(ctx, "%s@%s/%s;", a->observer, a->station, a->day);
	return ST_OK;
}

static enum status add_audit(void *ctx, const struct audit_entry *a)
{
	buf_appendf(ctx, "%s %s %s %s;", a->action, a->entity_key,
	            a->before ? a->before : "-", a->after ? a->after : "-");
	return ST_OK;
}

/* The mission's assignments, then its audit entries about assignments. */
static void stored(struct store *st, int64_t mid, struct buf *out)
{
	struct audit_filter f = {.mission_id = mid, .entity = "assignment"};
	struct err e;

	err_clear(&e);
	assert_int_equal(store_assignment_list(st, mid, NULL, add_assignment, out, &e),
	                 ST_OK);
	buf_appends(out, " | ");
	assert_int_equal(store_audit_list(st, &f, add_audit, out, &e), ST_OK);
}

static void test_batch_as_one_by_one(void **state)
{
	struct store *st = test_store_open();
	int64_t one = mission_with_a(st, "one"), many = mission_with_a(st, "many");
	struct buf a, b;

	(void)state;
	run_steps(st, one, false);
	run_steps(st, many, true);
	buf_init(&a, BUF_NO_CAP);
	buf_init(&b, BUF_NO_CAP);
	stored(st, one, &a);
	stored(st, many, &b);
	assert_string_equal(a.ptr, b.ptr);
	/* Five assignments, four of them written by the steps. */
	assert_non_null(strstr(a.ptr, "B@D1/2023-03-19;"));
	assert_non_null(strstr(a.ptr, "create A@S1 - "
	                              "{\"observer\":\"A\",\"station\":\"S1\","
	                              "\"day\":\"2023-03-20\"};"));
	buf_release(&a);
	buf_release(&b);
	test_store_close(st);
}

static void test_batch_needs_a_transaction(void **state)
{
	struct store *st = test_store_open();
	int64_t mid = mission_with_a(st, "m"), other = mission_with_a(st, "other");
	struct assignment_row x = {"B", "S2", "2023-03-19"};
	enum upsert_result res;
	struct buf before, after;
	struct err e;

	(void)state;
	buf_init(&before, BUF_NO_CAP);
	buf_init(&after, BUF_NO_CAP);
	stored(st, mid, &before);
	err_clear(&e);
	assert_int_equal(store_assignment_batch_begin(st, mid, &e), ST_INVALID);
	assert_int_equal(store_begin(st, &e), ST_OK);
	assert_int_equal(store_assignment_batch_begin(st, mid, &e), ST_OK);
	assert_int_equal(store_assignment_put(st, mid, &x, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_INSERTED);
	assert_int_equal(store_assignment_put(st, other, &x, &res, &e), ST_INVALID);
	store_rollback(st);
	/* Rolled back with the batch: nothing written, and the next put is
	 * one by one again. */
	stored(st, mid, &after);
	assert_string_equal(before.ptr, after.ptr);
	assert_int_equal(store_assignment_put(st, mid, &x, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_INSERTED);
	buf_release(&before);
	buf_release(&after);
	test_store_close(st);
}

int test_store_assignment_batch(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_batch_as_one_by_one),
	    cmocka_unit_test(test_batch_needs_a_transaction),
	};

	return test_backends("store_assignment_batch", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
