/* handlers.h - the prototypes of every handler named in routes.def.
 *
 * A handler parses the request, calls the lower layers and renders: it
 * fills resp and returns ST_OK, or returns the failure with req->err set,
 * which the router turns into {"error": ...} with the matching status. */
#ifndef OBSERVA_HANDLERS_H
#define OBSERVA_HANDLERS_H

#include "http/http.h"

#define ROUTE(method, pattern, handler, perm)                                            \
	enum status handler(struct http_req *req, struct http_resp *resp);
#include "http/routes.def"
#undef ROUTE

#endif
