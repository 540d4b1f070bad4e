/* test_tabulate.c - totals, shares and the arithmetic checks of three
 * hand-made stations, worked out by hand, and their JSON. */
#include <math.h>
#include <string.h>

#include "test.h"
#include "analysis/tabulate.h"

/* Station figures: registered, ballots (-1 none), valid, invalid, votes. */
static struct station_result station(long line, const char *id, int64_t reg, int64_t bal,
                                     int64_t valid, int64_t invalid, const int64_t *votes)
{
	return (struct station_result){.line = line,
	                               .id = id,
	                               .registered = reg,
	                               .ballots = bal,
	                               .valid = valid,
	                               .invalid = invalid,
	                               .votes = votes,
	                               .nchoices = 2};
}

static void test_totals_and_checks(void **state)
{
	/* S1 is right; S2's choices add up to 95, not 96; S3 has 110 ballots
	 * for 100 voters and claims 111 ballots. */
	static const int64_t v1[] = {60, 30}, v2[] = {50, 45}, v3[] = {70, 30};
	struct station_result s[] = {
	    station(2, "S1", 100, 92, 90, 2, v1),
	    station(3, "S2", 200, 100, 96, 4, v2),
	    station(4, "S3", 100, 111, 100, 10, v3),
	};
	struct tabulate t;
	struct err e;

	(void)state;
	tabulate_init(&t, 2, true);
	for (int i = 0; i < 3; i++)
		assert_int_equal(tabulate_add(&t, &s[i], &e), ST_OK);
	assert_int_equal(t.stations, 3);
	assert_int_equal(t.registered, 400);
	assert_int_equal(t.ballots, 92 + 100 + 111);
	assert_int_equal(t.valid, 286);
	assert_int_equal(t.invalid, 16);
	assert_int_equal(t.votes[0], 180);
	assert_int_equal(t.votes[1], 105);
	assert_int_equal(t.nbad, 2);
	assert_int_equal(t.bad[0].line, 3);
	assert_string_equal(t.bad[0].id, "S2");
	assert_int_equal(t.bad[0].checks, TAB_VALID_SUM);
	assert_int_equal(t.bad[0].choices, 95);
	assert_int_equal(t.bad[1].checks, TAB_OVER_REGISTERED | TAB_BALLOTS);
	assert_int_equal(t.failed[0], 1);
	assert_int_equal(t.failed[1], 1);
	assert_int_equal(t.failed[2], 1);
	tabulate_release(&t);

	/* Without a ballots column, ballots are valid + invalid and not checked. */
	tabulate_init(&t, 2, false);
	for (int i = 0; i < 3; i++) {
		s[i].ballots = -1;
		assert_int_equal(tabulate_add(&t, &s[i], &e), ST_OK);
	}
	assert_int_equal(t.ballots, 302);
	assert_int_equal(t.nbad, 2);
	assert_int_equal(t.bad[1].checks, TAB_OVER_REGISTERED);
	tabulate_release(&t);
}

static void test_json(void **state)
{
	static const int64_t v1[] = {60, 30}, v2[] = {50, 45};
	static const char *const names[] = {"Иванов", "Петров"};
	struct station_result s1 = station(2, "S1", 100, -1, 90, 2, v1);
	struct station_result s2 = station(3, "S2", 200, -1, 96, 4, v2);
	struct tabulate t;
	struct err e;
	json_t *j, *c, *bad;

	(void)state;
	tabulate_init(&t, 2, false);
	assert_int_equal(tabulate_add(&t, &s1, &e), ST_OK);
	assert_int_equal(tabulate_add(&t, &s2, &e), ST_OK);
	j = tabulate_to_json(&t, names);
	assert_int_equal(json_integer_value(json_object_get(j, "stations")), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "registered")), 300);
	assert_int_equal(json_integer_value(json_object_get(j, "ballots")), 192);
	assert_string_equal(json_string_value(json_object_get(j, "ballots_from")),
	                    "valid+invalid");
	assert_true(fabs(json_real_value(json_object_get(j, "turnout")) - 192.0 / 300) <
	            1e-15);
	c = json_array_get(json_object_get(j, "choices"), 0);
	assert_string_equal(json_string_value(json_object_get(c, "name")), "Иванов");
	assert_int_equal(json_integer_value(json_object_get(c, "votes")), 110);
	/* 110 of 186 valid; 110 of 186 + 6 */
	assert_true(fabs(json_real_value(json_object_get(c, "share_valid")) -
	                 110.0 / 186) < 1e-15);
	assert_true(fabs(json_real_value(json_object_get(c, "share_all")) - 110.0 / 192) <
	            1e-15);
	assert_int_equal(json_integer_value(json_object_get(j, "inconsistent_count")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "checks")), 2);
	bad = json_array_get(json_object_get(j, "inconsistent"), 0);
	assert_string_equal(json_string_value(json_object_get(bad, "id")), "S2");
	assert_int_equal(json_integer_value(json_object_get(bad, "line")), 3);
	c = json_array_get(json_object_get(bad, "problems"), 0);
	assert_string_equal(json_string_value(json_object_get(c, "check")), "valid_sum");
	assert_int_equal(json_integer_value(json_object_get(c, "valid")), 96);
	assert_int_equal(json_integer_value(json_object_get(c, "sum_of_choices")), 95);
	json_decref(j);
	tabulate_release(&t);
}

static void test_overflow(void **state)
{
	static const int64_t v[] = {INT64_MAX / 2, 0};
	struct station_result s = station(2, "S", INT64_MAX / 2, -1, INT64_MAX / 2, 0, v);
	struct tabulate t;
	struct err e;

	(void)state;
	tabulate_init(&t, 2, false);
	assert_int_equal(tabulate_add(&t, &s, &e), ST_OK);
	assert_int_equal(tabulate_add(&t, &s, &e), ST_OK);
	assert_int_equal(tabulate_add(&t, &s, &e), ST_TOO_BIG);
	assert_non_null(strstr(e.msg, "line 2"));
	tabulate_release(&t);
}

int test_tabulate(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_totals_and_checks),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_overflow),
	};
	return cmocka_run_group_tests_name("tabulate", tests, NULL, NULL);
}
