/* store_sqlite_alerts.c - a page of alerts on SQLite (store_alerts.h):
 * newest first along the index on (mission, id), which stops after the
 * page; a report's alerts along the index on the report (migration 18). */
#include "core/buf.h"
#include "store/store_alerts.h"
#include "store/store_sqlite.h"

struct alert_rows {
	store_alert_cb cb;
	void *ctx;
};

static enum status alert_read(sqlite3_stmt *st, void *arg)
{
	struct alert_rows *rows = arg;
	struct alert_row a = {
	    .id = sqlite3_column_int64(st, 0),
	    .submission_id = sqlite3_column_int64(st, 1),
	    .station = (const char *)sqlite3_column_text(st, 2),
	    .form = (const char *)sqlite3_column_text(st, 3),
	    .tag = (const char *)sqlite3_column_text(st, 4),
	    .value = (const char *)sqlite3_column_text(st, 5),
	    .message = (const char *)sqlite3_column_text(st, 6),
	    .created_at = (const char *)sqlite3_column_text(st, 7),
	};
	return rows->cb(rows->ctx, &a);
}

/* The joins and conditions of f after "FROM alert a", into b; parameters
 * ?1 mission, ?2 station, ?3 form, then ?4 ... the reports.  With reports
 * the index on mission is not used (+), so the one on the report is. */
static void where(struct buf *b, const struct alert_filter *f)
{
	buf_appends(b, " JOIN submission s ON s.id = a.submission_id"
	               " JOIN location l ON l.id = s.station_id WHERE ");
	buf_appends(b, f->n_ids ? "+a.mission_id = ?1" : "a.mission_id = ?1");
	if (f->station)
		buf_appends(b, " AND l.code = ?2");
	if (f->form)
		buf_appends(b, " AND s.form = ?3");
	if (f->n_ids) {
		buf_appends(b, " AND a.submission_id IN (");
		for (size_t i = 0; i < f->n_ids; i++)
			buf_appendf(b, "%s?%zu", i ? ", " : "", i + 4);
		buf_appends(b, ")");
	}
}

static void bind(sqlite3_stmt *st, int64_t mission_id, const struct alert_filter *f)
{
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, f->station);
	sqlite_bind_text(st, 3, f->form);
	for (size_t i = 0; i < f->n_ids; i++)
		sqlite3_bind_int64(st, (int)(i + 4), f->submission_ids[i]);
}

static enum status count(struct store_sqlite *s, int64_t mission_id,
                         const struct alert_filter *f, int64_t *total, struct err *e)
{
	struct buf b;
	sqlite3_stmt *st;
	int r;

	buf_init(&b, 1 << 16);
	buf_appends(&b, "SELECT count(*) FROM alert a");
	if (f->station || f->form || f->n_ids)
		where(&b, f);
	else
		buf_appends(&b, " WHERE a.mission_id = ?1");
	r = sqlite3_prepare_v2(s->db, b.ptr, -1, &st, NULL);
	buf_release(&b);
	if (r != SQLITE_OK)
		return sqlite_fail(s, "counting alerts", e);
	bind(st, mission_id, f);
	r = sqlite3_step(st);
	*total = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (r != SQLITE_ROW)
		return sqlite_fail(s, "counting alerts", e);
	return ST_OK;
}

enum status sqlite_alert_select(struct store *base, int64_t mission_id,
                                const struct alert_filter *f, int64_t *total,
                                store_alert_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct alert_rows rows = {cb, ctx};
	struct buf b;
	sqlite3_stmt *st;
	enum status rc;
	int r;

	if (total) {
		rc = count(s, mission_id, f, total, e);
		if (rc)
			return rc;
	}
	if (f->limit <= 0)
		return ST_OK;
	buf_init(&b, 1 << 16);
	buf_appends(&b, "SELECT a.id, a.submission_id, l.code, s.form, a.tag, a.value,"
	                " a.message, a.created_at FROM alert a");
	where(&b, f);
	buf_appendf(&b, " ORDER BY a.id DESC LIMIT %lld OFFSET %lld", (long long)f->limit,
	            (long long)(f->offset > 0 ? f->offset : 0));
	r = sqlite3_prepare_v2(s->db, b.ptr, -1, &st, NULL);
	buf_release(&b);
	if (r != SQLITE_OK)
		return sqlite_fail(s, "listing alerts", e);
	bind(st, mission_id, f);
	return sqlite_each(s, st, alert_read, &rows, "listing alerts", e);
}
