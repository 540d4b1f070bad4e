/* alloc.h - allocation wrappers that abort when memory runs out.
 *
 * observa treats exhaustion of memory as fatal, like Redis and git: every
 * caller may assume these return non-NULL. */
#ifndef OBSERVA_ALLOC_H
#define OBSERVA_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Copy of s (NULL gives NULL); the caller frees it. */
char *xstrdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated; the caller frees it. */
char *xstrndup(const char *s, size_t n);
/* printf into a new string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
