/* test_store_plans.c - statements of the store that must go by key, and
 * how SQLite plans them on a new database (no statistics): a statement
 * that names the mission beside a list of report keys was planned along
 * an index led by the mission, a walk over every report of it for each
 * batch of keys (seconds at 2 million reports), where the keys alone
 * reach the rows. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "fixture.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_analyze.h"
#include "store/store_sqlite.h"

extern const char *const store_sql_text[SQL__COUNT];

/* Every line of the plan of statement id, joined by "\n". */
static void plan_of(sqlite3 *db, enum sql_stmt id, char *out, size_t n)
{
	char sql[8192];
	sqlite3_stmt *st;
	size_t len = 0;

	snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s", store_sql_text[id]);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	out[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW && len < n)
		len += (size_t)snprintf(out + len, n - len, "%s\n",
		                        (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
}

static void test_reports_by_key(void **state)
{
	char path[64], url[80], plan[4096];
	struct store *st;
	sqlite3 *db;
	struct err e;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/observa-test-plans-%d.db", (int)getpid());
	test_db_remove(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(store_open(url, &st, &e), ST_OK); /* the schema */
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	plan_of(db, SQL_SUB_BY_IDS, plan, sizeof(plan));
	if (!strstr(plan, "SEARCH s USING INTEGER PRIMARY KEY"))
		fail_msg("reports by key are not read by key:\n%s", plan);
	assert_null(strstr(plan, "SCAN"));
	assert_null(strstr(plan, "(mission_id=?)"));
	sqlite3_close(db);
	test_db_remove(path);
}

/* The generic plan PostgreSQL makes for the lookup of an observer by
 * mission and code, as the store prepares it. */
static void pg_plan_of_lookup(struct store *st, char *out, size_t n)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	struct db_stmt *q;
	size_t len = 0;
	struct err e;
	bool row;

	err_clear(&e);
	assert_int_equal(
	    db_exec(s->conn, "SET LOCAL plan_cache_mode = force_generic_plan", &e),
	    ST_OK);
	assert_int_equal(db_prepare(s->conn,
	                            "EXPLAIN SELECT id FROM observer"
	                            " WHERE mission_id = CAST(?1 AS BIGINT)"
	                            " AND code = CAST(?2 AS TEXT)",
	                            0, &q, &e),
	                 ST_OK);
	db_bind_int64(q, 1, 1);
	db_bind_text(q, 2, "O-00001");
	out[0] = '\0';
	while (!db_step(q, &row, &e) && row && len < n)
		len += (size_t)snprintf(out + len, n - len, "%s\n", db_col_text(q, 0));
	db_finalize(q);
}

/* An import's first thousand observers on a new PostgreSQL database, then
 * the statistics of its tables inside its transaction
 * (store_analyze_tables(), as the imports do): the lookup by mission and
 * code goes along the unique key, not along another index on the mission
 * with the code as a filter (which made an import of 30,000 observers
 * quadratic: 400 s). */
static void test_pg_lookup_after_early_statistics(void **state)
{
	const char *url = getenv("OBSERVA_TEST_PG_URL");
	struct mission m = {.code = "kz",
	                    .name = "M",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	char plan[4096], code[16];
	struct store *st;
	struct err e;

	(void)state;
	if (!url || !*url) {
		printf(
		    "store_plans: PostgreSQL skipped: OBSERVA_TEST_PG_URL is not set\n");
		return;
	}
	err_clear(&e);
	test_pg_empty(url);
	assert_int_equal(store_open(url, &st, &e), ST_OK);
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	assert_int_equal(store_begin(st, &e), ST_OK);
	for (int i = 1; i <= 1000; i++) {
		struct observer o = {.code = code,
		                     .full_name = "O",
		                     .role = "short_term",
		                     .accreditation_status = "accredited"};
		enum upsert_result res;
		snprintf(code, sizeof(code), "O-%05d", i);
		assert_int_equal(store_observer_upsert(st, m.id, &o, &res, &e), ST_OK);
	}
	assert_int_equal(store_analyze_tables(st, "observer, observer_phone", &e), ST_OK);
	pg_plan_of_lookup(st, plan, sizeof(plan));
	if (!strstr(plan, "observer_mission_id_code_key"))
		fail_msg("the lookup does not go by the unique key:\n%s", plan);
	store_rollback(st);
	store_close(st);
}

int test_store_plans(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reports_by_key),
	    cmocka_unit_test(test_pg_lookup_after_early_statistics),
	};

	return cmocka_run_group_tests_name("store_plans", tests, NULL, NULL);
}
