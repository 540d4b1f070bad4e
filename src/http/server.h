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
#include "http/trusted_proxy.h"

#define SERVER_DEFAULT_BIND    "127.0.0.1"
#define SERVER_DEFAULT_THREADS 4
#define SERVER_MAX_THREADS     256

/* Limits (docs/security.md, "Limits and timeouts"). */
#define SERVER_DEFAULT_TIMEOUT    60   /* seconds: idle, and for a request's head */
#define SERVER_DEFAULT_PER_CLIENT 256  /* connections from one address */
#define SERVER_DEFAULT_MAX_CONNS  1000 /* connections in all */
#define SERVER_DEFAULT_RATE       100  /* requests a second per client */
#define SERVER_DEFAULT_BURST      500  /* requests at once per client */
/* Memory for one connection's request line, headers and read buffer:
 * a head larger is answered 431 and the connection closed.  libmicrohttpd
 * clears it for every request, so it is no larger than a head needs
 * (docs/performance.md). */
#define SERVER_CONN_MEMORY (16 * 1024)

struct server_config {
	const char *db_url; /* store URL, as for store_open() */
	const char *bind;   /* address or host name; NULL: SERVER_DEFAULT_BIND */
	int port;           /* 0: any free port */
	int threads;        /* worker threads; 0: SERVER_DEFAULT_THREADS */
	/* The base URL clients reach the server at (public_url.h), or NULL:
	 * then each request's Host header tells. */
	const char *public_url;
	bool no_sms_send; /* do not start the SMS sender (sms_outbox.h) */
	/* HTTPS: PEM files of the certificate (chain) and its key (tls.h);
	 * both or neither. */
	const char *tls_cert;
	const char *tls_key;
	/* Seconds a connection may idle, and a request's head may take
	 * (conn_guard.h); 0: SERVER_DEFAULT_TIMEOUT. */
	int timeout;
	int max_conns_per_client; /* 0: SERVER_DEFAULT_PER_CLIENT */
	int max_conns;            /* 0: SERVER_DEFAULT_MAX_CONNS */
	/* Requests a second per client (rate_limit.h): 0 for
	 * SERVER_DEFAULT_RATE, negative for no limit; and the burst, 0 for
	 * SERVER_DEFAULT_BURST (at least the rate). */
	double rate_limit;
	double rate_burst;
	bool rate_limit_loopback; /* count clients on loopback addresses too */
	/* Seconds of the first lock after too many failed sign-ins or ODK
	 * PINs (login_throttle.h); 0: LOGIN_LOCK_BASE. */
	int lock_seconds;
	/* Proxies whose X-Forwarded-For tells the client's address
	 * (trusted_proxy.h); none by default. */
	struct trusted_proxies trusted;
};

/* Open the store (one handle per worker thread), start the writer, the
 * intake and, unless cfg->no_sms_send, the SMS sender, listen (with TLS
 * when cfg->tls_cert is set), print one line
 *     observa: serving DBURL on http://HOST:PORT/   (https:// with TLS)
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
 * OBSERVA_SMS_* variable out of range, a limit out of range, a TLS
 * certificate or key that does not do, see tls.h), ST_UNSUPPORTED for
 * TLS without TLS in libmicrohttpd, the store's error when it does not open,
 * ST_IO when the address cannot be listened on, each with e saying why. */
enum status server_run(const struct server_config *cfg, struct err *e);

/* cfg with its limits' defaults filled in (timeout, connections, rate
 * and burst; a negative rate_limit stays negative: no limit), into out.
 * ST_INVALID with e saying which when one is out of range (timeout 1 to
 * 86400 s, connections 1 to 1000000, a rate above 1000000, a first lock
 * of 1 to 900 s), or when only
 * one of tls_cert and tls_key is given. */
enum status server_config_limits(const struct server_config *cfg,
                                 struct server_config *out /* OUT */, struct err *e);

#endif
