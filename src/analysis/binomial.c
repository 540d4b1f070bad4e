/* binomial.c - xoshiro256** seeded by splitmix64, and binomial variates by
 * BTRS (transformed rejection with squeeze) or by inversion for small
 * means. */
#include <math.h>
#include <stdlib.h>

#include "analysis/binomial.h"
#include "core/alloc.h"

#define LOGFACT_MAX (1 << 22)

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

void logfact_init(struct logfact *lf, int64_t n)
{
	if (n < 0)
		n = 0;
	if (n > LOGFACT_MAX)
		n = LOGFACT_MAX;
	lf->n = n;
	lf->table = xmalloc(((size_t)n + 1) * sizeof(*lf->table));
	lf->table[0] = 0.0;
	for (int64_t k = 1; k <= n; k++)
		lf->table[k] = lf->table[k - 1] + log((double)k);
}

double logfact(const struct logfact *lf, int64_t k)
{
	return k <= lf->n ? lf->table[k] : lgamma((double)k + 1.0);
}

void logfact_release(struct logfact *lf)
{
	free(lf->table);
	lf->table = NULL;
	lf->n = 0;
}

/* The table of b->n, b->p, or false when its window would pass
 * BINOMIAL_TABLE_MAX values. */
static bool build_table(struct binomial *b)
{
	double q = 1.0 - b->p, r = b->p / q, f, sum = 0.0;
	int64_t n = b->n, m = (int64_t)floor((double)(n + 1) * b->p), lo = m, hi = m;
	size_t len, k;

	if (m > n)
		m = lo = hi = n;
	/* the window: from the mode while f(k) / f(m) >= 1e-17 */
	for (f = 1.0; lo > 0; lo--) {
		f *= (double)lo / ((double)(n - lo + 1) * r);
		if (f < 1e-17 || hi - lo + 1 >= BINOMIAL_TABLE_MAX)
			break;
	}
	for (f = 1.0; hi < n; hi++) {
		f *= (double)(n - hi) * r / (double)(hi + 1);
		if (f < 1e-17 || hi - lo + 1 >= BINOMIAL_TABLE_MAX)
			break;
	}
	len = (size_t)(hi - lo + 1);
	if (len >= BINOMIAL_TABLE_MAX)
		return false;
	if (len > b->cap) {
		b->cap = len;
		b->cdf = xrealloc(b->cdf, len * sizeof(*b->cdf));
		b->guide = xrealloc(b->guide, len * sizeof(*b->guide));
	}
	b->lo = lo;
	b->len = len;
	/* f(k) / f(m) for k = lo..hi, then the running sums */
	b->cdf[m - lo] = 1.0;
	for (int64_t i = m; i > lo; i--)
		b->cdf[i - 1 - lo] =
		    b->cdf[i - lo] * (double)i / ((double)(n - i + 1) * r);
	for (int64_t i = m; i < hi; i++)
		b->cdf[i + 1 - lo] =
		    b->cdf[i - lo] * (double)(n - i) * r / (double)(i + 1);
	for (k = 0; k < len; k++) {
		sum += b->cdf[k];
		b->cdf[k] = sum;
	}
	for (k = 0; k < len; k++)
		b->cdf[k] /= sum;
	b->cdf[len - 1] = 1.0;
	k = 0;
	for (size_t g = 0; g < len; g++) {
		while (b->cdf[k] <= (double)g / (double)len)
			k++;
		b->guide[g] = (uint32_t)k;
	}
	return true;
}

void binomial_prepare(struct binomial *b, int64_t n, double p, enum binomial_method how,
                      const struct logfact *lf)
{
	double q, spq;

	b->n = n;
	b->flip = p > 0.5;
	b->p = b->flip ? 1.0 - p : p;
	q = 1.0 - b->p;
	b->table = false;
	if (n == 0 || b->p == 0.0)
		return;
	if (how != BINOMIAL_BTRS && build_table(b)) {
		b->table = true;
		return;
	}
	/* The constants of Hörmann's algorithm BTRS, step 0. */
	spq = sqrt((double)n * b->p * q);
	b->b = 1.15 + 2.53 * spq;
	b->a = -0.0873 + 0.0248 * b->b + 0.01 * b->p;
	b->c = (double)n * b->p + 0.5;
	b->alpha = (2.83 + 5.1 / b->b) * spq;
	b->vr = 0.92 - 4.2 / b->b;
	b->lpq = log(b->p / q);
	b->m = (int64_t)floor((double)(n + 1) * b->p);
	b->h = logfact(lf, b->m) + logfact(lf, n - b->m);
}

/* Inversion: the first value whose cumulative probability passes u,
 * searched from where the guide table points. */
static int64_t from_table(const struct binomial *b, struct rng *r)
{
	double u = rng_uniform(r);
	size_t k = b->guide[(size_t)(u * (double)b->len)];

	while (b->cdf[k] <= u)
		k++;
	return b->lo + (int64_t)k;
}

/* BTRS: a draw from a hat of the form (2a/us + b) u + c, accepted at once
 * inside the squeeze, else against the exact ratio f(k) / f(m). */
static int64_t btrs(const struct binomial *b, const struct logfact *lf, struct rng *r)
{
	for (;;) {
		double u = rng_uniform(r) - 0.5, v = rng_uniform(r);
		double us = 0.5 - fabs(u);
		double kf = floor((2.0 * b->a / us + b->b) * u + b->c);
		int64_t k;

		if (kf < 0.0 || kf > (double)b->n)
			continue;
		k = (int64_t)kf;
		if (us >= 0.07 && v <= b->vr)
			return k;
		v = log(v * b->alpha / (b->a / (us * us) + b->b));
		if (v <= b->h - logfact(lf, k) - logfact(lf, b->n - k) +
		             (double)(k - b->m) * b->lpq)
			return k;
	}
}

int64_t binomial_draw(const struct binomial *b, const struct logfact *lf, struct rng *r)
{
	int64_t k;

	if (b->n == 0 || b->p == 0.0)
		k = 0;
	else
		k = b->table ? from_table(b, r) : btrs(b, lf, r);
	return b->flip ? b->n - k : k;
}

void binomial_release(struct binomial *b)
{
	free(b->cdf);
	free(b->guide);
	b->cdf = NULL;
	b->guide = NULL;
	b->cap = b->len = 0;
}
