/* store_sqlite.c - the embedded SQLite back-end: opening, migrations,
 * transactions, the statement cache and the audit log writer.
 *
 * The database runs in WAL mode with synchronous=FULL, so a commit that
 * returned is on disk, and with foreign keys enforced. */
#include <pthread.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "store/store_sqlite.h"

extern const struct store_ops store_sqlite_ops;

/* A new report; a taken client id gives no row rather than an error,
 * which on PostgreSQL would abort the writer's whole batch. */
#define SUB_INSERT                                                                       \
	"INSERT INTO submission (mission_id, client_id, form, form_version, station_id," \
	" observer_id, observed_at, received_at, channel, answers, comment, problems,"   \
	" status, content_hash, version, supersedes, sent_by, origin)"                   \
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "    \
	"?16,"                                                                           \
	" ?17, ?18)"                                                                     \
	" ON CONFLICT (mission_id, client_id) WHERE client_id IS NOT NULL DO NOTHING"

const char *const store_sql_text[SQL__COUNT] = {
    [SQL_MISSION_INSERT] = "INSERT INTO mission (code, name, organisation, election_type,"
                           " election_date, country, long_term_start, long_term_end,"
                           " short_term_start, short_term_end, settings, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                           " RETURNING id",
    [SQL_MISSION_UPDATE] =
        "UPDATE mission SET name = ?2, organisation = ?3, election_type = ?4,"
        " election_date = ?5, country = ?6, long_term_start = ?7,"
        " long_term_end = ?8, short_term_start = ?9, short_term_end = ?10,"
        " settings = ?11 WHERE code = ?1",
    [SQL_MISSION_GET] =
        "SELECT id, code, name, organisation, election_type, election_date,"
        " country, long_term_start, long_term_end, short_term_start,"
        " short_term_end, settings, created_at FROM mission WHERE code = ?1",
    [SQL_LOCATION_GET] =
        "SELECT l.id, l.code, l.name, l.level, p.code, l.registered_voters,"
        " l.latitude, l.longitude, l.stratum FROM location l"
        " LEFT JOIN location p ON p.id = l.parent_id"
        " WHERE l.mission_id = ?1 AND l.code = ?2",
    /* A location and its parent named in an import, in one read: two
     * lookups by the unique key, which any planner takes the key's index
     * for, even before a new database has statistics (with "code IN"
     * PostgreSQL's generic plan did not). */
    [SQL_LOCATION_GET_PAIR] =
        "SELECT l.id, l.code, l.name, l.level, p.code, l.registered_voters,"
        " l.latitude, l.longitude, l.stratum FROM location l"
        " LEFT JOIN location p ON p.id = l.parent_id"
        " WHERE l.mission_id = ?1 AND l.code = ?2"
        " UNION ALL "
        "SELECT l.id, l.code, l.name, l.level, p.code, l.registered_voters,"
        " l.latitude, l.longitude, l.stratum FROM location l"
        " LEFT JOIN location p ON p.id = l.parent_id"
        " WHERE l.mission_id = ?1 AND l.code = CAST(?3 AS TEXT)",
    [SQL_LOCATION_INSERT] =
        "INSERT INTO location (mission_id, code, name, level, parent_id,"
        " registered_voters, latitude, longitude, stratum)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [SQL_LOCATION_UPDATE] =
        "UPDATE location SET name = ?3, level = ?4, parent_id = ?5,"
        " registered_voters = ?6, latitude = ?7, longitude = ?8, stratum = ?9"
        " WHERE mission_id = ?1 AND code = ?2",
    /* A batch of upserts (store_sqlite_location_batch.c): every location
     * read once, then each written with its parent named by code, which
     * may be a location written earlier in the same batch. */
    [SQL_LOCATION_ALL] =
        "SELECT l.id, l.code, l.name, l.level, p.code, l.registered_voters,"
        " l.latitude, l.longitude, l.stratum FROM location l"
        " LEFT JOIN location p ON p.id = l.parent_id WHERE l.mission_id = ?1",
    [SQL_LOCATION_INSERT_UNDER] =
        "INSERT INTO location (mission_id, code, name, level, parent_id,"
        " registered_voters, latitude, longitude, stratum)"
        " VALUES (?1, ?2, ?3, ?4, (SELECT id FROM location"
        " WHERE mission_id = ?1 AND code = CAST(?5 AS TEXT)), ?6, ?7, ?8, ?9)",
    [SQL_LOCATION_UPDATE_UNDER] =
        "UPDATE location SET name = ?3, level = ?4, parent_id = (SELECT p.id"
        " FROM location p WHERE p.mission_id = ?1 AND p.code = CAST(?5 AS TEXT)),"
        " registered_voters = ?6, latitude = ?7, longitude = ?8, stratum = ?9"
        " WHERE mission_id = ?1 AND code = ?2",
    [SQL_ORG_GET] = "SELECT id FROM organisation WHERE mission_id = ?1 AND name = ?2",
    [SQL_ORG_INSERT] =
        "INSERT INTO organisation (mission_id, name) VALUES (?1, ?2) RETURNING id",
    /* PostgreSQL has no group_concat: observer_get_pg in
     * store_sqlite_observer.c stands for this there. */
    [SQL_OBSERVER_GET] =
        "SELECT o.id, o.code, o.full_name, g.name, o.country, o.role,"
        " (SELECT group_concat(phone, ';') FROM (SELECT phone FROM observer_phone"
        "   WHERE observer_id = o.id ORDER BY position)),"
        " o.email, o.languages, o.team, o.accreditation_status, o.badge_number,"
        " o.requested_on, o.decided_on, o.id_document FROM observer o"
        " LEFT JOIN organisation g ON g.id = o.organisation_id"
        " WHERE o.mission_id = ?1 AND o.code = ?2",
    [SQL_OBSERVER_INSERT] =
        "INSERT INTO observer (mission_id, code, full_name, organisation_id,"
        " country, role, email, languages, team, accreditation_status,"
        " badge_number, requested_on, decided_on, id_document)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
        " RETURNING id",
    [SQL_OBSERVER_UPDATE] =
        "UPDATE observer SET full_name = ?3, organisation_id = ?4, country = ?5,"
        " role = ?6, email = ?7, languages = ?8, team = ?9,"
        " accreditation_status = ?10, badge_number = ?11, requested_on = ?12,"
        " decided_on = ?13, id_document = ?14 WHERE mission_id = ?1 AND code = ?2",
    [SQL_PHONES_DELETE] = "DELETE FROM observer_phone WHERE observer_id = ?1",
    /* A batch of observers (store_sqlite_observer_batch.c): written
     * without waiting for their keys, their phones found by code. */
    [SQL_OBSERVER_INSERT_BATCH] =
        "INSERT INTO observer (mission_id, code, full_name, organisation_id,"
        " country, role, email, languages, team, accreditation_status,"
        " badge_number, requested_on, decided_on, id_document)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [SQL_PHONES_DELETE_BY_CODE] =
        "DELETE FROM observer_phone WHERE observer_id ="
        " (SELECT id FROM observer WHERE mission_id = ?1 AND code = ?2)",
    [SQL_PHONE_INSERT_BY_CODE] =
        "INSERT INTO observer_phone (mission_id, phone, observer_id, position)"
        " VALUES (?1, ?2, (SELECT id FROM observer WHERE mission_id = ?1"
        " AND code = ?3), ?4)",
    [SQL_ORG_ALL] = "SELECT id, name FROM organisation WHERE mission_id = ?1",
    [SQL_PHONE_OWNER] =
        "SELECT o.code FROM observer_phone p JOIN observer o ON o.id = p.observer_id"
        " WHERE p.mission_id = ?1 AND p.phone = ?2 AND p.observer_id <> ?3",
    [SQL_PHONE_INSERT] =
        "INSERT INTO observer_phone (mission_id, phone, observer_id, position)"
        " VALUES (?1, ?2, ?3, ?4)",
    [SQL_SAVEPOINT] = "SAVEPOINT op",
    [SQL_RELEASE] = "RELEASE op",
    [SQL_ROLLBACK_TO] = "ROLLBACK TO op",
    [SQL_STATION_ID] =
        "SELECT id, level FROM location WHERE mission_id = ?1 AND code = ?2",
    [SQL_OBSERVER_ID] = "SELECT id FROM observer WHERE mission_id = ?1 AND code = ?2",
    [SQL_OBSERVER_CODE] = "SELECT code FROM observer WHERE mission_id = ?1 AND id = ?2",
    [SQL_LOCATION_KEYS] = "SELECT id, code, level FROM location WHERE mission_id = ?1",
    [SQL_OBSERVER_KEYS] = "SELECT id, code FROM observer WHERE mission_id = ?1",
    [SQL_SUB_BY_CLIENT] = "SELECT id, content_hash, version, superseded_by, status"
                          " FROM submission WHERE mission_id = ?1 AND client_id = ?2",
    [SQL_SUB_INSERT] = SUB_INSERT " RETURNING id",
    /* SQLite gives the new row's id without RETURNING, which collects
     * its rows in a temporary table: a B-tree opened and closed for every
     * report the writer stores. */
    [SQL_SUB_INSERT_ROWID] = SUB_INSERT,
    [SQL_SUB_SUPERSEDE] = "UPDATE submission SET superseded_by = ?2 WHERE id = ?1",
    [SQL_SUB_GET] = SQLITE_SUBMISSION_COLUMNS " WHERE s.mission_id = ?1 AND s.id = ?2",
    /* SUB_BY_IDS_BATCH reports by key (store_submission_by_ids); "+" so
     * that no planner walks an index led by the mission instead
     * (test_store_plans.c). */
    [SQL_SUB_BY_IDS] = SQLITE_SUBMISSION_COLUMNS
    " WHERE +s.mission_id = ?1 AND s.id IN ("
    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
    "?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, "
    "?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47, ?48, ?49, ?50, ?51, "
    "?52, ?53, ?54, ?55, ?56, ?57, ?58, ?59, ?60, ?61, ?62, ?63, ?64"
    ") ORDER BY s.id DESC",
    [SQL_ASSIGNMENT_INSERT] = "INSERT INTO assignment (mission_id, observer_id,"
                              " station_id, day) VALUES (?1, ?2, ?3, ?4)"
                              " ON CONFLICT (mission_id, observer_id, station_id, day)"
                              " DO NOTHING",
    [SQL_SUB_PEERS] = SQLITE_SUBMISSION_COLUMNS
    " WHERE s.mission_id = ?1 AND s.station_id = (SELECT id FROM location"
    " WHERE mission_id = ?1 AND code = ?2) AND s.form = ?3"
    " AND s.superseded_by IS NULL AND s.status <> 'rejected' AND o.code <> ?4"
    " ORDER BY s.id",
    [SQL_CONFLICT_PUT] =
        "INSERT INTO conflict (mission_id, station_id, form, tag, vals)"
        " VALUES (?1, (SELECT id FROM location WHERE mission_id = ?1 AND code = ?2),"
        " ?3, ?4, ?5)"
        " ON CONFLICT (mission_id, station_id, form, tag) DO UPDATE SET"
        " vals = excluded.vals,"
        " resolved_value = CASE WHEN conflict.vals = excluded.vals"
        " THEN conflict.resolved_value END,"
        " resolved_by = CASE WHEN conflict.vals = excluded.vals"
        " THEN conflict.resolved_by END,"
        " resolved_at = CASE WHEN conflict.vals = excluded.vals"
        " THEN conflict.resolved_at END",
    [SQL_CONFLICT_CLEAR] =
        "DELETE FROM conflict WHERE mission_id = ?1 AND station_id ="
        " (SELECT id FROM location WHERE mission_id = ?1 AND code = ?2) AND form = ?3"
        /* ",tag," is not in ",?4,": replacing it changes nothing (no
         * instr() on PostgreSQL, no strpos() on SQLite). */
        " AND replace(',' || CAST(?4 AS TEXT) || ',', ',' || tag || ',', '')"
        " = ',' || CAST(?4 AS TEXT) || ','",
    [SQL_ALERT_ADD] = "INSERT INTO alert (mission_id, submission_id, tag, value, message,"
                      " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [SQL_FORMS_REV] = "SELECT forms_rev FROM mission WHERE id = ?1",
    [SQL_CREDENTIAL_FIND] =
        "SELECT c.mission_id, m.code, c.observer_id, o.code, c.pin_hash, c.created_at,"
        " c.digest_ha1"
        " FROM observer_credential c JOIN mission m ON m.id = c.mission_id"
        " JOIN observer o ON o.id = c.observer_id WHERE c.token_hash = ?1",
    [SQL_ATTACHMENT_ADD] =
        "INSERT INTO submission_attachment (submission_id, name, content_type, size,"
        " hash, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        " ON CONFLICT (submission_id, name) DO NOTHING",
    [SQL_RECEIVED_ADD] =
        "INSERT INTO received (mission_id, channel, observer, received_at, raw,"
        " problems, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    [SQL_STATION_REPORTS] =
        "SELECT s.id, s.observer_id, s.answers FROM submission s"
        " WHERE s.mission_id = ?1 AND s.station_id = ?2 AND s.id <> ?4"
        " AND s.form = ?3 AND s.superseded_by IS NULL AND s.status <> 'rejected'"
        " ORDER BY s.id",
    [SQL_AUDIT_INSERT] =
        "INSERT INTO audit_log (at, actor, origin, mission_id, action, entity,"
        " entity_key, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    /* Accounts, on every request (store_sqlite_sessions.c, _tokens.c). */
    [SQL_SESSION_FIND] =
        "SELECT s.id, s.id_hash, s.csrf, s.user_id, u.name, u.admin, u.disabled,"
        " s.created_at, s.last_seen, s.expires_at, s.idle_seconds, s.client"
        " FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE s.id_hash = ?1",
    [SQL_TOKEN_FIND] =
        "SELECT t.id, t.hash, t.user_id, u.name, u.admin, u.disabled, t.scope,"
        " t.created_at, t.expires_at, t.revoked, t.last_used"
        " FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.hash = ?1",
    [SQL_ROLE_GET] =
        "SELECT r.role FROM user_role r JOIN mission m ON m.id = r.mission_id"
        " WHERE r.user_id = ?1 AND m.code = ?2",
    /* Once per request of a server (registry_cache.c). */
    [SQL_REGISTRY_VERSION] = "SELECT n FROM registry_version WHERE id = 1",
};

sqlite3_stmt *sqlite_stmt(struct store_sqlite *s, enum sql_stmt id)
{
	sqlite3_stmt *st = s->stmts[id];

	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	/* The SQL is fixed and tested, so failure to prepare is a bug. */
	if (sqlite3_prepare_v3(s->db, store_sql_text[id], -1, SQLITE_PREPARE_PERSISTENT,
	                       &s->stmts[id], NULL) != SQLITE_OK) {
		fprintf(stderr, "observa: bug: cannot prepare statement %d: %s\n",
		        (int)id, sqlite3_errmsg(s->db));
		abort();
	}
	return s->stmts[id];
}

enum status sqlite_fail(struct store_sqlite *s, const char *what, struct err *e)
{
	int code = sqlite3_extended_errcode(s->db);
	enum status st = ST_DB;

	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		st = ST_BUSY;
	else if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
		st = ST_EXISTS;
	else if (sqlite_unwritable(s, what, e))
		return ST_IO;
	return err_set(e, st, "%s: %s", what, sqlite3_errmsg(s->db));
}

void sqlite_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

const char *sqlite_col_text(sqlite3_stmt *st, int i, struct arena *a)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	if (!t)
		return NULL;
	if (!a)
		return (const char *)t;
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
}

enum status sqlite_audit(struct store_sqlite *s, int64_t mission_id, const char *action,
                         const char *entity, const char *key, const char *before,
                         const char *after, struct err *e)
{
	struct db_stmt *st = sdb_stmt(s, SQL_AUDIT_INSERT);
	char now[21];

	text_now_iso(now);
	db_bind_text(st, 1, now);
	db_bind_text(st, 2, s->base.actor);
	db_bind_text(st, 3, s->base.origin);
	if (mission_id)
		db_bind_int64(st, 4, mission_id);
	db_bind_text(st, 5, action);
	db_bind_text(st, 6, entity);
	db_bind_text(st, 7, key);
	db_bind_text(st, 8, before);
	db_bind_text(st, 9, after);
	return sdb_write(s, st, "writing the audit log", e);
}

enum status sqlite_each(struct store_sqlite *s, sqlite3_stmt *st,
                        enum status (*row)(sqlite3_stmt *st, void *ctx), void *ctx,
                        const char *what, struct err *e)
{
	enum status rc = ST_OK;
	int r;

	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		rc = row(st, ctx);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, what, e);
	sqlite3_finalize(st);
	return rc;
}

static enum status run_page_query(struct store_sqlite *s, const struct sqlite_page *p,
                                  int counting, int64_t *total, struct err *e)
{
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(s->db, counting ? p->count_sql : p->rows_sql, -1, &st,
	                       NULL) != SQLITE_OK)
		return sqlite_fail(s, p->what, e);
	p->bind(st, p->arg);
	if (!counting) {
		sqlite3_bind_int64(st, p->limit_at, p->limit > 0 ? p->limit : -1);
		sqlite3_bind_int64(st, p->limit_at + 1, p->offset > 0 ? p->offset : 0);
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (counting) {
			if (total)
				*total = sqlite3_column_int64(st, 0);
			continue;
		}
		rc = p->row(st, p->ctx);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, p->what, e);
	sqlite3_finalize(st);
	return rc;
}

enum status sqlite_page_run(struct store_sqlite *s, const struct sqlite_page *p,
                            int64_t *total, struct err *e)
{
	enum status rc = run_page_query(s, p, 1, total, e);

	if (rc || !p->row)
		return rc;
	return run_page_query(s, p, 0, total, e);
}

/* ---- opening and migrations ---- */

static enum status exec(struct store_sqlite *s, const char *sql, struct err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		enum status rc = sqlite_fail(s, "database", e);
		sqlite3_free(msg);
		return rc;
	}
	return ST_OK;
}

enum status sqlite_exec(struct store_sqlite *s, const char *sql, struct err *e)
{
	return exec(s, sql, e);
}

/* Savepoints are prepared once: intake opens one per submission.  A
 * change made outside any transaction (the command line while a server
 * takes reports) first takes the write lock with BEGIN IMMEDIATE, waiting
 * for it as long as the busy timeout allows.  A savepoint alone would
 * begin a read, and SQLite refuses at once, without waiting, a read that
 * turns into a write while another connection writes ("database is
 * locked"). */
static enum status lite_begin(struct store_sqlite *s, bool reading, struct err *e)
{
	/* Reads inside a savepoint or transaction already share its snapshot
	 * and have nothing to undo: no SQL (a report's handler opens one
	 * inside the router's, for instance). */
	if (reading && s->op_depth > 0 && s->op_depth < 64 &&
	    !sqlite3_get_autocommit(s->db)) {
		s->op_unsaved |= (uint64_t)1 << s->op_depth;
		s->op_depth++;
		return ST_OK;
	}
	if (!reading && sqlite3_get_autocommit(s->db)) {
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return sqlite_fail(s, "starting a change", e);
		sqlite_unreported_begun(s);
		s->op_tx = s->op_depth + 1;
	}
	if (sqlite3_step(sqlite_stmt(s, SQL_SAVEPOINT)) != SQLITE_DONE) {
		enum status rc = sqlite_fail(s, "starting a change", e);
		if (s->op_tx == s->op_depth + 1) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			s->op_tx = 0;
		}
		return rc;
	}
	s->op_depth++;
	return ST_OK;
}

enum status sqlite_op_begin(struct store_sqlite *s, struct err *e)
{
	return s->db ? lite_begin(s, false, e) : pg_op_begin(s, e);
}

enum status sqlite_read_begin(struct store_sqlite *s, struct err *e)
{
	return s->db ? lite_begin(s, true, e) : pg_read_begin(s, e);
}

enum status sqlite_op_end(struct store_sqlite *s, enum status rc)
{
	if (!s->db)
		return pg_op_end(s, rc);
	if (s->op_depth > 0 && s->op_depth <= 64 &&
	    s->op_unsaved & (uint64_t)1 << (s->op_depth - 1)) {
		s->op_unsaved &= ~((uint64_t)1 << (s->op_depth - 1));
		s->op_depth--;
		return rc;
	}
	if (rc)
		sqlite3_step(sqlite_stmt(s, SQL_ROLLBACK_TO));
	if (sqlite3_step(sqlite_stmt(s, SQL_RELEASE)) != SQLITE_DONE && !rc)
		rc = ST_DB;
	/* As RELEASE would have committed a change begun by its savepoint. */
	if (s->op_tx && s->op_tx == s->op_depth) {
		s->op_tx = 0;
		if (!rc && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			rc = ST_DB;
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	if (s->op_depth > 0)
		s->op_depth--;
	return rc;
}

static int user_version(struct store_sqlite *s)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static enum status migrate(struct store_sqlite *s, int target, struct err *e)
{
	enum status rc;
	int v;
	char sql[64];

	/* Most opens find the schema current: they need not wait for the
	 * write lock (a server's writer holds it while it commits). */
	if (user_version(s) == target)
		return ST_OK;
	rc = exec(s, "BEGIN IMMEDIATE", e);
	if (rc)
		return rc;
	v = user_version(s);
	if (v > sqlite_schema_latest) {
		rc =
		    err_set(e, ST_UNSUPPORTED,
		            "the database's schema version %d is newer than this observa "
		            "knows (%d); use a newer observa",
		            v, sqlite_schema_latest);
		goto out;
	}
	for (; v >= 0 && v < target; v++) {
		rc = exec(s, sqlite_migrations[v], e);
		if (rc) {
			err_prefix(e, "migrating the schema to version %d: ", v + 1);
			goto out;
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		rc = exec(s, sql, e);
		if (rc)
			goto out;
	}
	return exec(s, "COMMIT", e);
out:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

enum status sqlite_cached(struct store_sqlite *s, const char *sql, sqlite3_stmt **st,
                          const char *what, struct err *e)
{
	for (int i = 0; i < s->ncached; i++)
		if (s->cached[i].sql == sql) {
			*st = s->cached[i].st;
			return ST_OK;
		}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) !=
	    SQLITE_OK) {
		*st = NULL;
		return sqlite_fail(s, what, e);
	}
	if (s->ncached < SQLITE_CACHED_MAX) {
		s->cached[s->ncached].sql = sql;
		s->cached[s->ncached++].st = *st;
	}
	return ST_OK;
}

void sqlite_cached_done(struct store_sqlite *s, sqlite3_stmt *st)
{
	for (int i = 0; i < s->ncached; i++)
		if (s->cached[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return;
		}
	sqlite3_finalize(st);
}

void sqlite_batches_end(struct store *st)
{
	sqlite_location_batch_end(st);
	sqlite_observer_batch_end(st);
	sqlite_assignment_batch_end(st);
}

static void sqlite_close(struct store *st)
{
	store_sqlite_free((struct store_sqlite *)st);
}

void store_sqlite_free(struct store_sqlite *s)
{
	sqlite_batches_end(&s->base);
	sqlite_unreported_free(s);
	for (int i = 0; i < SQL__COUNT; i++)
		sqlite3_finalize(s->stmts[i]);
	for (int i = 0; i < s->ncached; i++)
		sqlite3_finalize(s->cached[i].st);
	for (int i = 0; i < SQL__COUNT; i++)
		if (s->dstmts[i])
			db_finalize(s->dstmts[i]);
	for (int i = 0; i < s->ndcached; i++)
		db_finalize(s->dcached[i].st);
	if (s->conn)
		db_close(s->conn);
	free(s);
}

/* SQLite's memory statistics take a global mutex on every allocation,
 * which the writer and the readers then fight over; observa reads none of
 * them.  Must run before SQLite initialises, hence once, at first open. */
/* Statement journals kept in memory up to this size (see below). */
#define STMT_JOURNAL_IN_MEMORY (2 << 20)

static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* A savepoint keeps the pages it changes in a statement journal,
	 * which SQLite writes to a temporary file past 64 KiB, one system
	 * call a page, and keeps there to the end of the transaction: the
	 * writer's batch of SMS messages, each read in savepoints, wrote two
	 * thirds of its pages there (docs/performance.md).  In memory up to
	 * 2 MiB instead: the journal is emptied whenever the last savepoint
	 * is released, which the writer does after each job, so a job's
	 * pages never reach that.  The size is also the size of the piece
	 * SQLite allocates, below the server's mmap threshold (server.c), so
	 * that each job does not map and unmap it; a statement changing more
	 * (a migration rewriting every report) still goes to a file, as
	 * before, rather than into memory. */
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STMT_JOURNAL_IN_MEMORY);
}

enum status store_sqlite_open_at(const char *path, int target, struct store **out,
                                 struct err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct store_sqlite *s = xcalloc(1, sizeof(*s));
	enum status rc;
	char *url = xasprintf("sqlite:%s", path);

	*out = NULL;
	pthread_once(&once, configure_sqlite);
	rc = db_open(url, &s->conn, e);
	free(url);
	if (rc)
		goto fail; /* "cannot open PATH: why" */
	s->db = db_handle(s->conn);
	sqlite3_busy_timeout(s->db, 10000);
	/* journal_mode answers a row, so it goes through exec like the rest. */
	rc = exec(s,
	          "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	          " PRAGMA foreign_keys = ON;"
	          /* No memory-mapped reads: a connection unmaps the whole
	           * file at the start of every read transaction that follows
	           * another connection's commit, and maps it again page by
	           * page (munmap, page faults, TLB shootdowns on every core),
	           * which under a stream of commits costs more than reading
	           * the few pages a request needs. */
	          " PRAGMA mmap_size = 0; PRAGMA cache_size = -8192;",
	          e);
	if (rc) {
		err_prefix(e, "opening %s: ", path);
		goto fail;
	}
	rc = migrate(s, target, e);
	if (rc)
		goto fail;
	s->base.ops = &store_sqlite_ops;
	store_set_actor(&s->base, "system", "local");
	*out = &s->base;
	return ST_OK;
fail:
	sqlite_close(&s->base);
	return rc;
}

static enum status sqlite_open(const char *path, struct store **out, struct err *e)
{
	return store_sqlite_open_at(path, sqlite_schema_latest, out, e);
}

static int sqlite_schema_version(struct store *st)
{
	return user_version((struct store_sqlite *)st);
}

/* ---- transactions ---- */

static enum status sqlite_begin(struct store *st, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	enum status rc = exec(s, "BEGIN IMMEDIATE", e);

	if (!rc) {
		s->in_tx = 1;
		sqlite_unreported_begun(s);
	}
	return rc;
}

static enum status sqlite_commit(struct store *st, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	enum status rc;

	sqlite_batches_end(st);
	if (s->in_tx && sqlite3_get_autocommit(s->db)) {
		s->in_tx = 0;
		return err_set(e, ST_IO,
		               "the database cannot be written: the transaction was "
		               "rolled back after a write failed");
	}
	rc = exec(s, "COMMIT", e);

	if (!rc)
		s->in_tx = 0;
	return rc;
}

static void sqlite_rollback(struct store *st)
{
	struct store_sqlite *s = (struct store_sqlite *)st;

	sqlite_batches_end(st);
	if (s->in_tx || !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
}

static enum status sqlite_savepoint(struct store *st, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;

	/* An I/O error or a full disk can make SQLite roll the whole
	 * transaction back by itself: a savepoint now would start a new one,
	 * and what follows would be committed on its own. */
	if (s->in_tx && sqlite3_get_autocommit(s->db))
		return err_set(e, ST_IO,
		               "the database cannot be written: the transaction was "
		               "rolled back after an earlier write failed");
	return sqlite_op_begin(s, e);
}

static enum status sqlite_release(struct store *st, enum status rc)
{
	return sqlite_op_end((struct store_sqlite *)st, rc);
}

/* Reads only: a savepoint here, as sqlite_savepoint() makes; on
 * PostgreSQL a read-only transaction that takes no write lock. */
static enum status sqlite_read_savepoint(struct store *st, struct err *e)
{
	return sqlite_read_begin((struct store_sqlite *)st, e);
}

/* SQLite plans observa's queries from their indexes alone (where it
 * could choose wrongly the SQL says which index): no statistics to keep. */
static enum status sqlite_analyze(struct store *st, struct err *e)
{
	(void)st;
	(void)e;
	return ST_OK;
}

static enum status sqlite_analyze_tables(struct store *st, const char *tables,
                                         struct err *e)
{
	(void)st;
	(void)tables;
	(void)e;
	return ST_OK;
}

const struct store_ops store_sqlite_ops = {
    .scheme = "sqlite",
    .open = sqlite_open,
    .close = sqlite_close,
    .schema_version = sqlite_schema_version,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .savepoint = sqlite_savepoint,
    .release = sqlite_release,
    .mission_create = sqlite_mission_create,
    .mission_update = sqlite_mission_update,
    .mission_get = sqlite_mission_get,
    .mission_list = sqlite_mission_list,
    .location_upsert = sqlite_location_upsert,
    .location_batch_begin = sqlite_location_batch_begin,
    .location_batch_end = sqlite_location_batch_end,
    .observer_batch_begin = sqlite_observer_batch_begin,
    .observer_batch_end = sqlite_observer_batch_end,
    .assignment_batch_begin = sqlite_assignment_batch_begin,
    .assignment_batch_end = sqlite_assignment_batch_end,
    .location_get = sqlite_location_get,
    .location_list = sqlite_location_list,
    .location_check_tree = sqlite_location_check_tree,
    .observer_upsert = sqlite_observer_upsert,
    .observer_get = sqlite_observer_get,
    .observer_list = sqlite_observer_list,
    .observer_tally = sqlite_observer_tally,
    .audit_list = sqlite_audit_list,
    .form_put = sqlite_form_put,
    .form_get = sqlite_form_get,
    .form_list = sqlite_form_list,
    .forms_revision = sqlite_forms_revision,
    .registry_version = sqlite_registry_version,
    .choices_replace = sqlite_choices_replace,
    .choices_list = sqlite_choices_list,
    .submission_put = sqlite_submission_put,
    .submission_get = sqlite_submission_get,
    .submission_list = sqlite_submission_list,
    .submission_versions = sqlite_submission_versions,
    .submission_by_ids = sqlite_submission_by_ids,
    .submission_review = sqlite_submission_review,
    .submission_peers = sqlite_submission_peers,
    .observer_id = sqlite_observer_key,
    .conflict_put = sqlite_conflict_put,
    .conflict_clear = sqlite_conflict_clear,
    .conflict_list = sqlite_conflict_list,
    .conflict_resolve = sqlite_conflict_resolve,
    .alert_add = sqlite_alert_add,
    .alert_list = sqlite_alert_list,
    .assignment_put = sqlite_assignment_put,
    .assignment_list = sqlite_assignment_list,
    .coverage_rows = sqlite_coverage_rows,
    .credential_set = sqlite_credential_set,
    .credential_get = sqlite_credential_get,
    .credential_find = sqlite_credential_find,
    .attachment_add = sqlite_attachment_add,
    .attachment_list = sqlite_attachment_list,
    .attachment_get = sqlite_attachment_get,
    .received_add = sqlite_received_add,
    .received_list = sqlite_received_list,
    .sms_config_get = sqlite_sms_config_get,
    .sms_config_put = sqlite_sms_config_put,
    .observer_by_phone = sqlite_observer_by_phone,
    .sms_in_add = sqlite_sms_in_add,
    .sms_in_recent = sqlite_sms_in_recent,
    .sms_in_finish = sqlite_sms_in_finish,
    .sms_in_get = sqlite_sms_in_get,
    .sms_in_list = sqlite_sms_in_list,
    .sms_in_pending = sqlite_sms_in_pending,
    .sms_out_add = sqlite_sms_out_add,
    .sms_out_due = sqlite_sms_out_due,
    .sms_out_update = sqlite_sms_out_update,
    .sms_out_delivery = sqlite_sms_out_delivery,
    .sms_out_list = sqlite_sms_out_list,
    .sms_audience = sqlite_sms_audience,
    .pvt_sample_put = sqlite_pvt_sample_put,
    .pvt_sample_get = sqlite_pvt_sample_get,
    .pvt_sample_list = sqlite_pvt_sample_list,
    .pvt_sample_clear = sqlite_pvt_sample_clear,
    .official_put = sqlite_official_put,
    .official_list = sqlite_official_list,
    .submission_scan = sqlite_submission_scan,
    .conflict_scan = sqlite_conflict_scan,
    .statement_block_put = sqlite_statement_block_put,
    .statement_block_list = sqlite_statement_block_list,
    .meeting_add = sqlite_meeting_add,
    .meeting_update = sqlite_meeting_update,
    .meeting_find = sqlite_meeting_find,
    .meeting_get = sqlite_meeting_get,
    .meeting_delete = sqlite_meeting_delete,
    .meeting_list = sqlite_meeting_list,
    .document_add = sqlite_document_add,
    .document_list = sqlite_document_list,
    .document_get = sqlite_document_get,
    .export_prepare = sqlite_export_prepare,
    .export_last_id = sqlite_export_last_id,
    .export_observers = sqlite_export_observers,
    .export_accreditation = sqlite_export_accreditation,
    .export_locations = sqlite_export_locations,
    .export_submissions = sqlite_export_submissions,
    .export_sms_in = sqlite_export_sms_in,
    .export_official = sqlite_export_official,
    .station_reports = sqlite_station_reports,
    .location_key = sqlite_location_key,
    .observer_code = sqlite_observer_code,
    .location_keys = sqlite_location_keys,
    .observer_keys = sqlite_observer_keys,
    .document_delete = sqlite_document_delete,
    .user_create = sqlite_user_create,
    .user_get = sqlite_user_get,
    .user_list = sqlite_user_list,
    .user_count = sqlite_user_count,
    .user_update = sqlite_user_update,
    .user_role_set = sqlite_user_role_set,
    .user_role_list = sqlite_user_role_list,
    .user_role_get = sqlite_user_role_get,
    .session_create = sqlite_session_create,
    .session_find = sqlite_session_find,
    .session_touch = sqlite_session_touch,
    .session_delete = sqlite_session_delete,
    .token_create = sqlite_token_create,
    .token_find = sqlite_token_find,
    .token_list = sqlite_token_list,
    .token_revoke = sqlite_token_revoke,
    .token_touch = sqlite_token_touch,
    .tally_begin = sqlite_tally_begin,
    .tally_end = sqlite_tally_end,
    .tally_marks = sqlite_tally_marks,
    .tally_reports = sqlite_tally_reports,
    .tally_changes = sqlite_tally_changes,
    .tally_conflicts = sqlite_tally_conflicts,
    .backup = sqlite_backup,
    .check = sqlite_check,
    .is_empty = sqlite_is_empty,
    .restore = sqlite_restore,
    .pvt_reports = sqlite_pvt_reports,
    .alert_select = sqlite_alert_select,
    .sms_out_claim = sqlite_sms_out_claim,
    .read_savepoint = sqlite_read_savepoint,
    .analyze = sqlite_analyze,
    .analyze_tables = sqlite_analyze_tables,
    .audit_note = sqlite_audit_note,
};
