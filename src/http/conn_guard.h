/* conn_guard.h - a deadline for each request's head: a client must send
 * its request line and headers (and, over TLS, finish the handshake)
 * within the server's timeout of connecting or of its previous answer,
 * or its connection is cut.
 *
 * libmicrohttpd's own timeout counts idle time only, so a client sending
 * a header byte every few seconds ("slowloris") would hold a connection
 * forever, and a few hundred such would hold them all.  A thread of the
 * guard wakes every CONN_GUARD_TICK_MS and shuts down (shutdown(2)) the
 * socket of every connection past its deadline; libmicrohttpd then sees
 * the connection end and closes it.  The guard keeps a duplicate of each
 * socket's descriptor, so it never touches a descriptor number that was
 * closed and handed to someone else.
 *
 * A body must keep coming too: from the end of the head, it has the
 * timeout and then a second for each CONN_GUARD_BODY_RATE bytes that
 * arrived, so a client must send at CONN_GUARD_BODY_RATE bytes a second
 * on average, once the timeout's grace is spent (a 20 MiB report over a
 * slow phone link may take hours; a body dripped a byte a second is cut
 * after the timeout).  Once the whole request is read, there is no
 * deadline until it is answered (a report waiting for the writer, an
 * event stream); answers have the idle timeout only. */
#ifndef OBSERVA_CONN_GUARD_H
#define OBSERVA_CONN_GUARD_H

#include <microhttpd.h>

#include "core/err.h"

#define CONN_GUARD_TICK_MS   250
#define CONN_GUARD_BODY_RATE 1024 /* bytes a second a body must average */

struct conn_guard;

/* A guard giving each request's head seconds (>= 1), its thread
 * started (with SIGINT and SIGTERM blocked, left to the main thread). */
enum status conn_guard_start(unsigned seconds, struct conn_guard **out /* OUT */,
                             struct err *e);

/* Stop the thread and free the guard; after MHD_stop_daemon(). */
void conn_guard_stop(struct conn_guard *g);

/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback, with the guard
 * as cls: a new connection gets its deadline, a closed one is forgotten. */
void conn_guard_notify(void *cls, struct MHD_Connection *mc, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe);

/* The request's head has arrived: its body's deadline begins (see
 * above). */
void conn_guard_head_done(struct MHD_Connection *mc);

/* n more bytes of the body arrived: the deadline moves on by n /
 * CONN_GUARD_BODY_RATE seconds. */
void conn_guard_body_read(struct MHD_Connection *mc, size_t n);

/* The whole request was read: no deadline until it is answered. */
void conn_guard_request_read(struct MHD_Connection *mc);

/* The request was answered: the next one's head has a deadline again. */
void conn_guard_answered(struct MHD_Connection *mc);

/* Connections cut so far. */
long conn_guard_cut(const struct conn_guard *g);

#endif
