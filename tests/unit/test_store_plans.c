/* test_store_plans.c - statements of the store that must go by key, and
 * how SQLite plans them on a new database (no statistics): a statement
 * that names the mission beside a list of report keys was planned along
 * an index led by the mission, a walk over every report of it for each
 * batch of keys (seconds at 2 million reports), where the keys alone
 * reach the rows. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "fixture.h"
#include "store/store.h"
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
	char path[] = "/tmp/observa-plans-XXXXXX", url[64], plan[4096];
	struct store *st;
	sqlite3 *db;
	struct err e;
	int fd;

	(void)state;
	fd = mkstemp(path);
	close(fd);
	unlink(path);
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

int test_store_plans(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reports_by_key),
	};

	return cmocka_run_group_tests_name("store_plans", tests, NULL, NULL);
}
