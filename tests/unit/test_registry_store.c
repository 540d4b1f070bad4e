/* test_registry_store.c - the store's listings of locations and observers
 * with several filters at once, the observers' tally order, the numbers
 * given to new observers and organisations, and the audit image of the
 * ballot choices, on every back-end (fixture.h's test_backends). */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "store/store.h"

/* A new store of the back-end being run, with one mission, *mid. */
static struct store *open_store(int64_t *mid)
{
	struct mission m = {.code = "reg",
	                    .name = "Registry",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct store *st = test_store_open();
	struct err e;

	err_clear(&e);
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	*mid = m.id;
	return st;
}

/* The codes seen, each followed by ','. */
struct codes {
	char buf[512];
};

static void add_code(struct codes *c, const char *code)
{
	size_t n = strlen(c->buf);

	snprintf(c->buf + n, sizeof(c->buf) - n, "%s,", code);
}

static enum status location_code(void *ctx, const struct location *l)
{
	add_code(ctx, l->code);
	return ST_OK;
}

/* The codes of the locations f selects, and their number in *total. */
static const char *locations(struct store *st, int64_t mid, struct location_filter f,
                             int64_t *total, struct codes *c)
{
	struct err e;

	err_clear(&e);
	c->buf[0] = '\0';
	*total = -1;
	assert_int_equal(store_location_list(st, mid, &f, total, location_code, c, &e),
	                 ST_OK);
	return c->buf;
}

static void test_location_filters_together(void **state)
{
	struct location_filter f;
	struct codes c;
	int64_t mid, total;
	struct store *st = open_store(&mid);

	test_location_put(st, mid, "KZ", "country", NULL);
	test_location_put(st, mid, "01", "region", "KZ");
	test_location_put(st, mid, "01-001", "station", "01");
	test_location_put(st, mid, "01-002", "station", "01");
	test_location_put(st, mid, "01-T", "territory", "01");
	test_location_put(st, mid, "01-T-1", "station", "01-T");
	test_location_put(st, mid, "02", "region", "KZ");
	test_location_put(st, mid, "02-001", "station", "02");

	memset(&f, 0, sizeof(f));
	f.parent = "01";
	f.level = "station";
	assert_string_equal(locations(st, mid, f, &total, &c), "01-001,01-002,");
	assert_int_equal(total, 2);

	/* The prefix and level without the parent, a page of one. */
	memset(&f, 0, sizeof(f));
	f.level = "station";
	f.code_prefix = "01";
	f.limit = 1;
	f.offset = 1;
	assert_string_equal(locations(st, mid, f, &total, &c), "01-002,");
	assert_int_equal(total, 3);

	/* The parent and the prefix without the level. */
	memset(&f, 0, sizeof(f));
	f.parent = "01";
	f.code_prefix = "01-T";
	assert_string_equal(locations(st, mid, f, &total, &c), "01-T,");
	assert_int_equal(total, 1);

	/* All four at once: nothing at the top is a station. */
	memset(&f, 0, sizeof(f));
	f.top = true;
	f.parent = "01";
	f.level = "station";
	f.code_prefix = "0";
	assert_string_equal(locations(st, mid, f, &total, &c), "");
	assert_int_equal(total, 0);

	/* Only the level, from the second row on. */
	memset(&f, 0, sizeof(f));
	f.level = "station";
	f.offset = 2;
	assert_string_equal(locations(st, mid, f, &total, &c), "01-T-1,02-001,");
	assert_int_equal(total, 4);
	test_store_close(st);
}

static enum status observer_line(void *ctx, const struct observer *o)
{
	struct codes *c = ctx;
	size_t n = strlen(c->buf);

	snprintf(c->buf + n, sizeof(c->buf) - n, "%s[%s],", o->code,
	         o->phones ? o->phones : "");
	return ST_OK;
}

static const char *observers(struct store *st, int64_t mid, struct observer_filter f,
                             int64_t *total, struct codes *c)
{
	struct err e;

	err_clear(&e);
	c->buf[0] = '\0';
	*total = -1;
	assert_int_equal(store_observer_list(st, mid, &f, total, observer_line, c, &e),
	                 ST_OK);
	return c->buf;
}

static void put_observer(struct store *st, int64_t mid, const char *code, const char *org,
                         const char *country, const char *team, const char *status,
                         const char *phones)
{
	struct observer o = {.code = code,
	                     .full_name = code,
	                     .organisation = org,
	                     .country = country,
	                     .role = "short_term",
	                     .phones = phones,
	                     .team = team,
	                     .accreditation_status = status};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_observer_upsert(st, mid, &o, &res, &e), ST_OK);
}

static void test_observer_filters_together(void **state)
{
	struct observer_filter f;
	struct codes c;
	int64_t mid, total;
	struct store *st = open_store(&mid);

	put_observer(st, mid, "A1", "CIS", "KZ", "north", "accredited",
	             "+77010000002;+77010000001");
	put_observer(st, mid, "A2", "CIS", "KZ", "south", "accredited", "+77010000003");
	put_observer(st, mid, "A3", "OSCE", "DE", "north", "requested", NULL);
	put_observer(st, mid, "A4", "CIS", "RU", "north", "accredited", "+77010000004");

	/* The numbers keep their order, and a number finds its owner: the
	 * phones went to the observer's own new key. */
	memset(&f, 0, sizeof(f));
	f.phone = "+77010000001";
	assert_string_equal(observers(st, mid, f, &total, &c),
	                    "A1[+77010000002;+77010000001],");
	f.phone = "+77010000004";
	assert_string_equal(observers(st, mid, f, &total, &c), "A4[+77010000004],");
	assert_int_equal(total, 1);

	memset(&f, 0, sizeof(f));
	f.status = "accredited";
	f.organisation = "CIS";
	f.team = "north";
	assert_string_equal(observers(st, mid, f, &total, &c),
	                    "A1[+77010000002;+77010000001],A4[+77010000004],");
	assert_int_equal(total, 2);

	/* The same with a page of one from the second. */
	f.limit = 1;
	f.offset = 1;
	assert_string_equal(observers(st, mid, f, &total, &c), "A4[+77010000004],");
	assert_int_equal(total, 2);

	memset(&f, 0, sizeof(f));
	f.country = "KZ";
	f.role = "short_term";
	f.phone = "+77010000003";
	assert_string_equal(observers(st, mid, f, &total, &c), "A2[+77010000003],");

	memset(&f, 0, sizeof(f));
	f.team = "north";
	f.phone = "+77010000003";
	assert_string_equal(observers(st, mid, f, &total, &c), "");
	assert_int_equal(total, 0);

	memset(&f, 0, sizeof(f));
	f.organisation = "OSCE";
	assert_string_equal(observers(st, mid, f, &total, &c), "A3[],");
	test_store_close(st);
}

static enum status tally_line(void *ctx, const struct observer_tally_row *r)
{
	struct codes *c = ctx;
	size_t n = strlen(c->buf);

	snprintf(c->buf + n, sizeof(c->buf) - n, "%s/%s/%s=%lld,", r->status,
	         r->organisation ? r->organisation : "-", r->country ? r->country : "-",
	         (long long)r->count);
	return ST_OK;
}

static void test_tally_order(void **state)
{
	struct codes c = {""};
	struct err e;
	int64_t mid;
	struct store *st = open_store(&mid);

	put_observer(st, mid, "B1", "CIS", "KZ", NULL, "accredited", NULL);
	put_observer(st, mid, "B2", "CIS", NULL, NULL, "accredited", NULL);
	put_observer(st, mid, "B3", NULL, "KZ", NULL, "accredited", NULL);
	put_observer(st, mid, "B4", NULL, NULL, NULL, "accredited", NULL);
	put_observer(st, mid, "B5", NULL, NULL, NULL, "accredited", NULL);
	put_observer(st, mid, "B6", "CIS", "KZ", NULL, "requested", NULL);

	/* By status, then organisation, then country; none before any. */
	err_clear(&e);
	assert_int_equal(store_observer_tally(st, mid, tally_line, &c, &e), ST_OK);
	assert_string_equal(c.buf, "accredited/-/-=2,accredited/-/KZ=1,"
	                           "accredited/CIS/-=1,accredited/CIS/KZ=1,"
	                           "requested/CIS/KZ=1,");
	test_store_close(st);
}

struct ballot_audit {
	int n;
	char after[512];
};

static enum status ballot_audit_cb(void *ctx, const struct audit_entry *a)
{
	struct ballot_audit *b = ctx;

	if (strcmp(a->entity, "ballot"))
		return ST_OK;
	b->n++;
	snprintf(b->after, sizeof(b->after), "%s", a->after ? a->after : "(null)");
	return ST_OK;
}

static enum status choice_line(void *ctx, const struct store_choice *ch)
{
	struct codes *c = ctx;
	size_t n = strlen(c->buf);

	snprintf(c->buf + n, sizeof(c->buf) - n, "%d:%s:%s:%s,", ch->order, ch->code,
	         ch->name, ch->kind);
	return ST_OK;
}

/* The audit entries of the ballot in mission mid: their number, and the
 * image after the last. */
static struct ballot_audit ballot_audits(struct store *st, int64_t mid)
{
	struct audit_filter f = {.mission_id = mid};
	struct ballot_audit seen = {0};
	struct err e;

	err_clear(&e);
	assert_int_equal(store_audit_list(st, &f, ballot_audit_cb, &seen, &e), ST_OK);
	return seen;
}

static void test_choices_audit(void **state)
{
	const struct store_choice ballot[] = {
	    {1, "AQ", "Партия \"Ақ жол\"", "party"},
	    {2, "C\\2", "Back\\slash/one", "candidate"},
	};
	const struct store_choice twice[] = {
	    {1, "AQ", "A", "party"},
	    {2, "AQ", "B", "party"},
	};
	/* The audit log is listed by store_sqlite_audit.c, which reads it on
	 * SQLite only; elsewhere the choices are checked without it. */
	bool audit = !strcmp(test_backend(), "sqlite");
	struct codes c = {""};
	struct err e;
	int64_t mid;
	struct store *st = open_store(&mid);

	err_clear(&e);
	assert_int_equal(store_choices_replace(st, mid, ballot, 2, &e), ST_OK);
	assert_int_equal(store_choices_list(st, mid, choice_line, &c, &e), ST_OK);
	assert_string_equal(c.buf, "1:AQ:Партия \"Ақ жол\":party,"
	                           "2:C\\2:Back\\slash/one:candidate,");
	if (audit) {
		struct ballot_audit seen = ballot_audits(st, mid);

		assert_int_equal(seen.n, 1);
		assert_string_equal(seen.after,
		                    "[{\"order\":1,\"code\":\"AQ\",\"name\":\"Партия "
		                    "\\\"Ақ жол\\\"\",\"kind\":\"party\"},{\"order\":2,"
		                    "\"code\":\"C\\\\2\",\"name\":\"Back\\\\slash/one\","
		                    "\"kind\":\"candidate\"}]");
	}

	/* The same choices again change nothing and are not audited. */
	assert_int_equal(store_choices_replace(st, mid, ballot, 2, &e), ST_OK);
	if (audit)
		assert_int_equal(ballot_audits(st, mid).n, 1);

	/* A code twice is refused and the choices stay as they were. */
	err_clear(&e);
	assert_int_equal(store_choices_replace(st, mid, twice, 2, &e), ST_INVALID);
	assert_string_equal(e.msg,
	                    "ballot choice 2 (AQ): its order or code is used twice");
	c.buf[0] = '\0';
	assert_int_equal(store_choices_list(st, mid, choice_line, &c, &e), ST_OK);
	assert_string_equal(c.buf, "1:AQ:Партия \"Ақ жол\":party,"
	                           "2:C\\2:Back\\slash/one:candidate,");
	test_store_close(st);
}

int test_registry_store(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_location_filters_together),
	    cmocka_unit_test(test_observer_filters_together),
	    cmocka_unit_test(test_tally_order),
	    cmocka_unit_test(test_choices_audit),
	};

	return test_backends("registry_store", tests, sizeof(tests) / sizeof(tests[0]));
}
