/* arena.c - bump allocation in chunks of 16 KiB or more.
 *
 * A server request uses a few arenas of one chunk each; malloc and free of
 * 16 KiB are not cheap (glibc takes them from its large bins and tidies
 * its small ones first), so each thread keeps released chunks of the
 * smallest size for its next arenas: enough for the requests a batch of
 * the writer ends at once.  Not under AddressSanitizer,
 * which should see every chunk freed. */
#include <pthread.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"

#define CHUNK_MIN 16384
#define SPARE_MAX 64 /* chunks a thread keeps: 1 MiB */

#if defined(__SANITIZE_ADDRESS__)
#define KEEP_SPARES 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KEEP_SPARES 0
#endif
#endif
#ifndef KEEP_SPARES
#define KEEP_SPARES 1
#endif

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

/* The thread's spare chunks, freed when it ends. */
static _Thread_local struct arena_chunk *spares[SPARE_MAX];
static _Thread_local int nspares;
static pthread_key_t spares_key;
static pthread_once_t spares_once = PTHREAD_ONCE_INIT;

static void free_spares(void *unused)
{
	(void)unused;
	while (nspares)
		free(spares[--nspares]);
}

static void make_key(void)
{
	pthread_key_create(&spares_key, free_spares);
}

/* Keep c for later if it is of the smallest size and there is room. */
static bool keep_spare(struct arena_chunk *c)
{
	if (!KEEP_SPARES || c->size != CHUNK_MIN || nspares == SPARE_MAX)
		return false;
	if (!nspares) {
		/* Have the thread's exit free them: the key's value must not
		 * be NULL for its destructor to run. */
		pthread_once(&spares_once, make_key);
		pthread_setspecific(spares_key, spares);
	}
	spares[nspares++] = c;
	return true;
}

static struct arena_chunk *new_chunk(size_t size)
{
	if (size == CHUNK_MIN && nspares)
		return spares[--nspares];
	return xmalloc(sizeof(struct arena_chunk) + size);
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t align = alignof(max_align_t);
	size_t need = (n + align - 1) & ~(align - 1);
	void *p;

	if (!c || c->size - c->used < need) {
		size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;
		c = new_chunk(size);
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += need;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;

	while (c) {
		struct arena_chunk *next = c->next;
		if (!keep_spare(c))
			free(c);
		c = next;
	}
	a->head = NULL;
}
