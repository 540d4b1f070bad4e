/* store_sqlite_scan.c - every current report, and every conflict, of a
 * mission read once with the few columns analyses use: no count, no
 * sorting, one join for a report's station code.  On db.h.
 *
 * The reports are read straight through the table ("+s.mission_id" keeps
 * SQLite off the index on mission_id): following the index means one
 * random lookup in the table per report, and reading the table in order
 * is faster even with other missions' rows to skip (200,000 reports:
 * 0.15 s instead of 0.25 s).
 *
 * A scan may read millions of rows: on PostgreSQL they come through a
 * cursor (DB_STREAM), which lives in a transaction, so each scan runs in
 * a savepoint of its own (sqlite_read_begin()); on SQLite that makes the
 * read transaction its statement holds anyway explicit. */
#include "store/store_sqlite.h"

/* Walk sql's rows with row(), bound by bind, in a savepoint. */
static enum status scan(struct store_sqlite *s, const char *sql, int64_t mission_id,
                        const char *form,
                        enum status (*row)(struct db_stmt *st, void *ctx), void *ctx,
                        const char *what, struct err *e)
{
	struct db_stmt *st;
	enum status rc;

	rc = sqlite_read_begin(s, e);
	if (rc)
		return rc;
	rc = sdb_prepare(s, sql, DB_STREAM, &st, what, e);
	if (!rc) {
		db_bind_int64(st, 1, mission_id);
		db_bind_text(st, 2, form);
		rc = sdb_each(s, st, row, ctx, what, e);
	}
	return sqlite_op_end(s, rc);
}

struct submission_walk {
	store_submission_cb cb;
	void *ctx;
};

static enum status submission_row(struct db_stmt *st, void *ctx)
{
	struct submission_walk *w = ctx;
	struct stored_submission sub = {
	    .id = db_col_int64(st, 0),
	    .form = db_col_text(st, 1),
	    .station = db_col_text(st, 2),
	    .observed_at = db_col_text(st, 3),
	    .status = db_col_text(st, 4),
	    .answers = db_col_text(st, 5),
	};

	return w->cb(w->ctx, &sub);
}

enum status sqlite_submission_scan(struct store *base, int64_t mission_id,
                                   const char *form, store_submission_cb cb, void *ctx,
                                   struct err *e)
{
	struct submission_walk w = {cb, ctx};

	return scan((struct store_sqlite *)base,
	            "SELECT s.id, s.form, l.code, s.observed_at, s.status,"
	            " s.answers FROM submission s"
	            " JOIN location l ON l.id = s.station_id"
	            " WHERE +s.mission_id = ?1 AND s.superseded_by IS NULL"
	            " AND (CAST(?2 AS TEXT) IS NULL OR s.form = CAST(?2 AS TEXT))",
	            mission_id, form, submission_row, &w, "reading reports", e);
}

struct conflict_walk {
	store_conflict_cb cb;
	void *ctx;
};

static enum status conflict_row(struct db_stmt *st, void *ctx)
{
	struct conflict_walk *w = ctx;
	struct conflict_row c = {
	    .id = db_col_int64(st, 0),
	    .form = db_col_text(st, 1),
	    .tag = db_col_text(st, 2),
	    .values = db_col_text(st, 3),
	    .resolved_value = db_col_text(st, 4),
	};

	return w->cb(w->ctx, &c);
}

enum status sqlite_conflict_scan(struct store *base, int64_t mission_id, const char *form,
                                 store_conflict_cb cb, void *ctx, struct err *e)
{
	struct conflict_walk w = {cb, ctx};

	return scan((struct store_sqlite *)base,
	            "SELECT id, form, tag, vals, resolved_value FROM conflict"
	            " WHERE mission_id = ?1"
	            " AND (CAST(?2 AS TEXT) IS NULL OR form = CAST(?2 AS TEXT))",
	            mission_id, form, conflict_row, &w, "reading conflicts", e);
}
