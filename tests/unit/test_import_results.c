/* test_import_results.c - official results into a temporary SQLite
 * database: columns named by tag or choice code, or mapped by header text
 * (with commas) or number; re-import counts and the audit; dry runs; every
 * error with its line and column, after which nothing is stored; the
 * mapping's syntax; and the store's listing with regions and filters. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ingest/csv.h"
#include "ingest/forms_install.h"
#include "ingest/import_results.h"
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

/* Mission kz-2023 with the shipped forms and the ballot NUR, AK and
 * against all (P1, P2, AA); KZ > R1 > D1 > S1, S2, S3 and KZ > ABR > A1. */
static int setup(void **state)
{
	static const struct store_choice ballot[] = {
	    {1, "NUR", "Nur", "party"},
	    {2, "AK", "Ak", "party"},
	    {3, "NO", "Against all", "against_all"},
	};
	static int serial;
	struct fixture *f = calloc(1, sizeof(*f));
	char url[128];
	struct err e;

	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-results-%d-%d.db",
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
	assert_int_equal(forms_install_builtin(f->st, f->m.id, &e), ST_OK);
	assert_int_equal(store_choices_replace(f->st, f->m.id, ballot, 3, &e), ST_OK);
	put_loc(f, "KZ", "country", NULL);
	put_loc(f, "R1", "region", "KZ");
	put_loc(f, "D1", "district", "R1");
	put_loc(f, "S1", "station", "D1");
	put_loc(f, "S2", "station", "D1");
	put_loc(f, "S3", "station", "D1");
	put_loc(f, "ABR", "abroad", "KZ");
	put_loc(f, "A1", "station", "ABR");
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

static enum status import(struct fixture *f, const char *csv, const char *map,
                          bool dry_run, struct import_counts *c, struct err *e)
{
	struct results_map m = RESULTS_MAP_INIT;
	struct import_opts opts = {.dry_run = dry_run};
	struct csv_reader r;
	enum status rc;

	err_clear(e);
	if (map)
		assert_int_equal(results_map_parse(&m, map, e), ST_OK);
	csv_open_mem(&r, csv, strlen(csv));
	rc = import_results(&r, f->st, &f->m, &m, "test.csv", &opts, c, e);
	csv_close(&r);
	results_map_release(&m);
	return rc;
}

static void expect_counts(const struct import_counts *c, long long rows, long long ins,
                          long long upd, long long same)
{
	assert_int_equal(c->rows, rows);
	assert_int_equal(c->inserted, ins);
	assert_int_equal(c->updated, upd);
	assert_int_equal(c->unchanged, same);
}

/* The stored rows as "station(region)=lines;" by station. */
static enum status join_row(void *ctx, const struct official_result *r)
{
	char *out = ctx;
	size_t n = strlen(out);

	snprintf(out + n, 1024 - n, "%s(%s)=%s;", r->station, r->region ? r->region : "-",
	         r->lines);
	return ST_OK;
}

static void expect_stored(struct fixture *f, const struct official_filter *filter,
                          const char *want)
{
	char got[1024] = "";
	int64_t total = -1;
	struct err e;

	assert_int_equal(
	    store_official_list(f->st, f->m.id, filter, &total, join_row, got, &e),
	    ST_OK);
	assert_string_equal(got, want);
}

static void test_tags_codes_and_reimport(void **state)
{
	struct fixture *f = *state;
	const char *csv = "station,A,J,NUR,P2,aa\n"
	                  "S1,1000,500,300,150,50\n"
	                  "A1,200,100,60,30,10\n";
	struct import_counts c;
	struct err e;

	assert_int_equal(import(f, csv, NULL, false, &c, &e), ST_OK);
	expect_counts(&c, 2, 2, 0, 0);
	/* Lines in the form's order, by tag; regions from the tree. */
	expect_stored(f, NULL,
	              "A1(ABR)={\"A\":200,\"J\":100,\"P1\":60,\"P2\":30,\"AA\":10};"
	              "S1(R1)={\"A\":1000,\"J\":500,\"P1\":300,\"P2\":150,\"AA\":50};");
	assert_int_equal(import(f, csv, NULL, false, &c, &e), ST_OK);
	expect_counts(&c, 2, 0, 0, 2);
	/* A row replaces the station's figures; other stations keep theirs. */
	assert_int_equal(
	    import(f, "station,A,J\nS1,1000,510\nS2,900,450\n", NULL, false, &c, &e),
	    ST_OK);
	expect_counts(&c, 2, 1, 1, 0);
	expect_stored(f, &(struct official_filter){.station = "S1"},
	              "S1(R1)={\"A\":1000,\"J\":510};");
	expect_stored(f, &(struct official_filter){.station = "A1"},
	              "A1(ABR)={\"A\":200,\"J\":100,\"P1\":60,\"P2\":30,\"AA\":10};");
}

struct audit_seen {
	int creates, updates;
	char last_before[256];
};

static enum status audit_cb(void *ctx, const struct audit_entry *a)
{
	struct audit_seen *s = ctx;

	if (strcmp(a->entity, "official_result"))
		return ST_OK;
	if (!strcmp(a->action, "create"))
		s->creates++;
	if (!strcmp(a->action, "update")) {
		if (!s->updates)
			snprintf(s->last_before, sizeof(s->last_before), "%s %s",
			         a->entity_key, a->before);
		s->updates++;
	}
	return ST_OK;
}

static void test_audit_and_dry_run(void **state)
{
	struct fixture *f = *state;
	struct audit_filter af = {.mission_id = f->m.id, .entity = "official_result"};
	struct audit_seen seen = {0};
	struct import_counts c;
	struct err e;

	assert_int_equal(import(f, "station,J\nS1,5\nS2,6\n", NULL, true, &c, &e), ST_OK);
	expect_counts(&c, 2, 2, 0, 0);
	expect_stored(f, NULL, "");
	assert_int_equal(import(f, "station,J\nS1,5\nS2,6\n", NULL, false, &c, &e),
	                 ST_OK);
	assert_int_equal(import(f, "station,J\nS1,5\nS2,7\n", NULL, false, &c, &e),
	                 ST_OK);
	expect_counts(&c, 2, 0, 1, 1);
	assert_int_equal(store_audit_list(f->st, &af, audit_cb, &seen, &e), ST_OK);
	assert_int_equal(seen.creates, 2);
	assert_int_equal(seen.updates, 1);
	assert_string_equal(seen.last_before, "S2 {\"J\":6}");
}

/* Every error names its line and column, and nothing is stored. */
static void test_errors(void **state)
{
	static const struct {
		const char *csv, *map, *want;
	} cases[] = {
	    {"station,J\nS1,5\nS9,6\n", NULL,
	     "line 3, column station: no station \"S9\" in mission kz-2023"},
	    {"station,J\nD1,5\n", NULL,
	     "line 2, column station: \"D1\" is a location of level district, not a "
	     "polling station"},
	    {"station,J\nS1,5\nS2,6\nS1,7\n", NULL,
	     "line 4, column station: station \"S1\" is already on line 2"},
	    {"station,J\nS1,12a\n", NULL,
	     "line 2, column J: \"12a\" is not a whole number from 0 to 1000000000"},
	    {"station,NUR\nS1,-5\n", NULL,
	     "line 2, column NUR: \"-5\" is not a whole number from 0 to 1000000000 "
	     "(for P1)"},
	    {"station,J\nS1,1000000001\n", NULL,
	     "line 2, column J: \"1000000001\" is not"},
	    {"station,J\nS1, \n", NULL, "line 2, column J: empty is not a whole number"},
	    {"station,J\nS1,\"\"\n", NULL, "line 2, column J: empty is not"},
	    {"station,J\n,5\n", NULL, "line 2, column station: empty"},
	    {"station,J\nS1,5\nS2\n", NULL, "line 3: 1 fields, but the header has 2"},
	    {"station,J,votes\nS1,5,6\n", NULL,
	     "line 1, column votes: not a line of form PR"},
	    {"J,A\n5,6\n", NULL, "line 1: no station column"},
	    {"station,A,a\nS1,5,6\n", NULL,
	     "line 1: A is read from two columns (2 and 3"},
	    {"station,J\nS1,\"5\n", NULL, "line 2, column 4: quoted field"},
	    {"", NULL, "the file is empty"},
	    {"uik,J\nS1,5\n", "station=uik,Z=J",
	     "--map: Z=J: Z is not a line of form PR"},
	    {"uik,J\nS1,5\n", "station=uik,J=valid",
	     "--map: J=valid: column \"valid\": no such column"},
	    {"uik,J\nS1,5\n", "station=uik,J=3",
	     "--map: J=3: column \"3\": no such column"},
	    {"uik,J\nS1,5\n", "station=uik,J=2,P1=2",
	     "--map: column 2 is read as J and as P1"},
	    {"uik,J\nS1,5\n", "J=2", "--map: no station column"},
	};
	struct fixture *f = *state;
	struct import_counts c;
	struct err e;

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		assert_int_not_equal(import(f, cases[k].csv, cases[k].map, false, &c, &e),
		                     ST_OK);
		if (strncmp(e.msg, cases[k].want, strlen(cases[k].want)))
			fail_msg("case %zu: got \"%s\", want \"%s...\"", k, e.msg,
			         cases[k].want);
		expect_stored(f, NULL, "");
	}
}

/* A commission's own file: columns by header text (commas included) or
 * number, the others ignored, figures trimmed. */
static void test_mapping(void **state)
{
	struct fixture *f = *state;
	const char *csv = "region,uik,\"Число избирателей, внесенных в список\",junk,"
	                  "Нур,\"Ак, партия\"\n"
	                  "Область,S1,1200,x, 400 ,300\n"
	                  "Область,S2,900,y,200,100\n";
	struct import_counts c;
	struct err e;

	assert_int_equal(import(f, csv,
	                        "station=uik, A=Число избирателей, внесенных в список,"
	                        "NUR=5,AK=Ак, партия",
	                        false, &c, &e),
	                 ST_OK);
	expect_counts(&c, 2, 2, 0, 0);
	expect_stored(f, NULL,
	              "S1(R1)={\"A\":1200,\"P1\":400,\"P2\":300};"
	              "S2(R1)={\"A\":900,\"P1\":200,\"P2\":100};");
	/* Without the mapping the same file is refused at its first column. */
	assert_int_equal(import(f, csv, NULL, false, &c, &e), ST_INVALID);
	assert_string_equal(e.msg, "line 1, column region: not a line of form PR: give "
	                           "station, A, B, C, D, E, F, G, H, I, J, K, L, P1 "
	                           "(NUR), P2 (AK), AA (NO); or name the columns of a "
	                           "commission's file with --map");
}

static void test_map_syntax(void **state)
{
	struct results_map m = RESULTS_MAP_INIT;
	FILE *fp;
	struct err e;

	assert_int_equal(results_map_parse(&m, "station = uik ,A=Число, всего,B=3", &e),
	                 ST_OK);
	assert_int_equal(m.n, 3);
	assert_string_equal(m.key[0], "station");
	assert_string_equal(m.column[0], "uik");
	assert_string_equal(m.column[1], "Число, всего");
	assert_string_equal(m.key[2], "B");
	results_map_release(&m);
	assert_int_equal(results_map_parse(&m, "station", &e), ST_INVALID);
	assert_string_equal(e.msg, "--map: \"station\" is not KEY=COLUMN");
	results_map_release(&m);
	assert_int_equal(results_map_parse(&m, "station=uik,A=", &e), ST_INVALID);
	assert_string_equal(e.msg, "--map: \"A=\": the column is empty");
	results_map_release(&m);

	fp = tmpfile();
	fputs("# a commission's file\nstation=uik\n\n  A = Число, всего  \n", fp);
	rewind(fp);
	assert_int_equal(results_map_read(&m, fp, "map.txt", &e), ST_OK);
	assert_int_equal(m.n, 2);
	assert_string_equal(m.column[1], "Число, всего");
	fclose(fp);
	results_map_release(&m);
	fp = tmpfile();
	fputs("station=uik\nA Число\n", fp);
	rewind(fp);
	assert_int_equal(results_map_read(&m, fp, "map.txt", &e), ST_INVALID);
	assert_string_equal(e.msg, "map.txt line 2: \"A Число\" is not KEY=COLUMN");
	fclose(fp);
	results_map_release(&m);
}

/* The store: filters, paging, and a batch that fails stores nothing. */
static void test_store_list_and_put(void **state)
{
	struct fixture *f = *state;
	struct official_result rows[] = {
	    {.station = "S2", .lines = "{\"J\":2}"},
	    {.station = "S1", .lines = "{\"J\":1}"},
	    {.station = "A1", .lines = "{\"J\":3}"},
	};
	struct official_result bad[] = {
	    {.station = "S3", .lines = "{\"J\":4}"},
	    {.station = "R1", .lines = "{\"J\":5}"},
	};
	enum upsert_result res[3];
	int64_t total = 0;
	char got[1024] = "";
	struct err e;

	assert_int_equal(store_official_put(f->st, f->m.id, rows, 3, res, &e), ST_OK);
	assert_int_equal(res[0], UPSERT_INSERTED);
	expect_stored(f, &(struct official_filter){.region = "R1"},
	              "S1(R1)={\"J\":1};S2(R1)={\"J\":2};");
	expect_stored(f, &(struct official_filter){.region = "ABR"},
	              "A1(ABR)={\"J\":3};");
	expect_stored(f,
	              &(struct official_filter){.region = "D1", .limit = 1, .offset = 1},
	              "S2(R1)={\"J\":2};");
	expect_stored(f, &(struct official_filter){.region = "nowhere"}, "");
	assert_int_equal(store_official_list(f->st, f->m.id,
	                                     &(struct official_filter){.limit = 1},
	                                     &total, join_row, got, &e),
	                 ST_OK);
	assert_int_equal(total, 3);
	assert_int_equal(store_official_put(f->st, f->m.id, bad, 2, NULL, &e),
	                 ST_INVALID);
	assert_string_equal(e.msg,
	                    "station \"R1\": a location of level region, not a polling "
	                    "station");
	bad[1] = (struct official_result){.station = "S9", .lines = "{}"};
	assert_int_equal(store_official_put(f->st, f->m.id, bad, 2, NULL, &e),
	                 ST_NOT_FOUND);
	bad[1] = (struct official_result){.station = "S1", .lines = "{\"J\":-1}"};
	assert_int_equal(store_official_put(f->st, f->m.id, bad, 2, NULL, &e),
	                 ST_INVALID);
	bad[1] = (struct official_result){.station = "S1", .lines = "[1]"};
	assert_int_equal(store_official_put(f->st, f->m.id, bad, 2, NULL, &e),
	                 ST_INVALID);
	expect_stored(f, &(struct official_filter){.station = "S3"}, "");
	/* The same numbers in another order are unchanged. */
	rows[0].lines = "{ \"J\" : 2 }";
	assert_int_equal(store_official_put(f->st, f->m.id, rows, 1, res, &e), ST_OK);
	assert_int_equal(res[0], UPSERT_UNCHANGED);
}

int test_import_results(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tags_codes_and_reimport, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_and_dry_run, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mapping, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_map_syntax, NULL, NULL),
	    cmocka_unit_test_setup_teardown(test_store_list_and_put, setup, teardown),
	};
	return cmocka_run_group_tests_name("import_results", tests, NULL, NULL);
}
