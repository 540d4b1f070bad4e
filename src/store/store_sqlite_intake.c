/* store_sqlite_intake.c - what the intake reads for each report, on db.h:
 * lean, cached statements that read only what is needed and take the keys
 * already known instead of codes to look up. */
#include "store/store_sqlite.h"

enum status sqlite_station_reports(struct store *base, int64_t mission_id,
                                   int64_t station_id, const char *form,
                                   int64_t except_id, store_submission_cb cb, void *ctx,
                                   struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_STATION_REPORTS);
	enum status rc;
	bool row;

	/* Most stations have no other report of the form: known without
	 * reading (store_sqlite_unreported.c). */
	if (sqlite_unreported_none(s, mission_id, station_id, form, except_id))
		return ST_OK;
	/* The index on (mission_id, station_id, superseded_by, id) gives the
	 * station's current rows in id order, without sorting; the row left
	 * out is skipped on the index, before SQLite seeks its table row. */
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, station_id);
	db_bind_text(st, 3, form);
	db_bind_int64(st, 4, except_id);
	while (!(rc = sdb_step(s, st, &row, "reading the reports on a station", e)) &&
	       row) {
		struct stored_submission sub = {
		    .id = db_col_int64(st, 0),
		    .observer_id = db_col_int64(st, 1),
		    .answers = db_col_text(st, 2),
		};
		rc = cb(ctx, &sub);
		if (rc)
			break;
	}
	/* Reset now: a statement left part-read keeps SQLite's read open. */
	db_reset(st);
	return rc;
}

enum status sqlite_observer_code(struct store *base, int64_t mission_id, int64_t id,
                                 struct arena *a, const char **code, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_OBSERVER_CODE);
	enum status rc;
	bool row;

	*code = NULL;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, id);
	rc = sdb_step(s, st, &row, "reading an observer's code", e);
	if (!rc && row)
		*code = sdb_col_text(st, 0, a);
	else if (!rc)
		rc = err_set(e, ST_NOT_FOUND, "no observer with key %lld", (long long)id);
	db_reset(st);
	return rc;
}

enum status sqlite_location_key(struct store *base, int64_t mission_id, const char *code,
                                int64_t *id, const char **level, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_STATION_ID);
	enum status rc;
	bool row;

	*id = 0;
	*level = NULL;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, code);
	rc = sdb_step(s, st, &row, "finding a location", e);
	if (!rc && row) {
		const char *l = db_col_text(st, 1);
		*id = db_col_int64(st, 0);
		/* Stored levels are canonical already: this gives a string that
		 * outlives the statement. */
		*level = l ? location_level_canonical(l) : NULL;
		if (!*level)
			rc =
			    err_set(e, ST_DB, "location \"%s\" has no known level", code);
	}
	db_reset(st);
	return rc;
}

/* Walk the rows of stmt (id, code[, level]) for mission_id into cb. */
static enum status walk_keys(struct store_sqlite *s, enum sql_stmt stmt,
                             int64_t mission_id, bool levels, store_key_cb cb, void *ctx,
                             const char *what, struct err *e)
{
	struct db_stmt *st = sdb_stmt(s, stmt);
	enum status rc;
	bool row;

	db_bind_int64(st, 1, mission_id);
	while (!(rc = sdb_step(s, st, &row, what, e)) && row) {
		const char *code = db_col_text(st, 1), *level = NULL;

		if (levels) {
			const char *l = db_col_text(st, 2);
			level = l ? location_level_canonical(l) : NULL;
			if (!level) {
				rc = err_set(e, ST_DB,
				             "location \"%s\" has no known level",
				             code ? code : "");
				break;
			}
		}
		if (code && (rc = cb(ctx, code, db_col_int64(st, 0), level)))
			break;
	}
	db_reset(st);
	return rc;
}

enum status sqlite_location_keys(struct store *base, int64_t mission_id, store_key_cb cb,
                                 void *ctx, struct err *e)
{
	return walk_keys((struct store_sqlite *)base, SQL_LOCATION_KEYS, mission_id, true,
	                 cb, ctx, "reading the locations' keys", e);
}

enum status sqlite_observer_keys(struct store *base, int64_t mission_id, store_key_cb cb,
                                 void *ctx, struct err *e)
{
	return walk_keys((struct store_sqlite *)base, SQL_OBSERVER_KEYS, mission_id,
	                 false, cb, ctx, "reading the observers' keys", e);
}
