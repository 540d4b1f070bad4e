/* acceptor.h - one thread that accepts the server's connections and hands
 * each to libmicrohttpd's daemon, which gives it to one of its worker
 * threads by the socket's number (MHD_add_connection()): each in turn.
 *
 * Left to themselves, libmicrohttpd's workers each accept what they can
 * when the listening socket wakes them, so a burst of new connections
 * (64 clients starting together, a phone network's gateway reconnecting)
 * lands mostly on one worker: in the intake benchmark one thread served
 * nine reports in ten while the other idled.  Handed out in turn, each
 * worker gets its share.
 *
 * The acceptor keeps the server's total of open connections itself: past
 * it, a new connection is closed as it comes.  libmicrohttpd's own limit
 * (per worker) must not be reachable, as libmicrohttpd 0.9.75 leaves a
 * mutex locked when a connection handed over by another thread finds its
 * worker full, and the next shutdown hangs.  The per-client limit stays
 * libmicrohttpd's, checked as the connection is handed over. */
#ifndef OBSERVA_ACCEPTOR_H
#define OBSERVA_ACCEPTOR_H

#include <microhttpd.h>

#include "core/err.h"

struct acceptor;

/* An acceptor that keeps at most max_conns (>= 1) connections open. */
struct acceptor *acceptor_new(unsigned max_conns);

/* Tell it of a connection's start or end: called from libmicrohttpd's
 * MHD_OPTION_NOTIFY_CONNECTION callback, for every connection (those
 * libmicrohttpd accepted itself before acceptor_start() too).  NULL is a
 * no-op. */
void acceptor_notify(struct acceptor *a, enum MHD_ConnectionNotificationCode toe);

/* Accept on listener (listening, and no longer polled by d's own threads:
 * the socket MHD_quiesce_daemon() gave back) and hand every connection to
 * d, whose pool has workers threads, to each in turn, in a thread started
 * with SIGINT and SIGTERM blocked.  The listener stays the caller's to
 * close. */
enum status acceptor_start(struct acceptor *a, struct MHD_Daemon *d, int workers,
                           MHD_socket listener, struct err *e);

/* Stop accepting; connections already handed over are served on.  A
 * no-op when not started; NULL too. */
void acceptor_stop(struct acceptor *a);

/* Free it, after MHD_stop_daemon() (which still tells of connections
 * ending); NULL is a no-op. */
void acceptor_free(struct acceptor *a);

#endif
