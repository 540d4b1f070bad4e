/* openrosa.h - what the OpenRosa handlers (h_odk_*.c) share: the observer
 * named by the token in /openrosa/{token}/ or, under /openrosa/m/{m}/, by
 * HTTP Digest (openrosa_digest.c), responses in OpenRosa's XML
 * with its headers, absolute URLs for the client, and each form's XForm
 * as served to that observer (the bytes the form list's hash is of).
 *
 * Functions report through req->err like api.h's, so a handler can
 * "rc = openrosa_...; if (rc) goto out;" and let the router answer (as an
 * OpenRosa response, since the path is under /openrosa/). */
#ifndef OBSERVA_OPENROSA_H
#define OBSERVA_OPENROSA_H

#include "core/buf.h"
#include "http/http.h"
#include "model/mission.h"

#define OPENROSA_VERSION "1.0"
#define OPENROSA_NS      "http://openrosa.org/http/response"

/* Who is calling: the observer whose token is in the path, or who
 * authenticated with Digest. */
struct openrosa_caller {
	const char *base; /* "TOKEN" or "m/MISSION", as in the path: for URLs */
	struct mission mission;
	const char *observer; /* observer code */
};

/* The caller, strings in req->arena: named by the path's {token}, or, on
 * a route with {m}, by Digest (openrosa_digest_caller()).  With a token,
 * ST_UNAUTHENTICATED ("unknown token: ...") when the token is not one of a
 * token's shape or has no credentials (never made, or renewed since). */
enum status openrosa_caller(struct http_req *req, struct openrosa_caller *out /* OUT */);

/* The caller authenticated by the request's "Authorization: Digest" for
 * mission {m} (docs/odk.md), strings in req->arena.  ST_NOT_FOUND when
 * {m} is not of a mission code's shape; ST_INVALID when the header's uri
 * is not the request target; ST_UNAUTHENTICATED, with req->challenge
 * set, when the header is missing or wrong in any way, the nonce is not
 * the server's, old (stale=true) or its count taken already, or the user
 * name and PIN are not right: the same answer for a wrong PIN, an
 * unknown observer, an unknown mission (challenged with its realm as a
 * mission is) and credentials made before Digest (logged, to be
 * renewed).  Wrong PINs are counted in req->svc->throttle (when set)
 * under the observer code and the client's address: once either is
 * locked, ST_DENIED with req->retry_after set (429).  Needs
 * req->svc->nonces. */
enum status openrosa_digest_caller(struct http_req *req,
                                   struct openrosa_caller *out /* OUT */);

/* Add X-OpenRosa-Version, which every OpenRosa response carries (the
 * server adds Date). */
void openrosa_resp_headers(struct http_resp *resp);

/* Answer status with
 *   <OpenRosaResponse xmlns="http://openrosa.org/http/response">
 *     <message nature="NATURE">MESSAGE</message></OpenRosaResponse>
 * (text/xml) and the OpenRosa headers.  nature: "submit_success" for a
 * report received, "error" for a failure; ODK Collect shows the message.
 * Bytes of msg that are not UTF-8 or not allowed in XML become '?'. */
void openrosa_resp_message(struct http_resp *resp, int status, const char *nature,
                           const char *msg);

/* Append s to b escaped for XML text and attribute values (& < > " '),
 * with bytes that are not UTF-8 or not allowed in XML 1.0 as '?'.
 * ST_TOO_BIG when b's cap is reached. */
enum status openrosa_buf_text(struct buf *b, const char *s);

/* "http://HOST/openrosa/BASE" (c->base) from the request's Host header, the base
 * of the absolute URLs a client is given.  ST_INVALID when Host is missing
 * or not a host name or address with an optional port. */
enum status openrosa_base_url(struct http_req *req, const struct openrosa_caller *c,
                              const char **out /* OUT */);

/* The XForm of form code (exact, "OP") in the caller's mission, with the
 * observer filled in (xform_options.observer), appended to out: the
 * mission's effective form as the intake validates against it.  *name
 * (in the form's first language) and *version (xform_version()), both in
 * req->arena, describe it; either may be NULL.  ST_NOT_FOUND when the mission has no such
 * form. */
enum status openrosa_xform(struct http_req *req, const struct openrosa_caller *c,
                           const char *code, struct buf *out, const char **name,
                           const char **version);

#endif
