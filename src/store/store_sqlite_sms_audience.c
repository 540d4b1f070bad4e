/* store_sqlite_sms_audience.c - who a broadcast SMS goes to, in the
 * SQLite back-end: the mission's observers by team, accreditation status
 * and the region where they are assigned, each with its first number. */
#include "store/store_sqlite.h"

struct audience_walk {
	store_sms_audience_cb cb;
	void *ctx;
};

static enum status audience_row(sqlite3_stmt *st, void *ctx)
{
	struct audience_walk *w = ctx;
	struct sms_audience_row r = {
	    .observer = sqlite_col_text(st, 0, NULL),
	    .name = sqlite_col_text(st, 1, NULL),
	    .phone = sqlite_col_text(st, 2, NULL),
	};

	return w->cb(w->ctx, &r);
}

/* ST_NOT_FOUND unless the mission has a location with code. */
static enum status location_exists(struct store_sqlite *s, int64_t mission_id,
                                   const char *code, struct err *e)
{
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(
	        s->db, "SELECT 1 FROM location WHERE mission_id = ?1 AND code = ?2", -1,
	        &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "finding the region", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, code);
	r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		rc = err_set(e, ST_NOT_FOUND, "region: no location with code \"%s\"",
		             code);
	else if (r != SQLITE_ROW)
		rc = sqlite_fail(s, "finding the region", e);
	sqlite3_finalize(st);
	return rc;
}

enum status sqlite_sms_audience(struct store *base, int64_t mission_id,
                                const struct sms_audience_filter *f,
                                store_sms_audience_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct audience_walk w = {cb, ctx};
	sqlite3_stmt *st;
	enum status rc;

	if (f->region) {
		rc = location_exists(s, mission_id, f->region, e);
		if (rc)
			return rc;
	}
	/* The region's locations, itself included, then the observers
	 * assigned to any of them on any day. */
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT o.code, o.full_name,"
	        " (SELECT phone FROM observer_phone WHERE observer_id = o.id"
	        "  ORDER BY position LIMIT 1)"
	        " FROM observer o WHERE o.mission_id = ?1"
	        " AND (?2 IS NULL OR o.team = ?2)"
	        " AND (?3 IS NULL OR o.accreditation_status = ?3)"
	        " AND (?4 IS NULL OR o.id IN (SELECT a.observer_id FROM assignment a"
	        "  WHERE a.mission_id = ?1 AND a.station_id IN ("
	        "  WITH RECURSIVE below(id) AS (SELECT id FROM location"
	        "   WHERE mission_id = ?1 AND code = ?4"
	        "   UNION SELECT l.id FROM location l JOIN below ON l.parent_id = "
	        "below.id)"
	        "  SELECT id FROM below)))"
	        " ORDER BY o.code",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "listing the broadcast's observers", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, f->team);
	sqlite_bind_text(st, 3, f->status);
	sqlite_bind_text(st, 4, f->region);
	return sqlite_each(s, st, audience_row, &w, "listing the broadcast's observers",
	                   e);
}
