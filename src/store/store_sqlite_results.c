/* store_sqlite_results.c - the election commission's official results, on
 * db.h: one row per polling station with its protocol lines as JSON text,
 * stored in batches (an import writes thousands) and listed with each
 * station's region. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "store/store_sqlite.h"

/* The statements of one batch, prepared once for all its rows. */
struct batch {
	struct db_stmt *station, *old, *put;
};

static void batch_finalize(struct batch *b)
{
	if (b->station)
		db_finalize(b->station);
	if (b->old)
		db_finalize(b->old);
	if (b->put)
		db_finalize(b->put);
}

static enum status batch_prepare(struct store_sqlite *s, struct batch *b, struct err *e)
{
	const char *what = "storing official results";
	enum status rc;

	memset(b, 0, sizeof(*b));
	rc = sdb_prepare(s,
	                 "SELECT id, level FROM location"
	                 " WHERE mission_id = ?1 AND code = ?2",
	                 0, &b->station, what, e);
	if (!rc)
		rc = sdb_prepare(s,
		                 "SELECT lines FROM official_result"
		                 " WHERE mission_id = ?1 AND station_id = ?2",
		                 0, &b->old, what, e);
	if (!rc)
		rc = sdb_prepare(s,
		                 "INSERT INTO official_result (mission_id, station_id,"
		                 " lines, source, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)"
		                 " ON CONFLICT (mission_id, station_id) DO UPDATE SET"
		                 " lines = ?3, source = ?4, updated_at = ?5",
		                 0, &b->put, what, e);
	if (rc)
		batch_finalize(b);
	return rc;
}

/* The lines as a new object of whole numbers >= 0, or NULL with e set. */
static json_t *parse_lines(const char *station, const char *text, struct err *e)
{
	json_t *o = text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
	const char *key;
	json_t *v;

	if (!json_is_object(o)) {
		json_decref(o);
		err_set(e, ST_INVALID, "station \"%s\": lines must be a JSON object",
		        station);
		return NULL;
	}
	json_object_foreach(o, key, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 0) {
			err_set(e, ST_INVALID,
			        "station \"%s\": line %s must be a whole number >= 0",
			        station, key);
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* The station's key, checked to be a polling station of the mission. */
static enum status station_key(struct store_sqlite *s, struct batch *b,
                               int64_t mission_id, const char *code, int64_t *id,
                               struct err *e)
{
	const char *level;
	enum status rc;
	bool row;

	db_reset(b->station);
	db_bind_int64(b->station, 1, mission_id);
	db_bind_text(b->station, 2, code);
	rc = sdb_step(s, b->station, &row, "reading a station", e);
	if (rc)
		return rc;
	if (!row)
		return err_set(e, ST_NOT_FOUND,
		               "station \"%s\": no such location in this mission", code);
	*id = db_col_int64(b->station, 0);
	level = db_col_text(b->station, 1);
	if (!level || strcmp(level, "station"))
		rc = err_set(e, ST_INVALID,
		             "station \"%s\": a location of level %s, not a polling "
		             "station",
		             code, level ? level : "(none)");
	db_reset(b->station);
	return rc;
}

/* The station's stored lines as text (a copy the caller frees), or NULL
 * when it has none. */
static enum status old_lines(struct store_sqlite *s, struct batch *b, int64_t mission_id,
                             int64_t station_id, char **out, struct err *e)
{
	enum status rc;
	bool row;

	*out = NULL;
	db_reset(b->old);
	db_bind_int64(b->old, 1, mission_id);
	db_bind_int64(b->old, 2, station_id);
	rc = sdb_step(s, b->old, &row, "reading official results", e);
	if (!rc && row)
		*out = xstrdup(db_col_text(b->old, 0));
	db_reset(b->old);
	return rc;
}

static enum status put_one(struct store_sqlite *s, struct batch *b, int64_t mission_id,
                           const struct official_result *r, const char *now,
                           enum upsert_result *res, struct err *e)
{
	json_t *lines = NULL, *was = NULL;
	char *text = NULL, *before = NULL;
	int64_t station_id = 0;
	enum status rc;

	lines = parse_lines(r->station ? r->station : "", r->lines, e);
	if (!lines)
		return ST_INVALID;
	rc = station_key(s, b, mission_id, r->station, &station_id, e);
	if (!rc)
		rc = old_lines(s, b, mission_id, station_id, &before, e);
	if (rc)
		goto out;
	was = before ? json_loads(before, 0, NULL) : NULL;
	if (was && json_equal(was, lines)) {
		*res = UPSERT_UNCHANGED;
		goto out;
	}
	text = json_dumps(lines, JSON_COMPACT | JSON_PRESERVE_ORDER);
	db_reset(b->put);
	db_bind_int64(b->put, 1, mission_id);
	db_bind_int64(b->put, 2, station_id);
	db_bind_text(b->put, 3, text);
	db_bind_text(b->put, 4, r->source);
	db_bind_text(b->put, 5, now);
	rc = sdb_write(s, b->put, "storing official results", e);
	if (rc)
		goto out;
	rc = sqlite_audit(s, mission_id, before ? "update" : "create", "official_result",
	                  r->station, before, text, e);
	*res = before ? UPSERT_UPDATED : UPSERT_INSERTED;
out:
	json_decref(lines);
	json_decref(was);
	free(text);
	free(before);
	return rc;
}

enum status sqlite_official_put(struct store *base, int64_t mission_id,
                                const struct official_result *r, size_t n,
                                enum upsert_result *res, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct batch b;
	char now[21];
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = batch_prepare(s, &b, e);
	if (rc)
		return sqlite_op_end(s, rc);
	text_now_iso(now);
	for (size_t i = 0; i < n && !rc; i++) {
		enum upsert_result one = UPSERT_UNCHANGED;
		rc = put_one(s, &b, mission_id, &r[i], now, &one, e);
		if (res)
			res[i] = one;
	}
	batch_finalize(&b);
	return sqlite_op_end(s, rc);
}

/* ---- listing ---- */

struct official_args {
	int64_t mission_id;
	const struct official_filter *f;
	store_official_cb cb;
	void *ctx;
};

static void bind_filter(struct db_stmt *st, const void *arg)
{
	const struct official_args *a = arg;

	db_bind_int64(st, 1, a->mission_id);
	db_bind_text(st, 2, a->f->station);
	db_bind_text(st, 3, a->f->region);
}

static enum status official_row(struct db_stmt *st, void *ctx)
{
	struct official_args *a = ctx;
	struct official_result r = {
	    .station = db_col_text(st, 0),
	    .region = db_col_text(st, 1),
	    .lines = db_col_text(st, 2),
	    .source = db_col_text(st, 3),
	    .updated_at = db_col_text(st, 4),
	};

	return a->cb(a->ctx, &r);
}

enum status sqlite_official_list(struct store *base, int64_t mission_id,
                                 const struct official_filter *f, int64_t *total,
                                 store_official_cb cb, void *ctx, struct err *e)
{
	static const struct official_filter none = {0};
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct official_args args = {mission_id, f ? f : &none, cb, ctx};
	struct sdb_page page = {
	    .what = "listing official results",
	    .bind = bind_filter,
	    .arg = &args,
	    .limit_at = 4,
	    .limit = args.f->limit,
	    .offset = args.f->offset,
	    .row = cb ? official_row : NULL,
	    .ctx = &args,
	};
	struct buf where;
	char *count_sql, *rows_sql;
	enum status rc;

	buf_init(&where, 4096);
	/* A filter not given still names its parameter (bound NULL), so
	 * that every parameter up to the limit's has a type on PostgreSQL. */
	buf_appends(&where, " WHERE r.mission_id = ?1");
	buf_appends(&where, args.f->station ? " AND s.code = ?2"
	                                    : " AND CAST(?2 AS TEXT) IS NULL");
	if (args.f->region)
		buf_appends(&where, " AND r.station_id IN (WITH RECURSIVE below(id) AS ("
		                    " SELECT id FROM location WHERE mission_id = ?1"
		                    " AND code = ?3 UNION ALL SELECT l.id FROM location l"
		                    " JOIN below ON l.parent_id = below.id)"
		                    " SELECT id FROM below)");
	else
		buf_appends(&where, " AND CAST(?3 AS TEXT) IS NULL");
	count_sql = xasprintf("SELECT count(*) FROM official_result r"
	                      " JOIN location s ON s.id = r.station_id%s",
	                      where.ptr);
	/* The page is chosen first and only its rows get their region: a
	 * planner that joins before it limits (PostgreSQL's) would otherwise
	 * climb the tree for every station of the country. */
	rows_sql = xasprintf(
	    "SELECT s.code, " SQLITE_REGION_OF ", r.lines, r.source, r.updated_at"
	    " FROM (SELECT r.station_id AS sid, s.code AS scode FROM official_result r"
	    " JOIN location s ON s.id = r.station_id%s ORDER BY s.code LIMIT ?4 OFFSET "
	    "?5)"
	    " page JOIN official_result r ON r.mission_id = ?1 AND r.station_id = "
	    "page.sid"
	    " JOIN location s ON s.id = page.sid" SQLITE_ANCESTORS(
	        "s") " ORDER BY page.scode",
	    where.ptr);
	page.count_sql = count_sql;
	page.rows_sql = rows_sql;
	rc = sdb_page_run(s, &page, total, e);
	free(count_sql);
	free(rows_sql);
	buf_release(&where);
	return rc;
}
