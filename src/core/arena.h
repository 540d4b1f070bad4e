/* arena.h - a bump allocator whose memory is freed all at once.
 *
 * A request, a command or a lookup gets an arena; strings handed back by
 * lower layers live in it and die with it, so no one frees them one by one. */
#ifndef OBSERVA_ARENA_H
#define OBSERVA_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
};

#define ARENA_INIT                                                                       \
	{                                                                                \
		NULL                                                                     \
	}

/* Memory for n bytes, aligned for any type; aborts when memory runs out. */
void *arena_alloc(struct arena *a, size_t n);
/* Copy of s in the arena (NULL gives NULL). */
char *arena_strdup(struct arena *a, const char *s);
/* Copy of the first n bytes of s, NUL-terminated. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Free everything allocated from a; a may be reused. */
void arena_release(struct arena *a);

#endif
