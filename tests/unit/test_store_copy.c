/* test_store_copy.c - "observa migrate": a SQLite database copied into
 * PostgreSQL keeps its rows and keys, new keys follow the copied ones, and
 * a database that holds data is refused.  Runs when OBSERVA_TEST_PG_URL
 * names a database (make unit starts one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "fixture.h"
#include "store/db.h"
#include "store/store_copy.h"
#include "store/store_maint.h"

static const char *pg_url;
static char lite[64];

static int64_t add_mission(struct store *st, const char *code)
{
	struct mission m = {.code = code,
	                    .name = "Mission \"d'observation\" ; é",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct err e;

	err_clear(&e);
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	return m.id;
}

struct calls {
	int tables;
	int64_t mission_rows;
};

static void seen(void *ctx, const char *table, int64_t done, int64_t total)
{
	struct calls *c = ctx;

	assert_true(done <= total);
	if (done == 0)
		c->tables++;
	if (!strcmp(table, "mission") && done == total)
		c->mission_rows = total;
}

static void test_copy(void **state)
{
	struct store *st;
	struct calls calls = {0};
	struct mission got;
	struct arena a = ARENA_INIT;
	char url[96];
	int64_t rows = 0, last;
	struct err e;
	int fd;

	(void)state;
	pg_url = getenv("OBSERVA_TEST_PG_URL");
	if (!pg_url || !*pg_url) {
		printf("test_store_copy: skipped: OBSERVA_TEST_PG_URL is not set "
		       "(make unit sets it when PostgreSQL is installed)\n");
		skip();
	}
	err_clear(&e);
	snprintf(lite, sizeof(lite), "/tmp/observa-copy-XXXXXX");
	fd = mkstemp(lite);
	assert_true(fd >= 0);
	close(fd);
	unlink(lite);
	snprintf(url, sizeof(url), "sqlite:%s", lite);
	assert_int_equal(store_open(url, &st, &e), ST_OK);
	add_mission(st, "kz-2023");
	add_mission(st, "kz-2024");
	last = add_mission(st, "uz-2024");
	store_close(st);

	test_pg_empty(pg_url);
	assert_int_equal(store_copy_to_pg(url, pg_url, seen, &calls, &rows, &e), ST_OK);
	assert_true(calls.tables > 20);
	assert_int_equal(calls.mission_rows, 3);
	assert_int_equal(rows, 6); /* three missions, three audit entries */

	assert_int_equal(store_open(pg_url, &st, &e), ST_OK);
	assert_int_equal(store_mission_get(st, "uz-2024", &a, &got, &e), ST_OK);
	assert_int_equal(got.id, last);
	assert_string_equal(got.name, "Mission \"d'observation\" ; é");
	/* Keys go on after the copied ones. */
	assert_true(add_mission(st, "tj-2025") > last);
	store_close(st);

	/* Copying again would mix two databases: refused, nothing written. */
	assert_int_equal(store_copy_to_pg(url, pg_url, NULL, NULL, &rows, &e), ST_EXISTS);
	assert_non_null(strstr(e.msg, "already holds data (table mission has 4 rows)"));
	assert_int_equal(store_copy_to_pg(pg_url, pg_url, NULL, NULL, &rows, &e),
	                 ST_INVALID);
	assert_non_null(strstr(e.msg, "is not a SQLite database"));
	arena_release(&a);
	test_db_remove(lite);
}

/* A PostgreSQL database backed up into a SQLite file while it is open,
 * checked, and restored over changed content: the backup's content comes
 * back, whole. */
static void test_backup_restore(void **state)
{
	struct store *st, *lite;
	struct mission got;
	struct arena a = ARENA_INIT;
	char file[64], url[96];
	int64_t problems = -1, last;
	bool empty = true;
	struct err e;
	int fd;

	(void)state;
	pg_url = getenv("OBSERVA_TEST_PG_URL");
	if (!pg_url || !*pg_url) {
		printf("test_store_copy: skipped: OBSERVA_TEST_PG_URL is not set "
		       "(make unit sets it when PostgreSQL is installed)\n");
		skip();
	}
	err_clear(&e);
	test_pg_empty(pg_url);
	assert_int_equal(store_open(pg_url, &st, &e), ST_OK);
	assert_int_equal(store_is_empty(st, &empty, &e), ST_OK);
	assert_true(empty);
	add_mission(st, "kz-2023");
	last = add_mission(st, "kz-2024");
	assert_int_equal(store_is_empty(st, &empty, &e), ST_OK);
	assert_false(empty);
	assert_int_equal(store_check(st, NULL, NULL, &problems, &e), ST_OK);
	assert_int_equal(problems, 0);

	snprintf(file, sizeof(file), "/tmp/observa-pgbak-XXXXXX");
	fd = mkstemp(file);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(store_backup(st, file, NULL, NULL, &e), ST_OK);
	snprintf(url, sizeof(url), "sqlite:%s", file);
	assert_int_equal(store_open(url, &lite, &e), ST_OK);
	assert_int_equal(store_mission_get(lite, "kz-2024", &a, &got, &e), ST_OK);
	assert_int_equal(got.id, last);
	store_close(lite);

	/* Changed after the backup, then restored: back as it was. */
	add_mission(st, "uz-2025");
	assert_int_equal(store_restore(st, file, NULL, NULL, &e), ST_OK);
	assert_int_equal(store_mission_get(st, "uz-2025", &a, &got, &e), ST_NOT_FOUND);
	assert_int_equal(store_mission_get(st, "kz-2024", &a, &got, &e), ST_OK);
	assert_int_equal(got.id, last);
	assert_true(add_mission(st, "tj-2026") > last);

	/* Not a database: refused, nothing changed. */
	assert_int_equal(store_restore(st, "/etc/hostname", NULL, NULL, &e), ST_INVALID);
	assert_int_equal(store_mission_get(st, "tj-2026", &a, &got, &e), ST_OK);
	store_close(st);
	arena_release(&a);
	test_db_remove(file);
}

int test_store_copy(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_copy),
	    cmocka_unit_test(test_backup_restore),
	};

	return cmocka_run_group_tests_name("store_copy", tests, NULL, NULL);
}
