/* server.h - the HTTP server: libmicrohttpd with a pool of worker
 * threads, each request on a store handle of its own, and the process's
 * single writer (group commit) and intake, until SIGINT or SIGTERM.
 * Requests that wait for the writer are suspended, holding no thread.
 *
 * Used by "observa serve" and "observa demo". */
#ifndef OBSERVA_SERVER_H
#define OBSERVA_SERVER_H

#include <stdbool.h>

#include "core/err.h"

#define SERVER_DEFAULT_BIND    "127.0.0.1"
#define SERVER_DEFAULT_THREADS 4
#define SERVER_MAX_THREADS     256

struct server_config {
	const char *db_url; /* store URL, as for store_open() */
	const char *bind;   /* address or host name; NULL: SERVER_DEFAULT_BIND */
	int port;           /* 0: any free port */
	int threads;        /* worker threads; 0: SERVER_DEFAULT_THREADS */
	/* The base URL clients reach the server at (public_url.h), or NULL:
	 * then each request's Host header tells. */
	const char *public_url;
	bool no_sms_send; /* do not start the SMS sender (sms_outbox.h) */
};

/* Open the store (one handle per worker thread), start the writer, the
 * intake and, unless cfg->no_sms_send, the SMS sender, listen, print one
 * line
 *     observa: serving DBURL on http://HOST:PORT/
 * on stderr once connections are accepted (PORT the real one, even when
 * cfg->port is 0), serve until SIGINT or SIGTERM arrives, then stop:
 * accept no more connections, let every request waiting for the writer
 * be committed and answered (requests still arriving on open connections
 * are served, their writes waited for in place), close every connection,
 * stop the SMS sender (a send in progress is cut short), stop the writer
 * after the last write, close every store handle, print
 *     observa: SIGTERM received, stopped serving (N writes committed in M
 *     transactions)
 * and put back the previous signal handlers.  Returns ST_OK after a signal;
 * ST_INVALID for a bad config (a public URL that is not one, an
 * OBSERVA_SMS_* variable out of range), the store's error when it does not open,
 * ST_IO when the address cannot be listened on, each with e saying why. */
enum status server_run(const struct server_config *cfg, struct err *e);

#endif
