/* store_sqlite_sessions.c - signed-in sessions, on db.h, found by the
 * hash of their id.  Beginning and ending one is audited under the user's
 * name; using one is not. */
#include <jansson.h>

#include "store/store_sqlite.h"

/* Columns as in SQL_SESSION_FIND. */
static void read_session(struct db_stmt *st, struct arena *a, struct session_row *out)
{
	out->id = db_col_int64(st, 0);
	out->id_hash = sdb_col_text(st, 1, a);
	out->csrf = sdb_col_text(st, 2, a);
	out->user_id = db_col_int64(st, 3);
	out->user = sdb_col_text(st, 4, a);
	out->admin = db_col_int64(st, 5) != 0;
	out->disabled = db_col_int64(st, 6) != 0;
	out->created_at = sdb_col_text(st, 7, a);
	out->last_seen = sdb_col_text(st, 8, a);
	out->expires_at = sdb_col_text(st, 9, a);
	out->idle_seconds = db_col_int64(st, 10);
	out->client = sdb_col_text(st, 11, a);
}

static char *session_image(const struct session_row *r)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:s?}", "user", r->user, "created_at",
	                      r->created_at, "expires_at", r->expires_at, "idle_seconds",
	                      (json_int_t)r->idle_seconds, "client", r->client);
	char *t = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(j);
	return t;
}

enum status sqlite_session_find(struct store *base, const char *id_hash, struct arena *a,
                                struct session_row *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_SESSION_FIND);
	enum status rc;
	bool row;

	db_bind_text(st, 1, id_hash);
	rc = sdb_step(s, st, &row, "reading sessions", e);
	if (rc)
		return rc;
	if (row)
		read_session(st, a, out);
	db_reset(st);
	return row ? ST_OK : err_set(e, ST_NOT_FOUND, "no such session");
}

/* Delete the sessions past before, unaudited: they ended by themselves. */
static enum status sweep(struct store_sqlite *s, const char *before, struct err *e)
{
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s, "DELETE FROM user_session WHERE expires_at < ?1", 0, &st,
	                 "ending old sessions", e);
	if (rc)
		return rc;
	db_bind_text(st, 1, before);
	rc = sdb_run(s, st, "ending old sessions", e);
	db_finalize(st);
	return rc;
}

enum status sqlite_session_create(struct store *base, const struct session_row *r,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = NULL;
	char *after = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sdb_prepare(s,
	                 "INSERT INTO user_session (id_hash, csrf, user_id, created_at,"
	                 " last_seen, expires_at, idle_seconds, client)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	                 0, &st, "storing a session", e);
	if (rc)
		goto out;
	db_bind_text(st, 1, r->id_hash);
	db_bind_text(st, 2, r->csrf);
	db_bind_int64(st, 3, r->user_id);
	db_bind_text(st, 4, r->created_at);
	db_bind_text(st, 5, r->last_seen);
	db_bind_text(st, 6, r->expires_at);
	db_bind_int64(st, 7, r->idle_seconds);
	db_bind_text(st, 8, r->client);
	rc = sdb_run(s, st, "storing a session", e);
	if (rc)
		goto out;
	after = session_image(r);
	rc = sqlite_audit(s, 0, "create", "session", r->user, NULL, after, e);
out:
	db_finalize(st);
	free(after);
	return sqlite_op_end(s, rc);
}

enum status sqlite_session_touch(struct store *base, const char *id_hash,
                                 const char *when, struct err *e)
{
	static const char sql[] = "UPDATE user_session SET last_seen = ?2"
	                          " WHERE id_hash = ?1 AND last_seen < ?2";
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;

	/* Kept prepared: signed-in requests record their use all day long. */
	rc = sdb_cached(s, sql, &st, "using a session", e);
	if (rc)
		return rc;
	db_bind_text(st, 1, id_hash);
	db_bind_text(st, 2, when);
	rc = sdb_run(s, st, "using a session", e);
	sdb_cached_done(s, st);
	return rc;
}

enum status sqlite_session_delete(struct store *base, const char *id_hash,
                                  const char *before, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct session_row old;
	struct db_stmt *st = NULL;
	char *image = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	if (before) {
		rc = sweep(s, before, e);
		if (rc)
			goto out;
	}
	rc = sqlite_session_find(base, id_hash, &a, &old, e);
	if (rc)
		goto out;
	rc = sdb_prepare(s, "DELETE FROM user_session WHERE id = ?1", 0, &st,
	                 "ending a session", e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, old.id);
	rc = sdb_run(s, st, "ending a session", e);
	if (rc)
		goto out;
	image = session_image(&old);
	rc = sqlite_audit(s, 0, "delete", "session", old.user, image, NULL, e);
out:
	db_finalize(st);
	free(image);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}
