/* store_sqlite_received.c - the inbox of reports refused by validation in
 * the SQLite back-end: each kept with its raw text and problems, whatever
 * channel it came by, and listed newest first for a clerk. */
#include "core/text.h"
#include "store/store_sqlite.h"

enum status sqlite_received_add(struct store *base, int64_t mission_id,
                                struct received_row *r, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_RECEIVED_ADD);
	enum status rc = ST_OK;
	char now[21];

	text_now_iso(now);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, r->channel);
	sqlite_bind_text(st, 3, r->observer);
	sqlite3_bind_text(st, 4, r->received_at ? r->received_at : now, -1,
	                  SQLITE_TRANSIENT);
	sqlite3_bind_text64(st, 5, r->raw ? r->raw : "", r->raw ? r->raw_len : 0,
	                    SQLITE_STATIC, SQLITE_UTF8);
	sqlite_bind_text(st, 6, r->problems ? r->problems : "[]");
	sqlite_bind_text(st, 7, r->status ? r->status : "refused");
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_fail(s, "keeping the report as received", e);
	else
		r->id = sqlite3_last_insert_rowid(s->db);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

struct received_args {
	int64_t mission_id;
	store_received_cb cb;
	void *ctx;
};

static void bind_mission(sqlite3_stmt *st, const void *arg)
{
	sqlite3_bind_int64(st, 1, ((const struct received_args *)arg)->mission_id);
}

static enum status received_row(sqlite3_stmt *st, void *ctx)
{
	struct received_args *a = ctx;
	struct received_row r = {
	    .id = sqlite3_column_int64(st, 0),
	    .channel = (const char *)sqlite3_column_text(st, 1),
	    .observer = (const char *)sqlite3_column_text(st, 2),
	    .received_at = (const char *)sqlite3_column_text(st, 3),
	    .raw = (const char *)sqlite3_column_text(st, 4),
	    .raw_len = (size_t)sqlite3_column_bytes(st, 4),
	    .problems = (const char *)sqlite3_column_text(st, 5),
	    .status = (const char *)sqlite3_column_text(st, 6),
	};

	return a->cb(a->ctx, &r);
}

enum status sqlite_received_list(struct store *base, int64_t mission_id, int64_t limit,
                                 int64_t offset, int64_t *total, store_received_cb cb,
                                 void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct received_args args = {mission_id, cb, ctx};
	struct sqlite_page page = {
	    .what = "listing the reports kept as received",
	    .count_sql = "SELECT count(*) FROM received WHERE mission_id = ?1",
	    .rows_sql = "SELECT id, channel, observer, received_at, raw, problems, status"
	                " FROM received WHERE mission_id = ?1"
	                " ORDER BY id DESC LIMIT ?2 OFFSET ?3",
	    .bind = bind_mission,
	    .arg = &args,
	    .limit_at = 2,
	    .limit = limit,
	    .offset = offset,
	    .row = cb ? received_row : NULL,
	    .ctx = &args,
	};

	return sqlite_page_run(s, &page, total, e);
}
