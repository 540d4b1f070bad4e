/* router.c - the route table and the walk from a raw request target to a
 * handler's response: parse, match, check permission, handle, render
 * errors.  Routes are few, so matching is a linear scan of the table.
 * The permission check is auth.c's. */
#include <stdio.h>
#include <string.h>

#include "http/auth.h"
#include "http/handlers.h"
#include "http/router.h"
#include "http/url.h"
#include "store/registry_cache.h"
#include "store/store_read.h"

static const struct route routes[] = {
#define ROUTE(method, pattern, handler, perm) {method, pattern, handler, perm},
#include "http/routes.def"
#undef ROUTE
};

const struct route *router_routes(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}

bool router_pattern_match(const char *pattern, const char *const *segs, size_t nsegs,
                          struct arena *a, struct http_kv *params, size_t *nparams)
{
	const char *names[HTTP_MAX_PARAMS], *values[HTTP_MAX_PARAMS];
	size_t lens[HTTP_MAX_PARAMS], np = 0, i = 0;
	const char *p = pattern;

	*nparams = 0;
	/* One pass over the pattern: every request tries the routes before
	 * its own, most failing at their third or fourth segment. */
	for (;;) {
		const char *seg, *end;

		if (*p != '/' || i >= nsegs)
			return false;
		p++;
		seg = segs[i];
		if (*p == '{') {
			for (end = p; *end && *end != '/'; end++)
				;
			if (end - p >= 2 && end[-1] == '}') {
				if (!seg[0] || np == HTTP_MAX_PARAMS)
					return false;
				names[np] = p + 1;
				lens[np] = (size_t)(end - p) - 2;
				values[np] = seg;
				np++;
				p = end;
				goto next;
			}
		}
		while (*p && *p != '/' && *p == *seg) {
			p++;
			seg++;
		}
		if ((*p && *p != '/') || *seg)
			return false;
	next:
		i++;
		if (!*p)
			break;
	}
	if (i != nsegs)
		return false;
	for (size_t k = 0; k < np; k++) {
		params[k].key = arena_strndup(a, names[k], lens[k]);
		params[k].value = values[k];
	}
	*nparams = np;
	return true;
}

/* True when the list "GET, HEAD" in allow names method. */
static bool allow_has(const char *allow, const char *method)
{
	size_t mlen = strlen(method);
	const char *s = allow;

	while (*s) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		if (len == mlen && !memcmp(s, method, mlen))
			return true;
		if (!comma)
			break;
		s = comma + 2;
	}
	return false;
}

/* Add method (and HEAD after GET) to the list in allow, once. */
static void allow_add(char *allow, size_t allow_len, const char *method)
{
	size_t used = strlen(allow);

	if (allow_has(allow, method))
		return;
	snprintf(allow + used, allow_len - used, "%s%s", used ? ", " : "", method);
	if (!strcmp(method, "GET"))
		allow_add(allow, allow_len, "HEAD");
}

static bool method_fits(const char *route_method, const char *method)
{
	return !strcmp(route_method, method) ||
	       (!strcmp(route_method, "GET") && !strcmp(method, "HEAD"));
}

enum status router_match_in(const struct route *table, size_t n, struct http_req *req,
                            char *allow, size_t allow_len, struct err *e)
{
	struct http_kv params[HTTP_MAX_PARAMS];
	size_t nparams;
	bool path_known = false;

	allow[0] = '\0';
	req->route = NULL;
	req->nparams = 0;
	for (size_t i = 0; i < n; i++) {
		if (!router_pattern_match(table[i].pattern, req->segs, req->nsegs,
		                          &req->arena, params, &nparams))
			continue;
		if (!method_fits(table[i].method, req->method)) {
			path_known = true;
			allow_add(allow, allow_len, table[i].method);
			continue;
		}
		req->route = &table[i];
		memcpy(req->params, params, nparams * sizeof(params[0]));
		req->nparams = nparams;
		return ST_OK;
	}
	if (path_known)
		return err_set(e, ST_UNSUPPORTED,
		               "method %s is not allowed on %s (allowed: %s)",
		               req->method, req->path, allow);
	return err_set(e, ST_NOT_FOUND, "no such path: %s", req->path);
}

/* Turn a handler's (or a finish function's) outcome into the response:
 * its own on success, the error otherwise. */
static void render(struct http_req *req, struct http_resp *resp, enum status rc)
{
	if (rc) {
		/* The handler's half-made body, if any, gives way to the error. */
		http_resp_release(resp);
		http_resp_init(resp, &req->arena);
		req->err.code = rc;
		http_resp_from_err(resp, req, &req->err);
		return;
	}
	if (!resp->status) {
		req->err.code = ST_INTERNAL;
		snprintf(req->err.msg, sizeof(req->err.msg),
		         "bug: handler for %s left no response",
		         req->route ? req->route->pattern : req->path);
		http_resp_from_err(resp, req, &req->err);
	}
}

/* A report sent to the JSON API or by ODK: its sender is identified in
 * the read transaction in which the report is then checked (the handler's
 * own opens inside it), so that the token's or the credentials' lookup
 * takes the registry's version (registry_cache.h) in the same snapshot as
 * the mission, the form, the station and the observer. */
static bool in_one_snapshot(const struct http_req *req)
{
	return req->store && (req->route->handler == h_submission_post ||
	                      req->route->handler == h_odk_submission_post);
}

/* A request that took the registry's version from the cache without
 * reading it (registry_cache_trust()) and is answered now, not by the
 * writer's job (which checks it itself, intake_job.c): false when the
 * version has moved since, and the request must be made again. */
static bool answer_stands(struct http_req *req)
{
	int64_t took, now;
	struct err e;

	if (!req->store || !registry_cache_trusted(req->store, &took))
		return true;
	err_clear(&e);
	if (store_registry_version(req->store, &now, &e))
		return true; /* the answer stands as the store failed anyway */
	return now == took;
}

static void dispatch(const struct route *table, size_t n, struct http_req *req,
                     const char *target, struct http_resp *resp);

void router_again(struct http_req *req, struct http_resp *resp)
{
	http_req_cleanup(req);
	req->path = NULL;
	req->segs = NULL;
	req->nsegs = 0;
	req->query = NULL;
	req->nquery = 0;
	req->nparams = 0;
	req->route = NULL;
	req->deferred = NULL;
	req->finish = NULL;
	err_clear(&req->err);
	req->challenge = NULL;
	req->retry_after = 0;
	req->auth = NULL;
	req->again = true;
	http_resp_release(resp);
	http_resp_init(resp, resp->arena);
}

void router_dispatch_in(const struct route *table, size_t n, struct http_req *req,
                        const char *target, struct http_resp *resp)
{
	dispatch(table, n, req, target, resp);
	if (req->deferred || answer_stands(req))
		return;
	router_again(req, resp);
	registry_cache_next(req->store);
	dispatch(table, n, req, target, resp);
}

static void dispatch(const struct route *table, size_t n, struct http_req *req,
                     const char *target, struct http_resp *resp)
{
	char allow[128];
	bool snapshot;
	enum status rc;

	err_clear(&req->err);
	rc = url_parse_target(req, target, &req->err);
	if (rc) {
		if (!req->path)
			req->path = target;
		http_resp_from_err(resp, req, &req->err);
		return;
	}
	rc = router_match_in(table, n, req, allow, sizeof(allow), &req->err);
	if (rc == ST_UNSUPPORTED) {
		http_resp_error_at(resp, req->target, 405, "%s", req->err.msg);
		http_resp_header(resp, "Allow", allow);
		return;
	}
	if (rc) {
		http_resp_from_err(resp, req, &req->err);
		return;
	}
	snapshot = in_one_snapshot(req);
	if (snapshot) {
		/* Checked at commit instead of read: most reports then open
		 * no read transaction at all (docs/performance.md). */
		if (!req->again)
			registry_cache_trust(req->store);
		rc = store_read_savepoint(req->store, &req->err);
		if (rc) {
			http_resp_from_err(resp, req, &req->err);
			return;
		}
	}
	/* Routes that check their callers themselves (public ones, ODK's,
	 * SMS gateways') ask for no account; the others for a session or a
	 * token with the route's permission on its mission (auth.h). */
	if (!perm_self_checked(req->route->perm)) {
		rc = auth_require(req, req->route->perm);
		if (rc) {
			if (snapshot)
				store_release(req->store, ST_OK);
			http_resp_from_err(resp, req, &req->err);
			return;
		}
	}
	rc = req->route->handler(req, resp);
	if (snapshot)
		store_release(req->store, ST_OK); /* reads only: nothing to undo */
	if (rc)
		req->deferred = NULL; /* a failed handler answers now */
	if (!rc && req->deferred)
		return; /* the server runs the job, then router_finish() */
	render(req, resp, rc);
}

void router_finish(struct http_req *req, struct http_resp *resp)
{
	render(req, resp, req->finish(req, resp));
}

void router_dispatch(struct http_req *req, const char *target, struct http_resp *resp)
{
	router_dispatch_in(routes, sizeof(routes) / sizeof(routes[0]), req, target, resp);
}
