/* benford.h - Mebane's second-digit Benford test (2BL) on one choice's
 * station counts: the second significant digit of every count of 10 or
 * more against the Benford law for second digits,
 *
 *   P(d) = sum over k = 1..9 of log10(1 + 1 / (10 k + d)),  d = 0..9
 *
 * (0.11968 0.11389 0.10882 0.10433 0.10031 0.09668 0.09337 0.09035
 * 0.08757 0.08500, mean 4.187), with Pearson's chi-square on 9 degrees of
 * freedom and its p-value.  Mebane, "Election Forensics: Vote Counts and
 * Benford's Law" (2006) and "Election Forensics: The Second-digit
 * Benford's Law Test and Recent American Presidential Elections" (2008). */
#ifndef OBSERVA_BENFORD_H
#define OBSERVA_BENFORD_H

#include <stdbool.h>
#include <stdint.h>

#define BENFORD_MIN_COUNT 10 /* smaller counts have no second digit */
#define BENFORD_DF        9

struct benford2 {
	int64_t counts[10]; /* stations whose count's second digit is d */
	int64_t n;          /* stations counted (count >= 10) */
	/* benford2_finish() fills: */
	double mean; /* mean second digit (4.187 expected); 0 when n = 0 */
	double chi2; /* Pearson's statistic; 0 when n = 0 */
	double p;    /* P(chi-square(9) >= chi2); 1 when n = 0 */
};

/* P(d) of the second-digit law, d = 0..9. */
double benford2_expected(int d);

/* The second significant digit of v (v >= 10), e.g. 4 for 1492. */
int benford2_digit(int64_t v);

/* Count v when it is 10 or more. */
void benford2_add(struct benford2 *b, int64_t v);

/* Compute mean, chi2 and p from the counts. */
void benford2_finish(struct benford2 *b);

#endif
