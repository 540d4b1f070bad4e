/* test_coverage.c - coverage of a small mission built through the store:
 * regions found above stations (region, city, abroad, none), forms in phase
 * order without incidents, the rule that a mission without assignments
 * expects every station, the day filter, extra, flagged and conflicting
 * stations, rejected and superseded reports, the missing list with phones,
 * the JSON document and the text tables. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analysis/coverage.h"
#include "report/coverage_text.h"
#include "store/store.h"
#include "test.h"
#include "fixture.h"

struct fixture {
	char path[96];
	struct store *st;
	int64_t mid;
};

static void put_loc(struct fixture *f, const char *code, const char *name,
                    const char *level, const char *parent)
{
	struct location l = {.code = code,
	                     .name = name,
	                     .level = level,
	                     .parent = parent,
	                     .registered_voters = -1};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_location_upsert(f->st, f->mid, &l, &res, &e), ST_OK);
}

static void put_obs(struct fixture *f, const char *code, const char *name,
                    const char *phones)
{
	struct observer o = {.code = code,
	                     .full_name = name,
	                     .role = "short_term",
	                     .phones = phones,
	                     .accreditation_status = "accredited"};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_observer_upsert(f->st, f->mid, &o, &res, &e), ST_OK);
}

static void put_form_at(struct fixture *f, const char *code, const char *kind,
                        const char *phase, const char *level)
{
	char def[64];
	struct form_record r = {.code = code,
	                        .version = 1,
	                        .kind = kind,
	                        .phase = phase,
	                        .level = level,
	                        .definition = def};
	enum upsert_result res;
	struct err e;

	snprintf(def, sizeof(def), "{\"code\":\"%s\"}", code);
	err_clear(&e);
	assert_int_equal(store_form_put(f->st, f->mid, &r, &res, &e), ST_OK);
}

static void put_form(struct fixture *f, const char *code, const char *kind,
                     const char *phase)
{
	put_form_at(f, code, kind, phase, "station");
}

static void assign(struct fixture *f, const char *observer, const char *station,
                   const char *day)
{
	struct assignment_row a = {observer, station, day};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_assignment_put(f->st, f->mid, &a, &res, &e), ST_OK);
}

/* Store a report; replaces is the client id it corrects, or NULL. */
static void report(struct fixture *f, const char *client, const char *replaces,
                   const char *form, const char *station, const char *observer,
                   const char *status)
{
	struct stored_submission s = {
	    .client_id = client,
	    .replaces = replaces,
	    .form = form,
	    .form_version = 1,
	    .station = station,
	    .observer = observer,
	    .channel = "api",
	    .answers = "{}",
	    .status = status,
	    .content_hash = "x",
	};
	enum put_outcome out;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_submission_put(f->st, f->mid, &s, &out, &e), ST_OK);
	assert_int_equal(out, PUT_STORED);
}

/* The mission: a region with a district of three stations, a city with one
 * station, the branch abroad with one station under a territory, and one
 * station hanging directly under the country (outside any region).  Four
 * observers, five forms of which one is an incident report. */
static int setup(void **state)
{
	static int serial;
	struct fixture *f = calloc(1, sizeof(*f));
	struct mission m = {.code = "kz-2023",
	                    .name = "m",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	char url[128];
	struct err e;

	err_clear(&e);
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-coverage-%d-%d.db",
	         (int)getpid(), serial++);
	test_db_remove(f->path);
	snprintf(url, sizeof(url), "sqlite:%s", f->path);
	assert_int_equal(store_open(url, &f->st, &e), ST_OK);
	assert_int_equal(store_mission_create(f->st, &m, &e), ST_OK);
	f->mid = m.id;
	put_loc(f, "KZ", "Kazakhstan", "country", NULL);
	put_loc(f, "R1", "Қостанай облысы", "region", "KZ");
	put_loc(f, "D1", "District", "district", "R1");
	put_loc(f, "S1", "УИК №1", "station", "D1");
	put_loc(f, "S2", "УИК №2", "station", "D1");
	put_loc(f, "S3", "УИК №3", "station", "D1");
	put_loc(f, "C1", "Алматы", "city", "KZ");
	put_loc(f, "S4", "УИК №4", "station", "C1");
	put_loc(f, "AB", "Abroad", "abroad", "KZ");
	put_loc(f, "T1", "Russia", "territory", "AB");
	put_loc(f, "S5", "Embassy, Moscow", "station", "T1");
	put_loc(f, "S6", "Lonely station", "station", "KZ");
	put_obs(f, "A", "Айгерим Сапарова", "+77011234567;+77027654321");
	put_obs(f, "B", "Ivan Petrov", "+79165551234");
	put_obs(f, "C", "No Phone", NULL);
	put_obs(f, "D", "Dana", "+77050000000");
	put_form(f, "PR", "protocol", "counting");
	put_form(f, "INC", "incident", "any");
	put_form(f, "OP", "checklist", "opening");
	put_form(f, "AA", "checklist", "any");
	put_form(f, "VT", "checklist", "voting");
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

/* Reports on OP: S1 (and a conflict there), S2 flagged, S3 rejected, S4
 * corrected once, S6; none at S5.  One report on VT at S4. */
static void add_reports(struct fixture *f)
{
	struct err e;

	err_clear(&e);
	report(f, "r1", NULL, "OP", "S1", "A", "new");
	report(f, "r1b", NULL, "OP", "S1", "B", "verified");
	report(f, "r2", NULL, "OP", "S2", "B", "flagged");
	report(f, "r3", NULL, "OP", "S3", "C", "rejected");
	report(f, "r4", NULL, "OP", "S4", "D", "new");
	report(f, "r4-fix", "r4", "OP", "S4", "D", "new");
	report(f, "r6", NULL, "OP", "S6", "A", "new");
	report(f, "v4", NULL, "VT", "S4", "D", "new");
	report(f, "inc", NULL, "INC", "S5", "D", "new");
	assert_int_equal(store_conflict_put(f->st, f->mid, "S1", "OP", "q1",
	                                    "[{\"observer\":\"A\",\"value\":1},"
	                                    "{\"observer\":\"B\",\"value\":2}]",
	                                    &e),
	                 ST_OK);
}

static void compute(struct fixture *f, const char *day, const char *form,
                    struct coverage *c)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(coverage_compute(f->st, f->mid, day, form, c, &e), ST_OK);
}

static void expect(const struct coverage_counts *n, int64_t expected, int64_t reported,
                   int64_t missing, int64_t flagged, int64_t conflicts, int64_t extra)
{
	assert_int_equal(n->expected, expected);
	assert_int_equal(n->reported, reported);
	assert_int_equal(n->missing, missing);
	assert_int_equal(n->flagged, flagged);
	assert_int_equal(n->conflicts, conflicts);
	assert_int_equal(n->extra, extra);
}

/* The counts of region r (by position) for form position fi. */
static const struct coverage_counts *at(const struct coverage *c, size_t r, size_t fi)
{
	assert_true(r < c->nregions);
	assert_true(fi < c->nforms);
	assert_string_equal(c->regions[r].cells[fi].form, c->forms[fi]);
	return &c->regions[r].cells[fi].n;
}

static void test_forms_and_regions(void **state)
{
	struct fixture *f = *state;
	struct coverage c;

	compute(f, NULL, NULL, &c);
	/* Phase order, incident left out, then by code for the rest. */
	assert_int_equal(c.nforms, 4);
	assert_string_equal(c.forms[0], "OP");
	assert_string_equal(c.forms[1], "VT");
	assert_string_equal(c.forms[2], "PR");
	assert_string_equal(c.forms[3], "AA");
	assert_int_equal(c.stations, 6);
	/* Regions by code, then the stations outside any region. */
	assert_int_equal(c.nregions, 4);
	assert_string_equal(c.regions[0].code, "AB");
	assert_string_equal(c.regions[0].name, "Abroad");
	assert_string_equal(c.regions[1].code, "C1");
	assert_string_equal(c.regions[1].name, "Алматы");
	assert_string_equal(c.regions[2].code, "R1");
	assert_null(c.regions[3].code);
	assert_null(c.regions[3].name);
	coverage_release(&c);
}

static void test_no_assignment_expects_every_station(void **state)
{
	struct fixture *f = *state;
	struct coverage c;

	compute(f, NULL, NULL, &c);
	assert_true(c.all_expected);
	assert_null(c.day);
	for (size_t fi = 0; fi < c.nforms; fi++) {
		expect(at(&c, 0, fi), 1, 0, 1, 0, 0, 0);
		expect(at(&c, 1, fi), 1, 0, 1, 0, 0, 0);
		expect(at(&c, 2, fi), 3, 0, 3, 0, 0, 0);
		expect(at(&c, 3, fi), 1, 0, 1, 0, 0, 0);
		expect(&c.total[fi].n, 6, 0, 6, 0, 0, 0);
	}
	assert_int_equal(c.nmissing, 24);
	/* By form, region, station; nobody to call. */
	assert_string_equal(c.missing[0].form, "OP");
	assert_string_equal(c.missing[0].station, "S5");
	assert_string_equal(c.missing[0].station_name, "Embassy, Moscow");
	assert_string_equal(c.missing[0].region, "AB");
	assert_string_equal(c.missing[1].station, "S4");
	assert_string_equal(c.missing[2].station, "S1");
	assert_string_equal(c.missing[3].station, "S2");
	assert_string_equal(c.missing[4].station, "S3");
	assert_string_equal(c.missing[5].station, "S6");
	assert_null(c.missing[5].region);
	assert_int_equal(c.missing[5].nobservers, 0);
	assert_string_equal(c.missing[6].form, "VT");
	assert_string_equal(c.missing[23].form, "AA");
	/* A day changes nothing when nobody is assigned on any day. */
	coverage_release(&c);
	compute(f, "2023-03-19", NULL, &c);
	assert_true(c.all_expected);
	assert_string_equal(c.day, "2023-03-19");
	expect(&c.total[0].n, 6, 0, 6, 0, 0, 0);
	coverage_release(&c);
}

static void test_reports_without_assignments(void **state)
{
	struct fixture *f = *state;
	struct coverage c;

	add_reports(f);
	compute(f, NULL, NULL, &c);
	/* OP: S1 (twice, in conflict), S2 flagged, S4 once though corrected,
	 * S6; S3's only report was rejected. */
	expect(at(&c, 0, 0), 1, 0, 1, 0, 0, 0);
	expect(at(&c, 1, 0), 1, 1, 0, 0, 0, 0);
	expect(at(&c, 2, 0), 3, 2, 1, 1, 1, 0);
	expect(at(&c, 3, 0), 1, 1, 0, 0, 0, 0);
	expect(&c.total[0].n, 6, 4, 2, 1, 1, 0);
	/* VT: S4 only; PR and AA: nothing; the incident counts nowhere. */
	expect(&c.total[1].n, 6, 1, 5, 0, 0, 0);
	expect(&c.total[2].n, 6, 0, 6, 0, 0, 0);
	expect(&c.total[3].n, 6, 0, 6, 0, 0, 0);
	assert_int_equal(c.nmissing, 2 + 5 + 6 + 6);
	assert_string_equal(c.missing[0].station, "S5");
	assert_string_equal(c.missing[1].station, "S3");
	assert_string_equal(c.missing[2].form, "VT");
	coverage_release(&c);

	/* One form only. */
	compute(f, NULL, "OP", &c);
	assert_int_equal(c.nforms, 1);
	assert_string_equal(c.forms[0], "OP");
	expect(&c.total[0].n, 6, 4, 2, 1, 1, 0);
	assert_int_equal(c.nmissing, 2);
	coverage_release(&c);
}

static void test_assignments_and_days(void **state)
{
	struct fixture *f = *state;
	struct coverage c;
	const struct coverage_missing *m;

	add_reports(f);
	assign(f, "A", "S1", "2023-03-19");
	assign(f, "B", "S1", "2023-03-19");
	assign(f, "A", "S1", "2023-03-18");
	assign(f, "C", "S3", "2023-03-19");
	assign(f, "D", "S5", "2023-03-18");

	/* Every day: S1, S3 and S5 are expected; S2, S4, S6 reported anyway. */
	compute(f, NULL, "OP", &c);
	assert_false(c.all_expected);
	expect(at(&c, 0, 0), 1, 0, 1, 0, 0, 0);
	expect(at(&c, 1, 0), 0, 0, 0, 0, 0, 1);
	expect(at(&c, 2, 0), 2, 1, 1, 1, 1, 1);
	expect(at(&c, 3, 0), 0, 0, 0, 0, 0, 1);
	expect(&c.total[0].n, 3, 1, 2, 1, 1, 3);
	assert_int_equal(c.nmissing, 2);
	m = &c.missing[0];
	assert_string_equal(m->station, "S5");
	assert_int_equal(m->nobservers, 1);
	assert_string_equal(m->observers[0], "D");
	assert_string_equal(m->phones[0], "+77050000000");
	m = &c.missing[1];
	assert_string_equal(m->station, "S3");
	assert_string_equal(m->region, "R1");
	assert_int_equal(m->nobservers, 1);
	assert_string_equal(m->observers[0], "C");
	assert_string_equal(m->names[0], "No Phone");
	assert_null(m->phones[0]);
	coverage_release(&c);

	/* Election day: S5's observer came the day before. */
	compute(f, "2023-03-19", NULL, &c);
	expect(at(&c, 0, 0), 0, 0, 0, 0, 0, 0);
	expect(&c.total[0].n, 2, 1, 1, 1, 1, 3);
	/* VT is missing at S1 and S3: A once although assigned on two days. */
	expect(&c.total[1].n, 2, 0, 2, 0, 0, 1);
	m = &c.missing[1];
	assert_string_equal(m->form, "VT");
	assert_string_equal(m->station, "S1");
	assert_int_equal(m->nobservers, 2);
	assert_string_equal(m->observers[0], "A");
	assert_string_equal(m->names[0], "Айгерим Сапарова");
	assert_string_equal(m->phones[0], "+77011234567;+77027654321");
	assert_string_equal(m->observers[1], "B");
	assert_string_equal(m->phones[1], "+79165551234");
	coverage_release(&c);

	/* A day with nobody assigned expects nothing: the mission does assign. */
	compute(f, "2023-03-20", NULL, &c);
	assert_false(c.all_expected);
	for (size_t fi = 0; fi < c.nforms; fi++)
		assert_int_equal(c.total[fi].n.expected, 0);
	expect(&c.total[0].n, 0, 0, 0, 1, 1, 4);
	assert_int_equal(c.nmissing, 0);
	coverage_release(&c);
}

static void test_errors(void **state)
{
	struct fixture *f = *state;
	struct coverage c;
	struct err e;

	err_clear(&e);
	assert_int_equal(coverage_compute(f->st, f->mid, NULL, "INC", &c, &e),
	                 ST_INVALID);
	assert_string_equal(e.msg,
	                    "form: \"INC\" is an incident form; coverage counts the "
	                    "forms filled at every station (checklists and "
	                    "protocols)");
	assert_int_equal(c.nforms, 0);
	assert_int_equal(coverage_compute(f->st, f->mid, NULL, "NOPE", &c, &e),
	                 ST_NOT_FOUND);
	assert_string_equal(e.msg, "form: the mission has no form \"NOPE\"");
	assert_int_equal(coverage_compute(f->st, f->mid, "19.03.2023", NULL, &c, &e),
	                 ST_INVALID);
	assert_string_equal(e.msg, "day: \"19.03.2023\" is not a date (YYYY-MM-DD)");
	coverage_release(&c);
}

static void test_json(void **state)
{
	struct fixture *f = *state;
	struct coverage c;
	json_t *j, *m;

	add_reports(f);
	assign(f, "A", "S1", "2023-03-19");
	assign(f, "B", "S1", "2023-03-19");
	compute(f, "2023-03-19", "VT", &c);
	j = coverage_to_json(&c);
	assert_string_equal(json_string_value(json_object_get(j, "day")), "2023-03-19");
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(j, "forms"), 0)), "VT");
	assert_false(json_boolean_value(json_object_get(j, "all_expected")));
	assert_int_equal(json_integer_value(json_object_get(j, "stations")), 6);
	m = json_object_get(json_object_get(j, "total"), "VT");
	assert_int_equal(json_integer_value(json_object_get(m, "expected")), 1);
	assert_int_equal(json_integer_value(json_object_get(m, "missing")), 1);
	assert_int_equal(json_integer_value(json_object_get(m, "extra")), 1);
	m = json_array_get(json_object_get(j, "regions"), 3);
	assert_true(json_is_null(json_object_get(m, "code")));
	assert_non_null(json_object_get(json_object_get(m, "forms"), "VT"));
	assert_int_equal(json_integer_value(json_object_get(j, "missing_total")), 1);
	m = json_array_get(json_object_get(j, "missing"), 0);
	assert_string_equal(json_string_value(json_object_get(m, "station")), "S1");
	assert_string_equal(json_string_value(json_object_get(m, "region")), "R1");
	assert_string_equal(json_string_value(json_object_get(m, "name")), "УИК №1");
	m = json_array_get(json_object_get(m, "observers"), 0);
	assert_string_equal(json_string_value(json_object_get(m, "code")), "A");
	assert_int_equal(json_array_size(json_object_get(m, "phones")), 2);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(m, "phones"), 1)),
	    "+77027654321");
	json_decref(j);
	/* A page of the missing list keeps the total. */
	j = coverage_to_json_page(&c, 1, 10);
	assert_int_equal(json_array_size(json_object_get(j, "missing")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "missing_total")), 1);
	json_decref(j);
	coverage_release(&c);
}

static void test_text(void **state)
{
	struct fixture *f = *state;
	struct coverage c;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct err e;

	err_clear(&e);
	add_reports(f);
	assign(f, "A", "S1", "2023-03-19");
	assign(f, "C", "S3", "2023-03-19");
	compute(f, "2023-03-19", "OP", &c);
	assert_int_equal(
	    coverage_text_write(&c, "kz-2023", COVERAGE_TEXT_MISSING, out, &e), ST_OK);
	fclose(out);
	assert_non_null(strstr(text,
	                       "Coverage of kz-2023, 2023-03-19: 6 polling stations; "
	                       "expected: those with an observer assigned on "
	                       "2023-03-19\n"));
	assert_non_null(strstr(text, "\nForm OP\n"));
	/* Columns line up by characters: Cyrillic names take one column each. */
	assert_non_null(strstr(text,
	                       "R1  Қостанай облысы        2        1   50.0        1"
	                       "      1        1         1\n"));
	assert_non_null(strstr(text,
	                       "(no region)                0        0      -        0"
	                       "      1        0         0\n"));
	assert_non_null(strstr(text,
	                       "total                      2        1   50.0        1"
	                       "      3        1         1\n"));
	assert_non_null(strstr(text, "Missing reports: 1\n"));
	assert_non_null(strstr(text, "OP    R1      S3       УИК №3  C No Phone\n"));
	free(text);
	coverage_release(&c);
}

/* A form filled at territorial commissions counts commissions, not
 * stations. */
static void test_commission_level_form(void **state)
{
	struct fixture *f = *state;
	struct coverage c;

	put_form_at(f, "TB", "checklist", "tabulation", "territory");
	compute(f, NULL, "TB", &c);
	assert_int_equal(c.nforms, 1);
	/* T1 lies abroad; every other region has no commission. */
	for (size_t r = 0; r < c.nregions; r++)
		if (c.regions[r].code && !strcmp(c.regions[r].code, "AB"))
			expect(at(&c, r, 0), 1, 0, 1, 0, 0, 0);
		else
			expect(at(&c, r, 0), 0, 0, 0, 0, 0, 0);
	assert_int_equal(c.nmissing, 1);
	assert_string_equal(c.missing[0].station, "T1");
	coverage_release(&c);

	report(f, "t1", NULL, "TB", "T1", "A", "new");
	compute(f, NULL, "TB", &c);
	expect(&c.total[0].n, 1, 1, 0, 0, 0, 0);
	assert_int_equal(c.nmissing, 0);
	coverage_release(&c);
}

int test_coverage(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_commission_level_form, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forms_and_regions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_assignment_expects_every_station,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reports_without_assignments, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_assignments_and_days, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_text, setup, teardown),
	};

	return cmocka_run_group_tests_name("coverage", tests, NULL, NULL);
}
