/* registry_cache.c - the registry remembered between requests, checked
 * against the registry's version once per request.  See registry_cache.h.
 *
 * One mutex guards the maps; a lookup holds it only to find an entry and
 * copy it out, and the store is read outside it.  An entry read from the
 * store is kept only if the version it was read at is still the cache's:
 * what a request read after the version moved is never kept as current.
 * The maps' keys and values live in the cache's arena, freed at once when
 * the version moves (or when the cache grows past ENTRIES_MAX).
 *
 * A mission's locations and observers are read all at once, the first
 * time one of them is not remembered: on election morning every station's
 * first report would otherwise cost a read of its own (a read transaction
 * and a walk down an index, with the pages read again after every commit
 * of the writer), and a national mission has 100,000 of them.  What was
 * added since is still found one code at a time.
 *
 * A request that trusts the cache (registry_cache_trust(): the JSON API's
 * reports) does not read the version at all while the cache answers its
 * lookups; whoever answers it checks the version it took before the
 * answer counts (registry_cache.h). */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/strmap.h"
#include "core/text.h"
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
	struct strmap loaded; /* "L<mission>", "O<mission>": its locations or
	                       * observers read all at once, or being read */
	size_t entries;
	long long hits, misses;
};

struct registry_cache *registry_cache_new(void)
{
	struct registry_cache *c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->mu, NULL);
	for (int k = 0; k < K__COUNT; k++)
		strmap_init(&c->map[k]);
	strmap_init(&c->loaded);
	return c;
}

/* Forget everything; c->mu held. */
static void forget(struct registry_cache *c)
{
	for (int k = 0; k < K__COUNT; k++) {
		strmap_release(&c->map[k]);
		strmap_init(&c->map[k]);
	}
	strmap_release(&c->loaded);
	strmap_init(&c->loaded);
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
	st->registry_trust = false;
	st->registry_trusted = false;
}

void registry_cache_trust(struct store *st)
{
	st->registry_trust = true;
}

bool registry_cache_trusted(const struct store *st, int64_t *version)
{
	if (version)
		*version = st->registry_trusted ? st->registry_trusted_version : 0;
	return st->registry_trusted;
}

enum status registry_cache_unchanged(struct store *st, int64_t version, bool *same,
                                     struct err *e)
{
	enum status rc;

	if (!st->registry_read) {
		rc = store_registry_version(st, &st->registry_version, e);
		if (rc)
			return rc;
		st->registry_read = true;
	}
	*same = st->registry_version == version;
	return ST_OK;
}

void registry_cache_counts(struct registry_cache *c, long long *hits, long long *misses)
{
	pthread_mutex_lock(&c->mu);
	*hits = c->hits;
	*misses = c->misses;
	pthread_mutex_unlock(&c->mu);
}

/* The version for the request on st, read with its first lookup (or
 * taken from the cache when the request trusts it and it holds one); when
 * the version read is not the one the cache holds, the cache is emptied
 * and takes it. */
static enum status sync_version(struct store *st, struct err *e)
{
	struct registry_cache *c = st->registry;
	enum status rc;

	if (st->registry_read)
		return ST_OK;
	if (st->registry_trust) {
		bool taken;

		pthread_mutex_lock(&c->mu);
		taken = c->known;
		if (taken)
			st->registry_version = c->version;
		pthread_mutex_unlock(&c->mu);
		if (taken) {
			st->registry_read = true;
			st->registry_trusted = true;
			st->registry_trusted_version = st->registry_version;
			return ST_OK;
		}
	}
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

/* ---- copies of a value, into the cache's arena or a caller's ---- */

/* Copy from to to, the strings duplicated in a. */
typedef void (*dup_fn)(struct arena *a, const void *from, void *to);

static void mission_dup(struct arena *a, const void *from, void *to)
{
	const struct mission *m = from;
	struct mission *d = to;

	*d = *m;
	d->code = arena_strdup(a, m->code);
	d->name = arena_strdup(a, m->name);
	d->organisation = arena_strdup(a, m->organisation);
	d->election_type = arena_strdup(a, m->election_type);
	d->election_date = arena_strdup(a, m->election_date);
	d->country = arena_strdup(a, m->country);
	d->long_term_start = arena_strdup(a, m->long_term_start);
	d->long_term_end = arena_strdup(a, m->long_term_end);
	d->short_term_start = arena_strdup(a, m->short_term_start);
	d->short_term_end = arena_strdup(a, m->short_term_end);
	d->settings = arena_strdup(a, m->settings);
	d->created_at = arena_strdup(a, m->created_at);
}

static void token_dup(struct arena *a, const void *from, void *to)
{
	const struct token_row *t = from;
	struct token_row *d = to;

	*d = *t;
	d->hash = arena_strdup(a, t->hash);
	d->user = arena_strdup(a, t->user);
	d->scope = arena_strdup(a, t->scope);
	d->created_at = arena_strdup(a, t->created_at);
	d->expires_at = arena_strdup(a, t->expires_at);
	d->last_used = arena_strdup(a, t->last_used);
}

static void credential_dup(struct arena *a, const void *from, void *to)
{
	const struct credential_row *r = from;
	struct credential_row *d = to;

	*d = *r;
	d->mission = arena_strdup(a, r->mission);
	d->observer = arena_strdup(a, r->observer);
	d->pin_hash = arena_strdup(a, r->pin_hash);
	d->digest_ha1 = arena_strdup(a, r->digest_ha1);
	d->created_at = arena_strdup(a, r->created_at);
}

/* A role's name, NULL for none. */
static void text_dup(struct arena *a, const void *from, void *to)
{
	*(const char **)to = arena_strdup(a, *(const char *const *)from);
}

/* What each kind's value is: its size, and how its strings are copied
 * (NULL: it has none, memcpy does). */
static const struct {
	size_t size;
	dup_fn dup;
} kinds[K__COUNT] = {
    [K_MISSION] = {sizeof(struct mission), mission_dup},
    [K_TOKEN] = {sizeof(struct token_row), token_dup},
    [K_ROLE] = {sizeof(const char *), text_dup},
    [K_LOCATION] = {sizeof(struct location_key), NULL}, /* its level is static */
    [K_OBSERVER] = {sizeof(int64_t), NULL},
    [K_FORMS] = {sizeof(int64_t), NULL},
    [K_CREDENTIAL] = {sizeof(struct credential_row), credential_dup},
};

static void copy_value(enum kind k, struct arena *a, const void *from, void *to)
{
	if (kinds[k].dup)
		kinds[k].dup(a, from, to);
	else
		memcpy(to, from, kinds[k].size);
}

/* Copy the value of kind k under key, remembered at the version of st's
 * request, to out (strings in a) and return true; counted as a hit, or
 * as a miss when count_miss.  c->mu not held. */
static bool look(struct registry_cache *c, struct store *st, enum kind k, const char *key,
                 struct arena *a, void *out, bool count_miss)
{
	void *v = NULL;
	bool found;

	pthread_mutex_lock(&c->mu);
	found = c->known && c->version == st->registry_version &&
	        strmap_find(&c->map[k], key, &v);
	if (found) {
		copy_value(k, a, v, out);
		c->hits++;
	} else if (count_miss) {
		c->misses++;
	}
	pthread_mutex_unlock(&c->mu);
	return found;
}

/* Copy the value remembered of kind k under key to out (strings in a)
 * and return true.  False when st has no cache, key is NULL, the cache
 * does not hold it at the version of st's request, or that version cannot
 * be read (*rc then says why). */
static bool recall(struct store *st, enum kind k, const char *key, struct arena *a,
                   void *out, enum status *rc, struct err *e)
{
	struct registry_cache *c = st->registry;
	bool confirm;

	*rc = ST_OK;
	if (!c || !key)
		return false;
	*rc = sync_version(st, e);
	if (*rc)
		return false;
	/* Not found at a version taken without reading: the store must
	 * answer, at the version read first, so that what is kept is
	 * labelled with it. */
	confirm = st->registry_trust && st->registry_trusted;
	if (look(c, st, k, key, a, out, !confirm))
		return true;
	if (!confirm)
		return false;
	st->registry_trust = false;
	st->registry_read = false;
	*rc = sync_version(st, e);
	return !*rc && look(c, st, k, key, a, out, true);
}

/* Remember v of kind k under key, if st has a cache and it still holds
 * the version of st's request. */
static void keep(struct store *st, enum kind k, const char *key, const void *v)
{
	struct registry_cache *c = st->registry;
	void *slot;

	if (!c || !key)
		return;
	pthread_mutex_lock(&c->mu);
	if (c->known && c->version == st->registry_version) {
		if (c->entries >= ENTRIES_MAX)
			forget(c);
		slot = arena_alloc(&c->arena, kinds[k].size);
		copy_value(k, &c->arena, v, slot);
		if (strmap_add(&c->map[k], arena_strdup(&c->arena, key), slot, NULL))
			c->entries++;
	}
	pthread_mutex_unlock(&c->mu);
}

/* Key of an id and a code: "12:S-0001"; NULL when too long to be a code
 * (the store is read). */
static const char *id_key(char *buf, size_t n, int64_t id, const char *code)
{
	size_t len, clen = strlen(code);

	if (n < TEXT_INT64_MAX + 1 + clen)
		return NULL;
	len = text_int64_put(buf, id);
	buf[len++] = ':';
	memcpy(buf + len, code, clen + 1);
	return buf;
}

/* ---- a mission's locations or observers, all at once ---- */

struct loaded_key {
	const char *key; /* "mission:code" */
	union {
		struct location_key location;
		int64_t observer;
	} v;
};

struct load {
	int64_t mission_id;
	struct arena arena; /* keys */
	struct loaded_key *v;
	size_t n, alloc;
};

static enum status load_one(void *ctx, const char *code, int64_t id, const char *level)
{
	struct load *l = ctx;
	char buf[160];
	const char *key = id_key(buf, sizeof(buf), l->mission_id, code);
	struct loaded_key *k;

	if (!key)
		return ST_OK; /* too long to be looked up: never asked for */
	if (l->n == ENTRIES_MAX)
		return ST_TOO_BIG;
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 1024;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	k = &l->v[l->n++];
	k->key = arena_strdup(&l->arena, key);
	if (level)
		k->v.location = (struct location_key){id, level};
	else
		k->v.observer = id;
	return ST_OK;
}

/* Read every location (k K_LOCATION) or observer (K_OBSERVER) of the
 * mission into the cache, if st has a cache and they fit: once for each
 * version, by the first request that asks (the others read their codes
 * one by one meanwhile).  True when something was read, so that looking
 * again may find the code.  Read in st's request, at its version, and
 * kept only if that is still the cache's.  A read that fails is not
 * tried again at that version: each code is then read on its own, and
 * that read reports the trouble. */
static bool load_all(struct store *st, enum kind k, int64_t mission_id)
{
	struct registry_cache *c = st->registry;
	struct load l = {.mission_id = mission_id};
	char lkey[32];
	enum status rc;
	struct err e;

	if (!c)
		return false;
	snprintf(lkey, sizeof(lkey), "%c%" PRId64, k == K_LOCATION ? 'L' : 'O',
	         mission_id);
	pthread_mutex_lock(&c->mu);
	if (!c->known || c->version != st->registry_version ||
	    strmap_find(&c->loaded, lkey, NULL)) {
		pthread_mutex_unlock(&c->mu);
		return false;
	}
	strmap_add(&c->loaded, arena_strdup(&c->arena, lkey), NULL, NULL);
	pthread_mutex_unlock(&c->mu);

	err_clear(&e);
	rc = k == K_LOCATION ? store_location_keys(st, mission_id, load_one, &l, &e)
	                     : store_observer_keys(st, mission_id, load_one, &l, &e);

	pthread_mutex_lock(&c->mu);
	/* The version moved meanwhile: forget() dropped the mark with the
	 * rest, and what was read is not current. */
	if (c->known && c->version == st->registry_version) {
		if (!rc && c->entries + l.n > ENTRIES_MAX)
			forget(c);
		for (size_t i = 0; !rc && i < l.n; i++) {
			void *slot = arena_alloc(&c->arena, kinds[k].size);

			memcpy(slot, &l.v[i].v, kinds[k].size);
			if (strmap_add(&c->map[k], arena_strdup(&c->arena, l.v[i].key),
			               slot, NULL))
				c->entries++;
		}
		if (!strmap_find(&c->loaded, lkey, NULL)) /* forgotten, to make room */
			strmap_add(&c->loaded, arena_strdup(&c->arena, lkey), NULL, NULL);
	}
	pthread_mutex_unlock(&c->mu);
	free(l.v);
	arena_release(&l.arena);
	return !rc && l.n > 0;
}

/* ---- lookups: remembered, else read and remembered ---- */

enum status registry_mission_get(struct store *st, const char *code, struct arena *a,
                                 struct mission *out, struct err *e)
{
	enum status rc;

	if (recall(st, K_MISSION, code, a, out, &rc, e) || rc)
		return rc;
	rc = store_mission_get(st, code, a, out, e);
	if (!rc)
		keep(st, K_MISSION, code, out);
	return rc;
}

enum status registry_token_find(struct store *st, const char *hash, struct arena *a,
                                struct token_row *out, struct err *e)
{
	enum status rc;

	if (recall(st, K_TOKEN, hash, a, out, &rc, e) || rc)
		return rc;
	rc = store_token_find(st, hash, a, out, e);
	if (!rc)
		keep(st, K_TOKEN, hash, out);
	return rc;
}

enum status registry_credential_find(struct store *st, const char *token_hash,
                                     struct arena *a, struct credential_row *out,
                                     struct err *e)
{
	enum status rc;

	if (recall(st, K_CREDENTIAL, token_hash, a, out, &rc, e) || rc)
		return rc;
	rc = store_credential_find(st, token_hash, a, out, e);
	if (!rc)
		keep(st, K_CREDENTIAL, token_hash, out);
	return rc;
}

enum status registry_role_get(struct store *st, int64_t user_id, const char *mission,
                              struct arena *a, const char **role, struct err *e)
{
	char buf[160];
	const char *key = id_key(buf, sizeof(buf), user_id, mission);
	enum status rc;

	if (recall(st, K_ROLE, key, a, role, &rc, e) || rc)
		return rc;
	rc = store_user_role_get(st, user_id, mission, a, role, e);
	/* No role is remembered too: a role given moves the version. */
	if (!rc)
		keep(st, K_ROLE, key, role);
	return rc;
}

enum status registry_location_key(struct store *st, int64_t mission_id, const char *code,
                                  int64_t *id, const char **level, struct err *e)
{
	char buf[160];
	const char *key = id_key(buf, sizeof(buf), mission_id, code);
	struct location_key l;
	enum status rc;

	if (recall(st, K_LOCATION, key, NULL, &l, &rc, e) ||
	    (!rc && load_all(st, K_LOCATION, mission_id) &&
	     recall(st, K_LOCATION, key, NULL, &l, &rc, e))) {
		*id = l.id;
		*level = l.level;
		return ST_OK;
	}
	if (rc)
		return rc;
	rc = store_location_key(st, mission_id, code, id, level, e);
	if (!rc && *id) {
		l = (struct location_key){*id, *level};
		keep(st, K_LOCATION, key, &l);
	}
	return rc;
}

enum status registry_observer_id(struct store *st, int64_t mission_id, const char *code,
                                 int64_t *id, struct err *e)
{
	char buf[160];
	const char *key = id_key(buf, sizeof(buf), mission_id, code);
	enum status rc;

	if (recall(st, K_OBSERVER, key, NULL, id, &rc, e) || rc)
		return rc;
	if (load_all(st, K_OBSERVER, mission_id) &&
	    (recall(st, K_OBSERVER, key, NULL, id, &rc, e) || rc))
		return rc;
	rc = store_observer_id(st, mission_id, code, id, e);
	if (!rc && *id)
		keep(st, K_OBSERVER, key, id);
	return rc;
}

int64_t registry_forms_revision(struct store *st, int64_t mission_id)
{
	char key[24];
	int64_t rev;
	enum status rc;
	struct err e;

	err_clear(&e);
	text_int64_put(key, mission_id);
	/* A version that cannot be read reads the revision from the store. */
	if (recall(st, K_FORMS, key, NULL, &rev, &rc, &e))
		return rev;
	/* Forms change with their mission's row (forms_rev), which moves the
	 * version. */
	rev = store_forms_revision(st, mission_id);
	if (rev >= 0 && !rc)
		keep(st, K_FORMS, key, &rev);
	return rev;
}
