/* h_api_session.c - POST, GET and DELETE /api/v1/session: signing in with
 * a user name and password (a new session every time, throttled after
 * failures), the current session, and signing out.  docs/security.md. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/text.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/login_throttle.h"
#include "http/session_json.h"
#include "model/account.h"

#define WRONG "wrong user name or password"

struct sign_in {
	struct session_row row;
	char id[ACCOUNT_SECRET_LEN + 1];
	json_t *body; /* the answer, made before the write */
};

static void sign_in_free(void *arg)
{
	struct sign_in *s = arg;

	sodium_memzero(s->id, sizeof(s->id));
	json_decref(s->body);
}

static enum status sign_in_write(struct store *st, void *ctx, struct err *e)
{
	struct sign_in *s = ctx;

	return store_session_create(st, &s->row, e);
}

static enum status sign_in_render(struct http_req *req, struct http_resp *resp, void *ctx)
{
	struct sign_in *s = ctx;
	json_t *body = s->body;

	s->body = NULL;
	http_resp_header(resp, "Set-Cookie", auth_set_cookie(req, s->id));
	http_resp_header(resp, "Cache-Control", "no-store");
	return http_resp_json(resp, 200, body);
}

/* 429 when the account or the client's address is locked. */
static bool throttled(struct http_req *req, struct http_resp *resp, const char *user_key,
                      const char *addr_key, time_t now)
{
	struct login_throttle *t = req->svc ? req->svc->throttle : NULL;
	long wait, w2;
	char secs[24];

	if (!t)
		return false;
	wait = login_throttle_wait(t, user_key, now);
	w2 = login_throttle_wait(t, addr_key, now);
	if (w2 > wait)
		wait = w2;
	if (!wait)
		return false;
	snprintf(secs, sizeof(secs), "%ld", wait);
	http_resp_error(resp, 429, "too many failed sign-ins: try again in %ld seconds",
	                wait);
	http_resp_header(resp, "Retry-After", secs);
	return true;
}

/* The user and password of the body, or ST_INVALID. */
static enum status read_body(struct http_req *req, const char **user,
                             const char **password)
{
	json_t *j, *u, *p;
	enum status rc = api_body_json(req, &j);

	if (rc)
		return rc;
	u = json_object_get(j, "user");
	p = json_object_get(j, "password");
	if (!json_is_string(u) || !json_is_string(p)) {
		json_decref(j);
		return err_set(
		    &req->err, ST_INVALID,
		    "body: {\"user\": NAME, \"password\": PASSWORD} is needed");
	}
	*user = arena_strdup(&req->arena, json_string_value(u));
	*password = arena_strdup(&req->arena, json_string_value(p));
	json_decref(j);
	return ST_OK;
}

/* The session to begin for u, and the caller it makes. */
static struct sign_in *new_session(struct http_req *req, const struct user_row *u,
                                   time_t now)
{
	struct sign_in *s = arena_alloc(&req->arena, sizeof(*s));
	struct auth *a = arena_alloc(&req->arena, sizeof(*a));
	char *hash = arena_alloc(&req->arena, ACCOUNT_HASH_LEN + 1);
	char *csrf = arena_alloc(&req->arena, ACCOUNT_SECRET_LEN + 1);
	char *created = arena_alloc(&req->arena, 21),
	     *expires = arena_alloc(&req->arena, 21);

	memset(s, 0, sizeof(*s));
	account_secret_new(s->id);
	account_secret_hash(s->id, hash);
	account_secret_new(csrf);
	text_time_iso((long long)now, created);
	text_time_iso((long long)now + AUTH_SESSION_HOURS * 3600LL, expires);
	s->row = (struct session_row){
	    .id_hash = hash,
	    .csrf = csrf,
	    .user_id = u->id,
	    .user = u->name,
	    .created_at = created,
	    .last_seen = created,
	    .expires_at = expires,
	    .idle_seconds = AUTH_SESSION_IDLE,
	    .client = req->client,
	};
	*a = (struct auth){
	    .user_id = u->id,
	    .user = u->name,
	    .admin = u->admin,
	    .by_cookie = true,
	    .scope = PERM_ALL,
	    .session_hash = hash,
	    .csrf = csrf,
	    .expires_at = expires,
	};
	req->auth = a;
	return s;
}

enum status h_session_post(struct http_req *req, struct http_resp *resp)
{
	const char *name = NULL, *password = NULL;
	const char *client = req->client ? req->client : "unknown";
	struct login_throttle *t = req->svc ? req->svc->throttle : NULL;
	char user_key[LOGIN_KEY_MAX + 1], addr_key[LOGIN_KEY_MAX + 1];
	time_t now = time(NULL);
	struct user_row u;
	struct sign_in *s;
	bool found, ok;
	enum status rc;

	rc = read_body(req, &name, &password);
	if (rc)
		return rc;
	snprintf(user_key, sizeof(user_key), "user:%s", name);
	text_lower(user_key);
	snprintf(addr_key, sizeof(addr_key), "addr:%s", client);
	if (throttled(req, resp, user_key, addr_key, now))
		return ST_OK;
	rc = account_name_valid(name)
	         ? store_user_get(req->store, name, &req->arena, &u, &req->err)
	         : ST_NOT_FOUND;
	if (rc && rc != ST_NOT_FOUND)
		return rc;
	err_clear(&req->err);
	found = rc == ST_OK;
	/* An unknown name is checked against a dummy hash: the same time. */
	ok = account_password_verify(found ? u.password_hash : NULL, password);
	if (!ok || !found || u.disabled) {
		if (t) {
			login_throttle_fail(t, user_key, LOGIN_ACCOUNT_LIMIT, now);
			login_throttle_fail(t, addr_key, LOGIN_ADDRESS_LIMIT, now);
		}
		http_resp_error(resp, 401, WRONG);
		return ST_OK;
	}
	if (t)
		login_throttle_clear(t, user_key);
	s = new_session(req, &u, now);
	rc = session_json(req, req->auth, &s->body);
	if (rc)
		return rc;
	http_on_release(req, sign_in_free, s);
	return api_write(req, sign_in_write, sign_in_render, s);
}

/* The caller, or 401 "sign in ...". */
static enum status caller(struct http_req *req, const struct auth **a)
{
	enum status rc = auth_identify(req, a);

	if (rc)
		return rc;
	if (!*a) {
		req->challenge = "Bearer realm=\"observa\"";
		return err_set(&req->err, ST_UNAUTHENTICATED,
		               AUTH_SIGN_IN_PREFIX " first: POST /api/v1/session with "
		                                   "{\"user\", \"password\"}");
	}
	req->auth = *a;
	return ST_OK;
}

enum status h_session_get(struct http_req *req, struct http_resp *resp)
{
	const struct auth *a;
	json_t *j;
	enum status rc = caller(req, &a);

	if (rc)
		return rc;
	rc = session_json(req, a, &j);
	if (rc)
		return rc;
	http_resp_header(resp, "Cache-Control", "no-store");
	return http_resp_json(resp, 200, j);
}

static enum status sign_out_write(struct store *st, void *ctx, struct err *e)
{
	char now[21];

	text_now_iso(now);
	return store_session_delete(st, ctx, now, e);
}

static enum status sign_out_render(struct http_req *req, struct http_resp *resp,
                                   void *ctx)
{
	(void)ctx;
	resp->status = 204;
	resp->content_type = HTTP_JSON;
	http_resp_header(resp, "Set-Cookie", auth_set_cookie(req, NULL));
	return ST_OK;
}

enum status h_session_delete(struct http_req *req, struct http_resp *resp)
{
	const struct auth *a;
	const char *sent;
	enum status rc = caller(req, &a);

	(void)resp;
	if (rc)
		return rc;
	if (!a->by_cookie)
		return err_set(&req->err, ST_INVALID,
		               "a Bearer token is not a session: revoke it with "
		               "'observa token revoke ID'");
	sent = http_header(req, AUTH_CSRF_HEADER);
	if (!sent || !account_secret_equal(sent, a->csrf))
		return err_set(&req->err, ST_DENIED,
		               "the " AUTH_CSRF_HEADER " header is missing or does not "
		               "match the session's (GET /api/v1/session gives it)");
	return api_write(req, sign_out_write, sign_out_render, (void *)a->session_hash);
}
