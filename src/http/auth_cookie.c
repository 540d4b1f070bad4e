/* auth_cookie.c - the session cookie: read from a Cookie header (by
 * cookie.c's strict reader, the one the fuzz target exercises), written
 * as a Set-Cookie value with the attributes that keep it to this site and
 * out of scripts' reach. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/auth.h"
#include "http/cookie.h"

bool auth_method_changes(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") &&
	       strcmp(method, "OPTIONS");
}

bool auth_cookie_value(const char *header, const char *name, char *out, size_t n)
{
	const char *v;
	size_t len;

	/* cookie.c's strict reader: a header it refuses (a malformed pair, a
	 * control byte, the cookie sent twice) carries no session. */
	if (cookie_get(header, name, &v, &len, NULL) || !len || len >= n)
		return false;
	memcpy(out, v, len);
	out[len] = '\0';
	return true;
}

/* True when the client reached the server over TLS, as far as it knows. */
static bool over_tls(struct http_req *req)
{
	const char *proto = http_header(req, "X-Forwarded-Proto");
	const char *base = req->svc ? req->svc->public_url : NULL;

	/* As public_url.c decides the scheme of the URLs clients are given:
	 * a client that sends the header itself only gets a cookie its
	 * browser keeps to https. */
	return req->tls || (base && !strncmp(base, "https://", 8)) ||
	       (proto && !strcasecmp(proto, "https"));
}

const char *auth_set_cookie(struct http_req *req, const char *id)
{
	const char *secure = over_tls(req) ? "; Secure" : "";
	size_t n = strlen(AUTH_COOKIE) + (id ? strlen(id) : 0) + 96;
	char *v = arena_alloc(&req->arena, n);

	snprintf(v, n, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", AUTH_COOKIE,
	         id ? id : "", secure, id ? "" : "; Max-Age=0");
	return v;
}
