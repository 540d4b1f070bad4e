/* store_sqlite_sms.c - the coded-SMS channel, on db.h: a mission's
 * gateway settings, observers found by phone number, and the log of
 * inbound messages (stored raw first, then their outcome). */
#include <stdint.h>
#include <string.h>

#include "core/text.h"
#include "store/store_sqlite.h"

/* Statements are kept (sdb_cached()): an SMS runs several of them, and
 * the writer would otherwise compile each for every message. */
static enum status prepare(struct store_sqlite *s, const char *sql, struct db_stmt **st,
                           const char *what, struct err *e)
{
	return sdb_cached(s, sql, st, what, e);
}

/* ------------------------------------------------------------ settings */

enum status sqlite_sms_config_get(struct store *base, int64_t mission_id, struct arena *a,
                                  struct sms_config *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc =
	    prepare(s,
	            "SELECT secret_hash, twilio_token, outbound_kind, outbound_url,"
	            " outbound_user, outbound_secret, sender, duplicate_hours, updated_at"
	            " FROM sms_config WHERE mission_id = ?1",
	            &st, "reading the SMS settings", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	rc = sdb_step(s, st, &row, "reading the SMS settings", e);
	if (!rc && row) {
		out->secret_hash = sdb_col_text(st, 0, a);
		out->twilio_token = sdb_col_text(st, 1, a);
		out->outbound_kind = sdb_col_text(st, 2, a);
		out->outbound_url = sdb_col_text(st, 3, a);
		out->outbound_user = sdb_col_text(st, 4, a);
		out->outbound_secret = sdb_col_text(st, 5, a);
		out->sender = sdb_col_text(st, 6, a);
		out->duplicate_hours = db_col_int64(st, 7);
		out->updated_at = sdb_col_text(st, 8, a);
	} else if (!rc) {
		rc = err_set(e, ST_NOT_FOUND, "the mission has no SMS settings");
	}
	sdb_cached_done(s, st);
	return rc;
}

enum status sqlite_sms_config_put(struct store *base, int64_t mission_id,
                                  const struct sms_config *c, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = NULL;
	enum status rc;
	char now[21], after[256];

	text_now_iso(now);
	rc = sqlite_op_begin(s, e);
	if (!rc)
		rc = prepare(
		    s,
		    "INSERT INTO sms_config (mission_id, secret_hash, twilio_token,"
		    " outbound_kind, outbound_url, outbound_user, outbound_secret,"
		    " sender, duplicate_hours, updated_at)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
		    " ON CONFLICT (mission_id) DO UPDATE SET"
		    " secret_hash = ?2, twilio_token = ?3, outbound_kind = ?4,"
		    " outbound_url = ?5, outbound_user = ?6, outbound_secret = ?7,"
		    " sender = ?8, duplicate_hours = ?9, updated_at = ?10",
		    &st, "storing the SMS settings", e);
	if (!rc) {
		db_bind_int64(st, 1, mission_id);
		db_bind_text(st, 2, c->secret_hash);
		db_bind_text(st, 3, c->twilio_token);
		db_bind_text(st, 4, c->outbound_kind);
		db_bind_text(st, 5, c->outbound_url);
		db_bind_text(st, 6, c->outbound_user);
		db_bind_text(st, 7, c->outbound_secret);
		db_bind_text(st, 8, c->sender);
		db_bind_int64(st, 9,
		              c->duplicate_hours > 0 ? c->duplicate_hours
		                                     : SMS_DUPLICATE_HOURS);
		db_bind_text(st, 10, now);
		rc = sdb_run(s, st, "storing the SMS settings", e);
	}
	if (st)
		sdb_cached_done(s, st);
	if (!rc) {
		/* Which settings there are, never their values when secret. */
		snprintf(after, sizeof(after),
		         "{\"secret\":%s,\"twilio_token\":%s,\"outbound_kind\":\"%s\","
		         "\"duplicate_hours\":%lld}",
		         c->secret_hash ? "true" : "false",
		         c->twilio_token ? "true" : "false",
		         c->outbound_kind ? c->outbound_kind : "",
		         (long long)(c->duplicate_hours > 0 ? c->duplicate_hours
		                                            : SMS_DUPLICATE_HOURS));
		rc = sqlite_audit(s, mission_id, "update", "sms_config", "sms", NULL,
		                  after, e);
	}
	return sqlite_op_end(s, rc);
}

enum status sqlite_observer_by_phone(struct store *base, int64_t mission_id,
                                     const char *phone, struct arena *a,
                                     const char **code, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = prepare(s,
	             "SELECT o.code FROM observer_phone p JOIN observer o"
	             " ON o.id = p.observer_id WHERE p.mission_id = ?1 AND p.phone = ?2",
	             &st, "finding the observer by phone", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, phone);
	rc = sdb_step(s, st, &row, "finding the observer by phone", e);
	if (!rc && row)
		*code = sdb_col_text(st, 0, a);
	else if (!rc)
		rc = err_set(e, ST_NOT_FOUND, "no observer has the number %s", phone);
	sdb_cached_done(s, st);
	return rc;
}

/* ------------------------------------------------------------- inbound */

#define IN_COLUMNS                                                                       \
	"SELECT id, mission_id, gateway, gateway_id, phone, observer, text,"             \
	" received_at, text_key, status, submission_id, duplicate_of, problems, reply"   \
	" FROM sms_in"

static void read_in(struct db_stmt *st, struct arena *a, struct sms_in_row *m)
{
	m->id = db_col_int64(st, 0);
	m->mission_id = db_col_int64(st, 1);
	m->gateway = sdb_col_text(st, 2, a);
	m->gateway_id = sdb_col_text(st, 3, a);
	m->phone = sdb_col_text(st, 4, a);
	m->observer = sdb_col_text(st, 5, a);
	m->text = sdb_col_text(st, 6, a);
	m->received_at = sdb_col_text(st, 7, a);
	m->text_key = sdb_col_text(st, 8, a);
	m->status = sdb_col_text(st, 9, a);
	m->submission_id = db_col_int64(st, 10);
	m->duplicate_of = db_col_int64(st, 11);
	m->problems = sdb_col_text(st, 12, a);
	m->reply = sdb_col_text(st, 13, a);
}

/* The one row st gives into out: ST_NOT_FOUND with what when none. */
static enum status one_in(struct store_sqlite *s, struct db_stmt *st, struct arena *a,
                          struct sms_in_row *out, const char *what, struct err *e)
{
	bool row;
	enum status rc = sdb_step(s, st, &row, what, e);

	if (!rc && row)
		read_in(st, a, out);
	else if (!rc)
		rc = err_set(e, ST_NOT_FOUND, "%s: none", what);
	sdb_cached_done(s, st);
	return rc;
}

enum status sqlite_sms_in_add(struct store *base, int64_t mission_id,
                              struct sms_in_row *m, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	char now[21];
	bool row;

	if (m->gateway_id) {
		rc =
		    prepare(s,
		            "SELECT id FROM sms_in WHERE mission_id = ?1 AND gateway = ?2"
		            " AND gateway_id = ?3",
		            &st, "storing the message", e);
		if (rc)
			return rc;
		db_bind_int64(st, 1, mission_id);
		db_bind_text(st, 2, m->gateway);
		db_bind_text(st, 3, m->gateway_id);
		rc = sdb_step(s, st, &row, "storing the message", e);
		if (!rc && row) {
			m->id = db_col_int64(st, 0);
			sdb_cached_done(s, st);
			return err_set(e, ST_EXISTS,
			               "message %s of %s was already received",
			               m->gateway_id, m->gateway);
		}
		sdb_cached_done(s, st);
		if (rc)
			return rc;
	}
	text_now_iso(now);
	rc = prepare(
	    s,
	    "INSERT INTO sms_in (mission_id, gateway, gateway_id, phone, observer,"
	    " text, received_at, text_key, status)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'received') RETURNING id",
	    &st, "storing the message", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, m->gateway);
	db_bind_text(st, 3, m->gateway_id);
	db_bind_text(st, 4, m->phone);
	db_bind_text(st, 5, m->observer);
	db_bind_text(st, 6, m->text ? m->text : "");
	db_bind_text(st, 7, m->received_at ? m->received_at : now);
	db_bind_text(st, 8, m->text_key ? m->text_key : "");
	rc = sdb_step(s, st, &row, "storing the message", e);
	if (!rc)
		m->id = db_col_int64(st, 0); /* RETURNING id */
	sdb_cached_done(s, st);
	return rc;
}

enum status sqlite_sms_in_recent(struct store *base, int64_t mission_id,
                                 const char *phone, const char *text_key,
                                 const char *since, int64_t not_id, struct arena *a,
                                 struct sms_in_row *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;

	rc = prepare(s,
	             IN_COLUMNS " WHERE mission_id = ?1 AND phone = ?2 AND text_key = ?3"
	                        " AND received_at >= ?4 AND id < ?5"
	                        " AND status <> 'duplicate'"
	                        " ORDER BY received_at, id LIMIT 1",
	             &st, "looking for an earlier message", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, phone);
	db_bind_text(st, 3, text_key);
	db_bind_text(st, 4, since);
	db_bind_int64(st, 5, not_id);
	return one_in(s, st, a, out, "an earlier message", e);
}

/* The repeats of m recorded while it was still being read name its report
 * too. */
static enum status link_repeats(struct store_sqlite *s, int64_t mission_id,
                                const struct sms_in_row *m, struct err *e)
{
	struct db_stmt *st;
	enum status rc;

	rc = prepare(s,
	             "UPDATE sms_in SET submission_id = ?3"
	             " WHERE mission_id = ?1 AND duplicate_of = ?2"
	             " AND submission_id IS NULL",
	             &st, "recording the message's outcome", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, m->id);
	db_bind_int64(st, 3, m->submission_id);
	rc = sdb_run(s, st, "recording the message's outcome", e);
	sdb_cached_done(s, st);
	return rc;
}

enum status sqlite_sms_in_finish(struct store *base, int64_t mission_id,
                                 const struct sms_in_row *m, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;

	rc = prepare(s,
	             "UPDATE sms_in SET status = ?3, observer = ?4, submission_id = ?5,"
	             " duplicate_of = ?6, problems = ?7, reply = ?8"
	             " WHERE mission_id = ?1 AND id = ?2",
	             &st, "recording the message's outcome", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, m->id);
	db_bind_text(st, 3, m->status);
	db_bind_text(st, 4, m->observer);
	if (m->submission_id)
		db_bind_int64(st, 5, m->submission_id);
	if (m->duplicate_of)
		db_bind_int64(st, 6, m->duplicate_of);
	db_bind_text(st, 7, m->problems);
	db_bind_text(st, 8, m->reply);
	rc = sdb_run(s, st, "recording the message's outcome", e);
	if (!rc && !db_changes(st))
		rc = err_set(e, ST_NOT_FOUND, "no message %lld", (long long)m->id);
	sdb_cached_done(s, st);
	if (!rc && m->submission_id && !m->duplicate_of)
		rc = link_repeats(s, mission_id, m, e);
	return rc;
}

enum status sqlite_sms_in_get(struct store *base, int64_t mission_id, int64_t id,
                              struct arena *a, struct sms_in_row *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;

	rc = prepare(s, IN_COLUMNS " WHERE mission_id = ?1 AND id = ?2", &st,
	             "reading the message", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, id);
	return one_in(s, st, a, out, "message", e);
}

struct in_walk {
	const struct sms_filter *f;
	int64_t mission_id;
	store_sms_in_cb cb;
	void *ctx;
};

static enum status in_row(struct db_stmt *st, void *ctx)
{
	struct in_walk *w = ctx;
	struct arena a = ARENA_INIT;
	struct sms_in_row m;
	enum status rc;

	read_in(st, &a, &m);
	rc = w->cb(w->ctx, &m);
	arena_release(&a);
	return rc;
}

static void bind_filter(struct db_stmt *st, const void *arg)
{
	const struct in_walk *w = arg;

	db_bind_int64(st, 1, w->mission_id);
	db_bind_text(st, 2, w->f ? w->f->status : NULL);
	db_bind_text(st, 3, w->f ? w->f->phone : NULL);
}

#define SMS_FILTER                                                                       \
	" WHERE mission_id = ?1"                                                         \
	" AND (CAST(?2 AS TEXT) IS NULL OR status = CAST(?2 AS TEXT))"                   \
	" AND (CAST(?3 AS TEXT) IS NULL OR phone = CAST(?3 AS TEXT))"

enum status sqlite_sms_in_list(struct store *base, int64_t mission_id,
                               const struct sms_filter *f, int64_t *total,
                               store_sms_in_cb cb, void *ctx, struct err *e)
{
	struct in_walk w = {f, mission_id, cb, ctx};
	struct sdb_page page = {
	    .what = "listing the messages",
	    .count_sql = "SELECT count(*) FROM sms_in" SMS_FILTER,
	    .rows_sql = IN_COLUMNS SMS_FILTER " ORDER BY id DESC LIMIT ?4 OFFSET ?5",
	    .bind = bind_filter,
	    .arg = &w,
	    .limit_at = 4,
	    .limit = f ? f->limit : 0,
	    .offset = f ? f->offset : 0,
	    .row = cb ? in_row : NULL,
	    .ctx = &w,
	};

	return sdb_page_run((struct store_sqlite *)base, &page, total, e);
}

enum status sqlite_sms_in_pending(struct store *base, const char *before, int64_t limit,
                                  store_sms_in_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct in_walk w = {NULL, 0, cb, ctx};
	struct db_stmt *st;
	enum status rc;

	/* Not kept: sdb_each() finalizes it. */
	rc = sdb_prepare(s,
	                 IN_COLUMNS " WHERE status = 'received' AND received_at <= ?1"
	                            " ORDER BY id LIMIT ?2",
	                 0, &st, "listing the messages not yet read", e);
	if (rc)
		return rc;
	db_bind_text(st, 1, before);
	db_bind_int64(st, 2, limit > 0 ? limit : INT64_MAX);
	return sdb_each(s, st, in_row, &w, "listing the messages not yet read", e);
}
