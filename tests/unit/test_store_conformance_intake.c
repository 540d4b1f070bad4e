/* test_store_conformance_intake.c - what the intake reads for each report
 * (a location's key and level, the current reports on a station and
 * form), a page of alerts and the quick count's reports give the same
 * answers on SQLite and on PostgreSQL: each test runs on both back-ends
 * (fixture.h's test_backends).  Reports are put in with SQL, so that these
 * tests hold only the operations they name to account. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "store/store.h"
#include "store/store_alerts.h"
#include "store/store_sqlite.h"

/* Region R1 with stations S1, S2, S3; observers O1, O2. */
static void world_in(struct store *st, int64_t mid)
{
	test_location_put(st, mid, "R1", "region", NULL);
	test_location_put(st, mid, "S1", "station", "R1");
	test_location_put(st, mid, "S2", "station", "R1");
	test_location_put(st, mid, "S3", "station", "R1");
	test_observer_put(st, mid, "O1");
	test_observer_put(st, mid, "O2");
}

/* A report by observer at station on form with status, its answers
 * {"n":N}; its key. */
static int64_t report_in(struct store *st, int64_t mid, const char *station,
                         const char *observer, const char *form, const char *status,
                         int n)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	struct db_stmt *q;
	char answers[32];
	int64_t id;
	bool row;
	struct err e;

	err_clear(&e);
	snprintf(answers, sizeof(answers), "{\"n\":%d}", n);
	assert_int_equal(
	    db_prepare(s->conn,
	               "INSERT INTO submission (mission_id, form, form_version,"
	               " station_id, observer_id, received_at, channel, answers, status,"
	               " content_hash) SELECT CAST(?1 AS BIGINT), CAST(?4 AS TEXT), 1,"
	               " l.id, o.id, '2023-03-19T20:00:00Z', 'api', CAST(?5 AS TEXT),"
	               " CAST(?6 AS TEXT), 'h' FROM location l, observer o"
	               " WHERE l.mission_id = ?1 AND l.code = ?2 AND o.mission_id = ?1"
	               " AND o.code = ?3 RETURNING id",
	               0, &q, &e),
	    ST_OK);
	db_bind_int64(q, 1, mid);
	db_bind_text(q, 2, station);
	db_bind_text(q, 3, observer);
	db_bind_text(q, 4, form);
	db_bind_text(q, 5, answers);
	db_bind_text(q, 6, status);
	assert_int_equal(db_step(q, &row, &e), ST_OK);
	assert_true(row);
	id = db_col_int64(q, 0);
	db_finalize(q);
	return id;
}

/* Report old replaced by report new. */
static void supersede(struct store *st, int64_t old, int64_t new)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	char sql[256];
	struct err e;

	err_clear(&e);
	snprintf(sql, sizeof(sql),
	         "UPDATE submission SET superseded_by = %lld WHERE id = %lld;"
	         "UPDATE submission SET supersedes = %lld, version = 2 WHERE id = %lld",
	         (long long)new, (long long)old, (long long)old, (long long)new);
	assert_int_equal(db_exec(s->conn, sql, &e), ST_OK);
}

/* Items joined by ',' into a fixed buffer. */
struct joined {
	char text[2048];
	struct store *st; /* for callbacks that look something up */
	int64_t mid;
	int stop_after; /* > 0: the callback stops the walk after so many */
};

static void join(struct joined *j, const char *item)
{
	size_t n = strlen(j->text);

	snprintf(j->text + n, sizeof(j->text) - n, "%s%s", n ? "," : "", item);
}

/* ---- the intake's reads ---- */

static enum status station_report_seen(void *ctx, const struct stored_submission *s)
{
	struct joined *j = ctx;
	struct arena a = ARENA_INIT;
	const char *level = NULL, *code = NULL;
	int64_t id = -1;
	char item[128];
	struct err e;

	/* Other statements run while the reports are read; the observer's
	 * code is read by its key, as the intake does for a conflict. */
	err_clear(&e);
	assert_int_equal(store_location_key(j->st, j->mid, "R1", &id, &level, &e), ST_OK);
	assert_string_equal(level, "region");
	assert_null(s->observer);
	assert_int_equal(
	    store_observer_code(j->st, j->mid, s->observer_id, &a, &code, &e), ST_OK);
	snprintf(item, sizeof(item), "%lld/%lld/%s/%s", (long long)s->id,
	         (long long)s->observer_id, code, s->answers);
	arena_release(&a);
	join(j, item);
	if (j->stop_after && --j->stop_after == 0)
		return ST_INVALID;
	return ST_OK;
}

static void test_intake_reads(void **state)
{
	struct store *st = test_store_open();
	int64_t mid = test_mission_put(st, "kz"), other = test_mission_put(st, "uz");
	int64_t s1, s1_there, r1, o1, o2, first, fixed, rejected, later;
	struct joined j = {.st = st, .mid = mid};
	const char *level;
	char want[256];
	struct err e;

	(void)state;
	err_clear(&e);
	world_in(st, mid);
	test_location_put(st, other, "S1", "station", NULL);
	test_observer_put(st, other, "O1");

	/* Keys and canonical levels; nothing (and no error) for no such code. */
	assert_int_equal(store_location_key(st, mid, "S1", &s1, &level, &e), ST_OK);
	assert_true(s1 > 0);
	assert_string_equal(level, "station");
	assert_int_equal(store_location_key(st, mid, "R1", &r1, &level, &e), ST_OK);
	assert_string_equal(level, "region");
	assert_int_equal(store_location_key(st, other, "S1", &s1_there, &level, &e),
	                 ST_OK);
	assert_true(s1_there != s1);
	assert_int_equal(store_location_key(st, mid, "S9", &r1, &level, &e), ST_OK);
	assert_int_equal(r1, 0);
	assert_null(level);

	/* On S1's PR: the first report corrected, one rejected, one later;
	 * reports on other forms, stations and missions do not count. */
	first = report_in(st, mid, "S1", "O1", "PR", "new", 1);
	fixed = report_in(st, mid, "S1", "O1", "PR", "new", 2);
	supersede(st, first, fixed);
	rejected = report_in(st, mid, "S1", "O2", "PR", "rejected", 3);
	later = report_in(st, mid, "S1", "O2", "PR", "flagged", 4);
	report_in(st, mid, "S1", "O2", "VO", "new", 5);
	report_in(st, mid, "S2", "O2", "PR", "new", 6);
	report_in(st, other, "S1", "O1", "PR", "new", 7);
	(void)rejected;
	{
		struct store_sqlite *s = (struct store_sqlite *)st;
		struct db_stmt *q;
		bool row;

		assert_int_equal(
		    db_prepare(s->conn,
		               "SELECT id FROM observer WHERE mission_id = ?1"
		               " ORDER BY code",
		               0, &q, &e),
		    ST_OK);
		db_bind_int64(q, 1, mid);
		assert_int_equal(db_step(q, &row, &e), ST_OK);
		o1 = db_col_int64(q, 0);
		assert_int_equal(db_step(q, &row, &e), ST_OK);
		o2 = db_col_int64(q, 0);
		db_finalize(q);
	}
	snprintf(want, sizeof(want), "%lld/%lld/O1/{\"n\":2},%lld/%lld/O2/{\"n\":4}",
	         (long long)fixed, (long long)o1, (long long)later, (long long)o2);
	assert_int_equal(
	    store_station_reports(st, mid, s1, "PR", 0, station_report_seen, &j, &e),
	    ST_OK);
	assert_string_equal(j.text, want);

	/* A callback's refusal stops the walk and is returned; the next walk
	 * starts afresh. */
	memset(j.text, 0, sizeof(j.text));
	j.stop_after = 1;
	assert_int_equal(
	    store_station_reports(st, mid, s1, "PR", 0, station_report_seen, &j, &e),
	    ST_INVALID);
	memset(j.text, 0, sizeof(j.text));
	assert_int_equal(
	    store_station_reports(st, mid, s1, "PR", 0, station_report_seen, &j, &e),
	    ST_OK);
	assert_string_equal(j.text, want);
	memset(j.text, 0, sizeof(j.text));
	assert_int_equal(
	    store_station_reports(st, mid, s1, "XX", 0, station_report_seen, &j, &e),
	    ST_OK);
	assert_string_equal(j.text, "");
	/* The report the writer has just stored is left out when named. */
	snprintf(want, sizeof(want), "%lld/%lld/O1/{\"n\":2}", (long long)fixed,
	         (long long)o1);
	memset(j.text, 0, sizeof(j.text));
	assert_int_equal(
	    store_station_reports(st, mid, s1, "PR", later, station_report_seen, &j, &e),
	    ST_OK);
	assert_string_equal(j.text, want);
	/* A key that is no observer of the mission's. */
	{
		struct arena a = ARENA_INIT;
		const char *code = "x";
		assert_int_equal(
		    store_observer_code(st, mid, o1 + o2 + 1000, &a, &code, &e),
		    ST_NOT_FOUND);
		assert_null(code);
		arena_release(&a);
	}
	test_store_close(st);
}

/* ---- a page of alerts ---- */

struct alert_rows {
	char line[64][128];
	size_t n;
	const struct alert_filter *f; /* the reference's filter, NULL: keep all */
	int64_t seen;                 /* the reference's matching rows */
};

static bool in_ids(const struct alert_filter *f, int64_t id)
{
	for (size_t i = 0; i < f->n_ids; i++)
		if (f->submission_ids[i] == id)
			return true;
	return false;
}

static enum status alert_seen(void *ctx, const struct alert_row *a)
{
	struct alert_rows *r = ctx;

	if (r->f) {
		bool keep = (!r->f->station || !strcmp(r->f->station, a->station)) &&
		            (!r->f->form || !strcmp(r->f->form, a->form)) &&
		            (!r->f->n_ids || in_ids(r->f, a->submission_id));
		if (!keep)
			return ST_OK;
		r->seen++;
		if (r->seen <= r->f->offset || r->seen > r->f->offset + r->f->limit)
			return ST_OK;
	}
	assert_true(r->n < 64);
	snprintf(r->line[r->n++], sizeof(r->line[0]), "%lld %lld %s %s %s %s %s",
	         (long long)a->id, (long long)a->submission_id, a->station, a->form,
	         a->tag ? a->tag : "-", a->value ? a->value : "-", a->message);
	return ST_OK;
}

/* store_alert_select() against the whole list filtered and paged here. */
static void alerts_match(struct store *st, int64_t mid, const struct alert_filter *f,
                         size_t want_rows)
{
	static struct alert_rows full, fast;
	int64_t total = -1;
	struct err e;

	err_clear(&e);
	memset(&full, 0, sizeof(full));
	memset(&fast, 0, sizeof(fast));
	full.f = f;
	assert_int_equal(store_alert_list(st, mid, alert_seen, &full, &e), ST_OK);
	assert_int_equal(store_alert_select(st, mid, f, &total, alert_seen, &fast, &e),
	                 ST_OK);
	assert_int_equal(total, full.seen);
	assert_int_equal(fast.n, full.n);
	assert_int_equal(fast.n, want_rows);
	for (size_t i = 0; i < fast.n; i++)
		assert_string_equal(fast.line[i], full.line[i]);
}

static void test_alert_pages(void **state)
{
	struct store *st = test_store_open();
	int64_t mid = test_mission_put(st, "kz"), other = test_mission_put(st, "uz");
	int64_t pr1, pr2, vo1, pr3, elsewhere, many[70], two[2], total;
	struct alert_filter f = {.limit = 10};
	struct err e;

	(void)state;
	err_clear(&e);
	world_in(st, mid);
	test_location_put(st, other, "S1", "station", NULL);
	test_observer_put(st, other, "O1");
	pr1 = report_in(st, mid, "S1", "O1", "PR", "new", 1);
	pr2 = report_in(st, mid, "S2", "O2", "PR", "new", 2);
	vo1 = report_in(st, mid, "S1", "O2", "VO", "new", 3);
	pr3 = report_in(st, mid, "S3", "O1", "PR", "new", 4);
	elsewhere = report_in(st, other, "S1", "O1", "PR", "new", 5);
	assert_int_equal(store_alert_add(st, mid, pr1, "A", "9", "too many", &e), ST_OK);
	assert_int_equal(store_alert_add(st, mid, pr2, NULL, NULL, "late", &e), ST_OK);
	assert_int_equal(store_alert_add(st, mid, vo1, "B", "0", "closed", &e), ST_OK);
	assert_int_equal(store_alert_add(st, mid, pr1, "C", "1", "no seal", &e), ST_OK);
	assert_int_equal(store_alert_add(st, mid, pr3, "A", "7", "too many", &e), ST_OK);
	assert_int_equal(store_alert_add(st, other, elsewhere, "A", "1", "x", &e), ST_OK);

	alerts_match(st, mid, &f, 5);
	f.station = "S1";
	alerts_match(st, mid, &f, 3);
	f.form = "PR";
	alerts_match(st, mid, &f, 2);
	f.station = NULL;
	alerts_match(st, mid, &f, 4);
	f = (struct alert_filter){.form = "PR", .limit = 2, .offset = 1};
	alerts_match(st, mid, &f, 2);
	f = (struct alert_filter){.station = "S2", .limit = 10};
	alerts_match(st, mid, &f, 1);
	f = (struct alert_filter){.station = "S9", .limit = 10};
	alerts_match(st, mid, &f, 0);

	/* A report's alerts, and those of several reports; more reports than
	 * a statement has parameters. */
	two[0] = pr1;
	two[1] = vo1;
	f = (struct alert_filter){.submission_ids = two, .n_ids = 1, .limit = 10};
	alerts_match(st, mid, &f, 2);
	f.n_ids = 2;
	alerts_match(st, mid, &f, 3);
	f.form = "VO";
	alerts_match(st, mid, &f, 1);
	f = (struct alert_filter){
	    .submission_ids = two, .n_ids = 2, .station = "S2", .limit = 10};
	alerts_match(st, mid, &f, 0);
	for (size_t i = 0; i < 70; i++)
		many[i] = i == 69 ? pr3 : elsewhere + 1000 + (int64_t)i;
	f = (struct alert_filter){.submission_ids = many, .n_ids = 70, .limit = 10};
	alerts_match(st, mid, &f, 1);
	f = (struct alert_filter){.submission_ids = &elsewhere, .n_ids = 1, .limit = 10};
	alerts_match(st, mid, &f, 0);
	alerts_match(st, other, &f, 1);

	/* A page of none only counts. */
	f = (struct alert_filter){.station = "S1"};
	total = -1;
	assert_int_equal(store_alert_select(st, mid, &f, &total, NULL, NULL, &e), ST_OK);
	assert_int_equal(total, 3);
	f = (struct alert_filter){0};
	assert_int_equal(store_alert_select(st, mid, &f, &total, NULL, NULL, &e), ST_OK);
	assert_int_equal(total, 5);
	test_store_close(st);
}

/* ---- the quick count's reports ---- */

static enum status id_seen(void *ctx, const struct stored_submission *s)
{
	char item[32];

	snprintf(item, sizeof(item), "%lld", (long long)s->id);
	join(ctx, item);
	return ST_OK;
}

static void test_quick_count_reports(void **state)
{
	static const struct pvt_sample_row rows[2] = {{"S1", NULL, 1}, {"S3", NULL, 2}};
	struct pvt_sample_head h = {.method = "srs",
	                            .size = 2,
	                            .frame_size = 3,
	                            .frame_hash = "h",
	                            .generator = "g"};
	struct store *st;
	int64_t mid, other, first, fixed, rejected, on_s3;
	struct joined j = {0};
	char want[128];
	struct err e;

	(void)state;
	st = test_store_open();
	mid = test_mission_put(st, "kz");
	other = test_mission_put(st, "uz");
	err_clear(&e);
	world_in(st, mid);
	test_location_put(st, other, "S1", "station", NULL);
	test_observer_put(st, other, "O1");
	assert_int_equal(store_pvt_reports(st, mid, id_seen, &j, &e), ST_OK);
	assert_string_equal(j.text, "");
	first = report_in(st, mid, "S1", "O1", "PR", "new", 1);
	report_in(st, mid, "S2", "O1", "PR", "new", 2); /* not in the sample */
	fixed = report_in(st, mid, "S1", "O1", "PR", "verified", 3);
	supersede(st, first, fixed);
	rejected = report_in(st, mid, "S3", "O2", "PR", "rejected", 4);
	report_in(st, mid, "S3", "O2", "VO", "new", 5); /* another form */
	on_s3 = report_in(st, mid, "S3", "O1", "PR", "new", 6);
	report_in(st, other, "S1", "O1", "PR", "new", 7);
	/* Without a sample, none. */
	assert_int_equal(store_pvt_reports(st, mid, id_seen, &j, &e), ST_OK);
	assert_string_equal(j.text, "");
	assert_int_equal(store_pvt_sample_put(st, mid, &h, rows, 2, false, &e), ST_OK);
	/* Every version on PR at a sample station, newest first. */
	snprintf(want, sizeof(want), "%lld,%lld,%lld,%lld", (long long)on_s3,
	         (long long)rejected, (long long)fixed, (long long)first);
	assert_int_equal(store_pvt_reports(st, mid, id_seen, &j, &e), ST_OK);
	assert_string_equal(j.text, want);
	memset(&j, 0, sizeof(j));
	assert_int_equal(store_pvt_reports(st, other, id_seen, &j, &e), ST_OK);
	assert_string_equal(j.text, "");
	test_store_close(st);
}

int test_store_conformance_intake(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_intake_reads),
	    cmocka_unit_test(test_alert_pages),
	    cmocka_unit_test(test_quick_count_reports),
	};

	return test_backends("store_conformance_intake", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
