/* registry_cache.c - the registry remembered between requests, checked
 * against the registry's version once per request.  See registry_cache.h.
 *
 * One mutex guards the maps; a lookup holds it only to find an entry and
 * copy it out, and the store is read outside it.  An entry read from the
 * store is kept only if the version it was read at is still the cache's:
 * what a request read after the version moved is never kept as current.
 * The maps' keys and values live in the cache's arena, freed at once when
 * the version moves (or when the cache grows past ENTRIES_MAX). */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/strmap.h"
#include "store/registry_cache.h"
#include "store/store_users.h"

/* Entries at most, about 50 MB: more than the 130,000 stations and
 * observers of a national mission; past it everything is forgotten and
 * read again. */
#define ENTRIES_MAX 500000

enum kind {
	K_MISSION,
	K_TOKEN,
	K_ROLE,
	K_LOCATION,
	K_OBSERVER,
	K_FORMS,
	K_CREDENTIAL,
	K__COUNT
};

struct location_key {
	int64_t id;
	const char *level; /* static (location_level_canonical) */
};

struct registry_cache {
	pthread_mutex_t mu;
	bool known;      /* version is the registry's version the maps hold */
	int64_t version; /* when known */
	struct arena arena;
	struct strmap map[K__COUNT];
	size_t entries;
	long long hits, misses;
};

struct registry_cache *registry_cache_new(void)
{
	struct registry_cache *c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->mu, NULL);
	for (int k = 0; k < K__COUNT; k++)
		strmap_init(&c->map[k]);
	return c;
}

/* Forget everything; c->mu held. */
static void forget(struct registry_cache *c)
{
	for (int k = 0; k < K__COUNT; k++) {
		strmap_release(&c->map[k]);
		strmap_init(&c->map[k]);
	}
	arena_release(&c->arena);
	c->entries = 0;
}

void registry_cache_free(struct registry_cache *c)
{
	if (!c)
		return;
	forget(c);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

void registry_cache_attach(struct registry_cache *c, struct store *st)
{
	st->registry = c;
	st->registry_read = false;
}

void registry_cache_next(struct store *st)
{
	st->registry_read = false;
}

void registry_cache_counts(struct registry_cache *c, long long *hits, long long *misses)
{
	pthread_mutex_lock(&c->mu);
	*hits = c->hits;
	*misses = c->misses;
	pthread_mutex_unlock(&c->mu);
}

/* The version for the request on st, read with its first lookup; when it
 * is not the one the cache holds, the cache is emptied and takes it. */
static enum status sync_version(struct store *st, struct err *e)
{
	struct registry_cache *c = st->registry;
	enum status rc;

	if (st->registry_read)
		return ST_OK;
	rc = store_registry_version(st, &st->registry_version, e);
	if (rc)
		return rc;
	st->registry_read = true;
	pthread_mutex_lock(&c->mu);
	if (!c->known || c->version != st->registry_version) {
		forget(c);
		c->known = true;
		c->version = st->registry_version;
	}
	pthread_mutex_unlock(&c->mu);
	return ST_OK;
}

/* Find key of kind under the lock, which the caller releases with
 * unlock_found() after copying the value out; NULL (lock released) when
 * the cache cannot answer for st's version. */
static void *lock_find(struct store *st, enum kind k, const char *key)
{
	struct registry_cache *c = st->registry;
	void *v = NULL;

	pthread_mutex_lock(&c->mu);
	if (c->known && c->version == st->registry_version &&
	    strmap_find(&c->map[k], key, &v)) {
		c->hits++;
		return v;
	}
	c->misses++;
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

static void unlock_found(struct store *st)
{
	pthread_mutex_unlock(&st->registry->mu);
}

/* Keep value (built by copy() in the cache's arena) under key, if the
 * cache still holds st's version. */
static void keep(struct store *st, enum kind k, const char *key,
                 void *(*copy)(struct arena *a, const void *v), const void *v)
{
	struct registry_cache *c = st->registry;

	pthread_mutex_lock(&c->mu);
	if (c->known && c->version == st->registry_version) {
		if (c->entries >= ENTRIES_MAX)
			forget(c);
		if (strmap_add(&c->map[k], arena_strdup(&c->arena, key),
		               copy(&c->arena, v), NULL))
			c->entries++;
	}
	pthread_mutex_unlock(&c->mu);
}

/* Key of an id and a code: "12:S-0001". */
static const char *id_key(char *buf, size_t n, int64_t id, const char *code)
{
	if ((size_t)snprintf(buf, n, "%" PRId64 ":%s", id, code) >= n)
		return NULL; /* too long to be a code: read the store */
	return buf;
}

/* ---- copies, into the cache's arena (in) or the caller's (out) ---- */

static struct mission mission_dup(struct arena *a, const struct mission *m)
{
	struct mission d = *m;

	d.code = arena_strdup(a, m->code);
	d.name = arena_strdup(a, m->name);
	d.organisation = arena_strdup(a, m->organisation);
	d.election_type = arena_strdup(a, m->election_type);
	d.election_date = arena_strdup(a, m->election_date);
	d.country = arena_strdup(a, m->country);
	d.long_term_start = arena_strdup(a, m->long_term_start);
	d.long_term_end = arena_strdup(a, m->long_term_end);
	d.short_term_start = arena_strdup(a, m->short_term_start);
	d.short_term_end = arena_strdup(a, m->short_term_end);
	d.settings = arena_strdup(a, m->settings);
	d.created_at = arena_strdup(a, m->created_at);
	return d;
}

static void *mission_in(struct arena *a, const void *v)
{
	struct mission *m = arena_alloc(a, sizeof(*m));

	*m = mission_dup(a, v);
	return m;
}

static struct token_row token_dup(struct arena *a, const struct token_row *t)
{
	struct token_row d = *t;

	d.hash = arena_strdup(a, t->hash);
	d.user = arena_strdup(a, t->user);
	d.scope = arena_strdup(a, t->scope);
	d.created_at = arena_strdup(a, t->created_at);
	d.expires_at = arena_strdup(a, t->expires_at);
	d.last_used = arena_strdup(a, t->last_used);
	return d;
}

static void *token_in(struct arena *a, const void *v)
{
	struct token_row *t = arena_alloc(a, sizeof(*t));

	*t = token_dup(a, v);
	return t;
}

static struct credential_row credential_dup(struct arena *a,
                                            const struct credential_row *r)
{
	struct credential_row d = *r;

	d.mission = arena_strdup(a, r->mission);
	d.observer = arena_strdup(a, r->observer);
	d.pin_hash = arena_strdup(a, r->pin_hash);
	d.digest_ha1 = arena_strdup(a, r->digest_ha1);
	d.created_at = arena_strdup(a, r->created_at);
	return d;
}

static void *credential_in(struct arena *a, const void *v)
{
	struct credential_row *r = arena_alloc(a, sizeof(*r));

	*r = credential_dup(a, v);
	return r;
}

/* A role, or "" for none. */
static void *text_in(struct arena *a, const void *v)
{
	return arena_strdup(a, v);
}

static void *location_in(struct arena *a, const void *v)
{
	struct location_key *l = arena_alloc(a, sizeof(*l));

	*l = *(const struct location_key *)v;
	return l;
}

static void *int_in(struct arena *a, const void *v)
{
	int64_t *n = arena_alloc(a, sizeof(*n));

	*n = *(const int64_t *)v;
	return n;
}

/* ---- lookups ---- */

enum status registry_mission_get(struct store *st, const char *code, struct arena *a,
                                 struct mission *out, struct err *e)
{
	const struct mission *m;
	enum status rc;

	if (!st->registry)
		return store_mission_get(st, code, a, out, e);
	rc = sync_version(st, e);
	if (rc)
		return rc;
	m = lock_find(st, K_MISSION, code);
	if (m) {
		*out = mission_dup(a, m);
		unlock_found(st);
		return ST_OK;
	}
	rc = store_mission_get(st, code, a, out, e);
	if (!rc)
		keep(st, K_MISSION, code, mission_in, out);
	return rc;
}

enum status registry_token_find(struct store *st, const char *hash, struct arena *a,
                                struct token_row *out, struct err *e)
{
	const struct token_row *t;
	enum status rc;

	if (!st->registry)
		return store_token_find(st, hash, a, out, e);
	rc = sync_version(st, e);
	if (rc)
		return rc;
	t = lock_find(st, K_TOKEN, hash);
	if (t) {
		*out = token_dup(a, t);
		unlock_found(st);
		return ST_OK;
	}
	rc = store_token_find(st, hash, a, out, e);
	if (!rc)
		keep(st, K_TOKEN, hash, token_in, out);
	return rc;
}

enum status registry_role_get(struct store *st, int64_t user_id, const char *mission,
                              struct arena *a, const char **role, struct err *e)
{
	char buf[160];
	const char *key, *r;
	enum status rc;

	if (!st->registry)
		return store_user_role_get(st, user_id, mission, a, role, e);
	rc = sync_version(st, e);
	if (rc)
		return rc;
	key = id_key(buf, sizeof(buf), user_id, mission);
	r = key ? lock_find(st, K_ROLE, key) : NULL;
	if (r) {
		*role = *r ? arena_strdup(a, r) : NULL;
		unlock_found(st);
		return ST_OK;
	}
	rc = store_user_role_get(st, user_id, mission, a, role, e);
	/* No role is remembered too: a role given moves the version. */
	if (!rc && key)
		keep(st, K_ROLE, key, text_in, *role ? *role : "");
	return rc;
}

enum status registry_location_key(struct store *st, int64_t mission_id, const char *code,
                                  int64_t *id, const char **level, struct err *e)
{
	const struct location_key *l;
	struct location_key got;
	char buf[160];
	const char *key;
	enum status rc;

	if (!st->registry)
		return store_location_key(st, mission_id, code, id, level, e);
	rc = sync_version(st, e);
	if (rc)
		return rc;
	key = id_key(buf, sizeof(buf), mission_id, code);
	l = key ? lock_find(st, K_LOCATION, key) : NULL;
	if (l) {
		*id = l->id;
		*level = l->level;
		unlock_found(st);
		return ST_OK;
	}
	rc = store_location_key(st, mission_id, code, id, level, e);
	if (!rc && *id && key) {
		got.id = *id;
		got.level = *level;
		keep(st, K_LOCATION, key, location_in, &got);
	}
	return rc;
}

enum status registry_observer_id(struct store *st, int64_t mission_id, const char *code,
                                 int64_t *id, struct err *e)
{
	const int64_t *n;
	char buf[160];
	const char *key;
	enum status rc;

	if (!st->registry)
		return store_observer_id(st, mission_id, code, id, e);
	rc = sync_version(st, e);
	if (rc)
		return rc;
	key = id_key(buf, sizeof(buf), mission_id, code);
	n = key ? lock_find(st, K_OBSERVER, key) : NULL;
	if (n) {
		*id = *n;
		unlock_found(st);
		return ST_OK;
	}
	rc = store_observer_id(st, mission_id, code, id, e);
	if (!rc && *id && key)
		keep(st, K_OBSERVER, key, int_in, id);
	return rc;
}

int64_t registry_forms_revision(struct store *st, int64_t mission_id)
{
	const int64_t *n;
	char key[24];
	int64_t rev;
	struct err e;

	err_clear(&e);
	if (!st->registry || sync_version(st, &e))
		return store_forms_revision(st, mission_id);
	snprintf(key, sizeof(key), "%" PRId64, mission_id);
	n = lock_find(st, K_FORMS, key);
	if (n) {
		rev = *n;
		unlock_found(st);
		return rev;
	}
	/* Forms change with their mission's row (forms_rev), which moves the
	 * version. */
	rev = store_forms_revision(st, mission_id);
	if (rev >= 0)
		keep(st, K_FORMS, key, int_in, &rev);
	return rev;
}

enum status registry_credential_find(struct store *st, const char *token_hash,
                                     struct arena *a, struct credential_row *out,
                                     struct err *e)
{
	const struct credential_row *r;
	enum status rc;

	if (!st->registry)
		return store_credential_find(st, token_hash, a, out, e);
	rc = sync_version(st, e);
	if (rc)
		return rc;
	r = lock_find(st, K_CREDENTIAL, token_hash);
	if (r) {
		*out = credential_dup(a, r);
		unlock_found(st);
		return ST_OK;
	}
	rc = store_credential_find(st, token_hash, a, out, e);
	if (!rc)
		keep(st, K_CREDENTIAL, token_hash, credential_in, out);
	return rc;
}
