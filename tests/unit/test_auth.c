/* test_auth.c - accounts without a database: the role table, token
 * scopes, the session cookie, secrets and their hashes, passwords, the
 * sign-in throttle, and the router's 401/403/CSRF checks for callers whose
 * rights need no store (admins). */
#include <string.h>

#include "http/auth.h"
#include "http/login_throttle.h"
#include "http/role.h"
#include "http/router.h"
#include "model/account.h"
#include "test.h"

static void test_role_table(void **state)
{
	enum role r;

	(void)state;
	for (int i = 0; i < ROLE__COUNT; i++) {
		assert_true(role_parse(role_name((enum role)i), &r));
		assert_int_equal(r, i);
	}
	assert_false(role_parse("Admin", &r));
	assert_false(role_parse("", &r));
	assert_string_equal(role_name(ROLE__COUNT), "unknown");
	assert_int_equal(role_perms(ROLE_ADMIN), PERM_ALL);
	assert_int_equal(role_perms(ROLE_COORDINATOR), PERM_ALL);
	/* viewer: the findings and the mission, nothing else */
	assert_int_equal(role_perms(ROLE_VIEWER),
	                 PERM_BIT(PERM_READ_MISSION) | PERM_BIT(PERM_READ_FINDINGS));
	/* observer: send reports and read forms only */
	assert_int_equal(role_perms(ROLE_OBSERVER),
	                 PERM_BIT(PERM_SUBMIT) | PERM_BIT(PERM_READ_FORMS));
	/* analyst: every read_* permission and nothing that changes data */
	for (int p = 0; p < PERM__COUNT; p++) {
		bool reads = !strncmp(perm_name((enum perm)p), "read_", 5);
		assert_int_equal((role_perms(ROLE_ANALYST) & PERM_BIT(p)) != 0, reads);
	}
	/* clerk: reports, reviews, observers, deployment, registry, forms */
	assert_true(role_perms(ROLE_CLERK) & PERM_BIT(PERM_SUBMIT));
	assert_true(role_perms(ROLE_CLERK) & PERM_BIT(PERM_REVIEW));
	assert_true(role_perms(ROLE_CLERK) & PERM_BIT(PERM_MANAGE_ASSIGNMENTS));
	assert_true(role_perms(ROLE_CLERK) & PERM_BIT(PERM_READ_OBSERVERS));
	assert_true(role_perms(ROLE_CLERK) & PERM_BIT(PERM_READ_REGISTRY));
	assert_true(role_perms(ROLE_CLERK) & PERM_BIT(PERM_MANAGE_REGISTRY));
	assert_false(role_perms(ROLE_CLERK) & PERM_BIT(PERM_MANAGE_LOCATIONS));
	assert_false(role_perms(ROLE_CLERK) & PERM_BIT(PERM_READ_FINDINGS));
	assert_false(role_perms(ROLE_CLERK) & PERM_BIT(PERM_SEND_SMS));
	assert_false(role_perms(ROLE_CLERK) & PERM_BIT(PERM_WRITE_STATEMENT));
	/* routes that check callers themselves */
	assert_true(perm_self_checked(PERM_PUBLIC));
	assert_true(perm_self_checked(PERM_ODK_SUBMIT));
	assert_true(perm_self_checked(PERM_ODK_FORMS));
	assert_false(perm_self_checked(PERM_READ_MISSION));
}

static void test_scopes(void **state)
{
	char bad[64];
	perm_set s;

	(void)state;
	assert_true(scope_parse("all", &s, bad, sizeof(bad)));
	assert_int_equal(s, PERM_ALL);
	assert_true(scope_parse("read", &s, bad, sizeof(bad)));
	assert_int_equal(s, role_perms(ROLE_ANALYST));
	assert_true(scope_parse("read_mission,submit", &s, bad, sizeof(bad)));
	assert_int_equal(s, PERM_BIT(PERM_READ_MISSION) | PERM_BIT(PERM_SUBMIT));
	assert_false(scope_parse("read_mission,,submit", &s, bad, sizeof(bad)));
	assert_string_equal(bad, "");
	assert_false(scope_parse("read_mission,launch", &s, bad, sizeof(bad)));
	assert_string_equal(bad, "launch");
	assert_false(scope_parse("public", &s, bad, sizeof(bad)));
	assert_false(scope_parse("", &s, bad, sizeof(bad)));
	assert_false(scope_parse(NULL, &s, bad, sizeof(bad)));
}

static void test_session_cookie(void **state)
{
	char v[48];

	(void)state;
	assert_true(
	    auth_cookie_value("observa_session=abc", "observa_session", v, sizeof(v)));
	assert_string_equal(v, "abc");
	assert_true(auth_cookie_value("a=1; observa_session=x-y_z ; b=2",
	                              "observa_session", v, sizeof(v)));
	assert_string_equal(v, "x-y_z");
	assert_false(
	    auth_cookie_value("xobserva_session=abc", "observa_session", v, sizeof(v)));
	assert_false(auth_cookie_value("a=1;b=2", "observa_session", v, sizeof(v)));
	assert_false(auth_cookie_value("", "observa_session", v, sizeof(v)));
	/* too long for the buffer: not cut short */
	assert_false(
	    auth_cookie_value("observa_session=0123456789", "observa_session", v, 8));
	/* The strict reader: a second cookie of the name (planted by a sibling
	 * site), a broken pair anywhere, or a byte a cookie may not hold is no
	 * session at all, not the first value read. */
	assert_false(auth_cookie_value("observa_session=abc; observa_session=def",
	                               "observa_session", v, sizeof(v)));
	assert_false(auth_cookie_value("observa_session=abc; junk", "observa_session", v,
	                               sizeof(v)));
	assert_false(
	    auth_cookie_value("observa_session=a\x01c", "observa_session", v, sizeof(v)));
	assert_false(
	    auth_cookie_value("observa_session=", "observa_session", v, sizeof(v)));
	assert_true(
	    auth_cookie_value("observa_session=\"q1\"", "observa_session", v, sizeof(v)));
	assert_string_equal(v, "q1");
	assert_true(auth_method_changes("POST"));
	assert_true(auth_method_changes("DELETE"));
	assert_true(auth_method_changes("PUT"));
	assert_true(auth_method_changes("PATCH"));
	assert_false(auth_method_changes("GET"));
	assert_false(auth_method_changes("HEAD"));
}

static void test_secrets(void **state)
{
	char a[ACCOUNT_SECRET_LEN + 1], b[ACCOUNT_SECRET_LEN + 1];
	char t[ACCOUNT_TOKEN_LEN + 1], h1[ACCOUNT_HASH_LEN + 1], h2[ACCOUNT_HASH_LEN + 1];

	(void)state;
	account_secret_new(a);
	account_secret_new(b);
	assert_int_equal(strlen(a), ACCOUNT_SECRET_LEN);
	assert_true(account_secret_shape(a));
	assert_string_not_equal(a, b);
	account_token_new(t);
	assert_true(account_token_shape(t));
	assert_false(account_token_shape(a));
	assert_false(account_secret_shape("short"));
	assert_false(account_secret_shape(t));
	/* the stored hash: BLAKE2b-256 of the text, hex; the same text, the
	 * same hash, so a token is found by one index lookup */
	account_secret_hash(t, h1);
	account_secret_hash(t, h2);
	assert_int_equal(strlen(h1), ACCOUNT_HASH_LEN);
	assert_string_equal(h1, h2);
	assert_string_not_equal(h1, t);
	account_secret_hash(a, h2);
	assert_string_not_equal(h1, h2);
	/* the unkeyed 32-byte BLAKE2b digest of "abc", as Python's
	 * hashlib.blake2b(b"abc", digest_size=32) gives it too */
	account_secret_hash("abc", h1);
	assert_string_equal(
	    h1, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	assert_true(account_secret_equal("same", "same"));
	assert_false(account_secret_equal("same", "Same"));
	assert_false(account_secret_equal("same", "samer"));
}

static void test_passwords(void **state)
{
	char hash[crypto_pwhash_STRBYTES], gen[ACCOUNT_GENERATED_LEN + 1];
	struct err e;

	(void)state;
	assert_int_equal(account_password_check("short", &e), ST_INVALID);
	assert_string_equal(e.msg, "a password has at least 8 characters");
	assert_int_equal(account_password_check("two\nlines", &e), ST_INVALID);
	assert_int_equal(account_password_check("long enough", &e), ST_OK);
	assert_int_equal(account_password_hash("correct horse", hash, &e), ST_OK);
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_true(account_password_verify(hash, "correct horse"));
	assert_false(account_password_verify(hash, "correct horse "));
	/* no user: the dummy hash is checked, and never matches */
	assert_false(account_password_verify(NULL, "correct horse"));
	assert_false(account_password_verify(NULL, ""));
	account_password_generate(gen);
	assert_int_equal(strlen(gen), ACCOUNT_GENERATED_LEN);
	assert_null(strpbrk(gen, "0O1lI"));
	assert_true(account_name_valid("alice"));
	assert_true(account_name_valid("a.b-c_d@example.org"));
	assert_false(account_name_valid("cli:alice"));
	assert_false(account_name_valid(".alice"));
	assert_false(account_name_valid(""));
	assert_false(account_name_valid("al ice"));
	assert_false(account_name_valid(
	    "a23456789012345678901234567890123456789012345678901234567890123456"));
}

/* A table made with its own first lock (serve --lock-seconds): that
 * lock, doubled after each further failure up to LOGIN_LOCK_MAX; a first
 * lock above it is LOGIN_LOCK_MAX. */
static void test_throttle_first_lock(void **state)
{
	struct login_throttle *t = login_throttle_new(3), *big;
	time_t now = 1000000;

	(void)state;
	for (int i = 0; i < 5; i++)
		login_throttle_fail(t, "user:a", 5, now);
	assert_int_equal(login_throttle_wait(t, "user:a", now), 3);
	login_throttle_fail(t, "user:a", 5, now);
	assert_int_equal(login_throttle_wait(t, "user:a", now), 6);
	for (int i = 0; i < 20; i++)
		login_throttle_fail(t, "user:a", 5, now);
	assert_int_equal(login_throttle_wait(t, "user:a", now), LOGIN_LOCK_MAX);
	big = login_throttle_new(LOGIN_LOCK_MAX + 1);
	login_throttle_fail(big, "addr:x", 1, now);
	assert_int_equal(login_throttle_wait(big, "addr:x", now), LOGIN_LOCK_MAX);
	login_throttle_free(t);
	login_throttle_free(big);
}

static void test_throttle(void **state)
{
	struct login_throttle *t = login_throttle_new(0);
	time_t now = 1000000;

	(void)state;
	assert_int_equal(login_throttle_wait(t, "user:a", now), 0);
	for (int i = 0; i < 4; i++)
		login_throttle_fail(t, "user:a", 5, now);
	assert_int_equal(login_throttle_wait(t, "user:a", now), 0);
	/* the fifth failure locks for LOGIN_LOCK_BASE seconds */
	login_throttle_fail(t, "user:a", 5, now);
	assert_int_equal(login_throttle_wait(t, "user:a", now), LOGIN_LOCK_BASE);
	assert_int_equal(login_throttle_wait(t, "user:a", now + 10),
	                 LOGIN_LOCK_BASE - 10);
	assert_int_equal(login_throttle_wait(t, "user:b", now), 0);
	/* each further failure doubles the lock, up to LOGIN_LOCK_MAX */
	now += LOGIN_LOCK_BASE;
	assert_int_equal(login_throttle_wait(t, "user:a", now), 0);
	login_throttle_fail(t, "user:a", 5, now);
	assert_int_equal(login_throttle_wait(t, "user:a", now), 2 * LOGIN_LOCK_BASE);
	login_throttle_fail(t, "user:a", 5, now);
	assert_int_equal(login_throttle_wait(t, "user:a", now), 4 * LOGIN_LOCK_BASE);
	for (int i = 0; i < 10; i++)
		login_throttle_fail(t, "user:a", 5, now);
	assert_int_equal(login_throttle_wait(t, "user:a", now), LOGIN_LOCK_MAX);
	/* a success clears the account */
	login_throttle_clear(t, "user:a");
	assert_int_equal(login_throttle_wait(t, "user:a", now), 0);
	/* failures are forgotten LOGIN_WINDOW after the last one */
	for (int i = 0; i < 4; i++)
		login_throttle_fail(t, "addr:x", 5, now);
	login_throttle_fail(t, "addr:x", 5, now + LOGIN_WINDOW);
	assert_int_equal(login_throttle_wait(t, "addr:x", now + LOGIN_WINDOW), 0);
	/* a full table forgets the least recently failed key */
	for (int i = 0; i < LOGIN_KEYS + 10; i++) {
		char key[32];
		snprintf(key, sizeof(key), "user:%d", i);
		for (int k = 0; k < 5; k++)
			login_throttle_fail(t, key, 5, now + i);
	}
	assert_int_equal(login_throttle_wait(t, "user:0", now + LOGIN_KEYS + 10), 0);
	assert_true(login_throttle_wait(t, "user:4100", now + LOGIN_KEYS + 10) > 0);
	login_throttle_free(t);
}

/* ---- the router's checks ---- */

static enum status h_ok(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	return http_resp_json(resp, 200, json_object());
}

static const struct route table[] = {
    {"GET", "/open", h_ok, PERM_PUBLIC},
    {"GET", "/m/{m}", h_ok, PERM_READ_MISSION},
    {"POST", "/m/{m}/review", h_ok, PERM_REVIEW},
};

static const char *csrf_sent;

static const char *headers(void *ctx, const char *name)
{
	(void)ctx;
	return !strcmp(name, AUTH_CSRF_HEADER) ? csrf_sent : NULL;
}

static int dispatch(const char *method, const char *target, const struct auth *a,
                    char *body, size_t n)
{
	struct http_req req;
	struct http_resp resp;
	int status;

	memset(&req, 0, sizeof(req));
	req.arena = (struct arena)ARENA_INIT;
	req.method = method;
	req.client = "127.0.0.1";
	req.auth = a;
	req.header_fn = headers;
	buf_init(&req.body, HTTP_BODY_MAX);
	http_resp_init(&resp, &req.arena);
	router_dispatch_in(table, sizeof(table) / sizeof(table[0]), &req, target, &resp);
	status = resp.status;
	snprintf(body, n, "%s", resp.body.ptr ? resp.body.ptr : "");
	if (status == 401) {
		assert_int_equal(resp.nheaders, 1);
		assert_string_equal(resp.headers[0].key, "WWW-Authenticate");
	}
	http_resp_release(&resp);
	buf_release(&req.body);
	arena_release(&req.arena);
	return status;
}

static void test_router_checks(void **state)
{
	const struct auth admin = {.user = "root", .admin = true, .scope = PERM_ALL};
	const struct auth reader = {.user = "bot",
	                            .admin = true,
	                            .token_id = 4,
	                            .scope = PERM_BIT(PERM_READ_MISSION)};
	const struct auth cookie = {.user = "root",
	                            .admin = true,
	                            .by_cookie = true,
	                            .scope = PERM_ALL,
	                            .csrf = "the-csrf-token"};
	char body[512];

	(void)state;
	csrf_sent = NULL;
	/* no credentials: public routes answer, the others 401 "sign in" */
	assert_int_equal(dispatch("GET", "/open", NULL, body, sizeof(body)), 200);
	assert_int_equal(dispatch("GET", "/m/x", NULL, body, sizeof(body)), 401);
	assert_non_null(strstr(body, "{\"error\":\"sign in to use GET /m/x"));
	assert_int_equal(dispatch("POST", "/m/x/review", NULL, body, sizeof(body)), 401);
	/* an admin may; a token's scope narrows even an admin's rights */
	assert_int_equal(dispatch("GET", "/m/x", &admin, body, sizeof(body)), 200);
	assert_int_equal(dispatch("POST", "/m/x/review", &admin, body, sizeof(body)),
	                 200);
	assert_int_equal(dispatch("GET", "/m/x", &reader, body, sizeof(body)), 200);
	assert_int_equal(dispatch("POST", "/m/x/review", &reader, body, sizeof(body)),
	                 403);
	assert_string_equal(body,
	                    "{\"error\":\"user \\\"bot\\\" does not have permission "
	                    "review on mission \\\"x\\\", needed for POST "
	                    "/m/x/review\"}");
	/* a cookie session's change needs the session's CSRF token; reads
	 * and Bearer tokens do not */
	assert_int_equal(dispatch("GET", "/m/x", &cookie, body, sizeof(body)), 200);
	assert_int_equal(dispatch("POST", "/m/x/review", &cookie, body, sizeof(body)),
	                 403);
	assert_non_null(strstr(body, "X-CSRF-Token"));
	csrf_sent = "the-csrf-tokeN";
	assert_int_equal(dispatch("POST", "/m/x/review", &cookie, body, sizeof(body)),
	                 403);
	csrf_sent = "the-csrf-token";
	assert_int_equal(dispatch("POST", "/m/x/review", &cookie, body, sizeof(body)),
	                 200);
	csrf_sent = NULL;
	/* 404 and 405 come before any check */
	assert_int_equal(dispatch("GET", "/nowhere", NULL, body, sizeof(body)), 404);
	assert_int_equal(dispatch("DELETE", "/m/x", NULL, body, sizeof(body)), 405);
}

int test_auth(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_role_table),
	    cmocka_unit_test(test_scopes),
	    cmocka_unit_test(test_session_cookie),
	    cmocka_unit_test(test_secrets),
	    cmocka_unit_test(test_passwords),
	    cmocka_unit_test(test_throttle),
	    cmocka_unit_test(test_throttle_first_lock),
	    cmocka_unit_test(test_router_checks),
	};
	return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
