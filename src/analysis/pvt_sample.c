/* pvt_sample.c - the quick count's sample: a seeded generator of our own,
 * the allocation of the sample among strata, the draw itself, and NDI's
 * sample-size formula. */
#include <math.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pvt_sample.h"
#include "core/alloc.h"
#include "core/strmap.h"

/* ---- the generator ---- */

/* splitmix64 (Steele, Lea and Flood 2014), as Vigna recommends for
 * filling xoshiro's state. */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void pvt_rng_seed(struct pvt_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = 1; /* cannot happen with splitmix64; kept as a guard */
}

uint64_t pvt_rng_next(struct pvt_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t pvt_rng_below(struct pvt_rng *r, uint64_t bound)
{
	/* 2^64 mod bound, computed in 64 bits: the draws below it are the
	 * incomplete last cycle and are rejected. */
	uint64_t threshold = (0 - bound) % bound, x;

	do
		x = pvt_rng_next(r);
	while (x < threshold);
	return x % bound;
}

double pvt_rng_unit(struct pvt_rng *r)
{
	return (double)(pvt_rng_next(r) >> 11) * 0x1.0p-53;
}

const char *pvt_method_name(enum pvt_method m)
{
	switch (m) {
	case PVT_SRS:
		return "srs";
	case PVT_PROPORTIONAL:
		return "proportional";
	case PVT_GIVEN:
		return "given";
	}
	return "?";
}

/* ---- allocation ---- */

enum status pvt_allocate_proportional(const int64_t *population, size_t n, int64_t size,
                                      int64_t *out, struct err *e)
{
	int64_t total = 0, given = 0, need = 0, mins = 0;
	int64_t *rem = xcalloc(n ? n : 1, sizeof(*rem));
	enum status rc = ST_OK;

	for (size_t h = 0; h < n; h++)
		total += population[h];
	if (size < 1 || size > total) {
		rc = err_set(
		    e, ST_INVALID,
		    "size: %lld is not between 1 and the %lld stations of the frame",
		    (long long)size, (long long)total);
		goto out;
	}
	for (size_t h = 0; h < n; h++) {
		/* size * N_h fits in 64 bits for any frame of real stations. */
		out[h] = size * population[h] / total;
		rem[h] = size * population[h] % total;
		given += out[h];
		mins += population[h] < 2 ? population[h] : 2;
	}
	if (mins > size) {
		rc = err_set(
		    e, ST_INVALID,
		    "size: %lld stations cannot give each of the %zu strata its "
		    "minimum of 2 (1 for a stratum of one station): at least %lld "
		    "are needed",
		    (long long)size, n, (long long)mins);
		goto out;
	}
	for (; given < size; given++) {
		size_t best = n;
		for (size_t h = 0; h < n; h++)
			if (rem[h] >= 0 && (best == n || rem[h] > rem[best]))
				best = h;
		out[best]++;
		rem[best] = -1; /* one extra station at most */
	}
	for (size_t h = 0; h < n; h++) {
		int64_t min = population[h] < 2 ? population[h] : 2;
		if (out[h] < min) {
			need += min - out[h];
			out[h] = min;
		}
	}
	while (need > 0) {
		/* Excess over the exact quota, in units of 1/total. */
		size_t best = n;
		int64_t best_excess = 0;
		for (size_t h = 0; h < n; h++) {
			int64_t min = population[h] < 2 ? population[h] : 2;
			int64_t excess = out[h] * total - size * population[h];
			if (out[h] > min && (best == n || excess > best_excess)) {
				best = h;
				best_excess = excess;
			}
		}
		out[best]--;
		need--;
	}
out:
	free(rem);
	return rc;
}

/* ---- the draw ---- */

struct item {
	const char *station, *stratum;
	size_t index; /* in the caller's frame */
};

static int by_station(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;

	return strcmp(a->station, b->station);
}

static int by_name(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Feed s[0..n) to the hash through the buffer b (flushed when full). */
static void feed(crypto_generichash_state *h, unsigned char *b, size_t *used,
                 const char *s, size_t n)
{
	if (*used + n > 4096) {
		crypto_generichash_update(h, b, *used);
		*used = 0;
	}
	if (n > 4096) {
		crypto_generichash_update(h, (const unsigned char *)s, n);
		return;
	}
	memcpy(b + *used, s, n);
	*used += n;
}

/* Sort by station, refuse duplicates, and hash the sorted frame. */
static enum status sort_and_hash(struct item *it, size_t n, char hex[65], struct err *e)
{
	crypto_generichash_state h;
	unsigned char digest[32], b[4096];
	size_t used = 0;

	for (size_t i = 1; i < n; i++)
		if (strcmp(it[i - 1].station, it[i].station) > 0) {
			qsort(it, n, sizeof(*it), by_station); /* frames come sorted */
			break;
		}
	crypto_generichash_init(&h, NULL, 0, sizeof(digest));
	for (size_t i = 0; i < n; i++) {
		if (i && !strcmp(it[i].station, it[i - 1].station))
			return err_set(e, ST_INVALID,
			               "frame: station \"%s\" is listed twice",
			               it[i].station);
		feed(&h, b, &used, it[i].station, strlen(it[i].station));
		feed(&h, b, &used, "\t", 1);
		if (it[i].stratum)
			feed(&h, b, &used, it[i].stratum, strlen(it[i].stratum));
		feed(&h, b, &used, "\n", 1);
	}
	crypto_generichash_update(&h, b, used);
	crypto_generichash_final(&h, digest, sizeof(digest));
	sodium_bin2hex(hex, 65, digest, sizeof(digest));
	return ST_OK;
}

/* Group it (sorted by station) by stratum, keeping the station order in
 * each: the strata's names and populations into d, in name order, and
 * start[h] the first item of stratum h.  Without strata, one stratum. */
static void group_strata(struct pvt_draw *d, struct item *it, size_t n, bool stratified,
                         size_t **start)
{
	struct strmap names = STRMAP_INIT;
	const char **list = xcalloc(n, sizeof(*list));
	size_t *rank = xcalloc(n, sizeof(*rank)), k = 0;
	struct item *tmp;

	for (size_t i = 0; i < n && stratified; i++)
		if (strmap_add(&names, it[i].stratum, NULL, NULL))
			list[k++] = it[i].stratum;
	if (!stratified)
		list[k++] = NULL;
	qsort(list, k, sizeof(*list), by_name);
	d->nstrata = k;
	d->strata = arena_alloc(&d->arena, k * sizeof(*d->strata));
	*start = xcalloc(k + 1, sizeof(**start));
	for (size_t h = 0; h < k; h++) {
		d->strata[h] =
		    (struct pvt_stratum){arena_strdup(&d->arena, list[h]), 0, 0};
		if (stratified)
			strmap_set(&names, list[h], (void *)(uintptr_t)h);
	}
	for (size_t i = 0; i < n; i++) {
		rank[i] =
		    stratified ? (size_t)(uintptr_t)strmap_get(&names, it[i].stratum) : 0;
		d->strata[rank[i]].population++;
	}
	for (size_t h = 0; h < k; h++)
		(*start)[h + 1] = (*start)[h] + (size_t)d->strata[h].population;
	/* A counting sort keeps the station order inside each stratum. */
	tmp = xcalloc(n, sizeof(*tmp));
	{
		size_t *at = xcalloc(k, sizeof(*at));
		for (size_t i = 0; i < n; i++)
			tmp[(*start)[rank[i]] + at[rank[i]]++] = it[i];
		free(at);
	}
	memcpy(it, tmp, n * sizeof(*it));
	free(tmp);
	free(rank);
	free(list);
	strmap_release(&names);
}

/* Sizes per stratum from the given allocation. */
static enum status allocate_given(struct pvt_draw *d, const struct pvt_alloc *given,
                                  size_t ngiven, int64_t *size, struct err *e)
{
	int64_t sum = 0;

	for (size_t g = 0; g < ngiven; g++) {
		size_t h = 0;
		while (h < d->nstrata && strcmp(d->strata[h].name, given[g].stratum))
			h++;
		if (h == d->nstrata)
			return err_set(
			    e, ST_INVALID,
			    "allocation: stratum \"%s\" has no station in the frame",
			    given[g].stratum);
		for (size_t o = 0; o < g; o++)
			if (!strcmp(given[o].stratum, given[g].stratum))
				return err_set(
				    e, ST_INVALID,
				    "allocation: stratum \"%s\" is given twice",
				    given[g].stratum);
		if (given[g].size < 0 || given[g].size > d->strata[h].population)
			return err_set(
			    e, ST_INVALID,
			    "allocation: stratum \"%s\" has %lld stations; its size "
			    "%lld is not between 0 and that",
			    given[g].stratum, (long long)d->strata[h].population,
			    (long long)given[g].size);
		d->strata[h].size = given[g].size;
		sum += given[g].size;
	}
	if (ngiven < d->nstrata)
		for (size_t h = 0; h < d->nstrata; h++) {
			size_t g = 0;
			while (g < ngiven && strcmp(d->strata[h].name, given[g].stratum))
				g++;
			if (g == ngiven)
				return err_set(
				    e, ST_INVALID,
				    "allocation: stratum \"%s\" of the frame has no "
				    "size (give 0 to leave it out knowingly)",
				    d->strata[h].name);
		}
	if (*size && *size != sum)
		return err_set(e, ST_INVALID,
		               "size: %lld, but the allocation adds up to %lld",
		               (long long)*size, (long long)sum);
	if (sum < 1)
		return err_set(e, ST_INVALID, "allocation: the sizes add up to 0");
	*size = sum;
	return ST_OK;
}

static enum status allocate(struct pvt_draw *d, enum pvt_method method, int64_t *size,
                            const struct pvt_alloc *given, size_t ngiven, int64_t nframe,
                            struct err *e)
{
	int64_t *pop, *sz;
	enum status rc;

	if (method == PVT_GIVEN)
		return allocate_given(d, given, ngiven, size, e);
	if (method == PVT_SRS) {
		if (*size < 1 || *size > nframe)
			return err_set(
			    e, ST_INVALID,
			    "size: %lld is not between 1 and the %lld stations of "
			    "the frame",
			    (long long)*size, (long long)nframe);
		d->strata[0].size = *size;
		return ST_OK;
	}
	pop = xcalloc(d->nstrata, sizeof(*pop));
	sz = xcalloc(d->nstrata, sizeof(*sz));
	for (size_t h = 0; h < d->nstrata; h++)
		pop[h] = d->strata[h].population;
	rc = pvt_allocate_proportional(pop, d->nstrata, *size, sz, e);
	for (size_t h = 0; !rc && h < d->nstrata; h++)
		d->strata[h].size = sz[h];
	free(pop);
	free(sz);
	return rc;
}

enum status pvt_sample_draw(const struct pvt_unit *frame, size_t nframe,
                            enum pvt_method method, int64_t size,
                            const struct pvt_alloc *given, size_t ngiven, uint64_t seed,
                            struct pvt_draw *out, struct err *e)
{
	bool stratified = method != PVT_SRS;
	struct item *it = xcalloc(nframe ? nframe : 1, sizeof(*it));
	size_t *start = NULL, m = 0;
	struct pvt_rng rng;
	enum status rc;

	memset(out, 0, sizeof(*out));
	if (!nframe) {
		rc = err_set(e, ST_INVALID, "frame: there are no stations to sample");
		goto out;
	}
	for (size_t i = 0; i < nframe; i++) {
		it[i] = (struct item){frame[i].station, frame[i].stratum, i};
		if (stratified && !frame[i].stratum) {
			rc =
			    err_set(e, ST_INVALID, "frame: station \"%s\" has no stratum",
			            frame[i].station);
			goto out;
		}
	}
	rc = sort_and_hash(it, nframe, out->frame_hash, e);
	if (rc)
		goto out;
	group_strata(out, it, nframe, stratified, &start);
	rc = allocate(out, method, &size, given, ngiven, (int64_t)nframe, e);
	if (rc)
		goto out;
	out->chosen = arena_alloc(&out->arena, (size_t)size * sizeof(*out->chosen));
	out->stratum_of =
	    arena_alloc(&out->arena, (size_t)size * sizeof(*out->stratum_of));
	pvt_rng_seed(&rng, seed);
	for (size_t h = 0; h < out->nstrata; h++) {
		struct item *s = it + start[h];
		size_t nh = start[h + 1] - start[h];
		for (size_t i = 0; i < (size_t)out->strata[h].size; i++) {
			size_t j = i + (size_t)pvt_rng_below(&rng, nh - i);
			struct item t = s[i];
			s[i] = s[j];
			s[j] = t;
			out->chosen[m] = s[i].index;
			out->stratum_of[m] = h;
			m++;
		}
	}
	out->n = m;
out:
	if (rc)
		pvt_draw_release(out);
	free(start);
	free(it);
	return rc;
}

void pvt_draw_release(struct pvt_draw *d)
{
	arena_release(&d->arena);
	memset(d, 0, sizeof(*d));
}

/* ---- sample size ---- */

enum status pvt_sample_size(const struct pvt_size_params *p, struct pvt_size *out,
                            struct err *e)
{
	double pq, n;

	if (!(p->moe > 0 && p->moe < 1))
		return err_set(e, ST_INVALID,
		               "moe: must be above 0 and below 1 (a fraction)");
	if (!(p->z > 0))
		return err_set(e, ST_INVALID, "z: must be above 0");
	if (p->voters < 1)
		return err_set(e, ST_INVALID, "voters: must be 1 or more");
	if (!(p->per_station > 0))
		return err_set(e, ST_INVALID, "per_station: must be above 0");
	if (!(p->nonresponse >= 0 && p->nonresponse < 1))
		return err_set(e, ST_INVALID, "nonresponse: must be from 0 to below 1");
	if (!(p->p > 0 && p->p < 1))
		return err_set(e, ST_INVALID, "p: must be above 0 and below 1");
	pq = p->p * (1 - p->p);
	n = pq / (p->moe * p->moe / (p->z * p->z) + pq / (double)p->voters);
	out->voters = n;
	out->stations = (int64_t)ceil(n / p->per_station / (1 - p->nonresponse) - 1e-9);
	if (out->stations < 1)
		out->stations = 1;
	return ST_OK;
}
