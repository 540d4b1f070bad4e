/* test_pvt_sim.c - the quick count validated by simulation: a synthetic
 * country of 10,000 polling stations in four strata of different sizes,
 * turnout and party strength, whose true shares are known; 1,000 samples
 * of 400 stations drawn with the mission's own sampler (stratified with
 * proportional allocation, and simple random), each estimated with the
 * mission's own estimator.  The 95% interval must cover the truth in 93%
 * to 97% of the samples, for every party and both designs.  Apollo's
 * estimator (no strata, no finite-population correction) is computed on
 * the same stratified samples for comparison and printed, not asserted:
 * docs/analysis.md#quick-count-pvt quotes the figures.
 *
 * Everything is seeded and uses only integer and basic floating
 * arithmetic (normal noise as a sum of twelve uniforms), so the country,
 * the samples and the figures are the same on every machine. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pvt_estimate.h"
#include "analysis/pvt_sample.h"
#include "test.h"

enum { STATIONS = 10000, STRATA = 4, CHOICES = 3, SAMPLES = 1000, SIZE = 400 };

static const char *const strata_names[STRATA] = {"capital", "north", "rural", "south"};
static const int strata_size[STRATA] = {1000, 2000, 4000, 3000};
static const double share_a[STRATA] = {0.30, 0.45, 0.62, 0.52};
static const double share_b[STRATA] = {0.45, 0.35, 0.20, 0.30};
static const double turnout[STRATA] = {0.52, 0.60, 0.75, 0.66};

struct country {
	struct pvt_unit frame[STATIONS];
	char codes[STATIONS][8];
	int64_t votes[STATIONS][CHOICES];
	int64_t valid[STATIONS], registered[STATIONS], ballots[STATIONS];
	size_t stratum[STATIONS];
	double truth[CHOICES + 1]; /* percent; the last is turnout */
};

/* About N(0, 1): twelve uniforms less six (Irwin-Hall). */
static double gauss(struct pvt_rng *r)
{
	double s = 0;

	for (int i = 0; i < 12; i++)
		s += pvt_rng_unit(r);
	return s - 6;
}

static double clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Each station: 400 to 1,999 voters; turnout and shares around its
 * stratum's with station-level noise; 0-2% invalid ballots. */
static void make_country(struct country *c)
{
	struct pvt_rng r;
	double tot[CHOICES + 2] = {0};
	int s = 0;

	pvt_rng_seed(&r, 1991);
	for (int h = 0; h < STRATA; h++)
		for (int i = 0; i < strata_size[h]; i++, s++) {
			double t = clamp(turnout[h] + 0.08 * gauss(&r), 0.2, 0.98);
			double pa = clamp(share_a[h] + 0.10 * gauss(&r), 0.01, 0.95);
			double pb = clamp(share_b[h] + 0.08 * gauss(&r), 0.01, 0.95);
			int64_t invalid;
			if (pa + pb > 0.98) {
				double k = 0.98 / (pa + pb);
				pa *= k;
				pb *= k;
			}
			snprintf(c->codes[s], sizeof(c->codes[s]), "P%05d", s);
			c->frame[s] = (struct pvt_unit){c->codes[s], strata_names[h]};
			c->stratum[s] = (size_t)h;
			c->registered[s] = 400 + (int64_t)pvt_rng_below(&r, 1600);
			c->ballots[s] =
			    (int64_t)floor((double)c->registered[s] * t + 0.5);
			invalid = (int64_t)floor((double)c->ballots[s] * 0.02 *
			                         pvt_rng_unit(&r));
			c->valid[s] = c->ballots[s] - invalid;
			c->votes[s][0] =
			    (int64_t)floor((double)c->valid[s] * pa + pvt_rng_unit(&r));
			c->votes[s][1] =
			    (int64_t)floor((double)c->valid[s] * pb + pvt_rng_unit(&r));
			c->votes[s][2] = c->valid[s] - c->votes[s][0] - c->votes[s][1];
			for (int k = 0; k < CHOICES; k++)
				tot[k] += (double)c->votes[s][k];
			tot[CHOICES] += (double)c->valid[s];
			tot[CHOICES + 1] +=
			    (double)c->ballots[s] / 1; /* over registered below */
		}
	for (int k = 0; k < CHOICES; k++)
		c->truth[k] = 100 * tot[k] / tot[CHOICES];
	{
		double reg = 0;
		for (int i = 0; i < STATIONS; i++)
			reg += (double)c->registered[i];
		c->truth[CHOICES] = 100 * tot[CHOICES + 1] / reg;
	}
}

struct tally {
	int covered[CHOICES + 1];
	double width[CHOICES + 1];
};

static void count(struct tally *t, int k, double truth, double est, double moe)
{
	t->covered[k] += fabs(est - truth) <= moe;
	t->width[k] += 2 * moe;
}

/* Draw one sample and estimate it with the mission's estimator; for the
 * stratified design also with Apollo's. */
static void one_sample(const struct country *c, enum pvt_method m, uint64_t seed,
                       struct tally *t, struct tally *apollo)
{
	static const char *const names[CHOICES] = {"A", "B", "C"};
	struct pvt_report reps[SIZE];
	struct pvt_stratum_in in_strata[STRATA];
	struct pvt_obs obs[SIZE];
	struct pvt_input in = {.choices = names, .nchoices = CHOICES, .reports = reps};
	struct pvt_draw d;
	struct pvt_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(
	    pvt_sample_draw(c->frame, STATIONS, m, SIZE, NULL, 0, seed, &d, &e), ST_OK);
	for (size_t h = 0; h < d.nstrata; h++)
		in_strata[h] = (struct pvt_stratum_in){
		    d.strata[h].name, d.strata[h].population, d.strata[h].size};
	in.strata = in_strata;
	in.nstrata = d.nstrata;
	in.stratified = m != PVT_SRS;
	for (size_t i = 0; i < d.n; i++) {
		size_t s = d.chosen[i];
		reps[i] = (struct pvt_report){
		    c->codes[s],      d.stratum_of[i], c->valid[s], c->votes[s],
		    c->registered[s], c->ballots[s],   NULL};
	}
	in.nreports = d.n;
	assert_int_equal(pvt_estimate(&in, &res, &e), ST_OK);
	assert_int_equal(res.strata_single + res.strata_empty, 0);
	for (int k = 0; k < CHOICES; k++)
		count(t, k, c->truth[k], res.choices[k].estimate, res.choices[k].moe95);
	count(t, CHOICES, c->truth[CHOICES], res.turnout.estimate, res.turnout.moe95);
	pvt_result_release(&res);
	for (int k = 0; apollo && k < CHOICES; k++) {
		struct pvt_ratio r;
		for (size_t i = 0; i < d.n; i++)
			obs[i] = (struct pvt_obs){0, (double)reps[i].votes[k],
			                          (double)reps[i].valid};
		pvt_ratio_compute(obs, d.n, (int64_t[]){STATIONS}, 1, false, &r);
		count(apollo, k, c->truth[k], 100 * r.estimate,
		      100 * PVT_Z95 * sqrt(r.variance));
	}
	pvt_draw_release(&d);
}

static void report(const char *what, const struct tally *t, int n)
{
	for (int k = 0; k < n; k++)
		print_message(
		    "%-34s %s: 95%% interval covered the truth in %5.1f%% of "
		    "samples, mean width %.2f points\n",
		    what, k < CHOICES ? (const char *[]){"A", "B", "C"}[k] : "turnout",
		    100.0 * t->covered[k] / SAMPLES, t->width[k] / SAMPLES);
}

static void test_coverage_of_intervals(void **state)
{
	struct country *c = calloc(1, sizeof(*c));
	struct tally strat = {0}, srs = {0}, apollo = {0};

	(void)state;
	make_country(c);
	print_message("true shares: A %.3f%%, B %.3f%%, C %.3f%%, turnout %.3f%%\n",
	              c->truth[0], c->truth[1], c->truth[2], c->truth[3]);
	for (int i = 0; i < SAMPLES; i++) {
		one_sample(c, PVT_PROPORTIONAL, 1000 + (uint64_t)i, &strat, &apollo);
		one_sample(c, PVT_SRS, 500000 + (uint64_t)i, &srs, NULL);
	}
	report("stratified, combined ratio, FPC", &strat, CHOICES + 1);
	report("simple random, ratio, FPC", &srs, CHOICES + 1);
	report("stratified sample, Apollo's", &apollo, CHOICES);
	for (int k = 0; k <= CHOICES; k++) {
		assert_in_range(strat.covered[k], SAMPLES * 93 / 100, SAMPLES * 97 / 100);
		assert_in_range(srs.covered[k], SAMPLES * 93 / 100, SAMPLES * 97 / 100);
	}
	/* Stratification must pay: narrower intervals than simple random
	 * samples of the same size, for the parties the strata divide. */
	assert_true(strat.width[0] < srs.width[0]);
	assert_true(strat.width[1] < srs.width[1]);
	free(c);
}

int test_pvt_sim(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_coverage_of_intervals),
	};

	return cmocka_run_group_tests_name("pvt_sim", tests, NULL, NULL);
}
