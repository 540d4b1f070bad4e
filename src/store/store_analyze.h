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

#endif
