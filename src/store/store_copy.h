/* store_copy.h - moving a whole observa database from SQLite to
 * PostgreSQL ("observa migrate"). */
#ifndef OBSERVA_STORE_COPY_H
#define OBSERVA_STORE_COPY_H

#include <stdint.h>

#include "core/err.h"

/* Told as each table is copied: rows copied so far of total.  Called at
 * the start of each table (done 0), every few thousand rows, and at its
 * end (done == total). */
typedef void (*store_copy_cb)(void *ctx, const char *table, int64_t done, int64_t total);

/* Copy every table of the SQLite database from_url ("sqlite:PATH", brought
 * to the current schema first) into the PostgreSQL database to_url (its
 * schema created when missing), keys and all, in one transaction, then
 * check that every table holds as many rows on both sides.  The target
 * must hold no data (ST_EXISTS otherwise, naming a table that does).
 * What the running tallies keep of recent changes is not copied: they are
 * built again when a server starts.  *rows gets the rows copied. */
enum status store_copy_to_pg(const char *from_url, const char *to_url, store_copy_cb cb,
                             void *ctx, int64_t *rows /* OUT */, struct err *e);

#endif
