/* test_import_assignments.c - the CSV import of assignments against a
 * temporary SQLite database: observers and teams, the election day by
 * default, re-import counts, dry runs, and every error with its line and
 * column, after which nothing is written. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ingest/csv.h"
#include "ingest/import.h"
#include "store/store.h"
#include "test.h"
#include "fixture.h"

struct fixture {
	char path[96];
	struct store *st;
	struct mission m;
};

static void put_loc(struct fixture *f, const char *code, const char *level,
                    const char *parent)
{
	struct location l = {.code = code,
	                     .name = code,
	                     .level = level,
	                     .parent = parent,
	                     .registered_voters = -1};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_location_upsert(f->st, f->m.id, &l, &res, &e), ST_OK);
}

static void put_obs(struct fixture *f, const char *code, const char *team)
{
	struct observer o = {.code = code,
	                     .full_name = code,
	                     .role = "short_term",
	                     .team = team,
	                     .accreditation_status = "accredited"};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_observer_upsert(f->st, f->m.id, &o, &res, &e), ST_OK);
}

/* Mission kz-2023: R1 > D1 > S1, S2, S3; observers A and B in team
 * "Kostanay", C in no team. */
static int setup(void **state)
{
	static int serial;
	struct fixture *f = calloc(1, sizeof(*f));
	char url[128];
	struct err e;

	err_clear(&e);
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-assign-%d-%d.db",
	         (int)getpid(), serial++);
	test_db_remove(f->path);
	snprintf(url, sizeof(url), "sqlite:%s", f->path);
	assert_int_equal(store_open(url, &f->st, &e), ST_OK);
	f->m = (struct mission){.code = "kz-2023",
	                        .name = "m",
	                        .election_type = "parliament",
	                        .election_date = "2023-03-19",
	                        .country = "KZ"};
	assert_int_equal(store_mission_create(f->st, &f->m, &e), ST_OK);
	put_loc(f, "R1", "region", NULL);
	put_loc(f, "D1", "district", "R1");
	put_loc(f, "S1", "station", "D1");
	put_loc(f, "S2", "station", "D1");
	put_loc(f, "S3", "station", "D1");
	put_obs(f, "A", "Kostanay");
	put_obs(f, "B", "Kostanay");
	put_obs(f, "C", NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->st);
	test_db_remove(f->path);
	free(f);
	return 0;
}

static enum status import(struct fixture *f, const char *csv, bool dry_run,
                          struct import_counts *c, struct err *e)
{
	struct import_opts opts = {.dry_run = dry_run};
	struct csv_reader r;
	enum status rc;

	err_clear(e);
	csv_open_mem(&r, csv, strlen(csv));
	rc = import_assignments(&r, f->st, &f->m, &opts, c, e);
	csv_close(&r);
	return rc;
}

static void expect_counts(const struct import_counts *c, long long rows, long long ins,
                          long long same)
{
	assert_int_equal(c->rows, rows);
	assert_int_equal(c->inserted, ins);
	assert_int_equal(c->updated, 0);
	assert_int_equal(c->unchanged, same);
}

/* The stored assignments as "observer@station/day;..." in station order. */
static enum status join_row(void *ctx, const struct assignment_row *a)
{
	char *out = ctx;
	size_t n = strlen(out);

	snprintf(out + n, 512 - n, "%s@%s/%s;", a->observer, a->station, a->day);
	return ST_OK;
}

static void expect_stored(struct fixture *f, const char *want)
{
	char got[512] = "";
	struct err e;

	assert_int_equal(store_assignment_list(f->st, f->m.id, NULL, join_row, got, &e),
	                 ST_OK);
	assert_string_equal(got, want);
}

/* Those of observer, station and day (each NULL: any). */
static void expect_only(struct fixture *f, const char *observer, const char *station,
                        const char *day, const char *want)
{
	struct assignment_row only = {observer, station, day};
	char got[512] = "";
	struct err e;

	assert_int_equal(store_assignment_list(f->st, f->m.id, &only, join_row, got, &e),
	                 ST_OK);
	assert_string_equal(got, want);
}

static void test_observers_and_reimport(void **state)
{
	struct fixture *f = *state;
	const char *csv = "observer,station,day\n"
	                  "A,S1,2023-03-19\n"
	                  "B,S1,2023-03-19\n"
	                  "A,S2,2023-03-18\n";
	struct import_counts c;
	struct err e;

	assert_int_equal(import(f, csv, false, &c, &e), ST_OK);
	expect_counts(&c, 3, 3, 0);
	expect_stored(f, "A@S1/2023-03-19;B@S1/2023-03-19;A@S2/2023-03-18;");
	/* Picked by observer, station and day, alone or together. */
	expect_only(f, "A", NULL, NULL, "A@S1/2023-03-19;A@S2/2023-03-18;");
	expect_only(f, NULL, "S1", NULL, "A@S1/2023-03-19;B@S1/2023-03-19;");
	expect_only(f, "A", "S1", NULL, "A@S1/2023-03-19;");
	expect_only(f, "B", "S2", NULL, "");
	expect_only(f, "A", NULL, "2023-03-18", "A@S2/2023-03-18;");
	expect_only(f, "NOBODY", NULL, NULL, "");
	expect_only(f, NULL, "NOWHERE", NULL, "");
	assert_int_equal(import(f, csv, false, &c, &e), ST_OK);
	expect_counts(&c, 3, 0, 3);
	/* A file with fewer rows adds and keeps the others. */
	assert_int_equal(
	    import(f, "observer,station,day\nC,S3,2023-03-19\n", false, &c, &e), ST_OK);
	expect_counts(&c, 1, 1, 0);
	expect_stored(f, "A@S1/2023-03-19;B@S1/2023-03-19;A@S2/2023-03-18;"
	                 "C@S3/2023-03-19;");
}

static void test_teams_and_default_day(void **state)
{
	struct fixture *f = *state;
	struct import_counts c;
	struct err e;

	/* No day column: the election day.  A team row assigns its members. */
	assert_int_equal(import(f,
	                        "Team,Station,observer\n"
	                        "Kostanay,S1,\n"
	                        ",S2,C\n",
	                        false, &c, &e),
	                 ST_OK);
	expect_counts(&c, 2, 3, 0);
	expect_stored(f, "A@S1/2023-03-19;B@S1/2023-03-19;C@S2/2023-03-19;");
	/* "date" is another name of the day column; an empty day is the
	 * election day too. */
	assert_int_equal(import(f,
	                        "team,station,date\nKostanay,S3,2023-03-18\n"
	                        "Kostanay,S1,\n",
	                        false, &c, &e),
	                 ST_OK);
	expect_counts(&c, 2, 2, 2);
}

static void test_dry_run(void **state)
{
	struct fixture *f = *state;
	struct import_counts c;
	struct err e;

	assert_int_equal(import(f, "observer,station\nA,S1\n", true, &c, &e), ST_OK);
	expect_counts(&c, 1, 1, 0);
	expect_stored(f, "");
}

static void expect_error(struct fixture *f, const char *csv, const char *msg)
{
	struct import_counts c;
	struct err e;

	assert_int_not_equal(import(f, csv, false, &c, &e), ST_OK);
	assert_string_equal(e.msg, msg);
	expect_counts(&c, 0, 0, 0);
	expect_stored(f, "");
}

static void test_errors(void **state)
{
	struct fixture *f = *state;

	expect_error(f, "station,day\nS1,2023-03-19\n",
	             "line 1: the header needs an \"observer\" column (or \"team\" to "
	             "assign every member of a team); assignments files have the "
	             "columns observer, team, station, day");
	expect_error(f, "obsrever,station\nA,S1\n",
	             "line 1: unknown column \"obsrever\" (did you mean \"observer\"?); "
	             "assignments files have the columns observer, team, station, day");
	expect_error(
	    f, "observer,day\nA,2023-03-19\n",
	    "line 1: the required column \"station\" is missing from the header; "
	    "assignments files have the columns observer, team, station, day");
	/* Good rows before the bad one are not written. */
	expect_error(f, "observer,station\nA,S1\nX-9,S2\n",
	             "line 3, column observer: no observer \"X-9\" in mission kz-2023");
	expect_error(f, "observer,station\nA,S9\n",
	             "line 2, column station: no location \"S9\" in mission kz-2023");
	expect_error(f, "observer,station\nA,R1\n",
	             "line 2, column station: \"R1\" is a region: observers are "
	             "assigned to polling stations or to commissions (territory, "
	             "district)");
	expect_error(
	    f, "observer,station\nA,\n",
	    "line 2, column station: is empty; every row needs a polling station");
	expect_error(f, "observer,station,day\nA,S1,19.03.2023\n",
	             "line 2, column day: \"19.03.2023\" is not a date; write it "
	             "YYYY-MM-DD (2023-03-19)");
	expect_error(f, "observer,station,day\nA,S1,2023-02-30\n",
	             "line 2, column day: \"2023-02-30\" is not a date; write it "
	             "YYYY-MM-DD (2023-03-19)");
	expect_error(f, "observer,team,station\nA,Kostanay,S1\n",
	             "line 2, column team: is given and so is observer; give either an "
	             "observer or a team");
	expect_error(f, "observer,team,station\n,,S1\n",
	             "line 2, column observer: is empty; every row needs an observer's "
	             "code or a team");
	expect_error(f, "team,station\n,S1\n",
	             "line 2, column team: is empty; every row needs a team");
	expect_error(f, "team,station\nNobody,S1\n",
	             "line 2, column team: no observer of mission kz-2023 is in team "
	             "\"Nobody\"");
	expect_error(f, "observer,station,day\nA,S1,2023-03-19\nA,S1,2023-03-19\n",
	             "line 3, column observer: observer \"A\" is already assigned to "
	             "station \"S1\" on 2023-03-19 by line 2");
	expect_error(
	    f, "observer,team,station\nB,,S2\n,Kostanay,S2\n",
	    "line 3, column team: observer \"B\" of team \"Kostanay\" is already "
	    "assigned to station \"S2\" on 2023-03-19 by line 2");
	expect_error(f, "observer,station\nA,S1,x\n",
	             "line 2: 3 fields, but the header has 2 columns (a value with a "
	             "comma must be in double quotes)");
}

int test_import_assignments(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_observers_and_reimport, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_teams_and_default_day, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dry_run, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};

	return cmocka_run_group_tests_name("import_assignments", tests, NULL, NULL);
}
