/* auth.h - who is calling: the session cookie or the Bearer token of a
 * request checked against the store, the caller's permissions on a
 * mission (its role there, narrowed by a token's scope), and the checks
 * the router makes before a handler runs (401, 403, CSRF).
 * docs/security.md describes the rules. */
#ifndef OBSERVA_AUTH_H
#define OBSERVA_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"
#include "http/role.h"

#define AUTH_COOKIE         "observa_session"
#define AUTH_CSRF_HEADER    "X-CSRF-Token"
#define AUTH_SESSION_HOURS  12   /* a session ends this long after sign-in */
#define AUTH_SESSION_IDLE   3600 /* or after this many seconds unused */
#define AUTH_TOUCH_SECONDS  60   /* last use is written at most this often */
#define AUTH_SIGN_IN_PREFIX "sign in"

/* A caller whose credentials were checked; lives in the request's arena. */
struct auth {
	int64_t user_id;
	const char *user; /* the user's name: the audit log's actor */
	bool admin;
	bool by_cookie;           /* a session cookie; else a Bearer token */
	perm_set scope;           /* what the token allows; PERM_ALL for sessions */
	int64_t token_id;         /* the token's key, 0 for sessions */
	const char *session_hash; /* the session's key, NULL for tokens */
	const char *csrf;         /* the session's CSRF token, NULL for tokens */
	const char *expires_at;   /* when the session or token ends, or NULL */
};

/* Find the caller of req from its Authorization: Bearer header or, when
 * it has none, its session cookie, on req->store.  *out is NULL when the
 * request carries neither.  ST_UNAUTHENTICATED (message starting "sign
 * in") for credentials that are malformed, unknown, expired, revoked or
 * of a disabled user; a store error otherwise.  Records the use of a
 * session or token at most every AUTH_TOUCH_SECONDS, through the
 * process's writer (not at all without one). */
enum status auth_identify(struct http_req *req, const struct auth **out /* OUT */);

/* What a caller may do on the mission with code mission: everything for
 * an admin, its role's permissions otherwise (none without a role there or
 * when there is no such mission), within the token's scope.  With role
 * non-NULL, *role gets the role's name (in req->arena) or NULL. */
enum status auth_perms_on(struct http_req *req, const struct auth *a, const char *mission,
                          perm_set *out /* OUT */,
                          const char **role /* OUT, may be NULL */);

/* The router's check before a handler whose route needs perm (not one of
 * perm_self_checked()): identify the caller unless req->auth is set
 * already (then it is trusted as it is); without credentials
 * ST_UNAUTHENTICATED "sign in ..." with a Bearer challenge; a cookie
 * session's POST, PUT, PATCH or DELETE without the session's
 * X-CSRF-Token is ST_DENIED; so is a caller without perm on the route's
 * mission (its {m}) or, for a route without one, on any mission.  Once
 * allowed, the store's actor becomes the user's name and its origin the
 * client's address, for the audit log. */
enum status auth_require(struct http_req *req, enum perm perm);

/* True for a method that may change state (not GET, HEAD or OPTIONS). */
bool auth_method_changes(const char *method);

/* The value of cookie name in a Cookie header ("a=1; observa_session=x"),
 * read by cookie_get() (cookie.h) and copied into out (n bytes); false
 * when absent, empty, longer than n - 1, or when cookie_get() refuses the
 * header (malformed anywhere, or the cookie sent twice). */
bool auth_cookie_value(const char *header, const char *name, char *out, size_t n);

/* The Set-Cookie value for a session id (or, with id NULL, one that
 * clears the cookie): HttpOnly, SameSite=Strict, Path=/, and Secure when
 * the request came over TLS, the server's public URL is https, or a proxy
 * says X-Forwarded-Proto: https; in req->arena. */
const char *auth_set_cookie(struct http_req *req, const char *id);

#endif
