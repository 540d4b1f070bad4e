/* test_forensics.c - the forensic figures of six hand-made stations,
 * worked out by hand: which stations are used, the leader, histogram and
 * fingerprint bins, the shares above 95%, the cumulative curve, second
 * digits; and the JSON document's keys. */
#include <math.h>
#include <string.h>

#include "test.h"
#include "analysis/forensics.h"

/*          registered ballots valid invalid    A    B
 * S1 line 2     100      -1    50      0      40   10   t 50%, A 80%
 * S2 line 3     100      -1    96      0      96    0   t 96%, A 100%
 * S3 line 4       0      -1     0      0       0    0   no voters
 * S4 line 5     100      -1     0      5       0    0   no valid ballot
 * S5 line 6      10      11    11      0       1   10   more ballots than voters
 * S6 line 7     100      -1    95      0      95    0   t 95%, A 100%
 */
static const int64_t figures[6][6] = {
    {100, -1, 50, 0, 40, 10}, {100, -1, 96, 0, 96, 0}, {0, -1, 0, 0, 0, 0},
    {100, -1, 0, 5, 0, 0},    {10, 11, 11, 0, 1, 10},  {100, -1, 95, 0, 95, 0},
};
static const char *const names[] = {"A", "B"};

static void feed(struct forensics *f)
{
	for (int i = 0; i < 6; i++) {
		struct station_result s = {
		    .line = i + 2,
		    .id = "x",
		    .registered = figures[i][0],
		    .ballots = figures[i][1],
		    .valid = figures[i][2],
		    .invalid = figures[i][3],
		    .votes = &figures[i][4],
		    .nchoices = 2,
		};
		forensics_add(f, &s);
	}
}

static void test_figures(void **state)
{
	struct forensics_opts o = {.leader = FORENSICS_LEADER_AUTO, .resamples = 10};
	struct forensics f;

	(void)state;
	forensics_init(&f, 2, &o);
	feed(&f);
	forensics_finish(&f);
	assert_int_equal(f.stations, 6);
	assert_int_equal(f.used, 3);
	assert_int_equal(f.no_registered, 1);
	assert_int_equal(f.no_valid, 1);
	assert_int_equal(f.over_registered, 1);
	assert_int_equal(f.leader, 0); /* A: 232 votes against B's 20 */
	assert_true(f.leader_auto);
	assert_int_equal(f.leader_votes, 40 + 96 + 95);
	assert_int_equal(f.opts.bins, 100);
	/* 1-point bins: turnout 50, 96, 95; A's share 80, 100 (last bin) twice */
	for (int k = 0; k < 100; k++) {
		assert_int_equal(f.turnout_hist[k], k == 50 || k == 95 || k == 96);
		assert_int_equal(f.leader_hist[k], k == 80 ? 1 : k == 99 ? 2 : 0);
	}
	assert_int_equal(f.fingerprint[50 * FORENSICS_FP_BINS + 80], 1);
	assert_int_equal(f.fingerprint[96 * FORENSICS_FP_BINS + 99], 1);
	assert_int_equal(f.fingerprint[95 * FORENSICS_FP_BINS + 99], 1);
	/* above 95%, strictly: turnout 96 only; A's share 100 twice */
	assert_int_equal(f.high_turnout, 1);
	assert_int_equal(f.high_leader, 2);
	/* cumulative: 0 below 50%, then 40 of 231, then 135 of 231, then all */
	assert_true(f.cumulative[49] == 0.0);
	assert_true(fabs(f.cumulative[50] - 40.0 / 231) < 1e-15);
	assert_true(fabs(f.cumulative[94] - 40.0 / 231) < 1e-15);
	assert_true(fabs(f.cumulative[95] - 135.0 / 231) < 1e-15);
	assert_true(f.cumulative[99] == 1.0);
	/* second digits over every station: A 40 96 95 (1 is too small);
	 * B 10 and 10 */
	assert_int_equal(f.digits[0].n, 3);
	assert_int_equal(f.digits[0].counts[0], 1);
	assert_int_equal(f.digits[0].counts[6], 1);
	assert_int_equal(f.digits[0].counts[5], 1);
	assert_int_equal(f.digits[1].n, 2);
	assert_int_equal(f.digits[1].counts[0], 2);
	/* integer peaks: only stations of 100 voters or more with turnout and
	 * share <= 99% take part: S1 alone, integer (50%, 80%) */
	assert_int_equal(f.peaks.stations, 1);
	assert_int_equal(f.peaks.observed, 1);
	forensics_release(&f);
}

static void test_named_leader_and_bins(void **state)
{
	struct forensics_opts o = {.leader = 1, .bins = 10, .resamples = 10};
	struct forensics f;

	(void)state;
	forensics_init(&f, 2, &o);
	feed(&f);
	forensics_finish(&f);
	assert_int_equal(f.leader, 1);
	assert_false(f.leader_auto);
	assert_int_equal(f.leader_votes, 10);
	/* 10-point bins: turnout 50 -> 5, 95 and 96 -> 9; B's share 20 -> 2,
	 * 0 -> 0 twice */
	assert_int_equal(f.turnout_hist[5], 1);
	assert_int_equal(f.turnout_hist[9], 2);
	assert_int_equal(f.leader_hist[2], 1);
	assert_int_equal(f.leader_hist[0], 2);
	assert_int_equal(f.fingerprint[50 * FORENSICS_FP_BINS + 20], 1);
	assert_int_equal(f.fingerprint[96 * FORENSICS_FP_BINS + 0], 1);
	assert_int_equal(f.high_leader, 0);
	forensics_release(&f);
}

static void test_json(void **state)
{
	struct forensics_opts o = {
	    .leader = FORENSICS_LEADER_AUTO, .resamples = 10, .seed = 9};
	struct forensics f;
	json_t *j, *fp, *p, *d;

	(void)state;
	forensics_init(&f, 2, &o);
	feed(&f);
	forensics_finish(&f);
	j = forensics_to_json(&f, names);
	assert_int_equal(json_integer_value(json_object_get(j, "stations_used")), 3);
	assert_string_equal(json_string_value(json_object_get(j, "leader")), "A");
	assert_string_equal(json_string_value(json_object_get(j, "leader_chosen")),
	                    "auto");
	assert_int_equal(json_array_size(json_object_get(j, "turnout_histogram")), 100);
	assert_int_equal(json_array_size(json_object_get(j, "leader_share_histogram")),
	                 100);
	fp = json_object_get(j, "fingerprint");
	assert_int_equal(json_array_size(fp), 100);
	assert_int_equal(json_integer_value(json_array_get(json_array_get(fp, 50), 80)),
	                 1);
	assert_true(fabs(json_real_value(json_object_get(j, "high_turnout_share")) -
	                 1.0 / 3) < 1e-15);
	p = json_object_get(j, "integer_peaks");
	assert_int_equal(json_integer_value(json_object_get(p, "observed")), 1);
	assert_int_equal(json_integer_value(json_object_get(p, "seed")), 9);
	assert_non_null(json_object_get(p, "expected"));
	assert_non_null(json_object_get(p, "sd"));
	assert_non_null(json_object_get(p, "z"));
	d = json_array_get(json_object_get(j, "second_digit"), 1);
	assert_string_equal(json_string_value(json_object_get(d, "name")), "B");
	assert_non_null(json_object_get(d, "chi2"));
	assert_true(json_real_value(json_object_get(d, "p")) >= 0);
	assert_int_equal(json_array_size(json_object_get(j, "cumulative_leader_votes")),
	                 100);
	json_decref(j);
	forensics_release(&f);
}

int test_forensics(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_figures),
	    cmocka_unit_test(test_named_leader_and_bins),
	    cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests_name("forensics", tests, NULL, NULL);
}
