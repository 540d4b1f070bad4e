/* events.h - what feeds GET /api/v1/missions/{m}/events: a server-sent
 * event stream that tells a dashboard "something was committed" so it
 * fetches coverage again, without polling.
 *
 * One thread watches the writer's count of committed jobs four times a
 * second.  Each stream waits with its connection suspended (no thread
 * held, http_stream.h) and is resumed when the count has moved since it
 * last told its client, or when 15 seconds passed without a word (then it
 * sends a comment line, a heartbeat that keeps proxies and the browser
 * from closing it).  Changes made in a burst give one event per quarter
 * second, not one per report. */
#ifndef OBSERVA_EVENTS_H
#define OBSERVA_EVENTS_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"
#include "store/writer.h"

#define EVENTS_TICK_MS     250  /* how often the count is read */
#define EVENTS_HEARTBEAT_S 15   /* a comment line after this long in silence */
#define EVENTS_MAX_STREAMS 1024 /* open streams at most; more get 503 */

struct events;
struct events_stream;

/* Start watching w's count (w outlives the hub), and on a PostgreSQL
 * db_url the commits of every server on the database (db_listen.h).
 * Never fails: the thread not starting only means no stream is ever told
 * of a change (and PostgreSQL out of reach, only of this server's). */
struct events *events_start(struct writer *w, const char *db_url);

/* End every stream (their connections are resumed and their bodies end),
 * refuse new ones, stop the thread.  NULL is a no-op.  The server calls
 * it before it stops its HTTP daemon, which must not hold a suspended
 * connection then. */
void events_stop(struct events *ev);

/* Stop (if not yet) and free the hub, once the daemon that served its
 * streams is stopped (every stream freed).  NULL is a no-op. */
void events_free(struct events *ev);

/* A new stream of ev, which starts by telling the current version (event
 * "hello"), then "change" each time it moves.  ST_BUSY past
 * EVENTS_MAX_STREAMS or once stopping. */
enum status events_open(struct events *ev, struct events_stream **out /* OUT */,
                        struct err *e);

/* The stream's producer (an http_stream_next for ctx = the stream): the
 * next event, a heartbeat, or nothing with the connection suspended until
 * one is due. */
enum status events_next(void *ctx, struct buf *out, bool *done, struct err *e);

/* Free a stream (the http_stream's free()). */
void events_close(void *ctx);

#endif
