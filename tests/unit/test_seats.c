/* test_seats.c - seat allocation worked by hand for every method (the
 * arithmetic is in the comments), thresholds on each base, ties at the last
 * seat settled by registration order, empty and odd results, the Mazhilis
 * of Kazakhstan in 2021 and 2023, the presets, and invariants of every
 * method on many random tables. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "analysis/seats.h"

#define L(n, v)                                                                          \
	{                                                                                \
		n, v, VOTE_LIST, VOTES_NO_ORDER                                          \
	}
#define LO(n, v, o)                                                                      \
	{                                                                                \
		n, v, VOTE_LIST, o                                                       \
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

static void run(const struct vote_row *rows, size_t n, enum seats_method m, int64_t seats,
                int64_t pcm, enum seats_base base, struct seats_result *res)
{
	struct seats_params p = {m, seats, pcm, base};
	struct err e;

	err_clear(&e);
	assert_int_equal(seats_allocate(rows, n, &p, res, &e), ST_OK);
}

/* res gives rows[0..n) exactly want[0..n) seats. */
static void expect(const struct seats_result *res, const int64_t *want, size_t n)
{
	int64_t sum = 0;

	for (size_t i = 0; i < n; i++) {
		assert_int_equal(res->lines[i].seats, want[i]);
		sum += want[i];
	}
	assert_int_equal(res->allocated, sum);
}

/* A textbook table: 100,000 votes, 10 seats, no threshold. */
static const struct vote_row six[] = {
    L("A", 47000), L("B", 16000), L("C", 15800),
    L("D", 12000), L("E", 6100),  L("F", 3100),
};

static void test_hare(void **state)
{
	struct seats_result res;
	/* quota 100000 / 10 = 10000: A 4.70, B 1.60, C 1.58, D 1.20, E 0.61,
	 * F 0.31; whole seats 4+1+1+1 = 7; the 3 left go to the largest
	 * remainders .70 (A), .61 (E), .60 (B). */
	static const int64_t want[] = {5, 2, 1, 1, 1, 0};

	(void)state;
	run(six, N(six), SEATS_HARE, 10, 0, SEATS_BASE_ALL, &res);
	expect(&res, want, N(six));
	assert_true(res.quota == 10000.0);
	assert_int_equal(res.lines[0].whole, 4);
	assert_true(res.lines[0].remainder == 7000.0); /* 47000 - 4 x 10000 */
	assert_int_equal(res.lines[0].remainder_seats, 1);
	assert_true(res.lines[4].remainder == 6100.0);
	assert_true(res.lines[2].remainder == 5800.0); /* C: .58 misses */
	assert_int_equal(res.lines[2].remainder_seats, 0);
	assert_true(isnan(res.last_quotient));
	assert_int_equal(res.notes, 0);
	assert_true(fabs(res.lines[0].share - 0.47) < 1e-12);
	seats_result_release(&res);
}

static void test_droop(void **state)
{
	struct seats_result res;
	/* quota floor(100000 / 11) + 1 = 9090 + 1 = 9091: A 5 (45455, left
	 * 1545), B 1 (left 6909), C 1 (left 6709), D 1 (left 2909), E 0 (left
	 * 6100), F 0 (left 3100); whole 8; 2 left go to B (6909), C (6709). */
	static const int64_t want[] = {5, 2, 2, 1, 0, 0};

	(void)state;
	run(six, N(six), SEATS_DROOP, 10, 0, SEATS_BASE_ALL, &res);
	expect(&res, want, N(six));
	assert_true(res.quota == 9091.0);
	assert_true(res.lines[1].remainder == 6909.0);
	assert_true(res.lines[4].remainder == 6100.0);
	seats_result_release(&res);
}

static void test_dhondt(void **state)
{
	struct seats_result res;
	/* quotients v/1, v/2, ...: A 47000 23500 15667 11750 9400 | 7833;
	 * B 16000 8000 | 5333; C 15800 7900 | 5267; D 12000 | 6000; E 6100;
	 * F 3100.  The ten highest: 47000 23500 16000 15800 15667 12000 11750
	 * 9400 8000 7900; the last seat at 7900 (C), the best left 7833 (A). */
	static const int64_t want[] = {5, 2, 2, 1, 0, 0};

	(void)state;
	run(six, N(six), SEATS_DHONDT, 10, 0, SEATS_BASE_ALL, &res);
	expect(&res, want, N(six));
	assert_true(res.last_quotient == 7900.0);
	assert_true(fabs(res.next_quotient - 47000.0 / 6) < 1e-9);
	assert_true(fabs(res.lines[0].next_quotient - 47000.0 / 6) < 1e-9);
	assert_true(res.lines[3].next_quotient == 6000.0);
	assert_true(isnan(res.quota));
	assert_true(isnan(res.lines[0].remainder));
	assert_int_equal(res.notes, 0);
	seats_result_release(&res);
}

static void test_sainte_lague(void **state)
{
	struct seats_result res;
	/* quotients v/1, v/3, v/5, v/7: A 47000 15667 9400 6714 | 5222;
	 * B 16000 5333 | 3200; C 15800 5267 | 3160; D 12000 | 4000; E 6100 |
	 * 2033; F 3100.  The ten highest: 47000 16000 15800 15667 12000 9400
	 * 6714 6100 5333 5267; the last at 5266.67 (C), the best left 5222 (A). */
	static const int64_t want[] = {4, 2, 2, 1, 1, 0};

	(void)state;
	run(six, N(six), SEATS_SAINTE_LAGUE, 10, 0, SEATS_BASE_ALL, &res);
	expect(&res, want, N(six));
	assert_true(fabs(res.last_quotient - 15800.0 / 3) < 1e-9);
	assert_true(fabs(res.next_quotient - 47000.0 / 9) < 1e-9);
	seats_result_release(&res);
}

/* 603 votes for lists, 30 against all, 25 invalid: the threshold of 5%
 * keeps C out on two bases and lets it in on the third. */
static void test_threshold_bases(void **state)
{
	static const struct vote_row rows[] = {
	    L("A", 600), L("B", 300), L("C", 48), AA(30), INV(25),
	};
	struct seats_result res;

	(void)state;
	/* all: 1003 x 5% = 50.15 -> 51 votes; C (48) is out; A and B share 10
	 * seats over V = 900: quota 90, A 6.67 -> 6, B 3.33 -> 3, the last
	 * seat to A (.67). */
	static const int64_t two[] = {7, 3, 0, 0, 0};
	run(rows, N(rows), SEATS_HARE, 10, 5000, SEATS_BASE_ALL, &res);
	assert_int_equal(res.base_votes, 1003);
	assert_int_equal(res.threshold_votes, 51);
	assert_false(res.lines[2].qualified);
	expect(&res, two, N(rows));
	assert_true(res.lines[4].in_base);
	assert_true(fabs(res.lines[4].share - 25.0 / 1003) < 1e-12);
	assert_false(res.lines[3].qualified); /* against all never qualifies */
	seats_result_release(&res);
	/* valid: 978 x 5% = 48.9 -> 49 votes; C still out by one vote. */
	run(rows, N(rows), SEATS_HARE, 10, 5000, SEATS_BASE_VALID, &res);
	assert_int_equal(res.base_votes, 978);
	assert_int_equal(res.threshold_votes, 49);
	assert_false(res.lines[2].qualified);
	assert_false(res.lines[4].in_base);
	assert_true(isnan(res.lines[4].share));
	assert_true(res.lines[3].in_base);
	expect(&res, two, N(rows));
	seats_result_release(&res);
	/* lists: 948 x 5% = 47.4 -> 48 votes; C is in.  V = 948: A 6000/948
	 * = 6 (left 312), B 3000/948 = 3 (left 156), C 480/948 = 0 (left
	 * 480): the last seat goes to C. */
	static const int64_t three[] = {6, 3, 1, 0, 0};
	run(rows, N(rows), SEATS_HARE, 10, 5000, SEATS_BASE_LISTS, &res);
	assert_int_equal(res.base_votes, 948);
	assert_int_equal(res.threshold_votes, 48);
	assert_true(res.lines[2].qualified);
	assert_true(isnan(res.lines[3].share));
	expect(&res, three, N(rows));
	assert_int_equal(res.list_votes, 948);
	assert_int_equal(res.against_all_votes, 30);
	assert_int_equal(res.invalid_votes, 25);
	seats_result_release(&res);
}

static void test_threshold_exactly_met(void **state)
{
	/* 50 of 1000 is exactly 5%: "at least 5%" lets C in. */
	static const struct vote_row met[] = {L("A", 700), L("B", 250), L("C", 50)};
	/* 49 of 1000 is 4.9%: C is out. */
	static const struct vote_row missed[] = {L("A", 700), L("B", 251), L("C", 49)};
	/* 7.5% of 1000 = 75 exactly; of 1001 = 75.075 -> 76. */
	static const struct vote_row frac[] = {L("A", 925), L("B", 75)};
	static const struct vote_row frac2[] = {L("A", 926), L("B", 75)};
	struct seats_result res;

	(void)state;
	run(met, N(met), SEATS_DHONDT, 5, 5000, SEATS_BASE_ALL, &res);
	assert_int_equal(res.threshold_votes, 50);
	assert_true(res.lines[2].qualified);
	seats_result_release(&res);
	run(missed, N(missed), SEATS_DHONDT, 5, 5000, SEATS_BASE_ALL, &res);
	assert_false(res.lines[2].qualified);
	assert_int_equal(res.nqualified, 2);
	seats_result_release(&res);
	run(frac, N(frac), SEATS_HARE, 5, 7500, SEATS_BASE_ALL, &res);
	assert_int_equal(res.threshold_votes, 75);
	assert_true(res.lines[1].qualified);
	seats_result_release(&res);
	run(frac2, N(frac2), SEATS_HARE, 5, 7500, SEATS_BASE_ALL, &res);
	assert_int_equal(res.threshold_votes, 76);
	assert_false(res.lines[1].qualified);
	seats_result_release(&res);
}

static void test_ties_by_order(void **state)
{
	/* Hare, 2 seats: quota 500; C 400 x 2 = 800 -> 0 left 800/2; A and B
	 * 300 x 2 = 600 -> 0 left 600/2 each.  C takes the first seat; A and
	 * B tie for the second, which goes to B, registered first. */
	static const struct vote_row hare[] = {LO("A", 300, 2), LO("B", 300, 1),
	                                       LO("C", 400, 3)};
	static const struct vote_row hare_no_order[] = {L("A", 300), L("B", 300),
	                                                L("C", 400)};
	/* D'Hondt, 2 seats: A 600 takes the first; A 600/2 = 300 ties B 300/1. */
	static const struct vote_row dh[] = {LO("A", 600, 2), LO("B", 300, 1)};
	static const struct vote_row dh_no_order[] = {L("A", 600), L("B", 300)};
	/* Sainte-Laguë, 2 seats: A 300; then A 300/3 = 100 ties B 100/1. */
	static const struct vote_row sl[] = {LO("A", 300, 7), LO("B", 100, 3)};
	/* Droop, 2 seats: quota floor(1000/3) + 1 = 334; A 1 (left 166),
	 * B and C 0 (left 250 each): the last seat to C, registered first. */
	static const struct vote_row dr[] = {LO("A", 500, 1), LO("B", 250, 3),
	                                     LO("C", 250, 2)};
	struct seats_result res;

	(void)state;
	run(hare, N(hare), SEATS_HARE, 2, 0, SEATS_BASE_ALL, &res);
	expect(&res, (const int64_t[]){0, 1, 1}, 3);
	assert_true(res.notes & SEATS_TIE_BY_ORDER);
	assert_int_equal(res.tie_won, 1);
	assert_int_equal(res.tie_lost, 0);
	seats_result_release(&res);
	/* without an order the row that comes first wins the tie */
	run(hare_no_order, 3, SEATS_HARE, 2, 0, SEATS_BASE_ALL, &res);
	expect(&res, (const int64_t[]){1, 0, 1}, 3);
	assert_int_equal(res.tie_won, 0);
	assert_int_equal(res.tie_lost, 1);
	seats_result_release(&res);
	run(dh, N(dh), SEATS_DHONDT, 2, 0, SEATS_BASE_ALL, &res);
	expect(&res, (const int64_t[]){1, 1}, 2);
	assert_true(res.notes & SEATS_TIE_BY_ORDER);
	assert_int_equal(res.tie_won, 1);
	assert_true(res.last_quotient == 300.0 && res.next_quotient == 300.0);
	seats_result_release(&res);
	run(dh_no_order, 2, SEATS_DHONDT, 2, 0, SEATS_BASE_ALL, &res);
	expect(&res, (const int64_t[]){2, 0}, 2);
	assert_int_equal(res.tie_won, 0);
	seats_result_release(&res);
	run(sl, N(sl), SEATS_SAINTE_LAGUE, 2, 0, SEATS_BASE_ALL, &res);
	expect(&res, (const int64_t[]){1, 1}, 2);
	assert_true(res.notes & SEATS_TIE_BY_ORDER);
	seats_result_release(&res);
	run(dr, N(dr), SEATS_DROOP, 2, 0, SEATS_BASE_ALL, &res);
	expect(&res, (const int64_t[]){1, 0, 1}, 3);
	assert_int_equal(res.tie_won, 2);
	assert_int_equal(res.tie_lost, 1);
	seats_result_release(&res);
	/* no tie: the six-list table has none */
	run(six, N(six), SEATS_HARE, 10, 0, SEATS_BASE_ALL, &res);
	assert_int_equal(res.tie_won, -1);
	seats_result_release(&res);
}

static void test_empty_results(void **state)
{
	static const struct vote_row zero[] = {L("A", 0), L("B", 0), INV(12)};
	static const struct vote_row low[] = {L("A", 40), L("B", 35), L("C", 25)};
	struct seats_result res;

	(void)state;
	for (int m = 0; m < SEATS__METHODS; m++) {
		run(zero, N(zero), (enum seats_method)m, 5, 5000, SEATS_BASE_ALL, &res);
		assert_true(res.notes & SEATS_NO_VOTES);
		assert_int_equal(res.allocated, 0);
		assert_false(res.lines[0].qualified);
		assert_true(isnan(res.quota));
		seats_result_release(&res);
		/* 50% of 100 = 50: nobody has it */
		run(low, N(low), (enum seats_method)m, 5, 50000, SEATS_BASE_ALL, &res);
		assert_true(res.notes & SEATS_NOBODY_QUALIFIED);
		assert_int_equal(res.allocated, 0);
		expect(&res, (const int64_t[]){0, 0, 0}, 3);
		assert_int_equal(res.threshold_votes, 50);
		seats_result_release(&res);
	}
	/* a table of nothing at all */
	run(NULL, 0, SEATS_HARE, 5, 0, SEATS_BASE_ALL, &res);
	assert_true(res.notes & SEATS_NO_VOTES);
	seats_result_release(&res);
	/* a list without a vote never qualifies, even with no threshold */
	static const struct vote_row one_zero[] = {L("A", 10), L("B", 0)};
	run(one_zero, 2, SEATS_SAINTE_LAGUE, 3, 0, SEATS_BASE_ALL, &res);
	assert_false(res.lines[1].qualified);
	expect(&res, (const int64_t[]){3, 0}, 2);
	seats_result_release(&res);
}

static void test_more_seats_than_votes(void **state)
{
	static const struct vote_row rows[] = {L("A", 2), L("B", 1)};
	struct seats_result res;

	(void)state;
	/* Hare: quota 3/10; A 20/3 = 6 (left 2/10), B 10/3 = 3 (left 1/10);
	 * the last seat to A. */
	run(rows, 2, SEATS_HARE, 10, 0, SEATS_BASE_ALL, &res);
	expect(&res, (const int64_t[]){7, 3}, 2);
	assert_true(res.notes & SEATS_FEWER_VOTES);
	seats_result_release(&res);
	/* Droop: quota floor(3/11) + 1 = 1; A 2, B 1, nothing left over; 7
	 * seats left go round the lists in remainder order (a tie of zeros,
	 * so file order): A B A B A B A -> A 6, B 4. */
	run(rows, 2, SEATS_DROOP, 10, 0, SEATS_BASE_ALL, &res);
	expect(&res, (const int64_t[]){6, 4}, 2);
	assert_int_equal(res.lines[0].remainder_seats, 4);
	assert_true(res.notes & SEATS_FEWER_VOTES);
	seats_result_release(&res);
	/* D'Hondt: A 2 1 .667 .5 .4 .333 .286 | .25, B 1 .5 .333 | .25 */
	run(rows, 2, SEATS_DHONDT, 10, 0, SEATS_BASE_ALL, &res);
	expect(&res, (const int64_t[]){7, 3}, 2);
	assert_false(res.notes & SEATS_TIE_BY_ORDER);
	seats_result_release(&res);
}

static void test_single_list(void **state)
{
	static const struct vote_row rows[] = {L("Only", 1234), AA(100), INV(50)};
	struct seats_result res;

	(void)state;
	for (int m = 0; m < SEATS__METHODS; m++) {
		run(rows, N(rows), (enum seats_method)m, 69, 5000, SEATS_BASE_ALL, &res);
		expect(&res, (const int64_t[]){69, 0, 0}, 3);
		assert_int_equal(res.nqualified, 1);
		assert_false(res.notes & SEATS_TIE_BY_ORDER);
		seats_result_release(&res);
	}
}

/* DOMAIN: 2021 Mazhilis, 98 list seats, 7%: 76 / 12 / 10 / 0 / 0. */
static const struct vote_row mazhilis_2021[] = {
    LO("Nur Otan", 5148074, 1), LO("Ak Zhol", 792828, 2), LO("People's Party", 659019, 3),
    LO("Auyl", 383023, 4),      LO("Adal", 258618, 5),    INV(297718),
};

static void test_mazhilis_2021(void **state)
{
	const struct seats_preset *p = seats_preset_find("mazhilis-2021");
	struct seats_result res;
	struct err e;
	/* valid ballots 7,241,562; 7% of them is 506,909.34 -> 506,910 votes:
	 * Auyl (383,023) and Adal are out.  V = 5,148,074 + 792,828 + 659,019
	 * = 6,599,921; quota V / 98 = 67,346.13; Nur Otan 76.44, Ak Zhol
	 * 11.77, People's Party 9.79: whole 76 + 11 + 9 = 96, the 2 left to
	 * .79 (People's Party) and .77 (Ak Zhol). */
	static const int64_t want[] = {76, 12, 10, 0, 0, 0};

	(void)state;
	assert_non_null(p);
	assert_int_equal(
	    seats_allocate(mazhilis_2021, N(mazhilis_2021), &p->params, &res, &e), ST_OK);
	expect(&res, want, N(mazhilis_2021));
	assert_int_equal(res.base_votes, 7241562);
	assert_int_equal(res.threshold_votes, 506910);
	assert_int_equal(res.qualified_votes, 6599921);
	assert_true(fabs(res.quota - 6599921.0 / 98) < 1e-9);
	assert_int_equal(res.lines[0].whole, 76);
	assert_int_equal(res.lines[1].remainder_seats, 1);
	assert_int_equal(res.lines[2].remainder_seats, 1);
	/* the published 71.09% is a share of the valid ballots */
	assert_int_equal(lround(res.lines[0].share * 10000), 7109);
	seats_result_release(&res);
	/* counting invalid ballots in the base changes nothing here: 7% of
	 * 7,539,280 is 527,750 votes */
	run(mazhilis_2021, N(mazhilis_2021), SEATS_HARE, 98, 7000, SEATS_BASE_ALL, &res);
	assert_int_equal(res.threshold_votes, 527750);
	expect(&res, want, N(mazhilis_2021));
	seats_result_release(&res);
}

static void test_mazhilis_2023(void **state)
{
	/* The six lists over 5% in 2023, votes as the CEC published them:
	 * V = 5,971,719, quota V / 69 = 86,546.65; Amanat 39.65, Auyl 8.02,
	 * Respublica 6.32, Ak Zhol 6.18, QHP 5.00, JSDP 3.83: whole 39 + 8 + 6
	 * + 6 + 5 + 3 = 67, the 2 left to .83 (JSDP) and .65 (Amanat). */
	static const struct vote_row rows[] = {
	    L("Amanat", 3431510), L("Auyl", 693938), L("Respublica", 547154),
	    L("Ak Zhol", 535139), L("QHP", 432920),  L("JSDP", 331058),
	};
	static const int64_t want[] = {40, 8, 6, 6, 5, 4};
	const struct seats_preset *p = seats_preset_find("MAZHILIS-2023");
	struct seats_result res;
	struct err e;

	(void)state;
	assert_non_null(p);
	assert_int_equal(p->params.seats, 69);
	assert_int_equal(p->params.threshold_pcm, 5000);
	assert_int_equal(p->params.base, SEATS_BASE_VALID);
	assert_int_equal(p->params.method, SEATS_HARE);
	assert_int_equal(seats_allocate(rows, N(rows), &p->params, &res, &e), ST_OK);
	expect(&res, want, N(rows));
	seats_result_release(&res);
	assert_null(seats_preset_find("mazhilis-2019"));
}

static void test_params_and_names(void **state)
{
	static const struct vote_row rows[] = {L("A", 1)};
	static const struct vote_row huge[] = {L("A", VOTES_ROW_MAX + 1)};
	struct seats_params p = {SEATS_HARE, 0, 0, SEATS_BASE_ALL};
	struct seats_result res;
	enum seats_method m;
	enum seats_base b;
	int64_t pcm;
	struct err e;

	(void)state;
	assert_int_equal(seats_allocate(rows, 1, &p, &res, &e), ST_INVALID);
	p.seats = SEATS_MAX + 1;
	assert_int_equal(seats_allocate(rows, 1, &p, &res, &e), ST_INVALID);
	p.seats = 1;
	p.threshold_pcm = SEATS_PCM_ALL + 1;
	assert_int_equal(seats_allocate(rows, 1, &p, &res, &e), ST_INVALID);
	p.threshold_pcm = 0;
	assert_int_equal(seats_allocate(huge, 1, &p, &res, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "out of range"));

	assert_true(seats_percent_parse("5", &pcm) && pcm == 5000);
	assert_true(seats_percent_parse("7.5", &pcm) && pcm == 7500);
	assert_true(seats_percent_parse("0.667", &pcm) && pcm == 667);
	assert_true(seats_percent_parse("100", &pcm) && pcm == 100000);
	assert_true(seats_percent_parse("5%", &pcm) && pcm == 5000);
	assert_true(seats_percent_parse("0", &pcm) && pcm == 0);
	assert_false(seats_percent_parse("100.001", &pcm));
	assert_false(seats_percent_parse("5.1234", &pcm));
	assert_false(seats_percent_parse("", &pcm));
	assert_false(seats_percent_parse("-1", &pcm));
	assert_false(seats_percent_parse("5.", &pcm));
	assert_false(seats_percent_parse("1000", &pcm));
	assert_false(seats_percent_parse("5,5", &pcm));

	assert_true(seats_method_parse("Sainte-Lague", &m) && m == SEATS_SAINTE_LAGUE);
	assert_true(seats_method_parse("d'hondt", &m) && m == SEATS_DHONDT);
	assert_true(seats_method_parse("droop", &m) && m == SEATS_DROOP);
	assert_false(seats_method_parse("imperiali", &m));
	assert_string_equal(seats_method_name(SEATS_HARE), "hare");
	assert_true(seats_base_parse("lists", &b) && b == SEATS_BASE_LISTS);
	assert_false(seats_base_parse("voters", &b));
}

/* ---- invariants on random tables ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int64_t divisor_of(enum seats_method m, int64_t s)
{
	return m == SEATS_DHONDT ? s + 1 : 2 * s + 1;
}

/* What every allocation must satisfy, whatever the table. */
static void check_invariants(const struct vote_row *rows, size_t n,
                             const struct seats_result *res)
{
	int64_t S = res->params.seats, V = res->qualified_votes, sum = 0;

	for (size_t i = 0; i < n; i++) {
		const struct seats_line *l = &res->lines[i];
		if (!l->qualified)
			assert_int_equal(l->seats, 0);
		sum += l->seats;
		if (!l->qualified || !res->allocated)
			continue;
		if (res->params.method == SEATS_HARE) {
			/* the quota rule: floor or ceiling of v S / V */
			int64_t lo = rows[i].votes * S / V;
			assert_true(l->seats == lo || l->seats == lo + 1);
		}
	}
	assert_int_equal(sum, res->allocated);
	if (res->allocated)
		assert_int_equal(res->allocated, S);
	if (!res->allocated || res->params.method < SEATS_DHONDT)
		return;
	/* divisor methods: every seat won beats every claim left, i.e.
	 * min v_i / d(s_i - 1) >= max v_j / d(s_j), cross-multiplied */
	for (size_t i = 0; i < n; i++) {
		if (!res->lines[i].qualified || !res->lines[i].seats)
			continue;
		for (size_t j = 0; j < n; j++) {
			if (!res->lines[j].qualified)
				continue;
			int64_t di =
			    divisor_of(res->params.method, res->lines[i].seats - 1);
			int64_t dj = divisor_of(res->params.method, res->lines[j].seats);
			assert_true(rows[i].votes * dj >= rows[j].votes * di);
		}
	}
}

static void test_random_invariants(void **state)
{
	struct vote_row rows[12];
	char names[12][8];

	(void)state;
	for (int iter = 0; iter < 3000; iter++) {
		size_t n = 1 + rng() % 12;
		int64_t seats = 1 + (int64_t)(rng() % 120),
		        pcm = (int64_t)(rng() % 15000);
		for (size_t i = 0; i < n; i++) {
			snprintf(names[i], sizeof(names[i]), "L%zu", i);
			rows[i].name = names[i];
			/* small counts make ties and more seats than votes likely */
			rows[i].votes = (int64_t)(rng() % (iter % 3 ? 1000000 : 20));
			rows[i].kind = rng() % 8 == 0   ? VOTE_INVALID
			               : rng() % 8 == 0 ? VOTE_AGAINST_ALL
			                                : VOTE_LIST;
			rows[i].order = rng() % 2 ? (int64_t)(rng() % 5) : VOTES_NO_ORDER;
		}
		for (int m = 0; m < SEATS__METHODS; m++) {
			struct seats_result res;
			run(rows, n, (enum seats_method)m, seats, pcm,
			    (enum seats_base)(iter % SEATS__BASES), &res);
			check_invariants(rows, n, &res);
			seats_result_release(&res);
		}
	}
}

int test_seats(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hare),
	    cmocka_unit_test(test_droop),
	    cmocka_unit_test(test_dhondt),
	    cmocka_unit_test(test_sainte_lague),
	    cmocka_unit_test(test_threshold_bases),
	    cmocka_unit_test(test_threshold_exactly_met),
	    cmocka_unit_test(test_ties_by_order),
	    cmocka_unit_test(test_empty_results),
	    cmocka_unit_test(test_more_seats_than_votes),
	    cmocka_unit_test(test_single_list),
	    cmocka_unit_test(test_mazhilis_2021),
	    cmocka_unit_test(test_mazhilis_2023),
	    cmocka_unit_test(test_params_and_names),
	    cmocka_unit_test(test_random_invariants),
	};
	return cmocka_run_group_tests_name("seats", tests, NULL, NULL);
}
