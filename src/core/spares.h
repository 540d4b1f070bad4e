/* spares.h - a thread-safe stack of released blocks of one size, kept for
 * reuse instead of being freed: for structures made and dropped once per
 * request whose size (a few KiB) makes malloc slow.
 *
 *   struct spares sp;
 *   spares_init(&sp, 128, sizeof(struct thing));
 *   struct thing *t = spares_take(&sp);   (zeroed, never NULL)
 *   spares_give(&sp, t);                  (kept, or freed when full)
 *   spares_release(&sp);                  (frees what is kept)
 */
#ifndef OBSERVA_SPARES_H
#define OBSERVA_SPARES_H

#include <pthread.h>
#include <stddef.h>

struct spares {
	pthread_mutex_t mu;
	void **kept;
	size_t n, max, size;
};

/* Keep at most max blocks of size bytes. */
void spares_init(struct spares *sp, size_t max, size_t size);
/* A zeroed block of the size, a kept one when there is one. */
void *spares_take(struct spares *sp);
/* Give p (from spares_take, or NULL) back: kept, or freed when max are. */
void spares_give(struct spares *sp, void *p);
/* Free every kept block; sp may be initialised again. */
void spares_release(struct spares *sp);

#endif
