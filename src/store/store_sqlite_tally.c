/* store_sqlite_tally.c - the reads of running tallies (store_tally.h) on
 * SQLite: the marks, the reports after an id (read through the table by
 * rowid), the change log written by the triggers of migration 16, and
 * conflicts.  The marks of the audit log walk its index on (mission, id)
 * from the newest entry. */
#include <string.h>

#include "store/store_sqlite.h"

/* The mission's last audited change to entity, found at once along the
 * index on (mission, entity, id) however many changes to other entities
 * (100,000 official results) came after it.  A tally's layout depends on
 * the forms and places; coverage reads people and where they go besides. */
#define LAST_CHANGE(entity)                                                              \
	"SELECT max(id) AS id FROM audit_log"                                            \
	" WHERE mission_id = ?1 AND entity = '" entity "'"
#define UNION " UNION ALL "
#define LAYOUT_CHANGES                                                                   \
	LAST_CHANGE("form") UNION LAST_CHANGE("ballot") UNION LAST_CHANGE("location")
#define REGISTRY_CHANGES                                                                 \
	LAYOUT_CHANGES UNION LAST_CHANGE("observer") UNION LAST_CHANGE("organisation")   \
	    UNION LAST_CHANGE("assignment") UNION LAST_CHANGE("pvt_sample")
/* The same entities as lists, for the marks read after the last ones seen. */
#define LAYOUT_ENTITIES "'form', 'ballot', 'location'"
#define REGISTRY_ENTITIES                                                                \
	LAYOUT_ENTITIES ", 'observer', 'organisation', 'assignment', 'pvt_sample'"

enum status sqlite_tally_begin(struct store *base, int *began, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;

	*began = 0;
	if (!sqlite3_get_autocommit(s->db))
		return ST_OK;
	if (db_exec(s->conn, "BEGIN", e))
		return e->code;
	*began = 1;
	return ST_OK;
}

void sqlite_tally_end(struct store *base, int began)
{
	struct store_sqlite *s = (struct store_sqlite *)base;

	if (began)
		db_exec(s->conn, "COMMIT", NULL);
}

/* The single integer the query gives, 0 for none or NULL. */
static enum status one_int(struct store_sqlite *s, const char *sql, int64_t mission_id,
                           int64_t *out, struct err *e)
{
	static const char what[] = "reading where the data stands";
	struct db_stmt *st;
	enum status rc;
	bool row;

	*out = 0;
	rc = sdb_prepare(s, sql, 0, &st, what, e);
	if (rc)
		return rc;
	if (strstr(sql, "?1"))
		db_bind_int64(st, 1, mission_id);
	rc = sdb_step(s, st, &row, what, e);
	if (!rc && row)
		*out = db_col_int64(st, 0);
	db_finalize(st);
	return rc;
}

/* The audited marks from since's, with the mission's audit entries
 * after since->audit: the highest of each kind among them.  Written on
 * db.h, so the same on PostgreSQL. */
static enum status marks_after(struct store_sqlite *s, int64_t mission_id,
                               const struct tally_marks *since, struct tally_marks *out,
                               struct err *e)
{
	static const char what[] = "reading where the data stands";
	struct tally_marks m = *since;
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s,
	                 "SELECT CASE WHEN entity IN (" LAYOUT_ENTITIES
	                 ") THEN 1 ELSE 0 END,"
	                 " CASE WHEN entity IN (" REGISTRY_ENTITIES ") THEN 1 ELSE 0 END,"
	                 " CASE WHEN entity = 'official_result' THEN 1 ELSE 0 END,"
	                 " max(id) FROM audit_log WHERE mission_id = ?1 AND id > ?2"
	                 " GROUP BY 1, 2, 3",
	                 0, &st, what, e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, since->audit);
	while (!(rc = sdb_step(s, st, &row, what, e)) && row) {
		int64_t id = db_col_int64(st, 3);
		if (db_col_int64(st, 0) && id > m.layout)
			m.layout = id;
		if (db_col_int64(st, 1) && id > m.registry)
			m.registry = id;
		if (db_col_int64(st, 2) && id > m.official)
			m.official = id;
		if (id > m.audit)
			m.audit = id;
	}
	db_finalize(st);
	if (rc)
		return rc;
	out->layout = m.layout;
	out->registry = m.registry;
	out->official = m.official;
	out->audit = m.audit;
	return ST_OK;
}

enum status sqlite_tally_marks(struct store *base, int64_t mission_id,
                               const struct tally_marks *since, struct tally_marks *out,
                               struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	enum status rc;

	if (since) {
		rc = marks_after(s, mission_id, since, out, e);
		if (!rc)
			rc = one_int(s, "SELECT max(id) FROM submission", mission_id,
			             &out->report, e);
		if (!rc)
			rc = one_int(s, "SELECT max(seq) FROM change_log", mission_id,
			             &out->change, e);
		return rc;
	}
	rc = one_int(s, "SELECT max(id) FROM submission", mission_id, &out->report, e);
	if (!rc)
		rc = one_int(s, "SELECT max(seq) FROM change_log", mission_id,
		             &out->change, e);
	if (!rc)
		rc = one_int(s, "SELECT max(id) FROM (" LAYOUT_CHANGES ") AS c",
		             mission_id, &out->layout, e);
	if (!rc)
		rc = one_int(s, "SELECT max(id) FROM (" REGISTRY_CHANGES ") AS c",
		             mission_id, &out->registry, e);
	if (!rc)
		rc = one_int(
		    s, "SELECT max(id) FROM (" LAST_CHANGE("official_result") ") AS c",
		    mission_id, &out->official, e);
	if (!rc)
		rc = one_int(s, "SELECT max(id) FROM audit_log WHERE mission_id = ?1",
		             mission_id, &out->audit, e);
	return rc;
}

enum status sqlite_tally_reports(struct store *base, int64_t mission_id, int64_t after,
                                 int64_t upto, int64_t one, store_tally_report_cb cb,
                                 void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	bool row;

	/* The range may be every report of the mission: through a cursor on
	 * PostgreSQL (the tally reads inside store_tally_begin()). */
	rc = sdb_prepare(s,
	                 one ? "SELECT s.id, s.form, l.code, s.station_id, s.observed_at,"
	                       " s.status, s.answers, s.superseded_by, s.channel,"
	                       " s.received_at FROM submission s"
	                       " JOIN location l ON l.id = s.station_id"
	                       " WHERE s.id = ?2 AND s.mission_id = ?1"
	                     : "SELECT s.id, s.form, l.code, s.station_id, s.observed_at,"
	                       " s.status, s.answers, s.superseded_by, s.channel,"
	                       " s.received_at FROM submission s"
	                       " JOIN location l ON l.id = s.station_id"
	                       " WHERE s.id > ?2 AND s.id <= ?3 AND +s.mission_id = ?1"
	                       " ORDER BY s.id",
	                 one ? 0 : DB_STREAM, &st, "reading reports", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	if (one) {
		db_bind_int64(st, 2, one);
	} else {
		db_bind_int64(st, 2, after);
		db_bind_int64(st, 3, upto);
	}
	while (!(rc = sdb_step(s, st, &row, "reading reports", e)) && row) {
		struct stored_submission sub = {
		    .id = db_col_int64(st, 0),
		    .form = db_col_text(st, 1),
		    .station = db_col_text(st, 2),
		    .station_id = db_col_int64(st, 3),
		    .observed_at = db_col_text(st, 4),
		    .status = db_col_text(st, 5),
		    .answers = db_col_text(st, 6),
		    .superseded_by = db_col_int64(st, 7),
		    .channel = db_col_text(st, 8),
		    .received_at = db_col_text(st, 9),
		};
		rc = cb(ctx, &sub);
		if (rc)
			break;
	}
	db_finalize(st);
	return rc;
}

enum status sqlite_tally_changes(struct store *base, int64_t mission_id, int64_t after,
                                 int64_t upto, store_tally_change_cb cb, void *ctx,
                                 struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s,
	                 "SELECT seq, kind, ref FROM change_log"
	                 " WHERE seq > ?2 AND seq <= ?3 AND mission_id = ?1"
	                 " ORDER BY seq",
	                 0, &st, "reading the change log", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, after);
	db_bind_int64(st, 3, upto);
	while (!(rc = sdb_step(s, st, &row, "reading the change log", e)) && row) {
		rc = cb(ctx, db_col_int64(st, 0),
		        (enum tally_change_kind)db_col_int64(st, 1), db_col_int64(st, 2));
		if (rc)
			break;
	}
	db_finalize(st);
	return rc;
}

enum status sqlite_tally_conflicts(struct store *base, int64_t mission_id, int64_t id,
                                   store_tally_conflict_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s,
	                 id ? "SELECT c.id, c.station_id, l.code, c.form, c.tag, c.vals,"
	                      " c.resolved_value FROM conflict c"
	                      " JOIN location l ON l.id = c.station_id"
	                      " WHERE c.id = ?2 AND c.mission_id = ?1"
	                    : "SELECT c.id, c.station_id, l.code, c.form, c.tag, c.vals,"
	                      " c.resolved_value FROM conflict c"
	                      " JOIN location l ON l.id = c.station_id"
	                      " WHERE c.mission_id = ?1 ORDER BY c.id",
	                 id ? 0 : DB_STREAM, &st, "reading conflicts", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	if (id)
		db_bind_int64(st, 2, id);
	while (!(rc = sdb_step(s, st, &row, "reading conflicts", e)) && row) {
		struct tally_conflict c = {
		    .id = db_col_int64(st, 0),
		    .station_id = db_col_int64(st, 1),
		    .station = db_col_text(st, 2),
		    .form = db_col_text(st, 3),
		    .tag = db_col_text(st, 4),
		    .values = db_col_text(st, 5),
		    .resolved_value = db_col_text(st, 6),
		};
		rc = cb(ctx, &c);
		if (rc)
			break;
	}
	db_finalize(st);
	return rc;
}
