/* test_coverage_reg.c - coverage computed on a registry kept between
 * computations (coverage_reg_refresh(), as the server keeps it) against
 * the full computation (coverage_compute(), which reads everything), after
 * each change: the same document for every day and form asked for, and
 * the same errors.  The changes are those a registry goes through on
 * election day: a new station, a new assignment, a changed phone, a new
 * observer, a sample drawn, and reports (which leave the registry as it
 * is: the kept one must be the same object). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analysis/coverage.h"
#include "store/store.h"
#include "test.h"
#include "fixture.h"

struct fixture {
	char path[96];
	struct store *st;
	int64_t mid;
	struct coverage_reg *reg;
	int serial;
};

static void put_loc(struct fixture *f, const char *code, const char *level,
                    const char *parent)
{
	test_location_put(f->st, f->mid, code, level, parent);
}

static void put_observer(struct fixture *f, const char *code, const char *phones)
{
	struct observer o = {.code = code,
	                     .full_name = code,
	                     .role = "short_term",
	                     .accreditation_status = "accredited",
	                     .phones = phones};
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

static void put_form(struct fixture *f, const char *code, const char *kind,
                     const char *phase, const char *level)
{
	char def[96];
	struct form_record r = {.code = code,
	                        .version = 1,
	                        .kind = kind,
	                        .phase = phase,
	                        .level = level,
	                        .definition = def};
	enum upsert_result res;
	struct err e;

	snprintf(def, sizeof(def), "{\"code\":\"%s\"}", code);
	err_clear(&e);
	assert_int_equal(store_form_put(f->st, f->mid, &r, &res, &e), ST_OK);
}

static void report(struct fixture *f, const char *form, const char *station,
                   const char *status)
{
	char client[32];
	struct stored_submission s = {
	    .client_id = client,
	    .form = form,
	    .form_version = 1,
	    .station = station,
	    .observer = "O1",
	    .channel = "api",
	    .answers = "{}",
	    .status = status,
	    .content_hash = client,
	    .received_at = "2023-03-19T20:00:00Z",
	};
	enum put_outcome out;
	struct err e;

	snprintf(client, sizeof(client), "r%d", f->serial++);
	err_clear(&e);
	assert_int_equal(store_submission_put(f->st, f->mid, &s, &out, &e), ST_OK);
}

/* Country KZ: region R1 (territory T1: S1, S2; S3), region R2 (S4), and
 * S5 outside any region; forms opening OP, voting VO, results PR,
 * tabulation TA at territories, incidents IN. */
static int setup(void **state)
{
	static int serial;
	struct fixture *f = calloc(1, sizeof(*f));
	struct mission m = {.code = "kz",
	                    .name = "m",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	char url[128];
	struct err e;

	err_clear(&e);
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-covreg-%d-%d.db",
	         (int)getpid(), serial++);
	test_db_remove(f->path);
	snprintf(url, sizeof(url), "sqlite:%s", f->path);
	assert_int_equal(store_open(url, &f->st, &e), ST_OK);
	store_set_actor(f->st, "cli:tester", "local");
	assert_int_equal(store_mission_create(f->st, &m, &e), ST_OK);
	f->mid = m.id;
	put_loc(f, "KZ", "country", NULL);
	put_loc(f, "R1", "region", "KZ");
	put_loc(f, "T1", "territory", "R1");
	put_loc(f, "S1", "station", "T1");
	put_loc(f, "S2", "station", "T1");
	put_loc(f, "S3", "station", "R1");
	put_loc(f, "R2", "region", "KZ");
	put_loc(f, "S4", "station", "R2");
	put_loc(f, "S5", "station", "KZ");
	put_form(f, "VO", "checklist", "voting", "station");
	put_form(f, "OP", "checklist", "opening", "station");
	put_form(f, "PR", "protocol", "counting", "station");
	put_form(f, "TA", "checklist", "tabulation", "territory");
	put_form(f, "IN", "incident", "any", "station");
	put_observer(f, "O1", "+77010000001");
	put_observer(f, "O2", "+77010000002;+77010000022");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	coverage_reg_free(f->reg);
	store_close(f->st);
	test_db_remove(f->path);
	free(f);
	return 0;
}

static enum status store_rows(void *ctx, struct store *st, int64_t mission_id,
                              store_coverage_cb cb, void *cbctx, struct err *e)
{
	(void)ctx;
	return store_coverage_rows(st, mission_id, cb, cbctx, e);
}

/* The document (or the error) of one computation. */
static char *result(enum status rc, struct coverage *c, const struct err *e)
{
	char *s;

	if (rc) {
		s = malloc(300);
		snprintf(s, 300, "error %d: %s", (int)rc, e->msg);
	} else {
		json_t *j = coverage_to_json(c);
		s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
		json_decref(j);
	}
	coverage_release(c);
	return s;
}

/* Refresh the kept registry and compare it with the full computation for
 * every day and form; whether it was read again must be want_new. */
static void compare(struct fixture *f, bool want_new, const char *step)
{
	static const char *const days[] = {NULL, "2023-03-19", "2023-03-18", "2023-03-20",
	                                   "19 March"};
	static const char *const forms[] = {NULL, "VO", "PR", "TA", "IN", "XX"};
	const struct coverage_reg *before = f->reg;
	struct err e;

	err_clear(&e);
	assert_int_equal(coverage_reg_refresh(&f->reg, f->st, f->mid, &e), ST_OK);
	if (want_new != (f->reg != before))
		fail_msg("%s: the registry was %s", step,
		         want_new ? "kept" : "read again");
	for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++)
		for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
			struct coverage full, kept;
			struct err e1, e2;
			char *a, *b;
			enum status r1, r2;
			err_clear(&e1);
			err_clear(&e2);
			r1 = coverage_compute(f->st, f->mid, days[d], forms[k], &full,
			                      &e1);
			a = result(r1, &full, &e1);
			r2 = coverage_compute_reg(f->reg, f->st, days[d], forms[k],
			                          store_rows, NULL, &kept, &e2);
			b = result(r2, &kept, &e2);
			if (strcmp(a, b))
				fail_msg("%s, day %s, form %s:\nfull %s\nkept %s", step,
				         days[d] ? days[d] : "-",
				         forms[k] ? forms[k] : "-", a, b);
			free(a);
			free(b);
		}
}

static void test_changes(void **state)
{
	struct fixture *f = *state;

	compare(f, true, "first read (nobody assigned)");
	compare(f, false, "nothing changed");
	report(f, "VO", "S1", "new");
	report(f, "PR", "S4", "flagged");
	report(f, "TA", "T1", "new");
	compare(f, false, "reports");
	assign(f, "O1", "S1", "2023-03-19");
	compare(f, true, "a first assignment");
	assign(f, "O2", "S1", "2023-03-19");
	assign(f, "O2", "S3", "2023-03-18");
	assign(f, "O1", "T1", "2023-03-19");
	compare(f, true, "more assignments");
	put_loc(f, "S6", "station", "R2");
	compare(f, true, "a new station");
	assign(f, "O2", "S6", "2023-03-19");
	compare(f, true, "a new assignment at the new station");
	put_observer(f, "O2", "+77010000099");
	compare(f, true, "a changed phone");
	put_observer(f, "O3", NULL);
	assign(f, "O3", "S5", "2023-03-19");
	compare(f, true, "a new observer, assigned");
	{
		static const struct pvt_sample_row rows[2] = {{"S2", NULL, 1},
		                                              {"S5", NULL, 2}};
		struct pvt_sample_head h = {.method = "srs",
		                            .seed = 1,
		                            .size = 2,
		                            .frame_size = 6,
		                            .frame_hash = "x",
		                            .generator = "g",
		                            .allocation =
		                                "[{\"stratum\":null,"
		                                "\"population\":6,\"size\":2}]"};
		struct err e;
		err_clear(&e);
		assert_int_equal(
		    store_pvt_sample_put(f->st, f->mid, &h, rows, 2, false, &e), ST_OK);
	}
	compare(f, true, "a sample drawn");
	report(f, "PR", "S2", "new");
	report(f, "VO", "S6", "rejected");
	compare(f, false, "more reports");
}

int test_coverage_reg(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_changes, setup, teardown),
	};

	return cmocka_run_group_tests_name("coverage_reg", tests, NULL, NULL);
}
