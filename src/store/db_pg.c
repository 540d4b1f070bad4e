/* db_pg.c - db.h on PostgreSQL through libpq: statements prepared on the
 * server under names of their own, values sent as text (blobs as bytes),
 * a statement's rows fetched whole on its first step, or through a
 * cursor a batch at a time for the statements prepared with DB_STREAM.
 * Statements sent ahead of their answers inside a transaction
 * (db_write(), db_exec_later()) go through db_pg_ahead.c. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/db_pg_int.h"

#define BYTEA_OID 17

enum status db_pg_fail(PGconn *c, const PGresult *res, const char *what, struct err *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(c);
	enum status st = ST_DB;
	size_t n = strlen(msg);

	if (state && !strcmp(state, "23505"))
		st = ST_EXISTS;
	else if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") ||
	                   !strcmp(state, "55P03")))
		st = ST_BUSY;
	else if ((state && (!strcmp(state, "53100") || !strcmp(state, "25006"))) ||
	         PQstatus(c) != CONNECTION_OK)
		st = ST_IO;
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	return err_set(e, st, "%s: %.*s", what, (int)n, msg);
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static enum status pg_open(const char *url, struct db **out, struct err *e)
{
	struct db_pg *d = xcalloc(1, sizeof(*d));
	PGresult *res;
	enum status st;

	d->base.kind = DB_POSTGRES;
	d->base.be = &db_pg_backend;
	d->c = PQconnectdb(url);
	if (!d->c || PQstatus(d->c) != CONNECTION_OK) {
		st = db_pg_fail(d->c, NULL, "cannot connect to PostgreSQL", e);
		if (st != ST_IO)
			st = ST_IO;
		e->code = st;
		PQfinish(d->c);
		free(d);
		return st;
	}
	PQsetNoticeProcessor(d->c, quiet, NULL);
	res = PQexec(d->c, "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC';"
	                   " SET client_min_messages = warning");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		st = db_pg_fail(d->c, res, "setting the connection up", e);
		PQclear(res);
		PQfinish(d->c);
		free(d);
		return st;
	}
	PQclear(res);
	*out = &d->base;
	return ST_OK;
}

static void pg_close(struct db *db)
{
	PQfinish(PG(db)->c);
	free(db);
}

static void *pg_handle(struct db *db)
{
	db_pg_settle_quietly(PG(db));
	return PG(db)->c;
}

static enum status pg_exec(struct db *db, const char *sql, struct err *e)
{
	PGresult *res;
	ExecStatusType t;
	enum status st = db_pg_settle(PG(db), e);

	if (st)
		return st;
	res = PQexec(PG(db)->c, sql);
	t = PQresultStatus(res);

	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK && t != PGRES_EMPTY_QUERY)
		st = db_pg_fail(PG(db)->c, res, "running SQL", e);
	PQclear(res);
	return st;
}

static enum status pg_prepare(struct db *db, const char *sql, unsigned flags,
                              struct db_stmt **out, struct err *e)
{
	struct stmt_pg *s;
	int n = 0;
	char *text = db_sql_numbered(sql, &n);

	if (!text)
		return err_set(e, ST_INVALID, "preparing SQL: more than %d parameters",
		               DB_MAX_PARAMS);
	s = xcalloc(1, sizeof(*s));
	s->base.db = db;
	s->sql = text;
	s->flags = flags;
	s->nparams = n;
	s->row = -1;
	s->blob_row = -1;
	snprintf(s->name, sizeof(s->name), "observa_%u", ++PG(db)->next);
	*out = &s->base;
	return ST_OK;
}

static void pg_bind(struct db_stmt *base, int i, int type, const void *v, size_t n)
{
	struct stmt_pg *s = SPG(base);
	char num[40];

	if (i < 1 || i > DB_MAX_PARAMS)
		return;
	i--;
	free(s->vals[i]);
	s->vals[i] = NULL;
	s->lens[i] = 0;
	s->fmts[i] = 0;
	switch (type) {
	case DB_T_INT64:
		snprintf(num, sizeof(num), "%lld", (long long)*(const int64_t *)v);
		s->vals[i] = xstrdup(num);
		break;
	case DB_T_DOUBLE:
		snprintf(num, sizeof(num), "%.17g", *(const double *)v);
		s->vals[i] = xstrdup(num);
		break;
	case DB_T_TEXT:
	case DB_T_TEXT_KEPT:
		s->vals[i] = xmalloc(n + 1);
		memcpy(s->vals[i], v, n);
		s->vals[i][n] = '\0';
		break;
	case DB_T_BLOB:
		s->vals[i] = xmalloc(n ? n : 1);
		memcpy(s->vals[i], v, n);
		s->lens[i] = (int)n;
		s->fmts[i] = 1;
		break;
	default:
		break;
	}
}

/* Forget the current result and any decoded blob. */
static void drop_result(struct stmt_pg *s)
{
	PQclear(s->res);
	s->res = NULL;
	PQfreemem(s->blob);
	s->blob = NULL;
	s->blob_row = -1;
	s->row = -1;
	s->nrows = 0;
}

/* Run the statement: its whole result, or the cursor declared. */
static enum status run(struct stmt_pg *s, const char *what, struct err *e)
{
	struct db_pg *d = PG(s->base.db);
	PGconn *c = d->c;
	const char *const *vals = (const char *const *)s->vals;
	ExecStatusType t;
	enum status st;

	if (d->piped && !(s->flags & DB_STREAM)) {
		/* Out after the statements sent ahead: one round trip. */
		st = db_pg_send_ahead(s, what, e);
		if (!st)
			st = db_pg_drain(d, what, &s->res, e);
		if (st)
			return st;
		s->nrows = PQntuples(s->res);
		s->changes = strtoll(PQcmdTuples(s->res), NULL, 10);
		return ST_OK;
	}
	st = db_pg_settle(d, e);
	if (st)
		return st;
	if (s->flags & DB_STREAM) {
		size_t len = strlen(s->sql) + 64;
		char *decl = xmalloc(len);

		snprintf(decl, len, "DECLARE %s NO SCROLL CURSOR FOR %s", s->name,
		         s->sql);
		s->res =
		    PQexecParams(c, decl, s->nparams, NULL, vals, s->lens, s->fmts, 0);
		free(decl);
		if (PQresultStatus(s->res) != PGRES_COMMAND_OK)
			return db_pg_fail(c, s->res, what, e);
		drop_result(s);
		s->cursor_open = true;
		s->cursor_done = false;
		return ST_OK;
	}
	if (!s->prepared) {
		PGresult *p = PQprepare(c, s->name, s->sql, s->nparams, NULL);

		if (PQresultStatus(p) != PGRES_COMMAND_OK)
			st = db_pg_fail(c, p, what, e);
		PQclear(p);
		if (st)
			return st;
		s->prepared = true;
	}
	s->res = PQexecPrepared(c, s->name, s->nparams, vals, s->lens, s->fmts, 0);
	t = PQresultStatus(s->res);
	if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK)
		return db_pg_fail(c, s->res, what, e);
	s->nrows = PQntuples(s->res);
	s->changes = strtoll(PQcmdTuples(s->res), NULL, 10);
	return ST_OK;
}

/* The cursor's next batch of rows. */
static enum status fetch(struct stmt_pg *s, const char *what, struct err *e)
{
	PGconn *c = PG(s->base.db)->c;
	char sql[64];
	enum status st = db_pg_settle(PG(s->base.db), e);

	if (st)
		return st;
	drop_result(s);
	snprintf(sql, sizeof(sql), "FETCH %d FROM %s", DB_STREAM_ROWS, s->name);
	s->res = PQexec(c, sql);
	if (PQresultStatus(s->res) != PGRES_TUPLES_OK)
		return db_pg_fail(c, s->res, what, e);
	s->nrows = PQntuples(s->res);
	s->cursor_done = s->nrows < DB_STREAM_ROWS;
	return ST_OK;
}

static void close_cursor(struct stmt_pg *s)
{
	char sql[64];

	if (!s->cursor_open)
		return;
	db_pg_settle_quietly(PG(s->base.db));
	snprintf(sql, sizeof(sql), "CLOSE %s", s->name);
	PQclear(PQexec(PG(s->base.db)->c, sql));
	s->cursor_open = false;
}

static enum status pg_step(struct db_stmt *base, bool *row, const char *what,
                           struct err *e)
{
	struct stmt_pg *s = SPG(base);
	enum status st;

	if (!s->ran) {
		s->ran = true;
		st = run(s, what, e);
		if (st)
			return st;
	}
	if (s->cursor_open && s->row + 1 >= s->nrows) {
		if (s->cursor_done) {
			close_cursor(s);
			return ST_OK;
		}
		st = fetch(s, what, e);
		if (st)
			return st;
	}
	if (s->row + 1 < s->nrows) {
		s->row++;
		*row = true;
	} else {
		close_cursor(s);
	}
	return ST_OK;
}

static int pg_column_count(struct db_stmt *s)
{
	return SPG(s)->res ? PQnfields(SPG(s)->res) : 0;
}

/* True when column i of the current row can be read. */
static bool have(struct stmt_pg *s, int i)
{
	return s->res && s->row >= 0 && s->row < s->nrows && i >= 0 &&
	       i < PQnfields(s->res);
}

static bool pg_col_null(struct db_stmt *base, int i)
{
	struct stmt_pg *s = SPG(base);

	return !have(s, i) || PQgetisnull(s->res, s->row, i);
}

static int64_t pg_col_int64(struct db_stmt *base, int i)
{
	struct stmt_pg *s = SPG(base);
	const char *v;

	if (pg_col_null(base, i))
		return 0;
	v = PQgetvalue(s->res, s->row, i);
	if (!strcmp(v, "t"))
		return 1;
	if (!strcmp(v, "f"))
		return 0;
	return strtoll(v, NULL, 10);
}

static double pg_col_double(struct db_stmt *base, int i)
{
	struct stmt_pg *s = SPG(base);

	if (pg_col_null(base, i))
		return 0;
	return strtod(PQgetvalue(s->res, s->row, i), NULL);
}

/* Decode bytea column i of the current row into s->blob, once. */
static bool decode_blob(struct stmt_pg *s, int i)
{
	if (PQftype(s->res, i) != BYTEA_OID)
		return false;
	if (s->blob_row != s->row || s->blob_col != i) {
		PQfreemem(s->blob);
		s->blob = PQunescapeBytea(
		    (const unsigned char *)PQgetvalue(s->res, s->row, i), &s->blob_len);
		s->blob_row = s->row;
		s->blob_col = i;
	}
	return s->blob != NULL;
}

static const char *pg_col_text(struct db_stmt *base, int i)
{
	struct stmt_pg *s = SPG(base);

	if (pg_col_null(base, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

static size_t pg_col_bytes(struct db_stmt *base, int i)
{
	struct stmt_pg *s = SPG(base);

	if (pg_col_null(base, i))
		return 0;
	if (decode_blob(s, i))
		return s->blob_len;
	return (size_t)PQgetlength(s->res, s->row, i);
}

static const void *pg_col_blob(struct db_stmt *base, int i)
{
	struct stmt_pg *s = SPG(base);

	if (pg_col_null(base, i))
		return NULL;
	if (decode_blob(s, i))
		return s->blob;
	return PQgetvalue(s->res, s->row, i);
}

static int64_t pg_changes(struct db_stmt *s)
{
	return SPG(s)->changes;
}

static void pg_reset(struct db_stmt *base)
{
	struct stmt_pg *s = SPG(base);

	close_cursor(s);
	drop_result(s);
	s->ran = false;
}

static void pg_clear(struct db_stmt *base)
{
	struct stmt_pg *s = SPG(base);

	for (int i = 0; i < DB_MAX_PARAMS; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
		s->lens[i] = 0;
		s->fmts[i] = 0;
	}
}

static enum status pg_exec_later(struct db *db, const char *sql, struct err *e);

static void pg_finalize(struct db_stmt *base)
{
	struct stmt_pg *s = SPG(base);

	struct db_pg *d = PG(base->db);

	pg_reset(base);
	for (size_t i = 0; i < d->nowed; i++)
		if (d->owed[i].prep == s)
			d->owed[i].prep = NULL;
	if (s->prepared) {
		char sql[64];

		snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->name);
		if (d->piped) {
			/* After the statement's own runs still in the pipeline. */
			struct err e;

			err_clear(&e);
			if (pg_exec_later(base->db, sql, &e) && !d->has_lost) {
				d->lost = e;
				d->has_lost = true;
			}
		} else {
			PQclear(PQexec(d->c, sql));
		}
	}
	for (int i = 0; i < DB_MAX_PARAMS; i++)
		free(s->vals[i]);
	free(s->sql);
	free(s);
}

/* ---- statements sent ahead ---- */

static enum status pg_write(struct db_stmt *base, const char *what, struct err *e)
{
	struct stmt_pg *s = SPG(base);
	struct db_pg *d = PG(base->db);
	enum status st;
	bool row;

	if (!db_pg_can_send_ahead(d) || (s->flags & DB_STREAM) || d->has_lost)
		return pg_step(base, &row, what, e);
	close_cursor(s);
	drop_result(s);
	st = db_pg_send_ahead(s, what, e);
	if (!st)
		st = db_pg_owe(d, what, NULL, e);
	s->ran = true; /* a db_step() now finds no rows */
	s->changes = -1;
	return st;
}

static enum status pg_exec_later(struct db *db, const char *sql, struct err *e)
{
	struct db_pg *d = PG(db);
	enum status st;

	if (!db_pg_can_send_ahead(d) || d->has_lost)
		return pg_exec(db, sql, e);
	if (d->nowed + 1 > OWED_MAX) {
		st = db_pg_drain(d, NULL, NULL, e);
		if (st)
			return st;
	}
	st = db_pg_pipe_enter(d, e);
	if (st)
		return st;
	if (!PQsendQueryParams(d->c, sql, 0, NULL, NULL, NULL, NULL, 0))
		return db_pg_fail(d->c, NULL, "running SQL", e);
	return db_pg_owe(d, "running SQL", NULL, e);
}

static enum status pg_sync(struct db *db, struct err *e)
{
	return db_pg_settle(PG(db), e);
}

static size_t pg_owed(const struct db *db)
{
	return ((const struct db_pg *)db)->nowed;
}

const struct db_backend db_pg_backend = {
    .open = pg_open,
    .close = pg_close,
    .handle = pg_handle,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind = pg_bind,
    .step = pg_step,
    .column_count = pg_column_count,
    .col_null = pg_col_null,
    .col_int64 = pg_col_int64,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_bytes = pg_col_bytes,
    .col_blob = pg_col_blob,
    .changes = pg_changes,
    .reset = pg_reset,
    .clear = pg_clear,
    .finalize = pg_finalize,
    .write = pg_write,
    .exec_later = pg_exec_later,
    .sync = pg_sync,
    .owed = pg_owed,
};
