/* store_sqlite_sms_out.c - the queue of outbound SMS, on db.h: replies
 * and broadcasts waiting to be sent, their attempts, and what the
 * gateway said of them. */
#include <stdint.h>

#include "core/text.h"
#include "store/store_sqlite.h"

#define OUT_COLUMNS                                                                      \
	"SELECT id, mission_id, phone, observer, text, kind, reply_to, status,"          \
	" attempts, next_attempt_at, last_error, gateway_id, created_at, sent_at"        \
	" FROM sms_out"

static void read_out(struct db_stmt *st, struct arena *a, struct sms_out_row *m)
{
	m->id = db_col_int64(st, 0);
	m->mission_id = db_col_int64(st, 1);
	m->phone = sdb_col_text(st, 2, a);
	m->observer = sdb_col_text(st, 3, a);
	m->text = sdb_col_text(st, 4, a);
	m->kind = sdb_col_text(st, 5, a);
	m->reply_to = db_col_int64(st, 6);
	m->status = sdb_col_text(st, 7, a);
	m->attempts = db_col_int64(st, 8);
	m->next_attempt_at = sdb_col_text(st, 9, a);
	m->last_error = sdb_col_text(st, 10, a);
	m->gateway_id = sdb_col_text(st, 11, a);
	m->created_at = sdb_col_text(st, 12, a);
	m->sent_at = sdb_col_text(st, 13, a);
}

enum status sqlite_sms_out_add(struct store *base, int64_t mission_id,
                               struct sms_out_row *m, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc = ST_OK;
	char now[21];
	bool row;

	text_now_iso(now);
	rc = sdb_cached(s,
	                "INSERT INTO sms_out (mission_id, phone, observer, text, kind,"
	                " reply_to, status, attempts, next_attempt_at, created_at)"
	                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', 0, ?7, ?8)"
	                " RETURNING id",
	                &st, "queueing the message", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, m->phone);
	db_bind_text(st, 3, m->observer);
	db_bind_text(st, 4, m->text ? m->text : "");
	db_bind_text(st, 5, m->kind ? m->kind : "reply");
	if (m->reply_to)
		db_bind_int64(st, 6, m->reply_to);
	db_bind_text(st, 7, m->next_attempt_at ? m->next_attempt_at : now);
	db_bind_text(st, 8, now);
	rc = sdb_step(s, st, &row, "queueing the message", e);
	if (!rc)
		m->id = db_col_int64(st, 0); /* RETURNING id */
	sdb_cached_done(s, st);
	return rc;
}

struct out_walk {
	int64_t mission_id;
	const struct sms_filter *f;
	store_sms_out_cb cb;
	void *ctx;
};

static enum status out_row(struct db_stmt *st, void *ctx)
{
	struct out_walk *w = ctx;
	struct arena a = ARENA_INIT;
	struct sms_out_row m;
	enum status rc;

	read_out(st, &a, &m);
	rc = w->cb(w->ctx, &m);
	arena_release(&a);
	return rc;
}

enum status sqlite_sms_out_due(struct store *base, const char *now, const char *stale,
                               int64_t limit, store_sms_out_cb cb, void *ctx,
                               struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct out_walk w = {0, NULL, cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s,
	                 OUT_COLUMNS
	                 /* The first term lets SQLite use the partial index
	                  * sms_out_due (the OR alone scans the whole table,
	                  * every message ever sent). */
	                 " WHERE status IN ('queued', 'sending')"
	                 " AND ((status = 'queued' AND next_attempt_at <= ?1)"
	                 " OR (status = 'sending' AND next_attempt_at <= ?2))"
	                 " ORDER BY next_attempt_at, id LIMIT ?3",
	                 0, &st, "listing the messages to send", e);
	if (rc)
		return rc;
	db_bind_text(st, 1, now);
	db_bind_text(st, 2, stale);
	db_bind_int64(st, 3, limit > 0 ? limit : INT64_MAX);
	return sdb_each(s, st, out_row, &w, "listing the messages to send", e);
}

enum status sqlite_sms_out_update(struct store *base, const struct sms_out_row *m,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s,
	                 "UPDATE sms_out SET status = ?2, attempts = ?3,"
	                 " next_attempt_at = coalesce(?4, next_attempt_at),"
	                 " last_error = ?5, gateway_id = coalesce(?6, gateway_id),"
	                 " sent_at = coalesce(?7, sent_at) WHERE id = ?1",
	                 0, &st, "recording the send", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, m->id);
	db_bind_text(st, 2, m->status);
	db_bind_int64(st, 3, m->attempts);
	db_bind_text(st, 4, m->next_attempt_at);
	db_bind_text(st, 5, m->last_error);
	db_bind_text(st, 6, m->gateway_id);
	db_bind_text(st, 7, m->sent_at);
	rc = sdb_run(s, st, "recording the send", e);
	if (!rc && !db_changes(st))
		rc = err_set(e, ST_NOT_FOUND, "no outbound message %lld",
		             (long long)m->id);
	db_finalize(st);
	return rc;
}

enum status sqlite_sms_out_delivery(struct store *base, int64_t mission_id,
                                    const char *gateway_id, const char *status,
                                    struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s,
	                 "UPDATE sms_out SET status = ?3"
	                 " WHERE mission_id = ?1 AND gateway_id = ?2",
	                 0, &st, "recording the delivery", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, gateway_id);
	db_bind_text(st, 3, status);
	rc = sdb_run(s, st, "recording the delivery", e);
	if (!rc && !db_changes(st))
		rc = err_set(e, ST_NOT_FOUND, "no message sent as \"%s\"", gateway_id);
	db_finalize(st);
	return rc;
}

static void bind_filter(struct db_stmt *st, const void *arg)
{
	const struct out_walk *w = arg;

	db_bind_int64(st, 1, w->mission_id);
	db_bind_text(st, 2, w->f ? w->f->status : NULL);
	db_bind_text(st, 3, w->f ? w->f->phone : NULL);
}

#define OUT_FILTER                                                                       \
	" WHERE mission_id = ?1"                                                         \
	" AND (CAST(?2 AS TEXT) IS NULL OR status = CAST(?2 AS TEXT))"                   \
	" AND (CAST(?3 AS TEXT) IS NULL OR phone = CAST(?3 AS TEXT))"

enum status sqlite_sms_out_list(struct store *base, int64_t mission_id,
                                const struct sms_filter *f, int64_t *total,
                                store_sms_out_cb cb, void *ctx, struct err *e)
{
	struct out_walk w = {mission_id, f, cb, ctx};
	struct sdb_page page = {
	    .what = "listing the outbound messages",
	    .count_sql = "SELECT count(*) FROM sms_out" OUT_FILTER,
	    .rows_sql = OUT_COLUMNS OUT_FILTER " ORDER BY id DESC LIMIT ?4 OFFSET ?5",
	    .bind = bind_filter,
	    .arg = &w,
	    .limit_at = 4,
	    .limit = f ? f->limit : 0,
	    .offset = f ? f->offset : 0,
	    .row = cb ? out_row : NULL,
	    .ctx = &w,
	};

	return sdb_page_run((struct store_sqlite *)base, &page, total, e);
}
