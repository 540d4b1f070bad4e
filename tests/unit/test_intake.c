/* test_intake.c - the intake path against a temporary SQLite database with
 * the shipped forms installed and a test form: validation with every
 * problem listed, flag and reject checks, idempotency, corrections,
 * conflicts between observers, alerts, the content hash, the form cache
 * and its reloading, threads sharing one intake, and import of choices. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "ingest/csv.h"
#include "ingest/forms_install.h"
#include "ingest/import.h"
#include "ingest/intake.h"
#include "ingest/submission_json.h"
#include "model/forms_builtin.h"
#include "store/registry_cache.h"
#include "store/store.h"
#include "store/writer.h"
#include "test.h"

/* A test form whose rules the tests rely on, whatever the shipped ones say. */
static const char ts_form[] =
    "{\"code\": \"TS\", \"version\": 1, \"kind\": \"checklist\", \"phase\": \"voting\","
    " \"languages\": [\"en\"], \"name\": {\"en\": \"Test\"},"
    " \"questions\": ["
    "  {\"tag\": \"A\", \"type\": \"yesno\", \"text\": {\"en\": \"Ballot stuffing\"},"
    "   \"required\": true, \"critical\": [1]},"
    "  {\"tag\": \"B\", \"type\": \"integer\", \"text\": {\"en\": \"Issued\"},"
    "   \"min\": 0, \"max\": 100},"
    "  {\"tag\": \"C\", \"type\": \"integer\", \"text\": {\"en\": \"Voted\"},"
    "   \"min\": 0, \"max\": 100},"
    "  {\"tag\": \"D\", \"type\": \"select_multiple\", \"text\": {\"en\": \"Seen\"},"
    "   \"options\": [{\"value\": 1, \"text\": {\"en\": \"one\"}},"
    "                {\"value\": 2, \"text\": {\"en\": \"two\"}},"
    "                {\"value\": 3, \"text\": {\"en\": \"three\"}}]}"
    " %s],"
    " \"checks\": ["
    "  {\"id\": \"voted_le_issued\", \"expr\": \"C <= B\", \"severity\": \"flag\","
    "   \"message\": {\"en\": \"More voted than issued\"}},"
    "  {\"id\": \"issued_sane\", \"expr\": \"B < 99\", \"severity\": \"reject\","
    "   \"message\": {\"en\": \"Issued is impossible\"}}]}";

struct fixture {
	char path[128], url[160];
	struct store *st;
	struct writer *w;
	struct intake *in;
	struct mission m;
};

static void remove_db(const char *path)
{
	char side[160];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/* Store the test form TS, with extra questions appended to its own; the
 * status, the error in e.  It asserts nothing, so that a test with threads
 * running can join them before it fails. */
static enum status put_ts_status(struct fixture *f, const char *extra, struct err *e)
{
	struct form_problems problems = FORM_PROBLEMS_INIT;
	char def[4096];
	struct form *form = NULL;
	enum upsert_result res;
	enum status rc;

	err_clear(e);
	snprintf(def, sizeof(def), ts_form, extra);
	rc = form_parse(def, strlen(def), &form, &problems);
	form_problems_release(&problems);
	if (!rc)
		rc = forms_install_put(f->st, f->m.id, form, &res, e);
	form_free(form);
	return rc;
}

/* The same, failing the test when it cannot. */
static void put_ts(struct fixture *f, const char *extra)
{
	struct err e;

	assert_int_equal(put_ts_status(f, extra, &e), ST_OK);
}

static void put_location(struct fixture *f, const char *code, const char *level,
                         const char *parent)
{
	struct location l = {.code = code,
	                     .name = code,
	                     .level = level,
	                     .parent = parent,
	                     .registered_voters = -1};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_location_upsert(f->st, f->m.id, &l, &res, &e), ST_OK);
}

static void put_observer(struct fixture *f, const char *code)
{
	struct observer o = {.code = code,
	                     .full_name = code,
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_observer_upsert(f->st, f->m.id, &o, &res, &e), ST_OK);
}

static int setup(void **state)
{
	static int serial;
	struct fixture *f = calloc(1, sizeof(*f));
	struct err e;

	err_clear(&e);
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-intake-%d-%d.db",
	         (int)getpid(), serial++);
	remove_db(f->path);
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->path);
	assert_int_equal(store_open(f->url, &f->st, &e), ST_OK);
	f->m = (struct mission){.code = "m",
	                        .name = "m",
	                        .election_type = "parliament",
	                        .election_date = "2023-03-19",
	                        .country = "KZ"};
	assert_int_equal(store_begin(f->st, &e), ST_OK);
	assert_int_equal(store_mission_create(f->st, &f->m, &e), ST_OK);
	assert_int_equal(forms_install_builtin(f->st, f->m.id, &e), ST_OK);
	assert_int_equal(store_commit(f->st, &e), ST_OK);
	put_ts(f, "");
	put_location(f, "KZ", "country", NULL);
	put_location(f, "R1", "region", "KZ");
	put_location(f, "S1", "station", "R1");
	put_location(f, "S2", "station", "R1");
	put_observer(f, "A");
	put_observer(f, "B");
	put_observer(f, "C");
	assert_int_equal(writer_start(f->url, &f->w, &e), ST_OK);
	f->in = intake_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	intake_free(f->in);
	writer_stop(f->w);
	store_close(f->st);
	remove_db(f->path);
	free(f);
	return 0;
}

/* Prepare the report written as canonical JSON, sent by channel. */
static void prepare(struct fixture *f, const char *json, const char *channel,
                    struct intake_item *it)
{
	struct submission sub;
	json_t *root = NULL;
	struct err e;

	err_clear(&e);
	intake_item_init(it);
	assert_int_equal(submission_json_load(json, strlen(json), &root, &e), ST_OK);
	assert_int_equal(submission_from_json(root, &sub, NULL, &e), ST_OK);
	sub.channel = channel;
	assert_int_equal(intake_prepare(f->in, f->st, &f->m, &sub, it, &e), ST_OK);
	json_decref(root);
}

/* Prepare and, when accepted, store; returns the HTTP status. */
static int submit(struct fixture *f, const char *json, struct intake_item *it)
{
	prepare(f, json, "api", it);
	if (!it->refused)
		writer_run(f->w, intake_job(it));
	return intake_http_status(it);
}

/* Submit and release, asserting the HTTP status; returns the stored id. */
static int64_t submit_ok(struct fixture *f, const char *json, int want)
{
	struct intake_item it;
	int64_t id;

	assert_int_equal(submit(f, json, &it), want);
	id = it.rec.id;
	intake_item_release(&it);
	return id;
}

/* The problem of it with this tag or field, or NULL. */
static json_t *problem(const struct intake_item *it, const char *tag_or_field)
{
	size_t i;
	json_t *p;

	json_array_foreach(it->problems, i, p)
	{
		const char *tag = json_string_value(json_object_get(p, "tag"));
		const char *field = json_string_value(json_object_get(p, "field"));
		if ((tag && !strcmp(tag, tag_or_field)) ||
		    (field && !strcmp(field, tag_or_field)))
			return p;
	}
	return NULL;
}

static int64_t count_conflicts(struct fixture *f, bool open_only)
{
	struct conflict_filter cf = {.open_only = open_only};
	int64_t total = -1;
	struct err e;

	assert_int_equal(store_conflict_list(f->st, f->m.id, &cf, &total, NULL, NULL, &e),
	                 ST_OK);
	return total;
}

/* ---------------------------------------------------------------- tests */

static void test_builtin_forms_installed(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct form_record rec;
	struct err e;
	const char *codes[] = {"OP", "VO", "CO", "TA", "IN", "PR"};

	assert_true(forms_builtin_count() >= 6);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(store_form_get(f->st, f->m.id, codes[i], &a, &rec, &e),
		                 ST_OK);
	arena_release(&a);
	/* A shipped form takes a report at once. */
	submit_ok(f,
	          "{\"form\": \"OP\", \"station\": \"S1\", \"observer\": \"A\","
	          " \"answers\": {\"A\": \"yes\", \"Z\": 4}}",
	          201);
}

static void test_valid_new(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct stored_submission got;
	struct intake_item it;
	json_t *res;
	struct err e;

	assert_int_equal(
	    submit(f,
	           "{\"id\": \"r1\", \"form\": \"ts\", \"station\": \"S1\","
	           " \"observer\": \"A\", \"observed_at\": \"2023-03-19T08:05\","
	           " \"answers\": {\"A\": \"no\", \"B\": \"20\", \"C\": 10,"
	           " \"d\": \"3;1\"}, \"comment\": \"calm\"}",
	           &it),
	    201);
	assert_int_equal(intake_item_outcome(&it), INTAKE_STORED);
	assert_string_equal(it.rec.status, "new");
	assert_int_equal(it.rec.version, 1);
	assert_true(it.rec.id > 0);
	assert_int_equal(strlen(it.rec.content_hash), 64);
	res = intake_result_json(&it);
	assert_int_equal(json_integer_value(json_object_get(res, "id")), it.rec.id);
	assert_string_equal(json_string_value(json_object_get(res, "status")), "new");
	assert_true(json_is_false(json_object_get(res, "duplicate")));
	assert_int_equal(json_array_size(json_object_get(res, "problems")), 0);
	json_decref(res);

	assert_int_equal(store_submission_get(f->st, f->m.id, it.rec.id, &a, &got, &e),
	                 ST_OK);
	/* Canonical: sorted keys, the form's spelling of tags, normalised values. */
	assert_string_equal(got.answers, "{\"A\":0,\"B\":20,\"C\":10,\"D\":[1,3]}");
	assert_string_equal(got.form, "TS");
	assert_string_equal(got.channel, "api");
	assert_string_equal(got.comment, "calm");
	assert_null(got.problems);
	arena_release(&a);
	intake_item_release(&it);
}

static void test_flagged(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct stored_submission got;
	struct intake_item it;
	struct err e;
	json_t *p;

	assert_int_equal(
	    submit(f,
	           "{\"form\": \"TS\", \"station\": \"S1\", \"observer\": \"A\","
	           " \"answers\": {\"A\": 0, \"B\": 5, \"C\": 9}}",
	           &it),
	    201);
	assert_string_equal(it.rec.status, "flagged");
	p = json_array_get(it.problems, 0);
	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(p, "severity")), "flag");
	assert_string_equal(json_string_value(json_object_get(p, "check")),
	                    "voted_le_issued");
	assert_int_equal(store_submission_get(f->st, f->m.id, it.rec.id, &a, &got, &e),
	                 ST_OK);
	assert_string_equal(got.status, "flagged");
	assert_non_null(strstr(got.problems, "voted_le_issued"));
	arena_release(&a);
	intake_item_release(&it);
}

static void test_reject_check(void **state)
{
	struct fixture *f = *state;
	struct intake_item it;
	json_t *p, *res;

	assert_int_equal(
	    submit(f,
	           "{\"form\": \"TS\", \"station\": \"S1\", \"observer\": \"A\","
	           " \"answers\": {\"A\": 0, \"B\": 99}}",
	           &it),
	    422);
	assert_true(it.refused);
	assert_int_equal(intake_item_outcome(&it), INTAKE_INVALID);
	p = json_array_get(it.problems, 0);
	assert_string_equal(json_string_value(json_object_get(p, "severity")), "reject");
	assert_string_equal(json_string_value(json_object_get(p, "check")),
	                    "issued_sane");
	res = intake_result_json(&it);
	assert_non_null(json_string_value(json_object_get(res, "error")));
	assert_int_equal(json_array_size(json_object_get(res, "problems")), 1);
	json_decref(res);
	assert_int_equal(it.rec.id, 0);
	intake_item_release(&it);
}

static void test_all_problems_listed(void **state)
{
	struct fixture *f = *state;
	struct intake_item it;

	/* Unknown tag, wrong type, out of range, missing required answer,
	 * unknown station and observer, a bad time: all at once. */
	assert_int_equal(
	    submit(f,
	           "{\"form\": \"TS\", \"station\": \"S9\", \"observer\": \"Q\","
	           " \"observed_at\": \"yesterday\","
	           " \"answers\": {\"X\": 1, \"B\": \"many\", \"C\": 500}}",
	           &it),
	    422);
	assert_int_equal(json_array_size(it.problems), 7);
	assert_non_null(
	    strstr(json_string_value(json_object_get(problem(&it, "X"), "message")),
	           "unknown tag"));
	assert_non_null(problem(&it, "B"));
	assert_non_null(
	    strstr(json_string_value(json_object_get(problem(&it, "C"), "message")),
	           "out of range"));
	assert_non_null(
	    strstr(json_string_value(json_object_get(problem(&it, "A"), "message")),
	           "required"));
	assert_string_equal(
	    json_string_value(json_object_get(problem(&it, "station"), "value")), "S9");
	assert_non_null(problem(&it, "observer"));
	assert_non_null(problem(&it, "observed_at"));
	intake_item_release(&it);

	/* A region is not a polling station; a missing form is named. */
	assert_int_equal(submit(f, "{\"station\": \"R1\", \"observer\": \"A\"}", &it),
	                 422);
	assert_non_null(
	    strstr(json_string_value(json_object_get(problem(&it, "station"), "message")),
	           "not a polling station"));
	assert_non_null(problem(&it, "form"));
	intake_item_release(&it);

	assert_int_equal(
	    submit(f,
	           "{\"form\": \"XX\", \"station\": \"S1\", \"observer\": \"A\","
	           " \"answers\": {\"A\": 1}}",
	           &it),
	    422);
	assert_int_equal(json_array_size(it.problems), 1);
	assert_non_null(problem(&it, "form"));
	intake_item_release(&it);
}

static void test_idempotency(void **state)
{
	struct fixture *f = *state;
	const char *r = "{\"id\": \"dup\", \"form\": \"TS\", \"station\": \"S1\","
	                " \"observer\": \"A\", \"answers\": {\"A\": 0, \"B\": 3}}";
	struct intake_item it;
	struct submission_filter sf = {0};
	int64_t id, total;
	json_t *res;
	struct err e;

	id = submit_ok(f, r, 201);
	assert_int_equal(submit(f, r, &it), 200);
	assert_int_equal(intake_item_outcome(&it), INTAKE_DUPLICATE);
	assert_int_equal(it.rec.id, id);
	res = intake_result_json(&it);
	assert_true(json_is_true(json_object_get(res, "duplicate")));
	json_decref(res);
	intake_item_release(&it);

	/* The same id with other content. */
	assert_int_equal(
	    submit(f,
	           "{\"id\": \"dup\", \"form\": \"TS\", \"station\": \"S1\","
	           " \"observer\": \"A\", \"answers\": {\"A\": 0, \"B\": 4}}",
	           &it),
	    409);
	assert_int_equal(intake_item_outcome(&it), INTAKE_CONFLICT);
	res = intake_result_json(&it);
	assert_non_null(strstr(json_string_value(json_object_get(res, "error")), "dup"));
	json_decref(res);
	intake_item_release(&it);

	/* Counted once. */
	assert_int_equal(
	    store_submission_list(f->st, f->m.id, &sf, &total, NULL, NULL, &e), ST_OK);
	assert_int_equal(total, 1);
}

static void test_channel_not_in_hash(void **state)
{
	struct fixture *f = *state;
	const char *r = "{\"id\": \"ch\", \"form\": \"TS\", \"station\": \"S1\","
	                " \"observer\": \"A\", \"answers\": {\"A\": 0}}";
	struct intake_item a, b;

	prepare(f, r, "api", &a);
	prepare(f, r, "sms", &b);
	assert_string_equal(a.rec.content_hash, b.rec.content_hash);
	assert_string_equal(b.rec.channel, "sms");
	writer_run(f->w, intake_job(&b));
	writer_run(f->w, intake_job(&a));
	assert_int_equal(intake_http_status(&b), 201);
	assert_int_equal(intake_http_status(&a), 200);
	intake_item_release(&a);
	intake_item_release(&b);

	/* Another comment is another content. */
	prepare(f, r, "api", &a);
	prepare(
	    f,
	    "{\"id\": \"ch\", \"form\": \"TS\", \"station\": \"S1\", \"observer\": \"A\","
	    " \"answers\": {\"A\": 0}, \"comment\": \"x\"}",
	    "api", &b);
	assert_string_not_equal(a.rec.content_hash, b.rec.content_hash);
	intake_item_release(&a);
	intake_item_release(&b);
}

static void test_correction(void **state)
{
	struct fixture *f = *state;
	struct intake_item it;
	int64_t v1;

	v1 = submit_ok(f,
	               "{\"id\": \"c1\", \"form\": \"TS\", \"station\": \"S1\","
	               " \"observer\": \"A\", \"answers\": {\"A\": 0, \"B\": 3}}",
	               201);
	assert_int_equal(
	    submit(f,
	           "{\"id\": \"c1-fix\", \"replaces\": \"c1\", \"form\": \"TS\","
	           " \"station\": \"S1\", \"observer\": \"A\","
	           " \"answers\": {\"A\": 0, \"B\": 4}}",
	           &it),
	    201);
	assert_int_equal(it.rec.version, 2);
	assert_int_equal(it.rec.supersedes, v1);
	intake_item_release(&it);

	/* Correcting a report that does not exist: 422 naming "replaces". */
	assert_int_equal(
	    submit(f,
	           "{\"id\": \"c9\", \"replaces\": \"nope\", \"form\": \"TS\","
	           " \"station\": \"S1\", \"observer\": \"A\","
	           " \"answers\": {\"A\": 0}}",
	           &it),
	    422);
	assert_non_null(problem(&it, "replaces"));
	intake_item_release(&it);

	/* Correcting the old version again: 409. */
	assert_int_equal(
	    submit(f,
	           "{\"id\": \"c1-fix2\", \"replaces\": \"c1\", \"form\": \"TS\","
	           " \"station\": \"S1\", \"observer\": \"A\","
	           " \"answers\": {\"A\": 1}}",
	           &it),
	    409);
	intake_item_release(&it);
}

struct values {
	char text[512];
	char tag[8];
};

static enum status grab_conflict(void *ctx, const struct conflict_row *c)
{
	struct values *v = ctx;

	snprintf(v->text, sizeof(v->text), "%s", c->values);
	snprintf(v->tag, sizeof(v->tag), "%s", c->tag);
	return ST_OK;
}

static void test_conflicts(void **state)
{
	struct fixture *f = *state;
	struct conflict_filter cf = {.open_only = true};
	struct values v;
	int64_t a, b, total;
	struct err e;
	char want[256];

	a = submit_ok(
	    f,
	    "{\"id\": \"ka\", \"form\": \"TS\", \"station\": \"S1\","
	    " \"observer\": \"A\", \"answers\": {\"A\": 0, \"B\": 10, \"C\": 5}}",
	    201);
	assert_int_equal(count_conflicts(f, true), 0);
	b = submit_ok(f,
	              "{\"id\": \"kb\", \"form\": \"TS\", \"station\": \"S1\","
	              " \"observer\": \"B\", \"answers\": {\"A\": 0, \"B\": 12}}",
	              201);
	/* B differs; C was answered by one observer only: not a conflict. */
	assert_int_equal(
	    store_conflict_list(f->st, f->m.id, &cf, &total, grab_conflict, &v, &e),
	    ST_OK);
	assert_int_equal(total, 1);
	assert_string_equal(v.tag, "B");
	snprintf(want, sizeof(want),
	         "[{\"submission\":%lld,\"observer\":\"A\",\"value\":10},"
	         "{\"submission\":%lld,\"observer\":\"B\",\"value\":12}]",
	         (long long)a, (long long)b);
	assert_string_equal(v.text, want);

	/* Another station is not concerned. */
	submit_ok(f,
	          "{\"form\": \"TS\", \"station\": \"S2\", \"observer\": \"C\","
	          " \"answers\": {\"A\": 0, \"B\": 50}}",
	          201);
	assert_int_equal(count_conflicts(f, true), 1);

	/* B's correction agrees: the conflict goes. */
	submit_ok(f,
	          "{\"id\": \"kb2\", \"replaces\": \"kb\", \"form\": \"TS\", "
	          "\"station\": \"S1\","
	          " \"observer\": \"B\", \"answers\": {\"A\": 0, \"B\": 10}}",
	          201);
	assert_int_equal(count_conflicts(f, false), 0);

	/* A third observer disagrees; rejecting that report clears it again. */
	b = submit_ok(f,
	              "{\"form\": \"TS\", \"station\": \"S1\", \"observer\": \"C\","
	              " \"answers\": {\"A\": 0, \"B\": 11}}",
	              201);
	assert_int_equal(count_conflicts(f, true), 1);
	assert_int_equal(
	    store_submission_review(f->st, f->m.id, b, "rejected", "wrong", &e), ST_OK);
	assert_int_equal(intake_conflicts_refresh(f->st, f->m.id, "S1", "TS", &e), ST_OK);
	assert_int_equal(count_conflicts(f, true), 0);
}

struct alerts {
	int n;
	int64_t submission;
	char tag[8];
};

static enum status count_alert(void *ctx, const struct alert_row *a)
{
	struct alerts *al = ctx;

	al->n++;
	al->submission = a->submission_id;
	snprintf(al->tag, sizeof(al->tag), "%s", a->tag);
	return ST_OK;
}

static void test_alert_on_critical(void **state)
{
	struct fixture *f = *state;
	struct alerts al = {0};
	struct intake_item it;
	json_t *res;
	struct err e;

	assert_int_equal(submit(f,
	                        "{\"id\": \"al\", \"form\": \"TS\", \"station\": \"S1\","
	                        " \"observer\": \"A\", \"answers\": {\"A\": \"yes\"}}",
	                        &it),
	                 201);
	res = intake_result_json(&it);
	assert_int_equal(json_array_size(json_object_get(res, "alerts")), 1);
	json_decref(res);
	assert_int_equal(store_alert_list(f->st, f->m.id, count_alert, &al, &e), ST_OK);
	assert_int_equal(al.n, 1);
	assert_int_equal(al.submission, it.rec.id);
	assert_string_equal(al.tag, "A");
	intake_item_release(&it);

	/* A duplicate raises nothing more. */
	submit_ok(f,
	          "{\"id\": \"al\", \"form\": \"TS\", \"station\": \"S1\","
	          " \"observer\": \"A\", \"answers\": {\"A\": \"yes\"}}",
	          200);
	al.n = 0;
	assert_int_equal(store_alert_list(f->st, f->m.id, count_alert, &al, &e), ST_OK);
	assert_int_equal(al.n, 1);
}

static void test_cache_reloads(void **state)
{
	struct fixture *f = *state;
	const char *r = "{\"form\": \"TS\", \"station\": \"S1\", \"observer\": \"A\","
	                " \"answers\": {\"A\": 0, \"E\": 7}}";
	struct intake_item it;

	prepare(f, r, "api", &it);
	assert_true(it.refused);
	assert_non_null(problem(&it, "E"));
	intake_item_release(&it);
	/* Prepared again from the cache: same answer. */
	prepare(f, r, "api", &it);
	assert_true(it.refused);
	intake_item_release(&it);

	put_ts(f,
	       ", {\"tag\": \"E\", \"type\": \"integer\", \"text\": {\"en\": \"New\"}}");
	prepare(f, r, "api", &it);
	assert_false(it.refused);
	intake_item_release(&it);
}

/* Another connection makes the station code a district, which moves the
 * registry's version. */
static void station_made_district(struct fixture *f, const char *code)
{
	struct location l = {.code = code,
	                     .name = code,
	                     .level = "district",
	                     .parent = "R1",
	                     .registered_voters = -1};
	enum upsert_result res;
	struct store *other;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_open(f->url, &other, &e), ST_OK);
	assert_int_equal(store_location_upsert(other, f->m.id, &l, &res, &e), ST_OK);
	store_close(other);
}

/* A report checked against the registry's version taken from the cache
 * without reading it: the writer stores it while that is still the
 * version, and otherwise stores nothing and asks for the request to be
 * made again. */
static void test_registry_moved(void **state)
{
	struct fixture *f = *state;
	const char *r = "{\"id\": \"moved-1\", \"form\": \"TS\", \"station\": \"S1\","
	                " \"observer\": \"A\", \"answers\": {\"A\": 0}}";
	const char *r2 = "{\"id\": \"moved-2\", \"form\": \"TS\", \"station\": \"S1\","
	                 " \"observer\": \"A\", \"answers\": {\"A\": 0}}";
	struct registry_cache *c = registry_cache_new();
	struct intake_item it;

	registry_cache_attach(c, f->st);
	/* The cache learns the version. */
	registry_cache_next(f->st);
	prepare(f, r, "api", &it);
	assert_false(it.registry_check);
	intake_item_release(&it);

	/* Unchanged: stored. */
	registry_cache_next(f->st);
	registry_cache_trust(f->st);
	prepare(f, r, "api", &it);
	assert_true(it.registry_check);
	writer_run(f->w, intake_job(&it));
	assert_false(it.job.retry);
	assert_int_equal(intake_http_status(&it), 201);
	intake_item_release(&it);

	/* Another connection moves the version (a station becomes a
	 * district) between the check and the writer. */
	registry_cache_next(f->st);
	registry_cache_trust(f->st);
	prepare(f, r2, "api", &it);
	assert_true(it.registry_check);
	station_made_district(f, "S2");
	assert_int_equal(writer_run(f->w, intake_job(&it)), ST_BUSY);
	assert_true(it.job.retry);
	assert_int_equal(intake_item_outcome(&it), INTAKE_FAILED);
	intake_item_release(&it);

	/* Nothing was stored: the same report made again, reading, is new. */
	registry_cache_next(f->st);
	submit_ok(f, r2, 201);

	f->st->registry = NULL;
	registry_cache_free(c);
}

static int64_t inbox_count(struct fixture *f)
{
	int64_t total = -1;
	struct err e;

	err_clear(&e);
	assert_int_equal(
	    store_received_list(f->st, f->m.id, 0, 0, &total, NULL, NULL, &e), ST_OK);
	return total;
}

/* A report refused on the registry as the cache remembers it, to be kept
 * as received (as ODK's are), is not kept when the registry has moved
 * since: the writer asks for the request to be made again. */
static void test_refusal_registry_moved(void **state)
{
	struct fixture *f = *state;
	const char *r = "{\"id\": \"at-r1\", \"form\": \"TS\", \"station\": \"R1\","
	                " \"observer\": \"A\", \"answers\": {\"A\": 0}}";
	struct registry_cache *c = registry_cache_new();
	struct intake_item it;
	int64_t kept;

	registry_cache_attach(c, f->st);
	/* The cache learns R1, a region: no station for a checklist. */
	registry_cache_next(f->st);
	prepare(f, r, "api", &it);
	assert_true(it.refused);
	assert_false(it.registry_check);
	intake_item_release(&it);
	kept = inbox_count(f);

	/* Unchanged: refused from memory and kept. */
	registry_cache_next(f->st);
	registry_cache_trust(f->st);
	prepare(f, r, "api", &it);
	assert_true(it.refused);
	assert_true(it.registry_check);
	intake_item_keep(&it, "api", "A", r, strlen(r));
	assert_int_equal(writer_run(f->w, intake_job(&it)), ST_OK);
	assert_false(it.job.retry);
	intake_item_release(&it);
	assert_int_equal(inbox_count(f), kept + 1);

	/* Another connection moves the version before the writer keeps it. */
	registry_cache_next(f->st);
	registry_cache_trust(f->st);
	prepare(f, r, "api", &it);
	assert_true(it.registry_check);
	intake_item_keep(&it, "api", "A", r, strlen(r));
	station_made_district(f, "S2");
	assert_int_equal(writer_run(f->w, intake_job(&it)), ST_BUSY);
	assert_true(it.job.retry);
	intake_item_release(&it);
	assert_int_equal(inbox_count(f), kept + 1);

	f->st->registry = NULL;
	registry_cache_free(c);
}

static void test_choices_reload(void **state)
{
	struct fixture *f = *state;
	const char *r = "{\"form\": \"PR\", \"station\": \"S1\", \"observer\": \"A\","
	                " \"answers\": {\"P1\": 10}}";
	const char csv[] = "order,code,name,kind\n"
	                   "1,NUR,Amanat,party\n"
	                   "2,AKZ,Ak Zhol,party\n"
	                   "3,AA,Against all,against_all\n";
	struct import_counts counts;
	struct csv_reader cr;
	struct intake_item it;
	struct err e;

	prepare(f, r, "api", &it);
	assert_true(it.refused);
	assert_non_null(problem(&it, "P1"));
	intake_item_release(&it);

	csv_open_mem(&cr, csv, strlen(csv));
	assert_int_equal(import_choices(&cr, f->st, &f->m, NULL, &counts, &e), ST_OK);
	csv_close(&cr);
	assert_int_equal(counts.inserted, 3);

	prepare(f, r, "api", &it);
	assert_null(problem(&it, "P1"));
	assert_non_null(problem(&it, "P2")); /* the lines are required in PR */
	intake_item_release(&it);
}

static void test_import_choices_errors(void **state)
{
	struct fixture *f = *state;
	struct import_counts counts;
	struct csv_reader cr;
	struct err e;
	const char *bad[][2] = {
	    {"order,code,name,kind\n1,A,One,party\n1,B,Two,party\n",
	     "line 3, column order: order 1 is already used on line 2"},
	    {"order,code,name,kind\n1,A,One,party\n2,A,Two,party\n",
	     "line 3, column code: code \"A\" is already used on line 2"},
	    {"order,code,name,kind\n1,A,One,partei\n", "line 2, column kind:"},
	    {"order,code,name,kind\nx,A,One,party\n", "line 2, column order:"},
	    {"order,code,name\n1,A,One\n", "\"kind\" is missing"},
	    {"order,code,name,kind\n1,A,One,against_all\n2,B,Two,against_all\n",
	     "line 3, column kind:"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		csv_open_mem(&cr, bad[i][0], strlen(bad[i][0]));
		assert_int_equal(import_choices(&cr, f->st, &f->m, NULL, &counts, &e),
		                 ST_INVALID);
		csv_close(&cr);
		if (!strstr(e.msg, bad[i][1]))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, bad[i][1]);
	}
}

/* ---- threads sharing one intake while the forms change ---- */

struct worker {
	struct fixture *f;
	int ok;
};

static void *prepare_many(void *arg)
{
	struct worker *w = arg;
	struct store *st;
	struct err e;

	if (store_open(w->f->url, &st, &e))
		return NULL;
	for (int i = 0; i < 200; i++) {
		const char *r =
		    "{\"form\": \"TS\", \"station\": \"S1\", \"observer\": \"A\","
		    " \"answers\": {\"A\": 0}}";
		struct submission sub;
		struct intake_item it;
		json_t *root = NULL;
		submission_json_load(r, strlen(r), &root, &e);
		submission_from_json(root, &sub, NULL, &e);
		intake_item_init(&it);
		if (intake_prepare(w->f->in, st, &w->f->m, &sub, &it, &e) == ST_OK &&
		    !it.refused)
			w->ok++;
		intake_item_release(&it);
		json_decref(root);
	}
	store_close(st);
	return NULL;
}

static void test_threads_share_cache(void **state)
{
	struct fixture *f = *state;
	struct worker w[4];
	pthread_t th[4];

	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){f, 0};
		pthread_create(&th[i], NULL, prepare_many, &w[i]);
	}
	enum status put[5];
	struct err e[5];

	for (int i = 0; i < 5; i++) {
		char extra[128];
		snprintf(extra, sizeof(extra),
		         ", {\"tag\": \"E%d\", \"type\": \"integer\", \"text\": {\"en\": "
		         "\"x\"}}",
		         i);
		put[i] = put_ts_status(f, extra, &e[i]);
		usleep(2000);
	}
	/* Every thread joined before anything is asserted: a failure must
	 * not free the intake under threads still using it. */
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 5; i++) {
		if (put[i])
			print_error("storing form TS, change %d: %s\n", i, e[i].msg);
		assert_int_equal(put[i], ST_OK);
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(w[i].ok, 200);
}

/* Tabulation is observed at territorial commissions, not at stations. */
static void test_form_level(void **state)
{
	struct fixture *f = *state;
	struct intake_item it;
	json_t *p;

	put_location(f, "T1", "territory", "R1");
	assert_int_equal(submit(f,
	                        "{\"form\": \"TA\", \"station\": \"S1\", \"observer\": "
	                        "\"A\", \"answers\": {\"Z\": 3}}",
	                        &it),
	                 422);
	p = problem(&it, "station");
	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(p, "message")),
	                    "\"S1\" is a polling station, not a territorial commission");
	intake_item_release(&it);
	submit_ok(f,
	          "{\"form\": \"TA\", \"station\": \"T1\", \"observer\": \"A\","
	          " \"answers\": {\"Z\": 3}}",
	          201);
	/* And an opening checklist is not filled at a commission. */
	assert_int_equal(submit(f,
	                        "{\"form\": \"OP\", \"station\": \"T1\", \"observer\": "
	                        "\"A\", \"answers\": {\"Z\": 3}}",
	                        &it),
	                 422);
	assert_non_null(problem(&it, "station"));
	intake_item_release(&it);
}

int test_intake(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_form_level, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_builtin_forms_installed, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_valid_new, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_flagged, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reject_check, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_all_problems_listed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_idempotency, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_channel_not_in_hash, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_correction, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_conflicts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_alert_on_critical, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cache_reloads, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_registry_moved, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusal_registry_moved, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_choices_reload, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_choices_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_threads_share_cache, setup, teardown),
	};
	return cmocka_run_group_tests_name("intake", tests, NULL, NULL);
}
