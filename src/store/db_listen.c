/* db_listen.c - LISTEN on a connection of its own (db_listen.h). */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/db.h"
#include "store/db_listen.h"

struct db_listener {
	char *url;
	struct db *db; /* NULL while the connection is lost */
};

static enum status connect_and_listen(struct db_listener *l, struct err *e)
{
	enum status rc = db_open(l->url, &l->db, e);

	if (rc) {
		l->db = NULL;
		return rc;
	}
	rc = db_exec(l->db, "LISTEN " DB_CHANGE_CHANNEL, e);
	if (rc) {
		db_close(l->db);
		l->db = NULL;
	}
	return rc;
}

enum status db_listen_open(const char *url, struct db_listener **out, struct err *e)
{
	struct db_listener *l;
	enum status rc;

	*out = NULL;
	if (strncmp(url, "postgres://", 11) && strncmp(url, "postgresql://", 13))
		return err_set(e, ST_UNSUPPORTED,
		               "only PostgreSQL databases send notifications");
	l = xcalloc(1, sizeof(*l));
	l->url = xstrdup(url);
	rc = connect_and_listen(l, e);
	if (rc) {
		db_listen_close(l);
		return rc;
	}
	*out = l;
	return ST_OK;
}

long db_listen_poll(struct db_listener *l)
{
	PGnotify *n;
	PGconn *c;
	long count = 0;

	if (!l->db) {
		struct err e;
		err_clear(&e);
		return connect_and_listen(l, &e) ? 0 : 1;
	}
	c = db_handle(l->db);
	if (!PQconsumeInput(c) || PQstatus(c) != CONNECTION_OK) {
		db_close(l->db);
		l->db = NULL;
		return 0; /* tried again at the next poll */
	}
	while ((n = PQnotifies(c))) {
		count++;
		PQfreemem(n);
	}
	return count;
}

void db_listen_close(struct db_listener *l)
{
	if (!l)
		return;
	if (l->db)
		db_close(l->db);
	free(l->url);
	free(l);
}
