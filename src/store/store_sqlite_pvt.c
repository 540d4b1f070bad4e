/* store_sqlite_pvt.c - the quick count's sample, on db.h: one sample per
 * mission (its head) and its stations, written, replaced and cleared with
 * an audit entry whose image lists every station. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "store/store_sqlite.h"

#define HEAD_COLUMNS                                                                     \
	"SELECT method, strata_by, seed, size, frame_size, frame_hash,"                  \
	" generator, allocation, drawn_at, drawn_by FROM pvt_sample"                     \
	" WHERE mission_id = ?1"

/* Text column i as a JSON string, null for NULL (or text jansson refuses,
 * which the store never holds: it keeps UTF-8). */
static json_t *text_at(struct db_stmt *st, int i)
{
	const char *t = db_col_text(st, i);
	json_t *j = t ? json_stringn(t, db_col_bytes(st, i)) : NULL;

	return j ? j : json_null();
}

/* The stored allocation as JSON, compact; text that is no JSON stays a
 * string (the store is given JSON there, by pvt_keep.c). */
static json_t *allocation_at(struct db_stmt *st, int i)
{
	const char *t = db_col_text(st, i);
	json_t *j = t ? json_loadb(t, db_col_bytes(st, i), JSON_DECODE_ANY, NULL) : NULL;

	return j ? j : text_at(st, i);
}

/* The sample's stations, [code, stratum] in draw order, appended to
 * stations. */
static enum status image_stations(struct store_sqlite *s, int64_t mission_id,
                                  json_t *stations, struct err *e)
{
	const char *what = "reading the quick-count sample";
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s,
	                 "SELECT l.code, p.stratum FROM pvt_sample_station p"
	                 " JOIN location l ON l.id = p.station_id"
	                 " WHERE p.mission_id = ?1 ORDER BY p.draw_order",
	                 0, &st, what, e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	while (!(rc = sdb_step(s, st, &row, what, e)) && row)
		json_array_append_new(stations,
		                      json_pack("[oo]", text_at(st, 0), text_at(st, 1)));
	db_finalize(st);
	return rc;
}

/* The sample as one compact JSON text for the audit log (a copy the
 * caller frees), or NULL in *out when the mission has none.  Put together
 * here rather than by the database's JSON functions so that it is the same
 * text on every back-end. */
static enum status sample_image(struct store_sqlite *s, int64_t mission_id, char **out,
                                struct err *e)
{
	const char *what = "reading the quick-count sample";
	struct db_stmt *st;
	json_t *img, *stations;
	enum status rc;
	bool row;

	*out = NULL;
	rc = sdb_prepare(s, HEAD_COLUMNS, 0, &st, what, e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	rc = sdb_step(s, st, &row, what, e);
	if (rc || !row) {
		db_finalize(st);
		return rc;
	}
	img = json_object();
	json_object_set_new(img, "method", text_at(st, 0));
	json_object_set_new(img, "strata_by", text_at(st, 1));
	json_object_set_new(img, "seed", json_integer(db_col_int64(st, 2)));
	json_object_set_new(img, "size", json_integer(db_col_int64(st, 3)));
	json_object_set_new(img, "frame_size", json_integer(db_col_int64(st, 4)));
	json_object_set_new(img, "frame_hash", text_at(st, 5));
	json_object_set_new(img, "generator", text_at(st, 6));
	json_object_set_new(img, "allocation", allocation_at(st, 7));
	json_object_set_new(img, "drawn_at", text_at(st, 8));
	json_object_set_new(img, "drawn_by", text_at(st, 9));
	db_finalize(st);
	stations = json_array();
	json_object_set_new(img, "stations", stations);
	rc = image_stations(s, mission_id, stations, e);
	if (!rc)
		*out = json_dumps(img, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(img);
	return rc;
}

static enum status run(struct store_sqlite *s, const char *sql, int64_t mission_id,
                       const char *what, struct err *e)
{
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s, sql, 0, &st, what, e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	rc = sdb_run(s, st, what, e);
	db_finalize(st);
	return rc;
}

static enum status delete_sample(struct store_sqlite *s, int64_t mission_id,
                                 struct err *e)
{
	enum status rc;

	rc = run(s, "DELETE FROM pvt_sample_station WHERE mission_id = ?1", mission_id,
	         "removing the quick-count sample", e);
	if (!rc)
		rc = run(s, "DELETE FROM pvt_sample WHERE mission_id = ?1", mission_id,
		         "removing the quick-count sample", e);
	return rc;
}

static enum status insert_head(struct store_sqlite *s, int64_t mission_id,
                               const struct pvt_sample_head *h, struct err *e)
{
	const char *what = "storing the quick-count sample";
	struct db_stmt *st;
	enum status rc;
	char now[21];

	rc = sdb_prepare(s,
	                 "INSERT INTO pvt_sample (mission_id, method, strata_by, seed,"
	                 " size, frame_size, frame_hash, generator, allocation,"
	                 " drawn_at, drawn_by)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	                 0, &st, what, e);
	if (rc)
		return rc;
	text_now_iso(now);
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, h->method);
	db_bind_text(st, 3, h->strata_by);
	db_bind_int64(st, 4, h->seed);
	db_bind_int64(st, 5, h->size);
	db_bind_int64(st, 6, h->frame_size);
	db_bind_text(st, 7, h->frame_hash);
	db_bind_text(st, 8, h->generator);
	db_bind_text(st, 9, h->allocation ? h->allocation : "[]");
	db_bind_text(st, 10, now);
	db_bind_text(st, 11, s->base.actor ? s->base.actor : "unknown");
	rc = sdb_run(s, st, what, e);
	db_finalize(st);
	return rc;
}

/* A station twice fails the insert (the key is mission and station); the
 * whole change is then rolled back (sqlite_op_end), as PostgreSQL needs
 * after a failed statement. */
static enum status insert_rows(struct store_sqlite *s, int64_t mission_id,
                               const struct pvt_sample_row *rows, size_t n, struct err *e)
{
	const char *what = "storing the quick-count sample";
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s,
	                 "INSERT INTO pvt_sample_station (mission_id, station_id,"
	                 " stratum, draw_order)"
	                 " SELECT ?1, id, CAST(?3 AS TEXT), CAST(?4 AS BIGINT)"
	                 " FROM location"
	                 " WHERE mission_id = ?1 AND code = ?2 AND level = 'station'",
	                 0, &st, what, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		db_reset(st);
		db_bind_int64(st, 1, mission_id);
		db_bind_text(st, 2, rows[i].station);
		db_bind_text(st, 3, rows[i].stratum);
		db_bind_int64(st, 4, rows[i].draw_order);
		rc = sdb_run(s, st, what, e);
		if (rc == ST_EXISTS)
			rc = err_set(e, ST_INVALID,
			             "station \"%s\" is in the sample twice",
			             rows[i].station);
		else if (!rc && db_changes(st) != 1)
			rc = err_set(e, ST_NOT_FOUND,
			             "station: no polling station \"%s\" in the mission",
			             rows[i].station);
	}
	db_finalize(st);
	return rc;
}

enum status sqlite_pvt_sample_put(struct store *base, int64_t mission_id,
                                  const struct pvt_sample_head *h,
                                  const struct pvt_sample_row *rows, size_t n,
                                  bool replace, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	char *before = NULL, *after = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sample_image(s, mission_id, &before, e);
	if (rc)
		goto out;
	if (before && !replace) {
		rc = err_set(e, ST_EXISTS,
		             "the mission has a quick-count sample already; replacing it "
		             "must be asked for");
		goto out;
	}
	if (before)
		rc = delete_sample(s, mission_id, e);
	if (!rc)
		rc = insert_head(s, mission_id, h, e);
	if (!rc)
		rc = insert_rows(s, mission_id, rows, n, e);
	if (!rc)
		rc = sample_image(s, mission_id, &after, e);
	if (rc)
		goto out;
	rc = sqlite_audit(s, mission_id, before ? "update" : "create", "pvt_sample",
	                  "sample", before, after, e);
out:
	free(before);
	free(after);
	return sqlite_op_end(s, rc);
}

enum status sqlite_pvt_sample_get(struct store *base, int64_t mission_id, struct arena *a,
                                  struct pvt_sample_head *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	const char *what = "reading the quick-count sample";
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s, HEAD_COLUMNS, 0, &st, what, e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	rc = sdb_step(s, st, &row, what, e);
	if (!rc && row) {
		out->method = sdb_col_text(st, 0, a);
		out->strata_by = sdb_col_text(st, 1, a);
		out->seed = db_col_int64(st, 2);
		out->size = db_col_int64(st, 3);
		out->frame_size = db_col_int64(st, 4);
		out->frame_hash = sdb_col_text(st, 5, a);
		out->generator = sdb_col_text(st, 6, a);
		out->allocation = sdb_col_text(st, 7, a);
		out->drawn_at = sdb_col_text(st, 8, a);
		out->drawn_by = sdb_col_text(st, 9, a);
	} else if (!rc) {
		rc = err_set(e, ST_NOT_FOUND, "the mission has no quick-count sample");
	}
	db_finalize(st);
	return rc;
}

struct list_args {
	store_pvt_row_cb cb;
	void *ctx;
};

static enum status list_row(struct db_stmt *st, void *ctx)
{
	struct list_args *a = ctx;
	struct pvt_sample_row r = {
	    .station = db_col_text(st, 0),
	    .stratum = db_col_text(st, 1),
	    .draw_order = db_col_int64(st, 2),
	};

	return a->cb(a->ctx, &r);
}

enum status sqlite_pvt_sample_list(struct store *base, int64_t mission_id,
                                   store_pvt_row_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	const char *what = "listing the quick-count sample";
	struct list_args args = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s,
	                 "SELECT l.code, p.stratum, p.draw_order"
	                 " FROM pvt_sample_station p JOIN location l"
	                 " ON l.id = p.station_id WHERE p.mission_id = ?1"
	                 " ORDER BY l.code",
	                 0, &st, what, e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	return sdb_each(s, st, list_row, &args, what, e);
}

enum status sqlite_pvt_sample_clear(struct store *base, int64_t mission_id, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	char *before = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sample_image(s, mission_id, &before, e);
	if (!rc && !before)
		rc = err_set(e, ST_NOT_FOUND, "the mission has no quick-count sample");
	if (!rc)
		rc = delete_sample(s, mission_id, e);
	if (!rc)
		rc = sqlite_audit(s, mission_id, "delete", "pvt_sample", "sample", before,
		                  NULL, e);
	free(before);
	return sqlite_op_end(s, rc);
}
