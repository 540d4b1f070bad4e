/* store_sqlite_audit.c - reading the audit log in the SQLite back-end.
 * Entries are written by sqlite_audit() in store_sqlite.c; triggers make
 * the table append-only. */
#include "core/buf.h"
#include "store/store_sqlite.h"

enum status sqlite_audit_list(struct store *base, const struct audit_filter *f,
                              store_audit_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct buf sql;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	buf_init(&sql, 4096);
	buf_appends(&sql,
	            "SELECT a.id, a.at, a.actor, a.origin, m.code, a.action, a.entity,"
	            " a.entity_key, a.before, a.after FROM audit_log a"
	            " LEFT JOIN mission m ON m.id = a.mission_id WHERE 1");
	if (f->mission_id)
		buf_appends(&sql, " AND a.mission_id = ?1");
	if (f->entity)
		buf_appends(&sql, " AND a.entity = ?2");
	buf_appends(&sql, " ORDER BY a.id DESC LIMIT ?3");
	if (sqlite3_prepare_v2(s->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
		rc = sqlite_fail(s, "reading the audit log", e);
		buf_release(&sql);
		return rc;
	}
	buf_release(&sql);
	sqlite3_bind_int64(st, 1, f->mission_id);
	sqlite_bind_text(st, 2, f->entity);
	sqlite3_bind_int64(st, 3, f->limit > 0 ? f->limit : -1);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry a = {
		    .id = sqlite3_column_int64(st, 0),
		    .at = (const char *)sqlite3_column_text(st, 1),
		    .actor = (const char *)sqlite3_column_text(st, 2),
		    .origin = (const char *)sqlite3_column_text(st, 3),
		    .mission = (const char *)sqlite3_column_text(st, 4),
		    .action = (const char *)sqlite3_column_text(st, 5),
		    .entity = (const char *)sqlite3_column_text(st, 6),
		    .entity_key = (const char *)sqlite3_column_text(st, 7),
		    .before = (const char *)sqlite3_column_text(st, 8),
		    .after = (const char *)sqlite3_column_text(st, 9),
		};
		rc = cb(ctx, &a);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, "reading the audit log", e);
	sqlite3_finalize(st);
	return rc;
}
