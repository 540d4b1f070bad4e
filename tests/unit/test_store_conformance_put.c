/* test_store_conformance_put.c - storing reports as the writer does (one
 * transaction, a savepoint per report) gives the same outcomes on SQLite
 * and PostgreSQL: a report sent again is a duplicate, a different report
 * under a taken id a conflict, and neither spoils the reports stored
 * with it in the transaction; who sent a report and from where are kept
 * with it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "store/store.h"

static int64_t world(struct store *st)
{
	struct mission m = {.code = "kz",
	                    .name = "M",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct observer o = {.code = "O1",
	                     .full_name = "O1",
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	test_location_put(st, m.id, "R1", "region", NULL);
	test_location_put(st, m.id, "S1", "station", "R1");
	assert_int_equal(store_observer_upsert(st, m.id, &o, &res, &e), ST_OK);
	return m.id;
}

static struct stored_submission report(const char *id, const char *hash)
{
	struct stored_submission s = {.client_id = id,
	                              .form = "OP",
	                              .form_version = 1,
	                              .station = "S1",
	                              .observer = "O1",
	                              .received_at = "2023-03-19T03:00:00Z",
	                              .channel = "api",
	                              .answers = "{\"A\":1}",
	                              .status = "new",
	                              .content_hash = hash,
	                              .version = 1};
	return s;
}

/* One report in its own savepoint, as the writer runs a job. */
static enum status put(struct store *st, int64_t mid, struct stored_submission *s,
                       enum put_outcome *out, struct err *e)
{
	assert_int_equal(store_savepoint(st, e), ST_OK);
	return store_release(st, store_submission_put(st, mid, s, out, e));
}

struct count {
	int n;
};

static enum status counted(void *ctx, const struct stored_submission *s)
{
	(void)s;
	((struct count *)ctx)->n++;
	return ST_OK;
}

static void test_batch_with_duplicates(void **state)
{
	struct store *st = test_store_open();
	struct stored_submission a = report("a", "h1"), again = report("a", "h1"),
	                         other = report("a", "h2"), b = report("b", "h3");
	struct submission_filter f = {0};
	struct count c = {0};
	enum put_outcome out;
	int64_t mid, total = -1;
	struct err e;

	(void)state;
	err_clear(&e);
	mid = world(st);
	assert_int_equal(store_begin(st, &e), ST_OK);
	assert_int_equal(put(st, mid, &a, &out, &e), ST_OK);
	assert_int_equal(out, PUT_STORED);
	assert_int_equal(put(st, mid, &again, &out, &e), ST_OK);
	assert_int_equal(out, PUT_DUPLICATE);
	assert_int_equal(again.id, a.id);
	assert_int_equal(put(st, mid, &other, &out, &e), ST_CONFLICT);
	assert_non_null(strstr(e.msg, "a different report with id \"a\""));
	/* The transaction goes on after both. */
	assert_int_equal(put(st, mid, &b, &out, &e), ST_OK);
	assert_int_equal(out, PUT_STORED);
	assert_int_equal(store_commit(st, &e), ST_OK);
	assert_int_equal(store_submission_list(st, mid, &f, &total, counted, &c, &e),
	                 ST_OK);
	assert_int_equal(total, 2);
	assert_int_equal(c.n, 2);
	/* And once committed, the same again from another transaction. */
	again = report("b", "h3");
	assert_int_equal(put(st, mid, &again, &out, &e), ST_OK);
	assert_int_equal(out, PUT_DUPLICATE);
	assert_int_equal(again.id, b.id);
	test_store_close(st);
}

static void test_sender_kept(void **state)
{
	struct store *st = test_store_open();
	struct stored_submission a = report("a", "h1"), b = report("b", "h2"), got;
	struct arena ar = ARENA_INIT;
	enum put_outcome out;
	int64_t mid;
	struct err e;

	(void)state;
	err_clear(&e);
	mid = world(st);
	a.sent_by = "clerk1";
	a.origin = "10.0.0.7";
	assert_int_equal(store_submission_put(st, mid, &a, &out, &e), ST_OK);
	assert_int_equal(store_submission_put(st, mid, &b, &out, &e), ST_OK);
	assert_int_equal(store_submission_get(st, mid, a.id, &ar, &got, &e), ST_OK);
	assert_string_equal(got.sent_by, "clerk1");
	assert_string_equal(got.origin, "10.0.0.7");
	/* Not given: not known, rather than anyone's. */
	assert_int_equal(store_submission_get(st, mid, b.id, &ar, &got, &e), ST_OK);
	assert_null(got.sent_by);
	assert_null(got.origin);
	arena_release(&ar);
	test_store_close(st);
}

struct seen {
	int64_t id[200];
	char client[200][8];
	int n;
};

static enum status seen(void *ctx, const struct stored_submission *s)
{
	struct seen *v = ctx;

	assert_true(v->n < 200);
	assert_string_equal(s->station, "S1");
	assert_string_equal(s->observer, "O1");
	snprintf(v->client[v->n], sizeof(v->client[0]), "%s", s->client_id);
	v->id[v->n++] = s->id;
	return ST_OK;
}

/* Reports read by key: more than one batch of them, in any order, newest
 * first; keys of no report, or of another mission's, left out. */
static void test_by_ids(void **state)
{
	struct store *st = test_store_open();
	int64_t mid, other, ids[160];
	struct seen v = {0};
	size_t n = 0;
	enum put_outcome out;
	struct err e;

	(void)state;
	err_clear(&e);
	mid = world(st);
	other = test_mission_put(st, "other");
	test_location_put(st, other, "S1", "station", NULL);
	test_observer_put(st, other, "O1");
	for (int i = 0; i < 150; i++) {
		char client[8];
		struct stored_submission s = report(client, client);
		snprintf(client, sizeof(client), "r%d", i);
		assert_int_equal(
		    store_submission_put(st, i % 10 ? mid : other, &s, &out, &e), ST_OK);
		if (i % 3 == 0) /* every third, the mission's and the other's */
			ids[n++] = s.id;
	}
	ids[n++] = 999999;                   /* no report */
	for (size_t i = 0; i < n / 2; i++) { /* newest first to come back sorted */
		int64_t x = ids[i];
		ids[i] = ids[n - 1 - i];
		ids[n - 1 - i] = x;
	}
	assert_int_equal(store_submission_by_ids(st, mid, ids, n, seen, &v, &e), ST_OK);
	/* r0, r3, ... r147 but those of the other mission (r0, r30, ...). */
	assert_int_equal(v.n, 50 - 5);
	for (int i = 0; i < v.n; i++) {
		if (i)
			assert_true(v.id[i] < v.id[i - 1]);
		long k = strtol(v.client[i] + 1, NULL, 10);
		assert_int_not_equal(k % 10, 0);
		assert_int_equal(k % 3, 0);
	}
	assert_string_equal(v.client[0], "r147");
	assert_string_equal(v.client[v.n - 1], "r3");
	v.n = 0;
	assert_int_equal(store_submission_by_ids(st, mid, ids, 0, seen, &v, &e), ST_OK);
	assert_int_equal(v.n, 0);
	test_store_close(st);
}

int test_store_conformance_put(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_batch_with_duplicates),
	    cmocka_unit_test(test_sender_kept),
	    cmocka_unit_test(test_by_ids),
	};

	return test_backends("store_conformance_put", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
