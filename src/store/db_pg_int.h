/* db_pg_int.h - what db_pg.c (db.h on libpq) shares with db_pg_ahead.c
 * (statements sent ahead of their answers): the connection and statement
 * structures and the pipeline's steps.  Private to those two files. */
#ifndef OBSERVA_DB_PG_INT_H
#define OBSERVA_DB_PG_INT_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "store/db_int.h"

struct stmt_pg;

/* An answer owed by a statement sent ahead. */
struct owed {
	const char *what;     /* static text for its error message */
	struct stmt_pg *prep; /* a PQsendPrepare() of this statement, or NULL */
};

/* At most this many answers are owed at once: more would risk both ends
 * blocking on full socket buffers. */
#define OWED_MAX 256

struct db_pg {
	struct db base; /* must be first */
	PGconn *c;
	unsigned next; /* for statement and cursor names */
	bool piped;    /* in pipeline mode */
	struct owed owed[OWED_MAX];
	size_t nowed;
	/* An error read where it could not be reported (db_finalize()),
	 * reported by the next call that can. */
	bool has_lost;
	struct err lost;
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

/* ST_* for a failed call, e's message starting with what: res (may be
 * NULL) or the connection's error.  ST_EXISTS for a unique violation,
 * ST_BUSY for a serialization failure, deadlock or lock not available,
 * ST_IO for a full disk or a lost connection, ST_DB otherwise. */
enum status db_pg_fail(PGconn *c, const PGresult *res, const char *what, struct err *e);

/* ---- the pipeline (db_pg_ahead.c) ---- */

/* True when statements may go ahead of their answers: inside a
 * transaction, or with a pipeline already open. */
bool db_pg_can_send_ahead(struct db_pg *d);
/* Enter pipeline mode (nothing when already in it). */
enum status db_pg_pipe_enter(struct db_pg *d, struct err *e);
/* Send s in the pipeline, prepared first when it is new; the caller
 * notes its answer owed (db_pg_owe()) or reads it at once
 * (db_pg_drain(own_what)). */
enum status db_pg_send_ahead(struct stmt_pg *s, const char *what, struct err *e);
/* Note an answer owed (prep: the statement a PQsendPrepare() was for, so
 * that a failed one is prepared again); drains when the pipeline is full. */
enum status db_pg_owe(struct db_pg *d, const char *what, struct stmt_pg *prep,
                      struct err *e);
/* Sync, read every answer owed and then, when own_what is given, the one
 * of the statement sent last (its result in *own_res), and leave pipeline
 * mode; the first error in e. */
enum status db_pg_drain(struct db_pg *d, const char *own_what, PGresult **own_res,
                        struct err *e);
/* db_pg_drain() before any other use of the connection; an error kept by
 * db_pg_settle_quietly() is reported first. */
enum status db_pg_settle(struct db_pg *d, struct err *e);
/* db_pg_settle() where no error can be returned: it is kept for the next
 * call that can report it. */
void db_pg_settle_quietly(struct db_pg *d);

#endif
