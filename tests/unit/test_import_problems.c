/* test_import_problems.c - an import that collects the problems of its
 * rows (import_opts.problems) instead of stopping at the first: every
 * row's problem is handed over with its line and column, the rows without
 * one are still checked against each other, nothing is written, and
 * problems of the whole file still stop it at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "ingest/csv.h"
#include "ingest/import.h"
#include "store/store.h"
#include "test.h"

struct fixture {
	char path[128];
	struct store *st;
	struct mission m;
};

/* The problems handed over, one message a line. */
struct collected {
	struct import_problems base;
	char text[4096];
};

static void add(struct import_problems *p, const char *msg)
{
	struct collected *c = (struct collected *)p;
	size_t n = strlen(c->text);

	snprintf(c->text + n, sizeof(c->text) - n, "%s\n", msg);
}

static void remove_db(const char *path)
{
	char side[160];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int setup(void **state)
{
	static int serial;
	struct fixture *f = calloc(1, sizeof(*f));
	char url[160];
	struct err e;

	err_clear(&e);
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-import-problems-%d-%d.db",
	         (int)getpid(), serial++);
	remove_db(f->path);
	snprintf(url, sizeof(url), "sqlite:%s", f->path);
	assert_int_equal(store_open(url, &f->st, &e), ST_OK);
	f->m = (struct mission){
	    .code = "kz-2023",
	    .name = "Early parliamentary election",
	    .election_type = "parliament",
	    .election_date = "2023-03-19",
	    .country = "KZ",
	};
	assert_int_equal(store_mission_create(f->st, &f->m, &e), ST_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->st);
	remove_db(f->path);
	free(f);
	return 0;
}

typedef enum status (*import_fn)(struct csv_reader *, struct store *,
                                 const struct mission *, const struct import_opts *,
                                 struct import_counts *, struct err *);

static enum status run(struct fixture *f, import_fn fn, const char *csv,
                       struct collected *c, struct err *e)
{
	struct import_opts opts = {.problems = c ? &c->base : NULL};
	struct import_counts counts;
	struct csv_reader r;
	enum status rc;

	err_clear(e);
	csv_open_mem(&r, csv, strlen(csv));
	rc = fn(&r, f->st, &f->m, &opts, &counts, e);
	csv_close(&r);
	return rc;
}

static void test_observers_every_row(void **state)
{
	struct fixture *f = *state;
	struct collected c = {{add, 0}, ""};
	struct err e;

	assert_int_equal(run(f, import_observers,
	                     "code,full_name,accreditation_status\n"
	                     "A-1,Anna,requested\n"
	                     "A-2,Boris,maybe\n"
	                     "A-3,,requested\n"
	                     "A-4,Dana\n"
	                     "A-1,Erik,accredited\n"
	                     "A-6,Fedor,perhaps\n",
	                     &c, &e),
	                 ST_INVALID);
	assert_int_equal(c.base.n, 5);
	assert_string_equal(
	    c.text, "line 3, column accreditation_status: \"maybe\" is not an "
	            "accreditation status; give one of: requested (or pending), "
	            "accredited, refused, withdrawn\n"
	            "line 4, column full_name: is empty; every observer needs a full "
	            "name\n"
	            "line 5: 2 fields, but the header has 3 columns (a value with a "
	            "comma must be in double quotes)\n"
	            "line 6, column code: \"A-1\" is also the code on line 2; codes "
	            "must be unique\n"
	            "line 7, column accreditation_status: \"perhaps\" is not an "
	            "accreditation status; give one of: requested (or pending), "
	            "accredited, refused, withdrawn\n");
	assert_string_equal(e.msg, "5 rows of the file have a problem");
	/* Nothing was written. */
	{
		struct observer o;
		struct arena a = ARENA_INIT;
		assert_int_equal(store_observer_get(f->st, f->m.id, "A-1", &a, &o, &e),
		                 ST_NOT_FOUND);
		arena_release(&a);
	}
}

static void test_without_collecting(void **state)
{
	struct fixture *f = *state;
	struct err e;

	/* The command line's way: the first problem, alone. */
	assert_int_equal(run(f, import_observers,
	                     "code,full_name,accreditation_status\n"
	                     "A-2,Boris,maybe\n"
	                     "A-3,,requested\n",
	                     NULL, &e),
	                 ST_INVALID);
	assert_non_null(strstr(e.msg, "line 2, column accreditation_status"));
}

static void test_locations_every_row(void **state)
{
	struct fixture *f = *state;
	struct collected c = {{add, 0}, ""};
	struct err e;

	assert_int_equal(run(f, import_locations,
	                     "code,name,level,parent,registered_voters\n"
	                     "R1,North,region,,\n"
	                     "S-1,School 1,station,R1,12a\n"
	                     "S-2,School 2,shop,R1,100\n"
	                     "S-3,School 3,station,R1,100\n",
	                     &c, &e),
	                 ST_INVALID);
	assert_int_equal(c.base.n, 2);
	assert_non_null(strstr(c.text, "line 3, column registered_voters:"));
	assert_non_null(strstr(c.text, "line 4, column level:"));
}

static void test_file_problem_stops(void **state)
{
	struct fixture *f = *state;
	struct collected c = {{add, 0}, ""};
	struct err e;

	/* An unknown column is the file's problem: not collected. */
	assert_int_equal(run(f, import_observers, "code,nonsense\nA,B\n", &c, &e),
	                 ST_INVALID);
	assert_int_equal(c.base.n, 0);
	assert_non_null(strstr(e.msg, "nonsense"));
	/* A quote never closed ends the reading where it is, after the
	 * problems before it. */
	assert_int_equal(run(f, import_observers,
	                     "code,full_name,accreditation_status\n"
	                     "A-2,Boris,maybe\n"
	                     "A-3,\"Open,requested\n",
	                     &c, &e),
	                 ST_INVALID);
	assert_int_equal(c.base.n, 1);
	assert_non_null(strstr(e.msg, "never closed"));
}

int test_import_problems(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_observers_every_row),
	    T(test_without_collecting),
	    T(test_locations_every_row),
	    T(test_file_problem_stops),
	};
#undef T
	return cmocka_run_group_tests_name("import problems", tests, NULL, NULL);
}
