/* db_int.h - what db.c shares with its two back-ends, db_sqlite.c and
 * db_pg.c: the connection and statement structures and each back-end's
 * table of functions.  Private to those three files. */
#ifndef OBSERVA_DB_INT_H
#define OBSERVA_DB_INT_H

#include "store/db.h"

struct db_backend {
	enum status (*open)(const char *url, struct db **out, struct err *e);
	void (*close)(struct db *db);
	void *(*handle)(struct db *db);
	enum status (*exec)(struct db *db, const char *sql, struct err *e);
	enum status (*prepare)(struct db *db, const char *sql, unsigned flags,
	                       struct db_stmt **out, struct err *e);
	void (*bind)(struct db_stmt *s, int i, int type, const void *v, size_t n);
	enum status (*step)(struct db_stmt *s, bool *row, const char *what,
	                    struct err *e);
	int (*column_count)(struct db_stmt *s);
	bool (*col_null)(struct db_stmt *s, int i);
	int64_t (*col_int64)(struct db_stmt *s, int i);
	double (*col_double)(struct db_stmt *s, int i);
	const char *(*col_text)(struct db_stmt *s, int i);
	size_t (*col_bytes)(struct db_stmt *s, int i);
	const void *(*col_blob)(struct db_stmt *s, int i);
	int64_t (*changes)(struct db_stmt *s);
	void (*reset)(struct db_stmt *s);
	void (*clear)(struct db_stmt *s);
	void (*finalize)(struct db_stmt *s);
	/* Optional: statements sent ahead of their answers (db_write()). */
	enum status (*write)(struct db_stmt *s, const char *what, struct err *e);
	enum status (*exec_later)(struct db *db, const char *sql, struct err *e);
	enum status (*sync)(struct db *db, struct err *e);
	size_t (*owed)(const struct db *db);
};

/* What a value bound is: the type argument of bind(). */
/* DB_T_TEXT_KEPT: text the caller keeps until the statement is reset
 * (db_bind_text_kept()). */
enum { DB_T_NULL, DB_T_INT64, DB_T_DOUBLE, DB_T_TEXT, DB_T_TEXT_KEPT, DB_T_BLOB };

/* The head of every back-end's connection and statement. */
struct db {
	enum db_kind kind;
	const struct db_backend *be;
};

struct db_stmt {
	struct db *db;
};

extern const struct db_backend db_sqlite_backend;
extern const struct db_backend db_pg_backend;

#endif
