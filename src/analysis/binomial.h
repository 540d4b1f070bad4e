/* binomial.h - a seeded pseudo-random generator and exact binomial
 * variates, for the resampling of the integer-percentage test.
 *
 * The generator is xoshiro256** (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", 2021) seeded through splitmix64, so one
 * seed gives one sequence on every machine.  Binomial(n, p) variates come
 * from Hörmann's BTRS transformed rejection with squeeze ("The generation
 * of binomial random variates", J. Statist. Comput. Simul. 46, 1993)
 * or, when the distribution's mass fits in BINOMIAL_TABLE_MAX values, by
 * inversion of its cumulative distribution with a guide table (Chen &
 * Asau 1974): the probabilities from the mode outwards by the ratio
 * f(k+1) / f(k) = (n - k) p / ((k + 1) (1 - p)), down to 10^-17 of the
 * mode's, which leaves out less than 10^-15 of the mass, below the
 * precision of a double.  The table costs about 18 sd of work once per
 * distribution and makes each draw about two comparisons; BTRS needs no
 * table and serves the rest (about n > 800,000 at p = 1/2). */
#ifndef OBSERVA_BINOMIAL_H
#define OBSERVA_BINOMIAL_H

#include <stdbool.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* Seed the generator: the same seed gives the same sequence. */
void rng_seed(struct rng *r, uint64_t seed);
/* The next 64 random bits. */
uint64_t rng_next(struct rng *r);
/* A uniform double in [0, 1), with 53 random bits. */
double rng_uniform(struct rng *r);

/* log(k!) for k = 0..n from a table, lgamma beyond it. */
struct logfact {
	double *table;
	int64_t n;
};
/* A table up to n (at most 1 << 22 entries; larger n use lgamma). */
void logfact_init(struct logfact *lf, int64_t n);
double logfact(const struct logfact *lf, int64_t k);
void logfact_release(struct logfact *lf);

#define BINOMIAL_TABLE_MAX 8192

enum binomial_method { BINOMIAL_AUTO, BINOMIAL_TABLE, BINOMIAL_BTRS };

/* The constants of one Binomial(n, p), computed once for many draws.  A
 * struct may be prepared again and again (its table is reused); release
 * it with binomial_release(). */
struct binomial {
	int64_t n;
	double p;   /* min(p, 1 - p) */
	bool flip;  /* p was above 1/2: draws are n - X */
	bool table; /* the guide-table inversion, else BTRS */
	/* the table: cdf[i] = P(X <= lo + i) within the window, the last 1 */
	int64_t lo;
	size_t len, cap;
	double *cdf;
	uint32_t *guide; /* guide[g]: the first i with cdf[i] > g / len */
	/* BTRS */
	double a, b, c, alpha, vr, lpq, h;
	int64_t m;
};

/* Prepare Binomial(n, p) for n >= 0 and 0 <= p <= 1.  BINOMIAL_AUTO takes
 * the table when it fits, else BTRS; BINOMIAL_TABLE falls back to BTRS
 * when the table does not fit; BINOMIAL_BTRS is for tests. */
void binomial_prepare(struct binomial *b, int64_t n, double p, enum binomial_method how,
                      const struct logfact *lf);

/* One draw from the prepared distribution. */
int64_t binomial_draw(const struct binomial *b, const struct logfact *lf, struct rng *r);

/* Free the table; b may be prepared again. */
void binomial_release(struct binomial *b);

#endif
