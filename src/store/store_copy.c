/* store_copy.c - copy a SQLite database into PostgreSQL, table by table,
 * in the order the tables were created (so that a row's references come
 * before it, except a report's later version, which the PostgreSQL
 * schema's deferrable foreign keys allow until the commit). */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "store/store_copy.h"
#include "store/store_sqlite.h"

#define REPORT_EVERY 5000

/* Tables not copied: SQLite's own, and the tallies' log of changes. */
static bool skipped(const char *table)
{
	return !strncmp(table, "sqlite_", 7) || !strcmp(table, "change_log");
}

static enum status lite_fail(sqlite3 *h, const char *what, struct err *e)
{
	return err_set(e, ST_DB, "%s: %s", what, sqlite3_errmsg(h));
}

/* The column list of table, quoted ("a", "b"), and how many. */
static enum status columns(sqlite3 *h, const char *table, struct buf *cols, int *n,
                           struct err *e)
{
	sqlite3_stmt *st;
	int r;

	*n = 0;
	if (sqlite3_prepare_v2(h, "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
	                       -1, &st, NULL) != SQLITE_OK)
		return lite_fail(h, "reading the tables' columns", e);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		buf_appendf(cols, "%s\"%s\"", *n ? ", " : "",
		            (const char *)sqlite3_column_text(st, 0));
		(*n)++;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return lite_fail(h, "reading the tables' columns", e);
	return ST_OK;
}

static int64_t lite_count(sqlite3 *h, const char *table)
{
	char *sql = xasprintf("SELECT COUNT(*) FROM \"%s\"", table);
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	free(sql);
	return n;
}

static enum status pg_count(struct store_sqlite *d, const char *table, int64_t *n,
                            struct err *e)
{
	char *sql = xasprintf("SELECT COUNT(*) FROM \"%s\"", table);
	struct db_stmt *st;
	enum status rc;
	bool row;

	*n = 0;
	rc = sdb_prepare(d, sql, 0, &st, "counting rows", e);
	free(sql);
	if (rc)
		return rc;
	rc = sdb_step(d, st, &row, "counting rows", e);
	if (!rc && row)
		*n = db_col_int64(st, 0);
	db_finalize(st);
	return rc;
}

/* Bind column i of the SQLite row to parameter i + 1, as what it holds. */
static void bind_value(struct db_stmt *ins, sqlite3_stmt *row, int i)
{
	switch (sqlite3_column_type(row, i)) {
	case SQLITE_INTEGER:
		db_bind_int64(ins, i + 1, sqlite3_column_int64(row, i));
		break;
	case SQLITE_FLOAT:
		db_bind_double(ins, i + 1, sqlite3_column_double(row, i));
		break;
	case SQLITE_TEXT:
		db_bind_textn(ins, i + 1, (const char *)sqlite3_column_text(row, i),
		              (size_t)sqlite3_column_bytes(row, i));
		break;
	case SQLITE_BLOB:
		db_bind_blob(ins, i + 1, sqlite3_column_blob(row, i),
		             (size_t)sqlite3_column_bytes(row, i));
		break;
	default:
		db_bind_null(ins, i + 1);
	}
}

static enum status copy_table(sqlite3 *h, struct store_sqlite *d, const char *table,
                              store_copy_cb cb, void *ctx, int64_t *copied, struct err *e)
{
	struct buf cols, sql;
	sqlite3_stmt *src = NULL;
	struct db_stmt *ins = NULL;
	int64_t total = lite_count(h, table), done = 0, there;
	enum status rc;
	int n, r;

	buf_init(&cols, BUF_NO_CAP);
	buf_init(&sql, BUF_NO_CAP);
	rc = columns(h, table, &cols, &n, e);
	if (rc)
		goto out;
	rc = pg_count(d, table, &there, e);
	if (rc)
		goto out;
	if (there) {
		rc = err_set(e, ST_EXISTS,
		             "the PostgreSQL database already holds data (table %s has "
		             "%lld rows): observa migrate copies into an empty database",
		             table, (long long)there);
		goto out;
	}
	buf_appendf(&sql, "SELECT %s FROM \"%s\" ORDER BY rowid", cols.ptr, table);
	if (sqlite3_prepare_v2(h, sql.ptr, -1, &src, NULL) != SQLITE_OK) {
		rc = lite_fail(h, "reading the SQLite database", e);
		goto out;
	}
	buf_reset(&sql);
	buf_appendf(&sql, "INSERT INTO \"%s\" (%s) VALUES (", table, cols.ptr);
	for (int i = 0; i < n; i++)
		buf_appendf(&sql, "%s?%d", i ? ", " : "", i + 1);
	buf_appendf(&sql, ")");
	rc = sdb_prepare(d, sql.ptr, 0, &ins, "writing to PostgreSQL", e);
	if (rc)
		goto out;
	if (cb)
		cb(ctx, table, 0, total);
	while ((r = sqlite3_step(src)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			bind_value(ins, src, i);
		rc = sdb_run(d, ins, "writing to PostgreSQL", e);
		if (rc) {
			err_prefix(e, "table %s, row %lld: ", table, (long long)done + 1);
			goto out;
		}
		db_reset(ins);
		if (++done % REPORT_EVERY == 0 && cb)
			cb(ctx, table, done, total);
	}
	if (r != SQLITE_DONE) {
		rc = lite_fail(h, "reading the SQLite database", e);
		goto out;
	}
	if (cb)
		cb(ctx, table, done, done);
	*copied += done;
out:
	sqlite3_finalize(src);
	if (ins)
		db_finalize(ins);
	buf_release(&cols);
	buf_release(&sql);
	return rc;
}

/* Identity columns go on after the keys copied. */
static enum status restart_keys(struct store_sqlite *d, struct err *e)
{
	return db_exec(
	    d->conn,
	    "DO $$DECLARE r record; BEGIN"
	    " FOR r IN SELECT table_name, column_name FROM information_schema.columns"
	    "  WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP"
	    "  EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L),"
	    "   (SELECT COALESCE(MAX(%I), 0) + 1 FROM %I), false)',"
	    "   r.table_name, r.column_name, r.column_name, r.table_name);"
	    " END LOOP; END$$",
	    e);
}

/* Every table copied holds as many rows on both sides. */
static enum status verify(sqlite3 *h, struct store_sqlite *d, char **tables, size_t n,
                          struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		int64_t there;
		int64_t here = lite_count(h, tables[i]);
		enum status rc = pg_count(d, tables[i], &there, e);

		if (rc)
			return rc;
		if (here != there)
			return err_set(
			    e, ST_DB,
			    "table %s: %lld rows in SQLite but %lld in PostgreSQL",
			    tables[i], (long long)here, (long long)there);
	}
	return ST_OK;
}

enum status store_copy_to_pg(const char *from_url, const char *to_url, store_copy_cb cb,
                             void *ctx, int64_t *rows, struct err *e)
{
	struct store *from = NULL, *to = NULL;
	struct store_sqlite *s, *d;
	sqlite3_stmt *list = NULL;
	char **tables = NULL;
	size_t ntables = 0;
	enum status rc;

	*rows = 0;
	rc = store_open(from_url, &from, e);
	if (rc)
		goto out;
	s = (struct store_sqlite *)from;
	if (db_kind(s->conn) != DB_SQLITE) {
		rc = err_set(e, ST_INVALID, "--from: \"%s\" is not a SQLite database",
		             from_url);
		goto out;
	}
	rc = store_open(to_url, &to, e);
	if (rc)
		goto out;
	d = (struct store_sqlite *)to;
	if (db_kind(d->conn) != DB_POSTGRES) {
		rc = err_set(e, ST_INVALID, "--to: \"%s\" is not a PostgreSQL database",
		             to_url);
		goto out;
	}
	if (store_schema_version(from) != store_schema_version(to)) {
		rc = err_set(e, ST_UNSUPPORTED,
		             "the schema versions differ: %d in SQLite, %d in PostgreSQL",
		             store_schema_version(from), store_schema_version(to));
		goto out;
	}
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT name FROM sqlite_master WHERE type = 'table'"
	                       " ORDER BY rowid",
	                       -1, &list, NULL) != SQLITE_OK) {
		rc = lite_fail(s->db, "listing the tables", e);
		goto out;
	}
	while (sqlite3_step(list) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(list, 0);
		if (skipped(t))
			continue;
		tables = xrealloc(tables, (ntables + 1) * sizeof(*tables));
		tables[ntables++] = xstrdup(t);
	}
	/* One read transaction on SQLite: the copy is of one moment. */
	rc = sqlite_exec(s, "BEGIN", e);
	if (!rc)
		rc = db_exec(d->conn, "BEGIN; SET CONSTRAINTS ALL DEFERRED", e);
	for (size_t i = 0; !rc && i < ntables; i++)
		rc = copy_table(s->db, d, tables[i], cb, ctx, rows, e);
	if (!rc)
		rc = restart_keys(d, e);
	if (!rc) {
		rc = db_exec(d->conn, "COMMIT", e);
		if (rc)
			err_prefix(e, "committing the copy: ");
	} else {
		db_exec(d->conn, "ROLLBACK", NULL);
	}
	if (!rc)
		rc = verify(s->db, d, tables, ntables, e);
	sqlite_exec(s, "COMMIT", NULL);
out:
	sqlite3_finalize(list);
	for (size_t i = 0; i < ntables; i++)
		free(tables[i]);
	free(tables);
	store_close(from);
	store_close(to);
	return rc;
}
