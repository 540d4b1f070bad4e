/* store_sqlite_sessions.c - signed-in sessions in the SQLite back-end,
 * found by the hash of their id.  Beginning and ending one is audited
 * under the user's name; using one is not. */
#include <jansson.h>

#include "store/store_sqlite.h"

static void read_session(sqlite3_stmt *st, struct arena *a, struct session_row *out)
{
	out->id = sqlite3_column_int64(st, 0);
	out->id_hash = sqlite_col_text(st, 1, a);
	out->csrf = sqlite_col_text(st, 2, a);
	out->user_id = sqlite3_column_int64(st, 3);
	out->user = sqlite_col_text(st, 4, a);
	out->admin = sqlite3_column_int(st, 5) != 0;
	out->disabled = sqlite3_column_int(st, 6) != 0;
	out->created_at = sqlite_col_text(st, 7, a);
	out->last_seen = sqlite_col_text(st, 8, a);
	out->expires_at = sqlite_col_text(st, 9, a);
	out->idle_seconds = sqlite3_column_int64(st, 10);
	out->client = sqlite_col_text(st, 11, a);
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
	sqlite3_stmt *st = sqlite_stmt(s, SQL_SESSION_FIND);
	int r;

	sqlite_bind_text(st, 1, id_hash);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		read_session(st, a, out);
		sqlite3_reset(st);
		return ST_OK;
	}
	if (r != SQLITE_DONE)
		return sqlite_fail(s, "reading sessions", e);
	sqlite3_reset(st);
	return err_set(e, ST_NOT_FOUND, "no such session");
}

enum status sqlite_session_create(struct store *base, const struct session_row *r,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = NULL;
	char *after = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(
	        s->db,
	        "INSERT INTO user_session (id_hash, csrf, user_id, created_at,"
	        " last_seen, expires_at, idle_seconds, client)"
	        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = sqlite_fail(s, "storing a session", e);
		goto out;
	}
	sqlite_bind_text(st, 1, r->id_hash);
	sqlite_bind_text(st, 2, r->csrf);
	sqlite3_bind_int64(st, 3, r->user_id);
	sqlite_bind_text(st, 4, r->created_at);
	sqlite_bind_text(st, 5, r->last_seen);
	sqlite_bind_text(st, 6, r->expires_at);
	sqlite3_bind_int64(st, 7, r->idle_seconds);
	sqlite_bind_text(st, 8, r->client);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "storing a session", e);
		goto out;
	}
	after = session_image(r);
	rc = sqlite_audit(s, 0, "create", "session", r->user, NULL, after, e);
out:
	sqlite3_finalize(st);
	free(after);
	return sqlite_op_end(s, rc);
}

enum status sqlite_session_touch(struct store *base, const char *id_hash,
                                 const char *when, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;

	if (sqlite3_prepare_v2(s->db,
	                       "UPDATE user_session SET last_seen = ?2 WHERE id_hash = ?1"
	                       " AND last_seen < ?2",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "using a session", e);
	sqlite_bind_text(st, 1, id_hash);
	sqlite_bind_text(st, 2, when);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_fail(s, "using a session", e);
	sqlite3_finalize(st);
	return rc;
}

/* Delete the sessions past before, unaudited: they ended by themselves. */
static enum status sweep(struct store_sqlite *s, const char *before, struct err *e)
{
	sqlite3_stmt *st;
	enum status rc = ST_OK;

	if (sqlite3_prepare_v2(s->db, "DELETE FROM user_session WHERE expires_at < ?1",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "ending old sessions", e);
	sqlite_bind_text(st, 1, before);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_fail(s, "ending old sessions", e);
	sqlite3_finalize(st);
	return rc;
}

enum status sqlite_session_delete(struct store *base, const char *id_hash,
                                  const char *before, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct session_row old;
	sqlite3_stmt *st = NULL;
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
	if (sqlite3_prepare_v2(s->db, "DELETE FROM user_session WHERE id = ?1", -1, &st,
	                       NULL) != SQLITE_OK) {
		rc = sqlite_fail(s, "ending a session", e);
		goto out;
	}
	sqlite3_bind_int64(st, 1, old.id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "ending a session", e);
		goto out;
	}
	image = session_image(&old);
	rc = sqlite_audit(s, 0, "delete", "session", old.user, image, NULL, e);
out:
	sqlite3_finalize(st);
	free(image);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}
