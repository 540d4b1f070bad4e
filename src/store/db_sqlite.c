/* db_sqlite.c - db.h on SQLite: a thin skin over sqlite3, whose own
 * numbered parameters and row-at-a-time stepping db.h already follows. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/db_int.h"

struct db_lite {
	struct db base; /* must be first */
	sqlite3 *h;
};

struct stmt_lite {
	struct db_stmt base; /* must be first */
	sqlite3_stmt *st;
	int64_t changes;
};

#define LITE(d)  ((struct db_lite *)(d))
#define SLITE(s) ((struct stmt_lite *)(s))

/* ST_* for SQLite's last error on h, with what and its message in e. */
static enum status fail(sqlite3 *h, int code, const char *what, struct err *e)
{
	enum status st = ST_DB;

	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		st = ST_BUSY;
	else if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
		st = ST_EXISTS;
	else if ((code & 0xff) == SQLITE_FULL || (code & 0xff) == SQLITE_IOERR ||
	         (code & 0xff) == SQLITE_READONLY)
		st = ST_IO;
	return err_set(e, st, "%s: %s", what,
	               h ? sqlite3_errmsg(h) : sqlite3_errstr(code));
}

static enum status lite_open(const char *url, struct db **out, struct err *e)
{
	struct db_lite *d = xcalloc(1, sizeof(*d));
	const char *path = url + strlen("sqlite:");
	int rc;

	d->base.kind = DB_SQLITE;
	d->base.be = &db_sqlite_backend;
	rc = sqlite3_open_v2(
	    path, &d->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		enum status st =
		    err_set(e, ST_IO, "cannot open %s: %s", path,
		            d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
		sqlite3_close(d->h);
		free(d);
		return st;
	}
	sqlite3_extended_result_codes(d->h, 1);
	sqlite3_busy_timeout(d->h, 5000);
	*out = &d->base;
	return ST_OK;
}

static void lite_close(struct db *db)
{
	sqlite3_close(LITE(db)->h);
	free(db);
}

static void *lite_handle(struct db *db)
{
	return LITE(db)->h;
}

static enum status lite_exec(struct db *db, const char *sql, struct err *e)
{
	int rc = sqlite3_exec(LITE(db)->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? ST_OK : fail(LITE(db)->h, rc, "running SQL", e);
}

static enum status lite_prepare(struct db *db, const char *sql, unsigned flags,
                                struct db_stmt **out, struct err *e)
{
	struct stmt_lite *s;
	sqlite3_stmt *st;
	int rc;

	(void)flags;
	rc = sqlite3_prepare_v2(LITE(db)->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(LITE(db)->h, rc, "preparing SQL", e);
	s = xcalloc(1, sizeof(*s));
	s->base.db = db;
	s->st = st;
	*out = &s->base;
	return ST_OK;
}

static void lite_bind(struct db_stmt *s, int i, int type, const void *v, size_t n)
{
	sqlite3_stmt *st = SLITE(s)->st;

	switch (type) {
	case DB_T_INT64:
		sqlite3_bind_int64(st, i, *(const int64_t *)v);
		break;
	case DB_T_DOUBLE:
		sqlite3_bind_double(st, i, *(const double *)v);
		break;
	case DB_T_TEXT:
		sqlite3_bind_text64(st, i, v, n, SQLITE_TRANSIENT, SQLITE_UTF8);
		break;
	case DB_T_TEXT_KEPT:
		sqlite3_bind_text64(st, i, v, n, SQLITE_STATIC, SQLITE_UTF8);
		break;
	case DB_T_BLOB:
		sqlite3_bind_blob64(st, i, v, n, SQLITE_TRANSIENT);
		break;
	default:
		sqlite3_bind_null(st, i);
	}
}

static enum status lite_step(struct db_stmt *s, bool *row, const char *what,
                             struct err *e)
{
	struct stmt_lite *l = SLITE(s);
	sqlite3 *h = LITE(s->db)->h;
	int rc = sqlite3_step(l->st);

	if (rc == SQLITE_ROW) {
		*row = true;
		return ST_OK;
	}
	if (rc == SQLITE_DONE) {
		l->changes = sqlite3_changes64(h);
		return ST_OK;
	}
	rc = sqlite3_extended_errcode(h);
	sqlite3_reset(l->st);
	return fail(h, rc, what, e);
}

static int lite_column_count(struct db_stmt *s)
{
	return sqlite3_column_count(SLITE(s)->st);
}

static bool lite_col_null(struct db_stmt *s, int i)
{
	return sqlite3_column_type(SLITE(s)->st, i) == SQLITE_NULL;
}

static int64_t lite_col_int64(struct db_stmt *s, int i)
{
	return sqlite3_column_int64(SLITE(s)->st, i);
}

static double lite_col_double(struct db_stmt *s, int i)
{
	return sqlite3_column_double(SLITE(s)->st, i);
}

static const char *lite_col_text(struct db_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(SLITE(s)->st, i);
}

static size_t lite_col_bytes(struct db_stmt *s, int i)
{
	return (size_t)sqlite3_column_bytes(SLITE(s)->st, i);
}

static const void *lite_col_blob(struct db_stmt *s, int i)
{
	sqlite3_stmt *st = SLITE(s)->st;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	/* A zero-length blob reads as NULL in SQLite: give "" instead. */
	return sqlite3_column_bytes(st, i) ? sqlite3_column_blob(st, i) : "";
}

static int64_t lite_changes(struct db_stmt *s)
{
	return SLITE(s)->changes;
}

static void lite_reset(struct db_stmt *s)
{
	sqlite3_reset(SLITE(s)->st);
}

static void lite_clear(struct db_stmt *s)
{
	sqlite3_clear_bindings(SLITE(s)->st);
}

static void lite_finalize(struct db_stmt *s)
{
	sqlite3_finalize(SLITE(s)->st);
	free(s);
}

const struct db_backend db_sqlite_backend = {
    .open = lite_open,
    .close = lite_close,
    .handle = lite_handle,
    .exec = lite_exec,
    .prepare = lite_prepare,
    .bind = lite_bind,
    .step = lite_step,
    .column_count = lite_column_count,
    .col_null = lite_col_null,
    .col_int64 = lite_col_int64,
    .col_double = lite_col_double,
    .col_text = lite_col_text,
    .col_bytes = lite_col_bytes,
    .col_blob = lite_col_blob,
    .changes = lite_changes,
    .reset = lite_reset,
    .clear = lite_clear,
    .finalize = lite_finalize,
};
