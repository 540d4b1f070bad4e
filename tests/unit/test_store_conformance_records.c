/* test_store_conformance_records.c - the long-term log, the statement's
 * blocks, the audit log, the inbox of refused reports and the reports'
 * attachments give the same answers on SQLite and on PostgreSQL: each
 * test runs on both back-ends (fixture.h's test_backends). */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "store/store.h"
#include "store/store_sqlite.h"

/* Items joined by ',' into a fixed buffer. */
struct joined {
	char text[512];
};

static void join(struct joined *j, const char *fmt, long long v, const char *s)
{
	size_t n = strlen(j->text);

	if (n)
		snprintf(j->text + n, sizeof(j->text) - n, ",");
	n = strlen(j->text);
	if (s)
		snprintf(j->text + n, sizeof(j->text) - n, fmt, s);
	else
		snprintf(j->text + n, sizeof(j->text) - n, fmt, v);
}

/* ---- meetings ---- */

static int64_t meeting_in(struct store *st, int64_t mid, const char *date,
                          const char *time, const char *institution,
                          const char *counterpart, const char *topics)
{
	struct meeting m = {.date = date,
	                    .time = time,
	                    .institution_kind = "election_commission",
	                    .institution = institution,
	                    .counterpart = counterpart,
	                    .topics = topics};
	int64_t id = 0;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_meeting_add(st, mid, &m, &id, &e), ST_OK);
	assert_true(id > 0);
	return id;
}

static enum status meeting_id(void *ctx, const struct meeting_row *m)
{
	join(ctx, "%lld", (long long)m->id, NULL);
	return ST_OK;
}

static const char *meetings(struct store *st, int64_t mid, const struct meeting_filter *f,
                            int64_t *total, struct joined *j)
{
	struct err e;

	err_clear(&e);
	memset(j, 0, sizeof(*j));
	assert_int_equal(store_meeting_list(st, mid, f, total, meeting_id, j, &e), ST_OK);
	return j->text;
}

static void test_meetings(void **state)
{
	struct store *st = test_store_open();
	int64_t mid = test_mission_put(st, "kz"), other = test_mission_put(st, "uz");
	int64_t late, untimed, early, next, found, total = -1;
	struct meeting_filter f = {0};
	struct arena a = ARENA_INIT;
	struct meeting_row r;
	struct meeting m;
	struct joined j;
	bool changed;
	char want[64];
	struct err e;

	(void)state;
	err_clear(&e);
	late =
	    meeting_in(st, mid, "2023-03-01", "15:00", "CEC", "Chair", "Ballot papers");
	untimed =
	    meeting_in(st, mid, "2023-03-01", NULL, "CEC", NULL, "Voter lists, 50%");
	early =
	    meeting_in(st, mid, "2023-03-01", "09:30", "TEC", "Secretary", "Training");
	next = meeting_in(st, mid, "2023-03-02", NULL, "Akimat", NULL, "Premises");
	meeting_in(st, other, "2023-03-01", NULL, "CEC", NULL, "Elsewhere");

	/* A meeting without a time comes first on its day. */
	snprintf(want, sizeof(want), "%lld,%lld,%lld,%lld", (long long)untimed,
	         (long long)early, (long long)late, (long long)next);
	assert_string_equal(meetings(st, mid, NULL, &total, &j), want);
	assert_int_equal(total, 4);

	/* The same four fields: refused, naming the meeting logged. */
	m = (struct meeting){.date = "2023-03-01",
	                     .institution_kind = "election_commission",
	                     .institution = "CEC"};
	assert_int_equal(store_meeting_add(st, mid, &m, &found, &e), ST_EXISTS);
	snprintf(want, sizeof(want), "is already logged as meeting %lld",
	         (long long)untimed);
	assert_non_null(strstr(e.msg, want));
	assert_int_equal(
	    store_meeting_find(st, mid, "2023-03-01", NULL, "CEC", NULL, &found, &e),
	    ST_OK);
	assert_int_equal(found, untimed);
	assert_int_equal(store_meeting_find(st, mid, "2023-03-01", "15:00", "CEC",
	                                    "Chair", &found, &e),
	                 ST_OK);
	assert_int_equal(found, late);
	assert_int_equal(
	    store_meeting_find(st, mid, "2023-03-01", "15:00", "CEC", NULL, &found, &e),
	    ST_OK);
	assert_int_equal(found, 0);

	/* Words ignore ASCII case; LIKE's wildcards are taken as they are. */
	f.q = "BALLOT";
	snprintf(want, sizeof(want), "%lld", (long long)late);
	assert_string_equal(meetings(st, mid, &f, &total, &j), want);
	f.q = "50%";
	snprintf(want, sizeof(want), "%lld", (long long)untimed);
	assert_string_equal(meetings(st, mid, &f, &total, &j), want);
	f.q = "5_%";
	assert_string_equal(meetings(st, mid, &f, &total, &j), "");
	f.q = "cec   lists";
	snprintf(want, sizeof(want), "%lld", (long long)untimed);
	assert_string_equal(meetings(st, mid, &f, &total, &j), want);

	/* Dates, kind and a page, with the total of all that match. */
	f = (struct meeting_filter){.from = "2023-03-01",
	                            .to = "2023-03-01",
	                            .institution_kind = "election_commission",
	                            .limit = 1,
	                            .offset = 1};
	snprintf(want, sizeof(want), "%lld", (long long)early);
	assert_string_equal(meetings(st, mid, &f, &total, &j), want);
	assert_int_equal(total, 3);

	/* Changed, then unchanged, then gone. */
	assert_int_equal(store_meeting_get(st, mid, early, &a, &r, &e), ST_OK);
	store_meeting_of_row(&r, &m);
	m.summary = "Agreed on the schedule";
	assert_int_equal(store_meeting_update(st, mid, &m, &changed, &e), ST_OK);
	assert_true(changed);
	assert_int_equal(store_meeting_update(st, mid, &m, &changed, &e), ST_OK);
	assert_false(changed);
	assert_int_equal(store_meeting_get(st, mid, early, &a, &r, &e), ST_OK);
	assert_string_equal(r.summary, "Agreed on the schedule");
	assert_null(r.place);
	assert_int_equal(r.ndocuments, 0);
	assert_int_equal(store_meeting_delete(st, mid, early, &e), ST_OK);
	assert_int_equal(store_meeting_get(st, mid, early, &a, &r, &e), ST_NOT_FOUND);
	snprintf(want, sizeof(want), "no meeting with id %lld in this mission",
	         (long long)early);
	assert_string_equal(e.msg, want);
	assert_int_equal(store_meeting_get(st, other, late, &a, &r, &e), ST_NOT_FOUND);
	arena_release(&a);
	test_store_close(st);
}

/* ---- documents ---- */

static enum status document_id(void *ctx, const struct document *d)
{
	join(ctx, "%lld", (long long)d->id, NULL);
	return ST_OK;
}

static void test_documents(void **state)
{
	struct store *st = test_store_open();
	int64_t mid = test_mission_put(st, "kz");
	int64_t meeting = meeting_in(st, mid, "2023-03-01", NULL, "CEC", NULL, NULL);
	static const unsigned char bytes[] = {'#', ' ', 0, 0xff, '\n', 0x80};
	struct document d = {.title = "Legal review",
	                     .kind = "legal_review",
	                     .direction = "handed_over",
	                     .date = "2023-03-02",
	                     .file_name = "review.md",
	                     .content_type = "text/markdown",
	                     .size = sizeof(bytes)};
	struct document_filter f = {0};
	struct arena a = ARENA_INIT;
	struct document got;
	struct meeting_row r;
	const void *data;
	char hash[DOCUMENT_HASH_HEX + 1], want[64];
	int64_t id, id1, id2, total = -1;
	struct joined j = {{0}};
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_document_add(st, mid, &d, bytes, &id1, hash, &e), ST_OK);
	d.meeting_id = meeting;
	d.direction = "received";
	d.date = "2023-03-01";
	assert_int_equal(store_document_add(st, mid, &d, bytes, &id2, hash, &e), ST_OK);
	assert_true(id2 > id1);
	d.meeting_id = meeting + 100;
	assert_int_equal(store_document_add(st, mid, &d, bytes, &id, hash, &e),
	                 ST_NOT_FOUND);
	snprintf(want, sizeof(want), "meeting: no meeting with id %lld in this mission",
	         (long long)(meeting + 100));
	assert_string_equal(e.msg, want);
	assert_int_equal(id, 0);

	assert_int_equal(store_document_get(st, mid, id2, &a, &got, &data, &e), ST_OK);
	assert_int_equal(got.meeting_id, meeting);
	assert_int_equal(got.size, sizeof(bytes));
	assert_memory_equal(data, bytes, sizeof(bytes));
	assert_string_equal(got.hash, hash);
	assert_int_equal(store_meeting_get(st, mid, meeting, &a, &r, &e), ST_OK);
	assert_int_equal(r.ndocuments, 1);

	/* By date, then id; each filter alone. */
	assert_int_equal(store_document_list(st, mid, &f, &total, document_id, &j, &e),
	                 ST_OK);
	assert_int_equal(total, 2);
	snprintf(want, sizeof(want), "%lld,%lld", (long long)id2, (long long)id1);
	assert_string_equal(j.text, want);
	f.meeting_id = meeting;
	memset(&j, 0, sizeof(j));
	assert_int_equal(store_document_list(st, mid, &f, &total, document_id, &j, &e),
	                 ST_OK);
	snprintf(want, sizeof(want), "%lld", (long long)id2);
	assert_string_equal(j.text, want);
	f = (struct document_filter){.direction = "handed_over"};
	assert_int_equal(store_document_list(st, mid, &f, &total, NULL, NULL, &e), ST_OK);
	assert_int_equal(total, 1);
	f = (struct document_filter){.kind = "statement"};
	assert_int_equal(store_document_list(st, mid, &f, &total, NULL, NULL, &e), ST_OK);
	assert_int_equal(total, 0);

	assert_int_equal(store_meeting_delete(st, mid, meeting, &e), ST_CONFLICT);
	assert_int_equal(store_document_delete(st, mid, id2, &e), ST_OK);
	assert_int_equal(store_document_get(st, mid, id2, &a, &got, NULL, &e),
	                 ST_NOT_FOUND);
	assert_int_equal(store_meeting_delete(st, mid, meeting, &e), ST_OK);
	arena_release(&a);
	test_store_close(st);
}

/* ---- the statement's blocks and the audit log ---- */

static enum status block_seen(void *ctx, const struct statement_block_row *b)
{
	char item[128];

	snprintf(item, sizeof(item), "%s/%s=%s", b->lang, b->key, b->text);
	join(ctx, "%s", 0, item);
	return ST_OK;
}

static enum status audit_seen(void *ctx, const struct audit_entry *a)
{
	char item[128];

	snprintf(item, sizeof(item), "%s %s %s %s", a->mission ? a->mission : "-",
	         a->action, a->entity, a->entity_key);
	join(ctx, "%s", 0, item);
	return ST_OK;
}

static void put_block(struct store *st, int64_t mid, const char *lang, const char *key,
                      const char *text, enum upsert_result want)
{
	struct statement_block_row b = {.lang = lang, .key = key, .text = text};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_statement_block_put(st, mid, &b, &res, &e), ST_OK);
	assert_int_equal(res, want);
}

static void test_statement_and_audit(void **state)
{
	struct store *st = test_store_open();
	int64_t mid = test_mission_put(st, "kz"), other = test_mission_put(st, "uz");
	struct audit_filter af = {0};
	struct joined j = {{0}};
	struct err e;

	(void)state;
	err_clear(&e);
	put_block(st, mid, "ru", "summary", "Итоги", UPSERT_INSERTED);
	put_block(st, mid, "en", "recommendations", "Publish", UPSERT_INSERTED);
	put_block(st, mid, "en", "summary", "First", UPSERT_INSERTED);
	put_block(st, mid, "en", "summary", "Second", UPSERT_UPDATED);
	put_block(st, mid, "en", "summary", "Second", UPSERT_UNCHANGED);
	put_block(st, other, "en", "summary", "Elsewhere", UPSERT_INSERTED);

	assert_int_equal(store_statement_block_list(st, mid, NULL, block_seen, &j, &e),
	                 ST_OK);
	assert_string_equal(j.text, "en/summary=Second,en/recommendations=Publish,"
	                            "ru/summary=Итоги");
	memset(&j, 0, sizeof(j));
	assert_int_equal(store_statement_block_list(st, mid, "ru", block_seen, &j, &e),
	                 ST_OK);
	assert_string_equal(j.text, "ru/summary=Итоги");

	/* Newest first, each filter alone and together, and a limit. */
	memset(&j, 0, sizeof(j));
	af = (struct audit_filter){.mission_id = mid, .entity = "statement_block"};
	assert_int_equal(store_audit_list(st, &af, audit_seen, &j, &e), ST_OK);
	assert_string_equal(j.text, "kz update statement_block en/summary,"
	                            "kz create statement_block en/summary,"
	                            "kz create statement_block en/recommendations,"
	                            "kz create statement_block ru/summary");
	memset(&j, 0, sizeof(j));
	af = (struct audit_filter){.entity = "mission", .limit = 1};
	assert_int_equal(store_audit_list(st, &af, audit_seen, &j, &e), ST_OK);
	assert_string_equal(j.text, "uz create mission uz");
	memset(&j, 0, sizeof(j));
	af = (struct audit_filter){.mission_id = other};
	assert_int_equal(store_audit_list(st, &af, audit_seen, &j, &e), ST_OK);
	assert_string_equal(j.text, "uz create statement_block en/summary,"
	                            "uz create mission uz");
	memset(&j, 0, sizeof(j));
	af = (struct audit_filter){.limit = 2};
	assert_int_equal(store_audit_list(st, &af, audit_seen, &j, &e), ST_OK);
	assert_string_equal(j.text, "uz create statement_block en/summary,"
	                            "kz update statement_block en/summary");
	test_store_close(st);
}

/* ---- the inbox and attachments ---- */

static enum status received_seen(void *ctx, const struct received_row *r)
{
	char item[128];

	snprintf(item, sizeof(item), "%lld:%s:%s:%.*s:%s", (long long)r->id,
	         r->observer ? r->observer : "-", r->received_at, (int)r->raw_len, r->raw,
	         r->status);
	join(ctx, "%s", 0, item);
	return ST_OK;
}

static void test_received(void **state)
{
	struct store *st = test_store_open();
	int64_t mid = test_mission_put(st, "kz"), other = test_mission_put(st, "uz");
	struct received_row r1 = {.channel = "sms",
	                          .observer = "O-1",
	                          .received_at = "2023-03-19T08:00:00Z",
	                          .raw = "P 1 2 3 and more",
	                          .raw_len = 7};
	struct received_row r2 = {
	    .channel = "odk", .received_at = "2023-03-19T09:00:00Z", .raw = "<data/>"};
	struct received_row r3 = r2;
	struct joined j = {{0}};
	char want[256];
	int64_t total = -1;
	struct err e;

	(void)state;
	err_clear(&e);
	r2.raw_len = strlen(r2.raw);
	r3.raw_len = r2.raw_len;
	assert_int_equal(store_received_add(st, mid, &r1, &e), ST_OK);
	assert_int_equal(store_received_add(st, mid, &r2, &e), ST_OK);
	assert_int_equal(store_received_add(st, other, &r3, &e), ST_OK);
	assert_true(r1.id > 0 && r2.id > r1.id && r3.id > r2.id);

	assert_int_equal(
	    store_received_list(st, mid, 0, 0, &total, received_seen, &j, &e), ST_OK);
	assert_int_equal(total, 2);
	snprintf(want, sizeof(want),
	         "%lld:-:2023-03-19T09:00:00Z:<data/>:refused,"
	         "%lld:O-1:2023-03-19T08:00:00Z:P 1 2 3:refused",
	         (long long)r2.id, (long long)r1.id);
	assert_string_equal(j.text, want);
	memset(&j, 0, sizeof(j));
	assert_int_equal(
	    store_received_list(st, mid, 1, 1, &total, received_seen, &j, &e), ST_OK);
	assert_int_equal(total, 2);
	snprintf(want, sizeof(want), "%lld:O-1:2023-03-19T08:00:00Z:P 1 2 3:refused",
	         (long long)r1.id);
	assert_string_equal(j.text, want);
	test_store_close(st);
}

/* A report of mission mid to attach files to, put in by SQL both back-ends
 * run (reports are stored through operations of their own). */
static int64_t report_in(struct store *st, int64_t mid)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	struct db_stmt *q;
	char sql[1024];
	int64_t id = 0;
	bool row;
	struct err e;

	err_clear(&e);
	snprintf(sql, sizeof(sql),
	         "INSERT INTO location (mission_id, code, name, level)"
	         " VALUES (%lld, 'S-1', 'S-1', 'station');"
	         "INSERT INTO observer (mission_id, code, full_name, role,"
	         " accreditation_status) VALUES (%lld, 'O-1', 'O-1', 'short_term',"
	         " 'accredited');",
	         (long long)mid, (long long)mid);
	assert_int_equal(db_exec(s->conn, sql, &e), ST_OK);
	assert_int_equal(
	    db_prepare(s->conn,
	               "INSERT INTO submission (mission_id, form, form_version,"
	               " station_id, observer_id, received_at, channel, answers, status,"
	               " content_hash) SELECT CAST(?1 AS BIGINT), 'f', 1, l.id, o.id, "
	               "'now', 'odk', '{}',"
	               " 'accepted', 'h' FROM location l, observer o"
	               " WHERE l.mission_id = ?1 AND o.mission_id = ?1 RETURNING id",
	               0, &q, &e),
	    ST_OK);
	db_bind_int64(q, 1, mid);
	assert_int_equal(db_step(q, &row, &e), ST_OK);
	assert_true(row);
	id = db_col_int64(q, 0);
	db_finalize(q);
	return id;
}

static enum status attachment_seen(void *ctx, const struct attachment_row *a)
{
	char item[128];

	snprintf(item, sizeof(item), "%s:%lld:%s", a->name, (long long)a->size, a->hash);
	join(ctx, "%s", 0, item);
	return ST_OK;
}

static void test_attachments(void **state)
{
	struct store *st = test_store_open();
	int64_t mid = test_mission_put(st, "kz"), other = test_mission_put(st, "uz");
	int64_t sub = report_in(st, mid);
	static const unsigned char bytes[] = {0xff, 0, 'j', 'p', 'g', 0};
	struct attachment_row photo = {.name = "photo.jpg",
	                               .content_type = "image/jpeg",
	                               .size = sizeof(bytes),
	                               .hash = "aa",
	                               .data = bytes};
	struct attachment_row empty = {
	    .name = "empty.txt", .content_type = "text/plain", .size = 0, .hash = "bb"};
	struct attachment_row again = photo, got;
	struct arena a = ARENA_INIT;
	struct joined j = {{0}};
	char want[128];
	bool added;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_attachment_add(st, sub, &photo, &added, &e), ST_OK);
	assert_true(added);
	again.hash = "cc";
	assert_int_equal(store_attachment_add(st, sub, &again, &added, &e), ST_OK);
	assert_false(added);
	assert_int_equal(store_attachment_add(st, sub, &empty, &added, &e), ST_OK);
	assert_true(added);

	assert_int_equal(store_attachment_list(st, mid, sub, attachment_seen, &j, &e),
	                 ST_OK);
	assert_string_equal(j.text, "empty.txt:0:bb,photo.jpg:6:aa");
	memset(&j, 0, sizeof(j));
	assert_int_equal(store_attachment_list(st, other, sub, attachment_seen, &j, &e),
	                 ST_OK);
	assert_string_equal(j.text, "");

	assert_int_equal(store_attachment_get(st, mid, sub, "photo.jpg", &a, &got, &e),
	                 ST_OK);
	assert_int_equal(got.size, sizeof(bytes));
	assert_memory_equal(got.data, bytes, sizeof(bytes));
	assert_string_equal(got.content_type, "image/jpeg");
	assert_int_equal(store_attachment_get(st, mid, sub, "empty.txt", &a, &got, &e),
	                 ST_OK);
	assert_int_equal(got.size, 0);
	assert_non_null(got.data);
	assert_int_equal(store_attachment_get(st, other, sub, "photo.jpg", &a, &got, &e),
	                 ST_NOT_FOUND);
	snprintf(want, sizeof(want), "report %lld has no attachment \"photo.jpg\"",
	         (long long)sub);
	assert_string_equal(e.msg, want);
	arena_release(&a);
	test_store_close(st);
}

int test_store_conformance_records(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_meetings),
	    cmocka_unit_test(test_documents),
	    cmocka_unit_test(test_statement_and_audit),
	    cmocka_unit_test(test_received),
	    cmocka_unit_test(test_attachments),
	};

	return test_backends("store_conformance_records", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
