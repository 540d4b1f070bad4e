/* store_analyze.h - after a bulk change (an import of thousands of
 * stations, observers or results), tell the database's planner what the
 * tables now hold.  PostgreSQL plans a server's prepared statements from
 * its statistics; on a database filled a minute ago they still describe
 * empty tables, and reports cost several times more until autovacuum
 * samples them.  SQLite needs none. */
#ifndef OBSERVA_STORE_ANALYZE_H
#define OBSERVA_STORE_ANALYZE_H

#include "store/store.h"

/* Refresh the planner's statistics (PostgreSQL's ANALYZE; nothing on
 * SQLite).  Outside a transaction; ST_INVALID inside one. */
enum status store_analyze(struct store *st, struct err *e);

/* The same for tables alone (a comma-separated list of observa's own
 * table names, never from input), inside the transaction of a bulk
 * change: PostgreSQL samples the rows the transaction has written, so
 * that the rest of an import is planned for a table that is no longer
 * empty.  Until then a new database's lookups by mission and code may
 * tie with another index on the mission and walk every row written so
 * far, each checked against every one of the import's savepoints. */
enum status store_analyze_tables(struct store *st, const char *tables, struct err *e);

#endif
