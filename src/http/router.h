/* router.h - from a request target to a handler: the route table of
 * routes.def, pattern matching with {name} parameters, 404 and 405, the
 * permission each route declares, and errors rendered as JSON. */
#ifndef OBSERVA_ROUTER_H
#define OBSERVA_ROUTER_H

#include <stdbool.h>

#include "http/http.h"

typedef enum status (*http_handler)(struct http_req *req, struct http_resp *resp);

struct route {
	const char *method;  /* "GET" (which also answers HEAD), "POST", ... */
	const char *pattern; /* "/api/v1/missions/{m}" */
	http_handler handler;
	enum perm perm; /* what the caller must be allowed */
};

/* The built-in table (routes.def); *n gets its length. */
const struct route *router_routes(size_t *n /* OUT */);

/* True when the decoded segments fit pattern; then params[0..*nparams)
 * name each {name} segment's value (pointing into segs and pattern's own
 * copy in a).  At most HTTP_MAX_PARAMS parameters. */
bool router_pattern_match(const char *pattern, const char *const *segs, size_t nsegs,
                          struct arena *a, struct http_kv *params /* OUT */,
                          size_t *nparams /* OUT */);

/* Find the route in table[0..n) for req->method and req->segs, setting
 * req->route and req->params.  ST_NOT_FOUND when no pattern fits the path;
 * ST_UNSUPPORTED when one does but not for this method, with allow set to
 * the methods that are ("GET, HEAD").  e says which. */
enum status router_match_in(const struct route *table, size_t n, struct http_req *req,
                            char *allow /* OUT */, size_t allow_len, struct err *e);

/* Handle one request with table[0..n): parse the raw target (path and
 * query, into req), match, check the route's permission, run its handler,
 * and leave a complete response in resp, errors included:
 * 400 for a bad target, 404 for an unknown path, 405 with Allow for a
 * wrong method, the handler's error otherwise.  req->method, arena, store
 * and client must be set. */
void router_dispatch_in(const struct route *table, size_t n, struct http_req *req,
                        const char *target, struct http_resp *resp);

/* A handler may defer its answer (http_defer()): then resp is left empty
 * and req->deferred set, and the caller runs the job on the writer and
 * calls router_finish() once its outcome is known, which renders the
 * finish function's response or error as above. */
void router_finish(struct http_req *req, struct http_resp *resp);

/* Forget what handling req did (its cleanups run, its deferred job, who
 * was calling, the answer in resp) so that it can be dispatched again from
 * the start, with req->again set; its method, target, body, client, store
 * and arena stay. */
void router_again(struct http_req *req, struct http_resp *resp);

/* router_dispatch_in() with the built-in table. */
void router_dispatch(struct http_req *req, const char *target, struct http_resp *resp);

#endif
