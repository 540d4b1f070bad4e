/* store_sqlite_credential.c - observers' credentials for ODK clients, on
 * db.h: set (replacing), get by observer, find by token hash.  The audit
 * log records that credentials were made, never a hash. */
#include <jansson.h>

#include "core/text.h"
#include "store/store_sqlite.h"

/* Columns: mission id, mission code, observer id, observer code, PIN hash,
 * created at, Digest HA1 (NULL when made before migration 5). */
static void read_row(struct db_stmt *st, struct arena *a, struct credential_row *out)
{
	out->mission_id = db_col_int64(st, 0);
	out->mission = sdb_col_text(st, 1, a);
	out->observer_id = db_col_int64(st, 2);
	out->observer = sdb_col_text(st, 3, a);
	out->pin_hash = sdb_col_text(st, 4, a);
	out->created_at = sdb_col_text(st, 5, a);
	out->digest_ha1 = db_col_null(st, 6) ? NULL : sdb_col_text(st, 6, a);
}

static enum status get_by_observer(struct store_sqlite *s, int64_t mission_id,
                                   const char *observer, struct arena *a,
                                   struct credential_row *out, struct err *e)
{
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s,
	                 "SELECT c.mission_id, m.code, c.observer_id, o.code,"
	                 " c.pin_hash, c.created_at, c.digest_ha1"
	                 " FROM observer_credential c"
	                 " JOIN mission m ON m.id = c.mission_id"
	                 " JOIN observer o ON o.id = c.observer_id"
	                 " WHERE o.mission_id = ?1 AND o.code = ?2",
	                 0, &st, "reading credentials", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, observer);
	rc = sdb_step(s, st, &row, "reading credentials", e);
	if (!rc && row)
		read_row(st, a, out);
	else if (!rc)
		rc = err_set(e, ST_NOT_FOUND, "observer \"%s\" has no credentials",
		             observer);
	db_finalize(st);
	return rc;
}

enum status sqlite_credential_get(struct store *base, int64_t mission_id,
                                  const char *observer, struct arena *a,
                                  struct credential_row *out, struct err *e)
{
	return get_by_observer((struct store_sqlite *)base, mission_id, observer, a, out,
	                       e);
}

enum status sqlite_credential_find(struct store *base, const char *token_hash,
                                   struct arena *a, struct credential_row *out,
                                   struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_CREDENTIAL_FIND);
	enum status rc;
	bool row;

	db_bind_text(st, 1, token_hash);
	rc = sdb_step(s, st, &row, "reading credentials", e);
	if (rc)
		return rc;
	if (row)
		read_row(st, a, out);
	db_reset(st);
	return row ? ST_OK : err_set(e, ST_NOT_FOUND, "no credentials with this token");
}

/* What the audit log keeps of credentials: whose, and when made. */
static char *audit_text(const char *observer, const char *created_at)
{
	json_t *j =
	    json_pack("{s:s, s:s}", "observer", observer, "created_at", created_at);
	char *t = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(j);
	return t;
}

enum status sqlite_credential_set(struct store *base, int64_t mission_id,
                                  const char *observer, const char *token_hash,
                                  const char *pin_hash, const char *digest_ha1,
                                  enum upsert_result *res, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct credential_row old;
	struct db_stmt *st = NULL;
	char now[21], *before = NULL, *after = NULL;
	int64_t observer_id;
	bool existed;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_observer_id(s, mission_id, observer, &observer_id, e);
	if (rc)
		goto out;
	rc = get_by_observer(s, mission_id, observer, &a, &old, e);
	if (rc && rc != ST_NOT_FOUND)
		goto out;
	existed = rc == ST_OK;
	err_clear(e);
	text_now_iso(now);
	rc = sdb_prepare(s,
	                 "INSERT INTO observer_credential (observer_id, mission_id,"
	                 " token_hash, pin_hash, created_at, digest_ha1)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (observer_id)"
	                 " DO UPDATE SET token_hash = excluded.token_hash,"
	                 " pin_hash = excluded.pin_hash,"
	                 " digest_ha1 = excluded.digest_ha1,"
	                 " created_at = excluded.created_at",
	                 0, &st, "storing credentials", e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, observer_id);
	db_bind_int64(st, 2, mission_id);
	db_bind_text(st, 3, token_hash);
	db_bind_text(st, 4, pin_hash);
	db_bind_text(st, 5, now);
	if (digest_ha1 && *digest_ha1)
		db_bind_text(st, 6, digest_ha1);
	else
		db_bind_null(st, 6);
	rc = sdb_run(s, st, "storing credentials", e);
	if (rc)
		goto out;
	*res = existed ? UPSERT_UPDATED : UPSERT_INSERTED;
	before = existed ? audit_text(observer, old.created_at) : NULL;
	after = audit_text(observer, now);
	rc = sqlite_audit(s, mission_id, existed ? "update" : "create", "credential",
	                  observer, before, after, e);
out:
	db_finalize(st);
	free(before);
	free(after);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}
