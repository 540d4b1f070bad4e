/* test_store_conformance_registry.c - the registry's version and the
 * cache that a server's handles share, on both back-ends: the version
 * moves with each change the cache may hold (and not with others, such as
 * a token's use or a station's new name), and a handle with the cache
 * sees, from its next request on, every change another connection made,
 * as the command line makes them while a server runs. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "model/account.h"
#include "store/registry_cache.h"
#include "store/store.h"
#include "store/store_users.h"

static int64_t version(struct store *st)
{
	struct err e;
	int64_t n = -1;

	err_clear(&e);
	assert_int_equal(store_registry_version(st, &n, &e), ST_OK);
	return n;
}

static void put_location(struct store *st, int64_t mid, const char *code,
                         const char *name, const char *level)
{
	struct location l = {
	    .code = code, .name = name, .level = level, .registered_voters = -1};
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	if (store_location_upsert(st, mid, &l, &res, &e))
		fail_msg("%s: %s", code, e.msg);
}

static int64_t put_user(struct store *st, const char *name)
{
	struct user_row u = {.name = name, .password_hash = "$argon2id$x"};
	struct err e;
	int64_t id;

	err_clear(&e);
	assert_int_equal(store_user_create(st, &u, &id, &e), ST_OK);
	return id;
}

static int64_t put_token(struct store *st, int64_t user, char *hash)
{
	char token[ACCOUNT_TOKEN_LEN + 1];
	struct token_row t;
	struct err e;
	int64_t id;

	account_token_new(token);
	account_secret_hash(token, hash);
	t = (struct token_row){.hash = hash, .user_id = user, .scope = "all"};
	err_clear(&e);
	assert_int_equal(store_token_create(st, &t, &id, &e), ST_OK);
	return id;
}

/* v moved by the statement before, or not. */
#define MOVED(st, v)                                                                     \
	do {                                                                             \
		int64_t now_ = version(st);                                              \
		assert_true(now_ > (v));                                                 \
		(v) = now_;                                                              \
	} while (0)
#define STILL(st, v) assert_int_equal(version(st), (v))

static void test_version_moves_with_what_is_remembered(void **state)
{
	struct store *st = test_store_open();
	char hash[ACCOUNT_HASH_LEN + 1];
	struct user_change off = {.admin = -1, .disabled = 1};
	struct mission m;
	struct arena a = ARENA_INIT;
	enum upsert_result res;
	int64_t v, mid, token;
	struct err e;

	(void)state;
	err_clear(&e);
	mid = test_mission_put(st, "kz");
	v = version(st);

	/* New things are never remembered before they exist. */
	put_location(st, mid, "S1", "School 1", "station");
	test_observer_put(st, mid, "O1");
	token = put_token(st, put_user(st, "alice"), hash);
	STILL(st, v);

	/* A station's name is not remembered; its level is. */
	put_location(st, mid, "S1", "School No. 1", "station");
	STILL(st, v);
	put_location(st, mid, "S1", "School No. 1", "district");
	MOVED(st, v);

	/* Using a token is not a change of it; revoking it is. */
	assert_int_equal(store_token_touch(st, token, "2026-11-27T10:00:00Z", &e), ST_OK);
	STILL(st, v);
	assert_int_equal(store_token_revoke(st, token, &e), ST_OK);
	MOVED(st, v);

	assert_int_equal(store_user_update(st, "alice", &off, &e), ST_OK);
	MOVED(st, v);
	assert_int_equal(store_user_role_set(st, "alice", mid, "clerk", &e), ST_OK);
	MOVED(st, v);

	/* ODK credentials: made, then made again (the old ones end). */
	assert_int_equal(
	    store_credential_set(st, mid, "O1", "hash-1", "pin", NULL, &res, &e), ST_OK);
	STILL(st, v);
	assert_int_equal(
	    store_credential_set(st, mid, "O1", "hash-2", "pin", NULL, &res, &e), ST_OK);
	MOVED(st, v);

	/* A mission's settings, and with them its forms' revision. */
	assert_int_equal(store_mission_get(st, "kz", &a, &m, &e), ST_OK);
	m.name = "Election observation mission, renamed";
	assert_int_equal(store_mission_update(st, &m, &e), ST_OK);
	MOVED(st, v);
	arena_release(&a);
	test_store_close(st);
}

/* A request on the handle with the cache: its first lookup reads the
 * version. */
static void next_request(struct store *st)
{
	registry_cache_next(st);
}

static void test_cache_sees_other_connections(void **state)
{
	struct store *st = test_store_open(), *other;
	struct registry_cache *c = registry_cache_new();
	char hash[ACCOUNT_HASH_LEN + 1];
	struct arena a = ARENA_INIT;
	struct token_row t;
	struct mission m;
	const char *level;
	long long hits, misses, hits_before;
	int64_t mid, token, id, user;
	struct err e;

	(void)state;
	err_clear(&e);
	mid = test_mission_put(st, "kz");
	put_location(st, mid, "S1", "School 1", "station");
	test_observer_put(st, mid, "O1");
	user = put_user(st, "alice");
	token = put_token(st, user, hash);
	assert_int_equal(store_open(test_store_url(), &other, &e), ST_OK);
	registry_cache_attach(c, st);

	/* Read once, then remembered. */
	next_request(st);
	assert_int_equal(registry_token_find(st, hash, &a, &t, &e), ST_OK);
	assert_false(t.revoked);
	assert_int_equal(registry_mission_get(st, "kz", &a, &m, &e), ST_OK);
	assert_int_equal(registry_location_key(st, mid, "S1", &id, &level, &e), ST_OK);
	assert_string_equal(level, "station");
	registry_cache_counts(c, &hits_before, &misses);
	next_request(st);
	assert_int_equal(registry_token_find(st, hash, &a, &t, &e), ST_OK);
	assert_int_equal(registry_mission_get(st, "kz", &a, &m, &e), ST_OK);
	assert_string_equal(m.code, "kz");
	assert_int_equal(registry_location_key(st, mid, "S1", &id, &level, &e), ST_OK);
	registry_cache_counts(c, &hits, &misses);
	assert_int_equal(hits, hits_before + 3);

	/* Another connection revokes the token and moves the station up a
	 * level: the next request sees both. */
	assert_int_equal(store_token_revoke(other, token, &e), ST_OK);
	put_location(other, mid, "S1", "School 1", "district");
	assert_int_equal(registry_token_find(st, hash, &a, &t, &e), ST_OK);
	assert_false(t.revoked); /* the same request: the version it read */
	next_request(st);
	assert_int_equal(registry_token_find(st, hash, &a, &t, &e), ST_OK);
	assert_true(t.revoked);
	assert_int_equal(registry_location_key(st, mid, "S1", &id, &level, &e), ST_OK);
	assert_string_equal(level, "district");

	/* What was not there is not remembered: added since, it is found. */
	assert_int_equal(registry_observer_id(st, mid, "O2", &id, &e), ST_OK);
	assert_int_equal(id, 0);
	test_observer_put(other, mid, "O2");
	next_request(st);
	assert_int_equal(registry_observer_id(st, mid, "O2", &id, &e), ST_OK);
	assert_true(id > 0);

	/* A role given elsewhere, after none was remembered. */
	assert_int_equal(registry_role_get(st, user, "kz", &a, &level, &e), ST_OK);
	assert_null(level);
	assert_int_equal(store_user_role_set(other, "alice", mid, "clerk", &e), ST_OK);
	next_request(st);
	assert_int_equal(registry_role_get(st, user, "kz", &a, &level, &e), ST_OK);
	assert_string_equal(level, "clerk");

	/* ODK credentials made again elsewhere: the old token is gone. */
	{
		struct credential_row cr;
		enum upsert_result res;

		assert_int_equal(
		    store_credential_set(st, mid, "O1", "hash-1", "pin", NULL, &res, &e),
		    ST_OK);
		next_request(st);
		assert_int_equal(registry_credential_find(st, "hash-1", &a, &cr, &e),
		                 ST_OK);
		assert_string_equal(cr.observer, "O1");
		assert_int_equal(registry_credential_find(st, "hash-1", &a, &cr, &e),
		                 ST_OK);
		assert_int_equal(store_credential_set(other, mid, "O1", "hash-2", "pin",
		                                      NULL, &res, &e),
		                 ST_OK);
		next_request(st);
		assert_int_equal(registry_credential_find(st, "hash-1", &a, &cr, &e),
		                 ST_NOT_FOUND);
	}

	store_close(other);
	registry_cache_free(c);
	arena_release(&a);
	test_store_close(st);
}

/* Looks up code as a location and checks how: *hit true when it was
 * remembered, read neither one by one nor all at once. */
static int64_t location(struct store *st, struct registry_cache *c, int64_t mid,
                        const char *code, const char **level, bool *hit)
{
	long long h0, m0, h1, m1;
	int64_t id = -1;
	struct err e;

	err_clear(&e);
	registry_cache_counts(c, &h0, &m0);
	assert_int_equal(registry_location_key(st, mid, code, &id, level, &e), ST_OK);
	registry_cache_counts(c, &h1, &m1);
	*hit = h1 == h0 + 1 && m1 == m0;
	return id;
}

/* Asserts that code is a known location, looked up from memory or not
 * as remembered says; its level. */
static const char *found(struct store *st, struct registry_cache *c, int64_t mid,
                         const char *code, bool remembered)
{
	const char *level;
	bool hit;

	assert_true(location(st, c, mid, code, &level, &hit) > 0);
	assert_int_equal(hit, remembered);
	return level;
}

static void test_mission_read_at_once(void **state)
{
	struct store *st = test_store_open(), *other;
	struct registry_cache *c = registry_cache_new();
	const char *level;
	int64_t mid, id;
	bool hit;
	long long h0, m0, h1, m1;
	struct err e;

	(void)state;
	err_clear(&e);
	mid = test_mission_put(st, "kz");
	put_location(st, mid, "R1", "Region 1", "region");
	put_location(st, mid, "S1", "School 1", "station");
	put_location(st, mid, "S2", "School 2", "station");
	put_location(st, mid, "S3", "School 3", "station");
	test_observer_put(st, mid, "O1");
	test_observer_put(st, mid, "O2");
	assert_int_equal(store_open(test_store_url(), &other, &e), ST_OK);
	registry_cache_attach(c, st);

	/* The first code not remembered brings in the mission's others. */
	next_request(st);
	assert_string_equal(found(st, c, mid, "S1", false), "station");
	next_request(st);
	found(st, c, mid, "S2", true);
	assert_string_equal(found(st, c, mid, "R1", true), "region");
	assert_int_equal(registry_observer_id(st, mid, "O1", &id, &e), ST_OK);
	assert_true(id > 0);
	registry_cache_counts(c, &h0, &m0);
	assert_int_equal(registry_observer_id(st, mid, "O2", &id, &e), ST_OK);
	assert_true(id > 0);
	registry_cache_counts(c, &h1, &m1);
	assert_int_equal(h1, h0 + 1);
	assert_int_equal(m1, m0);

	/* Unknown, it is not remembered; added since (the version does not
	 * move), it is found one by one, and remembered from then on. */
	assert_int_equal(location(st, c, mid, "S4", &level, &hit), 0);
	assert_false(hit);
	put_location(other, mid, "S4", "School 4", "station");
	next_request(st);
	found(st, c, mid, "S4", false);
	next_request(st);
	found(st, c, mid, "S4", true);

	/* The version moves (a station made a district elsewhere): everything
	 * is read again, at once, as it now is. */
	put_location(other, mid, "S3", "School 3", "district");
	next_request(st);
	found(st, c, mid, "S1", false);
	assert_string_equal(found(st, c, mid, "S3", true), "district");

	store_close(other);
	registry_cache_free(c);
	test_store_close(st);
}

/* A request that trusts the cache takes its version without reading it,
 * so it may see what another connection has just changed as it was; it
 * says which version it took, and a lookup the cache cannot answer reads
 * the version first, after which the change is seen. */
static void test_trusted_version(void **state)
{
	struct store *st = test_store_open(), *other;
	struct registry_cache *c = registry_cache_new();
	char hash[ACCOUNT_HASH_LEN + 1];
	struct arena a = ARENA_INIT;
	struct token_row t;
	int64_t mid, token, took, v0, now, id;
	struct err e;

	(void)state;
	err_clear(&e);
	mid = test_mission_put(st, "kz");
	test_observer_put(st, mid, "O1");
	token = put_token(st, put_user(st, "alice"), hash);
	assert_int_equal(store_open(test_store_url(), &other, &e), ST_OK);
	registry_cache_attach(c, st);

	/* A cache that holds no version yet: the version is read. */
	next_request(st);
	registry_cache_trust(st);
	assert_int_equal(registry_token_find(st, hash, &a, &t, &e), ST_OK);
	assert_false(registry_cache_trusted(st, &took));
	v0 = version(st);

	/* Revoked elsewhere: a trusted request still finds the token as it
	 * was, and says it took v0 without reading. */
	assert_int_equal(store_token_revoke(other, token, &e), ST_OK);
	next_request(st);
	registry_cache_trust(st);
	assert_int_equal(registry_token_find(st, hash, &a, &t, &e), ST_OK);
	assert_false(t.revoked);
	assert_true(registry_cache_trusted(st, &took));
	assert_int_equal(took, v0);
	assert_int_equal(store_registry_version(st, &now, &e), ST_OK);
	assert_true(now > took); /* whoever answers sees it moved */

	/* A code the cache does not hold: the version is read before the
	 * store is, and from then on the request sees the change; what it
	 * took first is still what it reports. */
	assert_int_equal(registry_observer_id(st, mid, "O1", &id, &e), ST_OK);
	assert_true(id > 0);
	assert_int_equal(registry_token_find(st, hash, &a, &t, &e), ST_OK);
	assert_true(t.revoked);
	assert_true(registry_cache_trusted(st, &took));
	assert_int_equal(took, v0);

	/* A request that does not trust the cache reads, as before. */
	next_request(st);
	assert_int_equal(registry_token_find(st, hash, &a, &t, &e), ST_OK);
	assert_true(t.revoked);
	assert_false(registry_cache_trusted(st, NULL));

	store_close(other);
	registry_cache_free(c);
	arena_release(&a);
	test_store_close(st);
}

int test_store_conformance_registry(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_version_moves_with_what_is_remembered),
	    cmocka_unit_test(test_cache_sees_other_connections),
	    cmocka_unit_test(test_mission_read_at_once),
	    cmocka_unit_test(test_trusted_version),
	};

	return test_backends("store_conformance_registry", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
