/* test_sms_broadcast.c - who a broadcast goes to, through the store: all
 * of the mission's observers, a team, an accreditation status, those
 * assigned below a region (a station, a commission, nested levels), their
 * first numbers, those without one; the text and filters refused; the
 * messages queued, all or none. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ingest/sms_broadcast.h"
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
	test_location_put(f->st, f->mid, code, level, parent);
}

static void put_obs(struct fixture *f, const char *code, const char *phones,
                    const char *team, const char *status)
{
	struct observer o = {.code = code,
	                     .full_name = code,
	                     .role = "short_term",
	                     .phones = phones,
	                     .team = team,
	                     .accreditation_status = status};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_observer_upsert(f->st, f->mid, &o, &res, &e), ST_OK);
}

static void assign(struct fixture *f, const char *observer, const char *station,
                   const char *day)
{
	struct assignment_row a = {observer, station, day};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_assignment_put(f->st, f->mid, &a, &res, &e), ST_OK);
}

/*   KZ - ALM (region) - T1 (territory) - S1, S2;  AST (city) - S3
 *   O-01 A accredited, two numbers, at S1;  O-02 A requested, at T1
 *   O-03 A accredited, no number, at S2;    O-04 B accredited, at S3
 *   O-05 B accredited, nowhere */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct mission m = {.code = "kz-2023",
	                    .name = "Test",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct err e;
	char url[128];
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/observa-bcast-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	snprintf(url, sizeof(url), "sqlite:%s", f->path);
	err_clear(&e);
	assert_int_equal(store_open(url, &f->st, &e), ST_OK);
	assert_int_equal(store_mission_create(f->st, &m, &e), ST_OK);
	f->mid = m.id;
	put_loc(f, "KZ", "country", NULL);
	put_loc(f, "ALM", "region", "KZ");
	put_loc(f, "T1", "territory", "ALM");
	put_loc(f, "S1", "station", "T1");
	put_loc(f, "S2", "station", "T1");
	put_loc(f, "AST", "city", "KZ");
	put_loc(f, "S3", "station", "AST");
	put_obs(f, "O-01", "+77011234501;+77011234511", "A", "accredited");
	put_obs(f, "O-02", "+77011234502", "A", "requested");
	put_obs(f, "O-03", NULL, "A", "accredited");
	put_obs(f, "O-04", "+77011234504", "B", "accredited");
	put_obs(f, "O-05", "+77011234505", "B", "accredited");
	assign(f, "O-01", "S1", "2023-03-19");
	assign(f, "O-01", "S1", "2023-03-18");
	assign(f, "O-02", "T1", "2023-03-19");
	assign(f, "O-03", "S2", "2023-03-19");
	assign(f, "O-04", "S3", "2023-03-19");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char side[128];

	store_close(f->st);
	unlink(f->path);
	snprintf(side, sizeof(side), "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", f->path);
	unlink(side);
	free(f);
	return 0;
}

/* The plan's recipients as "O-01 +7...,O-02 ..." and skipped as "O-03,". */
static void plan(struct fixture *f, const char *team, const char *status,
                 const char *region, const char *want_to, const char *want_skipped)
{
	struct sms_broadcast b = {
	    .text = "Polls open at 8",
	    .filter = {.team = team, .status = status, .region = region}};
	struct arena a = ARENA_INIT;
	char to[512] = "", skipped[128] = "";
	struct err e;

	err_clear(&e);
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_OK);
	for (size_t i = 0; i < b.nto; i++)
		snprintf(to + strlen(to), sizeof(to) - strlen(to), "%s%s %s",
		         i ? "," : "", b.to[i].observer, b.to[i].phone);
	for (size_t i = 0; i < b.nskipped; i++)
		snprintf(skipped + strlen(skipped), sizeof(skipped) - strlen(skipped),
		         "%s,", b.skipped[i]);
	assert_string_equal(to, want_to);
	assert_string_equal(skipped, want_skipped);
	assert_int_equal(b.chars, 15);
	arena_release(&a);
}

static void test_audience(void **state)
{
	struct fixture *f = *state;

	plan(f, NULL, NULL, NULL,
	     "O-01 +77011234501,O-02 +77011234502,O-04 +77011234504,O-05 +77011234505",
	     "O-03,");
	plan(f, "A", NULL, NULL, "O-01 +77011234501,O-02 +77011234502", "O-03,");
	plan(f, NULL, "accredited", NULL,
	     "O-01 +77011234501,O-04 +77011234504,O-05 +77011234505", "O-03,");
	plan(f, NULL, "Accredited", NULL,
	     "O-01 +77011234501,O-04 +77011234504,O-05 +77011234505", "O-03,");
	/* The region's stations and commissions, at any depth. */
	plan(f, NULL, NULL, "ALM", "O-01 +77011234501,O-02 +77011234502", "O-03,");
	plan(f, NULL, NULL, "T1", "O-01 +77011234501,O-02 +77011234502", "O-03,");
	plan(f, NULL, NULL, "S1", "O-01 +77011234501", "");
	plan(f, NULL, NULL, "KZ", "O-01 +77011234501,O-02 +77011234502,O-04 +77011234504",
	     "O-03,");
	plan(f, "B", "accredited", "AST", "O-04 +77011234504", "");
	plan(f, "C", NULL, NULL, "", "");
}

static void test_refused(void **state)
{
	struct fixture *f = *state;
	struct sms_broadcast b = {.text = " \n "};
	struct arena a = ARENA_INIT;
	char long_text[SMS_BROADCAST_TEXT_MAX + 2];
	struct err e;

	err_clear(&e);
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_INVALID);
	assert_string_equal(e.msg, "text: must not be empty");
	b.text = NULL;
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_INVALID);
	b.text = "\xff\xfe";
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_INVALID);
	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	b.text = long_text;
	b.allow_long = true;
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_INVALID);
	assert_false(sms_broadcast_too_long(&b));
	long_text[SMS_BROADCAST_TEXT_MAX] = '\0';
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_OK);
	b.text = "Polls open at 8";
	b.allow_long = false;
	b.filter.status = "maybe";
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "status: \"maybe\""));
	b.filter.status = NULL;
	b.filter.region = "NOWHERE";
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_NOT_FOUND);
	assert_string_equal(e.msg, "region: no location with code \"NOWHERE\"");
	assert_int_equal(b.nto, 0);
	arena_release(&a);
}

/* A text that does not fit one SMS is refused unless allowed, with its
 * length in septets or UCS-2 units and the limit. */
static void test_one_sms(void **state)
{
	struct fixture *f = *state;
	struct sms_broadcast b = {0};
	struct arena a = ARENA_INIT;
	char text[400];
	struct err e;

	err_clear(&e);
	/* 160 septets of GSM-7 fit; 161 do not. */
	memset(text, 'a', 160);
	text[160] = '\0';
	b.text = text;
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_OK);
	assert_int_equal(b.size.segments, 1);
	assert_false(sms_broadcast_too_long(&b));
	text[160] = 'a';
	text[161] = '\0';
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_INVALID);
	assert_string_equal(e.msg,
	                    "text: 161 GSM-7 septets, more than one SMS holds (160)");
	assert_true(sms_broadcast_too_long(&b));
	assert_int_equal(b.nto, 0);
	/* Characters of the extension table take two septets. */
	memset(text, 'a', 159);
	memcpy(text + 159, "{", 2);
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_INVALID);
	assert_string_equal(e.msg,
	                    "text: 161 GSM-7 septets, more than one SMS holds (160)");
	/* One character outside GSM-7 makes it UCS-2: 70 units fit, 71 not. */
	for (int i = 0; i < 70; i++)
		memcpy(text + 2 * i, "\xd0\xb6", 3); /* U+0436 */
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_OK);
	assert_false(b.size.gsm7);
	memcpy(text + 140, "x", 2);
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_INVALID);
	assert_string_equal(e.msg,
	                    "text: 71 UCS-2 units, more than one SMS holds (70, as a "
	                    "character outside GSM-7 makes the SMS UCS-2)");
	assert_true(sms_broadcast_too_long(&b));
	/* Allowed, it is planned in parts. */
	b.allow_long = true;
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_OK);
	assert_int_equal(b.size.segments, 2);
	assert_int_equal(b.chars, 71);
	assert_true(b.nto > 0);
	assert_false(sms_broadcast_too_long(&b));
	arena_release(&a);
}

static enum status count_out(void *ctx, const struct sms_out_row *m)
{
	int *n = ctx;

	assert_string_equal(m->kind, "broadcast");
	assert_string_equal(m->status, "queued");
	assert_string_equal(m->text, "Polls open at 8");
	assert_int_equal(m->attempts, 0);
	(*n)++;
	return ST_OK;
}

static void test_queue(void **state)
{
	struct fixture *f = *state;
	struct sms_broadcast b = {.text = "Polls open at 8", .filter = {.team = "A"}};
	struct sms_filter all = {0};
	struct arena a = ARENA_INIT;
	int64_t queued = -1, total = 0;
	struct err e;
	int n = 0;

	err_clear(&e);
	assert_int_equal(sms_broadcast_plan(f->st, f->mid, &b, &a, &e), ST_OK);
	assert_int_equal(sms_broadcast_queue(f->st, f->mid, &b, &queued, &e), ST_OK);
	assert_int_equal(queued, 2);
	assert_int_equal(
	    store_sms_out_list(f->st, f->mid, &all, &total, count_out, &n, &e), ST_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	/* One message fails (no number): none is queued. */
	b.to[1].phone = NULL;
	assert_int_not_equal(sms_broadcast_queue(f->st, f->mid, &b, &queued, &e), ST_OK);
	assert_int_equal(queued, 0);
	assert_int_equal(store_sms_out_list(f->st, f->mid, &all, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 2);
	arena_release(&a);
}

int test_sms_broadcast(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_audience, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_sms, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_queue, setup, teardown),
	};
	return cmocka_run_group_tests_name("sms_broadcast", tests, NULL, NULL);
}
