/* store_copy.c - copy an observa database between SQLite and PostgreSQL,
 * table by table, in the order the tables were created (so that a row's
 * references come before it, except a report's later version, for which
 * foreign keys are deferred to the commit on both sides).
 *
 * The SQLite side, source or target, tells the tables, their columns and
 * the columns' declared types, by which each value is read and bound. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "store/store_copy.h"
#include "store/store_sqlite.h"

#define REPORT_EVERY 5000

enum col_type { COL_INT, COL_REAL, COL_BLOB, COL_TEXT };

struct table {
	char *name;
	int ncols;
	enum col_type *types;
	struct buf cols; /* "a", "b", ... */
};

/* Tables not copied: SQLite's own, the tallies' log of changes (rebuilt
 * when a server starts), and the registry's version, which each database
 * keeps for itself (a copy is a change of the target's registry). */
static bool skipped(const char *table)
{
	return !strncmp(table, "sqlite_", 7) || !strcmp(table, "change_log") ||
	       !strcmp(table, "registry_version");
}

static enum status lite_fail(sqlite3 *h, const char *what, struct err *e)
{
	return err_set(e, ST_DB, "%s: %s", what, sqlite3_errmsg(h));
}

static enum col_type type_of(const char *decl)
{
	if (!decl)
		return COL_TEXT;
	if (strstr(decl, "INT"))
		return COL_INT;
	if (strstr(decl, "REAL"))
		return COL_REAL;
	if (strstr(decl, "BLOB"))
		return COL_BLOB;
	return COL_TEXT;
}

static enum status read_columns(sqlite3 *h, struct table *t, struct err *e)
{
	sqlite3_stmt *st;
	int r;

	buf_init(&t->cols, BUF_NO_CAP);
	if (sqlite3_prepare_v2(
	        h, "SELECT name, type FROM pragma_table_info(?1) ORDER BY cid", -1, &st,
	        NULL) != SQLITE_OK)
		return lite_fail(h, "reading the tables' columns", e);
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		buf_appendf(&t->cols, "%s\"%s\"", t->ncols ? ", " : "",
		            (const char *)sqlite3_column_text(st, 0));
		t->types = xrealloc(t->types, (size_t)(t->ncols + 1) * sizeof(*t->types));
		t->types[t->ncols++] = type_of((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? ST_OK : lite_fail(h, "reading the tables' columns", e);
}

static void free_tables(struct table *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].name);
		free(t[i].types);
		buf_release(&t[i].cols);
	}
	free(t);
}

/* The tables of the SQLite database h, in creation order. */
static enum status list_tables(sqlite3 *h, struct table **out, size_t *n, struct err *e)
{
	struct table *t = NULL;
	sqlite3_stmt *st;
	enum status rc = ST_OK;

	*n = 0;
	if (sqlite3_prepare_v2(h,
	                       "SELECT name FROM sqlite_master WHERE type = 'table'"
	                       " ORDER BY rowid",
	                       -1, &st, NULL) != SQLITE_OK)
		return lite_fail(h, "listing the tables", e);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (skipped(name))
			continue;
		t = xrealloc(t, (*n + 1) * sizeof(*t));
		memset(&t[*n], 0, sizeof(*t));
		t[*n].name = xstrdup(name);
		rc = read_columns(h, &t[(*n)++], e);
	}
	sqlite3_finalize(st);
	if (rc) {
		free_tables(t, *n);
		*n = 0;
		t = NULL;
	}
	*out = t;
	return rc;
}

static enum status count_rows(struct store_sqlite *s, const char *table, int64_t *n,
                              struct err *e)
{
	char *sql = xasprintf("SELECT COUNT(*) FROM \"%s\"", table);
	struct db_stmt *st;
	enum status rc;
	bool row;

	*n = 0;
	rc = sdb_prepare(s, sql, 0, &st, "counting rows", e);
	free(sql);
	if (rc)
		return rc;
	rc = sdb_step(s, st, &row, "counting rows", e);
	if (!rc && row)
		*n = db_col_int64(st, 0);
	db_finalize(st);
	return rc;
}

/* Read column i of src's row and bind it to parameter i + 1 of ins. */
static void pass_value(struct db_stmt *ins, struct db_stmt *src, int i, enum col_type t)
{
	if (db_col_null(src, i)) {
		db_bind_null(ins, i + 1);
		return;
	}
	switch (t) {
	case COL_INT:
		db_bind_int64(ins, i + 1, db_col_int64(src, i));
		break;
	case COL_REAL:
		db_bind_double(ins, i + 1, db_col_double(src, i));
		break;
	case COL_BLOB:
		db_bind_blob(ins, i + 1, db_col_blob(src, i), db_col_bytes(src, i));
		break;
	default:
		db_bind_textn(ins, i + 1, db_col_text(src, i), db_col_bytes(src, i));
	}
}

static enum status copy_table(struct store_sqlite *from, struct store_sqlite *to,
                              const struct table *t, store_copy_cb cb, void *ctx,
                              int64_t *copied, struct err *e)
{
	struct db_stmt *src = NULL, *ins = NULL;
	int64_t total, done = 0;
	struct buf sql;
	enum status rc;
	bool row;

	buf_init(&sql, BUF_NO_CAP);
	rc = count_rows(from, t->name, &total, e);
	if (rc)
		goto out;
	buf_appendf(&sql, "SELECT %s FROM \"%s\"", t->cols.ptr, t->name);
	rc =
	    sdb_prepare(from, sql.ptr, DB_STREAM, &src, "reading the source database", e);
	if (rc)
		goto out;
	buf_reset(&sql);
	buf_appendf(&sql, "INSERT INTO \"%s\" (%s) VALUES (", t->name, t->cols.ptr);
	for (int i = 0; i < t->ncols; i++)
		buf_appendf(&sql, "%s?%d", i ? ", " : "", i + 1);
	buf_appendf(&sql, ")");
	rc = sdb_prepare(to, sql.ptr, 0, &ins, "writing the copy", e);
	if (rc)
		goto out;
	if (cb)
		cb(ctx, t->name, 0, total);
	while (!(rc = sdb_step(from, src, &row, "reading the source database", e)) &&
	       row) {
		for (int i = 0; i < t->ncols; i++)
			pass_value(ins, src, i, t->types[i]);
		rc = sdb_run(to, ins, "writing the copy", e);
		if (rc) {
			err_prefix(e, "table %s, row %lld: ", t->name,
			           (long long)done + 1);
			goto out;
		}
		db_reset(ins);
		if (++done % REPORT_EVERY == 0 && cb)
			cb(ctx, t->name, done, total > done ? total : done);
	}
	if (rc)
		goto out;
	if (cb)
		cb(ctx, t->name, done, done);
	*copied += done;
out:
	if (src)
		db_finalize(src);
	if (ins)
		db_finalize(ins);
	buf_release(&sql);
	return rc;
}

/* PostgreSQL's identity columns go on after the keys copied. */
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

static bool is_pg(struct store_sqlite *s)
{
	return db_kind(s->conn) == DB_POSTGRES;
}

/* Open the transactions: a snapshot of the source, the target's writes
 * with foreign keys checked at the commit. */
static enum status begin_both(struct store_sqlite *from, struct store_sqlite *to,
                              struct err *e)
{
	enum status rc = db_exec(
	    from->conn,
	    is_pg(from) ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" : "BEGIN",
	    e);

	if (rc)
		return rc;
	return db_exec(to->conn,
	               is_pg(to) ? "BEGIN; SET CONSTRAINTS ALL DEFERRED"
	                         : "BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON",
	               e);
}

/* The copy; in_tx: the caller has dst's transaction open (and emptied
 * it), and commits it. */
static enum status copy_between(struct store *src, struct store *dst, bool in_tx,
                                store_copy_cb cb, void *ctx, int64_t *rows, struct err *e)
{
	struct store_sqlite *from = (struct store_sqlite *)src,
	                    *to = (struct store_sqlite *)dst;
	struct store_sqlite *lite = is_pg(from) ? to : from;
	struct table *tables = NULL;
	size_t n = 0;
	enum status rc;

	*rows = 0;
	if (is_pg(from) == is_pg(to))
		return err_set(e, ST_INVALID,
		               "copies go from SQLite to PostgreSQL or the other way");
	if (store_schema_version(src) != store_schema_version(dst))
		return err_set(e, ST_UNSUPPORTED, "the schema versions differ: %d and %d",
		               store_schema_version(src), store_schema_version(dst));
	rc = list_tables(lite->db, &tables, &n, e);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && !in_tx && i < n; i++) {
		int64_t there;
		rc = count_rows(to, tables[i].name, &there, e);
		if (!rc && there)
			rc = err_set(
			    e, ST_EXISTS,
			    "the target database already holds data (table %s has "
			    "%lld rows): copies go into an empty database",
			    tables[i].name, (long long)there);
	}
	if (!rc && in_tx)
		rc = db_exec(from->conn,
		             is_pg(from)
		                 ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
		                 : "BEGIN",
		             e);
	else if (!rc)
		rc = begin_both(from, to, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = copy_table(from, to, &tables[i], cb, ctx, rows, e);
	if (!rc && is_pg(to))
		rc = restart_keys(to, e);
	if (in_tx) {
		/* the caller commits */
	} else if (!rc) {
		rc = db_exec(to->conn, "COMMIT", e);
		if (rc)
			err_prefix(e, "committing the copy: ");
	} else {
		db_exec(to->conn, "ROLLBACK", NULL);
	}
	db_exec(from->conn, "COMMIT", NULL);
	/* Every table holds as many rows on both sides. */
	for (size_t i = 0; !rc && i < n; i++) {
		int64_t here, there;
		rc = count_rows(from, tables[i].name, &here, e);
		if (!rc)
			rc = count_rows(to, tables[i].name, &there, e);
		if (!rc && here != there)
			rc = err_set(e, ST_DB,
			             "table %s: %lld rows in the source but %lld copied",
			             tables[i].name, (long long)here, (long long)there);
	}
	free_tables(tables, n);
	return rc;
}

enum status store_copy_between(struct store *src, struct store *dst, store_copy_cb cb,
                               void *ctx, int64_t *rows, struct err *e)
{
	return copy_between(src, dst, false, cb, ctx, rows, e);
}

enum status store_copy_between_in(struct store *src, struct store *dst, store_copy_cb cb,
                                  void *ctx, int64_t *rows, struct err *e)
{
	return copy_between(src, dst, true, cb, ctx, rows, e);
}

enum status store_copy_file(const char *from, const char *to, struct err *e)
{
	FILE *in = fopen(from, "rb"), *out = NULL;
	char chunk[1 << 16];
	enum status rc = ST_OK;
	size_t n;

	if (!in)
		return err_set(e, ST_INVALID, "cannot read %s: %s", from,
		               strerror(errno));
	out = fopen(to, "wb");
	if (!out) {
		fclose(in);
		return err_set(e, ST_IO, "cannot write %s: %s", to, strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		if (fwrite(chunk, 1, n, out) != n) {
			rc = err_set(e, ST_IO, "writing %s: %s", to, strerror(errno));
			break;
		}
	if (!rc && ferror(in))
		rc = err_set(e, ST_IO, "reading %s: %s", from, strerror(errno));
	fclose(in);
	if (fclose(out) && !rc)
		rc = err_set(e, ST_IO, "writing %s: %s", to, strerror(errno));
	if (rc)
		unlink(to);
	return rc;
}

enum status store_copy_to_pg(const char *from_url, const char *to_url, store_copy_cb cb,
                             void *ctx, int64_t *rows, struct err *e)
{
	struct store *from = NULL, *to = NULL;
	enum status rc;

	*rows = 0;
	rc = store_open(from_url, &from, e);
	if (rc)
		goto out;
	if (is_pg((struct store_sqlite *)from)) {
		rc = err_set(e, ST_INVALID, "--from: \"%s\" is not a SQLite database",
		             from_url);
		goto out;
	}
	rc = store_open(to_url, &to, e);
	if (rc)
		goto out;
	if (!is_pg((struct store_sqlite *)to)) {
		rc = err_set(e, ST_INVALID, "--to: \"%s\" is not a PostgreSQL database",
		             to_url);
		goto out;
	}
	rc = store_copy_between(from, to, cb, ctx, rows, e);
out:
	store_close(from);
	store_close(to);
	return rc;
}
