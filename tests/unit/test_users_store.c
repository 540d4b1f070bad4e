/* test_users_store.c - accounts in the SQLite store and the checks that
 * read them: users and roles, sessions and tokens found by the hash of
 * their secrets (expired, revoked, idle, disabled), permissions on one
 * mission and not another, and the audit entries with the user as actor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/text.h"
#include "http/auth.h"
#include "model/account.h"
#include "store/store.h"
#include "test.h"

static char db_path[64];
static const char *cookie_sent, *authz_sent;

static int setup(void **state)
{
	int fd;

	(void)state;
	snprintf(db_path, sizeof(db_path), "/tmp/observa-test-XXXXXX");
	fd = mkstemp(db_path);
	assert_true(fd >= 0);
	close(fd);
	unlink(db_path);
	return 0;
}

static int teardown(void **state)
{
	char p[96];

	(void)state;
	unlink(db_path);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
	return 0;
}

static struct store *open_store(void)
{
	struct store *st;
	struct err e;
	char url[96];

	snprintf(url, sizeof(url), "sqlite:%s", db_path);
	assert_int_equal(store_open(url, &st, &e), ST_OK);
	return st;
}

static int64_t make_mission(struct store *st, const char *code)
{
	struct mission m = {.code = code,
	                    .name = "Test mission",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct err e;

	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	return m.id;
}

static int64_t make_user(struct store *st, const char *name, bool admin)
{
	struct user_row u = {
	    .name = name, .password_hash = "$argon2id$x", .admin = admin};
	struct err e;
	int64_t id;

	assert_int_equal(store_user_create(st, &u, &id, &e), ST_OK);
	return id;
}

static const char *headers(void *ctx, const char *name)
{
	(void)ctx;
	if (!strcmp(name, "Cookie"))
		return cookie_sent;
	if (!strcmp(name, "Authorization"))
		return authz_sent;
	return NULL;
}

/* Identify the caller of a request carrying cookie_sent / authz_sent. */
static enum status identify(struct store *st, struct arena *a, const struct auth **out,
                            char *msg, size_t n)
{
	struct http_req req;
	enum status rc;

	memset(&req, 0, sizeof(req));
	req.arena = *a;
	req.store = st;
	req.method = "GET";
	req.header_fn = headers;
	rc = auth_identify(&req, out);
	snprintf(msg, n, "%s", req.err.msg);
	*a = req.arena;
	return rc;
}

static void test_users_and_roles(void **state)
{
	struct store *st = open_store();
	struct arena a = ARENA_INIT;
	struct user_change c = {.admin = -1, .disabled = 1};
	struct user_row u;
	const char *role;
	int64_t kz, other, alice, n = 0;
	struct err e;

	(void)state;
	kz = make_mission(st, "kz-2023");
	other = make_mission(st, "other");
	alice = make_user(st, "alice", false);
	assert_int_equal(store_user_count(st, &n, &e), ST_OK);
	assert_int_equal(n, 1);
	/* names are unique whatever their case */
	u = (struct user_row){.name = "ALICE", .password_hash = "h"};
	assert_int_equal(store_user_create(st, &u, NULL, &e), ST_EXISTS);
	assert_string_equal(e.msg, "there is already a user \"ALICE\"");
	assert_int_equal(store_user_get(st, "Alice", &a, &u, &e), ST_OK);
	assert_string_equal(u.name, "alice");
	assert_false(u.admin);
	assert_int_equal(store_user_get(st, "bob", &a, &u, &e), ST_NOT_FOUND);
	assert_string_equal(e.msg, "no user \"bob\"");

	assert_int_equal(store_user_role_set(st, "alice", kz, "clerk", &e), ST_OK);
	assert_int_equal(store_user_role_get(st, alice, "kz-2023", &a, &role, &e), ST_OK);
	assert_string_equal(role, "clerk");
	assert_int_equal(store_user_role_get(st, alice, "other", &a, &role, &e), ST_OK);
	assert_null(role);
	assert_int_equal(store_user_role_get(st, alice, "nowhere", &a, &role, &e), ST_OK);
	assert_null(role);
	assert_int_equal(store_user_role_set(st, "alice", kz, "analyst", &e), ST_OK);
	assert_int_equal(store_user_role_get(st, alice, "kz-2023", &a, &role, &e), ST_OK);
	assert_string_equal(role, "analyst");
	assert_int_equal(store_user_role_set(st, "alice", other, NULL, &e), ST_NOT_FOUND);
	assert_int_equal(store_user_update(st, "alice", &c, &e), ST_OK);
	assert_int_equal(store_user_get(st, "alice", &a, &u, &e), ST_OK);
	assert_true(u.disabled);
	store_close(st);
	arena_release(&a);
}

struct audit_seen {
	int users, roles;
	bool hash_seen;
};

static enum status audit_row(void *ctx, const struct audit_entry *a)
{
	struct audit_seen *s = ctx;

	if (!strcmp(a->entity, "user"))
		s->users++;
	if (!strcmp(a->entity, "user_role")) {
		s->roles++;
		assert_string_equal(a->mission, "kz-2023");
	}
	if ((a->after && strstr(a->after, "argon2")) ||
	    (a->before && strstr(a->before, "argon2")))
		s->hash_seen = true;
	assert_string_equal(a->actor, "cli:tester");
	return ST_OK;
}

static void test_audit(void **state)
{
	struct store *st = open_store();
	struct audit_filter f = {0};
	struct audit_seen seen = {0};
	struct user_change c = {
	    .password_hash = "$argon2id$new", .admin = -1, .disabled = -1};
	struct err e;
	int64_t kz;

	(void)state;
	store_set_actor(st, "cli:tester", "local");
	kz = make_mission(st, "kz-2023");
	make_user(st, "alice", false);
	assert_int_equal(store_user_role_set(st, "alice", kz, "viewer", &e), ST_OK);
	/* the same role again changes nothing and audits nothing */
	assert_int_equal(store_user_role_set(st, "alice", kz, "viewer", &e), ST_OK);
	assert_int_equal(store_user_role_set(st, "alice", kz, NULL, &e), ST_OK);
	assert_int_equal(store_user_update(st, "alice", &c, &e), ST_OK);
	f.entity = NULL;
	assert_int_equal(store_audit_list(st, &f, audit_row, &seen, &e), ST_OK);
	assert_int_equal(seen.users, 2); /* created, password changed */
	assert_int_equal(seen.roles, 2); /* given, taken */
	assert_false(seen.hash_seen);
	store_close(st);
}

static void test_tokens(void **state)
{
	struct store *st = open_store();
	struct arena a = ARENA_INIT;
	char token[ACCOUNT_TOKEN_LEN + 1], hash[ACCOUNT_HASH_LEN + 1], past[21], msg[256];
	char header[128];
	struct token_row t = {0};
	const struct auth *who;
	perm_set set;
	int64_t kz, id, bob;
	struct err e;

	(void)state;
	kz = make_mission(st, "kz-2023");
	make_mission(st, "other");
	bob = make_user(st, "bob", false);
	assert_int_equal(store_user_role_set(st, "bob", kz, "viewer", &e), ST_OK);
	account_token_new(token);
	account_secret_hash(token, hash);
	t = (struct token_row){.hash = hash, .user_id = bob, .scope = "all"};
	assert_int_equal(store_token_create(st, &t, &id, &e), ST_OK);
	snprintf(header, sizeof(header), "Bearer %s", token);
	authz_sent = header;
	cookie_sent = NULL;
	assert_int_equal(identify(st, &a, &who, msg, sizeof(msg)), ST_OK);
	assert_non_null(who);
	assert_string_equal(who->user, "bob");
	assert_false(who->by_cookie);
	assert_int_equal(who->token_id, id);
	{
		struct http_req req = {.store = st, .arena = a};
		assert_int_equal(auth_perms_on(&req, who, "kz-2023", &set, NULL), ST_OK);
		assert_int_equal(set, role_perms(ROLE_VIEWER));
		assert_int_equal(auth_perms_on(&req, who, "other", &set, NULL), ST_OK);
		assert_int_equal(set, 0);
		a = req.arena;
	}
	/* a token of the right shape that was never made */
	account_token_new(token);
	snprintf(header, sizeof(header), "Bearer %s", token);
	assert_int_equal(identify(st, &a, &who, msg, sizeof(msg)), ST_UNAUTHENTICATED);
	assert_string_equal(msg, "sign in again: the Bearer token is unknown");
	authz_sent = "Basic YWxpY2U6eA==";
	assert_int_equal(identify(st, &a, &who, msg, sizeof(msg)), ST_UNAUTHENTICATED);
	/* revoked, then expired */
	assert_int_equal(store_token_revoke(st, id, &e), ST_OK);
	assert_int_equal(store_token_revoke(st, 999, &e), ST_NOT_FOUND);
	account_token_new(token);
	account_secret_hash(token, hash);
	snprintf(header, sizeof(header), "Bearer %s", token);
	authz_sent = header;
	text_time_iso((long long)time(NULL) - 10, past);
	t = (struct token_row){
	    .hash = hash, .user_id = bob, .scope = "read", .expires_at = past};
	assert_int_equal(store_token_create(st, &t, &id, &e), ST_OK);
	assert_int_equal(identify(st, &a, &who, msg, sizeof(msg)), ST_UNAUTHENTICATED);
	assert_string_equal(msg, "sign in again: the Bearer token has expired");
	/* no credentials at all: no caller, no error */
	authz_sent = NULL;
	assert_int_equal(identify(st, &a, &who, msg, sizeof(msg)), ST_OK);
	assert_null(who);
	store_close(st);
	arena_release(&a);
}

static void test_sessions(void **state)
{
	struct store *st = open_store();
	struct arena a = ARENA_INIT;
	char id[ACCOUNT_SECRET_LEN + 1], hash[ACCOUNT_HASH_LEN + 1],
	    csrf[ACCOUNT_SECRET_LEN + 1];
	char now[21], later[21], old[21], cookie[96], msg[256];
	struct user_change off = {.admin = -1, .disabled = 1};
	struct session_row s;
	const struct auth *who;
	time_t clock = time(NULL);
	int64_t carol;
	struct err e;

	(void)state;
	carol = make_user(st, "carol", true);
	account_secret_new(id);
	account_secret_hash(id, hash);
	account_secret_new(csrf);
	text_time_iso((long long)clock, now);
	text_time_iso((long long)clock + 3600, later);
	text_time_iso((long long)clock - 7200, old);
	s = (struct session_row){.id_hash = hash,
	                         .csrf = csrf,
	                         .user_id = carol,
	                         .user = "carol",
	                         .created_at = now,
	                         .last_seen = now,
	                         .expires_at = later,
	                         .idle_seconds = 600,
	                         .client = "10.0.0.1"};
	assert_int_equal(store_session_create(st, &s, &e), ST_OK);
	snprintf(cookie, sizeof(cookie), "theme=dark; observa_session=%s", id);
	cookie_sent = cookie;
	authz_sent = NULL;
	assert_int_equal(identify(st, &a, &who, msg, sizeof(msg)), ST_OK);
	assert_non_null(who);
	assert_true(who->by_cookie);
	assert_true(who->admin);
	assert_string_equal(who->csrf, csrf);
	/* the stored key is the hash, never the id */
	assert_int_equal(store_session_find(st, id, &a, &s, &e), ST_NOT_FOUND);
	/* idle too long: ended */
	assert_int_equal(store_session_touch(st, hash, old, &e), ST_OK); /* not older */
	assert_int_equal(identify(st, &a, &who, msg, sizeof(msg)), ST_OK);
	/* a session whose last use is two hours old, idle limit ten minutes */
	account_secret_new(id);
	account_secret_hash(id, hash);
	s.id_hash = hash;
	s.last_seen = old;
	assert_int_equal(store_session_create(st, &s, &e), ST_OK);
	snprintf(cookie, sizeof(cookie), "observa_session=%s", id);
	assert_int_equal(identify(st, &a, &who, msg, sizeof(msg)), ST_UNAUTHENTICATED);
	assert_string_equal(msg, "sign in again: the session has ended");
	/* disabling the user ends its sessions */
	assert_int_equal(store_session_find(st, s.id_hash, &a, &s, &e), ST_OK);
	assert_int_equal(store_user_update(st, "carol", &off, &e), ST_OK);
	assert_int_equal(store_session_find(st, s.id_hash, &a, &s, &e), ST_NOT_FOUND);
	/* signing out of a session that is gone */
	assert_int_equal(store_session_delete(st, hash, now, &e), ST_NOT_FOUND);
	cookie_sent = "observa_session=not-a-session";
	assert_int_equal(identify(st, &a, &who, msg, sizeof(msg)), ST_UNAUTHENTICATED);
	cookie_sent = NULL;
	store_close(st);
	arena_release(&a);
}

int test_users_store(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_users_and_roles, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
	};
	return cmocka_run_group_tests_name("users_store", tests, NULL, NULL);
}
