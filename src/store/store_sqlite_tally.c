/* store_sqlite_tally.c - the reads of running tallies (store_tally.h) on
 * SQLite: the marks, the reports after an id (read through the table by
 * rowid), the change log written by the triggers of migration 16, and
 * conflicts.  The marks of the audit log walk its index on (mission, id)
 * from the newest entry. */
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
	if (sqlite_exec(s, "BEGIN", e))
		return e->code;
	*began = 1;
	return ST_OK;
}

void sqlite_tally_end(struct store *base, int began)
{
	struct store_sqlite *s = (struct store_sqlite *)base;

	if (began)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

/* The single integer the query gives, 0 for none or NULL. */
static enum status one_int(struct store_sqlite *s, const char *sql, int64_t mission_id,
                           int64_t *out, struct err *e)
{
	sqlite3_stmt *st;
	int r;

	*out = 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading where the data stands", e);
	if (sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int64(st, 1, mission_id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sqlite_fail(s, "reading where the data stands", e);
	return ST_OK;
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
		rc = one_int(s, "SELECT max(id) FROM (" LAST_CHANGE("official_result") ") AS c",
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
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(
	        s->db,
	        one ? "SELECT s.id, s.form, l.code, s.station_id, s.observed_at, "
	              "s.status,"
	              " s.answers, s.superseded_by, s.channel, s.received_at"
	              " FROM submission s"
	              " JOIN location l ON l.id = s.station_id"
	              " WHERE s.id = ?4 AND s.mission_id = ?1"
	            : "SELECT s.id, s.form, l.code, s.station_id, s.observed_at, "
	              "s.status,"
	              " s.answers, s.superseded_by, s.channel, s.received_at"
	              " FROM submission s"
	              " JOIN location l ON l.id = s.station_id"
	              " WHERE s.id > ?2 AND s.id <= ?3 AND +s.mission_id = ?1"
	              " ORDER BY s.id",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading reports", e);
	sqlite3_bind_int64(st, 1, mission_id);
	if (one) {
		sqlite3_bind_int64(st, 4, one);
	} else {
		sqlite3_bind_int64(st, 2, after);
		sqlite3_bind_int64(st, 3, upto);
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct stored_submission sub = {
		    .id = sqlite3_column_int64(st, 0),
		    .form = (const char *)sqlite3_column_text(st, 1),
		    .station = (const char *)sqlite3_column_text(st, 2),
		    .station_id = sqlite3_column_int64(st, 3),
		    .observed_at = (const char *)sqlite3_column_text(st, 4),
		    .status = (const char *)sqlite3_column_text(st, 5),
		    .answers = (const char *)sqlite3_column_text(st, 6),
		    .superseded_by = sqlite3_column_int64(st, 7),
		    .channel = (const char *)sqlite3_column_text(st, 8),
		    .received_at = (const char *)sqlite3_column_text(st, 9),
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

enum status sqlite_tally_changes(struct store *base, int64_t mission_id, int64_t after,
                                 int64_t upto, store_tally_change_cb cb, void *ctx,
                                 struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(s->db,
	                       "SELECT seq, kind, ref FROM change_log"
	                       " WHERE seq > ?2 AND seq <= ?3 AND mission_id = ?1"
	                       " ORDER BY seq",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading the change log", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int64(st, 3, upto);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		rc = cb(ctx, sqlite3_column_int64(st, 0),
		        (enum tally_change_kind)sqlite3_column_int(st, 1),
		        sqlite3_column_int64(st, 2));
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, "reading the change log", e);
	sqlite3_finalize(st);
	return rc;
}

enum status sqlite_tally_conflicts(struct store *base, int64_t mission_id, int64_t id,
                                   store_tally_conflict_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(
	        s->db,
	        id ? "SELECT c.id, c.station_id, l.code, c.form, c.tag, c.vals,"
	             " c.resolved_value FROM conflict c JOIN location l ON l.id = "
	             "c.station_id"
	             " WHERE c.id = ?2 AND c.mission_id = ?1"
	           : "SELECT c.id, c.station_id, l.code, c.form, c.tag, c.vals,"
	             " c.resolved_value FROM conflict c JOIN location l ON l.id = "
	             "c.station_id"
	             " WHERE c.mission_id = ?1 ORDER BY c.id",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading conflicts", e);
	sqlite3_bind_int64(st, 1, mission_id);
	if (id)
		sqlite3_bind_int64(st, 2, id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct tally_conflict c = {
		    .id = sqlite3_column_int64(st, 0),
		    .station_id = sqlite3_column_int64(st, 1),
		    .station = (const char *)sqlite3_column_text(st, 2),
		    .form = (const char *)sqlite3_column_text(st, 3),
		    .tag = (const char *)sqlite3_column_text(st, 4),
		    .values = (const char *)sqlite3_column_text(st, 5),
		    .resolved_value = (const char *)sqlite3_column_text(st, 6),
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
