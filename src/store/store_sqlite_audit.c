/* store_sqlite_audit.c - reading the audit log, and noting what happens
 * to the database as a whole, on db.h (both back-ends).  Entries are
 * written by sqlite_audit() in store_sqlite.c; triggers make the table
 * append-only. */
#include <stdint.h>

#include "core/buf.h"
#include "store/store_sqlite.h"

struct audit_walk {
	store_audit_cb cb;
	void *ctx;
};

static enum status audit_row(struct db_stmt *st, void *ctx)
{
	struct audit_walk *w = ctx;
	struct audit_entry a = {
	    .id = db_col_int64(st, 0),
	    .at = db_col_text(st, 1),
	    .actor = db_col_text(st, 2),
	    .origin = db_col_text(st, 3),
	    .mission = db_col_text(st, 4),
	    .action = db_col_text(st, 5),
	    .entity = db_col_text(st, 6),
	    .entity_key = db_col_text(st, 7),
	    .before = db_col_text(st, 8),
	    .after = db_col_text(st, 9),
	};

	return w->cb(w->ctx, &a);
}

enum status sqlite_audit_note(struct store *base, const char *action, const char *entity,
                              const char *key, const char *after, struct err *e)
{
	return sqlite_audit((struct store_sqlite *)base, 0, action, entity, key, NULL,
	                    after, e);
}

enum status sqlite_audit_list(struct store *base, const struct audit_filter *f,
                              store_audit_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct audit_walk w = {cb, ctx};
	struct buf sql;
	struct db_stmt *st;
	enum status rc;
	int n = 0;

	/* Only the filters given are in the text, numbered from ?1 without
	 * gaps: PostgreSQL must see every parameter up to the last. */
	buf_init(&sql, 4096);
	buf_appends(&sql,
	            "SELECT a.id, a.at, a.actor, a.origin, m.code, a.action, a.entity,"
	            " a.entity_key, a.before, a.after FROM audit_log a"
	            " LEFT JOIN mission m ON m.id = a.mission_id WHERE 1 = 1");
	if (f->mission_id)
		buf_appendf(&sql, " AND a.mission_id = ?%d", ++n);
	if (f->entity)
		buf_appendf(&sql, " AND a.entity = ?%d", ++n);
	buf_appendf(&sql, " ORDER BY a.id DESC LIMIT ?%d", ++n);
	rc = sdb_prepare(s, sql.ptr, 0, &st, "reading the audit log", e);
	buf_release(&sql);
	if (rc)
		return rc;
	n = 0;
	if (f->mission_id)
		db_bind_int64(st, ++n, f->mission_id);
	if (f->entity)
		db_bind_text(st, ++n, f->entity);
	db_bind_int64(st, ++n, f->limit > 0 ? f->limit : INT64_MAX);
	return sdb_each(s, st, audit_row, &w, "reading the audit log", e);
}
