/* test_intake_conflicts.c - the conflicts the intake job keeps as reports
 * arrive, taking its short cuts (one observer, observers who agree on
 * everything, a first version that can end no conflict), must always be
 * the conflicts a full recomputation finds: checked after every step of
 * a long pseudo-random sequence of reports, corrections and rejections by
 * three observers at two stations, and on the cases the short cuts must
 * not miss. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "ingest/forms_install.h"
#include "ingest/intake.h"
#include "ingest/submission_json.h"
#include "store/store.h"
#include "store/writer.h"
#include "test.h"

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
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-conflicts-%d-%d.db",
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

/* Store the report written as JSON through the intake; returns its key. */
static int64_t submit(struct fixture *f, const char *json)
{
	struct intake_item it;
	struct submission sub;
	json_t *root = NULL;
	int64_t id;
	struct err e;

	err_clear(&e);
	intake_item_init(&it);
	assert_int_equal(submission_json_load(json, strlen(json), &root, &e), ST_OK);
	assert_int_equal(submission_from_json(root, &sub, NULL, &e), ST_OK);
	assert_int_equal(intake_prepare(f->in, f->st, &f->m, &sub, &it, &e), ST_OK);
	assert_false(it.refused);
	writer_run(f->w, intake_job(&it));
	assert_int_equal(intake_http_status(&it), 201);
	id = it.rec.id;
	intake_item_release(&it);
	json_decref(root);
	return id;
}

static enum status add_conflict(void *ctx, const struct conflict_row *c)
{
	buf_appendf(ctx, "%s %s %s %s\n", c->station, c->tag, c->values,
	            c->resolved_value ? c->resolved_value : "open");
	return ST_OK;
}

/* Every conflict of the mission, one line each, in the store's order. */
static char *conflicts(struct fixture *f)
{
	struct conflict_filter cf = {0};
	struct buf b;
	int64_t total;
	struct err e;

	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(
	    store_conflict_list(f->st, f->m.id, &cf, &total, add_conflict, &b, &e),
	    ST_OK);
	return buf_detach(&b, NULL);
}

/* What the conflicts must be, worked out here from every current report
 * (store_submission_peers, not the job's query): per station, each
 * observer's latest report that is not rejected, and for each tag that
 * two of them answered differently, the values in the order of the
 * reports. */
struct latest {
	int64_t id[8];
	char observer[8][8];
	json_t *answers[8];
	int n;
};

static enum status keep_latest(void *ctx, const struct stored_submission *s)
{
	struct latest *l = ctx;
	int i;

	for (i = 0; i < l->n && strcmp(l->observer[i], s->observer); i++)
		;
	if (i == l->n) {
		assert_true(l->n < 8);
		snprintf(l->observer[l->n++], sizeof(l->observer[0]), "%s", s->observer);
	} else if (l->id[i] > s->id) {
		return ST_OK;
	} else {
		json_decref(l->answers[i]);
	}
	l->id[i] = s->id;
	l->answers[i] = json_loads(s->answers, 0, NULL);
	return ST_OK;
}

static void expected_at(struct fixture *f, const char *station, struct buf *b)
{
	static const char *const tags[] = {"B", "C", "D", "E", "Z"};
	struct latest l = {.n = 0};
	struct err e;

	assert_int_equal(store_submission_peers(f->st, f->m.id, station, "OP", "",
	                                        keep_latest, &l, &e),
	                 ST_OK);
	/* Oldest first: the peers come by id, the latest of each observer
	 * may not. */
	for (int i = 0; i < l.n; i++)
		for (int j = i + 1; j < l.n; j++)
			if (l.id[j] < l.id[i]) {
				int64_t id = l.id[i];
				json_t *a = l.answers[i];
				char o[8];
				memcpy(o, l.observer[i], sizeof(o));
				l.id[i] = l.id[j];
				l.answers[i] = l.answers[j];
				memcpy(l.observer[i], l.observer[j], sizeof(o));
				l.id[j] = id;
				l.answers[j] = a;
				memcpy(l.observer[j], o, sizeof(o));
			}
	for (size_t t = 0; t < 5; t++) {
		json_t *first = NULL;
		bool differ = false;
		for (int i = 0; i < l.n; i++) {
			json_t *v = json_object_get(l.answers[i], tags[t]);
			if (v && !first)
				first = v;
			else if (v && !json_equal(v, first))
				differ = true;
		}
		if (!differ)
			continue;
		buf_appendf(b, "%s %s [", station, tags[t]);
		for (int i = 0, k = 0; i < l.n; i++) {
			json_t *v = json_object_get(l.answers[i], tags[t]);
			char *text;
			if (!v)
				continue;
			text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
			buf_appendf(b,
			            "%s{\"submission\":%lld,\"observer\":\"%s\","
			            "\"value\":%s}",
			            k++ ? "," : "", (long long)l.id[i], l.observer[i],
			            text);
			free(text);
		}
		buf_appends(b, "] open\n");
	}
	for (int i = 0; i < l.n; i++)
		json_decref(l.answers[i]);
}

/* The conflicts as the job left them, one line each, by station and tag
 * (the store lists them by station and tag too). */
static char *expected(struct fixture *f)
{
	struct buf b;

	buf_init(&b, BUF_NO_CAP);
	expected_at(f, "S1", &b);
	expected_at(f, "S2", &b);
	return buf_detach(&b, NULL);
}

/* The conflicts as the job left them are those worked out above, and
 * those a full recomputation of both stations gives. */
static void assert_as_recomputed(struct fixture *f)
{
	char *kept = conflicts(f), *full, *want = expected(f);
	struct err e;

	assert_string_equal(kept, want);
	free(want);
	err_clear(&e);
	assert_int_equal(intake_conflicts_refresh(f->st, f->m.id, "S1", "OP", &e), ST_OK);
	assert_int_equal(intake_conflicts_refresh(f->st, f->m.id, "S2", "OP", &e), ST_OK);
	full = conflicts(f);
	assert_string_equal(kept, full);
	free(kept);
	free(full);
}

static int64_t count(struct fixture *f)
{
	struct conflict_filter cf = {0};
	int64_t total = -1;
	struct err e;

	assert_int_equal(store_conflict_list(f->st, f->m.id, &cf, &total, NULL, NULL, &e),
	                 ST_OK);
	return total;
}

/* An observer's second report (a new id, not a correction) that agrees
 * with the other observer ends their conflict: the first one no longer
 * counts, although the new one is a first version. */
static void test_second_report_ends_conflict(void **state)
{
	struct fixture *f = *state;

	submit(f, "{\"id\": \"a1\", \"form\": \"OP\", \"station\": \"S1\","
	          " \"observer\": \"A\", \"answers\": {\"C\": \"yes\", \"Z\": 4}}");
	submit(f, "{\"id\": \"b1\", \"form\": \"OP\", \"station\": \"S1\","
	          " \"observer\": \"B\", \"answers\": {\"C\": \"no\", \"Z\": 4}}");
	assert_int_equal(count(f), 1);
	submit(f, "{\"id\": \"a2\", \"form\": \"OP\", \"station\": \"S1\","
	          " \"observer\": \"A\", \"answers\": {\"C\": \"no\", \"Z\": 4}}");
	assert_int_equal(count(f), 0);
	assert_as_recomputed(f);
}

/* Observers who agree on everything have no conflict; a third who
 * disagrees has one with all three values, and when two agree on
 * everything but a third differs, only the differing tags count. */
static void test_agreeing_then_not(void **state)
{
	struct fixture *f = *state;
	char *got;
	int64_t a, b, c;

	a = submit(f, "{\"form\": \"OP\", \"station\": \"S1\", \"observer\": \"A\","
	              " \"answers\": {\"C\": \"yes\", \"D\": \"no\", \"Z\": 4}}");
	b = submit(f, "{\"form\": \"OP\", \"station\": \"S1\", \"observer\": \"B\","
	              " \"answers\": {\"C\": \"yes\", \"D\": \"no\", \"Z\": 4}}");
	assert_int_equal(count(f), 0);
	c = submit(f, "{\"form\": \"OP\", \"station\": \"S1\", \"observer\": \"C\","
	              " \"answers\": {\"C\": \"yes\", \"D\": \"yes\", \"Z\": 4}}");
	got = conflicts(f);
	{
		char want[512];
		snprintf(want, sizeof(want),
		         "S1 D [{\"submission\":%lld,\"observer\":\"A\",\"value\":0},"
		         "{\"submission\":%lld,\"observer\":\"B\",\"value\":0},"
		         "{\"submission\":%lld,\"observer\":\"C\",\"value\":1}] open\n",
		         (long long)a, (long long)b, (long long)c);
		assert_string_equal(got, want);
	}
	free(got);
	assert_as_recomputed(f);
}

/* A small generator, the same on every machine. */
static uint32_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*s >> 33);
}

/* Reports, corrections and rejections at random; after each step the
 * conflicts are those of a full recomputation. */
static void test_random_sequence(void **state)
{
	static const char *const observers[] = {"A", "B", "C"};
	static const char *const stations[] = {"S1", "S2"};
	static const char *const yn[] = {"yes", "no"};
	struct fixture *f = *state;
	/* The latest client id of each observer at each station, 0 if none. */
	int latest[3][2] = {{0}};
	int64_t ids[400] = {0};
	uint64_t seed = 2023;
	int serial = 0, conflicts_seen = 0;
	struct err e;

	for (int step = 0; step < 300; step++) {
		int o = (int)(next(&seed) % 3), s = (int)(next(&seed) % 2);
		uint32_t what = next(&seed) % 10;
		char json[512], answers[128], replaces[32] = "";
		size_t n = 0;

		if (what == 0 && serial) {
			/* A clerk rejects a report; the review refreshes. */
			int64_t id = ids[next(&seed) % (uint32_t)serial];
			struct stored_submission sub;
			struct arena a = ARENA_INIT;
			err_clear(&e);
			assert_int_equal(
			    store_submission_get(f->st, f->m.id, id, &a, &sub, &e),
			    ST_OK);
			assert_int_equal(store_submission_review(f->st, f->m.id, id,
			                                         "rejected", "test", &e),
			                 ST_OK);
			assert_int_equal(intake_conflicts_refresh(
			                     f->st, f->m.id, sub.station, sub.form, &e),
			                 ST_OK);
			arena_release(&a);
			assert_as_recomputed(f);
			continue;
		}
		/* The rating, the time of opening (text) and three yes-no
		 * questions, each answered or not, mostly alike so that
		 * observers often agree on everything. */
		n += (size_t)snprintf(answers + n, sizeof(answers) - n, "\"Z\": %u",
		                      next(&seed) % 4 ? 4 : 2);
		if (next(&seed) % 3)
			n += (size_t)snprintf(answers + n, sizeof(answers) - n,
			                      ", \"B\": \"07:%02u\"", next(&seed) % 3);
		for (const char *t = "CDE"; *t; t++) {
			uint32_t r = next(&seed) % 8;
			if (r < 6)
				n += (size_t)snprintf(answers + n, sizeof(answers) - n,
				                      ", \"%c\": \"%s\"", *t,
				                      yn[r < 5 ? 0 : 1]);
		}
		/* Sometimes a correction of the observer's latest report there. */
		if (what < 4 && latest[o][s])
			snprintf(replaces, sizeof(replaces), "\"replaces\": \"r%d\", ",
			         latest[o][s]);
		serial++;
		snprintf(json, sizeof(json),
		         "{\"id\": \"r%d\", %s\"form\": \"OP\", \"station\": \"%s\","
		         " \"observer\": \"%s\", \"answers\": {%s}}",
		         serial, replaces, stations[s], observers[o], answers);
		ids[serial - 1] = submit(f, json);
		latest[o][s] = serial;
		if (count(f))
			conflicts_seen++;
		assert_as_recomputed(f);
	}
	/* The sequence did exercise conflicts, not only agreement. */
	assert_true(conflicts_seen > 30);
}

/* Refreshing a station the mission does not have changes nothing. */
static void test_unknown_station(void **state)
{
	struct fixture *f = *state;
	struct err e;

	err_clear(&e);
	assert_int_equal(intake_conflicts_refresh(f->st, f->m.id, "NOPE", "OP", &e),
	                 ST_OK);
	assert_int_equal(count(f), 0);
}

int test_intake_conflicts(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_second_report_ends_conflict, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_agreeing_then_not, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_random_sequence, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_station, setup, teardown),
	};
	return cmocka_run_group_tests_name("intake_conflicts", tests, NULL, NULL);
}
