/* store_pool.c - a mutex-protected stack of open store handles, which
 * share one registry cache.  The lock is held only to push or pop;
 * opening a new handle happens outside it. */
#include <assert.h>
#include <pthread.h>
#include <string.h>

#include "core/alloc.h"
#include "http/store_pool.h"
#include "store/registry_cache.h"

struct store_pool {
	pthread_mutex_t lock;
	char *url;
	struct store **free; /* handles not in use */
	size_t nfree, alloc;
	size_t open; /* handles in existence, free or taken */
	struct registry_cache *registry;
};

static void push(struct store_pool *p, struct store *st)
{
	if (p->nfree == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 8;
		p->free = xrealloc(p->free, p->alloc * sizeof(*p->free));
	}
	p->free[p->nfree++] = st;
}

enum status store_pool_open(const char *url, int n, struct store_pool **out,
                            struct err *e)
{
	struct store_pool *p = xcalloc(1, sizeof(*p));
	enum status rc = ST_OK;

	*out = NULL;
	pthread_mutex_init(&p->lock, NULL);
	p->url = xstrdup(url);
	p->registry = registry_cache_new();
	for (int i = 0; i < (n > 0 ? n : 1); i++) {
		struct store *st;
		rc = store_open(url, &st, e);
		if (rc)
			goto out;
		registry_cache_attach(p->registry, st);
		push(p, st);
		p->open++;
	}
	*out = p;
	p = NULL;
out:
	store_pool_free(p);
	return rc;
}

enum status store_pool_get(struct store_pool *p, const char *actor, const char *origin,
                           struct store **out, struct err *e)
{
	struct store *st = NULL;
	enum status rc;

	*out = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->nfree)
		st = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	if (!st) {
		rc = store_open(p->url, &st, e);
		if (rc)
			return rc;
		registry_cache_attach(p->registry, st);
		pthread_mutex_lock(&p->lock);
		p->open++;
		pthread_mutex_unlock(&p->lock);
	}
	/* Most requests come from a client the handle served last. */
	if (!actor || !origin || !st->actor || !st->origin || strcmp(st->actor, actor) ||
	    strcmp(st->origin, origin))
		store_set_actor(st, actor, origin);
	registry_cache_next(st);
	*out = st;
	return ST_OK;
}

void store_pool_put(struct store_pool *p, struct store *st)
{
	if (!st)
		return;
	/* A handler that failed half-way must not leave a transaction open
	 * for the next request; rollback is a no-op outside one. */
	store_rollback(st);
	pthread_mutex_lock(&p->lock);
	push(p, st);
	pthread_mutex_unlock(&p->lock);
}

void store_pool_free(struct store_pool *p)
{
	if (!p)
		return;
	assert(p->nfree == p->open);
	for (size_t i = 0; i < p->nfree; i++)
		store_close(p->free[i]);
	free(p->free);
	free(p->url);
	registry_cache_free(p->registry);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
