/* store_sqlite_attachment.c - the files that came with a report, stored
 * as BLOBs next to it in the SQLite back-end: added by the intake's job in
 * the report's transaction, listed without their bytes, read one by one. */
#include <string.h>

#include "store/store_sqlite.h"

enum status sqlite_attachment_add(struct store *base, int64_t submission_id,
                                  const struct attachment_row *a, bool *added,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_ATTACHMENT_ADD);
	enum status rc = ST_OK;

	*added = false;
	sqlite3_bind_int64(st, 1, submission_id);
	sqlite_bind_text(st, 2, a->name);
	sqlite_bind_text(st, 3, a->content_type);
	sqlite3_bind_int64(st, 4, a->size);
	sqlite_bind_text(st, 5, a->hash);
	/* Static: the caller's bytes outlive the statement's step. */
	sqlite3_bind_blob64(st, 6, a->size ? a->data : "", (sqlite3_uint64)a->size,
	                    SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_fail(s, "storing an attachment", e);
	else
		*added = sqlite3_changes(s->db) > 0;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

enum status sqlite_attachment_list(struct store *base, int64_t mission_id,
                                   int64_t submission_id, store_attachment_cb cb,
                                   void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(s->db,
	                       "SELECT a.name, a.content_type, a.size, a.hash"
	                       " FROM submission_attachment a"
	                       " JOIN submission s ON s.id = a.submission_id"
	                       " WHERE s.mission_id = ?1 AND a.submission_id = ?2"
	                       " ORDER BY a.name",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "listing attachments", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite3_bind_int64(st, 2, submission_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct attachment_row a = {
		    .name = (const char *)sqlite3_column_text(st, 0),
		    .content_type = (const char *)sqlite3_column_text(st, 1),
		    .size = sqlite3_column_int64(st, 2),
		    .hash = (const char *)sqlite3_column_text(st, 3),
		};
		rc = cb(ctx, &a);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, "listing attachments", e);
	sqlite3_finalize(st);
	return rc;
}

enum status sqlite_attachment_get(struct store *base, int64_t mission_id,
                                  int64_t submission_id, const char *name,
                                  struct arena *a, struct attachment_row *out,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(s->db,
	                       "SELECT a.name, a.content_type, a.size, a.hash, a.data"
	                       " FROM submission_attachment a"
	                       " JOIN submission s ON s.id = a.submission_id"
	                       " WHERE s.mission_id = ?1 AND a.submission_id = ?2"
	                       " AND a.name = ?3",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading an attachment", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite3_bind_int64(st, 2, submission_id);
	sqlite_bind_text(st, 3, name);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(st, 4);
		void *data = arena_alloc(a, n ? n : 1);

		if (n)
			memcpy(data, sqlite3_column_blob(st, 4), n);
		out->name = sqlite_col_text(st, 0, a);
		out->content_type = sqlite_col_text(st, 1, a);
		out->size = (int64_t)n;
		out->hash = sqlite_col_text(st, 3, a);
		out->data = data;
	} else if (r == SQLITE_DONE) {
		rc = err_set(e, ST_NOT_FOUND, "report %lld has no attachment \"%s\"",
		             (long long)submission_id, name);
	} else {
		rc = sqlite_fail(s, "reading an attachment", e);
	}
	sqlite3_finalize(st);
	return rc;
}
