/* test_tally_counts.c - the running tally's report counts
 * (tally_report_count()) against the store's count of the same filters
 * (store_submission_list()): random histories of reports on several
 * forms, statuses, channels and times of receipt (written as the store
 * writes them, and otherwise), with corrections and reviews, in two
 * missions; after every few steps the tally, brought up to date, gives
 * the store's total for every combination of form, status, channel and
 * since that it answers, and declines the others. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/tally.h"
#include "ingest/forms_install.h"
#include "store/store.h"
#include "test.h"
#include "fixture.h"

static char path[64], url[80];
static struct store *st;
static int64_t mid, mid2;

static int64_t new_mission(const char *code)
{
	int64_t id = test_mission_put(st, code);
	struct err e;

	assert_int_equal(forms_install_builtin(st, id, &e), ST_OK);
	return id;
}

static int setup(void **state)
{
	struct err e;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/observa-tcount-XXXXXX");
	fd = mkstemp(path);
	close(fd);
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(store_open(url, &st, &e), ST_OK);
	mid = new_mission("m");
	test_location_put(st, mid, "KZ", "country", NULL);
	test_location_put(st, mid, "R1", "region", "KZ");
	test_location_put(st, mid, "S1", "station", "R1");
	test_location_put(st, mid, "S2", "station", "R1");
	test_observer_put(st, mid, "O1");
	test_observer_put(st, mid, "O2");
	mid2 = new_mission("other");
	test_location_put(st, mid2, "X1", "station", NULL);
	test_observer_put(st, mid2, "P1");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	test_db_remove(path);
	return 0;
}

static unsigned rnd(unsigned n)
{
	return (unsigned)random() % n;
}

static const char *const forms[] = {"VO", "OP", "IN", "XX", NULL};
static const char *const statuses[] = {"new", "flagged", "verified", "rejected", NULL};
static const char *const channels[] = {"api", "sms", "web", NULL};
/* Times of receipt: as the store writes them, on three days, and others
 * it compares as text. */
static const char *const times[] = {"2023-03-18T23:59:59Z", "2023-03-19T00:00:00Z",
                                    "2023-03-19T12:30:00Z", "2023-03-20T08:00:00Z",
                                    "2023-03-19",           "2023-03-19 10:00",
                                    "2023-03-19T00:00",     "2023-03-19T12:30:00+06:00"};
/* What is asked: dates, midnights, and times the tally declines. */
static const char *const sinces[] = {NULL,
                                     "2023-03-18",
                                     "2023-03-19",
                                     "2023-03-19T00:00",
                                     "2023-03-19T00:00:00",
                                     "2023-03-19T00:00:00Z",
                                     "2023-03-20",
                                     "2023-03-21",
                                     "2023-03-19T12:00",
                                     "2023-03-19T00:00:01Z"};

static char clients[512][16];
static int nclients;

static void put(int64_t m, bool correct)
{
	static const char *const stations[] = {"S1", "S2"};
	static const char *const observers[] = {"O1", "O2"};
	const char *replaces = correct && nclients ? clients[rnd(nclients)] : NULL;
	struct stored_submission s = {0};
	enum put_outcome out;
	char client[16];
	struct err e;

	snprintf(client, sizeof(client), "c%d", nclients);
	s.client_id = client;
	s.replaces = m == mid ? replaces : NULL;
	s.form = forms[rnd(4)];
	s.form_version = 1;
	s.station = m == mid ? stations[rnd(2)] : "X1";
	s.observer = m == mid ? observers[rnd(2)] : "P1";
	s.channel = channels[rnd(3)];
	s.received_at = times[rnd(8)];
	s.answers = "{}";
	s.status = rnd(4) == 0 ? "flagged" : "new";
	s.content_hash = client;
	err_clear(&e);
	if (store_submission_put(st, m, &s, &out, &e))
		return; /* a correction of a corrected report */
	if (m == mid && nclients < 512)
		snprintf(clients[nclients++], sizeof(clients[0]), "%s", client);
}

static void compare(struct tally *t)
{
	struct err e;

	assert_int_equal(tally_refresh(t, st, &e), ST_OK);
	for (int f = 0; f < 5; f++)
		for (int s = 0; s < 5; s++)
			for (int c = 0; c < 4; c++)
				for (size_t k = 0; k < sizeof(sinces) / sizeof(*sinces);
				     k++) {
					struct submission_filter sf = {
					    .form = forms[f],
					    .status = statuses[s],
					    .channel = channels[c],
					    .since = sinces[k]};
					int64_t want = -1, got = -1;
					bool known = tally_report_count(
					    t, forms[f], statuses[s], channels[c],
					    sinces[k], &got);
					bool midnight = !sinces[k] ||
					                strlen(sinces[k]) == 10 ||
					                strstr(sinces[k], "T00:00:00") ||
					                !strcmp(sinces[k] + 10, "T00:00");
					assert_int_equal(known, midnight);
					if (!known)
						continue;
					assert_int_equal(
					    store_submission_list(st, mid, &sf, &want,
					                          NULL, NULL, &e),
					    ST_OK);
					assert_int_equal(got, want);
				}
}

static void test_random_history(void **state)
{
	struct tally *t = tally_new(mid);
	struct err e;
	int64_t n;

	(void)state;
	srandom(7);
	assert_false(tally_report_count(t, NULL, NULL, NULL, NULL, &n)); /* not built */
	for (int i = 0; i < 240; i++) {
		unsigned what = rnd(10);
		if (what < 5) {
			put(mid, false);
		} else if (what < 7) {
			put(mid, true);
		} else if (what < 8) {
			put(mid2, false);
		} else if (nclients) {
			struct submission_filter all = {.all_versions = true};
			int64_t total = 0;
			/* A review of a random report of the mission (any version). */
			assert_int_equal(
			    store_submission_list(st, mid, &all, &total, NULL, NULL, &e),
			    ST_OK);
			if (total) {
				/* ids of both missions: the other's are not found */
				int64_t id = 1 + (int64_t)rnd((unsigned)total * 2);
				enum status rc = store_submission_review(
				    st, mid, id, statuses[rnd(4)], "", &e);
				assert_true(rc == ST_OK || rc == ST_NOT_FOUND);
			}
		}
		if (i % 20 == 19)
			compare(t);
	}
	compare(t);
	/* Built again from scratch: the same counts. */
	tally_free(t);
	t = tally_new(mid);
	compare(t);
	tally_free(t);
}

int test_tally_counts(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_history),
	};
	return cmocka_run_group_tests_name("tally_counts", tests, setup, teardown);
}
