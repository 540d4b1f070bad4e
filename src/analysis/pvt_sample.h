/* pvt_sample.h - drawing the quick count's probability sample of polling
 * stations, reproducibly: the same frame, method, size and seed give the
 * same stations on every machine.
 *
 * The frame is every polling station with an optional stratum.  Methods:
 * simple random sampling without replacement (srs), stratified with
 * proportional allocation (largest remainders, at least 2 stations in a
 * stratum of 2 or more), or stratified with a given size per stratum.
 * The generator is xoshiro256** (Blackman and Vigna, 2018) whose state is
 * filled by splitmix64 from the 64-bit seed; integers below a bound are
 * drawn by rejection, so no platform's rand() or floating point enters
 * the draw.  docs/analysis.md#quick-count-pvt explains the choices.
 *
 *   struct pvt_draw d;
 *   if (pvt_sample_draw(frame, n, PVT_PROPORTIONAL, 500, NULL, 0, 42, &d, &e)) ...;
 *   ... frame[d.chosen[i]].station, d.strata[d.stratum_of[i]].name ...
 *   pvt_draw_release(&d);
 */
#ifndef OBSERVA_PVT_SAMPLE_H
#define OBSERVA_PVT_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

/* The generator's name as stored with a sample, so an auditor knows how to
 * redraw it.  A change of algorithm must change this name. */
#define PVT_GENERATOR "xoshiro256**/splitmix64 v1"

/* ---- the generator ---- */

struct pvt_rng {
	uint64_t s[4];
};

/* Fill the state from seed with four steps of splitmix64 (never all zero). */
void pvt_rng_seed(struct pvt_rng *r, uint64_t seed);
/* The next 64 random bits (xoshiro256**). */
uint64_t pvt_rng_next(struct pvt_rng *r);
/* A uniform integer in [0, bound), bound >= 1, without modulo bias: draws
 * below 2^64 mod bound are rejected. */
uint64_t pvt_rng_below(struct pvt_rng *r, uint64_t bound);
/* A uniform double in [0, 1) from the top 53 bits of one draw. */
double pvt_rng_unit(struct pvt_rng *r);

/* ---- the sample ---- */

enum pvt_method {
	PVT_SRS,          /* simple random sampling, strata ignored */
	PVT_PROPORTIONAL, /* stratified, sizes proportional to the strata */
	PVT_GIVEN,        /* stratified, sizes given per stratum */
};

/* "srs", "proportional", "given". */
const char *pvt_method_name(enum pvt_method m);

/* One station of the frame.  stratum may be NULL only for PVT_SRS. */
struct pvt_unit {
	const char *station;
	const char *stratum;
};

/* The size wanted in one stratum (PVT_GIVEN). */
struct pvt_alloc {
	const char *stratum;
	int64_t size;
};

/* A stratum of the drawn sample: its name (NULL for PVT_SRS, whose one
 * stratum is the whole frame), stations in the frame and in the sample. */
struct pvt_stratum {
	const char *name;
	int64_t population;
	int64_t size;
};

struct pvt_draw {
	struct pvt_stratum *strata; /* by name (strcmp order) */
	size_t nstrata;
	size_t *chosen;     /* indexes into the frame, in the order drawn */
	size_t *stratum_of; /* per chosen station: its index in strata */
	size_t n;
	char frame_hash[65]; /* hex BLAKE2b-256 of the sorted frame, see below */
	struct arena arena;  /* owns the arrays above */
};

/* Draw size stations of frame[0..nframe) by method with seed.
 *
 * The frame is first put in the order of station codes (strcmp), so the
 * order the caller lists it in does not matter; strata are taken in the
 * order of their names and, in each, stations are chosen by a partial
 * Fisher-Yates shuffle of the stratum's stations with one generator
 * stream running through the strata.  frame_hash is the hash of the
 * sorted frame's lines "station\tstratum\n" (stratum empty when NULL), so
 * an auditor can tell whether a frame is the one sampled.
 *
 * PVT_PROPORTIONAL: see pvt_allocate_proportional().  PVT_GIVEN: given
 * names every stratum of the frame once with 0 <= size <= its stations;
 * size is their sum (or 0 to take the sum).
 *
 * Errors (ST_INVALID, messages name what is wrong): an empty frame, a
 * station twice, a station without stratum in a stratified draw, size
 * below 1 or above the frame, a given allocation that misses, repeats or
 * invents a stratum or asks too much of one, proportional minimums that
 * do not fit in size.  On success release out with pvt_draw_release(). */
enum status pvt_sample_draw(const struct pvt_unit *frame, size_t nframe,
                            enum pvt_method method, int64_t size,
                            const struct pvt_alloc *given, size_t ngiven, uint64_t seed,
                            struct pvt_draw *out, struct err *e);
/* Free everything; a zeroed struct is harmless. */
void pvt_draw_release(struct pvt_draw *d);

/* Proportional allocation of size among strata of population[0..n):
 * quotas size * N_h / N, rounded down, then the stations left over go one
 * each to the strata with the largest remainders (ties to the earlier
 * stratum), so the sizes add up to size exactly.  Then every stratum with
 * at least 2 stations gets at least 2 (one with 1 station gets 1), so each
 * stratum can estimate its own variance; the stations this needs are
 * taken one at a time from the stratum furthest above its exact quota
 * (ties to the earlier one) among those above their minimum.  ST_INVALID
 * when size is below 1 or above N, or below the sum of the minimums. */
enum status pvt_allocate_proportional(const int64_t *population, size_t n, int64_t size,
                                      int64_t *out /* OUT, n sizes */, struct err *e);

/* ---- how many stations to sample ---- */

struct pvt_size_params {
	double moe;         /* wanted margin of error, a fraction (0.01 = 1 point) */
	double z;           /* 1.96 for 95%, 2.576 for 99% */
	int64_t voters;     /* N: voters expected to vote (or registered) */
	double per_station; /* mean voters per station */
	double nonresponse; /* share of sample stations expected not to report, [0, 1) */
	double p;           /* the share assumed; 0.5 is the most cautious */
};

struct pvt_size {
	double voters;    /* n voters: p(1-p) / (moe^2/z^2 + p(1-p)/N) */
	int64_t stations; /* ceil(n / per_station / (1 - nonresponse)) */
};

/* The sample size of NDI's handbook (Estok, Nevitte and Cowan 2002):
 * voters n = p(1-p) / (moe^2 / z^2 + p(1-p) / N), then stations = n
 * divided by the mean voters per station and by the share expected to
 * report, rounded up.  It treats voters as drawn one by one, so it is a
 * floor for a sample of whole stations (docs/analysis.md#quick-count-pvt).  ST_INVALID
 * naming the parameter when one is out of range. */
enum status pvt_sample_size(const struct pvt_size_params *p, struct pvt_size *out,
                            struct err *e);

#endif
