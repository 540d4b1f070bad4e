/* test_tally_counts.c - the running tally's report counts
 * (tally_report_count()) against the store's count of the same filters
 * (store_submission_list()): random histories of reports on several
 * forms, statuses, channels, times of receipt (written as the store
 * writes them, and otherwise) and stations (in regions, in a city below a
 * region, abroad, outside every region), with corrections and reviews, in
 * two missions; after every few steps the tally, brought up to date,
 * gives the store's total for every combination of form, status, channel,
 * region and since that it answers, and declines the others. */
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
	test_location_put(st, mid, "D1", "district", "R1");
	test_location_put(st, mid, "S1", "station", "D1");
	test_location_put(st, mid, "S2", "station", "R1");
	test_location_put(st, mid, "R2", "region", "KZ");
	test_location_put(st, mid, "C1", "city", "R2"); /* a region below one */
	test_location_put(st, mid, "S3", "station", "C1");
	test_location_put(st, mid, "S4", "station", "R2");
	test_location_put(st, mid, "A1", "abroad", "KZ");
	test_location_put(st, mid, "S5", "station", "A1");
	test_location_put(st, mid, "S6", "station", "KZ"); /* in no region */
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

/* Regions asked for: those the tally answers, then those it declines (a
 * region with another below it, a district, a station, the country, a
 * code of no location). */
static const char *const regions[] = {NULL, "R1", "C1", "A1",  "R2",
                                      "D1", "S1", "KZ", "NOPE"};
#define REGIONS_KNOWN 4

static char clients[512][16];
static int nclients;

static void put(int64_t m, bool correct)
{
	static const char *const stations[] = {"S1", "S2", "S3", "S4", "S5", "S6"};
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
	s.station = m == mid ? stations[rnd(6)] : "X1";
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

/* One filter: the tally's count is the store's when the tally answers,
 * and it answers exactly when it should. */
static void compare_one(struct tally *t, const char *form, const char *status,
                        const char *channel, int region, const char *since)
{
	struct submission_filter sf = {.form = form,
	                               .status = status,
	                               .channel = channel,
	                               .region = regions[region],
	                               .since = since};
	int64_t want = -1, got = -1;
	struct err e;
	bool known =
	    tally_report_count(t, form, status, channel, regions[region], since, &got);
	bool midnight = !since || strlen(since) == 10 || strstr(since, "T00:00:00") ||
	                !strcmp(since + 10, "T00:00");

	assert_int_equal(known, midnight && region < REGIONS_KNOWN);
	if (!known)
		return;
	assert_int_equal(store_submission_list(st, mid, &sf, &want, NULL, NULL, &e),
	                 ST_OK);
	if (got != want)
		fail_msg(
		    "form %s, status %s, channel %s, region %s, since %s: tally %lld, "
		    "store %lld",
		    form ? form : "-", status ? status : "-", channel ? channel : "-",
		    regions[region] ? regions[region] : "-", since ? since : "-",
		    (long long)got, (long long)want);
}

/* Every form, status, channel and since for the whole mission; by region,
 * every form and status with any channel or one, since any time or a
 * date. */
static void compare(struct tally *t)
{
	struct err e;
	size_t nsinces = sizeof(sinces) / sizeof(*sinces);
	size_t nregions = sizeof(regions) / sizeof(*regions);

	assert_int_equal(tally_refresh(t, st, &e), ST_OK);
	for (int f = 0; f < 5; f++)
		for (int s = 0; s < 5; s++) {
			for (int c = 0; c < 4; c++)
				for (size_t k = 0; k < nsinces; k++)
					compare_one(t, forms[f], statuses[s], channels[c],
					            0, sinces[k]);
			for (size_t r = 1; r < nregions; r++) {
				compare_one(t, forms[f], statuses[s], NULL, (int)r, NULL);
				compare_one(t, forms[f], statuses[s], "sms", (int)r,
				            "2023-03-19");
			}
		}
}

static void test_random_history(void **state)
{
	struct tally *t = tally_new(mid);
	struct err e;
	int64_t n;

	(void)state;
	srandom(7);
	assert_false(
	    tally_report_count(t, NULL, NULL, NULL, NULL, NULL, &n)); /* not built */
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
