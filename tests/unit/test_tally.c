/* test_tally.c - the running tally (analysis/tally.h) against the full
 * computation: random histories of reports, corrections, reviews,
 * conflicts between observers and their resolutions, in two missions, and
 * after every step the tally, brought up to date, gives exactly the
 * findings of findings_compute() (the JSON documents compared byte for
 * byte, for the whole mission, one form, one region, both) and the
 * coverage rows of store_coverage_rows(); a new location (a change of the
 * layout) makes it start again, with the same result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/findings.h"
#include "analysis/results_load.h"
#include "analysis/tally.h"
#include "ingest/forms_install.h"
#include "ingest/intake.h"
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
	snprintf(path, sizeof(path), "/tmp/observa-tally-XXXXXX");
	fd = mkstemp(path);
	close(fd);
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(store_open(url, &st, &e), ST_OK);
	mid = new_mission("m");
	test_location_put(st, mid, "KZ", "country", NULL);
	test_location_put(st, mid, "R1", "region", "KZ");
	test_location_put(st, mid, "R2", "abroad", "KZ");
	test_location_put(st, mid, "S1", "station", "R1");
	test_location_put(st, mid, "S2", "station", "R1");
	test_location_put(st, mid, "S3", "station", "R2");
	test_location_put(st, mid, "S4", "station", NULL); /* outside any region */
	test_observer_put(st, mid, "O1");
	test_observer_put(st, mid, "O2");
	test_observer_put(st, mid, "O3");
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

/* The reports stored: their ids, client ids, station and form. */
struct rep {
	int64_t id;
	char client[16], station[8], form[4];
	bool current;
};
static struct rep reps[512];
static int nreps;

static unsigned rnd(unsigned n)
{
	return (unsigned)random() % n;
}

/* Random answers to form; now and then one out of range. */
static void answers(const char *form, char *out, size_t n)
{
	if (!strcmp(form, "IN"))
		snprintf(out, n, "{\"A\":%u,\"B\":%u,\"C\":\"seen\"}", 1 + rnd(12),
		         1 + rnd(3));
	else if (!strcmp(form, "OP"))
		snprintf(out, n, "{\"A\":%u,\"C\":%u,\"Z\":%u}", rnd(2), rnd(2),
		         1 + rnd(4));
	else
		snprintf(out, n, "{\"A\":%u,\"B\":%u,\"C\":%u,\"Z\":%u}", rnd(2), rnd(2),
		         rnd(3) == 0 ? 7 : rnd(2), 1 + rnd(4));
}

static void put(int64_t m, const char *replaces, const char *form, const char *station,
                const char *observer)
{
	static const char *const times[] = {"2023-03-19T08:15:00+06:00",
	                                    "2023-03-19T10:05:00+06:00",
	                                    "2023-03-19T19:59:00+06:00", NULL};
	char client[16], text[160];
	struct stored_submission s = {0};
	enum put_outcome out;
	struct err e;

	snprintf(client, sizeof(client), "c%d", nreps);
	answers(form, text, sizeof(text));
	s.client_id = client;
	s.replaces = replaces;
	s.form = form;
	s.form_version = 1;
	s.station = station;
	s.observer = observer;
	s.observed_at = times[rnd(4)];
	s.channel = "api";
	s.answers = text;
	s.status = rnd(6) == 0 ? "flagged" : "new";
	s.content_hash = client;
	err_clear(&e);
	assert_int_equal(store_begin(st, &e), ST_OK);
	if (store_submission_put(st, m, &s, &out, &e)) {
		store_rollback(st);
		return;
	}
	assert_int_equal(intake_conflicts_refresh(st, m, station, form, &e), ST_OK);
	assert_int_equal(store_commit(st, &e), ST_OK);
	if (m != mid)
		return;
	for (int i = 0; replaces && i < nreps; i++)
		if (!strcmp(reps[i].client, replaces))
			reps[i].current = false;
	reps[nreps].id = s.id;
	reps[nreps].current = true;
	snprintf(reps[nreps].client, sizeof(reps[0].client), "%s", client);
	snprintf(reps[nreps].station, sizeof(reps[0].station), "%s", station);
	snprintf(reps[nreps].form, sizeof(reps[0].form), "%s", form);
	nreps++;
}

struct ids {
	int64_t id[512];
	int n;
};

/* The compact text of j, released. */
static char *json_dumps_release(json_t *j)
{
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);

	json_decref(j);
	return s;
}

struct open_conflicts {
	int64_t id[256];
	int n;
};

static enum status collect(void *ctx, const struct conflict_row *c)
{
	struct open_conflicts *oc = ctx;

	if (oc->n < 256)
		oc->id[oc->n++] = c->id;
	return ST_OK;
}

/* One random step of a mission's history. */
static void step(void)
{
	static const char *const forms[] = {"VO", "VO", "VO", "OP", "IN", "PR"};
	static const char *const stations[] = {"S1", "S2", "S3", "S4"};
	static const char *const observers[] = {"O1", "O2", "O3"};
	static const char *const statuses[] = {"verified", "rejected", "flagged", "new"};
	unsigned what = rnd(20);
	struct err e;

	err_clear(&e);
	if (what < 10 || nreps == 0) {
		put(mid, NULL, forms[rnd(6)], stations[rnd(4)], observers[rnd(3)]);
	} else if (what < 12) {
		put(mid2, NULL, "VO", "X1", "P1");
	} else if (what < 15) { /* a correction of a current report */
		const struct rep *r = &reps[rnd((unsigned)nreps)];
		if (r->current)
			put(mid, r->client, r->form, r->station, observers[rnd(3)]);
	} else if (what < 18) { /* a review */
		const struct rep *r = &reps[rnd((unsigned)nreps)];
		assert_int_equal(store_begin(st, &e), ST_OK);
		assert_int_equal(
		    store_submission_review(st, mid, r->id, statuses[rnd(4)], "", &e),
		    ST_OK);
		assert_int_equal(
		    intake_conflicts_refresh(st, mid, r->station, r->form, &e), ST_OK);
		assert_int_equal(store_commit(st, &e), ST_OK);
	} else { /* a clerk settles an open conflict */
		struct conflict_filter cf = {.open_only = true, .limit = 256};
		struct open_conflicts oc = {0};
		int64_t total;
		assert_int_equal(
		    store_conflict_list(st, mid, &cf, &total, collect, &oc, &e), ST_OK);
		if (oc.n)
			assert_int_equal(
			    store_conflict_resolve(st, mid, oc.id[rnd((unsigned)oc.n)],
			                           rnd(2) ? "1" : "0", &e),
			    ST_OK);
	}
}

static char *findings_text(struct findings *f)
{
	json_t *j = findings_to_json(f);
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);

	json_decref(j);
	findings_release(f);
	return s;
}

static void same_findings(struct tally *t, const char *form, const char *region, int at)
{
	struct findings_options o = {.lang = "en", .form = form, .region = region};
	struct findings full, inc;
	char *a, *b;
	struct err e;

	assert_int_equal(findings_compute(st, mid, &o, &full, &e), ST_OK);
	assert_int_equal(tally_findings(t, &o, &inc, &e), ST_OK);
	a = findings_text(&full);
	b = findings_text(&inc);
	if (strcmp(a, b))
		fail_msg("step %d, form %s, region %s:\nfull %s\ntally %s", at,
		         form ? form : "-", region ? region : "-", a, b);
	free(a);
	free(b);
}

struct rows {
	char *v[256];
	int n;
};

static enum status add_row(void *ctx, const struct coverage_row *c)
{
	struct rows *r = ctx;
	char line[96];

	snprintf(line, sizeof(line), "%s %s %lld %lld %lld", c->station, c->form,
	         (long long)c->reports, (long long)c->flagged, (long long)c->conflicts);
	assert_true(r->n < 256);
	r->v[r->n++] = strdup(line);
	return ST_OK;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void same_rows(struct tally *t, int at)
{
	struct rows full = {0}, inc = {0};
	struct err e;

	assert_int_equal(store_coverage_rows(st, mid, add_row, &full, &e), ST_OK);
	assert_int_equal(tally_coverage_rows(t, add_row, &inc, &e), ST_OK);
	qsort(full.v, (size_t)full.n, sizeof(char *), by_text);
	qsort(inc.v, (size_t)inc.n, sizeof(char *), by_text);
	if (full.n != inc.n)
		fail_msg("step %d: %d coverage rows, the tally has %d", at, full.n,
		         inc.n);
	for (int i = 0; i < full.n; i++) {
		if (strcmp(full.v[i], inc.v[i]))
			fail_msg("step %d: row %s, the tally has %s", at, full.v[i],
			         inc.v[i]);
		free(full.v[i]);
		free(inc.v[i]);
	}
}

/* The reports on protocol forms the tally holds are the store's current,
 * not rejected ones, and the protocols' checks read through them by key
 * are those read from the store's listing. */
static enum status protocol_id(void *ctx, const struct stored_submission *s)
{
	struct ids *v = ctx;

	if (strcmp(s->status, "rejected")) {
		assert_true(v->n < 512);
		v->id[v->n++] = s->id;
	}
	return ST_OK;
}

static void same_protocols(struct tally *t, int at)
{
	struct submission_filter f = {.form = "PR"};
	struct ids full = {0};
	struct protocol_reports known;
	struct protocol_check a, b;
	int64_t *ids;
	size_t n;
	char *ja, *jb;
	struct err e;

	assert_int_equal(store_submission_list(st, mid, &f, NULL, protocol_id, &full, &e),
	                 ST_OK);
	assert_true(tally_protocol_ids(t, &ids, &n));
	if (n != (size_t)full.n)
		fail_msg("step %d: %d current PR reports, the tally holds %zu", at,
		         full.n, n);
	for (size_t i = 0; i < n; i++) /* ascending; the listing is newest first */
		assert_int_equal(ids[i], full.id[full.n - 1 - (int)i]);
	known.ids = ids;
	known.n = n;
	assert_int_equal(protocol_check_load(st, mid, "en", &a, &e), ST_OK);
	assert_int_equal(protocol_check_load_from(st, mid, &known, "en", &b, &e), ST_OK);
	ja = json_dumps_release(protocol_check_to_json(&a, 0, 1000));
	jb = json_dumps_release(protocol_check_to_json(&b, 0, 1000));
	if (strcmp(ja, jb))
		fail_msg("step %d: protocols listed\n%s\nread by key\n%s", at, ja, jb);
	free(ja);
	free(jb);
	protocol_check_release(&a);
	protocol_check_release(&b);
	free(ids);
}

static void test_random_history(void **state)
{
	struct tally *t = tally_new(mid);
	struct tally_stats ts;
	struct err e;

	(void)state;
	srandom(2023);
	for (int i = 0; i < 400; i++) {
		step();
		if (i == 250) /* the layout changes: a new station in R2 */
			test_location_put(st, mid, "S5", "station", "R2");
		if (rnd(3) == 0 && i != 399)
			continue; /* several steps between two questions */
		assert_int_equal(tally_refresh(t, st, &e), ST_OK);
		same_findings(t, NULL, NULL, i);
		same_findings(t, "VO", NULL, i);
		same_findings(t, NULL, "R1", i);
		same_findings(t, "IN", "R2", i);
		same_rows(t, i);
		same_protocols(t, i);
	}
	tally_stats(t, &ts);
	{
		int64_t *ids;
		size_t n;
		assert_true(tally_protocol_ids(t, &ids, &n));
		assert_true(n > 5); /* the comparisons above had reports to compare */
		free(ids);
	}
	assert_int_equal(ts.builds, 2); /* the first, and after the new station */
	assert_true(ts.conflicts > 0);
	assert_true(ts.reports >= nreps);
	tally_free(t);
}

/* A tally is refused what it does not know, as the full computation. */
static void test_unknown(void **state)
{
	struct findings_options o = {.form = "NO"};
	struct tally *t = tally_new(mid);
	struct findings f;
	struct err e;

	(void)state;
	assert_int_equal(tally_findings(t, &o, &f, &e), ST_INTERNAL);
	assert_int_equal(tally_refresh(t, st, &e), ST_OK);
	assert_int_equal(tally_findings(t, &o, &f, &e), ST_NOT_FOUND);
	assert_string_equal(e.msg, "form: the mission has no form \"NO\"");
	o.form = NULL;
	o.region = "R9";
	assert_int_equal(tally_findings(t, &o, &f, &e), ST_NOT_FOUND);
	tally_free(t);
}

int test_tally(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_history),
	    cmocka_unit_test(test_unknown),
	};
	return cmocka_run_group_tests_name("tally", tests, setup, teardown);
}
