/* public_url.h - the URL clients reach the server at: the public base URL
 * given to "observa serve --public-url" (behind a proxy, say), or else
 * what the request's Host and X-Forwarded-Proto headers tell.  ODK
 * clients are given absolute URLs from it; Twilio's signatures cover the
 * full URL it requested. */
#ifndef OBSERVA_PUBLIC_URL_H
#define OBSERVA_PUBLIC_URL_H

#include <stdbool.h>

#include "http/http.h"

/* True when url may be a public base URL: "http://" or "https://", a
 * host, an optional port and path, and no query, fragment, user or
 * white space. */
bool public_url_valid(const char *url);

/* "SCHEME://HOST" from the Host header, SCHEME being https when
 * X-Forwarded-Proto says so (a proxy that ends TLS) and http otherwise;
 * in req->arena.  ST_INVALID (in req->err) when Host is missing or not a
 * host name or address with an optional port. */
enum status public_url_origin(struct http_req *req, const char **out /* OUT */);

/* The full URL of the request as its client sent it: the server's public
 * base URL (req->svc->public_url) or public_url_origin(), then the raw
 * request target, query included; in req->arena.  Errors as
 * public_url_origin()'s. */
enum status public_url_of_request(struct http_req *req, const char **out /* OUT */);

#endif
