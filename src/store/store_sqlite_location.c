/* store_sqlite_location.c - the location tree in the SQLite back-end. */
#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "model/registry_json.h"
#include "store/store_sqlite.h"

/* Columns: id, code, name, level, parent code, registered_voters,
 * latitude, longitude, stratum. */
static void read_location(sqlite3_stmt *st, struct arena *a, struct location *l)
{
	l->id = sqlite3_column_int64(st, 0);
	l->code = sqlite_col_text(st, 1, a);
	l->name = sqlite_col_text(st, 2, a);
	l->level = sqlite_col_text(st, 3, a);
	l->parent = sqlite_col_text(st, 4, a);
	l->registered_voters =
	    sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 5);
	l->has_coords = sqlite3_column_type(st, 6) != SQLITE_NULL &&
	                sqlite3_column_type(st, 7) != SQLITE_NULL;
	l->latitude = l->has_coords ? sqlite3_column_double(st, 6) : 0;
	l->longitude = l->has_coords ? sqlite3_column_double(st, 7) : 0;
	l->stratum = sqlite_col_text(st, 8, a);
}

enum status sqlite_location_get(struct store *base, int64_t mission_id, const char *code,
                                struct arena *a, struct location *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LOCATION_GET);
	int r;

	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, code);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		read_location(st, a, out);
		sqlite3_reset(st);
		return ST_OK;
	}
	if (r != SQLITE_DONE)
		return sqlite_fail(s, "reading a location", e);
	return err_set(e, ST_NOT_FOUND, "no location with code \"%s\"", code);
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same_location(const struct location *a, const struct location *b)
{
	return same_str(a->name, b->name) && same_str(a->level, b->level) &&
	       same_str(a->parent, b->parent) &&
	       a->registered_voters == b->registered_voters &&
	       a->has_coords == b->has_coords &&
	       (!a->has_coords ||
	        (a->latitude == b->latitude && a->longitude == b->longitude)) &&
	       same_str(a->stratum, b->stratum);
}

static char *location_text(const struct location *l)
{
	json_t *j = location_to_json(l);
	char *t = json_text(j);

	json_decref(j);
	return t;
}

enum status sqlite_location_upsert(struct store *base, int64_t mission_id,
                                   const struct location *l, enum upsert_result *res,
                                   struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct location old, parent;
	int64_t parent_id = 0;
	int exists;
	char *before = NULL, *after = NULL;
	sqlite3_stmt *st;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_location_get(base, mission_id, l->code, &a, &old, e);
	if (rc && rc != ST_NOT_FOUND)
		goto out;
	exists = rc == ST_OK;
	rc = ST_OK;
	err_clear(e); /* "not found" only means the row is new */
	if (exists && same_location(&old, l)) {
		*res = UPSERT_UNCHANGED;
		goto out;
	}
	if (l->parent) {
		rc = sqlite_location_get(base, mission_id, l->parent, &a, &parent, e);
		if (rc == ST_NOT_FOUND) {
			rc = err_set(e, ST_NOT_FOUND,
			             "parent: no location with code \"%s\"", l->parent);
			goto out;
		}
		if (rc)
			goto out;
		if (!strcmp(parent.level, "station")) {
			rc = err_set(
			    e, ST_INVALID,
			    "parent: \"%s\" is a polling station and cannot contain "
			    "other locations",
			    l->parent);
			goto out;
		}
		parent_id = parent.id;
	}
	st = sqlite_stmt(s, exists ? SQL_LOCATION_UPDATE : SQL_LOCATION_INSERT);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, l->code);
	sqlite_bind_text(st, 3, l->name);
	sqlite_bind_text(st, 4, l->level);
	if (parent_id)
		sqlite3_bind_int64(st, 5, parent_id);
	if (l->registered_voters >= 0)
		sqlite3_bind_int64(st, 6, l->registered_voters);
	if (l->has_coords) {
		sqlite3_bind_double(st, 7, l->latitude);
		sqlite3_bind_double(st, 8, l->longitude);
	}
	sqlite_bind_text(st, 9, l->stratum);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "storing a location", e);
		goto out;
	}
	before = exists ? location_text(&old) : NULL;
	after = location_text(l);
	rc = sqlite_audit(s, mission_id, exists ? "update" : "create", "location",
	                  l->code, before, after, e);
	*res = exists ? UPSERT_UPDATED : UPSERT_INSERTED;
out:
	free(before);
	free(after);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

struct location_args {
	int64_t mission_id;
	const struct location_filter *f;
	const char *upper; /* the first code past code_prefix */
};

static void bind_location_filter(sqlite3_stmt *st, const void *arg)
{
	const struct location_args *a = arg;

	sqlite3_bind_int64(st, 1, a->mission_id);
	sqlite_bind_text(st, 2, a->f->parent);
	sqlite_bind_text(st, 3, a->f->level);
	sqlite_bind_text(st, 4, a->f->code_prefix);
	sqlite_bind_text(st, 5, a->upper);
}

struct location_rows {
	store_location_cb cb;
	void *ctx;
};

static enum status location_row(sqlite3_stmt *st, void *ctx)
{
	struct location_rows *r = ctx;
	struct location l;

	read_location(st, NULL, &l);
	return r->cb(r->ctx, &l);
}

enum status sqlite_location_list(struct store *base, int64_t mission_id,
                                 const struct location_filter *f, int64_t *total,
                                 store_location_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct location_args args = {mission_id, f, NULL};
	struct location_rows rows = {cb, ctx};
	struct sqlite_page page = {
	    .what = "listing locations",
	    .bind = bind_location_filter,
	    .arg = &args,
	    .limit_at = 6,
	    .limit = f->limit,
	    .offset = f->offset,
	    .row = cb ? location_row : NULL,
	    .ctx = &rows,
	};
	struct buf where;
	char *upper = NULL, *count_sql, *rows_sql;
	enum status rc;

	buf_init(&where, 4096);
	buf_appends(&where, " WHERE l.mission_id = ?1");
	if (f->top)
		buf_appends(&where, " AND l.parent_id IS NULL");
	if (f->parent)
		buf_appends(&where, " AND l.parent_id = (SELECT id FROM location"
		                    " WHERE mission_id = ?1 AND code = ?2)");
	if (f->level)
		buf_appends(&where, " AND l.level = ?3");
	if (f->code_prefix) {
		buf_appends(&where, " AND l.code >= ?4 AND l.code < ?5");
		upper = xasprintf("%s\xf4\x8f\xbf\xbf", f->code_prefix);
		args.upper = upper;
	}
	count_sql = xasprintf("SELECT count(*) FROM location l%s", where.ptr);
	rows_sql = xasprintf("SELECT l.id, l.code, l.name, l.level, p.code,"
	                     " l.registered_voters, l.latitude, l.longitude, l.stratum"
	                     " FROM location l LEFT JOIN location p ON p.id = l.parent_id"
	                     "%s ORDER BY l.code LIMIT ?6 OFFSET ?7",
	                     where.ptr);
	page.count_sql = count_sql;
	page.rows_sql = rows_sql;
	rc = sqlite_page_run(s, &page, total, e);
	free(count_sql);
	free(rows_sql);
	free(upper);
	buf_release(&where);
	return rc;
}

enum status sqlite_location_check_tree(struct store *base, int64_t mission_id,
                                       struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	/* Walk up from every location; a walk longer than the number of
	 * locations has met a loop.  Trees deeper than 1000 levels are taken
	 * for loops; no election is organised that deep. */
	static const char *const sql =
	    "WITH RECURSIVE up(start, id, depth) AS ("
	    "  SELECT id, parent_id, 1 FROM location"
	    "  WHERE mission_id = ?1 AND parent_id IS NOT NULL"
	    "  UNION ALL"
	    "  SELECT up.start, l.parent_id, up.depth + 1 FROM up"
	    "  JOIN location l ON l.id = up.id"
	    "  WHERE l.parent_id IS NOT NULL AND up.id <> up.start"
	    "  AND up.depth < 1000)"
	    " SELECT l.code FROM up JOIN location l ON l.id = up.start"
	    " WHERE up.id = up.start OR up.depth >= 1000 LIMIT 1";

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "checking the location tree", e);
	sqlite3_bind_int64(st, 1, mission_id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		rc = err_set(
		    e, ST_INVALID,
		    "location \"%s\" is its own ancestor: the parents form a loop",
		    (const char *)sqlite3_column_text(st, 0));
	else if (r != SQLITE_DONE)
		rc = sqlite_fail(s, "checking the location tree", e);
	sqlite3_finalize(st);
	if (rc)
		return rc;

	if (sqlite3_prepare_v2(s->db,
	                       "SELECT p.code, c.code FROM location c"
	                       " JOIN location p ON p.id = c.parent_id"
	                       " WHERE c.mission_id = ?1 AND p.level = 'station' LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "checking the location tree", e);
	sqlite3_bind_int64(st, 1, mission_id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		rc = err_set(e, ST_INVALID,
		             "location \"%s\" is a polling station but contains \"%s\"",
		             (const char *)sqlite3_column_text(st, 0),
		             (const char *)sqlite3_column_text(st, 1));
	else if (r != SQLITE_DONE)
		rc = sqlite_fail(s, "checking the location tree", e);
	sqlite3_finalize(st);
	return rc;
}
