/* test_pvt_keep.c - a mission's quick-count sample drawn and kept in one
 * call, as "observa pvt sample" and the demo do: the stations stored are
 * those the draw on the mission's frame gives, with the record of how
 * they were drawn; a second sample needs replace; a wrong seed or strata
 * attribute stores nothing. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "analysis/pvt_keep.h"
#include "analysis/pvt_mission.h"
#include "store/store.h"
#include "test.h"
#include "fixture.h"

struct fixture {
	char path[96];
	struct store *st;
	int64_t mid;
};

static void put_loc(struct fixture *f, const char *code, const char *level,
                    const char *parent)
{
	struct location l = {.code = code,
	                     .name = code,
	                     .level = level,
	                     .parent = parent,
	                     .registered_voters = -1};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_location_upsert(f->st, f->mid, &l, &res, &e), ST_OK);
}

/* Regions A (12 stations) and B (8), the stations listed out of order. */
static int setup(void **state)
{
	static int serial;
	struct fixture *f = calloc(1, sizeof(*f));
	struct mission m = {.code = "kz",
	                    .name = "m",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	char url[128], code[16];
	struct err e;

	err_clear(&e);
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-pvt-keep-%d-%d.db",
	         (int)getpid(), serial++);
	test_db_remove(f->path);
	snprintf(url, sizeof(url), "sqlite:%s", f->path);
	assert_int_equal(store_open(url, &f->st, &e), ST_OK);
	store_set_actor(f->st, "cli:tester", "local");
	assert_int_equal(store_mission_create(f->st, &m, &e), ST_OK);
	f->mid = m.id;
	put_loc(f, "KZ", "country", NULL);
	put_loc(f, "A", "region", "KZ");
	put_loc(f, "B", "region", "KZ");
	for (int i = 19; i >= 0; i--) {
		snprintf(code, sizeof(code), "%c-%02d", i < 12 ? 'A' : 'B', i);
		put_loc(f, code, "station", i < 12 ? "A" : "B");
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->st);
	test_db_remove(f->path);
	free(f);
	return 0;
}

struct rows {
	struct pvt_sample_row v[32];
	char station[32][16], stratum[32][16];
	size_t n;
};

static enum status keep_row(void *ctx, const struct pvt_sample_row *r)
{
	struct rows *rs = ctx;

	snprintf(rs->station[rs->n], 16, "%s", r->station);
	snprintf(rs->stratum[rs->n], 16, "%s", r->stratum ? r->stratum : "");
	rs->v[rs->n] = (struct pvt_sample_row){rs->station[rs->n], rs->stratum[rs->n],
	                                       r->draw_order};
	rs->n++;
	return ST_OK;
}

/* The stations stored are the draw's on the mission's frame, and the head
 * says how they were drawn. */
static void test_kept_as_drawn(void **state)
{
	struct fixture *f = *state;
	struct pvt_keep_spec spec = {
	    .strata_by = "region", .method = PVT_PROPORTIONAL, .size = 5, .seed = 7};
	struct arena a = ARENA_INIT;
	struct pvt_sample_head h;
	struct pvt_unit *frame;
	struct pvt_draw d = {0};
	struct pvt_kept k;
	struct rows stored = {.n = 0};
	json_t *alloc;
	size_t n;
	struct err e;

	err_clear(&e);
	assert_int_equal(pvt_keep_sample(f->st, f->mid, &spec, &a, &k, &e), ST_OK);
	assert_int_equal(k.frame_size, 20);
	assert_int_equal(k.nstrata, 2);
	assert_int_equal(k.n, 5);

	/* The same draw made by hand. */
	assert_int_equal(pvt_frame_load(f->st, f->mid, "region", &a, &frame, &n, &e),
	                 ST_OK);
	assert_int_equal(
	    pvt_sample_draw(frame, n, PVT_PROPORTIONAL, 5, NULL, 0, 7, &d, &e), ST_OK);
	assert_int_equal(d.n, 5);
	for (size_t i = 0; i < d.n; i++) {
		assert_string_equal(k.rows[i].station, frame[d.chosen[i]].station);
		assert_string_equal(k.rows[i].stratum, d.strata[d.stratum_of[i]].name);
		assert_int_equal(k.rows[i].draw_order, (int64_t)i + 1);
	}

	assert_int_equal(store_pvt_sample_get(f->st, f->mid, &a, &h, &e), ST_OK);
	assert_string_equal(h.method, "proportional");
	assert_string_equal(h.strata_by, "region");
	assert_int_equal(h.seed, 7);
	assert_int_equal(h.size, 5);
	assert_int_equal(h.frame_size, 20);
	assert_string_equal(h.frame_hash, d.frame_hash);
	assert_string_equal(h.generator, PVT_GENERATOR);
	assert_string_equal(h.drawn_by, "cli:tester");
	/* 5 * 12/20 = 3 and 5 * 8/20 = 2. */
	alloc = json_loads(h.allocation, 0, NULL);
	assert_int_equal(json_array_size(alloc), 2);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(alloc, 0), "stratum")), "A");
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(alloc, 0), "population")),
	    12);
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(alloc, 0), "size")), 3);
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(alloc, 1), "size")), 2);
	json_decref(alloc);

	assert_int_equal(store_pvt_sample_list(f->st, f->mid, keep_row, &stored, &e),
	                 ST_OK);
	assert_int_equal(stored.n, 5);
	for (size_t i = 0; i < stored.n; i++) {
		const struct pvt_sample_row *r = &k.rows[stored.v[i].draw_order - 1];
		assert_string_equal(stored.v[i].station, r->station);
		assert_string_equal(stored.v[i].stratum, r->stratum);
	}
	pvt_draw_release(&d);
	arena_release(&a);
}

/* A second sample only with replace; a simple random one has no strata. */
static void test_replace(void **state)
{
	struct fixture *f = *state;
	struct pvt_keep_spec spec = {.method = PVT_SRS, .size = 4, .seed = 1};
	struct arena a = ARENA_INIT;
	struct pvt_sample_head h;
	struct pvt_kept k;
	struct rows stored = {.n = 0};
	struct err e;

	err_clear(&e);
	assert_int_equal(pvt_keep_sample(f->st, f->mid, &spec, &a, &k, &e), ST_OK);
	spec.size = 6;
	assert_int_equal(pvt_keep_sample(f->st, f->mid, &spec, &a, &k, &e), ST_EXISTS);
	assert_int_equal(k.n, 0);
	assert_int_equal(store_pvt_sample_get(f->st, f->mid, &a, &h, &e), ST_OK);
	assert_int_equal(h.size, 4);
	spec.replace = true;
	assert_int_equal(pvt_keep_sample(f->st, f->mid, &spec, &a, &k, &e), ST_OK);
	assert_int_equal(k.n, 6);
	assert_int_equal(k.nstrata, 1);
	assert_null(k.rows[0].stratum);
	assert_int_equal(store_pvt_sample_get(f->st, f->mid, &a, &h, &e), ST_OK);
	assert_string_equal(h.method, "srs");
	assert_null(h.strata_by);
	assert_int_equal(h.size, 6);
	assert_int_equal(store_pvt_sample_list(f->st, f->mid, keep_row, &stored, &e),
	                 ST_OK);
	assert_int_equal(stored.n, 6);
	arena_release(&a);
}

/* Nothing is stored when the draw cannot be made. */
static void test_refused(void **state)
{
	struct fixture *f = *state;
	struct pvt_keep_spec spec = {
	    .strata_by = "district", .method = PVT_PROPORTIONAL, .size = 4, .seed = 1};
	struct arena a = ARENA_INIT;
	struct pvt_sample_head h;
	struct pvt_kept k;
	struct err e;

	err_clear(&e);
	assert_int_equal(pvt_keep_sample(f->st, f->mid, &spec, &a, &k, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "\"district\" is not a location attribute"));
	spec.strata_by = "region";
	spec.seed = -1;
	assert_int_equal(pvt_keep_sample(f->st, f->mid, &spec, &a, &k, &e), ST_INVALID);
	assert_string_equal(e.msg, "seed: -1 is below 0");
	spec.seed = 1;
	spec.size = 21;
	assert_int_equal(pvt_keep_sample(f->st, f->mid, &spec, &a, &k, &e), ST_INVALID);
	assert_int_equal(store_pvt_sample_get(f->st, f->mid, &a, &h, &e), ST_NOT_FOUND);
	arena_release(&a);
}

int test_pvt_keep(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_kept_as_drawn),
	    T(test_replace),
	    T(test_refused),
	};
#undef T
	return cmocka_run_group_tests_name("pvt_keep", tests, NULL, NULL);
}
