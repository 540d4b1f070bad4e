/* store_sqlite_intake.c - what the intake reads for each report, in the
 * SQLite back-end: lean, cached statements that read only what is needed
 * and take the keys already known instead of codes to look up. */
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

enum status sqlite_location_key(struct store *base, int64_t mission_id, const char *code,
                                int64_t *id, const char **level, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_STATION_ID);
	enum status rc = ST_OK;
	int r;

	*id = 0;
	*level = NULL;
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, code);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		const char *l = (const char *)sqlite3_column_text(st, 1);
		*id = sqlite3_column_int64(st, 0);
		/* Stored levels are canonical already: this gives a string that
		 * outlives the statement. */
		*level = l ? location_level_canonical(l) : NULL;
		if (!*level)
			rc =
			    err_set(e, ST_DB, "location \"%s\" has no known level", code);
	} else if (r != SQLITE_DONE) {
		rc = sqlite_fail(s, "finding a location", e);
	}
	sqlite3_reset(st);
	return rc;
}
