/* store_sqlite_ltm_doc.c - the long-term log's documents, on db.h: each
 * stored with its bytes as a blob and their hash, made here from the bytes
 * themselves, audited without the bytes, listed without them and read
 * back one at a time. */
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "model/ltm_json.h"
#include "model/registry_json.h"
#include "store/store_sqlite.h"

#define DOCUMENT_COLUMNS                                                                 \
	"SELECT id, coalesce(meeting_id, 0), title, kind, direction, date, file_name,"   \
	" content_type, size, hash, created_at"

/* The row st is on (columns as DOCUMENT_COLUMNS), strings in a (NULL:
 * valid until the next step). */
static void read_row(struct db_stmt *st, struct arena *a, struct document *d)
{
	d->id = db_col_int64(st, 0);
	d->meeting_id = db_col_int64(st, 1);
	d->title = sdb_col_text(st, 2, a);
	d->kind = sdb_col_text(st, 3, a);
	d->direction = sdb_col_text(st, 4, a);
	d->date = sdb_col_text(st, 5, a);
	d->file_name = sdb_col_text(st, 6, a);
	d->content_type = sdb_col_text(st, 7, a);
	d->size = db_col_int64(st, 8);
	d->hash = sdb_col_text(st, 9, a);
	d->created_at = sdb_col_text(st, 10, a);
}

/* ST_NOT_FOUND unless meeting id is one of the mission's. */
static enum status meeting_exists(struct store_sqlite *s, int64_t mission_id, int64_t id,
                                  struct err *e)
{
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s, "SELECT 1 FROM meeting WHERE mission_id = ?1 AND id = ?2", 0,
	                 &st, "finding a meeting", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, id);
	rc = sdb_step(s, st, &row, "finding a meeting", e);
	db_finalize(st);
	if (rc || row)
		return rc;
	return err_set(e, ST_NOT_FOUND,
	               "meeting: no meeting with id %lld in this mission", (long long)id);
}

enum status sqlite_document_add(struct store *base, int64_t mission_id,
                                const struct document *d, const void *data, int64_t *id,
                                char *hash, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct document img = *d;
	struct db_stmt *st = NULL;
	char now[21], key[24], *after = NULL;
	json_t *j;
	enum status rc;
	bool row;

	*id = 0;
	if (d->size < 1 || !data)
		return err_set(e, ST_INVALID, "size: the file is empty");
	document_hash(data, (size_t)d->size, hash);
	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	if (d->meeting_id) {
		rc = meeting_exists(s, mission_id, d->meeting_id, e);
		if (rc)
			goto out;
	}
	rc = sdb_prepare(s,
	                 "INSERT INTO document (mission_id, meeting_id, title, kind,"
	                 " direction, date, file_name, content_type, size, hash, data,"
	                 " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	                 " ?11, ?12) RETURNING id",
	                 0, &st, "storing a document", e);
	if (rc)
		goto out;
	text_now_iso(now);
	db_bind_int64(st, 1, mission_id);
	if (d->meeting_id)
		db_bind_int64(st, 2, d->meeting_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, d->title);
	db_bind_text(st, 4, d->kind);
	db_bind_text(st, 5, d->direction);
	db_bind_text(st, 6, d->date);
	db_bind_text(st, 7, d->file_name);
	db_bind_text(st, 8, d->content_type);
	db_bind_int64(st, 9, d->size);
	db_bind_text(st, 10, hash);
	db_bind_blob(st, 11, data, (size_t)d->size);
	db_bind_text(st, 12, now);
	rc = sdb_step(s, st, &row, "storing a document", e);
	if (rc)
		goto out;
	*id = db_col_int64(st, 0); /* RETURNING id */
	db_reset(st);
	img.id = *id;
	img.hash = hash;
	img.created_at = NULL;
	j = document_to_json(&img);
	after = json_text(j);
	json_decref(j);
	snprintf(key, sizeof(key), "%lld", (long long)*id);
	rc = sqlite_audit(s, mission_id, "create", "document", key, NULL, after, e);
out:
	db_finalize(st);
	free(after);
	if (rc)
		*id = 0;
	return sqlite_op_end(s, rc);
}

enum status sqlite_document_get(struct store *base, int64_t mission_id, int64_t id,
                                struct arena *a, struct document *out, const void **data,
                                struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	bool row;

	if (data)
		*data = NULL;
	rc = sdb_prepare(s,
	                 data ? DOCUMENT_COLUMNS ", data FROM document"
	                                         " WHERE mission_id = ?1 AND id = ?2"
	                      : DOCUMENT_COLUMNS " FROM document"
	                                         " WHERE mission_id = ?1 AND id = ?2",
	                 0, &st, "reading a document", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, id);
	rc = sdb_step(s, st, &row, "reading a document", e);
	if (rc)
		goto out;
	if (!row) {
		rc = err_set(e, ST_NOT_FOUND, "no document with id %lld in this mission",
		             (long long)id);
		goto out;
	}
	read_row(st, a, out);
	if (data) {
		size_t n = db_col_bytes(st, 11);
		void *bytes = arena_alloc(a, n ? n : 1);
		if (n)
			memcpy(bytes, db_col_blob(st, 11), n);
		out->size = (int64_t)n;
		*data = bytes;
	}
out:
	db_finalize(st);
	return rc;
}

/* ---- listing ---- */

/* Every filter is in the SQL: an unset one matches every row.  The casts
 * let PostgreSQL type the parameters that no column fixes. */
#define DOCUMENT_WHERE                                                                   \
	" FROM document WHERE mission_id = ?1"                                           \
	" AND (CAST(?2 AS BIGINT) = 0 OR meeting_id = CAST(?2 AS BIGINT))"               \
	" AND (CAST(?3 AS TEXT) IS NULL OR kind = CAST(?3 AS TEXT))"                     \
	" AND (CAST(?4 AS TEXT) IS NULL OR direction = CAST(?4 AS TEXT))"

struct list_args {
	int64_t mission_id;
	const struct document_filter *f;
	store_document_cb cb;
	void *ctx;
};

static void bind_filter(struct db_stmt *st, const void *arg)
{
	const struct list_args *a = arg;

	db_bind_int64(st, 1, a->mission_id);
	db_bind_int64(st, 2, a->f->meeting_id);
	db_bind_text(st, 3, a->f->kind);
	db_bind_text(st, 4, a->f->direction);
}

static enum status list_row(struct db_stmt *st, void *ctx)
{
	struct list_args *a = ctx;
	struct document d;

	read_row(st, NULL, &d);
	return a->cb(a->ctx, &d);
}

enum status sqlite_document_list(struct store *base, int64_t mission_id,
                                 const struct document_filter *f, int64_t *total,
                                 store_document_cb cb, void *ctx, struct err *e)
{
	static const struct document_filter none = {0};
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct list_args args = {mission_id, f ? f : &none, cb, ctx};
	struct sdb_page page = {
	    .what = "listing documents",
	    .count_sql = "SELECT count(*)" DOCUMENT_WHERE,
	    .rows_sql =
	        DOCUMENT_COLUMNS DOCUMENT_WHERE " ORDER BY date, id LIMIT ?5 OFFSET ?6",
	    .bind = bind_filter,
	    .arg = &args,
	    .limit_at = 5,
	    .limit = args.f->limit,
	    .offset = args.f->offset,
	    .row = cb ? list_row : NULL,
	    .ctx = &args,
	};

	if (total)
		*total = 0;
	return sdb_page_run(s, &page, total, e);
}

enum status sqlite_document_delete(struct store *base, int64_t mission_id, int64_t id,
                                   struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct document old;
	struct db_stmt *st = NULL;
	char key[24], *before = NULL;
	json_t *j;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_document_get(base, mission_id, id, &a, &old, NULL, e);
	if (rc)
		goto out;
	rc = sdb_prepare(s, "DELETE FROM document WHERE id = ?1 AND mission_id = ?2", 0,
	                 &st, "removing a document", e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, mission_id);
	rc = sdb_run(s, st, "removing a document", e);
	if (rc)
		goto out;
	old.created_at = NULL;
	j = document_to_json(&old);
	before = json_text(j);
	json_decref(j);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	rc = sqlite_audit(s, mission_id, "delete", "document", key, before, NULL, e);
out:
	db_finalize(st);
	free(before);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}
