/* test_winner.c - plurality, absolute majority and runoffs, the quorum of
 * an election by electors: Kazakhstan's presidential election of 2019 and
 * the Senate sessions of 2020 and 2023 from their published figures, and
 * hand-made tables for ties, runoffs and empty results. */
#include <math.h>
#include <string.h>

#include "test.h"
#include "analysis/winner.h"

#define C(n, v)                                                                          \
	{                                                                                \
		n, v, VOTE_LIST, VOTES_NO_ORDER                                          \
	}
#define AA(v)                                                                            \
	{                                                                                \
		"against all", v, VOTE_AGAINST_ALL, VOTES_NO_ORDER                       \
	}
#define INV(v)                                                                           \
	{                                                                                \
		"invalid", v, VOTE_INVALID, VOTES_NO_ORDER                               \
	}
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void decide(const struct vote_row *rows, size_t n, enum winner_rule rule,
                   enum winner_base base, int64_t electors, struct winner_result *w)
{
	struct winner_params p = {rule, base, electors};
	struct err e;

	err_clear(&e);
	assert_int_equal(winner_decide(rows, n, &p, w, &e), ST_OK);
}

static void test_president_2019(void **state)
{
	/* Valid 9,216,410 = the seven candidates; invalid 57,700 = ballots
	 * 9,274,110 - valid.  Tokayev 6,539,715 / 9,216,410 = 70.96% > 50%. */
	static const struct vote_row rows[] = {
	    C("Tokayev", 6539715),    C("Kosanov", 1495401),  C("Yespayeva", 465714),
	    C("Rakhimbekov", 280451), C("Taspikhov", 182898), C("Akhmetbekov", 167649),
	    C("Tugel", 84582),        INV(9274110 - 9216410),
	};
	struct winner_result w;

	(void)state;
	decide(rows, N(rows), WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_true(w.decided);
	assert_int_equal(w.outcome, WINNER_ELECTED);
	assert_int_equal(w.winner, 0);
	assert_int_equal(w.base_votes, 9216410);
	assert_int_equal(w.candidate_votes, 9216410);
	assert_int_equal(w.took_part, 9274110);
	assert_int_equal(w.majority_votes, 4608206); /* 9,216,410 / 2 + 1 */
	assert_int_equal(lround(6539715.0 / (double)w.base_votes * 10000), 7096);
	assert_int_equal(w.runoff[0], -1);
	assert_int_equal(w.quorum_met, -1);
	assert_int_equal(w.ranking[1], 1); /* Kosanov second */
	assert_int_equal(w.ranking[6], 6);
	winner_result_release(&w);
}

static void test_runoff(void **state)
{
	/* 45 + 30 + 25 = 100: nobody has more than 50; A and B go on. */
	static const struct vote_row three[] = {C("A", 45), C("B", 30), C("C", 25)};
	/* "against all" counts in the base: 50 of 100 is not more than half.
	 * Without it, 50 of 90 is. */
	static const struct vote_row with_aa[] = {C("A", 50), C("B", 40), AA(10)};
	static const struct vote_row without[] = {C("A", 50), C("B", 40)};
	/* Exactly half each: a runoff of the two. */
	static const struct vote_row halves[] = {C("A", 50), C("B", 50)};
	/* Order in the file does not matter: B has more. */
	static const struct vote_row swapped[] = {C("C", 10), C("A", 20), C("B", 70)};
	struct winner_result w;

	(void)state;
	decide(three, 3, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_false(w.decided);
	assert_int_equal(w.outcome, WINNER_RUNOFF);
	assert_int_equal(w.runoff[0], 0);
	assert_int_equal(w.runoff[1], 1);
	assert_int_equal(w.winner, -1);
	winner_result_release(&w);
	decide(with_aa, 3, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_RUNOFF);
	assert_int_equal(w.base_votes, 100);
	assert_int_equal(w.majority_votes, 51);
	winner_result_release(&w);
	decide(without, 2, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_ELECTED);
	assert_int_equal(w.winner, 0);
	winner_result_release(&w);
	decide(halves, 2, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_RUNOFF);
	assert_int_equal(w.runoff[0], 0);
	assert_int_equal(w.runoff[1], 1);
	winner_result_release(&w);
	decide(swapped, 3, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.winner, 2);
	winner_result_release(&w);
}

static void test_bases(void **state)
{
	/* 52 of 100 valid is a majority; of 110 ballots with 10 invalid it is
	 * not (52 <= 55). */
	static const struct vote_row rows[] = {C("A", 52), C("B", 48), INV(10)};
	struct winner_result w;

	(void)state;
	decide(rows, 3, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_ELECTED);
	winner_result_release(&w);
	decide(rows, 3, WINNER_MAJORITY, WINNER_BASE_ALL, 0, &w);
	assert_int_equal(w.outcome, WINNER_RUNOFF);
	assert_int_equal(w.base_votes, 110);
	assert_int_equal(w.majority_votes, 56);
	winner_result_release(&w);
}

static void test_ties(void **state)
{
	static const struct vote_row top[] = {C("A", 30), C("B", 10), C("C", 30)};
	static const struct vote_row second[] = {C("A", 40), C("B", 30), C("C", 30)};
	static const struct vote_row three[] = {C("A", 30), C("B", 30), C("C", 30)};
	struct winner_result w;

	(void)state;
	/* plurality: A and C tie for first: undecided, both named */
	decide(top, 3, WINNER_PLURALITY, WINNER_BASE_VALID, 0, &w);
	assert_false(w.decided);
	assert_int_equal(w.outcome, WINNER_TIE);
	assert_int_equal(w.ntied, 2);
	assert_int_equal(w.tied[0], 0);
	assert_int_equal(w.tied[1], 2);
	winner_result_release(&w);
	/* majority: a two-way tie at the top still makes a runoff pair */
	decide(top, 3, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_RUNOFF);
	assert_int_equal(w.runoff[0], 0);
	assert_int_equal(w.runoff[1], 2);
	winner_result_release(&w);
	/* majority: B and C tie for the second place beside A */
	decide(second, 3, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_RUNOFF_TIE);
	assert_int_equal(w.ntied, 2);
	assert_int_equal(w.tied[0], 1);
	assert_int_equal(w.tied[1], 2);
	assert_int_equal(w.runoff[0], 0);
	assert_int_equal(w.runoff[1], -1);
	winner_result_release(&w);
	/* three-way tie: nobody is sure of a place */
	decide(three, 3, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_RUNOFF_TIE);
	assert_int_equal(w.ntied, 3);
	assert_int_equal(w.runoff[0], -1);
	winner_result_release(&w);
	/* plurality with a clear winner */
	decide(second, 3, WINNER_PLURALITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_ELECTED);
	assert_int_equal(w.winner, 0);
	assert_true(w.decided);
	winner_result_release(&w);
}

static void test_senate_quorum(void **state)
{
	/* 2020: 3,069 electors, 2,889 took part: 2 x 2,889 = 5,778 > 3,069.
	 * The split among candidates is made up; the sum is the published
	 * turnout. */
	static const struct vote_row s2020[] = {C("A", 1500), C("B", 1300), INV(89)};
	/* 2023: 3,167 electors, 2,904 took part. */
	static const struct vote_row s2023[] = {C("A", 1400), C("B", 1000), C("C", 504)};
	static const struct vote_row five[] = {C("A", 3), C("B", 2)};
	static const struct vote_row six[] = {C("A", 4), C("B", 2)};
	struct winner_result w;
	struct winner_params p = {WINNER_MAJORITY, WINNER_BASE_ALL, 4};
	struct err e;

	(void)state;
	decide(s2020, 3, WINNER_MAJORITY, WINNER_BASE_ALL, 3069, &w);
	assert_int_equal(w.took_part, 2889);
	assert_int_equal(w.quorum_met, 1);
	/* more than half of the 2,889 who voted (invalid ballots too): 1,445 */
	assert_int_equal(w.majority_votes, 1445);
	assert_int_equal(w.outcome, WINNER_ELECTED);
	assert_int_equal(w.winner, 0);
	winner_result_release(&w);
	decide(s2023, 3, WINNER_MAJORITY, WINNER_BASE_ALL, 3167, &w);
	assert_int_equal(w.took_part, 2904);
	assert_int_equal(w.quorum_met, 1);
	/* 1,400 of 2,904 is not more than half: A and B to the runoff */
	assert_int_equal(w.outcome, WINNER_RUNOFF);
	assert_int_equal(w.runoff[0], 0);
	assert_int_equal(w.runoff[1], 1);
	winner_result_release(&w);
	/* the runoff is by plurality, with the same quorum: A 1,400 and B
	 * 1,000 are 2,400 of 3,167 electors, more than half */
	decide(s2023, 2, WINNER_PLURALITY, WINNER_BASE_ALL, 3167, &w);
	assert_int_equal(w.quorum_met, 1);
	assert_int_equal(w.winner, 0);
	winner_result_release(&w);
	/* 1,583 of 3,167 is less than half: no valid session */
	decide((const struct vote_row[]){C("A", 1000), C("B", 583)}, 2, WINNER_PLURALITY,
	       WINNER_BASE_ALL, 3167, &w);
	assert_int_equal(w.quorum_met, 0);
	assert_int_equal(w.outcome, WINNER_NO_QUORUM);
	winner_result_release(&w);
	/* half is not more than half: 5 of 10 electors */
	decide(five, 2, WINNER_MAJORITY, WINNER_BASE_ALL, 10, &w);
	assert_int_equal(w.quorum_met, 0);
	assert_int_equal(w.outcome, WINNER_NO_QUORUM);
	assert_false(w.decided);
	assert_int_equal(w.winner, -1);
	winner_result_release(&w);
	decide(six, 2, WINNER_MAJORITY, WINNER_BASE_ALL, 10, &w);
	assert_int_equal(w.quorum_met, 1);
	assert_int_equal(w.winner, 0); /* 4 of 6 */
	winner_result_release(&w);
	/* more ballots than electors is an error */
	assert_int_equal(winner_decide(five, 2, &p, &w, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "5 electors took part"));
}

static void test_empty_and_odd(void **state)
{
	static const struct vote_row none[] = {AA(10), INV(3)};
	static const struct vote_row zero[] = {C("A", 0), C("B", 0), INV(3)};
	static const struct vote_row alone[] = {C("A", 40), AA(60)};
	static const struct vote_row behind[] = {C("A", 30), C("B", 20), AA(40)};
	struct winner_result w;

	(void)state;
	decide(none, 2, WINNER_PLURALITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_NO_CANDIDATES);
	assert_false(w.decided);
	winner_result_release(&w);
	decide(zero, 3, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_NO_VOTES);
	winner_result_release(&w);
	decide(NULL, 0, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_NO_CANDIDATES);
	winner_result_release(&w);
	/* one candidate short of a majority: no second one for a runoff */
	decide(alone, 2, WINNER_MAJORITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.outcome, WINNER_NO_MAJORITY);
	assert_true(w.against_all_ahead);
	winner_result_release(&w);
	/* plurality elects A, and says that against all had more */
	decide(behind, 3, WINNER_PLURALITY, WINNER_BASE_VALID, 0, &w);
	assert_int_equal(w.winner, 0);
	assert_true(w.against_all_ahead);
	winner_result_release(&w);
	assert_string_equal(winner_outcome_name(WINNER_RUNOFF_TIE), "runoff_tie");
	assert_string_equal(winner_rule_name(WINNER_MAJORITY), "majority");
}

int test_winner(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_president_2019), cmocka_unit_test(test_runoff),
	    cmocka_unit_test(test_bases),          cmocka_unit_test(test_ties),
	    cmocka_unit_test(test_senate_quorum),  cmocka_unit_test(test_empty_and_odd),
	};
	return cmocka_run_group_tests_name("winner", tests, NULL, NULL);
}
