/* benford.c - second digits of vote counts against the second-digit
 * Benford law, and Pearson's chi-square with its p-value. */
#include <math.h>

#include "analysis/benford.h"
#include "analysis/stats.h"

double benford2_expected(int d)
{
	double p = 0.0;

	for (int k = 1; k <= 9; k++)
		p += log10(1.0 + 1.0 / (10.0 * k + d));
	return p;
}

int benford2_digit(int64_t v)
{
	while (v >= 100)
		v /= 10;
	return (int)(v % 10);
}

void benford2_add(struct benford2 *b, int64_t v)
{
	if (v < BENFORD_MIN_COUNT)
		return;
	b->counts[benford2_digit(v)]++;
	b->n++;
}

void benford2_finish(struct benford2 *b)
{
	double chi2 = 0.0, sum = 0.0;

	b->mean = 0.0;
	b->chi2 = 0.0;
	b->p = 1.0;
	if (!b->n)
		return;
	for (int d = 0; d < 10; d++) {
		double expect = (double)b->n * benford2_expected(d);
		double diff = (double)b->counts[d] - expect;

		chi2 += diff * diff / expect;
		sum += (double)d * (double)b->counts[d];
	}
	b->mean = sum / (double)b->n;
	b->chi2 = chi2;
	b->p = stats_chi2_sf(chi2, BENFORD_DF);
}
