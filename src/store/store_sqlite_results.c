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

/* Station codes read in one query: db.h binds at most DB_MAX_PARAMS
 * parameters, the mission's key among them. */
#define LOOKUP_KEYS 48

/* What the store holds for a station named in the rows being stored: its
 * key and level, and its official lines (NULL when it has none). */
struct known {
	char *code;
	int64_t id;
	char *level;
	char *lines;
};

/* The statements of one call, prepared once for all its rows, and what
 * the last lookup found for up to LOOKUP_KEYS rows' stations. */
struct batch {
	struct db_stmt *look, *put;
	struct known k[LOOKUP_KEYS];
	size_t nk;
};

static void known_clear(struct batch *b)
{
	for (size_t i = 0; i < b->nk; i++) {
		free(b->k[i].code);
		free(b->k[i].level);
		free(b->k[i].lines);
	}
	b->nk = 0;
}

static void batch_finalize(struct batch *b)
{
	known_clear(b);
	if (b->look)
		db_finalize(b->look);
	if (b->put)
		db_finalize(b->put);
}

static enum status batch_prepare(struct store_sqlite *s, struct batch *b, struct err *e)
{
	const char *what = "storing official results";
	struct buf sql;
	enum status rc;

	memset(b, 0, sizeof(*b));
	buf_init(&sql, 4096);
	/* The codes as a list of rows joined to the locations: with "code IN
	 * (...)" SQLite scanned the mission's locations in an index that
	 * holds the level, instead of looking each code up. */
	buf_appends(&sql, "SELECT l.code, l.id, l.level, r.lines FROM (VALUES ");
	for (int i = 0; i < LOOKUP_KEYS; i++)
		buf_appendf(&sql, "%s(?%d)", i ? ", " : "", i + 2);
	buf_appends(&sql,
	            ") v JOIN location l ON l.mission_id = ?1 AND l.code = v.column1"
	            " LEFT JOIN official_result r ON r.mission_id = l.mission_id"
	            " AND r.station_id = l.id");
	rc = sdb_prepare(s, sql.ptr, 0, &b->look, what, e);
	buf_release(&sql);
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

/* Read what the store holds for the stations of rows r[0..n), n at most
 * LOOKUP_KEYS, in one query: one round trip on PostgreSQL for them all,
 * where a query for each row waited for its answer in turn. */
static enum status look_up(struct store_sqlite *s, struct batch *b, int64_t mission_id,
                           const struct official_result *r, size_t n, struct err *e)
{
	enum status rc;
	bool row;

	known_clear(b);
	db_reset(b->look);
	db_bind_int64(b->look, 1, mission_id);
	for (size_t i = 0; i < LOOKUP_KEYS; i++)
		db_bind_text(b->look, (int)i + 2, i < n ? r[i].station : NULL);
	while (!(rc = sdb_step(s, b->look, &row, "reading stations", e)) && row &&
	       b->nk < LOOKUP_KEYS) {
		struct known *k = &b->k[b->nk++];
		const char *lines = db_col_text(b->look, 3);

		k->code = xstrdup(db_col_text(b->look, 0));
		k->id = db_col_int64(b->look, 1);
		k->level =
		    xstrdup(db_col_text(b->look, 2) ? db_col_text(b->look, 2) : "");
		k->lines = lines ? xstrdup(lines) : NULL;
	}
	db_reset(b->look);
	return rc;
}

static struct known *known_of(struct batch *b, const char *code)
{
	for (size_t i = 0; code && i < b->nk; i++)
		if (!strcmp(b->k[i].code, code))
			return &b->k[i];
	return NULL;
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

/* The row's station as looked up, checked to be a polling station of the
 * mission. */
static enum status station_of(struct batch *b, const char *code, struct known **out,
                              struct err *e)
{
	struct known *k = known_of(b, code);

	*out = k;
	if (!k)
		return err_set(e, ST_NOT_FOUND,
		               "station \"%s\": no such location in this mission",
		               code ? code : "");
	if (strcmp(k->level, "station"))
		return err_set(e, ST_INVALID,
		               "station \"%s\": a location of level %s, not a polling "
		               "station",
		               code, *k->level ? k->level : "(none)");
	return ST_OK;
}

/* Store one row.  What was looked up follows the write, for a station
 * named again later among the same rows. */
static enum status put_one(struct store_sqlite *s, struct batch *b, int64_t mission_id,
                           const struct official_result *r, const char *now,
                           enum upsert_result *res, struct err *e)
{
	json_t *lines = NULL, *was = NULL;
	struct known *k;
	char *text = NULL;
	enum status rc;

	lines = parse_lines(r->station ? r->station : "", r->lines, e);
	if (!lines)
		return ST_INVALID;
	rc = station_of(b, r->station, &k, e);
	if (rc)
		goto out;
	was = k->lines ? json_loads(k->lines, 0, NULL) : NULL;
	if (was && json_equal(was, lines)) {
		*res = UPSERT_UNCHANGED;
		goto out;
	}
	text = json_dumps(lines, JSON_COMPACT | JSON_PRESERVE_ORDER);
	db_reset(b->put);
	db_bind_int64(b->put, 1, mission_id);
	db_bind_int64(b->put, 2, k->id);
	db_bind_text(b->put, 3, text);
	db_bind_text(b->put, 4, r->source);
	db_bind_text(b->put, 5, now);
	rc = sdb_write(s, b->put, "storing official results", e);
	if (rc)
		goto out;
	rc = sqlite_audit(s, mission_id, k->lines ? "update" : "create",
	                  "official_result", r->station, k->lines, text, e);
	*res = k->lines ? UPSERT_UPDATED : UPSERT_INSERTED;
	free(k->lines);
	k->lines = text;
	text = NULL;
out:
	json_decref(lines);
	json_decref(was);
	free(text);
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
	for (size_t at = 0; at < n && !rc; at += LOOKUP_KEYS) {
		size_t m = n - at < LOOKUP_KEYS ? n - at : LOOKUP_KEYS;

		rc = look_up(s, &b, mission_id, r + at, m, e);
		for (size_t i = at; i < at + m && !rc; i++) {
			enum upsert_result one = UPSERT_UNCHANGED;
			rc = put_one(s, &b, mission_id, &r[i], now, &one, e);
			if (res)
				res[i] = one;
		}
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
