/* test_sms_intake.c - inbound SMS from gateway to report, against a
 * temporary SQLite database with two missions (one in a Russian-reading
 * country): accepted reports and their links, repeats within and outside
 * the window, a gateway's retries (also many at once), a message that
 * could not be stored and its retry, messages handed over later with the
 * time they reached the gateway, unknown senders, refused messages
 * kept in the inbox, the reply's language, replies sent inline, the local
 * time of an incident, reading at start what a stop left unread, and a
 * preview that stores nothing. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/text.h"
#include "ingest/forms_install.h"
#include "ingest/intake.h"
#include "ingest/sms_intake.h"
#include "store/store.h"
#include "store/writer.h"
#include "test.h"

#define EN_PHONE   "+77015550001" /* O-EN: languages "en" */
#define RU_PHONE   "+77015550002" /* O-RU: "ru;en" */
#define DE_PHONE   "+77015550003" /* O-DE: "de;en" */
#define NONE_PHONE "+77015550004" /* O-NONE: no languages */
#define KK_PHONE   "+77015550005" /* O-KK: "kk", no language replies are in */
#define STRANGER   "+77019999999" /* no observer */

#define OP_TEXT "OP 15-0123 A1 B0745 C1 D1 E1 F1 G1 H0 I0 J1 K0 Z4"
#define OP_ANSWERS                                                                       \
	"{\"A\":1,\"B\":\"07:45\",\"C\":1,\"D\":1,\"E\":1,\"F\":1,\"G\":1,\"H\":0,"      \
	"\"I\":0,\"J\":1,\"K\":0,\"Z\":4}"

struct fixture {
	char path[128], url[160];
	struct store *st;
	struct writer *w;
	struct intake *in;
	struct mission fr; /* country FR, settings utc_offset +05:30 */
	struct mission kz; /* country KZ, no settings */
	struct arena a;
};

/* What a mission holds, counted. */
struct counts {
	int64_t in, out, reports, received;
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

static void put_location(struct fixture *f, int64_t mid, const char *code,
                         const char *level, const char *parent)
{
	struct location l = {.code = code,
	                     .name = code,
	                     .level = level,
	                     .parent = parent,
	                     .registered_voters = -1};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_location_upsert(f->st, mid, &l, &res, &e), ST_OK);
}

static void put_observer(struct fixture *f, int64_t mid, const char *code,
                         const char *phone, const char *languages)
{
	struct observer o = {.code = code,
	                     .full_name = code,
	                     .role = "short_term",
	                     .phones = phone,
	                     .languages = languages,
	                     .accreditation_status = "accredited"};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_observer_upsert(f->st, mid, &o, &res, &e), ST_OK);
}

static void make_mission(struct fixture *f, struct mission *m, const char *code,
                         const char *country, const char *settings)
{
	struct err e;

	*m = (struct mission){.code = code,
	                      .name = code,
	                      .election_type = "parliament",
	                      .election_date = "2023-03-19",
	                      .country = country,
	                      .settings = settings};
	assert_int_equal(store_begin(f->st, &e), ST_OK);
	assert_int_equal(store_mission_create(f->st, m, &e), ST_OK);
	assert_int_equal(forms_install_builtin(f->st, m->id, &e), ST_OK);
	assert_int_equal(store_commit(f->st, &e), ST_OK);
	put_location(f, m->id, country, "country", NULL);
	put_location(f, m->id, "R1", "region", country);
	put_location(f, m->id, "15-0123", "station", "R1");
	put_location(f, m->id, "15-0124", "station", "R1");
	put_observer(f, m->id, "O-EN", EN_PHONE, "en");
	put_observer(f, m->id, "O-RU", RU_PHONE, "ru;en");
	put_observer(f, m->id, "O-DE", DE_PHONE, "de;en");
	put_observer(f, m->id, "O-NONE", NONE_PHONE, NULL);
	put_observer(f, m->id, "O-KK", KK_PHONE, "kk");
}

static int setup(void **state)
{
	static int serial;
	struct fixture *f = calloc(1, sizeof(*f));
	struct err e;

	err_clear(&e);
	f->a = (struct arena)ARENA_INIT;
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-sms-intake-%d-%d.db",
	         (int)getpid(), serial++);
	remove_db(f->path);
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->path);
	assert_int_equal(store_open(f->url, &f->st, &e), ST_OK);
	make_mission(f, &f->fr, "fr-2027", "FR", "{\"utc_offset\": \"+05:30\"}");
	make_mission(f, &f->kz, "kz-2023", "KZ", NULL);
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
	arena_release(&f->a);
	free(f);
	return 0;
}

/* ------------------------------------------------------------- helpers */

/* A message from a gateway: id NULL for none. */
static struct sms_inbound message(const char *from, const char *text, const char *id)
{
	return (struct sms_inbound){.gateway = "generic",
	                            .gateway_id = id,
	                            .from = from,
	                            .text = text,
	                            .len = strlen(text)};
}

/* Receive msg for m on the fixture's own handle; asserts ST_OK. */
static void receive_msg(struct fixture *f, const struct mission *m,
                        const struct sms_inbound *msg, struct sms_result *r)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(sms_receive(f->in, f->st, f->w, m, msg, r, &e), ST_OK);
}

static void receive(struct fixture *f, const struct mission *m, const char *from,
                    const char *text, const char *id, struct sms_result *r)
{
	struct sms_inbound msg = message(from, text, id);

	receive_msg(f, m, &msg, r);
}

static struct counts count(struct fixture *f, const struct mission *m)
{
	struct sms_filter all = {0};
	struct submission_filter subs = {0};
	struct counts c;
	struct err e;

	assert_int_equal(store_sms_in_list(f->st, m->id, &all, &c.in, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(store_sms_out_list(f->st, m->id, &all, &c.out, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(
	    store_submission_list(f->st, m->id, &subs, &c.reports, NULL, NULL, &e),
	    ST_OK);
	assert_int_equal(
	    store_received_list(f->st, m->id, 0, 0, &c.received, NULL, NULL, &e), ST_OK);
	return c;
}

static void assert_counts(struct fixture *f, const struct mission *m, int64_t in,
                          int64_t out, int64_t reports, int64_t received)
{
	struct counts c = count(f, m);

	assert_int_equal(c.in, in);
	assert_int_equal(c.out, out);
	assert_int_equal(c.reports, reports);
	assert_int_equal(c.received, received);
}

static struct sms_in_row in_row(struct fixture *f, const struct mission *m, int64_t id)
{
	struct sms_in_row row;
	struct err e;

	assert_int_equal(store_sms_in_get(f->st, m->id, id, &f->a, &row, &e), ST_OK);
	return row;
}

static enum status keep_out(void *ctx, const struct sms_out_row *r)
{
	struct sms_out_row *last = ctx;

	*last = *r;
	last->text = strdup(r->text);
	last->phone = strdup(r->phone);
	last->kind = strdup(r->kind);
	return ST_OK;
}

/* The mission's only outbound message (asserted); free its strings with
 * out_free(). */
static struct sms_out_row only_out(struct fixture *f, const struct mission *m)
{
	struct sms_filter all = {0};
	struct sms_out_row r = {0};
	int64_t total = 0;
	struct err e;

	assert_int_equal(store_sms_out_list(f->st, m->id, &all, &total, keep_out, &r, &e),
	                 ST_OK);
	assert_int_equal(total, 1);
	return r;
}

static void out_free(struct sms_out_row *r)
{
	free((char *)r->text);
	free((char *)r->phone);
	free((char *)r->kind);
}

/* The problem of kind in r's problems, or NULL. */
static const json_t *problem_of_kind(const struct sms_result *r, const char *kind)
{
	const json_t *p;
	size_t i;

	json_array_foreach(r->problems, i, p)
	{
		const char *k = json_string_value(json_object_get(p, "kind"));
		if (k && !strcmp(k, kind))
			return p;
	}
	return NULL;
}

/* A message stored raw, as the first job stores it, with an outcome when
 * status is not NULL and received_at when given. */
static int64_t stored_message(struct fixture *f, const struct mission *m,
                              const char *phone, const char *text,
                              const char *received_at, const char *status)
{
	struct sms_in_row row = {
	    .gateway = "generic",
	    .phone = phone,
	    .text = text,
	    .received_at = received_at,
	    .text_key = sms_text_key(text, strlen(text), &f->a),
	};
	struct err e;

	assert_int_equal(store_sms_in_add(f->st, m->id, &row, &e), ST_OK);
	if (status) {
		struct sms_in_row fin = {.id = row.id, .status = status};
		assert_int_equal(store_sms_in_finish(f->st, m->id, &fin, &e), ST_OK);
	}
	return row.id;
}

/* ISO 8601 UTC of now plus seconds. */
static const char *iso_in(struct fixture *f, long long seconds)
{
	char *s = arena_alloc(&f->a, 21);

	text_time_iso((long long)time(NULL) + seconds, s);
	return s;
}

/* ---------------------------------------------------------------- tests */

static void test_text_key(void **state)
{
	struct fixture *f = *state;
	const char *a = sms_text_key(OP_TEXT, strlen(OP_TEXT), &f->a);
	const char *b = "  op 15-0123\tA1  B0745 c1 D1\r\nE1 F1 G1 H0 I0 J1 K0 z4 \n";

	assert_string_equal(a, sms_text_key(b, strlen(b), &f->a));
	b = "OP 15-0123 A1 B0745 C1 D1 E1 F1 G1 H0 I0 J1 K0 Z3";
	assert_string_not_equal(a, sms_text_key(b, strlen(b), &f->a));
	/* Spaces inside a word are not dropped: "A 1" is not "A1". */
	assert_string_not_equal(sms_text_key("OP X A1", 7, &f->a),
	                        sms_text_key("OP X A 1", 8, &f->a));
}

static void test_accepted(void **state)
{
	struct fixture *f = *state;
	struct stored_submission sub;
	struct sms_in_row row;
	struct sms_out_row out;
	struct sms_result r;
	const char *before = iso_in(f, 0), *after;
	char want[128];
	json_t *answers, *expected = json_loads(OP_ANSWERS, 0, NULL);
	struct err e;

	receive(f, &f->fr, EN_PHONE, OP_TEXT, "gw-1", &r);
	after = iso_in(f, 0);
	assert_string_equal(r.status, "accepted");
	assert_string_equal(r.observer, "O-EN");
	assert_true(r.message_id > 0);
	assert_true(r.submission_id > 0);
	assert_true(r.reply_id > 0);
	assert_int_equal(r.duplicate_of, 0);
	assert_int_equal(json_array_size(r.problems), 0);
	snprintf(want, sizeof(want),
	         "OP 15-0123: received, 12 answers, report %lld. Thank you.",
	         (long long)r.submission_id);
	assert_string_equal(r.reply, want);

	/* The report: channel sms, the answers read, the time of receipt. */
	assert_int_equal(
	    store_submission_get(f->st, f->fr.id, r.submission_id, &f->a, &sub, &e),
	    ST_OK);
	assert_string_equal(sub.channel, "sms");
	assert_string_equal(sub.form, "OP");
	assert_string_equal(sub.station, "15-0123");
	assert_string_equal(sub.observer, "O-EN");
	answers = json_loads(sub.answers, 0, NULL);
	assert_true(json_equal(answers, expected));
	json_decref(answers);
	json_decref(expected);
	assert_non_null(sub.observed_at);
	assert_true(strcmp(sub.observed_at, before) >= 0);
	assert_true(strcmp(sub.observed_at, after) <= 0);

	/* The message, linked to its report, with its reply. */
	row = in_row(f, &f->fr, r.message_id);
	assert_string_equal(row.status, "accepted");
	assert_int_equal(row.submission_id, r.submission_id);
	assert_string_equal(row.gateway, "generic");
	assert_string_equal(row.gateway_id, "gw-1");
	assert_string_equal(row.phone, EN_PHONE);
	assert_string_equal(row.observer, "O-EN");
	assert_string_equal(row.text, OP_TEXT);
	assert_string_equal(row.reply, want);
	assert_null(row.problems);

	/* The reply, queued for the sender. */
	out = only_out(f, &f->fr);
	assert_int_equal(out.id, r.reply_id);
	assert_string_equal(out.kind, "reply");
	assert_string_equal(out.phone, EN_PHONE);
	assert_string_equal(out.text, want);
	assert_int_equal(out.reply_to, r.message_id);
	out_free(&out);
	assert_counts(f, &f->fr, 1, 1, 1, 0);
	assert_counts(f, &f->kz, 0, 0, 0, 0);
	sms_result_release(&r);
}

/* A number written the way the country writes it is the observer's too. */
static void test_national_number(void **state)
{
	struct fixture *f = *state;
	struct sms_result r;

	receive(f, &f->kz, "8 701 555 0002", OP_TEXT, NULL, &r);
	assert_string_equal(r.status, "accepted");
	assert_string_equal(r.observer, "O-RU");
	assert_string_equal(in_row(f, &f->kz, r.message_id).phone, RU_PHONE);
	sms_result_release(&r);
}

/* The gateway's time of sending is the report's time when it is one. */
static void test_sent_at(void **state)
{
	struct fixture *f = *state;
	struct sms_inbound msg = message(EN_PHONE, OP_TEXT, NULL);
	struct stored_submission sub;
	struct sms_result r;
	struct err e;

	msg.sent_at = "2023-03-19T07:46:10+06:00";
	receive_msg(f, &f->fr, &msg, &r);
	assert_string_equal(r.status, "accepted");
	assert_int_equal(
	    store_submission_get(f->st, f->fr.id, r.submission_id, &f->a, &sub, &e),
	    ST_OK);
	assert_string_equal(sub.observed_at, "2023-03-19T07:46:10+06:00");
	sms_result_release(&r);
}

/* A message handed over after the fact carries the time it reached the
 * gateway: the message and its report are stored as received then, and a
 * repeat is looked for in the window before that time, not before now. */
static void test_received_at(void **state)
{
	struct fixture *f = *state;
	const char *vo = "VO 15-0123 A1 B1 C0 D0 E0 F0 G1 H0 I1 J0 K1 L1 M1840 N912 Z3";
	struct sms_inbound msg = message(EN_PHONE, OP_TEXT, NULL);
	struct sms_config c = {.duplicate_hours = 1};
	struct sms_result first, again, late, other;
	struct stored_submission sub;
	struct err e;

	assert_int_equal(store_sms_config_put(f->st, f->fr.id, &c, &e), ST_OK);
	msg.sent_at = "2023-03-19T21:30:05+06:00";
	msg.received_at = "2023-03-19T15:30:12Z";
	receive_msg(f, &f->fr, &msg, &first);
	assert_string_equal(first.status, "accepted");
	assert_string_equal(in_row(f, &f->fr, first.message_id).received_at,
	                    "2023-03-19T15:30:12Z");
	assert_int_equal(
	    store_submission_get(f->st, f->fr.id, first.submission_id, &f->a, &sub, &e),
	    ST_OK);
	assert_string_equal(sub.received_at, "2023-03-19T15:30:12Z");
	assert_string_equal(sub.observed_at, "2023-03-19T21:30:05+06:00");

	/* Sent again ten minutes later: a repeat, years before now. */
	msg.received_at = "2023-03-19T15:40:00Z";
	receive_msg(f, &f->fr, &msg, &again);
	assert_string_equal(again.status, "duplicate");
	assert_int_equal(again.duplicate_of, first.message_id);
	assert_string_equal(in_row(f, &f->fr, again.message_id).received_at,
	                    "2023-03-19T15:40:00Z");

	/* Three hours later, past the window of one hour: not a repeat, a
	 * report of its own. */
	msg.received_at = "2023-03-19T18:30:12Z";
	receive_msg(f, &f->fr, &msg, &late);
	assert_string_equal(late.status, "accepted");
	assert_int_equal(late.duplicate_of, 0);
	assert_true(late.submission_id != first.submission_id);

	/* Without it, the time is now's. */
	receive(f, &f->fr, EN_PHONE, vo, NULL, &other);
	assert_string_equal(other.status, "accepted");
	assert_true(strcmp(in_row(f, &f->fr, other.message_id).received_at, "2024") > 0);
	assert_counts(f, &f->fr, 4, 3, 3, 0);
	sms_result_release(&first);
	sms_result_release(&again);
	sms_result_release(&late);
	sms_result_release(&other);
}

static void test_repeat_within_window(void **state)
{
	struct fixture *f = *state;
	struct sms_result first, again, third, other;
	struct sms_in_row row;

	receive(f, &f->fr, EN_PHONE, OP_TEXT, NULL, &first);
	assert_string_equal(first.status, "accepted");
	/* The same text, typed with other spaces and letter case. */
	receive(f, &f->fr, EN_PHONE,
	        "op 15-0123  a1 b0745 c1 d1 e1 f1 g1 h0 i0 j1 k0\nz4", NULL, &again);
	assert_string_equal(again.status, "duplicate");
	assert_int_equal(again.duplicate_of, first.message_id);
	assert_int_equal(again.submission_id, first.submission_id);
	assert_true(again.message_id > first.message_id);
	assert_int_equal(again.reply_id, 0);
	assert_non_null(strstr(again.reply, "already received"));
	row = in_row(f, &f->fr, again.message_id);
	assert_string_equal(row.status, "duplicate");
	assert_int_equal(row.duplicate_of, first.message_id);
	assert_int_equal(row.submission_id, first.submission_id);
	/* Stored, not counted, not answered again. */
	assert_counts(f, &f->fr, 2, 1, 1, 0);

	/* A third time repeats the first message, not the second. */
	receive(f, &f->fr, EN_PHONE, OP_TEXT, NULL, &third);
	assert_string_equal(third.status, "duplicate");
	assert_int_equal(third.duplicate_of, first.message_id);
	assert_counts(f, &f->fr, 3, 1, 1, 0);

	/* The same text from someone else is their report. */
	receive(f, &f->fr, DE_PHONE, OP_TEXT, NULL, &other);
	assert_string_equal(other.status, "accepted");
	assert_true(other.submission_id != first.submission_id);
	assert_counts(f, &f->fr, 4, 2, 2, 0);
	sms_result_release(&first);
	sms_result_release(&again);
	sms_result_release(&third);
	sms_result_release(&other);
}

/* With a window of one hour, a message two hours old is not repeated by
 * the same text: it is read again.  One half an hour old is. */
static void test_repeat_outside_window(void **state)
{
	struct fixture *f = *state;
	const char *vo = "VO 15-0123 A1 B1 C0 D0 E0 F0 G1 H0 I1 J0 K1 L1 M1840 N912 Z3";
	struct sms_config c = {0};
	struct sms_result late, recent;
	int64_t old_id, recent_id;
	struct err e;

	assert_int_equal(store_sms_config_get(f->st, f->fr.id, &f->a, &c, &e),
	                 ST_NOT_FOUND);
	c.duplicate_hours = 1;
	assert_int_equal(store_sms_config_put(f->st, f->fr.id, &c, &e), ST_OK);

	old_id = stored_message(f, &f->fr, EN_PHONE, OP_TEXT, iso_in(f, -2 * 3600),
	                        "accepted");
	receive(f, &f->fr, EN_PHONE, OP_TEXT, NULL, &late);
	assert_string_equal(late.status, "accepted");
	assert_true(late.message_id != old_id);
	assert_true(late.submission_id > 0);
	assert_int_equal(late.duplicate_of, 0);

	recent_id =
	    stored_message(f, &f->fr, EN_PHONE, vo, iso_in(f, -30 * 60), "accepted");
	receive(f, &f->fr, EN_PHONE, vo, NULL, &recent);
	assert_string_equal(recent.status, "duplicate");
	assert_int_equal(recent.duplicate_of, recent_id);
	assert_int_equal(recent.reply_id, 0);
	assert_counts(f, &f->fr, 4, 1, 1, 0);
	sms_result_release(&late);
	sms_result_release(&recent);
}

static void test_gateway_retry(void **state)
{
	struct fixture *f = *state;
	struct sms_result first, retry, bad, bad_retry, elsewhere;
	struct sms_inbound other;

	receive(f, &f->fr, EN_PHONE, OP_TEXT, "gw-7", &first);
	assert_string_equal(first.status, "accepted");
	receive(f, &f->fr, EN_PHONE, OP_TEXT, "gw-7", &retry);
	assert_string_equal(retry.status, "duplicate");
	assert_int_equal(retry.message_id, first.message_id);
	assert_int_equal(retry.duplicate_of, first.message_id);
	assert_int_equal(retry.submission_id, first.submission_id);
	assert_string_equal(retry.reply, first.reply);
	assert_int_equal(retry.reply_id, 0);
	assert_false(retry.no_reply);
	assert_counts(f, &f->fr, 1, 1, 1, 0);

	/* A refused message retried: the same reply, not kept twice. */
	receive(f, &f->fr, EN_PHONE, "OP 15-0123 A7 Z4", "gw-8", &bad);
	assert_string_equal(bad.status, "rejected");
	receive(f, &f->fr, EN_PHONE, "OP 15-0123 A7 Z4", "gw-8", &bad_retry);
	assert_int_equal(bad_retry.message_id, bad.message_id);
	assert_string_equal(bad_retry.reply, bad.reply);
	assert_counts(f, &f->fr, 2, 2, 1, 1);

	/* The same id from another gateway is another message (here the
	 * observer's repeat). */
	other = message(EN_PHONE, OP_TEXT, "gw-7");
	other.gateway = "twilio";
	receive_msg(f, &f->fr, &other, &elsewhere);
	assert_true(elsewhere.message_id != first.message_id);
	assert_string_equal(elsewhere.status, "duplicate");
	assert_int_equal(elsewhere.duplicate_of, first.message_id);
	assert_true(elsewhere.no_reply);
	assert_counts(f, &f->fr, 3, 2, 1, 1);
	sms_result_release(&first);
	sms_result_release(&retry);
	sms_result_release(&bad);
	sms_result_release(&bad_retry);
	sms_result_release(&elsewhere);
}

/* Make the outbox refuse every new message (as a full disk would), or
 * take them again. */
static void outbox_fails(struct fixture *f, bool fail)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_exec(db,
	                              fail
	                                  ? "CREATE TRIGGER full BEFORE INSERT ON sms_out"
	                                    " BEGIN SELECT RAISE(ABORT, 'disk full'); END"
	                                  : "DROP TRIGGER full",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
}

/* A message that could not be read and stored: "failed", nothing of it
 * but the raw message kept, and read when the gateway sends it again. */
static void test_failed_then_retried(void **state)
{
	struct fixture *f = *state;
	struct sms_inbound msg = message(EN_PHONE, OP_TEXT, "gw-9");
	struct sms_result r, again;
	struct err e;

	outbox_fails(f, true);
	err_clear(&e);
	assert_int_not_equal(sms_receive(f->in, f->st, f->w, &f->fr, &msg, &r, &e),
	                     ST_OK);
	assert_string_equal(r.status, "failed");
	assert_true(r.message_id > 0);
	assert_int_equal(r.submission_id, 0);
	assert_int_equal(r.reply_id, 0);
	assert_string_equal(
	    r.reply, "The report could not be stored. Please send it again later.");
	assert_string_equal(in_row(f, &f->fr, r.message_id).status, "received");
	assert_counts(f, &f->fr, 1, 0, 0, 0);

	outbox_fails(f, false);
	receive_msg(f, &f->fr, &msg, &again);
	assert_string_equal(again.status, "accepted");
	assert_int_equal(again.message_id, r.message_id);
	assert_true(again.submission_id > 0);
	assert_string_equal(in_row(f, &f->fr, r.message_id).status, "accepted");
	assert_counts(f, &f->fr, 1, 1, 1, 0);
	sms_result_release(&r);
	sms_result_release(&again);
}

static void test_unknown_sender(void **state)
{
	struct fixture *f = *state;
	struct sms_result r, kz, odd;
	struct sms_out_row out;

	receive(f, &f->fr, STRANGER, OP_TEXT, NULL, &r);
	assert_string_equal(r.status, "unknown_sender");
	assert_null(r.observer);
	assert_int_equal(r.submission_id, 0);
	assert_true(r.reply_id > 0);
	assert_non_null(strstr(r.reply, "not registered"));
	assert_string_equal(in_row(f, &f->fr, r.message_id).status, "unknown_sender");
	out = only_out(f, &f->fr);
	assert_string_equal(out.phone, STRANGER);
	assert_string_equal(out.text, r.reply);
	assert_null(out.observer);
	out_free(&out);
	/* No report, and nothing in the inbox: there is no one to key it for. */
	assert_counts(f, &f->fr, 1, 1, 0, 0);

	/* In a Russian-reading country the reply is in Russian. */
	receive(f, &f->kz, STRANGER, OP_TEXT, NULL, &kz);
	assert_string_equal(kz.status, "unknown_sender");
	assert_non_null(strstr(kz.reply, "не зарегистрирован"));

	/* A sender that is no number is kept as the gateway wrote it. */
	receive(f, &f->fr, "MegaBank", OP_TEXT, NULL, &odd);
	assert_string_equal(odd.status, "unknown_sender");
	assert_string_equal(in_row(f, &f->fr, odd.message_id).phone, "MegaBank");
	sms_result_release(&r);
	sms_result_release(&kz);
	sms_result_release(&odd);
}

static enum status keep_received(void *ctx, const struct received_row *r)
{
	json_t **items = ctx;

	json_array_append_new(*items,
	                      json_pack("{s:s, s:s*, s:s%, s:s}", "channel", r->channel,
	                                "observer", r->observer, "raw", r->raw,
	                                r->raw_len, "problems", r->problems));
	return ST_OK;
}

static void test_rejected(void **state)
{
	struct fixture *f = *state;
	const char *text = "OP 15-0123 A7 Q5 Z4";
	json_t *items = json_array(), *kept;
	struct sms_result r, station;
	const json_t *p;
	struct sms_in_row row;
	struct sms_out_row out;
	int64_t total;
	struct err e;

	receive(f, &f->fr, EN_PHONE, text, NULL, &r);
	assert_string_equal(r.status, "rejected");
	assert_int_equal(r.submission_id, 0);
	assert_int_equal(json_array_size(r.problems), 2);
	p = problem_of_kind(&r, "out_of_range");
	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(p, "tag")), "A");
	p = problem_of_kind(&r, "unknown_tag");
	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(p, "value")), "Q");
	assert_string_equal(r.reply,
	                    "OP 15-0123 not accepted: A: 7 out of range 0-1; unknown tag "
	                    "Q. Please correct it and send it again.");
	row = in_row(f, &f->fr, r.message_id);
	assert_string_equal(row.status, "rejected");
	assert_non_null(row.problems);
	assert_non_null(strstr(row.problems, "out_of_range"));
	assert_non_null(strstr(row.problems, "unknown_tag"));
	out = only_out(f, &f->fr);
	assert_string_equal(out.text, r.reply);
	out_free(&out);

	/* Validation's problems too: a station the mission does not have. */
	receive(f, &f->fr, EN_PHONE, "OP 99-9999 A1 Z4", NULL, &station);
	assert_string_equal(station.status, "rejected");
	p = json_array_get(station.problems, 0);
	assert_string_equal(json_string_value(json_object_get(p, "field")), "station");
	assert_non_null(strstr(station.reply, "unknown station 99-9999"));
	assert_counts(f, &f->fr, 2, 2, 0, 2);

	/* Both kept in the inbox of refused reports, as they came. */
	assert_int_equal(
	    store_received_list(f->st, f->fr.id, 0, 0, &total, keep_received, &items, &e),
	    ST_OK);
	kept = json_array_get(items, 1); /* newest first */
	assert_string_equal(json_string_value(json_object_get(kept, "channel")), "sms");
	assert_string_equal(json_string_value(json_object_get(kept, "observer")), "O-EN");
	assert_string_equal(json_string_value(json_object_get(kept, "raw")), text);
	assert_non_null(
	    strstr(json_string_value(json_object_get(kept, "problems")), "out_of_range"));
	kept = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(kept, "raw")),
	                    "OP 99-9999 A1 Z4");
	json_decref(items);
	sms_result_release(&r);
	sms_result_release(&station);
}

/* The language of the accepted reply from phone with text, for m. */
static const char *language_of(struct fixture *f, const struct mission *m,
                               const char *phone, const char *text)
{
	struct sms_result r;
	const char *lang;

	receive(f, m, phone, text, NULL, &r);
	assert_string_equal(r.status, "accepted");
	if (strstr(r.reply, ": received, "))
		lang = "en";
	else if (strstr(r.reply, ": принято, "))
		lang = "ru";
	else
		lang = "?";
	sms_result_release(&r);
	return lang;
}

static void test_reply_language(void **state)
{
	struct fixture *f = *state;
	const char *latin = "CO 15-0123 A1 Z4", *cyrillic = "СО 15-0123 А1 Z4";

	/* The observer's first of ru and en, in the order of their languages. */
	assert_string_equal(language_of(f, &f->kz, EN_PHONE, cyrillic), "en");
	assert_string_equal(language_of(f, &f->fr, RU_PHONE, "VO 15-0123 Z1"), "ru");
	assert_string_equal(language_of(f, &f->kz, DE_PHONE, "VO 15-0123 Z2"), "en");
	/* Otherwise Russian for Cyrillic text ... */
	assert_string_equal(language_of(f, &f->fr, NONE_PHONE, cyrillic), "ru");
	assert_string_equal(language_of(f, &f->fr, KK_PHONE, cyrillic), "ru");
	/* ... or in a Russian-reading country, else English. */
	assert_string_equal(language_of(f, &f->kz, NONE_PHONE, latin), "ru");
	assert_string_equal(language_of(f, &f->kz, KK_PHONE, latin), "ru");
	assert_string_equal(language_of(f, &f->fr, NONE_PHONE, latin), "en");
	assert_string_equal(language_of(f, &f->fr, KK_PHONE, latin), "en");
}

/* A gateway that sends the reply from its answer (Twilio's TwiML). */
static void test_reply_inline(void **state)
{
	struct fixture *f = *state;
	struct sms_inbound msg = message(EN_PHONE, OP_TEXT, "SM1");
	struct sms_result r, stranger;

	msg.gateway = "twilio";
	msg.reply_inline = true;
	receive_msg(f, &f->fr, &msg, &r);
	assert_string_equal(r.status, "accepted");
	assert_non_null(strstr(r.reply, "received, 12 answers"));
	assert_int_equal(r.reply_id, 0);
	assert_false(r.no_reply);
	assert_string_equal(in_row(f, &f->fr, r.message_id).reply, r.reply);

	msg = message(STRANGER, OP_TEXT, "SM2");
	msg.gateway = "twilio";
	msg.reply_inline = true;
	receive_msg(f, &f->fr, &msg, &stranger);
	assert_string_equal(stranger.status, "unknown_sender");
	assert_int_equal(stranger.reply_id, 0);
	assert_counts(f, &f->fr, 2, 0, 1, 0);
	sms_result_release(&r);
	sms_result_release(&stranger);
}

/* "HH:MM" of now plus seconds, UTC. */
static void hhmm_in(long long seconds, char out[6])
{
	time_t t = (time_t)((long long)time(NULL) + seconds);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 6, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

/* The incident's time D as stored for text from O-EN to m, with the
 * local times of just before and just after in *before and *after. */
static char *incident_time(struct fixture *f, const struct mission *m, long long offset,
                           const char *text, char before[6], char after[6])
{
	struct stored_submission sub;
	struct sms_result r;
	struct err e;
	json_t *answers;
	char *d;

	hhmm_in(offset, before);
	receive(f, m, EN_PHONE, text, NULL, &r);
	hhmm_in(offset, after);
	assert_string_equal(r.status, "accepted");
	assert_int_equal(
	    store_submission_get(f->st, m->id, r.submission_id, &f->a, &sub, &e), ST_OK);
	answers = json_loads(sub.answers, 0, NULL);
	d = strdup(json_string_value(json_object_get(answers, "D")));
	json_decref(answers);
	sms_result_release(&r);
	return d;
}

/* An incident's time left out is the time of receipt in the mission's
 * utc_offset, or in UTC without one. */
static void test_incident_local_time(void **state)
{
	struct fixture *f = *state;
	char before[6], after[6], *d;

	d = incident_time(f, &f->fr, 5 * 3600 + 30 * 60, "IN 15-0123 4 # Voters paid",
	                  before, after);
	assert_true(!strcmp(d, before) || !strcmp(d, after));
	free(d);
	d = incident_time(f, &f->kz, 0, "IN 15-0123 4 # Voters paid", before, after);
	assert_true(!strcmp(d, before) || !strcmp(d, after));
	free(d);
	/* A time given is kept. */
	d = incident_time(f, &f->fr, 0, "IN 15-0124 4 D0915 # Voters paid", before,
	                  after);
	assert_string_equal(d, "09:15");
	free(d);
}

static void test_recover(void **state)
{
	struct fixture *f = *state;
	struct sms_in_row row;
	size_t done = 99;
	int64_t id;
	struct err e;

	id = stored_message(f, &f->fr, EN_PHONE, OP_TEXT, NULL, NULL);
	assert_string_equal(in_row(f, &f->fr, id).status, "received");
	assert_counts(f, &f->fr, 1, 0, 0, 0);

	assert_int_equal(sms_recover(f->in, f->st, f->w, &done, &e), ST_OK);
	assert_int_equal(done, 1);
	row = in_row(f, &f->fr, id);
	assert_string_equal(row.status, "accepted");
	assert_true(row.submission_id > 0);
	assert_string_equal(row.observer, "O-EN");
	assert_non_null(strstr(row.reply, "received, 12 answers"));
	assert_counts(f, &f->fr, 1, 1, 1, 0);

	/* Nothing is left for a second start. */
	assert_int_equal(sms_recover(f->in, f->st, f->w, &done, &e), ST_OK);
	assert_int_equal(done, 0);
	assert_counts(f, &f->fr, 1, 1, 1, 0);
}

/* A message left unread that repeats one read before is a repeat when it
 * is read at start, as it would have been without the stop. */
static void test_recover_repeat(void **state)
{
	struct fixture *f = *state;
	struct sms_in_row row;
	struct sms_result first;
	size_t done = 0;
	int64_t id;
	struct err e;

	receive(f, &f->fr, EN_PHONE, OP_TEXT, NULL, &first);
	assert_string_equal(first.status, "accepted");
	id = stored_message(f, &f->fr, EN_PHONE, OP_TEXT, NULL, NULL);
	assert_int_equal(sms_recover(f->in, f->st, f->w, &done, &e), ST_OK);
	assert_int_equal(done, 1);
	row = in_row(f, &f->fr, id);
	assert_string_equal(row.status, "duplicate");
	assert_int_equal(row.duplicate_of, first.message_id);
	assert_int_equal(row.submission_id, first.submission_id);
	assert_counts(f, &f->fr, 2, 1, 1, 0);
	sms_result_release(&first);
}

static void test_preview(void **state)
{
	struct fixture *f = *state;
	const char *texts[] = {OP_TEXT, "OP 15-0123 A7 Z4", OP_TEXT};
	const char *from[] = {EN_PHONE, EN_PHONE, STRANGER};
	const char *want[] = {"accepted", "rejected", "unknown_sender"};
	struct sms_result r;
	struct err e;

	for (size_t i = 0; i < 3; i++) {
		struct sms_inbound msg = message(from[i], texts[i], "p-1");

		assert_int_equal(sms_preview(f->in, f->st, &f->fr, &msg, &r, &e), ST_OK);
		assert_string_equal(r.status, want[i]);
		assert_int_equal(r.message_id, 0);
		assert_int_equal(r.submission_id, 0);
		assert_int_equal(r.reply_id, 0);
		assert_non_null(r.reply);
		assert_true(*r.reply);
		sms_result_release(&r);
		assert_counts(f, &f->fr, 0, 0, 0, 0);
	}
	/* The reading is shown. */
	{
		struct sms_inbound msg = message(EN_PHONE, OP_TEXT, NULL);

		assert_int_equal(sms_preview(f->in, f->st, &f->fr, &msg, &r, &e), ST_OK);
		assert_string_equal(json_string_value(json_object_get(r.reading, "form")),
		                    "OP");
		assert_string_equal(r.reply,
		                    "OP 15-0123: received, 12 answers. Thank you.");
		sms_result_release(&r);
	}
	/* And a message stored before does not make a preview a repeat. */
	receive(f, &f->fr, EN_PHONE, OP_TEXT, NULL, &r);
	sms_result_release(&r);
	{
		struct sms_inbound msg = message(EN_PHONE, OP_TEXT, NULL);

		assert_int_equal(sms_preview(f->in, f->st, &f->fr, &msg, &r, &e), ST_OK);
		assert_string_equal(r.status, "accepted");
		sms_result_release(&r);
	}
	assert_counts(f, &f->fr, 1, 1, 1, 0);
}

/* ----------------------------------------------- many at once, threads */

#define RACERS 8

struct racer {
	struct fixture *f;
	const char *id; /* the gateway's id, or NULL */
	pthread_barrier_t *start;
	char status[32];
	int64_t message_id, submission_id;
	enum status rc;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct sms_inbound msg = message(EN_PHONE, OP_TEXT, r->id);
	struct sms_result res;
	struct store *st;
	struct err e;

	r->rc = store_open(r->f->url, &st, &e);
	if (r->rc)
		return NULL;
	pthread_barrier_wait(r->start);
	r->rc = sms_receive(r->f->in, st, r->f->w, &r->f->fr, &msg, &res, &e);
	snprintf(r->status, sizeof(r->status), "%s", res.status);
	r->message_id = res.message_id;
	r->submission_id = res.submission_id;
	sms_result_release(&res);
	store_close(st);
	return NULL;
}

/* Start RACERS threads sending the same message; count the statuses. */
static void run_race(struct fixture *f, const char *id, struct racer *r, int *accepted,
                     int *duplicate)
{
	pthread_barrier_t start;
	pthread_t th[RACERS];

	pthread_barrier_init(&start, NULL, RACERS);
	for (int i = 0; i < RACERS; i++) {
		r[i] = (struct racer){.f = f, .id = id, .start = &start};
		pthread_create(&th[i], NULL, race, &r[i]);
	}
	*accepted = *duplicate = 0;
	for (int i = 0; i < RACERS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(r[i].rc, ST_OK);
		*accepted += !strcmp(r[i].status, "accepted");
		*duplicate += !strcmp(r[i].status, "duplicate");
	}
	pthread_barrier_destroy(&start);
}

/* A gateway sending one message many times at once: one message, one
 * report, one reply, and every answer names the same report. */
static void test_concurrent_retries(void **state)
{
	struct fixture *f = *state;
	struct racer r[RACERS];
	int accepted, duplicate;

	run_race(f, "gw-race", r, &accepted, &duplicate);
	assert_int_equal(accepted, 1);
	assert_int_equal(duplicate, RACERS - 1);
	for (int i = 1; i < RACERS; i++) {
		assert_int_equal(r[i].message_id, r[0].message_id);
		assert_int_equal(r[i].submission_id, r[0].submission_id);
	}
	assert_string_equal(in_row(f, &f->fr, r[0].message_id).status, "accepted");
	assert_counts(f, &f->fr, 1, 1, 1, 0);
}

/* An observer's phone sending one text many times at once (no ids): every
 * message kept, one report, one reply.  A repeat answered while the first
 * was still being read cannot name the report yet, but its message is
 * linked to it once the first is read. */
static void test_concurrent_repeats(void **state)
{
	struct fixture *f = *state;
	struct racer r[RACERS];
	int accepted, duplicate;
	int64_t report = 0, first = 0;

	run_race(f, NULL, r, &accepted, &duplicate);
	assert_int_equal(accepted, 1);
	assert_int_equal(duplicate, RACERS - 1);
	for (int i = 0; i < RACERS; i++) {
		if (!strcmp(r[i].status, "accepted")) {
			report = r[i].submission_id;
			first = r[i].message_id;
		}
	}
	assert_true(report > 0);
	for (int i = 0; i < RACERS; i++) {
		struct sms_in_row row = in_row(f, &f->fr, r[i].message_id);

		assert_true(r[i].submission_id == report || r[i].submission_id == 0);
		assert_int_equal(row.submission_id, report);
		if (r[i].message_id != first) {
			assert_string_equal(row.status, "duplicate");
			assert_int_equal(row.duplicate_of, first);
		}
	}
	assert_counts(f, &f->fr, RACERS, 1, 1, 0);
}

int test_sms_intake(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_text_key),
	    T(test_accepted),
	    T(test_national_number),
	    T(test_sent_at),
	    T(test_received_at),
	    T(test_repeat_within_window),
	    T(test_repeat_outside_window),
	    T(test_gateway_retry),
	    T(test_failed_then_retried),
	    T(test_unknown_sender),
	    T(test_rejected),
	    T(test_reply_language),
	    T(test_reply_inline),
	    T(test_incident_local_time),
	    T(test_recover),
	    T(test_recover_repeat),
	    T(test_preview),
	    T(test_concurrent_retries),
	    T(test_concurrent_repeats),
	};
#undef T
	return cmocka_run_group_tests_name("sms_intake", tests, NULL, NULL);
}
