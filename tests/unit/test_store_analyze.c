/* test_store_analyze.c - an import of thousands of rows leaves the
 * database's planner statistics of what it brought, on each back-end:
 * on PostgreSQL the tables are analyzed (pg_class.reltuples, -1 for a
 * table never analyzed, counts the rows), a small import leaves that to
 * autovacuum, and store_analyze() refuses to run inside a transaction;
 * on SQLite there is nothing to do and nothing fails. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "core/buf.h"
#include "ingest/csv.h"
#include "ingest/import.h"
#include "ingest/import_common.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_analyze.h"

/* The planner's row estimate of table on the PostgreSQL database the
 * store was opened on. */
static double reltuples(const char *table)
{
	struct db *db = NULL;
	struct db_stmt *st = NULL;
	struct err e;
	double n;
	bool row;

	err_clear(&e);
	if (db_open(test_store_url(), &db, &e) ||
	    db_prepare(db,
	               "SELECT reltuples FROM pg_class WHERE relname = ?1"
	               " AND relnamespace = CAST(current_schema() AS regnamespace)",
	               0, &st, &e) ||
	    (db_bind_text(st, 1, table), db_step(st, &row, &e)))
		fail_msg("%s", e.msg);
	assert_true(row);
	n = db_col_double(st, 0);
	db_finalize(st);
	db_close(db);
	return n;
}

/* Import n stations (codes from first) under region R into mission m. */
static void import_stations(struct store *st, const struct mission *m, int first, int n,
                            struct import_counts *c)
{
	struct buf csv;
	struct csv_reader r;
	struct err e;

	buf_init(&csv, BUF_NO_CAP);
	buf_appends(&csv, "code,name,level,parent\n");
	if (!first)
		buf_appends(&csv, "R,Region,region,\n");
	for (int i = first; i < first + n; i++)
		buf_appendf(&csv, "S%05d,Station %d,station,R\n", i, i);
	err_clear(&e);
	csv_open_mem(&r, csv.ptr, csv.len);
	if (import_locations(&r, st, m, NULL, c, &e))
		fail_msg("%s", e.msg);
	csv_close(&r);
	buf_release(&csv);
}

static void test_import_analyzes(void **state)
{
	struct store *st = test_store_open();
	struct mission m = test_mission_named("kz");
	bool pg = !strcmp(test_backend(), "postgres");
	struct import_counts c;
	struct err e;

	(void)state;
	err_clear(&e);
	m.id = test_mission_put(st, m.code);
	import_stations(st, &m, 0, 10, &c);
	assert_int_equal(c.inserted, 11);
	if (pg)
		assert_true(reltuples("location") < 0); /* left to autovacuum */
	import_stations(st, &m, 10, IMPORT_ANALYZE_ROWS, &c);
	assert_int_equal(c.inserted, IMPORT_ANALYZE_ROWS);
	if (pg)
		assert_true(reltuples("location") >= 11 + IMPORT_ANALYZE_ROWS);

	assert_int_equal(store_analyze(st, &e), ST_OK);
	assert_int_equal(store_begin(st, &e), ST_OK);
	assert_int_equal(store_analyze(st, &e), pg ? ST_INVALID : ST_OK);
	store_rollback(st);
	test_store_close(st);
}

int test_store_analyze(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_import_analyzes),
	};

	return test_backends("test_store_analyze", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
