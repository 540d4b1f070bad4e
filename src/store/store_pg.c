/* store_pg.c - the PostgreSQL back-end: opening, the schema's versions,
 * transactions.  Its operations are the SQLite back-end's, written on
 * db.h, on a libpq connection.
 *
 * Transactions that write take one advisory lock first (WRITE_LOCK), held
 * to their end: writers take turns across every server on the database,
 * as SQLite's BEGIN IMMEDIATE makes them take turns within one.  Each
 * server's writer commits reports in batches, so the turns are few; what
 * a writer reads under the lock (a station's other reports, to find
 * observers who disagree; a report's earlier versions; where the running
 * tallies stand) includes every other server's committed writes, and the
 * change log's sequence follows the order of commits.  Uniqueness (a
 * report's client id, a phone number, an SMS gateway's message id) is
 * also enforced by the database's unique indexes.  Reads that must see one state of the
 * database (the running tallies) run in a REPEATABLE READ transaction.  Several observa
 * servers may open the same database at once: the schema is created or migrated under an
 * advisory lock. */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/db_listen.h"
#include "store/store_pg.h"

/* The advisory lock held while the schema is created or migrated. */
#define SCHEMA_LOCK "7233001"
/* The advisory lock every writing transaction holds. */
#define WRITE_LOCK  "7233002"
#define BEGIN_WRITE "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK ")"

static struct store_ops pg_ops;

static PGconn *conn_of(struct store_sqlite *s)
{
	return db_handle(s->conn);
}

static enum status exec(struct store_sqlite *s, const char *sql, const char *what,
                        struct err *e)
{
	enum status rc = db_exec(s->conn, sql, e);

	if (rc)
		err_prefix(e, "%s: ", what);
	return rc;
}

/* The schema's version, 0 for a database observa never wrote to. */
static enum status read_version(struct store_sqlite *s, int *v, struct err *e)
{
	struct db_stmt *st;
	enum status rc;
	bool row;

	*v = 0;
	rc = sdb_prepare(s, "SELECT version FROM observa_schema", 0, &st,
	                 "reading the schema's version", e);
	if (rc)
		return rc;
	rc = sdb_step(s, st, &row, "reading the schema's version", e);
	if (!rc && row)
		*v = (int)db_col_int64(st, 0);
	db_finalize(st);
	return rc;
}

static enum status set_version(struct store_sqlite *s, int v, struct err *e)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "UPDATE observa_schema SET version = %d", v);
	return exec(s, sql, "recording the schema's version", e);
}

static enum status migrate(struct store_sqlite *s, struct err *e)
{
	int latest = pg_schema_base + pg_migrations_count, v;
	enum status rc;

	rc = exec(s,
	          "BEGIN; SELECT pg_advisory_xact_lock(" SCHEMA_LOCK ");"
	          " CREATE TABLE IF NOT EXISTS observa_schema (version BIGINT NOT NULL);"
	          " INSERT INTO observa_schema (version) SELECT 0"
	          " WHERE NOT EXISTS (SELECT 1 FROM observa_schema)",
	          "preparing the schema", e);
	if (rc)
		goto out;
	rc = read_version(s, &v, e);
	if (rc)
		goto out;
	if (v > latest) {
		rc =
		    err_set(e, ST_UNSUPPORTED,
		            "the database's schema version %d is newer than this observa "
		            "knows (%d); use a newer observa",
		            v, latest);
		goto out;
	}
	if (v == 0) {
		rc = exec(s, pg_schema_base_sql, "creating the schema", e);
		if (!rc)
			rc = set_version(s, v = pg_schema_base, e);
		if (rc)
			goto out;
	}
	for (; v < latest; v++) {
		rc =
		    exec(s, pg_migrations[v - pg_schema_base], "migrating the schema", e);
		if (rc) {
			err_prefix(e, "to version %d: ", v + 1);
			goto out;
		}
		rc = set_version(s, v + 1, e);
		if (rc)
			goto out;
	}
	return exec(s, "COMMIT", "migrating the schema", e);
out:
	db_exec(s->conn, "ROLLBACK", NULL);
	return rc;
}

static enum status pg_open(const char *url, struct store **out, struct err *e)
{
	struct store_sqlite *s = xcalloc(1, sizeof(*s));
	enum status rc;

	*out = NULL;
	store_pg_ops();
	rc = db_open(url, &s->conn, e);
	if (rc)
		goto fail;
	rc = migrate(s, e);
	if (rc)
		goto fail;
	s->base.ops = &pg_ops;
	store_set_actor(&s->base, "system", "local");
	*out = &s->base;
	return ST_OK;
fail:
	store_sqlite_free(s);
	return rc;
}

static void pg_close(struct store *st)
{
	store_sqlite_free((struct store_sqlite *)st);
}

static int pg_schema_version(struct store *st)
{
	struct err e;
	int v;

	err_clear(&e);
	return read_version((struct store_sqlite *)st, &v, &e) ? -1 : v;
}

/* ---- transactions ---- */

static enum status pg_begin(struct store *st, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	enum status rc = exec(s, BEGIN_WRITE, "starting a transaction", e);

	if (!rc)
		s->in_tx = 1;
	return rc;
}

/* A statement that failed inside a transaction makes PostgreSQL refuse
 * the rest of it, and COMMIT then rolls it back without an error: say so
 * instead of reporting success. */
static enum status pg_commit(struct store *st, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	enum status rc;

	sqlite_batches_end(st);
	rc = db_sync(s->conn, e);
	if (rc || PQtransactionStatus(conn_of(s)) == PQTRANS_INERROR) {
		db_exec(s->conn, "ROLLBACK", NULL);
		s->in_tx = 0;
		if (rc) {
			err_prefix(e, "the transaction was rolled back: ");
			return rc;
		}
		return err_set(e, ST_DB,
		               "the transaction was rolled back after a statement in it "
		               "failed");
	}
	rc = exec(s, "NOTIFY " DB_CHANGE_CHANNEL "; COMMIT", "committing", e);
	s->in_tx = 0;
	return rc;
}

static void pg_rollback(struct store *st)
{
	struct store_sqlite *s = (struct store_sqlite *)st;

	sqlite_batches_end(st);
	db_sync(s->conn, NULL);
	if (PQtransactionStatus(conn_of(s)) != PQTRANS_IDLE)
		db_exec(s->conn, "ROLLBACK", NULL);
	s->in_tx = 0;
}

static enum status op_begin(struct store_sqlite *s, bool reading, struct err *e)
{
	enum status rc;

	if (!s->in_tx && !s->op_depth) {
		rc = exec(s,
		          reading ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
		                  : BEGIN_WRITE,
		          reading ? "starting to read" : "starting a change", e);
		if (rc)
			return rc;
		s->op_tx = reading ? 2 : 1;
	} else {
		/* Sent with the change's first statement. */
		rc = db_exec_later(s->conn, "SAVEPOINT op", e);
		if (rc) {
			err_prefix(e, "starting a change: ");
			return rc;
		}
	}
	s->op_depth++;
	return ST_OK;
}

enum status pg_op_begin(struct store_sqlite *s, struct err *e)
{
	return op_begin(s, false, e);
}

enum status pg_read_begin(struct store_sqlite *s, struct err *e)
{
	return op_begin(s, true, e);
}

enum status pg_op_end(struct store_sqlite *s, enum status rc)
{
	struct err e;

	err_clear(&e);
	s->op_depth--;
	if (s->op_tx && !s->op_depth) {
		bool reading = s->op_tx == 2;

		s->op_tx = 0;
		if (!rc)
			rc = db_sync(s->conn, &e) ? e.code : ST_OK;
		if (rc || PQtransactionStatus(conn_of(s)) == PQTRANS_INERROR) {
			db_exec(s->conn, "ROLLBACK", NULL);
			return rc ? rc : ST_DB;
		}
		return db_exec(s->conn,
		               reading ? "COMMIT"
		                       : "NOTIFY " DB_CHANGE_CHANNEL "; COMMIT",
		               &e)
		           ? e.code
		           : ST_OK;
	}
	/* A change whose statements were all answered ends without a round
	 * trip: its RELEASE goes with the next statement.  One with answers
	 * still owed must hear them now, as they decide its outcome. */
	if (!rc && !db_owed(s->conn))
		return db_exec_later(s->conn, "RELEASE op", &e) ? e.code : ST_OK;
	if (!rc && !db_exec_later(s->conn, "RELEASE op", &e) && !db_sync(s->conn, &e))
		return ST_OK;
	if (!rc)
		rc = e.code ? e.code : ST_DB;
	db_sync(s->conn, NULL);
	db_exec(s->conn, "ROLLBACK TO op; RELEASE op", NULL);
	return rc;
}

static enum status pg_savepoint(struct store *st, struct err *e)
{
	return pg_op_begin((struct store_sqlite *)st, e);
}

static enum status pg_release(struct store *st, enum status rc)
{
	return pg_op_end((struct store_sqlite *)st, rc);
}

/* The tallies read one state of the database: a snapshot for the whole
 * read transaction. */
static enum status pg_tally_begin(struct store *st, int *began, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	enum status rc;

	*began = 0;
	if (PQtransactionStatus(conn_of(s)) != PQTRANS_IDLE)
		return ST_OK;
	rc = exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	          "reading where the data stands", e);
	if (!rc)
		*began = 1;
	return rc;
}

static void pg_tally_end(struct store *st, int began)
{
	if (began)
		db_exec(((struct store_sqlite *)st)->conn, "COMMIT", NULL);
}

/* Statistics sampled from every table (a bounded sample: about a second
 * at two million reports), so that the servers' statements are planned
 * for the rows a bulk change brought rather than for empty tables until
 * autovacuum comes by.  Outside a transaction: ANALYZE refuses to run in
 * a read-only one. */
static enum status pg_analyze(struct store *st, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;

	if (s->in_tx || s->op_depth)
		return err_set(e, ST_INVALID,
		               "refreshing statistics inside a transaction");
	return exec(s, "ANALYZE", "refreshing the planner's statistics", e);
}

static enum status pg_analyze_tables(struct store *st, const char *tables, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	char sql[256];

	if (s->op_depth)
		return err_set(e, ST_INVALID, "refreshing statistics inside a change");
	snprintf(sql, sizeof(sql), "ANALYZE %s", tables);
	return exec(s, sql, "refreshing the planner's statistics", e);
}

static void init_ops(void)
{
	extern const struct store_ops store_sqlite_ops;

	pg_ops = store_sqlite_ops;
	pg_ops.scheme = "postgres";
	pg_ops.open = pg_open;
	pg_ops.close = pg_close;
	pg_ops.schema_version = pg_schema_version;
	pg_ops.begin = pg_begin;
	pg_ops.commit = pg_commit;
	pg_ops.rollback = pg_rollback;
	pg_ops.savepoint = pg_savepoint;
	pg_ops.release = pg_release;
	pg_ops.tally_begin = pg_tally_begin;
	pg_ops.tally_end = pg_tally_end;
	pg_ops.analyze = pg_analyze;
	pg_ops.analyze_tables = pg_analyze_tables;
	store_pg_maint_ops(&pg_ops);
}

const struct store_ops *store_pg_ops(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, init_ops);
	return &pg_ops;
}
