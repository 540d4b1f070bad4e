/* pvt_estimate.h - the quick count's estimates from the sample stations
 * that reported: each choice's share of the valid votes and the turnout,
 * with margins of error at 95% and 99%, whether official figures fall
 * inside them, and how the estimates moved as reports arrived.
 *
 * The estimator is the ratio of totals (Cochran 1977, ch. 6): for one
 * stratum p = sum(a_i) / sum(m_i) with
 *   Var(p) = (1 - f) / (k * mbar^2) * sum((a_i - p*m_i)^2) / (k - 1),
 * f = k / N, as in NDI's handbook (Estok, Nevitte and Cowan 2002); for
 * strata the combined ratio estimator with weights N_h / k_h and
 *   Var(p) = sum_h N_h^2 (1 - f_h) / k_h * s2_eh / X^2,
 * e_i = a_i - p*m_i, s2_eh their variance in stratum h, X the estimated
 * total of valid votes.  k_h counts the stations of stratum h that
 * reported: stations that did not report are taken as missing at random
 * within their stratum.  docs/analysis.md#quick-count-pvt derives both.
 *
 * Pure computation on what the caller hands over; no store, no output. */
#ifndef OBSERVA_PVT_ESTIMATE_H
#define OBSERVA_PVT_ESTIMATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

#define PVT_Z95 1.96
#define PVT_Z99 2.576

/* ---- one ratio ---- */

/* One station's figures for one ratio: y over x (votes over valid votes,
 * or ballots over registered voters), in stratum (an index). */
struct pvt_obs {
	size_t stratum;
	double y, x;
};

struct pvt_ratio {
	double estimate;      /* sum of weighted y over weighted x; NaN when that is 0 */
	double variance;      /* NaN when no stratum that reported has 2 stations */
	size_t reported;      /* observations used */
	size_t strata_empty;  /* strata without any observation: left out */
	size_t strata_single; /* strata with one observation and f_h < 1: they
	                       * add nothing to the variance, which is then too
	                       * small */
};

/* The combined ratio estimate of obs[0..k) over strata whose populations
 * (stations in the frame) are population[0..nstrata).  fpc false takes
 * every f_h as 0 (no finite-population correction, as Apollo does).  A
 * stratum without observation is left out of both totals (the estimate
 * then speaks for the strata that reported); obs of a stratum with
 * population below its observations count f_h as 1. */
void pvt_ratio_compute(const struct pvt_obs *obs, size_t k, const int64_t *population,
                       size_t nstrata, bool fpc, struct pvt_ratio *out /* OUT */);

/* ---- the quick count ---- */

struct pvt_stratum_in {
	const char *name;   /* NULL for an unstratified sample */
	int64_t population; /* N_h: stations in the frame */
	int64_t sampled;    /* n_h: stations drawn (0 when unknown) */
};

/* One sample station that reported. */
struct pvt_report {
	const char *station;
	size_t stratum;       /* index into pvt_input.strata */
	int64_t valid;        /* m_i: valid votes */
	const int64_t *votes; /* a_i per choice, pvt_input.nchoices of them */
	int64_t registered;   /* voters on the list, -1 when not given */
	int64_t ballots;      /* ballots cast (found in the boxes), -1 when not given */
	const char *arrived;  /* when it arrived (ISO 8601), or NULL */
};

struct pvt_input {
	const struct pvt_stratum_in *strata; /* one when unstratified */
	size_t nstrata;
	bool stratified;
	const char *const *choices; /* names, nchoices of them */
	size_t nchoices;
	const double *official;           /* official shares in percent per choice, NaN
	                                   * for none; NULL when there are none */
	const struct pvt_report *reports; /* in order of arrival */
	size_t nreports;
	int64_t sample_size; /* stations drawn; 0: the sum of strata[].sampled */
};

/* A share in percent with its margins in percentage points. */
struct pvt_figure {
	double estimate;     /* NaN when there is nothing to estimate from */
	double moe95, moe99; /* NaN when there is no variance */
	double official;     /* NaN when not given */
	int inside95;        /* 1 or 0 when official and moe95 are known; -1 */
};

struct pvt_stratum_out {
	const char *name;
	int64_t population, sampled, reported;
};

/* The estimates after the first `reports` reports (convergence). */
struct pvt_point {
	size_t reports;
	const char *arrived; /* the last one's time, or NULL */
	double *estimate;    /* percent per choice */
	double *moe95;       /* per choice */
	double turnout;      /* percent, NaN without turnout figures */
};

struct pvt_result {
	int64_t sample_size;
	size_t reported;
	int64_t valid_votes; /* sum of m_i */
	struct pvt_figure *choices;
	size_t nchoices;
	bool has_turnout; /* some report gave ballots and registered voters */
	size_t turnout_reports;
	struct pvt_figure turnout;
	struct pvt_stratum_out *strata;
	size_t nstrata;
	size_t strata_empty, strata_single; /* as in struct pvt_ratio */
	struct pvt_point *convergence;
	size_t npoints;
	struct arena arena; /* owns the arrays above */
};

/* Estimate every choice's share and the turnout from in.  Convergence
 * points are taken after every tenth of the sample (ceil(n/10) reports)
 * and after the last report.  ST_INVALID for a report whose stratum is
 * out of range or whose counts are negative (naming the station).  An
 * empty sample is not an error: estimates are NaN.  Release out with
 * pvt_result_release(). */
enum status pvt_estimate(const struct pvt_input *in, struct pvt_result *out,
                         struct err *e);
void pvt_result_release(struct pvt_result *r);

/* {"sample_size", "sample_reported", "stratified", "valid_votes",
 * "choices": [{name, estimate, moe95, moe99, low95, high95[, official,
 * inside95]}], "turnout": {estimate, moe95, moe99, reports} or null,
 * "strata": [{name, population, sampled, reported}], "strata_empty",
 * "strata_single", "convergence": [{reports, arrived, choices: [{name,
 * estimate, moe95}], turnout}]}; percent, NaN as null.  New reference. */
json_t *pvt_result_to_json(const struct pvt_input *in, const struct pvt_result *r);

#endif
