/* rate_limit.h - how many requests each client may make: a token bucket
 * per client (Tanenbaum, Computer Networks, section 5.4 "traffic
 * shaping"): it holds up to burst tokens, fills at rate tokens a second,
 * and each request takes one; a request that finds less than one token
 * is refused (429 with Retry-After) and takes nothing.
 *
 * A client is its credential when the request carries one (the token of
 * "Authorization: Bearer", any other Authorization value as it is, else
 * the observa_session cookie), otherwise its address: everyone sharing a
 * credential shares a bucket, and a client gets no more by opening more
 * connections.  Digest's user name is no secret (anyone could empty
 * another's bucket with it), so a Digest client is its user name at its
 * address: observers behind one carrier's address do not share.
 *
 * Buckets live in a fixed table (no allocation per client) keyed by a
 * keyed hash (SipHash, libsodium's crypto_shorthash, with a key made at
 * start) of the client's name, so nobody can aim collisions; a client
 * new to a full table takes the place of the one seen longest ago in its
 * set of RATE_LIMIT_WAYS, whose bucket starts full again when it comes
 * back.  Thread-safe (a lock per set). */
#ifndef OBSERVA_RATE_LIMIT_H
#define OBSERVA_RATE_LIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

#define RATE_LIMIT_WAYS  8     /* buckets in one set of the table */
#define RATE_LIMIT_SLOTS 16384 /* buckets in the server's table */
#define RATE_LIMIT_KEY   192   /* longest client name kept (bytes) */

struct rate_limit;

/* A table of slots buckets (rounded up to a multiple of
 * RATE_LIMIT_WAYS) filling at rate tokens a second (> 0) up to burst
 * (>= 1).  NULL when out of memory. */
struct rate_limit *rate_limit_new(double rate, double burst, size_t slots);
void rate_limit_free(struct rate_limit *rl);

/* Take a token from the bucket of the client named by the n bytes at
 * key, at now_ns (a monotonic clock in nanoseconds).  True when the
 * request may go on; false when the bucket is empty, with *retry_after
 * the whole seconds (at least 1) until it holds a token again. */
bool rate_limit_take(struct rate_limit *rl, const char *key, size_t n, int64_t now_ns,
                     unsigned *retry_after /* OUT */);

/* The client's name for a request (see above) into out (n bytes,
 * NUL-terminated, cut at n - 1): "bearer:TOKEN", "digest:USER@ADDRESS",
 * "auth:VALUE", "session:VALUE" or "addr:ADDRESS".  authorization and
 * cookie may be NULL; client is the peer's address. */
void rate_limit_client(const char *authorization, const char *cookie, const char *client,
                       char *out, size_t n);

/* True when address (as inet_ntop writes it) is a loopback one:
 * 127.0.0.0/8, ::1 or ::ffff:127.x.y.z. */
bool rate_limit_loopback(const char *address);

/* CLOCK_MONOTONIC in nanoseconds, the clock rate_limit_request() wants. */
int64_t rate_limit_clock(void);

/* For the server: whether req may go on under rl (NULL: no limit), at
 * now_ns.  With loopback false, requests from loopback addresses are not
 * counted.  When refused, resp holds the 429 answer with Retry-After (as
 * JSON, or an OpenRosa response under /openrosa/). */
bool rate_limit_request(struct rate_limit *rl, bool loopback, struct http_req *req,
                        int64_t now_ns, struct http_resp *resp);

#endif
