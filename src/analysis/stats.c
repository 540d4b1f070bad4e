/* stats.c - incomplete gamma functions by their power series and their
 * continued fraction (Abramowitz & Stegun 6.5.29 and 6.5.31), and the
 * chi-square survival function built on them. */
#include <math.h>

#include "analysis/stats.h"

#define EPS      1e-15
#define TINY     1e-300
#define MAX_ITER 100000

/* log(x^a e^-x / Gamma(a)): the factor both expansions share. */
static double log_prefix(double a, double x)
{
	return a * log(x) - x - lgamma(a);
}

/* P(a, x) by the series e^-x x^a sum_n x^n / Gamma(a + n + 1). */
static double series_p(double a, double x)
{
	double term = 1.0 / a, sum = term, ap = a;

	for (int n = 0; n < MAX_ITER; n++) {
		ap += 1.0;
		term *= x / ap;
		sum += term;
		if (fabs(term) < fabs(sum) * EPS)
			break;
	}
	return sum * exp(log_prefix(a, x));
}

/* Q(a, x) by the continued fraction
 * e^-x x^a / Gamma(a) * 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...))),
 * evaluated forwards with the modified Lentz method. */
static double fraction_q(double a, double x)
{
	double b = x + 1.0 - a, c = 1.0 / TINY, d = 1.0 / b, h = d;

	for (int n = 1; n < MAX_ITER; n++) {
		double an = -n * (n - a), delta;

		b += 2.0;
		d = an * d + b;
		if (fabs(d) < TINY)
			d = TINY;
		c = b + an / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1.0 / d;
		delta = d * c;
		h *= delta;
		if (fabs(delta - 1.0) < EPS)
			break;
	}
	return h * exp(log_prefix(a, x));
}

double stats_gamma_p(double a, double x)
{
	if (!(a > 0) || !(x >= 0))
		return NAN;
	if (x == 0)
		return 0.0;
	return x < a + 1.0 ? series_p(a, x) : 1.0 - fraction_q(a, x);
}

double stats_gamma_q(double a, double x)
{
	if (!(a > 0) || !(x >= 0))
		return NAN;
	if (x == 0)
		return 1.0;
	return x < a + 1.0 ? 1.0 - series_p(a, x) : fraction_q(a, x);
}

double stats_chi2_sf(double chi2, int df)
{
	if (df <= 0)
		return NAN;
	if (!(chi2 > 0))
		return 1.0;
	return stats_gamma_q(df / 2.0, chi2 / 2.0);
}
