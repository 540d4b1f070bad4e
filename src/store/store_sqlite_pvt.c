/* store_sqlite_pvt.c - the quick count's sample in the SQLite back-end:
 * one sample per mission (its head) and its stations, written, replaced
 * and cleared with an audit entry whose image lists every station. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "store/store_sqlite.h"

/* The sample as one JSON text for the audit log, or NULL when the
 * mission has none. */
static char *sample_image(struct store_sqlite *s, int64_t mission_id)
{
	sqlite3_stmt *st;
	char *t = NULL;

	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT json_object('method', method, 'strata_by', strata_by, 'seed', "
	        "seed,"
	        " 'size', size, 'frame_size', frame_size, 'frame_hash', frame_hash,"
	        " 'generator', generator, 'allocation', json(allocation),"
	        " 'drawn_at', drawn_at, 'drawn_by', drawn_by, 'stations',"
	        " (SELECT json_group_array(json_array(code, stratum)) FROM"
	        "  (SELECT l.code, p.stratum FROM pvt_sample_station p"
	        "   JOIN location l ON l.id = p.station_id"
	        "   WHERE p.mission_id = ?1 ORDER BY p.draw_order)))"
	        " FROM pvt_sample WHERE mission_id = ?1",
	        -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, mission_id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		t = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return t;
}

static enum status run(struct store_sqlite *s, const char *sql, int64_t mission_id,
                       const char *what, struct err *e)
{
	sqlite3_stmt *st;
	enum status rc = ST_OK;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, what, e);
	sqlite3_bind_int64(st, 1, mission_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_fail(s, what, e);
	sqlite3_finalize(st);
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
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	char now[21];

	if (sqlite3_prepare_v2(
	        s->db,
	        "INSERT INTO pvt_sample (mission_id, method, strata_by, seed,"
	        " size, frame_size, frame_hash, generator, allocation,"
	        " drawn_at, drawn_by)"
	        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "storing the quick-count sample", e);
	text_now_iso(now);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, h->method);
	sqlite_bind_text(st, 3, h->strata_by);
	sqlite3_bind_int64(st, 4, h->seed);
	sqlite3_bind_int64(st, 5, h->size);
	sqlite3_bind_int64(st, 6, h->frame_size);
	sqlite_bind_text(st, 7, h->frame_hash);
	sqlite_bind_text(st, 8, h->generator);
	sqlite_bind_text(st, 9, h->allocation ? h->allocation : "[]");
	sqlite3_bind_text(st, 10, now, -1, SQLITE_TRANSIENT);
	sqlite_bind_text(st, 11, s->base.actor ? s->base.actor : "unknown");
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_fail(s, "storing the quick-count sample", e);
	sqlite3_finalize(st);
	return rc;
}

static enum status insert_rows(struct store_sqlite *s, int64_t mission_id,
                               const struct pvt_sample_row *rows, size_t n, struct err *e)
{
	sqlite3_stmt *st;
	enum status rc = ST_OK;

	if (sqlite3_prepare_v2(
	        s->db,
	        "INSERT INTO pvt_sample_station (mission_id, station_id,"
	        " stratum, draw_order) SELECT ?1, id, ?3, ?4 FROM location"
	        " WHERE mission_id = ?1 AND code = ?2 AND level = 'station'",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "storing the quick-count sample", e);
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, mission_id);
		sqlite_bind_text(st, 2, rows[i].station);
		sqlite_bind_text(st, 3, rows[i].stratum);
		sqlite3_bind_int64(st, 4, rows[i].draw_order);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = sqlite_fail(s, "storing the quick-count sample", e);
			if (rc == ST_EXISTS)
				rc = err_set(e, ST_INVALID,
				             "station \"%s\" is in the sample twice",
				             rows[i].station);
		} else if (sqlite3_changes(s->db) != 1) {
			rc = err_set(e, ST_NOT_FOUND,
			             "station: no polling station \"%s\" in the mission",
			             rows[i].station);
		}
	}
	sqlite3_finalize(st);
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
	before = sample_image(s, mission_id);
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
	if (rc)
		goto out;
	after = sample_image(s, mission_id);
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
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT method, strata_by, seed, size, frame_size, frame_hash,"
	        " generator, allocation, drawn_at, drawn_by FROM pvt_sample"
	        " WHERE mission_id = ?1",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading the quick-count sample", e);
	sqlite3_bind_int64(st, 1, mission_id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		out->method = sqlite_col_text(st, 0, a);
		out->strata_by = sqlite_col_text(st, 1, a);
		out->seed = sqlite3_column_int64(st, 2);
		out->size = sqlite3_column_int64(st, 3);
		out->frame_size = sqlite3_column_int64(st, 4);
		out->frame_hash = sqlite_col_text(st, 5, a);
		out->generator = sqlite_col_text(st, 6, a);
		out->allocation = sqlite_col_text(st, 7, a);
		out->drawn_at = sqlite_col_text(st, 8, a);
		out->drawn_by = sqlite_col_text(st, 9, a);
	} else if (r == SQLITE_DONE) {
		rc = err_set(e, ST_NOT_FOUND, "the mission has no quick-count sample");
	} else {
		rc = sqlite_fail(s, "reading the quick-count sample", e);
	}
	sqlite3_finalize(st);
	return rc;
}

struct list_args {
	store_pvt_row_cb cb;
	void *ctx;
};

static enum status list_row(sqlite3_stmt *st, void *ctx)
{
	struct list_args *a = ctx;
	struct pvt_sample_row r = {
	    .station = (const char *)sqlite3_column_text(st, 0),
	    .stratum = (const char *)sqlite3_column_text(st, 1),
	    .draw_order = sqlite3_column_int64(st, 2),
	};

	return a->cb(a->ctx, &r);
}

enum status sqlite_pvt_sample_list(struct store *base, int64_t mission_id,
                                   store_pvt_row_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct list_args args = {cb, ctx};
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db,
	                       "SELECT l.code, p.stratum, p.draw_order"
	                       " FROM pvt_sample_station p JOIN location l"
	                       " ON l.id = p.station_id WHERE p.mission_id = ?1"
	                       " ORDER BY l.code",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "listing the quick-count sample", e);
	sqlite3_bind_int64(st, 1, mission_id);
	return sqlite_each(s, st, list_row, &args, "listing the quick-count sample", e);
}

enum status sqlite_pvt_sample_clear(struct store *base, int64_t mission_id, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	char *before = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	before = sample_image(s, mission_id);
	if (!before) {
		rc = err_set(e, ST_NOT_FOUND, "the mission has no quick-count sample");
		goto out;
	}
	rc = delete_sample(s, mission_id, e);
	if (!rc)
		rc = sqlite_audit(s, mission_id, "delete", "pvt_sample", "sample", before,
		                  NULL, e);
out:
	free(before);
	return sqlite_op_end(s, rc);
}
