/* store_db.c - the store's helpers over db.h: statements prepared once per
 * connection, stepping with errors that name what was being done, walks
 * over rows and pages of listings.  The counterparts of the sqlite_*
 * helpers in store_sqlite.c for operations written against db.h. */
#include <stdlib.h>
#include <string.h>

#include "store/store_sqlite.h"

extern const char *const store_sql_text[SQL__COUNT];

/* A failed step's message in plain words when the database cannot be
 * written or read, else as the back-end gave it. */
static enum status failed(struct store_sqlite *s, enum status rc, const char *what,
                          struct err *e)
{
	if (rc == ST_IO && db_kind(s->conn) == DB_SQLITE)
		sqlite_unwritable(s, what, e);
	return rc;
}

struct db_stmt *sdb_stmt(struct store_sqlite *s, enum sql_stmt id)
{
	struct db_stmt *st = s->dstmts[id];
	struct err e;

	if (st) {
		db_reset(st);
		db_clear_bindings(st);
		return st;
	}
	/* The SQL is fixed and tested, so failure to prepare is a bug. */
	err_clear(&e);
	if (db_prepare(s->conn, store_sql_text[id], 0, &s->dstmts[id], &e)) {
		fprintf(stderr, "observa: bug: cannot prepare statement %d: %s\n",
		        (int)id, e.msg);
		abort();
	}
	return s->dstmts[id];
}

enum status sdb_cached(struct store_sqlite *s, const char *sql, struct db_stmt **st,
                       const char *what, struct err *e)
{
	enum status rc;

	for (int i = 0; i < s->ndcached; i++)
		if (s->dcached[i].sql == sql) {
			*st = s->dcached[i].st;
			return ST_OK;
		}
	rc = sdb_prepare(s, sql, 0, st, what, e);
	if (rc)
		return rc;
	if (s->ndcached < SQLITE_CACHED_MAX) {
		s->dcached[s->ndcached].sql = sql;
		s->dcached[s->ndcached++].st = *st;
	}
	return ST_OK;
}

void sdb_cached_done(struct store_sqlite *s, struct db_stmt *st)
{
	for (int i = 0; i < s->ndcached; i++)
		if (s->dcached[i].st == st) {
			db_reset(st);
			db_clear_bindings(st);
			return;
		}
	db_finalize(st);
}

enum status sdb_prepare(struct store_sqlite *s, const char *sql, unsigned flags,
                        struct db_stmt **st, const char *what, struct err *e)
{
	enum status rc = db_prepare(s->conn, sql, flags, st, e);

	if (rc) {
		*st = NULL;
		err_prefix(e, "%s: ", what);
	}
	return rc;
}

enum status sdb_step(struct store_sqlite *s, struct db_stmt *st, bool *row,
                     const char *what, struct err *e)
{
	enum status rc = db_step_for(st, what, row, e);

	return rc ? failed(s, rc, what, e) : ST_OK;
}

enum status sdb_run(struct store_sqlite *s, struct db_stmt *st, const char *what,
                    struct err *e)
{
	bool row;

	return sdb_step(s, st, &row, what, e);
}

enum status sdb_write(struct store_sqlite *s, struct db_stmt *st, const char *what,
                      struct err *e)
{
	enum status rc = db_write(st, what, e);

	return rc ? failed(s, rc, what, e) : ST_OK;
}

enum status sdb_each(struct store_sqlite *s, struct db_stmt *st,
                     enum status (*row)(struct db_stmt *st, void *ctx), void *ctx,
                     const char *what, struct err *e)
{
	enum status rc;
	bool more;

	while (!(rc = sdb_step(s, st, &more, what, e)) && more) {
		rc = row(st, ctx);
		if (rc)
			break;
	}
	db_finalize(st);
	return rc;
}

const char *sdb_col_text(struct db_stmt *st, int i, struct arena *a)
{
	const char *t = db_col_text(st, i);

	if (!t || !a)
		return t;
	return arena_strndup(a, t, db_col_bytes(st, i));
}

static enum status page_query(struct store_sqlite *s, const struct sdb_page *p,
                              bool counting, int64_t *total, struct err *e)
{
	struct db_stmt *st;
	enum status rc;
	bool more;

	rc = sdb_prepare(s, counting ? p->count_sql : p->rows_sql, 0, &st, p->what, e);
	if (rc)
		return rc;
	p->bind(st, p->arg);
	if (!counting) {
		db_bind_int64(st, p->limit_at, p->limit > 0 ? p->limit : INT64_MAX);
		db_bind_int64(st, p->limit_at + 1, p->offset > 0 ? p->offset : 0);
	}
	while (!(rc = sdb_step(s, st, &more, p->what, e)) && more) {
		if (counting) {
			if (total)
				*total = db_col_int64(st, 0);
			continue;
		}
		rc = p->row(st, p->ctx);
		if (rc)
			break;
	}
	db_finalize(st);
	return rc;
}

enum status sdb_page_run(struct store_sqlite *s, const struct sdb_page *p, int64_t *total,
                         struct err *e)
{
	enum status rc = page_query(s, p, true, total, e);

	if (rc || !p->row)
		return rc;
	return page_query(s, p, false, total, e);
}
