/* db_listen.h - hearing other servers' commits: on PostgreSQL every
 * transaction observa commits sends a notification on the channel
 * DB_CHANGE_CHANNEL (store_pg.c), and a listener counts them, so that the
 * dashboards of every observa server on one database learn of a change
 * made through any of them.  SQLite databases have one server: there is
 * nothing to listen to. */
#ifndef OBSERVA_DB_LISTEN_H
#define OBSERVA_DB_LISTEN_H

#include "core/err.h"

#define DB_CHANGE_CHANNEL "observa_change"

struct db_listener;

/* Listen on url's database: ST_UNSUPPORTED for a SQLite URL, ST_IO when
 * PostgreSQL cannot be reached. */
enum status db_listen_open(const char *url, struct db_listener **out /* OUT */,
                           struct err *e);

/* Notifications received since the last call, without waiting.  A lost
 * connection is opened again, and counts as one (what happened meanwhile
 * is not known). */
long db_listen_poll(struct db_listener *l);

void db_listen_close(struct db_listener *l);

#endif
