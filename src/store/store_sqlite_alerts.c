/* store_sqlite_alerts.c - a page of alerts (store_alerts.h), on db.h:
 * newest first along the index on (mission, id), which stops after the
 * page; a report's alerts along the index on the report (migration 18). */
#include "core/buf.h"
#include "store/store_alerts.h"
#include "store/store_sqlite.h"

struct alert_rows {
	store_alert_cb cb;
	void *ctx;
};

static enum status alert_read(struct db_stmt *st, void *arg)
{
	struct alert_rows *rows = arg;
	struct alert_row a = {
	    .id = db_col_int64(st, 0),
	    .submission_id = db_col_int64(st, 1),
	    .station = db_col_text(st, 2),
	    .form = db_col_text(st, 3),
	    .tag = db_col_text(st, 4),
	    .value = db_col_text(st, 5),
	    .message = db_col_text(st, 6),
	    .created_at = db_col_text(st, 7),
	};
	return rows->cb(rows->ctx, &a);
}

/* The joins and conditions of f after "FROM alert a", into b; parameters
 * ?1 mission, ?2 station, ?3 form; the reports' keys are written in the
 * text as numbers, as many as there are (db.h binds DB_MAX_PARAMS at
 * most).  With reports the index on mission is not used (+), so the one
 * on the report is.  A filter not given still names its parameter (bound
 * NULL), so that every parameter has a type on PostgreSQL. */
static void where(struct buf *b, const struct alert_filter *f)
{
	buf_appends(b, " JOIN submission s ON s.id = a.submission_id"
	               " JOIN location l ON l.id = s.station_id WHERE ");
	buf_appends(b, f->n_ids ? "+a.mission_id = ?1" : "a.mission_id = ?1");
	buf_appends(b, f->station ? " AND l.code = ?2" : " AND CAST(?2 AS TEXT) IS NULL");
	buf_appends(b, f->form ? " AND s.form = ?3" : " AND CAST(?3 AS TEXT) IS NULL");
	if (f->n_ids) {
		buf_appends(b, " AND a.submission_id IN (");
		for (size_t i = 0; i < f->n_ids; i++)
			buf_appendf(b, "%s%lld", i ? ", " : "",
			            (long long)f->submission_ids[i]);
		buf_appends(b, ")");
	}
}

static void bind(struct db_stmt *st, int64_t mission_id, const struct alert_filter *f)
{
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, f->station);
	db_bind_text(st, 3, f->form);
}

static enum status count(struct store_sqlite *s, int64_t mission_id,
                         const struct alert_filter *f, int64_t *total, struct err *e)
{
	struct buf b;
	struct db_stmt *st;
	enum status rc;
	bool row;

	buf_init(&b, 1 << 16);
	buf_appends(&b, "SELECT count(*) FROM alert a");
	if (f->station || f->form || f->n_ids)
		where(&b, f);
	else
		buf_appends(&b, " WHERE a.mission_id = ?1");
	rc = sdb_prepare(s, b.ptr, 0, &st, "counting alerts", e);
	buf_release(&b);
	if (rc)
		return rc;
	bind(st, mission_id, f);
	rc = sdb_step(s, st, &row, "counting alerts", e);
	*total = !rc && row ? db_col_int64(st, 0) : 0;
	db_finalize(st);
	return rc;
}

enum status sqlite_alert_select(struct store *base, int64_t mission_id,
                                const struct alert_filter *f, int64_t *total,
                                store_alert_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct alert_rows rows = {cb, ctx};
	struct buf b;
	struct db_stmt *st;
	enum status rc;

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
	rc = sdb_prepare(s, b.ptr, 0, &st, "listing alerts", e);
	buf_release(&b);
	if (rc)
		return rc;
	bind(st, mission_id, f);
	return sdb_each(s, st, alert_read, &rows, "listing alerts", e);
}
