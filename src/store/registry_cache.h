/* registry_cache.h - what a server reads from the registry for nearly
 * every request, remembered between requests: missions by code, API
 * tokens by hash, users' roles, locations' keys and levels, observers'
 * keys, the forms' revisions and observers' ODK credentials.
 *
 * Every change to these moves the registry's version, in the same
 * transaction (store_registry_version(), the triggers of migration 22),
 * by whichever process makes it: a server, another server on the same
 * PostgreSQL database, or the command line.  So a request reads the
 * version once, with its first lookup, and finds the rest remembered as
 * long as the version is the one they were read at; when it has moved,
 * everything remembered is forgotten and read again as it is needed.
 *
 * What is not there (an unknown code or token) is never remembered, so
 * adding locations, observers or tokens need not move the version.  A
 * mission's locations and observers are read all at once, with the first
 * of them not remembered (store_location_keys(), store_observer_keys());
 * those added since are read one code at a time.
 *
 * The cache is shared by a server's store handles (store_pool.c), each
 * used by one thread at a time; it is thread-safe.  Handles without one
 * (the command line, the writer) read the store every time.  Strings
 * handed back live in the caller's arena, as the store's own do. */
#ifndef OBSERVA_REGISTRY_CACHE_H
#define OBSERVA_REGISTRY_CACHE_H

#include "store/store.h"

struct registry_cache *registry_cache_new(void);
/* NULL is a no-op. */
void registry_cache_free(struct registry_cache *c);

/* Lookups on st through c from now on. */
void registry_cache_attach(struct registry_cache *c, struct store *st);
/* A new request on st: its first lookup reads the version again. */
void registry_cache_next(struct store *st);

/* Checked at commit, not read: for the request at hand on st, the first
 * lookup takes the version the cache holds as current without reading
 * it, when the cache holds one, so that a request answered from memory
 * opens no read transaction at all.  A lookup the cache cannot answer
 * still reads the version first.  The request must then learn, before
 * its answer depends on it, that the version it took is still the
 * registry's: registry_cache_trusted() gives that version, and the
 * writer compares it with the registry's in the transaction that stores
 * the request's work (intake_job.c), or the caller reads the version
 * before answering (router.c).  When it moved, the request is made
 * again from the start, reading. */
void registry_cache_trust(struct store *st);
/* True when the request at hand on st took the cache's version without
 * reading it; *version (may be NULL) is the version taken. */
bool registry_cache_trusted(const struct store *st, int64_t *version);
/* Inside a transaction on st (the writer's handle, which has no cache):
 * *same tells whether version, which a request took without reading it,
 * is still the registry's.  The version is read once a transaction: each
 * transaction must start with registry_cache_next(st), as the writer's
 * do (writer.c). */
enum status registry_cache_unchanged(struct store *st, int64_t version, bool *same,
                                     struct err *e);

/* The same contracts as store_mission_get(), store_token_find(),
 * store_user_role_get(), store_location_key(), store_observer_id(),
 * store_forms_revision() and store_credential_find(); remembered on
 * handles with a cache, read from the store on others. */
enum status registry_mission_get(struct store *st, const char *code, struct arena *a,
                                 struct mission *out /* OUT */, struct err *e);
enum status registry_token_find(struct store *st, const char *hash, struct arena *a,
                                struct token_row *out /* OUT */, struct err *e);
enum status registry_role_get(struct store *st, int64_t user_id, const char *mission,
                              struct arena *a, const char **role /* OUT */,
                              struct err *e);
enum status registry_location_key(struct store *st, int64_t mission_id, const char *code,
                                  int64_t *id /* OUT */, const char **level /* OUT */,
                                  struct err *e);
enum status registry_observer_id(struct store *st, int64_t mission_id, const char *code,
                                 int64_t *id /* OUT */, struct err *e);
int64_t registry_forms_revision(struct store *st, int64_t mission_id);
enum status registry_credential_find(struct store *st, const char *token_hash,
                                     struct arena *a,
                                     struct credential_row *out /* OUT */, struct err *e);

/* How many lookups were answered from memory and from the store since
 * the cache was made (the tests check what it remembers with them). */
void registry_cache_counts(struct registry_cache *c, long long *hits, long long *misses);

#endif
