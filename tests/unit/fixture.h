/* fixture.h - what the unit tests of the store share: removing a test
 * database with its WAL files, putting a mission, a location or an
 * observer in the store, and running a group on both back-ends. */
#ifndef OBSERVA_TEST_FIXTURE_H
#define OBSERVA_TEST_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Remove the SQLite database at path and its -wal and -shm files. */
void test_db_remove(const char *path);

/* Store location code (its name the code, no voters) at level under
 * parent (NULL: none) in mission mid; fails the test when it cannot. */
void test_location_put(struct store *st, int64_t mid, const char *code, const char *level,
                       const char *parent);

/* A mission code of Kazakhstan's 2023 parliamentary election ("Election
 * observation mission"), to store. */
struct mission test_mission_named(const char *code);
/* Create that mission in st; its id.  Fails the test when it cannot. */
int64_t test_mission_put(struct store *st, const char *code);
/* Store short-term observer code (its name the code), accredited, in
 * mission mid; fails the test when it cannot. */
void test_observer_put(struct store *st, int64_t mid, const char *code);

/* The store conformance suite: the same tests on every back-end.
 *
 * test_backends(name, tests, n) runs the cmocka group on SQLite, then on
 * PostgreSQL when OBSERVA_TEST_PG_URL names a database (make unit starts
 * a throwaway cluster), saying when that half was skipped; it returns
 * the failures of both.  Inside, test_store_open() opens an empty store
 * of the back-end being run (a new SQLite file; the PostgreSQL database
 * emptied) and test_store_close() closes and removes it. */
int test_backends(const char *name, const struct CMUnitTest *tests, size_t n);
struct store *test_store_open(void);
void test_store_close(struct store *st);
/* Drop everything in the PostgreSQL database at url; fails the test when
 * it cannot. */
void test_pg_empty(const char *url);

/* The URL of the store test_store_open() opened last, to open it again
 * (a second server on the same database). */
const char *test_store_url(void);
/* "sqlite" or "postgres": the back-end being run. */
const char *test_backend(void);

#endif
