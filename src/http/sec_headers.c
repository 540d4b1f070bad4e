/* sec_headers.c - the security headers of every response (sec_headers.h). */
#include <strings.h>

#include "http/sec_headers.h"

static bool has_header(const struct http_resp *resp, const char *name)
{
	for (size_t i = 0; i < resp->nheaders; i++)
		if (!strcasecmp(resp->headers[i].key, name))
			return true;
	return false;
}

size_t sec_headers(const struct http_resp *resp, bool https,
                   struct http_kv out[SEC_HEADERS_MAX])
{
	size_t n = 0;

	out[n++] = (struct http_kv){"X-Content-Type-Options", "nosniff"};
	if (!has_header(resp, "Referrer-Policy"))
		out[n++] = (struct http_kv){"Referrer-Policy", "no-referrer"};
	/* A handler's own policy (the dashboard's files, the statement's
	 * page) replaces the default, framing rules included: two policies
	 * would both apply. */
	if (!has_header(resp, "Content-Security-Policy")) {
		out[n++] = (struct http_kv){"Content-Security-Policy", SEC_HEADERS_CSP};
		out[n++] = (struct http_kv){"X-Frame-Options", "DENY"};
	}
	if (!has_header(resp, "Cache-Control"))
		out[n++] = (struct http_kv){"Cache-Control", "no-store"};
	if (https)
		out[n++] =
		    (struct http_kv){"Strict-Transport-Security", SEC_HEADERS_HSTS};
	return n;
}

bool sec_headers_https(const struct http_req *req)
{
	const char *proto;

	if (req->tls)
		return true;
	if (req->svc && req->svc->public_url &&
	    !strncasecmp(req->svc->public_url, "https://", 8))
		return true;
	proto = http_header(req, "X-Forwarded-Proto");
	return proto && !strcasecmp(proto, "https");
}
