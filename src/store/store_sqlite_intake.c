/* store_sqlite_intake.c - what the intake's writer job reads for each
 * report it stores, in the SQLite back-end: lean, cached statements that
 * take the keys the job already knows instead of codes to look up. */
#include "store/store_sqlite.h"

enum status sqlite_station_reports(struct store *base, int64_t mission_id,
                                   int64_t station_id, const char *form,
                                   store_submission_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_STATION_REPORTS);
	enum status rc = ST_OK;
	int r;

	/* The index on (mission_id, station_id, form) gives the rows in id
	 * order: no sorting. */
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite3_bind_int64(st, 2, station_id);
	sqlite_bind_text(st, 3, form);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct stored_submission sub = {
		    .id = sqlite3_column_int64(st, 0),
		    .observer_id = sqlite3_column_int64(st, 1),
		    .observer = (const char *)sqlite3_column_text(st, 2),
		    .answers = (const char *)sqlite3_column_text(st, 3),
		};
		rc = cb(ctx, &sub);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, "reading the reports on a station", e);
	sqlite3_reset(st);
	return rc;
}
