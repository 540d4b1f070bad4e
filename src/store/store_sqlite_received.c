/* store_sqlite_received.c - the inbox of reports refused by validation, on
 * db.h: each kept with its raw text and problems, whatever channel it came
 * by, and listed newest first for a clerk. */
#include "core/text.h"
#include "store/store_sqlite.h"

enum status sqlite_received_add(struct store *base, int64_t mission_id,
                                struct received_row *r, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_RECEIVED_ADD);
	enum status rc;
	char now[21];
	bool row;

	text_now_iso(now);
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, r->channel);
	db_bind_text(st, 3, r->observer);
	db_bind_text(st, 4, r->received_at ? r->received_at : now);
	db_bind_textn(st, 5, r->raw ? r->raw : "", r->raw ? r->raw_len : 0);
	db_bind_text(st, 6, r->problems ? r->problems : "[]");
	db_bind_text(st, 7, r->status ? r->status : "refused");
	rc = sdb_step(s, st, &row, "keeping the report as received", e);
	if (!rc)
		r->id = db_col_int64(st, 0); /* RETURNING id */
	db_reset(st);
	db_clear_bindings(st);
	return rc;
}

struct received_args {
	int64_t mission_id;
	store_received_cb cb;
	void *ctx;
};

static void bind_mission(struct db_stmt *st, const void *arg)
{
	db_bind_int64(st, 1, ((const struct received_args *)arg)->mission_id);
}

static enum status received_row(struct db_stmt *st, void *ctx)
{
	struct received_args *a = ctx;
	struct received_row r = {
	    .id = db_col_int64(st, 0),
	    .channel = db_col_text(st, 1),
	    .observer = db_col_text(st, 2),
	    .received_at = db_col_text(st, 3),
	    .raw = db_col_text(st, 4),
	    .raw_len = db_col_bytes(st, 4),
	    .problems = db_col_text(st, 5),
	    .status = db_col_text(st, 6),
	};

	return a->cb(a->ctx, &r);
}

enum status sqlite_received_list(struct store *base, int64_t mission_id, int64_t limit,
                                 int64_t offset, int64_t *total, store_received_cb cb,
                                 void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct received_args args = {mission_id, cb, ctx};
	struct sdb_page page = {
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

	return sdb_page_run(s, &page, total, e);
}
