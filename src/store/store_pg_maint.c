/* store_pg_maint.c - backup, restore and checks on PostgreSQL.
 *
 * A backup of a PostgreSQL database is an observa SQLite file: the same
 * tables copied from a snapshot (REPEATABLE READ) while the servers keep
 * writing, so one kind of backup file serves both back-ends, opens with
 * every observa command, and restores into either.  pg_dump remains the
 * database administrator's tool for the whole cluster. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "store/store_copy.h"
#include "store/store_pg.h"

/* Rows copied in all, for a store_progress_cb. */
struct rows_seen {
	store_progress_cb cb;
	void *ctx;
	long long before; /* rows of the tables already copied */
};

static void rows_progress(void *ctx, const char *table, int64_t done, int64_t total)
{
	struct rows_seen *r = ctx;

	(void)table;
	if (r->cb)
		r->cb(r->ctx, r->before + done, r->before + total);
	if (done == total)
		r->before += total;
}

static enum status pg_backup(struct store *st, const char *path, store_progress_cb cb,
                             void *ctx, struct err *e)
{
	struct rows_seen seen = {cb, ctx, 0};
	struct store *lite = NULL;
	char tmp[PATH_MAX], *url;
	int64_t rows;
	enum status rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.partial", path) >= sizeof(tmp))
		return err_set(e, ST_INVALID, "backup path too long: %s", path);
	if (unlink(tmp) && errno != ENOENT)
		return err_set(e, ST_IO, "cannot remove %s: %s", tmp, strerror(errno));
	url = xasprintf("sqlite:%s", tmp);
	rc = store_open(url, &lite, e);
	free(url);
	if (!rc)
		rc = store_copy_between(st, lite, rows_progress, &seen, &rows, e);
	/* One file that stands on its own: no WAL beside it. */
	if (!rc)
		rc = sqlite_exec((struct store_sqlite *)lite,
		                 "PRAGMA journal_mode = DELETE", e);
	store_close(lite);
	if (!rc && (store_sync_path(tmp, O_RDONLY) || rename(tmp, path) ||
	            store_sync_dir_of(path)))
		rc = err_set(e, ST_IO, "finishing the backup %s: %s", path,
		             strerror(errno));
	if (rc) {
		char side[PATH_MAX + 8];
		unlink(tmp);
		snprintf(side, sizeof(side), "%s-wal", tmp);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", tmp);
		unlink(side);
	}
	return rc;
}

/* observa's own rules, as store_check() names them; PostgreSQL enforces
 * the foreign keys itself and checks its pages. */
static const struct {
	const char *check, *sql, *fmt;
} rules[] = {
    {"versions",
     "SELECT s.id, s.superseded_by FROM submission s"
     " WHERE s.superseded_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submission n"
     " WHERE n.id = s.superseded_by AND n.supersedes = s.id"
     " AND n.version = s.version + 1) ORDER BY s.id",
     "report %lld: superseded by report %lld, which is not its next version"},
    {"versions",
     "SELECT n.id, n.supersedes FROM submission n"
     " WHERE n.supersedes IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submission s"
     " WHERE s.id = n.supersedes AND s.superseded_by = n.id) ORDER BY n.id",
     "report %lld: replaces report %lld, which does not say it was superseded by it"},
    {"sms",
     "SELECT m.id, m.submission_id FROM sms_in m"
     " WHERE m.submission_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submission s"
     " WHERE s.id = m.submission_id) ORDER BY m.id",
     "message %lld: names report %lld, which does not exist"},
};

static enum status pg_check(struct store *st, store_problem_cb cb, void *ctx,
                            int64_t *problems, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	int latest = pg_schema_base + pg_migrations_count;
	int v = store_schema_version(st);
	enum status rc = ST_OK;
	char detail[160];
	int64_t n = 0;

	if (v != latest) {
		snprintf(detail, sizeof(detail),
		         "schema version %d; this observa writes version %d", v, latest);
		n++;
		if (cb)
			rc = cb(ctx, "schema", detail);
	}
	for (size_t i = 0; !rc && i < sizeof(rules) / sizeof(rules[0]); i++) {
		struct db_stmt *q;
		bool row;

		rc = sdb_prepare(s, rules[i].sql, 0, &q, rules[i].check, e);
		while (!rc && !(rc = sdb_step(s, q, &row, rules[i].check, e)) && row) {
			snprintf(detail, sizeof(detail), rules[i].fmt,
			         (long long)db_col_int64(q, 0),
			         (long long)db_col_int64(q, 1));
			n++;
			if (cb)
				rc = cb(ctx, rules[i].check, detail);
		}
		if (q)
			db_finalize(q);
	}
	if (problems)
		*problems = n;
	return rc;
}

/* Each of observa's tables but the registry's version (which a database
 * keeps for itself), one statement at a time. */
static enum status each_table(struct store_sqlite *s,
                              enum status (*fn)(struct store_sqlite *s, const char *t,
                                                void *ctx, struct err *e),
                              void *ctx, struct err *e)
{
	struct db_stmt *q;
	enum status rc;
	bool row;

	rc = sdb_prepare(
	    s,
	    "SELECT table_name FROM information_schema.tables"
	    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	    " AND table_name NOT IN ('observa_schema', 'registry_version')"
	    " ORDER BY table_name",
	    0, &q, "listing the tables", e);
	while (!rc && !(rc = sdb_step(s, q, &row, "listing the tables", e)) && row)
		rc = fn(s, db_col_text(q, 0), ctx, e);
	if (q)
		db_finalize(q);
	return rc;
}

static enum status any_row(struct store_sqlite *s, const char *t, void *ctx,
                           struct err *e)
{
	bool *empty = ctx;
	char *sql = xasprintf("SELECT 1 FROM \"%s\" LIMIT 1", t);
	struct db_stmt *q;
	enum status rc;
	bool row = false;

	rc = sdb_prepare(s, sql, 0, &q, "reading the tables", e);
	free(sql);
	if (!rc) {
		rc = sdb_step(s, q, &row, "reading the tables", e);
		db_finalize(q);
	}
	if (row)
		*empty = false;
	return rc;
}

static enum status pg_is_empty(struct store *st, bool *empty, struct err *e)
{
	*empty = true;
	return each_table((struct store_sqlite *)st, any_row, empty, e);
}

/* Empty every table, audit log included, inside the caller's transaction. */
static enum status truncate_one(struct store_sqlite *s, const char *t, void *ctx,
                                struct err *e)
{
	char *sql = xasprintf("TRUNCATE \"%s\" RESTART IDENTITY CASCADE", t);
	enum status rc = db_exec(s->conn, sql, e);

	(void)ctx;
	free(sql);
	return rc;
}

static enum status pg_restore(struct store *st, const char *path, store_progress_cb cb,
                              void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	struct rows_seen seen = {cb, ctx, 0};
	struct store *lite = NULL;
	char tmp[PATH_MAX], *url;
	int64_t rows, problems = 0;
	enum status rc;

	/* The backup is read from a copy, brought to the current schema there:
	 * the file itself is left as it is. */
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.restoring", path) >= sizeof(tmp))
		return err_set(e, ST_INVALID, "backup path too long: %s", path);
	rc = store_copy_file(path, tmp, e);
	if (rc)
		return rc;
	url = xasprintf("sqlite:%s", tmp);
	rc = store_open(url, &lite, e);
	free(url);
	if (rc) {
		err_prefix(e, "%s is not a backup observa can restore: ", path);
		rc = ST_INVALID;
		goto out;
	}
	rc = store_check(lite, NULL, NULL, &problems, e);
	if (!rc && problems)
		rc = err_set(e, ST_INVALID,
		             "%s fails its check (%lld problems; observa check --db %s "
		             "lists them): nothing restored",
		             path, (long long)problems, path);
	/* Emptied and filled in one transaction: all of it or nothing. */
	if (!rc)
		rc = db_exec(
		    s->conn,
		    "BEGIN; SET CONSTRAINTS ALL DEFERRED;"
		    " ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate",
		    e);
	if (!rc) {
		rc = each_table(s, truncate_one, NULL, e);
		if (!rc)
			rc = db_exec(
			    s->conn,
			    "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate",
			    e);
		if (!rc)
			rc = store_copy_between_in(lite, st, rows_progress, &seen, &rows,
			                           e);
		/* Servers running on the database forget what they remembered
		 * of the registry (registry_cache.h). */
		if (!rc)
			rc = db_exec(s->conn,
			             "UPDATE registry_version SET n = n + 1 WHERE id = 1",
			             e);
		if (!rc)
			rc = db_exec(s->conn, "COMMIT", e);
		else
			db_exec(s->conn, "ROLLBACK", NULL);
	}
out:
	store_close(lite);
	unlink(tmp);
	{
		char side[PATH_MAX + 8];
		snprintf(side, sizeof(side), "%s-wal", tmp);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", tmp);
		unlink(side);
	}
	return rc;
}

void store_pg_maint_ops(struct store_ops *ops)
{
	ops->backup = pg_backup;
	ops->check = pg_check;
	ops->is_empty = pg_is_empty;
	ops->restore = pg_restore;
}
