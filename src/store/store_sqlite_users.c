/* store_sqlite_users.c - users and their roles, on db.h.  The audit log
 * keeps a user's name, flags and when its password was set, never the
 * hash. */
#include <jansson.h>
#include <string.h>

#include "core/text.h"
#include "store/store_sqlite.h"

/* A user's name is matched and sorted regardless of ASCII case, as the
 * column's NOCASE collation does on SQLite: written with lower() (ASCII
 * only on both, PostgreSQL's text being COLLATE "C") so that PostgreSQL
 * answers the same. */
#define USER_COLUMNS                                                                     \
	"SELECT id, name, password_hash, admin, disabled, created_at, password_at"       \
	" FROM app_user"

static void read_user(struct db_stmt *st, struct arena *a, struct user_row *out)
{
	out->id = db_col_int64(st, 0);
	out->name = sdb_col_text(st, 1, a);
	out->password_hash = a ? sdb_col_text(st, 2, a) : NULL;
	out->admin = db_col_int64(st, 3) != 0;
	out->disabled = db_col_int64(st, 4) != 0;
	out->created_at = sdb_col_text(st, 5, a);
	out->password_at = sdb_col_text(st, 6, a);
}

/* What the audit log keeps of a user (NULL for none), with
 * "password_changed" when it was given a new password; free() it. */
static char *user_image(const struct user_row *u, bool password_changed)
{
	json_t *j;
	char *t;

	if (!u)
		return NULL;
	j = json_pack("{s:s, s:b, s:b, s:s, s:s}", "name", u->name, "admin", u->admin,
	              "disabled", u->disabled, "created_at", u->created_at, "password_at",
	              u->password_at);
	if (password_changed)
		json_object_set_new(j, "password_changed", json_true());
	t = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	return t;
}

static enum status get_user(struct store_sqlite *s, const char *name, struct arena *a,
                            struct user_row *out, struct err *e)
{
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s, USER_COLUMNS " WHERE lower(name) = lower(CAST(?1 AS TEXT))",
	                 0, &st, "reading users", e);
	if (rc)
		return rc;
	db_bind_text(st, 1, name);
	rc = sdb_step(s, st, &row, "reading users", e);
	if (!rc && row)
		read_user(st, a, out);
	else if (!rc)
		rc = err_set(e, ST_NOT_FOUND, "no user \"%s\"", name);
	db_finalize(st);
	return rc;
}

enum status sqlite_user_get(struct store *base, const char *name, struct arena *a,
                            struct user_row *out, struct err *e)
{
	return get_user((struct store_sqlite *)base, name, a, out, e);
}

enum status sqlite_user_create(struct store *base, const struct user_row *u, int64_t *id,
                               struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct user_row now_row = *u;
	struct db_stmt *st = NULL;
	char now[21], *after = NULL;
	enum status rc;
	bool row;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	text_now_iso(now);
	rc = sdb_prepare(s,
	                 "INSERT INTO app_user (name, password_hash, admin, disabled,"
	                 " created_at, password_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
	                 " RETURNING id",
	                 0, &st, "storing a user", e);
	if (rc)
		goto out;
	db_bind_text(st, 1, u->name);
	db_bind_text(st, 2, u->password_hash);
	db_bind_int64(st, 3, u->admin);
	db_bind_int64(st, 4, u->disabled);
	db_bind_text(st, 5, now);
	rc = sdb_step(s, st, &row, "storing a user", e);
	if (rc == ST_EXISTS)
		rc = err_set(e, ST_EXISTS, "there is already a user \"%s\"", u->name);
	if (rc)
		goto out;
	if (id)
		*id = db_col_int64(st, 0); /* RETURNING id */
	now_row.created_at = now_row.password_at = now;
	after = user_image(&now_row, false);
	rc = sqlite_audit(s, 0, "create", "user", u->name, NULL, after, e);
out:
	db_finalize(st);
	free(after);
	return sqlite_op_end(s, rc);
}

struct list_ctx {
	store_user_cb cb;
	void *ctx;
};

static enum status list_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *l = ctx;
	struct arena a = ARENA_INIT;
	struct user_row u;
	enum status rc;

	read_user(st, &a, &u);
	u.password_hash = NULL;
	rc = l->cb(l->ctx, &u);
	arena_release(&a);
	return rc;
}

enum status sqlite_user_list(struct store *base, store_user_cb cb, void *ctx,
                             struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct list_ctx l = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s, USER_COLUMNS " ORDER BY lower(name)", 0, &st, "listing users",
	                 e);
	if (rc)
		return rc;
	return sdb_each(s, st, list_row, &l, "listing users", e);
}

enum status sqlite_user_count(struct store *base, int64_t *n, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s, "SELECT count(*) FROM app_user", 0, &st, "counting users", e);
	if (rc)
		return rc;
	rc = sdb_step(s, st, &row, "counting users", e);
	if (!rc)
		*n = row ? db_col_int64(st, 0) : 0;
	db_finalize(st);
	return rc;
}

/* Run one statement of sql with user id bound as ?1 (and texts ?2, ?3). */
static enum status exec_user(struct store_sqlite *s, const char *sql, int64_t id,
                             const char *text, const char *text2, const char *what,
                             struct err *e)
{
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s, sql, 0, &st, what, e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	if (text)
		db_bind_text(st, 2, text);
	if (text2)
		db_bind_text(st, 3, text2);
	rc = sdb_run(s, st, what, e);
	db_finalize(st);
	return rc;
}

enum status sqlite_user_update(struct store *base, const char *name,
                               const struct user_change *c, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct user_row old, now_row;
	char now[21], *before = NULL, *after = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = get_user(s, name, &a, &old, e);
	if (rc)
		goto out;
	now_row = old;
	text_now_iso(now);
	if (c->password_hash) {
		now_row.password_at = now;
		rc = exec_user(s,
		               "UPDATE app_user SET password_hash = ?2, password_at = ?3"
		               " WHERE id = ?1",
		               old.id, c->password_hash, now, "changing a password", e);
	}
	if (!rc && c->admin >= 0) {
		now_row.admin = c->admin != 0;
		rc = exec_user(s,
		               c->admin ? "UPDATE app_user SET admin = 1 WHERE id = ?1"
		                        : "UPDATE app_user SET admin = 0 WHERE id = ?1",
		               old.id, NULL, NULL, "changing a user", e);
	}
	if (!rc && c->disabled >= 0) {
		now_row.disabled = c->disabled != 0;
		rc = exec_user(s,
		               c->disabled
		                   ? "UPDATE app_user SET disabled = 1 WHERE id = ?1"
		                   : "UPDATE app_user SET disabled = 0 WHERE id = ?1",
		               old.id, NULL, NULL, "changing a user", e);
	}
	/* A new password or a disabled account ends the sessions it had. */
	if (!rc && (c->password_hash || c->disabled == 1))
		rc = exec_user(s, "DELETE FROM user_session WHERE user_id = ?1", old.id,
		               NULL, NULL, "ending sessions", e);
	if (rc)
		goto out;
	before = user_image(&old, false);
	after = user_image(&now_row, c->password_hash != NULL);
	if (strcmp(before, after))
		rc = sqlite_audit(s, 0, "update", "user", old.name, before, after, e);
out:
	free(before);
	free(after);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

/* The role user_id has on mission_id, in a, or NULL. */
static enum status role_of(struct store_sqlite *s, int64_t user_id, int64_t mission_id,
                           struct arena *a, const char **role, struct err *e)
{
	struct db_stmt *st;
	enum status rc;
	bool row;

	*role = NULL;
	rc = sdb_prepare(s,
	                 "SELECT role FROM user_role WHERE user_id = ?1 AND"
	                 " mission_id = ?2",
	                 0, &st, "reading roles", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, user_id);
	db_bind_int64(st, 2, mission_id);
	rc = sdb_step(s, st, &row, "reading roles", e);
	if (!rc && row)
		*role = sdb_col_text(st, 0, a);
	db_finalize(st);
	return rc;
}

static char *role_image(const char *role)
{
	json_t *j;
	char *t;

	if (!role)
		return NULL;
	j = json_pack("{s:s}", "role", role);
	t = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return t;
}

enum status sqlite_user_role_set(struct store *base, const char *name, int64_t mission_id,
                                 const char *role, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct user_row u;
	const char *old;
	char *before = NULL, *after = NULL;
	struct db_stmt *st = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = get_user(s, name, &a, &u, e);
	if (!rc)
		rc = role_of(s, u.id, mission_id, &a, &old, e);
	if (rc)
		goto out;
	if (!role && !old) {
		rc = err_set(e, ST_NOT_FOUND, "user \"%s\" has no role on this mission",
		             u.name);
		goto out;
	}
	if (role && old && !strcmp(role, old))
		goto out; /* unchanged: nothing written, nothing audited */
	rc = sdb_prepare(s,
	                 role ? "INSERT INTO user_role (user_id, mission_id, role)"
	                        " VALUES (?1, ?2, ?3) ON CONFLICT (user_id, mission_id)"
	                        " DO UPDATE SET role = excluded.role"
	                      : "DELETE FROM user_role WHERE user_id = ?1 AND"
	                        " mission_id = ?2",
	                 0, &st, "storing a role", e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, u.id);
	db_bind_int64(st, 2, mission_id);
	if (role)
		db_bind_text(st, 3, role);
	rc = sdb_run(s, st, "storing a role", e);
	if (rc)
		goto out;
	before = role_image(old);
	after = role_image(role);
	rc = sqlite_audit(s, mission_id,
	                  !old   ? "create"
	                  : role ? "update"
	                         : "delete",
	                  "user_role", u.name, before, after, e);
out:
	db_finalize(st);
	free(before);
	free(after);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

struct role_ctx {
	store_user_role_cb cb;
	void *ctx;
};

static enum status role_row(struct db_stmt *st, void *ctx)
{
	struct role_ctx *l = ctx;
	struct user_role_row r = {
	    .user = db_col_text(st, 0),
	    .mission = db_col_text(st, 1),
	    .mission_id = db_col_int64(st, 2),
	    .role = db_col_text(st, 3),
	};

	return l->cb(l->ctx, &r);
}

enum status sqlite_user_role_list(struct store *base, int64_t user_id,
                                  store_user_role_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct role_ctx l = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(
	    s,
	    "SELECT u.name, m.code, m.id, r.role FROM user_role r"
	    " JOIN app_user u ON u.id = r.user_id"
	    " JOIN mission m ON m.id = r.mission_id"
	    " WHERE CAST(?1 AS BIGINT) = 0"
	    " OR r.user_id = CAST(?1 AS BIGINT) ORDER BY lower(u.name), m.code",
	    0, &st, "listing roles", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, user_id);
	return sdb_each(s, st, role_row, &l, "listing roles", e);
}

enum status sqlite_user_role_get(struct store *base, int64_t user_id, const char *mission,
                                 struct arena *a, const char **role, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_ROLE_GET);
	enum status rc;
	bool row;

	*role = NULL;
	db_bind_int64(st, 1, user_id);
	db_bind_text(st, 2, mission);
	rc = sdb_step(s, st, &row, "reading roles", e);
	if (rc)
		return rc;
	if (row)
		*role = sdb_col_text(st, 0, a);
	db_reset(st);
	return ST_OK;
}
