/* test_ltm_store.c - the long-term log through the store: meetings stored
 * and read back, listed by date and time with filters, a word search and
 * paging, known by date, time, institution and counterpart; changed,
 * unchanged and removed with their audit entries; documents stored with
 * their bytes and hash, listed, read back byte for byte, tied to a
 * meeting of their own mission only. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "model/ltm_json.h"
#include "store/store.h"
#include "test.h"
#include "fixture.h"

struct fixture {
	char path[96];
	struct store *st;
	int64_t mid, other; /* two missions */
};

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
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-ltm-%d-%d.db",
	         (int)getpid(), serial++);
	test_db_remove(f->path);
	snprintf(url, sizeof(url), "sqlite:%s", f->path);
	assert_int_equal(store_open(url, &f->st, &e), ST_OK);
	store_set_actor(f->st, "cli:tester", "local");
	assert_int_equal(store_mission_create(f->st, &m, &e), ST_OK);
	f->mid = m.id;
	m.code = "kg";
	m.id = 0;
	assert_int_equal(store_mission_create(f->st, &m, &e), ST_OK);
	f->other = m.id;
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

static int64_t add(struct fixture *f, int64_t mission, const char *date, const char *time,
                   const char *kind, const char *institution, const char *counterpart,
                   const char *summary)
{
	struct meeting m = {.date = date,
	                    .time = time,
	                    .institution_kind = kind,
	                    .institution = institution,
	                    .counterpart = counterpart,
	                    .topics = "preparations",
	                    .summary = summary,
	                    .participants = "IPA-001;IPA-002"};
	int64_t id = 0;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_meeting_add(f->st, mission, &m, &id, &e), ST_OK);
	assert_true(id > 0);
	return id;
}

/* The ids a listing gives, joined by ',' into out. */
struct ids {
	char text[256];
};

static enum status collect(void *ctx, const struct meeting_row *m)
{
	struct ids *ids = ctx;
	size_t n = strlen(ids->text);

	snprintf(ids->text + n, sizeof(ids->text) - n, "%s%lld", n ? "," : "",
	         (long long)m->id);
	return ST_OK;
}

static const char *list(struct fixture *f, const struct meeting_filter *flt,
                        int64_t *total, struct ids *ids)
{
	struct err e;

	err_clear(&e);
	memset(ids, 0, sizeof(*ids));
	assert_int_equal(store_meeting_list(f->st, f->mid, flt, total, collect, ids, &e),
	                 ST_OK);
	return ids->text;
}

static void test_round_trip_and_filters(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct meeting_row r;
	struct meeting_filter flt = {0};
	struct ids ids;
	int64_t total, cec, senate, party, late, early, notime, id;
	struct err e;

	err_clear(&e);
	cec = add(f, f->mid, "2023-02-22", "10:00", "election_commission",
	          "Central Election Commission", "B. Sadykov",
	          "Voter lists were updated; 100% of stations ready.");
	senate = add(f, f->mid, "2023-02-27", "15:00", "parliament", "Senate",
	             "Committee on Legislation", "The new mixed system was explained.");
	party = add(f, f->mid, "2023-03-02", NULL, "party", "Ak Zhol", "Campaign office",
	            "Complaints about posters in Kostanay.");
	late = add(f, f->mid, "2023-02-22", "16:30", "media", "Khabar TV", NULL,
	           "Airtime rules.");
	early = add(f, f->mid, "2023-02-22", "09:00", "civil_society", "Erkindik Qanaty",
	            "Director", "Domestic observers' registration at precincts.");
	notime = add(f, f->mid, "2023-02-22", NULL, "government",
	             "Ministry of Foreign Affairs", NULL, NULL);
	(void)add(f, f->other, "2023-02-22", "10:00", "election_commission",
	          "Central Election Commission", "B. Sadykov", "other mission");

	assert_int_equal(store_meeting_get(f->st, f->mid, senate, &a, &r, &e), ST_OK);
	assert_string_equal(r.date, "2023-02-27");
	assert_string_equal(r.time, "15:00");
	assert_string_equal(r.institution_kind, "parliament");
	assert_string_equal(r.institution, "Senate");
	assert_string_equal(r.counterpart, "Committee on Legislation");
	assert_string_equal(r.participants, "IPA-001;IPA-002");
	assert_string_equal(r.topics, "preparations");
	assert_null(r.place);
	assert_null(r.follow_ups);
	assert_non_null(r.created_at);
	assert_int_equal(r.ndocuments, 0);
	assert_int_equal(store_meeting_get(f->st, f->other, senate, &a, &r, &e),
	                 ST_NOT_FOUND);
	assert_string_equal(e.msg, "no meeting with id 2 in this mission");

	/* By date, then time (none first), then id. */
	{
		char want[128];
		snprintf(want, sizeof(want), "%lld,%lld,%lld,%lld,%lld,%lld",
		         (long long)notime, (long long)early, (long long)cec,
		         (long long)late, (long long)senate, (long long)party);
		assert_string_equal(list(f, NULL, &total, &ids), want);
		assert_int_equal(total, 6);
	}
	flt.from = "2023-02-23";
	flt.to = "2023-03-02";
	assert_int_equal(strlen(list(f, &flt, &total, &ids)) > 0, 1);
	assert_int_equal(total, 2);
	flt = (struct meeting_filter){.institution_kind = "party"};
	list(f, &flt, &total, &ids);
	assert_int_equal(total, 1);
	assert_int_equal(strtoll(ids.text, NULL, 10), party);

	/* Words: all must occur, each in any of the four fields; ASCII case
	 * is ignored; LIKE's wildcards are plain characters. */
	flt = (struct meeting_filter){.q = "VOTER lists"};
	list(f, &flt, &total, &ids);
	assert_int_equal(total, 1);
	assert_int_equal(strtoll(ids.text, NULL, 10), cec);
	flt.q = "sadykov updated";
	list(f, &flt, &total, &ids);
	assert_int_equal(total, 1);
	flt.q = "sadykov posters";
	list(f, &flt, &total, &ids);
	assert_int_equal(total, 0);
	flt.q = "100%";
	list(f, &flt, &total, &ids);
	assert_int_equal(total, 1);
	flt.q = "0%";
	list(f, &flt, &total, &ids);
	assert_int_equal(total, 1);
	flt.q = "%";
	list(f, &flt, &total, &ids);
	assert_int_equal(total, 1);
	flt.q = "_";
	list(f, &flt, &total, &ids);
	assert_int_equal(total, 0);
	flt.q = "registration";
	flt.institution_kind = "civil_society";
	list(f, &flt, &total, &ids);
	assert_int_equal(total, 1);
	flt.q = "a b c d e f g h i j k l m n o p q";
	assert_int_equal(
	    store_meeting_list(f->st, f->mid, &flt, &total, collect, &ids, &e),
	    ST_INVALID);

	/* Paging: total counts all, the page is a slice. */
	flt = (struct meeting_filter){.limit = 2, .offset = 1};
	list(f, &flt, &total, &ids);
	assert_int_equal(total, 6);
	{
		char want[64];
		snprintf(want, sizeof(want), "%lld,%lld", (long long)early,
		         (long long)cec);
		assert_string_equal(ids.text, want);
	}
	assert_int_equal(store_meeting_list(f->st, f->mid, NULL, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 6);

	/* Known by date, time, institution and counterpart. */
	assert_int_equal(store_meeting_find(f->st, f->mid, "2023-03-02", NULL, "Ak Zhol",
	                                    "Campaign office", &id, &e),
	                 ST_OK);
	assert_int_equal(id, party);
	assert_int_equal(store_meeting_find(f->st, f->mid, "2023-03-02", "10:00",
	                                    "Ak Zhol", "Campaign office", &id, &e),
	                 ST_OK);
	assert_int_equal(id, 0);
	{
		struct meeting again = {.date = "2023-02-22",
		                        .time = NULL,
		                        .institution_kind = "government",
		                        .institution = "Ministry of Foreign Affairs"};
		assert_int_equal(store_meeting_add(f->st, f->mid, &again, &id, &e),
		                 ST_EXISTS);
		assert_non_null(strstr(e.msg, "is already logged as meeting"));
		assert_int_equal(id, 0);
	}
	arena_release(&a);
}

struct audit_seen {
	int n;
	char actions[8][16];
	char before[8][512], after[8][512];
};

static enum status audit_one(void *ctx, const struct audit_entry *a)
{
	struct audit_seen *s = ctx;

	if (s->n < 8) {
		snprintf(s->actions[s->n], sizeof(s->actions[0]), "%s", a->action);
		snprintf(s->before[s->n], sizeof(s->before[0]), "%s",
		         a->before ? a->before : "");
		snprintf(s->after[s->n], sizeof(s->after[0]), "%s",
		         a->after ? a->after : "");
	}
	s->n++;
	return ST_OK;
}

static void audit_of(struct fixture *f, const char *entity, struct audit_seen *s)
{
	struct audit_filter af = {.mission_id = f->mid, .entity = entity};
	struct err e;

	memset(s, 0, sizeof(*s));
	err_clear(&e);
	assert_int_equal(store_audit_list(f->st, &af, audit_one, s, &e), ST_OK);
}

static void test_update_delete_audited(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct meeting_row r;
	struct meeting m;
	struct audit_seen seen;
	int64_t id, other;
	bool changed = true;
	struct err e;

	err_clear(&e);
	id = add(f, f->mid, "2023-02-22", "10:00", "election_commission", "CEC", "Chair",
	         "first");
	other = add(f, f->mid, "2023-02-23", "10:00", "election_commission", "CEC",
	            "Chair", "second");
	assert_int_equal(store_meeting_get(f->st, f->mid, id, &a, &r, &e), ST_OK);
	store_meeting_of_row(&r, &m);

	/* The same fields: nothing written, nothing audited. */
	assert_int_equal(store_meeting_update(f->st, f->mid, &m, &changed, &e), ST_OK);
	assert_false(changed);
	m.summary = "first, corrected";
	m.follow_ups = "send the legal review";
	assert_int_equal(store_meeting_update(f->st, f->mid, &m, &changed, &e), ST_OK);
	assert_true(changed);
	assert_int_equal(store_meeting_get(f->st, f->mid, id, &a, &r, &e), ST_OK);
	assert_string_equal(r.summary, "first, corrected");
	assert_string_equal(r.follow_ups, "send the legal review");
	/* Onto another meeting's date, time, institution and counterpart. */
	m.date = "2023-02-23";
	assert_int_equal(store_meeting_update(f->st, f->mid, &m, &changed, &e),
	                 ST_EXISTS);
	assert_false(changed);
	m.id = 999;
	assert_int_equal(store_meeting_update(f->st, f->mid, &m, &changed, &e),
	                 ST_NOT_FOUND);

	assert_int_equal(store_meeting_delete(f->st, f->mid, other, &e), ST_OK);
	assert_int_equal(store_meeting_get(f->st, f->mid, other, &a, &r, &e),
	                 ST_NOT_FOUND);
	assert_int_equal(store_meeting_delete(f->st, f->mid, other, &e), ST_NOT_FOUND);

	/* Newest first: delete, update, create, create. */
	audit_of(f, "meeting", &seen);
	assert_int_equal(seen.n, 4);
	assert_string_equal(seen.actions[0], "delete");
	assert_non_null(strstr(seen.before[0], "\"summary\":\"second\""));
	assert_string_equal(seen.after[0], "");
	assert_string_equal(seen.actions[1], "update");
	assert_non_null(strstr(seen.before[1], "\"summary\":\"first\""));
	assert_non_null(strstr(seen.after[1], "\"summary\":\"first, corrected\""));
	assert_non_null(
	    strstr(seen.after[1], "\"participants\":[\"IPA-001\",\"IPA-002\"]"));
	assert_string_equal(seen.actions[3], "create");
	assert_string_equal(seen.before[3], "");
	assert_null(strstr(seen.after[3], "created_at"));
	arena_release(&a);
}

struct doc_seen {
	int n;
	int64_t ids[8], meeting[8];
	char hash[8][DOCUMENT_HASH_HEX + 1];
};

static enum status doc_one(void *ctx, const struct document *d)
{
	struct doc_seen *s = ctx;

	if (s->n < 8) {
		s->ids[s->n] = d->id;
		s->meeting[s->n] = d->meeting_id;
		snprintf(s->hash[s->n], sizeof(s->hash[0]), "%s", d->hash);
	}
	s->n++;
	return ST_OK;
}

static void test_documents(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	static const unsigned char bytes[] = {'#', ' ', 'R', 0, 0xff, '\n', 0x80, 'z'};
	struct document d = {.title = "Legal compliance review",
	                     .kind = "legal_review",
	                     .direction = "handed_over",
	                     .date = "2023-03-01",
	                     .file_name = "review.md",
	                     .content_type = "text/markdown; charset=utf-8",
	                     .size = sizeof(bytes)};
	struct document got;
	struct document_filter flt = {0};
	struct doc_seen seen = {0};
	struct audit_seen audit;
	struct meeting_row r;
	const void *data;
	char hash[DOCUMENT_HASH_HEX + 1], want[DOCUMENT_HASH_HEX + 1];
	int64_t meeting, foreign, id, id2, total;
	struct err e;

	err_clear(&e);
	meeting = add(f, f->mid, "2023-03-01", "11:00", "election_commission", "CEC",
	              NULL, NULL);
	foreign = add(f, f->other, "2023-03-01", "11:00", "election_commission", "CEC",
	              NULL, NULL);
	d.meeting_id = meeting;
	assert_int_equal(store_document_add(f->st, f->mid, &d, bytes, &id, hash, &e),
	                 ST_OK);
	document_hash(bytes, sizeof(bytes), want);
	assert_string_equal(hash, want);

	d.meeting_id = foreign;
	assert_int_equal(store_document_add(f->st, f->mid, &d, bytes, &id2, hash, &e),
	                 ST_NOT_FOUND);
	assert_non_null(strstr(e.msg, "meeting: no meeting with id"));
	assert_int_equal(id2, 0);
	d.meeting_id = 0;
	d.direction = "received";
	d.kind = "programme";
	d.date = "2023-02-25";
	d.size = 0;
	assert_int_equal(store_document_add(f->st, f->mid, &d, "", &id2, hash, &e),
	                 ST_INVALID);
	d.size = 1;
	assert_int_equal(store_document_add(f->st, f->mid, &d, "x", &id2, hash, &e),
	                 ST_OK);

	assert_int_equal(store_document_get(f->st, f->mid, id, &a, &got, &data, &e),
	                 ST_OK);
	assert_int_equal(got.size, sizeof(bytes));
	assert_memory_equal(data, bytes, sizeof(bytes));
	assert_string_equal(got.hash, want);
	assert_int_equal(got.meeting_id, meeting);
	assert_string_equal(got.file_name, "review.md");
	assert_string_equal(got.content_type, "text/markdown; charset=utf-8");
	assert_non_null(got.created_at);
	assert_int_equal(store_document_get(f->st, f->other, id, &a, &got, &data, &e),
	                 ST_NOT_FOUND);

	/* By date, then id; filters. */
	assert_int_equal(
	    store_document_list(f->st, f->mid, NULL, &total, doc_one, &seen, &e), ST_OK);
	assert_int_equal(total, 2);
	assert_int_equal(seen.ids[0], id2);
	assert_int_equal(seen.meeting[0], 0);
	assert_int_equal(seen.ids[1], id);
	assert_string_equal(seen.hash[1], want);
	flt.meeting_id = meeting;
	assert_int_equal(store_document_list(f->st, f->mid, &flt, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 1);
	flt = (struct document_filter){.direction = "received"};
	assert_int_equal(store_document_list(f->st, f->mid, &flt, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 1);
	flt = (struct document_filter){.kind = "statement"};
	assert_int_equal(store_document_list(f->st, f->mid, &flt, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 0);

	/* The meeting counts its document and may not be removed. */
	assert_int_equal(store_meeting_get(f->st, f->mid, meeting, &a, &r, &e), ST_OK);
	assert_int_equal(r.ndocuments, 1);
	assert_int_equal(store_meeting_delete(f->st, f->mid, meeting, &e), ST_CONFLICT);

	/* Audited with the hash, never the bytes. */
	audit_of(f, "document", &audit);
	assert_int_equal(audit.n, 2);
	assert_non_null(strstr(audit.after[1], want));
	assert_non_null(strstr(audit.after[1], "\"file_name\":\"review.md\""));
	assert_null(strstr(audit.after[1], "data"));
	arena_release(&a);
}

int test_ltm_store(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_trip_and_filters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_update_delete_audited, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
	};

	return cmocka_run_group_tests_name("ltm_store", tests, NULL, NULL);
}
