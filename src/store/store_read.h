/* store_read.h - a request's reads in one snapshot of the database.
 *
 * A handler that reads several things before it answers (the mission,
 * form, station and observer of a report) reads them in one snapshot.
 * store_savepoint() gives one, but on PostgreSQL a savepoint outside a
 * transaction starts a writing transaction, which takes the write lock
 * every writer takes (store_pg.c): the handler would wait for every
 * server's writer and make it wait in turn.  store_read_savepoint() is
 * for reads only. */
#ifndef OBSERVA_STORE_READ_H
#define OBSERVA_STORE_READ_H

#include "store/store.h"

/* Begin reads that see one state of the database until
 * store_release(st, rc).  On SQLite a savepoint, as store_savepoint();
 * on PostgreSQL a REPEATABLE READ, READ ONLY transaction (a savepoint
 * inside one already open), which neither takes nor waits for the write
 * lock.  Nothing may be written before the release: on PostgreSQL a
 * write fails. */
enum status store_read_savepoint(struct store *st, struct err *e);

#endif
