/* test_pvt_reports.c - the quick count's reports as the store finds them
 * by station (store_pvt_reports()) against the generic report list
 * (store_submission_list() with form PR and every version, kept to the
 * sample's stations), after each step of a random history of reports on
 * several forms and stations, corrections, rejections and verifications,
 * many with the same arrival time: the same reports in the same order,
 * which is what the estimate's choice among a station's reports (the
 * first seen wins a tie) depends on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "test.h"

#define NSTATIONS 8

struct ids {
	int64_t v[512];
	size_t n;
	const char *sampled; /* NULL: keep all */
};

static const char *const sample_codes[] = {"S2", "S3", "S5", "S8"};

static bool in_sample(const char *code)
{
	for (size_t i = 0; i < 4; i++)
		if (!strcmp(code, sample_codes[i]))
			return true;
	return false;
}

static enum status add_id(void *ctx, const struct stored_submission *s)
{
	struct ids *ids = ctx;

	if (ids->sampled && !in_sample(s->station))
		return ST_OK;
	assert_true(ids->n < 512);
	ids->v[ids->n++] = s->id;
	return ST_OK;
}

static void compare(struct store *st, int64_t mid, int step)
{
	struct submission_filter f = {.form = "PR", .all_versions = true};
	struct ids full = {.sampled = "yes"}, fast = {0};
	int64_t total;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_submission_list(st, mid, &f, &total, add_id, &full, &e),
	                 ST_OK);
	assert_int_equal(store_pvt_reports(st, mid, add_id, &fast, &e), ST_OK);
	if (full.n != fast.n)
		fail_msg("step %d: %zu reports listed, %zu found by station", step,
		         full.n, fast.n);
	for (size_t i = 0; i < full.n; i++)
		if (full.v[i] != fast.v[i])
			fail_msg("step %d: report %zu is %lld, found %lld", step, i,
			         (long long)full.v[i], (long long)fast.v[i]);
}

static void test_random_history(void **state)
{
	static const char *const forms[] = {"PR", "PR", "PR", "VO"};
	static const char *const statuses[] = {"new", "new", "flagged", "verified",
	                                       "rejected"};
	struct mission m = {.code = "kz",
	                    .name = "m",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct observer o = {.code = "O1",
	                     .full_name = "One",
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	struct pvt_sample_row rows[4];
	struct pvt_sample_head h = {.method = "srs",
	                            .seed = 1,
	                            .size = 4,
	                            .frame_size = NSTATIONS,
	                            .frame_hash = "x",
	                            .generator = "g",
	                            .allocation = "[{\"stratum\":null,"
	                                          "\"population\":8,\"size\":4}]"};
	char path[96], url[128], clients[300][16];
	enum upsert_result res;
	struct store *st;
	struct err e;
	int64_t mid;
	unsigned seed = 2023;

	(void)state;
	err_clear(&e);
	snprintf(path, sizeof(path), "/tmp/observa-test-pvtrep-%d.db", (int)getpid());
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(store_open(url, &st, &e), ST_OK);
	store_set_actor(st, "cli:tester", "local");
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	mid = m.id;
	assert_int_equal(store_observer_upsert(st, mid, &o, &res, &e), ST_OK);
	for (int i = 1; i <= NSTATIONS; i++) {
		char code[8];
		struct location l = {.code = code,
		                     .name = code,
		                     .level = "station",
		                     .registered_voters = -1};
		snprintf(code, sizeof(code), "S%d", i);
		assert_int_equal(store_location_upsert(st, mid, &l, &res, &e), ST_OK);
	}
	compare(st, mid, 0); /* no sample: nothing */
	for (size_t i = 0; i < 4; i++)
		rows[i] = (struct pvt_sample_row){sample_codes[i], NULL, (int64_t)i + 1};
	assert_int_equal(store_pvt_sample_put(st, mid, &h, rows, 4, false, &e), ST_OK);
	for (int step = 0; step < 300; step++) {
		char station[8], at[32];
		struct stored_submission s = {
		    .client_id = clients[step],
		    .form = forms[rand_r(&seed) % 4],
		    .form_version = 1,
		    .station = station,
		    .observer = "O1",
		    .channel = "api",
		    .answers = "{\"J\":1}",
		    .status = statuses[rand_r(&seed) % 5],
		    .content_hash = clients[step],
		    .received_at = at,
		};
		enum put_outcome out;
		snprintf(clients[step], sizeof(clients[step]), "c%d", step);
		snprintf(station, sizeof(station), "S%u", 1 + rand_r(&seed) % NSTATIONS);
		/* Few distinct times: ties are the rule. */
		snprintf(at, sizeof(at), "2023-03-19T20:%02u:00Z", rand_r(&seed) % 4);
		/* A correction of an earlier report now and then (it keeps the
		 * station and form of what it corrects). */
		if (step > 10 && rand_r(&seed) % 4 == 0)
			s.replaces = clients[rand_r(&seed) % (unsigned)step];
		if (store_submission_put(st, mid, &s, &out, &e) != ST_OK)
			err_clear(&e); /* a correction the store refuses */
		compare(st, mid, step + 1);
	}
	store_close(st);
	unlink(path);
}

int test_pvt_reports(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_history),
	};

	return cmocka_run_group_tests_name("pvt_reports", tests, NULL, NULL);
}
