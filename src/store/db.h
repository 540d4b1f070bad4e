/* db.h - one way to run SQL on either of observa's databases, SQLite
 * (embedded) and PostgreSQL (several servers on one database), so that the
 * store's operations are written once and give the same answers on both.
 *
 * SQL is written in the common subset of the two dialects, with numbered
 * parameters ?1, ?2 ... (SQLite's own form; rewritten to $1, $2 ... for
 * PostgreSQL outside quotes).  Where the dialects differ, db_kind() picks
 * the text.  A parameter whose type the query does not fix (`?1 IS NULL`)
 * is written CAST(?1 AS BIGINT) or CAST(?1 AS TEXT), which both read.
 * New rows' keys come back with RETURNING id, which both understand.
 *
 * Values bound are copied: the caller's buffers may go once bound.  Text
 * and blobs read from a row live until the next db_step(), db_reset() or
 * db_finalize() of that statement.
 *
 * On PostgreSQL a statement's rows are fetched whole when it is first
 * stepped, so other statements may run on the connection while its rows
 * are read, as SQLite allows; a statement prepared with DB_STREAM reads
 * its rows through a cursor, DB_STREAM_ROWS at a time, for scans of
 * millions of rows, and must then run inside a transaction. */
#ifndef OBSERVA_DB_H
#define OBSERVA_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum db_kind { DB_SQLITE, DB_POSTGRES };

struct db;
struct db_stmt;

/* Flags of db_prepare(). */
#define DB_STREAM 1u /* PostgreSQL: read the rows through a cursor */

#define DB_STREAM_ROWS 2000

/* Open the database at url: "sqlite:PATH" (created when missing) or
 * "postgres://..." / "postgresql://..." (libpq's URI form).  ST_INVALID
 * for any other URL; ST_DB or ST_IO with the library's message when the
 * database cannot be opened.  The connection's text is UTF-8 and its
 * clock UTC. */
enum status db_open(const char *url, struct db **out /* OUT */, struct err *e);
void db_close(struct db *db);

enum db_kind db_kind(const struct db *db);

/* The SQLite handle or libpq connection under db (sqlite3 *, PGconn *),
 * for what this interface does not cover (SQLite's online backup). */
void *db_handle(struct db *db);

/* Run sql, one or more statements without parameters or rows wanted. */
enum status db_exec(struct db *db, const char *sql, struct err *e);

/* Prepare sql (one statement, parameters ?1 .. ?N, N <= DB_MAX_PARAMS). */
#define DB_MAX_PARAMS 64
enum status db_prepare(struct db *db, const char *sql, unsigned flags,
                       struct db_stmt **out /* OUT */, struct err *e);

/* Bind parameter i (from 1).  A NULL v binds SQL NULL. */
void db_bind_null(struct db_stmt *s, int i);
void db_bind_int64(struct db_stmt *s, int i, int64_t v);
void db_bind_double(struct db_stmt *s, int i, double v);
void db_bind_text(struct db_stmt *s, int i, const char *v);
void db_bind_textn(struct db_stmt *s, int i, const char *v, size_t n);
/* As db_bind_text(), for text that stays valid and unchanged until the
 * statement is reset: SQLite reads it in place instead of copying it (on
 * the intake's hot path, a report's dozen strings).  PostgreSQL copies. */
void db_bind_text_kept(struct db_stmt *s, int i, const char *v);
void db_bind_blob(struct db_stmt *s, int i, const void *v, size_t n);

/* Run the statement or go to its next row: ST_OK with *row true when a
 * row is there to read, false when there are no more (or none: INSERT
 * without RETURNING).  Errors: ST_EXISTS for a unique or primary key
 * violation, ST_BUSY when the database is locked or the transaction must
 * be retried (PostgreSQL's serialization failures and deadlocks), ST_IO
 * when the disk is full, ST_DB otherwise; e says what with the
 * database's message. */
enum status db_step(struct db_stmt *s, bool *row /* OUT */, struct err *e);

/* db_step() with e's message starting with what ("reading observers")
 * rather than "running SQL". */
enum status db_step_for(struct db_stmt *s, const char *what, bool *row /* OUT */,
                        struct err *e);

/* Columns of the current row, from 0. */
int db_column_count(struct db_stmt *s);
bool db_col_null(struct db_stmt *s, int i);
int64_t db_col_int64(struct db_stmt *s, int i);
double db_col_double(struct db_stmt *s, int i);
const char *db_col_text(struct db_stmt *s, int i); /* NULL for NULL */
size_t db_col_bytes(struct db_stmt *s, int i);     /* of text or blob */
const void *db_col_blob(struct db_stmt *s, int i); /* NULL for NULL */

/* Rows changed by the statement's last run (INSERT, UPDATE, DELETE). */
int64_t db_changes(struct db_stmt *s);

/* Make the statement ready to run again; its bindings stay. */
void db_reset(struct db_stmt *s);
/* Bind NULL to every parameter. */
void db_clear_bindings(struct db_stmt *s);
void db_finalize(struct db_stmt *s);

/* Statements whose answers are not needed at once.  db_write() runs a
 * statement whose rows and change count the caller will not read, and
 * db_exec_later() one SQL statement without parameters.  On PostgreSQL,
 * inside a transaction, both may go out later, together with the next
 * statement that needs an answer (libpq's pipeline mode: one round trip
 * for many statements), so that an error of theirs is reported by that
 * statement, or by db_sync(), which reads every answer still owed.  On
 * SQLite, and on PostgreSQL outside a transaction, they run at once.  A
 * caller that must know such a write succeeded calls db_sync(); every
 * other call on the connection syncs first, and when that reports an
 * error its own statement is not run (call db_sync() before a ROLLBACK
 * that must run whatever happened). */
enum status db_write(struct db_stmt *s, const char *what, struct err *e);
enum status db_exec_later(struct db *db, const char *sql, struct err *e);
enum status db_sync(struct db *db, struct err *e);
/* The answers still owed: 0 after db_sync(), always 0 on SQLite. */
size_t db_owed(const struct db *db);

/* The PostgreSQL text of sql: ?N made $N outside quotes and comments.
 * Exposed for tests.  Returns a malloc()ed string, or NULL when sql names
 * a parameter past DB_MAX_PARAMS; *nparams gets the highest N. */
char *db_sql_numbered(const char *sql, int *nparams /* OUT */);

#endif
