/* test_store_intake.c - the store's lean reads for the intake's hot path:
 * a location's key and level by code, and the current, not rejected
 * reports on a station and form with their observers and answers. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "test.h"
#include "fixture.h"

struct fixture {
	char path[96], url[112];
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

static void put_obs(struct fixture *f, const char *code)
{
	struct observer o = {.code = code,
	                     .full_name = code,
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_observer_upsert(f->st, f->mid, &o, &res, &e), ST_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct mission m = {.code = "m",
	                    .name = "m",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct err e;

	snprintf(f->path, sizeof(f->path), "/tmp/observa-store-intake-%d.db",
	         (int)getpid());
	test_db_remove(f->path);
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->path);
	assert_int_equal(store_open(f->url, &f->st, &e), ST_OK);
	assert_int_equal(store_mission_create(f->st, &m, &e), ST_OK);
	f->mid = m.id;
	put_loc(f, "KZ", "country", NULL);
	put_loc(f, "R1", "region", "KZ");
	put_loc(f, "T1", "territory", "R1");
	put_loc(f, "S1", "station", "T1");
	put_loc(f, "S2", "station", "T1");
	put_obs(f, "A");
	put_obs(f, "B");
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

static void test_location_key(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct location l;
	const char *level;
	int64_t id;
	struct err e;

	assert_int_equal(store_location_key(f->st, f->mid, "S2", &id, &level, &e), ST_OK);
	assert_int_equal(store_location_get(f->st, f->mid, "S2", &a, &l, &e), ST_OK);
	assert_int_equal(id, l.id);
	assert_string_equal(level, "station");
	assert_int_equal(store_location_key(f->st, f->mid, "T1", &id, &level, &e), ST_OK);
	assert_true(id > 0);
	assert_string_equal(level, "territory");
	assert_int_equal(store_location_key(f->st, f->mid, "S9", &id, &level, &e), ST_OK);
	assert_int_equal(id, 0);
	assert_null(level);
	/* Another mission's code is not this one's. */
	assert_int_equal(store_location_key(f->st, f->mid + 1, "S1", &id, &level, &e),
	                 ST_OK);
	assert_int_equal(id, 0);
	arena_release(&a);
}

/* Store a report by observer on station and form; returns its key. */
static int64_t put(struct fixture *f, const char *client_id, const char *replaces,
                   const char *station, const char *form, const char *observer,
                   const char *answers)
{
	struct stored_submission s = {.client_id = client_id,
	                              .replaces = replaces,
	                              .form = form,
	                              .form_version = 1,
	                              .station = station,
	                              .observer = observer,
	                              .channel = "api",
	                              .answers = answers,
	                              .status = "new",
	                              .content_hash = client_id};
	enum put_outcome out;
	struct err e;

	assert_int_equal(store_submission_put(f->st, f->mid, &s, &out, &e), ST_OK);
	assert_int_equal(out, PUT_STORED);
	/* The keys it looked up are handed back. */
	assert_true(s.station_id > 0 && s.observer_id > 0);
	return s.id;
}

struct rows {
	char text[512];
	int n;
};

static enum status add_row(void *ctx, const struct stored_submission *s)
{
	struct rows *r = ctx;
	size_t len = strlen(r->text);

	snprintf(r->text + len, sizeof(r->text) - len, "%lld %lld %s|", (long long)s->id,
	         (long long)s->observer_id, s->answers);
	assert_true(s->observer_id > 0);
	r->n++;
	return ST_OK;
}

static void test_station_reports(void **state)
{
	struct fixture *f = *state;
	struct rows r = {{0}, 0};
	char want[512];
	int64_t a1, b1, a2, r1, sid, oa, ob;
	const char *level;
	struct err e;

	a1 = put(f, "a1", NULL, "S1", "OP", "A", "{\"C\":1}");
	b1 = put(f, "b1", NULL, "S1", "OP", "B", "{\"C\":0}");
	put(f, "b2", NULL, "S1", "VO", "B", "{\"C\":0}");      /* another form */
	put(f, "b3", NULL, "S2", "OP", "B", "{\"C\":0}");      /* another station */
	a2 = put(f, "a2", "a1", "S1", "OP", "A", "{\"C\":0}"); /* a1 corrected */
	r1 = put(f, "r1", NULL, "S1", "OP", "B", "{\"C\":5}");
	assert_int_equal(store_submission_review(f->st, f->mid, r1, "rejected", "x", &e),
	                 ST_OK);
	assert_int_equal(store_location_key(f->st, f->mid, "S1", &sid, &level, &e),
	                 ST_OK);
	assert_int_equal(
	    store_station_reports(f->st, f->mid, sid, "OP", 0, add_row, &r, &e), ST_OK);
	/* Oldest first; the corrected version and the rejected report left out. */
	assert_int_equal(store_observer_id(f->st, f->mid, "A", &oa, &e), ST_OK);
	assert_int_equal(store_observer_id(f->st, f->mid, "B", &ob, &e), ST_OK);
	snprintf(want, sizeof(want), "%lld %lld {\"C\":0}|%lld %lld {\"C\":0}|",
	         (long long)b1, (long long)ob, (long long)a2, (long long)oa);
	assert_string_equal(r.text, want);
	assert_int_equal(r.n, 2);
	assert_true(a1 < b1 && b1 < a2);
	/* Leaving out the report just stored. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(
	    store_station_reports(f->st, f->mid, sid, "OP", a2, add_row, &r, &e), ST_OK);
	snprintf(want, sizeof(want), "%lld %lld {\"C\":0}|", (long long)b1,
	         (long long)ob);
	assert_string_equal(r.text, want);
	assert_int_equal(r.n, 1);
}

int test_store_intake(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_location_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_station_reports, setup, teardown),
	};
	return cmocka_run_group_tests_name("store_intake", tests, NULL, NULL);
}
