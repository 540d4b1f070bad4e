/* test_pvt_sample.c - the quick count's sample: the generator against
 * values worked out from its published definition, draws that repeat for
 * the same frame and seed whatever the frame's order, exact sizes per
 * stratum, proportional allocation with its rounding and minimums, given
 * allocations, the errors, and NDI's sample-size formula. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pvt_sample.h"
#include "test.h"

/* splitmix64 from 0 gives the published 0xe220a8397b1dcdaf ...; the
 * xoshiro256** and bounded draws were worked out by hand from the
 * algorithms' definitions (in a few lines of Python) to pin them down on
 * every platform. */
static void test_generator(void **state)
{
	struct pvt_rng r;
	int seq[10];
	static const int want[10] = {6, 1, 8, 5, 8, 0, 6, 6, 7, 7};

	(void)state;
	pvt_rng_seed(&r, 0);
	assert_true(r.s[0] == UINT64_C(0xe220a8397b1dcdaf));
	assert_true(r.s[1] == UINT64_C(0x6e789e6aa1b965f4));
	assert_true(r.s[2] == UINT64_C(0x06c45d188009454f));
	assert_true(r.s[3] == UINT64_C(0xf88bb8a8724c81ec));
	pvt_rng_seed(&r, 42);
	assert_true(pvt_rng_next(&r) == UINT64_C(0x15780b2e0c2ec716));
	assert_true(pvt_rng_next(&r) == UINT64_C(0x6104d9866d113a7e));
	assert_true(pvt_rng_next(&r) == UINT64_C(0xae17533239e499a1));
	pvt_rng_seed(&r, 20260319);
	for (int i = 0; i < 10; i++)
		seq[i] = (int)pvt_rng_below(&r, 10);
	assert_memory_equal(seq, want, sizeof(want));
	for (int i = 0; i < 1000; i++) {
		double u = pvt_rng_unit(&r);
		assert_true(u >= 0 && u < 1);
		assert_true(pvt_rng_below(&r, 1) == 0);
	}
}

/* S01..S20; stratum A for S01..S12 and B for the rest when strata. */
static void frame20(struct pvt_unit *f, char names[20][4], bool strata, bool reversed)
{
	for (int i = 0; i < 20; i++) {
		int k = reversed ? 20 - i : i + 1;
		snprintf(names[i], 4, "S%02d", k);
		f[i].station = names[i];
		f[i].stratum = strata ? (k <= 12 ? "A" : "B") : NULL;
	}
}

static void chosen(const struct pvt_unit *f, const struct pvt_draw *d, char *out,
                   size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < d->n; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? " " : "",
		                      f[d->chosen[i]].station);
}

static void test_reproducible(void **state)
{
	struct pvt_unit f[20], g[20];
	char names[20][4], rnames[20][4], a[128], b[128];
	struct pvt_draw d, d2;
	struct err e;

	(void)state;
	err_clear(&e);
	frame20(f, names, false, false);
	frame20(g, rnames, false, true);
	/* The same stations worked out from the definition (see above). */
	assert_int_equal(pvt_sample_draw(f, 20, PVT_SRS, 5, NULL, 0, 7, &d, &e), ST_OK);
	chosen(f, &d, a, sizeof(a));
	assert_string_equal(a, "S15 S19 S09 S04 S13");
	assert_int_equal(d.nstrata, 1);
	assert_null(d.strata[0].name);
	assert_int_equal(d.strata[0].population, 20);
	assert_int_equal(d.strata[0].size, 5);
	/* The frame in another order: the same sample, the same hash. */
	assert_int_equal(pvt_sample_draw(g, 20, PVT_SRS, 5, NULL, 0, 7, &d2, &e), ST_OK);
	chosen(g, &d2, b, sizeof(b));
	assert_string_equal(a, b);
	assert_string_equal(d.frame_hash, d2.frame_hash);
	assert_int_equal(strlen(d.frame_hash), 64);
	pvt_draw_release(&d2);
	/* Another seed: another sample. */
	assert_int_equal(pvt_sample_draw(f, 20, PVT_SRS, 5, NULL, 0, 8, &d2, &e), ST_OK);
	chosen(f, &d2, b, sizeof(b));
	assert_string_not_equal(a, b);
	pvt_draw_release(&d2);
	pvt_draw_release(&d);

	/* Stratified: A has 12 stations, B 8; 5 go 3 and 2. */
	frame20(f, names, true, false);
	frame20(g, rnames, true, true);
	assert_int_equal(pvt_sample_draw(f, 20, PVT_PROPORTIONAL, 5, NULL, 0, 7, &d, &e),
	                 ST_OK);
	chosen(f, &d, a, sizeof(a));
	assert_string_equal(a, "S07 S04 S11 S13 S20");
	assert_int_equal(d.nstrata, 2);
	assert_string_equal(d.strata[0].name, "A");
	assert_int_equal(d.strata[0].population, 12);
	assert_int_equal(d.strata[0].size, 3);
	assert_string_equal(d.strata[1].name, "B");
	assert_int_equal(d.strata[1].size, 2);
	assert_int_equal(d.stratum_of[0], 0);
	assert_int_equal(d.stratum_of[4], 1);
	assert_int_equal(pvt_sample_draw(g, 20, PVT_PROPORTIONAL, 5, NULL, 0, 7, &d2, &e),
	                 ST_OK);
	chosen(g, &d2, b, sizeof(b));
	assert_string_equal(a, b);
	/* The strata are part of what is hashed. */
	assert_string_not_equal(d.frame_hash, "");
	pvt_draw_release(&d2);
	pvt_draw_release(&d);
}

/* A large frame: every size is met exactly, without a station twice. */
static void test_exact_sizes(void **state)
{
	enum { N = 5000 };
	struct pvt_unit *f = calloc(N, sizeof(*f));
	char(*names)[8] = calloc(N, sizeof(*names));
	static const char *const strata[] = {"north", "south", "east", "west", "capital"};
	unsigned char *seen = calloc(N, 1);
	int64_t per[5] = {0};
	struct pvt_draw d;
	struct err e;

	(void)state;
	err_clear(&e);
	for (int i = 0; i < N; i++) {
		snprintf(names[i], 8, "P%05d", i);
		f[i].station = names[i];
		/* Uneven strata: 2,000, 1,500, 1,000, 400 and 100 stations. */
		f[i].stratum = strata[i < 2000   ? 0
		                      : i < 3500 ? 1
		                      : i < 4500 ? 2
		                      : i < 4900 ? 3
		                                 : 4];
	}
	for (int64_t size = 1; size <= N; size = size * 3 + 1) {
		enum pvt_method m = size >= 10 ? PVT_PROPORTIONAL : PVT_SRS;
		assert_int_equal(
		    pvt_sample_draw(f, N, m, size, NULL, 0, (uint64_t)size, &d, &e),
		    ST_OK);
		assert_int_equal(d.n, size);
		memset(seen, 0, N);
		memset(per, 0, sizeof(per));
		for (size_t i = 0; i < d.n; i++) {
			assert_int_equal(seen[d.chosen[i]], 0);
			seen[d.chosen[i]] = 1;
			per[d.stratum_of[i]]++;
			if (m == PVT_PROPORTIONAL)
				assert_string_equal(f[d.chosen[i]].stratum,
				                    d.strata[d.stratum_of[i]].name);
		}
		for (size_t h = 0; h < d.nstrata; h++)
			assert_int_equal(per[h], d.strata[h].size);
		pvt_draw_release(&d);
	}
	/* The whole frame. */
	assert_int_equal(pvt_sample_draw(f, N, PVT_PROPORTIONAL, N, NULL, 0, 1, &d, &e),
	                 ST_OK);
	assert_int_equal(d.n, N);
	pvt_draw_release(&d);
	free(seen);
	free(names);
	free(f);
}

static void test_allocation(void **state)
{
	int64_t out[3];
	struct err e;

	(void)state;
	err_clear(&e);
	/* Exact quotas. */
	assert_int_equal(
	    pvt_allocate_proportional((int64_t[]){50, 30, 20}, 3, 10, out, &e), ST_OK);
	assert_int_equal(out[0], 5);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 2);
	/* Quotas 3.5, 3.5, 3: one station left, equal remainders, the first
	 * stratum takes it. */
	assert_int_equal(pvt_allocate_proportional((int64_t[]){7, 7, 6}, 3, 10, out, &e),
	                 ST_OK);
	assert_int_equal(out[0], 4);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 3);
	/* 10 of 3, 6 and 16 stations: quotas 1.2, 2.4, 6.4; floors 1, 2, 6;
	 * the one left goes to the largest remainder (.4 twice: the earlier);
	 * then the first is raised to 2, taken from the one furthest above
	 * its quota (3 - 2.4 = .6 against 6 - 6.4 < 0). */
	assert_int_equal(pvt_allocate_proportional((int64_t[]){3, 6, 16}, 3, 10, out, &e),
	                 ST_OK);
	assert_int_equal(out[0] + out[1] + out[2], 10);
	assert_int_equal(out[0], 2); /* 1.2 -> 1, raised to the minimum 2 */
	assert_int_equal(out[1], 2); /* 2.4 -> 2 + 1 (remainder .4), then -1 */
	assert_int_equal(out[2], 6); /* 6.4 -> 6 */
	/* Minimums: 19.78, 0.198, 0.0198 -> 20, 0, 0 -> 17, 2, 1. */
	assert_int_equal(
	    pvt_allocate_proportional((int64_t[]){1000, 10, 1}, 3, 20, out, &e), ST_OK);
	assert_int_equal(out[0], 17);
	assert_int_equal(out[1], 2);
	assert_int_equal(out[2], 1);
	/* Too small for the minimums, or too large for the frame. */
	assert_int_equal(
	    pvt_allocate_proportional((int64_t[]){1000, 10, 1}, 3, 4, out, &e),
	    ST_INVALID);
	assert_non_null(strstr(e.msg, "at least 5 are needed"));
	assert_int_equal(pvt_allocate_proportional((int64_t[]){5, 5}, 2, 11, out, &e),
	                 ST_INVALID);
	assert_int_equal(pvt_allocate_proportional((int64_t[]){5, 5}, 2, 0, out, &e),
	                 ST_INVALID);
}

static void test_given_and_errors(void **state)
{
	struct pvt_unit f[20];
	char names[20][4];
	struct pvt_draw d;
	struct err e;

	(void)state;
	err_clear(&e);
	frame20(f, names, true, false);
	assert_int_equal(pvt_sample_draw(f, 20, PVT_GIVEN, 0,
	                                 (struct pvt_alloc[]){{"B", 8}, {"A", 1}}, 2, 3,
	                                 &d, &e),
	                 ST_OK);
	assert_int_equal(d.n, 9);
	assert_int_equal(d.strata[0].size, 1);
	assert_int_equal(d.strata[1].size, 8);
	pvt_draw_release(&d);
	assert_int_equal(pvt_sample_draw(f, 20, PVT_GIVEN, 10,
	                                 (struct pvt_alloc[]){{"B", 8}, {"A", 1}}, 2, 3,
	                                 &d, &e),
	                 ST_INVALID);
	assert_string_equal(e.msg, "size: 10, but the allocation adds up to 9");
	assert_int_equal(pvt_sample_draw(f, 20, PVT_GIVEN, 0,
	                                 (struct pvt_alloc[]){{"B", 9}, {"A", 1}}, 2, 3,
	                                 &d, &e),
	                 ST_INVALID);
	assert_string_equal(e.msg,
	                    "allocation: stratum \"B\" has 8 stations; its size 9 is "
	                    "not between 0 and that");
	assert_int_equal(pvt_sample_draw(f, 20, PVT_GIVEN, 0,
	                                 (struct pvt_alloc[]){{"B", 2}}, 1, 3, &d, &e),
	                 ST_INVALID);
	assert_non_null(strstr(e.msg, "stratum \"A\" of the frame has no size"));
	assert_int_equal(
	    pvt_sample_draw(f, 20, PVT_GIVEN, 0,
	                    (struct pvt_alloc[]){{"A", 2}, {"B", 1}, {"C", 1}}, 3, 3, &d,
	                    &e),
	    ST_INVALID);
	assert_string_equal(e.msg,
	                    "allocation: stratum \"C\" has no station in the frame");
	assert_int_equal(pvt_sample_draw(f, 20, PVT_GIVEN, 0,
	                                 (struct pvt_alloc[]){{"A", 2}, {"A", 1}}, 2, 3,
	                                 &d, &e),
	                 ST_INVALID);
	assert_string_equal(e.msg, "allocation: stratum \"A\" is given twice");
	assert_int_equal(pvt_sample_draw(f, 20, PVT_SRS, 21, NULL, 0, 1, &d, &e),
	                 ST_INVALID);
	assert_string_equal(e.msg,
	                    "size: 21 is not between 1 and the 20 stations of the frame");
	assert_int_equal(pvt_sample_draw(f, 0, PVT_SRS, 1, NULL, 0, 1, &d, &e),
	                 ST_INVALID);
	f[3].stratum = NULL;
	assert_int_equal(pvt_sample_draw(f, 20, PVT_PROPORTIONAL, 4, NULL, 0, 1, &d, &e),
	                 ST_INVALID);
	assert_string_equal(e.msg, "frame: station \"S04\" has no stratum");
	f[3].stratum = "A";
	f[3].station = "S05";
	assert_int_equal(pvt_sample_draw(f, 20, PVT_SRS, 4, NULL, 0, 1, &d, &e),
	                 ST_INVALID);
	assert_string_equal(e.msg, "frame: station \"S05\" is listed twice");
	assert_int_equal(d.n, 0);
}

static void test_sample_size(void **state)
{
	struct pvt_size_params p = {
	    .moe = 0.005, .z = 2.576, .voters = 7000000, .per_station = 700, .p = 0.5};
	struct pvt_size s;
	struct err e;
	double pq = 0.25, want = pq / (0.005 * 0.005 / (2.576 * 2.576) + pq / 7e6);

	(void)state;
	err_clear(&e);
	assert_int_equal(pvt_sample_size(&p, &s, &e), ST_OK);
	/* 65,734.6 voters: 93.9 stations of 700, so 94. */
	assert_true(fabs(s.voters - want) < 1e-6);
	assert_true(s.voters > 65734 && s.voters < 65735);
	assert_int_equal(s.stations, 94);
	/* A fifth expected not to report: 93.9 / 0.8 = 117.4, so 118. */
	p.nonresponse = 0.2;
	assert_int_equal(pvt_sample_size(&p, &s, &e), ST_OK);
	assert_int_equal(s.stations, 118);
	p.moe = 0;
	assert_int_equal(pvt_sample_size(&p, &s, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "moe:"));
	p.moe = 0.01;
	p.nonresponse = 1;
	assert_int_equal(pvt_sample_size(&p, &s, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "nonresponse:"));
}

int test_pvt_sample(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_generator),        cmocka_unit_test(test_reproducible),
	    cmocka_unit_test(test_exact_sizes),      cmocka_unit_test(test_allocation),
	    cmocka_unit_test(test_given_and_errors), cmocka_unit_test(test_sample_size),
	};

	return cmocka_run_group_tests_name("pvt_sample", tests, NULL, NULL);
}
