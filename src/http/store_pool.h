/* store_pool.h - store handles shared by the server's worker threads.
 *
 * A store handle serves one thread at a time, so a request takes one from
 * the pool for as long as its handler runs and gives it back.  The pool
 * opens handles up front (one per worker thread) and more when all are
 * taken; it closes them all when freed.  Its handles share one registry
 * cache (store/registry_cache.h): each store_pool_get() is a new request,
 * which reads the registry's version again with its first lookup. */
#ifndef OBSERVA_STORE_POOL_H
#define OBSERVA_STORE_POOL_H

#include "store/store.h"

struct store_pool;

/* Open a pool on url with n handles opened now (n >= 1), so that a store
 * that cannot be opened fails here and not at the first request.  The
 * caller frees *out with store_pool_free(). */
enum status store_pool_open(const char *url, int n, struct store_pool **out /* OUT */,
                            struct err *e);

/* A handle for this thread's exclusive use until store_pool_put(), with
 * its actor set to actor and origin.  Opens a new one when none is free;
 * the error is that of store_open().  Thread-safe. */
enum status store_pool_get(struct store_pool *p, const char *actor, const char *origin,
                           struct store **out /* OUT */, struct err *e);

/* Give back a handle from store_pool_get().  NULL is a no-op.  Thread-safe. */
void store_pool_put(struct store_pool *p, struct store *st);

/* Close every handle; all must have been put back.  NULL is a no-op. */
void store_pool_free(struct store_pool *p);

#endif
