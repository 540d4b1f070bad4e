/* db.c - the database-neutral SQL interface (db.h): choosing the back-end
 * by URL, handing each call to it, and rewriting SQLite's ?N parameters
 * as PostgreSQL's $N. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "store/db_int.h"

enum status db_open(const char *url, struct db **out, struct err *e)
{
	*out = NULL;
	if (!url)
		return err_set(e, ST_INVALID, "no database URL given");
	if (!strncmp(url, "sqlite:", 7))
		return db_sqlite_backend.open(url, out, e);
	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13))
		return db_pg_backend.open(url, out, e);
	return err_set(e, ST_INVALID,
	               "\"%s\" is not a database URL: give sqlite:FILE or "
	               "postgres://USER@HOST/DB",
	               url);
}

void db_close(struct db *db)
{
	if (db)
		db->be->close(db);
}

enum db_kind db_kind(const struct db *db)
{
	return db->kind;
}

void *db_handle(struct db *db)
{
	return db->be->handle(db);
}

enum status db_exec(struct db *db, const char *sql, struct err *e)
{
	return db->be->exec(db, sql, e);
}

enum status db_prepare(struct db *db, const char *sql, unsigned flags,
                       struct db_stmt **out, struct err *e)
{
	*out = NULL;
	return db->be->prepare(db, sql, flags, out, e);
}

void db_bind_null(struct db_stmt *s, int i)
{
	s->db->be->bind(s, i, DB_T_NULL, NULL, 0);
}

void db_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	s->db->be->bind(s, i, DB_T_INT64, &v, sizeof(v));
}

void db_bind_double(struct db_stmt *s, int i, double v)
{
	s->db->be->bind(s, i, DB_T_DOUBLE, &v, sizeof(v));
}

void db_bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v)
		s->db->be->bind(s, i, DB_T_TEXT, v, strlen(v));
	else
		s->db->be->bind(s, i, DB_T_NULL, NULL, 0);
}

void db_bind_text_kept(struct db_stmt *s, int i, const char *v)
{
	if (v)
		s->db->be->bind(s, i, DB_T_TEXT_KEPT, v, strlen(v));
	else
		s->db->be->bind(s, i, DB_T_NULL, NULL, 0);
}

void db_bind_textn(struct db_stmt *s, int i, const char *v, size_t n)
{
	if (v)
		s->db->be->bind(s, i, DB_T_TEXT, v, n);
	else
		s->db->be->bind(s, i, DB_T_NULL, NULL, 0);
}

void db_bind_blob(struct db_stmt *s, int i, const void *v, size_t n)
{
	if (v)
		s->db->be->bind(s, i, DB_T_BLOB, v, n);
	else
		s->db->be->bind(s, i, DB_T_NULL, NULL, 0);
}

enum status db_step(struct db_stmt *s, bool *row, struct err *e)
{
	*row = false;
	return s->db->be->step(s, row, "running SQL", e);
}

enum status db_step_for(struct db_stmt *s, const char *what, bool *row, struct err *e)
{
	*row = false;
	return s->db->be->step(s, row, what, e);
}

void db_clear_bindings(struct db_stmt *s)
{
	s->db->be->clear(s);
}

int db_column_count(struct db_stmt *s)
{
	return s->db->be->column_count(s);
}

bool db_col_null(struct db_stmt *s, int i)
{
	return s->db->be->col_null(s, i);
}

int64_t db_col_int64(struct db_stmt *s, int i)
{
	return s->db->be->col_int64(s, i);
}

double db_col_double(struct db_stmt *s, int i)
{
	return s->db->be->col_double(s, i);
}

const char *db_col_text(struct db_stmt *s, int i)
{
	return s->db->be->col_text(s, i);
}

size_t db_col_bytes(struct db_stmt *s, int i)
{
	return s->db->be->col_bytes(s, i);
}

const void *db_col_blob(struct db_stmt *s, int i)
{
	return s->db->be->col_blob(s, i);
}

int64_t db_changes(struct db_stmt *s)
{
	return s->db->be->changes(s);
}

void db_reset(struct db_stmt *s)
{
	if (s)
		s->db->be->reset(s);
}

void db_finalize(struct db_stmt *s)
{
	if (s)
		s->db->be->finalize(s);
}

/* ---- statements sent ahead of their answers ---- */

enum status db_write(struct db_stmt *s, const char *what, struct err *e)
{
	bool row;

	if (s->db->be->write)
		return s->db->be->write(s, what, e);
	return db_step_for(s, what, &row, e);
}

enum status db_exec_later(struct db *db, const char *sql, struct err *e)
{
	return db->be->exec_later ? db->be->exec_later(db, sql, e)
	                          : db->be->exec(db, sql, e);
}

enum status db_sync(struct db *db, struct err *e)
{
	return db->be->sync ? db->be->sync(db, e) : ST_OK;
}

size_t db_owed(const struct db *db)
{
	return db->be->owed ? db->be->owed(db) : 0;
}

/* ---- ?N to $N ---- */

/* Length of the quoted text (string literal, quoted identifier) or comment
 * starting at p, or 0 when none starts there. */
static size_t skip_quoted(const char *p)
{
	const char *q = p;

	if (*p == '\'' || *p == '"') {
		char quote = *p;
		for (q = p + 1; *q; q++) {
			if (*q == quote && q[1] == quote)
				q++; /* '' or "" inside */
			else if (*q == quote)
				return (size_t)(q - p) + 1;
		}
		return (size_t)(q - p);
	}
	if (p[0] == '-' && p[1] == '-') {
		while (*q && *q != '\n')
			q++;
		return (size_t)(q - p);
	}
	if (p[0] == '/' && p[1] == '*') {
		q = strstr(p + 2, "*/");
		return q ? (size_t)(q - p) + 2 : strlen(p);
	}
	return 0;
}

char *db_sql_numbered(const char *sql, int *nparams)
{
	const char *p = sql;
	struct buf b;
	int max = 0;

	buf_init(&b, BUF_NO_CAP);
	while (*p) {
		size_t n = skip_quoted(p);

		if (n) {
			buf_append(&b, p, n);
			p += n;
		} else if (*p == '?' && p[1] >= '1' && p[1] <= '9') {
			int v = 0;

			p++;
			while (*p >= '0' && *p <= '9' && v <= DB_MAX_PARAMS)
				v = v * 10 + (*p++ - '0');
			if (v > DB_MAX_PARAMS) {
				buf_release(&b);
				return NULL;
			}
			if (v > max)
				max = v;
			buf_appendf(&b, "$%d", v);
		} else {
			buf_appendc(&b, *p);
			p++;
		}
	}
	*nparams = max;
	return buf_detach(&b, NULL);
}
