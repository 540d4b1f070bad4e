/* fixture.c - the store tests' shared steps (fixture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "test.h"
#include "fixture.h"
#include "store/db.h"

void test_db_remove(const char *path)
{
	char side[128];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

void test_location_put(struct store *st, int64_t mid, const char *code, const char *level,
                       const char *parent)
{
	struct location l = {.code = code,
	                     .name = code,
	                     .level = level,
	                     .parent = parent,
	                     .registered_voters = -1};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_location_upsert(st, mid, &l, &res, &e), ST_OK);
}

struct mission test_mission_named(const char *code)
{
	struct mission m = {.code = code,
	                    .name = "Election observation mission",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	return m;
}

int64_t test_mission_put(struct store *st, const char *code)
{
	struct mission m = test_mission_named(code);
	struct err e;

	err_clear(&e);
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	return m.id;
}

void test_observer_put(struct store *st, int64_t mid, const char *code)
{
	struct observer o = {.code = code,
	                     .full_name = code,
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_observer_upsert(st, mid, &o, &res, &e), ST_OK);
}

/* ---- the conformance suite's back-ends ---- */

static const char *pg_url; /* NULL while running on SQLite */
static char lite_path[64];
static char last_url[160];

const char *test_store_url(void)
{
	return last_url;
}

const char *test_backend(void)
{
	return pg_url ? "postgres" : "sqlite";
}

void test_pg_empty(const char *url)
{
	struct db *db;
	struct err e;

	err_clear(&e);
	if (db_open(url, &db, &e))
		fail_msg("%s", e.msg);
	if (db_exec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public", &e))
		fail_msg("emptying the PostgreSQL database: %s", e.msg);
	db_close(db);
}

struct store *test_store_open(void)
{
	struct store *st = NULL;
	struct err e;
	char url[96];
	int fd;

	err_clear(&e);
	if (pg_url) {
		test_pg_empty(pg_url); /* each test starts empty */
		snprintf(url, sizeof(url), "%s", pg_url);
	} else {
		snprintf(lite_path, sizeof(lite_path), "/tmp/observa-conf-XXXXXX");
		fd = mkstemp(lite_path);
		assert_true(fd >= 0);
		close(fd);
		unlink(lite_path);
		snprintf(url, sizeof(url), "sqlite:%s", lite_path);
	}
	snprintf(last_url, sizeof(last_url), "%s", url);
	if (store_open(url, &st, &e))
		fail_msg("opening the %s store: %s", test_backend(), e.msg);
	return st;
}

void test_store_close(struct store *st)
{
	store_close(st);
	if (!pg_url && lite_path[0])
		test_db_remove(lite_path);
}

int test_backends(const char *name, const struct CMUnitTest *tests, size_t n)
{
	const char *url = getenv("OBSERVA_TEST_PG_URL");
	char label[128];
	int failed;

	pg_url = NULL;
	snprintf(label, sizeof(label), "%s (sqlite)", name);
	failed = _cmocka_run_group_tests(label, tests, n, NULL, NULL);
	if (!url || !*url) {
		printf("%s: PostgreSQL skipped: OBSERVA_TEST_PG_URL is not set "
		       "(make unit sets it when PostgreSQL is installed)\n",
		       name);
		return failed;
	}
	pg_url = url;
	snprintf(label, sizeof(label), "%s (postgres)", name);
	failed += _cmocka_run_group_tests(label, tests, n, NULL, NULL);
	pg_url = NULL;
	return failed;
}
