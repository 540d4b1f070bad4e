/* store_sqlite_ltm_doc.c - the long-term log's documents in the SQLite
 * back-end: each stored with its bytes as a BLOB and their hash, made
 * here from the bytes themselves, audited without the bytes, listed
 * without them and read back one at a time. */
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
static void read_row(sqlite3_stmt *st, struct arena *a, struct document *d)
{
	d->id = sqlite3_column_int64(st, 0);
	d->meeting_id = sqlite3_column_int64(st, 1);
	d->title = sqlite_col_text(st, 2, a);
	d->kind = sqlite_col_text(st, 3, a);
	d->direction = sqlite_col_text(st, 4, a);
	d->date = sqlite_col_text(st, 5, a);
	d->file_name = sqlite_col_text(st, 6, a);
	d->content_type = sqlite_col_text(st, 7, a);
	d->size = sqlite3_column_int64(st, 8);
	d->hash = sqlite_col_text(st, 9, a);
	d->created_at = sqlite_col_text(st, 10, a);
}

/* ST_NOT_FOUND unless meeting id is one of the mission's. */
static enum status meeting_exists(struct store_sqlite *s, int64_t mission_id, int64_t id,
                                  struct err *e)
{
	sqlite3_stmt *st;
	int r;

	if (sqlite3_prepare_v2(s->db,
	                       "SELECT 1 FROM meeting WHERE mission_id = ?1 AND id = ?2",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "finding a meeting", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite3_bind_int64(st, 2, id);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r == SQLITE_ROW)
		return ST_OK;
	if (r == SQLITE_DONE)
		return err_set(e, ST_NOT_FOUND,
		               "meeting: no meeting with id %lld in this mission",
		               (long long)id);
	return sqlite_fail(s, "finding a meeting", e);
}

enum status sqlite_document_add(struct store *base, int64_t mission_id,
                                const struct document *d, const void *data, int64_t *id,
                                char *hash, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct document img = *d;
	sqlite3_stmt *st = NULL;
	char now[21], key[24], *after = NULL;
	json_t *j;
	enum status rc;

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
	if (sqlite3_prepare_v2(
	        s->db,
	        "INSERT INTO document (mission_id, meeting_id, title, kind,"
	        " direction, date, file_name, content_type, size, hash, data,"
	        " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	        " ?11, ?12)",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = sqlite_fail(s, "storing a document", e);
		goto out;
	}
	text_now_iso(now);
	sqlite3_bind_int64(st, 1, mission_id);
	if (d->meeting_id)
		sqlite3_bind_int64(st, 2, d->meeting_id);
	else
		sqlite3_bind_null(st, 2);
	sqlite_bind_text(st, 3, d->title);
	sqlite_bind_text(st, 4, d->kind);
	sqlite_bind_text(st, 5, d->direction);
	sqlite_bind_text(st, 6, d->date);
	sqlite_bind_text(st, 7, d->file_name);
	sqlite_bind_text(st, 8, d->content_type);
	sqlite3_bind_int64(st, 9, d->size);
	sqlite_bind_text(st, 10, hash);
	/* Static: the caller's bytes outlive the step. */
	sqlite3_bind_blob64(st, 11, data, (sqlite3_uint64)d->size, SQLITE_STATIC);
	sqlite_bind_text(st, 12, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "storing a document", e);
		goto out;
	}
	*id = sqlite3_last_insert_rowid(s->db);
	img.id = *id;
	img.hash = hash;
	img.created_at = NULL;
	j = document_to_json(&img);
	after = json_text(j);
	json_decref(j);
	snprintf(key, sizeof(key), "%lld", (long long)*id);
	rc = sqlite_audit(s, mission_id, "create", "document", key, NULL, after, e);
out:
	sqlite3_finalize(st);
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
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (data)
		*data = NULL;
	if (sqlite3_prepare_v2(
	        s->db,
	        data ? DOCUMENT_COLUMNS ", data FROM document"
	                                " WHERE mission_id = ?1 AND id = ?2"
	             : DOCUMENT_COLUMNS " FROM document"
	                                " WHERE mission_id = ?1 AND id = ?2",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading a document", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite3_bind_int64(st, 2, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		read_row(st, a, out);
		if (data) {
			size_t n = (size_t)sqlite3_column_bytes(st, 11);
			void *bytes = arena_alloc(a, n ? n : 1);
			if (n)
				memcpy(bytes, sqlite3_column_blob(st, 11), n);
			out->size = (int64_t)n;
			*data = bytes;
		}
	} else if (r == SQLITE_DONE) {
		rc = err_set(e, ST_NOT_FOUND, "no document with id %lld in this mission",
		             (long long)id);
	} else {
		rc = sqlite_fail(s, "reading a document", e);
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- listing ---- */

/* Every filter is in the SQL: an unset one matches every row. */
#define DOCUMENT_WHERE                                                                   \
	" FROM document WHERE mission_id = ?1"                                           \
	" AND (?2 = 0 OR meeting_id = ?2) AND (?3 IS NULL OR kind = ?3)"                 \
	" AND (?4 IS NULL OR direction = ?4)"

struct list_args {
	int64_t mission_id;
	const struct document_filter *f;
	store_document_cb cb;
	void *ctx;
};

static void bind_filter(sqlite3_stmt *st, const void *arg)
{
	const struct list_args *a = arg;

	sqlite3_bind_int64(st, 1, a->mission_id);
	sqlite3_bind_int64(st, 2, a->f->meeting_id);
	sqlite_bind_text(st, 3, a->f->kind);
	sqlite_bind_text(st, 4, a->f->direction);
}

static enum status list_row(sqlite3_stmt *st, void *ctx)
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
	struct sqlite_page page = {
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
	return sqlite_page_run(s, &page, total, e);
}

enum status sqlite_document_delete(struct store *base, int64_t mission_id, int64_t id,
                                   struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct document old;
	sqlite3_stmt *st = NULL;
	char key[24], *before = NULL;
	json_t *j;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_document_get(base, mission_id, id, &a, &old, NULL, e);
	if (rc)
		goto out;
	if (sqlite3_prepare_v2(s->db,
	                       "DELETE FROM document WHERE id = ?1 AND mission_id = ?2",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = sqlite_fail(s, "removing a document", e);
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, mission_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "removing a document", e);
		goto out;
	}
	old.created_at = NULL;
	j = document_to_json(&old);
	before = json_text(j);
	json_decref(j);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	rc = sqlite_audit(s, mission_id, "delete", "document", key, before, NULL, e);
out:
	sqlite3_finalize(st);
	free(before);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}
