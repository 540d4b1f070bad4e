/* test_station_unreported.c - store_station_reports() finds every other
 * report on a station, whichever connection stored it, on both back-ends.
 * On SQLite a connection knows, without reading, the stations that have
 * no report of a form yet (store_sqlite_unreported.c): these tests store
 * reports from a second connection between its transactions, once with
 * the key of a report it rolled back, and check that it still finds
 * them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "store/store.h"

struct world {
	int64_t mid, s1, s2;
};

static int64_t key_of(struct store *st, int64_t mid, const char *code)
{
	const char *level;
	int64_t id;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_location_key(st, mid, code, &id, &level, &e), ST_OK);
	assert_true(id > 0);
	return id;
}

static struct world world(struct store *st)
{
	struct world w;

	w.mid = test_mission_put(st, "kz");
	test_location_put(st, w.mid, "R1", "region", NULL);
	test_location_put(st, w.mid, "S1", "station", "R1");
	test_location_put(st, w.mid, "S2", "station", "R1");
	test_observer_put(st, w.mid, "O1");
	test_observer_put(st, w.mid, "O2");
	w.s1 = key_of(st, w.mid, "S1");
	w.s2 = key_of(st, w.mid, "S2");
	return w;
}

/* Report id of form OP at station by observer, in a savepoint as the
 * writer stores one; its key. */
static int64_t put(struct store *st, int64_t mid, const char *id, const char *station,
                   const char *observer)
{
	struct stored_submission s = {.client_id = id,
	                              .form = "OP",
	                              .form_version = 1,
	                              .station = station,
	                              .observer = observer,
	                              .received_at = "2023-03-19T03:00:00Z",
	                              .channel = "api",
	                              .answers = "{\"A\":1}",
	                              .status = "new",
	                              .content_hash = id,
	                              .version = 1};
	enum put_outcome out;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_savepoint(st, &e), ST_OK);
	assert_int_equal(store_release(st, store_submission_put(st, mid, &s, &out, &e)),
	                 ST_OK);
	assert_int_equal(out, PUT_STORED);
	return s.id;
}

static enum status count_row(void *ctx, const struct stored_submission *s)
{
	(void)s;
	(*(int *)ctx)++;
	return ST_OK;
}

/* How many reports of OP other than except_id store_station_reports()
 * finds on station. */
static int others(struct store *st, int64_t mid, int64_t station, int64_t except_id)
{
	int n = 0;
	struct err e;

	err_clear(&e);
	assert_int_equal(
	    store_station_reports(st, mid, station, "OP", except_id, count_row, &n, &e),
	    ST_OK);
	return n;
}

static void begin(struct store *st)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(store_begin(st, &e), ST_OK);
}

static void commit(struct store *st)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(store_commit(st, &e), ST_OK);
}

/* The writer's way: a transaction a batch, a report stored and then
 * compared with its station's others.  The first comparison asks the
 * database; from the next transaction on SQLite knows the stations
 * without reports. */
static void batch(struct store *st, const struct world *w, const char *id,
                  const char *station, int64_t key, int want_others)
{
	int64_t sid;

	begin(st);
	sid = put(st, w->mid, id, station, "O1");
	assert_int_equal(others(st, w->mid, key, sid), want_others);
	commit(st);
}

/* A store with the world above and two reports on S1 stored the writer's
 * way: from the second, SQLite knows the stations without reports. */
static struct store *following(struct world *w)
{
	struct store *st = test_store_open();

	*w = world(st);
	batch(st, w, "a1", "S1", w->s1, 0);
	batch(st, w, "a2", "S1", w->s1, 1);
	return st;
}

static void test_other_connection(void **state)
{
	struct store *st, *other;
	struct world w;
	struct err e;

	(void)state;
	err_clear(&e);
	st = following(&w);
	/* Another connection (the command line, a second server) stores the
	 * first report on S2. */
	assert_int_equal(store_open(test_store_url(), &other, &e), ST_OK);
	put(other, w.mid, "b1", "S2", "O2");
	store_close(other);
	begin(st);
	assert_int_equal(others(st, w.mid, w.s2, 0), 1);
	commit(st);
	/* And a report stored here on S2 is compared with it. */
	batch(st, &w, "a3", "S2", w.s2, 1);
	test_store_close(st);
}

static void test_key_given_again(void **state)
{
	struct store *st, *other;
	struct world w;
	int64_t gone, again;
	struct err e;

	(void)state;
	err_clear(&e);
	st = following(&w);
	/* A report stored and compared, then rolled back: its key is free
	 * again on SQLite. */
	begin(st);
	gone = put(st, w.mid, "a3", "S1", "O1");
	assert_int_equal(others(st, w.mid, w.s1, gone), 2);
	store_rollback(st);
	assert_int_equal(store_open(test_store_url(), &other, &e), ST_OK);
	again = put(other, w.mid, "b1", "S2", "O2");
	store_close(other);
	if (!strcmp(test_backend(), "sqlite"))
		assert_int_equal(again, gone);
	begin(st);
	assert_int_equal(others(st, w.mid, w.s2, 0), 1);
	commit(st);
	test_store_close(st);
}

/* Stations never reported on have no others, the report left out is not
 * counted, and a report rolled back is not found. */
static void test_own_reports(void **state)
{
	struct store *st = test_store_open();
	struct world w;
	int64_t gone;

	(void)state;
	w = world(st);
	batch(st, &w, "a1", "S1", w.s1, 0);
	begin(st);
	assert_int_equal(others(st, w.mid, w.s2, 0), 0);
	assert_int_equal(others(st, w.mid, w.s1, 0), 1);
	gone = put(st, w.mid, "a2", "S2", "O1");
	assert_int_equal(others(st, w.mid, w.s2, gone), 0);
	assert_int_equal(others(st, w.mid, w.s2, 0), 1);
	store_rollback(st);
	begin(st);
	assert_int_equal(others(st, w.mid, w.s2, 0), 0);
	commit(st);
	batch(st, &w, "a3", "S2", w.s2, 0);
	batch(st, &w, "a4", "S2", w.s2, 1);
	test_store_close(st);
}

int test_station_unreported(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_other_connection),
	    cmocka_unit_test(test_key_given_again),
	    cmocka_unit_test(test_own_reports),
	};

	return test_backends("station_unreported", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
