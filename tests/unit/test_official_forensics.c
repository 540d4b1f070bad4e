/* test_official_forensics.c - the official results as the seats and the
 * forensic statistics read them through the store: each choice's votes
 * summed by the tags of the ballot (the PR form's own prefix and
 * against-all tag), invalid ballots as their own row, and the station
 * figures (list A, ballots G + H, invalid I, valid J) fed to forensics. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analysis/official_forensics.h"
#include "analysis/seats.h"
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

/* Two stations and a ballot of two parties and "against all", the PR form
 * naming its lines V1, V2 and XA. */
static int setup(void **state)
{
	static int serial;
	struct fixture *f = calloc(1, sizeof(*f));
	struct mission m = {.code = "kz",
	                    .name = "m",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct store_choice ch[3] = {{1, "A", "Alpha", "party"},
	                             {2, "B", "Beta", "party"},
	                             {3, "AA", "Against all", "against_all"}};
	struct form_record pr = {.code = "PR",
	                         .version = 1,
	                         .kind = "protocol",
	                         .phase = "counting",
	                         .level = "station",
	                         .definition = "{\"code\":\"PR\",\"choices\":{\"prefix\":"
	                                       "\"V\",\"against_all_tag\":\"XA\"}}"};
	enum upsert_result res;
	char url[128];
	struct err e;

	err_clear(&e);
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-offfor-%d-%d.db",
	         (int)getpid(), serial++);
	test_db_remove(f->path);
	snprintf(url, sizeof(url), "sqlite:%s", f->path);
	assert_int_equal(store_open(url, &f->st, &e), ST_OK);
	store_set_actor(f->st, "cli:tester", "local");
	assert_int_equal(store_mission_create(f->st, &m, &e), ST_OK);
	f->mid = m.id;
	put_loc(f, "KZ", "country", NULL);
	put_loc(f, "S1", "station", "KZ");
	put_loc(f, "S2", "station", "KZ");
	put_loc(f, "S3", "station", "KZ");
	assert_int_equal(store_choices_replace(f->st, f->mid, ch, 3, &e), ST_OK);
	assert_int_equal(store_form_put(f->st, f->mid, &pr, &res, &e), ST_OK);
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

static void put_official(struct fixture *f)
{
	/* S1: 1000 on the list, 600 ballots in the boxes (100 + 500), 20
	 * invalid, 580 valid: Alpha 400, Beta 150, against all 30.  S2: 500 on
	 * the list, 500 ballots, all valid: Alpha 490, Beta 10 (turnout 100%,
	 * Alpha 98%).  S3: no one on the list, left out of the figures. */
	struct official_result rows[] = {
	    {"S1", NULL,
	     "{\"A\":1000,\"G\":100,\"H\":500,\"I\":20,\"J\":580,\"V1\":400,\"V2\":150,"
	     "\"XA\":30}",
	     "t.csv", NULL},
	    {"S2", NULL,
	     "{\"A\":500,\"G\":0,\"H\":500,\"I\":0,\"J\":500,\"V1\":490,\"V2\":10}",
	     "t.csv", NULL},
	    {"S3", NULL, "{\"A\":0,\"J\":0}", "t.csv", NULL},
	};
	struct err e;

	err_clear(&e);
	assert_int_equal(store_official_put(f->st, f->mid, rows, 3, NULL, &e), ST_OK);
}

static void test_off_votes(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct vote_row *rows;
	struct seats_result res;
	struct seats_params p = {SEATS_HARE, 10, 5000, SEATS_BASE_VALID};
	int64_t stations;
	size_t n;
	struct err e;

	err_clear(&e);
	assert_int_equal(official_votes(f->st, f->mid, &rows, &n, &stations, &a, &e),
	                 ST_NOT_FOUND);
	assert_string_equal(e.msg, "the mission has no official results");
	put_official(f);
	assert_int_equal(official_votes(f->st, f->mid, &rows, &n, &stations, &a, &e),
	                 ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(stations, 3);
	assert_string_equal(rows[0].name, "Alpha");
	assert_int_equal(rows[0].votes, 890);
	assert_int_equal(rows[0].kind, VOTE_LIST);
	assert_int_equal(rows[0].order, 1);
	assert_int_equal(rows[1].votes, 160);
	assert_string_equal(rows[2].name, "Against all");
	assert_int_equal(rows[2].votes, 30);
	assert_int_equal(rows[2].kind, VOTE_AGAINST_ALL);
	assert_int_equal(rows[3].votes, 20);
	assert_int_equal(rows[3].kind, VOTE_INVALID);
	/* 10 seats, Hare: quota (890 + 160) / 10 = 105; Alpha 8 whole (50
	 * left), Beta 1 whole (55 left): the last seat to Beta. */
	assert_int_equal(seats_allocate(rows, n, &p, &res, &e), ST_OK);
	assert_int_equal(res.lines[0].seats, 8);
	assert_int_equal(res.lines[1].seats, 2);
	seats_result_release(&res);
	arena_release(&a);
}

static void test_off_forensics(void **state)
{
	struct fixture *f = *state;
	struct forensics_opts o = {
	    .leader = FORENSICS_LEADER_AUTO, .resamples = 2, .seed = 1};
	struct arena a = ARENA_INIT;
	struct forensics fr;
	const char **names;
	size_t n;
	struct err e;

	err_clear(&e);
	put_official(f);
	assert_int_equal(official_forensics(f->st, f->mid, &o, &fr, &names, &n, &a, &e),
	                 ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(names[fr.leader], "Alpha");
	assert_int_equal(fr.used, 2);
	assert_int_equal(fr.leader_votes, 890);
	/* S1: turnout 600 / 1000 = 60%, Alpha 400 / 580 = 68.97%; S2: 100%, 98%. */
	assert_int_equal(fr.turnout_hist[60], 1);
	assert_int_equal(fr.turnout_hist[99], 1);
	assert_int_equal(fr.leader_hist[68], 1);
	assert_int_equal(fr.leader_hist[98], 1);
	assert_int_equal(fr.high_turnout, 1);
	assert_int_equal(fr.high_leader, 1);
	forensics_release(&fr);
	arena_release(&a);
}

static void test_off_no_ballot(void **state)
{
	struct fixture *f = *state;
	struct forensics_opts o = {
	    .leader = FORENSICS_LEADER_AUTO, .resamples = 2, .seed = 1};
	struct arena a = ARENA_INIT;
	struct forensics fr;
	const char **names;
	size_t n;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_choices_replace(f->st, f->mid, NULL, 0, &e), ST_OK);
	assert_int_equal(official_forensics(f->st, f->mid, &o, &fr, &names, &n, &a, &e),
	                 ST_NOT_FOUND);
	assert_string_equal(e.msg, "the mission has no ballot choices");
	forensics_release(&fr);
	arena_release(&a);
}

int test_official_forensics(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_off_votes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_off_forensics, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_off_no_ballot, setup, teardown),
	};
	return cmocka_run_group_tests_name("official_forensics", tests, NULL, NULL);
}
