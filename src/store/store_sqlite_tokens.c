/* store_sqlite_tokens.c - API tokens, on db.h, found by the hash of their
 * text.  Making and revoking one is audited (entity "api_token" keyed by
 * its id), never with its hash. */
#include <jansson.h>
#include <stdio.h>

#include "core/text.h"
#include "store/store_sqlite.h"

/* Columns as in SQL_TOKEN_FIND. */
static void read_token(struct db_stmt *st, struct arena *a, struct token_row *out)
{
	out->id = db_col_int64(st, 0);
	out->hash = sdb_col_text(st, 1, a);
	out->user_id = db_col_int64(st, 2);
	out->user = sdb_col_text(st, 3, a);
	out->admin = db_col_int64(st, 4) != 0;
	out->disabled = db_col_int64(st, 5) != 0;
	out->scope = sdb_col_text(st, 6, a);
	out->created_at = sdb_col_text(st, 7, a);
	out->expires_at = sdb_col_text(st, 8, a);
	out->revoked = db_col_int64(st, 9) != 0;
	out->last_used = sdb_col_text(st, 10, a);
}

static char *token_image(const struct token_row *t)
{
	json_t *j =
	    json_pack("{s:I, s:s, s:s, s:s, s:s?, s:b}", "id", (json_int_t)t->id, "user",
	              t->user, "scope", t->scope, "created_at", t->created_at,
	              "expires_at", t->expires_at, "revoked", t->revoked);
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(j);
	return s;
}

enum status sqlite_token_find(struct store *base, const char *hash, struct arena *a,
                              struct token_row *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_TOKEN_FIND);
	enum status rc;
	bool row;

	db_bind_text(st, 1, hash);
	rc = sdb_step(s, st, &row, "reading tokens", e);
	if (rc)
		return rc;
	if (row)
		read_token(st, a, out);
	db_reset(st);
	return row ? ST_OK : err_set(e, ST_NOT_FOUND, "no such token");
}

/* The token with id, by key. */
static enum status get_token(struct store_sqlite *s, int64_t id, struct arena *a,
                             struct token_row *out, struct err *e)
{
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s,
	                 "SELECT t.id, t.hash, t.user_id, u.name, u.admin, u.disabled,"
	                 " t.scope, t.created_at, t.expires_at, t.revoked, t.last_used"
	                 " FROM api_token t JOIN app_user u ON u.id = t.user_id"
	                 " WHERE t.id = ?1",
	                 0, &st, "reading tokens", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = sdb_step(s, st, &row, "reading tokens", e);
	if (!rc && row)
		read_token(st, a, out);
	else if (!rc)
		rc = err_set(e, ST_NOT_FOUND, "no token %lld", (long long)id);
	db_finalize(st);
	return rc;
}

enum status sqlite_token_create(struct store *base, const struct token_row *t,
                                int64_t *id, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct token_row made;
	struct db_stmt *st = NULL;
	char now[21], key[24], *after = NULL;
	enum status rc;
	bool row;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	text_now_iso(now);
	rc = sdb_prepare(s,
	                 "INSERT INTO api_token (hash, user_id, scope, created_at,"
	                 " expires_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
	                 0, &st, "storing a token", e);
	if (rc)
		goto out;
	db_bind_text(st, 1, t->hash);
	db_bind_int64(st, 2, t->user_id);
	db_bind_text(st, 3, t->scope);
	db_bind_text(st, 4, now);
	db_bind_text(st, 5, t->expires_at);
	rc = sdb_step(s, st, &row, "storing a token", e);
	if (rc)
		goto out;
	*id = db_col_int64(st, 0); /* RETURNING id */
	db_finalize(st);
	st = NULL;
	rc = get_token(s, *id, &a, &made, e);
	if (rc)
		goto out;
	after = token_image(&made);
	snprintf(key, sizeof(key), "%lld", (long long)*id);
	rc = sqlite_audit(s, 0, "create", "api_token", key, NULL, after, e);
out:
	db_finalize(st);
	free(after);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

struct list_ctx {
	store_token_cb cb;
	void *ctx;
};

static enum status list_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *l = ctx;
	struct arena a = ARENA_INIT;
	struct token_row t;
	enum status rc;

	read_token(st, &a, &t);
	t.hash = NULL;
	rc = l->cb(l->ctx, &t);
	arena_release(&a);
	return rc;
}

enum status sqlite_token_list(struct store *base, store_token_cb cb, void *ctx,
                              struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct list_ctx l = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s,
	                 "SELECT t.id, t.hash, t.user_id, u.name, u.admin, u.disabled,"
	                 " t.scope, t.created_at, t.expires_at, t.revoked, t.last_used"
	                 " FROM api_token t JOIN app_user u ON u.id = t.user_id"
	                 " ORDER BY t.id DESC",
	                 0, &st, "listing tokens", e);
	if (rc)
		return rc;
	return sdb_each(s, st, list_row, &l, "listing tokens", e);
}

enum status sqlite_token_revoke(struct store *base, int64_t id, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct token_row old, now_row;
	struct db_stmt *st = NULL;
	char key[24], *before = NULL, *after = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = get_token(s, id, &a, &old, e);
	if (rc || old.revoked)
		goto out;
	rc = sdb_prepare(s, "UPDATE api_token SET revoked = 1 WHERE id = ?1", 0, &st,
	                 "revoking a token", e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, id);
	rc = sdb_run(s, st, "revoking a token", e);
	if (rc)
		goto out;
	now_row = old;
	now_row.revoked = true;
	before = token_image(&old);
	after = token_image(&now_row);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	rc = sqlite_audit(s, 0, "update", "api_token", key, before, after, e);
out:
	db_finalize(st);
	free(before);
	free(after);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

enum status sqlite_token_touch(struct store *base, int64_t id, const char *when,
                               struct err *e)
{
	static const char sql[] = "UPDATE api_token SET last_used = ?2 WHERE id = ?1 AND"
	                          " (last_used IS NULL OR last_used < ?2)";
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;

	/* Kept prepared: scripts with a token record their use all day long. */
	rc = sdb_cached(s, sql, &st, "using a token", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, when);
	rc = sdb_run(s, st, "using a token", e);
	sdb_cached_done(s, st);
	return rc;
}
