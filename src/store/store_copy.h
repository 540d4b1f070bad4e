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

struct store;

/* Copy every table of src into dst, one of them SQLite, the other
 * PostgreSQL, both open at the same schema version: a snapshot of src
 * (a read transaction) into dst in one transaction, then every table's
 * rows counted on both sides.  dst must hold no data (ST_EXISTS). */
enum status store_copy_between(struct store *src, struct store *dst, store_copy_cb cb,
                               void *ctx, int64_t *rows /* OUT */, struct err *e);

/* store_copy_between() into dst's transaction, which the caller opened
 * (and emptied) and commits or rolls back. */
enum status store_copy_between_in(struct store *src, struct store *dst, store_copy_cb cb,
                                  void *ctx, int64_t *rows /* OUT */, struct err *e);

/* Copy the file from into a new file to (replaced when there). */
enum status store_copy_file(const char *from, const char *to, struct err *e);

#endif
