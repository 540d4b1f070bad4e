/* db_pg.c - db.h on PostgreSQL through libpq: statements prepared on the
 * server under names of their own, values sent as text (blobs as bytes),
 * a statement's rows fetched whole on its first step, or through a
 * cursor a batch at a time for the statements prepared with DB_STREAM. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/db_int.h"

#define BYTEA_OID 17

struct db_pg {
	struct db base; /* must be first */
	PGconn *c;
	unsigned next; /* for statement and cursor names */
};

struct stmt_pg {
	struct db_stmt base; /* must be first */
	char *sql;           /* with $N parameters */
	unsigned flags;
	int nparams;
	char name[24]; /* of the prepared statement and of the cursor */
	bool prepared, ran, cursor_open, cursor_done;
	char *vals[DB_MAX_PARAMS];
	int lens[DB_MAX_PARAMS];
	int fmts[DB_MAX_PARAMS];
	PGresult *res;
	int row, nrows;
	int64_t changes;
	unsigned char *blob; /* a bytea column of the current row, decoded */
	size_t blob_len;
	int blob_row, blob_col;
};

#define PG(d)  ((struct db_pg *)(d))
#define SPG(s) ((struct stmt_pg *)(s))

/* ST_* for a failed call: res (may be NULL) or the connection's error. */
static enum status fail(PGconn *c, const PGresult *res, const char *what, struct err *e)
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
		st = fail(d->c, NULL, "cannot connect to PostgreSQL", e);
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
		st = fail(d->c, res, "setting the connection up", e);
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
	return PG(db)->c;
}

static enum status pg_exec(struct db *db, const char *sql, struct err *e)
{
	PGresult *res = PQexec(PG(db)->c, sql);
	ExecStatusType t = PQresultStatus(res);
	enum status st = ST_OK;

	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK && t != PGRES_EMPTY_QUERY)
		st = fail(PG(db)->c, res, "running SQL", e);
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
	PGconn *c = PG(s->base.db)->c;
	const char *const *vals = (const char *const *)s->vals;
	ExecStatusType t;

	if (s->flags & DB_STREAM) {
		size_t len = strlen(s->sql) + 64;
		char *decl = xmalloc(len);

		snprintf(decl, len, "DECLARE %s NO SCROLL CURSOR FOR %s", s->name,
		         s->sql);
		s->res =
		    PQexecParams(c, decl, s->nparams, NULL, vals, s->lens, s->fmts, 0);
		free(decl);
		if (PQresultStatus(s->res) != PGRES_COMMAND_OK)
			return fail(c, s->res, what, e);
		drop_result(s);
		s->cursor_open = true;
		s->cursor_done = false;
		return ST_OK;
	}
	if (!s->prepared) {
		PGresult *p = PQprepare(c, s->name, s->sql, s->nparams, NULL);
		enum status st = ST_OK;

		if (PQresultStatus(p) != PGRES_COMMAND_OK)
			st = fail(c, p, what, e);
		PQclear(p);
		if (st)
			return st;
		s->prepared = true;
	}
	s->res = PQexecPrepared(c, s->name, s->nparams, vals, s->lens, s->fmts, 0);
	t = PQresultStatus(s->res);
	if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK)
		return fail(c, s->res, what, e);
	s->nrows = PQntuples(s->res);
	s->changes = strtoll(PQcmdTuples(s->res), NULL, 10);
	return ST_OK;
}

/* The cursor's next batch of rows. */
static enum status fetch(struct stmt_pg *s, const char *what, struct err *e)
{
	PGconn *c = PG(s->base.db)->c;
	char sql[64];

	drop_result(s);
	snprintf(sql, sizeof(sql), "FETCH %d FROM %s", DB_STREAM_ROWS, s->name);
	s->res = PQexec(c, sql);
	if (PQresultStatus(s->res) != PGRES_TUPLES_OK)
		return fail(c, s->res, what, e);
	s->nrows = PQntuples(s->res);
	s->cursor_done = s->nrows < DB_STREAM_ROWS;
	return ST_OK;
}

static void close_cursor(struct stmt_pg *s)
{
	char sql[64];

	if (!s->cursor_open)
		return;
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

static void pg_finalize(struct db_stmt *base)
{
	struct stmt_pg *s = SPG(base);

	pg_reset(base);
	if (s->prepared) {
		char sql[64];

		snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->name);
		PQclear(PQexec(PG(base->db)->c, sql));
	}
	for (int i = 0; i < DB_MAX_PARAMS; i++)
		free(s->vals[i]);
	free(s->sql);
	free(s);
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
};
