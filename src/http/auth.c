/* auth.c - checking a request's credentials (Bearer token or session
 * cookie) against the store, and the router's permission check: 401
 * without valid credentials, 403 without the permission on the route's
 * mission or without the CSRF token a cookie session's change needs. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/text.h"
#include "http/auth.h"
#include "model/account.h"
#include "store/registry_cache.h"
#include "store/writer.h"

/* ---- recording use, through the writer, without waiting ---- */

struct touch {
	struct writer_job job; /* first */
	char hash[ACCOUNT_HASH_LEN + 1];
	int64_t token_id;
	char when[21];
};

static enum status touch_run(struct store *st, struct writer_job *job)
{
	struct touch *t = (struct touch *)job;

	if (t->token_id)
		return store_token_touch(st, t->token_id, t->when, &job->err);
	return store_session_touch(st, t->hash, t->when, &job->err);
}

static void touch_done(struct writer_job *job)
{
	free(job);
}

/* The uses queued lately, so that many requests at once with one session
 * or token (a script, a benchmark) queue one write, not one each, while
 * the first is waiting for the writer.  A key is a session's hash or a
 * token's number; a slot taken by another key only means one more write. */
#define RECENT_SLOTS 256

static struct {
	pthread_mutex_t mu;
	struct {
		uint64_t key;
		time_t at;
	} slot[RECENT_SLOTS];
} recent = {.mu = PTHREAD_MUTEX_INITIALIZER};

/* True when key's use was queued less than AUTH_TOUCH_SECONDS ago;
 * otherwise records that it is now. */
static bool queued_lately(const char *hash, int64_t token_id, time_t now)
{
	uint64_t key = (uint64_t)token_id;
	bool lately;
	size_t i;

	if (hash)
		for (const char *c = hash; *c; c++)
			key = key * 1099511628211u ^ (unsigned char)*c;
	i = key % RECENT_SLOTS;
	pthread_mutex_lock(&recent.mu);
	lately =
	    recent.slot[i].key == key && now - recent.slot[i].at < AUTH_TOUCH_SECONDS;
	if (!lately) {
		recent.slot[i].key = key;
		recent.slot[i].at = now;
	}
	pthread_mutex_unlock(&recent.mu);
	return lately;
}

/* Queue the record of a use at now when the last one (last, or NULL) is
 * older than AUTH_TOUCH_SECONDS. */
static void touch(struct http_req *req, const char *hash, int64_t token_id,
                  const char *last, time_t now)
{
	char cutoff[21];
	struct touch *t;

	text_time_iso((long long)(now - AUTH_TOUCH_SECONDS), cutoff);
	if (!req->svc || !req->svc->writer || (last && strcmp(last, cutoff) > 0) ||
	    queued_lately(hash, token_id, now))
		return;
	t = calloc(1, sizeof(*t));
	if (!t)
		return;
	t->job.run = touch_run;
	t->job.done = touch_done;
	if (hash)
		snprintf(t->hash, sizeof(t->hash), "%s", hash);
	t->token_id = token_id;
	text_time_iso((long long)now, t->when);
	writer_submit(req->svc->writer, &t->job);
}

/* ---- finding the caller ---- */

static enum status unauthenticated(struct http_req *req, const char *why)
{
	req->challenge = "Bearer realm=\"observa\"";
	return err_set(&req->err, ST_UNAUTHENTICATED, AUTH_SIGN_IN_PREFIX " again: %s",
	               why);
}

static enum status by_token(struct http_req *req, const char *token, struct auth *a)
{
	char hash[ACCOUNT_HASH_LEN + 1], now[21];
	struct token_row t;
	time_t clock = time(NULL);
	enum status rc;

	if (!account_token_shape(token))
		return unauthenticated(req, "the Bearer token is not one of observa's");
	account_secret_hash(token, hash);
	rc = registry_token_find(req->store, hash, &req->arena, &t, &req->err);
	if (rc == ST_NOT_FOUND || (!rc && !account_secret_equal(t.hash, hash)))
		return unauthenticated(req, "the Bearer token is unknown");
	if (rc)
		return rc;
	text_time_iso((long long)clock, now);
	if (t.revoked)
		return unauthenticated(req, "the Bearer token was revoked");
	if (t.expires_at && strcmp(t.expires_at, now) <= 0)
		return unauthenticated(req, "the Bearer token has expired");
	if (t.disabled)
		return unauthenticated(req, "the token's user is disabled");
	if (!scope_parse(t.scope, &a->scope, NULL, 0))
		a->scope = 0; /* a scope this version cannot read allows nothing */
	a->user_id = t.user_id;
	a->user = t.user;
	a->admin = t.admin;
	a->token_id = t.id;
	a->expires_at = t.expires_at;
	touch(req, NULL, t.id, t.last_used, clock);
	return ST_OK;
}

static enum status by_cookie(struct http_req *req, const char *id, struct auth *a)
{
	char hash[ACCOUNT_HASH_LEN + 1], now[21], idle[21];
	struct session_row s;
	time_t clock = time(NULL);
	enum status rc;

	if (!account_secret_shape(id))
		return unauthenticated(req, "the session cookie is not one of observa's");
	account_secret_hash(id, hash);
	rc = store_session_find(req->store, hash, &req->arena, &s, &req->err);
	if (rc == ST_NOT_FOUND || (!rc && !account_secret_equal(s.id_hash, hash)))
		return unauthenticated(req, "the session has ended");
	if (rc)
		return rc;
	text_time_iso((long long)clock, now);
	text_time_iso((long long)(clock - s.idle_seconds), idle);
	if (strcmp(s.expires_at, now) <= 0 || strcmp(s.last_seen, idle) < 0)
		return unauthenticated(req, "the session has ended");
	if (s.disabled)
		return unauthenticated(req, "the account is disabled");
	a->user_id = s.user_id;
	a->user = s.user;
	a->admin = s.admin;
	a->by_cookie = true;
	a->scope = PERM_ALL;
	a->session_hash = s.id_hash;
	a->csrf = s.csrf;
	a->expires_at = s.expires_at;
	touch(req, s.id_hash, 0, s.last_seen, clock);
	return ST_OK;
}

enum status auth_identify(struct http_req *req, const struct auth **out)
{
	const char *authz = http_header(req, "Authorization");
	const char *cookie = http_header(req, "Cookie");
	char id[ACCOUNT_SECRET_LEN + 2];
	struct auth *a;
	enum status rc;

	*out = NULL;
	a = arena_alloc(&req->arena, sizeof(*a));
	memset(a, 0, sizeof(*a));
	if (authz) {
		const char *t = authz;

		if (strncasecmp(t, "Bearer ", 7))
			return unauthenticated(req, "the Authorization header is not "
			                            "\"Bearer TOKEN\"");
		t += 7;
		while (*t == ' ')
			t++;
		rc = by_token(req, t, a);
	} else if (cookie && auth_cookie_value(cookie, AUTH_COOKIE, id, sizeof(id))) {
		rc = by_cookie(req, id, a);
	} else {
		return ST_OK;
	}
	if (!rc)
		*out = a;
	return rc;
}

/* ---- permissions ---- */

enum status auth_perms_on(struct http_req *req, const struct auth *a, const char *mission,
                          perm_set *out, const char **role)
{
	const char *name = NULL;
	enum role r;
	enum status rc;

	*out = 0;
	if (role)
		*role = NULL;
	if (a->admin) {
		*out = PERM_ALL & a->scope;
		if (role)
			*role = role_name(ROLE_ADMIN);
		return ST_OK;
	}
	rc = registry_role_get(req->store, a->user_id, mission, &req->arena, &name,
	                       &req->err);
	if (rc)
		return rc;
	if (name && role_parse(name, &r) && r != ROLE_ADMIN) {
		*out = role_perms(r) & a->scope;
		if (role)
			*role = name;
	}
	return ST_OK;
}

struct any_ctx {
	enum perm perm;
	perm_set scope;
	bool found;
};

static enum status any_role(void *ctx, const struct user_role_row *row)
{
	struct any_ctx *c = ctx;
	enum role r;

	if (role_parse(row->role, &r) && r != ROLE_ADMIN &&
	    (role_perms(r) & c->scope & PERM_BIT(c->perm)))
		c->found = true;
	return ST_OK;
}

/* True when a may use perm on the mission of the route, or, for a route
 * without a mission, on some mission. */
static enum status allowed(struct http_req *req, const struct auth *a, enum perm perm,
                           bool *yes)
{
	const char *mission = http_param(req, "m");
	struct any_ctx c = {.perm = perm, .scope = a->scope};
	perm_set set;
	enum status rc;

	*yes = false;
	if (mission) {
		rc = auth_perms_on(req, a, mission, &set, NULL);
		*yes = !rc && (set & PERM_BIT(perm));
		return rc;
	}
	if (a->admin) {
		*yes = (a->scope & PERM_BIT(perm)) != 0;
		return ST_OK;
	}
	rc = store_user_role_list(req->store, a->user_id, any_role, &c, &req->err);
	*yes = !rc && c.found;
	return rc;
}

enum status auth_require(struct http_req *req, enum perm perm)
{
	const char *mission = http_param(req, "m");
	const struct auth *a = req->auth;
	const char *sent;
	enum status rc;
	bool yes;

	if (!a) {
		rc = auth_identify(req, &a);
		if (rc)
			return rc;
	}
	if (!a) {
		req->challenge = "Bearer realm=\"observa\"";
		return err_set(&req->err, ST_UNAUTHENTICATED,
		               AUTH_SIGN_IN_PREFIX
		               " to use %s %s: send the session cookie "
		               "(POST /api/v1/session) or "
		               "Authorization: Bearer TOKEN",
		               req->method, req->path);
	}
	req->auth = a;
	if (a->by_cookie && auth_method_changes(req->method)) {
		sent = http_header(req, AUTH_CSRF_HEADER);
		if (!sent || !a->csrf || !account_secret_equal(sent, a->csrf))
			return err_set(
			    &req->err, ST_DENIED,
			    "the " AUTH_CSRF_HEADER " header is missing or does "
			    "not match the session's (GET /api/v1/session gives it)");
	}
	rc = allowed(req, a, perm, &yes);
	if (rc)
		return rc;
	if (!yes) {
		if (mission)
			return err_set(
			    &req->err, ST_DENIED,
			    "user \"%s\" does not have permission %s on mission "
			    "\"%s\", needed for %s %s",
			    a->user, perm_name(perm), mission, req->method, req->path);
		return err_set(
		    &req->err, ST_DENIED,
		    "user \"%s\" does not have permission %s, needed for %s %s", a->user,
		    perm_name(perm), req->method, req->path);
	}
	if (req->store)
		store_set_actor(req->store, a->user,
		                req->client ? req->client : "unknown");
	return ST_OK;
}
