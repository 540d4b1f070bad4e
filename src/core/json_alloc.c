/* json_alloc.c - jansson's small blocks kept for reuse by each thread
 * (json_alloc.h). */
#include <jansson.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>

#include "core/json_alloc.h"

#define CLASSES (JSON_ALLOC_SMALL / 16 + 1) /* class c holds 16 * c bytes */

#if defined(__SANITIZE_ADDRESS__)
#define NO_CACHE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_CACHE 1
#endif
#endif

struct freed {
	struct freed *next;
};

/* One thread's lists. */
struct kept {
	struct freed *head[CLASSES];
	unsigned n[CLASSES];
	bool registered; /* with the key whose destructor frees the lists */
};

static __thread struct kept kept;
static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/* At a thread's end: its blocks go back to malloc. */
static void release(void *arg)
{
	struct kept *k = arg;

	for (int c = 0; c < CLASSES; c++) {
		while (k->head[c]) {
			struct freed *f = k->head[c];
			k->head[c] = f->next;
			free(f);
		}
		k->n[c] = 0;
	}
	k->registered = false;
}

static void make_key(void)
{
	pthread_key_create(&key, release);
}

void *json_alloc_malloc(size_t n)
{
	size_t c;
	struct freed *f;

	if (n > JSON_ALLOC_SMALL)
		return malloc(n);
	c = n ? (n + 15) / 16 : 1;
	f = kept.head[c];
	if (!f)
		return malloc(c * 16);
	kept.head[c] = f->next;
	kept.n[c]--;
	return f;
}

void json_alloc_free(void *p)
{
	struct freed *f = p;
	size_t c;

	if (!p)
		return;
	/* The class whose size the block can hold: malloc(16 * c) gives at
	 * least 16 * c usable bytes, any other block at least what it says. */
	c = malloc_usable_size(p) / 16;
	if (c == 0 || c >= CLASSES || kept.n[c] >= JSON_ALLOC_KEPT) {
		free(p);
		return;
	}
	if (!kept.registered) {
		pthread_once(&key_once, make_key);
		if (pthread_setspecific(key, &kept)) {
			free(p);
			return;
		}
		kept.registered = true;
	}
	f->next = kept.head[c];
	kept.head[c] = f;
	kept.n[c]++;
}

size_t json_alloc_kept(void)
{
	size_t n = 0;

	for (int c = 0; c < CLASSES; c++)
		n += kept.n[c];
	return n;
}

size_t json_alloc_kept_of(size_t n)
{
	return n <= JSON_ALLOC_SMALL ? kept.n[n ? (n + 15) / 16 : 1] : 0;
}

bool json_alloc_install(void)
{
#ifdef NO_CACHE
	return false;
#else
	json_set_alloc_funcs(json_alloc_malloc, json_alloc_free);
	return true;
#endif
}
