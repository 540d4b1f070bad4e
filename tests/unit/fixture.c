/* fixture.c - the store tests' shared steps (fixture.h). */
#include <stdio.h>
#include <unistd.h>

#include "test.h"
#include "fixture.h"

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
