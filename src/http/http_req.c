/* http_req.c - looking up a request's path and query parameters and its
 * headers, the names of permissions, what sets OpenRosa paths apart,
 * deferring the answer until a write is durable, and cleanups that run
 * when the request ends. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"

const char *perm_name(enum perm p)
{
	static const char *const names[PERM__COUNT] = {
	    [PERM_PUBLIC] = "public",
	    [PERM_READ_MISSION] = "read_mission",
	    [PERM_READ_REGISTRY] = "read_registry",
	    [PERM_READ_OBSERVERS] = "read_observers",
	    [PERM_READ_ACCREDITATION] = "read_accreditation",
	    [PERM_SUBMIT] = "submit",
	    [PERM_READ_SUBMISSIONS] = "read_submissions",
	    [PERM_REVIEW] = "review",
	    [PERM_READ_COVERAGE] = "read_coverage",
	    [PERM_READ_ASSIGNMENTS] = "read_assignments",
	    [PERM_MANAGE_ASSIGNMENTS] = "manage_assignments",
	    [PERM_READ_FORMS] = "read_forms",
	    [PERM_ODK_FORMS] = "odk_forms",
	    [PERM_ODK_SUBMIT] = "odk_submit",
	    [PERM_READ_SMS] = "read_sms",
	    [PERM_SEND_SMS] = "send_sms",
	    [PERM_READ_FINDINGS] = "read_findings",
	    [PERM_WRITE_STATEMENT] = "write_statement",
	    [PERM_READ_LTM] = "read_ltm",
	    [PERM_WRITE_LTM] = "write_ltm",
	    [PERM_MANAGE_REGISTRY] = "manage_registry",
	    [PERM_MANAGE_LOCATIONS] = "manage_locations",
	};
	return (unsigned)p < PERM__COUNT ? names[p] : "unknown";
}

const char *http_param(const struct http_req *req, const char *name)
{
	for (size_t i = 0; i < req->nparams; i++)
		if (!strcmp(req->params[i].key, name))
			return req->params[i].value;
	return NULL;
}

#define OPENROSA_PREFIX "/openrosa/"

bool http_target_openrosa(const char *target)
{
	return target && !strncmp(target, OPENROSA_PREFIX, strlen(OPENROSA_PREFIX));
}

#define MISSIONS_PREFIX "/api/v1/missions/"

/* True when target is /api/v1/missions/{m}/documents (with or without a
 * query), where documents are uploaded. */
static bool documents_target(const char *target)
{
	const char *p;

	if (strncmp(target, MISSIONS_PREFIX, strlen(MISSIONS_PREFIX)))
		return false;
	p = target + strlen(MISSIONS_PREFIX);
	p += strcspn(p, "/?");
	return !strncmp(p, "/documents", 10) && (p[10] == '\0' || p[10] == '?') &&
	       p > target + strlen(MISSIONS_PREFIX);
}

size_t http_body_max(const char *target)
{
	if (http_target_openrosa(target))
		return HTTP_ODK_BODY_MAX;
	return target && documents_target(target) ? HTTP_DOCUMENT_BODY_MAX
	                                          : HTTP_BODY_MAX;
}

const char *http_target_for_log(const char *target, struct arena *a)
{
	const char *t = target, *token, *end;
	size_t n;
	char *out;

	if (!http_target_openrosa(t))
		return t;
	token = t + strlen(OPENROSA_PREFIX);
	end = token + strcspn(token, "/?");
	if (end - token == 1 && *token == 'm')
		return t; /* /openrosa/m/MISSION/: no secret in the path */
	n = (size_t)(token - t) + 3 + strlen(end) + 1;
	out = arena_alloc(a, n);
	snprintf(out, n, "%.*s***%s", (int)(token - t), t, end);
	return out;
}

const char *http_query(const struct http_req *req, const char *name)
{
	for (size_t i = 0; i < req->nquery; i++)
		if (!strcmp(req->query[i].key, name))
			return req->query[i].value;
	return NULL;
}

const char *http_header(const struct http_req *req, const char *name)
{
	return req->header_fn ? req->header_fn(req->header_ctx, name) : NULL;
}

void http_defer(struct http_req *req, struct writer_job *job, http_finish finish)
{
	assert(!req->deferred && job && finish);
	req->deferred = job;
	req->finish = finish;
}

void http_on_release(struct http_req *req, void (*fn)(void *arg), void *arg)
{
	assert(req->ncleanups < HTTP_MAX_CLEANUPS);
	if (req->ncleanups >= HTTP_MAX_CLEANUPS)
		return;
	req->cleanups[req->ncleanups].fn = fn;
	req->cleanups[req->ncleanups].arg = arg;
	req->ncleanups++;
}

void http_req_cleanup(struct http_req *req)
{
	while (req->ncleanups) {
		struct http_cleanup *c = &req->cleanups[--req->ncleanups];
		c->fn(c->arg);
	}
}
