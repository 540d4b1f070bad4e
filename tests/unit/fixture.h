/* fixture.h - what the unit tests of the store share: removing a test
 * database with its WAL files, and putting a location in a mission. */
#ifndef OBSERVA_TEST_FIXTURE_H
#define OBSERVA_TEST_FIXTURE_H

#include <stdint.h>

#include "store/store.h"

/* Remove the SQLite database at path and its -wal and -shm files. */
void test_db_remove(const char *path);

/* Store location code (its name the code, no voters) at level under
 * parent (NULL: none) in mission mid; fails the test when it cannot. */
void test_location_put(struct store *st, int64_t mid, const char *code, const char *level,
                       const char *parent);

#endif
