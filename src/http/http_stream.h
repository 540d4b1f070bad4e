/* http_stream.h - responses whose body is made while it is sent: an
 * export of a million rows goes out page by page as the client takes it,
 * never whole in memory, and its first bytes leave at once.
 *
 * A handler that streams checks everything it can first (a 4xx is still
 * possible then), and hands over a producer with http_resp_stream().  The
 * server sends the status and headers, then the body with chunked transfer
 * encoding (HTTP/1.1; HTTP/1.0 clients read to the connection's close),
 * asking the producer for more each time the bytes it gave are sent.
 *
 * Threads: libmicrohttpd calls the producer on the worker thread that
 * serves the connection, one call at a time, after the handler returned
 * and gave its pooled store handle back; so a producer that reads the
 * store holds a handle of its own, opened by the handler, freed by
 * free().  Each call blocks that worker thread (and the other connections
 * it serves) for as long as it takes: a producer makes one page of a few
 * hundred rows per call.  When the producer fails after the headers were
 * sent, the connection is closed without the body's last chunk, which
 * tells a client that the transfer was cut short; the error is logged.
 *
 * A producer that waits for something to happen (an event stream) need
 * not hold its thread: it suspends the connection (http_stream_suspend())
 * and returns with nothing appended and *done false; another thread
 * resumes it later (http_stream_resume()) and the producer is asked
 * again.  events.h does. */
#ifndef OBSERVA_HTTP_STREAM_H
#define OBSERVA_HTTP_STREAM_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"
#include "http/http.h"

struct MHD_Response;

/* Append the body's next bytes to out (at least one unless *done, or
 * the connection was suspended: above); set *done once the body is
 * complete.  A non-OK return ends the response
 * (see above); e says why, for the log. */
typedef enum status (*http_stream_next)(void *ctx, struct buf *out, bool *done,
                                        struct err *e);

/* Answer status with a body made by next(ctx, ...); content_type is static
 * or in the request's arena.  free(ctx) is called exactly once, when the
 * response is done with: sent, abandoned by the client, or never queued.
 * Returns ST_OK; the handler returns that. */
enum status http_resp_stream(struct http_resp *resp, int status, const char *content_type,
                             http_stream_next next, void (*free)(void *ctx), void *ctx);

/* For the server: the libmicrohttpd response that runs resp's stream to
 * connection mc, which it takes over (resp->stream is NULL after, and its
 * free() is called even when NULL is returned). */
struct MHD_Connection;
struct MHD_Response *http_stream_response(struct http_resp *resp,
                                          struct MHD_Connection *mc);

/* Only inside a producer's call: suspend its connection (it leaves the
 * server's event loop) and return the handle to resume it with.  The
 * producer then returns ST_OK with nothing appended and *done false. */
struct MHD_Connection *http_stream_suspend(void);

/* Resume a connection suspended by http_stream_suspend(), exactly once,
 * from any thread, never before the suspension. */
void http_stream_resume(struct MHD_Connection *mc);

/* Free a stream no response took (http_resp_release() calls it). */
void http_stream_discard(struct http_resp *resp);

#endif
