/* forensics.h - statistical checks of official station-level results for
 * signs of ballot stuffing and of figures written rather than counted.
 * Pure: fed one station at a time (model/station_result.h), no I/O.
 *
 * A station is "used" when registered > 0, valid > 0 and ballots <=
 * registered; the others are counted by reason and left out of every
 * figure below except the second-digit test.  For a used station, turnout
 * t = ballots / registered (ballots as given, else valid + invalid) and
 * the leader's share v = leader's votes / valid.  The leader is the choice
 * with the most votes over all stations (the first in file order on a
 * tie), or the one the caller names.
 *
 *   - turnout and leader's-share histograms: bins bins of equal width over
 *     [0, 1]; bin k holds floor(x * bins) = k (computed in integers), the
 *     last bin also holds x = 1;
 *   - the fingerprint of Klimek, Yegorov, Hanel & Thurner ("Statistical
 *     detection of systematic election irregularities", PNAS 109(41),
 *     2012): the 2-D histogram of (t, v) in FORENSICS_FP_BINS x
 *     FORENSICS_FP_BINS bins of one percentage point, fingerprint[i][j]
 *     holding the stations of turnout bin i and leader's-share bin j;
 *   - the cumulative share of the leader's votes by turnout: cumulative[i]
 *     = the leader's votes at stations of turnout bin <= i over the
 *     leader's votes at all used stations (Klimek et al., fig. 3);
 *   - the stations with turnout above 95% and with leader's share above
 *     95% (strictly), and their shares of the used stations;
 *   - the integer-percentage test (integer_peaks.h) on the used stations;
 *   - the second-digit Benford test (benford.h) of every choice over every
 *     station whose count is 10 or more.
 *
 * The used stations' counts are kept until forensics_finish(), which needs
 * the leader (known only at the end) and resamples every station: memory is
 * about 8 (3 + choices) bytes a station. */
#ifndef OBSERVA_FORENSICS_H
#define OBSERVA_FORENSICS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/benford.h"
#include "analysis/integer_peaks.h"
#include "model/station_result.h"

#define FORENSICS_FP_BINS      100
#define FORENSICS_BINS         100 /* default of the 1-D histograms */
#define FORENSICS_BINS_MAX     1000
#define FORENSICS_HIGH_PERCENT 95
#define FORENSICS_LEADER_AUTO  (-1L)

struct forensics_opts {
	long leader;        /* the leader's choice index, or FORENSICS_LEADER_AUTO */
	unsigned bins;      /* 1-D histogram bins, 1..FORENSICS_BINS_MAX; 0: 100 */
	unsigned resamples; /* integer-peaks resamples, >= 2; 0: 1000 */
	uint64_t seed;      /* of the resampling's generator */
};

struct forensics {
	size_t nchoices;
	struct forensics_opts opts;

	/* What was fed. */
	int64_t stations;        /* every station */
	int64_t used;            /* stations in the figures */
	int64_t no_registered;   /* left out: registered = 0 */
	int64_t no_valid;        /* left out: valid = 0 */
	int64_t over_registered; /* left out: ballots > registered */
	int64_t *totals;         /* each choice's votes at every station */
	struct benford2 *digits; /* each choice's second digits */

	/* forensics_finish() fills: */
	size_t leader;         /* the leader's choice index */
	bool leader_auto;      /* chosen as the most voted */
	int64_t leader_votes;  /* at used stations */
	int64_t *turnout_hist; /* opts.bins counts */
	int64_t *leader_hist;  /* opts.bins counts */
	int64_t *fingerprint;  /* [i * FORENSICS_FP_BINS + j] */
	double cumulative[FORENSICS_FP_BINS];
	int64_t high_turnout; /* used stations with t > 95% */
	int64_t high_leader;  /* used stations with v > 95% */
	struct integer_peaks peaks;

	/* private: the used stations */
	int64_t *reg, *bal, *val, *votes;
	size_t cap;
};

/* Start for nchoices choices (>= 1) with opts (leader < nchoices). */
void forensics_init(struct forensics *f, size_t nchoices, const struct forensics_opts *o);

/* Feed one station (s->nchoices == f->nchoices). */
void forensics_add(struct forensics *f, const struct station_result *s);

/* Compute every figure from what was fed; call once. */
void forensics_finish(struct forensics *f);

/* x / y, or 0 when y is 0. */
double forensics_share(int64_t x, int64_t y);

/* The JSON document of docs/analysis.md#tabulation-and-forensics; names are the choices'
 * names.  The caller owns it. */
json_t *forensics_to_json(const struct forensics *f, const char *const *names);

/* Free everything; f may be initialised again. */
void forensics_release(struct forensics *f);

#endif
