/* test_protocol_check.c - the arithmetic of hand-made results protocols on
 * the shipped form PR with a ballot of three choices: a protocol that adds
 * up, one failing each identity, several at once, the figures each failed
 * check read, unanswered lines (not applicable), rejected and superseded
 * reports passed over, the ordering and the counts, and the JSON. */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "analysis/protocol_check.h"
#include "core/alloc.h"
#include "model/forms_builtin.h"

static const struct ballot_choice ballot[] = {
    {1, "NUR", "Nur", "party"},
    {2, "AK", "Ak", "party"},
    {3, "NO", "Against all", "against_all"},
};

/* PR with the ballot applied: P1, P2 and AA. */
static struct form *pr_form(void)
{
	const char *text = forms_builtin_json("PR");
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f = NULL, *applied = NULL;
	struct err e;

	if (form_parse(text, strlen(text), &f, &p))
		fail_msg("PR: %s", p.v[0].message);
	assert_int_equal(form_apply_choices(f, ballot, 3, &applied, &e), ST_OK);
	form_free(f);
	return applied;
}

/* A protocol that adds up: 1000 on the list, 1000 ballots received, 600
 * issued (20 early, 560 in the station, 20 outside), 400 cancelled, 595
 * in the boxes (20 mobile, 575 stationary), 5 invalid, 590 valid =
 * 400 + 150 + 40. */
static const char good[] = "{\"A\":1000,\"B\":1000,\"C\":20,\"D\":560,\"E\":20,"
                           "\"F\":400,\"G\":20,\"H\":575,\"I\":5,\"J\":590,\"K\":0,"
                           "\"L\":0,\"P1\":400,\"P2\":150,\"AA\":40}";

/* good with some lines replaced: pairs "TAG", value. */
static char *protocol(const char *tag1, int v1, const char *tag2, int v2)
{
	json_t *a = json_loads(good, 0, NULL);
	char *text;

	if (tag1)
		json_object_set_new(a, tag1, json_integer(v1));
	if (tag2)
		json_object_set_new(a, tag2, json_integer(v2));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return text;
}

static struct stored_submission report(int64_t id, const char *station,
                                       const char *observer, const char *answers)
{
	struct stored_submission s = {0};

	s.id = id;
	s.form = "PR";
	s.station = station;
	s.observer = observer;
	s.answers = answers;
	s.status = "new";
	return s;
}

static const struct protocol_report *item_of(const struct protocol_check *pc, int64_t id)
{
	for (size_t i = 0; i < pc->nitems; i++)
		if (pc->items[i].submission == id)
			return &pc->items[i];
	return NULL;
}

static void adding_up_passes(void **state)
{
	struct form *f = pr_form();
	struct stored_submission r = report(1, "S1", "O1", good);
	struct protocol_check pc;
	struct err e;

	protocol_check_init(&pc);
	assert_int_equal(protocol_check_add(&pc, f, &r, 1, "en", &e), ST_OK);
	protocol_check_finish(&pc);
	assert_int_equal(pc.reports, 1);
	assert_int_equal(pc.stations, 1);
	assert_int_equal(pc.failed_reports, 0);
	assert_int_equal(pc.nitems, 0);
	assert_int_equal(pc.nchecks, 5); /* every check of PR, failing or not */
	for (size_t i = 0; i < pc.nchecks; i++)
		assert_int_equal(pc.by_check[i].reports, 0);
	protocol_check_release(&pc);
	form_free(f);
}

/* Each identity broken on its own fails exactly its check, with the
 * figures it read. */
static void each_identity(void **state)
{
	static const struct {
		const char *tag;
		int value;
		const char *check, *values;
	} cases[] = {
	    /* received + unaccounted = issued + cancelled + lost */
	    {"F", 390, "ballots_balance",
	     "{\"B\":1000,\"L\":0,\"C\":20,\"D\":560,\"E\":20,\"F\":390,\"K\":0}"},
	    /* in the boxes = valid + invalid */
	    {"I", 9, "boxes_balance", "{\"G\":20,\"H\":575,\"I\":9,\"J\":590}"},
	    /* valid = the choices' votes */
	    {"P2", 160, "valid_sum", "{\"J\":590,\"P1\":400,\"P2\":160,\"AA\":40}"},
	    /* more ballots issued than voters on the list */
	    {"A", 590, "issued_le_voters", "{\"C\":20,\"D\":560,\"E\":20,\"A\":590}"},
	};
	struct form *f = pr_form();

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char *a = protocol(cases[k].tag, cases[k].value, NULL, 0);
		struct stored_submission r = report(7, "S1", "O1", a);
		struct protocol_check pc;
		json_t *got, *want;
		struct err e;

		protocol_check_init(&pc);
		assert_int_equal(protocol_check_add(&pc, f, &r, 1, "en", &e), ST_OK);
		protocol_check_finish(&pc);
		assert_int_equal(pc.nitems, 1);
		assert_int_equal(pc.items[0].nfailures, 1);
		assert_string_equal(pc.items[0].failures[0].check, cases[k].check);
		assert_string_equal(pc.items[0].failures[0].severity, "flag");
		got = json_loads(pc.items[0].failures[0].values, 0, NULL);
		want = json_loads(cases[k].values, 0, NULL);
		if (!json_equal(got, want))
			fail_msg("%s: read %s", cases[k].check,
			         pc.items[0].failures[0].values);
		json_decref(got);
		json_decref(want);
		protocol_check_release(&pc);
		free(a);
	}
	form_free(f);
}

/* More ballots in the boxes than were issued breaks two identities at
 * once; the message comes in the language asked for, with the expression. */
static void several_checks_and_language(void **state)
{
	char *a = protocol("H", 600, "J", 615); /* G+H = 620 > 600 issued */
	struct form *f = pr_form();
	struct stored_submission r = report(3, "S9", "O2", a);
	struct protocol_check pc;
	const struct protocol_report *it;
	struct err e;

	protocol_check_init(&pc);
	assert_int_equal(protocol_check_add(&pc, f, &r, 1, "ru", &e), ST_OK);
	protocol_check_finish(&pc);
	it = item_of(&pc, 3);
	assert_non_null(it);
	assert_string_equal(it->station, "S9");
	assert_string_equal(it->observer, "O2");
	assert_int_equal(it->nfailures, 2);
	/* J = 615 <> 400 + 150 + 40, and G + H = 620 > C + D + E = 600. */
	assert_string_equal(it->failures[0].check, "valid_sum");
	assert_string_equal(it->failures[1].check, "boxes_le_issued");
	assert_string_equal(it->failures[1].expr, "G + H <= C + D + E");
	assert_non_null(strstr(it->failures[1].message, "В ящиках"));
	protocol_check_release(&pc);
	form_free(f);
	free(a);
}

/* A line left out makes the checks reading it not applicable. */
static void unanswered_is_not_applicable(void **state)
{
	json_t *o = json_loads(good, 0, NULL);
	char *a;
	struct form *f = pr_form();
	struct stored_submission r;
	struct protocol_check pc;
	struct err e;

	json_object_del(o, "J"); /* J is read by boxes_balance and valid_sum */
	json_object_set_new(o, "P1", json_integer(1));
	a = json_dumps(o, JSON_COMPACT);
	r = report(4, "S1", "O1", a);
	protocol_check_init(&pc);
	assert_int_equal(protocol_check_add(&pc, f, &r, 1, "en", &e), ST_OK);
	protocol_check_finish(&pc);
	assert_int_equal(pc.reports, 1);
	assert_int_equal(pc.nitems, 0);
	protocol_check_release(&pc);
	json_decref(o);
	free(a);
	form_free(f);
}

/* Rejected and superseded versions and other forms are passed over; the
 * failing reports come by station then id; stations are counted once. */
static void which_reports_count(void **state)
{
	char *bad = protocol("P1", 401, NULL, 0);
	struct form *f = pr_form();
	struct stored_submission r[6];
	struct protocol_check pc;
	json_t *doc, *items, *it, *failure;
	struct err e;

	r[0] = report(10, "S2", "O1", bad);
	r[1] = report(11, "S1", "O2", bad);
	r[2] = report(12, "S1", "O3", bad);
	r[3] = report(13, "S3", "O4", bad);
	r[3].status = "rejected";
	r[4] = report(14, "S4", "O5", bad);
	r[4].superseded_by = 15;
	r[5] = report(16, "S5", "O6", bad);
	r[5].form = "CO";
	protocol_check_init(&pc);
	assert_int_equal(protocol_check_add(&pc, f, r, 6, "en", &e), ST_OK);
	protocol_check_finish(&pc);
	assert_int_equal(pc.reports, 3);
	assert_int_equal(pc.stations, 2);
	assert_int_equal(pc.failed_reports, 3);
	assert_int_equal(pc.failed_stations, 2);
	assert_int_equal(pc.nitems, 3);
	assert_int_equal(pc.items[0].submission, 11);
	assert_int_equal(pc.items[1].submission, 12);
	assert_int_equal(pc.items[2].submission, 10);
	for (size_t i = 0; i < pc.nchecks; i++)
		assert_int_equal(pc.by_check[i].reports,
		                 !strcmp(pc.by_check[i].check, "valid_sum") ? 3 : 0);
	doc = protocol_check_to_json(&pc, 1, 1);
	assert_int_equal(json_integer_value(json_object_get(doc, "total")), 3);
	items = json_object_get(doc, "items");
	assert_int_equal(json_array_size(items), 1);
	it = json_array_get(items, 0);
	assert_int_equal(json_integer_value(json_object_get(it, "submission")), 12);
	failure = json_array_get(json_object_get(it, "failures"), 0);
	assert_string_equal(json_string_value(json_object_get(failure, "check")),
	                    "valid_sum");
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(failure, "values"), "P1")),
	    401);
	json_decref(doc);
	protocol_check_release(&pc);
	form_free(f);
	free(bad);
}

static void stored_answers_must_be_an_object(void **state)
{
	struct form *f = pr_form();
	struct stored_submission r = report(21, "S1", "O1", "[1, 2]");
	struct protocol_check pc;
	struct err e;

	protocol_check_init(&pc);
	assert_int_equal(protocol_check_add(&pc, f, &r, 1, "en", &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "report 21"));
	protocol_check_release(&pc);
	form_free(f);
}

int test_protocol_check(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(adding_up_passes),
	    cmocka_unit_test(each_identity),
	    cmocka_unit_test(several_checks_and_language),
	    cmocka_unit_test(unanswered_is_not_applicable),
	    cmocka_unit_test(which_reports_count),
	    cmocka_unit_test(stored_answers_must_be_an_object),
	};
	return cmocka_run_group_tests_name("protocol_check", tests, NULL, NULL);
}
