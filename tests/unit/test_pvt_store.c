/* test_pvt_store.c - a mission's quick count through the store: the frame
 * with strata from the location tree, the sample kept, refused twice
 * unless replaced, cleared, every change in the audit log; the estimate
 * from the sample stations' PR reports (current, not rejected, verified
 * first, arrival from the first version); and coverage counting the
 * sample and expecting its stations on PR. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analysis/coverage.h"
#include "analysis/pvt_mission.h"
#include "store/store.h"
#include "test.h"
#include "fixture.h"

struct fixture {
	char path[96];
	struct store *st;
	int64_t mid;
};

static void put_loc(struct fixture *f, const char *code, const char *level,
                    const char *parent, const char *stratum)
{
	struct location l = {.code = code,
	                     .name = code,
	                     .level = level,
	                     .parent = parent,
	                     .registered_voters = -1,
	                     .stratum = stratum};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_location_upsert(f->st, f->mid, &l, &res, &e), ST_OK);
}

/* Country KZ: region R1 (territory T1: S1 urban, S2 rural; S3 right under
 * R1), city C1 (S4 urban), and S5 right under the country. */
static int setup(void **state)
{
	static int serial;
	struct fixture *f = calloc(1, sizeof(*f));
	struct mission m = {.code = "kz",
	                    .name = "m",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct observer o = {.code = "O1",
	                     .full_name = "One",
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	struct store_choice ch[2] = {{1, "NUR", "Nur Otan", "party"},
	                             {2, "AA", "Against all", "against_all"}};
	struct form_record pr = {.code = "PR",
	                         .version = 1,
	                         .kind = "protocol",
	                         .phase = "counting",
	                         .level = "station",
	                         .definition = "{\"code\":\"PR\",\"choices\":{\"prefix\":"
	                                       "\"V\",\"against_all_tag\":\"XA\"}}"};
	enum upsert_result res;
	char url[128];
	struct err e;

	err_clear(&e);
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-pvt-%d-%d.db",
	         (int)getpid(), serial++);
	test_db_remove(f->path);
	snprintf(url, sizeof(url), "sqlite:%s", f->path);
	assert_int_equal(store_open(url, &f->st, &e), ST_OK);
	store_set_actor(f->st, "cli:tester", "local");
	assert_int_equal(store_mission_create(f->st, &m, &e), ST_OK);
	f->mid = m.id;
	put_loc(f, "KZ", "country", NULL, NULL);
	put_loc(f, "R1", "region", "KZ", NULL);
	put_loc(f, "T1", "territory", "R1", NULL);
	put_loc(f, "S1", "station", "T1", "urban");
	put_loc(f, "S2", "station", "T1", "rural");
	put_loc(f, "S3", "station", "R1", NULL);
	put_loc(f, "C1", "city", "KZ", NULL);
	put_loc(f, "S4", "station", "C1", "urban");
	put_loc(f, "S5", "station", "KZ", NULL);
	assert_int_equal(store_observer_upsert(f->st, f->mid, &o, &res, &e), ST_OK);
	assert_int_equal(store_choices_replace(f->st, f->mid, ch, 2, &e), ST_OK);
	assert_int_equal(store_form_put(f->st, f->mid, &pr, &res, &e), ST_OK);
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

static void test_frame(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct pvt_unit *u;
	size_t n;
	struct err e;

	err_clear(&e);
	assert_int_equal(pvt_frame_load(f->st, f->mid, "region", &a, &u, &n, &e), ST_OK);
	assert_int_equal(n, 5);
	assert_string_equal(u[0].station, "S1");
	assert_string_equal(u[0].stratum, "R1");
	assert_string_equal(u[2].stratum, "R1");
	assert_string_equal(u[3].stratum, "C1");
	assert_string_equal(u[4].stratum, "(none)");
	assert_int_equal(
	    pvt_frame_load(f->st, f->mid, "territory,stratum", &a, &u, &n, &e), ST_OK);
	assert_string_equal(u[0].stratum, "T1/urban");
	assert_string_equal(u[1].stratum, "T1/rural");
	assert_string_equal(u[2].stratum, "(none)/(none)");
	assert_string_equal(u[3].stratum, "(none)/urban");
	assert_int_equal(pvt_frame_load(f->st, f->mid, NULL, &a, &u, &n, &e), ST_OK);
	assert_null(u[0].stratum);
	assert_int_equal(pvt_frame_load(f->st, f->mid, "urban", &a, &u, &n, &e),
	                 ST_INVALID);
	assert_string_equal(e.msg,
	                    "strata: \"urban\" is not a location attribute; give one "
	                    "or more of region, territory, stratum, separated by "
	                    "commas");
	assert_int_equal(pvt_frame_load(f->st, f->mid, "region,region", &a, &u, &n, &e),
	                 ST_INVALID);
	arena_release(&a);
}

/* S1 and S2 in stratum R1 (3 stations), S4 in C1 (1), S5 in (none) (1). */
static void put_sample(struct fixture *f, bool replace, enum status want)
{
	static const struct pvt_sample_row rows[4] = {
	    {"S2", "R1", 1}, {"S1", "R1", 2}, {"S4", "C1", 3}, {"S5", "(none)", 4}};
	struct pvt_sample_head h = {
	    .method = "given",
	    .strata_by = "region",
	    .seed = 42,
	    .size = 4,
	    .frame_size = 5,
	    .frame_hash = "abc",
	    .generator = "g",
	    .allocation = "[{\"stratum\":\"(none)\",\"population\":1,\"size\":1},"
	                  "{\"stratum\":\"C1\",\"population\":1,\"size\":1},"
	                  "{\"stratum\":\"R1\",\"population\":3,\"size\":2}]",
	};
	struct err e;

	err_clear(&e);
	assert_int_equal(store_pvt_sample_put(f->st, f->mid, &h, rows, 4, replace, &e),
	                 want);
}

static enum status count_row(void *ctx, const struct pvt_sample_row *r)
{
	(*(int *)ctx)++;
	(void)r;
	return ST_OK;
}

static enum status count_audit(void *ctx, const struct audit_entry *a)
{
	int *n = ctx;

	if (!strcmp(a->entity, "pvt_sample")) {
		n[0]++;
		if (n[0] == 1) /* newest first: the delete */
			assert_string_equal(a->action, "delete");
		if (a->after)
			assert_non_null(
			    strstr(a->after, "\"stations\":[[\"S2\",\"R1\"],"));
	}
	return ST_OK;
}

static void test_sample_kept(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct pvt_sample_head h;
	struct audit_filter af = {.mission_id = f->mid};
	struct pvt_sample_row bad = {"R1", NULL, 1};
	int n = 0, audits[1] = {0};
	struct err e;

	err_clear(&e);
	assert_int_equal(store_pvt_sample_get(f->st, f->mid, &a, &h, &e), ST_NOT_FOUND);
	assert_string_equal(e.msg, "the mission has no quick-count sample");
	put_sample(f, false, ST_OK);
	put_sample(f, false, ST_EXISTS);
	put_sample(f, true, ST_OK);
	assert_int_equal(store_pvt_sample_get(f->st, f->mid, &a, &h, &e), ST_OK);
	assert_string_equal(h.method, "given");
	assert_int_equal(h.seed, 42);
	assert_string_equal(h.drawn_by, "cli:tester");
	assert_int_equal(store_pvt_sample_list(f->st, f->mid, count_row, &n, &e), ST_OK);
	assert_int_equal(n, 4);
	/* A region is no polling station: nothing changes. */
	h.allocation = "[]";
	assert_int_equal(store_pvt_sample_put(f->st, f->mid, &h, &bad, 1, true, &e),
	                 ST_NOT_FOUND);
	assert_string_equal(e.msg, "station: no polling station \"R1\" in the mission");
	n = 0;
	assert_int_equal(store_pvt_sample_list(f->st, f->mid, count_row, &n, &e), ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(store_pvt_sample_clear(f->st, f->mid, &e), ST_OK);
	assert_int_equal(store_pvt_sample_clear(f->st, f->mid, &e), ST_NOT_FOUND);
	/* create, update, delete. */
	assert_int_equal(store_audit_list(f->st, &af, count_audit, audits, &e), ST_OK);
	assert_int_equal(audits[0], 3);
	arena_release(&a);
}

/* A PR report: valid votes, NUR's votes, against all; voters and boxes. */
static void report(struct fixture *f, const char *client, const char *replaces,
                   const char *station, const char *status, const char *at, int valid,
                   int nur)
{
	char answers[256];
	struct stored_submission s = {
	    .client_id = client,
	    .replaces = replaces,
	    .form = "PR",
	    .form_version = 1,
	    .station = station,
	    .observer = "O1",
	    .channel = "api",
	    .answers = answers,
	    .status = status,
	    .content_hash = client,
	    .received_at = at,
	};
	enum put_outcome out;
	struct err e;

	snprintf(answers, sizeof(answers),
	         "{\"A\":%d,\"G\":1,\"H\":%d,\"J\":%d,\"V1\":%d,\"XA\":%d}", 2 * valid,
	         valid - 1, valid, nur, valid - nur);
	err_clear(&e);
	assert_int_equal(store_submission_put(f->st, f->mid, &s, &out, &e), ST_OK);
}

static void test_estimate(void **state)
{
	struct fixture *f = *state;
	struct pvt_mission pm;
	struct pvt_official off[1] = {{"Nur Otan", 60}};
	struct err e;
	double p;

	err_clear(&e);
	assert_int_equal(pvt_mission_estimate(f->st, f->mid, NULL, 0, &pm, &e),
	                 ST_NOT_FOUND);
	pvt_mission_release(&pm);
	put_sample(f, false, ST_OK);
	/* S1: 100 valid, corrected from 50 NUR to 60; S2: a rejected report and
	 * a verified one (200, 100) after a new one (200, 10); S3 is not in
	 * the sample; S4: (50, 40); S5 has nothing. */
	report(f, "s1", NULL, "S1", "new", "2023-03-19T20:10:00Z", 100, 50);
	report(f, "s1b", "s1", "S1", "new", "2023-03-19T21:00:00Z", 100, 60);
	report(f, "s2x", NULL, "S2", "rejected", "2023-03-19T19:00:00Z", 999, 999);
	report(f, "s2a", NULL, "S2", "new", "2023-03-19T20:20:00Z", 200, 10);
	report(f, "s2b", NULL, "S2", "verified", "2023-03-19T20:30:00Z", 200, 100);
	report(f, "s3", NULL, "S3", "new", "2023-03-19T20:00:00Z", 300, 300);
	report(f, "s4", NULL, "S4", "flagged", "2023-03-19T20:05:00Z", 50, 40);
	assert_int_equal(pvt_mission_estimate(f->st, f->mid, off, 1, &pm, &e), ST_OK);
	assert_int_equal(pm.in.nchoices, 2);
	assert_string_equal(pm.in.choices[1], "Against all");
	assert_int_equal(pm.in.nreports, 3);
	/* By arrival: S4 20:05, S1 20:10 (its first version), S2 20:20. */
	assert_string_equal(pm.in.reports[0].station, "S4");
	assert_string_equal(pm.in.reports[1].station, "S1");
	assert_string_equal(pm.in.reports[1].arrived, "2023-03-19T20:10:00Z");
	assert_string_equal(pm.in.reports[2].station, "S2");
	assert_int_equal(pm.in.reports[2].votes[0], 100);
	assert_int_equal(pm.in.reports[1].votes[0], 60);
	assert_int_equal(pm.in.reports[1].ballots, 100);
	assert_int_equal(pm.in.reports[1].registered, 200);
	/* R1 (N 3): S1, S2 weight 3/2; C1 (N 1): S4 weight 1.
	 * p = (1.5 * 160 + 40) / (1.5 * 300 + 50) = 280 / 500. */
	p = 280.0 / 500;
	assert_true(fabs(pm.result.choices[0].estimate - 100 * p) < 1e-9);
	assert_true(fabs(pm.result.choices[0].official - 60) < 1e-12);
	assert_int_equal(pm.result.strata_empty, 1); /* (none): S5 has not reported */
	assert_int_equal(pm.result.strata[2].reported, 2);
	{
		json_t *j = pvt_mission_to_json(&pm);
		json_t *c0 = json_array_get(json_object_get(j, "choices"), 0);
		assert_string_equal(json_string_value(json_object_get(c0, "code")),
		                    "NUR");
		assert_int_equal(json_integer_value(json_object_get(
		                     json_object_get(j, "sample"), "seed")),
		                 42);
		json_decref(j);
	}
	pvt_mission_release(&pm);
	off[0].choice = "nobody";
	assert_int_equal(pvt_mission_estimate(f->st, f->mid, off, 1, &pm, &e),
	                 ST_INVALID);
	pvt_mission_release(&pm);
}

static void test_coverage_counts(void **state)
{
	struct fixture *f = *state;
	struct assignment_row as = {"O1", "S3", "2023-03-19"};
	enum upsert_result res;
	struct coverage c;
	struct err e;
	json_t *j;

	err_clear(&e);
	assert_int_equal(coverage_compute(f->st, f->mid, NULL, NULL, &c, &e), ST_OK);
	assert_false(c.has_sample);
	j = coverage_to_json(&c);
	assert_true(json_is_null(json_object_get(j, "sample")));
	json_decref(j);
	coverage_release(&c);
	put_sample(f, false, ST_OK);
	report(f, "s1", NULL, "S1", "new", NULL, 100, 50);
	report(f, "s5", NULL, "S5", "rejected", NULL, 100, 50);
	/* Observers go to S3 only: the sample's stations are expected on PR
	 * all the same. */
	assert_int_equal(store_assignment_put(f->st, f->mid, &as, &res, &e), ST_OK);
	assert_int_equal(coverage_compute(f->st, f->mid, NULL, NULL, &c, &e), ST_OK);
	assert_true(c.has_sample);
	assert_int_equal(c.sample.stations, 4);
	assert_int_equal(c.sample.reported, 1);
	assert_int_equal(c.nforms, 1);
	assert_int_equal(c.total[0].n.expected, 5); /* S3 assigned + 4 sampled */
	assert_int_equal(c.total[0].n.reported, 1);
	/* Regions by code: C1, R1, then outside any region. */
	assert_string_equal(c.regions[1].code, "R1");
	assert_int_equal(c.regions[1].sample.stations, 2);
	assert_int_equal(c.regions[1].sample.reported, 1);
	assert_int_equal(c.regions[2].sample.stations, 1);
	assert_int_equal(c.regions[2].sample.reported, 0);
	j = coverage_to_json(&c);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(j, "sample"), "stations")),
	    4);
	assert_int_equal(
	    json_integer_value(json_object_get(
	        json_object_get(json_array_get(json_object_get(j, "regions"), 1),
	                        "sample"),
	        "reported")),
	    1);
	json_decref(j);
	coverage_release(&c);
}

int test_pvt_store(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_frame, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sample_kept, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_estimate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_coverage_counts, setup, teardown),
	};

	return cmocka_run_group_tests_name("pvt_store", tests, NULL, NULL);
}
