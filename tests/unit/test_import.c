/* test_import.c - the CSV imports of locations and observers against a
 * temporary SQLite database: header mapping, row errors with line and
 * column, parents-first ordering, duplicates, missing parents, loops,
 * re-import counts, phone numbers, and that a failed import writes nothing. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "ingest/csv.h"
#include "ingest/import.h"
#include "store/store.h"
#include "test.h"

struct fixture {
	char path[128];
	struct store *st;
	struct mission m;
};

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
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-import-%d-%d.db",
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

/* Import csv as locations (observers when obs) with opts. */
static enum status run_opts(struct fixture *f, bool obs, const char *csv,
                            const struct import_opts *opts, struct import_counts *c,
                            struct err *e)
{
	struct csv_reader r;
	enum status rc;

	err_clear(e);
	csv_open_mem(&r, csv, strlen(csv));
	rc = obs ? import_observers(&r, f->st, &f->m, opts, c, e)
	         : import_locations(&r, f->st, &f->m, opts, c, e);
	csv_close(&r);
	return rc;
}

static enum status locations(struct fixture *f, const char *csv, struct import_counts *c,
                             struct err *e)
{
	return run_opts(f, false, csv, NULL, c, e);
}

static enum status observers(struct fixture *f, const char *csv, struct import_counts *c,
                             struct err *e)
{
	return run_opts(f, true, csv, NULL, c, e);
}

/* csv fails as locations (observers when obs) with exactly msg. */
static void expect_error(struct fixture *f, bool obs, const char *csv, const char *msg)
{
	struct import_counts c;
	struct err e;

	assert_int_not_equal(run_opts(f, obs, csv, NULL, &c, &e), ST_OK);
	assert_string_equal(e.msg, msg);
	assert_int_equal(c.rows, 0);
}

static void expect_counts(const struct import_counts *c, long long rows, long long ins,
                          long long upd, long long same)
{
	assert_int_equal(c->rows, rows);
	assert_int_equal(c->inserted, ins);
	assert_int_equal(c->updated, upd);
	assert_int_equal(c->unchanged, same);
}

static int64_t count_locations(struct fixture *f)
{
	struct location_filter lf = {0};
	int64_t total = -1;
	struct err e;

	assert_int_equal(store_location_list(f->st, f->m.id, &lf, &total, NULL, NULL, &e),
	                 ST_OK);
	return total;
}

static int64_t count_observers(struct fixture *f)
{
	struct observer_filter of = {0};
	int64_t total = -1;
	struct err e;

	assert_int_equal(store_observer_list(f->st, f->m.id, &of, &total, NULL, NULL, &e),
	                 ST_OK);
	return total;
}

/* ---- header ---- */

static void test_header_any_order(void **state)
{
	struct fixture *f = *state;
	struct import_counts c;
	struct arena a = ARENA_INIT;
	struct location l;
	struct err e;

	assert_int_equal(
	    locations(f,
	              "\xEF\xBB\xBF Level ,PARENT,Name,code,Registered_Voters\r\n"
	              "station,R,\"УИК №592\",S1,1200\r\n"
	              "region,,\"Қостанай облысы\",R,\r\n",
	              &c, &e),
	    ST_OK);
	expect_counts(&c, 2, 2, 0, 0);
	assert_int_equal(store_location_get(f->st, f->m.id, "S1", &a, &l, &e), ST_OK);
	assert_string_equal(l.name, "УИК №592");
	assert_string_equal(l.level, "station");
	assert_string_equal(l.parent, "R");
	assert_int_equal(l.registered_voters, 1200);
	assert_false(l.has_coords);
	assert_null(l.stratum);
	assert_int_equal(store_location_get(f->st, f->m.id, "R", &a, &l, &e), ST_OK);
	assert_string_equal(l.name, "Қостанай облысы");
	assert_null(l.parent);
	assert_int_equal(l.registered_voters, -1);
	arena_release(&a);
}

static void test_header_errors(void **state)
{
	struct fixture *f = *state;

	expect_error(f, false, "",
	             "the file is empty; its first line must name the columns "
	             "(code, name, level, parent, registered_voters, latitude, "
	             "longitude, stratum)");
	expect_error(
	    f, false, "code,nmae,level\nA,a,region\n",
	    "line 1: unknown column \"nmae\" (did you mean \"name\"?); locations files "
	    "have the columns code, name, level, parent, registered_voters, latitude, "
	    "longitude, stratum");
	expect_error(
	    f, false, "code,name,level,lat,lng,colour\n",
	    "line 1: unknown columns \"lat\" (did you mean \"latitude\"?), \"lng\", "
	    "\"colour\"; locations files have the columns code, name, level, parent, "
	    "registered_voters, latitude, longitude, stratum");
	expect_error(f, false, "code,name,level,Code\n",
	             "line 1: column \"code\" is given twice (fields 1 and 4)");
	expect_error(f, false, "code,name\nA,a\n",
	             "line 1: the required column \"level\" is missing from the header; "
	             "locations files have the columns code, name, level, parent, "
	             "registered_voters, latitude, longitude, stratum");
	expect_error(f, false, "code,name,,level\n",
	             "line 1: the header's field 3 is empty; every column needs a name");
	expect_error(
	    f, true, "code,full_name,organisation,Organization\n",
	    "line 1: \"organisation\" (field 3) and \"Organization\" (field 4) are the "
	    "same column; give it once");
	expect_error(
	    f, true, "code,Full Name,phone_number\n",
	    "line 1: unknown columns \"Full Name\" (did you mean \"full_name\"?), "
	    "\"phone_number\" (did you mean \"phone\"?); observers files have the "
	    "columns code, full_name, organisation, country, role, phone, email, "
	    "languages, team, accreditation_status, badge_number, requested_on, "
	    "decided_on, id_document");
	assert_int_equal(count_locations(f), 0);
}

/* ---- rows ---- */

static void test_row_errors(void **state)
{
	struct fixture *f = *state;

	expect_error(f, false,
	             "code,name,level,registered_voters\nR,r,region,\nS1,s,station,1\n"
	             "S2,s,station,12\nS3,s,station,\nS4,s,station,3\nS5,s,station,12a\n",
	             "line 7, column registered_voters: \"12a\" is not a whole number");
	expect_error(
	    f, false, "code,name,level,registered_voters\nS,s,station,-3\n",
	    "line 2, column registered_voters: \"-3\" is negative; the number of "
	    "voters is 0 or more");
	expect_error(
	    f, false, "code,name,level,registered_voters\nD,d,district,300\n",
	    "line 2, column registered_voters: only polling stations have registered "
	    "voters, and this row's level is district");
	expect_error(
	    f, false, "code,name,level\nA,a,region\nB,b\n",
	    "line 3: 2 fields, but the header has 3 columns (a value with a comma "
	    "must be in double quotes)");
	expect_error(
	    f, false, "code,name,LEVEL\nA,a,planet\n",
	    "line 2, column LEVEL: \"planet\" is not a level; give one of: country, "
	    "region, city, abroad, district, territory, station");
	expect_error(f, false, "code,name,level\nA, ,region\n",
	             "line 2, column name: is empty; every location needs a name");
	expect_error(
	    f, false, "code,name,level\nA/B,a,region\n",
	    "line 2, column code: \"A/B\" is not a valid code: 1 to 64 characters "
	    "without slashes or control characters");
	expect_error(
	    f, false, "code,name,level,latitude,longitude\nA,a,region,51.2,\n",
	    "line 2, column longitude: is empty but latitude is given; give both "
	    "latitude and longitude or neither");
	expect_error(
	    f, false, "code,name,level,latitude\nA,a,region,\"51,2\"\n",
	    "line 2, column latitude: \"51,2\" is not a number (write decimals with a "
	    "point: 51.2)");
	expect_error(f, false, "code,name,level,latitude,longitude\nA,a,region,45,-181\n",
	             "line 2, column longitude: -181 is outside -180..180");
	expect_error(f, false, "code,name,level,parent\nA,a,region,A\n",
	             "line 2, column parent: a location cannot be its own parent");
	/* Line numbers are physical lines: a quoted line break counts. */
	expect_error(
	    f, false, "code,name,level\nA,\"two\nlines\",region\nB,b,nowhere\n",
	    "line 4, column level: \"nowhere\" is not a level; give one of: country, "
	    "region, city, abroad, district, territory, station");
	/* Errors of the CSV reader keep their own line and column. */
	expect_error(f, false, "code,name,level\nA,\"a,region\n",
	             "line 2, column 3: quoted field opened here is never closed");
	assert_int_equal(count_locations(f), 0);
}

static void test_values_trimmed(void **state)
{
	struct fixture *f = *state;
	struct import_counts c;
	struct arena a = ARENA_INIT;
	struct location l;
	struct err e;

	assert_int_equal(locations(f,
	                           "code,name,level,parent,latitude,longitude,stratum\n"
	                           "  R , Region ,  REGION ,  , 53.2 , 63.6 ,  \n",
	                           &c, &e),
	                 ST_OK);
	assert_int_equal(store_location_get(f->st, f->m.id, "R", &a, &l, &e), ST_OK);
	assert_string_equal(l.name, "Region");
	assert_string_equal(l.level, "region");
	assert_null(l.parent);
	assert_null(l.stratum);
	assert_true(l.has_coords);
	assert_true(l.latitude == 53.2 && l.longitude == 63.6);
	arena_release(&a);
}

/* ---- the tree ---- */

static void test_children_first(void **state)
{
	struct fixture *f = *state;
	struct import_counts c;
	struct arena a = ARENA_INIT;
	struct location l;
	struct err e;

	assert_int_equal(locations(f,
	                           "code,name,level,parent\n"
	                           "S1,s1,station,D1\n"
	                           "S2,s2,station,D2\n"
	                           "D1,d1,district,R\n"
	                           "D2,d2,district,R\n"
	                           "R,r,region,KZ\n"
	                           "KZ,Kazakhstan,country,\n",
	                           &c, &e),
	                 ST_OK);
	expect_counts(&c, 6, 6, 0, 0);
	assert_int_equal(store_location_get(f->st, f->m.id, "S2", &a, &l, &e), ST_OK);
	assert_string_equal(l.parent, "D2");
	assert_int_equal(store_location_get(f->st, f->m.id, "R", &a, &l, &e), ST_OK);
	assert_string_equal(l.parent, "KZ");
	arena_release(&a);
}

static void test_duplicate_codes(void **state)
{
	struct fixture *f = *state;

	expect_error(
	    f, false, "code,name,level\nA,a,region\nB,b,region\nA,c,region\n",
	    "line 4, column code: \"A\" is also the code on line 2; codes must be "
	    "unique");
	expect_error(
	    f, true, "code,full_name\nO1,a\nO1,b\n",
	    "line 3, column code: \"O1\" is also the code on line 2; codes must be "
	    "unique");
	assert_int_equal(count_locations(f), 0);
	assert_int_equal(count_observers(f), 0);
}

static void test_parent_missing(void **state)
{
	struct fixture *f = *state;
	struct import_counts c;
	struct err e;

	expect_error(
	    f, false,
	    "code,name,level,parent\nR,r,region,\nD,d,district,R\n"
	    "S,s,station,D9\n",
	    "line 4, column parent: no location \"D9\" in this file or in mission "
	    "kz-2023");
	assert_int_equal(count_locations(f), 0);
	/* A parent already in the mission is good. */
	assert_int_equal(locations(f, "code,name,level\nD9,d,district\n", &c, &e), ST_OK);
	assert_int_equal(locations(f, "code,name,level,parent\nS,s,station,D9\n", &c, &e),
	                 ST_OK);
	expect_counts(&c, 1, 1, 0, 0);
	/* A station cannot be a parent, in the file or in the mission. */
	expect_error(
	    f, false, "code,name,level,parent\nX,x,district,S\n",
	    "line 2, column parent: \"S\" is a polling station and cannot contain "
	    "other locations");
	expect_error(
	    f, false, "code,name,level,parent\nT,t,station,\nX,x,district,T\n",
	    "line 3, column parent: \"T\" (line 2) is a polling station and cannot "
	    "contain other locations");
}

static void test_loops(void **state)
{
	struct fixture *f = *state;
	struct import_counts c;
	struct err e;

	expect_error(
	    f, false,
	    "code,name,level,parent\nX,x,region,\nC,c,district,A\nA,a,region,B\n"
	    "B,b,district,C\n",
	    "line 3, column parent: the parents form a loop: \"C\" (line 3) -> \"A\" "
	    "(line 4) -> \"B\" (line 5) -> \"C\"");
	assert_int_equal(count_locations(f), 0);
	/* A loop through a location already stored. */
	assert_int_equal(locations(f,
	                           "code,name,level,parent\nR,r,region,\nD,d,district,R\n"
	                           "S,s,station,D\n",
	                           &c, &e),
	                 ST_OK);
	expect_error(
	    f, false, "code,name,level,parent\nR,r,region,D\n",
	    "line 2, column parent: the parents form a loop: \"R\" (line 2) -> \"D\" "
	    "(in the mission) -> \"R\"");
	/* The stored tree's own check: a parent made a station under its children. */
	expect_error(f, false, "code,name,level,parent\nD,d,station,R\n",
	             "line 2: location \"D\" is a polling station but contains \"S\"");
	/* Moving a subtree is fine. */
	assert_int_equal(
	    locations(f, "code,name,level,parent\nR2,r2,region,\nD,d,district,R2\n", &c,
	              &e),
	    ST_OK);
	expect_counts(&c, 2, 1, 1, 0);
}

static void test_reimport(void **state)
{
	struct fixture *f = *state;
	const char *csv = "code,name,level,parent,registered_voters\n"
	                  "R,r,region,,\nS1,s1,station,R,100\nS2,s2,station,R,200\n";
	struct import_counts c;
	struct err e;

	assert_int_equal(locations(f, csv, &c, &e), ST_OK);
	expect_counts(&c, 3, 3, 0, 0);
	assert_int_equal(locations(f, csv, &c, &e), ST_OK);
	expect_counts(&c, 3, 0, 0, 3);
	assert_int_equal(locations(f,
	                           "code,name,level,parent,registered_voters\n"
	                           "S2,s2,station,R,250\nS3,s3,station,R,\n",
	                           &c, &e),
	                 ST_OK);
	expect_counts(&c, 2, 1, 1, 0);
	assert_int_equal(count_locations(f), 4);
}

/* ---- observers ---- */

static void test_observers(void **state)
{
	struct fixture *f = *state;
	struct import_counts c;
	struct arena a = ARENA_INIT;
	struct observer o;
	struct err e;

	assert_int_equal(observers(f,
	                           "code,full_name,Organization,country,phone,languages,"
	                           "accreditation_status,badge_number,requested_on\n"
	                           "O1,Айгерим Сапарова,CIS IPA,Казахстан,"
	                           "\"8 701 123-45-67; +7 (702) 765 43 21, 87011234567\","
	                           "\"RU, kk en\",Accredited,B-17,2023-02-01\n"
	                           "O2,John Smith,,united kingdom,+44 20 7946 0958,,,,\n",
	                           &c, &e),
	                 ST_OK);
	expect_counts(&c, 2, 2, 0, 0);
	assert_int_equal(store_observer_get(f->st, f->m.id, "O1", &a, &o, &e), ST_OK);
	assert_string_equal(o.full_name, "Айгерим Сапарова");
	assert_string_equal(o.organisation, "CIS IPA");
	assert_string_equal(o.country, "KZ");
	assert_string_equal(o.role, "short_term");
	assert_string_equal(o.phones, "+77011234567;+77027654321");
	assert_string_equal(o.languages, "ru;kk;en");
	assert_string_equal(o.accreditation_status, "accredited");
	assert_string_equal(o.badge_number, "B-17");
	assert_string_equal(o.requested_on, "2023-02-01");
	assert_int_equal(store_observer_get(f->st, f->m.id, "O2", &a, &o, &e), ST_OK);
	assert_string_equal(o.country, "GB");
	assert_string_equal(o.phones, "+442079460958");
	assert_string_equal(o.accreditation_status, "requested");
	assert_null(o.organisation);
	assert_null(o.languages);
	arena_release(&a);
}

static void test_observer_errors(void **state)
{
	struct fixture *f = *state;

	expect_error(
	    f, true, "code,full_name,role\nO1,a,\n",
	    "line 2, column role: is empty; give one of: head, coordinator, core_team, "
	    "long_term, short_term, national, expert, interpreter, driver, security, "
	    "other");
	expect_error(f, true, "code,full_name,role\nO1,a,pilot\n",
	             "line 2, column role: \"pilot\" is not a role; give one of: head, "
	             "coordinator, core_team, long_term, short_term, national, expert, "
	             "interpreter, driver, security, other");
	expect_error(
	    f, true, "code,full_name,country\nO1,a,Narnia\n",
	    "line 2, column country: \"Narnia\" is not a country; give its ISO 3166-1 "
	    "alpha-2 code (such as KZ) or its English or Russian name");
	expect_error(
	    f, true, "code,full_name,phone\nO1,a,8 701 12\n",
	    "line 2, column phone: \"8 701 12\" is too short for a telephone number");
	expect_error(
	    f, true, "code,full_name,accreditation_status\nO1,a,maybe\n",
	    "line 2, column accreditation_status: \"maybe\" is not an accreditation "
	    "status; give one of: requested (or pending), accredited, refused, "
	    "withdrawn");
	expect_error(
	    f, true, "code,full_name,badge_number\nO1,a,B-1\n",
	    "line 2, column badge_number: only accredited observers have a badge "
	    "(status is requested)");
	expect_error(f, true, "code,full_name,email\nO1,a,nobody\n",
	             "line 2, column email: \"nobody\" is not an e-mail address");
	expect_error(
	    f, true, "code,full_name,phone\nO1,a,87011234567\nO2,b,+7 701 123 45 67\n",
	    "line 3, column phone: +77011234567 is also a number of observer \"O1\" on "
	    "line 2; each number may belong to one observer");
	expect_error(
	    f, true, "code,full_name\nO1,\n",
	    "line 2, column full_name: is empty; every observer needs a full name");
	assert_int_equal(count_observers(f), 0);
}

static void test_observer_phones_in_store(void **state)
{
	struct fixture *f = *state;
	struct import_counts c;
	struct arena a = ARENA_INIT;
	struct observer o;
	struct err e;

	assert_int_equal(
	    observers(f, "code,full_name,phone\nO1,a,87011234567\nO2,b,\n", &c, &e),
	    ST_OK);
	/* A number of an observer not in the file: the store refuses, on the
	 * right line, and nothing of the file is kept. */
	expect_error(
	    f, true, "code,full_name,phone\nO3,c,\nO4,d,8 701 123 45 67\n",
	    "line 3, column phone: +77011234567 already belongs to observer \"O1\"");
	assert_int_equal(count_observers(f), 2);
	/* A number that moves to another observer of the same file is fine,
	 * whatever the order of the rows. */
	assert_int_equal(
	    observers(f, "code,full_name,phone\nO2,b,87011234567\nO1,a,87017654321\n", &c,
	              &e),
	    ST_OK);
	expect_counts(&c, 2, 0, 2, 0);
	assert_int_equal(store_observer_get(f->st, f->m.id, "O2", &a, &o, &e), ST_OK);
	assert_string_equal(o.phones, "+77011234567");
	arena_release(&a);
}

static void test_observer_reimport(void **state)
{
	struct fixture *f = *state;
	const char *csv = "code,full_name,role,accreditation_status,badge_number\n"
	                  "O1,a,LTO,accredited,7\nO2,b,sto,refused,\n";
	struct import_counts c;
	struct arena a = ARENA_INIT;
	struct observer o;
	struct err e;

	assert_int_equal(observers(f, csv, &c, &e), ST_OK);
	expect_counts(&c, 2, 2, 0, 0);
	assert_int_equal(observers(f, csv, &c, &e), ST_OK);
	expect_counts(&c, 2, 0, 0, 2);
	/* The file is the commission's current list: refused -> accredited is
	 * taken as it is, although accredit would not allow it. */
	assert_int_equal(observers(f,
	                           "code,full_name,role,accreditation_status\nO2,b,sto,"
	                           "accredited\n",
	                           &c, &e),
	                 ST_OK);
	expect_counts(&c, 1, 0, 1, 0);
	assert_int_equal(store_observer_get(f->st, f->m.id, "O1", &a, &o, &e), ST_OK);
	assert_string_equal(o.role, "long_term");
	assert_int_equal(store_observer_get(f->st, f->m.id, "O2", &a, &o, &e), ST_OK);
	assert_string_equal(o.accreditation_status, "accredited");
	arena_release(&a);
}

/* ---- all or nothing, dry runs, progress ---- */

static void test_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	struct import_counts c;
	struct err e;

	/* The last row is bad: the rows before it are not written. */
	expect_error(
	    f, false,
	    "code,name,level,parent\nR,r,region,\nD,d,district,R\n"
	    "S,s,station,D\nT,t,station,Q\n",
	    "line 5, column parent: no location \"Q\" in this file or in mission "
	    "kz-2023");
	assert_int_equal(count_locations(f), 0);
	/* A store error in the middle of writing rolls everything back. */
	assert_int_equal(observers(f, "code,full_name,phone\nO1,a,87011234567\n", &c, &e),
	                 ST_OK);
	expect_error(
	    f, true, "code,full_name,phone\nO2,b,\nO3,c,87011234567\nO4,d,\n",
	    "line 3, column phone: +77011234567 already belongs to observer \"O1\"");
	assert_int_equal(count_observers(f), 1);
	/* The store works normally afterwards. */
	assert_int_equal(locations(f, "code,name,level\nR,r,region\n", &c, &e), ST_OK);
	assert_int_equal(count_locations(f), 1);
}

static void test_dry_run(void **state)
{
	struct fixture *f = *state;
	struct import_opts opts = {.dry_run = true};
	struct import_counts c;
	struct err e;

	assert_int_equal(
	    run_opts(f, false, "code,name,level\nR,r,region\n", &opts, &c, &e), ST_OK);
	expect_counts(&c, 1, 1, 0, 0);
	assert_int_equal(count_locations(f), 0);
}

struct seen {
	long long reading, writing, last_written;
};

static void on_progress(void *ctx, enum import_phase phase, long long done,
                        long long total)
{
	struct seen *s = ctx;

	if (phase == IMPORT_READING) {
		s->reading++;
	} else {
		s->writing++;
		s->last_written = done;
		assert_true(done <= total);
	}
}

static void test_progress(void **state)
{
	struct fixture *f = *state;
	struct seen seen = {0};
	struct import_opts opts = {.progress = on_progress, .progress_ctx = &seen};
	struct import_counts c;
	struct buf csv;
	struct err e;

	buf_init(&csv, BUF_NO_CAP);
	buf_appends(&csv, "code,name,level,parent\nR,r,region,\n");
	for (int i = 0; i < 5000; i++)
		buf_appendf(&csv, "S%d,s,station,R\n", i);
	assert_int_equal(run_opts(f, false, csv.ptr, &opts, &c, &e), ST_OK);
	expect_counts(&c, 5001, 5001, 0, 0);
	assert_true(seen.reading >= 2);
	assert_true(seen.writing >= 2);
	assert_int_equal(seen.last_written, 5001);
	buf_release(&csv);
}

int test_import(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_header_any_order),  T(test_header_errors),
	    T(test_row_errors),        T(test_values_trimmed),
	    T(test_children_first),    T(test_duplicate_codes),
	    T(test_parent_missing),    T(test_loops),
	    T(test_reimport),          T(test_observers),
	    T(test_observer_errors),   T(test_observer_phones_in_store),
	    T(test_observer_reimport), T(test_all_or_nothing),
	    T(test_dry_run),           T(test_progress),
	};
#undef T
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
