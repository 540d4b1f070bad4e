/* auth_cookie.c - the session cookie: read from a Cookie header, written
 * as a Set-Cookie value with the attributes that keep it to this site and
 * out of scripts' reach. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/auth.h"

bool auth_method_changes(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") &&
	       strcmp(method, "OPTIONS");
}

bool auth_cookie_value(const char *header, const char *name, char *out, size_t n)
{
	size_t name_len = strlen(name);
	const char *p = header;

	while (p && *p) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		if (len > name_len && !memcmp(p, name, name_len) && p[name_len] == '=') {
			const char *v = p + name_len + 1;
			size_t vlen = len - name_len - 1;

			while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			if (vlen >= n)
				return false;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return true;
		}
		p = end ? end + 1 : NULL;
	}
	return false;
}

/* True when the client reached the server over TLS, as far as it knows. */
static bool over_tls(struct http_req *req)
{
	const char *proto = http_header(req, "X-Forwarded-Proto");
	const char *base = req->svc ? req->svc->public_url : NULL;

	/* As public_url.c decides the scheme of the URLs clients are given:
	 * a client that sends the header itself only gets a cookie its
	 * browser keeps to https. */
	return req->is_tls || (base && !strncmp(base, "https://", 8)) ||
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
