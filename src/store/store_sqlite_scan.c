/* store_sqlite_scan.c - every current report, and every conflict, of a
 * mission read once with the few columns analyses use: no count, no
 * sorting, one join for a report's station code.
 *
 * The reports are read straight through the table ("+s.mission_id" keeps
 * SQLite off the index on mission_id): following the index means one
 * random lookup in the table per report, and reading the table in order
 * is faster even with other missions' rows to skip (200,000 reports:
 * 0.15 s instead of 0.25 s). */
#include "store/store_sqlite.h"

enum status sqlite_submission_scan(struct store *base, int64_t mission_id,
                                   const char *form, store_submission_cb cb, void *ctx,
                                   struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(s->db,
	                       "SELECT s.id, s.form, l.code, s.observed_at, s.status,"
	                       " s.answers FROM submission s"
	                       " JOIN location l ON l.id = s.station_id"
	                       " WHERE +s.mission_id = ?1 AND s.superseded_by IS NULL"
	                       " AND (?2 IS NULL OR s.form = ?2)",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading reports", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, form);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct stored_submission sub = {
		    .id = sqlite3_column_int64(st, 0),
		    .form = (const char *)sqlite3_column_text(st, 1),
		    .station = (const char *)sqlite3_column_text(st, 2),
		    .observed_at = (const char *)sqlite3_column_text(st, 3),
		    .status = (const char *)sqlite3_column_text(st, 4),
		    .answers = (const char *)sqlite3_column_text(st, 5),
		};
		rc = cb(ctx, &sub);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, "reading reports", e);
	sqlite3_finalize(st);
	return rc;
}

enum status sqlite_conflict_scan(struct store *base, int64_t mission_id, const char *form,
                                 store_conflict_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(s->db,
	                       "SELECT id, form, tag, vals, resolved_value FROM conflict"
	                       " WHERE mission_id = ?1 AND (?2 IS NULL OR form = ?2)",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading conflicts", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, form);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct conflict_row c = {
		    .id = sqlite3_column_int64(st, 0),
		    .form = (const char *)sqlite3_column_text(st, 1),
		    .tag = (const char *)sqlite3_column_text(st, 2),
		    .values = (const char *)sqlite3_column_text(st, 3),
		    .resolved_value = (const char *)sqlite3_column_text(st, 4),
		};
		rc = cb(ctx, &c);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, "reading conflicts", e);
	sqlite3_finalize(st);
	return rc;
}
