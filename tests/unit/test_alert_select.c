/* test_alert_select.c - a page of alerts as the store finds it along its
 * indexes (store_alert_select()) against every alert of the mission
 * (store_alert_list()) filtered by station, form and report and paged as
 * the handlers did before: the same rows in the same order and the same
 * total, for every filter and page below, after each step of a random
 * history of reports, corrections and alerts on several stations and
 * forms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_alerts.h"
#include "test.h"

#define NSTATIONS 5
#define MAXROWS   512

struct rows {
	int64_t id[MAXROWS];
	char line[MAXROWS][160];
	size_t n;
	const struct alert_filter *f; /* the reference's filter, NULL: keep all */
	int64_t seen;                 /* the reference's matching rows */
};

static bool in_ids(const struct alert_filter *f, int64_t id)
{
	for (size_t i = 0; i < f->n_ids; i++)
		if (f->submission_ids[i] == id)
			return true;
	return false;
}

static enum status add_row(void *ctx, const struct alert_row *a)
{
	struct rows *r = ctx;

	if (r->f) {
		if (r->f->station && strcmp(r->f->station, a->station))
			return ST_OK;
		if (r->f->form && strcmp(r->f->form, a->form))
			return ST_OK;
		if (r->f->n_ids && !in_ids(r->f, a->submission_id))
			return ST_OK;
		if (!(r->seen >= r->f->offset && r->seen - r->f->offset < r->f->limit)) {
			r->seen++;
			return ST_OK;
		}
		r->seen++;
	}
	assert_true(r->n < MAXROWS);
	r->id[r->n] = a->id;
	snprintf(r->line[r->n], sizeof(r->line[0]), "%lld %lld %s %s %s %s %s %s",
	         (long long)a->id, (long long)a->submission_id, a->station, a->form,
	         a->tag ? a->tag : "-", a->value ? a->value : "-", a->message,
	         a->created_at);
	r->n++;
	return ST_OK;
}

static void compare(struct store *st, int64_t mid, const struct alert_filter *f, int step)
{
	struct rows *full = calloc(1, sizeof(*full)), *fast = calloc(1, sizeof(*fast));
	int64_t total = -1;
	struct err e;

	err_clear(&e);
	full->f = f;
	assert_int_equal(store_alert_list(st, mid, add_row, full, &e), ST_OK);
	assert_int_equal(store_alert_select(st, mid, f, &total, add_row, fast, &e),
	                 ST_OK);
	if (total != full->seen)
		fail_msg("step %d (%s %s %zu ids, limit %lld offset %lld): total %lld, "
		         "expected %lld",
		         step, f->station ? f->station : "-", f->form ? f->form : "-",
		         f->n_ids, (long long)f->limit, (long long)f->offset,
		         (long long)total, (long long)full->seen);
	if (full->n != fast->n)
		fail_msg("step %d: %zu rows, expected %zu", step, fast->n, full->n);
	for (size_t i = 0; i < full->n; i++)
		if (strcmp(full->line[i], fast->line[i]))
			fail_msg("step %d: row %zu is \"%s\", expected \"%s\"", step, i,
			         fast->line[i], full->line[i]);
	free(full);
	free(fast);
}

/* Every filter and page, and each report's versions as the report's page
 * asks (ids: every report stored so far). */
static void compare_all(struct store *st, int64_t mid, const int64_t *ids, size_t nids,
                        unsigned *seed, int step)
{
	static const char *const stations[] = {NULL, "S2", "S4", "S9"};
	static const char *const forms[] = {NULL, "VO", "IN"};
	static const int64_t limits[] = {0, 1, 3, 100};
	static const int64_t offsets[] = {0, 2, 40};
	int64_t pick[3];

	for (size_t s = 0; s < 4; s++)
		for (size_t fo = 0; fo < 3; fo++)
			for (size_t l = 0; l < 4; l++)
				for (size_t o = 0; o < 3; o++) {
					struct alert_filter f = {.station = stations[s],
					                         .form = forms[fo],
					                         .limit = limits[l],
					                         .offset = offsets[o]};
					compare(st, mid, &f, step);
				}
	if (!nids)
		return;
	for (size_t i = 0; i < 3; i++)
		pick[i] = ids[rand_r(seed) % nids];
	for (size_t n = 1; n <= 3; n++) {
		struct alert_filter f = {
		    .submission_ids = pick, .n_ids = n, .limit = INT64_MAX / 2};
		compare(st, mid, &f, step);
	}
}

static void test_random_history(void **state)
{
	static const char *const forms[] = {"VO", "VO", "IN"};
	struct mission m = {.code = "kz",
	                    .name = "m",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct observer o = {.code = "O1",
	                     .full_name = "One",
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	char path[96], url[128], clients[120][16];
	int64_t ids[120] = {0};
	size_t nids = 0;
	enum upsert_result res;
	struct store *st;
	struct err e;
	int64_t mid;
	unsigned seed = 19;

	(void)state;
	err_clear(&e);
	snprintf(path, sizeof(path), "/tmp/observa-test-alertsel-%d.db", (int)getpid());
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
	compare_all(st, mid, ids, 0, &seed, 0); /* no alert yet */
	for (int step = 0; step < 120; step++) {
		char station[8], msg[32];
		struct stored_submission s = {
		    .client_id = clients[step],
		    .form = forms[rand_r(&seed) % 3],
		    .form_version = 1,
		    .station = station,
		    .observer = "O1",
		    .channel = "api",
		    .answers = "{\"A\":1}",
		    .status = "new",
		    .content_hash = clients[step],
		};
		enum put_outcome out;

		snprintf(clients[step], sizeof(clients[step]), "c%d", step);
		snprintf(station, sizeof(station), "S%u", 1 + rand_r(&seed) % NSTATIONS);
		if (step > 5 && rand_r(&seed) % 4 == 0)
			s.replaces = clients[rand_r(&seed) % (unsigned)step];
		if (store_submission_put(st, mid, &s, &out, &e) != ST_OK) {
			err_clear(&e); /* a correction the store refuses */
			continue;
		}
		ids[nids++] = s.id;
		/* No alert, one, or two (one without tag or value). */
		for (unsigned a = rand_r(&seed) % 3; a > 0; a--) {
			snprintf(msg, sizeof(msg), "alert %d.%u", step, a);
			assert_int_equal(store_alert_add(st, mid, s.id,
			                                 a == 1 ? "A" : NULL,
			                                 a == 1 ? "1" : NULL, msg, &e),
			                 ST_OK);
		}
		if (step % 10 == 9)
			compare_all(st, mid, ids, nids, &seed, step + 1);
	}
	compare_all(st, mid, ids, nids, &seed, 121);
	store_close(st);
	unlink(path);
}

int test_alert_select(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_history),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
