/* test_forensics_stats.c - the statistics under the forensic checks: the
 * chi-square p-value against tabulated values, the second-digit Benford
 * law, the binomial sampler against exact probabilities, and the
 * integer-percentage test on synthetic results with and without planted
 * whole percentages. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "analysis/benford.h"
#include "analysis/binomial.h"
#include "analysis/integer_peaks.h"
#include "analysis/stats.h"

static void near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.12g, want %.12g (tolerance %g)", got, want, tol);
}

static void test_chi2(void **state)
{
	(void)state;
	/* critical values of the chi-square tables */
	near(stats_chi2_sf(16.919, 9), 0.05, 1e-4);
	near(stats_chi2_sf(21.666, 9), 0.01, 1e-4);
	near(stats_chi2_sf(27.877, 9), 0.001, 1e-5);
	near(stats_chi2_sf(2.088, 9), 0.99, 1e-4);
	near(stats_chi2_sf(3.841459, 1), 0.05, 1e-6);
	near(stats_chi2_sf(9.0, 9), 0.437274, 1e-5);
	/* two degrees of freedom: exactly exp(-x / 2) */
	for (double x = 0.1; x < 80; x *= 1.7)
		near(stats_chi2_sf(x, 2), exp(-x / 2), 1e-14 + 1e-12 * exp(-x / 2));
	near(stats_chi2_sf(0, 9), 1.0, 0);
	assert_true(stats_chi2_sf(600, 9) > 0 && stats_chi2_sf(600, 9) < 1e-100);
	assert_true(isnan(stats_chi2_sf(1, 0)));
	/* P + Q = 1, and P(1, x) = 1 - e^-x */
	for (double a = 0.5; a < 50; a *= 2)
		for (double x = 0.01; x < 100; x *= 3)
			near(stats_gamma_p(a, x) + stats_gamma_q(a, x), 1.0, 1e-13);
	near(stats_gamma_p(1, 2.5), 1 - exp(-2.5), 1e-15);
	assert_true(isnan(stats_gamma_p(-1, 1)));
}

static void test_benford(void **state)
{
	/* DOMAIN.md's values, five decimals */
	static const double want[10] = {0.11968, 0.11389, 0.10882, 0.10433, 0.10031,
	                                0.09668, 0.09337, 0.09035, 0.08757, 0.08500};
	double sum = 0, mean = 0, chi2 = 0;
	struct benford2 b = {0};

	(void)state;
	for (int d = 0; d < 10; d++) {
		near(benford2_expected(d), want[d], 5e-6);
		sum += benford2_expected(d);
		mean += d * benford2_expected(d);
	}
	near(sum, 1.0, 1e-12);
	near(mean, 4.187, 5e-4);
	assert_int_equal(benford2_digit(10), 0);
	assert_int_equal(benford2_digit(19), 9);
	assert_int_equal(benford2_digit(1492), 4);
	assert_int_equal(benford2_digit(100), 0);
	assert_int_equal(benford2_digit(987654), 8);

	/* 9 is too small; 13 31 130 1300 give 3 1 3 3 */
	benford2_add(&b, 9);
	benford2_add(&b, 13);
	benford2_add(&b, 31);
	benford2_add(&b, 130);
	benford2_add(&b, 1300);
	benford2_finish(&b);
	assert_int_equal(b.n, 4);
	assert_int_equal(b.counts[3], 3);
	assert_int_equal(b.counts[1], 1);
	near(b.mean, 10.0 / 4, 1e-15);
	for (int d = 0; d < 10; d++) {
		double e = 4 * want[d], o = d == 3 ? 3 : d == 1 ? 1 : 0;
		chi2 += (o - e) * (o - e) / e;
	}
	near(b.chi2, chi2, 1e-3);
	near(b.p, stats_chi2_sf(b.chi2, 9), 1e-15);

	memset(&b, 0, sizeof(b));
	benford2_finish(&b);
	near(b.p, 1.0, 0);
}

/* log P(X = k) for X ~ Binomial(n, p). */
static double log_pmf(int64_t n, double p, int64_t k)
{
	return lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * log(p) +
	       (n - k) * log1p(-p);
}

/* Draw count variates of Binomial(n, p) with how; fail unless the mean,
 * the variance and a chi-square goodness of fit agree with the exact law. */
static void check_sampler(int64_t n, double p, enum binomial_method how, bool want_table)
{
	enum { DRAWS = 200000 };
	struct binomial b = {0};
	struct logfact lf;
	struct rng r;
	int64_t lo = n, hi = 0, *x = malloc(DRAWS * sizeof(*x));
	double mean = 0, var = 0, chi2 = 0, e_rest = DRAWS;
	int df = -1;
	int64_t o_rest = DRAWS;

	logfact_init(&lf, n);
	rng_seed(&r, 42);
	binomial_prepare(&b, n, p, how, &lf);
	assert_int_equal(b.table, want_table);
	for (int i = 0; i < DRAWS; i++) {
		x[i] = binomial_draw(&b, &lf, &r);
		assert_true(x[i] >= 0 && x[i] <= n);
		mean += (double)x[i];
		if (x[i] < lo)
			lo = x[i];
		if (x[i] > hi)
			hi = x[i];
	}
	mean /= DRAWS;
	for (int i = 0; i < DRAWS; i++)
		var += (x[i] - mean) * (x[i] - mean);
	var /= DRAWS - 1;
	near(mean, n * p, 5 * sqrt(n * p * (1 - p) / DRAWS));
	near(var, n * p * (1 - p), 0.02 * n * p * (1 - p));
	/* goodness of fit over the values drawn; cells expecting < 5 pooled */
	{
		int64_t *count = calloc((size_t)(hi - lo + 1), sizeof(*count));
		for (int i = 0; i < DRAWS; i++)
			count[x[i] - lo]++;
		for (int64_t k = lo; k <= hi; k++) {
			double e = DRAWS * exp(log_pmf(n, p, k));
			if (e < 5)
				continue;
			chi2 += (count[k - lo] - e) * (count[k - lo] - e) / e;
			e_rest -= e;
			o_rest -= count[k - lo];
			df++;
		}
		/* every other value, drawn or not, in one cell */
		if (e_rest >= 5) {
			chi2 += (o_rest - e_rest) * (o_rest - e_rest) / e_rest;
			df++;
		}
		free(count);
	}
	if (stats_chi2_sf(chi2, df) < 1e-4)
		fail_msg("Binomial(%lld, %g): chi2 %g on %d d.f.", (long long)n, p, chi2,
		         df);
	binomial_release(&b);
	logfact_release(&lf);
	free(x);
}

static void test_binomial(void **state)
{
	struct rng a, b;
	struct logfact lf;
	double u;

	(void)state;
	rng_seed(&a, 7);
	rng_seed(&b, 7);
	for (int i = 0; i < 100; i++)
		assert_true(rng_next(&a) == rng_next(&b));
	rng_seed(&b, 8);
	assert_true(rng_next(&a) != rng_next(&b));
	for (int i = 0; i < 100000; i++) {
		u = rng_uniform(&a);
		assert_true(u >= 0 && u < 1);
	}
	logfact_init(&lf, 1000);
	near(logfact(&lf, 0), 0, 0);
	near(logfact(&lf, 1000), lgamma(1001), 1e-9);
	near(logfact(&lf, 5000), lgamma(5001), 1e-9); /* past the table */
	logfact_release(&lf);

	check_sampler(1000, 0.3, BINOMIAL_AUTO, true);
	check_sampler(1000, 0.3, BINOMIAL_BTRS, false);
	check_sampler(1500, 0.68, BINOMIAL_BTRS, false); /* p above 1/2 */
	check_sampler(1500, 0.68, BINOMIAL_AUTO, true);
	check_sampler(40, 0.1, BINOMIAL_AUTO, true);       /* small mean */
	check_sampler(300, 0.995, BINOMIAL_AUTO, true);    /* near 1 */
	check_sampler(5000000, 0.5, BINOMIAL_AUTO, false); /* too wide for a table */
}

static void test_integer_percent(void **state)
{
	struct peaks_station s = {
	    .registered = 1000, .ballots = 600, .valid = 590, .leader = 400};

	(void)state;
	assert_true(integer_percent(1, 100));
	assert_true(integer_percent(1000, 2000));
	assert_false(integer_percent(333, 1000));  /* 33.3 */
	assert_true(integer_percent(1001, 2000));  /* 50.05: on the edge */
	assert_false(integer_percent(1002, 2000)); /* 50.1 */
	assert_true(integer_percent(2999, 3000));  /* 99.967: near 100 */
	assert_false(integer_percent(1, 3));       /* 33.33 */
	assert_false(integer_percent(2, 3001));    /* 0.0666: 0.0666 from 0 */
	assert_true(integer_percent(1, 3001));     /* 0.0333 */
	assert_false(integer_percent(2, 1999));    /* 0.1 */

	assert_true(integer_peaks_eligible(&s));
	s.registered = 99;
	s.ballots = 50;
	assert_false(integer_peaks_eligible(&s)); /* fewer than 100 voters */
	s.registered = 1000;
	s.ballots = 991;
	assert_false(integer_peaks_eligible(&s)); /* turnout 99.1% */
	s.ballots = 990;
	assert_true(integer_peaks_eligible(&s)); /* 99% exactly */
	s.leader = 585;
	assert_false(integer_peaks_eligible(&s)); /* leader 99.15% */
	s.leader = 400;
	s.ballots = 0;
	assert_false(integer_peaks_eligible(&s));
}

/* n stations drawn from binomials with a generator of their own; with
 * plant, every fifth station's turnout is set to a whole percent. */
static struct peaks_station *synthetic(size_t n, bool plant)
{
	struct peaks_station *st = calloc(n, sizeof(*st));
	struct logfact lf;
	struct binomial b = {0};
	struct rng r;

	logfact_init(&lf, 4000);
	rng_seed(&r, 2016);
	for (size_t i = 0; i < n; i++) {
		int64_t reg = 300 + (int64_t)(rng_uniform(&r) * 2700);
		double t = 0.4 + 0.45 * rng_uniform(&r), v = 0.3 + 0.5 * rng_uniform(&r);

		binomial_prepare(&b, reg, t, BINOMIAL_AUTO, &lf);
		st[i].registered = reg;
		st[i].ballots = binomial_draw(&b, &lf, &r);
		if (plant && i % 5 == 0)
			st[i].ballots =
			    (int64_t)llround(reg * (double)(40 + i % 45) / 100.0);
		st[i].valid = st[i].ballots - st[i].ballots / 50;
		binomial_prepare(&b, st[i].valid, v, BINOMIAL_AUTO, &lf);
		st[i].leader = binomial_draw(&b, &lf, &r);
		assert_true(integer_peaks_eligible(&st[i]));
	}
	binomial_release(&b);
	logfact_release(&lf);
	return st;
}

/* The chance that Binomial(n, x / n) gives a whole percent, exactly. */
static double p_integer(int64_t x, int64_t n)
{
	double p = (double)x / (double)n, sum = 0;

	for (int64_t k = 0; k <= n; k++)
		if (integer_percent(k, n))
			sum += exp(log_pmf(n, p, k));
	return sum;
}

static void test_peaks_without_plant(void **state)
{
	enum { N = 600 };
	struct peaks_station *st = synthetic(N, false);
	struct integer_peaks a, b;
	double exact = 0, exact_var = 0;

	(void)state;
	integer_peaks_compute(st, N, 1000, 1, &a);
	assert_int_equal(a.stations, N);
	assert_int_equal(a.resamples, 1000);
	assert_true(a.sd > 0);
	if (fabs(a.z) > 3.5)
		fail_msg("no planted peaks, yet z = %g (observed %lld, expected %g)", a.z,
		         (long long)a.observed, a.expected);
	/* the resamples' mean agrees with the exact expectation, sum of each
	 * station's chance of a whole percent by either figure */
	for (size_t i = 0; i < N; i++) {
		double pt = p_integer(st[i].ballots, st[i].registered);
		double pl = p_integer(st[i].leader, st[i].valid);
		double pi = 1 - (1 - pt) * (1 - pl);
		exact += pi;
		exact_var += pi * (1 - pi);
	}
	near(a.expected, exact, 4 * sqrt(exact_var / 1000));
	near(a.sd, sqrt(exact_var), 0.1 * sqrt(exact_var));
	/* the same seed gives the same figures, another seed others */
	integer_peaks_compute(st, N, 1000, 1, &b);
	assert_true(a.expected == b.expected && a.sd == b.sd);
	integer_peaks_compute(st, N, 1000, 2, &b);
	assert_true(a.expected != b.expected);
	assert_int_equal(a.observed, b.observed);
	free(st);
}

static void test_peaks_planted(void **state)
{
	enum { N = 3000 };
	struct peaks_station *st = synthetic(N, true);
	struct integer_peaks a;

	(void)state;
	integer_peaks_compute(st, N, 300, 5, &a);
	assert_true(a.observed_turnout >= N / 5);
	if (!(a.z > 10))
		fail_msg("planted peaks, yet z = %g (observed %lld, expected %g, sd %g)",
		         a.z, (long long)a.observed, a.expected, a.sd);
	assert_true(a.expected_turnout < N / 10);
	free(st);
}

int test_forensics_stats(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chi2),
	    cmocka_unit_test(test_benford),
	    cmocka_unit_test(test_binomial),
	    cmocka_unit_test(test_integer_percent),
	    cmocka_unit_test(test_peaks_without_plant),
	    cmocka_unit_test(test_peaks_planted),
	};
	return cmocka_run_group_tests_name("forensics_stats", tests, NULL, NULL);
}
