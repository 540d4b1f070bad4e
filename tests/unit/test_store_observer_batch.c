/* test_store_observer_batch.c - a batch of observer upserts
 * (store_observer_batch_begin(), as imports write) gives the outcomes,
 * errors and stored observers that the same upserts give one by one, on
 * both back-ends: new observers, with organisations new and known, phones
 * given up and taken over, a phone of another observer (refused, nothing
 * written) or listed twice, an observer stored before the batch. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "store/store.h"

struct step {
	const char *code, *name, *org, *phones;
	enum status want;
	enum upsert_result res;
	const char *msg;
};

/* O3 is stored before the steps, with phone +77019999999. */
static const struct step steps[] = {
    {"O1", "Aigerim", "OSCE", "+77011111111;+77012222222", ST_OK, UPSERT_INSERTED, NULL},
    {"O1", "Aigerim", "OSCE", "+77011111111;+77012222222", ST_OK, UPSERT_UNCHANGED, NULL},
    {"O2", "Bolat", "OSCE", "+77011111111", ST_CONFLICT, 0,
     "phone: +77011111111 already belongs to observer \"O1\""},
    {"O2", "Bolat", NULL, "+77013333333;+77013333333", ST_INVALID, 0,
     "phone: +77013333333 is listed twice"},
    {"O1", "Aigerim S.", "CIS IPA", "+77012222222", ST_OK, UPSERT_UPDATED, NULL},
    {"O2", "Bolat", "OSCE", "+77011111111", ST_OK, UPSERT_INSERTED, NULL},
    {"O3", "Dana", "CIS IPA", "+77019999999;+77011111111", ST_CONFLICT, 0,
     "phone: +77011111111 already belongs to observer \"O2\""},
    {"O3", "Dana K.", "CIS IPA", "+77014444444", ST_OK, UPSERT_UPDATED, NULL},
    {"O4", "Erlan", NULL, "+77019999999", ST_OK, UPSERT_INSERTED, NULL},
};
#define NSTEPS (sizeof(steps) / sizeof(steps[0]))

static int64_t mission_with_o3(struct store *st, const char *code)
{
	int64_t mid = test_mission_put(st, code);
	struct observer o3 = {.code = "O3",
	                      .full_name = "Dana",
	                      .role = "short_term",
	                      .phones = "+77019999999",
	                      .accreditation_status = "requested"};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_observer_upsert(st, mid, &o3, &res, &e), ST_OK);
	return mid;
}

static void run_steps(struct store *st, int64_t mid, bool batch)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(store_begin(st, &e), ST_OK);
	if (batch)
		assert_int_equal(store_observer_batch_begin(st, mid, &e), ST_OK);
	for (size_t i = 0; i < NSTEPS; i++) {
		const struct step *s = &steps[i];
		struct observer o = {.code = s->code,
		                     .full_name = s->name,
		                     .organisation = s->org,
		                     .role = "short_term",
		                     .phones = s->phones,
		                     .email = "x@example.org",
		                     .accreditation_status = "requested"};
		enum upsert_result res = 99;
		enum status rc;

		err_clear(&e);
		rc = store_observer_upsert(st, mid, &o, &res, &e);
		if (rc != s->want)
			fail_msg("step %zu (%s, %s): %s", i, s->code,
			         batch ? "batch" : "one by one", e.msg);
		if (!rc)
			assert_int_equal(res, s->res);
		else
			assert_string_equal(e.msg, s->msg);
	}
	store_observer_batch_end(st);
	assert_int_equal(store_commit(st, &e), ST_OK);
}

static void observer_of(struct store *st, int64_t mid, const char *code, char *out,
                        size_t n)
{
	struct arena a = ARENA_INIT;
	struct observer o;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_observer_get(st, mid, code, &a, &o, &e), ST_OK);
	snprintf(out, n, "%s|%s|%s|%s|%s|%s", o.full_name,
	         o.organisation ? o.organisation : "-", o.phones ? o.phones : "-", o.role,
	         o.email ? o.email : "-", o.accreditation_status);
	arena_release(&a);
}

static void test_batch_as_one_by_one(void **state)
{
	static const char *const codes[] = {"O1", "O2", "O3", "O4"};
	struct store *st = test_store_open();
	int64_t one = mission_with_o3(st, "one"), many = mission_with_o3(st, "many");
	struct observer_filter all = {0};
	int64_t n1 = 0, n2 = 0;
	struct err e;

	(void)state;
	run_steps(st, one, false);
	run_steps(st, many, true);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		char a[512], b[512];
		observer_of(st, one, codes[i], a, sizeof(a));
		observer_of(st, many, codes[i], b, sizeof(b));
		assert_string_equal(a, b);
	}
	err_clear(&e);
	assert_int_equal(store_observer_list(st, one, &all, &n1, NULL, NULL, &e), ST_OK);
	assert_int_equal(store_observer_list(st, many, &all, &n2, NULL, NULL, &e), ST_OK);
	assert_int_equal(n1, 4);
	assert_int_equal(n2, 4);
	test_store_close(st);
}

static void test_batch_needs_a_transaction(void **state)
{
	struct store *st = test_store_open();
	int64_t mid = mission_with_o3(st, "m"), other = mission_with_o3(st, "other");
	struct observer x = {.code = "X",
	                     .full_name = "X",
	                     .role = "short_term",
	                     .phones = "+77015555555",
	                     .accreditation_status = "requested"};
	enum upsert_result res;
	struct arena a = ARENA_INIT;
	struct observer got;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_observer_batch_begin(st, mid, &e), ST_INVALID);
	assert_int_equal(store_begin(st, &e), ST_OK);
	assert_int_equal(store_observer_batch_begin(st, mid, &e), ST_OK);
	assert_int_equal(store_observer_upsert(st, mid, &x, &res, &e), ST_OK);
	assert_int_equal(store_observer_upsert(st, other, &x, &res, &e), ST_INVALID);
	store_rollback(st);
	assert_int_equal(store_observer_get(st, mid, "X", &a, &got, &e), ST_NOT_FOUND);
	assert_int_equal(store_observer_upsert(st, mid, &x, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_INSERTED);
	arena_release(&a);
	test_store_close(st);
}

int test_store_observer_batch(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_batch_as_one_by_one),
	    cmocka_unit_test(test_batch_needs_a_transaction),
	};

	return test_backends("store_observer_batch", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
