/* store_sqlite_followup.c - what hangs on submissions in the SQLite
 * back-end: conflicts between observers, alerts on critical answers,
 * assignments of observers to stations, and the coverage counts. */
#include <jansson.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "store/store_sqlite.h"

/* Prepare sql or fill e. */
static enum status prepare(struct store_sqlite *s, const char *sql, sqlite3_stmt **st,
                           const char *what, struct err *e)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return sqlite_fail(s, what, e);
	return ST_OK;
}

/* Step a statement that returns no rows, then finalize it. */
static enum status run(struct store_sqlite *s, sqlite3_stmt *st, const char *what,
                       struct err *e)
{
	enum status rc = ST_OK;

	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_fail(s, what, e);
	sqlite3_finalize(st);
	return rc;
}

/* Step a cached statement that returns no rows, then reset it. */
static enum status run_cached(struct store_sqlite *s, sqlite3_stmt *st, const char *what,
                              struct err *e)
{
	enum status rc = ST_OK;

	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_fail(s, what, e);
	sqlite3_reset(st);
	return rc;
}

enum status sqlite_conflict_put(struct store *base, int64_t mission_id,
                                const char *station, const char *form, const char *tag,
                                const char *values, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_CONFLICT_PUT);

	/* New disagreeing values reopen a conflict that was settled. */
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, station);
	sqlite_bind_text(st, 3, form);
	sqlite_bind_text(st, 4, tag);
	sqlite_bind_text(st, 5, values);
	return run_cached(s, st, "recording a conflict", e);
}

enum status sqlite_conflict_clear(struct store *base, int64_t mission_id,
                                  const char *station, const char *form,
                                  const char *keep_tags, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_CONFLICT_CLEAR);

	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, station);
	sqlite_bind_text(st, 3, form);
	sqlite_bind_text(st, 4, keep_tags ? keep_tags : "");
	return run_cached(s, st, "clearing conflicts", e);
}

struct conflict_args {
	int64_t mission_id;
	const struct conflict_filter *f;
};

static void bind_conflict_filter(sqlite3_stmt *st, const void *arg)
{
	const struct conflict_args *a = arg;

	sqlite3_bind_int64(st, 1, a->mission_id);
	sqlite_bind_text(st, 2, a->f->station);
	sqlite_bind_text(st, 3, a->f->form);
}

struct conflict_rows {
	store_conflict_cb cb;
	void *ctx;
};

static enum status conflict_row(sqlite3_stmt *st, void *ctx)
{
	struct conflict_rows *r = ctx;
	struct conflict_row c = {
	    .id = sqlite3_column_int64(st, 0),
	    .station = (const char *)sqlite3_column_text(st, 1),
	    .form = (const char *)sqlite3_column_text(st, 2),
	    .tag = (const char *)sqlite3_column_text(st, 3),
	    .values = (const char *)sqlite3_column_text(st, 4),
	    .resolved_value = (const char *)sqlite3_column_text(st, 5),
	    .resolved_by = (const char *)sqlite3_column_text(st, 6),
	    .resolved_at = (const char *)sqlite3_column_text(st, 7),
	};
	return r->cb(r->ctx, &c);
}

enum status sqlite_conflict_list(struct store *base, int64_t mission_id,
                                 const struct conflict_filter *f, int64_t *total,
                                 store_conflict_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct conflict_args args = {mission_id, f};
	struct conflict_rows rows = {cb, ctx};
	struct sqlite_page page = {
	    .what = "listing conflicts",
	    .bind = bind_conflict_filter,
	    .arg = &args,
	    .limit_at = 4,
	    .limit = f->limit,
	    .offset = f->offset,
	    .row = cb ? conflict_row : NULL,
	    .ctx = &rows,
	};
	struct buf where;
	char *count_sql, *rows_sql;
	enum status rc;

	buf_init(&where, 1024);
	buf_appends(&where, " WHERE c.mission_id = ?1");
	if (f->station)
		buf_appends(&where, " AND l.code = ?2");
	if (f->form)
		buf_appends(&where, " AND c.form = ?3");
	if (f->open_only)
		buf_appends(&where, " AND c.resolved_value IS NULL");
	count_sql = xasprintf("SELECT count(*) FROM conflict c"
	                      " JOIN location l ON l.id = c.station_id%s",
	                      where.ptr);
	rows_sql =
	    xasprintf("SELECT c.id, l.code, c.form, c.tag, c.vals, c.resolved_value,"
	              " c.resolved_by, c.resolved_at FROM conflict c"
	              " JOIN location l ON l.id = c.station_id%s"
	              " ORDER BY l.code, c.form, c.tag LIMIT ?4 OFFSET ?5",
	              where.ptr);
	page.count_sql = count_sql;
	page.rows_sql = rows_sql;
	rc = sqlite_page_run(s, &page, total, e);
	free(count_sql);
	free(rows_sql);
	buf_release(&where);
	return rc;
}

enum status sqlite_conflict_resolve(struct store *base, int64_t mission_id, int64_t id,
                                    const char *value, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = NULL;
	char stamp[21], key[32], *before = NULL, *after = NULL;
	enum status rc;
	int r;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = prepare(
	    s,
	    "SELECT json_object('tag', tag, 'values', json(vals), 'resolved_value',"
	    " json(resolved_value)) FROM conflict WHERE mission_id = ?1 AND id = ?2",
	    &st, "reading a conflict", e);
	if (rc)
		goto out;
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite3_bind_int64(st, 2, id);
	r = sqlite3_step(st);
	if (r == SQLITE_DONE) {
		rc = err_set(e, ST_NOT_FOUND, "no conflict with id %lld", (long long)id);
		goto out;
	}
	if (r != SQLITE_ROW) {
		rc = sqlite_fail(s, "reading a conflict", e);
		goto out;
	}
	before = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	st = NULL;
	text_now_iso(stamp);
	rc = prepare(s,
	             "UPDATE conflict SET resolved_value = ?3, resolved_by = ?4,"
	             " resolved_at = ?5 WHERE mission_id = ?1 AND id = ?2",
	             &st, "resolving a conflict", e);
	if (rc)
		goto out;
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite3_bind_int64(st, 2, id);
	sqlite_bind_text(st, 3, value);
	sqlite_bind_text(st, 4, s->base.actor);
	sqlite_bind_text(st, 5, stamp);
	rc = run(s, st, "resolving a conflict", e);
	st = NULL;
	if (rc)
		goto out;
	after = xasprintf("{\"resolved_value\":%s}", value);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	rc = sqlite_audit(s, mission_id, "update", "conflict", key, before, after, e);
out:
	sqlite3_finalize(st);
	free(before);
	free(after);
	return sqlite_op_end(s, rc);
}

enum status sqlite_alert_add(struct store *base, int64_t mission_id,
                             int64_t submission_id, const char *tag, const char *value,
                             const char *message, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_ALERT_ADD);
	char stamp[21];

	text_now_iso(stamp);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite3_bind_int64(st, 2, submission_id);
	sqlite_bind_text(st, 3, tag);
	sqlite_bind_text(st, 4, value);
	sqlite_bind_text(st, 5, message);
	sqlite_bind_text(st, 6, stamp);
	return run_cached(s, st, "raising an alert", e);
}

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

enum status sqlite_alert_list(struct store *base, int64_t mission_id, store_alert_cb cb,
                              void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc;

	rc = prepare(s,
	             "SELECT a.id, a.submission_id, l.code, s.form, a.tag, a.value,"
	             " a.message, a.created_at FROM alert a"
	             " JOIN submission s ON s.id = a.submission_id"
	             " JOIN location l ON l.id = s.station_id"
	             " WHERE a.mission_id = ?1 ORDER BY a.id DESC",
	             &st, "listing alerts", e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, mission_id);
	{
		struct alert_rows rows = {cb, ctx};
		return sqlite_each(s, st, alert_read, &rows, "listing alerts", e);
	}
}

enum status sqlite_assignment_put(struct store *base, int64_t mission_id,
                                  const struct assignment_row *a, enum upsert_result *res,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	char *after = NULL, *key = NULL;
	int64_t sid = 0, oid = 0;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_station_id(s, mission_id, a->station, &sid, e);
	if (!rc)
		rc = sqlite_observer_id(s, mission_id, a->observer, &oid, e);
	if (rc)
		goto out;
	st = sqlite_stmt(s, SQL_ASSIGNMENT_INSERT);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite3_bind_int64(st, 2, oid);
	sqlite3_bind_int64(st, 3, sid);
	sqlite_bind_text(st, 4, a->day);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "storing an assignment", e);
		sqlite3_reset(st);
		goto out;
	}
	sqlite3_reset(st);
	*res = sqlite3_changes(s->db) ? UPSERT_INSERTED : UPSERT_UNCHANGED;
	if (*res == UPSERT_INSERTED) {
		json_t *j = json_pack("{s:s, s:s, s:s}", "observer", a->observer,
		                      "station", a->station, "day", a->day);
		after = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(j);
		key = xasprintf("%s@%s", a->observer, a->station);
		rc = sqlite_audit(s, mission_id, "create", "assignment", key, NULL, after,
		                  e);
	}
out:
	free(after);
	free(key);
	return sqlite_op_end(s, rc);
}

struct assignment_rows {
	store_assignment_cb cb;
	void *ctx;
};

static enum status assignment_read(sqlite3_stmt *st, void *arg)
{
	struct assignment_rows *rows = arg;
	struct assignment_row a = {
	    .observer = (const char *)sqlite3_column_text(st, 0),
	    .station = (const char *)sqlite3_column_text(st, 1),
	    .day = (const char *)sqlite3_column_text(st, 2),
	};
	return rows->cb(rows->ctx, &a);
}

enum status sqlite_assignment_list(struct store *base, int64_t mission_id,
                                   const char *day, store_assignment_cb cb, void *ctx,
                                   struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc;

	rc = prepare(s,
	             "SELECT o.code, l.code, a.day FROM assignment a"
	             " JOIN observer o ON o.id = a.observer_id"
	             " JOIN location l ON l.id = a.station_id"
	             " WHERE a.mission_id = ?1 AND (?2 IS NULL OR a.day = ?2)"
	             " ORDER BY l.code, a.day, o.code",
	             &st, "listing assignments", e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, day);
	{
		struct assignment_rows rows = {cb, ctx};
		return sqlite_each(s, st, assignment_read, &rows, "listing assignments",
		                   e);
	}
}

struct coverage_rows {
	store_coverage_cb cb;
	void *ctx;
};

static enum status coverage_read(sqlite3_stmt *st, void *arg)
{
	struct coverage_rows *rows = arg;
	struct coverage_row c = {
	    .station = (const char *)sqlite3_column_text(st, 0),
	    .form = (const char *)sqlite3_column_text(st, 1),
	    .reports = sqlite3_column_int64(st, 2),
	    .flagged = sqlite3_column_int64(st, 3),
	    .conflicts = sqlite3_column_int64(st, 4),
	    .station_id = sqlite3_column_int64(st, 5),
	};
	return rows->cb(rows->ctx, &c);
}

enum status sqlite_coverage_rows(struct store *base, int64_t mission_id,
                                 store_coverage_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc;

	rc = prepare(s,
	             "SELECT l.code, x.form, x.reports, x.flagged,"
	             " (SELECT count(*) FROM conflict c WHERE c.mission_id = ?1"
	             "  AND c.station_id = x.station_id AND c.form = x.form"
	             "  AND c.resolved_value IS NULL), x.station_id"
	             " FROM (SELECT station_id, form, count(*) AS reports,"
	             "  sum(status = 'flagged') AS flagged FROM submission"
	             "  WHERE mission_id = ?1 AND superseded_by IS NULL"
	             "  AND status <> 'rejected' GROUP BY station_id, form) x"
	             " JOIN location l ON l.id = x.station_id",
	             &st, "counting reports", e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, mission_id);
	{
		struct coverage_rows rows = {cb, ctx};
		return sqlite_each(s, st, coverage_read, &rows, "counting reports", e);
	}
}
