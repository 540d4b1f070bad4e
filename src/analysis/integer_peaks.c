/* integer_peaks.c - counting stations with whole-number percentages and
 * the binomial resampling that says how many chance would give.  Each
 * station's two binomials are prepared once and drawn resamples times, so
 * the cost is two draws per station and resample. */
#include <math.h>
#include <stdlib.h>

#include "analysis/binomial.h"
#include "analysis/integer_peaks.h"
#include "core/alloc.h"

bool integer_percent(int64_t x, int64_t n)
{
	int64_t h = 100 * x;
	int64_t k = (2 * h + n) / (2 * n); /* the nearest whole percent */
	int64_t d = h - k * n;

	/* |100 x / n - k| <= 0.05  <=>  20 |100 x - k n| <= n */
	return 20 * (d < 0 ? -d : d) <= n;
}

bool integer_peaks_eligible(const struct peaks_station *s)
{
	return s->ballots > 0 && s->registered >= PEAKS_MIN_REGISTERED && s->valid > 0 &&
	       100 * s->ballots <= PEAKS_MAX_PERCENT * s->registered &&
	       100 * s->leader <= PEAKS_MAX_PERCENT * s->valid;
}

/* integer_percent() for many x of one n: in floating point with the
 * reciprocal of n, and exactly only when x / n falls within 1e-9 of the
 * edge of the 0.05 band, where rounding could decide. */
static inline bool integer_fast(int64_t x, int64_t n, double per)
{
	double pct = (double)x * per; /* >= 0: the cast below rounds it */
	double d = fabs(pct - (double)(int64_t)(pct + 0.5));

	if (d < 0.05 - 1e-9)
		return true;
	if (d > 0.05 + 1e-9)
		return false;
	return integer_percent(x, n);
}

/* Mean and standard deviation (n - 1) of v[0..n). */
static void moments(const int64_t *v, unsigned n, double *mean, double *sd)
{
	double m = 0.0, ss = 0.0;

	for (unsigned i = 0; i < n; i++)
		m += (double)v[i];
	m /= n;
	for (unsigned i = 0; i < n; i++)
		ss += ((double)v[i] - m) * ((double)v[i] - m);
	*mean = m;
	*sd = n > 1 ? sqrt(ss / (n - 1)) : 0.0;
}

void integer_peaks_compute(const struct peaks_station *st, size_t n, unsigned resamples,
                           uint64_t seed, struct integer_peaks *out)
{
	int64_t *both = xcalloc(resamples, sizeof(*both));
	int64_t *turn = xcalloc(resamples, sizeof(*turn));
	int64_t *lead = xcalloc(resamples, sizeof(*lead));
	int64_t nmax = 0;
	struct binomial bt = {0}, bl = {0};
	struct logfact lf;
	struct rng rng;
	double sd_unused;

	*out = (struct integer_peaks){
	    .stations = (int64_t)n, .resamples = resamples, .seed = seed};
	for (size_t i = 0; i < n; i++) {
		bool t = integer_percent(st[i].ballots, st[i].registered);
		bool l = integer_percent(st[i].leader, st[i].valid);

		out->observed += t || l;
		out->observed_turnout += t;
		out->observed_leader += l;
		if (st[i].registered > nmax)
			nmax = st[i].registered;
		if (st[i].valid > nmax)
			nmax = st[i].valid;
	}
	logfact_init(&lf, nmax);
	rng_seed(&rng, seed);
	for (size_t i = 0; i < n; i++) {
		binomial_prepare(&bt, st[i].registered,
		                 (double)st[i].ballots / (double)st[i].registered,
		                 BINOMIAL_AUTO, &lf);
		binomial_prepare(&bl, st[i].valid,
		                 (double)st[i].leader / (double)st[i].valid,
		                 BINOMIAL_AUTO, &lf);
		double per_t = 100.0 / (double)st[i].registered;
		double per_l = 100.0 / (double)st[i].valid;

		for (unsigned r = 0; r < resamples; r++) {
			bool t = integer_fast(binomial_draw(&bt, &lf, &rng),
			                      st[i].registered, per_t);
			bool l = integer_fast(binomial_draw(&bl, &lf, &rng), st[i].valid,
			                      per_l);

			both[r] += t || l;
			turn[r] += t;
			lead[r] += l;
		}
	}
	moments(both, resamples, &out->expected, &out->sd);
	moments(turn, resamples, &out->expected_turnout, &sd_unused);
	moments(lead, resamples, &out->expected_leader, &sd_unused);
	if (out->sd > 0)
		out->z = ((double)out->observed - out->expected) / out->sd;
	else
		out->z = (double)out->observed == out->expected ? 0.0 : NAN;
	binomial_release(&bt);
	binomial_release(&bl);
	logfact_release(&lf);
	free(both);
	free(turn);
	free(lead);
}
