/* test_db_listen.c - every commit observa makes on PostgreSQL is heard by
 * a listener on another connection (what lets every server's dashboards
 * learn of changes made through any server); a rollback is not.  Runs
 * when OBSERVA_TEST_PG_URL names a database. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "test.h"
#include "fixture.h"
#include "store/db.h"
#include "store/db_listen.h"
#include "store/store.h"

/* Notifications heard within about a second. */
static long heard(struct db_listener *l)
{
	struct timespec nap = {0, 20 * 1000000L};
	long n = 0;

	for (int i = 0; i < 50 && !n; i++) {
		n = db_listen_poll(l);
		if (!n)
			nanosleep(&nap, NULL);
	}
	return n;
}

static void create(struct store *st, const char *code)
{
	struct mission m = {.code = code,
	                    .name = "M",
	                    .election_type = "parliament",
	                    .election_date = "2024-03-01",
	                    .country = "KZ"};
	struct err e;

	err_clear(&e);
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
}

static void test_commits_heard(void **state)
{
	const char *url = getenv("OBSERVA_TEST_PG_URL");
	struct db_listener *l = NULL;
	struct store *st;
	struct err e;

	(void)state;
	if (!url || !*url) {
		printf("test_db_listen: skipped: OBSERVA_TEST_PG_URL is not set "
		       "(make unit sets it when PostgreSQL is installed)\n");
		skip();
	}
	err_clear(&e);
	test_pg_empty(url);
	assert_int_equal(store_open(url, &st, &e), ST_OK);
	assert_int_equal(db_listen_open(url, &l, &e), ST_OK);
	assert_int_equal(db_listen_poll(l), 0);

	/* A change on its own commits its transaction. */
	create(st, "a");
	assert_true(heard(l) >= 1);
	/* A transaction of several changes. */
	assert_int_equal(store_begin(st, &e), ST_OK);
	create(st, "b");
	create(st, "c");
	assert_int_equal(store_commit(st, &e), ST_OK);
	assert_true(heard(l) >= 1);
	/* Nothing committed, nothing heard. */
	assert_int_equal(store_begin(st, &e), ST_OK);
	create(st, "d");
	store_rollback(st);
	assert_int_equal(heard(l), 0);
	db_listen_close(l);
	store_close(st);
}

static void test_sqlite_has_nothing_to_hear(void **state)
{
	struct db_listener *l = NULL;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(db_listen_open("sqlite:/tmp/x.db", &l, &e), ST_UNSUPPORTED);
	assert_null(l);
}

int test_db_listen(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sqlite_has_nothing_to_hear),
	    cmocka_unit_test(test_commits_heard),
	};

	return cmocka_run_group_tests_name("db_listen", tests, NULL, NULL);
}
