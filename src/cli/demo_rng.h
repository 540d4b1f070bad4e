/* demo_rng.h - the demo's seeded pseudo-random numbers (splitmix64).
 *
 * The demo mission must come out the same on every run and every machine,
 * so it draws from this fixed generator, never from rand() or the clock.
 * Not for anything that needs real randomness. */
#ifndef OBSERVA_DEMO_RNG_H
#define OBSERVA_DEMO_RNG_H

#include <stddef.h>
#include <stdint.h>

struct demo_rng {
	uint64_t state;
};

static inline void demo_rng_seed(struct demo_rng *r, uint64_t seed)
{
	r->state = seed;
}

/* The next 64 random bits (Steele, Lea and Flood's splitmix64). */
static inline uint64_t demo_rng_next(struct demo_rng *r)
{
	uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* A double in [0, 1). */
static inline double demo_rng_unit(struct demo_rng *r)
{
	return (double)(demo_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* An integer in [lo, hi]; lo <= hi.  The bias of the modulo is far below
 * anything a demo could show. */
static inline int64_t demo_rng_range(struct demo_rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(demo_rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* An index in [0, n); 0 when n is 0. */
static inline size_t demo_rng_below(struct demo_rng *r, size_t n)
{
	return n ? (size_t)(demo_rng_next(r) % n) : 0;
}

/* True with probability p. */
static inline int demo_rng_chance(struct demo_rng *r, double p)
{
	return demo_rng_unit(r) < p;
}

#endif
