/* test_store_read_lock.c - a request's reads (store_read_savepoint())
 * neither wait for a writing transaction on another connection nor see
 * what it has not committed, on each back-end.  On PostgreSQL every
 * writing transaction holds one advisory lock to its end; reads that
 * took it too made every report's validation wait for the writers of
 * every server (bench/backends.sh showed intake at a few hundred
 * reports a second). */
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "test.h"
#include "fixture.h"
#include "store/store.h"
#include "store/store_read.h"

/* What the reading thread did, read by the test once it is done. */
struct reading {
	struct store *st;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	int done;
	enum status begin_rc, seen_rc, unseen_rc, release_rc;
	int64_t seen_id;
};

static void *read_both(void *arg)
{
	struct reading *r = arg;
	struct arena a = ARENA_INIT;
	struct mission got;
	struct err e;

	err_clear(&e);
	r->begin_rc = store_read_savepoint(r->st, &e);
	if (!r->begin_rc) {
		r->seen_rc = store_mission_get(r->st, "kz", &a, &got, &e);
		r->seen_id = r->seen_rc ? 0 : got.id;
		r->unseen_rc = store_mission_get(r->st, "uz", &a, &got, &e);
		r->release_rc = store_release(r->st, ST_OK);
	}
	arena_release(&a);
	pthread_mutex_lock(&r->mu);
	r->done = 1;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* kz stored on st; then another connection, returned, that has stored
 * uz in a transaction it holds open. */
static struct store *writing_elsewhere(struct store *st, struct mission *kz,
                                       struct mission *uz)
{
	struct store *writer = NULL;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_mission_create(st, kz, &e), ST_OK);
	if (store_open(test_store_url(), &writer, &e))
		fail_msg("opening a second connection: %s", e.msg);
	assert_int_equal(store_begin(writer, &e), ST_OK);
	assert_int_equal(store_mission_create(writer, uz, &e), ST_OK);
	return writer;
}

static void test_reads_do_not_wait_for_a_writer(void **state)
{
	struct store *st = test_store_open(), *writer = NULL;
	struct mission kz = test_mission_named("kz"), uz = test_mission_named("uz");
	struct reading r = {
	    .st = st, .mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
	struct timespec until;
	pthread_t t;
	struct err e;
	int done;

	(void)state;
	err_clear(&e);
	writer = writing_elsewhere(st, &kz, &uz);

	assert_int_equal(pthread_create(&t, NULL, read_both, &r), 0);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&r.mu);
	while (!r.done && pthread_cond_timedwait(&r.cond, &r.mu, &until) == 0)
		;
	done = r.done;
	pthread_mutex_unlock(&r.mu);
	/* Let a reader that waits go on before judging it. */
	store_rollback(writer);
	pthread_join(t, NULL);
	store_close(writer);

	assert_true(done); /* within 10 s, while the writer held its lock */
	assert_int_equal(r.begin_rc, ST_OK);
	assert_int_equal(r.seen_rc, ST_OK);
	assert_int_equal(r.seen_id, kz.id);
	assert_int_equal(r.unseen_rc, ST_NOT_FOUND); /* not committed */
	assert_int_equal(r.release_rc, ST_OK);
	test_store_close(st);
}

/* On PostgreSQL the reads are read-only: a write in them fails and is
 * undone.  On either back-end the store writes again after them. */
static void test_read_savepoint_then_write(void **state)
{
	struct store *st = test_store_open();
	struct mission kz = test_mission_named("kz"), uz = test_mission_named("uz"), got;
	bool pg = !strcmp(test_backend(), "postgres");
	struct arena a = ARENA_INIT;
	enum status rc = ST_OK;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_mission_create(st, &kz, &e), ST_OK);
	assert_int_equal(store_read_savepoint(st, &e), ST_OK);
	assert_int_equal(store_mission_get(st, "kz", &a, &got, &e), ST_OK);
	if (pg) {
		rc = store_mission_create(st, &uz, &e);
		assert_int_not_equal(rc, ST_OK);
		err_clear(&e);
	}
	assert_int_equal(store_release(st, rc), rc);
	assert_int_equal(store_mission_get(st, "uz", &a, &got, &e), ST_NOT_FOUND);
	uz = test_mission_named("uz");
	assert_int_equal(store_mission_create(st, &uz, &e), ST_OK);
	assert_int_equal(store_mission_get(st, "uz", &a, &got, &e), ST_OK);
	assert_int_equal(got.id, uz.id);
	arena_release(&a);
	test_store_close(st);
}

static void *commit_later(void *arg)
{
	struct store *writer = arg;
	struct err e;

	usleep(200 * 1000);
	err_clear(&e);
	if (store_commit(writer, &e))
		store_rollback(writer);
	return NULL;
}

/* A change on a connection outside any transaction (the command line
 * while a server takes reports) waits for another connection's writing
 * transaction to end, and then is made.  On SQLite it read, then wrote,
 * and SQLite refused at once the read turning into a write ("database is
 * locked"), without waiting. */
static void test_change_waits_for_a_writer(void **state)
{
	struct store *st = test_store_open(), *writer = NULL;
	struct mission kz = test_mission_named("kz"), uz = test_mission_named("uz"), got;
	struct location l = {.code = "S1",
	                     .name = "School 1",
	                     .level = "station",
	                     .registered_voters = -1};
	struct arena a = ARENA_INIT;
	enum upsert_result res;
	enum status rc;
	pthread_t t;
	struct err e;

	(void)state;
	err_clear(&e);
	writer = writing_elsewhere(st, &kz, &uz);
	assert_int_equal(pthread_create(&t, NULL, commit_later, writer), 0);

	rc = store_location_upsert(st, kz.id, &l, &res, &e);
	pthread_join(t, NULL);
	store_close(writer);
	if (rc)
		fail_msg("the change did not wait: %s", e.msg);
	assert_int_equal(res, UPSERT_INSERTED);
	assert_int_equal(store_mission_get(st, "uz", &a, &got, &e), ST_OK);
	arena_release(&a);
	test_store_close(st);
}

/* Reads opened inside reads (a report's handler inside the router's)
 * share the outer snapshot, and closing them, even on an error, leaves it
 * open; once the outer closes, the connection writes and commits as
 * before, as another connection sees. */
static void test_nested_reads(void **state)
{
	struct store *st = test_store_open(), *other;
	struct mission kz = test_mission_named("kz"), uz = test_mission_named("uz"),
	               tj = test_mission_named("tj"), got;
	struct arena a = ARENA_INIT;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_mission_create(st, &kz, &e), ST_OK);
	assert_int_equal(store_open(test_store_url(), &other, &e), ST_OK);
	assert_int_equal(store_read_savepoint(st, &e), ST_OK);
	assert_int_equal(store_mission_get(st, "kz", &a, &got, &e), ST_OK);
	assert_int_equal(store_read_savepoint(st, &e), ST_OK);
	assert_int_equal(store_mission_get(st, "kz", &a, &got, &e), ST_OK);
	assert_int_equal(store_release(st, ST_INVALID), ST_INVALID);
	assert_int_equal(store_mission_create(other, &uz, &e), ST_OK);
	/* Still the outer snapshot: uz came after it. */
	assert_int_equal(store_read_savepoint(st, &e), ST_OK);
	assert_int_equal(store_mission_get(st, "uz", &a, &got, &e), ST_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(store_release(st, ST_OK), ST_OK);
	assert_int_equal(store_mission_get(st, "uz", &a, &got, &e), ST_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(store_release(st, ST_OK), ST_OK);
	assert_int_equal(store_mission_get(st, "uz", &a, &got, &e), ST_OK);
	assert_int_equal(store_mission_create(st, &tj, &e), ST_OK);
	assert_int_equal(store_mission_get(other, "tj", &a, &got, &e), ST_OK);
	assert_int_equal(got.id, tj.id);
	store_close(other);
	arena_release(&a);
	test_store_close(st);
}

int test_store_read_lock(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_do_not_wait_for_a_writer),
	    cmocka_unit_test(test_read_savepoint_then_write),
	    cmocka_unit_test(test_change_waits_for_a_writer),
	    cmocka_unit_test(test_nested_reads),
	};
	return test_backends("store_read_lock", tests, sizeof(tests) / sizeof(tests[0]));
}
