/* store_sqlite_location.c - the location tree, on db.h. */
#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "model/registry_json.h"
#include "store/store_sqlite.h"

/* Columns: id, code, name, level, parent code, registered_voters,
 * latitude, longitude, stratum. */
void sqlite_location_read(struct db_stmt *st, struct arena *a, struct location *l)
{
	l->id = db_col_int64(st, 0);
	l->code = sdb_col_text(st, 1, a);
	l->name = sdb_col_text(st, 2, a);
	l->level = sdb_col_text(st, 3, a);
	l->parent = sdb_col_text(st, 4, a);
	l->registered_voters = db_col_null(st, 5) ? -1 : db_col_int64(st, 5);
	l->has_coords = !db_col_null(st, 6) && !db_col_null(st, 7);
	l->latitude = l->has_coords ? db_col_double(st, 6) : 0;
	l->longitude = l->has_coords ? db_col_double(st, 7) : 0;
	l->stratum = sdb_col_text(st, 8, a);
}

enum status sqlite_location_get(struct store *base, int64_t mission_id, const char *code,
                                struct arena *a, struct location *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_LOCATION_GET);
	enum status rc;
	bool row;

	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, code);
	rc = sdb_step(s, st, &row, "reading a location", e);
	if (rc)
		return rc;
	if (!row)
		return err_set(e, ST_NOT_FOUND, "no location with code \"%s\"", code);
	sqlite_location_read(st, a, out);
	db_reset(st);
	return ST_OK;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

void sqlite_location_bind(struct db_stmt *st, int64_t mission_id,
                          const struct location *l)
{
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, l->code);
	db_bind_text(st, 3, l->name);
	db_bind_text(st, 4, l->level);
	if (l->registered_voters >= 0)
		db_bind_int64(st, 6, l->registered_voters);
	if (l->has_coords) {
		db_bind_double(st, 7, l->latitude);
		db_bind_double(st, 8, l->longitude);
	}
	db_bind_text(st, 9, l->stratum);
}

bool sqlite_location_same(const struct location *a, const struct location *b)
{
	return same_str(a->name, b->name) && same_str(a->level, b->level) &&
	       same_str(a->parent, b->parent) &&
	       a->registered_voters == b->registered_voters &&
	       a->has_coords == b->has_coords &&
	       (!a->has_coords ||
	        (a->latitude == b->latitude && a->longitude == b->longitude)) &&
	       same_str(a->stratum, b->stratum);
}

char *sqlite_location_text(const struct location *l)
{
	json_t *j = location_to_json(l);
	char *t = json_text(j);

	json_decref(j);
	return t;
}

/* The location of code (*exists) and that of parent (NULL: none;
 * *has_parent), in one read: on PostgreSQL an import of a country's
 * stations waits for one answer a row, not two. */
static enum status get_pair(struct store_sqlite *s, int64_t mission_id, const char *code,
                            const char *parent, struct arena *a, struct location *self,
                            bool *exists, struct location *up, bool *has_parent,
                            struct err *e)
{
	struct db_stmt *st = sdb_stmt(s, SQL_LOCATION_GET_PAIR);
	enum status rc;
	bool row;

	*exists = *has_parent = false;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, parent);
	while (!(rc = sdb_step(s, st, &row, "reading a location", e)) && row) {
		struct location l;
		sqlite_location_read(st, a, &l);
		if (!strcmp(l.code, code)) {
			*self = l;
			*exists = true;
		}
		if (parent && !strcmp(l.code, parent)) {
			*up = l;
			*has_parent = true;
		}
	}
	db_reset(st);
	return rc;
}

enum status sqlite_location_upsert(struct store *base, int64_t mission_id,
                                   const struct location *l, enum upsert_result *res,
                                   struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct location old = {0}, parent = {0};
	int64_t parent_id = 0;
	bool exists, has_parent;
	char *before = NULL, *after = NULL;
	struct db_stmt *st;
	enum status rc;

	if (s->lbatch)
		return sqlite_location_batch_put(s, mission_id, l, res, e);
	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = get_pair(s, mission_id, l->code, l->parent, &a, &old, &exists, &parent,
	              &has_parent, e);
	if (rc)
		goto out;
	if (exists && sqlite_location_same(&old, l)) {
		*res = UPSERT_UNCHANGED;
		goto out;
	}
	if (l->parent) {
		if (!has_parent) {
			rc = err_set(e, ST_NOT_FOUND,
			             "parent: no location with code \"%s\"", l->parent);
			goto out;
		}
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
	st = sdb_stmt(s, exists ? SQL_LOCATION_UPDATE : SQL_LOCATION_INSERT);
	sqlite_location_bind(st, mission_id, l);
	if (parent_id)
		db_bind_int64(st, 5, parent_id);
	rc = sdb_write(s, st, "storing a location", e);
	if (rc)
		goto out;
	before = exists ? sqlite_location_text(&old) : NULL;
	after = sqlite_location_text(l);
	rc = sqlite_audit(s, mission_id, exists ? "update" : "create", "location",
	                  l->code, before, after, e);
	*res = exists ? UPSERT_UPDATED : UPSERT_INSERTED;
out:
	free(before);
	free(after);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

/* The filter's values, numbered ?2, ?3 ... in the order the WHERE clause
 * takes them (?1 is the mission): only parameters the SQL names are
 * numbered, as PostgreSQL must know the type of every one from 1 to the
 * highest. */
struct location_args {
	int64_t mission_id;
	const char *vals[8];
	int n;
};

/* Append cond to where with its parameter's number in place of %d, and
 * keep v to be bound to it. */
static void add_filter(struct buf *where, struct location_args *a, const char *cond,
                       const char *v)
{
	a->vals[a->n++] = v;
	buf_appendf(where, cond, a->n + 1);
}

static void bind_location_filter(struct db_stmt *st, const void *arg)
{
	const struct location_args *a = arg;

	db_bind_int64(st, 1, a->mission_id);
	for (int i = 0; i < a->n; i++)
		db_bind_text(st, i + 2, a->vals[i]);
}

struct location_rows {
	store_location_cb cb;
	void *ctx;
};

static enum status location_row(struct db_stmt *st, void *ctx)
{
	struct location_rows *r = ctx;
	struct location l;

	sqlite_location_read(st, NULL, &l);
	return r->cb(r->ctx, &l);
}

enum status sqlite_location_list(struct store *base, int64_t mission_id,
                                 const struct location_filter *f, int64_t *total,
                                 store_location_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct location_args args = {.mission_id = mission_id};
	struct location_rows rows = {cb, ctx};
	struct sdb_page page = {
	    .what = "listing locations",
	    .bind = bind_location_filter,
	    .arg = &args,
	    .limit = f->limit,
	    .offset = f->offset,
	    .row = cb ? location_row : NULL,
	    .ctx = &rows,
	};
	struct buf where;
	char *upper = NULL, *like = NULL, *count_sql, *rows_sql;
	enum status rc;

	buf_init(&where, 4096);
	buf_appends(&where, " WHERE l.mission_id = ?1");
	if (f->top)
		buf_appends(&where, " AND l.parent_id IS NULL");
	if (f->parent)
		add_filter(&where, &args,
		           " AND l.parent_id = (SELECT id FROM location"
		           " WHERE mission_id = ?1 AND code = ?%d)",
		           f->parent);
	if (f->level)
		add_filter(&where, &args, " AND l.level = ?%d", f->level);
	if (f->code_prefix) {
		/* The codes from the prefix up to the prefix followed by the
		 * highest code point: byte order on both databases. */
		upper = xasprintf("%s\xf4\x8f\xbf\xbf", f->code_prefix);
		add_filter(&where, &args, " AND l.code >= ?%d", f->code_prefix);
		add_filter(&where, &args, " AND l.code < ?%d", upper);
	}
	if (f->region)
		add_filter(&where, &args,
		           " AND l.id IN (WITH RECURSIVE below(id) AS ("
		           " SELECT c.id FROM location c JOIN location r"
		           " ON r.id = c.parent_id WHERE r.mission_id = ?1"
		           " AND r.code = ?%d UNION ALL SELECT x.id FROM location x"
		           " JOIN below ON x.parent_id = below.id)"
		           " SELECT id FROM below)",
		           f->region);
	if (f->q) {
		/* "%text%" with the wildcards of text escaped, lower case; the
		 * column is lowered too, so that both databases compare alike. */
		struct buf pat;
		buf_init(&pat, 1024);
		buf_appends(&pat, "%");
		for (const char *c = f->q; *c; c++) {
			if (*c == '%' || *c == '_' || *c == '\\')
				buf_appendf(&pat, "\\%c", *c);
			else
				buf_appendf(&pat, "%c",
				            (*c >= 'A' && *c <= 'Z') ? *c - 'A' + 'a'
				                                     : *c);
		}
		buf_appends(&pat, "%");
		like = xstrdup(pat.ptr);
		buf_release(&pat);
		add_filter(&where, &args, " AND (lower(l.code) LIKE ?%d ESCAPE '\\'",
		           like);
		add_filter(&where, &args, " OR lower(l.name) LIKE ?%d ESCAPE '\\')",
		           like);
	}
	page.limit_at = args.n + 2;
	count_sql = xasprintf("SELECT count(*) FROM location l%s", where.ptr);
	rows_sql = xasprintf("SELECT l.id, l.code, l.name, l.level, p.code,"
	                     " l.registered_voters, l.latitude, l.longitude, l.stratum"
	                     " FROM location l LEFT JOIN location p ON p.id = l.parent_id"
	                     "%s ORDER BY l.code LIMIT ?%d OFFSET ?%d",
	                     where.ptr, page.limit_at, page.limit_at + 1);
	page.count_sql = count_sql;
	page.rows_sql = rows_sql;
	rc = sdb_page_run(s, &page, total, e);
	free(count_sql);
	free(rows_sql);
	free(upper);
	free(like);
	buf_release(&where);
	return rc;
}

/* The first row of sql (?1 the mission), columns 0 and 1 copied into a;
 * *found false when there is none. */
static enum status first_codes(struct store_sqlite *s, const char *sql,
                               int64_t mission_id, struct arena *a, bool *found,
                               const char *codes[2], struct err *e)
{
	const char *what = "checking the location tree";
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s, sql, 0, &st, what, e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	rc = sdb_step(s, st, found, what, e);
	if (!rc && *found)
		for (int i = 0; i < 2 && i < db_column_count(st); i++)
			codes[i] = sdb_col_text(st, i, a);
	db_finalize(st);
	return rc;
}

enum status sqlite_location_check_tree(struct store *base, int64_t mission_id,
                                       struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	const char *codes[2] = {NULL, NULL};
	enum status rc;
	bool found;

	/* Walk up from every location; a walk longer than the number of
	 * locations has met a loop.  Trees deeper than 1000 levels are taken
	 * for loops; no election is organised that deep. */
	static const char *const loops =
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

	rc = first_codes(s, loops, mission_id, &a, &found, codes, e);
	if (!rc && found)
		rc = err_set(
		    e, ST_INVALID,
		    "location \"%s\" is its own ancestor: the parents form a loop",
		    codes[0]);
	if (!rc)
		rc = first_codes(
		    s,
		    "SELECT p.code, c.code FROM location c"
		    " JOIN location p ON p.id = c.parent_id"
		    " WHERE c.mission_id = ?1 AND p.level = 'station' LIMIT 1",
		    mission_id, &a, &found, codes, e);
	if (!rc && found)
		rc = err_set(e, ST_INVALID,
		             "location \"%s\" is a polling station but contains \"%s\"",
		             codes[0], codes[1]);
	arena_release(&a);
	return rc;
}
