/* test_findings_store.c - findings_compute() on a mission in the SQLite
 * store, with the shipped forms and the conflicts the intake records:
 * a clerk's resolution replaces both observers' answers, an open conflict
 * leaves each as sent, a rejected report and a corrected version are left
 * out, the ballot's lines of the results protocol are questions, and a
 * stored form that does not parse is an error naming it. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analysis/findings.h"
#include "ingest/forms_install.h"
#include "ingest/intake.h"
#include "store/store.h"
#include "test.h"

static char path[64], url[80];
static struct store *st;
static int64_t mid;

static void put_loc(const char *code, const char *level, const char *parent)
{
	struct location l = {.code = code,
	                     .name = code,
	                     .level = level,
	                     .parent = parent,
	                     .registered_voters = -1};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_location_upsert(st, mid, &l, &res, &e), ST_OK);
}

static void put_obs(const char *code)
{
	struct observer o = {.code = code,
	                     .full_name = code,
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_observer_upsert(st, mid, &o, &res, &e), ST_OK);
}

static int setup(void **state)
{
	struct mission m = {.code = "m",
	                    .name = "m",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct store_choice ballot[] = {{1, "P1", "Party one", "party"},
	                                {2, "AA", "Against all", "against_all"}};
	struct err e;
	int fd;

	snprintf(path, sizeof(path), "/tmp/observa-findings-XXXXXX");
	fd = mkstemp(path);
	close(fd);
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(store_open(url, &st, &e), ST_OK);
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	mid = m.id;
	assert_int_equal(forms_install_builtin(st, mid, &e), ST_OK);
	assert_int_equal(store_choices_replace(st, mid, ballot, 2, &e), ST_OK);
	put_loc("KZ", "country", NULL);
	put_loc("R1", "region", "KZ");
	put_loc("R2", "abroad", "KZ");
	put_loc("S1", "station", "R1");
	put_loc("S2", "station", "R2");
	put_obs("O1");
	put_obs("O2");
	put_obs("O3");
	return 0;
}

static int teardown(void **state)
{
	char side[96];

	store_close(st);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return 0;
}

/* Store a report as the intake does, conflicts included; its id. */
static int64_t put(const char *client, const char *replaces, const char *form,
                   const char *station, const char *observer, const char *answers)
{
	struct stored_submission s = {.client_id = client,
	                              .replaces = replaces,
	                              .form = form,
	                              .form_version = 1,
	                              .station = station,
	                              .observer = observer,
	                              .observed_at = "2023-03-19T10:15:00+06:00",
	                              .channel = "api",
	                              .answers = answers,
	                              .status = "new",
	                              .content_hash = client};
	enum put_outcome out;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_submission_put(st, mid, &s, &out, &e), ST_OK);
	assert_int_equal(intake_conflicts_refresh(st, mid, station, form, &e), ST_OK);
	return s.id;
}

struct conflict_ids {
	int64_t id[8];
	char tag[8][8];
	int n;
};

static enum status collect(void *ctx, const struct conflict_row *c)
{
	struct conflict_ids *ids = ctx;

	ids->id[ids->n] = c->id;
	snprintf(ids->tag[ids->n++], sizeof(ids->tag[0]), "%s", c->tag);
	return ST_OK;
}

static const struct findings_question *question(const struct findings *f,
                                                const char *form, const char *tag)
{
	for (size_t i = 0; i < f->nforms; i++)
		for (size_t q = 0;
		     !strcmp(f->forms[i].code, form) && q < f->forms[i].nquestions; q++)
			if (!strcmp(f->forms[i].questions[q].tag, tag))
				return &f->forms[i].questions[q];
	fail_msg("no question %s of %s", tag, form);
	return NULL;
}

static void test_compute(void **state)
{
	struct findings_options o = {.lang = "en"};
	struct conflict_filter cf = {0};
	struct conflict_ids ids = {0};
	const struct findings_question *q;
	struct findings f;
	int64_t total, rejected;
	struct err e;

	(void)state;
	err_clear(&e);
	/* Two teams at S1 disagree on A and Z; a third report at S2. */
	put("o1", NULL, "VO", "S1", "O1", "{\"A\":1,\"B\":1,\"Z\":4}");
	put("o2", NULL, "VO", "S1", "O2", "{\"A\":0,\"B\":1,\"Z\":2}");
	put("o3", NULL, "VO", "S2", "O3", "{\"A\":0,\"B\":0,\"Z\":1}");
	/* A report rejected, and one corrected. */
	rejected = put("o4", NULL, "VO", "S2", "O3", "{\"A\":0,\"B\":0,\"Z\":1}");
	assert_int_equal(
	    store_submission_review(st, mid, rejected, "rejected", "wrong", &e), ST_OK);
	assert_int_equal(intake_conflicts_refresh(st, mid, "S2", "VO", &e), ST_OK);
	put("o5", NULL, "OP", "S2", "O3", "{\"A\":0,\"Z\":1}");
	put("o5b", "o5", "OP", "S2", "O3", "{\"A\":1,\"Z\":3}");
	put("p1", NULL, "PR", "S1", "O1",
	    "{\"A\":100,\"B\":100,\"C\":0,\"D\":50,\"E\":0,\"F\":50,\"G\":0,\"H\":50,"
	    "\"I\":0,\"J\":50,\"K\":0,\"L\":0,\"P1\":40,\"AA\":10}");

	assert_int_equal(store_conflict_list(st, mid, &cf, &total, collect, &ids, &e),
	                 ST_OK);
	assert_int_equal(ids.n, 2);
	assert_string_equal(ids.tag[0], "A");
	assert_string_equal(ids.tag[1], "Z");
	/* The clerk settles A: it was "no". */
	assert_int_equal(store_conflict_resolve(st, mid, ids.id[0], "0", &e), ST_OK);

	assert_int_equal(findings_compute(st, mid, &o, &f, &e), ST_OK);
	assert_int_equal(f.rejected, 1);
	assert_int_equal(f.reports, 5); /* o1, o2, o3, o5b, p1 */
	q = question(&f, "VO", "A");
	assert_int_equal(q->total.observations, 3);
	assert_int_equal(q->total.negative, 3); /* o1's "yes" became "no" */
	assert_int_equal(q->resolved, 2);
	assert_int_equal(q->regions[0].negative, 2);
	q = question(&f, "VO", "Z");
	assert_int_equal(q->total.observations, 3);
	assert_int_equal(q->total.negative, 2); /* o2 and o3; o1 as sent */
	assert_int_equal(q->contested, 2);
	q = question(&f, "OP", "A");
	assert_int_equal(q->total.observations, 1);
	assert_int_equal(q->total.negative, 0); /* the correction counts */
	q = question(&f, "PR", "P1");
	assert_int_equal(q->total.observations, 1);
	assert_int_equal(q->left_out, 0);
	q = question(&f, "PR", "AA");
	assert_int_equal(q->total.observations, 1);
	assert_string_equal(f.regions[1].code, "R2");
	findings_release(&f);

	/* One region, one form. */
	o.region = "R2";
	o.form = "VO";
	assert_int_equal(findings_compute(st, mid, &o, &f, &e), ST_OK);
	assert_int_equal(f.reports, 1);
	assert_int_equal(f.rejected, 1);
	assert_int_equal(f.nforms, 1);
	assert_int_equal(question(&f, "VO", "A")->total.observations, 1);
	findings_release(&f);
}

static void test_bad_form(void **state)
{
	struct form_record r = {.code = "QQ",
	                        .version = 1,
	                        .kind = "checklist",
	                        .phase = "voting",
	                        .level = "station",
	                        .definition = "{\"code\": \"QQ\"}"};
	struct findings_options o = {0};
	enum upsert_result res;
	struct findings f;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_form_put(st, mid, &r, &res, &e), ST_OK);
	assert_int_equal(findings_compute(st, mid, &o, &f, &e), ST_INVALID);
	if (strncmp(e.msg, "the stored form QQ does not parse: ", 35))
		fail_msg("%s", e.msg);
	assert_int_equal(f.nforms, 0);
	findings_release(&f);
}

int test_findings_store(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_compute),
	    cmocka_unit_test(test_bad_form),
	};
	return cmocka_run_group_tests_name("findings_store", tests, setup, teardown);
}
