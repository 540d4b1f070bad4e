/* stats.h - the distribution functions the forensic tests need, written
 * here so every figure is computed the same way on every machine: the
 * regularized incomplete gamma functions and the chi-square survival
 * function (the p-value of a chi-square statistic). */
#ifndef OBSERVA_STATS_H
#define OBSERVA_STATS_H

/* The regularized lower incomplete gamma function P(a, x) =
 * gamma(a, x) / Gamma(a), for a > 0 and x >= 0; NaN outside.  A series
 * for x < a + 1, a continued fraction (modified Lentz) otherwise, both to
 * a relative 1e-15. */
double stats_gamma_p(double a, double x);

/* Q(a, x) = 1 - P(a, x), computed directly where it is small. */
double stats_gamma_q(double a, double x);

/* P(X >= chi2) for X chi-square with df degrees of freedom (df > 0):
 * Q(df / 2, chi2 / 2).  1 for chi2 <= 0. */
double stats_chi2_sf(double chi2, int df);

#endif
