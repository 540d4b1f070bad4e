/* store_sqlite_sms_audience.c - who a broadcast SMS goes to, on db.h: the
 * mission's observers by team, accreditation status and the region where
 * they are assigned, each with its first number. */
#include "store/store_sqlite.h"

struct audience_walk {
	store_sms_audience_cb cb;
	void *ctx;
};

static enum status audience_row(struct db_stmt *st, void *ctx)
{
	struct audience_walk *w = ctx;
	struct sms_audience_row r = {
	    .observer = db_col_text(st, 0),
	    .name = db_col_text(st, 1),
	    .phone = db_col_text(st, 2),
	};

	return w->cb(w->ctx, &r);
}

/* ST_NOT_FOUND unless the mission has a location with code. */
static enum status location_exists(struct store_sqlite *s, int64_t mission_id,
                                   const char *code, struct err *e)
{
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s, "SELECT 1 FROM location WHERE mission_id = ?1 AND code = ?2",
	                 0, &st, "finding the region", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, code);
	rc = sdb_step(s, st, &row, "finding the region", e);
	if (!rc && !row)
		rc = err_set(e, ST_NOT_FOUND, "region: no location with code \"%s\"",
		             code);
	db_finalize(st);
	return rc;
}

enum status sqlite_sms_audience(struct store *base, int64_t mission_id,
                                const struct sms_audience_filter *f,
                                store_sms_audience_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct audience_walk w = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	if (f->region) {
		rc = location_exists(s, mission_id, f->region, e);
		if (rc)
			return rc;
	}
	/* The region's locations, itself included, then the observers
	 * assigned to any of them on any day. */
	rc = sdb_prepare(
	    s,
	    "SELECT o.code, o.full_name,"
	    " (SELECT phone FROM observer_phone WHERE observer_id = o.id"
	    "  ORDER BY position LIMIT 1)"
	    " FROM observer o WHERE o.mission_id = ?1"
	    " AND (CAST(?2 AS TEXT) IS NULL OR o.team = CAST(?2 AS TEXT))"
	    " AND (CAST(?3 AS TEXT) IS NULL"
	    "  OR o.accreditation_status = CAST(?3 AS TEXT))"
	    " AND (CAST(?4 AS TEXT) IS NULL OR o.id IN (SELECT a.observer_id"
	    "  FROM assignment a WHERE a.mission_id = ?1 AND a.station_id IN ("
	    "  WITH RECURSIVE below(id) AS (SELECT id FROM location"
	    "   WHERE mission_id = ?1 AND code = CAST(?4 AS TEXT)"
	    "   UNION SELECT l.id FROM location l JOIN below ON l.parent_id = "
	    "below.id)"
	    "  SELECT id FROM below)))"
	    " ORDER BY o.code",
	    0, &st, "listing the broadcast's observers", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, f->team);
	db_bind_text(st, 3, f->status);
	db_bind_text(st, 4, f->region);
	return sdb_each(s, st, audience_row, &w, "listing the broadcast's observers", e);
}
