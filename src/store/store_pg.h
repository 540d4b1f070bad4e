/* store_pg.h - the PostgreSQL back-end: what its files share.
 *
 * The operations are those of the SQLite back-end's files, written on
 * db.h (struct store_sqlite holds the connection, with no sqlite3 handle
 * under it); this back-end adds opening, the schema and its versions, and
 * transactions.  Not for use outside src/store, except by the store's own
 * unit tests. */
#ifndef OBSERVA_STORE_PG_H
#define OBSERVA_STORE_PG_H

#include "store/store_sqlite.h"

/* The schema of version pg_schema_base in one script, and the migrations
 * after it (store_pg_schema.c). */
extern const char *const pg_schema_base_sql;
extern const int pg_schema_base;
extern const char *const pg_migrations[];
extern const int pg_migrations_count;

/* Set the backup, check, is_empty and restore operations of ops
 * (store_pg_maint.c). */
void store_pg_maint_ops(struct store_ops *ops);

/* The operations table of the PostgreSQL back-end, for store.c. */
const struct store_ops *store_pg_ops(void);

#endif
