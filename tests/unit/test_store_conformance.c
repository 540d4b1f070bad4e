/* test_store_conformance.c - the store's operations give the same answers
 * on SQLite and on PostgreSQL: each test runs on both back-ends
 * (fixture.h's test_backends). */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "store/store.h"

static struct mission mission_named(const char *code)
{
	struct mission m = {.code = code,
	                    .name = "Election observation mission",
	                    .organisation = "CIS IPA",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ",
	                    .long_term_start = "2023-02-01",
	                    .long_term_end = "2023-03-25",
	                    .settings = "{\"lang\":\"ru\"}"};
	return m;
}

static void test_mission_round_trip(void **state)
{
	struct store *st = test_store_open();
	struct mission m = mission_named("kz-2023"), got;
	struct arena a = ARENA_INIT;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	assert_true(m.id > 0);
	assert_int_equal(store_mission_get(st, "kz-2023", &a, &got, &e), ST_OK);
	assert_int_equal(got.id, m.id);
	assert_string_equal(got.name, m.name);
	assert_string_equal(got.organisation, "CIS IPA");
	assert_string_equal(got.election_date, "2023-03-19");
	assert_string_equal(got.long_term_end, "2023-03-25");
	assert_null(got.short_term_start);
	assert_string_equal(got.settings, "{\"lang\":\"ru\"}");
	assert_int_equal(strlen(got.created_at), 20);
	assert_int_equal(store_mission_get(st, "none", &a, &got, &e), ST_NOT_FOUND);
	assert_string_equal(e.msg, "no mission with code \"none\"");
	arena_release(&a);
	test_store_close(st);
}

static void test_mission_duplicate_leaves_store_usable(void **state)
{
	struct store *st = test_store_open();
	struct mission m = mission_named("kz"), again = mission_named("kz"),
	               other = mission_named("uz");
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	assert_int_equal(store_mission_create(st, &again, &e), ST_EXISTS);
	assert_string_equal(e.msg, "a mission with code \"kz\" already exists");
	/* The failed change left nothing half done behind it. */
	assert_int_equal(store_mission_create(st, &other, &e), ST_OK);
	assert_true(other.id > m.id);
	test_store_close(st);
}

struct codes {
	char buf[256];
};

static enum status collect(void *ctx, const struct mission *m)
{
	struct codes *c = ctx;
	size_t n = strlen(c->buf);

	snprintf(c->buf + n, sizeof(c->buf) - n, "%s%s", n ? "," : "", m->code);
	return ST_OK;
}

static void test_mission_list_in_byte_order(void **state)
{
	struct store *st = test_store_open();
	const char *codes[] = {"b-2", "a-1", "B-3", "a-10", "a-2"};
	struct codes c = {{0}};
	struct err e;

	(void)state;
	err_clear(&e);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		struct mission m = mission_named(codes[i]);
		assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	}
	assert_int_equal(store_mission_list(st, collect, &c, &e), ST_OK);
	/* Codes compare byte by byte, as SQLite does, whatever the
	 * PostgreSQL database's own collation. */
	assert_string_equal(c.buf, "B-3,a-1,a-10,a-2,b-2");
	test_store_close(st);
}

static void test_mission_update(void **state)
{
	struct store *st = test_store_open();
	struct mission m = mission_named("kz"), got;
	struct arena a = ARENA_INIT;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	m.name = "Mission d'observation";
	m.organisation = NULL;
	assert_int_equal(store_mission_update(st, &m, &e), ST_OK);
	assert_int_equal(store_mission_get(st, "kz", &a, &got, &e), ST_OK);
	assert_string_equal(got.name, "Mission d'observation");
	assert_null(got.organisation);
	m.code = "none";
	assert_int_equal(store_mission_update(st, &m, &e), ST_NOT_FOUND);
	arena_release(&a);
	test_store_close(st);
}

static void test_transactions(void **state)
{
	struct store *st = test_store_open();
	struct mission a1 = mission_named("rolled-back"), a2 = mission_named("kept"),
	               a3 = mission_named("in-savepoint"), got;
	struct arena a = ARENA_INIT;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_begin(st, &e), ST_OK);
	assert_int_equal(store_mission_create(st, &a1, &e), ST_OK);
	store_rollback(st);
	assert_int_equal(store_mission_get(st, "rolled-back", &a, &got, &e),
	                 ST_NOT_FOUND);

	assert_int_equal(store_begin(st, &e), ST_OK);
	assert_int_equal(store_mission_create(st, &a2, &e), ST_OK);
	/* A change that fails inside a transaction is undone alone. */
	assert_int_equal(store_savepoint(st, &e), ST_OK);
	assert_int_equal(store_mission_create(st, &a3, &e), ST_OK);
	assert_int_equal(store_release(st, ST_INVALID), ST_INVALID);
	{
		struct mission dup = mission_named("kept");
		assert_int_equal(store_mission_create(st, &dup, &e), ST_EXISTS);
	}
	assert_int_equal(store_commit(st, &e), ST_OK);
	assert_int_equal(store_mission_get(st, "kept", &a, &got, &e), ST_OK);
	assert_int_equal(store_mission_get(st, "in-savepoint", &a, &got, &e),
	                 ST_NOT_FOUND);
	arena_release(&a);
	test_store_close(st);
}

int test_store_conformance(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mission_round_trip),
	    cmocka_unit_test(test_mission_duplicate_leaves_store_usable),
	    cmocka_unit_test(test_mission_list_in_byte_order),
	    cmocka_unit_test(test_mission_update),
	    cmocka_unit_test(test_transactions),
	};

	return test_backends("store_conformance", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
