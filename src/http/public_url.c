/* public_url.c - the server's public base URL checked, and a request's
 * own URL rebuilt from it or from the Host and X-Forwarded-Proto
 * headers. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/public_url.h"

/* A Host header as a URL may carry it: a name or IPv4 address, or an IPv6
 * address in brackets, then an optional :port. */
static bool host_ok(const char *h, size_t n)
{
	if (!n || n > 255)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = h[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || (c && strchr(".-:[]", c));
		if (!ok)
			return false;
	}
	return true;
}

bool public_url_valid(const char *url)
{
	const char *host, *slash;

	if (!url)
		return false;
	if (!strncmp(url, "http://", 7))
		host = url + 7;
	else if (!strncmp(url, "https://", 8))
		host = url + 8;
	else
		return false;
	slash = strchr(host, '/');
	if (!host_ok(host, slash ? (size_t)(slash - host) : strlen(host)))
		return false;
	for (const char *c = slash ? slash : ""; *c; c++)
		if (*c <= ' ' || *c == 0x7f || *c == '?' || *c == '#')
			return false;
	return true;
}

enum status public_url_origin(struct http_req *req, const char **out)
{
	const char *host = http_header(req, "Host");
	const char *proto = http_header(req, "X-Forwarded-Proto");
	const char *scheme = "http";
	size_t n;
	char *url;

	/* Behind a proxy that ends TLS (docs/odk.md), clients came with
	 * https://.  A client that sends the header itself only changes the
	 * URLs it is given. */
	if (proto && !strcasecmp(proto, "https"))
		scheme = "https";
	if (!host || !host_ok(host, strlen(host)))
		return err_set(
		    &req->err, ST_INVALID,
		    "Host header: needed to give absolute URLs, as a host name "
		    "or address with an optional port");
	n = strlen(scheme) + strlen("://") + strlen(host) + 1;
	url = arena_alloc(&req->arena, n);
	snprintf(url, n, "%s://%s", scheme, host);
	*out = url;
	return ST_OK;
}

enum status public_url_of_request(struct http_req *req, const char **out)
{
	const char *base = req->svc ? req->svc->public_url : NULL;
	enum status rc;
	size_t n;
	char *url;

	if (!base) {
		rc = public_url_origin(req, &base);
		if (rc)
			return rc;
	}
	n = strlen(base) + strlen(req->target) + 1;
	url = arena_alloc(&req->arena, n);
	snprintf(url, n, "%s%s", base, req->target);
	*out = url;
	return ST_OK;
}
