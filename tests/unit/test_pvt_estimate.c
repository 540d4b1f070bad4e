/* test_pvt_estimate.c - the quick count's estimator on cases worked out by
 * hand: four stations without strata (with and without the
 * finite-population correction), two strata, a stratum with one report,
 * a stratum without any, turnout, official figures inside and outside the
 * interval, convergence points, an empty sample, and the JSON. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "analysis/pvt_estimate.h"
#include "test.h"

#define close_to(a, b) assert_true(fabs((a) - (b)) < 1e-9 * (1 + fabs((double)(b))))

/* (m, a): (100, 60), (200, 100), (150, 90), (50, 20): p = 270 / 500 =
 * 0.54; e = 6, -8, 9, -7 (sum 0), sum e^2 = 230, mbar = 125, k = 4.
 * Var = (1 - f) / (4 * 125^2) * 230 / 3; with N = 40, f = 0.1:
 * 0.9 * 230 / 3 / 62,500 = 69 / 62,500 = 0.001104. */
static void test_four_stations(void **state)
{
	static const struct pvt_obs o[4] = {
	    {0, 60, 100}, {0, 100, 200}, {0, 90, 150}, {0, 20, 50}};
	struct pvt_ratio r;

	(void)state;
	pvt_ratio_compute(o, 4, (int64_t[]){40}, 1, true, &r);
	close_to(r.estimate, 0.54);
	close_to(r.variance, 69.0 / 62500);
	assert_int_equal(r.reported, 4);
	assert_int_equal(r.strata_empty, 0);
	assert_int_equal(r.strata_single, 0);
	/* Without the correction (Apollo): 230 / 3 / 62,500. */
	pvt_ratio_compute(o, 4, (int64_t[]){40}, 1, false, &r);
	close_to(r.variance, 230.0 / 3 / 62500);
	/* A census: no sampling error left. */
	pvt_ratio_compute(o, 4, (int64_t[]){4}, 1, true, &r);
	close_to(r.variance, 0);
	/* One station: an estimate, no variance. */
	pvt_ratio_compute(o, 1, (int64_t[]){40}, 1, true, &r);
	close_to(r.estimate, 0.6);
	assert_true(isnan(r.variance));
	assert_int_equal(r.strata_single, 1);
	/* Nothing. */
	pvt_ratio_compute(o, 0, (int64_t[]){40}, 1, true, &r);
	assert_true(isnan(r.estimate));
	assert_true(isnan(r.variance));
	assert_int_equal(r.strata_empty, 1);
}

/* Stratum A (N 10): (100, 60), (200, 100), weight 5.  Stratum B (N 30):
 * (150, 90), (50, 20), (100, 30), weight 10.  Y = 5*160 + 10*140 = 2,200,
 * X = 5*300 + 10*300 = 4,500, p = 22/45.  Residuals e = a - p m: A 100/9,
 * 20/9 (mean 60/9, s2 = 2 (40/9)^2 = 3,200/81); B 150/9, -40/9, -170/9
 * (mean -20/9, s2 = (170^2 + 20^2 + 150^2) / 81 / 2 = 25,900/81).
 * Var = [10^2 (1 - 2/10) / 2 * 3,200/81 + 30^2 (1 - 3/30) / 3 * 25,900/81]
 *       / 4,500^2 = (128,000 + 6,993,000) / 81 / 20,250,000. */
static void test_two_strata(void **state)
{
	static const struct pvt_obs o[5] = {
	    {0, 60, 100}, {0, 100, 200}, {1, 90, 150}, {1, 20, 50}, {1, 30, 100}};
	struct pvt_ratio r;
	double var = (128000.0 + 6993000.0) / 81 / 20250000;

	(void)state;
	pvt_ratio_compute(o, 5, (int64_t[]){10, 30}, 2, true, &r);
	close_to(r.estimate, 22.0 / 45);
	close_to(r.variance, var);
	/* Order does not matter. */
	{
		static const struct pvt_obs p[5] = {
		    {1, 30, 100}, {0, 100, 200}, {1, 20, 50}, {0, 60, 100}, {1, 90, 150}};
		struct pvt_ratio q;
		pvt_ratio_compute(p, 5, (int64_t[]){10, 30}, 2, true, &q);
		close_to(q.estimate, r.estimate);
		close_to(q.variance, r.variance);
	}
	/* Stratum B with one report (150, 90): it adds to the totals, not to
	 * the variance, and says so.  Y = 5*160 + 30*90, X = 5*300 + 30*150. */
	pvt_ratio_compute(o, 3, (int64_t[]){10, 30}, 2, true, &r);
	close_to(r.estimate, (800.0 + 2700) / (1500 + 4500));
	assert_int_equal(r.strata_single, 1);
	{
		double p = 3500.0 / 6000, e1 = 60 - 100 * p, e2 = 100 - 200 * p;
		double mean = (e1 + e2) / 2;
		double s2 = (e1 - mean) * (e1 - mean) + (e2 - mean) * (e2 - mean);
		close_to(r.variance, 100 * 0.8 / 2 * s2 / (6000.0 * 6000));
	}
	/* A third stratum without reports is left out of the estimate. */
	pvt_ratio_compute(o, 5, (int64_t[]){10, 30, 99}, 3, true, &r);
	close_to(r.estimate, 22.0 / 45);
	close_to(r.variance, var);
	assert_int_equal(r.strata_empty, 1);
}

/* The whole: two strata, three choices, turnout, official figures. */
static void test_estimate(void **state)
{
	static const int64_t v[5][3] = {
	    {60, 30, 10}, {100, 80, 20}, {90, 40, 20}, {20, 25, 5}, {30, 50, 20}};
	static const char *const names[3] = {"Nur Otan", "Ak Zhol", "Against all"};
	struct pvt_stratum_in strata[2] = {{"rural", 10, 3}, {"urban", 30, 4}};
	struct pvt_report reps[5];
	double official[3] = {48.9, 35.0, NAN};
	struct pvt_input in = {
	    .strata = strata,
	    .nstrata = 2,
	    .stratified = true,
	    .choices = names,
	    .nchoices = 3,
	    .official = official,
	    .reports = reps,
	    .nreports = 5,
	};
	static const size_t stratum[5] = {0, 0, 1, 1, 1};
	static const int64_t valid[5] = {100, 200, 150, 50, 100};
	struct pvt_ratio r;
	struct pvt_result res;
	struct err e;
	json_t *j;
	char *text;

	(void)state;
	err_clear(&e);
	for (int i = 0; i < 5; i++) {
		reps[i] = (struct pvt_report){
		    .station = "S",
		    .stratum = stratum[i],
		    .valid = valid[i],
		    .votes = v[i],
		    .registered = i == 4 ? -1 : 2 * valid[i] + 10,
		    .ballots = valid[i] + 2,
		    .arrived = i == 2 ? "2023-03-19T20:15:00Z" : NULL};
	}
	assert_int_equal(pvt_estimate(&in, &res, &e), ST_OK);
	assert_int_equal(res.sample_size, 7);
	assert_int_equal(res.reported, 5);
	assert_int_equal(res.valid_votes, 600);
	assert_int_equal(res.nchoices, 3);
	/* The first choice is the two-strata case above, in percent. */
	close_to(res.choices[0].estimate, 100 * 22.0 / 45);
	close_to(res.choices[0].moe95,
	         100 * 1.96 * sqrt((128000.0 + 6993000.0) / 81 / 20250000));
	close_to(res.choices[0].moe99,
	         100 * 2.576 * sqrt((128000.0 + 6993000.0) / 81 / 20250000));
	/* 48.9 is inside 48.89 +- 12.9; 35.0 is not inside Ak Zhol's
	 * interval (Y = 5*110 + 10*115 = 1,700 of 4,500: 37.8 +- ...). */
	close_to(res.choices[1].estimate, 100 * 1700.0 / 4500);
	assert_int_equal(res.choices[0].inside95, 1);
	pvt_ratio_compute(
	    (struct pvt_obs[]){
	        {0, 30, 100}, {0, 80, 200}, {1, 40, 150}, {1, 25, 50}, {1, 50, 100}},
	    5, (int64_t[]){10, 30}, 2, true, &r);
	close_to(res.choices[1].moe95, 100 * 1.96 * sqrt(r.variance));
	assert_int_equal(res.choices[1].inside95,
	                 fabs(35.0 - 100 * r.estimate) <= 100 * 1.96 * sqrt(r.variance));
	assert_int_equal(res.choices[2].inside95, -1);
	/* Turnout from the four reports that gave both figures: ballots 102,
	 * 202 (rural, weight 5) and 152, 52 (urban): the weights count these reports
	 * only. */
	assert_true(res.has_turnout);
	assert_int_equal(res.turnout_reports, 4);
	pvt_ratio_compute(
	    (struct pvt_obs[]){{0, 102, 210}, {0, 202, 410}, {1, 152, 310}, {1, 52, 110}},
	    4, (int64_t[]){10, 30}, 2, true, &r);
	close_to(res.turnout.estimate, 100 * r.estimate);
	close_to(res.turnout.moe95, 100 * 1.96 * sqrt(r.variance));
	/* Strata and convergence: sample 7, so a point every ceil(7/10) = 1
	 * report. */
	assert_int_equal(res.strata[0].reported, 2);
	assert_int_equal(res.strata[1].reported, 3);
	assert_int_equal(res.strata_empty, 0);
	assert_int_equal(res.npoints, 5);
	assert_int_equal(res.convergence[0].reports, 1);
	close_to(res.convergence[0].estimate[0], 60.0);
	assert_true(isnan(res.convergence[0].moe95[0]));
	assert_string_equal(res.convergence[2].arrived, "2023-03-19T20:15:00Z");
	close_to(res.convergence[4].estimate[0], res.choices[0].estimate);
	close_to(res.convergence[4].moe95[0], res.choices[0].moe95);

	j = pvt_result_to_json(&in, &res);
	assert_int_equal(json_integer_value(json_object_get(j, "sample_reported")), 5);
	assert_true(json_is_true(json_object_get(j, "stratified")));
	{
		json_t *c0 = json_array_get(json_object_get(j, "choices"), 0);
		json_t *c2 = json_array_get(json_object_get(j, "choices"), 2);
		assert_string_equal(json_string_value(json_object_get(c0, "name")),
		                    "Nur Otan");
		close_to(json_real_value(json_object_get(c0, "estimate")),
		         100 * 22.0 / 45);
		assert_true(json_is_true(json_object_get(c0, "inside95")));
		assert_true(json_is_null(json_object_get(c2, "official")));
		assert_true(json_is_null(json_object_get(c2, "inside95")));
	}
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(j, "turnout"), "reports")),
	    4);
	assert_int_equal(json_array_size(json_object_get(j, "convergence")), 5);
	text = json_dumps(j, JSON_COMPACT);
	assert_non_null(strstr(text, "\"name\":\"urban\",\"population\":30,\"sampled\":4,"
	                             "\"reported\":3"));
	free(text);
	json_decref(j);
	pvt_result_release(&res);

	/* Five of a sample of 30 arrived: a point every 3 reports and one
	 * after the last. */
	in.nreports = 5;
	in.sample_size = 30;
	assert_int_equal(pvt_estimate(&in, &res, &e), ST_OK);
	assert_int_equal(res.npoints, 2);
	assert_int_equal(res.convergence[0].reports, 3);
	assert_int_equal(res.convergence[1].reports, 5);
	pvt_result_release(&res);
}

static void test_empty_and_errors(void **state)
{
	static const char *const names[2] = {"A", "B"};
	struct pvt_stratum_in strata[1] = {{NULL, 100, 10}};
	int64_t votes[2] = {-1, 3};
	struct pvt_report rep = {
	    .station = "S-1", .stratum = 0, .valid = 2, .votes = votes};
	struct pvt_input in = {
	    .strata = strata, .nstrata = 1, .choices = names, .nchoices = 2};
	struct pvt_result res;
	struct err e;
	json_t *j;

	(void)state;
	err_clear(&e);
	assert_int_equal(pvt_estimate(&in, &res, &e), ST_OK);
	assert_int_equal(res.reported, 0);
	assert_true(isnan(res.choices[0].estimate));
	assert_false(res.has_turnout);
	assert_int_equal(res.npoints, 0);
	assert_int_equal(res.strata_empty, 1);
	j = pvt_result_to_json(&in, &res);
	assert_true(json_is_null(json_object_get(j, "turnout")));
	assert_true(json_is_null(json_object_get(
	    json_array_get(json_object_get(j, "choices"), 0), "estimate")));
	assert_null(json_object_get(json_array_get(json_object_get(j, "choices"), 0),
	                            "official"));
	json_decref(j);
	pvt_result_release(&res);
	in.reports = &rep;
	in.nreports = 1;
	assert_int_equal(pvt_estimate(&in, &res, &e), ST_INVALID);
	assert_string_equal(e.msg, "station \"S-1\": negative votes for \"A\"");
	votes[0] = 1;
	rep.stratum = 1;
	assert_int_equal(pvt_estimate(&in, &res, &e), ST_INVALID);
	assert_string_equal(e.msg, "station \"S-1\": stratum out of range");
}

int test_pvt_estimate(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_four_stations),
	    cmocka_unit_test(test_two_strata),
	    cmocka_unit_test(test_estimate),
	    cmocka_unit_test(test_empty_and_errors),
	};

	return cmocka_run_group_tests_name("pvt_estimate", tests, NULL, NULL);
}
