/* store_sqlite_attachment.c - the files that came with a report, stored
 * as blobs next to it, on db.h: added by the intake's job in the report's
 * transaction, listed without their bytes, read one by one. */
#include <string.h>

#include "store/store_sqlite.h"

enum status sqlite_attachment_add(struct store *base, int64_t submission_id,
                                  const struct attachment_row *a, bool *added,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_ATTACHMENT_ADD);
	enum status rc;

	*added = false;
	db_bind_int64(st, 1, submission_id);
	db_bind_text(st, 2, a->name);
	db_bind_text(st, 3, a->content_type);
	db_bind_int64(st, 4, a->size);
	db_bind_text(st, 5, a->hash);
	/* An empty file is an empty blob, never NULL. */
	db_bind_blob(st, 6, a->size ? a->data : "", (size_t)a->size);
	rc = sdb_run(s, st, "storing an attachment", e);
	if (!rc)
		*added = db_changes(st) > 0;
	db_reset(st);
	db_clear_bindings(st);
	return rc;
}

struct attachment_walk {
	store_attachment_cb cb;
	void *ctx;
};

static enum status attachment_row(struct db_stmt *st, void *ctx)
{
	struct attachment_walk *w = ctx;
	struct attachment_row a = {
	    .name = db_col_text(st, 0),
	    .content_type = db_col_text(st, 1),
	    .size = db_col_int64(st, 2),
	    .hash = db_col_text(st, 3),
	};

	return w->cb(w->ctx, &a);
}

enum status sqlite_attachment_list(struct store *base, int64_t mission_id,
                                   int64_t submission_id, store_attachment_cb cb,
                                   void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct attachment_walk w = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s,
	                 "SELECT a.name, a.content_type, a.size, a.hash"
	                 " FROM submission_attachment a"
	                 " JOIN submission s ON s.id = a.submission_id"
	                 " WHERE s.mission_id = ?1 AND a.submission_id = ?2"
	                 " ORDER BY a.name",
	                 0, &st, "listing attachments", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, submission_id);
	return sdb_each(s, st, attachment_row, &w, "listing attachments", e);
}

enum status sqlite_attachment_get(struct store *base, int64_t mission_id,
                                  int64_t submission_id, const char *name,
                                  struct arena *a, struct attachment_row *out,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s,
	                 "SELECT a.name, a.content_type, a.size, a.hash, a.data"
	                 " FROM submission_attachment a"
	                 " JOIN submission s ON s.id = a.submission_id"
	                 " WHERE s.mission_id = ?1 AND a.submission_id = ?2"
	                 " AND a.name = ?3",
	                 0, &st, "reading an attachment", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, submission_id);
	db_bind_text(st, 3, name);
	rc = sdb_step(s, st, &row, "reading an attachment", e);
	if (rc)
		goto out;
	if (!row) {
		rc = err_set(e, ST_NOT_FOUND, "report %lld has no attachment \"%s\"",
		             (long long)submission_id, name);
		goto out;
	}
	{
		size_t n = db_col_bytes(st, 4);
		void *data = arena_alloc(a, n ? n : 1);

		if (n)
			memcpy(data, db_col_blob(st, 4), n);
		out->name = sdb_col_text(st, 0, a);
		out->content_type = sdb_col_text(st, 1, a);
		out->size = (int64_t)n;
		out->hash = sdb_col_text(st, 3, a);
		out->data = data;
	}
out:
	db_finalize(st);
	return rc;
}
