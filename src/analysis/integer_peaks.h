/* integer_peaks.h - the integer-percentage test of Kobak, Shpilkin and
 * Pshenichnikov, "Integer percentages as electoral falsification
 * fingerprints", Annals of Applied Statistics 10(1), 2016.
 *
 * A station takes part when ballots > 0, registered >= 100, valid > 0 and
 * both its turnout and its leader's share are at most 99%.  It is
 * "integer" when its turnout in percent, 100 ballots / registered, or its
 * leader's share in percent, 100 leader / valid, is within 0.05
 * percentage points of a whole number (tested exactly, in integers).  The
 * observed count of integer stations is compared with what chance gives:
 * in each of R resamples every station's ballots are redrawn from
 * Binomial(registered, ballots / registered) and its leader's votes from
 * Binomial(valid, leader / valid), and the integer stations counted again.
 * expected and sd are the mean and standard deviation (n - 1) of the R
 * counts; z = (observed - expected) / sd. */
#ifndef OBSERVA_INTEGER_PEAKS_H
#define OBSERVA_INTEGER_PEAKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define PEAKS_MIN_REGISTERED 100
#define PEAKS_MAX_PERCENT    99
#define PEAKS_RESAMPLES      1000

/* One station's figures for the test. */
struct peaks_station {
	int64_t registered, ballots, valid, leader;
};

struct integer_peaks {
	int64_t stations;         /* stations taking part */
	int64_t observed;         /* integer by turnout or by leader's share */
	int64_t observed_turnout; /* integer by turnout */
	int64_t observed_leader;  /* integer by leader's share */
	double expected, sd, z;   /* of the count of integer stations; z is NaN
	                           * when sd is 0 and observed differs */
	double expected_turnout, expected_leader; /* means of the two parts */
	unsigned resamples;
	uint64_t seed;
};

/* True when 100 x / n is within 0.05 of a whole number (n > 0). */
bool integer_percent(int64_t x, int64_t n);

/* True when the station takes part in the test (see above). */
bool integer_peaks_eligible(const struct peaks_station *s);

/* Count and resample the n stations in st (all eligible) with resamples
 * resamples (>= 2) from the generator seeded with seed.  The same stations
 * in the same order with the same seed give the same figures. */
void integer_peaks_compute(const struct peaks_station *st, size_t n, unsigned resamples,
                           uint64_t seed, struct integer_peaks *out /* OUT */);

#endif
