/* sec_headers.h - the headers every response carries so that a browser
 * showing it runs no script or frame it should not, leaks no address to
 * other sites, guesses no content type, keeps no copy of data, and (over
 * HTTPS) never talks to the server in clear again.
 *
 *   X-Content-Type-Options: nosniff
 *   Referrer-Policy: no-referrer, unless the handler set one
 *   Content-Security-Policy: SEC_HEADERS_CSP (no inline script or style,
 *       nothing from other sites, no framing, forms post here only),
 *       unless the handler set a policy of its own (the dashboard's files,
 *       which may frame the statement; the statement's page, whose style
 *       is inline and which the dashboard frames): then neither this nor
 *   X-Frame-Options: DENY (the CSP's frame-ancestors for older browsers)
 *   Cache-Control: no-store, unless the handler set Cache-Control itself
 *       (static files may be cached; answers with data may not)
 *   Strict-Transport-Security: SEC_HEADERS_HSTS, when the client reached
 *       the server over HTTPS (see sec_headers_https()).
 *
 * docs/security.md explains each. */
#ifndef OBSERVA_SEC_HEADERS_H
#define OBSERVA_SEC_HEADERS_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

#define SEC_HEADERS_CSP                                                                  \
	"default-src 'self'; script-src 'self'; style-src 'self'; "                      \
	"img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "                \
	"form-action 'self'"
#define SEC_HEADERS_HSTS "max-age=31536000"
#define SEC_HEADERS_MAX  6

/* Fill out with the security headers for resp (name and value static
 * strings, in the order above); returns how many.  https says whether
 * the client reached the server over HTTPS. */
size_t sec_headers(const struct http_resp *resp, bool https,
                   struct http_kv out[SEC_HEADERS_MAX]);

/* True when the client reached the server over HTTPS: the server speaks
 * TLS itself (req->tls), or its public URL (req->svc->public_url) is
 * https://, or a proxy in front says so in X-Forwarded-Proto.  That last
 * header any client may send; it only decides whether HSTS is sent,
 * which browsers ignore on plain HTTP anyway. */
bool sec_headers_https(const struct http_req *req);

#endif
