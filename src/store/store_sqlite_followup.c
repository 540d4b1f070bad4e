/* store_sqlite_followup.c - what hangs on submissions, on db.h: conflicts
 * between observers, alerts on critical answers, assignments of observers
 * to stations, and the coverage counts. */
#include <jansson.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "store/store_sqlite.h"

/* Step a cached statement that returns no rows, then reset it. */
static enum status run_cached(struct store_sqlite *s, struct db_stmt *st,
                              const char *what, struct err *e)
{
	enum status rc = sdb_run(s, st, what, e);

	db_reset(st);
	return rc;
}

enum status sqlite_conflict_put(struct store *base, int64_t mission_id,
                                const char *station, const char *form, const char *tag,
                                const char *values, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_CONFLICT_PUT);

	/* New disagreeing values reopen a conflict that was settled. */
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, station);
	db_bind_text(st, 3, form);
	db_bind_text(st, 4, tag);
	db_bind_text(st, 5, values);
	return run_cached(s, st, "recording a conflict", e);
}

enum status sqlite_conflict_clear(struct store *base, int64_t mission_id,
                                  const char *station, const char *form,
                                  const char *keep_tags, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_CONFLICT_CLEAR);

	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, station);
	db_bind_text(st, 3, form);
	db_bind_text(st, 4, keep_tags ? keep_tags : "");
	return run_cached(s, st, "clearing conflicts", e);
}

struct conflict_args {
	int64_t mission_id;
	const struct conflict_filter *f;
};

static void bind_conflict_filter(struct db_stmt *st, const void *arg)
{
	const struct conflict_args *a = arg;

	db_bind_int64(st, 1, a->mission_id);
	db_bind_text(st, 2, a->f->station);
	db_bind_text(st, 3, a->f->form);
}

struct conflict_rows {
	store_conflict_cb cb;
	void *ctx;
};

static enum status conflict_row(struct db_stmt *st, void *ctx)
{
	struct conflict_rows *r = ctx;
	struct conflict_row c = {
	    .id = db_col_int64(st, 0),
	    .station = db_col_text(st, 1),
	    .form = db_col_text(st, 2),
	    .tag = db_col_text(st, 3),
	    .values = db_col_text(st, 4),
	    .resolved_value = db_col_text(st, 5),
	    .resolved_by = db_col_text(st, 6),
	    .resolved_at = db_col_text(st, 7),
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
	struct sdb_page page = {
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
	/* A filter not given still names its parameter (bound NULL), so
	 * that every parameter up to the limit's has a type on PostgreSQL. */
	buf_appends(&where, " WHERE c.mission_id = ?1");
	/* The station by its key, so that the conflicts are found along the
	 * unique index on (mission, station, form, tag) rather than from all
	 * of the mission's (a conflict's station is always of its mission). */
	buf_appends(&where, f->station ? " AND c.station_id = (SELECT id FROM location"
	                                 " WHERE mission_id = ?1 AND code = ?2)"
	                               : " AND CAST(?2 AS TEXT) IS NULL");
	buf_appends(&where,
	            f->form ? " AND c.form = ?3" : " AND CAST(?3 AS TEXT) IS NULL");
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
	rc = sdb_page_run(s, &page, total, e);
	free(count_sql);
	free(rows_sql);
	buf_release(&where);
	return rc;
}

enum status sqlite_conflict_resolve(struct store *base, int64_t mission_id, int64_t id,
                                    const char *value, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = NULL;
	char stamp[21], key[32], *before = NULL, *after = NULL;
	enum status rc;
	bool row;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	/* The audit's image of the conflict as it was.  SQLite builds it with
	 * its JSON functions; PostgreSQL has none that writes compact JSON, so
	 * the text is put together there (the values are stored compact, as
	 * written by the intake and by json_dumps()). */
	rc = sdb_prepare(
	    s,
	    db_kind(s->conn) == DB_POSTGRES
	        ? "SELECT '{\"tag\":' || to_json(tag)::text || ',\"values\":' || vals"
	          " || ',\"resolved_value\":' || COALESCE(resolved_value, 'null') || '}'"
	          " FROM conflict WHERE mission_id = ?1 AND id = ?2"
	        : "SELECT json_object('tag', tag, 'values', json(vals), 'resolved_value',"
	          " json(resolved_value)) FROM conflict WHERE mission_id = ?1 AND id = "
	          "?2",
	    0, &st, "reading a conflict", e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, id);
	rc = sdb_step(s, st, &row, "reading a conflict", e);
	if (rc)
		goto out;
	if (!row) {
		rc = err_set(e, ST_NOT_FOUND, "no conflict with id %lld", (long long)id);
		goto out;
	}
	before = xstrdup(db_col_text(st, 0));
	db_finalize(st);
	st = NULL;
	text_now_iso(stamp);
	rc = sdb_prepare(s,
	                 "UPDATE conflict SET resolved_value = ?3, resolved_by = ?4,"
	                 " resolved_at = ?5 WHERE mission_id = ?1 AND id = ?2",
	                 0, &st, "resolving a conflict", e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, id);
	db_bind_text(st, 3, value);
	db_bind_text(st, 4, s->base.actor);
	db_bind_text(st, 5, stamp);
	rc = sdb_run(s, st, "resolving a conflict", e);
	if (rc)
		goto out;
	after = xasprintf("{\"resolved_value\":%s}", value);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	rc = sqlite_audit(s, mission_id, "update", "conflict", key, before, after, e);
out:
	db_finalize(st);
	free(before);
	free(after);
	return sqlite_op_end(s, rc);
}

enum status sqlite_alert_add(struct store *base, int64_t mission_id,
                             int64_t submission_id, const char *tag, const char *value,
                             const char *message, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_ALERT_ADD);
	char stamp[21];

	text_now_iso(stamp);
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, submission_id);
	db_bind_text(st, 3, tag);
	db_bind_text(st, 4, value);
	db_bind_text(st, 5, message);
	db_bind_text(st, 6, stamp);
	return run_cached(s, st, "raising an alert", e);
}

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

enum status sqlite_alert_list(struct store *base, int64_t mission_id, store_alert_cb cb,
                              void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct alert_rows rows = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s,
	                 "SELECT a.id, a.submission_id, l.code, s.form, a.tag, a.value,"
	                 " a.message, a.created_at FROM alert a"
	                 " JOIN submission s ON s.id = a.submission_id"
	                 " JOIN location l ON l.id = s.station_id"
	                 " WHERE a.mission_id = ?1 ORDER BY a.id DESC",
	                 0, &st, "listing alerts", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	return sdb_each(s, st, alert_read, &rows, "listing alerts", e);
}

struct db_stmt *sqlite_assignment_insert(struct store_sqlite *s, int64_t mission_id,
                                         int64_t observer_id, int64_t station_id,
                                         const char *day)
{
	struct db_stmt *st = sdb_stmt(s, SQL_ASSIGNMENT_INSERT);

	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, observer_id);
	db_bind_int64(st, 3, station_id);
	db_bind_text(st, 4, day);
	return st;
}

enum status sqlite_assignment_audit(struct store_sqlite *s, int64_t mission_id,
                                    const struct assignment_row *a, struct err *e)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "observer", a->observer, "station",
	                      a->station, "day", a->day);
	char *after = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *key = xasprintf("%s@%s", a->observer, a->station);
	enum status rc =
	    sqlite_audit(s, mission_id, "create", "assignment", key, NULL, after, e);

	json_decref(j);
	free(after);
	free(key);
	return rc;
}

enum status sqlite_assignment_put(struct store *base, int64_t mission_id,
                                  const struct assignment_row *a, enum upsert_result *res,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	int64_t sid = 0, oid = 0;
	enum status rc;

	if (s->abatch)
		return sqlite_assignment_batch_put(s, mission_id, a, res, e);
	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_station_id(s, mission_id, a->station, &sid, e);
	if (!rc)
		rc = sqlite_observer_id(s, mission_id, a->observer, &oid, e);
	if (rc)
		goto out;
	st = sqlite_assignment_insert(s, mission_id, oid, sid, a->day);
	rc = sdb_run(s, st, "storing an assignment", e);
	if (!rc)
		*res = db_changes(st) ? UPSERT_INSERTED : UPSERT_UNCHANGED;
	db_reset(st);
	if (rc)
		goto out;
	if (*res == UPSERT_INSERTED)
		rc = sqlite_assignment_audit(s, mission_id, a, e);
out:
	return sqlite_op_end(s, rc);
}

struct assignment_rows {
	store_assignment_cb cb;
	void *ctx;
};

static enum status assignment_read(struct db_stmt *st, void *arg)
{
	struct assignment_rows *rows = arg;
	struct assignment_row a = {
	    .observer = db_col_text(st, 0),
	    .station = db_col_text(st, 1),
	    .day = db_col_text(st, 2),
	};
	return rows->cb(rows->ctx, &a);
}

/* One statement for each combination of the filters given: an observer
 * or a station named leads to its assignments along the primary key
 * (mission, observer, ...) or the index on (mission, station); the
 * parameters not used are still named, so that each has a type on
 * PostgreSQL. */
enum status sqlite_assignment_list(struct store *base, int64_t mission_id,
                                   const struct assignment_row *only,
                                   store_assignment_cb cb, void *ctx, struct err *e)
{
	static const char *const sql[4] = {
#define ASSIGNMENT_SQL(observer, station)                                                \
	"SELECT o.code, l.code, a.day FROM assignment a"                                 \
	" JOIN observer o ON o.id = a.observer_id"                                       \
	" JOIN location l ON l.id = a.station_id"                                        \
	" WHERE a.mission_id = ?1 AND (CAST(?2 AS TEXT) IS NULL"                         \
	" OR a.day = CAST(?2 AS TEXT))" observer station                                 \
	" ORDER BY l.code, a.day, o.code"
#define BY_OBSERVER                                                                      \
	" AND a.observer_id = (SELECT id FROM observer WHERE mission_id = ?1"            \
	" AND code = CAST(?3 AS TEXT))"
#define ANY_OBSERVER " AND CAST(?3 AS TEXT) IS NULL"
#define BY_STATION                                                                       \
	" AND a.station_id = (SELECT id FROM location WHERE mission_id = ?1"             \
	" AND code = CAST(?4 AS TEXT))"
#define ANY_STATION " AND CAST(?4 AS TEXT) IS NULL"
	    ASSIGNMENT_SQL(ANY_OBSERVER, ANY_STATION),
	    ASSIGNMENT_SQL(BY_OBSERVER, ANY_STATION),
	    ASSIGNMENT_SQL(ANY_OBSERVER, BY_STATION),
	    ASSIGNMENT_SQL(BY_OBSERVER, BY_STATION),
#undef ASSIGNMENT_SQL
#undef BY_OBSERVER
#undef ANY_OBSERVER
#undef BY_STATION
#undef ANY_STATION
	};
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct assignment_rows rows = {cb, ctx};
	const char *day = only ? only->day : NULL;
	const char *observer = only ? only->observer : NULL;
	const char *station = only ? only->station : NULL;
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s, sql[(observer ? 1 : 0) + (station ? 2 : 0)], 0, &st,
	                 "listing assignments", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, day);
	db_bind_text(st, 3, observer);
	db_bind_text(st, 4, station);
	return sdb_each(s, st, assignment_read, &rows, "listing assignments", e);
}

struct coverage_rows {
	store_coverage_cb cb;
	void *ctx;
};

static enum status coverage_read(struct db_stmt *st, void *arg)
{
	struct coverage_rows *rows = arg;
	struct coverage_row c = {
	    .station = db_col_text(st, 0),
	    .form = db_col_text(st, 1),
	    .reports = db_col_int64(st, 2),
	    .flagged = db_col_int64(st, 3),
	    .conflicts = db_col_int64(st, 4),
	    .station_id = db_col_int64(st, 5),
	};
	return rows->cb(rows->ctx, &c);
}

enum status sqlite_coverage_rows(struct store *base, int64_t mission_id,
                                 store_coverage_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct coverage_rows rows = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s,
	                 "SELECT l.code, x.form, x.reports, x.flagged,"
	                 " (SELECT count(*) FROM conflict c WHERE c.mission_id = ?1"
	                 "  AND c.station_id = x.station_id AND c.form = x.form"
	                 "  AND c.resolved_value IS NULL), x.station_id"
	                 " FROM (SELECT station_id, form, count(*) AS reports,"
	                 "  count(*) FILTER (WHERE status = 'flagged') AS flagged"
	                 "  FROM submission"
	                 "  WHERE mission_id = ?1 AND superseded_by IS NULL"
	                 "  AND status <> 'rejected' GROUP BY station_id, form) x"
	                 " JOIN location l ON l.id = x.station_id",
	                 0, &st, "counting reports", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	return sdb_each(s, st, coverage_read, &rows, "counting reports", e);
}
