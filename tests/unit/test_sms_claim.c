/* test_sms_claim.c - an outbound message is claimed for sending by one
 * server only, when two read it due at the same moment, on SQLite and on
 * PostgreSQL (two store handles on one database, as two servers). */
#include <pthread.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "store/store_sms.h"

struct due {
	struct arena a;
	struct sms_out_row row;
	int n;
};

static enum status keep(void *ctx, const struct sms_out_row *m)
{
	struct due *d = ctx;

	d->row = *m;
	d->row.status = arena_strdup(&d->a, m->status);
	d->row.next_attempt_at = arena_strdup(&d->a, m->next_attempt_at);
	d->n++;
	return ST_OK;
}

static void read_due(struct store *st, struct due *d)
{
	struct err e;

	err_clear(&e);
	d->n = 0;
	assert_int_equal(store_sms_out_due(st, "2099-01-01T00:00:00Z",
	                                   "2000-01-01T00:00:00Z", 10, keep, d, &e),
	                 ST_OK);
}

static struct sms_out_row marked_from(const struct sms_out_row *seen)
{
	struct sms_out_row m = *seen;

	m.status = "sending";
	m.next_attempt_at = "2099-06-01T00:00:00Z";
	return m;
}

static int64_t queue_one(struct store *st)
{
	struct mission mi = {.code = "m",
	                     .name = "M",
	                     .election_type = "parliament",
	                     .election_date = "2024-03-01",
	                     .country = "KZ"};
	struct sms_out_row m = {
	    .phone = "+77010000001", .text = "thanks", .kind = "reply"};
	struct err e;

	err_clear(&e);
	assert_int_equal(store_mission_create(st, &mi, &e), ST_OK);
	assert_int_equal(store_sms_out_add(st, mi.id, &m, &e), ST_OK);
	return m.id;
}

static void test_one_claim_wins(void **state)
{
	struct store *a = test_store_open(), *b;
	struct due da = {.a = ARENA_INIT}, db = {.a = ARENA_INIT};
	struct sms_out_row ma, mb;
	bool ca = false, cb = true;
	struct err e;

	(void)state;
	err_clear(&e);
	queue_one(a);
	assert_int_equal(store_open(test_store_url(), &b, &e), ST_OK);
	read_due(a, &da);
	read_due(b, &db);
	assert_int_equal(da.n, 1);
	assert_int_equal(db.n, 1);
	ma = marked_from(&da.row);
	mb = marked_from(&db.row);
	assert_int_equal(store_sms_out_claim(a, &da.row, &ma, &ca, &e), ST_OK);
	assert_int_equal(store_sms_out_claim(b, &db.row, &mb, &cb, &e), ST_OK);
	assert_true(ca);
	assert_false(cb);
	/* Claimed, it is no longer due until its send goes stale. */
	read_due(b, &db);
	assert_int_equal(db.n, 0);
	arena_release(&da.a);
	arena_release(&db.a);
	store_close(b);
	test_store_close(a);
}

struct racer {
	struct store *st;
	const struct sms_out_row *seen;
	struct sms_out_row marked;
	bool claimed;
	enum status rc;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct err e;

	err_clear(&e);
	r->rc = store_sms_out_claim(r->st, r->seen, &r->marked, &r->claimed, &e);
	return NULL;
}

/* The second claim comes while the first one's transaction is still open:
 * it waits for it and then finds the message taken. */
static void test_claim_waits_for_open_claim(void **state)
{
	struct store *a = test_store_open(), *b;
	struct due da = {.a = ARENA_INIT};
	struct racer r = {0};
	struct sms_out_row ma;
	bool ca = false;
	pthread_t t;
	struct err e;

	(void)state;
	err_clear(&e);
	queue_one(a);
	assert_int_equal(store_open(test_store_url(), &b, &e), ST_OK);
	read_due(a, &da);
	ma = marked_from(&da.row);
	assert_int_equal(store_begin(a, &e), ST_OK);
	assert_int_equal(store_sms_out_claim(a, &da.row, &ma, &ca, &e), ST_OK);
	r.st = b;
	r.seen = &da.row;
	r.marked = marked_from(&da.row);
	r.claimed = true;
	assert_int_equal(pthread_create(&t, NULL, race, &r), 0);
	assert_int_equal(store_commit(a, &e), ST_OK);
	pthread_join(t, NULL);
	assert_true(ca);
	assert_int_equal(r.rc, ST_OK);
	assert_false(r.claimed);
	arena_release(&da.a);
	store_close(b);
	test_store_close(a);
}

int test_sms_claim(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_claim_wins),
	    cmocka_unit_test(test_claim_waits_for_open_claim),
	};

	return test_backends("sms_claim", tests, sizeof(tests) / sizeof(tests[0]));
}
